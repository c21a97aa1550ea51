"""Rule token constraints → spaCy token-pattern attributes.

Values are analysed by the same pipeline that reads the text: a Japanese term
is reduced to Sudachi's normalised form (治せる → 治す, ニキビ → 面皰), an English
term to its lemma (cures → cure), so conjugations and width/kana variants
match without listing them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from linter.matching.errors import RuleCompileError
from linter.nlp.pipelines import Pipeline, TermToken

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc

    from linter.matching.lexicons import LexiconSpec


def as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


_MEMO_FORMAT = "medlint-terms-2"


@dataclass
class TermAnalyser:
    """Memoised term analysis for one language's pipeline.

    The memo can be exported as plain data and loaded in a later run (the engine keeps it in
    the cache, keyed on the rule files, the dictionaries' versions and medlint's code): a cold
    start then compiles the rules without asking Sudachi about a thousand terms, which took
    a fifth of a second and paged ~180 MB of the system dictionary into memory."""

    pipeline: Pipeline
    _cache: dict[str, list[TermToken]] = field(default_factory=dict)
    # a term as the text tokenizer splits it: (orth, norm, followed by a space) per token
    _surface: dict[str, list[tuple[str, str, bool]]] = field(default_factory=dict)
    # a term the tokenizer splits alone but a sentence keeps whole: its words' normalised forms
    _whole: dict[str, list[str]] = field(default_factory=dict)
    fresh: bool = False  # something was analysed that the loaded memo did not have

    def tokens(self, term: str) -> list[TermToken]:
        if term not in self._cache:
            self._cache[term] = self.pipeline.analyse(term)
            self.fresh = True
        return self._cache[term]

    def pattern_doc(self, term: str) -> Doc:
        """``term`` tokenised exactly as the text tokenizer does (same words, same normalised
        forms), for a PhraseMatcher pattern; from the memo when it has the term."""
        from spacy.tokens import Doc

        rows = self._surface.get(term)
        if rows is None:
            doc = self.pipeline.nlp.make_doc(term)
            self._surface[term] = [(t.text, t.norm_, bool(t.whitespace_)) for t in doc]
            self.fresh = True
            return doc
        doc = Doc(self.pipeline.vocab, words=[r[0] for r in rows], spaces=[r[2] for r in rows])
        for token, row in zip(doc, rows, strict=True):
            token.norm_ = row[1]
        return doc

    def whole_word_norms(self, term: str) -> list[str]:
        """Normalised forms of the one dictionary word spelt ``term``, when the tokenizer splits
        ``term`` written alone (お墨付き → お|墨|付き) yet reads it as one word in a sentence
        (国のお墨付き); empty for a term read whole, and for languages without a dictionary."""
        if term not in self._whole:
            from linter.languages import get

            analyser = get(self.pipeline.lang).light_analyser()
            lookup = getattr(analyser, "whole_word_norms", None)
            self._whole[term] = list(lookup(term)) if lookup else []
            self.fresh = True
        return self._whole[term]

    def export(self) -> dict[str, Any]:
        """The memo as JSON-serialisable data (the cache stores data, never code)."""
        return {
            "format": _MEMO_FORMAT,
            "lang": self.pipeline.lang,
            "tokens": {term: [[t.text, list(t.keys), t.tag, t.reading, t.inflection, t.form]
                              for t in tokens] for term, tokens in self._cache.items()},
            "surface": {term: [list(row) for row in rows]
                        for term, rows in self._surface.items()},
            "whole": {term: list(norms) for term, norms in self._whole.items()},
        }

    def load(self, state: Any) -> None:
        """Add a memo made by :meth:`export`; ValueError for anything of another shape (the
        caller treats that as a cache miss, and nothing is added)."""
        if not (isinstance(state, dict) and state.get("format") == _MEMO_FORMAT
                and state.get("lang") == self.pipeline.lang
                and isinstance(state.get("tokens"), dict)
                and isinstance(state.get("surface"), dict)
                and isinstance(state.get("whole"), dict)):
            raise ValueError("not a term memo of this language")
        tokens: dict[str, list[TermToken]] = {}
        for term, rows in state["tokens"].items():
            if not isinstance(rows, list) or not all(_token_row(r) for r in rows):
                raise ValueError(f"term memo: bad analysis of {term!r}")
            tokens[term] = [TermToken(r[0], tuple(r[1]), r[2], r[3], r[4], r[5]) for r in rows]
        surface: dict[str, list[tuple[str, str, bool]]] = {}
        for term, rows in state["surface"].items():
            if not isinstance(rows, list) or not all(_surface_row(r) for r in rows):
                raise ValueError(f"term memo: bad tokens of {term!r}")
            surface[term] = [(r[0], r[1], r[2]) for r in rows]
        whole: dict[str, list[str]] = {}
        for term, norms in state["whole"].items():
            if not (isinstance(norms, list) and all(isinstance(n, str) and n for n in norms)):
                raise ValueError(f"term memo: bad whole-word forms of {term!r}")
            whole[term] = list(norms)
        self._cache.update(tokens)
        self._surface.update(surface)
        self._whole.update(whole)

    def keys(self, term: str, on: str) -> list[tuple[str, ...]]:
        """Per token of ``term``, the attribute values that token may have.

        ``on`` is term (normalised form / inflections), text (surface) or norm
        (the value exactly as written: a Japanese normalised form, or an English
        word whose inflections are taken without analysing it).
        """
        from linter.languages import get

        language = get(self.pipeline.lang)
        inflected = language.term_style == "inflected"
        if on == "norm" and any(ch.isspace() for ch in term):
            raise RuleCompileError(f"norm {term!r} is several words; use term for phrases")
        if on == "norm":
            if inflected:
                return [language.word_forms(term)]
            return [(term,)]
        if on == "text" and self.surface_whole:
            # Sudachi splits a particle differently alone than in a sentence (けれども,
            # ところが), so a Japanese surface form is taken as one token, exactly as written.
            return [(term,)]
        tokens = self.tokens(term)
        if on == "term":
            return [t.keys for t in tokens]
        return [(t.text.lower(),) for t in tokens]

    @property
    def surface_whole(self) -> bool:
        """Is a surface form matched whole when it is one token (Japanese), rather than
        split into words first (English)?"""
        from linter.languages import get

        return get(self.pipeline.lang).term_style != "inflected"

    def is_multi_token(self, value: str, on: str) -> bool:
        """Can ``value`` only match several tokens?  A Japanese surface form counts when
        Sudachi splits it (という → と|いう, ました → まし|た): taken as one token it would
        never match, since a sentence splits it the same way."""
        if on == "text" and self.surface_whole:
            return len(self.tokens(value)) > 1
        return len(self.keys(value, on)) > 1


def _token_row(row: Any) -> bool:
    return (isinstance(row, list) and len(row) == 6
            and all(isinstance(v, str) for i, v in enumerate(row) if i != 1)
            and isinstance(row[1], list) and all(isinstance(k, str) for k in row[1]))


def _surface_row(row: Any) -> bool:
    return (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str) and row[0]
            and isinstance(row[1], str) and isinstance(row[2], bool))


def _tag_regex(prefixes: list[str]) -> str:
    return "(?:" + "|".join(re.escape(p) for p in prefixes) + ")"


def not_lexicon_keys(names: str | list[str], analyser: TermAnalyser,
                     lexicons: Callable[[str], LexiconSpec]) -> tuple[list[str], list[str]]:
    """The (term keys, text keys) that ``not: {lexicon: names}`` excludes: every term of the
    lexicons, read as each lexicon says.  A token excludes one word at a time, so a term of
    several tokens is an error (flattened, "hair loss" would exclude every "hair")."""
    terms: list[str] = []
    texts: list[str] = []
    for name in as_list(names):
        spec = lexicons(name)
        for value in spec.terms:
            keys = _one_token_keys(analyser, value, spec.match_on, f"lexicon {name!r}")
            (texts if spec.match_on == "text" else terms).extend(keys)
    return terms, texts


def _one_token_keys(analyser: TermAnalyser, value: str, on: str,
                    where: str = "") -> tuple[str, ...]:
    """The keys of a ``not`` value (of a lexicon, when ``where`` names it), which must be one
    token: a token excludes one word at a time, and flattened, 当クリニック would exclude every
    クリニック and 早ければ every ば."""
    if on == "text" and value[:1] in ("'", "\u2019") and not any(ch.isspace() for ch in value):
        # an English clitic ('ve, 'm) is one token in a sentence (we|'ve), but the tokenizer
        # splits it alone (' | ve); a sentence's apostrophes are straightened, so the value's is
        return ("'" + value[1:].lower(),)
    keys = analyser.keys(value, on)
    if len(keys) != 1:
        raise RuleCompileError(f"not: {where or on} {value!r} is {len(keys)} tokens here; a "
                               "token can only exclude one word (name its own word, e.g. 当 for "
                               "当クリニック)")
    return keys[0]


def compile_constraints(item: dict[str, Any], analyser: TermAnalyser,
                        lexicons: Callable[[str], LexiconSpec]) -> dict[str, Any]:
    """Single-token constraints → spaCy attrs.  Multi-token values are the caller's business;
    ``lexicons`` gives a lexicon's spec by name, for ``not: {lexicon: ...}``."""
    pipeline = analyser.pipeline
    attrs: dict[str, Any] = {}
    term_values: list[str] = []
    for on in ("term", "norm"):
        for value in as_list(item.get(on, [])):
            keys = analyser.keys(value, on)
            if len(keys) != 1:
                raise RuleCompileError(f"{on} {value!r} is {len(keys)} tokens here; "
                                       "use it in a sequence or a lexicon")
            term_values.extend(keys[0])
    if term_values:
        attrs[pipeline.term_attr] = {"IN": sorted(set(term_values))}
    text_values = []
    for value in as_list(item.get("text", [])):
        keys = analyser.keys(value, "text")
        if len(keys) != 1:
            raise RuleCompileError(f"text {value!r} is {len(keys)} tokens here")
        text_values.extend(keys[0])
    if text_values:
        attrs[pipeline.text_attr] = {"IN": sorted(set(text_values))}

    negative = item.get("not") or {}
    not_terms = [k for on in ("term", "norm") for v in as_list(negative.get(on, []))
                 for k in _one_token_keys(analyser, v, on)]
    not_texts = [k for v in as_list(negative.get("text", []))
                 for k in _one_token_keys(analyser, v, "text")]
    if "lexicon" in negative:
        lexicon_terms, lexicon_texts = not_lexicon_keys(negative["lexicon"], analyser, lexicons)
        not_terms.extend(lexicon_terms)
        not_texts.extend(lexicon_texts)
    if not_terms:
        attrs.setdefault(pipeline.term_attr, {})["NOT_IN"] = sorted(set(not_terms))
    if not_texts:
        attrs.setdefault(pipeline.text_attr, {})["NOT_IN"] = sorted(set(not_texts))

    positive_tags = as_list(item.get("tag", []))
    negative_tags = as_list(negative.get("tag", []))
    if positive_tags or negative_tags:
        regex = "^"
        if negative_tags:
            regex += f"(?!{_tag_regex(negative_tags)})"
        if positive_tags:
            regex += _tag_regex(positive_tags)
        attrs["TAG"] = {"REGEX": regex}
    if "regex" in item:
        attrs.setdefault("_", {})[regex_extension(item["regex"])] = True
    if "at" in item:
        attrs.setdefault("_", {})[edge_extension(item["at"])] = True
    return attrs


# punctuation, brackets, symbols, spaces, and the marks a casual line ends on (ー, 〜, 笑, w):
# 「フサフサになったー！」「痩せた笑」 still end on the word before them
NOT_A_WORD = re.compile(r"[\W_ー〜～]+|[笑wｗ]+")
_EDGES_KEY = "medlint_word_edges"  # doc.user_data: (first word index, last word index)


def word_edges(doc) -> tuple[int, int]:
    """Indices of the first and last token of ``doc`` that is a word, not punctuation, a
    bracket, a symbol or a space ((-1, -1) when there is none); remembered on the Doc, since
    the Matcher asks for every token it tries."""
    edges = doc.user_data.get(_EDGES_KEY)
    if edges is None:
        words = [token.i for token in doc if not NOT_A_WORD.fullmatch(token.text)]
        edges = doc.user_data[_EDGES_KEY] = (words[0], words[-1]) if words else (-1, -1)
    return edges


def edge_extension(at: str) -> str:
    """A token extension that is True on the sentence's first (``start``) or last (``end``)
    word: what the rule key ``at`` compiles to."""
    from spacy.tokens import Token

    if at not in ("start", "end"):
        raise RuleCompileError(f"at must be start or end, not {at!r}")
    name = f"medlint_at_{at}"
    if not Token.has_extension(name):
        side = 0 if at == "start" else 1
        Token.set_extension(name, getter=lambda token: token.i == word_edges(token.doc)[side])
    return name


def regex_extension(pattern: str) -> str:
    """A token extension that is True when ``pattern`` matches the token's text somewhere.

    Rule authors' regexes run under RE2 (google-re2), whose time is linear in the text,
    never under Python's backtracking ``re``, where ``^(a+)+$`` on one 62-character token
    takes minutes; spaCy's own ``REGEX`` predicate would use ``re``, so the regex becomes a
    token extension instead.  A pattern RE2 cannot run (backreferences, lookaround) is a
    RuleCompileError that says so."""
    import hashlib

    import re2
    from spacy.tokens import Token

    name = "medlint_re_" + hashlib.sha256(pattern.encode("utf-8")).hexdigest()[:20]
    if not Token.has_extension(name):
        options = re2.Options()
        options.max_mem = 8 << 20  # a huge counted repetition fails to compile, not to run
        options.log_errors = False  # the error is reported once, as a rule-file error
        try:
            compiled = re2.compile(pattern, options)
        except re2.error as exc:
            detail = exc.args[0] if exc.args else "unsupported syntax"
            if isinstance(detail, bytes):
                detail = detail.decode("utf-8", "replace")
            raise RuleCompileError(
                f"regex {pattern!r} cannot run under RE2 ({detail}); medlint runs rule regexes "
                "in linear time, so backreferences and lookaround are not supported") from exc
        Token.set_extension(name, getter=_memoised_search(compiled))
    return name


def _memoised_search(compiled):
    """Token getter: does the regex match the token's text?  Remembered per text (the last
    65,536), since every Matcher call asks again for every token and RE2's Python wrapper
    costs microseconds a call; ``getter.cache_info()`` reports the memo."""
    @functools.lru_cache(maxsize=65_536)
    def matches(text: str) -> bool:
        return compiled.search(text) is not None

    def getter(token) -> bool:
        return matches(token.text)

    getter.cache_info = matches.cache_info  # type: ignore[attr-defined]
    return getter


def multi_token_values(
    item: dict[str, Any], analyser: TermAnalyser
) -> tuple[str, list[str]] | None:
    """If a term/text list has a value of several tokens, return (match_on, values)."""
    for on in ("term", "text"):
        values = as_list(item.get(on, []))
        multi = [v for v in values if analyser.is_multi_token(v, on)]
        if multi:
            others = set(item) - {on, "op"}
            if others and on == "text" and analyser.surface_whole:
                # a Japanese surface form with a tag or an edge is the one token the
                # sentence may keep whole (のに as a conjunctive particle)
                continue
            if others:
                split = ", ".join(
                    f"{v!r} → {'|'.join(t.text for t in analyser.tokens(v))}" for v in multi)
                raise RuleCompileError(
                    f"{on} values of several tokens ({split}) cannot be combined with "
                    f"{sorted(others)}")
            return on, values
    return None
