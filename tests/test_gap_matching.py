"""Gaps in sequence patterns (``gap: [low, high]``) are compiled as one spaCy pattern per exact
length (issue 16): spaCy's own range quantifier follows every way of skipping its optional
tokens as a separate state, which made one pattern anchored on a disease name cost 4 ms per
sentence.  The matches must be the ones the range quantifier gives, and where two gap lengths
reach the same span the items around the gap keep their tokens."""

from __future__ import annotations

import pytest
import spacy
from conftest import linter_with_rules
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from linter.matching.compiler import _add_variants, _exact_gaps

_VOCAB = spacy.blank("en").vocab

# a, b, c anchors around two gaps, one of them over an optional item that competes for tokens
_PATTERN = [
    {"LOWER": "a"},
    {"LOWER": "b", "OP": "*"},
    {"IS_PUNCT": False, "OP": "{0,4}"},
    {"LOWER": "c"},
    {"IS_PUNCT": False, "OP": "{1,3}"},
    {"LOWER": {"IN": ["d", "b"]}},
]
_GAPS = {2: (0, 4), 4: (1, 3)}  # spec index -> (low, high), as in _PATTERN


def _spans(matcher: Matcher, doc: Doc) -> set[tuple[str, int, int]]:
    strings = doc.vocab.strings
    return {(strings[m].split("\x1e")[0], start, end) for m, start, end in matcher(doc)}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", "x", "."]), min_size=1, max_size=14))
def test_exact_gap_patterns_find_the_spans_of_the_range_quantifier(words):
    ranged = Matcher(_VOCAB)
    ranged.add("P", [_PATTERN])
    exact = Matcher(_VOCAB)
    _add_variants(exact, "P", _exact_gaps(_PATTERN, _GAPS))
    doc = Doc(_VOCAB, words=words)
    assert _spans(exact, doc) == _spans(ranged, doc)


def test_every_compiled_gap_has_an_exact_length(compiled):
    """No rule pattern leaves a range quantifier for spaCy to expand (it failed before: 187 gap
    items were ``{0,n}``)."""
    ranged = []
    for lang in ("ja", "en"):
        language = compiled.language(lang)
        for key, variants in language.sequence_specs.items():
            for specs in variants:
                for i in sorted(language.infos[key.label].gap_specs):
                    if "," in specs[i]["OP"]:
                        ranged.append((key.label, specs[i]["OP"]))
    assert not ranged, ranged[:5]


def _one_rule(rule_id: str, category: str, body: str) -> str:
    """A rule file of one English warning rule: its id, category, and its match and examples
    (YAML at the rule's indentation)."""
    return f"""\
rules:
  - id: {rule_id}
    category: {category}
    severity: warning
    lang: en
    message: m
    suggestion: s
    references: [{{source: x, section: y}}]
{body}"""


_RULES = _one_rule("EN-TEST-EXPERIENCE", "testimonial", """\
    match:
      - sequence: [{text: [i]}, {gap: 3}, {text: ["can't"]}, {gap: 4}, {text: [better]}]
    examples: {flag: [I can't believe how much better I sleep.], pass: [Open daily.]}
""")


def test_a_span_two_gap_lengths_reach_keeps_the_items_tokens(tmp_path):
    """In "I can't believe how much better ...", "n't" belongs to the item "can't" (two tokens)
    or to the gap after it.  The claim keeps it, so the negation trigger on "n't" is part of the
    claim and does not clear it; when the gap took it, the claim was cleared (it failed so while
    spaCy chose the alignment)."""
    linter = linter_with_rules(tmp_path, _RULES, {"select": ["EN-TEST"], "lang": "en"})
    findings = linter.lint_text("I can't believe how much better I feel.\n").findings
    assert [f.rule_id for f in findings] == ["EN-TEST-EXPERIENCE"]


def test_every_compiled_pattern_passes_spacys_own_pattern_check(compiled):
    """The Matchers skip spaCy's per-pattern validation (a tenth of a cold start); this is where
    every pattern the compiler generates still gets it."""
    from spacy.schemas import validate_token_pattern

    problems = []
    for lang in ("ja", "en"):
        language = compiled.language(lang)
        for key, variants in language.sequence_specs.items():
            for specs in variants:
                errors = validate_token_pattern(specs)
                if errors:
                    problems.append((key.label, errors[:2]))
    assert not problems, problems[:5]


def test_a_pattern_with_too_many_gap_combinations_keeps_the_range_quantifiers():
    """A rule author's three gaps of up to 15 words would make 4,096 patterns: beyond 512 the
    pattern stays as spaCy's range quantifiers (slower, same matches)."""
    pattern = [{"LOWER": "a"}, {"OP": "{0,15}"}, {"LOWER": "b"}, {"OP": "{0,15}"},
               {"LOWER": "c"}, {"OP": "{0,15}"}, {"LOWER": "d"}]
    assert _exact_gaps(pattern, {1: (0, 15), 3: (0, 15), 5: (0, 15)}) == [pattern]
    assert len(_exact_gaps(pattern[:5], {1: (0, 15), 3: (0, 15)})) == 256


_EXCLUDING_RULES = _one_rule("EN-TEST-NO-PROOF", "guaranteed-efficacy", """\
    match:
      - sequence:
          - {text: [miracle]}
          - {gap: 5, punct: true, not: {text: [not, ";"], lexicon: test-owners}}
          - {text: [cure]}
    examples:
      flag: [A true miracle - the herbal cure., A miracle herbal cure.]
      pass: [A miracle it is not a cure., Open daily.]
""")


_OWNERS_LEXICON = """\
lexicon: test-owners
lang: en
match_on: text
description: own-voice words, for the test of not-lexicon
terms: [our, my]
"""


def _excluding_linter(tmp_path, rules: str = _EXCLUDING_RULES, lexicon: str = _OWNERS_LEXICON):
    linter = linter_with_rules(tmp_path, rules, {"select": ["EN-TEST"], "lang": "en"})
    (tmp_path / "rules" / "owners.yaml").write_text(lexicon, encoding="utf-8")
    return linter


def test_a_gap_does_not_cross_the_words_its_not_names(tmp_path):
    """``gap: 5, not: {...}`` replaces a row of five optional any-but-these items (one rule had
    ten copies of one list): the gap still crosses other words and, with punct, a dash, but not
    a word of its ``not`` list nor a term of the lexicon it names."""
    linter = _excluding_linter(tmp_path)

    def rules(text: str) -> list[str]:
        return [f.rule_id for f in linter.lint_text(text + "\n").findings]

    assert rules("A miracle herbal cure.") == ["EN-TEST-NO-PROOF"]
    assert rules("A true miracle - the herbal cure.") == ["EN-TEST-NO-PROOF"]
    assert rules("A miracle it is not a cure.") == []
    assert rules("A miracle; the cure.") == []
    assert rules("A miracle for my cure.") == []  # "my": a term of the lexicon
    assert rules("A miracle for your cure.") == ["EN-TEST-NO-PROOF"]


def test_not_lexicon_refuses_a_term_of_several_words(tmp_path):
    """A token excludes one word: a lexicon term of two words would, flattened, exclude each
    of them alone, so the rule set does not compile and says why."""
    from linter.matching.errors import RuleCompileError

    linter = _excluding_linter(tmp_path,
                               lexicon=_OWNERS_LEXICON.replace("[our, my]", "[our, my own]"))
    with pytest.raises(RuleCompileError, match="my own"):
        linter.lint_text("A miracle herbal cure.\n")


def test_not_lexicon_names_a_lexicon_that_exists(tmp_path):
    """A lexicon named only in a ``not`` is checked like any other reference."""
    from linter.rules.loader import RuleFileError

    linter = linter_with_rules(tmp_path, _EXCLUDING_RULES, {"select": ["EN-TEST"], "lang": "en"})
    with pytest.raises(RuleFileError, match="unknown en lexicon 'test-owners'"):
        linter.lint_text("A miracle herbal cure.\n")


def test_a_not_value_of_several_words_is_refused(tmp_path):
    """A ``not`` text or term of two tokens was flattened: 当クリニック in a gap's ``not`` kept
    the gap off every クリニック (a trigger did not read 美容クリニックの謳い文句), and 早ければ
    off every ば.  Such a value is now an error that names it."""
    from linter.matching.errors import RuleCompileError

    linter = _excluding_linter(tmp_path, _EXCLUDING_RULES.replace(
        'text: [not, ";"]', 'text: [not, ";", "no longer"]'))
    with pytest.raises(RuleCompileError, match="no longer"):
        linter.lint_text("A miracle herbal cure.\n")


def test_a_not_clitic_excludes_the_clitic_a_sentence_splits_off(tmp_path):
    """'ve alone is two tokens to the tokenizer (' | ve), but one in a sentence (we|'ve): a
    ``not`` clitic is taken whole, so the gap does not cross it."""
    linter = _excluding_linter(tmp_path, _EXCLUDING_RULES.replace(
        'text: [not, ";"]', "text: [not, \";\", \"'ve\"]"))

    def rules_of(text: str) -> list[str]:
        return [f.rule_id for f in linter.lint_text(text + "\n").findings]

    assert rules_of("A miracle they found, a cure.") == ["EN-TEST-NO-PROOF"]
    assert rules_of("A miracle we've found, a cure.") == []
