"""The Python API on the sample store, against facts read by hand in
kg/data/sample/2024-02-23_mao-ning.txt (Mao Ning, 8 exchanges): #1 Reuters (Kiribati policing,
"I'd refer you to competent authorities"), #2 CCTV, #4 and #8 Bloomberg News, #5 and #6 Kyodo
News (the treated water of Fukushima: Japan)."""

from __future__ import annotations

import networkx as nx
import pytest

import kg

pd = pytest.importorskip("pandas", reason="pip install -e '.[test]' installs pandas")


@pytest.fixture(scope="module")
def kb(sample_store_path):
    with kg.open_store(sample_store_path) as store:
        yield store


def test_exchanges_dataframe(kb):
    ex = kb.exchanges()
    mao = ex[ex["date"] == pd.Timestamp("2024-02-23").date()]
    assert len(mao) == 8 and list(mao["position"]) == list(range(1, 9))
    outlets = dict(zip(mao["position"], mao["outlet"]))
    assert outlets[1] == "Reuters" and outlets[2] == "CCTV"
    assert outlets[4] == outlets[8] == "Bloomberg News" and outlets[5] == outlets[6] == "Kyodo News"
    assert set(mao["answered_by"]) == {"Mao Ning"} and set(mao["language"]) == {"en"}
    assert set(mao["government"]) == {"CN"}
    assert "Referral" in mao.set_index("position").loc[1, "response_types"]
    # the sample's Q:/A: transcripts name no outlet: their rows say so with None
    assert ex["outlet"].isna().sum() > 0
    assert len(kb.exchanges(spokesperson="mao ning")) == 8
    assert len(kb.exchanges(outlet="Kyodo News", date_from="2024-01-01")) == 2


def test_query_and_saved_queries(kb):
    df = kb.query("SELECT ?label WHERE { ?c a dk:Country ; dk:isoCode 'JP' ; rdfs:label ?label }")
    assert list(df.columns) == ["label"] and list(df["label"]) == ["Japan"]
    said = kb.saved("said-about", name="Japan")
    assert {"date", "speaker", "text"} <= set(said.columns)
    assert "Kyodo News" in set(said["speaker"])
    assert "said-about" in set(kb.saved_queries()["name"])
    with pytest.raises(KeyError, match="did you mean said-about"):
        kb.saved("said-abut")


def test_view_entities_and_stats(kb):
    g = kb.view("comention", types=["country"])
    assert isinstance(g, nx.Graph) and g.number_of_nodes() > 5
    assert all(d["type"] == "country" for _, d in g.nodes(data=True))
    ents = kb.entities(type="country", search="jap")
    assert list(ents["label"]) == ["Japan"] and ents.iloc[0]["iso"] == "JP" and ents.iloc[0]["mentions"] >= 2
    assert kb.stats()["conferences"] >= 10
    assert kb.rows("SELECT (COUNT(*) AS ?n) WHERE { ?e a dk:Exchange }")[0]["n"] > 100
