"""The claim model of the review tier (linter/matching/claim_model.py, README "Claim model").

What it must do: score a sentence exactly as the scikit-learn model it was trained as; be the
model that the repository's own sentences train (a stale file is a failure, with the command
that mends it); speak only at the review tier, only where no other rule flags the sentence,
never trigger a document rule; yield to every clearing context trigger of the sentence; and
fail loudly, not silently, when its file is missing or broken.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, rule_ids

from linter.authoring.train_model import TrainingSet, corpus_rows, fit, train, training_set
from linter.cli import main
from linter.matching.claim_model import (
    SPECS,
    ClaimModel,
    FeatureSpec,
    features,
    model_path,
    word_lemma,
)
from linter.reading.plaintext import read_text
from linter.resources import bundled_rules_dir
from linter.rules.loader import RuleFileError, load_rules

# a minute or more of work: scheduled first (tests/conftest.py)
pytestmark = pytest.mark.heavy

sklearn = pytest.importorskip("sklearn")

# Own sentences, enough for both heads to have two classes.
_TINY = [
    ("この美容液でシミが消えます。", True, "body-function-claim"),
    ("飲むだけで痩せるサプリです。", True, "body-function-claim"),
    ("不眠症が治る点滴です。", True, "disease-claim"),
    ("花粉症の症状を抑えます。", True, "disease-claim"),
    ("医師も推奨するサプリです。", True, "authority-endorsement"),
    ("専門医が認めた美容液です。", True, "authority-endorsement"),
    ("当院は駅から徒歩五分です。", False, None),
    ("ご予約はお電話で承ります。", False, None),
    ("内容量は三十粒です。", False, None),
    ("お支払いは現金のみです。", False, None),
]


def test_features_are_the_same_for_training_and_inference():
    spec, lemma = SPECS["en"], word_lemma("en")
    # the English model reads lemmas: an inflection unseen in training is the same feature
    assert "l:cure insomnia" in features("It CURES   insomnia.", spec, lemma)
    assert features("It cured insomnia.", spec, lemma) == features("It cures insomnia.", spec,
                                                                  lemma)
    assert "l:it" in features("It cures insomnia.", spec, lemma)
    with pytest.raises(ValueError, match="no word lemmatizer"):
        features("It cures insomnia.", spec)
    assert "w:cures insomnia" in features("It CURES   insomnia.", FeatureSpec(words=(1, 2)))
    # a model file written before lemmas were a feature kind reads no lemmas
    assert FeatureSpec.from_json({"words": [1, 2]}) == FeatureSpec(words=(1, 2))
    # characters inside words are a feature kind of their own, unused by the English model
    assert "b: it " in features("It cures insomnia.", FeatureSpec(word_chars=(2, 5)))
    # full-width letters read as ASCII, so 「ＮＭＮ」 and "NMN" are one n-gram
    assert "c:nmn" in features("ＮＭＮ点滴", SPECS["ja"])


@pytest.mark.parametrize("categories", [2, 3])
def test_scores_equal_scikit_learns_own_prediction(categories):
    """Both shapes of the category head: two categories (one weight row) and more."""
    data = TrainingSet()
    kept = {"body-function-claim", "disease-claim", "authority-endorsement"}
    if categories == 2:
        kept.remove("authority-endorsement")
    for text, claim, category in _TINY:
        if category is None or category in kept:
            data.add(text, claim, category)
    vectorizer, gate, labels = fit(data, SPECS["ja"], "ja")
    model = ClaimModel(train(data, "ja"))
    assert len(model.labels) == categories
    for text in ["シミが消える美容液。", "駅から徒歩五分。", "不眠症の点滴です。", "医師が推奨。",
                 "未知の文"]:
        matrix = vectorizer.transform([text])
        expected = gate.predict_proba(matrix)[0, 1]
        score = model.score(text)
        assert score.gate == pytest.approx(expected, abs=2e-3), text
        assert score.label == labels.predict(matrix)[0], text


@pytest.fixture(scope="module", params=["ja", "en"])
def bundled(request, ruleset):
    """(language, the bundled model, the sentences its recorded corpora train), built once."""
    lang = request.param
    model = ClaimModel.load(model_path(bundled_rules_dir(), "claims", lang))
    data = training_set(ruleset, lang, [REPO / p for p in model.trained_on["corpora"]],
                        [REPO / p for p in model.trained_on["excluded"]])
    return lang, model, data


def test_the_bundled_model_is_trained_on_the_repositorys_sentences(bundled):
    """A rule example or corpus line changed since the model was trained fails here: the
    model would no longer be what the repository's sentences train."""
    lang, model, data = bundled
    trained_on = model.trained_on
    corpora = " ".join([*(f"--corpus {p}" for p in trained_on["corpora"]),
                        *(f"--exclude {p}" for p in trained_on["excluded"])])
    assert data.digest() == trained_on["digest"], (
        f"rules/models/claims-{lang}.json is stale; train it again: "
        f"medlint rules train-model {corpora}")


def test_every_training_file_is_trained_on(bundled):
    """A file added to rules/models/training but left out of the train-model command would
    pass the freshness check above and never teach the model: each one must be recorded."""
    _, model, _ = bundled
    recorded = set(model.trained_on["corpora"])
    files = {p.relative_to(REPO).as_posix()
             for p in (REPO / "rules" / "models" / "training").glob("*.jsonl")}
    assert files and files <= recorded, sorted(files - recorded)


TIE = 0.005  # category totals this close are a tie after rounding the weights


def test_training_again_gives_the_bundled_model(bundled, ruleset):
    """The bundled JSON (eleven categories, weights rounded) scores the rules' examples as
    scikit-learn does when it fits the same sentences again."""
    lang, model, data = bundled
    vectorizer, gate, labels = fit(data, SPECS[lang], lang)
    texts = [t for r in ruleset.rules if r.lang == lang and r.model is not None
             for t in (*r.flag_examples, *r.pass_examples)]
    assert len(texts) > 20 and len(model.labels) == 11
    for text in texts:
        matrix = vectorizer.transform([text])
        assert model.score(text).gate == pytest.approx(gate.predict_proba(matrix)[0, 1],
                                                       abs=0.01), text
        # the JSON keeps four significant digits per weight: two categories whose totals are
        # closer than that rounding can move them (0.6790 against 0.6788) may swap places
        totals = labels.decision_function(matrix)[0]
        close = {str(c) for c, total in zip(labels.classes_, totals, strict=True)
                 if total >= max(totals) - TIE}
        assert model.score(text).label in close, text


def test_the_model_never_learns_from_its_own_rules(ruleset):
    data = training_set(ruleset, "en", [])
    model_examples = {t for r in ruleset.rules if r.model is not None and r.lang == "en"
                      for t in r.flag_examples}
    assert model_examples and not model_examples & set(data.texts)


def test_a_claim_wins_over_a_non_claim_of_the_same_text():
    data = TrainingSet()
    data.add("Feel younger.", False)
    data.add("Feel younger.", True, "body-function-claim")
    assert data.texts == ["Feel younger."] and data.claims == [True]
    assert data.categories == ["body-function-claim"]


# -- in the engine ------------------------------------------------------------------------
_GUESS = "Your gut, reset."  # EN-MODEL-BODY-FUNCTION's example: no rule's words


def test_the_model_speaks_at_the_review_tier_only(engine_factory):
    review = engine_factory(min_severity="info").lint(read_text("a.txt", _GUESS))
    assert rule_ids(review) == {"EN-MODEL-BODY-FUNCTION"}
    finding = review[0]
    assert finding.severity == "info" and finding.matched == _GUESS  # the whole sentence
    default = engine_factory(min_severity="warning")
    assert not default.model_rules  # not scored, not even loaded
    assert not rule_ids(default.lint(read_text("a.txt", _GUESS)))


def test_the_model_is_silent_where_a_rule_flags_the_sentence(engine_factory, ruleset):
    engine = engine_factory(min_severity="info")
    engine.trace = []
    # the model reads this as a claim too (it matches), but a rule says which words and why
    text = "Our tea cures insomnia, and your gut gets a reset."
    found = rule_ids(engine.lint(read_text("a.txt", text)))
    guessed = {e.rule_id for e in engine.trace if e.kind == "matched" and "-MODEL-" in e.rule_id}
    engine.trace = None
    assert guessed, "the model rule did not fire, so this test shows nothing"
    assert "EN-DISEASE-TREAT" in found
    assert not any("-MODEL-" in r for r in found)


def test_context_clears_the_guess(engine_factory):
    """A whole-sentence claim has no claim words for a trigger's scope: a clearing trigger in
    the sentence clears it (a Japanese negation only where it negates the main predicate, see
    tests/test_context.py), so a negated or reported claim is not flagged by the model either."""
    engine = engine_factory(min_severity="info")

    def guesses(text: str) -> set[str]:
        return {r for r in rule_ids(engine.lint(read_text("a.txt", text))) if "-MODEL-" in r}

    assert guesses("Your gut gets a reset.") == {"EN-MODEL-BODY-FUNCTION"}
    assert not guesses("The seller said your gut gets a reset.")
    assert guesses("使うたびに違いがわかります。") == {"JA-MODEL-GUARANTEE"}
    engine.trace = []
    # a sentence the model still reads as a claim with its negation (a disease guess above the
    # Japanese min_score; the earlier 「毎日続ければ必ず違いがわかるとは限りません」 no longer
    # reaches it)
    assert not guesses("つらい季節の悩みに、これ一本とは限りません。")
    cleared = [e.trigger for e in engine.trace if e.kind == "cleared" and "-MODEL-" in e.rule_id]
    engine.trace = None
    assert cleared == ["ja-neg-toha-kagiranai"]
    assert not guesses("This drip won't reduce cortisol.")


def test_a_guess_never_triggers_a_document_rule(engine_factory):
    """A supplement page whose only structure/function 'claim' is the model's guess gets no
    missing-DSHEA-disclaimer finding: a disclosure duty needs a claim a rule can point at."""
    engine = engine_factory(min_severity="info", profile="supplement")
    page = f"{_GUESS}\nTake two capsules a day."
    found = rule_ids(engine.lint(read_text("a.txt", page)))
    assert "EN-MODEL-BODY-FUNCTION" in found
    assert "EN-DISCLOSURE-DSHEA" not in found
    # a rule's structure/function claim on the same page does trigger it
    page = "Our capsules support healthy energy levels.\nTake two capsules a day."
    assert "EN-DISCLOSURE-DSHEA" in rule_ids(engine.lint(read_text("a.txt", page)))


def test_fast_and_naive_paths_agree_on_guesses(engine_factory):
    text = "Your gut, reset.\n\n毎朝の目覚めが待ち遠しくなる一杯。"
    fast = engine_factory(min_severity="info").lint(read_text("a.txt", text))
    full = engine_factory(min_severity="info", mode="full").lint(read_text("a.txt", text))
    assert [(f.rule_id, f.offset) for f in fast] == [(f.rule_id, f.offset) for f in full]
    assert {"EN-MODEL-BODY-FUNCTION", "JA-MODEL-BODY-FUNCTION"} <= rule_ids(fast)


# -- rule files and failures ----------------------------------------------------------------
_MODEL_RULE = """rules:
  - id: EN-HOUSE-GUESS
    category: testimonial
    severity: {severity}
    cue: true
    lang: en
    message: m
    suggestion: s
    references: [{{source: House, section: '1'}}]
    model: {{name: house, label: testimonial, min_score: 0.5}}
    examples: {{flag: ['I love it.'], pass: ['Hello.']}}
"""


def _folder(tmp_path: Path, severity: str = "info", model: str | None = None) -> Path:
    """A rule folder with the house rule; ``model`` ("en", "ja") also gives it a copy of that
    bundled model as models/house-en.json."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "house.yaml").write_text(_MODEL_RULE.format(severity=severity), encoding="utf-8")
    if model is not None:
        (folder / "models").mkdir()
        (folder / "models" / "house-en.json").write_text(
            model_path(bundled_rules_dir(), "claims", model).read_text("utf-8"), "utf-8")
    return folder


def test_a_rule_naming_a_missing_model_is_an_error(tmp_path):
    with pytest.raises(RuleFileError, match=r"no claim model models/house-en\.json"):
        load_rules([bundled_rules_dir(), _folder(tmp_path)])


def test_a_model_rule_must_be_a_review_tier_cue(tmp_path):
    folder = _folder(tmp_path, model="en")
    load_rules([bundled_rules_dir(), folder])  # the folder itself is fine
    (folder / "house.yaml").write_text(_MODEL_RULE.format(severity="warning"), "utf-8")
    with pytest.raises(RuleFileError, match=r"severity"):
        load_rules([bundled_rules_dir(), folder])


def test_a_broken_model_file_stops_the_run_with_one_line(tmp_path):
    folder = _folder(tmp_path)
    (folder / "models").mkdir()
    (folder / "models" / "house-en.json").write_text('{"format": "other"}', encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("I love it.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(draft), "--rules-dir", str(folder),
                                       "--min-severity", "info", "--no-cache"])
    assert result.exit_code == 2, result.output
    assert "not a usable claim model" in result.output
    # at the default tier the model is not needed, so the run goes on
    result = CliRunner().invoke(main, ["check", str(draft), "--rules-dir", str(folder),
                                       "--no-cache"])
    assert result.exit_code == 0, result.output


def test_lemmas_in_a_model_of_a_language_without_word_lemmas_are_refused():
    """The ``lemmas`` feature kind reads the language plug-in's word lemmas (English:
    lemminflect); Japanese has none, so a Japanese model that asks for them is not a model
    (it would otherwise read romanised words through an English lemmatizer)."""
    raw = json.loads(model_path(bundled_rules_dir(), "claims", "en").read_text("utf-8"))
    ClaimModel(raw)
    with pytest.raises(ValueError, match="the language 'ja' has no word lemmas"):
        ClaimModel({**raw, "lang": "ja"})


def test_the_model_reads_lemmas_from_the_language_plug_in():
    """The claim model names no language: it asks the plug-in for ``word_lemma``, so a
    language that registers one can have a lemma model (a made-up plug-in here)."""
    from dataclasses import replace

    from linter import languages

    raw = json.loads(model_path(bundled_rules_dir(), "claims", "en").read_text("utf-8"))
    shouting = replace(languages.get("en"), code="xx", name="Shouting",
                       word_lemma=lambda word: "cure" if word.startswith("cur") else word)
    languages.register(shouting)
    try:
        model = ClaimModel({**raw, "lang": "xx"})
        assert model.score("It curs insomnia.") == model.score("It cures insomnia.")
    finally:
        languages.unregister("xx")


def test_train_model_writes_a_model_rules_can_read(tmp_path):
    folder = _folder(tmp_path)
    corpus = tmp_path / "own.jsonl"
    corpus.write_text("\n".join(json.dumps({"text": t, "lang": "en", "labels": [c] if c else []})
                                for t, c in [("I love it, it changed my life.", "testimonial"),
                                             ("Opening hours are 9 to 5.", None)]),
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "train-model", "--lang", "en", "--corpus",
                                       str(corpus), "--rules-dir", str(folder), "--name", "house"])
    assert result.exit_code == 0, result.output
    model = ClaimModel.load(folder / "models" / "house-en.json")
    assert model.lang == "en" and "testimonial" in model.labels
    ruleset = load_rules([bundled_rules_dir(), folder])
    assert ruleset.rule("EN-HOUSE-GUESS").model.path == folder / "models" / "house-en.json"


def test_rules_explain_and_show_say_what_the_model_read():
    result = CliRunner().invoke(main, ["rules", "explain", "Your gut, reset."])
    assert result.exit_code == 0, result.output
    assert "claim model claims-en.json: claim probability" in result.output
    assert "EN-MODEL-BODY-FUNCTION" in result.output
    shown = CliRunner().invoke(main, ["rules", "show", "EN-MODEL-BODY-FUNCTION"])
    assert shown.exit_code == 0 and "claim model claims-en.json" in shown.output


def test_a_profile_finding_wins_over_the_guess():
    """「お腹の調子を整えます」 is トクホ wording: on a supplement page the profile says so with an
    error (MEDLINT-PROFILE-BEYOND); the model's info guess on the sentence used to take its
    place, the profile's note folded into an info finding.  For a トクホ the guess is accepted
    with the permitted wording."""
    from linter import Linter

    linter = Linter({"min-severity": "info"})
    text = "お腹の調子を整えます。"
    supplement = linter.lint_text(text, profile="supplement")
    assert rule_ids(supplement.findings) == {"MEDLINT-PROFILE-BEYOND"}
    page = "特定保健用食品。食生活は、主食、主菜、副菜を基本に、食事のバランスを。\n\n" + text
    foshu = linter.lint_text(page, profile="foshu")
    assert foshu.findings == []
    assert "JA-MODEL-BODY-FUNCTION" in rule_ids(foshu.accepted)


def test_a_model_rule_cannot_also_have_patterns(tmp_path):
    """At info and as a cue too (the schema let that through while this test had no model
    file, whose absence raised the error instead)."""
    folder = _folder(tmp_path, model="en")
    text = (folder / "house.yaml").read_text(encoding="utf-8")
    both = text.replace("    model:", "    match: [{sequence: [{text: [love]}]}]\n    model:")
    (folder / "house.yaml").write_text(both, encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"rules\[0\]"):
        load_rules([bundled_rules_dir(), folder])


def test_a_severity_override_cannot_lift_a_guess_out_of_the_review_tier(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(_GUESS, encoding="utf-8")
    config = tmp_path / "medlint.toml"
    config.write_text('[severity]\n"EN-MODEL-BODY-FUNCTION" = "warning"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(draft), "--config", str(config)])
    assert result.exit_code == 2, result.output
    assert "review tier only" in result.output
    # a category override lifts the rules that point at words, not the guess
    from linter import Linter

    linter = Linter({"severity": {"body-function-claim": "warning"}})
    assert not linter.lint_text(_GUESS).findings
    assert rule_ids(Linter({"severity": {"body-function-claim": "warning"},
                            "min-severity": "info"}).lint_text(_GUESS).findings) == {
        "EN-MODEL-BODY-FUNCTION"}


def test_a_company_model_of_the_bundled_name_is_theirs(tmp_path):
    folder = _folder(tmp_path)
    text = (folder / "house.yaml").read_text(encoding="utf-8")
    (folder / "house.yaml").write_text(text.replace("name: house", "name: claims"),
                                       encoding="utf-8")
    (folder / "models").mkdir()
    own = folder / "models" / "claims-en.json"
    own.write_text(model_path(bundled_rules_dir(), "claims", "en").read_text("utf-8"), "utf-8")
    ruleset = load_rules([bundled_rules_dir(), folder])
    assert ruleset.rule("EN-HOUSE-GUESS").model.path == own
    assert ruleset.rule("EN-MODEL-BODY-FUNCTION").model.path == model_path(
        bundled_rules_dir(), "claims", "en")


@pytest.mark.parametrize("problem", ["language", "label"])
def test_a_model_that_cannot_serve_its_rule_stops_the_run(tmp_path, problem):
    folder = _folder(tmp_path)
    if problem == "label":
        text = (folder / "house.yaml").read_text(encoding="utf-8")
        (folder / "house.yaml").write_text(text.replace("label: testimonial",
                                                        "label: missing-disclosure"), "utf-8")
    (folder / "models").mkdir()
    source = "ja" if problem == "language" else "en"
    (folder / "models" / "house-en.json").write_text(
        model_path(bundled_rules_dir(), "claims", source).read_text("utf-8"), "utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("I love it.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(draft), "--rules-dir", str(folder),
                                       "--min-severity", "info"])
    assert result.exit_code == 2, result.output
    assert ("is a 'ja' model" if problem == "language" else "has no label") in result.output


def test_every_rule_reading_a_model_is_checked_against_it(tmp_path):
    """A second rule reading the same model with a label it lacks used to be skipped: only
    the rule that scored the sentence first was checked."""
    folder = _folder(tmp_path, model="en")
    second = _MODEL_RULE.format(severity="info").replace("rules:\n", "").replace(
        "EN-HOUSE-GUESS", "EN-HOUSE-DISCLOSURE").replace("label: testimonial",
                                                          "label: missing-disclosure")
    text = (folder / "house.yaml").read_text(encoding="utf-8")
    (folder / "house.yaml").write_text(text + second, encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("I love it.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(draft), "--rules-dir", str(folder),
                                       "--min-severity", "info"])
    assert result.exit_code == 2, result.output
    assert "EN-HOUSE-DISCLOSURE" in result.output and "has no label" in result.output


def test_broken_models_are_reported_by_validate_and_explain(tmp_path):
    folder = _folder(tmp_path)
    (folder / "models").mkdir()
    (folder / "models" / "house-en.json").write_text("[1, 2]", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "validate", str(folder)])
    assert result.exit_code == 2 and "not a usable claim model" in result.output
    result = CliRunner().invoke(main, ["rules", "explain", "I love it.", "--lang", "en",
                                       "--rules-dir", str(folder)])
    assert result.exit_code == 2, result.output
    assert "not a usable claim model" in result.output and "Traceback" not in result.output


def test_train_model_names_a_bad_corpus_line(tmp_path):
    folder = _folder(tmp_path)
    corpus = tmp_path / "own.jsonl"
    corpus.write_text('{"text": "I love it.", "labels": ["testimonial"]}\n{"labels": []}\n',
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "train-model", "--lang", "en", "--corpus",
                                       str(corpus), "--rules-dir", str(folder)])
    assert result.exit_code == 2, result.output
    assert "own.jsonl:2: not a corpus line" in result.output


def test_the_holdout_set_is_never_trained_on(ruleset):
    """Two Japanese holdout negatives are also pass examples of rules; --exclude keeps them
    out, so the holdout stays held out for the model too."""
    bundled = ClaimModel.load(model_path(bundled_rules_dir(), "claims", "ja"))
    assert "tests/corpus/holdout-ja.jsonl" in bundled.trained_on["excluded"]
    holdout = REPO / "tests" / "corpus" / "holdout-ja.jsonl"
    held = {text.strip() for text, _, _ in corpus_rows(holdout)}
    examples = {t.strip() for r in ruleset.rules if r.lang == "ja" and r.model is None
                for t in r.pass_examples}
    assert held & examples  # the case this guards against exists
    data = training_set(ruleset, "ja", [], [holdout])
    assert not held & set(data.texts)
