"""kg bench on the bundled sample: every figure is measured and consistent (no timing asserts)."""

from __future__ import annotations

import json
import subprocess
import sys

from kg.bench import run_bench
from kg.build import discover, sample_corpus
from kg.rdf.query import saved_queries


def test_bench_measures_every_figure_on_the_sample():
    r = run_bench([sample_corpus()], model="none", jobs=1, show_progress=False)
    # every source file of the sample: the 10 English China MFA pages and one file (or two) per other
    # source format (kg/data/sample/SOURCES.md)
    assert r.files == len(discover([sample_corpus()])[0]) >= 15 and r.words > 15_000
    assert r.build_seconds > 0 and abs(r.build_words_per_s - r.words / r.build_seconds) < 0.01 * r.build_words_per_s
    assert r.bare_seconds > 0 and 0 < r.ratio_to_bare
    assert r.peak_rss_total_mb >= r.peak_rss_main_mb > 50
    assert r.store_mb > 1 and r.quads > 15_000
    assert 0 < r.incremental_seconds and abs(r.incremental_share - r.incremental_seconds / r.build_seconds) < 0.01
    assert set(r.query_median_ms) == set(saved_queries())
    assert "ratio build/bare" in r.table() and "incremental" in r.table()


def test_kg_bench_command_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "bench", str(sample_corpus()), "--model", "none",
                           "--no-bare", "--json", str(out)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    figures = json.loads(out.read_text())
    assert figures["files"] == len(discover([sample_corpus()])[0]) and figures["bare_seconds"] is None
    assert "saved queries" in proc.stdout
