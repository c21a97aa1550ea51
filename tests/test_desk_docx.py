"""Word in, Word out: the reviewed .docx carries one comment per finding on the flagged words."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import shutil
import subprocess

import docx
import pytest
from click.testing import CliRunner

from linter import Linter
from linter.reporting.docx_report import (
    AUTHOR,
    DocxReportError,
    _paragraphs,
    render_bytes,
    write,
)
from linter.reporting.emitters import ReportContext
from linter.reporting.results import RunResult

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make_draft(path):
    """A draft with claims split over formatted runs, in a table and in a hyperlink-free
    plain paragraph, in Japanese and English."""
    document = docx.Document()
    document.add_paragraph("新商品のご案内")
    paragraph = document.add_paragraph("この")
    paragraph.add_run("サプリで").bold = True
    paragraph.add_run("がんが治ります。毎日お飲みください。")
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "効果"
    table.cell(0, 1).text = "This supplement cures diabetes."
    mixed = document.add_paragraph("Our ")
    mixed.add_run("drip cures").italic = True
    mixed.add_run(" insomnia fast.")
    document.save(path)
    return path


def anchored_texts(document) -> dict[str, tuple[int, str]]:
    """comment id -> (paragraph number in the reader's order, the text its range covers)."""
    found: dict[str, list] = {}
    open_ids: set[str] = set()
    for number, paragraph in enumerate(_paragraphs(document), start=1):
        for element in paragraph._p.iter():
            if element.tag == f"{W}commentRangeStart":
                cid = element.get(f"{W}id")
                open_ids.add(cid)
                found[cid] = [number, ""]
            elif element.tag == f"{W}commentRangeEnd":
                open_ids.discard(element.get(f"{W}id"))
            elif element.tag == f"{W}t":
                for cid in open_ids:
                    found[cid][1] += element.text or ""
    return {cid: (number, text) for cid, (number, text) in found.items()}


def paragraph_texts(document) -> list[str]:
    return [p.text for p in _paragraphs(document)]


@pytest.fixture(scope="module")
def linter():
    return Linter()


def test_each_finding_is_a_comment_anchored_on_exactly_the_matched_words(tmp_path, linter):
    draft = make_draft(tmp_path / "draft.docx")
    result = RunResult(files=[linter.lint_file(draft)])
    findings = result.findings
    assert {f.line for f in findings} >= {2, 5, 6}  # body, table cell, formatted runs
    out = write(result, ReportContext(), tmp_path / "reviewed.docx")

    reviewed = docx.Document(out)
    anchors = anchored_texts(reviewed)
    comments = {str(c.comment_id): c for c in reviewed.comments}
    for finding in findings:
        matching = [cid for cid, c in comments.items()
                    if c.text.startswith(f"[{finding.rule_id}]") and cid in anchors
                    and anchors[cid] == (finding.line, finding.matched)]
        assert matching, f"no comment anchored on {finding.matched!r} (¶{finding.line})"
        comment = comments[matching[0]]
        assert comment.author == AUTHOR
        assert finding.category in comment.text and finding.message in comment.text
        assert finding.suggestion in comment.text
        assert finding.references[0]["source"] in comment.text
    # the text and its formatting are unchanged; only comments were added
    assert paragraph_texts(reviewed) == paragraph_texts(docx.Document(draft))
    bold = [r.text for p in _paragraphs(reviewed) for r in p.runs if r.bold]
    assert "".join(bold) == "サプリで"
    italic = "".join(r.text for p in _paragraphs(reviewed) for r in p.runs if r.italic)
    assert italic == "drip cures"


def test_the_draft_is_never_modified_and_cannot_be_the_output(tmp_path, linter):
    draft = make_draft(tmp_path / "draft.docx")
    before = hashlib.sha256(draft.read_bytes()).hexdigest()
    result = RunResult(files=[linter.lint_file(draft)])
    with pytest.raises(DocxReportError, match="refusing to overwrite"):
        write(result, None, draft)
    write(result, None, tmp_path / "reviewed.docx")
    assert hashlib.sha256(draft.read_bytes()).hexdigest() == before


def test_findings_that_cannot_be_anchored_are_listed_in_one_comment_at_the_top(
        tmp_path, linter):
    draft = make_draft(tmp_path / "draft.docx")
    file = linter.lint_file(draft)
    real = file.findings[0]
    # where a header/footer finding lands: beyond the body's paragraphs, or text that the
    # paragraph's runs do not hold (e.g. a tracked insertion the reader sees)
    beyond = dataclasses.replace(real, line=40, end_line=40, matched="フッターの")
    moved = dataclasses.replace(real, matched="ヘッダーの文言")
    file.findings = [real, beyond, moved]
    reviewed = docx.Document(
        io.BytesIO(render_bytes(RunResult(files=[file]), None)))
    texts = [c.text for c in reviewed.comments]
    listing = [t for t in texts if "ヘッダーの文言" in t]
    assert len(listing) == 1 and "段落 40:" in listing[0] and "フッターの" in listing[0]
    anchors = anchored_texts(reviewed)
    top = next(c for c in reviewed.comments if c.text == listing[0])
    assert anchors[str(top.comment_id)][0] == 1  # anchored in the first paragraph
    assert sum(t.startswith(f"[{real.rule_id}]") for t in texts) == 1  # the real one


def test_a_shifted_paragraph_number_still_anchors_on_the_right_words(tmp_path, linter):
    # as if the reader had counted two header paragraphs before the body
    draft = make_draft(tmp_path / "draft.docx")
    file = linter.lint_file(draft)
    file.findings = [dataclasses.replace(f, line=f.line + 2, end_line=f.end_line + 2)
                     for f in file.findings]
    reviewed = docx.Document(io.BytesIO(render_bytes(RunResult(files=[file]), None)))
    anchors = anchored_texts(reviewed)
    got = sorted(anchors[str(c.comment_id)] for c in reviewed.comments
                 if c.text.startswith("["))
    assert got == sorted((f.line - 2, f.matched) for f in file.findings)


def test_words_inside_a_tracked_insertion_are_anchored(tmp_path, linter):
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("Our drip ")
    paragraph._p.append(parse_xml(
        '<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'w:id="7" w:author="editor" w:date="2026-11-30T00:00:00Z">'
        "<w:r><w:t>cures insomnia</w:t></w:r></w:ins>"))
    paragraph.add_run(".")
    path = tmp_path / "tracked.docx"
    document.save(path)
    file = linter.lint_file(path)
    template = linter.lint_text("Our drip cures insomnia.").findings[0]
    # what a reader that includes tracked insertions reports for this paragraph
    file.findings = [dataclasses.replace(template, path=str(path), line=1, end_line=1,
                                         location_unit="paragraph")]
    reviewed = docx.Document(io.BytesIO(render_bytes(RunResult(files=[file]), None)))
    comment = next(c for c in reviewed.comments if c.text.startswith("["))
    assert anchored_texts(reviewed)[str(comment.comment_id)] == (1, "cures insomnia")
    assert reviewed.paragraphs[0]._p.xml.count("<w:ins ") == 1  # the revision is kept


def test_overlapping_findings_both_keep_their_exact_words(tmp_path, linter):
    draft = make_draft(tmp_path / "draft.docx")
    file = linter.lint_file(draft)
    first = next(f for f in file.findings if f.line == 2)
    inner = dataclasses.replace(first, rule_id="X-INNER", column=first.column + 1,
                                end_column=first.end_column - 1, matched=first.matched[1:-1])
    file.findings = [first, inner]
    reviewed = docx.Document(
        io.BytesIO(render_bytes(RunResult(files=[file]), None)))
    anchors = anchored_texts(reviewed)
    got = {c.text.split("]")[0] + "]": anchors[str(c.comment_id)][1]
           for c in reviewed.comments if c.text.startswith("[")}
    assert got == {f"[{first.rule_id}]": first.matched, "[X-INNER]": first.matched[1:-1]}


def test_comments_follow_locale(tmp_path):
    draft = make_draft(tmp_path / "draft.docx")
    english = Linter({"locale": "en"})
    result = RunResult(files=[english.lint_file(draft)])
    reviewed = docx.Document(
        io.BytesIO(render_bytes(result, ReportContext(locale="en"))))
    ja_claim = next(c.text for c in reviewed.comments if "[JA-" in c.text)
    assert "suggestion:" in ja_claim and "basis:" in ja_claim
    assert "言い換え" not in ja_claim


def test_a_run_that_is_not_one_docx_is_refused(tmp_path, linter):
    text = tmp_path / "draft.md"
    text.write_text("このサプリでがんが治ります。", encoding="utf-8")
    with pytest.raises(DocxReportError, match=r"needs a \.docx input"):
        write(RunResult(files=[linter.lint_file(text)]), None, tmp_path / "r.docx")


def test_cli_format_docx_writes_the_reviewed_copy(tmp_path):
    from linter.cli import main

    draft = make_draft(tmp_path / "draft.docx")
    out = tmp_path / "reviewed.docx"
    result = CliRunner().invoke(main, ["check", str(draft), "--format", "docx", "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert any(c.text.startswith("[JA-") for c in docx.Document(out).comments)
    same = CliRunner().invoke(main, ["check", str(draft), "--format", "docx", "-o", str(draft)])
    assert same.exit_code == 2


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not "
                    "installed; .ci/run installs libreoffice-writer-nogui")
def test_libreoffice_converts_the_reviewed_docx_to_pdf(tmp_path, linter):
    draft = make_draft(tmp_path / "draft.docx")
    out = write(RunResult(files=[linter.lint_file(draft)]), None, tmp_path / "reviewed.docx")
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "reviewed.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
