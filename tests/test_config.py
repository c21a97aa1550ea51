"""Configuration in pyproject.toml / .medlint.toml, found from the linted file upward."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from linter.cli import main

CLAIMS = ("NMN IV therapy reduces cortisol and cures insomnia.\n\n"
          "Limited time offer on our NMN drip.\n")


@contextmanager
def working_directory(path):
    previous = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(previous)


def rule_ids(path, *args):
    result = CliRunner().invoke(main, ["check", "--format", "json", *args, str(path)])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    return [f["rule_id"] for file in report["files"] for f in file["findings"]]


@pytest.fixture
def project(tmp_path):
    (tmp_path / "site" / "blog").mkdir(parents=True)
    page = tmp_path / "site" / "blog" / "post.md"
    page.write_text(CLAIMS, encoding="utf-8")
    return tmp_path, page


def test_pyproject_table_is_found_from_the_file_upward(project):
    root, page = project
    (root / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.medlint]\nignore = ["inducement", "EN-MECHANISM"]\n',
        encoding="utf-8")
    assert rule_ids(page) == ["EN-DISEASE-TREAT"]


def test_closest_config_wins_and_medlint_toml_beats_pyproject(project):
    root, page = project
    (root / "pyproject.toml").write_text('[tool.medlint]\nselect = ["inducement"]\n',
                                         encoding="utf-8")
    assert rule_ids(page) == ["EN-INDUCEMENT-URGENCY"]
    (root / "site" / ".medlint.toml").write_text('select = ["mechanism-claim"]\n',
                                                 encoding="utf-8")
    assert rule_ids(page) == ["EN-MECHANISM-PHYSIOLOGY"]


def test_command_line_wins_over_config(project):
    root, page = project
    (root / ".medlint.toml").write_text('select = ["inducement"]\n', encoding="utf-8")
    assert rule_ids(page, "--select", "disease-claim") == ["EN-DISEASE-TREAT"]


def test_severity_overrides_and_fail_on(project):
    root, page = project
    (root / ".medlint.toml").write_text(
        'select = ["inducement"]\nfail-on = "error"\n\n[severity]\ninducement = "error"\n',
        encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(page)])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"][0]["findings"][0]["severity"] == "error"


def test_exclude_and_per_file_ignores(project):
    root, page = project
    (root / "site" / "legacy.md").write_text(CLAIMS, encoding="utf-8")
    (root / ".medlint.toml").write_text(
        'exclude = ["site/legacy.md"]\n\n[per-file-ignores]\n"site/blog/**" = ["disease-claim"]\n',
        encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(root / "site")])
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == [str(page)]
    ids = {f["rule_id"] for f in report["files"][0]["findings"]}
    assert "EN-DISEASE-TREAT" not in ids and "EN-MECHANISM-PHYSIOLOGY" in ids


def test_extra_rule_folder_from_config_is_validated_and_used(project):
    root, page = project
    rules = root / "company-rules"
    rules.mkdir()
    (rules / "offer.yaml").write_text(
        "rules:\n"
        "  - id: EN-COMPANY-OFFER\n"
        "    category: inducement\n"
        "    severity: error\n"
        "    lang: en\n"
        "    message: Our house style forbids the word offer.\n"
        "    suggestion: Say what the price is.\n"
        "    references: [{source: House style, section: '4.2'}]\n"
        "    match: [{sequence: [{term: offer}]}]\n"
        "    examples: {flag: [A great offer.], pass: [A great price.]}\n",
        encoding="utf-8")
    (root / ".medlint.toml").write_text('rules-dirs = ["company-rules"]\n', encoding="utf-8")
    assert "EN-COMPANY-OFFER" in rule_ids(page)
    (rules / "offer.yaml").write_text("rules: []\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page)])
    assert result.exit_code == 2
    assert "offer.yaml: $.rules: [] should be non-empty" in result.stderr


def test_profile_from_config_and_from_command_line(project):
    root, page = project
    page.write_text("This supplement is completely safe. Our NMN capsules boost energy.\n",
                    encoding="utf-8")
    (root / ".medlint.toml").write_text('profile = "drug"\n', encoding="utf-8")
    assert "EN-BODY-FUNCTION" not in rule_ids(page)
    assert "EN-BODY-FUNCTION" in rule_ids(page, "--profile", "supplement")


def test_config_command_shows_values_and_their_sources(project):
    root, page = project
    (root / "pyproject.toml").write_text('[tool.medlint]\nprofile = "clinic"\n',
                                         encoding="utf-8")
    result = CliRunner().invoke(main, ["config", str(page), "--format", "json"])
    data = json.loads(result.output)
    assert data["config_file"] == str(root / "pyproject.toml")
    assert data["settings"]["profile"] == {"value": "clinic",
                                           "source": str(root / "pyproject.toml")}
    assert data["settings"]["fail-on"] == {"value": "error", "source": "default"}
    text = CliRunner().invoke(main, ["config", str(page)]).output
    assert "profile" in text and "clinic" in text and "# default" in text


@pytest.mark.parametrize(("content", "message"), [
    ("select = [1]\n", "'select' must be a list of strings"),
    ("profile = 'hospital'\n", "'profile' must be one of"),
    ("colour = 'red'\n", "unknown setting 'colour'"),
    ("select = [\n", "invalid TOML"),
])
def test_bad_config_is_one_line_and_exit_2(project, content, message):
    root, page = project
    (root / ".medlint.toml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(page)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr


def test_no_config_uses_defaults(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(CLAIMS, encoding="utf-8")
    with working_directory(tmp_path):
        data = json.loads(CliRunner().invoke(main, ["config", "--format", "json"]).output)
    assert data["config_file"] is None


def test_min_severity_locale_and_lang_from_config(project):
    root, page = project
    page.write_text("NMN点滴で中途覚醒が減ります。\n\nLimited time offer on our NMN drip.\n",
                    encoding="utf-8")
    (root / ".medlint.toml").write_text(
        'min-severity = "error"\nlocale = "en"\nignore = ["missing-disclosure"]\n',
        encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(page)])
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [f["rule_id"] for f in findings] == ["JA-DISEASE-TREAT"]  # the warning is below
    assert findings[0]["message"].startswith("Claims to cure")  # English message for a JA rule
    (root / ".medlint.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert "JA-DISEASE-TREAT" not in rule_ids(page)


def test_an_english_model_that_is_not_installed_is_a_clear_error(project):
    root, page = project
    (root / ".medlint.toml").write_text('english-model = "en_core_web_nonexistent"\n',
                                        encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(page)])
    assert result.exit_code == 2
    assert result.stderr.startswith("medlint: error: cannot load a language pipeline:")
    assert result.stderr.count("\n") == 1
