"""The gate never passes silently: selector typos, internal errors, Ctrl-C, overwriting inputs.

Each test reproduces a way today's main could be switched off or lose a draft.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from linter.cli import EXIT_INTERNAL_ERROR, EXIT_INTERRUPTED, main

CLAIM = "Our drip cures migraines.\n"


def run(*args: str, cwd=None):
    return CliRunner().invoke(main, ["check", "--no-cache", *args], catch_exceptions=False)


@pytest.fixture
def draft(tmp_path):
    page = tmp_path / "a.md"
    page.write_text(CLAIM, encoding="utf-8")
    return page


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_a_category_typo_on_the_command_line_is_exit_2_with_the_closest_name(draft, option):
    result = run(option, "disease", str(draft))
    assert result.exit_code == 2
    assert "unknown rule selector 'disease'" in result.output
    assert "disease-claim" in result.output  # the closest valid name
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("table", [
    'select = ["JA-NOPE"]',
    'ignore = ["safety-clam"]',
    '[severity]\n"EN-DISEASE-TRET" = "info"',
    '[per-file-ignores]\n"*.md" = ["testimonal"]',
])
def test_a_selector_typo_in_config_is_exit_2_naming_the_file(tmp_path, draft, table):
    (tmp_path / ".medlint.toml").write_text(table + "\n", encoding="utf-8")
    result = run(str(draft))
    assert result.exit_code == 2, result.output
    assert ".medlint.toml" in result.output and "unknown rule selector" in result.output


def test_valid_selectors_of_every_kind_are_accepted(draft):
    for selector in ("EN-DISEASE-TREAT", "EN-DISEASE", "EN", "disease-claim", "ALL"):
        assert run("--select", selector, str(draft)).exit_code == 1, selector


def test_an_internal_error_is_exit_3_not_the_findings_code(draft, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("linter.api.Linter.lint_paths", broken)
    result = CliRunner().invoke(main, ["check", str(draft)])
    assert result.exit_code == EXIT_INTERNAL_ERROR == 3
    assert "internal error" in result.output and "simulated bug" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_sigint_exits_130():
    """Ctrl-C while medlint waits on standard input: 130, as a shell reports it, never 1."""
    # Ctrl-C's default disposition in the child, as an interactive shell gives it: a test run
    # started in the background of a non-interactive shell ignores SIGINT, the child inherits
    # that, and medlint then rightly keeps waiting and exits 0 at the end of input (session 59's
    # clean-clone CI runs, started with "&", failed this way with an empty stderr).
    process = subprocess.Popen([sys.executable, "-m", "linter", "check", "-"],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        time.sleep(3)  # let it import and block on the read
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == EXIT_INTERRUPTED == 130, err


def test_the_report_never_overwrites_the_draft(draft):
    before = draft.read_bytes()
    result = run(str(draft), "-o", str(draft))
    assert result.exit_code == 2 and "refusing to overwrite an input" in result.output
    assert draft.read_bytes() == before


def test_a_report_into_a_linted_folder_does_not_overwrite_a_draft_there(tmp_path, draft):
    other = tmp_path / "b.html"
    other.write_text("<p>ok</p>", encoding="utf-8")
    result = run(str(tmp_path), "-o", str(other))
    assert result.exit_code == 2 and other.read_text(encoding="utf-8") == "<p>ok</p>"
    # a new report file in the same folder is fine
    assert run(str(tmp_path), "-o", str(tmp_path / "report.json")).exit_code == 1


def test_write_baseline_never_overwrites_the_draft(draft):
    before = draft.read_bytes()
    result = run(str(draft), "--write-baseline", str(draft))
    assert result.exit_code == 2 and draft.read_bytes() == before


def test_stdin_is_not_an_input_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert not os.path.exists("-")
    result = CliRunner().invoke(main, ["check", "--no-cache", "-", "-o", "out.txt"],
                                input=CLAIM)
    assert result.exit_code == 1 and (tmp_path / "out.txt").exists()


def test_a_file_name_with_undecodable_bytes_is_reported_not_a_crash(tmp_path):
    """Linux file names are bytes: one that is not UTF-8 reaches the report as surrogates,
    which used to crash the JSON report on a UTF-8 stdout."""
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.md")
    with open(os.fsencode(name), "w", encoding="utf-8") as stream:
        stream.write(CLAIM)
    for fmt in ("json", "full", "sarif"):
        result = CliRunner().invoke(main, ["check", "--no-cache", "--format", fmt, name])
        assert result.exit_code == 1, (fmt, result.output)
        assert "EN-DISEASE-TREAT" in result.stdout


def test_medlints_own_finding_ids_are_valid_selectors(tmp_path):
    """Like ruff's RUF100, the unused-suppression report can be ignored by its id; a typo in
    such an id is still an error."""
    page = tmp_path / "a.md"
    page.write_text("<!-- medlint-disable-next-line EN-SAFETY -->\nOur clinic opens at ten.\n",
                    encoding="utf-8")
    def ids(result):
        return [f["rule_id"] for f in json.loads(result.stdout)["files"][0]["findings"]]

    assert ids(run("--format", "json", str(page))) == ["MEDLINT-UNUSED-SUPPRESSION"]
    for selector in ("MEDLINT-UNUSED-SUPPRESSION", "MEDLINT"):
        hidden = run("--format", "json", "--ignore", selector, str(page))
        assert hidden.exit_code == 0 and ids(hidden) == []
    typo = run("--ignore", "MEDLINT-UNUSED-SUPRESSION", str(page))
    assert typo.exit_code == 2 and "unknown rule selector" in typo.output
