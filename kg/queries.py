"""Saved SPARQL queries: the files in `queries/`, their headers, and running them with
parameters bound as RDF terms.

Each `.rq` file starts with a comment block::

    # Câu hỏi: Những gì dựa vào văn bản này, trực tiếp và gián tiếp?
    # Question: what relies on this document, directly and transitively?
    # Parameters:
    #   ?target  ref  the document relied upon, e.g. "Nghị định 43/2011"
    #   ?from    integer  (optional) the first year of the period
    # Example: kg query depends --param target="Nghị định 43/2011"

A parameter's type says how a value typed by a person becomes an RDF term:
`ref` a document reference ("NĐ 43/2011", resolved as `kg depends` resolves it),
`entity` a document, initiative or agency by reference or name, `province` a
province name, `iri`, `string`, `integer`. The term is given to the engine as a
substitution (pyoxigraph's `substitutions`, the semantics of SPARQL's SEP-0007),
never written into the query text.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import KgError

TYPES = ("ref", "entity", "province", "iri", "string", "integer")
_PARAM = re.compile(r"^#\s+\?(?P<name>\w+)\s+(?P<type>\w+)\s*(?P<optional>\(optional\))?\s*(?P<doc>.*)$")


class QueryError(KgError):
    """A saved query cannot be found, read or given its parameters."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    optional: bool
    doc: str


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    text: str
    question_vi: str = ""
    question_en: str = ""
    params: tuple[Param, ...] = field(default_factory=tuple)
    example: str = ""

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"{self.path.name}: no parameter {name!r} (parameters: {known})")


def query_dir() -> Path:
    """`KG_QUERIES`, else the `queries/` folder beside the `kg` package."""
    env = os.environ.get("KG_QUERIES")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "queries"


def parse_header(path: Path, text: str) -> SavedQuery:
    vi = en = example = ""
    params: list[Param] = []
    in_params = False
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.startswith("Câu hỏi:"):
            vi, in_params = body.split(":", 1)[1].strip(), False
        elif body.startswith("Question:"):
            en, in_params = body.split(":", 1)[1].strip(), False
        elif body.startswith("Parameters:"):
            in_params = True
        elif body.startswith("Example:"):
            example, in_params = body.split(":", 1)[1].strip(), False
        elif in_params:
            m = _PARAM.match(line)
            if m:
                if m["type"] not in TYPES:
                    raise QueryError(f"{path}: parameter ?{m['name']} has unknown type {m['type']!r} "
                                     f"(one of {', '.join(TYPES)})")
                params.append(Param(m["name"], m["type"], bool(m["optional"]), m["doc"].strip()))
    return SavedQuery(path.stem, path, text, vi, en, tuple(params), example)


def load(name_or_path: str) -> SavedQuery:
    """A saved query by name ("depends") or by the path of any `.rq` file."""
    p = Path(name_or_path)
    if not (p.suffix == ".rq" and p.exists()):
        p = query_dir() / f"{name_or_path}.rq"
    if not p.exists():
        names = ", ".join(q.name for q in saved()) or "none"
        raise QueryError(f"{name_or_path}: no such query file or saved query (saved: {names})")
    try:
        st = p.stat()
        return _read(p, st.st_mtime_ns, st.st_size)
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{p}: cannot read ({e})") from e


@lru_cache(maxsize=128)
def _read(path: Path, mtime_ns: int, size: int) -> SavedQuery:
    """A query file parsed once per version of it (its modification time and size are part of the key)."""
    return parse_header(path, path.read_text(encoding="utf-8"))


_ORDER_BY = re.compile(r"(?is)\bORDER\s+BY\s+(?P<keys>(?:(?:(?:ASC|DESC)\s*\(\s*\?\w+\s*\)|\?\w+)(?:\s+|$))+)\s*$")
_ORDER_KEY = re.compile(r"(?i)(ASC|DESC)\s*\(\s*\?(\w+)\s*\)|\?(\w+)")


def split_order(query: SavedQuery) -> tuple[SavedQuery, list[tuple[str, bool]]]:
    """The query without its final ORDER BY, and that order as (variable, descending) pairs, for a
    caller that sorts the rows itself (`sort_rows`). Only an ORDER BY of plain variables, each
    perhaps in ASC() or DESC(), ending the query is split; any other query comes back whole, with []."""
    m = _ORDER_BY.search(query.text)
    if m is None:
        return query, []
    keys = [(a or b, (d or "").upper() == "DESC") for d, a, b in _ORDER_KEY.findall(m["keys"])]
    return replace(query, text=query.text[:m.start()]), keys


def sort_rows(rows: list[dict[str, Any]], keys: list[tuple[str, bool]]) -> None:
    """Sort rows of plain values (`kg.store.to_python`) in place as SPARQL's ORDER BY `keys` would:
    unbound first in ascending order, last in descending; values of one variable must compare."""
    def key(value: Any) -> tuple[bool, Any]:
        return (False, 0) if value is None else (True, value)
    for name, desc in reversed(keys):   # stable sorts, the last key first
        rows.sort(key=lambda r: key(r.get(name)), reverse=desc)


def saved() -> list[SavedQuery]:
    d = query_dir()
    return [_read(p, (st := p.stat()).st_mtime_ns, st.st_size) for p in sorted(d.glob("*.rq"))]


def to_term(store: ox.Store | None, param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term a typed-in value stands for, by the parameter's declared type."""
    from . import lookup
    if param.type == "string":
        return ox.Literal(value)
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise QueryError(f"parameter {param.name}: {value!r} is not an integer")
        return ox.Literal(value.strip(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if param.type == "iri":
        v = value.strip().removeprefix("<").removesuffix(">")
        if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*", v):
            raise QueryError(f"parameter {param.name}: {value!r} is not an IRI")
        return ox.NamedNode(v)
    if param.type == "province":
        return ox.NamedNode(lookup.province(value))
    if re.fullmatch(r"<?https?://[^\s<>\"{}|\\^`]+>?", value.strip()):   # an entity named by its IRI
        return ox.NamedNode(value.strip().removeprefix("<").removesuffix(">"))
    if store is None:
        raise QueryError(f"parameter {param.name}: finding {value!r} needs the local store (--store); "
                         f"or give the entity's IRI")
    if param.type == "ref":
        return ox.NamedNode(lookup.one(lookup.documents(store, value), value).iri)
    return ox.NamedNode(lookup.one(lookup.entities(store, value), value).iri)


def bindings(store: ox.Store | None, query: SavedQuery, values: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in values.items():
        out[name] = to_term(store, query.param(name), value)
    missing = [p.name for p in query.params if not p.optional and p.name not in out]
    if missing:
        raise QueryError(f"{query.path.name}: missing parameter(s) {', '.join(missing)}"
                         + (f"; example: {query.example}" if query.example else ""))
    return out


def run(store: ox.Store, query: SavedQuery, values: dict[str, str] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """(column names, rows of RDF terms) of a saved query, with typed-in values for its parameters."""
    return run_terms(store, query, bindings(store, query, values or {}))


def form(query: SavedQuery) -> str:
    """"rows" for SELECT and ASK, "graph" for CONSTRUCT and DESCRIBE (the first keyword after the prologue)."""
    body = re.sub(r"#[^\n]*", " ", query.text)
    body = re.sub(r"(?is)\b(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)", " ", body)
    m = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body)
    return "graph" if m and m.group(1).upper() in ("CONSTRUCT", "DESCRIBE") else "rows"


def execute(store: ox.Store, query: SavedQuery, terms: dict[str, Any]) -> Any:
    """The engine's result (solutions, a boolean or triples) with RDF terms bound to the parameters."""
    kwargs: dict[str, Any] = {"use_default_graph_as_union": True}
    if terms:
        kwargs["substitutions"] = {ox.Variable(k): v for k, v in terms.items()}
    try:
        return store.query(query.text, **kwargs)
    except SyntaxError as e:
        raise QueryError(f"{query.path.name}: {e}") from e
    except (OSError, RuntimeError) as e:  # evaluation errors, e.g. a parameter missing from the projection
        raise QueryError(f"{query.path.name}: {e}") from e


def run_terms(store: ox.Store, query: SavedQuery, terms: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """(column names, rows of RDF terms) of a SELECT (or ASK, as one `ask` column) with RDF terms bound."""
    result = execute(store, query, terms)
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [{"ask": ox.Literal("true" if bool(result) else "false",
                                             datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))}]
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(f"{query.path.name}: a CONSTRUCT or DESCRIBE query has no rows; use --format turtle")
    names = [v.value for v in result.variables]
    return names, [{n: row[n] for n in names} for row in result]
