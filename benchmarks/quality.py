"""Sentence-level quality of medlint on the labelled development corpus.

Runs the library API (``linter.Linter``, exactly what ``medlint check`` applies) over
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
    python benchmarks/quality.py --set real --split check   # shared real corpus

``--set real`` reads the real ad-copy corpus from ``<repo>/../shared/corpus/
real-dev-{ja,en}.jsonl`` (other people's text, never copied into the
repository).  When that folder is absent it says so and exits 0.  The real set
is split deterministically by its ``source`` page (sha256 of the address,
mod 10 < 7 -> ``tune``, else ``check``) so that a whole page falls on one side;
rules may only be changed from ``tune`` errors.  Each set is scored at two
tiers: the default output (``warning`` and above) and the review tier
(``--min-severity info``); with ``--baseline`` a plain NG-word regex is scored
on the same lines for comparison.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"
LANGS = ("ja", "en")


# dev: composed corpus the rules were tuned on; holdout: composed after tuning; kinds: own
# sentences modelled on kinds seen in real ad copy (each with seen_at); real: the shared corpus.
SETS = {"dev": "{lang}.jsonl", "holdout": "holdout-{lang}.jsonl",
        "kinds": "real-kinds-{lang}.jsonl", "real": "real-dev-{lang}.jsonl"}
# The real corpus lives next to the repository, never inside it.
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
SPLITS = ("tune", "check", "all")
# The two tiers every set is scored at (see README "Severity").
TIERS = {"default": ("--min-severity", "warning"), "review": ("--min-severity", "info")}


def split_of(source: str) -> str:
    """``tune`` or ``check`` for a source page: deterministic, about 70/30, page-level."""
    bucket = int(hashlib.sha256(source.encode("utf-8")).hexdigest(), 16) % 10
    return "tune" if bucket < 7 else "check"


def corpus_dir(which: str) -> Path:
    """Folder holding the files of a set (the real set is outside the repository)."""
    return SHARED_CORPUS if which == "real" else CORPUS


def load_corpus(lang: str, corpus: Path | None = None, which: str = "dev",
                split: str = "all") -> list[dict]:
    """Rows of one set and language; ``split`` selects the tune/check part by source."""
    folder = corpus if corpus is not None else corpus_dir(which)
    first = folder / SETS[which].format(lang=lang)
    # a set may continue in files named like its first one plus a suffix (real-kinds-ja-multi:
    # own sentences that carry a second category)
    rows = []
    for path in [first, *sorted(folder.glob(f"{first.stem}-*{first.suffix}"))]:
        with open(path, encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    if split != "all":
        rows = [r for r in rows if split_of(r.get("source", "")) == split]
    return rows


# A plain NG-word list of the kind compliance checklists use: any hit flags the line.
# It is the comparison point for recall ("at least a keyword list's"), not a rule set.
NG_WORDS = {
    "ja": r"治る|治す|治療|改善|予防|効く|効果|効能|即効|必ず|絶対|確実|100[%％]|安全|副作用|"
          r"最高|最強|日本一|No\.?1|ナンバーワン|医師|推奨|推薦|認可|承認|免疫|若返|痩せ|やせ|"
          r"ダイエット|解消|回復|今だけ|限定|無料|半額|実感|体験|ビフォー|アフター|激減|燃焼|デトックス",
    "en": r"(?i)\b(cure[sd]?|treat(s|ment)?|prevent(s|ion)?|heal(s|ing)?|reverse[sd]?|"
          r"guarantee[d]?|proven|clinically|miracle|100%|safe|side effects?|natural|best|#1|"
          r"number one|most effective|instant(ly)?|fast|overnight|doctor|fda|approved|"
          r"recommended|boost(s)?|immun\w*|detox|anti-aging|weight loss|lose|lost|burn|"
          r"free|limited|off|now|before|after|results?|relief|relieve[sd]?)\b",
}


def predict_regex(rows: list[dict], lang: str) -> list[set[str]]:
    """Baseline: a line is predicted positive (category unknown: ``*``) if any NG word occurs."""
    pattern = re.compile(NG_WORDS[lang])
    return [{"*"} if pattern.search(r["text"]) else set() for r in rows]


def _linter_for(lang: str, extra_args: tuple[str, ...]):
    """The library ``Linter`` for CLI-style options (``--min-severity X``, ``--no-context``):
    the same pipeline ``medlint check`` runs, without a process per run."""
    from linter.api import Linter, RunOptions

    settings = {"lang": lang, "ignore": ["missing-disclosure"]}
    args = list(extra_args)
    context = True
    while args:
        option = args.pop(0)
        if option == "--min-severity":
            settings["min-severity"] = args.pop(0)
        elif option == "--no-context":
            context = False
        else:
            raise ValueError(f"quality.py: unsupported option {option!r}")
    return Linter(settings, run=RunOptions(context=context))


def lint_rows(rows: list[dict], lang: str, linter) -> tuple[str, list[list]]:
    """The rows as one document, one paragraph each, linted by ``linter``; the document and
    each row's findings (a finding goes back to its row by offset)."""
    from bisect import bisect_right

    texts = [" ".join(r["text"].split()) for r in rows]
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 2  # the blank line between paragraphs
    document = "\n\n".join(texts) + "\n"
    result = linter.lint_text(document, path=f"corpus-{lang}.txt")
    per_row: list[list] = [[] for _ in rows]
    for finding in result.findings:
        per_row[bisect_right(starts, finding.match_span[0]) - 1].append(finding)
    return document, per_row


def predict(rows: list[dict], lang: str, extra_args: tuple[str, ...] = ()) -> list[set[str]]:
    """Categories reported for each sentence, through the library API (``linter.Linter``)."""
    _, per_row = lint_rows(rows, lang, _linter_for(lang, extra_args))
    return [{f.category for f in found} for found in per_row]


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


def evaluate(langs=LANGS, corpus: Path | None = None, extra_args: tuple[str, ...] = (),
             which: str = "dev", split: str = "all", tier: str = "default") -> dict[str, dict]:
    """Scores per language for one set, split and tier (one CLI run per language)."""
    tier_args = TIERS[tier]
    return {lang: score(rows, predict(rows, lang, (*tier_args, *extra_args)))
            for lang in langs for rows in [load_corpus(lang, corpus, which, split)]}


def evaluate_regex(langs=LANGS, which: str = "real", split: str = "all",
                   corpus: Path | None = None) -> dict[str, dict]:
    """Sentence-level scores of the NG-word baseline on the same rows."""
    return {lang: score(rows, predict_regex(rows, lang))
            for lang in langs for rows in [load_corpus(lang, corpus, which, split)]}


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
    parser.add_argument("--errors", action="store_true",
                        help="list misclassified sentences (refused on the real check split)")
    parser.add_argument("--no-context", action="store_true",
                        help="run without the context stage (to measure what it contributes)")
    parser.add_argument("--set", dest="which", choices=sorted([*SETS, "profiles"]),
                        default="dev",
                        help="dev: the corpus rules were tuned on; holdout: sentences written "
                             "after tuning and never used to change a rule; kinds: own sentences "
                             "modelled on real ad copy; real: the shared real ad-copy corpus in "
                             "../shared/corpus (not in the repository); profiles: per-profile "
                             "precision and recall on tests/corpus/profiles-*.jsonl "
                             "(benchmarks/profiles_quality.py)")
    parser.add_argument("--split", choices=SPLITS, default="all",
                        help="real set only: tune (about 70%% of source pages), check (the rest, "
                             "never used to change a rule) or all")
    parser.add_argument("--tier", choices=[*TIERS, "both"], default="both",
                        help="default: warning and above; review: --min-severity info")
    parser.add_argument("--real-corpus", type=Path, default=SHARED_CORPUS,
                        help="folder of real-dev-{ja,en}.jsonl for --set real (default: "
                             "../shared/corpus next to the repository)")
    parser.add_argument("--baseline", action="store_true",
                        help="also score a plain NG-word regex on the same lines")
    args, rest = parser.parse_known_args(argv)
    if args.which == "profiles":  # the same sentence judged under each product profile
        import importlib.util

        spec = importlib.util.spec_from_file_location(
            "profiles_quality", Path(__file__).with_name("profiles_quality.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        forwarded = [*rest, *(["--json", str(args.json)] if args.json else []),
                     *(["--errors"] if args.errors else [])]
        return module.main(forwarded)
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    langs = tuple(args.lang or LANGS)
    if args.which != "real" and args.split != "all":
        parser.error("--split applies to --set real only")
    if args.which == "real":
        missing = [lang for lang in langs
                   if not (args.real_corpus / SETS["real"].format(lang=lang)).is_file()]
        if missing:
            print(f"SKIP: the real corpus is not present at {args.real_corpus} "
                  f"(missing: {', '.join(missing)}); nothing measured.")
            return 0
        if args.errors and args.split != "tune":
            parser.error("--errors is only allowed on --split tune (never study check sentences)")
    tiers = list(TIERS) if args.tier == "both" else [args.tier]
    extra = ("--no-context",) if args.no_context else ()
    everything: dict[str, dict] = {}
    for tier in tiers:
        corpus = args.real_corpus if args.which == "real" else None
        results = evaluate(langs, corpus, extra_args=extra, which=args.which, split=args.split,
                           tier=tier)
        everything[tier] = results
        print(f"##### set={args.which} split={args.split} tier={tier} "
              f"(--min-severity {TIERS[tier][1]})")
        print(render_table(results))
        if args.errors:
            for lang, r in results.items():
                for error in r["errors"]:
                    print(f"[{tier}/{lang}] gold={error['gold']} predicted={error['predicted']}  "
                          f"{error['text']}")
            print()
    if args.baseline:
        regex = evaluate_regex(langs, which=args.which, split=args.split,
                               corpus=args.real_corpus if args.which == "real" else None)
        everything["ng-word-regex"] = regex
        print(f"##### set={args.which} split={args.split} NG-word regex baseline")
        for lang, r in regex.items():
            s = r["sentence"]
            print(f"{lang}: P={s['precision']:.3f}  R={s['recall']:.3f}  F1={s['f1']:.3f}  "
                  f"FPR on negatives={r['false_positive_rate']:.3f}")
        print()
    summary = {tier: {lang: {k: v for k, v in r.items() if k != "errors"}
                      for lang, r in results.items()} for tier, results in everything.items()}
    if args.json:
        if args.which == "real" and args.split != "tune":
            everything = summary  # aggregate numbers only: check sentences are not for study
        args.json.write_text(json.dumps(everything, ensure_ascii=False, indent=2),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
