"""A longer fuzz run than tests/test_fuzz.py: thousands of generated inputs per reader and per
kind of side file, counting tracebacks (any exception other than the expected one-line
error) and hangs (an input under 100 KB that takes more than 10 s).

    python benchmarks/fuzz.py [--per-reader 2000] [--seed 14]

Inputs: random byte strings; concatenations of claims, markup fragments (unterminated tags,
comments, entities, suppression directives, code fences) and random text; pathological
repetitions of one fragment up to 100 KB; for .docx, a valid package mutated by byte flips,
truncation, dropped, replaced or spliced members and stored/deflated re-zipping.  Config,
baseline and cache entries get random TOML lines and random JSON values.  Needs no data
outside the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from linter.cache import Cache
from linter.config.settings import ConfigError, Settings, apply_table, read_config_table
from linter.findings.baseline import BaselineError, load_baseline
from linter.matching.prefilter import Prefilter
from linter.reading.errors import InputError
from linter.reading.registry import read_bytes

HANG_SECONDS = 10
CLAIMS = ["Our drip cures insomnia.", "It is completely safe.", "当院の点滴で不眠症が治ります。",
          "副作用はありません。", "No. 1 in Japan!"]
MARKUP = ["<!--", "-->", "<a ", '<a "', "</a ", "<!x ", "<?x ", "<![CDATA[", "<p>", "</p>",
          "<b>", "&amp;", "&#", "&#x41;", "&", "<", ">", '"', "'", "=", "**", "_", "`",
          "```\n", "[", "](", ")", "# ", "- ", "> ", "|", "\n", "\n\n", "---\n",
          "<!-- medlint-disable-line EN-DISEASE-TREAT -->", "<!-- medlint-disable -->",
          "<!-- medlint-enable -->", "<!-- medlint-disable-next-line x -- why -->",
          "# medlint-disable-file\n", "<!-- medlint-", "<script>", "</script>", '<img alt="',
          "\r\n", "\t", "\u3000", "\ufeff", "\x1b$B", "\x1b(B", "\u2028", "\udcff"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


class Hang(Exception):
    pass


class CaughtBug(Exception):
    pass


def _alarm(_signum, _frame):
    raise Hang


def text_input(rng: random.Random) -> bytes:
    kind = rng.random()
    if kind < 0.15:
        return rng.randbytes(rng.randint(0, 2000))
    if kind < 0.25:  # one fragment repeated up to 100 KB: the quadratic cases
        unit = rng.choice(MARKUP + CLAIMS)
        size = rng.choice([1_000, 10_000, 50_000, 99_000])
        return (unit * (size // max(1, len(unit.encode("utf-8", "surrogatepass"))))).encode(
            "utf-8", "surrogatepass")[:size]
    parts = []
    for _ in range(rng.randint(0, 60)):
        pick = rng.random()
        if pick < 0.3:
            parts.append(rng.choice(CLAIMS))
        elif pick < 0.8:
            parts.append(rng.choice(MARKUP))
        else:
            parts.append("".join(chr(rng.randint(0, 0x3100)) for _ in range(rng.randint(0, 8))))
    text = "".join(parts)
    encoding = rng.choice(["utf-8", "utf-8", "utf-8", "cp932", "euc_jp", "iso2022_jp",
                           "utf-16"])
    return text.encode(encoding, "replace") if encoding != "utf-8" else text.encode(
        "utf-8", "surrogatepass")


def _part(root: str, body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><w:{root} xmlns:w="{W}">{body}'
            f"</w:{root}>").encode()


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r><w:t>{r}</w:t></w:r>" for r in runs) + "</w:p>"


SEED_FILES = {
    "[Content_Types].xml": b"<Types/>",
    "_rels/.rels": (f'<Relationships xmlns="{PKG}"><Relationship Id="r1" '
                    f'Type="{REL}/officeDocument" Target="word/document.xml"/>'
                    "</Relationships>").encode(),
    "word/document.xml": _part("document", "<w:body>" + _p("当院の点滴で、不眠症を治します。")
                               + '<w:p><w:ins w:id="1"><w:r><w:t>Our drip cures insomnia.'
                               '</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:delText>x'
                               "</w:delText></w:r></w:del></w:p><w:tbl><w:tr><w:tc>"
                               + _p("cell") + "</w:tc></w:tr></w:tbl></w:body>"),
    "word/_rels/document.xml.rels": (
        f'<Relationships xmlns="{PKG}"><Relationship Id="h" Type="{REL}/header" '
        f'Target="header1.xml"/><Relationship Id="n" Type="{REL}/footnotes" '
        'Target="footnotes.xml"/></Relationships>').encode(),
    "word/header1.xml": _part("hdr", _p("Header")),
    "word/footnotes.xml": _part("footnotes", '<w:footnote w:id="1">' + _p("Note")
                                + "</w:footnote>"),
}


def _zip(files: dict[str, bytes], method: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


SEED_DOCX = _zip(SEED_FILES, zipfile.ZIP_DEFLATED)


def docx_input(rng: random.Random) -> bytes:
    how = rng.choice(["flip", "flip", "truncate", "member", "splice", "drop", "xml-bomb"])
    if how == "flip":
        data = bytearray(SEED_DOCX)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    if how == "truncate":
        return SEED_DOCX[:rng.randrange(len(SEED_DOCX))]
    files = dict(SEED_FILES)
    name = rng.choice(sorted(files))
    if how == "drop":
        files.pop(name)
    elif how == "member":
        files[name] = text_input(rng)[:5000]
    elif how == "splice":
        at = rng.randint(0, len(files[name]))
        files[name] = files[name][:at] + text_input(rng)[:3000] + files[name][at:]
    else:  # many paragraphs or elements in a small file
        unit = rng.choice([b"<w:p/>", b"<w:x/>", b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"])
        body = unit * rng.choice([1_000, 100_000, 3_000_000])
        files["word/document.xml"] = (f'<w:document xmlns:w="{W}"><w:body>'.encode() + body
                                      + b"</w:body></w:document>")
    return _zip(files, rng.choice([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))


TOML_LINES = ["[tool]\n", "[tool.medlint]\n", "[[tool.medlint]]\n", "[tool.medlint.severity]\n",
              "medlint = 5\n", 'tool = "x"\n', 'select = ["ALL"]\n', "select = 5\n",
              'fail-on = "eror"\n', 'profile = "clinic"\n', "severity = []\n",
              '"EN-X" = "error"\n', "exclude = [1]\n", "per-file-ignores = {a = 5}\n",
              'max-file-size = "1MB"\n', "lang = true\n", "x = {\n", "= =\n", "\x00",
              "[tool.medlint.per-file-ignores]\n", '"*.md" = ["inducement"]\n']
KEYS = ["select", "severity", "findings", "path", "rule_id", "fingerprint", "count",
        "medlint_baseline", "location_unit", "format", "words", "x"]


def json_value(rng: random.Random, depth: int = 0):
    pick = rng.random()
    if depth > 3 or pick < 0.4:
        return rng.choice([None, True, False, 0, 1, -1, "", "x", "ALL", "error", "line", 1.5])
    if pick < 0.7:
        return [json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(KEYS): json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-reader", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    signal.signal(signal.SIGALRM, _alarm)
    workdir = Path(tempfile.mkdtemp(prefix="medlint-fuzz-"))
    cache = Cache(workdir / "cache")

    def check_config(data: bytes) -> None:
        path = workdir / rng.choice(["pyproject.toml", ".medlint.toml"])
        path.write_bytes(data)
        try:
            table = read_config_table(path)
            if table is not None:
                apply_table(Settings(), path, table)
        except ConfigError:
            pass

    def check_baseline(data: bytes) -> None:
        path = workdir / "baseline.json"
        path.write_bytes(data)
        with contextlib.suppress(BaselineError):
            load_baseline(path)

    def check_cache(data: bytes) -> None:
        key = "cd" * 32
        path = workdir / "cache" / "results" / key[:2] / f"{key[2:]}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        assert cache.get_sealed("results", key) is None  # no seal of its own bytes
        with contextlib.suppress(ValueError, TypeError):
            Prefilter().load("ja", cache.get_json("results", key))

    def reader(suffix: str):
        def check(data: bytes) -> None:
            try:
                read_bytes(f"page{suffix}", data)
            except InputError as error:
                assert "\n" not in error.message
                if error.message.startswith("cannot read this"):
                    # the safety net caught a reader's own exception: no traceback for the
                    # user, but a reader bug to count
                    raise CaughtBug(error.message) from error
        return check

    def json_input(rng: random.Random) -> bytes:
        value = json_value(rng)
        if rng.random() < 0.5:
            value = {"medlint_baseline": 1, "findings": value}
        return json.dumps(value).encode() if rng.random() < 0.9 else rng.randbytes(40)

    targets = [
        (".txt", text_input, reader(".txt")),
        (".md", text_input, reader(".md")),
        (".html", text_input, reader(".html")),
        (".docx", docx_input, reader(".docx")),
        ("config", lambda r: "".join(r.choice(TOML_LINES) for _ in range(r.randint(0, 8)))
         .encode(), check_config),
        ("baseline", json_input, check_baseline),
        ("cache entry", json_input, check_cache),
    ]
    rows = []
    for name, generate, check in targets:
        counts: Counter = Counter()
        slowest = 0.0
        started = time.monotonic()
        for _ in range(args.per_reader):
            data = generate(rng)
            counts["inputs"] += 1
            t0 = time.monotonic()
            signal.alarm(HANG_SECONDS)
            try:
                check(data)
            except CaughtBug as bug:
                counts["caught"] += 1
                print(f"CAUGHT {name}: {data[:80]!r}: {bug}", file=sys.stderr)
            except Hang:
                counts["hangs"] += 1
                print(f"HANG {name}: {data[:80]!r} ({len(data)} bytes)", file=sys.stderr)
            except Exception:
                counts["tracebacks"] += 1
                print(f"TRACEBACK {name}: {data[:80]!r}\n{traceback.format_exc()}",
                      file=sys.stderr)
            finally:
                signal.alarm(0)
            elapsed = time.monotonic() - t0
            slowest = max(slowest, elapsed)
            if len(data) >= 50_000:
                counts["inputs >= 50 KB"] += 1
        rows.append((name, counts["inputs"], counts["inputs >= 50 KB"], counts["tracebacks"],
                     counts["hangs"], counts["caught"], slowest, time.monotonic() - started))
    print(f"seed {args.seed}, hang = over {HANG_SECONDS} s for an input under 100 KB")
    print("caught = a reader's own exception turned into an input error by the safety net")
    print(f"| {'target':<12} | inputs | >=50 KB | tracebacks | hangs | caught | slowest s "
          "| total s |")
    print("|---|---|---|---|---|---|---|---|")
    for name, inputs, big, tracebacks, hangs, caught, slowest, total in rows:
        print(f"| {name:<12} | {inputs:>6} | {big:>7} | {tracebacks:>10} | {hangs:>5} | "
              f"{caught:>6} | {slowest:>9.2f} | {total:>7.1f} |")
    return 1 if any(r[3] or r[4] or r[5] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
