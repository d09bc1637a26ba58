"""Triplestore servers: push the graph into one (SPARQL 1.1 Graph Store HTTP Protocol
or SPARQL 1.1 Update), and run saved queries on one through SPARQLWrapper.

A push sends each named graph in batches of N-Triples, a few graphs at once
(`parallel`), and records the graphs it finished (with a hash of their content)
in `push-state.json` beside the store, at least every second and when it stops:
a push that failed half-way sends again only what was not recorded, and a graph
already on the server unchanged is not sent again.

A saved query's parameters reach a remote server as a `VALUES` block put first
in the query's WHERE group. The values are RDF terms written by Oxigraph's
N-Triples serialiser (quotes, backslashes and line breaks escaped; IRIs
validated when the term is made), so what a user typed stays one term.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import KgError
from .queries import SavedQuery

STATE = "push-state.json"
BATCH = 20_000   # triples a request
PARALLEL = 4     # graphs sent at once: the server parses one while the next travels (bench/scale.py --endpoint)


class RemoteError(KgError):
    """The server refused a request or could not be reached."""


@dataclass
class Auth:
    user: str | None = None
    password: str | None = None
    scheme: str = "basic"          # "basic" or "digest"
    token: str | None = None       # a bearer token

    def requests_auth(self) -> Any:
        import requests.auth
        if self.user is None:
            return None
        if self.scheme == "digest":
            return requests.auth.HTTPDigestAuth(self.user, self.password or "")
        return requests.auth.HTTPBasicAuth(self.user, self.password or "")

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}


@dataclass
class PushReport:
    graphs: int = 0
    sent: int = 0           # graphs sent in this run
    skipped: int = 0        # already on the server, unchanged
    triples: int = 0
    requests: int = 0


def graphs(store: ox.Store) -> list[ox.NamedNode]:
    return sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)


def _ntriples(store: ox.Store, graph: ox.NamedNode) -> tuple[list[bytes], str]:
    """The graph's N-Triples lines, sorted, and their sha256: what the server should hold of it."""
    lines = sorted(line for line in store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).split(b"\n") if line)
    h = hashlib.sha256()
    for line in lines:
        h.update(line)
        h.update(b"\n")
    return lines, h.hexdigest()


def _chunks(lines: list[bytes], size: int) -> Iterator[bytes]:
    for i in range(0, len(lines), size):
        yield b"\n".join(lines[i:i + size]) + b"\n"


def push(store: ox.Store, state_dir: Path, *, endpoint: str | None = None, graph_store: str | None = None,
         auth: Auth | None = None, batch: int = BATCH, timeout: float = 120.0, restart: bool = False,
         parallel: int = PARALLEL, on_graph: Callable[[str, int], None] | None = None) -> PushReport:
    """Send every named graph of `store` to the server, `parallel` graphs at a time; see the module's
    docstring."""
    import requests
    if not endpoint and not graph_store:
        raise RemoteError("say where to push: --graph-store URL (Graph Store Protocol) or --endpoint URL (Update)")
    auth = auth or Auth()
    target = graph_store or endpoint
    state_path = state_dir / STATE
    all_state = json.loads(state_path.read_text(encoding="utf-8")) if state_path.exists() else {}
    done: dict[str, str] = {} if restart else all_state.get(target, {})
    report = PushReport()
    local = threading.local()      # one HTTP session (kept-alive connection) a sending thread
    lock = threading.Lock()        # for report.requests, counted in those threads

    def send(method: str, url: str, **kw: Any) -> None:
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
            session.auth = auth.requests_auth()
            session.headers.update(auth.headers())
        try:
            r = session.request(method, url, timeout=timeout, **kw)
        except requests.RequestException as e:
            raise RemoteError(f"{url}: {e}") from e
        with lock:
            report.requests += 1
        if r.status_code >= 300:
            raise RemoteError(f"{url}: HTTP {r.status_code} {r.reason}: {r.text.strip()[:300]}")

    def send_graph(g: ox.NamedNode, lines: list[bytes]) -> None:
        bodies = _chunks(lines, batch)
        if graph_store:
            # PUT replaces what the server had in that graph (an empty body clears it); POST adds the rest
            send("PUT", graph_store, params={"graph": g.value}, data=next(bodies, b""),
                 headers={"Content-Type": "application/n-triples"})
            for body in bodies:
                send("POST", graph_store, params={"graph": g.value}, data=body,
                     headers={"Content-Type": "application/n-triples"})
        else:
            # the first request also drops what the server had: two operations, one request
            head = f"DROP SILENT GRAPH {g} ;\n".encode("utf-8")
            for body in bodies:
                send("POST", endpoint, data=head + f"INSERT DATA {{ GRAPH {g} {{\n".encode("utf-8") + body + b"}}",
                     headers={"Content-Type": "application/sparql-update"})
                head = b""
            if head:                 # an empty graph: only dropped
                send("POST", endpoint, data=head.rstrip(b" ;\n"), headers={"Content-Type": "application/sparql-update"})

    def save() -> None:            # resumable from here: the graphs finished so far
        all_state[target] = dict(done)
        state_path.write_text(json.dumps(all_state, indent=0), encoding="utf-8")

    graph_list = graphs(store)
    report.graphs = len(graph_list)
    running: dict[Future, tuple[ox.NamedNode, str, int]] = {}
    saved_at = time.monotonic()

    def finish(futures: Iterable[Future]) -> None:
        nonlocal saved_at
        for f in futures:
            g, digest, n = running.pop(f)
            f.result()               # a failed request stops the push here, what finished is saved
            done[g.value] = digest
            report.sent += 1
            report.triples += n
            if on_graph:
                on_graph(g.value, n)
        if time.monotonic() - saved_at > 1.0:
            save()
            saved_at = time.monotonic()

    with ThreadPoolExecutor(max_workers=max(1, parallel), thread_name_prefix="kg-push") as pool:
        try:
            for g in graph_list:
                lines, digest = _ntriples(store, g)
                if done.get(g.value) == digest:
                    report.skipped += 1
                    if on_graph:
                        on_graph(g.value, 0)
                    continue
                running[pool.submit(send_graph, g, lines)] = (g, digest, len(lines))
                if len(running) >= 2 * max(1, parallel):   # a few graphs ready ahead, not the whole store
                    finish(wait(running, return_when=FIRST_COMPLETED).done)
            while running:
                finish(wait(running, return_when=FIRST_COMPLETED).done)
        finally:
            for f in running:
                f.cancel()
            save()
    return report


# ─────────────────────────── saved queries on a remote endpoint ───────────────────────────

_SKIP = re.compile(r'#[^\n]*|<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')


def where_brace(text: str) -> int:
    """The offset of the `{` that opens the query's WHERE group: the first after the keyword WHERE, else
    the first of all (WHERE is optional in SELECT and ASK); comments, IRIs and strings are skipped."""
    pos, first, after_where = 0, None, False
    while pos < len(text):
        m = _SKIP.match(text, pos)
        if m:
            pos = m.end()
            continue
        if text[pos] == "{":
            if after_where:
                return pos
            first = pos if first is None else first
        elif text[pos] in "Ww" and text[pos:pos + 5].upper() == "WHERE" and not text[pos - 1:pos].isalnum() \
                and not text[pos + 5:pos + 6].isalnum():
            after_where = True
            pos += 5
            continue
        pos += 1
    if first is None:
        raise KgError("the query has no WHERE group")
    return first


def with_values(text: str, terms: dict[str, Any]) -> str:
    """`text` with `VALUES (?a ?b) { (term term) }` first in its WHERE group, the terms in N-Triples syntax."""
    if not terms:
        return text
    names = list(terms)
    for n in names:
        if not re.fullmatch(r"\w+", n):
            raise KgError(f"not a variable name: {n!r}")
    row = " ".join(str(terms[n]) for n in names)   # pyoxigraph terms print as escaped N-Triples terms
    values = f"\n  VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}\n"
    brace = where_brace(text)
    return text[:brace + 1] + values + text[brace + 1:]


def remote_select(endpoint: str, query: SavedQuery, terms: dict[str, Any], auth: Auth | None = None,
                  timeout: float = 60.0) -> dict[str, Any]:
    """The SPARQL JSON results of a saved SELECT or ASK query on `endpoint`, through SPARQLWrapper."""
    from SPARQLWrapper import JSON, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException
    client = SPARQLWrapper(endpoint)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    if auth and auth.user:
        from SPARQLWrapper import BASIC, DIGEST
        client.setHTTPAuth(DIGEST if auth.scheme == "digest" else BASIC)
        client.setCredentials(auth.user, auth.password or "")
    if auth and auth.token:
        client.addCustomHttpHeader("Authorization", f"Bearer {auth.token}")
    client.setQuery(with_values(query.text, terms))
    try:
        return client.query().convert()
    except (SPARQLWrapperException, OSError) as e:
        raise RemoteError(f"{endpoint}: {e}") from e
