"""Issue 15: profiles that change the verdict, and the claims register.

Each positive list and the register are shown working both ways: permitted or
registered wording is accepted (with its basis), a stronger variant is still a
finding.  Sentences are medlint's own compositions.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from linter import Linter
from linter.findings.chain import rule_is_active
from linter.profiles.accept import (
    BEYOND_ID,
    EXCEEDS_ID,
    EXPIRED_ID,
    HINT_ID,
    MISSING_ID,
    accept_findings,
)
from linter.profiles.lists import load_lists
from linter.profiles.register import RegisterError, load_register, register_from_data
from linter.resources import load_schema
from linter.rules.model import PROFILES

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def linter():
    return Linter({"min-severity": "info"})


def ids(findings):
    return [f.rule_id for f in findings]


def sentence_level(result):
    """Findings that decide a sentence's verdict (not document statements, not hints)."""
    return [f for f in result.findings if not f.missing and f.severity != "info"]


# -- the data ------------------------------------------------------------------------------
def test_every_list_is_valid_and_names_a_known_profile_with_sources():
    lists = load_lists()
    assert set(lists.lists) <= set(PROFILES)
    for plist in lists.lists.values():
        assert plist.sources
        for entry in plist.entries:
            assert entry.source.source and entry.source.section
            assert entry.tokens or entry.form is not None


def test_the_cosmetic_list_holds_the_56_notified_items():
    cosmetic = load_lists().lists["cosmetic"]
    assert cosmetic.count("ja") == 56
    items = [e for e in cosmetic.entries if e.lang == "ja"]
    assert all("化粧品の効能の範囲" in e.source.source for e in items)
    assert items[0].wording == "頭皮、毛髪を清浄にする。"
    assert items[-1].wording == "乾燥による小ジワを目立たなくする。"


def test_lexicons_named_by_claim_forms_exist(ruleset):
    for plist in load_lists().lists.values():
        for entry in plist.entries:
            if entry.form is not None:
                for name in entry.form.forbid_lexicons:
                    assert (entry.lang, name) in ruleset.lexicons, (entry.id, name)


def test_rule_files_may_name_every_profile():
    enum = load_schema("rule-file")["$defs"]["profile"]["enum"]
    assert set(enum) == set(PROFILES)


def test_the_rule_loader_validates_the_positive_lists_but_builds_no_rule_from_them(ruleset):
    from linter.rules.loader import validate_file

    lists = sorted((REPO / "rules" / "profiles").glob("*.yaml"))
    assert lists and all(validate_file(p) == "profile-list" for p in lists)
    assert not any(r.source.parent.name == "profiles" for r in ruleset.rules)


def test_an_invalid_positive_list_is_rejected(tmp_path):
    from linter.profiles.lists import ProfileListError, load_list

    path = tmp_path / "cosmetic.yaml"
    path.write_text("profile: cosmetic\ntitle: {ja: x}\nsources: []\naccepts: []\n"
                    "entries: []\n", encoding="utf-8")
    with pytest.raises(ProfileListError, match="sources"):
        load_list(path)


def test_product_kind_profiles_inherit_the_supplement_rules(ruleset):
    rule = ruleset.rule("JA-BODY-FUNCTION")
    assert "food-function" not in rule.profiles and "supplement" in rule.profiles
    for profile in ("food-function", "foshu", "nutrient-function", "us-supplement"):
        assert rule_is_active(rule, profile, (), ())
    assert not rule_is_active(rule, "drug", (), ())


# -- cosmetic ------------------------------------------------------------------------------
def test_cosmetic_item_is_accepted_for_a_cosmetic_and_not_for_a_health_food(linter):
    text = "洗顔料でにきびを防ぎます。"
    cosmetic = linter.lint_text(text, profile="cosmetic")
    assert sentence_level(cosmetic) == []
    assert ids(cosmetic.accepted) == ["JA-DISEASE-TREAT"]
    assert "化粧品の効能の範囲" in cosmetic.accepted[0].basis
    food = linter.lint_text(text, profile="supplement")
    assert "JA-DISEASE-TREAT" in ids(food.findings) and not food.accepted


def test_a_stronger_cosmetic_variant_is_still_a_finding(linter):
    result = linter.lint_text("にきびを必ず治します。", profile="cosmetic")
    assert "JA-DISEASE-TREAT" in ids(result.findings)
    assert not result.accepted


def test_a_cosmetic_claim_outside_the_list_names_the_nearest_permitted_wording(linter):
    result = linter.lint_text("塗るだけでシミが消えます。", profile="cosmetic")
    finding = next(f for f in result.findings if f.rule_id == "JA-BODY-BEAUTY-CONCERN")
    assert "最も近い認められた表現" in finding.suggestion
    assert "シミ、ソバカスを防ぐ" in finding.suggestion


def test_quasi_drug_wording_is_beyond_a_cosmetic(linter):
    text = "メラニンの生成を抑え、しみ・そばかすを防ぎます。"
    cosmetic = linter.lint_text(text, profile="cosmetic")
    flagged = sentence_level(cosmetic)
    assert flagged  # by a mechanism rule, or as beyond the profile when no rule catches it
    assert all("医薬部外品" in f.message for f in flagged)
    assert BEYOND_ID in ids(flagged) or not cosmetic.accepted
    quasi = linter.lint_text("医薬部外品。" + text, profile="quasi-drug")
    assert sentence_level(quasi) == []


def test_english_cosmetic_appearance_claims_both_ways(linter):
    text = "Reduces the look of fine lines."
    cosmetic = linter.lint_text(text, profile="cosmetic", lang="en")
    assert sentence_level(cosmetic) == [] and ids(cosmetic.accepted) == ["EN-BODY-FUNCTION"]
    assert "201(i)" in cosmetic.accepted[0].basis
    supplement = linter.lint_text(text, profile="supplement", lang="en")
    assert "EN-BODY-FUNCTION" in ids(supplement.findings)
    stronger = linter.lint_text("Reduces the look of fine lines and cures eczema.",
                                profile="cosmetic", lang="en")
    assert "EN-DISEASE-TREAT" in ids(stronger.findings)


# -- quasi-drug ----------------------------------------------------------------------------
def test_quasi_drug_wording_is_accepted_with_its_basis_and_the_qualifier_is_required(linter):
    text = "薬用クリームがあせもやにきびを防ぎます。"
    bare = linter.lint_text("あせもやにきびを防ぎます。", profile="quasi-drug")
    assert ids(bare.accepted) == ["JA-DISEASE-TREAT"]
    assert "薬用化粧品" in bare.accepted[0].basis
    missing = [f for f in bare.findings if f.rule_id == MISSING_ID]
    assert missing and "医薬部外品" in missing[0].missing[0]
    labelled = linter.lint_text(text, profile="quasi-drug")
    assert not [f for f in labelled.findings if f.rule_id == MISSING_ID]


def test_a_stronger_quasi_drug_variant_is_still_a_finding(linter):
    result = linter.lint_text("医薬部外品。にきびを防ぎ、アトピー性皮膚炎も治します。",
                              profile="quasi-drug")
    assert "JA-DISEASE-TREAT" in ids(result.findings)


# -- foods with function claims ------------------------------------------------------------
FFC_PAGE = (
    "機能性表示食品（届出番号 A123）\n\n"
    "本品にはGABAが含まれます。GABAには、一時的な疲労感を軽減する機能があることが報告されています。\n\n"
    "本品は、事業者の責任において特定の保健の目的が期待できる旨を表示するものとして、消費者庁長官に"
    "届出されたものです。ただし、特定保健用食品と異なり、消費者庁長官による個別審査を受けたもの"
    "ではありません。\n\n本品は、疾病の診断、治療、予防を目的としたものではありません。\n\n"
    "食生活は、主食、主菜、副菜を基本に、食事のバランスを。\n"
)


def test_a_notified_function_claim_passes_on_a_complete_food_function_page(linter):
    result = linter.lint_text(FFC_PAGE, profile="food-function")
    assert result.findings == []
    # the notified wording itself (…機能があることが報告されています) is JA-BODY-FUNCTION's
    # since session 53
    assert ids(result.accepted) == ["JA-BODY-FATIGUE", "JA-BODY-FUNCTION"]
    generic = linter.lint_text(FFC_PAGE, profile="supplement")
    assert "JA-BODY-FATIGUE" in ids(generic.findings)


def test_a_food_function_page_without_its_statements_is_reported(linter):
    result = linter.lint_text("GABAには、一時的な疲労感を軽減する機能があることが"
                              "報告されています。", profile="food-function")
    missing = next(f for f in result.findings if f.rule_id == MISSING_ID)
    assert any("届出番号" in m for m in missing.missing)
    assert any("疾病の診断" in m for m in missing.missing)
    assert missing.severity == "warning"


def test_the_disease_claim_ban_still_applies_to_food_function(linter):
    result = linter.lint_text("GABAには、一時的な疲労感を軽減し、風邪を予防する機能があることが"
                              "報告されています。", profile="food-function")
    assert "JA-DISEASE-TREAT" in ids(result.findings)
    assert "JA-DISEASE-TREAT" not in ids(result.accepted)


def test_foshu_use_passes_for_foshu_and_is_beyond_a_health_food(linter):
    text = ("特定保健用食品。食生活は、主食、主菜、副菜を基本に、食事のバランスを。\n\n"
            "お腹の調子を整えます。")
    assert linter.lint_text(text, profile="foshu").findings == []
    other = linter.lint_text("お腹の調子を整えます。", profile="supplement")
    assert ids(sentence_level(other)) == [BEYOND_ID]
    stronger = linter.lint_text("お腹の調子を整え、便秘を治します。", profile="foshu")
    assert "JA-DISEASE-TREAT" in ids(stronger.findings)


def test_nutrient_function_sentence_passes_only_for_that_profile(linter):
    text = "ビタミンCは、皮膚や粘膜の健康維持を助けるとともに、抗酸化作用を持つ栄養素です。"
    nutrient = linter.lint_text(text, profile="nutrient-function")
    assert sentence_level(nutrient) == []
    assert nutrient.accepted and "ビタミンC" in nutrient.accepted[0].basis
    assert "別表第十一" in nutrient.accepted[0].basis
    assert sentence_level(linter.lint_text(text, profile="supplement"))
    stronger = linter.lint_text("ビタミンCは、皮膚や粘膜の健康維持を助け、風邪を予防する"
                                "栄養素です。", profile="nutrient-function")
    assert "JA-DISEASE-TREAT" in ids(stronger.findings)


# -- US dietary supplement -----------------------------------------------------------------
def test_us_structure_function_claim_is_accepted_but_never_a_disease_claim(linter):
    text = "Supports healthy immune function."
    us = linter.lint_text(text, profile="us-supplement", lang="en")
    assert ids(us.accepted) == ["EN-BODY-FUNCTION"] and "101.93" in us.accepted[0].basis
    assert "EN-BODY-FUNCTION" in ids(linter.lint_text(text, profile="supplement", lang="en")
                                     .findings)
    disease = linter.lint_text("Supports healthy immune function and helps prevent colds.",
                               profile="us-supplement", lang="en")
    assert "EN-DISEASE-TREAT" in ids(disease.findings)
    assert "EN-BODY-FUNCTION" in ids(disease.findings)  # a claim with a disease is not S/F


def test_the_dshea_disclaimer_is_still_required_for_us_supplements(linter):
    result = linter.lint_text("Our capsules support healthy immune function.",
                              profile="us-supplement", lang="en")
    assert "EN-DISCLOSURE-DSHEA" in ids(result.findings)


# -- the claims register -------------------------------------------------------------------
REGISTER = {
    "claims": [
        {"id": "sleep-ja", "claim": "睡眠の質を高める", "basis": "届出番号 H999",
         "scope": ["products/sleep/**"], "expires": "2099-12-31"},
        {"id": "sleep-en", "claim": "Clinically shown to support restful sleep",
         "basis": "Example et al. 2024, randomised trial", "expires": "2099-12-31"},
        {"id": "old-ja", "claim": "免疫機能を高める", "basis": "社内試験 2019",
         "expires": "2020-03-31"},
    ]
}


def _lint_with_register(tmp_path: Path, text: str, where: str, data=None, profile=None):
    (tmp_path / "medlint-claims.yaml").write_text(json.dumps(data or REGISTER,
                                                             ensure_ascii=False))
    page = tmp_path / where
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    settings = {"min-severity": "info"}
    if profile:
        settings["profile"] = profile
    return Linter(settings).lint_file(page)


@pytest.mark.parametrize("text", ["睡眠の質を高めます。", "睡眠の質をたかめる。",
                                  "毎晩の睡眠の質を高めます。"])
def test_a_registered_claim_in_scope_is_accepted_whatever_the_form(tmp_path, text):
    result = _lint_with_register(tmp_path, text, "products/sleep/index.md")
    assert sentence_level(result) == []
    assert ids(result.accepted) == ["JA-BODY-FUNCTION"]
    assert "届出番号 H999" in result.accepted[0].basis


@pytest.mark.parametrize("text, added", [("睡眠の質を必ず高めます。", "必ず"),
                                         ("不眠症を治し、睡眠の質を高めます。", "ふみんしょう")])
def test_a_stronger_variant_of_a_registered_claim_names_the_claim_it_exceeds(tmp_path, text,
                                                                             added):
    result = _lint_with_register(tmp_path, text, "products/sleep/index.md")
    body = next(f for f in result.findings if f.rule_id == "JA-BODY-FUNCTION")
    assert "睡眠の質を高める" in body.message and "sleep-ja" in body.message
    assert added in body.message
    assert not result.accepted


def test_a_registered_claim_outside_its_scope_is_not_accepted(tmp_path):
    result = _lint_with_register(tmp_path, "睡眠の質を高めます。", "blog/post.md")
    assert any(f.category == "body-function-claim" and not f.rule_id.startswith("MEDLINT-")
               for f in result.findings) and not result.accepted


def test_english_registered_claim_both_ways(tmp_path):
    ok = _lint_with_register(tmp_path, "Supports restful sleep, as clinically shown.\n",
                             "page.md")
    assert sentence_level(ok) == [] and "Example et al. 2024" in ok.accepted[0].basis
    worse = _lint_with_register(tmp_path, "Clinically shown to support restful sleep and "
                                "cure insomnia.\n", "page.md")
    assert "EN-DISEASE-TREAT" in ids(worse.findings)
    body = next(f for f in worse.findings if f.rule_id == "EN-BODY-FUNCTION")
    assert "Exceeds the registered claim" in body.message and "insomnia" in body.message


def test_a_register_entry_past_its_expiry_is_reported_and_no_longer_accepts(tmp_path):
    result = _lint_with_register(tmp_path, "免疫機能を高めます。", "page.md")
    assert EXPIRED_ID in ids(result.findings)
    expired = next(f for f in result.findings if f.rule_id == EXPIRED_ID)
    assert "2020-03-31" in expired.message and expired.severity == "warning"
    assert any(f.category == "body-function-claim" and not f.rule_id.startswith("MEDLINT-")
               for f in result.findings) and not result.accepted


def test_expiry_is_judged_on_the_given_day(linter):
    register = register_from_data({"claims": [{"id": "c", "claim": "免疫機能を高める",
                                               "basis": "b", "expires": "2030-01-01"}]})
    base = linter.lint_text("免疫機能を高めます。")
    text = "免疫機能を高めます。"
    before = accept_findings(base.findings, text, None, register, today=dt.date(2029, 12, 31))
    after = accept_findings(base.findings, text, None, register, today=dt.date(2030, 1, 2))
    assert before[1] and not before[0]
    assert not after[1] and EXPIRED_ID in ids(after[0])


def test_a_registered_claim_stated_with_no_rule_finding_but_a_guarantee_is_reported():
    register = register_from_data({"claims": [{"id": "c", "claim": "肌のハリを保つ",
                                               "basis": "b"}]})
    kept, accepted = accept_findings([], "肌のハリを絶対に保ち、アトピーも防ぎます。", None,
                                     register)
    assert EXCEEDS_ID in ids(kept) and not accepted


def test_an_invalid_register_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "medlint-claims.yaml"
    path.write_text("claims:\n  - id: x\n    claim: y\n")  # no basis
    with pytest.raises(RegisterError, match="basis"):
        load_register(path)


def test_register_dates_are_checked(tmp_path):
    path = tmp_path / "medlint-claims.yaml"
    path.write_text("claims:\n  - id: x\n    claim: y\n    basis: z\n    expires: 2024-13-01\n")
    with pytest.raises(RegisterError, match="expiry"):
        load_register(path)


# -- profile hints -------------------------------------------------------------------------
@pytest.mark.parametrize("text, lang, profile", [
    ("本品は医薬部外品です。", "ja", "quasi-drug"),
    ("機能性表示食品（届出番号 B1）です。", "ja", "food-function"),
    ("Supplement Facts: serving size 2 capsules.", "en", "us-supplement"),
    ("This dietary supplement contains magnesium.", "en", "us-supplement"),
])
def test_a_page_naming_its_kind_suggests_a_profile_without_changing_the_verdict(
        linter, text, lang, profile):
    result = linter.lint_text(text, lang=lang)
    hints = [f for f in result.findings if f.rule_id == HINT_ID]
    assert hints and all(f.severity == "info" for f in hints)
    assert any(f'"{profile}"' in f.suggestion for f in hints)
    assert not result.fails()
    configured = linter.lint_text(text, lang=lang, profile=profile)
    assert HINT_ID not in ids(configured.findings)


def test_the_statement_other_kinds_carry_does_not_hint_foshu(linter):
    result = linter.lint_text("ただし、特定保健用食品と異なり、個別審査を受けたもの"
                              "ではありません。")
    assert all("foshu" not in f.suggestion for f in result.findings)


# -- reports -------------------------------------------------------------------------------
def test_json_and_sarif_report_accepted_findings_with_their_basis(linter):
    from linter.reporting.emitters import ReportContext, render
    from linter.reporting.results import RunResult

    result = linter.lint_text("にきびを防ぎます。", profile="cosmetic")
    run = RunResult(files=[result])
    context = ReportContext(locale=None, color=False, rule=linter.rule)
    report = json.loads(render("json", run, context))
    Draft202012Validator(load_schema("output")).validate(report)
    accepted = report["files"][0]["accepted"][0]
    assert accepted["status"] == "accepted" and "化粧品の効能の範囲" in accepted["basis"]
    assert report["summary"]["findings"] == 0
    sarif = json.loads(render("sarif", run, context))
    suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert suppressed[0]["suppressions"][0]["kind"] == "external"
    assert "化粧品の効能の範囲" in suppressed[0]["suppressions"][0]["justification"]


# -- the corpus and the benchmark ----------------------------------------------------------
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_profile_corpus_has_150_sentences_whose_verdict_differs(lang):
    rows = [json.loads(line) for line in
            (REPO / "tests" / "corpus" / f"profiles-{lang}.jsonl").read_text(
                encoding="utf-8").splitlines() if line.strip()]
    differing = [r for r in rows if len(set(r["expect"].values())) > 1]
    assert len(differing) >= 150
    assert all(set(r["expect"]) <= set(PROFILES) for r in rows)
    assert len({r["text"] for r in rows}) == len(rows)


def test_the_benchmark_counts_per_profile(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("profiles_quality",
                                                  REPO / "benchmarks" / "profiles_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = [{"text": "にきびを防ぎます。", "expect": {"cosmetic": "pass", "supplement": "flag"}},
            {"text": "お腹の調子を整えます。", "expect": {"foshu": "pass", "cosmetic": "flag"}}]
    (tmp_path / "profiles-ja.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = module.evaluate(("ja",), tmp_path)
    profiles = report["languages"]["ja"]["profiles"]
    assert profiles["cosmetic"]["tn"] == 1 and profiles["cosmetic"]["tp"] == 1
    assert profiles["supplement"]["tp"] == 1 and profiles["foshu"]["tn"] == 1
    assert profiles["cosmetic"]["precision"] == 1.0


@pytest.mark.parametrize("variant", ["高めます、睡眠の質を。", "睡眠の質をたかめました。",
                                     "睡眠の質が高められます。"])
def test_wording_compares_without_word_order_okurigana_or_politeness(variant):
    from linter.profiles.tokens import token_set

    assert token_set(variant, "ja") == token_set("睡眠の質を高める", "ja")


def test_english_wording_compares_on_lemmas():
    from linter.profiles.tokens import token_set

    assert token_set("Supported restful sleep", "en") == token_set("supports restful sleep", "en")
    assert token_set("guaranteed to support sleep", "en") - token_set("supports sleep", "en") \
        == {"guarantee"}


def test_profile_findings_follow_select_and_ignore():
    text = "本品は医薬部外品です。"
    assert HINT_ID in ids(Linter({"min-severity": "info"}).lint_text(text).findings)
    for settings in ({"ignore": ["missing-disclosure"]}, {"select": ["disease-claim"]}):
        result = Linter({"min-severity": "info", **settings}).lint_text(text)
        assert HINT_ID not in ids(result.findings), settings


def test_cached_results_keep_accepted_findings_and_follow_the_register(tmp_path):
    from linter.api import RunOptions

    page = tmp_path / "page.md"
    page.write_text("睡眠の質を高めます。\n", encoding="utf-8")
    register = tmp_path / "medlint-claims.yaml"
    register.write_text("claims:\n  - id: s\n    claim: 睡眠の質を高める\n    basis: 届出番号 H1\n",
                        encoding="utf-8")
    run = RunOptions(cache=True, cache_dir=tmp_path / "cache")
    first = Linter({"min-severity": "info"}, run=run).lint_file(page)
    again = Linter({"min-severity": "info"}, run=run).lint_file(page)
    assert ids(first.accepted) == ids(again.accepted) == ["JA-BODY-FUNCTION"]
    assert again.accepted[0].basis == first.accepted[0].basis
    register.write_text("claims:\n  - id: s\n    claim: 睡眠の質を高める\n    basis: 届出番号 H1\n"
                        "    expires: 2001-01-01\n", encoding="utf-8")
    changed = Linter({"min-severity": "info"}, run=run).lint_file(page)
    assert not changed.accepted and EXPIRED_ID in ids(changed.findings)


def test_the_cli_reports_an_invalid_register_as_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from linter.cli import main

    (tmp_path / "medlint-claims.yaml").write_text("claims: [{id: x}]\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("睡眠の質を高めます。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(page)])
    assert result.exit_code == 2
    assert "medlint-claims.yaml" in result.output
