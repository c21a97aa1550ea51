"""Files in, per-file results out: which files a run lints, and spreading them over processes.

Linting itself is ``linter.api.Linter``; this module only decides the files and
the processes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from linter.reading.registry import LINTABLE_SUFFIXES

if TYPE_CHECKING:
    from linter.api import Linter
    from linter.reporting.results import LintResult

_SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
STDIN = "-"


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Files to lint: explicit files as given, folders walked for drafts in known formats
    (skipping what ``.gitignore`` ignores)."""
    from linter.reading.ignore_files import GitIgnores

    ignores = GitIgnores()
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith(".")
                           and not ignores.ignored(Path(root) / d, is_dir=True)]
                found.extend(Path(root) / name for name in files
                             if Path(name).suffix.lower() in LINTABLE_SUFFIXES
                             and not ignores.ignored(Path(root) / name))
            yield from (str(p) for p in sorted(found))
        else:
            yield raw


# -- several processes ---------------------------------------------------------------------------
_WORKER: Linter | None = None


def _init_worker(linter: Linter) -> None:
    global _WORKER
    _WORKER = linter  # unpickled from its settings; rules and models load on first use


def _lint_task(path: str) -> LintResult:
    assert _WORKER is not None
    return _WORKER._lint_file(path)


def lint_all(linter: Linter, paths: list[str], jobs: int = 1) -> list[LintResult]:
    """Lint every path (chain steps 1-6; the caller applies the baseline); with jobs > 1 files
    are spread over processes and the results come back in the input order, so the report is
    identical."""
    if jobs <= 1 or len(paths) < 2:
        return [linter._lint_file(path) for path in paths]
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    results: dict[int, LintResult] = {}
    parallel = [(i, p) for i, p in enumerate(paths) if p != STDIN]
    for i, path in enumerate(paths):
        if path == STDIN:  # only this process can read standard input
            results[i] = linter._lint_file(path)
    workers = min(jobs, len(parallel))
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                             initializer=_init_worker, initargs=(linter,)) as pool:
        for (i, _path), result in zip(parallel, pool.map(_lint_task, [p for _, p in parallel]),
                                      strict=True):
            results[i] = result
    return [results[i] for i in range(len(paths))]
