"""Counts of what the store holds: per class, per relation, per source, unresolved references."""
from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from .store import select

PREFIX = "PREFIX kg: <https://w3id.org/vn-kg/ontology#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"


def stats(store: ox.Store) -> dict[str, Any]:
    """Counts as plain data (the CLI prints them as tables)."""
    classes = select(store, PREFIX + """
        SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
          ?x a ?class . FILTER(STRSTARTS(STR(?class), STR(kg:)))
        } GROUP BY ?class ORDER BY DESC(?n)""")
    relations = select(store, PREFIX + """
        SELECT ?p (COUNT(*) AS ?n) WHERE {
          { SELECT DISTINCT ?s ?p ?o WHERE {
              VALUES ?p { kg:basedOn kg:approvedBy kg:replaces kg:amends kg:repeals kg:partOf kg:issuedBy }
              ?s ?p ?o } }
        } GROUP BY ?p ORDER BY DESC(?n)""")
    sources = select(store, PREFIX + """
        SELECT ?file (COUNT(*) AS ?triples) WHERE {
          GRAPH ?g { ?g prov:wasDerivedFrom ?src . ?src kg:fileName ?file . ?s ?p ?o }
        } GROUP BY ?file ORDER BY ?file""")
    unresolved = select(store, PREFIX + """
        SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d kg:unresolved true }""")
    total = select(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return {
        "triples": total[0]["n"] if total else 0,
        "classes": {r["class"].split("#")[-1]: r["n"] for r in classes},
        "relations": {r["p"].split("#")[-1]: r["n"] for r in relations},
        "sources": {r["file"]: r["triples"] for r in sources},
        "unresolved": unresolved[0]["n"] if unresolved else 0,
    }
