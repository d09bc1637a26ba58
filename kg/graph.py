"""Records → RDF: one named graph per source, identities that merge across
reports, and the evidence of every fact.

`Resolver` holds what all records say about documents, so that a reference
whose year or province is unknown resolves to the one known document that
fits, or stays its own node marked `kg:unresolved` — never merged by guess.
`record_graph` turns one record into the triples of its named graph.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timezone
from typing import Any

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from extract.dates import period
from extract.normalize import fold
from extract.numbers import parse
from extract.tables.doc_types import NORMATIVE_KINDS
from extract.tables.provinces import find_province

from . import identity
from .store import nt_literal
from .namespace import KG


PARTY_CODES = re.compile(r"^(?:TW|TU|HU|ĐU|DU|BCĐTW|TGV|BCSĐ)$")
AGENCY_CLASSES = (
    (re.compile(r"^(?:Bộ Chính trị|Ban Bí thư|Ban Chấp hành|Tỉnh ủy|Thành ủy|Huyện ủy|Đảng|Ban Thường vụ|Thường trực Tỉnh ủy"
                r"|Thường trực Thành ủy|Văn phòng Tỉnh ủy|Văn phòng Thành ủy|Ban Tuyên giáo|Ban Tổ chức Tỉnh ủy)", re.I),
     KG.PartyAgency),
    (re.compile(r"^(?:Tập đoàn|Tổng công ty|Công ty|Chi nhánh|Ngân hàng thương mại)", re.I), KG.Enterprise),
)
KIND_CONCEPT = {
    "Hiến pháp": "hien-phap", "Bộ luật": "bo-luat", "Luật": "luat", "Pháp lệnh": "phap-lenh", "Lệnh": "lenh",
    "Nghị định": "nghi-dinh", "Nghị quyết": "nghi-quyet", "Nghị quyết liên tịch": "nghi-quyet-lien-tich",
    "Quyết định": "quyet-dinh", "Thông tư": "thong-tu", "Thông tư liên tịch": "thong-tu-lien-tich",
    "Chỉ thị": "chi-thi", "Kết luận": "ket-luan", "Kế hoạch": "ke-hoach", "Chương trình": "chuong-trinh",
    "Đề án": "de-an", "Công văn": "cong-van", "Công điện": "cong-dien", "Báo cáo": "bao-cao",
    "Thông báo": "thong-bao", "Tờ trình": "to-trinh", "Hướng dẫn": "huong-dan", "Quy chế": "quy-che",
    "Quy định": "quy-dinh", "Tiêu chuẩn": "tieu-chuan", "Quy chuẩn": "quy-chuan",
    "Văn bản hợp nhất": "van-ban-hop-nhat",
}
INITIATIVE_CONCEPT = {"Dự án": "du-an", "Đề án": "de-an", "Chương trình": "chuong-trinh", "Quy hoạch": "quy-hoach",
                      "Kế hoạch": "ke-hoach", "Chiến lược": "chien-luoc", "Kiến trúc": "kien-truc"}


def _year(date: str | None) -> int | None:
    return int(date[:4]) if date else None


def _province_of(issuer: str | None, fallback: str | None) -> str | None:
    """The province an issuer names ("Ủy ban nhân dân tỉnh Thái Bình"), else the text's."""
    if issuer:
        m = re.search(r"(?:tỉnh|thành phố|Tỉnh ủy|Thành ủy)\s+(.+)$", issuer)
        if m:
            p = find_province(m.group(1))
            if p is not None:
                return p.name
    return fallback


def ref_key(number: str, date: str | None, issuer: str | None, province: str | None) -> identity.DocKey:
    return identity.doc_key(number, year=_year(date), province=_province_of(issuer, province))


def self_key(rec: dict[str, Any]) -> identity.DocKey | None:
    s = rec.get("self") or {}
    if not s.get("number"):
        return None
    return identity.doc_key(s["number"], year=_year(s.get("date")), province=s.get("province") or rec.get("province"))


@dataclass
class Resolver:
    """Every complete document key the records state, by number."""

    known: dict[str, set[identity.DocKey]] = field(default_factory=dict)

    def add(self, key: identity.DocKey | None) -> None:
        if key is not None and key.complete:
            self.known.setdefault(key.number, set()).add(key)

    def add_record(self, rec: dict[str, Any]) -> None:
        for key in self.keys_of(rec):
            self.add(key)

    @staticmethod
    def keys_of(rec: dict[str, Any]) -> list[identity.DocKey]:
        """The complete document keys a record states (itself and what it cites): all `add_record` keeps."""
        keys = [self_key(rec)] + [ref_key(r["number"], r.get("date"), r.get("issuer"), rec.get("province"))
                                  for r in rec.get("refs") or [] if r.get("number")]
        return [k for k in keys if k is not None and k.complete]

    def resolve(self, key: identity.DocKey, source_sha: str) -> tuple[str, bool]:
        """(IRI, unresolved?) of a key: itself when complete, else the one known key that fits."""
        if key.complete:
            return identity.doc_iri(key), False
        fits = [k for k in self.known.get(key.number, ())
                if (key.year is None or k.year == key.year) and (key.province is None or k.province == key.province)]
        if len(fits) == 1:
            return identity.doc_iri(fits[0]), False
        return identity.unresolved_iri(key.number, source_sha), True

    @staticmethod
    def pending(rec: dict[str, Any]) -> list[identity.DocKey]:
        """The record's incomplete document keys (its own and its references'): what its graph
        depends on besides the record itself."""
        own = self_key(rec)
        keys = [] if own is None or own.complete else [own]
        keys += [k for r in rec.get("refs") or [] if r.get("number")
                 if not (k := ref_key(r["number"], r.get("date"), r.get("issuer"), rec.get("province"))).complete]
        return keys

    def signature(self, rec: dict[str, Any]) -> str:
        """What this record's resolution depends on: changes when a fitting document appears."""
        return "|".join(sorted(self.resolve(k, rec["sha256"])[0] for k in self.pending(rec)))


def _doc_class(kind: str | None, number: str | None) -> URIRef:
    if number:
        p = parse(number)
        if p.party or any(PARTY_CODES.match(c) for c in p.issuer_codes):
            return KG.PartyDocument
    if kind in NORMATIVE_KINDS or number and re.search(r"/(?:19|20)\d\d/", number) and kind not in ("Quyết định", None):
        return KG.NormativeDocument
    if kind is None and not number:
        return KG.Document
    return KG.AdministrativeDocument


def _agency_class(name: str) -> URIRef:
    for rx, cls in AGENCY_CLASSES:
        if rx.match(name):
            return cls
    return KG.StateAgency


def _n(iri: str) -> str:
    """An IRI in N-Triples."""
    return f"<{iri}>"


# the terms written per triple, in N-Triples
T_TYPE, T_TEXT, T_START, T_END, T_SOURCE = _n(RDF.type), _n(KG.text), _n(KG.start), _n(KG.end), _n(KG.source)
T_DOCUMENT, T_AGENCY, T_INITIATIVE, T_MENTION, T_DENOTES = (_n(KG.Document), _n(KG.Agency), _n(KG.Initiative),
                                                             _n(KG.Mention), _n(KG.denotes))
T_ISSUED_BY, T_PROVINCE, T_ALT_LABEL = _n(KG.issuedBy), _n(KG.province), _n(SKOS.altLabel)
_XSD_STRING, _XSD_INTEGER, _XSD_BOOLEAN, _XSD_DATE = str(XSD.string), str(XSD.integer), str(XSD.boolean), str(XSD.date)
PREDICATES = {"basedOn": KG.basedOn, "approvedBy": KG.approvedBy, "replaces": KG.replaces, "amends": KG.amends,
              "repeals": KG.repeals, "partOf": KG.partOf, "issuedBy": KG.issuedBy}


class Triples(list):
    """The statements of one named graph as N-Triples text (``<s> <p> o``, without the final
    dot), for `kg.store.nquads`. Written as text, not rdflib terms: a literal costs ~30 µs made
    by rdflib, and the store parses (and checks) every line when it loads them."""

    def add(self, s: str, p: str, o: str) -> None:
        """`s` a bare IRI; `p` and `o` in N-Triples."""
        self.append(f"<{s}> {p} {o}")


def _province_node(g: Triples, name: str) -> str:
    """The province's IRI, with the statements that make it a concept of the province scheme."""
    iri = identity.province_iri(name)
    g.add(iri, T_TYPE, _n(KG.Province))
    g.add(iri, T_TYPE, _n(SKOS.Concept))
    g.add(iri, _n(SKOS.inScheme), _n(KG.ProvinceScheme))
    g.add(iri, _n(SKOS.prefLabel), nt_literal(name, lang="vi"))
    return iri


@dataclass
class Claims:
    """What the sources say of each entity's name, kind, number and date: votes, so that the
    canonical graph holds one value each however many reports disagree."""

    votes: dict[str, dict[str, Counter]] = field(default_factory=dict)   # IRI → attribute → value → count

    def add(self, iri: str, attr: str, value: Any) -> None:
        # IRIs as plain strings: a worker's votes cross a pipe, and a URIRef unpickles through
        # rdflib's constructor (0.42-0.45 s against 0.20-0.25 s for the 20 MB corpus's votes)
        if value is not None and value != "":
            self.votes.setdefault(str(iri), {}).setdefault(attr, Counter())[value] += 1

    def merge(self, votes: dict[str, dict[str, Counter]]) -> None:
        """Add the votes of another `Claims` (a worker's, for one source)."""
        for iri, attrs in votes.items():
            mine = self.votes.setdefault(iri, {})
            for attr, counter in attrs.items():
                mine.setdefault(attr, Counter()).update(counter)


def _best(attrs: dict[str, Counter], attr: str) -> Any:
    """The value of `attr` most stated; ties to the longest (fullest) form, then the first in sort order."""
    c = attrs.get(attr)
    if not c:
        return None
    if len(c) == 1:
        return next(iter(c))
    return min(c.items(), key=lambda kv: (-kv[1], -len(str(kv[0])), str(kv[0])))[0]


@lru_cache(maxsize=1 << 16)
def _string(value: str) -> str:
    """A string literal in N-Triples: in RDF 1.1 a simple literal is an xsd:string (the store writes
    both alike). Names and cues repeat across sources."""
    return nt_literal(value)


def _integer(value: int) -> str:
    """An xsd:integer literal in N-Triples."""
    return f'"{int(value)}"^^<{_XSD_INTEGER}>'


@dataclass
class _Builder:
    g: Triples
    rec: dict[str, Any]
    resolver: Resolver
    source: str          # in N-Triples: the builder writes it only as an object
    claims: Claims
    docs: dict[str, str] = field(default_factory=dict)   # relation key → IRI
    inits: dict[str, str] = field(default_factory=dict)
    agencies: dict[str, str] = field(default_factory=dict)
    init_iris: set[str] = field(default_factory=set)      # the values of `inits`, `agencies`: for `_kind`
    agency_iris: set[str] = field(default_factory=set)

    def province(self, name: str | None) -> str | None:
        if not name:
            return None
        p = find_province(name)
        return None if p is None else _province_node(self.g, p.name)

    def agency(self, name: str) -> str:
        iri = self.agencies.get(name)
        if iri is None:
            iri = identity.agency_iri(name)
            self.agencies[name] = iri
            self.agency_iris.add(iri)
            self.g.add(iri, T_TYPE, T_AGENCY)
            self.claims.add(iri, "class", str(_agency_class(name)))
            self.claims.add(iri, "name", name)
        return iri

    def document(self, iri: str, *, number: str | None, kind: str | None, date: str | None,
                 issuer: str | None, name: str | None, unresolved: bool = False) -> str:
        self.g.add(iri, T_TYPE, T_DOCUMENT)
        c = self.claims
        c.add(iri, "number", number)
        c.add(iri, "kind", kind)
        c.add(iri, "date", date)
        c.add(iri, "name", name)
        if unresolved:
            c.add(iri, "unresolved", True)
        if issuer:
            self.g.add(iri, T_ISSUED_BY, _n(self.agency(issuer)))
        return iri

    def mention(self, target: str, m: dict[str, Any]) -> None:
        node = identity.mention_iri(self.rec["sha256"], m["start"], m["end"], target)
        g = self.g
        g.add(node, T_TYPE, T_MENTION)
        g.add(node, T_DENOTES, _n(target))
        g.add(node, T_TEXT, _string(m["text"]))
        g.add(node, T_START, _integer(m["start"]))
        g.add(node, T_END, _integer(m["end"]))
        g.add(node, T_SOURCE, self.source)


def record_graph(rec: dict[str, Any], resolver: Resolver, *, file_name: str, claims: Claims | None = None,
                 ingested_at: datetime | None = None) -> tuple[URIRef, Triples]:
    """The named graph of one record: what it states of documents, initiatives and agencies, its
    relations with their evidence, and its provenance. Names, kinds, numbers and dates go to
    `claims`, from which `canonical_graph` picks one value each."""
    sha = rec["sha256"]
    g = Triples()
    source = identity.source_iri(sha)
    graph = identity.graph_iri(sha)
    b = _Builder(g, rec, resolver, _n(source), claims if claims is not None else Claims())
    g.add(source, T_TYPE, _n(KG.SourceReport))
    g.add(source, _n(KG.fileName), _string(file_name))
    g.add(source, _n(KG.sha256), _string(sha))
    g.add(source, _n(KG.charCount), _integer(int(rec.get("chars", 0))))
    g.add(graph, T_TYPE, _n(KG.SourceGraph))
    g.add(graph, _n(PROV.wasDerivedFrom), _n(source))
    g.add(graph, _n(PROV.generatedAtTime), nt_literal(
        (ingested_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"), str(XSD.dateTime)))
    province = rec.get("province")

    s = rec.get("self") or {}
    key = self_key(rec)
    if key is not None:
        self_doc, self_unresolved = resolver.resolve(key, sha)
    else:
        self_doc, self_unresolved = identity.self_iri(sha), False
    title = s.get("title")
    b.document(self_doc, number=s.get("number"), kind=s.get("kind"), date=s.get("date"), issuer=s.get("issuer"),
               name=None, unresolved=self_unresolved)
    if title:
        g.add(self_doc, _n(DCTERMS.title), _string(title))
    elif not s.get("number"):
        g.add(self_doc, _n(DCTERMS.title), _string(file_name))
    if not s.get("number"):
        b.claims.add(self_doc, "name", title or file_name)
    if s.get("signer"):
        g.add(self_doc, _n(KG.signer), _string(s["signer"]))
    p_iri = b.province(s.get("province"))
    if p_iri is not None:
        g.add(self_doc, T_PROVINCE, _n(p_iri))
    g.add(source, _n(KG.textOf), _n(self_doc))
    b.docs["SELF"] = self_doc

    for r in rec.get("refs") or []:
        if r.get("number"):
            rkey = ref_key(r["number"], r.get("date"), r.get("issuer"), province)
            iri, unresolved = resolver.resolve(rkey, sha)
            # a resolved partial reference must not contradict the document it resolved to
            date = r.get("date") if not unresolved and rkey.complete else (r.get("date") if unresolved else None)
            doc = b.document(iri, number=r["number"], kind=r.get("kind"), date=date,
                             issuer=r.get("issuer"), name=None, unresolved=unresolved)
            if not unresolved and rkey.scope == "local" and rkey.province:
                b.claims.add(doc, "province", rkey.province)  # a slug; the canonical graph links the province
            b.docs[r["number"]] = doc
        elif r.get("name"):
            doc = b.document(identity.named_doc_iri(r.get("kind"), r["name"]), number=None,
                             kind=r.get("kind"), date=None, issuer=r.get("issuer"), name=r["name"])
            b.docs[r["name"]] = doc
        else:
            continue
        for m in (r.get("mentions") or [])[:1]:
            b.mention(doc, m)

    for ini in rec.get("initiatives") or []:
        iri = identity.initiative_iri(ini["name"], province)
        b.inits[ini["name"]] = iri
        b.init_iris.add(iri)
        g.add(iri, T_TYPE, T_INITIATIVE)
        p_ini = b.province(identity.initiative_province(ini["name"], province))
        if p_ini is not None:
            g.add(iri, T_PROVINCE, _n(p_ini))
        b.claims.add(iri, "name", ini["name"])
        b.claims.add(iri, "initiative_kind", ini.get("kind"))
        for m in (ini.get("mentions") or [])[:1]:
            b.mention(iri, m)

    for name in rec.get("agencies") or []:
        name = name if isinstance(name, str) else name.get("name")
        b.agency(name)
    for a in rec.get("agency_mentions") or []:
        iri = b.agency(a["name"])
        for m in (a.get("mentions") or []):
            if fold(m["text"]) != fold(a["name"]):
                g.add(iri, T_ALT_LABEL, nt_literal(" ".join(m["text"].split()), lang="vi"))  # "Sở TT&TT"
        for m in (a.get("mentions") or [])[:1]:
            b.mention(iri, m)

    for rel in rec.get("relations") or []:
        _relation(b, rel)
    return URIRef(graph), g


def _end(b: _Builder, key: str, *, agency: bool = False) -> str | None:
    if agency:
        return b.agency(key)
    return b.docs.get(key) or b.inits.get(key)


_RANGE = {KG.approvedBy: (KG.Document,), KG.partOf: (KG.Initiative,), KG.replaces: (KG.Document,),
          KG.repeals: (KG.Document,), KG.amends: (KG.Document, KG.Initiative),
          KG.basedOn: (KG.Document, KG.Initiative), KG.issuedBy: (KG.Agency,)}
_DOMAIN = {KG.approvedBy: (KG.Initiative,), KG.partOf: (KG.Initiative,), KG.replaces: (KG.Document,),
           KG.repeals: (KG.Document,), KG.amends: (KG.Document,), KG.basedOn: (KG.Document, KG.Initiative),
           KG.issuedBy: (KG.Document,)}
_EVIDENCE = (_n(KG.Evidence), _n(RDF.subject), _n(RDF.predicate), _n(RDF.object), _n(KG.sentence), _n(KG.cue))


def _kind(b: _Builder, iri: str) -> URIRef:
    if iri in b.init_iris:
        return KG.Initiative
    if iri in b.agency_iris:
        return KG.Agency
    return KG.Document


def _relation(b: _Builder, rel: dict[str, Any]) -> None:
    p = PREDICATES.get(rel["p"])
    if p is None:
        return
    s = _end(b, rel["s"])
    o = _end(b, rel["o"], agency=p == KG.issuedBy)
    if s is None or o is None or s == o:
        return
    if _kind(b, s) not in _DOMAIN[p] or _kind(b, o) not in _RANGE[p]:
        return  # a relation whose ends are of the wrong kind is not asserted
    g = b.g
    p_nt, o_nt = _n(p), _n(o)
    g.add(s, p_nt, o_nt)
    ev = rel.get("evidence") or {}
    if not ev or not ev.get("text"):
        return
    node = identity.evidence_iri(b.rec["sha256"], s, rel["p"], o, ev["start"])
    cls, subject, predicate, obj, sentence, cue = _EVIDENCE
    g.add(node, T_TYPE, cls)
    g.add(node, subject, _n(s))
    g.add(node, predicate, p_nt)
    g.add(node, obj, o_nt)
    g.add(node, sentence, _string(ev["text"]))
    g.add(node, T_START, _integer(ev["start"]))
    g.add(node, T_END, _integer(ev["end"]))
    g.add(node, T_SOURCE, b.source)
    if rel.get("cue"):
        g.add(node, cue, _string(rel["cue"]))


CANONICAL = "graph/canonical"
_NT_NAME, _NT_LABEL = _n(KG.name), _n(RDFS.label)


def canonical_graph(claims: Claims) -> tuple[URIRef, list[str]]:
    """One name, kind, number, date and class per entity, chosen from what the sources claim, as
    N-Triples statements (``<s> <p> <o>``, for `kg.store.nquads_lines`). Written as text: made of
    rdflib terms, the canonical graph of the 100 MB corpus of bench/scale.py (32k entities, 169k
    triples) took 5.4 s, and it is made at the end of the build, when the workers are gone."""
    out: list[str] = []
    provinces: dict[str, str] = {}   # name → its IRI; its concept's triples are written once

    def text(value: str) -> str:
        return nt_literal(value, _XSD_STRING)

    def label(value: str) -> str:
        return nt_literal(value, lang="vi")

    for iri, attrs in claims.votes.items():
        s = f"<{iri}>"
        name = _best(attrs, "name")
        cls = _best(attrs, "class")
        if cls is not None:  # an agency
            out += (f"{s} {T_TYPE} <{cls}>", f"{s} {_NT_NAME} {text(name)}", f"{s} {_NT_LABEL} {label(name)}")
            continue
        ikind = _best(attrs, "initiative_kind")
        if ikind is not None or "initiative_kind" in attrs:
            out += (f"{s} {_NT_NAME} {text(name)}", f"{s} {_NT_LABEL} {label(name)}")
            if ikind in INITIATIVE_CONCEPT:
                out.append(f"{s} <{KG.initiativeKind}> <{KG['initiative-' + INITIATIVE_CONCEPT[ikind]]}>")
            start, end = period(name)
            if start is not None:
                out.append(f"{s} <{KG.periodStart}> {_integer(start)}")
            if end is not None:
                out.append(f"{s} <{KG.periodEnd}> {_integer(end)}")
            continue
        number = _best(attrs, "number")
        kind = _best(attrs, "kind")
        out.append(f"{s} {T_TYPE} <{_doc_class(kind, number)}>")
        if number:
            out += (f"{s} <{KG.number}> {text(number)}",
                    f"{s} {_NT_LABEL} {label(f'{kind} {number}' if kind else number)}")
            if _best(attrs, "unresolved"):
                out.append(f"{s} <{KG.unresolved}> {nt_literal('true', _XSD_BOOLEAN)}")
        if name:
            out.append(f"{s} {_NT_NAME} {text(name)}")
            if not number:
                out.append(f"{s} {_NT_LABEL} {label(name)}")
        if kind in KIND_CONCEPT:
            out.append(f"{s} <{KG.documentKind}> <{KG['doctype-' + KIND_CONCEPT[kind]]}>")
        date = _best(attrs, "date")
        if date:
            out.append(f"{s} <{KG.dateIssued}> {nt_literal(date, _XSD_DATE)}")
        year = int(date[:4]) if date else parse(number).year if number else None
        if year:
            out.append(f"{s} <{KG.year}> {_integer(year)}")
        province = find_province(_best(attrs, "province") or "")
        if province is not None:
            p = provinces.get(province.name)
            if p is None:
                concept = Triples()
                p = provinces[province.name] = _n(_province_node(concept, province.name))
                out += concept
            out.append(f"{s} <{KG.province}> {p}")
    return URIRef(identity.base_iri() + CANONICAL), out


def resolver_for(records: Iterable[dict[str, Any]]) -> Resolver:
    r = Resolver()
    for rec in records:
        r.add_record(rec)
    return r


__all__ = ["Claims", "Resolver", "Triples", "canonical_graph", "record_graph", "resolver_for", "ref_key", "self_key"]
