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
transcript by :func:`kg.nlp.people.resolve_short_names`, between the pipeline and the stance
component (``kg.extract`` runs them in that order).

Only this package and ``kg.extract`` speak spaCy.
"""

from __future__ import annotations

from .pipeline import make_pipeline, model_available

__all__ = ["make_pipeline", "model_available"]
