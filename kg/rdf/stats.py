"""Counts over the store (``kg stats``)."""

from __future__ import annotations

from kg.rdf.namespaces import DK
from kg.rdf.store import KGStore

__all__ = ["store_stats", "ENTITY_TYPES"]

ENTITY_TYPES = ["Country", "Organization", "Person", "MediaOutlet", "Initiative", "Place", "Spokesperson"]


def _count(store: KGStore, where: str) -> int:
    rows = list(store.query(f"PREFIX dk: <{DK._NS}> SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))
    return int(rows[0][0])


def store_stats(store: KGStore) -> dict:
    """``conferences``, ``statements``, ``exchanges``, ``mentions``, ``entities`` by type,
    ``triples`` (distinct), ``quads`` and ``graphs``."""
    def distinct(cls: str) -> str:
        return f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?x a dk:{cls} }} }}"

    return {
        "conferences": _count(store, distinct("PressConference")),
        "statements": _count(store, distinct("Statement")),
        "exchanges": _count(store, distinct("Exchange")),
        "mentions": _count(store, distinct("Mention")),
        "entities": {t: _count(store, distinct(t)) for t in ENTITY_TYPES},
        "sources": _count(store, distinct("SourceDocument")),
        "triples": _count(store, "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"),
        "quads": store.quad_count(),
        "graphs": len(store.graphs()),
    }
