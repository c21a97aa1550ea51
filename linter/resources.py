"""Where the package finds its bundled data, installed or in a source checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_rules_dir() -> Path:
    """The rules shipped with medlint.

    A wheel carries them inside the package (``linter/_rules``, see pyproject's
    force-include); an editable install or a source checkout reads ``rules/``
    next to the package, so rule authors see their edits at once.
    """
    installed = PACKAGE_DIR / "_rules"
    if installed.is_dir():
        return installed
    source = PACKAGE_DIR.parent / "rules"
    if source.is_dir():
        return source
    raise FileNotFoundError(
        "medlint's bundled rules are missing: reinstall medlint (the medlint-claims "
        "distribution; see the README's Quickstart)"
    )


_BUILT_IN_LANGS = ["ja", "en"]


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in ``linter/schemas`` (e.g. ``rule-file``).

    The files list the built-in languages; wherever they do (a ``lang`` enum, a
    per-locale message object), the registered language plug-ins are put in their
    place, so a new language needs no schema edit."""
    from linter.languages import codes

    path = PACKAGE_DIR / "schemas" / f"{name}.schema.json"
    return _with_languages(json.loads(path.read_text(encoding="utf-8")), list(codes()))


def _with_languages(node: Any, langs: list[str]) -> Any:
    if isinstance(node, list):
        return [_with_languages(item, langs) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _with_languages(value, langs) for key, value in node.items()}
    if out.get("enum") == _BUILT_IN_LANGS:
        out["enum"] = list(langs)
    pattern = out.get("pattern")
    if isinstance(pattern, str) and pattern.startswith("^(JA|EN)-"):  # ids start with the lang
        prefixes = "|".join(lang.upper() for lang in langs)
        out["pattern"] = pattern.replace("(JA|EN)", f"({prefixes})", 1)
    properties = out.get("properties")
    if isinstance(properties, dict) and sorted(properties) == sorted(_BUILT_IN_LANGS):
        for lang in langs:
            properties.setdefault(lang, properties["en"])
    return out
