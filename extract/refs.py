"""References to other documents: numbered ("Quyết định số 917/QĐ-UBND ngày
10/4/2013 của UBND tỉnh") and named ("Luật Công nghệ thông tin ngày 29 tháng 6
năm 2006"). Find every mention, then merge mentions into one `DocumentRef` per
document ("find, then apply").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import agencies
from .context import TextViews
from .dates import DATE_RE, iso
from .initiatives import end_of_name  # rules' names end where initiatives' names end
from .normalize import fold, squash, trie_pattern, vi_re, word_start
from .numbers import NUMBER_RE, STANDARD_RE, canonical, number_start, parse
from .records import DocumentRef
from .sentences import CLAUSE_END
from .tables.doc_types import KIND_WORDS, STANDARD_PREFIXES


@dataclass(slots=True)
class RefHit:
    """One mention of a document, before merging."""

    start: int
    end: int
    number: str | None
    kind: str | None
    kind_from_word: bool
    date: str | None = None
    issuer: str | None = None
    name: str | None = None
    subject: str | None = None
    tail_end: int = 0           # end of "ngày ... của ... về ..." after the mention
    issuer_end: int = 0         # end of "ngày ... của ..." (where its own words begin)
    subject_start: int | None = None  # where "về ..." names its subject
    kind_start: int | None = None  # where the kind word before the number starts
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def _kind_before() -> re.Pattern[str]:
    alt = trie_pattern(sorted({fold(w) for w, _, _ in KIND_WORDS}))
    return re.compile(rf"(?<![a-z])(?P<kw>{alt})\s*(?:\(\s*)?(?:so|sô)?\s*:?\s*$")


@lru_cache(maxsize=1)
def _kind_of_word() -> dict[str, str]:
    return {squash(w): k for w, k, _ in KIND_WORDS}


def kind_word_before(views: TextViews, start: int) -> tuple[str | None, int | None]:
    """The document kind named right before offset `start`, and where its word starts."""
    lo = max(0, start - 40)
    m = _kind_before().search(views.folded(lo, start))
    if m is None:
        return None, None
    word = views.match[lo + m.start("kw"):lo + m.end("kw")]
    # Abbreviations count only in upper case ("QĐ số"), never "tt" in running text.
    if len(word) <= 3 and not word.isupper():
        return None, None
    return _kind_of_word().get(squash(word)), lo + m.start("kw")


_LEAD = re.compile(r"[\s,]*")
_ISSUER_LEAD = re.compile(r"[\s,]*(?:của|do|cua)\s+", re.IGNORECASE)
_SUBJECT_LEAD = re.compile(r"[\s,]*(?:về|v/v|V/v|về việc)\s+", re.IGNORECASE)


def _date_at(views: TextViews, pos: int) -> tuple[str | None, int]:
    m = _LEAD.match(views.match, pos)
    p = m.end() if m else pos
    d = DATE_RE.match(views.match, p)
    if d is None:
        return None, pos
    return iso(d), d.end()


def _tail(views: TextViews, hit: RefHit) -> None:
    """Read "ngày ...", "của ..."/"do ... ban hành" and "về ..." after a mention."""
    text = views.match
    pos = hit.end
    date, pos = _date_at(views, pos)
    m = _ISSUER_LEAD.match(text, pos)
    if m:
        name, end = agencies.issuer_phrase(views, m.end())
        if name:
            hit.issuer = name
            pos = end
            if date is None:
                date, pos = _date_at(views, pos)
    hit.date = date
    hit.issuer_end = pos
    s = _SUBJECT_LEAD.match(text, pos)
    if s:
        end = CLAUSE_END.search(text, s.end(), min(len(text), s.end() + 400))
        stop = end.start() if end else min(len(text), s.end() + 200)
        hit.subject = re.sub(r"\s+", " ", views.text[s.end():stop]).strip() or None
        hit.subject_start = s.end()
        pos = stop
    hit.tail_end = pos


def _numbered(views: TextViews) -> list[RefHit]:
    hits: list[RefHit] = []
    for m in NUMBER_RE.finditer(views.match):
        if not number_start(views.match, m.start()):
            continue
        number = canonical(views.match[m.start():m.end()])
        parts = parse(number)
        kind, kstart = kind_word_before(views, m.start())
        if kind == "Công văn" and parts.kind not in (None, "Công văn") and parts.type_code:
            kind = parts.kind  # "văn bản số 231/BC-STTTT" is a Báo cáo: the generic word yields to the code
        hit = RefHit(m.start(), m.end(), number, kind or parts.kind, kind is not None, kind_start=kstart)
        _tail(views, hit)
        if hit.issuer is None:
            hit.issuer = agencies.issuer_from_codes(parts, views)
        hits.append(hit)
    # "Quyết định số 654 ngày 30/5/2022": a bare number after a kind word
    for m in _BARE.finditer(views.match):
        if not word_start(views.match, m.start()):
            continue
        kind, kstart = kind_word_before(views, m.start("num"))
        if kind is None:
            continue
        hit = RefHit(m.start("num"), m.end("num"), m.group("num"), kind, True, kind_start=kstart)
        _tail(views, hit)
        hits.append(hit)
    for m in STANDARD_RE.finditer(views.match):
        if not word_start(views.match, m.start()):
            continue
        prefix = m.group("prefix")
        kind = next(k for p, k, _ in STANDARD_PREFIXES if p == prefix)
        number = prefix + re.sub(r"\s+", "", m.group("body"))
        hit = RefHit(m.start(), m.end(), number, kind, True)
        _tail(views, hit)
        hits.append(hit)
    return hits


_BARE = re.compile(r"(?:số|Số|SỐ)\s*(?P<num>\d{1,5})(?=\s*,?\s+ngày\s+\d)")

# Named documents: laws, codes, ordinances and Party resolutions cited by name.
_NAMED_HEAD = re.compile(
    r"(?P<kw>Bộ luật|Luật|Pháp lệnh|Hiến pháp|Nghị quyết(?= (?:Trung ương|Đại hội|Hội nghị)))"
    r"(?=[ \t\n]+[\w\"“(])"
)
# Where a name stops: a date, a number, punctuation, a verb or a new clause.
_NAME_STOP = re.compile(
    r"\s+(?:ngày|số|năm\s+\d|\d{4}\b|đã|được|đang|sẽ|quy định|hiện hành|có hiệu lực|hướng dẫn|về"
    r"|thì|để|nhằm|cho|với|trên|tại|theo|do|của(?! Luật| Bộ luật)|và(?=\s+(?:các|Luật|Bộ luật|Nghị|Pháp|Thông|Quyết|văn))"
    r"|hoặc|là|này|nêu|mới|trong|khi|cũng)(?!\w)"
    r"|\s*[;:.,()\[\]\"“”]|\s*\n\s*\n|\s*\n(?=\s*[-+•])"
)
_AMENDING = re.compile(r"(?:\s+sửa đổi)?,?\s+bổ sung(?:\s+một số điều)?\s+của\s+")
_NAME_COMMA = vi_re(r",\s+[{L}]")
_PARTY_NAME = re.compile(r"[\s\w,]{0,80}?(?:khóa|khoá|lần thứ)\s+[IVXLC]+\b")
_NOT_A_NAME = frozenset({"nay", "so", "va", "cac", "ve", "do", "tren", "moi", "hien hanh", "viet", "vui", "phap",
                         "nha", "quy"})


def _name_after(views: TextViews, start: int) -> int:
    """End offset of a document name starting at `start` (its kind word)."""
    text = views.match
    limit = min(len(text), start + 180)
    pos = start
    while True:
        m = _NAME_STOP.search(text, pos + 1, limit)
        end = m.start() if m else limit
        if m is None:
            return end
        # "Luật sửa đổi, bổ sung một số điều của Luật X (và Luật Y)": one name
        a = _AMENDING.match(text, end)
        if a is not None:
            pos = a.end()
            continue
        # "Luật Cán bộ, công chức": a comma followed by a lower-case word that is no clause
        if text[end] == "," and _NAME_COMMA.match(text, end) and not _NAME_STOP.match(text, end + 1):
            pos = end + 1
            continue
        return end


def _named(views: TextViews) -> list[RefHit]:
    hits: list[RefHit] = []
    text = views.match
    inside_to = -1
    for m in _NAMED_HEAD.finditer(text):
        if not (word_start(text, m.start()) or text[m.start() - 1].isdigit()) or m.start() < inside_to:
            continue  # inside a word (a digit may stand before: "- 11Luật xây dựng" in site lists), or
            # inside "Luật sửa đổi ... của Luật X", where X is part of the amending law's name
        kw = m.group("kw")
        start = m.start()
        if kw == "Luật" and text[max(0, start - 4):start].lower().endswith("bộ "):
            continue  # "Bộ luật" is found on its own
        if kw == "Nghị quyết":
            p = _PARTY_NAME.match(text, m.end())
            if p is None:
                continue
            end = p.end()
        else:
            end = _name_after(views, start)
        name = re.sub(r"\s+", " ", views.text[start:end]).strip(" ,")
        words = name.split()
        if len(words) < 2 or squash(" ".join(words[1:2])) in _NOT_A_NAME:
            continue
        # a numbered law is found by its number
        after = _LEAD.match(text, end)
        if after and re.match(r"số\s*\d", text[after.end():after.end() + 8]):
            continue
        kind = {"Bộ luật": "Bộ luật", "Luật": "Luật", "Pháp lệnh": "Pháp lệnh",
                "Hiến pháp": "Hiến pháp", "Nghị quyết": "Nghị quyết"}[kw]
        hit = RefHit(start, end, None, kind, True, name=name)
        _tail(views, hit)
        hits.append(hit)
        inside_to = end
    return hits


# A named Quy chế, Quy định, Hướng dẫn or Chỉ thị without a number is a reference; one that
# is only described ("Quy chế UBND tỉnh đã ban hành", "theo Quy định của pháp luật") is not.
_RULE_HEAD = re.compile(r"(?P<kw>Quy chế|Quy định|Hướng dẫn|Chỉ thị)(?=[ \t]+\S)")
_NOT_A_RULE_NAME = frozenset({"cua", "nay", "tai", "so", "chung", "hien hanh", "phap luat", "ro", "cu the", "chi tiet",
                              "cac", "nhung", "moi", "tren", "nhu", "de", "va", "theo", "ve viec thuc hien"})


def _rules(views: TextViews, own_title: str | None) -> list[RefHit]:
    text = views.match
    own_title = squash(own_title) if own_title else None
    hits = []
    for m in _RULE_HEAD.finditer(text):
        start = m.start()
        before = text[max(0, start - 3):start].rstrip(" \t")
        if not word_start(text, start) or not before or before[-1] in ".!?\n-+•*":
            continue  # at a sentence or list-item start it is a verb or a heading, not a name
        end = end_of_name(views, m.end())
        words = squash(text[m.end():end]).split()
        if len(words) < 4 or words[0] in _NOT_A_RULE_NAME or " ".join(words[:2]) in _NOT_A_RULE_NAME:
            continue
        if _NOT_A_RULE_NEXT.match(text, m.end()):
            continue  # "Quy chế UBND tỉnh đã ban hành" is described; "Hướng dẫn Luật X" is a verb
        if own_title and _overlap(squash(text[start:end]), own_title) >= 0.6:
            continue  # the document's own attachment ("ban hành Quy định ..."), not a reference
        if _LEAD.match(text, end) and re.match(r"\s*(?:số\s*\d|ban hành kèm)", text[end:end + 20]):
            continue
        name = " ".join(views.text[start:end].split()).strip(" ,")
        hit = RefHit(start, end, None, m.group("kw"), True, name=name)
        _tail(views, hit)
        hits.append(hit)
    return hits


def _overlap(a: str, b: str) -> float:
    """Share of `a`'s words that `b` has."""
    wa = a.split()
    wb = set(b.split())
    return sum(w in wb for w in wa) / len(wa) if wa else 0.0


_NOT_A_RULE_NEXT = re.compile(
    r"\s+(?:Ủy ban|UBND|Hội đồng|HĐND|Sở|Bộ|Ban|Luật|Pháp lệnh|Nghị định|Nghị quyết|Thông tư|Quyết định|này|của)\b")


def find(views: TextViews, *, own_title: str | None = None) -> list[RefHit]:
    """Every mention of another document, in text order. `own_title` keeps the document's own
    attachment ("Ban hành kèm theo Quyết định này Quy định ...") out of its references."""
    hits = _numbered(views) + _named(views) + _rules(views, own_title)
    hits.sort(key=lambda h: h.start)
    return hits


def merge(hits: list[RefHit], views: TextViews, *, own_number: str | None = None) -> list[DocumentRef]:
    """One `DocumentRef` per distinct document: numbers by canonical form, names folded."""
    groups: dict[str, list[RefHit]] = {}
    own = _number_key(own_number) if own_number else None
    for h in hits:
        key = "N:" + _number_key(h.number) if h.number else "T:" + squash(h.name or "")
        if own and key == "N:" + own:
            continue
        groups.setdefault(key, []).append(h)
    refs = []
    for group in groups.values():
        first = group[0]
        worded = [h.kind for h in group if h.kind_from_word and h.kind]
        refs.append(DocumentRef(
            number=first.number,
            kind=worded[0] if worded else first.kind,
            date=next((h.date for h in group if h.date), None),
            issuer=next((h.issuer for h in group if h.issuer), None),
            name=max((h.name for h in group if h.name), key=len, default=None),
            subject=next((h.subject for h in group if h.subject), None),
            mentions=tuple(views.mention(h.start, h.end) for h in group),
        ))
    return refs


def _number_key(number: str) -> str:
    return re.sub(r"\s+", "", number).upper().replace("Ð", "Đ").replace("Đ", "D")
