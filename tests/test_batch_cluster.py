"""medlint batch on a real Dask LocalCluster (2 worker processes, one thread each).

One cluster serves the module (GiNZA loads once per worker process); every test closes
what it starts.  Expected findings come from ``lint_text`` in this process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from linter import lint_text
from linter.batch.runner import BatchOptions, dask_client, parts_dir, run_batch, summary_path
from linter.batch.worker import LinterSpec, built_count
from linter.config.settings import Settings

pytestmark = [pytest.mark.slow, pytest.mark.heavy]
CORPUS = Path(__file__).parent / "corpus"
SPEC = LinterSpec(settings=Settings())
BAD = {
    "bad-binary": {"text": "\x00\x01\x02\x7f\x03binary\x04\x05\x06"},
    "bad-empty": {"text": ""},
    "bad-huge": {"text": "このサプリで便秘が治ります。" * 120_000},  # 5 MB
}


def corpus_records(count: int = 300) -> list[dict]:
    texts = []
    for name in ("ja.jsonl", "en.jsonl"):
        with (CORPUS / name).open(encoding="utf-8") as handle:
            texts.append([json.loads(line) for line in handle if line.strip()])
    ja, en = texts
    records = []
    for i in range(count):
        source = (ja if i % 2 == 0 else en)[i // 2]
        record = {"id": f"r{i:04d}", "text": source["text"], "url": f"https://ads.example/{i}"}
        if i % 3 == 0:
            record["lang"] = source["lang"]
        if i % 5 == 0:
            record["profile"] = "supplement"
        records.append(record)
    return records


@pytest.fixture(scope="module")
def records() -> list[dict]:
    good = corpus_records()
    # the bad records sit between good ones: the run must go on after each of them
    for offset, (key, value) in zip((40, 150, 260), BAD.items(), strict=True):
        good.insert(offset, {"id": key, **value})
    return good


@pytest.fixture(scope="module")
def expected(records) -> dict:
    """Per good record, the findings lint_text gives in this process."""
    return {r["id"]: [f.to_dict() for f in lint_text(r["text"], lang=r.get("lang", "auto"),
                                                      profile=r.get("profile")).findings]
            for r in records if r["id"] not in BAD}


@pytest.fixture(scope="module")
def client():
    with dask_client("local", workers=2) as client:
        yield client


@pytest.fixture
def source(tmp_path, records) -> Path:
    path = tmp_path / "records.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def read_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def check_output(lines: list[dict], records: list[dict], expected: dict) -> None:
    assert [line["id"] for line in lines] == [r["id"] for r in records]  # once, in order
    for line in lines:
        if line["id"] in BAD:
            assert line["status"].startswith("error: ") and line["findings"] == []
        else:
            assert line["status"] == "ok", line
            assert line["findings"] == expected[line["id"]], line["id"]


def test_two_workers_give_lint_texts_findings_per_record(client, source, records, expected,
                                                         tmp_path):
    out = tmp_path / "out.jsonl"
    summary = run_batch([source], SPEC, client,
                        BatchOptions(output=out, partition_size=40, window=4))
    lines = read_lines(out)
    check_output(lines, records, expected)
    assert sum(1 for f in expected.values() if f) > 150  # the corpus is mostly claims
    statuses = {line["id"]: line["status"] for line in lines if line["id"] in BAD}
    assert statuses == {"bad-binary": "error: binary data, not text",
                        "bad-empty": "error: empty text, nothing to lint",
                        "bad-huge": "error: text is 5,040,000 bytes, over the limit of "
                                    "1,048,576 (--max-bytes)"}
    assert lines[1]["url"] == records[1]["url"] and lines[0]["lang"] == records[0]["lang"]
    # one Linter per worker process, never one per record or partition
    built = client.run(built_count)
    assert len(built) == 2 and set(built.values()) == {1}
    assert summary["records"] == len(records) == 303 and summary["errors"] == 3
    assert summary["findings"] == sum(len(f) for f in expected.values())
    assert sum(summary["by_category"].values()) == summary["findings"]
    assert json.loads(summary_path(out).read_text(encoding="utf-8")) == summary
    assert not parts_dir(out).exists()


def test_a_killed_worker_is_replaced_and_every_record_appears_once(client, source, records,
                                                                   expected, tmp_path):
    pids = client.run(os.getpid)
    killed = []

    def kill_one(index, stats):
        if not killed:  # partitions are still in flight on both workers
            victim = sorted(pids.values())[0]
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    out = tmp_path / "out.jsonl"
    summary = run_batch([source], SPEC, client,
                        BatchOptions(output=out, partition_size=15, window=4),
                        on_partition=kill_one)
    assert killed
    check_output(read_lines(out), records, expected)
    assert summary["records"] == len(records)
    client.wait_for_workers(2, timeout=60)
    assert killed[0] not in client.run(os.getpid).values()  # the nanny started a new one


def test_an_interrupted_run_resumes_to_the_same_output(client, source, records, expected,
                                                       tmp_path):
    reference = tmp_path / "reference.jsonl"
    run_batch([source], SPEC, client, BatchOptions(output=reference, partition_size=30))

    out = tmp_path / "out.jsonl"
    options = BatchOptions(output=out, partition_size=30, window=2)

    def interrupt(index, stats):
        if len(list(parts_dir(out).glob("part-*.jsonl"))) >= 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([source], SPEC, client, options, on_partition=interrupt)
    assert not out.exists()
    kept = {p.name for p in parts_dir(out).glob("part-*.jsonl")}
    assert len(kept) >= 3

    relinted = []
    options.resume = True
    summary = run_batch([source], SPEC, client, options,
                        on_partition=lambda index, stats: relinted.append(index))
    assert summary["partitions_resumed"] == len(kept)
    assert not {f"part-{i:08d}.jsonl" for i in relinted} & kept  # kept ones never re-run
    assert summary["records"] == len(records)
    assert summary["records_linted_this_run"] < len(records)
    assert out.read_bytes() == reference.read_bytes()
    check_output(read_lines(out), records, expected)


def test_cli_folder_paths_and_records_to_parquet_quietly_when_not_a_terminal(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.md").write_text("# 当院\n\nこのサプリで便秘が治ります。\n", encoding="utf-8")
    (folder / "b.txt").write_text("Our clinic is open on weekdays.\n", encoding="utf-8")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{folder / 'b.txt'}\n{tmp_path / 'gone.txt'}\n", encoding="utf-8")
    source = tmp_path / "records.jsonl"
    source.write_text(json.dumps({"id": "t1", "text": "Our drip cures insomnia.",
                                  "campaign": "c9"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    command = [sys.executable, "-m", "linter", "batch", str(folder), str(listing), str(source),
               "-o", str(out), "--format", "parquet", "--workers", "1"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    # stderr is a pipe, not a terminal: no progress bar, only the one-line summary
    assert done.stderr.startswith("medlint batch: {") and done.stderr.count("\n") == 1
    rows = pq.read_table(out).to_pylist()
    assert [r["id"] for r in rows] == [str(folder / "a.md"), str(folder / "b.txt"),
                                       str(folder / "b.txt"), str(tmp_path / "gone.txt"), "t1"]
    assert [r["status"] for r in rows] == ["ok", "ok", "ok", "error: no such file", "ok"]
    assert "JA-DISEASE-TREAT" in rows[0]["rule_ids"] and rows[1]["rule_ids"] == []
    assert "EN-DISEASE-TREAT" in rows[4]["rule_ids"]
    assert json.loads(rows[4]["fields"]) == {"campaign": "c9"}
    summary = json.loads(summary_path(out).read_text(encoding="utf-8"))
    assert summary["records"] == 5 and summary["errors"] == 1 and summary["format"] == "parquet"

    quiet = subprocess.run([sys.executable, "-m", "linter", "batch", str(source), "-o",
                            str(tmp_path / "quiet.jsonl"), "--workers", "1", "--quiet"],
                           capture_output=True, text=True, env=env, timeout=180)
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert json.loads((tmp_path / "quiet.jsonl").read_text(encoding="utf-8"))["id"] == "t1"


def test_cli_refuses_to_overwrite_an_input(tmp_path):
    source = tmp_path / "records.jsonl"
    source.write_text('{"id": 1, "text": "x"}\n', encoding="utf-8")
    from click.testing import CliRunner

    from linter.cli import main

    result = CliRunner().invoke(main, ["batch", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert "refusing to overwrite an input" in result.output
    assert source.read_text(encoding="utf-8") == '{"id": 1, "text": "x"}\n'
