"""Typed model of what extraction finds, passed from ``kg.nlp.extract`` to ``kg.rdf.mapping``.

Offsets are character offsets into the utterance text (``Turn.text``), so
``text[m.start:m.end] == m.text`` for every mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field


__all__ = ["Entity", "Mention", "ResponseFinding", "StanceFinding", "TurnAnalysis", "ConferenceAnalysis",
           "Correction"]

RESPONSE_TYPES = ("Referral", "NoInformation", "NoComment", "Substantive")


@dataclass(frozen=True)
class Entity:
    """One real-world thing: ``kind`` and ``key`` together make its IRI."""

    kind: str                 # country | organization | person | initiative | place
    key: str                  # ISO alpha-2 for countries, a slug otherwise
    label: str
    qid: str | None = None
    iso2: str | None = None   # countries: their code; people and places: their country
    minted: bool = field(default=False, compare=False)  # not in the gazetteer: named from the text


@dataclass(frozen=True)
class Correction:
    """A researcher's correction of one extracted fact (``kg.corrections``)."""

    source: str                     # the corrections file (a path or URI)
    row: int                        # its line in that file
    kind: str                       # link | stance | response_type | topic
    original: str                   # the value extraction gave ("" when the fact was added)
    value: str                      # the value the correction sets ("none": the fact is removed)
    subject: str = ""               # what it names in its exchange: anchor text, target, topic
    note: str = ""


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    entity: Entity
    how: str          # gazetteer | demonym | metonym | pattern | model | coreference
    confidence: float | None = field(default=None, compare=False)   # kg.nlp.confidence
    correction: Correction | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ResponseFinding:
    type: str                       # one of RESPONSE_TYPES
    evidence: str | None = None     # the sentence that shows a non-substantive move
    start: int | None = None
    end: int | None = None
    rule: str = ""                  # which rule fired (calibration key)
    confidence: float | None = field(default=None, compare=False)
    correction: Correction | None = field(default=None, compare=False)


@dataclass(frozen=True)
class StanceFinding:
    target: Entity
    polarity: str                   # positive | negative
    cue: str                        # the word that carries the stance ("oppose", "should")
    evidence: str                   # the sentence
    start: int
    end: int
    rule: str = ""                  # which rule or model made it (calibration key)
    confidence: float | None = field(default=None, compare=False)
    correction: Correction | None = field(default=None, compare=False)


@dataclass
class TurnAnalysis:
    mentions: list[Mention] = field(default_factory=list)
    responses: list[ResponseFinding] = field(default_factory=list)
    stances: list[StanceFinding] = field(default_factory=list)
    topics: dict[str, list[str]] = field(default_factory=dict)  # concept -> matched terms


@dataclass
class ConferenceAnalysis:
    model: str                                           # spaCy model name, or "none"
    statements: dict[int, TurnAnalysis] = field(default_factory=dict)   # by position
    turns: dict[tuple[int, int], TurnAnalysis] = field(default_factory=dict)  # (exchange, turn)
    topics: dict[int, list[str]] = field(default_factory=dict)  # exchange -> concept local names
    # (exchange, concept) -> how sure; absent: not scored (e.g. a language without calibration)
    topic_confidence: dict[tuple[int, str], float] = field(default_factory=dict)
    topic_corrections: dict[tuple[int, str], Correction] = field(default_factory=dict)
    topic_keys: dict[tuple[int, str], str] = field(default_factory=dict)   # how each was found
    # facts a correction removed, kept as provenance: (where, correction); where is
    # ("s", position) for a statement, ("t", exchange, turn) for a turn, ("x", exchange)
    retracted: list[tuple[tuple, Correction]] = field(default_factory=list)

