"""Character offsets (code points, what :class:`~linter.findings.model.Finding` gives) to LSP
positions and back, in the position encoding negotiated with the client.

LSP counts columns in UTF-16 code units unless client and server agree on UTF-8 or UTF-32
(``general.positionEncodings``).  A character outside the Basic Multilingual Plane (most
emoji) is one code point but two UTF-16 units and four UTF-8 bytes, so a column computed in
code points would underline the wrong words after an emoji.
"""

from __future__ import annotations

from bisect import bisect_right

UTF8 = "utf-8"
UTF16 = "utf-16"
UTF32 = "utf-32"


def units(text: str, encoding: str) -> int:
    """Length of ``text`` in code units of ``encoding``."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    # UTF-16: one unit per code point, two for each astral one
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class LineIndex:
    """Line starts of a text, with LSP's line breaks (``\\n``, ``\\r\\n``, ``\\r``)."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        starts = [0]
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            if ch == "\n":
                starts.append(i + 1)
            elif ch == "\r":
                if i + 1 < n and text[i + 1] == "\n":
                    i += 1
                starts.append(i + 1)
            i += 1
        self.starts = starts

    def line_of(self, offset: int) -> int:
        """0-based line that holds the character at ``offset``."""
        return bisect_right(self.starts, offset) - 1

    def line_text(self, line: int) -> str:
        """A line without its line break."""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column in code units) of a character offset, clamped to the text."""
        offset = max(0, min(offset, len(self.text)))
        line = self.line_of(offset)
        start = self.starts[line]
        return line, units(self.text[start:offset], self.encoding)

    def offset(self, line: int, column: int) -> int:
        """Character offset of an LSP (line, column); a column past the line's end (or inside
        a surrogate pair / UTF-8 sequence) rounds to the next character boundary."""
        if line < 0:
            return 0
        if line >= len(self.starts):
            return len(self.text)
        text = self.line_text(line)
        count = 0
        for index, ch in enumerate(text):
            if count >= column:
                return self.starts[line] + index
            count += units(ch, self.encoding)
        return self.starts[line] + len(text)
