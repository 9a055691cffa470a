"""The Chinese extraction pipeline: a blank Chinese spaCy pipeline with character tokens and
the diplokg Chinese components (gazetteer and rules: no statistical model)."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from kg.nlp import extensions

__all__ = ["make_zh_pipeline", "ZH_MODEL"]

# what a Chinese document's build records as its extraction model
ZH_MODEL = "diplokg-zh-rules"


@lru_cache(maxsize=1)
def make_zh_pipeline() -> Language:
    """Tokens and sentences (:class:`~kg.nlp.zh.tokenizer.CharTokenizer`), then mentions,
    response types, topics and stances (the stance component runs after the mentions of a
    whole transcript are known; see :func:`kg.nlp.zh.analyse_zh`)."""
    from kg.nlp.zh import entities, response_type, stance, topics  # noqa: F401 (register)
    from kg.nlp.zh.tokenizer import CharTokenizer

    extensions.register()
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("dk_zh_gazetteer")
    nlp.add_pipe("dk_zh_response_type")
    nlp.add_pipe("dk_zh_topics")
    nlp.add_pipe("dk_zh_stance")
    return nlp
