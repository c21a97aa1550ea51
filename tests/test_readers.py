"""Each reader reports the line and column of the matched words in the original file."""

from __future__ import annotations

import io
import json

import docx
import pytest
from click.testing import CliRunner

from linter.cli import main


def check_json(*args, input=None):
    result = CliRunner().invoke(main, ["check", "--format", "json", *args], input=input)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def located(report, rule_id):
    findings = report["files"][0]["findings"]
    return [(f["line"], f["column"], f["end_line"], f["end_column"], f["matched"])
            for f in findings if f["rule_id"] == rule_id]


def source_slice(text: str, line: int, column: int, end_column: int) -> str:
    return text.splitlines()[line - 1][column - 1:end_column - 1]


MARKDOWN = """\
---
title: 不眠症が治る点滴
description: NMN cures insomnia
---

# NMN点滴のご案内

ご来院ありがとうございます。`不眠症が治る` と書くのは禁止です。
当院の **NMN点滴** で、不眠症が *治ります*。

```
不眠症が治る（コードブロックの中）
```

<!-- 不眠症が治る（コメント） -->
詳しくは [こちら](https://example.com/不眠症が治る) をご覧ください。

- Our drip **cures** insomnia.
"""


def test_markdown_positions_skip_front_matter_code_comments_and_urls(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    report = check_json(str(path), "--select", "disease-claim")
    findings = report["files"][0]["findings"]
    assert [f["line"] for f in findings] == [9, 18]
    japanese, english = findings
    assert (japanese["line"], japanese["column"]) == (9, 17)
    assert source_slice(MARKDOWN, 9, japanese["column"], japanese["end_column"]) == "不眠症が *治り"
    assert source_slice(MARKDOWN, 18, english["column"], english["end_column"]) == \
        "cures** insomnia"


HTML = """\
<!doctype html>
<html><head><title>NMN点滴 &amp; 睡眠</title>
<script>var claim = "NMN cures insomnia";</script>
<style>.x { content: "cures insomnia"; }</style>
</head>
<body>
  <div class="hero"><p>Our <b>NMN</b> drip <em>cures</em>
     insomnia &amp; more.</p></div>
  <p data-note="cures insomnia">Opening hours: 10:00&ndash;19:00.</p>
  <img src="a.png" alt="This drip cures insomnia">
  <p hidden>This drip cures insomnia.</p>
</body></html>
"""


def test_html_positions_skip_script_style_attributes_and_hidden(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(HTML, encoding="utf-8")
    found = located(check_json(str(path)), "EN-DISEASE-TREAT")
    lines = HTML.splitlines()
    body_claim = (7, lines[6].index("cures</em>") + 1)
    alt_claim = (10, lines[9].index("cures insomnia") + 1)  # alt text is checked
    assert [(line, column) for line, column, *_ in found] == [body_claim, alt_claim]
    _line, _column, end_line, end_column, matched = found[0]
    # the match spans the nested tags and the line break, and ends after "insomnia"
    assert (end_line, end_column) == (8, lines[7].index("insomnia") + len("insomnia") + 1)
    # the reported words are what a reader sees, without the markup (the source slice is
    # match_span)
    assert matched == "cures insomnia"


def test_docx_location_is_paragraph_number_and_column(tmp_path):
    document = docx.Document()
    document.add_paragraph("ビタミン点滴のご案内")
    document.add_paragraph("")
    document.add_paragraph("当院の点滴で、不眠症が治ります。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "料金"
    table.cell(0, 1).text = "Our drip cures insomnia."
    path = tmp_path / "draft.docx"
    document.save(path)
    report = check_json(str(path), "--select", "disease-claim")
    findings = report["files"][0]["findings"]
    assert [(f["line"], f["column"], f["location_unit"]) for f in findings] == [
        (3, 8, "paragraph"), (5, 10, "paragraph")]
    assert findings[0]["sentence"] == "当院の点滴で、不眠症が治ります。"


def test_broken_docx_is_a_one_line_input_error(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert "not a readable .docx file" in result.stderr


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_legacy_japanese_encodings_are_detected(tmp_path, encoding):
    text = "ご案内です。\n当院の点滴で、不眠症が治ります。副作用もありません。\n"
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    found = located(check_json(str(path)), "JA-DISEASE-TREAT")
    assert [(line, column) for line, column, *_ in found] == [(2, 8)]


def test_forced_encoding_and_wrong_encoding(tmp_path):
    path = tmp_path / "sjis.txt"
    path.write_bytes("不眠症が治ります。\n".encode("cp932"))
    assert located(check_json(str(path), "--encoding", "cp932"), "JA-DISEASE-TREAT")
    result = CliRunner().invoke(main, ["check", str(path), "--encoding", "utf-8"])
    assert result.exit_code == 2
    assert "not valid utf-8" in result.stderr


def test_utf8_bom_does_not_shift_columns(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff不眠症が治ります。\n".encode("utf-8"))
    assert [(line, column) for line, column, *_ in
            located(check_json(str(path)), "JA-DISEASE-TREAT")] == [(1, 1)]


def test_stdin_uses_the_reader_of_the_stdin_filename():
    report = check_json("-", "--stdin-filename", "page.md", input="`cures insomnia`\n")
    assert report["files"][0]["path"] == "page.md"
    assert report["files"][0]["findings"] == []


def test_docx_reader_is_independent_of_zip_noise():
    from linter.reading.docx import read_docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("A\tB")
    document.save(buffer)
    assert read_docx("x.docx", buffer.getvalue()).text == "A B"
