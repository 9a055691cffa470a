"""SPARQL 1.1 Protocol rules that do not depend on a web framework.

Content negotiation (which result format a client gets), the read-only check, and
running one query on a ``pyoxigraph.Store`` into bytes of a bounded size. The web
layer (:mod:`kg.server.app`) and the query worker processes (:mod:`kg.server.workers`)
both use these, so the rules live in one place and are unit-testable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

__all__ = ["READ_ONLY", "SELECT_FORMATS", "GRAPH_FORMATS", "negotiate", "ProtocolError", "is_update",
           "execute", "Outcome", "FORMAT_ALIASES", "check_services", "ResultWriter"]

# media type -> pyoxigraph format, first one is the default
SELECT_FORMATS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
# other names clients send for the same thing
_SYNONYMS = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json+ld": "application/ld+json",
}
# ?format=… shorthand (not part of the protocol; handy in a browser address bar)
FORMAT_ALIASES = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", None),
    "tsv": ("text/tab-separated-values", None),
    "turtle": (None, "text/turtle"),
    "ttl": (None, "text/turtle"),
    "ntriples": (None, "application/n-triples"),
    "nt": (None, "application/n-triples"),
    "jsonld": (None, "application/ld+json"),
}


READ_ONLY = "this endpoint is read-only: SPARQL Update requests are refused"


class ProtocolError(Exception):
    """A request the endpoint answers with an HTTP error status and a plain-text message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _accept_entries(accept: str | None) -> list[tuple[str, float, int]]:
    """``(media range, q, position)`` from an Accept header, best first."""
    out = []
    for i, part in enumerate((accept or "*/*").split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        out.append((bits[0].lower(), q, i))
    return sorted(out, key=lambda e: (-e[1], _specificity(e[0]), e[2]))


def _specificity(media_range: str) -> int:
    if media_range == "*/*":
        return 2
    if media_range.endswith("/*"):
        return 1
    return 0


def negotiate(accept: str | None, offered: dict, fmt: str | None = None, graph: bool = False) -> str:
    """The media type to answer with, from ``offered`` (first = server's default).

    >>> negotiate("text/csv", SELECT_FORMATS)
    'text/csv'
    >>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", SELECT_FORMATS)
    'application/sparql-results+json'
    >>> negotiate("application/json", SELECT_FORMATS)
    'application/sparql-results+json'
    >>> negotiate("application/n-triples;q=0.5, text/turtle", GRAPH_FORMATS)
    'text/turtle'
    >>> negotiate("text/csv", SELECT_FORMATS, fmt="text/tab-separated-values")
    'text/tab-separated-values'
    """
    if fmt:
        name = fmt.strip().lower()
        name = _SYNONYMS.get(name, name)
        if name in offered:
            return name
        pair = FORMAT_ALIASES.get(name)
        if pair:
            media = pair[1 if graph else 0]
            if not media:
                kinds = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
                names = sorted(k for k, v in FORMAT_ALIASES.items() if v[1 if graph else 0])
                raise ProtocolError(406, f"format={fmt!r} is not available for {kinds} results; "
                                         f"use one of {', '.join(names)}")
            return media
        # an unknown format= value (clients send their own): negotiate from Accept
    default = next(iter(offered))
    for media_range, q, _ in _accept_entries(accept):
        if q <= 0:
            continue
        media_range = _SYNONYMS.get(media_range, media_range)
        if media_range in offered:
            return media_range
        if media_range == "*/*":
            return default
        if media_range.endswith("/*"):
            top = media_range[:-1]
            for media in offered:
                if media.startswith(top):
                    return media
    raise ProtocolError(406, f"none of the accepted types ({accept}) is offered; offered: "
                             f"{', '.join(offered)}")


_PROLOGUE = re.compile(r"""(?:\s+|\#[^\n]*\n?|
                          (?i:PREFIX)\s+[\w.-]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>)*""", re.X)
_UPDATE_VERBS = re.compile(r"(?i)(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b")


def is_update(text: str) -> bool:
    """True when ``text`` is a SPARQL Update request rather than a query.

    >>> is_update("PREFIX ex: <http://e/> # add\\nINSERT DATA { ex:a ex:b ex:c }")
    True
    >>> is_update("SELECT * WHERE { ?s ?p ?o }")
    False
    """
    m = _PROLOGUE.match(text)
    rest = text[m.end():] if m else text
    return bool(_UPDATE_VERBS.match(rest))


def check_services(query: str, allow: frozenset[str] | set[str] = frozenset(), *, base: str | None = None,
                   prefixes: dict[str, str] | None = None) -> None:
    """Refuse a query with a SERVICE clause unless its endpoint is in ``allow``.

    A SERVICE clause makes the server fetch a URL of the client's choosing (the
    server's own network, other local services, itself), so none is run by default.

    >>> check_services("ASK { ?s ?p ?o }")
    >>> check_services("ASK { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    kg.server.protocol.ProtocolError: SPARQL SERVICE (federated query) is refused: this endpoint does not fetch other URLs; start kg serve with --allow-service URL to allow an endpoint (asked for: http://127.0.0.1:9/x)
    """
    from kg.rdf.sparql_text import service_calls

    calls = service_calls(query, base=base, prefixes=prefixes)
    refused = [c for c in calls if c.endpoint is None or c.endpoint not in allow]
    if not refused:
        return
    named = sorted({c.endpoint for c in refused if c.endpoint})
    asked = f" (asked for: {', '.join(named)})" if named else ""
    if not allow:
        raise ProtocolError(403, "SPARQL SERVICE (federated query) is refused: this endpoint does not fetch "
                                 "other URLs; start kg serve with --allow-service URL to allow an endpoint"
                                 + asked)
    if any(c.endpoint is None for c in refused):
        raise ProtocolError(403, "SPARQL SERVICE is allowed only as SERVICE [SILENT] <IRI> with an IRI from "
                                 f"the allow-list ({', '.join(sorted(allow))}); not with a variable or an "
                                 "unusual spelling" + asked)
    raise ProtocolError(403, f"SPARQL SERVICE to {', '.join(named)} is refused: not in the allow-list "
                             f"({', '.join(sorted(allow))})")


class ResultWriter:
    """A file-like sink for ``serialize`` that hands on parts of ``part_bytes`` and refuses
    to grow past ``limit`` bytes in total (``OverflowError``)."""

    def __init__(self, limit: int, emit=None, part_bytes: int = 1 << 20):
        self.limit = limit
        self.emit = emit
        self.part_bytes = part_bytes
        self.parts: list[bytes] = []
        self.pending: list[bytes] = []
        self.pending_size = 0
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise OverflowError("result too large")
        self.pending.append(bytes(data))
        self.pending_size += len(data)
        if self.pending_size >= self.part_bytes:
            self._hand_on()
        return len(data)

    def _hand_on(self) -> None:
        if not self.pending:
            return
        part = b"".join(self.pending)
        self.pending, self.pending_size = [], 0
        if self.emit is None:
            self.parts.append(part)
        else:
            self.emit(part)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._hand_on()

    def getvalue(self) -> bytes:
        self._hand_on()
        return b"".join(self.parts)


@dataclass
class Outcome:
    status: int
    media_type: str
    body: bytes


def execute(store: ox.Store, query: str, *, accept: str | None = None, fmt: str | None = None,
            default_graphs: list[str] = (), named_graphs: list[str] = (),
            prefixes: dict[str, str] | None = None, max_bytes: int = 64 << 20,
            base: str | None = None, allow_service=frozenset(), emit=None) -> Outcome:
    """Run one query and serialise the answer in the negotiated format.

    The dataset follows :func:`kg.rdf.sparql_text.dataset_options`: the protocol's
    ``default-graph-uri``/``named-graph-uri``, else the query's ``FROM``/``FROM NAMED``,
    else the union of all graphs (the facts of every source file), as in ``kg query``.
    Relative IRIs resolve against ``base`` (the endpoint's URL). With ``emit``, the
    serialised result is handed to it in parts as it is written (the returned body is
    then empty); either way it may not pass ``max_bytes``.
    """
    from kg.rdf.sparql_text import dataset_options

    if is_update(query):
        raise ProtocolError(403, READ_ONLY)
    check_services(query, allow_service, base=base, prefixes=prefixes)
    try:
        kwargs = dataset_options(query, default_graphs, named_graphs)
    except ValueError as exc:  # a bad IRI in default-graph-uri / named-graph-uri
        raise ProtocolError(400, str(exc)) from None
    try:
        result = store.query(query, prefixes=prefixes or None, base_iri=base, **kwargs)
    except SyntaxError as exc:
        raise ProtocolError(400, f"malformed query: {exc}") from None
    except ValueError as exc:
        raise ProtocolError(400, str(exc)) from None
    graph = isinstance(result, ox.QueryTriples)
    offered = GRAPH_FORMATS if graph else SELECT_FORMATS
    media = negotiate(accept, offered, fmt, graph=graph)
    out = ResultWriter(max_bytes, emit)
    try:
        result.serialize(out, offered[media])
        out.close()
    except OverflowError:
        raise ProtocolError(413, f"the result is larger than the limit of {max_bytes:,} bytes; "
                                 f"narrow the query or add LIMIT") from None
    except OSError as exc:
        raise ProtocolError(500, f"query failed: {exc}") from None
    charset = "; charset=utf-8" if media.startswith("text/") or "json" in media or "xml" in media else ""
    return Outcome(200, media + charset, b"" if emit else out.getvalue())
