"""Quoted stretches of a sentence: 「…」『…』“…” "…" ‘…’ '…'."""

from __future__ import annotations

_PAIRS = {"「": "」", "『": "』", "“": "”", "‘": "’", "《": "》", "〈": "〉", "【": "】"}
_SYMMETRIC = {'"', "'"}


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (the marks themselves excluded).

    An opening bracket-style mark (「 “ 『 ‘) left open runs to the end of the text: a
    reporter's sentence often opens the ad's words and the excerpt ends before the close
    (The voice-over stated, “Meet our ...).
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if stack and ch == stack[-1][0]:
            _closer, start = stack.pop()
            spans.append((start, i))
        elif ch in _PAIRS:
            stack.append((_PAIRS[ch], i + 1))
        elif ch in _SYMMETRIC:
            # an apostrophe inside a word (it's, don't) is not a quote
            if ch == "'" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and \
                    text[i + 1].isalnum():
                continue
            stack.append((ch, i + 1))
    spans.extend((start, len(text)) for closer, start in stack if closer != '"' and closer != "'")
    return spans


def inside_quotes(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def joins_quotations(spans: list[tuple[int, int]], closing_mark: int, opening_mark: int) -> bool:
    """Whether the mark at ``closing_mark`` ends one quotation and the mark at
    ``opening_mark`` opens the next: what lies between them joins a list of quotations."""
    return any(end == closing_mark for _, end in spans) and \
        any(start == opening_mark + 1 for start, _ in spans)
