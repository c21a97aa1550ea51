"""The prefilter's keys cover every spelling the matcher accepts for a rule word."""

from __future__ import annotations

from conftest import linter_with_rules, one_rule_yaml


def test_a_kana_verb_that_sudachi_reads_alone_as_a_name_still_reaches_its_pattern(tmp_path):
    """Alone, かける is a given name to Sudachi (no conjugation), so its only key was the whole
    word and 負担をかけずに (かけ|ず, normalised かける) never reached the pattern that the
    matcher would have matched: the claim was skipped by the fast path alone."""
    rule = one_rule_yaml(
        "JA-HOUSE-BURDEN", "ja",
        "[{sequence: [{term: [負担]}, {text: [を]}, {term: [かける]}, {norm: [ず, ない]}]}]",
        "体に負担をかけずに痩せられます。", "体への負担を減らします。", category="safety-claim")
    linter = linter_with_rules(tmp_path, rule, {"select": ["JA-HOUSE"], "lang": "ja"})
    assert linter.lint_text("体に負担をかけずに痩せられます。").findings
    assert not linter.lint_text("体への負担を減らします。").findings
