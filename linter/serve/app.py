"""The reviewers' web page: a small Starlette app over ``linter.api.Linter``.

One form (paste text or upload a .docx/.pdf/.html/.md/.txt, pick a profile and
the language of the messages); the answer shows the draft with every finding
highlighted and, beside it, each finding's message, suggestion and legal basis,
plus downloads of the reviewed .docx (for a .docx), the HTML report and the
JSON report with the audit trail.

Nothing is kept: the downloads are embedded in the answer as ``data:`` links,
so the server holds a draft only while it checks it (uploads are read in
memory and the form is closed with the request).  The page loads nothing from
the network.  Linting runs in a worker thread under one lock, because a Linter
is not thread-safe.
"""

from __future__ import annotations

import base64
import hashlib
import html
import itertools
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.findings.model import Finding
from linter.reading.errors import InputError
from linter.reporting.html_report import COLOURS
from linter.reporting.results import LintResult, RunResult
from linter.rules.model import PROFILES

TEMPLATES = Path(__file__).parent / "templates"
UPLOAD_SUFFIXES = (".docx", ".pdf", ".html", ".htm", ".md", ".markdown", ".txt")
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the small fields


class ReviewError(Exception):
    """A draft that cannot be checked: one line for the page, and an HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class Download:
    label: str
    filename: str
    mime: str
    data: bytes

    @property
    def href(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass
class Review:
    name: str
    kind: str
    draft_html: str
    findings: list[dict[str, Any]]
    result: LintResult
    audit: dict[str, Any]
    downloads: list[Download] = field(default_factory=list)


class Reviewer:
    """Lints drafts with one Linter per (profile, locale), one draft at a time."""

    def __init__(self) -> None:
        self._linters: dict[tuple[str | None, str | None], Any] = {}
        self._lock = threading.Lock()

    def _linter(self, profile: str | None, locale: str | None):
        from linter.api import Linter

        key = (profile, locale)
        if key not in self._linters:
            self._linters[key] = Linter({"profile": profile, "locale": locale})
        return self._linters[key]

    def review(self, name: str, data: bytes, profile: str | None, locale: str | None,
               source: str) -> Review:
        """Check one draft (``name``'s suffix picks the reader)."""
        from linter.reading.registry import kind_for, read_bytes
        from linter.reporting.audit import build_audit

        kind = kind_for(name)
        with self._lock:
            linter = self._linter(profile, locale)
            try:
                document = read_bytes(name, data)
            except InputError as exc:
                raise ReviewError(f"{name}: {exc.message}") from exc
            result = linter.lint_document(document, linter.settings_for(name))
            run = RunResult(files=[result])
            audit = build_audit(run, linter, {"profile": profile, "locale": locale,
                                              "source": source, "via": "medlint serve"})
            audit["inputs"] = [{"path": name, "sha256": hashlib.sha256(data).hexdigest()}]
            downloads = _downloads(name, kind, data, run, audit, locale, linter)
        return Review(name=name, kind=kind, draft_html=highlight(document, result.findings),
                      findings=[_card(i, f, document) for i, f in enumerate(result.findings)],
                      result=result, audit=audit, downloads=downloads)


def _downloads(name: str, kind: str, data: bytes, run: RunResult, audit: dict[str, Any],
               locale: str | None, linter) -> list[Download]:
    from linter.reporting import docx_report, html_report, json_report
    from linter.reporting.emitters import ReportContext

    context = ReportContext(locale=locale, rule=linter.rule, audit=audit)
    stem = Path(name).stem or "draft"
    out = []
    if kind == "docx":
        reviewed = docx_report.render_bytes(run, context, audit, source=data)
        out.append(Download("Reviewed Word file (.docx)", f"{stem}.reviewed.docx", DOCX_MIME,
                            reviewed))
    out.append(Download("HTML report", f"{stem}.medlint.html", "text/html",
                        html_report.emit(run, context).encode("utf-8")))
    out.append(Download("JSON report", f"{stem}.medlint.json", "application/json",
                        json_report.emit(run, context).encode("utf-8")))
    return out


def _where(finding: Finding, document) -> str:
    if document.kind == "pdf":
        from linter.reading.pdf import page_and_line

        page, line = page_and_line(document.original, finding.line)
        return f"p.{page} l.{line}:{finding.column}"
    if finding.location_unit == "paragraph":
        return f"¶{finding.line}:{finding.column}"
    return f"{finding.line}:{finding.column}"


def _card(index: int, finding: Finding, document) -> dict[str, Any]:
    return {
        "index": index,
        "rule_id": finding.rule_id,
        "category": finding.category,
        "severity": finding.severity,
        "colour": COLOURS.get(finding.category, "#555"),
        "where": _where(finding, document),
        "matched": " ".join(finding.matched.split()),
        "message": finding.message,
        "missing": finding.missing,
        "suggestion": finding.suggestion,
        "references": finding.references,
    }


def _display(text: str, kind: str) -> str:
    if kind == "html":  # the masked text keeps markup as spaces: show it as prose
        text = re.sub(r"[ \t]*\n\s*", "\n", text)
        text = re.sub(r"[ \t]{2,}", " ", text)
    return text.replace("\f", "")


def highlight(document, findings: list[Finding]) -> str:
    """The draft as HTML, each finding's matched words in a ``<mark>`` that names it."""
    source = document.text if document.kind == "html" else document.original
    spans = [(i, f.offset, f.end_offset) for i, f in enumerate(findings)
             if 0 <= f.offset < f.end_offset <= len(source)]
    cuts = sorted({0, len(source), *(s for _, s, _ in spans), *(e for _, _, e in spans)})
    parts = []
    started: set[int] = set()
    for start, end in itertools.pairwise(cuts):
        covering = [i for i, s, e in spans if s <= start and end <= e]
        piece = html.escape(_display(source[start:end], document.kind))
        if not covering:
            parts.append(piece)
            continue
        first = covering[0]
        ids = " ".join(str(i) for i in covering)
        anchor = "" if first in started else f' id="m-{first}"'
        started.update(covering)
        colour = COLOURS.get(findings[first].category, "#555")
        rules = ", ".join(findings[i].rule_id for i in covering)
        parts.append(f'<mark class="hl"{anchor} data-findings="{ids}" style="--c:{colour}" '
                     f'title="{html.escape(rules)}">{piece}</mark>')
    return "".join(parts)


def create_app(*, max_upload_bytes: int = 10 * 1024 * 1024,
               default_profile: str | None = None):
    """The Starlette application (``medlint serve`` runs it with uvicorn)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route
    from starlette.templating import Jinja2Templates

    templates = Jinja2Templates(directory=str(TEMPLATES))
    reviewer = Reviewer()
    limit_mb = f"{max_upload_bytes / (1024 * 1024):g} MB"

    def page(request: Request, status: int = 200, **values) -> Response:
        context = {"profiles": PROFILES, "profile": default_profile, "locale": "auto",
                   "text": "", "error": None, "review": None, "limit": limit_mb,
                   "suffixes": ", ".join(UPLOAD_SUFFIXES), **values}
        response = templates.TemplateResponse(request, "index.html", context,
                                               status_code=status)
        response.headers["Cache-Control"] = "no-store"  # drafts are not kept, not even here
        return response

    async def index(request: Request) -> Response:
        return page(request)

    async def review(request: Request) -> Response:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_upload_bytes + FORM_OVERHEAD:
            return page(request, 413, error=f"The draft is larger than the {limit_mb} limit.")
        async with request.form(max_files=1, max_fields=10,
                                max_part_size=max_upload_bytes + 1) as form:
            profile = form.get("profile") or None
            profile = profile if profile in PROFILES else None
            locale = form.get("locale") or "auto"
            locale_value = locale if locale in ("ja", "en") else None
            text = str(form.get("text") or "")
            upload = form.get("file")
            values = {"profile": profile, "locale": locale, "text": text}
            if isinstance(upload, UploadFile) and upload.filename:
                name = Path(upload.filename).name
                data = await upload.read(max_upload_bytes + 1)
                source = "upload"
                if not name.lower().endswith(UPLOAD_SUFFIXES):
                    return page(request, 415, error=f"{name}: not a document medlint reads; "
                                f"upload one of {', '.join(UPLOAD_SUFFIXES)}", **values)
            elif text.strip():
                name, data, source = "pasted.txt", text.encode("utf-8"), "paste"
            else:
                return page(request, 400, error="Paste a draft or choose a file.", **values)
        if len(data) > max_upload_bytes:
            return page(request, 413, error=f"{name}: larger than the {limit_mb} limit.",
                        **values)
        try:
            result = await run_in_threadpool(reviewer.review, name, data, profile,
                                             locale_value, source)
        except ReviewError as exc:
            return page(request, exc.status, error=exc.message, **values)
        return page(request, review=result, **values)

    return Starlette(routes=[Route("/", index, methods=["GET"]),
                             Route("/review", review, methods=["POST"])])
