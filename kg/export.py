"""Export the store: Turtle, TriG, N-Quads, JSON-LD for RDF users; GraphML for Gephi users."""
from __future__ import annotations

from typing import IO

import networkx as nx
import pyoxigraph as ox

from .store import select

FORMATS = ("turtle", "trig", "nquads", "jsonld", "graphml")
_OX = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
       "jsonld": ox.RdfFormat.JSON_LD}

_EDGES = """PREFIX kg: <https://w3id.org/vn-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?p ?o ?sl ?ol ?st ?ot WHERE {
  VALUES ?p { kg:basedOn kg:approvedBy kg:replaces kg:amends kg:repeals kg:partOf kg:issuedBy }
  ?s ?p ?o .
  OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?o rdfs:label ?ol }
  OPTIONAL { ?s a ?st . FILTER(STRSTARTS(STR(?st), STR(kg:))) }
  OPTIONAL { ?o a ?ot . FILTER(STRSTARTS(STR(?ot), STR(kg:))) }
}"""


def dependency_graph(store: ox.Store) -> nx.MultiDiGraph:
    """Documents, initiatives and agencies as nodes; the relations as labelled edges."""
    g = nx.MultiDiGraph()
    for r in select(store, _EDGES):
        for node, label, cls in ((r["s"], r["sl"], r["st"]), (r["o"], r["ol"], r["ot"])):
            if node not in g:
                g.add_node(node, label=label or node.rsplit("/", 1)[-1], kind=(cls or "").split("#")[-1])
        p = r["p"].split("#")[-1]
        if not g.has_edge(r["s"], r["o"], key=p):
            g.add_edge(r["s"], r["o"], key=p, relation=p)
    return g


def export(store: ox.Store, fmt: str, out: IO[bytes]) -> None:
    """Write the whole store in `fmt` to the binary stream `out`."""
    if fmt == "graphml":
        nx.write_graphml(dependency_graph(store), out)
    elif fmt == "turtle":
        # Turtle has no named graphs: the union of all of them
        store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }").serialize(out, ox.RdfFormat.TURTLE)
    else:
        store.dump(out, format=_OX[fmt])
