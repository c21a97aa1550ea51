"""Rule authors' commands: rules test / validate / explain."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import REPO

from linter.cli import main

RULE = """\
rules:
  - id: JA-COMPANY-CURE
    category: disease-claim
    severity: error
    lang: ja
    message: m
    suggestion: s
    references: [{{source: 社内基準, section: "1"}}]
    match:
      - sequence: [{{lexicon: disease}}, {{gap: 3}}, {{term: 治る}}]
    examples:
      flag: [{flag}]
      pass: [{passing}]
"""


def write_rule(tmp_path, flag: str, passing: str):
    folder = tmp_path / "company"
    folder.mkdir()
    (folder / "cure.yaml").write_text(RULE.format(flag=flag, passing=passing), encoding="utf-8")
    return folder


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_bundled_rules_all_pass():
    result = run("rules", "test")
    assert result.exit_code == 0, result.output
    assert ", 0 failed." in result.output


def test_failing_examples_say_what_fired_and_why(tmp_path):
    folder = write_rule(tmp_path, flag="不眠症は治りません。", passing="不眠症が治ります。")
    result = run("rules", "test", "JA-COMPANY-CURE", "--rules-dir", str(folder))
    assert result.exit_code == 1
    assert "FAIL JA-COMPANY-CURE [flag] 不眠症は治りません。" in result.output
    assert "context trigger ja-neg-auxiliary cleared it" in result.output
    assert "FAIL JA-COMPANY-CURE [pass] 不眠症が治ります。" in result.output
    assert "flagged '不眠症が治り' at column 1" in result.output
    assert "2 examples of 1 rules/triggers: 0 passed, 2 failed." in result.output


def test_unmatched_example_says_no_pattern_matched(tmp_path):
    folder = write_rule(tmp_path, flag="今日は晴れです。", passing="明日は雨です。")
    result = run("rules", "test", "JA-COMPANY-CURE", "--rules-dir", str(folder))
    assert result.exit_code == 1
    assert "prefilter skipped the sentence" in result.output


def test_validate_reports_ok_and_errors(tmp_path):
    good = write_rule(tmp_path, flag="不眠症が治る。", passing="晴れ。") / "cure.yaml"
    assert run("rules", "validate", str(good)).output.strip() == f"{good}: ok (rule)"
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: lower-case\n", encoding="utf-8")
    result = run("rules", "validate", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"medlint: error: {bad}: ")
    assert "$.rules[0]" in result.stderr


def test_validate_warns_about_gaps_the_compiler_cannot_expand(tmp_path):
    """A sequence whose gaps give more exact-length patterns than the compiler expands (512)
    still loads, with spaCy's range quantifiers; validate says so instead of passing silently
    (session 61: a four-gap exception of a bundled rule did this, caught only by a test)."""
    wide = (RULE.format(flag="不眠症が治る。", passing="晴れ。")
            .replace("{gap: 3}", "{gap: [0, 9]}, {text: [が]}, {gap: [0, 9]}, {text: [は]}, "
                                 "{gap: [0, 9]}"))
    path = tmp_path / "wide.yaml"
    path.write_text(wide, encoding="utf-8")
    result = run("rules", "validate", str(path))
    assert result.exit_code == 0, result.output
    assert f"{path}: ok (rule)" in result.stdout
    assert (f"medlint: warning: {path}: JA-COMPANY-CURE match[0]: its gaps give 1000 "
            "exact-length patterns, over 512") in result.stderr
    narrow = write_rule(tmp_path, flag="不眠症が治る。", passing="晴れ。") / "cure.yaml"
    assert "warning" not in run("rules", "validate", str(narrow)).stderr


def test_explain_shows_tokens_matches_and_triggers():
    result = run("rules", "explain", "不眠症は治りません。")
    assert result.exit_code == 0
    assert "治る" in result.output  # the normalised form of 治り
    assert "match     JA-DISEASE-TREAT: 不眠症は治り" in result.output
    assert "trigger   ja-neg-auxiliary (negation, backward)" in result.output
    assert "findings (after exceptions, context and the post-processing chain):\n  (none)" \
        in result.output


def test_explain_says_which_trigger_lowers_a_claim_to_the_review_tier():
    result = run("rules", "explain", "--lang", "en",
                 "Cupping is often used to relieve muscle pain and stiffness.")
    assert result.exit_code == 0
    assert "en-register-used-for (meta, sentence-unquoted, lowers to the review tier)" \
        in result.output
    assert "EN-DISEASE-TREAT [disease-claim] info:" in result.output


def test_explain_reports_the_verdict_of_the_rules_it_analysed(tmp_path):
    """The findings of ``rules explain`` come from the same rule set as its matches, custom
    rule folders included (they used to be linted with the bundled rules only)."""
    folder = tmp_path / "house"
    folder.mkdir()
    source = (REPO / "rules" / "en" / "inducement.yaml").read_text(encoding="utf-8")
    (folder / "house.yaml").write_text(source.replace("EN-INDUCEMENT-", "EN-HOUSE-"),
                                       encoding="utf-8")
    result = run("rules", "explain", "Limited time offer on our drip.", "--rules-dir",
                 str(folder))
    verdict = result.output.split("findings (after")[1]
    assert "EN-HOUSE-URGENCY [inducement]" in verdict


CONTEXT = """\
lang: ja
triggers:
  - id: co-meta-draft
    kind: meta
    direction: sentence
    note: 下書き：… (a company's drafts discuss wording)
    pattern: [{term: [下書き]}]
    examples:
      cleared: [下書き：不眠症が治る, 不眠症が治ります。, 今日は晴れです。]
      kept: [下書き：不眠症が治る]
"""


def test_trigger_examples_run_and_say_why_they_fail(tmp_path):
    folder = tmp_path / "company"
    (folder / "context").mkdir(parents=True)
    (folder / "context" / "ja.yaml").write_text(CONTEXT, encoding="utf-8")
    result = run("rules", "test", "co-meta-draft", "--rules-dir", str(folder), "-v")
    assert result.exit_code == 1, result.output
    assert "ok   co-meta-draft [cleared] 下書き：不眠症が治る" in result.output
    assert "FAIL co-meta-draft [cleared] 不眠症が治ります。\n       → still reported " \
           "JA-DISEASE-TREAT '不眠症が治り' (co-meta-draft does not match here)" in result.output
    assert "FAIL co-meta-draft [cleared] 今日は晴れです。\n       → no finding even without the " \
           "context stage" in result.output
    assert "FAIL co-meta-draft [kept] 下書き：不眠症が治る\n       → no finding: cleared by " \
           "co-meta-draft" in result.output
    assert "4 examples of 1 rules/triggers: 1 passed, 3 failed." in result.output
