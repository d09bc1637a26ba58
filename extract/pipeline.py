"""The spaCy pipeline: a `vi` Language whose tokenizer keeps document numbers
whole, and our components, each a function of the Doc.

    kg_views → kg_header → kg_refs → kg_initiatives → kg_agencies → kg_relations

Components share the text's matching views and their findings through
``doc.user_data["kg"]`` and expose spans in ``doc.spans`` ("refs",
"initiatives", "agencies"). `to_record` turns a processed Doc into a `Record`.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from . import agencies, chunks, header, initiatives, names, refs, relations, sentences, tokenizer
from .context import TextViews
from .normalize import squash
from .numbers import parse
from .records import Agency, Record, Relation, SelfInfo

def _text(doc: Doc) -> str:
    """The Doc's text, without rebuilding it from tokens when the tokenizer kept it."""
    text = doc.user_data.get("text")
    if not len(doc):
        return ""
    return text if isinstance(text, str) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws) else doc.text


def _state(doc: Doc) -> dict[str, Any]:
    return doc.user_data.setdefault("kg", {})


@Language.component("kg_views")
def views_component(doc: Doc) -> Doc:
    """Matching views of the text and its sentences; marks spaCy sentence starts to match."""
    st = _state(doc)
    views = TextViews(_text(doc))
    st["views"] = views
    spans = sentences.split(views.match)
    st["sentences"] = spans
    if len(doc):
        idx = doc.to_array([IDX])
        flags = numpy.where(numpy.isin(idx, numpy.fromiter((s for s, _ in spans), dtype=idx.dtype)), 1, -1)
        flags[0] = 1
        doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))
    return doc


@Language.component("kg_header")
def header_component(doc: Doc) -> Doc:
    """The document's own identity; sets the province every later component reads."""
    st = _state(doc)
    views: TextViews = st["views"]
    inherited = st.get("inherit")
    if inherited is not None:  # a later piece of a long text: the first piece read the header
        st.update(header=header.Header(body_start=len(views.text)), issuer=inherited["issuer"],
                  province=inherited["province"])
        views.province = inherited["context_province"]
        return doc
    h = header.read(views)
    issuer = h.issuer
    province = h.province
    if province is None and not names.is_central(issuer):
        province = names.text_province(views)
    views.province = province
    p = names.find_province(province) if province else None
    if issuer in ("Ủy ban nhân dân", "Hội đồng nhân dân") and p is not None:
        issuer = f"{issuer} {names.province_full_name(p)}"
    if issuer is None and h.number:
        issuer = agencies.issuer_from_codes(parse(h.number), views)
    st["header"] = h
    st["issuer"] = issuer
    st["province"] = province if h.number or h.title_span or not names.is_central(issuer) else None
    return doc


@Language.component("kg_refs")
def refs_component(doc: Doc) -> Doc:
    """Mentions of other documents, merged one per document."""
    st = _state(doc)
    views: TextViews = st["views"]
    h: header.Header = st["header"]
    hits = refs.find(views, own_title=h.title)
    st["ref_hits"] = hits
    st["refs"] = refs.merge(hits, views, own_number=st["header"].number)
    doc.spans["refs"] = _spans(doc, [(h.start, h.end) for h in hits], "REF")
    return doc


@Language.component("kg_initiatives")
def initiatives_component(doc: Doc) -> Doc:
    """Named initiatives, the document's own work among them when its title names one."""
    st = _state(doc)
    views: TextViews = st["views"]
    covered = [(h.start, h.end) for h in st["ref_hits"]]
    h: header.Header = st["header"]
    if h.kind_line is not None and not (h.title and _APPROVE_TITLE.match(h.title)):
        # the document's own kind line and title: `_own_initiative` decides what they name
        covered.append((h.kind_line, h.title_span[1] if h.title_span else h.kind_line + len(h.kind or "")))
    # "Kế hoạch triển khai Chương trình số 56-CTr/TU của Tỉnh ủy thực hiện Nghị quyết ...": the plan's name
    # ends where the programme's own clause begins
    leads = sorted(r.start if r.kind_start is None else r.kind_start for r in st["ref_hits"])
    stops = [max(r.end, r.issuer_end) for r in st["ref_hits"]
             if relations.implements_next(views.match, max(r.end, r.issuer_end), leads)]
    hits = [hit for hit in initiatives.find(views, covered=covered, stops=stops) if not _names_itself(hit.name, h)]
    own = _own_initiative(views, st["header"])
    if own is not None:
        hits.append(own)
    subjects = _subject_initiatives(views, st["ref_hits"], hits)
    hits += [hit for hit, _ in subjects]
    st["subject_initiatives"] = subjects
    st["initiative_hits"] = hits
    st["own_initiative"] = own
    st["initiatives"] = initiatives.merge(hits, views)
    doc.spans["initiatives"] = _spans(doc, [(h.start, h.end) for h in hits], "INITIATIVE")
    return doc


@Language.component("kg_agencies")
def agencies_component(doc: Doc) -> Doc:
    """Organisations, expanded and made explicit."""
    st = _state(doc)
    views: TextViews = st["views"]
    hits = agencies.find(views, covered=[(h.start, h.end) for h in st["ref_hits"]])
    found = agencies.merge(hits, views)
    known = {a.name for a in found}
    extra = [r.issuer for r in st["refs"] if r.issuer] + ([st["issuer"]] if st["issuer"] else [])
    for name in extra:
        if name not in known and not name.startswith(("Bộ trưởng", "Chủ tịch", "Thứ trưởng")):
            found.append(Agency(name, ()))
            known.add(name)
    st["agencies"] = _dedupe_agencies(found)
    doc.spans["agencies"] = _spans(doc, [(h.start, h.end) for h in hits], "AGENCY")
    return doc


@Language.component("kg_relations")
def relations_component(doc: Doc) -> Doc:
    """Relations with their evidence sentences."""
    st = _state(doc)
    views: TextViews = st["views"]
    h: header.Header = st["header"]
    ref_key = {}
    for r in st["refs"]:
        for m in r.mentions:
            ref_key[m.start] = r.key
    items = []
    for hit in st["ref_hits"]:
        key = ref_key.get(hit.start)
        if key is None:
            continue
        lead = hit.kind_start if hit.kind_start is not None else hit.start
        items.append(relations.Item(hit.start, hit.end, key, "ref", lead, max(hit.end, hit.tail_end),
                                    max(hit.end, hit.issuer_end)))
    by_start = initiatives.lookup(st["initiatives"])
    for hit in st["initiative_hits"]:
        ini = by_start.get(hit.start)
        if ini is not None and hit is not st["own_initiative"]:
            items.append(relations.Item(hit.start, hit.end, ini.name, "initiative", hit.start, hit.end))
    preamble = _preamble(views, h)
    rels = relations.find(views, st["sentences"], items, preamble=preamble)
    rels += _title_relations(views, h, st)
    rels += _component_relations(views, st)
    sents = relations.Sentences(st["sentences"])
    for hit, number in st["subject_initiatives"]:
        ini = by_start.get(hit.start)
        if ini is not None:
            s, e = sents.at(hit.start)
            rels.append(Relation(ini.name, "approvedBy", number, views.mention(s, e), "về"))
    first = st["sentences"][0][0] if st["sentences"] else None
    rels += relations.issued_by(views, sents, st["refs"], st["issuer"], first if st["issuer"] else None)
    seen = set()
    out = []
    for r in rels:
        if (r.s, r.p, r.o) not in seen:
            seen.add((r.s, r.p, r.o))
            out.append(r)
    st["relations"] = out
    return doc


# Where the preamble ends: the enacting formula, Article 1, or a first heading that is
# not the legal-basis section ("I. CĂN CỨ PHÁP LÝ" belongs to the preamble).
_PREAMBLE_END = re.compile(
    r"\n[ \t]*(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|NGHỊ QUYẾT|CHỈ THỊ)\s*:|\n[ \t]*Điều\s+1\b"
    r"|\n[ \t]*(?:I|1)\.\s+(?![^\n]{0,30}(?:CĂN CỨ|CƠ SỞ|Căn cứ|Cơ sở))")


def _preamble(views: TextViews, h: header.Header) -> tuple[int, int] | None:
    """Where a document states its bases: after the header, before "QUYẾT ĐỊNH:"/"Điều 1"/"I."."""
    if h.number is None and h.title_span is None:
        return None
    start = h.body_start
    m = _PREAMBLE_END.search(views.match, start)
    end = m.start() if m else min(len(views.match), start + 6000)
    return start, end


_CHANGE_TITLE = re.compile(r"^\s*(?:V/v|về\s+việc|về)?\s*(sửa\s+đổi,?\s*bổ\s+sung|sửa\s+đổi|bãi\s+bỏ|thay\s+thế)\b",
                           re.IGNORECASE)
_ARTICLE_ONE = re.compile(r"Điều\s+1\s*[.:]\s*(?:Phê duyệt|Ban hành|Phê chuẩn)(?:\s+kèm theo [^.\n]{0,40}? này)?\s*:?\s*")
_APPROVE_TITLE = re.compile(r"^\s*(?:V/v|về\s+việc|về|v/v)?\s*(?:phê\s+duyệt|ban\s+hành|phê\s+chuẩn)\s+", re.IGNORECASE)
_BASIS_TITLE = re.compile(r"^\s*(?:V/v|về\s+việc|về)?\s*(?:triển\s+khai|thực\s+hiện|tổ\s+chức\s+thực\s+hiện|tổ\s+chức\s+triển\s+khai)\s+",
                          re.IGNORECASE)
# Document kinds that are also kinds of initiative: a plan document names a plan.
_PLAN_KINDS = {"Kế hoạch", "Chương trình", "Đề án", "Quy hoạch", "Chiến lược"}
_NOT_A_PLAN_SUBJECT = re.compile(r"(?:việc\s+)?(?:triển khai|thực hiện|tổ chức|ban hành|phê duyệt|sửa đổi|điều chỉnh|"
                                 r"bổ sung|bãi bỏ|hướng dẫn|giao|đề nghị)\b", re.IGNORECASE)


def _subject_initiatives(views: TextViews, ref_hits: list, found: list) -> list[tuple[initiatives.InitiativeHit, str]]:
    """"Kế hoạch số 56/KH-UBND ... về ứng dụng CNTT năm 2014": the plan's subject is an initiative."""
    taken = [(h.start, h.end) for h in found]
    out = []
    for hit in ref_hits:
        if hit.kind not in _PLAN_KINDS or not hit.number or hit.subject_start is None:
            continue
        s = hit.subject_start
        if _NOT_A_PLAN_SUBJECT.match(views.match, s) or any(a <= s < b for a, b in taken):
            continue
        e = min(initiatives.end_of_name(views, s), max(hit.tail_end, s))
        words = views.text[s:e].split()
        if len(words) < 3:
            continue
        subject = " ".join(words)
        name = subject if initiatives.starts_with_kind(subject) else f"{hit.kind} {subject}"
        out.append((initiatives.InitiativeHit(s, e, hit.kind, initiatives.clean_name(name)), hit.number))
    return out


_IMPLEMENT_WORDS = re.compile(r"\b(?:ke hoach|chuong trinh|de an|trien khai|thuc hien|to chuc)\b")


def _names_itself(name: str, h: header.Header) -> bool:
    """A plan that only implements (its title "Kế hoạch triển khai Nghị quyết 214/NQ-CP") names no
    initiative, wherever the text repeats that title; nor does a bare "Kế hoạch triển khai thực hiện"."""
    words = _IMPLEMENT_WORDS.sub(" ", squash(name)).split()
    if len(words) < 2:
        return True
    if not h.title or not _BASIS_TITLE.match(h.title):
        return False
    title = set(squash(h.title).split())
    own = squash(name).split()[2:]  # without the kind word
    return bool(own) and sum(w in title for w in own) / len(own) >= 0.8


def _own_initiative(views: TextViews, h: header.Header) -> initiatives.InitiativeHit | None:
    """A plan whose title names its work ("KẾ HOẠCH / Phát triển hạ tầng 5G ...") is that initiative."""
    if h.title_span is None or h.kind not in _PLAN_KINDS and h.kind != "Chương trình hành động":
        return None
    s, e = h.title_span
    title = views.match[s:e]
    if _BASIS_TITLE.match(title) or _APPROVE_TITLE.match(title):
        return None
    kind = "Chương trình" if h.kind == "Chương trình hành động" else h.kind
    title = " ".join(views.text[s:e].split()).strip(" .")
    name = initiatives.clean_name(kind + " " + names.recase(title.lower(), title))
    return initiatives.InitiativeHit(s, e, kind, name)


def _title_relations(views: TextViews, h: header.Header, st: dict[str, Any]) -> list[Relation]:
    """What a title says of the document: it approves a plan, or it implements a document."""
    out: list[Relation] = []
    own = st["own_initiative"]
    if own is not None:
        ini = initiatives.lookup(st["initiatives"]).get(own.start)
        if ini is not None:
            out.append(Relation(ini.name, "approvedBy", "SELF", views.mention(own.start, own.end), "title"))
    spans: list[tuple[int, int, str, tuple[int, int]]] = []
    if h.title_span:
        spans.append((*h.title_span, "title", h.title_span))
    # "Điều 1. Phê duyệt Quy hoạch ..." / "Ban hành kèm theo Quyết định này Kế hoạch ..."
    sents = relations.Sentences(st["sentences"])
    for m in _ARTICLE_ONE.finditer(views.match):
        spans.append((m.end(), min(len(views.match), m.end() + 600), "Điều 1", sents.at(m.start())))
    by_start = initiatives.lookup(st["initiatives"])
    for s, e, cue, (ev_s, ev_e) in spans:
        text = views.match[s:e]
        change = _CHANGE_TITLE.match(text) if cue == "title" else None
        if change is not None:
            # "Sửa đổi, bổ sung một số điều của Thông tư số 67/2024/TT-BQP": the title says what it changes
            target = min((hit for hit in st["ref_hits"] if s + change.end() <= hit.start < e and hit.number),
                         key=lambda hit: hit.start, default=None)
            if target is not None:
                pred = "repeals" if "bỏ" in change.group(1).lower() else (
                    "replaces" if "thay" in change.group(1).lower() else "amends")
                out.append(Relation("SELF", pred, target.number, views.mention(ev_s, ev_e), cue))
            continue
        if cue == "title" and not _APPROVE_TITLE.match(text):
            b = _BASIS_TITLE.match(text)
            if b:
                for hit in st["ref_hits"]:
                    if s + b.end() <= (hit.kind_start or hit.start) <= s + b.end() + 3:
                        key = hit.number or hit.name
                        out.append(Relation("SELF", "basedOn", key, views.mention(ev_s, ev_e), cue))
            continue
        first = min((hit for hit in st["initiative_hits"] if s <= hit.start < e and hit is not own),
                    key=lambda hit: hit.start, default=None)
        if first is not None and first.start - s < 60:
            ini = by_start.get(first.start)
            if ini is not None:
                out.append(Relation(ini.name, "approvedBy", "SELF", views.mention(ev_s, ev_e), cue))
    return out


_COMPONENT = re.compile(r"^(?:Dự án|Tiểu dự án|Hợp phần|Nội dung)\s+(?:số\s+)?\d+[a-z]?\s*[:.,-]?\s+"
                        r"(?:của|thuộc)?\s*(?P<inner>(?:[Cc]hương trình|[Đđ]ề án|[Dd]ự án)\s.+)$")


def _component_relations(views: TextViews, st: dict[str, Any]) -> list[Relation]:
    """ "Dự án 1 Chương trình mục tiêu quốc gia ..." is part of that programme."""
    inits = st["initiatives"]
    out = []
    for ini in inits:
        m = _COMPONENT.match(ini.name)
        if m is None or not ini.mentions:
            continue
        inner = squash(m.group("inner")).split()
        best, score = None, 0.0
        for other in inits:
            if other is ini or _COMPONENT.match(other.name):
                continue
            words = squash(other.name).split()
            common = len(set(inner) & set(words))
            f1 = 2 * common / (len(inner) + len(words)) if common else 0.0
            if f1 > score:
                best, score = other, f1
        if best is not None and score >= 0.5:
            m0 = ini.mentions[0]
            s, e = relations.Sentences(st["sentences"]).at(m0.start)
            out.append(Relation(ini.name, "partOf", best.name, views.mention(s, e), "component"))
    return out


def _dedupe_agencies(found: list[Agency]) -> list[Agency]:
    seen: dict[str, Agency] = {}
    for a in found:
        key = squash(a.name)
        if key in seen:
            old = seen[key]
            seen[key] = Agency(old.name, old.mentions + a.mentions)
        else:
            seen[key] = a
    return list(seen.values())


def _spans(doc: Doc, offsets: list[tuple[int, int]], label: str) -> list:
    out = []
    for s, e in offsets:
        span = doc.char_span(s, e, label=label, alignment_mode="expand")
        if span is not None:
            out.append(span)
    return out


@lru_cache(maxsize=1)
def make_nlp() -> Language:
    """The `vi` pipeline with a rule tokenizer that keeps document numbers whole."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": tokenizer.NAME}}})
    for name in ("kg_views", "kg_header", "kg_refs", "kg_initiatives", "kg_agencies", "kg_relations"):
        nlp.add_pipe(name)
    return nlp


def to_record(doc: Doc, source: str) -> Record:
    """The `Record` of a processed Doc."""
    st = _state(doc)
    h: header.Header = st["header"]
    views: TextViews = st["views"]
    self_info = SelfInfo(h.number, h.kind, h.date, st["issuer"], st["province"], h.signer, h.title)
    return Record(
        source=source,
        sha256=hashlib.sha256(views.text.encode("utf-8")).hexdigest(),
        chars=len(views.text),
        self=self_info,
        province=views.province,
        refs=tuple(st["refs"]),
        initiatives=tuple(st["initiatives"]),
        agencies=tuple(st["agencies"]),
        relations=tuple(st["relations"]),
    )


def extract_text(text: str, source: str = "<text>") -> Record:
    """Extract one text (already read and cleaned); a very long one in pieces of bounded size."""
    nlp = make_nlp()
    pieces = chunks.split(text)
    if len(pieces) == 1:
        return to_record(nlp(text), source)
    s0, e0 = pieces[0]
    first_doc = nlp(text[s0:e0])
    first = to_record(first_doc, source)
    st0 = _state(first_doc)
    inherit = {"issuer": st0["issuer"], "province": st0["province"], "context_province": st0["views"].province}
    rest = []
    for s, e in pieces[1:]:
        doc = nlp.make_doc(text[s:e])
        _state(doc)["inherit"] = inherit
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        rest.append(chunks.shift(to_record(doc, source), s))
    return chunks.merge(first, rest, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), chars=len(text))


def extract_texts(items: Iterable[tuple[str, str]], *, batch_size: int = 16) -> Iterator[Record]:
    """Extract ``(text, source)`` pairs with `nlp.pipe`, in order."""
    nlp = make_nlp()
    for doc, source in nlp.pipe(items, as_tuples=True, batch_size=batch_size):
        yield to_record(doc, source)


__all__ = ["make_nlp", "extract_text", "extract_texts", "to_record"]
