"""Checkstyle XML, the format many CI plug-ins and review bots read (reviewdog, Jenkins).

Columns are characters (code points), 1-based; for a .docx, ``line`` is the paragraph
number, as in every other medlint format.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from linter import __version__
from linter.reporting.results import RunResult

if TYPE_CHECKING:
    from linter.reporting.emitters import ReportContext


def render_checkstyle(result: RunResult) -> str:
    root = ET.Element("checkstyle", version=f"medlint-{__version__}")
    for file in result.files:
        node = ET.SubElement(root, "file", name=file.path)
        if file.error:
            ET.SubElement(node, "error", line="1", severity="error", message=file.error,
                          source="medlint.input-error")
        for f in file.findings:
            ET.SubElement(node, "error", line=str(f.line), column=str(f.column),
                          severity=f.severity, source=f"medlint.{f.rule_id}",
                          message=f"[{f.category}] {f.message} ({f.suggestion})")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") \
        + "\n"


def emit(result: RunResult, context: ReportContext) -> str:
    """The emitter protocol (``linter.reporting.emitters``)."""
    return render_checkstyle(result)
