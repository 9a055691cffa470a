"""Calibrated confidence of extracted facts (``dk:confidence``).

Every extracted fact has a calibration key naming how it was found: a mention
``mention:<kind>:<method>`` (``mention:country:gazetteer``), a stance ``stance:<rule family>``
(``stance:cue``, ``stance:modal:ref`` for a target found through a reference), a response
type ``response:<type>:<rule>`` and a topic ``topic:<q|a>:<rank>`` (cued in the question or
only in the answers; its rank among the exchange's topics).

``kg/data/confidence.json`` holds, per extraction model, the share of facts of each key
that the development gold (``tests/data/gold/dev``) confirms, smoothed toward the share of
the key's family so that a key seen a few times is not trusted blindly:
``(right + 2 * family_share) / (seen + 2)``. It is written by
``scripts/calibrate_confidence.py`` from a build of the dev gold transcripts; ``kg evaluate
--calibration`` shows on any gold set how well the figures hold (of the facts given 0.9 or
more, the share that is right). A key the table does not know gets its family's figure;
a model the table does not know (another language's pipeline) gets no confidence.
"""

from __future__ import annotations

import json
from functools import lru_cache

from kg.paths import DATA_DIR

__all__ = ["confidence", "CONFIDENCE_FILE", "mention_key", "table"]

CONFIDENCE_FILE = DATA_DIR / "confidence.json"


@lru_cache(maxsize=1)
def table() -> dict:
    try:
        return json.loads(CONFIDENCE_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def mention_key(kind: str, how: str) -> str:
    return f"mention:{kind}:{how}"


@lru_cache(maxsize=4096)
def confidence(key: str, model: str) -> float | None:
    """The calibrated confidence of facts found as ``key`` by ``model``; None when uncalibrated.

    >>> confidence("mention:country:gazetteer", "no-such-model") is None
    True
    """
    t = table().get("models", {}).get(model)
    if t is None:
        return None
    k = key
    while k:
        if k in t:
            return t[k]["confidence"]
        k = k.rsplit(":", 1)[0] if ":" in k else ""
    return None
