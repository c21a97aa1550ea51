"""Results cache, lazy model loading, and --jobs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import REPO

from linter.cli import main
from linter.engine import CompiledRules, Engine
from linter.reading.plaintext import read_text

CLAIM_JA = "当院のNMN点滴で不眠症が治ります。\n"
CLAIM_EN = "Our drip cures insomnia.\n"
CLEAN = "当院は梅田駅から徒歩5分です。\n\nWe are open from 10 am.\n"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("MEDLINT_CACHE_DIR", str(folder))
    return folder


def check(*args):
    result = CliRunner().invoke(main, ["check", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    report.pop("audit")  # the audit trail records the time of the run
    return report


def test_unchanged_file_is_served_from_the_cache(tmp_path, cache_dir, monkeypatch):
    page = tmp_path / "page.md"
    page.write_text(CLAIM_EN, encoding="utf-8")
    first = check(str(page))
    assert list((cache_dir / "results").rglob("*.json"))

    def must_not_lint(*_args, **_kwargs):
        raise AssertionError("the file was linted again")

    monkeypatch.setattr("linter.api.Linter.lint_document", must_not_lint)
    assert check(str(page)) == first
    # a change to the file, to the options or to the rules is a miss
    page.write_text(CLAIM_EN + "\nIt is completely safe.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page)])
    # a changed file is linted again (here: reaches the patched linter, an internal error)
    assert result.exit_code == 3 and "the file was linted again" in result.output


def test_options_and_rule_folders_are_part_of_the_key(tmp_path, cache_dir):
    page = tmp_path / "page.md"
    page.write_text(CLAIM_EN + "\nLimited time offer.\n", encoding="utf-8")
    everything = check(str(page))["summary"]["findings"]
    assert check("--select", "inducement", str(page))["summary"]["findings"] == 1
    assert check(str(page))["summary"]["findings"] == everything
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "r.yaml").write_text(
        "rules:\n  - id: EN-HOUSE-OFFER\n    category: inducement\n    severity: warning\n"
        "    lang: en\n    message: m\n    suggestion: s\n"
        "    references: [{source: House, section: '1'}]\n"
        "    match: [{sequence: [{term: offer}]}]\n"
        "    examples: {flag: [An offer.], pass: [A price.]}\n", encoding="utf-8")
    ids = {f["rule_id"] for f in check("--rules-dir", str(rules), str(page))["files"][0]
           ["findings"]}
    assert "EN-HOUSE-OFFER" in ids


def test_no_cache_neither_reads_nor_writes(tmp_path, cache_dir):
    page = tmp_path / "page.md"
    page.write_text(CLAIM_EN, encoding="utf-8")
    check("--no-cache", str(page))
    assert not (cache_dir / "results").exists()


def test_a_corrupt_cache_entry_is_ignored(tmp_path, cache_dir):
    page = tmp_path / "page.md"
    page.write_text(CLAIM_EN, encoding="utf-8")
    first = check(str(page))
    for entry in (cache_dir / "results").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert check(str(page)) == first


def test_two_processes_sharing_a_cache_agree(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(4):
        (pages / f"p{i}.md").write_text(CLAIM_EN * (i + 1) + CLEAN, encoding="utf-8")
    env = dict(os.environ, MEDLINT_CACHE_DIR=str(tmp_path / "shared-cache"))
    command = [sys.executable, "-m", "linter", "check", "--format", "json", str(pages)]
    processes = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=env) for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert [p.returncode for p in processes] == [1, 1]
    reports = [json.loads(output) for output in outputs]
    for report in reports:
        report.pop("audit")  # records the time of each run
    assert reports[0] == reports[1]
    for entry in (tmp_path / "shared-cache" / "results").rglob("*.json"):
        json.loads(entry.read_text(encoding="utf-8"))  # every entry is complete


@pytest.mark.slow
@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_jobs_give_the_same_report_in_the_same_order(tmp_path, cache_dir, monkeypatch, start):
    import multiprocessing

    import linter.runner

    monkeypatch.setattr(linter.runner, "MIN_PARALLEL_BYTES", 0)  # a pool even for small input
    if start == "spawn":
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    folder = tmp_path / "site"
    folder.mkdir()
    for i in range(6):
        text = (CLAIM_JA if i % 2 else CLAIM_EN) * (i + 1) + CLEAN
        (folder / f"page-{i}.md").write_text(text, encoding="utf-8")
    serial = check("--no-cache", str(folder))
    parallel = check("--no-cache", "--jobs", "2", str(folder))
    assert parallel == serial
    assert [f["path"] for f in parallel["files"]] == sorted(f["path"] for f in serial["files"])


def test_small_inputs_start_no_pool(tmp_path, monkeypatch):
    """A pool costs more than it saves on a few pages: --jobs 2 must never be slower."""
    import concurrent.futures

    def no_pool(*_args, **_kwargs):
        raise AssertionError("a process pool was started for a few small files")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    for i in range(3):
        (tmp_path / f"p{i}.md").write_text(CLAIM_EN, encoding="utf-8")
    assert check("--no-cache", "--jobs", "2", str(tmp_path))["summary"]["files"] == 3


def test_a_clean_file_loads_no_model_and_english_never_loads_ginza(ruleset):
    compiled = CompiledRules(ruleset)
    engine = Engine(ruleset, compiled=compiled)
    assert engine.lint(read_text("clean.md", CLEAN)) == []
    assert compiled.pipelines.loaded() == []
    assert engine.lint(read_text("en.md", CLAIM_EN))
    assert compiled.pipelines.loaded() == ["en"]


def test_first_run_on_a_clean_file_never_imports_spacy(tmp_path):
    """Building the prefilter expands English rule words with lemminflect, which
    would otherwise import spaCy (~0.7 s) on the first run with an empty cache."""
    page = tmp_path / "clean.md"
    page.write_text(CLEAN, encoding="utf-8")
    probe = (
        "import sys\n"
        "from linter.cli import main\n"
        "try:\n"
        f"    main(['check', '--no-cache', {str(page)!r}])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "print('spacy' in sys.modules, 'lemminflect' in sys.modules)\n"
    )
    env = {**os.environ, "MEDLINT_CACHE_DIR": str(tmp_path / "empty-cache")}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.splitlines()[-1] == "False True"


def test_a_cold_start_compiles_from_the_term_memo_and_finds_the_same(ruleset, tmp_path):
    """The first compile stores how Sudachi/spaCy analysed every rule term; the next
    process compiles from that memo without analysing any term again (no dictionary
    lookups), and its matchers find exactly what freshly compiled ones find."""
    from linter.cache import Cache
    from linter.nlp.pipelines import JapanesePipeline

    rows = [json.loads(line) for name in ("ja", "en") for line in
            (REPO / "tests" / "corpus" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    texts = [row["text"] for row in rows]
    cache = Cache(tmp_path / "cache")

    def findings(compiled):
        engine = Engine(ruleset, compiled=compiled)
        return [[(f.rule_id, f.line, f.column, f.end_column) for f in
                 engine.lint(read_text("x.txt", text))] for text in texts]

    fresh = CompiledRules(ruleset, cache=cache)
    expected = findings(fresh)
    assert sum(map(len, expected)) > 200

    class NoAnalysis(JapanesePipeline):
        def analyse(self, term):
            raise AssertionError(f"analysed {term!r} although the memo has it")

    from linter.nlp.pipelines import Pipelines

    pipelines = Pipelines()
    pipelines._made["ja"] = NoAnalysis()
    memoised = CompiledRules(ruleset, pipelines, cache=cache)
    assert findings(memoised) == expected
    assert memoised.language("ja").analyser.fresh is False
    assert memoised.language("en").analyser.fresh is False
