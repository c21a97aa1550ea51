"""English lemmas and inflections from lemminflect, without importing spaCy.

Kept apart from the spaCy component so the prefilter can expand rule words
before any model (or spaCy itself) is loaded.
"""

from __future__ import annotations

from functools import lru_cache

_PREFERENCE = ("VERB", "NOUN", "ADJ", "ADV", "AUX")
_TAGGED = {"VERB", "NOUN", "ADJ", "ADV", "AUX", "PROPN"}
_EXPANDED = ("VERB", "NOUN")


@lru_cache(maxsize=65536)
def english_lemma(word: str, upos: str = "") -> str:
    import lemminflect

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
    import lemminflect

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
