"""Build .docx packages from raw WordprocessingML for the gate and fuzz tests."""

from __future__ import annotations

import io
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

ROOT_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_NS}">'
             f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/>'
             "</Relationships>")


def paragraph(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def inserted(text: str) -> str:
    return f'<w:ins w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z">{run(text)}</w:ins>'


def deleted(text: str) -> str:
    return (f'<w:del w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r>'
            f'<w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


def part(root: str, body: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:{root} xmlns:w="{W_NS}" '
            f'xmlns:r="{R_NS}">{body}</w:{root}>')


def package(body: str, *, headers: list[str] = (), footers: list[str] = (),
            footnotes: str | None = None, comments: str | None = None,
            root_rels: str = ROOT_RELS, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx: ``body`` is the content of w:body; headers/footers are part bodies."""
    rels = []
    files = {"[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
             "_rels/.rels": root_rels.encode(),
             "word/document.xml": part("document", f"<w:body>{body}</w:body>").encode()}
    for i, content in enumerate(headers, 1):
        files[f"word/header{i}.xml"] = part("hdr", content).encode()
        rels.append((f"rIdH{i}", "header", f"header{i}.xml"))
    for i, content in enumerate(footers, 1):
        files[f"word/footer{i}.xml"] = part("ftr", content).encode()
        rels.append((f"rIdF{i}", "footer", f"footer{i}.xml"))
    if footnotes is not None:
        files["word/footnotes.xml"] = part("footnotes", footnotes).encode()
        rels.append(("rIdN", "footnotes", "footnotes.xml"))
    if comments is not None:
        files["word/comments.xml"] = part("comments", comments).encode()
        rels.append(("rIdC", "comments", "comments.xml"))
    files["word/_rels/document.xml.rels"] = (
        f'<?xml version="1.0"?><Relationships xmlns="{PKG_NS}">'
        + "".join(f'<Relationship Id="{i}" Type="{R_NS}/{k}" Target="{t}"/>' for i, k, t in rels)
        + "</Relationships>").encode()
    files.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
