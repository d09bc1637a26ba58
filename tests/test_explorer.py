"""The explorer of `kg serve` in a real browser: Debian's Chromium, headless, driven by
Playwright. Home page → search → an entity page → its dependency graph drawn, with no
request to anything but 127.0.0.1 and no console error."""
from __future__ import annotations

import sys
import urllib.parse
from pathlib import Path

import pytest

from conftest import Server, Watched, free_port


@pytest.fixture(scope="module")
def server(seeds_store: Path, tmp_path_factory: pytest.TempPathFactory):
    port = free_port()
    s = Server([sys.executable, "-m", "kg", "serve", "--store", str(seeds_store), "--port", str(port),
                "--workers", "2"], f"http://127.0.0.1:{port}", "/sparql",
               log=tmp_path_factory.mktemp("explorer") / "serve.log")
    yield s
    s.stop()


def test_search_then_entity_page_with_its_graph(server: Server, browser, tmp_path: Path) -> None:
    w = Watched(browser)
    page = w.page
    page.goto(server.url + "/")
    page.fill("#home-q", "chu ky so")
    page.press("#home-q", "Enter")
    page.wait_for_selector("ul.hits a")
    links = page.locator("ul.hits a")
    assert "chữ ký số" in links.first.inner_text().lower()
    target = page.locator("ul.hits a", has_text="Dự án Triển khai hệ thống chứng thực điện tử và chữ ký số")
    target.first.click()
    page.wait_for_selector("article.card h1")
    assert "chữ ký số" in page.inner_text("article.card h1")
    frame = page.frame_locator("iframe#graph")
    page.wait_for_function(
        "() => { const f = document.querySelector('iframe#graph'); "
        "return f && f.contentWindow && f.contentWindow.kgViewReady === true; }", timeout=60_000)
    nodes = page.evaluate("() => document.querySelector('iframe#graph').contentWindow.kgViewNodes")
    assert nodes >= 1
    assert frame.locator("body").count() == 1
    page.screenshot(path=str(tmp_path / "entity.png"), full_page=True)
    assert (tmp_path / "entity.png").stat().st_size > 10_000
    assert w.foreign() == [], w.foreign()
    assert w.errors == [], w.errors
    w.close()


def test_entity_page_of_a_decree_shows_relations_and_sources(server: Server, browser) -> None:
    w = Watched(browser)
    page = w.page
    page.goto(server.url + "/search?q=" + urllib.parse.quote("nghi quyet 36-NQ/TW"))
    page.locator("ul.hits a", has_text="Nghị quyết 36-NQ/TW").first.click()
    page.wait_for_selector("article.card")
    text = " ".join(page.inner_text("article.card").split())
    assert "Incoming (1)" in text and "basedOn (1)" in text and "Chương trình 56-CTr/TU" in text
    # the evidence links to the source text, the sentence marked
    page.locator("a.src").first.click()
    page.wait_for_selector("mark#mark")
    assert "36-NQ/TW" in page.inner_text("mark#mark")
    assert w.foreign() == [] and w.errors == []
    w.close()


def test_sparql_editor_runs_a_saved_query_with_its_parameter(server: Server, browser) -> None:
    w = Watched(browser)
    page = w.page
    page.goto(server.url + "/editor")
    page.select_option("#saved", "depends")
    page.fill("input[data-param=target]", "Nghị quyết 36-NQ/TW")
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    assert page.locator("table.results tbody tr").count() == 2
    assert "2 row(s)" in page.inner_text("#status")
    page.fill("#query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    page.click("#run")
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('1 row(s)')")
    assert w.foreign() == [] and w.errors == []
    w.close()
