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
