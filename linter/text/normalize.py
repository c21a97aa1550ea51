"""Folding text so that width, case and kana variants compare equal.

Used by the prefilter (scan and keys must fold the same way); spaCy/GiNZA do
their own normalisation for matching proper.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
# typographic apostrophes (don’t, night’s; U+2019 and the modifier letter U+02BC) fold to the
# ASCII one that rule authors type; web copy and word processors write the curly one
_FOLD = {**_KATAKANA_TO_HIRAGANA, 0x2019: "'", 0x02BC: "'"}
# between two letters of any script (Zoë’s as well as don’t); [^\W\d_] is a letter
_WORD_APOSTROPHE = re.compile(r"(?<=[^\W\d_])[\u2019\u02bc](?=[^\W\d_])")


def fold(text: str) -> str:
    """NFKC (full-width → half-width, half-width kana → full-width), casefold, kata → hira,
    typographic apostrophes → '."""
    return unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)


def straight_apostrophes(text: str) -> str:
    """``text`` with each apostrophe inside a word (don’t, night’s, I’ve) written ``'``, the
    way rules and context triggers spell it; the same length, so offsets stay valid.  A mark
    that is not between two letters (a closing quote, the plural possessive parents’) is
    left as it is."""
    if "\u2019" not in text and "\u02bc" not in text:
        return text
    return _WORD_APOSTROPHE.sub("'", text)


def display_width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    if text.isascii():  # most underlines of English text: one column per character
        return len(text)
    return sum(map(_char_width, text))


@lru_cache(maxsize=8192)
def _char_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1
