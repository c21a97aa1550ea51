"""The pre-commit hook, installed the way users install it (pre-commit try-repo).

pre-commit builds the hook's own environment with `pip install` of this
repository (not an editable install), so this also proves the package ships its
rules.  Slow (it installs spaCy and GiNZA into a fresh environment, and try-repo builds it
again on every run), so one run lints both the claim and the clean file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.heavy]


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path_factory.mktemp("site")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "ci@example.com")
    _git(repo, "config", "user.name", "CI")
    (repo / "claim.md").write_text("# NMN\n\nOur NMN drip cures insomnia.\n", encoding="utf-8")
    (repo / "clean.md").write_text("# Access\n\nWe are open from 10 am.\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "pages")
    return repo


def _try_repo(site, tmp_path_factory, *files):
    env = dict(os.environ)
    env["PRE_COMMIT_HOME"] = str(tmp_path_factory.getbasetemp() / "pre-commit-home")
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "medlint",
         "--files", *files, "--verbose"],
        cwd=site, env=env, capture_output=True, text=True, timeout=1200,
    )


def test_hook_fails_on_a_claim_and_prints_path_line_col_and_nothing_for_a_clean_file(
        hook_repo, tmp_path_factory):
    # one try-repo run for both files: each run builds the hook's environment afresh (about
    # 30 s of pip), and a clean file's silence is seen in the same output
    result = _try_repo(hook_repo, tmp_path_factory, "claim.md", "clean.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "claim.md:3:14: EN-DISEASE-TREAT [disease-claim]" in result.stdout
    assert "clean.md" not in result.stdout + result.stderr


def test_the_hooks_command_passes_on_a_clean_file(hook_repo, monkeypatch):
    """The hook's own entry (from .pre-commit-hooks.yaml, as pre-commit runs it) exits 0 on a
    clean file; the try-repo run above shows the installed hook runs that entry."""
    import shlex

    import yaml
    from click.testing import CliRunner

    from linter.cli import main

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    program, *args = shlex.split(hook["entry"]) + hook.get("args", [])
    assert program == "medlint"
    monkeypatch.chdir(hook_repo)
    result = CliRunner().invoke(main, [*args, "clean.md"])
    assert result.exit_code == 0, result.output
