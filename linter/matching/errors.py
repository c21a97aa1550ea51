from __future__ import annotations


class RuleCompileError(Exception):
    """A rule that validates against the schema but cannot be compiled (e.g. a bad regex)."""
