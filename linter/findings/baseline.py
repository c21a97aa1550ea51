"""Baselines: accept today's findings so that only new ones fail.

A finding is recorded by path (relative to the baseline file), rule id and the
fingerprint of its normalised sentence, not by line number, so edits elsewhere
in the file do not resurrect it; each recorded entry absorbs one finding.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from linter import __version__
from linter.findings.model import Finding

FORMAT = 1


class BaselineError(Exception):
    pass


def _key(base: Path, finding: Finding) -> tuple[str, str, str]:
    path = Path(finding.path)
    try:
        relative = path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    return relative, finding.rule_id, finding.fingerprint()


def write_baseline(path: Path, findings: list[Finding]) -> int:
    base = path.parent
    counts = Counter(_key(base, f) for f in findings)
    entries = [{"path": p, "rule_id": r, "fingerprint": fp, "count": n}
               for (p, r, fp), n in sorted(counts.items())]
    data = {"medlint_baseline": FORMAT, "version": __version__, "findings": entries}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return sum(counts.values())


def load_baseline(path: Path) -> Counter:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"{path}: baseline not found; create it with --write-baseline") from exc
    except (OSError, ValueError) as exc:
        raise BaselineError(f"{path}: not a medlint baseline ({exc})") from exc
    if not isinstance(data, dict) or data.get("medlint_baseline") != FORMAT:
        raise BaselineError(f"{path}: not a medlint baseline file (format {FORMAT})")
    counts: Counter = Counter()
    for entry in data.get("findings", []):
        counts[(entry["path"], entry["rule_id"], entry["fingerprint"])] += int(entry.get("count",
                                                                                     1))
    return counts


def filter_new(findings: list[Finding], baseline: Counter, base: Path) -> tuple[list[Finding], int]:
    """Findings not covered by the baseline, and how many were hidden."""
    remaining = Counter(baseline)
    new = []
    hidden = 0
    for finding in findings:
        key = _key(base, finding)
        if remaining[key] > 0:
            remaining[key] -= 1
            hidden += 1
        else:
            new.append(finding)
    return new, hidden
