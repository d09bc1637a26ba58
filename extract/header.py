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
from functools import lru_cache

from . import names
from .context import TextViews
from .dates import DATE_RE, iso
from .normalize import fold, squash, vi_re
from .numbers import NUMBER_RE, canonical, parse
from .tables.doc_types import TITLE_KINDS

_HEADER_SPAN = 2500
# The document's own number opens its line ("Số: 917/QĐ-UBND"); "Công văn số: 1913/..." in
# running text is a reference.
_NUMBER_LINE = re.compile(r"(?m)^[ \t]*(?:Số|SỐ|số)[ \t]*:\s*")
_PLACE_DATE = re.compile(r"(?P<place>[A-ZĐ][^\n,;:|]{1,40}?)\s*,\s*(?=ngày)", re.IGNORECASE)
_ISSUER_STOP = re.compile(r"CỘNG\s+H[OÒ]A|Số\s*:|Độc lập|-{3,}|_{3,}", re.IGNORECASE)
_SIGN_TITLES = re.compile(
    r"^(?:KT\.|TM\.|Q\.|TL\.|TUQ\.)?\s*(?:CHỦ TỊCH|PHÓ CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC|BỘ TRƯỞNG|THỨ TRƯỞNG|"
    r"THỦ TƯỚNG|PHÓ THỦ TƯỚNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|BÍ THƯ|PHÓ BÍ THƯ|"
    r"TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|CHÁNH THANH TRA|T/M|TM)\b",
    re.MULTILINE,
)
_PERSON = vi_re(r"^[ \t*]*(?P<name>(?:[{U}][{L}]+)(?:[ \t]+[{U}][{L}]+){1,4})[ \t*]*$",
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
    kind_line: int | None = None   # where the "KẾ HOẠCH"/"QUYẾT ĐỊNH" line starts


@lru_cache(maxsize=1)
def _title_res() -> tuple[list[str], re.Pattern[str], re.Pattern[str]]:
    kinds = sorted(TITLE_KINDS, key=len, reverse=True)
    alt = "|".join(re.escape(k.upper()).replace(r"\ ", r"\s+") for k in kinds)
    kind_line = vi_re(r"(?:^|\n)[ \t]*(?P<k>" + alt + r")(?=[ \t]*\n|[ \t]*$|[ \t]+[{U} ,\-–0-9]+\n)")
    stop = vi_re(r"\n[ \t]*\n(?![ \t]*[{U}][{U} ,\-–0-9/.:]{7,}\n)|\n[ \t]*(?:Căn cứ|Thực hiện|Triển khai|Để|Nhằm|[IVX]+\.|\d\."
                 r"|_{3,}|-{3,}|(?:ỦY BAN|HỘI ĐỒNG|CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|BAN THƯỜNG VỤ)[{U} ]*\n)")
    return kinds, kind_line, stop


def _title_kind(views: TextViews, start: int, end: int) -> tuple[str | None, tuple[int, int] | None, int | None]:
    """The first all-capitals kind line ("QUYẾT ĐỊNH", "KẾ HOẠCH") and the title after it."""
    kinds, kind_line, title_stop = _title_res()
    m = kind_line.search(views.match, start, end)
    if m is None:
        return None, None, None
    kind = next(k for k in kinds if fold(k) == " ".join(fold(m.group("k")).split()))
    # the title: following non-blank lines up to a blank line or a formula line
    t0 = m.end()
    rest = views.match[t0:min(len(views.match), t0 + 600)]
    stop = title_stop.search(rest)
    t1 = t0 + (stop.start() if stop else len(rest))
    while t0 < t1 and views.match[t0].isspace():
        t0 += 1
    return kind, ((t0, t1) if t1 > t0 else None), m.start("k")


_LEADING_CAPS = vi_re(r"\s*(?:[{U}][{U} ,\-–&]*\n[ \t]*)+")
_ANCHOR = re.compile(r"(?i:cộng)\s+(?i:hòa)\s+(?i:xã)\s+(?i:hội)\s+(?i:chủ)\s+(?i:nghĩa)")
_WEB_DATE = re.compile(
    r"(?:Ngày đăng(?: bài)?|Ngày cập nhật|Cập nhật|Đăng ngày|Ngày ban hành|(?:Thứ (?:hai|ba|tư|năm|sáu|bảy)|Chủ nhật))"
    r"\s*[:,]?\s*(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})", re.IGNORECASE)


def _issuer_lines(views: TextViews, anchor: int) -> tuple[int, int]:
    """The all-capitals lines just before the national motto: the issuing body."""
    text = views.match
    lines = text[max(0, anchor - 400):anchor].split("\n")
    end = anchor
    start = anchor
    pos = anchor
    for line in reversed(lines):
        pos -= len(line) + 1
        stripped = line.strip(" -_=|\t")
        letters = [c for c in stripped if c.isalpha()]
        if not letters:
            continue
        if sum(c.isupper() for c in letters) / len(letters) < 0.8:
            break
        start = pos + 1
    return start, end


def read(views: TextViews) -> Header:
    """Read the header block of `views`; fields the text does not state stay None."""
    text = views.match
    anchor_m = _ANCHOR.search(text, 0, 8000)
    anchor = anchor_m.start() if anchor_m else None
    lo = max(0, anchor - 700) if anchor is not None else 0
    hi = min(len(text), (anchor if anchor is not None else 0) + _HEADER_SPAN)
    number = None
    number_at = None
    nm = _NUMBER_LINE.search(text, lo, hi)
    if nm:
        m = NUMBER_RE.match(text, nm.end())
        if m:
            number = canonical(text[m.start():m.end()])
            number_at = nm.start()
    date = place = None
    date_end = None
    for dm in DATE_RE.finditer(text, lo, hi):
        pm = _PLACE_DATE.search(text, max(0, dm.start() - 45), dm.start() + 4)
        if pm is not None and pm.end() == dm.start():
            date, date_end = iso(dm), dm.end()
            place = re.sub(r"[\s*|]+", " ", pm.group("place")).strip()
            break
        if number_at is not None and 0 <= dm.start() - number_at < 200:
            date, date_end = iso(dm), dm.end()
            break
    if date is None:
        w = _WEB_DATE.search(text, 0, min(len(text), 3000))
        if w and 1 <= int(w.group("m")) <= 12 and 1 <= int(w.group("d")) <= 31:
            date = f"{int(w.group('y')):04d}-{int(w.group('m')):02d}-{int(w.group('d')):02d}"
    kind, title_span, kind_line = _title_kind(views, lo, hi)
    if kind is None and number:
        parsed = parse(number).kind
        kind = parsed if parsed != "Công văn" else None
    if anchor is not None:
        s, e = _issuer_lines(views, anchor)
        issuer, province = names.header_issuer(views, s, e)
    else:  # no national motto: the issuer block, if any, is the all-capitals lines the text opens with
        lead = _LEADING_CAPS.match(text)
        issuer, province = names.header_issuer(views, 0, lead.end()) if lead else (None, None)
    if issuer is None and anchor is not None:
        issuer, province = names.header_issuer(views, anchor, anchor)
    if province is None and place and not names.is_central(issuer):
        province = names.province_name(place)
    title = None
    if title_span:
        title = re.sub(r"\s+", " ", views.text[title_span[0]:title_span[1]]).strip() or None
    body_start = title_span[1] if title_span else (date_end or 0)
    return Header(number, kind, date, place, issuer, province, _signer(views), title, title_span, body_start,
                  kind_line)


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
