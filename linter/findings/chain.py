"""The one ordered post-processing chain every finding goes through.

1. rule selection: profile, ``select``, ``ignore``;
2. severity overrides;
3. one finding per problem: overlapping matches of one category in one sentence
   become one finding that keeps every span; distinct claims stay separate; a
   cue rule's finding (``cue: true``, a review-tier word cue) is dropped from a
   sentence that another rule flags, and a claim model's finding (``model:``) from a
   sentence that any other rule flags;
4. ``min-severity``;
5. per-file ignores;
6. inline suppressions (and the report of unused or unknown ones);
7. the baseline.

Steps 1-4 depend only on the run's options and happen inside ``Engine.lint``
(which document rules fire depends on which rules are active); steps 5-7 need the
file's path and comments and happen in ``linter.api.Linter``.  Both call the
functions of this module, so the order is written down once, here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from linter.findings.model import Finding, Suppressed
from linter.profiles.names import profile_applies
from linter.rules.model import Rule, RuleSet, severity_rank


# -- selection -----------------------------------------------------------------------------
def selector_matches(selector: str, rule: Rule) -> bool:
    """A selector is a rule id, a category, an id prefix (JA-DISEASE) or ALL."""
    return (
        selector == "ALL"
        or selector == rule.id
        or selector == rule.category
        or rule.id.startswith(selector.rstrip("-") + "-")
    )


def medlint_ids() -> tuple[str, ...]:
    """The ids of medlint's own findings (about suppression comments and profiles), which
    selectors may name like rule ids (``--ignore MEDLINT-UNUSED-SUPPRESSION``)."""
    from linter.findings.suppressions import UNKNOWN_RULE_ID, UNUSED_RULE_ID
    from linter.profiles.accept import RULE_IDS

    return (UNUSED_RULE_ID, UNKNOWN_RULE_ID, *RULE_IDS)


def _names_medlint_id(selector: str, rule_id: str) -> bool:
    return selector in ("ALL", rule_id) or rule_id.startswith(selector.rstrip("-") + "-")


def without_ignored_medlint_findings(findings: list[Finding], ignore: Iterable[str]
                                     ) -> list[Finding]:
    """``ignore`` applies to medlint's own findings too (by id or id prefix)."""
    ignore = tuple(s for s in ignore if s.startswith("MEDLINT"))
    if not ignore:
        return findings
    return [f for f in findings if not (f.rule_id.startswith("MEDLINT-") and any(
        _names_medlint_id(s, f.rule_id) for s in ignore))]


def unknown_selector(selector: str, ruleset: RuleSet) -> str | None:
    """None when ``selector`` names a loaded rule, an id prefix, a category or ALL; otherwise
    the closest valid names as a hint (``'-'`` when nothing is close).  Options, config and
    suppression comments are all checked with this, so a typo never switches a rule off
    silently."""
    import difflib

    from linter.rules.model import CATEGORIES

    if selector == "ALL" or selector in CATEGORIES:
        return None
    if selector.startswith("MEDLINT") and any(_names_medlint_id(selector, i)
                                             for i in medlint_ids()):
        return None
    if any(selector_matches(selector, rule) for rule in ruleset.rules):
        return None
    names = {r.id for r in ruleset.rules} | {r.category for r in ruleset.rules}
    names |= {"-".join(r.id.split("-")[:2]) for r in ruleset.rules}
    close = difflib.get_close_matches(selector, sorted(names), n=3, cutoff=0.5)
    return ", ".join(repr(c) for c in close) or "-"


def rule_is_active(rule: Rule, profile: str | None, select: Iterable[str],
                   ignore: Iterable[str]) -> bool:
    """Step 1: does this rule apply under the profile, ``select`` and ``ignore``?"""
    if not profile_applies(profile, rule.profiles):  # product-kind profiles inherit rules
        return False
    select = tuple(select)
    if select and not any(selector_matches(s, rule) for s in select):
        return False
    return not any(selector_matches(s, rule) for s in ignore)


def severity_override(rule: Rule, overrides: dict[str, str]) -> str | None:
    """The configured severity for ``rule``: the most specific selector that names it wins
    (its id, then the longest id prefix, then its category, then ALL), as selectors are
    accepted by ``Linter.check_selectors``; None where none names it."""
    named = [s for s in overrides if selector_matches(s, rule)]
    if not named:
        return None

    def specificity(selector: str) -> tuple[int, int]:
        return ((3, 0) if selector == rule.id else (0, 0) if selector == "ALL"
                else (1, 0) if selector == rule.category else (2, len(selector)))
    return overrides[max(named, key=specificity)]


def effective_severity(rule: Rule, overrides: dict[str, str]) -> str:
    """Step 2: a configured severity (``severity_override``) beats the rule's own.  A claim
    model's rule stays review tier: a category override is meant for the rules that point at
    words, and an override naming only model rules is refused (``Linter.check_selectors``)."""
    if rule.model is not None:
        return rule.severity
    return severity_override(rule, overrides) or rule.severity


# -- one finding per problem ---------------------------------------------------------------
def one_per_problem(findings: list[Finding], ruleset: RuleSet,
                    stats: dict[str, int] | None = None,
                    severity_of: Callable[[Rule], str] | None = None) -> list[Finding]:
    """Step 3.  Within one sentence and one category, matches that overlap are one problem:
    the strongest (severity, then longest span) is reported, carrying every span of the
    group in ``spans``.  Matches that do not overlap are distinct claims and each is reported.
    Document-rule findings are never merged.  Linear in the number of sentences: only the
    findings of one sentence are compared with each other."""
    # both before the merge: a cue or a guess that won the merge (the longer span at the same
    # severity, a corroborated cue among warnings) and was dropped afterwards would take the
    # other rule's finding with it
    findings = _without_redundant_cues(_without_redundant_guesses(findings, ruleset), ruleset)
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    out: list[Finding] = []
    for finding in findings:
        rule = ruleset.rule(finding.rule_id)
        if rule is not None and rule.scope == "document":
            out.append(finding)
        else:
            groups[(finding.sentence_key, finding.category)].append(finding)

    def own_rank(finding: Finding) -> int:
        # among review-tier findings only: a claim a to_review trigger lowered keeps the rank of
        # its rule's severity for this run (``severity_of``, after configured overrides), so
        # the stronger rule is the one shown, the one a suppression or a baseline names; every
        # other tie is broken as before (longer span, then rule id)
        if severity_of is None or finding.severity != "info":
            return 0
        rule = ruleset.rule(finding.rule_id)
        return severity_rank(severity_of(rule)) if rule is not None else 0

    for group in groups.values():
        if stats is not None:  # work done, for the linear-cost test
            stats["merge_steps"] += len(group)
        out.extend(_merge_overlapping(group, own_rank))
    return out


def _without_redundant_guesses(findings: list[Finding], ruleset: RuleSet) -> list[Finding]:
    """A claim model reads sentences the rules are blind to: where any other sentence rule
    (a word cue too) flags the sentence, that rule says which words and why, and the model's
    whole-sentence guess would only hide it (it would win the merge as the longer span) or
    add a category that no words support.  Dropped before the merge for that reason."""
    return _quiet_where_flagged(findings, ruleset, lambda rule: rule.model is not None)


def _without_redundant_cues(findings: list[Finding], ruleset: RuleSet) -> list[Finding]:
    """A cue rule is a word-level hint for sentences nothing else flags: where a sentence
    already carries a finding of a sentence rule that is not a cue, at the cue's severity or
    above, the reviewer looks at it anyway, and the cue would only add a second, weaker
    category.  A cue raised to a warning (corroboration) yields only to a warning or an
    error: a review-tier finding beside it would otherwise hide, at ``--min-severity info``,
    a warning that the default output shows."""
    return _quiet_where_flagged(findings, ruleset, lambda rule: rule.cue)


def _quiet_where_flagged(findings: list[Finding], ruleset: RuleSet,
                         weak: Callable[[Rule], bool]) -> list[Finding]:
    """Drop the findings of ``weak`` sentence rules from sentences where a finding of another
    (not weak) sentence rule, at least as severe, flags."""
    weak_ids: set[str] = set()
    strong_ids: set[str] = set()
    for finding in findings:
        rule = ruleset.rule(finding.rule_id)
        if rule is None or rule.scope == "document":
            continue
        (weak_ids if weak(rule) else strong_ids).add(finding.rule_id)
    if not weak_ids:
        return findings
    strongest: dict[str, int] = {}  # per sentence, the most severe strong finding
    for f in findings:
        if f.rule_id in strong_ids:
            rank = severity_rank(f.severity)
            strongest[f.sentence_key] = max(rank, strongest.get(f.sentence_key, rank))
    return [f for f in findings
            if not (f.rule_id in weak_ids
                    and strongest.get(f.sentence_key, -1) >= severity_rank(f.severity))]


def _merge_overlapping(group: list[Finding],
                       own_rank: Callable[[Finding], int] = lambda f: 0) -> list[Finding]:
    ordered = sorted(group, key=lambda f: (f.offset, -f.end_offset))
    clusters: list[list[Finding]] = []
    end = -1
    for finding in ordered:
        if clusters and finding.offset < end:
            clusters[-1].append(finding)
            end = max(end, finding.end_offset)
        else:
            clusters.append([finding])
            end = finding.end_offset
    merged = []
    for cluster in clusters:
        best = min(cluster, key=lambda f: (-severity_rank(f.severity), -own_rank(f),
                                           -(f.end_offset - f.offset), f.rule_id))
        spans = sorted({(f.offset, f.end_offset) for f in cluster})
        best.spans = [list(s) for s in spans]
        merged.append(best)
    return merged


def at_least(findings: list[Finding], min_severity: str) -> list[Finding]:
    """Step 4."""
    minimum = severity_rank(min_severity)
    return [f for f in findings if severity_rank(f.severity) >= minimum]


# -- per file ------------------------------------------------------------------------------
def without_ignored(findings: list[Finding], ignores: tuple[str, ...],
                    ruleset: RuleSet) -> list[Finding]:
    """Step 5: per-file ignores (selectors that apply to this path)."""
    if not ignores:
        return findings
    kept = []
    for finding in findings:
        rule = ruleset.rule(finding.rule_id)
        if rule is None or not any(selector_matches(s, rule) for s in ignores):
            kept.append(finding)
    return kept


def without_baselined(findings: list[Finding], baseline: Counter, base: Path
                      ) -> tuple[list[Finding], list[Suppressed]]:
    """Step 7: findings not recorded in the baseline, and the recorded ones (with reasons)."""
    from linter.findings.baseline import split_baselined

    new, hidden = split_baselined(findings, baseline, base)
    return new, [Suppressed(f, "baseline", reason) for f, reason in hidden]
