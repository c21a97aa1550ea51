"""The fast path against the naive path on every rule example and composed-corpus sentence.

    python benchmarks/fast_path.py              # both languages (about a quarter of an hour)
    python benchmarks/fast_path.py --lang en

The naive path runs every sentence through the whole pipeline (GiNZA with NER) and every
pattern; the fast path skips sentences the prefilter rules out, runs only the candidate
patterns and parses only where syntax is needed.  Both must give the same findings, and name
the same clearing triggers.  tests/test_fast_path.py compares a fixed quarter of these texts
with the functions below (the whole set took a quarter of the suite's worker time); this
script compares them all and exits 1 on any difference.  Nothing here reads ``../shared``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def comparison_texts(ruleset, repo: Path = REPO) -> Iterator[tuple[str, list[str]]]:
    """(language, texts): every rule's and trigger's examples and the composed corpora."""
    for rule in ruleset.rules:
        yield rule.lang, list(rule.flag_examples + rule.pass_examples)
    for lang, spec in ruleset.contexts.items():
        yield lang, list(spec.cleared_examples + spec.kept_examples)
        for trigger in spec.triggers:  # each trigger's own examples
            yield lang, list(trigger.cleared_examples + trigger.kept_examples)
    for name in ("ja", "en", "holdout-ja", "holdout-en"):
        path = repo / "tests" / "corpus" / f"{name}.jsonl"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        yield rows[0]["lang"], [row["text"] for row in rows]


def batch_parse(naive, lang: str, documents, install: Callable[[object, str, object], None]
                ) -> None:
    """Make the naive path's full pipeline answer from Docs parsed beforehand in one
    ``nlp.pipe`` batch (the same Docs as one call per sentence; spaCy batches only for speed).
    ``install(obj, name, value)`` sets the attribute (pytest's monkeypatch.setattr in a test).
    A sentence not parsed beforehand is an error, so the batch cannot silently go unused."""
    from linter.segmenting.blocks import document_sentences

    if lang != "ja":  # the English full pipeline is the tokenizer alone: nothing to batch
        return
    pipeline = naive.pipelines.get(lang)
    sentences = sorted({s.text for d in documents
                        for s in document_sentences(d.text, d.blocks, lang)})
    parsed = dict(zip(sentences, pipeline.model_nlp.pipe(sentences, batch_size=64), strict=True))
    install(pipeline, "full", parsed.__getitem__)


def compare(fast, naive, documents) -> tuple[list[str], list[tuple[str, list]]]:
    """Texts whose findings differ between the two engines, and texts where they name
    different clearing triggers (same-span triggers must be read in the file's order on both)."""
    differences, trigger_differences = [], []
    for document in documents:
        keys, named = [], []
        for engine in (fast, naive):
            engine.trace = []
            keys.append([(f.rule_id, f.line, f.column, f.end_line, f.end_column, f.missing)
                         for f in engine.lint(document)])
            named.append(sorted((e.rule_id, e.text, e.trigger) for e in engine.trace
                                if e.kind == "cleared"))
            engine.trace = None
        if keys[0] != keys[1]:
            differences.append(document.text)
        if named[0] != named[1]:
            trigger_differences.append((document.text, named))
    return differences, trigger_differences


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=("ja", "en"))
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from linter.engine import CompiledRules, Engine, LintOptions
    from linter.reading.plaintext import read_text
    from linter.resources import bundled_rules_dir
    from linter.rules.loader import load_rules

    ruleset = load_rules([bundled_rules_dir()])
    compiled = CompiledRules(ruleset)
    failed = False
    for lang in [args.lang] if args.lang else ["ja", "en"]:
        documents = [read_text("x.txt", text) for text_lang, texts in comparison_texts(ruleset)
                     if text_lang == lang for text in texts]
        fast = Engine(ruleset, LintOptions(mode="fast", forced_lang=lang), compiled=compiled)
        naive = Engine(ruleset, LintOptions(mode="full", forced_lang=lang), compiled=compiled)
        started = time.perf_counter()
        batch_parse(naive, lang, documents, setattr)
        differences, trigger_differences = compare(fast, naive, documents)
        seconds = time.perf_counter() - started
        print(f"{lang}: {len(documents)} texts in {seconds:.0f} s: {len(differences)} with other "
              f"findings, {len(trigger_differences)} naming other clearing triggers")
        for text in differences[:10]:
            print(f"    findings differ: {text}")
        for text, named in trigger_differences[:10]:
            print(f"    triggers differ: {text}: fast {named[0]} naive {named[1]}")
        failed |= bool(differences or trigger_differences)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
