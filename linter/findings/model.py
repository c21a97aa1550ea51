"""The finding record every reporter formats."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from linter.rules.model import Rule, severity_rank


@dataclass
class Finding:
    path: str
    rule_id: str
    category: str
    severity: str
    lang: str
    message: str
    suggestion: str
    references: list[dict[str, str]]
    line: int
    column: int
    end_line: int
    end_column: int
    sentence: str
    matched: str
    offset: int = 0
    end_offset: int = 0
    missing: list[str] = field(default_factory=list)
    location_unit: str = "line"
    sentence_key: str = ""  # which sentence of the file (internal; not reported)
    sentence_start: int = 0  # the sentence's span in the source (character offsets)
    sentence_end: int = 0
    excerpt_start: int = 0  # the match's span inside ``sentence`` as displayed
    excerpt_end: int = 0
    spans: list[list[int]] = field(default_factory=list)  # every merged match span (source)

    @property
    def match_span(self) -> tuple[int, int]:
        """Character offsets of the matched words in the source text (end exclusive)."""
        return self.offset, self.end_offset

    @property
    def sentence_span(self) -> tuple[int, int]:
        """Character offsets of the whole sentence in the source text (end exclusive)."""
        return self.sentence_start, self.sentence_end

    @property
    def excerpt_span(self) -> tuple[int, int]:
        """Where the matched words sit in ``sentence`` (what reporters underline)."""
        return self.excerpt_start, self.excerpt_end

    def sort_key(self) -> tuple:
        # a document rule's finding sorts after the claims of the sentence it points at
        return (self.line, self.column, bool(self.missing), -severity_rank(self.severity),
                self.rule_id)

    def fingerprint(self) -> str:
        """Stable across edits elsewhere in the file: rule id + normalised sentence."""
        normalised = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", self.sentence)).strip()
        digest = hashlib.sha256(f"{self.rule_id}\x1f{normalised}".encode()).hexdigest()
        return digest[:32]

    def to_dict(self) -> dict[str, Any]:
        """The JSON report's shape (``schemas/output.schema.json``)."""
        data = asdict(self)
        for internal in ("path", "offset", "end_offset", "sentence_key", "sentence_start",
                         "sentence_end", "excerpt_start", "excerpt_end", "spans"):
            data.pop(internal)
        if not self.missing:
            data.pop("missing")
        data["fingerprint"] = self.fingerprint()
        data["match_span"] = list(self.match_span)
        data["sentence_span"] = list(self.sentence_span)
        data["excerpt_span"] = list(self.excerpt_span)
        data["spans"] = [list(s) for s in self.spans] or [list(self.match_span)]
        return data


@dataclass
class Suppressed:
    """A finding that a suppression comment or the baseline accepted, and why.

    ``kind`` is ``inline`` (a ``medlint-disable`` comment) or ``baseline``; ``reason`` is the
    text after ``--`` in the comment, or the baseline entry's ``reason`` (a 届出番号, the
    study that substantiates the claim...), empty when none was given."""

    finding: Finding
    kind: str
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = self.finding.to_dict()
        data["suppression"] = {"kind": self.kind, "reason": self.reason}
        return data


def references_of(rule: Rule) -> list[dict[str, str]]:
    out = []
    for ref in rule.references:
        item = {"source": ref.source, "section": ref.section}
        if ref.url:
            item["url"] = ref.url
        out.append(item)
    return out
