"""Issue 14: user rule files cannot stall or exhaust a run: regexes run under RE2 (linear
time) or are refused, YAML anchors/aliases are refused before expansion."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from conftest import one_rule_yaml

from linter.cli import main
from linter.matching.errors import RuleCompileError
from linter.matching.tokens import regex_extension
from linter.resources import bundled_rules_dir
from linter.rules.loader import RuleFileError, load_rules, read_yaml


def _rules_dir(tmp_path, regex):
    folder = tmp_path / "rules"
    folder.mkdir()
    rule = one_rule_yaml("EN-HOUSE-AAA", "en", f"[{{sequence: [{{regex: '{regex}'}}]}}]",
                         "aaaa", "bbbb", category="inducement")
    (folder / "house.yaml").write_text(rule, encoding="utf-8")
    return folder


def test_a_catastrophic_user_regex_finishes_fast(tmp_path):
    folder = _rules_dir(tmp_path, "^(a+)+$")
    page = tmp_path / "page.txt"
    page.write_text("a" * 60 + "b\n", encoding="utf-8")  # 62 bytes, the backtracking worst case
    started = time.monotonic()
    result = CliRunner().invoke(main, ["check", "--no-cache", "--select", "EN-HOUSE",
                                       "--rules-dir", str(folder), str(page)])
    assert time.monotonic() - started < 30, "regex backtracking"
    assert result.exit_code == 0, result.output
    page.write_text("aaaa is here\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--select", "EN-HOUSE",
                                       "--rules-dir", str(folder), str(page)])
    assert result.exit_code == 1 and "EN-HOUSE-AAA" in result.output


def test_the_regex_predicate_itself_is_linear():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    name = regex_extension("^(a+)+$")
    doc = Doc(Vocab(), words=["a" * 5000 + "!", "aaa"])
    started = time.monotonic()
    assert [getattr(t._, name) for t in doc] == [False, True]
    assert time.monotonic() - started < 1


def test_a_regex_re2_cannot_run_is_a_clear_rule_error(tmp_path):
    with pytest.raises(RuleCompileError, match="RE2"):
        regex_extension(r"(a)\1")
    folder = _rules_dir(tmp_path, r"^(?=a)a+$")
    page = tmp_path / "page.txt"
    page.write_text("aaaa\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--select", "EN-HOUSE",
                                       "--rules-dir", str(folder), str(page)])
    assert result.exit_code == 2, result.output
    assert "RE2" in result.output and "Traceback" not in result.output


BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi", strict=True))


def test_a_yaml_alias_bomb_is_refused_before_expansion(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    bomb = folder / "bomb.yaml"
    bomb.write_text("rules:\n" + BOMB, encoding="utf-8")
    assert len(bomb.read_bytes()) < 600
    started = time.monotonic()
    with pytest.raises(RuleFileError, match="aliases") as raised:
        read_yaml(bomb)
    assert time.monotonic() - started < 2
    assert "\n" not in str(raised.value)
    page = tmp_path / "page.txt"
    page.write_text("x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--rules-dir", str(folder), str(page)])
    assert result.exit_code == 2 and "aliases" in result.output
    assert "Traceback" not in result.output


def test_bundled_rules_still_load_without_aliases():
    assert load_rules([bundled_rules_dir()]).rules
