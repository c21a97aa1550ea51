"""Rule token constraints → spaCy token-pattern attributes.

Values are analysed by the same pipeline that reads the text: a Japanese term
is reduced to Sudachi's normalised form (治せる → 治す, ニキビ → 面皰), an English
term to its lemma (cures → cure), so conjugations and width/kana variants
match without listing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from linter.matching.errors import RuleCompileError
from linter.nlp.pipelines import Pipeline, TermToken


def as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


@dataclass
class TermAnalyser:
    """Memoised term analysis for one language's pipeline."""

    pipeline: Pipeline
    _cache: dict[str, list[TermToken]] = field(default_factory=dict)

    def tokens(self, term: str) -> list[TermToken]:
        if term not in self._cache:
            self._cache[term] = self.pipeline.analyse(term)
        return self._cache[term]

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
        if on == "text" and not inflected:
            # Sudachi splits a particle differently alone than in a sentence (けれども,
            # ところが), so a Japanese surface form is taken as one token, exactly as written.
            return [(term,)]
        tokens = self.tokens(term)
        if on == "term":
            return [t.keys for t in tokens]
        return [(t.text.lower(),) for t in tokens]

    def is_multi_token(self, value: str, on: str) -> bool:
        return len(self.keys(value, on)) > 1


def _tag_regex(prefixes: list[str]) -> str:
    return "(?:" + "|".join(re.escape(p) for p in prefixes) + ")"


def compile_constraints(item: dict[str, Any], analyser: TermAnalyser) -> dict[str, Any]:
    """Single-token constraints → spaCy attrs.  Multi-token values are the caller's business."""
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
                 for token_keys in analyser.keys(v, on) for k in token_keys]
    if not_terms:
        attrs.setdefault(pipeline.term_attr, {})["NOT_IN"] = sorted(set(not_terms))
    not_texts = [k for v in as_list(negative.get("text", []))
                 for token_keys in analyser.keys(v, "text") for k in token_keys]
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
        attrs["_"] = {regex_extension(item["regex"]): True}
    return attrs


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
        Token.set_extension(name, getter=lambda token: compiled.search(token.text) is not None)
    return name


def multi_token_values(
    item: dict[str, Any], analyser: TermAnalyser
) -> tuple[str, list[str]] | None:
    """If a term/text list has a value of several tokens, return (match_on, values)."""
    for on in ("term", "text"):
        values = as_list(item.get(on, []))
        multi = [v for v in values if analyser.is_multi_token(v, on)]
        if multi:
            others = set(item) - {on, "op"}
            if others:
                split = ", ".join(
                    f"{v!r} → {'|'.join(t.text for t in analyser.tokens(v))}" for v in multi)
                raise RuleCompileError(
                    f"{on} values of several tokens ({split}) cannot be combined with "
                    f"{sorted(others)}")
            return on, values
    return None
