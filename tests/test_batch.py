"""medlint batch without a cluster: reading records, partitions, one record's line, parts,
Parquet.  The Dask runs themselves are in test_batch_cluster.py."""

from __future__ import annotations

import json
import pickle

import pytest

from linter.batch.records import BatchInputError, iter_records, partitions
from linter.batch.runner import BatchOptions, _manifest, _prepare_parts
from linter.batch.worker import LinterSpec, lint_partition, lint_record
from linter.config.settings import Settings

BLOB = pickle.dumps(LinterSpec(settings=Settings()))


def write_jsonl(path, records, raw_lines=()):
    with path.open("wb") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        for line in raw_lines:
            handle.write(line + b"\n")
    return path


def test_jsonl_records_keep_fields_and_unreadable_lines_keep_their_place(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": 7, "text": "a", "url": "u"},
                                               {"text": "no id"}],
                       raw_lines=[b"{not json", b"\xff\xfe{}", b"[1, 2]", b""])
    records = list(iter_records([path]))
    assert records[0] == {"id": 7, "text": "a", "url": "u"}
    assert records[1]["id"] == f"{path}:2"  # a record without id is named by its line
    assert [r["id"] for r in records[2:]] == [f"{path}:3", f"{path}:4", f"{path}:5"]
    assert "not JSON" in records[2]["_error"]
    assert "not UTF-8" in records[3]["_error"]
    assert "not a JSON object" in records[4]["_error"]
    assert len(records) == 5  # the blank line is no record


def test_a_record_cannot_forge_a_reader_error(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": "x", "_error": "forged"}])
    assert "_error" not in next(iter_records([path]))


def test_folders_and_files_of_paths(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "b.md").write_text("b", encoding="utf-8")
    (folder / "a.txt").write_text("a", encoding="utf-8")
    (folder / "skip.png").write_bytes(b"\x89PNG")
    listing = tmp_path / "list.txt"
    listing.write_text(f"# drafts\n{folder / 'b.md'}\n\n/nowhere.txt\n", encoding="utf-8")
    ids = [r["id"] for r in iter_records([folder, listing])]
    assert ids == [str(folder / "a.txt"), str(folder / "b.md"), str(folder / "b.md"),
                   "/nowhere.txt"]
    with pytest.raises(BatchInputError, match="no such file"):
        list(iter_records([tmp_path / "missing.jsonl"]))


def test_partitions_are_deterministic_and_cut_by_count_and_bytes():
    records = [{"id": i, "text": "x" * (10 if i != 5 else 5000)} for i in range(12)]
    cut = [(i, [r["id"] for r in part]) for i, part in partitions(records, 4, 4000)]
    # the 5,000-character record fills its partition by bytes
    assert cut == [(0, [0, 1, 2, 3]), (1, [4, 5]), (2, [6, 7, 8, 9]), (3, [10, 11])]
    assert cut == [(i, [r["id"] for r in part]) for i, part in partitions(records, 4, 4000)]


@pytest.mark.parametrize(("record", "status"), [
    ({"id": "bin", "text": "\x00\x01\x02\x03garbage\x04\x05"}, "error: binary data, not text"),
    ({"id": "ctl", "text": "".join(chr(c) for c in range(1, 9)) * 50 + "ok"},
     "error: binary data, not text"),
    ({"id": "empty", "text": ""}, "error: empty text, nothing to lint"),
    ({"id": "blank", "text": " \n\t"}, "error: empty text, nothing to lint"),
    ({"id": "big", "text": "効く" * 900_000},
     "error: text is 5,400,000 bytes, over the limit of 1,048,576 (--max-bytes)"),
    ({"id": "surrogate", "text": "ab\udcffc"},
     "error: text is not valid Unicode (lone surrogate at character 2)"),
    ({"id": "num", "text": 12}, "error: 'text' is a JSON int, not a string"),
    ({"id": "none"}, "error: record has neither a 'text' string nor a 'path' string"),
    ({"id": "lang", "text": "x", "lang": "fr"}, "error: unknown lang 'fr' (use auto, ja, en)"),
    ({"id": "missing", "path": "/no/such/draft.txt"}, "error: no such file"),
])
def test_each_bad_record_gets_its_own_status(record, status):
    line, findings = lint_record(BLOB, record)
    assert line["id"] == record["id"]
    assert line["status"] == status
    assert line["findings"] == [] and findings == []
    assert "text" not in line  # the text is never copied to the output


def test_a_partition_with_bad_records_goes_on_and_counts_them():
    records = [{"id": "a", "text": ""}, {"id": "b", "text": "\x00" * 10},
               {"id": "c", "text": "あ" * 2_000_000},
               {"id": "d", "text": "NMN点滴で不眠症が治ります。", "url": "https://x.example/1",
                "advertiser": {"name": "A"}, "status": "forged"}]
    text, stats = lint_partition(records, BLOB)
    lines = [json.loads(line) for line in text.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "c", "d"]
    assert [line["status"].split(":")[0] for line in lines] == ["error", "error", "error", "ok"]
    last = lines[-1]
    assert last["url"] == "https://x.example/1" and last["advertiser"] == {"name": "A"}
    assert "JA-DISEASE-TREAT" in {f["rule_id"] for f in last["findings"]}
    assert stats["records"] == 4 and stats["errors"] == 3 and stats["ok"] == 1
    assert stats["findings"] == len(last["findings"]) == sum(stats["by_severity"].values())


def test_record_lang_profile_and_format_reach_lint_text():
    from linter.api import Linter

    linter = Linter()
    html = "<html><body><p>NMN点滴で不眠症が治ります。</p></body></html>"
    line, _ = lint_record(BLOB, {"id": 1, "text": html, "format": "html", "profile": "clinic"})
    expected = linter.lint_text(html, path="<text>.html", profile="clinic")
    assert line["findings"] == [f.to_dict() for f in expected.findings]
    assert line["format"] == "html" and line["profile"] == "clinic"


def test_path_records_are_linted_by_lint_file(tmp_path):
    from linter.api import Linter

    draft = tmp_path / "draft.md"
    draft.write_text("# 当院\n\nこのサプリで便秘が治ります。\n", encoding="utf-8")
    line, _ = lint_record(BLOB, {"id": "x", "path": str(draft)})
    assert line["status"] == "ok" and line["path"] == str(draft)
    assert line["findings"] == [f.to_dict() for f in Linter().lint_file(draft).findings]
    assert line["findings"]


def test_resume_refuses_parts_of_another_run(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": "x"}])
    options = BatchOptions(output=tmp_path / "out.jsonl")
    folder = tmp_path / "out.jsonl.parts"
    assert _prepare_parts(folder, _manifest([source], BLOB, options), resume=False) == set()
    (folder / "part-00000000.json").write_text("{}", encoding="utf-8")
    (folder / "part-00000000.jsonl").write_text("", encoding="utf-8")
    (folder / "part-00000001.json").write_text("{}", encoding="utf-8")  # no .jsonl: unfinished
    assert _prepare_parts(folder, _manifest([source], BLOB, options), resume=True) == {0}
    other = pickle.dumps(LinterSpec(settings=Settings(profile="clinic")))
    with pytest.raises(BatchInputError, match="other inputs, settings"):
        _prepare_parts(folder, _manifest([source], other, options), resume=True)
    write_jsonl(source, [{"id": 1, "text": "changed"}])
    with pytest.raises(BatchInputError):
        _prepare_parts(folder, _manifest([source], BLOB, options), resume=True)


def test_parquet_output_has_one_typed_row_per_record(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from linter.batch.parquet import write_parquet

    part = tmp_path / "part.jsonl"
    text, _ = lint_partition([{"id": 1, "text": "このサプリで便秘が治ります。", "url": "u",
                               "campaign": 9}, {"id": "e", "text": ""}], BLOB)
    part.write_text(text, encoding="utf-8")
    write_parquet([part, part], tmp_path / "out.parquet")
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["id"] for r in rows] == ["1", "e", "1", "e"]
    first = json.loads(text.splitlines()[0])
    assert rows[0]["rule_ids"] == [f["rule_id"] for f in first["findings"]]
    assert rows[0]["finding_count"] == len(first["findings"]) > 0
    assert json.loads(rows[0]["findings"]) == first["findings"]
    assert json.loads(rows[0]["fields"]) == {"campaign": 9} and rows[0]["url"] == "u"
    assert rows[1]["status"] == "error: empty text, nothing to lint"


def test_an_oversized_text_is_its_error_line_before_it_is_shipped():
    from linter.batch.runner import _within_limit

    records = [{"id": 1, "text": "ok"}, {"id": 2, "text": "あ" * 400, "url": "u"},
               {"id": 3, "text": "a" * 300}]
    kept = list(_within_limit(records, max_bytes=1000))
    assert kept[0] == records[0] and kept[2] == records[2]  # 300 bytes: within the limit
    assert kept[1] == {"id": 2, "url": "u",
                       "_error": "text is 1,200 bytes, over the limit of 1,000 (--max-bytes)"}
    line, _ = lint_record(BLOB, kept[1])
    assert line["status"] == "error: text is 1,200 bytes, over the limit of 1,000 (--max-bytes)"


class _Future:
    def __init__(self, client, args):
        self.client, self.args = client, args

    def result(self):
        self.client.in_flight -= 1
        return lint_partition(*self.args)

    def release(self):
        pass

    def cancel(self):
        pass


class _AsCompleted:
    """First in, first out: enough to watch the window without a cluster."""

    def __init__(self):
        self.queue = []

    def add(self, future):
        self.queue.append(future)

    def __next__(self):
        if not self.queue:
            raise StopIteration
        return self.queue.pop(0)

    def __iter__(self):
        return self


class _Client:
    def __init__(self):
        self.in_flight = self.most_in_flight = self.submitted = 0

    def nthreads(self):
        return {"w1": 1, "w2": 1}

    def submit(self, function, *args, **kwargs):
        assert function is lint_partition and kwargs["pure"] is False
        self.in_flight += 1
        self.submitted += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        return _Future(self, args)


def test_the_client_keeps_a_bounded_window_of_partitions_in_flight(tmp_path, monkeypatch):
    import distributed

    from linter.batch.runner import run_batch

    monkeypatch.setattr(distributed, "as_completed", _AsCompleted)
    source = write_jsonl(tmp_path / "in.jsonl",
                         [{"id": i, "text": "" if i % 7 else "x"} for i in range(1000)])
    client = _Client()
    out = tmp_path / "out.jsonl"
    summary = run_batch([source], LinterSpec(settings=Settings()), client,
                        BatchOptions(output=out, partition_size=10))
    assert client.submitted == summary["partitions"] == 100
    assert client.most_in_flight == 4  # 2 per worker thread, however long the input
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == list(range(1000))
