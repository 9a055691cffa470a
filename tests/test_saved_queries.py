"""Saved queries on the bundled sample, against facts read by hand in
kg/data/sample/2024-02-23_mao-ning.txt (Mao Ning, 8 exchanges):

#1 Reuters, Kiribati policing: "I am not aware of the specifics ... I'd refer you to
competent authorities" (no information + referral); #4 Bloomberg, sovereign debt: "I'd
refer you to competent authorities" (referral); #6 Kyodo, treated water: "I have no
information to offer" (no information); #8 Bloomberg, Volkswagen and forced labour in
Xinjiang; #5 and #6 mention Japan; "We firmly oppose the US overstretching ..." (#7).
"""

from __future__ import annotations

import pytest

from kg.build import build
from kg.rdf.query import apply_params, resolve_query, saved_queries
from kg.rdf.store import KGStore


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = KGStore(tmp_path_factory.mktemp("queries") / "store")
    build(None, s, show_progress=False)
    yield s
    s.close()


def rows(store, query, **params):
    sparql = apply_params(resolve_query(query), params)
    return [{str(v): (None if r[i] is None else str(r[i])) for i, v in enumerate(res.vars)}
            for res in [store.query(sparql)] for r in res]


def test_every_saved_query_has_a_header_and_runs(store):
    qs = saved_queries()
    assert len(qs) >= 9
    for q in qs.values():
        assert q.title != q.name and q.description and q.parameters
        assert rows(store, q.name), q.name


def test_deflection_by_spokesperson(store):
    [mao] = [r for r in rows(store, "deflection-by-spokesperson") if r["spokesperson"] == "Mao Ning"]
    assert (mao["exchanges"], mao["referral"], mao["no_information"], mao["no_comment"]) == ("8", "2", "2", "0")
    assert float(mao["percent_deflected"]) == 37.5


def test_outlet_topic_exchanges(store):
    got = rows(store, "outlet-topic-exchanges", outlet="Bloomberg News", topic="Xinjiang")
    assert [(r["date"], r["position"], r["source"]) for r in got] == \
        [("2024-02-23", "8", "2024-02-23_mao-ning.txt")]
    assert got[0]["question"].startswith("The House Select Committee has written a letter")


def test_said_about_has_evidence_and_source(store):
    got = rows(store, "said-about", name="Volkswagen")
    assert {(r["kind"], r["speaker"], r["source"]) for r in got} == \
        {("question", "Bloomberg News", "2024-02-23_mao-ning.txt")}
    japan = rows(store, "said-about", name="JP")
    fukushima = [r for r in japan if r["date"] == "2024-02-23" and "Fukushima" in r["text"]]
    assert {r["kind"] for r in fukushima} == {"question", "answer"}


def test_stance_over_time_and_cooccurrence(store):
    feb = [r for r in rows(store, "stance-over-time", name="US") if r["month"] == "2024-02"]
    assert feb and int(feb[0]["negative"]) >= 1
    with_xinjiang = {r["other"] for r in rows(store, "cooccurring-with", name="Xinjiang")}
    assert "United States" in with_xinjiang


def test_country_queries(store):
    top = rows(store, "countries-most-mentioned")
    assert top[0]["iso"] == "CN" and top[0]["wikidata"] == "http://www.wikidata.org/entity/Q148"
    jp = rows(store, "country-mentions-by-month", iso="JP")
    assert {r["iso"] for r in jp} == {"JP"} and "2024-02" in {r["month"] for r in jp}
    by_year = rows(store, "outlet-topics-by-year")
    assert {"year": "2024", "outlet": "Bloomberg News", "topic": "Xinjiang", "exchanges": "1"} in by_year


def test_a_parameter_the_query_lacks_is_an_error():
    with pytest.raises(ValueError, match="no parameter"):
        apply_params(resolve_query("said-about"), {"nope": "1"})


def test_exchanges_by_outlet_counts_the_exchanges_that_name_none(store):
    """Every exchange is counted once: the ones whose transcript names no outlet in a "(not named)"
    row (before, the query listed only named outlets, so 85% of the corpus's exchanges were left out
    without a word). Mao Ning's 8 exchanges name their outlets (#1 Reuters, #4 and #8 Bloomberg)."""
    by = {r["label"]: int(r["exchanges"]) for r in rows(store, "exchanges-by-outlet")}
    total = int(rows(store, "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE "
                            "{ ?x <https://w3id.org/diplokg/ontology#question> ?q }")[0]["n"])
    unnamed = int(rows(store, "PREFIX dk: <https://w3id.org/diplokg/ontology#> SELECT (COUNT(DISTINCT ?x) AS ?n) "
                              "WHERE { ?x dk:question ?q FILTER NOT EXISTS { ?q dk:askedBy ?o } }")[0]["n"])
    assert by["(not named)"] == unnamed > 0
    assert sum(by.values()) >= total      # an exchange asked by two outlets counts for each
    assert by["Reuters"] >= 1 and by["Bloomberg News"] >= 2
