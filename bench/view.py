"""Benchmark: how long a `kg view` page takes to be drawn in headless Chromium, ours beside
pyvis's physics settings on the same nodes and edges, in one run.

    .venv/bin/python bench/view.py [--nodes 1000,300] [--timeout S] [--json]

For each size N a deterministic graph (`random.Random(N)`) of N nodes in our classes and
~1.3 N basedOn/approvedBy edges is made into a `kg.view.View`, laid out (`kg.view.layout`,
timed) and rendered three ways:
  ours          `kg.pyvis_page.render`: positions from Python, physics off;
  stabilise-100 the same page with barnesHut physics and stabilisation capped at 100 iterations;
  pyvis-default the same page with vis-network's default physics (stabilisation 1,000 iterations).
Each page is opened from a file in Debian's Chromium (Playwright, no network) and timed from
navigation to the first `afterDrawing` after stabilisation (`window.kgViewReady`), the
moment a user can pan, zoom and hover. A page not ready within --timeout is "> S s".
Exits 0 whatever the numbers say.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # bench/ comes first on sys.path and holds bench/extract.py

from kg import view  # noqa: E402
from kg.pyvis_page import render  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
PHYSICS = {
    "stabilise-100": '"physics": {"enabled": true, "solver": "barnesHut", "stabilization": {"iterations": 100}}',
    "pyvis-default": '"physics": {"enabled": true}',
}
# with physics on, ready means: the stabilisation iterations done (the page is then shown), then drawn
READY_AFTER_STABILISING = ('network.once("afterDrawing", function () { window.kgViewReady = true; });',
                           'network.once("stabilizationIterationsDone", function () { network.once("afterDrawing", function () '
                           '{ window.kgViewReady = true; }); network.redraw(); });')


def synthetic(n: int) -> view.View:
    rng = random.Random(n)
    kinds = ["initiative", "normative", "administrative", "party", "document"]
    nodes = [view.Node(f"n{i}", rng.choice(kinds), {"vi": f"Quyết định {i}/QĐ-UBND", "en": f"Decision {i}/QĐ-UBND"},
                       {"number": f"{i}/QĐ-UBND"}) for i in range(n)]
    edges = {(f"n{i}", f"n{rng.randrange(i)}", rng.choice(["basedOn", "approvedBy"]))
             for i in range(1, n) for _ in range(rng.choice([1, 1, 2]))}
    return view.View(nodes, [view.Edge(s, o, p) for s, o, p in sorted(edges)], None, 1, view.DEFAULT_KINDS, n,
                     title={"vi": f"{n} nút", "en": f"{n} nodes"})


def pages(v: view.View) -> dict[str, str]:
    ours = render(v)
    out = {"ours": ours}
    for name, physics in PHYSICS.items():
        page = ours.replace('"physics": {"enabled": false}', physics)
        page = page.replace(*READY_AFTER_STABILISING)
        out[name] = re.sub(r'"[xy]": -?[\d.]+(?:e[-+]?\d+)?, ', "", page)   # let physics place them
    return out


def time_page(browser, path: Path, timeout: float) -> float | None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(path.as_uri())
    try:
        page.wait_for_function("() => window.kgViewReady === true", timeout=timeout * 1000, polling=50)
        return time.perf_counter() - start
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: not ready in time
        return None
    finally:
        context.close()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nodes", default="1000,300", help="comma-separated sizes (default 1000,300)")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds before a page counts as not ready")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    from playwright.sync_api import sync_playwright
    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for n in [int(x) for x in args.nodes.split(",")]:
            v = synthetic(n)
            t = time.perf_counter()
            view.layout(v)
            layout_s = time.perf_counter() - t
            row = {"nodes": n, "edges": len(v.edges), "layout_s": round(layout_s, 2)}
            for name, html in pages(v).items():
                path = Path(tmp) / f"{name}-{n}.html"
                path.write_text(html, encoding="utf-8")
                row[name] = time_page(browser, path, args.timeout)
            results.append(row)
        browser.close()
    if args.json:
        print(json.dumps({"machine": platform.processor() or platform.machine(), "results": results}, indent=1))
        return
    print(f"machine: {platform.machine()}, Python {platform.python_version()}; Chromium {CHROMIUM}, headless")
    print(f"{'nodes':>6} {'edges':>6} {'layout s':>9} {'ours s':>8} {'stabilise-100 s':>16} {'pyvis-default s':>16}")

    def fmt(x: float | None) -> str:
        return f"> {args.timeout:.0f}" if x is None else f"{x:.2f}"
    for r in results:
        print(f"{r['nodes']:>6} {r['edges']:>6} {r['layout_s']:>9.2f} {fmt(r['ours']):>8} "
              f"{fmt(r['stabilise-100']):>16} {fmt(r['pyvis-default']):>16}")
    for r in results:
        if r["ours"] is not None:
            total = r["ours"] + r["layout_s"]
            others = [r[k] for k in PHYSICS if r[k] is not None]
            ratio = f", {min(others) / total:.1f}x faster than the best physics setting" if others else ""
            print(f"{r['nodes']} nodes: layout + draw {total:.2f} s{ratio}")


if __name__ == "__main__":
    main()
