"""`kg depends`, `kg basis`, `kg show`, `kg search`, `kg query` and `kg analyze`: the questions
policy staff and analysts ask of the store (registered on `kg.cli.main`)."""
from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.table import Table

from .answers import excerpt
from .cli import _AUTH, _STORE, _auth, _open, _resolve, err, main


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
