"""kg push against a real Oxigraph server (SPARQL 1.1 Graph Store HTTP Protocol)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build
from kg.rdf.store import KGStore

SERVER = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph(tmp_path):
    if not Path(SERVER).exists():
        pytest.skip("the oxigraph server is not installed (pip install -e '.[test]')")
    port = _free_port()
    proc = subprocess.Popen([SERVER, "serve", "--location", str(tmp_path / "remote"),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("oxigraph server did not start: " + proc.stderr.read().decode()[:500])
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def remote_count(base: str) -> int:
    q = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    req = urllib.request.Request(f"{base}/query?{q}", headers={"Accept": "text/csv"})
    return int(urllib.request.urlopen(req).read().decode().split()[1])


def test_push_copies_every_named_graph_and_twice_changes_nothing(oxigraph, tmp_path):
    with KGStore(tmp_path / "store") as store:
        build(None, store, show_progress=False, model="none")
        quads = store.quad_count()
        source = next(g for g in store.graphs() if "/source/2024-02-23" in g)
        local = set(store.dataset.graph(source))
    res = subprocess.run([sys.executable, "-m", "kg.cli", "push", f"{oxigraph}/store", "--store",
                          str(tmp_path / "store")], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert remote_count(oxigraph) == quads
    # again, in small batches (PUT then POSTs): the remote is unchanged
    res = subprocess.run([sys.executable, "-m", "kg.cli", "push", f"{oxigraph}/store", "--store",
                          str(tmp_path / "store"), "--batch", "300"], capture_output=True, text=True)
    assert res.returncode == 0 and remote_count(oxigraph) == quads
    req = urllib.request.Request(f"{oxigraph}/store?graph={urllib.parse.quote(str(source), safe='')}",
                                 headers={"Accept": "application/n-triples"})
    remote = Graph().parse(data=urllib.request.urlopen(req).read().decode(), format="nt")
    assert _plain(remote) == _plain(local)


def _plain(triples) -> set:
    """xsd:string literals and plain literals are the same RDF 1.1 term."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    return {tuple(Literal(str(t)) if isinstance(t, Literal) and t.datatype == XSD.string else t
                  for t in tr) for tr in triples}


def test_push_errors_name_the_url(tmp_path):
    with KGStore(tmp_path / "store"):
        pass
    run = lambda url: subprocess.run([sys.executable, "-m", "kg.cli", "push", url, "--store",  # noqa: E731
                                      str(tmp_path / "store")], capture_output=True, text=True)
    res = run("ftp://example.org/store")
    assert res.returncode == 2 and "not an http(s) URL" in res.stderr
