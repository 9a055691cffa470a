"""The custom ``Doc`` attributes the diplokg components read and write."""

from __future__ import annotations

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
