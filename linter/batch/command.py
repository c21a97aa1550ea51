"""The ``medlint batch`` command (registered lazily by ``linter.cli``).

Top-level imports stay cheap: Dask and pyarrow are imported when the command runs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from linter.rules.model import LANGS, PROFILES, SEVERITIES


def _default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


@click.command("batch", context_settings={"help_option_names": ["-h", "--help"],
                                          "max_content_width": 100})
@click.argument("inputs", nargs=-1, type=str, metavar="INPUT...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output file: JSON Lines (one line per record), or Parquet.")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "parquet"]),
              default="jsonl", show_default=True, help="Output format.")
@click.option("--scheduler", default="local", show_default=True, metavar="local|tcp://HOST:PORT",
              help="'local' starts a Dask LocalCluster; an address uses an existing one.")
@click.option("--workers", type=click.IntRange(min=1), default=_default_workers,
              show_default="cores, at most 4",
              help="Worker processes of the local cluster (one thread each).")
@click.option("--partition-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Records per Dask task.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=1024 * 1024,
              show_default=True, help="A record's text above this many UTF-8 bytes is an "
              "error line instead of being linted.")
@click.option("--resume", is_flag=True,
              help="Keep the partitions an interrupted run finished (OUTPUT.parts/).")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Dask re-runs of a partition whose task failed.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option("--lang", type=click.Choice(["auto", *LANGS]),
              help="Default language of records without a 'lang' field.")
@click.option("--locale", type=click.Choice(["auto", *LANGS]), help="Language of messages.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rule ids, id prefixes or categories (comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Skip these rule ids, id prefixes or categories (comma-separated).")
@click.option("--min-severity", type=click.Choice(SEVERITIES),
              help="Do not report findings below this severity.")
@click.option("--profile", type=click.Choice(PROFILES),
              help="Default kind of advertiser for records without a 'profile' field.")
@click.option("--rules-dir", "rules_dirs", multiple=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Extra folder of rule files (must exist at the same path on workers).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Config file (default: the one that applies to the current folder).")
@click.option("--no-context", is_flag=True,
              help="Diagnostic: also report negated, disclaimed and quoted claims.")
def batch(inputs, output, output_format, scheduler, workers, partition_size, max_bytes, resume,
          retries, quiet, lang, locale, select, ignore, min_severity, profile, rules_dirs,
          config_file, no_context) -> None:
    """Lint INPUT records on Dask: JSON Lines ({"id", "text" | "path", ...}), files of
    paths, or folders.  Writes OUTPUT (one line per record, in input order) and
    OUTPUT.summary.json."""
    import json

    from linter.api import Linter, RunOptions
    from linter.batch.records import BatchInputError
    from linter.batch.runner import BatchOptions, dask_client, parts_dir, run_batch, summary_path
    from linter.batch.worker import LinterSpec
    from linter.cli import _is_an_input, fail, split_list
    from linter.config.resolve import Overrides
    from linter.config.settings import ConfigError
    from linter.rules.loader import RuleFileError

    try:
        import distributed  # noqa: F401
    except ImportError:
        fail("medlint batch needs Dask: install the 'batch' extra of medlint-claims "
             "(pip install '.[batch]' in a clone of the repository)")
    if not inputs:
        fail("no inputs given; try 'medlint batch records.jsonl -o findings.jsonl'")
    for target in (output, summary_path(output), parts_dir(output)):
        if _is_an_input(target, inputs):
            fail(f"{target}: the output names one of the inputs; refusing to overwrite an input")
    if output_format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            fail("--format parquet needs pyarrow: install the 'batch' extra of medlint-claims")
    if scheduler != "local" and not scheduler.startswith(("tcp://", "tls://", "ws://",
                                                          "wss://", "inproc://")):
        fail(f"--scheduler {scheduler!r}: use 'local' or an address such as tcp://HOST:8786")
    overrides = Overrides({
        "lang": lang, "locale": locale, "select": split_list(select),
        "ignore": split_list(ignore), "min-severity": min_severity, "profile": profile,
        "rules-dirs": tuple(p.resolve() for p in rules_dirs) or None,
    })
    try:
        # settings are resolved here, on the client, once: workers need no config file
        client_linter = Linter(overrides, config_file=config_file,
                               discover_config=config_file is None)
        settings = client_linter.settings_for("<text>")
    except (ConfigError, RuleFileError) as exc:
        fail(str(exc))
    spec = LinterSpec(settings=settings, run=RunOptions(context=not no_context))
    options = BatchOptions(output=output, format=output_format, partition_size=partition_size,
                           max_bytes=max_bytes, retries=retries, resume=resume,
                           progress=not quiet and sys.stderr.isatty())
    connected = False
    try:
        with dask_client(scheduler, workers) as client:
            connected = True
            _check_workers(client, fail)
            summary = run_batch(list(inputs), spec, client, options)
    except BatchInputError as exc:
        fail(str(exc))
    except OSError as exc:
        if not connected:
            fail(f"cannot start or reach the Dask scheduler {scheduler!r} ({exc})")
        fail(f"cannot write the output ({exc})")
    except KeyboardInterrupt:
        click.echo(f"medlint: interrupted; finished partitions are kept in "
                   f"{parts_dir(output)}: run the same command with --resume", err=True)
        sys.exit(130)
    except Exception as exc:  # a partition that failed past its retries, a lost scheduler
        click.echo(f"medlint: error: the batch stopped ({type(exc).__name__}: {exc}); "
                   f"finished partitions are kept in {parts_dir(output)}: run the same "
                   "command with --resume", err=True)
        sys.exit(3)
    if not quiet:
        brief = {key: summary[key] for key in ("records", "ok", "errors", "findings",
                                               "records_per_second")}
        click.echo(f"medlint batch: {json.dumps(brief)}; summary in {summary_path(output)}",
                   err=True)


def _check_workers(client, fail) -> None:
    """Every worker must run this medlint version (an existing cluster may not)."""
    from linter import __version__
    from linter.batch.worker import medlint_version

    try:
        versions = client.run(medlint_version)
    except Exception as exc:  # a worker without medlint cannot even unpickle the call
        fail(f"cannot run medlint on the Dask workers ({type(exc).__name__}: {exc}); "
             "install medlint on every worker")
    wrong = {worker: v for worker, v in versions.items() if v != __version__}
    if wrong:
        worker, version = next(iter(wrong.items()))
        fail(f"worker {worker} runs medlint {version}, this client {__version__}; install "
             "the same version on every worker")
