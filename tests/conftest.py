"""Shared fixtures: one loaded rule set and one engine per test session.

GiNZA takes a second or two to load, so tests that lint in-process share a
session engine; CLI tests run the real command through click's runner.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Tests must neither read nor fill the user's cache: one fresh cache folder per test session.
os.environ["MEDLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="medlint-test-cache-")

from linter.engine import CompiledRules, Engine, LintOptions
from linter.reading.plaintext import read_text
from linter.resources import bundled_rules_dir
from linter.rules.loader import load_rules

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"


def pytest_collection_modifyitems(config, items):
    """Heavy scopes first: with ``--dist loadscope`` each worker takes the next file or class
    as it finishes one, so a minute-long scope left to the end keeps one core busy while the
    other idles (about two minutes of a 16-minute run, session 42); pyproject.toml's
    ``--no-loadscope-reorder`` keeps this order.  The sort is stable, so the order within each
    group is the collection order."""
    items.sort(key=lambda item: item.get_closest_marker("heavy") is None)


@pytest.fixture(scope="session")
def ruleset():
    return load_rules([bundled_rules_dir()])


@pytest.fixture(scope="session")
def compiled(ruleset):
    """Matchers compiled once per session; engines with any options share them."""
    return CompiledRules(ruleset)


@pytest.fixture(scope="session")
def engine_factory(ruleset, compiled):
    def make(**options) -> Engine:
        return Engine(ruleset, LintOptions(**options), compiled=compiled)

    return make


@pytest.fixture(scope="session")
def engine(engine_factory):
    return engine_factory()


@pytest.fixture
def lint(engine):
    def run(text: str, path: str = "draft.txt"):
        return engine.lint(read_text(path, text))

    return run


@pytest.fixture
def lint_claims(engine_factory):
    """Sentence-level claims only; document-level disclosures have their own tests."""
    engine = engine_factory(ignore=("missing-disclosure",))
    return lambda text: engine.lint(read_text("draft.txt", text))


def rule_ids(findings) -> set[str]:
    return {f.rule_id for f in findings}


def categories(findings) -> set[str]:
    return {f.category for f in findings}


def one_rule_yaml(rule_id: str, lang: str, match: str, flag: str, passing: str,
                  category: str = "testimonial") -> str:
    """The YAML of a rule file with one house rule: ``match`` is its match list in YAML flow
    style, ``flag``/``passing`` one example each (already quoted where YAML needs it)."""
    return f"""rules:
  - id: {rule_id}
    category: {category}
    severity: error
    lang: {lang}
    message: m
    suggestion: s
    references: [{{source: House, section: '1'}}]
    match: {match}
    examples: {{flag: [{flag}], pass: [{passing}]}}
"""


def linter_with_rules(tmp_path: Path, rules: str, settings: dict | None = None):
    """A Linter whose rules are ``rules`` (the YAML of one rule file) in a folder of its own,
    with ``settings`` besides."""
    from linter import Linter

    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "test.yaml").write_text(rules, encoding="utf-8")
    return Linter({"rules-dirs": [str(folder)], **(settings or {})})
