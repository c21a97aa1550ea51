"""A ``to_review`` context trigger lowers a claim to the review tier instead of dropping it.

An explainer's plain "X is used to treat Y" is how encyclopaedias write and also how supplement,
clinic and beauty pages present their own products, so en-register-used-for shows the claim at
the review tier (info, with a note) while the default output stays as quiet as before; a
medicines leaflet's wording (en-register-indication: approved, licensed, a group of medicines)
still clears it at every tier.  The sentences are our own.
"""

from __future__ import annotations

import pytest

from linter.reading.plaintext import read_text
from linter.rules.loader import RuleFileError, validate_document

LOWERED = "Cupping is often used to relieve muscle pain and stiffness."


def _lint(engine_factory, text: str, **options):
    return engine_factory(forced_lang="en", **options).lint(read_text("x.txt", text))


def test_a_plain_used_to_claim_is_shown_at_the_review_tier_only(engine_factory):
    findings = _lint(engine_factory, LOWERED, min_severity="info")
    assert findings, "the claim is lost at the review tier"
    assert {f.severity for f in findings} == {"info"}
    lowered = [f for f in findings if not f.rule_id.startswith("EN-MODEL-")]
    assert lowered and all("en-register-used-for" in f.message for f in lowered)
    assert not _lint(engine_factory, LOWERED, min_severity="warning")


def test_a_word_cue_the_model_would_raise_stays_cleared(engine_factory):
    """A corroborated word cue can be raised to a warning; in a sentence the lowering register
    covers, it is cleared as before (only claims above the review tier are lowered), so the
    register cannot bring it to the default output either."""
    text = "Arnica gel is commonly used to relieve bruising, swelling and joint pain."
    assert _lint(engine_factory, text, context=False)
    assert not _lint(engine_factory, text, min_severity="info")


def test_a_medicines_leaflet_still_clears_at_every_tier(engine_factory):
    """A firm register in the same sentence wins over the lowering one."""
    text = ("Sertraline belongs to a group of medicines called SSRIs and is often used to "
            "treat depression.")
    assert _lint(engine_factory, text, context=False)
    assert not _lint(engine_factory, text, min_severity="info")


def test_the_advertisers_own_product_keeps_its_severity(engine_factory):
    text = "Our cupping therapy is often used to relieve muscle pain and stiffness."
    assert any(f.severity == "error" for f in _lint(engine_factory, text, min_severity="warning"))


def test_without_review_lowering_the_trigger_clears_as_any_other(engine_factory):
    """What a trigger's own examples test (`medlint rules test`): its cleared examples."""
    assert not _lint(engine_factory, LOWERED, min_severity="info", review_cleared=False)


def test_a_lowered_claim_does_not_ask_for_a_disclosure(engine_factory):
    """A document rule (the DSHEA disclaimer after a structure/function claim) is triggered
    by claims as they stand, not by one lowered to the review tier."""
    text = ("Our supplement store ships capsules worldwide.\n\n"
            "Maca root is often used to boost energy and stamina.")
    findings = _lint(engine_factory, text, min_severity="info", profile="supplement")
    assert any(f.category == "body-function-claim" for f in findings)
    assert not [f for f in findings if f.category == "missing-disclosure"]
    claimed = text.replace("Maca root is often used to", "Our maca root capsules")
    assert [f for f in _lint(engine_factory, claimed, min_severity="info", profile="supplement")
            if f.category == "missing-disclosure"]


def test_a_lowered_sentence_gives_no_document_rule_its_evidence(engine_factory):
    """A promo code in a sentence the register covers stays cleared as before: the page does
    not suddenly need an ad label (a helper's review, session 66)."""
    text = ("Niacinamide is often used to fade dark spots and even out skin tone, and you can "
            "try it with my code GLOW15.")
    assert [f for f in _lint(engine_factory, text, min_severity="warning", context=False)
            if f.category == "missing-disclosure"], "the page holds the evidence"
    assert not _lint(engine_factory, text, min_severity="warning")
    assert not [f for f in _lint(engine_factory, text, min_severity="info")
                if f.category == "missing-disclosure"]


def test_a_word_cue_alone_is_cleared_as_before(engine_factory):
    """Only claims above the review tier are lowered; a review-tier word cue that the register
    covers ("used to focus") is cleared, not kept."""
    text = "Our eyes contain muscles that are used to focus."
    assert _lint(engine_factory, text, min_severity="info", context=False), "a cue matches"
    assert not _lint(engine_factory, text, min_severity="info")


def test_among_lowered_claims_the_stronger_rule_is_shown(engine_factory):
    """All lowered claims are info; the merge keeps the rule with the higher severity of its own
    (the one a suppression or a baseline names), not the first id in the alphabet."""
    findings = _lint(engine_factory, "Sertraline is often used to treat depression.",
                     min_severity="info")
    assert [f.rule_id for f in findings] == ["EN-DISEASE-TREAT"]


def test_other_ties_are_broken_as_before(engine_factory):
    """The own-severity tie-break is only for lowered claims: with a configured override that
    brings EN-DISEASE-TREAT down to a warning, a tie between two warnings still goes to the
    longer match (a suppression naming that rule keeps working; a helper's review)."""
    text = "Take the drops daily and you will catch fewer colds this winter."
    assert [f.rule_id for f in _lint(engine_factory, text, min_severity="warning")] \
        == ["EN-DISEASE-TREAT"]
    overridden = _lint(engine_factory, text, min_severity="warning",
                       severity_overrides={"EN-DISEASE-TREAT": "warning"})
    assert [(f.rule_id, f.severity) for f in overridden] == [("EN-DISEASE-RELIEF", "warning")]


def test_the_japanese_note_is_in_japanese(engine_factory):
    finding = next(f for f in _lint(engine_factory, LOWERED, min_severity="info",
                                    locale="ja") if not f.rule_id.startswith("EN-MODEL-"))
    assert "レビュー層" in finding.message


def _trigger(direction: str, kind: str = "meta") -> dict:
    examples = ({"kept": ["It cures acne."]} if direction in ("pseudo", "terminate")
                else {"cleared": ["Witch hazel is used to treat acne."]})
    return {"lang": "en", "triggers": [{
        "id": "x-used", "kind": kind, "direction": direction, "to_review": True,
        "pattern": [{"text": ["used"]}], "examples": examples}]}


@pytest.mark.parametrize(("direction", "kind", "valid"), [
    ("sentence-unquoted", "meta", True),
    ("forward", "meta", True),
    ("pseudo", "meta", False),       # clears nothing, so there is nothing to lower
    ("terminate", "meta", False),
    ("forward", "negation", False),  # a negated claim is no claim at any tier
])
def test_only_a_clearing_register_may_lower_to_review(tmp_path, direction, kind, valid):
    document = _trigger(direction, kind)
    if valid:
        assert validate_document(tmp_path / "en.yaml", document) == "context-file"
    else:
        with pytest.raises(RuleFileError):
            validate_document(tmp_path / "en.yaml", document)
