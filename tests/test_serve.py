"""``medlint serve``: the reviewers' page, through Starlette's TestClient."""

from __future__ import annotations

import base64
import io
import json
import re
from html import unescape

import docx
import pytest
from click.testing import CliRunner
from desk_helpers import make_pdf
from starlette.testclient import TestClient

from linter.serve.app import create_app

JA = "当院のNMN点滴で不眠症が治ります。副作用は一切ありません。"
EN = "Our clinic's drip cures insomnia. It is completely safe."


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(max_upload_bytes=200_000)) as test_client:
        yield test_client


def marks(page: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<mark class="hl"[^>]*>(.*?)</mark>', page)]


def downloads(page: str) -> dict[str, bytes]:
    found = re.findall(r'<a href="data:[^;]+;base64,([^"]+)" download="([^"]+)"', page)
    return {name: base64.b64decode(data) for data, name in found}


def test_index_is_a_form_with_no_network_assets(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'name="text"' in page.text and 'type="file"' in page.text
    assert not re.search(r'(src|href)="https?://', page.text)  # nothing loaded from outside
    assert page.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(("text", "words"), [(JA, "不眠症が治り"), (EN, "cures insomnia")])
def test_pasted_draft_is_highlighted_with_message_suggestion_and_basis(client, text, words):
    page = client.post("/review", data={"text": text, "profile": "clinic", "locale": "auto"})
    assert page.status_code == 200
    assert words in marks(page.text)
    body = unescape(page.text)
    assert 'class="message"' in body and 'class="suggestion"' in body
    assert 'class="basis"' in body
    files = downloads(page.text)
    report = json.loads(files["pasted.medlint.json"])
    assert report["audit"]["profile"] == "clinic"
    assert report["audit"]["inputs"][0]["path"] == "pasted.txt"
    assert any(f["matched"] == words for f in report["files"][0]["findings"])
    assert b"Audit trail" in files["pasted.medlint.html"]
    assert "pasted.reviewed.docx" not in files  # only a Word upload comes back as Word


def test_docx_upload_gives_highlights_and_a_reviewed_docx(client):
    draft = docx.Document()
    draft.add_paragraph("This supplement cures diabetes.")
    buffer = io.BytesIO()
    draft.save(buffer)
    upload = ("flyer.docx", buffer.getvalue(), "application/octet-stream")
    page = client.post("/review", data={"text": ""}, files={"file": upload})
    assert page.status_code == 200
    assert "cures diabetes" in marks(page.text)
    reviewed = docx.Document(io.BytesIO(downloads(page.text)["flyer.reviewed.docx"]))
    assert any(c.text.startswith("[EN-DISEASE-TREAT]") for c in reviewed.comments)


def test_pdf_upload_shows_page_and_line(client):
    pdf = make_pdf([["Welcome."], ["This supplement cures diabetes."]])
    page = client.post("/review", files={"file": ("b.pdf", pdf, "application/pdf")})
    assert page.status_code == 200
    assert "cures diabetes" in marks(page.text)
    assert "p.2 l.1:" in page.text


@pytest.mark.parametrize(("name", "data", "status", "says"), [
    ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, 415, "not a document medlint reads"),
    ("draft.docx", b"PK\x03\x04 broken", 400, "not a readable .docx file"),
    ("notes.txt", b"\x00\x01\x02binary", 400, "binary file, not text"),
    ("scan.pdf", make_pdf([[]]), 400, "PDF has no text layer"),
    ("big.txt", b"a" * 300_000, 413, "limit"),
])
def test_bad_upload_is_one_clear_message_and_the_pasted_text_is_kept(
        client, name, data, status, says):
    page = client.post("/review", data={"text": JA},
                       files={"file": (name, data, "application/octet-stream")})
    assert page.status_code == status
    error = re.search(r'<p class="error" id="error">(.*?)</p>', page.text, re.S)
    assert error and says in unescape(error.group(1))
    if status != 413:  # an over-limit body is refused before it is read
        assert JA in unescape(page.text)  # what the reviewer pasted is still in the form


def test_empty_form_asks_for_a_draft(client):
    page = client.post("/review", data={"text": "  "})
    assert page.status_code == 400 and "Paste a draft or choose a file." in page.text


def test_serve_command_is_registered_and_binds_loopback_by_default(monkeypatch):
    from linter.cli import main
    from linter.serve import command

    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: seen.update(kw))
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and command.LOOPBACK
