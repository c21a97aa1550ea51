"""Which pattern of which rule: a typed key shared by the compiler and the prefilter.

spaCy's matchers name their patterns with strings, so a key has a ``label``; that
is the only place a key becomes text, and :meth:`PatternKey.from_label` the only
place text becomes a key again (the prefilter's cached snapshot stores labels).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from linter.rules.model import Pattern, Rule

_SEP = "\x1f"
# roles whose matches matter to the prefilter (exceptions only cancel a match)
PROBE_ROLES = ("match", "require", "when")


class PatternKey(NamedTuple):
    """One pattern of one rule.

    ``role``: ``match`` (the claim), ``exception`` (cancels an overlapping match),
    ``require`` / ``when`` (a document rule's required statement and its condition, with
    the requirement's id in ``requirement``)."""

    rule_id: str
    role: str
    index: int
    requirement: str = ""

    @property
    def label(self) -> str:
        """The string spaCy's matchers know this pattern by."""
        return _SEP.join((self.rule_id, self.role, str(self.index), self.requirement))

    @classmethod
    def from_label(cls, label: str) -> PatternKey:
        rule_id, role, index, requirement = label.split(_SEP)
        return cls(rule_id, role, int(index), requirement)


def rule_patterns(rule: Rule) -> Iterator[tuple[PatternKey, Pattern]]:
    """(key, pattern) for every pattern of a rule: its matches, exceptions, and the
    requirements (and their conditions) of document rules."""
    for index, pattern in enumerate(rule.patterns):
        yield PatternKey(rule.id, "match", index), pattern
    for index, pattern in enumerate(rule.exceptions):
        yield PatternKey(rule.id, "exception", index), pattern
    for requirement in rule.requirements:
        for index, pattern in enumerate(requirement.patterns):
            yield PatternKey(rule.id, "require", index, requirement.id), pattern
        for index, pattern in enumerate(requirement.when):
            yield PatternKey(rule.id, "when", index, requirement.id), pattern
