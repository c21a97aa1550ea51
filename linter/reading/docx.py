"""Word .docx through python-docx: body paragraphs and table cells, in document order.

A .docx has no lines, so each paragraph (or table-cell paragraph) becomes one
line of a synthetic text: a finding's ``line`` is the paragraph number
(1-based, counting every paragraph including those in tables) and its
``column`` the character within that paragraph.  Line breaks inside a
paragraph become spaces so that the numbering stays one line per paragraph.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from linter.reading.document import SourceDocument
from linter.reading.errors import InputError


def _paragraph_texts(container) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in container.iter_inner_content():
        if isinstance(child, Paragraph):
            yield child.text
        elif isinstance(child, Table):
            for row in child.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                        continue
                    seen.add(id(cell._tc))
                    yield from _paragraph_texts(cell)


def read_docx(path: str, data: bytes) -> SourceDocument:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(path, "not a readable .docx file (is it a .doc or damaged?); save it "
                         "as .docx again") from exc
    paragraphs = [" ".join(t.replace("\t", " ").splitlines()) for t in
                  _paragraph_texts(document)]
    text = "\n".join(paragraphs)
    blocks = []
    offset = 0
    for paragraph in paragraphs:
        if paragraph.strip():
            blocks.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return SourceDocument(path=path, original=text, text=text, kind="docx", blocks=blocks,
                          location_unit="paragraph")
