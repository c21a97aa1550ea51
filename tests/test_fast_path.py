"""The fast path (prefilter, tokenizer, parse on demand) finds exactly what the naive path finds.

The naive path runs every sentence through every component of the full pipeline
(GiNZA with NER) and every pattern; the fast path skips sentences the prefilter
rules out, runs only the candidate patterns and parses only where syntax is
needed.  Any difference means the prefilter was not derived safely from a rule.
"""

from __future__ import annotations

import importlib.util
import pickle
import zlib

import pytest
from conftest import REPO

from linter.reading.plaintext import read_text
from linter.resources import bundled_rules_dir
from linter.rules.loader import load_rules

# a minute or more of work: scheduled first (tests/conftest.py)
pytestmark = pytest.mark.heavy

RULES = load_rules([bundled_rules_dir()])


def _benchmark():
    """benchmarks/fast_path.py: the texts compared and the comparison itself (it compares them
    all; this file a fixed quarter)."""
    spec = importlib.util.spec_from_file_location("fast_path", REPO / "benchmarks" / "fast_path.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FAST_PATH = _benchmark()


def _texts():
    return FAST_PATH.comparison_texts(RULES, REPO)


# each language's texts in shards (every SHARDS-th text); pytest runs with --dist loadscope
# (pyproject.toml), which keeps a file's functions on one worker but sends each class to a worker
# of its own choosing, so the three classes below let the two workers share the naive path's
# minutes instead of one worker running them all
SHARDS = {"ja": 2, "en": 1}


def _compared_part(text: str) -> bool:
    """The naive path compares a fixed quarter of the texts (chosen by a checksum of the text, so
    adding an example never moves the others): matching every pattern of the rule set on every
    sentence costs ~65 ms a sentence, and comparing half of them (until session 57) took ten of
    the suite's forty worker-minutes.  The rest is not unguarded: the prefilter's candidates are
    checked against their plain definition on every text
    (test_the_two_phase_prefilter_finds_the_candidates_of_a_plain_search), every rule example
    runs through the fast path in tests/test_rule_examples.py, and benchmarks/fast_path.py
    compares every text (it takes a quarter of an hour)."""
    return zlib.crc32(text.encode("utf-8")) % 4 == 0


def _compare_paths(engine_factory, lang: str, shard: int, monkeypatch) -> None:
    """The same findings on every example and corpus sentence; and when two triggers match the
    same words, both paths read them in the file's order, so the trigger an explanation names
    does not depend on the path (the fast path used to read same-span triggers in order of id,
    the naive path in file order).  One run of each path per text checks both: the naive path
    parses everything, and was most of the suite's time when each check ran it; its
    sentences are parsed in one ``nlp.pipe`` batch first, which gives the same Docs as one call
    each in well under half the time."""
    fast = engine_factory(mode="fast", forced_lang=lang)
    naive = engine_factory(mode="full", forced_lang=lang)
    documents = [read_text("x.txt", text)
                 for text_lang, texts in _texts() if text_lang == lang
                 for text in texts if _compared_part(text)][shard::SHARDS[lang]]
    FAST_PATH.batch_parse(naive, lang, documents, monkeypatch.setattr)
    differences, trigger_differences = FAST_PATH.compare(fast, naive, documents)
    assert len(documents) > 250
    assert not differences, differences[:5]
    assert not trigger_differences, trigger_differences[:3]
    assert fast.stats["candidates"] < naive.stats["candidates"], "the prefilter skipped nothing"


class _NaivePathShards:
    """Compares the shards ``shards`` of language ``lang`` (a subclass says which; the module's
    ``pytest_generate_tests`` makes one test per shard)."""

    lang: str
    shards: range

    def test_fast_and_naive_paths_give_identical_findings_and_clearing_triggers(
            self, engine_factory, shard, monkeypatch):
        _compare_paths(engine_factory, self.lang, shard, monkeypatch)


class TestFastAndNaivePathsJapaneseFirstHalf(_NaivePathShards):
    lang, shards = "ja", range(SHARDS["ja"] // 2)


class TestFastAndNaivePathsJapaneseSecondHalf(_NaivePathShards):
    lang, shards = "ja", range(SHARDS["ja"] // 2, SHARDS["ja"])


class TestFastAndNaivePathsEnglish(_NaivePathShards):
    lang, shards = "en", range(SHARDS["en"])


# together the classes compare every shard of every language, each once
assert sorted((c.lang, shard) for c in _NaivePathShards.__subclasses__() for shard in c.shards) \
    == sorted((lang, shard) for lang, count in SHARDS.items() for shard in range(count))


def pytest_generate_tests(metafunc):
    if metafunc.cls is not None and issubclass(metafunc.cls, _NaivePathShards):
        metafunc.parametrize("shard", list(metafunc.cls.shards))


def test_the_parse_loads_only_what_it_runs_and_parses_like_the_whole_model():
    """The parse loads ja_ginza without NER and without its 600,000-entry string table
    (half a second and ~115 MB on a cold start); tokens, tags, morphology and
    dependencies must still equal those of the model loaded whole."""
    import spacy

    from linter.nlp.pipelines import JapanesePipeline

    pipeline = JapanesePipeline()
    sentences = [t for lang, texts in _texts() if lang == "ja" for t in texts][:400]
    ours = [pipeline.parse(pipeline.tokenize(s)) for s in sentences]
    assert len(pipeline.model_nlp.vocab.strings) < 200_000, "the model's string table was loaded"
    assert "ner" not in pipeline.model_nlp.pipe_names
    whole = spacy.load("ja_ginza")

    def view(doc):
        return [(t.text, t.norm_, t.lemma_, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i)
                for t in doc]

    # the whole model reads them in one batch (the same Docs as one call each, faster)
    differences = [s for s, doc, reference in zip(sentences, ours, whole.pipe(sentences),
                                                  strict=True) if view(doc) != view(reference)]
    assert not differences, differences[:5]


def test_a_page_compiles_matchers_only_for_its_candidate_patterns(ruleset):
    """Compiling every pattern into spaCy Matchers was a fifth of a cold start; the fast path
    makes a pattern's Matcher when the prefilter first offers it, and never the combined one."""
    from linter.engine import CompiledRules, Engine

    compiled = CompiledRules(ruleset)
    findings = Engine(ruleset, compiled=compiled).lint(
        read_text("x.md", "当院のNMN点滴で不眠症が治ります。\n"))
    assert findings
    language = compiled.language("ja")
    assert 0 < len(language._single) < len(language.sequence_specs) / 5
    assert language._combined is None
    # exceptions and context triggers: only those the secondary prefilter lets through for a
    # sentence with a claim get a Matcher (one each); never one of all of them
    text = "当院のNMN点滴で不眠症が治ります。"
    secondary = compiled.secondary("ja").candidates("ja", text)
    assert secondary
    exceptions = {key for key in language._single if key.role == "exception"}
    assert exceptions <= secondary
    assert len(exceptions) < sum(map(len, language.exception_keys.values())) / 5
    assert language._trigger_matcher is None
    triggers = set(language._single_triggers)
    assert triggers <= {k.rule_id for k in secondary if k.role == "trigger"}
    assert len(triggers) < len(language.trigger_specs) / 2


def _candidates_by_search(prefilter, lang: str, texts: list[str]) -> list[set]:
    """The prefilter's meaning, computed the slow way: find every key with str.find (word
    edges as the prefilter checks them), then a pattern is a candidate when each of its anchor
    items has an alternative all of whose tokens were found.  All texts are searched at once,
    joined by NUL (no key contains it, and a NUL neighbour never blocks an edge, as the start
    or end of a text does not), so each key is looked for once rather than once per text."""
    import bisect

    from linter.matching.prefilter import _edge_blocked
    from linter.text.normalize import fold

    tables = prefilter._tables[lang]
    folded_texts = [fold(text) for text in texts]
    starts, offset = [], 0
    for folded in folded_texts:
        starts.append(offset)
        offset += len(folded) + 1
    joined = "\x00".join(folded_texts)
    assert not _edge_blocked("\x00", "a") and not _edge_blocked("\x00", "1")
    hits: list[set] = [set() for _ in texts]
    for word, left, right, posting in tables.words:
        assert "\x00" not in word
        entries = list(zip(*[iter(posting)] * 4, strict=True))
        start = joined.find(word)
        while start >= 0:
            end = start + len(word) - 1
            if not (left and start > 0 and _edge_blocked(joined[start - 1], joined[start])) \
                    and not (right and end + 1 < len(joined)
                             and _edge_blocked(joined[end + 1], joined[end])):
                hits[bisect.bisect_right(starts, start) - 1].update(entries)
            start = joined.find(word, start + 1)
    names = tables.names
    results = []
    for found in hits:
        satisfied: dict[int, set[int]] = {}
        # an alternative is satisfied when all its tokens were found (multi_sizes lists those
        # of several tokens; others have one), so only alternatives with a hit can be
        for p, i, a in {entry[:3] for entry in found}:
            size = tables.multi_sizes.get((p, i, a), 1)
            if all((p, i, a, t) in found for t in range(size)):
                satisfied.setdefault(p, set()).add(i)
        # a lexicon's terms are the one item of a unit numbered after the patterns: a unit
        # with a term found satisfies every item that names its lexicon
        for u, flat in enumerate(tables.users):
            if satisfied.get(len(names) + u):
                for p, i in zip(flat[::2], flat[1::2], strict=True):  # (p, i) pairs
                    satisfied.setdefault(p, set()).add(i)
        results.append({names[p] for p, items in satisfied.items()
                        if p < len(names) and len(items) == tables.needed[p]}
                       | set(tables.always))
    return results


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_two_phase_prefilter_finds_the_candidates_of_a_plain_search(compiled, lang):
    """One-character keys are looked at only for patterns a longer key has touched (issue 16);
    the candidates must be exactly those of the plain definition, on every rule example and
    corpus sentence."""
    prefilter = compiled.prefilter(lang)
    texts = [t for text_lang, group in _texts() if text_lang == lang for t in group]
    plain = _candidates_by_search(prefilter, lang, texts)
    differences = [t for t, expected in zip(texts, plain, strict=True)
                   if prefilter.candidates(lang, t) != expected]
    assert not differences, differences[:3]
    assert len(texts) > 500


def _rules_with_exception_matchers(language) -> set[str]:
    return {key.rule_id for key in language._single if key.role == "exception"}


def test_exceptions_run_only_for_rules_whose_claims_matched(ruleset):
    """A rule's exceptions only cancel its claims, so they are compiled and run only once a
    claim pattern of that rule has matched (most candidate sentences match none)."""
    from linter.engine import CompiledRules

    compiled = CompiledRules(ruleset)
    language = compiled.language("ja")
    pipeline = compiled.pipelines.get("ja")
    prefilter = compiled.prefilter("ja")
    skipped = set()
    for text in ("不眠症の原因について解説します。", "当院のNMN点滴で不眠症が治ります。",
                 "頭痛がある場合は医師に相談しましょう。"):
        keys = prefilter.candidates("ja", text)
        doc = pipeline.tokenize(text)
        language.annotate(doc)
        built_before = _rules_with_exception_matchers(language)
        matches = language.match(doc, lambda doc=doc: pipeline.parse(doc), keys)
        claimed = {m.rule_id for m in matches if m.role == "match"}
        assert {m.rule_id for m in matches if m.role == "exception"} <= claimed
        unclaimed = {k.rule_id for k in keys if language.exception_keys.get(k.rule_id)} - claimed
        assert not (unclaimed - built_before) & _rules_with_exception_matchers(language)
        skipped |= unclaimed - built_before
    assert skipped, "no candidate rule with exceptions went unclaimed: the test proves nothing"


def test_word_internal_english_tokens_are_known_to_the_prefilter():
    """spaCy splits "can't" into ca + n't and "cannot" into can + not: a key for n't or not
    must not need a word edge there, or "Can't sleep?" never reaches the negation trigger."""
    from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS
    from spacy.symbols import ORTH

    from linter.matching.prefilter import EN_JOINED_ON_LEFT, EN_JOINED_ON_RIGHT

    left, right = set(), set()
    for text, pieces in TOKENIZER_EXCEPTIONS.items():
        orths = [piece[ORTH] for piece in pieces]
        if len(orths) < 2 or "".join(orths) != text:
            continue
        for n, orth in enumerate(orths):
            if n > 0 and orth[:1].isalnum() and orths[n - 1][-1:].isalnum():
                left.add(orth.lower())
            if n < len(orths) - 1 and orth[-1:].isalnum() and orths[n + 1][:1].isalnum():
                right.add(orth.lower())
    assert left <= EN_JOINED_ON_LEFT and right <= EN_JOINED_ON_RIGHT


@pytest.mark.parametrize("text", ["Can't sleep at night?", "It cannot cure insomnia.",
                                  "I haven't felt this good in years!",
                                  "It doesnt cure insomnia."])
def test_contractions_reach_the_patterns_that_match_them(compiled, text):
    """Whatever the matchers find when they run everything, the prefilters let through."""
    language = compiled.language("en")
    doc = compiled.pipelines.get("en").tokenize(text)
    language.annotate(doc)
    matched = {m.info.key for m in language._sequence_matches(language.matcher, doc)}
    triggers = {trigger.id for trigger, _m in language.trigger_matches(doc)}
    assert matched or triggers
    candidates = compiled.prefilter("en").candidates("en", text)
    secondary = compiled.secondary("en").candidates("en", text)
    assert {k for k in matched if k.role != "exception"} <= candidates
    assert {k for k in matched if k.role == "exception"} <= secondary
    assert triggers <= {k.rule_id for k in secondary if k.role == "trigger"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_pattern_whose_needs_are_not_in_the_sentence_matches_nothing(compiled, lang):
    """The Matcher is not called for a candidate pattern whose required lexicon or token
    values are absent from the sentence (issue 16); on every example and corpus sentence,
    running it anyway finds nothing, and the check skips a good share of the calls."""
    from linter.matching.compiler import _SentenceFacts

    language = compiled.language(lang)
    pipeline = compiled.pipelines.get(lang)
    prefilter = compiled.prefilter(lang)
    skipped = called = 0
    texts = [t for text_lang, group in _texts() if text_lang == lang for t in group]
    for text in texts:
        doc = pipeline.tokenize(text)
        language.annotate(doc)
        facts = _SentenceFacts(doc)
        for key in prefilter.candidates(lang, text):
            if key not in language.sequence_specs:
                continue
            if facts.has(language.requirements[key]):
                called += 1
            else:
                skipped += 1
                assert not language._sequence_matches(language.single(key), doc), (text, key)
    assert skipped > called / 10, (skipped, called)


def test_the_fast_japanese_tokenizer_tokenises_exactly_as_spacys(compiled):
    """linter/nlp/japanese_tokenizer.py reuses analyses; every attribute must be spaCy's."""
    from spacy.lang.ja import JapaneseTokenizer

    from linter.nlp.japanese_tokenizer import FastJapaneseTokenizer

    pipeline = compiled.pipelines.get("ja")
    fast = pipeline.nlp.tokenizer
    assert isinstance(fast, FastJapaneseTokenizer)
    reference = JapaneseTokenizer(pipeline.vocab, split_mode="C")
    texts = [t for lang, group in _texts() if lang == "ja" for t in group]
    texts += ["　全角 スペース  と\t タブ…… です。", "", "   ", "…", "ｱｲｳ ABC ＡＢＣ 123"]

    def analysis(doc):
        return [(t.text, t.whitespace_, t.idx, t.tag_, t.pos_, t.lemma_, t.norm_, str(t.morph))
                for t in doc]

    assert len(texts) > 800
    assert [t for t in texts if analysis(fast(t)) != analysis(reference(t))] == []
    assert analysis(pickle.loads(pickle.dumps(fast))("不眠症が治る。")) == analysis(
        reference("不眠症が治る。"))


def test_rule_regexes_are_remembered_per_token_text_and_stay_exact():
    """A rule regex is asked for every token by every Matcher call; the answer is remembered
    per text (bounded), and is always RE2's own."""
    import re2

    from linter.matching.tokens import _memoised_search

    class Token:
        def __init__(self, text):
            self.text = text

    compiled = re2.compile(r"^\d+(?:kg|キロ)$")
    calls = []

    class Counting:
        def search(self, text):
            calls.append(text)
            return compiled.search(text)

    search = _memoised_search(Counting())
    texts = ["5kg", "5キロ", "kg", "五キロ", "5kg"] * 3
    assert [search(Token(t)) for t in texts] == [
        compiled.search(t) is not None for t in texts]
    assert sorted(calls) == sorted(set(texts))  # each text once
    for n in range(70_000):
        search(Token(str(n)))
    assert search.cache_info().currsize == 65_536
