"""Typed model of what extraction finds, passed from ``kg.nlp.extract`` to ``kg.rdf.mapping``.

Offsets are character offsets into the utterance text (``Turn.text``), so
``text[m.start:m.end] == m.text`` for every mention.
"""

from __future__ import annotations

from dataclasses import dataclass, field


__all__ = ["Entity", "Mention", "ResponseFinding", "StanceFinding", "TurnAnalysis", "ConferenceAnalysis"]

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
class Mention:
    start: int
    end: int
    text: str
    entity: Entity
    how: str          # gazetteer | demonym | metonym | model | coreference


@dataclass(frozen=True)
class ResponseFinding:
    type: str                       # one of RESPONSE_TYPES
    evidence: str | None = None     # the sentence that shows a non-substantive move
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class StanceFinding:
    target: Entity
    polarity: str                   # positive | negative
    cue: str                        # the word that carries the stance ("oppose", "should")
    evidence: str                   # the sentence
    start: int
    end: int


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
