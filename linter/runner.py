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
# Below this much input, one process finishes before a pool has started: no pool.
MIN_PARALLEL_BYTES = 256 * 1024


def _init_worker(linter: Linter | None) -> None:
    global _WORKER
    if linter is not None:  # spawned: unpickled from its settings; rules load on first use
        _WORKER = linter


def _lint_task(path: str) -> LintResult:
    assert _WORKER is not None
    return _WORKER._lint_file(path)


def _input_size(paths: list[str]) -> int:
    total = 0
    for path in paths:
        try:
            total += os.stat(path).st_size if path != STDIN else 0
        except OSError:
            continue
    return total


def lint_all(linter: Linter, paths: list[str], jobs: int = 1) -> list[LintResult]:
    """Lint every path (chain steps 1-6; the caller applies the baseline), in input order.

    With ``jobs > 1`` and enough input to be worth it, the first file is linted here (which
    loads the rules, matchers and the models it needs), then the others are spread over
    worker processes forked from this one, so they start with everything loaded and share
    its memory; where fork is not available, workers are spawned and rebuild the linter from
    its settings.  The report is identical to a single process's."""
    if jobs <= 1 or len(paths) < 2 or _input_size(paths) < MIN_PARALLEL_BYTES:
        return [linter._lint_file(path) for path in paths]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER
    results: dict[int, LintResult] = {}
    # standard input can only be read here; the first file warms this process up
    for i in sorted({0} | {i for i, p in enumerate(paths) if p == STDIN}):
        results[i] = linter._lint_file(paths[i])
    parallel = [(i, p) for i, p in enumerate(paths) if i not in results]
    if not parallel:
        return [results[i] for i in range(len(paths))]
    fork = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if fork else "spawn")
    _WORKER = linter if fork else None
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(parallel)), mp_context=context,
                                 initializer=_init_worker,
                                 initargs=(None if fork else linter,)) as pool:
            chunk = max(1, len(parallel) // (jobs * 4))
            for (i, _path), result in zip(parallel, pool.map(_lint_task,
                                                             [p for _, p in parallel],
                                                             chunksize=chunk), strict=True):
                results[i] = result
    finally:
        _WORKER = None
    return [results[i] for i in range(len(paths))]
