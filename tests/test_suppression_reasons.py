"""Reasons for accepting a claim travel with it: a suppression comment's text after ``--``
and a baseline entry's ``reason`` appear in JSON and as SARIF suppressions with a
justification (a 届出番号, the study that substantiates the claim)."""

from __future__ import annotations

import json

import jsonschema
from click.testing import CliRunner
from conftest import FIXTURES

from linter import Linter
from linter.cli import main
from linter.resources import load_schema

PAGE = ("<!-- medlint-disable-next-line EN-DISEASE-TREAT -- substantiated: Smith 2024 RCT -->\n"
        "Our drip cures insomnia.\n\n"
        "It is completely safe.\n")


def _check(*args):
    result = CliRunner().invoke(main, ["check", "--no-cache", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_an_inline_reason_is_in_json_and_sarif(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    report = json.loads(_check("--format", "json", str(page)))
    jsonschema.validate(report, load_schema("output"))
    suppressed = report["files"][0]["suppressed"]
    assert [(s["rule_id"], s["suppression"]) for s in suppressed] == [
        ("EN-DISEASE-TREAT", {"kind": "inline", "reason": "substantiated: Smith 2024 RCT"})]
    assert "EN-DISEASE-TREAT" not in {f["rule_id"] for f in report["files"][0]["findings"]}
    sarif = json.loads(_check("--format", "sarif", str(page)))
    jsonschema.validate(sarif, json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text()))
    accepted = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert accepted[0]["ruleId"] == "EN-DISEASE-TREAT"
    assert accepted[0]["suppressions"] == [{"kind": "inSource",
                                            "justification": "substantiated: Smith 2024 RCT"}]


def test_a_baseline_reason_is_kept_when_rewritten_and_reported(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Our drip cures insomnia.\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    _check(str(page), "--write-baseline", str(baseline))
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["findings"][0]["reason"] = "機能性表示食品 届出番号 A123"
    baseline.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _check(str(page), "--write-baseline", str(baseline))  # recorded again: the reason stays
    assert json.loads(baseline.read_text(encoding="utf-8"))["findings"][0]["reason"] == \
        "機能性表示食品 届出番号 A123"
    result = Linter(baseline=baseline).lint_file(page)
    assert not [f for f in result.findings if f.rule_id == "EN-DISEASE-TREAT"]
    assert [(s.kind, s.reason) for s in result.suppressed] == [
        ("baseline", "機能性表示食品 届出番号 A123")]
    sarif = json.loads(_check("--format", "sarif", "--baseline", str(baseline), str(page)))
    accepted = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert accepted[0]["suppressions"] == [{"kind": "external",
                                            "justification": "機能性表示食品 届出番号 A123"}]


def test_suppressed_findings_survive_the_results_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDLINT_CACHE_DIR", str(tmp_path / "cache"))
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    from linter.api import RunOptions

    first = Linter(run=RunOptions(cache=True, cache_dir=tmp_path / "cache")).lint_file(page)
    second = Linter(run=RunOptions(cache=True, cache_dir=tmp_path / "cache")).lint_file(page)
    assert list((tmp_path / "cache" / "results").rglob("*.json"))
    assert [s.to_dict() for s in second.suppressed] == [s.to_dict() for s in first.suppressed]
    assert first.suppressed
