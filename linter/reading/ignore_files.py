"""``.gitignore`` files, so that walking a folder skips what the project ignores.

A report left in the tree (``report.html``), build output and vendored pages are
not drafts.  Like ruff, medlint honours ``.gitignore`` when it walks a folder; a
file named explicitly on the command line is always checked.  Patterns follow
git's rules (pathspec's ``GitIgnoreSpec``), each file's patterns relative to its
own folder, from the repository root (the folder that holds ``.git``) down.
"""

from __future__ import annotations

from pathlib import Path

from pathspec import GitIgnoreSpec


class GitIgnores:
    """The ``.gitignore`` files that apply to paths, read once per folder."""

    def __init__(self) -> None:
        self._specs: dict[Path, GitIgnoreSpec | None] = {}

    def _spec(self, folder: Path) -> GitIgnoreSpec | None:
        if folder not in self._specs:
            spec = None
            try:
                lines = (folder / ".gitignore").read_text(encoding="utf-8",
                                                          errors="replace").splitlines()
                spec = GitIgnoreSpec.from_lines(lines)
            except OSError:
                pass
            self._specs[folder] = spec
        return self._specs[folder]

    @staticmethod
    def _folders(path: Path) -> list[Path]:
        """The folders whose .gitignore can apply to ``path``: up to the repository root."""
        folders = []
        for folder in path.parents:
            folders.append(folder)
            if (folder / ".git").exists():
                break
        return folders

    def ignored(self, path: Path, *, is_dir: bool = False) -> bool:
        """Does a ``.gitignore`` between the repository root and ``path`` ignore it?"""
        try:
            path = path.resolve()
        except (OSError, RuntimeError):  # a symbolic link loop: nothing to match
            return False
        for folder in self._folders(path):
            spec = self._spec(folder)
            if spec is None:
                continue
            try:
                relative = path.relative_to(folder).as_posix() + ("/" if is_dir else "")
            except ValueError:
                continue
            if spec.match_file(relative):
                return True
        return False
