"""Languages as plug-ins.

Everything medlint does differently per language is one :class:`Language` object,
defined in one module of this package (``japanese.py``, ``english.py``): how to
recognise its script, where sentences end, which spaCy pipeline tokenises and
parses it, how rule terms are analysed without a model (for the prefilter), how a
rule word matches text (``term_style``), which words tell context judging
where a clause ends (``clause_words``), and a word's lemma for a claim model
(``word_lemma``).  Rules, lexicons and context
triggers live in the language's own folders (``rules/<code>/``,
``rules/lexicons/<code>/``, ``rules/context/<code>.yaml``).

Adding a language means one module here that calls :func:`register`, plus its
rule folders; the engine, the matchers and the schemas ask this registry and
never name a language.  (A plug-in defined elsewhere, for example in a test or
another package, calls :func:`register` itself before linting.)
"""

from __future__ import annotations

import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linter.nlp.pipelines import Pipeline, TermToken

# How a rule's words are turned into what the matcher compares:
# - "analysed": a term is matched as the language's tokenizer reads it (its normalised
#   forms; surface text is one token as written); used where words do not inflect by
#   suffix alone (Japanese: Sudachi normalises 治せる/治った to 治す);
# - "inflected": every word of a term is expanded to all its inflected forms, matched on
#   lower-cased text (English: cure/cures/cured/curing).
TERM_STYLES = ("analysed", "inflected")


@dataclass(frozen=True)
class ClauseWords:
    """The words by which context judging (linter/context/judge.py) tells a comma that ends a
    clause from one that does not: inside a list, before a quotative, after a topic.  A
    language leaves empty what it does not have (Japanese has no list joiners: a comma in
    Japanese text is never read as one before an English list item)."""

    # words that join a list's last item: the comma before ", or prevent any disease" separates
    # list items, not a subordinate clause from the main one
    list_joiners: frozenset[str] = frozenset()
    # right after a comma, words that close a list of quoted items (生やす、増やす、など), and a
    # quotative (a particle and the lemma of the verb after it: 、という): the comma ends no clause
    list_closers: frozenset[str] = frozenset()
    quotative: tuple[str, str] | None = None
    # a comma right after a topic particle (効果は、) or an adverb sets off a phrase that still
    # depends on the predicate
    topic_particles: frozenset[str] = frozenset()
    # compound postpositions (their tokens in order: に 対し て) after which a comma still
    # sets off a phrase of the predicate (記憶の向上に対して、効果がない: the effect denied
    # is the one on memory)
    phrase_particles: frozenset[tuple[str, ...]] = frozenset()
    # the commas after which list_closers, quotative, topic and phrase particles are looked for
    commas: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if (self.list_closers or self.quotative or self.topic_particles
                or self.phrase_particles) and not self.commas:
            raise ValueError("clause words: list closers, a quotative, topic or phrase "
                             "particles need the commas they follow")


@dataclass(frozen=True)
class Language:
    """One language's plug-in: everything language-specific, and nothing else."""

    code: str  # ISO 639-1, the `lang` of rules and findings
    name: str
    letters: str  # a regex character class of the letters that identify the language
    detection_weight: int  # letters of this script per "word" (a kanji carries ~5 latin letters)
    sentence_boundaries: Callable[[str, int, int], Iterator[int]]
    make_pipeline: Callable[[dict[str, Any]], Pipeline]  # options: english_model, ...
    light_analyser: Callable[[], Any]  # .analyse(term) -> list[TermToken], without a model
    term_style: str  # one of TERM_STYLES
    word_forms: Callable[[str], tuple[str, ...]]  # inflected forms of one word ("inflected")
    clause_words: ClauseWords = ClauseWords()  # how context judging reads commas
    # a lower-case word's lemma without a model, for a claim model's lemma n-grams
    # (linter/matching/claim_model.py); None where the language offers none
    word_lemma: Callable[[str], str] | None = None

    def __post_init__(self) -> None:
        if self.term_style not in TERM_STYLES:
            raise ValueError(f"language {self.code}: term_style must be one of {TERM_STYLES}")
        # runs of letters, not single ones: one match per word instead of per character
        object.__setattr__(self, "_letter_runs", re.compile(f"(?:{self.letters})+"))

    def letter_count(self, text: str) -> int:
        """How many characters of ``text`` are letters of this language's script
        (``letters`` is a character class)."""
        return sum(map(len, self.__dict__["_letter_runs"].findall(text)))

    def analyse(self, term: str) -> list[TermToken]:
        return self.light_analyser().analyse(term)


_REGISTRY: dict[str, Language] = {}
_BUILTIN = ("japanese", "english")
_DISCOVERED = False


def register(language: Language) -> Language:
    """Add (or replace) a language; returns it, so a module can say ``LANGUAGE = register(...)``."""
    _discover()  # built-in languages first, whoever registers first
    _REGISTRY[language.code] = language
    _forget_derived()
    return language


def unregister(code: str) -> None:
    """Remove a language (tests that add one clean up with this)."""
    _REGISTRY.pop(code, None)
    _forget_derived()


def _forget_derived() -> None:
    # schemas and validators embed the list of language codes
    from linter.resources import load_schema

    load_schema.cache_clear()
    try:
        from linter.rules import loader
    except ImportError:  # pragma: no cover - during interpreter shutdown
        return
    loader._VALIDATORS.clear()


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    _DISCOVERED = True
    names = [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    # the built-in languages first, so that listings keep their familiar order
    for name in sorted(names, key=lambda n: (n not in _BUILTIN, _BUILTIN.index(n)
                                             if n in _BUILTIN else 0, n)):
        import_module(f"{__name__}.{name}")


def get(code: str) -> Language:
    """The plug-in of language ``code``."""
    _discover()
    try:
        return _REGISTRY[code]
    except KeyError:
        raise KeyError(f"no language plug-in for {code!r}; known: {', '.join(codes())}") \
            from None


def codes() -> tuple[str, ...]:
    """Codes of every registered language, built-in ones first."""
    _discover()
    return tuple(_REGISTRY)


def languages() -> tuple[Language, ...]:
    _discover()
    return tuple(_REGISTRY.values())
