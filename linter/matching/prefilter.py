"""A cheap first pass: which sentences can possibly match any rule?

Built automatically from the rules' own vocabularies when they compile, so a
new rule is never silently skipped: for every required item of every pattern
we derive substrings that any text matching the item must contain (folded for
width, case and kana; verb and adjective stems so every conjugation is
covered; Sudachi's normalised form and reading so kana and kanji spellings are
covered; for English every inflection, or their common prefix).  A sentence
goes on to the NLP pipeline only if, for some pattern, every required item is
present: for one of the item's terms, every token of that term occurs (as any
of its spellings).  Items that have no such substrings (a tag, a regex,
する) simply impose no condition, so the filter can only ever let too much
through, never too little.

One limit, inherent in Sudachi's normalisation: a rare spelling that Sudachi
maps to a listed word without sharing its kanji, kana reading or stem (いい for
良い) is seen only if that spelling is listed too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from linter.matching.keys import PROBE_ROLES, PatternKey, rule_patterns
from linter.matching.tokens import TermAnalyser, as_list
from linter.nlp.pipelines import TermToken
from linter.rules.model import Pattern, RuleSet
from linter.text.normalize import fold

_CONJUGATING = ("動詞", "形容詞", "助動詞")
_DICTIONARY_ENDINGS = frozenset("うくぐすつぬぶむるい")  # how a verb or adjective ends in kana
_HIRAGANA = re.compile(r"[\u3040-\u309f]+")  # the block _weight counts as hiragana
_IRREGULAR = ("サ行変格", "カ行変格")


@dataclass(frozen=True)
class Key:
    """A substring the text must contain; a word edge is required where the key is a whole
    Latin word (so "no" is not found inside "another")."""

    text: str
    left: bool = False
    right: bool = False


def _common_prefix(words: list[str]) -> str:
    if not words:
        return ""
    low, high = min(words), max(words)
    i = 0
    while i < len(low) and low[i] == high[i]:
        i += 1
    return low[:i]


def _weight(text: str) -> float:
    """How rare a key is in running text: kanji are specific, hiragana are everywhere."""
    total = 0.0
    for ch in text:
        code = ord(ch)
        if 0x3040 <= code <= 0x309F:
            total += 0.5
        elif 0x30A0 <= code <= 0x30FF:
            total += 1.5
        elif 0x4E00 <= code <= 0x9FFF:
            total += 2.0
        else:
            total += 1.0
    return total


def _strength(alternative: Alternative) -> float:
    """All tokens of a term must occur, so its strongest token decides how rare it is."""
    return max(min(_weight(k.text) for k in token) for token in alternative)


def _item_strength(alternatives: list[Alternative]) -> float:
    return min(_strength(a) for a in alternatives)


def _whole_word(text: str) -> Key:
    return Key(text, left=True, right=True)


def _ja_token_keys(token: TermToken, on: str, kana_normalises) -> frozenset[Key] | None:
    if on == "text":
        key = fold(token.text)
        return frozenset([_whole_word(key)]) if key else None
    forms = [token.text, *token.keys]
    # the hiragana spelling matters only if Sudachi reads it as this word (よかった → 良い);
    # きく is 菊, not 効く, so looking for "き" would only make every sentence a candidate
    if kana_normalises(token):
        forms.append(token.reading)
    # Sudachi gives every inflecting word a conjugation type, suffixes such as にくい included
    conjugates = bool(token.inflection) or token.tag.startswith(_CONJUGATING)
    if conjugates and token.inflection.startswith(_IRREGULAR):
        return None
    stem = conjugates and not token.form.startswith("語幹")  # 痛さ's 痛 is already a stem
    keys = {Key(fold(f)[:-1] if stem else fold(f), left=True, right=not conjugates)
            for f in forms}
    if token.tag.startswith("名詞"):
        # The matcher accepts any token with this normalised form, and Sudachi can read a
        # word alone otherwise than in a sentence: alone, かける is a given name, in 負担を
        # かけずに the verb かけ|ず (normalised かける).  A hiragana noun that could be a verb's
        # or an adjective's dictionary form also gets its stem, so the filter stays a superset
        # (adverbs, particles and kanji or katakana spellings never come back as verbs; a
        # one-character stem would make nearly every sentence a candidate, as き would).
        keys |= {Key(fold(f)[:-1], left=True) for f in forms
                 if len(f) > 2 and _HIRAGANA.fullmatch(f) and f[-1] in _DICTIONARY_ENDINGS}
    return frozenset(k for k in keys if k.text) or None


# Tokens that spaCy's English tokenizer exceptions split off inside a written word (can|not,
# do|nt, ca|n't, you|re, gon|na): a key for one of them may touch a letter on that side, so
# that side is not a word edge.  tests/test_fast_path.py derives both sets from spaCy's
# exceptions and fails if a spaCy release adds a piece.
EN_JOINED_ON_LEFT = frozenset({
    "a", "a.m.", "all", "am", "d", "ll", "m", "n't", "na", "not", "nt", "n’t", "on", "p.m.",
    "pm", "re", "s", "ta", "ve"})
EN_JOINED_ON_RIGHT = frozenset({
    "'m", "1", "10", "11", "12", "2", "3", "4", "5", "6", "7", "8", "9", "ai", "are", "c'm",
    "ca", "can", "could", "c’m", "d", "dare", "did", "do", "does", "gon", "got", "had", "has",
    "have", "he", "how", "i", "is", "it", "ll", "m", "may", "might", "must", "need", "not",
    "nt", "ought", "sha", "she", "should", "that", "there", "these", "they", "this", "those",
    "was", "we", "were", "what", "when", "where", "who", "why", "wo", "would", "y", "you",
    "’m"})


def _en_token_keys(token: TermToken, on: str) -> frozenset[Key] | None:
    forms = [token.text.lower()] if on == "text" else sorted(token.keys)
    prefix = _common_prefix(forms)
    if len(prefix) >= 3 and len(forms) > 1:
        return frozenset([Key(prefix, left=not EN_JOINED_ON_LEFT.intersection(forms))])
    return frozenset(Key(f, left=f not in EN_JOINED_ON_LEFT, right=f not in EN_JOINED_ON_RIGHT)
                     for f in forms if f) or None


# One way an item can match: every token of one term, each as any of its keys.
Alternative = tuple[frozenset[Key], ...]


@dataclass
class _KeyDeriver:
    analyser: TermAnalyser
    ruleset: RuleSet
    lang: str
    _lexicon_cache: dict[str, list[Alternative] | None] = field(default_factory=dict)

    @property
    def analysed(self) -> bool:
        """Does this language match terms as analysed (Japanese) rather than inflected?"""
        from linter.languages import get

        return get(self.lang).term_style == "analysed"

    def token_keys(self, token: TermToken, on: str) -> frozenset[Key] | None:
        if self.analysed:
            kana = getattr(self.analyser.pipeline, "kana_spelling_normalises",
                           lambda _token: False)
            return _ja_token_keys(token, on, kana)
        return _en_token_keys(token, on)

    def value_alternative(self, value: str, on: str) -> Alternative | None:
        """The key sets of a term's tokens (tokens without keys impose no condition)."""
        if on == "norm":
            if self.analysed:
                return None  # a bare normalised form says nothing about its spellings
            forms = self.analyser.keys(value, "norm")[0]
            keys = _en_token_keys(TermToken(value, forms, "", value), "norm")
            return (keys,) if keys else None
        if on == "text" and self.analysed:
            return (frozenset([_whole_word(fold(value))]),) if value else None
        tokens = [self.token_keys(t, on) for t in self.analyser.tokens(value)]
        found = tuple(k for k in tokens if k)
        return found or None

    def values_alternatives(self, values: list[str], on: str) -> list[Alternative] | None:
        out = []
        for value in values:
            alternative = self.value_alternative(value, on)
            if alternative is None:
                return None  # this value could match without any anchor text
            out.append(alternative)
        return list(dict.fromkeys(out)) or None

    def lexicon_alternatives(self, name: str) -> list[Alternative] | None:
        if name not in self._lexicon_cache:
            lexicon = self.ruleset.lexicon(self.lang, name)
            terms = list(self.ruleset.expanded_terms(self.lang, name))
            self._lexicon_cache[name] = self.values_alternatives(terms, lexicon.match_on)
        return self._lexicon_cache[name]

    def item_alternatives(self, item: dict[str, Any]) -> list[Alternative] | None:
        if "lexicon" in item:
            return self.lexicon_alternatives(item["lexicon"])
        candidates = []
        for on in ("term", "text", "norm"):
            if on in item:
                alternatives = self.values_alternatives(as_list(item[on]), on)
                if alternatives:
                    candidates.append(alternatives)
        # several constraints on one token all hold: any one of them is a valid condition
        return max(candidates, key=_item_strength) if candidates else None

    def pattern_anchors(self, pattern: Pattern) -> list[tuple[list[Alternative], str | None]]:
        """The pattern's anchor items: their alternatives, and the lexicon an item names."""
        anchors = []
        for item in pattern.items:
            if pattern.kind == "sequence" and ("gap" in item or item.get("op") in ("?", "*")):
                continue
            alternatives = self.item_alternatives(item)
            if alternatives:
                anchors.append((alternatives, item.get("lexicon")))
        return anchors


def probe_patterns(ruleset: RuleSet, lang: str) -> list[tuple[PatternKey, Pattern]]:
    """(pattern key, pattern) for the patterns whose matches matter (rule matches, disclosure
    requirements and conditions); exceptions only cancel, so they never make a candidate."""
    return [
        (key, pattern)
        for rule in ruleset.rules if rule.lang == lang
        for key, pattern in rule_patterns(rule)
        if key.role in PROBE_ROLES
    ]


def secondary_patterns(ruleset: RuleSet, lang: str) -> list[tuple[PatternKey, Pattern]]:
    """(key, pattern) for what runs only on a sentence with a claim: rule exceptions, and the
    context triggers (key ``PatternKey(trigger id, "trigger", 0)``)."""
    out = [(key, pattern) for rule in ruleset.rules if rule.lang == lang
           for key, pattern in rule_patterns(rule) if key.role == "exception"]
    spec = ruleset.contexts.get(lang)
    out.extend((trigger_key(trigger.id), trigger.pattern) for trigger in
               (spec.triggers if spec else ()))
    return out


def trigger_key(trigger_id: str) -> PatternKey:
    return PatternKey(trigger_id, "trigger", 0)


class _Tables:
    """One language's filter: the automaton over the keys and what a found key means.

    Each key's entries (pattern p, item i, alternative a, token t) are compiled as the scan
    uses them: an item as a bit of its pattern's mask, and an alternative of one token as
    just that (most are); one of several tokens gets a number of its own and its token a bit
    of that alternative's mask.  A lexicon unit (pattern number ``len(names) + u``) that is
    complete completes the items naming it: those that are their pattern's sentinel at once,
    the others when their pattern is live."""

    def __init__(self, words: list, needed: list[int],
                 multi_sizes: dict[tuple[int, int, int], int], names: list[PatternKey],
                 always: list[PatternKey], sentinels: list[int], users: list[list[int]]) -> None:
        self.words = words  # [key text, left edge, right edge, flat postings]
        self.needed = needed  # by pattern (then by unit): how many anchor items
        self.multi_sizes = multi_sizes  # alternatives of 2+ tokens: their size
        self.names = names
        self.always = always
        self.sentinels = sentinels  # by pattern: its sentinel item (``_sentinel_items``)
        self.users = users  # by lexicon unit: flat (p, i) of the items naming its lexicon
        self.unit_now: list[tuple] = []
        self.unit_later: list[dict[int, tuple[tuple, tuple]]] = []
        for flat in users:
            now: list[tuple[int, int]] = []
            later: dict[int, list[tuple[int, int]]] = {}
            for p, i in _chunks(flat, 2):
                if sentinels[p] == i:
                    now.append((p, 1 << i))
                else:
                    later.setdefault(p, []).append((p, 1 << i))
            self.unit_now.append(tuple(now))
            self.unit_later.append({p: (tuple(entries), ()) for p, entries in later.items()})
        self._alternatives: dict[tuple[int, int, int], int] = {}
        self.all_tokens: list[int] = []  # by alternative number: the mask of all its tokens
        for (p, i, a), size in sorted(multi_sizes.items()):
            self._alternatives[(p, i, a)] = len(self.all_tokens)
            self.all_tokens.append((1 << size) - 1)
        self.all_items = [(1 << n) - 1 for n in needed]
        # A key's entries are compiled the first time the key is found, not here: a page
        # finds a few hundred of the keys, and compiling all of them was most of a clean
        # page's start-up (and grows with the lexicons).
        self.compiled_keys: list[tuple | None] = [None] * len(words)  # see key_entries
        self.automaton = ahocorasick.Automaton()
        for n, (text, left, right, _posting) in enumerate(words):
            self.automaton.add_word(text, (len(text), left, right, n))
        if words:
            self.automaton.make_automaton()

    def _compiled(self, entries: list[tuple[int, ...]]) -> tuple[tuple, tuple]:
        single, multi = [], []
        for p, i, a, t in entries:
            if (p, i, a) in self._alternatives:
                multi.append((self._alternatives[(p, i, a)], 1 << t, p, 1 << i))
            else:
                single.append((p, 1 << i))
        return tuple(single), tuple(multi)

    def key_entries(self, n: int) -> tuple[tuple, tuple, dict[int, list | tuple]]:
        """Key ``n``'s entries, compiled and kept in ``compiled_keys`` (the scan reads that
        first): those of a pattern's sentinel item (single, multi), and the others by pattern,
        raw until the pattern is first live (``later_entries``)."""
        now: list[tuple[int, ...]] = []
        later: dict[int, list | tuple] = {}
        for entry in _entries(self.words[n][3]):
            if self.sentinels[entry[0]] == entry[1]:
                now.append(entry)
            else:
                later.setdefault(entry[0], []).append(entry)
        found = self.compiled_keys[n] = (*self._compiled(now), later)
        return found

    def later_entries(self, later: dict[int, list | tuple], p: int) -> tuple[tuple, tuple]:
        """Pattern ``p``'s entries in a ``later`` map of ``key_entries``, compiled once."""
        posting = later[p] = self._compiled(later[p])  # type: ignore[arg-type]
        return posting


class Prefilter:
    """Per-language Aho-Corasick automata over folded text."""

    def __init__(self) -> None:
        self._tables: dict[str, _Tables] = {}

    @classmethod
    def build(cls, ruleset: RuleSet, lang: str, analyser: TermAnalyser,
              into: Prefilter | None = None,
              patterns: list[tuple[PatternKey, Pattern]] | None = None) -> Prefilter:
        """The filter of ``patterns`` (by default ``probe_patterns``: what makes a sentence a
        candidate)."""
        self = into or cls()
        deriver = _KeyDeriver(analyser, ruleset, lang)
        postings: dict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
        edges: dict[str, tuple[bool, bool]] = {}
        needed: list[int] = []
        sizes: dict[tuple[int, int, int], int] = {}
        always: list[PatternKey] = []
        names: list[PatternKey] = []
        if patterns is None:
            patterns = probe_patterns(ruleset, lang)

        def post(p: int, i: int, alternatives: list[Alternative]) -> None:
            for a, alternative in enumerate(alternatives):
                sizes[(p, i, a)] = len(alternative)
                for t, keys in enumerate(alternative):
                    for key in keys:
                        postings[key.text].append((p, i, a, t))
                        # a key shared by several tokens needs an edge only if all do
                        left, right = edges.get(key.text, (True, True))
                        edges[key.text] = (left and key.left, right and key.right)

        # A lexicon's terms are posted once, as the one item of a "unit" (numbered after the
        # patterns), not once per pattern item that names the lexicon: the condition lexicon
        # alone is named by 47 English items, and its keys' entries were most of the filter.
        # by lexicon, in order of first use (its unit number): its alternatives, and the flat
        # (p, i) of the items naming it
        units: dict[str, tuple[list[Alternative], list[int]]] = {}
        for p, (key, pattern) in enumerate(patterns):
            anchors = deriver.pattern_anchors(pattern)
            names.append(key)
            needed.append(len(anchors))
            if not anchors:
                always.append(key)
            for i, (alternatives, lexicon) in enumerate(anchors):
                if lexicon is None:
                    post(p, i, alternatives)
                    continue
                units.setdefault(lexicon, (alternatives, []))[1].extend((p, i))
        users = [flat for _alternatives, flat in units.values()]
        for u, (alternatives, _flat) in enumerate(units.values()):
            post(len(names) + u, 0, alternatives)
        needed.extend([1] * len(users))
        # postings flat (p, i, a, t, p, i, a, t, ...): the cached snapshot parses 6x faster
        words = [[text, *edges[text], [n for entry in posting for n in entry]]
                 for text, posting in postings.items()]
        sentinels = _sentinel_items(words, sizes, len(needed), users, len(names))
        # only alternatives of several tokens are kept (one of one token is most of them, and
        # the snapshot's map of them took a sixth of a cold start with the larger lexicons)
        self._tables[lang] = _Tables(words, needed, {k: n for k, n in sizes.items() if n > 1},
                                     names, sorted(set(always)), sentinels, users)
        return self

    def languages(self) -> list[str]:
        return list(self._tables)

    def export(self, lang: str) -> dict[str, Any]:
        """A JSON-serialisable snapshot of one language (the cache stores data, never code):
        the automaton is rebuilt from its words on :meth:`load`, which takes milliseconds."""
        tables = self._tables[lang]
        return {
            "format": _EXPORT_FORMAT,
            "words": tables.words,
            "needed": tables.needed,
            "sizes": [n for k, size in sorted(tables.multi_sizes.items()) for n in (*k, size)],
            "names": [key.label for key in tables.names],
            "always": [key.label for key in tables.always],
            "sentinels": tables.sentinels,
            "units": tables.users,
        }

    def load(self, lang: str, state: Any, intact: bool = False) -> None:
        """Install a snapshot made by :meth:`export`; raise ValueError (or TypeError) for
        anything of another shape, which the caller treats as a cache miss.  ``intact``: the
        snapshot came back sealed (``Cache.get_sealed``), exactly as :meth:`export` wrote it,
        so the item-by-item shape check (half of a clean page's start-up) is skipped."""
        if not isinstance(state, dict) or state.get("format") != _EXPORT_FORMAT:
            raise ValueError("not a prefilter snapshot")
        words, needed, sizes, names, always, sentinels, users = (state.get(k) for k in (
            "words", "needed", "sizes", "names", "always", "sentinels", "units"))
        if not (_list_of(names, str) and _list_of(always, str) and _list_of(needed, int)
                and _list_of(sentinels, int) and isinstance(words, list)
                and isinstance(sizes, list) and isinstance(users, list)):
            raise ValueError("prefilter snapshot has a wrong shape")
        if not len(needed) == len(sentinels) == len(names) + len(users):
            raise ValueError("prefilter snapshot is inconsistent")
        if any(n != 1 for n in needed[len(names):]) or any(sentinels[len(names):]):
            raise ValueError("prefilter snapshot has a wrong unit entry")  # one item each
        for flat in () if intact else users:
            if not (isinstance(flat, list) and _ints(flat, len(flat)) and len(flat) % 2 == 0
                    and all(p < len(names) and i < needed[p]
                            for p, i in _chunks(flat, 2))):
                raise ValueError("prefilter snapshot has a wrong unit entry")
        for word in () if intact else words:
            if not (isinstance(word, list) and len(word) == 4 and isinstance(word[0], str)
                    and word[0] and isinstance(word[1], bool) and isinstance(word[2], bool)
                    and isinstance(word[3], list)
                    and _ints(word[3], len(word[3])) and len(word[3]) % 4 == 0
                    and all(e[0] < len(needed) for e in _entries(word[3]))):
                raise ValueError("prefilter snapshot has a wrong word entry")
        if not intact and not (_ints(sizes, len(sizes)) and len(sizes) % 4 == 0):
            raise ValueError("prefilter snapshot has a wrong size entry")
        size_map = {(p, i, a): n for p, i, a, n in _entries(sizes)}
        for word in () if intact else words:
            for p, i, a, t in _entries(word[3]):
                if t >= size_map.get((p, i, a), 1):
                    raise ValueError("prefilter snapshot is inconsistent")
        if not intact and any(n < 2 for n in size_map.values()):
            raise ValueError("prefilter snapshot has a wrong size entry")
        self._tables[lang] = _Tables(words, needed, size_map,
                                     [PatternKey.from_label(n) for n in names],
                                     [PatternKey.from_label(n) for n in always], sentinels, users)

    def unanchored_rules(self, lang: str) -> list[str]:
        """Rules with a pattern the filter cannot narrow (every sentence becomes a candidate)."""
        tables = self._tables.get(lang)
        return sorted({k.rule_id for k in tables.always}) if tables else []

    def candidate(self, lang: str, text: str) -> bool:
        return bool(self.candidates(lang, text, first_only=True))

    def candidates(self, lang: str, text: str, first_only: bool = False) -> set[PatternKey]:
        """Keys of the patterns that can possibly match ``text`` (a superset of those that do)."""
        tables = self._tables.get(lang)
        if tables is None:
            return set()
        found = set(tables.always)
        automaton = tables.automaton
        if automaton.kind != ahocorasick.AHOCORASICK or (found and first_only):
            return found
        names = tables.names
        count = len(names)
        unit_now, unit_later = tables.unit_now, tables.unit_later
        all_items, all_tokens = tables.all_items, tables.all_tokens
        folded = fold(text)
        items_found: dict[int, int] = {}  # by pattern: mask of its items found
        tokens_found: dict[int, int] = {}  # by alternative of several tokens: mask of tokens
        deferred: list[dict[int, list | tuple]] = []  # ``later`` maps of keys and units

        def complete(p: int) -> bool:
            """Pattern ``p`` has all its items (or lexicon unit ``p - count`` one of its
            terms); True when the search can stop."""
            if p < count:
                found.add(names[p])
                return first_only
            later = unit_later[p - count]
            if later:
                deferred.append(later)
            return take(unit_now[p - count], ())

        def take(single: tuple, multi: tuple) -> bool:
            for p, item in single:
                mask = items_found.get(p, 0)
                if not mask & item:
                    mask = items_found[p] = mask | item
                    if mask == all_items[p] and complete(p):
                        return True
            for alternative, token, p, item in multi:
                mask = items_found.get(p, 0)
                if mask & item:
                    continue
                tokens = tokens_found[alternative] = tokens_found.get(alternative, 0) | token
                if tokens == all_tokens[alternative]:
                    mask = items_found[p] = mask | item
                    if mask == all_items[p] and complete(p):
                        return True
            return False

        # Two phases (issue 16): a pattern needs every anchor item, so only the entries of
        # one item per pattern, its rarest ("sentinel", ``_sentinel_items``), are read as keys
        # are found; the other items' entries are read afterwards, and only for the patterns
        # whose sentinel item is complete.  Most hits are on common keys (の, 治 of 治る) of
        # items whose pattern never gets that far.  A key found again adds nothing (its
        # entries are tokens already taken), so each key is read once.  The candidates are
        # those of reading everything (tests/test_fast_path.py).
        done: set[int] = set()
        classes = _WORD_CLASS  # _edge_blocked, inlined (a call per hit cost a fifth)
        size = len(folded)
        compiled_keys = tables.compiled_keys
        for end, (length, left, right, n) in automaton.iter(folded):
            if n in done:
                continue
            if left:
                start = end - length + 1
                if start > 0:
                    kind = classes.get(folded[start - 1])
                    if kind and kind == classes.get(folded[start]):
                        continue
            if right and end + 1 < size:
                kind = classes.get(folded[end + 1])
                if kind and kind == classes.get(folded[end]):
                    continue
            done.add(n)
            single, multi, later = compiled_keys[n] or tables.key_entries(n)
            if later:
                deferred.append(later)
            if (single or multi) and take(single, multi):
                return found
        # only sentinel items so far: a pattern with one is live
        live = {p for p, mask in items_found.items() if mask and p < count}
        if not live:
            return found
        for later in deferred:
            if len(later) <= len(live):
                patterns = [p for p in later if p in live]
            else:
                patterns = [p for p in live if p in later]
            for p in patterns:
                posting = later[p]
                if isinstance(posting, list):  # raw entries until the pattern is first live
                    posting = tables.later_entries(later, p)
                if take(*posting):
                    return found
        return found


def _sentinel_items(words: list, sizes: dict[tuple[int, int, int], int],
                    patterns: int, users: list[list[int]], count: int) -> list[int]:
    """Per pattern, the anchor item whose keys are rarest in running text (``_weight``): an
    alternative needs all its tokens, so its rarest token counts; an item is as common as its
    most common alternative; a token is as common as its most common key; an item naming a
    lexicon is as common as the lexicon's unit (pattern ``count + u``)."""
    token_weight: dict[tuple[int, int, int, int], float] = {}
    for text, _left, _right, posting in words:
        weight = _weight(text)
        for entry in _entries(posting):
            token_weight[entry] = min(weight, token_weight.get(entry, weight))
    item_weight: dict[tuple[int, int], float] = {}
    for (p, i, a), size in sizes.items():
        alternative = max(token_weight.get((p, i, a, t), 0.0) for t in range(size))
        item_weight[(p, i)] = min(alternative, item_weight.get((p, i), alternative))
    for u, flat in enumerate(users):
        for p, i in _chunks(flat, 2):
            item_weight[(p, i)] = item_weight[(count + u, 0)]
    best: dict[int, tuple[float, int]] = {}
    for (p, i), weight in sorted(item_weight.items()):
        if p not in best or weight > best[p][0]:
            best[p] = (weight, i)
    return [best[p][1] if p in best else -1 for p in range(patterns)]  # -1: no anchor


_EXPORT_FORMAT = "medlint-prefilter-6"  # labels; sentinels; flat postings; multi sizes; units


def _chunks(flat: list[int], size: int):
    """Tuples of ``size`` numbers of a flat list: (p, i) pairs of a lexicon unit's items."""
    numbers = iter(flat)
    return zip(*[numbers] * size, strict=True)


def _entries(flat: list[int]):
    """(p, i, a, t) entries of a flat posting (sizes: (p, i, a, n))."""
    return _chunks(flat, 4)


def _list_of(value: Any, kind: type) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, kind) and not isinstance(v, bool) for v in value)


def _ints(value: Any, length: int) -> bool:
    return (isinstance(value, list) and len(value) == length
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value))


# ASCII letters 1, digits 2: a key's edge is blocked where both sides are of one class
_WORD_CLASS = {**dict.fromkeys("abcdefghijklmnopqrstuvwxyz", 1), **dict.fromkeys("0123456789", 2)}


def _edge_blocked(neighbour: str, edge: str) -> bool:
    """Both sides are ASCII letters, or both digits: the key sits inside a longer word.

    A digit next to a letter is a token boundary (8cm, 5kg, b12 are split by Sudachi and
    by the English tokenizer), so it never blocks: "8cm" must reach a pattern for "cm".
    """
    kind = _WORD_CLASS.get(neighbour)
    return bool(kind) and kind == _WORD_CLASS.get(edge)
