"""Benchmark: latency of `kg depends` (transitive dependents, chains, evidence) on a store of at least 1M triples.

    .venv/bin/python bench/query.py [--triples N] [--sample N] [--seed N] [--json]

1. Graph. `synthesize()` of bench/build.py (loaded from its file) writes a dependency graph of documents and
   initiatives as N-Triples, sized so that the store below holds at least N quads (default 1,000,000). It is
   laid out as `kg build` writes a store: each document or initiative has its own source (a kg:SourceReport
   with kg:fileName and kg:textOf, in a named graph that is a kg:SourceGraph derived from it), whose graph holds
   its outgoing kg:basedOn / kg:approvedBy / kg:partOf links, its kg:issuedBy, `a kg:Document` for a document,
   and one kg:Evidence per link (rdf:subject, rdf:predicate, rdf:object, kg:sentence, kg:start, kg:end,
   kg:source, kg:cue, as kg/graph.py writes it); labels, numbers, kinds, dates and classes go to graph/canonical
   (no kg:Mention nodes: `depends` does not read them).
   N-Quads, loaded with `bulk_load` into a new on-disk store, compacted (`optimize`), then opened read-only as
   `kg depends` opens it (`kg.store.open_store(..., read_only=True)`) and copied into memory with
   `kg.store.memory_copy` (what `kg serve --in-memory` queries). Load times are wall-clock seconds.
2. Targets: --sample (default 60) documents or initiatives with at least one direct dependent, drawn with
   `random.Random(seed)`, the hub decrees of build.py excepted; and, apart, the hub 43/2011/NĐ-CP. A target's
   dependents run from one to tens of thousands (each document cites recent ones, so old ones reach far), and
   the large ones take most of the run: about 5 minutes on 2 cores with the defaults.
3. On each store, per target: `kg.answers.depends(store, iri)`, what `kg depends` does before printing: the saved
   query queries/depends.rq with ?target bound (`kg.queries.run_terms`, every row materialised as terms), then
   the chain of every dependent and the target's label. The saved query is timed apart inside that same call
   (`run_terms` wrapped while measuring), so `depends` minus the query is the Python chain building and the
   label. One warm-up pass over all targets, then one timed pass (time.perf_counter, after gc.collect(); also
   the calling thread's CPU time, time.thread_time: on a busy machine wall-clock time includes waiting for a core).
   Reported: p50, p90, p99 (nearest rank), max and mean ms; dependents and rows per target; p50 by number of
   dependents; the hub, one run after the passes (it reaches most of the graph).
4. `target: depends p50 < 50 ms at >= 1M triples: PASS/FAIL (x ms)`, on disk and in memory.
Exits 0 whatever the numbers say.
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET_MS, MIN_TRIPLES = 50.0, 1_000_000
EXPANSION = 3.2  # quads in the store per triple synthesize() writes (~3.3: sources and evidence), with a margin
LINKS = ("basedOn", "approvedBy", "partOf")
CUES = {"basedOn": "Căn cứ", "approvedBy": "Phê duyệt tại", "partOf": "Thuộc"}
BUCKETS = [(1, 9), (10, 99), (100, 999), (1000, None)]


def load_build() -> ModuleType:
    """bench/build.py as a module, by its path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_build", REPO / "bench" / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.fix_path()  # bench/extract.py would shadow the extract package that kg imports
    return module


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--triples", type=int, default=MIN_TRIPLES, help="at least this many quads in the store")
    p.add_argument("--sample", type=int, default=60, help="targets timed (default 60)")
    p.add_argument("--seed", type=int, default=1, help="seed of the graph and of the sample (default 1)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    return p.parse_args(argv)


def machine_info() -> dict[str, Any]:
    with open("/proc/cpuinfo", encoding="utf-8") as f:  # Linux only
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "pyoxigraph": version("pyoxigraph"), "load_start": os.getloadavg()[0]}


def layout(b: ModuleType, nt: Path, nq: Path) -> dict[str, Any]:
    """Rewrite synthesize()'s N-Triples as N-Quads laid out as `kg build` writes them (see the docstring)."""
    kg, rdf, idb = f"<{b.KG}", f"<{b.RDF}", b.ID
    links = {f"{kg}{p}>": p for p in LINKS}
    own = set(links) | {f"{kg}issuedBy>"}
    hubs = {f'"{number}"' for number, *_ in b.HUBS}
    lines = nt.read_text(encoding="utf-8").splitlines()
    labels = {s: o[1:o.rindex('"')] for s, p, o in (ln.split(" ", 2) for ln in lines) if p == f"<{b.RDFS}label>"}
    canonical = f"<{idb}graph/canonical>"
    sources: dict[str, int] = {}
    cited: set[str] = set()
    hub_iris: dict[str, str] = {}
    evidence = 0
    with nq.open("w", encoding="utf-8") as out:
        for line in lines:
            s, p, o = line.split(" ", 2)
            o = o.removesuffix(" .")
            new = s not in sources
            k = sources.setdefault(s, len(sources))
            g, src = f"<{idb}graph/s{k}>", f"<{idb}source/s{k}>"
            if new:  # the subject's source and its named graph
                out.write(f"{g} {rdf}type> {kg}SourceGraph> {g} .\n"
                          f"{g} <http://www.w3.org/ns/prov#wasDerivedFrom> {src} {g} .\n"
                          f"{src} {rdf}type> {kg}SourceReport> {g} .\n"
                          f'{src} {kg}fileName> "synthetic/s{k}.txt" {g} .\n{src} {kg}textOf> {s} {g} .\n')
            if p == f"{rdf}type>" and o != f"{kg}Initiative>":
                out.write(f"{s} {rdf}type> {kg}Document> {g} .\n")
            elif p == f"{kg}number>" and o in hubs:
                hub_iris[o.strip('"')] = s[1:-1]
            out.write(f"{s} {p} {o} {g if p in own or o == f'{kg}Initiative>' else canonical} .\n")
            if p not in links:
                continue
            cited.add(o[1:-1])
            cue, ev, start = CUES[links[p]], f"<{idb}evidence/s{k}/{evidence}>", 40 + 170 * (evidence % 9)
            sentence = f"{cue} {labels.get(o, o)} về việc triển khai ứng dụng công nghệ thông tin và chuyển đổi số;"
            integer = f"^^<{b.XSD}integer>"
            out.writelines(f"{ev} {pp} {oo} {g} .\n" for pp, oo in (
                (f"{rdf}type>", f"{kg}Evidence>"), (f"{rdf}subject>", s), (f"{rdf}predicate>", p),
                (f"{rdf}object>", o), (f"{kg}sentence>", f'"{sentence}"'), (f"{kg}start>", f'"{start}"{integer}'),
                (f"{kg}end>", f'"{start + len(sentence)}"{integer}'), (f"{kg}source>", src),
                (f"{kg}cue>", f'"{cue.lower()}"')))
            evidence += 1
    return {"sources": len(sources), "evidence": evidence, "hub_iris": hub_iris,
            "cited": sorted(cited - set(hub_iris.values())), "nq_mb": round(nq.stat().st_size / 1e6, 1)}


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[max(0, math.ceil(q * len(s)) - 1)]


def summary(ms: list[float]) -> dict[str, float]:
    return {"p50": pct(ms, .5), "p90": pct(ms, .9), "p99": pct(ms, .99), "max": max(ms),
            "mean": statistics.fmean(ms)}


@contextmanager
def query_timer(sink: list[tuple[float, int]]) -> Iterator[None]:
    """While open, every `kg.queries.run_terms` call (the saved query inside `answers.depends`) appends its
    (ms, rows) to `sink`: the raw query is timed inside the very call of `depends` that is timed."""
    from kg import queries
    inner = queries.run_terms

    def run_terms(*args: Any, **kwargs: Any) -> tuple[list[str], list[dict[str, Any]]]:
        t = time.perf_counter()
        out = inner(*args, **kwargs)
        sink.append(((time.perf_counter() - t) * 1000, len(out[1])))
        return out
    queries.run_terms = run_terms
    try:
        yield
    finally:
        queries.run_terms = inner


def depends_ms(store: Any, target: str, sink: list[tuple[float, int]]) -> tuple[float, float, float, int, int]:
    """(ms of `answers.depends`, its CPU ms, ms of its saved query with rows materialised, dependents, rows)."""
    from kg import answers
    gc.collect()  # no earlier garbage collected inside the timed call
    t, cpu = time.perf_counter(), time.thread_time()
    dependents = len(answers.depends(store, target).dependents)
    ms, cpu_ms = (time.perf_counter() - t) * 1000, (time.thread_time() - cpu) * 1000
    raw, rows = sink.pop()
    return ms, cpu_ms, raw, dependents, rows


def measure(store: Any, targets: list[str], hub: str) -> dict[str, Any]:
    from kg import answers
    sink: list[tuple[float, int]] = []
    with query_timer(sink):
        for t in targets:  # the warm-up pass
            answers.depends(store, t)
        sink.clear()
        runs = [depends_ms(store, t, sink) for t in targets]
        hub_ms, _, hub_raw, hub_dependents, hub_rows = depends_ms(store, hub, sink)
    dep, cpu, raw, counts, rows = (list(col) for col in zip(*runs))
    return {"depends": summary(dep), "cpu": summary(cpu), "raw": summary(raw),
            "chains": summary([d - r for d, r in zip(dep, raw)]),
            "dependents": summary(counts), "rows": summary(rows),
            "buckets": [{"from": lo, "to": hi, "targets": len(b), "p50": pct(b, .5) if b else None}
                        for lo, hi in BUCKETS
                        for b in [[d for d, n in zip(dep, counts) if lo <= n <= (hi or n)]]],
            "hub": {"depends_ms": hub_ms, "raw_ms": hub_raw, "dependents": hub_dependents, "rows": hub_rows}}


def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    b = load_build()
    import pyoxigraph as ox
    from kg.store import memory_copy, open_store
    nt, nq = tmp / "synthetic.nt", tmp / "synthetic.nq"
    t = time.perf_counter()
    shape = b.synthesize(nt, math.ceil(args.triples / EXPANSION), args.seed)
    shape |= layout(b, nt, nq) | {"write_s": round(time.perf_counter() - t, 2)}
    nt.unlink()
    t = time.perf_counter()
    store = open_store(tmp / "store")
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.optimize()  # as `kg build` leaves its store: compacted
    del store
    disk = open_store(tmp / "store", read_only=True)
    loads = {"disk_s": round(time.perf_counter() - t, 2), "quads": len(disk)}
    t = time.perf_counter()
    mem = memory_copy(disk)
    loads["memory_copy_s"] = round(time.perf_counter() - t, 2)
    cited = shape.pop("cited")
    targets = random.Random(args.seed).sample(cited, min(args.sample, len(cited)))
    hub = shape["hub_iris"][b.HUB]
    t = time.perf_counter()
    stores = {"disk": measure(disk, targets, hub), "memory": measure(mem, targets, hub)}
    return {"shape": shape, "loads": loads, "targets": len(targets), "hub": b.HUB, "stores": stores,
            "measure_s": round(time.perf_counter() - t, 1)}


def target(res: dict[str, Any], where: str) -> tuple[bool, str]:
    p50, quads = res["stores"][where]["depends"]["p50"], res["loads"]["quads"]
    ok = p50 < TARGET_MS and quads >= MIN_TRIPLES
    return ok, (f"target: depends p50 < {TARGET_MS:g} ms at >= 1M triples ({where}, {quads:,} quads): "
                f"{'PASS' if ok else 'FAIL'} ({p50:.1f} ms)")


def report(res: dict[str, Any]) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    con, m, s, ld = Console(width=max(120, Console().width)), res["machine"], res["shape"], res["loads"]
    con.print(f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, pyoxigraph {m['pyoxigraph']}; "
              f"load average {m['load_start']:.2f} at the start, {m['load_end']:.2f} at the end")
    con.print(f"graph (seed {res['seed']}): {ld['quads']:,} quads: {s['triples']:,} synthesized triples "
              f"({s['documents']:,} documents, {s['initiatives']:,} initiatives), {s['sources']:,} sources, "
              f"{s['evidence']:,} links with their evidence; {s['nq_mb']} MB of N-Quads written in {s['write_s']} s")
    con.print(f"load: bulk_load + optimize {ld['disk_s']} s; memory_copy {ld['memory_copy_s']} s; "
              f"{res['targets']} targets, timing {res['measure_s']} s")
    t = Table(title="ms per target (one warm-up pass, then one timed pass)", box=box.SIMPLE_HEAD,
              title_justify="left")
    for i, col in enumerate(["store", "measure", "p50", "p90", "p99", "max", "mean"]):
        t.add_column(col, justify="right" if i > 1 else "left")
    for where, r in res["stores"].items():
        for name, label in (("depends", "answers.depends"), ("cpu", "its CPU time"), ("raw", "saved query + rows"),
                            ("chains", "depends - query")):
            t.add_row(where, label, *(f"{r[name][k]:.1f}" for k in ("p50", "p90", "p99", "max", "mean")))
    r = res["stores"]["disk"]
    for name in ("dependents", "rows"):
        t.add_row("", f"{name} per target", *(f"{r[name][k]:,.0f}" for k in ("p50", "p90", "p99", "max", "mean")))
    con.print(t)
    for where, r in res["stores"].items():
        con.print(f"{where}: depends p50 by dependents: " + "; ".join(
            f"{bk['from']}-{bk['to'] or ''}: "
            + (f"{bk['p50']:.1f} ms ({bk['targets']})" if bk["targets"] else "none") for bk in r["buckets"]))
        h = r["hub"]
        con.print(f"{where}: hub {res['hub']} ({h['dependents']:,} dependents, {h['rows']:,} rows): "
                  f"depends {h['depends_ms']:.0f} ms, raw query {h['raw_ms']:.0f} ms")
    for where in res["stores"]:
        con.print(res[f"target_{where}"])


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    machine = machine_info()
    with tempfile.TemporaryDirectory(prefix="kg-bench-query-") as d:
        res = run(args, Path(d))
    res |= {"machine": machine | {"load_end": os.getloadavg()[0]}, "seed": args.seed}
    for where in res["stores"]:
        res[f"target_{where}_pass"], res[f"target_{where}"] = target(res, where)
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
    else:
        report(res)


if __name__ == "__main__":
    main()
