"""Topic cues in Chinese text: the ``skos:hiddenLabel "…"@zh`` triggers of the SKOS scheme.

Chinese has no word boundaries, so a Chinese trigger is matched as a substring (each one is
written to name its topic wherever it occurs: 一带一路, 台独, 新冠), longest first, by a walk
over a character trie of the triggers (Latin letters in lower case: 5G, TikTok). The exchange's topics then follow the English rule
(``kg.nlp.extract.exchange_topics``).
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.extensions import doc_text
from kg.paths import TOPICS_FILE

__all__ = ["ZhTopicCues", "zh_topic_terms", "topic_cues"]


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
def _trie() -> dict:
    trie: dict = {}
    for term, concept in zh_topic_terms().items():
        node = trie
        for ch in term.lower():
            node = node.setdefault(ch, {})
        node[""] = concept
    return trie


def topic_cues(text: str) -> dict[str, list[str]]:
    """Concept -> the triggers found in ``text``, longest first, not overlapping.

    >>> topic_cues("关于“一带一路”和台海局势，新冠疫情。")["taiwan"]
    ['台海']
    """
    trie = _trie()
    low = text.lower()
    if len(low) != len(text):
        low = text
    cues: dict[str, list[str]] = {}
    i, n = 0, len(low)
    while i < n:
        node = trie.get(low[i])
        if node is None:
            i += 1
            continue
        j, best = i + 1, None
        while True:
            if "" in node:
                best = (j, node[""])
            if j >= n or low[j] not in node:
                break
            node = node[low[j]]
            j += 1
        if best is None:
            i += 1
            continue
        cues.setdefault(best[1], []).append(text[i:best[0]])
        i = best[0]
    return cues


@Language.factory("dk_zh_topics")
def _make(nlp: Language, name: str) -> "ZhTopicCues":
    return ZhTopicCues()


class ZhTopicCues:
    def __call__(self, doc: Doc) -> Doc:
        doc._.dk_topics = topic_cues(doc_text(doc))
        return doc
