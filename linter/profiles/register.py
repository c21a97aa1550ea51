"""The claims register a company keeps: ``medlint-claims.yaml``.

Each entry is an approved or substantiated claim with its basis (届出番号, approval
number, study citation), the pages it covers (globs relative to the register's
folder) and an expiry date.  The register is found like a config file: the closest
``medlint-claims.yaml`` walking up from the linted file's folder.  Validated by
``linter/schemas/claims-register.schema.json``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fnmatch
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from linter.config.settings import ConfigError
from linter.profiles.tokens import token_set

REGISTER_NAME = "medlint-claims.yaml"


class RegisterError(ConfigError):
    """A register file that cannot be read or is not valid (a configuration error: the
    CLI reports it in one line and exits 2)."""


@dataclass(frozen=True)
class RegisteredClaim:
    id: str
    claim: str
    lang: str
    basis: str
    scope: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    expires: _dt.date | None = None
    tokens: frozenset[str] = frozenset()

    def expired(self, today: _dt.date) -> bool:
        return self.expires is not None and self.expires < today

    def describe(self) -> str:
        quoted = f"「{self.claim}」" if self.lang == "ja" else f"\"{self.claim}\""
        return f"{quoted} ({self.id}: {self.basis})"


@dataclass
class Register:
    claims: tuple[RegisteredClaim, ...]
    root: Path | None = None  # the folder scope globs are relative to
    path: Path | None = None

    def applicable(self, page: str, profile: str | None, lang: str) -> list[RegisteredClaim]:
        """Entries in scope for ``page`` (any expiry) under ``profile`` in ``lang``."""
        return [c for c in self.claims
                if c.lang == lang and (not c.profiles or profile in c.profiles)
                and self.in_scope(c, page)]

    def in_scope(self, claim: RegisteredClaim, page: str) -> bool:
        if not claim.scope:
            return True
        candidate = Path(page)
        if self.root is not None:
            with contextlib.suppress(ValueError, OSError):  # outside the root: as given
                candidate = candidate.resolve().relative_to(self.root.resolve())
        posix = PurePosixPath(candidate.as_posix())
        return any(posix.match(glob) or fnmatch.fnmatch(posix.as_posix(), glob)
                   for glob in claim.scope)


def _lang_of(text: str) -> str:
    return "ja" if any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff"
                       for ch in text) else "en"


def register_from_data(data: object, *, root: Path | None = None,
                       path: Path | None = None) -> Register:
    """Build a register from parsed YAML/TOML data (validated against the schema)."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from linter.resources import load_schema

    error = best_match(Draft202012Validator(load_schema("claims-register")).iter_errors(data))
    where = f"{path}: " if path else ""
    if error is not None:
        raise RegisterError(f"{where}{error.json_path}: {error.message}")
    claims = []
    seen: set[str] = set()
    for raw in data["claims"]:  # type: ignore[index]
        if raw["id"] in seen:
            raise RegisterError(f"{where}duplicate claim id {raw['id']!r}")
        seen.add(raw["id"])
        expires = None
        if "expires" in raw:
            try:
                expires = _dt.date.fromisoformat(str(raw["expires"]))
            except ValueError as exc:
                raise RegisterError(f"{where}{raw['id']}: bad expiry date") from exc
        lang = raw.get("lang") or _lang_of(raw["claim"])
        claims.append(RegisteredClaim(
            id=raw["id"], claim=raw["claim"], lang=lang, basis=raw["basis"],
            scope=tuple(raw.get("scope", ())), profiles=tuple(raw.get("profiles", ())),
            expires=expires, tokens=token_set(raw["claim"], lang, keep_parentheticals=False),
        ))
    return Register(tuple(claims), root=root, path=path)


def load_register(path: str | Path) -> Register:
    """Read ``medlint-claims.yaml`` (scope globs are relative to its folder)."""
    import yaml

    file = Path(path)
    try:
        # dates stay strings: the schema checks their shape, fromisoformat their value
        text = file.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_string_dates_loader())
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RegisterError(f"{file}: cannot read the claims register: {exc}") from exc
    return register_from_data(data, root=file.parent, path=file)


@lru_cache(maxsize=1)
def _string_dates_loader():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers
              if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def find_register(path: str | Path, *, stop: Path | None = None) -> Path | None:
    """The closest ``medlint-claims.yaml`` in ``path``'s folder or above (None if none)."""
    start = Path(path)
    if str(path) in ("-", "<text>"):
        return None
    folder = (start if start.is_dir() else start.parent).resolve()
    for candidate in (folder, *folder.parents):
        register = candidate / REGISTER_NAME
        if register.is_file():
            return register
        if stop is not None and candidate == stop:
            break
    return None
