"""A small trained stance classifier over (sentence, candidate target) pairs.

The rules of :mod:`kg.nlp.en.stance` are precise but miss criticism and praise that no rule
describes. This classifier sees every pair of an answer sentence and a candidate target
(a named country, person or organisation, or a reference such as "the relevant country")
and gives the probabilities of no stance, a positive and a negative stance, from features
that need no parse (the words of the sentence, the words around the target, whether the
speaker's own voice is there, the kind of target) plus what the rules said of the pair.
It is a multinomial logistic regression trained on the development gold by
``scripts/train_stance.py`` (fixed seed; weights in ``kg/data/stance_model.json``, one
model per extraction pipeline, since the rules differ with and without a parse).

It only adds: a pair the rules left alone becomes a stance when the classifier is sure
(``threshold``, chosen by cross-validation over the dev files); the rules' own stances are
kept (they are better where they fire). Its stances have the rule family ``model``.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache

from kg.paths import DATA_DIR

__all__ = ["features", "StanceModel", "load_model", "MODEL_FILE", "LABELS"]

MODEL_FILE = DATA_DIR / "stance_model.json"
LABELS = ("none", "positive", "negative")
_WORD = re.compile(r"[a-z][a-z'-]*")
_SELF = {"we", "china", "chinese", "i", "our", "us"}


def features(sentence: str, start: int, end: int, kind: str, how: str, rules: list[str]) -> list[str]:
    """Feature strings of one candidate: the target at ``sentence[start:end]``.

    >>> features("We urge Japan to stop.", 8, 13, "country", "gazetteer", ["cue:negative"])[:4]
    ['kind:country', 'how:name', 'rule:cue:negative', 'w:we']
    """
    low = sentence.lower()
    before = _WORD.findall(low[:start])
    after = _WORD.findall(low[end:])
    out = [f"kind:{kind}", f"how:{'reference' if how == 'reference' else 'name'}"]
    out += [f"rule:{r}" for r in rules] or ["rule:none"]
    words = before + after
    out += [f"w:{w}" for w in dict.fromkeys(words)]
    out += [f"b:{w}" for w in before[-3:]] + [f"a:{w}" for w in after[:4]]
    if before[:1] and before[0] in _SELF or _SELF & set(before[:3]):
        out.append("speaker-first")
    if not before:
        out.append("target-first")
    if after[:1] and after[0] in ("should", "must", "needs", "need", "has", "is", "was", "will"):
        out.append(f"then:{after[0]}")
    return out


class StanceModel:
    def __init__(self, weights: dict[str, list[float]], bias: list[float], threshold: float):
        self.weights, self.bias, self.threshold = weights, bias, threshold

    def probabilities(self, feats: list[str]) -> list[float]:
        z = list(self.bias)
        w = self.weights
        for f in feats:
            row = w.get(f)
            if row is not None:
                z[0] += row[0]
                z[1] += row[1]
                z[2] += row[2]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        s = sum(e)
        return [v / s for v in e]


@lru_cache(maxsize=4)
def load_model(pipeline: str) -> StanceModel | None:
    """The trained classifier for an extraction pipeline ("none" or the spaCy model), if any."""
    try:
        data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    m = data.get("models", {}).get(pipeline)
    if not m or m["threshold"] > 1:
        return None     # cross-validation found the rules better alone: nothing to add
    return StanceModel(m["weights"], m["bias"], m["threshold"])
