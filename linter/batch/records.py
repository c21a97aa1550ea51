"""Reading batch inputs lazily: JSON Lines records, files of paths, folders.

A record is a plain dict, as ad platforms export them: ``{"id": ..., "text": ...}`` or
``{"id": ..., "path": ...}``, optionally ``lang``, ``profile``, ``url`` and any other
fields (passed through to the output).  Nothing here holds more than one partition in
memory, so a 10^7-line input streams through a bounded client.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

Record = dict[str, Any]

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
# a record that could not be read carries its one-line reason here; the worker turns it
# into the record's error line, so it keeps its place in the output order
ERROR_KEY = "_error"


class BatchInputError(Exception):
    """An INPUT that cannot be used at all (missing, unreadable): a usage error, exit 2."""


def input_kind(path: Path) -> str:
    """``folder``, ``jsonl`` (records) or ``paths`` (a file with one path a line)."""
    if path.is_dir():
        return "folder"
    if not path.is_file():
        raise BatchInputError(f"{path}: no such file or folder")
    if path.suffix.lower() in JSONL_SUFFIXES:
        return "jsonl"
    try:
        with path.open("rb") as handle:
            for line in handle:
                stripped = line.strip()
                if stripped:
                    return "jsonl" if stripped.startswith(b"{") else "paths"
    except OSError as exc:
        raise BatchInputError(f"{path}: cannot read ({exc.strerror})") from exc
    return "paths"


def iter_records(inputs: Iterable[str | Path]) -> Iterator[Record]:
    """Every record of every INPUT, in order (folders walked like ``medlint check``)."""
    for raw in inputs:
        path = Path(raw)
        kind = input_kind(path)
        if kind == "folder":
            from linter.reading.discovery import discover

            for found in discover([str(path)]):
                yield {"id": found, "path": found}
        elif kind == "jsonl":
            yield from _jsonl_records(path)
        else:
            yield from _path_records(path)


def _jsonl_records(path: Path) -> Iterator[Record]:
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                value = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield {"id": where, ERROR_KEY: f"line is not UTF-8 (byte {exc.start})"}
                continue
            except json.JSONDecodeError as exc:
                yield {"id": where, ERROR_KEY: f"line is not JSON ({exc.msg} at column "
                                               f"{exc.colno})"}
                continue
            if not isinstance(value, dict):
                yield {"id": where, ERROR_KEY: "line is not a JSON object"}
                continue
            value.setdefault("id", where)
            value.pop(ERROR_KEY, None)  # only the reader sets it
            yield value


def _path_records(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8", errors="surrogateescape") as handle:
        for line in handle:
            entry = line.strip()
            if entry and not entry.startswith("#"):
                yield {"id": entry, "path": entry}


def record_weight(record: Record) -> int:
    """Roughly how many bytes a record adds to a partition's task payload."""
    text = record.get("text")
    return 200 + (len(text) * 3 if isinstance(text, str) else 0)


def partitions(records: Iterable[Record], size: int, max_bytes: int
               ) -> Iterator[tuple[int, list[Record]]]:
    """Numbered partitions of at most ``size`` records and about ``max_bytes`` of text.

    Deterministic for the same input and limits, which is what lets ``--resume`` skip
    the partitions already written."""
    batch: list[Record] = []
    weight = 0
    index = 0
    for record in records:
        batch.append(record)
        weight += record_weight(record)
        if len(batch) >= size or weight >= max_bytes:
            yield index, batch
            index += 1
            batch, weight = [], 0
    if batch:
        yield index, batch
