"""Every ontology term the code uses is declared in ontology/kg.ttl."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from kg.graph import INITIATIVE_CONCEPT, KIND_CONCEPT
from kg.namespace import KG

ROOT = Path(__file__).resolve().parents[1]


def declared() -> set[str]:
    g = Graph().parse(ROOT / "ontology" / "kg.ttl")
    return {str(s) for s in g.subjects(RDF.type, None) if str(s).startswith(str(KG))}


def used() -> set[str]:
    names: set[str] = set()
    for path in list((ROOT / "kg").rglob("*.py")) + list((ROOT / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        names |= {str(KG) + m for m in re.findall(r"(?<![`\w])KG\.([A-Za-z][A-Za-z0-9]*)", text)}
        names |= {str(KG) + m for m in re.findall(r"\bkg:([A-Za-z][A-Za-z0-9-]*)", text)}
    names |= {str(KG) + "doctype-" + v for v in KIND_CONCEPT.values()}
    names |= {str(KG) + "initiative-" + v for v in INITIATIVE_CONCEPT.values()}
    return names


@pytest.mark.parametrize("term", sorted(used()))
def test_term_is_declared(term: str) -> None:
    assert term in declared(), f"{term} is used but not declared in ontology/kg.ttl"


def test_namespace_is_the_ontologys() -> None:
    g = Graph().parse(ROOT / "ontology" / "kg.ttl")
    ontologies = {str(o) for o in g.subjects(RDF.type, OWL.Ontology)}
    assert ontologies == {str(KG).rstrip("#")}
    assert dict(g.namespaces())["kg"] == URIRef(str(KG))
