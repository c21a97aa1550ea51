"""Human-readable report in the style of ruff: ``path:line:col: RULE [category] message``.

Each finding is followed by the sentence with the matched words underlined,
the compliant rewrite and the legal basis; colour only on a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from linter.findings.model import Finding
from linter.reporting.labels import label
from linter.reporting.results import RunResult
from linter.text.normalize import display_width

if TYPE_CHECKING:
    from linter.reporting.emitters import ReportContext

_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "info": "blue"}
_MAX_SENTENCE_WIDTH = 110


def _excerpt(finding: Finding) -> tuple[str, int, int]:
    """The sentence (shortened around the match if long) and the match's column range in it."""
    sentence = finding.sentence
    start, end = finding.excerpt_span
    if end <= start:
        return sentence, 0, 0
    if display_width(sentence) > _MAX_SENTENCE_WIDTH:
        left = max(0, start - 30)
        right = min(len(sentence), end + 40)
        prefix = "…" if left else ""
        suffix = "…" if right < len(sentence) else ""
        sentence = prefix + sentence[left:right] + suffix
        start, end = start - left + len(prefix), end - left + len(prefix)
    return sentence, start, end


def format_finding(finding: Finding, locale: str | None, color: bool) -> str:
    loc = locale or finding.lang

    def style(text: str, **kwargs) -> str:
        return click.style(text, **kwargs) if color else text

    where = f"{finding.path}:{finding.line}:{finding.column}:"
    head = (
        f"{style(where, bold=True)} "
        f"{style(finding.rule_id, fg=_SEVERITY_COLOUR[finding.severity], bold=True)} "
        f"[{finding.category}] {finding.message}"
    )
    lines = [head]
    sentence, start, end = _excerpt(finding)
    if end > start:
        lines.append("    | " + sentence[:start] + style(sentence[start:end], fg="red", bold=True)
                     + sentence[end:])
        pad = display_width(sentence[:start])
        lines.append("    | " + " " * pad + style("^" * max(1, display_width(sentence[start:end])),
                                                   fg="red"))
    if finding.missing:
        lines.append(f"    = {label('missing', loc)}: " + " / ".join(finding.missing))
    lines.append(f"    = {label('suggestion', loc)}: {finding.suggestion}")
    basis = "; ".join(f"{r['source']} {r['section']}" for r in finding.references)
    lines.append(f"    = {label('basis', loc)}: {basis}")
    return "\n".join(lines)


def summary_line(result: RunResult, locale: str | None) -> str:
    """One honest sentence: findings, files actually checked, files that could not be read."""
    summary = result.summary()
    loc = locale or _majority_lang(result) or "en"
    values = {**summary, "s": "" if summary["findings"] == 1 else "s",
              "fs": "" if summary["files_checked"] == 1 else "s",
              "es": "" if summary["input_errors"] == 1 else "s"}
    if summary["findings"]:
        tail = label("summary", loc).format(**values)
    elif summary["files_checked"] or not summary["input_errors"]:
        tail = label("clean", loc).format(**values)
    else:
        tail = ""
    if summary["input_errors"]:
        tail = (tail + " " if tail else "") + label("input_errors", loc).format(**values)
    if summary["baseline_hidden"]:
        tail += " " + label("baseline", loc).format(**values)
    return tail


def render_text(result: RunResult, locale: str | None, color: bool,
                quiet: bool = False) -> str:
    """The ``full`` format: each finding with its sentence, rewrite and basis, then a summary
    (left out with ``quiet``)."""
    blocks = [format_finding(f, locale, color) for f in result.findings]
    out = "\n\n".join(blocks)
    if quiet:
        return out + "\n" if out else ""
    return (out + "\n\n" if out else "") + summary_line(result, locale) + "\n"


def render_concise(result: RunResult, locale: str | None, color: bool,
                   quiet: bool = False) -> str:
    """The ``concise`` format: one line per finding, as ruff prints them."""
    lines = []
    for f in result.findings:
        where = f"{f.path}:{f.line}:{f.column}:"
        rule = click.style(f.rule_id, fg=_SEVERITY_COLOUR[f.severity], bold=True) if color \
            else f.rule_id
        lines.append(f"{click.style(where, bold=True) if color else where} {rule} "
                     f"[{f.category}] {f.message}")
    if not quiet:
        lines.append(summary_line(result, locale))
    return "\n".join(lines) + ("\n" if lines else "")


def _majority_lang(result: RunResult) -> str | None:
    langs = [f.lang for f in result.findings]
    if not langs:
        return None
    return max(sorted(set(langs)), key=langs.count)


def emit(result: RunResult, context: ReportContext) -> str:
    """The emitter protocol (``linter.reporting.emitters``)."""
    return render_text(result, context.locale, context.color, context.quiet)


def emit_concise(result: RunResult, context: ReportContext) -> str:
    """The emitter protocol for ``concise``."""
    return render_concise(result, context.locale, context.color, context.quiet)
