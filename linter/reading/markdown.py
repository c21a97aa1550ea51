"""Markdown through markdown-it-py (CommonMark + tables + front matter).

markdown-it gives the line range of every block, which tells code blocks,
front matter and HTML apart from prose; inside prose lines the inline syntax
(code spans, link targets, URLs, emphasis markers, HTML tags and comments) is
blanked in place, so the prose keeps its exact line and column.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from linter.reading.document import SourceDocument
from linter.reading.masking import Mask, line_offsets
from linter.reading.suppressions import parse_suppressions

_PARSER = MarkdownIt("commonmark").use(front_matter_plugin).enable("table")

# Every repetition below is bounded, so that no pattern rescans a long text from each of many
# starting points (a page of 50,000 "[^" took 9 s with an unbounded footnote label).
_CODE_SPAN = re.compile(r"(?<!`)(`{1,32})(?!`).{1,4000}?(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>\s]*>", re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()]{0,2000}\)){0,4000}"
                          r"(?:\s{1,100}(?:\"[^\"]{0,2000}\"|'[^']{0,2000}'))?\s{0,100}\)")
_LINK_REF = re.compile(r"\]\[[^\]]{0,1000}\]")
_FOOTNOTE = re.compile(r"\[\^[^\]]{1,200}\]")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]「」、。]+", re.I)
_EMPHASIS = re.compile(r"\*+|~~|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_BRACKET = re.compile(r"!?\[")
_LINE_PREFIX = re.compile(
    r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?"
    r"(?:#{1,6}(?=[ \t]|$))?")
_HEADING_TAIL = re.compile(r"[ \t]+#+[ \t]*$")
_TABLE_RULE = re.compile(r"^[ \t|:\-]+$")
_SETEXT = re.compile(r"^[ \t]*(?:=+|-+)[ \t]*$")
_BLOCK_TAGS = re.compile(r"</?(?:p|div|li|ul|ol|h[1-6]|br|tr|td|th|table|section|article|"
                         r"header|footer|blockquote|dd|dt|figcaption)\b[^>]*>", re.I)


def comment_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``<!-- … -->`` comments within [start, end).  Found with ``str.find``: a regex
    (``<!--.*?-->``) rescans to the end from every unclosed ``<!--``, which made a
    100 KB page of them take 22 s."""
    spans = []
    position = start
    while True:
        opening = text.find("<!--", position, end)
        if opening < 0:
            break
        closing = text.find("-->", opening + 4, end)
        if closing < 0:
            break  # no later comment in the range can close either
        spans.append((opening, closing + 3))
        position = closing + 3
    return spans


def _mask_inline(mask: Mask, start: int, end: int, heading: bool) -> None:
    text = mask.original
    protected: list[tuple[int, int]] = []
    for span in comment_spans(text, start, end):
        mask.blank(*span)
        protected.append(span)
    for pattern in (_CODE_SPAN, _AUTOLINK):
        for match in pattern.finditer(text, start, end):
            mask.blank(match.start(), match.end())
            protected.append(match.span())

    def free(match: re.Match[str]) -> bool:
        return not any(s <= match.start() < e for s, e in protected)

    for pattern in (_HTML_TAG, _LINK_TARGET, _LINK_REF, _FOOTNOTE, _URL, _EMPHASIS, _ESCAPE,
                    _BRACKET):
        for match in pattern.finditer(text, start, end):
            if free(match):
                mask.blank(match.start(), match.end())
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        line_end = end if line_end == -1 else line_end
        line = text[line_start:line_end]
        prefix = _LINE_PREFIX.match(line)
        if prefix:
            mask.blank(line_start, line_start + prefix.end())
        if heading:
            tail = _HEADING_TAIL.search(line)
            if tail:
                mask.blank(line_start + tail.start(), line_end)
        if (_TABLE_RULE.match(line) and "-" in line) or (_SETEXT.match(line) and heading):
            mask.blank(line_start, line_end)
        for pipe in re.finditer(r"(?<!\\)\|", line):
            mask.separate(line_start + pipe.start(), line_start + pipe.end())
        line_start = line_end + 1


def read_markdown(path: str, text: str) -> SourceDocument:
    tokens = _PARSER.parse(text)
    offsets = line_offsets(text)

    def span(lines: list[int]) -> tuple[int, int]:
        first, last = lines
        return offsets[first], min(offsets[last] - 1, len(text))

    mask = Mask(text)
    keep: list[tuple[int, int]] = []  # prose, kept after inline masking
    comments_allowed: list[tuple[int, int]] = []
    blocks: list[tuple[int, int]] = []
    heading = False
    for token in tokens:
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        if token.map is None:
            continue
        start, end = span(token.map)
        if token.type == "inline":
            if (start, end) not in blocks:
                blocks.append((start, end))
                keep.append((start, end))
                _mask_inline(mask, start, end, heading)
                comments_allowed.append((start, end))
        elif token.type == "html_block":
            blocks.append((start, end))
            keep.append((start, end))
            comments_allowed.append((start, end))
            for comment in comment_spans(text, start, end):
                mask.blank(*comment)
            for match in _BLOCK_TAGS.finditer(text, start, end):
                mask.separate(*match.span())
            for match in _HTML_TAG.finditer(text, start, end):
                mask.blank(*match.span())
    # everything outside prose and HTML blocks (front matter, code, rules, link
    # definitions) is blanked
    position = 0
    for start, end in sorted(keep):
        if start > position:
            mask.blank(position, start)
        position = max(position, end)
    mask.blank(position, len(text))
    return SourceDocument(
        path=path,
        original=text,
        text=mask.text(),
        kind="markdown",
        blocks=sorted(blocks),
        suppressions=parse_suppressions(text, allowed=comments_allowed),
    )
