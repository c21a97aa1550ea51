"""Script-based language detection for Japanese vs English.

medlint only ever has to choose between two languages written in different
scripts, so counting kana/kanji against Latin letters is exact enough and
costs nothing, where a statistical detector would add a model load to every
run.  A Japanese character carries about as much text as a fifth of an
English word's letters, hence the weighting.
"""

from __future__ import annotations

LANGS = ("ja", "en")


def _is_japanese(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= code <= 0x4DBF
        or 0xFF66 <= code <= 0xFF9F  # half-width katakana
        or code in (0x3005, 0x30FC)  # 々 ー
    )


def detect_language(text: str) -> str | None:
    """'ja', 'en', or None when the text has no letters (numbers, URLs, symbols)."""
    ja = 0
    latin = 0
    for ch in text:
        if ch.isascii():
            if ch.isalpha():
                latin += 1
        elif _is_japanese(ch):
            ja += 1
        elif "ａ" <= ch.lower() <= "ｚ":
            latin += 1
    if ja == 0 and latin == 0:
        return None
    return "ja" if ja * 5 >= latin else "en"
