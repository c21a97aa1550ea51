"""The audit trail: what was checked, against which edition of the rules and guidelines.

Compliance staff must later show which version of the tool and of the rule data
a draft was checked with.  :func:`build_audit` gathers, for one run: medlint's
version, the rule set's edition (the date in ``rules/edition.json``) and content
hash (``RuleSet.fingerprint``), each guideline the rules cite with the edition or
as-of date the rule data records for it (``edition.json``'s ``guidelines``; any
other source is as of the rule set's edition), the SHA-256 of each input, the
time, and the options and profile used.  Every machine-readable report (JSON,
SARIF ``run.properties``, HTML, the reviewed .docx) carries the same dict.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from linter import __version__
from linter.reporting.results import RunResult

EDITION_FILE = "edition.json"


def read_edition(rules_dir: Path) -> dict[str, Any]:
    """A rule folder's ``edition.json`` (``{}`` when it has none or it is unreadable)."""
    try:
        data = json.loads((rules_dir / EDITION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def sha256_of(path: str) -> str | None:
    """The SHA-256 of a file's bytes, or None for standard input, text and unreadable paths."""
    try:
        file = Path(path)
        if not file.is_file():
            return None
        digest = hashlib.sha256()
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def _fetched(path: str) -> str | None:
    if not path.lower().startswith(("http://", "https://")):
        return None
    from linter.reading.url import FETCHED_SHA256

    return FETCHED_SHA256.get(path)


def _inputs(result: RunResult) -> list[dict[str, Any]]:
    items = []
    for file in result.files:
        # a reader that kept the bytes' hash (URLs, uploads) wins over re-reading the path
        digest = getattr(file, "sha256", None) or _fetched(file.path) or sha256_of(file.path)
        item: dict[str, Any] = {"path": file.path, "sha256": digest}
        if file.error:
            item["error"] = file.error
        items.append(item)
    return items


def _guidelines(ruleset, edition: str | None, recorded: Mapping[str, str],
                result: RunResult) -> list[dict[str, Any]]:
    cited = Counter(ref.get("source", "") for f in result.findings for ref in f.references)
    sources = sorted({ref.source for rule in ruleset.rules for ref in rule.references}
                     | set(cited) - {""})
    out = []
    for source in sources:
        if source in recorded:
            entry = {"source": source, "as_of": recorded[source], "recorded_as": "guideline"}
        else:
            entry = {"source": source, "as_of": edition, "recorded_as": "rule set edition"}
        entry["findings"] = cited.get(source, 0)
        out.append(entry)
    return out


def build_audit(result: RunResult, linter, options: Mapping[str, Any] | None = None,
                *, now: datetime | None = None) -> dict[str, Any]:
    """The audit trail of ``result``, linted by ``linter`` (a :class:`linter.api.Linter`)
    with ``options`` (the command's options; ``None`` values are left out)."""
    from linter.resources import bundled_rules_dir

    settings = linter.settings_for(".")
    ruleset = linter.ruleset(settings)
    folders = [bundled_rules_dir(), *settings.rules_dirs]
    bundled = read_edition(folders[0])
    recorded: dict[str, str] = {}
    for folder in folders:
        recorded.update(read_edition(folder).get("guidelines") or {})
    edition = bundled.get("edition")
    extra = [{"path": str(folder), "edition": read_edition(folder).get("edition")}
             for folder in folders[1:]]
    rule_set: dict[str, Any] = {"edition": edition, "fingerprint": ruleset.fingerprint,
                                "rules": len(ruleset.rules)}
    if extra:
        rule_set["extra_rules_dirs"] = extra
    clean_options = {k: (list(v) if isinstance(v, tuple) else v)
                     for k, v in (options or {}).items()
                     if v not in (None, (), [], False)}
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return {
        "medlint_version": __version__,
        "time": moment.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "rule_set": rule_set,
        "guidelines": _guidelines(ruleset, edition, recorded, result),
        "inputs": _inputs(result),
        "profile": settings.profile,
        "options": json.loads(json.dumps(clean_options, default=str)),
    }


def audit_html(audit: Mapping[str, Any]) -> str:
    """The audit trail for the HTML report: a readable block plus the same dict as JSON in
    ``<script type="application/json" id="medlint-audit">`` for tools."""
    import html

    def e(value: Any) -> str:
        return html.escape(str(value), quote=True)

    rule_set = audit.get("rule_set", {})
    rows = [("medlint", audit.get("medlint_version")),
            ("rule set edition", rule_set.get("edition")),
            ("rule set sha256", rule_set.get("fingerprint")),
            ("time", audit.get("time")),
            ("profile", audit.get("profile") or "-"),
            ("options", json.dumps(audit.get("options") or {}, ensure_ascii=False))]
    rows += [("input", f"{i.get('path')} sha256 {i.get('sha256')}")
             for i in audit.get("inputs", [])]
    rows += [("guideline", f"{g['source']} (as of {g['as_of']})")
             for g in audit.get("guidelines", [])]
    table = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows)
    data = json.dumps(dict(audit), ensure_ascii=False).replace("</", "<\\/")
    return ('<details class="audit"><summary>Audit trail</summary>'
            f'<table style="font-size:12px;text-align:left">{table}</table></details>'
            f'<script type="application/json" id="medlint-audit">{data}</script>')
