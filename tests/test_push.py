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


# -- issue 16, finding 10 (kg push): deadlines, accurate messages, hidden credentials ------

class FakeRemote:
    """A Graph Store endpoint on 127.0.0.1 that misbehaves as told (``mode``):
    ``ok`` answers 204, ``fail`` 500, ``close`` hangs up without answering, ``trickle``
    sends its answer one byte every half second, forever. Records each request's head."""

    def __init__(self, mode: str):
        import threading

        self.mode = mode
        self.heads: list[str] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/store"
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        import threading

        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn):
        conn.settimeout(10)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            self.heads.append(head.decode("latin-1"))
            length = int(next((ln.split(":")[1] for ln in head.decode().split("\r\n")
                               if ln.lower().startswith("content-length:")), "0"))
            while len(body) < length:
                body += conn.recv(65536)
            if self.mode == "ok":
                conn.sendall(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
            elif self.mode == "fail":
                msg = b"the disk is full"
                conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: %d\r\n\r\n%s" % (len(msg), msg))
            elif self.mode == "trickle":
                for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000:
                    if self._stop:
                        break
                    conn.sendall(bytes([byte]))
                    time.sleep(0.5)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self._stop = True
        self.sock.close()


@pytest.fixture
def small_store(tmp_path):
    path = tmp_path / "store"
    with KGStore(path) as store:
        store.update("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> "
                     "<http://example.org/b> 'c' } }")
    return path


def _push_cli(url, store, *extra, timeout=60):
    return subprocess.run([sys.executable, "-m", "kg.cli", "push", url, "--store", str(store), *extra],
                          capture_output=True, text=True, timeout=timeout)


def test_a_trickling_server_cannot_hold_a_push_past_its_timeout(small_store):
    import threading

    from kg.rdf.push import PushError, push

    remote = FakeRemote("trickle")
    outcome = []

    def run():
        try:
            with KGStore(small_store, create=False) as store:
                push(store, remote.url, timeout=2, show_progress=False)
            outcome.append("returned")
        except PushError as exc:
            outcome.append(str(exc))

    try:
        started = time.monotonic()
        t = threading.Thread(target=run, daemon=True)
        t.start()
        t.join(8)
        assert not t.is_alive(), "push was still waiting on a server that sends a byte every 0.5 s"
        assert time.monotonic() - started < 6
        assert "connected" in outcome[0] and "--timeout 2" in outcome[0] and "cannot reach" not in outcome[0]
        # the same from the command line
        started = time.monotonic()
        res = _push_cli(remote.url, small_store, "--timeout", "2", timeout=30)
        assert res.returncode == 1 and "--timeout 2" in res.stderr
        assert time.monotonic() - started < 15
    finally:
        remote.close()


def test_messages_say_what_happened(small_store):
    with socket.socket() as s:          # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = _push_cli(f"http://127.0.0.1:{port}/store", small_store)
    assert res.returncode == 1 and "cannot reach" in res.stderr
    for mode, words in (("close", "connected, but the connection failed"), ("fail", "HTTP 500")):
        remote = FakeRemote(mode)
        try:
            res = _push_cli(remote.url, small_store)
        finally:
            remote.close()
        assert res.returncode == 1 and words in res.stderr, res.stderr
        assert "cannot reach" not in res.stderr and len(remote.heads) == 1
    assert "the disk is full" in res.stderr


def test_credentials_in_the_url_are_used_and_never_printed(small_store):
    import base64

    for mode in ("ok", "fail"):
        remote = FakeRemote(mode)
        url = remote.url.replace("http://", "http://ann:s3cret@")
        try:
            res = _push_cli(url, small_store)
        finally:
            remote.close()
        assert res.returncode == (0 if mode == "ok" else 1), res.stderr
        out = res.stdout + res.stderr
        assert "s3cret" not in out and "ann:***@127.0.0.1" in out, out
        token = base64.b64encode(b"ann:s3cret").decode()
        assert f"Authorization: Basic {token}" in remote.heads[0]
