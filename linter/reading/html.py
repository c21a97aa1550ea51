"""HTML: visible text with the exact line and column of the source.

lxml and selectolax build a tree but do not report where in the file a piece
of text came from, which is the one thing a linter must report; CPython's own
``html.parser`` tokenizer is an HTML5-tolerant parser that reports the source
position of every tag, text run and entity, so it drives the masking here.
Script, style, template, noscript, head metadata and ``hidden`` elements are
blanked; ``alt`` text is kept (it is read out and indexed, so claims there
count); entities are decoded in place.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from linter.reading.document import SourceDocument
from linter.reading.masking import Mask, line_offsets
from linter.reading.suppressions import parse_suppressions

_INVISIBLE = {"script", "style", "template", "noscript", "head", "svg", "math", "iframe",
              "object", "canvas", "select", "textarea"}
_VISIBLE_IN_HEAD = {"title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_BLOCK = {"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div",
          "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
          "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "option", "p", "pre",
          "section", "summary", "table", "td", "th", "title", "tr", "ul", "body", "html",
          "button", "label"}
_ALT = re.compile(r"""\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)


class _Scanner(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = text
        self.offsets = line_offsets(text)
        self.mask = Mask(text)
        self.mask.blank(0, len(text))
        self.stack: list[tuple[str, bool]] = []  # (tag, hides its content)
        self.blocks: list[tuple[int, int]] = []
        self.block_start: int | None = None
        self.block_end = 0
        self.comments: list[tuple[int, int]] = []

    # -- positions ---------------------------------------------------------------------------
    def _here(self) -> int:
        line, column = self.getpos()
        return self.offsets[line - 1] + column

    def _hidden(self) -> bool:
        return any(hides for _tag, hides in self.stack)

    def _text(self, start: int, end: int, replacement: str | None = None) -> None:
        if self._hidden():
            return
        if replacement is None:
            for i in range(start, end):
                self.mask.chars[i] = self.source[i]
        else:
            self.mask.put(start, replacement, end)
        if self.block_start is None:
            self.block_start = start
        self.block_end = end

    def _break(self) -> None:
        if self.block_start is not None and self.block_end > self.block_start:
            self.blocks.append((self.block_start, self.block_end))
        self.block_start = None

    # -- parser callbacks ----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._here()
        raw = self.get_starttag_text() or ""
        if tag in _BLOCK:
            self._break()
        attributes = dict(attrs)
        if "alt" in attributes and attributes["alt"] and not self._hidden():
            match = _ALT.search(raw)
            if match:
                group = next(g for g in (1, 2, 3) if match.group(g) is not None)
                self._break()
                value_start = start + match.start(group)
                value_end = start + match.end(group)
                self._text(value_start, value_end, unescape(match.group(group)))
                self._break()
        if tag in _VOID:
            return
        hides = tag in _INVISIBLE or "hidden" in attributes
        if tag in _VISIBLE_IN_HEAD:
            hides = False
            self.stack = [(t, h and t != "head") for t, h in self.stack]
        self.stack.append((tag, hides))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self._break()
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break
        if tag in _VISIBLE_IN_HEAD:
            self.stack = [(t, t in _INVISIBLE) for t, _h in self.stack]

    def handle_data(self, data: str) -> None:
        start = self._here()
        self._text(start, start + len(data))

    def handle_entityref(self, name: str) -> None:
        start = self._here()
        raw = "&" + name
        if self.source.startswith(";", start + len(raw)):
            raw += ";"
        self._text(start, start + len(raw), unescape(raw))

    def handle_charref(self, name: str) -> None:
        start = self._here()
        end = self.source.find(";", start, start + len(name) + 4)
        end = end + 1 if end != -1 else start + len(name) + 2
        self._text(start, end, unescape(self.source[start:end]))

    def handle_comment(self, data: str) -> None:
        start = self._here()
        self.comments.append((start, start + len(data) + 7))


_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")


def neutralise_unterminated_tail(text: str) -> str:
    """``text`` with an unterminated tag at its end blanked (same length, newlines kept).

    HTML5 drops a tag that reaches the end of the file without ``>``.  CPython's
    ``html.parser`` (before 3.13.4) instead retries at every following ``<``, scanning to
    the end each time: ``'<a ' * 33333`` (100 KB) took 97 s.  Every such tag starts after the
    last ``>`` of the file, so blanking from the first tag opening after it gives the HTML5
    result in linear time, and keeps every offset."""
    tail = _TAG_OPEN.search(text, text.rfind(">") + 1)
    if tail is None:
        return text
    start = tail.start()
    return text[:start] + re.sub(r"[^\n]", " ", text[start:])


def read_html(path: str, text: str) -> SourceDocument:
    fed = neutralise_unterminated_tail(text)
    scanner = _Scanner(fed)
    scanner.feed(fed)
    scanner.close()
    scanner._break()
    return SourceDocument(
        path=path,
        original=text,
        text=scanner.mask.text(),
        kind="html",
        blocks=sorted(scanner.blocks),
        suppressions=parse_suppressions(text, allowed=scanner.comments),
    )
