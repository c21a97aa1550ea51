"""Script-based language detection, per paragraph line.

Each language plug-in (``linter.languages``) names the letters of its script and
how many of them make about one word (a kanji or kana carries about as much text
as five Latin letters).  The language with the most weighted letters wins (on a
tie, the denser script).  Languages in different scripts need no statistical
model, which would add a model load to every run.
"""

from __future__ import annotations


def detect_language(text: str) -> str | None:
    """The code of the language whose script dominates ``text``, or None when the text has
    no letters (numbers, URLs, symbols)."""
    from linter.languages import languages

    best: tuple[int, int] = (0, 0)
    found: str | None = None
    for language in languages():
        count = language.letter_count(text)
        if not count:
            continue
        score = (count * language.detection_weight, language.detection_weight)
        if score > best:
            best, found = score, language.code
    return found
