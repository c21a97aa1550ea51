"""Issue 14: reading never takes the run down and its work is bounded for any input."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO

from linter.cli import main
from linter.reading import registry
from linter.reading.decoding import decode_bytes
from linter.reading.discovery import discover
from linter.reading.errors import InputError
from linter.reading.html import neutralise_unterminated_tail, read_html
from linter.reading.registry import (
    LINTABLE_SUFFIXES,
    parse_size,
    read_bytes,
    read_path,
    read_raw,
    read_stream,
)

CLAIM_JA = "当院のNMN点滴で不眠症が治ります。\n"


def _check(*args):
    result = CliRunner().invoke(main, ["check", "--no-cache", *args])
    assert "Traceback" not in result.output
    return result


# -- decoding ------------------------------------------------------------------------------
def test_iso_2022_jp_is_detected(tmp_path):
    data = ("ご案内です。\n" + CLAIM_JA).encode("iso2022_jp")
    assert b"\x1b$B" in data and max(data) < 0x80  # real 7-bit JIS bytes
    assert decode_bytes(data, "x.txt") == "ご案内です。\n" + CLAIM_JA
    path = tmp_path / "jis.txt"
    path.write_bytes(data)
    result = _check("--format", "json", str(path))
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert ("JA-DISEASE-TREAT", 2, 10) in {(f["rule_id"], f["line"], f["column"])
                                          for f in findings}


def test_plain_ascii_with_an_escape_is_still_text():
    assert decode_bytes(b"hello \x1b[1m bold\n", "x.txt") == "hello \x1b[1m bold\n"


# -- a reader never takes the run down -----------------------------------------------------
def test_any_reader_exception_is_that_files_input_error(monkeypatch):
    def broken(path, text):
        raise AttributeError("'NoneType' object has no attribute 'x'\nsecond line")

    monkeypatch.setattr("linter.reading.markdown.read_markdown", broken)
    with pytest.raises(InputError) as raised:
        read_bytes("a.md", b"text")
    assert "AttributeError" in raised.value.message and "\n" not in raised.value.message


# -- input limits --------------------------------------------------------------------------
def test_files_over_the_size_limit_are_refused_with_a_clear_message(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    with pytest.raises(InputError, match="larger than the input limit"):
        read_path(str(path), max_size=1000)
    assert read_path(str(path), max_size=4000).text == "a" * 2000
    monkeypatch.setenv(registry.MAX_FILE_SIZE_ENV, "1KB")
    with pytest.raises(InputError, match="max-file-size"):
        read_raw(str(path))
    with pytest.raises(InputError):
        read_bytes("x.txt", b"a" * 2000)
    import io

    with pytest.raises(InputError, match="larger"):
        read_stream(io.BytesIO(b"a" * 2000))
    result = _check(str(path))
    assert result.exit_code == 2 and "larger than the input limit" in result.stderr


def test_default_limit_and_sizes():
    assert registry.default_max_file_size() == 10 * 1024 * 1024
    assert parse_size("10MB") == parse_size("10 mb") == 10 * 1024 * 1024
    assert parse_size(500) == 500 and parse_size("2KiB") == 2048
    for bad in ("ten", "-1", 0, True, "1TB"):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_a_fifo_is_skipped_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    started = time.monotonic()
    with pytest.raises(InputError, match="FIFO"):
        read_raw(str(fifo))
    result = _check(str(fifo))
    assert result.exit_code == 2 and "FIFO" in result.stderr
    assert time.monotonic() - started < 10


def test_a_device_is_never_read():
    with pytest.raises(InputError, match="device"):
        read_raw("/dev/zero")
    result = _check("/dev/zero")
    assert result.exit_code == 2 and "not a regular file" in result.stderr


def test_a_symlink_loop_is_an_input_error(tmp_path):
    (tmp_path / "a.md").symlink_to(tmp_path / "b.md")
    (tmp_path / "b.md").symlink_to(tmp_path / "a.md")
    with pytest.raises(InputError, match="loop"):
        read_raw(str(tmp_path / "a.md"))
    for target in (tmp_path / "a.md", tmp_path):
        result = _check(str(target))
        assert result.exit_code == 2, result.output
        assert "symbolic link loop" in result.stderr


def test_a_file_name_with_undecodable_bytes(tmp_path):
    folder = os.fsencode(tmp_path)
    name = os.path.join(folder, b"draft\xff.md")
    with open(name, "wb") as stream:
        stream.write(b"Our drip cures insomnia.\n")
    assert list(discover([str(tmp_path)])) == [os.fsdecode(name)]
    assert read_path(os.fsdecode(name)).text == "Our drip cures insomnia.\n"
    from linter.api import Linter, RunOptions

    cached = Linter(run=RunOptions(cache=True, cache_dir=tmp_path / "cache"))
    result = cached.lint_file(os.fsdecode(name))  # the results cache keys the name too
    assert result.error is None and result.findings


# -- discovery -----------------------------------------------------------------------------
def test_discover_walks_like_the_runner_and_collects_problems(tmp_path):
    (tmp_path / "b.md").write_text("x", encoding="utf-8")
    (tmp_path / "a.TXT").write_text("x", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"x")
    for skipped in ("node_modules", ".git", ".hidden", "venv"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "c.md").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.docx").write_bytes(b"x")
    (tmp_path / "sub" / "ignored.md").write_text("x", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("sub/ignored.md\n", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "link-to-parent").symlink_to(tmp_path)  # never followed: no endless walk
    expected = [str(tmp_path / n) for n in ("a.TXT", "b.md", "pipe.md", "sub/d.docx")]
    assert list(discover([str(tmp_path)])) == expected
    errors: list[InputError] = []
    found = list(discover([str(tmp_path), str(tmp_path / "loop"), "-"], errors))
    assert found == [p for p in expected if not p.endswith("pipe.md")] + ["-"]
    assert [(Path(e.path).name, e.message) for e in errors] == [
        ("pipe.md", "not a regular file (a FIFO); skipped"),
        ("loop", "symbolic link loop")]


def test_precommit_hook_pattern_covers_exactly_the_readers():
    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    pattern = re.compile(hook["files"])
    for suffix in LINTABLE_SUFFIXES:
        assert pattern.search(f"site/page{suffix}") and pattern.search(f"PAGE{suffix.upper()}")
    for other in ("a.py", "a.doc", "a.pdf.bak", "a.md.bak", "docx"):
        assert not pattern.search(other)


# -- HTML: linear and exact ------------------------------------------------------------------
@pytest.mark.parametrize("unit", ["<a ", '<a "', "</a ", "<a b=", "<!x ", "<!-- ", "<?x "])
def test_html_with_unclosed_tags_is_linear(unit):
    text = unit * (100_000 // len(unit))
    started = time.monotonic()
    document = read_html("page.html", text)
    assert time.monotonic() - started < 2
    assert len(document.text) == len(text)


def test_html_unclosed_tail_is_blanked_like_html5():
    text = "<p>Our drip cures insomnia.</p>\n<a href='x\nstill in the tag"
    fed = neutralise_unterminated_tail(text)
    assert len(fed) == len(text) and fed.count("\n") == text.count("\n")
    document = read_html("page.html", text)
    assert document.text.strip() == "Our drip cures insomnia."
    start = document.text.index("Our")
    assert text[start:start + 24] == "Our drip cures insomnia."


@pytest.mark.parametrize("unit", ["<!--", "<!-- medlint-", "[^", '](x "', "``a`", "]["])
def test_markdown_with_repeated_openers_is_not_quadratic(unit):
    from linter.reading.markdown import read_markdown

    text = unit * (100_000 // len(unit))
    started = time.monotonic()
    document = read_markdown("page.md", text)
    assert time.monotonic() - started < 8  # markdown-it itself needs ~2.5 s for 100 KB of "["
    assert len(document.text) == len(text)


def test_input_error_messages_are_one_line():
    assert InputError("a", "broken\n<!-- quoted\nfile -->").message == "broken <!-- quoted file -->"
