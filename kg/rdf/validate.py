"""SHACL validation of the store against ``ontology/shapes.ttl`` (``kg validate``).

By default the shapes run as SPARQL queries on the store (:mod:`kg.rdf.shacl_sparql`): memory
stays bounded and the time grows with the store, not with a copy of it. ``engine="pyshacl"``
validates an in-memory copy of the union graph with pySHACL instead (the reference
implementation; fine for small stores, and a test checks that both engines report the same
violations on a store with deliberately broken data).
"""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.progress import progress
from kg.rdf.store import KGStore

__all__ = ["validate_store", "validate_graph", "ValidationReport", "shapes_path", "ENGINES"]

ENGINES = ("sparql", "pyshacl")
SHOWN = 20   # violations spelt out per constraint; the rest are counted


def shapes_path() -> Path:
    from kg.paths import SHAPES_FILE

    return SHAPES_FILE


@dataclass
class ValidationReport:
    conforms: bool
    triples: int            # quads checked (the sparql engine) or distinct triples (pyshacl)
    violations: int
    text: str
    results: list = field(default_factory=list)    # kg.rdf.shacl_sparql.Violation (sparql engine)
    by_constraint: dict = field(default_factory=dict)   # (shape, path, component) -> count


def validate_graph(data: Graph) -> ValidationReport:
    """pySHACL on an in-memory graph."""
    from pyshacl import validate
    from rdflib.namespace import RDF, SH

    shapes = Graph().parse(shapes_path(), format="turtle")
    conforms, results_graph, text = validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=False)
    n = len(list(results_graph.subjects(RDF.type, SH.ValidationResult)))
    return ValidationReport(bool(conforms), len(data), n, text)


def validate_store(store: KGStore, engine: str = "sparql", jobs: int | None = None,
                   show_progress: bool | None = None) -> ValidationReport:
    """Validate the union of every named graph of the store (``jobs`` threads; default one per core)."""
    if engine == "pyshacl":
        return validate_graph(store.union_graph())
    if engine != "sparql":
        raise ValueError(f"unknown validation engine {engine!r}; use one of {', '.join(ENGINES)}")
    from kg.rdf.shacl_sparql import compile_shapes, subclass_closure, violations

    constraints = compile_shapes(Graph().parse(shapes_path(), format="turtle"), subclass_closure(store.oxigraph))
    counts: Counter = Counter()
    shown = []
    # Oxigraph answers queries without holding the GIL: one thread per core
    workers = max(1, min(jobs or os.cpu_count() or 1, 8))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        found = pool.map(lambda c: list(violations(store.oxigraph, [c])), constraints)
        for batch in progress(found, total=len(constraints), desc="kg validate", enabled=show_progress,
                              unit="check"):
            for v in batch:
                key = (v.shape, v.path, v.component)
                counts[key] += 1
                if counts[key] <= SHOWN:
                    shown.append(v)
    total = sum(counts.values())
    lines = []
    for v in shown:
        value = f" value {v.value}" if v.value is not None else ""
        lines.append(f"{v.component}: {v.focus} {v.path}{value}: {v.message} ({v.shape})")
    for key, n in counts.items():
        if n > SHOWN:
            lines.append(f"... and {n - SHOWN} more {key[2]} on {key[1]} ({key[0]})")
    return ValidationReport(total == 0, store.quad_count(), total, "\n".join(lines), shown, dict(counts))
