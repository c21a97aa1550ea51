"""A Japanese ``text`` value is a surface form; Sudachi splits many of them into several
tokens in a sentence (という → と|いう, ました → まし|た, にも → に|も).  Taken as one token they
never matched, so an alternative such as 「〜という」 in a rule was silently dead."""

from __future__ import annotations

import pytest
from conftest import linter_with_rules, one_rule_yaml


def _rule(before: str, values: str, after: str, flagged: str, passing: str,
          tag: str = "") -> str:
    surface = f"{{text: [{values}]{', tag: ' + tag if tag else ''}}}"
    return one_rule_yaml("JA-HOUSE-SURFACE", "ja",
                         f"[{{sequence: [{{term: [{before}]}}, {surface}, {{term: [{after}]}}]}}]",
                         f"'{flagged}'", f"'{passing}'")


@pytest.mark.parametrize(("before", "values", "after", "flagged", "passing"), [
    # という is と|いう in a sentence
    ("奇跡", "という, と", "声", "奇跡という声が届いています。", "奇跡の声が届いています。"),
    # ました is まし|た
    ("なる", "ました", "笑顔", "元気になりました笑顔です。", "元気になる笑顔です。"),
    # にも is に|も, and still matches whole where the sentence keeps it whole
    ("方", "にも", "おすすめ", "忙しい方にもおすすめです。", "忙しい方におすすめです。"),
])
def test_a_surface_form_matches_however_the_sentence_splits_it(
        tmp_path, before, values, after, flagged, passing):
    rule = _rule(before, values, after, flagged, passing)
    linter = linter_with_rules(tmp_path, rule, {"select": ["JA-HOUSE"], "lang": "ja"})
    assert linter.lint_text(flagged).findings
    assert not linter.lint_text(passing).findings


def test_a_surface_form_with_a_tag_is_still_one_token(tmp_path):
    """With another constraint (a tag, an edge) a value of several tokens can only be the
    one token a sentence keeps whole; such an item loads (it was refused once multi-token
    surface forms became phrases) and its single-token values match as before."""
    rule = _rule("高い", "けれど, けれども", "効く", "高いけれど効く。", "高いが効く。",
                 tag="助詞-接続助詞")
    linter = linter_with_rules(tmp_path, rule, {"select": ["JA-HOUSE"], "lang": "ja"})
    assert linter.lint_text("高いけれど効く。").findings
    assert not linter.lint_text("高いが効く。").findings
