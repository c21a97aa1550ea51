"""Baselines: accept today's findings so that only new ones fail.

A finding is recorded by path (relative to the baseline file), rule id and the
fingerprint of its normalised sentence, not by line number, so edits elsewhere
in the file do not resurrect it; each recorded entry absorbs one finding.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from linter import __version__
from linter.findings.model import Finding

FORMAT = 1


class BaselineError(Exception):
    """A baseline file that cannot be read or written, in one line."""


def _key(base: Path, finding: Finding) -> tuple[str, str, str]:
    path = Path(finding.path)
    try:
        relative = path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    return relative, finding.rule_id, finding.fingerprint()


_MAX_BASELINE_BYTES = 64 * 1024 * 1024


def _is_medlint_baseline(path: Path) -> bool:
    """Is the existing file at ``path`` a medlint baseline (so overwriting it is expected)?"""
    try:
        if not path.is_file() or path.stat().st_size > _MAX_BASELINE_BYTES:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(data, dict) and "medlint_baseline" in data


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except (OSError, RuntimeError):
        return False


class Baseline(Counter):
    """Recorded findings (key -> count) and the reason recorded with each key, if any."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reasons: dict[tuple[str, str, str], str] = {}


def write_baseline(path: Path | str, findings: list[Finding],
                   inputs: Iterable[str] = ()) -> int:
    """Record ``findings`` in a baseline file; return how many were recorded.

    Only a new file or an existing medlint baseline is written: any other existing file
    (a draft, a config) is refused with a one-line :class:`BaselineError`, as is a path that
    is one of ``inputs`` (the files being checked).  Missing parent folders are created.
    The file is written to a temporary name and renamed, so a failed write leaves the old
    baseline intact."""
    path = Path(path)
    for given in inputs:
        if given != "-" and _same_file(path, Path(given)):
            raise BaselineError(f"{path}: is one of the files being checked; refusing to "
                                "overwrite an input")
    if path.is_dir():
        raise BaselineError(f"{path}: is a folder; give a file name such as "
                            "medlint-baseline.json")
    if (path.exists() or path.is_symlink()) and not _is_medlint_baseline(path):
        raise BaselineError(f"{path}: exists and is not a medlint baseline; refusing to "
                            "overwrite it (remove it or choose another file name)")
    base = path.parent
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot create the folder {base} "
                            f"({exc.strerror or exc})") from exc
    counts = Counter(_key(base, f) for f in findings)
    # reasons written into an existing baseline by hand survive re-recording it
    reasons = load_baseline(path).reasons if path.exists() else {}
    entries = [{"path": p, "rule_id": r, "fingerprint": fp, "count": n,
                **({"reason": reasons[(p, r, fp)]} if (p, r, fp) in reasons else {})}
               for (p, r, fp), n in sorted(counts.items())]
    data = {"medlint_baseline": FORMAT, "version": __version__, "findings": entries}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        handle, temporary = tempfile.mkstemp(dir=base, prefix=".medlint-baseline-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return sum(counts.values())


def _entry_key(path: Path, index: int, entry: object) -> tuple[tuple[str, str, str], int]:
    """One validated baseline entry: its key and count, or a one-line BaselineError."""
    where = f"{path}: entry {index + 1} of 'findings'"
    if not isinstance(entry, dict):
        raise BaselineError(f"{where} is not an object with path, rule_id and fingerprint")
    for field in ("path", "rule_id", "fingerprint"):
        if not isinstance(entry.get(field), str) or not entry[field]:
            raise BaselineError(f"{where}: '{field}' must be a non-empty string")
    count = entry.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise BaselineError(f"{where}: 'count' must be a positive whole number")
    if not isinstance(entry.get("reason", ""), str):
        raise BaselineError(f"{where}: 'reason' must be a string")
    return (entry["path"], entry["rule_id"], entry["fingerprint"]), count


def load_baseline(path: Path) -> Baseline:
    """The findings recorded in a baseline file; every entry is checked, and anything that is
    not a medlint baseline is a one-line :class:`BaselineError`."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise BaselineError(f"{path}: not a regular file")
    try:
        if path.stat().st_size > _MAX_BASELINE_BYTES:
            raise BaselineError(f"{path}: larger than {_MAX_BASELINE_BYTES // 2**20} MB; not a "
                                "medlint baseline")
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"{path}: baseline not found; create it with --write-baseline") from exc
    except (OSError, ValueError, RecursionError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise BaselineError(f"{path}: not a medlint baseline ({reason})") from exc
    if not isinstance(data, dict) or data.get("medlint_baseline") != FORMAT:
        raise BaselineError(f"{path}: not a medlint baseline file (format {FORMAT})")
    entries = data.get("findings", [])
    if not isinstance(entries, list):
        raise BaselineError(f"{path}: 'findings' must be a list of entries")
    counts = Baseline()
    for index, entry in enumerate(entries):
        key, count = _entry_key(path, index, entry)
        counts[key] += count
        if entry.get("reason"):
            counts.reasons[key] = entry["reason"]
    return counts


def split_baselined(findings: list[Finding], baseline: Counter, base: Path
                    ) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """Findings not covered by the baseline, and the covered ones with their entry's reason."""
    remaining = Counter(baseline)
    reasons = getattr(baseline, "reasons", {})
    new = []
    hidden = []
    for finding in findings:
        key = _key(base, finding)
        if remaining[key] > 0:
            remaining[key] -= 1
            hidden.append((finding, reasons.get(key, "")))
        else:
            new.append(finding)
    return new, hidden
