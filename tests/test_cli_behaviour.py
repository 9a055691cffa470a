"""The CLI behaves: long inline queries, pipes closed early, full-text tables, stated defaults.
Each of these failed before its fix (File name too long, BrokenPipeError traceback, cells
always clipped, --jobs default 1 and unstated)."""

from __future__ import annotations

import subprocess
import sys


def kg(*args, **kw):
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300, **kw)


def test_a_long_one_line_query_runs(sample_store_path):
    filters = " ".join(f"FILTER (?c != <urn:not-a-conference-{i}>)" for i in range(12))
    query = f"SELECT ?c WHERE {{ ?c a dk:PressConference . {filters} }} ORDER BY ?c LIMIT 3"
    assert len(query) > 300 and "\n" not in query
    res = kg("query", query, "--store", sample_store_path)
    assert res.returncode == 0, res.stderr
    assert "(3 rows)" in res.stdout


def test_piping_into_head_ends_quietly(sample_store_path):
    for command in ("stats", "sources", "query --list"):
        res = subprocess.run(f"{sys.executable} -m kg.cli {command} --store {sample_store_path} | head -1"
                             if command != "sources" else f"{sys.executable} -m kg.cli sources | head -1",
                             shell=True, capture_output=True, text=True, timeout=300)
        assert res.returncode == 0 and "Traceback" not in res.stderr and "BrokenPipe" not in res.stderr, \
            (command, res.stderr)
        assert res.stdout.strip()


def test_tables_can_show_full_text(sample_store_path):
    query = ("SELECT ?t WHERE { ?u dk:text ?t . FILTER (STRLEN(?t) > 200 && "
             "STRSTARTS(?t, 'According to Kiribati officials')) }")
    clipped = kg("query", query, "--store", sample_store_path)
    full = kg("query", query, "--store", sample_store_path, "--full")
    assert "…" in clipped.stdout and len(clipped.stdout.splitlines()[2]) <= 61
    # the whole question as printed in kg/data/sample/2024-02-23_mao-ning.txt, line 5
    assert "community policing. Does the Ministry of Foreign Affairs have any further information" in full.stdout
    assert "…" not in full.stdout


def test_jobs_default_is_stated_and_is_the_machine_s_cores():
    import os

    cores = len(os.sched_getaffinity(0))
    res = kg("build", "--help")
    assert f"this machine's cores, {cores})" in " ".join(res.stdout.split())
