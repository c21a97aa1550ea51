"""Batch throughput: `medlint batch` on Dask with 1 and 2 local workers against
`medlint check --jobs 1`, on the same generated records, in the same run.

    python benchmarks/batch.py                   # 5,000 records, prints a table
    python benchmarks/batch.py --records 20000 --json out.json

The records are generated (deterministically) from the ad-copy templates of
benchmarks/speed.py: Japanese and English creatives of one to four sentences, and
one record in ten a longer landing-page text; about a third carry a claim.  They are
written once as JSON Lines (for batch) and as one .txt file per record (for check).
Measured for each mode: wall time of the whole command (cluster start and model
loading included), records per second, and peak resident memory of the client
process and of each worker process (polled from /proc every 50 ms); then a small run
of 40 records gives each mode's fixed cost, and 1,000 no-op tasks on a 1-worker
cluster give the scheduler's overhead per task (= per partition).  The findings of
the three modes are compared record by record and must be identical.
Reads nothing outside this repository (no ../shared).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from speed import EN_CLAIMS, EN_NEUTRAL, JA_CLAIMS, JA_NEUTRAL, _children, _fill  # noqa: E402


def make_records(count: int, seed: int = 11, claim_rate: float = 0.35) -> list[dict]:
    """Ad-like records: short creatives, and one in ten a landing-page text of ~1.5 KB."""
    rng = random.Random(seed)
    records = []
    for i in range(count):
        lang = "ja" if i % 2 == 0 else "en"
        neutral, claims = (JA_NEUTRAL, JA_CLAIMS) if lang == "ja" else (EN_NEUTRAL, EN_CLAIMS)
        sentences = rng.randint(12, 20) if i % 10 == 9 else rng.randint(1, 4)
        parts = [_fill(rng.choice(claims if rng.random() < claim_rate else neutral), rng, lang)
                 for _ in range(sentences)]
        text = ("" if lang == "ja" else " ").join(parts)
        records.append({"id": f"ad-{i:06d}", "text": text,
                        "url": f"https://ads.example/{lang}/{i}"})
    return records


def write_inputs(records: list[dict], folder: Path) -> tuple[Path, Path]:
    pages = folder / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for record in records:
        (pages / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    source = folder / "records.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return source, pages


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _descendants(pid: int) -> list[int]:
    out, stack = [], [pid]
    while stack:
        for child in _children(stack.pop()):
            out.append(child)
            stack.append(child)
    return out


def run_measured(args: list[str], cache_dir: Path) -> dict:
    """Run `python -m linter ARGS`; wall time, and peak RSS of the client (the command's
    own process) and of the largest descendant (a Dask worker; nannies are smaller)."""
    env = dict(os.environ, MEDLINT_CACHE_DIR=str(cache_dir), PYTHONPATH=str(REPO))
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "linter", *args], cwd=REPO, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    cpu: dict[int, float] = {}

    def poll() -> None:
        while process.poll() is None:
            for pid in [process.pid, *_descendants(process.pid)]:
                peaks[pid] = max(peaks.get(pid, 0), _rss_kb(pid))
                cpu[pid] = max(cpu.get(pid, 0.0), _cpu_seconds(pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    stderr = process.stderr.read().decode()
    process.wait()
    seconds = time.perf_counter() - start
    watcher.join()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{args}: exit {process.returncode}: {stderr}")
    others = sorted((kb for pid, kb in peaks.items() if pid != process.pid), reverse=True)
    # CPU time of the whole tree: robust to other load on a shared machine (polled, so a
    # child's last 50 ms may be missed)
    return {"seconds": round(seconds, 2), "cpu_seconds": round(sum(cpu.values()), 2),
            "client_cpu_seconds": round(cpu.get(process.pid, 0.0), 2),
            "client_peak_mb": round(peaks[process.pid] / 1024),
            "largest_child_peak_mb": round(others[0] / 1024) if others else None,
            "children": len(others)}


def _key(finding: dict) -> tuple:
    return (finding["rule_id"], finding["severity"], finding["line"], finding["column"],
            finding["end_line"], finding["end_column"], tuple(finding["match_span"]),
            tuple(map(tuple, finding["spans"])), finding["message"])


def check_findings(report: Path) -> dict[str, list]:
    data = json.loads(report.read_text(encoding="utf-8"))
    return {Path(f["path"]).stem: [_key(x) for x in f["findings"]] for f in data["files"]}


def batch_findings(output: Path) -> dict[str, list]:
    out = {}
    with output.open(encoding="utf-8") as handle:
        for raw in handle:
            line = json.loads(raw)
            assert line["status"] == "ok", line
            out[line["id"]] = [_key(x) for x in line["findings"]]
    return out


def scheduler_overhead(tasks: int = 1000) -> float:
    """Milliseconds the scheduler and one worker spend per no-op task (round trip)."""
    from distributed import wait

    from linter.batch.runner import dask_client

    with dask_client("local", workers=1) as client:
        client.submit(int, 0).result()  # worker up
        start = time.perf_counter()
        futures = client.map(int, range(tasks), pure=False)
        wait(futures)
        return (time.perf_counter() - start) / tasks * 1000


def measure_pages(count: int, json_out: Path | None) -> int:
    """Landing pages (the cost model's "page"): throughput of one worker per CPU-second."""
    from speed import build_corpus

    with tempfile.TemporaryDirectory(prefix="medlint-batch-pages-") as tmp:
        folder = Path(tmp)
        # build_corpus keeps sentences unique; past ~1.1 MB it runs out of them, so cap there
        pages = build_corpus(folder / "pages", size=min(count * 5000, 1_000_000))[:count]
        few = folder / "few"
        few.mkdir()
        for page in pages[:10]:
            (few / page.name).write_bytes(page.read_bytes())
        characters = sum(len(p.read_text(encoding="utf-8")) for p in pages)
        args = ["batch", "--workers", "1", "--quiet", "--partition-size", "50"]
        fixed = run_measured([*args, str(few), "-o", str(folder / "few.jsonl")], folder)
        measured = run_measured([*args, str(folder / "pages"), "-o", str(folder / "o.jsonl")],
                                folder)
    worker_cpu = measured["cpu_seconds"] - measured["client_cpu_seconds"]
    fixed_cpu = fixed["cpu_seconds"] - fixed["client_cpu_seconds"]
    per_cpu = (len(pages) - 10) / (worker_cpu - fixed_cpu)
    result = {"pages": len(pages), "characters_per_page": round(characters / len(pages)),
              "seconds": measured["seconds"], "worker_cpu_seconds": round(worker_cpu, 2),
              "fixed_worker_cpu_seconds_10_pages": round(fixed_cpu, 2),
              "pages_per_worker_cpu_second": round(per_cpu, 2),
              "worker_peak_mb": measured["largest_child_peak_mb"],
              "client_peak_mb": measured["client_peak_mb"],
              "load_average_1min_after": round(os.getloadavg()[0], 2)}
    print(json.dumps(result, indent=2))
    if json_out:
        json_out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    parser.add_argument("--partition-size", type=int, default=250)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--pages", type=int, default=0,
                        help="instead: batch (1 worker) on this many ~5 KB landing pages of "
                             "benchmarks/speed.py as path records; pages per worker CPU-second")
    options = parser.parse_args(argv)
    if options.pages:
        return measure_pages(options.pages, options.json)

    records = make_records(options.records)
    small = make_records(40, seed=5)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="medlint-batch-bench-") as tmp:
        folder = Path(tmp)
        cache = folder / "cache"
        source, pages = write_inputs(records, folder / "big")
        small_source, small_pages = write_inputs(small, folder / "small")
        size = source.stat().st_size
        print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores shared)")
        print(f"{len(records):,} records, {size / 1e6:.2f} MB of JSON Lines, "
              f"{sum(len(r['text']) for r in records) / len(records):.0f} characters "
              "per record on average", flush=True)
        modes = [("check --jobs 1", lambda src, pg, out: [
                     "check", str(pg), "--jobs", "1", "--format", "json", "--no-cache",
                     "-o", str(out)]),
                 ("batch, 1 worker", lambda src, pg, out: [
                     "batch", str(src), "-o", str(out), "--workers", "1", "--quiet",
                     "--partition-size", str(options.partition_size)]),
                 ("batch, 2 workers", lambda src, pg, out: [
                     "batch", str(src), "-o", str(out), "--workers", "2", "--quiet",
                     "--partition-size", str(options.partition_size)])]
        findings = {}
        for number, (name, make_args) in enumerate(modes):
            fixed = run_measured(make_args(small_source, small_pages,
                                           folder / f"small-{number}.out"), cache)
            out = folder / f"out-{number}.json"
            measured = run_measured(make_args(source, pages, out), cache)
            measured["records_per_second"] = round(len(records) / measured["seconds"], 1)
            measured["fixed_seconds_40_records"] = fixed["seconds"]
            # throughput once started: the big run less a small run's fixed cost
            steady = measured["seconds"] - fixed["seconds"]
            measured["steady_records_per_second"] = round((len(records) - len(small))
                                                          / steady, 1)
            # per CPU-second: records / (tree CPU of the big run less the small run's)
            measured["records_per_cpu_second"] = round(
                (len(records) - len(small)) / (measured["cpu_seconds"] - fixed["cpu_seconds"]),
                1)
            measured["fixed_cpu_seconds_40_records"] = fixed["cpu_seconds"]
            measured["load_average_1min_after"] = round(os.getloadavg()[0], 2)
            if name.startswith("batch"):
                summary = json.loads(out.with_name(out.name + ".summary.json").read_text())
                measured["summary_records_per_second"] = summary["records_per_second"]
                findings[name] = batch_findings(out)
            else:
                findings[name] = check_findings(out)
            results[name] = measured
            print(f"  {name}: {json.dumps(measured)}", flush=True)
        reference = findings["check --jobs 1"]
        identical = all(f == reference for f in findings.values())
        total = sum(len(v) for v in reference.values())
        print(f"findings identical across the three modes: {identical} "
              f"({total:,} findings in {sum(1 for v in reference.values() if v):,} records)")
        overhead = scheduler_overhead()
        print(f"scheduler overhead per task: {overhead:.2f} ms")

    one, two = results["batch, 1 worker"], results["batch, 2 workers"]
    print()
    # "cores obtained": CPU time over wall time of the whole tree; on a shared machine it
    # shows how much of the cores the run actually got
    print("| mode | wall s | records/s | steady records/s | records/CPU-s | fixed s "
          "(40 records) | CPU s | cores obtained | client peak MB | worker peak MB "
          "| load avg |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, m in results.items():
        worker = m["largest_child_peak_mb"] if name.startswith("batch") else "-"
        print(f"| {name} | {m['seconds']} | {m['records_per_second']} | "
              f"{m['steady_records_per_second']} | {m['records_per_cpu_second']} | "
              f"{m['fixed_seconds_40_records']} | {m['cpu_seconds']} | "
              f"{m['cpu_seconds'] / m['seconds']:.2f} | "
              f"{m['client_peak_mb']} | {worker} | {m['load_average_1min_after']} |")
    speedup = one["seconds"] / two["seconds"]
    steady_speedup = two["steady_records_per_second"] / one["steady_records_per_second"]
    print(f"\nspeed-up of 2 workers over 1: {speedup:.2f}x wall, {steady_speedup:.2f}x steady")
    if options.json:
        options.json.write_text(json.dumps({
            "records": len(records), "results": results, "identical": identical,
            "findings": total, "scheduler_overhead_ms_per_task": round(overhead, 3),
            "speedup_wall": round(speedup, 2), "speedup_steady": round(steady_speedup, 2),
        }, indent=2) + "\n", encoding="utf-8")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
