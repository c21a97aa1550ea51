"""Sentence-level quality of medlint on the labelled development corpus.

Runs the real CLI (``python -m linter check --format json``) over
``tests/corpus/{ja,en}.jsonl`` (one sentence per paragraph; ``--set holdout``
for ``holdout-{ja,en}.jsonl``, written after the rules were tuned and never
used to change one) and prints, per
language: sentence-level precision, recall and F1 (a sentence is positive if
it has any label, predicted positive if it has any finding), the
false-positive rate on the negatives (overall and per kind of negative), and
per-category precision/recall/F1.  Document-level rules (missing-disclosure)
are not sentence-level and are ignored here.

    python benchmarks/quality.py                # table
    python benchmarks/quality.py --json out.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
LANGS = ("ja", "en")


SETS = {"dev": "{lang}.jsonl", "holdout": "holdout-{lang}.jsonl"}


def load_corpus(lang: str, corpus: Path = CORPUS, which: str = "dev") -> list[dict]:
    with open(corpus / SETS[which].format(lang=lang), encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def predict(rows: list[dict], lang: str, extra_args: tuple[str, ...] = ()) -> list[set[str]]:
    """Categories the CLI reports for each sentence (sentence i is on line 2i+1)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"corpus-{lang}.txt"
        path.write_text("\n\n".join(r["text"] for r in rows) + "\n", encoding="utf-8")
        completed = subprocess.run(
            [sys.executable, "-m", "linter", "check", "--format", "json", "--lang", lang,
             "--ignore", "missing-disclosure", *extra_args, str(path)],
            capture_output=True, text=True, cwd=REPO,
        )
        if completed.returncode not in (0, 1):
            raise RuntimeError(f"medlint failed ({completed.returncode}): {completed.stderr}")
        report = json.loads(completed.stdout)
    predicted: list[set[str]] = [set() for _ in rows]
    for finding in report["files"][0]["findings"]:
        index = (finding["line"] - 1) // 2
        predicted[index].add(finding["category"])
    return predicted


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fp": fp, "fn": fn}


def score(rows: list[dict], predicted: list[set[str]]) -> dict:
    gold = [set(r["labels"]) for r in rows]
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    negatives = [i for i, g in enumerate(gold) if not g]
    kinds = Counter(rows[i].get("kind", "neutral") for i in negatives)
    fp_kinds = Counter(rows[i].get("kind", "neutral") for i in negatives if predicted[i])
    categories = sorted({c for g in gold for c in g} | {c for p in predicted for c in p})
    per_category = {}
    for category in categories:
        pairs = [(category in g, category in p) for g, p in zip(gold, predicted, strict=True)]
        c_tp = sum(1 for g, p in pairs if g and p)
        c_fp = sum(1 for g, p in pairs if not g and p)
        c_fn = sum(1 for g, p in pairs if g and not p)
        per_category[category] = _prf(c_tp, c_fp, c_fn)
    micro = _prf(sum(v["tp"] for v in per_category.values()),
                 sum(v["fp"] for v in per_category.values()),
                 sum(v["fn"] for v in per_category.values()))
    return {
        "sentences": len(rows),
        "positives": sum(1 for g in gold if g),
        "negatives": len(negatives),
        "sentence": _prf(tp, fp, fn),
        "false_positive_rate": round(fp / len(negatives), 4) if negatives else 0.0,
        "false_positive_rate_by_kind": {
            kind: round(fp_kinds.get(kind, 0) / count, 4) for kind, count in sorted(kinds.items())
        },
        "category_micro": micro,
        "per_category": per_category,
        "errors": [
            {"text": r["text"], "gold": sorted(g), "predicted": sorted(p)}
            for r, g, p in zip(rows, gold, predicted, strict=True) if g != p
        ],
    }


def evaluate(langs=LANGS, corpus: Path = CORPUS, extra_args: tuple[str, ...] = (),
             which: str = "dev") -> dict[str, dict]:
    return {lang: score(rows, predict(rows, lang, extra_args))
            for lang in langs for rows in [load_corpus(lang, corpus, which)]}


def render_table(results: dict[str, dict]) -> str:
    lines = []
    for lang, r in results.items():
        s = r["sentence"]
        lines.append(f"== {lang}: {r['sentences']} sentences ({r['positives']} positive, "
                     f"{r['negatives']} negative)")
        lines.append(f"sentence-level  P={s['precision']:.3f}  R={s['recall']:.3f}  "
                     f"F1={s['f1']:.3f}   FPR on negatives={r['false_positive_rate']:.3f}")
        kinds = ", ".join(f"{k} {v:.3f}" for k, v in r["false_positive_rate_by_kind"].items())
        lines.append(f"FPR by kind of negative: {kinds}")
        m = r["category_micro"]
        lines.append(f"category micro  P={m['precision']:.3f}  R={m['recall']:.3f}  "
                     f"F1={m['f1']:.3f}")
        lines.append(f"{'category':<26}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
        for category, v in r["per_category"].items():
            lines.append(f"{category:<26}{v['precision']:>7.3f}{v['recall']:>7.3f}"
                         f"{v['f1']:>7.3f}{v['tp']:>5}{v['fp']:>5}{v['fn']:>5}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=LANGS, action="append")
    parser.add_argument("--json", type=Path, help="also write the full results as JSON")
    parser.add_argument("--errors", action="store_true", help="list misclassified sentences")
    parser.add_argument("--no-context", action="store_true",
                        help="run without the context stage (to measure what it contributes)")
    parser.add_argument("--set", dest="which", choices=sorted(SETS), default="dev",
                        help="dev: the corpus rules were tuned on; holdout: sentences written "
                             "after tuning and never used to change a rule")
    args = parser.parse_args(argv)
    results = evaluate(tuple(args.lang or LANGS),
                       extra_args=("--no-context",) if args.no_context else (), which=args.which)
    print(render_table(results))
    if args.errors:
        for lang, r in results.items():
            for error in r["errors"]:
                print(f"[{lang}] gold={error['gold']} predicted={error['predicted']}  "
                      f"{error['text']}")
    summary = {lang: {k: v for k, v in r.items() if k != "errors"} for lang, r in results.items()}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
