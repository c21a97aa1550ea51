"""What GiNZA's named-entity recogniser would add to Japanese recall, and what it costs.

Issue 9 asked whether disease entities (ja_ginza labels ``Disease_Other``,
``Animal_Disease``) should feed rule patterns.  This measures the upper bound
before building it: on the tune split of the shared real corpus, how many
positive sentences the default output misses contain a disease entity (the
most recall an entity pattern could add), how many clean negatives contain one
(the false alarms it could add), and the parse time with and without ``ner``.
Reads ``../shared/corpus`` and says so (exit 0) when it is absent.

    python benchmarks/ner_gain.py
"""

from __future__ import annotations

import importlib.util
import sys
import time
from collections import Counter
from pathlib import Path

DISEASE_LABELS = {"Disease_Other", "Animal_Disease"}


def _quality():
    path = Path(__file__).resolve().parent / "quality.py"
    spec = importlib.util.spec_from_file_location("quality", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    quality = _quality()
    if not (quality.SHARED_CORPUS / "real-dev-ja.jsonl").is_file():
        print(f"SKIP: the real corpus is not present at {quality.SHARED_CORPUS}")
        return 0
    import spacy

    rows = quality.load_corpus("ja", which="real", split="tune")
    predicted = quality.predict(rows, "ja", quality.TIERS["default"])
    texts = [r["text"] for r in rows]
    nlp = spacy.load("ja_ginza")
    list(nlp.pipe(texts[:20]))  # warm up
    with nlp.select_pipes(disable=["ner"]):
        start = time.perf_counter()
        list(nlp.pipe(texts))
        without = time.perf_counter() - start
    start = time.perf_counter()
    docs = list(nlp.pipe(texts))
    with_ner = time.perf_counter() - start
    has_disease = [any(e.label_ in DISEASE_LABELS for e in d.ents) for d in docs]
    gain = sum(1 for r, p, h in zip(rows, predicted, has_disease, strict=True)
               if h and r["labels"] and not p)
    risk = sum(1 for r, p, h in zip(rows, predicted, has_disease, strict=True)
               if h and not r["labels"] and not p)
    category_gain = sum(1 for r, p, h in zip(rows, predicted, has_disease, strict=True)
                        if h and "disease-claim" in r["labels"] and "disease-claim" not in p)
    labels = Counter(e.label_ for d in docs for e in d.ents)
    print(f"tune split: {len(rows)} sentences, {sum(has_disease)} with a disease entity")
    print(f"missed positives with a disease entity (most recall NER could add): {gain}")
    print(f"disease-claim misses with a disease entity (category recall): {category_gain}")
    print(f"clean negatives with a disease entity (false alarms it could add): {risk}")
    print(f"parse {sum(map(len, texts))} chars: {without:.2f} s without ner, {with_ner:.2f} s "
          f"with ner (+{with_ner - without:.2f} s)")
    print("entity labels:", ", ".join(f"{k} {v}" for k, v in labels.most_common(10)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
