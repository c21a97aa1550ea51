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
