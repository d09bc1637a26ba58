"""The one exception tree of `kg`. Every error a user can cause is one of these,
with a message that says what, which value, and what to do.

    KgError
    ├── ExtractError (from extract.errors)
    │   └── ReadError           a file could not be read as text
    ├── UsageError              a bad option or argument value
    ├── EvalError               gold or prediction files that cannot be scored
    ├── StoreError (kg.store)   the store cannot be opened or written
    ├── QueryError (kg.queries) a saved query that cannot be found, read or given its parameters
    └── LookupFailed (kg.lookup) what was typed matches nothing (NotFound) or several things (Ambiguous)
"""
from __future__ import annotations

from extract.errors import ExtractError, ReadError


class KgError(Exception):
    """Base class of the errors `kg` raises on purpose."""


class UsageError(KgError):
    """A bad option or argument value."""


class EvalError(KgError):
    """Gold or prediction records that cannot be read or scored."""


__all__ = ["KgError", "ExtractError", "ReadError", "UsageError", "EvalError"]
