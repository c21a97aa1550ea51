"""One emitter protocol for every report format, and the table of formats.

An emitter is ``emit(result: RunResult, context: ReportContext) -> str``.  Adding a
format is one new module with an ``emit`` function plus one line in ``EMITTERS``
(modules are imported only when their format is asked for).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import import_module
from typing import Any, Protocol

from linter.reporting.results import RunResult
from linter.rules.model import Rule


@dataclass(frozen=True)
class ReportContext:
    """What a report may need besides the findings."""

    locale: str | None = None  # message language; None = each rule's own
    color: bool = False  # terminal colour (text format only)
    quiet: bool = False  # findings only, no summary (text formats)
    rule: Callable[[str], Rule | None] = lambda rule_id: None  # rule metadata by id
    audit: Mapping[str, Any] | None = None  # linter.reporting.audit.build_audit's trail


class Emitter(Protocol):
    def __call__(self, result: RunResult, context: ReportContext) -> str: ...


# format name -> module that defines ``emit`` (or ``module:function``)
EMITTERS: dict[str, str] = {
    "full": "linter.reporting.text",
    "text": "linter.reporting.text",  # the name medlint 0.1 used for "full"
    "concise": "linter.reporting.text:emit_concise",
    "json": "linter.reporting.json_report",
    "sarif": "linter.reporting.sarif",
    "github": "linter.reporting.github",
    "html": "linter.reporting.html_report",
    "junit": "linter.reporting.junit",
    "checkstyle": "linter.reporting.checkstyle",
    "docx": "linter.reporting.docx_report",  # binary: the CLI calls docx_report.write
}


def emitter(name: str) -> Emitter:
    """The emitter of format ``name`` (one of ``EMITTERS``)."""
    module, _, function = EMITTERS[name].partition(":")
    return getattr(import_module(module), function or "emit")


def render(name: str, result: RunResult, context: ReportContext) -> str:
    """The report of ``result`` in format ``name``."""
    return emitter(name)(result, context)
