"""Cold-start savings that reach into spaCy's import and model loading (issue 16) keep spaCy
whole for everyone else in the process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(code: str, *path: Path) -> str:
    env_path = ":".join([*(str(p) for p in path), str(ROOT)])
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                            text=True, env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_spacy_imported_after_medlint_loads_no_cli_yet_keeps_it_reachable():
    out = _run("""
        import sys
        import linter
        from spacy.matcher import Matcher
        import spacy
        print("cli loaded at import:", "spacy.cli" in sys.modules)
        print("info:", spacy.info.__module__)
        print("download:", spacy.cli.download.__module__)
        print("cli loaded on use:", "spacy.cli" in sys.modules)
        print("blank:", type(spacy.blank("en")).__name__)
    """)
    assert "cli loaded at import: False" in out
    assert "download: spacy.cli.download" in out
    assert "cli loaded on use: True" in out
    assert "blank: English" in out


def test_spacy_info_is_spacys_own():
    out = _run("""
        import linter, spacy
        print(sorted(spacy.info()))
    """)
    assert "'spacy_version'" in out and "'pipelines'" in out


def test_a_spacy_that_needs_more_of_its_cli_is_imported_as_it_asks(tmp_path):
    """If a spaCy release imports more than ``info`` from its CLI at import time, the
    placeholders step aside instead of breaking the import."""
    fake = tmp_path / "spacy"
    (fake / "cli").mkdir(parents=True)
    (fake / "__init__.py").write_text("from .cli.info import info\nfrom .cli import train\n")
    (fake / "cli" / "__init__.py").write_text("from .info import info\ntrain = 'real train'\n")
    (fake / "cli" / "info.py").write_text("def info():\n    return 'real info'\n")
    out = _run("""
        import linter, spacy
        print(spacy.train, spacy.info())
    """, tmp_path)
    assert "real train real info" in out


def test_spacy_already_imported_is_left_alone():
    out = _run("""
        import sys
        import spacy
        import linter
        print("hooks:", [type(f).__name__ for f in sys.meta_path if "spacy" in type(f).__module__])
    """)
    assert "hooks: []" in out


@pytest.mark.slow
def test_parsing_model_defers_its_own_tokenizer_and_tokenises_the_same():
    from linter.nlp.pipelines import JapanesePipeline

    pipeline = JapanesePipeline()
    text = "不眠症が治るサプリは東京都内で唯一です。"
    parsed = pipeline.parse(pipeline.tokenize(text))
    assert pipeline.model_nlp.tokenizer._tokenizer is None  # the parse never needed it

    def analysis(doc):
        return [(t.text, t.tag_, t.lemma_, t.norm_, str(t.morph), t.pos_, t.dep_, t.head.i)
                for t in doc]

    assert analysis(pipeline.full(text)) == analysis(parsed)
