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
        "medlint's bundled rules are missing: reinstall medlint (pip install medlint)"
    )


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in ``linter/schemas`` (e.g. ``rule-file``)."""
    path = PACKAGE_DIR / "schemas" / f"{name}.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))
