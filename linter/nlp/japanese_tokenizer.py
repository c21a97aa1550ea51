"""spaCy's Japanese tokenizer, with the same output in less time.

``spacy.lang.ja.JapaneseTokenizer`` is what ja_ginza tokenises with (Sudachi split mode C).
Tokenising was a sixth of the steady state; most of it is per token: asking Sudachi for the
part of speech twice, a regular-expression substitution on the reading, and a new
``MorphAnalysis`` (a feature dictionary hashed into the vocabulary) although a sentence's
tokens share a few hundred (inflection, reading) pairs.  This subclass asks once and reuses
the analyses; every other step is spaCy's own.  tests/test_fast_path.py compares every token
attribute with spaCy's tokenizer on every Japanese example and corpus sentence.
"""

from __future__ import annotations

import re

from spacy.lang.ja import DetailedToken, JapaneseTokenizer, get_dtokens_and_spaces, resolve_pos
from spacy.tokens import Doc, MorphAnalysis

_READING_SEPARATORS = re.compile("[=|]")
_SPACE = re.compile(r"\s")
_MAX_CACHED = 100_000  # (inflection, reading) pairs; Sudachi's dictionary has far fewer in use


class FastJapaneseTokenizer(JapaneseTokenizer):
    """``JapaneseTokenizer`` without sub-tokens (split modes A and B of each token, read only
    by GiNZA's compound splitter) and with cached morphological analyses."""

    @classmethod
    def from_tokenizer(cls, tokenizer: JapaneseTokenizer) -> FastJapaneseTokenizer:
        """The same tokenizer (its Sudachi dictionary, vocabulary and split mode)."""
        fast = cls.__new__(cls)
        fast.__dict__.update(tokenizer.__dict__)
        fast.need_subtokens = False
        fast._morphs = {}
        fast._tags = {}  # Sudachi part-of-speech id -> (tag, inflection)
        return fast

    def __reduce__(self):
        return _rebuild, (self.vocab, self.split_mode)

    def __call__(self, text: str) -> Doc:
        dtokens = self._get_dtokens(self.tokenizer.tokenize(text), False)
        if _SPACE.search(text) is None and "".join(d.surface for d in dtokens) == text:
            # no whitespace to align (most Japanese sentences): what get_dtokens_and_spaces
            # returns for such a text
            spaces = [False] * len(dtokens)
        else:
            dtokens, spaces = get_dtokens_and_spaces(dtokens, text)
        tags = [d.tag for d in dtokens]
        doc = Doc(self.vocab, words=[d.surface for d in dtokens], spaces=spaces)
        morphs = self._morphs
        next_pos = None  # spaCy's tag bi-gram rules, as in JapaneseTokenizer.__call__
        last = len(tags) - 1
        for idx, (token, dtoken) in enumerate(zip(doc, dtokens, strict=True)):
            token.tag_ = dtoken.tag
            if next_pos:
                token.pos = next_pos
                next_pos = None
            else:
                token.pos, next_pos = resolve_pos(dtoken.surface, dtoken.tag,
                                                  tags[idx + 1] if idx < last else None)
            token.lemma_ = dtoken.lemma if dtoken.lemma else dtoken.surface
            token.norm_ = dtoken.norm
            key = (dtoken.inf, dtoken.reading)
            morph = morphs.get(key)
            if morph is None:
                features = {}
                if dtoken.inf:
                    features["Inflection"] = dtoken.inf
                if dtoken.reading:
                    features["Reading"] = _READING_SEPARATORS.sub("_", dtoken.reading)
                morph = MorphAnalysis(self.vocab, features)
                if len(morphs) < _MAX_CACHED:
                    morphs[key] = morph
            token.morph = morph
        return doc

    def _get_dtokens(self, sudachipy_tokens, need_sub_tokens: bool = True):
        dtokens = []
        tags = self._tags
        for token in sudachipy_tokens:
            surface = token.surface()
            if not surface:  # empty tokens (from characters like …), as spaCy drops them
                continue
            # the tag and inflection strings, made once per part of speech of the dictionary
            pos_id = token.part_of_speech_id()
            tag = tags.get(pos_id)
            if tag is None:
                pos = token.part_of_speech()
                tag = tags[pos_id] = ("-".join([p for p in pos[:4] if p != "*"]),
                                      ";".join([p for p in pos[4:] if p != "*"]))
            dtokens.append(DetailedToken(surface, tag[0], tag[1], token.dictionary_form(),
                                         token.normalized_form(), token.reading_form(), None))
        # Sudachi outputs each space character as a token: runs of them are merged later
        return [t for idx, t in enumerate(dtokens)
                if idx == 0 or not t.surface.isspace() or t.tag != "空白"
                or not dtokens[idx - 1].surface.isspace() or dtokens[idx - 1].tag != "空白"]


def _rebuild(vocab, split_mode):
    return FastJapaneseTokenizer.from_tokenizer(JapaneseTokenizer(vocab, split_mode=split_mode))
