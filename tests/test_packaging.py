"""`pip install .` (not only -e) must ship the rules and the JSON Schemas.

pre-commit installs hooks that way, so an editable install proving nothing is not enough.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import REPO


@pytest.mark.slow
def test_wheel_contains_rules_and_schemas(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), "-q"],
        check=True, capture_output=True, text=True,
    )
    # the distribution is "medlint-claims" (PyPI's "medlint" is another project)
    wheel = next(tmp_path.glob("medlint_claims-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    rules = REPO / "rules"
    rule_files = {p.relative_to(rules).as_posix() for p in rules.rglob("*.yaml")}
    assert rule_files, "the repository has rule files"
    assert {f"linter/_rules/{name}" for name in rule_files} <= names
    for schema in ("rule-file", "lexicon-file", "context-file", "output"):
        assert f"linter/schemas/{schema}.schema.json" in names
    assert any(n.endswith("entry_points.txt") for n in names)
