"""ConText-style claim context, driven by the trigger lists in ``rules/context``.

A trigger (negation, disclaimer, metalinguistic phrase) clears a claim when
the claim lies in its scope:

* direction: forward triggers reach the claim words after them, backward ones
  the claim words before them (medspaCy/NegEx semantics);
* window: at most ``max_scope`` tokens between trigger and claim, and no
  terminator trigger (but, however, and ...) in between; a terminator that opens a
  subordinate clause (``opens_clause``: although, while, which) also keeps a negation inside
  that clause from reaching past the comma that closes it, unless the words after that comma
  read as a list item (diagnose, treat, cure, or prevent);
* syntax (Japanese): ``same-bunsetsu`` needs the trigger inside the bunsetsu
  of the claim's predicate (治ら|ない); ``governs-claim`` needs it in a
  bunsetsu that the claim's bunsetsu depends on, within three hops and with no
  comma in between (治るとは|限りません, ある|わけではありません), so a negation in
  another clause (痛みはなく、不眠症も治ります) does not clear the claim; a comma
  right before a quotative (抜け毛を治す、という効果はありません) closes a quoted item
  or list and is not a clause break;
* quotes: ``quoted_only`` triggers apply to claims written inside quotation
  marks (『治る』という表現).
* register: ``sentence`` triggers (regulator, news and rule-explaining
  register: 措置命令, 消費者庁は, "the FTC alleges") clear every claim of the
  sentence that they do not overlap; terminators and scope do not apply,
  because reported speech frames the whole sentence; ``sentence-unquoted``
  spares claims inside quotation marks, for the English habit of quoting the
  ad inside the reporter's sentence (The ad stated "Lose 20 pounds fast").

Words that are part of the claim itself (the ない of 副作用がない) never count
as triggers; words in the gaps of the claim (不眠症は|決して|治らない) do, and so does a
trigger that only starts inside the claim (病気を治す[効果はありません]).  A claim whose words
all lie inside the words of a meta trigger that is a fixed phrase (the 体験談 of 体験談とは) is
cleared by it, in any direction (a sentence trigger otherwise clears only the claims it does
not overlap).

A claim model's claim is the whole sentence and has no claim words: ``sentence_frame`` decides
for it (every clearing trigger of the sentence clears it, unless a pseudo trigger masks it, the
trigger is made of a rule's claim words, or it has a syntax condition and does not negate the
sentence's main predicate).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from linter.context.quotes import inside_quotes, joins_quotations, quote_spans
from linter.languages import ClauseWords
from linter.matching.compiler import RawMatch
from linter.matching.tokens import NOT_A_WORD
from linter.rules.model import Trigger

# punctuation of both scripts (full-width commas turn up in English typed on a Japanese
# keyboard); the words that tell what a comma does are the language's (ClauseWords)
_CLAUSE_BREAKS = {"、", "，", ",", "。", "；", ";"}
_COMMAS = frozenset({"、", "，", ","})
_DEFAULT_SCOPE = 8


def _word_bounds(doc: Doc, content: frozenset[int]) -> tuple[Token, Token]:
    """The first and last word of a claim: a rule may end its match on a closing bracket
    (痩せる」), which is the quotation's edge, not a word inside it."""
    indices = sorted(content)
    words = [i for i in indices if not NOT_A_WORD.fullmatch(doc[i].text)] or indices
    return doc[words[0]], doc[words[-1]]


def _claim_quoted(doc: Doc, claim: RawMatch, quotes: list[tuple[int, int]]) -> bool:
    """Whether a claim, from its first word to its last, lies inside one quotation."""
    first, last = _word_bounds(doc, claim.content)
    return inside_quotes(quotes, first.idx, last.idx + len(last.text))


def _overlaps(a: RawMatch, b: RawMatch) -> bool:
    return a.start < b.end and b.start < a.end


def _overlaps_in_words(doc: Doc, a: RawMatch, b: RawMatch) -> bool:
    """Whether two matches share a word, not only a punctuation mark: a headline rule that
    ends on the closing bracket (痩せる」) and a report trigger that starts on it (」という訴求)
    touch without the claim being part of the report's phrase."""
    return any(not doc[i].is_punct for i in range(max(a.start, b.start), min(a.end, b.end)))


_COLONS = frozenset({":", "："})


def _heading_colon_between(doc: Doc, end: int, start: int) -> bool:
    """Whether a colon lies among ``doc[end:start]`` (after a claim, before a trigger)."""
    return any(doc[i].text in _COLONS for i in range(end, start))


def _between_quotations(doc: Doc, quotes: list[tuple[int, int]], terminator: RawMatch) -> bool:
    """Whether a terminator ("and", や) stands between two quotations of a list, right after
    one closes and right before the next opens."""
    if terminator.start == 0 or terminator.end == len(doc):
        return False
    before, after = doc[terminator.start - 1], doc[terminator.end]
    return joins_quotations(quotes, before.idx + len(before.text) - 1, after.idx)


# a bunsetsu that modifies a noun (無理のない|減量プラン: acl) is not a clause of the predicate
_NOUN_MODIFIERS = frozenset({"acl", "amod", "nmod"})


def _has_bunsetsu(doc: Doc) -> bool:
    """Whether the parser marked bunsetsu (GiNZA's bunsetu_recognizer); other languages'
    parsers do not, and there each token is its own unit."""
    return "bunsetu_bi_labels" in doc.user_data


def _closes_a_list(doc: Doc, i: int, words: ClauseWords) -> bool:
    """A comma right before a list closer or a quotative (生やす、増やす、治す、という効果 /
    、などの / 、といった) ends a list of quoted items that the quotative hands on as one
    phrase; it does not end a clause."""
    if i + 1 >= len(doc) or doc[i].text not in words.commas:
        return False
    after = doc[i + 1]
    if after.text in words.list_closers:
        return True
    return words.quotative is not None and after.text == words.quotative[0] \
        and i + 2 < len(doc) and doc[i + 2].norm_ == words.quotative[1]


def _no_clause_break(doc: Doc, start: int, end: int, words: ClauseWords, *,
                     parsed: bool = False) -> bool:
    """No comma or sentence break among the tokens ``doc[start:end]`` (a comma that closes
    a list before a quotative is not one).  ``parsed``: the caller follows the dependency
    chain, which decides whether a topic or an adverb set off by a comma governs across it,
    so such a comma is not a break either."""
    return not any(doc[i].text in _CLAUSE_BREAKS and not _closes_a_list(doc, i, words)
                   and not (parsed and _after_topic_or_adverb(doc, i, words))
                   for i in range(start, end))


def _segment_words(doc: Doc, comma: int) -> tuple[list[str], int | None]:
    """The words after ``comma`` up to the next comma or sentence break, and that break's
    index (None at the end of the sentence)."""
    words = []
    for token in doc[comma + 1:]:
        if token.text in _CLAUSE_BREAKS:
            return words, token.i
        if not token.is_punct:
            words.append(token.lower_)
    return words, None


def _list_item_after(doc: Doc, comma: int, words: ClauseWords) -> bool:
    """Whether the words after ``comma`` (up to the next comma or sentence break) read as a
    list item: a joiner among their first two (or prevent any disease / sulfates or dyes), or
    three words or fewer with such a joined item still to come (treat, / cure, before ", or
    prevent").  A main clause has its own subject and verb before any joiner (red light is
    safe and does not burn), and a short one ends the sentence (Although it is not a drug, it
    cures acne)."""
    joiners = words.list_joiners
    after, end = _segment_words(doc, comma)
    if any(w in joiners for w in after[:2]):
        return True
    if len(after) > 3:
        return False
    while end is not None and doc[end].text in _COMMAS:
        after, end = _segment_words(doc, end)
        if any(w in joiners for w in after[:2]):
            return True
    return False


def _closing_comma(doc: Doc, openers: list[RawMatch], match: RawMatch, end: int,
                   words: ClauseWords) -> bool:
    """Whether ``match`` lies inside a subordinate clause that an opener starts (although,
    while, which: no comma between the opener and the match) and a comma closes that clause
    before token ``end``.  Only a comma followed by a clause closes it, not one between list
    items."""
    if not any(o.end <= match.start and _no_clause_break(doc, o.end, match.start, words)
               for o in openers):
        return False
    return any(doc[i].text in _CLAUSE_BREAKS and not _list_item_after(doc, i, words)
               for i in range(match.end, min(end, len(doc))))


def _after_topic_or_adverb(doc: Doc, i: int, words: ClauseWords) -> bool:
    """A comma right after a topic particle, a compound postposition or an adverb (効果は、/
    記憶の向上に対して、/ 通常、) sets off a phrase that still depends on the sentence's
    predicate; unlike the comma after a clause (痛みはなく、), it does not end the clause the
    phrase belongs to."""
    if i == 0 or doc[i].text not in words.commas:
        return False
    before = doc[i - 1]
    if any(i >= len(phrase) and tuple(t.text for t in doc[i - len(phrase):i]) == phrase
           for phrase in words.phrase_particles):
        return True
    return (before.text in words.topic_particles and before.pos_ == "ADP") \
        or before.pos_ == "ADV"


def _bunsetsu(doc: Doc, i: int) -> tuple[int, int]:
    from ginza import bunsetu_span

    span = bunsetu_span(doc[i])
    return span.start, span.end


def _head_bunsetsu(doc: Doc, bounds: tuple[int, int]) -> tuple[int, int] | None:
    start, end = bounds
    root = doc[start:end].root
    if root.head.i == root.i or start <= root.head.i < end:
        return None
    return _bunsetsu(doc, root.head.i)


def _own_voice(doc: Doc, triggers: list[tuple[Trigger, RawMatch]]) -> bool:
    """Does the advertiser speak in the sentence (当院の, "our serum", an own-voice trigger)?
    Then a register of the whole sentence does not clear its claims: such a register is a
    third party speaking about claims, found by words that an advertiser also uses ("Our
    company's serum erases wrinkles", 「3日で治った」という口コミが当院に続々).  On the real
    corpus's tune split and the fresh sets studied, no sentence that a whole-sentence register
    cleared rightly had the advertiser's voice (session 42), while a probe of every such
    trigger cleared an advertiser's own claim with 103 of 111 of them.  One inside quotation marks
    is someone quoted (警視庁によると、同社は「当社の水を飲めばがんが治る」と勧誘し…: a helper's
    review), not the advertiser speaking."""
    marks = [m for t, m in triggers if t.direction == "own-voice"]
    if not marks:
        return False
    quotes = quote_spans(doc.text)
    return any(not _claim_quoted(doc, m, quotes) for m in marks)


class ContextJudge:
    def __init__(self, parse: Callable[[], Doc], words: ClauseWords) -> None:
        """``parse`` gives the sentence's parse when a check needs syntax; ``words`` are the
        sentence's language's clause words."""
        self._parse = parse
        self._words = words

    def clearing_trigger(
        self,
        doc: Doc,
        claim: RawMatch,
        triggers: list[tuple[Trigger, RawMatch]],
    ) -> Trigger | None:
        """The trigger that clears ``claim``, or None when the claim stands."""
        if not claim.content:
            return None
        pseudo = [m for t, m in triggers if t.direction == "pseudo"]
        terminators = [m for t, m in triggers if t.direction == "terminate"]
        openers = [m for t, m in triggers if t.opens_clause]
        own_voice = _own_voice(doc, triggers)
        quotes: list[tuple[int, int]] | None = None
        for trigger, match in sorted(triggers, key=lambda tm: (tm[1].start, -tm[1].end)):
            if not trigger.clears or (own_voice and trigger.frames_whole_sentence):
                continue
            if any(_overlaps(match, p) for p in pseudo):
                continue
            if match.content and match.content <= claim.content:
                continue
            if trigger.kind == "meta" and match.start <= claim.start and claim.end <= match.end \
                    and trigger.fixed_phrase:
                # the claim's words are part of the meta phrase itself (体験談とは, "maintaining
                # a healthy weight"), which says what the sentence is about; a phrase with gaps
                # or any-word items can hold a whole claim ("is proven to heal the infection")
                return trigger
            if trigger.explains_only and _heading_colon_between(doc, claim.end, match.start):
                # a benefit list's heading before a colon ("Supporting immune health: some
                # research suggests ...") is the advertiser's claim; a register that frames only
                # the explanation after the colon does not reach it (one that points back at it,
                # "Cures insomnia: the FTC prohibits such claims", has no explains_only). A
                # quoted claim before the colon is an example being discussed
                if quotes is None:
                    quotes = quote_spans(doc.text)
                if not _claim_quoted(doc, claim, quotes):
                    continue
            if trigger.direction in ("sentence", "sentence-unquoted"):
                if _overlaps_in_words(doc, match, claim):
                    continue
                if trigger.direction == "sentence-unquoted":
                    if quotes is None:
                        quotes = quote_spans(doc.text)
                    if any(inside_quotes(quotes, doc[i].idx, doc[i].idx + len(doc[i].text))
                           for i in claim.content):
                        continue
                return trigger
            scope_ends = terminators
            if trigger.quoted_only:
                if quotes is None:
                    quotes = quote_spans(doc.text)
                if not _claim_quoted(doc, claim, quotes):
                    continue
                # a conjunction inside the quoted wording ("safe, drug-free and faster") is
                # part of what is quoted and does not end the frame's scope; one joining two
                # quotations ("melts fat" and "boosts energy" are some of the claims) does not
                # either where the frame follows the list, while a frame before a list ("words
                # like ...") keeps its scope, since what follows may be the advertiser's own
                # ("... describe our balm")
                scope_ends = [t for t in terminators
                              if not inside_quotes(quotes, doc[t.start:t.end].start_char,
                                                   doc[t.start:t.end].end_char)
                              and not (trigger.direction == "backward"
                                       and _between_quotations(doc, quotes, t))]
            if self._in_scope(doc, claim, trigger, match, scope_ends, openers):
                return trigger
        return None

    def sentence_frame(self, doc: Doc, triggers: list[tuple[Trigger, RawMatch]],
                       claim_words: frozenset[int] = frozenset()) -> Trigger | None:
        """The trigger that clears a claim made by the whole sentence (a claim model's), or
        None.  Such a claim has no claim words for a trigger's scope or overlap, so any trigger
        that clears claims clears it (a negation, a disclaimer, a regulator's, reporter's or
        explainer's register), unless a pseudo trigger masks it (二度と手放せない, "never
        felt better"): a negated claim is not flagged, whoever reads it.  A negation with a
        syntax condition counts only where it negates the sentence's main predicate, and a
        trigger made of the words of a rule's claim in the sentence (``claim_words``: the なく of
        痛みなく施術できます, the ない of 副作用がない) is part of that claim, not its frame.
        Quoted-only triggers need a claim inside quotation marks, which a whole sentence is
        not."""
        pseudo = [m for t, m in triggers if t.direction == "pseudo"]
        openers = [m for t, m in triggers if t.opens_clause]
        own_voice = _own_voice(doc, triggers)
        for trigger, match in sorted(triggers, key=lambda tm: (tm[1].start, -tm[1].end)):
            if not trigger.clears or trigger.quoted_only \
                    or (own_voice and trigger.frames_whole_sentence):
                continue
            if trigger.direction not in ("sentence", "sentence-unquoted") \
                    and _closing_comma(doc, openers, match, len(doc), self._words):
                # a negation in a subordinate clause is not the sentence's (Unlike UV light,
                # which can damage the skin, red light is safe)
                continue
            if any(_overlaps(match, p) for p in pseudo):
                continue
            if match.content and match.content <= claim_words:
                continue
            if trigger.syntax and not self._negates_main_predicate(match):
                continue
            return trigger
        return None

    def _negates_main_predicate(self, match: RawMatch) -> bool:
        """Whether a negation with a syntax condition (the ない of 治らない) negates what the
        whole sentence says: it reaches into the bunsetsu of the sentence's last root (the
        predicate the sentence ends on: in 効果がありません？いいえ、必ず痩せます the guarantee), or
        sits in a bunsetsu that depends on that root as a clause, not as a noun's modifier, with
        no comma between (効果はないと|考えられます).  A negation inside a modifier or an earlier
        clause (無理のない|減量, 無理のない|減量プランです, シミの目立たない|素肌へ,
        特異性がないため、…起きにくく, 数台しか導入されていない|機械) is not the sentence's."""
        doc = self._parse()
        if not _has_bunsetsu(doc):
            # no bunsetsu (English): the negation is the sentence's unless a clause break
            # follows it (We doubt it, but this drip cures insomnia)
            return _no_clause_break(doc, match.end, len(doc) - 1, self._words)
        root = next((t for t in reversed(doc) if t.head.i == t.i), None)
        if root is None:
            return False
        root_bounds = _bunsetsu(doc, root.i)
        if match.start < root_bounds[1] and root_bounds[0] < match.end:
            return True
        own = _bunsetsu(doc, match.end - 1)
        if _head_bunsetsu(doc, own) != root_bounds:
            return False
        if doc[own[0]:own[1]].root.dep_ in _NOUN_MODIFIERS:
            return False
        return _no_clause_break(doc, match.end, root_bounds[0], self._words)

    def _in_scope(self, doc: Doc, claim: RawMatch, trigger: Trigger, match: RawMatch,
                  terminators: list[RawMatch], openers: list[RawMatch]) -> bool:
        scope = trigger.max_scope or _DEFAULT_SCOPE
        directions = {
            "forward": ("forward",),
            "backward": ("backward",),
            "bidirectional": ("forward", "backward"),
        }[trigger.direction]
        for direction in directions:
            if direction == "forward":
                after = [i for i in claim.content if i >= match.end]
                first = min(claim.content)
                if trigger.kind == "negation" and match.start < first < match.end \
                        and first - match.start <= 2 \
                        and not any(NOT_A_WORD.fullmatch(doc[i].text)
                                    for i in range(match.start + 1, first)):
                    # the claim starts inside the negated noun phrase, at most two words after
                    # the negator that opens the trigger: the "miracle cure" and the "cure" of
                    # "no miracle cure can shed pounds", the "instant" of "no instant cure"
                    # (not the "money-back guarantee" of "our no-risk money-back guarantee")
                    target, lo, hi = first, first, first
                elif not after:
                    continue
                else:
                    target, lo, hi = min(after), match.end, min(after)
                if hi - lo > scope:
                    continue
                if _closing_comma(doc, openers, match, target, self._words):
                    # Although it is not effective in all patients, most improve
                    continue
            else:
                before = [i for i in claim.content if i < match.start]
                if not before and trigger.kind == "negation" \
                        and min(claim.content) == match.start \
                        and max(claim.content) < match.end \
                        and _no_clause_break(doc, max(claim.content) + 1, match.end,
                                             self._words):
                    # the claim is the noun that opens the negation phrase itself: the 効果 of
                    # 効果が少なく / 効果がなく / 効果は薄い (a cue on that one word has nothing
                    # before the trigger, yet the phrase says there is little or no effect);
                    # not across a comma inside a phrase with a gap (効果は高く、副作用もない)
                    return True
                if not before:
                    continue
                target, lo, hi = max(before), max(before) + 1, match.start
                if hi - lo > scope:
                    continue
            if any(lo <= t.start and t.end <= hi for t in terminators):
                continue
            if trigger.syntax and not self._syntax_ok(trigger.syntax, target, match):
                continue
            return True
        return False

    def _syntax_ok_without_bunsetsu(self, doc: Doc, syntax: str, predicate: int,
                                    match: RawMatch) -> bool:
        """A syntax condition where the parse has no bunsetsu (English: the default pipeline
        has no dependency parser either).  With dependencies, a token is its own unit:
        ``same-bunsetsu`` needs the trigger on the predicate or its head, ``governs-claim`` on
        a head of the predicate within three hops; without them, the trigger and the predicate
        must share a clause (no comma between), the nearest the tokens allow."""
        if match.start <= predicate < match.end:
            return True
        between = (predicate + 1, match.start) if match.start > predicate \
            else (match.end, predicate)
        if not _no_clause_break(doc, *between, self._words):
            return False
        if not doc.has_annotation("DEP"):
            return True
        token = doc[predicate]
        for _hop in range(1 if syntax == "same-bunsetsu" else 3):
            if token.head.i == token.i:
                return False
            token = token.head
            if match.start <= token.i < match.end:
                return True
        return False

    def _syntax_ok(self, syntax: str, predicate: int, match: RawMatch) -> bool:
        doc = self._parse()
        if not _has_bunsetsu(doc):
            return self._syntax_ok_without_bunsetsu(doc, syntax, predicate, match)
        if match.start <= predicate:
            return False
        if not _no_clause_break(doc, predicate + 1, match.start, self._words, parsed=True):
            return False
        bounds = _bunsetsu(doc, predicate)
        if bounds[0] <= match.start < bounds[1]:
            return True
        if syntax == "same-bunsetsu":
            # GiNZA puts the ない after an adjective's く form in a bunsetsu of its own
            # (相性の|良く|ない); right after the predicate word it still negates it
            return match.start == predicate + 1 and doc[predicate].pos_ == "ADJ"
        for _hop in range(3):
            head = _head_bunsetsu(doc, bounds)
            if head is None:
                return False
            if match.start < head[1] and head[0] < match.end:  # the trigger reaches into it
                return True
            bounds = head
        return False
