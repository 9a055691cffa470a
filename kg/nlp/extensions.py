"""The custom ``Doc`` attributes the diplokg components read and write."""

from __future__ import annotations

from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

ATTRS = ("dk_mentions", "dk_capitals", "dk_responses", "dk_stances", "dk_topics")


def register() -> None:
    for name in ATTRS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def mentions(doc: Doc) -> list:
    if doc._.dk_mentions is None:
        doc._.dk_mentions = []
    return doc._.dk_mentions


def covered(doc: Doc, start: int, end: int) -> bool:
    """Whether the character range overlaps a mention already found."""
    return any(m.start < end and start < m.end for m in mentions(doc)) or any(
        span.start_char < end and start < span.end_char for span, _ in (doc._.dk_capitals or []))


def set_home_country(doc: Doc, iso: str) -> Doc:
    """Say whose government speaks in ``doc`` (its own country is never a stance target)."""
    doc.user_data["dk_home"] = iso
    return doc


def home_country(doc: Doc, default: str = "CN") -> str:
    """The ISO code of the government that speaks in ``doc`` (:func:`set_home_country`)."""
    return doc.user_data.get("dk_home", default)


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get("dk_text")
    if text is None:
        text = doc.user_data["dk_text"] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Give :func:`doc_text` the text ``doc`` was made from (so it is never rebuilt)."""
    doc.user_data["dk_text"] = text
    return doc


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character (start, end) of each sentence, computed once per doc."""
    bounds = doc.user_data.get("dk_sentences")
    if bounds is None:
        # from arrays: iterating doc.sents builds a Token object per token
        rows = doc.to_array([IDX, LENGTH, SENT_START]).tolist()
        firsts = [k for k, (_, _, s) in enumerate(rows) if s == 1 or k == 0]
        bounds = []
        for a, b in zip(firsts, firsts[1:] + [len(rows)]):
            if b > a:
                bounds.append((rows[a][0], rows[b - 1][0] + rows[b - 1][1]))
        doc.user_data["dk_sentences"] = bounds
    return bounds
