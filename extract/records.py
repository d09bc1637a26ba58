"""The records `extract` returns: plain frozen dataclasses, the contract with `kg`.

Every span is a `Mention` whose `start`/`end` index the text that `extract.read`
returned for the source, so ``text[m.start:m.end] == m.text`` always holds.
`Record.to_dict()` gives the JSON shape of ../shared/eval/SCHEMA.md plus our
extra keys (offsets, evidence, cues).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PREDICATES = ("basedOn", "approvedBy", "replaces", "amends", "repeals", "partOf", "issuedBy")
SELF = "SELF"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the source text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Another document the text cites, numbered (`number`) or by name (`name`)."""

    number: str | None
    kind: str | None
    date: str | None = None
    issuer: str | None = None
    name: str | None = None
    subject: str | None = None
    mentions: tuple[Mention, ...] = ()

    @property
    def key(self) -> str:
        """The key relations use: the canonical number, else the name."""
        return self.number or self.name or ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "date": self.date,
            "issuer": self.issuer,
            **({"name": self.name} if self.name else {}),
            **({"subject": self.subject} if self.subject else {}),
            "mentions": [m.to_dict() for m in self.mentions],
        }


@dataclass(frozen=True, slots=True)
class SelfInfo:
    """The document's own identity, as its header states it."""

    number: str | None = None
    kind: str | None = None
    date: str | None = None
    issuer: str | None = None
    province: str | None = None
    signer: str | None = None
    title: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "date": self.date,
            "issuer": self.issuer,
            "province": self.province,
            "signer": self.signer,
            "title": self.title,
        }


@dataclass(frozen=True, slots=True)
class Initiative:
    """A named undertaking: Dự án, Đề án, Chương trình, Quy hoạch, Kế hoạch, Chiến lược, Kiến trúc."""

    kind: str
    name: str
    mentions: tuple[Mention, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "name": self.name, "mentions": [m.to_dict() for m in self.mentions]}


@dataclass(frozen=True, slots=True)
class Agency:
    """An organisation, in the fullest form the text allows."""

    name: str
    mentions: tuple[Mention, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "mentions": [m.to_dict() for m in self.mentions]}


@dataclass(frozen=True, slots=True)
class Relation:
    """`s p o`, with the sentence that states it.

    `s` and `o` are keys: a ref's number or name, an initiative's name, an
    agency's name, or ``"SELF"``.
    """

    s: str
    p: str
    o: str
    evidence: Mention
    cue: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"s": self.s, "p": self.p, "o": self.o, "cue": self.cue,
                "evidence": self.evidence.to_dict()}


@dataclass(frozen=True, slots=True)
class Record:
    """Everything extracted from one source."""

    source: str
    sha256: str
    chars: int
    self: SelfInfo = field(default_factory=SelfInfo)
    province: str | None = None
    refs: tuple[DocumentRef, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    agencies: tuple[Agency, ...] = ()
    relations: tuple[Relation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "chars": self.chars,
            "province": self.province,
            "self": self.self.to_dict(),
            "refs": [r.to_dict() for r in self.refs],
            "initiatives": [i.to_dict() for i in self.initiatives],
            "agencies": [a.name for a in self.agencies],
            "agency_mentions": [a.to_dict() for a in self.agencies],
            "relations": [r.to_dict() for r in self.relations],
        }
