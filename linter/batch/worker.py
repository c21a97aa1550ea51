"""What runs on a Dask worker: one partition of records through one ``Linter``.

The ``Linter`` is built once per worker process (and thread: a Linter is not
thread-safe) and kept in a module-level table keyed on the pickled settings, so a
worker loads rules and language models on its first partition only.  Every record is
linted by ``Linter.lint_text`` (text records) or ``Linter.lint_file`` (path records);
a record that cannot be linted becomes an error line, never a failed task.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.batch.records import ERROR_KEY, Record

# the largest record text (UTF-8 bytes) a batch lints by default: a landing page's text is
# tens of KB; a multi-MB "text" is an export bug, and would hold its partition for minutes
DEFAULT_MAX_BYTES = 1024 * 1024
LANG_VALUES = ("auto", "ja", "en")
# what a record's optional "format" field may say, and the reader each one picks
FORMAT_PATHS = {"text": "<text>", "markdown": "<text>.md", "html": "<text>.html"}
# fields the output line writes itself; an input field of the same name is replaced
OWN_FIELDS = ("id", "status", "findings")


@dataclass(frozen=True)
class LinterSpec:
    """Everything a worker needs to build the client's Linter (sent pickled)."""

    settings: Any  # linter.config.settings.Settings, resolved on the client
    run: Any = None  # linter.api.RunOptions
    baseline: str | None = None

    def build(self, lang: str | None = None, profile: str | None = None):
        from linter.api import Linter

        settings = self.settings
        if lang is not None or profile is not None:
            settings = dataclasses.replace(settings, lang=lang or settings.lang,
                                           profile=profile or settings.profile,
                                           sources=dict(settings.sources))
        return Linter(settings, baseline=self.baseline, run=self.run)


_LINTERS: dict[tuple, Any] = {}
_BUILT = Counter()  # how many Linters this process built (tests check "once per worker")


def linter_for(blob: bytes, lang: str | None = None, profile: str | None = None):
    """This process's (and thread's) Linter for the pickled :class:`LinterSpec`."""
    key = (threading.get_ident(), blob, lang, profile)
    linter = _LINTERS.get(key)
    if linter is None:
        spec: LinterSpec = pickle.loads(blob)
        linter = _LINTERS[key] = spec.build(lang, profile)
        _BUILT[os.getpid()] += 1
    return linter


def built_count() -> int:
    """How many Linters this process has built (for tests and diagnostics)."""
    return _BUILT[os.getpid()]


def oversize(size: int, max_bytes: int, what: str) -> str:
    """The one-line status of a record over the size limit."""
    return f"{what} is {size:,} bytes, over the limit of {max_bytes:,} (--max-bytes)"


def _check_text(text: Any, max_bytes: int) -> str | None:
    """None when ``text`` can be linted, else the one-line reason it cannot."""
    from linter.reading.decoding import _control_ratio

    if not isinstance(text, str):
        return f"'text' is a JSON {type(text).__name__}, not a string"
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        return f"text is not valid Unicode (lone surrogate at character {exc.start})"
    if size > max_bytes:
        return oversize(size, max_bytes, "text")
    if not text.strip():
        return "empty text, nothing to lint"
    # the same rule as the file reader's: NUL bytes or control characters mean binary data
    if "\x00" in text[:8192] or _control_ratio(text) > 0.01:
        return "binary data, not text"
    return None


def _check_overrides(record: Record) -> str | None:
    from linter.rules.model import PROFILES

    lang, profile, fmt = record.get("lang"), record.get("profile"), record.get("format")
    if lang is not None and lang not in LANG_VALUES:
        return f"unknown lang {lang!r} (use {', '.join(LANG_VALUES)})"
    if profile is not None and profile not in PROFILES:
        return f"unknown profile {profile!r} (use {', '.join(PROFILES)})"
    if fmt is not None and fmt not in FORMAT_PATHS:
        return f"unknown format {fmt!r} (use {', '.join(FORMAT_PATHS)})"
    return None


def _lint(blob: bytes, record: Record, max_bytes: int):
    """(findings, error) for one record."""
    if ERROR_KEY in record:
        return [], record[ERROR_KEY]
    problem = _check_overrides(record)
    if problem:
        return [], problem
    lang, profile = record.get("lang"), record.get("profile")
    if "text" in record:
        problem = _check_text(record["text"], max_bytes)
        if problem:
            return [], problem
        path = FORMAT_PATHS[record.get("format") or "text"]
        result = linter_for(blob).lint_text(record["text"], path=path, lang=lang,
                                            profile=profile)
        return result.findings, result.error
    path = record.get("path")
    if not isinstance(path, str) or not path:
        return [], "record has neither a 'text' string nor a 'path' string"
    try:
        size = os.stat(path).st_size
    except OSError:
        size = 0  # lint_file says what is wrong with it
    if size > max_bytes and Path(path).suffix.lower() != ".docx":  # a .docx is zipped
        return [], oversize(size, max_bytes, "file")
    result = linter_for(blob, lang, profile).lint_file(path)
    return result.findings, result.error


def lint_record(blob: bytes, record: Record, max_bytes: int = DEFAULT_MAX_BYTES
                ) -> tuple[dict[str, Any], list]:
    """The output line of one record (id, passed-through fields, status, findings) and
    its findings.  Never raises for a bad record."""
    try:
        findings, error = _lint(blob, record, max_bytes)
    except Exception as exc:  # one record must never stop its partition
        from linter.config.settings import ConfigError

        findings = []
        kind = "" if isinstance(exc, ConfigError) else f"internal error: {type(exc).__name__}: "
        error = f"{kind}{exc}"
    line: dict[str, Any] = {"id": record.get("id")}
    for key, value in record.items():
        if key not in OWN_FIELDS and key != "text" and key != ERROR_KEY:
            line[key] = value
    line["status"] = "ok" if not error else "error: " + " ".join(str(error).split())
    line["findings"] = [finding.to_dict() for finding in findings]
    return line, findings


def empty_stats() -> dict[str, Any]:
    """The per-partition counters the summary adds up."""
    return {"records": 0, "ok": 0, "errors": 0, "records_with_findings": 0, "findings": 0,
            "by_category": {}, "by_severity": {}}


def add_stats(total: dict[str, Any], part: dict[str, Any]) -> None:
    """Add one partition's counters into ``total``."""
    for key in ("records", "ok", "errors", "records_with_findings", "findings"):
        total[key] += part[key]
    for key in ("by_category", "by_severity"):
        counts = Counter(total[key])
        counts.update(part[key])
        total[key] = dict(sorted(counts.items()))


def lint_partition(records: list[Record], blob: bytes, max_bytes: int = DEFAULT_MAX_BYTES
                   ) -> tuple[str, dict[str, Any]]:
    """One Dask task: the partition's JSON Lines (in record order) and its counters.

    Serialising here, on the worker, keeps the client's work per record to a write."""
    lines = []
    stats = empty_stats()
    categories: Counter = Counter()
    severities: Counter = Counter()
    for record in records:
        line, findings = lint_record(blob, record, max_bytes)
        lines.append(json.dumps(line, ensure_ascii=False, default=str))
        stats["records"] += 1
        stats["ok" if line["status"] == "ok" else "errors"] += 1
        stats["findings"] += len(findings)
        stats["records_with_findings"] += bool(findings)
        categories.update(f.category for f in findings)
        severities.update(f.severity for f in findings)
    stats["by_category"] = dict(sorted(categories.items()))
    stats["by_severity"] = dict(sorted(severities.items()))
    return "".join(line + "\n" for line in lines), stats


def medlint_version() -> str:
    """The medlint version this worker runs (checked against the client's)."""
    from linter import __version__

    return __version__
