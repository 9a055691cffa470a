"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql`` and a web page at ``/``.

Built on Starlette/FastAPI and served by uvicorn. Queries run in worker processes
(:mod:`kg.server.workers`) with a time limit; results are serialised by Oxigraph in the
format the client negotiated (:mod:`kg.server.protocol`). Nothing in a request names a
file: the store is fixed when the server starts, and static files come from the package.
"""

from __future__ import annotations

import ipaddress
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from kg.rdf.query import saved_queries
from kg.server.workers import WorkerPool
from kg.server.protocol import READ_ONLY, ProtocolError
from kg.views.graphs import VIEWS

__all__ = ["ServerSettings", "create_app", "serve"]

from kg.paths import WEB_DIR
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@dataclass
class ServerSettings:
    store: Path
    workers: int = 2
    timeout: float = 30.0             # seconds per query
    view_timeout: float = 180.0       # first view request reads the facts (slow on a big store)
    max_query_bytes: int = 100_000    # request body / query text
    max_result_bytes: int = 64 << 20  # serialised result


def _error(exc: ProtocolError) -> PlainTextResponse:
    return PlainTextResponse(exc.message + "\n", status_code=exc.status)


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"the request has {len(values)} '{name}' parameters; give one")
    return values[0] if values else None


def _service_description(base: str) -> str:
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{base}> a sd:Service ;
    sd:endpoint <{base}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON>,
        <http://www.w3.org/ns/formats/SPARQL_Results_XML>, <http://www.w3.org/ns/formats/SPARQL_Results_CSV>,
        <http://www.w3.org/ns/formats/SPARQL_Results_TSV>, <http://www.w3.org/ns/formats/Turtle>,
        <http://www.w3.org/ns/formats/N-Triples>, <http://www.w3.org/ns/formats/JSON-LD> ;
    sd:feature sd:UnionDefaultGraph .
"""


def create_app(settings: ServerSettings, pool: WorkerPool | None = None) -> FastAPI:
    """The web application; starts its own worker pool unless one is given."""
    pool = pool or WorkerPool(settings.store, settings.workers, settings.timeout)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        pool.close()

    app = FastAPI(title="diplokg SPARQL endpoint", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.pool = pool
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"],
                       allow_headers=["Content-Type", "Accept"], max_age=86400)

    async def _answer(query: str, request: Request, default_graphs: list[str], named_graphs: list[str],
                      fmt: str | None) -> Response:
        if len(query.encode("utf-8")) > settings.max_query_bytes:
            raise ProtocolError(413, f"the query is longer than the limit of {settings.max_query_bytes:,} bytes")
        args = {"query": query, "accept": request.headers.get("accept"), "fmt": fmt,
                "default_graphs": default_graphs, "named_graphs": named_graphs,
                "max_bytes": settings.max_result_bytes}
        out = await run_in_threadpool(pool.run, "query", args)
        return Response(out.body, status_code=out.status, media_type=out.media_type,
                        headers={"Vary": "Accept"})

    @app.get("/sparql")
    async def sparql_get(request: Request) -> Response:
        qp = request.query_params
        try:
            if qp.getlist("update"):
                raise ProtocolError(403, READ_ONLY)
            query = _one(qp.getlist("query"), "query")
            if query is None:
                return Response(_service_description(str(request.url).split("?")[0]),
                                media_type="text/turtle; charset=utf-8")
            return await _answer(query, request, qp.getlist("default-graph-uri"),
                                 qp.getlist("named-graph-uri"), qp.get("format"))
        except ProtocolError as exc:
            return _error(exc)

    @app.post("/sparql")
    async def sparql_post(request: Request) -> Response:
        try:
            too_long = ProtocolError(413, f"the request body is longer than the limit of "
                                          f"{settings.max_query_bytes:,} bytes")
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > settings.max_query_bytes:
                raise too_long      # refused before the body is read
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await request.body()
            if len(body) > settings.max_query_bytes:
                raise too_long
            qp = request.query_params
            if ctype == SPARQL_UPDATE:
                raise ProtocolError(403, READ_ONLY)
            if ctype == FORM:
                form = await request.form()
                if form.getlist("update"):
                    raise ProtocolError(403, READ_ONLY)
                query = _one([str(v) for v in form.getlist("query")], "query")
                if query is None:
                    raise ProtocolError(400, "the form has no 'query' parameter")
                return await _answer(query, request, [str(v) for v in form.getlist("default-graph-uri")],
                                     [str(v) for v in form.getlist("named-graph-uri")],
                                     form.get("format") or qp.get("format"))
            if ctype == SPARQL_QUERY:
                try:
                    query = body.decode("utf-8")
                except UnicodeDecodeError:
                    raise ProtocolError(400, "the query is not valid UTF-8") from None
                return await _answer(query, request, qp.getlist("default-graph-uri"),
                                     qp.getlist("named-graph-uri"), qp.get("format"))
            raise ProtocolError(415, f"POST a query as {FORM} (with a 'query' field) or as {SPARQL_QUERY}; "
                                     f"got {ctype or 'no content type'}")
        except ProtocolError as exc:
            return _error(exc)

    @app.get("/api/queries")
    def api_queries() -> JSONResponse:
        return JSONResponse([{"name": q.name, "title": q.title, "answers": q.description,
                              "parameters": q.parameters, "text": q.text}
                             for q in saved_queries().values()])

    @app.get("/api/views")
    def api_views() -> JSONResponse:
        return JSONResponse(list(VIEWS))

    @app.get("/api/views/{name}")
    async def api_view(name: str, request: Request) -> Response:
        if name not in VIEWS:
            return PlainTextResponse(f"unknown view {name!r}; views: {', '.join(VIEWS)}\n", status_code=404)
        params = {k: v for k, v in request.query_params.items()
                  if k in ("from", "to", "spokesperson", "outlet", "topic", "type", "min_weight")}
        try:
            max_nodes = int(request.query_params.get("max_nodes", 150))
        except ValueError:
            return PlainTextResponse("max_nodes: not a whole number\n", status_code=400)
        max_nodes = max(1, min(max_nodes, 2000))
        try:
            out = await run_in_threadpool(pool.run, "view", {"name": name, "params": params,
                                                            "max_nodes": max_nodes}, settings.view_timeout)
        except ProtocolError as exc:
            return _error(exc)
        return Response(out.body, media_type="application/json")

    from kg.server.explorer import router as explorer_router; app.include_router(explorer_router)

    @app.get("/")
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    return app


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(settings: ServerSettings, host: str = "127.0.0.1", port: int = 7878) -> None:
    """Run the server until interrupted."""
    import uvicorn

    app = create_app(settings)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
