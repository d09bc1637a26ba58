"""Identity: an IRI is a pure function of a canonical key under a base.

A document's key is its number with the context that makes the number unique:
a normative number carries its year ("43/2011/NĐ-CP"); a central number without
one ("1643/QĐ-TTg", "36-NQ/TW") needs the year of its date; a local number
("917/QĐ-UBND" of a UBND, HĐND, Tỉnh ủy or Sở) needs its province and year.

>>> doc_key("43/2011/NĐ-CP", year=None, province=None).path
'doc/2011/43-2011-nd-cp'
>>> doc_key("917/QĐ-UBND", year=2013, province="Quảng Ninh").path
'doc/quang-ninh/2013/917-qd-ubnd'
>>> doc_key("917/QĐ-UBND", year=2013, province=None).complete
False
>>> doc_key("36-NQ/TW", year=2014, province=None).path
'doc/2014/36-nq-tw'
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from extract.normalize import fold
from extract.numbers import canonical, parse
from extract.tables import agencies as issuer_table

from .namespace import base_iri


def slug(text: str) -> str:
    """Lower case, no accents, runs of other characters as "-": "Quảng Ninh" → "quang-ninh"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


def number_key(number: str) -> str:
    """The comparison form of a number: no spaces, upper case, Đ→D, dashes unified."""
    return re.sub(r"\s+", "", number).upper().replace("Ð", "Đ").replace("Đ", "D").replace("–", "-")


@dataclass(frozen=True, slots=True)
class DocKey:
    """What identifies a document: its number and the scope that makes it unique."""

    number: str               # number_key form
    scope: str                # "national" | "local" | "unknown"
    year: int | None
    province: str | None      # slug, for local numbers
    complete: bool

    @property
    def path(self) -> str:
        parts = ["doc"]
        if self.scope == "local":
            parts.append(self.province or "_")
        parts.append(str(self.year) if self.year else "_")
        parts.append(slug(self.number))
        return "/".join(parts)


@lru_cache(maxsize=65536)
def scope_of(number: str) -> str:
    """"national" when the number's issuer code is central, "local" when it takes a province."""
    p = parse(number)
    codes = p.issuer_codes
    if not codes:
        return "unknown"
    code = codes[0]
    if code == "TW" or issuer_table.issuer_for_code(code):
        return "national"
    if issuer_table.local_issuer(code, _ANY_PROVINCE()) is not None or re.fullmatch(r"S[A-ZĐ&]+|UBND.*|HĐND.*|TU", code):
        return "local"
    return "unknown"


@lru_cache(maxsize=1)
def _ANY_PROVINCE():  # noqa: N802 — a constant, built on first use
    from extract.tables.provinces import PROVINCES_2008
    return PROVINCES_2008[0]


def doc_key(number: str, *, year: int | None, province: str | None) -> DocKey:
    """The key of a numbered document; `complete` when it needs no guess to be unique."""
    number = canonical(number)
    p = parse(number)
    key = number_key(number)
    scope = scope_of(number)
    year = p.year or year
    if scope == "national":
        return DocKey(key, scope, year, None, year is not None)
    if scope == "local":
        prov = slug(province) if province else None
        return DocKey(key, scope, year, prov, year is not None and prov is not None)
    return DocKey(key, scope, year, None, False)


def doc_iri(key: DocKey) -> str:
    """The IRI of a document key under the configured base."""
    return base_iri() + key.path


def unresolved_iri(number: str, source_sha: str) -> str:
    """A reference that fits no single known document: its own node, scoped to its source."""
    return f"{base_iri()}doc/unresolved/{source_sha[:16]}/{slug(number)}"


def named_doc_iri(kind: str | None, name: str) -> str:
    """A law or resolution cited by name: "Luật Công nghệ thông tin" → doc/luat/cong-nghe-thong-tin."""
    kind_slug = slug(kind or "van ban")
    rest = fold(name)
    k = fold(kind or "")
    if k and rest.startswith(k):
        rest = rest[len(k):]
    return f"{base_iri()}doc/{kind_slug}/{slug(rest)}"


def self_iri(source_sha: str) -> str:
    """A source whose header states no number (a web report): the document is its source."""
    return f"{base_iri()}doc/source/{source_sha[:16]}"


def initiative_province(name: str, province: str | None) -> str | None:
    """The province an initiative belongs to: the report's, unless its name is national."""
    return province if province and not _NATIONAL.search(fold(name)) else None


def initiative_iri(name: str, province: str | None) -> str:
    """Initiatives merge across reports by folded name within a province (or nationally)."""
    scope = initiative_province(name, province)
    return f"{base_iri()}initiative/{slug(scope) if scope else 'vn'}/{_short(slug(name))}"


_NATIONAL = re.compile(r"quoc gia|viet nam|chinh phu|toan quoc")


def agency_iri(name: str) -> str:
    """Agencies are identified by their canonical (expanded, province-explicit) name."""
    return f"{base_iri()}agency/{_short(slug(name))}"


def province_iri(name: str) -> str:
    return f"{base_iri()}province/{slug(name)}"


def source_iri(sha256: str) -> str:
    return f"{base_iri()}source/{sha256[:16]}"


def graph_iri(sha256: str) -> str:
    """The named graph holding what one source states."""
    return f"{base_iri()}graph/{sha256[:16]}"


def evidence_iri(sha256: str, s: str, p: str, o: str, start: int) -> str:
    h = hashlib.sha1(f"{s}\x1f{p}\x1f{o}\x1f{start}".encode("utf-8")).hexdigest()[:16]
    return f"{base_iri()}evidence/{sha256[:16]}/{h}"


def mention_iri(sha256: str, start: int, end: int, target: str) -> str:
    """One span may name two things (an agency inside a plan's name): the target is in the key."""
    h = hashlib.sha1(target.encode("utf-8")).hexdigest()[:8]
    return f"{base_iri()}mention/{sha256[:16]}/{start}-{end}-{h}"


def _short(s: str, limit: int = 120) -> str:
    """Long slugs end in a hash of the whole, so IRIs stay readable and distinct."""
    if len(s) <= limit:
        return s
    return s[:limit].rstrip("-") + "-" + hashlib.sha1(s.encode()).hexdigest()[:8]
