"""Errors raised by `extract`. One small tree; `kg.errors` builds on it.

    ExtractError
    └── ReadError      a file could not be turned into text (names the file and the cause)
"""
from __future__ import annotations

from pathlib import Path


class ExtractError(Exception):
    """Base class of every error `extract` raises on purpose."""


class ReadError(ExtractError):
    """A file could not be read as text.

    `str(error)` is one line: ``<path>: <cause>``, fit for a batch log.
    """

    def __init__(self, path: str | Path, cause: str) -> None:
        self.path = str(path)
        self.cause = cause
        super().__init__(f"{self.path}: {cause}")

    def __reduce__(self) -> tuple:   # so an error crosses from a worker process intact
        return type(self), (self.path, self.cause)
