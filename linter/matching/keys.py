"""Names for rule patterns, shared by the compiler and the prefilter (which avoids spaCy)."""

from __future__ import annotations

from collections.abc import Iterator

from linter.rules.model import Pattern, Rule

SEP = "\x1f"
PROBE_ROLES = ("match", "require", "when")


def pattern_key(rule_id: str, role: str, index: int) -> str:
    return SEP.join((rule_id, role, str(index)))


def key_rule(key: str) -> str:
    return key.split(SEP, 1)[0]


def key_role(key: str) -> str:
    return key.split(SEP, 2)[1]


def rule_patterns(rule: Rule) -> Iterator[tuple[str, int, Pattern]]:
    """(role, index, pattern) for every pattern of a rule: its matches, exceptions, and the
    requirements (and their conditions) of document rules."""
    for index, pattern in enumerate(rule.patterns):
        yield "match", index, pattern
    for index, pattern in enumerate(rule.exceptions):
        yield "exception", index, pattern
    for requirement in rule.requirements:
        for index, pattern in enumerate(requirement.patterns):
            yield f"require:{requirement.id}", index, pattern
        for index, pattern in enumerate(requirement.when):
            yield f"when:{requirement.id}", index, pattern
