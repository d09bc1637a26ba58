"""SPARQL 1.1 query results written with a row cap: JSON, XML, CSV and TSV for
SELECT and ASK, Turtle, N-Triples and JSON-LD for CONSTRUCT and DESCRIBE.

Oxigraph serialises a whole result; an endpoint must stop at its row cap, so the
solution formats are written here, row by row (the W3C formats: sparql11-results-json,
rdf-sparql-XMLres, sparql11-results-csv-tsv); graphs go through `pyoxigraph.serialize`.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

SOLUTION_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}
_GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class Written:
    body: bytes
    content_type: str
    rows: int
    truncated: bool


def _json_term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype is not None and t.datatype.value != XSD_STRING:
        out["datatype"] = t.datatype.value
    return out


def _xml_term(t: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if t.language:
        return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
    if t.datatype is not None and t.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
    return f"<literal>{escape(t.value)}</literal>"


def _csv_field(t: object | None) -> str:
    if t is None:
        return ""
    v = t.value if not isinstance(t, ox.BlankNode) else "_:" + t.value
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def _tsv_field(t: object | None) -> str:
    return "" if t is None else str(t)   # N-Triples term syntax, as the TSV format asks


def solutions(result: ox.QuerySolutions, fmt: str, max_rows: int) -> Written:
    """At most `max_rows` rows of a SELECT result in `fmt` (json, xml, csv, tsv)."""
    names = [v.value for v in result.variables]
    rows, truncated = [], False
    for i, row in enumerate(result):
        if i >= max_rows:
            truncated = True
            break
        rows.append([row[n] for n in names])
    if fmt == "json":
        bindings = [{n: _json_term(t) for n, t in zip(names, r) if t is not None} for r in rows]
        body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False)
    elif fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>')
        out.writelines(f"<variable name={quoteattr(n)}/>" for n in names)
        out.write("</head><results>")
        for r in rows:
            out.write("<result>")
            out.writelines(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>" for n, t in zip(names, r)
                           if t is not None)
            out.write("</result>")
        out.write("</results></sparql>\n")
        body = out.getvalue()
    elif fmt == "csv":
        lines = [",".join(names)] + [",".join(_csv_field(t) for t in r) for r in rows]
        body = "\r\n".join(lines) + "\r\n"
    elif fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)] + ["\t".join(_tsv_field(t) for t in r) for r in rows]
        body = "\n".join(lines) + "\n"
    else:
        raise ValueError(f"not a results format: {fmt}")
    return Written(body.encode("utf-8"), SOLUTION_TYPES[fmt], len(rows), truncated)


def boolean(value: bool, fmt: str) -> Written:
    if fmt == "xml":
        body = ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n")
    elif fmt in ("csv", "tsv"):
        body = ("_askResult\n" if fmt == "csv" else "?_askResult\n") + ("true\n" if value else "false\n")
    else:
        body = json.dumps({"head": {}, "boolean": value})
        fmt = "json"
    return Written(body.encode("utf-8"), SOLUTION_TYPES[fmt], 1, False)


def triples(result: ox.QueryTriples, fmt: str, max_rows: int) -> Written:
    """At most `max_rows` triples of a CONSTRUCT or DESCRIBE result in `fmt` (turtle, ntriples, jsonld)."""
    kept, truncated = [], False
    for i, t in enumerate(result):
        if i >= max_rows:
            truncated = True
            break
        kept.append(t)
    body = ox.serialize(kept, format=_GRAPH_FORMATS[fmt]) or b""
    return Written(body, GRAPH_TYPES[fmt], len(kept), truncated)
