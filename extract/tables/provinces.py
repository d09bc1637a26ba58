"""Provinces and centrally-run cities, before and after the 2025 merger.

`PROVINCES_2008` holds the 63 units in force from 2008-08-01 (Hà Tây joined Hà
Nội that day) to 2025-06-30; `PROVINCES_2025` the 34 units in force from
2025-07-01 (Nghị quyết 202/2025/QH15). Each 2008 row names the 2025 unit it was
merged into; each 2025 row lists the 2008 units it absorbed, itself included
where it kept its name. `tests/test_tables.py` walks every row and checks the
two tables agree.

>>> p = find_province("TP. HỒ CHÍ MINH")
>>> province_full_name(p), p.merged_into
('thành phố Hồ Chí Minh', 'Hồ Chí Minh')
>>> province_full_name(find_province("tinh quang ninh"))
'tỉnh Quảng Ninh'
>>> successor(find_province("Bình Dương")).absorbed
('Hồ Chí Minh', 'Bình Dương', 'Bà Rịa - Vũng Tàu')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.normalize import squash


@dataclass(frozen=True, slots=True)
class Province:
    """A province ("tỉnh") or centrally-run city ("thành phố").

    `name` is written as it follows the kind word ("tỉnh Quảng Ninh" → "Quảng
    Ninh"), with new tone placement. `aliases` are other spellings seen in
    documents; tone placement, case and punctuation need not be listed, since
    matching folds them away.
    """

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    merged_into: str | None = None   # 2008 rows: the 2025 unit it became part of
    absorbed: tuple[str, ...] = ()   # 2025 rows: the 2008 units it is made of


_HANOI = ("Thủ đô Hà Nội",)
_HCM = ("TP.HCM", "TP HCM", "TPHCM", "HCM", "TP. Hồ Chí Minh", "TP Hồ Chí Minh",
        "Thành phố Hồ Chí Minh")
_DAKLAK = ("Đắc Lắc", "Đắc Lắk", "Daklak", "Dak Lak", "Đắklắk")

# In the order of the statistical unit codes (Hà Nội 01 … Cà Mau 96).
PROVINCES_2008: tuple[Province, ...] = (
    Province("Hà Nội", "thành phố", _HANOI, merged_into="Hà Nội"),
    Province("Hà Giang", "tỉnh", merged_into="Tuyên Quang"),
    Province("Cao Bằng", "tỉnh", merged_into="Cao Bằng"),
    Province("Bắc Kạn", "tỉnh", ("Bắc Cạn",), merged_into="Thái Nguyên"),
    Province("Tuyên Quang", "tỉnh", merged_into="Tuyên Quang"),
    Province("Lào Cai", "tỉnh", merged_into="Lào Cai"),
    Province("Điện Biên", "tỉnh", merged_into="Điện Biên"),
    Province("Lai Châu", "tỉnh", merged_into="Lai Châu"),
    Province("Sơn La", "tỉnh", merged_into="Sơn La"),
    Province("Yên Bái", "tỉnh", merged_into="Lào Cai"),
    Province("Hòa Bình", "tỉnh", merged_into="Phú Thọ"),
    Province("Thái Nguyên", "tỉnh", merged_into="Thái Nguyên"),
    Province("Lạng Sơn", "tỉnh", merged_into="Lạng Sơn"),
    Province("Quảng Ninh", "tỉnh", merged_into="Quảng Ninh"),
    Province("Bắc Giang", "tỉnh", merged_into="Bắc Ninh"),
    Province("Phú Thọ", "tỉnh", merged_into="Phú Thọ"),
    Province("Vĩnh Phúc", "tỉnh", merged_into="Phú Thọ"),
    Province("Bắc Ninh", "tỉnh", merged_into="Bắc Ninh"),
    Province("Hải Dương", "tỉnh", merged_into="Hải Phòng"),
    Province("Hải Phòng", "thành phố", merged_into="Hải Phòng"),
    Province("Hưng Yên", "tỉnh", merged_into="Hưng Yên"),
    Province("Thái Bình", "tỉnh", merged_into="Hưng Yên"),
    Province("Hà Nam", "tỉnh", merged_into="Ninh Bình"),
    Province("Nam Định", "tỉnh", merged_into="Ninh Bình"),
    Province("Ninh Bình", "tỉnh", merged_into="Ninh Bình"),
    Province("Thanh Hóa", "tỉnh", merged_into="Thanh Hóa"),
    Province("Nghệ An", "tỉnh", merged_into="Nghệ An"),
    Province("Hà Tĩnh", "tỉnh", merged_into="Hà Tĩnh"),
    Province("Quảng Bình", "tỉnh", merged_into="Quảng Trị"),
    Province("Quảng Trị", "tỉnh", merged_into="Quảng Trị"),
    # A tỉnh until 2024-12-31, then the centrally-run city "Huế" (Nghị quyết
    # 1314/NQ-UBTVQH15); documents of 2025-01 … 06 already say "thành phố Huế".
    Province("Thừa Thiên Huế", "tỉnh", ("Thừa Thiên - Huế", "TT-Huế", "Huế"), merged_into="Huế"),
    Province("Đà Nẵng", "thành phố", merged_into="Đà Nẵng"),
    Province("Quảng Nam", "tỉnh", merged_into="Đà Nẵng"),
    Province("Quảng Ngãi", "tỉnh", merged_into="Quảng Ngãi"),
    Province("Bình Định", "tỉnh", merged_into="Gia Lai"),
    Province("Phú Yên", "tỉnh", merged_into="Đắk Lắk"),
    Province("Khánh Hòa", "tỉnh", merged_into="Khánh Hòa"),
    Province("Ninh Thuận", "tỉnh", merged_into="Khánh Hòa"),
    Province("Bình Thuận", "tỉnh", merged_into="Lâm Đồng"),
    Province("Kon Tum", "tỉnh", ("Kontum",), merged_into="Quảng Ngãi"),
    Province("Gia Lai", "tỉnh", merged_into="Gia Lai"),
    Province("Đắk Lắk", "tỉnh", _DAKLAK, merged_into="Đắk Lắk"),
    Province("Đắk Nông", "tỉnh", ("Đắc Nông", "Daknong", "Dak Nong"), merged_into="Lâm Đồng"),
    Province("Lâm Đồng", "tỉnh", merged_into="Lâm Đồng"),
    Province("Bình Phước", "tỉnh", merged_into="Đồng Nai"),
    Province("Tây Ninh", "tỉnh", merged_into="Tây Ninh"),
    Province("Bình Dương", "tỉnh", merged_into="Hồ Chí Minh"),
    Province("Đồng Nai", "tỉnh", merged_into="Đồng Nai"),
    Province("Bà Rịa - Vũng Tàu", "tỉnh", ("Bà Rịa-Vũng Tàu", "BR-VT", "BRVT"),
             merged_into="Hồ Chí Minh"),
    Province("Hồ Chí Minh", "thành phố", _HCM, merged_into="Hồ Chí Minh"),
    Province("Long An", "tỉnh", merged_into="Tây Ninh"),
    Province("Tiền Giang", "tỉnh", merged_into="Đồng Tháp"),
    Province("Bến Tre", "tỉnh", merged_into="Vĩnh Long"),
    Province("Trà Vinh", "tỉnh", merged_into="Vĩnh Long"),
    Province("Vĩnh Long", "tỉnh", merged_into="Vĩnh Long"),
    Province("Đồng Tháp", "tỉnh", merged_into="Đồng Tháp"),
    Province("An Giang", "tỉnh", merged_into="An Giang"),
    Province("Kiên Giang", "tỉnh", merged_into="An Giang"),
    Province("Cần Thơ", "thành phố", merged_into="Cần Thơ"),
    Province("Hậu Giang", "tỉnh", merged_into="Cần Thơ"),
    Province("Sóc Trăng", "tỉnh", merged_into="Cần Thơ"),
    Province("Bạc Liêu", "tỉnh", merged_into="Cà Mau"),
    Province("Cà Mau", "tỉnh", merged_into="Cà Mau"),
)

# Nghị quyết 202/2025/QH15, in force 2025-07-01: 28 tỉnh and 6 thành phố, in the
# resolution's order. The unit keeping its name comes first in `absorbed`.
PROVINCES_2025: tuple[Province, ...] = (
    Province("Tuyên Quang", "tỉnh", absorbed=("Tuyên Quang", "Hà Giang")),
    Province("Cao Bằng", "tỉnh", absorbed=("Cao Bằng",)),
    Province("Lai Châu", "tỉnh", absorbed=("Lai Châu",)),
    Province("Lào Cai", "tỉnh", absorbed=("Lào Cai", "Yên Bái")),
    Province("Thái Nguyên", "tỉnh", absorbed=("Thái Nguyên", "Bắc Kạn")),
    Province("Điện Biên", "tỉnh", absorbed=("Điện Biên",)),
    Province("Lạng Sơn", "tỉnh", absorbed=("Lạng Sơn",)),
    Province("Sơn La", "tỉnh", absorbed=("Sơn La",)),
    Province("Phú Thọ", "tỉnh", absorbed=("Phú Thọ", "Vĩnh Phúc", "Hòa Bình")),
    Province("Bắc Ninh", "tỉnh", absorbed=("Bắc Ninh", "Bắc Giang")),
    Province("Quảng Ninh", "tỉnh", absorbed=("Quảng Ninh",)),
    Province("Hà Nội", "thành phố", _HANOI, absorbed=("Hà Nội",)),
    Province("Hải Phòng", "thành phố", absorbed=("Hải Phòng", "Hải Dương")),
    Province("Hưng Yên", "tỉnh", absorbed=("Hưng Yên", "Thái Bình")),
    Province("Ninh Bình", "tỉnh", absorbed=("Ninh Bình", "Hà Nam", "Nam Định")),
    Province("Thanh Hóa", "tỉnh", absorbed=("Thanh Hóa",)),
    Province("Nghệ An", "tỉnh", absorbed=("Nghệ An",)),
    Province("Hà Tĩnh", "tỉnh", absorbed=("Hà Tĩnh",)),
    Province("Quảng Trị", "tỉnh", absorbed=("Quảng Trị", "Quảng Bình")),
    Province("Huế", "thành phố", absorbed=("Thừa Thiên Huế",)),
    Province("Đà Nẵng", "thành phố", absorbed=("Đà Nẵng", "Quảng Nam")),
    Province("Quảng Ngãi", "tỉnh", absorbed=("Quảng Ngãi", "Kon Tum")),
    Province("Gia Lai", "tỉnh", absorbed=("Gia Lai", "Bình Định")),
    Province("Khánh Hòa", "tỉnh", absorbed=("Khánh Hòa", "Ninh Thuận")),
    Province("Lâm Đồng", "tỉnh", absorbed=("Lâm Đồng", "Đắk Nông", "Bình Thuận")),
    Province("Đắk Lắk", "tỉnh", _DAKLAK, absorbed=("Đắk Lắk", "Phú Yên")),
    Province("Hồ Chí Minh", "thành phố", _HCM,
             absorbed=("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu")),
    Province("Đồng Nai", "tỉnh", absorbed=("Đồng Nai", "Bình Phước")),
    Province("Tây Ninh", "tỉnh", absorbed=("Tây Ninh", "Long An")),
    Province("Cần Thơ", "thành phố", absorbed=("Cần Thơ", "Sóc Trăng", "Hậu Giang")),
    Province("Vĩnh Long", "tỉnh", absorbed=("Vĩnh Long", "Bến Tre", "Trà Vinh")),
    Province("Đồng Tháp", "tỉnh", absorbed=("Đồng Tháp", "Tiền Giang")),
    Province("Cà Mau", "tỉnh", absorbed=("Cà Mau", "Bạc Liêu")),
    Province("An Giang", "tỉnh", absorbed=("An Giang", "Kiên Giang")),
)

_TABLES = {2008: PROVINCES_2008, 2025: PROVINCES_2025}
# The kind word in front of a name: "tỉnh", "thành phố", "TP.", "T.P", "Thủ đô".
_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp|t p|thu do)\s+")


def _key(text: str) -> str:
    return _PREFIX.sub("", squash(text))


@lru_cache(maxsize=None)
def _index(era: int) -> dict[str, Province]:
    return {_key(n): p for p in _TABLES[era] for n in (p.name, *p.aliases)}


def find_province(name: str, *, era: int = 2008) -> Province | None:
    """The province `name` names, ignoring case, accents and a leading kind word.

    `era` picks the table: 2008 (the 63 units, the default) or 2025 (the 34).

    >>> find_province("UBND") is None
    True
    >>> find_province("Thành phố Huế").name, find_province("Huế", era=2025).name
    ('Thừa Thiên Huế', 'Huế')
    >>> find_province("TỈNH DAK LAK").name
    'Đắk Lắk'
    """
    if era not in _TABLES:
        raise ValueError(f"era must be 2008 or 2025, not {era!r}")
    return _index(era).get(_key(name))


def province_full_name(p: Province) -> str:
    """The name with its kind word, as agencies are named after it.

    >>> province_full_name(find_province("Hà Nội"))
    'thành phố Hà Nội'
    """
    return f"{p.kind} {p.name}"


def successor(p: Province) -> Province:
    """The 2025 unit a 2008 province became part of (a 2025 unit is its own).

    >>> successor(find_province("Kon Tum")).name
    'Quảng Ngãi'
    """
    if p.merged_into is None:
        return p
    return _index(2025)[_key(p.merged_into)]
