"""English: spaCy's blank tokenizer plus lemminflect; every rule word expanded to its
inflections, so no statistical model is needed."""

from __future__ import annotations

from typing import Any

from linter.languages import ClauseWords, Language, register

# imported at registration: it loads lemminflect itself only on first use
from linter.nlp.english_forms import english_lemma


def _boundaries(text: str, start: int, end: int):
    from linter.segmenting.sentences import latin_boundaries

    return latin_boundaries(text, start, end)


def _pipeline(options: dict[str, Any]):
    from linter.nlp.pipelines import EnglishPipeline

    return EnglishPipeline(options.get("english_model", "blank"))


def _light():
    from linter.matching.light_analysis import LightEnglish

    return LightEnglish()


def _forms(word: str) -> tuple[str, ...]:
    from linter.nlp.english_forms import english_forms

    return english_forms(word)


LANGUAGE = register(Language(
    code="en",
    name="English",
    letters="[A-Za-z\uff21-\uff3a\uff41-\uff5a]",  # ASCII and full-width Latin letters
    detection_weight=1,
    sentence_boundaries=_boundaries,
    make_pipeline=_pipeline,
    light_analyser=_light,
    term_style="inflected",
    word_forms=_forms,
    # "&" is not among them: the judge reads words, and spaCy makes "&" punctuation
    clause_words=ClauseWords(list_joiners=frozenset({"and", "or", "nor", "and/or"})),
    word_lemma=english_lemma,
))
