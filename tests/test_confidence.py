"""dk:confidence on every extracted fact, its calibration table, and --min-confidence."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kg.build import build
from kg.rdf.store import KGStore

from conftest import DATA

P = "PREFIX dk: <https://w3id.org/diplokg/ontology#>\n"
GOLD_DEV = DATA / "gold" / "dev"
# two dev gold transcripts, read by the annotators (tests/data/gold/dev/README.md)
FILES = ("2020-05-20_zhao-lijian_t1780978.txt", "2019-09-10_hua-chunying_t1696514.txt")


@pytest.fixture(scope="module")
def small_store(tmp_path_factory, fmprc):
    path = tmp_path_factory.mktemp("conf") / "store"
    with KGStore(path) as store:
        assert build([fmprc / "txt" / f for f in FILES], store, model="none", show_progress=False).failed == []
    return path


def test_every_extracted_fact_has_a_confidence_in_0_1(small_store):
    with KGStore(small_store, create=False) as store:
        for cls in ("Mention", "Stance", "ResponseTypeAssignment", "TopicAssignment"):
            n, without, bad = [int(x) for x in list(store.query(P + f"""
                SELECT (COUNT(DISTINCT ?f) AS ?n)
                       (SUM(IF(BOUND(?c), 0, 1)) AS ?without)
                       (SUM(IF(BOUND(?c) && (?c < 0 || ?c > 1), 1, 0)) AS ?bad)
                WHERE {{ ?f a dk:{cls} . OPTIONAL {{ ?f dk:confidence ?c }} }}"""))[0]]
            assert n > 0, cls
            assert without == 0 and bad == 0, (cls, without, bad)
        # each response type has its own evidence: no assignment of a non-substantive type without it
        assert not store.query(P + """ASK { ?a dk:assignedResponseType ?t .
            FILTER (?t != dk:Substantive) FILTER NOT EXISTS { ?a dk:evidence ?e } }""").askAnswer


def test_the_table_comes_from_the_calibration_script_and_keys_fall_back_to_their_family():
    from kg.nlp.en.confidence import CONFIDENCE_FILE, confidence

    table = json.loads(CONFIDENCE_FILE.read_text())
    assert "dev gold" in table["source"]
    for model, keys in table["models"].items():
        for key, row in keys.items():
            assert 0 <= row["confidence"] <= 1 and row["right"] <= row["seen"], (model, key)
    # an unknown rule number falls back to its type's figure
    assert confidence("response:Referral:99", "none") == table["models"]["none"]["response:Referral"]["confidence"]
    assert confidence("mention:country:gazetteer", "some-zh-pipeline") is None


def test_kg_evaluate_calibration_shows_the_high_confidence_share(small_store):
    import gc

    gc.collect()      # query results of the tests before must let go of the store first
    res = subprocess.run([sys.executable, "-m", "kg.cli", "evaluate", str(GOLD_DEV), "--store", str(small_store),
                          "--calibration", "--json"], capture_output=True, text=True)
    assert res.stdout, res.stderr
    out = json.loads(res.stdout)          # exit 1: most dev files are not in this store
    cal = out["calibration"]
    assert cal["all"]["facts"] > 100 and cal["all"]["without_confidence"] == 0
    assert cal["all"]["high"] > 0 and cal["all"]["high_share_right"] >= 0.9
    assert {b["from"] for b in cal["stance"]["bins"]} == {0.0, 0.5, 0.7, 0.8, 0.9}


def test_min_confidence_filters_views_and_saved_queries(small_store):
    from kg.views.graphs import ViewFilter, build_view

    with KGStore(small_store, create=False) as store:
        every = build_view(store, "stance", ViewFilter())
        sure = build_view(store, "stance", ViewFilter(min_confidence=0.95))
        assert sure.number_of_edges() < every.number_of_edges()
        assert build_view(store, "comention", ViewFilter(min_confidence=0.5)).number_of_nodes() > 0
    import gc

    gc.collect()
    res = subprocess.run([sys.executable, "-m", "kg.cli", "query", "said-about", "--param", "name=US",
                          "--min-confidence", "0.99", "--format", "json", "--store", str(small_store)],
                         capture_output=True, text=True)
    rows = json.loads(res.stdout)["results"]["bindings"]
    assert rows and all(float(r["confidence"]["value"]) >= 0.99 for r in rows)
    assert all(r["sentence"]["value"] in r["text"]["value"] and r["anchor"]["value"] in r["sentence"]["value"]
               for r in rows)
    res = subprocess.run([sys.executable, "-m", "kg.cli", "query", "exchanges-by-outlet", "--min-confidence",
                          "0.5", "--store", str(small_store)], capture_output=True, text=True)
    assert res.returncode == 2 and "no min_confidence parameter" in res.stderr
    res = subprocess.run([sys.executable, "-m", "kg.cli", "export", "--format", "csv", "--view", "stance",
                          "--min-confidence", "2", "--store", str(small_store)], capture_output=True, text=True)
    assert res.returncode == 2 and "between 0 and 1" in res.stderr
