"""English lemmas and inflections without a statistical model.

No English spaCy model is on PyPI, so the default English pipeline is
``spacy.blank("en")`` plus the lemma component below (lemminflect; when a user
has ``en_core_web_sm`` its tagger supplies the part of speech).

Matching does not trust a single guessed lemma, because without a tagger the
guess is ambiguous exactly where claims live: "awakening" is a verb form of
*awaken* and a noun of its own, "awakenings" only the noun.  Instead every
word of a rule term is expanded, when rules compile, into all inflections of
all its verb and noun lemmas (cure → cure/cures/cured/curing), and text tokens
are matched on their lower-case form against that set.  Adjective and adverb
lemmas are not expanded: better and best are different claims from good.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

_PREFERENCE = ("VERB", "NOUN", "ADJ", "ADV", "AUX")
_TAGGED = {"VERB", "NOUN", "ADJ", "ADV", "AUX", "PROPN"}


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


@Language.component("medlint_english_lemmas")
def english_lemmatizer(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = english_lemma(token.text, token.pos_ if token.pos_ else "")
    return doc


_EXPANDED = ("VERB", "NOUN")


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
