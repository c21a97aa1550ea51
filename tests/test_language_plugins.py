"""Languages are plug-ins: a third one is a module and a rule folder, and no engine change.

The test defines a tiny Greek plug-in and one Greek rule, registers them, and lints a
bilingual text through the public API; then it removes the plug-in again.
"""

from __future__ import annotations

import json
import re
import textwrap

import pytest

from linter import Linter
from linter.languages import Language, codes, get, register, unregister
from linter.nlp.pipelines import TermToken


class _LightGreek:
    lang = "el"

    def analyse(self, term: str) -> list[TermToken]:
        return [TermToken(word, (word.lower(),), "", word)
                for word in re.findall(r"\w+|[^\w\s]", term)]


class _GreekPipeline:
    """A blank spaCy tokenizer; no parser, so only sequence rules apply."""

    lang = "el"
    term_attr = "LOWER"
    text_attr = "LOWER"

    def __init__(self) -> None:
        import spacy

        self.nlp = spacy.blank("xx")

    @property
    def vocab(self):
        return self.nlp.vocab

    def tokenize(self, text):
        return self.nlp(text)

    def parse(self, doc):
        return doc

    def full(self, text):
        return self.nlp(text)

    def analyse(self, term):
        return _LightGreek().analyse(term)


def _greek_boundaries(text: str, start: int, end: int):
    for match in re.finditer(r"[.;!]", text[start:end]):  # ; is the Greek question mark
        yield start + match.end()


RULE = textwrap.dedent("""\
    rules:
      - id: EL-DISEASE-CURE
        category: disease-claim
        severity: error
        lang: el
        message: Claims to cure a disease.
        suggestion: Remove the disease claim.
        references:
          - {source: Test, section: "1"}
        match:
          - sequence:
              - text: [θεραπεύει]
              - gap: 2
              - text: [αϋπνία]
        examples:
          flag: [Ο ορός θεραπεύει την αϋπνία.]
          pass: [Ο ορός είναι νόστιμος.]
    """)


@pytest.fixture
def greek(tmp_path):
    folder = tmp_path / "rules" / "el"
    folder.mkdir(parents=True)
    (folder / "disease.yaml").write_text(RULE, encoding="utf-8")
    register(Language(
        code="el", name="Greek", letters="[\u0370-\u03ff\u1f00-\u1fff]", detection_weight=1,
        sentence_boundaries=_greek_boundaries,
        make_pipeline=lambda _options: _GreekPipeline(),
        light_analyser=_LightGreek, term_style="inflected",
        word_forms=lambda word: (word.lower(),),
    ))
    yield tmp_path / "rules"
    unregister("el")


def test_a_third_language_is_a_plugin_and_a_rule_folder(greek):
    assert codes()[:2] == ("ja", "en") and "el" in codes()
    linter = Linter({"rules-dirs": [str(greek)]})
    text = ("Ο ορός θεραπεύει την αϋπνία.\n\n"
            "Our drip cures insomnia.\n\n"
            "NMN点滴で不眠症が治ります。\n")
    found = {(f.lang, f.rule_id) for f in linter.lint_text(text).findings}
    assert ("el", "EL-DISEASE-CURE") in found
    assert ("en", "EN-DISEASE-TREAT") in found
    assert ("ja", "JA-DISEASE-TREAT") in found
    clean = linter.lint_text("Ο ορός είναι νόστιμος.\n")
    assert not clean.findings


def test_the_schemas_take_their_language_list_from_the_registry(greek):
    from linter.resources import load_schema

    assert "el" in json.dumps(load_schema("rule-file"))


def test_an_unknown_language_says_which_ones_exist():
    with pytest.raises(KeyError, match="known: ja, en"):
        get("ko")
