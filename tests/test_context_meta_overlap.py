"""A claim made only of a meta trigger's own words is cleared by that trigger."""

from __future__ import annotations

from conftest import rule_ids

from linter.reading.plaintext import read_text


def test_a_word_defined_by_its_meta_phrase_is_not_a_claim(engine_factory):
    """「体験談とは何か。」 defines the word: ja-register-defined-concept matches 体験談とは,
    and the testimonial claim 体験談 lay inside it, so the trigger (which cleared every claim
    it did not overlap) let it stand as an error."""
    engine = engine_factory(min_severity="info")
    assert not engine.lint(read_text("x.txt", "体験談とは何か。"))
    # the word in an ad's own voice, outside any meta phrase, is still a claim
    assert rule_ids(engine.lint(read_text("x.txt", "お客様から喜びの体験談が続々と届いています。")))


def test_a_meta_trigger_with_gaps_does_not_clear_the_claim_it_spans(engine_factory):
    """A trigger with gaps or any-word items can span a whole claim (en-register-condition-
    defined: 'is ... infection in'); those claims stand (found by review of the first version,
    which cleared them)."""
    engine = engine_factory(min_severity="warning")
    for text in ("This formula is proven to heal the infection in days.",
                 "Our tea is proven to cure the disease that doctors call incurable.",
                 "「1週間で5キロ痩せた」という体験談が続々届いています。"):
        assert engine.lint(read_text("x.txt", text)), text
