"""The HTTP side of `kg serve`: the SPARQL 1.1 Protocol at `/sparql` and the explorer
pages, as a Starlette (ASGI) application. Work on the store goes to `kg.serve.Pool`.

Every asset is served from here (`kg/static/`): a page never asks anything of
another host.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from . import queries
from .answers import excerpt
from .errors import KgError
from .results import GRAPH_TYPES, SOLUTION_TYPES
from .serve import BadRequest, Pool, QueryTimeout, Settings

HERE = Path(__file__).parent
STATIC = HERE / "static"
_ENV = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_ENV.filters["excerpt"] = lambda sentence, *focus: excerpt(sentence, [f for f in focus if f])

# media type → our format name
_SOLUTION_ACCEPT = {"application/sparql-results+json": "json", "application/json": "json",
                    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
                    "text/csv": "csv", "text/tab-separated-values": "tsv"}
_GRAPH_ACCEPT = {"text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "ntriples",
                 "text/plain": "ntriples", "application/ld+json": "jsonld", "application/json": "jsonld"}
_FORMAT_PARAM = {"json": ("json", "jsonld"), "xml": ("xml", "turtle"), "csv": ("csv", "turtle"),
                 "tsv": ("tsv", "turtle"), "turtle": ("json", "turtle"), "ntriples": ("json", "ntriples"),
                 "jsonld": ("json", "jsonld")}


def negotiate(accept: str | None, table: dict[str, str], default: str) -> str:
    """The format of the acceptable media type with the highest q (first on ties); `default` for */*."""
    best, best_q = default, -1.0
    for part in (accept or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        fmt = table.get(media) or (default if media in ("*/*", "application/*", "text/*") else None)
        if fmt is not None and q > best_q:
            best, best_q = fmt, q
    return best


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status)


class Api:
    """The routes, around one pool."""

    def __init__(self, settings: Settings, on_ready: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        self.pool = Pool(settings)
        self.on_ready = on_ready
        self.saved = {q.name: q for q in queries.saved()}

    # ── SPARQL 1.1 Protocol ──
    async def sparql(self, request: Request) -> Response:
        params = list(request.query_params.multi_items())
        query = update = None
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await request.body()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return _error(400, "the request body is not UTF-8")
            if ctype == "application/sparql-query":
                query = text
            elif ctype == "application/sparql-update":
                update = text
            elif ctype == "application/x-www-form-urlencoded":
                form = parse_qsl(text, keep_blank_values=True)
                params += form
                query = next((v for k, v in form if k == "query"), None)
                update = next((v for k, v in form if k == "update"), None)
            else:
                return _error(415, f"unsupported Content-Type {ctype!r}: use application/sparql-query, "
                                   "application/sparql-update or application/x-www-form-urlencoded")
        else:
            query = request.query_params.get("query")
            if request.query_params.get("update") is not None:
                return _error(400, "an update must be sent with POST")
        if query is not None and update is not None:
            return _error(400, "a request carries a query or an update, not both")
        if update is not None:
            return await self._update(request, update)
        if query is None:
            return self.service_description(request)
        default_graphs = [v for k, v in params if k == "default-graph-uri"]
        named_graphs = [v for k, v in params if k == "named-graph-uri"]
        fmt = request.query_params.get("format")
        if fmt in _FORMAT_PARAM:
            solution_fmt, graph_fmt = _FORMAT_PARAM[fmt]
        else:
            accept = request.headers.get("accept")
            solution_fmt = negotiate(accept, _SOLUTION_ACCEPT, "json")
            graph_fmt = negotiate(accept, _GRAPH_ACCEPT, "turtle")
        try:
            out = await self.pool.run(("sparql", query, default_graphs, named_graphs, solution_fmt, graph_fmt))
        except BadRequest as e:
            return _error(400, str(e))
        except QueryTimeout as e:
            return _error(503, str(e))
        except KgError as e:
            return _error(500, str(e))
        headers = {"X-SPARQL-MaxRows": str(self.settings.max_rows)} if out["truncated"] else {}
        return Response(out["body"], media_type=out["content_type"], headers=headers)

    async def _update(self, request: Request, text: str) -> Response:
        token = self.settings.update_token
        if token is None:
            return _error(403, "this endpoint is read-only; start kg serve with --allow-update to accept updates")
        if request.headers.get("authorization", "") != f"Bearer {token}":
            return _error(403, "an update needs the server's token: Authorization: Bearer <token>")
        try:
            await self.pool.update(text)
        except BadRequest as e:
            return _error(400, str(e))
        except KgError as e:
            return _error(500, str(e))
        return Response(status_code=204)

    def service_description(self, request: Request) -> Response:
        from rdflib import BNode, Graph, Literal, Namespace, URIRef
        from rdflib.namespace import RDF
        sd = Namespace("http://www.w3.org/ns/sparql-service-description#")
        formats = Namespace("http://www.w3.org/ns/formats/")
        g = Graph()
        g.bind("sd", sd)
        svc = BNode()
        g.add((svc, RDF.type, sd.Service))
        g.add((svc, sd.endpoint, URIRef(str(request.url.replace(query=None)))))
        g.add((svc, sd.supportedLanguage, sd.SPARQL11Query))
        if self.settings.update_token is not None:
            g.add((svc, sd.supportedLanguage, sd.SPARQL11Update))
        for f in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD"):
            g.add((svc, sd.resultFormat, formats[f]))
        g.add((svc, sd.feature, sd.UnionDefaultGraph))
        g.add((svc, sd.feature, sd.BasicFederatedQuery))
        dataset = BNode()
        g.add((svc, sd.defaultDataset, dataset))
        g.add((dataset, RDF.type, sd.Dataset))
        default = BNode()
        g.add((dataset, sd.defaultGraph, default))
        g.add((default, RDF.type, sd.Graph))
        g.add((svc, URIRef("http://purl.org/dc/terms/description"),
               Literal(f"kg: Vietnamese plans, decrees and projects. Time limit {self.settings.timeout:g} s, "
                       f"at most {self.settings.max_rows} rows a result.", lang="en")))
        fmt = negotiate(request.headers.get("accept"), _GRAPH_ACCEPT, "turtle")
        rdf_format = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld"}[fmt]
        return Response(g.serialize(format=rdf_format), media_type=GRAPH_TYPES[fmt])

    # ── the explorer ──
    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(_ENV.get_template(template).render(**context), status_code=status)

    async def home(self, request: Request) -> Response:
        stats = await self.pool.run(("stats",), timeout=60)
        cited = await self.pool.run(("saved", "most-cited", {}), timeout=30)
        rows = json.loads(cited["body"])["results"]["bindings"][:10]
        return self.page("home.html", stats=stats, cited=rows)

    async def search(self, request: Request) -> Response:
        q = request.query_params.get("q", "").strip()
        hits = await self.pool.run(("search", q, 50)) if q else []
        if request.query_params.get("format") == "json":
            return JSONResponse(hits)
        return self.page("search.html", q=q, hits=hits)

    async def entity(self, request: Request) -> Response:
        iri = request.query_params.get("iri", "")
        try:
            card = await self.pool.run(("card", iri))
        except LookupError as e:
            return self.page("message.html", title="Not found", message=str(e), status=404)
        return self.page("entity.html", card=card, iri=iri)

    async def view(self, request: Request) -> Response:
        iri = request.query_params.get("iri") or None
        try:
            depth = max(1, min(4, int(request.query_params.get("depth", "1"))))
        except ValueError:
            return _error(400, "depth must be a whole number")
        lang = "en" if request.query_params.get("lang") == "en" else "vi"
        try:
            out = await self.pool.run(("view", iri, depth, lang), timeout=60)
        except LookupError as e:
            return self.page("message.html", title="Not found", message=str(e), status=404)
        return HTMLResponse(out["html"])

    async def source(self, request: Request) -> Response:
        sha = request.query_params.get("sha", "")
        try:
            start = int(request.query_params.get("start", "0"))
            end = int(request.query_params.get("end", "0"))
        except ValueError:
            return _error(400, "start and end must be whole numbers")
        try:
            src = await self.pool.run(("source", sha))
        except LookupError as e:
            return self.page("message.html", title="Source not available", message=str(e))
        text = src["text"]
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        return self.page("source.html", src=src, before=text[:start], mark=text[start:end], after=text[end:])

    async def editor(self, request: Request) -> Response:
        saved = [{"name": q.name, "vi": q.question_vi, "en": q.question_en, "example": q.example, "text": q.text,
                  "params": [{"name": p.name, "type": p.type, "optional": p.optional, "doc": p.doc} for p in q.params]}
                 for q in self.saved.values()]
        return self.page("editor.html", saved=saved)

    async def saved_query(self, request: Request) -> Response:
        name = request.query_params.get("name", "")
        if name not in self.saved:
            return _error(404, f"no saved query {name!r}")
        params = {k[6:]: v for k, v in request.query_params.multi_items() if k.startswith("param.") and v != ""}
        try:
            out = await self.pool.run(("saved", name, params))
        except (BadRequest, LookupError) as e:
            return _error(400, str(e))
        except QueryTimeout as e:
            return _error(503, str(e))
        return Response(out["body"], media_type=out["content_type"])

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        path = STATIC / name
        if "/" in name or not path.is_file():
            return _error(404, "no such file")
        media = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}.get(path.suffix,
                                                                                           "application/octet-stream")
        return Response(path.read_bytes(), media_type=media, headers={"Cache-Control": "max-age=3600"})

    async def favicon(self, request: Request) -> Response:
        return Response((STATIC / "favicon.svg").read_bytes(), media_type="image/svg+xml")


def app(settings: Settings, on_ready: Callable[[str], None] | None = None) -> Starlette:
    api = Api(settings, on_ready)

    @asynccontextmanager
    async def lifespan(_: Starlette):
        await api.pool.start()
        if on_ready is not None:
            on_ready("ready")
        try:
            yield
        finally:
            api.pool.close()

    routes = [
        Route("/sparql", api.sparql, methods=["GET", "POST"]),
        Route("/", api.home), Route("/search", api.search), Route("/entity", api.entity), Route("/view", api.view),
        Route("/source", api.source), Route("/editor", api.editor), Route("/api/saved", api.saved_query),
        Route("/static/{name}", api.static), Route("/favicon.ico", api.favicon),
    ]
    middleware = [Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                             allow_headers=["*"], expose_headers=["X-SPARQL-MaxRows"])]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


__all__ = ["app", "negotiate", "SOLUTION_TYPES"]
