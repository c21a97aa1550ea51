"""The rule key ``at``: a token that must be the sentence's first or last word (only
punctuation, brackets and symbols around it), for results told as finished (「シミが消えた」)
and headlines that open on a verb ("Lost 9 kg!")."""

from __future__ import annotations

from click.testing import CliRunner
from spacy.tokens import Doc
from spacy.vocab import Vocab

from linter.cli import main
from linter.matching.tokens import edge_extension, word_edges

RULE = """rules:
  - id: EN-HOUSE-EDGE
    category: testimonial
    severity: error
    lang: en
    message: m
    suggestion: s
    references: [{{source: House, section: '1'}}]
    match: [{{sequence: [{{text: [{word}], at: {at}}}]}}]
    examples: {{flag: [{flag}], pass: [{passing}]}}
"""


def _check(tmp_path, rule: str, text: str):
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "house.yaml").write_text(rule, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(text + "\n", encoding="utf-8")
    return CliRunner().invoke(main, ["check", "--no-cache", "--select", "EN-HOUSE",
                                     "--rules-dir", str(folder), str(page)])


def test_word_edges_skip_punctuation_brackets_and_symbols():
    doc = Doc(Vocab(), words=["“", "Gone", "in", "3", "days", "!", "”", "♪"])
    assert word_edges(doc) == (1, 4)
    end = edge_extension("end")
    start = edge_extension("start")
    assert [getattr(t._, end) for t in doc] == [False, False, False, False, True, False, False,
                                               False]
    assert [getattr(t._, start) for t in doc] == [False, True] + [False] * 6
    assert word_edges(Doc(Vocab(), words=["!", "…"])) == (-1, -1)


def test_at_end_matches_only_the_last_word(tmp_path):
    rule = RULE.format(word="gone", at="end", flag="'My pain is gone!'",
                       passing="'Gone are the days of pain.'")
    assert _check(tmp_path, rule, "Three days later, my back pain was gone!").exit_code == 1
    result = _check(tmp_path, rule, "Once the swelling has gone, you can exercise again.")
    assert result.exit_code == 0, result.output


def test_at_start_matches_only_the_first_word(tmp_path):
    rule = RULE.format(word="lost", at="start", flag="'Lost 9 kg in a month!'",
                       passing="'I lost my keys.'")
    assert _check(tmp_path, rule, "“Lost 9 kg in 8 weeks!”").exit_code == 1
    result = _check(tmp_path, rule, "If you have lost weight too fast, see a doctor.")
    assert result.exit_code == 0, result.output


def test_an_unknown_edge_is_a_rule_file_error(tmp_path):
    rule = RULE.format(word="gone", at="middle", flag="'gone'", passing="'here'")
    result = _check(tmp_path, rule, "gone")
    assert result.exit_code not in (0, 1), result.output
    assert "middle" in result.output or "at" in result.output


def test_casual_line_endings_are_not_words():
    """「フサフサになったー！」「痩せた笑」: a lengthening mark or a laugh ends the line, the
    word before it is still the last word."""
    doc = Doc(Vocab(), words=["痩せ", "た", "ー", "！"])
    assert word_edges(doc) == (0, 1)
    assert word_edges(Doc(Vocab(), words=["痩せ", "た", "笑"])) == (0, 1)
    assert word_edges(Doc(Vocab(), words=["feel", "great", "ww"])) == (0, 1)
