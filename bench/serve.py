"""Benchmark of `kg serve`: concurrent SPARQL clients on loopback, and a runaway query.

Builds a store from a corpus (default ../shared/corpus), starts `kg serve` as a real
server process on 127.0.0.1, then runs a bounded load: `--clients` threads (default 8),
each on its own keep-alive HTTP connection, send `--requests` simple SELECT queries in
all (default 8,000; each a lookup of one document's label and number, documents taken
in turn from the store). While they run, one more client sends a runaway query (a
four-way cross product) that must be cut at the server's time limit (`--timeout`,
default 2 s) with a 503 while the others keep being served.

Prints queries/s, p50, p99 and max latency, errors, and what happened to the runaway
query; the target line checks at least 300 queries/s with zero errors and the runaway
cut within its limit (+1 s). Nothing leaves 127.0.0.1.

    python bench/serve.py [--corpus DIR] [--clients 8] [--requests 4000] [--workers N]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = "https://w3id.org/vn-kg/ontology#"
SIMPLE = ("PREFIX kg: <https://w3id.org/vn-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
          "SELECT ?label ?number WHERE {{ <{iri}> rdfs:label ?label . OPTIONAL {{ <{iri}> kg:number ?number }} }}")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus", help="texts to build the store from")
    p.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    p.add_argument("--requests", type=int, default=8000, help="simple queries in all (default 8000)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="kg serve query workers (default: cores)")
    p.add_argument("--timeout", type=float, default=2.0, help="the server's time limit, seconds (default 2)")
    p.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    return p.parse_args(argv)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(corpus: Path, store: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def documents(store: Path) -> list[str]:
    import pyoxigraph as ox
    db = ox.Store.read_only(str(store / "oxigraph"))
    rows = db.query(f"SELECT DISTINCT ?d WHERE {{ ?d <{KG}number> ?n }} ORDER BY ?d", use_default_graph_as_union=True)
    return [r["d"].value for r in rows]


def start(store: Path, port: int, workers: int, timeout: float, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port),
                             "--workers", str(workers), "--timeout", str(timeout)],
                            stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/sparql?query=" + urllib.parse.quote("ASK {}"))
            c.getresponse().read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"kg serve exited: {log.read_text()[-2000:]}")
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("kg serve did not answer within 90 s")


def client(port: int, jobs: list[str], latencies: list[float], errors: list[str], ends: list[float]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept": "application/sparql-results+json"}
    for q in jobs:
        t = time.perf_counter()
        try:
            conn.request("GET", "/sparql?query=" + urllib.parse.quote(q), headers=headers)
            r = conn.getresponse()
            body = r.read()
            if r.status != 200 or "results" not in json.loads(body):
                errors.append(f"HTTP {r.status}: {body[:100]!r}")
        except (OSError, ValueError, http.client.HTTPException) as e:
            errors.append(repr(e))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        ends.append(time.perf_counter())
        latencies.append(ends[-1] - t)


def runaway(port: int, out: dict) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    t = time.perf_counter()
    conn.request("GET", "/sparql?query=" + urllib.parse.quote(RUNAWAY))
    r = conn.getresponse()
    out.update(status=r.status, body=r.read().decode(errors="replace").strip(), seconds=time.perf_counter() - t,
               ended=time.perf_counter())


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="kg-bench-serve-") as tmp:
        store = Path(tmp) / "kg-store"
        secs = build(args.corpus, store)
        docs = documents(store)
        print(f"store: {args.corpus} built in {secs:.1f} s, {len(docs):,} numbered documents")
        port = free_port()
        proc = start(store, port, args.workers, args.timeout, Path(tmp) / "serve.log")
        try:
            queries = [SIMPLE.format(iri=docs[i % len(docs)]) for i in range(args.requests)]
            shares = [queries[i::args.clients] for i in range(args.clients)]
            latencies: list[list[float]] = [[] for _ in shares]
            errors: list[str] = []
            ends: list[float] = []
            ran: dict = {}
            threads = [threading.Thread(target=client, args=(port, s, lat, errors, ends))
                       for s, lat in zip(shares, latencies)]
            wild = threading.Thread(target=runaway, args=(port, ran))
            started = time.perf_counter()
            for t in threads:
                t.start()
            time.sleep(0.2)
            wild_started = time.perf_counter()
            wild.start()
            for t in threads:
                t.join()
            elapsed = time.perf_counter() - started
            wild.join()
        finally:
            proc.terminate()
            proc.wait(10)
    lat = [x for xs in latencies for x in xs]
    qps = len(lat) / elapsed
    print(f"load: {args.clients} clients, {len(lat):,} simple SELECT queries over keep-alive HTTP, "
          f"kg serve with {args.workers} workers")
    print(f"  {qps:,.0f} queries/s; latency p50 {1000 * statistics.median(lat):.2f} ms, p99 "
          f"{1000 * pct(lat, 99):.2f} ms, max {1000 * max(lat):.1f} ms; errors {len(errors)}")
    for e in errors[:5]:
        print(f"    {e}")
    window = (wild_started, ran.get("ended", wild_started))
    served = sum(window[0] <= e <= window[1] for e in ends)
    span = window[1] - window[0]
    print(f"runaway query (time limit {args.timeout:g} s): HTTP {ran.get('status')} after {ran.get('seconds', 0):.2f} s"
          f" — {ran.get('body', '')[:90]}")
    print(f"  while it ran, {served:,} simple queries were answered ({served / span if span else 0:,.0f}/s); "
          f"the load lasted {elapsed:.2f} s")
    cut = ran.get("status") == 503 and ran.get("seconds", 1e9) <= args.timeout + 1.0
    ok = qps >= 300 and not errors and cut
    print(f"target: >= 300 queries/s with zero errors, runaway cut at its limit: {'PASS' if ok else 'FAIL'} "
          f"({qps:,.0f} q/s, {len(errors)} errors, runaway {'cut' if cut else 'NOT cut'})")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
