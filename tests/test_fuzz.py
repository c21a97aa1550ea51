"""Fuzzing every reader and every file medlint reads besides drafts (config, baseline,
cache entries): whatever the input, the only outcomes are a result or the one expected
one-line error (InputError, ConfigError, BaselineError, a cache miss); positions stay
exact.  Seeded (``derandomize``) and small, so the file runs in well under a minute;
``benchmarks/fuzz.py`` runs thousands of inputs per reader."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from gate_docx import deleted, inserted, package, paragraph, run
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linter.cache import Cache
from linter.config.settings import ConfigError, Settings, apply_table, read_config_table
from linter.findings.baseline import BaselineError, load_baseline
from linter.matching.prefilter import Prefilter
from linter.reading.errors import InputError
from linter.reading.registry import read_bytes
from linter.reading.suppressions import parse_suppressions

FUZZ = settings(derandomize=True, deadline=None, max_examples=60,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
SMALL = settings(FUZZ, max_examples=20)

CLAIMS = ["Our drip cures insomnia.", "It is completely safe.", "当院の点滴で不眠症が治ります。",
          "副作用はありません。", "No. 1 in Japan!"]
MARKUP = ["<!--", "-->", "<a ", "<p>", "</p>", "<b>", "&amp;", "&#", "&#x41;", "<", ">", "\"",
          "'", "=", "**", "_", "`", "```\n", "[", "](", ")", "# ", "- ", "> ", "|", "\n", "\n\n",
          "---\n", "<!-- medlint-disable-line EN-DISEASE-TREAT -->",
          "<!-- medlint-disable -->", "<!-- medlint-enable -->",
          "# medlint-disable-next-line -- why\n", "<script>", "</script>", "<img alt=\"",
          "\r\n", "\t", "\u3000", "\ufeff", "\x00", "\x1b$B", "\u2028"]
fragments = st.lists(st.one_of(st.sampled_from(CLAIMS), st.sampled_from(MARKUP),
                               st.text(max_size=12)), max_size=40).map("".join)
raw_bytes = st.one_of(st.binary(max_size=400), fragments.map(lambda t: t.encode("utf-8")))


def _read(path: str, data: bytes):
    try:
        return read_bytes(path, data)
    except InputError as error:
        assert "\n" not in error.message, error.message
        # the safety net turns a reader's own exception into "cannot read this ... file";
        # that keeps the run alive, but for the fuzzer it is a bug in the reader
        assert not error.message.startswith("cannot read this"), error.message
        return None


def _positions_exact(document, entities: bool) -> None:
    """Masked text keeps the original's length and lines; every character it keeps is the
    original's character at the same offset (HTML entities are decoded in place)."""
    assert len(document.text) == len(document.original)
    for i, (masked, original) in enumerate(zip(document.text, document.original, strict=True)):
        if masked == original or masked == " ":
            continue
        if masked == "\n" and original != "\n":  # a separator written over markup
            continue
        assert entities and "&" in document.original[max(0, i - 12):i + 1], (i, masked, original)
    for start, end in document.blocks or ():
        assert 0 <= start <= end <= len(document.text)
    lines = document.original.count("\n") + 1
    for suppression in document.suppressions:
        assert 1 <= suppression.comment_line <= lines


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html"])
@FUZZ
@given(data=raw_bytes)
def test_text_readers_never_raise_and_keep_positions(suffix, data):
    document = _read(f"page{suffix}", data)
    if document is not None:
        _positions_exact(document, entities=suffix == ".html")


@SMALL
@given(text=fragments)
def test_findings_point_at_their_words(text):
    """Through the whole engine: every finding's span, read in the masked text, is its
    matched words, and the sentence span lies inside the file."""
    from linter import lint_text

    for path in ("page.md", "page.html", "page.txt"):
        document = _read(path, text.encode("utf-8"))
        if document is None:
            continue
        for finding in lint_text(text, path=path).findings:
            if finding.missing or finding.rule_id.startswith("MEDLINT-"):
                continue
            masked = document.text[finding.offset:finding.end_offset]
            if path != "page.html" or "&" not in text:  # entities are decoded in place
                assert "".join(masked.split()) == "".join(finding.matched.split()), (
                    path, masked, finding.matched)
            assert 0 <= finding.sentence_start <= finding.offset <= finding.end_offset \
                <= finding.sentence_end <= len(text)


# -- .docx ----------------------------------------------------------------------------------
SEED_DOCX = package(
    paragraph(run("当院の点滴で、"), inserted("不眠症を治します"), run("。"))
    + paragraph(run("We "), deleted("cure"), run(" help.")) + "<w:tbl><w:tr><w:tc>"
    + paragraph(run("cell")) + "</w:tc></w:tr></w:tbl>",
    headers=[paragraph(run("Header"))], footers=[paragraph(run("Footer"))],
    footnotes='<w:footnote w:id="1">' + paragraph(run("Note")) + "</w:footnote>")


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rezip(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@st.composite
def mutated_docx(draw) -> bytes:
    how = draw(st.sampled_from(["flip", "truncate", "member", "splice", "drop"]))
    data = SEED_DOCX
    if how == "flip":
        flipped = bytearray(data)
        for _ in range(draw(st.integers(1, 8))):
            index = draw(st.integers(0, len(flipped) - 1))
            flipped[index] = draw(st.integers(0, 255))
        return bytes(flipped)
    if how == "truncate":
        return data[:draw(st.integers(0, len(data)))]
    files = _members(data)
    name = draw(st.sampled_from(sorted(files)))
    if how == "drop":
        files.pop(name)
    elif how == "member":
        files[name] = draw(st.one_of(st.binary(max_size=200), fragments.map(str.encode)))
    else:  # splice random text into an XML part
        content = files[name]
        at = draw(st.integers(0, len(content)))
        files[name] = content[:at] + draw(fragments).encode() + content[at:]
    return _rezip(files, draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])))


@FUZZ
@given(data=mutated_docx())
def test_docx_reader_never_raises(data):
    document = _read("draft.docx", data)
    if document is not None:
        assert document.location_unit == "paragraph"
        assert document.text == document.original


def test_the_docx_seed_reads():
    document = _read("draft.docx", SEED_DOCX)
    assert document.text.split("\n") == ["当院の点滴で、不眠症を治します。", "We  help.", "cell",
                                          "Header", "Footer", "Note"]


# -- config, baseline, cache ----------------------------------------------------------------
toml_text = st.lists(st.sampled_from([
    "[tool]\n", "[tool.medlint]\n", "[[tool.medlint]]\n", "[tool.medlint.severity]\n",
    "medlint = 5\n", 'tool = "x"\n', 'select = ["ALL"]\n', "select = 5\n", 'fail-on = "eror"\n',
    'profile = "clinic"\n', "severity = []\n", '"EN-X" = "error"\n', "exclude = [1]\n",
    "per-file-ignores = {a = 5}\n", 'max-file-size = "1MB"\n', "lang = true\n", "x = {\n",
    "[tool.medlint.per-file-ignores]\n", '"*.md" = ["inducement"]\n', "\x00", "= =\n",
]), max_size=8).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["select", "severity", "findings", "path", "rule_id", "fingerprint",
                         "count", "medlint_baseline", "location_unit", "format", "words",
                         "x"]), inner, max_size=4),
    max_leaves=12)


@FUZZ
@given(text=toml_text, name=st.sampled_from(["pyproject.toml", ".medlint.toml"]))
def test_config_files_give_settings_or_one_config_error(tmp_path, text, name):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    try:
        table = read_config_table(path)
        if table is not None:
            apply_table(Settings(), path, table)
    except ConfigError as error:
        assert "\n" not in str(error)


@FUZZ
@given(table=json_values)
def test_config_tables_of_any_shape(table):
    try:
        apply_table(Settings(), Path("x/.medlint.toml"), table)
    except ConfigError as error:
        assert "\n" not in str(error)


@FUZZ
@given(value=json_values, header=st.booleans())
def test_baselines_of_any_shape(tmp_path, value, header):
    if header:
        value = {"medlint_baseline": 1, "findings": value}
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(value), encoding="utf-8")
    try:
        assert isinstance(load_baseline(path), Counter)
    except BaselineError as error:
        assert "\n" not in str(error)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=300), json_values.map(lambda v: json.dumps(v).encode())))
def test_cache_entries_of_any_bytes_are_a_miss_or_intact(tmp_path, raw):
    cache = Cache(tmp_path)
    key = "ab" * 32
    path = tmp_path / "results" / key[:2] / f"{key[2:]}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    assert cache.get_sealed("results", key) is None  # no seal of its own bytes
    state = cache.get_json("results", key)
    with contextlib.suppress(ValueError, TypeError):  # a shape error is the expected miss
        Prefilter().load("ja", state)
    cache.put_sealed("results", key, state)
    assert state is None or cache.get_sealed("results", key) == state


@FUZZ
@given(text=fragments)
def test_suppression_parser_positions(text):
    lines = text.count("\n") + 1
    for suppression in parse_suppressions(text, line_comments=True):
        assert 1 <= suppression.comment_line <= lines
        assert suppression.first_line <= suppression.last_line + 1


@settings(FUZZ, max_examples=400)
@example(text="ab  1", blank=[], cut=(0, 5))
@example(text="治る 治る", blank=[], cut=(0, 5))
@example(text="a b\tc", blank=[], cut=(0, 5))
@example(text=" ab ", blank=[], cut=(0, 4))
@example(text="a<b>c", blank=[False, True, True, True], cut=(0, 5))
@given(text=st.text(alphabet=st.sampled_from(list("ab1 　\t\n治る。Xー<>")), max_size=40),
       blank=st.lists(st.booleans(), max_size=40), cut=st.tuples(
           st.integers(0, 40), st.integers(0, 40)))
def test_the_plain_sentence_shortcut_is_the_walk(text, blank, cut):
    """display_sentence copies a plain sentence as it is; whatever the text, blanks and span,
    it gives what walking it character by character gives."""
    from linter.text.display import _walk, display_sentence

    masked = "".join(" " if i < len(blank) and blank[i] and not c.isspace() else c
                     for i, c in enumerate(text))
    start, end = sorted(min(n, len(text)) for n in cut)
    assert display_sentence(text, masked, start, end) == _walk(text, masked, start, end)
