"""Read the SKOS topic scheme (``ontology/topics.ttl``): trigger terms and labels."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.rdf.namespaces import SKOS, TOPIC

__all__ = ["load_topic_terms", "topic_iri"]


def topic_iri(local: str):
    return TOPIC[local]


def load_topic_terms(path: Path) -> dict[str, str]:
    """``skos:hiddenLabel`` (lower case) -> concept local name."""
    if not path.exists():
        return {}
    g = Graph().parse(path)
    out: dict[str, str] = {}
    for concept, term in g.subject_objects(SKOS.hiddenLabel):
        local = str(concept)[len(str(TOPIC)):]
        out[str(term).lower().replace("’", "'")] = local
    return out
