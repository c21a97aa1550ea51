"""Per-profile precision and recall on the profile-labelled corpus.

``tests/corpus/profiles-{ja,en}.jsonl`` holds sentences whose verdict depends on the
kind of product (issue 15): each row has ``expect``, a map from profile to ``flag``
or ``pass``.  Every sentence is linted alone, once per profile it is labelled for,
through the library API (``Linter.lint_text(..., profile=...)``); the verdict is
``flag`` when a sentence-level finding of severity warning or above remains after
the profile step (accepted findings do not count; document-level findings such as
missing mandatory statements and info hints are not sentence verdicts and are left
out).  Positive class: ``flag``.

    python benchmarks/profiles_quality.py               # table
    python benchmarks/profiles_quality.py --errors      # also list every miss
    python benchmarks/profiles_quality.py --json out.json

``benchmarks/quality.py --set profiles`` runs this module.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = REPO / "tests" / "corpus"
LANGS = ("ja", "en")


def load(lang: str, corpus: Path = CORPUS) -> list[dict]:
    """The rows of ``profiles-<lang>.jsonl``."""
    path = corpus / f"profiles-{lang}.jsonl"
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def verdict(result) -> str:
    """``flag`` when a sentence-level finding of warning or above remains."""
    for finding in result.findings:
        if finding.missing or finding.severity == "info":
            continue
        return "flag"
    return "pass"


def evaluate(langs=LANGS, corpus: Path = CORPUS) -> dict:
    """Counts and precision/recall per language and profile, and every miss."""
    from linter import Linter

    linter = Linter({"min-severity": "info"})
    report: dict = {"languages": {}, "errors": []}
    for lang in langs:
        rows = load(lang, corpus)
        counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0,
                                                                 "tn": 0})
        for row in rows:
            for profile, expected in row["expect"].items():
                got = verdict(linter.lint_text(row["text"], lang=lang, profile=profile))
                cell = ("tp" if got == "flag" else "fn") if expected == "flag" else (
                    "fp" if got == "flag" else "tn")
                counts[profile][cell] += 1
                if cell in ("fp", "fn"):
                    report["errors"].append({"lang": lang, "profile": profile, "kind": cell,
                                             "text": row["text"], "row_kind": row.get("kind")})
        per_profile = {}
        for profile, c in sorted(counts.items()):
            precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
            recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
            per_profile[profile] = {**c, "precision": round(precision, 3),
                                    "recall": round(recall, 3)}
        differing = sum(1 for r in rows if len(set(r["expect"].values())) > 1)
        report["languages"][lang] = {"sentences": len(rows), "differing_by_profile": differing,
                                     "profiles": per_profile}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON")
    parser.add_argument("--errors", action="store_true", help="list every false verdict")
    parser.add_argument("--lang", choices=LANGS, action="append")
    args = parser.parse_args(argv)
    report = evaluate(tuple(args.lang or LANGS))
    for lang, data in report["languages"].items():
        print(f"{lang}: {data['sentences']} sentences, {data['differing_by_profile']} whose "
              f"verdict differs by profile")
        print(f"  {'profile':<18} {'TP':>4} {'FP':>4} {'FN':>4} {'TN':>4} {'P':>6} {'R':>6}")
        for profile, c in data["profiles"].items():
            print(f"  {profile:<18} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} {c['tn']:>4} "
                  f"{c['precision']:>6.3f} {c['recall']:>6.3f}")
    if args.errors:
        for error in report["errors"]:
            print(f"{error['kind'].upper()} {error['lang']} {error['profile']:<18} "
                  f"[{error['row_kind']}] {error['text']}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
