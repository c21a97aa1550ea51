"""The profile step of the chain: permitted and registered wording changes the verdict.

:func:`accept_findings` takes the findings of one document and

* moves a finding to ``accepted`` when its sentence states wording the active
  profile may state (its positive list) or a claim in the company's register, in
  scope and not expired, and adds nothing stronger: no claim word outside the
  permitted wording (an added disease, 「必ず」, "guaranteed");
* keeps a stronger or broader variant as a finding whose message names the
  permitted or registered claim it exceeds, and what it adds;
* names the nearest permitted wording on findings it cannot accept;
* reports wording that belongs to another kind of product (医薬部外品 wording on a
  cosmetic, a トクホ claim on a health food) as ``MEDLINT-PROFILE-BEYOND``;
* reports a page of a kind that states its claims without the statements that kind
  must carry (``MEDLINT-PROFILE-MISSING-STATEMENT``);
* reports register entries past their expiry date where a page states them
  (``MEDLINT-REGISTER-EXPIRED``; they no longer accept);
* with no profile, suggests one when the page names its kind (an ``info`` finding,
  ``MEDLINT-PROFILE-HINT``); the verdict never changes silently.

Wording is compared on normalised content tokens (``linter.profiles.tokens``).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from linter.findings.model import Finding
from linter.profiles.lists import Entry, ProfileList, ProfileLists, load_lists
from linter.profiles.register import Register, RegisteredClaim
from linter.profiles.tokens import every_token, squeezed, token_set
from linter.rules.model import RuleSet, severity_rank

BEYOND_ID = "MEDLINT-PROFILE-BEYOND"
MISSING_ID = "MEDLINT-PROFILE-MISSING-STATEMENT"
EXPIRED_ID = "MEDLINT-REGISTER-EXPIRED"
HINT_ID = "MEDLINT-PROFILE-HINT"
EXCEEDS_ID = "MEDLINT-PROFILE-EXCEEDS"
RULE_IDS = (BEYOND_ID, EXCEEDS_ID, MISSING_ID, EXPIRED_ID, HINT_ID)

# categories whose words are claim vocabulary: an added one makes a variant stronger
_NOT_CLAIMS = {"missing-disclosure", "inducement", "testimonial", "authority-endorsement"}
# categories whose own words (not their lexicons) make any claim stronger: a claim form
# never accepts a sentence that guarantees or ranks the effect
_STRENGTH = {"guaranteed-efficacy"}
_WORD_KEYS = {"term", "text", "norm", "lemma"}
# lexicons of products and people, not of claims: クリーム or "capsules" added to a
# permitted wording does not make it stronger
_NOT_CLAIM_LEXICONS = {"treatments", "supplement-words", "elective-treatments",
                       "unapproved-drugs", "official-bodies", "endorsers",
                       "medical-authorities", "inducement-words", "endorsement-verbs"}
# lexicons whose words, added to permitted wording, make a claim a disease claim
_DISEASE_LEXICONS = ("disease", "conditions", "cure-verbs")
# everyday words that guarantee patterns are built from (「一度も…ない」, "you'll see"),
# not guarantees by themselves
_PATTERN_FILLERS = frozenset({
    "無い", "ない", "いじょう", "いちど", "きたい", "認める", "信じる", "まと", "ゆめ", "そうぞう",
    "ひとり", "not", "no", "back", "drop", "feel", "get", "life", "natural", "notice", "see",
    "time", "last", "mind", "game", "jaw", "blow", "you'll", "research", "science", "fail",
})
_README = {"source": "medlint", "section": "README: Profiles and the claims register"}


@dataclass
class AcceptedFinding(Finding):
    """A finding the profile or the register accepts, with the basis that allows it."""

    basis: str = ""
    accepted_by: str = ""  # "register:<id>" or "profile:<profile>:<entry id>"

    def to_dict(self) -> dict[str, Any]:
        data = Finding.to_dict(self)
        data.pop("accepted_by", None)
        data["status"] = "accepted"
        data["basis"] = self.basis
        return data


def accepted(finding: Finding, basis: str, by: str) -> AcceptedFinding:
    """``finding`` as accepted with ``basis``."""
    values = {f.name: getattr(finding, f.name) for f in dataclasses.fields(Finding)}
    return AcceptedFinding(**values, basis=basis, accepted_by=by)


# -- vocabularies --------------------------------------------------------------------------
@dataclass(frozen=True)
class Vocabulary:
    claim: frozenset[str]  # every word a claim rule or a positive list is made of
    strength: frozenset[str]  # guarantee words
    danger: frozenset[str]  # guarantee words and disease / cure words
    lexicons: dict[str, tuple[frozenset[str], ...]]  # lexicon name -> its terms' token sets


def _words(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in _WORD_KEYS:
                yield from ([inner] if isinstance(inner, str) else
                            [v for v in inner if isinstance(v, str)] if isinstance(inner, list)
                            else ())
            else:
                yield from _words(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _words(inner)


def _lexicon_names(value: Any) -> Iterable[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "lexicon":
                yield from ([inner] if isinstance(inner, str) else inner)
            else:
                yield from _lexicon_names(inner)
    elif isinstance(value, (list, tuple)):
        for inner in value:
            yield from _lexicon_names(inner)


_VOCABULARIES: dict[tuple[str, str, int], Vocabulary] = {}


def vocabulary(ruleset: RuleSet, lang: str, lists: ProfileLists) -> Vocabulary:
    """The claim and strength vocabularies of ``lang``, from the rules and the lists."""
    key = (ruleset.fingerprint, lang, id(lists))
    if key in _VOCABULARIES:
        return _VOCABULARIES[key]
    claim: set[str] = set()
    strength: set[str] = set()
    for rule in ruleset.rules:
        if rule.lang != lang or rule.category in _NOT_CLAIMS:
            continue
        items = [p.items for p in rule.patterns]
        inline = {t for w in _words(items) for t in token_set(w, lang)}
        claim |= inline
        # only the clear guarantees (必ず, 100%, "guaranteed"): the words of the likely and
        # review-tier guarantee shapes (飲むだけで, "clinically") are verbs and nouns of use
        if rule.category in _STRENGTH and rule.severity == "error":
            strength |= inline
        for name in set(_lexicon_names(items)) - _NOT_CLAIM_LEXICONS:
            if (lang, name) in ruleset.lexicons:
                claim |= {t for term in ruleset.expanded_terms(lang, name)
                          for t in token_set(term, lang)}
    entry_words = {t for plist in lists.lists.values() for e in plist.entries
                   if e.lang == lang for t in e.tokens}
    lexicons = {name: tuple(s for s in (every_token(t, lang)
                                        for t in ruleset.expanded_terms(lang, name)) if s)
                for (lex_lang, name) in ruleset.lexicons if lex_lang == lang}
    # the efficacy words a guarantee is about (効果, works) and negation are not strength
    generic = {t for (lex_lang, name) in ruleset.lexicons if lex_lang == lang
               and name in ("efficacy-words", "claim-nouns")
               for term in ruleset.expanded_terms(lang, name) for t in token_set(term, lang)}
    generic |= _PATTERN_FILLERS
    strength = strength - entry_words - generic
    disease = {t for name in _DISEASE_LEXICONS if (lang, name) in ruleset.lexicons
               for term in ruleset.expanded_terms(lang, name) for t in token_set(term, lang)}
    vocab = Vocabulary(frozenset(claim | entry_words), frozenset(strength),
                       frozenset(strength | (disease - entry_words - generic)), lexicons)
    _VOCABULARIES[key] = vocab
    return vocab


# -- matching ------------------------------------------------------------------------------
def core_size(tokens: frozenset[str]) -> int:
    """How many of a wording's tokens a sentence must share to state it."""
    return min(2, len(tokens))


def states(sentence: frozenset[str], wording: frozenset[str]) -> bool:
    """Does a sentence with these tokens state (part of) this wording?"""
    return bool(wording) and len(sentence & wording) >= core_size(wording)


def _form_holds(entry: Entry, sentence: frozenset[str], vocab: Vocabulary,
                every: frozenset[str]) -> bool:
    form = entry.form
    if form is None:
        return False
    if form.require_any and not sentence & form.require_any:
        return False
    if form.require_all and not form.require_all <= sentence:
        return False
    if sentence & vocab.strength:
        return False
    return not any(term <= every for name in form.forbid_lexicons
                   for term in vocab.lexicons.get(name, ()))


def nearest(entries: Iterable[Entry], sentence: frozenset[str]) -> Entry | None:
    """The permitted wording closest to a sentence (Jaccard similarity of tokens)."""
    best, score = None, 0.0
    for entry in entries:
        if entry.form is not None or not entry.tokens:
            continue
        value = len(sentence & entry.tokens) / len(sentence | entry.tokens)
        if value > score:
            best, score = entry, value
    return best


def _quote(text: str, lang: str) -> str:
    return f"「{text}」" if lang == "ja" else f"\"{text}\""


# -- the step ------------------------------------------------------------------------------
@dataclass
class _Sentence:
    start: int
    end: int
    lang: str
    text: str


def _positioner(text: str) -> Callable[[int], tuple[int, int]]:
    starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def position(offset: int) -> tuple[int, int]:
        import bisect

        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    return position


class _Builder:
    """Makes medlint's own findings (they are not rules of the rule set)."""

    def __init__(self, path: str, text: str, position, location_unit: str) -> None:
        self.path, self.text, self.location_unit = path, text, location_unit
        self.position = position or _positioner(text)

    def make(self, rule_id: str, category: str, severity: str, lang: str, message: str,
             suggestion: str, references: list[dict[str, str]], sentence: _Sentence,
             start: int | None = None, end: int | None = None,
             missing: list[str] | None = None) -> Finding:
        start = sentence.start if start is None else start
        end = sentence.end if end is None else end
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        shown = sentence.text.strip()
        lead = len(sentence.text) - len(sentence.text.lstrip())
        return Finding(
            path=self.path, rule_id=rule_id, category=category, severity=severity, lang=lang,
            message=message, suggestion=suggestion, references=references,
            line=line, column=column, end_line=end_line, end_column=end_column,
            sentence=shown, matched=self.text[start:end].strip() or shown,
            offset=start, end_offset=end, missing=missing or [],
            location_unit=self.location_unit,
            sentence_key=f"{sentence.start}:{sentence.end}",
            sentence_start=sentence.start, sentence_end=sentence.end,
            excerpt_start=max(0, start - sentence.start - lead),
            excerpt_end=max(0, min(len(shown), end - sentence.start - lead)),
        )


def _sentences(text: str, blocks, lang: str | None) -> list[_Sentence]:
    from linter.segmenting.blocks import document_sentences

    return [_Sentence(s.start, s.end, s.lang, text[s.start:s.end])
            for s in document_sentences(text, blocks, lang)]


def _ref(source) -> dict[str, str]:
    ref = {"source": source.source, "section": source.section}
    if source.url:
        ref["url"] = source.url
    return ref


def accept_findings(
    findings: list[Finding],
    document_text: str,
    profile: str | None,
    register: Register | None = None,
    *,
    path: str = "<text>",
    lang: str | None = None,
    blocks: list[tuple[int, int]] | None = None,
    locale: str | None = None,
    today: _dt.date | None = None,
    lists: ProfileLists | None = None,
    ruleset: RuleSet | None = None,
    position: Callable[[int], tuple[int, int]] | None = None,
    location_unit: str = "line",
    min_severity: str = "info",
) -> tuple[list[Finding], list[Finding]]:
    """Split ``findings`` into (kept, accepted) under ``profile`` and ``register``, adding
    medlint's own profile findings (beyond category, missing statements, expired register
    entries, profile hints) to ``kept``.  ``document_text`` is the text the findings'
    offsets refer to; ``lang`` forces the language as ``--lang`` does."""
    lists = lists or load_lists()
    if ruleset is None:
        from linter.resources import bundled_rules_dir
        from linter.rules.loader import load_rules

        ruleset = load_rules([bundled_rules_dir()])
    today = today or _dt.date.today()
    plist = lists.get(profile)
    builder = _Builder(path, document_text, position, location_unit)
    sentences = _sentences(document_text, blocks, lang)
    by_span: dict[tuple[int, int], list[Finding]] = defaultdict(list)
    document_level: list[Finding] = []
    for finding in findings:
        if finding.missing or finding.sentence_end <= finding.sentence_start:
            document_level.append(finding)
        else:
            by_span[(finding.sentence_start, finding.sentence_end)].append(finding)
    known = {(s.start, s.end) for s in sentences}
    for span, group in by_span.items():
        if span not in known:  # a sentence the segmenter split differently: analyse it as is
            sentences.append(_Sentence(span[0], span[1], group[0].lang,
                                       document_text[span[0]:span[1]]))
    kept: list[Finding] = list(document_level)
    accepted_out: list[Finding] = []
    extra_findings: list[Finding] = []
    stating: list[_Sentence] = []  # sentences that state the profile's own wording
    expired_seen: set[tuple[str, int]] = set()
    en_ja = {"ja": "ja", "en": "en"}

    judged = sentences
    if plist is None and register is None:  # nothing can be accepted: only hints
        judged = []
        kept = list(findings)
    for sentence in judged:
        group = by_span.get((sentence.start, sentence.end), [])
        # a claim model's guess yields to the profile's own findings as it yields to rules
        # (README "Claim model"): judged only where nothing else is said about the sentence
        guesses, group = _split_guesses(ruleset, group)
        said = len(extra_findings)
        s_lang = sentence.lang
        msg_lang = locale if locale in en_ja else s_lang
        tokens = token_set(sentence.text, s_lang)
        if not tokens:
            kept.extend(group + guesses)
            continue
        vocab = vocabulary(ruleset, s_lang, lists)
        live: list[RegisteredClaim] = []
        if register is not None:
            for claim in register.applicable(path, profile, s_lang):
                if not states(tokens, claim.tokens):
                    continue
                if not claim.expired(today):
                    live.append(claim)
                elif (claim.id, sentence.start) not in expired_seen:
                    expired_seen.add((claim.id, sentence.start))
                    extra_findings.append(_expired(builder, claim, sentence, msg_lang))
        own: list[Entry] = []
        forms: list[Entry] = []
        if plist is not None:
            for entry in lists.own_entries(plist.profile, s_lang):
                if entry.form is not None:
                    if _form_holds(entry, tokens, vocab,
                                   every_token(sentence.text, s_lang)):
                        forms.append(entry)
                elif states(tokens, entry.tokens):
                    own.append(entry)
        if own or forms:
            stating.append(sentence)
        covered = frozenset().union(*(c.tokens for c in live), *(e.tokens for e in own))
        extra = (tokens - covered) & vocab.claim
        sentence_kept: list[Finding] = []
        for finding in group:
            result = _judge(finding, plist, live, own, forms, extra, msg_lang, tokens)
            if isinstance(result, AcceptedFinding):
                accepted_out.append(result)
                continue
            if plist is not None and not live and not own:
                near = nearest(lists.own_entries(plist.profile, s_lang), tokens)
                if near is not None:
                    result = _with_nearest(result, near, msg_lang)
            sentence_kept.append(result)
        kept.extend(sentence_kept)
        if not group and (live or own) and extra & vocab.danger:
            # permitted or registered wording made stronger, and no rule caught it
            extra_findings.append(_exceeds_finding(builder, live, own, extra & vocab.danger,
                                                   sentence, msg_lang, tokens, vocab.strength))
            continue
        if plist is not None and not forms:
            beyond = _beyond(lists, plist, s_lang, tokens, covered)
            if beyond is not None and sentence_kept:
                # a rule caught the sentence already: its finding says why the profile matters
                note = _beyond_message(lists, plist, beyond, msg_lang)
                annotated = {id(f): dataclasses.replace(f, message=f"{f.message} {note}")
                             for f in sentence_kept}
                kept[:] = [annotated.get(id(f), f) for f in kept]
            elif beyond is not None:
                extra_findings.append(_beyond_finding(builder, lists, plist, beyond, sentence,
                                                      msg_lang, tokens))
        if guesses and not sentence_kept and len(extra_findings) == said:
            for finding in guesses:
                result = _judge(finding, plist, live, own, forms, extra, msg_lang, tokens)
                (accepted_out if isinstance(result, AcceptedFinding) else kept).append(result)
    if plist is not None and plist.mandatory and (stating or accepted_out):
        missing = _missing_statements(plist, document_text, sentences)
        if missing:
            at = stating[0] if stating else _sentence_of(accepted_out[0], sentences)
            extra_findings.append(_missing_finding(builder, plist, missing, at,
                                                   locale if locale in en_ja else at.lang))
    if profile is None:
        extra_findings.extend(profile_hints(document_text, sentences, lists, builder, locale))
    minimum = severity_rank(min_severity)
    kept.extend(f for f in extra_findings if severity_rank(f.severity) >= minimum)
    kept.sort(key=Finding.sort_key)
    accepted_out.sort(key=Finding.sort_key)
    return kept, accepted_out


def _split_guesses(ruleset: RuleSet, group: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(the claim model's findings, the others) of one sentence."""
    guesses: list[Finding] = []
    others: list[Finding] = []
    for finding in group:
        rule = ruleset.rule(finding.rule_id)
        (guesses if rule is not None and rule.model is not None else others).append(finding)
    return guesses, others


def _sentence_of(finding: Finding, sentences: list[_Sentence]) -> _Sentence:
    for sentence in sentences:
        if sentence.start == finding.sentence_start and sentence.end == finding.sentence_end:
            return sentence
    return sentences[0]


def _best(candidates: list, tokens: frozenset[str], preferred: str | None = None):
    """The candidate sharing most words with the sentence, then one of the ``preferred``
    profile's own entries (a quasi-drug's own wording before the cosmetic items it may
    also state), then the closest in size."""
    return max(candidates, key=lambda c: (len(tokens & c.tokens),
                                          getattr(c, "profile", None) == preferred,
                                          -len(c.tokens ^ tokens)))


def _judge(finding: Finding, plist: ProfileList | None, live: list[RegisteredClaim],
           own: list[Entry], forms: list[Entry], extra: frozenset[str],
           lang: str, tokens: frozenset[str]) -> Finding:
    """Accept the finding, or return it (annotated when it exceeds a permitted wording)."""
    if live and not extra:
        claim = _best(live, tokens)
        return accepted(finding, f"{claim.describe()}", f"register:{claim.id}")
    allowed = plist is not None and finding.category in plist.accepts
    if allowed and own and not extra:
        entry = _best(own, tokens, plist.profile)
        return accepted(finding, entry.basis(), f"profile:{plist.profile}:{entry.id}")
    if allowed and forms and not (live or own):
        entry = forms[0]
        return accepted(finding, entry.basis(), f"profile:{plist.profile}:{entry.id}")
    if live or (allowed and own):
        adds = "、".join(sorted(extra)) if lang == "ja" else ", ".join(sorted(extra))
        if live:
            claim = _best(live, tokens)
            what = (f"登録済みの表現 {claim.describe()} を超えています（追加：{adds}）。"
                    if lang == "ja" else
                    f"Exceeds the registered claim {claim.describe()} (adds: {adds}).")
        else:
            entry = _best(own, tokens)
            what = (f"認められた表現 {entry.basis()} を超えています（追加：{adds}）。"
                    if lang == "ja" else
                    f"Goes beyond the permitted wording {entry.basis()} (adds: {adds}).")
        return dataclasses.replace(finding, message=f"{finding.message} {what}")
    return finding


def _exceeds_finding(builder: _Builder, live: list[RegisteredClaim], own: list[Entry],
                     adds: frozenset[str], sentence: _Sentence, lang: str,
                     tokens: frozenset[str], strength: frozenset[str]) -> Finding:
    words = ("、" if lang == "ja" else ", ").join(sorted(adds))
    if live:
        claim = _best(live, tokens)
        what, refs = claim.describe(), [_README]
    else:
        entry = _best(own, tokens)
        what, refs = entry.basis(), [_ref(entry.source)]
    if lang == "ja":
        message = f"認められた表現 {what} を超えています（追加：{words}）。"
        suggestion = "認められた表現の範囲にとどめ、追加した語を削除してください。"
    else:
        message = f"Goes beyond the permitted or registered claim {what} (adds: {words})."
        suggestion = "Keep to the permitted wording; remove the added words."
    return builder.make(EXCEEDS_ID, "guaranteed-efficacy" if adds & strength
                        else "disease-claim", "error", sentence.lang, message, suggestion,
                        refs, sentence)


def _with_nearest(finding: Finding, entry: Entry, lang: str) -> Finding:
    text = (f"最も近い認められた表現：{_quote(entry.wording, 'ja')}（{entry.source.label()}）"
            if lang == "ja" else
            f"Nearest permitted wording: {_quote(entry.wording, entry.lang)} "
            f"({entry.source.label()}).")
    return dataclasses.replace(finding, suggestion=f"{finding.suggestion} {text}".strip())


def _beyond(lists: ProfileLists, plist: ProfileList, lang: str, tokens: frozenset[str],
            covered: frozenset[str]) -> Entry | None:
    """The other kind's wording this sentence states beyond what the profile covers."""
    best, best_core = None, 0
    for entry in lists.foreign_entries(plist.profile, lang):
        core = tokens & entry.tokens
        if len(core) < max(2, math.ceil(0.6 * len(entry.tokens))):
            continue
        if not core - covered:
            continue
        if len(core) > best_core:
            best, best_core = entry, len(core)
    return best


def _beyond_message(lists: ProfileLists, plist: ProfileList, entry: Entry, lang: str) -> str:
    other = lists.lists[entry.profile]
    own_title = plist.title.get(lang) or next(iter(plist.title.values()))
    other_title = other.title.get(lang) or next(iter(other.title.values()))
    if lang == "ja":
        return (f"{other_title}に認められた表現（{entry.basis()}）です。{own_title}"
                f"（プロファイル {plist.profile}）はこの効能をうたえません。")
    return (f"This is wording permitted for {other_title} ({entry.basis()}); a "
            f"{own_title} product (profile {plist.profile}) may not claim it.")


def _beyond_finding(builder: _Builder, lists: ProfileLists, plist: ProfileList, entry: Entry,
                    sentence: _Sentence, lang: str, tokens: frozenset[str]) -> Finding:
    near = nearest(lists.own_entries(plist.profile, sentence.lang), tokens)
    message = _beyond_message(lists, plist, entry, lang)
    if lang == "ja":
        suggestion = ("この効能をうたわないでください。" + (
            f"最も近い認められた表現：{_quote(near.wording, near.lang)}" if near else ""))
    else:
        suggestion = "Do not claim this effect." + (
            f" Nearest permitted wording: {_quote(near.wording, near.lang)}." if near else "")
    refs = [_ref(entry.source)]
    return builder.make(BEYOND_ID, "body-function-claim", "error", sentence.lang, message,
                        suggestion, refs, sentence)


def _missing_statements(plist: ProfileList, text: str, sentences: list[_Sentence]) -> list:
    flat = squeezed(text)
    langs = {s.lang for s in sentences}
    missing = []
    for item in plist.mandatory:
        if item.lang not in langs:
            continue
        if any(squeezed(phrase) in flat for phrase in item.any_of):
            continue
        wanted = [token_set(p, item.lang) for p in item.any_of]
        if any(w and len(token_set(s.text, s.lang) & w) >= math.ceil(0.85 * len(w))
               for w in wanted for s in sentences if s.lang == item.lang):
            continue
        missing.append(item)
    return missing


def _missing_finding(builder: _Builder, plist: ProfileList, missing: list, at: _Sentence,
                     lang: str) -> Finding:
    title = plist.title.get(lang) or next(iter(plist.title.values()))
    if lang == "ja":
        message = f"{title}の効能をうたうページに、必要な表示がありません。"
        suggestion = "次の表示をページに加えてください：" + "、".join(m.label for m in missing)
    else:
        message = f"A {title} page states its claims without the statements it must carry."
        suggestion = "Add: " + "; ".join(m.label for m in missing)
    refs = list({m.source.id: _ref(m.source) for m in missing}.values())
    return builder.make(MISSING_ID, "missing-disclosure", "warning", at.lang, message,
                        suggestion, refs, at, missing=[m.label for m in missing])


def _expired(builder: _Builder, claim: RegisteredClaim, sentence: _Sentence,
             lang: str) -> Finding:
    date = claim.expires.isoformat() if claim.expires else ""
    if lang == "ja":
        message = (f"登録済みの表現 {claim.describe()} は {date} に期限切れです。"
                   "この文はもう登録によって認められません。")
        suggestion = ("根拠を更新して medlint-claims.yaml の expires を改めるか、"
                      "表現を削除してください。")
    else:
        message = (f"The registered claim {claim.describe()} expired on {date}; it no longer "
                   "accepts this sentence.")
        suggestion = ("Renew the basis and update `expires` in medlint-claims.yaml, or remove "
                      "the claim.")
    return builder.make(EXPIRED_ID, "missing-disclosure", "warning", sentence.lang, message,
                        suggestion, [_README], sentence)


def profile_hints(text: str, sentences: list[_Sentence], lists: ProfileLists,
                  builder: _Builder, locale: str | None = None) -> list[Finding]:
    """With no profile configured: an info finding per profile the page names itself as."""
    out = []
    folded = text
    for plist in lists.lists.values():
        for lang, words in plist.hints.items():
            hit = _first_hint(folded, words)
            if hit is None:
                continue
            start, word = hit
            sentence = next((s for s in sentences if s.start <= start < s.end), None)
            if sentence is None:
                continue
            msg_lang = locale if locale in ("ja", "en") else lang
            title = plist.title.get(msg_lang) or next(iter(plist.title.values()))
            if msg_lang == "ja":
                message = (f"このページは「{word}」と書いています（{title}）。"
                           "プロファイルが未設定なので、認められた表現も一般の基準で判定しています。")
                suggestion = (f"{title}なら profile = \"{plist.profile}\" を設定してください"
                              f"（--profile {plist.profile}）。")
            else:
                message = (f"The page says \"{word}\" ({title}); no profile is set, so permitted "
                           "wording is judged by the general rules.")
                suggestion = (f"If this is a {title} page, set profile = \"{plist.profile}\" "
                              f"(--profile {plist.profile}).")
            out.append(builder.make(HINT_ID, "missing-disclosure", "info", lang, message,
                                    suggestion, [_README], sentence, start,
                                    start + len(word)))
            break
    return out


def _first_hint(text: str, words: Iterable[str]) -> tuple[int, str] | None:
    lower = text.casefold()
    best = None
    for word in words:
        start = lower.find(word.casefold())
        while start >= 0 and text.startswith("と異なり", start + len(word)):
            # 「特定保健用食品と異なり」 is a statement other kinds must carry, not a claim
            start = lower.find(word.casefold(), start + 1)
        if start >= 0 and (best is None or start < best[0]):
            best = (start, text[start:start + len(word)])
    return best
