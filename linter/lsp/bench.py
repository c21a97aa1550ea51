"""How long after an edit the diagnostics arrive, measured on a real ``medlint lsp``.

    python -m linter.lsp.bench                      # 20 KB and 200 KB clinic pages
    python -m linter.lsp.bench --sizes 20000 --runs 9 --debounce 0

Starts the server as a subprocess over stdio (the way an editor does), waits for the
models to load, opens a generated clinic page (Japanese, most sentences neutral - access,
prices, procedures - and about one in eight a claim, built from the templates of
``benchmarks/speed.py``), then edits one sentence at a time and times didChange ->
publishDiagnostics.  The debounce (default 300 ms) is part of the measured time; the
line also gives the time without it.  A development tool: it needs a source checkout.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def clinic_page(size: int, seed: int = 11, claim_rate: float = 0.12) -> str:
    """A Japanese clinic page of about ``size`` UTF-8 bytes, no sentence repeated."""
    sys.path.insert(0, str(REPO))
    try:
        from benchmarks.speed import JA_CLAIMS, JA_NEUTRAL, _fill
    except ImportError as exc:  # an installed wheel has no benchmarks folder
        raise SystemExit(f"needs a source checkout with benchmarks/speed.py ({exc})") from exc
    rng = random.Random(seed)
    seen: set[str] = set()
    paragraphs = ["# 当院の自費診療メニュー"]
    total = 0
    while total < size:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            for _attempt in range(50):
                pool = JA_CLAIMS if rng.random() < claim_rate else JA_NEUTRAL
                sentence = _fill(rng.choice(pool), rng, "ja")
                if sentence not in seen:
                    seen.add(sentence)
                    sentences.append(sentence)
                    break
        paragraph = "".join(sentences)
        paragraphs.append(paragraph)
        total += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(paragraphs) + "\n"


async def measure(size: int, runs: int, debounce: int) -> dict:
    from lsprotocol import types
    from pygls.lsp.client import LanguageClient

    client = LanguageClient("medlint-bench", "1")
    published: dict[str, asyncio.Event] = {}
    loaded = asyncio.Event()
    counts: dict[str, int] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        counts[params.uri] = len(params.diagnostics)
        published.setdefault(params.uri, asyncio.Event()).set()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def log_message(params: types.LogMessageParams) -> None:
        if "models loaded" in params.message:
            loaded.set()

    @client.feature(types.WINDOW_SHOW_MESSAGE)
    def show_message(params: types.ShowMessageParams) -> None:
        print(f"  server says: {params.message}", file=sys.stderr)

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    await client.start_io(sys.executable, "-m", "linter", "lsp", "--debounce", str(debounce),
                          "--max-file-size", str(max(size * 2, 1_000_000)), env=env)
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / "medlint-lsp-bench"
    folder.mkdir(exist_ok=True)
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=folder.as_uri()))
    client.initialized(types.InitializedParams())
    started = time.perf_counter()
    await asyncio.wait_for(loaded.wait(), 120)
    warm_up = time.perf_counter() - started

    text = clinic_page(size)
    uri = (folder / f"clinic-{size}.md").as_uri()
    event = published.setdefault(uri, asyncio.Event())
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1,
                                             text=text)))
    started = time.perf_counter()
    await asyncio.wait_for(event.wait(), 300)
    first = time.perf_counter() - started

    times = []
    lines = text.split("\n")
    rng = random.Random(5)
    for version in range(2, runs + 2):
        # an edit as a writer makes it: one sentence of one paragraph rewritten
        line = rng.randrange(2, len(lines) - 1, 2)
        lines[line] = lines[line][: len(lines[line]) // 2] + f"（改訂{version}）。"
        event.clear()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(
                text="\n".join(lines))]))
        started = time.perf_counter()
        await asyncio.wait_for(event.wait(), 300)
        times.append(time.perf_counter() - started)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return {"bytes": len(text.encode("utf-8")), "warm_up": warm_up, "first": first,
            "times": times, "findings": counts.get(uri, 0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--debounce", type=int, default=300, help="milliseconds")
    args = parser.parse_args(argv)
    for size in args.sizes:
        result = asyncio.run(measure(size, args.runs, args.debounce))
        times = result["times"]
        median = statistics.median(times)
        print(f"{result['bytes']:>8,} bytes, {result['findings']} findings: didChange -> "
              f"diagnostics median {median * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
              f"over {len(times)} edits (debounce {args.debounce} ms included; "
              f"{(median - args.debounce / 1000) * 1000:.0f} ms without); first lint after "
              f"open {result['first'] * 1000:.0f} ms; warm-up {result['warm_up']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
