"""Relationship views and graph exports, on the bundled sample (real transcripts).

Hand counts come from reading kg/data/sample/2024-02-23_mao-ning.txt: Bloomberg asked
three questions (sovereign debt; Chinese-made cranes at the Port of Los Angeles;
Volkswagen and forced labour in Xinjiang), Kyodo News two (both on the Fukushima
"treated water"), Reuters, CCTV and Dragon TV one each; Mao Ning "firmly oppose[s] the US
overstretching the concept of national security".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from kg.build import build
from kg.views.graph_export import write_csv, write_gexf, write_graphml, write_picture
from kg.rdf.store import KGStore
from kg.views.graphs import VIEWS, ViewFilter, build_view, load_facts, summary

from conftest import SHARED

ID = "https://w3id.org/diplokg/id/"
TOPIC = "https://w3id.org/diplokg/topic/"
DAY = ViewFilter(date_from=date(2024, 2, 23), date_to=date(2024, 2, 23))


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    store = KGStore(tmp_path_factory.mktemp("views") / "store")
    build(None, store, show_progress=False)
    yield load_facts(store)
    store.close()


def test_outlet_topic_matches_the_hand_count(facts):
    g = build_view(facts, "outlet-topic", DAY)
    assert g.nodes[ID + "outlet/bloomberg"]["count"] == 3
    assert g.nodes[ID + "outlet/kyodo"]["count"] == 2
    assert g.edges[ID + "outlet/bloomberg", TOPIC + "debt-and-development"]["weight"] == 1
    assert g.edges[ID + "outlet/bloomberg", TOPIC + "xinjiang"]["weight"] == 1
    assert g.edges[ID + "outlet/kyodo", TOPIC + "climate-and-environment"]["weight"] == 2
    assert g.edges[ID + "outlet/kyodo", TOPIC + "climate-and-environment"]["start"] == "2024-02-23"
    assert nx.is_bipartite(g)


def test_stance_view_is_signed_and_directed(facts):
    g = build_view(facts, "stance", DAY)
    e = g.edges[ID + "person/mao-ning", ID + "country/US"]
    assert g.is_directed() and e["negative"] >= 1 and e["sign"] == -1


def test_comention_and_references(facts):
    g = build_view(facts, "comention", DAY)
    assert g.has_edge(ID + "country/US", ID + "place/xinjiang")
    assert g.nodes[ID + "country/JP"]["type"] == "country" and g.nodes[ID + "country/JP"]["iso"] == "JP"
    r = build_view(facts, "references", DAY)
    assert r.has_edge(ID + "person/mao-ning", ID + "country/JP")
    assert not r.has_edge(ID + "country/JP", ID + "person/mao-ning")


def test_filters(facts):
    whole = build_view(facts, "outlet-topic")
    kyodo = build_view(facts, "outlet-topic", ViewFilter(outlet="Kyodo News"))
    outlets = [n for n, d in kyodo.nodes(data=True) if d["type"] == "outlet"]
    assert outlets == [ID + "outlet/kyodo"] and whole.number_of_nodes() > kyodo.number_of_nodes()
    mao = build_view(facts, "references", ViewFilter(spokesperson="mao-ning"))
    assert {n for n, d in mao.nodes(data=True) if d["type"] == "spokesperson"} == {ID + "person/mao-ning"}
    xj = build_view(facts, "outlet-topic", ViewFilter(topic="xinjiang"))
    assert TOPIC + "xinjiang" in xj
    countries = build_view(facts, "comention", ViewFilter(types=("country",)))
    assert {d["type"] for _, d in countries.nodes(data=True)} == {"country"}
    heavy = build_view(facts, "comention", ViewFilter(min_weight=3))
    assert heavy.number_of_edges() and all(d["weight"] >= 3 for *_, d in heavy.edges(data=True))
    early = build_view(facts, "comention", ViewFilter(date_to=date(2018, 12, 31)))
    assert all(d["end"] <= "2018-12-31" for _, d in early.nodes(data=True))


def test_measures_are_on_every_node_and_reruns_agree(facts):
    a = build_view(facts, "comention")
    b = build_view(facts, "comention")
    for n, d in a.nodes(data=True):
        for k in ("degree", "weighted_degree", "pagerank", "betweenness", "community"):
            assert k in d
        assert d["community"] == b.nodes[n]["community"]
    assert "top by pagerank" in summary(a)


@pytest.mark.skipif(SHARED is None, reason="the GEXF schemas are in ../shared/schemas")
@pytest.mark.parametrize("view", list(VIEWS))
def test_gexf_validates_against_the_official_schema(facts, view, tmp_path):
    from lxml import etree

    xsd = etree.XMLSchema(etree.parse(str(SHARED / "schemas" / "gexf" / "1.3" / "gexf.xsd")))
    path = write_gexf(build_view(facts, view), tmp_path / f"{view}.gexf")
    doc = etree.parse(str(path))
    assert xsd.validate(doc), xsd.error_log
    ns = {"g": "http://gexf.net/1.3"}
    nodes = doc.findall(".//g:node", ns)
    assert nodes and all(n.find("g:position", ns) is not None and n.find("g:color", ns) is not None
                         for n in nodes)


@pytest.mark.parametrize("view", list(VIEWS))
def test_graphml_round_trips_through_networkx_and_igraph(facts, view, tmp_path):
    import igraph

    g = build_view(facts, view)
    path = write_graphml(g, tmp_path / f"{view}.graphml")
    back = nx.read_graphml(path)
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    n = next(iter(g.nodes))
    assert back.nodes[n]["label"] == g.nodes[n]["label"]
    assert back.nodes[n]["pagerank"] == pytest.approx(g.nodes[n]["pagerank"])
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.vcount() == g.number_of_nodes() and ig.ecount() == g.number_of_edges()
    assert "weighted_degree" in ig.vs.attributes() and "weight" in ig.es.attributes()


def test_csv_tables(facts, tmp_path):
    import csv

    g = build_view(facts, "stance")
    folder = write_csv(g, tmp_path / "stance")
    nodes = list(csv.DictReader((folder / "nodes.csv").open()))
    edges = list(csv.DictReader((folder / "edges.csv").open()))
    assert len(nodes) == g.number_of_nodes() and len(edges) == g.number_of_edges()
    assert {"source", "target", "weight", "positive", "negative"} <= set(edges[0])


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_picture_renders_and_is_not_blank(facts, tmp_path, fmt):
    path = write_picture(build_view(facts, "comention"), tmp_path / f"c.{fmt}")
    assert path.stat().st_size > 20_000
    if fmt == "png":
        import matplotlib.image as mpimg

        pixels = mpimg.imread(path)
        assert pixels.shape[0] >= 800 and pixels[..., :3].std() > 0.02


def test_cli_export_and_views(tmp_path):
    import subprocess
    import sys

    store = tmp_path / "store"
    run = lambda *a: subprocess.run([sys.executable, "-m", "kg.cli", *map(str, a)],  # noqa: E731
                                    capture_output=True, text=True)
    assert run("build", "--store", store, "--model", "none").returncode == 0
    res = run("export", "--format", "gexf", "--view", "stance", "--store", store, "--out",
              tmp_path / "s.gexf")
    assert res.returncode == 0 and Path(tmp_path / "s.gexf").stat().st_size > 500
    res = run("views", "outlet-topic", "--store", store, "--from", "2024-02-23")
    assert res.returncode == 0 and "Bloomberg News" in res.stdout
    assert run("views", "nope", "--store", store).returncode == 2
    assert run("export", "--format", "csv", "--view", "comention", "--from", "not-a-date",
               "--store", store).returncode == 2
