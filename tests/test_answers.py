"""The questions policy staff ask, through the real CLI and store: `kg depends`, `kg basis`,
`kg show`, `kg search`, `kg query`, `kg analyze`; REFs as people type them; networkx and
SPARQL agreeing on the same graph; hostile input treated as data."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import analyze, answers, lookup, queries
from kg.build import build
from kg.cli import main
from kg.store import open_store, to_python

from test_queries import CTTT, D36, D43, D56, D917QN, D917TB, DEAN, DUAN, ID, KH56, KHDN, QH


@pytest.fixture(scope="module")
def corpus_store(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "kg-store"
    report = build([shared / "corpus"], store=folder)
    assert not report.failed
    return folder


def kg(store: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, [args[0], "--store", str(store), *args[1:]], catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def flat(text: str) -> str:
    return " ".join(text.split())


# ─────────────────────────── acceptance on the seeds ───────────────────────────

def test_depends_36_nq_tw_direct_and_transitive_with_both_sentences(seeds_store: Path) -> None:
    code, out, _ = kg(seeds_store, "depends", "Nghị quyết 36-NQ/TW", "--format", "json")
    assert code == 0
    result = json.loads(out)
    deps = {d["label"]: d for d in result["dependents"]}
    direct = deps["Chương trình 56-CTr/TU"]
    plan = next(d for label, d in deps.items() if label.startswith("Kế hoạch Triển khai thực hiện Chương trình hành "
                                                                   "động số 56-CTr/TU"))
    assert direct["depth"] == 1 and plan["depth"] == 2 and plan["cls"] == "initiative"
    assert [(link["p"], link["o_label"]) for link in plan["chain"]] == [
        ("basedOn", "Chương trình 56-CTr/TU"), ("basedOn", "Nghị quyết 36-NQ/TW")]
    for link in plan["chain"]:   # each link of the chain has its evidence sentence, in the source text at its offsets
        ev = link["evidence"][0]
        assert ev["file"] == "cao-bang-2015-tong-ket.txt"
        assert "56-CTr/TU" in ev["sentence"] and ev["end"] - ev["start"] == len(ev["sentence"])
    # the text output lists the direct one first, then the transitive one with its chain
    code, out, _ = kg(seeds_store, "depends", "Nghị quyết 36-NQ/TW")
    out = flat(out)
    assert out.index("Directly 1. Chương trình 56-CTr/TU") < out.index("Transitively 1. Kế hoạch Triển khai thực hiện "
                                                                         "Chương trình hành động số 56-CTr/TU")
    assert out.count("cao-bang-2015-tong-ket.txt") == 3   # one sentence for the direct link, two for the chain


def test_evidence_offsets_point_into_the_source(seeds_store: Path, shared: Path) -> None:
    _, out, _ = kg(seeds_store, "depends", "36-NQ/TW", "--format", "json")
    from extract.read import read_text
    for d in json.loads(out)["dependents"]:
        for link in d["chain"]:
            for ev in link["evidence"]:
                text = read_text(shared / "corpus" / "seeds" / ev["file"])
                assert flat(text[ev["start"]:ev["end"]]) == flat(ev["sentence"])


def test_depends_1643_lists_the_public_utility_telecom_programme(seeds_store: Path) -> None:
    code, out, _ = kg(seeds_store, "depends", "Quyết định 1643/QĐ-TTg")
    assert code == 0
    assert "Chương trình viễn thông công ích giai đoạn 2011 - 2015" in flat(out)
    assert "quang-ninh-2013-231-BC-STTTT.txt" in out


def test_basis_of_the_quang_ninh_it_master_plan_shows_1908(seeds_store: Path) -> None:
    code, out, _ = kg(seeds_store, "basis", "Quy hoạch phát triển ứng dụng công nghệ thông tin tỉnh Quảng Ninh")
    assert code == 0
    out = flat(out)
    assert "approvedBy → Quyết định 1908/QĐ-UBND" in out
    assert "được phê duyệt tại Quyết định số 1908/QĐ-UBND ngày 30/7/2013" in out
    code, out, _ = kg(seeds_store, "basis", "quy hoach ung dung cong nghe thong tin quang ninh", "--format", "json")
    tree = json.loads(out)
    assert [(c["predicate"], c["label"]) for c in tree["children"]] == [("approvedBy", "Quyết định 1908/QĐ-UBND")]


# ─────────────────────────── REFs as people type them ───────────────────────────

@pytest.mark.parametrize("ref", ["Nghị định 43/2011", "43/2011/NĐ-CP", "NĐ 43/2011", "nghi dinh 43/2011",
                                 "nd 43/2011", "NGHỊ ĐỊNH SỐ 43/2011/NĐ-CP", f"<{D43}>"])
def test_ref_forms(fixture_store: Path, ref: str) -> None:
    db = open_store(fixture_store, read_only=True)
    assert lookup.one(lookup.entities(db, ref), ref).iri == D43


@pytest.mark.parametrize("ref,iri", [("917/QĐ-UBND Quảng Ninh", D917QN), ("QĐ 917 Quảng Ninh", D917QN),
                                     ("917/QĐ-UBND tỉnh Thái Bình", D917TB), ("Quyết định 917/2025", D917TB),
                                     ("quyet dinh 917 quang ninh 2013", D917QN), ("36-NQ/TW", D36),
                                     ("Chương trình 56-CTr/TU", D56)])
def test_local_numbers_need_their_province_or_year(fixture_store: Path, ref: str, iri: str) -> None:
    db = open_store(fixture_store, read_only=True)
    assert lookup.one(lookup.entities(db, ref), ref).iri == iri


def test_an_ambiguous_ref_lists_the_candidates(fixture_store: Path) -> None:
    code, out, err = kg(fixture_store, "depends", "917/QĐ-UBND")
    assert code == 1 and out == ""
    assert "matches 2 entities" in err and "Quảng Ninh, 2013" in err and "Thái Bình, 2025" in err
    assert D917QN in flat(err) and D917TB in flat(err)


def test_a_ref_of_the_wrong_kind_matches_nothing(fixture_store: Path) -> None:
    code, _, err = kg(fixture_store, "show", "Thông tư 43/2011")
    assert code == 1 and "nothing in the graph matches 'Thông tư 43/2011'" in flat(err)


@pytest.mark.parametrize("text,first", [("chu ky so", DUAN), ("CHỮ KÝ SỐ", DUAN), ("nd 43/2011", D43),
                                        ("QĐ 917 Quảng Ninh", D917QN), ("ubnd quang ninh", ID + "agency/uy-ban-nhan-dan-tinh-quang-ninh"),
                                        ("de an chinh quyen dien tu", DEAN), ("quy hoach cntt quang ninh", QH)])
def test_search(fixture_store: Path, text: str, first: str) -> None:
    code, out, _ = kg(fixture_store, "search", text, "--format", "json")
    assert code == 0
    assert json.loads(out)[0]["iri"] == first


def test_search_finds_an_agency_by_its_alias(fixture_store: Path) -> None:
    db = open_store(fixture_store, read_only=True)
    hit = lookup.search(db, "UBND tỉnh Quảng Ninh")[0]
    assert hit.cls == "agency" and "UBND tỉnh Quảng Ninh" in hit.aliases


# ─────────────────────────── the other commands ───────────────────────────

def test_show_card(fixture_store: Path) -> None:
    code, out, _ = kg(fixture_store, "show", "NĐ 43/2011", "--format", "json")
    assert code == 0
    c = json.loads(out)
    assert c["facts"]["number"] == ["43/2011/NĐ-CP"] and c["facts"]["date"] == ["2011-06-13"]
    assert c["facts"]["kind"] == ["Nghị định"]
    assert [link["o_label"] for link in c["outgoing"]["issuedBy"]] == ["Chính phủ"]
    assert sorted(link["s"] for link in c["incoming"]["basedOn"]) == sorted([DEAN, QH])
    qh = next(link for link in c["incoming"]["basedOn"] if link["s"] == QH)
    assert sorted(ev["file"] for ev in qh["evidence"]) == ["quang-ninh-2013.txt", "quang-ninh-2014.txt"]
    assert sorted(s["file"] for s in c["sources"]) == ["quang-ninh-2013.txt", "quang-ninh-2014.txt"]
    code, out, _ = kg(fixture_store, "show", "917/QĐ-UBND Quảng Ninh")
    out = flat(out)
    assert "province: Quảng Ninh" in out and "Incoming (2)" in out and "repeals (1)" in out


def test_query_formats(fixture_store: Path) -> None:
    code, out, _ = kg(fixture_store, "query", "depends", "--param", "target=Nghị quyết 36-NQ/TW", "--format", "json")
    assert code == 0
    data = json.loads(out)   # the SPARQL 1.1 JSON results format, terms with their types
    assert {b["dependent"]["value"] for b in data["results"]["bindings"]} == {D56, KH56}
    assert all(b["dependent"]["type"] == "uri" for b in data["results"]["bindings"])
    code, out, _ = kg(fixture_store, "query", "most-cited", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(out)))
    assert table[0]["document"] == D43 and table[0]["dependents"] == "2"
    code, out, _ = kg(fixture_store, "query", "no-basis", "--format", "tsv")
    assert out.splitlines()[0].split("\t")[:2] == ["?province", "?initiative"]
    code, out, _ = kg(fixture_store, "query", "initiatives-by-province", "--param", "province=Cao Bằng")
    assert code == 0 and "2 row(s)" in out


def test_query_file_and_list(fixture_store: Path, tmp_path: Path) -> None:
    f = tmp_path / "count.rq"
    f.write_text("# Question: how many initiatives?\nPREFIX kg: <https://w3id.org/vn-kg/ontology#>\n"
                 "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a kg:Initiative }\n", encoding="utf-8")
    code, out, _ = kg(fixture_store, "query", str(f), "--format", "csv")
    assert code == 0 and out.splitlines() == ["n", "6"]
    ask = tmp_path / "ask.rq"
    ask.write_text("ASK { ?s <https://w3id.org/vn-kg/ontology#repeals> ?o }", encoding="utf-8")
    code, out, _ = kg(fixture_store, "query", str(ask), "--format", "json")
    assert code == 0 and json.loads(out)["boolean"] is True
    graph = tmp_path / "graph.rq"
    graph.write_text("# Question: what replaced what?\nPREFIX kg: <https://w3id.org/vn-kg/ontology#>\n"
                     "CONSTRUCT { ?a kg:replaces ?b } WHERE { ?a kg:replaces ?b }", encoding="utf-8")
    code, out, _ = kg(fixture_store, "query", str(graph))
    assert code == 0 and "32-2017-tt-btttt" in out and "replaces" in out
    code, out, _ = kg(fixture_store, "query", "--list")
    assert code == 0 and all(q.name in out for q in queries.saved())


def test_errors_are_one_line(fixture_store: Path, tmp_path: Path) -> None:
    code, _, err = kg(fixture_store, "query", "no-such-query")
    assert code == 1 and err.startswith("error: no-such-query: no such query file")
    code, _, err = kg(fixture_store, "query", "depends", "--param", "target")
    assert code == 1 and "write name=value" in err
    code, _, err = kg(tmp_path / "nowhere", "depends", "43/2011/NĐ-CP")
    assert code == 1 and "no store here" in err


# ─────────────────────────── networkx and SPARQL agree ───────────────────────────

def _agree(db: ox.Store, sample: int = 60) -> None:
    g = analyze.dependency_graph(db)
    # in-degree (basedOn/approvedBy) == most-cited's ?dependents
    cited = {to_python(r["document"]): to_python(r["dependents"]) for r in queries.run(db, queries.load("most-cited"))[1]}
    indeg = analyze.legal_in_degree(g)
    top = sorted(indeg.values(), reverse=True)[:len(cited)]
    assert sorted(cited.values(), reverse=True) == top
    assert all(indeg[d] == n for d, n in cited.items())
    # orphans == no-basis
    no_basis = {to_python(r["initiative"]) for r in queries.run(db, queries.load("no-basis"))[1]}
    assert set(analyze.orphans(g)) == no_basis
    # transitive dependents: networkx ancestors == the depends query's ?dependent
    targets = sorted(n for n in g if g.in_degree(n))[:sample]
    assert targets
    for t in targets:
        _, rows = queries.run_terms(db, queries.load("depends"), {"target": ox.NamedNode(t)})
        assert {to_python(r["dependent"]) for r in rows} == nx.ancestors(g, t), t
        assert {d.iri for d in answers.depends(db, t).dependents} == nx.ancestors(g, t)
    # the longest chain is made of links the basis query also finds, and nothing is longer
    a = analyze.analyze(db)
    if a.longest_chains:
        chain = [r.iri for r in a.longest_chains[0]]
        _, rows = queries.run_terms(db, queries.load("basis"), {"subject": ox.NamedNode(chain[0])})
        links = {(to_python(r["from"]), to_python(r["basis"])) for r in rows}
        assert all((a_, b_) in links for a_, b_ in zip(chain, chain[1:]))
        if nx.is_directed_acyclic_graph(g):
            assert len(chain) - 1 == nx.dag_longest_path_length(g)


def test_analyze_agrees_with_sparql_on_the_fixture(fixture_store: Path) -> None:
    db = open_store(fixture_store, read_only=True)
    _agree(db)
    a = analyze.analyze(db)
    assert [r.iri for r in a.in_degree][:1] == [D43]
    assert {r.iri for r in a.orphans} == {CTTT, KHDN}
    assert [[r.iri for r in c] for c in a.longest_chains[:2]] in (
        [[KH56, D56, D36], [DUAN, DEAN, D43]], [[KH56, D56, D36], [DUAN, DEAN, D917QN]])
    assert [c["size"] for c in a.clusters] == [6, 3]   # the Quảng Ninh e-government group; the 36-NQ/TW chain


def test_analyze_agrees_with_sparql_on_the_corpus(corpus_store: Path) -> None:
    db = open_store(corpus_store, read_only=True)
    _agree(db)
    code, out, _ = kg(corpus_store, "analyze", "--format", "json")
    assert code == 0
    a = json.loads(out)
    assert a["edges"] > 50 and a["in_degree"] and a["pagerank"] and a["clusters"]


# ─────────────────────────── hostile input is data ───────────────────────────

def test_a_number_inside_hostile_text_is_only_a_number(fixture_store: Path) -> None:
    """REF reading keeps the number and the words it knows (kind, province, year); the rest is ignored, so
    this is "43/2011" and nothing more."""
    code, out, _ = kg(fixture_store, "depends", '43/2011" } ; DROP ALL ; SELECT * WHERE { "', "--format", "json")
    assert code == 0 and out == kg(fixture_store, "depends", "43/2011", "--format", "json")[1]


@pytest.mark.parametrize("value", ['x" } ; DROP ALL ; SELECT * WHERE { "', "x' } UNION { ?s ?p ?o } #",
                                   "}}} DELETE WHERE { ?s ?p ?o }", '"""', "SELECT * WHERE { ?s ?p ?o }"])
def test_hostile_values_through_the_cli(fixture_store: Path, value: str) -> None:
    before = len(open_store(fixture_store, read_only=True))
    for cmd in (["depends", value], ["basis", value], ["show", value]):
        code, out, err = kg(fixture_store, *cmd)
        assert code == 1 and "Traceback" not in err and out == ""
    code, out, _ = kg(fixture_store, "search", value, "--format", "json")
    assert code == 0
    code, out, _ = kg(fixture_store, "query", "evidence", "--param", f"number={value}", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 1   # the header, no rows
    code, out, _ = kg(fixture_store, "query", "source", "--param", f"file={value}", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 1
    assert len(open_store(fixture_store, read_only=True)) == before


# ─────────────────────────── sorting rows as the saved query's ORDER BY ───────────────────────────

def test_split_order_takes_a_final_order_by_of_plain_variables() -> None:
    q = queries.SavedQuery("q", Path("q.rq"), "SELECT ?a ?b WHERE { ?a ?p ?b }\nORDER BY DESC(?a) ?b asc( ?c )\n")
    rest, keys = queries.split_order(q)
    assert keys == [("a", True), ("b", False), ("c", False)]
    assert rest.text == "SELECT ?a ?b WHERE { ?a ?p ?b }\n"
    for text in ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 10",       # a LIMIT after it: the engine sorts
                 "SELECT ?a WHERE { ?a ?p ?b } ORDER BY (!BOUND(?a)) ?a",   # an expression
                 "SELECT ?a WHERE { ?a ?p ?b }"):
        whole = queries.SavedQuery("q", Path("q.rq"), text)
        assert queries.split_order(whole) == (whole, [])


def test_sort_rows_puts_unbound_first_ascending_and_last_descending() -> None:
    rows = [{"d": "false", "x": "b"}, {"d": "true", "x": None}, {"d": "true", "x": "a"}, {"d": "false", "x": None}]
    queries.sort_rows(rows, [("d", True), ("x", False)])
    assert rows == [{"d": "true", "x": None}, {"d": "true", "x": "a"}, {"d": "false", "x": None},
                    {"d": "false", "x": "b"}]


@pytest.mark.parametrize("target", [D36, D43])
def test_depends_sorts_its_rows_as_the_engine_sorts_them(seeds_store: Path, fixture_store: Path, target: str) -> None:
    # the saved query with its ORDER BY, run by the engine, against the rows sorted in Python
    for folder in (fixture_store, seeds_store):
        db = open_store(folder, read_only=True)
        q = queries.load("depends")
        engine = [{k: to_python(v) for k, v in r.items()} for r in
                  queries.run_terms(db, q, {"target": ox.NamedNode(target)})[1]]
        rest, keys = queries.split_order(q)
        ours = [{k: to_python(v) for k, v in r.items()} for r in
                queries.run_terms(db, rest, {"target": ox.NamedNode(target)})[1]]
        queries.sort_rows(ours, keys)
        assert keys and ours == engine
        if folder == fixture_store:
            assert len(engine) > 1
