"""Relations between documents, initiatives and the document itself, each with
the sentence that states it. Cue tables live in `tables/cues.py`.

The finders read spans the other components found (refs, initiatives) and
join them when a cue stands between them: only what one sentence or one
"Căn cứ" line states, no inference across the document.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .context import TextViews
from .normalize import trie_pattern
from .records import SELF, Relation
from .sentences import CLAUSE_END
from .tables import cues


@dataclass(frozen=True, slots=True)
class Item:
    """A span that can be a relation's end: a ref mention, an initiative mention or SELF."""

    start: int
    end: int
    key: str
    kind: str          # "ref" | "initiative"
    lead: int          # where its kind word starts ("Quyết định số ..."), else start
    tail_end: int      # end of its "ngày ... của ... về ..." tail
    after: int = -1    # where its own words begin, after "ngày ... của ..."


@dataclass(slots=True)
class Found:
    """A relation before it gets its evidence sentence."""

    s: str
    p: str
    o: str
    at: int
    cue: str


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=1)
def _tables() -> dict[str, object]:
    return {
        "i2d": [(_rx(r"[\s,(]*(?:" + p + r")\s+"), pred) for p, pred, _ in cues.INITIATIVE_TO_DOC]
        + [(_rx(r"[\s,(]*tại\s+"), "approvedBy")],
        "d2n": [(_rx(r"[\s,]*(?:" + p + r")\b"), pred) for p, pred, _ in cues.DOC_TO_NEXT],
        # the markers as a trie, so the engine skips ahead to candidates
        "self_marker": re.compile(r"(?:" + trie_pattern(cues.SELF_MARKER_WORDS) + r")\s+này|Điều\s+\d+\s*[.:]"),
        "self": _rx(r"\s+(?:[\w,]+\s+){0,16}?(?:" + "|".join(f"(?P<{pred}>{p})" for p, pred, _ in cues.SELF_CUES)
                    + r")\b"),
        "basis": _rx(r"^[\s\-+•*–]*(?:" + cues.BASIS_OPENERS + r")\b"),
        "not_basis": _rx(r"^[\s\-+•*–]*(?:" + cues.NOT_BASIS + r")\b"),
        "part": [(_rx(r"[\s,(]*(?:" + p + r")\s+"), pred) for p, pred, _ in cues.PART_OF],
    }


class Sentences:
    """Sentence spans with a fast lookup from an offset to its sentence."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return (0, 0)
        return self.spans[i]


# What may stand between a cue and its object: "sửa đổi, bổ sung một số điều của Nghị định số ...".
_FILLER = re.compile(r"[\s,:]*(?:(?:một số điều|điều|khoản|điểm|mục|chương|phần|nội dung|các|của|tại|theo|và|"
                     r"thực hiện|triển khai|\d+[a-zđ]?|[,;]|\s)+)?[\s,:]*", re.IGNORECASE)
_CAN_CU = re.compile(r"[\s\-+•*–]*Căn cứ\b")
_CAN_CU_ANYWHERE = re.compile(r"Căn cứ\b")
# The cue before a document a plan's name cites: "Kế hoạch triển khai thực hiện Chương trình số ...".
_IMPLEMENTS = re.compile(r"(?:" + cues.IMPLEMENTS + r")\s+(?:[\w\s]{0,20}?)$", re.IGNORECASE)
# The same cue right after a document's date and issuer opens that document's own clause.
_IMPLEMENTS_AFTER = re.compile(r"[\s,]*(?:về\s+)?(?:việc\s+)?(?:" + cues.IMPLEMENTS + r")\b", re.IGNORECASE)
_JOIN = re.compile(r"[\s,]*(?:và|cùng)?\s*$")


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = CLAUSE_END.search(text, pos, limit)
    return m.start() if m else limit


def _next_item(items: list[Item], starts: list[int], pos: int, limit: int, *, slack: int = 3) -> Item | None:
    """The item whose lead begins within `slack` characters after `pos`."""
    i = bisect.bisect_left(starts, pos)
    for it in items[max(0, i - 1): i + 3]:
        if pos <= it.lead <= pos + slack and it.lead < limit:
            return it
    return None


def find(views: TextViews, sentences: list[tuple[int, int]], items: list[Item], *,
         preamble: tuple[int, int] | None) -> list[Relation]:
    """Every stated relation, with its evidence sentence."""
    tb = _tables()
    text = views.match
    items = sorted(items, key=lambda it: it.lead)
    leads = [it.lead for it in items]
    sents = Sentences(sentences)
    found: list[Found] = []

    # A. "Căn cứ ...;" and "Triển khai thực hiện ..." lines of the preamble: SELF basedOn each cited document.
    if preamble is not None:
        # "Căn cứ" states a basis anywhere; "Thực hiện", "Triển khai" only in the preamble
        lo = bisect.bisect_left(sents.starts, preamble[0])
        hi = bisect.bisect_left(sents.starts, preamble[1])
        chosen = set(range(lo, hi))
        for m in _CAN_CU_ANYWHERE.finditer(text):
            i = bisect.bisect_right(sents.starts, m.start()) - 1
            if i >= 0 and _CAN_CU.match(text, sents.spans[i][0], m.end()):
                chosen.add(i)
        ref_items = sorted((it for it in items if it.kind == "ref"), key=lambda it: it.start)
        ref_starts = [it.start for it in ref_items]
        for i in sorted(chosen):
            s, e = sentences[i]
            line = text[s:e]
            if tb["not_basis"].match(line) or not tb["basis"].match(line):
                continue
            j0, j1 = bisect.bisect_left(ref_starts, s), bisect.bisect_left(ref_starts, e)
            inside = ref_items[j0:j1]
            nested = [(it.end, it.tail_end) for it in inside]
            for it in inside:
                if any(a < it.start < b for a, b in nested):
                    continue  # cited inside another document's subject
                found.append(Found(SELF, "basedOn", it.key, it.start, "căn cứ"))

    # B. A document's own tail: "Quyết định số Y ... phê duyệt X", "... sửa đổi, bổ sung ... Y",
    # "Chương trình số 56-CTr/TU ... thực hiện Nghị quyết số 36-NQ/TW".
    claimed: dict[int, int] = {}  # a target's start -> the start of the document whose clause names it
    for it in items:
        if it.kind != "ref":
            continue
        pos = it.after if it.after > it.end else it.end
        pos = _skip_subject_lead(text, pos)
        for rx, pred in tb["d2n"]:
            m = rx.match(text, pos)
            if not m:
                continue
            limit = _clause_end(text, m.end(), min(len(text), m.end() + 300))
            targets = _items_in(text, items, leads, m.end(), limit)
            for t in targets:
                claimed.setdefault(t.start, it.start)
                if pred == "amendedBy":
                    if t.kind == "ref" and t.key != it.key:
                        found.append(Found(t.key, "amends", it.key, it.start, m.group().strip()))
                elif pred == "approves":
                    if t.kind == "initiative":
                        found.append(Found(t.key, "approvedBy", it.key, it.start, m.group().strip()))
                elif t.key != it.key:
                    found.append(Found(it.key, pred, t.key, it.start, m.group().strip()))
            break

    # C. An initiative followed by its approval or basis: "X được phê duyệt tại Quyết định số Y". When
    # its name ends with a document whose own clause goes on ("Kế hoạch triển khai Chương trình số
    # 56-CTr/TU của Tỉnh ủy | thực hiện Nghị quyết ..."), what follows belongs to that document (B).
    for it in items:
        if it.kind != "initiative":
            continue
        for rx, pred in tb["i2d"]:
            m = rx.match(text, it.end)
            if not m:
                continue
            t = _next_item(items, leads, m.end(), m.end() + 40)
            if t is not None and t.kind == "ref" and not it.start <= claimed.get(t.start, -1) < it.end:
                found.append(Found(it.key, pred, t.key, it.start, m.group().strip(" ,(")))
                break
        for rx, pred in tb["part"]:
            m = rx.match(text, it.end)
            if not m:
                continue
            t = _next_item(items, leads, m.end(), m.end() + 5)
            if t is not None and t.kind == "initiative" and t.key != it.key:
                found.append(Found(it.key, pred, t.key, it.start, m.group().strip(" ,(")))
                break

    # C'. An initiative named after what it implements: "Kế hoạch triển khai thực hiện Chương trình số 56-CTr/TU".
    # A document that the clause of another document in the name implements ("... 56-CTr/TU của Tỉnh ủy
    # thực hiện Nghị quyết số 36-NQ/TW") is that document's basis (B), not the plan's.
    for it in items:
        if it.kind != "initiative":
            continue
        i = bisect.bisect_left(leads, it.start)
        for t in items[i:]:
            if t.lead >= it.end:
                break
            if it.start <= claimed.get(t.start, -1) < it.end:
                continue
            if t.kind == "ref" and _IMPLEMENTS.search(text, max(it.start, t.lead - 30), t.lead):
                found.append(Found(it.key, "basedOn", t.key, it.start, "thực hiện"))

    # D. Sentences about the document itself: "Quyết định này thay thế Quyết định số Y".
    for marker in tb["self_marker"].finditer(text):
        m = tb["self"].match(text, marker.end())
        if m is None:
            continue
        pred = m.lastgroup
        s, e = sents.at(m.start())
        t = _next_item(items, leads, m.end(), e, slack=12)
        if t is not None and t.kind == "ref":
            found.append(Found(SELF, pred, t.key, marker.start(), text[marker.start():m.end()]))
    return _with_evidence(views, sents, found)


_SUBJECT_LEAD = re.compile(r"[\s,]*(?:ngày[^;,]{0,25}?\d{4})?[\s,]*")


def _skip_subject_lead(text: str, pos: int) -> int:
    """Where the words after a document's date and issuer begin ("về việc" included)."""
    return _SUBJECT_LEAD.match(text, pos).end()


def implements_next(text: str, pos: int, leads: list[int]) -> bool:
    """Whether a document whose date and issuer end at `pos` goes on with the document it implements
    ("... của Tỉnh ủy về thực hiện Nghị quyết ..."): the cue opens the document's own clause. `leads`
    are where the text's document references begin, sorted; "về thực hiện thủ tục hành chính" is a
    subject, not a clause.

    >>> t = "Chương trình số 56-CTr/TU của Tỉnh ủy về thực hiện Nghị quyết số 36-NQ/TW"
    >>> implements_next(t, 37, [0, t.index("Nghị quyết")])
    True
    >>> implements_next("Nghị định số 118/2025/NĐ-CP về thực hiện thủ tục hành chính", 27, [0])
    False
    """
    m = _IMPLEMENTS_AFTER.match(text, _skip_subject_lead(text, pos))
    if m is None:
        return False
    i = bisect.bisect_left(leads, m.end())
    return i < len(leads) and _FILLER.fullmatch(text, m.end(), leads[i]) is not None


def _items_in(text: str, items: list[Item], leads: list[int], start: int, end: int) -> list[Item]:
    """The item right after a cue, and those joined to it by "và" or a comma."""
    i = bisect.bisect_left(leads, start)
    out: list[Item] = []
    prev_end = start
    for it in items[i:]:
        if it.lead >= end:
            break
        if out and it.start < out[-1].tail_end:
            continue  # cited inside the previous one's subject
        between = text[prev_end:it.lead]
        if out and not _JOIN.fullmatch(between):
            break
        if not out and not _FILLER.fullmatch(between):
            break
        out.append(it)
        prev_end = max(it.end, it.tail_end)
    return out


def _with_evidence(views: TextViews, sents: Sentences, found: list[Found]) -> list[Relation]:
    out: dict[tuple[str, str, str], Relation] = {}
    for f in found:
        if f.s == f.o:
            continue
        key = (f.s, f.p, f.o)
        if key in out:
            continue
        s, e = sents.at(f.at)
        if not s <= f.at < e:
            s, e = f.at, f.at
        out[key] = Relation(f.s, f.p, f.o, views.mention(s, e), f.cue)
    return list(out.values())


def issued_by(views: TextViews, sents: Sentences, refs: list, self_issuer: str | None,
              self_at: int | None) -> list[Relation]:
    """`issuedBy` for every ref whose issuer is known, and for the document itself."""
    out = []
    for r in refs:
        if r.issuer and r.mentions:
            m = r.mentions[0]
            s, e = sents.at(m.start)
            out.append(Relation(r.key, "issuedBy", r.issuer, views.mention(s, e) if e > s else m, "của"))
    if self_issuer and self_at is not None:
        s, e = sents.at(self_at)
        out.append(Relation(SELF, "issuedBy", self_issuer, views.mention(s, e), "header"))
    return out


__all__ = ["Item", "Sentences", "find", "implements_next", "issued_by"]
