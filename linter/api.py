"""medlint's public API: the one pipeline that the CLI, the batch mode and the editor server call.

    >>> from linter import lint_text
    >>> [f.rule_id for f in lint_text("NMN点滴で不眠症が治ります。").findings]
    ['JA-DISCLOSURE-LIMITED-RELEASE', 'JA-DISEASE-TREAT']

A :class:`Linter` is built once from settings (rule folders, selection, profile,
severities, per-file ignores, baseline...) and lints many texts or files,
applying exactly what ``medlint check`` applies: the post-processing chain of
``linter.findings.chain`` (selection, severities, one finding per problem,
min-severity, per-file ignores, inline suppressions and their unused report, the
baseline) and the document rules.  ``lint_text`` and ``lint_file`` are shortcuts
over a shared default ``Linter``.

A ``Linter`` keeps per-instance caches (loaded rules, compiled matchers, engines)
that calls mutate: it is **not thread-safe**; use one per thread or process.  It
pickles as its settings and is rebuilt lazily on the other side, so it can be
sent to worker processes (``multiprocessing``, Dask).
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.config.settings import ConfigError, Settings
from linter.findings import chain
from linter.findings.model import Finding, Suppressed
from linter.reporting.results import LintResult, RunResult
from linter.rules.model import RuleSet

__all__ = ["Finding", "LintResult", "Linter", "RunResult", "SelectorError", "lint_file",
           "lint_text"]

STDIN = "-"
# config keys a Mapping given as ``settings`` may use (the names of [tool.medlint])
_SETTING_KEYS = {
    "select", "ignore", "severity", "exclude", "per-file-ignores", "rules-dirs", "profile",
    "fail-on", "min-severity", "locale", "lang", "english-model", "report-unused-suppressions",
    "max-file-size",
}


class SelectorError(ConfigError):
    """A rule selector (in options, config or a suppression) that names no loaded rule."""


@dataclass(frozen=True)
class RunOptions:
    """How files are read and matched; independent of any config file."""

    encoding: str | None = None
    stdin_filename: str | None = None
    context: bool = True
    mode: str = "fast"  # "full" is the naive path kept for the speed benchmark
    cache: bool = False
    cache_dir: Path | None = None


def settings_from_mapping(values: Mapping[str, Any]) -> dict[str, Any]:
    """Config-style keys (``min-severity`` or ``min_severity``) to Settings attribute values,
    checked like a config file's table."""
    from linter.config.settings import apply_table

    table = {key.replace("_", "-"): value for key, value in values.items()
             if value is not None}
    unknown = sorted(set(table) - _SETTING_KEYS)
    if unknown:
        close = difflib.get_close_matches(unknown[0], sorted(_SETTING_KEYS), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ConfigError(f"unknown setting '{unknown[0]}'{hint}")
    scratch = Settings()
    apply_table(scratch, Path.cwd() / "<settings>", table)
    return {key: getattr(scratch, key.replace("-", "_")) for key in table}


class _FixedSettings:
    """One Settings object for every path (the library default: no config discovery)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def for_file(self, path: str) -> Settings:
        return self.settings

    def for_folder(self, folder: Path) -> Settings:
        return self.settings


class Linter:
    """Lints texts and files with one set of settings; built once, used many times.

    ``settings`` is a :class:`~linter.config.settings.Settings`, or a mapping of config
    keys (``{"select": ["disease-claim"], "profile": "clinic"}``) applied over the
    defaults - or, with ``discover_config=True``, over the closest ``.medlint.toml`` /
    ``[tool.medlint]`` of each linted file, exactly as the CLI does.  ``config_file``
    names one config file for every path instead.  ``baseline`` is a baseline file
    written by ``medlint check --write-baseline``.
    """

    def __init__(
        self,
        settings: Settings | Mapping[str, Any] | None = None,
        *,
        config_file: str | Path | None = None,
        discover_config: bool = False,
        baseline: str | Path | None = None,
        run: RunOptions | None = None,
    ) -> None:
        self._init_args = (settings, config_file, discover_config, baseline, run)
        self.run = run or RunOptions()
        from linter.config.resolve import Overrides, SettingsResolver

        overrides = settings if isinstance(settings, (Mapping, Overrides)) else None
        if overrides is not None or discover_config or config_file is not None:
            if isinstance(overrides, Overrides):  # the CLI's options, already typed
                resolved = overrides
            else:
                resolved = Overrides(settings_from_mapping(overrides) if overrides else {})
            if discover_config or config_file is not None:
                self.resolver: Any = SettingsResolver(
                    resolved, Path(config_file) if config_file is not None else None)
            else:
                self.resolver = _FixedSettings(resolved.apply(Settings()))
        else:
            self.resolver = _FixedSettings(settings if isinstance(settings, Settings)
                                           else Settings())
        self.baseline_path = Path(baseline) if baseline is not None else None
        self._baseline: Counter | None = None
        self._rulesets: dict[tuple[Path, ...], RuleSet] = {}
        self._fingerprints: dict[tuple[Path, ...], str] = {}
        self._engines: dict[tuple, Any] = {}
        self._checked: set[int] = set()
        self._cache: Any = None

    # -- pickling: a Linter travels as its settings and is rebuilt lazily -----------------
    def __reduce__(self) -> tuple:
        settings, config_file, discover, baseline, run = self._init_args
        return (_rebuild_linter, (settings, config_file, discover, baseline, run))

    # -- what applies ---------------------------------------------------------------------
    @property
    def cache(self):
        if self._cache is None:
            from linter.cache import Cache

            self._cache = Cache(self.run.cache_dir, enabled=self.run.cache)
        return self._cache

    def settings_for(self, path: str) -> Settings:
        """The settings that apply to ``path`` (checked against the loaded rules)."""
        settings = self.resolver.for_file(path)
        self.check_selectors(settings)
        return settings

    def ruleset(self, settings: Settings | None = None) -> RuleSet:
        """The bundled rules plus the settings' ``rules-dirs``, loaded once."""
        from linter.resources import bundled_rules_dir
        from linter.rules.loader import load_rules

        key = (settings or self.resolver.for_folder(Path.cwd())).rules_dirs
        if key not in self._rulesets:
            self._rulesets[key] = load_rules([bundled_rules_dir(), *key], cache=self.cache)
        return self._rulesets[key]

    def rule(self, rule_id: str):
        """A rule by id from any rule set this Linter has loaded (for report metadata)."""
        for ruleset in self._rulesets.values():
            rule = ruleset.rule(rule_id)
            if rule is not None:
                return rule
        return self.ruleset().rule(rule_id)

    def check_selectors(self, settings: Settings) -> None:
        """Every selector in ``select``, ``ignore``, severity overrides and per-file ignores
        must name a loaded rule, id prefix or category: a typo must never switch the gate
        off silently.  Raises :class:`SelectorError` with the closest valid names."""
        if id(settings) in self._checked:
            return
        if not (settings.select or settings.ignore or settings.severity
                or settings.per_file_ignores):
            # nothing to check: do not load the rules (a results-cache hit needs none)
            self._checked.add(id(settings))
            return
        ruleset = self.ruleset(settings)
        where = f"{settings.config_file}: " if settings.config_file else ""
        groups = [("select", settings.select), ("ignore", settings.ignore),
                  ("severity", tuple(settings.severity))]
        groups += [(f"per-file-ignores.{glob}", selectors)
                   for glob, selectors in settings.per_file_ignores.items()]
        for key, selectors in groups:
            for selector in selectors:
                unknown = unknown_selector(selector, ruleset)
                if unknown:
                    raise SelectorError(f"{where}{key}: {unknown}")
        for selector in settings.severity:
            matched = [r for r in ruleset.rules if chain.selector_matches(selector, r)]
            if matched and all(r.model is not None for r in matched):
                # its severity would be ignored (chain.effective_severity): say so instead
                raise SelectorError(
                    f"{where}severity: {selector!r} names claim-model rules, which are the "
                    "review tier only (info); their severity cannot be changed")
        self._checked.add(id(settings))

    # -- linting ----------------------------------------------------------------------------
    def lint_text(self, text: str, *, path: str = "<text>", lang: str | None = None,
                  profile: str | None = None) -> LintResult:
        """Lint a string.  ``path``'s suffix picks the reader (``.md``, ``.html``; anything
        else is plain text) and the settings that apply; ``lang`` (``ja``/``en``/``auto``)
        and ``profile`` override the settings for this call."""
        from linter.reading.registry import READERS, kind_for, read_bytes

        settings = self.settings_for(path)
        if lang is not None or profile is not None:
            settings = dataclasses.replace(settings, lang=lang or settings.lang,
                                           profile=profile or settings.profile,
                                           sources=dict(settings.sources))
        kind = kind_for(path)
        binary = {reader.kind for reader in READERS if reader.binary}
        document = read_bytes(path, text.encode("utf-8"), encoding="utf-8",
                              kind="text" if kind in binary else kind)
        result = self.lint_document(document, settings)
        return self._apply_baseline(result)

    def lint_file(self, path: str | os.PathLike[str]) -> LintResult:
        """Lint one file (``-`` reads standard input).  An unreadable file is a result with
        ``error`` set, never an exception."""
        return self._apply_baseline(self._lint_file(os.fspath(path)))

    def lint_paths(self, paths: Iterable[str], *, jobs: int = 1) -> RunResult:
        """Lint files and folders (walked for known formats, excluding what config
        excludes), in order; ``jobs > 1`` spreads files over processes."""
        from linter.runner import lint_all

        problems: list = []
        files = lint_all(self, self.files_to_lint(paths, problems), jobs)
        files += [LintResult(path=e.path, error=e.message) for e in problems]
        result = RunResult(files=[])
        for file in files:
            file = self._apply_baseline(file)
            result.baseline_hidden += file.baseline_hidden
            result.files.append(file)
        return result

    def files_to_lint(self, paths: Iterable[str], errors: list | None = None) -> list[str]:
        """The files ``lint_paths`` would lint: folders walked for known formats (honouring
        ``.gitignore``, never following a link to a folder), config ``exclude`` applied.
        Paths that cannot be files (link loops, FIFOs, devices, unlistable folders) go to
        ``errors`` as InputErrors when a list is given."""
        from linter.reading.discovery import discover

        return [path for path in discover(paths, errors)
                if path == STDIN or not self.settings_for(path).is_excluded(Path(path))]

    def forget_settings(self) -> None:
        """Drop cached config and results of discovery (config files may have changed)."""
        from linter.config.resolve import SettingsResolver

        if isinstance(self.resolver, SettingsResolver):
            self.resolver = SettingsResolver(self.resolver.overrides, self.resolver.explicit)
        self._checked.clear()

    def _lint_file(self, path: str) -> LintResult:
        from linter.reading.errors import InputError
        from linter.reading.registry import read_bytes, read_raw, read_stream

        shown = (self.run.stdin_filename or STDIN) if path == STDIN else path
        settings = self.settings_for(shown if path == STDIN else path)
        try:
            data = (read_stream(sys.stdin.buffer, shown, settings.max_file_size)
                    if path == STDIN else read_raw(path, settings.max_file_size))
        except InputError as exc:
            return LintResult(path=exc.path, error=exc.message, fail_on=settings.fail_on)
        key = self._result_key(shown, data, settings)
        # sealed: an intact entry is what this code wrote (the key includes the code), so a
        # warm re-run does not shape-check every cached finding
        cached = self.cache.get_sealed("results", key)
        if isinstance(cached, dict):
            restored = _restore(shown, cached, settings)
            if restored is not None:
                return restored
        try:
            document = read_bytes(shown, data, encoding=self.run.encoding)
        except InputError as exc:
            return LintResult(path=exc.path, error=exc.message, fail_on=settings.fail_on)
        result = self.lint_document(document, settings)
        self.cache.put_sealed("results", key, {
            "location_unit": result.location_unit,
            "findings": [_cached(f) for f in result.findings],
            "suppressed": [{"finding": _cached(s.finding), "kind": s.kind, "reason": s.reason}
                           for s in result.suppressed],
            "accepted": [_cached(f) for f in result.accepted],
        })
        return result

    def lint_document(self, document, settings: Settings) -> LintResult:
        """Lint a read :class:`~linter.reading.document.SourceDocument`: the engine (chain
        steps 1-4), then per-file ignores and suppressions (steps 5-6)."""
        from linter.findings.suppressions import (
            apply_suppressions,
            covering,
            unknown_suppression_findings,
            unused_suppression_finding,
        )

        engine = self.engine(settings)
        ruleset = engine.ruleset
        findings = engine.lint(document)
        from linter.profiles.step import profile_step  # profiles and the claims register

        findings, accepted = profile_step(findings, document, settings, ruleset,
                                          engine.options.locale)
        ignores = settings.ignores_for(Path(document.path)) if document.path not in (
            STDIN, "<text>") else ()
        findings = chain.without_ignored(findings, ignores, ruleset)
        before = findings
        findings, unused = apply_suppressions(findings, document.suppressions, ruleset)
        kept = {id(f) for f in findings}
        suppressed = []
        for finding in before:
            if id(finding) not in kept:
                comment = covering(finding, document.suppressions, ruleset)
                suppressed.append(Suppressed(finding, "inline", comment.reason if comment
                                             else ""))
        if settings.report_unused_suppressions:
            findings.extend(unused_suppression_finding(document.path, s, engine.options.locale,
                                                       document.location_unit) for s in unused)
        # a suppression naming no rule (a typo) silences nothing: say so, always
        findings.extend(unknown_suppression_findings(document.path, document.suppressions,
                                                     ruleset, engine.options.locale,
                                                     document.location_unit))
        findings = chain.without_ignored_medlint_findings(findings, (*settings.ignore, *ignores))
        findings.sort(key=Finding.sort_key)
        return LintResult(path=document.path, findings=findings, accepted=accepted,
                          location_unit=document.location_unit, fail_on=settings.fail_on,
                          suppressed=suppressed)

    def engine(self, settings: Settings):
        """The engine for these settings (shared by every file they apply to)."""
        from linter.engine import Engine, LintOptions, shared_compiled

        key = (settings.rules_dirs, settings.english_model, settings.lang, settings.locale,
               settings.profile, settings.select, settings.ignore, settings.min_severity,
               tuple(sorted(settings.severity.items())))
        if key not in self._engines:
            ruleset = self.ruleset(settings)
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
            compiled = shared_compiled(ruleset, settings.english_model, self.cache)
            self._engines[key] = Engine(ruleset, options, compiled=compiled)
        return self._engines[key]

    # -- the baseline (chain step 7) --------------------------------------------------------
    def _apply_baseline(self, result: LintResult) -> LintResult:
        if self.baseline_path is None or result.error:
            return result
        from linter.findings.baseline import load_baseline

        if self._baseline is None:
            self._baseline = load_baseline(self.baseline_path)
        result.findings, hidden = chain.without_baselined(result.findings, self._baseline,
                                                          self.baseline_path.parent)
        result.baseline_hidden = len(hidden)
        result.suppressed = [*result.suppressed, *hidden]
        return result

    # -- the results cache ------------------------------------------------------------------
    def _fingerprint(self, settings: Settings) -> str:
        from linter.resources import bundled_rules_dir
        from linter.rules.loader import ruleset_fingerprint

        key = settings.rules_dirs
        if key not in self._fingerprints:
            self._fingerprints[key] = ruleset_fingerprint([bundled_rules_dir(), *key])
        return self._fingerprints[key]

    def _result_key(self, path: str, data: bytes, settings: Settings) -> str:
        from linter.cache import digest, environment_fingerprint
        from linter.profiles.step import register_fingerprint
        from linter.reading.registry import kind_for

        ignores = settings.ignores_for(Path(path)) if path != STDIN else ()
        relevant = (
            self._fingerprint(settings), path, kind_for(path), self.run.encoding or "",
            str(self.run.context), self.run.mode, settings.english_model, settings.lang,
            settings.locale, str(settings.profile), repr(settings.select),
            repr(settings.ignore), settings.min_severity, repr(sorted(settings.severity.items())),
            str(settings.report_unused_suppressions), repr(ignores),
            register_fingerprint(path),  # the claims register next to the file
        )
        return digest("results-v2", environment_fingerprint(), *relevant, data)


def _cached(finding: Finding) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(finding).items() if k != "path"}


def _restore(path: str, cached: Any, settings: Settings) -> LintResult | None:
    """A cached result, or None when the entry has an unexpected shape (then it is a miss)."""
    try:
        findings = [Finding(path=path, **entry) for entry in cached["findings"]]
        suppressed = [Suppressed(Finding(path=path, **s["finding"]), str(s["kind"]),
                                 str(s["reason"])) for s in cached.get("suppressed", [])]
        from linter.profiles.step import restore_accepted

        accepted = restore_accepted(path, cached.get("accepted", []))
        unit = cached["location_unit"]
        if unit not in ("line", "paragraph"):
            return None
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    return LintResult(path=path, findings=findings, location_unit=unit, fail_on=settings.fail_on,
                      suppressed=suppressed, accepted=accepted)


def _rebuild_linter(settings, config_file, discover, baseline, run) -> Linter:
    return Linter(settings, config_file=config_file, discover_config=discover,
                  baseline=baseline, run=run)


def unknown_selector(selector: str, ruleset: RuleSet) -> str | None:
    """None when ``selector`` names a rule, an id prefix, a category or ALL; otherwise a
    one-line message with the closest valid names."""
    close = chain.unknown_selector(selector, ruleset)
    if close is None:
        return None
    hint = f"; did you mean {close}?" if close != "-" else ""
    return (f"unknown rule selector {selector!r} (not a rule id, id prefix or category)"
            f"{hint} See 'medlint rules list'.")


_DEFAULT: Linter | None = None


def _default() -> Linter:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Linter()
    return _DEFAULT


def lint_text(text: str, *, lang: str = "auto", profile: str | None = None,
              path: str | None = None, settings: Settings | Mapping[str, Any] | None = None
              ) -> LintResult:
    """Lint ``text`` with the built-in defaults (or ``settings``).  See :class:`Linter`."""
    linter = _default() if settings is None else Linter(settings)
    return linter.lint_text(text, path=path or "<text>", lang=lang, profile=profile)


def lint_file(path: str | os.PathLike[str], *,
              settings: Settings | Mapping[str, Any] | None = None) -> LintResult:
    """Lint one file with the built-in defaults (or ``settings``).  See :class:`Linter`."""
    linter = _default() if settings is None else Linter(settings)
    return linter.lint_file(path)
