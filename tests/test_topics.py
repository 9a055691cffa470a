"""The SKOS topic scheme (ontology/topics.ttl) and how exchanges get topics."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from kg.nlp.extract import analyse_texts, exchange_topics
from kg.model import Role

TOPICS = Path(__file__).resolve().parent.parent / "ontology" / "topics.ttl"


def test_scheme_concepts_have_labels_definitions_and_triggers():
    g = Graph().parse(TOPICS)
    [scheme] = list(g.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert 20 <= len(concepts) <= 40
    owner: dict[str, object] = {}
    for c in concepts:
        assert (c, SKOS.inScheme, scheme) in g
        langs = [label.language for label in g.objects(c, SKOS.prefLabel)]
        assert "en" in langs and len(langs) == len(set(langs)), c   # one prefLabel per language
        assert list(g.objects(c, SKOS.definition)), c
        for term in g.objects(c, SKOS.hiddenLabel):
            key = str(term).lower()
            assert owner.setdefault(key, c) == c, f"trigger {key!r} in two concepts"
    tops = set(g.objects(scheme, SKOS.hasTopConcept))
    assert tops and tops <= concepts


def test_topics_from_question_cues_and_repeated_answer_cues():
    # a question cue weighs three answer cues (kg.nlp.topics.decide_topics): an answer
    # concept needs three hits of its own, and at least 30% of the best concept's score
    q, a = analyse_texts(["What is your comment on the tariffs announced by the US?",
                          "The epidemic is spreading. COVID-19 is a challenge for all. The "
                          "pandemic affects everyone."], "none")
    topics = exchange_topics([q, a], [Role.QUESTION, Role.ANSWER])
    assert "trade-and-tariffs" in topics and "covid-19" in topics
    q, a = analyse_texts(["What is your comment on the tariffs announced by the US?",
                          "The epidemic is spreading. COVID-19 is a challenge for all."], "none")
    assert exchange_topics([q, a], [Role.QUESTION, Role.ANSWER]) == ["trade-and-tariffs"]
    # one passing cue in an answer is not enough
    q, a = analyse_texts(["Can you confirm the visit?", "We also discussed tariffs."], "none")
    assert "trade-and-tariffs" not in exchange_topics([q, a], [Role.QUESTION, Role.ANSWER])
