"""Resolved settings and where each value came from.

Precedence, highest first: command-line option, the closest configuration file
to the linted file (``.medlint.toml``, then ``pyproject.toml`` with a
``[tool.medlint]`` table, searched from the file's folder upward, like ruff),
built-in default.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from linter.rules.model import LANGS, PROFILES, SEVERITIES

CONFIG_NAMES = (".medlint.toml", "pyproject.toml")
_MAX_CONFIG_BYTES = 1024 * 1024  # a config file is a few lines; never read a huge one


class ConfigError(Exception):
    """A configuration file that cannot be used, in one line."""


@dataclass
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules_dirs: tuple[Path, ...] = ()
    profile: str | None = None
    fail_on: str = "error"
    min_severity: str = "warning"  # info is the review tier (README "Severity")
    locale: str = "auto"
    lang: str = "auto"
    english_model: str = "blank"
    report_unused_suppressions: bool = True
    max_file_size: int = 10 * 1024 * 1024  # bytes; linter.reading.registry's default
    root: Path = field(default_factory=Path.cwd)  # folder the relative globs start from
    config_file: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)  # key -> where the value came from

    def source(self, key: str) -> str:
        return self.sources.get(key, "default")

    def is_excluded(self, path: Path) -> bool:
        relative = _relative(path, self.root)
        return any(_glob_match(relative, pattern) for pattern in self.exclude)

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        relative = _relative(path, self.root)
        out: list[str] = []
        for pattern, selectors in self.per_file_ignores.items():
            if _glob_match(relative, pattern):
                out.extend(selectors)
        return tuple(out)


def _resolved(path: Path) -> Path:
    """``path.resolve()``, or the absolute path for a symbolic link loop (which
    ``resolve`` refuses with RuntimeError): matching globs must never raise."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _relative(path: Path, root: Path) -> str:
    resolved = _resolved(path)
    try:
        base = _resolved_root(root) if root.is_absolute() else _resolved(root)
        return resolved.relative_to(base).as_posix()
    except ValueError:
        return resolved.as_posix()


@lru_cache(maxsize=16)
def _resolved_root(root: Path) -> Path:
    """An absolute config root, resolved once per run rather than twice per file (a relative
    one depends on the working directory, so it is resolved each time)."""
    return _resolved(root)


def _glob_match(relative: str, pattern: str) -> bool:
    """Gitignore-like globs: ``**`` spans folders, a pattern without / matches any file name."""
    pure = PurePosixPath(relative)
    if "/" not in pattern.rstrip("/"):
        return fnmatch.fnmatch(pure.name, pattern) or any(
            fnmatch.fnmatch(part, pattern.rstrip("/")) for part in pure.parts[:-1])
    if pure.match(pattern) or fnmatch.fnmatch(relative, pattern):
        return True
    if pattern.endswith("/**") or pattern.endswith("/"):
        prefix = pattern.rstrip("*").rstrip("/")
        return relative == prefix or relative.startswith(prefix + "/")
    return fnmatch.fnmatch(relative, pattern.replace("**/", "*/").replace("/**", "/*"))


_KEYS = {
    "select", "ignore", "severity", "exclude", "per-file-ignores", "rules-dirs", "profile",
    "fail-on", "min-severity", "locale", "lang", "english-model", "report-unused-suppressions",
    "max-file-size",
}


def _str_list(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: '{key}' must be a list of strings (got {_kind(value)})")
    return tuple(value)


def _closest(value: Any, choices: Iterable[str]) -> str:
    """'; did you mean 'x'?' for a near miss, or nothing."""
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _choice(path: Path, key: str, value: Any, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ConfigError(f"{path}: '{key}' must be one of {', '.join(choices)} (got "
                          f"{value!r}){_closest(value, choices)}")
    return value


def _table_of(path: Path, key: str, value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: '{key}' must be a table of {what} (got "
                          f"{_kind(value)})")
    return value


def _kind(value: Any) -> str:
    """A TOML-ish name for a value's type, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array" if not all(isinstance(v, dict) for v in value) or not value \
            else "an array of tables ([[...]])"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__


def read_config_table(path: Path) -> dict[str, Any] | None:
    """The medlint table of a config file, or None when pyproject.toml has none."""
    try:
        if path.stat().st_size > _MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: larger than {_MAX_CONFIG_BYTES // 1024} KB; not a config "
                              "file medlint will read")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from exc
    except (OSError, UnicodeDecodeError, RecursionError) as exc:
        raise ConfigError(f"{path}: cannot read ({str(exc).splitlines()[0] if str(exc) else exc!r})"
                          ) from exc
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        if tool is None:
            return None
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: 'tool' must be a table (got {_kind(tool)})")
        table = tool.get("medlint")
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.medlint] must be a table of settings (got "
                              f"{_kind(table)}); write [tool.medlint] with key = value lines")
        return table
    return data


def apply_table(settings: Settings, path: Path, table: dict[str, Any]) -> None:
    """Check a config table (every key known, every value of the right type) and apply it;
    anything wrong is a one-line ConfigError that suggests the closest valid name."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: the medlint settings must be a table (got {_kind(table)})")
    unknown = sorted(str(k) for k in set(table) - _KEYS)
    if unknown:
        hint = _closest(unknown[0], _KEYS) or f"; known: {', '.join(sorted(_KEYS))}"
        raise ConfigError(f"{path}: unknown setting '{unknown[0]}'{hint}")
    where = str(path)
    base = path.parent
    settings.root = base
    settings.config_file = path
    for key, value in table.items():
        attr = key.replace("-", "_")
        if key in ("select", "ignore", "exclude"):
            setattr(settings, attr, _str_list(path, key, value))
        elif key == "rules-dirs":
            settings.rules_dirs = tuple((base / d).resolve()
                                        for d in _str_list(path, key, value))
        elif key == "severity":
            value = _table_of(path, key, value, "rule/category = level")
            settings.severity = {k: _choice(path, f"severity.{k}", v, SEVERITIES)
                                 for k, v in value.items()}
        elif key == "per-file-ignores":
            value = _table_of(path, key, value, "glob = [rules]")
            settings.per_file_ignores = {k: _str_list(path, f"per-file-ignores.{k}", v)
                                         for k, v in value.items()}
        elif key == "profile":
            settings.profile = _choice(path, key, value, PROFILES)
        elif key in ("fail-on", "min-severity"):
            setattr(settings, attr, _choice(path, key, value, SEVERITIES))
        elif key in ("locale", "lang"):
            setattr(settings, attr, _choice(path, key, value, ("auto", *LANGS)))
        elif key == "english-model":
            if not isinstance(value, str):
                raise ConfigError(f"{path}: 'english-model' must be a string")
            settings.english_model = value
        elif key == "max-file-size":
            from linter.reading.registry import parse_size

            try:
                settings.max_file_size = parse_size(value)
            except ValueError as exc:
                raise ConfigError(f"{path}: 'max-file-size' {exc}") from exc
        elif key == "report-unused-suppressions":
            if not isinstance(value, bool):
                raise ConfigError(f"{path}: '{key}' must be true or false")
            settings.report_unused_suppressions = value
        settings.sources[key] = where


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The closest config file at or above ``start`` (a folder)."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            path = candidate / name
            if path.is_file():
                table = read_config_table(path)
                if table is not None:
                    return path, table
    return None
