"""The relationship views (:mod:`kg.views.graphs`) for the explorer's network page.

The facts behind the views are read once per server through the worker pool (the same SPARQL
as :func:`kg.views.graphs.load_facts`) and kept in the main process; each view is then built
there, with the measures a picture needs (weighted degree, PageRank, Louvain community) and
without betweenness, which costs seconds on the corpus and is not drawn. ``kg views`` and
``kg export`` still compute every measure.
"""

from __future__ import annotations

import networkx as nx

from kg.rdf.names import resolve_view_filter
from kg.server.view_json import filter_from_params
from kg.views.graphs import VIEWS, Facts, load_facts

__all__ = ["backbone", "facts_through", "view_for_web", "warm_views"]


class _Value:
    __slots__ = ("value",)

    def __init__(self, value: str):
        self.value = value


class _Result(list):
    """Rows of a SELECT shaped as pyoxigraph gives them (``variables``, ``row[name].value``)."""

    def __init__(self, head: list[str], rows: list[dict]):
        super().__init__({k: _Value(v) for k, v in r.items()} for r in rows)
        self.variables = [_Value(v) for v in head]


class _Rows:
    """What :func:`load_facts` needs of a store (``store.oxigraph.query``), over a function
    that runs SPARQL through the worker pool and gives (variables, rows as dicts)."""

    def __init__(self, run_json):
        self.run_json = run_json
        self.oxigraph = self

    def query(self, sparql: str, **_options):
        head, rows = self.run_json(sparql)

        class _Row(dict):
            def __getitem__(self, name):
                return self.get(name)
        result = _Result(head, rows)
        result[:] = [_Row(r) for r in result]
        return result


def facts_through(run_json) -> Facts:
    """:class:`Facts` read with ``run_json(sparql) -> (variables, rows)``."""
    return load_facts(_Rows(run_json))


def _measures(g: nx.Graph) -> None:
    if not g.number_of_nodes():
        return
    und = nx.Graph()
    und.add_nodes_from(g.nodes)
    for a, b, d in g.edges(data=True):
        w = d.get("weight", 1) + (und.edges[a, b]["weight"] if und.has_edge(a, b) else 0)
        und.add_edge(a, b, weight=w)
    pr = nx.pagerank(g, weight="weight") if g.number_of_edges() else {n: 1 / len(g) for n in g}
    community = {}
    for i, members in enumerate(sorted(nx.community.louvain_communities(und, weight="weight", seed=42),
                                       key=lambda c: (-len(c), min(c)))):
        for n in members:
            community[n] = i
    for n, data in g.nodes(data=True):
        data["weighted_degree"] = und.degree(n, weight="weight")
        data["pagerank"] = round(pr[n], 6)
        data["community"] = community[n]


def _base_graph(facts: Facts, name: str, flt):
    """The view before its weight threshold, kept on ``facts`` for the next request that
    differs only in min_weight or max_nodes (building a corpus-wide comention graph costs about a
    second; never changed in place)."""
    from dataclasses import replace

    cache = facts.__dict__.setdefault("_web_views", {})
    key = (name, repr(replace(flt, min_weight=0)))
    g = cache.get(key)
    if g is None:
        g = VIEWS[name](facts, replace(flt, min_weight=0))
        if len(cache) > 32:
            cache.pop(next(iter(cache)))
        cache[key] = g
    return g


DEFAULT_LINKS = 5
DEFAULT_PARAMS = {"min_weight": "2"}
DEFAULT_MAX_NODES = 150


def backbone(g: nx.Graph, per_node: int) -> list[tuple]:
    """The strongest ``per_node`` links of each node (0: every link), as edge tuples in ``g``'s
    order. A hub such as China is named with almost everything, and drawing all of its links hides
    the structure: strength is the weight relative to both ends' totals, w / sqrt(total_a * total_b),
    so a node keeps the links particular to it rather than its links to the hubs. Ties go to the
    link listed first."""
    edges = list(g.edges(data="weight", default=1))
    if not per_node:
        return [(a, b) for a, b, _ in edges]
    total: dict = {}
    for a, b, w in edges:
        total[a] = total.get(a, 0) + w
        total[b] = total.get(b, 0) + w
    by_node: dict = {}
    for i, (a, b, w) in enumerate(edges):
        strength = w / (total[a] * total[b]) ** 0.5
        by_node.setdefault(a, []).append((-strength, i))
        by_node.setdefault(b, []).append((-strength, i))
    keep = set()
    for ranked in by_node.values():
        ranked.sort()
        keep.update(i for _, i in ranked[:per_node])
    return [(edges[i][0], edges[i][1]) for i in sorted(keep)]


def view_for_web(facts: Facts, name: str, params: dict[str, str], max_nodes: int = DEFAULT_MAX_NODES,
                 links: int = DEFAULT_LINKS) -> dict:
    """The view ``name`` filtered as ``params`` say (names resolved forgivingly), with its
    ``max_nodes`` heaviest nodes, measured on every edge between them, and the edges to draw:
    the ``links`` strongest of each node (:func:`backbone`; 0 for all). Answers are kept on
    ``facts`` (the store does not change under them), so a view asked again costs nothing."""
    if name not in VIEWS:
        raise KeyError(f"unknown view {name!r}; views: {', '.join(VIEWS)}")
    answers = facts.__dict__.setdefault("_web_answers", {})
    key = (name, tuple(sorted(params.items())), max_nodes, links)
    if key not in answers:
        if len(answers) > 256:
            answers.pop(next(iter(answers)))
        answers[key] = _view_for_web(facts, name, params, max_nodes, links)
    return answers[key]


def warm_views(facts: Facts) -> None:
    """Work out each view's network page as first shown (its default filters), so a first visit
    finds it ready."""
    for name in VIEWS:
        view_for_web(facts, name, dict(DEFAULT_PARAMS))


def _view_for_web(facts: Facts, name: str, params: dict[str, str], max_nodes: int, links: int) -> dict:
    flt = resolve_view_filter(facts, filter_from_params(params))
    base = _base_graph(facts, name, flt)
    mw = flt.min_weight or 0
    kept = [(a, b) for a, b, d in base.edges(data=True) if not mw or d.get("weight", 0) >= mw]
    degree: dict = {}
    for a, b in kept:
        w = base.edges[a, b].get("weight", 1)
        degree[a] = degree.get(a, 0) + w
        degree[b] = degree.get(b, 0) + w
    nodes_in = list(degree) if mw else list(base.nodes)
    total_nodes, total_edges = len(nodes_in), len(kept)
    ranked = sorted(nodes_in, key=lambda n: (-degree.get(n, 0), base.nodes[n]["label"]))
    keep = set(ranked[:max_nodes])
    # built directly from the kept edges: base.subgraph(keep).copy() walked every edge of the
    # base view through networkx's filtered views (about 40% of a corpus view's time)
    g = base.__class__()
    g.add_nodes_from((n, base.nodes[n]) for n in ranked[:max_nodes])
    g.add_edges_from((a, b, base.edges[a, b]) for a, b in kept if a in keep and b in keep)
    _measures(g)
    nodes = [{"id": n, "label": d["label"], "type": d.get("type", "other"), "weight": d.get("weighted_degree", 0),
              "community": d.get("community", 0), "pagerank": d.get("pagerank", 0),
              **({"qid": d["qid"]} if "qid" in d else {})}
             for n, d in sorted(g.nodes(data=True), key=lambda x: (-x[1].get("weighted_degree", 0), x[1]["label"]))]
    edges = []
    for a, b in backbone(g, links):
        d = g.edges[a, b]
        e = {"source": a, "target": b, "weight": d.get("weight", 1)}
        for k in ("sign", "positive", "negative", "start", "end"):
            if k in d:
                e[k] = d[k]
        edges.append(e)
    return {"view": name, "directed": g.is_directed(), "total_nodes": total_nodes, "total_edges": total_edges,
            "edges_between_shown": g.number_of_edges(), "links_per_node": links, "nodes": nodes, "edges": edges}
