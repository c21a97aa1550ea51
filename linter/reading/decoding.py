"""Bytes → str for the encodings Japanese and English drafts arrive in.

UTF-8 (with or without BOM) is tried first because it is unambiguous;
anything else is detected by charset-normalizer among the legacy encodings
compliance staff still receive (Shift_JIS/CP932, EUC-JP, ISO-2022-JP, CP1252),
or forced with ``--encoding``.
"""

from __future__ import annotations

import codecs
import re

from linter.reading.errors import InputError

# ESC $ @, ESC $ B (JIS X 0208), ESC $ ( D / Q (JIS X 0212 / 0213), ESC ( J / I (Roman, kana)
_ISO2022_ESCAPE = re.compile(rb"\x1b(?:\$[@B]|\$\([DOPQ]|\([JI])")
_ISO2022 = ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_2004")
_LEGACY_ENCODINGS = ["cp932", "shift_jis", "euc_jp", "iso2022_jp", "cp1252"]
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / min(len(text), 20000)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> str:
    """Decode a file's bytes, or raise InputError saying what to do about it."""
    if encoding:
        try:
            return normalize_newlines(data.decode(encoding))
        except LookupError as exc:
            raise InputError(path, f"unknown encoding {encoding!r}; use e.g. utf-8, cp932, "
                             "euc-jp") from exc
        except UnicodeDecodeError as exc:
            raise InputError(path, f"not valid {encoding} at byte {exc.start}; check --encoding"
                             ) from exc
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return normalize_newlines(data.decode(name))
            except UnicodeDecodeError as exc:
                raise InputError(path, f"broken {name} text at byte {exc.start}") from exc
    if _looks_binary(data):
        raise InputError(path, "binary file, not text; lint .txt/.md/.html/.docx drafts")
    if _ISO2022_ESCAPE.search(data):
        # ISO-2022-JP is 7-bit, so it is also valid ASCII/UTF-8: its escape sequences must be
        # looked for before UTF-8 is tried, or a Japanese draft reads as gibberish
        for name in _ISO2022:
            try:
                return normalize_newlines(data.decode(name))
            except UnicodeDecodeError:
                continue
        raise InputError(path, "broken ISO-2022-JP text; pass --encoding if it is another "
                         "encoding")
    try:
        return normalize_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported late: only legacy files pay for it

    best = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None:
        raise InputError(path, "cannot detect the text encoding; pass --encoding "
                         "(e.g. cp932 or euc-jp)")
    text = str(best)
    if _control_ratio(text) > 0.01:
        raise InputError(path, "binary file, not text; lint .txt/.md/.html/.docx drafts")
    return normalize_newlines(text)
