"""Document numbers: find them in text and split them into their parts.

Three numbering systems meet in Vietnamese texts:

>>> [parse(n).kind for n in ("43/2011/NĐ-CP", "917/QĐ-UBND", "36-NQ/TW", "1913/UBND-VX", "80/2015/QH13")]
['Nghị định', 'Quyết định', 'Nghị quyết', 'Công văn', 'Luật']
>>> canonical("44 /2005/QĐ-UBND.")
'44/2005/QĐ-UBND'
>>> p = parse("183/2010/TTLT-BTC-BNN"); (p.year, p.type_code, p.issuer_codes)
(2010, 'TTLT', ('BTC', 'BNN'))

`NUMBER_RE` and `STANDARD_RE` have no leading lookbehind (it would slow the
scan); callers check `number_start` on each match.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .tables.doc_types import TYPE_CODES

# At most one line break inside a number: "71/NQ -CP", "1132/QĐ-\nTTg".
_WS = r"[ \t]*(?:\n[ \t]*)?"
_CODE = r"[A-ZĐ][A-Za-zĐđ&]{0,9}[0-9]{0,2}"
NUMBER_RE = re.compile(
    rf"(?P<num>\d{{1,6}}(?:\.\d{{1,3}})?[a-zđ]?)"
    rf"(?:"
    rf"{_WS}[-–]{_WS}(?P<pcode>[A-ZĐ][A-Za-zĐđ]{{0,5}}){_WS}/{_WS}(?P<porg>[A-ZĐ][A-ZĐ0-9]{{0,11}})"
    rf"|{_WS}/{_WS}(?:(?P<year>(?:19|20)\d\d){_WS}/{_WS})?"
    rf"(?P<codes>{_CODE}(?:{_WS}[-–]{_WS}{_CODE}|\.(?=[A-ZĐ]){_CODE}){{0,4}})"
    rf")"
    rf"(?![\w/])"
)
STANDARD_RE = re.compile(r"(?P<prefix>TCVN|QCVN)[ \t]*(?P<body>\d+(?:[-.]\d+)*(?::\d{4})?(?:/[A-ZĐ]+)?)")


def number_start(text: str, pos: int) -> bool:
    """Whether a number may start at `pos`: not inside a word, a path or another number."""
    return pos == 0 or not (text[pos - 1].isalnum() or text[pos - 1] in "_/.-–:")


@dataclass(frozen=True, slots=True)
class NumberParts:
    """The parts of a canonical document number."""

    number: str
    year: int | None
    type_code: str | None
    issuer_codes: tuple[str, ...]
    party: bool
    kind: str | None


@lru_cache(maxsize=1)
def _type_codes() -> dict[str, str]:
    return {code.upper().replace("Đ", "D"): kind for code, kind, _ in TYPE_CODES}


def code_kind(code: str) -> str | None:
    """The kind a type code names: ``QĐ`` → Quyết định; ``QH13`` → Luật."""
    key = code.upper().replace("Đ", "D")
    if re.fullmatch(r"QH\d*", key):
        return "Luật"
    return _type_codes().get(key)


@lru_cache(maxsize=65536)
def canonical(raw: str) -> str:
    """NFC-safe canonical form: no spaces, ``Đ`` not ``Ð``, no trailing punctuation."""
    n = re.sub(r"\s+", "", raw.replace("Ð", "Đ").replace("ð", "đ"))
    n = re.sub(r"^(?:[Ss]ố|SỐ|[Ss]o):?", "", n)
    return n.strip(".,;:)(")


@lru_cache(maxsize=65536)
def parse(number: str) -> NumberParts:
    """Split a canonical number into year, type code and issuer codes."""
    m = NUMBER_RE.fullmatch(number)
    if m is None:
        return NumberParts(number, None, None, (), False, None)
    if m.group("pcode"):
        code = m.group("pcode")
        return NumberParts(number, None, code, (m.group("porg"),), True, code_kind(code))
    year = int(m.group("year")) if m.group("year") else None
    codes = tuple(c for c in re.split(r"[-–.]", m.group("codes")) if c)
    first = codes[0]
    kind = code_kind(first)
    if kind == "Luật":  # 80/2015/QH13: the code names the issuer, the kind follows
        return NumberParts(number, year, None, codes, False, kind)
    if kind is not None and len(codes) > 1:
        return NumberParts(number, year, first, codes[1:], False, kind)
    if kind is not None and len(codes) == 1:
        return NumberParts(number, year, first, (), False, kind)
    # 1913/UBND-VX: no type code, an official letter
    return NumberParts(number, year, None, codes, False, "Công văn")
