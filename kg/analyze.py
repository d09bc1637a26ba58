"""Graph analysis with networkx over the dependency graph: an edge `a → b` when a
document or initiative rests on, is approved by, or is part of `b`.

The most relied-upon legal bases (in-degree and PageRank), the longest
dependency chains, orphan initiatives (no legal basis reachable) and the
clusters (weakly connected components). `tests/test_answers.py` checks each
figure against the saved SPARQL queries on the same graph.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
import pyoxigraph as ox

from .namespace import KG
from .store import select

_EDGES = f"""PREFIX kg: <{KG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?p {{ kg:basedOn kg:approvedBy kg:partOf }}
  ?s ?p ?o .
}}"""
_NODES = f"""PREFIX kg: <{KG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?n ?label ?initiative ?document WHERE {{
  {{ ?n a kg:Initiative . BIND(true AS ?initiative) }} UNION {{ ?n a kg:Document . BIND(true AS ?document) }}
  OPTIONAL {{ ?n rdfs:label ?label }}
}}"""


def dependency_graph(store: ox.Store) -> nx.DiGraph:
    """Documents and initiatives as nodes (`label`, `cls`); basedOn/approvedBy/partOf links as edges
    (`relations`: the predicates linking the pair)."""
    g = nx.DiGraph()
    for r in select(store, _NODES):
        if r["n"] in g:
            continue
        g.add_node(r["n"], label=r["label"] or r["n"].rsplit("/", 1)[-1],
                   cls="initiative" if r["initiative"] is not None else "document")
    for r in select(store, _EDGES):
        p = r["p"].rsplit("#", 1)[-1]
        if g.has_edge(r["s"], r["o"]):
            g.edges[r["s"], r["o"]]["relations"].append(p)
        else:
            for n in (r["s"], r["o"]):
                if n not in g:
                    g.add_node(n, label=n.rsplit("/", 1)[-1], cls="document")
            g.add_edge(r["s"], r["o"], relations=[p])
    return g


@dataclass
class Ranked:
    iri: str
    label: str
    value: float


@dataclass
class Analysis:
    nodes: int
    edges: int
    in_degree: list[Ranked]             # direct dependents (basedOn and approvedBy links in)
    pagerank: list[Ranked]              # importance flowing along dependencies, to the bases
    longest_chains: list[list[Ranked]]  # dependent first, basis last; value: links to the end
    orphans: list[Ranked]               # initiatives with no document reachable (value 0)
    clusters: list[dict[str, Any]]      # size, documents, initiatives, top (the most relied-upon members)
    cycles: int                         # strongly connected groups of more than one node

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def legal_in_degree(g: nx.DiGraph) -> dict[str, int]:
    """Direct dependents by basedOn or approvedBy (the `most-cited` query's ?dependents) of each document."""
    out: dict[str, int] = {}
    for n, data in g.nodes(data=True):
        if data["cls"] != "document":
            continue
        k = sum(1 for s in g.predecessors(n) if {"basedOn", "approvedBy"} & set(g.edges[s, n]["relations"]))
        if k:
            out[n] = k
    return out


def orphans(g: nx.DiGraph) -> list[str]:
    """Initiatives from which no document is reachable (the `no-basis` query)."""
    out = []
    for n, data in g.nodes(data=True):
        if data["cls"] == "initiative" and not any(g.nodes[d]["cls"] == "document" for d in nx.descendants(g, n)):
            out.append(n)
    return sorted(out)


def longest_chains(g: nx.DiGraph, k: int = 5) -> list[list[str]]:
    """The `k` longest simple dependency chains; a cycle counts once (its strongly connected group is
    condensed to one step)."""
    c = nx.condensation(g)
    members = c.graph["mapping"]
    rep: dict[int, str] = {}
    for node, comp in members.items():
        rep[comp] = min(rep.get(comp, node), node)
    # longest path ending at each node of the DAG, and where it came from
    best: dict[int, tuple[int, int | None]] = {}
    for comp in nx.topological_sort(c.reverse(copy=False)):
        succ = [(best[s][0] + 1, s) for s in c.successors(comp)]
        best[comp] = max(succ, key=lambda t: (t[0], -t[1])) if succ else (0, None)
    starts = sorted((length, comp) for comp, (length, _) in best.items() if c.in_degree(comp) == 0 and length > 0)
    chains = []
    for length, comp in sorted(starts, key=lambda t: (-t[0], rep[t[1]]))[:k]:
        chain, cur = [rep[comp]], comp
        while best[cur][1] is not None:
            cur = best[cur][1]
            chain.append(rep[cur])
        chains.append(chain)
    return chains


def analyze(store: ox.Store, top: int = 10) -> Analysis:
    g = dependency_graph(store)
    label = nx.get_node_attributes(g, "label")
    indeg = legal_in_degree(g)
    by_in = sorted(indeg.items(), key=lambda kv: (-kv[1], label[kv[0]], kv[0]))[:top]
    pr = nx.pagerank(g) if g.number_of_edges() else {}
    docs = [n for n in pr if g.nodes[n]["cls"] == "document"]
    by_pr = sorted(docs, key=lambda n: (-pr[n], label[n], n))[:top]
    clusters = []
    for comp in sorted(nx.weakly_connected_components(g), key=lambda c: (-len(c), min(c))):
        if len(comp) < 2:
            continue
        kinds = [g.nodes[n]["cls"] for n in comp]
        top_members = sorted(comp, key=lambda n: (-g.in_degree(n), label[n], n))[:3]
        clusters.append({"size": len(comp), "documents": kinds.count("document"),
                         "initiatives": kinds.count("initiative"), "top": [label[n] for n in top_members]})
    cycles = sum(1 for c in nx.strongly_connected_components(g) if len(c) > 1)
    return Analysis(
        g.number_of_nodes(), g.number_of_edges(),
        [Ranked(n, label[n], v) for n, v in by_in],
        [Ranked(n, label[n], round(pr[n], 6)) for n in by_pr],
        [[Ranked(n, label[n], len(chain) - 1 - i) for i, n in enumerate(chain)] for chain in longest_chains(g)],
        [Ranked(n, label[n], 0) for n in orphans(g)],
        clusters[:top], cycles)
