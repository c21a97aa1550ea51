"""Pick a reader by file extension and turn a path (or stdin) into a SourceDocument."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from linter.reading.decoding import decode_bytes
from linter.reading.document import SourceDocument
from linter.reading.errors import InputError
from linter.reading.plaintext import read_text

TextReader = Callable[[str, str], SourceDocument]

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdx"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
DOCX_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}  # compliance desk: linter/reading/pdf.py
LINTABLE_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES


def kind_for(path: str) -> str:
    if path.lower().startswith(("http://", "https://")):  # compliance desk: live pages
        from linter.reading.url import kind_for_url

        return kind_for_url(path)
    suffix = Path(path).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in DOCX_SUFFIXES:
        return "docx"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    return "text"


def _text_reader(kind: str) -> TextReader:
    if kind == "markdown":
        from linter.reading.markdown import read_markdown

        return read_markdown
    if kind == "html":
        from linter.reading.html import read_html

        return read_html
    return read_text


def read_bytes(path: str, data: bytes, *, encoding: str | None = None,
               kind: str | None = None) -> SourceDocument:
    kind = kind or kind_for(path)
    if kind == "docx":
        from linter.reading.docx import read_docx

        return read_docx(path, data)
    if kind == "pdf":
        from linter.reading.pdf import read_pdf

        return read_pdf(path, data)
    text = decode_bytes(data, path, encoding)
    return _text_reader(kind)(path, text)


def read_raw(path: str) -> bytes:
    """A file's bytes; every failure becomes an InputError with a one-line reason."""
    if path.lower().startswith(("http://", "https://")):  # compliance desk: live pages
        from linter.reading.url import fetch_text_bytes

        return fetch_text_bytes(path)
    file = Path(path)
    try:
        return file.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(path, "is a directory") from exc
    except PermissionError as exc:
        raise InputError(path, "permission denied; check the file's permissions") from exc
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror})") from exc


def read_path(path: str, *, encoding: str | None = None) -> SourceDocument:
    return read_bytes(path, read_raw(path), encoding=encoding)
