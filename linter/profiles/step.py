"""The profile step as the API calls it: find the register, then :func:`accept_findings`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from linter.findings.model import Finding
from linter.profiles.register import Register, find_register, load_register

_REGISTERS: dict[Path, tuple[float, Register]] = {}


def register_for(path: str) -> Register | None:
    """The register that applies to the file ``path`` (the closest ``medlint-claims.yaml``
    above it), loaded once per modification time.  Raises RegisterError when invalid."""
    found = find_register(path)
    if found is None:
        return None
    mtime = found.stat().st_mtime
    cached = _REGISTERS.get(found)
    if cached is None or cached[0] != mtime:
        cached = (mtime, load_register(found))
        _REGISTERS[found] = cached
    return cached[1]


def register_fingerprint(path: str) -> str:
    """What of the register a cached result depends on: its path, size and mtime."""
    found = find_register(path)
    if found is None:
        return ""
    stat = found.stat()
    return f"{found}:{stat.st_size}:{stat.st_mtime_ns}"


def restore_accepted(path: str, entries: list) -> list[Finding]:
    """Accepted findings from a cached result (``dataclasses.asdict`` without ``path``)."""
    from linter.profiles.accept import AcceptedFinding

    return [AcceptedFinding(path=path, **entry) for entry in entries]


def profile_step(findings: list[Finding], document: Any, settings: Any, ruleset: Any,
                 locale: str | None = None, register: Register | None = None
                 ) -> tuple[list[Finding], list[Finding]]:
    """(kept, accepted) for one read document under ``settings.profile`` and the register
    found next to it (or ``register``).  Nothing to do - no profile list, no register, no
    hint word - costs one scan of the text."""
    from linter.profiles.accept import RULE_IDS, accept_findings

    if register is None:
        register = register_for(document.path)  # RegisterError is a ConfigError
    if settings.profile is None and register is None:
        from linter.profiles.lists import hint_words

        # no profile, no register: only a hint could be added, and only if a hint word is
        # on the page; skip loading and analysing the positive lists otherwise
        page = document.text.casefold()
        if not any(word.casefold() in page for word in hint_words()):
            return findings, []
    lang = None if settings.lang == "auto" else settings.lang
    kept, accepted = accept_findings(
        findings, document.text, settings.profile, register, path=document.path, lang=lang,
        blocks=document.blocks, locale=locale, ruleset=ruleset,
        position=document.lines.position, location_unit=document.location_unit,
        min_severity=settings.min_severity,
    )
    kept = [f for f in kept if f.rule_id not in RULE_IDS
            or selected(f.rule_id, f.category, settings.select, settings.ignore)]
    return kept, accepted


def _matches(selector: str, rule_id: str, category: str) -> bool:
    return (selector in ("ALL", rule_id, category)
            or rule_id.startswith(selector.rstrip("-") + "-"))


def selected(rule_id: str, category: str, select, ignore) -> bool:
    """Do ``select`` / ``ignore`` keep medlint's own profile finding (by id, id prefix or
    category, as for rules)?"""
    if select and not any(_matches(s, rule_id, category) for s in select):
        return False
    return not any(_matches(s, rule_id, category) for s in ignore)
