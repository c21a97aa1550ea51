"""Settings for a file: defaults, then the closest config file, then the command line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linter.config.settings import (
    ConfigError,
    Settings,
    apply_table,
    find_config,
    read_config_table,
)


@dataclass
class Overrides:
    """Command-line values; None means 'not given'."""

    values: dict[str, Any] = field(default_factory=dict)

    def apply(self, settings: Settings) -> Settings:
        for key, value in self.values.items():
            if value is None or value == ():
                continue
            setattr(settings, key.replace("-", "_"), value)
            settings.sources[key] = f"--{key}"
        return settings


class SettingsResolver:
    """Resolves (and caches per folder) the settings that apply to each linted file."""

    def __init__(self, overrides: Overrides, config_file: Path | None = None) -> None:
        self.overrides = overrides
        self.explicit = config_file
        self._explicit_table: dict[str, Any] | None = None
        if config_file is not None:
            if not config_file.is_file():
                raise ConfigError(f"{config_file}: config file not found")
            self._explicit_table = read_config_table(config_file)
            if self._explicit_table is None:
                raise ConfigError(f"{config_file}: has no [tool.medlint] table")
        self._by_folder: dict[Path, Settings] = {}

    def for_folder(self, folder: Path) -> Settings:
        folder = folder.resolve()
        if folder not in self._by_folder:
            settings = Settings()
            if self.explicit is not None:
                apply_table(settings, self.explicit.resolve(), self._explicit_table or {})
            else:
                found = find_config(folder)
                if found:
                    apply_table(settings, *found)
            self._by_folder[folder] = self.overrides.apply(settings)
        return self._by_folder[folder]

    def for_file(self, path: str) -> Settings:
        if path == "-":
            return self.for_folder(Path.cwd())
        return self.for_folder(Path(path).parent)
