"""Files in, per-file results out: discovery, reading, linting, and one-line input errors."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from linter.engine import Engine
from linter.reading.errors import InputError
from linter.reading.registry import LINTABLE_SUFFIXES, read_bytes, read_path
from linter.reporting.results import FileResult

_SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
STDIN = "-"


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Files to lint: explicit files as given, folders walked for drafts in known formats."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith(".")]
                found.extend(Path(root) / name for name in files
                             if Path(name).suffix.lower() in LINTABLE_SUFFIXES)
            yield from (str(p) for p in sorted(found))
        else:
            yield raw


def lint_file(engine: Engine, path: str, *, encoding: str | None = None,
              stdin_filename: str | None = None) -> FileResult:
    try:
        if path == STDIN:
            shown = stdin_filename or STDIN
            document = read_bytes(shown, sys.stdin.buffer.read(), encoding=encoding)
        else:
            document = read_path(path, encoding=encoding)
    except InputError as exc:
        return FileResult(path=exc.path, error=exc.message)
    findings = engine.lint(document)
    return FileResult(path=document.path, findings=findings,
                      location_unit=document.location_unit)
