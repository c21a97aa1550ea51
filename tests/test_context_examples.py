"""Every context trigger's own examples are tests, like every rule's (test_rule_examples.py).

A clearing trigger's cleared example must hold a claim (a finding without the context
stage), lose it with the stage, and this trigger must be the one that clears it (not
another trigger earlier in the sentence that shadows it); a kept example is a look-alike
whose claim the trigger leaves alone.  A pseudo trigger's or terminator's kept example keeps
a claim that the stage clears once the trigger is left out.  The checks are
``linter.authoring.rule_tests.check_trigger_example``, which ``medlint rules test`` runs too.
The context files' own examples (sentences about the trigger set as a whole) run as well.
"""

from __future__ import annotations

import pytest

from linter.authoring.rule_tests import check_trigger_example
from linter.reading.plaintext import read_text
from linter.resources import bundled_rules_dir
from linter.rules.loader import RuleFileError, load_rules, validate_document

CONTEXTS = load_rules([bundled_rules_dir()]).contexts
TRIGGERS = [(lang, t) for lang, spec in sorted(CONTEXTS.items()) for t in spec.triggers]


def _trigger_cases():
    for lang, trigger in TRIGGERS:
        for kind, examples in (("cleared", trigger.cleared_examples),
                               ("kept", trigger.kept_examples)):
            for n, text in enumerate(examples):
                yield pytest.param(lang, trigger, kind, text, id=f"{trigger.id}-{kind}{n}")


@pytest.mark.parametrize(("lang", "trigger", "kind", "text"), list(_trigger_cases()))
def test_trigger_example(engine_factory, lang, trigger, kind, text):
    result = check_trigger_example(engine_factory, trigger, lang, kind, text)
    assert result.ok, f"{trigger.id} [{kind}] {text}: {result.detail}"


def test_every_trigger_has_its_examples():
    """Clearing triggers need cleared examples; pseudo triggers and terminators need kept
    ones (what stands because of them) and cannot clear anything."""
    lacking = [t.id for _lang, t in TRIGGERS
               if not (t.cleared_examples if t.clears else t.kept_examples)]
    assert not lacking
    assert not [t.id for _lang, t in TRIGGERS if not t.clears and t.cleared_examples]


def test_trigger_ids_are_unique():
    ids = [t.id for _lang, t in TRIGGERS]
    assert len(ids) == len(set(ids))


def _context_file(direction: str, examples: dict | None) -> dict:
    trigger = {"id": "x-neg", "kind": "negation", "direction": direction,
               "pattern": [{"text": ["not"]}]}
    if examples is not None:
        trigger["examples"] = examples
    return {"lang": "en", "triggers": [trigger]}


@pytest.mark.parametrize(("direction", "examples"), [
    ("backward", None),                             # no examples at all
    ("backward", {"kept": ["It cures acne."]}),     # a clearing trigger without cleared ones
    ("backward", {"cleared": []}),                  # an empty list
    ("pseudo", {"cleared": ["It does not cure acne."]}),  # a pseudo trigger clears nothing
    ("terminate", {}),                              # a terminator without kept examples
])
def test_schema_refuses_a_trigger_without_its_examples(tmp_path, direction, examples):
    with pytest.raises(RuleFileError):
        validate_document(tmp_path / "en.yaml", _context_file(direction, examples))


@pytest.mark.parametrize(("direction", "examples"), [
    ("forward", {"cleared": ["It does not cure acne."]}),
    ("sentence", {"cleared": ["The FTC alleges it cures acne."], "kept": ["It cures acne."]}),
    ("pseudo", {"kept": ["It not only cures acne but also calms skin."]}),
])
def test_schema_accepts_a_trigger_with_its_examples(tmp_path, direction, examples):
    assert validate_document(tmp_path / "en.yaml", _context_file(direction, examples)) \
        == "context-file"


@pytest.mark.parametrize(("direction", "examples", "valid"), [
    ("terminate", {"kept": ["Although it does not sting, it cures acne."]}, True),
    ("forward", {"cleared": ["It does not cure acne."]}, False),
])
def test_only_a_terminator_may_open_a_clause(tmp_path, direction, examples, valid):
    """``opens_clause`` (a negation inside the clause stops at the comma that closes it) is a
    terminator's property; on a clearing trigger it would mean nothing, so the schema refuses
    it there."""
    document = _context_file(direction, examples)
    document["triggers"][0]["opens_clause"] = True
    if valid:
        assert validate_document(tmp_path / "en.yaml", document) == "context-file"
    else:
        with pytest.raises(RuleFileError):
            validate_document(tmp_path / "en.yaml", document)


def _file_cases():
    for lang, spec in sorted(CONTEXTS.items()):
        for kind, examples in (("cleared", spec.cleared_examples), ("kept", spec.kept_examples)):
            for n, text in enumerate(examples):
                yield pytest.param(lang, kind, text, id=f"{lang}-{kind}{n}")


@pytest.mark.parametrize(("lang", "kind", "text"), list(_file_cases()))
def test_context_file_example(engine_factory, lang, kind, text):
    """Cleared: a claim without the context stage, none with it.  Kept: a finding stands."""
    document = read_text("x.txt", text)
    findings = engine_factory(forced_lang=lang).lint(document)
    if kind == "kept":
        assert findings, text
        return
    assert engine_factory(forced_lang=lang, context=False).lint(document), "holds no claim"
    assert not findings, [(f.rule_id, f.matched) for f in findings]


def test_loader_refuses_a_trigger_id_given_twice(tmp_path):
    """A company's context file that repeats a bundled trigger's id (or a file that repeats
    its own) is an error naming both files, as a duplicate rule id or lexicon is: the second
    trigger would otherwise run besides the first, unnamed by the ignore_triggers option and
    ``rules test ID``."""
    import yaml

    first = _context_file("backward", {"cleared": ["It does not cure acne."]})
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "en.yaml").write_text(yaml.safe_dump(first), encoding="utf-8")
    (tmp_path / "b" / "en.yaml").write_text(yaml.safe_dump(first), encoding="utf-8")
    with pytest.raises(RuleFileError, match="duplicate en context trigger 'x-neg'") as raised:
        load_rules([tmp_path / "a", tmp_path / "b"])
    assert str(tmp_path / "a" / "en.yaml") in str(raised.value)
    twice = {"lang": "en", "triggers": [
        _context_file("backward", {"cleared": ["It does not cure acne."]})["triggers"][0]
        for _ in range(2)]}
    (tmp_path / "b" / "en.yaml").write_text(yaml.safe_dump(twice), encoding="utf-8")
    with pytest.raises(RuleFileError, match="duplicate"):
        load_rules([tmp_path / "b"])
