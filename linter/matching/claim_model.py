"""A statistical claim model: the review tier's reader of wordings no rule lists.

Rules match the wordings their authors listed; real copy says the same things in words
nobody listed (speakerless testimonials, vague promises, new headline forms).  A claim
model scores a whole sentence by its character, word or (English) word-lemma n-grams: a
linear model (TF-IDF features, logistic regression) trained with scikit-learn on the
repository's own sentences (``medlint rules train-model``), stored as plain JSON next to the
rules, and applied here without scikit-learn, so a lint run imports nothing new.  Word lemmas
come from the language plug-in (``Language.word_lemma``; English reads them with lemminflect,
without spaCy), so a review-tier run on English text loads lemminflect
even where the prefilter needs no lemma (a first run on a clean English file, warm cache:
0.45 -> 0.72 s, session 37's review).  It has two heads: ``gate`` is the
probability that the sentence makes a claim at all; ``labels`` picks the most likely claim
category.  Rules use it as data (``model:`` in a rule file, linter/rules/model.py): a rule
fires where the gate reaches its ``min_score`` and the most likely label is its own.

The feature functions are the ones the trainer gives scikit-learn, so training and
inference cannot drift apart.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from linter import languages

MODEL_FORMAT = "medlint-claim-model-1"
_SPACES = re.compile(r"\s+")
_WORDS = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@dataclass(frozen=True)
class FeatureSpec:
    """Which n-grams a model reads: characters of the whole text (Japanese, written without
    spaces), characters inside word boundaries, words, and English word lemmas (so that
    "reduces", "reduced" and "reducing" are one feature: a sentence of unseen copy seldom
    repeats the inflection the training sentence had; on five fresh sets of real pages nobody
    trained on, session 37, the gate's AUC moved by -0.016 to +0.030).  ``lemmas`` needs a
    language whose plug-in gives word lemmas (``Language.word_lemma``: English); a model of
    another language that asks for them is refused."""

    chars: tuple[int, int] | None = None
    word_chars: tuple[int, int] | None = None
    words: tuple[int, int] | None = None
    lemmas: tuple[int, int] | None = None

    def as_json(self) -> dict[str, list[int] | None]:
        return {"chars": _pair(self.chars), "word_chars": _pair(self.word_chars),
                "words": _pair(self.words), "lemmas": _pair(self.lemmas)}

    @classmethod
    def from_json(cls, raw: dict[str, list[int] | None]) -> FeatureSpec:
        """The spec a model file records; ``ValueError`` for one that is not a spec."""
        if not isinstance(raw, dict):
            raise ValueError("spec is not an object")

        def get(key: str) -> tuple[int, int] | None:
            value = raw.get(key)
            if not value:
                return None
            low, high = int(value[0]), int(value[1])
            if not 1 <= low <= high <= 8:
                raise ValueError(f"spec {key}: n-gram sizes {low}..{high}")
            return low, high
        return cls(chars=get("chars"), word_chars=get("word_chars"), words=get("words"),
                   lemmas=get("lemmas"))


def _pair(value: tuple[int, int] | None) -> list[int] | None:
    return list(value) if value else None


# The feature sets the trainer uses per language (a language without one has no model).
SPECS = {
    "ja": FeatureSpec(chars=(1, 4)),
    "en": FeatureSpec(lemmas=(1, 2)),
}


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits as ASCII), lower case, one space for any run."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().lower()


def word_lemma(lang: str) -> Callable[[str], str] | None:
    """The word lemmatizer of language ``lang``'s plug-in, or None where it has none (an
    unknown language is a ``KeyError`` that names the known ones)."""
    return languages.get(lang).word_lemma


def features(text: str, spec: FeatureSpec,
             lemma: Callable[[str], str] | None = None) -> list[str]:
    """The n-grams of ``text`` under ``spec``, prefixed by kind so that kinds never collide.
    ``lemma`` (the model language's ``word_lemma``) is needed where the spec reads lemmas."""
    if spec.lemmas and lemma is None:
        raise ValueError("spec lemmas: no word lemmatizer given")
    text = normalize(text)
    out: list[str] = []
    if spec.chars:
        low, high = spec.chars
        for n in range(low, high + 1):
            out.extend("c:" + text[i:i + n] for i in range(len(text) - n + 1))
    if spec.word_chars:
        low, high = spec.word_chars
        for word in text.split(" "):
            padded = f" {word} "
            for n in range(low, high + 1):
                out.extend("b:" + padded[i:i + n] for i in range(len(padded) - n + 1))
    if spec.words or spec.lemmas:
        words = _WORDS.findall(text)
        if spec.words:
            out.extend(_ngrams("w:", words, spec.words))
        if spec.lemmas:
            out.extend(_ngrams("l:", [lemma(w) for w in words], spec.lemmas))
    return out


def _ngrams(prefix: str, items: list[str], sizes: tuple[int, int]) -> list[str]:
    low, high = sizes
    return [prefix + " ".join(items[i:i + n])
            for n in range(low, high + 1) for i in range(len(items) - n + 1)]


@dataclass(frozen=True)
class Score:
    """What the model says about one sentence."""

    gate: float  # probability that the sentence makes a claim
    label: str  # the most likely claim category


class ClaimModel:
    """A trained model read from its JSON file."""

    def __init__(self, raw: dict) -> None:
        """Check and index the content of a model file; ``ValueError`` says what is wrong."""
        if not isinstance(raw, dict) or raw.get("format") != MODEL_FORMAT:
            found = raw.get("format") if isinstance(raw, dict) else type(raw).__name__
            raise ValueError(f"not a {MODEL_FORMAT} file (format {found!r})")
        try:
            self.name: str = str(raw["name"])
            self.lang: str = str(raw["lang"])
            self.spec = FeatureSpec.from_json(raw["spec"])
            self.labels: tuple[str, ...] = tuple(raw["labels"])
            self._gate_bias = float(raw["gate_bias"])
            self._label_bias = [float(x) for x in raw["label_bias"]]
            # n-gram -> (idf, gate weight, weight per label)
            self._rows: dict[str, tuple[float, float, list[float]]] = {}
            for i, (name, idf, gate, weights) in enumerate(raw["features"]):
                if not isinstance(name, str) or len(weights) != len(self.labels):
                    raise ValueError(f"feature row {i} is not [n-gram, idf, gate, "
                                     f"[{len(self.labels)} label weights]]")
                self._rows[name] = (float(idf), float(gate), [float(w) for w in weights])
        except (KeyError, TypeError, IndexError, AttributeError) as exc:
            raise ValueError(f"malformed claim model ({type(exc).__name__}: {exc})") from exc
        if not self.labels or not all(isinstance(x, str) for x in self.labels) \
                or len(self._label_bias) != len(self.labels):
            raise ValueError("labels and label_bias must be the same non-empty list length")
        if not (self.spec.chars or self.spec.word_chars or self.spec.words or self.spec.lemmas):
            raise ValueError("the feature spec reads nothing")
        self._lemma: Callable[[str], str] | None = None
        if self.spec.lemmas:
            try:
                self._lemma = word_lemma(self.lang)
            except KeyError as exc:
                raise ValueError(f"spec lemmas: {exc.args[0]}") from None
            if self._lemma is None:
                raise ValueError(f"spec lemmas: the language {self.lang!r} has no word lemmas")
        self.trained_on: dict = raw.get("trained_on", {})

    @classmethod
    def load(cls, path: Path) -> ClaimModel:
        """Read a model file; ``ValueError`` for a file that is not one (``OSError`` if
        unreadable)."""
        with open(path, encoding="utf-8") as handle:
            try:
                raw = json.load(handle)
            except json.JSONDecodeError as exc:
                raise ValueError(f"not JSON ({exc})") from exc
        return cls(raw)

    def _vector(self, text: str) -> dict[str, float]:
        """Sublinear TF-IDF, L2-normalized: what scikit-learn's TfidfVectorizer computes."""
        counts = Counter(f for f in features(text, self.spec, self._lemma) if f in self._rows)
        values = {f: (1.0 + math.log(n)) * self._rows[f][0] for f, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        return {f: v / norm for f, v in values.items()} if norm else {}

    def score(self, text: str) -> Score:
        """The claim probability of ``text`` and its most likely category."""
        z = self._gate_bias
        totals = list(self._label_bias)
        for name, value in self._vector(text).items():
            _, gate_weight, label_weights = self._rows[name]
            z += gate_weight * value
            for k, weight in enumerate(label_weights):
                totals[k] += weight * value
        gate = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
        best = max(range(len(totals)), key=totals.__getitem__)
        return Score(gate=gate, label=self.labels[best])


def model_path(directory: Path, name: str, lang: str) -> Path:
    """Where a rule folder keeps a model: ``models/<name>-<lang>.json``."""
    return directory / "models" / f"{name}-{lang}.json"


def model_files(directory: Path) -> list[Path]:
    """The claim model files of a rule folder."""
    return sorted(p for p in (directory / "models").glob("*.json") if p.is_file())
