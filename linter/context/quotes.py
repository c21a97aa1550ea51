"""Quoted stretches of a sentence: 「…」『…』“…” "…" ‘…’ '…'."""

from __future__ import annotations

_PAIRS = {"「": "」", "『": "』", "“": "”", "‘": "’", "《": "》", "〈": "〉", "【": "】"}
_SYMMETRIC = {'"', "'"}
_APOSTROPHES = {"'", "’"}


def _latin(ch: str) -> bool:
    """A letter or digit of a Latin script: apostrophes belong to those words; Japanese text
    uses a straight ' only as a quotation mark ('奇跡'の水)."""
    return ch.isalnum() and ord(ch) < 0x250


def _inside_word(text: str, i: int) -> bool:
    """Whether the character at ``i`` has a Latin letter or digit on both sides (it's, don’t)."""
    return 0 < i < len(text) - 1 and _latin(text[i - 1]) and _latin(text[i + 1])


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (the marks themselves excluded).

    An opening bracket-style mark (「 “ 『 ‘) left open runs to the end of the text: a
    reporter's sentence often opens the ad's words and the excerpt ends before the close
    (The voice-over stated, “Meet our ...).

    An apostrophe is not a quotation mark: inside a word (it's, Alzheimer’s) it neither opens
    nor closes one, and a straight ' right after a letter (the companies' ads) is a plural
    possessive, not an opening mark. Read as marks, they once made a regulator's sentence
    ("the companies' advertisements ... claims to cure Alzheimer's") look like a quotation of
    the ad, and the regulator register spared the claims inside it.
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in _APOSTROPHES and _inside_word(text, i):
            continue
        if stack and ch == stack[-1][0]:
            _closer, start = stack.pop()
            spans.append((start, i))
        elif ch in _PAIRS:
            stack.append((_PAIRS[ch], i + 1))
        elif ch in _SYMMETRIC:
            if ch == "'" and i > 0 and _latin(text[i - 1]):
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
