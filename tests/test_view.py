"""`kg view`: the nodes and edges around a focus on the hand-written fixture graph, the
aggregation past the cap, the page's independence from the network, and the page in a
real browser (headless Chromium): drawn, both languages, evidence in the tooltips."""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from conftest import Watched
from kg import view
from kg.cli import main
from kg.pyvis_page import render
from kg.store import open_store

ID = "https://w3id.org/vn-kg/id/"
D43, D917QN, D1908, D2000 = (ID + "doc/2011/43-2011-nd-cp", ID + "doc/quang-ninh/2013/917-qd-ubnd",
                             ID + "doc/quang-ninh/2013/1908-qd-ubnd", ID + "doc/quang-ninh/2014/2000-qd-ubnd")
DEAN, DUAN, QH = (ID + "initiative/quang-ninh/de-an-cqdt", ID + "initiative/quang-ninh/du-an-chu-ky-so",
                  ID + "initiative/quang-ninh/quy-hoach-cntt")
CHINH_PHU = ID + "agency/chinh-phu"


@pytest.fixture(scope="module")
def store(fixture_store: Path) -> ox.Store:
    return open_store(fixture_store, read_only=True)


def ids(v: view.View) -> set[str]:
    return {n.id for n in v.nodes}


@pytest.mark.parametrize("depth, expected", [
    (1, {D43, DEAN, QH}),
    (2, {D43, DEAN, QH, DUAN, D917QN, D1908}),
    (3, {D43, DEAN, QH, DUAN, D917QN, D1908, D2000}),    # the decision that repealed 917/QĐ-UBND
])
def test_neighbourhood_grows_with_depth_both_ways(store: ox.Store, depth: int, expected: set[str]) -> None:
    v = view.build_view(store, focus=D43, depth=depth)
    assert ids(v) == expected
    assert [n.id for n in v.nodes if n.focus] == [D43]
    assert not v.aggregated and v.note == {}


def test_edges_carry_their_relation_and_every_source(store: ox.Store) -> None:
    v = view.build_view(store, focus=D43, depth=2)
    edges = {(e.source, e.relation, e.target): e for e in v.edges}
    assert set(edges) == {(DEAN, "basedOn", D43), (QH, "basedOn", D43), (DUAN, "partOf", DEAN),
                          (DEAN, "approvedBy", D917QN), (QH, "approvedBy", D1908)}
    files = sorted(f for _, f, _, _ in edges[(QH, "basedOn", D43)].evidence)
    assert files == ["quang-ninh-2013.txt", "quang-ninh-2014.txt"]      # stated by two reports
    sentence, file, start, end = edges[(QH, "approvedBy", D1908)].evidence[0]
    assert "1908/QĐ-UBND" in sentence and (file, start, end) == ("quang-ninh-2013.txt", 400, 512)


def test_kinds_choose_what_is_shown(store: ox.Store) -> None:
    with_agencies = view.build_view(store, focus=D43, depth=1, kinds=[*view.DEFAULT_KINDS, "agency"])
    assert CHINH_PHU in ids(with_agencies)
    assert any(e.relation == "issuedBy" for e in with_agencies.edges)
    initiatives = view.build_view(store, focus=D43, depth=2, kinds=["initiative"])
    assert ids(initiatives) == {D43, DEAN, QH, DUAN}        # the focus stays, whatever its kind
    assert {n.kind for n in initiatives.nodes} == {"normative", "initiative"}


def test_labels_in_both_languages(store: ox.Store) -> None:
    nodes = {n.id: n for n in view.build_view(store, focus=D43, depth=1).nodes}
    assert nodes[D43].label == {"vi": "Nghị định 43/2011/NĐ-CP", "en": "Decree 43/2011/NĐ-CP"}
    assert nodes[QH].label["en"].startswith("Master plan: phát triển ứng dụng công nghệ thông tin")
    assert nodes[D43].facts["date"] == "2011-06-13" and "quang-ninh-2013.txt" in nodes[D43].sources


def test_whole_graph_and_aggregation_past_the_cap(store: ox.Store) -> None:
    whole = view.build_view(store)
    assert {D43, DEAN, QH, DUAN, D917QN, D1908, D2000} <= ids(whole)
    assert not whole.aggregated
    small = view.build_view(store, max_nodes=4)
    assert small.aggregated and small.total_nodes == len(whole.nodes)
    assert sum(n.count for n in small.nodes) == len(whole.nodes)
    assert sum(e.count for e in small.edges) == len(whole.edges)
    groups = {n.label["en"]: n.count for n in small.nodes}
    assert groups["Quảng Ninh · Initiative (3)"] == 3 and groups["National · Normative legal document (3)"] == 3
    assert f"{len(whole.nodes)} nodes, over the cap of 4" in small.note["en"]
    assert "gộp theo tỉnh và loại" in small.note["vi"]


def test_an_unknown_focus_or_kind_is_an_error(store: ox.Store) -> None:
    with pytest.raises(view.ViewError, match="no document, initiative or agency"):
        view.build_view(store, focus=ID + "doc/none")
    with pytest.raises(view.ViewError, match="not an IRI"):
        view.build_view(store, focus="not an iri> }")
    with pytest.raises(view.ViewError, match="unknown kind"):
        view.build_view(store, kinds=["decree"])


def test_layout_keeps_nodes_apart(store: ox.Store) -> None:
    v = view.build_view(store)
    points = [(n.x, n.y) for n in v.nodes]
    assert len(set(points)) == len(points)
    focus = view.build_view(store, focus=D43, depth=3)
    centre = next(n for n in focus.nodes if n.focus)
    others = [n for n in focus.nodes if not n.focus]
    assert all((n.x - centre.x) ** 2 + (n.y - centre.y) ** 2 > 25 for n in others)


def test_page_loads_nothing_from_the_network_and_escapes_names(store: ox.Store) -> None:
    v = view.build_view(store, focus=D43, depth=2)
    v.nodes[0].label = {"vi": "</script><script>alert(1)</script>", "en": "x"}
    page = render(v, lang="vi")
    assert "<script>alert(1)" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "bootstrap" not in page.lower()
    assert "vis.Network" in page            # vis-network inlined


def test_cli_writes_one_file_and_nothing_else(fixture_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(main, ["view", "nghi dinh 43/2011", "--store", str(fixture_store), "--depth", "2",
                                  "-o", "nd-43.html"])
    assert r.exit_code == 0, r.output
    assert "nd-43.html: 6 nodes, 5 edges" in r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nd-43.html"]      # no lib/ folder (pyvis "local")
    r = CliRunner().invoke(main, ["view", "--store", str(fixture_store), "--max-nodes", "10", "-o", "all.html"])
    assert r.exit_code == 0 and "grouped by province and kind" in r.output, r.output
    r = CliRunner().invoke(main, ["view", "QĐ 917", "--store", str(fixture_store), "-o", "x.html"])
    assert r.exit_code == 1 and "Quảng Ninh" in r.output and "Thái Bình" in r.output     # ambiguous: candidates
    r = CliRunner().invoke(main, ["view", "--kinds", "decree", "--store", str(fixture_store), "-o", "x.html"])
    assert r.exit_code == 1 and "unknown decree" in r.output


def test_page_in_a_browser_draws_switches_language_and_shows_evidence(store: ox.Store, browser, tmp_path: Path) -> None:
    out = tmp_path / "nd-43.html"
    view.write(store, out, focus=D43, depth=2, lang="vi")
    w = Watched(browser, allowed=())
    page = w.page
    page.goto(out.as_uri())
    page.wait_for_function("() => window.kgViewReady === true", timeout=30_000)
    assert page.evaluate("() => window.kgViewNodes") == 6
    assert page.evaluate(f"() => nodes.get({D43!r}).label") == "Nghị định 43/2011/NĐ-CP"
    assert "căn cứ vào" in page.inner_text(".kg-legend")
    page.click(".kg-lang button[data-lang=en]")
    assert page.evaluate(f"() => nodes.get({D43!r}).label") == "Decree 43/2011/NĐ-CP"
    assert "based on" in page.inner_text(".kg-legend")
    titles = page.evaluate("() => edges.get().map(e => e.title).join('\\n')")
    assert "Quyết định số 1908/QĐ-UBND" in titles and "quang-ninh-2013.txt [400–512]" in titles
    # hovering a node shows its tooltip
    pos = page.evaluate(f"() => network.canvasToDOM(network.getPositions([{D43!r}])[{D43!r}])")
    box = page.locator("#mynetwork").bounding_box()
    page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert "Decree 43/2011/NĐ-CP" in page.inner_text("div.vis-tooltip")
    assert w.foreign() == [] and not any(u.startswith("http") for u in w.requests), w.requests
    assert w.errors == [], w.errors
    w.close()


def test_a_thousand_node_view_draws_with_physics_off(browser, tmp_path: Path) -> None:
    """1,000 nodes (the cap) laid out in Python and drawn with physics off: the browser only paints."""
    nodes = [view.Node(f"n{i}", "initiative" if i % 3 else "normative", {"vi": f"Dự án {i}", "en": f"Project {i}"})
             for i in range(1000)]
    edges = [view.Edge(f"n{i}", f"n{(i * 7) % 97}", "basedOn") for i in range(1, 1000)]
    v = view.View(nodes, edges, None, 1, view.DEFAULT_KINDS, 1000, title={"vi": "thử", "en": "test"})
    view.layout(v)
    out = tmp_path / "big.html"
    out.write_text(render(v), encoding="utf-8")
    assert '"physics": {"enabled": false}' in out.read_text(encoding="utf-8")
    w = Watched(browser, allowed=())
    w.page.goto(out.as_uri())
    w.page.wait_for_function("() => window.kgViewReady === true", timeout=60_000)
    assert w.page.evaluate("() => window.kgViewNodes") == 1000
    assert w.errors == []
    w.close()
