"""Profile names added for product kinds, and the older profile each one extends.

Rule files list the profiles a rule applies to.  A product-kind profile such as
``food-function`` (機能性表示食品) is a kind of ``supplement``: every rule written for
supplements applies to it too, and its positive list (``rules/profiles/``) then
accepts what that kind of product may lawfully say.  This module is imported by the
rule-selection step, so it must stay free of heavy imports.
"""

from __future__ import annotations

# new profile -> the profile whose rules it inherits
PROFILE_BASES: dict[str, str] = {
    "food-function": "supplement",      # 機能性表示食品
    "foshu": "supplement",              # 特定保健用食品 (トクホ)
    "nutrient-function": "supplement",  # 栄養機能食品
    "us-supplement": "supplement",      # US dietary supplement (DSHEA)
}


def base_profile(profile: str) -> str:
    """The profile whose rules ``profile`` inherits (itself when it extends none)."""
    return PROFILE_BASES.get(profile, profile)


def profile_applies(profile: str | None, rule_profiles: tuple[str, ...]) -> bool:
    """Does a rule written for ``rule_profiles`` apply under ``profile``?"""
    return not profile or profile in rule_profiles or base_profile(profile) in rule_profiles
