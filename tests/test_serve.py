"""kg serve: the SPARQL 1.1 Protocol endpoint, run as a real process on 127.0.0.1.

Facts read by hand in kg/data/sample/2024-02-23_mao-ning.txt: Mao Ning answers 8
exchanges; #1 is asked by Reuters, #2 by CCTV, #4 and #8 by Bloomberg, #5 and #6 by
Kyodo News; #8 is about Volkswagen and forced labour in Xinjiang.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from conftest import start_kg_serve, stop

MAO = """PREFIX dk: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?pos ?outlet WHERE {
  ?c a dk:PressConference ; dk:date "2024-02-23"^^<http://www.w3.org/2001/XMLSchema#date> ;
     dk:hasExchange ?e .
  ?e dk:position ?pos .
  OPTIONAL { ?e dk:question/dk:askedBy/rdfs:label ?outlet }
} ORDER BY ?pos"""

COUNTRIES = """PREFIX dk: <https://w3id.org/diplokg/ontology#>
CONSTRUCT { ?c dk:isoCode ?iso ; a dk:Country } WHERE { ?c a dk:Country ; dk:isoCode ?iso }"""


def http(base, path="/sparql", *, params=None, data=None, headers=None, method=None):
    """(status, headers, body text) of one request; errors are answers, not exceptions."""
    url = base + path + ("?" + urllib.parse.urlencode(params, doseq=True) if params else "")
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.headers, resp.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def test_rdflib_sparqlstore_reads_hand_checked_facts(kg_server):
    g = Graph(store=SPARQLStore(kg_server + "/sparql", returnFormat="json"))
    rows = [(int(p), str(o) if o is not None else None) for p, o in g.query(MAO)]
    assert [p for p, _ in rows] == list(range(1, 9))
    outlets = dict(rows)
    assert outlets[1] == "Reuters" and outlets[2] == "CCTV"
    assert outlets[4] == outlets[8] == "Bloomberg News"
    assert outlets[5] == outlets[6] == "Kyodo News"


def test_sparqlwrapper_gets_the_same_rows_in_every_result_format(kg_server):
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    client = SPARQLWrapper(kg_server + "/sparql")
    client.setQuery(MAO)
    client.setReturnFormat(JSON)
    as_json = [(b["pos"]["value"], b.get("outlet", {}).get("value"))
               for b in client.query().convert()["results"]["bindings"]]
    assert len(as_json) == 8 and as_json[7] == ("8", "Bloomberg News")

    client.setReturnFormat(XML)
    doc = client.query().convert()
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert len(doc.getElementsByTagNameNS(ns["r"], "result")) == 8

    client.setReturnFormat(CSV)
    table = list(csv.reader(io.StringIO(client.query().convert().decode("utf-8"))))
    assert table[0] == ["pos", "outlet"] and [tuple(r) for r in table[1:]] == [
        (p, o or "") for p, o in as_json]

    client.setReturnFormat(TSV)
    lines = client.query().convert().decode("utf-8").strip().split("\n")
    assert lines[0] == "?pos\t?outlet" and len(lines) == 9
    assert lines[8].split("\t")[1] == '"Bloomberg News"'


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld")])
def test_construct_results_negotiate_graph_formats(kg_server, accept, fmt):
    status, headers, body = http(kg_server, params={"query": COUNTRIES}, headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    g = Graph().parse(data=body, format=fmt)
    reference = Graph().parse(data=http(kg_server, params={"query": COUNTRIES},
                                        headers={"Accept": "application/n-triples"})[2], format="nt")
    assert len(g) > 0 and isomorphic(g, reference)
    # the sample names Japan, the United States and Kiribati (2024-02-23, read by hand)
    iso = {str(o) for o in g.objects(None, URIRef("https://w3id.org/diplokg/ontology#isoCode"))}
    assert {"JP", "US", "KI"} <= iso


def test_get_post_form_and_post_query_answer_alike(kg_server):
    accept = {"Accept": "application/sparql-results+json"}
    got = http(kg_server, params={"query": MAO}, headers=accept)
    form = http(kg_server, data=urllib.parse.urlencode({"query": MAO}).encode(),
                headers={**accept, "Content-Type": "application/x-www-form-urlencoded"})
    direct = http(kg_server, data=MAO.encode(),
                  headers={**accept, "Content-Type": "application/sparql-query"})
    assert got[0] == form[0] == direct[0] == 200
    assert json.loads(got[2]) == json.loads(form[2]) == json.loads(direct[2])
    assert len(json.loads(got[2])["results"]["bindings"]) == 8


def test_ask_answers_in_json_and_xml(kg_server):
    q = 'ASK { ?o <http://www.w3.org/2000/01/rdf-schema#label> "Kyodo News" }'
    assert json.loads(http(kg_server, params={"query": q})[2]) == {"head": {}, "boolean": True}
    status, _, body = http(kg_server, params={"query": q}, headers={"Accept": "application/sparql-results+xml"})
    root = ET.fromstring(body)
    assert status == 200 and root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


def test_malformed_query_is_400_with_the_parser_message(kg_server):
    status, headers, body = http(kg_server, params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert status == 400 and headers["Content-Type"].startswith("text/plain")
    assert body.startswith("malformed query: error at 1:") and "expected" in body


def _count(base) -> str:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    return http(base, params={"query": q}, headers={"Accept": "text/csv"})[2]


def test_updates_are_refused_and_change_nothing(kg_server):
    before = _count(kg_server)
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    cases = [
        http(kg_server, data=urllib.parse.urlencode({"update": update}).encode(),
             headers={"Content-Type": "application/x-www-form-urlencoded"}),
        http(kg_server, data=update.encode(), headers={"Content-Type": "application/sparql-update"}),
        http(kg_server, params={"query": "PREFIX ex: <http://example.org/>\n" + update}),
        http(kg_server, params={"query": "DROP ALL"}),
    ]
    for status, _, body in cases:
        assert status == 403 and "read-only" in body
    assert _count(kg_server) == before


def test_unacceptable_types_bad_content_and_long_queries_are_refused(kg_server):
    assert http(kg_server, params={"query": "ASK {}"}, headers={"Accept": "image/png"})[0] == 406
    status, _, body = http(kg_server, data=b"<x/>", headers={"Content-Type": "application/xml"})
    assert status == 415 and "application/sparql-query" in body
    long_query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    status, _, body = http(kg_server, data=long_query.encode(),
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and "limit" in body
    two = http(kg_server, params={"query": ["ASK {}", "ASK {}"]})
    assert two[0] == 400


def test_result_size_limit(kg_server):
    status, _, body = http(kg_server, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert status == 413 and "1,048,576 bytes" in body and "LIMIT" in body
    assert http(kg_server, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})[0] == 200


def test_time_limit_stops_a_runaway_query_and_the_server_keeps_answering(kg_server):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    status, _, body = http(kg_server, params={"query": runaway})
    assert status == 503 and "time limit of 3 s" in body
    assert time.monotonic() - started < 30
    for _ in range(3):  # more requests than workers: the replacement worker answers too
        assert json.loads(http(kg_server, params={"query": "ASK {}"})[2])["boolean"] is True


def test_only_the_pages_own_origin_is_answered_by_default(kg_server):
    # the server's own page (same host and port) may query; any other web page may not
    own = kg_server
    status, headers, _ = http(kg_server, params={"query": "ASK {}"}, headers={"Origin": own})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    status, _, body = http(kg_server, params={"query": "ASK {}"}, headers={"Origin": "http://example.org"})
    assert status == 403 and "--cors-origin http://example.org" in body


def test_service_description_without_a_query(kg_server):
    status, headers, body = http(kg_server)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (URIRef(kg_server + "/sparql"), URIRef(sd + "endpoint"), URIRef(kg_server + "/sparql")) in g


def test_requests_cannot_reach_files_outside_the_package(kg_server):
    for path in ("/static/../../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml",
                 "/static/..%2f..%2fcli.py", "/api/views/..%2f..%2fpyproject.toml"):
        status, _, body = http(kg_server, path)
        assert status == 404 and "[project]" not in body, path


def test_views_and_saved_queries_api(kg_server):
    queries = json.loads(http(kg_server, "/api/queries")[2])
    names = {q["name"] for q in queries}
    assert {"said-about", "deflection-by-spokesperson", "outlet-topics-by-year"} <= names
    assert all(q["text"].lstrip().startswith("#") for q in queries)
    status, _, body = http(kg_server, "/api/views/outlet-topic", params={"max_nodes": 500})
    view = json.loads(body)
    labels = {n["id"]: n["label"] for n in view["nodes"]}
    pairs = {(labels[e["source"]], labels[e["target"]]) for e in view["edges"]}
    assert status == 200 and (("Bloomberg News", "Xinjiang") in pairs or ("Xinjiang", "Bloomberg News") in pairs)
    assert http(kg_server, "/api/views/nonesuch")[0] == 404
    status, _, body = http(kg_server, "/api/views/comention", params={"from": "yesterday"})
    assert status == 400 and "from" in body


def _outside_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            ip = s.getsockname()[0]
        except OSError:
            return None
    return None if ip.startswith("127.") or ip == "0.0.0.0" else ip


def test_binds_loopback_only_by_default(kg_server):
    ip = _outside_address()
    if ip is None:
        pytest.skip("this machine has no non-loopback IPv4 address to try")
    port = int(kg_server.rsplit(":", 1)[1])
    with socket.socket() as s:
        s.settimeout(5)
        assert s.connect_ex((ip, port)) != 0


def test_serve_without_a_store_names_the_folder(tmp_path):
    missing = tmp_path / "nowhere"
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "serve", "--store", str(missing)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and str(missing) in proc.stderr and "kg build" in proc.stderr
    assert not missing.exists()


def test_a_second_server_shares_the_store_read_only(sample_store_path, kg_server):
    proc, base = start_kg_serve(sample_store_path, "--workers", "1")
    try:
        assert _count(base) == _count(kg_server)
    finally:
        stop(proc)


# -- SPARQL dataset semantics (issue 16, finding 9) ---------------------------------------
# Expected counts come from a different code path: pyoxigraph's quads_for_pattern over the
# same store, graph by graph, with no SPARQL involved.

SUMMARY = "https://w3id.org/diplokg/graph/summary"
ENTITIES = "https://w3id.org/diplokg/graph/entities"


@pytest.fixture(scope="module")
def graph_sizes(sample_store_path):
    import pyoxigraph as ox

    store = ox.Store.read_only(str(sample_store_path))
    sizes = {g: sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
             for g in (SUMMARY, ENTITIES)}
    sizes["all"] = len(store)    # Oxigraph's union default graph has one row per quad
    return sizes


def _n(base, query, **params) -> int:
    status, _, body = http(base, params={"query": query, **params}, headers={"Accept": "text/csv"})
    assert status == 200, body
    return int(body.split()[1])


def test_from_and_from_named_choose_the_dataset(kg_server, graph_sizes):
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
    assert 0 < graph_sizes[SUMMARY] < graph_sizes["all"]
    assert _n(kg_server, count.format("")) == graph_sizes["all"]          # no FROM: the union
    assert _n(kg_server, count.format(f"FROM <{SUMMARY}>")) == graph_sizes[SUMMARY]
    assert _n(kg_server, count.format(f"from <{SUMMARY}> FROM <{ENTITIES}>")) == \
        graph_sizes[SUMMARY] + graph_sizes[ENTITIES]
    # FROM NAMED alone: GRAPH sees only that graph, the default graph is empty
    named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{SUMMARY}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert _n(kg_server, named) == graph_sizes[SUMMARY]
    assert _n(kg_server, count.format(f"FROM NAMED <{SUMMARY}>")) == 0


def test_protocol_dataset_replaces_the_querys_own(kg_server, graph_sizes):
    q = f"SELECT (COUNT(*) AS ?n) FROM <{SUMMARY}> WHERE {{ ?s ?p ?o }}"
    assert _n(kg_server, q, **{"default-graph-uri": ENTITIES}) == graph_sizes[ENTITIES]
    q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _n(kg_server, q, **{"named-graph-uri": SUMMARY}) == graph_sizes[SUMMARY]


def test_relative_iris_resolve_against_the_endpoint(kg_server):
    status, _, body = http(kg_server, params={"query": "SELECT ?x WHERE { BIND(<here#x> AS ?x) }"},
                           headers={"Accept": "text/csv"})
    assert status == 200 and body.split()[1] == kg_server + "/here#x"


def test_kg_query_honours_from_and_resolves_against_the_store_base(sample_store_path, graph_sizes):
    def kg_query(q):
        res = subprocess.run([sys.executable, "-m", "kg.cli", "query", q, "--store", str(sample_store_path),
                              "--format", "csv"], capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        return int(res.stdout.split()[1])

    assert kg_query(f"SELECT (COUNT(*) AS ?n) FROM <{SUMMARY}> WHERE {{ ?s ?p ?o }}") == graph_sizes[SUMMARY]
    # <graph/summary> is https://w3id.org/diplokg/graph/summary (the documented base)
    assert kg_query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <graph/summary> { ?s ?p ?o } }") == \
        graph_sizes[SUMMARY]
    assert kg_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == graph_sizes["all"]
