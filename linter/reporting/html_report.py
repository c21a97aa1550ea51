"""One self-contained HTML page for compliance reviewers.

No network: styles and the small category filter are inline.  Each finding
shows its sentence with the matched words highlighted in the category's
colour, the reason, the compliant rewrite and the legal basis beside it; the
header counts findings per category.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from linter import __version__
from linter.findings.model import Finding
from linter.reporting.results import RunResult

if TYPE_CHECKING:
    from linter.reporting.emitters import ReportContext

COLOURS = {
    "disease-claim": "#d7263d",
    "body-function-claim": "#f46036",
    "guaranteed-efficacy": "#c5283d",
    "safety-claim": "#8e44ad",
    "superlative-comparative": "#2e86ab",
    "speed-claim": "#e09f3e",
    "mechanism-claim": "#1b998b",
    "testimonial": "#6a4c93",
    "before-after": "#3d5a80",
    "authority-endorsement": "#5c946e",
    "inducement": "#b5651d",
    "missing-disclosure": "#444444",
    "unused-suppression": "#888888",
    "unknown-suppression": "#888888",
}

_WORDS = {
    "en": {"title": "medlint report", "why": "Why", "rewrite": "Rewrite", "basis": "Legal basis",
           "missing": "Missing", "files": "files checked", "file": "file checked",
           "findings": "findings", "clean": "No findings.",
           "error": "error", "warning": "warning", "info": "info", "filter": "Show categories",
           "unreadable": "Could not be read"},
    "ja": {"title": "medlint レポート", "why": "理由", "rewrite": "言い換え", "basis": "根拠",
           "missing": "不足", "files": "ファイルを確認", "file": "ファイルを確認",
           "findings": "件の指摘",
           "clean": "指摘はありません。",
           "error": "エラー", "warning": "警告", "info": "情報", "filter": "表示するカテゴリ",
           "unreadable": "読み込めませんでした"},
}

_CSS = """
:root { font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", "Yu Gothic",
  sans-serif; color: #1f2328; background: #f6f8fa; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { margin: 0 0 4px; font-size: 24px; }
.meta { color: #656d76; margin: 0 0 16px; font-size: 13px; }
.summary { display: flex; gap: 8px; flex-wrap: wrap; margin-bottom: 16px; }
.count { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 10px; }
.chip { display: inline-block; color: #fff; background: var(--c); border-radius: 999px;
  padding: 1px 9px; font-size: 12px; white-space: nowrap; }
.filter label { margin-right: 10px; font-size: 13px; cursor: pointer; }
section.file { margin: 24px 0; }
section.file h2 { font-size: 16px; font-family: ui-monospace, monospace; margin-bottom: 8px; }
article { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px;
  background: #fff; border: 1px solid #d0d7de; border-left: 6px solid var(--c);
  border-radius: 6px; padding: 12px 16px; margin: 10px 0; }
.head { grid-column: 1 / -1; display: flex; gap: 8px; align-items: center; flex-wrap: wrap;
  font-size: 13px; }
.loc, .rule { font-family: ui-monospace, monospace; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 11px; }
.sev-error { color: #cf222e; } .sev-warning { color: #9a6700; } .sev-info { color: #0969da; }
.sentence { font-size: 16px; line-height: 1.8; margin: 0; }
mark { background: color-mix(in srgb, var(--c) 25%, white); border-bottom: 3px solid var(--c);
  padding: 0 2px; border-radius: 2px; }
dl { margin: 0; font-size: 13px; }
dt { font-weight: 600; color: #656d76; margin-top: 6px; }
dd { margin: 2px 0 0; }
dd ul { margin: 0; padding-left: 18px; }
.error { color: #cf222e; }
.hidden { display: none; }
"""

_SCRIPT = """
document.querySelectorAll('.filter input').forEach(function (box) {
  box.addEventListener('change', function () {
    document.querySelectorAll('article[data-category="' + box.value + '"]').forEach(
      function (a) { a.classList.toggle('hidden', !box.checked); });
  });
});
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _sentence_html(finding: Finding) -> str:
    sentence = finding.sentence
    start, end = finding.excerpt_span
    if end <= start:
        return _e(sentence)
    return f"{_e(sentence[:start])}<mark>{_e(sentence[start:end])}</mark>{_e(sentence[end:])}"


def _finding_html(f: Finding, words: dict[str, str]) -> str:
    colour = COLOURS.get(f.category, "#555")
    where = f"{'¶' if f.location_unit == 'paragraph' else ''}{f.line}:{f.column}"
    basis = "".join(
        f'<li><a href="{_e(r["url"])}">{_e(r["source"])} {_e(r["section"])}</a></li>'
        if r.get("url") else f"<li>{_e(r['source'])} {_e(r['section'])}</li>"
        for r in f.references)
    missing = ""
    if f.missing:
        items = "".join(f"<li>{_e(m)}</li>" for m in f.missing)
        missing = f"<dt>{words['missing']}</dt><dd><ul>{items}</ul></dd>"
    return (
        f'<article style="--c:{colour}" data-category="{_e(f.category)}">'
        f'<div class="head"><span class="loc">{where}</span>'
        f'<span class="rule">{_e(f.rule_id)}</span>'
        f'<span class="chip">{_e(f.category)}</span>'
        f'<span class="sev sev-{f.severity}">{words[f.severity]}</span></div>'
        f'<p class="sentence">{_sentence_html(f)}</p>'
        f"<dl><dt>{words['why']}</dt><dd>{_e(f.message)}</dd>{missing}"
        f"<dt>{words['rewrite']}</dt><dd>{_e(f.suggestion)}</dd>"
        f"<dt>{words['basis']}</dt><dd><ul>{basis}</ul></dd></dl>"
        "</article>"
    )


def render_html(result: RunResult, locale: str | None) -> str:
    findings = result.findings
    langs = Counter(f.lang for f in findings)
    lang = locale or (langs.most_common(1)[0][0] if langs else "en")
    words = _WORDS.get(lang, _WORDS["en"])
    summary = result.summary()
    counts = "".join(
        f'<span class="count"><span class="chip" style="--c:{COLOURS.get(c, "#555")}">{_e(c)}'
        f"</span> {n}</span>" for c, n in summary["by_category"].items())
    boxes = "".join(
        f'<label><input type="checkbox" value="{_e(c)}" checked> {_e(c)}</label>'
        for c in summary["by_category"])
    sections = []
    for file in result.files:
        if file.error:
            sections.append(f'<section class="file"><h2>{_e(file.path)}</h2>'
                            f'<p class="error">{words["unreadable"]}: {_e(file.error)}</p>'
                            "</section>")
            continue
        if not file.findings:
            continue
        body = "".join(_finding_html(f, words) for f in file.findings)
        sections.append(f'<section class="file"><h2>{_e(file.path)}</h2>{body}</section>')
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    severity_line = (f"{summary['findings']} {words['findings']} · {words['error']} "
                     f"{summary['error']} · {words['warning']} {summary['warning']} · "
                     f"{words['info']} {summary['info']} · {summary['files_checked']} "
                     f"{words['file' if summary['files_checked'] == 1 else 'files']}")
    body = "".join(sections) or f"<p>{words['clean']}</p>"
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{words['title']}</title><style>{_CSS}</style></head><body>"
        f"<h1>{words['title']}</h1>"
        f'<p class="meta">medlint {__version__} · {generated} · {severity_line}</p>'
        f'<div class="summary">{counts}</div>'
        + (f'<div class="filter">{words["filter"]}: {boxes}</div>' if boxes else "")
        + f"<main>{body}</main><script>{_SCRIPT}</script></body></html>\n"
    )


def emit(result: RunResult, context: ReportContext) -> str:
    """The emitter protocol (``linter.reporting.emitters``)."""
    page = render_html(result, context.locale)
    if context.audit is None:
        return page
    from linter.reporting.audit import audit_html

    return page.replace("</main>", "</main>" + audit_html(context.audit), 1)
