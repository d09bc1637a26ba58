"""Answers to the questions policy staff ask, built on the saved queries.

`depends` (who relies on a document, with a chain per dependent), `basis` (the
legal bases of an initiative or document, as a tree) and `card` (everything
about one entity, like the "Lược đồ" of the national legal databases). Each
returns plain data; `kg.cli` prints it and `--format json` dumps it.
"""
from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph as ox

from extract.normalize import fold

from . import queries
from .namespace import KG
from .store import select, to_python

RELATIONS = ("basedOn", "approvedBy", "partOf", "replaces", "amends", "repeals", "issuedBy")
DEPENDENCY = ("basedOn", "approvedBy", "partOf")


def local(iri: str | None) -> str:
    return (iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class Evidence:
    sentence: str
    file: str
    start: int
    end: int


@dataclass
class Link:
    """One stated relation `s p o`, with every source that states it."""

    s: str
    s_label: str
    p: str                      # "basedOn", "approvedBy", ...
    o: str
    o_label: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Dependent:
    iri: str
    label: str
    cls: str                    # "initiative" or "document"
    depth: int                  # 1: relies on the target directly
    chain: list[Link]           # from this dependent to the target


@dataclass
class Depends:
    target: str
    target_label: str
    dependents: list[Dependent]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _plain(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of RDF terms as rows of plain values (`kg.store.to_python`), each term converted once."""
    return [{k: to_python(v) for k, v in r.items()} for r in rows]


def _links(rows: list[dict[str, Any]], s: str, s_label: str, o: str, o_label: str) -> dict[tuple[str, str, str], Link]:
    """The links stated in plain `rows`, each with its evidence in the order of the rows."""
    links: dict[tuple[str, str, str], Link] = {}
    for r in rows:
        key = (r[s], local(r["predicate"]), r[o])
        link = links.get(key)
        if link is None:
            link = links[key] = Link(r[s], r.get(s_label) or local(r[s]), key[1], r[o], r.get(o_label) or local(r[o]))
        if r.get("sentence") is not None:
            ev = Evidence(r["sentence"], r["file"], int(r["start"]), int(r["end"]))
            if ev not in link.evidence:
                link.evidence.append(ev)
    return links


def depends(store: ox.Store, target: str) -> Depends:
    """Everything that relies on `target` (an IRI) through basedOn, approvedBy or partOf links."""
    # The rows are sorted here by the query's own ORDER BY (which picks each link's labels and orders its
    # evidence) rather than by the engine: on disk Oxigraph reads from the store the strings each comparison
    # of its sort compares (bench/query.py).
    q, order = queries.split_order(queries.load("depends"))
    rows = _plain(queries.run_terms(store, q, {"target": ox.NamedNode(target)})[1])
    queries.sort_rows(rows, order)
    links = _links(rows, "dependent", "dependentLabel", "on", "onLabel")
    classes = {r["dependent"]: r["dependentClass"] for r in rows}
    into: dict[str, list[Link]] = defaultdict(list)
    for link in sorted(links.values(), key=lambda k: (k.s_label, k.s, k.p)):
        into[link.o].append(link)
    # breadth first from the target: each dependent's shortest chain
    chain: dict[str, list[Link]] = {target: []}
    todo = deque([target])
    while todo:
        node = todo.popleft()
        for link in into.get(node, ()):
            if link.s not in chain:
                chain[link.s] = [link, *chain[node]]
                todo.append(link.s)
    label = _label(store, target)
    out = [Dependent(iri, c[0].s_label, classes.get(iri, "document"), len(c), c)
           for iri, c in chain.items() if iri != target]
    out.sort(key=lambda d: (d.depth, d.cls != "initiative", d.label, d.iri))
    return Depends(target, label, out)


@dataclass
class BasisNode:
    iri: str
    label: str
    cls: str
    predicate: str | None = None          # how the parent rests on this node
    evidence: list[Evidence] = field(default_factory=list)
    children: list["BasisNode"] = field(default_factory=list)
    repeated: bool = False                # already shown higher in the tree (or a cycle)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def basis(store: ox.Store, subject: str) -> BasisNode:
    """The legal bases of `subject` (an IRI), as a tree; a node reached twice is expanded once."""
    q = queries.load("basis")
    rows = _plain(queries.run_terms(store, q, {"subject": ox.NamedNode(subject)})[1])
    links = _links(rows, "from", "fromLabel", "basis", "basisLabel")
    classes = {r["basis"]: r["basisClass"] for r in rows}
    out: dict[str, list[Link]] = defaultdict(list)
    for link in sorted(links.values(), key=lambda k: (k.p != "approvedBy", k.o_label, k.o)):
        out[link.s].append(link)
    root = BasisNode(subject, _label(store, subject), _class(store, subject))
    seen = {subject}
    todo = deque([root])
    while todo:     # breadth first, so that a basis appears at its shallowest place
        node = todo.popleft()
        for link in out.get(node.iri, ()):
            child = BasisNode(link.o, link.o_label, classes.get(link.o, "document"), link.p, link.evidence)
            if link.o in seen:
                child.repeated = True
            else:
                seen.add(link.o)
                todo.append(child)
            node.children.append(child)
    return root


# ─────────────────────────── the card of one entity ───────────────────────────

_ATTRS = f"""PREFIX kg: <{KG}>
SELECT ?e ?p ?o (COUNT(DISTINCT ?g) AS ?sources) WHERE {{
  GRAPH ?g {{ ?e ?p ?o }}
}} GROUP BY ?e ?p ?o"""

_INCOMING = f"""PREFIX kg: <{KG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?e ?s ?sLabel ?p WHERE {{
  VALUES ?p {{ {" ".join("kg:" + r for r in RELATIONS)} }}
  ?s ?p ?e .
  OPTIONAL {{ ?s rdfs:label ?sLabel }}
}}"""

_LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?label WHERE { { ?e rdfs:label ?label } UNION { ?e skos:prefLabel ?label } } LIMIT 1"""

_EVIDENCE = """PREFIX kg: <https://w3id.org/vn-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?s ?p ?o ?sentence ?file ?start ?end WHERE {
  ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      kg:sentence ?sentence ; kg:start ?start ; kg:end ?end ; kg:source/kg:fileName ?file .
} ORDER BY ?file ?start"""

_SOURCES = """PREFIX kg: <https://w3id.org/vn-kg/ontology#>
SELECT ?e ?file (COUNT(?m) AS ?mentions) (MIN(?start) AS ?first) WHERE {
  ?m kg:denotes ?e ; kg:source/kg:fileName ?file ; kg:start ?start .
} GROUP BY ?e ?file ORDER BY ?file"""

_TEXT_OF = """PREFIX kg: <https://w3id.org/vn-kg/ontology#>
SELECT ?e ?file WHERE { ?source kg:textOf ?e ; kg:fileName ?file . }"""


def _select(store: ox.Store, sparql: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, Any]]:
    return select(store, sparql, bindings=bindings)


def _label(store: ox.Store, iri: str) -> str:
    rows = _select(store, _LABELS, e=ox.NamedNode(iri))
    return rows[0]["label"] if rows else local(iri)


def _class(store: ox.Store, iri: str) -> str:
    types = {r["o"] for r in _select(store, _ATTRS, e=ox.NamedNode(iri)) if local(r["p"]) == "type"}
    for cls, name in ((KG.Initiative, "initiative"), (KG.Agency, "agency"), (KG.Document, "document")):
        if str(cls) in types:
            return name
    return "document"


def _evidence(store: ox.Store, s: str, p: str, o: str) -> list[Evidence]:
    rows = _select(store, _EVIDENCE, s=ox.NamedNode(s), p=ox.NamedNode(str(KG[p])), o=ox.NamedNode(o))
    return [Evidence(r["sentence"], r["file"], int(r["start"]), int(r["end"])) for r in rows]


@dataclass
class Card:
    iri: str
    label: str
    cls: str
    types: list[str]
    facts: dict[str, list[str]]               # kind, number, date, year, issuer, province, period, aliases...
    outgoing: dict[str, list[Link]]           # relation → links from this entity
    incoming: dict[str, list[Link]]           # relation → links to this entity
    sources: list[dict[str, Any]]             # files that mention it or are its text

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


_FACTS = {"number": "number", "dateIssued": "date", "year": "year", "documentKind": "kind",
          "initiativeKind": "kind", "province": "province", "periodStart": "period start", "periodEnd": "period end",
          "name": "name", "title": "title", "signer": "signer", "altLabel": "also called", "unresolved": "unresolved"}


def card(store: ox.Store, iri: str) -> Card:
    e = ox.NamedNode(iri)
    attrs = _select(store, _ATTRS, e=e)
    types = sorted({local(r["o"]) for r in attrs if local(r["p"]) == "type"})
    facts: dict[str, list[str]] = defaultdict(list)
    outgoing: dict[str, list[Link]] = defaultdict(list)
    label = _label(store, iri)
    for r in sorted(attrs, key=lambda r: (r["p"], str(r["o"]))):
        p = local(r["p"])
        if p in RELATIONS:
            o_label = _label(store, r["o"])
            outgoing[p].append(Link(iri, label, p, r["o"], o_label, _evidence(store, iri, p, r["o"])))
        elif p in ("documentKind", "initiativeKind"):
            facts["kind"].append(_kind_label(r["o"]))
        elif p == "province":
            facts["province"].append(_label(store, r["o"]))
        elif p in _FACTS and str(r["o"]) not in facts[_FACTS[p]]:
            facts[_FACTS[p]].append(str(r["o"]))
    incoming: dict[str, list[Link]] = defaultdict(list)
    for r in _select(store, _INCOMING, e=e):
        p = local(r["p"])
        incoming[p].append(Link(r["s"], r["sLabel"] or local(r["s"]), p, iri, label,
                                _evidence(store, r["s"], p, iri)))
    for links in incoming.values():
        links.sort(key=lambda k: (k.s_label, k.s))
    sources = [{"file": r["file"], "mentions": int(r["mentions"]), "first": int(r["first"])}
               for r in _select(store, _SOURCES, e=e)]
    for r in _select(store, _TEXT_OF, e=e):
        sources.insert(0, {"file": r["file"], "mentions": 0, "first": 0, "text_of": True})
    cls = "initiative" if "Initiative" in types else "agency" if "Agency" in types else "document"
    return Card(iri, label, cls, types, dict(facts), dict(outgoing), dict(incoming), sources)


def _kind_label(concept: str) -> str:
    from .graph import INITIATIVE_CONCEPT, KIND_CONCEPT
    name = local(concept)
    for table, prefix in ((KIND_CONCEPT, "doctype-"), (INITIATIVE_CONCEPT, "initiative-")):
        for label, slug in table.items():
            if name == prefix + slug:
                return label
    return name


WINDOW = 160  # characters of a long evidence sentence shown on each side of what it proves


def excerpt(sentence: str, focus: list[str], full: bool = False) -> str:
    """The sentence on one line; a long one cut to a window around the first `focus` text found in it."""
    text = " ".join(sentence.split())
    if full or len(text) <= 2 * WINDOW + 40:
        return text
    folded = fold(text)
    hits = [folded.find(fold(f)) for f in focus if f]
    hits = [h for h in hits if h >= 0]
    if not hits:
        return text[:2 * WINDOW].rsplit(" ", 1)[0] + " …"
    lo, hi = max(0, min(hits) - WINDOW), min(len(text), min(hits) + WINDOW)
    lo = text.rfind(" ", 0, lo) + 1 if lo else 0
    hi = text.find(" ", hi) if text.find(" ", hi) != -1 else len(text)
    return ("… " if lo else "") + text[lo:hi] + (" …" if hi < len(text) else "")
