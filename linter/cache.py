"""An on-disk cache, safe when several medlint processes run at once.

Two things are cached, both keyed on everything that can change them:

* the compiled prefilter of a rule set (rule files' contents, medlint and
  dictionary versions), so that a clean file is checked without importing
  spaCy, GiNZA or lemminflect;
* each file's findings, keyed on the file's bytes, the rule set, the settings
  that applied and medlint's version (as ruff and textlint do).

Entries are written to a temporary file and renamed into place, so a reader
never sees half a file and two writers of the same key simply race to write
identical content.  ``--no-cache`` bypasses both; ``MEDLINT_CACHE_DIR``
moves the cache (the default is the platform's user cache folder).

The cache holds **data only**: every entry is JSON, decoded with ``json.loads``,
which cannot run code (a pickle, which can, is never read or written: someone
able to write into the cache folder must not be able to run code in the next
run).  A reader passes a ``validate`` callable that checks the entry's shape;
anything unreadable, undecodable or of the wrong shape is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from linter import __version__


def default_cache_dir() -> Path:
    configured = os.environ.get("MEDLINT_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("medlint"))


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """medlint's own source: an upgrade or a local edit invalidates cached results."""
    package = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")) + sorted(package.rglob("*.json")):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def environment_fingerprint() -> str:
    """Versions and code that change how rules compile or how text is analysed."""
    parts = [__version__, code_fingerprint()] + [f"{p}={_version(p)}" for p in (
        "sudachipy", "sudachidict-core", "lemminflect", "spacy", "ja-ginza", "ginza")]
    return "|".join(parts)


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        # surrogatepass: a file name with undecodable bytes is still a valid key
        h.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        h.update(b"\x1f")
    return h.hexdigest()


class Cache:
    def __init__(self, directory: Path | None = None, enabled: bool = True) -> None:
        self.enabled = enabled
        self.directory = directory or default_cache_dir()

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        return self.directory / kind / key[:2] / f"{key[2:]}{suffix}"

    def _read(self, path: Path) -> bytes | None:
        try:
            return path.read_bytes()
        except OSError:
            return None

    def _write(self, path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only or full disk only costs speed

    def get_json(self, kind: str, key: str,
                 validate: Callable[[Any], bool] | None = None) -> Any | None:
        """The JSON value stored under ``key``, or None on a miss.  A missing, truncated,
        non-JSON or (when ``validate`` is given) wrongly shaped entry is a miss: ``validate``
        returns False or raises for data this reader cannot use."""
        if not self.enabled:
            return None
        raw = self._read(self._path(kind, key, ".json"))
        if raw is None:
            return None
        try:
            value = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):  # a stale, truncated or foreign entry is rebuilt
            return None
        if validate is not None:
            try:
                if not validate(value):
                    return None
            except Exception:  # a validator that trips over odd data means "unusable"
                return None
        return value

    def put_json(self, kind: str, key: str, value: Any) -> None:
        """Store a JSON-serialisable value (atomically)."""
        if self.enabled:
            data = json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
            self._write(self._path(kind, key, ".json"), data)

    def put_sealed(self, kind: str, key: str, value: Any) -> None:
        """Store a JSON value together with the SHA-256 of its text (see :meth:`get_sealed`)."""
        if self.enabled:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False)
            self.put_json(kind, key, {"sealed": _sha256(text), "text": text})

    def get_sealed(self, kind: str, key: str) -> Any | None:
        """A value stored by :meth:`put_sealed`, only if it comes back byte for byte: a
        truncated, edited or foreign entry is a miss.  Readers of large entries (rule sets,
        prefilters) may then skip checking every item's shape, which costs more than the
        parse on every cold start."""
        entry = self.get_json(kind, key)
        if not (isinstance(entry, dict) and isinstance(entry.get("text"), str)
                and entry.get("sealed") == _sha256(entry["text"])):
            return None
        try:
            return json.loads(entry["text"])
        except (ValueError, RecursionError):
            return None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def results_entry_is_valid(value: Any) -> bool:
    """Shape check for a results-cache entry as the API writes it (``location_unit``,
    ``findings``, and optionally ``suppressed`` and ``accepted``): every finding a dict of known
    ``Finding`` fields (``path`` excluded) with values of the declared kinds.  Pass it as
    ``validate`` to :meth:`Cache.get_json`.  It runs on every cached file of a warm re-run, so
    the per-field checks are built once (``_entry_checks``)."""
    if not isinstance(value, dict) or not {"location_unit", "findings"} <= set(value) <= {
            "location_unit", "findings", "suppressed", "accepted"}:
        return False
    if value["location_unit"] not in ("line", "paragraph"):
        return False
    lists = (value["findings"], value.get("suppressed", []), value.get("accepted", []))
    if not all(isinstance(items, list) for items in lists):
        return False
    for item in value.get("suppressed", []):  # {"finding": {...}, "kind": str, "reason": str}
        if not isinstance(item, dict) or set(item) != {"finding", "kind", "reason"} \
                or not isinstance(item["kind"], str) or not isinstance(item["reason"], str):
            return False
    findings = [*value["findings"], *(item["finding"] for item in value.get("suppressed", []))]
    return (all(_finding_entry_is_valid(entry, "finding") for entry in findings)
            and all(_finding_entry_is_valid(entry, "accepted")
                    for entry in value.get("accepted", [])))


def _finding_entry_is_valid(entry: Any, kind: str) -> bool:
    from linter.rules.model import SEVERITIES

    checks, required = _entry_checks(kind)
    if type(entry) is not dict or not required <= entry.keys():
        return False
    for name, item in entry.items():
        check = checks.get(name)
        if check is None or not check(item):
            return False
    return entry["severity"] in SEVERITIES


@lru_cache(maxsize=2)
def _entry_checks(kind: str) -> tuple[dict[str, Callable[[Any], bool]], frozenset[str]]:
    """Per field of ``Finding`` (or ``AcceptedFinding``), the check of its declared kind, and
    the fields without a default."""
    import dataclasses

    from linter.findings.model import Finding
    from linter.profiles.accept import AcceptedFinding

    declared = dataclasses.fields(Finding if kind == "finding" else AcceptedFinding)
    checks = {f.name: _check_for(str(f.type)) for f in declared if f.name != "path"}
    required = frozenset(f.name for f in declared if f.name != "path"
                         and f.default is dataclasses.MISSING
                         and f.default_factory is dataclasses.MISSING)
    return checks, required


def _is_str(item: Any) -> bool:
    return type(item) is str


def _is_int(item: Any) -> bool:
    return type(item) is int  # not bool: type(True) is bool


def _check_for(annotation: str) -> Callable[[Any], bool]:
    if annotation == "str":
        return _is_str
    if annotation == "int":
        return _is_int
    if annotation.startswith("list[list[int]]"):
        return lambda item: type(item) is list and all(
            type(s) is list and all(type(n) is int for n in s) for s in item)
    if annotation.startswith("list[str]"):
        return lambda item: type(item) is list and all(type(s) is str for s in item)
    if annotation.startswith("list[dict"):
        return lambda item: type(item) is list and all(
            type(d) is dict and all(type(k) is str and type(v) is str for k, v in d.items())
            for d in item)
    return lambda item: False  # a field of a kind this check does not know: refuse it
