"""What a SPARQL query's text asks for, read at the level of its tokens.

pyoxigraph runs a query as it is given: it offers no switch that turns federated
``SERVICE`` calls off and no way to see a parsed query's dataset. This module reads a
query the way a SPARQL lexer does (comments, strings, IRIs, variables and names are
told apart), so that

- :func:`service_calls` finds every ``SERVICE`` clause however it is written (any case,
  after comments, in nested groups, with no space before the name as in ``SERVICE:x``
  or ``SERVICESILENT``), and names its endpoint when the name is written plainly;
- :func:`has_dataset_clause` tells whether the query names its own dataset (``FROM`` /
  ``FROM NAMED``), and :func:`dataset_options` turns that and the protocol's
  ``default-graph-uri`` / ``named-graph-uri`` into ``pyoxigraph.Store.query`` options.

Words are read conservatively: any name that holds the letters ``service`` outside the
local part of a prefixed name counts as a SERVICE keyword, so a query is refused
rather than run when in doubt.

>>> [c.endpoint for c in service_calls("SELECT * { SERVICE <http://e.org/sparql> { ?s ?p ?o } }")]
['http://e.org/sparql']
>>> [c.endpoint for c in service_calls("ASK { ?s ?p ?o #SERVICE <http://x/>\\n }")]
[]
>>> [c.endpoint for c in service_calls("ASK { sErViCe silent ?where { ?s ?p ?o } }")]
[None]
>>> has_dataset_clause("SELECT * FROM <http://g/1> { ?s ?p ?o }"), has_dataset_clause("SELECT ?from { ?from ?p ?o }")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

__all__ = ["Token", "tokens", "service_calls", "ServiceCall", "has_dataset_clause", "dataset_options",
           "STORE_BASE"]

# the base IRI ``kg query`` resolves relative IRIs against: every IRI diplokg mints is under it,
# so <graph/summary> is https://w3id.org/diplokg/graph/summary
STORE_BASE = "https://w3id.org/diplokg/"

_PUNCT = r"\s{}()\[\];,<>\"'?$@#^|!&=+*/\\~`"
_TOKEN = re.compile(rf"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:(?:\"|\"\")?(?:[^\"\\]|\\.))*\"\"\"
             |'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
             |\"(?:[^\"\\\r\n]|\\.)*\"
             |'(?:[^'\\\r\n]|\\.)*')
  | (?P<iri><[^<>\"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][^{_PUNCT}.\-:]*)
  | (?P<lang>@[^{_PUNCT}]*)
  | (?P<word>(?:[^{_PUNCT}.\-]|\\.)(?:[^{_PUNCT}]|\\.)*)
  | (?P<punct>\S)
""", re.X | re.S)
_SPACE = re.compile(r"\s*")


@dataclass(frozen=True)
class Token:
    kind: str     # comment, string, iri, var, lang, word, punct
    text: str
    start: int


def tokens(query: str, comments: bool = False) -> list[Token]:
    """The query's tokens (comments left out unless asked for).

    >>> [(t.kind, t.text) for t in tokens('ASK{?s<p>"}#"}# c\\n}')]
    [('word', 'ASK'), ('punct', '{'), ('var', '?s'), ('iri', '<p>'), ('string', '"}#"'), ('punct', '}'), ('punct', '}')]
    """
    out, pos, n = [], 0, len(query)
    while True:
        pos = _SPACE.match(query, pos).end()
        if pos >= n:
            return out
        m = _TOKEN.match(query, pos)
        kind = m.lastgroup
        if kind != "comment" or comments:
            out.append(Token(kind, m.group(), pos))
        pos = m.end()


def _keyword_part(word: str) -> str:
    """The part of a word that can hold a keyword: all of it, or what precedes the first
    colon of a prefixed name (a lexer reads the local part after the colon greedily)."""
    return word.split(":", 1)[0].lower()


@dataclass(frozen=True)
class ServiceCall:
    """One SERVICE clause: where it is and the endpoint IRI (None when not written plainly)."""
    start: int
    silent: bool
    endpoint: str | None


_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\(.)")


def _unescape_iri(text: str) -> str:
    return _UNICODE_ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)


def _prologue(toks: list[Token], base: str | None, prefixes: dict[str, str] | None):
    """BASE and PREFIX declarations of the query, on top of the given ones."""
    names = dict(prefixes or {})
    for i, t in enumerate(toks):
        if t.kind != "word":
            continue
        low = t.text.lower()
        if low == "base" and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            iri = _unescape_iri(toks[i + 1].text[1:-1])
            base = urljoin(base, iri) if base else iri
        elif low == "prefix" and i + 2 < len(toks) and toks[i + 2].kind == "iri" \
                and toks[i + 1].kind == "word" and toks[i + 1].text.endswith(":"):
            iri = _unescape_iri(toks[i + 2].text[1:-1])
            names[toks[i + 1].text[:-1]] = urljoin(base, iri) if base else iri
    return base, names


def _resolve(tok: Token, base: str | None, prefixes: dict[str, str]) -> str | None:
    if tok.kind == "iri":
        iri = _unescape_iri(tok.text[1:-1])
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
            return iri
        return urljoin(base, iri) if base else None
    if tok.kind == "word" and ":" in tok.text:
        prefix, local = tok.text.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)
    return None


def service_calls(query: str, *, base: str | None = None,
                  prefixes: dict[str, str] | None = None) -> list[ServiceCall]:
    """Every SERVICE clause of ``query`` (see the module docstring for how words are read).

    The endpoint is resolved against the query's BASE/PREFIX declarations, then ``base``
    and ``prefixes``; it is None for a variable, or when the clause is not written as
    ``SERVICE [SILENT] <iri>|prefix:name``.

    >>> [c.endpoint for c in service_calls("ASK { SERVICE:x {} }", prefixes={"": "http://h/"})]
    [None]
    >>> [c.endpoint for c in service_calls("PREFIX e: <http://h/> ASK { SERVICE SILENT e:q {} }")]
    ['http://h/q']
    >>> service_calls("ASK { ?s <http://e/customerService> ?o . ?x ex:service ?y }")
    []
    """
    toks = tokens(query)
    base, names = _prologue(toks, base, prefixes)
    out = []
    for i, t in enumerate(toks):
        if t.kind not in ("word", "lang") or "service" not in _keyword_part(t.text.lstrip("@")):
            continue
        endpoint, silent = None, False
        if t.kind == "word" and t.text.lower() == "service":
            j = i + 1
            if j < len(toks) and toks[j].kind == "word" and toks[j].text.lower() == "silent":
                silent, j = True, j + 1
            if j < len(toks):
                endpoint = _resolve(toks[j], base, names)
        out.append(ServiceCall(t.start, silent, endpoint))
    return out


_FROM = re.compile(r"(?i)from(named)?(:|$)")


def has_dataset_clause(query: str) -> bool:
    """True when the query has a ``FROM`` or ``FROM NAMED`` clause of its own.

    >>> has_dataset_clause("SELECT * FROM NAMED <g> { GRAPH ?g { ?s ?p ?o } }")
    True
    >>> has_dataset_clause("SELECT * { ?s ?p 'FROM <g>' }")
    False
    """
    return any(t.kind == "word" and _FROM.match(t.text) for t in tokens(query))


def dataset_options(query: str, default_graphs=(), named_graphs=()) -> dict:
    """``pyoxigraph.Store.query`` keyword arguments for the query's RDF dataset.

    As the SPARQL 1.1 Protocol says, a dataset given with the request
    (``default-graph-uri`` / ``named-graph-uri``) replaces the query's own ``FROM`` /
    ``FROM NAMED``; a query's own dataset is used as written; with neither, the default
    graph is the union of all graphs (diplokg's convention: each source file is a graph).

    >>> dataset_options("ASK {}")
    {'use_default_graph_as_union': True}
    >>> dataset_options("ASK FROM <http://g/1> {}")
    {}
    >>> sorted(dataset_options("ASK {}", named_graphs=["http://g/1"]))
    ['default_graph', 'named_graphs']
    """
    import pyoxigraph as ox

    if default_graphs or named_graphs:
        return {"default_graph": [ox.NamedNode(g) for g in default_graphs],
                "named_graphs": [ox.NamedNode(g) for g in named_graphs]}
    if has_dataset_clause(query):
        return {}
    return {"use_default_graph_as_union": True}
