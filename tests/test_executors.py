"""Where extraction runs: a Dask cluster gives the same graph as a local build."""

from __future__ import annotations

import pytest

from kg.build import build, sample_corpus
from kg.executors import ExecutorError, run_ordered
from kg.rdf.store import KGStore

# the one triple that differs between two builds of the same files: when each ran
VARIES = "http://www.w3.org/ns/prov#startedAtTime"


def quads(path) -> set[str]:
    with KGStore(path, read_only=True) as s:
        return {str(q) for q in s.oxigraph if q.predicate.value != VARIES}


def _square(x):
    return x * x


def test_local_pool_keeps_task_order():
    got = list(run_ordered(_square, [(i,) for i in range(50)], jobs=2))
    assert got == [i * i for i in range(50)]


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("dask.distributed", reason="pip install -e '.[test]' installs dask")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as c:
        yield c


def test_dask_cluster_builds_the_same_graph_as_a_local_build(cluster, tmp_path):
    files = sorted(p for p in sample_corpus().iterdir() if p.suffix in (".txt", ".html"))
    local = build(files, store_path=tmp_path / "local", model="none", show_progress=False)
    remote = build(files, store_path=tmp_path / "dask", model="none", show_progress=False,
                   executor="dask", scheduler=cluster.scheduler_address)
    assert local.count("built") == remote.count("built") == len(files)
    assert [r.status for r in local.results] == [r.status for r in remote.results]
    a, b = quads(tmp_path / "local"), quads(tmp_path / "dask")
    assert len(a) > 15_000 and a == b
    # an unchanged corpus sends nothing to the cluster
    again = build(files, store_path=tmp_path / "dask", model="none", show_progress=False,
                  executor="dask", scheduler=cluster.scheduler_address)
    assert again.count("unchanged") == len(files)


def test_a_bad_file_on_the_cluster_is_reported_and_the_rest_is_stored(cluster, tmp_path):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\xff\xfe\x00binary")
    files = sorted(p for p in sample_corpus().iterdir() if p.suffix in (".txt", ".html"))[:3] + [bad]
    report = build(files, store_path=tmp_path / "s", model="none", show_progress=False,
                   executor="dask", scheduler=cluster.scheduler_address)
    assert [r.status for r in report.results] == ["built", "built", "built", "failed"]
    assert "broken.txt" in report.results[-1].path and report.results[-1].reason


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    pytest.importorskip("dask.distributed")
    with pytest.raises(ExecutorError, match="127.0.0.1:9"):
        build(sorted(sample_corpus().iterdir())[:1], store_path=tmp_path / "s", model="none",
              show_progress=False, executor="dask", scheduler="tcp://127.0.0.1:9")
