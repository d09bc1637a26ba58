"""`kg serve` as a real server process on 127.0.0.1, spoken to with SPARQLWrapper (the
client our users have) and plain HTTP; `kg push` and `kg query --endpoint` against the
real Oxigraph server from PyPI."""
from __future__ import annotations

import json
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import Server, free_port
from kg import queries
from kg.cli import main
from kg.store import open_store, to_python

KG = "https://w3id.org/vn-kg/ontology#"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PLAN_1908 = """PREFIX kg: <https://w3id.org/vn-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?plan ?label WHERE { ?plan kg:approvedBy ?d ; rdfs:label ?label . ?d kg:number "1908/QĐ-UBND" }"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(seeds_store: Path, tmp_path_factory: pytest.TempPathFactory):
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    s = Server([sys.executable, "-m", "kg", "serve", "--store", str(seeds_store), "--port", str(port),
                "--workers", "2", "--timeout", "2", "--max-rows", "100"],
               f"http://127.0.0.1:{port}", "/sparql", log=log)
    yield s
    s.stop()


def client(server: Server, query: str, fmt: str = JSON, method: str | None = None) -> SPARQLWrapper:
    c = SPARQLWrapper(server.url + "/sparql")
    c.setQuery(query)
    c.setReturnFormat(fmt)
    if method:
        c.setMethod(method)
    return c


def http(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_select_in_every_results_format(server: Server) -> None:
    data = client(server, PLAN_1908).query().convert()
    labels = [b["label"]["value"] for b in data["results"]["bindings"]]
    assert labels == ["Quy hoạch phát triển ứng dụng công nghệ thông tin tỉnh Quảng Ninh đến năm 2020, tầm nhìn "
                      "đến năm 2030"]
    assert data["results"]["bindings"][0]["label"]["xml:lang"] == "vi"
    xml = client(server, PLAN_1908, XML).query().convert()           # a DOM
    assert xml.getElementsByTagName("literal")[0].firstChild.data.startswith("Quy hoạch phát triển ứng dụng")
    csv_text = client(server, PLAN_1908, CSV).query().convert().decode("utf-8")
    assert csv_text.splitlines()[0] == "plan,label" and "Quảng Ninh đến năm 2020" in csv_text
    tsv = client(server, PLAN_1908, TSV).query().convert().decode("utf-8")
    assert tsv.splitlines()[0] == "?plan\t?label" and '"@vi' in tsv


def test_ask_and_post_forms(server: Server, seeds_store: Path) -> None:
    ask = client(server, "ASK { ?s <https://w3id.org/vn-kg/ontology#approvedBy> ?o }", method=POST)
    assert ask.query().convert()["boolean"] is True          # POST, form-encoded
    direct = client(server, COUNT, method=POST)
    direct.setRequestMethod("postdirectly")                  # POST application/sparql-query
    n = int(direct.query().convert()["results"]["bindings"][0]["n"]["value"])
    assert n == len(open_store(seeds_store, read_only=True))


def test_construct_and_describe_as_turtle_ntriples_jsonld(server: Server) -> None:
    q = "CONSTRUCT { ?p <https://w3id.org/vn-kg/ontology#approvedBy> ?d } WHERE { ?p <https://w3id.org/vn-kg/ontology#approvedBy> ?d }"
    for fmt, parse_as in ((TURTLE, "turtle"), (N3, "turtle"), (JSONLD, "json-ld")):
        result = client(server, q, fmt).query()
        body = result.response.read()
        g = Graph().parse(data=body, format=parse_as)
        assert len(g) == 2, fmt   # the two Quảng Ninh master plans
    status, headers, body = http(server.url + "/sparql?" + urllib.parse.urlencode({"query": q}),
                                 headers={"Accept": "application/n-triples"})
    assert status == 200 and headers["content-type"].startswith("application/n-triples")
    assert len(Graph().parse(data=body, format="nt")) == 2
    d = client(server, "DESCRIBE <https://w3id.org/vn-kg/id/doc/2014/36-nq-tw>", TURTLE).query().convert()
    assert len(Graph().parse(data=d, format="turtle")) > 3


def test_service_description_and_cors(server: Server) -> None:
    status, headers, body = http(server.url + "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200
    sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
    g = Graph().parse(data=body, format="turtle")
    assert (None, sd.endpoint, None) in g and (None, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) not in g
    status, headers, _ = http(server.url + "/sparql", method="OPTIONS", headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    status, headers, _ = http(server.url + "/sparql?query=" + urllib.parse.quote(COUNT),
                              headers={"Origin": "http://example.org"})
    assert headers["access-control-allow-origin"] == "*"


def test_update_is_refused_and_bad_queries_get_400(server: Server) -> None:
    up = client(server, 'INSERT DATA { <urn:a> <urn:b> "c" }', method=POST)   # SPARQLWrapper sends it as update=
    with pytest.raises(urllib.error.HTTPError) as e:
        up.query()
    assert e.value.code == 403
    status, _, body = http(server.url + "/sparql", data=b"update=DROP+ALL",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    with pytest.raises(QueryBadFormed) as e:
        client(server, "SELECT ?x WHERE { ?x ").query()
    assert "malformed query" in str(e.value)
    status, _, body = http(server.url + "/sparql?query=" + urllib.parse.quote("SELEC ?x WHERE {}"))
    assert status == 400 and b"malformed query" in body


def test_row_cap(server: Server) -> None:
    status, headers, body = http(server.url + "/sparql?" + urllib.parse.urlencode(
        {"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"}), headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and headers["x-sparql-maxrows"] == "100"
    assert len(json.loads(body)["results"]["bindings"]) == 100


def test_a_runaway_query_is_cut_while_others_are_served(server: Server) -> None:
    done: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        try:
            client(server, RUNAWAY).query()
            done["result"] = "finished?!"
        except urllib.error.HTTPError as e:
            done["result"] = f"{e.code} {e.read().decode()}"
        done["seconds"] = time.monotonic() - started

    t = threading.Thread(target=runaway)
    t.start()
    time.sleep(0.3)
    answered = 0
    while t.is_alive():                      # the other worker keeps answering meanwhile
        assert client(server, PLAN_1908).query().convert()["results"]["bindings"]
        answered += 1
    t.join()
    assert str(done["result"]).startswith("503 ") and "time limit of 2 s" in str(done["result"])
    assert 1.9 < float(done["seconds"]) < 10
    assert answered >= 3
    for _ in range(4):                       # and after it, both workers again
        assert client(server, PLAN_1908).query().convert()["results"]["bindings"]


def test_dataset_from_the_protocol(server: Server, seeds_store: Path) -> None:
    db = open_store(seeds_store, read_only=True)
    canonical = "https://w3id.org/vn-kg/id/graph/canonical"
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    c = client(server, q)
    c.addDefaultGraph(canonical)
    n = int(c.query().convert()["results"]["bindings"][0]["n"]["value"])
    assert n == sum(1 for _ in db.quads_for_pattern(None, None, None, ox.NamedNode(canonical)))


def test_view_pages_are_self_contained_and_unknown_entities_404(server: Server) -> None:
    nq36 = "https://w3id.org/vn-kg/id/doc/2014/36-nq-tw"
    status, headers, body = http(server.url + "/view?" + urllib.parse.urlencode({"iri": nq36, "depth": 2, "lang": "en"}))
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "Resolution 36-NQ/TW" in page and "vis.Network" in page and "bootstrap" not in page.lower()
    status, _, body = http(server.url + "/view?" + urllib.parse.urlencode({"iri": nq36 + "-none"}))
    assert status == 404 and "no document, initiative or agency" in body.decode("utf-8")
    status, _, _ = http(server.url + "/view?depth=x")
    assert status == 400


def test_updates_with_the_token(seeds_store: Path, tmp_path: Path) -> None:
    import shutil
    store = tmp_path / "kg-store"
    shutil.copytree(seeds_store, store)
    port = free_port()
    s = Server([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port), "--workers", "1",
                "--allow-update"], f"http://127.0.0.1:{port}", "/sparql", env={"KG_UPDATE_TOKEN": "s3cret"},
               log=tmp_path / "serve.log")
    try:
        insert = 'INSERT DATA { GRAPH <urn:g> { <urn:kg:test> <urn:kg:says> "xin chào" } }'
        status, _, _ = http(s.url + "/sparql", data=insert.encode(), headers={
            "Content-Type": "application/sparql-update", "Authorization": "Bearer wrong"})
        assert status == 403
        status, _, _ = http(s.url + "/sparql", data=insert.encode(), headers={
            "Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret"})
        assert status == 204
        c = client(s, 'SELECT ?o WHERE { <urn:kg:test> <urn:kg:says> ?o }')
        assert [b["o"]["value"] for b in c.query().convert()["results"]["bindings"]] == ["xin chào"]
        status, _, body = http(s.url + "/sparql", data=b"INSERT DATA {", headers={
            "Content-Type": "application/sparql-update", "Authorization": "Bearer s3cret"})
        assert status == 400 and b"malformed update" in body
    finally:
        s.stop()


# ─────────────────────────── an external triplestore: the Oxigraph server ───────────────────────────

@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory):
    import shutil
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.fail("the Oxigraph server (PyPI package `oxigraph`) is not installed: pip install -e '.[test]'")
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    s = Server([exe, "serve", "--location", str(folder / "data"), "--bind", f"127.0.0.1:{port}",
                "--union-default-graph"], f"http://127.0.0.1:{port}", "/query?query=ASK%7B%7D", log=folder / "log")
    yield s
    s.stop()


def kg(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


EXAMPLES = {"depends": {"target": "Nghị quyết 36-NQ/TW"}, "basis": {"subject": "Quy hoạch phát triển ứng dụng công "
            "nghệ thông tin tỉnh Quảng Ninh"}, "changes": {"document": "Quyết định 2046/QĐ-UBND"},
            "issued-by": {"agency": "Ủy ban nhân dân tỉnh Quảng Ninh"},
            "initiatives-by-province": {"province": "Quảng Ninh", "from": "2011", "to": "2015"},
            "no-basis": {"province": "Cao Bằng"}, "most-cited": {},
            "source": {"file": "quang-ninh-2013-231-BC-STTTT.txt"}, "evidence": {"number": "1908/QĐ-UBND"}}


@pytest.fixture(scope="module")
def pushed_store(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and our examples (which have a replaced decision), built into a store of their own."""
    from kg.build import build
    folder = tmp_path_factory.mktemp("push") / "kg-store"
    assert not build([shared / "corpus" / "seeds", Path(__file__).parents[1] / "examples"], store=folder).failed
    return folder


def test_push_then_every_saved_query_answers_the_same_remotely(oxigraph: Server, pushed_store: Path) -> None:
    seeds_store = pushed_store
    code, out, err = kg("push", "--store", str(seeds_store), "--graph-store", oxigraph.url + "/store",
                        "--batch", "500")
    assert code == 0, err
    db = open_store(seeds_store, read_only=True)
    graphs = len(list(db.named_graphs()))
    assert out.startswith(f"{graphs} graphs sent ({len(db)} triples")
    remote_count = SPARQLWrapper(oxigraph.url + "/query")
    remote_count.setQuery("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    remote_count.setReturnFormat(JSON)
    assert int(remote_count.query().convert()["results"]["bindings"][0]["n"]["value"]) == len(db)
    assert {q.name for q in queries.saved()} == set(EXAMPLES)
    for name, params in EXAMPLES.items():
        q = queries.load(name)
        cols, rows = queries.run(db, q, params)
        local = sorted(tuple((c, str(to_python(r[c]))) for c in cols if r[c] is not None) for r in rows)
        args = ["query", name, "--store", str(seeds_store), "--endpoint", oxigraph.url + "/query", "--format", "json"]
        for k, v in params.items():
            args += ["--param", f"{k}={v}"]
        code, out, err = kg(*args)
        assert code == 0, err
        remote = sorted(tuple((c, b[c]["value"]) for c in cols if c in b) for b in json.loads(out)["results"]["bindings"])
        assert remote == local, name
        assert rows, f"{name}: the example should give rows on the seeds"


def test_push_resumes_and_skips_what_is_there(oxigraph: Server, pushed_store: Path) -> None:
    seeds_store = pushed_store
    target = oxigraph.url + "/store"
    code, out, _ = kg("push", "--store", str(seeds_store), "--graph-store", target)
    assert code == 0 and out.startswith("0 graphs sent") and "unchanged and skipped" in out
    # a push that stopped after its first graph: the state knows one graph, the server lost the others
    state = json.loads((seeds_store / "push-state.json").read_text())
    first = sorted(state[target])[0]
    state[target] = {first: state[target][first]}
    (seeds_store / "push-state.json").write_text(json.dumps(state))
    db = open_store(seeds_store, read_only=True)
    for g in db.named_graphs():
        if g.value != first:
            http(target + "?" + urllib.parse.urlencode({"graph": g.value}), method="DELETE")
    code, out, _ = kg("push", "--store", str(seeds_store), "--graph-store", target)
    n = len(list(db.named_graphs()))
    assert code == 0 and out.startswith(f"{n - 1} graphs sent") and "1 unchanged and skipped" in out
    # the server is down: one error line, exit 1, nothing recorded as done
    code, _, err = kg("push", "--store", str(seeds_store), "--graph-store", f"http://127.0.0.1:{free_port()}/store",
                      "--restart")
    assert code == 1 and err.startswith("error: http://127.0.0.1:") and "Traceback" not in err


def test_push_that_fails_half_way_records_what_finished(oxigraph: Server, tmp_path: Path) -> None:
    """Graphs travel four at a time; when the server refuses one, the push stops with one error line,
    push-state.json holds only graphs the server took, and the next push sends only the others."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from kg import remote
    db = ox.Store(str(tmp_path / "oxigraph"))
    for i in range(60):
        g = ox.NamedNode(f"https://w3id.org/vn-kg/graph/test-{i:02}")
        db.extend([ox.Quad(ox.NamedNode(f"https://w3id.org/vn-kg/id/doc/2013/{900 + i}-qd-ubnd"),
                           ox.NamedNode("https://w3id.org/vn-kg/ontology#number"), ox.Literal(f"{900 + i}/QĐ-UBND"), g)])
    names = sorted(g.value for g in db.named_graphs())
    refused = names[30]
    taken: set[str] = set()

    class Flaky(BaseHTTPRequestHandler):   # a Graph Store that takes every graph but one (HTTP 500)
        def do_PUT(self) -> None:
            graph = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)["graph"][0]
            self.rfile.read(int(self.headers["Content-Length"]))
            time.sleep(0.01)
            if graph == refused:
                self.send_response(500)
            else:
                taken.add(graph)
                self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass
    flaky = ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=flaky.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{flaky.server_address[1]}/store"
    try:
        with pytest.raises(remote.RemoteError, match="HTTP 500"):
            remote.push(db, tmp_path, graph_store=url, parallel=4)
    finally:
        flaky.shutdown()
    state = json.loads((tmp_path / "push-state.json").read_text())
    recorded = set(state[url])
    assert refused not in recorded and recorded <= taken and 20 <= len(recorded) < 60
    assert len(taken) < 45                     # the graphs after the refused one were not all sent
    # the same state, against the real server: what was recorded is skipped, the rest is sent
    target = oxigraph.url + "/store"
    state[target] = state.pop(url)
    (tmp_path / "push-state.json").write_text(json.dumps(state))
    report = remote.push(db, tmp_path, graph_store=target)
    assert (report.skipped, report.sent) == (len(recorded), 60 - len(recorded))


def test_push_with_sparql_update(oxigraph: Server, pushed_store: Path, tmp_path: Path) -> None:
    import shutil
    store = tmp_path / "kg-store"
    shutil.copytree(pushed_store, store)
    (store / "push-state.json").unlink(missing_ok=True)
    status, _, _ = http(oxigraph.url + "/update", data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert status == 204
    code, out, err = kg("push", "--store", str(store), "--endpoint", oxigraph.url + "/update", "--batch", "300")
    assert code == 0, err
    db = open_store(store, read_only=True)
    c = SPARQLWrapper(oxigraph.url + "/query")
    c.setQuery("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    c.setReturnFormat(JSON)
    assert int(c.query().convert()["results"]["bindings"][0]["n"]["value"]) == len(db)
