"""Topic cues: which concepts of the SKOS scheme (``ontology/topics.ttl``) a text touches.

A concept's ``skos:hiddenLabel`` values are its trigger terms, matched case-insensitively
on word boundaries. ``kg.nlp.extract`` turns the cues of a question and its answers into the
exchange's ``dk:about`` topics.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import doc_text

__all__ = ["TopicCues", "topic_terms", "TOPICS_FILE"]

from kg.paths import TOPICS_FILE


@lru_cache(maxsize=1)
def topic_terms() -> dict[str, str]:
    """trigger term (lower case) -> concept local name, read from the SKOS scheme."""
    from kg.rdf.topics import load_topic_terms

    return load_topic_terms(TOPICS_FILE)


def trie_pattern(terms) -> str:
    """One regex alternation for ``terms`` shaped as a trie, longest match first.

    Python's ``re`` tries a flat alternation's branches one by one at every position;
    a trie shares the prefixes, so a position fails after a character or two.

    >>> import re
    >>> p = re.compile(trie_pattern(["human rights", "human", "hong kong"]))
    >>> [m.group(0) for m in p.finditer("human rights in hong kong; humane")]
    ['human rights', 'hong kong', 'human']
    """
    trie: dict = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        return body + "?" if ends else body

    return walk(trie)


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern | None:
    terms = topic_terms()
    if not terms:
        return None
    return re.compile(r"(?<![\w-])" + trie_pattern(terms) + r"(?![\w-])", re.I)


@Language.factory("dk_topics")
def _make(nlp: Language, name: str) -> "TopicCues":
    return TopicCues()


class TopicCues:
    def __call__(self, doc: Doc) -> Doc:
        cues: dict[str, list[str]] = {}
        pat = _pattern()
        if pat is not None:
            terms = topic_terms()
            for m in pat.finditer(doc_text(doc).replace("’", "'")):
                cues.setdefault(terms[m.group(0).lower()], []).append(m.group(0))
        doc._.dk_topics = cues
        return doc


# Deciding an exchange's topics from the cues of its turns (tuned on the development gold:
# a question hit weighs QUESTION_WEIGHT answer hits; a concept needs MIN_SCORE and at least
# RELATIVE of the best concept's score; concepts that accompany many exchanges without being
# their subject weigh less; at most MAX_TOPICS).
QUESTION_WEIGHT = 3
MIN_SCORE = 3
RELATIVE = 0.3
MAX_TOPICS = 3
SECONDARY = {"high-level-visits", "multilateral-diplomacy", "military-and-security",
             "law-enforcement-and-judicial-cases", "media-and-journalists", "consular-protection",
             "territorial-sovereignty", "people-to-people-exchanges"}
SECONDARY_WEIGHT = 0.7


def decide_topics(cues: list[tuple[bool, dict[str, list[str]]]]) -> list[tuple[str, str]]:
    """(concept, how) for an exchange, best first, from each turn's cues (is_question, cues).

    ``how`` is the calibration key of the assignment: ``q`` or ``a`` (cued in the question or
    only in the answers) and the rank.

    >>> decide_topics([(True, {"taiwan": ["Taiwan"]}), (False, {"taiwan": ["Taiwan"], "covid-19": ["COVID-19"]})])
    [('taiwan', 'topic:q:1')]
    """
    score: dict[str, float] = {}
    in_question: set[str] = set()
    for is_question, found in cues:
        for concept, hits in found.items():
            w = QUESTION_WEIGHT if is_question else 1
            if is_question:
                in_question.add(concept)
            score[concept] = score.get(concept, 0) + w * len(hits) * (
                SECONDARY_WEIGHT if concept in SECONDARY else 1)
    if not score:
        return []
    best = max(score.values())
    ranked = sorted(score, key=lambda c: (-score[c], c))
    kept = [c for c in ranked if score[c] >= MIN_SCORE and score[c] >= RELATIVE * best][:MAX_TOPICS]
    broader = _broader()
    kept = [c for c in kept if not any(broader.get(o) == c for o in kept)]
    return [(c, f"topic:{'q' if c in in_question else 'a'}:{k}") for k, c in enumerate(kept, start=1)]


@lru_cache(maxsize=1)
def _broader() -> dict[str, str]:
    """narrower concept -> its broader one, from the scheme."""
    from rdflib import Graph
    from kg.rdf.namespaces import SKOS, TOPIC

    if not TOPICS_FILE.exists():
        return {}
    g = Graph().parse(TOPICS_FILE)
    n = len(str(TOPIC))
    return {str(a)[n:]: str(b)[n:] for a, b in g.subject_objects(SKOS.broader)}
