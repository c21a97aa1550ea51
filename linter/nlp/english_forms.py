"""English lemmas and inflections from lemminflect, without importing spaCy.

Kept apart from the spaCy component so the prefilter can expand rule words
before any model (or spaCy itself) is loaded.
"""

from __future__ import annotations

import importlib.abc
import sys
from functools import lru_cache
from types import ModuleType

_PREFERENCE = ("VERB", "NOUN", "ADJ", "ADV", "AUX")
_TAGGED = {"VERB", "NOUN", "ADJ", "ADV", "AUX", "PROPN"}
_EXPANDED = ("VERB", "NOUN")


class _HideSpacy(importlib.abc.MetaPathFinder):
    """Makes ``import spacy`` fail while lemminflect's package module runs.

    lemminflect imports spaCy at import time only to register token extensions
    medlint never uses; that import costs ~0.7 s, which would land on the very
    first run of a clean file, when the prefilter is built and no model is needed.
    """

    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if fullname == "spacy":
            raise ImportError("spaCy is not needed to expand rule words")
        return None


def _lemminflect() -> ModuleType:
    if "lemminflect" not in sys.modules and "spacy" not in sys.modules:
        hider = _HideSpacy()
        sys.meta_path.insert(0, hider)
        try:
            import lemminflect
        finally:
            sys.meta_path.remove(hider)
    import lemminflect

    return lemminflect


@lru_cache(maxsize=65536)
def english_lemma(word: str, upos: str = "") -> str:
    lemminflect = _lemminflect()
    lower = word.lower()
    if upos in _TAGGED:
        lemmas = lemminflect.getLemma(lower, upos="NOUN" if upos == "PROPN" else upos)
        if lemmas:
            return lemmas[0].lower()
    candidates = lemminflect.getAllLemmas(lower)
    for pos in _PREFERENCE:
        if pos in candidates:
            return candidates[pos][0].lower()
    return lower


@lru_cache(maxsize=65536)
def english_forms(word: str) -> tuple[str, ...]:
    """The lower-case surface forms a rule word matches: itself and its inflections.

    ``word`` may itself be inflected (a rule author writing "cures"); all verb
    and noun lemmas it can come from are expanded.
    """
    lemminflect = _lemminflect()
    lower = word.lower()
    forms = {lower}
    lemmas = lemminflect.getAllLemmas(lower)
    for pos in _EXPANDED:
        for lemma in lemmas.get(pos, ()):
            forms.add(lemma.lower())
            for values in lemminflect.getAllInflections(lemma, upos=pos).values():
                forms.update(v.lower() for v in values)
    if not lemmas and lower.isalpha():
        for values in lemminflect.getAllInflectionsOOV(lower, upos="NOUN").values():
            forms.update(v.lower() for v in values)
    return tuple(sorted(forms))
