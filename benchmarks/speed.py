"""Speed: the fast path against the naive path on >= 1 MB of mixed Japanese/English copy.

    python benchmarks/speed.py            # builds the corpus, runs everything, prints a report
    python benchmarks/speed.py --json out.json

The corpus is generated (deterministically) from templates: clinic, supplement
and cosmetics pages where most sentences are neutral (access, prices,
procedures, risk disclosures) and roughly one in eight carries a claim; no
sentence repeats.  Measured, in this order:

* naive path: every sentence through the full pipeline (GiNZA with every
  component, including NER) — ``LintOptions(mode="full")``;
* fast path: prefilter, tokenizer, parse only where syntax is needed;
  both in the same process with models already loaded, and their findings
  compared one by one (they must be identical);
* cold start of ``medlint check`` on one clean 5 KB page, first run ever (empty
  cache) and with the compiled-rule cache present; one 5 KB page with claims;
* a warm re-run of the whole corpus from the results cache;
* peak memory (resident set of the process tree) of ``medlint check --jobs 2``.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
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


def run_paths(pages: list[Path], mode: str):
    from linter.engine import Engine, LintOptions, shared_compiled
    from linter.reading.registry import read_path
    from linter.resources import bundled_rules_dir
    from linter.rules.loader import load_rules

    ruleset = load_rules([bundled_rules_dir()])
    compiled = shared_compiled(ruleset)
    # load both models and compile both languages before the clock starts
    for lang, text in (("ja", "不眠症が治ります。"), ("en", "It cures insomnia.")):
        compiled.pipelines.get(lang).full(text)
        compiled.language(lang)
        compiled.prefilter(lang)
    engine = Engine(ruleset, LintOptions(mode=mode), compiled=compiled)
    documents = [read_path(str(p)) for p in pages]
    characters = sum(len(d.text) for d in documents)
    start = time.perf_counter()
    findings = [f for d in documents for f in engine.lint(d)]
    elapsed = time.perf_counter() - start
    return {"seconds": round(elapsed, 2), "characters": characters,
            "chars_per_second": round(characters / elapsed), "findings": len(findings),
            "stats": dict(engine.stats)}, _findings_key(findings)


def _cli(args: list[str], cache_dir: Path, measure_memory: bool = False) -> dict:
    env = dict(os.environ, MEDLINT_CACHE_DIR=str(cache_dir))
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "linter", "check", *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                               cwd=REPO)
    peak = [0]
    if measure_memory:
        def poll() -> None:
            while process.poll() is None:
                peak[0] = max(peak[0], _tree_rss(process.pid))
                time.sleep(0.05)
        watcher = threading.Thread(target=poll, daemon=True)
        watcher.start()
    process.wait()
    elapsed = time.perf_counter() - start
    if measure_memory:
        watcher.join()
    if process.returncode not in (0, 1):
        raise RuntimeError(process.stderr.read().decode())
    result = {"seconds": round(elapsed, 3)}
    if measure_memory:
        result["peak_rss_mb"] = round(peak[0] / 1024, 1)
    return result


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out.extend(int(c) for c in (task / "children").read_text().split())
    return out


def _tree_rss(pid: int) -> int:
    """Resident memory (KB) of a process and all its descendants."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        stack.extend(_children(current))
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="medlint speed benchmark")
    parser.add_argument("--size", type=int, default=1_100_000, help="corpus bytes")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--skip-naive", action="store_true",
                        help="only the fast path (the naive path takes minutes)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        pages = build_corpus(tmp_path / "corpus", args.size)
        corpus_bytes = sum(p.stat().st_size for p in pages)
        report: dict = {"corpus": {"files": len(pages), "bytes": corpus_bytes}}
        fast, fast_findings = run_paths(pages, "fast")
        report["fast"] = fast
        if not args.skip_naive:
            naive, naive_findings = run_paths(pages, "full")
            report["naive"] = naive
            report["speedup"] = round(fast["chars_per_second"] / naive["chars_per_second"], 1)
            report["identical_findings"] = fast_findings == naive_findings
            if fast_findings != naive_findings:
                only_fast = sorted(set(fast_findings) - set(naive_findings))[:10]
                only_naive = sorted(set(naive_findings) - set(fast_findings))[:10]
                report["differences"] = {"only_fast": only_fast, "only_naive": only_naive}
        clean = tmp_path / "clean.md"
        clean.write_text(clean_page(), encoding="utf-8")
        claims = tmp_path / "claims.md"
        claims.write_text(pages[0].read_text(encoding="utf-8")[:5200], encoding="utf-8")
        empty = tmp_path / "cache-empty"
        report["cold_clean_5kb_first_run_ever"] = _cli([str(clean)], empty)
        warmed = tmp_path / "cache-rules"
        # an earlier run on other pages, in both languages, has cached the compiled rules
        _cli([str(pages[-1]), str(pages[-2])], warmed)
        clean.write_text(clean.read_text(encoding="utf-8") + "\nAccess map below.\n",
                         encoding="utf-8")
        report["cold_clean_5kb"] = _cli([str(clean)], warmed)
        claims.write_text(claims.read_text(encoding="utf-8") + "\nもう一文。\n",
                          encoding="utf-8")
        report["cold_claims_5kb"] = _cli([str(claims)], warmed)
        report["clean_5kb_bytes"] = clean.stat().st_size
        report["claims_5kb_bytes"] = claims.stat().st_size
        corpus_cache = tmp_path / "cache-corpus"
        report["corpus_first_run_jobs2"] = _cli(["--jobs", "2", str(tmp_path / "corpus")],
                                                corpus_cache, measure_memory=True)
        report["corpus_warm_rerun"] = _cli([str(tmp_path / "corpus")], corpus_cache)
        report["corpus_no_cache_jobs1"] = _cli(["--no-cache", str(tmp_path / "corpus")],
                                               corpus_cache, measure_memory=True)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
