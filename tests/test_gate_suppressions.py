"""Issue 14: every suppression form is scoped exactly, in Markdown, HTML and plain text;
reasons are kept; a misspelt rule or form is reported, never silently ignored."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from linter.cli import main
from linter.findings.suppressions import (
    UNKNOWN_RULE_ID,
    apply_suppressions,
    unknown_suppression_findings,
)
from linter.reading.registry import read_bytes
from linter.reading.suppressions import parse_suppressions


def _findings(path):
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(path)])
    assert result.exit_code in (0, 1), result.output
    return [(f["rule_id"], f["line"]) for f in json.loads(result.stdout)["files"][0]["findings"]]


def test_disable_line_covers_only_its_own_line(tmp_path):
    """The eslint-style form used to switch the rule off for the rest of the file."""
    page = tmp_path / "page.md"
    page.write_text("Our drip cures migraines. <!-- medlint-disable-line EN-DISEASE-TREAT -->\n"
                    "\nOur drip cures insomnia.\n", encoding="utf-8")
    assert _findings(page) == [("EN-DISEASE-TREAT", 3)]


# The same page in each format: the claim on the line after each directive is silenced
# exactly where the directive says, and the last claim is always reported.
FORMS = {
    "md": ("<!-- medlint-disable-next-line EN-DISEASE-TREAT -- substantiated by study X -->\n"
           "Our drip cures insomnia.\n"
           "Our drip cures insomnia.\n"
           "<!-- medlint-disable disease-claim -->\n"
           "Our drip cures insomnia.\n"
           "<!-- medlint-enable -->\n"
           "Our drip cures insomnia. <!-- medlint-disable-line EN-DISEASE -->\n"
           "Our drip cures insomnia.\n"),
    "txt": ("# medlint-disable-next-line EN-DISEASE-TREAT -- substantiated by study X\n"
            "Our drip cures insomnia.\n"
            "Our drip cures insomnia.\n"
            "# medlint-disable disease-claim\n"
            "Our drip cures insomnia.\n"
            "# medlint-enable\n"
            "Our drip cures insomnia. <!-- medlint-disable-line EN-DISEASE -->\n"
            "Our drip cures insomnia.\n"),
}
FORMS["html"] = "\n".join(line if line.startswith("<!--") else f"<p>{line}</p>" if line else ""
                          for line in FORMS["md"].split("\n"))


@pytest.mark.parametrize("suffix", sorted(FORMS))
def test_every_form_in_every_format(tmp_path, suffix):
    page = tmp_path / f"page.{suffix}"
    page.write_text(FORMS[suffix], encoding="utf-8")
    assert _findings(page) == [("EN-DISEASE-TREAT", 3), ("EN-DISEASE-TREAT", 8)]


@pytest.mark.parametrize("suffix,directive", [
    ("md", "<!-- medlint-disable-file EN-DISEASE-TREAT -- legal approved 2026-01 -->"),
    ("html", "<!-- medlint-disable-file EN-DISEASE-TREAT -->"),
    ("txt", "# medlint-disable-file EN-DISEASE-TREAT"),
])
def test_whole_file_form(tmp_path, suffix, directive):
    page = tmp_path / f"page.{suffix}"
    page.write_text("Our drip cures insomnia.\n\nIt is completely safe.\n\n" + directive + "\n",
                    encoding="utf-8")
    assert [rule for rule, _ in _findings(page)] == ["EN-SAFETY-SAFE"]


def test_plain_text_directives_are_blanked_in_place():
    text = "# medlint-disable-next-line EN-X -- cures insomnia\nOur drip cures insomnia.\n"
    document = read_bytes("a.txt", text.encode())
    assert len(document.text) == len(text)
    assert document.text.startswith(" " * 10) and "Our drip cures insomnia." in document.text
    assert document.text.index("Our") == text.index("Our")
    assert document.suppressions[0].first_line == 2
    # in Markdown a "#" line is a heading, not a directive: only HTML comments count there
    assert read_bytes("a.md", text.encode()).suppressions == []


def test_reason_is_kept_and_rules_parsed():
    [suppression] = parse_suppressions(
        "<!-- medlint-disable-next-line EN-DISEASE-TREAT, safety-claim -- substantiated by "
        "study X -->\nx\n")
    assert suppression.rules == {"EN-DISEASE-TREAT", "safety-claim"}
    assert suppression.reason == "substantiated by study X"
    assert (suppression.first_line, suppression.last_line) == (2, 2)
    [everything] = parse_suppressions("<!-- medlint-disable-line -- decorative quote -->\n")
    assert everything.rules == frozenset() and everything.reason == "decorative quote"


def test_unknown_rules_and_forms_are_reported(ruleset):
    text = ("<!-- medlint-disable-next-line EN-DISEASE-TRAET, safety-claim -->\nx\n"
            "<!-- medlint-disable-lines EN-DISEASE-TREAT -->\n"
            "<!-- medlint-disable-line dissease-claim -->\n"
            "<!-- medlint-disable EN-DISEASE -->\n")
    suppressions = parse_suppressions(text)
    found = unknown_suppression_findings("p.md", suppressions, ruleset, "en")
    assert [(f.rule_id, f.line, f.severity) for f in found] == [
        (UNKNOWN_RULE_ID, 1, "warning"), (UNKNOWN_RULE_ID, 3, "warning"),
        (UNKNOWN_RULE_ID, 4, "warning")]
    assert "EN-DISEASE-TRAET" in found[0].message and "EN-DISEASE-TREAT" in found[0].message
    assert "medlint-disable-line" in found[1].message
    assert "disease-claim" in found[2].message
    assert found[0].to_dict()["rule_id"] == UNKNOWN_RULE_ID
    japanese = unknown_suppression_findings("p.md", suppressions, ruleset, "ja")
    assert japanese[0].lang == "ja"
    # they are not also reported as unused (one report per problem)
    _, unused = apply_suppressions([], suppressions, ruleset)
    assert [s.comment_line for s in unused] == [5]


def test_misspelt_form_silences_nothing(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- medlint-disable-lines -->\nOur drip cures insomnia.\n",
                    encoding="utf-8")
    # the claim is still reported, and so is the comment that does not do what it seems to
    assert _findings(page) == [(UNKNOWN_RULE_ID, 1), ("EN-DISEASE-TREAT", 2)]


def test_a_suppression_naming_an_unknown_rule_is_reported_through_the_cli(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("<!-- medlint-disable-next-line EN-DISEASE-TRET -->\n"
                    "Our drip cures insomnia.\n", encoding="utf-8")
    assert _findings(page) == [(UNKNOWN_RULE_ID, 1), ("EN-DISEASE-TREAT", 2)]


def test_many_unterminated_comments_are_linear():
    import time

    started = time.monotonic()
    parse_suppressions("<!-- medlint-disable x " * 20000)
    assert time.monotonic() - started < 1
