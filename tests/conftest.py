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
    from kg.store import KGStore

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
