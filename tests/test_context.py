"""Claim context: negation scope, disclaimers, quotation and questions, in both languages."""

from __future__ import annotations

import pytest
from conftest import categories, rule_ids

from linter.reading.plaintext import read_text


@pytest.fixture
def lint(lint_claims):
    """Sentence-level claims only (conftest's ``lint_claims``), under this file's usual name."""
    return lint_claims


# -- Japanese negation is scoped by the dependency parse and bunsetsu ----------------------------

@pytest.mark.parametrize("text", [
    "即効性があるわけではありません。",
    "不眠症が治るとは限りません。",
    "副作用がないわけではありません。",
    "このサプリで不眠症が治ることはありません。",
    "このサプリに病気を治す効果はありません。",
    "不眠症は治りません。",
    "NMN点滴に睡眠を改善する効果があるという科学的根拠はまだ十分ではありません。",
    "当院ではNMN点滴の効果を保証するものではありません。",
    # session 40: a quality of the effect denied (即効性) and a paraphrase in brackets before は
    "この青汁は薬ではないので、即効性はありません。",
    "このトニックに髪を生やす効果（発毛効果）はありません。",
])
def test_japanese_negated_claims_are_not_findings(lint, text):
    assert not lint(text), text


@pytest.mark.parametrize(("text", "category"), [
    ("痛みはなく、不眠症も治ります。", "disease-claim"),  # negation in the clause before
    ("不眠症が治り、副作用もありません。", "disease-claim"),  # negation in the clause after
    ("不眠症が治って痛みもない。", "disease-claim"),  # no comma, still another clause
    ("副作用がなく、中途覚醒が減ります。", "disease-claim"),
])
def test_japanese_negation_in_another_clause_does_not_clear_the_claim(lint, text, category):
    assert category in categories(lint(text)), text


@pytest.mark.parametrize("text", [
    # a comma that closes a list of quoted effects before という/などの is not a clause break
    "このローションに、抜け毛を治す、という効果はありません。",
    "このお茶に、血圧を下げる、などの作用はありません。",
])
def test_a_comma_that_closes_a_list_before_a_quotative_keeps_the_negation_in_scope(lint, text):
    assert not lint(text), text


@pytest.mark.parametrize("text", [
    # a comma after a compound postposition (に対して、について、) sets off a phrase of the
    # predicate; modelled on a ginkgo page's study summary (round 25 of session 43)
    "このエキスは、高齢者の記憶の向上に対して、効果がないことが示されています。",
    "睡眠の質の改善について、はっきりした効果は認められていません。",
])
def test_a_comma_after_a_compound_postposition_keeps_the_negation_in_scope(lint, text):
    assert not lint(text), text


def test_a_comma_that_ends_a_clause_keeps_a_later_negation_away_from_the_claim(lint):
    # the comma after 若返り ends the clause: わけではありません negates the side effects only
    assert "body-function-claim" in categories(lint("肌が若返り、副作用がないわけではありません。"))


def test_japanese_double_negation_is_an_affirmation(lint):
    assert "disease-claim" in categories(lint("この点滴で不眠症が治らないはずがありません。"))


def test_a_claim_that_contains_its_own_negation_is_still_reported(lint):
    # the ない of 副作用がない is part of the claim, not a negation of it
    assert "safety-claim" in categories(lint("この点滴は副作用がない。"))


# -- English negation: NegEx-style window with terminators ----------------------------------------

@pytest.mark.parametrize("text", [
    "NMN IV therapy does not cure insomnia.",
    "NMN is not a treatment for insomnia.",
    "There is no evidence that NMN prevents cancer.",
    "That NMN cures insomnia has not been proven.",
    "This drip won't reduce cortisol.",
    # "not necessarily" denies as a hedge does; it was a pseudo trigger of en-pseudo-not-only
    # until a helper's review of session 60 (no line of the real corpora or of rounds 40-44
    # changed with it)
    "This cream does not necessarily cure your acne.",
    "Vitamin D doesn't necessarily prevent colds.",
])
def test_english_negated_claims_are_not_findings(lint, text):
    assert not lint(text), text


@pytest.mark.parametrize("text", [
    "It won't hurt, and it cures insomnia.",
    "NMN does not contain caffeine and reduces cortisol.",
    "This is not a drug, but it cures insomnia.",
])
def test_english_negation_before_a_terminator_does_not_clear_the_claim(lint, text):
    assert lint(text), text


def test_pseudo_negation_is_not_a_negation(lint):
    assert "disease-claim" in categories(lint("NMN is not only safe but also cures insomnia."))
    assert "testimonial" in categories(lint("I've never slept better in my life."))


# -- disclaimers -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "These statements have not been evaluated by the Food and Drug Administration.",
    "This product is not intended to diagnose, treat, cure, or prevent any disease.",
    "効果には個人差があります。",
    "治療中の方は医師にご相談ください。",
    "If you have insomnia, consult your doctor.",
])
def test_disclaimers_are_not_findings(lint, text):
    assert not lint(text), text


def test_a_disclaimer_does_not_clear_a_claim_next_to_it(lint):
    findings = lint("不眠症が治ります。効果には個人差があります。")
    assert "disease-claim" in categories(findings)


# -- quotation and explanation of the rules ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "『治る』という表現は使えません。",
    "医療広告では「最高」「日本一」といった表現は使えません。",
    "健康食品で「がんが治る」とうたうことは薬機法で禁止されています。",
    "Words like 'cure' are not allowed in supplement ads.",
    "The guideline forbids claims that foods treat disease.",
])
def test_sentences_that_quote_or_explain_the_rules_are_not_findings(lint, text):
    assert not lint(text), text


def test_a_testimonial_in_quotes_is_still_a_testimonial(lint):
    assert "testimonial" in categories(lint("「朝までぐっすり眠れるようになりました」（40代女性）"))
    assert "testimonial" in categories(lint('"I finally sleep through the night!" says Anna.'))


# -- questions are judged by what they imply ---------------------------------------------------

def test_a_question_that_asserts_nothing_is_not_a_finding(lint):
    assert not lint("Struggling with insomnia?")
    assert not lint("不眠でお困りですか？")


def test_a_question_that_implies_a_claim_is_a_finding(lint):
    found = categories(lint("Want to cure your insomnia in one session?"))
    assert {"disease-claim", "speed-claim"} <= found
    assert "disease-claim" in categories(lint("中途覚醒に対し、NMN点滴は有効性を発揮するか？"))


def test_context_stage_can_be_switched_off_for_auditing(engine_factory):
    text = "NMN IV therapy does not cure insomnia."
    assert not engine_factory().lint(read_text("x", text))
    assert engine_factory(context=False).lint(read_text("x", text))


def test_a_quoted_claim_that_ends_on_the_closing_bracket_is_still_quoted(engine_factory):
    """A rule may end its match on the closing bracket (痩せる」); a quoted-only trigger still
    sees the claim's words inside the quotation (the bracket used to put it outside)."""
    engine = engine_factory(ignore_triggers=("ja-register-expression-named",))
    text = "「寝るだけで痩せる」といった宣伝文句は使えません。"
    assert not engine.lint(read_text("x.txt", text))


def _sentence_frame(compiled, text: str, claim_words: frozenset[int] = frozenset()):
    """The trigger that clears a claim model's whole-sentence claim in ``text``, or None."""
    from linter.context.judge import ContextJudge
    from linter.languages import get as get_language

    pipeline, language = compiled.pipelines.get("ja"), compiled.language("ja")
    doc = pipeline.tokenize(text)
    language.annotate(doc)
    triggers = language.trigger_matches(doc)
    assert triggers, "the sentence has no trigger: the case proves nothing"
    judge = ContextJudge(lambda: pipeline.parse(doc), get_language("ja").clause_words)
    trigger = judge.sentence_frame(doc, triggers, claim_words)
    return trigger.id if trigger else None


@pytest.mark.parametrize("text", ["効果はないと考えられます。", "不眠症は治りません。",
                                  "この点滴で頭痛が治ることはありません。"])
def test_a_negated_main_predicate_frames_the_whole_sentence(compiled, text):
    assert _sentence_frame(compiled, text) is not None


@pytest.mark.parametrize("text", [
    "無理のない減量をサポートします。",  # a modifier of the object
    "無理のない減量プランです。",  # a modifier of the noun predicate itself
    "シミの目立たない素肌へ。",
    "特異性がないため、副作用が起きにくく安心です。",  # an earlier clause, a comma between
    "効果がありません？いいえ、必ず痩せます。",  # the sentence ends on another predicate
])
def test_a_negation_in_a_modifier_or_an_earlier_clause_does_not_frame_the_sentence(compiled,
                                                                                    text):
    """A claim model's claim is the whole sentence: only a negation of what the sentence
    finally says clears it (ない and its kin inside a modifier used to clear it)."""
    assert _sentence_frame(compiled, text) is None


def test_a_trigger_made_of_a_rules_claim_words_does_not_frame_the_sentence(compiled):
    """副作用がありません is a safety claim a rule reports; its ません is that claim's word, not a
    negation of the sentence, when the model reads the same sentence."""
    text = "副作用がありません。"
    assert _sentence_frame(compiled, text) == "ja-neg-auxiliary"
    claim = frozenset(range(len(compiled.pipelines.get("ja").tokenize(text)) - 1))
    assert _sentence_frame(compiled, text, claim) is None


# -- a syntax condition outside Japanese (no bunsetsu, no dependency parse) -----------------------

def test_a_syntax_condition_in_an_english_context_file_needs_the_same_clause(tmp_path):
    # GiNZA's bunsetsu exist only in a Japanese parse: an English trigger with a syntax
    # condition raised KeyError('bunsetu_bi_labels'); now it needs no clause break between the
    # trigger and the claim (the English pipeline has no dependency parser)
    from linter.engine import Engine, LintOptions
    from linter.resources import bundled_rules_dir
    from linter.rules.loader import load_rules

    (tmp_path / "context").mkdir()
    (tmp_path / "context" / "en-extra.yaml").write_text(
        "lang: en\ndescription: test\ntriggers:\n"
        "  - id: en-test-doubt\n    kind: negation\n    direction: forward\n    max_scope: 8\n"
        "    syntax: governs-claim\n"
        "    examples:\n      cleared: [We doubt that our drip cures insomnia.]\n"
        "    pattern:\n      - text: [doubt]\n", encoding="utf-8")
    engine = Engine(load_rules([bundled_rules_dir(), tmp_path]),
                    LintOptions(ignore=("missing-disclosure",)))

    def lint(text):
        return categories(engine.lint(read_text("draft.txt", text)))

    assert not lint("We doubt that our drip cures insomnia.")
    assert "disease-claim" in lint("We doubt it, but our drip cures insomnia.")
    assert "disease-claim" in lint("Our drip cures insomnia without doubt.")


# -- a claim inside a negated noun phrase (English) ------------------------------------------------

@pytest.mark.parametrize("text", [
    "Sadly, no miracle cure can shed pounds overnight.",  # the claim is the negated noun phrase
    "There is no instant cure for cellulite.",
])
def test_a_claim_inside_a_negated_noun_phrase_is_cleared(engine_factory, text):
    """A forward negation whose own words run over the claim (no [miracle cure]) negates it:
    the claim starts right after the negator, not after the trigger's last word."""
    engine = engine_factory(ignore=("missing-disclosure",))
    assert not engine.lint(read_text("x.txt", text)), text


def test_a_claim_after_a_hyphenated_no_phrase_stands(engine_factory):
    """our no-risk money-back guarantee: the guarantee is not negated by the no of no-risk."""
    engine = engine_factory(ignore=("missing-disclosure",))
    found = engine.lint(read_text("x.txt", "Try it with our no-risk money-back guarantee."))
    assert "inducement" in categories(found)


# -- a claim word that opens a backward negation (Japanese) ----------------------------------------

@pytest.mark.parametrize("text", [
    "1度の塗布では効果が弱く、毎日続ける必要があります。",
    "市販の保湿クリームでは、効果は薄いと考えられます。",
])
def test_a_claim_word_that_opens_a_negation_phrase_is_cleared(engine_factory, text):
    """効果 is the first word of 効果が少なく: the review-tier cure-word cue on it has no word
    before the backward trigger, yet the phrase says the effect is small (before, it stayed)."""
    engine = engine_factory(ignore=("missing-disclosure",), min_severity="info")
    found = engine.lint(read_text("x.txt", text))
    assert "JA-REVIEW-CURE-WORDS" not in {f.rule_id for f in found}, text


def test_a_claim_word_after_a_negation_phrase_stands(engine_factory):
    """効果が薄かった方も、…改善します: the negation opens on 効果; the claim after it stands."""
    engine = engine_factory(ignore=("missing-disclosure",), min_severity="info")
    text = "ほかのサプリでは効果が薄かった方も、この青汁なら1週間でお通じが改善します。"
    found = engine.lint(read_text("x.txt", text))
    assert "speed-claim" in {f.category for f in found}


def test_a_report_trigger_that_starts_on_the_closing_bracket_clears_the_quoted_claim(lint):
    """痩せる」: a headline rule ends on the closing bracket that the report's phrase (」という…
    訴求) starts on; sharing a punctuation mark is not sharing words (before, it stayed)."""
    assert not lint("「着るだけで痩せる」ということを訴求して売られているシャツもあります。")


# -- a trigger about what others say or sell keeps the advertiser's own claim --------------------
# (sentences a review of session 30's triggers wrote: each trigger clears the others' claim in
# its clause or quotation, and the claim the advertiser makes after it stands)

@pytest.mark.parametrize(("text", "category"), [
    ("「飲むだけで痩せる」といった売り文句の商品とは違い、当院のGLP-1ダイエットなら確実に痩せられます。",
     "guaranteed-efficacy"),
    ("「飲むだけで痩せる」という訴求の商品が多い中、このサプリは1か月で5kgの減量を保証します。",
     "speed-claim"),
    ("「奇跡の水」などとされ、当店でも1日1本でがんが消えたという声が届いています。",
     "disease-claim"),
    ("「若返りのビタミン」などとされており、このサプリは1週間で肌のハリを取り戻します。",
     "body-function-claim"),
    ("便秘解消を期待していたのですが、ちゃんと効きました！", "disease-claim"),
    ("本気で痩せたいなら、医師監修のサプリを選ぶことが大切です。", "authority-endorsement"),
    ("飲むだけで痩せるなんて嘘だと思われがちですが、本当です。", "body-function-claim"),
    ("Many people think hair loss is permanent, but this serum regrows hair in 4 weeks.",
     "body-function-claim"),
    ("Contrary to what many people think, this supplement is completely safe.", "safety-claim"),
    ("Other creams promise to erase wrinkles, but only ours clears them in 7 days.", "speed-claim"),
    ("After years of creams that did nothing to clear my eczema, this balm cleared it in a week.",
     "speed-claim"),
    ("After other treatments failed to clear my acne, this serum cleared it in a week.",
     "speed-claim"),
    ("This at-home device has been FDA approved to treat hair loss and regrows hair in 12 weeks.",
     "authority-endorsement"),
    ('Our drops cure insomnia, and "sleep deeper" and "wake refreshed" are some of the phrases '
     "customers use.", "disease-claim"),
    # (a review of session 31's triggers wrote these: each was cleared by a first version)
    ('Words like "cures acne" and "safe for babies" describe our balm perfectly.', "safety-claim"),
    ("Arthritis affects millions of people, but JointEase relieves arthritis pain in days.",
     "disease-claim"),
    ("This serum tackles the root causes of acne and clears breakouts in 3 days.", "speed-claim"),
    ('"It cured my eczema in a week" is a typical example of what our customers tell us.',
     "disease-claim"),
    ("ひざの痛みに効くとテレビで紹介された成分グルコサミンを配合しています。", "disease-claim"),
    ("グルコサミンは関節痛に効くと言われていますが、本当のところは吸収率が大切です。",
     "disease-claim"),
    ("がん治療に伴う副作用を軽減するサプリメントです。", "disease-claim"),
    ("「がんが消えた！」「腫瘍が小さくなった！」などの体験談が多数寄せられています。",
     "disease-claim"),
])
def test_a_report_of_others_claims_keeps_the_advertisers_own(lint, text, category):
    assert category in categories(lint(text)), text


def test_an_and_between_two_quotations_does_not_end_a_reports_scope(lint):
    """A list of quoted slogans named as examples: the "and" joining the last two quotations
    ended the frame's scope, so the first ones were flagged (session 31's fresh study half)."""
    assert not lint('"Melts stubborn fat," "resets your metabolism" and "burns carbs" are some '
                    "of the phrases that should make you wary.")


# -- session 33: a review of the session's triggers and rules wrote these (each wrong at first)

@pytest.mark.parametrize(("text", "category"), [
    ('Give it two weeks for our drip to clear your acne permanently.',
     'disease-claim'),
    ('Expect 3 months until your hair regrows completely, guaranteed, or your money back.',
     'guaranteed-efficacy'),
    ('Expect 2 weeks before you see results, then our serum erases wrinkles completely.',
     'body-function-claim'),
    ('If you take medication to sleep, our melatonin gummies cure insomnia without side effects.',
     'disease-claim'),
    ('Stop taking medication for anxiety: our CBD oil calms your nerves in minutes.',
     'disease-claim'),
    ('At our clinic, sciatica is usually managed with one adjustment that ends the pain for good.',
     'disease-claim'),
    ("Knee arthritis is usually treated with the Regenix injection, which regrows cartilage "
     "in weeks.", 'body-function-claim'),
    ("Don't be fooled by imitations, our formula cures eczema in 7 days.",
     'disease-claim'),
    ("Never trust another clinic with your hair, we are London's No. 1 for hair transplants.",
     'superlative-comparative'),
    ("Don't assume all clinics are the same: our treatment is 100% safe and cures acne.",
     'safety-claim'),
    ('No one, not even the NHS, can offer you faster results than our clinic.',
     'superlative-comparative'),
    ('Our patients take 2 days to recover from liposuction, compared with 2 '
     'weeks at other clinics.',
     'disease-claim'),
    ('The drips promise instant hangover relief and glowing skin.',
     'speed-claim'),
    ('The supplements promise stronger joints within two weeks, so order today.',
     'body-function-claim'),
    ('アトピーを根本から治すのは、薬ではなく当院の整体です。',
     'disease-claim'),
    ('副作用がなく安心なのは、医薬品ではなく食品だからです。',
     'safety-claim'),
    ('どんな病気も治せる、医薬品ではない奇跡の水です。',
     'disease-claim'),
    ('他院で治らなかったシミも、当院のレーザーなら1回で消え、自然には元に戻りません。',
     'guaranteed-efficacy'),
    ('当院のレーザーで消したシミは、時間がたっても元に戻りません。',
     'guaranteed-efficacy'),
    ('ED治療に絶大な効果があるシルデナフィルという薬を処方しています。',
     'disease-claim'),
    ('1回で治るED治療なら、クリニックで今すぐ受診を。',
     'speed-claim'),
    ('確実に効果を実感できるまで、1カ月もかかりません。',
     'guaranteed-efficacy'),
    ('シミが確実に消えて、効果を実感するまで3カ月ほどかかります。',
     'guaranteed-efficacy'),
    ('早い段階で効果を実感できます。',
     'speed-claim'),
    # (a review of the second batch of session 33's triggers and rules wrote these)
    ('9 in 10 users experience instant relief from heartburn.', 'speed-claim'),
    ('Over 2 million people have beaten insomnia with our sleep spray.', 'disease-claim'),
    ('Hoping for a miracle? Our balm cures eczema in days.', 'disease-claim'),
    ('Stop wishing for a miracle cure: our capsules cure migraines for good.', 'disease-claim'),
    ('Dreaming of clear skin? Our serum clears acne overnight and is 100% safe.', 'safety-claim'),
    ('Our massage chair was invented by a physiotherapist to '
     'relieve sciatica instantly.', 'speed-claim'),
    ('This cream was developed to cure psoriasis and is '
     'completely safe for babies.', 'safety-claim'),
    ('Customer reviews are written by real patients who were cured of migraines.', 'testimonial'),
    ('Our balm is generally safe for pregnant women and cures stretch marks.', 'safety-claim'),
    ('効能は、「がんに効く」と話題の当社の健康茶です。', 'disease-claim'),
    ('使用目的は「腰痛を1回で治す」ことで、当院独自の施術です。', 'speed-claim'),
])
def test_session_33_triggers_keep_the_advertisers_own_claim(lint, text, category):
    """Each was cleared by a first version of a session-33 trigger or exception (a timeline,
    usual treatment, a medicine named by its use, a scar that does not fade by itself ...)."""
    assert category in categories(lint(text)), text


@pytest.mark.parametrize("text", [
    'Is the pain in my leg caused by a misaligned spine, or by a slipped disc?',
    'Some practitioners believe that subluxations lead to back pain; '
    'studies have not confirmed it.',
    '骨盤の歪みが腰痛の原因だという説には、医学的な根拠はありません。',
    '側弯症では背骨がゆがみ、進行すると腰痛の原因になることがあります。',
    'The ad called it a "Diabetes-Reversing Breakthrough", which the FTC said was false.',
    'She ran a cancer-fighting marathon last year.',
    'Retailers that offer a lowest price guarantee often exclude prescription medicines.',
    'Our price match policy does not apply to NHS prescriptions.',
    'Hip replacements are highly successful operations, but they carry '
    'risks such as infection and blood clots.',
    '禁煙して適正体重を保つと、妊娠率が上がることが分かっています。',
    '早期に治療を始めれば、緑内障の進行を遅らせることができると言われています。',
    'リウマチの治療を専門とする医師は、リウマチ専門医と呼ばれます。',
    '遺伝子治療の研究が進み、将来は根本治療が可能になると期待されています。',
    'Alcohol acts as a diuretic and can leave you dehydrated.',
    'Some herbs may act as a laxative, so check with your pharmacist.',
    '小顔矯正は医療行為ではなく、骨格を変える効果は証明されていません。',
    '歯科では、顎の骨格を矯正する外科手術が行われることがあります。',
])
def test_session_33_rules_leave_reports_beliefs_and_health_facts_alone(lint, text):
    """Each was flagged by a first version of a session-33 rule (spinal causes, condition
    compounds, price promises, fertility and treatment specialities); the review tier may still
    show a word cue."""
    assert not [f for f in lint(text) if f.severity != "info"], text


# -- session 34: kinds from the studied halves of three fresh sets ---------------------------------

def _shown(lint, text):
    """The findings of the default output (warning and above) for ``text``."""
    return [f for f in lint(text) if f.severity != "info"]


@pytest.mark.parametrize(("text", "category"), [
    # session 34
    # a shop's 扱っております no longer clears the sentence as if it were a regulator's 扱う
    ('うちの薬局では、冷えを根本から改善する漢方を扱っております。', 'body-function-claim'),
    # an expert who 認める is an endorsement, not an enforcement word
    ('お医者さんも認める、奇跡のエイジングクリーム。', 'authority-endorsement'),
    ('医者も認める魔法のダイエットティー', 'guaranteed-efficacy'),
    ('独自の照射法で、肌にダメージを与えずにシミを薄くします。', 'safety-claim'),
    ('Use it daily and watch the fat melt away!', 'body-function-claim'),
    ('Our wrap is made to reshape your waist in weeks.', 'body-function-claim'),
    ('Most of our patients see a complete remission of their symptoms.', 'disease-claim'),
    ('行政処分を受けたことが一度もない当院なら、シミが1回で消えます。', 'speed-claim'),
    ('当院では自費診療として扱う施術で、腰痛が根本から治ります。', 'disease-claim'),
    ('The best way to lose weight is to drink our slimming tea every morning.',
     'body-function-claim'),
    ('Thanks to the numbing gel, the procedure is not painful at all.', 'safety-claim'),
    ('Our microneedling pen does not damage the surrounding skin.', 'safety-claim'),
    ('Our customers swear by this night cream for tired skin.', 'testimonial'),
    ('We guarantee that you will look years younger in a month.', 'guaranteed-efficacy'),
    ('麻酔クリームを使うので、注射の痛みは想像よりずっと軽いです。', 'safety-claim'),
    ('当院で施術を受けた方の7割以上が妊娠に至っています。', 'guaranteed-efficacy'),
    ('Unlike brands that mislead consumers, our serum truly erases wrinkles in 7 days.',
     'speed-claim'),
    ('Our clients have used it for years without any adverse effects.', 'safety-claim'),
    # session 35
    ('大きなほくろでも、一度でほぼ取り除けます。', 'speed-claim'),
    ('2度照射をすると、ほとんどのシミがなくなります。', 'speed-claim'),
    ('移植に使うのはご自身の組織なので、拒絶反応のリスクはごく低いです。', 'safety-claim'),
    ('痛みの強い手技は使いませんから、小さなお子さんからご年配の方まで受けていただけます。',
     'safety-claim'),
    ('花粉症に悩む夫のために開発した、鼻すっきりのハーブティーです。', 'disease-claim'),
    ('Conventional medicine is often ineffective for chronic neck pain.',
     'superlative-comparative'),
    ('Sleeping pills just mask the problem; our program fixes it.', 'superlative-comparative'),
    ('These lozenges take only 5 to 10 minutes to start working.', 'speed-claim'),
    ('Our balm works as well as prescription steroids on flare-ups.', 'superlative-comparative'),
    ("That being said, our collagen drink can help prevent and smooth fine lines.",
     'body-function-claim'),
    # session 36: a negation inside a subordinate clause no longer reaches the main clause
    ('Unlike UV lamps, which can damage the skin, red light is safe and gentle.', 'safety-claim'),
    ('Although the wrap does not work for everyone, it relieves arthritis pain in most users.',
     'disease-claim'),
    ('There was no way to rebuild worn knee cartilage - until now!', 'body-function-claim'),
    # session 36, from a helper's review of the session's first changes (the last three were
    # wrong only in the reviewed state: an approval denied, a doubt resolved or addressed)
    ('Although it is not a drug, it cures acne.', 'disease-claim'),
    ('Until now, there was no natural way to regrow thinning hair.', 'body-function-claim'),
    ('There is no FDA-approved cure for Lyme disease, but our protocol is FDA-approved for it.',
     'authority-endorsement'),
    ('本当にシミが消えるのか不安でしたが、1回の施術できれいに消えました。', 'body-function-claim'),
    ('腰痛が本当に治るのか不安な方へ、当院の整体で9割の方が改善しています。', 'disease-claim'),
])
def test_fresh_page_claims_are_found(lint, text, category):
    """Each was missed before the session that added it (session 34: an over-broad 扱う or 認める
    trigger, or no rule for the wording; session 35: no rule for the wording, or a 'that being
    said' read as reported speech)."""
    assert category in categories(lint(text)), text


@pytest.mark.parametrize("text", [
    # session 34
    '効能の改善を標ぼうする健康食品の広告が、各地で問題になっています。',
    '残念ながら、重い椎間板ヘルニアの完治は、とても難しいでしょう。',
    '自費診療に比べて、費用面の負担が少なく通院できるのが保険診療の利点です。',
    'どの抜歯でも、必ず多少の痛みが伴います。',
    '人は一日のおよそ3分の1を睡眠に使っています。',
    '【行政処分】「今だけ無料」をうたう通販に注意',
    'When prescribed for the treatment of gout, the tablets are taken once a day.',
    'Swelling is one way the body heals a sprain.',
    'The simplest way to lose weight is to cut sugary drinks and walk every day.',
    'Many people lose volume in their lips as they age.',
    'In the trial, remission of disease was seen in 30% of patients.',
    'Most patients can return to work the next day after a colonoscopy.',
    'Hormonal changes during menopause can reshape a woman\'s figure.',
    '髪にダメージを与えずに乾かすには、ドライヤーを離して使いましょう。',
    "It doesn't hurt to ask your dentist about whitening first.",
    'Our mineral sunscreen does not harm coral.',
    'Bold promises like these can mislead consumers.',
    'Having a blood test is not painful for most patients.',
    'Reviewers found that the device does not damage the skin when used as directed.',
    'Laser hair removal won\'t hurt as much as waxing, but it can sting.',
    'この記事を読めば、インフルエンザの予防接種で重症化を防げる理由が分かります。',
    'Nobody can guarantee you will see results with any diet.',
    'Some patients swear by acupuncture, yet trials show mixed results.',
    'この手術を受けた人の9割が回復したと報告されています。',
    '検査の痛みは、思っているより軽いと感じる人が多いようです。',
    '減塩が基本ですが、高血圧の薬で血圧を下げることもあります。',
    '薬を正しく使えば、多くの人は症状から解放されます。',
    # session 35
    '医療脱毛では、医師監修のもとで照射を行います。',
    '発症から3日以内に抗ウイルス薬の内服を始めるのが一般的です。',
    '酵素は熱に弱いため、加熱すると酵素活性が低下します。',
    '骨粗しょう症は進行する病気なので、早めに治療を始めることが重要です。',
    '腸の中で悪い菌を減らし、体によい作用をもたらす菌のことを「プロバイオティクス」と呼びます。',
    '「最近、寝つきが悪くなった気がする」と感じていませんか？',
    '化粧水も「若返り」と名の付く商品ばかり選んでいました。',
    '脂肪溶解注射の効果は、打った直後には実感できません。',
    'There are no drugs or vaccines currently approved to prevent Lyme disease.',
    'Sleep apnea, as well as some sedative medications, can cause daytime sleepiness.',
    'The usual treatment for a pulled hamstring is rest, ice and gentle stretching.',
    'Calming gummies for kids take about 10 minutes to unwrap and share.',
    # session 35, from a helper's review of the session's first batch
    '採血は1回で済みますので、ご安心ください。',
    '1度施術を受けると、次の予約が取れるのは1か月後になります。',
    'お子様連れでもご来院いただけます。',
    '日本国内で狂犬病に感染する危険性は極めて低いものの、海外では注意が必要です。',
    'インフルエンザの診断のために開発された迅速検査キットです。',
    'Edibles can take 30 to 90 minutes to kick in, so wait before taking a second dose.',
    'If conventional treatments fail to control your seizures, your neurologist may suggest'
    ' surgery.',
    'Painkillers only mask the pain, so keep resting the injured ankle even when it feels better.',
    'あなたがアレルギーを持っている成分や、相性の良くない成分が含まれていないかを確認することが大切です。',
    # session 36
    'この美容液で本当にシワが消えるのか、肌荒れの心配はないのか、不安に感じる方もいるでしょう。',
    '骨粗しょう症は少しずつ進むため、早めの治療が何よりも大切です。',
    'Treating psoriasis can involve creams, light therapy or tablets taken by mouth.',
    'CAP understands that night creams firm the skin by moisturising it.',
    'Brightleaf sent two small studies but acknowledged the need to drop its line about easing'
    ' joint pain.',
    '医師と相談しながら、リスクの低い方法を選びましょう。',
    'Our tablets, which are not intended to diagnose, treat, cure, or prevent any disease, are'
    ' made in small batches.',
])
def test_fresh_page_non_claims_are_not_default_findings(lint, text):
    """Each was a default-tier finding before the session that added it. Session 34: a report of
    claiming, a cure said to be hard, money, risk, a fraction, an enforcement headline, a drug's
    use, physiology, advice. Session 35: supervision described, a drug class named, activity
    lost, advice, a term defined, a reader's worry quoted, a product name quoted, a negation
    after a topic set off by a comma, the state of approval, 'as well as' as a conjunction, the
    usual care described; and, found by the review of its first batch, paperwork done in one
    visit, a polite invitation, epidemiology, a test kit, a wait warned about, a condition of
    care, first-aid advice, and an adjective's ない that GiNZA sets in a bunsetsu of its own.
    Session 36: a doubt asked as a question (〜のか、…不安), advice to treat early, how a condition
    is treated in general, a regulator's understanding and acknowledgement; advice to choose a
    low-risk method (a helper's review); and a disclaimer's list inside a 'which' clause stays
    cleared, its commas being a list's."""
    assert not _shown(lint, text), text


@pytest.mark.parametrize("text", [
    '1回でシミが消える治療は、当院以外ではまず受けられません。',
    '肌が10歳若返る施術は、一度受けたらやめられません。',
    '「これなら朝までぐっすり眠れる」と感じてみませんか？',
    '「塗るだけでシミが消える」の名で話題のクリームです。',
    'たった1回でシミを消す当院独自の治療を「ワンショット治療」と呼んでいます。',
    'ターメリックは「飲む抗炎症薬」と呼ばれるほどの力を持っています。',
    'The main treatment of hair loss we offer is PRP, which regrows thinning hair.',
    'No medication approved for menopause relieves hot flashes as gently as our herbal blend.',
    'It gets results as well as Botox at a fraction of the price.',
    "This serum reverses the fine lines known as crow's feet.",
])
def test_session_35_review_claims_stay_default_findings(lint, text):
    """A helper's review of the session's first batch found each cleared or lowered to the review
    tier (an exclusivity boast read as a negation across the topic comma, an advertiser naming its
    own product, an invitation read as a reader's worry, the clinic's own 'main treatment', a
    comparison after 'no … approved', 'known as' before a cue)."""
    assert _shown(lint, text), text


def test_the_words_that_tell_a_list_from_a_clause_are_the_languages():
    """The judge names no language's words: the English list joiners and the Japanese list
    closers, quotative and topic particle come from each plug-in's ``clause_words``, and a
    language without them reads every comma as the end of a clause."""
    import spacy
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from linter.context.judge import _after_topic_or_adverb, _closes_a_list, _list_item_after
    from linter.languages import ClauseWords, get

    doc = spacy.blank("en")("Although it is not a drug, treat, cure, or prevent any disease.")
    comma = next(t.i for t in doc if t.text == ",")
    assert _list_item_after(doc, comma, get("en").clause_words)
    assert not _list_item_after(doc, comma, ClauseWords())
    ja, en = get("ja").clause_words, get("en").clause_words
    listed = Doc(Vocab(), words=["生やす", "、", "など", "の", "効果"])
    assert _closes_a_list(listed, 1, ja) and not _closes_a_list(listed, 1, en)
    quoted = Doc(Vocab(), words=["治す", "、", "と", "いう", "効果"], lemmas=["", "", "", "", ""])
    quoted[3].norm_ = "言う"
    assert _closes_a_list(quoted, 1, ja) and not _closes_a_list(quoted, 1, en)
    topic = Doc(Vocab(), words=["効果", "は", "、", "ない"], pos=["NOUN", "ADP", "PUNCT", "ADJ"])
    assert _after_topic_or_adverb(topic, 2, ja) and not _after_topic_or_adverb(topic, 2, en)
    # words that look for a comma need the commas they follow
    with pytest.raises(ValueError, match="commas"):
        ClauseWords(topic_particles=frozenset({"は"}))


# -- a heading before a colon is not framed by the register of the text after it ---------------
# (session 40: benefit lists on supplement pages, "Heading: explanation", lost the heading's claim
# to a research or indication register trigger in the explanation; own sentences of that shape)

@pytest.mark.parametrize(("text", "category"), [
    ("Better sleep: melatonin is commonly used to help people who struggle to fall asleep.",
     "body-function-claim"),
    ("Supporting immune health: some research suggests zinc may play a role in immune function.",
     "body-function-claim"),
    ("睡眠の質の向上：メラトニンは睡眠に関わるホルモンといわれています。", "body-function-claim"),
])
def test_a_heading_claim_before_a_colon_stands(lint, text, category):
    assert category in categories(lint(text)), text


@pytest.mark.parametrize(("text", "category"), [
    ("Background: some research suggests zinc may play a role in immune function.",
     "body-function-claim"),
    # a register that points back at the heading still clears it (a helper's review)
    ("Cures insomnia: this is the kind of claim the FTC prohibits.", "disease-claim"),
    ("Tea that melts belly fat: FTC sues seller over misleading claims.", "body-function-claim"),
    ("がんが治る：厚生労働省はこうした広告を違法としています。", "disease-claim"),
])
def test_the_register_after_a_colon_still_frames_its_own_words(lint, text, category):
    """The explanation after the colon keeps its register, and a ruling or rule after it speaks
    of the heading: only a heading before an explains-only register (research, indication, a
    nutrient's role) is the advertiser's own."""
    assert category not in categories(lint(text)), text


@pytest.mark.parametrize("text, category", [
    # a word of a whole-sentence register (company, Remember; 認め, 消費者) in the advertiser's own
    # sentence cleared every claim in it before session 42
    ("Our company's serum erases wrinkles in a week.", "body-function-claim"),
    ("Remember, our drops cure tinnitus.", "disease-claim"),
    ("当院では、医師も1回で腰痛が治ることを認めています。", "disease-claim"),
    ("消費者の皆様に、当社のお茶で1週間で5kg痩せる喜びをお届けします。", "speed-claim"),
])
def test_the_advertisers_own_voice_keeps_a_claim_that_a_register_word_would_clear(
        lint_claims, text, category):
    assert category in categories(lint_claims(text))


@pytest.mark.parametrize("text", [
    "Our drops do not cure tinnitus.",
    "当院の点滴で不眠症は治りません。",
    "The FDA said the company's tea cures nothing and that its claims were false.",
])
def test_the_own_voice_leaves_negations_and_third_party_registers_as_they_were(lint_claims, text):
    assert not lint_claims(text)


@pytest.mark.parametrize("text", [
    "このサプリで、つらい不眠が改善するかもしれません。",
    "この点滴で疲労が回復するのは間違いない。",
    "このサプリで高血圧が改善するに違いありません。",
])
def test_a_negative_form_that_affirms_does_not_clear_the_claim(lint_claims, text):
    # かもしれません・間違いない・に違いない end on a negative auxiliary, and cleared the
    # claim before session 42
    assert lint_claims(text)


def test_a_safety_check_asked_for_is_not_an_assurance(lint):
    """EN-SAFETY-SAFE's exception for "make sure … is not harmful" (a helper's review of session
    61). Its rule example, "make sure the mat is not dangerous", is read by no sequence since
    the harmless-product sequence needs our/this/these/my; this test shows the exception at work
    without a new rule example (rule examples are the claim model's training data)."""
    assert "EN-SAFETY-SAFE" in rule_ids(lint("This balm is not harmful to your baby."))
    assert "EN-SAFETY-SAFE" not in rule_ids(
        lint("Make sure this balm is not harmful to your baby before you use it."))
