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


# ─────────────────────────── shared by the commands of cli_questions and cli_servers ───────────────────────────

def _open(store_path: str | None):
    from .store import open_store
    return open_store(store_path, read_only=True)


def _resolve(db, text: str):
    """The one entity `text` names; an ambiguous text lists the candidates (as an error)."""
    from . import lookup
    return lookup.one(lookup.entities(db, text), text)


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


# the other commands register on `main` when their modules are imported
from . import cli_questions, cli_servers  # noqa: E402,F401
