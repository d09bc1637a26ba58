"""Finding things the way people type them: "nghi dinh 43/2011", "NĐ 43/2011",
"917/QĐ-UBND Quảng Ninh", "QĐ 917 Quảng Ninh", "chu ky so".

Two entry points. `documents` reads a document reference (kind word or
abbreviation, number or part of it, year, province) and returns every numbered
document that fits; `search` ranks documents, initiatives and agencies whose
label, number, aliases, province and year contain every word of the query,
ignoring case and accents and knowing the usual abbreviations. `one` picks the
single match or raises `Ambiguous` with the candidates, never a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from extract.normalize import fold
from extract.tables.provinces import find_province

from . import identity
from .errors import KgError
from .graph import CANONICAL
from .namespace import KG

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")

# Kind words and the abbreviations people type for them (folded).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "Nghị định": ("nghi dinh", "nd"), "Quyết định": ("quyet dinh", "qd"), "Nghị quyết": ("nghi quyet", "nq"),
    "Thông tư liên tịch": ("thong tu lien tich", "ttlt"), "Thông tư": ("thong tu", "tt"),
    "Chỉ thị": ("chi thi", "ct"), "Luật": ("luat",), "Bộ luật": ("bo luat",), "Pháp lệnh": ("phap lenh",),
    "Kế hoạch": ("ke hoach", "kh"), "Chương trình": ("chuong trinh", "ctr"), "Công văn": ("cong van", "cv"),
    "Kết luận": ("ket luan", "kl"), "Thông báo": ("thong bao", "tb"), "Báo cáo": ("bao cao", "bc"),
    "Hướng dẫn": ("huong dan", "hd"), "Tờ trình": ("to trinh", "ttr"), "Công điện": ("cong dien", "cd"),
    "Hiến pháp": ("hien phap",), "Quy chế": ("quy che",),
}
# Phrases whose abbreviation people type instead ("cntt", "ubnd", "tt&tt").
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "cong nghe thong tin": ("cntt",), "thong tin va truyen thong": ("tttt", "tt tt"), "uy ban nhan dan": ("ubnd",),
    "hoi dong nhan dan": ("hdnd",), "chinh phu": ("cp",), "thu tuong": ("ttg",), "bo chinh tri": ("bct",),
    "buu chinh vien thong": ("bcvt",), "chinh quyen dien tu": ("cqdt",), "thanh pho": ("tp",),
}
for _kind, (_phrase, *_abbr) in KIND_WORDS.items():
    if _abbr:
        ABBREVIATIONS.setdefault(_phrase, tuple(_abbr))
# Words that a query may carry without the entity's text having them.
SOFT_WORDS = frozenset({"so", "ngay", "nam", "cua", "ve", "viec", "vv", "v", "tinh", "thanh", "pho", "tp", "va"})
NUMBER_TOKEN = re.compile(r"(?<![\w/])\d[\w./\-–]*")


class LookupFailed(KgError):
    """Nothing, or more than one thing, matches what was typed."""


class NotFound(LookupFailed):
    pass


class Ambiguous(LookupFailed):
    def __init__(self, text: str, candidates: list["Candidate"]):
        self.text, self.candidates = text, candidates
        lines = "\n".join(f"  {c.describe()}" for c in candidates[:20])
        more = f"\n  … and {len(candidates) - 20} more" if len(candidates) > 20 else ""
        super().__init__(f"{text!r} matches {len(candidates)} entities; say which (add the year, province "
                         f"or the full number):\n{lines}{more}")


@dataclass
class Candidate:
    iri: str
    label: str
    cls: str                          # "document", "initiative", "agency"
    number: str | None = None
    year: int | None = None
    province: str | None = None
    unresolved: bool = False
    score: float = 0.0
    aliases: list[str] = field(default_factory=list)

    def describe(self) -> str:
        extra = ", ".join(x for x in (self.province, str(self.year) if self.year else None,
                                      "unresolved" if self.unresolved else None) if x)
        return f"{self.label}" + (f" ({extra})" if extra else "") + f"  <{self.iri}>"


def tokens(text: str) -> list[str]:
    """Folded words and number parts: "Nghị định 43/2011/NĐ-CP" → nghi dinh 43 2011 nd cp."""
    return re.findall(r"[a-z0-9]+", fold(text).replace("&", " "))


def _abbreviated(text: str) -> dict[str, frozenset[str]]:
    """The abbreviations of the phrases in `text`, each with the words it stands for: {"ubnd": {uy, ban, nhan, dan}}."""
    joined = " " + " ".join(tokens(text)) + " "
    out: dict[str, frozenset[str]] = {}
    for phrase, abbrs in ABBREVIATIONS.items():
        if f" {phrase} " in joined:
            for a in abbrs:
                for w in a.split():
                    out[w] = out.get(w, frozenset()) | frozenset(phrase.split())
    return out


def _expanded(text: str) -> frozenset[str]:
    """The words of an entity's text plus the abbreviations of the phrases in it."""
    return frozenset(tokens(text)) | frozenset(_abbreviated(text))


def province(text: str) -> str:
    """The IRI of the province `text` names (63-province names first, then the 34 of 2025)."""
    p = find_province(text) or find_province(text, era=2025)
    if p is None:
        raise NotFound(f"{text!r} is not a province name")
    return identity.province_iri(p.name)


# ─────────────────────────── documents by reference ───────────────────────────

@dataclass(frozen=True)
class Ref:
    """What a typed reference says: the number (or its leading part), kind, year, province."""

    number: str | None
    number_tokens: tuple[str, ...]
    kind: str | None
    year: int | None
    province: str | None      # province name


def parse_ref(text: str) -> Ref:
    """>>> parse_ref("nghi dinh 43/2011")
    Ref(number='43/2011', number_tokens=('43', '2011'), kind='Nghị định', year=2011, province=None)
    >>> parse_ref("QĐ 917 Quảng Ninh").province
    'Quảng Ninh'
    """
    m = NUMBER_TOKEN.search(text.replace("Ð", "Đ"))
    number = m.group(0).rstrip(".,;:-–") if m else None
    rest = text if m is None else text[:m.start()] + " " + text[m.end():]
    ntoks = tuple(tokens(number)) if number else ()
    words = tokens(rest)
    joined = " " + " ".join(words) + " "
    kind = None
    for k, forms in KIND_WORDS.items():     # longest kind phrases are listed first where they overlap
        if any(f" {f} " in joined for f in forms):
            kind = k
            for f in forms:
                joined = joined.replace(f" {f} ", " ")
            break
    year = next((int(t) for t in ntoks[1:] if re.fullmatch(r"(?:19|20)\d\d", t)), None)
    if year is None:
        year = next((int(w) for w in words if re.fullmatch(r"(?:19|20)\d\d", w)), None)
    if kind is None and number:
        from extract.numbers import parse
        kind = None if parse(number).kind == "Công văn" else parse(number).kind
    rest_words = [w for w in joined.split() if w not in SOFT_WORDS - {"tinh", "thanh", "pho", "tp"} and not w.isdigit()]
    prov = None
    for size in range(min(4, len(rest_words)), 0, -1):
        for i in range(len(rest_words) - size + 1):
            p = find_province(" ".join(rest_words[i:i + size]))
            if p is not None:
                prov = p.name
                break
        if prov:
            break
    return Ref(number, ntoks, kind, year, prov)


_DOCS = f"""PREFIX kg: <{KG}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?lead ?doc ?number ?label ?year ?provinceLabel ?unresolved WHERE {{
  ?doc kg:number ?number .
  FILTER(STRSTARTS(?number, ?lead))
  OPTIONAL {{ ?doc rdfs:label ?label }}
  OPTIONAL {{ ?doc kg:year ?year }}
  OPTIONAL {{ ?doc kg:province/skos:prefLabel ?provinceLabel }}
  OPTIONAL {{ ?doc kg:unresolved ?unresolved }}
}}"""


def _canonical_graph() -> ox.NamedNode:
    return ox.NamedNode(identity.base_iri() + CANONICAL)


def documents(store: ox.Store, text: str) -> list[Candidate]:
    """Every numbered document that fits a typed reference; exact numbers first."""
    ref = parse_ref(text)
    if not ref.number_tokens:
        return []
    lead = ref.number_tokens[0]
    rows = store.query(_DOCS, substitutions={ox.Variable("lead"): ox.Literal(lead)},
                       default_graph=_canonical_graph())
    by_iri: dict[str, Candidate] = {}
    kind_forms = KIND_WORDS.get(ref.kind or "", ())
    for row in rows:
        number = row["number"].value
        ntoks = tokens(number)
        if not ntoks or ntoks[0] != lead or not set(ref.number_tokens[1:]) <= set(ntoks):
            continue
        label = row["label"].value if row["label"] else number
        year = int(row["year"].value) if row["year"] else None
        prov = row["provinceLabel"].value if row["provinceLabel"] else None
        if ref.year is not None and year is not None and year != ref.year:
            continue
        if ref.province is not None and prov != ref.province:
            continue
        if ref.kind is not None:
            doc_words = " " + " ".join(tokens(label)) + " "
            if not any(f" {f} " in doc_words for f in kind_forms) and not any(
                    f in ntoks for f in kind_forms if " " not in f):
                continue
        exact = fold(number) == fold(ref.number or "")
        c = by_iri.get(row["doc"].value)
        if c is None:
            by_iri[row["doc"].value] = Candidate(row["doc"].value, label, "document", number, year, prov,
                                                 bool(row["unresolved"] and row["unresolved"].value == "true"),
                                                 score=2.0 if exact else 1.0)
    return sorted(by_iri.values(), key=lambda c: (-c.score, c.unresolved, c.label, c.iri))


def one(candidates: list[Candidate], text: str) -> Candidate:
    """The single candidate; among several, the one resolved exact match; else `Ambiguous`."""
    if not candidates:
        raise NotFound(f"nothing in the graph matches {text!r}; try `kg search {text}`")
    if len(candidates) == 1:
        return candidates[0]
    best = [c for c in candidates if c.score == candidates[0].score and not c.unresolved]
    if len(best) == 1 and (candidates[0].score > candidates[-1].score or
                           all(c.unresolved for c in candidates if c is not best[0])):
        return best[0]
    raise Ambiguous(text, candidates)


# ─────────────────────────── any entity by name ───────────────────────────

@dataclass
class Index:
    """The searchable text of every document, initiative and agency."""

    entries: dict[str, Candidate]
    words: dict[str, frozenset[str]]

    @classmethod
    def of(cls, store: ox.Store) -> "Index":
        canon = _canonical_graph()
        initiatives = {q.subject.value for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(KG.Initiative))}
        agencies = {q.subject.value for q in store.quads_for_pattern(None, RDF_TYPE, ox.NamedNode(KG.Agency))}
        entries: dict[str, Candidate] = {}
        for q in store.quads_for_pattern(None, RDFS_LABEL, None, canon):
            iri = q.subject.value
            if iri in entries or not isinstance(q.subject, ox.NamedNode):
                continue
            cls_ = "initiative" if iri in initiatives else "agency" if iri in agencies else "document"
            entries[iri] = Candidate(iri, q.object.value, cls_)
        for q in store.quads_for_pattern(None, ox.NamedNode(KG.number), None, canon):
            c = entries.get(q.subject.value)
            if c is not None:
                c.number = q.object.value
        for q in store.quads_for_pattern(None, ox.NamedNode(KG.year), None, canon):
            c = entries.get(q.subject.value)
            if c is not None:
                c.year = int(q.object.value)
        for q in store.quads_for_pattern(None, ox.NamedNode(KG.unresolved), None, canon):
            c = entries.get(q.subject.value)
            if c is not None:
                c.unresolved = q.object.value == "true"
        names = {q.subject.value: q.object.value for q in store.quads_for_pattern(None, SKOS_PREF, None, canon)}
        seen: set[tuple[str, str]] = set()
        for q in store.quads_for_pattern(None, ox.NamedNode(KG.province), None, None):
            c = entries.get(q.subject.value)
            if c is not None and c.province is None:
                c.province = names.get(q.object.value)
        for q in store.quads_for_pattern(None, SKOS_ALT, None, None):
            c = entries.get(q.subject.value)
            key = (q.subject.value, q.object.value)
            if c is not None and key not in seen:
                seen.add(key)
                c.aliases.append(q.object.value)
        words = {iri: _expanded(" ".join(filter(None, (c.label, c.number, c.province,
                                                       str(c.year) if c.year else None, *c.aliases))))
                 for iri, c in entries.items()}
        return cls(entries, words)

    def search(self, text: str, limit: int | None = 20) -> list[Candidate]:
        query = list(dict.fromkeys(tokens(text)))
        if not query:
            return []
        hard = [t for t in query if t not in SOFT_WORDS]
        soft = [t for t in query if t in SOFT_WORDS]
        if not hard:
            hard, soft = query, []
        ref = parse_ref(text)
        out = []
        for iri, words in self.words.items():
            if not all(t in words or (len(t) >= 4 and not t.isdigit() and any(w.startswith(t) for w in words))
                       for t in hard):
                continue
            c = self.entries[iri]
            soft_hits = sum(t in words for t in soft)
            # the optional words found too, then the share of the entity's own label the query covers (an
            # abbreviation covers the words it stands for), exact numbers and resolved entities rank higher
            label_words = set(tokens(c.label))
            abbr = _abbreviated(c.label)
            covered = set()
            for t in query:
                if t in label_words:
                    covered.add(t)
                covered |= abbr.get(t, frozenset()) & label_words
            cover = len(covered) / max(len(label_words), 1)
            exact = 1.0 if ref.number and c.number and fold(c.number) == fold(ref.number) else 0.0
            c.score = round((soft_hits / len(soft) if soft else 1.0) + exact + min(cover, 1.0) - (0.5 if c.unresolved else 0.0), 4)
            out.append(c)
        out.sort(key=lambda c: (-c.score, c.label, c.iri))
        return out if limit is None else out[:limit]


def search(store: ox.Store, text: str, limit: int | None = 20) -> list[Candidate]:
    """Documents, initiatives and agencies matching every word of `text`, best first."""
    return Index.of(store).search(text, limit)


def entities(store: ox.Store, text: str) -> list[Candidate]:
    """What a typed REF or NAME may mean: documents by reference when it has a number, else by name.

    A full IRI names its entity directly."""
    t = text.strip()
    if re.match(r"^<?https?://", t):
        iri = t.strip("<>")
        idx = Index.of(store)
        c = idx.entries.get(iri)
        return [c] if c is not None else []
    docs = documents(store, t)
    if docs:
        return docs
    found = search(store, t, limit=None)
    if len(found) > 1 and found[0].score > found[1].score and found[0].score >= 2.0:
        return found[:1]  # the query covers one entity's whole label and no other's
    return found
