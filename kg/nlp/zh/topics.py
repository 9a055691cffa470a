"""Topic cues in Chinese text: the ``skos:hiddenLabel "…"@zh`` triggers of the SKOS scheme.

Chinese has no word boundaries, so a Chinese trigger is matched as a substring (each one is
written to name its topic wherever it occurs: 一带一路, 台独, 新冠). One trie-shaped regex finds
them all, longest first. The exchange's topics then follow the English rule
(``kg.nlp.extract.exchange_topics``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import doc_text
from kg.nlp.topics import trie_pattern
from kg.paths import TOPICS_FILE

__all__ = ["ZhTopicCues", "zh_topic_terms"]


@lru_cache(maxsize=1)
def zh_topic_terms() -> dict[str, str]:
    """Chinese trigger -> concept local name.

    >>> zh_topic_terms()["一带一路"]
    'belt-and-road'
    """
    from rdflib import Graph
    from rdflib.namespace import SKOS

    from kg.rdf.namespaces import TOPIC

    if not TOPICS_FILE.exists():
        return {}
    g = Graph().parse(TOPICS_FILE)
    return {str(t): str(c)[len(str(TOPIC)):] for c, t in g.subject_objects(SKOS.hiddenLabel)
            if getattr(t, "language", None) == "zh"}


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern | None:
    terms = zh_topic_terms()
    return re.compile(trie_pattern(terms), re.I) if terms else None


@Language.factory("dk_zh_topics")
def _make(nlp: Language, name: str) -> "ZhTopicCues":
    return ZhTopicCues()


class ZhTopicCues:
    def __call__(self, doc: Doc) -> Doc:
        cues: dict[str, list[str]] = {}
        pat = _pattern()
        if pat is not None:
            terms = zh_topic_terms()
            for m in pat.finditer(doc_text(doc)):
                concept = terms.get(m.group(0)) or terms.get(m.group(0).upper())
                if concept:
                    cues.setdefault(concept, []).append(m.group(0))
        doc._.dk_topics = cues
        return doc
