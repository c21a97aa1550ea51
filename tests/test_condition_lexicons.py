"""Condition lexicons by ICD chapter (rules/lexicons/{en,ja}/conditions-icd-*.yaml).

Own sentences: a claim naming a disease of each chapter is a disease claim at the default
tier; the words left out of the lexicons because they are common in other senses (analysis
paralysis, a miscarriage of justice, 難産だった法案, イボ付き軍手) are not.
"""

from __future__ import annotations

import pytest
from conftest import categories

# One claim per ICD chapter, each naming a disease that only the chapter files list.
EN_CLAIMS = [
    "This tincture clears up giardiasis naturally.",                      # I infectious
    "Turmeric capsules help reverse myeloma.",                        # II neoplasms
    "Papaya leaf extract reverses thrombocytopenia.",                 # III blood
    "The kelp drops heal goitre without surgery.",                    # IV endocrine
    "Saffron extract relieves dysthymia.",                            # V mental
    "This magnesium patch eases dystonia.",                           # VI nervous
    "Bilberry gummies reverse astigmatism.",                          # VII eye
    "Our ear oil relieves otitis media.",                                # VIII ear
    "Hawthorn drops treat cardiomyopathy.",                           # IX circulatory
    "This breathing tonic heals bronchiectasis.",                     # X respiratory
    "Our enzyme blend soothes pancreatitis.",                           # XI digestive
    "This balm clears up folliculitis.",                              # XII skin
    "Collagen shots reverse spinal stenosis.",                        # XIII musculoskeletal
    "Cranberry capsules prevent pyelonephritis.",                     # XIV genitourinary
    "Our raspberry leaf tea prevents pre-eclampsia.",                 # XV pregnancy
    "Ginkgo drops get rid of lightheadedness.",                       # XVIII symptoms
]

JA_CLAIMS = [
    "このお茶で手足口病が治ります。",                 # I 感染症
    "飲むだけで多発性骨髄腫が改善します。",           # II 新生物
    "このサプリで血小板減少症が改善します。",         # III 血液
    "毎日飲めば甲状腺機能低下症が改善します。",       # IV 内分泌
    "このハーブで双極性障害が治ります。",             # V 精神
    "本態性振戦が和らぎます。",                       # VI 神経
    "ブルーベリーエキスで飛蚊症が消えます。",         # VII 眼
    "この漢方でメニエール病が治ります。",             # VIII 耳
    "ナットウキナーゼで深部静脈血栓症を予防します。", # IX 循環器
    "このお茶で気管支拡張症が改善します。",           # X 呼吸器
    "この酵素で膵炎が治ります。",                     # XI 消化器
    "このクリームで掌蹠膿疱症が治ります。",           # XII 皮膚
    "コラーゲンで腰部脊柱管狭窄症が改善します。",     # XIII 筋骨格
    "クランベリーで過活動膀胱が改善します。",         # XIV 腎尿路生殖器
    "このお茶でつわりが軽減します。",                 # XV 妊娠
    "このサプリで立ちくらみが解消します。",           # XVIII 症状
]

# The words in their everyday senses, next to claim verbs.
EN_NEUTRAL = [
    "The new drive stores 2 TB of photos and helps reduce clutter.",
    "It aids digestion, and hearing aids help reduce background noise.",
    "Avoid analysis paralysis: our planner helps you cut decision time.",
    "Every startup has growing pains; our consultants help you ease them.",
    "The court worked to prevent a miscarriage of justice.",
    "We fixed a few hiccups in the checkout flow.",
    "Bipolar radiofrequency tightens the skin and reduces the look of fine lines.",
    "PVD coating reduces wear on the watch case.",
    "Problems that plague small businesses can be solved with better software.",
    "Stop the stuttering of your old laptop with a faster SSD.",
    "The startup's blindness to customer needs is hard to overcome.",
    "Protect your phone from cracks and fractures with our rugged case.",
    "Fill cavities in the wall before you paint, then seal the cracks.",
]

JA_NEUTRAL = [
    "法案の成立は難産だったが、ようやく交通渋滞の緩和策がまとまった。",
    "イボ付きの軍手で滑りを防ぎます。",
    "充電中の高熱による故障を防ぐため、風通しのよい場所で使ってください。",
    "西洋かぶれの若者が増えたと嘆く声もある。",
    "しびれを切らした客が帰ってしまった。",
    "マスクの息苦しさを軽減する新素材を採用しました。",
    "この靴はすべり止めで転倒を防ぎます。",
    "骨折り損にならないよう、計画的に進めましょう。",
    "ホルモン焼きの脂を落として、さっぱり仕上げます。",
    "結石のように固まった汚れも落とします。",
    "チックで髪型をしっかりキープできます。",
    "当院では中耳炎や花粉症の診療を行っています。",
]


@pytest.fixture(scope="module")
def lint_default(engine_factory):
    """The default output (warning and above)."""
    from linter.reading.plaintext import read_text

    engine = engine_factory(min_severity="warning")
    return lambda text: engine.lint(read_text("draft.txt", text))


@pytest.mark.parametrize("text", EN_CLAIMS + JA_CLAIMS)
def test_a_disease_of_each_chapter_is_a_disease_claim(lint_default, text):
    assert "disease-claim" in categories(lint_default(text))


@pytest.mark.parametrize("text", EN_NEUTRAL + JA_NEUTRAL)
def test_words_of_other_senses_are_not_disease_claims(lint_default, text):
    assert "disease-claim" not in categories(lint_default(text))


def _terms(ruleset, lang: str, name: str) -> set[str]:
    return {t.lower() for t in ruleset.expanded_terms(lang, name)}


@pytest.mark.parametrize(("lang", "word"), [
    ("en", "aids"), ("en", "tb"), ("en", "plague"), ("en", "paralysis"), ("en", "bipolar"),
    ("en", "miscarriage"), ("en", "hiccups"), ("en", "growing pains"), ("en", "blindness"),
    ("en", "fractures"), ("en", "cavities"), ("en", "stuttering"), ("en", "cvd"), ("en", "pvd"),
    ("ja", "難産"), ("ja", "イボ"), ("ja", "高熱"), ("ja", "息苦しさ"), ("ja", "チック"),
    ("ja", "結石"), ("ja", "失神"), ("ja", "アニサキス"),
])
def test_words_left_out_as_ambiguous_stay_out(ruleset, lang, word):
    name = "conditions" if lang == "en" else "disease"
    assert word not in _terms(ruleset, lang, name)


def test_every_chapter_file_says_where_its_names_come_from(ruleset):
    chapters = [(lang, name) for (lang, name) in ruleset.lexicons
                if name.startswith("conditions-icd-")]
    assert len(chapters) == 34  # 17 chapter files in each language
    for lang, name in chapters:
        lexicon = ruleset.lexicon(lang, name)
        assert "ICD-10" in lexicon.description and "ICD-11" in lexicon.description
        assert lexicon.terms
        aggregate = "conditions" if lang == "en" else "disease"
        assert name in ruleset.lexicon(lang, aggregate).include
