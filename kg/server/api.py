"""The web page's JSON API: saved queries and relationship views (``/api/...``).

A router of its own, included by :func:`kg.server.app.create_app` like any other: the
worker pool and settings are on ``request.app.state``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from kg.rdf.query import saved_queries
from kg.server.protocol import ProtocolError
from kg.views.graphs import VIEWS

__all__ = ["router"]

router = APIRouter()


@router.get("/api/queries")
def api_queries() -> JSONResponse:
    return JSONResponse([{"name": q.name, "title": q.title, "answers": q.description,
                          "parameters": q.parameters, "text": q.text}
                         for q in saved_queries().values()])


@router.get("/api/views")
def api_views() -> JSONResponse:
    return JSONResponse(list(VIEWS))


@router.get("/api/views/{name}")
async def api_view(name: str, request: Request) -> Response:
    from kg.server.app import run_in_pool, error_response

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
        return await run_in_pool(request, "view", {"name": name, "params": params, "max_nodes": max_nodes},
                                 request.app.state.settings.view_timeout)
    except ProtocolError as exc:
        return error_response(exc)
