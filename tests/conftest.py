"""Shared fixtures. `../shared` (corpus, gold, scorer) must be beside the repo:
tests that need it fail, never skip, when it is missing."""
from __future__ import annotations

from pathlib import Path

import unicodedata

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "eval" / "score.py").exists():
        pytest.fail(f"{SHARED} is missing: the corpus, gold records and scorer live there")
    return SHARED


@pytest.fixture(scope="session")
def dev_predictions(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`kg extract` records of the seeds and the dev corpus, as JSON Lines."""
    import json

    from extract.batch import extract_paths

    out = tmp_path_factory.mktemp("pred") / "dev.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for o in extract_paths([shared / "corpus" / "seeds", shared / "corpus" / "dev"]):
            assert o.error is None, str(o.error)
            f.write(json.dumps(o.record.to_dict(), ensure_ascii=False) + "\n")
    return out


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Encode as Windows does: base letters precomposed (ă, ơ, ư), tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        base = "".join(c for c in parts if c not in _TONES)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")
