"""What the explorer's charts and counts are computed from: the store's utterances, exchanges,
mentions, stances, outlets, topics and response types, read once per server through the worker
pool (plain SPARQL, one property each) and kept in memory.

The store does not change while ``kg serve`` runs, so an aggregate over this index equals the
same aggregate in SPARQL (the tests check several against the saved queries) and takes
milliseconds instead of seconds: a page loads fast whatever it asks about. The lists behind
the counts are taken from here too; their texts and offsets come from the store for the page
of items shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.server.explorer_queries import P, Filters, to_iri

__all__ = ["ExplorerIndex", "Utterance", "ExchangeRow", "load_index"]

DK = "https://w3id.org/diplokg/ontology#"
ROLE = {DK + "Question": "question", DK + "Answer": "answer"}

QUERIES = {
    "turns": "SELECT DISTINCT ?x ?u ?cls WHERE { ?x dk:turn ?u . ?u a ?cls . "
             "VALUES ?cls { dk:Question dk:Answer } }",
    "exchanges": "SELECT DISTINCT ?c ?x ?pos WHERE { ?c dk:hasExchange ?x . ?x dk:position ?pos }",
    "statements": "SELECT DISTINCT ?c ?u WHERE { ?c dk:hasStatement ?u }",
    "conferences": "SELECT DISTINCT ?c ?d ?g WHERE { ?c dk:date ?d . OPTIONAL { ?c dk:government ?g } }",
    "speakers": "SELECT DISTINCT ?u ?sp WHERE { ?u dk:answeredBy ?sp }",
    "mentions": "SELECT DISTINCT ?u ?e WHERE { ?u dk:mentions ?e }",
    "stances": "SELECT DISTINCT ?s ?u ?t ?p ?conf WHERE { ?u dk:expressesStance ?s . ?s dk:target ?t ; dk:polarity ?p . "
               "OPTIONAL { ?s dk:confidence ?conf } }",
    "outlets": "SELECT DISTINCT ?x ?o WHERE { ?x dk:exchangeOutlet ?o }",
    "topics": "SELECT DISTINCT ?x ?t WHERE { ?x dk:about ?t }",
    "responses": "SELECT DISTINCT ?x ?r WHERE { ?x dk:answer ?a . ?a dk:responseType ?r }",
    "mentioned": "SELECT DISTINCT ?x ?e WHERE { ?x dk:exchangeMentions ?e }",
}


@dataclass
class Utterance:
    iri: str
    role: str                      # question | answer | statement
    conference: str
    exchange: str | None
    date: str | None
    speaker: str | None = None     # who answered or stated it
    entities: set[str] = field(default_factory=set)

    @property
    def month(self) -> str | None:
        return self.date[:7] if self.date else None


@dataclass
class ExchangeRow:
    iri: str
    conference: str
    position: int
    date: str | None
    outlet: str | None = None
    spokesperson: str | None = None
    topics: set[str] = field(default_factory=set)
    responses: set[str] = field(default_factory=set)     # local names: Referral, NoInformation...
    entities: set[str] = field(default_factory=set)      # mentioned in any of its turns
    asked: set[str] = field(default_factory=set)         # mentioned in its question turns

    @property
    def month(self) -> str | None:
        return self.date[:7] if self.date else None

    @property
    def deflected(self) -> bool:
        return bool(self.responses - {"Substantive"})


@dataclass
class Stance:
    iri: str
    utterance: Utterance
    target: str
    polarity: str                  # positive | negative
    confidence: float | None = None    # dk:confidence (calibrated), None when the store has none


class ExplorerIndex:
    def __init__(self) -> None:
        self.utterances: dict[str, Utterance] = {}
        self.exchanges: dict[str, ExchangeRow] = {}
        self.government: dict[str, str] = {}
        self.by_entity: dict[str, list[Utterance]] = defaultdict(list)
        self.stances: dict[str, list[Stance]] = defaultdict(list)      # by target
        self.by_speaker: dict[str, list[Utterance]] = defaultdict(list)

    # -- filters ------------------------------------------------------------------------------
    def keeps_conference(self, f: Filters, conference: str, date: str | None) -> bool:
        if (f.date_from or f.date_to or f.month) and not date:
            return False
        if f.date_from and date < f.date_from or f.date_to and date > f.date_to:
            return False
        if f.month and date[:7] != f.month:
            return False
        if f.government and self.government.get(conference) != to_iri(f.government):
            return False
        return not f.conference or conference == to_iri(f.conference)

    def keeps_exchange(self, f: Filters, x: ExchangeRow) -> bool:
        if not self.keeps_conference(f, x.conference, x.date):
            return False
        if f.spokesperson and x.spokesperson != to_iri(f.spokesperson):
            return False
        if f.outlet == "none":
            if x.outlet:
                return False
        elif f.outlet and x.outlet != to_iri(f.outlet):
            return False
        if f.topic == "none":
            return not x.topics
        return not f.topic or to_iri(f.topic) in x.topics

    def keeps_utterance(self, f: Filters, u: Utterance, role: str | None = None) -> bool:
        """As the charts count: a spokesperson filter keeps what they said; outlet and topic
        filters keep the turns of exchanges they keep; ``role`` (or ``said``) the kind."""
        if role == "said" and u.role == "question" or role not in (None, "said") and u.role != role:
            return False
        if not self.keeps_conference(f, u.conference, u.date):
            return False
        if f.spokesperson and u.speaker != to_iri(f.spokesperson):
            return False
        if f.outlet or f.topic:
            x = self.exchanges.get(u.exchange) if u.exchange else None
            if x is None or not self.keeps_exchange(Filters(outlet=f.outlet, topic=f.topic), x):
                return False
        return True

    @staticmethod
    def keeps_stance(f: Filters, st: Stance) -> bool:
        """A stance at least as sure as ``f.min_confidence`` (one without dk:confidence is kept
        only when no threshold is set)."""
        return not f.min_confidence or (st.confidence is not None and st.confidence >= f.min_confidence)

    def exchanges_where(self, f: Filters, entity: str | None = None, asked: bool = False,
                        with_entity: str | None = None, response: str | None = None,
                        source=None) -> list[ExchangeRow]:
        out = []
        for x in (source if source is not None else self.exchanges.values()):
            if entity and entity not in (x.asked if asked else x.entities):
                continue
            if with_entity and with_entity not in x.entities:
                continue
            if response == "deflected" and not x.deflected or response not in (None, "deflected") and response not in x.responses:
                continue
            if self.keeps_exchange(f, x):
                out.append(x)
        return out


def _order(iri: str) -> tuple:
    head, sep, rest = iri.partition("/exchange/")
    if sep:
        return (head, 1, *[int(p) for p in rest.split("/") if p.isdigit()])
    head, sep, rest = iri.partition("/statement/")
    return (head, 0 if sep else 2, *[int(p) for p in rest.split("/") if p.isdigit()])


def load_index(rows) -> ExplorerIndex:
    """The index from ``rows(sparql) -> [dict]`` (the worker pool, in kg serve)."""
    q = {name: rows(P + text) for name, text in QUERIES.items()}
    idx = ExplorerIndex()
    dates = {}
    for r in q["conferences"]:
        dates[r["c"]] = r.get("d")
        if r.get("g"):
            idx.government[r["c"]] = r["g"]
    for r in q["exchanges"]:
        idx.exchanges[r["x"]] = ExchangeRow(r["x"], r["c"], int(r["pos"]), dates.get(r["c"]))
    for r in q["turns"]:
        x = idx.exchanges.get(r["x"])
        if x is not None and r["u"] not in idx.utterances:
            idx.utterances[r["u"]] = Utterance(r["u"], ROLE[r["cls"]], x.conference, x.iri, x.date)
    for r in q["statements"]:
        idx.utterances.setdefault(r["u"], Utterance(r["u"], "statement", r["c"], None, dates.get(r["c"])))
    for r in q["speakers"]:
        u = idx.utterances.get(r["u"])
        if u is not None and u.role != "question":
            u.speaker = r["sp"]
            idx.by_speaker[r["sp"]].append(u)
            if u.exchange and u.role == "answer":
                idx.exchanges[u.exchange].spokesperson = r["sp"]
    for r in q["mentions"]:
        u = idx.utterances.get(r["u"])
        if u is not None:
            u.entities.add(r["e"])
            idx.by_entity[r["e"]].append(u)
            if u.role == "question" and u.exchange:
                idx.exchanges[u.exchange].asked.add(r["e"])
    for r in q["stances"]:
        u = idx.utterances.get(r["u"])
        if u is not None:
            conf = float(r["conf"]) if r.get("conf") else None
            idx.stances[r["t"]].append(Stance(r["s"], u, r["t"], r["p"].rsplit("#", 1)[-1].lower(), conf))
    for name, attr in (("outlets", "outlet"),):
        for r in q[name]:
            if r["x"] in idx.exchanges:
                setattr(idx.exchanges[r["x"]], attr, r["o"])
    for r in q["topics"]:
        if r["x"] in idx.exchanges:
            idx.exchanges[r["x"]].topics.add(r["t"])
    for r in q["responses"]:
        if r["x"] in idx.exchanges:
            idx.exchanges[r["x"]].responses.add(r["r"].rsplit("#", 1)[-1])
    for r in q["mentioned"]:
        if r["x"] in idx.exchanges:
            idx.exchanges[r["x"]].entities.add(r["e"])
    for lst in (*idx.by_entity.values(), *idx.by_speaker.values()):
        lst.sort(key=lambda u: (u.date or "", _order(u.iri)))
    return idx
