"""The one place that spells ontology and resource IRIs.

Every other module imports terms from here; a misspelt term raises
``AttributeError`` instead of silently minting a new IRI.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef

from kg.keys import slug
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "DK", "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SKOS", "XSD", "WD", "TOPIC", "ID_BASE",
    "resource", "graph_iri", "slug", "ONTOLOGY_GRAPH", "LINKS_GRAPH", "ENTITIES_GRAPH",
    "SUMMARY_GRAPH", "LABEL_IF_ABSENT", "PREFIXES",
]


class DK(DefinedNamespace):
    """diplokg ontology terms (``ontology/diplokg.ttl``)."""

    _NS = Namespace("https://w3id.org/diplokg/ontology#")
    _fail = True

    # classes
    PressConference: URIRef
    Statement: URIRef
    Exchange: URIRef
    Utterance: URIRef
    Question: URIRef
    Answer: URIRef
    Mention: URIRef
    Stance: URIRef
    SourceDocument: URIRef
    Country: URIRef
    Organization: URIRef
    Person: URIRef
    MediaOutlet: URIRef
    Initiative: URIRef
    Place: URIRef
    Spokesperson: URIRef
    ResponseType: URIRef
    Polarity: URIRef
    DiplomaticDocument: URIRef
    StatementDocument: URIRef
    ModeratorTurn: URIRef
    AnonymousOfficial: URIRef
    DocumentKind: URIRef
    # document kinds (individuals of dk:DocumentKind)
    RegularPressConference: URIRef
    DailyBriefingOnline: URIRef
    SpokespersonRemarks: URIRef
    PressBriefing: URIRef
    PressGaggle: URIRef
    BackgroundCall: URIRef
    Interview: URIRef
    JointPressConference: URIRef
    PressStatement: URIRef
    Readout: URIRef
    ParliamentaryReply: URIRef
    Speech: URIRef
    OtherDocument: URIRef
    # individuals
    Substantive: URIRef
    Referral: URIRef
    NoInformation: URIRef
    NoComment: URIRef
    Positive: URIRef
    Negative: URIRef
    # conference
    date: URIRef
    dateInferred: URIRef
    dateSource: URIRef
    spokesperson: URIRef
    conferenceKind: URIRef
    articleId: URIRef
    hasStatement: URIRef
    hasExchange: URIRef
    hasModeratorTurn: URIRef
    sameConferenceAs: URIRef
    otherVersion: URIRef
    correspondsTo: URIRef
    government: URIRef
    documentKind: URIRef
    sourceURL: URIRef
    sourceRecord: URIRef
    # structure
    position: URIRef
    text: URIRef
    isFollowUp: URIRef
    raisedAfterConference: URIRef
    question: URIRef
    answer: URIRef
    clarification: URIRef
    turn: URIRef
    speakerLabel: URIRef
    askedBy: URIRef
    answeredBy: URIRef
    sourceSpan: URIRef
    SourceSpan: URIRef
    inSource: URIRef
    sourceStart: URIRef
    sourceEnd: URIRef
    # extraction (contract terms; filled by the extraction stage)
    mentions: URIRef
    hasMention: URIRef
    refersTo: URIRef
    start: URIRef
    end: URIRef
    anchorText: URIRef
    isoCode: URIRef
    about: URIRef
    responseType: URIRef
    expressesStance: URIRef
    target: URIRef
    polarity: URIRef
    evidence: URIRef
    asksAbout: URIRef
    references: URIRef
    exchangeMentions: URIRef
    exchangeMonth: URIRef
    exchangeOutlet: URIRef
    exchangeSpokesperson: URIRef
    matchKey: URIRef
    # extraction provenance (extensions to the contract)
    method: URIRef
    cue: URIRef
    responseEvidence: URIRef
    extractionModel: URIRef
    buildKey: URIRef
    pathKey: URIRef
    confidence: URIRef
    # confidence, assignments and corrections (kg.nlp.en.confidence, kg.corrections)
    ResponseTypeAssignment: URIRef
    TopicAssignment: URIRef
    Correction: URIRef
    hasResponseTypeAssignment: URIRef
    assignedResponseType: URIRef
    hasTopicAssignment: URIRef
    assignedTopic: URIRef
    extractedBy: URIRef
    hasCorrection: URIRef
    correctionKind: URIRef
    correctionSubject: URIRef
    originalValue: URIRef
    correctedValue: URIRef
    correctionRow: URIRef
    correctionNote: URIRef
    correctionStatus: URIRef
    # provenance of sources
    contentHash: URIRef
    fileName: URIRef
    mediaType: URIRef
    sourceFormat: URIRef
    documentCount: URIRef
    toolVersion: URIRef


WD = Namespace("http://www.wikidata.org/entity/")
TOPIC = Namespace("https://w3id.org/diplokg/topic/")  # concepts of ontology/topics.ttl
ID_BASE = "https://w3id.org/diplokg/id/"
GRAPH_BASE = "https://w3id.org/diplokg/graph/"
ONTOLOGY_GRAPH = URIRef(GRAPH_BASE + "ontology")
LINKS_GRAPH = URIRef(GRAPH_BASE + "links")
ENTITIES_GRAPH = URIRef(GRAPH_BASE + "entities")    # shared entity descriptions
SUMMARY_GRAPH = URIRef(GRAPH_BASE + "summary")      # derived dk:asksAbout / dk:references
# not a graph: marks an entity label to add to ENTITIES_GRAPH only when the entity has none
# (an entity named from the text may be spelt two ways; the first spelling stored wins)
LABEL_IF_ABSENT = URIRef(GRAPH_BASE + "entities#label-if-absent")

PREFIXES = {
    "dk": str(DK._NS),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "wd": str(WD),
    "dkt": str(TOPIC),
}

def resource(kind: str, *parts: str | int) -> URIRef:
    """A resource IRI under ``ID_BASE``: ``resource("outlet", "reuters")``."""
    tail = "/".join(str(p) for p in parts)
    return URIRef(f"{ID_BASE}{kind}/{tail}")


def graph_iri(source_key: str) -> URIRef:
    """The named graph holding everything one source file produced."""
    return URIRef(f"{GRAPH_BASE}source/{source_key}")
