"""Very long texts in pieces: bounded memory, records merged as if whole.

A 50 MB text is ~10 million tokens: one spaCy Doc of it would take gigabytes.
`split` cuts at paragraph breaks into pieces of about `CHUNK_CHARS`; each piece
is extracted with the header and province of the first, and `merge` shifts
every offset back into the whole text and joins the pieces' records.

>>> split("a\\n\\nb\\n\\nc", size=3)
[(0, 3), (3, 6), (6, 7)]
"""
from __future__ import annotations

from dataclasses import replace

from .records import Agency, DocumentRef, Initiative, Mention, Record, Relation

CHUNK_CHARS = 1_000_000


def split(text: str, *, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces covering `text`, cut after a blank line, a line end or a space."""
    spans = []
    start = 0
    n = len(text)
    while n - start > size:
        window_end = start + size
        cut = -1
        for sep in ("\n\n", "\n", " "):
            i = text.rfind(sep, start + size // 2, window_end)
            if i != -1:
                cut = i + len(sep)
                break
        if cut == -1:
            cut = window_end
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


def _m(m: Mention, offset: int) -> Mention:
    return Mention(m.start + offset, m.end + offset, m.text)


def shift(record: Record, offset: int) -> Record:
    """The same record with every offset moved by `offset`."""
    if offset == 0:
        return record
    return replace(
        record,
        refs=tuple(replace(r, mentions=tuple(_m(m, offset) for m in r.mentions)) for r in record.refs),
        initiatives=tuple(replace(i, mentions=tuple(_m(m, offset) for m in i.mentions)) for i in record.initiatives),
        agencies=tuple(replace(a, mentions=tuple(_m(m, offset) for m in a.mentions)) for a in record.agencies),
        relations=tuple(replace(r, evidence=_m(r.evidence, offset)) for r in record.relations),
    )


def merge(first: Record, rest: list[Record], *, sha256: str, chars: int) -> Record:
    """One record from the pieces' records (already shifted), in text order."""
    refs: dict[str, DocumentRef] = {}
    inits: dict[str, Initiative] = {}
    agencies: dict[str, Agency] = {}
    rels: dict[tuple[str, str, str], Relation] = {}
    for rec in [first, *rest]:
        for r in rec.refs:
            old = refs.get(r.key)
            refs[r.key] = r if old is None else replace(
                old, kind=old.kind or r.kind, date=old.date or r.date, issuer=old.issuer or r.issuer,
                subject=old.subject or r.subject, mentions=old.mentions + r.mentions)
        for i in rec.initiatives:
            old_i = inits.get(i.name)
            inits[i.name] = i if old_i is None else replace(old_i, mentions=old_i.mentions + i.mentions)
        for a in rec.agencies:
            old_a = agencies.get(a.name)
            agencies[a.name] = a if old_a is None else replace(old_a, mentions=old_a.mentions + a.mentions)
        for rel in rec.relations:
            rels.setdefault((rel.s, rel.p, rel.o), rel)
    return replace(first, sha256=sha256, chars=chars, refs=tuple(refs.values()),
                   initiatives=tuple(inits.values()), agencies=tuple(agencies.values()),
                   relations=tuple(rels.values()))
