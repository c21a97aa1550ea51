"""English words that spaCy's tokenizer kept glued to the sentence's final period.

"Alkaline water balances your body's pH." was one token "pH." at the end, so the mechanism rule
that names pH never saw it, while the same claim with "pH level" or mid-sentence was found (a
full-body check-up and an alkaline-water page of session 67's round 52).
"""

from __future__ import annotations

import pytest
from conftest import rule_ids

from linter.nlp.pipelines import EnglishPipeline


@pytest.mark.parametrize("word", ["pH", "IgE", "IgG"])
def test_a_mixed_case_word_and_the_final_period_are_two_tokens(word):
    doc = EnglishPipeline().tokenize(f"It lowers your {word}.")
    assert [t.text for t in doc][-2:] == [word, "."]


def test_a_ph_claim_at_the_end_of_a_sentence_is_found_as_in_the_middle(lint_claims):
    # the rule itself, not the claim model's review-tier reading of the whole sentence
    for text in ("Alkaline water balances your body's pH.",
                 "Alkaline water balances your body's pH every day."):
        assert "EN-MECHANISM-PHYSIOLOGY" in rule_ids(lint_claims(text)), text


def test_only_the_listed_words_lose_their_period():
    # titles and initials keep theirs; pH in the middle of the text is split as well
    doc = EnglishPipeline().tokenize("Dr. Smith checked the pH. Vitamin D. levels were low.")
    assert [t.text for t in doc] == ["Dr.", "Smith", "checked", "the", "pH", ".", "Vitamin", "D.",
                                     "levels", "were", "low", "."]
