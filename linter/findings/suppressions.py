"""Apply inline suppressions to a file's findings; report unused ones (like ruff's RUF100)
and ones that name no rule (a misspelt rule id or form must never pass silently)."""

from __future__ import annotations

import difflib

from linter.findings.chain import selector_matches, unknown_selector
from linter.findings.model import Finding
from linter.reading.document import Suppression
from linter.reading.suppressions import FORMS
from linter.rules.model import RuleSet

UNUSED_RULE_ID = "MEDLINT-UNUSED-SUPPRESSION"
UNKNOWN_RULE_ID = "MEDLINT-UNKNOWN-SUPPRESSION"


def _covers(suppression: Suppression, finding: Finding, ruleset: RuleSet) -> bool:
    if not suppression.first_line <= finding.line <= suppression.last_line:
        return False
    if not suppression.rules:
        return True
    rule = ruleset.rule(finding.rule_id)
    if rule is None:
        return finding.rule_id in suppression.rules
    return any(selector_matches(s, rule) for s in suppression.rules)


def covering(finding: Finding, suppressions: list[Suppression],
             ruleset: RuleSet) -> Suppression | None:
    """The first suppression comment that silences ``finding``, if any."""
    return next((s for s in suppressions if _covers(s, finding, ruleset)), None)


def _known_form(suppression: Suppression) -> bool:
    return not suppression.kind or suppression.kind in FORMS


def apply_suppressions(findings: list[Finding], suppressions: list[Suppression],
                       ruleset: RuleSet) -> tuple[list[Finding], list[Suppression]]:
    """Findings that survive, and the suppressions that silenced nothing.  ``enable``
    markers, misspelt forms and suppressions naming an unknown rule are never "unused":
    the first cover nothing by design and the others are reported by
    :func:`unknown_suppression_findings`."""
    used: set[int] = set()
    kept = []
    for finding in findings:
        hits = [i for i, s in enumerate(suppressions) if _covers(s, finding, ruleset)]
        if hits:
            used.update(hits)
        else:
            kept.append(finding)
    unused = [s for i, s in enumerate(suppressions) if i not in used
              and s.kind != "enable" and _known_form(s)
              and not any(unknown_selector(r, ruleset) for r in s.rules)]
    return kept, unused


def unknown_suppression_findings(path: str, suppressions: list[Suppression],
                                 ruleset: RuleSet, locale: str | None,
                                 location_unit: str = "line") -> list[Finding]:
    """One ``MEDLINT-UNKNOWN-SUPPRESSION`` warning per suppression comment that names an
    unknown rule id, prefix or category, or uses a form that does not exist
    (``medlint-disable-lines``): such a comment silences nothing, and its author thinks
    it does."""
    english = locale != "ja"
    out = []
    for suppression in suppressions:
        if not _known_form(suppression):
            forms = ", ".join(f"medlint-{f}" for f in FORMS)
            close = difflib.get_close_matches(suppression.kind, FORMS, n=1)
            hint = f"medlint-{close[0]}" if close else forms
            message = (f"Unknown suppression form 'medlint-{suppression.kind}': it silences "
                       f"nothing. Did you mean {hint}?" if english else
                       f"抑制コメントの形式 'medlint-{suppression.kind}' は存在しないため、何も抑制"
                       f"しません。{hint} のことですか？")
            out.append(_finding(path, suppression, message, english, location_unit,
                                f"Use one of: {forms}." if english else f"使える形式: {forms}"))
            continue
        for selector in sorted(suppression.rules):
            hint = unknown_selector(selector, ruleset)
            if hint is None:
                continue
            if english:
                message = (f"Suppression names unknown rule, prefix or category '{selector}': "
                           "it silences nothing."
                           + (f" Did you mean {hint}?" if hint != "-" else ""))
                suggestion = "Fix the name (see 'medlint rules list') or remove it."
            else:
                message = (f"抑制コメントの '{selector}' は規則ID・接頭辞・カテゴリのどれでも"
                           "ないため、何も抑制しません。"
                           + (f"{hint} のことですか？" if hint != "-" else ""))
                suggestion = "名前を直す（medlint rules list を参照）か、削除してください。"
            out.append(_finding(path, suppression, message, english, location_unit,
                                suggestion))
    return out


def _finding(path: str, suppression: Suppression, message: str, english: bool,
             location_unit: str, suggestion: str, rule_id: str = UNKNOWN_RULE_ID,
             category: str = "unknown-suppression") -> Finding:
    """A finding about the suppression comment itself, located on the comment."""
    return Finding(
        path=path,
        rule_id=rule_id,
        category=category,
        severity="warning",
        lang="en" if english else "ja",
        message=message,
        suggestion=suggestion,
        references=[{"source": "medlint", "section": "README: Suppressions"}],
        line=suppression.comment_line,
        column=suppression.comment_column,
        end_line=suppression.comment_line,
        end_column=suppression.comment_column + len(suppression.directive),
        sentence=suppression.directive,
        matched=suppression.directive,
        location_unit=location_unit,
    )


def unused_suppression_finding(path: str, suppression: Suppression, locale: str | None,
                               location_unit: str = "line") -> Finding:
    english = locale != "ja"
    what = ", ".join(sorted(suppression.rules)) or ("all rules" if english else "すべての規則")
    message = (f"Unused suppression ({what}): no finding on the lines it covers."
               if english else f"未使用の抑制コメント（{what}）：対象の行に指摘がありません。")
    suggestion = "Remove the comment." if english else "コメントを削除してください。"
    return _finding(path, suppression, message, english, location_unit, suggestion,
                    UNUSED_RULE_ID, "unused-suppression")
