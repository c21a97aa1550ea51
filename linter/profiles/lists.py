"""The positive lists: what each kind of product may say (``rules/profiles/*.yaml``).

Each file names a profile, the sources its entries come from, the finding
categories its wording may turn into accepted findings, its entries (a wording, or a
claim *form* such as a US structure/function statement), the statements a page of
that kind must carry, and words that hint at the profile.  Files are validated by
``linter/schemas/profile-list.schema.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from linter.profiles.tokens import token_set
from linter.rules.model import Reference


class ProfileListError(ValueError):
    """A positive-list file that is not valid (path and what is wrong)."""


@dataclass(frozen=True, kw_only=True)
class Source(Reference):
    """A reference that a positive list's entries cite by ``id``."""

    id: str


@dataclass(frozen=True)
class Form:
    """A claim shape: required words (lemmas / normalised forms) and forbidden lexicons."""

    require_any: frozenset[str] = frozenset()
    require_all: frozenset[str] = frozenset()
    forbid_lexicons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One permitted wording (or form) of one profile."""

    id: str
    profile: str
    lang: str
    wording: str
    source: Source
    kind: str = ""
    tokens: frozenset[str] = frozenset()
    form: Form | None = None

    def basis(self) -> str:
        kind = f"{self.kind}: " if self.kind else ""
        return f"{kind}「{self.wording}」 ({self.source.label()})" if self.lang == "ja" else \
            f"{kind}\"{self.wording}\" ({self.source.label()})"


@dataclass(frozen=True)
class Mandatory:
    id: str
    lang: str
    label: str
    any_of: tuple[str, ...]
    source: Source


@dataclass
class ProfileList:
    profile: str
    title: dict[str, str]
    sources: dict[str, Source]
    accepts: tuple[str, ...]
    entries: tuple[Entry, ...]
    includes: tuple[str, ...] = ()
    hints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    mandatory: tuple[Mandatory, ...] = ()
    mandatory_rules: tuple[str, ...] = ()
    path: Path | None = None

    def count(self, lang: str | None = None) -> int:
        """How many entries the list holds as written in its source (one per item)."""
        ids = {e.id.split("~")[0] for e in self.entries if lang is None or e.lang == lang}
        return len(ids)


@dataclass
class ProfileLists:
    """Every positive list, by profile."""

    lists: dict[str, ProfileList]

    def get(self, profile: str | None) -> ProfileList | None:
        return self.lists.get(profile) if profile else None

    def own_entries(self, profile: str, lang: str) -> list[Entry]:
        """Entries the profile may state: its own and those of the lists it includes."""
        out: list[Entry] = []
        seen: set[str] = set()
        stack = [profile]
        while stack:
            name = stack.pop()
            if name in seen or name not in self.lists:
                continue
            seen.add(name)
            out.extend(e for e in self.lists[name].entries if e.lang == lang)
            stack.extend(self.lists[name].includes)
        return out

    def foreign_entries(self, profile: str, lang: str) -> list[Entry]:
        """Wording entries of every other kind of product that this profile may not state."""
        own = {e.id for e in self.own_entries(profile, lang)}
        return [e for plist in self.lists.values() for e in plist.entries
                if e.lang == lang and e.id not in own and e.form is None]


_SPLIT = re.compile(r"[、，,]")


def _entries(raw: dict[str, Any], profile: str, sources: dict[str, Source],
             default: Source) -> list[Entry]:
    out = []
    for item in raw:
        source = sources.get(item.get("source", ""), default)
        form = None
        if "form" in item:
            spec = item["form"]
            lang = item["lang"]
            form = Form(
                require_any=frozenset(t for w in spec.get("require_any", ())
                                      for t in token_set(w, lang)),
                require_all=frozenset(t for w in spec.get("require_all", ())
                                      for t in token_set(w, lang)),
                forbid_lexicons=tuple(spec.get("forbid_lexicons", ())),
            )
        wordings = [item["wording"]]
        if item.get("enumeration"):
            wordings = [w for w in _SPLIT.split(item["wording"].rstrip("。")) if w.strip()]
        for index, wording in enumerate(wordings):
            entry_id = item["id"] if len(wordings) == 1 else f"{item['id']}~{index + 1}"
            out.append(Entry(
                id=entry_id, profile=profile, lang=item["lang"], wording=wording.strip(),
                source=source, kind=item.get("kind", ""), form=form,
                tokens=token_set(wording, item["lang"], keep_parentheticals=False),
            ))
    return out


def load_list(path: Path) -> ProfileList:
    """Read and validate one positive-list file."""
    import yaml
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    from linter.resources import load_schema

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ProfileListError(f"{path}: {exc}") from exc
    error = best_match(Draft202012Validator(load_schema("profile-list")).iter_errors(data))
    if error is not None:
        raise ProfileListError(f"{path}: {error.json_path}: {error.message}")
    sources = {s["id"]: Source(id=s["id"], source=s["source"], section=s["section"],
                               url=s.get("url"))
               for s in data["sources"]}
    default = next(iter(sources.values()))
    for item in [*data["entries"], *data.get("mandatory", ())]:
        if "source" in item and item["source"] not in sources:
            raise ProfileListError(f"{path}: {item['id']}: unknown source {item['source']!r}")
    profile = data["profile"]
    return ProfileList(
        profile=profile,
        title=dict(data["title"]),
        sources=sources,
        accepts=tuple(data["accepts"]),
        entries=tuple(_entries(data["entries"], profile, sources, default)),
        includes=tuple(data.get("includes", ())),
        hints={lang: tuple(words) for lang, words in data.get("hints", {}).items()},
        mandatory=tuple(Mandatory(m["id"], m["lang"], m["label"], tuple(m["any_of"]),
                                  sources.get(m.get("source", ""), default))
                        for m in data.get("mandatory", ())),
        mandatory_rules=tuple(data.get("mandatory_rules", ())),
        path=path,
    )


@lru_cache(maxsize=4)
def hint_words(directory: Path | None = None) -> tuple[str, ...]:
    """Every profile hint word (医薬部外品, "Supplement Facts"...), read without analysing the
    lists' entries, so that a page that names no product kind costs one scan."""
    import yaml

    folder = directory or lists_dir()
    words: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            # libyaml where available: this runs on every page that has no profile
            data = yaml.load(path.read_text(encoding="utf-8"),
                             Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (OSError, yaml.YAMLError):
            continue  # load_lists reports a broken list when it is needed
        hints = data.get("hints", {}) if isinstance(data, dict) else {}
        for values in hints.values() if isinstance(hints, dict) else ():
            words.extend(v for v in values if isinstance(v, str))
    return tuple(dict.fromkeys(words))


def lists_dir() -> Path:
    from linter.resources import bundled_rules_dir

    return bundled_rules_dir() / "profiles"


@lru_cache(maxsize=4)
def load_lists(directory: Path | None = None) -> ProfileLists:
    """Every ``*.yaml`` positive list in ``directory`` (default: the bundled ones)."""
    from linter.rules.model import PROFILES

    folder = directory or lists_dir()
    lists: dict[str, ProfileList] = {}
    for path in sorted(folder.glob("*.yaml")):
        plist = load_list(path)
        if plist.profile not in PROFILES:
            raise ProfileListError(f"{path}: unknown profile {plist.profile!r}")
        if plist.profile in lists:
            raise ProfileListError(f"{path}: a second list for {plist.profile!r}")
        lists[plist.profile] = plist
    return ProfileLists(lists)
