"""A networkx view as JSON for the web page's graph panel (nodes and edges, trimmed)."""

from __future__ import annotations

import json
from datetime import date

from kg.views.graphs import Facts, ViewFilter, build_view

__all__ = ["view_json", "filter_from_params"]


def _date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: not a date (YYYY-MM-DD): {value!r}") from None


def filter_from_params(params: dict[str, str]) -> ViewFilter:
    """A :class:`ViewFilter` from request parameters (``from``, ``to``, ``spokesperson``,
    ``outlet``, ``topic``, ``type`` comma-separated, ``min_weight``)."""
    try:
        min_weight = float(params.get("min_weight") or 0)
    except ValueError:
        raise ValueError(f"min_weight: not a number: {params.get('min_weight')!r}") from None
    types = tuple(t.strip() for t in (params.get("type") or "").split(",") if t.strip())
    return ViewFilter(_date(params.get("from"), "from"), _date(params.get("to"), "to"),
                      params.get("spokesperson") or None, params.get("outlet") or None,
                      params.get("topic") or None, types, min_weight)


def view_json(facts: Facts, name: str, params: dict[str, str] | None = None,
              max_nodes: int = 150) -> bytes:
    """The view ``name`` with its ``max_nodes`` heaviest nodes (by weighted degree)."""
    g = build_view(facts, name, filter_from_params(params or {}))
    total_nodes, total_edges = g.number_of_nodes(), g.number_of_edges()
    ranked = sorted(g.nodes(data=True), key=lambda x: (-x[1].get("weighted_degree", 0), x[1]["label"]))
    keep = {n for n, _ in ranked[:max_nodes]}
    nodes = [{"id": n, "label": d["label"], "type": d.get("type", "other"),
              "weight": d.get("weighted_degree", 0), "community": d.get("community", 0),
              "pagerank": d.get("pagerank", 0), **({"qid": d["qid"]} if "qid" in d else {})}
             for n, d in ranked[:max_nodes]]
    edges = []
    for a, b, d in g.edges(data=True):
        if a in keep and b in keep:
            e = {"source": a, "target": b, "weight": d.get("weight", 1)}
            for k in ("sign", "positive", "negative", "start", "end"):
                if k in d:
                    e[k] = d[k]
            edges.append(e)
    return json.dumps({"view": name, "directed": g.is_directed(), "total_nodes": total_nodes,
                       "total_edges": total_edges, "nodes": nodes, "edges": edges},
                      ensure_ascii=False, default=str).encode("utf-8")
