"""Typographic apostrophes: web copy writes don’t and night’s, rules write don't and night's.

Before the English pipeline read word-internal ’ as ', "This drip doesn’t cure insomnia." was
reported as a disease claim (the negation trigger n't did not match n’t) while the same
sentence typed with ' was not; the same held for every rule word with an apostrophe.
"""

from __future__ import annotations

import pytest
from conftest import categories

from linter.text.normalize import fold, straight_apostrophes


@pytest.mark.parametrize("text", [
    "This drip doesn’t cure insomnia.",
    "It won’t cure insomnia.",
    "Our tea can’t treat diabetes.",
])
def test_a_negation_with_a_curly_apostrophe_clears_the_claim(lint_claims, text):
    assert not lint_claims(text), text
    assert not lint_claims(text.replace("’", "'")), text


def test_a_claim_next_to_a_curly_apostrophe_is_still_found_and_shown_as_written(lint_claims):
    findings = lint_claims("Our drip cures insomnia, and it’s fast.")
    assert "disease-claim" in categories(findings)
    assert all("it’s" in f.sentence for f in findings)


def test_straight_apostrophes_keeps_offsets_and_closing_quotes():
    text = "‘I don’t know,’ said the parents’ doctor; it’s fine."
    out = straight_apostrophes(text)
    assert len(out) == len(text)
    assert out == "‘I don't know,’ said the parents’ doctor; it's fine."
    assert straight_apostrophes("no apostrophe") == "no apostrophe"


def test_an_apostrophe_after_an_accented_letter_is_inside_a_word():
    """Only ASCII letters counted as a word's letters: Zoë’s and naïve’s kept the mark."""
    assert straight_apostrophes("Zoë’s café’s crème") == "Zoë's café's crème"
    assert straight_apostrophes("in the ’90s, 9’s") == "in the ’90s, 9’s"


def test_fold_reads_curly_and_straight_apostrophes_alike():
    """The prefilter folds both the rules' keys and the text: a key with ' must be found in
    text written with ’."""
    assert fold("Won’t") == fold("won't") == "won't"
    assert fold("ʼs") == "'s"


def test_a_plural_possessive_or_an_apostrophe_in_a_word_is_no_quotation_mark():
    # "companies' ... Alzheimer's" was read as a quotation running between the two apostrophes
    from linter.context.quotes import quote_spans

    assert quote_spans("the companies' advertisements claim to cure Alzheimer's") == []
    assert quote_spans("‘I don’t know,’ said the parents’ doctor.") == [(1, 14)]
    text = "The ad said 'cures insomnia' in bold."
    assert [text[a:b] for a, b in quote_spans(text)] == ["cures insomnia"]
    japanese = "これは'奇跡'の水です"
    assert [japanese[a:b] for a, b in quote_spans(japanese)] == ["奇跡"]


def test_a_regulators_sentence_with_possessives_is_still_the_regulators(lint_claims):
    # modelled on a law firm's report of FTC letters (round 22 of session 41): the register
    # spared every claim between the possessive companies' and Alzheimer's as if quoted
    for text in ["The letters said the agency had reviewed the companies' advertisements and "
                 "believed they broke the FTC Act by making unsubstantiated claims about their "
                 "power to treat or cure Alzheimer's, cancer or other diseases.",
                 "The warning letters noted that the firms' websites promised to cure "
                 "Alzheimer's and reverse cancer."]:
        assert not lint_claims(text), text
