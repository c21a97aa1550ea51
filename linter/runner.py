"""Files in, per-file results out: discovery, settings, reading, linting, suppressions."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from linter.config.settings import Settings
from linter.engine import CompiledRules, Engine, LintOptions, selector_matches, shared_compiled
from linter.findings.suppressions import apply_suppressions, unused_suppression_finding
from linter.reading.errors import InputError
from linter.reading.registry import LINTABLE_SUFFIXES, read_bytes, read_path
from linter.reporting.results import FileResult
from linter.resources import bundled_rules_dir
from linter.rules.loader import load_rules
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


class Linter:
    """Lints files with the settings that apply to each; engines are shared between files."""

    def __init__(self, run: RunOptions) -> None:
        self.run = run
        self._rulesets: dict[tuple[Path, ...], RuleSet] = {}
        self._engines: dict[tuple, Engine] = {}

    def ruleset(self, settings: Settings) -> RuleSet:
        key = settings.rules_dirs
        if key not in self._rulesets:
            self._rulesets[key] = load_ruleset_for(key)
        return self._rulesets[key]

    def compiled(self, settings: Settings) -> CompiledRules:
        return shared_compiled(self.ruleset(settings), settings.english_model)

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
        try:
            if path == STDIN:
                shown = self.run.stdin_filename or STDIN
                document = read_bytes(shown, sys.stdin.buffer.read(), encoding=self.run.encoding)
            else:
                document = read_path(path, encoding=self.run.encoding)
        except InputError as exc:
            return FileResult(path=exc.path, error=exc.message, fail_on=settings.fail_on)
        engine = self.engine(settings)
        findings = engine.lint(document)
        ignores = settings.ignores_for(Path(document.path)) if path != STDIN else ()
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
