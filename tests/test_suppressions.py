"""Inline suppressions and baselines."""

from __future__ import annotations

import json

from click.testing import CliRunner

from linter.cli import main


def run_json(*args):
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    return result, json.loads(result.stdout)


def findings(report):
    return [(f["rule_id"], f["line"]) for f in report["files"][0]["findings"]]


PAGE = """\
# Page

<!-- medlint-disable-next-line EN-DISEASE-TREAT -->
Our drip cures insomnia.

<!-- medlint-disable safety-claim -->
It is completely safe.
It is totally harmless.
<!-- medlint-enable -->

It is completely safe.

<!-- medlint-disable-next-line inducement -->
Nothing to see here.
"""


def test_disable_next_line_and_blocks_by_rule_and_category(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    result, report = run_json(str(page))
    assert findings(report) == [("EN-SAFETY-SAFE", 11), ("MEDLINT-UNUSED-SUPPRESSION", 13)]
    unused = report["files"][0]["findings"][1]
    assert unused["severity"] == "warning" and "inducement" in unused["message"]
    assert result.exit_code == 1  # the unsuppressed safety claim is an error


def test_suppression_without_rules_silences_everything_on_the_line(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<!-- medlint-disable-next-line -->\n<p>It cures insomnia, guaranteed.</p>\n",
                    encoding="utf-8")
    _, report = run_json(str(page))
    assert findings(report) == []


def test_comment_inside_a_code_block_is_not_a_directive(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```\n<!-- medlint-disable -->\n```\nOur drip cures insomnia.\n",
                    encoding="utf-8")
    _, report = run_json(str(page))
    assert findings(report) == [("EN-DISEASE-TREAT", 4)]


def test_unused_suppressions_can_be_switched_off(tmp_path):
    (tmp_path / ".medlint.toml").write_text("report-unused-suppressions = false\n",
                                            encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("<!-- medlint-disable-next-line -->\nHello.\n", encoding="utf-8")
    _, report = run_json(str(page))
    assert findings(report) == []


def test_baseline_hides_recorded_findings_even_after_edits_elsewhere(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Our drip cures insomnia.\n\nIt is completely safe.\n", encoding="utf-8")
    baseline = tmp_path / "medlint-baseline.json"
    written = CliRunner().invoke(main, ["check", "--write-baseline", str(baseline), str(page)])
    assert written.exit_code == 0 and "Wrote 2 findings" in written.output
    # lines move and a new claim appears: only the new claim is reported
    page.write_text("# New heading\n\nIntro.\n\nOur drip cures insomnia.\n\n"
                    "It is completely safe.\n\nLimited time offer!\n", encoding="utf-8")
    result, report = run_json("--baseline", str(baseline), str(page))
    assert findings(report) == [("EN-INDUCEMENT-URGENCY", 9)]
    assert report["summary"]["baseline_hidden"] == 2
    assert result.exit_code == 0  # the new finding is only a warning
    # editing the recorded sentence makes it new again
    page.write_text("Our drip cures chronic insomnia.\n", encoding="utf-8")
    _, report = run_json("--baseline", str(baseline), str(page))
    assert findings(report) == [("EN-DISEASE-TREAT", 1)]


def test_missing_or_broken_baseline_is_a_one_line_error(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("Hello.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--baseline", str(tmp_path / "none.json"),
                                       str(page)])
    assert result.exit_code == 2 and "baseline not found" in result.stderr
    broken = tmp_path / "b.json"
    broken.write_text("{}", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--baseline", str(broken), str(page)])
    assert result.exit_code == 2 and "not a medlint baseline" in result.stderr
