"""The ontology declares every term the code uses, with a label and a comment."""

from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.rdf.namespaces import DK

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"

CONTRACT_TERMS = ["PressConference", "date", "spokesperson", "hasStatement", "Statement", "position", "text",
                  "hasExchange", "Exchange", "isFollowUp", "question", "Question", "askedBy", "MediaOutlet",
                  "answer", "Answer", "answeredBy", "Spokesperson", "responseType", "Substantive", "Referral",
                  "NoInformation", "NoComment", "mentions", "hasMention", "Mention", "refersTo", "start", "end",
                  "anchorText", "Country", "Organization", "Person", "Initiative", "Place", "isoCode", "about",
                  "expressesStance", "Stance", "target", "polarity", "Positive", "Negative", "evidence",
                  "asksAbout", "references"]


def test_every_namespace_term_is_declared_with_label_and_comment():
    g = Graph().parse(ONTOLOGY / "diplokg.ttl")
    for name in DK.__annotations__:
        term = URIRef(str(DK._NS) + name)
        assert (term, RDF.type, None) in g, name
        assert len(list(g.objects(term, RDFS.label))) == 1, name
        assert len(list(g.objects(term, RDFS.comment))) == 1, name


def test_contract_vocabulary_is_covered():
    for name in CONTRACT_TERMS:
        assert name in DK.__annotations__, name


def test_misspelt_term_is_an_error():
    import pytest

    with pytest.raises(AttributeError):
        DK.hasExchnage  # noqa: B018


def test_shapes_parse_and_target_ontology_classes():
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl")
    onto = Graph().parse(ONTOLOGY / "diplokg.ttl")
    targets = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    for t in targets:
        if str(t).startswith(str(DK._NS)):
            assert (t, RDF.type, OWL.Class) in onto, t
