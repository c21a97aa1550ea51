"""Live pages in: fetched over HTTP from a local server the test starts (never the internet)."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from linter import Linter
from linter.cli import main
from linter.reading import url as url_module
from linter.reading.url import decode_page, is_url

PAGE = ("<html><head><title>ご案内</title></head><body><p>当院の点滴で不眠症が治ります。</p>"
        "</body></html>")


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # the client may have given up (the timeout test)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/sjis.html":  # charset in the header only
            self._send(200, PAGE.encode("cp932"), "text/html; charset=Shift_JIS")
        elif self.path == "/eucjp.html":  # charset in <meta> only
            page = PAGE.replace("<head>", '<head><meta charset="euc-jp">')
            self._send(200, page.encode("euc_jp"), "text/html")
        elif self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/sjis.html")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, PAGE.encode(), "text/html; charset=utf-8")
        elif self.path.startswith("/huge"):
            # 10 MB; /huge-declared says so in Content-Length, /huge streams without it
            declared = self.path == "/huge-declared"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if declared:
                self.send_header("Content-Length", str(10 * 1024 * 1024))
            self.end_headers()
            try:
                for _ in range(10 * 16):
                    self.wfile.write(b"<p>x</p>" * 8192)
            except (BrokenPipeError, ConnectionResetError):
                pass
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def short_timeout(monkeypatch):
    monkeypatch.setattr(url_module, "READ_TIMEOUT", 1.0)


def test_is_url():
    assert is_url("https://example.com/a") and is_url("HTTP://x")
    assert not is_url("http.md") and not is_url("docs/https.html")


@pytest.mark.parametrize("path", ["/sjis.html", "/eucjp.html", "/old"])
def test_page_is_fetched_decoded_and_linted_as_html_with_the_url_as_path(server, path):
    result = Linter({"select": ["disease-claim"]}).lint_file(server + path)
    assert result.error is None
    assert result.path == server + path
    assert [f.matched for f in result.findings] == ["不眠症が治り"]
    assert result.findings[0].sentence == "当院の点滴で不眠症が治ります。"  # markup is not text


def test_header_charset_wins_over_meta():
    page = '<meta charset="euc-jp"><p>治ります</p>'.encode("cp932")
    assert "治ります" in decode_page("u", page, "text/html; charset=cp932")
    assert "治ります" in decode_page("u", page.replace(b"euc-jp", b"cp932"), "text/html")


@pytest.mark.parametrize(("path", "says"), [
    ("/missing", "HTTP 404 Not Found"),
    ("/slow", "timed out (no answer within 1 s)"),
    ("/huge", "page is more than the 5 MB limit"),
    ("/huge-declared", "page is 10 MB, more than the 5 MB limit"),
])
def test_fetch_error_is_one_line_for_that_url_and_other_inputs_are_linted(
        server, short_timeout, tmp_path, path, says):
    draft = tmp_path / "draft.md"
    draft.write_text("This supplement cures diabetes.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", server + path,
                                       str(draft), server + "/sjis.html"])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line]
    assert len(errors) == 1 and errors[0].startswith(f"medlint: error: {server}{path}: {says}")
    files = json.loads(result.stdout)["files"]
    assert [f["path"] for f in files] == [server + path, str(draft), server + "/sjis.html"]
    assert files[1]["findings"] and files[2]["findings"]


def test_audit_records_the_sha256_of_the_fetched_bytes(server):
    import hashlib

    from linter.reporting.audit import build_audit

    linter = Linter()
    result = linter.lint_paths([server + "/sjis.html"])
    audit = build_audit(result, linter, {})
    assert audit["inputs"] == [{"path": server + "/sjis.html",
                                "sha256": hashlib.sha256(PAGE.encode("cp932")).hexdigest()}]
