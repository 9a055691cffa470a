"""Extraction as spaCy pipeline components, one concern each.

=====================  =====================================================  ==========================
component              reads                                                  writes
=====================  =====================================================  ==========================
``dk_gazetteer``       tokens                                                 ``doc._.dk_mentions``,
                                                                              ``doc._.dk_capitals``
``dk_metonyms``        ``doc._.dk_capitals``, the parse when there is one     ``doc._.dk_mentions``
``dk_model_entities``  ``doc.ents`` (statistical NER; absent with --model none) ``doc._.dk_mentions``
``dk_response_type``   sentences                                              ``doc._.dk_responses``
``dk_topics``          text                                                   ``doc._.dk_topics``
``dk_stance``          sentences, ``doc._.dk_mentions``, the parse            ``doc._.dk_stances``
=====================  =====================================================  ==========================

Short references to people ("Pompeo" after "Mike Pompeo") are resolved across a whole
transcript by :func:`kg.nlp.en.people.resolve_short_names`, between the pipeline and the stance
component (``kg.nlp.extract`` runs them in that order).

Only this package and ``kg.nlp.extract`` speak spaCy.
"""

from __future__ import annotations


__all__ = ["make_pipeline", "model_available"]


def __getattr__(name: str):
    # lazily: importing kg.nlp.gazetteer (or the typed model) must not load spaCy
    if name in ("make_pipeline", "model_available"):
        from kg.nlp import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
