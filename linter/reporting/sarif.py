"""SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, IDE viewers).

Columns are counted in Unicode code points, which SARIF calls
``unicodeCodePoints``; the rule metadata carries the message, the rewrite
and the legal basis so a viewer can show them without medlint installed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter import __version__
from linter.findings.model import Finding, Suppressed
from linter.reporting.results import RunResult
from linter.rules.model import Rule

if TYPE_CHECKING:
    from linter.reporting.emitters import ReportContext

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
INFORMATION_URI = "https://github.com/medlint/medlint"


def _uri(path: str) -> str:
    candidate = Path(path)
    try:
        return candidate.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return candidate.as_posix()


def _rule_descriptor(rule: Rule, locale: str | None) -> dict[str, Any]:
    basis = "; ".join(f"{r.source} {r.section}" for r in rule.references)
    suggestion = rule.text("suggestion", locale)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.id.title().replace("-", ""),
        "shortDescription": {"text": rule.text("message", locale)},
        "fullDescription": {"text": rule.text("rationale", locale) or rule.text("message",
                                                                                  locale)},
        "help": {
            "text": f"{suggestion}\nLegal basis: {basis}",
            "markdown": f"**Rewrite:** {suggestion}\n\n**Legal basis:** " + "; ".join(
                f"[{r.source} {r.section}]({r.url})" if r.url else f"{r.source} {r.section}"
                for r in rule.references),
        },
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"category": rule.category, "lang": rule.lang,
                       "tags": [rule.category, rule.lang, "health-claims"]},
    }
    urls = [r.url for r in rule.references if r.url]
    if urls:
        descriptor["helpUri"] = urls[0]
    return descriptor


def _suppressed_result(suppressed: Suppressed, rule_index: dict[str, int]) -> dict[str, Any]:
    """A finding accepted in the source (a comment) or outside it (the baseline): SARIF keeps
    it as a suppressed result whose justification is the reason the author gave."""
    result = _result(suppressed.finding, rule_index)
    entry: dict[str, Any] = {"kind": "inSource" if suppressed.kind == "inline" else "external"}
    if suppressed.reason:
        entry["justification"] = suppressed.reason
    result["suppressions"] = [entry]
    return result


def _result(finding: Finding, rule_index: dict[str, int]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message + (" Missing: " + "; ".join(finding.missing)
                                               if finding.missing else "")},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": _uri(finding.path)},
                "region": {
                    "startLine": finding.line,
                    "startColumn": finding.column,
                    "endLine": finding.end_line,
                    "endColumn": finding.end_column,
                    "snippet": {"text": finding.matched},
                },
            }
        }],
        "partialFingerprints": {"medlintSentence/v1": finding.fingerprint()},
        "properties": {"category": finding.category, "suggestion": finding.suggestion,
                       "sentence": finding.sentence, "locationUnit": finding.location_unit},
    }
    location = result["locations"][0]
    if finding.location_unit == "paragraph":
        # a Word document has no lines: say so where a viewer shows the location
        location["message"] = {"text": f"Word document: line {finding.line} is paragraph "
                                       f"{finding.line}; columns count characters in it."}
    else:
        region = location["physicalLocation"]["region"]
        region["charOffset"] = finding.offset
        region["charLength"] = finding.end_offset - finding.offset
    if finding.rule_id in rule_index:
        result["ruleIndex"] = rule_index[finding.rule_id]
    return result


def render_sarif(result: RunResult, rule_for: Callable[[str], Rule | None],
                 locale: str | None) -> str:
    """SARIF 2.1.0; ``rule_for`` gives each finding's rule (from the rule set it was linted
    with, so rules from another folder's config get their descriptor too)."""
    suppressed = [s for file in result.files for s in file.suppressed]
    used = sorted({f.rule_id for f in result.findings} | {s.finding.rule_id for s in suppressed}
                  | {f.rule_id for file in result.files for f in file.accepted})
    rules = [rule_for(rule_id) for rule_id in used]
    descriptors = [_rule_descriptor(r, locale) for r in rules if r is not None]
    rule_index = {d["id"]: i for i, d in enumerate(descriptors)}
    notifications = [
        {"level": "error", "message": {"text": f"{f.path}: {f.error}"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(f.path)}}}]}
        for f in result.input_errors
    ]
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "medlint",
            "version": __version__,
            "informationUri": INFORMATION_URI,
            "rules": descriptors,
        }},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rule_index) for f in result.findings]
                   + [_suppressed_result(s, rule_index) for s in suppressed] + [
            # accepted wording: a result suppressed externally, the basis as justification
            {**_result(f, rule_index), "suppressions": [
                {"kind": "external", "justification": getattr(f, "basis", "")}]}
            for file in result.files for f in file.accepted],
        "invocations": [{
            "executionSuccessful": not result.input_errors,
            "toolExecutionNotifications": notifications,
        }],
    }
    report = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def emit(result: RunResult, context: ReportContext) -> str:
    """The emitter protocol (``linter.reporting.emitters``)."""
    rendered = render_sarif(result, context.rule, context.locale)
    if context.audit is None:
        return rendered
    report = json.loads(rendered)  # the audit trail goes into the run's property bag
    report["runs"][0].setdefault("properties", {})["audit"] = dict(context.audit)
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
