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
