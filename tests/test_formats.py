"""SARIF, GitHub annotations and the HTML report."""

from __future__ import annotations

import json
import re

import jsonschema
from click.testing import CliRunner
from conftest import FIXTURES

from linter.cli import main

DRAFT = ("# Page\n\nOur drip cures insomnia.\n\n"
         "NMN点滴で中途覚醒が減ります。\n\n"
         "Limited time offer, 100% safe.\n")


def render(tmp_path, fmt, *extra):
    page = tmp_path / "page.md"
    page.write_text(DRAFT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", fmt, *extra, str(page)])
    assert result.exit_code == 1, result.output
    return result.stdout


def test_sarif_validates_against_the_official_schema(tmp_path):
    sarif = json.loads(render(tmp_path, "sarif"))
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)
    run = sarif["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert {"EN-DISEASE-TREAT", "JA-DISEASE-TREAT", "EN-SAFETY-SAFE"} <= set(rules)
    assert "21 CFR" in rules["EN-DISEASE-TREAT"]["help"]["text"]
    assert rules["EN-DISEASE-TREAT"]["defaultConfiguration"]["level"] == "error"
    result = next(r for r in run["results"] if r["ruleId"] == "EN-DISEASE-TREAT")
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (3, 10, 24)
    assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["medlintSentence/v1"])
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "EN-DISEASE-TREAT"


def test_sarif_reports_unreadable_files_as_notifications(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(DRAFT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "sarif", str(page),
                                       str(tmp_path / "missing.md")])
    assert result.exit_code == 2
    invocation = json.loads(result.stdout)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "no such file" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_github_annotations(tmp_path):
    lines = render(tmp_path, "github").splitlines()
    disease = next(line for line in lines if "EN-DISEASE-TREAT" in line)
    assert disease.startswith("::error file=")
    assert ",line=3,col=10,endLine=3,endColumn=24,title=EN-DISEASE-TREAT [disease-claim]::" \
        in disease
    assert any(line.startswith("::warning ") and "EN-INDUCEMENT-URGENCY" in line
               for line in lines)


def test_html_report_is_self_contained_and_highlights_matches(tmp_path):
    out = tmp_path / "report.html"
    page = tmp_path / "page.md"
    page.write_text(DRAFT, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "html", "-o", str(out), str(page)])
    assert result.exit_code == 1 and result.output == ""
    html = out.read_text(encoding="utf-8")
    assert "<mark>cures insomnia</mark>" in html
    assert "<mark>中途覚醒が減り</mark>" in html
    assert 'data-category="disease-claim"' in html and "21 CFR" in html
    assert re.search(r"<span class=\"chip\" style=\"--c:#[0-9a-f]{6}\">disease-claim</span> 2",
                     html)
    # nothing is fetched from the network: no external scripts, styles, fonts or images
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "@import" not in html and "url(" not in html
