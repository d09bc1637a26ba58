"""The `kg` command line: a thin shell over the library.

Every command prints its results on stdout and its progress and errors on
stderr; a batch goes on past a bad file and exits non-zero if any failed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from extract.batch import extract_paths
from extract.read import iter_files

from . import evaluate
from .answers import excerpt
from .errors import EvalError

err = Console(stderr=True)


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[current]}"), TimeElapsedColumn(), console=err,
                    transient=True, disable=not err.is_terminal)


class _Group(click.Group):
    """Errors `kg` raises on purpose become one line on stderr and exit code 1, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        from .errors import KgError
        try:
            return super().invoke(ctx)
        except KgError as e:
            err.print(f"[red]error:[/red] {e}", highlight=False, soft_wrap=True, markup=True)
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: a knowledge graph of Vietnamese plans, decrees and projects.

    \b
    kg extract PATH...        text → records (documents, initiatives, agencies, relations)
    kg eval --gold DIR PATH   precision, recall and F1 against gold records
    kg build PATH...          extract and load the graph into the store (kg-store/)
    kg stats                  what the store holds
    kg export --format F      the graph as Turtle, TriG, N-Quads, JSON-LD or GraphML
    kg depends REF            what relies on a document, directly and transitively, with evidence
    kg basis NAME             the legal bases of an initiative or document, as a tree
    kg show REF               one document, initiative or agency: facts, relations, sources
    kg search TEXT            find entities, ignoring accents and case ("nd 43/2011", "chu ky so")
    kg query NAME|FILE.rq     run a saved SPARQL query with parameters
    kg analyze                most relied-upon bases, longest chains, orphans, clusters (networkx)
    kg view [REF] -o F.html   the dependencies around REF as one interactive page (works offline)
    kg serve                  the SPARQL 1.1 endpoint and the explorer on 127.0.0.1
    kg push --graph-store URL the graph into a triplestore server (Graph Store Protocol or Update)
    """


def _records(paths: tuple[str, ...], jobs: int | None, failures: list[str]):
    """Records of every file under `paths`, one at a time, with progress; each failure is
    printed on stderr and added to `failures`."""
    from extract.batch import default_jobs
    files = list(iter_files(paths))
    with _progress() as progress:
        task = progress.add_task("extract", total=len(files), current="")
        for outcome in extract_paths(paths, jobs=jobs or default_jobs()):
            progress.update(task, advance=1, current=outcome.path.name)
            if outcome.error is not None:
                failures.append(str(outcome.error))
                err.print(f"[red]error:[/red] {outcome.error}", highlight=False, soft_wrap=True)
                continue
            yield outcome.record.to_dict()


_JOBS = click.option("-j", "--jobs", type=click.IntRange(1), default=None,
                     help="Worker processes (default: every core this process may use).")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True,
              help="jsonl: one record a line (the format of ../shared/eval/SCHEMA.md), written as each file is "
                   "done; json: one array; table: a summary per file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@_JOBS
def extract(paths: tuple[str, ...], fmt: str, output: str | None, jobs: int | None) -> None:
    """Extract documents, initiatives, agencies and relations from PATHS.

    PATHS are files or folders (recursed): .txt/.md (UTF-8, UTF-16, Windows-1258),
    .html, .docx and .pdf with a text layer. Each record carries the character
    offsets and the evidence sentence of what it states. Files are extracted in
    --jobs processes; records come out in the order of the files.

    \b
    Examples:
      kg extract examples/
      kg extract report.docx --format table
      kg extract ../shared/corpus/dev -o dev.jsonl
      kg extract shard-07/ -o shard-07.jsonl     (then: kg build --from-records shard-*.jsonl)
    """
    failures: list[str] = []
    done = 0
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "jsonl":
            for record in _records(paths, jobs, failures):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                done += 1
        else:
            records = list(_records(paths, jobs, failures))
            done = len(records)
            if fmt == "json":
                json.dump(records, out, ensure_ascii=False, indent=1)
                out.write("\n")
            else:
                _table(records, Console(file=out, width=160) if output else Console(width=160))
    finally:
        if output:
            out.close()
    if failures:
        err.print(f"{len(failures)} file(s) failed, {done} extracted", highlight=False)
        sys.exit(1)


def _table(records: list[dict], console: Console) -> None:
    t = Table("source", "number", "kind", "date", "province", "refs", "initiatives", "agencies", "relations")
    for r in records:
        s = r["self"]
        t.add_row(Path(r["source"]).name, s["number"] or "", s["kind"] or "", s["date"] or "", r["province"] or "",
                  str(len(r["refs"])), str(len(r["initiatives"])), str(len(r["agencies"])), str(len(r["relations"])))
    console.print(t)


@main.command("eval")
@click.option("--gold", required=True, type=click.Path(exists=True, file_okay=False), help="Folder of gold .json records.")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--pred", "pred_file", is_flag=True, help="PATHS are record files (.jsonl) to score, not texts.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--details", is_flag=True, help="List what was missed and what was extra.")
def eval_(gold: str, paths: tuple[str, ...], pred_file: bool, as_json: bool, details: bool) -> None:
    """Score extraction of PATHS against the gold records in --gold.

    Same metric as ../shared/eval/score.py: precision, recall and F1 per part.

    \b
    Example:
      kg eval --gold ../shared/eval/gold/dev ../shared/corpus/seeds ../shared/corpus/dev
    """
    try:
        gold_records = evaluate.load(Path(gold))
        if pred_file:
            pred: dict = {}
            for p in paths:
                pred.update(evaluate.load(Path(p)))
            failed = 0
        else:
            failures: list[str] = []
            pred = evaluate.by_name(list(_records(paths, None, failures)))
            failed = len(failures)
    except EvalError as e:
        err.print(f"[red]error:[/red] {e}", highlight=False)
        sys.exit(2)
    result = evaluate.score(gold_records, pred, details=details).to_dict()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print_scores(result)
    if failed:
        sys.exit(1)


def _print_scores(result: dict) -> None:
    t = Table("part", "P", "R", "F1", "tp/fp/fn", title=f"{result['documents']} documents")
    for k in evaluate.PARTS:
        r = result[k]
        t.add_row(k, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}", f"{r['tp']}/{r['fp']}/{r['fn']}")
    for k, r in result["relations_by_predicate"].items():
        t.add_row(f"  {k}", f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
                  f"{r['tp']}/{r['fp']}/{r['fn']}")
    Console().print(t)
    for k in ("ref_kind_accuracy", "ref_date_accuracy", "self_accuracy"):
        click.echo(f"{k:20} {result[k]}")
    for n in result["notes"]:
        click.echo("  " + n)


_STORE = click.option("--store", "store_path", type=click.Path(file_okay=False), envvar="KG_STORE",
                      help="Store folder (default: kg-store/ here, or $KG_STORE).")


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_STORE
@click.option("--rebuild", is_flag=True, help="Empty the store first and build everything again.")
@click.option("--prune", is_flag=True, help="Remove the graphs of sources not among PATHS (or the records given).")
@_JOBS
@click.option("--from-records", "from_records", is_flag=True,
              help="PATHS are `kg extract --format jsonl` files (shards of a corpus extracted elsewhere): "
                   "load their records instead of extracting.")
def build(paths: tuple[str, ...], store_path: str | None, rebuild: bool, prune: bool, jobs: int | None,
          from_records: bool) -> None:
    """Extract PATHS and load one named graph per source into the store.

    Incremental: an unchanged file is skipped by content hash; a changed file
    replaces its named graph; with --prune, a removed file's graph is removed.
    A file that fails is reported and loses nothing already in the store.
    Extraction and graph building run in --jobs processes; the store takes the
    graphs in batches, so memory is bounded by a batch, not by the corpus.

    \b
    Examples:
      kg build ../shared/corpus
      kg build reports/ --store /data/kg --prune --jobs 8
      kg build --from-records records/shard-*.jsonl
    """
    from . import build as kg_build
    from .errors import UsageError

    if not paths:
        raise UsageError("give the PATH... to build from (files or folders; record files with --from-records)")
    with _progress() as progress:
        tasks: dict[str, Any] = {}

        def phase(name: str, total: int) -> None:
            for t in tasks.values():
                progress.update(t, visible=False)
            tasks[name] = progress.add_task(name, total=total, current="")

        def advance(name: str) -> None:
            if tasks:
                progress.update(list(tasks.values())[-1], advance=1, current=Path(name).name)

        report = kg_build.build(
            () if from_records else paths, store=store_path, rebuild=rebuild, prune=prune, jobs=jobs,
            from_records=paths if from_records else (),
            on_file=advance, on_phase=phase,
            on_error=lambda msg: err.print(f"[red]error:[/red] {msg}", highlight=False, soft_wrap=True))
    loaded = f"{report.from_records} records loaded, " if from_records else ""
    click.echo(f"{loaded}{report.extracted} extracted, {report.reused} unchanged, {report.graphs_written} graphs written "
               f"({report.triples_written} triples), {report.graphs_kept} kept, {report.removed} removed, "
               f"{len(report.failed)} failed")
    if report.failed:
        sys.exit(1)


@main.command()
@_STORE
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(store_path: str | None, as_json: bool) -> None:
    """Counts per class and relation, per source, and unresolved references."""
    from .stats import stats as compute
    from .store import open_store

    data = compute(open_store(store_path, read_only=True))
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(f"{data['triples']} triples, {len(data['sources'])} sources, "
                  f"{data['unresolved']} unresolved references")
    for title, key in (("class", "classes"), ("relation", "relations")):
        t = Table(title, "count")
        for k, v in data[key].items():
            t.add_row(k, str(v))
        console.print(t)


@main.command()
@_STORE
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "jsonld", "graphml"]),
              default="trig", show_default=True, help="trig/nquads keep the named graphs; turtle is their union; "
              "graphml is the dependency graph for Gephi.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def export(store_path: str | None, fmt: str, output: str | None) -> None:
    """Write the whole graph in one of the standard formats."""
    from .export import export as do_export
    from .store import open_store

    db = open_store(store_path, read_only=True)
    if output:
        with open(output, "wb") as f:
            do_export(db, fmt, f)
    else:
        do_export(db, fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()


# ─────────────────────────── questions ───────────────────────────

def _open(store_path: str | None):
    from .store import open_store
    return open_store(store_path, read_only=True)


def _resolve(db, text: str):
    """The one entity `text` names; an ambiguous text lists the candidates (as an error)."""
    from . import lookup
    return lookup.one(lookup.entities(db, text), text)


def _focus(link) -> list[str]:
    """What a link's sentence should be centred on: the object's number, else the start of its name."""
    words = [w for w in link.o_label.split() if any(ch.isdigit() for ch in w)]
    return [*words, link.o_label[:30], link.s_label[:30]]


def _quote(ev, console: Console, indent: str = "      ", focus: list[str] | None = None, full: bool = False) -> None:
    from rich.text import Text
    t = Text(indent)
    t.append("“" + excerpt(ev.sentence, focus or [], full) + "”", style="italic")
    t.append(f"  — {ev.file} [{ev.start}–{ev.end}]", style="dim")
    console.print(t, soft_wrap=False)


def _auth_options(f):
    f = click.option("--token", envvar="KG_REMOTE_TOKEN", help="A bearer token for the server ($KG_REMOTE_TOKEN).")(f)
    f = click.option("--auth-scheme", type=click.Choice(["basic", "digest"]), default="basic", show_default=True,
                     help="How --auth is sent (Virtuoso's /sparql-auth wants digest).")(f)
    f = click.option("--auth", metavar="USER:PASSWORD", envvar="KG_REMOTE_AUTH",
                     help="HTTP credentials for the server ($KG_REMOTE_AUTH).")(f)
    return f


_AUTH = _auth_options


def _auth(auth: str | None, scheme: str, token: str | None):
    from .remote import Auth
    if auth is None:
        return Auth(token=token)
    user, _, password = auth.partition(":")
    return Auth(user, password, scheme, token)


_FORMAT_TJ = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                          help="text for people, json for programs.")
_FULL = click.option("--full", is_flag=True, help="Show whole evidence sentences (long ones are cut to the part "
                                                    "around what they prove).")


@main.command()
@click.argument("ref")
@_STORE
@click.option("--direct", is_flag=True, help="Only what relies on REF directly.")
@_FORMAT_TJ
@_FULL
def depends(ref: str, store_path: str | None, direct: bool, fmt: str, full: bool) -> None:
    """Every initiative and document that relies on REF, directly and transitively.

    Direct dependents first, then each transitive one with its chain of
    basedOn / approvedBy / partOf links, the evidence sentence of every link and
    its source file. REF is what people type: "Nghị định 43/2011",
    "43/2011/NĐ-CP", "NĐ 43/2011", "917/QĐ-UBND Quảng Ninh"; an ambiguous REF
    lists the candidates.

    \b
    Examples:
      kg depends "Nghị quyết 36-NQ/TW"
      kg depends "nd 43/2011" --direct --format json
    """
    from . import answers
    db = _open(store_path)
    target = _resolve(db, ref)
    result = answers.depends(db, target.iri)
    if direct:
        result.dependents = [d for d in result.dependents if d.depth == 1]
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    console = Console()
    n_direct = sum(d.depth == 1 for d in result.dependents)
    console.print(f"[bold]{result.target_label}[/bold]  <{result.target}>", highlight=False)
    console.print(f"{len(result.dependents)} rely on it: {n_direct} directly, "
                  f"{len(result.dependents) - n_direct} transitively", highlight=False)
    for heading, group in (("Directly", [d for d in result.dependents if d.depth == 1]),
                           ("Transitively", [d for d in result.dependents if d.depth > 1])):
        if not group:
            continue
        console.print(f"\n[bold underline]{heading}[/bold underline]")
        for i, d in enumerate(group, 1):
            console.print(f"{i:>3}. [bold]{d.label}[/bold] [dim]({d.cls})[/dim]", highlight=False)
            for link in d.chain:
                console.print(f"      {link.s_label} [cyan]—{link.p}→[/cyan] {link.o_label}", highlight=False)
                for ev in link.evidence:
                    _quote(ev, console, "        ", _focus(link), full)


@main.command()
@click.argument("name")
@_STORE
@_FORMAT_TJ
@_FULL
def basis(name: str, store_path: str | None, fmt: str, full: bool) -> None:
    """The legal bases of an initiative or document, transitively, as a tree.

    NAME is a reference ("Quyết định 1908/QĐ-UBND") or words of a name, accents
    optional ("quy hoach ung dung cong nghe thong tin quang ninh"). Each basis
    shows how it is linked (approvedBy, basedOn, partOf) and the sentences that
    say so.

    \b
    Example:
      kg basis "Quy hoạch phát triển ứng dụng công nghệ thông tin tỉnh Quảng Ninh"
    """
    from rich.tree import Tree

    from . import answers
    db = _open(store_path)
    subject = _resolve(db, name)
    root = answers.basis(db, subject.iri)
    if fmt == "json":
        click.echo(json.dumps(root.to_json(), ensure_ascii=False, indent=2))
        return
    from rich.text import Text

    def label(node) -> Text:
        t = Text()
        if node.predicate:
            t.append(f"{node.predicate} → ", style="cyan")
        t.append(node.label, style="bold")
        t.append(f" ({node.cls})", style="dim")
        if node.repeated:
            t.append("  (shown above)", style="dim")
        for ev in node.evidence:
            focus = [w for w in node.label.split() if any(ch.isdigit() for ch in w)] + [node.label[:30]]
            t.append("\n“" + excerpt(ev.sentence, focus, full) + "”", style="italic")
            t.append(f"  — {ev.file} [{ev.start}–{ev.end}]", style="dim")
        return t

    tree = Tree(label(root))
    todo = [(root, tree)]
    while todo:
        node, branch = todo.pop()
        for child in node.children:
            todo.append((child, branch.add(label(child))))
    console = Console()
    console.print(tree)
    if not root.children:
        console.print("no legal basis found in the graph")


@main.command()
@click.argument("ref")
@_STORE
@_FORMAT_TJ
@_FULL
@click.option("--quotes", default=3, show_default=True, help="Evidence sentences shown per relation.")
def show(ref: str, store_path: str | None, fmt: str, full: bool, quotes: int) -> None:
    """One document, initiative or agency as a card: kind, number, date, issuer,
    province, outgoing and incoming relations with counts, evidence and sources.

    \b
    Examples:
      kg show "Nghị định 43/2011"
      kg show "917/QĐ-UBND Quảng Ninh" --format json
    """
    from . import answers
    db = _open(store_path)
    c = answers.card(db, _resolve(db, ref).iri)
    if fmt == "json":
        click.echo(json.dumps(c.to_json(), ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(f"[bold]{c.label}[/bold]  [dim]({c.cls}: {', '.join(c.types)})[/dim]", highlight=False)
    console.print(f"[dim]<{c.iri}>[/dim]", highlight=False)
    for k, vs in c.facts.items():
        console.print(f"  {k + ':':<14} {'; '.join(vs)}", highlight=False)
    for heading, rels, outgoing in (("Outgoing", c.outgoing, True), ("Incoming", c.incoming, False)):
        total = sum(len(v) for v in rels.values())
        console.print(f"\n[bold underline]{heading}[/bold underline] ({total})")
        for p, links in rels.items():
            console.print(f"  [cyan]{p}[/cyan] ({len(links)})")
            for link in links:
                other = link.o_label if outgoing else link.s_label
                console.print(f"    • {other}", highlight=False)
                for ev in link.evidence[:quotes]:
                    _quote(ev, console, "        ", _focus(link), full)
                if len(link.evidence) > quotes:
                    console.print(f"        … {len(link.evidence) - quotes} more", style="dim")
    console.print(f"\n[bold underline]Sources[/bold underline] ({len(c.sources)})")
    for src in c.sources:
        what = "its own text" if src.get("text_of") else f"{src['mentions']} mention(s), first at {src['first']}"
        console.print(f"  {src['file']}  [dim]{what}[/dim]", highlight=False)


@main.command()
@click.argument("text", nargs=-1, required=True)
@_STORE
@click.option("--limit", default=20, show_default=True, help="At most this many results.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def search(text: tuple[str, ...], store_path: str | None, limit: int, fmt: str) -> None:
    """Documents, initiatives and agencies whose label, number, aliases, province
    or year contain every word of TEXT, ignoring accents and case, knowing the
    usual abbreviations (nd, qd, nq, ubnd, cntt, tt&tt ...).

    \b
    Examples:
      kg search nd 43/2011
      kg search "QĐ 917 Quảng Ninh"
      kg search chu ky so
    """
    from dataclasses import asdict

    from . import lookup
    query = " ".join(text)
    found = lookup.search(_open(store_path), query, limit=limit)
    if fmt == "json":
        click.echo(json.dumps([asdict(c) for c in found], ensure_ascii=False, indent=2))
        return
    if not found:
        err.print(f"nothing matches {query!r}")
        sys.exit(1)
    t = Table("label", "class", "province", "year", "IRI")
    for c in found:
        t.add_row(c.label, c.cls, c.province or "", str(c.year or ""), c.iri)
    Console().print(t)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    from .errors import UsageError
    out = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param {v!r}: write name=value, e.g. --param target=\"Nghị định 43/2011\"")
        out[name.strip().lstrip("?")] = value
    return out


@main.command()
@click.argument("name", required=False)
@_STORE
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A value for one of the query's parameters (repeatable); bound as an RDF term, never spliced "
                   "into the query text.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="table for people; csv, tsv and json are the SPARQL 1.1 results formats. "
                                      "A CONSTRUCT or DESCRIBE query prints Turtle.")
@click.option("--list", "list_", is_flag=True, help="List the saved queries with their questions and parameters.")
@click.option("--endpoint", metavar="URL", help="Run on this SPARQL endpoint (through SPARQLWrapper) instead of the "
                                                "store; REF and NAME values are still found in the local store "
                                                "when there is one, or give IRIs.")
@_AUTH
def query(name: str | None, store_path: str | None, params: tuple[str, ...], fmt: str, list_: bool,
          endpoint: str | None, auth: str | None, auth_scheme: str, token: str | None) -> None:
    """Run a saved query from queries/ (by NAME) or any FILE.rq.

    Each saved query declares its parameters and their types in its header:
    `ref` takes a document reference as people type it, `entity` a reference
    or a name, `province` a province name, `integer`, `string` and `iri` the
    literal value.

    \b
    Examples:
      kg query --list
      kg query depends --param target="Nghị quyết 36-NQ/TW"
      kg query initiatives-by-province --param province="Quảng Ninh" --param from=2011 --param to=2015
      kg query my-question.rq --format csv
    """
    from . import queries
    if list_ or not name:
        for q in queries.saved():
            click.echo(f"{q.name}\n  {q.question_en}\n  {q.question_vi}")
            for p in q.params:
                click.echo(f"    ?{p.name} ({p.type}{', optional' if p.optional else ''}) {p.doc}")
            if q.example:
                click.echo(f"  e.g. {q.example}")
        return
    q = queries.load(name)
    if endpoint:
        _remote_query(endpoint, q, store_path, _params(params), fmt, _auth(auth, auth_scheme, token))
        return
    db = _open(store_path)
    terms = queries.bindings(db, q, _params(params))
    if fmt != "table" or queries.form(q) == "graph":
        import pyoxigraph as ox
        result = queries.execute(db, q, terms)
        if isinstance(result, ox.QueryTriples):   # CONSTRUCT, DESCRIBE: a graph, in Turtle
            ox.serialize(result, sys.stdout.buffer, ox.RdfFormat.TURTLE)
        else:
            result.serialize(sys.stdout.buffer, {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                                                 "json": ox.QueryResultsFormat.JSON}.get(fmt, ox.QueryResultsFormat.TSV))
        sys.stdout.buffer.flush()
        return
    from .store import to_python
    names, rows = queries.run_terms(db, q, terms)
    t = Table(*names)
    for r in rows:
        t.add_row(*("" if r[n] is None else str(to_python(r[n])) for n in names))
    console = Console()
    console.print(t)
    console.print(f"{len(rows)} row(s)", style="dim")


def _remote_query(endpoint: str, q, store_path: str | None, params: dict[str, str], fmt: str, auth) -> None:
    from . import queries, remote
    from .errors import KgError
    try:
        db = _open(store_path)
    except KgError:
        db = None
    data = remote.remote_select(endpoint, q, queries.bindings(db, q, params), auth)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    if "boolean" in data:
        click.echo(str(data["boolean"]).lower())
        return
    names = data["head"]["vars"]
    rows = data["results"]["bindings"]
    if fmt in ("csv", "tsv"):
        import csv
        w = csv.writer(sys.stdout, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(names)
        for r in rows:
            w.writerow([r[n]["value"] if n in r else "" for n in names])
        return
    t = Table(*names)
    for r in rows:
        t.add_row(*(r[n]["value"] if n in r else "" for n in names))
    console = Console()
    console.print(t)
    console.print(f"{len(rows)} row(s) from {endpoint}", style="dim")


@main.command()
@_STORE
@click.option("--top", default=10, show_default=True, help="How many to list in each ranking.")
@_FORMAT_TJ
def analyze(store_path: str | None, top: int, fmt: str) -> None:
    """The dependency graph with networkx: the most relied-upon legal bases
    (in-degree and PageRank), the longest dependency chains, orphan initiatives
    (no legal basis found) and clusters (connected groups)."""
    from . import analyze as an
    a = an.analyze(_open(store_path), top=top)
    if fmt == "json":
        click.echo(json.dumps(a.to_json(), ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(f"{a.nodes} documents and initiatives, {a.edges} dependency links, {a.cycles} cycle(s)")
    for title, ranked, col in (("Most relied upon (direct dependents)", a.in_degree, "dependents"),
                               ("PageRank along dependencies", a.pagerank, "PageRank")):
        t = Table("#", "document", col, title=title, title_justify="left")
        for i, r in enumerate(ranked, 1):
            t.add_row(str(i), r.label, f"{r.value:g}")
        console.print(t)
    console.print("[bold]Longest dependency chains[/bold]")
    for chain in a.longest_chains:
        console.print(f"  {len(chain) - 1} links: " + " → ".join(r.label for r in chain), highlight=False)
    console.print(f"[bold]Orphan initiatives[/bold] (no legal basis found): {len(a.orphans)}")
    for r in a.orphans[:top]:
        console.print(f"  {r.label}", highlight=False)
    if len(a.orphans) > top:
        console.print(f"  … {len(a.orphans) - top} more (kg query no-basis lists them all)", style="dim")
    t = Table("size", "documents", "initiatives", "most relied upon", title="Clusters", title_justify="left")
    for c in a.clusters:
        t.add_row(str(c["size"]), str(c["documents"]), str(c["initiatives"]), "; ".join(c["top"]))
    console.print(t)



# ─────────────────────────── the web ───────────────────────────

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
