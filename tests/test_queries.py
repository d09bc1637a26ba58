"""Every saved query in queries/ gives its expected rows on a graph we wrote by hand
(tests/fixtures/queries.trig), in the real on-disk store, with typed-in parameter values."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import queries
from kg.store import open_store, to_python

FIXTURE = Path(__file__).parent / "fixtures" / "queries.trig"
ID = "https://w3id.org/vn-kg/id/"
KG = "https://w3id.org/vn-kg/ontology#"
D43, D917QN, D917TB, D1908 = (ID + "doc/2011/43-2011-nd-cp", ID + "doc/quang-ninh/2013/917-qd-ubnd",
                              ID + "doc/thai-binh/2025/917-qd-ubnd", ID + "doc/quang-ninh/2013/1908-qd-ubnd")
D36, D56, D2000 = ID + "doc/2014/36-nq-tw", ID + "doc/cao-bang/2015/56-ctr-tu", ID + "doc/quang-ninh/2014/2000-qd-ubnd"
T26, T32 = ID + "doc/2009/26-2009-tt-btttt", ID + "doc/2017/32-2017-tt-btttt"
DEAN, DUAN, QH, CTTT = (ID + "initiative/quang-ninh/de-an-cqdt", ID + "initiative/quang-ninh/du-an-chu-ky-so",
                        ID + "initiative/quang-ninh/quy-hoach-cntt", ID + "initiative/quang-ninh/chuong-trinh-truyen-thong")
KH56, KHDN = ID + "initiative/cao-bang/ke-hoach-56", ID + "initiative/cao-bang/ke-hoach-doi-ngoai"
QN13, QN14, CB15 = "quang-ninh-2013.txt", "quang-ninh-2014.txt", "cao-bang-2015.txt"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    db = open_store(tmp_path_factory.mktemp("q") / "kg-store")
    db.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    db.flush()
    return db


def rows(store: ox.Store, name: str, cols: tuple[str, ...], **params: str) -> list[tuple]:
    _, result = queries.run(store, queries.load(name), params)
    return [tuple(to_python(r[c]) for c in cols) for r in result]


def test_every_saved_query_has_a_header_and_a_test() -> None:
    saved = queries.saved()
    assert len(saved) >= 9
    tested = {n.removeprefix("test_").split("__")[0].replace("_", "-")
              for n in globals() if n.startswith("test_")}
    for q in saved:
        assert q.question_vi and q.question_en and q.example, q.name
        assert q.example.startswith(f"kg query {q.name}"), q.name
        assert q.name in tested, f"{q.name}.rq has no test"
        for p in q.params:   # a parameter must be projected to be bound (SEP-0007)
            assert f"?{p.name}" in q.text.split("WHERE")[0], (q.name, p.name)


def test_depends(store: ox.Store) -> None:
    cols = ("dependent", "predicate", "on", "direct", "file", "start")
    assert sorted(rows(store, "depends", cols, target="nghi dinh 43/2011")) == sorted([
        (DEAN, KG + "basedOn", D43, "true", QN13, 100),
        (QH, KG + "basedOn", D43, "true", QN13, 513),
        (QH, KG + "basedOn", D43, "true", QN14, 10),           # a fact stated by two reports keeps both
        (DUAN, KG + "partOf", DEAN, "false", QN13, 253),        # transitive, through the programme it is part of
    ])
    assert sorted(rows(store, "depends", cols, target="Nghị quyết 36-NQ/TW")) == sorted([
        (D56, KG + "basedOn", D36, "true", CB15, 50),
        (KH56, KG + "basedOn", D56, "false", CB15, 153),
    ])
    assert rows(store, "depends", cols, target="TT 26/2009") == []


def test_basis(store: ox.Store) -> None:
    cols = ("from", "predicate", "basis", "direct", "file", "start")
    assert sorted(rows(store, "basis", cols, subject="du an chung thuc dien tu va chu ky so")) == sorted([
        (DUAN, KG + "partOf", DEAN, "true", QN13, 253),
        (DEAN, KG + "basedOn", D43, "false", QN13, 100),
        (DEAN, KG + "approvedBy", D917QN, "false", QN13, 186),
    ])
    assert sorted(rows(store, "basis", ("basis", "basisClass"), subject="Quy hoạch phát triển ứng dụng công nghệ "
                       "thông tin tỉnh Quảng Ninh đến năm 2020")) == [(D43, "document"), (D43, "document"),
                                                                     (D1908, "document")]


def test_changes(store: ox.Store) -> None:
    cols = ("direction", "predicate", "other", "file")
    assert rows(store, "changes", cols, document="917/QĐ-UBND Quảng Ninh") == [
        ("incoming", KG + "repeals", D2000, QN14)]
    assert rows(store, "changes", cols, document="Thông tư 26/2009/TT-BTTTT") == [
        ("incoming", KG + "replaces", T32, QN13)]
    assert rows(store, "changes", cols, document="32/2017/TT-BTTTT") == [
        ("outgoing", KG + "replaces", T26, QN13)]


def test_issued_by(store: ox.Store) -> None:
    cols = ("document", "number", "sources")
    assert rows(store, "issued-by", cols, agency="ubnd tinh quang ninh") == [
        (D917QN, "917/QĐ-UBND", 1), (D1908, "1908/QĐ-UBND", 1), (D2000, "2000/QĐ-UBND", 1)]
    assert rows(store, "issued-by", cols, agency="Chính phủ") == [(D43, "43/2011/NĐ-CP", 2)]


def test_initiatives_by_province(store: ox.Store) -> None:
    cols = ("initiative", "startYear", "endYear")
    assert sorted(rows(store, "initiatives-by-province", cols, province="Quảng Ninh")) == sorted([
        (DEAN, 2012, 2014), (DUAN, None, None), (QH, 2013, 2020), (CTTT, None, None)])
    # a period: the years stated in the name, else the approving decision's year, must overlap it
    assert rows(store, "initiatives-by-province", cols, province="quang ninh", **{"from": "2015", "to": "2016"}) == [
        (QH, 2013, 2020)]
    assert rows(store, "initiatives-by-province", cols, province="Quảng Ninh", **{"from": "2012", "to": "2012"}) == [
        (DEAN, 2012, 2014)]
    assert sorted(rows(store, "initiatives-by-province", cols, **{"from": "2015", "to": "2015"})) == sorted([
        (KH56, 2015, 2015), (KHDN, 2015, 2015), (QH, 2013, 2020)])
    assert sorted(rows(store, "initiatives-by-province", ("initiative",), province="Cao Bằng")) == [(KH56,), (KHDN,)]


def test_no_basis(store: ox.Store) -> None:
    # the project that is part of a programme with a legal basis has one too
    assert sorted(rows(store, "no-basis", ("initiative",))) == [(KHDN,), (CTTT,)]
    assert rows(store, "no-basis", ("initiative",), province="Cao Bằng") == [(KHDN,)]


def test_most_cited(store: ox.Store) -> None:
    assert rows(store, "most-cited", ("document", "dependents", "sources")) == [
        (D43, 2, 2), (D56, 1, 1), (D36, 1, 1), (D1908, 1, 1), (D917QN, 1, 1)]


def test_source(store: ox.Store) -> None:
    cols = ("statement", "subject", "predicate", "object", "start")
    assert rows(store, "source", cols, file=CB15) == [
        ("mention", ID + "source/bbbb", KG + "denotes", D56, 50),
        ("mention", ID + "source/bbbb", KG + "denotes", D36, 96),
        ("relation", D56, KG + "basedOn", D36, 50),
        ("relation", KH56, KG + "basedOn", D56, 153),
    ]
    assert rows(store, "source", cols, file="no-such-file.txt") == []


def test_evidence(store: ox.Store) -> None:
    cols = ("subject", "predicate", "file", "start", "end")
    assert rows(store, "evidence", cols, number="1908/QĐ-UBND") == [(QH, KG + "approvedBy", QN13, 400, 512)]
    assert sorted(rows(store, "evidence", cols, number="43/2011/NĐ-CP")) == sorted([
        (DEAN, KG + "basedOn", QN13, 100, 185), (QH, KG + "basedOn", QN13, 513, 570),
        (QH, KG + "basedOn", QN14, 10, 112)])
    assert rows(store, "evidence", ("subject", "file"), number="43/2011/NĐ-CP", subject="Đề án Xây dựng Chính quyền "
                "điện tử tỉnh Quảng Ninh giai đoạn 2012 - 2014") == [(DEAN, QN13)]


# ─────────────────────────── parameters are data, never query text ───────────────────────────

HOSTILE = [
    '1908/QĐ-UBND" } UNION { ?object ?p ?o } #',
    "1908/QĐ-UBND' . } SELECT * WHERE { ?s ?p ?o } #",
    '"} ; DROP ALL ; SELECT * WHERE {"',
    "}}}}",
    "DELETE WHERE { ?s ?p ?o }",
    '\\" \\u0022 \n ?x',
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_data(store: ox.Store, value: str) -> None:
    before = len(store)
    assert rows(store, "evidence", ("subject",), number=value) == []
    assert rows(store, "source", ("subject",), file=value) == []
    assert len(store) == before


def test_a_stored_value_with_quotes_and_braces_matches_exactly(tmp_path: Path) -> None:
    db = open_store(tmp_path / "kg-store")
    db.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    odd = 'báo cáo "2015" {bản 2} SELECT.txt'
    src, g = ox.NamedNode(ID + "source/bbbb"), ox.NamedNode(ID + "graph/bbbb")
    db.remove(ox.Quad(src, ox.NamedNode(KG + "fileName"), ox.Literal(CB15), g))
    db.add(ox.Quad(src, ox.NamedNode(KG + "fileName"), ox.Literal(odd), g))
    assert len(rows(db, "source", ("subject",), file=odd)) == 4
    assert rows(db, "source", ("subject",), file='báo cáo "2015"') == []


def test_typed_parameters_are_checked(store: ox.Store) -> None:
    q = queries.load("initiatives-by-province")
    with pytest.raises(queries.QueryError, match="not an integer"):
        queries.run(store, q, {"from": "2015 } #"})
    with pytest.raises(queries.QueryError, match="no parameter 'year'"):
        queries.run(store, q, {"year": "2015"})
    with pytest.raises(queries.QueryError, match="missing parameter"):
        queries.run(store, queries.load("depends"), {})
    with pytest.raises(queries.QueryError, match="not an IRI"):
        queries.to_term(store, queries.Param("x", "iri", False, ""), "<http://a> } #")
