"""Resolved settings and where each value came from.

Precedence, highest first: command-line option, the closest configuration file
to the linted file (``.medlint.toml``, then ``pyproject.toml`` with a
``[tool.medlint]`` table, searched from the file's folder upward, like ruff),
built-in default.
"""

from __future__ import annotations

import fnmatch
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from linter.rules.model import LANGS, PROFILES, SEVERITIES

CONFIG_NAMES = (".medlint.toml", "pyproject.toml")


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


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


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
}


def _str_list(path: Path, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: '{key}' must be a list of strings")
    return tuple(value)


def _choice(path: Path, key: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(f"{path}: '{key}' must be one of {', '.join(choices)} (got {value!r})")
    return value


def read_config_table(path: Path) -> dict[str, Any] | None:
    """The medlint table of a config file, or None when pyproject.toml has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc})") from exc
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("medlint")
    return data


def apply_table(settings: Settings, path: Path, table: dict[str, Any]) -> None:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown setting '{unknown[0]}'; known: "
                          f"{', '.join(sorted(_KEYS))}")
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
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: 'severity' must be a table of rule/category = level")
            settings.severity = {k: _choice(path, f"severity.{k}", v, SEVERITIES)
                                 for k, v in value.items()}
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: 'per-file-ignores' must be a table of glob = [rules]")
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
