"""The graph: identities that merge across reports, provenance of every fact,
an incremental build that survives failures and kill -9, SHACL conformance."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg import identity, store
from kg.build import build
from kg.graph import CANONICAL

ROOT = Path(__file__).resolve().parents[1]
KG = "PREFIX kg: <https://w3id.org/vn-kg/ontology#>\n"

THAI_BINH = """ỦY BAN NHÂN DÂN
TỈNH THÁI BÌNH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1204/KH-UBND
Thái Bình, ngày 02 tháng 6 năm 2025

KẾ HOẠCH
Chuyển đổi số tỉnh Thái Bình năm 2025

Căn cứ Quyết định số 917/QĐ-UBND ngày 15/4/2025 của Ủy ban nhân dân tỉnh về Chương trình chuyển đổi số tỉnh Thái Bình;
Căn cứ Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ;
"""


def numbers(db: ox.Store, number: str) -> set[str]:
    rows = store.select(db, KG + "SELECT DISTINCT ?d ?number WHERE { ?d kg:number ?number }",
                        bindings={"number": ox.Literal(number)})
    return {r["d"] for r in rows}


def quads(db: ox.Store) -> set[str]:
    """Every quad but the ingestion times, as N-Quads lines."""
    data = db.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return {line for line in data.splitlines() if "generatedAtTime" not in line}


@pytest.fixture(scope="module")
def corpus_store(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store built from ../shared/corpus (seeds, dev, bulk) plus a Thái Bình decision of our own."""
    folder = tmp_path_factory.mktemp("store")
    extra = tmp_path_factory.mktemp("extra") / "kh-1204-thai-binh.txt"
    extra.write_text(THAI_BINH, encoding="utf-8")
    report = build([shared / "corpus", extra], store=folder / "kg-store")
    assert not report.failed, report.failed
    return folder / "kg-store"


def test_identity_is_a_function_of_the_key() -> None:
    a = identity.doc_iri(identity.doc_key("917/QĐ-UBND", year=2013, province="Quảng Ninh"))
    b = identity.doc_iri(identity.doc_key("917/QĐ-UBND", year=2013, province="quang ninh"))
    c = identity.doc_iri(identity.doc_key("917/QĐ-UBND", year=2025, province="Thái Bình"))
    assert a == b != c
    assert identity.doc_key("43/2011/NÐ-CP", year=None, province=None).complete  # Ð (U+00D0) too


def test_base_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_BASE", "http://example.org/kg")
    assert identity.agency_iri("Chính phủ") == "http://example.org/kg/agency/chinh-phu"


def test_canonical_graph_picks_one_value_each_in_valid_n_triples() -> None:
    """The votes of several sources give one name, label, class, date, year and province per entity;
    quotes and line breaks in a name survive the N-Triples text; a province is described once."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF, RDFS, SKOS, XSD

    from kg.graph import Claims, canonical_graph
    from kg.namespace import KG as NS
    claims = Claims()
    decree = URIRef(identity.base_iri() + "doc/2011/43-2011-nd-cp")
    odd_name = 'về ứng dụng "công nghệ thông tin"\ntrong hoạt động của cơ quan nhà nước'
    for value in (odd_name, odd_name, "về ứng dụng CNTT"):
        claims.add(decree, "name", value)
    for attr, value in (("number", "43/2011/NĐ-CP"), ("kind", "Nghị định"), ("date", "2011-06-13")):
        claims.add(decree, attr, value)
    local = URIRef(identity.base_iri() + "doc/quang-ninh/2013/917-qd-ubnd")
    for attr, value in (("number", "917/QĐ-UBND"), ("kind", "Quyết định"), ("province", "Quảng Ninh"),
                        ("unresolved", True)):
        claims.add(local, attr, value)
    other = URIRef(identity.base_iri() + "doc/quang-ninh/2013/1908-qd-ubnd")
    claims.add(other, "number", "1908/QĐ-UBND")
    claims.add(other, "province", "tỉnh Quảng Ninh")
    agency = URIRef(identity.agency_iri("Ủy ban nhân dân tỉnh Quảng Ninh"))
    claims.add(agency, "class", NS.StateAgency)
    claims.add(agency, "name", "Ủy ban nhân dân tỉnh Quảng Ninh")
    project = URIRef(identity.base_iri() + "initiative/gis")
    claims.add(project, "initiative_kind", "Dự án")
    claims.add(project, "name", "Dự án GIS chuyên ngành Bưu chính viễn thông giai đoạn 2011 - 2015")

    iri, statements = canonical_graph(claims)
    assert str(iri) == identity.base_iri() + CANONICAL
    g = Graph().parse(data="".join(st + " .\n" for st in statements), format="nt")
    province = URIRef(identity.province_iri("Quảng Ninh"))
    expected = {
        (decree, RDF.type, NS.NormativeDocument), (decree, NS.number, Literal("43/2011/NĐ-CP", datatype=XSD.string)),
        (decree, RDFS.label, Literal("Nghị định 43/2011/NĐ-CP", lang="vi")),
        (decree, NS.name, Literal(odd_name, datatype=XSD.string)), (decree, NS.documentKind, NS["doctype-nghi-dinh"]),
        (decree, NS.dateIssued, Literal("2011-06-13", datatype=XSD.date)), (decree, NS.year, Literal(2011)),
        (local, RDF.type, NS.AdministrativeDocument), (local, NS.number, Literal("917/QĐ-UBND", datatype=XSD.string)),
        (local, RDFS.label, Literal("Quyết định 917/QĐ-UBND", lang="vi")), (local, NS.unresolved, Literal(True)),
        (local, NS.documentKind, NS["doctype-quyet-dinh"]), (local, NS.province, province),
        (other, RDF.type, NS.AdministrativeDocument), (other, NS.number, Literal("1908/QĐ-UBND", datatype=XSD.string)),
        (other, RDFS.label, Literal("1908/QĐ-UBND", lang="vi")), (other, NS.province, province),
        (province, RDF.type, NS.Province), (province, RDF.type, SKOS.Concept),
        (province, SKOS.inScheme, NS.ProvinceScheme), (province, SKOS.prefLabel, Literal("Quảng Ninh", lang="vi")),
        (agency, RDF.type, NS.StateAgency), (agency, NS.name, Literal("Ủy ban nhân dân tỉnh Quảng Ninh", datatype=XSD.string)),
        (agency, RDFS.label, Literal("Ủy ban nhân dân tỉnh Quảng Ninh", lang="vi")),
        (project, NS.name, Literal("Dự án GIS chuyên ngành Bưu chính viễn thông giai đoạn 2011 - 2015", datatype=XSD.string)),
        (project, RDFS.label, Literal("Dự án GIS chuyên ngành Bưu chính viễn thông giai đoạn 2011 - 2015", lang="vi")),
        (project, NS.initiativeKind, NS["initiative-du-an"]),
        (project, NS.periodStart, Literal(2011)), (project, NS.periodEnd, Literal(2015)),
    }
    assert set(g) == expected
    assert len(statements) == len(expected)   # the province's four triples are written once, not per document


def test_cited_documents_are_one_node(corpus_store: Path) -> None:
    db = store.open_store(corpus_store, read_only=True)
    assert len(numbers(db, "43/2011/NĐ-CP")) == 1
    # the bulk corpus also cites the other 36-NQ/TW (22/10/2018, on the sea economy): Party
    # numbers restart each term, so the year tells them apart and an undated mention that
    # fits both stays unresolved rather than merged by guess
    nodes = numbers(db, "36-NQ/TW")
    assert sum("/doc/2014/" in n for n in nodes) == 1
    assert all("/doc/2014/" in n or "/doc/2018/" in n or "/unresolved/" in n for n in nodes)


def test_seed_reports_cite_one_36_nq_tw(shared: Path, tmp_path: Path) -> None:
    build([shared / "corpus" / "seeds", shared / "corpus" / "dev"], store=tmp_path / "s")
    assert len(numbers(store.open_store(tmp_path / "s"), "36-NQ/TW")) == 1


def test_local_numbers_of_two_provinces_are_two_nodes(corpus_store: Path) -> None:
    db = store.open_store(corpus_store, read_only=True)
    nodes = numbers(db, "917/QĐ-UBND")
    assert any("/quang-ninh/2013/" in n for n in nodes)
    assert any("/thai-binh/2025/" in n for n in nodes)


def test_evidence_query_returns_source_sentence_and_offsets(corpus_store: Path, shared: Path) -> None:
    db = store.open_store(corpus_store, read_only=True)
    rows = store.select(db, (ROOT / "queries" / "evidence.rq").read_text(encoding="utf-8"),
                        bindings={"number": ox.Literal("1908/QĐ-UBND")})
    row = next(r for r in rows if r["predicate"].endswith("#approvedBy") and "Quy hoạch phát triển ứng dụng"
               in (r["subjectLabel"] or ""))
    assert row["file"] == "quang-ninh-2013-231-BC-STTTT.txt"
    from extract.read import read_text
    text = read_text(shared / "corpus" / "seeds" / row["file"])
    assert text[row["start"]:row["end"]] == row["sentence"]
    assert "1908/QĐ-UBND" in row["sentence"]


def test_every_relation_keeps_every_source(corpus_store: Path) -> None:
    db = store.open_store(corpus_store, read_only=True)
    rows = store.select(db, KG + """
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?d (COUNT(DISTINCT ?src) AS ?n) WHERE {
          ?d kg:number "43/2011/NĐ-CP" . ?m kg:denotes ?d ; kg:source ?src } GROUP BY ?d""")
    assert rows and rows[0]["n"] >= 2  # cited by several reports, each one kept


def test_shacl_conforms(corpus_store: Path) -> None:
    from pyshacl import validate
    data = Graph()
    for q in store.dataset(store.open_store(corpus_store, read_only=True)).quads((None, None, None, None)):
        data.add(q[:3])
    ont = Graph().parse(ROOT / "ontology" / "kg.ttl")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl")
    conforms, _, text = validate(data, shacl_graph=shapes, ont_graph=ont, inference="none")
    assert conforms, text[:3000]


def test_second_build_changes_nothing(tmp_path: Path, shared: Path) -> None:
    paths = [shared / "corpus" / "seeds", ROOT / "examples"]
    build(paths, store=tmp_path / "s")
    first = quads(store.open_store(tmp_path / "s"))
    report = build(paths, store=tmp_path / "s")
    assert report.graphs_written == 0 and report.extracted == 0
    assert quads(store.open_store(tmp_path / "s")) == first


def test_changed_failed_and_removed_files(tmp_path: Path, shared: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(THAI_BINH, encoding="utf-8")
    (src / "b.txt").write_text(THAI_BINH.replace("1204/KH-UBND", "1300/KH-UBND"), encoding="utf-8")
    folder = tmp_path / "s"
    build([src], store=folder)
    before = quads(store.open_store(folder))
    # a corrupt file among the good ones: reported, nothing lost
    (src / "c.docx").write_bytes(b"not a zip")
    report = build([src], store=folder)
    assert len(report.failed) == 1 and "c.docx" in report.failed[0]
    assert quads(store.open_store(folder)) == before
    # even with --prune, a file that fails keeps what it had
    (src / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    report = build([src], store=folder, prune=True)
    assert report.removed == 0 and len(report.failed) == 2
    assert quads(store.open_store(folder)) == before
    (src / "b.txt").write_text(THAI_BINH.replace("1204/KH-UBND", "1300/KH-UBND"), encoding="utf-8")
    # a changed file replaces its graph
    (src / "c.docx").unlink()
    (src / "a.txt").write_text(THAI_BINH.replace("43/2011/NĐ-CP", "64/2007/NĐ-CP"), encoding="utf-8")
    report = build([src], store=folder)
    assert report.graphs_written == 1
    db = store.open_store(folder)
    assert numbers(db, "64/2007/NĐ-CP")
    del db  # one process holds the store's lock at a time
    # a removed file goes with --prune
    (src / "b.txt").unlink()
    report = build([src], store=folder, prune=True)
    assert report.removed == 1
    assert not numbers(store.open_store(folder), "1300/KH-UBND")


def test_kill_during_build_then_rerun(tmp_path: Path, shared: Path) -> None:
    folder = tmp_path / "s"
    cmd = [sys.executable, "-m", "kg", "build", str(shared / "corpus" / "bulk"), "--store", str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not (folder / "manifest.json").exists():
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store.open_store(folder).flush()  # opens after kill -9
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    clean = tmp_path / "clean"
    build([shared / "corpus" / "bulk"], store=clean)
    assert quads(store.open_store(folder)) == quads(store.open_store(clean))


def test_two_jobs_build_the_same_graph_as_one(tmp_path: Path, shared: Path, monkeypatch) -> None:
    paths = [shared / "corpus" / "seeds", shared / "corpus" / "dev", ROOT / "examples"]
    one = build(paths, store=tmp_path / "one", jobs=1)
    # with workers the store's writer threads take batches of BATCH_QUADS // 4: here one or two graphs each
    monkeypatch.setattr(store, "BATCH_QUADS", 4_000)
    two = build(paths, store=tmp_path / "two", jobs=2)
    assert (one.extracted, one.graphs_written, one.triples_written) == (two.extracted, two.graphs_written,
                                                                        two.triples_written)
    assert quads(store.open_store(tmp_path / "one")) == quads(store.open_store(tmp_path / "two"))


def test_workers_see_the_folder_and_environment_of_each_build(tmp_path: Path, monkeypatch) -> None:
    """Workers come from a fork server started by the first build; a later build from another folder,
    with relative paths and another `KG_BASE`, is still read and named as that build says."""
    for name in ("first", "second"):
        src = tmp_path / name / "src"
        src.mkdir(parents=True)
        for i in range(32):   # enough files for two workers (fewer run in one process)
            (src / f"kh-{i}.txt").write_text(THAI_BINH.replace("1204/KH-UBND", f"{1300 + i}/KH-UBND"),
                                             encoding="utf-8")
    assert build([tmp_path / "first" / "src"], store=tmp_path / "first" / "s", jobs=2).extracted == 32
    monkeypatch.chdir(tmp_path / "second")
    monkeypatch.setenv("KG_BASE", "http://example.org/kg/")
    report = build(["src"], store="s", jobs=2)
    assert (report.extracted, report.failed) == (32, [])
    db = store.open_store(tmp_path / "second" / "s")
    docs = numbers(db, "1300/KH-UBND")
    assert docs and all(d.startswith("http://example.org/kg/doc/") for d in docs)
    assert "w3id.org/vn-kg/id/" not in db.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")  # the sources' graphs too


def test_a_store_error_in_the_writer_thread_fails_the_build(tmp_path: Path, shared: Path, monkeypatch) -> None:
    calls = []

    def broken(db, data: bytes) -> None:
        calls.append(len(data))
        raise store.StoreError("disk full (injected)")
    monkeypatch.setattr(store, "BATCH_QUADS", 4_000)
    monkeypatch.setattr(store, "load_batch", broken)
    with pytest.raises(store.StoreError, match="disk full"):
        build([shared / "corpus" / "seeds", shared / "corpus" / "dev"], store=tmp_path / "s", jobs=2)
    assert 1 <= len(calls) <= 2                # two writer threads: the other may have begun a batch; no more start
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == {}                      # no source is recorded as loaded: a re-run redoes them all


QUANG_NINH_PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NINH
-------
Số: 75/KH-UBND
Quảng Ninh, ngày 12 tháng 5 năm 2014

KẾ HOẠCH
Triển khai Quy hoạch trạm thu phát sóng thông tin di động tỉnh Quảng Ninh

Căn cứ Quyết định số 917/QĐ-UBND của UBND tỉnh phê duyệt Quy hoạch trạm thu phát sóng thông tin di động tỉnh Quảng Ninh đến năm 2020;
Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai như sau.
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_reference_resolved_by_another_file(tmp_path: Path, jobs: int, monkeypatch) -> None:
    """The plan's "917/QĐ-UBND" (no year) resolves only with the decision itself, another file: the plan's
    graph links the decision, and the store is what a build from the records makes, each graph once."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "a-kh-75-quang-ninh.txt").write_text(QUANG_NINH_PLAN, encoding="utf-8")
    (src / "b-qd-917.txt").write_bytes((ROOT / "examples" / "qd-917-quy-hoach-bts-quang-ninh.txt").read_bytes())
    for i in range(30):   # enough files for two workers (a build of fewer than 32 files runs in one process)
        (src / f"c-{i}.txt").write_text(THAI_BINH.replace("1204/KH-UBND", f"{1300 + i}/KH-UBND"), encoding="utf-8")
    monkeypatch.setattr(store, "BATCH_QUADS", 4_000)   # many batches through the writer
    report = build([src], store=tmp_path / "s", jobs=jobs)
    assert (report.extracted, report.graphs_written, report.failed) == (32, 32, [])
    db = store.open_store(tmp_path / "s")
    qd917 = numbers(db, "917/QĐ-UBND")
    assert qd917 == {identity.doc_iri(identity.doc_key("917/QĐ-UBND", year=2013, province="Quảng Ninh")),
                     identity.doc_iri(identity.doc_key("917/QĐ-UBND", year=2025, province="Thái Bình"))}
    assert not [r for r in store.select(db, KG + "SELECT ?d WHERE { ?d kg:unresolved true }")
                if "917" in str(r["d"])]
    manifest = json.loads((tmp_path / "s" / "manifest.json").read_text(encoding="utf-8"))
    canonical = ox.NamedNode(identity.base_iri() + CANONICAL)
    assert report.triples_written == sum(q.graph_name != canonical for q in db) and len(manifest) == 32
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(json.loads(f.read_text(encoding="utf-8")), ensure_ascii=False) + "\n"
                               for f in sorted((tmp_path / "s" / "records").glob("*.json"))), encoding="utf-8")
    plain = build(from_records=[records], store=tmp_path / "r", jobs=1)
    assert plain.graphs_written == 32
    assert quads(db) == quads(store.open_store(tmp_path / "r"))


def test_an_own_number_resolved_by_a_later_build(tmp_path: Path) -> None:
    """A plan without a date is "75/KH-UBND" of Quảng Ninh, year unknown; a report added later cites
    "Kế hoạch số 75/KH-UBND ngày 12/5/2014": the incremental build remakes the plan's graph (its own
    number now resolves) and ends where a clean build ends."""
    src = tmp_path / "src"
    src.mkdir()
    plan = QUANG_NINH_PLAN.replace("Số: 75/KH-UBND\nQuảng Ninh, ngày 12 tháng 5 năm 2014\n", "Số: 75/KH-UBND\n")
    (src / "kh-75.txt").write_text(plan, encoding="utf-8")
    build([src], store=tmp_path / "s")
    (src / "bao-cao.txt").write_text("Sở Thông tin và Truyền thông tỉnh Quảng Ninh báo cáo: thực hiện Kế hoạch số "
                                     "75/KH-UBND ngày 12/5/2014 của UBND tỉnh Quảng Ninh, các doanh nghiệp đã dùng "
                                     "chung 120 trạm BTS.\n", encoding="utf-8")
    report = build([src], store=tmp_path / "s")
    assert (report.extracted, report.reused, report.graphs_written) == (1, 1, 2)
    build([src], store=tmp_path / "clean")
    assert quads(store.open_store(tmp_path / "s")) == quads(store.open_store(tmp_path / "clean"))


def test_build_from_record_shards(tmp_path: Path, shared: Path) -> None:
    """Shards of `kg extract --format jsonl` output load into the same graph as the files themselves;
    a line that is not a record is reported and the others are loaded."""
    from click.testing import CliRunner

    from kg.cli import main
    seeds = sorted((shared / "corpus" / "seeds").iterdir())
    shards = []
    for i, group in enumerate((seeds[:1], seeds[1:] + sorted((ROOT / "examples").iterdir()))):
        shards.append(tmp_path / f"shard-{i}.jsonl")
        r = CliRunner().invoke(main, ["extract", *map(str, group), "-o", str(shards[-1]), "--jobs", "1"])
        assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["build", "--store", str(tmp_path / "rec"), "--from-records", *map(str, shards)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"{len(seeds) + 3} records loaded, 0 extracted")
    build([*seeds, ROOT / "examples"], store=tmp_path / "files")
    assert quads(store.open_store(tmp_path / "rec")) == quads(store.open_store(tmp_path / "files"))
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"source": "x.txt"}\nnot json\n' + shards[0].read_text(encoding="utf-8"), encoding="utf-8")
    r = CliRunner().invoke(main, ["build", "--store", str(tmp_path / "b"), "--from-records", str(broken),
                                  str(tmp_path / "missing.jsonl")])
    assert r.exit_code == 1
    assert f"{broken}:1: not a kg record" in r.output and f"{broken}:2: not a kg record" in r.output
    assert "missing.jsonl: cannot read" in r.output
    assert "1 records loaded" in r.output and "3 failed" in r.output
    r = CliRunner().invoke(main, ["build", "--store", str(tmp_path / "b"), "--from-records"])
    assert r.exit_code == 1 and "give the PATH" in r.output


def test_cli_build_stats_export(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main
    folder = str(tmp_path / "s")
    r = CliRunner().invoke(main, ["build", str(ROOT / "examples"), "--store", folder])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["stats", "--store", folder, "--json"])
    data = json.loads(r.stdout)
    assert data["relations"]["basedOn"] > 0 and len(data["sources"]) == 3
    for fmt in ("turtle", "trig", "nquads", "jsonld", "graphml"):
        out = tmp_path / f"out.{fmt}"
        r = CliRunner().invoke(main, ["export", "--store", folder, "--format", fmt, "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert out.stat().st_size > 1000
    g = Graph().parse(tmp_path / "out.turtle", format="turtle")
    assert len(g) > 100
