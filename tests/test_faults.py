"""Fault injection: builds killed at every phase, full disks, damaged and read-only stores,
files that are not files, unreadable folders, orphaned workers.

Every case runs the real ``kg`` command in a subprocess against a real store and checks
what a user sees (one message, an exit status, never a traceback) and what the store
holds afterwards. Cases that need a mount (a small tmpfs for a full disk, a read-only
file system) run inside a user and mount namespace (``unshare -rm``) and are skipped with
the reason when the machine does not allow one. Permission cases run as an unprivileged
user (``setpriv``) when the tests run as root, since root reads everything.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kg.build import sample_corpus
from kg.rdf.store import KGStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = sorted(p for p in sample_corpus().iterdir() if p.suffix in (".txt", ".html"))
VARIES = "http://www.w3.org/ns/prov#startedAtTime"   # the one triple two builds differ in


def kg(*args, env=None, timeout=300, user=None, cwd=None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "kg.cli", *map(str, args)]
    if user is not None:
        cmd = user + cmd
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, cwd=cwd or ROOT)


def clean_failure(res: subprocess.CompletedProcess) -> None:
    """A fault is one clear message and a non-zero status, never a traceback."""
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout, res.stderr[-3000:]
    assert res.returncode not in (0, -9), (res.returncode, res.stderr[-2000:])


def quads(path: Path) -> set[str]:
    with KGStore(path, read_only=True) as s:
        return {str(q) for q in s.oxigraph if q.predicate.value != VARIES}


def corpus_copy(tmp: Path, files=SAMPLE) -> Path:
    out = tmp / "corpus"
    out.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, out / f.name)
    return out


# -- killed at every phase ---------------------------------------------------------------------

# a first build (bulk load), in the order the phases come; "stored:3" = after the third file
FIRST_BUILD_PHASES = ["planned", "stored:3", "bulk-loaded", "written", "linked", "aligned", "summarised", "done"]
# a build into a store that already holds files (one transaction per file); the half stored first
# holds the Chinese version of 2020-06-11 and the update adds its English one, so "linked" is
# killed after the new dk:otherVersion link and before the exchanges are aligned (dk:correspondsTo)
UPDATE_PHASES = ["planned", "stored:1", "stored:4", "written", "linked", "aligned", "summarised", "done"]


@pytest.fixture(scope="module")
def clean_store(tmp_path_factory):
    """The sample corpus (a copy at a fixed path) built without interruption."""
    tmp = tmp_path_factory.mktemp("clean")
    corpus = corpus_copy(tmp)
    res = kg("build", corpus, "--store", tmp / "store", "--model", "none")
    assert res.returncode == 0, res.stderr
    with KGStore(tmp / "store", read_only=True) as s:   # the 2020-06-11 pair's exchanges are aligned
        assert s.query("ASK { GRAPH <https://w3id.org/diplokg/graph/links> "
                       "{ ?a <https://w3id.org/diplokg/ontology#correspondsTo> ?b } }").askAnswer
    return corpus, tmp / "store"


def _killed_at(phase: str, corpus: Path, store: Path) -> None:
    res = kg("build", corpus, "--store", store, "--model", "none", env={"DIPLOKG_FAULT": phase})
    assert res.returncode == -signal.SIGKILL, f"the build was not killed at {phase}: {res.stderr[-1500:]}"


@pytest.mark.parametrize("phase", FIRST_BUILD_PHASES)
def test_first_build_killed_at_each_phase_then_rerun_equals_a_clean_build(clean_store, tmp_path, phase):
    corpus, clean = clean_store
    store = tmp_path / "store"
    _killed_at(phase, corpus, store)
    res = kg("build", corpus, "--store", store, "--model", "none")
    assert res.returncode == 0, res.stderr
    assert quads(store) == quads(clean)
    assert not [f.name for f in store.iterdir() if f.name.startswith("bulk-")]


@pytest.mark.parametrize("phase", UPDATE_PHASES)
def test_update_killed_at_each_phase_then_rerun_equals_a_clean_build(clean_store, tmp_path, phase):
    """A store holding half the sample gets the other half: killed anywhere, the rerun ends
    with exactly what one uninterrupted build of the whole sample gives."""
    corpus, clean = clean_store
    store = tmp_path / "store"
    half = [corpus / f.name for f in SAMPLE[::2]]
    assert kg("build", *half, "--store", store, "--model", "none").returncode == 0
    _killed_at(phase, corpus, store)
    res = kg("build", corpus, "--store", store, "--model", "none")
    assert res.returncode == 0, res.stderr
    assert quads(store) == quads(clean)


def test_links_lost_in_the_crash_window_before_relinking_come_back(clean_store, tmp_path):
    """The state a SIGKILL leaves between the files' commit and the version links (made here
    by hand, so the test needs no fault hook): the next build, which finds every file
    unchanged, still restores dk:sameConferenceAs (2019-04-29 is published twice)."""
    corpus, clean = clean_store
    store = tmp_path / "store"
    shutil.copytree(clean, store)
    with KGStore(store) as s:
        s.update("DROP GRAPH <https://w3id.org/diplokg/graph/links>")
    res = kg("build", corpus, "--store", store, "--model", "none")
    assert res.returncode == 0 and f"{len(SAMPLE)} unchanged" in res.stdout
    assert quads(store) == quads(clean)


# -- workers die with their parent -----------------------------------------------------------


def test_workers_die_when_the_build_is_killed(tmp_path):
    import psutil

    files = []
    for i in range(40):    # enough work to keep two workers busy for several seconds
        for f in SAMPLE:
            files.append((f, f"{i:02d}-{f.name}"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f, name in files:
        shutil.copy(f, corpus / name)
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store",
                             str(tmp_path / "store"), "--model", "none", "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    workers = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = parent.children(recursive=True)
        time.sleep(0.2)
    assert len(workers) >= 2, "the build never started its workers"
    time.sleep(1.0)
    proc.kill()
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=15)
    for p in alive:
        p.kill()
    assert not alive, f"{len(alive)} worker(s) outlived the killed build"


def test_dask_work_is_dropped_when_the_build_is_killed(tmp_path):
    distributed = pytest.importorskip("dask.distributed", reason="pip install -e '.[test]' installs dask")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(30):
        for f in SAMPLE:
            shutil.copy(f, corpus / f"{i:02d}-{f.name}")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster.scheduler_address) as watcher:
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store",
                                 str(tmp_path / "store"), "--model", "none", "--executor", "dask",
                                 "--scheduler", cluster.scheduler_address],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)

        def tasks(dask_scheduler):
            return len(dask_scheduler.tasks), len(dask_scheduler.clients)

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and watcher.run_on_scheduler(tasks)[0] == 0:
            assert proc.poll() is None, "the build ended before sending work"
            time.sleep(0.2)
        assert watcher.run_on_scheduler(tasks)[0] > 0
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and watcher.run_on_scheduler(tasks)[0] > 0:
            time.sleep(0.5)
        assert watcher.run_on_scheduler(tasks)[0] == 0, "the cluster kept the killed build's tasks"


# -- leftovers ---------------------------------------------------------------------------------


def test_leftover_bulk_files_are_removed_by_the_next_build(clean_store, tmp_path):
    corpus, clean = clean_store
    store = tmp_path / "store"
    shutil.copytree(clean, store)
    # the names Oxigraph's bulk loader and diplokg's bulk writer give their files
    (store / "bulk-150415888208871369985939088190063542147.sst").write_bytes(b"\0" * 4096)
    (store / "bulk-jogqxfro.nq").write_text("<a> <b> <c> <d> .\n")
    res = kg("build", corpus, "--store", store, "--model", "none")
    assert res.returncode == 0, res.stderr
    assert not [f.name for f in store.iterdir() if f.name.startswith("bulk-")]
    assert quads(store) == quads(clean)


# -- damaged stores ----------------------------------------------------------------------------


def _damage(store: Path, how: str) -> None:
    ssts = sorted(store.glob("*.sst"), key=lambda f: f.stat().st_size)
    if how == "truncated-sst":
        big = ssts[-1]
        os.truncate(big, big.stat().st_size // 2)
    elif how == "missing-sst":
        ssts[-1].unlink()
    elif how == "truncated-manifest":
        manifest = next(store.glob("MANIFEST-*"))
        os.truncate(manifest, 500)
    elif how == "flipped-bytes":
        for f in ssts:     # one damaged block in every table file: every index is hit
            n = f.stat().st_size
            if n < 8192:
                continue
            with open(f, "r+b") as fh:
                fh.seek(n // 3)
                block = fh.read(64)
                fh.seek(n // 3)
                fh.write(bytes(b ^ 0xFF for b in block))
    else:
        raise ValueError(how)


@pytest.fixture(scope="module")
def compacted_store(tmp_path_factory):
    """The sample built and closed (a first build ends compacted: several table files)."""
    tmp = tmp_path_factory.mktemp("compacted")
    assert kg("build", "--store", tmp / "store", "--model", "none").returncode == 0
    return tmp / "store"


@pytest.mark.parametrize("how", ["truncated-sst", "missing-sst", "truncated-manifest", "flipped-bytes"])
def test_a_damaged_store_gives_one_message_and_doctor_finds_it(compacted_store, tmp_path, how):
    store = tmp_path / "store"
    shutil.copytree(compacted_store, store)
    _damage(store, how)
    doctor = kg("doctor", "--store", store)
    clean_failure(doctor)
    assert "damaged" in doctor.stdout + doctor.stderr
    # an aggregate over a damaged block can make Oxigraph loop, growing memory, instead of failing:
    # the commands' memory guard stops it (at 1.5 GB here, not to crowd the machine)
    for args in (["stats"], ["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"],
                 ["export", "--format", "nquads", "--out", tmp_path / "out.nq"], ["validate"],
                 ["build", "--model", "none"]):
        res = kg(*args, "--store", store, env={"KG_MAX_MEMORY_MB": "1500"})
        assert "Traceback" not in res.stderr, (args, res.stderr[-3000:])
        if res.returncode != 0:
            assert "damaged" in res.stderr, (args, res.stderr[-2000:])
    # a build never writes into a damaged store (it would lose what is still there)
    if how == "truncated-manifest":
        assert kg("build", "--store", store, "--model", "none").returncode != 0


def test_doctor_passes_a_healthy_store(compacted_store, tmp_path):
    res = kg("doctor", "--store", compacted_store)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "no problems" in res.stdout


# -- files that are not regular files ------------------------------------------------------------


def test_devices_and_fifos_are_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    corpus = corpus_copy(tmp_path, SAMPLE[:1])
    os.mkfifo(corpus / "inside.txt")
    res = kg("build", "/dev/zero", fifo, corpus, "--store", tmp_path / "store", "--model", "none", timeout=120)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert "/dev/zero: not a regular file (a character device)" in res.stderr
    assert f"{fifo}: not a regular file (a FIFO)" in res.stderr
    assert "inside.txt: not a regular file (a FIFO)" in res.stderr
    assert "1 built" in res.stdout


def test_a_file_over_the_size_limit_is_refused_by_name(tmp_path):
    big = tmp_path / "big.txt"
    text = SAMPLE[0].read_text(encoding="utf-8")
    big.write_text(text * (1_200_000 // len(text) + 1), encoding="utf-8")
    res = kg("build", big, SAMPLE[0], "--store", tmp_path / "store", "--model", "none", "--max-file-mb", "1")
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert f"{big}:" in res.stderr and "--max-file-mb" in res.stderr and "1 MB" in res.stderr
    assert "1 built" in res.stdout
    assert kg("build", "--max-file-mb", "0").returncode == 2


# -- disk full ---------------------------------------------------------------------------------


def _namespace_ok() -> str | None:
    if not shutil.which("unshare"):
        return "no unshare command"
    try:
        probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt 2>/dev/null "
                                "|| mount -t tmpfs -o size=1m tmpfs \"$0\"", tempfile.gettempdir()],
                               capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unshare failed: {exc}"
    return None if probe.returncode == 0 else "this machine allows no user+mount namespace (unshare -rm)"


NAMESPACE = _namespace_ok()
needs_mount = pytest.mark.skipif(NAMESPACE is not None, reason=f"needs a small tmpfs: {NAMESPACE}")


def _in_namespace(script: str, tmp: Path) -> subprocess.CompletedProcess:
    """Run a shell script as root of a fresh user+mount namespace (its mounts vanish with it)."""
    env = {**os.environ, "KG": f"{sys.executable} -m kg.cli", "T": str(tmp)}
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True,
                          timeout=600, env=env, cwd=ROOT)


def _fill(mount: str, leave_kb: int) -> str:
    """Shell lines that fill the file system at ``mount`` until ``leave_kb`` kB are free."""
    return (f'avail=$(df -k {mount} | tail -1 | awk "{{print \\$4}}"); '
            f'dd if=/dev/zero of={mount}/filler bs=1k count=$((avail - {leave_kb})) 2>/dev/null; ')


@needs_mount
def test_disk_full_during_a_first_build(tmp_path):
    corpus = corpus_copy(tmp_path)
    res = _in_namespace(
        f'mkdir -p "$T/disk" && mount -t tmpfs -o size=3m tmpfs "$T/disk" && '
        f'$KG build "{corpus}" --store "$T/disk/store" --model none > "$T/out" 2> "$T/err"; echo $? > "$T/rc"; '
        f'$KG stats --store "$T/disk/store" --json > "$T/stats" 2> "$T/stats.err"; echo $? > "$T/stats.rc"', tmp_path)
    assert res.returncode == 0, res.stderr
    err, out = (tmp_path / "err").read_text(), (tmp_path / "out").read_text()
    assert "Traceback" not in err, err[-3000:]
    assert int((tmp_path / "rc").read_text()) == 1
    assert "disk is full" in err
    for f in SAMPLE:     # every file's outcome is printed
        assert f.name in err or f.name in out, f.name
    assert "Traceback" not in (tmp_path / "stats.err").read_text()
    assert int((tmp_path / "stats.rc").read_text()) == 0, (tmp_path / "stats.err").read_text()


@needs_mount
def test_disk_full_during_an_update_keeps_what_was_stored(tmp_path):
    first, second = SAMPLE[:5], SAMPLE[5:]
    a = corpus_copy(tmp_path / "a", first)
    b = corpus_copy(tmp_path / "b", second)
    res = _in_namespace(
        f'mkdir -p "$T/disk" && mount -t tmpfs -o size=40m tmpfs "$T/disk" && '
        f'$KG build "{a}" --store "$T/disk/store" --model none > /dev/null 2>&1 && '
        f'$KG stats --store "$T/disk/store" --json > "$T/before" && '
        + _fill('"$T/disk"', 300) +
        f'$KG build "{a}" "{b}" --store "$T/disk/store" --model none > "$T/out" 2> "$T/err"; echo $? > "$T/rc"; '
        f'rm -f "$T/disk/filler"; $KG stats --store "$T/disk/store" --json > "$T/after" 2> "$T/after.err"; '
        f'echo $? > "$T/after.rc"', tmp_path)
    assert res.returncode == 0, res.stderr
    err, out = (tmp_path / "err").read_text(), (tmp_path / "out").read_text()
    assert "Traceback" not in err, err[-3000:]
    assert int((tmp_path / "rc").read_text()) == 1, out + err
    assert "disk is full" in err
    assert f"{len(first)} unchanged" in out
    for f in second:
        assert f.name in err or f.name in out, f.name
    assert int((tmp_path / "after.rc").read_text()) == 0, (tmp_path / "after.err").read_text()
    before, after = json.loads((tmp_path / "before").read_text()), json.loads((tmp_path / "after").read_text())
    assert after["sources"] >= before["sources"] and after["conferences"] >= before["conferences"]


# -- read-only stores and file systems --------------------------------------------------------------


@needs_mount
def test_read_only_file_system(tmp_path, compacted_store):
    res = _in_namespace(
        f'mkdir -p "$T/ro" && mount -t tmpfs -o size=40m tmpfs "$T/ro" && cp -r "{compacted_store}" "$T/ro/store" && '
        f'mount -o remount,ro "$T/ro" && '
        f'for c in stats validate; do $KG $c --store "$T/ro/store" > "$T/$c.out" 2> "$T/$c.err"; echo $? > "$T/$c.rc"; done; '
        f'$KG query exchanges-by-outlet --store "$T/ro/store" > "$T/query.out" 2> "$T/query.err"; echo $? > "$T/query.rc"; '
        f'$KG export --format nquads --store "$T/ro/store" > "$T/export.out" 2> "$T/export.err"; echo $? > "$T/export.rc"; '
        f'$KG build --store "$T/ro/store" --model none > "$T/build.out" 2> "$T/build.err"; echo $? > "$T/build.rc"; '
        f'$KG build --store "$T/ro/new" --model none > "$T/new.out" 2> "$T/new.err"; echo $? > "$T/new.rc"', tmp_path)
    assert res.returncode == 0, res.stderr
    for c in ("stats", "validate", "query", "export"):
        assert (tmp_path / f"{c}.rc").read_text().strip() == "0", (c, (tmp_path / f"{c}.err").read_text())
    assert "conferences" in (tmp_path / "stats.out").read_text()
    assert len((tmp_path / "export.out").read_text().splitlines()) > 15_000
    for c in ("build", "new"):
        err = (tmp_path / f"{c}.err").read_text()
        assert "Traceback" not in err and (tmp_path / f"{c}.rc").read_text().strip() != "0", err
        assert "read-only" in err, err


def _unprivileged() -> list[str] | None:
    """A prefix that runs a command without root's power to read everything."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return None


UNPRIVILEGED = _unprivileged()
needs_unprivileged = pytest.mark.skipif(UNPRIVILEGED is None, reason="running as root without setpriv: "
                                        "permissions cannot be tested")


@pytest.fixture
def open_dir():
    """A folder every user may enter (pytest's tmp_path is private to its owner)."""
    d = Path(tempfile.mkdtemp(prefix="kg-faults-"))
    d.chmod(0o777)
    yield d
    for p in d.rglob("*"):
        if p.is_dir():
            p.chmod(0o777)
    shutil.rmtree(d, ignore_errors=True)


@needs_unprivileged
def test_unreadable_folders_and_files_are_reported(open_dir):
    corpus = open_dir / "corpus"
    for sub in ("ok", "locked", "noexec"):
        (corpus / sub).mkdir(parents=True)
    shutil.copy(SAMPLE[0], corpus / "ok" / SAMPLE[0].name)
    shutil.copy(SAMPLE[2], corpus / "locked" / SAMPLE[2].name)
    shutil.copy(SAMPLE[3], corpus / "noexec" / SAMPLE[3].name)
    (corpus / "ok" / "secret.txt").write_text("Q: x?\n\nA: y.\n")
    (corpus / "ok" / "secret.txt").chmod(0o600)
    for d in (corpus, corpus / "ok"):
        d.chmod(0o755)
    (corpus / "locked").chmod(0o700)     # others can neither list nor enter it
    (corpus / "noexec").chmod(0o744)     # others can list it but not open what is inside
    store = open_dir / "store"
    env = {"HOME": str(open_dir), "XDG_CACHE_HOME": str(open_dir / "cache")}
    res = kg("build", corpus, "--store", store, "--model", "none", user=UNPRIVILEGED, env=env)
    assert "Traceback" not in res.stderr, res.stderr[-3000:]
    assert res.returncode == 1, res.stdout + res.stderr
    assert f"{corpus / 'locked'}: cannot read folder (Permission denied)" in res.stderr
    assert f"{corpus / 'noexec' / SAMPLE[3].name}: cannot read file (Permission denied)" in res.stderr
    assert f"{corpus / 'ok' / 'secret.txt'}: cannot read file (Permission denied)" in res.stderr
    assert "1 built" in res.stdout
    # a folder that cannot be read at all is said so, not "holds no transcripts"
    res = kg("build", corpus / "locked", "--store", store, "--model", "none", user=UNPRIVILEGED, env=env)
    assert res.returncode == 1 and "cannot read folder (Permission denied)" in res.stderr


@needs_unprivileged
def test_a_store_in_a_read_only_folder_is_readable(open_dir, compacted_store):
    store = open_dir / "store"
    shutil.copytree(compacted_store, store)
    for p in [store, *store.iterdir()]:
        p.chmod(0o755 if p.is_dir() else 0o644)     # others may read, not write
    env = {"HOME": str(open_dir), "XDG_CACHE_HOME": str(open_dir / "cache")}
    for args in (["stats", "--json"], ["validate"], ["query", "conferences-by-spokesperson"],
                 ["export", "--format", "turtle", "--out", open_dir / "out.ttl"]):
        res = kg(*args, "--store", store, user=UNPRIVILEGED, env=env)
        assert res.returncode == 0, (args, res.stderr[-2000:])
    res = kg("build", "--store", store, "--model", "none", user=UNPRIVILEGED, env=env)
    clean_failure(res)
    assert "not writable" in res.stderr or "read-only" in res.stderr


# -- a file too large for one transaction ----------------------------------------------------------


def _pairs(path: Path, n: int, word: str) -> Path:
    with path.open("w", encoding="utf-8") as f:
        f.write("Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on June 11, 2018\n\n")
        for i in range(n):
            f.write(f"Q: {word} {i}?\n\nA: No.\n\n")
    return path


def test_a_large_file_killed_while_it_is_replaced_is_redone_by_the_next_build(tmp_path):
    """4,000 Q/A pairs make about 18 MB of N-Triples, past one transaction's size, so the file's
    graph is replaced in steps. Killed between the steps, the store says the file is unfinished
    (kg doctor) and the next build ends exactly as a clean build of the new version."""
    (tmp_path / "corpus").mkdir()
    big = _pairs(tmp_path / "corpus" / "pairs.txt", 4000, "Why")
    store, clean = tmp_path / "store", tmp_path / "clean"
    assert kg("build", big, "--store", store, "--model", "none").returncode == 0
    _pairs(big, 4000, "How")
    _killed_at("replacing", big, store)
    doctor = kg("doctor", "--store", store)
    assert doctor.returncode == 0 and "did not finish (pairs-txt)" in doctor.stdout, doctor.stdout
    res = kg("build", big, "--store", store, "--model", "none")
    assert res.returncode == 0 and "1 built" in res.stdout, res.stderr
    assert kg("build", big, "--store", clean, "--model", "none").returncode == 0
    assert quads(store) == quads(clean)
