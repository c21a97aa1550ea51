"""A cold start does not re-run JSON Schema validation on rule files it has already checked,
and a changed (or broken) rule file is always checked again."""

from __future__ import annotations

import pytest
from conftest import REPO

from linter.cache import Cache
from linter.resources import bundled_rules_dir
from linter.rules import loader
from linter.rules.loader import RuleFileError, load_rules


def test_validated_documents_are_not_validated_again(tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    first = load_rules([bundled_rules_dir()], cache=cache)
    calls = []
    original = loader.validate_document
    monkeypatch.setattr(loader, "validate_document",
                        lambda path, data: calls.append(path) or original(path, data))
    second = load_rules([bundled_rules_dir()], cache=cache)
    assert calls == []
    assert [r.id for r in second.rules] == [r.id for r in first.rules]


def test_a_changed_rule_file_is_validated_again(tmp_path):
    cache = Cache(tmp_path / "cache")
    good = (REPO / "rules" / "en" / "inducement.yaml").read_text(encoding="utf-8")
    broken = good.replace("EN-INDUCEMENT-", "EN-HOUSE-").replace("severity: warning",
                                                                 "severity: fatal", 1)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "house.yaml").write_text(good.replace("EN-INDUCEMENT-", "EN-HOUSE-"),
                                       encoding="utf-8")
    load_rules([bundled_rules_dir(), folder], cache=cache)  # valid: remembered
    (folder / "house.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(RuleFileError, match="fatal"):
        load_rules([bundled_rules_dir(), folder], cache=cache)


def test_a_cached_rule_set_is_read_without_parsing_yaml_and_equals_the_loaded_one(
        tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    first = load_rules([bundled_rules_dir()], cache=cache)
    monkeypatch.setattr(loader, "read_yaml", lambda path: pytest.fail(f"parsed {path}"))
    second = load_rules([bundled_rules_dir()], cache=cache)
    assert second.rules == first.rules
    assert second.lexicons == first.lexicons
    assert second.contexts == first.contexts
    assert second.sources == first.sources
    assert second.fingerprint == first.fingerprint


def test_a_damaged_rule_set_entry_is_a_miss(tmp_path):
    cache = Cache(tmp_path / "cache")
    first = load_rules([bundled_rules_dir()], cache=cache)
    [entry] = (tmp_path / "cache" / "ruleset").rglob("*.json")
    entry.write_text(entry.read_text(encoding="utf-8").replace("EN-", "XX-", 1),
                     encoding="utf-8")
    assert load_rules([bundled_rules_dir()], cache=cache).rules == first.rules
    entry.write_text("{", encoding="utf-8")
    assert load_rules([bundled_rules_dir()], cache=cache).rules == first.rules


def test_an_edit_to_any_rule_file_reloads_the_set(tmp_path):
    cache = Cache(tmp_path / "cache")
    good = (REPO / "rules" / "en" / "inducement.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    house = folder / "house.yaml"
    house.write_text(good.replace("EN-INDUCEMENT-", "EN-HOUSE-"), encoding="utf-8")
    before = load_rules([bundled_rules_dir(), folder], cache=cache)
    house.write_text(good.replace("EN-INDUCEMENT-", "EN-HOUSE2-"), encoding="utf-8")
    after = load_rules([bundled_rules_dir(), folder], cache=cache)
    assert any(r.id.startswith("EN-HOUSE-") for r in before.rules)
    assert any(r.id.startswith("EN-HOUSE2-") for r in after.rules)
    assert not any(r.id.startswith("EN-HOUSE-") for r in after.rules)


def test_without_a_cache_a_process_checks_each_file_content_once(tmp_path, monkeypatch):
    """The library's default is no cache; a process that builds several Linters (one rule
    folder per team, or the test suite) must not run the schema check on every bundled file
    again for each of them (it was four fifths of loading a rule set, seven seconds a Linter)."""
    first = load_rules([bundled_rules_dir()])
    calls = []
    original = loader.validate_document
    monkeypatch.setattr(loader, "validate_document",
                        lambda path, data: calls.append(path) or original(path, data))
    folder = tmp_path / "mine"
    folder.mkdir()
    good = (REPO / "rules" / "en" / "inducement.yaml").read_text(encoding="utf-8")
    (folder / "house.yaml").write_text(good.replace("EN-INDUCEMENT-", "EN-ONCE-"),
                                       encoding="utf-8")
    second = load_rules([bundled_rules_dir(), folder])
    assert calls == [folder / "house.yaml"]  # only the file this process had not seen
    assert [r.id for r in second.rules][:len(first.rules)] == [r.id for r in first.rules]
    # a changed file is a new content: checked again, and a broken one still refused
    (folder / "house.yaml").write_text(good.replace("EN-INDUCEMENT-", "EN-ONCE-")
                                       .replace("severity: warning", "severity: fatal", 1),
                                       encoding="utf-8")
    with pytest.raises(RuleFileError, match="fatal"):
        load_rules([bundled_rules_dir(), folder])


def test_a_document_read_twice_is_a_fresh_copy(tmp_path):
    """The parsed-YAML memo hands out copies: a caller that changes what it was given cannot
    change what the next load of the same file reads."""
    path = tmp_path / "house.yaml"
    path.write_text((REPO / "rules" / "en" / "inducement.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    first = loader.read_yaml(path)
    first["rules"][0]["id"] = "CHANGED"
    first["rules"].clear()
    second = loader.read_yaml(path)
    assert second["rules"] and second["rules"][0]["id"].startswith("EN-INDUCEMENT-")
