"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint at ``/sparql`` and a web page at ``/``.

Built on Starlette/FastAPI and served by uvicorn. Queries run in worker processes
(:mod:`kg.server.workers`) with time, memory and fairness limits, over one snapshot of
the store that follows builds; results are serialised by Oxigraph in the format the
client negotiated (:mod:`kg.server.protocol`) and passed on in parts. Requests are
checked before any work (:mod:`kg.server.guard`: Host header and Origin); request bodies
are counted while they arrive and refused past the limit; SPARQL ``SERVICE`` is refused
unless its endpoint is allowed. Nothing in a request names a file: the store is fixed
when the server starts, and static files come from the package.

Routes live in routers (``ROUTERS``); a new group of routes is one more entry there.
"""

from __future__ import annotations

import ipaddress
import weakref
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, PlainTextResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.requests import ClientDisconnect

from kg.paths import WEB_DIR
from kg.server.guard import RequestGuard
from kg.server.protocol import READ_ONLY, ProtocolError
from kg.server.workers import PoolSettings, WorkerPool

__all__ = ["ServerSettings", "create_app", "serve", "ROUTERS", "run_in_pool", "error_response"]

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@dataclass
class ServerSettings:
    store: Path
    workers: int = 4
    timeout: float = 30.0             # seconds per query
    view_timeout: float = 180.0       # first view request reads the facts (slow on a big store)
    max_query_bytes: int = 100_000    # request body / query text
    max_result_bytes: int = 64 << 20  # serialised result
    max_memory_mb: int = 1024         # resident memory of one query worker
    long_queries: int = 2             # queries that may run past short_seconds at once
    short_seconds: float = 1.0
    host: str = "127.0.0.1"           # the bound address (for the Host check)
    allow_hosts: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ()
    allow_service: frozenset[str] = field(default_factory=frozenset)
    follow_builds: bool = True

    def pool_settings(self) -> PoolSettings:
        return PoolSettings(size=self.workers, timeout=self.timeout, long_slots=self.long_queries,
                            short_seconds=self.short_seconds, max_memory_mb=self.max_memory_mb,
                            isolate_network=not self.allow_service, follow_builds=self.follow_builds)


def error_response(exc: ProtocolError, close: bool = False) -> PlainTextResponse:
    headers = {"Connection": "close"} if close else None
    return PlainTextResponse(exc.message + "\n", status_code=exc.status, headers=headers)


async def run_in_pool(request: Request, op: str, args: dict, timeout: float | None = None) -> Response:
    """Run one operation on the app's worker pool; the answer streams out part by part."""
    app = request.app
    answer = await anyio.to_thread.run_sync(app.state.pool.run, op, args, timeout,
                                            limiter=app.state.limiter)
    parts = answer.parts
    size = sum(len(p) for p in parts)

    headers = {"Vary": "Accept"}
    if answer.generation:
        headers["X-Store-Generation"] = answer.generation
    if len(parts) <= 1:     # one part (most answers): no need to stream
        return Response(parts[0] if parts else b"", status_code=answer.outcome.status,
                        media_type=answer.outcome.media_type, headers=headers)
    # results waiting for slow readers are bounded in total, not only one by one
    if app.state.held_bytes + size > app.state.max_held_bytes:
        raise ProtocolError(503, f"the server is still sending {app.state.held_bytes:,} bytes of other large "
                                 f"results; try again shortly, or narrow the query")
    app.state.held_bytes += size

    async def body():
        while parts:
            yield parts.pop(0)

    stream = body()
    # released when the answer is done with, sent or not (an unstarted generator runs no finally)
    weakref.finalize(stream, _release_held, app.state, size)

    headers["Content-Length"] = str(size)
    return StreamingResponse(stream, status_code=answer.outcome.status,
                             media_type=answer.outcome.media_type, headers=headers)


def _release_held(state, size: int) -> None:
    state.held_bytes -= size


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


class BodyTooLarge(ProtocolError):
    pass


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, counted while it arrives: refused as soon as it passes ``limit``."""
    too_long = BodyTooLarge(413, f"the request body is longer than the limit of {limit:,} bytes")
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise too_long      # refused before the body is read
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_long
            chunks.append(chunk)
    except ClientDisconnect:
        # the client went away mid-body: nobody is left to answer, and no traceback is logged
        raise ProtocolError(400, "the client closed the connection before the request body ended") from None
    return b"".join(chunks)


sparql_router = APIRouter()


def _endpoint_url(request: Request) -> str:
    return str(request.url).split("?")[0]


async def _answer(request: Request, query: str, default_graphs: list[str], named_graphs: list[str],
                  fmt: str | None) -> Response:
    settings: ServerSettings = request.app.state.settings
    if len(query.encode("utf-8")) > settings.max_query_bytes:
        raise ProtocolError(413, f"the query is longer than the limit of {settings.max_query_bytes:,} bytes")
    from kg.rdf.namespaces import PREFIXES
    from kg.server.protocol import check_services, is_update

    base = _endpoint_url(request)
    if is_update(query):
        raise ProtocolError(403, READ_ONLY)
    check_services(query, settings.allow_service, base=base, prefixes=PREFIXES)  # before any worker
    args = {"query": query, "accept": request.headers.get("accept"), "fmt": fmt,
            "default_graphs": default_graphs, "named_graphs": named_graphs,
            "max_bytes": settings.max_result_bytes, "base": base,
            "allow_service": settings.allow_service}
    return await run_in_pool(request, "query", args)


@sparql_router.get("/sparql")
async def sparql_get(request: Request) -> Response:
    qp = request.query_params
    try:
        if qp.getlist("update"):
            raise ProtocolError(403, READ_ONLY)
        query = _one(qp.getlist("query"), "query")
        if query is None:
            return Response(_service_description(_endpoint_url(request)),
                            media_type="text/turtle; charset=utf-8")
        return await _answer(request, query, qp.getlist("default-graph-uri"),
                             qp.getlist("named-graph-uri"), qp.get("format"))
    except ProtocolError as exc:
        return error_response(exc)


@sparql_router.post("/sparql")
async def sparql_post(request: Request) -> Response:
    settings: ServerSettings = request.app.state.settings
    try:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        qp = request.query_params
        if ctype == SPARQL_UPDATE:
            raise ProtocolError(403, READ_ONLY)
        if ctype not in (FORM, SPARQL_QUERY):
            raise ProtocolError(415, f"POST a query as {FORM} (with a 'query' field) or as {SPARQL_QUERY}; "
                                     f"got {ctype or 'no content type'}")
        body = await read_body(request, settings.max_query_bytes)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError(400, "the request body is not valid UTF-8") from None
        if ctype == FORM:
            form = parse_qs(text, keep_blank_values=True)
            if form.get("update"):
                raise ProtocolError(403, READ_ONLY)
            query = _one(form.get("query", []), "query")
            if query is None:
                raise ProtocolError(400, "the form has no 'query' parameter")
            fmt = _one(form.get("format", []), "format") or qp.get("format")
            return await _answer(request, query, form.get("default-graph-uri", []),
                                 form.get("named-graph-uri", []), fmt)
        return await _answer(request, text, qp.getlist("default-graph-uri"),
                             qp.getlist("named-graph-uri"), qp.get("format"))
    except BodyTooLarge as exc:
        return error_response(exc, close=True)   # the rest of the body is never read
    except ProtocolError as exc:
        return error_response(exc)


page_router = APIRouter()


@page_router.get("/")
def index() -> FileResponse:
    return FileResponse(WEB_DIR / "index.html", media_type="text/html; charset=utf-8")


# the routers every app includes, in order, as "module:attribute"; a new group of routes
# is one more line here
ROUTERS = (
    "kg.server.app:sparql_router",
    "kg.server.api:router",
    "kg.server.app:page_router",
)


def _load_router(spec: str) -> APIRouter:
    import importlib

    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def create_app(settings: ServerSettings, pool: WorkerPool | None = None) -> FastAPI:
    """The web application; starts its own worker pool unless one is given."""
    pool = pool or WorkerPool(settings.store, settings=settings.pool_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        pool.close()

    app = FastAPI(title="diplokg SPARQL endpoint", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.pool = pool
    app.state.settings = settings
    app.state.limiter = anyio.CapacityLimiter(256)
    app.state.held_bytes = 0       # bytes of streamed results not yet sent
    app.state.max_held_bytes = 4 * settings.max_result_bytes
    for spec in ROUTERS:
        app.include_router(_load_router(spec))
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                           allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["Content-Type", "Accept"],
                           max_age=86400)
    app.add_middleware(RequestGuard, bound_host=settings.host, allow_hosts=settings.allow_hosts,
                       cors_origins=settings.cors_origins)   # added last: runs first
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

    settings.host = host
    app = create_app(settings)
    # h11 bounds the request line and headers it buffers (a GET query fits: 3 bytes per
    # URL-encoded character); bodies are bounded by read_body
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, http="h11",
                h11_max_incomplete_event_size=3 * settings.max_query_bytes + 16_384)
