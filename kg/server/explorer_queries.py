"""The SPARQL behind the explorer's JSON API (:mod:`kg.server.explorer`), and the filters it takes.

Every query here is built from validated pieces only: IRIs pass :func:`to_iri` (a fixed set of
bases and a narrow set of characters), dates and months a pattern, everything else a fixed
vocabulary. Nothing a request sends reaches the SPARQL text unchecked.

Utterances are questions (and clarifications), answers and statements; an utterance ``?u`` is
found in its conference ``?c`` (and exchange ``?x``) through :data:`UTTERANCE`, and :data:`ROLE`
binds ``?role`` and ``?sp`` (who answered or stated it). Put the pattern that selects most
first: Oxigraph's planner follows the written order closely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.rdf.namespaces import ID_BASE, TOPIC

__all__ = ["to_iri", "short_id", "Filters", "P", "UTTERANCE", "ROLE", "BadRequest"]

TOPIC_BASE = str(TOPIC)
_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._~%-]*"
_ID = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")

P = """PREFIX dk: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

# Written for Oxigraph's planner, which follows the written order: a BIND or VALUES inside the
# union, a type test, an OPTIONAL or a BIND before the other triple patterns make it evaluate
# the union on its own (seconds to minutes on the corpus instead of milliseconds). So: the
# selecting pattern, then UTTERANCE, then the other triple patterns, then ROLE and OPTIONALs.
UTTERANCE = "{ ?x dk:turn ?u . ?c dk:hasExchange ?x } UNION { ?c dk:hasStatement ?u }"
# ?role and ?sp (who answered or stated it). Moderator turns have no mentions or stances, so a
# turn that nobody answered is a question or a clarification.
ROLE = """OPTIONAL { ?u dk:answeredBy ?sp }
  BIND (IF(!BOUND(?x), "statement", IF(BOUND(?sp), "answer", "question")) AS ?role)"""

RESPONSES = {"Referral", "NoInformation", "NoComment", "Substantive"}
ROLES = {"question", "answer", "statement"}
POLARITIES = {"positive": "Positive", "negative": "Negative"}


class BadRequest(ValueError):
    """A request parameter that is not what it should be (an HTTP 400)."""


def to_iri(ident: str, what: str = "id") -> str:
    """The IRI for an explorer id: ``country/US``, ``outlet/reuters``, ``topic/taiwan``,
    ``conference/2020-05-20-zhao-lijian-t1780978`` (or the full IRI).

    >>> to_iri("country/US"), to_iri("topic/taiwan")
    ('https://w3id.org/diplokg/id/country/US', 'https://w3id.org/diplokg/topic/taiwan')
    >>> to_iri('country/US> } DROP ALL {')
    Traceback (most recent call last):
    ...
    kg.server.explorer_queries.BadRequest: id: not an explorer id: 'country/US> } DROP ALL {'
    """
    tail = ident.strip()
    base = ID_BASE
    if tail.startswith(ID_BASE):
        tail = tail[len(ID_BASE):]
    elif tail.startswith(TOPIC_BASE):
        base, tail = TOPIC_BASE, tail[len(TOPIC_BASE):]
    elif tail.startswith("topic/"):
        base, tail = TOPIC_BASE, tail[len("topic/"):]
    if not _ID.fullmatch(tail) or len(tail) > 300:
        raise BadRequest(f"{what}: not an explorer id: {ident!r}")
    return base + tail


def short_id(iri: str) -> str:
    """The explorer id of an IRI (the inverse of :func:`to_iri`).

    >>> short_id("https://w3id.org/diplokg/topic/taiwan")
    'topic/taiwan'
    """
    if iri.startswith(ID_BASE):
        return iri[len(ID_BASE):]
    if iri.startswith(TOPIC_BASE):
        return "topic/" + iri[len(TOPIC_BASE):]
    return iri


def ref(ident: str, what: str = "id") -> str:
    return f"<{to_iri(ident, what)}>"


@dataclass
class Filters:
    """The filters every list and chart takes (all optional)."""

    date_from: str | None = None
    date_to: str | None = None
    month: str | None = None
    spokesperson: str | None = None
    outlet: str | None = None          # an outlet id, or "none": exchanges that name no outlet
    topic: str | None = None           # a topic id, or "none": exchanges with no topic
    government: str | None = None
    conference: str | None = None
    min_confidence: float = 0          # stances at least this sure (dk:confidence)

    @classmethod
    def from_params(cls, q) -> "Filters":
        def get(name, pattern=None):
            v = (q.get(name) or "").strip() or None
            if v is not None and pattern is not None and not pattern.fullmatch(v):
                raise BadRequest(f"{name}: not a {'date (YYYY-MM-DD)' if pattern is _DATE else 'month (YYYY-MM)'}: {v!r}")
            return v
        f = cls(get("from", _DATE), get("to", _DATE), get("month", _MONTH), get("spokesperson"),
                get("outlet"), get("topic"), get("government"), get("conference"))
        raw = get("min_confidence")
        if raw is not None:
            try:
                f.min_confidence = float(raw)
            except ValueError:
                raise BadRequest(f"min_confidence: not a number between 0 and 1: {raw!r}") from None
            if not 0 <= f.min_confidence <= 1:
                raise BadRequest(f"min_confidence: not a number between 0 and 1: {raw!r}")
        for name in ("spokesperson", "outlet", "topic", "government", "conference"):
            v = getattr(f, name)
            if v is not None and v != "none":
                to_iri(v, name)
        if f.spokesperson == "none" or f.government == "none" or f.conference == "none":
            raise BadRequest("only outlet and topic take 'none'")
        return f

    def conference_clauses(self) -> str:
        """Clauses on ``?c`` (and its date ``?d``, always bound)."""
        out = ["?c dk:date ?d ."]
        if self.date_from:
            out.append(f'FILTER (?d >= "{self.date_from}"^^xsd:date)')
        if self.date_to:
            out.append(f'FILTER (?d <= "{self.date_to}"^^xsd:date)')
        if self.month:
            out.append(f'FILTER (SUBSTR(STR(?d), 1, 7) = "{self.month}")')
        if self.government:
            out.append(f"?c dk:government {ref(self.government)} .")
        if self.conference:
            out.append(f"VALUES ?c {{ {ref(self.conference)} }}")
        return "\n  ".join(out)

    def exchange_clauses(self) -> str:
        """Clauses on the exchange ``?x``."""
        out = []
        if self.spokesperson:
            out.append(f"?x dk:exchangeSpokesperson {ref(self.spokesperson)} .")
        if self.outlet == "none":
            out.append("FILTER NOT EXISTS { ?x dk:exchangeOutlet ?anyOutlet }")
        elif self.outlet:
            out.append(f"?x dk:exchangeOutlet {ref(self.outlet)} .")
        if self.topic == "none":
            out.append("FILTER NOT EXISTS { ?x dk:about ?anyTopic }")
        elif self.topic:
            out.append(f"?x dk:about {ref(self.topic)} .")
        return "\n  ".join(out)

    def utterance_clauses(self) -> str:
        """Clauses on an utterance ``?u`` found through :data:`UTTERANCE`: a spokesperson
        filter keeps what they said; outlet and topic filters keep exchanges' turns."""
        out = []
        if self.spokesperson:
            out.append(f"?u dk:answeredBy {ref(self.spokesperson)} .")
        ex = Filters(outlet=self.outlet, topic=self.topic).exchange_clauses()
        if ex:
            out.append("FILTER (BOUND(?x))\n  " + ex)
        return "\n  ".join(out)

    def as_dict(self) -> dict:
        return {k: v for k, v in {"from": self.date_from, "to": self.date_to, "month": self.month,
                                  "spokesperson": self.spokesperson, "outlet": self.outlet,
                                  "topic": self.topic, "government": self.government,
                                  "conference": self.conference,
                                  "min_confidence": self.min_confidence}.items() if v}


def role_filter(role: str | None) -> str:
    """``question``, ``answer``, ``statement``, or ``said``: what the spokespersons said
    (answers and statements)."""
    if not role:
        return ""
    if role == "said":
        return 'FILTER (?role != "question")'
    if role not in ROLES:
        raise BadRequest(f"role: one of said, {', '.join(sorted(ROLES))}, not {role!r}")
    return f'FILTER (?role = "{role}")'


def polarity_term(polarity: str | None) -> str | None:
    if not polarity:
        return None
    if polarity not in POLARITIES:
        raise BadRequest(f"polarity: positive or negative, not {polarity!r}")
    return "dk:" + POLARITIES[polarity]


def response_clause(response: str | None, answer: str = "?a") -> str:
    """Clauses keeping exchanges whose answer ``?a`` has this response type (or any
    deflection: ``deflected``)."""
    if not response:
        return ""
    if response == "deflected":
        return f"?x dk:answer {answer} . {answer} dk:responseType ?rt . FILTER (?rt != dk:Substantive)"
    if response not in RESPONSES:
        raise BadRequest(f"response: one of deflected, {', '.join(sorted(RESPONSES))}, not {response!r}")
    return f"?x dk:answer {answer} . {answer} dk:responseType dk:{response} ."


def values(var: str, iris: list[str]) -> str:
    """A VALUES block of IRIs (each checked by :func:`to_iri`, even those the store gave)."""
    return f"VALUES ?{var} {{ " + " ".join(f"<{to_iri(i)}>" for i in iris) + " }"
