"""Plain data classes for rules, lexicons and context triggers.

Everything the engine knows about a claim comes from these objects; the engine
never looks at a rule id to decide what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CATEGORIES: tuple[str, ...] = (
    "disease-claim",
    "body-function-claim",
    "guaranteed-efficacy",
    "safety-claim",
    "superlative-comparative",
    "speed-claim",
    "mechanism-claim",
    "testimonial",
    "before-after",
    "authority-endorsement",
    "inducement",
    "missing-disclosure",
)
SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
PROFILES: tuple[str, ...] = ("clinic", "supplement", "cosmetic", "quasi-drug", "drug",
                             "food-function", "foshu", "nutrient-function", "us-supplement")
LANGS: tuple[str, ...] = ("ja", "en")


def severity_rank(severity: str) -> int:
    """Order severities so that thresholds (--min-severity, fail-on) compare numerically."""
    return SEVERITIES.index(severity)


Localized = dict[str, str]


def localize(value: Localized, locale: str | None, fallback: str) -> str:
    """Pick the text for ``locale``; fall back to the rule's own language, then anything."""
    if locale and locale in value:
        return value[locale]
    if fallback in value:
        return value[fallback]
    return next(iter(value.values()))


def as_localized(value: str | dict[str, str] | None, lang: str) -> Localized | None:
    if value is None:
        return None
    if isinstance(value, str):
        return {lang: value}
    return dict(value)


@dataclass(frozen=True)
class Reference:
    source: str
    section: str
    url: str | None = None

    def label(self) -> str:
        return f"{self.source} {self.section}"


@dataclass(frozen=True)
class Pattern:
    """One alternative way a rule can match: a token sequence or a dependency tree fragment."""

    kind: str  # "sequence" | "dependency"
    items: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Requirement:
    """Something a document must say somewhere when a document-scope rule is triggered."""

    id: str
    label: Localized
    patterns: tuple[Pattern, ...]
    when: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class ModelUse:
    """A rule that reads a claim model (linter/matching/claim_model.py) instead of patterns:
    it fires on a sentence whose claim probability reaches ``min_score`` and whose most
    likely category is ``label``."""

    name: str
    label: str
    min_score: float
    path: Path  # the model file, found in the rule folders by the loader


@dataclass(frozen=True)
class Corroboration:
    """A review-tier word cue that a claim model can confirm: where the model also reads the
    cue's whole sentence as a claim (claim probability at least ``min_score``), the cue's
    finding is reported at ``severity`` (warning) instead of its own.  Two independent
    readings, the listed words and the sentence's n-grams as a whole, agreeing make a claim
    likely; either alone stays the review tier."""

    name: str
    min_score: float
    severity: str
    path: Path  # the model file, found in the rule folders by the loader


@dataclass
class Rule:
    id: str
    category: str
    severity: str
    lang: str
    profiles: tuple[str, ...]
    message: Localized
    suggestion: Localized
    references: tuple[Reference, ...]
    patterns: tuple[Pattern, ...]
    flag_examples: tuple[str, ...]
    pass_examples: tuple[str, ...]
    source: Path
    exceptions: tuple[Pattern, ...] = ()
    scope: str = "sentence"
    requirements: tuple[Requirement, ...] = ()
    triggered_by: tuple[str, ...] = ()
    rationale: Localized | None = None
    # A review-tier word cue: reported only where no other rule flags the sentence
    # (linter/findings/chain.py, step 3).
    cue: bool = False
    model: ModelUse | None = None
    corroboration: Corroboration | None = None

    def text(self, field_name: str, locale: str | None = None) -> str:
        value: Localized | None = getattr(self, field_name)
        if value is None:
            return ""
        return localize(value, locale, self.lang)


@dataclass
class Lexicon:
    name: str
    lang: str
    description: str
    terms: tuple[str, ...]
    source: Path
    match_on: str = "term"
    standalone: bool = False
    joins: tuple[str, ...] = ()
    include: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trigger:
    id: str
    kind: str  # negation | disclaimer | meta
    direction: str  # forward | backward | bidirectional | sentence | sentence-unquoted |
    #                 terminate | pseudo | own-voice
    pattern: Pattern
    max_scope: int | None = None
    syntax: str | None = None
    quoted_only: bool = False
    # a terminator that opens a subordinate clause, closed by the next comma before a clause
    opens_clause: bool = False
    # a register that frames only its own explanation: a heading claim before a colon stands
    explains_only: bool = False
    # a register that is weaker evidence against a claim than a negation (an explainer's
    # plain "is used to treat" is also how sellers write): a claim it clears is still shown
    # at the review tier (info)
    to_review: bool = False
    # a whole-sentence register that holds whoever speaks (a question, a risk heading): the
    # advertiser's own voice does not limit it
    any_voice: bool = False
    # its own examples (tests): claims it clears; look-alikes it must not clear, or, for a
    # pseudo, terminate or own-voice trigger, claims that stand because of it
    cleared_examples: tuple[str, ...] = ()
    kept_examples: tuple[str, ...] = ()

    @property
    def clears(self) -> bool:
        """Does it clear claims (not a pseudo trigger, a terminator or an own-voice mark)?"""
        return self.direction not in ("pseudo", "terminate", "own-voice")

    @property
    def frames_whole_sentence(self) -> bool:
        """Is it a register of the whole sentence (a regulator, reporter or explainer speaking
        about claims), which the advertiser's own voice in the sentence overrules?"""
        return self.kind == "meta" and self.direction in ("sentence", "sentence-unquoted") \
            and not self.any_voice

    @property
    def fixed_phrase(self) -> bool:
        """Is its pattern a run of fixed words (no gap, no any-word item, no repeat)?"""
        return all("gap" not in item and not item.get("any") and not item.get("op")
                   for item in self.pattern.items)


@dataclass
class ContextSpec:
    lang: str
    triggers: tuple[Trigger, ...]
    # sentences about the trigger set as a whole (optional; each trigger has its own)
    cleared_examples: tuple[str, ...]
    kept_examples: tuple[str, ...]
    source: Path


@dataclass
class RuleSet:
    rules: tuple[Rule, ...]
    lexicons: dict[tuple[str, str], Lexicon]
    contexts: dict[str, ContextSpec]
    fingerprint: str
    sources: tuple[Path, ...] = field(default_factory=tuple)

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with this id: the one index by id that every stage uses."""
        index = self.__dict__.get("_index")
        if index is None:
            index = self.__dict__["_index"] = {rule.id: rule for rule in self.rules}
        return index.get(rule_id)

    def lexicon(self, lang: str, name: str) -> Lexicon:
        return self.lexicons[(lang, name)]

    def expanded_terms(self, lang: str, name: str) -> tuple[str, ...]:
        """Terms of a lexicon including those of the lexicons it includes."""
        seen: set[str] = set()
        out: list[str] = []
        stack = [name]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            lexicon = self.lexicons[(lang, current)]
            out.extend(lexicon.terms)
            stack.extend(reversed(lexicon.include))
        return tuple(dict.fromkeys(out))
