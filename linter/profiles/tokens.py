"""Normalised content tokens: the unit on which permitted and registered wording is compared.

Japanese goes through SudachiPy (split mode C, the dictionary GiNZA uses) without
loading GiNZA: each content morpheme becomes its normalised form, folded (width,
case, katakana to hiragana), so okurigana variants (引き締める/ひきしめる), polite
forms (防ぎます) and script variants (シミ/しみ) compare equal.  English words become
lemmas.  Function words (particles, auxiliaries, light verbs, articles) are dropped,
so word order and grammar do not matter; what is compared is the set of words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from linter.text.normalize import fold

_JA_CONTENT = ("名詞", "動詞", "形容詞", "形状詞", "副詞", "接頭辞")
_JA_LIGHT = {"する", "為る", "成る", "なる", "有る", "ある", "居る", "いる", "出来る", "できる",
             "事", "こと", "物", "もの", "為", "ため", "様", "よう", "方", "の", "ん", "本品",
             "此の", "この", "因る", "依る", "よる", "とも", "本", "其の", "その", "是", "これ",
             "当", "弊社", "商品", "製品"}
_EN_WORD = re.compile(r"[A-Za-z0-9]+(?:'[a-z]+)?")
EN_STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "into", "on", "onto", "at",
    "by", "for", "from", "with", "without", "as", "than", "then", "is", "are", "was", "were",
    "be", "been", "being", "am", "do", "does", "did", "has", "have", "had", "having", "it",
    "its", "it's", "this", "that", "these", "those", "there", "here", "your", "you", "yours",
    "our", "ours", "we", "us", "my", "me", "i", "he", "she", "his", "her", "their", "them",
    "they", "can", "could", "may", "might", "will", "would", "shall", "should", "must", "also",
    "just", "so", "very", "more", "most", "all", "any", "each", "every", "both", "either",
    "neither", "such", "what", "which", "who", "whom", "whose", "when", "where", "while", "if",
    "because", "about", "over", "under", "up", "down", "out", "off", "again", "further",
    "once", "only", "own", "same", "too", "not", "no", "yes", "product", "products", "formula",
    "item", "one",
})


def _sudachi():
    # the matcher's own split-mode-C tokenizer: one system dictionary per process, not two
    from linter.matching.light_analysis import _sudachi as matcher_sudachi

    return matcher_sudachi()


@lru_cache(maxsize=65536)
def _ja_tokens(text: str) -> tuple[str, ...]:
    out = []
    for morpheme in _sudachi().tokenize(text):
        pos = morpheme.part_of_speech()
        if pos[0] not in _JA_CONTENT or ("非自立可能" in pos[1:3] and pos[0] == "動詞"):
            continue
        if pos[1] in ("固有名詞",) and pos[2] == "人名":
            continue
        # nouns do not inflect: their reading makes シミ, しみ and 染み one key; other words
        # are compared by their normalised (dictionary) form, which undoes conjugation
        if pos[0] == "名詞" and morpheme.reading_form():
            key = fold(morpheme.reading_form())
        else:
            key = fold(morpheme.normalized_form())
        if not key.strip() or key in _JA_LIGHT or morpheme.normalized_form() in _JA_LIGHT:
            continue
        if pos[0] == "名詞" and pos[1] == "数詞":
            continue
        out.append(key)
    return tuple(out)


@lru_cache(maxsize=65536)
def _en_tokens(text: str) -> tuple[str, ...]:
    from linter.nlp.english_forms import english_lemma

    out = []
    for word in _EN_WORD.findall(text):
        lower = word.lower()
        if lower in EN_STOPWORDS or lower.isdigit():
            continue
        lemma = english_lemma(lower)
        if lemma not in EN_STOPWORDS:
            out.append(lemma)
    return tuple(out)


@lru_cache(maxsize=65536)
def every_token(text: str, lang: str) -> frozenset[str]:
    """Every word's key, function words included: for matching multi-word lexicon terms
    ("help with", 「に効く」), where dropping a function word would change the term."""
    if lang == "ja":
        out = set()
        for morpheme in _sudachi().tokenize(text):
            if morpheme.surface().strip():
                out.add(fold(morpheme.reading_form() if morpheme.part_of_speech()[0] == "名詞"
                             and morpheme.reading_form() else morpheme.normalized_form()))
        return frozenset(out)
    from linter.nlp.english_forms import english_lemma

    return frozenset(english_lemma(w.lower()) for w in _EN_WORD.findall(text))


_PARENTHETICAL = re.compile(r"[（(][^）)]*[）)]")


def content_tokens(text: str, lang: str, *, keep_parentheticals: bool = True) -> tuple[str, ...]:
    """The normalised content tokens of ``text`` in order (duplicates kept)."""
    if not keep_parentheticals:
        text = _PARENTHETICAL.sub("", text)
    return _ja_tokens(text) if lang == "ja" else _en_tokens(text)


def token_set(text: str, lang: str, *, keep_parentheticals: bool = True) -> frozenset[str]:
    """:func:`content_tokens` as a set (what wording comparisons use)."""
    return frozenset(content_tokens(text, lang, keep_parentheticals=keep_parentheticals))


_SQUEEZE = re.compile(r"[\s、。，．,.・「」『』（）()\[\]【】:：;；!！?？\"'“”‘’]+")


def squeezed(text: str) -> str:
    """Folded text without spaces and punctuation (for literal statement checks)."""
    return _SQUEEZE.sub("", fold(text))
