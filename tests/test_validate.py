"""``kg validate`` runs the shapes as SPARQL on the store; pySHACL (the reference implementation)
must report exactly the same violations, on a clean store and on one broken on purpose."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg.build import build
from kg.rdf.shacl_sparql import ShapesError, compile_shapes
from kg.rdf.store import KGStore
from kg.rdf.validate import validate_store

DK = "https://w3id.org/diplokg/ontology#"
X = "https://w3id.org/diplokg/id/test/"

# Each line breaks one rule of ontology/shapes.ttl (written by hand, not by diplokg).
BROKEN = f"""
<{X}conf> a <{DK}PressConference> .
<{X}conf> <{DK}dateInferred> "maybe" .
<{X}conf> <{DK}hasExchange> <{X}ex> .
<{X}ex> a <{DK}Exchange> ; <{DK}position> 0 ; <{DK}isFollowUp> false .
<{X}m> a <{DK}Mention> ; <{DK}refersTo> "Japan" ; <{DK}start> 3 , 4 ; <{DK}end> 9 ; <{DK}anchorText> 42 .
<{X}st> a <{DK}Stance> ; <{DK}target> <{X}nobody> ; <{DK}polarity> <{DK}Substantive> .
<{X}land> a <{DK}Country> ; <http://www.w3.org/2000/01/rdf-schema#label> "Land" , "Landia" ; <{DK}isoCode> "usa" .
<{X}a> a <{DK}Answer> ; <{DK}text> "We note it." ; <{DK}answeredBy> <{X}land> .
<{X}doc> a <{DK}StatementDocument> ; <{DK}hasExchange> <{X}ex> .
"""


def _pyshacl_results(store: KGStore) -> set[tuple[str, str, str]]:
    from pyshacl import validate

    from kg.paths import SHAPES_FILE

    data = store.union_graph()
    _, results, _ = validate(data, shacl_graph=Graph().parse(SHAPES_FILE), inference="none")
    out = set()
    for r in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(r, SH.resultPath)
        inverse = results.value(path, SH.inversePath) if path is not None else None
        shown = f"^{inverse}" if inverse is not None else str(path)
        component = str(results.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        out.add((results.value(r, SH.focusNode).n3(), shown, component))
    return out


def _ours(report) -> set[tuple[str, str, str]]:
    return {(v.focus, v.path, v.component) for v in report.results}


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    s = KGStore(tmp_path_factory.mktemp("validate") / "store")
    build(None, s, show_progress=False, model="none")
    yield s
    s.close()


def test_clean_sample_conforms_in_both_engines(sample_store):
    ours = validate_store(sample_store, show_progress=False)
    assert ours.conforms and ours.violations == 0
    assert _pyshacl_results(sample_store) == set()


def test_broken_data_gives_the_same_violations_as_pyshacl(sample_store):
    import pyoxigraph as ox

    sample_store.oxigraph.load(BROKEN, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(X + "graph"))
    try:
        ours = validate_store(sample_store, show_progress=False)
        reference = _pyshacl_results(sample_store)
        assert not ours.conforms
        assert _ours(ours) == reference
        # every kind of rule broken above is caught
        components = {c for _, _, c in reference}
        assert {"MinCountConstraintComponent", "MaxCountConstraintComponent", "DatatypeConstraintComponent",
                "ClassConstraintComponent", "PatternConstraintComponent", "InConstraintComponent",
                "NodeKindConstraintComponent", "MinInclusiveConstraintComponent"} <= components
        assert (f"<{X}doc>", f"{DK}hasExchange", "MaxCountConstraintComponent") in _ours(ours)
    finally:
        sample_store.update(f"DROP GRAPH <{X}graph>")
    assert validate_store(sample_store, show_progress=False).conforms


def test_a_shape_the_engine_cannot_run_is_refused():
    shapes = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ;
            sh:property [ sh:path <urn:p> ; sh:qualifiedMinCount 1 ] .""", format="turtle")
    with pytest.raises(ShapesError, match="unsupported"):
        compile_shapes(shapes)
