"""Severity tiers (issue 9): error = clear violation, warning = likely violation depending on
product or context, info = the review tier.  The default output shows warning and above; the
review tier appears only with --min-severity info (or min-severity = "info" in config); the exit
code follows --fail-on (error by default)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

# Only review-tier (info) rules fire on this line: a keyword-level hint, no complete claim.
REVIEW_ONLY_JA = "美肌のためのスキンケア講座を開きます。\n"
# A likely violation (warning) and nothing stronger.
WARNING_JA = "飲むだけでシミが薄くなると評判です。\n"


def _check(tmp_path, text: str, *args: str) -> tuple[int, list[dict]]:
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "linter", "check", "--no-cache", "--format", "json",
         "--ignore", "missing-disclosure", *args, str(page)],
        capture_output=True, text=True, cwd=REPO,
    )
    assert completed.returncode in (0, 1), completed.stderr
    return completed.returncode, json.loads(completed.stdout)["files"][0]["findings"]


def test_review_tier_is_hidden_by_default_and_shown_with_min_severity_info(tmp_path):
    code, findings = _check(tmp_path, REVIEW_ONLY_JA)
    assert findings == [] and code == 0
    code, findings = _check(tmp_path, REVIEW_ONLY_JA, "--min-severity", "info")
    assert findings and {f["severity"] for f in findings} == {"info"}
    assert code == 0  # --fail-on defaults to error: the review tier never fails a commit


def test_review_tier_from_config(tmp_path):
    (tmp_path / "medlint.toml").write_text('min-severity = "info"\n', encoding="utf-8")
    _code, findings = _check(tmp_path, REVIEW_ONLY_JA, "--config", str(tmp_path / "medlint.toml"))
    assert findings and {f["severity"] for f in findings} == {"info"}


def test_exit_code_follows_fail_on(tmp_path):
    code, findings = _check(tmp_path, WARNING_JA)
    assert findings and max(f["severity"] for f in findings) == "warning"
    assert code == 0
    code, _ = _check(tmp_path, WARNING_JA, "--fail-on", "warning")
    assert code == 1
    code, _ = _check(tmp_path, REVIEW_ONLY_JA, "--min-severity", "info", "--fail-on", "info")
    assert code == 1


def test_every_info_rule_says_it_is_the_review_tier(ruleset):
    """An info finding must tell the reader it is a hint to review, not a verdict."""
    info = [r for r in ruleset.rules if r.severity == "info"]
    assert info, "the review tier has rules"
    for rule in info:
        text = str(rule.message)
        assert "review tier" in text or "レビュー層" in text, rule.id


def test_a_default_run_does_no_work_for_rules_it_cannot_show(engine_factory):
    """Issue 16: review-tier rules (and unselected ones) are neither matched nor compiled when
    the run hides them, except the corroborated word cues, which it can show; the findings it
    shows are the same."""
    from linter.reading.plaintext import read_text

    document = read_text("page.txt", REVIEW_ONLY_JA + WARNING_JA)
    review = engine_factory(min_severity="info")
    default = engine_factory(min_severity="warning")
    review.trace, default.trace = [], []
    shown = review.lint(document)
    assert {f.severity for f in shown} >= {"info", "warning"}
    assert [f.rule_id for f in default.lint(document)] == [
        f.rule_id for f in shown if f.severity != "info"]
    # a word cue the claim model can confirm may be shown as a warning, so a default run
    # matches it (README "Severity"); every other review-tier rule is left alone
    info_rules = {r.id for r in default.ruleset.rules
                  if r.severity == "info" and r.corroboration is None}
    assert info_rules and {r.id for r in default.ruleset.rules if r.corroboration} <= \
        default.matched
    assert {e.rule_id for e in review.trace if e.kind == "matched"} & info_rules
    assert not {e.rule_id for e in default.trace if e.kind == "matched"} & info_rules
    # (English body-function cues stay: they trigger the DSHEA disclaimer rule, next test)
    assert not {r for r in info_rules if r.startswith("JA-")} & default.matched


def test_hidden_claims_still_trigger_a_shown_document_rule(engine_factory):
    """A document rule fires on any claim of its ``triggered_by`` category, shown or not: the
    rules of that category are still matched at a higher threshold."""
    from linter.reading.plaintext import read_text

    page = "Our NMN capsules support healthy energy levels.\nTake two capsules daily.\n"
    findings = engine_factory(min_severity="error").lint(read_text("page.txt", page))
    assert [f.rule_id for f in findings] == ["EN-DISCLOSURE-DSHEA"]
    assert {f.severity for f in engine_factory().lint(read_text("page.txt", page))} - {"error"}
