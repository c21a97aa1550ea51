"""Issue 14: broken baseline and config files are one-line errors (exit 2), never tracebacks;
--write-baseline writes only a new file or a medlint baseline."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.config.settings import ConfigError, Settings, apply_table, read_config_table
from linter.findings.baseline import BaselineError, load_baseline, write_baseline

CLAIM = "Our drip cures insomnia.\n"


def _check(*args):
    return CliRunner().invoke(main, ["check", *args])


def _one_line_error(result):
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert "Traceback" not in result.output
    return lines


# -- baseline ---------------------------------------------------------------------------------
MALFORMED_ENTRIES = [
    [1],                                                  # not an object
    [{"path": "a.md"}],                                   # missing rule_id and fingerprint
    [{"path": 3, "rule_id": "EN-X", "fingerprint": "f"}],  # wrong type
    [{"path": "a.md", "rule_id": "EN-X", "fingerprint": "f", "count": "two"}],  # bad count
]


@pytest.mark.parametrize("entries", MALFORMED_ENTRIES)
def test_malformed_baseline_entries_are_one_line_errors(tmp_path, entries):
    baseline = tmp_path / "b.json"
    baseline.write_text(json.dumps({"medlint_baseline": 1, "findings": entries}),
                        encoding="utf-8")
    with pytest.raises(BaselineError) as raised:
        load_baseline(baseline)
    assert "\n" not in str(raised.value) and "entry 1" in str(raised.value)
    page = tmp_path / "page.md"
    page.write_text(CLAIM, encoding="utf-8")
    _one_line_error(_check("--baseline", str(baseline), str(page)))


def test_findings_that_is_not_a_list_is_an_error(tmp_path):
    baseline = tmp_path / "b.json"
    baseline.write_text(json.dumps({"medlint_baseline": 1, "findings": {"a": 1}}),
                        encoding="utf-8")
    with pytest.raises(BaselineError):
        load_baseline(baseline)


def test_write_baseline_refuses_an_unrelated_existing_file(tmp_path):
    other = tmp_path / "notes.json"
    other.write_text('{"keep": "me"}', encoding="utf-8")
    with pytest.raises(BaselineError, match="not a medlint baseline"):
        write_baseline(other, [])
    assert other.read_text(encoding="utf-8") == '{"keep": "me"}'
    page = tmp_path / "page.md"
    page.write_text(CLAIM, encoding="utf-8")
    _one_line_error(_check("--write-baseline", str(other), str(page)))
    assert other.read_text(encoding="utf-8") == '{"keep": "me"}'


def test_write_baseline_overwrites_its_own_baseline_and_creates_folders(tmp_path):
    target = tmp_path / "missing" / "folder" / "b.json"
    assert write_baseline(target, []) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["medlint_baseline"] == 1
    assert write_baseline(target, []) == 0  # an existing medlint baseline may be replaced
    page = tmp_path / "page.md"
    page.write_text(CLAIM, encoding="utf-8")
    result = _check("--write-baseline", str(tmp_path / "nodir" / "b.json"), str(page))
    assert result.exit_code == 0, result.output
    assert load_baseline(tmp_path / "nodir" / "b.json")


def test_write_baseline_refuses_an_input_and_a_folder_it_cannot_create(tmp_path):
    page = tmp_path / "draft.md"
    page.write_text(CLAIM, encoding="utf-8")
    with pytest.raises(BaselineError, match="files being checked"):
        write_baseline(page, [], inputs=[str(page)])
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(BaselineError, match="cannot create the folder"):
        write_baseline(blocker / "sub" / "b.json", [])
    with pytest.raises(BaselineError, match="is a folder"):
        write_baseline(tmp_path, [])
    assert page.read_text(encoding="utf-8") == CLAIM


# -- config -----------------------------------------------------------------------------------
BROKEN_PYPROJECTS = {
    "medlint-is-a-number": ("[tool]\nmedlint = 5\n", "must be a table"),
    "tool-is-a-string": ('tool = "x"\n', "'tool' must be a table"),
    "array-of-tables": ("[[tool.medlint]]\nselect = ['ALL']\n", "array of tables"),
    "medlint-is-an-array": ("[tool]\nmedlint = [1, 2]\n", "must be a table"),
    "select-is-a-number": ("[tool.medlint]\nselect = 5\n", "list of strings"),
    "severity-is-an-array": ("[tool.medlint]\nseverity = ['x']\n", "must be a table"),
    "per-file-ignores-values": ("[tool.medlint]\nper-file-ignores = {a = 5}\n",
                                "list of strings"),
    "fail-on-is-a-number": ("[tool.medlint]\nfail-on = 3\n", "must be one of"),
    "report-unused-is-a-string": ("[tool.medlint]\nreport-unused-suppressions = 'yes'\n",
                                  "true or false"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_PYPROJECTS))
def test_wrong_config_shapes_are_one_line_errors(tmp_path, name):
    content, expected = BROKEN_PYPROJECTS[name]
    (tmp_path / "pyproject.toml").write_text(content, encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(CLAIM, encoding="utf-8")
    result = _check(str(page))
    lines = _one_line_error(result)
    assert len(lines) == 1 and expected in lines[0], result.output


def test_unknown_keys_and_severity_values_suggest_the_closest(tmp_path):
    path = tmp_path / ".medlint.toml"
    with pytest.raises(ConfigError, match="unknown setting 'min_severity'; did you mean "
                       "'min-severity'"):
        apply_table(Settings(), path, {"min_severity": "info"})
    with pytest.raises(ConfigError, match="did you mean 'select'"):
        apply_table(Settings(), path, {"selct": ["ALL"]})
    with pytest.raises(ConfigError, match=r"severity\.EN-X.*did you mean 'error'"):
        apply_table(Settings(), path, {"severity": {"EN-X": "eror"}})
    with pytest.raises(ConfigError, match="did you mean 'clinic'"):
        apply_table(Settings(), path, {"profile": "clinc"})
    with pytest.raises(ConfigError, match="must be a table"):
        apply_table(Settings(), path, ["select"])  # type: ignore[arg-type]


def test_read_config_table_of_a_pyproject_without_medlint(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.black]\nline-length = 100\n", encoding="utf-8")
    assert read_config_table(path) is None
    path.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert read_config_table(path) is None


def test_max_file_size_setting(tmp_path):
    path = tmp_path / ".medlint.toml"
    settings = Settings()
    assert settings.max_file_size == 10 * 1024 * 1024
    apply_table(settings, path, {"max-file-size": "20MB"})
    assert settings.max_file_size == 20 * 1024 * 1024
    apply_table(settings, path, {"max-file-size": 5000})
    assert settings.max_file_size == 5000
    for bad in ("lots", -1, True, [1]):
        with pytest.raises(ConfigError, match="max-file-size"):
            apply_table(Settings(), path, {"max-file-size": bad})
    with pytest.raises(ConfigError, match="did you mean 'max-file-size'"):
        apply_table(Settings(), path, {"max-filesize": 1})
