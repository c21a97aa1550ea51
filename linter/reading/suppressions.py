"""Inline suppression comments (Markdown, HTML and plain text).

Forms, each scoped exactly (RULES are rule ids, id prefixes or categories separated by
commas or spaces; none means every rule; `` -- reason`` may follow in every form):

* ``<!-- medlint-disable-line RULES -->``: the line(s) the comment is on;
* ``<!-- medlint-disable-next-line RULES -->``: the one line after the comment;
* ``<!-- medlint-disable RULES -->`` … ``<!-- medlint-enable [RULES] -->``: the lines
  from the first comment to the second (to the end of the file if never enabled);
* ``<!-- medlint-disable-file RULES -->``: the whole file.

Markdown and HTML use HTML comments (only real comments count, not one shown in a code
block).  Plain text has no comment syntax, so there a directive is either an HTML
comment as above or a line of its own starting with ``#``
(``# medlint-disable-next-line EN-DISEASE-TREAT -- substantiated by study X``); in
plain text both are blanked before linting, so a directive is never linted itself.

A ``medlint-`` word that is not one of these forms (``medlint-disable-lines``) is not
silently ignored: it becomes a Suppression of that ``kind`` covering nothing, which
``linter.findings.suppressions.unknown_suppression_findings`` reports.
"""

from __future__ import annotations

import bisect
import re

from linter.reading.document import Suppression
from linter.text.positions import LineIndex

FORMS = ("disable-line", "disable-next-line", "disable", "enable", "disable-file")
_COMMENT = re.compile(r"<!--\s*medlint-(?P<kind>[A-Za-z][\w-]*)(?P<body>.*?)-->", re.S)
_LINE = re.compile(r"(?m)^[ \t]*#[ \t]*medlint-(?P<kind>[A-Za-z][\w-]*)(?P<body>[^\n]*)$")
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")


def _rules_and_reason(body: str) -> tuple[frozenset[str], str]:
    """``RULES -- reason`` → ({RULES}, reason)."""
    split = _REASON.search(body)
    rules, reason = (body[:split.start()], body[split.end():]) if split else (body, "")
    names = frozenset(part for part in re.split(r"[\s,]+", rules.strip()) if part)
    return names, " ".join(reason.split())


def _comments(text: str) -> list[re.Match[str]]:
    """Directive comments; a comment ends at the first ``-->`` (as in HTML).  Found with
    ``str.find`` rather than one regex over the text, so that many unterminated ``<!--``
    cost linear, not quadratic, time."""
    found = []
    position = 0
    while True:
        start = text.find("<!--", position)
        if start < 0:
            break
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no later comment can be closed either
        match = _COMMENT.fullmatch(text, start, end + 3)
        if match:
            found.append(match)
        position = end + 3
    return found


def _inside(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    index = bisect.bisect_right(starts, start) - 1
    # readers' spans barely overlap: the few latest ones starting before ``start`` decide
    return any(spans[i][1] >= end for i in range(index, max(index - 4, -1), -1))


def _directives(text: str, allowed: list[tuple[int, int]] | None, line_comments: bool
                ) -> list[re.Match[str]]:
    found = _comments(text)
    if allowed is not None:
        spans = sorted(allowed)
        starts = [s for s, _ in spans]
        found = [m for m in found if _inside(spans, starts, m.start(), m.end())]
    if line_comments:
        taken = [(m.start(), m.end()) for m in found]
        taken_starts = [s for s, _ in taken]
        found += [m for m in _LINE.finditer(text)
                  if not _inside(taken, taken_starts, m.start(), m.start() + 1)]
    return sorted(found, key=lambda m: m.start())


def directive_spans(text: str) -> list[tuple[int, int]]:
    """Where the plain-text directives are (to blank them before linting)."""
    return [m.span() for m in _directives(text, None, line_comments=True)]


def parse_suppressions(text: str, *, allowed: list[tuple[int, int]] | None = None,
                       line_comments: bool = False) -> list[Suppression]:
    """Suppression comments in ``text``.  ``allowed`` limits them to spans that are real
    comments (not code blocks that merely show one); ``line_comments`` also accepts the
    plain-text ``# medlint-...`` line form."""
    lines = LineIndex(text)
    last_line = text.count("\n") + 1
    out: list[Suppression] = []
    open_blocks: list[Suppression] = []
    for match in _directives(text, allowed, line_comments):
        kind = match.group("kind")
        rules, reason = _rules_and_reason(match.group("body"))
        line, column = lines.position(match.start())
        end_line, _ = lines.position(max(match.start(), match.end() - 1))
        directive = match.group(0).strip()

        def make(first: int, last: int, kind: str = kind, rules: frozenset[str] = rules,
                 line: int = line, column: int = column, directive: str = directive,
                 reason: str = reason) -> Suppression:
            return Suppression(rules, first, last, line, column, directive, reason, kind)

        if kind == "disable-line":
            out.append(make(line, end_line))
        elif kind == "disable-next-line":
            out.append(make(end_line + 1, end_line + 1))
        elif kind == "disable-file":
            out.append(make(1, last_line))
        elif kind == "disable":
            open_blocks.append(make(line, last_line))
        elif kind == "enable":
            out.append(make(0, -1))  # the end of a block covers no line itself
            still_open = []
            for block in open_blocks:
                if not rules or not block.rules or block.rules <= rules:
                    out.append(Suppression(block.rules, block.first_line, line,
                                           block.comment_line, block.comment_column,
                                           block.directive, block.reason, block.kind))
                else:
                    still_open.append(block)
            open_blocks = still_open
        else:
            out.append(make(0, -1))  # a misspelt form silences nothing; it is reported
    out.extend(open_blocks)
    return sorted(out, key=lambda s: (s.comment_line, s.comment_column, s.first_line))
