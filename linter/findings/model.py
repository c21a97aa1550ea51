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

    def sort_key(self) -> tuple:
        return (self.line, self.column, -severity_rank(self.severity), self.rule_id)

    def fingerprint(self) -> str:
        """Stable across edits elsewhere in the file: rule id + normalised sentence."""
        normalised = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", self.sentence)).strip()
        digest = hashlib.sha256(f"{self.rule_id}\x1f{normalised}".encode()).hexdigest()
        return digest[:32]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("path")
        data.pop("offset")
        data.pop("end_offset")
        data.pop("sentence_key")
        if not self.missing:
            data.pop("missing")
        data["fingerprint"] = self.fingerprint()
        return data


def references_of(rule: Rule) -> list[dict[str, str]]:
    out = []
    for ref in rule.references:
        item = {"source": ref.source, "section": ref.section}
        if ref.url:
            item["url"] = ref.url
        out.append(item)
    return out
