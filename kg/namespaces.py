"""The one place that spells ontology and resource IRIs.

Every other module imports terms from here; a misspelt term raises
``AttributeError`` instead of silently minting a new IRI.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
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
    sameConferenceAs: URIRef
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
    # provenance of sources
    contentHash: URIRef
    fileName: URIRef
    mediaType: URIRef
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

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII slug: ``"Bloomberg News"`` -> ``"bloomberg-news"``.

    >>> slug("Agence France-Presse")
    'agence-france-presse'
    >>> slug("  Xinhua News Agency ")
    'xinhua-news-agency'
    >>> slug("路透社")
    'u35f89a8fe111'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = _SLUG_DROP.sub("-", folded.lower()).strip("-")
    if not out:
        # nothing ASCII to keep (e.g. a label in another script): a stable hash instead
        out = "u" + hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:12]
    return out


def resource(kind: str, *parts: str | int) -> URIRef:
    """A resource IRI under ``ID_BASE``: ``resource("outlet", "reuters")``."""
    tail = "/".join(str(p) for p in parts)
    return URIRef(f"{ID_BASE}{kind}/{tail}")


def graph_iri(source_key: str) -> URIRef:
    """The named graph holding everything one source file produced."""
    return URIRef(f"{GRAPH_BASE}source/{source_key}")
