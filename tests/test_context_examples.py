"""The context trigger files' own examples: cleared claims vanish, kept claims stay."""

from __future__ import annotations

import pytest

from linter.reading.plaintext import read_text
from linter.resources import bundled_rules_dir
from linter.rules.loader import load_rules

CONTEXTS = load_rules([bundled_rules_dir()]).contexts


def _cases(kind):
    for lang, spec in sorted(CONTEXTS.items()):
        examples = spec.cleared_examples if kind == "cleared" else spec.kept_examples
        for n, text in enumerate(examples):
            yield pytest.param(lang, text, id=f"{lang}-{kind}{n}")


@pytest.mark.parametrize(("lang", "text"), list(_cases("cleared")))
def test_cleared_examples_have_no_finding(engine, lang, text):
    findings = engine.lint(read_text("x.txt", text))
    assert not findings, [(f.rule_id, f.matched) for f in findings]


@pytest.mark.parametrize(("lang", "text"), list(_cases("kept")))
def test_kept_examples_still_have_a_finding(engine, lang, text):
    assert engine.lint(read_text("x.txt", text)), text
