"""Files in, records out: read, extract, and report each failure without stopping.

>>> outcomes = list(extract_paths(["/no/such/file.txt"]))
>>> outcomes[0].error.cause
'no such file or directory'
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ExtractError, ReadError
from .pipeline import extract_text
from .read import iter_files, read_text
from .records import Record


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input file: its record, or the error that stopped it."""

    path: Path
    record: Record | None = None
    error: ExtractError | None = None
    size: int = 0


def extract_file(path: str | Path, *, source: str | None = None) -> Record:
    """Read and extract one file. Raises `ReadError` when it cannot be read."""
    text = read_text(path)
    return extract_text(text, source or str(path))


def extract_paths(paths: Iterable[str | Path]) -> Iterator[Outcome]:
    """Every file under `paths`, in order; a bad file yields an error outcome and the batch goes on."""
    for path, error in iter_files(paths):
        if error is not None:
            yield Outcome(path, error=error)
            continue
        try:
            text = read_text(path)
        except ReadError as e:
            yield Outcome(path, error=e)
            continue
        try:
            record = extract_text(text, str(path))
        except (ValueError, IndexError, KeyError, RecursionError, MemoryError) as e:
            # A bug of ours on strange input must not cost the user the rest of the batch.
            yield Outcome(path, error=ExtractError(f"{path}: extraction failed ({type(e).__name__}: {e})"))
            continue
        yield Outcome(path, record=record, size=len(text.encode("utf-8")))
