"""Pick a reader by file extension and turn a path (or stdin) into a SourceDocument."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, BinaryIO

from linter.reading.decoding import decode_bytes
from linter.reading.document import SourceDocument
from linter.reading.errors import InputError

TextReader = Callable[[str, str], SourceDocument]


@dataclass(frozen=True)
class Reader:
    """One input format: the file suffixes it claims and the function that reads it.

    A text reader is ``read(path, text)`` on the decoded file; a binary one (``binary``)
    is ``read(path, data)`` on its bytes.  Functions are named as ``module:function`` and
    imported only when a file of that kind is read."""

    kind: str
    suffixes: frozenset[str]
    function: str
    binary: bool = False

    def load(self) -> Callable[[str, Any], SourceDocument]:
        module, _, name = self.function.partition(":")
        return getattr(import_module(module), name)


# The reader table: adding a format is a module with its read function and one line here.
READERS: tuple[Reader, ...] = (
    Reader("text", frozenset({".txt", ".text"}), "linter.reading.plaintext:read_text"),
    Reader("markdown", frozenset({".md", ".markdown", ".mdx"}),
           "linter.reading.markdown:read_markdown"),
    Reader("html", frozenset({".html", ".htm", ".xhtml"}), "linter.reading.html:read_html"),
    Reader("docx", frozenset({".docx"}), "linter.reading.docx:read_docx", binary=True),
    Reader("pdf", frozenset({".pdf"}), "linter.reading.pdf:read_pdf", binary=True),
)
_BY_KIND = {reader.kind: reader for reader in READERS}
_BY_SUFFIX = {suffix: reader for reader in READERS for suffix in reader.suffixes}

LINTABLE_SUFFIXES = frozenset(_BY_SUFFIX)
DOCX_SUFFIXES = _BY_KIND["docx"].suffixes  # formats without lines (paragraph locations)


def kind_for(path: str) -> str:
    """The reader kind of ``path`` (by suffix; a live page by its response); plain text when
    the suffix is unknown (standard input, ``--stdin-filename`` without one)."""
    if path.lower().startswith(("http://", "https://")):  # live pages: linter/reading/url.py
        from linter.reading.url import kind_for_url

        return kind_for_url(path)
    reader = _BY_SUFFIX.get(Path(path).suffix.lower())
    return reader.kind if reader else "text"


DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILE_SIZE_ENV = "MEDLINT_MAX_FILE_SIZE"


def parse_size(value: int | str) -> int:
    """A size in bytes from an int or a string such as ``"10MB"``, ``"500 KB"``, ``"2000000"``
    (KB/MB/GB are powers of 1024).  Raises ValueError for anything else."""
    if isinstance(value, bool):
        raise ValueError(f"not a size: {value!r}")
    if isinstance(value, int):
        size = value
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*([KMG]i?B?|B)?\s*", value, re.I)
        if not match:
            raise ValueError(f"not a size: {value!r} (use e.g. 10MB, 500KB or a number of "
                             "bytes)")
        unit = (match.group(2) or "B").upper()[:1]
        size = int(match.group(1)) * {"B": 1, "K": 1024, "M": 1024**2, "G": 1024**3}[unit]
    else:
        raise ValueError(f"not a size: {value!r}")
    if size <= 0:
        raise ValueError(f"the size must be positive (got {value!r})")
    return size


def default_max_file_size() -> int:
    """``MEDLINT_MAX_FILE_SIZE`` (bytes, or e.g. ``20MB``) or 10 MB."""
    configured = os.environ.get(MAX_FILE_SIZE_ENV)
    if configured:
        try:
            return parse_size(configured)
        except ValueError:
            pass  # a broken variable must not disable the limit
    return DEFAULT_MAX_FILE_SIZE


def _too_large(path: str, size: int, limit: int) -> InputError:
    return InputError(path, f"larger than the input limit ({_human(size)} > {_human(limit)}); "
                      f"raise it with the max-file-size setting or {MAX_FILE_SIZE_ENV} if "
                      "this really is one draft")


def _human(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    detail = text[0][:200] if text else ""
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def read_bytes(path: str, data: bytes, *, encoding: str | None = None,
               kind: str | None = None, max_size: int | None = None) -> SourceDocument:
    """Decode and parse one file's bytes.  Never raises anything but InputError: whatever goes
    wrong inside a decoder or parser (a damaged .docx, a parser bug) is this file's one-line
    error, so one bad file cannot take the run down."""
    limit = max_size if max_size is not None else default_max_file_size()
    if len(data) > limit:
        raise _too_large(path, len(data), limit)
    reader = _BY_KIND[kind or kind_for(path)]
    kind = reader.kind
    try:
        if reader.binary:
            return reader.load()(path, data)
        return reader.load()(path, decode_bytes(data, path, encoding))
    except InputError:
        raise
    except MemoryError as exc:
        raise InputError(path, "too large to read in the available memory") from exc
    except Exception as exc:  # any failure of one file's reader is that file's error
        raise InputError(path, f"cannot read this {kind} file ({_one_line(exc)})") from exc


def read_raw(path: str, max_size: int | None = None) -> bytes:
    """A regular file's bytes; every failure becomes an InputError with a one-line reason.

    The file is opened without blocking and checked with ``fstat`` before anything is read,
    so a FIFO (which would wait forever) or a device (``/dev/zero`` never ends) is refused,
    and no more than the input limit is ever read."""
    limit = max_size if max_size is not None else default_max_file_size()
    if path.lower().startswith(("http://", "https://")):  # compliance desk: live pages
        from linter.reading.url import fetch_text_bytes

        return fetch_text_bytes(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        if os.path.islink(path):
            raise InputError(path, "broken symbolic link") from exc
        raise InputError(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(path, "is a directory") from exc
    except PermissionError as exc:
        raise InputError(path, "permission denied; check the file's permissions") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(path, "symbolic link loop") from exc
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from exc
    except (ValueError, TypeError) as exc:  # e.g. a NUL byte in the name
        raise InputError(path, f"not a usable file name ({exc})") from exc
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(path, "is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, f"not a regular file ({_file_type(info.st_mode)}); skipped")
        if info.st_size > limit:
            raise _too_large(path, info.st_size, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks = []
        remaining = limit + 1  # one byte more than allowed tells a file that grew
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)
    if len(data) > limit:
        raise _too_large(path, len(data), limit)
    return data


def read_stream(stream: BinaryIO, path: str = "-", max_size: int | None = None) -> bytes:
    """Standard input (or any stream), reading at most the input limit."""
    limit = max_size if max_size is not None else default_max_file_size()
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise _too_large(path, len(data), limit)
    return data


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def read_path(path: str, *, encoding: str | None = None,
              max_size: int | None = None) -> SourceDocument:
    """Read and parse one file; only ever raises InputError."""
    return read_bytes(path, read_raw(path, max_size), encoding=encoding, max_size=max_size)
