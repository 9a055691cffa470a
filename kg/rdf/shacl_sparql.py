"""SHACL shapes run as SPARQL queries on the store itself, in bounded memory.

``kg validate`` used to copy every triple into an in-memory rdflib graph and hand it to
pySHACL: 2 GB and about a minute for 500 transcripts, and more than this machine's memory
for the whole archive. The shapes diplokg uses need only SHACL Core's commonest parts, so
each property constraint becomes one SPARQL query that Oxigraph answers over the union of
the named graphs, streaming, whatever the store's size.

Supported (anything else in a shapes file is refused, never silently ignored):
``sh:targetClass``; property shapes whose ``sh:path`` is an IRI or ``[ sh:inversePath IRI ]``;
``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:pattern``, ``sh:in``,
``sh:nodeKind`` (``sh:IRI``, ``sh:Literal``, ``sh:BlankNode``), ``sh:minInclusive``. As in
SHACL, a class's instances include those of its subclasses (``rdfs:subClassOf`` in the data,
where the ontology graph puts them).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

__all__ = ["Constraint", "Violation", "compile_shapes", "subclass_closure", "violations", "ShapesError"]

_SUPPORTED = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.pattern, SH["in"],
              SH.nodeKind, SH.minInclusive}
_NODE_KINDS = {SH.IRI: "isIRI(?v)", SH.Literal: "isLiteral(?v)", SH.BlankNode: "isBlank(?v)"}
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


class ShapesError(ValueError):
    """A shapes file uses SHACL this engine does not run."""


@dataclass(frozen=True)
class Violation:
    """One result: the focus node, the path, the constraint component and the offending value."""

    shape: str
    focus: str
    path: str
    component: str          # sh:MinCountConstraintComponent, ... (local name)
    value: str | None
    message: str


@dataclass(frozen=True)
class Constraint:
    """One constraint of one property shape, as a SPARQL query that returns its violations."""

    shape: str
    targets: tuple[str, ...]
    path: str                # as SPARQL: <p> or ^<p>
    component: str
    query: str
    message: str


def _term(node) -> str:
    if isinstance(node, BNode):
        raise ShapesError("blank nodes as constraint values are not supported")
    return node.n3()


def subclass_closure(store) -> dict[str, set[str]]:
    """class IRI -> itself and every class below it (``rdfs:subClassOf*`` in the store's data)."""
    below: dict[str, set[str]] = {}
    for row in store.query("SELECT ?sub ?sup WHERE { ?sub <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?sup }",
                           use_default_graph_as_union=True):
        if hasattr(row["sub"], "value") and hasattr(row["sup"], "value"):
            below.setdefault(row["sup"].value, set()).add(row["sub"].value)
    closure: dict[str, set[str]] = {}

    def down(c: str) -> set[str]:
        if c not in closure:
            closure[c] = {c}
            for sub in below.get(c, ()):
                closure[c] |= down(sub)
        return closure[c]

    for c in list(below):
        down(c)
    return closure


def _classes(iris, closure: dict[str, set[str]]) -> str:
    """A SPARQL list of the classes whose instances are instances of ``iris``."""
    found = set()
    for c in iris:
        found |= closure.get(str(c), {str(c)})
    return " ".join(f"<{c}>" for c in sorted(found))


def compile_shapes(shapes: Graph, closure: dict[str, set[str]] | None = None) -> list[Constraint]:
    """Every property constraint of every node shape with a target class.

    ``closure`` (from :func:`subclass_closure`) says which classes are subclasses of which;
    without it a class has only its own instances.
    """
    closure = closure or {}
    out: list[Constraint] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = tuple(sorted(str(t) for t in shapes.objects(shape, SH.targetClass)))
        extra = set(shapes.predicates(shape)) - {RDF.type, SH.targetClass, SH.property}
        if extra:
            raise ShapesError(f"{shape}: unsupported node-shape terms {sorted(map(str, extra))}")
        if not targets:
            continue
        focus = f"VALUES ?ft {{ {_classes(targets, closure)} }} ?f {_TYPE} ?ft ."
        for prop in shapes.objects(shape, SH.property):
            keys = set(shapes.predicates(prop))
            if keys - _SUPPORTED:
                raise ShapesError(f"{shape}: unsupported property-shape terms {sorted(map(str, keys - _SUPPORTED))}")
            path = shapes.value(prop, SH.path)
            inverse = shapes.value(path, SH.inversePath) if isinstance(path, BNode) else None
            if isinstance(path, BNode) and inverse is None:
                raise ShapesError(f"{shape}: only IRI and inverse paths are supported")
            sparql_path = f"^<{inverse}>" if inverse is not None else f"<{path}>"
            shown = f"^{inverse}" if inverse is not None else str(path)
            name = str(shape)

            def add(component: str, query: str, message: str) -> None:
                out.append(Constraint(name, targets, shown, component, query, message))

            lo, hi = shapes.value(prop, SH.minCount), shapes.value(prop, SH.maxCount)
            if lo is not None and int(lo) == 1:       # the common case: an index lookup per focus node
                add("MinCountConstraintComponent",
                    f"SELECT ?f WHERE {{ {focus} FILTER NOT EXISTS {{ ?f {sparql_path} ?v }} }}",
                    f"no value of {shown}")
            elif lo is not None and int(lo) > 1:
                add("MinCountConstraintComponent",
                    f"SELECT ?f (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} OPTIONAL {{ ?f {sparql_path} ?v }} }} "
                    f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) < {int(lo)})",
                    f"fewer than {int(lo)} values of {shown}")
            if hi is not None and int(hi) == 0:
                add("MaxCountConstraintComponent",
                    f"SELECT DISTINCT ?f WHERE {{ {focus} ?f {sparql_path} ?v }}",
                    f"a value of {shown}, which must have none")
            elif hi is not None and int(hi) == 1:     # two different values
                add("MaxCountConstraintComponent",
                    f"SELECT DISTINCT ?f WHERE {{ {focus} ?f {sparql_path} ?v . ?f {sparql_path} ?w . "
                    f"FILTER (!sameTerm(?v, ?w)) }}",
                    f"more than one value of {shown}")
            elif hi is not None:
                add("MaxCountConstraintComponent",
                    f"SELECT ?f (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} ?f {sparql_path} ?v }} "
                    f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) > {int(hi)})",
                    f"more than {int(hi)} values of {shown}")

            def values(condition: str, component: str, message: str) -> None:
                add(component, f"SELECT DISTINCT ?f ?v WHERE {{ {focus} ?f {sparql_path} ?v . FILTER ({condition}) }}",
                    message)

            dt = shapes.value(prop, SH.datatype)
            if dt is not None:
                values(f"!isLiteral(?v) || datatype(?v) != {_term(dt)}", "DatatypeConstraintComponent",
                       f"value is not a literal of datatype {dt}")
            cls = shapes.value(prop, SH["class"])
            if cls is not None:
                values(f"NOT EXISTS {{ VALUES ?vt {{ {_classes([cls], closure)} }} ?v {_TYPE} ?vt }}",
                       "ClassConstraintComponent",
                       f"value is not an instance of {cls}")
            pattern = shapes.value(prop, SH.pattern)
            if pattern is not None:
                regex = Literal(str(pattern)).n3()
                values(f"isBlank(?v) || !REGEX(STR(?v), {regex})", "PatternConstraintComponent",
                       f"value does not match {pattern}")
            allowed = shapes.value(prop, SH["in"])
            if allowed is not None:
                members = ", ".join(_term(m) for m in Collection(shapes, allowed))
                values(f"?v NOT IN ({members})", "InConstraintComponent", f"value is not one of ({members})")
            kind = shapes.value(prop, SH.nodeKind)
            if kind is not None:
                if kind not in _NODE_KINDS:
                    raise ShapesError(f"{shape}: sh:nodeKind {kind} is not supported")
                values(f"!{_NODE_KINDS[kind]}", "NodeKindConstraintComponent", f"value is not of node kind {kind}")
            low = shapes.value(prop, SH.minInclusive)
            if low is not None:
                values(f"!COALESCE(?v >= {_term(low)}, false)", "MinInclusiveConstraintComponent",
                       f"value is not >= {low}")
    return out


def violations(store, constraints: list[Constraint], limit: int | None = None) -> Iterator[Violation]:
    """Run each constraint on a ``pyoxigraph.Store`` (the union of its named graphs)."""
    for c in constraints:
        query = c.query + (f" LIMIT {limit}" if limit else "")
        for row in store.query(query, use_default_graph_as_union=True):
            value = row["v"] if c.component not in _COUNTS else None
            yield Violation(c.shape, _show(row["f"]), c.path, c.component,
                            None if value is None else _show(value), c.message)


_COUNTS = {"MinCountConstraintComponent", "MaxCountConstraintComponent"}


def _show(term) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    return str(term)
