"""`kg build`: extract, resolve identities, and load one named graph per source.

Incremental: a file whose bytes are unchanged is not extracted again (its record
is kept in the store folder); a source's graph is rewritten only when its record
or the resolution of its references changed; `prune` drops sources no longer
given. The manifest entry of a source is removed before its graph is touched
and written back after, so a build killed half-way leaves a store that opens
and a re-run that redoes exactly the unfinished sources.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from extract.batch import default_jobs, worker_pool
from extract.errors import ExtractError, ReadError
from extract.read import iter_files, read_text

from . import graph as kg_graph
from . import store as kg_store

MANIFEST = "manifest.json"


@dataclass
class BuildReport:
    """What a build did."""

    extracted: int = 0
    from_records: int = 0        # records loaded from `kg extract` output
    reused: int = 0
    graphs_written: int = 0
    graphs_kept: int = 0
    removed: int = 0
    triples_written: int = 0
    failed: list[str] = field(default_factory=list)


def _file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Manifest:
    """source path → {bytes, sha256, graph, signature}; written atomically."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        self.entries: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                self.entries = {}  # a torn manifest: everything is rebuilt, nothing is lost

    def save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.entries, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(tmp, self.path)


def _records_dir(folder: Path) -> Path:
    d = folder / "records"
    d.mkdir(parents=True, exist_ok=True)
    return d


# ─────────────────────────── work done in worker processes (or inline with one job) ───────────────────────────

_EXTRACT_BUGS = (ValueError, IndexError, KeyError, AttributeError, TypeError, RecursionError)


def _extract_one(key: str, recdir: str) -> tuple[str, str | None, list[Any], str | None]:
    """(key, record sha256, the document keys it states, None) or (key, None, [], error message).
    The record itself is saved in `recdir`; only what the resolver needs goes back."""
    from extract.pipeline import extract_text   # spaCy (~1.5 s to import): only where text is extracted
    try:
        rec = extract_text(read_text(Path(key)), key).to_dict()
    except ExtractError as e:
        return key, None, [], str(e)
    except _EXTRACT_BUGS as e:   # a bug of ours on strange input must not cost the rest of the batch
        return key, None, [], f"{key}: extraction failed ({type(e).__name__}: {e})"
    (Path(recdir) / f"{rec['sha256']}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    return key, rec["sha256"], kg_graph.Resolver.keys_of(rec), None


# the resolver of the running build, in each worker: read once from the file the build wrote
_RESOLVER: tuple[str, kg_graph.Resolver] | None = None


def _resolver(path: str) -> kg_graph.Resolver:
    global _RESOLVER
    if _RESOLVER is None or _RESOLVER[0] != path:
        with open(path, "rb") as f:
            _RESOLVER = (path, pickle.load(f))
    return _RESOLVER[1]


def _graph_one(key: str, sha: str, recdir: str, given: bool, old: dict[str, Any] | None, now: datetime,
               resolver_path: str) -> tuple[str, str, str | None, bytes | None, int, dict[Any, dict[str, Any]]]:
    """(key, graph IRI, signature, N-Quads or None, triples, claims) of one record. The N-Quads are
    made only for a source given now whose graph would change: a new record, or references that
    resolve differently (the signature)."""
    resolver = _resolver(resolver_path)
    rec = json.loads((Path(recdir) / f"{sha}.json").read_text(encoding="utf-8"))
    signature = resolver.signature(rec) if given else None
    want = given and not (old and old.get("sha256") == sha and old.get("signature") == signature)
    claims = kg_graph.Claims()
    giri, g = kg_graph.record_graph(rec, resolver, file_name=Path(key).name, claims=claims, ingested_at=now)
    data, n = kg_store.nquads(g, str(giri)) if want else (None, 0)
    return key, str(giri), signature, data, n, claims.votes


WRITERS = 4    # threads loading the store at most (measured with 2)
WINDOW = 512   # tasks in flight: a source's graph is ~100 KB of N-Quads, so ~50 MB at most


class _Runner:
    """Maps functions over tasks: in `jobs` processes (one pool for the whole build), or here
    when there is one job."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool = None
        self.feeding = False
        if jobs > 1:
            self.pool = worker_pool(jobs, preload=("spacy", "rdflib"))

    def map(self, fn: Callable, tasks: list[tuple]) -> Iterator[Any]:
        """fn(*task) for every task, in the order they finish. At most WINDOW tasks are out at once:
        results the caller has not taken (graphs waiting for the store) stay bounded, and the
        workers still have work while the caller loads a batch into the store."""
        if self.pool is None:
            yield from (fn(*t) for t in tasks)
            return
        window = threading.BoundedSemaphore(WINDOW)
        self.feeding = True

        def feed() -> Iterator[tuple[Callable, tuple]]:   # runs in the pool's feeder thread
            for t in tasks:
                window.acquire()
                yield fn, t
            self.feeding = False

        for result in self.pool.imap_unordered(_star, feed()):
            window.release()
            yield result

    def close(self) -> None:
        """Stop the workers; a second call does nothing."""
        if self.pool is not None:
            if self.feeding:         # left half-way (an error): the feeder waits on the window
                self.pool.terminate()
            else:
                self.pool.close()
            self.pool.join()
            self.pool = None


def _star(fn_args: tuple[Callable, tuple]) -> Any:
    fn, args = fn_args
    return fn(*args)


class _Writer:
    """Runs the tasks put (each a call that writes to the store): here, one after the other, or in
    `threads` threads of their own, where pyoxigraph's bulk loader, which releases the GIL, runs
    while this thread takes the workers' graphs. Two bulk loads into one store at once take the CPU
    of one after the other in 55-65% of the time (400k quads in four batches: 3.4 s against 5.2-6.5).
    At most `threads` tasks wait; an error in a thread is raised by the next `put` or by `close`,
    and no task starts after it."""

    def __init__(self, *, threads: int) -> None:
        self.error: BaseException | None = None
        self.queue: queue.Queue | None = queue.Queue(maxsize=threads) if threads else None
        self.threads = [threading.Thread(target=self._run, name=f"kg-store-writer-{i}", daemon=True)
                        for i in range(threads)]
        for t in self.threads:
            t.start()

    def _run(self) -> None:
        assert self.queue is not None
        while (task := self.queue.get()) is not None:
            if self.error is None:       # after an error, the rest is drained, not written
                try:
                    task()
                except BaseException as e:  # noqa: BLE001 - handed to the building thread
                    self.error = self.error or e

    def put(self, task: Callable[[], None]) -> None:
        if self.queue is None:
            task()
            return
        if self.error is not None:
            raise self.error
        self.queue.put(task)

    def close(self) -> None:
        """Wait for the tasks put so far; raise a thread's error, if any."""
        if self.queue is not None:
            for _ in self.threads:
                self.queue.put(None)
            for t in self.threads:
                t.join()
            self.threads = []
            self.queue = None
        if self.error is not None:
            raise self.error


# ─────────────────────────── the build ───────────────────────────



def build(paths: Iterable[str | Path] = (), *, store: str | Path | None = None, rebuild: bool = False,
          prune: bool = False, jobs: int | None = None, from_records: Iterable[str | Path] = (),
          on_file: Callable[[str], None] | None = None, on_error: Callable[[str], None] | None = None,
          on_phase: Callable[[str, int], None] | None = None) -> BuildReport:
    """Build or update the store from the files under `paths` and the record files (`kg extract --format
    jsonl` output) in `from_records`, extracting and building graphs in `jobs` processes."""
    jobs = jobs or default_jobs()
    folder = kg_store.store_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    db = kg_store.open_store(folder)
    manifest = Manifest(folder)
    recdir = _records_dir(folder)
    report = BuildReport()
    if rebuild:
        db.clear()
        manifest.entries = {}
        manifest.save()

    # 1. records of every input: reused when the bytes did not change, else extracted
    shas: dict[str, str] = {}            # key → record sha256, for the sources given now
    byte_hashes: dict[str, str] = {}
    failed_keys: set[str] = set()
    resolver = kg_graph.Resolver()

    def fail(key: str, error: str) -> None:
        failed_keys.add(key)
        report.failed.append(error)
        if on_error:
            on_error(error)

    def take(key: str, rec: dict[str, Any]) -> None:
        shas[key] = rec["sha256"]
        resolver.add_record(rec)

    todo: list[str] = []
    sizes: dict[str, int] = {}
    for path, error in iter_files(paths) if paths else ():
        key = str(path)
        if error is not None:
            fail(key, str(error))
            if on_file:
                on_file(key)
            continue
        try:
            bh, sizes[key] = _file_hash(path), path.stat().st_size
        except OSError as e:
            fail(key, str(ReadError(path, f"cannot read ({e.strerror or e})")))
            continue
        byte_hashes[key] = bh
        old = manifest.entries.get(key)
        cached = recdir / f"{old['sha256']}.json" if old and old.get("bytes") == bh else None
        if cached is not None and cached.exists():
            take(key, json.loads(cached.read_text(encoding="utf-8")))
            report.reused += 1
            if on_file:
                on_file(key)
        else:
            todo.append(key)
    for f in from_records:
        _read_records(Path(f), recdir, take, byte_hashes, fail, report)
    if on_phase:
        on_phase("extract", len(todo))
    # one pool for both passes; a few files are done here (a worker costs more than it saves)
    runner = _Runner(min(jobs, (len(todo) + len(shas) + len(manifest.entries)) // 16 or 1))
    try:
        if runner.pool is not None:   # the largest first, so that no worker is left with a long file at the end
            todo.sort(key=lambda k: -sizes.get(k, 0))
        for key, sha, keys, error in runner.map(_extract_one, [(k, str(recdir)) for k in todo]):
            if on_file:
                on_file(key)
            if sha is None:
                fail(key, error or f"{key}: failed")
                continue
            shas[key] = sha
            for k in keys:
                resolver.add(k)
            report.extracted += 1
        # 2. identities resolved over every record the store knows (those kept from earlier builds too)
        for key, entry in manifest.entries.items():
            kept = not prune or key in failed_keys  # pruned sources go; a failed one keeps its graph
            if key not in shas and kept and (recdir / f"{entry['sha256']}.json").exists():
                shas[key] = entry["sha256"]
                resolver.add_record(json.loads((recdir / f"{entry['sha256']}.json").read_text(encoding="utf-8")))
        _graph_pass(db, folder, manifest, runner, resolver, shas, byte_hashes, report, on_file, on_phase)
    finally:
        runner.close()
    # 4. sources no longer given
    if prune:
        # a file that failed this time keeps what it had: failing loses nothing
        for key in [k for k in manifest.entries if k not in byte_hashes and k not in failed_keys]:
            entry = manifest.entries.pop(key)
            manifest.save()
            kg_store.remove_graph(db, entry["graph"])
            report.removed += 1
    db.flush()
    if report.graphs_written or report.removed:
        db.optimize()  # compaction: a smaller store and faster reads (bench/build.py)
    return report


def _graph_pass(db: Any, folder: Path, manifest: Manifest, runner: _Runner, resolver: kg_graph.Resolver,
                shas: dict[str, str], byte_hashes: dict[str, str], report: BuildReport,
                on_file: Callable[[str], None] | None, on_phase: Callable[[str, int], None] | None) -> None:
    """One named graph per source, rewritten only when it would change, and the canonical graph
    (one name, kind, number and date per entity) from every source's claims, written anew. Graphs
    are built in the workers; the store takes them in batches with the bulk loader."""
    global _RESOLVER
    now = datetime.now(timezone.utc)
    claims = kg_graph.Claims()
    signatures: dict[str, str | None] = {}
    given = set(byte_hashes)
    recdir = folder / "records"
    if runner.pool is None:       # the resolver is here already
        _RESOLVER = ("", resolver)
        resolver_path = ""
    else:                         # the workers read it once each
        resolver_path = str(folder / "resolver.pickle")
        with open(resolver_path, "wb") as f:
            pickle.dump(resolver, f, protocol=pickle.HIGHEST_PROTOCOL)
    tasks = [(key, sha, str(recdir), key in given, manifest.entries.get(key), now, resolver_path)
             for key, sha in shas.items()]
    if on_phase:
        on_phase("graph", len(tasks))
    batch: list[tuple[str, str, bytes]] = []
    batch_quads = 0

    saving = threading.Lock()   # the manifest is shared by the writer threads

    def write(items: list[tuple[str, str, bytes]]) -> None:
        # entries go before their graphs are touched: a kill now means "redo these sources"
        with saving:
            olds = {key: manifest.entries.pop(key, None) for key, _, _ in items}
            manifest.save()
        for key, giri, _ in items:
            old = olds[key]
            if old and old.get("graph") != giri:
                kg_store.remove_graph(db, old["graph"])
            kg_store.remove_graph(db, giri)
        kg_store.load_batch(db, b"".join(data for _, _, data in items))
        with saving:
            for key, giri, _ in items:
                manifest.entries[key] = {"bytes": byte_hashes[key], "sha256": shas[key], "graph": giri,
                                         "signature": signatures[key], "path": str(Path(key).resolve())}
            manifest.save()

    # with workers, batches are loaded by threads of their own (one per job, at most WRITERS), smaller
    # ones so that the loading overlaps the graphs still being built; with one job, here, one core is
    # all the build uses
    writer = _Writer(threads=min(runner.jobs, WRITERS) if runner.pool is not None else 0)
    limit = kg_store.BATCH_QUADS // 4 if runner.pool is not None else kg_store.BATCH_QUADS
    try:
        for key, giri, signature, data, n, votes in runner.map(_graph_one, tasks):
            claims.merge(votes)
            if on_file:
                on_file(key)
            if data is None:
                report.graphs_kept += key in given
                continue
            signatures[key] = signature
            batch.append((key, giri, data))
            batch_quads += n
            report.triples_written += n
            report.graphs_written += 1
            if batch_quads >= limit:
                writer.put(functools.partial(write, batch))
                batch, batch_quads = [], 0
        if batch:
            writer.put(functools.partial(write, batch))
        # every graph is in: the workers' memory (~150 MB each) goes before the writer's last batches
        # and the canonical graph, where the build's peak is (bench/scale.py at 400 MB: 1,411 MB with
        # the workers still up)
        runner.close()
        # the canonical graph is made while the writer loads the last batches, and loaded beside them
        ciri, statements = kg_graph.canonical_graph(claims)
        kg_store.remove_graph(db, str(ciri))
        for data in kg_store.nquads_lines(statements, str(ciri)):
            writer.put(functools.partial(kg_store.load_batch, db, data))
    finally:
        writer.close()
        if resolver_path:
            Path(resolver_path).unlink(missing_ok=True)



def _read_records(path: Path, recdir: Path, take: Callable[[str, dict[str, Any]], None],
                  byte_hashes: dict[str, str], fail: Callable[[str, str], None], report: BuildReport) -> None:
    """Records from a `kg extract --format jsonl` file (one shard of a corpus extracted elsewhere)."""
    try:
        f = path.open(encoding="utf-8")
    except OSError as e:
        fail(str(path), f"{path}: cannot read ({e.strerror or e})")
        return
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                key, sha = rec["source"], rec["sha256"]
                if not isinstance(key, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
                    raise ValueError("no source or sha256")
            except (ValueError, KeyError, TypeError) as e:
                fail(f"{path}:{n}", f"{path}:{n}: not a kg record ({e})")
                continue
            (recdir / f"{sha}.json").write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
            byte_hashes[key] = "record:" + sha
            take(key, rec)
            report.from_records += 1
