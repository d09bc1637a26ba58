"""Dates as Vietnamese texts write them, to ISO ``YYYY-MM-DD``.

>>> [iso(m) for m in DATE_RE.finditer("ngày 10/4/2013, ngày 10 tháng 4 năm 2013 và ngày 29.10.2010")]
['2013-04-10', '2013-04-10', '2010-10-29']
"""
from __future__ import annotations

import re

DATE_RE = re.compile(
    r"(?<!\w)ng[àa]y\s*(?P<d>\d{1,2})\s*"
    r"(?:th[áa]ng\s*(?P<m1>\d{1,2})\s*n[ăa]m\s*(?P<y1>\d{4})"
    r"|[/.\-]\s*(?P<m2>\d{1,2})\s*[/.\-]\s*(?P<y2>\d{4}))",
    re.IGNORECASE,
)


def iso(m: re.Match[str]) -> str | None:
    """The ISO date of a `DATE_RE` match, or None when it is not a real date."""
    day = int(m.group("d"))
    month = int(m.group("m1") or m.group("m2"))
    year = int(m.group("y1") or m.group("y2"))
    if not (1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


_YEAR = r"((?:19|20)\d\d)"
_SPAN = re.compile(rf"(?:giai\s+đoạn|thời\s+kỳ|từ(?:\s+năm)?|năm)?\s*{_YEAR}\s*(?:[-–—]|đến(?:\s+năm)?)\s*{_YEAR}", re.I)
_UNTIL = re.compile(rf"(?<!tầm nhìn )(?<!định hướng )(?:đến|tới)\s+năm\s+{_YEAR}", re.I)
_SINGLE = re.compile(rf"(?:năm|giai\s+đoạn)\s+{_YEAR}(?!\s*[-–—\d])", re.I)
_VISION = re.compile(r",?\s*(?:tầm nhìn|định hướng)\b.*$", re.I | re.S)


def period(name: str) -> tuple[int | None, int | None]:
    """The years an initiative's name says it runs: (start, end), either may be None.

    >>> period("Chương trình viễn thông công ích giai đoạn 2011 - 2015")
    (2011, 2015)
    >>> period("Quy hoạch phát triển ứng dụng công nghệ thông tin tỉnh Quảng Ninh đến năm 2020, tầm nhìn đến năm 2030")
    (None, 2020)
    >>> period("Kế hoạch ứng dụng công nghệ thông tin năm 2014")
    (2014, 2014)
    >>> period("Đề án Chính quyền điện tử")
    (None, None)
    """
    text = _VISION.sub("", name)  # "tầm nhìn đến năm 2030" is a horizon, not the period
    m = _SPAN.search(text)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        return (a, b) if a <= b else (None, None)
    m = _UNTIL.search(text)
    if m:
        return None, int(m.group(1))
    m = _SINGLE.search(text)
    if m:
        y = int(m.group(1))
        return y, y
    return None, None
