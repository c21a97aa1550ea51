"""Read rule folders: YAML files of rules, lexicons and context triggers.

Every file is validated against its JSON Schema before anything else looks at
it, and cross-file references (lexicon names, dependency node ids, duplicate
rule ids) are checked here, so a broken file fails with one line that names the
file, the rule and the JSON path instead of an obscure error at match time.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from linter import __version__
from linter.matching.claim_model import model_files, model_path
from linter.resources import load_schema
from linter.rules.model import (
    PROFILES,
    ContextSpec,
    Corroboration,
    Lexicon,
    ModelUse,
    Pattern,
    Reference,
    Requirement,
    Rule,
    RuleSet,
    Trigger,
    as_localized,
)

if TYPE_CHECKING:  # jsonschema is imported only to validate (a cached rule set needs none)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~10x faster


class _YamlLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """YAML 1.1 reads the English words no/yes/on/off as booleans; rule files list words."""


_YamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_YamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

_KINDS = {"rules": "rule-file", "lexicon": "lexicon-file", "triggers": "context-file",
          "profile": "profile-list"}  # positive lists, read by linter.profiles.lists


class RuleFileError(Exception):
    """A rule, lexicon or context file that cannot be used, described in one line."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        rule_id: str | None = None,
        json_path: str | None = None,
    ) -> None:
        self.path = str(path)
        self.message = message
        self.rule_id = rule_id
        self.json_path = json_path
        super().__init__(str(self))

    def __reduce__(self):  # keep the keyword fields when sent between processes
        return (_rebuild_rule_file_error, (self.path, self.message, self.rule_id,
                                           self.json_path))

    def __str__(self) -> str:
        parts = [self.path]
        if self.rule_id:
            parts.append(f"rule {self.rule_id}")
        if self.json_path:
            parts.append(self.json_path)
        parts.append(self.message)
        return ": ".join(parts)


def _rebuild_rule_file_error(path, message, rule_id, json_path) -> RuleFileError:
    return RuleFileError(path, message, rule_id=rule_id, json_path=json_path)


def _registry() -> Registry:
    from referencing import Registry, Resource

    resources = []
    for name in _KINDS.values():
        schema = load_schema(name)
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


_VALIDATORS: dict[str, Draft202012Validator] = {}


def validator(kind: str) -> Draft202012Validator:
    if kind not in _VALIDATORS:
        from jsonschema import Draft202012Validator

        _VALIDATORS[kind] = Draft202012Validator(load_schema(kind), registry=_registry())
    return _VALIDATORS[kind]


def rule_yaml_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.suffix in {".yaml", ".yml"} and p.is_file())


_MAX_RULE_FILE_BYTES = 16 * 1024 * 1024


def _refuse_aliases(path: Path, text: str) -> None:
    """Refuse YAML anchors and aliases before anything is built.

    An alias re-uses a node, so nine nested aliases of nine items each ("billion
    laughs") make a 500-byte file expand to gigabytes; rule files never need them.
    Scanning the event stream costs no expansion (events are not composed into
    objects), and a file without ``&`` cannot define an anchor, so most files skip it."""
    if "&" not in text:
        return
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise RuleFileError(path, f"line {mark.line + 1}: YAML anchors and aliases "
                                "(&name, *name) are not allowed in rule files; write the "
                                "values out")


# The parsed YAML of file contents already read in this process (a digest of the text → the
# document).  A process that builds several Linters with the cache off (a library user with
# one rule folder per team, the test suite) parses each bundled file once, not once per
# Linter; each caller gets its own deep copy, so no loader step can change the memo.
_parsed_in_process: dict[str, Any] = {}


def read_yaml(path: Path) -> Any:
    try:
        if path.stat().st_size > _MAX_RULE_FILE_BYTES:
            raise RuleFileError(path, f"larger than {_MAX_RULE_FILE_BYTES // 2**20} MB; split "
                                "it into several rule files")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RuleFileError(path, f"not UTF-8 ({exc.reason}); save the file as UTF-8") from exc
    except OSError as exc:
        raise RuleFileError(path, f"cannot read: {exc.strerror}") from exc
    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if key in _parsed_in_process:
        return copy.deepcopy(_parsed_in_process[key])
    try:
        _refuse_aliases(path, text)
        document = yaml.load(text, Loader=_YamlLoader)
    except RecursionError as exc:
        raise RuleFileError(path, "invalid YAML: nested too deeply") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise RuleFileError(path, f"invalid YAML: {where}{problem}") from exc
    _parsed_in_process[key] = copy.deepcopy(document)
    return document


def _file_kind(path: Path, data: Any) -> str:
    if isinstance(data, dict):
        for key, kind in _KINDS.items():
            if key in data:
                return kind
    raise RuleFileError(
        path, "not a medlint file: expected a top-level 'rules', 'lexicon' or 'triggers' key"
    )


def _rule_id_at(data: Any, error: ValidationError) -> str | None:
    path = list(error.absolute_path)
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        try:
            rule = data["rules"][path[1]]
        except (KeyError, IndexError, TypeError):
            return None
        if isinstance(rule, dict) and isinstance(rule.get("id"), str):
            return rule["id"]
    return None


def validate_document(path: Path, data: Any) -> str:
    """Validate one parsed YAML document; return its kind or raise RuleFileError."""
    kind = _file_kind(path, data)
    from jsonschema.exceptions import best_match

    error = best_match(validator(kind).iter_errors(data))
    if error is not None:
        raise RuleFileError(
            path,
            error.message,
            rule_id=_rule_id_at(data, error),
            json_path=error.json_path,
        )
    return kind


def _patterns(raw: Iterable[dict[str, Any]]) -> tuple[Pattern, ...]:
    out = []
    for entry in raw:
        kind = "sequence" if "sequence" in entry else "dependency"
        out.append(Pattern(kind=kind, items=tuple(entry[kind])))
    return tuple(out)


def _build_rule(path: Path, raw: dict[str, Any]) -> Rule:
    lang = raw["lang"]
    return Rule(
        id=raw["id"],
        category=raw["category"],
        severity=raw["severity"],
        lang=lang,
        profiles=tuple(raw.get("profiles") or PROFILES),
        message=as_localized(raw["message"], lang) or {},
        suggestion=as_localized(raw["suggestion"], lang) or {},
        rationale=as_localized(raw.get("rationale"), lang),
        references=tuple(Reference(**ref) for ref in raw["references"]),
        patterns=_patterns(raw.get("match") or ()),
        exceptions=_patterns(raw.get("exceptions") or ()),
        scope=raw.get("scope", "sentence"),
        cue=bool(raw.get("cue", False)),
        model=_model_use(path, raw),
        corroboration=_corroboration(raw),
        triggered_by=tuple(raw.get("triggered_by") or ()),
        requirements=tuple(
            Requirement(
                id=req["id"],
                label=as_localized(req["label"], lang) or {},
                patterns=_patterns(req["match"]),
                when=_patterns(req.get("when") or ()),
            )
            for req in raw.get("require") or ()
        ),
        flag_examples=tuple(raw["examples"]["flag"]),
        pass_examples=tuple(raw["examples"]["pass"]),
        source=path,
    )


def _model_use(path: Path, raw: dict[str, Any]) -> ModelUse | None:
    """A rule's ``model``; its file is looked up by ``_find_models`` once all folders are read."""
    spec = raw.get("model")
    if spec is None:
        return None
    return ModelUse(name=spec["name"], label=spec["label"], min_score=float(spec["min_score"]),
                    path=Path())


def _corroboration(raw: dict[str, Any]) -> Corroboration | None:
    """A cue rule's ``corroboration``; its model file is looked up like a model rule's."""
    spec = raw.get("corroboration")
    if spec is None:
        return None
    return Corroboration(name=spec["model"], min_score=float(spec["min_score"]),
                         severity=spec["severity"], path=Path())


def _find_models(rules: list[tuple[int, Rule]], directories: Sequence[Path],
                 required: bool = True) -> None:
    """Point each model rule at ``models/<name>-<lang>.json``: in its own rule folder first
    (a company's model of the same name as a bundled one is theirs), then in the other folders
    in order; a rule naming a model no folder has is an error, not a rule that never fires."""
    for index, rule in rules:
        uses = [(name, use) for name in ("model", "corroboration")
                if (use := getattr(rule, name)) is not None]
        if not uses:
            continue
        source = rule.source.resolve()
        own = [d for d in directories if source.is_relative_to(d.resolve())]
        order = [*own, *(d for d in directories if d not in own)]
        for field_name, use in uses:
            found = next((p for d in order
                          if (p := model_path(d, use.name, rule.lang)).is_file()), None)
            if found is None and not required:
                continue
            if found is None:
                raise RuleFileError(rule.source, f"rule {rule.id}: no claim model "
                                    f"models/{use.name}-{rule.lang}.json in the rule folders",
                                    json_path=f"$.rules[{index}].{field_name}")
            setattr(rule, field_name, dataclasses.replace(use, path=found))


def _build_lexicon(path: Path, raw: dict[str, Any]) -> Lexicon:
    terms: list[str] = []
    for entry in raw.get("terms") or ():
        if isinstance(entry, str):
            terms.append(entry)
        else:
            terms.append(entry["term"])
            terms.extend(entry.get("variants") or ())
    return Lexicon(
        name=raw["lexicon"],
        lang=raw["lang"],
        description=raw["description"],
        terms=tuple(dict.fromkeys(terms)),
        source=path,
        match_on=raw.get("match_on", "term"),
        standalone=bool(raw.get("standalone", False)),
        joins=tuple(raw.get("joins") or ()),
        include=tuple(raw.get("include") or ()),
    )


def _build_context(path: Path, raw: dict[str, Any]) -> ContextSpec:
    triggers = tuple(
        Trigger(
            id=t["id"],
            kind=t["kind"],
            direction=t["direction"],
            pattern=Pattern("sequence", tuple(t["pattern"])),
            max_scope=t.get("max_scope"),
            syntax=t.get("syntax"),
            quoted_only=bool(t.get("quoted_only", False)),
            opens_clause=bool(t.get("opens_clause", False)),
            explains_only=bool(t.get("explains_only", False)),
            to_review=bool(t.get("to_review", False)),
            any_voice=bool(t.get("any_voice", False)),
            cleared_examples=tuple(t["examples"].get("cleared", ())),
            kept_examples=tuple(t["examples"].get("kept", ())),
        )
        for t in raw["triggers"]
    )
    examples = raw.get("examples") or {}
    return ContextSpec(
        lang=raw["lang"],
        triggers=triggers,
        cleared_examples=tuple(examples.get("cleared", ())),
        kept_examples=tuple(examples.get("kept", ())),
        source=path,
    )


def _lexicon_refs(patterns: Iterable[Pattern]) -> Iterable[str]:
    """Every lexicon a pattern names: as an item, or as the words an item or gap excludes."""
    for pattern in patterns:
        for item in pattern.items:
            if "lexicon" in item:
                yield item["lexicon"]
            excluded = (item.get("not") or {}).get("lexicon", [])
            yield from [excluded] if isinstance(excluded, str) else excluded


def _check_dependency(path: Path, rule: Rule, index: int, pattern: Pattern) -> None:
    ids: set[str] = set()
    for pos, node in enumerate(pattern.items):
        where = f"$.rules[{index}].match (dependency node {node['id']!r})"
        if pos == 0 and "head" in node:
            raise RuleFileError(path, "the first node is the anchor and has no head",
                                rule_id=rule.id, json_path=where)
        if pos > 0 and node.get("head") not in ids:
            raise RuleFileError(path, f"head {node.get('head')!r} is not an earlier node id",
                                rule_id=rule.id, json_path=where)
        if node["id"] in ids:
            raise RuleFileError(path, "duplicate node id", rule_id=rule.id, json_path=where)
        ids.add(node["id"])


def _cross_check(
    rules: list[tuple[int, Rule]],
    lexicons: dict[tuple[str, str], Lexicon],
    contexts: dict[str, ContextSpec],
) -> None:
    seen: dict[str, Path] = {}
    for index, rule in rules:
        if rule.id in seen:
            raise RuleFileError(rule.source, f"duplicate rule id (also in {seen[rule.id]})",
                                rule_id=rule.id, json_path=f"$.rules[{index}].id")
        seen[rule.id] = rule.source
        if not rule.id.startswith(rule.lang.upper() + "-"):
            raise RuleFileError(rule.source, f"id must start with {rule.lang.upper()}- for lang "
                                f"{rule.lang}", rule_id=rule.id, json_path=f"$.rules[{index}].id")
        all_patterns = list(rule.patterns) + list(rule.exceptions)
        for req in rule.requirements:
            all_patterns.extend(req.patterns)
            all_patterns.extend(req.when)
        for name in _lexicon_refs(all_patterns):
            if (rule.lang, name) not in lexicons:
                raise RuleFileError(rule.source, f"unknown {rule.lang} lexicon {name!r}",
                                    rule_id=rule.id, json_path=f"$.rules[{index}].match")
        for pattern in all_patterns:
            if pattern.kind == "dependency":
                _check_dependency(rule.source, rule, index, pattern)
    for (lang, name), lexicon in lexicons.items():
        for ref in lexicon.include + lexicon.joins:
            if (lang, ref) not in lexicons:
                raise RuleFileError(lexicon.source, f"unknown {lang} lexicon {ref!r}",
                                    json_path="$.include" if ref in lexicon.include else "$.joins")
        _check_include_cycle(lexicons, lang, name)
    for lang, spec in contexts.items():
        for trigger in spec.triggers:
            for ref in _lexicon_refs([trigger.pattern]):
                if (lang, ref) not in lexicons:
                    raise RuleFileError(spec.source, f"trigger {trigger.id}: unknown {lang} "
                                        f"lexicon {ref!r}", json_path="$.triggers")


def _check_include_cycle(lexicons: dict[tuple[str, str], Lexicon], lang: str, name: str) -> None:
    path: list[str] = []

    def visit(current: str) -> None:
        if current in path:
            cycle = " -> ".join([*path[path.index(current):], current])
            raise RuleFileError(lexicons[(lang, name)].source, f"lexicon include cycle: {cycle}",
                                json_path="$.include")
        path.append(current)
        for child in lexicons[(lang, current)].include:
            visit(child)
        path.pop()

    visit(name)


def ruleset_fingerprint(directories: Sequence[Path]) -> str:
    """Hash of every rule file's name and bytes (and medlint's version), without parsing them:
    enough to key caches, cheap enough to compute on every run."""
    digest = hashlib.sha256(__version__.encode())
    for directory in directories:
        for path in rule_yaml_files(directory) + model_files(directory) \
                if directory.is_dir() else ():
            digest.update(str(path.relative_to(directory)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _validated_key(path: Path, data: Any) -> str:
    """What a schema check of this document depends on: its content, the schemas and
    medlint's code (both in the environment fingerprint) and the registered languages."""
    import json as _json

    from linter.cache import digest, environment_fingerprint
    from linter.languages import codes

    content = _json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return digest("validated-v1", environment_fingerprint(), ",".join(codes()), str(path.name),
                  content)


def load_rules(directories: Sequence[Path], cache: Any = None,
               models_required: bool = True) -> RuleSet:
    """Load and validate every rule, lexicon and context file under ``directories``.

    Later directories may add rules and lexicons (a company's own rule folder);
    a duplicate rule id, lexicon name or context trigger id is an error, not a silent
    override.
    With a ``linter.cache.Cache``, the parsed and validated documents of the whole rule set
    are kept under the rule files' content (plus medlint's code, the schemas and the
    registered languages), so a cold start reads one JSON entry instead of parsing YAML and
    checking it against the schemas; and a document whose exact content already passed the
    schema check is not checked again when another file changed.
    ``models_required=False`` lets a rule name a claim model that does not exist yet (the
    trainer, which writes it).
    """
    for directory in directories:
        if not directory.is_dir():
            raise RuleFileError(directory, "rule folder not found")
    fingerprint = ruleset_fingerprint(directories)
    documents = _cached_documents(cache, fingerprint, directories) if cache is not None else None
    if documents is None:
        documents = [_read_document(path, cache) for directory in directories
                     for path in rule_yaml_files(directory)]
        if cache is not None and getattr(cache, "enabled", True):
            _store_documents(cache, fingerprint, directories, documents)
    rules: list[tuple[int, Rule]] = []
    lexicons: dict[tuple[str, str], Lexicon] = {}
    contexts: dict[str, ContextSpec] = {}
    trigger_files: dict[tuple[str, str], Path] = {}
    sources: list[Path] = []
    for path, kind, data in documents:
        sources.append(path)
        if kind == "profile-list":  # validated here, used by linter.profiles.lists
            continue
        if kind == "rule-file":
            rules.extend((i, _build_rule(path, raw)) for i, raw in enumerate(data["rules"]))
        elif kind == "lexicon-file":
            lexicon = _build_lexicon(path, data)
            key = (lexicon.lang, lexicon.name)
            if key in lexicons:
                raise RuleFileError(path, f"duplicate {lexicon.lang} lexicon {lexicon.name!r} "
                                    f"(also in {lexicons[key].source})", json_path="$.lexicon")
            lexicons[key] = lexicon
        else:
            spec = _build_context(path, data)
            for index, trigger in enumerate(spec.triggers):
                key = (spec.lang, trigger.id)
                if key in trigger_files:
                    # a second trigger of the same id would silently run twice, and
                    # ``rules test ID`` and the ignore_triggers option could only name one of them
                    raise RuleFileError(path, f"duplicate {spec.lang} context trigger "
                                        f"{trigger.id!r} (also in {trigger_files[key]})",
                                        json_path=f"$.triggers[{index}].id")
                trigger_files[key] = path
            if spec.lang in contexts:
                existing = contexts[spec.lang]
                spec = ContextSpec(
                    lang=spec.lang,
                    triggers=existing.triggers + spec.triggers,
                    cleared_examples=existing.cleared_examples + spec.cleared_examples,
                    kept_examples=existing.kept_examples + spec.kept_examples,
                    source=existing.source,
                )
            contexts[spec.lang] = spec
    _cross_check(rules, lexicons, contexts)
    _find_models(rules, directories, models_required)
    return RuleSet(
        rules=tuple(rule for _, rule in rules),
        lexicons=lexicons,
        contexts=contexts,
        fingerprint=fingerprint,
        sources=tuple(sources),
    )


# Documents whose exact content passed the schema check in this process (their validated
# key → kind).  The check is about four fifths of loading a rule set; with the cache off
# (the library's default) every new Linter would otherwise check every bundled file again.
_checked_in_process: dict[str, str] = {}


def _read_document(path: Path, cache: Any) -> tuple[Path, str, Any]:
    """One file parsed and schema-checked: (path, kind, data)."""
    data = read_yaml(path)
    key = _validated_key(path, data)
    kind = _checked_in_process.get(key)
    if kind is not None:
        return path, kind, data
    if cache is not None and cache.get_json("validated", key) == {"ok": True}:
        kind = _file_kind(path, data)
    else:
        kind = validate_document(path, data)
        if cache is not None:
            cache.put_json("validated", key, {"ok": True})
    _checked_in_process[key] = kind
    return path, kind, data


_RULESET_FORMAT = "medlint-ruleset-1"


def _ruleset_key(fingerprint: str) -> str:
    from linter.cache import digest, environment_fingerprint
    from linter.languages import codes

    return digest(_RULESET_FORMAT, fingerprint, environment_fingerprint(), ",".join(codes()))


def _store_documents(cache: Any, fingerprint: str, directories: Sequence[Path],
                     documents: list[tuple[Path, str, Any]]) -> None:
    """Keep the validated documents as one sealed JSON entry (a damaged entry is a miss).
    A document JSON cannot hold exactly (a YAML date, say) means the rule set is not cached."""
    import json

    rows = []
    for path, kind, data in documents:
        index = next(i for i, d in enumerate(directories) if path.is_relative_to(d))
        rows.append([index, path.relative_to(directories[index]).as_posix(), kind, data])
    try:
        if json.loads(json.dumps(rows, ensure_ascii=False, allow_nan=False)) != rows:
            return
    except (TypeError, ValueError):
        return
    cache.put_sealed("ruleset", _ruleset_key(fingerprint), {"format": _RULESET_FORMAT,
                                                            "documents": rows})


def _cached_documents(cache: Any, fingerprint: str,
                      directories: Sequence[Path]) -> list[tuple[Path, str, Any]] | None:
    entry = cache.get_sealed("ruleset", _ruleset_key(fingerprint))
    try:
        if entry["format"] != _RULESET_FORMAT:
            return None
        return [(directories[index] / relative, kind, data)
                for index, relative, kind, data in entry["documents"]]
    except (TypeError, KeyError, ValueError, IndexError, AttributeError):
        return None  # no entry, or one this version cannot use: read the files


def oversized_gap_sequences(data: Any) -> list[tuple[str, int]]:
    """Where a rule or trigger file's sequences have more gap-length combinations than the
    compiler expands (``MAX_GAP_VARIANTS``): (``RULE-ID match[2]``-style place, count) pairs.
    Such a sequence still matches, with spaCy's range quantifiers, so this is a warning for the
    rule author rather than an error."""
    from linter.matching.compiler import MAX_GAP_VARIANTS, gap_pattern_count

    # called on a file that passed the schema, so its rules and triggers are well formed
    def sequences() -> Iterable[tuple[str, list[dict[str, Any]]]]:
        for trigger in data.get("triggers") or []:
            yield f"{trigger['id']} pattern", trigger["pattern"]
        for rule in data.get("rules") or []:
            for part in ("match", "exceptions"):
                for i, pattern in enumerate(rule.get(part) or []):
                    if "sequence" in pattern:
                        yield f"{rule['id']} {part}[{i}]", pattern["sequence"]

    if not isinstance(data, dict):
        return []
    counted = ((where, gap_pattern_count(items)) for where, items in sequences())
    return [(where, count) for where, count in counted if count > MAX_GAP_VARIANTS]


def validate_file(path: Path) -> str:
    """Schema-check one file without compiling anything (``medlint rules validate``)."""
    data = read_yaml(path)
    return validate_document(path, data)
