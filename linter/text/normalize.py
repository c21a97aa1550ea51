"""Folding text so that width, case and kana variants compare equal.

Used by the prefilter (scan and keys must fold the same way); spaCy/GiNZA do
their own normalisation for matching proper.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}


def fold(text: str) -> str:
    """NFKC (full-width → half-width, half-width kana → full-width), casefold, kata → hira."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_KATAKANA_TO_HIRAGANA)


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    if text.isascii():  # most underlines of English text: one column per character
        return len(text)
    return sum(map(_char_width, text))


@lru_cache(maxsize=8192)
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1
