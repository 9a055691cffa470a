"""Export a relationship view in a graph format (the glue between views and writers)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.views.graph_export import write_csv, write_gexf, write_graphml, write_picture
from kg.rdf.store import KGStore
from kg.views.graphs import ViewFilter, build_view

__all__ = ["export_view", "default_path"]


def default_path(view: str, fmt: str) -> Path:
    """Where ``kg export --view`` writes without ``--out``: the current folder, never the
    repository's committed ``exports/``."""
    return Path(view if fmt == "csv" else f"{view}.{fmt}")


def export_view(store: KGStore, view: str, fmt: str, out: str | Path | None = None,
                flt: ViewFilter | None = None, graph: nx.Graph | None = None) -> tuple[Path, nx.Graph]:
    g = graph if graph is not None else build_view(store, view, flt)
    path = Path(out) if out else default_path(view, fmt)
    if fmt == "gexf":
        write_gexf(g, path, description=f"diplokg view {view}")
    elif fmt == "graphml":
        write_graphml(g, path)
    elif fmt == "csv":
        write_csv(g, path)
    elif fmt in ("png", "svg"):
        write_picture(g, path)
    else:
        raise ValueError(f"not a graph format: {fmt}")
    return path, g
