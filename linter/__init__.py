"""medlint: a linter for health and medical advertising claims (Japanese and English).

The public API (see ``linter.api``)::

    from linter import Linter, lint_text, lint_file
"""

from linter.nlp.spacy_import import defer_spacy_cli

__version__ = "0.2.0"

defer_spacy_cli()  # spaCy, when a path needs it, comes without its CLI: 0.15 s of a cold start

__all__ = ["Finding", "LintResult", "Linter", "RunResult", "__version__", "lint_file",
           "lint_text"]


def __getattr__(name: str):
    # imported on first use, so that ``import linter`` (and reading __version__) stays cheap
    if name in __all__ and name != "__version__":
        from linter import api

        return getattr(api, name)
    raise AttributeError(f"module 'linter' has no attribute {name!r}")
