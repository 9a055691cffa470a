"""``kg stats`` says how much of the data a field covers (exchanges naming their outlet, answers
naming who answered, documents that got extraction), per source format and language.

Counted by reading the two transcripts: 2018-05-11 Geng Shuang has 10 `Q:` questions (no outlet
named) and 10 `A:` answers; 2024-02-23 Mao Ning has 8 questions, each labelled with its outlet
(Reuters, CCTV, Dragon TV, Bloomberg, Kyodo News, Kyodo News, Bloomberg, Bloomberg), each
answered by "Mao Ning:"."""

from __future__ import annotations

import json
import subprocess
import sys

from kg.build import build, sample_corpus
from kg.rdf.stats import store_stats
from kg.rdf.store import KGStore


def test_coverage_of_outlets_speakers_and_extraction(tmp_path):
    files = [sample_corpus() / "2018-05-11_geng-shuang_t1558711.txt", sample_corpus() / "2024-02-23_mao-ning.txt"]
    with KGStore(tmp_path / "store") as store:
        build(files, store, show_progress=False, model="none")
        cov = store_stats(store)["coverage"]
    assert cov == [{"format": "fmprc-en", "language": "en", "documents": 2, "with_extraction": 2,
                    "exchanges": 18, "with_outlet": 8, "answers": 18, "with_speaker": 18}]
    res = subprocess.run([sys.executable, "-m", "kg.cli", "stats", "--store", str(tmp_path / "store")],
                         capture_output=True, text=True)
    assert "8 of 18 (44%)" in res.stdout and "2 of 2 (100%)" in res.stdout
    res = subprocess.run([sys.executable, "-m", "kg.cli", "stats", "--json", "--store", str(tmp_path / "store")],
                         capture_output=True, text=True)
    assert json.loads(res.stdout)["coverage"][0]["with_outlet"] == 8
