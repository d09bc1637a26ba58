"""The `kg` command line: a thin shell over the library.

Every command prints its results on stdout and its progress and errors on
stderr; a batch goes on past a bad file and exits non-zero if any failed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: a knowledge graph of Vietnamese plans, decrees and projects.

    \b
    kg extract PATH...        text → records (documents, initiatives, agencies, relations)
    kg eval --gold DIR PATH   precision, recall and F1 against gold records
    kg build PATH...          extract and load the graph into the store (kg-store/)
    kg stats                  what the store holds
    kg export --format F      the graph as Turtle, TriG, N-Quads, JSON-LD or GraphML
    """


def _run_extract(paths: tuple[str, ...]) -> tuple[list[dict], int]:
    """Records of every file under `paths`, and how many files failed (errors go to stderr)."""
    files = list(iter_files(paths))
    records: list[dict] = []
    failed = 0
    with _progress() as progress:
        task = progress.add_task("extract", total=len(files), current="")
        for outcome in extract_paths(paths):
            progress.update(task, advance=1, current=outcome.path.name)
            if outcome.error is not None:
                failed += 1
                err.print(f"[red]error:[/red] {outcome.error}", highlight=False, soft_wrap=True)
                continue
            records.append(outcome.record.to_dict())
    return records, failed


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True,
              help="jsonl: one record a line (the format of ../shared/eval/SCHEMA.md); json: one array; "
                   "table: a summary per file.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def extract(paths: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Extract documents, initiatives, agencies and relations from PATHS.

    PATHS are files or folders (recursed): .txt/.md (UTF-8, UTF-16, Windows-1258),
    .html, .docx and .pdf with a text layer. Each record carries the character
    offsets and the evidence sentence of what it states.

    \b
    Examples:
      kg extract examples/
      kg extract report.docx --format table
      kg extract ../shared/corpus/dev -o dev.jsonl
    """
    records, failed = _run_extract(paths)
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "jsonl":
            for r in records:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif fmt == "json":
            json.dump(records, out, ensure_ascii=False, indent=1)
            out.write("\n")
        else:
            _table(records, Console(file=out, width=160) if output else Console(width=160))
    finally:
        if output:
            out.close()
    if failed:
        err.print(f"{failed} file(s) failed, {len(records)} extracted", highlight=False)
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
            records, failed = _run_extract(paths)
            pred = evaluate.by_name(records)
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
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_STORE
@click.option("--rebuild", is_flag=True, help="Empty the store first and build everything again.")
@click.option("--prune", is_flag=True, help="Remove the graphs of sources not among PATHS.")
def build(paths: tuple[str, ...], store_path: str | None, rebuild: bool, prune: bool) -> None:
    """Extract PATHS and load one named graph per source into the store.

    Incremental: an unchanged file is skipped by content hash; a changed file
    replaces its named graph; with --prune, a removed file's graph is removed.
    A file that fails is reported and loses nothing already in the store.

    \b
    Examples:
      kg build ../shared/corpus
      kg build reports/ --store /data/kg --prune
    """
    from . import build as kg_build

    files = list(iter_files(paths))
    with _progress() as progress:
        task = progress.add_task("build", total=len(files), current="")
        report = kg_build.build(
            paths, store=store_path, rebuild=rebuild, prune=prune,
            on_file=lambda name: progress.update(task, advance=1, current=Path(name).name),
            on_error=lambda msg: err.print(f"[red]error:[/red] {msg}", highlight=False, soft_wrap=True))
    click.echo(f"{report.extracted} extracted, {report.reused} unchanged, {report.graphs_written} graphs written "
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
