"""Document-level rules: when a page does X it must also say Y; the finding lists the gaps."""

from __future__ import annotations

CLINIC_PAGE = """\
# NMN点滴のご案内

当院のNMN点滴で、毎日をいきいきと過ごしましょう。
ご予約はお電話またはWEBで承っております。
"""

DISCLOSURES = {
    "自由診療（保険適用外）である旨": "NMN点滴は自由診療（保険適用外）です。",
    "通常必要とされる治療の内容（回数・期間・所要時間など）":
        "点滴の所要時間は約40分で、2週間に1回を目安に行います。",
    "費用（税込の金額）": "料金は1回33,000円（税込）です。",
    "主なリスク・副作用": "主な副作用として、注射部位の内出血や血管痛があります。",
    "未承認医薬品であること": "使用する製剤は国内未承認の医薬品です。",
    "入手経路": "製剤は医師の責任のもと輸入代行業者を通じて入手しています。",
    "国内の承認医薬品等の有無": "同一の成分を含む国内承認医薬品はありません。",
    "諸外国における安全性等に係る情報":
        "海外で重大な副作用の報告はありませんが、長期の安全性は確立されていません。",
}


def disclosure_findings(lint, text, path="page.md"):
    return [f for f in lint(text, path) if f.category == "missing-disclosure"]


def test_clinic_page_without_disclosures_gets_one_finding_listing_every_item(lint):
    findings = disclosure_findings(lint, CLINIC_PAGE)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.rule_id == "JA-DISCLOSURE-LIMITED-RELEASE"
    assert finding.missing == list(DISCLOSURES)
    assert (finding.line, finding.matched) == (1, "NMN点滴")  # points at the first trigger


def test_clinic_page_with_every_disclosure_gets_none(lint):
    page = CLINIC_PAGE + "\n" + "\n".join(DISCLOSURES.values()) + "\n"
    assert disclosure_findings(lint, page) == []


def test_partial_disclosure_lists_only_what_is_missing(lint):
    present = ["自由診療（保険適用外）である旨", "費用（税込の金額）", "主なリスク・副作用"]
    page = CLINIC_PAGE + "\n" + "\n".join(DISCLOSURES[k] for k in present) + "\n"
    (finding,) = disclosure_findings(lint, page)
    assert finding.missing == [k for k in DISCLOSURES if k not in present]


def test_unapproved_drug_items_are_required_only_for_unapproved_drugs(lint):
    page = "高濃度ビタミンC点滴を行っています。\n"
    (finding,) = disclosure_findings(lint, page)
    assert finding.missing == list(DISCLOSURES)[:4]


def test_page_without_elective_treatment_needs_no_disclosure(lint):
    assert disclosure_findings(lint, "当院は内科の保険診療を行っています。\n") == []


def test_clinic_profile_only(engine_factory):
    from linter.reading.plaintext import read_text

    findings = engine_factory(profile="supplement").lint(read_text("p.md", CLINIC_PAGE))
    assert not [f for f in findings if f.category == "missing-disclosure"]


SUPPLEMENT_PAGE = "Our NMN capsules support healthy energy levels.\nTake two capsules daily.\n"
DSHEA = ("These statements have not been evaluated by the Food and Drug Administration. "
         "This product is not intended to diagnose, treat, cure, or prevent any disease.\n")


def test_supplement_page_with_structure_function_claim_needs_dshea_disclaimer(lint):
    (finding,) = disclosure_findings(lint, SUPPLEMENT_PAGE)
    assert finding.rule_id == "EN-DISCLOSURE-DSHEA"
    assert len(finding.missing) == 2
    assert finding.line == 1 and finding.matched.startswith("support")
    assert disclosure_findings(lint, SUPPLEMENT_PAGE + DSHEA) == []


def test_dshea_is_not_required_without_a_claim_or_on_a_non_supplement_page(lint):
    assert disclosure_findings(lint, "Take two capsules daily with water.\n") == []
    assert disclosure_findings(lint, "Our IV therapy supports healthy energy levels.\n") == []


def test_affiliate_content_needs_an_ad_label_in_both_languages(lint):
    japanese = "このセラムは毎日使っています。\n私の紹介コードで10%オフになります。\n"
    english = "This serum is part of my routine.\nUse my code GLOW20 for 20% off.\n"
    assert [f.rule_id for f in disclosure_findings(lint, japanese)] == ["JA-DISCLOSURE-AD-LABEL"]
    assert [f.rule_id for f in disclosure_findings(lint, english)] == ["EN-DISCLOSURE-AD-LABEL"]
    assert disclosure_findings(lint, "【PR】" + japanese) == []
    assert disclosure_findings(lint, "#ad " + english) == []


def test_overseas_safety_item_is_recognised_by_meaning_not_a_fixed_phrase(lint):
    """A heading such as 「海外での承認状況」 gives the item in other words (issue 9, item 6)."""
    items = dict(DISCLOSURES)
    items["諸外国における安全性等に係る情報"] = (
        "## 海外での承認状況\n米国では同成分の注射剤は承認されていません。")
    page = CLINIC_PAGE + "\n" + "\n".join(items.values()) + "\n"
    assert disclosure_findings(lint, page) == []


def test_a_vague_mention_of_abroad_does_not_satisfy_the_overseas_safety_item(lint):
    items = dict(DISCLOSURES)
    items["諸外国における安全性等に係る情報"] = "海外のセレブにも人気の点滴です。"
    page = CLINIC_PAGE + "\n" + "\n".join(items.values()) + "\n"
    findings = disclosure_findings(lint, page)
    assert len(findings) == 1
    assert findings[0].missing == ["諸外国における安全性等に係る情報"]


def test_dshea_disclaimer_with_only_one_of_its_two_sentences_is_reported_incomplete(lint):
    claim = "Our magnesium supplement supports restful sleep.\n"
    for present, absent in (
        ("These statements have not been evaluated by the Food and Drug Administration.",
         "not intended"),
        ("This product is not intended to diagnose, treat, cure, or prevent any disease.",
         "not been evaluated"),
    ):
        findings = [f for f in lint(claim + present + "\n", "page.md")
                    if f.rule_id == "EN-DISCLOSURE-DSHEA"]
        assert len(findings) == 1, present
        assert len(findings[0].missing) == 1 and absent in findings[0].missing[0]


def test_the_code_of_a_technical_page_is_not_an_affiliate_code(lint):
    """"the code" is software or a regulation; only a promo, referral or personal code counts."""
    page = ("The code runs every night and checks the booking system.\n"
            "Under the CAP Code, the code applies to all marketing.\n")
    assert disclosure_findings(lint, page) == []
    assert disclosure_findings(lint, "Love this serum. Use the discount code GLOW for 10% off.\n")
