"""Abuse cases against a real ``kg serve`` (issue 16, findings 1, 2, 3 and 7), 127.0.0.1 only.

Every server here is a real ``kg serve`` process over a real store built from the
bundled sample (kg/data/sample/: ten transcripts, so ten conferences; a store built
from the first three holds three). Each test is bounded in time; the whole file runs
in well under two minutes.
"""

from __future__ import annotations

import json
import select
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

from conftest import start_kg_serve, stop
from test_serve import http

SAMPLE = Path(__file__).resolve().parent.parent / "kg" / "data" / "sample"


class Listener:
    """A TCP listener on 127.0.0.1 that records every connection it receives."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                data = conn.recv(4096)
            except OSError:
                data = b""
            self.received.append(data or b"(connected)")
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                             b"Content-Length: 42\r\n\r\n{\"head\":{\"vars\":[\"x\"]},\"results\":{\"bindings\":[]}}"[:200])
            except OSError:
                pass
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


# -- finding 1: SSRF through SPARQL SERVICE ---------------------------------------------

def _service_queries(port: int, server: str) -> list[str]:
    url = f"http://127.0.0.1:{port}/x"
    return [
        f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?x ?p ?o }} }}",
        f"SELECT ?x WHERE {{ SERVICE SILENT <{url}> {{ ?x ?p ?o }} }}",
        f"select ?x where {{ # a comment {{ }}\n {{ {{ ?a ?b ?c }} sErViCe   silent\n<{url}>{{?x ?p ?o}} }} }}",
        f"SELECT ?x WHERE {{ VALUES ?where {{ <{url}> }} SERVICE ?where {{ ?x ?p ?o }} }}",
        f"PREFIX : <http://127.0.0.1:{port}/> SELECT ?x WHERE {{ SERVICE:x {{ ?x ?p ?o }} }}",
        f"SELECT ?x WHERE {{ SERVICESILENT<{url}>{{?x ?p ?o}} }}",
        f"SELECT ?x WHERE {{ ?a ?b ?c .SERVICE <{url}> {{ ?x ?p ?o }} }}",
        # an escaped '#' in a local name is not a comment: the SERVICE after it is live
        f"PREFIX e: <http://e.org/> SELECT ?x WHERE {{ OPTIONAL {{ ?x e:b\\# ?o }} SERVICE <{url}> {{ ?x ?p ?o }} }}",
        # quotes and '#' inside a long string
        "SELECT ?x WHERE { BIND(\"\"\"it's \"# {\" \"\"\" AS ?t) SERVICE <" + url + "> { ?x ?p ?o } }",
        f"BASE <http://127.0.0.1:{port}/> SELECT ?x WHERE {{ SERVICE <x> {{ ?x ?p ?o }} }}",
        f"SELECT ?x WHERE {{ OPTIONAL {{ SERVICE <http://127.0.0.1:{port}/\\u0078> {{ ?x ?p ?o }} }} }}",
        # back into the endpoint itself: used to hold both workers for the whole timeout
        f"SELECT ?x WHERE {{ SERVICE <{server}/sparql> {{ ?x ?p ?o }} }}",
    ]


def test_service_is_refused_and_nothing_reaches_the_network(kg_server, listener):
    for q in _service_queries(listener.port, kg_server):
        for send in ("get", "form"):
            if send == "get":
                status, _, body = http(kg_server, params={"query": q})
            else:
                status, _, body = http(kg_server, data=urllib.parse.urlencode({"query": q}).encode(),
                                       headers={"Content-Type": "application/x-www-form-urlencoded"})
            assert status == 403, (q, status, body)
            assert "SERVICE" in body and "--allow-service" in body, body
    time.sleep(0.5)
    assert listener.received == []
    # the endpoint still answers at once (no worker was held)
    assert json.loads(http(kg_server, params={"query": "ASK {}"})[2])["boolean"] is True


def test_every_spelling_that_pyoxigraph_runs_as_service_is_caught(listener):
    """Each spelling is first shown to be a real SERVICE call (bare pyoxigraph, with no
    check, connects to the listener), then shown to be refused by the check."""
    import pyoxigraph as ox

    from kg.server.protocol import ProtocolError, check_services

    store = ox.Store()       # one triple, so that joins with it are evaluated
    store.add(ox.Quad(ox.NamedNode("http://e.org/a"), ox.NamedNode("http://e.org/b"), ox.Literal("c")))
    for q in _service_queries(listener.port, "http://127.0.0.1:9"):
        if "127.0.0.1:9/" in q:
            continue
        before = len(listener.received)
        try:
            list(store.query(q))
        except (OSError, SyntaxError, RuntimeError):
            pass
        deadline = time.monotonic() + 3
        while len(listener.received) == before and time.monotonic() < deadline:
            time.sleep(0.05)
        if "VALUES ?where" not in q:   # a variable endpoint bound by VALUES: pyoxigraph may not call it
            assert len(listener.received) > before, f"not a real SERVICE call: {q}"
        with pytest.raises(ProtocolError) as err:
            check_services(q)
        assert err.value.status == 403


def test_names_that_only_contain_service_are_not_refused(kg_server):
    q = ("PREFIX ex: <http://example.org/> SELECT ?service WHERE { ?service ex:service ?x . "
         "?x <http://example.org/Service> 'SERVICE <http://127.0.0.1:1/>' } LIMIT 1")
    assert http(kg_server, params={"query": q})[0] == 200


def test_a_worker_cannot_reach_the_network_even_past_the_check(listener):
    """Defence in depth: the worker's network namespace has no route to 127.0.0.1."""
    code = f"""
import socket, sys
from kg.server.workers import isolate_network
if not isolate_network():
    print("unavailable"); sys.exit(0)
try:
    socket.create_connection(("127.0.0.1", {listener.port}), timeout=2)
    print("connected")
except OSError as exc:
    print("refused", exc)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    if out.startswith("unavailable"):
        pytest.skip("this kernel lets this user create no network namespace")
    assert out.startswith("refused"), out
    time.sleep(0.3)
    assert listener.received == []


@pytest.fixture(scope="module")
def open_server(sample_store_path, kg_server):
    """A server that federates with ``kg_server`` only, answers kg.example and lets
    https://yasgui.example query it."""
    proc, base = start_kg_serve(sample_store_path, "--workers", "2", "--allow-service", kg_server + "/sparql",
                                "--allow-host", "kg.example", "--cors-origin", "https://yasgui.example")
    yield base
    stop(proc)


def test_allowed_service_endpoints_are_queried_and_others_refused(open_server, kg_server, listener):
    q = ('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?o WHERE { SERVICE <%s/sparql> '
         '{ ?o rdfs:label "Kyodo News" } }' % kg_server)
    status, _, body = http(open_server, params={"query": q}, headers={"Accept": "text/csv"})
    assert status == 200 and "https://w3id.org/diplokg/id/" in body, body
    status, _, body = http(open_server, params={"query": _service_queries(listener.port, kg_server)[0]})
    assert status == 403 and "not in the allow-list" in body
    status, _, body = http(open_server, params={"query": _service_queries(listener.port, kg_server)[3]})
    assert status == 403 and "variable" in body
    time.sleep(0.3)
    assert listener.received == []


# -- Host header (DNS rebinding) and CORS -------------------------------------------------

def _get(base: str, host: str, origin: str | None = None, extra: dict | None = None) -> tuple[int, dict, bytes]:
    port = int(base.rsplit(":", 1)[1])
    head = f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n"
    if origin:
        head += f"Origin: {origin}\r\n"
    for k, v in (extra or {}).items():
        head += f"{k}: {v}\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall((head + "\r\n").encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def test_host_header_must_name_this_server(kg_server):
    port = kg_server.rsplit(":", 1)[1]
    for ok in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "LOCALHOST"):
        assert _get(kg_server, ok)[0] == 200, ok
    for bad in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", "kg.example"):
        status, _, body = _get(kg_server, bad)
        assert status == 403 and b"DNS rebinding" in body, bad


def test_allow_host_adds_a_name(open_server):
    assert _get(open_server, "kg.example")[0] == 200
    assert _get(open_server, "evil.example")[0] == 403


def test_other_origins_are_refused_by_default(kg_server):
    status, headers, body = _get(kg_server, "127.0.0.1", origin="https://yasgui.example")
    assert status == 403 and "access-control-allow-origin" not in headers and b"--cors-origin" in body


def test_cors_only_for_the_origins_given(open_server):
    status, headers, _ = _get(open_server, "127.0.0.1", origin="https://yasgui.example")
    assert status == 200 and headers["access-control-allow-origin"] == "https://yasgui.example"
    status, headers, _ = _get(open_server, "127.0.0.1", origin="https://other.example")
    assert status == 403
    status, headers, _ = http(open_server, method="OPTIONS", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 200 and "POST" in headers["Access-Control-Allow-Methods"]


def test_pages_that_send_no_origin_are_refused_by_their_fetch_metadata(kg_server, open_server):
    """An <img src> or fetch(url, {mode: "no-cors"}) from another page carries no Origin; Chromium
    sends these headers for it (recorded from a real Chromium 2026-12-02: Sec-Fetch-Site same-site
    for a page on another port of 127.0.0.1, cross-site for another host). Before the Fetch-Metadata
    check such a request ran its query (a cross product reached the 1 GB worker cap)."""
    port = kg_server.rsplit(":", 1)[1]
    for site, page in (("same-site", "http://127.0.0.1:9/evil.html"), ("cross-site", "https://evil.example/")):
        status, _, body = _get(kg_server, "127.0.0.1", extra={
            "Sec-Fetch-Site": site, "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image", "Referer": page})
        assert status == 403 and b"other web pages" in body, (site, status, body)
    # the same request without a Referer is refused too
    assert _get(kg_server, "127.0.0.1", extra={"Sec-Fetch-Site": "cross-site"})[0] == 403
    # the server's own page, an address typed by the user, and non-browser clients are answered
    own = {"Sec-Fetch-Site": "same-origin", "Referer": f"http://127.0.0.1:{port}/"}
    assert _get(kg_server, f"127.0.0.1:{port}", extra=own)[0] == 200
    assert _get(kg_server, "127.0.0.1", extra={"Sec-Fetch-Site": "none"})[0] == 200
    assert _get(kg_server, "127.0.0.1")[0] == 200
    # a site given with --cors-origin may also embed results
    ok = {"Sec-Fetch-Site": "cross-site", "Referer": "https://yasgui.example/page"}
    assert _get(open_server, "127.0.0.1", extra=ok)[0] == 200


def test_a_body_cut_off_by_the_client_logs_no_traceback(tmp_path, sample_store_path):
    """A client that closes the connection mid-body made uvicorn log a 66-line traceback
    (starlette's ClientDisconnect, uncaught), so any client could flood the log."""
    log = tmp_path / "serve.log"
    proc, base = start_kg_serve(sample_store_path, "--workers", "1", stderr_path=log)
    try:
        port = int(base.rsplit(":", 1)[1])
        for _ in range(5):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: "
                          f"application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
                          f"10\r\nASK {{ ?s ?p ?o ".encode())
                time.sleep(0.2)
        time.sleep(1)
        assert http(base, params={"query": "ASK {}"})[0] == 200
    finally:
        stop(proc)
    text = log.read_text(errors="replace")
    assert "Traceback" not in text and "ClientDisconnect" not in text, text[-2000:]


# -- finding 2: memory ---------------------------------------------------------------------

GIB = 1 << 30


def _rss(proc) -> int:
    return psutil.Process(proc.pid).memory_info().rss


@pytest.fixture(scope="module")
def capped_server(sample_store_path):
    proc, base = start_kg_serve(sample_store_path, "--workers", "2", "--max-memory-mb", "200",
                                "--timeout", "20")
    yield proc, base
    stop(proc)


@pytest.fixture(scope="module")
def plain_server(sample_store_path):
    proc, base = start_kg_serve(sample_store_path, "--workers", "2")
    yield proc, base
    stop(proc)


def test_a_huge_chunked_body_is_refused_while_it_streams(plain_server):
    proc, base = plain_server
    port = int(base.rsplit(":", 1)[1])
    for _ in range(3):
        http(base, params={"query": "ASK {}"})
    before = _rss(proc)
    chunk = b"%x\r\n" % (1 << 20) + b"#" * (1 << 20) + b"\r\n"
    sent, answer = 0, b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query"
                  f"\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
        try:
            while sent < GIB:
                if select.select([s], [], [], 0)[0]:
                    break
                s.sendall(chunk)
                sent += 1 << 20
            s.settimeout(5)
            while chunk := s.recv(65536):
                answer += chunk
        except (BrokenPipeError, ConnectionResetError):
            pass
    grown = _rss(proc) - before
    print(f"chunked POST of up to 1 GB: {sent >> 20} MB sent before the 413, server RSS "
          f"{before >> 20} MB -> {(before + grown) >> 20} MB")
    assert sent < 64 << 20, f"the server took {sent >> 20} MB of a body it had refused"
    assert grown < 8 << 20, f"server RSS grew by {grown >> 20} MB"
    if answer:
        assert answer.startswith(b"HTTP/1.1 413") and b"100,000 bytes" in answer
    # a declared length past the limit is refused before any of the body is sent
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/sparql-query"
                  f"\r\nContent-Length: {GIB}\r\n\r\n".encode())
        assert s.recv(65536).startswith(b"HTTP/1.1 413")


def test_a_query_past_the_memory_cap_is_stopped_and_the_server_goes_on(capped_server):
    proc, base = capped_server
    before = _rss(proc)
    started = time.monotonic()
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
    status, _, body = http(base, params={"query": q})
    assert status == 503 and "memory limit of 200 MB" in body, body
    print(f"memory attack stopped after {time.monotonic() - started:.1f} s; server RSS "
          f"{before >> 20} MB -> {_rss(proc) >> 20} MB")
    assert time.monotonic() - started < 15        # well before the 20 s time limit
    assert json.loads(http(base, params={"query": "ASK {}"})[2])["boolean"] is True
    for child in psutil.Process(proc.pid).children():
        assert child.memory_info().rss < 250 << 20
    assert _rss(proc) - before < 8 << 20


# -- finding 3: two slow queries must not starve everyone ----------------------------------

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PATH = "SELECT (COUNT(*) AS ?n) WHERE { ?a (<http://x.invalid/p>|!<http://x.invalid/p>)* ?b . ?b ?q ?z }"
CHEAP = 'ASK { ?o <http://www.w3.org/2000/01/rdf-schema#label> "Kyodo News" }'


def _cheap_burst(base: str, n: int = 200) -> list[tuple[int, float]]:
    barrier = threading.Barrier(n)

    def one(_):
        barrier.wait()
        t = time.monotonic()
        status, _, body = http(base, params={"query": CHEAP})
        return status, time.monotonic() - t

    with ThreadPoolExecutor(n) as ex:
        return list(ex.map(one, range(n)))


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p * (len(xs) - 1))))]


def test_cheap_queries_are_answered_while_two_pathological_ones_run(sample_store_path):
    proc, base = start_kg_serve(sample_store_path, "--timeout", "6")
    try:
        _cheap_burst(base)       # warm up: the server's threads, worker caches
        quiet = _cheap_burst(base)
        slow = [threading.Thread(target=http, args=(base,), kwargs={"params": {"query": q}}, daemon=True)
                for q in (CROSS, PATH)]
        for t in slow:
            t.start()
        time.sleep(2)            # both are now long queries, at low priority
        busy = _cheap_burst(base)
        for name, res in (("without", quiet), ("with 2 pathological queries", busy)):
            lat = [t for _, t in res]
            print(f"200 concurrent ASKs {name}: p50 {statistics.median(lat) * 1000:.0f} ms, "
                  f"p90 {_pct(lat, 0.9) * 1000:.0f} ms, p99 {_pct(lat, 0.99) * 1000:.0f} ms")
        assert all(s == 200 for s, _ in busy), sorted({s for s, _ in busy})
        # the target is a p90 under 1 s; on a machine so loaded by other work that the
        # quiet burst alone is slow, the burst beside the slow queries may take at most
        # twice as long as the quiet one (before: 12.2 s against 0.8 s, and some 503s)
        quiet_p90 = _pct([t for _, t in quiet], 0.9)
        assert _pct([t for _, t in busy], 0.9) < max(1.0, 2 * quiet_p90 + 0.25)
        assert all(t.is_alive() for t in slow)   # the pathological ones were still running
    finally:
        stop(proc)


def test_views_are_drawn_while_the_long_query_slots_are_taken(sample_store_path):
    """A web-page view is the server's own work, not a user's query: before, while two long
    SPARQL queries ran, every view got a 503 ("2 long-running queries ...") after 1.2-1.6 s and
    its worker, with the facts it had cached, was killed (measured on the 500 transcripts)."""
    proc, base = start_kg_serve(sample_store_path, "--workers", "3", "--long-queries", "1",
                                "--short-seconds", "0.05", "--timeout", "60")
    try:
        def hold():
            try:
                http(base, params={"query": PATH})
            except OSError:                # the server is stopped under it at the end
                pass
        threading.Thread(target=hold, daemon=True).start()
        time.sleep(1.5)                    # the property path holds the only long slot now
        status, _, body = http(base, path="/api/views/comention")
        assert status == 200, body[:300]
        assert json.loads(body)["nodes"], "the view came back empty"
        # a second long user query is still refused while the slot is taken
        status, _, body = http(base, params={"query": CROSS})
        assert status == 503 and "long-running" in body
    finally:
        stop(proc)


# -- finding 7: one consistent snapshot that follows builds --------------------------------

COUNT = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/diplokg/ontology#PressConference> }"


def test_the_server_follows_a_build_with_one_snapshot(tmp_path):
    files = sorted(p for p in SAMPLE.iterdir() if p.suffix in (".txt", ".html"))
    # kg/data/sample/SOURCES.md: 10 English transcripts and a Chinese page (.txt/.html); the CSV
    # excerpt and the dataset files are not built here
    assert len(files) == 11
    total = 10 + 1              # one conference per page built (3 before: one per file, too)
    first = tmp_path / "first"
    first.mkdir()
    for f in files[:3]:
        shutil.copy(f, first / f.name)
    store = tmp_path / "store"
    cli = [sys.executable, "-m", "kg.cli"]
    subprocess.run(cli + ["build", str(first), "--store", str(store), "--model", "none", "--quiet"],
                   check=True, capture_output=True, timeout=120)
    proc, base = start_kg_serve(store, "--workers", "3", "--timeout", "2.5")
    try:
        def count():
            status, headers, body = http(base, params={"query": COUNT}, headers={"Accept": "text/csv"})
            assert status == 200, body
            return int(body.split()[1]), headers.get("X-Store-Generation")

        assert count()[0] == 3
        # the sample's ten China MFA pages (its other formats would add conferences of their own)
        build = subprocess.Popen(cli + ["build", *map(str, files), "--store", str(store), "--model", "none",
                                        "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # runaway queries while the build writes: their workers are replaced mid-build
        runaways = [threading.Thread(target=http, args=(base,), kwargs={"params": {"query": CROSS}})
                    for _ in range(2)]
        seen = []
        for t in runaways:
            t.start()
        # on a loaded machine the build alone can take over a minute: the server then has
        # 60 s from the end of the build to move to it
        deadline, switch_by = time.monotonic() + 300, None
        while time.monotonic() < deadline:
            seen.append(count())
            if build.poll() is not None:
                if seen[-1][0] == total:
                    break
                switch_by = switch_by or time.monotonic() + 60
                if time.monotonic() > switch_by:
                    break
            time.sleep(0.05)
        for t in runaways:
            t.join(10)
        assert build.wait(60) == 0, build.stderr.read().decode()[-2000:]
        values = [n for n, _ in seen]
        assert set(values) <= {3, total}, f"answers from a half-built store: {sorted(set(values))}"
        assert values == sorted(values), "answers alternated between two snapshots"
        assert values[-1] == total, "the server did not move to the new build"
        generations = [g for _, g in seen]
        switch = values.index(total)
        assert len(set(generations[:switch])) == 1 and len(set(generations[switch:])) == 1
        for _ in range(20):             # and stays there
            assert count()[0] == total
    finally:
        stop(proc)
    # the server removes its snapshots when it stops
    assert not list(tmp_path.glob(".kg-serve-*"))
