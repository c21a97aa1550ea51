"""Issue 14: the cache holds data only (JSON), validates what it reads, and a planted or
malformed entry is a miss, never code that runs and never a traceback."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys

from conftest import REPO

from linter.cache import Cache
from linter.engine import CompiledRules
from linter.matching.prefilter import Prefilter

CLEAN = "当院は梅田駅から徒歩5分です。\n\nWe are open from 10 am.\n"
CLAIM = "当院のNMN点滴で不眠症が治ります。\n\nOur drip cures insomnia.\n"


class _Planted:
    """Unpickling this creates a file: proof that a pickle from the cache ran code."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _run(cache, *paths):
    env = {**os.environ, "MEDLINT_CACHE_DIR": str(cache), "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "linter", "check", "--format", "json",
                           *map(str, paths)], capture_output=True, text=True, env=env,
                          timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    report.pop("audit")  # records the time of the run
    return done.returncode, report


def test_a_pickle_planted_in_the_prefilter_cache_never_runs(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(CLAIM, encoding="utf-8")
    cache = tmp_path / "cache"
    first = _run(cache, page)
    entries = [p for p in (cache / "prefilter").rglob("*") if p.is_file()]
    assert entries, "the prefilter was cached"
    marker = tmp_path / "pwned"
    planted = pickle.dumps(_Planted(str(marker)))
    for entry in entries:
        entry.write_bytes(planted)  # whatever the entry's format, it now holds a pickle
        entry.with_suffix(".pickle").write_bytes(planted)
    for path in (cache / "results").rglob("*.json"):
        path.unlink()  # so the second run needs the prefilter again
    assert _run(cache, page) == first
    assert not marker.exists(), "a pickle from the cache was loaded"


def test_prefilter_entries_are_json_and_round_trip(tmp_path, ruleset):
    cache = Cache(tmp_path)
    built = CompiledRules(ruleset, cache=cache).prefilter("ja")
    entries = list((tmp_path / "prefilter").rglob("*"))
    files = [p for p in entries if p.is_file()]
    assert files and all(p.suffix == ".json" for p in files)
    json.loads(files[0].read_text(encoding="utf-8"))
    loaded = CompiledRules(ruleset, cache=cache).prefilter("ja")
    for text in ("NMN点滴で不眠症が治ります。", "梅田駅から徒歩5分です。", "副作用がありません。"):
        assert loaded.candidates("ja", text) == built.candidates("ja", text)


def test_a_wrong_shaped_prefilter_entry_is_a_miss(tmp_path, ruleset):
    cache = Cache(tmp_path)
    reference = CompiledRules(ruleset, cache=cache).prefilter("ja")
    text = "NMN点滴で不眠症が治ります。"
    expected = reference.candidates("ja", text)
    assert expected
    bad_shapes = [
        [], {"format": "medlint-prefilter-1"}, {"format": "x", "words": []},
        {"format": "medlint-prefilter-1", "words": [["治", True, True, [[999, 0, 0, 0]]]],
         "needed": [1], "sizes": [[0, 0, 0, 1]], "names": ["K"], "always": []},
        {"format": "medlint-prefilter-1", "words": "x", "needed": [], "sizes": [],
         "names": [], "always": []},
    ]
    for bad in bad_shapes:
        for entry in (tmp_path / "prefilter").rglob("*.json"):
            entry.write_text(json.dumps(bad), encoding="utf-8")
        assert CompiledRules(ruleset, cache=cache).prefilter("ja").candidates(
            "ja", text) == expected


def test_prefilter_load_refuses_other_shapes():
    from linter.matching.prefilter import _EXPORT_FORMAT as CURRENT

    # one pattern of two items: a word (治) and a lexicon (its unit, number 1, finds 病)
    good = {"format": CURRENT, "needed": [2, 1], "sizes": [],
            "words": [["治", True, True, [0, 0, 0, 0]], ["病", True, True, [1, 0, 0, 0]]],
            "names": ["R\x1fmatch\x1f0\x1f"], "always": [], "sentinels": [0, 0],
            "units": [[0, 1]]}
    Prefilter().load("ja", good)  # the shape the bad ones below break
    for bad in (None, (1, 2, 3, 4, 5), {"format": "medlint-prefilter-1", "words": [[1]]},
                {**good, "words": [["治", True, True, [999, 0, 0, 0]]]},  # no such pattern
                {**good, "words": [["治", True, True, [0, 0, 0]]]},  # not (p, i, a, t)
                {**good, "words": [["治", True, True, [[0, 0, 0, 0]]]]},  # nested (format 3)
                {**good, "sizes": [0, 0, 0]},
                {**good, "sizes": [0, 0, 0, 1]},  # only alternatives of 2+ tokens are listed
                {**good, "sizes": [0, 0, 0, 2],  # token 2 of an alternative of two
                 "words": [["治", True, True, [0, 0, 0, 2]]]},
                {**good, "sentinels": []}, {k: v for k, v in good.items() if k != "sentinels"},
                {**good, "units": [[5, 0]]},  # a unit naming no such pattern
                {**good, "units": [[0, 2]]},  # nor such an item
                {**good, "units": [[0]]},  # not (p, i)
                {**good, "units": [[0, 1], [0, 1]]},  # two units, one unit number
                {**good, "needed": [2, 2]},  # a unit is one item
                {k: v for k, v in good.items() if k != "units"}):
        try:
            Prefilter().load("ja", bad)
        except (ValueError, TypeError):
            continue
        raise AssertionError(f"accepted {bad!r}")
def test_get_json_treats_anything_unexpected_as_a_miss(tmp_path):
    cache = Cache(tmp_path)
    cache.put_json("validated", "ab" * 32, {"ok": True})
    assert cache.get_json("validated", "ab" * 32) == {"ok": True}
    path = tmp_path / "validated" / "ab" / ("ab" * 31 + ".json")
    path.write_bytes(b"\xff\xfe not utf-8")
    assert cache.get_json("validated", "ab" * 32) is None
    path.write_bytes(b"[" * 100000)  # nesting that would exhaust the recursion limit
    assert cache.get_json("validated", "ab" * 32) is None


def test_an_edited_results_entry_is_a_miss_and_the_file_is_linted_again(tmp_path):
    """Results are sealed (read without a shape check of every finding): an entry that does not
    come back byte for byte, of any shape, is a miss, never a traceback or a wrong report.
    One page per edit, all checked by two runs (a run per edit was the slowest test here)."""
    def one_finding(**changed):
        return lambda finding: {"location_unit": "line", "findings": [{**finding, **changed}]}

    edits = [
        lambda _: [], lambda _: {"location_unit": "line"},
        lambda _: {"location_unit": "page", "findings": []},
        lambda _: {"location_unit": "line", "findings": 5},
        one_finding(line="3"), one_finding(severity="fatal"), one_finding(evil=1),
        lambda _: {"location_unit": "line", "findings": []},  # a report with the claim taken out
        None,  # truncated
    ]
    pages = []
    for n in range(len(edits)):
        page = tmp_path / f"page{n}.md"
        page.write_text(f"{CLAIM}\nPage {n}.\n", encoding="utf-8")
        pages.append(page)
    cache = tmp_path / "cache"
    first = _run(cache, *pages)
    entries = sorted((cache / "results").rglob("*.json"))
    assert len(entries) == len(pages)
    originals = {}
    for entry, edit in zip(entries, edits, strict=True):
        good = json.loads(entry.read_text(encoding="utf-8"))
        assert set(good) == {"sealed", "value"} and good["value"]["findings"]
        originals[entry] = good["value"]
        if edit is None:
            entry.write_bytes(entry.read_bytes()[:-7])
            continue
        value = edit(good["value"]["findings"][0])
        entry.write_text(json.dumps({"sealed": good["sealed"], "value": value},
                                    ensure_ascii=False), encoding="utf-8")
    assert _run(cache, *pages) == first
    for n, entry in enumerate(entries):  # each page was linted again and its entry written anew
        assert json.loads(entry.read_text(encoding="utf-8"))["value"] == originals[entry], n


def test_cache_entries_are_json_files(tmp_path):
    cache = Cache(tmp_path)
    cache.put_json("prefilter", "cd" * 32, {"a": [1, 2]})
    stored = list((tmp_path / "prefilter").rglob("*"))
    assert [p.suffix for p in stored if p.is_file()] == [".json"]
    assert cache.get_json("prefilter", "cd" * 32) == {"a": [1, 2]}


def test_a_sealed_entry_comes_back_only_intact(tmp_path):
    cache = Cache(tmp_path)
    value = {"words": [["治る", True, False, [[0, 0, 0, 0]]]], "n": 1}
    cache.put_sealed("prefilter", "cd" * 32, value)
    assert cache.get_sealed("prefilter", "cd" * 32) == value
    path = tmp_path / "prefilter" / "cd" / ("cd" * 31 + ".json")
    entry = json.loads(path.read_text(encoding="utf-8"))
    assert entry["value"] == value  # the entry is plain JSON data
    path.write_text(path.read_text(encoding="utf-8").replace("[0, 0, 0, 0]", "[0, 0, 0, 9]"),
                    encoding="utf-8")
    assert cache.get_sealed("prefilter", "cd" * 32) is None
    path.write_text(json.dumps(value), encoding="utf-8")  # plain JSON of the right shape
    assert cache.get_sealed("prefilter", "cd" * 32) is None
    assert cache.get_json("prefilter", "cd" * 32) == value
    path.write_text(json.dumps({**entry, "value": value}, indent=1), encoding="utf-8")
    assert cache.get_sealed("prefilter", "cd" * 32) is None  # same value, other bytes
