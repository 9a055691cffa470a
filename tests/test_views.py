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

from conftest import SHARED, gexf_for_schema

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
    """Valid GEXF 1.3 once the viz elements are put where the published XSD declares them
    (the main namespace); readers (Gephi, networkx, graphology) want them in viz:."""
    from lxml import etree

    xsd = etree.XMLSchema(etree.parse(str(SHARED / "schemas" / "gexf" / "1.3" / "gexf.xsd")))
    path = write_gexf(build_view(facts, view), tmp_path / f"{view}.gexf")
    text = path.read_text(encoding="utf-8")
    assert 'xmlns:viz="http://gexf.net/1.3/viz"' in text
    doc = gexf_for_schema(text)
    assert xsd.validate(doc), xsd.error_log
    ns = {"g": "http://gexf.net/1.3"}
    nodes = doc.findall(".//g:node", ns)
    assert nodes and all(n.find("g:position", ns) is not None and n.find("g:color", ns) is not None
                         for n in nodes)


def test_gexf_is_read_by_networkx_with_ids_colours_positions_and_spells(facts, tmp_path):
    g = build_view(facts, "comention")
    back = nx.read_gexf(write_gexf(g, tmp_path / "c.gexf"))
    assert set(back.nodes) == set(g.nodes)                      # ids are the entities' IRIs
    jp = ID + "country/JP"
    viz = back.nodes[jp]["viz"]
    assert viz["color"]["r"] == 0 and viz["color"]["b"] == 178 and viz["position"]["x"] != 0
    # Japan was mentioned only on the days the sample's transcripts mention it: one spell each,
    # and nothing across the gaps between them
    assert sorted(s[0] for s in back.nodes[jp]["spells"]) == sorted(g.nodes[jp]["dates"])
    assert all(start == end for start, end in back.nodes[jp]["spells"])
    a, b, d = max(g.edges(data=True), key=lambda e: len(e[2]["dates"]))
    assert len(d["dates"]) > 1 and sorted(s[0] for s in back.edges[a, b]["spells"]) == sorted(d["dates"])


def test_stance_gexf_colours_edges_by_sign(facts, tmp_path):
    """networkx's reader keeps no edge colours; the XML (what Gephi reads) has them."""
    from lxml import etree

    g = build_view(facts, "stance")
    doc = etree.parse(str(write_gexf(g, tmp_path / "s.gexf")))
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    sign = {(a, b): d.get("sign") for a, b, d in g.edges(data=True)}
    red = [(e.get("source"), e.get("target")) for e in doc.findall(".//g:edge", ns)
           if e.find("viz:color", ns) is not None and e.find("viz:color", ns).get("r") == "213"]
    assert red and all(sign[e] == -1 for e in red) and len(red) == list(sign.values()).count(-1)


def test_gexf_is_read_by_graphology(facts, tmp_path):
    import json
    import shutil
    import subprocess

    tool = Path(__file__).parent / "tools" / "gexf_check"
    if shutil.which("node") is None or not (tool / "node_modules" / "graphology-gexf").is_dir():
        pytest.skip("graphology-gexf is not installed (cd tests/tools/gexf_check && npm ci; .ci/run does it)")
    for view in ("comention", "stance"):
        g = build_view(facts, view)
        path = write_gexf(g, tmp_path / f"{view}.gexf")
        out = json.loads(subprocess.run(["node", str(tool / "read_gexf.mjs"), str(path)], capture_output=True,
                                        text=True, check=True).stdout)
        assert out["order"] == g.number_of_nodes() and out["size"] == g.number_of_edges()
        if view == "comention":
            jp = out["nodes"][ID + "country/JP"]
            assert jp["label"] == "Japan" and jp["color"] == "rgb(0,114,178)" and jp["x"] != 0 and jp["size"] > 0
        else:
            assert out["type"] == "directed"
            red = [e for e in out["edges"] if e.get("color") == "rgb(213,94,0)"]
            assert red and all(g.edges[e["source"], e["target"]]["sign"] == -1 for e in red)


def test_every_format_has_the_same_node_ids_and_colours(facts, tmp_path):
    import csv

    g = build_view(facts, "outlet-topic")
    gexf_ids = set(nx.read_gexf(write_gexf(g, tmp_path / "v.gexf")).nodes)
    graphml = nx.read_graphml(write_graphml(g, tmp_path / "v.graphml"))
    rows = list(csv.DictReader((write_csv(g, tmp_path / "v") / "nodes.csv").open(encoding="utf-8")))
    assert gexf_ids == set(graphml.nodes) == {r["id"] for r in rows} == set(g.nodes)
    kyodo = ID + "outlet/kyodo"
    assert (graphml.nodes[kyodo]["r"], graphml.nodes[kyodo]["g"], graphml.nodes[kyodo]["b"]) == (213, 94, 0)
    row = next(r for r in rows if r["id"] == kyodo)
    assert (row["r"], row["x"]) == ("213", str(graphml.nodes[kyodo]["x"]))


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
    run = lambda *a, cwd=None: subprocess.run([sys.executable, "-m", "kg.cli", *map(str, a)],  # noqa: E731
                                              capture_output=True, text=True, cwd=cwd)
    assert run("build", "--store", store, "--model", "none").returncode == 0
    res = run("export", "--format", "gexf", "--view", "stance", "--store", store, "--out",
              tmp_path / "s.gexf")
    assert res.returncode == 0 and Path(tmp_path / "s.gexf").stat().st_size > 500
    # without --out a view goes to the current folder, never over the committed exports/
    res = run("export", "--format", "graphml", "--view", "references", "--store", store, cwd=tmp_path)
    assert res.returncode == 0 and (tmp_path / "references.graphml").is_file()
    res = run("views", "outlet-topic", "--store", store, "--from", "2024-02-23")
    assert res.returncode == 0 and "Bloomberg News" in res.stdout
    assert run("views", "nope", "--store", store).returncode == 2
    assert run("export", "--format", "csv", "--view", "comention", "--from", "not-a-date",
               "--store", store).returncode == 2


@pytest.mark.parametrize("view", ["comention", "stance", "entity-month"])
def test_web_view_keeps_the_heaviest_nodes_and_every_edge_between_them(facts, view):
    """The explorer's view (kg.server.explorer_views, built straight from the kept edges) against
    networkx's own subgraph of the full view, thresholded here: the same nodes, the same edges
    (with links=0; the page's default draws only each node's strongest, see test_explorer)."""
    from kg.server.explorer_views import view_for_web

    full = VIEWS[view](facts, ViewFilter())
    strong = [(a, b) for a, b, d in full.edges(data=True) if d.get("weight", 0) >= 2]
    degree: dict = {}
    for a, b in strong:
        for n in (a, b):
            degree[n] = degree.get(n, 0) + full.edges[a, b].get("weight", 1)
    top = sorted(degree, key=lambda n: (-degree[n], full.nodes[n]["label"]))[:15]
    want = full.edge_subgraph(strong).subgraph(top)
    got = view_for_web(facts, view, {"min_weight": "2"}, 15, links=0)
    assert got["edges_between_shown"] == want.number_of_edges()
    assert {n["id"] for n in got["nodes"]} == set(top) and len(top) > 3
    as_set = (lambda a, b: (a, b)) if full.is_directed() else (lambda a, b: frozenset((a, b)))
    assert {as_set(e["source"], e["target"]) for e in got["edges"]} == {as_set(a, b) for a, b in want.edges}
    assert all(e["weight"] == full.edges[e["source"], e["target"]]["weight"] for e in got["edges"])
