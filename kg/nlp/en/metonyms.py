"""Capital cities: the government when they act ("Washington said"), a place otherwise.

A capital that is the subject of a clause, owns something ("Tokyo's position") or is
one side of "between Beijing and Washington" stands for its country's government. One
that follows a preposition of place ("a meeting in Beijing") is the city. Without a
parse (``--model none``) the word after the name decides: a reporting or modal verb
makes it the government.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.analysis import Mention
from kg.nlp.gazetteer import gazetteer, minted
from kg.nlp.extensions import mentions

__all__ = ["CapitalMetonyms", "is_government"]

PLACE_PREPS = {"in", "at", "from", "to", "into", "near", "via", "outside", "around", "across",
               "through", "toward", "towards", "inside", "within", "visit", "visited", "visiting",
               "visits", "arrive", "arrived", "arrives", "arriving", "leave", "left", "reach"}
ACTING_WORDS = {"said", "says", "say", "has", "have", "had", "is", "was", "will", "would", "should",
                "must", "can", "could", "may", "might", "claims", "claimed", "announced", "announces",
                "accused", "accuses", "insists", "insisted", "wants", "wanted", "continues",
                "continued", "keeps", "kept", "decided", "decides", "refused", "refuses", "stated",
                "stressed", "believes", "hopes", "hoped", "urged", "urges", "warned", "warns",
                "threatened", "threatens", "imposed", "imposes", "does", "did", "needs", "tried",
                "tries", "sent", "sends", "made", "makes", "took", "takes", "also", "still"}


@Language.factory("dk_metonyms")
def _make(nlp: Language, name: str) -> "CapitalMetonyms":
    return CapitalMetonyms()


class CapitalMetonyms:
    def __call__(self, doc: Doc) -> Doc:
        found = mentions(doc)
        g = gazetteer()
        for span, country in doc._.dk_capitals or []:
            if is_government(span):
                found.append(Mention(span.start_char, span.end_char, span.text, country, "metonym"))
            else:
                known = [a.entity for a in g.lookup(span.text) if a.entity.kind == "place"]
                place = known[0] if known else minted("place", span.text, country.iso2)
                found.append(Mention(span.start_char, span.end_char, span.text, place, "gazetteer"))
        doc._.dk_capitals = []
        found.sort(key=lambda m: m.start)
        return doc


def is_government(span: Span) -> bool:
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.text in ("'s", "’s"):
        return True
    if prev is not None and prev.lower_ in PLACE_PREPS:
        return False
    if prev is not None and prev.lower_ in ("between", "and") and _pairs_with_government(span):
        return True
    if doc.has_annotation("DEP"):
        root = span.root
        if root.dep_ in ("nsubj", "nsubjpass"):
            return True
        return root.dep_ == "conj" and root.head.dep_ in ("nsubj", "nsubjpass")
    return nxt is not None and nxt.lower_ in ACTING_WORDS


def _pairs_with_government(span: Span) -> bool:
    """"between Beijing and Washington": a capital paired with another capital or country."""
    doc = span.doc
    window = doc[max(0, span.start - 4):min(len(doc), span.end + 4)]
    return any(t.lower_ in ("between", "and") for t in window) and sum(
        1 for m in mentions(doc) if window.start_char <= m.start < window.end_char) + sum(
        1 for s, _ in doc._.dk_capitals or [] if window.start_char <= s.start_char < window.end_char) >= 2
