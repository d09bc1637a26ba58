"""The document's own identity from its header block: number, kind, place and
date line, issuer, province, signer, title.

    ỦY BAN NHÂN DÂN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    TỈNH BẮC NINH                Độc lập - Tự do - Hạnh phúc
    Số: 14/2011/QĐ-UBND          Bắc Ninh, ngày 30 tháng 01 năm 2011
                    QUYẾT ĐỊNH
    Về việc phê duyệt Kế hoạch ...
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import agencies
from .context import TextViews
from .dates import DATE_RE, iso
from .normalize import fold, squash
from .numbers import NUMBER_RE, canonical, parse
from .tables.doc_types import TITLE_KINDS

_HEADER_SPAN = 2500
_NUMBER_LINE = re.compile(r"(?<!\w)(?:Số|SỐ|số)\s*:\s*")
_PLACE_DATE = re.compile(r"(?P<place>[A-ZĐ][^\n,;:|]{1,40}?)\s*,\s*(?=ngày)", re.IGNORECASE)
_ISSUER_STOP = re.compile(r"CỘNG\s+H[OÒ]A|Số\s*:|Độc lập|-{3,}|_{3,}", re.IGNORECASE)
_SIGN_TITLES = re.compile(
    r"^(?:KT\.|TM\.|Q\.|TL\.|TUQ\.)?\s*(?:CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|BỘ TRƯỞNG|THỨ TRƯỞNG|"
    r"THỦ TƯỚNG|PHÓ THỦ TƯỚNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|BÍ THƯ|PHÓ BÍ THƯ|"
    r"TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|CHÁNH THANH TRA|T/M|TM)\b",
    re.MULTILINE,
)
_PERSON = re.compile(r"^[ \t*]*(?P<name>(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+)(?:[ \t]+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4})[ \t*]*$",
                     re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Header:
    """What the header says, with where it says it."""

    number: str | None = None
    kind: str | None = None
    date: str | None = None
    place: str | None = None
    issuer: str | None = None
    province: str | None = None
    signer: str | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    body_start: int = 0


def _title_kind(views: TextViews, start: int, end: int) -> tuple[str | None, tuple[int, int] | None]:
    """The first all-capitals kind line ("QUYẾT ĐỊNH", "KẾ HOẠCH") and the title after it."""
    kinds = sorted(TITLE_KINDS, key=len, reverse=True)
    alt = "|".join(re.escape(k.upper()).replace(r"\ ", r"\s+") for k in kinds)
    m = re.compile(rf"(?:^|\n)[ \t]*(?P<k>{alt})[ \t]*(?=\n|$)").search(views.match, start, end)
    if m is None:
        return None, None
    kind = next(k for k in kinds if fold(k) == re.sub(r"\s+", " ", fold(m.group("k"))))
    # the title: following non-blank lines up to a blank line or a formula line
    t0 = m.end()
    rest = views.match[t0:min(len(views.match), t0 + 600)]
    stop = re.search(r"\n[ \t]*\n(?![ \t]*[A-ZĐÀ-Ỹ ,\-–0-9]{8,}\n)|\n[ \t]*(?:Căn cứ|_{3,}|-{3,})|[A-ZĐÀ-Ỹ ]+ (?:TỈNH|THÀNH PHỐ)[A-ZĐÀ-Ỹ ]*\n\s*\n",
                     rest)
    t1 = t0 + (stop.start() if stop else len(rest))
    while t0 < t1 and views.match[t0].isspace():
        t0 += 1
    return kind, (t0, t1) if t1 > t0 else None


def read(views: TextViews) -> Header:
    """Read the header block of `views`; fields the text does not state stay None."""
    text = views.match
    head_end = min(len(text), _HEADER_SPAN)
    number = None
    nm = _NUMBER_LINE.search(text, 0, head_end)
    number_at = None
    if nm:
        m = NUMBER_RE.match(text, nm.end())
        if m:
            number = canonical(text[m.start():m.end()])
            number_at = nm.start()
    date = place = None
    dm = None
    for dm in DATE_RE.finditer(text, 0, head_end):
        pm = _PLACE_DATE.search(text, max(0, dm.start() - 45), dm.start() + 1)
        if pm and pm.end() == dm.start() or number_at is not None and dm.start() - number_at < 200:
            date = iso(dm)
            if pm and pm.end() == dm.start():
                place = re.sub(r"[\s*|]+", " ", pm.group("place")).strip()
            break
    else:
        dm = None
    kind, title_span = _title_kind(views, 0, head_end)
    if kind is None and number:
        kind = parse(number).kind if parse(number).kind != "Công văn" or "/" in number else None
    issuer, province = agencies.header_issuer(views, 0, number_at if number_at is not None else head_end)
    if province is None and place:
        province = agencies.province_name(place)
    title = None
    if title_span:
        title = re.sub(r"\s+", " ", views.text[title_span[0]:title_span[1]]).strip() or None
    body_start = title_span[1] if title_span else (dm.end() if dm else 0)
    return Header(number, kind if (number or title_span) else None, date, place, issuer, province,
                  _signer(views), title, title_span, body_start)


def _signer(views: TextViews) -> str | None:
    """The person's name under the signature block near the end."""
    text = views.match
    tail_start = max(0, len(text) - 3000)
    last = None
    for m in _SIGN_TITLES.finditer(text, tail_start):
        last = m
    if last is None:
        return None
    for p in _PERSON.finditer(text, last.end(), min(len(text), last.end() + 300)):
        name = p.group("name").strip()
        if squash(name).split()[0] not in {"noi", "kt", "tm", "chu", "giam", "pho", "uy", "so"}:
            return name
    return None
