"""The public library API: ``lint_text``, ``lint_file`` and a reusable ``Linter``.

The CLI is a shell over the same ``Linter``; these tests hold the two to the same
findings, check the span fields every reporter relies on, and that a ``Linter``
travels to a freshly spawned process.
"""

from __future__ import annotations

import json
import multiprocessing
import pickle

import pytest
from click.testing import CliRunner
from conftest import REPO

from linter import Linter, lint_file, lint_text
from linter.cli import main


def _cli_json(*args: str) -> dict:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--no-cache", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_lint_text_is_importable_from_the_package_and_finds_the_claim():
    result = lint_text("NMN点滴で不眠症が治ります。")
    assert "JA-DISEASE-TREAT" in {f.rule_id for f in result.findings}
    assert result.error is None


def _corpus_texts():
    for name in ("ja.jsonl", "en.jsonl", "holdout-ja.jsonl", "holdout-en.jsonl"):
        lines = (REPO / "tests" / "corpus" / name).read_text(encoding="utf-8").splitlines()
        sentences = [json.loads(line)["text"] for line in lines if line.strip()]
        yield name, "\n\n".join(sentences) + "\n"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["corpus", "examples"])
def test_library_findings_equal_the_cli_json(tmp_path, name):
    if name == "corpus":
        files = []
        for corpus, text in _corpus_texts():
            path = tmp_path / (corpus.replace(".jsonl", "") + ".txt")
            path.write_text(text, encoding="utf-8")
            files.append(path)
    else:
        files = [REPO / "examples" / "clinic-draft.md"]
    linter = Linter()
    for path in files:
        cli = _cli_json(str(path))["files"][0]["findings"]
        library = [f.to_dict() for f in linter.lint_file(path).findings]
        text = [f.to_dict() for f in linter.lint_text(path.read_text(encoding="utf-8"),
                                                      path=str(path)).findings]
        assert cli, f"{path.name}: no findings at all; the comparison would be empty"
        assert library == cli
        assert text == cli


def test_finding_spans_point_into_the_source_and_the_sentence():
    text = "Welcome.\n\nOur drip cures insomnia in days.\n"
    finding = next(f for f in lint_text(text).findings if f.rule_id == "EN-DISEASE-TREAT")
    start, end = finding.match_span
    assert text[start:end] == finding.matched == "cures insomnia"
    s_start, s_end = finding.sentence_span
    assert text[s_start:s_end].strip() == "Our drip cures insomnia in days."
    e_start, e_end = finding.excerpt_span
    assert finding.sentence[e_start:e_end] == "cures insomnia"
    data = finding.to_dict()
    assert data["match_span"] == [start, end] and data["sentence_span"] == [s_start, s_end]


def test_a_claim_broken_over_two_lines_gets_its_excerpt_and_underline(tmp_path):
    """Was: the reporter searched the sentence for the matched text, which contains the
    line break, found nothing and printed neither excerpt nor underline."""
    page = tmp_path / "drip.txt"
    page.write_text("This drip cures\ninsomnia.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--color", "never", str(page)])
    lines = result.output.splitlines()
    excerpt = next(i for i, line in enumerate(lines) if line.startswith("    | This drip"))
    assert lines[excerpt] == "    | This drip cures insomnia."
    assert lines[excerpt + 1] == "    |           " + "^" * len("cures insomnia")
    html = CliRunner().invoke(main, ["check", "--no-cache", "--format", "html", str(page)])
    assert "<mark>cures insomnia</mark>" in html.output


def test_html_markup_and_entities_never_reach_the_reported_sentence():
    page = "<p>Our &ldquo;drip&rdquo; <b>cures</b>&nbsp;insomnia &mdash; fast.</p>\n"
    finding = next(f for f in lint_text(page, path="page.html").findings
                   if f.rule_id == "EN-DISEASE-TREAT")
    assert finding.sentence == "Our “drip” cures insomnia — fast."
    start, end = finding.excerpt_span
    assert finding.sentence[start:end] == "cures insomnia"


def test_settings_select_profile_and_lang_apply_like_the_cli():
    text = "This drip cures insomnia and is completely safe."
    only_safety = Linter({"select": ["safety-claim"]}).lint_text(text)
    assert {f.category for f in only_safety.findings} == {"safety-claim"}
    assert not lint_text("不眠症が治ります。", lang="en").findings
    with pytest.raises(Exception, match="unknown rule selector 'disease'"):
        Linter({"select": ["disease"]}).lint_text(text)
    with pytest.raises(Exception, match="did you mean 'min-severity'"):
        Linter({"min-severty": "info"})


def test_inline_suppressions_apply_through_the_library():
    text = ("<!-- medlint-disable-next-line EN-DISEASE-TREAT -->\n"
            "Our drip cures insomnia.\n")
    assert not [f for f in lint_text(text, path="page.md").findings
                if f.rule_id == "EN-DISEASE-TREAT"]


def test_lint_file_reports_an_unreadable_file_as_a_result(tmp_path):
    result = lint_file(tmp_path / "missing.md")
    assert result.error and not result.findings


def _lint_in_child(payload: bytes, text: str, queue) -> None:
    linter = pickle.loads(payload)
    queue.put([f.to_dict() for f in linter.lint_text(text).findings])


@pytest.mark.slow
def test_a_pickled_linter_lints_identically_in_a_freshly_spawned_process():
    text = "NMN点滴で不眠症が治ります。副作用の心配はありません。\n\nOur drip cures insomnia.\n"
    linter = Linter({"ignore": ["missing-disclosure"], "min-severity": "info"})
    here = [f.to_dict() for f in linter.lint_text(text).findings]
    assert here
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_lint_in_child, args=(pickle.dumps(linter), text, queue))
    child.start()
    there = queue.get(timeout=120)
    child.join(timeout=30)
    assert child.exitcode == 0
    assert there == here
