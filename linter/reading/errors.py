"""Input problems reported as one line per file; linting goes on with the other files."""

from __future__ import annotations


class InputError(Exception):
    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}")
