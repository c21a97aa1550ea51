"""The language server's pure parts: offsets to LSP positions, findings to LSP objects."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from linter.findings.model import Finding
from linter.lsp import convert
from linter.lsp.positions import UTF8, UTF16, UTF32, LineIndex, units

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("encoding", "expected"), [(UTF16, 7), (UTF8, 14), (UTF32, 5)])
def test_columns_count_code_units_of_the_negotiated_encoding(encoding, expected):
    text = "a\n🌙é✨😴 治る"
    lines = LineIndex(text, encoding)
    offset = text.index("治")
    # 🌙 and 😴 are astral: 2 UTF-16 units, 4 UTF-8 bytes; é is 2 UTF-8 bytes, ✨ 3
    assert lines.position(offset) == (1, expected)
    assert lines.offset(1, expected) == offset


def test_line_breaks_follow_lsp_crlf_cr_and_lf():
    text = "一\r\n二\r三\n四"
    lines = LineIndex(text)
    assert [lines.line_text(n) for n in range(4)] == ["一", "二", "三", "四"]
    assert lines.position(text.index("四")) == (3, 0)
    assert lines.position(len(text)) == (3, 1)


def test_positions_past_the_end_or_inside_a_surrogate_pair_are_clamped():
    lines = LineIndex("😴x", UTF16)
    assert lines.offset(0, 1) == 1  # inside the pair: the next character boundary
    assert lines.offset(0, 99) == 2
    assert lines.offset(7, 0) == 2
    assert lines.position(99) == (0, 3)
    assert units("😴", UTF16) == 2 and units("😴", UTF8) == 4 and units("😴", UTF32) == 1


def _finding(**changes) -> Finding:
    values = dict(path="a.md", rule_id="JA-BODY-SLEEP", category="body-function-claim",
                  severity="warning", lang="ja", message="眠りをうたっています。",
                  suggestion="使用場面の表現にしてください。",
                  references=[{"source": "医薬品医療機器等法", "section": "第68条",
                               "url": "https://laws.e-gov.go.jp/law/335AC0000000145"},
                              {"source": "医薬品の範囲に関する基準", "section": "別紙"}],
                  line=2, column=3, end_line=2, end_column=8, sentence="夜もぐっすり眠れる。",
                  matched="ぐっすり眠れる", offset=5, end_offset=12)
    values.update(changes)
    return Finding(**values)


def test_a_finding_becomes_a_diagnostic_with_mapped_severity_code_and_link():
    text = "🌙\n夜もぐっすり眠れる。\n"
    lines = LineIndex(text)
    finding = _finding(offset=text.index("ぐ"), end_offset=text.index("。"))
    diagnostic = convert.to_diagnostic(finding, "file:///a.md", lines, "auto",
                                       "https://example.org/r")
    assert diagnostic.range == types.Range(start=types.Position(line=1, character=2),
                                           end=types.Position(line=1, character=9))
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.code == "JA-BODY-SLEEP" and diagnostic.source == "medlint"
    assert diagnostic.code_description.href == "https://example.org/r"
    assert diagnostic.message == "眠りをうたっています。\n言い換え: 使用場面の表現にしてください。"
    assert diagnostic.related_information is None
    for severity, expected in [("error", types.DiagnosticSeverity.Error),
                               ("info", types.DiagnosticSeverity.Information)]:
        assert convert.to_diagnostic(_finding(severity=severity), "u", lines, "auto",
                                     None).severity == expected
    english = convert.to_diagnostic(finding, "u", lines, "en", None)
    assert english.message.endswith("\nsuggestion: 使用場面の表現にしてください。")


def test_hover_has_message_rewrite_missing_items_and_linked_references():
    text = convert.hover_markdown(_finding(missing=["費用（税込）", "主なリスク"]), "auto",
                                  "https://example.org/r")
    assert "`JA-BODY-SLEEP`" in text and "眠りをうたっています。" in text
    assert "**言い換え:** 使用場面の表現にしてください。" in text
    assert "- 費用（税込）\n- 主なリスク" in text
    assert "- [医薬品医療機器等法 第68条](https://laws.e-gov.go.jp/law/335AC0000000145)" in text
    assert "- 医薬品の範囲に関する基準 別紙" in text
    assert "[ルールの説明](https://example.org/r)" in text


def test_rule_docs_link_to_the_rule_definition_or_a_template(tmp_path):
    from linter import Linter

    rule = Linter().rule("JA-BODY-SLEEP")
    url = convert.rule_doc_url(rule, rule.id)
    assert url.startswith(convert.REPOSITORY_RULES_URL + "ja/body-function-claim.yaml#L")
    line = int(url.rsplit("#L", 1)[1])
    source = (REPO / "rules" / "ja" / "body-function-claim.yaml").read_text(encoding="utf-8")
    assert source.splitlines()[line - 1].strip() == "- id: JA-BODY-SLEEP"
    assert convert.rule_doc_url(rule, rule.id, "https://docs.example/{lang}/{rule_id}") == \
        "https://docs.example/ja/JA-BODY-SLEEP"

    class Custom:  # a rule from the user's own rules-dirs: a link to its file
        source = tmp_path / "house.yaml"
        category = "inducement"
        lang = "ja"

    Custom.source.write_text("rules:\n  - id: HOUSE-1\n", encoding="utf-8")
    assert convert.rule_doc_url(Custom, "HOUSE-1") == Custom.source.as_uri() + "#L2"
    assert convert.rule_doc_url(None, "MEDLINT-UNUSED-SUPPRESSION") is None


def test_code_actions_suppress_on_the_line_above_and_offer_the_rewrite():
    text = "# 見出し\n\t夜もぐっすり眠れる。\n"
    lines = LineIndex(text)
    finding = _finding(offset=text.index("ぐ"), end_offset=text.index("。"))
    diagnostic = convert.to_diagnostic(finding, "file:///a.md", lines, "auto", None)
    linted = convert.LintedDocument("file:///a.md", 1, [finding], lines, "auto", [diagnostic])
    elsewhere = types.Range(start=types.Position(line=0, character=0),
                            end=types.Position(line=0, character=1))
    assert convert.code_actions(linted, elsewhere) == []
    suppress, copy = convert.code_actions(linted, diagnostic.range)
    (edit,) = suppress.edit.changes["file:///a.md"]
    assert edit.range.start == edit.range.end == types.Position(line=1, character=0)
    assert edit.new_text == "\t<!-- medlint-disable-next-line JA-BODY-SLEEP -- reason -->\n"
    assert copy.command.command == convert.COPY_SUGGESTION_COMMAND
    assert copy.command.arguments == ["使用場面の表現にしてください。", "JA-BODY-SLEEP"]


MEMO_PAGE = """# 自費メニュー

ビタミン点滴はじめました。疲れがすっきり取れます。
当院の点滴で不眠症が治るわけではありません。
費用は1回5,500円（税込）です。主な副作用として内出血があります。

Our vitamin drip relieves migraines. It does not cure insomnia.
Results may vary.
"""


def test_the_sentence_memo_gives_the_same_findings_as_the_plain_linter():
    from linter import Linter
    from linter.lsp.memo import EditorLinter, SentenceMemo

    plain, editor = Linter(), EditorLinter()
    edits = [MEMO_PAGE,
             MEMO_PAGE.replace("ビタミン点滴", "NMN点滴"),  # same sentences elsewhere
             MEMO_PAGE.replace("費用は1回5,500円（税込）です。", ""),  # evidence removed
             "追記しました。\n" + MEMO_PAGE,  # every sentence moved
             MEMO_PAGE.replace("relieves migraines", "is relaxing")]
    for text in edits:
        expected = [f.to_dict() for f in plain.lint_text(text, path="page.md").findings]
        got = [f.to_dict() for f in editor.lint_text(text, path="page.md").findings]
        assert got == expected
        assert [f.match_span for f in editor.lint_text(text, path="page.md").findings] == [
            f.match_span for f in plain.lint_text(text, path="page.md").findings]
    engine = editor.engine(editor.settings_for("page.md"))
    memo = engine._lint_sentence
    assert isinstance(memo, SentenceMemo)
    assert memo.hits > memo.misses > 0
    assert len(engine.compiled._entries) > 0  # the prefilter's candidates are remembered too
    assert plain.engine(plain.settings_for("page.md")).compiled is not engine.compiled


def test_the_sentence_memo_keeps_a_claim_lowered_to_the_review_tier():
    """A remembered claim keeps what lowered it (a to_review trigger): the second lint, which
    the memo answers, shows it at the review tier as the first did."""
    from linter import Linter
    from linter.lsp.memo import EditorLinter, SentenceMemo

    settings = {"min-severity": "info", "lang": "en"}
    page = "Cupping is often used to relieve muscle pain and stiffness.\n"
    plain, editor = Linter(settings), EditorLinter(settings)
    expected = [f.to_dict() for f in plain.lint_text(page, path="page.md").findings]
    assert expected and {f["severity"] for f in expected} == {"info"}
    for _ in range(2):
        assert [f.to_dict() for f in editor.lint_text(page, path="page.md").findings] == expected
    memo = editor.engine(editor.settings_for("page.md"))._lint_sentence
    assert isinstance(memo, SentenceMemo) and memo.hits > 0


def test_the_memo_is_not_installed_on_an_engine_of_another_shape():
    from linter.lsp.memo import install

    class OtherEngine:
        def _lint_sentence(self, sentence, evidence):
            return []

    engine = OtherEngine()
    assert install(engine) is False
    assert not hasattr(engine._lint_sentence, "entries")
