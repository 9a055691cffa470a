"""Relationship views: the store's facts as networkx graphs, with filters and measures.

Each view is a plain function ``view(facts, flt) -> networkx graph`` registered in
:data:`VIEWS`. :func:`load_facts` reads what every view needs from the store in a few
SPARQL queries; :func:`build_view` filters, builds and analyses (degree, weighted degree,
PageRank, betweenness, Louvain community with a fixed seed) in one call.

Node ids are the entities' IRIs; every node has ``label`` and ``type`` (country,
organization, person, initiative, place, outlet, topic, spokesperson, month) and, where
known, ``iso`` and ``qid``. Edges have ``weight`` (a count of exchanges, answers or
stances), ``start``/``end`` (first and last conference date) and ``dates`` (every date it
occurred: an edge exists on those days, not across the gaps), so timelines work.
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from kg.rdf.store import KGStore

__all__ = ["ViewFilter", "Facts", "load_facts", "build_view", "VIEWS", "analyse", "summary"]

ENTITY_TYPES = ("country", "organization", "person", "initiative", "place")


@dataclass
class ViewFilter:
    """Keep only what matches. Names match a label or IRI tail, case-insensitively."""

    date_from: date | None = None
    date_to: date | None = None
    spokesperson: str | None = None
    outlet: str | None = None
    topic: str | None = None
    types: tuple[str, ...] = ()          # entity types kept (empty: all)
    min_weight: float = 0
    min_confidence: float = 0            # keep only mentions, stances and topics this sure (dk:confidence)

    def keeps_exchange(self, ex: "ExchangeFacts") -> bool:
        if self.date_from and (ex.date is None or ex.date < self.date_from):
            return False
        if self.date_to and (ex.date is None or ex.date > self.date_to):
            return False
        if self.spokesperson and not _named(self.spokesperson, ex.spokesperson, ex.spokesperson_label):
            return False
        if self.outlet and not _named(self.outlet, ex.outlet, ex.outlet_label):
            return False
        if self.topic and not any(_named(self.topic, t, None) for t in ex.topics):
            return False
        return True

    def keeps_type(self, kind: str) -> bool:
        return not self.types or kind in self.types or kind not in ENTITY_TYPES


def _named(wanted: str, iri: str | None, label: str | None) -> bool:
    w = wanted.strip().lower()
    return bool(iri and iri.rsplit("/", 1)[-1].lower() == w or label and label.lower() == w)


@dataclass
class ExchangeFacts:
    iri: str
    date: date | None
    spokesperson: str | None = None
    spokesperson_label: str | None = None
    outlet: str | None = None
    outlet_label: str | None = None
    topics: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)          # mentioned anywhere in the exchange
    answer_entities: set[str] = field(default_factory=set)   # mentioned in its answers
    stances: list[tuple[str, str]] = field(default_factory=list)  # (target, polarity)


@dataclass
class Facts:
    exchanges: list[ExchangeFacts]
    nodes: dict[str, dict]          # IRI -> {label, type, iso, qid}


_P = """PREFIX dk: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""

Q_EXCHANGES = _P + """SELECT DISTINCT ?ex ?date ?sp ?spl ?o ?ol WHERE {
  ?c dk:hasExchange ?ex . OPTIONAL { ?c dk:date ?date }
  OPTIONAL { ?ex dk:answer/dk:answeredBy ?sp . ?sp rdfs:label ?spl }
  OPTIONAL { ?ex dk:question/dk:askedBy ?o . ?o rdfs:label ?ol } }"""
Q_TOPICS = _P + "SELECT DISTINCT ?ex ?t WHERE { ?ex dk:about ?t }"
# the summary graph's shortcut (derived by every build): exchange -> every entity it mentions
Q_MENTIONS = _P + """SELECT ?ex ?e WHERE { GRAPH <https://w3id.org/diplokg/graph/summary> {
  ?ex dk:exchangeMentions ?e } }"""
Q_ANSWER_MENTIONS = _P + "SELECT DISTINCT ?ex ?e WHERE { ?ex dk:answer ?u . ?u dk:mentions ?e }"
Q_STANCES = _P + """SELECT DISTINCT ?ex ?s ?target ?pol WHERE {
  ?ex dk:answer ?a . ?a dk:expressesStance ?s . ?s dk:target ?target ; dk:polarity ?pol }"""
Q_NODES = _P + """SELECT DISTINCT ?e ?type ?label ?iso ?qid WHERE {
  ?e a ?type ; rdfs:label ?label .
  VALUES ?type { dk:Country dk:Organization dk:Person dk:Initiative dk:Place dk:MediaOutlet dk:Spokesperson }
  OPTIONAL { ?e dk:isoCode ?iso } OPTIONAL { ?e owl:sameAs ?qid } }"""
Q_TOPIC_LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?t ?label WHERE { ?t a skos:Concept ; skos:prefLabel ?label FILTER (LANG(?label) = "en") }"""

# with a confidence threshold: the same facts, each with its dk:confidence (kg.nlp.en.confidence)
Q_TOPICS_CONF = _P + """SELECT DISTINCT ?ex ?t ?c WHERE { ?ex dk:hasTopicAssignment ?a .
  ?a dk:assignedTopic ?t . OPTIONAL { ?a dk:confidence ?c } }"""
Q_MENTIONS_CONF = _P + """SELECT DISTINCT ?ex ?e ?c WHERE { ?ex dk:turn ?u . ?u dk:hasMention ?m .
  ?m dk:refersTo ?e . OPTIONAL { ?m dk:confidence ?c } }"""
Q_ANSWER_MENTIONS_CONF = _P + """SELECT DISTINCT ?ex ?e ?c WHERE { ?ex dk:answer ?u . ?u dk:hasMention ?m .
  ?m dk:refersTo ?e . OPTIONAL { ?m dk:confidence ?c } }"""
Q_STANCES_CONF = _P + """SELECT DISTINCT ?ex ?s ?target ?pol ?c WHERE {
  ?ex dk:answer ?a . ?a dk:expressesStance ?s . ?s dk:target ?target ; dk:polarity ?pol .
  OPTIONAL { ?s dk:confidence ?c } }"""


def _sure(rows, at_least: float):
    """The rows (confidence last) whose confidence is at least ``at_least``, without it.
    A fact without dk:confidence (not calibrated) is left out."""
    for *row, c in rows:
        if c is not None and float(c) >= at_least:
            yield tuple(row)


_TYPE = {"Country": "country", "Organization": "organization", "Person": "person",
         "Initiative": "initiative", "Place": "place", "MediaOutlet": "outlet",
         "Spokesperson": "spokesperson"}
_PRIORITY = ["spokesperson", "outlet", "country", "organization", "initiative", "person", "place"]


def _rows(store: KGStore, query: str):
    """Rows of a SELECT as tuples of plain strings (None for unbound), straight from Oxigraph:
    no rdflib term is made per row, which is what made this slow on a large store."""
    import pyoxigraph as ox

    intern = sys.intern
    result = store.oxigraph.query(query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    for row in result:
        out = []
        for name in names:
            term = row[name]
            out.append(None if term is None else intern(term.value) if isinstance(term, ox.NamedNode)
                       else term.value)
        yield tuple(out)


def load_facts(store: KGStore, min_confidence: float = 0) -> Facts:
    """Everything the views need, read once from the store (a few streaming queries); with
    ``min_confidence``, only mentions, stances and topics whose dk:confidence is at least that."""
    def rows(plain: str, sure: str):
        return _rows(store, plain) if not min_confidence else _sure(_rows(store, sure), min_confidence)

    exchanges: dict[str, ExchangeFacts] = {}
    answered: dict[str, set] = {}
    for ex, d, sp, spl, o, ol in _rows(store, Q_EXCHANGES):
        if ex not in exchanges:
            exchanges[ex] = ExchangeFacts(ex, date.fromisoformat(d) if d is not None else None,
                                          None, None, o, ol)
        if sp:
            answered.setdefault(ex, set()).add((sp, spl))
        if o and exchanges[ex].outlet is None:
            exchanges[ex].outlet, exchanges[ex].outlet_label = o, ol
    for ex, people in answered.items():
        # an exchange several officials answered: the first by IRI (the same on every run)
        exchanges[ex].spokesperson, exchanges[ex].spokesperson_label = min(people)
    for ex, t in rows(Q_TOPICS, Q_TOPICS_CONF):
        if ex in exchanges:
            exchanges[ex].topics.add(t)
    for ex, e in rows(Q_MENTIONS, Q_MENTIONS_CONF):
        if ex in exchanges:
            exchanges[ex].entities.add(e)
    for ex, e in rows(Q_ANSWER_MENTIONS, Q_ANSWER_MENTIONS_CONF):
        if ex in exchanges:
            exchanges[ex].answer_entities.add(e)
    for ex, _, target, pol in rows(Q_STANCES, Q_STANCES_CONF):
        if ex in exchanges:
            exchanges[ex].stances.append((target, pol.rsplit("#", 1)[-1].lower()))
    nodes: dict[str, dict] = {}
    for e, t, label, iso, qid in _rows(store, Q_NODES):
        kind = _TYPE[t.rsplit("#", 1)[-1]]
        n = nodes.setdefault(e, {"label": label, "type": kind})
        if _PRIORITY.index(kind) < _PRIORITY.index(n["type"]):
            n["type"] = kind
        if iso is not None:
            n["iso"] = iso
        if qid is not None:
            n["qid"] = qid.rsplit("/", 1)[-1]
    for t, label in _rows(store, Q_TOPIC_LABELS):
        nodes[t] = {"label": label, "type": "topic"}
    return Facts(sorted(exchanges.values(), key=lambda x: (x.date or date.min, x.iri)), nodes)


def _add_edge(g: nx.Graph, a: str, b: str, when: date | None, **counts) -> None:
    if g.has_edge(a, b):
        data = g.edges[a, b]
        data["weight"] += 1
    else:
        g.add_edge(a, b, weight=1)
        data = g.edges[a, b]
    for k, v in counts.items():
        data[k] = data.get(k, 0) + v
    _span(data, when)


def _span(data: dict, when: date | None) -> None:
    """Note one occurrence on ``when``: first and last date, and every date (GEXF spells)."""
    if when is None:
        return
    iso = when.isoformat()
    data["start"] = min(data.get("start", iso), iso)
    data["end"] = max(data.get("end", iso), iso)
    data.setdefault("dates", set()).add(iso)


def _node(g: nx.Graph, facts: Facts, iri: str, when: date | None, **unknown) -> None:
    """Add ``iri`` (or count it once more); ``unknown`` are its attributes when facts lack it."""
    if iri not in g:
        fallback = unknown or {"label": iri.rsplit("/", 1)[-1], "type": "other"}
        g.add_node(iri, **dict(facts.nodes.get(iri, fallback)), count=0)
    g.nodes[iri]["count"] += 1
    _span(g.nodes[iri], when)


def _star(g: nx.Graph, facts: Facts, hub: str, spokes, when: date | None, **hub_attrs) -> None:
    """One exchange's worth: ``hub`` linked to each of ``spokes``."""
    _node(g, facts, hub, when, **hub_attrs)
    for s in spokes:
        _node(g, facts, s, when)
        _add_edge(g, hub, s, when)


def _kept_entities(facts: Facts, flt: ViewFilter, iris) -> list[str]:
    """The entities (not outlets, topics or spokespersons) among ``iris`` the filter keeps, sorted."""
    return sorted(e for e in iris if facts.nodes.get(e, {}).get("type") in ENTITY_TYPES
                  and flt.keeps_type(facts.nodes[e]["type"]))


def comention(facts: Facts, flt: ViewFilter) -> nx.Graph:
    """Entities mentioned in the same exchange; weight = number of exchanges."""
    # counted in plain dicts first, then put into the graph once: on an archive-sized store
    # this runs over millions of pairs, and networkx's per-edge bookkeeping dominated
    node_count: dict[str, int] = {}
    node_dates: dict[str, set] = {}
    pair_count: dict[tuple[str, str], int] = {}
    pair_dates: dict[tuple[str, str], set] = {}
    for ex in facts.exchanges:
        if not flt.keeps_exchange(ex):
            continue
        ents = _kept_entities(facts, flt, ex.entities)
        day = ex.date.isoformat() if ex.date else None
        for e in ents:
            node_count[e] = node_count.get(e, 0) + 1
            if day:
                node_dates.setdefault(e, set()).add(day)
        for pair in itertools.combinations(ents, 2):
            pair_count[pair] = pair_count.get(pair, 0) + 1
            if day:
                pair_dates.setdefault(pair, set()).add(day)
    g = nx.Graph(name="comention")
    for e, n in node_count.items():
        attrs = dict(facts.nodes.get(e, {"label": e.rsplit("/", 1)[-1], "type": "other"}), count=n)
        g.add_node(e, **attrs, **_dated(node_dates.get(e)))
    for (a, b), n in pair_count.items():
        g.add_edge(a, b, weight=n, **_dated(pair_dates.get((a, b))))
    return g


def _dated(days: set | None) -> dict:
    """``start``, ``end`` and ``dates`` attributes from a set of ISO dates."""
    if not days:
        return {}
    return {"start": min(days), "end": max(days), "dates": days}


def outlet_topic(facts: Facts, flt: ViewFilter) -> nx.Graph:
    """Bipartite: outlets and the topics they ask about; weight = number of exchanges."""
    g = nx.Graph(name="outlet-topic")
    for ex in facts.exchanges:
        if not flt.keeps_exchange(ex) or ex.outlet is None:
            continue
        topics = sorted(ex.topics)
        _star(g, facts, ex.outlet, topics, ex.date)
        g.nodes[ex.outlet]["bipartite"] = 0
        for t in topics:
            g.nodes[t]["bipartite"] = 1
    return g


def references(facts: Facts, flt: ViewFilter) -> nx.DiGraph:
    """Spokesperson -> entity their answers mention; weight = number of exchanges."""
    g = nx.DiGraph(name="references")
    for ex in facts.exchanges:
        if not flt.keeps_exchange(ex) or ex.spokesperson is None:
            continue
        _star(g, facts, ex.spokesperson, _kept_entities(facts, flt, ex.answer_entities), ex.date)
    return g


def stance(facts: Facts, flt: ViewFilter) -> nx.DiGraph:
    """Signed: spokesperson -> target. ``positive`` and ``negative`` counts kept apart;
    ``weight`` is their total, ``sign`` is +1, -1 or 0 (mixed) and ``net`` their difference."""
    g = nx.DiGraph(name="stance")
    for ex in facts.exchanges:
        if not flt.keeps_exchange(ex) or ex.spokesperson is None:
            continue
        for target, pol in sorted(set(ex.stances)):
            kind = facts.nodes.get(target, {}).get("type")
            if not flt.keeps_type(kind or "other"):
                continue
            _node(g, facts, ex.spokesperson, ex.date)
            _node(g, facts, target, ex.date)
            _add_edge(g, ex.spokesperson, target, ex.date,
                      positive=int(pol == "positive"), negative=int(pol == "negative"))
    for _, _, d in g.edges(data=True):
        d.setdefault("positive", 0)
        d.setdefault("negative", 0)
        d["net"] = d["positive"] - d["negative"]
        d["sign"] = (d["net"] > 0) - (d["net"] < 0) if d["positive"] and d["negative"] else (
            1 if d["positive"] else -1)
    return g


def entity_month(facts: Facts, flt: ViewFilter) -> nx.Graph:
    """Over time: month nodes linked to the entities mentioned that month (weight = exchanges)."""
    g = nx.Graph(name="entity-month")
    for ex in facts.exchanges:
        if not flt.keeps_exchange(ex) or ex.date is None:
            continue
        _star(g, facts, f"month:{ex.date:%Y-%m}", _kept_entities(facts, flt, ex.entities), ex.date,
              label=f"{ex.date:%Y-%m}", type="month")
    return g


VIEWS = {"comention": comention, "outlet-topic": outlet_topic, "references": references,
         "stance": stance, "entity-month": entity_month}


def analyse(g: nx.Graph, seed: int = 42) -> nx.Graph:
    """Write degree, weighted degree, PageRank, betweenness and a community id on every node."""
    if g.number_of_nodes() == 0:
        return g
    und = nx.Graph()
    und.add_nodes_from(g.nodes)
    for a, b, d in g.edges(data=True):
        w = und.edges[a, b]["weight"] + d.get("weight", 1) if und.has_edge(a, b) else d.get("weight", 1)
        und.add_edge(a, b, weight=w)
    pr = nx.pagerank(g, weight="weight") if g.number_of_edges() else {n: 1 / len(g) for n in g}
    k = min(len(g), 500)
    bc = nx.betweenness_centrality(und, k=k if k < len(g) else None, seed=seed, normalized=True)
    communities = nx.community.louvain_communities(und, weight="weight", seed=seed)
    community = {}
    for i, members in enumerate(sorted(communities, key=lambda c: (-len(c), min(c)))):
        for n in members:
            community[n] = i
    for n in g.nodes:
        data = g.nodes[n]
        data["degree"] = und.degree(n)
        data["weighted_degree"] = und.degree(n, weight="weight")
        data["pagerank"] = round(pr[n], 6)
        data["betweenness"] = round(bc[n], 6)
        data["community"] = community[n]
    return g


def build_view(store_or_facts, name: str, flt: ViewFilter | None = None) -> nx.Graph:
    """The named view, filtered and analysed."""
    if name not in VIEWS:
        raise KeyError(f"unknown view {name!r}; views: {', '.join(VIEWS)}")
    facts = store_or_facts if isinstance(store_or_facts, Facts) else load_facts(
        store_or_facts, flt.min_confidence if flt is not None else 0)
    flt = flt or ViewFilter()
    g = VIEWS[name](facts, flt)
    if flt.min_weight:
        g.remove_edges_from([(a, b) for a, b, d in g.edges(data=True)
                             if d.get("weight", 0) < flt.min_weight])
        g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0])
    return analyse(g)


def summary(g: nx.Graph, top: int = 10) -> str:
    """Top nodes by each measure and community sizes, as text."""
    lines = [f"view {g.graph.get('name', '')}: {g.number_of_nodes()} nodes, "
             f"{g.number_of_edges()} edges"]
    if not g.number_of_nodes():
        return lines[0]
    for measure in ("weighted_degree", "pagerank", "betweenness"):
        ranked = sorted(g.nodes(data=True), key=lambda x: (-x[1][measure], x[1]["label"]))[:top]
        lines.append(f"top by {measure}: " + "; ".join(
            f"{d['label']} ({d[measure]:g})" for _, d in ranked))
    sizes = Counter(d["community"] for _, d in g.nodes(data=True))
    lines.append("communities: " + ", ".join(
        f"#{c}: {n} ({', '.join(_top_labels(g, c))})" for c, n in sorted(sizes.items())[:top]))
    return "\n".join(lines)


def _top_labels(g: nx.Graph, community: int, k: int = 3) -> list[str]:
    members = [d for _, d in g.nodes(data=True) if d["community"] == community]
    return [d["label"] for d in sorted(members, key=lambda d: -d["weighted_degree"])[:k]]


def type_counts(g: nx.Graph) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for _, d in g.nodes(data=True):
        out[d.get("type", "other")] += 1
    return dict(out)
