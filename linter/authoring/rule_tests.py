"""Run rule examples and context examples, and say why a failing one failed.

A rule author needs more than "failed": whether the prefilter skipped the
sentence, whether a pattern matched but an exception or a context trigger
removed it, or which words matched when they should not have.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from linter.engine import CompiledRules, Engine, LintOptions
from linter.reading.plaintext import read_text
from linter.rules.model import Rule, RuleSet


@dataclass
class ExampleResult:
    rule_id: str
    kind: str  # flag | pass | cleared | kept
    text: str
    ok: bool
    detail: str = ""


@dataclass
class RuleTestReport:
    results: list[ExampleResult] = field(default_factory=list)

    @property
    def failures(self) -> list[ExampleResult]:
        return [r for r in self.results if not r.ok]


def _why_not_flagged(engine: Engine, rule_id: str) -> str:
    events = engine.trace or []
    if any(e.kind == "prefilter-skipped" for e in events) and not any(
            e.kind == "matched" for e in events):
        return "the prefilter skipped the sentence (no anchor word of any pattern found)"
    mine = [e for e in events if e.rule_id == rule_id]
    cleared = [e for e in mine if e.kind == "cleared"]
    if cleared:
        return f"matched {cleared[0].text!r} but context trigger {cleared[0].trigger} cleared it"
    if any(e.kind == "exception" for e in mine) and any(e.kind == "matched" for e in mine):
        blocker = next(e for e in mine if e.kind == "exception")
        return f"matched, but the exception {blocker.text!r} cancelled it"
    others = sorted({e.rule_id for e in events if e.kind == "matched" and e.rule_id != rule_id})
    hint = f" (other rules matched: {', '.join(others)})" if others else ""
    return "no pattern of the rule matched" + hint


def run_rule_examples(engine_for, rule: Rule) -> list[ExampleResult]:
    out = []
    for kind, examples in (("flag", rule.flag_examples), ("pass", rule.pass_examples)):
        for text in examples:
            engine = engine_for(rule)
            engine.trace = []
            findings = [f for f in engine.lint(read_text("example", text)) if f.rule_id == rule.id]
            if kind == "flag":
                ok = bool(findings)
                detail = "" if ok else _why_not_flagged(engine, rule.id)
            else:
                ok = not findings
                detail = "" if ok else "flagged " + ", ".join(
                    f"{f.matched!r} at column {f.column}" for f in findings)
            out.append(ExampleResult(rule.id, kind, text, ok, detail))
    return out


def run_context_examples(ruleset: RuleSet, compiled: CompiledRules) -> list[ExampleResult]:
    out = []
    for lang, spec in sorted(ruleset.contexts.items()):
        for kind, examples in (("cleared", spec.cleared_examples), ("kept", spec.kept_examples)):
            for text in examples:
                engine = Engine(ruleset, LintOptions(forced_lang=lang), compiled=compiled)
                engine.trace = []
                findings = engine.lint(read_text("example", text))
                if kind == "cleared":
                    ok = not findings
                    detail = "" if ok else "still reported " + ", ".join(
                        f"{f.rule_id} {f.matched!r}" for f in findings)
                else:
                    ok = bool(findings)
                    cleared = [e for e in engine.trace if e.kind == "cleared"]
                    detail = "" if ok else (
                        f"cleared by {cleared[0].trigger}" if cleared else "no rule matched")
                out.append(ExampleResult(f"context:{lang}", kind, text, ok, detail))
    return out


def run_rule_tests(ruleset: RuleSet, rule_ids: list[str] | None = None,
               compiled: CompiledRules | None = None) -> RuleTestReport:
    """Each rule runs alone (--select) on its own examples, through the real fast path."""
    compiled = compiled or CompiledRules(ruleset)

    def engine_for(rule: Rule) -> Engine:
        return Engine(ruleset, LintOptions(select=(rule.id,), forced_lang=rule.lang),
                      compiled=compiled)

    report = RuleTestReport()
    for rule in ruleset.rules:
        if rule_ids and rule.id not in rule_ids:
            continue
        if rule.scope == "document":
            report.results.extend(run_document_examples(engine_for, rule))
        else:
            report.results.extend(run_rule_examples(engine_for, rule))
    if not rule_ids:
        report.results.extend(run_context_examples(ruleset, compiled))
    return report


def run_document_examples(engine_for, rule: Rule) -> list[ExampleResult]:
    """Document rules: flag examples are whole documents that must get the finding."""
    out = []
    for kind, examples in (("flag", rule.flag_examples), ("pass", rule.pass_examples)):
        for text in examples:
            findings = [f for f in engine_for(rule).lint(read_text("example", text))
                        if f.rule_id == rule.id]
            ok = bool(findings) if kind == "flag" else not findings
            detail = ""
            if not ok and kind == "pass":
                detail = "still missing: " + " / ".join(findings[0].missing)
            elif not ok:
                detail = "no trigger found, or every required item is present"
            out.append(ExampleResult(rule.id, kind, text[:60] + ("…" if len(text) > 60 else ""),
                                     ok, detail))
    return out
