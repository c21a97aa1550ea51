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

    def get_json(self, kind: str, key: str) -> Any | None:
        """The JSON value stored under ``key``, or None on a miss (a missing, truncated or
        non-JSON entry); readers check the shape of what they get."""
        if not self.enabled:
            return None
        raw = self._read(self._path(kind, key, ".json"))
        if raw is None:
            return None
        try:
            value = json.loads(raw.decode("utf-8"))
        except (ValueError, RecursionError):  # a stale, truncated or foreign entry is rebuilt
            return None
        return value

    def put_json(self, kind: str, key: str, value: Any) -> None:
        """Store a JSON-serialisable value (atomically)."""
        if self.enabled:
            data = json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
            self._write(self._path(kind, key, ".json"), data)

    def put_sealed(self, kind: str, key: str, value: Any) -> None:
        """Store a JSON value with the SHA-256 of its bytes (see :meth:`get_sealed`)."""
        if self.enabled:
            body = json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
            self._write(self._path(kind, key, ".json"), _seal(body) + body + b"}")

    def get_sealed(self, kind: str, key: str) -> Any | None:
        """A value stored by :meth:`put_sealed`, only if it comes back byte for byte: a
        truncated, edited or foreign entry is a miss.  The key of every sealed entry includes
        medlint's code (``environment_fingerprint``), so an intact entry has the shape this
        code writes, and readers (rule sets, prefilters, results) skip checking every item's
        shape, which costs more than the parse.  The entry is one JSON object,
        ``{"sealed": "<SHA-256 of the value's bytes>", "value": <value>}``, read with one hash
        and one parse of the value's bytes."""
        if not self.enabled:
            return None
        raw = self._read(self._path(kind, key, ".json"))
        if raw is None or not raw.endswith(b"}"):
            return None
        body = raw[_SEALED_HEAD:-1]
        if raw[:_SEALED_HEAD] != _seal(body):
            return None
        try:
            return json.loads(body.decode("utf-8"))
        except (ValueError, RecursionError):
            return None


def _seal(body: bytes) -> bytes:
    return b'{"sealed": "' + hashlib.sha256(body).hexdigest().encode("ascii") + b'", "value": '


_SEALED_HEAD = len(_seal(b""))
