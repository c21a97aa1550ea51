"""Split text into sentences, keeping offsets into the file.

Findings are reported per sentence, and every sentence is analysed on its own,
so the naive path (full pipeline per sentence) and the fast path (prefilter,
then tokenizer, then parse only where needed) see exactly the same input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from linter.language.detect import detect_language


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    lang: str
    text: str


_JA_CLOSERS = "」』）)】〕”’\"'"  # closing brackets and quotes that end with their sentence
_JA_END = re.compile(
    rf"(?:。+|[．！？!?]+(?=[\s{_JA_CLOSERS}]|$))[{_JA_CLOSERS}]*"
)
# a quotation closed inside a sentence: 「飲むだけで-10kg！」といった広告は…, 「必ず痩せる。」という
# 表示: after the closing mark comes a quoting particle (と, って, など), a case particle
# before a verb or noun of reporting (は, を) or the copula (「…！」です), so the reporter's
# frame and the quoted slogan are judged as one sentence.  Only these: が, の, に, で and も
# also begin words that open a new sentence after a quoted exclamation (がん, のど, にきび,
# では, もう), and the look-aheads keep the words that begin with と or は
_JA_QUOTE_PARTICLE = re.compile(
    r"(?:と(?!ても|にかく|ころで|りあえず)|って|など|等(?!身|級|分)|のよう|"
    r"は(?!い|じめ|だ)|を|です|でした)")
_JA_OPENERS = {"「": "」", "『": "』"}
_QUOTE_CHAIN_MAX = 200  # characters of one quoted slogan in a list of them
_EN_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)")
_EN_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "prof", "st", "no", "vs", "etc", "e.g", "i.e", "approx",
    "incl", "inc", "ltd", "co", "jr", "sr", "fig", "vol", "u.s", "u.k", "a.m", "p.m",
    "mt", "dept", "est", "min", "max", "mg", "ml",
}
# units of measure written with a period ("a 200 lb. person", "2 oz. of balm"): after a
# number and before a lower-case word they abbreviate; before a capital they may end the
# sentence ("I lost 20 lbs. Then I stopped."), so they are not in _EN_ABBREVIATIONS
_UNIT_BEFORE_PERIOD = re.compile(
    r"\d[\d,.]*[ \t]?(?:lbs?|oz|ft|in|yds?|hrs?|mins?|secs?|wks?|mos?|yrs?|cals?|kcal|tbsp|tsp"
    r"|pts?|qts?|gal|sq)$")
_LOWER_AFTER = re.compile(r"[ \t]+[a-z]")
_ATTRIBUTION = re.compile(r"[ \t]*[-—–~][ \t]*[A-Z]")
# a capital letter standing alone before ". " and a lower-case word: E. coli, S. aureus
_GENUS_INITIAL = re.compile(r"(?<![A-Za-z])[A-Z]\.[ \t]+[a-z]")
_LIST_MARKER = re.compile(r"(?:[A-Za-z]|\d{1,3}|[ivxIVX]{1,4})[.)]")
_MAX_SENTENCE = 600  # characters; longer runs are cut at a space so parsing stays bounded
_BULLET = re.compile(r"^\s*(?:[-*•・●◆■□○◎※]|\d{1,3}[.)]|[a-zA-Z][.)])\s")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def japanese_boundaries(text: str, start: int, end: int) -> Iterator[int]:
    """Sentence ends in Japanese: 。！？ (not inside a quotation the sentence goes on from)
    and line breaks not after a comma."""
    for match in _JA_END.finditer(text, start, end):
        if match.group()[-1] in _JA_CLOSERS and _quotation_goes_on(text, match.end(), end):
            continue
        yield match.end()
    pos = text.find("\n", start, end)
    while pos != -1:
        previous = text[start:pos].rstrip()
        if not previous.endswith(("、", "，", ",")):
            yield pos
        pos = text.find("\n", pos + 1, end)


def _quotation_goes_on(text: str, pos: int, end: int) -> bool:
    """Does the sentence go on after a quotation closed at ``pos``?  Yes where a quoting
    particle follows it, also after a list of quoted slogans (「血糖値が下がる。」「体質改善効果が
    ある。」等の表現: a regulator's or reporter's examples, each ending in 。, are one sentence
    with the frame that reports them, so the frame's context reaches every one)."""
    closers = [pos - 1]  # the closing mark of each quotation in the list
    while pos < end and text[pos] in _JA_OPENERS:
        close = text.find(_JA_OPENERS[text[pos]], pos + 1, min(end, pos + _QUOTE_CHAIN_MAX))
        if close == -1:
            return False
        closers.append(close)
        pos = close + 1
    if len(closers) > 1 and not all(c > 0 and text[c - 1] in "。．" for c in closers):
        return False  # 「がんが消えた！」「腫瘍が…」: testimonials and slogans, each its own
    return bool(_JA_QUOTE_PARTICLE.match(text, pos, end))


def latin_boundaries(text: str, start: int, end: int) -> Iterator[int]:
    """Sentence ends in Latin-script text: . ! ? (not after abbreviations or list markers),
    and line breaks that end a sentence."""
    last = start  # the last sentence end yielded: where the sentence of this match starts
    for match in _EN_END.finditer(text, start, end):
        line_start = text.rfind("\n", start, match.start()) + 1
        if _LIST_MARKER.fullmatch(text[max(line_start, start):match.end()].strip()):
            continue
        word = re.search(r"([A-Za-z.]+)[.!?]*[\"'”’)\]]*$", text[max(start, match.start() - 12):
                                                                  match.end()])
        if word and match.group().startswith(".") and word.group(1).lower().rstrip(".") in \
                _EN_ABBREVIATIONS:
            continue
        if _ATTRIBUTION.match(text, match.end(), end):  # "…!" - Maria, 47 stays one sentence
            continue
        if match.group().startswith("?") and _topic_question(text, start, last, match, end):
            continue  # "Brain fog? Our drip clears it.": the answer is about the question
        if (match.group() == "." and _LOWER_AFTER.match(text, match.end(), end)
                and _UNIT_BEFORE_PERIOD.search(text[max(start, match.start() - 16):
                                                    match.start()])):
            continue  # "a 200 lb. person": a unit of measure, not a sentence end
        if match.group() == "." and _GENUS_INITIAL.search(text, max(start, match.start() - 2),
                                                          min(end, match.end() + 4)):
            continue  # "kills E. coli", "H. pylori": a genus initial, not a sentence end
        last = match.end()
        yield last
    pos = text.find("\n", start, end)
    while pos != -1:
        if _line_break_ends_sentence(text, pos, start, end):
            yield pos
        pos = text.find("\n", pos + 1, end)


def _line_break_ends_sentence(text: str, pos: int, start: int, end: int) -> bool:
    """Does the line break at ``pos`` end a sentence (not a line wrapped inside one)?"""
    line_start = text.rfind("\n", start, pos) + 1
    previous = text[max(line_start, start):pos].rstrip()
    following = text[pos + 1:end].lstrip(" \t")
    return bool(previous) and (
        previous[-1] in ".!?:;\"”"
        or not following
        or following[0] == "\n"
        or bool(_BULLET.match(following))
        or (not following[0].islower() and previous[-1] not in ",-–(")
    )


# words that open a full question ("Is it safe?", "What is rosacea?"), which stands alone
_QUESTION_OPENERS = frozenset({
    "am", "is", "are", "was", "were", "do", "does", "did", "can", "could", "will", "would",
    "shall", "should", "may", "might", "must", "have", "has", "had", "what", "how", "why",
    "when", "who", "whom", "whose", "where", "which"})
# a negative opener is a full question only before its subject ("Can't you sleep?"); before a
# verb it is the ad's elliptical topic ("Can't sleep?", "Don't have time?")
_SUBJECTS = frozenset({"i", "you", "we", "they", "he", "she", "it", "there", "this", "that"})
_TOPIC_WORDS = 4  # "Long COVID?", "Struggling with insomnia?", "Over 40 and tired?"


def _topic_question(text: str, start: int, last: int, match: re.Match, end: int) -> bool:
    """Is the question ending at ``match`` (its sentence starting after ``last``, the previous
    punctuation boundary) a headline topic ("Long COVID? We can help.") that the next sentence,
    on the same line, answers?  Ad copy names the condition as a short question without a verb
    of its own and makes the claim in the next sentence, which alone names nothing; judged as
    one sentence, the claim is seen.  A full question (one opening with an auxiliary or a
    question word), a longer one and one that ends its line stay sentences of their own."""
    line_end = text.find("\n", match.end(), end)
    rest = text[match.end():end if line_end == -1 else line_end].strip()
    if not rest or not (rest[0].isupper() or rest[0].isdigit()):
        return False
    opening = max(last, *(text.rfind(mark, last, match.start()) + 1 for mark in ":;"))
    pos = text.rfind("\n", opening, match.start())
    while pos != -1 and not _line_break_ends_sentence(text, pos, start, end):
        pos = text.rfind("\n", opening, pos)  # a wrapped line is part of the question
    if pos != -1:
        opening = pos + 1
    words = text[opening:match.start()].replace("’", "'").lower().split()
    while words and (_LIST_MARKER.fullmatch(words[0])
                     or not any(ch.isalnum() for ch in words[0])):
        words.pop(0)  # a bullet or a list number before the question
    if not 0 < len(words) <= _TOPIC_WORDS:
        return False
    first = words[0].strip("\"'“‘(")
    if first.endswith("n't"):
        return len(words) < 2 or words[1] not in _SUBJECTS
    return first not in _QUESTION_OPENERS


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start, start + _MAX_SENTENCE)
        if cut <= start:
            cut = start + _MAX_SENTENCE
        yield start, cut
        start = cut
    yield start, end


def split_sentences(text: str, start: int, end: int, lang: str) -> list[Sentence]:
    """Sentences of ``text[start:end]`` in ``lang``; empty pieces are dropped."""
    from linter.languages import get

    finder = get(lang).sentence_boundaries
    cuts = sorted(set(finder(text, start, end)) | {end})
    out: list[Sentence] = []
    previous = start
    for cut in cuts:
        if cut <= previous:
            continue
        for piece_start, piece_end in _cut_long(text, previous, cut):
            s, e = _trim(text, piece_start, piece_end)
            if e > s and detect_language(text[s:e]) is not None:
                out.append(Sentence(s, e, lang, text[s:e]))
        previous = cut
    return out
