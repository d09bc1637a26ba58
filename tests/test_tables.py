"""Every row of the province and agency tables, walked."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from extract.numbers import parse
from extract.tables import agencies as A
from extract.tables.provinces import (
    PROVINCES_2008, PROVINCES_2025, find_province, province_full_name, successor,
)


def strip_accents(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def spellings(name: str) -> list[str]:
    """A name as documents and users write it: plain, upper case, unaccented, prefixed
    with a kind word unless it has one ("TP.HCM", "Thủ đô Hà Nội")."""
    plain = [name, name.upper(), strip_accents(name), strip_accents(name).upper()]
    if re.match(r"(?i)(tp\b|thành phố|thủ đô)", name):
        return plain
    return plain + [f"tỉnh {name}", f"TP. {name}", f"Thành phố {name}",
                    f"TỈNH {strip_accents(name)}"]


# -- provinces ----------------------------------------------------------------

def test_counts():
    assert len(PROVINCES_2008) == 63
    assert len(PROVINCES_2025) == 34
    kinds = Counter(p.kind for p in PROVINCES_2025)
    assert kinds == {"tỉnh": 28, "thành phố": 6}
    assert {p.name for p in PROVINCES_2008 if p.kind == "thành phố"} == {
        "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}
    assert {p.name for p in PROVINCES_2025 if p.kind == "thành phố"} == {
        "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}


@pytest.mark.parametrize("table", [PROVINCES_2008, PROVINCES_2025], ids=["2008", "2025"])
def test_names_unique(table):
    assert len({p.name for p in table}) == len(table)


@pytest.mark.parametrize("p", PROVINCES_2008, ids=lambda p: p.name)
def test_2008_found_by_name_and_aliases(p):
    for written in (p.name, *p.aliases):
        for s in spellings(written):
            assert find_province(s) is p, s


@pytest.mark.parametrize("p", PROVINCES_2025, ids=lambda p: p.name)
def test_2025_found_by_name_and_aliases(p):
    for written in (p.name, *p.aliases):
        for s in spellings(written):
            assert find_province(s, era=2025) is p, s


@pytest.mark.parametrize("p", PROVINCES_2008, ids=lambda p: p.name)
def test_merged_into_exactly_one(p):
    holders = [q for q in PROVINCES_2025 if p.name in q.absorbed]
    assert [q.name for q in holders] == [p.merged_into]
    assert successor(p) is holders[0]


@pytest.mark.parametrize("q", PROVINCES_2025, ids=lambda q: q.name)
def test_2025_row(q):
    assert q.merged_into is None
    assert q.absorbed, q
    # the unit that kept its name comes first (Huế renamed Thừa Thiên Huế)
    assert q.absorbed[0] == q.name or q.absorbed == ("Thừa Thiên Huế",)
    assert all(find_province(n) is not None for n in q.absorbed)


def test_2025_lists_cover_all_63_once():
    absorbed = [n for q in PROVINCES_2025 for n in q.absorbed]
    assert sorted(absorbed) == sorted(p.name for p in PROVINCES_2008)


def test_full_names_and_misses():
    assert province_full_name(find_province("Quảng Ninh")) == "tỉnh Quảng Ninh"
    assert province_full_name(find_province("TP.HCM")) == "thành phố Hồ Chí Minh"
    assert province_full_name(find_province("Huế", era=2025)) == "thành phố Huế"
    assert find_province("Hà Tây") is None
    assert find_province("Ủy ban nhân dân") is None
    with pytest.raises(ValueError, match="era"):
        find_province("Hà Nội", era=2010)


# -- issuer codes -------------------------------------------------------------

@pytest.mark.parametrize("row", A.CENTRAL_CODES, ids=lambda r: r[0])
def test_central_code(row):
    code, name, example = row
    for written in {code, code.upper(), code.lower(), code.replace("Đ", "D")}:
        assert A.issuer_for_code(written) == name, written
    if example is not None:
        codes = parse(example).issuer_codes
        assert A.code_key(code) in {A.code_key(c) for c in codes}, (example, codes)
        assert any(A.issuer_for_code(c) == name for c in codes)


@pytest.mark.parametrize("written", ["QH", "QH11", "QH12", "QH13", "QH14", "QH15"])
def test_any_legislature(written):
    assert A.issuer_for_code(written) == "Quốc hội"
    assert A.issuer_for_code("UBTV" + written) == "Ủy ban Thường vụ Quốc hội"


@pytest.mark.parametrize("row", A.LOCAL_CODES, ids=lambda r: r[0])
def test_local_code(row):
    code, template, example = row
    qn, hn = find_province("Quảng Ninh"), find_province("Hà Nội")
    for written in {code, code.replace("Đ", "D")}:
        issuer = A.local_issuer(written, qn)
        assert issuer == template.format(province="tỉnh Quảng Ninh", name="Quảng Ninh",
                                         committee="Tỉnh ủy")
        assert "{" not in issuer and "Quảng Ninh" in issuer
    assert "Hà Nội" in A.local_issuer(code, hn)
    assert A.issuer_for_code(code) is None
    assert A.code_key(code) in {A.code_key(c) for c in parse(example).issuer_codes}
    if template.startswith("Sở "):
        assert A.so_full_name(template.removesuffix(" {province}")) is not None


@pytest.mark.parametrize("table", [A.CENTRAL_CODES, A.LOCAL_CODES], ids=["central", "local"])
def test_code_keys_unique(table):
    keys = Counter(A.code_key(code) for code, *_ in table)
    assert [k for k, n in keys.items() if n > 1] == []


# -- names --------------------------------------------------------------------

NAME_TABLES = {"so": (A.SO_NAMES, A.so_full_name),
               "ministry": (A.MINISTRY_ALIASES, A.ministry_full_name),
               "enterprise": (A.ENTERPRISES, A.enterprise_full_name)}


def _rows(table):
    rows, find = NAME_TABLES[table]
    return [pytest.param(row, find, id=f"{table}:{row[0]}") for row in rows]


@pytest.mark.parametrize("row, find", [r for t in NAME_TABLES for r in _rows(t)])
def test_name_row(row, find):
    full, aliases = row[0], row[1]
    for written in (full, *aliases):
        assert find(written) == full, written
        assert find(strip_accents(written).upper()) == full, written
    if len(row) > 2 and row[2] is not None:
        assert find(row[2]) == row[2], "a successor is itself a row"


@pytest.mark.parametrize("code, name", [(c, n) for c, n, _ in A.CENTRAL_CODES if n.startswith("Bộ ")])
def test_ministry_codes_name_known_ministries(code, name):
    assert A.ministry_full_name(name) == name


@pytest.mark.parametrize("row", A.GENERAL_ABBREVIATIONS, ids=lambda r: r[0])
def test_abbreviation(row):
    abbr, expansion, example = row
    assert A.expand_abbreviation(abbr) == expansion
    assert A.expand_abbreviation(strip_accents(abbr)) == expansion
    assert abbr in example


@pytest.mark.parametrize("row", A.AGENCY_HEADS, ids=lambda r: r[0])
def test_agency_head(row):
    head, complete, example = row
    assert A.agency_head(example) == (head, complete)
    assert A.agency_head(example.upper()) == (head, complete)


def test_agency_heads_longest_first():
    heads = [h.lower() for h, *_ in A.AGENCY_HEADS]
    assert len(set(heads)) == len(heads)
    for i, earlier in enumerate(heads):
        for later in heads[i + 1:]:
            assert not later.startswith(earlier + " "), (earlier, later)


def test_complete_heads():
    complete = {h for h, c, _ in A.AGENCY_HEADS if c}
    assert {"Chính phủ", "Quốc hội", "Bộ Chính trị", "Thủ tướng Chính phủ"} <= complete
    assert not {"Sở", "Bộ", "Ủy ban nhân dân", "Tỉnh ủy"} & complete
