"""Copy the graph, named graphs included, into a remote store (``kg push URL``).

Uses the SPARQL 1.1 Graph Store HTTP Protocol: for each named graph, the first batch of
N-Triples is sent with PUT ``URL?graph=IRI`` (which replaces that graph on the remote) and
further batches with POST (which adds). Pushing the same store twice leaves the remote
unchanged. Graphs the remote holds but the store does not are left alone.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from kg.progress import progress
from kg.rdf.store import KGStore

__all__ = ["push", "PushReport", "PushError"]

BATCH_TRIPLES = 20_000


class PushError(Exception):
    """The remote refused or could not be reached; names the URL and the reason."""


@dataclass
class PushReport:
    graphs: int = 0
    triples: int = 0
    requests: int = 0


def _send(method: str, url: str, body: bytes, timeout: float) -> None:
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:300]
        raise PushError(f"{method} {url}: HTTP {exc.code} {exc.reason}: {detail}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PushError(f"{method} {url}: cannot reach the remote store ({reason})") from None


def push(store: KGStore, url: str, *, batch: int = BATCH_TRIPLES, timeout: float = 120,
         show_progress: bool | None = None) -> PushReport:
    """Push every named graph of ``store`` to the Graph Store Protocol endpoint ``url``."""
    import pyoxigraph as ox

    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url}: not an http(s) URL of a Graph Store Protocol endpoint "
                         "(e.g. http://127.0.0.1:7878/store)")
    inner = store.oxigraph
    report = PushReport()
    graphs = sorted(store.graphs())
    for graph in progress(graphs, total=len(graphs), desc="kg push", enabled=show_progress):
        data = inner.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph)))
        lines = data.splitlines(keepends=True)
        target = f"{url}{'&' if parts.query else '?'}graph={urllib.parse.quote(str(graph), safe='')}"
        for k in range(0, max(len(lines), 1), batch):
            _send("PUT" if k == 0 else "POST", target, b"".join(lines[k:k + batch]), timeout)
            report.requests += 1
        report.graphs += 1
        report.triples += len(lines)
    return report
