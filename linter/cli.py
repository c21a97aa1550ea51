"""The ``medlint`` command line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from linter import __version__
from linter.rules.model import CATEGORIES, LANGS, PROFILES, SEVERITIES

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def fail(message: str, code: int = 2) -> None:
    """One line on stderr and a non-zero exit: the contract for every unusable input."""
    click.echo(f"medlint: error: {message}", err=True)
    sys.exit(code)


def split_list(values: tuple[str, ...]) -> tuple[str, ...]:
    """--select A,B --select C → (A, B, C)."""
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def rule_dirs(extra_dirs: tuple[Path, ...] = ()) -> list[Path]:
    """The rules-dirs of the config that applies here, then --rules-dir."""
    from linter.config.resolve import Overrides, SettingsResolver
    from linter.config.settings import ConfigError

    try:
        configured = SettingsResolver(Overrides()).for_folder(Path.cwd()).rules_dirs
    except ConfigError as exc:
        fail(str(exc))
    return list(dict.fromkeys([*configured, *(d.resolve() for d in extra_dirs)]))


def load_ruleset(extra_dirs: tuple[Path, ...] = ()):
    """Bundled rules, the rules-dirs of the config that applies here, and --rules-dir."""
    from linter.resources import bundled_rules_dir
    from linter.rules.loader import RuleFileError, load_rules

    try:
        return load_rules([bundled_rules_dir(), *rule_dirs(extra_dirs)])
    except (RuleFileError, FileNotFoundError) as exc:
        fail(str(exc))


EXIT_INTERNAL_ERROR = 3
EXIT_INTERRUPTED = 130


# Sub-commands that live in their own package and are imported only when used, so that
# ``medlint check`` never pays for a web server, a language server or Dask.
LAZY_COMMANDS = {
    "batch": "linter.batch.command:batch",
    "lsp": "linter.lsp.command:lsp",
    "serve": "linter.serve.command:serve",
}


def _module_exists(name: str) -> bool:
    from importlib.util import find_spec

    module_name = LAZY_COMMANDS[name].split(":")[0]
    try:
        return find_spec(module_name) is not None
    except ModuleNotFoundError:  # the parent package is absent
        return False


def _lazy_command(name: str) -> click.Command | None:
    from importlib import import_module

    if not _module_exists(name):
        return None
    module_name, attribute = LAZY_COMMANDS[name].split(":")
    return getattr(import_module(module_name), attribute)


class _Command(click.Group):
    """Exit codes that CI can tell apart: 1 only ever means findings.

    An unexpected exception is a short message and exit 3 (never 1, the code of
    "findings"); Ctrl-C is exit 130, as in a shell.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        available = [name for name in LAZY_COMMANDS if _module_exists(name)]
        return sorted([*super().list_commands(ctx), *available])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            return _lazy_command(name)
        return super().get_command(ctx, name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException,
                SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("medlint: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            # the reader went away (``medlint rules list | head``): not an error of ours;
            # exit as a shell does for SIGPIPE, without a second error while flushing
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(141)
        except Exception as exc:  # the last line of defence of a gate
            where = ""
            if exc.__traceback__ is not None:
                import traceback

                frame = traceback.extract_tb(exc.__traceback__)[-1]
                where = f" at {Path(frame.filename).name}:{frame.lineno}"
            click.echo(f"medlint: internal error: {type(exc).__name__}: {exc}{where}. "
                       "This is a bug in medlint; please report it with the command and "
                       "input that caused it.", err=True)
            sys.exit(EXIT_INTERNAL_ERROR)


@click.group(cls=_Command, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="medlint")
def main() -> None:
    """Lint health and medical advertising claims in Japanese and English drafts."""


def _formats() -> list[str]:
    from linter.reporting.emitters import EMITTERS

    return list(EMITTERS)


FORMATS = _formats()


CHECK_EPILOG = """\b
Examples:
  medlint check draft.md                       one file
  medlint check site/ --format json -o r.json  a folder, JSON report
  cat draft.txt | medlint check - --stdin-filename draft.txt
  medlint check draft.docx --locale en         messages in English
  medlint check page.html --profile clinic     rules for medical institutions
  medlint check site/ --statistics             counts per rule
  medlint check site/ --min-severity info      include the review tier
  medlint check draft.md --watch               re-check on every save

\b
Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage or input
error, 3 internal error, 130 interrupted.
"""


@main.command(epilog=CHECK_EPILOG)
@click.argument("paths", nargs=-1, type=str)
@click.option("--format", "--output-format", "output_format", type=click.Choice(FORMATS),
              default="full", show_default=True,
              help="Report format: full (each finding with its sentence, rewrite and basis), "
                   "concise (one line each), json, sarif, github, html, junit, checkstyle. "
                   "'text' is the same as full.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to a file instead of standard output.")
@click.option("--lang", type=click.Choice(["auto", *LANGS]),
              help="Language of the text; auto (default) detects it per paragraph.")
@click.option("--locale", type=click.Choice(["auto", *LANGS]),
              help="Language of messages; auto (default) uses each rule's own language.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rule ids, id prefixes or categories (comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Skip these rule ids, id prefixes or categories (comma-separated).")
@click.option("--min-severity", type=click.Choice(SEVERITIES),
              help="Do not report findings below this severity (default: from config, "
                   "else warning; 'info' adds the review tier).")
@click.option("--fail-on", type=click.Choice(SEVERITIES),
              help="Exit 1 when a finding has at least this severity (default: error).")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when there are findings (input and internal errors still "
                   "exit 2 and 3).")
@click.option("--profile", type=click.Choice(PROFILES),
              help="Kind of advertiser; only rules for that profile apply.")
@click.option("--rules-dir", "rules_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Extra folder of rule files (validated like the bundled ones).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file instead of searching from each file upward.")
@click.option("--encoding", help="Force the input encoding (e.g. cp932, euc-jp).")
@click.option("--stdin-filename", help="Name to report for text read from '-'.")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Record today's findings in this file (and exit 0).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="Colour the text report: auto = only on a terminal and when NO_COLOR is "
                   "not set.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print findings only: no summary line, no progress.")
@click.option("--statistics", is_flag=True,
              help="Print the number of findings per rule instead of the findings.")
@click.option("--show-files", is_flag=True,
              help="List the files that would be checked (after exclusions) and exit.")
@click.option("--show-settings", is_flag=True,
              help="Print the settings that apply to the first path and where each value "
                   "came from, and exit.")
@click.option("--watch", is_flag=True,
              help="Check again whenever a checked file changes (Ctrl-C to stop).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Lint files in this many processes (the report order does not change).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache.")
@click.option("--no-context", is_flag=True,
              help="Diagnostic: also report negated, disclaimed and quoted claims.")
def check(paths, output_format, output, lang, locale, select, ignore, min_severity, fail_on,
          exit_zero, profile, rules_dirs, config_file, encoding, stdin_filename, baseline,
          write_baseline, color, quiet, statistics, show_files, show_settings, watch, jobs,
          no_cache, no_context) -> None:
    """Lint PATHS (files, folders, or - for standard input)."""
    from linter.api import Linter, RunOptions
    from linter.config.resolve import Overrides
    from linter.config.settings import ConfigError
    from linter.findings.baseline import BaselineError
    from linter.matching.errors import RuleCompileError
    from linter.rules.loader import RuleFileError

    if not paths:
        fail("no paths given; try 'medlint check draft.md' or 'medlint check -' for stdin")
    for target, what in ((output, "--output"), (write_baseline, "--write-baseline")):
        if target is not None and _is_an_input(target, paths):
            fail(f"{target}: {what} names one of the files being checked; refusing to "
                 "overwrite an input")
    overrides = Overrides({
        "lang": lang, "locale": locale, "select": split_list(select),
        "ignore": split_list(ignore), "min-severity": min_severity, "fail-on": fail_on,
        "profile": profile,
        "rules-dirs": tuple(p.resolve() for p in rules_dirs) or None,
    })
    run = RunOptions(encoding=encoding, stdin_filename=stdin_filename,
                     context=not no_context, cache=not no_cache)
    known = (ConfigError, BaselineError, RuleFileError, RuleCompileError)
    try:
        linter = Linter(overrides, config_file=config_file, discover_config=True,
                        baseline=baseline, run=run)
        linter.settings_for(".")  # a broken config or an unknown selector: say so before reading
        if show_settings:
            first = next((p for p in paths if p != "-"), ".")
            _print_settings(linter.settings_for(first), first)
            return
        if show_files:
            for path in linter.files_to_lint(paths):
                click.echo(path)
            return
    except known as exc:
        fail(str(exc))
    use_color = color == "always" or (
        color == "auto" and output is None and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR"))
    report = _Report(output_format, output, use_color, quiet, statistics, write_baseline,
                     exit_zero)
    report.options = {
        "format": output_format, "lang": lang, "locale": locale, "profile": profile,
        "select": split_list(select), "ignore": split_list(ignore),
        "min-severity": min_severity, "fail-on": fail_on, "encoding": encoding,
        "rules-dir": [str(p) for p in rules_dirs], "config": config_file,
        "baseline": baseline, "no-context": no_context}
    if output_format == "docx" and output is None:
        fail("--format docx writes a Word file; name it with -o reviewed.docx")
    if watch:
        _watch(linter, paths, jobs, report, known)
        return
    try:
        result = linter.lint_paths(paths, jobs=jobs)
    except known as exc:
        fail(str(exc))
    except OSError as exc:  # a language model that is not installed
        fail(f"cannot load a language pipeline: {exc}")
    sys.exit(report.emit(result, linter, paths))


class _Report:
    """Prints or writes one run's report and says what the exit code is."""

    def __init__(self, output_format, output, color, quiet, statistics, write_baseline,
                 exit_zero) -> None:
        self.format, self.output, self.color, self.quiet = output_format, output, color, quiet
        self.statistics, self.write_baseline, self.exit_zero = (statistics, write_baseline,
                                                                exit_zero)
        self.options: dict = {}  # the options used, for the audit trail

    def emit(self, result, linter, paths) -> int:
        from linter.findings.baseline import BaselineError
        from linter.findings.baseline import write_baseline as save_baseline

        for file in result.input_errors:
            click.echo(f"medlint: error: {file.path}: {file.error}", err=True)
        if not result.files:
            click.echo(f"medlint: error: no files to check in {' '.join(paths)} (known "
                       "formats: .md .markdown .mdx .html .htm .xhtml .txt .docx; excluded "
                       "files are not counted)", err=True)
            return 2
        if self.write_baseline is not None:
            try:
                count = save_baseline(self.write_baseline, result.findings, inputs=paths)
            except (BaselineError, OSError) as exc:
                fail(f"{self.write_baseline}: cannot write the baseline ({exc})")
            click.echo(f"Wrote {count} findings to {self.write_baseline}.")
            return 2 if result.input_errors else 0
        settings = linter.settings_for(".")
        locale = None if settings.locale == "auto" else settings.locale
        audit = None
        if self.format in ("json", "sarif", "html", "docx"):  # machine-readable: audit trail
            from linter.reporting.audit import build_audit

            audit = build_audit(result, linter, self.options)
        if self.format == "docx":  # binary: the reviewed copy of the input, never stdout
            from linter.reporting.docx_report import DocxReportError
            from linter.reporting.docx_report import write as write_docx
            from linter.reporting.emitters import ReportContext

            try:
                write_docx(result, ReportContext(locale=locale, rule=linter.rule, audit=audit),
                           self.output)
            except DocxReportError as exc:
                fail(str(exc))
            code = result.exit_code()
            return 0 if self.exit_zero and code == 1 else code
        if self.statistics:
            rendered = _statistics(result, locale)
        else:
            rendered = _render(self.format, result, locale, self.color, linter, self.quiet,
                               audit)
        # a file name with undecodable bytes (kept as surrogates) must not crash the report
        rendered = rendered.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        if self.output is not None:
            try:
                self.output.write_text(rendered, encoding="utf-8")
            except OSError as exc:
                fail(f"{self.output}: cannot write the report ({exc.strerror})")
        else:
            click.echo(rendered, nl=False, color=self.color)
        code = result.exit_code()
        return 0 if self.exit_zero and code == 1 else code


def _statistics(result, locale) -> str:
    """Counts per rule, most frequent first (ruff's --statistics)."""
    from collections import Counter

    from linter.reporting.text import summary_line

    counts = Counter((f.rule_id, f.category, f.severity) for f in result.findings)
    messages = {f.rule_id: f.message for f in result.findings}
    lines = []
    for (rule_id, category, severity), count in sorted(counts.items(),
                                                         key=lambda kv: (-kv[1], kv[0])):
        message = messages[rule_id]
        short = message if len(message) <= 60 else message[:59] + "…"
        lines.append(f"{count:>5}  {rule_id:<34} {severity:<8} [{category}] {short}")
    lines.append(summary_line(result, locale))
    return "\n".join(lines) + "\n"


def _watch(linter, paths, jobs, report, known) -> None:
    """Check, then check again after every change to a checked file or config, until Ctrl-C."""
    from watchfiles import watch

    def once() -> None:
        try:
            result = linter.lint_paths(paths, jobs=jobs)
        except known as exc:
            click.echo(f"medlint: error: {exc}", err=True)
            return
        report.emit(result, linter, paths)

    targets = [p for p in paths if p != "-"]
    if not targets:
        fail("--watch needs files or folders, not standard input")
    # The watcher starts before the first check and keeps what changes meanwhile, so a save
    # made while (or just after) a check runs is checked too; rust_timeout makes the generator
    # hand back an empty set every 0.1 s, which only lets the first next() return.
    changes = watch(*targets, debounce=300, rust_timeout=100, yield_on_timeout=True,
                    raise_interrupt=False)
    next(changes)
    once()
    for changed in changes:
        if not changed:
            continue
        click.echo(f"\n-- {_now()} change detected, checking again --", err=True)
        linter.forget_settings()
        once()


def _now() -> str:
    from datetime import datetime

    return datetime.now().strftime("%H:%M:%S")


def _print_settings(settings, path) -> None:
    click.echo(f"settings for {path}")
    click.echo(f"config file: {settings.config_file or '(none found; built-in defaults)'}")
    for key, entry in _settings_values(settings).items():
        click.echo(f"{key:<28} = {json.dumps(entry['value'], ensure_ascii=False):<40} "
                   f"# {entry['source']}")


def _is_an_input(target: Path, paths: tuple[str, ...]) -> bool:
    """Is ``target`` one of the inputs (a named file, or a draft inside a named folder)?"""
    from linter.reading.registry import LINTABLE_SUFFIXES

    try:
        resolved = target.resolve()
    except OSError:
        return False
    for raw in paths:
        if raw == "-":
            continue
        try:
            source = Path(raw).resolve()
        except OSError:
            continue
        if resolved == source or (source.is_dir() and source in resolved.parents
                                  and resolved.exists()
                                  and resolved.suffix.lower() in LINTABLE_SUFFIXES):
            return True
    return False


def _render(output_format, result, locale, color, linter, quiet=False, audit=None) -> str:
    from linter.reporting.emitters import ReportContext, render

    return render(output_format, result, ReportContext(locale=locale, color=color,
                                                       rule=linter.rule, quiet=quiet,
                                                       audit=audit))


@main.command("config")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this config file instead of searching upward.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def config_command(path, config_file, output_format) -> None:
    """Print the configuration that applies to PATH (default: the current folder), where
    each value came from, and whether PATH is excluded."""
    from linter.config.resolve import Overrides, SettingsResolver
    from linter.config.settings import ConfigError

    target = path or Path.cwd()
    if not target.exists():
        fail(f"{target}: no such file or folder")
    try:
        resolver = SettingsResolver(Overrides(), config_file)
        settings = (resolver.for_folder(target) if target.is_dir()
                    else resolver.for_file(str(target)))
    except ConfigError as exc:
        fail(str(exc))
    values = _settings_values(settings)
    excluded = target.is_file() and settings.is_excluded(target)
    if output_format == "json":
        click.echo(json.dumps({"path": str(target), "excluded": excluded,
                               "config_file": str(settings.config_file) if settings.config_file
                               else None, "settings": values}, ensure_ascii=False, indent=2))
        return
    click.echo(f"config file: {settings.config_file or '(none found; built-in defaults)'}")
    if target.is_file():
        click.echo(f"{target}: " + ("EXCLUDED by 'exclude' (medlint check skips it)" if excluded
                                    else "checked"))
    for key, entry in values.items():
        click.echo(f"{key:<28} = {json.dumps(entry['value'], ensure_ascii=False):<40} "
                   f"# {entry['source']}")


def _settings_values(settings) -> dict:
    keys = ["select", "ignore", "severity", "per-file-ignores", "exclude", "rules-dirs",
            "profile", "fail-on", "min-severity", "locale", "lang", "english-model",
            "report-unused-suppressions", "max-file-size"]
    values = {}
    for key in keys:
        value = getattr(settings, key.replace("-", "_"))
        if isinstance(value, tuple):
            value = [str(v) for v in value]
        values[key] = {"value": value, "source": settings.source(key)}
    return values


@main.group()
def rules() -> None:
    """List, show, test and validate rules."""


def _rule_dict(rule) -> dict:
    from linter.findings.model import references_of

    return {
        "id": rule.id,
        "lang": rule.lang,
        "category": rule.category,
        "severity": rule.severity,
        "profiles": list(rule.profiles),
        "scope": rule.scope,
        "message": rule.message,
        "suggestion": rule.suggestion,
        "references": references_of(rule),
        "examples": {"flag": list(rule.flag_examples), "pass": list(rule.pass_examples)},
        "source": str(rule.source),
        **({"model": {"name": rule.model.name, "label": rule.model.label,
                      "min_score": rule.model.min_score}} if rule.model is not None else {}),
        **({"corroboration": {"model": rule.corroboration.name,
                              "min_score": rule.corroboration.min_score,
                              "severity": rule.corroboration.severity}}
           if rule.corroboration is not None else {}),
    }


@rules.command("list")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--lang", type=click.Choice(LANGS), help="Only rules for this language.")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only rules of this category.")
@click.option("--rules-dir", "rules_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path))
def rules_list(output_format, lang, category, rules_dirs) -> None:
    """List the rules (bundled plus --rules-dir)."""
    ruleset = load_ruleset(tuple(rules_dirs))
    selected = [r for r in ruleset.rules
                if (not lang or r.lang == lang) and (not category or r.category == category)]
    if output_format == "json":
        click.echo(json.dumps([_rule_dict(r) for r in selected], ensure_ascii=False, indent=2))
        return
    if not sys.stdout.isatty():
        # piped or redirected: one rule per line, tab-separated, never wrapped, so that ids
        # survive grep, cut and spreadsheets
        for rule in selected:
            click.echo("\t".join((rule.id, rule.lang, rule.category, rule.severity,
                                  " ".join(rule.text("message").split()))))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"medlint rules ({len(selected)})")
    for column in ("id", "lang", "category", "severity", "message"):
        table.add_column(column, overflow="fold")
    for rule in selected:
        table.add_row(rule.id, rule.lang, rule.category, rule.severity, rule.text("message"))
    Console().print(table)


SEVERITY_MEANINGS = {
    "error": "a clear violation of the cited article (shown by default; fails check)",
    "warning": "a likely violation that depends on the product or context (shown by default)",
    "info": "the review tier: a possible claim with weaker evidence (shown with "
            "--min-severity info)",
}


@rules.command("show")
@click.argument("rule_id")
@click.option("--rules-dir", "rules_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path))
def rules_show(rule_id, rules_dirs) -> None:
    """Show one rule: message, rewrite, legal basis, examples."""
    ruleset = load_ruleset(tuple(rules_dirs))
    rule = ruleset.rule(rule_id)
    if rule is None:
        fail(f"unknown rule {rule_id!r}; see 'medlint rules list'")
    lines = [f"{rule.id}  [{rule.category}]  {rule.severity}  lang={rule.lang}",
             f"severity {rule.severity}: {SEVERITY_MEANINGS[rule.severity]}"]
    if rule.model is not None:
        lines.append(f"claim model {rule.model.path.name}: fires where the sentence's claim "
                     f"probability is at least {rule.model.min_score} and its most likely "
                     f"category is {rule.model.label}; reported only for a sentence that no "
                     "other rule flags (README \"Claim model\")")
    elif rule.cue:
        lines.append("word cue: reported only for a sentence that no other rule flags")
    if rule.corroboration is not None:
        lines.append(f"corroborated: a {rule.corroboration.severity} where the claim model "
                     f"{rule.corroboration.path.name} also reads the whole sentence as a claim "
                     f"(claim probability at least {rule.corroboration.min_score}; README "
                     "\"Severity\")")
    lines += [f"profiles: {', '.join(rule.profiles)}", ""]
    for locale, text in rule.message.items():
        lines.append(f"message ({locale}): {text}")
    for locale, text in rule.suggestion.items():
        lines.append(f"suggestion ({locale}): {text}")
    for locale, text in (rule.rationale or {}).items():
        lines.append(f"rationale ({locale}): {text}")
    lines.append("")
    lines.append("legal basis:")
    for ref in rule.references:
        lines.append(f"  - {ref.source} {ref.section}" + (f" <{ref.url}>" if ref.url else ""))
    lines.append("")
    lines.append("flagged:")
    lines.extend(f"  ✗ {text}" for text in rule.flag_examples)
    lines.append("not flagged:")
    lines.extend(f"  ✓ {text}" for text in rule.pass_examples)
    lines.append("")
    lines.append(f"defined in {rule.source}")
    click.echo("\n".join(lines))


@rules.command("test")
@click.argument("rule_ids", nargs=-1)
@click.option("--rules-dir", "rules_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Also list the examples that passed.")
def rules_test(rule_ids, rules_dirs, verbose) -> None:
    """Run rule examples (all rules and context triggers, or the rule and trigger IDS given).

    Each rule runs alone on its own examples; a failure says which example and
    why (skipped by the prefilter, cancelled by an exception, cleared by a
    context trigger, or which words matched).  Each context trigger's examples
    run with the whole trigger set: a cleared example must hold a claim that this
    trigger clears; a kept one must keep its claim (and, for a pseudo trigger or a
    terminator, lose it when the trigger is left out).
    """
    from linter.authoring.rule_tests import run_rule_tests, trigger_ids
    from linter.engine import shared_compiled
    from linter.matching.errors import RuleCompileError

    ruleset = load_ruleset(tuple(rules_dirs))
    known_triggers = trigger_ids(ruleset)
    unknown = [r for r in rule_ids if ruleset.rule(r) is None and r not in known_triggers]
    if unknown:
        fail(f"unknown rule or trigger {unknown[0]!r}; see 'medlint rules list' and "
             "rules/context/")
    try:
        report = run_rule_tests(ruleset, list(rule_ids) or None, shared_compiled(ruleset))
    except RuleCompileError as exc:
        fail(str(exc))
    for result in report.results:
        if result.ok and not verbose:
            continue
        mark = "ok  " if result.ok else "FAIL"
        line = f"{mark} {result.rule_id} [{result.kind}] {result.text}"
        if result.detail:
            line += f"\n       → {result.detail}"
        click.echo(line)
    failed = len(report.failures)
    rules_run = len({r.rule_id for r in report.results})
    click.echo(f"{len(report.results)} examples of {rules_run} rules/triggers: "
               f"{len(report.results) - failed} passed, {failed} failed.")
    sys.exit(1 if failed else 0)


@rules.command("train-model")
@click.option("--lang", "langs", multiple=True, type=click.Choice(["ja", "en"]),
              help="Language to train (repeatable; default both).")
@click.option("--corpus", "corpora", multiple=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Labelled JSON-lines file of own sentences (text, labels, lang); repeatable. "
                   "Rows of other languages are skipped.")
@click.option("--exclude", "excluded", multiple=True,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Labelled JSON-lines file whose sentences are never trained on, even where "
                   "they are also rule examples (a held-out set); repeatable.")
@click.option("--rules-dir", "rules_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Rule folders whose examples are trained on; the model is written to the "
                   "first one's models/ folder.")
@click.option("--name", default="claims", show_default=True, help="Model name.")
def rules_train_model(langs, corpora, excluded, rules_dirs, name) -> None:
    """Train the claim model from the rules' examples and the corpus files given.

    Needs scikit-learn (pip install 'medlint[train]'). Writes models/<name>-<lang>.json
    in the rule folder; rules read it with `model: {name, label, min_score}`.
    """
    try:
        import sklearn  # noqa: F401
    except ImportError:
        fail("training needs scikit-learn: pip install 'medlint[train]'")
    from linter.authoring.train_model import train, training_set, write_model
    from linter.matching.claim_model import model_path
    from linter.resources import bundled_rules_dir
    from linter.rules.loader import RuleFileError, load_rules

    try:  # the models may not exist yet: this command writes them
        ruleset = load_rules([bundled_rules_dir(), *rule_dirs(tuple(rules_dirs))],
                             models_required=False)
    except (RuleFileError, FileNotFoundError) as exc:
        fail(str(exc))
    folder = rules_dirs[0] if rules_dirs else bundled_rules_dir()
    if not rules_dirs and folder.name == "_rules":
        fail("the bundled rules of an installed medlint are not written to; give the rule "
             "folder to write models/ into with --rules-dir")
    for lang in langs or ("ja", "en"):
        try:
            data = training_set(ruleset, lang, corpora, excluded)
        except ValueError as exc:
            fail(str(exc))
        if not any(data.claims) or all(data.claims):
            fail(f"{lang}: the training sentences need both claims and non-claims")
        out = model_path(folder, name, lang)
        write_model(train(data, lang, name, corpora=[p.as_posix() for p in corpora],
                          excluded=[p.as_posix() for p in excluded]), out)
        click.echo(f"{lang}: {len(data.texts)} sentences ({sum(data.claims)} claims) -> {out}")


@rules.command("validate")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
def rules_validate(paths) -> None:
    """Check rule, lexicon or context files (or folders of them) against the schema, and the
    claim models of the folders given."""
    from linter.matching.claim_model import ClaimModel, model_files
    from linter.matching.compiler import MAX_GAP_VARIANTS
    from linter.rules.loader import (
        RuleFileError,
        oversized_gap_sequences,
        read_yaml,
        rule_yaml_files,
        validate_document,
    )

    files = [f for p in paths for f in (rule_yaml_files(p) if p.is_dir() else [p])]
    broken = 0
    for file in files:
        try:
            data = read_yaml(file)  # read once: the schema check and the gap check both use it
            kind = validate_document(file, data)
        except RuleFileError as exc:
            broken += 1
            click.echo(f"medlint: error: {exc}", err=True)
        else:
            click.echo(f"{file}: ok ({kind.removesuffix('-file')})")
            # valid, but a sequence whose gaps give more exact-length patterns than the compiler
            # expands falls back to range quantifiers: slower, and spaCy keeps one alignment per
            # span, so say so to the rule author (session 61: a four-gap exception did this)
            for where, count in oversized_gap_sequences(data):
                click.echo(f"medlint: warning: {file}: {where}: its gaps give {count} exact-length "
                           f"patterns, over {MAX_GAP_VARIANTS}; narrow a gap (matching falls back "
                           "to slower range quantifiers)", err=True)
    # a folder's claim models too: a run reads one only at the review tier or to confirm a
    # word cue that matched, so a broken one would otherwise show only there
    for model in (m for p in paths if p.is_dir() for m in model_files(p)):
        try:
            ClaimModel.load(model)
        except (OSError, ValueError) as exc:
            broken += 1
            click.echo(f"medlint: error: {model}: not a usable claim model ({exc})", err=True)
        else:
            click.echo(f"{model}: ok (claim model)")
    sys.exit(2 if broken else 0)


@rules.command("explain")
@click.argument("text")
@click.option("--lang", type=click.Choice(LANGS), help="Language (default: detected).")
@click.option("--rules-dir", "rules_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path))
def rules_explain(text, lang, rules_dirs) -> None:
    """Show how TEXT is analysed: tokens, normalised forms, lexicon hits, matches, triggers."""
    from linter.api import Linter
    from linter.engine import shared_compiled
    from linter.language.detect import detect_language
    from linter.matching.extensions import LEX
    from linter.rules.loader import RuleFileError

    # one Linter, whose rule set is also the one analysed below (loaded and compiled once)
    linter = Linter({"min-severity": "info",
                     "rules-dirs": [str(d) for d in rule_dirs(tuple(rules_dirs))]})
    try:
        ruleset = linter.ruleset(linter.settings_for("."))
    except RuleFileError as exc:
        fail(str(exc))
    lang = lang or detect_language(text) or "en"
    compiled = shared_compiled(ruleset)
    language = compiled.language(lang)
    pipeline = compiled.pipelines.get(lang)
    doc = pipeline.full(text)
    language.annotate(doc)
    click.echo(f"lang={lang}  prefilter candidate: "
               f"{compiled.prefilter(lang).candidate(lang, text)}")
    click.echo("tokens (index, text, normalised form, tag, dependency, head, lexicons):")
    for token in doc:
        key = token.norm_ if pipeline.term_attr == "NORM" else token.lemma_
        # lexicons named "~..." are a rule's own inline term lists, not something to look up
        lex = ",".join(name for name in token._.get(LEX) if not name.startswith("~"))
        click.echo(f"  {token.i:>3} {token.text:<12} {key:<12} {token.tag_:<20} "
                   f"{token.dep_:<10} head={token.head.i:<3} {lex}")
    shown = set()
    for match in language.match(doc, lambda: doc):
        line = (f"  {'match' if match.role == 'match' else match.role:<9} {match.rule_id}: "
                f"{doc[match.start:match.end].text}")
        if line not in shown and match.role in ("match", "exception"):
            shown.add(line)
            click.echo(line)
    for trigger, match in language.trigger_matches(doc):
        # a to_review trigger lowers a claim to the review tier instead of clearing it
        lowers = ", lowers to the review tier" if trigger.to_review else ""
        line = (f"  trigger   {trigger.id} ({trigger.kind}, {trigger.direction}{lowers}): "
                f"{doc[match.start:match.end].text}")
        if line not in shown:
            shown.add(line)
            click.echo(line)
    from linter.matching.errors import RuleCompileError

    try:
        for path in sorted({r.model.path for r in ruleset.rules
                            if r.model is not None and r.lang == lang}):
            score = compiled.claim_model(path).score(text)
            click.echo(f"claim model {path.name}: claim probability {score.gate:.2f}, most "
                       f"likely category {score.label}")
        result = linter.lint_text(text, lang=lang)
    except RuleCompileError as exc:
        fail(str(exc))
    click.echo("findings (after exceptions, context and the post-processing chain):")
    for finding in result.findings:
        click.echo(f"  {finding.rule_id} [{finding.category}] {finding.severity}: "
                   f"{finding.matched}")
    if not result.findings:
        click.echo("  (none)")
