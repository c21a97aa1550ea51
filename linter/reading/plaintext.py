"""Plain text: nothing to mask but suppression directives.

Plain text has no comment syntax; a suppression directive is a line of its own starting
with ``#`` or an HTML comment (see ``linter.reading.suppressions``).  Directives are blanked
in place (same length), so they are never linted and positions stay exact.
"""

from __future__ import annotations

from linter.reading.document import SourceDocument
from linter.reading.masking import Mask
from linter.reading.suppressions import directive_spans, parse_suppressions


def read_text(path: str, text: str) -> SourceDocument:
    """A plain-text document (suppression directives read and blanked)."""
    spans = directive_spans(text) if "medlint-" in text else []
    masked = text
    if spans:
        mask = Mask(text)
        for start, end in spans:
            mask.blank(start, end)
        masked = mask.text()
    return SourceDocument(path=path, original=text, text=masked, kind="text",
                          suppressions=parse_suppressions(text, line_comments=True)
                          if spans else [])
