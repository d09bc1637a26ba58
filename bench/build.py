"""Benchmark: ingest of a corpus into the store, and SPARQL speed of the store vs rdflib, in one run.

    .venv/bin/python bench/build.py [CORPUS_DIR] [--triples N] [--repeat N] [--timeout S] [--seed N] [--json]

1. Ingest. `kg.build.build([CORPUS_DIR], store=<new temp folder>)` runs in a spawned child, so
   its peak RSS (`RUSAGE_CHILDREN` once it has exited) is the build's own. Seconds are the
   `build()` call (the spaCy pipeline loads inside it; imports do not count). MB = 10^6 bytes
   of UTF-8 text as `extract.read.read_text` returns it, measured apart, untimed. The store's
   size is the blocks on disk of its whole folder (Oxigraph, records, manifest), as du counts.
2. Queries. A synthetic dependency graph of about N triples in our vocabulary (deterministic,
   `random.Random(seed)`): documents with kg:number, rdfs:label, kind, date, issuer, province;
   each based on 1-3 earlier documents (mostly recent ones, 8 % a hub decree such as
   43/2011/NĐ-CP, some an initiative); initiatives approved by a document, some part of another.
   Written as N-Triples, loaded into pyoxigraph on disk (`bulk_load`), copied from there into an
   in-memory pyoxigraph store (`kg.store.memory_copy`, what `kg serve` queries; its load time is the copy) and
   rdflib's in-memory `Graph` (in a spawned child, so it can be killed). Each query (the same
   text everywhere, every row turned into a string) runs once as warm-up, then ``--repeat``
   times; the median counts. A warm-up slower than SLOW_S is the only run (shown as "1 run");
   an rdflib query slower than ``--timeout`` is reported as "> S s" and the child is killed.
   Row counts and a digest of the sorted rows must agree across engines.
Exits 0 whatever the numbers say; 1 only when CORPUS_DIR holds no supported file.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "bulk"
TARGET_X, SLOW_S, LOAD_LIMIT_S = 10.0, 10.0, 300.0
KG, ID = "https://w3id.org/vn-kg/ontology#", "https://w3id.org/vn-kg/id/"
RDF, RDFS, XSD = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
                  "http://www.w3.org/2001/XMLSchema#")
HUB = "43/2011/NĐ-CP"
HUBS = [(HUB, 2011, 30), ("64/2007/NĐ-CP", 2007, 12), ("102/2009/NĐ-CP", 2009, 10), ("1819/QĐ-TTg", 2015, 10),
        ("17/NQ-CP", 2019, 8), ("749/QĐ-TTg", 2020, 8), ("942/QĐ-TTg", 2021, 6), ("06/QĐ-TTg", 2022, 6)]
LOCAL_KINDS = [("QĐ-UBND", "Quyết định", "quyet-dinh"), ("KH-UBND", "Kế hoạch", "ke-hoach"),
               ("NQ-HĐND", "Nghị quyết", "nghi-quyet"), ("BC-UBND", "Báo cáo", "bao-cao")]
PROVINCES = ["quang-ninh", "cao-bang", "thai-binh", "ha-noi", "da-nang", "lam-dong", "can-tho", "nghe-an"]
INIT_KINDS = ["du-an", "de-an", "chuong-trinh", "ke-hoach", "quy-hoach"]
DEP = "(kg:basedOn|kg:approvedBy)"
PREFIX = f"PREFIX kg: <{KG}>\n"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--triples", type=int, default=1_000_000, help="synthetic graph size (default 1,000,000)")
    p.add_argument("--repeat", type=int, default=5, help="timed runs per query after a warm-up (default 5)")
    p.add_argument("--timeout", type=float, default=120.0, help="limit for one rdflib query, s (default 120)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    return p.parse_args(argv)


def fix_path() -> None:  # Python puts bench/ first on sys.path, where "extract" is bench/extract.py
    sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]


def machine_info() -> dict:
    with open("/proc/cpuinfo", encoding="utf-8") as f:  # Linux only, as is ru_maxrss in KiB
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "pyoxigraph": version("pyoxigraph"), "rdflib": version("rdflib"), "spacy": version("spacy")}


def maxrss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def du_mb(folder: Path, suffix: str = "") -> float:
    return round(sum(os.lstat(Path(d) / f).st_blocks * 512 for d, _, fs in os.walk(folder)
                     for f in fs if f.endswith(suffix)) / 1e6, 1)


def spawn(target, *args):
    """A fresh interpreter running target(*args, conn) and the end of the pipe it writes to."""
    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=target, args=(*args, send))   # not a daemon: kg build starts workers of its own
    child.start()
    send.close()
    return child, recv


def ingest_worker(corpus: str, folder: str, conn) -> None:
    fix_path()
    from extract.batch import stop_fork_server
    from kg.build import build
    t = time.perf_counter()
    rep = build([corpus], store=folder)
    stop_fork_server()   # the workers are its children: once it is waited for, the peak RSS counts them
    conn.send({"seconds": round(time.perf_counter() - t, 3), "extracted": rep.extracted, "failed": len(rep.failed),
               "graphs_written": rep.graphs_written, "triples_written": rep.triples_written})


def ingest(corpus: Path, paths: list[Path], folder: Path) -> dict:
    from extract.errors import ReadError
    from extract.read import read_text
    from kg.store import open_store
    mb = 0.0
    for path in paths:  # untimed: the size of what the build reads
        try:
            mb += len(read_text(path).encode("utf-8")) / 1e6
        except ReadError:
            pass
    child, recv = spawn(ingest_worker, str(corpus), str(folder))
    out = recv.recv()
    child.join()
    out |= {"docs": len(paths), "mb": round(mb, 3), "mb_s": round(mb / out["seconds"], 3),
            "docs_s": round(out["extracted"] / out["seconds"], 1), "peak_rss_mb": maxrss_mb(resource.RUSAGE_CHILDREN),
            "store_mb": du_mb(folder), "wal_mb": du_mb(folder, ".log")}
    store = open_store(folder)  # reopening replays and drops the write-ahead log
    out["quads_in_store"] = len(store)
    del store
    return out | {"store_mb_reopened": du_mb(folder)}


def synthesize(path: Path, target: int, seed: int) -> dict:
    """Write about `target` triples of documents and initiatives as N-Triples; return the shape."""
    rng, guess, docs, numbers, inits, cited = random.Random(seed), max(1, target // 10), [], [], [], {}
    with path.open("w", encoding="utf-8") as f:
        def emit(s: str, pos: list[tuple[str, str]]) -> int:
            f.writelines(f"<{s}> <{p}> {o} .\n" for p, o in pos)
            return len(pos)

        def cite() -> str:  # a hub 8 %, a recent document 62 %, any earlier one 30 %
            r = rng.random()
            i = (rng.choices(range(len(HUBS)), [w for *_, w in HUBS])[0] if r < 0.08 else
                 len(docs) - rng.randint(1, min(2000, len(docs))) if r < 0.7 else rng.randrange(len(docs)))
            cited[i] = cited.get(i, 0) + 1
            return docs[i]
        n = 0
        for number, year, _ in HUBS:  # the hub decrees first: everything may rely on them
            kind = "Nghị định" if "NĐ" in number else "Quyết định" if "QĐ" in number else "Nghị quyết"
            docs.append(f"{ID}doc/{year}/{number.lower().replace('/', '-')}")
            numbers.append(number)
            n += emit(docs[-1], [(RDF + "type", f"<{KG}NormativeDocument>"), (KG + "number", f'"{number}"'),
                                 (RDFS + "label", f'"{kind} {number}"@vi')])
        while n < target:  # each pass writes at least 6 triples
            i = len(docs) + len(inits)
            prov, year = PROVINCES[i % len(PROVINCES)], min(2025, 2008 + 18 * i // guess)
            if rng.random() < 0.08:
                iri, name = f"{ID}initiative/{prov}/i{i}", f"Đề án chuyển đổi số số {i}"
                part = [(KG + "partOf", f"<{inits[-rng.randint(1, min(200, len(inits)))]}>")] \
                    if inits and rng.random() < 0.3 else []
                n += emit(iri, [(RDF + "type", f"<{KG}Initiative>"), (KG + "name", f'"{name}"'),
                                (RDFS + "label", f'"{name}"@vi'), (KG + "province", f"<{ID}province/{prov}>"),
                                (KG + "initiativeKind", f"<{KG}initiative-{rng.choice(INIT_KINDS)}>"),
                                (KG + "approvedBy", f"<{cite()}>")] + part)
                inits.append(iri)
                continue
            code, kind, concept = rng.choice(LOCAL_KINDS)
            number, iri = f"{len(docs)}/{code}", f"{ID}doc/{year}/{prov}/{len(docs)}-{concept}"  # unique
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            basis = {inits[-rng.randint(1, min(500, len(inits)))] if inits and rng.random() < 0.05 else cite()
                     for _ in range(rng.randint(1, 3))}
            n += emit(iri, [(RDF + "type", f"<{KG}AdministrativeDocument>"), (KG + "number", f'"{number}"'),
                            (RDFS + "label", f'"{kind} {number}"@vi'),
                            (KG + "documentKind", f"<{KG}doctype-{concept}>"),
                            (KG + "dateIssued", f'"{date}"^^<{XSD}date>'), (KG + "year", f'"{year}"^^<{XSD}integer>'),
                            (KG + "issuedBy", f"<{ID}agency/ubnd-{prov}>"), (KG + "province", f"<{ID}province/{prov}>")]
                      + [(KG + "basedOn", f"<{o}>") for o in basis])
            docs.append(iri)
            numbers.append(number)
    q3 = max((i for i in cited if i >= len(HUBS)), key=lambda i: (cited[i], -i))  # the most cited non-hub
    return {"triples": n, "documents": len(docs), "initiatives": len(inits),
            "nt_mb": round(path.stat().st_size / 1e6, 1), "q3_number": numbers[q3]}


def queries(q3_number: str) -> dict[str, str]:
    return {
        "Q1 2-hop": PREFIX + f'SELECT DISTINCT ?x WHERE {{ ?hub kg:number "{HUB}" . ?x {DEP}/{DEP}? ?hub }}',
        "Q2 transitive": PREFIX + f'SELECT DISTINCT ?x WHERE {{ ?hub kg:number "{HUB}" . '
                                  f'?x (kg:basedOn|kg:approvedBy|kg:partOf)+ ?hub }}',
        "Q3 direct": PREFIX + f'SELECT DISTINCT ?x WHERE {{ ?doc kg:number "{q3_number}" . ?x {DEP} ?doc }}',
    }


def measure(run, query: str, repeat: int, on_first=None) -> dict:
    t = time.perf_counter()
    rows = run(query)
    first = time.perf_counter() - t
    if on_first:
        on_first(first)
    times = [first] if first > SLOW_S else []
    for _ in range(0 if times else repeat):
        t = time.perf_counter()
        run(query)
        times.append(time.perf_counter() - t)
    digest = hashlib.sha1("\n".join(sorted(rows)).encode()).hexdigest()[:12]
    return {"ms": round(statistics.median(times) * 1000, 2), "runs": len(times), "rows": len(rows), "digest": digest}


def rdflib_worker(nt: str, qs: list[tuple[str, str]], repeat: int, conn) -> None:
    from rdflib import Graph
    t = time.perf_counter()
    g = Graph()
    g.parse(nt, format="nt")
    conn.send(("load", round(time.perf_counter() - t, 2), len(g)))
    for name, q in qs:
        res = measure(lambda q: [str(r[0]) for r in g.query(q)], q, repeat, lambda s: conn.send(("first", s)))
        conn.send(("done", res))
    conn.send(("rss", maxrss_mb()))


def rdflib_side(nt: Path, qs: dict[str, str], args: argparse.Namespace) -> dict:
    """rdflib in a child it can kill: cheapest query first, so a timeout loses the least."""
    order = sorted(qs.items(), key=lambda kv: "Q3 Q1 Q2".index(kv[0][:2]))
    child, recv = spawn(rdflib_worker, str(nt), order, args.repeat)
    out: dict = {"queries": {}}
    get = lambda limit: recv.recv() if recv.poll(limit) else None  # noqa: E731
    try:
        if (msg := get(LOAD_LIMIT_S)) is None:
            return out | {"error": f"load > {LOAD_LIMIT_S:g} s"}
        out |= {"load_s": msg[1], "triples": msg[2]}
        for name, _ in order:  # the first run within --timeout, the warm ones within --repeat times that
            if get(args.timeout) is None or (msg := get(args.timeout * args.repeat)) is None:
                out["queries"][name] = {"timeout_s": args.timeout}
                return out | {"error": f"{name} took > {args.timeout:g} s; later queries not run"}
            out["queries"][name] = msg[1]
        out["peak_rss_mb"] = (get(30) or (None, None))[1]
    except EOFError:
        out["error"] = "the rdflib child died"
    finally:
        if child.is_alive():
            child.kill()
        child.join()
    return out


def query_bench(tmp: Path, args: argparse.Namespace) -> dict:
    import pyoxigraph as ox
    nt, t = tmp / "synthetic.nt", time.perf_counter()
    shape = synthesize(nt, args.triples, args.seed) | {"seconds": round(time.perf_counter() - t, 2)}
    qs = queries(shape["q3_number"])
    from kg.store import memory_copy
    engines, loads = {}, {}
    disk = ox.Store(str(tmp / "synthetic-store"))
    for name in ("oxigraph-disk", "oxigraph-copy"):
        t = time.perf_counter()
        if name == "oxigraph-disk":
            store = disk
            store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
            store.optimize()  # as `kg build` leaves its store: compacted
        else:  # what `kg serve` queries: the disk store copied into memory
            store = memory_copy(disk)
        loads[name] = {"load_s": round(time.perf_counter() - t, 2), "triples": len(store)}
        engines[name] = {qn: measure(lambda q: [s[0].value for s in store.query(q)], q, args.repeat)
                         for qn, q in qs.items()}
    loads["oxigraph-disk"]["disk_mb"] = du_mb(tmp / "synthetic-store")
    rdf = rdflib_side(nt, qs, args)
    loads["rdflib"] = {k: rdf[k] for k in ("load_s", "triples", "peak_rss_mb") if k in rdf}
    engines["rdflib"] = rdf["queries"]
    compare = {}
    for qn in qs:
        got = {e: (r[qn]["rows"], r[qn]["digest"]) for e, r in engines.items() if "rows" in r.get(qn, {})}
        c = compare[qn] = {"agree": len(set(got.values())) == 1, "rows": {e: v[0] for e, v in got.items()}}
        r = engines["rdflib"].get(qn, {})
        for e, key in (("oxigraph-disk", "x_disk"), ("oxigraph-copy", "x_copy")):
            if r:  # a timed-out rdflib query: at least this much slower
                c[key] = round(r.get("ms", r.get("timeout_s", 0) * 1000) / engines[e][qn]["ms"], 1)
                c["at_least"] = "timeout_s" in r
    return {"synthetic": shape, "queries": qs, "loads": loads, "engines": engines, "compare": compare,
            "rdflib_error": rdf.get("error"), "parent_peak_rss_mb": maxrss_mb()}


def table(title: str, columns: list[str], rows: list[list[str]]):
    from rich import box
    from rich.table import Table
    t = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
    for i, col in enumerate(columns):
        t.add_column(col, justify="right" if i else "left")
    for row in rows:
        t.add_row(*row)
    return t


def report(res: dict) -> None:
    from rich.console import Console
    con, m, ing, qb = Console(width=max(120, Console().width)), res["machine"], res["ingest"], res["query"]
    con.print(f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, pyoxigraph {m['pyoxigraph']}, "
              f"rdflib {m['rdflib']}, spaCy {m['spacy']}")
    con.print(f"ingest of {res['corpus']} (kg.build.build into a new store, in a child process): {ing['docs']} files, "
              f"{ing['mb']:.2f} MB of text; {ing['extracted']} extracted, {ing['failed']} failed, "
              f"{ing['graphs_written']} graphs, {ing['triples_written']:,} triples written "
              f"({ing['quads_in_store']:,} quads in the store)")
    con.print(f"  {ing['seconds']:.2f} s, {ing['mb_s']:.2f} MB/s, {ing['docs_s']:.1f} docs/s; peak RSS "
              f"{ing['peak_rss_mb']:.0f} MB; store {ing['store_mb']} MB on disk (write-ahead log {ing['wal_mb']} MB), "
              f"{ing['store_mb_reopened']} MB once reopened")
    s = qb["synthetic"]
    con.print(f"synthetic graph (seed {res['seed']}): {s['triples']:,} triples, {s['documents']:,} documents, "
              f"{s['initiatives']:,} initiatives, {s['nt_mb']} MB of N-Triples written in {s['seconds']} s; "
              f"Q1/Q2 from hub {HUB}, Q3 on {s['q3_number']} (the most cited non-hub)")
    con.print(table("Loads", ["engine", "load s", "triples", "disk MB", "peak RSS MB"],
                    [[e, str(ld.get("load_s", "-")), f"{ld.get('triples', 0):,}", str(ld.get("disk_mb", "-")),
                      str(ld.get("peak_rss_mb", "-"))] for e, ld in qb["loads"].items()]))

    def cell(e: str, qn: str) -> str:
        r = qb["engines"][e].get(qn)
        return "not run" if r is None else f"> {r['timeout_s']:g} s" if "timeout_s" in r else \
            f"{r['ms']:.2f}" + (" (1 run)" if r["runs"] == 1 else "")
    rows = []
    for qn, c in qb["compare"].items():
        counts = sorted(set(c["rows"].values()))
        rows.append([qn, "/".join(f"{v:,}" for v in (counts if len(counts) == 1 else c["rows"].values())),
                     *(cell(e, qn) for e in ("oxigraph-disk", "oxigraph-copy", "rdflib")),
                     *((">" if c.get("at_least") else "") + f"{c[k]}x" if k in c else "-"
                       for k in ("x_disk", "x_copy"))])
    con.print(table(f"Queries: median ms of {res['repeat']} warm runs (one warm-up first)",
                    ["query", "rows", "ox-disk ms", "ox-copy ms", "rdflib ms", "rdflib/ox-disk", "rdflib/ox-copy"], rows))
    bad = [qn for qn, c in qb["compare"].items() if not c["agree"]]
    con.print("check: rows agree across engines (count and digest): OK" if not bad else
              f"[bold red]!!! MISMATCH: rows differ across engines in {', '.join(bad)}: "
              f"{[qb['compare'][q]['rows'] for q in bad]} !!![/]")
    if qb["rdflib_error"]:
        con.print(f"[bold yellow]rdflib: {qb['rdflib_error']}[/]")
    con.print(res["target"])
    con.print(f"ingest: {ing['mb_s']:.2f} MB/s end-to-end (extraction, graph, store)")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.repeat = max(1, args.repeat)
    fix_path()
    from extract.read import iter_files
    paths = [p for p, err in iter_files([args.corpus]) if err is None]
    if not paths:
        sys.exit(f"no supported files under {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="kg-bench-build-") as d:
        ing = ingest(args.corpus, paths, Path(d) / "store")  # the first child: RUSAGE_CHILDREN is its peak
        qb = query_bench(Path(d), args)
    c = qb["compare"]["Q1 2-hop"]
    ok = c.get("x_copy", 0) >= TARGET_X
    at = f"~{args.triples / 1e6:g}M" if args.triples >= 100_000 else f"{args.triples:,}"
    gt = ">" if c.get("at_least") else ""
    result = {"machine": machine_info(), "corpus": str(args.corpus.resolve()), "seed": args.seed,
              "repeat": args.repeat, "ingest": ing, "query": qb, "target_pass": ok,
              "target": f"target: 2-hop query on the store (in-memory copy, as `kg serve` queries it) >= "
                        f"{TARGET_X:g}x faster than rdflib in-memory at {at} triples: {'PASS' if ok else 'FAIL'} "
                        f"({gt}{c.get('x_copy', '-')}x; on disk {gt}{c.get('x_disk', '-')}x)"}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        report(result)


if __name__ == "__main__":
    main()
