"""Re-linting a page after a small edit: remember each sentence's result.

A writer's edit changes one sentence; the rest of a 200 KB page is the same text as a
second ago.  The engine's work per sentence (tokenizing, matching, parsing, judging the
context) depends only on the sentence's text, its language and the prefilter's candidate
keys - the engine's options are fixed per engine - so the language server's Linter
remembers it per engine, keyed on exactly those (and the prefilter's candidate keys,
keyed on the language and text), and the whole page still goes through
``Linter.lint_text``: the document rules, one-per-problem, per-file ignores, suppressions
and the baseline all run on every lint as usual.  ``tests/test_lsp_units.py`` checks that
findings with and without the memo are identical.

This wraps ``Engine._lint_sentence``, an internal of ``linter/engine.py``; if the engine
no longer has it in the expected shape, the memo is simply not installed (slower, never
wrong).  The natural home for this cache is the engine itself.
"""

from __future__ import annotations

import inspect
from collections import OrderedDict, defaultdict
from typing import Any

from linter.api import Linter

MAX_SENTENCES = 20_000  # per engine; a 200 KB page has about 2,000


class SentenceMemo:
    """An LRU of ``_lint_sentence`` results (the claims, rebound to the caller's sentence,
    and the disclosure evidence the sentence adds)."""

    def __init__(self, engine: Any, size: int = MAX_SENTENCES) -> None:
        self.engine = engine
        self.original = engine._lint_sentence
        self.size = size
        self.entries: OrderedDict[tuple, tuple[list, dict[str, set[str]]]] = OrderedDict()
        self.hits = self.misses = 0

    def __call__(self, sentence: Any, evidence: dict[str, set[str]],
                 keys: set[str] | None = None, modelled: tuple = ()) -> list:
        from linter.engine import _Claim

        key = (sentence.lang, sentence.text, None if keys is None else frozenset(keys),
               tuple(rule.id for rule in modelled))
        entry = self.entries.get(key)
        if entry is None:
            self.misses += 1
            added: dict[str, set[str]] = defaultdict(set)
            claims = self.original(sentence, added, keys, modelled)
            entry = ([(c.rule, c.doc, c.match, c.reviewed_by) for c in claims],
                     {rule: set(roles) for rule, roles in added.items()})
            self.entries[key] = entry
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)
        else:
            self.hits += 1
            self.entries.move_to_end(key)
        claims, added = entry
        for rule, roles in added.items():
            evidence[rule] |= roles
        # the same words at the sentence's current place in the page
        return [_Claim(rule, sentence, doc, match, reviewed_by)
                for rule, doc, match, reviewed_by in claims]


class _MemoPrefilter:
    """The prefilter's candidate keys of a sentence, remembered (a pure function of the
    language and the text once the prefilter is built); anything else is passed through."""

    def __init__(self, prefilter: Any, entries: OrderedDict, size: int) -> None:
        self._prefilter = prefilter
        self._entries = entries
        self._size = size

    def candidates(self, lang: str, text: str, first_only: bool = False) -> set[str]:
        if first_only:
            return self._prefilter.candidates(lang, text, first_only=True)
        key = (lang, text)
        found = self._entries.get(key)
        if found is None:
            found = frozenset(self._prefilter.candidates(lang, text))
            self._entries[key] = found
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(key)
        return set(found)  # a fresh set: the caller may change it

    def __getattr__(self, name: str) -> Any:
        return getattr(self._prefilter, name)


class _MemoCompiled:
    """An engine's compiled rules whose prefilter remembers sentences (the compiled rules
    themselves are shared by every engine of the process and are not touched)."""

    def __init__(self, compiled: Any, size: int = MAX_SENTENCES) -> None:
        self._compiled = compiled
        self._entries: OrderedDict = OrderedDict()
        self._size = size
        self._wrapped: dict[int, _MemoPrefilter] = {}

    def prefilter(self, lang: str) -> Any:
        real = self._compiled.prefilter(lang)
        wrapped = self._wrapped.get(id(real))
        if wrapped is None or wrapped._prefilter is not real:
            wrapped = self._wrapped[id(real)] = _MemoPrefilter(real, self._entries, self._size)
        return wrapped

    def __getattr__(self, name: str) -> Any:
        return getattr(self._compiled, name)


def install(engine: Any) -> bool:
    """Put a :class:`SentenceMemo` in front of ``engine._lint_sentence``; False (and nothing
    changed) when the engine does not have it in the shape this module expects."""
    if isinstance(getattr(engine, "_lint_sentence", None), SentenceMemo):
        return True
    try:
        from linter.engine import _Claim

        parameters = list(inspect.signature(engine._lint_sentence).parameters)
        fields = set(getattr(_Claim, "__dataclass_fields__", {}))
    except (ImportError, AttributeError, TypeError, ValueError):
        return False
    expected = ["sentence", "evidence", "keys", "modelled"]
    if parameters != expected or fields != {"rule", "sentence", "doc", "match", "reviewed_by"}:
        return False
    engine._lint_sentence = SentenceMemo(engine)
    if callable(getattr(getattr(engine, "compiled", None), "prefilter", None)):
        engine.compiled = _MemoCompiled(engine.compiled)
    return True


class EditorLinter(Linter):
    """A :class:`~linter.api.Linter` whose engines remember sentences between lints."""

    def engine(self, settings: Any) -> Any:
        engine = super().engine(settings)
        install(engine)
        return engine


def editor_linter(overrides: dict[str, Any] | None) -> Linter:
    """The language server's Linter: config discovered per file, as in the CLI."""
    return EditorLinter(overrides or None, discover_config=True)


__all__ = ["EditorLinter", "SentenceMemo", "editor_linter", "install"]
