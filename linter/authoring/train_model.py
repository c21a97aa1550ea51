"""Train a claim model (linter/matching/claim_model.py) from a rule set's own sentences.

The training sentences are the ones the rule authors wrote: labelled corpus files (JSON
lines with ``text`` and ``labels``), every sentence rule's examples (``flag`` is a claim of
the rule's category, ``pass`` is not a claim) and every context trigger's examples
(``kept`` is a claim, ``cleared`` is not, except a ``to_review`` trigger's, which stays a
possible claim).  Rules that read a model are left out, so a
model never learns from its own rules' examples.  Nobody else's text is needed or stored:
the file keeps n-grams of these sentences and one weight each.

scikit-learn does the fitting (extra ``train``); linting reads the JSON without it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.matching.claim_model import MODEL_FORMAT, SPECS, FeatureSpec, features, word_lemma
from linter.rules.model import RuleSet

# Regularisation and vocabulary cut, chosen on the real corpus's tune split (README
# "Claim model": C 4, 16, 64 compared by how many tune claims score above the tune
# non-claims; 16 was best in both languages).  An n-gram seen in one sentence only is
# noise and most of the file.
C = 16.0
MIN_DF = 2
_NOT_SENTENCE_LEVEL = {"missing-disclosure"}


@dataclass
class TrainingSet:
    """Sentences with a claim flag and, for claims, a category (None: claim, category unknown)."""

    # text -> (claim, category), in the order first added (the fit depends on the order)
    rows: dict[str, tuple[bool, str | None]] = field(default_factory=dict)
    excluded: set[str] = field(default_factory=set)  # held-out sentences, never added

    @property
    def texts(self) -> list[str]:
        return list(self.rows)

    @property
    def claims(self) -> list[bool]:
        return [claim for claim, _ in self.rows.values()]

    @property
    def categories(self) -> list[str | None]:
        return [category for _, category in self.rows.values()]

    def add(self, text: str, claim: bool, category: str | None = None) -> None:
        """One sentence; a text seen before keeps one row, a claim wins over a non-claim, and
        the first known category of a claim stays."""
        text = text.strip()
        if not text or text in self.excluded:
            return
        if not claim:
            self.rows.setdefault(text, (False, None))
            return
        was_claim, was_category = self.rows.get(text, (False, None))
        kept = was_category if was_claim and was_category is not None else category
        self.rows[text] = (True, kept)

    def digest(self) -> str:
        rows = sorted(zip(self.texts, self.claims, map(str, self.categories), strict=True))
        return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def corpus_rows(path: Path) -> Iterable[tuple[str, list[str], str | None]]:
    """(text, labels, lang) of each line of a labelled JSON-lines file."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, labels = row["text"], list(row.get("labels") or [])
                if not isinstance(text, str) or not all(isinstance(x, str) for x in labels):
                    raise TypeError("text must be a string and labels strings")
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise ValueError(f"{path}:{number}: not a corpus line (a JSON object with "
                                 f"text, labels and lang): {exc}") from exc
            yield text, labels, row.get("lang")


def training_set(ruleset: RuleSet, lang: str, corpus_files: Iterable[Path],
                 exclude_files: Iterable[Path] = ()) -> TrainingSet:
    """The sentences a model of ``lang`` is trained on (see the module docstring), without
    any sentence of ``exclude_files`` (a held-out set stays held out even where one of its
    sentences is also a rule example)."""
    out = TrainingSet(excluded={text.strip() for path in exclude_files
                                for text, _, _ in corpus_rows(path)})
    for path in corpus_files:
        for text, labels, row_lang in corpus_rows(path):
            if row_lang not in (None, lang):
                continue
            sentence_labels = [x for x in labels if x not in _NOT_SENTENCE_LEVEL]
            if labels and not sentence_labels:
                continue  # a document-level finding says nothing about the sentence
            out.add(text, bool(sentence_labels),
                    sentence_labels[0] if sentence_labels else None)
    for rule in ruleset.rules:
        if rule.lang != lang or rule.model is not None or rule.scope != "sentence" \
                or rule.category in _NOT_SENTENCE_LEVEL:
            continue
        for text in rule.flag_examples:
            out.add(text, True, rule.category)
        for text in rule.pass_examples:
            out.add(text, False)
    spec = ruleset.contexts.get(lang)
    if spec is not None:
        for trigger in spec.triggers:
            for text in trigger.kept_examples:
                out.add(text, True)
            if trigger.to_review:
                continue  # what it clears is still a possible claim (the review tier shows it)
            for text in trigger.cleared_examples:
                out.add(text, False)
        for text in spec.kept_examples:
            out.add(text, True)
        for text in spec.cleared_examples:
            out.add(text, False)
    return out


def _round(value: float) -> float:
    return float(f"{value:.4g}")


def fit(data: TrainingSet, spec: FeatureSpec, lang: str) -> tuple[Any, Any, Any]:
    """The fitted scikit-learn parts: the TF-IDF vectorizer, the claim gate and the category
    head (trained on the claims whose category is known).  ``lang``'s plug-in lemmatizes the
    words where the spec reads lemmas, as the model will at lint time."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    lemma = word_lemma(lang)
    vectorizer = TfidfVectorizer(analyzer=lambda text: features(text, spec, lemma),
                                 sublinear_tf=True, min_df=MIN_DF)
    matrix = vectorizer.fit_transform(data.texts)
    gate = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    gate.fit(matrix, data.claims)
    labelled = [i for i, category in enumerate(data.categories) if category is not None]
    # balanced: the rarer categories (before-after, inducement) are not drowned by the
    # commonest (body-function); right category on tune claims JA 103 -> 107 of 131, EN
    # 103 -> 110 of 143
    labels = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    labels.fit(matrix[labelled], [data.categories[i] for i in labelled])
    return vectorizer, gate, labels


def train(data: TrainingSet, lang: str, name: str = "claims",
          spec: FeatureSpec | None = None, corpora: Iterable[str] = (),
          excluded: Iterable[str] = ()) -> dict:
    """Fit both heads and return the model file's content (``ClaimModel`` reads it)."""
    spec = spec or SPECS[lang]
    vectorizer, gate, labels = fit(data, spec, lang)
    names = vectorizer.get_feature_names_out()
    weights, biases = list(labels.coef_), list(labels.intercept_)
    if len(labels.classes_) == 2:  # one row, for the second class against the first
        weights, biases = [weights[0] * 0.0, weights[0]], [0.0, biases[0]]
    return {
        "format": MODEL_FORMAT,
        "name": name,
        "lang": lang,
        "spec": spec.as_json(),
        # what `medlint rules train-model` was given, so that a test can train it again
        "trained_on": {"corpora": list(corpora), "excluded": list(excluded),
                       "sentences": len(data.texts),
                       "claims": sum(data.claims), "digest": data.digest(), "C": C,
                       "min_df": MIN_DF},
        "labels": [str(x) for x in labels.classes_],
        "gate_bias": _round(gate.intercept_[0]),
        "label_bias": [_round(x) for x in biases],
        # one row per n-gram: [n-gram, idf, gate weight, [weight per label]]
        "features": [[str(f), _round(idf), _round(g), [_round(x) for x in column]]
                     for f, idf, g, column in zip(names, vectorizer.idf_, gate.coef_[0],
                                                  zip(*weights, strict=True), strict=True)],
    }


def write_model(content: dict, path: Path) -> None:
    """One feature per line, so that a retrained model's diff is readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    head = {k: v for k, v in content.items() if k != "features"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [',
             ",\n".join(json.dumps(row, ensure_ascii=False) for row in content["features"]),
             "]}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
