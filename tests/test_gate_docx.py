"""Issue 14: .docx reads tracked insertions (not deletions), headers, footers and footnotes,
not comments; a damaged or hostile .docx is one input error, fast and in bounded memory."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile

import pytest
from click.testing import CliRunner
from conftest import REPO
from gate_docx import W_NS as W
from gate_docx import deleted, inserted, package, paragraph, run

from linter.cli import main
from linter.reading.docx import docx_paragraphs, read_docx
from linter.reading.errors import InputError
from linter.reading.registry import read_bytes


def _check(path):
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(path)])
    assert result.exit_code in (0, 1, 2), result.output
    return result, json.loads(result.stdout) if result.stdout.strip().startswith("{") else None


def test_tracked_insertion_is_read_and_deletion_is_not(tmp_path):
    body = (paragraph(run("当院の点滴で、"), inserted("不眠症を治します"), run("。"))
            + paragraph(run("We "), deleted("cure insomnia"), run("help you relax.")))
    assert docx_paragraphs("d.docx", package(body)) == [
        "当院の点滴で、不眠症を治します。", "We help you relax."]
    path = tmp_path / "tracked.docx"
    path.write_bytes(package(body))
    result, report = _check(path)
    findings = report["files"][0]["findings"]
    assert result.exit_code == 1
    assert [(f["rule_id"], f["line"], f["location_unit"]) for f in findings
            if f["category"] == "disease-claim"] == [("JA-DISEASE-TREAT", 1, "paragraph")]


def test_headers_footers_and_footnotes_follow_the_body(tmp_path):
    body = paragraph(run("ご案内")) + paragraph(run("Opening hours."))
    data = package(
        body,
        headers=[paragraph(run("Header text."))],
        footers=[paragraph(run("Our drip cures insomnia."))],
        footnotes=('<w:footnote w:type="separator" w:id="-1">' + paragraph() + "</w:footnote>"
                   '<w:footnote w:id="1">' + paragraph(run("不眠症が治ります。"))
                   + "</w:footnote>"),
        comments='<w:comment w:id="0" w:author="R">' + paragraph(run("Cures cancer."))
                 + "</w:comment>",
    )
    assert docx_paragraphs("d.docx", data) == [
        "ご案内", "Opening hours.", "Header text.", "Our drip cures insomnia.",
        "不眠症が治ります。"]
    path = tmp_path / "parts.docx"
    path.write_bytes(data)
    _, report = _check(path)
    lines = sorted((f["line"], f["rule_id"]) for f in report["files"][0]["findings"]
                   if f["category"] == "disease-claim")
    assert [line for line, _ in lines] == [4, 5]  # footer ¶4, footnote ¶5; the comment is not read


def test_tabs_breaks_field_codes_and_text_boxes():
    body = paragraph(
        run("A"), "<w:r><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r>",
        '<w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r>',
        "<w:r><w:pict><w:txbxContent>" + paragraph(run("boxed"))
        + "</w:txbxContent></w:pict></w:r>",
    )
    assert docx_paragraphs("d.docx", package(body)) == ["boxed", "A B C"]


# -- damaged and hostile files: one input error each ------------------------------------------
def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _corrupt_deflate() -> bytes:
    data = bytearray(package(paragraph(run("x" * 2000))))
    start = data.find(b"word/document.xml") + len("word/document.xml")
    for i in range(start + 10, start + 60):
        data[i] ^= 0x5A
    return bytes(data)


def _unknown_compression() -> bytes:
    data = bytearray(package(paragraph(run("x"))))
    # the compression method field of every local and central header: 99 (AES), unsupported
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        index = data.find(signature)
        while index != -1:
            data[index + offset:index + offset + 2] = (99).to_bytes(2, "little")
            index = data.find(signature, index + 4)
    return bytes(data)


DAMAGED = {
    "not-a-zip": b"PK\x03\x04 not really a zip",
    "xml-syntax": _zip({"word/document.xml": b"<w:document><w:body><w:p>"}),
    "zlib-error": _corrupt_deflate(),
    "rels-without-namespace": package(
        paragraph(run("ok")), root_rels='<Relationships><Relationship Id="r" Type="x" '
        'Target="word/document.xml"/></Relationships>'),
    "rels-not-xml": package(paragraph(run("ok")), root_rels="<<<"),
    "unknown-compression": _unknown_compression(),
    "no-document-part": _zip({"_rels/.rels": b"<Relationships/>"}),
    "empty": b"",
    "entity-in-doctype": _zip({"word/document.xml": (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>")}),
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_a_damaged_docx_is_one_input_error(name):
    data = DAMAGED[name]
    try:
        document = read_bytes("d.docx", data)
    except InputError as error:
        assert "\n" not in error.message
        assert not error.message.startswith("cannot read this")  # the reader's own message
        return
    # a file that Word would repair may be read; it must then be a normal document
    assert document.kind == "docx"


def test_a_damaged_docx_does_not_stop_the_other_files(tmp_path):
    (tmp_path / "a.docx").write_bytes(DAMAGED["zlib-error"])
    (tmp_path / "b.md").write_text("Our drip cures insomnia.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "a.docx" in result.stderr and "EN-DISEASE" in result.stdout
    assert "Traceback" not in result.output


def _paragraph_bomb(path, count: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("word/document.xml", "w", force_zip64=True) as stream:
            head = (b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.'
                    b'org/wordprocessingml/2006/main"><w:body>')
            stream.write(head)
            chunk = b"<w:p/>" * 100_000
            for _ in range(count // 100_000):
                stream.write(chunk)
            stream.write(b"</w:body></w:document>")


@pytest.mark.slow
def test_21_million_empty_paragraphs_fail_fast_in_little_memory(tmp_path):
    path = tmp_path / "bomb.docx"
    _paragraph_bomb(path, 21_000_000)
    assert path.stat().st_size < 400_000
    probe = ("import sys, time\n"
             "from linter.reading.registry import read_path\n"
             "from linter.reading.errors import InputError\n"
             "start = time.monotonic()\n"
             "try:\n    read_path(sys.argv[1])\nexcept InputError as e:\n    print(e.message)\n"
             "print(time.monotonic() - start)\n"
             # VmHWM (peak resident memory of this image); ru_maxrss would include the
             # forking pytest process on Linux
             "print(next(l.split()[1] for l in open('/proc/self/status') "
             "if l.startswith('VmHWM')))\n")
    done = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    message, seconds, max_rss_kb = done.stdout.strip().splitlines()
    assert "paragraphs" in message
    assert float(seconds) < 5
    assert int(max_rss_kb) < 400 * 1024  # the old reader reached 2.8 GB


def test_a_zip_entry_that_inflates_too_far_is_refused():
    head = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    huge = _zip({"word/document.xml": head + (b"<w:x>" + b" " * 2**20 + b"</w:x>") * 40
                 + b"</w:document>"})
    assert len(huge) < 200_000
    started = time.monotonic()
    with pytest.raises(InputError, match="inflates"):
        read_docx("big.docx", huge)
    assert time.monotonic() - started < 10
    crowded = _zip({"word/document.xml": head + b"<w:body><w:p>" + b"<w:x/>" * 2_100_000
                    + b"</w:p></w:body></w:document>"})
    started = time.monotonic()
    with pytest.raises(InputError, match="XML elements"):
        read_docx("crowded.docx", crowded)
    assert time.monotonic() - started < 10


def test_word_made_tracked_insertion_header_and_footer_are_read(tmp_path):
    """The same with a package python-docx writes (what Word files look like)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    claim = document.add_paragraph("当院の点滴で、")
    claim._p.append(parse_xml(
        f'<w:ins xmlns:w="{W}" w:id="9" w:author="Editor" w:date="2026-01-01T00:00:00Z">'
        "<w:r><w:t>不眠症を治します</w:t></w:r></w:ins>"))
    document.add_paragraph("Opening hours.")
    document.sections[0].header.paragraphs[0].text = "It is completely safe."
    document.sections[0].footer.paragraphs[0].text = "Our drip cures insomnia."
    path = tmp_path / "word.docx"
    document.save(path)
    assert docx_paragraphs("word.docx", path.read_bytes()) == [
        "当院の点滴で、不眠症を治します", "Opening hours.", "It is completely safe.",
        "Our drip cures insomnia."]
    _, report = _check(path)
    found = {(f["rule_id"], f["line"]) for f in report["files"][0]["findings"]}
    assert {("JA-DISEASE-TREAT", 1), ("EN-SAFETY-SAFE", 3), ("EN-DISEASE-TREAT", 4)} <= found
