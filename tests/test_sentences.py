"""English sentence ends: a period after an abbreviation or a genus initial is not one."""

from __future__ import annotations

import pytest
from conftest import linter_with_rules, one_rule_yaml

from linter.segmenting.sentences import split_sentences


def _sentences(text: str) -> list[str]:
    return [s.text for s in split_sentences(text, 0, len(text), "en")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Our spray kills E. coli in seconds. Order today.",
     ["Our spray kills E. coli in seconds.", "Order today."]),
    ("Fights H. pylori and S. aureus naturally.", ["Fights H. pylori and S. aureus naturally."]),
    ("Ask Dr. Lee. She knows.", ["Ask Dr. Lee.", "She knows."]),
    # a capital letter before a capitalised word still ends the sentence
    # a unit of measure after a number abbreviates before a lower-case word, not a capital
    ("A 200 lb. person needs a larger dose.", ["A 200 lb. person needs a larger dose."]),
    ("Mix 2 oz. of the tonic with water.", ["Mix 2 oz. of the tonic with water."]),
    ("I lost 20 lbs. Then I stopped.", ["I lost 20 lbs.", "Then I stopped."]),
    ("Walk for 30 min. and rest.", ["Walk for 30 min. and rest."]),
    ("Rich in vitamin C. Zinc helps too.", ["Rich in vitamin C.", "Zinc helps too."]),
    # a short topic question is answered by the rest of its line (one sentence) ...
    ("Long COVID? We can help.", ["Long COVID? We can help."]),
    ("Struggling with insomnia? Try our sleep drip. Book now.",
     ["Struggling with insomnia? Try our sleep drip.", "Book now."]),
    # ... a full question, a long one, or one ending its line stands alone
    ("Is it safe? Yes, it is.", ["Is it safe?", "Yes, it is."]),
    ("What is rosacea? It is a skin condition.", ["What is rosacea?", "It is a skin condition."]),
    ("Have you been feeling tired and run down lately? Many people do.",
     ["Have you been feeling tired and run down lately?", "Many people do."]),
    ("Long COVID?\nWe can help.", ["Long COVID?", "We can help."]),
    ("Feeling tired all day and every day? Many people are.",
     ["Feeling tired all day and every day?", "Many people are."]),
    # the question starts at the previous sentence end, not at an abbreviation or a wrapped
    # line inside it; a bullet before it is not its first word (found by review)
    ("Do you feel tired at 5 p.m. every day? Our drip helps.",
     ["Do you feel tired at 5 p.m. every day?", "Our drip helps."]),
    ("Have you been feeling\ntired lately? Our drip cures fatigue.",
     ["Have you been feeling\ntired lately?", "Our drip cures fatigue."]),
    ("- Is it safe? Yes, it is.", ["- Is it safe?", "Yes, it is."]),
    ("Results vary. Joint pain? Not anymore.", ["Results vary.", "Joint pain? Not anymore."]),
    # a negative opener before a verb is the ad's elliptical topic, before a subject a question
    ("Can’t sleep? Our drip helps.", ["Can’t sleep? Our drip helps."]),
    ("Can't sleep? Our drip helps.", ["Can't sleep? Our drip helps."]),
    ("Isn’t it time? Book now.", ["Isn’t it time?", "Book now."]),
])
def test_sentence_ends(text, expected):
    assert _sentences(text) == expected


def test_a_claim_about_a_bacterium_named_by_its_genus_initial_is_one_sentence(tmp_path):
    """Cut at 'E.', the claim 'kills E. coli' lost the name it is about."""
    rule = one_rule_yaml("EN-HOUSE-GERM", "en",
                         "[{sequence: [{term: [kill]}, {text: [E.]}, {text: [coli]}]}]",
                         "'It kills E. coli.'", "'It kills germs.'", category="disease-claim")
    linter = linter_with_rules(tmp_path, rule, {"select": ["EN-HOUSE"], "lang": "en"})
    assert linter.lint_text("Our spray kills E. coli in seconds.").findings
