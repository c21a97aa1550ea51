"""The audit trail: version, rule set edition and hash, guidelines' as-of dates, input SHA-256,
time, options and profile, in JSON, SARIF, HTML and the reviewed .docx."""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import docx
import jsonschema
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from linter import Linter, __version__
from linter.reporting.audit import build_audit, read_edition
from linter.reporting.docx_report import read_audit, render_bytes
from linter.reporting.emitters import ReportContext, render
from linter.resources import bundled_rules_dir, load_schema

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("audit")
    draft = folder / "draft.md"
    draft.write_text("当院の点滴で不眠症が治ります。\n", encoding="utf-8")
    word = folder / "draft.docx"
    document = docx.Document()
    document.add_paragraph("This supplement cures diabetes.")
    document.save(word)
    linter = Linter({"profile": "clinic"})
    return linter, draft, word, linter.lint_paths([str(draft)])


def test_build_audit_records_what_was_checked_against_what(run):
    linter, draft, _word, result = run
    moment = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    audit = build_audit(result, linter, {"format": "json", "select": (), "profile": "clinic"},
                        now=moment)
    assert audit["medlint_version"] == __version__
    assert audit["time"] == "2026-11-30T12:00:00Z"
    edition = read_edition(bundled_rules_dir())["edition"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", edition)
    assert audit["rule_set"]["edition"] == edition
    assert audit["rule_set"]["fingerprint"] == linter.ruleset().fingerprint
    assert audit["inputs"] == [{"path": str(draft),
                                "sha256": hashlib.sha256(draft.read_bytes()).hexdigest()}]
    assert audit["profile"] == "clinic"
    assert audit["options"] == {"format": "json", "profile": "clinic"}  # empty ones dropped
    cited = {g["source"]: g for g in audit["guidelines"] if g["findings"]}
    finding_sources = {r["source"] for f in result.findings for r in f.references}
    assert set(cited) == finding_sources
    # a guideline the rule data dates is reported with that date, the others with the edition
    recorded = read_edition(bundled_rules_dir())["guidelines"]
    for entry in audit["guidelines"]:
        assert entry["as_of"] == recorded.get(entry["source"], edition)


def test_json_report_carries_the_audit_and_stays_valid(run):
    linter, _draft, _word, result = run
    audit = build_audit(result, linter, {"format": "json"})
    report = json.loads(render("json", result, ReportContext(audit=audit)))
    assert report["audit"] == audit
    Draft202012Validator(load_schema("output")).validate(report)
    assert "audit" not in json.loads(render("json", result, ReportContext()))


def test_sarif_run_properties_carry_the_audit(run):
    linter, _draft, _word, result = run
    audit = build_audit(result, linter, {"format": "sarif"})
    sarif = json.loads(render("sarif", result, ReportContext(rule=linter.rule, audit=audit)))
    assert sarif["runs"][0]["properties"]["audit"] == audit
    assert sarif["runs"][0]["results"]  # the findings are still there
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(sarif, schema)


def test_html_report_shows_and_embeds_the_audit(run):
    linter, _draft, _word, result = run
    audit = build_audit(result, linter, {"format": "html"})
    page = render("html", result, ReportContext(audit=audit))
    embedded = re.search(r'<script type="application/json" id="medlint-audit">(.*?)</script>',
                         page).group(1)
    assert json.loads(embedded.replace("<\\/", "</")) == audit
    assert audit["rule_set"]["fingerprint"] in page and "Audit trail" in page


def test_reviewed_docx_carries_the_audit(run):
    linter, _draft, word, _result = run
    result = linter.lint_paths([str(word)])
    audit = build_audit(result, linter, {"format": "docx"})
    data = render_bytes(result, ReportContext(audit=audit))
    assert read_audit(data) == audit
    top = docx.Document(io.BytesIO(data)).comments
    summary = next(c.text for c in top if c.text.startswith("medlint"))
    assert audit["rule_set"]["edition"] in summary
    assert hashlib.sha256(word.read_bytes()).hexdigest() in summary


def test_cli_json_report_has_the_audit(run):
    from linter.cli import main

    _linter, draft, _word, _result = run
    result = CliRunner().invoke(main, ["check", str(draft), "--format", "json",
                                       "--profile", "clinic"])
    report = json.loads(result.stdout)
    assert report["audit"]["profile"] == "clinic"
    assert report["audit"]["inputs"][0]["sha256"] == hashlib.sha256(
        draft.read_bytes()).hexdigest()
