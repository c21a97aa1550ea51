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
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
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
        h.update(part.encode() if isinstance(part, str) else part)
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

    def _get(self, kind: str, key: str, suffix: str, decode) -> Any | None:
        if not self.enabled:
            return None
        raw = self._read(self._path(kind, key, suffix))
        if raw is None:
            return None
        try:
            return decode(raw)
        except Exception:  # a stale, truncated or foreign entry is simply rebuilt
            return None

    def _put(self, kind: str, key: str, suffix: str, data: bytes) -> None:
        if self.enabled:
            self._write(self._path(kind, key, suffix), data)

    def get_json(self, kind: str, key: str) -> Any | None:
        return self._get(kind, key, ".json", json.loads)

    def put_json(self, kind: str, key: str, value: Any) -> None:
        self._put(kind, key, ".json", json.dumps(value, ensure_ascii=False).encode())

    def get_pickle(self, kind: str, key: str) -> Any | None:
        # only ever read from medlint's own cache folder, written by this code
        return self._get(kind, key, ".pickle", pickle.loads)

    def put_pickle(self, kind: str, key: str, value: Any) -> None:
        self._put(kind, key, ".pickle", pickle.dumps(value))
