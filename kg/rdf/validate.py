"""SHACL validation of the store against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.rdf.store import KGStore

__all__ = ["validate_store", "ValidationReport", "shapes_path"]


def shapes_path() -> Path:
    from kg.paths import SHAPES_FILE

    return SHAPES_FILE


@dataclass
class ValidationReport:
    conforms: bool
    triples: int
    violations: int
    text: str


def validate_graph(data: Graph) -> ValidationReport:
    from pyshacl import validate

    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, results_graph, text = validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False)
    from rdflib.namespace import SH, RDF

    n = len(list(results_graph.subjects(RDF.type, SH.ValidationResult)))
    return ValidationReport(bool(conforms), len(data), n, text)


def validate_store(store: KGStore) -> ValidationReport:
    """Validate the union of every named graph."""
    return validate_graph(store.union_graph())
