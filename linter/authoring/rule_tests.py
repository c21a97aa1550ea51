"""Run rule examples and context trigger examples, and say why a failing one failed.

A rule author needs more than "failed": whether the prefilter skipped the
sentence, whether a pattern matched but an exception or a context trigger
removed it, or which words matched when they should not have.  A trigger
author needs to know whether the example holds a claim at all, which trigger
cleared it (another one, earlier in the sentence, shadows this one), and for a
pseudo trigger or a terminator whether the claim would fall without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from linter.engine import CompiledRules, Engine, LintOptions
from linter.reading.plaintext import read_text
from linter.rules.model import Rule, RuleSet, Trigger


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
    rule = engine.ruleset.rule(rule_id)
    scored = [e for e in events if e.kind == "model" and e.rule_id == rule_id]
    if rule is not None and rule.model is not None and scored \
            and not any(e.kind == "matched" and e.rule_id == rule_id for e in events):
        gate, label = scored[0].text.split(" ", 1)
        return (f"the claim model gave {gate} (min_score {rule.model.min_score}) and read it "
                f"as {label} (the rule's label is {rule.model.label})")
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
        # one engine with the context stage and one without, for all of a file's examples
        engine = Engine(ruleset, LintOptions(forced_lang=lang, review_cleared=False),
                        compiled=compiled)
        bare = Engine(ruleset, LintOptions(forced_lang=lang, context=False), compiled=compiled)
        for kind, examples in (("cleared", spec.cleared_examples), ("kept", spec.kept_examples)):
            for text in examples:
                engine.trace = []
                document = read_text("example", text)
                findings = engine.lint(document)
                if kind == "cleared":
                    claims = bare.lint(document)
                    ok = bool(claims) and not findings
                    detail = ""
                    if not claims:
                        detail = "no finding even without the context stage: no claim here"
                    elif findings:
                        detail = f"still reported {_claims(findings)}"
                else:
                    ok = bool(findings)
                    cleared = [e for e in engine.trace if e.kind == "cleared"]
                    detail = "" if ok else (
                        f"cleared by {cleared[0].trigger}" if cleared else "no rule matched")
                out.append(ExampleResult(f"context:{lang}", kind, text, ok, detail))
    return out


def _claims(findings) -> str:
    return ", ".join(f"{f.rule_id} {f.matched!r}" for f in findings)


def _events(engine: Engine, kind: str) -> set[str]:
    """The trigger ids of the trace's events of this kind (trigger: matched; cleared)."""
    return {e.trigger for e in engine.trace or () if e.kind == kind}


def _cleared_claims(engine: Engine) -> set[tuple[str, str]]:
    """(rule id, words) of every claim the context stage cleared (any rule's match, also one
    that a wider finding of another rule absorbs in the report)."""
    return {(e.rule_id, e.text) for e in engine.trace or () if e.kind == "cleared"}


def check_trigger_example(engine_with: Callable[..., Engine], trigger: Trigger, lang: str,
                          kind: str, text: str) -> ExampleResult:
    """One example of a context trigger, through the real fast path.

    ``engine_with(**options)`` makes an engine with these ``LintOptions`` (sharing one
    ``CompiledRules``).  The example's claims are its findings without the context stage.
    A cleared example must have claims, no finding with the context stage, and this trigger
    must be the one that clears them: it clears at least one, and no other trigger (one
    earlier in the sentence, say, that shadows it) clears a claim above the review tier (a
    review-tier word often sits next to a second trigger: the ない of 効果はありません).
    A kept example of a clearing trigger is a look-alike: a finding stands, and the trigger
    clears no claim above the review tier.  A kept example of a pseudo trigger or a
    terminator has a finding with every trigger, and a claim (any rule's match) that the
    context stage clears once this trigger is left out, so it shows what the trigger does."""
    document = read_text("example", text)
    # a cleared example is one the trigger clears: a to_review trigger's claim is then not
    # shown at the review tier either (tests/test_review_lowering.py shows the lowering)
    engine = engine_with(forced_lang=lang, review_cleared=False)
    engine.trace = []
    findings = engine.lint(document)
    claims = {(f.rule_id, f.matched) for f in engine_with(forced_lang=lang, context=False)
              .lint(document)}
    # (trigger, rule id, words) of each claim the context stage cleared
    cleared = {(e.trigger, e.rule_id, e.text) for e in engine.trace or ()
               if e.kind == "cleared" and (e.rule_id, e.text) in claims}
    ruleset = engine.ruleset

    def weighty(rule_id: str) -> bool:
        rule = ruleset.rule(rule_id)
        return rule is not None and rule.severity != "info"

    mine = sorted(f"{r} {t!r}" for by, r, t in cleared if by == trigger.id and weighty(r))

    def result(ok: bool, detail: str = "") -> ExampleResult:
        return ExampleResult(trigger.id, kind, text, ok, detail)

    if kind == "cleared":
        if not claims:
            return result(False, "no finding even without the context stage: the sentence "
                                 "holds no claim that a rule reports")
        if findings:
            return result(False, f"still reported {_claims(findings)}" + (
                "" if trigger.id in _events(engine, "trigger")
                else f" ({trigger.id} does not match here)"))
        others = sorted({f"{by} ({r} {t!r})" for by, r, t in cleared
                         if by != trigger.id and weighty(r)})
        if others or not any(by == trigger.id for by, _r, _t in cleared):
            return result(False, f"cleared by {', '.join(others) or 'another trigger'}, "
                                 f"not by {trigger.id}")
        return result(True)
    if not findings:
        by = sorted({by for by, _r, _t in cleared})
        return result(False, f"no finding: cleared by {', '.join(by)}" if by
                      else "no finding: no rule reports a claim here")
    if trigger.clears:
        if mine:
            return result(False, f"{trigger.id} cleared {', '.join(mine)}")
        return result(True)
    bare = engine_with(forced_lang=lang, ignore_triggers=(trigger.id,), review_cleared=False)
    bare.trace = []
    bare.lint(document)
    if not _cleared_claims(bare) - _cleared_claims(engine):
        return result(False, f"every claim stands without {trigger.id} too, so the example "
                             "does not show what it does")
    return result(True)


def run_trigger_examples(ruleset: RuleSet, compiled: CompiledRules,
                         trigger_ids: list[str] | None = None) -> list[ExampleResult]:
    def engine_with(**options) -> Engine:
        return Engine(ruleset, LintOptions(**options), compiled=compiled)

    out = []
    for lang, spec in sorted(ruleset.contexts.items()):
        for trigger in spec.triggers:
            if trigger_ids and trigger.id not in trigger_ids:
                continue
            if not (trigger.cleared_examples if trigger.clears else trigger.kept_examples):
                out.append(ExampleResult(trigger.id, "cleared" if trigger.clears else "kept",
                                         "(none)", False, "the trigger has no example"))
            for kind, examples in (("cleared", trigger.cleared_examples),
                                   ("kept", trigger.kept_examples)):
                out.extend(check_trigger_example(engine_with, trigger, lang, kind, text)
                           for text in examples)
    return out


def trigger_ids(ruleset: RuleSet) -> set[str]:
    return {t.id for spec in ruleset.contexts.values() for t in spec.triggers}


def run_rule_tests(ruleset: RuleSet, rule_ids: list[str] | None = None,
               compiled: CompiledRules | None = None) -> RuleTestReport:
    """Each rule runs alone (--select) on its own examples, through the real fast path; then
    each context trigger's examples, and the context files' own.  ``rule_ids`` may name
    rules and triggers."""
    compiled = compiled or CompiledRules(ruleset)

    def engine_for(rule: Rule) -> Engine:
        return Engine(ruleset, LintOptions(select=(rule.id,), forced_lang=rule.lang,
                                           review_cleared=False), compiled=compiled)

    report = RuleTestReport()
    for rule in ruleset.rules:
        if rule_ids and rule.id not in rule_ids:
            continue
        if rule.scope == "document":
            report.results.extend(run_document_examples(engine_for, rule))
        else:
            report.results.extend(run_rule_examples(engine_for, rule))
    wanted_triggers = [i for i in rule_ids or () if i in trigger_ids(ruleset)]
    if not rule_ids or wanted_triggers:
        report.results.extend(run_trigger_examples(ruleset, compiled, wanted_triggers or None))
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
