"""kg bench --scale on a tiny synthetic corpus made from the bundled sample: the logic (corpus
making, the 1x slice, the model estimate, the figures' consistency), not the timings."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from kg.bench import ScaleRun, model_projection, run_scale
from kg.build import sample_corpus
from kg.nlp.pipeline import DEFAULT_MODEL, model_available
from kg.rdf.query import saved_queries
from kg.scale_corpus import make

# three China MFA pages of the sample (kg/data/sample/SOURCES.md); their titles, read in the files:
# "... Regular Press Conference on May 11, 2018", "... on January 8, 2019", "... on April 29, 2019"
PAGES = ["2018-05-11_geng-shuang_t1558711.txt", "2019-01-08_lu-kang_t1627900.txt",
         "2019-04-29_geng-shuang_t1659619.txt"]


@pytest.fixture
def source(tmp_path):
    src = tmp_path / "source"
    src.mkdir()
    for name in PAGES:
        shutil.copyfile(sample_corpus() / name, src / name)
    return src


def test_scale_corpus_copies_under_new_names_and_dates(source, tmp_path):
    out = tmp_path / "scale"
    files, words = make(source, out, copies=3)
    assert files == 9
    assert words == 3 * sum(len((source / n).read_text(encoding="utf-8").split()) for n in PAGES)
    names = sorted(p.name for p in out.glob("*.txt"))
    assert "1998-05-11_geng-shuang_t21558711.txt" in names and "2008-05-11_geng-shuang_t11558711.txt" in names
    assert "2018-05-11_geng-shuang_t01558711.txt" in names
    # the title's date moves with the copy (the original's title says May 11, 2018)
    assert "Regular Press Conference on May 11, 2008" in (out / "2008-05-11_geng-shuang_t11558711.txt").read_text()
    assert "SYNTHETIC" in (out / "README.md").read_text()


def test_model_projection_is_the_slice_rate():
    run = ScaleRun(files=2, words=4_000, seconds=2.0, words_per_s=2_000, peak_rss_total_mb=1,
                   peak_rss_main_mb=1, load="")
    assert model_projection(run, 1_000_000) == 500.0


@pytest.mark.skipif(not model_available(DEFAULT_MODEL), reason=f"the model {DEFAULT_MODEL} is not installed")
def test_run_scale_measures_every_figure(source, tmp_path):
    # a made corpus of 2 copies (6 files), a slice of about the first file's words: the 1x builds
    # take one or two files, the full builds all six; the model's full run is estimated (limit 0)
    first = len((source / PAGES[0]).read_bytes().split())
    r = run_scale(None, model=DEFAULT_MODEL, jobs=1, copies=2, slice_words=first, model_full_limit_s=0.0,
                  workdir=tmp_path / "work", source=source, show_progress=False)
    assert r.files == 6 and r.none_full.files == 6 and 1 <= r.slice_files < 6
    assert r.none_slice.files == r.slice_files and r.none_slice.words < r.none_full.words == r.words
    assert r.memory_ratio == round(r.none_full.peak_rss_total_mb / r.none_slice.peak_rss_total_mb, 2)
    assert r.none_full.peak_rss_total_mb >= r.none_full.peak_rss_main_mb > 50
    assert r.store_mb > 1 and r.quads > 10_000 and r.incremental_seconds > 0
    assert set(r.query_median_ms) == set(saved_queries())
    assert r.model == DEFAULT_MODEL and r.model_slice.words == r.none_slice.words
    assert r.model_estimated and r.model_full is None
    assert r.model_full_seconds == model_projection(r.model_slice, r.words)
    assert "ESTIMATED" in r.table() and "load" in r.table()
    # the stores are removed as soon as they are measured
    assert not any((tmp_path / "work").glob("store*"))


@pytest.mark.skipif(not model_available(DEFAULT_MODEL), reason=f"the model {DEFAULT_MODEL} is not installed")
def test_run_scale_runs_the_full_model_build_under_the_limit(source, tmp_path):
    first = len((source / PAGES[0]).read_bytes().split())
    r = run_scale(None, model=DEFAULT_MODEL, jobs=1, copies=1, slice_words=first, model_full_limit_s=1e9,
                  workdir=tmp_path / "work", source=source, show_progress=False)
    assert r.files == 3 and r.slice_files == 1 and not r.model_estimated
    assert r.model_full is not None and r.model_full.files == 3 and r.model_full.words == r.words
    assert r.model_full_seconds == r.model_full.seconds and "ESTIMATED" not in r.table()


def test_kg_bench_scale_command_writes_json(source, tmp_path):
    corpus = tmp_path / "scale"
    make(source, corpus, copies=1)
    before = {p.name: p.read_bytes() for p in corpus.iterdir()}
    out = tmp_path / "scale.json"
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "bench", "--scale", str(corpus), "--model", "none",
                           "--jobs", "1", "--json", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(out.read_text())
    assert figures["files"] == 3 and figures["none_full"]["files"] == 3
    assert "SYNTHETIC" in proc.stdout and "memory full/1x" in proc.stdout
    # --model none alone: no model run, nothing estimated
    assert figures["model"] is None and figures["model_slice"] is None and "ESTIMATED" not in proc.stdout
    # the given corpus is copied, never changed by the incremental rebuild
    assert {p.name: p.read_bytes() for p in corpus.iterdir()} == before
