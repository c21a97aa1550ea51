"""Mark lexicon terms in a Doc with spaCy's PhraseMatcher.

Terms are matched on whole tokens (Sudachi / spaCy tokenisation), never on
raw substrings, so 不眠 does not match inside a longer word.  For Japanese,
where compounds are written without spaces, a ``standalone`` lexicon also
rejects a term glued to a neighbouring noun that is not part of it (不眠 in
不眠不休), unless the neighbour belongs to a lexicon it ``joins`` (不眠改善).
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from linter.matching.extensions import LEX, LEX_BEGIN, LEX_INSIDE, LEXICONS, register
from linter.matching.tokens import TermAnalyser
from linter.rules.model import RuleSet

_MAX_VARIANTS = 256  # inflection combinations of one multi-word English term
_BREAKS_LEFT = ("名詞-普通名詞", "名詞-固有名詞", "接頭辞")
_BREAKS_RIGHT = ("名詞-普通名詞", "名詞-固有名詞")
# a noun used as an adverb (殆ど, いつも, 最近, 毎日: Sudachi's 名詞-普通名詞-副詞可能) says
# when or how much, and does not make a compound with the word after it:
# 「いつも肩こりがつらい」「殆どかゆみが出なくなる」
_ADVERBIAL_NOUN = "副詞可能"


@dataclass(frozen=True)
class LexiconSpec:
    name: str
    match_on: str  # term | text
    terms: tuple[str, ...]
    standalone: bool = False
    joins: tuple[str, ...] = ()


def inline_name(lang: str, match_on: str, values: list[str]) -> str:
    digest = hashlib.sha1("\x1f".join([lang, match_on, *sorted(values)]).encode()).hexdigest()
    return f"~{digest[:12]}"


def lexicon_specs(ruleset: RuleSet, lang: str, names: set[str]) -> dict[str, LexiconSpec]:
    """Specs for ``names`` and every lexicon they join (joins must be annotated too)."""
    specs: dict[str, LexiconSpec] = {}
    pending = list(names)
    while pending:
        name = pending.pop()
        if name in specs:
            continue
        lexicon = ruleset.lexicon(lang, name)
        specs[name] = LexiconSpec(
            name=name,
            match_on=lexicon.match_on,
            terms=ruleset.expanded_terms(lang, name),
            standalone=lexicon.standalone,
            joins=lexicon.joins,
        )
        pending.extend(lexicon.joins)
    return specs


class LexiconAnnotator:
    def __init__(self, analyser: TermAnalyser, specs: dict[str, LexiconSpec]) -> None:
        register()
        pipeline = analyser.pipeline
        self.specs = specs
        self._matchers: list[PhraseMatcher] = []
        by_attr: dict[str, list[LexiconSpec]] = defaultdict(list)
        for spec in specs.values():
            attr = pipeline.term_attr if spec.match_on == "term" else pipeline.text_attr
            by_attr[attr].append(spec)
        for attr, attr_specs in by_attr.items():
            matcher = PhraseMatcher(pipeline.vocab, attr=attr)
            for spec in attr_specs:
                docs = [d for term in spec.terms
                        for d in self._pattern_docs(analyser, term, spec.match_on)]
                matcher.add(spec.name, [d for d in docs if len(d)])
            self._matchers.append(matcher)

    @staticmethod
    def _pattern_docs(analyser: TermAnalyser, term: str, match_on: str) -> list[Doc]:
        """Japanese: the term as Sudachi reads it (matched on NORM or ORTH).
        English: one pattern per combination of the words' inflections."""
        from linter.languages import get

        pipeline = analyser.pipeline
        if get(pipeline.lang).term_style == "analysed":
            doc = analyser.pattern_doc(term)
            if match_on == "text" and len(doc) > 1:
                # a sentence may keep as one token what Sudachi splits alone (ところが,
                # けれども as conjunctions), so the surface form is also taken whole
                return [doc, Doc(pipeline.vocab, words=[term])]
            docs = [doc]
            if len(doc) > 1:
                # likewise a dictionary word split when written alone (お墨付き → お|墨|付き)
                # is one word in a sentence (国のお墨付き): match its normalised form too
                for norm in analyser.whole_word_norms(term):
                    whole = Doc(pipeline.vocab, words=[term])
                    whole[0].norm_ = norm
                    docs.append(whole)
            return docs
        per_token = analyser.keys(term, match_on)
        combos = itertools.islice(itertools.product(*per_token), _MAX_VARIANTS)
        return [Doc(pipeline.vocab, words=list(words)) for words in combos]

    def annotate(self, doc: Doc) -> None:
        """Mark the tokens of every lexicon term, and record in ``doc.user_data[LEXICONS]``
        the lexicons with a term here, each with the position of its first term (a pattern
        that needs another one cannot match, and one that starts with it starts there or
        later)."""
        found: list[tuple[str, int, int]] = []
        strings = doc.vocab.strings
        for matcher in self._matchers:
            for match_id, start, end in matcher(doc):
                found.append((strings[match_id], start, end))
        doc.user_data[LEXICONS] = {}
        if not found:
            return
        covered: dict[str, set[int]] = defaultdict(set)
        for name, start, end in found:
            covered[name].update(range(start, end))
        begin: dict[int, set[str]] = defaultdict(set)
        inside: dict[int, set[str]] = defaultdict(set)
        anywhere: dict[int, set[str]] = defaultdict(set)
        for name, start, end in found:
            spec = self.specs[name]
            if spec.standalone and self._glued(doc, start, end, spec, covered):
                continue
            begin[start].add(name)
            for i in range(start, end):
                anywhere[i].add(name)
                if i > start:
                    inside[i].add(name)
        firsts: dict[str, int] = {}
        for position in sorted(begin):
            for name in begin[position]:
                firsts.setdefault(name, position)
        doc.user_data[LEXICONS] = firsts
        for i, names in anywhere.items():
            token = doc[i]
            token._.set(LEX, tuple(sorted(names)))
            if i in begin:
                token._.set(LEX_BEGIN, _matcher_value(begin[i]))
            if i in inside:
                token._.set(LEX_INSIDE, _matcher_value(inside[i]))

    @staticmethod
    def _glued(doc: Doc, start: int, end: int, spec: LexiconSpec,
               covered: dict[str, set[int]]) -> bool:
        allowed = (spec.name, *spec.joins)

        def joined(i: int) -> bool:
            return any(i in covered.get(name, ()) for name in allowed)

        # a space before the term is a boundary the writer made (a headline of words set
        # apart by spaces, 「ルイボス 冷え性が気になる方に」; Sudachi folds the space into
        # the whitespace of the word before). Not after it: a space inside 「不眠 不休」 or
        # 「がん 保険」 is typography, and the compound stays (a helper's review)
        if start > 0:
            left = doc[start - 1]
            if not left.whitespace_ and left.tag_.startswith(_BREAKS_LEFT) \
                    and not left.tag_.endswith(_ADVERBIAL_NOUN) and not joined(left.i):
                return True
        if end < len(doc):
            right = doc[end]
            if right.tag_.startswith(_BREAKS_RIGHT) and not joined(right.i):
                return True
        return False


def _matcher_value(names: set[str]) -> str | tuple[str, ...]:
    """One lexicon's name as a string, several as a tuple (see extensions.register)."""
    return next(iter(names)) if len(names) == 1 else tuple(sorted(names))
