"""The common shape every reader produces."""

from __future__ import annotations

from dataclasses import dataclass, field

from linter.text.positions import LineIndex


@dataclass(frozen=True)
class Suppression:
    """An inline ``medlint-disable`` comment, resolved to the lines it covers.

    ``kind`` is the form (``disable-line``, ``disable-next-line``, ``disable``,
    ``disable-file``; ``enable`` for the comment that ends a block, which covers no line
    itself; any other word for a misspelt form, which covers nothing and is reported).
    ``reason`` is the text after `` -- `` in the comment, kept for reviewers."""

    rules: frozenset[str]  # empty = every rule
    first_line: int
    last_line: int
    comment_line: int
    comment_column: int
    directive: str
    reason: str = ""
    kind: str = ""


@dataclass
class SourceDocument:
    """A file ready for linting.

    ``text`` has exactly the length of ``original``: readers replace what must
    not be linted (markup, code, front matter) by spaces instead of deleting it,
    so an offset into ``text`` is an offset into the file and line/column stay
    exact without any mapping table.
    """

    path: str
    original: str
    text: str
    kind: str = "text"
    blocks: list[tuple[int, int]] | None = None
    suppressions: list[Suppression] = field(default_factory=list)
    location_unit: str = "line"  # "paragraph" for .docx, which has no lines

    def __post_init__(self) -> None:
        if len(self.text) != len(self.original):
            raise ValueError("reader bug: masked text must keep the original length")
        self._lines: LineIndex | None = None

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.original)
        return self._lines
