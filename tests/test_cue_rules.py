"""Cue rules (``cue: true``, issue 9): review-tier word cues that a compliance reviewer sees on
sentences nothing else flags, and that stay silent where a complete claim is already reported, so
a sentence does not collect a second, weaker category from a single word."""

from __future__ import annotations

import pytest
from conftest import linter_with_rules

from linter import Linter
from linter.rules.loader import RuleFileError, load_rules

RULES = """\
rules:
  - id: EN-TEST-CLAIM
    category: disease-claim
    severity: warning
    lang: en
    message: m
    suggestion: s
    references: [{source: x, section: y}]
    match: [{sequence: [{text: [cures]}, {gap: 2}, {text: [insomnia]}]}]
    examples: {flag: [It cures insomnia.], pass: [Open daily.]}
  - id: EN-TEST-CUE
    category: safety-claim
    severity: info
    cue: true
    lang: en
    message: m
    suggestion: s
    references: [{source: x, section: y}]
    match: [{sequence: [{text: [gentle]}]}]
    examples: {flag: [A gentle formula.], pass: [Open daily.]}
"""


def _linter(tmp_path, rules: str = RULES) -> Linter:
    return linter_with_rules(tmp_path, rules, {"select": ["EN-TEST"], "lang": "en",
                                               "min-severity": "info"})


def _ids(linter: Linter, text: str) -> list[str]:
    return sorted(f.rule_id for f in linter.lint_text(text).findings)


def test_cue_is_reported_on_a_sentence_nothing_else_flags(tmp_path):
    assert _ids(_linter(tmp_path), "A gentle formula for the evening.\n") == ["EN-TEST-CUE"]


def test_cue_is_dropped_where_another_rule_flags_the_same_sentence(tmp_path):
    linter = _linter(tmp_path)
    assert _ids(linter, "This gentle tea cures insomnia.\n") == ["EN-TEST-CLAIM"]
    # another sentence of the same paragraph keeps its own cue
    assert _ids(linter, "This tea cures insomnia. A gentle formula.\n") == ["EN-TEST-CLAIM",
                                                                           "EN-TEST-CUE"]


def test_without_cue_an_info_rule_is_reported_next_to_the_claim(tmp_path):
    linter = _linter(tmp_path, RULES.replace("    cue: true\n", ""))
    assert _ids(linter, "This gentle tea cures insomnia.\n") == ["EN-TEST-CLAIM", "EN-TEST-CUE"]


def test_cue_must_be_a_boolean(tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "bad.yaml").write_text(RULES.replace("cue: true", "cue: sometimes"),
                                     encoding="utf-8")
    with pytest.raises(RuleFileError, match="cue"):
        load_rules([folder])


def test_bundled_cue_rules_are_review_tier_only():
    from linter.resources import bundled_rules_dir

    cues = [rule for rule in load_rules([bundled_rules_dir()]).rules if rule.cue]
    assert cues, "the bundled review tier has word cues"
    assert {rule.severity for rule in cues} == {"info"}
