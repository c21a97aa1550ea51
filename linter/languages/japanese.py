"""Japanese: GiNZA (ja_ginza) with Sudachi split mode C; sentences end at 。！？ and lines."""

from __future__ import annotations

from typing import Any

from linter.languages import ClauseWords, Language, register


def _boundaries(text: str, start: int, end: int):
    from linter.segmenting.sentences import japanese_boundaries

    return japanese_boundaries(text, start, end)


def _pipeline(options: dict[str, Any]):
    from linter.nlp.pipelines import JapanesePipeline

    return JapanesePipeline(options.get("japanese_model", "ja_ginza"))


def _light():
    from linter.matching.light_analysis import LightJapanese

    return LightJapanese()


LANGUAGE = register(Language(
    code="ja",
    name="Japanese",
    # hiragana, katakana, CJK ideographs (and extension A), half-width katakana, 々 and ー
    letters="[\u3040-\u30ff\u4e00-\u9fff\u3400-\u4dbf\uff66-\uff9f\u3005\u30fc]",
    detection_weight=5,
    sentence_boundaries=_boundaries,
    make_pipeline=_pipeline,
    light_analyser=_light,
    term_style="analysed",
    word_forms=lambda word: (word,),
    clause_words=ClauseWords(list_closers=frozenset({"など", "等", "なんて"}),
                             quotative=("と", "言う"), topic_particles=frozenset({"は"}),
                             phrase_particles=frozenset({
                                 ("に", "対し", "て"), ("に", "つい", "て"), ("に", "関し", "て"),
                                 ("に", "とっ", "て"), ("に", "おい", "て")}),
                             commas=frozenset({"、", "，"})),
))
