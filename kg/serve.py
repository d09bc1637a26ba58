"""`kg serve`: the SPARQL 1.1 Protocol at `/sparql` and the explorer at `/`, served
by uvicorn (ASGI) on 127.0.0.1.

Queries run in worker processes, each with its own read-only handle on the store
(or an in-memory copy of it, `--in-memory`). A query that passes its time limit
is cut by killing its worker, which is replaced; the others keep serving. The
web process only parses HTTP, hands jobs to idle workers and renders pages.

Updates are refused (403) unless the server was started with an update token
and the request carries it (`Authorization: Bearer <token>`); an update drains
the workers, runs in a process of its own that opens the store for writing, and
restarts them, so a read-only handle never sees a store being written.
"""
from __future__ import annotations

import asyncio
import json
import multiprocessing as mp
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import KgError

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000


@dataclass(frozen=True)
class Settings:
    store: str
    workers: int = 2
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    in_memory: bool = False
    update_token: str | None = None        # None: SPARQL Update is refused

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(24)


class QueryTimeout(KgError):
    """A job passed its time limit; its worker was stopped."""


class BadRequest(KgError):
    """A malformed query or request (HTTP 400)."""


# ─────────────────────────── the worker process ───────────────────────────

@dataclass
class _State:
    db: Any
    store: str
    max_rows: int
    index: Any = None
    stats: dict[str, Any] | None = None
    files: dict[str, str] = field(default_factory=dict)      # file name → source SHA-256


def _worker_main(conn: Any, store: str, in_memory: bool, max_rows: int) -> None:
    from . import store as kg_store
    try:
        db = kg_store.open_store(store, read_only=True)
        if in_memory:
            db = kg_store.memory_copy(db)
    except KgError as e:
        conn.send(("fatal", str(e)))
        return
    state = _State(db, store, max_rows)
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("ok", _JOBS[job[0]](state, *job[1:])))
        except BadRequest as e:
            conn.send(("bad", str(e)))
        except KgError as e:
            conn.send(("notfound", str(e)))
        except Exception as e:  # noqa: BLE001 - an unexpected failure is reported, the worker lives on
            conn.send(("error", f"{type(e).__name__}: {e}"))


def _job_sparql(state: _State, query: str, default_graphs: list[str], named_graphs: list[str],
                solution_fmt: str, graph_fmt: str) -> dict[str, Any]:
    import pyoxigraph as ox

    from . import results
    kwargs: dict[str, Any] = {}
    if default_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        result = state.db.query(query, **kwargs)
        if isinstance(result, ox.QuerySolutions):
            w = results.solutions(result, solution_fmt, state.max_rows)
        elif isinstance(result, ox.QueryBoolean):
            w = results.boolean(bool(result), solution_fmt)
        else:
            w = results.triples(result, graph_fmt, state.max_rows)
    except SyntaxError as e:
        raise BadRequest(f"malformed query: {e}") from e
    except (OSError, RuntimeError, ValueError) as e:
        raise BadRequest(f"query error: {e}") from e
    return {"body": w.body, "content_type": w.content_type, "rows": w.rows, "truncated": w.truncated}


def _job_saved(state: _State, name: str, params: dict[str, str]) -> dict[str, Any]:
    """A saved query with typed-in parameters (resolved as `kg query` resolves them), as SPARQL JSON."""
    import pyoxigraph as ox

    from . import queries, results
    q = queries.load(name)
    try:
        result = queries.execute(state.db, q, queries.bindings(state.db, q, params))
    except queries.QueryError as e:
        raise BadRequest(str(e)) from e
    if isinstance(result, ox.QuerySolutions):
        w = results.solutions(result, "json", state.max_rows)
    elif isinstance(result, ox.QueryBoolean):
        w = results.boolean(bool(result), "json")
    else:
        raise BadRequest(f"{name}: a CONSTRUCT query; run it at /sparql")
    return {"body": w.body, "content_type": w.content_type, "rows": w.rows, "truncated": w.truncated}


def _job_search(state: _State, text: str, limit: int) -> list[dict[str, Any]]:
    from . import lookup
    if state.index is None:
        state.index = lookup.Index.of(state.db)
    found = state.index.search(text, limit)
    if not found:  # a reference with a number also finds documents by their number parts
        found = lookup.documents(state.db, text)[:limit]
    return [asdict(c) for c in found]


def _job_card(state: _State, iri: str) -> dict[str, Any]:
    from . import answers
    card = answers.card(state.db, iri)
    if not card.types and not card.incoming and not card.sources:
        raise KgError(f"no entity <{iri}> in the graph")
    data = card.to_json()
    data["files"] = _files(state)
    return data


def _files(state: _State) -> dict[str, str]:
    if not state.files:
        from .store import select
        state.files = {r["file"]: r["sha"] for r in select(state.db, """
            PREFIX kg: <https://w3id.org/vn-kg/ontology#>
            SELECT DISTINCT ?file ?sha WHERE { ?s a kg:SourceReport ; kg:fileName ?file ; kg:sha256 ?sha }""")}
    return state.files


def _job_view(state: _State, iri: str | None, depth: int, lang: str) -> dict[str, Any]:
    from . import view
    html, report = view.page(state.db, focus=iri, depth=depth, lang=lang)
    return {"html": html, "report": asdict(report)}


def _job_stats(state: _State) -> dict[str, Any]:
    if state.stats is None:
        from .stats import stats
        state.stats = stats(state.db)
        state.stats.pop("sources", None)
    return state.stats


def _job_source(state: _State, sha: str) -> dict[str, Any]:
    """The text of a source, read again from its file, if it is still the text the graph was built from."""
    import hashlib

    from extract.read import read_text

    from .build import MANIFEST
    manifest = Path(state.store) / MANIFEST
    entries = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    for key, entry in entries.items():
        if entry.get("sha256") == sha:
            path = Path(entry.get("path") or key)
            if not path.exists():
                raise KgError(f"{path}: the source file is no longer there")
            text = read_text(path)
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != sha:
                raise KgError(f"{path}: the file changed since the graph was built; rebuild to see it")
            return {"file": path.name, "path": str(path), "text": text}
    raise KgError(f"no source {sha} in this store")


def _job_ping(state: _State) -> str:
    return "pong"


_JOBS: dict[str, Callable[..., Any]] = {
    "sparql": _job_sparql, "saved": _job_saved, "search": _job_search, "card": _job_card, "view": _job_view,
    "stats": _job_stats, "source": _job_source, "ping": _job_ping,
}


def _update_main(conn: Any, store: str, update: str) -> None:
    from . import store as kg_store
    try:
        db = kg_store.open_store(store)
        db.update(update)
        db.flush()
        conn.send(("ok", None))
    except SyntaxError as e:
        conn.send(("bad", f"malformed update: {e}"))
    except Exception as e:  # noqa: BLE001
        conn.send(("error", f"{type(e).__name__}: {e}"))


# ─────────────────────────── the pool, in the web process ───────────────────────────

class _Worker:
    def __init__(self, ctx: Any, settings: Settings) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, settings.store, settings.in_memory,
                                                              settings.max_rows), daemon=True)
        self.process.start()
        child.close()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise KgError(f"a query worker did not start within {timeout:.0f} s")
        status, message = self.conn.recv()
        if status != "ready":
            self.kill()
            raise KgError(message)

    def call(self, job: tuple, timeout: float) -> tuple[str, Any]:
        self.conn.send(job)
        if not self.conn.poll(timeout):
            raise QueryTimeout(f"the query ran past the time limit of {timeout:g} s and was stopped")
        return self.conn.recv()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class Pool:
    """Worker processes answering jobs; a job past its time limit costs its worker, not the server."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ctx = mp.get_context("spawn")
        self.executor = ThreadPoolExecutor(max_workers=settings.workers + 4, thread_name_prefix="kg-pool")
        self.idle: asyncio.Queue[_Worker] | None = None
        self.exclusive = asyncio.Lock()
        self.all: set[_Worker] = set()

    def _spawn(self) -> _Worker:
        w = _Worker(self.ctx, self.settings)
        w.wait_ready(120 if self.settings.in_memory else 60)
        self.all.add(w)
        return w

    async def start(self) -> None:
        self.idle = asyncio.Queue()
        loop = asyncio.get_running_loop()
        workers = await asyncio.gather(*(loop.run_in_executor(self.executor, self._spawn)
                                         for _ in range(self.settings.workers)))
        for w in workers:
            self.idle.put_nowait(w)

    async def _replace(self, dead: _Worker) -> None:
        loop = asyncio.get_running_loop()
        self.all.discard(dead)
        await loop.run_in_executor(self.executor, dead.kill)
        fresh = await loop.run_in_executor(self.executor, self._spawn)
        assert self.idle is not None
        self.idle.put_nowait(fresh)

    async def run(self, job: tuple, timeout: float | None = None) -> Any:
        """The job's result; `BadRequest`, `KgError` (not found) or `QueryTimeout` otherwise."""
        assert self.idle is not None
        limit = self.settings.timeout if timeout is None else timeout
        async with self.exclusive:     # an update in progress holds this lock; queries wait for it
            pass
        w = await self.idle.get()
        loop = asyncio.get_running_loop()
        try:
            status, value = await loop.run_in_executor(self.executor, w.call, job, limit)
        except QueryTimeout:
            asyncio.get_running_loop().create_task(self._replace(w))
            raise
        except (EOFError, OSError, BrokenPipeError) as e:
            asyncio.get_running_loop().create_task(self._replace(w))
            raise KgError(f"a query worker stopped ({e}); it is being replaced") from e
        self.idle.put_nowait(w)
        if status == "ok":
            return value
        if status == "bad":
            raise BadRequest(value)
        if status == "notfound":
            raise LookupError(value)
        raise KgError(value)

    async def update(self, text: str) -> None:
        """Run a SPARQL Update with the workers stopped, then start them again on the updated store."""
        assert self.idle is not None
        loop = asyncio.get_running_loop()
        async with self.exclusive:
            drained = [await self.idle.get() for _ in range(self.settings.workers)]
            for w in drained:
                self.all.discard(w)
                await loop.run_in_executor(self.executor, w.kill)
            try:
                status, value = await loop.run_in_executor(self.executor, self._run_update, text)
            finally:
                fresh = await asyncio.gather(*(loop.run_in_executor(self.executor, self._spawn)
                                               for _ in range(self.settings.workers)))
                for w in fresh:
                    self.idle.put_nowait(w)
        if status == "bad":
            raise BadRequest(value)
        if status != "ok":
            raise KgError(value)

    def _run_update(self, text: str) -> tuple[str, Any]:
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=_update_main, args=(child, self.settings.store, text), daemon=True)
        p.start()
        child.close()
        try:
            if not parent.poll(self.settings.timeout):
                p.kill()
                return "error", f"the update ran past the time limit of {self.settings.timeout:g} s and was stopped"
            return parent.recv()
        finally:
            p.join(5)
            parent.close()

    def close(self) -> None:
        for w in list(self.all):
            w.kill()
        self.all.clear()
        self.executor.shutdown(wait=False, cancel_futures=True)


def check_store(store: str) -> None:
    """Fail early, in the command, when there is no store to serve."""
    from .store import open_store
    open_store(store, read_only=True)


def run(settings: Settings, host: str = "127.0.0.1", port: int = 8000, log_level: str = "warning",
        on_ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted."""
    import uvicorn

    from .web import app
    check_store(settings.store)
    config = uvicorn.Config(app(settings, on_ready=on_ready), host=host, port=port, log_level=log_level,
                            access_log=False, lifespan="on", timeout_keep_alive=30)
    uvicorn.Server(config).run()


def environment_token() -> str | None:
    return os.environ.get("KG_UPDATE_TOKEN") or None
