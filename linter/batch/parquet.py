"""``--format parquet``: the batch output as one Parquet file for analytics (pyarrow).

One row per record, in input order.  Columns with a fixed type whatever the input:
``id``, ``status``, ``url``, ``lang``, ``profile``, ``path`` (strings, null when absent),
``finding_count``, ``rule_ids``, ``categories``, ``severities`` (lists, one entry per
finding), ``findings`` (the findings as a JSON array, the same objects as the JSON Lines
output) and ``fields`` (every other passed-through field as a JSON object).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

KNOWN = ("id", "status", "url", "lang", "profile", "path")


def _schema():
    import pyarrow as pa

    strings = pa.list_(pa.string())
    return pa.schema([*[(name, pa.string()) for name in KNOWN],
                      ("finding_count", pa.int32()), ("rule_ids", strings),
                      ("categories", strings), ("severities", strings),
                      ("findings", pa.string()), ("fields", pa.string())])


def _text(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def write_parquet(parts: Iterable[Path], target: Path) -> None:
    """Write the JSON Lines ``parts`` (in order) as one Parquet file, a row group each."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _schema()
    with pq.ParquetWriter(str(target), schema) as writer:
        for part in parts:
            columns: dict[str, list] = {name: [] for name in schema.names}
            with part.open(encoding="utf-8") as handle:
                for raw in handle:
                    line = json.loads(raw)
                    findings = line.pop("findings")
                    for name in KNOWN:
                        columns[name].append(_text(line.pop(name, None)))
                    columns["finding_count"].append(len(findings))
                    columns["rule_ids"].append([f["rule_id"] for f in findings])
                    columns["categories"].append([f["category"] for f in findings])
                    columns["severities"].append([f["severity"] for f in findings])
                    columns["findings"].append(json.dumps(findings, ensure_ascii=False))
                    columns["fields"].append(json.dumps(line, ensure_ascii=False))
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
