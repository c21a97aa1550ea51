"""Findings to LSP objects: diagnostics, hover text and code actions (pure functions).

A diagnostic's ``code`` is the rule id and its ``codeDescription.href`` the rule's
documentation: by default the rule's definition in the medlint repository
(``https://github.com/medlint/medlint/blob/main/rules/<lang>/<category>.yaml#L<line>``,
where the YAML holds the message, rewrite, legal basis and examples that
``medlint rules show RULE`` prints), a ``file://`` URI for a rule from your own
``rules-dirs``, or the client's ``ruleDocsUrl`` template.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lsprotocol import types

from linter.findings.model import Finding
from linter.lsp.positions import LineIndex
from linter.reporting.labels import label

SOURCE = "medlint"
REPOSITORY_RULES_URL = "https://github.com/medlint/medlint/blob/main/rules/"
SUPPRESS_TEMPLATE = "<!-- medlint-disable-next-line {rule} -- reason -->"
COPY_SUGGESTION_COMMAND = "medlint.copySuggestion"

_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


@dataclass
class LintedDocument:
    """One published lint: what the diagnostics of ``uri`` were computed from."""

    uri: str
    version: int | None
    findings: list[Finding]
    lines: LineIndex
    locale: str  # "auto", "ja" or "en": the language of the labels around rule texts
    diagnostics: list[types.Diagnostic]


def label_locale(finding: Finding, locale: str) -> str:
    """Labels follow the message language: the configured locale, else the rule's."""
    return locale if locale in ("ja", "en") else finding.lang


def finding_range(finding: Finding, lines: LineIndex) -> types.Range:
    """The matched words (``Finding.match_span``) as an LSP range."""
    start, end = finding.match_span
    if end <= start:  # a zero-width match (never expected) still gets one character
        end = start + 1
    (sl, sc), (el, ec) = lines.position(start), lines.position(end)
    return types.Range(start=types.Position(line=sl, character=sc),
                       end=types.Position(line=el, character=ec))


@lru_cache(maxsize=512)
def _id_line(source: str, rule_id: str) -> int | None:
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip().lstrip("-").strip()
        if stripped in (f"id: {rule_id}", f'id: "{rule_id}"', f"id: '{rule_id}'"):
            return number
    return None


def rule_doc_url(rule: Any, rule_id: str, template: str | None = None) -> str | None:
    """Where a rule is documented (see the module docstring for the scheme)."""
    if template:
        category = getattr(rule, "category", "")
        lang = getattr(rule, "lang", "")
        return template.format(rule_id=rule_id, category=category, lang=lang)
    if rule is None:
        return None
    from linter.resources import bundled_rules_dir

    source = Path(rule.source).resolve()
    line = _id_line(str(source), rule_id)
    anchor = f"#L{line}" if line else ""
    try:
        relative = source.relative_to(bundled_rules_dir().resolve()).as_posix()
    except ValueError:
        return source.as_uri() + anchor
    return REPOSITORY_RULES_URL + relative + anchor


def diagnostic_message(finding: Finding, locale: str) -> str:
    """The message, then the rewrite on its own line."""
    text = finding.message
    if finding.suggestion:
        text += f"\n{label('suggestion', label_locale(finding, locale))}: {finding.suggestion}"
    return text


def to_diagnostic(finding: Finding, uri: str, lines: LineIndex, locale: str,
                  doc_url: str | None) -> types.Diagnostic:
    """One finding as an LSP diagnostic; a document rule's missing items become related
    information pointing at the words that made the page need them."""
    where = finding_range(finding, lines)
    related = None
    if finding.missing:
        missing = label("missing", label_locale(finding, locale))
        related = [types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=where), message=f"{missing}: {item}")
            for item in finding.missing]
    return types.Diagnostic(
        range=where,
        severity=_SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule_id,
        code_description=types.CodeDescription(href=doc_url) if doc_url else None,
        source=SOURCE,
        message=diagnostic_message(finding, locale),
        related_information=related,
        data={"rule_id": finding.rule_id, "suggestion": finding.suggestion},
    )


def _contains(outer: types.Range, position: types.Position) -> bool:
    start, end = outer.start, outer.end
    after_start = (position.line, position.character) >= (start.line, start.character)
    before_end = (position.line, position.character) <= (end.line, end.character)
    return after_start and before_end


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return ((a.start.line, a.start.character) <= (b.end.line, b.end.character)
            and (b.start.line, b.start.character) <= (a.end.line, a.end.character))


def hover_markdown(finding: Finding, locale: str, doc_url: str | None) -> str:
    """Message, rewrite, missing items and the legal basis with its references."""
    lang = label_locale(finding, locale)
    words = {"en": ("Rewrite", "Legal basis", "Missing", "Rule documentation"),
             "ja": ("言い換え", "根拠", "不足している記載", "ルールの説明")}[
        "ja" if lang == "ja" else "en"]
    parts = [f"**medlint** `{finding.rule_id}` · {finding.category} · {finding.severity}",
             finding.message]
    if finding.suggestion:
        parts.append(f"**{words[0]}:** {finding.suggestion}")
    if finding.missing:
        parts.append(f"**{words[2]}:**\n" + "\n".join(f"- {item}" for item in finding.missing))
    if finding.references:
        basis = []
        for ref in finding.references:
            name = f"{ref.get('source', '')} {ref.get('section', '')}".strip()
            basis.append(f"- [{name}]({ref['url']})" if ref.get("url") else f"- {name}")
        parts.append(f"**{words[1]}:**\n" + "\n".join(basis))
    if doc_url:
        parts.append(f"[{words[3]}]({doc_url})")
    return "\n\n".join(parts)


def findings_at(linted: LintedDocument, position: types.Position) -> list[int]:
    """Indexes of the findings whose range holds ``position``."""
    return [i for i, d in enumerate(linted.diagnostics) if _contains(d.range, position)]


def findings_in(linted: LintedDocument, where: types.Range) -> list[int]:
    """Indexes of the findings whose range touches ``where``."""
    return [i for i, d in enumerate(linted.diagnostics) if _overlaps(d.range, where)]


def suppression_edit(finding: Finding, linted: LintedDocument) -> types.TextEdit:
    """Insert ``<!-- medlint-disable-next-line RULE -- reason -->`` on its own line above the
    line where the matched words start, indented like that line."""
    line, _ = linted.lines.position(finding.match_span[0])
    text = linted.lines.line_text(line)
    indent = text[: len(text) - len(text.lstrip(" \t"))]
    at = types.Position(line=line, character=0)
    comment = SUPPRESS_TEMPLATE.format(rule=finding.rule_id)
    return types.TextEdit(range=types.Range(start=at, end=at), new_text=f"{indent}{comment}\n")


def code_actions(linted: LintedDocument, where: types.Range) -> list[types.CodeAction]:
    """For each finding touching ``where``: a suppression comment and "copy suggestion"."""
    actions: list[types.CodeAction] = []
    seen: set[tuple[str, int]] = set()
    for index in findings_in(linted, where):
        finding = linted.findings[index]
        diagnostic = linted.diagnostics[index]
        line = diagnostic.range.start.line
        if (finding.rule_id, line) in seen:
            continue
        seen.add((finding.rule_id, line))
        actions.append(types.CodeAction(
            title=f"medlint: suppress {finding.rule_id} on this line (add a reason)",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic],
            edit=types.WorkspaceEdit(changes={linted.uri: [suppression_edit(finding, linted)]}),
        ))
        if finding.suggestion:
            actions.append(types.CodeAction(
                title=f"medlint: copy the suggested rewrite for {finding.rule_id}",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                command=types.Command(title="Copy suggestion", command=COPY_SUGGESTION_COMMAND,
                                      arguments=[finding.suggestion, finding.rule_id]),
            ))
    return actions
