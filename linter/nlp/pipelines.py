"""One lazily loaded spaCy pipeline per language.

Loading GiNZA costs about a second and its full pipeline parses ~1,500
characters a second, so nothing here loads until a sentence actually needs it,
and the parse is a separate step (``parse``) that the engine runs only where a
rule or the context stage uses syntax.  ``full`` is the naive path (every
component on every sentence) kept for the speed benchmark's comparison.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from linter.text.normalize import straight_apostrophes

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class TermToken:
    """How the pipeline analyses one token of a rule or lexicon term."""

    text: str
    keys: tuple[str, ...]  # values the token may have: its NORM (ja) / its LOWER forms (en)
    tag: str
    reading: str
    inflection: str = ""  # Sudachi conjugation type (五段-ラ行, サ行変格, ...)
    form: str = ""  # Sudachi conjugation form (終止形-一般, 語幹-一般, ...)


class Pipeline(Protocol):
    lang: str
    term_attr: str
    text_attr: str

    def tokenize(self, text: str) -> Doc: ...
    def parse(self, doc: Doc) -> Doc: ...
    def full(self, text: str) -> Doc: ...
    def analyse(self, term: str) -> list[TermToken]: ...
    @property
    def vocab(self): ...


class _LazyPipeline:
    """Loads its spaCy pipeline on first use (``_load``)."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._nlp = None

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = self._load()
        return self._nlp

    @property
    def vocab(self):
        return self.nlp.vocab

    def _load(self):
        raise NotImplementedError


class JapanesePipeline(_LazyPipeline):
    """GiNZA (ja_ginza): Sudachi tokens give lemma/norm/tag; the parser adds dependencies."""

    lang = "ja"
    term_attr = "NORM"
    text_attr = "ORTH"
    # NER (~30% of the time) is not needed by any rule; compound_splitter is a no-op here.
    PARSE_COMPONENTS = ("tok2vec", "parser", "morphologizer", "bunsetu_recognizer")
    # Not loaded for a parse: the components above are all it runs, and the model's
    # 600,000-entry string table (strings.json, half a second and ~115 MB) is only a
    # hash-to-text map; the tokenizer adds every string it makes to the shared vocab and
    # the components add their own labels, so the parse reads none of it (identical
    # tokens, tags, morphs and dependencies on 4,135 benchmark sentences).
    PARSE_EXCLUDE = ("ner", "attribute_ruler", "compound_splitter", "strings")

    def __init__(self, model: str = "ja_ginza") -> None:
        super().__init__(model)
        self._model_nlp = None

    def _load(self):
        """Only the tokenizer: spaCy's Japanese tokenizer with Sudachi split mode C is what
        ja_ginza tokenises with (same orth, norm, tag, lemma and morph), without loading the
        model's weights; most sentences never need more."""
        import spacy

        from linter.nlp.japanese_tokenizer import FastJapaneseTokenizer

        nlp = spacy.blank("ja", config={"nlp": {"tokenizer": {"split_mode": "C"}}})
        # the same tokens in less time (see linter/nlp/japanese_tokenizer.py)
        nlp.tokenizer = FastJapaneseTokenizer.from_tokenizer(nlp.tokenizer)
        return nlp

    @property
    def model_nlp(self):
        """ja_ginza's trained components, loaded on the first parse, on the tokenizer's vocab
        (a parser on another vocab cannot read these docs)."""
        if self._model_nlp is None:
            import ginza  # noqa: F401  registers GiNZA's factories
            import spacy

            _register_deferred_tokenizer()
            # The parse runs on docs the blank pipeline made, so the model's own tokenizer
            # (a second and third Sudachi dictionary load: from its config, then from disk)
            # is deferred until the naive path calls it, with the blank pipeline's split mode.
            self._model_nlp = spacy.load(
                self.model, vocab=self.nlp.vocab, exclude=[*self.PARSE_EXCLUDE, "tokenizer"],
                config={"nlp": {"tokenizer": {"@tokenizers": _DEFERRED_TOKENIZER,
                                              "split_mode": self.nlp.tokenizer.split_mode}}})
        return self._model_nlp

    def tokenize(self, text: str) -> Doc:
        return self.nlp.make_doc(text)

    def parse(self, doc: Doc) -> Doc:
        if doc.has_annotation("DEP"):
            return doc
        for name, component in self.model_nlp.pipeline:
            if name in self.PARSE_COMPONENTS:
                doc = component(doc)
        return doc

    def full(self, text: str) -> Doc:
        return self.model_nlp(text)

    def analyse(self, term: str) -> list[TermToken]:
        """Sudachi's analysis of a rule term: the same dictionary and split mode as GiNZA's
        tokenizer, read without loading the model (the prefilter uses it too)."""
        from linter.matching.light_analysis import LightJapanese

        return LightJapanese().analyse(term)


_DEFERRED_TOKENIZER = "medlint.deferred_ja_tokenizer.v1"


class _DeferredJapaneseTokenizer:
    """spaCy's Japanese tokenizer, made on its first call."""

    def __init__(self, vocab, split_mode: str | None) -> None:
        self.vocab = vocab
        self.split_mode = split_mode
        self._tokenizer = None

    def __call__(self, text: str) -> Doc:
        if self._tokenizer is None:
            from spacy.lang.ja import JapaneseTokenizer

            self._tokenizer = JapaneseTokenizer(self.vocab, split_mode=self.split_mode)
            self._tokenizer.need_subtokens = False  # as the blank pipeline's (see _load)
        return self._tokenizer(text)

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)


def _register_deferred_tokenizer() -> None:
    from spacy.util import registry

    if _DEFERRED_TOKENIZER in registry.tokenizers:
        return

    @registry.tokenizers(_DEFERRED_TOKENIZER)
    def create(split_mode: str | None = None):
        return lambda nlp: _DeferredJapaneseTokenizer(nlp.vocab, split_mode)


def english_model_available(name: str = "en_core_web_sm") -> bool:
    return importlib.util.find_spec(name) is not None


class EnglishPipeline(_LazyPipeline):
    """spaCy English: blank tokenizer + lemminflect lemmas; ``en_core_web_sm`` when asked."""

    lang = "en"
    term_attr = "LOWER"  # terms are expanded to all their inflections, see english_lemmas
    text_attr = "LOWER"

    def __init__(self, model: str = "blank") -> None:
        super().__init__(model)

    def _load(self):
        import spacy

        from linter.nlp import english_lemmas  # noqa: F401  registers the component

        if self.model not in ("blank", "auto") or (
            self.model == "auto" and english_model_available()
        ):
            name = "en_core_web_sm" if self.model == "auto" else self.model
            nlp = spacy.load(name, exclude=["parser", "ner", "senter"])
        else:
            nlp = spacy.blank("en")
        _split_final_period(nlp)
        nlp.add_pipe("medlint_english_lemmas", last=True)
        return nlp

    def tokenize(self, text: str) -> Doc:
        # don’t and don't are one word to the rules (the Matcher reads LOWER, which keeps ’)
        return self.nlp(straight_apostrophes(text))

    def parse(self, doc: Doc) -> Doc:
        return doc

    def full(self, text: str) -> Doc:
        return self.nlp(straight_apostrophes(text))

    def analyse(self, term: str) -> list[TermToken]:
        from linter.nlp.english_forms import english_forms

        return [TermToken(t.text, english_forms(t.text), t.tag_, t.text)
                for t in self.nlp.make_doc(term) if not t.is_space]


# Mixed-case words that spaCy's English tokenizer keeps glued to a sentence's final period
# ("lowers your pH." is one token "pH.", so no rule naming pH matched it; an alkaline-water page
# in session 67's round 52). spaCy splits most mixed-case words itself (mRNA, hCG, HbA1c,
# CoQ10); these two-part forms it does not. Single capitals ("vitamin D.") stay glued: they are
# initials to the tokenizer, and splitting them would cut names ("John F. Kennedy").
_GLUED_BEFORE_PERIOD = ("pH", "IgE", "IgG", "IgA", "IgM", "IgD")


def _split_final_period(nlp) -> None:
    """Teach the tokenizer that a period after one of ``_GLUED_BEFORE_PERIOD`` ends a
    sentence rather than belonging to the word."""
    from spacy.symbols import ORTH

    for word in _GLUED_BEFORE_PERIOD:
        nlp.tokenizer.add_special_case(f"{word}.", [{ORTH: word}, {ORTH: "."}])


class Pipelines:
    """The per-language pipelines of one run, created on first use."""

    def __init__(self, english_model: str = "blank", japanese_model: str = "ja_ginza") -> None:
        self.options = {"english_model": english_model, "japanese_model": japanese_model}
        self._made: dict[str, Pipeline] = {}

    def get(self, lang: str) -> Pipeline:
        """The pipeline of language ``lang`` (made by its plug-in, ``linter.languages``)."""
        if lang not in self._made:
            from linter.languages import get

            self._made[lang] = get(lang).make_pipeline(self.options)
        return self._made[lang]

    def loaded(self) -> list[str]:
        return [lang for lang, p in self._made.items() if getattr(p, "_nlp", None) is not None]
