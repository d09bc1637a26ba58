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
