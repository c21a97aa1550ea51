"""The reviewed Word file: a copy of the draft with one Word comment per finding.

Compliance staff hand drafts back as the same .docx with a comment on each
problem.  ``write`` reopens the input .docx (never modifying it), walks its
paragraphs in the order the .docx reader numbers them (body paragraphs and
table-cell paragraphs, in document order), splits runs so that each comment's
range covers exactly the flagged characters, and attaches a comment written by
``medlint``: rule id and category, message, suggestion and legal basis.

Before anchoring, the characters at the finding's paragraph/column are compared
with the finding's matched words; a finding that does not line up (in a header
or footer, or in text the reader sees but the paragraph's runs do not hold) is
listed instead in one comment at the top of the document, so nothing is lost.
The audit trail (``linter.reporting.audit``) goes into a comment at the top and,
as JSON, into the document's core property ``comments``.

A .docx is binary, so this format does not fit ``emit(result, context) -> str``:
the CLI calls :func:`write` (or :func:`render_bytes`) instead.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.findings.model import Finding
from linter.reporting.labels import label
from linter.reporting.results import LintResult, RunResult

if TYPE_CHECKING:
    from linter.reporting.emitters import ReportContext

AUTHOR = "medlint"
INITIALS = "ML"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# run children that Run.text renders as one character each; w:t renders its own text
_ONE_CHAR = {f"{_W}{name}" for name in ("tab", "br", "cr", "noBreakHyphen", "ptab")}
_T = f"{_W}t"
_RPR = f"{_W}rPr"

_WORDS = {
    "en": {"summary": "medlint review", "unanchored": "Findings that could not be anchored "
           "in the text (headers, footers or changed text):", "rule_set": "rule set",
           "edition": "edition", "inputs": "input SHA-256", "time": "checked at",
           "profile": "profile", "options": "options", "guidelines": "guidelines (as of)",
           "findings": "findings", "paragraph": "paragraph"},
    "ja": {"summary": "medlint による確認", "unanchored": "本文に位置づけられなかった指摘"
           "（ヘッダー・フッター・変更履歴など）:", "rule_set": "ルールセット",
           "edition": "版", "inputs": "入力ファイル SHA-256", "time": "確認日時",
           "profile": "プロファイル", "options": "オプション", "guidelines": "根拠資料（時点）",
           "findings": "指摘件数", "paragraph": "段落"},
}


class DocxReportError(Exception):
    """The reviewed .docx cannot be written (one line, for the CLI's error message)."""


@dataclass
class _Piece:
    """A run of the paragraph and where its characters sit in the paragraph's text."""

    element: Any  # w:r
    start: int
    end: int


def _paragraphs(container) -> Iterator[Any]:
    """Paragraphs in the .docx reader's numbering order (see ``linter.reading.docx``)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iter_inner_content():
        if isinstance(child, Paragraph):
            yield child
        elif isinstance(child, Table):
            for row in child.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                        continue
                    seen.add(id(cell._tc))
                    yield from _paragraphs(cell)


def _reader_text(text: str) -> str:
    # the reader's normalisation: tabs and line breaks inside a paragraph become spaces
    return " ".join(text.replace("\t", " ").splitlines())


def _run_length(run_element) -> int:
    length = 0
    for child in run_element:
        if child.tag == _T:
            length += len(child.text or "")
        elif child.tag in _ONE_CHAR:
            length += 1
    return length


# Two ways to see a paragraph's runs: python-docx's (direct runs and hyperlinks, what
# ``Paragraph.text`` shows and the .docx reader reads today), and every w:r inside the
# paragraph (also runs in tracked insertions, content controls and simple fields; deleted
# text is w:delText and counts for nothing).  A finding is anchored with the one whose text
# holds its matched words at its columns.
MODES = ("inner", "all")


def _pieces(paragraph, mode: str = "inner") -> list[_Piece]:
    """The paragraph's runs with the character positions they hold in its text."""
    from docx.text.hyperlink import Hyperlink
    from docx.text.run import Run

    if mode == "all":
        elements = list(paragraph._p.iter(f"{_W}r"))
    else:
        elements = []
        for item in paragraph.iter_inner_content():
            if isinstance(item, Run):
                elements.append(item._r)
            elif isinstance(item, Hyperlink):
                elements.extend(run._r for run in item.runs)
    pieces = []
    position = 0
    for element in elements:
        length = _run_length(element)
        pieces.append(_Piece(element, position, position + length))
        position += length
    return pieces


def _text_of(paragraph, mode: str) -> str:
    from docx.text.run import Run

    return _reader_text("".join(Run(p.element, paragraph).text
                                for p in _pieces(paragraph, mode)))


def _split_run(element, at: int):
    """Split w:r ``element`` before its character ``at`` (0 < at < length); the new right
    half is inserted after it and returned.  Formatting (w:rPr) is kept on both halves."""
    right = copy.deepcopy(element)
    element.addnext(right)
    for half, keep_left in ((element, True), (right, False)):
        position = 0
        for child in list(half):
            if child.tag == _RPR:
                continue
            if child.tag == _T:
                length = len(child.text or "")
            elif child.tag in _ONE_CHAR:
                length = 1
            else:
                length = 0
            start, end = position, position + length
            position = end
            if length == 0:
                # drawings, field characters...: they belong where they stand
                if (start >= at) == keep_left:
                    half.remove(child)
                continue
            if end <= at:
                if not keep_left:
                    half.remove(child)
            elif start >= at:
                if keep_left:
                    half.remove(child)
            else:  # a w:t that straddles the split point
                text = child.text or ""
                child.text = text[:at - start] if keep_left else text[at - start:]
                child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return right


def _runs_for(paragraph, start: int, end: int, mode: str = "inner") -> list | None:
    """Runs of ``paragraph`` covering exactly characters [start, end), splitting runs at the
    two boundaries; None when the paragraph's runs do not hold those characters."""
    from docx.text.run import Run

    for boundary in (start, end):
        for piece in _pieces(paragraph, mode):
            if piece.start < boundary < piece.end:
                _split_run(piece.element, boundary - piece.start)
                break
    covered = [p for p in _pieces(paragraph, mode) if start <= p.start and p.end <= end
               and p.end > p.start]
    if not covered or covered[0].start != start or covered[-1].end != end:
        return None
    return [Run(p.element, paragraph) for p in covered]


def _locale_of(finding: Finding, context_locale: str | None) -> str:
    return context_locale or finding.lang or "en"


def comment_lines(finding: Finding, locale: str | None) -> list[str]:
    """The comment's paragraphs: rule and category, message, suggestion, legal basis."""
    lang = _locale_of(finding, locale)
    lines = [f"[{finding.rule_id}] {finding.category} ({finding.severity})", finding.message]
    if finding.missing:
        lines.append(f"{label('missing', lang)}: " + "; ".join(finding.missing))
    if finding.suggestion:
        lines.append(f"{label('suggestion', lang)}: {finding.suggestion}")
    basis = "; ".join(
        f"{r['source']} {r['section']}".strip() + (f" <{r['url']}>" if r.get("url") else "")
        for r in finding.references)
    if basis:
        lines.append(f"{label('basis', lang)}: {basis}")
    return lines


def _add_comment(document, runs, lines: list[str]) -> None:
    comment = document.add_comment(runs, text=lines[0], author=AUTHOR, initials=INITIALS)
    for line in lines[1:]:
        comment.add_paragraph(line)


def _audit_lines(audit: Mapping[str, Any], words: dict[str, str]) -> list[str]:
    rules = audit.get("rule_set", {})
    lines = [f"medlint {audit.get('medlint_version', '')}",
             f"{words['rule_set']}: {words['edition']} {rules.get('edition', '?')}, "
             f"sha256 {str(rules.get('fingerprint', ''))[:16]}…"]
    guidelines = [g for g in audit.get("guidelines") or [] if g.get("findings")]
    if guidelines:
        lines.append(f"{words['guidelines']}: " + "; ".join(
            f"{g['source']} ({g['as_of']})" for g in guidelines))
    for item in audit.get("inputs", []):
        lines.append(f"{words['inputs']}: {item.get('path')} {item.get('sha256')}")
    lines.append(f"{words['time']}: {audit.get('time', '')}")
    if audit.get("profile"):
        lines.append(f"{words['profile']}: {audit['profile']}")
    options = audit.get("options") or {}
    if options:
        lines.append(f"{words['options']}: " + json.dumps(options, ensure_ascii=False,
                                                          sort_keys=True))
    return lines


AUDIT_NAMESPACE = "https://medlint.dev/audit"
AUDIT_PART = "/customXml/medlint-audit.xml"


def _attach_audit(document, audit: Mapping[str, Any]) -> None:
    """The audit trail as JSON in a custom XML part (``customXml/medlint-audit.xml``), the
    place Office keeps data for tools; core properties are limited to 255 characters."""
    from xml.sax.saxutils import escape

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    payload = json.dumps(dict(audit), ensure_ascii=False, sort_keys=True)
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<audit xmlns="{AUDIT_NAMESPACE}">{escape(payload)}</audit>').encode()
    part = Part(PackURI(AUDIT_PART), "application/xml", xml, document.part.package)
    document.part.relate_to(part, RT.CUSTOM_XML)


def read_audit(data: bytes) -> dict[str, Any] | None:
    """The audit trail stored in a reviewed .docx (None when it has none)."""
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            root = ElementTree.fromstring(archive.read(AUDIT_PART.lstrip("/")))
        except KeyError:
            return None
    return json.loads(root.text or "null")


def _first_runs(document) -> list:
    """Something to anchor the top comments on: the first paragraph that has text."""
    for paragraph in _paragraphs(document):
        pieces = [p for p in _pieces(paragraph) if p.end > p.start]
        if pieces:
            return _runs_for(paragraph, pieces[0].start, pieces[0].end) or []
    paragraphs = list(_paragraphs(document))
    paragraph = (paragraphs[0].insert_paragraph_before("") if paragraphs
                 else document.add_paragraph(""))
    return [paragraph.add_run(AUTHOR)]


def review_docx(data: bytes, file: LintResult, locale: str | None,
                audit: Mapping[str, Any] | None = None) -> tuple[bytes, list[Finding]]:
    """The reviewed copy of the .docx ``data`` for ``file``'s findings, and the findings
    that could not be anchored in the text (they are in the top comment)."""
    import docx

    document = docx.Document(io.BytesIO(data))
    paragraphs = list(_paragraphs(document))
    # splitting runs and adding comments never changes a paragraph's text: computed once
    texts = {mode: [_text_of(p, mode) for p in paragraphs] for mode in MODES}
    unanchored: list[Finding] = []
    for finding in file.findings:
        # each comment is added at once: a later split of one of its runs inserts the new
        # half inside the comment's range markers, so overlapping findings stay exact
        runs = _anchor(paragraphs, finding, texts)
        if runs is None:
            unanchored.append(finding)
        else:
            _add_comment(document, runs, comment_lines(finding, locale))
    lang = locale or (file.findings[0].lang if file.findings else "en")
    words = _WORDS.get(lang, _WORDS["en"])
    top = _first_runs(document)
    summary = [words["summary"], f"{words['findings']}: {len(file.findings)}"]
    if audit:
        summary += _audit_lines(audit, words)
        _attach_audit(document, audit)
    _add_comment(document, top, summary)
    if unanchored:
        lines = [words["unanchored"]]
        for finding in unanchored:
            head = f"{words['paragraph']} {finding.line}:{finding.column} «{finding.matched}»"
            lines.append(head + " — " + " / ".join(comment_lines(finding, locale)))
        _add_comment(document, top, lines)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue(), unanchored


def _anchor(paragraphs: list, finding: Finding,
            texts: dict[str, list[str]] | None = None) -> list | None:
    """The runs to comment for ``finding``, or None when its words are not in the body.

    The paragraph the finding names is tried first; when its text does not hold the matched
    words at the finding's columns (a reader that numbers paragraphs differently, e.g. one
    that also reads headers), the nearest paragraph that does is used."""
    if finding.line < 1 or finding.end_line < finding.line:
        return None
    start, end = finding.column - 1, finding.end_column - 1
    if texts is None:
        texts = {mode: [_text_of(p, mode) for p in paragraphs] for mode in MODES}
    if finding.line == finding.end_line:
        if end <= start:
            return None
        expected = finding.line - 1
        order = sorted(range(len(paragraphs)), key=lambda i: (abs(i - expected), i))
        for index in order:
            for mode in MODES:
                if texts[mode][index][start:end] == finding.matched:
                    return _runs_for(paragraphs[index], start, end, mode)
        return None
    if finding.end_line > len(paragraphs):
        return None
    # a match across paragraphs: from its start to the end of its last paragraph's part
    first = paragraphs[finding.line - 1]
    last = paragraphs[finding.end_line - 1]
    first_text = texts["inner"][finding.line - 1]
    last_text = texts["inner"][finding.end_line - 1]
    if not finding.matched.startswith(first_text[start:]) or not finding.matched.endswith(
            last_text[:end]) or end <= 0:
        return None
    head = _runs_for(first, start, len(first_text))
    tail = _runs_for(last, 0, end)
    if not head or not tail:
        return None
    return [head[0], tail[-1]]


def _docx_file(result: RunResult) -> LintResult:
    readable = [f for f in result.files if not f.error]
    if len(result.files) != 1 or not readable:
        raise DocxReportError("--format docx reviews exactly one readable .docx file "
                              f"(got {len(result.files)} input(s))")
    file = readable[0]
    if Path(file.path).suffix.lower() != ".docx":
        raise DocxReportError(f"{file.path}: --format docx needs a .docx input; use "
                              "--format html or json for other drafts")
    return file


def render_bytes(result: RunResult, context: ReportContext | None = None,
                 audit: Mapping[str, Any] | None = None, *,
                 source: bytes | None = None) -> bytes:
    """The reviewed .docx of ``result``'s one .docx input, as bytes.  ``source`` is the
    input's bytes (read from ``result``'s path when not given)."""
    file = _docx_file(result)
    if source is None:
        try:
            source = Path(file.path).read_bytes()
        except OSError as exc:
            raise DocxReportError(f"{file.path}: cannot read the draft again ({exc.strerror})"
                                  ) from exc
    locale = context.locale if context is not None else None
    if audit is None and context is not None:
        audit = getattr(context, "audit", None)
    try:
        data, _unanchored = review_docx(source, file, locale, audit)
    except (ValueError, KeyError) as exc:
        raise DocxReportError(f"{file.path}: cannot add comments to this .docx ({exc})") from exc
    return data


def write(result: RunResult, context: ReportContext | None, output_path: str | Path,
          audit: Mapping[str, Any] | None = None) -> Path:
    """Write the reviewed copy of ``result``'s .docx input to ``output_path``.

    The input is never modified: an ``output_path`` that is the input itself raises
    :class:`DocxReportError`, as does a run that is not exactly one .docx file."""
    file = _docx_file(result)
    target = Path(output_path)
    try:
        same = target.resolve() == Path(file.path).resolve()
    except OSError:
        same = False
    if same:
        raise DocxReportError(f"{target}: -o names the draft being checked; refusing to "
                              "overwrite an input")
    data = render_bytes(result, context, audit)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise DocxReportError(f"{target}: cannot write the reviewed .docx ({exc.strerror})"
                              ) from exc
    return target


def emit(result: RunResult, context: ReportContext) -> str:
    """The text emitter protocol cannot carry a binary file: the CLI must call
    :func:`write` with ``-o``.  Reaching this is a usage error, said in one line."""
    import click

    raise click.UsageError("--format docx writes a Word file: give -o reviewed.docx")
