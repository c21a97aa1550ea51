"""A review-tier word cue that the claim model confirms is shown as a warning.

A cue rule (``cue: true``, severity info) may name a claim model in ``corroboration``:
where that model also reads the cue's whole sentence as a claim (claim probability at
least ``min_score``), the finding is reported at the corroboration's severity.  The model
here is a tiny hand-made one, so the tests do not depend on the bundled model's numbers:
the word "soothing" makes a sentence a claim (probability 0.99), nothing else does (0.01).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter import Linter
from linter.cli import main
from linter.matching.claim_model import MODEL_FORMAT
from linter.resources import bundled_rules_dir
from linter.rules.loader import RuleFileError, load_rules


def _rule(rule_id: str, severity: str, message: str, match: str, *, cue: bool = True) -> str:
    """One house rule of category disease-claim, its cue corroborated by the house model."""
    extra = ("    cue: true\n    corroboration: {model: house, min_score: 0.6, severity: warning}\n"
             if cue else "")
    return f"""  - id: {rule_id}
    category: disease-claim
    severity: {severity}
{extra}    lang: en
    message: {message}
    suggestion: s
    references: [{{source: House, section: '1'}}]
    match: [{{sequence: [{match}]}}]
    examples: {{flag: ['Soothing balm for aches.'], pass: ['Hello.']}}
"""


def _cue_rule(severity: str = "info") -> str:
    return "rules:\n" + _rule("EN-HOUSE-ACHE", severity, "An ache word.", "{text: [aches]}")


def _tiny_model(lang: str = "en") -> dict:
    return {
        "format": MODEL_FORMAT, "name": "house", "lang": lang,
        "spec": {"chars": None, "word_chars": None, "words": [1, 1]},
        "labels": ["disease-claim", "testimonial"],
        "gate_bias": -4.6, "label_bias": [0.0, 0.0],
        "features": [["w:soothing", 1.0, 9.2, [1.0, 0.0]]],
    }


def _folder(tmp_path: Path, severity: str = "info", lang: str = "en") -> Path:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "house.yaml").write_text(_cue_rule(severity), encoding="utf-8")
    (folder / "models").mkdir()
    (folder / "models" / "house-en.json").write_text(json.dumps(_tiny_model(lang)), "utf-8")
    return folder


def _linter(folder: Path, **settings) -> Linter:
    return Linter({"rules-dirs": [str(folder)], "select": ["EN-HOUSE"], "lang": "en",
                   **settings})


def test_a_confirmed_cue_is_a_warning_at_the_default_tier(tmp_path):
    findings = _linter(_folder(tmp_path)).lint_text("A soothing balm for aches.").findings
    assert [(f.rule_id, f.severity) for f in findings] == [("EN-HOUSE-ACHE", "warning")]
    message = findings[0].message
    assert "Raised from the review tier to warning" in message and "0.99" in message


def test_an_unconfirmed_cue_stays_in_the_review_tier(tmp_path):
    folder = _folder(tmp_path)
    assert not _linter(folder).lint_text("A balm for aches.").findings
    review = _linter(folder, **{"min-severity": "info"}).lint_text("A balm for aches.")
    assert [(f.rule_id, f.severity) for f in review.findings] == [("EN-HOUSE-ACHE", "info")]


def test_the_note_speaks_the_reports_language(tmp_path):
    findings = _linter(_folder(tmp_path), locale="ja").lint_text(
        "A soothing balm for aches.").findings
    assert "レビュー層から警告に引き上げています" in findings[0].message


def test_a_negated_cue_is_not_raised(tmp_path):
    """The context stage clears the cue first; the model never gets to confirm it."""
    linter = _linter(_folder(tmp_path), **{"min-severity": "info"})
    assert not linter.lint_text("This soothing balm does not cure aches.").findings


def test_a_configured_severity_is_the_users_word(tmp_path):
    folder = _folder(tmp_path)
    linter = _linter(folder, severity={"EN-HOUSE-ACHE": "info"}, **{"min-severity": "info"})
    findings = linter.lint_text("A soothing balm for aches.").findings
    assert [f.severity for f in findings] == ["info"]


def test_the_review_tier_is_still_the_default_without_corroboration(tmp_path):
    """A cue without ``corroboration`` is never raised, however sure the model is."""
    folder = _folder(tmp_path)
    text = (folder / "house.yaml").read_text("utf-8")
    (folder / "house.yaml").write_text(
        "\n".join(line for line in text.splitlines() if "corroboration" not in line) + "\n",
        "utf-8")
    assert not _linter(folder).lint_text("A soothing balm for aches.").findings


@pytest.mark.parametrize("severity", ["warning", "error"])
def test_only_a_review_tier_cue_can_be_corroborated(tmp_path, severity):
    with pytest.raises(RuleFileError, match="severity"):
        load_rules([bundled_rules_dir(), _folder(tmp_path, severity=severity)])


def test_a_corroborating_model_of_another_language_stops_the_run(tmp_path):
    folder = _folder(tmp_path, lang="ja")
    draft = tmp_path / "draft.txt"
    draft.write_text("A soothing balm for aches.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(draft), "--rules-dir", str(folder),
                                       "--select", "EN-HOUSE", "--lang", "en", "--no-cache"])
    assert result.exit_code == 2, result.output
    assert "is a 'ja' model" in result.output


def test_the_bundled_cues_name_a_model_that_exists():
    ruleset = load_rules([bundled_rules_dir()])
    corroborated = [r for r in ruleset.rules if r.corroboration is not None]
    assert corroborated, "no bundled cue is corroborated"
    for rule in corroborated:
        assert rule.cue and rule.severity == "info"
        assert rule.corroboration.path.is_file(), rule.id


def test_every_bundled_review_word_rule_can_be_confirmed():
    """Every review-tier rule that matches words (not a claim model's own rule) is a cue the
    model can confirm: a broad word rule without it stayed info however sure the model was
    ("the best CBD", "looking a little younger" were review-tier only), while the word cues
    of review-words.yaml were raised (session 31's fresh pages: confirming the broad ones too
    added claims at the default tier and no false alarm on any labelled set)."""
    ruleset = load_rules([bundled_rules_dir()])
    word_rules = [r for r in ruleset.rules
                  if r.severity == "info" and r.model is None and r.scope == "sentence"]
    assert word_rules
    unconfirmed = [r.id for r in word_rules if r.corroboration is None or not r.cue]
    assert not unconfirmed


def _overlap(severity: str) -> str:
    return ("rules:\n"
            + _rule("EN-HOUSE-WORD", severity, "The ache word.", "{text: [aches]}", cue=False)
            + _rule("EN-HOUSE-PHRASE", "info", "A balm phrase.",
                    "{text: [balm]}, {text: [for]}, {text: [aches]}"))


@pytest.mark.parametrize(("severity", "text"), [
    ("info", "A balm for aches."),  # same severity: the cue's longer span won the merge
    ("warning", "A soothing balm for aches."),  # a corroborated cue is a warning too
])
def test_a_cue_overlapping_another_rule_never_takes_its_finding_away(tmp_path, severity, text):
    """The cue was dropped after the merge it had won, and the other rule's finding, merged
    into it, went with it: the sentence had no finding at all."""
    folder = _folder(tmp_path)
    (folder / "house.yaml").write_text(_overlap(severity), encoding="utf-8")
    findings = _linter(folder, **{"min-severity": "info"}).lint_text(text).findings
    assert [f.rule_id for f in findings] == ["EN-HOUSE-WORD"]


def test_rules_show_says_when_a_cue_is_raised(tmp_path):
    folder = _folder(tmp_path)
    result = CliRunner().invoke(main, ["rules", "show", "EN-HOUSE-ACHE", "--rules-dir",
                                       str(folder)])
    assert result.exit_code == 0, result.output
    assert "corroborated: a warning where the claim model house-en.json" in result.output


# -- found by review ------------------------------------------------------------------------
def _examples(ruleset, lang: str) -> str:
    texts = [t for r in ruleset.rules if r.lang == lang
             for t in (*r.flag_examples, *r.pass_examples)]
    return "\n\n".join(" ".join(t.split()) for t in texts) + "\n"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_review_tier_shows_every_finding_of_the_default_output(engine_factory, ruleset,
                                                                   lang):
    """A raised cue was dropped at --min-severity info from a sentence that a review-tier rule
    (not a cue) flagged, while the default output, which never matches that rule, showed it
    as a warning: 内側から輝く美肌へ。 was a warning by default and absent with info."""
    from linter.reading.plaintext import read_text

    document = read_text("examples.txt", _examples(ruleset, lang))
    shown = {(f.rule_id, f.severity, f.offset, f.end_offset)
             for f in engine_factory(forced_lang=lang, ignore=("missing-disclosure",),
                                     min_severity="warning").lint(document)}
    review = {(f.rule_id, f.severity, f.offset, f.end_offset)
              for f in engine_factory(forced_lang=lang, ignore=("missing-disclosure",),
                                      min_severity="info").lint(document)}
    assert shown
    assert shown <= review, sorted(shown - review)[:5]


def test_a_model_rule_cannot_be_corroborated(tmp_path):
    folder = _folder(tmp_path)
    (folder / "guess.yaml").write_text("""rules:
  - id: EN-HOUSE-GUESS
    category: testimonial
    severity: info
    cue: true
    lang: en
    message: m
    suggestion: s
    references: [{source: House, section: '1'}]
    model: {name: house, label: testimonial, min_score: 0.5}
    corroboration: {model: house, min_score: 0.6, severity: warning}
    examples: {flag: ['I love it.'], pass: ['Hello.']}
""", encoding="utf-8")
    with pytest.raises(RuleFileError):
        load_rules([bundled_rules_dir(), folder])


def test_a_missing_corroborating_model_is_an_error(tmp_path):
    folder = _folder(tmp_path)
    (folder / "models" / "house-en.json").unlink()
    with pytest.raises(RuleFileError, match=r"no claim model models/house-en\.json"):
        load_rules([bundled_rules_dir(), folder])


@pytest.mark.parametrize("selector", ["EN-HOUSE-ACHE", "EN-HOUSE", "disease-claim", "ALL"])
def test_a_configured_severity_by_any_selector_is_not_raised(tmp_path, selector):
    """An id prefix or ALL was accepted as a severity selector but ignored (review)."""
    linter = _linter(_folder(tmp_path), severity={selector: "info"},
                     **{"min-severity": "info"})
    assert [f.severity for f in linter.lint_text("A soothing balm for aches.").findings] \
        == ["info"]


def test_a_severity_by_id_prefix_applies_to_every_rule_it_names(tmp_path):
    from conftest import linter_with_rules, one_rule_yaml

    rule = one_rule_yaml("EN-HOUSE-ACHE", "en", "[{sequence: [{text: [aches]}]}]",
                         "'Balm for aches.'", "'Hello.'", category="disease-claim")
    linter = linter_with_rules(tmp_path, rule, {"select": ["EN-HOUSE"], "lang": "en",
                                                "severity": {"EN-HOUSE": "warning"}})
    assert [f.severity for f in linter.lint_text("Balm for aches.").findings] == ["warning"]


def test_json_and_rules_list_carry_the_raised_severity_and_the_setting(tmp_path):
    folder = _folder(tmp_path)
    draft = tmp_path / "draft.txt"
    draft.write_text("A soothing balm for aches.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(draft), "--rules-dir", str(folder),
                                       "--select", "EN-HOUSE", "--lang", "en", "--no-cache",
                                       "--format", "json", "--fail-on", "warning"])
    assert result.exit_code == 1, result.output
    assert '"severity": "warning"' in result.output
    listed = CliRunner().invoke(main, ["rules", "list", "--format", "json", "--rules-dir",
                                       str(folder), "--lang", "en"])
    rule = next(r for r in json.loads(listed.output) if r["id"] == "EN-HOUSE-ACHE")
    assert rule["corroboration"] == {"model": "house", "min_score": 0.6, "severity": "warning"}
