"""Machine-readable report; the shape is fixed by schemas/output.schema.json."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from linter import __version__
from linter.reporting.results import RunResult

if TYPE_CHECKING:
    from linter.reporting.emitters import ReportContext


def report_dict(result: RunResult) -> dict[str, Any]:
    files = []
    for file in result.files:
        entry: dict[str, Any] = {
            "path": file.path,
            "findings": [f.to_dict() for f in file.findings],
        }
        if file.error:
            entry["error"] = file.error
        if file.suppressed:  # accepted by a comment or the baseline, with the reason given
            entry["suppressed"] = [s.to_dict() for s in file.suppressed]
        if file.accepted:  # permitted or registered wording (linter.profiles)
            entry["accepted"] = [f.to_dict() for f in file.accepted]
        files.append(entry)
    return {"version": __version__, "files": files, "summary": result.summary()}


def render_json(result: RunResult) -> str:
    return json.dumps(report_dict(result), ensure_ascii=False, indent=2) + "\n"


def emit(result: RunResult, context: ReportContext) -> str:
    """The emitter protocol (``linter.reporting.emitters``)."""
    if context.audit is not None:  # the audit trail (linter.reporting.audit)
        report = report_dict(result)
        report["audit"] = dict(context.audit)
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    return render_json(result)
