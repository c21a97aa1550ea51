"""The linting engine: one document in, findings out.

Stages, in order: segment the document into sentences and detect each one's
language; ask the prefilter whether a sentence can match anything; tokenize
candidates with the language's pipeline and mark lexicon terms; run the
Matcher (and, only if a syntax rule could apply, parse and run the
DependencyMatcher); drop matches cancelled by a rule's exceptions; run the
context stage (negation, disclaimers, quotation) on what is left; then
evaluate document-scope rules (required disclosures) over the whole document.

``mode="full"`` is the naive path kept for the speed benchmark: no prefilter
and every component of the pipeline on every sentence.  Both modes must give
identical findings.
"""

from __future__ import annotations

import contextlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from linter.cache import Cache, digest, environment_fingerprint
from linter.findings import chain
from linter.findings.chain import selector_matches  # noqa: F401  (re-exported)
from linter.findings.model import Finding, references_of
from linter.matching.claim_model import ClaimModel, Score
from linter.matching.light_analysis import light_pipeline
from linter.matching.prefilter import Prefilter
from linter.matching.tokens import TermAnalyser
from linter.nlp.pipelines import Pipelines
from linter.reading.document import SourceDocument
from linter.rules.model import Rule, RuleSet, Trigger, localize, severity_rank
from linter.segmenting.blocks import document_sentences
from linter.segmenting.sentences import Sentence
from linter.text.display import display_sentence

if TYPE_CHECKING:  # spaCy is imported only when a sentence needs the pipeline
    from spacy.tokens import Doc

    from linter.matching.compiler import CompiledLanguage, RawMatch


@dataclass
class LintOptions:
    mode: str = "fast"  # fast | full
    forced_lang: str | None = None
    locale: str | None = None  # message language; None = each rule's own language
    profile: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_severity: str = "info"
    severity_overrides: dict[str, str] = field(default_factory=dict)
    context: bool = True  # False reports negated/disclaimed claims too (to audit the stage)
    # context triggers left out by id (a trigger's own examples show what it does by removing
    # it: rules test, tests/test_context_examples.py)
    ignore_triggers: tuple[str, ...] = ()
    # a claim that only a ``to_review`` trigger clears (an explainer's plain "is used to
    # treat") is shown at the review tier; False drops it like any cleared claim (what a
    # trigger's own examples test: `medlint rules test`)
    review_cleared: bool = True


def rule_is_active(rule: Rule, options: LintOptions) -> bool:
    return chain.rule_is_active(rule, options.profile, options.select, options.ignore)


def effective_severity(rule: Rule, options: LintOptions) -> str:
    return chain.effective_severity(rule, options.severity_overrides)


def _raised_note(locale: str, gate: float, severity: str) -> str:
    """Said after a corroborated cue's message: why it is shown above the review tier."""
    if locale.startswith("ja"):
        label = {"warning": "警告", "error": "エラー"}.get(severity, severity)
        return (f"（統計モデルも文全体を効能などの主張と判定したため（確率 {gate:.2f}）、"
                f"レビュー層から{label}に引き上げています。）")
    return (f" Raised from the review tier to {severity}: the claim model also reads the whole "
            f"sentence as a claim (probability {gate:.2f}).")


def _reviewed_note(locale: str, trigger_id: str) -> str:
    """Said after the message of a claim a ``to_review`` trigger cleared: why it is shown at
    the review tier only."""
    if locale.startswith("ja"):
        return (f"（文が説明の書き方（{trigger_id}）に当たるためレビュー層に下げています。"
                "自社の商品・施術について述べているなら主張です。）")
    return (f" Shown at the review tier only: the sentence reads as an explanation "
            f"({trigger_id}); it is a claim if it speaks of the advertiser's own product or "
            "treatment.")


@dataclass
class _Claim:
    rule: Rule
    sentence: Sentence
    doc: Doc
    match: RawMatch
    # the to_review trigger that would have cleared it: shown at the review tier only
    reviewed_by: str | None = None


class _LazyParse:
    """Parse a sentence at most once, and only if someone asks."""

    def __init__(self, engine: Engine, lang: str, doc: Doc) -> None:
        self._engine, self._lang, self._doc = engine, lang, doc

    def __call__(self) -> Doc:
        if not self._doc.has_annotation("DEP"):
            self._engine.stats["parsed"] += 1
            self._doc = self._engine.pipelines.get(self._lang).parse(self._doc)
        return self._doc


class _Secondary:
    """The secondary prefilter's candidates (exceptions, triggers) for one sentence, found on
    first use: only a sentence with a claim needs them."""

    def __init__(self, compiled: CompiledRules, sentence: Sentence) -> None:
        self.compiled = compiled
        self.sentence = sentence
        self.keys: set | None = None

    def __call__(self) -> set:
        if self.keys is None:
            lang = self.sentence.lang
            self.keys = self.compiled.secondary(lang).candidates(lang, self.sentence.text)
        return self.keys


@dataclass(frozen=True)
class TraceEvent:
    """Why something did or did not fire (recorded when ``Engine.trace`` is a list).

    ``kind``: prefilter-skipped (no anchor word), matched, exception (a rule's exception
    cancelled the match), trigger (a context trigger matched in a sentence with a claim),
    cleared (a context trigger cleared the claim), reviewed (a ``to_review`` trigger would
    have cleared it: it is shown at the review tier only), model (a claim model's score for a rule
    that reads it: "<probability> <most likely category>")."""

    kind: str
    sentence: Sentence
    rule_id: str = ""
    text: str = ""  # the matched (or cancelling) words
    trigger: str = ""  # the clearing trigger's id


class CompiledRules:
    """A rule set compiled for matching, per language, built on first use.

    Independent of the run's options (those only filter findings), so engines
    with different options can share one: the tests and the rule-test command
    compile each language once.
    """

    def __init__(self, ruleset: RuleSet, pipelines: Pipelines | None = None,
                 cache: Cache | None = None) -> None:
        self.ruleset = ruleset
        self.pipelines = pipelines or Pipelines()
        self.cache = cache or Cache(enabled=False)
        self._prefilter = Prefilter()
        self._secondary = Prefilter()
        self._languages: dict[str, CompiledLanguage] = {}
        self._models: dict[Path, ClaimModel] = {}

    def claim_model(self, path: Path) -> ClaimModel:
        """A claim model file, read on first use (only a run that shows the review tier)."""
        if path not in self._models:
            from linter.matching.errors import RuleCompileError

            try:
                self._models[path] = ClaimModel.load(path)
            except (OSError, ValueError) as exc:
                # a rule set that cannot be used: said once, like a rule that cannot compile
                raise RuleCompileError(f"{path}: not a usable claim model ({exc}); train it "
                                       "again with 'medlint rules train-model'") from exc
        return self._models[path]

    def model_for(self, rule: Rule) -> ClaimModel:
        """The claim model a model rule reads, checked against the rule: same language, and a
        label the model can give (else the rule could never fire)."""
        from linter.matching.errors import RuleCompileError

        model = self._model_of_language(rule, rule.model.path)
        if rule.model.label not in model.labels:
            raise RuleCompileError(f"{rule.id}: the claim model {rule.model.path} has no label "
                                   f"{rule.model.label!r} (it has {', '.join(model.labels)})")
        return model

    def corroborating_model(self, rule: Rule) -> ClaimModel:
        """The claim model that can confirm a cue rule (its ``corroboration``), checked to be
        of the rule's language."""
        return self._model_of_language(rule, rule.corroboration.path)

    def _model_of_language(self, rule: Rule, path: Path) -> ClaimModel:
        from linter.matching.errors import RuleCompileError

        model = self.claim_model(path)
        if model.lang != rule.lang:
            raise RuleCompileError(f"{rule.id}: {path} is a {model.lang!r} model, "
                                   f"the rule is {rule.lang!r}")
        return model

    def language(self, lang: str) -> CompiledLanguage:
        if lang not in self._languages:
            from linter.matching.compiler import CompiledLanguage

            pipeline = self.pipelines.get(lang)
            analyser = TermAnalyser(pipeline)
            key = digest("terms-v1", lang, self.ruleset.fingerprint, environment_fingerprint(),
                         json.dumps(self.pipelines.options, sort_keys=True))
            memo = self.cache.get_sealed("terms", key)
            if memo is not None:
                with contextlib.suppress(ValueError):  # an unusable entry is a miss
                    analyser.load(memo)
            self._languages[lang] = CompiledLanguage(self.ruleset, lang, pipeline, analyser)
            if analyser.fresh:
                self.cache.put_sealed("terms", key, analyser.export())
        return self._languages[lang]

    def prefilter(self, lang: str) -> Prefilter:
        """Built from the rule vocabularies without spaCy, so checking a clean file loads no
        model at all."""
        from linter.matching.prefilter import probe_patterns

        return self._filter(self._prefilter, "prefilter-v1", lang, probe_patterns)

    def secondary(self, lang: str) -> Prefilter:
        """The same kind of filter over what runs only on a sentence with a claim (rule
        exceptions and context triggers, ``secondary_patterns``): only the ones it lets
        through are compiled and run."""
        from linter.matching.prefilter import secondary_patterns

        return self._filter(self._secondary, "prefilter-secondary-v1", lang, secondary_patterns)

    def _filter(self, into: Prefilter, version: str, lang: str, patterns) -> Prefilter:
        if lang not in into.languages():
            key = digest(version, lang, self.ruleset.fingerprint, environment_fingerprint())
            state = self.cache.get_sealed("prefilter", key)  # data only, and intact
            try:
                if state is None:
                    raise ValueError("not cached")
                into.load(lang, state, intact=True)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                # a missing or unusable cache entry is a miss: rebuild it
                analyser = TermAnalyser(light_pipeline(lang))
                Prefilter.build(self.ruleset, lang, analyser, into=into,
                                patterns=patterns(self.ruleset, lang))
                self.cache.put_sealed("prefilter", key, into.export(lang))
        return into


_SHARED: dict[tuple[str, str], CompiledRules] = {}


def shared_compiled(ruleset: RuleSet, english_model: str = "blank",
                    cache: Cache | None = None) -> CompiledRules:
    """One CompiledRules per rule set and English model in this process.

    A CLI run needs only one, but a process that runs the CLI many times (the
    test suite, an editor integration) should not reload GiNZA every time.
    """
    key = (ruleset.fingerprint, english_model)
    if key not in _SHARED:
        _SHARED[key] = CompiledRules(ruleset, Pipelines(english_model=english_model), cache)
    return _SHARED[key]


class Engine:
    def __init__(
        self,
        ruleset: RuleSet,
        options: LintOptions | None = None,
        compiled: CompiledRules | None = None,
    ) -> None:
        self.ruleset = ruleset
        self.options = options or LintOptions()
        self.compiled = compiled or CompiledRules(ruleset)
        self.pipelines = self.compiled.pipelines
        self.active = {r.id for r in ruleset.rules if rule_is_active(r, self.options)}
        self.matched = self._rules_that_matter()
        # rules that read a claim model, by language: scored on every sentence of it
        self.model_rules: dict[str, list[Rule]] = defaultdict(list)
        for rule in ruleset.rules:
            if rule.model is not None and rule.id in self.matched:
                self.model_rules[rule.lang].append(rule)
        self.stats: dict[str, int] = defaultdict(int)
        self.trace: list[TraceEvent] | None = None  # a list records why things (did not) fire
        # what each claim model said of a sentence of this document, by (model, sentence
        # span): model rules and corroborated cues read one score
        self._scores: dict[tuple[Path, int, int], Score] = {}

    def _rules_that_matter(self) -> frozenset[str]:
        """Rules whose matches can change what this run reports: the active ones that can
        reach ``min_severity`` (a corroborated word cue can be raised to a warning), and the
        rules of a category that triggers such a document rule (``triggered_by``: any claim
        of the category counts, shown or not).  The others are neither matched nor compiled:
        a default run (warning and above) does no work for the review tier's other rules
        (issue 16: the word cues' exceptions alone were a tenth of a cold start).
        Their findings, which the run drops, no longer merge into the ones it shows either
        (an overlapping review-tier match added its span to a warning's ``spans``)."""
        minimum = severity_rank(self.options.min_severity)
        shown = {r.id for r in self.ruleset.rules if r.id in self.active
                 and severity_rank(self._highest_severity(r)) >= minimum}
        triggering = {(r.lang, category) for r in self.ruleset.rules
                      if r.id in shown and r.scope == "document"
                      for category in r.triggered_by or ()}
        # a claim model's guess never triggers a document rule (_document_trigger), so it is
        # matched only where it is shown
        return frozenset(r.id for r in self.ruleset.rules
                         if r.id in shown
                         or ((r.lang, r.category) in triggering and r.model is None))

    def _highest_severity(self, rule: Rule) -> str:
        """The severity a rule's finding can have in this run: its own (or the configured
        one), or a corroborated cue's raised severity."""
        return self._raised_severity(rule) or effective_severity(rule, self.options)

    def _raised_severity(self, rule: Rule) -> str | None:
        """What a corroborated finding of ``rule`` is raised to (the schema allows it only on
        info cues, and to warning or error); None where the rule has no corroboration or the
        run's configuration sets its severity (the user's word wins)."""
        if rule.corroboration is None \
                or chain.severity_override(rule, self.options.severity_overrides) is not None:
            return None
        return rule.corroboration.severity

    def _score(self, model: ClaimModel, path: Path, sentence: Sentence) -> Score:
        """``model``'s score of ``sentence``, once per model and sentence of the document."""
        key = (path, sentence.start, sentence.end)
        score = self._scores.get(key)
        if score is None:
            score = self._scores[key] = model.score(sentence.text)
        return score

    def _note(self, kind: str, sentence: Sentence, rule_id: str = "", text: str = "",
              trigger: str = "") -> None:
        if self.trace is not None:
            self.trace.append(TraceEvent(kind, sentence, rule_id, text, trigger))

    # -- linting -------------------------------------------------------------------------
    def lint(self, document: SourceDocument) -> list[Finding]:
        self._scores = {}
        sentences = document_sentences(document.text, document.blocks, self.options.forced_lang)
        claims: list[_Claim] = []
        document_triggers: dict[str, _Claim] = {}
        evidence: dict[str, set[tuple[str, str]]] = defaultdict(set)
        deferred: list[tuple[Sentence, set[str]]] = []

        def process(sentence: Sentence, keys: set[str] | None,
                    modelled: tuple[Rule, ...] = ()) -> None:
            self.stats["candidates"] += 1
            for claim in self._lint_sentence(sentence, evidence, keys, modelled):
                if claim.rule.scope == "document":
                    document_triggers.setdefault(claim.rule.id, claim)
                else:
                    claims.append(claim)

        prefilters: dict[str, Prefilter] = {}
        for sentence in sentences:
            self.stats["sentences"] += 1
            modelled = self._model_hits(sentence)
            if self.options.mode != "fast":
                process(sentence, None, modelled)
                continue
            prefilter = prefilters.get(sentence.lang)
            if prefilter is None:
                prefilter = prefilters[sentence.lang] = self.compiled.prefilter(sentence.lang)
            keys = {k for k in prefilter.candidates(sentence.lang, sentence.text)
                    if k.rule_id in self.matched}
            if not keys and not modelled:
                self._note("prefilter-skipped", sentence)
            elif modelled or any(k.role == "match" for k in keys):
                process(sentence, keys, modelled)
            else:
                # only evidence for a disclosure rule (a price, a risk statement): needed only
                # if a document rule fires, which is known after the first pass
                deferred.append((sentence, keys))
        # where each document rule fires is known after the first pass: deferred sentences
        # carry no claim patterns, only evidence
        fired: dict[str, _Claim] = {}
        for rule in self._active_document_rules():
            trigger = self._document_trigger(rule, claims, document_triggers)
            if trigger is not None:
                fired[rule.id] = trigger
        if deferred and fired:
            for sentence, keys in deferred:
                process(sentence, keys)
        # the post-processing chain, steps 1-4 (linter/findings/chain.py)
        findings = [self._finding(document, c) for c in claims if c.rule.id in self.active]
        findings.extend(self._document_findings(document, fired, evidence))
        findings = chain.one_per_problem(findings, self.ruleset, self.stats,
                                         lambda rule: effective_severity(rule, self.options))
        findings = chain.at_least(findings, self.options.min_severity)
        return sorted(findings, key=Finding.sort_key)

    def _model_hits(self, sentence: Sentence) -> tuple[Rule, ...]:
        """The model rules that fire on this sentence: its claim probability reaches the
        rule's ``min_score`` and its most likely category is the rule's label."""
        rules = self.model_rules.get(sentence.lang)
        if not rules:
            return ()
        hits = []
        for rule in rules:
            use = rule.model
            model = self.compiled.model_for(rule)  # checked for every rule that reads it
            score = self._score(model, use.path, sentence)
            self._note("model", sentence, rule.id, f"{score.gate:.2f} {score.label}")
            if score.gate >= use.min_score and score.label == use.label:
                hits.append(rule)
        return tuple(hits)

    def _lint_sentence(self, sentence: Sentence, evidence: dict[str, set[tuple[str, str]]],
                       keys: set[str] | None = None,
                       modelled: tuple[Rule, ...] = ()) -> list[_Claim]:
        lang = sentence.lang
        pipeline = self.pipelines.get(lang)
        compiled = self.compiled.language(lang)
        if self.options.mode == "fast":
            doc = pipeline.tokenize(sentence.text)
        else:
            doc = pipeline.full(sentence.text)
        compiled.annotate(doc)
        parse = _LazyParse(self, lang, doc)
        secondary = None if keys is None else _Secondary(self.compiled, sentence)
        raw = compiled.match(doc, parse, keys, secondary)
        if keys is None:  # the naive path matches everything; the run uses what matters
            raw = [m for m in raw if m.rule_id in self.matched]
        if modelled and len(doc):
            from linter.matching.compiler import PatternInfo, RawMatch

            # a model reads the whole sentence, so its claim is the whole sentence
            raw = [*raw, *(RawMatch(PatternInfo(f"model:{rule.model.name}", rule.id, "match",
                                                "model"), 0, len(doc), frozenset(range(len(doc))))
                           for rule in modelled)]
        candidates: dict[str, list[RawMatch]] = defaultdict(list)
        exceptions: dict[str, list[RawMatch]] = defaultdict(list)
        for match in raw:
            if match.role == "match":
                candidates[match.rule_id].append(match)
            elif match.role == "exception":
                exceptions[match.rule_id].append(match)
            else:
                evidence[match.rule_id].add((match.role, match.requirement))
        if not candidates:
            return []
        kept: list[_Claim] = []
        for rule_id, matches in candidates.items():
            blockers = exceptions.get(rule_id, [])
            for match in matches:
                self._note("matched", sentence, rule_id, doc[match.start:match.end].text)
            for blocker in blockers:
                self._note("exception", sentence, rule_id, doc[blocker.start:blocker.end].text)
            matches = [m for m in matches
                       if not any(m.start < b.end and b.start < m.end for b in blockers)]
            for match in _longest_first(matches):
                kept.append(_Claim(self.ruleset.rule(rule_id), sentence, doc, match))
        if not kept:
            return []
        triggers = (compiled.trigger_matches(doc, secondary() if secondary else None)
                    if self.options.context else [])
        if self.options.ignore_triggers:
            triggers = [(t, m) for t, m in triggers if t.id not in self.options.ignore_triggers]
        for trigger, match in triggers if self.trace is not None else ():
            self._note("trigger", sentence, "", doc[match.start:match.end].text, trigger.id)
        if not triggers:
            return kept
        from linter.context.judge import ContextJudge
        from linter.languages import get as get_language

        judge = ContextJudge(parse, get_language(lang).clause_words)
        # the words of the rules' claims: a trigger among them is part of a claim (痛みなく), not
        # the frame of the sentence that a claim model's claim is
        claim_words = frozenset(i for claim in kept if claim.rule.model is None
                                for i in claim.match.content) if modelled else frozenset()
        # a to_review trigger only lowers a claim that no other trigger clears, and only the
        # claim of a sentence rule above the review tier: a word cue or a model guess is already
        # there, and a document rule's evidence (a promo code, a supplement word) in the
        # sentence is cleared as before, or the page would need a disclosure it did not
        firm = [(t, m) for t, m in triggers if not t.to_review]

        def lowerable(claim: _Claim) -> bool:
            rule = claim.rule
            return rule.scope != "document" and rule.model is None \
                and severity_rank(effective_severity(rule, self.options)) > severity_rank("info")

        def frame(claim: _Claim, among: list[tuple[Trigger, RawMatch]]) -> Trigger | None:
            if claim.rule.model is not None:
                return judge.sentence_frame(doc, among, claim_words)
            return judge.clearing_trigger(doc, claim.match, among)

        standing = []
        for claim in kept:
            trigger = frame(claim, triggers)
            lowered_by = None
            if trigger is not None and trigger.to_review and self.options.review_cleared \
                    and lowerable(claim):
                # a firm trigger elsewhere in the sentence still clears it (asked only for a
                # claim that a to_review trigger cleared)
                lowered_by, trigger = trigger, frame(claim, firm)
            if trigger is None and lowered_by is not None:
                self.stats["reviewed"] += 1
                self._note("reviewed", sentence, claim.rule.id,
                           doc[claim.match.start:claim.match.end].text, lowered_by.id)
                standing.append(replace(claim, reviewed_by=lowered_by.id))
            elif trigger is None:
                standing.append(claim)
            else:
                self.stats["cleared"] += 1
                self._note("cleared", sentence, claim.rule.id,
                           doc[claim.match.start:claim.match.end].text, trigger.id)
        return standing

    # -- findings ----------------------------------------------------------------------
    def _span(self, claim: _Claim) -> tuple[int, int]:
        doc, match = claim.doc, claim.match
        start = claim.sentence.start + doc[match.start].idx
        last = doc[match.end - 1]
        return start, claim.sentence.start + last.idx + len(last.text)

    def _finding(self, document: SourceDocument, claim: _Claim, *,
                 missing: list[str] | None = None) -> Finding:
        rule = claim.rule
        start, end = self._span(claim)
        line, column = document.lines.position(start)
        end_line, end_column = document.lines.position(end)
        locale = self.options.locale
        shown = display_sentence(document.original, document.text, claim.sentence.start,
                                 claim.sentence.end)
        excerpt_start, excerpt_end = shown.span(start, end)
        severity = effective_severity(rule, self.options)
        message = rule.text("message", locale)
        raised = self._raised_severity(rule) if missing is None else None
        if claim.reviewed_by is not None:
            # never raised too: only a claim above info is lowered, and a cue is above info
            # only by a configured severity, which leaves it unraised (_raised_severity)
            severity = "info"
            message += _reviewed_note(locale or rule.lang, claim.reviewed_by)
        if raised is not None:
            # a cue that matched and survived its exceptions and the context stage: confirmed
            # where the whole sentence reads as a claim to the model
            gate = self._score(self.compiled.corroborating_model(rule), rule.corroboration.path,
                               claim.sentence).gate
            if gate >= rule.corroboration.min_score:
                severity = raised
                message += _raised_note(locale or rule.lang, gate, severity)
        return Finding(
            path=document.path,
            rule_id=rule.id,
            category=rule.category,
            severity=severity,
            lang=rule.lang,
            message=message,
            suggestion=rule.text("suggestion", locale),
            references=references_of(rule),
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            sentence=shown.text,
            matched=shown.text[excerpt_start:excerpt_end] or document.original[start:end],
            offset=start,
            end_offset=end,
            missing=missing or [],
            location_unit=document.location_unit,
            sentence_key=f"{claim.sentence.start}:{claim.sentence.end}",
            sentence_start=claim.sentence.start,
            sentence_end=claim.sentence.end,
            excerpt_start=excerpt_start,
            excerpt_end=excerpt_end,
        )

    def _active_document_rules(self) -> list[Rule]:
        return [r for r in self.ruleset.rules if r.scope == "document" and r.id in self.active]

    def _document_trigger(self, rule: Rule, claims: list[_Claim],
                          triggers: dict[str, _Claim]) -> _Claim | None:
        """Where a document rule fires, or None.  ``match`` and ``triggered_by`` must both
        hold when both are given (a supplement page *and* a structure/function claim); the
        finding then points at the claim."""
        trigger = triggers.get(rule.id)
        if rule.patterns and trigger is None:
            return None
        if rule.triggered_by:
            # a claim lowered to the review tier is too weak to ask for a disclosure
            claimed = [c for c in claims
                       if c.rule.lang == rule.lang and c.rule.category in rule.triggered_by
                       and c.rule.model is None and c.reviewed_by is None]
            if not claimed:
                return None
            # the first sentence's strongest, earliest, longest claim: the same claim whatever
            # order the path found them in (the naive path's order is the Matcher's)
            trigger = min(claimed, key=lambda c: (
                c.sentence.start, -severity_rank(effective_severity(c.rule, self.options)),
                c.match.start,
                c.match.start - c.match.end, c.rule.id))
        return trigger

    def _document_findings(
        self,
        document: SourceDocument,
        fired: dict[str, _Claim],
        evidence: dict[str, set[tuple[str, str]]],
    ) -> Iterable[Finding]:
        for rule_id, trigger in fired.items():
            rule = self.ruleset.rule(rule_id)
            seen = evidence.get(rule.id, set())
            missing = [
                localize(req.label, self.options.locale, rule.lang)
                for req in rule.requirements
                if (not req.when or ("when", req.id) in seen) and ("require", req.id) not in seen
            ]
            if missing:
                at = _Claim(rule, trigger.sentence, trigger.doc, trigger.match)
                yield self._finding(document, at, missing=missing)


def _longest_first(matches: list[RawMatch]) -> list[RawMatch]:
    """Longest non-overlapping matches of one rule (spaCy's filter_spans policy)."""
    chosen: list[RawMatch] = []
    for match in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(match.end <= c.start or c.end <= match.start for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)
