"""Import spaCy without its command-line package.

``spacy/__init__.py`` runs ``from .cli.info import info``, which imports every spaCy command
(train, download, init config...) with typer, requests and a YAML read of the default
training config: about 450 modules and 0.15 s of each cold ``medlint check`` that needs
spaCy, none of which linting uses.  ``defer_spacy_cli`` installs an import hook that, only
while spaCy's own ``__init__`` runs, answers ``spacy.cli`` and ``spacy.cli.info`` with
placeholders; afterwards the placeholders are gone, so ``import spacy.cli`` loads the real
package, and ``spacy.cli`` / ``spacy.info`` still work for any other code in the process
(``spacy.cli`` is resolved on first attribute access, ``spacy.info`` calls the real one).

If a spaCy release needs more from ``spacy.cli`` while importing, the hook steps aside and
spaCy is imported as usual (slower, never broken): tests/test_spacy_import.py.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from typing import Any

_STUB = "spacy.cli"
_STUB_INFO = "spacy.cli.info"


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported on first call."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _lazy_cli(name: str) -> Any:
    """Module ``__getattr__`` for spaCy: ``spacy.cli`` imported on first access (PEP 562)."""
    if name == "cli":
        return importlib.import_module(_STUB)
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


def _placeholders() -> dict[str, types.ModuleType]:
    cli = types.ModuleType(_STUB, "placeholder while spaCy initialises (linter.nlp.spacy_import)")
    cli.__path__ = []  # a package, so that spacy.cli.info can be its submodule
    info = types.ModuleType(_STUB_INFO)
    info.info = _info  # type: ignore[attr-defined]
    cli.info = info  # type: ignore[attr-defined]
    return {_STUB: cli, _STUB_INFO: info}


class _Loader(importlib.abc.Loader):
    """Runs spaCy's ``__init__`` with the placeholders in ``sys.modules``."""

    def __init__(self, real: importlib.abc.Loader, finder: _Finder) -> None:
        self.real = real
        self.finder = finder

    def __getattr__(self, name: str) -> Any:  # resource readers etc.: the real loader's
        return getattr(self.real, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.real.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        if self.finder in sys.meta_path:  # spaCy is imported once; the hook's job ends here
            sys.meta_path.remove(self.finder)
        stubs = _placeholders()
        if any(name in sys.modules for name in stubs):  # the real one is already loaded
            self.real.exec_module(module)
            return
        sys.modules.update(stubs)
        try:
            self.real.exec_module(module)
        except ImportError:
            # a spaCy that wants more of spacy.cli than ``info``: import it as it asks
            self._remove(module, stubs)
            self.real.exec_module(module)
            return
        self._remove(module, stubs)
        module.info = _info  # type: ignore[attr-defined]
        if "__getattr__" not in vars(module):
            module.__getattr__ = _lazy_cli  # type: ignore[attr-defined]

    @staticmethod
    def _remove(module: types.ModuleType, stubs: dict[str, types.ModuleType]) -> None:
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]
        if vars(module).get("cli") in stubs.values():
            del module.cli


class _Finder(importlib.abc.MetaPathFinder):
    """Finds ``spacy`` as the other finders do and wraps its loader (once)."""

    def find_spec(self, fullname: str, path: Any, target: Any = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname != "spacy":
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader, self)
        return spec


def defer_spacy_cli() -> None:
    """Install the hook, unless spaCy is already imported (then nothing is left to save)."""
    if "spacy" in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
