"""Blanking out what must not be linted, without moving anything.

Readers copy the decoded file and overwrite markup, code and URLs with spaces
(newlines stay), so every offset in the masked text is the same offset in the
file.  A newline may also be written where markup separates two pieces of
text (a table pipe, a <p> tag), which keeps sentences from running together.
"""

from __future__ import annotations

import re


class Mask:
    def __init__(self, text: str) -> None:
        self.original = text
        self.chars = list(text)

    def blank(self, start: int, end: int) -> None:
        for i in range(max(0, start), min(end, len(self.chars))):
            if self.chars[i] != "\n":
                self.chars[i] = " "

    def separate(self, start: int, end: int) -> None:
        """Blank a span and put a line break at its start, so the text on either side splits."""
        self.blank(start, end)
        if start < len(self.chars) and end > start:
            self.chars[start] = "\n"

    def put(self, offset: int, text: str, end: int) -> None:
        """Write ``text`` (e.g. a decoded entity) at ``offset`` and blank the rest up to ``end``."""
        self.blank(offset, end)
        for i, ch in enumerate(text[: end - offset]):
            self.chars[offset + i] = ch

    def text(self) -> str:
        return "".join(self.chars)


def line_offsets(text: str) -> list[int]:
    """Offset of the start of each line, plus the end of the text."""
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    starts.append(len(text) + 1)
    return starts
