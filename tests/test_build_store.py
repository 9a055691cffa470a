"""Build into a real persistent store: idempotency, incremental rebuild, crash safety,
bad input, and the CLI's contract (exit codes, stats keys, formats)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import build, discover, sample_corpus
from kg.sources import detect
from kg.rdf.namespaces import graph_iri
from kg.rdf.mapping import source_key
from kg.rdf.stats import store_stats
from kg.rdf.store import KGStore
from kg.rdf.validate import validate_store

# every source file of the sample (all formats), and the English China MFA pages among them
SAMPLE_FILES = discover([sample_corpus()])[0]
SAMPLE = sorted(p for p in SAMPLE_FILES if detect(p.name, p.read_bytes()).name == "fmprc-en")
# conferences per format, from kg/data/sample/SOURCES.md (read by hand): 10 English China MFA pages;
# one Chinese page; the Chinese CSV's 4 rows; the english-catti JSON's 2 records, each an English and a
# Chinese document; the CMFA xlsx and csv (the same 14 rows: 7 conferences, counted once in the store);
# one White House briefing; the Singapore MFA excerpt's 2 joint press conferences (and 3 statement documents)
SAMPLE_CONFERENCES = {"fmprc-en": 10, "fmprc-zh": 1, "fmprc-zh-csv": 4, "fmprc-qa-json": 4, "cmfa-presscon": 7,
                      "whitehouse": 1, "singapore-mfa": 2}


def kg(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=600)


def test_sample_builds_and_validates(store):
    report = build(None, store, show_progress=False, model="none")
    assert report.failed == [] and report.count("built") == len(SAMPLE_FILES) and not report.bad
    assert len(SAMPLE) == 10
    stats = store_stats(store)
    formats = {r.format for r in report.results}
    assert stats["conferences"] == sum(n for f, n in SAMPLE_CONFERENCES.items() if f in formats)
    # the CMFA xlsx and csv describe the same 7 conferences: their exchanges are counted once in the store
    assert stats["exchanges"] == report.exchanges - sum(r.exchanges for r in report.results
                                                          if r.format == "cmfa-presscon" and r.path.endswith(".csv"))
    assert report.unextracted() == {}          # every language has a pipeline (Chinese: kg/nlp/zh)
    by_government = dict((str(g), int(n)) for g, n in store.query(
        "PREFIX dk: <https://w3id.org/diplokg/ontology#> SELECT ?iso (COUNT(?c) AS ?n) WHERE { "
        "?c a dk:PressConference ; dk:government/dk:isoCode ?iso } GROUP BY ?iso"))
    assert by_government == {"CN": 10 + 1 + 4 + 4 + 7, "US": 1, "SG": 2}
    assert validate_store(store).conforms


def test_rebuild_is_idempotent_and_mints_the_same_iris(tmp_path):
    with KGStore(tmp_path / "a") as a:
        build(None, a, show_progress=False, model="none")
        first = store_stats(a)
        again = build(None, a, show_progress=False, model="none")
        assert again.count("unchanged") == len(SAMPLE_FILES) and again.count("built") == 0
        assert store_stats(a) == first
        triples_a = {t for t in a.union_graph() if "startedAtTime" not in str(t[1])}
    with KGStore(tmp_path / "b") as b:
        build(None, b, show_progress=False, model="none")
        triples_b = {t for t in b.union_graph() if "startedAtTime" not in str(t[1])}
    assert triples_a == triples_b


def test_changed_file_replaces_only_what_it_produced(tmp_path, store):
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_corpus(), corpus)
    build([corpus], store, show_progress=False, model="none")
    target = corpus / "2018-05-11_geng-shuang_t1558711.txt"
    other_graphs = {g: set(store.dataset.graph(g)) for g in store.graphs() if g != graph_iri(source_key(target))}
    text = target.read_text(encoding="utf-8")
    cut = text.index("Q: With regard to the DPRK-US summit")
    target.write_text(text[:cut] + text[text.index("Q: According to reports, on the evening of May 10"):],
                      encoding="utf-8")
    report = build([corpus], store, show_progress=False, model="none")
    assert report.count("built") == 1 and report.count("unchanged") == len(SAMPLE_FILES) - 1
    rows = list(store.query("PREFIX dk: <https://w3id.org/diplokg/ontology#> SELECT (COUNT(?e) AS ?n) WHERE { "
                            "<https://w3id.org/diplokg/id/conference/2018-05-11-geng-shuang-t1558711> dk:hasExchange ?e }"))
    assert int(rows[0][0]) == 9
    for g, triples in other_graphs.items():
        if g.endswith("/links") or g.endswith("/summary"):   # derived from all files: recomputed
            continue
        assert set(store.dataset.graph(g)) == triples, g


def test_bad_input_matrix_is_reported_and_the_rest_builds(tmp_path, store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE[0], corpus / SAMPLE[0].name)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "latin1.txt").write_bytes("Q: Caf\xe9?\n\nA: Oui.".encode("latin-1"))
    html = (sample_corpus() / "2018-09-14_geng-shuang_t1595274.html").read_text(encoding="utf-8")
    (corpus / "truncated.html").write_text(html[: len(html) // 2], encoding="utf-8")
    (corpus / "notes.txt").write_text("Shopping list\n\nmilk, eggs", encoding="utf-8")
    report = build([corpus, tmp_path / "missing.txt"], store, show_progress=False, model="none")
    reasons = {Path(r.path).name: r.reason for r in report.failed}
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt", "truncated.html", "notes.txt", "missing.txt"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"] and "truncated HTML" in reasons["truncated.html"]
    assert "no recognisable transcript structure" in reasons["notes.txt"]
    assert "no such file" in reasons["missing.txt"]
    assert report.count("built") == 1


def test_a_file_gone_bad_keeps_what_it_stored(tmp_path, store):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = corpus / SAMPLE[0].name
    shutil.copy(SAMPLE[0], good)
    build([corpus], store, show_progress=False, model="none")
    before = set(store.dataset.graph(graph_iri(source_key(good))))
    good.write_bytes(b"\x00\x01binary now")
    report = build([corpus], store, show_progress=False, model="none")
    assert report.count("failed") == 1
    assert set(store.dataset.graph(graph_iri(source_key(good)))) == before


def test_only_bad_files_leave_the_store_unchanged(tmp_path):
    store_dir = tmp_path / "store"
    assert kg("build", "--store", store_dir, "--model", "none").returncode == 0
    before = json.loads(kg("stats", "--store", store_dir, "--json").stdout)
    (tmp_path / "empty.txt").write_bytes(b"")
    res = kg("build", tmp_path / "empty.txt", tmp_path / "nope.html", "--store", store_dir)
    assert res.returncode == 1
    assert "empty.txt: empty file" in res.stderr and "nope.html: no such file" in res.stderr
    assert json.loads(kg("stats", "--store", store_dir, "--json").stdout) == before


def test_cli_exit_codes_and_stats_keys(tmp_path):
    store_dir = tmp_path / "store"
    assert kg("build", "--store", store_dir, "--jobs", "0").returncode == 2
    assert kg("build", "--store", store_dir, "--frobnicate").returncode == 2
    res = kg("build", "--store", store_dir, "--jobs", "2")
    assert res.returncode == 0 and f"{len(SAMPLE_FILES)} built" in res.stdout and res.stderr == ""  # piped: no bar
    stats = json.loads(kg("stats", "--store", store_dir, "--json").stdout)
    for key in ("conferences", "statements", "exchanges", "mentions", "entities", "triples", "quads"):
        assert key in stats
    assert isinstance(stats["entities"], dict) and stats["conferences"] == sum(SAMPLE_CONFERENCES.values())
    assert kg("validate", "--store", store_dir).returncode == 0


def test_query_formats(tmp_path):
    store_dir = tmp_path / "store"
    kg("build", "--store", store_dir, "--model", "none")
    q = ("PREFIX dk: <https://w3id.org/diplokg/ontology#> SELECT ?label (COUNT(?e) AS ?n) WHERE { "
         "?e dk:question/dk:askedBy/<http://www.w3.org/2000/01/rdf-schema#label> ?label } GROUP BY ?label")
    res = json.loads(kg("query", q, "--store", store_dir, "--format", "json").stdout)
    assert res["head"]["vars"] == ["label", "n"]
    counts = {b["label"]["value"]: int(b["n"]["value"]) for b in res["results"]["bindings"]}
    # 2024-02-23 (read by hand): Kyodo asked twice, Bloomberg twice
    assert counts["Kyodo News"] >= 2 and counts["Bloomberg News"] >= 2
    csv_out = kg("query", q, "--store", store_dir, "--format", "csv").stdout
    assert csv_out.splitlines()[0] == "label,n"
    tsv_out = kg("query", q, "--store", store_dir, "--format", "tsv").stdout
    assert tsv_out.splitlines()[0] == "?label\t?n"
    assert "row" in kg("query", "exchanges-by-outlet", "--store", store_dir).stdout
    bad = kg("query", "SELECT WHERE {", "--store", store_dir)
    assert bad.returncode == 2 and "invalid SPARQL" in bad.stderr


def test_outlet_spellings_are_one_entity_with_qids(store):
    build(None, store, show_progress=False, model="none")
    rows = list(store.query("PREFIX dk: <https://w3id.org/diplokg/ontology#> "
                            "SELECT DISTINCT ?label ?o WHERE { ?q dk:askedBy ?o . ?q dk:speakerLabel ?label }"))
    by_label = {str(l): str(o) for l, o in rows}
    assert by_label["AFP"].endswith("/outlet/afp")
    ask = ("ASK { <https://w3id.org/diplokg/id/outlet/afp> <http://www.w3.org/2002/07/owl#sameAs> "
           "<http://www.wikidata.org/entity/Q40464> }")
    assert store.query(ask).askAnswer


@pytest.mark.parametrize("fmt, parser", [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld"),
                                         ("trig", "trig"), ("nquads", "nquads")])
def test_exports_parse_back(tmp_path, fmt, parser):
    store_dir = tmp_path / "store"
    kg("build", "--store", store_dir, "--model", "none")
    out = tmp_path / f"out.{fmt}"
    assert kg("export", "--format", fmt, "--out", out, "--store", store_dir).returncode == 0
    from rdflib import Dataset

    if parser in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(out, format=parser)
        assert len(list(ds.graphs())) >= 11
    else:
        g = Graph().parse(out, format=parser)
        stats = json.loads(kg("stats", "--store", store_dir, "--json").stdout)
        assert len(g) == stats["triples"]


def _kill_build_midway(store_dir: Path, corpus: Path, delay: float) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store",
                             str(store_dir), "--model", "none"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _quads(path: Path) -> set[str]:
    with KGStore(path, read_only=True) as s:
        return {str(q) for q in s.oxigraph if "startedAtTime" not in q.predicate.value}


def test_killed_update_leaves_every_file_whole_or_absent(tmp_path, fmprc):
    """SIGKILL in the middle of adding files to a store that holds some: each file's graph
    is either complete or absent (each file is one transaction)."""
    store_dir = tmp_path / "store"
    first = sorted((fmprc / "txt").glob("*.txt"))[:20]
    with KGStore(store_dir) as s:
        build(first, s, show_progress=False, model="none")
    _kill_build_midway(store_dir, fmprc / "txt", 12)
    with KGStore(store_dir) as s:
        partial = {g for g in s.graphs() if "/source/" in g}
        assert 20 < len(partial) < 500, "kill landed outside the build; adjust the delay"
        sizes = {g: len(s.dataset.graph(g)) for g in partial}
    with KGStore(tmp_path / "fresh") as fresh:
        names = [g.rsplit("/", 1)[-1] for g in partial]
        files = [p for p in (fmprc / "txt").glob("*.txt") if source_key(p) in names]
        build(files, fresh, show_progress=False, model="none")
        for g in partial:
            assert len(fresh.dataset.graph(g)) == sizes[g], g
    # and the interrupted store finishes on the next run
    with KGStore(store_dir) as s:
        report = build([fmprc / "txt"], s, show_progress=False, model="none")
        assert report.count("unchanged") == len(partial) and report.failed == []


@pytest.mark.parametrize("delay", [6, 14])
def test_killed_bulk_load_is_finished_by_the_next_build(tmp_path, fmprc, delay):
    """SIGKILL during a first build (bulk-loaded): the next build ends with exactly the graph
    an uninterrupted build gives, whether the kill landed before or during the load."""
    files = sorted((fmprc / "txt").glob("*.txt"))[:150]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in files:
        shutil.copy(f, corpus / f.name)
    _kill_build_midway(tmp_path / "store", corpus, delay)
    report = build([corpus], store_path=tmp_path / "store", show_progress=False, model="none")
    assert report.failed == []
    build([corpus], store_path=tmp_path / "clean", show_progress=False, model="none")
    assert _quads(tmp_path / "store") == _quads(tmp_path / "clean")
    assert not list((tmp_path / "store").glob("bulk-*.nq"))


def test_an_entity_named_two_ways_keeps_one_label(store):
    """"Sarah McIver" and "Sarah Mciver" (both printed in the corpus) are one minted IRI."""
    from rdflib import Literal, URIRef

    from kg.rdf.namespaces import LABEL_IF_ABSENT, RDFS

    person = URIRef("https://w3id.org/diplokg/id/person/sarah-mciver")
    for name, spelling in (("a", "Sarah McIver"), ("b", "Sarah Mciver")):
        g = graph_iri(name)
        store.replace_graph(g, [(g, RDFS.comment, Literal(name), g),
                                (person, RDFS.label, Literal(spelling), LABEL_IF_ABSENT)])
    labels = {str(o) for o in store.dataset.objects(person, RDFS.label)}
    assert labels == {"Sarah McIver"}
