"""The client side of a batch run: stream partitions to Dask, write what comes back.

At most ``window`` partitions are in flight; each finished partition is written at
once to ``OUT.parts/part-NNNNNNNN.jsonl`` (with its counters beside it), so the client
holds neither the input nor the output.  When every partition is there they are
concatenated in input order into ``OUT`` (JSON Lines, or Parquet), the summary goes to
``OUT.summary.json`` and the parts folder is removed.  A run that stops half-way
leaves the parts folder and its manifest: ``resume=True`` skips the partitions in it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.batch.records import (
    ERROR_KEY,
    BatchInputError,
    Record,
    input_kind,
    iter_records,
    partitions,
)
from linter.batch.worker import (
    DEFAULT_MAX_BYTES,
    LinterSpec,
    add_stats,
    empty_stats,
    lint_partition,
    oversize,
)

MANIFEST_VERSION = 1
BatchSummary = dict[str, Any]


@dataclass
class BatchOptions:
    """How a batch run partitions, retries, resumes and writes."""

    output: Path
    format: str = "jsonl"  # or "parquet"
    partition_size: int = 500  # records per Dask task: ~5 s of work, ~1 ms of scheduling
    partition_bytes: int = 4 * 1024 * 1024  # and at most about this much text per task
    max_bytes: int = DEFAULT_MAX_BYTES  # a record's text above this is an error line
    window: int | None = None  # partitions in flight; default 2 per worker thread
    retries: int = 3  # Dask re-runs of a partition whose task failed
    resume: bool = False
    progress: bool = False


def parts_dir(output: Path) -> Path:
    """Where finished partitions of a run writing ``output`` are kept."""
    return output.with_name(output.name + ".parts")


def summary_path(output: Path) -> Path:
    """The summary file written beside ``output``."""
    return output.with_name(output.name + ".summary.json")


def _part(folder: Path, index: int, suffix: str) -> Path:
    return folder / f"part-{index:08d}{suffix}"


def _manifest(inputs: Iterable[str | Path], blob: bytes, options: BatchOptions) -> dict:
    described = []
    for raw in inputs:
        path = Path(raw).resolve()
        stat = path.stat()
        described.append({"path": str(path), "size": stat.st_size,
                          "mtime_ns": stat.st_mtime_ns})
    return {"version": MANIFEST_VERSION, "inputs": described,
            "settings": hashlib.sha256(blob).hexdigest(),
            "partition_size": options.partition_size,
            "partition_bytes": options.partition_bytes, "max_bytes": options.max_bytes}


def _write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


def _prepare_parts(folder: Path, manifest: dict, resume: bool) -> set[int]:
    """The indexes of partitions already finished (when resuming the same run)."""
    stored = folder / "manifest.json"
    if resume and stored.exists():
        try:
            previous = json.loads(stored.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = None
        if previous != manifest:
            raise BatchInputError(
                f"{folder}: its partitions were made from other inputs, settings or "
                "partition sizes; delete it or run without --resume")
        done = set()
        for stats in folder.glob("part-*.json"):
            index = int(stats.stem.split("-")[1])
            if _part(folder, index, ".jsonl").exists():
                done.add(index)
        return done
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    _write_atomic(stored, json.dumps(manifest, indent=2))
    return set()


def count_records(inputs: Iterable[str | Path]) -> int:
    """How many records the inputs hold (a cheap pass: lines, or files found)."""
    total = 0
    for raw in inputs:
        path = Path(raw)
        if input_kind(path) == "folder":
            from linter.reading.discovery import discover

            total += sum(1 for _ in discover([str(path)]))
            continue
        with path.open("rb") as handle:
            total += sum(1 for line in handle
                         if line.strip() and not line.lstrip().startswith(b"#"))
    return total


class _Progress:
    """A rich progress bar with records per second, on stderr; a no-op when off."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self.bar = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("medlint batch"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]} records/s"), TimeElapsedColumn(),
                            TimeRemainingColumn(), console=Console(stderr=True),
                            transient=False)
        self.task = self.bar.add_task("lint", total=total, rate="-")
        self.bar.start()

    def advance(self, records: int, rate: float) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=records, rate=f"{rate:,.1f}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _within_limit(records: Iterable[Record], max_bytes: int) -> Iterator[Record]:
    """Records whose text is over ``max_bytes`` become their error line here, on the
    client, so a multi-MB text is never shipped to a worker."""
    for record in records:
        text = record.get("text")
        if isinstance(text, str) and len(text) * 4 > max_bytes and ERROR_KEY not in record:
            try:
                size = len(text.encode("utf-8"))
            except UnicodeEncodeError:  # the worker says what is wrong with it
                size = 0
            if size > max_bytes:
                record = {key: value for key, value in record.items() if key != "text"}
                record[ERROR_KEY] = oversize(size, max_bytes, "text")
        yield record


def run_batch(inputs: list[str | Path], spec: LinterSpec, client: Any,
              options: BatchOptions,
              on_partition: Callable[[int, dict[str, Any]], None] | None = None
              ) -> BatchSummary:
    """Lint every record of ``inputs`` on the Dask ``client``; write ``options.output``
    and its summary; return the summary.  ``on_partition(index, stats)`` is called on
    the client after each partition is written (progress hooks, tests)."""
    from distributed import as_completed

    output = Path(options.output)
    blob = pickle.dumps(spec)
    folder = parts_dir(output)
    done = _prepare_parts(folder, _manifest(inputs, blob, options), options.resume)

    threads = sum(client.nthreads().values()) or 1
    window = options.window or max(2, 2 * threads)
    total = empty_stats()
    resumed = 0
    partition_count = 0
    linted = 0
    token = uuid.uuid4().hex[:12]
    pending: dict[Any, int] = {}
    completed = as_completed()
    progress = _Progress(options.progress,
                         count_records(inputs) if options.progress else None)
    start = time.perf_counter()

    def finish(future: Any) -> None:
        nonlocal linted
        index = pending.pop(future)
        text, stats = future.result()
        future.release()
        _write_atomic(_part(folder, index, ".json"), json.dumps(stats))
        _write_atomic(_part(folder, index, ".jsonl"), text)  # written last: "finished"
        add_stats(total, stats)
        linted += stats["records"]
        progress.advance(stats["records"], linted / max(time.perf_counter() - start, 1e-9))
        if on_partition is not None:
            on_partition(index, stats)

    try:
        for index, records in partitions(_within_limit(iter_records(inputs), options.max_bytes),
                                         options.partition_size,
                                         options.partition_bytes):
            partition_count = index + 1
            if index in done:
                stats = json.loads(_part(folder, index, ".json").read_text(encoding="utf-8"))
                add_stats(total, stats)
                resumed += 1
                progress.advance(stats["records"], 0.0)
                continue
            future = client.submit(lint_partition, records, blob, options.max_bytes,
                                   key=f"medlint-batch-{token}-{index}", pure=False,
                                   retries=options.retries)
            pending[future] = index
            completed.add(future)
            while len(pending) >= window:
                finish(next(completed))
        for future in completed:
            finish(future)
    except BaseException:
        for future in pending:
            future.cancel()
        raise
    finally:
        progress.close()
    seconds = time.perf_counter() - start

    _concatenate(folder, partition_count, output, options.format)
    summary: BatchSummary = {
        **total,
        "partitions": partition_count,
        "partitions_resumed": resumed,
        "records_linted_this_run": linted,
        "seconds": round(seconds, 3),
        "records_per_second": round(linted / seconds, 2) if seconds > 0 else None,
        "worker_threads": threads,
        "output": str(output),
        "format": options.format,
    }
    _write_atomic(summary_path(output), json.dumps(summary, indent=2, ensure_ascii=False)
                  + "\n")
    shutil.rmtree(folder, ignore_errors=True)
    return summary


def _concatenate(folder: Path, count: int, output: Path, fmt: str) -> None:
    """The parts, in input order, into ``output`` (written whole, then renamed)."""
    tmp = output.with_name(output.name + ".tmp")
    if fmt == "parquet":
        from linter.batch.parquet import write_parquet

        write_parquet((_part(folder, i, ".jsonl") for i in range(count)), tmp)
    else:
        with tmp.open("wb") as out:
            for index in range(count):
                with _part(folder, index, ".jsonl").open("rb") as part:
                    shutil.copyfileobj(part, out)
    os.replace(tmp, output)


@contextlib.contextmanager
def dask_client(scheduler: str = "local", workers: int = 2):
    """A Dask client on a new LocalCluster (``workers`` processes, one thread each), or on
    the existing scheduler at ``tcp://HOST:PORT``; both closed on exit."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler == "local":
        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                          host="127.0.0.1",
                          # the scheduler's HTTP routes on a free loopback port, not 8787
                          dashboard_address="127.0.0.1:0",
                          silence_logs=logging.CRITICAL) as cluster, \
                Client(cluster) as client:
            yield client
    else:
        with Client(scheduler, timeout="30s") as client:
            yield client
