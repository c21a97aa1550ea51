"""Word .docx: the draft's text as Word shows it with changes accepted, paragraph by paragraph.

A .docx is a zip of XML parts.  It is read here directly with lxml's pull parser
rather than through python-docx, for three reasons: tracked changes (text inside
``w:ins`` is part of the draft, text inside ``w:del`` is not) and headers, footers
and footnotes are not exposed by python-docx's paragraph text; a damaged file must
fail as one input error whatever is wrong with it; and the work must stay bounded
for any input (a 217 KB file can hold 21 million empty paragraphs, a zip entry can
inflate a thousandfold), so parts are decompressed and parsed as a stream, with a
limit on the decompressed size and on the number of paragraphs, checked before any
large structure is built.

Location model: a .docx has no lines, so each paragraph becomes one line of a
synthetic text and a finding's ``line`` is the **paragraph number** (1-based) and its
``column`` the character within that paragraph.  Body paragraphs come first, in
document order (table-cell and text-box paragraphs included where they occur), then
the paragraphs of the header parts, the footer parts, the footnotes and the endnotes
(each kind in part-name order: header1, header2, ...).  Line breaks and tabs inside a
paragraph count as spaces.  Comments (the reviewer's, in ``comments.xml``), deleted
text, moved-from text and field codes are not draft text and are not read.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib

from linter.reading.document import SourceDocument
from linter.reading.errors import InputError

MAX_PARAGRAPHS = 100_000  # a 300-page report has about 10,000
MAX_XML_BYTES = 32 * 1024 * 1024  # decompressed XML read from one .docx, all parts together
MAX_PART_LIST = 10_000  # entries in the zip's directory
MAX_XML_ELEMENTS = 2_000_000  # tags in all parts; a 300-page report has about a million

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
P, T = _W + "p", _W + "t"
_SPACE = {_W + "tab", _W + "br", _W + "cr", _W + "ptab"}
_SKIP = {
    P,  # a nested paragraph (text box) is a paragraph of its own
    _W + "del", _W + "moveFrom", _W + "delText", _W + "instrText", _W + "delInstrText",
    _W + "pPr", _W + "rPr", _W + "commentReference", _W + "footnoteReference",
    _W + "endnoteReference", _MC + "Fallback",  # Fallback repeats the Choice (text boxes)
}
_NOTES = {_W + "footnote", _W + "endnote"}
_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
_TYPE = _W + "type"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PART_KINDS = ("header", "footer", "footnotes", "endnotes")
_UNREADABLE = "not a readable .docx file (is it a .doc or damaged?); save it as .docx again"


class _Budget:
    """What one file may still cost: decompressed bytes and paragraphs."""

    def __init__(self, path: str, max_bytes: int, max_paragraphs: int) -> None:
        self.path, self.bytes, self.paragraphs = path, max_bytes, max_paragraphs
        self.max_bytes, self.max_paragraphs = max_bytes, max_paragraphs
        self.elements = MAX_XML_ELEMENTS

    def spend_bytes(self, count: int) -> None:
        self.bytes -= count
        if self.bytes < 0:
            raise InputError(self.path, f"its XML inflates to more than "
                             f"{self.max_bytes // 2**20} MB; not a draft medlint will read "
                             "(a damaged or hostile file?)")

    def spend_elements(self, count: int) -> None:
        self.elements -= count
        if self.elements < 0:
            raise InputError(self.path, f"more than {MAX_XML_ELEMENTS:,} XML elements; not a "
                             "draft medlint will read (a damaged or hostile file?)")

    def spend_paragraph(self) -> None:
        self.paragraphs -= 1
        if self.paragraphs < 0:
            raise InputError(self.path, f"more than {self.max_paragraphs:,} paragraphs; not a "
                             "draft medlint will read (split it, or is the file damaged?)")


def _natural(name: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def _read_part(archive: zipfile.ZipFile, name: str, budget: _Budget, limit: int | None = None
               ) -> bytes:
    """A small part (relationships), read within the budget."""
    with archive.open(name) as stream:
        data = stream.read((limit or budget.bytes) + 1)
    budget.spend_bytes(len(data))
    if limit is not None and len(data) > limit:
        raise InputError(budget.path, f"{name} is implausibly large")
    return data


def _relationships(archive: zipfile.ZipFile, source: str, budget: _Budget
                   ) -> list[tuple[str, str]]:
    """(type, target part name) of a part's relationships; a missing or broken .rels is
    simply none (Word itself repairs such files)."""
    from lxml import etree

    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.NameToInfo:
        return []
    try:
        root = etree.fromstring(_read_part(archive, rels, budget, limit=2 * 2**20),
                                parser=_xml_parser())
    except etree.XMLSyntaxError:
        return []
    out = []
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname != "Relationship":
            continue
        if element.get("TargetMode") == "External":
            continue
        kind, target = element.get("Type") or "", element.get("Target") or ""
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out.append((kind, part))
    return out


def _xml_parser(**options):
    from lxml import etree

    # no DTDs, no entity expansion, no network: a hostile part cannot inflate or fetch
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, **options)


def _paragraph_text(paragraph) -> str:
    """The visible text of one paragraph, changes accepted (iterative: nesting is unbounded)."""
    out: list[str] = []
    stack = [iter(paragraph)]
    while stack:
        for child in stack[-1]:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == T:
                out.append(child.text or "")
            elif tag in _SPACE:
                out.append(" ")
            elif tag == _W + "noBreakHyphen":
                out.append("-")
            if len(child):
                stack.append(iter(child))
                break
        else:
            stack.pop()
    return " ".join("".join(out).replace("\t", " ").splitlines())


def _skipped(paragraph) -> bool:
    """Inside a note separator or a compatibility fallback: not draft text."""
    for ancestor in paragraph.iterancestors():
        if ancestor.tag in _NOTES and ancestor.get(_TYPE) in _SEPARATORS:
            return True
        if ancestor.tag == _MC + "Fallback":
            return True
    return False


def _part_paragraphs(archive: zipfile.ZipFile, name: str, budget: _Budget) -> list[str]:
    """Paragraph texts of one XML part, streamed: decompression, parsing and counting go
    chunk by chunk, and finished paragraphs are freed, so memory stays bounded."""
    from lxml import etree

    parser = etree.XMLPullParser(events=("end",), tag=P, resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False)
    paragraphs: list[str] = []

    def drain() -> None:
        for _event, element in parser.read_events():
            budget.spend_paragraph()
            if not _skipped(element):
                paragraphs.append(_paragraph_text(element))
            if any(ancestor.tag == P for ancestor in element.iterancestors()):
                continue  # a text-box paragraph: its outer paragraph still needs the tree
            # everything before this paragraph, at every level, is finished: free it, so
            # memory stays bounded however long the part is
            element.clear(keep_tail=False)
            node = element
            while node is not None:
                parent = node.getparent()
                if parent is not None:
                    while node.getprevious() is not None:
                        del parent[0]
                node = parent

    with archive.open(name) as stream:
        while True:
            chunk = stream.read(1 << 16)
            if not chunk:
                break
            budget.spend_bytes(len(chunk))
            budget.spend_elements(chunk.count(b"<"))  # counted in C before lxml builds them
            parser.feed(chunk)
            drain()
    parser.close()
    drain()
    return paragraphs


def docx_paragraphs(path: str, data: bytes, *, max_paragraphs: int = MAX_PARAGRAPHS,
                    max_xml_bytes: int = MAX_XML_BYTES) -> list[str]:
    """Every paragraph's text in the documented order (body, headers, footers, footnotes,
    endnotes).  Raises InputError for a damaged, hostile or oversized file."""
    from lxml import etree

    budget = _Budget(path, max_xml_bytes, max_paragraphs)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # a damaged directory fails in many ways (seek, version, names)
        raise InputError(path, _UNREADABLE) from exc
    with archive:
        if len(archive.infolist()) > MAX_PART_LIST:
            raise InputError(path, f"more than {MAX_PART_LIST:,} parts; {_UNREADABLE}")
        try:
            return _package_paragraphs(path, archive, budget)
        except etree.XMLSyntaxError as exc:
            raise InputError(path, f"damaged XML inside the .docx ({str(exc)[:120]}); save it "
                             "as .docx again") from exc
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
                OSError, ValueError, KeyError, struct.error) as exc:
            # damaged or encrypted entries, unknown compression, undecodable names
            raise InputError(path, f"{_UNREADABLE} ({type(exc).__name__})") from exc


def _package_paragraphs(path: str, archive: zipfile.ZipFile, budget: _Budget) -> list[str]:
    main = next((part for kind, part in _relationships(archive, "", budget)
                 if kind.endswith("/officeDocument") and part in archive.NameToInfo),
                "word/document.xml")
    if main not in archive.NameToInfo:
        raise InputError(path, f"{_UNREADABLE} (it has no document part)")
    extra: dict[str, list[str]] = {kind: [] for kind in _PART_KINDS}
    for kind, part in _relationships(archive, main, budget):
        short = kind.rsplit("/", 1)[-1]
        if (kind.startswith(_REL) and short in extra and part in archive.NameToInfo
                and part != main and part not in extra[short]):
            extra[short].append(part)
    paragraphs = _part_paragraphs(archive, main, budget)
    for kind in _PART_KINDS:
        for part in sorted(extra[kind], key=_natural):
            paragraphs.extend(_part_paragraphs(archive, part, budget))
    return paragraphs


def read_docx(path: str, data: bytes) -> SourceDocument:
    """A .docx as a SourceDocument with one line per paragraph (``location_unit`` paragraph)."""
    paragraphs = docx_paragraphs(path, data)
    text = "\n".join(paragraphs)
    blocks = []
    offset = 0
    for paragraph in paragraphs:
        if paragraph.strip():
            blocks.append((offset, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return SourceDocument(path=path, original=text, text=text, kind="docx", blocks=blocks,
                          location_unit="paragraph")
