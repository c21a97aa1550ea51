"""Every rule speaks both locales: a reviewer reading Japanese never meets an English message,
and the other way round (issue 17). The texts are written in the rule files, not translated
at run time, so these tests check the data and what the CLI shows from it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.resources import bundled_rules_dir
from linter.rules.loader import load_rules

LOCALES = ("ja", "en")


@pytest.fixture(scope="module")
def rules():
    return load_rules([bundled_rules_dir()]).rules


def _lacking(value) -> list[str]:
    """Locales for which a localized text is missing or blank."""
    value = value or {}
    return [loc for loc in LOCALES if not str(value.get(loc) or "").strip()]


def test_rules_are_loaded(rules):
    # both languages' rule sets are present, so the checks below cannot pass vacuously
    assert {r.lang for r in rules} == {"ja", "en"}
    assert len(rules) > 40


@pytest.mark.parametrize("field", ["message", "suggestion"])
def test_every_rule_has_text_in_both_locales(rules, field):
    bad = {r.id: _lacking(getattr(r, field)) for r in rules if _lacking(getattr(r, field))}
    assert not bad, f"rules whose {field} lacks a locale (rule id -> missing locales): {bad}"


def test_every_rationale_has_both_locales(rules):
    bad = {r.id: _lacking(r.rationale) for r in rules if r.rationale and _lacking(r.rationale)}
    assert not bad, f"rules whose rationale lacks a locale: {bad}"


def test_every_requirement_label_has_both_locales(rules):
    document_rules = [r for r in rules if r.requirements]
    assert {r.lang for r in document_rules} == {"ja", "en"}
    bad = {f"{r.id}/{req.id}": _lacking(req.label)
           for r in document_rules for req in r.requirements if _lacking(req.label)}
    assert not bad, f"document-rule requirement labels lacking a locale: {bad}"


def test_translations_are_in_the_right_script(rules):
    """A "translation" that is only the other locale's text copied is caught: Japanese texts
    contain kana, and English texts contain none."""
    def has_kana(text: str) -> bool:
        return any("\u3040" <= ch <= "\u30ff" for ch in text)

    bad = []
    for r in rules:
        for field in ("message", "suggestion", "rationale"):
            value = getattr(r, field) or {}
            if "ja" in value and not has_kana(value["ja"]):
                bad.append(f"{r.id}.{field}.ja")
            if "en" in value and has_kana(value["en"]):
                bad.append(f"{r.id}.{field}.en")
    assert not bad, f"texts in the wrong language: {bad}"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_rules_list_json_shows_both_locales():
    result = run("rules", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert {r["lang"] for r in listed} == {"ja", "en"}
    bad = sorted(r["id"] for r in listed
                 if _lacking(r["message"]) or _lacking(r["suggestion"]))
    assert not bad, f"rules listed without both locales: {bad}"


def test_check_locale_ja_translates_english_rule(tmp_path):
    draft = tmp_path / "claim.txt"
    draft.write_text("Our drip cures insomnia.\n", encoding="utf-8")
    rule = next(r for r in load_rules([bundled_rules_dir()]).rules if r.id == "EN-DISEASE-TREAT")
    ja = run("check", "--locale", "ja", str(draft))
    assert ja.exit_code == 1, ja.output
    assert "EN-DISEASE-TREAT" in ja.output
    assert rule.message["ja"] in ja.output
    assert rule.suggestion["ja"] in ja.output
    assert rule.message["en"] not in ja.output
    en = run("check", "--locale", "en", str(draft))
    assert rule.message["en"] in en.output
    assert rule.message["ja"] not in en.output


def test_check_locale_ja_translates_missing_disclosure_labels(tmp_path):
    draft = tmp_path / "supplement.txt"
    draft.write_text("Our NMN capsules support healthy energy levels.\nTake two capsules a day.\n",
                     encoding="utf-8")
    result = run("check", "--profile", "supplement", "--locale", "ja", str(draft))
    assert "EN-DISCLOSURE-DSHEA" in result.output, result.output
    rule = next(r for r in load_rules([bundled_rules_dir()]).rules
                if r.id == "EN-DISCLOSURE-DSHEA")
    for req in rule.requirements:
        assert req.label["ja"] in result.output
