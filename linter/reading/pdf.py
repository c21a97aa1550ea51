"""PDF brochures and exported landing pages, through pypdf's text layer.

Location model (documented in the README, "Compliance desk"): a PDF has no
source text, so the reader builds one.  Pages come in order; on each page the
text lines pypdf extracts are reflowed so that a sentence wrapped over several
printed lines becomes one line (a Japanese sentence broken mid-word would
otherwise never match), and a line break is kept after sentence-final
punctuation and at blank lines.  Every page starts on a new line; the line
before it ends with a form feed (``\\f``, as ``pdftotext`` separates pages; it is
blanked for matching), so columns are exact.  A finding's ``line`` therefore
counts those lines **across the whole document** (``location_unit`` stays
``"line"``), and :func:`page_of` / :func:`page_and_line` turn an offset or a line
into the page (and the line on it); ``sentence`` and ``matched`` show the words.

A PDF with no text layer (a scan) is an input error that says so, as are an
encrypted PDF and a file pypdf cannot parse: one line each, exit 2.
"""

from __future__ import annotations

import io
import re
import unicodedata

from linter.reading.document import SourceDocument
from linter.reading.errors import InputError

PAGE_BREAK = "\f"
_SENTENCE_END = tuple("。．.!?！？」』）)：:")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _joins_without_space(left: str, right: str) -> bool:
    return bool(_CJK.match(left[-1]) and _CJK.match(right[0]))


def reflow(page_text: str) -> list[str]:
    """A page's extracted lines, with wrapped sentences joined onto one line."""
    lines = [" ".join(line.split()) for line in page_text.replace("\r", "\n").split("\n")]
    out: list[str] = []
    joinable = False
    for line in lines:
        if not line:
            if out and out[-1]:
                out.append("")
            joinable = False
            continue
        if joinable and out:
            glue = "" if _joins_without_space(out[-1], line) else " "
            out[-1] = out[-1] + glue + line
        else:
            out.append(line)
        joinable = not line.endswith(_SENTENCE_END)
    while out and not out[-1]:
        out.pop()
    return out


def read_pdf(path: str, data: bytes) -> SourceDocument:
    """A SourceDocument of the PDF's text layer; InputError for a scan, an encrypted or a
    broken PDF."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    # pypdf logs every repair it makes; the user gets one line per file, from us
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # many "protected" PDFs only restrict editing
            except (PyPdfError, NotImplementedError, ValueError) as exc:
                raise InputError(path, "encrypted PDF; save an unprotected copy and lint "
                                 "that") from exc
            if not opened:
                raise InputError(path, "encrypted PDF (password protected); save an "
                                 "unprotected copy and lint that")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, OSError) as exc:
        raise InputError(path, "not a readable PDF (damaged or not a PDF); export it "
                         "again") from exc
    if not pages:
        raise InputError(path, "PDF has no pages")
    texts = [unicodedata.normalize("NFC", t) for t in pages]
    if not any(t.strip() for t in texts):
        raise InputError(path, f"PDF has no text layer ({len(pages)} page"
                         f"{'s' if len(pages) != 1 else ''} of images, e.g. a scan); "
                         "run OCR or lint the source document")
    # a page ends with a form feed before its line break, so columns stay exact
    original = (PAGE_BREAK + "\n").join("\n".join(reflow(text)) for text in texts)
    masked = original.replace(PAGE_BREAK, " ")
    blocks = []
    offset = 0
    for line in original.split("\n"):
        if line.strip(PAGE_BREAK + " "):
            blocks.append((offset, offset + len(line.rstrip(PAGE_BREAK))))
        offset += len(line) + 1
    return SourceDocument(path=path, original=original, text=masked, kind="pdf",
                          blocks=blocks, location_unit="line")


def page_of(original: str, offset: int) -> int:
    """The 1-based page of a character offset into a PDF document's text."""
    return original.count(PAGE_BREAK, 0, offset) + 1


def page_and_line(original: str, line: int) -> tuple[int, int]:
    """(page, line on that page) of a 1-based ``line`` of a PDF document's text."""
    before = original.split("\n")[:line - 1]
    ends = [i for i, item in enumerate(before) if item.endswith(PAGE_BREAK)]
    return len(ends) + 1, line - (ends[-1] + 1 if ends else 0)
