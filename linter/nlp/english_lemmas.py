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

from spacy.language import Language
from spacy.tokens import Doc

from linter.nlp.english_forms import english_lemma


@Language.component("medlint_english_lemmas")
def english_lemmatizer(doc: Doc) -> Doc:
    for token in doc:
        token.lemma_ = english_lemma(token.text, token.pos_ if token.pos_ else "")
    return doc
