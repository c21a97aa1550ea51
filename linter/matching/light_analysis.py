"""Term analysis without spaCy, for building the prefilter.

The prefilter must be ready before any model loads (a clean file should never
load GiNZA), so it analyses rule vocabularies with SudachiPy directly (the
same dictionary and split mode C that GiNZA's tokenizer uses, so the same
morphemes, normalised forms and readings) and, for English, a plain word
split plus lemminflect.  Prefilter keys only have to be substrings of any text
a pattern can match, so splitting an English term more finely than spaCy does
is safe (every piece of a token is a substring of it) wherever the pieces meet at
punctuation, which is never a word edge.
"""

from __future__ import annotations

import re
from functools import lru_cache

from linter.nlp.pipelines import TermToken
from linter.text.normalize import fold

# A word with its apostrophes stays whole (n't, don't, 's): split at the apostrophe, its
# pieces would need word edges that the text does not have (the n of n't touches the e of
# haven't).  Other punctuation separates pieces that a letter never touches.
_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z0-9]+)*|['’][A-Za-z]+|[^\sA-Za-z0-9]")


@lru_cache(maxsize=1)
def _dictionary():
    import sudachipy

    return sudachipy.Dictionary()


@lru_cache(maxsize=1)
def _sudachi():
    import sudachipy

    return _dictionary().create(sudachipy.SplitMode.C)


class LightJapanese:
    lang = "ja"

    @property
    def _tokenizer(self):
        return _sudachi()

    def analyse(self, term: str) -> list[TermToken]:
        out = []
        for morpheme in self._tokenizer.tokenize(term):
            if not morpheme.surface().strip():
                continue
            pos = morpheme.part_of_speech()
            tag = "-".join(p for p in pos[:4] if p != "*")
            out.append(TermToken(morpheme.surface(), (morpheme.normalized_form(),), tag,
                                 morpheme.reading_form(), pos[4] if pos[4] != "*" else "",
                                 pos[5] if pos[5] != "*" else ""))
        return out

    def whole_word_norms(self, term: str) -> tuple[str, ...]:
        """The normalised forms of the dictionary words spelt exactly ``term``, when Sudachi
        splits ``term`` written alone (お墨付き → お|墨|付き, 十分 → 十|分) but keeps it one word in
        a sentence (国のお墨付き, 十分な): without them a rule's term would only match the split
        that sentences rarely have."""
        if len([m for m in self._tokenizer.tokenize(term) if m.surface().strip()]) < 2:
            return ()
        return tuple(sorted({m.normalized_form() for m in _dictionary().lookup(term)
                             if m.surface() == term}))

    def kana_spelling_normalises(self, token: TermToken) -> bool:
        """Would the word written in hiragana be read as the same word (よい → 良い) or as
        another one (きく → 菊)?  Only in the first case is its reading worth looking for."""
        reading = fold(token.reading)
        if not reading or reading == fold(token.text):
            return False
        morphemes = [m for m in self._tokenizer.tokenize(reading) if m.surface().strip()]
        return len(morphemes) == 1 and morphemes[0].normalized_form() == token.keys[0]


class LightEnglish:
    lang = "en"

    def analyse(self, term: str) -> list[TermToken]:
        from linter.nlp.english_forms import english_forms

        return [TermToken(word, english_forms(word), "", word) for word in _EN_WORD.findall(term)]


def light_pipeline(lang: str):
    """The model-free term analyser of language ``lang`` (its plug-in's)."""
    from linter.languages import get

    return get(lang).light_analyser()
