"""Every rule's own examples are tests: flagged ones must fire, the others must not.

Each rule runs alone (--select RULE), so a rule cannot pass thanks to another
rule, and each example runs through the real fast path (prefilter included):
a rule the prefilter would skip fails here.
"""

from __future__ import annotations

import pytest

from linter.reading.plaintext import read_text
from linter.resources import bundled_rules_dir
from linter.rules.loader import load_rules

RULES = load_rules([bundled_rules_dir()]).rules
SENTENCE_RULES = [r for r in RULES if r.scope == "sentence"]


def _cases(kind: str):
    for rule in SENTENCE_RULES:
        examples = rule.flag_examples if kind == "flag" else rule.pass_examples
        for n, text in enumerate(examples):
            yield pytest.param(rule.id, text, id=f"{rule.id}-{kind}{n}")


def _findings(engine_factory, rule_id, text, lang):
    engine = engine_factory(select=(rule_id,), forced_lang=lang)
    return [f for f in engine.lint(read_text("example.txt", text)) if f.rule_id == rule_id]


@pytest.mark.parametrize(("rule_id", "text"), list(_cases("flag")))
def test_flag_example_is_flagged(engine_factory, ruleset, rule_id, text):
    rule = ruleset.rule(rule_id)
    assert _findings(engine_factory, rule_id, text, rule.lang), f"{rule_id} missed: {text}"


@pytest.mark.parametrize(("rule_id", "text"), list(_cases("pass")))
def test_pass_example_is_not_flagged(engine_factory, ruleset, rule_id, text):
    rule = ruleset.rule(rule_id)
    found = _findings(engine_factory, rule_id, text, rule.lang)
    assert not found, f"{rule_id} flagged {[f.matched for f in found]} in: {text}"


def test_every_rule_has_both_kinds_of_example():
    lacking = [r.id for r in RULES if not r.flag_examples or not r.pass_examples]
    assert not lacking


def test_every_category_has_rules_in_both_languages(ruleset):
    from linter.rules.model import CATEGORIES

    for lang in ("ja", "en"):
        present = {r.category for r in ruleset.rules if r.lang == lang}
        assert set(CATEGORIES) - {"missing-disclosure"} <= present, lang


def test_every_rule_cites_a_reference_and_suggests_a_rewrite(ruleset):
    for rule in ruleset.rules:
        assert rule.references, rule.id
        assert rule.text("suggestion").strip(), rule.id
