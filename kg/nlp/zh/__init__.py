"""Chinese extraction: spaCy components over Chinese text, one concern each.

========================  ==========================================  =======================
component                 reads                                       writes
========================  ==========================================  =======================
``dk_zh_gazetteer``       text (character trie of the zh gazetteer)   ``doc._.dk_mentions``
``dk_zh_response_type``   sentences                                   ``doc._.dk_responses``
``dk_zh_topics``          text (``@zh`` triggers of the SKOS scheme)  ``doc._.dk_topics``
``dk_zh_stance``          clauses, ``doc._.dk_mentions``              ``doc._.dk_stances``
========================  ==========================================  =======================

The pipeline (:func:`~kg.nlp.zh.pipeline.make_zh_pipeline`) is a blank Chinese spaCy
pipeline whose tokens are characters (:mod:`kg.nlp.zh.tokenizer`): names are matched
character by character over a trie of the gazetteer, so no word segmentation is needed. It produces the same typed
analysis (:mod:`kg.analysis`) as the English pipeline, with the entities of the English
gazetteer, so one entity is one IRI in both languages.
"""

from __future__ import annotations

__all__ = ["analyse_zh"]


def analyse_zh(texts: list[str], is_answer: list[bool], home: str = "CN",
               context: list[list[int]] | None = None):
    """Analyse one document's utterances: mentions and topics of each, then response types
    and stances of the answers. Returns one :class:`~kg.analysis.TurnAnalysis` per text.

    ``context`` gives, per utterance, the utterances its references resolve in (an answer's
    question): 有关国家, 个别国家 in an answer stand for the one foreign country its question names
    (:func:`~kg.nlp.zh.stance.reference_mentions`), for the stance rules only."""
    from kg.analysis import TurnAnalysis
    from kg.nlp.extensions import remember_text, set_home_country
    from kg.nlp.zh.pipeline import make_zh_pipeline

    nlp = make_zh_pipeline()
    made = [set_home_country(remember_text(nlp.make_doc(t), t), home) for t in texts]
    with nlp.select_pipes(disable=["dk_zh_stance", "dk_zh_response_type"]):
        docs = list(nlp.pipe(made))
    from kg.nlp.zh.entities import resolve_short_forms, resolve_surnames

    found = [list(doc._.dk_mentions or []) for doc in docs]
    resolve_short_forms(texts, found)
    resolve_surnames(texts, found)
    for doc, ms in zip(docs, found):
        doc._.dk_mentions = ms
    stance, response = nlp.get_pipe("dk_zh_stance"), nlp.get_pipe("dk_zh_response_type")
    from kg.nlp.zh.stance import reference_mentions

    out = []
    for i, (doc, answer) in enumerate(zip(docs, is_answer)):
        ta = TurnAnalysis(mentions=list(doc._.dk_mentions or []), topics=doc._.dk_topics or {})
        if answer:
            response(doc)
            asked = [(texts[j], found[j]) for j in (context[i] if context else [])]
            refs = reference_mentions(texts[i], found[i], asked, home)
            if refs:     # references are no mentions: the stance rules see them, the graph does not
                doc._.dk_mentions = sorted(found[i] + refs, key=lambda m: m.start)
            stance(doc)
            doc._.dk_mentions = found[i]
            ta.responses = list(doc._.dk_responses or [])
            ta.stances = list(doc._.dk_stances or [])
        out.append(ta)
    return out
