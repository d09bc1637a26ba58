"""`kg view`, `kg serve` and `kg push`: pages, the SPARQL endpoint, and the way to a triplestore
server (registered on `kg.cli.main`)."""
from __future__ import annotations

import click

from .cli import _AUTH, _STORE, _auth, _open, _progress, _resolve, err, main


@main.command()
@click.argument("ref", required=False)
@_STORE
@click.option("--depth", default=2, show_default=True, type=click.IntRange(1, 6),
              help="Links followed from REF, in both directions.")
@click.option("--kinds", default=None, metavar="K,...",
              help="Classes to show: initiative, normative, administrative, party, document, agency "
                   "(default: all but agencies).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the labels at first (the page has a switch).")
@click.option("--max-nodes", default=1000, show_default=True, type=click.IntRange(10),
              help="Past this many nodes the view aggregates by province and kind, and says so.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="The HTML file to write.")
def view(ref: str | None, store_path: str | None, depth: int, kinds: str | None, lang: str, max_nodes: int,
         output: str) -> None:
    """The dependencies around REF (or the whole graph) as one interactive HTML page.

    The page is self-contained (no network needed): colours and shapes by
    class with a legend, edge labels by relation, the evidence sentence and
    source in each tooltip, a Vietnamese/English switch.

    \b
    Examples:
      kg view "Nghị định 43/2011" --depth 2 -o nd-43.html
      kg view --kinds initiative,normative -o all.html
    """
    from . import view as kg_view
    from .errors import UsageError
    db = _open(store_path)
    focus = _resolve(db, ref).iri if ref else None
    chosen = [k.strip() for k in kinds.split(",") if k.strip()] if kinds else None
    unknown = [k for k in chosen or [] if k not in kg_view.KINDS]
    if unknown:
        raise UsageError(f"--kinds: unknown {', '.join(unknown)} (choose from {', '.join(kg_view.KINDS)})")
    report = kg_view.write(db, output, focus=focus, depth=depth, kinds=chosen, lang=lang, max_nodes=max_nodes)
    click.echo(f"{output}: {report.nodes} nodes, {report.edges} edges" + (f" ({report.note})" if report.note else ""))


@main.command()
@_STORE
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 exposes the graph to the network.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=None, type=click.IntRange(1, 64),
              help="Query worker processes (default: one per core).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Rows (or triples) a result may have; more are cut and X-SPARQL-MaxRows says so.")
@click.option("--in-memory", is_flag=True, help="Each worker queries an in-memory copy of the store: 2-3x faster "
                                                "joins, costs the copy's memory and start time; later builds are "
                                                "not seen until a restart.")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update from requests that carry the token "
                                                   "(Authorization: Bearer TOKEN; $KG_UPDATE_TOKEN, else a new one "
                                                   "printed at start).")
def serve(store_path: str | None, host: str, port: int, workers: int | None, timeout: float, max_rows: int,
          in_memory: bool, allow_update: bool) -> None:
    """The SPARQL 1.1 endpoint at /sparql and the explorer at /, until Ctrl-C.

    \b
    /sparql   GET ?query=, POST form or application/sparql-query; results as
              JSON, XML, CSV, TSV (SELECT, ASK) or Turtle, N-Triples, JSON-LD
              (CONSTRUCT, DESCRIBE) by Accept; a service description without
              a query; CORS for browser clients; read-only unless --allow-update.
    /         search, a page per document, initiative and agency with its
              graph, source texts, and a SPARQL editor with the saved queries.

    \b
    Examples:
      kg serve
      kg serve --store /data/kg --port 8080 --in-memory
      curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql?query=ASK{?s?p?o}'
    """
    import os

    from . import serve as kg_serve
    from .store import store_dir
    token = None
    if allow_update:
        token = kg_serve.environment_token() or kg_serve.Settings.new_token()
        if not kg_serve.environment_token():
            err.print(f"update token: {token}", highlight=False)
    settings = kg_serve.Settings(str(store_dir(store_path)), workers or os.cpu_count() or 1, timeout, max_rows,
                                 in_memory, token)
    err.print(f"kg serve: http://{host}:{port}/ (SPARQL at /sparql), {settings.workers} workers, "
              f"{'in memory' if in_memory else 'on disk'}, {'updates with token' if token else 'read-only'}",
              highlight=False)
    kg_serve.run(settings, host=host, port=port)


@main.command()
@_STORE
@click.option("--endpoint", metavar="URL", help="The server's SPARQL Update endpoint (used when there is no "
                                                "--graph-store).")
@click.option("--graph-store", metavar="URL", help="The server's Graph Store HTTP Protocol endpoint (preferred).")
@_AUTH
@click.option("--batch", default=20_000, show_default=True, type=click.IntRange(1), help="Triples a request.")
@click.option("--restart", is_flag=True, help="Send every graph again, even those a previous push finished.")
@click.option("--parallel", default=4, show_default=True, type=click.IntRange(1, 32),
              help="Graphs sent at once (each on a connection of its own).")
def push(store_path: str | None, endpoint: str | None, graph_store: str | None, auth: str | None, auth_scheme: str,
         token: str | None, batch: int, restart: bool, parallel: int) -> None:
    """Load the graph, named graphs kept, into a triplestore server.

    With --graph-store each named graph is PUT (then POSTed in batches) with
    the SPARQL 1.1 Graph Store HTTP Protocol; with --endpoint only, it is
    dropped and inserted with SPARQL 1.1 Update. Several graphs travel at once
    (--parallel). Finished graphs are recorded in push-state.json in the store
    folder, so a push that failed resumes where it stopped and an unchanged
    graph is not sent again.

    \b
    Examples:
      kg push --graph-store http://127.0.0.1:7878/store                   # Oxigraph server
      kg push --graph-store http://localhost:3030/kg/data --auth admin:pw  # Apache Jena Fuseki
      kg push --endpoint http://localhost:8890/sparql-auth --auth dba:dba --auth-scheme digest   # Virtuoso
    """
    from . import remote
    from .store import store_dir
    db = _open(store_path)
    graphs = len(remote.graphs(db))
    with _progress() as progress:
        task = progress.add_task("push", total=graphs, current="")
        report = remote.push(db, store_dir(store_path), endpoint=endpoint, graph_store=graph_store,
                             auth=_auth(auth, auth_scheme, token), batch=batch, restart=restart, parallel=parallel,
                             on_graph=lambda g, n: progress.update(task, advance=1, current=g.rsplit("/", 1)[-1]))
    click.echo(f"{report.sent} graphs sent ({report.triples} triples, {report.requests} requests), "
               f"{report.skipped} unchanged and skipped, of {report.graphs}")
