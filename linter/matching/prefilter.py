"""A cheap first pass: which sentences can possibly match any rule?

Built automatically from the rules' own vocabularies when they compile, so a
new rule is never silently skipped: for every required item of every pattern
we derive substrings that any text matching the item must contain (folded for
width, case and kana; verb and adjective stems so every conjugation is
covered; Sudachi's normalised form and reading so kana and kanji spellings are
covered; for English every inflection, or their common prefix).  A sentence
goes on to the NLP pipeline only if, for some pattern, every required item's
substrings occur in it.  Items that have no such substrings (a tag, a regex,
する) simply impose no condition, so the filter can only ever let too much
through, never too little.

One limit, inherent in Sudachi's normalisation: a rare spelling that Sudachi
maps to a listed word without sharing its kanji, kana reading or stem (いい for
良い) is seen only if that spelling is listed too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from linter.matching.tokens import TermAnalyser, as_list
from linter.nlp.pipelines import TermToken
from linter.rules.model import Pattern, RuleSet
from linter.text.normalize import fold

_CONJUGATING = ("動詞", "形容詞", "助動詞")
_IRREGULAR = ("サ行変格", "カ行変格")
_PROBE_ROLES = ("match", "require", "when")


def _common_prefix(words: list[str]) -> str:
    if not words:
        return ""
    low, high = min(words), max(words)
    i = 0
    while i < len(low) and low[i] == high[i]:
        i += 1
    return low[:i]


def _ja_token_keys(token: TermToken, on: str) -> frozenset[str] | None:
    if on == "text":
        key = fold(token.text)
        return frozenset([key]) if key else None
    forms = {token.text, *token.keys, token.reading}
    if token.tag.startswith(_CONJUGATING):
        if token.inflection.startswith(_IRREGULAR):
            return None
        keys = {fold(form)[:-1] for form in forms}
    else:
        keys = {fold(form) for form in forms}
    keys.discard("")
    return frozenset(keys) or None


def _en_token_keys(token: TermToken, on: str) -> frozenset[str] | None:
    forms = [token.text.lower()] if on == "text" else sorted(token.keys)
    prefix = _common_prefix(forms)
    return frozenset([prefix]) if len(prefix) >= 3 else frozenset(f for f in forms if f)


def _selectivity(keys: frozenset[str]) -> tuple[int, int]:
    return min(len(k) for k in keys), -len(keys)


@dataclass
class _KeyDeriver:
    analyser: TermAnalyser
    ruleset: RuleSet
    lang: str
    _lexicon_cache: dict[str, frozenset[str] | None] = field(default_factory=dict)

    def token_keys(self, token: TermToken, on: str) -> frozenset[str] | None:
        return (_ja_token_keys if self.lang == "ja" else _en_token_keys)(token, on)

    def value_keys(self, value: str, on: str) -> frozenset[str] | None:
        """Keys for one term/text value: those of its most selective token."""
        if on == "norm":
            if self.lang == "ja":
                return None  # a bare normalised form says nothing about its spellings
            forms = self.analyser.keys(value, "norm")[0]
            return _en_token_keys(TermToken(value, forms, "", value), "norm")
        if on == "text" and self.lang == "ja":
            return frozenset([fold(value)]) if value else None
        best: frozenset[str] | None = None
        for token in self.analyser.tokens(value):
            keys = self.token_keys(token, on)
            if keys and (best is None or _selectivity(keys) > _selectivity(best)):
                best = keys
        return best

    def values_keys(self, values: list[str], on: str) -> frozenset[str] | None:
        out: set[str] = set()
        for value in values:
            keys = self.value_keys(value, on)
            if keys is None:
                return None
            out |= keys
        return frozenset(out) or None

    def lexicon_keys(self, name: str) -> frozenset[str] | None:
        if name not in self._lexicon_cache:
            lexicon = self.ruleset.lexicon(self.lang, name)
            terms = list(self.ruleset.expanded_terms(self.lang, name))
            self._lexicon_cache[name] = self.values_keys(terms, lexicon.match_on)
        return self._lexicon_cache[name]

    def item_keys(self, item: dict[str, Any]) -> frozenset[str] | None:
        if "lexicon" in item:
            return self.lexicon_keys(item["lexicon"])
        candidates = []
        for on in ("term", "text", "norm"):
            if on in item:
                keys = self.values_keys(as_list(item[on]), on)
                if keys:
                    candidates.append(keys)
        # several constraints on one token all hold: any one of them is a valid condition
        return max(candidates, key=_selectivity) if candidates else None

    def pattern_anchors(self, pattern: Pattern) -> list[frozenset[str]]:
        anchors = []
        for item in pattern.items:
            if pattern.kind == "sequence" and ("gap" in item or item.get("op") in ("?", "*")):
                continue
            keys = self.item_keys(item)
            if keys:
                anchors.append(keys)
        return anchors


def probe_patterns(ruleset: RuleSet, lang: str) -> list[tuple[str, Pattern]]:
    """Patterns whose matches matter (rule matches, disclosures); exceptions only cancel."""
    out = []
    for rule in ruleset.rules:
        if rule.lang != lang:
            continue
        out.extend((rule.id, p) for p in rule.patterns)
        for requirement in rule.requirements:
            out.extend((rule.id, p) for p in requirement.patterns + requirement.when)
    return out


class Prefilter:
    """Per-language Aho-Corasick automata over folded text."""

    def __init__(self) -> None:
        self._automata: dict[str, ahocorasick.Automaton] = {}
        self._needed: dict[str, list[int]] = {}
        self._always: dict[str, list[str]] = {}

    @classmethod
    def build(cls, ruleset: RuleSet, lang: str, analyser: TermAnalyser,
              into: Prefilter | None = None) -> Prefilter:
        self = into or cls()
        deriver = _KeyDeriver(analyser, ruleset, lang)
        automaton = ahocorasick.Automaton()
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        needed: list[int] = []
        always: list[str] = []
        for pattern_index, (rule_id, pattern) in enumerate(probe_patterns(ruleset, lang)):
            anchors = deriver.pattern_anchors(pattern)
            needed.append(len(anchors))
            if not anchors:
                always.append(rule_id)
            for item_index, keys in enumerate(anchors):
                for key in keys:
                    postings[key].append((pattern_index, item_index))
        for key, posting in postings.items():
            automaton.add_word(key, tuple(posting))
        if postings:
            automaton.make_automaton()
        self._automata[lang] = automaton
        self._needed[lang] = needed
        self._always[lang] = sorted(set(always))
        return self

    def languages(self) -> list[str]:
        return list(self._automata)

    def unanchored_rules(self, lang: str) -> list[str]:
        """Rules with a pattern the filter cannot narrow (every sentence becomes a candidate)."""
        return self._always.get(lang, [])

    def candidate(self, lang: str, text: str) -> bool:
        if self._always.get(lang):
            return True
        automaton = self._automata.get(lang)
        if automaton is None or automaton.kind != ahocorasick.AHOCORASICK:
            return False
        needed = self._needed[lang]
        hits: dict[int, set[int]] = defaultdict(set)
        for _end, posting in automaton.iter(fold(text)):
            for pattern_index, item_index in posting:
                found = hits[pattern_index]
                found.add(item_index)
                if len(found) == needed[pattern_index]:
                    return True
        return False
