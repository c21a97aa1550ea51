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

_CUE_RULE = """rules:
  - id: EN-HOUSE-ACHE
    category: disease-claim
    severity: {severity}
    cue: true
    lang: en
    message: An ache word.
    suggestion: s
    references: [{{source: House, section: '1'}}]
    corroboration: {{model: house, min_score: 0.6, severity: warning}}
    match: [{{sequence: [{{text: [aches]}}]}}]
    examples: {{flag: ['Soothing balm for aches.'], pass: ['Hello.']}}
"""


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
    (folder / "house.yaml").write_text(_CUE_RULE.format(severity=severity), encoding="utf-8")
    (folder / "models").mkdir()
    (folder / "models" / "house-en.json").write_text(json.dumps(_tiny_model(lang)), "utf-8")
    return folder


def _linter(folder: Path, **settings) -> Linter:
    return Linter({"rules-dirs": [str(folder)], "select": ["EN-HOUSE"], "lang": "en",
                   **settings})


def test_a_confirmed_cue_is_a_warning_at_the_default_tier(tmp_path):
    findings = _linter(_folder(tmp_path)).lint_text("A soothing balm for aches.").findings
    assert [(f.rule_id, f.severity) for f in findings] == [("EN-HOUSE-ACHE", "warning")]
    assert "Raised to warning" in findings[0].message and "0.99" in findings[0].message


def test_an_unconfirmed_cue_stays_in_the_review_tier(tmp_path):
    folder = _folder(tmp_path)
    assert not _linter(folder).lint_text("A balm for aches.").findings
    review = _linter(folder, **{"min-severity": "info"}).lint_text("A balm for aches.")
    assert [(f.rule_id, f.severity) for f in review.findings] == [("EN-HOUSE-ACHE", "info")]


def test_the_note_speaks_the_reports_language(tmp_path):
    findings = _linter(_folder(tmp_path), locale="ja").lint_text(
        "A soothing balm for aches.").findings
    assert "警告に引き上げています" in findings[0].message


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


_OVERLAP = """rules:
  - id: EN-HOUSE-WORD
    category: disease-claim
    severity: {severity}
    lang: en
    message: The ache word.
    suggestion: s
    references: [{{source: House, section: '1'}}]
    match: [{{sequence: [{{text: [aches]}}]}}]
    examples: {{flag: ['Balm for aches.'], pass: ['Hello.']}}
  - id: EN-HOUSE-PHRASE
    category: disease-claim
    severity: info
    cue: true
    lang: en
    message: A balm phrase.
    suggestion: s
    references: [{{source: House, section: '1'}}]
    corroboration: {{model: house, min_score: 0.6, severity: warning}}
    match: [{{sequence: [{{text: [balm]}}, {{text: [for]}}, {{text: [aches]}}]}}]
    examples: {{flag: ['Balm for aches.'], pass: ['Hello.']}}
"""


@pytest.mark.parametrize(("severity", "text"), [
    ("info", "A balm for aches."),  # same severity: the cue's longer span won the merge
    ("warning", "A soothing balm for aches."),  # a corroborated cue is a warning too
])
def test_a_cue_overlapping_another_rule_never_takes_its_finding_away(tmp_path, severity, text):
    """The cue was dropped after the merge it had won, and the other rule's finding, merged
    into it, went with it: the sentence had no finding at all."""
    folder = _folder(tmp_path)
    (folder / "house.yaml").write_text(_OVERLAP.format(severity=severity), encoding="utf-8")
    findings = _linter(folder, **{"min-severity": "info"}).lint_text(text).findings
    assert [f.rule_id for f in findings] == ["EN-HOUSE-WORD"]


def test_rules_show_says_when_a_cue_is_raised(tmp_path):
    folder = _folder(tmp_path)
    result = CliRunner().invoke(main, ["rules", "show", "EN-HOUSE-ACHE", "--rules-dir",
                                       str(folder)])
    assert result.exit_code == 0, result.output
    assert "corroborated: a warning where the claim model house-en.json" in result.output
