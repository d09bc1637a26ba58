"""Extraction quality on the dev gold: the issue's floors, measured with the
reference scorer, and our `kg eval` giving the same figures."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg import evaluate

FLOORS = {
    ("refs_numbered", "f1"): 0.95,
    ("refs_numbered", "precision"): 0.97,
    ("ref_kind_accuracy", None): 0.97,
    ("ref_date_accuracy", None): 0.95,
    ("refs_named", "f1"): 0.80,
    ("initiatives", "f1"): 0.75,
    ("agencies", "f1"): 0.80,
    ("relations", "f1"): 0.85,
    ("self_accuracy", None): 0.95,
}


@pytest.fixture(scope="module")
def reference(shared: Path, dev_predictions: Path) -> dict:
    out = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), "--gold",
                          str(shared / "eval" / "gold" / "dev"), "--pred", str(dev_predictions), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("part,field", list(FLOORS))
def test_floor(reference: dict, part: str, field: str | None) -> None:
    value = reference[part] if field is None else reference[part][field]
    assert value >= FLOORS[(part, field)], f"{part} {field or ''} = {value}"


def test_kg_eval_matches_reference_scorer(reference: dict, shared: Path, dev_predictions: Path) -> None:
    ours = evaluate.score(evaluate.load(shared / "eval" / "gold" / "dev"), evaluate.load(dev_predictions)).to_dict()
    for key in ("refs_numbered", "refs_named", "initiatives", "agencies", "relations",
                "ref_kind_accuracy", "ref_date_accuracy", "self_accuracy", "relations_by_predicate", "documents"):
        assert ours[key] == reference[key], key


def test_every_gold_document_has_a_prediction(reference: dict) -> None:
    assert not [n for n in reference["notes"] if n.endswith("no prediction")]
