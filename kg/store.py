"""The embedded store: pyoxigraph on disk, one named graph per source.

rdflib builds the triples (`kg.graph`); this module moves them into Oxigraph,
whose SPARQL engine answers joins and property paths far faster than rdflib's
(see the README), and reads them back for export and validation.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import KgError

DEFAULT_DIR = "kg-store"


class StoreError(KgError):
    """The store cannot be opened or written."""


def store_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """`path`, else `KG_STORE`, else ``kg-store/`` in the current folder."""
    return Path(path or os.environ.get("KG_STORE") or DEFAULT_DIR)


def open_store(path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> ox.Store:
    """Open (and create) the on-disk store."""
    d = store_dir(path)
    if read_only and not (d / "oxigraph").is_dir():
        raise StoreError(f"{d}: no store here; build one with `kg build PATH... --store {d}`")
    try:
        if read_only:
            return ox.Store.read_only(str(d / "oxigraph"))
        (d / "oxigraph").mkdir(parents=True, exist_ok=True)
        return ox.Store(str(d / "oxigraph"))
    except OSError as e:
        raise StoreError(f"{d}: cannot open the store ({e}); is another kg process using it?") from e


def memory_copy(store: ox.Store) -> ox.Store:
    """An in-memory copy of `store`, for a process that answers many queries (`kg serve`).

    Oxigraph on disk pays a RocksDB seek for every join step and every result term
    it decodes; in memory the same query runs 2.5-3x faster (README, "The store").
    The copy costs one full read of the store (about 7 s and 0.8 GB at 1M triples)
    and does not see later writes.
    """
    mem = ox.Store()
    mem.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    return mem


BATCH_QUADS = 400_000   # quads loaded into the store at once: memory is bounded by this, not by the corpus


def nquads_lines(statements: Iterable[str], graph_iri: str, *, batch: int = BATCH_QUADS) -> Iterator[bytes]:
    """N-Triples statements (``<s> <p> <o>``, without the final dot) as N-Quads in the named graph
    `graph_iri`, `batch` distinct ones at a time, for the bulk loader (the canonical graph of a
    large corpus has millions)."""
    g = f" <{graph_iri}> .\n"
    chunk: set[str] = set()
    for st in statements:
        chunk.add(st)
        if len(chunk) >= batch:
            yield "".join(st + g for st in chunk).encode("utf-8")
            chunk = set()
    if chunk:
        yield "".join(st + g for st in chunk).encode("utf-8")


def nt_literal(lexical: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal in N-Triples: ``"lexical"``, ``"lexical"@lang`` or ``"lexical"^^<datatype>``."""
    v = lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{v}"@{lang}'
    if datatype is not None:
        return f'"{v}"^^<{datatype}>'
    return f'"{v}"'


def nquads(statements: Iterable[str], graph_iri: str) -> tuple[bytes, int]:
    """N-Triples statements (``<s> <p> o``, without the final dot) as N-Quads in the named graph
    `graph_iri`, each once, and their count. The store's parser checks every line when the batch
    is loaded."""
    g = f" <{graph_iri}> .\n"
    lines = {st + g for st in statements}
    return "".join(lines).encode("utf-8"), len(lines)


def load_batch(store: ox.Store, data: bytes) -> None:
    """Load N-Quads with the bulk loader: far faster than one transaction per graph on disk
    (bench/build.py). Not atomic: `kg.build` removes a source's graph before writing it, and
    its manifest makes an interrupted batch be written again."""
    if data:
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)


def remove_graph(store: ox.Store, graph_iri: str) -> None:
    name = ox.NamedNode(graph_iri)
    if store.contains_named_graph(name):
        store.remove_graph(name)


def to_python(t: Any) -> Any:
    """A pyoxigraph term as a plain value for tables: IRIs and literals as strings, numbers as ints."""
    if t is None:
        return None
    if isinstance(t, ox.Literal):
        dt = t.datatype.value if t.datatype else ""
        if dt.endswith(("#integer", "#int", "#long")):
            return int(t.value)
        return t.value
    if isinstance(t, ox.NamedNode):
        return t.value
    return str(t)


def select(store: ox.Store, sparql: str, *, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a SELECT query; `bindings` are RDF terms substituted as values, never as text."""
    kwargs: dict[str, Any] = {"use_default_graph_as_union": True}
    if bindings:
        kwargs["substitutions"] = {ox.Variable(k): v for k, v in bindings.items()}
    result = store.query(sparql, **kwargs)
    names = [v.value for v in result.variables]
    return [{n: to_python(row[n]) for n in names} for row in result]


def dataset(store: ox.Store, graphs: Iterable[str] | None = None) -> Any:
    """The store (or some of its named graphs) as an rdflib Dataset, for SHACL and serialisation."""
    from rdflib import Dataset
    data = store.dump(format=ox.RdfFormat.N_QUADS, from_graph=None) if graphs is None else b"".join(
        store.dump(format=ox.RdfFormat.N_QUADS, from_graph=ox.NamedNode(g)) for g in graphs)
    ds = Dataset()
    ds.parse(data=data, format="nquads")
    return ds
