"""Matching works on linguistic units: conjugations, inflections, width and kana variants."""

from __future__ import annotations

import pytest
from conftest import rule_ids


@pytest.mark.parametrize("text", [
    "不眠症が治る。",
    "不眠症が治ります。",
    "不眠症が治った。",
    "不眠症を治せる。",
    "不眠症を治しました。",
    "不眠症が治らないはずがない。",
])
def test_japanese_conjugations_match(lint, text):
    assert "JA-DISEASE-TREAT" in rule_ids(lint(text))


@pytest.mark.parametrize("text", [
    "NMN cures insomnia.",
    "NMN cured my insomnia.",
    "NMN is curing insomnia for thousands.",
    "This drip will cure insomnia.",
    "Insomnia was cured by the drip.",
])
def test_english_inflections_match(lint, text):
    assert "EN-DISEASE-TREAT" in rule_ids(lint(text))


@pytest.mark.parametrize("text", [
    "ニキビを改善します。",
    "にきびを改善します。",
    "ﾆｷﾋﾞを改善します。",  # half-width katakana
    "面皰を改善します。",  # kanji spelling, same normalised form
])
def test_kana_and_width_variants_match(lint, text):
    assert "JA-DISEASE-TREAT" in rule_ids(lint(text))


def test_full_width_latin_matches(lint):
    assert "JA-SUPERLATIVE-BEST" in rule_ids(lint("満足度Ｎｏ．１のサプリです。"))


def test_word_inside_an_unrelated_compound_does_not_match(lint):
    # 不眠 is a disease term, but 不眠不休 ("without sleep or rest") is another word
    assert not lint("不眠不休で働いた結果、売上が改善しました。")


@pytest.mark.parametrize("text", [
    "塗り続けると、殆どかゆみが出なくなります。",
    "毎日便秘が解消します。",
])
def test_a_noun_used_as_an_adverb_is_not_part_of_the_next_word(lint, text):
    """殆ど and 毎日 are nouns to Sudachi (副詞可能), but say how much or when: a condition
    word after them is no compound and matches (missed, or read only as a context claim,
    before; session 64: round 49 a, a blog on an itch treatment)."""
    assert "JA-DISEASE-TREAT" in rule_ids(lint(text))


def test_a_space_between_words_is_a_boundary(lint):
    """A headline sets words apart with spaces, and Sudachi folds the space into the word
    before: a condition after a product name and a space was read as glued to it (session 64:
    round 49 a, a tea seller's headline). A space after the condition word does not split a
    compound: 「不眠 不休」 is still not 不眠."""
    headline = "薬膳ティー ルイボス 冷え性が気になる方におすすめ!"
    assert "JA-DISEASE-TARGETED" in rule_ids(lint(headline))
    # (the rules' words only: the claim model scores the whole sentence, not its word boundaries,
    # and a retrained model may put this one near its review threshold)
    found = rule_ids(lint("不眠 不休で働いた結果、売上が改善しました。"))
    assert not [r for r in found if not r.startswith("JA-MODEL-")]


def test_term_joined_with_a_claim_noun_still_matches(lint):
    assert "JA-DISEASE-TREAT" in rule_ids(lint("不眠改善サプリが人気です。"))


def test_english_word_inside_a_longer_word_does_not_match(lint):
    assert not lint("We reduce paperwork with a secure, curious team.")


def test_neutral_fact_is_not_a_finding(lint):
    assert not lint("NMNはNAD+の前駆体です。")
    assert not lint("NMN is a precursor of NAD+.")


def test_hedged_claims_are_still_claims(lint):
    assert "JA-DISEASE-TREAT" in rule_ids(lint("中途覚醒が減る可能性があります。"))
    assert "JA-BODY-FUNCTION" in rule_ids(lint("睡眠の質の改善が期待できます。"))
    assert "EN-DISEASE-TREAT" in rule_ids(lint("NMN may help reduce nighttime awakenings."))
    assert "EN-BODY-FUNCTION" in rule_ids(lint("NMN can support deeper sleep."))


def test_one_finding_per_category_for_overlapping_rules(lint):
    findings = lint("This supplement cures insomnia.")
    disease = [f for f in findings if f.category == "disease-claim"]
    assert len(disease) == 1


def test_dependency_patterns_compile_and_match(ruleset, compiled):
    """The DependencyMatcher path: a syntax pattern over a parsed sentence."""
    from linter.matching.compiler import CompiledLanguage
    from linter.rules.model import Pattern, Rule

    rule = Rule(
        id="JA-TEST-DEPENDENCY", category="body-function-claim", severity="error", lang="ja",
        profiles=("clinic",), message={"ja": "m"}, suggestion={"ja": "s"}, references=(),
        patterns=(Pattern("dependency", (
            {"id": "verb", "term": ["高める"]},
            {"id": "object", "head": "verb", "rel": ["obj"], "lexicon": "body-functions"},
        )),),
        flag_examples=(), pass_examples=(), source=ruleset.sources[0],
    )
    import dataclasses

    one_rule = dataclasses.replace(ruleset, rules=(rule,))
    pipeline = compiled.pipelines.get("ja")
    language = CompiledLanguage(one_rule, "ja", pipeline)
    doc = pipeline.tokenize("毎日の散歩で免疫力をぐっと高める。")
    language.annotate(doc)
    matches = language.match(doc, lambda: pipeline.parse(doc))
    assert [(m.rule_id, doc[m.start:m.end].text) for m in matches] == [
        ("JA-TEST-DEPENDENCY", "免疫力をぐっと高める")]
    doc = pipeline.tokenize("免疫について学ぶ。")
    language.annotate(doc)
    assert not language.match(doc, lambda: pipeline.parse(doc))


def test_every_rule_is_anchored_in_the_prefilter(compiled):
    """A pattern with no anchor word would make every sentence a candidate for the slow path."""
    for lang in ("ja", "en"):
        assert compiled.prefilter(lang).unanchored_rules(lang) == [], lang


CLEAN_PAGE = """\
# Access / アクセス

当院は梅田駅から徒歩5分の場所にあります。受付時間は平日10時から19時までです。
キャンセルは前日18時までにご連絡ください。お支払いは現金とクレジットカードに対応しています。
駐車場は3台分あります。スタッフ一同、皆さまのご来院をお待ちしております。

Our clinic is a 5-minute walk from Umeda station. We are open on weekdays from 10 am to 7 pm.
Please cancel at least 24 hours ahead. We accept cash and all major cards.
Parking for 3 cars is available next door. Our staff look forward to welcoming you.
"""


def test_a_plain_access_page_has_no_candidate_sentence(compiled):
    """Weak anchors (a hyphen, one kana) would send every sentence to the slow path."""
    from linter.segmenting.blocks import document_sentences

    for sentence in document_sentences(CLEAN_PAGE):
        assert not compiled.prefilter(sentence.lang).candidates(sentence.lang, sentence.text), \
            sentence.text


def test_lexicon_marks_hold_values_the_matcher_takes_as_they_are(compiled):
    """The Matcher tests the begin/inside marks on every token it tries: a token outside every
    lexicon holds 0, a token that begins terms of one lexicon holds that name, of several a
    tuple (a tuple for every token cost a sequence check and a new set per token and pattern);
    the names are the same either way."""
    from linter.matching.extensions import LEX, LEX_BEGIN, LEX_INSIDE

    language = compiled.language("ja")
    doc = compiled.pipelines.get("ja").tokenize("当院のNMN点滴で不眠症や中途覚醒が治ります。")
    language.annotate(doc)
    seen = set()
    for token in doc:
        for mark in (LEX_BEGIN, LEX_INSIDE):
            value = token._.get(mark)
            names = () if value == 0 else (value,) if isinstance(value, str) else value
            assert isinstance(value, (int, str)) or len(value) > 1
            assert set(names) <= set(token._.get(LEX))
            seen.update(names)
    assert seen == {name for token in doc for name in token._.get(LEX)}
    assert any(isinstance(token._.get(LEX_BEGIN), str) for token in doc)


@pytest.mark.parametrize("text", ["国のお墨付きを得たサプリです。",
                                  "十分な安全性を確認しています。"])
def test_a_term_split_when_written_alone_matches_the_word_a_sentence_keeps_whole(lint, text):
    """Sudachi splits お墨付き written alone (お|墨|付き) but keeps it one word in a sentence, so a
    rule term analysed alone never matched it (十分 likewise: 十|分 alone, 十分 in 十分な); the
    dictionary word is matched as well."""
    assert {"JA-AUTHORITY-OFFICIAL", "JA-SAFETY-SAFE"} & set(rule_ids(lint(text)))


def test_whole_word_forms_are_only_given_for_terms_split_alone():
    from linter.matching.light_analysis import LightJapanese

    analyser = LightJapanese()
    assert analyser.whole_word_norms("お墨付き") == ("御墨付き",)
    assert analyser.whole_word_norms("不眠症") == ()  # one word alone: nothing to add
    assert analyser.whole_word_norms("不眠症が治る") == ()  # not a dictionary word
