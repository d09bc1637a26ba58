"""What a dependency view shows, as plain data: the nodes and edges around a focus
(or the whole graph), their labels in Vietnamese and English, the evidence of every
edge, an aggregation when there are too many nodes, and a layout.

`kg.pyvis_page` turns a `View` into one self-contained HTML page; `page` and
`write` do both. Nothing here formats SPARQL with a value: the walk reads the
store with `quads_for_pattern`, and evidence comes from a query with bound terms.

>>> sorted(KINDS)
['administrative', 'agency', 'document', 'initiative', 'normative', 'party']
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pyoxigraph as ox

from extract.tables.provinces import find_province

from .answers import RELATIONS, _evidence, local
from .errors import KgError
from .namespace import KG, RDF, RDFS, SKOS

# class name → the ontology class that makes a node of it, most specific first
KINDS: dict[str, str] = {
    "initiative": str(KG.Initiative), "normative": str(KG.NormativeDocument),
    "administrative": str(KG.AdministrativeDocument), "party": str(KG.PartyDocument),
    "document": str(KG.Document), "agency": str(KG.Agency),
}
DEFAULT_KINDS = ("initiative", "normative", "administrative", "party", "document")
MAX_NODES = 1000
EVIDENCE_PER_EDGE = 2
LABEL_CHARS = 48
_SUBCLASS = {str(KG.StateAgency): "agency", str(KG.PartyAgency): "agency", str(KG.Enterprise): "agency"}


class ViewError(KgError):
    """The view cannot be made (an unknown focus)."""


@dataclass
class Node:
    id: str                       # the IRI, or "group:<province>:<kind>" when aggregated
    kind: str                     # a key of KINDS
    label: dict[str, str]         # "vi", "en" → the label shown
    facts: dict[str, str] = field(default_factory=dict)   # number, date, province, kind...
    sources: list[str] = field(default_factory=list)      # files that mention it
    count: int = 1                # members, when aggregated
    focus: bool = False
    x: float = 0.0
    y: float = 0.0


@dataclass
class Edge:
    source: str
    target: str
    relation: str                 # basedOn, approvedBy, ...
    evidence: list[tuple[str, str, int, int]] = field(default_factory=list)   # sentence, file, start, end
    count: int = 1                # links, when aggregated


@dataclass
class View:
    nodes: list[Node]
    edges: list[Edge]
    focus: str | None
    depth: int
    kinds: tuple[str, ...]
    total_nodes: int              # before aggregation
    aggregated: bool = False
    title: dict[str, str] = field(default_factory=dict)   # "vi", "en" → what the page is about
    note: dict[str, str] = field(default_factory=dict)    # "vi", "en" → what the page must say


@dataclass(frozen=True)
class Report:
    nodes: int
    edges: int
    total_nodes: int
    aggregated: bool
    note: str


# ─────────────────────────── the ontology's own words ───────────────────────────

@lru_cache(maxsize=1)
def vocabulary() -> dict[str, dict[str, str]]:
    """Labels by language of every class, relation and kind concept, read from ontology/kg.ttl."""
    from rdflib import Graph
    g = Graph().parse(Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl")
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for s, p, o in g:
        if p in (RDFS.label, SKOS.prefLabel) and getattr(o, "language", None) in ("vi", "en"):
            out[str(s)][o.language] = str(o)
    return dict(out)


def term_label(iri: str, lang: str) -> str:
    return vocabulary().get(iri, {}).get(lang) or local(iri)


# ─────────────────────────── reading the store ───────────────────────────

_CANONICAL_ATTRS = {str(RDF.type), str(RDFS.label), str(KG.number), str(KG.dateIssued), str(KG.documentKind),
                    str(KG.initiativeKind), str(KG.province)}


def _kind_of(types: set[str]) -> str | None:
    for name, cls in KINDS.items():
        if cls in types:
            return name
    return next((_SUBCLASS[t] for t in types if t in _SUBCLASS), None)


def _attributes(store: ox.Store, iri: str) -> dict[str, list[str]]:
    attrs: dict[str, list[str]] = defaultdict(list)
    for q in store.quads_for_pattern(ox.NamedNode(iri), None, None, None):
        p = q.predicate.value
        if p in _CANONICAL_ATTRS and q.object.value not in attrs[p]:
            attrs[p].append(q.object.value)
    return attrs


def _sources(store: ox.Store, iri: str, limit: int = 5) -> list[str]:
    files: Counter[str] = Counter()
    name, source = ox.NamedNode(str(KG.fileName)), ox.NamedNode(str(KG.source))
    for q in store.quads_for_pattern(None, ox.NamedNode(str(KG.denotes)), ox.NamedNode(iri), None):
        for s in store.quads_for_pattern(q.subject, source, None, q.graph_name):
            for f in store.quads_for_pattern(s.object, name, None, q.graph_name):
                files[f.object.value] += 1
    return [f for f, _ in files.most_common(limit)]


def _node(store: ox.Store, iri: str, kind: str, *, with_sources: bool) -> Node:
    a = _attributes(store, iri)
    vi = (a.get(str(RDFS.label)) or [local(iri)])[0]
    concept = (a.get(str(KG.documentKind)) or a.get(str(KG.initiativeKind)) or [None])[0]
    facts: dict[str, str] = {}
    if concept:
        facts["kind"] = term_label(concept, "vi")
    for key, p in (("number", KG.number), ("date", KG.dateIssued)):
        if a.get(str(p)):
            facts[key] = a[str(p)][0]
    if a.get(str(KG.province)):
        facts["province"] = _province_label(store, a[str(KG.province)][0])
    en = _english(vi, kind, concept, facts)
    return Node(iri, kind, {"vi": vi, "en": en}, facts, _sources(store, iri) if with_sources else [])


def _label(store: ox.Store, iri: str) -> str:
    node = ox.NamedNode(iri)
    for p in (RDFS.label, SKOS.prefLabel):
        for q in store.quads_for_pattern(node, ox.NamedNode(str(p)), None, None):
            return q.object.value
    return local(iri)


def _province_label(store: ox.Store, iri: str) -> str:
    """A province's label; for a node the graph does not label, the name its IRI's slug stands for."""
    label = _label(store, iri)
    if label == local(iri):
        p = find_province(label.replace("-", " "))
        return p.name if p is not None else label
    return label


def _english(vi: str, kind: str, concept: str | None, facts: dict[str, str]) -> str:
    """A document's kind in English before its number; an initiative's kind before its (Vietnamese) name."""
    if concept is None:
        return vi
    kind_vi, kind_en = term_label(concept, "vi"), term_label(concept, "en")
    if kind != "initiative" and facts.get("number"):
        return f"{kind_en} {facts['number']}"
    rest = vi[len(kind_vi):].lstrip(" :") if vi.lower().startswith(kind_vi.lower()) else vi
    return f"{kind_en}: {rest}"


def _types(store: ox.Store, iri: str) -> set[str]:
    return {q.object.value for q in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(str(RDF.type)), None, None)}


def _relations(kinds: tuple[str, ...]) -> list[str]:
    return [str(KG[r]) for r in RELATIONS if r != "issuedBy" or "agency" in kinds]


def _neighbourhood(store: ox.Store, focus: str, depth: int, kinds: tuple[str, ...]
                   ) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    """Breadth first from `focus` along every relation, both ways, through nodes of `kinds`."""
    preds = [ox.NamedNode(p) for p in _relations(kinds)]
    focus_kind = _kind_of(_types(store, focus))
    if focus_kind is None:
        raise ViewError(f"no document, initiative or agency <{focus}> in the graph")
    if focus_kind == "agency" and "agency" not in kinds:
        preds.append(ox.NamedNode(str(KG.issuedBy)))   # an agency's view shows what it issued
    kind_of: dict[str, str] = {focus: focus_kind}
    edges: set[tuple[str, str, str]] = set()
    frontier = [focus]
    for _ in range(depth):
        nxt: list[str] = []
        for node in frontier:
            n = ox.NamedNode(node)
            for p in preds:
                for q in store.quads_for_pattern(n, p, None, None):
                    nxt += _visit(store, node, p.value, q.object.value, q.object.value, kind_of, kinds, edges)
                for q in store.quads_for_pattern(None, p, n, None):
                    nxt += _visit(store, q.subject.value, p.value, node, q.subject.value, kind_of, kinds, edges)
        frontier = nxt
    return kind_of, edges


def _visit(store: ox.Store, s: str, p: str, o: str, other: str, kind_of: dict[str, str], kinds: tuple[str, ...],
           edges: set[tuple[str, str, str]]) -> list[str]:
    """Record the edge `s p o` if `other` (its new end) is of a chosen kind; the new nodes to expand."""
    if other not in kind_of:
        k = _kind_of(_types(store, other))
        if k is None or k not in kinds:
            return []
        kind_of[other] = k
        edges.add((s, p, o))
        return [other]
    edges.add((s, p, o))
    return []


def _whole(store: ox.Store, kinds: tuple[str, ...]) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    kind_of: dict[str, str] = {}
    for name in kinds:
        for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(KINDS[name]), None):
            kind_of.setdefault(q.subject.value, name)
    if "agency" in kinds:
        for cls in (KG.StateAgency, KG.PartyAgency, KG.Enterprise):
            for q in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(cls)), None):
                kind_of.setdefault(q.subject.value, "agency")
    # a document is of its most specific kind
    for iri in [i for i, k in kind_of.items() if k == "document"]:
        kind_of[iri] = _kind_of(_types(store, iri)) or "document"
    kind_of = {i: k for i, k in kind_of.items() if k in kinds}
    edges = {(q.subject.value, p, q.object.value)
             for p in _relations(kinds) for q in store.quads_for_pattern(None, ox.NamedNode(p), None, None)
             if q.subject.value in kind_of and q.object.value in kind_of}
    linked = {n for s, _, o in edges for n in (s, o)}
    return {i: k for i, k in kind_of.items() if i in linked}, edges


def build_view(store: ox.Store, *, focus: str | None = None, depth: int = 2, kinds: list[str] | tuple[str, ...] | None = None,
               max_nodes: int = MAX_NODES) -> View:
    """The nodes and edges around `focus` (an IRI) within `depth` links, or the whole graph's
    linked entities; aggregated by province and kind past `max_nodes`; laid out."""
    chosen = tuple(kinds) if kinds else DEFAULT_KINDS
    unknown = [k for k in chosen if k not in KINDS]
    if unknown:
        raise ViewError(f"unknown kind {', '.join(unknown)} (choose from {', '.join(KINDS)})")
    if focus is not None:
        try:
            ox.NamedNode(focus)
        except ValueError as e:
            raise ViewError(f"not an IRI: {focus!r}") from e
        kind_of, edges = _neighbourhood(store, focus, depth, chosen)
    else:
        kind_of, edges = _whole(store, chosen)
    total = len(kind_of)
    if total > max_nodes:
        view = _aggregate(store, kind_of, edges, focus, depth, chosen, max_nodes)
    else:
        nodes = [_node(store, iri, k, with_sources=True) for iri, k in sorted(kind_of.items())]
        for n in nodes:
            n.focus = n.id == focus
        out = [Edge(s, o, local(p), [(ev.sentence, ev.file, ev.start, ev.end)
                                     for ev in _evidence(store, s, local(p), o)[:EVIDENCE_PER_EDGE]])
               for s, p, o in sorted(edges)]
        view = View(nodes, out, focus, depth, chosen, total)
    if focus is not None:
        own = next((n for n in view.nodes if n.id == focus), None)
        view.title = own.label if own is not None and not view.aggregated else {lang: _label(store, focus) for lang in ("vi", "en")}
    else:
        view.title = {"vi": "Toàn bộ đồ thị phụ thuộc", "en": "The whole dependency graph"}
    layout(view)
    return view


NATIONAL = {"vi": "Trung ương", "en": "National"}


def _aggregate(store: ox.Store, kind_of: dict[str, str], edges: set[tuple[str, str, str]], focus: str | None,
               depth: int, kinds: tuple[str, ...], max_nodes: int) -> View:
    """One node per (province, kind), one edge per (group, relation, group) with its count."""
    province_of: dict[str, str] = {}
    names: dict[str, str] = {}
    prov = ox.NamedNode(str(KG.province))
    for iri in kind_of:
        p = next(iter(store.quads_for_pattern(ox.NamedNode(iri), prov, None, None)), None)
        if p is not None:
            if p.object.value not in names:
                names[p.object.value] = _province_label(store, p.object.value)
            province_of[iri] = names[p.object.value]
    group = {iri: f"group:{province_of.get(iri, '')}:{k}" for iri, k in kind_of.items()}
    members = Counter(group.values())
    nodes: dict[str, Node] = {}
    for iri, k in kind_of.items():
        gid = group[iri]
        if gid not in nodes:
            where = province_of.get(iri)
            label = {lang: f"{where or NATIONAL[lang]} · {term_label(KINDS[k], lang)} ({number(members[gid], lang)})"
                     for lang in ("vi", "en")}
            nodes[gid] = Node(gid, k, label, {"province": where or NATIONAL["vi"], "members": str(members[gid])},
                              count=members[gid])
        if iri == focus:
            nodes[gid].focus = True
    links = Counter((group[s], local(p), group[o]) for s, p, o in edges)
    out = [Edge(a, b, p, count=c) for (a, p, b), c in sorted(links.items())]
    n, cap = len(kind_of), max_nodes
    note = {"vi": f"{number(n, 'vi')} nút, quá giới hạn {number(cap, 'vi')}: gộp theo tỉnh và loại "
                  f"({len(nodes)} nhóm, độ lớn theo số thành viên).",
            "en": f"{number(n, 'en')} nodes, over the cap of {number(cap, 'en')}: grouped by province and kind "
                  f"({len(nodes)} groups, sized by members)."}
    return View(sorted(nodes.values(), key=lambda x: x.id), out, focus, depth, kinds, len(kind_of), True, note=note)


# ─────────────────────────── layout ───────────────────────────

def layout(view: View, *, iterations: int = 60, seed: int = 7, unit: float = 110.0) -> None:
    """Positions for every node, so the page draws with physics off: 1,000 nodes draw in about
    2 s instead of 18-74 s of in-browser stabilisation (MEASURED.md). Each connected part is laid
    out by `forces` in a disc whose area grows with its size; the parts are packed in rows,
    largest (and the focus's) first."""
    import networkx as nx
    if not view.nodes:
        return
    index = {node.id: i for i, node in enumerate(view.nodes)}
    g = nx.Graph()
    g.add_nodes_from(range(len(view.nodes)))
    g.add_edges_from((index[e.source], index[e.target]) for e in view.edges)
    focus = next((i for i, node in enumerate(view.nodes) if node.focus), None)
    parts = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (focus not in c, -len(c), c[0]))
    radius = [unit * max(0.6, np.sqrt(len(c))) for c in parts]
    width = max(2 * radius[0], 1.15 * np.sqrt(sum((2 * r) ** 2 for r in radius)))
    x = y = row = 0.0
    for part, r in zip(parts, radius):
        if x > 0 and x + 2 * r > width:
            x, y, row = 0.0, y + row, 0.0
        local = {n: i for i, n in enumerate(part)}
        pos = forces(len(part), [(local[a], local[b]) for a, b in g.subgraph(part).edges()],
                     fixed=local.get(focus), iterations=iterations, seed=seed)
        for n, (px, py) in zip(part, pos):
            view.nodes[n].x = round(float(x + r + px * r), 1)
            view.nodes[n].y = round(float(y + r + py * r), 1)
        x, row = x + 2 * r + unit * 0.5, max(row, 2 * r + unit * 0.5)


def forces(n: int, pairs: list[tuple[int, int]], *, fixed: int | None = None, iterations: int = 60,
           seed: int = 7) -> np.ndarray:
    """Fruchterman–Reingold on `n` points linked by `pairs`: an (n, 2) array in about [-1, 1].

    >>> p = forces(3, [(0, 1), (1, 2)], fixed=1)
    >>> p.shape, bool(abs(p[1]).max() < 1e-9)
    ((3, 2), True)
    """
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1, 1, (n, 2)).astype(np.float32)
    if fixed is not None:
        pos[fixed] = 0
    if n == 1:
        return pos
    adj = np.zeros((n, n), dtype=np.float32)
    for a, b in pairs:
        if a != b:
            adj[a, b] = adj[b, a] = 1.0
    k = np.float32(2.0 / np.sqrt(n))     # ideal distance in a square of side 2
    t = np.float32(0.2)
    cool = t / (iterations + 1)
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta ** 2).sum(axis=-1))
        np.maximum(dist, 0.01, out=dist)
        # repulsion k²/d between every pair, attraction d²/k along links
        force = (k * k / dist ** 2) - adj * dist / k
        disp = (delta * force[:, :, None]).sum(axis=1)
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 0.01)
        pos += disp * (t / length)[:, None]
        if fixed is not None:
            pos[fixed] = 0
        t -= cool
    pos -= pos[fixed] if fixed is not None else pos.mean(axis=0)
    span = float(np.abs(pos).max()) or 1.0
    return pos / span


# ─────────────────────────── the page ───────────────────────────

def page(store: ox.Store, *, focus: str | None = None, depth: int = 2, kinds: list[str] | None = None,
         lang: str = "vi", max_nodes: int = MAX_NODES) -> tuple[str, Report]:
    """The view as one self-contained HTML page, and what it holds."""
    from .pyvis_page import render
    view = build_view(store, focus=focus, depth=depth, kinds=kinds, max_nodes=max_nodes)
    return render(view, lang=lang), report(view)


def write(store: ox.Store, output: str | Path, **options: Any) -> Report:
    html, rep = page(store, **options)
    Path(output).write_text(html, encoding="utf-8")
    return rep


def report(view: View, lang: str = "en") -> Report:
    return Report(len(view.nodes), len(view.edges), view.total_nodes, view.aggregated, view.note.get(lang, ""))


def number(n: int, lang: str) -> str:
    """A count as each language writes it.

    >>> number(13694, "vi"), number(13694, "en")
    ('13.694', '13,694')
    """
    return f"{n:,}".replace(",", ".") if lang == "vi" else f"{n:,}"


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """A label cut at a word near `limit` characters.

    >>> short("Dự án Triển khai hệ thống chứng thực điện tử và chữ ký số", 30)
    'Dự án Triển khai hệ thống …'
    """
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


__all__ = ["KINDS", "Edge", "Node", "Report", "View", "ViewError", "build_view", "forces", "layout", "number",
           "page", "report", "short", "write"]
