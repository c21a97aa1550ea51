"""Which files a run lints: explicit files as given, folders walked for drafts.

The walk never follows a symbolic link to a folder (so a link loop cannot make it
endless), skips version-control, virtual-environment and hidden folders and what
``.gitignore`` ignores, and keeps only files in a format medlint reads.  Nothing
here raises for an odd path: a symbolic link loop, a file name with undecodable
bytes, a FIFO or a folder that cannot be listed is either yielded (so that the
reader reports it as that file's one-line input error, ``read_raw`` refusing
FIFOs and devices before reading) or, when the caller passes an ``errors`` list,
recorded there as an :class:`InputError` instead.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from linter.reading.errors import InputError
from linter.reading.registry import LINTABLE_SUFFIXES

SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
STDIN = "-"


def _problem(path: str) -> str | None:
    """Why ``path`` cannot be linted as a file, or None when it looks readable (or missing:
    the reader says "no such file")."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "broken symbolic link" if os.path.islink(path) else None
    except OSError as exc:
        return "symbolic link loop" if exc.errno == errno.ELOOP else f"cannot read ({exc.strerror})"
    except (ValueError, TypeError) as exc:
        return f"not a usable file name ({exc})"
    if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        return None
    if stat.S_ISFIFO(info.st_mode):
        return "not a regular file (a FIFO); skipped"
    return "not a regular file (a device or socket); skipped"


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def discover(paths: Iterable[str], errors: list[InputError] | None = None) -> Iterator[str]:
    """Files to lint, in a stable order: explicit files as given, folders walked (sorted) for
    drafts in known formats, skipping what ``.gitignore`` ignores.

    With ``errors=None`` every problem path is yielded, so that reading it reports the
    problem as that file's input error; with a list, problem paths (link loops, FIFOs,
    devices, folders that cannot be listed) are appended to it as InputErrors instead."""
    from linter.reading.ignore_files import GitIgnores

    ignores = GitIgnores()

    def report(path: str, message: str) -> bool:
        """True when the caller collects errors (then the path is not yielded)."""
        if errors is None:
            return False
        errors.append(InputError(path, message))
        return True

    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if not _is_dir(path):
            problem = _problem(raw)
            if problem is None or not report(raw, problem):
                yield raw
            continue
        found: list[str] = []

        def walk_error(exc: OSError, top: str = raw) -> None:
            name = exc.filename if isinstance(exc.filename, str) else top
            report(name, f"cannot list this folder ({exc.strerror})")

        for root, dirs, files in os.walk(path, onerror=walk_error):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith(".")
                             and not ignores.ignored(Path(root) / d, is_dir=True))
            for name in sorted(files):
                if Path(name).suffix.lower() not in LINTABLE_SUFFIXES:
                    continue
                file = Path(root) / name
                if ignores.ignored(file):
                    continue
                problem = _problem(str(file))
                if problem is not None and report(str(file), problem):
                    continue
                found.append(str(file))
        yield from sorted(found)
