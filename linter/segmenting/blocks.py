"""Paragraph blocks and per-paragraph language runs.

Real drafts mix languages by paragraph (a Japanese article followed by its
English version), and plain-text drafts often have no blank lines at all, so a
block is split further wherever the detected language of its lines changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter.language.detect import detect_language
from linter.segmenting.sentences import Sentence, split_sentences

_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n")


@dataclass(frozen=True)
class Run:
    """A stretch of one block written in one language."""

    start: int
    end: int
    lang: str


def paragraph_blocks(text: str) -> list[tuple[int, int]]:
    blocks = []
    start = 0
    for match in _BLANK_LINE.finditer(text):
        blocks.append((start, match.start()))
        start = match.end()
    blocks.append((start, len(text)))
    return [(s, e) for s, e in blocks if text[s:e].strip()]


def language_runs(text: str, start: int, end: int, forced: str | None = None) -> list[Run]:
    """Group the lines of one block into runs of the same language.

    Lines without letters (phone numbers, URLs) join the run before them.
    """
    if forced:
        return [Run(start, end, forced)]
    runs: list[Run] = []
    line_start = start
    while line_start < end:
        line_end = text.find("\n", line_start, end)
        if line_end == -1:
            line_end = end
        lang = detect_language(text[line_start:line_end])
        if lang is None and runs:
            lang = runs[-1].lang
        if lang is not None:
            if runs and runs[-1].lang == lang:
                runs[-1] = Run(runs[-1].start, line_end, lang)
            else:
                runs.append(Run(line_start, line_end, lang))
        line_start = line_end + 1
    return runs


def document_sentences(
    text: str, blocks: list[tuple[int, int]] | None = None, forced_lang: str | None = None
) -> list[Sentence]:
    """Every sentence of a document, in order, each tagged with its language."""
    sentences: list[Sentence] = []
    for block_start, block_end in blocks if blocks is not None else paragraph_blocks(text):
        for run in language_runs(text, block_start, block_end, forced_lang):
            sentences.extend(split_sentences(text, run.start, run.end, run.lang))
    return sentences
