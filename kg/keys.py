"""Keys that IRIs are minted from: plain strings, no RDF library needed."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["slug"]

_SLUG_DROP = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII slug: ``"Bloomberg News"`` -> ``"bloomberg-news"``.

    >>> slug("Agence France-Presse")
    'agence-france-presse'
    >>> slug("  Xinhua News Agency ")
    'xinhua-news-agency'
    >>> slug("路透社")
    'u35f89a8fe111'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = _SLUG_DROP.sub("-", folded.lower()).strip("-")
    if not out:
        # nothing ASCII to keep (e.g. a label in another script): a stable hash instead
        out = "u" + hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:12]
    return out
