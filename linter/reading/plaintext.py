"""Plain text: nothing to mask."""

from __future__ import annotations

from linter.reading.document import SourceDocument


def read_text(path: str, text: str) -> SourceDocument:
    return SourceDocument(path=path, original=text, text=text, kind="text")
