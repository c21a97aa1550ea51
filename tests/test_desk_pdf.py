"""PDF in: the text layer is linted with page and line; scans, encrypted and broken PDFs are one
line each, and the other inputs are still linted."""

from __future__ import annotations

import json
import shutil
import subprocess

import docx
import pytest
from click.testing import CliRunner
from desk_helpers import encrypt_pdf, make_pdf

from linter import Linter
from linter.cli import main
from linter.reading.pdf import page_and_line, page_of, read_pdf, reflow

BROCHURE = [["Welcome to our clinic.", "Our drip cures", "insomnia in one visit."],
            ["Opening hours are on the back.", "This supplement cures diabetes."]]


def test_pdf_findings_have_line_across_pages_and_the_page_is_recoverable(tmp_path):
    path = tmp_path / "brochure.pdf"
    path.write_bytes(make_pdf(BROCHURE))
    result = Linter({"select": ["disease-claim"]}).lint_file(path)
    assert result.error is None
    document = read_pdf(str(path), path.read_bytes())
    where = [(f.matched.replace("\n", " "), f.line, f.column, page_and_line(document.original,
                                                                           f.line))
             for f in result.findings]
    # the wrapped sentence on page 1 is one line; page 2's second line is line 4 overall
    assert where == [("cures insomnia", 2, 10, (1, 2)), ("cures diabetes", 4, 17, (2, 2))]
    assert [page_of(document.original, f.offset) for f in result.findings] == [1, 2]
    assert result.location_unit == "line"


def test_reflow_joins_wrapped_japanese_without_a_space_and_keeps_sentence_ends():
    assert reflow("当院の点滴で不眠症が治\nります。\n次の文です。\n\nEnd of\nline.") == [
        "当院の点滴で不眠症が治ります。", "次の文です。", "", "End of line."]


def _check(*args):
    return CliRunner().invoke(main, ["check", "--format", "json", *args])


@pytest.mark.parametrize(("data", "says"), [
    (make_pdf([[], []]), "PDF has no text layer (2 pages of images, e.g. a scan)"),
    (encrypt_pdf(make_pdf(BROCHURE), "secret"), "encrypted PDF"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog", "not a readable PDF"),
], ids=["scan", "encrypted", "truncated"])  # encryption is salted: the bytes are no stable id
def test_bad_pdf_is_one_line_and_other_inputs_are_still_linted(tmp_path, data, says):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(data)
    good = tmp_path / "draft.md"
    good.write_text("当院の点滴で不眠症が治ります。\n", encoding="utf-8")
    result = _check(str(bad), str(good))
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 1 and errors[0].startswith(f"medlint: error: {bad}: {says}")
    report = json.loads(result.stdout)
    assert report["files"][1]["findings"]  # the good draft is linted all the same


def test_an_owner_only_protected_pdf_is_read(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypt_pdf(make_pdf(BROCHURE), ""))
    assert "cures diabetes" in read_pdf(str(path), path.read_bytes()).original


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not "
                    "installed; .ci/run installs libreoffice-writer-nogui")
def test_japanese_pdf_exported_by_word_processor_is_linted(tmp_path):
    draft = docx.Document()
    draft.add_paragraph("当院のNMN点滴は、不眠症の予防に効果があり、副作用は一切ありません。"
                        "まずはお気軽にご相談ください。ご来院を心よりお待ちしております。")
    draft.add_page_break()
    draft.add_paragraph("This supplement cures diabetes.")
    draft.save(tmp_path / "brochure.docx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "brochure.docx")], check=True, capture_output=True,
                   timeout=180)
    pdf = tmp_path / "brochure.pdf"
    result = Linter({"select": ["disease-claim", "safety-claim"]}).lint_file(pdf)
    document = read_pdf(str(pdf), pdf.read_bytes())
    found = {(f.rule_id, page_of(document.original, f.offset)) for f in result.findings}
    assert ("JA-SAFETY-NO-SIDE-EFFECTS", 1) in found
    assert ("EN-DISEASE-TREAT", 2) in found
    assert any(f.rule_id == "JA-DISEASE-TREAT" for f in result.findings)
