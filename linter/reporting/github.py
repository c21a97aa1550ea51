"""GitHub Actions workflow commands: findings appear as annotations on the pull request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from linter.reporting.results import RunResult

if TYPE_CHECKING:
    from linter.reporting.emitters import ReportContext

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(result: RunResult) -> str:
    lines = []
    for f in result.findings:
        message = f.message + (" Missing: " + "; ".join(f.missing) if f.missing else "")
        message += f" Suggestion: {f.suggestion}"
        # GitHub shows line/col without saying what they count: medlint counts characters,
        # and a Word document's "line" is a paragraph number
        unit = "paragraph" if f.location_unit == "paragraph" else "line"
        message += f" ({unit} {f.line}, column {f.column} in characters)"
        lines.append(
            f"::{_LEVEL[f.severity]} file={_property(f.path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},"
            f"title={_property(f'{f.rule_id} [{f.category}]')}::{_data(message)}"
        )
    for f in result.input_errors:
        lines.append(f"::error file={_property(f.path)}::{_data(f.error or '')}")
    return "\n".join(lines) + ("\n" if lines else "")


def emit(result: RunResult, context: ReportContext) -> str:
    """The emitter protocol (``linter.reporting.emitters``)."""
    return render_github(result)
