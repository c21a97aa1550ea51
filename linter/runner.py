"""Files in, per-file results out: discovery, settings, reading, linting, suppressions."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from linter.cache import Cache, digest, environment_fingerprint
from linter.config.settings import Settings
from linter.engine import CompiledRules, Engine, LintOptions, selector_matches, shared_compiled
from linter.findings.model import Finding
from linter.findings.suppressions import apply_suppressions, unused_suppression_finding
from linter.reading.errors import InputError
from linter.reading.registry import LINTABLE_SUFFIXES, kind_for, read_bytes, read_raw
from linter.reporting.results import FileResult
from linter.resources import bundled_rules_dir
from linter.rules.loader import load_rules, ruleset_fingerprint
from linter.rules.model import RuleSet

_SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
STDIN = "-"


def discover(paths: Iterable[str]) -> Iterator[str]:
    """Files to lint: explicit files as given, folders walked for drafts in known formats."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith(".")]
                found.extend(Path(root) / name for name in files
                             if Path(name).suffix.lower() in LINTABLE_SUFFIXES)
            yield from (str(p) for p in sorted(found))
        else:
            yield raw


def load_ruleset_for(rules_dirs: tuple[Path, ...]) -> RuleSet:
    return load_rules([bundled_rules_dir(), *rules_dirs])


@dataclass
class RunOptions:
    encoding: str | None = None
    stdin_filename: str | None = None
    context: bool = True
    mode: str = "fast"
    cache: bool = True
    cache_dir: Path | None = None


class Linter:
    """Lints files with the settings that apply to each; engines are shared between files.

    Rules are loaded, and models compiled, only when a file misses the results cache.
    """

    def __init__(self, run: RunOptions) -> None:
        self.run = run
        self.cache = Cache(run.cache_dir, enabled=run.cache)
        self._rulesets: dict[tuple[Path, ...], RuleSet] = {}
        self._fingerprints: dict[tuple[Path, ...], str] = {}
        self._engines: dict[tuple, Engine] = {}

    def ruleset(self, settings: Settings) -> RuleSet:
        key = settings.rules_dirs
        if key not in self._rulesets:
            self._rulesets[key] = load_ruleset_for(key)
        return self._rulesets[key]

    def compiled(self, settings: Settings) -> CompiledRules:
        return shared_compiled(self.ruleset(settings), settings.english_model, self.cache)

    def fingerprint(self, settings: Settings) -> str:
        key = settings.rules_dirs
        if key not in self._fingerprints:
            self._fingerprints[key] = ruleset_fingerprint([bundled_rules_dir(), *key])
        return self._fingerprints[key]

    def _result_key(self, path: str, data: bytes, settings: Settings, ignores: tuple) -> str:
        relevant = (
            self.fingerprint(settings), path, kind_for(path), self.run.encoding or "",
            str(self.run.context), self.run.mode, settings.english_model, settings.lang,
            settings.locale, str(settings.profile), repr(settings.select),
            repr(settings.ignore), settings.min_severity, repr(sorted(settings.severity.items())),
            str(settings.report_unused_suppressions), repr(ignores),
        )
        return digest("results-v1", environment_fingerprint(), *relevant, data)

    def engine(self, settings: Settings) -> Engine:
        key = (settings.rules_dirs, settings.english_model, settings.lang, settings.locale,
               settings.profile, settings.select, settings.ignore, settings.min_severity,
               tuple(sorted(settings.severity.items())))
        if key not in self._engines:
            options = LintOptions(
                mode=self.run.mode,
                forced_lang=None if settings.lang == "auto" else settings.lang,
                locale=None if settings.locale == "auto" else settings.locale,
                profile=settings.profile,
                select=settings.select,
                ignore=settings.ignore,
                min_severity=settings.min_severity,
                severity_overrides=dict(settings.severity),
                context=self.run.context,
            )
            self._engines[key] = Engine(self.ruleset(settings), options,
                                        compiled=self.compiled(settings))
        return self._engines[key]

    def lint_file(self, path: str, settings: Settings) -> FileResult:
        shown = (self.run.stdin_filename or STDIN) if path == STDIN else path
        try:
            data = sys.stdin.buffer.read() if path == STDIN else read_raw(path)
        except InputError as exc:
            return FileResult(path=exc.path, error=exc.message, fail_on=settings.fail_on)
        ignores = settings.ignores_for(Path(shown)) if path != STDIN else ()
        key = self._result_key(shown, data, settings, ignores)
        cached = self.cache.get_json("results", key)
        if cached is not None:
            return FileResult(
                path=shown, location_unit=cached["location_unit"], fail_on=settings.fail_on,
                findings=[Finding(path=shown, **f) for f in cached["findings"]])
        try:
            document = read_bytes(shown, data, encoding=self.run.encoding)
        except InputError as exc:
            return FileResult(path=exc.path, error=exc.message, fail_on=settings.fail_on)
        result = self._lint_document(document, settings, ignores)
        self.cache.put_json("results", key, {
            "location_unit": result.location_unit,
            "findings": [{k: v for k, v in dataclasses.asdict(f).items() if k != "path"}
                         for f in result.findings],
        })
        return result

    def _lint_document(self, document, settings: Settings, ignores: tuple) -> FileResult:
        engine = self.engine(settings)
        findings = engine.lint(document)
        if ignores:
            rules = {r.id: r for r in engine.ruleset.rules}
            findings = [f for f in findings if f.rule_id not in rules or not any(
                selector_matches(s, rules[f.rule_id]) for s in ignores)]
        findings, unused = apply_suppressions(findings, document.suppressions, engine.ruleset)
        if settings.report_unused_suppressions:
            findings.extend(unused_suppression_finding(document.path, s, engine.options.locale,
                                                       document.location_unit) for s in unused)
            findings.sort(key=lambda f: f.sort_key())
        return FileResult(path=document.path, findings=findings,
                          location_unit=document.location_unit, fail_on=settings.fail_on)


# -- several processes ---------------------------------------------------------------------------
_WORKER: Linter | None = None


def _init_worker(run: RunOptions) -> None:
    global _WORKER
    _WORKER = Linter(run)


def _lint_task(task: tuple[str, Settings]) -> FileResult:
    assert _WORKER is not None
    return _WORKER.lint_file(*task)


def lint_all(linter: Linter, tasks: list[tuple[str, Settings]], jobs: int = 1
             ) -> list[FileResult]:
    """Lint every (path, settings) task; with jobs > 1 files are spread over processes and the
    results come back in the input order, so the report is identical."""
    if jobs <= 1 or len(tasks) < 2:
        return [linter.lint_file(path, settings) for path, settings in tasks]
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    results: dict[int, FileResult] = {}
    parallel = [(i, t) for i, t in enumerate(tasks) if t[0] != STDIN]
    for i, (path, settings) in enumerate(tasks):
        if path == STDIN:  # only this process can read standard input
            results[i] = linter.lint_file(path, settings)
    workers = min(jobs, len(parallel))
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                             initializer=_init_worker, initargs=(linter.run,)) as pool:
        for (i, _task), result in zip(parallel, pool.map(_lint_task, [t for _, t in parallel]),
                                      strict=True):
            results[i] = result
    return [results[i] for i in range(len(tasks))]
