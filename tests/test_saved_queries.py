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


# -- the queries rewritten for speed (issues 14 and 15), checked against facts and against
# -- counts made in Python from plain per-file facts (a different path from the saved SPARQL)
DK = "PREFIX dk: <https://w3id.org/diplokg/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "


def test_versions_side_by_side_pairs_the_two_2020_06_11_versions(store):
    """kg/data/sample/2020-06-11_hua-chunying_t1787967.txt (Chinese) and ..._t1787995.txt (English):
    10 exchanges each, in the same order; #6 is AFP on Zoom ("法新社记者：视频会议平台Zoom公司..." /
    "AFP: Zoom, the video conference platform, ..."); #10, raised after the conference, names no
    outlet ("会后有记者问及：据报道，6月9日，美国一架C-40..." / "Media reports say a US C-40A ...")."""
    got = rows(store, "versions-side-by-side")
    assert [int(r["position"]) for r in got] == list(range(1, 11))
    assert all(r["position"] == r["other_position"] for r in got)
    zoom, c40 = got[5], got[9]
    assert zoom["outlet"] == zoom["other_outlet"] == "Agence France-Presse"
    assert zoom["question"].startswith("视频会议平台Zoom公司") and zoom["other_question"].startswith("Zoom, the video")
    assert c40["outlet"] == c40["other_outlet"] == ""
    assert c40["question"].startswith("据报道，6月9日，美国一架C-40") and c40["other_question"].startswith("Media reports say a US C-40A")
    english_first = rows(store, "versions-side-by-side", language="en")
    assert english_first[5]["question"].startswith("Zoom, the video") and english_first[5]["other_question"].startswith("视频会议平台")


def test_version_differences_agree_with_the_pairs_compared_in_python(store):
    pairs = {(r["x"], r["y"]) for r in rows(store, DK + "SELECT ?x ?y WHERE { ?x dk:correspondsTo ?y }")}
    types, stances = {}, {}
    for r in rows(store, DK + "SELECT ?x ?r WHERE { ?x dk:correspondsTo ?y ; dk:answer ?a . ?a dk:responseType ?r }"):
        types.setdefault(r["x"], set()).add(r["r"].rsplit("#", 1)[1])
    for r in rows(store, DK + "SELECT ?x ?t ?p WHERE { ?x dk:correspondsTo ?y ; dk:answer ?a . ?a dk:expressesStance ?s . "
                              "?s dk:target ?t ; dk:polarity ?p }"):
        stances.setdefault(r["x"], set()).add((r["t"], r["p"].rsplit("#", 1)[1]))
    want = set()
    for x, y in pairs:
        want |= {(x, y, "response type", t) for t in types.get(x, set()) - types.get(y, set()) if t != "Substantive"}
        want |= {(x, y, "stance", p) for _, p in stances.get(x, set()) - stances.get(y, set())}
    got = {(r["exchange"], r["counterpart"], r["what"], r["value"].rsplit(" ", 1)[-1])
           for r in rows(store, "version-differences")}
    assert pairs and want and got == want


def test_deflection_counts_agree_with_a_count_in_python(store):
    by_sp, by_gov = {}, {}
    for r in rows(store, DK + "SELECT ?x ?sp ?r ?gov ?kind WHERE { ?c dk:hasExchange ?x ; dk:government ?gov ; "
                              "dk:conferenceKind ?kind . ?x dk:answer ?a . ?a dk:responseType ?r . "
                              "OPTIONAL { ?a dk:answeredBy ?sp } }"):
        for key, table in ((r["sp"], by_sp), ((r["gov"], r["kind"]), by_gov)):
            if key is not None:
                table.setdefault(key, {}).setdefault(r["x"], set()).add(r["r"].rsplit("#", 1)[1])

    def counts(exchanges):
        return (len(exchanges), *(sum(t in types for types in exchanges.values())
                                   for t in ("Referral", "NoInformation", "NoComment")),
                sum(bool(types - {"Substantive"}) for types in exchanges.values()))

    labels = {r["e"]: r["l"] for r in rows(store, "SELECT ?e ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
    got = {r["spokesperson"]: (int(r["exchanges"]), int(r["referral"]), int(r["no_information"]), int(r["no_comment"]))
           for r in rows(store, "deflection-by-spokesperson")}
    assert got == {labels[sp]: counts(x)[:4] for sp, x in by_sp.items()}
    got = {(r["government"], r["kind"]): (int(r["exchanges"]), int(r["referral"]), int(r["no_information"]),
                                          int(r["no_comment"]), float(r["percent_deflected"]))
           for r in rows(store, "deflection-by-government")}
    want = {}
    for (gov, kind), x in by_gov.items():
        n, ref, noi, noc, deflected = counts(x)
        want[(labels[gov], kind)] = (n, ref, noi, noc, round(1000 * deflected / n) / 10)
    assert len(got) >= 4 and got == want     # China (3 kinds), Singapore, the United States


def test_country_mentions_by_month_agree_with_the_turns_counted_in_python(store):
    """From the per-file facts (dk:turn, dk:mentions, dk:date), not the summary shortcuts."""
    want: dict = {}
    for r in rows(store, DK + "SELECT DISTINCT ?x ?e ?d WHERE { ?c dk:hasExchange ?x ; dk:date ?d . ?x dk:turn ?t . "
                              "?t dk:mentions ?e . ?e a dk:Country }"):
        key = (r["d"][:7], r["e"])
        want[key] = want.get(key, 0) + 1
    iso = {r["e"]: r["iso"] for r in rows(store, DK + "SELECT ?e ?iso WHERE { ?e a dk:Country ; dk:isoCode ?iso }")}
    got = {(r["month"], r["iso"]): int(r["exchanges"]) for r in rows(store, "country-mentions-by-month")}
    assert got == {(m, iso[e]): n for (m, e), n in want.items()}
    assert {k: v for k, v in got.items() if k[1] == "JP"} == \
        {(r["month"], "JP"): int(r["exchanges"]) for r in rows(store, "country-mentions-by-month", iso="JP")}


@pytest.mark.parametrize("name", ["US", "Japan", "JP"])
def test_stance_over_time_agrees_with_the_stances_counted_in_python(store, name):
    """The name is resolved in both branches (answers, statements): a parameter must set both."""
    keys = {r["e"] for r in rows(store, DK + f'SELECT ?e WHERE {{ ?e dk:matchKey "{name.lower()}" }}')}
    want: dict = {}
    for r in rows(store, DK + "SELECT DISTINCT ?s ?e ?p ?d WHERE { ?s dk:target ?e ; dk:polarity ?p . "
                              "?u dk:expressesStance ?s . { ?x dk:answer ?u . ?c dk:hasExchange ?x } "
                              "UNION { ?c dk:hasStatement ?u } ?c dk:date ?d }"):
        if r["e"] in keys:
            month = want.setdefault(r["d"][:7], [set(), set()])
            month[r["p"].endswith("#Negative")].add(r["s"])
    got = {r["month"]: (int(r["positive"]), int(r["negative"])) for r in rows(store, "stance-over-time", name=name)}
    assert got and got == {m: (len(pos), len(neg)) for m, (pos, neg) in want.items()}
