"""Copy the graph, named graphs included, into a remote store (``kg push URL``).

Uses the SPARQL 1.1 Graph Store HTTP Protocol: for each named graph, the first batch of
N-Triples is sent with PUT ``URL?graph=IRI`` (which replaces that graph on the remote) and
further batches with POST (which adds). Pushing the same store twice leaves the remote
unchanged. Graphs the remote holds but the store does not are left alone.

Every request has a deadline that covers all of it, from connecting to the last byte
of the answer (``timeout``), so a server that trickles its answer cannot hold a push;
``deadline`` bounds the whole push. Credentials written in the URL
(``https://user:password@host/...``) are sent as HTTP Basic authentication and never
printed: messages show the URL with the password replaced by ``***``.
"""

from __future__ import annotations

import base64
import http.client
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass

from kg.progress import progress
from kg.rdf.store import KGStore

__all__ = ["push", "PushReport", "PushError", "redact"]

BATCH_TRIPLES = 20_000


class PushError(Exception):
    """The remote refused, failed or could not be reached; names the URL and what happened."""


@dataclass
class PushReport:
    graphs: int = 0
    triples: int = 0
    requests: int = 0


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***``.

    >>> redact("https://ann:s3cret@db.example:7200/repositories/x?graph=g")
    'https://ann:***@db.example:7200/repositories/x?graph=g'
    >>> redact("http://127.0.0.1:7878/store")
    'http://127.0.0.1:7878/store'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


@dataclass
class _Target:
    scheme: str
    host: str
    port: int | None
    path: str          # path and query, without the graph parameter
    auth: str | None   # "Basic ..." header value
    shown: str         # the URL as printed (password hidden)


def _target(url: str) -> _Target:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{redact(url)}: not an http(s) URL of a Graph Store Protocol endpoint "
                         "(e.g. http://127.0.0.1:7878/store)")
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{redact(url)}: the port is not a number") from None
    auth = None
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        auth = "Basic " + base64.b64encode(f"{user}:{password}".encode("utf-8")).decode("ascii")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(parts.scheme, parts.hostname, port, path, auth, redact(url))


class _Clock:
    """The time left of a request's own limit and of the whole push's deadline."""

    def __init__(self, timeout: float, push_ends: float | None):
        self.timeout = timeout
        self.ends = time.monotonic() + timeout
        self.push_ends = push_ends

    def left(self) -> float:
        end = self.ends if self.push_ends is None else min(self.ends, self.push_ends)
        return end - time.monotonic()

    def why(self) -> str:
        if self.push_ends is not None and self.push_ends < self.ends:
            return "the push ran past its --deadline"
        return f"no complete answer within --timeout {self.timeout:g} s"


def _send(method: str, target: _Target, graph: str, body: bytes, clock: _Clock) -> None:
    """One request; raises :class:`PushError` that says what happened."""
    path = target.path + ("&" if "?" in target.path else "?") + "graph=" + urllib.parse.quote(graph, safe="")
    where = f"{method} {target.shown} (graph {graph})"
    cls = http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
    left = clock.left()
    if left <= 0:
        raise PushError(f"{where}: {clock.why()}")
    conn = cls(target.host, target.port, timeout=left)
    try:
        conn.connect()
    except (socket.timeout, TimeoutError):
        conn.close()
        raise PushError(f"{where}: cannot reach the remote store (no connection within {left:.0f} s)") from None
    except OSError as exc:
        conn.close()
        reason = exc.strerror or str(exc)
        raise PushError(f"{where}: cannot reach the remote store ({reason})") from None
    # from here on the server has been reached: a watchdog ends the request at its deadline,
    # however slowly the server sends (a socket timeout alone restarts with every byte)
    expired = threading.Event()

    def expire():
        expired.set()
        try:
            conn.sock.shutdown(socket.SHUT_RDWR)
        except (OSError, AttributeError):
            pass

    watchdog = threading.Timer(max(0.0, clock.left()), expire)
    watchdog.daemon = True
    watchdog.start()
    stage = "sending the data"
    try:
        headers = {"Content-Type": "application/n-triples", "Content-Length": str(len(body))}
        if target.auth:
            headers["Authorization"] = target.auth
        conn.request(method, path, body=body, headers=headers)
        stage = "waiting for the answer"
        resp = conn.getresponse()
        stage = f"reading the answer (HTTP {resp.status})"
        detail = resp.read(100_000)
        while resp.read(65_536):       # drain (bounded by the deadline)
            pass
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set():
            raise PushError(f"{where}: connected, but {clock.why()} (stopped while {stage})") from None
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise PushError(f"{where}: connected, but the connection failed while {stage} ({reason})") from None
    finally:
        watchdog.cancel()
        conn.close()
    if expired.is_set():
        raise PushError(f"{where}: connected, but {clock.why()}")
    if resp.status >= 300:
        text = detail.decode("utf-8", "replace").strip()[:300]
        extra = f" (Location: {redact(resp.getheader('Location', ''))})" if 300 <= resp.status < 400 else ""
        raise PushError(f"{where}: the remote store answered HTTP {resp.status} {resp.reason}{extra}"
                        + (f": {text}" if text else ""))


def push(store: KGStore, url: str, *, batch: int = BATCH_TRIPLES, timeout: float = 120,
         deadline: float | None = None, show_progress: bool | None = None) -> PushReport:
    """Push every named graph of ``store`` to the Graph Store Protocol endpoint ``url``.

    ``timeout`` bounds each request as a whole; ``deadline`` (seconds) the whole push.
    """
    import pyoxigraph as ox

    target = _target(url)
    push_ends = time.monotonic() + deadline if deadline else None
    inner = store.oxigraph
    report = PushReport()
    graphs = sorted(store.graphs())
    for graph in progress(graphs, total=len(graphs), desc="kg push", enabled=show_progress):
        data = inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph)))
        lines = data.splitlines(keepends=True)
        for k in range(0, max(len(lines), 1), batch):
            _send("PUT" if k == 0 else "POST", target, str(graph), b"".join(lines[k:k + batch]),
                  _Clock(timeout, push_ends))
            report.requests += 1
        report.graphs += 1
        report.triples += len(lines)
    return report
