"""Spreading a run's files over processes.

Linting itself is ``linter.api.Linter``; which files a run lints is
``linter.reading.discovery``; this module only decides the processes.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linter.api import Linter
    from linter.reporting.results import LintResult

STDIN = "-"


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
