"""The rule key ``at``: a token that must be the sentence's first or last word (only
punctuation, brackets and symbols around it), for results told as finished (「シミが消えた」)
and headlines that open on a verb ("Lost 9 kg!")."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import linter_with_rules, one_rule_yaml
from spacy.tokens import Doc
from spacy.vocab import Vocab

from linter.cli import main
from linter.matching.tokens import edge_extension, word_edges


def _rule(word: str, at: str, flag: str, passing: str) -> str:
    return one_rule_yaml("EN-HOUSE-EDGE", "en", f"[{{sequence: [{{text: [{word}], at: {at}}}]}}]",
                         flag, passing)


def test_word_edges_skip_punctuation_brackets_and_symbols():
    doc = Doc(Vocab(), words=["“", "Gone", "in", "3", "days", "!", "”", "♪"])
    assert word_edges(doc) == (1, 4)
    end = edge_extension("end")
    start = edge_extension("start")
    assert [getattr(t._, end) for t in doc] == [False, False, False, False, True, False, False,
                                               False]
    assert [getattr(t._, start) for t in doc] == [False, True] + [False] * 6
    assert word_edges(Doc(Vocab(), words=["!", "…"])) == (-1, -1)


@pytest.mark.parametrize(("word", "at", "flagged", "not_flagged"), [
    ("gone", "end", "Three days later, my back pain was gone!",
     "Once the swelling has gone, you can exercise again."),
    ("lost", "start", "“Lost 9 kg in 8 weeks!”",
     "If you have lost weight too fast, see a doctor."),
])
def test_at_matches_only_the_sentence_edge_word(tmp_path, word, at, flagged, not_flagged):
    rule = _rule(word, at, f"'{flagged}'", f"'{not_flagged}'")
    linter = linter_with_rules(tmp_path, rule, {"select": ["EN-HOUSE"], "lang": "en"})
    assert linter.lint_text(flagged).findings
    assert not linter.lint_text(not_flagged).findings


def test_an_unknown_edge_is_a_rule_file_error(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "house.yaml").write_text(
        _rule("gone", "middle", "'gone'", "'here'"), encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text("gone\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--select", "EN-HOUSE",
                                       "--rules-dir", str(folder), str(page)])
    assert result.exit_code not in (0, 1), result.output
    assert "middle" in result.output


def test_casual_line_endings_are_not_words():
    """「フサフサになったー！」「痩せた笑」: a lengthening mark or a laugh ends the line, the
    word before it is still the last word."""
    doc = Doc(Vocab(), words=["痩せ", "た", "ー", "！"])
    assert word_edges(doc) == (0, 1)
    assert word_edges(Doc(Vocab(), words=["痩せ", "た", "笑"])) == (0, 1)
    assert word_edges(Doc(Vocab(), words=["feel", "great", "ww"])) == (0, 1)
