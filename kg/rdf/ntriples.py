"""RDF terms as N-Triples text (one line per triple, valid in N-Quads and SPARQL alike)."""

from __future__ import annotations

from rdflib import BNode, Literal, URIRef

__all__ = ["nt"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def nt(term) -> str:
    """One term in N-Triples syntax.

    >>> nt(Literal('a "b"\\nc'))
    '"a \\\\"b\\\\"\\\\nc"'
    >>> nt(Literal(5))
    '"5"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> nt(Literal("x", lang="en")), nt(URIRef("http://e/x"))
    ('"x"@en', '<http://e/x>')
    """
    kind = type(term)              # exact type first: isinstance is slower on the hot path
    if kind is URIRef:
        return f"<{term}>"
    if kind is Literal or isinstance(term, Literal):
        return _literal(term)
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def _literal(term: Literal) -> str:
    text = f'"{str(term).translate(_ESCAPES)}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype and str(term.datatype) != _XSD_STRING:
        return f"{text}^^<{term.datatype}>"
    return text
