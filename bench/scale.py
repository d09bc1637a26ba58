"""Benchmark: ingest and `depends` latency on generated multi-province corpora of ~20, 100 and 400 MB.

    .venv/bin/python bench/scale.py [--corpus DIR] [--sizes 20,100,400] [--jobs-compare 20,100] [--jobs N]
        [--sample N] [--query-budget S] [--seed N] [--workdir DIR] [--keep] [--endpoint URL | --start-oxigraph] [--json]

1. Corpora. The texts of `--corpus` (default ../shared/corpus) are rewritten into variants 1, 2, ...
   (deterministic: `random.Random(f"{seed}/{variant}")`). Every province name of `extract.tables.provinces`
   (names, aliases, old tone marks, upper case; a bare "Hồ Chí Minh" only after "thành phố"/"TP") becomes
   another province of the same kind by the variant's permutation; the leading integer of every *local*
   document number (`extract.numbers.NUMBER_RE`, scope by `kg.identity.scope_of`) becomes
   10000 + (variant - 1) * D + its rank among the D distinct ones (unique up to 10^6); the day of a date (`extract.dates.DATE_RE`) whose nearest number
   before it (within 80 characters) is local moves within its month (days 1-28); the signer's name is
   replaced. Years stay, so national documents (43/2011/NĐ-CP, 36-NQ/TW, 1643/QĐ-TTg) keep their IRIs and
   remain shared hubs while local ones become new nodes. A text whose own number is national is written
   once (variant 1), a text equal to one already written is skipped. Variants are written as UTF-8 .txt
   under a temporary folder until their total reaches the largest size; the corpus of a size is the first
   files reaching that many MB (10^6 bytes of UTF-8), hard-linked into its own folder. A check extracts 8
   texts in 3 variants: their own document keys must all differ and their national references agree.
2. Ingest. `kg.build.build([DIR], store=<new folder>, jobs=J)` in a spawned child, J = `--jobs` (default:
   the cores) at every size, and J = 1 too at the `--jobs-compare` sizes. Seconds are the `build()` call,
   split into phases by its on_phase/on_file callbacks; CPU is the child's and its workers' user+system
   time (the workers are the fork server's children: the child stops the server after `build()`). Peak RSS: the whole process tree's VmRSS summed, sampled every 0.25 s (what the 1.5 GB target
   uses), and `ru_maxrss` of the child itself and of its largest worker, read in the child after
   `build()`. Store size: du of the folder (Oxigraph, records, manifest) once reopened; quads: `len(store)`.
3. Queries. On each store, opened read-only as the CLI does, `kg.answers.depends(store, iri)` for a
   seeded sample of `--sample` documents with at least one direct dependent, after one warm-up call, each
   timed once until `--query-budget` seconds are spent; p50/p99 by nearest rank. The document with the
   most direct dependents (the hub) is timed apart.
4. Remote (`--endpoint URL`, an Oxigraph server's base URL; or `--start-oxigraph`: `oxigraph serve
   --union-default-graph` on 127.0.0.1, stopped at the end): the largest store is pushed with
   `kg.remote.push` to URL/store (Graph Store Protocol, every graph sent), then the saved `depends` query
   runs for the same sample through `kg.remote.remote_select` on URL/query. Throughput: triples/s and
   MB/s of the store's N-Quads (counted by dumping the store, untimed).
Exits 0 whatever the numbers say; 1 only when the corpus holds no supported file.
"""
from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
MB_PER_CORE, SPEEDUP, RSS_MB, P50_MS, LINEAR = 2.0, 1.7, 1500.0, 50.0, 1.25
KG_PREFIX = "PREFIX kg: <https://w3id.org/vn-kg/ontology#>\n"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sizes = lambda s: [float(x) for x in s.split(",") if x.strip()]  # noqa: E731
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--sizes", type=sizes, default=[20.0, 100.0, 400.0], help="MB of text (default 20,100,400)")
    p.add_argument("--jobs-compare", type=sizes, default=[20.0, 100.0], help="sizes built with 1 job too")
    p.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="jobs of every build (the cores)")
    p.add_argument("--sample", type=int, default=100, help="documents whose `depends` is timed (default 100)")
    p.add_argument("--query-budget", type=float, default=60.0, metavar="S", help="seconds of timed calls a store")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workdir", type=Path, default=None, help="where the temporary folder goes (default /tmp)")
    p.add_argument("--keep", action="store_true", help="keep the corpora and stores")
    p.add_argument("--endpoint", help="an Oxigraph server's base URL, e.g. http://127.0.0.1:7878")
    p.add_argument("--start-oxigraph", action="store_true", help="start `oxigraph serve` on 127.0.0.1")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    return p.parse_args(argv)


def fix_path() -> None:  # Python puts bench/ first on sys.path, where "extract" is bench/extract.py
    sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]


def machine_info() -> dict[str, Any]:
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "pyoxigraph": version("pyoxigraph"), "spacy": version("spacy"), "load_at_start": os.getloadavg()}


def du_mb(folder: Path) -> float:
    return round(sum(os.lstat(Path(d) / f).st_blocks * 512 for d, _, fs in os.walk(folder) for f in fs) / 1e6, 1)


def pct(values: list[float], q: float) -> float:  # nearest rank
    s = sorted(values)
    return round(s[min(len(s) - 1, max(0, int(-(-len(s) * q // 100)) - 1))], 2)


# ─────────────────────────── 1. corpora: bench/variants.py ───────────────────────────

def _load_variants() -> ModuleType:
    """bench/variants.py, by its path: bench/ is not a package, and fix_path() takes it off sys.path."""
    spec = importlib.util.spec_from_file_location("bench_variants", REPO / "bench" / "variants.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # its NamedTuples must be importable by name
    spec.loader.exec_module(module)
    return module


variants = _load_variants()


# ─────────────────────────── 2. ingest ───────────────────────────

def ingest_worker(corpus: str, folder: str, jobs: int, conn: Any) -> None:
    fix_path()
    from extract.batch import stop_fork_server
    from kg.build import build
    marks: dict[str, float] = {}
    last = [0.0]

    def on_phase(name: str, _n: int) -> None:
        marks[name], marks[f"before_{name}"] = time.monotonic(), last[0]
    t0 = time.monotonic()
    rep = build([corpus], store=folder, jobs=jobs, on_phase=on_phase,
                on_file=lambda _key: last.__setitem__(0, time.monotonic()))
    t1 = time.monotonic()
    stop_fork_server()   # the workers are its children: now RUSAGE_CHILDREN counts them
    x, g = marks.get("extract", t0), marks.get("graph", t1)
    use = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    conn.send({"seconds": round(t1 - t0, 2), "extracted": rep.extracted, "failed": len(rep.failed),
               "triples_written": rep.triples_written, "cpu_s": round(sum(u.ru_utime + u.ru_stime for u in use), 1),
               "phases": {"scan": (t0, x), "extract": (x, marks.get("before_graph", g)),
                          "resolve": (marks.get("before_graph", g), g), "graphs+store": (g, max(last[0], g)),
                          "finish": (max(last[0], g), t1)},
               "rss_main_mb": use[0].ru_maxrss // 1024, "rss_worker_mb": use[1].ru_maxrss // 1024})


def tree_rss_mb(pid: int) -> float:
    """The VmRSS of pid and all its descendants, summed."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children", encoding="ascii") as f:
                    todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            continue
    return total / 1024


def ingest(corpus: dict[str, Any], folder: Path, jobs: int) -> dict[str, Any]:
    from kg.store import open_store
    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    load = os.getloadavg()[0]
    child = ctx.Process(target=ingest_worker, args=(str(corpus["dir"]), str(folder), jobs, send))  # not a daemon:
    child.start()                                                                  # build() starts worker processes
    send.close()
    samples: list[tuple[float, float]] = []
    try:
        while not recv.poll(0.25) and child.is_alive():
            samples.append((time.monotonic(), tree_rss_mb(child.pid)))
        out = recv.recv()
    except EOFError:
        child.join()
        return {"error": f"the build child died (exit {child.exitcode})", "mb": corpus["mb"], "jobs": jobs}
    finally:
        child.join(60)
        if child.is_alive():
            child.kill()
            child.join()
    out["phases"] = {k: {"s": round(b - a, 2), "rss": round(max((r for t, r in samples if a <= t <= b), default=0))}
                     for k, (a, b) in out["phases"].items()}
    mb, s = corpus["mb"], out["seconds"]
    out |= {"mb": mb, "docs": corpus["docs"], "jobs": jobs, "load": f"{load:.2f}/{os.getloadavg()[0]:.2f}",
            "mb_s": round(mb / s, 3), "mb_s_core": round(mb / s / jobs, 3), "docs_s": round(out["extracted"] / s, 1),
            "s_per_mb": round(s / mb, 3), "cpu_use": round(out["cpu_s"] / s / jobs, 2),
            "peak_rss_mb": round(max((r for _, r in samples), default=0))}
    store = open_store(folder)  # reopening replays and drops the write-ahead log
    out["quads"] = len(store)
    del store
    return out | {"store_mb": du_mb(folder), "oxigraph_mb": du_mb(folder / "oxigraph"),
                  "records_mb": du_mb(folder / "records")}


# ─────────────────────────── 3. queries ───────────────────────────

TARGETS = KG_PREFIX + """SELECT ?o (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s kg:basedOn|kg:approvedBy|kg:partOf ?o . FILTER(CONTAINS(STR(?o), "/doc/")) } GROUP BY ?o"""
OWN = KG_PREFIX + "SELECT (COUNT(?s) AS ?n) (COUNT(DISTINCT ?d) AS ?d) WHERE { ?s kg:textOf ?d }"


def time_calls(fn: Callable[[str], int], iris: list[str], hub: str, budget_s: float) -> dict[str, Any]:
    """Each call timed once after a warm-up, until budget_s is spent (at least 3 calls); then the hub."""
    fn(iris[0])
    times, rows = [], []
    for iri in iris:
        t = time.perf_counter()
        rows.append(fn(iri))
        times.append((time.perf_counter() - t) * 1000)
        if sum(times) > budget_s * 1000 and len(times) >= 3:
            break
    t = time.perf_counter()
    hub_rows = fn(hub)
    return {"n": len(times), "p50_ms": pct(times, 50), "p99_ms": pct(times, 99), "max_ms": round(max(times), 1),
            "mean_deps": round(sum(rows) / len(rows), 1), "hub_deps": hub_rows,
            "hub_ms": round((time.perf_counter() - t) * 1000, 1)}


def local_queries(folder: Path, k: int, seed: int, budget_s: float) -> dict[str, Any]:
    from kg.answers import depends
    from kg.store import open_store
    store = open_store(folder, read_only=True)
    rows = sorted((r["o"].value, int(r["n"].value)) for r in store.query(TARGETS, use_default_graph_as_union=True))
    hub, direct = max(rows, key=lambda r: (r[1], r[0]))
    iris = [iri for iri, _ in random.Random(seed).sample(rows, min(k, len(rows)))]
    out = time_calls(lambda iri: len(depends(store, iri).dependents), iris, hub, budget_s)
    own = next(iter(store.query(OWN, use_default_graph_as_union=True)))
    return out | {"hub": hub, "hub_direct": direct, "sources": int(own["n"].value),
                  "own_documents": int(own["d"].value), "iris": iris}


# ─────────────────────────── 4. remote ───────────────────────────

@contextlib.contextmanager
def oxigraph_server(tmp: Path) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port, with the union default graph the saved queries expect."""
    import requests
    exe = Path(sys.executable).parent / "oxigraph"
    (tmp / "oxigraph-server").mkdir(parents=True, exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([str(exe) if exe.exists() else "oxigraph", "serve", "--location",
                             str(tmp / "oxigraph-server"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{url}/query", params={"query": "ASK {}"}, timeout=2).ok:
                    break
            if proc.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited ({proc.returncode})")
            time.sleep(0.25)
        else:
            raise RuntimeError("oxigraph serve did not become ready in 30 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class _Count(io.RawIOBase):
    """Counts the bytes `store.dump` writes to it."""
    n = 0

    def write(self, b: Any) -> int:
        self.n += len(b)
        return len(b)


def remote_bench(url: str, folder: Path, iris: list[str], hub: str, tmp: Path, budget_s: float) -> dict[str, Any]:
    import pyoxigraph as ox
    import requests
    from kg import queries, remote
    from kg.store import open_store
    url, store, size = url.rstrip("/"), open_store(folder, read_only=True), _Count()
    store.dump(size, format=ox.RdfFormat.N_QUADS)
    (tmp / "push-state").mkdir(exist_ok=True)
    t = time.perf_counter()
    rep = remote.push(store, tmp / "push-state", graph_store=f"{url}/store", restart=True, timeout=600)
    s = time.perf_counter() - t
    count = requests.get(f"{url}/query", params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=600).json()
    q = queries.load("depends")

    def fn(iri: str) -> int:
        data = remote.remote_select(f"{url}/query", q, {"target": ox.NamedNode(iri)}, timeout=600)
        return len({b["dependent"]["value"] for b in data["results"]["bindings"]})
    return {"url": url, "graphs": rep.graphs, "triples": rep.triples, "requests": rep.requests, "push_s": round(s, 1),
            "triples_s": round(rep.triples / s), "nquads_mb": round(size.n / 1e6, 1), "mb_s": round(size.n / 1e6 / s, 2),
            "server_triples": int(count["results"]["bindings"][0]["n"]["value"])} | time_calls(fn, iris, hub, budget_s)


# ─────────────────────────── report ───────────────────────────

def targets(res: dict[str, Any]) -> list[str]:
    runs, j, big = [r for r in res["runs"] if "error" not in r], res["jobs"], max(res["sizes"])
    lines = [("ingest >= 2 MB/s per core end-to-end", bool(runs) and all(r["mb_s_core"] >= MB_PER_CORE for r in runs),
              ", ".join(f"{r['mb_s_core']:.2f} at {r['size']:g} MB x{r['jobs']}" for r in runs))]
    lines += [(f"{j} jobs >= {SPEEDUP}x one job at {size} MB", x >= SPEEDUP, f"{x:.2f}x")
              for size, x in res["speedup"].items()]
    peak = max((r["peak_rss_mb"] for r in runs if r["size"] == big), default=0)
    lines.append((f"peak RSS < {RSS_MB:g} MB at {big:g} MB", 0 < peak < RSS_MB, f"{peak:.0f} MB, the process tree"))
    if len(lin := [(r["size"], r["s_per_mb"]) for r in runs if r["jobs"] == j]) > 1:
        ratio = lin[-1][1] / lin[0][1]
        lines.append((f"ingest time linear in size (s/MB at {lin[-1][0]:g} MB <= {LINEAR}x that at {lin[0][0]:g} MB)",
                      ratio <= LINEAR, f"{ratio:.2f}x; " + ", ".join(f"{s:.3f} s/MB at {m:g} MB" for m, s in lin)))
    if "p50_ms" in (q := res["queries"].get(f"{big:g}", {})):
        lines.append((f"depends p50 < {P50_MS:g} ms at {big:g} MB", q["p50_ms"] < P50_MS, f"{q['p50_ms']:.1f} ms"))
    return [f"target: {name}: {'PASS' if ok else 'FAIL'} ({info})" for name, ok, info in lines]


def report(res: dict[str, Any]) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    con, m, g, c = Console(width=max(160, Console().width)), res["machine"], res["generate"], res["check"]

    def table(title: str, cols: str, rows: list[list[Any]]) -> None:
        t = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left")
        for i, col in enumerate(cols.split(",")):
            t.add_column(col, justify="right" if i else "left")
        for r in rows:
            t.add_row(*(f"{v:,}" if isinstance(v, int) else str(v) for v in r))
        con.print(t)
    con.print(f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, pyoxigraph {m['pyoxigraph']}, spaCy {m['spacy']};"
              f" load average at start {' '.join(f'{x:.2f}' for x in m['load_at_start'])}")
    con.print(f"source texts: {g['sources']} ({g['national']} with a national number, written once), {g['source_mb']} MB;"
              f" {g['files']:,} variant files, {g['mb']} MB, in {g['seconds']} s (with the extraction of the sources);"
              f" check on {c['texts']} texts x 3 variants: {c['distinct']}/{c['keys']} distinct own-document keys,"
              f" national references the same in {c['national_refs_same']}/{c['texts']}")
    table("Ingest: kg.build.build in a spawned child (load: 1-min average before/after; CPU use: CPU s / wall s / jobs; "
          "RSS: the process tree's peak; main/wkr: ru_maxrss of the child, of its largest worker; triples written)",
          "MB,jobs,docs,load,s,MB/s,MB/s/core,docs/s,CPU use,RSS MB,main/wkr,store MB,ox/rec MB,triples,quads",
          [[r["mb"], r["jobs"]] + ([r["error"]] if "error" in r else [
              r["docs"], r["load"], r["seconds"], r["mb_s"], r["mb_s_core"], r["docs_s"], r["cpu_use"],
              r["peak_rss_mb"], f"{r['rss_main_mb']}/{r['rss_worker_mb']}", r["store_mb"],
              f"{r['oxigraph_mb']}/{r['records_mb']}", r["triples_written"], r["quads"]]) for r in res["runs"]])
    names = ["scan", "extract", "resolve", "graphs+store", "finish"]
    table("Phases: seconds (peak RSS MB of the process tree)", "MB,jobs," + ",".join(names),
          [[r["mb"], r["jobs"]] + [f"{r['phases'][n]['s']} ({r['phases'][n]['rss']})" for n in names]
           for r in res["runs"] if "phases" in r])
    table(f"kg.answers.depends on the store opened read-only: a sample of {res['sample']} documents with dependents, "
          f"timed within {res['query_budget']:g} s; the hub separately",
          "MB,sources,own docs,timed,p50 ms,p99 ms,max ms,mean deps,hub,hub direct,hub deps,hub ms",
          [[mb, q["sources"], q["own_documents"], q["n"], q["p50_ms"], q["p99_ms"], q["max_ms"], q["mean_deps"],
            q["hub"].rsplit("/doc/", 1)[-1], q["hub_direct"], q["hub_deps"], q["hub_ms"]]
           for mb, q in res["queries"].items()])
    for size, x in res["speedup"].items():
        con.print(f"speed-up of {res['jobs']} jobs over 1 at {size} MB: {x:.2f}x")
    if (r := res.get("remote")) and "error" not in r:
        con.print(f"remote {r['url']}: pushed {r['graphs']:,} graphs, {r['triples']:,} triples ({r['server_triples']:,}"
                  f" on the server), {r['requests']:,} requests in {r['push_s']} s: {r['triples_s']:,} triples/s, "
                  f"{r['mb_s']} MB/s of N-Quads ({r['nquads_mb']} MB); saved `depends` through SPARQLWrapper "
                  f"({r['n']} timed): p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, max {r['max_ms']} ms; hub "
                  f"{r['hub_deps']} dependents in {r['hub_ms']} ms")
    elif r:
        con.print(f"[bold yellow]remote: {r['error']}[/]")
    for line in res["targets"]:
        con.print(line)
    con.print(f"total {res['seconds']:.0f} s; load average at the end {' '.join(f'{x:.2f}' for x in res['load_at_end'])}")


def run_sizes(args: argparse.Namespace, res: dict[str, Any], files: list[tuple[Path, int]], tmp: Path) -> Path | None:
    """Ingest and query every size; returns the largest store (the others are removed unless --keep)."""
    last = None
    for size in sorted(args.sizes):
        corpus = variants.corpus_of(files, tmp / "pool", tmp / f"corpus-{size:g}", size)
        done: dict[int, dict[str, Any]] = {}
        for j in ([1] if size in args.jobs_compare and args.jobs != 1 else []) + [args.jobs]:
            print(f"[scale] {corpus['mb']} MB, {corpus['docs']} docs, {j} job(s)", file=sys.stderr, flush=True)
            res["runs"].append(run := ingest(corpus, tmp / f"store-{size:g}-j{j}", j) | {"size": size})
            print(f"[scale]   {run.get('seconds', run.get('error'))} s", file=sys.stderr, flush=True)
            if "error" not in run:
                done[j] = run
            if j != args.jobs and not args.keep:
                shutil.rmtree(tmp / f"store-{size:g}-j{j}", ignore_errors=True)
        if 1 in done and args.jobs in done and args.jobs != 1:
            res["speedup"][f"{size:g}"] = round(done[1]["seconds"] / done[args.jobs]["seconds"], 2)
        if args.jobs in done:
            res["queries"][f"{size:g}"] = local_queries(tmp / f"store-{size:g}-j{args.jobs}", args.sample, args.seed,
                                                        args.query_budget)
        if not args.keep:
            shutil.rmtree(corpus["dir"])
            if last:
                shutil.rmtree(last)
        last = tmp / f"store-{size:g}-j{args.jobs}"
    return last


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    fix_path()
    t_all = time.perf_counter()
    res: dict[str, Any] = {"machine": machine_info(), "sizes": sorted(args.sizes), "jobs": args.jobs, "runs": [],
                           "sample": args.sample, "query_budget": args.query_budget, "queries": {}, "speedup": {}}
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-scale-", dir=args.workdir))
    try:
        t = time.perf_counter()
        if not (sources := variants.load_sources(args.corpus.resolve())):
            sys.exit(f"no supported files under {args.corpus}")
        files = variants.generate(sources, tmp / "pool", max(args.sizes), args.seed)
        res["generate"] = {"sources": len(sources), "national": sum(s.national for s in sources), "files": len(files),
                           "source_mb": round(sum(len(s.text.encode()) for s in sources) / 1e6, 2),
                           "mb": round(sum(n for _, n in files) / 1e6, 1), "seconds": round(time.perf_counter() - t, 1)}
        res["check"] = variants.check_variants(sources, args.seed)
        largest = run_sizes(args, res, files, tmp)
        if (args.endpoint or args.start_oxigraph) and (q := res["queries"].get(f"{max(args.sizes):g}")):
            try:
                with contextlib.ExitStack() as stack:
                    url = args.endpoint or stack.enter_context(oxigraph_server(tmp))
                    print(f"[scale] push to {url}", file=sys.stderr, flush=True)
                    res["remote"] = remote_bench(url, largest, q["iris"], q["hub"], tmp, args.query_budget)
            except Exception as e:  # noqa: BLE001 — a benchmark reports, it does not stop
                res["remote"] = {"error": f"{type(e).__name__}: {e}"}
    finally:
        if args.keep:
            print(f"[scale] kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    for q in res["queries"].values():
        q.pop("iris", None)
    res["targets"] = targets(res)
    res["seconds"], res["load_at_end"] = round(time.perf_counter() - t_all, 1), os.getloadavg()
    if args.json:
        print(json.dumps(res, ensure_ascii=False, default=str))
    else:
        report(res)


if __name__ == "__main__":
    main()
