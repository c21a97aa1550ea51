"""The sentence a reader is shown, and where the matched words sit in it.

Readers blank markup in place (tags, entity padding, code) so that offsets stay
exact; a report must not show those blanks, nor the raw markup.  The display
sentence is built from the masked text: blanked runs are dropped (or become one
space between two Latin letters or digits, as a ``<br>`` between two words does),
and whitespace is folded.  Alongside it comes a map from every source offset of
the sentence to a display offset, so that a match's span is translated, never
searched for again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DisplaySentence:
    text: str
    positions: tuple[int, ...]  # positions[i] = display offset of source offset start + i
    start: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Display offsets of the source span [start, end)."""
        first = self.positions[max(0, min(start - self.start, len(self.positions) - 1))]
        last = self.positions[max(0, min(end - self.start, len(self.positions) - 1))]
        return first, max(first, last)


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace other than a plain space


def display_sentence(original: str, masked: str, start: int, end: int) -> DisplaySentence:
    """The reader-facing form of ``original[start:end]`` (see the module docstring)."""
    segment = masked[start:end]
    if (segment == original[start:end] and segment == segment.strip()
            and "  " not in segment and _OTHER_SPACE.search(segment) is None):
        # nothing blanked and no layout whitespace (most sentences): the walk would copy the
        # text as it is, one display offset per source offset
        plain = DisplaySentence(segment, tuple(range(len(segment) + 1)), start)
        return _drop_cjk_breaks(original, start, plain) if " " in segment else plain
    return _walk(original, masked, start, end)


def _walk(original: str, masked: str, start: int, end: int) -> DisplaySentence:
    out: list[str] = []
    positions: list[int] = []
    pending_space = False
    i = start
    while i < end:
        char = masked[i]
        blanked = char.isspace() and original[i] != char
        if blanked:
            run_end = i
            while run_end < end and masked[run_end].isspace() and original[run_end] != masked[
                    run_end]:
                run_end += 1
            before = out[-1] if out else ""
            after = masked[run_end] if run_end < end else ""
            if _latin(before) and _latin(after):
                pending_space = True
            positions.extend([len(out)] * (run_end - i))
            i = run_end
            continue
        if char.isspace():
            if out and not out[-1].isspace():
                pending_space = True
            positions.append(len(out))
            i += 1
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        positions.append(len(out))
        out.append(char)
        i += 1
    positions.append(len(out))
    text = "".join(out)
    # a newline inside a Japanese sentence is layout, not a space: drop spaces between CJK
    # characters that came only from line breaks
    return _drop_cjk_breaks(original, start, DisplaySentence(text, tuple(positions), start))


def _cjk(char: str) -> bool:
    return bool(char) and not char.isascii() and char.isalnum()


def _drop_cjk_breaks(original: str, start: int, sentence: DisplaySentence) -> DisplaySentence:
    text = sentence.text
    drop = {
        k for k in range(1, len(text) - 1)
        if text[k] == " " and _cjk(text[k - 1]) and _cjk(text[k + 1])
    }
    if not drop:
        return sentence
    shift = []
    removed = 0
    for k in range(len(text) + 1):
        shift.append(k - removed)
        if k in drop:
            removed += 1
    kept = "".join(c for k, c in enumerate(text) if k not in drop)
    return DisplaySentence(kept, tuple(shift[p] for p in sentence.positions), start)
