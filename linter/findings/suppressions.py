"""Apply inline suppressions to a file's findings; report unused ones (like ruff's RUF100)."""

from __future__ import annotations

from linter.findings.chain import selector_matches
from linter.findings.model import Finding
from linter.reading.document import Suppression
from linter.rules.model import RuleSet

UNUSED_RULE_ID = "MEDLINT-UNUSED-SUPPRESSION"


def _covers(suppression: Suppression, finding: Finding, ruleset: RuleSet) -> bool:
    if not suppression.first_line <= finding.line <= suppression.last_line:
        return False
    if not suppression.rules:
        return True
    rule = ruleset.rule(finding.rule_id)
    if rule is None:
        return finding.rule_id in suppression.rules
    return any(selector_matches(s, rule) for s in suppression.rules)


def apply_suppressions(findings: list[Finding], suppressions: list[Suppression],
                       ruleset: RuleSet) -> tuple[list[Finding], list[Suppression]]:
    """Findings that survive, and the suppressions that silenced nothing."""
    used: set[int] = set()
    kept = []
    for finding in findings:
        hits = [i for i, s in enumerate(suppressions) if _covers(s, finding, ruleset)]
        if hits:
            used.update(hits)
        else:
            kept.append(finding)
    unused = [s for i, s in enumerate(suppressions) if i not in used]
    return kept, unused


def unused_suppression_finding(path: str, suppression: Suppression, locale: str | None,
                               location_unit: str = "line") -> Finding:
    english = locale != "ja"
    what = ", ".join(sorted(suppression.rules)) or ("all rules" if english else "すべての規則")
    return Finding(
        path=path,
        rule_id=UNUSED_RULE_ID,
        category="unused-suppression",
        severity="warning",
        lang="en" if english else "ja",
        message=(f"Unused suppression ({what}): no finding on the lines it covers."
                 if english else f"未使用の抑制コメント（{what}）：対象の行に指摘がありません。"),
        suggestion="Remove the comment." if english else "コメントを削除してください。",
        references=[{"source": "medlint", "section": "README: Suppressions"}],
        line=suppression.comment_line,
        column=suppression.comment_column,
        end_line=suppression.comment_line,
        end_column=suppression.comment_column + len(suppression.directive),
        sentence=suppression.directive,
        matched=suppression.directive,
        location_unit=location_unit,
    )
