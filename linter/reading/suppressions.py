"""Inline suppression comments in Markdown and HTML.

``<!-- medlint-disable [RULES] -->`` … ``<!-- medlint-enable [RULES] -->`` switches
rules off for a stretch of lines; ``<!-- medlint-disable-next-line [RULES] -->``
for the next line only.  RULES are rule ids, id prefixes or categories
separated by commas or spaces; none means every rule.
"""

from __future__ import annotations

import re

from linter.reading.document import Suppression
from linter.text.positions import LineIndex

_DIRECTIVE = re.compile(
    r"<!--\s*medlint-(disable-next-line|disable|enable)\b(?P<rules>[^>]*?)\s*-->", re.S)


def _rules(raw: str) -> frozenset[str]:
    return frozenset(part for part in re.split(r"[\s,]+", raw.strip()) if part)


def parse_suppressions(text: str, *, allowed: list[tuple[int, int]] | None = None
                       ) -> list[Suppression]:
    """Suppression comments in ``text``; ``allowed`` limits them to spans that are real comments
    (not code blocks that merely show one)."""
    lines = LineIndex(text)
    last_line = text.count("\n") + 1
    out: list[Suppression] = []
    open_ranges: list[tuple[frozenset[str], int, int, int, str]] = []
    for match in _DIRECTIVE.finditer(text):
        if allowed is not None and not any(s <= match.start() and match.end() <= e
                                           for s, e in allowed):
            continue
        kind = match.group(1)
        rules = _rules(match.group("rules"))
        line, column = lines.position(match.start())
        end_line, _ = lines.position(match.end())
        directive = match.group(0)
        if kind == "disable-next-line":
            out.append(Suppression(rules, end_line + 1, end_line + 1, line, column, directive))
        elif kind == "disable":
            open_ranges.append((rules, line, line, column, directive))
        else:
            still_open = []
            for opened in open_ranges:
                if not rules or not opened[0] or opened[0] <= rules:
                    out.append(Suppression(opened[0], opened[1], line, opened[2], opened[3],
                                           opened[4]))
                else:
                    still_open.append(opened)
            open_ranges = still_open
    for rules, first, comment_line, column, directive in open_ranges:
        out.append(Suppression(rules, first, last_line, comment_line, column, directive))
    return sorted(out, key=lambda s: (s.first_line, s.comment_column))
