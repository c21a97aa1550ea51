"""The command line as users run it: paths in, report and exit code out."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.resources import load_schema

CLAIMS_JA = "NMN点滴で中途覚醒が減り、深い眠りが得られます。\n"
CLAIMS_EN = "NMN IV therapy reduces cortisol and cures insomnia.\n"
CLEAN_JA = "当院は大阪駅から徒歩5分です。診療時間は10時から19時です。\n"
CLEAN_EN = "Our clinic is a five-minute walk from the station. We open at 10 am.\n"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def draft(tmp_path):
    def write(name: str, text: str | bytes) -> str:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_claims_exit_1_with_ruff_style_lines(draft):
    path = draft("ad.txt", CLAIMS_JA)
    result = run("check", path)
    assert result.exit_code == 1, result.output
    heads = [line for line in result.output.splitlines() if line.startswith(path)]
    assert any(h.startswith(f"{path}:1:7: JA-DISEASE-TREAT [disease-claim] ") for h in heads)
    assert "言い換え:" in result.output and "根拠:" in result.output


def test_clean_text_exits_0_with_only_a_summary(draft):
    result = run("check", draft("clean.txt", CLEAN_JA + "\n" + CLEAN_EN))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == ["No findings in 1 file checked."]


def test_json_output_validates_against_the_shipped_schema(draft):
    result = run("check", "--format", "json", draft("ad.txt", CLAIMS_JA + "\n" + CLAIMS_EN))
    assert result.exit_code == 1
    report = json.loads(result.output)
    jsonschema.validate(report, load_schema("output"))
    finding = report["files"][0]["findings"][0]
    for key in ("line", "column", "end_line", "end_column", "sentence", "matched", "rule_id",
                "category", "severity", "lang", "message", "suggestion", "references"):
        assert key in finding
    assert report["summary"]["exit_code"] == 1


def test_mixed_japanese_and_english_paragraphs_use_both_pipelines(draft):
    text = CLEAN_JA + "\n" + CLAIMS_EN + "\n" + CLAIMS_JA
    report = json.loads(run("check", "--format", "json", draft("mixed.txt", text)).output)
    findings = report["files"][0]["findings"]
    assert {f["lang"] for f in findings} == {"ja", "en"}
    english = [f for f in findings if f["lang"] == "en"]
    assert all(f["line"] == 3 for f in english)
    cortisol = next(f for f in english if f["category"] == "mechanism-claim")
    assert (cortisol["column"], cortisol["matched"]) == (16, "reduces cortisol")


def test_lang_option_forces_one_pipeline(draft):
    path = draft("en.txt", CLAIMS_EN)
    report = json.loads(run("check", "--format", "json", "--lang", "ja", path).output)
    assert report["files"][0]["findings"] == []


def test_missing_file_is_one_line_and_exit_2_and_others_still_linted(draft, tmp_path):
    good = draft("ad.txt", CLAIMS_EN)
    missing = str(tmp_path / "nope.txt")
    result = run("check", "--format", "json", missing, good)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"medlint: error: {missing}: no such file"
    report = json.loads(result.stdout)
    assert report["files"][1]["findings"], "the readable file is still linted"


def test_binary_file_is_one_line_and_exit_2(draft):
    path = draft("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"medlint: error: {path}: binary file, not text; lint .txt/.md/.html/.docx drafts"]


def test_broken_rule_file_names_file_rule_and_json_path(tmp_path, draft):
    rules = tmp_path / "company-rules"
    rules.mkdir()
    (rules / "broken.yaml").write_text(
        "rules:\n"
        "  - id: JA-COMPANY-TEST\n"
        "    category: disease-claim\n"
        "    severity: fatal\n"
        "    lang: ja\n"
        "    message: m\n"
        "    suggestion: s\n"
        "    references: [{source: x, section: y}]\n"
        "    match: [{sequence: [{term: 治る}]}]\n"
        "    examples: {flag: [治る], pass: [治療]}\n",
        encoding="utf-8",
    )
    result = run("check", "--rules-dir", str(rules), draft("ad.txt", CLAIMS_JA))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"medlint: error: {rules / 'broken.yaml'}: rule JA-COMPANY-TEST: "
                               "$.rules[0].severity: 'fatal' is not one of")


def test_invalid_yaml_rule_file_reports_line(tmp_path, draft):
    rules = tmp_path / "r"
    rules.mkdir()
    (rules / "bad.yaml").write_text("rules:\n  - id: [unclosed\n", encoding="utf-8")
    result = run("check", "--rules-dir", str(rules), draft("ad.txt", CLEAN_JA))
    assert result.exit_code == 2
    assert "bad.yaml: invalid YAML: line 3" in result.stderr


def test_unknown_option_is_a_usage_error():
    result = run("check", "--no-such-option", "x.txt")
    assert result.exit_code == 2
    assert "No such option" in result.output


def test_stdin(draft):
    result = run("check", "-", "--stdin-filename", "draft.md", input=CLAIMS_EN)
    assert result.exit_code == 1
    assert result.output.startswith("draft.md:1:")


def test_select_ignore_and_min_severity(draft):
    path = draft("ad.txt", CLAIMS_EN)

    def ids(*options):
        report = json.loads(run("check", "--format", "json", *options, path).output)
        return {f["rule_id"] for f in report["files"][0]["findings"]}

    everything = ids()
    assert {"EN-DISEASE-TREAT", "EN-MECHANISM-PHYSIOLOGY"} <= everything
    assert ids("--select", "mechanism-claim") == {"EN-MECHANISM-PHYSIOLOGY"}
    assert "EN-MECHANISM-PHYSIOLOGY" not in ids("--ignore", "EN-MECHANISM")
    assert ids("--min-severity", "error") == {"EN-DISEASE-TREAT"}


def test_fail_on_warning_changes_exit_code(draft):
    path = draft("warn.txt", "Trusted by dermatologists worldwide.\n")
    assert run("check", path).exit_code == 0
    assert run("check", "--fail-on", "warning", path).exit_code == 1


def test_folder_is_linted_recursively(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.md").write_text(CLAIMS_EN, encoding="utf-8")
    (tmp_path / "notes.txt").write_text(CLEAN_EN, encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\x00")
    report = json.loads(run("check", "--format", "json", str(tmp_path)).output)
    assert [Path(f["path"]).name for f in report["files"]] == ["page.md", "notes.txt"]


def test_output_file(draft, tmp_path):
    out = tmp_path / "report.json"
    result = run("check", "--format", "json", "-o", str(out), draft("ad.txt", CLAIMS_EN))
    assert result.exit_code == 1 and result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["findings"] >= 2


def test_locale_switches_message_language(draft):
    path = draft("ad.txt", CLAIMS_JA)
    report = json.loads(run("check", "--format", "json", "--locale", "en", path).output)
    messages = {f["rule_id"]: f["message"] for f in report["files"][0]["findings"]}
    assert messages["JA-DISEASE-TREAT"].startswith("Claims to cure")


def test_rules_list_table_and_json():
    table = run("rules", "list")
    assert table.exit_code == 0 and "JA-DISEASE-TREAT" in table.output
    listed = json.loads(run("rules", "list", "--format", "json").output)
    assert {r["lang"] for r in listed} == {"ja", "en"}
    assert all(r["references"] and r["suggestion"] for r in listed)


def test_rules_show():
    result = run("rules", "show", "EN-DISEASE-TREAT")
    assert result.exit_code == 0
    assert "101.93(g)" in result.output and "✗ This supplement cures insomnia." in result.output
    missing = run("rules", "show", "EN-NOPE")
    assert missing.exit_code == 2 and "unknown rule 'EN-NOPE'" in missing.stderr
