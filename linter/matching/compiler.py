"""Compile one language's rules and context triggers into spaCy matchers.

Each rule pattern becomes one key in a spaCy ``Matcher`` (token sequences) or
``DependencyMatcher`` (syntax); lexicons go to a ``PhraseMatcher`` that marks
tokens first.  The compiled object also knows, per pattern, which pattern
items are gaps, so the context stage can tell the claim's own words from the
words in between (a negation between 不眠症が and 治る counts; the ない of
副作用がない does not).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import LOWER, NORM, ORTH
from spacy.matcher import DependencyMatcher, Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

from linter.matching.errors import RuleCompileError
from linter.matching.extensions import LEX, LEX_BEGIN, LEX_INSIDE, LEXICONS, register
from linter.matching.keys import PatternKey, rule_patterns
from linter.matching.lexicons import LexiconAnnotator, LexiconSpec, inline_name, lexicon_specs
from linter.matching.tokens import TermAnalyser, compile_constraints, multi_token_values
from linter.nlp.pipelines import Pipeline
from linter.rules.model import Pattern, RuleSet, Trigger

_SENTENCE_FINAL = ("。", ".", "!", "?", "！", "？")


@dataclass(frozen=True)
class PatternInfo:
    key: PatternKey | str  # a rule pattern's key, or a trigger's own label
    rule_id: str  # or the trigger id for context patterns
    role: str  # match | exception | require | when | trigger
    kind: str  # sequence | dependency
    gap_specs: frozenset[int] = frozenset()
    requirement: str = ""  # require/when: which requirement of a document rule


@dataclass(frozen=True)
class RawMatch:
    info: PatternInfo
    start: int
    end: int
    content: frozenset[int]  # token indices matched by non-gap items

    @property
    def rule_id(self) -> str:
        return self.info.rule_id

    @property
    def role(self) -> str:
        return self.info.role

    @property
    def requirement(self) -> str:
        return self.info.requirement


# Above this many gap-length combinations a pattern keeps spaCy's range quantifiers.
MAX_GAP_VARIANTS = 512


def gap_range(item: dict[str, Any]) -> tuple[int, int]:
    """The (low, high) lengths of a ``gap`` item: ``gap: 4`` is (0, 4), ``gap: [1, 3]`` as given."""
    gap = item["gap"]
    return (0, gap) if isinstance(gap, int) else (gap[0], gap[1])


def _combinations(ranges: Iterable[tuple[int, int]]) -> int:
    """How many exact-length patterns gaps of these (low, high) ranges give."""
    return math.prod(high - low + 1 for low, high in ranges)


def gap_pattern_count(items: list[dict[str, Any]]) -> int:
    """How many exact-length patterns the gaps of one sequence (its raw YAML items) give, 1
    without gaps.  Over ``MAX_GAP_VARIANTS`` the compiler keeps spaCy's range quantifiers for
    the sequence (slower, and spaCy keeps one alignment per span), which ``medlint rules
    validate`` warns about."""
    return _combinations(gap_range(item) for item in items
                         if isinstance(item, dict) and "gap" in item)


def _exact_gaps(specs: list[dict[str, Any]],
                gaps: dict[int, tuple[int, int]]) -> list[list[dict[str, Any]]]:
    """One pattern per combination of gap lengths (``gaps``: spec index -> (low, high)), each
    gap an exact ``{n}``.

    Why: spaCy expands ``{0,15}`` into fifteen optional tokens, and its Matcher follows every
    way of skipping them as a separate state (thousands of states after one anchor word: a
    sentence with a disease name took 4 ms per pattern).  Exact lengths give the same
    (start, end) matches with one state per length.  Each length gets a label of its own
    (``_variant_label``), since spaCy keeps one alignment per (label, start, end) and which one
    depends on its state order; ``CompiledLanguage._sequence_matches`` keeps, per span, the
    alignment that gives the most tokens to the items around the gaps."""
    if not gaps or _combinations(gaps.values()) > MAX_GAP_VARIANTS:
        return [specs]
    ranges = [range(low, high + 1) for low, high in gaps.values()]
    variants = []
    for lengths in itertools.product(*ranges):  # counts up: the shortest gaps first
        variant = list(specs)
        for index, n in zip(gaps, lengths, strict=True):
            variant[index] = {**specs[index], "OP": f"{{{n}}}"}
        variants.append(variant)
    return variants


def _variant_count(gaps: dict[int, tuple[int, int]]) -> int:
    """How many patterns ``_exact_gaps`` makes of a sequence with these gaps."""
    count = _combinations(gaps.values())
    return count if gaps and count <= MAX_GAP_VARIANTS else 1


class _GapVariants(Mapping):
    """Pattern key -> its Matcher patterns (``_exact_gaps``), expanded on first use: a cold
    run uses a few dozen of several hundred, and expanding them all was a twentieth of it."""

    def __init__(self) -> None:
        self._base: dict[Any, tuple[list[dict[str, Any]], dict[int, tuple[int, int]]]] = {}
        self._expanded: dict[Any, list[list[dict[str, Any]]]] = {}

    def add(self, key: Any, specs: list[dict[str, Any]],
            gaps: dict[int, tuple[int, int]]) -> None:
        self._base[key] = (specs, gaps)

    def __getitem__(self, key: Any) -> list[list[dict[str, Any]]]:
        variants = self._expanded.get(key)
        if variants is None:
            variants = self._expanded[key] = _exact_gaps(*self._base[key])
        return variants

    def __contains__(self, key: object) -> bool:
        return key in self._base

    def __iter__(self):
        return iter(self._base)

    def __len__(self) -> int:
        return len(self._base)


def _trigger_label(trigger_id: str) -> str:
    """The spaCy label of a context trigger (a namespace of its own beside pattern keys)."""
    return f"trigger:{trigger_id}"


def _variant_label(label: str, n: int) -> str:
    return label if n == 0 else f"{label}\x1egaps{n}"


# What a pattern needs somewhere in the sentence: ("lexicon", names) or (attribute, values).
Requirement = tuple[str, frozenset]  # lexicon names, or value hashes
_VALUE_ATTRS = ("NORM", "LOWER", "ORTH", "TEXT")
_ATTR_IDS = {"NORM": NORM, "LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH}


def _required(spec: dict[str, Any]) -> bool:
    """Must this spec match a token (no ``OP``, or ``+``)?"""
    return spec.get("OP") in (None, "+")


def _begin_lexicons(spec: dict[str, Any]) -> frozenset[str] | None:
    """The lexicons whose term's first token this spec is, if it is one."""
    begin = spec.get("_", {}).get(LEX_BEGIN)
    if isinstance(begin, dict) and isinstance(begin.get("INTERSECTS"), list):
        return frozenset(begin["INTERSECTS"])
    return None


def _requirements(specs: list[dict[str, Any]], gaps: frozenset[int]) -> tuple[Requirement, ...]:
    """Necessary conditions of a sequence pattern, from its compiled specs: every spec that
    must match a token (no ``OP``, or ``+``; gaps aside) and names a lexicon's first token or
    a set of token values needs that lexicon, or one of those values, in the sentence.  A
    Matcher call for a pattern whose needs are not all there would find nothing; half of
    the calls the prefilter's candidates make are such (the prefilter sees substrings, this
    sees tokens)."""
    out: list[Requirement] = []
    for index, spec in enumerate(specs):
        if index in gaps or not _required(spec):
            continue
        lexicons = _begin_lexicons(spec)
        if lexicons is not None:
            out.append(("lexicon", lexicons))
        for attr in _VALUE_ATTRS:
            value = spec.get(attr)
            values = [value] if isinstance(value, str) else (
                value.get("IN") if isinstance(value, dict) else None)
            if isinstance(values, list):  # as the hashes spaCy stores in a token
                out.append((attr, frozenset(get_string_id(v) for v in values)))
    return tuple(out)


def _first_lexicons(specs: list[dict[str, Any]]) -> frozenset[str] | None:
    """The lexicons whose term a match must start with: the first spec is a lexicon's first
    token and not optional (None otherwise)."""
    return _begin_lexicons(specs[0]) if specs and _required(specs[0]) else None


class _SentenceFacts:
    """What a sentence has, for ``_requirements``: its lexicons (from the annotator) and, on
    first use, the hashes of each token attribute (one array read, no Token objects)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # lexicon name -> position of its first term (None: the sentence was not annotated)
        self.lexicons: dict[str, int] | None = doc.user_data.get(LEXICONS)
        self._values: dict[str, set[int]] = {}

    def has(self, requirements: tuple[Requirement, ...]) -> bool:
        for attr, wanted in requirements:
            if attr == "lexicon":
                if self.lexicons is not None and wanted.isdisjoint(self.lexicons):
                    return False
                continue
            values = self._values.get(attr)
            if values is None:
                values = self._values[attr] = set(
                    self.doc.to_array(_ATTR_IDS[attr]).tolist()) if len(self.doc) else set()
            if values.isdisjoint(wanted):
                return False
        return True

    def earliest(self, first: frozenset[str] | None) -> int:
        """Where a pattern that must start with a term of one of the lexicons ``first`` can
        start: at the first such term (0 when unknown)."""
        if not first or not self.lexicons:
            return 0
        return min((self.lexicons[name] for name in first if name in self.lexicons), default=0)


def _merge_exclusions(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """A gap's own spec (no punctuation, or no sentence end) with its ``not`` words: two
    ``NOT_IN`` lists on one attribute become one."""
    merged = dict(base)
    for attr, value in extra.items():
        if attr in merged and isinstance(value, dict) and isinstance(merged[attr], dict):
            inner = dict(merged[attr])
            for op, values in value.items():
                if op == "NOT_IN":
                    values = sorted(set(inner.get(op, ())) | set(values))
                inner[op] = values
            merged[attr] = inner
        else:
            merged[attr] = value
    return merged


def _add_variants(matcher: Matcher, label: str, variants: list[list[dict[str, Any]]]) -> None:
    for n, specs in enumerate(variants):
        matcher.add(_variant_label(label, n), [specs])


def _sequence_matcher(vocab, specs_by_label: dict[str, list[list[dict[str, Any]]]]) -> Matcher:
    """A Matcher of some sequence patterns, every gap-length variant under its own label."""
    matcher = Matcher(vocab, validate=False)
    for label, variants in specs_by_label.items():
        _add_variants(matcher, label, variants)
    return matcher


@dataclass
class _Builder:
    analyser: TermAnalyser
    lang: str
    # a lexicon's spec by name, for ``not: {lexicon: ...}`` (its terms become excluded words)
    lexicon_of: Callable[[str], LexiconSpec]
    lexicon_names: set[str] = field(default_factory=set)
    inline: dict[str, LexiconSpec] = field(default_factory=dict)

    def lexicon_specs(self, name: str, op: str | None = None) -> list[dict[str, Any]]:
        begin: dict[str, Any] = {"_": {LEX_BEGIN: {"INTERSECTS": [name]}}}
        inside: dict[str, Any] = {"_": {LEX_INSIDE: {"INTERSECTS": [name]}}, "OP": "*"}
        if op:
            begin["OP"] = op
        return [begin, inside]

    def inline_lexicon(self, on: str, values: list[str]) -> str:
        name = inline_name(self.lang, on, values)
        self.inline[name] = LexiconSpec(name=name, match_on=on, terms=tuple(values))
        return name

    def sequence(self, items: tuple[dict[str, Any], ...]
                 ) -> tuple[list[dict[str, Any]], dict[int, tuple[int, int]]]:
        """The specs of one sequence, gaps as spaCy ranges, and its gaps (spec index ->
        (low, high)); ``_exact_gaps`` makes its Matcher patterns."""
        specs: list[dict[str, Any]] = []
        gaps: dict[int, tuple[int, int]] = {}  # spec index -> (low, high)
        for item in items:
            if "gap" in item:
                low, high = gaps[len(specs)] = gap_range(item)
                if item.get("punct"):
                    spec = {"TEXT": {"NOT_IN": list(_SENTENCE_FINAL)}}
                else:
                    spec = {"IS_PUNCT": False}
                if "not" in item:
                    spec = _merge_exclusions(spec, compile_constraints(
                        {"not": item["not"]}, self.analyser, self.lexicon_of))
                specs.append({**spec, "OP": f"{{{low},{high}}}"})
                continue
            if "lexicon" in item:
                self.lexicon_names.add(item["lexicon"])
                specs.extend(self.lexicon_specs(item["lexicon"], item.get("op")))
                continue
            multi = multi_token_values(item, self.analyser)
            if multi:
                name = self.inline_lexicon(*multi)
                specs.extend(self.lexicon_specs(name, item.get("op")))
                continue
            spec = compile_constraints(item, self.analyser, self.lexicon_of)
            if "op" in item:
                spec["OP"] = item["op"]
            specs.append(spec)
        if all(spec.get("OP") in ("?", "*") or i in gaps for i, spec in enumerate(specs)):
            raise RuleCompileError("a sequence needs at least one required item")
        return specs, gaps

    def node_attrs(self, node: dict[str, Any]) -> dict[str, Any]:
        if "lexicon" in node:
            self.lexicon_names.add(node["lexicon"])
            return {"_": {LEX: {"INTERSECTS": [node["lexicon"]]}}}
        constraints = {k: v for k, v in node.items() if k not in ("id", "head", "rel", "op")}
        multi = multi_token_values(constraints, self.analyser)
        if multi:
            return {"_": {LEX: {"INTERSECTS": [self.inline_lexicon(*multi)]}}}
        return compile_constraints(constraints, self.analyser, self.lexicon_of)

    def dependency(self, items: tuple[dict[str, Any], ...]) -> tuple[list[dict], list[dict]]:
        """The DependencyMatcher pattern, and single-token specs to pre-check before parsing."""
        pattern: list[dict[str, Any]] = []
        prechecks: list[dict[str, Any]] = []
        for node in items:
            attrs = self.node_attrs(node)
            prechecks.append(dict(attrs))
            if "rel" in node:
                rels = [node["rel"]] if isinstance(node["rel"], str) else list(node["rel"])
                attrs = {**attrs, "DEP": {"IN": rels}}
            if "head" not in node:
                pattern.append({"RIGHT_ID": node["id"], "RIGHT_ATTRS": attrs})
            else:
                pattern.append({"LEFT_ID": node["head"], "REL_OP": node.get("op", ">"),
                                "RIGHT_ID": node["id"], "RIGHT_ATTRS": attrs})
        return pattern, prechecks


class CompiledLanguage:
    """Everything needed to match one language's rules and triggers on a sentence Doc.

    Matchers are made with ``validate=False``: spaCy's pydantic check of each pattern was a
    tenth of a cold start, and the patterns are generated here from schema-checked rules
    (tests/test_gap_matching.py checks every compiled pattern against spaCy's schema)."""

    def __init__(self, ruleset: RuleSet, lang: str, pipeline: Pipeline,
                 analyser: TermAnalyser | None = None) -> None:
        register()
        self.lang = lang
        self.pipeline = pipeline
        self.analyser = analyser or TermAnalyser(pipeline)
        # one spec per lexicon however many patterns exclude its words
        builder = _Builder(self.analyser, lang, functools.cache(
            lambda name: lexicon_specs(ruleset, lang, {name})[name]))
        vocab = pipeline.vocab
        self._trigger_matcher: Matcher | None = None
        self.dependency_matcher = DependencyMatcher(vocab, validate=False)
        self.node_matcher = Matcher(vocab, validate=False)
        self.infos: dict[str, PatternInfo] = {}  # by spaCy label
        self.dependency_nodes: dict[PatternKey, int] = {}
        self.node_labels: dict[str, tuple[PatternKey, int]] = {}
        self.triggers: dict[str, Trigger] = {}
        self.trigger_specs = _GapVariants()  # by trigger id: its Matcher patterns
        self._single_triggers: dict[str, Matcher] = {}
        # Sequence patterns become spaCy Matchers on first use: the fast path runs only the
        # prefilter's candidates, one Matcher per pattern, and a typical page needs a few
        # dozen of several hundred; the naive path builds one Matcher of them all.
        self.sequence_specs = _GapVariants()  # by pattern key
        # by pattern key (or trigger id): what it needs in a sentence (``_requirements``)
        self.requirements: dict[PatternKey | str, tuple[Requirement, ...]] = {}
        # ... and the lexicons one of whose terms it must start with (``_first_lexicons``)
        self.first_lexicons: dict[PatternKey | str, frozenset[str] | None] = {}
        self._single: dict[PatternKey, Matcher] = {}
        self._combined: Matcher | None = None
        self.exception_keys: dict[str, list[PatternKey]] = {}
        for rule in ruleset.rules:
            if rule.lang != lang:
                continue
            for key, pattern in rule_patterns(rule):
                if key.role == "exception":
                    self.exception_keys.setdefault(rule.id, []).append(key)
                try:
                    self._add(builder, key, pattern)
                except RuleCompileError as exc:
                    raise RuleCompileError(f"{rule.source}: rule {rule.id}: {exc}") from exc
        spec = ruleset.contexts.get(lang)
        for trigger in spec.triggers if spec else ():
            key = _trigger_label(trigger.id)
            try:
                specs, gaps = builder.sequence(trigger.pattern.items)
            except RuleCompileError as exc:
                raise RuleCompileError(f"{spec.source}: trigger {trigger.id}: {exc}") from exc
            self._register(key, PatternInfo(key, trigger.id, "trigger", "sequence",
                                            frozenset(gaps)), _variant_count(gaps))
            self.triggers[key] = trigger
            self.trigger_specs.add(trigger.id, specs, gaps)
            self.requirements[trigger.id] = _requirements(specs, frozenset(gaps))
            self.first_lexicons[trigger.id] = _first_lexicons(specs)
        # each trigger's place in the context file (trigger_matches reads ties in this order)
        self._trigger_order = {key: i for i, key in enumerate(self.triggers)}
        specs_by_name = lexicon_specs(ruleset, lang, builder.lexicon_names)
        specs_by_name.update(builder.inline)
        self.annotator = LexiconAnnotator(self.analyser, specs_by_name)

    def _add(self, builder: _Builder, key: PatternKey, pattern: Pattern) -> None:
        label = key.label
        if pattern.kind == "sequence":
            specs, gaps = builder.sequence(pattern.items)
            self.sequence_specs.add(key, specs, gaps)
            self.requirements[key] = _requirements(specs, frozenset(gaps))
            self.first_lexicons[key] = _first_lexicons(specs)
            self._register(label, PatternInfo(key, key.rule_id, key.role, "sequence",
                                              frozenset(gaps), key.requirement),
                           _variant_count(gaps))
            return
        dep_pattern, prechecks = builder.dependency(pattern.items)
        self.dependency_matcher.add(label, [dep_pattern])
        for n, attrs in enumerate(prechecks):
            node_label = f"{label}\x1enode{n}"
            self.node_matcher.add(node_label, [[attrs]])
            self.node_labels[node_label] = (key, n)
        self.dependency_nodes[key] = len(prechecks)
        self.infos[label] = PatternInfo(key, key.rule_id, key.role, "dependency",
                                        requirement=key.requirement)

    def _register(self, label: str, info: PatternInfo, variants: int) -> None:
        for n in range(variants):
            self.infos[_variant_label(label, n)] = info

    def _matcher_of(self, keys: list[PatternKey]) -> Matcher:
        return _sequence_matcher(self.pipeline.vocab,
                                 {key.label: self.sequence_specs[key] for key in keys})

    @property
    def matcher(self) -> Matcher:
        """Every sequence pattern in one Matcher (the naive path)."""
        if self._combined is None:
            self._combined = self._matcher_of(list(self.sequence_specs))
        return self._combined

    def single(self, key: PatternKey) -> Matcher:
        """The Matcher of one sequence pattern, made on first use."""
        matcher = self._single.get(key)
        if matcher is None:
            matcher = self._single[key] = self._matcher_of([key])
        return matcher

    @property
    def trigger_matcher(self) -> Matcher:
        """Every context trigger in one Matcher (the naive path), made on first use."""
        if self._trigger_matcher is None:
            self._trigger_matcher = _sequence_matcher(
                self.pipeline.vocab, {_trigger_label(trigger_id): variants
                                      for trigger_id, variants in self.trigger_specs.items()})
        return self._trigger_matcher

    def single_trigger(self, trigger_id: str) -> Matcher:
        """The Matcher of one context trigger, made on first use."""
        matcher = self._single_triggers.get(trigger_id)
        if matcher is None:
            matcher = self._single_triggers[trigger_id] = _sequence_matcher(
                self.pipeline.vocab,
                {_trigger_label(trigger_id): self.trigger_specs[trigger_id]})
        return matcher

    def annotate(self, doc: Doc) -> None:
        self.annotator.annotate(doc)

    def _sequence_matches(self, matcher: Matcher, doc: Doc, offset: int = 0) -> list[RawMatch]:
        """Matches of ``matcher``; ``offset``: no match starts before this token, so the
        tokens before it are not looked at (the Matcher tries every token as a start)."""
        if not len(matcher):
            return []
        strings = doc.vocab.strings
        best: dict[tuple[str, int, int], RawMatch] = {}  # in the Matcher's order
        for match_id, start, end, alignment in matcher(doc[offset:] if offset else doc,
                                                       with_alignments=True):
            start, end = start + offset, end + offset
            info = self.infos[strings[match_id]]
            content = frozenset(start + i for i, spec in enumerate(alignment)
                                if spec not in info.gap_specs)
            span = (info.key, start, end)
            kept = best.get(span)
            # one span reached by two gap lengths: the items around the gaps take the most
            if kept is None or len(content) > len(kept.content):
                best[span] = RawMatch(info, start, end, content)
        return list(best.values())

    def match(self, doc: Doc, parse, keys: set[PatternKey] | None = None,
              secondary: Callable[[], set[PatternKey]] | None = None) -> list[RawMatch]:
        """Rule matches on a tokenised sentence; ``parse`` is called only if syntax is needed.

        ``keys`` limits matching to the patterns the prefilter found possible; the exceptions
        of a rule run only once one of its claim patterns has matched, since they do nothing
        else (most candidate sentences match no claim: their rules' exceptions are neither
        compiled nor run), and then each exception pattern with a Matcher of its own, given
        ``secondary`` (the secondary prefilter's keys for this sentence, asked for only then)
        only those it lets through.  None runs every pattern (the naive path).  The order is
        that of running everything: sequence matches by pattern key, then dependency
        matches.
        """
        if keys is None:
            return (self._sequence_matches(self.matcher, doc)
                    + _Dependency(self, doc, parse).matches(set(self.dependency_nodes)))
        facts = _SentenceFacts(doc)
        found = [m for key in sorted(keys) if key in self.sequence_specs
                 and facts.has(self.requirements[key])
                 for m in self._sequence_matches(self.single(key), doc,
                                                 facts.earliest(self.first_lexicons.get(key)))]
        dependency = _Dependency(self, doc, parse)
        claim_dependencies = set(keys) & self.dependency_nodes.keys()
        dependency_found = dependency.matches(claim_dependencies)
        claimed = sorted({m.rule_id for m in (*found, *dependency_found) if m.role == "match"})
        wanted = set(keys)
        possible = secondary() if secondary is not None and claimed else None
        for rule_id in claimed:
            exception_keys = self.exception_keys.get(rule_id, ())
            for key in exception_keys:
                if (possible is None or key in possible) and key in self.sequence_specs \
                        and facts.has(self.requirements[key]):
                    found.extend(self._sequence_matches(
                        self.single(key), doc, facts.earliest(self.first_lexicons.get(key))))
            wanted.update(exception_keys)
        order = {key: n for n, key in enumerate(sorted(wanted))}
        found.sort(key=lambda m: order[m.info.key])  # stable: per key, in the Matcher's order
        return found + dependency.matches(wanted & self.dependency_nodes.keys())

    def _dependency_possible(self, doc: Doc, keys: set[PatternKey]) -> bool:
        if doc.has_annotation("DEP"):
            return True
        strings = doc.vocab.strings
        seen: dict[PatternKey, set[int]] = {}
        for match_id, _start, _end in self.node_matcher(doc):
            key, node = self.node_labels[strings[match_id]]
            if key in keys:
                seen.setdefault(key, set()).add(node)
        return any(len(nodes) == self.dependency_nodes[key] for key, nodes in seen.items())

    def trigger_matches(self, doc: Doc, keys: set[PatternKey] | None = None
                        ) -> list[tuple[Trigger, RawMatch]]:
        """Context trigger matches; ``keys``: only the triggers the secondary prefilter let
        through (``PatternKey(trigger id, "trigger", 0)``), each with a Matcher of its own;
        None: all of them in one Matcher (the naive path).  Returned in order of position,
        and triggers on the same words in the order of the context file, so both paths
        name the same clearing trigger."""
        if keys is None:
            matches = self._sequence_matches(self.trigger_matcher, doc)
        else:
            facts = _SentenceFacts(doc)
            matches = [m for trigger_id in sorted(k.rule_id for k in keys if k.role == "trigger")
                       if trigger_id in self.trigger_specs
                       and facts.has(self.requirements[trigger_id])
                       for m in self._sequence_matches(
                           self.single_trigger(trigger_id), doc,
                           facts.earliest(self.first_lexicons.get(trigger_id)))]
        order = self._trigger_order
        matches.sort(key=lambda m: (m.start, -m.end, order[m.info.key]))
        return [(self.triggers[m.info.key], m) for m in matches]


class _Dependency:
    """Dependency matches of one sentence: the parse is made (and the DependencyMatcher run)
    once, when a wanted pattern can match, and later calls filter the same results."""

    def __init__(self, language: CompiledLanguage, doc: Doc, parse) -> None:
        self.language = language
        self.doc = doc
        self.parse = parse
        self.results: list[RawMatch] | None = None

    def matches(self, keys: set[PatternKey]) -> list[RawMatch]:
        if not keys:
            return []
        if self.results is None:
            if not self.language._dependency_possible(self.doc, keys):
                return []
            doc = self.parse()
            strings = doc.vocab.strings
            self.results = []
            for match_id, token_ids in self.language.dependency_matcher(doc):
                info = self.language.infos[strings[match_id]]
                self.results.append(RawMatch(info, min(token_ids), max(token_ids) + 1,
                                             frozenset(token_ids)))
        return [m for m in self.results if m.info.key in keys]
