"""Document numbers and kinds: every table row, and the variants real text has."""
import pytest

from extract.dates import DATE_RE, iso
from extract.numbers import NUMBER_RE, canonical, code_kind, parse
from extract.tables.doc_types import KIND_WORDS, STANDARD_PREFIXES, TYPE_CODES


@pytest.mark.parametrize("code,kind,example", TYPE_CODES)
def test_type_code_rows(code, kind, example):
    m = NUMBER_RE.fullmatch(example)
    assert m is not None, example
    assert code_kind(code) == kind
    assert parse(example).kind == kind


@pytest.mark.parametrize("word,kind,example", KIND_WORDS)
def test_kind_word_rows(word, kind, example):
    assert example.startswith(word)


@pytest.mark.parametrize("prefix,kind,example", STANDARD_PREFIXES)
def test_standard_rows(prefix, kind, example):
    assert example.startswith(prefix)


@pytest.mark.parametrize("raw,expected", [
    ("43/2011/NĐ-CP", "43/2011/NĐ-CP"),
    ("44 /2005/QĐ-UBND", "44/2005/QĐ-UBND"),
    ("71/NQ -CP", "71/NQ-CP"),
    ("1132/QĐ-\nTTg", "1132/QĐ-TTg"),
    ("36a/NQ-CP", "36a/NQ-CP"),
    ("66.7/2025/NQ-CP", "66.7/2025/NQ-CP"),
    ("36-NQ/TW", "36-NQ/TW"),
    ("56-CTr/TU", "56-CTr/TU"),
    ("1913/UBND-VX", "1913/UBND-VX"),
    ("144/2025/QĐ-CTUBND", "144/2025/QĐ-CTUBND"),
    ("183/2010/TTLT-BTC-BNN", "183/2010/TTLT-BTC-BNN"),
    ("80/2015/QH13", "80/2015/QH13"),
    ("14/2013/TT-BTTTT", "14/2013/TT-BTTTT"),
])
def test_variants_found_and_canonical(raw, expected):
    m = NUMBER_RE.search(f"theo văn bản số {raw}. Tiếp theo")
    assert m is not None
    assert canonical(m.group()) == expected


@pytest.mark.parametrize("text", [
    "đạt 8,5 thuê bao/100 dân", "ngày 10/4/2013", "giai đoạn 2021-2030", "1,65 thuê bao/1 người",
])
def test_not_numbers(text):
    assert NUMBER_RE.search(text) is None


def test_trailing_period_and_eth():
    assert canonical("43/2011/NÐ-CP.") == "43/2011/NĐ-CP"


@pytest.mark.parametrize("number,year,type_code,issuers,kind", [
    ("43/2011/NĐ-CP", 2011, "NĐ", ("CP",), "Nghị định"),
    ("917/QĐ-UBND", None, "QĐ", ("UBND",), "Quyết định"),
    ("36-NQ/TW", None, "NQ", ("TW",), "Nghị quyết"),
    ("1913/UBND-VX", None, None, ("UBND", "VX"), "Công văn"),
    ("80/2015/QH13", 2015, None, ("QH13",), "Luật"),
])
def test_parse(number, year, type_code, issuers, kind):
    p = parse(number)
    assert (p.year, p.type_code, p.issuer_codes, p.kind) == (year, type_code, issuers, kind)


@pytest.mark.parametrize("text,expected", [
    ("ngày 10/4/2013", "2013-04-10"),
    ("ngày 10 tháng 4 năm 2013", "2013-04-10"),
    ("ngày 29.10.2010", "2010-10-29"),
    ("ngày 21\ntháng 11 năm 2025", "2025-11-21"),
    ("ngày 31/13/2013", None),
])
def test_dates(text, expected):
    m = DATE_RE.search(text)
    assert m is not None
    assert iso(m) == expected
