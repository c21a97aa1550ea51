"""Speed of medlint, every item of issue 16 in one run.

    python benchmarks/speed.py                      # everything (the naive path takes minutes)
    python benchmarks/speed.py --skip-naive --json out.json
    python benchmarks/speed.py --baseline 424cc6a   # the same items for an earlier commit too

The inputs are generated (deterministically) from templates: clinic, supplement and
cosmetics pages where most sentences are neutral and about one in eight carries a claim, no
sentence repeated; a Japanese technical page (software documentation, no claim); a clean
access page.  Measured, in this order:

* steady state: the fast path on the 1.1 MB corpus, models loaded and matchers built
  (CPU seconds, best of 2), and the naive path (every sentence through the whole pipeline)
  on the same pages, findings compared one by one;
* linear cost: one 20 MB file against the same text as pages (CPU seconds, in process);
* cold process (``medlint check``, rule cache present, results cache missed; median of 3,
  wall seconds and peak resident memory): a 5 KB Japanese page with claims, a 5 KB Japanese
  technical page without claims, a 5 KB clean page; and the very first run ever (empty cache);
* a warm re-run of 200 pages from the results cache (median of 3);
* ``--jobs 1`` against ``--jobs 2`` on the corpus without the cache (wall seconds, peak
  memory of the process tree: resident set summed over processes, and proportional set
  size, which counts the pages forked workers share with their parent once).

With ``--baseline REF`` the same items run on a copy of that commit (``git archive``; its own
rules), and the steady state also runs this checkout's code on the baseline's rules, which
compares the algorithms on one rule set.  Nothing here reads ``../shared``.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

JA_PLACES = ["梅田", "心斎橋", "難波", "天王寺", "京橋", "中津", "本町", "淀屋橋", "北浜",
             "堺筋本町", "新宿", "渋谷", "池袋", "銀座", "表参道", "恵比寿", "品川", "横浜",
             "名古屋", "博多"]
JA_SERVICES = ["ビタミン点滴", "NMN点滴", "白玉点滴", "プラセンタ注射", "医療脱毛",
               "シミ取りレーザー", "ハイフ", "ダーマペン", "ピーリング", "ボトックス注射",
               "ヒアルロン酸注入", "AGA治療", "医療ダイエット", "高濃度ビタミンC点滴",
               "にんにく注射", "水光注射"]
JA_PRODUCTS = ["NMNサプリ", "乳酸菌サプリ", "青汁", "美容液", "化粧水", "酵素ドリンク",
               "プロテイン", "コラーゲンドリンク", "マルチビタミン", "ハーブティー",
               "保湿クリーム", "日焼け止め"]
JA_CONDITIONS = ["不眠症", "便秘", "花粉症", "肩こり", "腰痛", "頭痛", "冷え性", "更年期障害",
                 "中途覚醒", "アトピー", "高血圧", "眼精疲労", "二日酔い", "抜け毛"]
EN_PLACES = ["Umeda", "Shinsaibashi", "Namba", "Tennoji", "Kyobashi", "Nakatsu", "Honmachi",
             "Shinjuku", "Shibuya", "Ikebukuro", "Ginza", "Omotesando", "Ebisu", "Yokohama",
             "Nagoya", "Hakata", "Chelsea", "Soho", "Camden", "Brooklyn"]
EN_SERVICES = ["vitamin drip", "NMN drip", "glutathione drip", "laser hair removal",
               "chemical peel", "microneedling", "Botox injection", "filler treatment",
               "HIFU facial", "hydration drip", "B12 shot", "IV therapy", "skin booster",
               "LED facial", "scalp treatment", "body contouring"]
EN_PRODUCTS = ["NMN capsules", "probiotic blend", "green juice powder", "vitamin C serum",
               "night cream", "collagen drink", "protein powder", "magnesium gummies",
               "herbal tea", "moisturiser", "sunscreen", "fish oil softgels"]
EN_CONDITIONS = ["insomnia", "constipation", "hay fever", "back pain", "migraines", "acne",
                 "eczema", "high blood pressure", "hair loss", "anxiety", "hangovers",
                 "joint pain", "nighttime awakenings", "bloating"]

JA_NEUTRAL = [
    "{place}院は{place}駅から徒歩{n}分の場所にあります。",
    "{service}の所要時間は約{m}分です。",
    "{service}は1回{price}円（税込）で、カウンセリング料は別途{fee}円です。",
    "受付時間は平日{h}時から{h2}時まで、土曜日は{h}時から{h3}時までです。",
    "{service}の前には医師による診察を行い、既往歴を確認します。",
    "{service}の後は{n}時間ほど激しい運動を控えてください。",
    "主な副作用として、施術部位の赤みや腫れが{n}日ほど続くことがあります。",
    "{product}は1日{n}粒を目安に、水またはぬるま湯でお召し上がりください。",
    "{product}の内容量は{m}粒で、約{n}日分です。",
    "{product}は直射日光と高温多湿を避けて保存してください。",
    "ご予約は{place}院の電話窓口またはWEBフォームで承っております。",
    "{service}は自由診療のため、保険は適用されません。",
    "キャンセルは前日{h}時までにご連絡ください。",
    "{place}院には看護師が{n}名、医師が{n2}名在籍しています。",
    "{service}について、よくあるご質問をまとめました。",
    "お支払いは現金、クレジットカード、電子マネーに対応しています。",
    "{service}の施術当日は、メイクをしてお越しいただいて構いません。",
    "妊娠中の方や授乳中の方は{service}を受けられません。",
    "{product}の原材料は{place}産の素材を中心にしています。",
    "{place}院の駐車場は{n}台分あります。",
]
JA_CLAIMS = [
    "{service}で{condition}が改善します。",
    "{product}を飲むだけで{condition}が治ります。",
    "{service}は副作用がなく、誰でも安心して受けられます。",
    "たった{n}回の{service}で効果を実感できます。",
    "{product}は免疫力を高めてくれます。",
    "{place}で一番人気の{service}です。",
    "{service}でNAD+が増え、細胞が若返ります。",
    "「{service}を受けてから{condition}がなくなりました」（{n}0代女性）",
    "医師も推薦する{product}です。",
    "今だけ{service}が半額になります。",
]
EN_NEUTRAL = [
    "Our {place} clinic is a {n}-minute walk from the station.",
    "A {service} session takes about {m} minutes.",
    "The {service} costs ${price} per session, and a consultation is ${fee}.",
    "We are open on weekdays from {h} am to {h2} pm and on Saturdays until {h3} pm.",
    "Before any {service}, a doctor reviews your medical history.",
    "Avoid strenuous exercise for {n} hours after your {service}.",
    "Redness or swelling may last for {n} days after the {service}.",
    "Take {n} {product} a day with water.",
    "Each bottle of {product} contains {m} servings.",
    "Store the {product} in a cool, dry place.",
    "Book your {service} at our {place} clinic online or by phone.",
    "The {service} is not covered by insurance.",
    "Please cancel at least {h} hours in advance.",
    "Our {place} team includes {n} nurses and {n2} doctors.",
    "Read the frequently asked questions about the {service}.",
    "We accept cash, cards and mobile payments.",
    "You may wear makeup on the day of your {service}.",
    "Pregnant or breastfeeding women should not have the {service}.",
    "The {product} is made with ingredients from {place}.",
    "Parking for {n} cars is available at our {place} clinic.",
]
EN_CLAIMS = [
    "Our {service} relieves {condition}.",
    "The {product} cures {condition} in {n} days.",
    "The {service} is completely safe with no side effects.",
    "See results after just {n} sessions of {service}.",
    "The {product} boosts your immune system.",
    "The best {service} in {place}.",
    "The {service} raises NAD+ levels and reverses aging.",
    '"I no longer suffer from {condition}!" says a {n}0-year-old patient.',
    "Doctor recommended {product}.",
    "Limited time offer: {n}0% off your first {service}.",
]


CLEAN_PAGE_SENTENCES = [
    "当院は{place}駅から徒歩{n}分の場所にあります。",
    "受付時間は平日{h}時から{h2}時までです。",
    "キャンセルは前日{h}時までにご連絡ください。",
    "お支払いは現金とクレジットカードに対応しています。",
    "駐車場は{n}台分あります。",
    "スタッフ一同、皆さまのご来院をお待ちしております。",
    "Our clinic is a {n}-minute walk from {place} station.",
    "We are open on weekdays from {h} am to {h2} pm.", "Please cancel at least {h} hours ahead.",
    "We accept cash and all major cards.", "Parking for {n} cars is available next door.",
    "Our staff look forward to welcoming you.",
]


def clean_page(size: int = 5000, seed: int = 3) -> str:
    """A page with no claim and nothing a disclosure rule looks for: access, hours, payment."""
    rng = random.Random(seed)
    paragraphs = ["# Access / アクセス"]
    while sum(len(p.encode("utf-8")) for p in paragraphs) < size:
        template = rng.choice(CLEAN_PAGE_SENTENCES)
        lang = "en" if template.isascii() else "ja"
        paragraphs.append(_fill(template, rng, lang))
    return "\n\n".join(paragraphs) + "\n"


def _fill(template: str, rng: random.Random, lang: str) -> str:
    places, services, products, conditions = (
        (JA_PLACES, JA_SERVICES, JA_PRODUCTS, JA_CONDITIONS) if lang == "ja"
        else (EN_PLACES, EN_SERVICES, EN_PRODUCTS, EN_CONDITIONS))
    return template.format(
        place=rng.choice(places), service=rng.choice(services), product=rng.choice(products),
        condition=rng.choice(conditions), n=rng.randint(2, 9), n2=rng.randint(2, 9),
        m=rng.randint(10, 95), h=rng.randint(8, 11), h2=rng.randint(5, 8), h3=rng.randint(3, 6),
        price=f"{rng.randint(3, 60) * 1100:,}", fee=f"{rng.randint(1, 5) * 1100:,}")


JA_TECHNICAL_SENTENCES = [
    "関数{name}は引数として文字列を受け取り、結果を辞書で返します。",
    "設定ファイルはYAML形式で、{n}つのセクションから構成されます。",
    "{name}モジュールを読み込むには、プロジェクトのルートで初期化コマンドを実行します。",
    "タイムアウトの既定値は{m}秒で、環境変数で変更できます。",
    "ログは標準エラー出力に書き出され、レベルは{n}段階から選べます。",
    "キャッシュは利用者ごとのフォルダに保存され、不要になれば削除して構いません。",
    "バージョン{n}.{n2}では、{name}の戻り値の型が変わりました。",
    "テストは{m}件あり、すべて{n}分以内に終わります。",
    "入力が空の場合、{name}は例外を送出せずに空のリストを返します。",
    "この手順は管理者権限がなくても実行できます。",
    "ポート番号{m}{n}{n2}で待ち受けるサーバーを起動します。",
    "詳しい引数の一覧はコマンドのヘルプで確認してください。",
    "コードの例では、読み込み、変換、書き出しの三つの段階を順に示します。",
    "{name}は{n}個のスレッドで並列に処理します。",
]
JA_TECHNICAL_NAMES = ["parse_config", "load_rules", "Reader", "write_report", "Session",
                      "normalize", "Tokenizer", "export_json", "Cache", "run_batch"]


def technical_page_ja(size: int = 5000, seed: int = 5) -> str:
    """A Japanese page with no claim: software documentation."""
    rng = random.Random(seed)
    paragraphs = ["# 使い方"]
    while sum(len(p.encode("utf-8")) for p in paragraphs) < size:
        template = rng.choice(JA_TECHNICAL_SENTENCES)
        paragraphs.append(template.format(name=rng.choice(JA_TECHNICAL_NAMES),
                                          n=rng.randint(2, 9), n2=rng.randint(0, 9),
                                          m=rng.randint(10, 95)))
    return "\n\n".join(paragraphs) + "\n"


def build_corpus(folder: Path, size: int = 1_100_000, claim_rate: float = 0.12,
                 seed: int = 7) -> list[Path]:
    """Pages of about 5 KB alternating Japanese and English, no sentence repeated."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    pages: list[Path] = []
    total = 0
    for page_no in itertools.count():
        lang = "ja" if page_no % 2 == 0 else "en"
        neutral, claims = (JA_NEUTRAL, JA_CLAIMS) if lang == "ja" else (EN_NEUTRAL, EN_CLAIMS)
        paragraphs = [f"# {'ご案内' if lang == 'ja' else 'Information'} {page_no}"]
        page_size = 0
        while page_size < 5000:
            sentences = []
            for _ in range(rng.randint(2, 4)):
                for _attempt in range(50):
                    pool = claims if rng.random() < claim_rate else neutral
                    sentence = _fill(rng.choice(pool), rng, lang)
                    if sentence not in seen:
                        seen.add(sentence)
                        sentences.append(sentence)
                        break
            paragraph = ("" if lang == "ja" else " ").join(sentences)
            paragraphs.append(paragraph)
            page_size += len(paragraph.encode("utf-8"))
        path = folder / f"page-{page_no:04d}-{lang}.md"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        pages.append(path)
        total += path.stat().st_size
        if total >= size:
            return pages
    raise AssertionError("unreachable")


def _findings_key(findings) -> list[tuple]:
    return [(f.path, f.rule_id, f.line, f.column, f.end_line, f.end_column) for f in findings]


# -- in-process measurements (run in a child process, so a baseline copy can run them) -------
def _engine(rules: Path | None = None, mode: str = "fast"):
    """An engine of the ``linter`` on the path, both models loaded and both languages
    compiled (``rules``: a rule folder; the bundled rules by default)."""
    from linter.engine import Engine, LintOptions, shared_compiled
    from linter.resources import bundled_rules_dir
    from linter.rules.loader import load_rules

    ruleset = load_rules([rules or bundled_rules_dir()])
    compiled = shared_compiled(ruleset)
    for lang, text in (("ja", "不眠症が治ります。"), ("en", "It cures insomnia.")):
        compiled.pipelines.get(lang).full(text)
        compiled.language(lang)
        compiled.prefilter(lang)
    return Engine(ruleset, LintOptions(mode=mode), compiled=compiled)


def worker_steady(pages: list[Path], mode: str, rules: Path | None) -> dict:
    """Steady state: load both models and compile both languages first, lint every page once
    (matchers made on first use), then time the second pass (best of 2, CPU seconds)."""
    from linter.reading.registry import read_path

    engine = _engine(rules, mode)
    documents = [read_path(str(p)) for p in pages]
    characters = sum(len(d.text) for d in documents)
    passes = 1 if mode == "full" else 3  # the naive path takes minutes: one pass
    times = []
    for _ in range(passes):
        start = time.process_time()
        findings = [f for d in documents for f in engine.lint(d)]
        times.append(time.process_time() - start)
    best = min(times[1:] or times)
    return {"cpu_seconds": round(best, 2), "characters": characters,
            "chars_per_second": round(characters / best), "findings": len(findings),
            "keys": _findings_key(findings)}


def worker_big(pages: list[Path], big: Path) -> dict:
    """One large file (the pages' text repeated) against the pages, CPU seconds per MB in one
    process: the same cost per MB is linear cost."""
    from linter.reading.plaintext import read_text
    from linter.reading.registry import read_path

    engine = _engine()
    documents = [read_path(str(p)) for p in pages]
    for document in documents:  # models loaded and matchers made before the clock
        engine.lint(document)
    start = time.process_time()
    as_pages = sum(len(engine.lint(d)) for d in documents)
    pages_seconds = time.process_time() - start
    document = read_text(str(big), big.read_text(encoding="utf-8"))
    start = time.process_time()
    as_one = len(engine.lint(document))
    one_seconds = time.process_time() - start
    pages_bytes = sum(p.stat().st_size for p in pages)
    big_bytes = big.stat().st_size
    per_mb_one = one_seconds / (big_bytes / 1e6)
    per_mb_pages = pages_seconds / (pages_bytes / 1e6)
    return {"bytes": big_bytes, "one_file_cpu_seconds": round(one_seconds, 1),
            "pages_bytes": pages_bytes, "as_pages_cpu_seconds": round(pages_seconds, 1),
            "one_file_cpu_seconds_per_mb": round(per_mb_one, 2),
            "as_pages_cpu_seconds_per_mb": round(per_mb_pages, 2),
            # the big file is the pages' text repeated: equal cost per MB means linear cost
            "ratio_per_mb": round(per_mb_one / per_mb_pages, 2),
            "findings_one_file": as_one, "findings_as_pages": as_pages}


def _in_child(root: Path, task: str, **kwargs) -> dict:
    """Run a worker_* function with the ``linter`` package of ``root`` (this checkout or a
    baseline copy) in a fresh process."""
    spec = json.dumps({"task": task, **{k: str(v) if isinstance(v, Path) else v
                                         for k, v in kwargs.items()}})
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", spec],
                         cwd=root, env=dict(os.environ, PYTHONPATH=str(root)),
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{task} in {root} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.splitlines()[-1])


def _worker_main(spec_text: str) -> int:
    spec = json.loads(spec_text)
    pages = sorted(Path(spec["corpus"]).glob("*.md"))
    if spec["task"] == "steady":
        rules = Path(spec["rules"]) if spec.get("rules") else None
        result = worker_steady(pages, spec["mode"], rules)
    else:
        result = worker_big(pages, Path(spec["big"]))
    print(json.dumps(result, ensure_ascii=False))
    return 0


# -- command-line measurements --------------------------------------------------------------
def _cli(root: Path, args: list[str], cache_dir: Path) -> dict:
    """One ``python -m linter check`` in ``root``: wall seconds and peak memory of the process
    tree (workers included)."""
    env = dict(os.environ, MEDLINT_CACHE_DIR=str(cache_dir), PYTHONPATH=str(root))
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "linter", "check", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                               cwd=root)
    peak = [0, 0]

    def poll() -> None:
        while process.poll() is None:
            peak[:] = map(max, peak, _tree_memory(process.pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    process.wait()
    elapsed = time.perf_counter() - start
    watcher.join()
    if process.returncode not in (0, 1):
        raise RuntimeError(process.stderr.read().decode())
    # RSS counts the pages forked workers share with their parent once per process; PSS
    # divides each shared page among its sharers, so the tree's PSS is the memory it holds
    return {"seconds": round(elapsed, 3), "peak_rss_mb": round(peak[0] / 1024, 1),
            "peak_pss_mb": round(peak[1] / 1024, 1)}


def _median(runs: list[dict]) -> dict:
    return {"seconds": round(statistics.median(r["seconds"] for r in runs), 3),
            "peak_rss_mb": round(statistics.median(r["peak_rss_mb"] for r in runs), 1),
            "peak_pss_mb": round(statistics.median(r["peak_pss_mb"] for r in runs), 1),
            "runs": [r["seconds"] for r in runs]}


def _cold(root: Path, page: Path, text: str, cache: Path, repeats: int, tail: str) -> dict:
    """Median of ``repeats`` cold processes on one page, its text changed each time so the
    results cache misses while the rule cache hits."""
    runs = []
    for n in range(repeats):
        page.write_text(text + tail.format(n=n + 1), encoding="utf-8")
        runs.append(_cli(root, [str(page)], cache))
    return _median(runs)


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out.extend(int(c) for c in (task / "children").read_text().split())
    return out


def _tree_memory(pid: int) -> tuple[int, int]:
    """Resident set and proportional set size (KB, ``/proc/PID/smaps_rollup``) of a process
    and all its descendants."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
        stack.extend(_children(current))
    return rss, pss


def _steady(root: Path, corpus: Path, mode: str, rules: Path | None = None
            ) -> tuple[dict, list]:
    """The steady state in a child process: its summary, and its findings to compare."""
    result = _in_child(root, "steady", corpus=corpus, mode=mode, rules=rules or "")
    return {k: v for k, v in result.items() if k != "keys"}, result["keys"]


def measure(root: Path, work: Path, corpus: Path, pages: list[Path], big: Path | None,
            repeats: int, naive: bool) -> tuple[dict, list]:
    """Every item for the code in ``root``, and the fast path's findings."""
    report: dict = {}
    report["steady_fast"], fast_keys = _steady(root, corpus, "fast")
    if naive:
        report["steady_naive"], naive_keys = _steady(root, corpus, "full")
        report["fast_over_naive"] = round(report["steady_fast"]["chars_per_second"]
                                          / report["steady_naive"]["chars_per_second"], 1)
        report["identical_findings"] = fast_keys == naive_keys
    if big is not None:
        report["big_file"] = _in_child(root, "big", corpus=corpus, big=big)

    cache = work / "cache-rules"
    first = work / "first.md"
    first.write_text(clean_page(), encoding="utf-8")
    report["cold_clean_first_run_ever"] = _cli(root, [str(first)], work / "cache-empty")
    _cli(root, [str(pages[-1]), str(pages[-2])], cache)  # rules of both languages cached
    claims_text = pages[0].read_text(encoding="utf-8")[:5200]
    report["cold_ja_claims_5kb"] = _cold(root, work / "claims.md", claims_text, cache, repeats,
                                         "\n第{n}版。\n")
    report["cold_ja_technical_5kb"] = _cold(root, work / "technical.md", technical_page_ja(),
                                            cache, repeats, "\n第{n}版。\n")
    report["cold_clean_5kb"] = _cold(root, work / "clean.md", clean_page(), cache, repeats,
                                     "\nRevision {n}.\n")

    pages200 = work / "pages200"
    pages200.mkdir()
    for page in pages[:200]:
        (pages200 / page.name).write_bytes(page.read_bytes())
    corpus_cache = work / "cache-corpus"
    _cli(root, [str(pages200)], corpus_cache)
    report["warm_rerun_200_pages"] = _median([_cli(root, [str(pages200)], corpus_cache)
                                              for _ in range(repeats)])
    report["corpus_no_cache_jobs1"] = _cli(root, ["--no-cache", str(corpus)], corpus_cache)
    report["corpus_no_cache_jobs2"] = _cli(root, ["--no-cache", "--jobs", "2", str(corpus)],
                                           corpus_cache)
    return report, fast_keys


def _baseline_copy(ref: str, into: Path) -> Path:
    """The files of commit ``ref`` (``git archive``), to run its code and rules."""
    into.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO), "archive", ref], capture_output=True,
                             check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="medlint speed benchmark")
    parser.add_argument("--size", type=int, default=1_100_000, help="corpus bytes")
    parser.add_argument("--big-size", type=int, default=20_000_000,
                        help="bytes of the single large file (0: skip it)")
    parser.add_argument("--repeats", type=int, default=3, help="cold runs per page (median)")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--skip-naive", action="store_true",
                        help="only the fast path (the naive path takes minutes)")
    parser.add_argument("--baseline", metavar="REF",
                        help="also measure this commit (e.g. 424cc6a), from a git archive")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker_main(args.worker)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        corpus = tmp_path / "corpus"
        pages = build_corpus(corpus, args.size)
        big = None
        if args.big_size:
            # the corpus pages joined, repeated until the size (no file limit in process)
            big = tmp_path / "big.md"
            texts = [p.read_text(encoding="utf-8") for p in pages]
            with big.open("w", encoding="utf-8") as out:
                written = 0
                for text in itertools.cycle(texts):
                    out.write(text + "\n")
                    written += len(text.encode("utf-8")) + 1
                    if written >= args.big_size:
                        break
        report: dict = {"corpus": {"files": len(pages),
                                   "bytes": sum(p.stat().st_size for p in pages)},
                        "machine": {"cpus": os.cpu_count(),
                                    "load_average_at_start": os.getloadavg()[0]}}
        baseline_root = None
        if args.baseline:
            baseline_root = _baseline_copy(args.baseline, tmp_path / "baseline")
        (tmp_path / "now").mkdir()
        report["now"], _ = measure(REPO, tmp_path / "now", corpus, pages, big, args.repeats,
                                   not args.skip_naive)
        if baseline_root is not None:
            (tmp_path / "before").mkdir()
            before, before_keys = measure(baseline_root, tmp_path / "before", corpus, pages,
                                          big, args.repeats, not args.skip_naive)
            report["baseline"] = {"ref": args.baseline, **before}
            # this checkout's code on the baseline's rules: the algorithms on one rule set
            same, same_keys = _steady(REPO, corpus, "fast", baseline_root / "rules")
            report["now"]["steady_fast_on_baseline_rules"] = same
            report["algorithm_speedup_on_baseline_rules"] = round(
                same["chars_per_second"] / before["steady_fast"]["chars_per_second"], 2)
            report["algorithm_identical_findings"] = same_keys == before_keys
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
