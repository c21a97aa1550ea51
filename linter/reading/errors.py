"""Input problems reported as one line per file; linting goes on with the other files."""

from __future__ import annotations


class InputError(Exception):
    """A file that cannot be linted; ``message`` is always one line (whitespace in a
    parser's message, which may quote the file, is collapsed)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = " ".join(message.split())
        super().__init__(f"{path}: {self.message}")
