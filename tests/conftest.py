"""Shared fixtures. Tests that need ../shared skip with a reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def _shared() -> Path | None:
    for cand in (os.environ.get("DIPLOKG_SHARED"), ROOT.parent / "shared", ROOT.parent.parent / "shared"):
        if cand and (Path(cand) / "corpus").is_dir():
            return Path(cand)
    return None


SHARED = _shared()
FMPRC = SHARED / "corpus" / "fmprc-en-2018-2020_cwang23-china_fm" if SHARED else None


@pytest.fixture(scope="session")
def fmprc() -> Path:
    if FMPRC is None or not FMPRC.is_dir():
        pytest.skip("../shared/corpus is not present: the real 500-transcript corpus is needed")
    return FMPRC


@pytest.fixture(scope="session")
def shared() -> Path:
    if SHARED is None:
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def store(tmp_path):
    from kg.rdf.store import KGStore

    s = KGStore(tmp_path / "store")
    yield s
    s.close()


MENTIONS = """PREFIX dk: <https://w3id.org/diplokg/ontology#>
SELECT DISTINCT ?u ?text ?s ?e ?a WHERE {
  ?u dk:text ?text ; dk:hasMention ?m . ?m dk:start ?s ; dk:end ?e ; dk:anchorText ?a }"""


def assert_offsets_exact(store) -> int:
    """Every mention's anchor text is exactly its utterance text at [start, end)."""
    rows = list(store.query(MENTIONS))
    for u, text, s, e, a in rows:
        assert str(text)[int(s):int(e)] == str(a), (u, s, e, a)
    return len(rows)


def gexf_for_schema(text: str):
    """A GEXF file parsed the way the published 1.3 XSD declares it: the XSD puts color, position and
    size in the main namespace, where readers (Gephi, networkx, graphology) want them in viz:."""
    from lxml import etree

    return etree.fromstring(text.replace(' xmlns:viz="http://gexf.net/1.3/viz"', "")
                            .replace("<viz:", "<").encode("utf-8"))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def sample_store_path(tmp_path_factory) -> Path:
    """The bundled sample corpus built once (gazetteer only), closed so servers can open it."""
    from kg.build import build
    from kg.rdf.store import KGStore

    path = tmp_path_factory.mktemp("served") / "store"
    with KGStore(path) as s:
        build(None, s, show_progress=False, model="none")
    return path


def start_kg_serve(store: Path, *extra: str, stderr_path: Path | None = None) -> tuple["subprocess.Popen", str]:
    """``kg serve`` as a real process on a free loopback port; returns (process, base URL).

    ``stderr_path``: write the server's log there instead of a pipe (to read it afterwards)."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store),
                             "--port", str(port), *extra],
                            stdout=subprocess.DEVNULL,
                            stderr=open(stderr_path, "wb") if stderr_path else subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log = stderr_path.read_bytes() if stderr_path else proc.stderr.read()
            pytest.fail("kg serve exited: " + log.decode(errors="replace")[-2000:])
        try:
            urllib.request.urlopen(base + "/sparql?query=ASK%7B%7D", timeout=2).read()
            return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    pytest.fail("kg serve did not answer within 120 s")


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except Exception:
        proc.kill()


@pytest.fixture(scope="session")
def kg_server(sample_store_path):
    """A running ``kg serve`` over the sample store with small limits (3 s, 1 MB results)."""
    proc, base = start_kg_serve(sample_store_path, "--timeout", "3", "--max-result-mb", "1")
    yield base
    stop(proc)


@pytest.fixture(scope="session")
def corpus_store_path(fmprc, tmp_path_factory) -> Path:
    """The 500 English China MFA transcripts (txt) built once with --model none, closed so
    servers can open it. Slow (about a minute on 2 cores): for tests marked slow."""
    from kg.build import build
    from kg.rdf.store import KGStore

    if os.environ.get("DIPLOKG_CORPUS_STORE"):      # one built earlier the same way (kept outside the repo)
        return Path(os.environ["DIPLOKG_CORPUS_STORE"])
    path = tmp_path_factory.mktemp("corpus") / "store"
    with KGStore(path) as s:
        report = build([fmprc / "txt"], s, show_progress=False, model="none", jobs=2)
    assert report.failed == [], report.failed
    return path


_CORPUS_FIXTURES = {"fmprc", "shared", "corpus_store_path"}


def pytest_collection_modifyitems(config, items):
    """Every test that reads the real corpora in ../shared is marked slow: together they take
    over an hour on 2 cores, so the README's test command (and .ci/run) runs the tests on the
    bundled sample (real files too) and ``pytest -m slow`` runs the corpus-scale ones."""
    for item in items:
        if _CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
