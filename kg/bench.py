"""``kg bench``: how fast a build is, measured against spaCy itself on the same text.

One run prints: the words per second of a whole build; the same utterances through a
bare ``nlp.pipe`` of the same model with the same number of processes (the ratio of the
two is the figure that carries across machines); peak memory of the build (all its
processes together, and the main one); the store's size on disk; the time to rebuild
after one file changes; and the median latency of every saved query on the built store.

``run_scale`` (``kg bench --scale``) does the same on the synthetic archive-sized corpus of
:mod:`kg.scale_corpus` (about 10M words): the full build with ``--model none`` and with the
model (measured on a slice of about 1M words and extrapolated when the full run would take
longer than an hour, and said so), peak memory against the same build of the slice (flat
memory means a ratio near 1), the store's size, the incremental rebuild of one file and every
saved query's median on the full store. The machine's load average is recorded next to each
figure: the machine may be shared.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["run_bench", "BenchResult", "run_scale", "ScaleResult"]


@dataclass
class BenchResult:
    files: int
    words: int
    model: str
    jobs: int
    executor: str
    build_seconds: float
    build_words_per_s: float
    bare_seconds: float | None
    bare_words_per_s: float | None
    ratio_to_bare: float | None
    peak_rss_total_mb: float
    peak_rss_main_mb: float
    store_mb: float
    quads: int
    incremental_seconds: float
    incremental_share: float
    query_median_ms: dict[str, float] = field(default_factory=dict)
    machine: str = ""

    def table(self) -> str:
        lines = [
            f"machine            {self.machine}",
            f"corpus             {self.files} files, {self.words:,} words; model {self.model}; "
            f"--jobs {self.jobs} ({self.executor})",
            f"build              {self.build_seconds:.1f} s = {self.build_words_per_s:,.0f} words/s",
        ]
        if self.bare_seconds is not None:
            lines.append(f"bare nlp.pipe      {self.bare_seconds:.1f} s = {self.bare_words_per_s:,.0f} words/s "
                         f"(same text, same model, n_process={self.jobs})")
            lines.append(f"ratio build/bare   {self.ratio_to_bare:.2f}")
        lines += [
            f"peak memory        {self.peak_rss_total_mb:,.0f} MB all processes, "
            f"{self.peak_rss_main_mb:,.0f} MB main process",
            f"store              {self.store_mb:,.1f} MB on disk, {self.quads:,} quads",
            f"incremental        {self.incremental_seconds:.1f} s after one file changed "
            f"= {self.incremental_share:.1%} of the full build",
            "saved queries      median of 5 runs (ms):",
        ]
        for name, ms in self.query_median_ms.items():
            lines.append(f"  {name:32} {ms:8.1f}")
        if self.query_median_ms:
            lines.append(f"  {'(median of medians)':32} {statistics.median(self.query_median_ms.values()):8.1f}")
        return "\n".join(lines)


class _PeakMemory:
    """Sample the resident memory of this process and its children every 50 ms."""

    def __init__(self):
        import psutil

        self.proc = psutil.Process()
        self.total = self.main = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                main = self.proc.memory_info().rss
                kids = 0
                for c in self.proc.children(recursive=True):
                    try:
                        kids += c.memory_info().rss
                    except psutil.Error:
                        pass
                self.main = max(self.main, main)
                self.total = max(self.total, main + kids)
            except psutil.Error:
                pass
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _utterances(files: list[Path]) -> tuple[list[str], int]:
    """The English utterances of ``files``, read by their own source formats (the bare pass runs
    the English model: documents in other languages are left out of it)."""
    from kg.sources import read_file

    texts: list[str] = []
    words = 0
    for f in files:
        try:
            docs = read_file(str(f), f.read_bytes()).documents
        except Exception:
            continue
        for conf in docs:
            if conf.language == "en":
                _add_utterances(conf, texts)
    words = sum(len(t.split()) for t in texts)
    return texts, words


def _add_utterances(conf, texts: list[str]) -> None:
    for st in conf.statements:
        texts.append(st.turn.text)
    for ex in conf.exchanges:
        texts.extend(t.text for t in ex.turns)


def _bare_pass(texts: list[str], model: str, jobs: int, work: Path) -> float:
    """Seconds for ``nlp.pipe`` over ``texts``, in a separate process (so the model it loads
    does not count toward the build's memory)."""
    import subprocess
    import sys

    data = work / "bare-texts.json"
    data.write_text(json.dumps(texts), encoding="utf-8")
    code = (
        "import importlib, json, sys, time, spacy\n"
        "texts = json.load(open(sys.argv[1], encoding='utf-8'))\n"
        "model, jobs = sys.argv[2], int(sys.argv[3])\n"
        "nlp = spacy.blank('en') if model == 'none' else "
        "importlib.import_module(model.replace('-', '_')).load()\n"
        "list(nlp.pipe(texts[:10]))\n"
        "t0 = time.perf_counter()\n"
        "for _ in nlp.pipe(texts, n_process=jobs):\n"
        "    pass\n"
        "print(time.perf_counter() - t0)\n")
    out = subprocess.run([sys.executable, "-c", code, str(data), model, str(jobs)],
                         capture_output=True, text=True, check=True)
    data.unlink()
    return float(out.stdout.strip().splitlines()[-1])


def _folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _query_latencies(store_path: Path, runs: int = 5,
                     live: Callable[[str], None] | None = None) -> dict[str, float]:
    import pyoxigraph as ox

    from kg.rdf.namespaces import PREFIXES
    from kg.rdf.query import saved_queries

    store = ox.Store.read_only(str(store_path))
    out = {}
    for name, q in saved_queries().items():
        times = []
        for i in range(runs + 1):
            t0 = time.perf_counter()
            for _ in store.query(q.text, use_default_graph_as_union=True, prefixes=PREFIXES):
                pass
            if i:  # the first run warms the caches
                times.append((time.perf_counter() - t0) * 1000)
        out[name] = round(statistics.median(times), 1)
        if live is not None:
            live(f"  {name:32} {out[name]:8.1f} ms ({_load()})")
    return out


def run_bench(paths: list[Path], *, model: str | None = None, jobs: int = 1, executor: str = "local",
              scheduler: str | None = None, bare: bool = True, workdir: Path | None = None,
              show_progress: bool | None = None) -> BenchResult:
    """Build ``paths`` into a fresh store in ``workdir`` (a temporary folder by default) and measure."""
    from kg.build import build, discover, resolve_model
    from kg.rdf.store import KGStore

    model = resolve_model(model)
    files, _ = discover(paths)
    if not files:
        raise ValueError("no transcript files to benchmark")
    own_tmp = workdir is None
    work = Path(tempfile.mkdtemp(prefix="kg-bench-")) if own_tmp else Path(workdir)
    try:
        # the corpus is copied so that one file can be changed for the incremental rebuild
        corpus = work / "corpus"
        corpus.mkdir(parents=True, exist_ok=True)
        copies = []
        for i, f in enumerate(files):
            dest = corpus / f"{i:05d}" / f.name
            dest.parent.mkdir(exist_ok=True)
            shutil.copyfile(f, dest)
            copies.append(dest)
        texts, words = _utterances(copies)
        bare_s = _bare_pass(texts, model, jobs, work) if bare else None

        store_path = work / "store"
        with _PeakMemory() as mem:
            report = build(copies, store_path=store_path, jobs=jobs, model=model, executor=executor,
                           scheduler=scheduler, show_progress=show_progress)
        if report.failed:
            print(f"kg bench: {len(report.failed)} files failed to build (not counted)")
        build_s = report.seconds
        with copies[len(copies) // 2].open("a", encoding="utf-8") as fh:
            fh.write("\n")
        incr = build(copies, store_path=store_path, jobs=jobs, model=model, executor=executor,
                     scheduler=scheduler, show_progress=False)
        assert incr.count("built") == 1, incr.summary()
        with KGStore(store_path, read_only=True) as s:
            quads = len(s.oxigraph)
        latencies = _query_latencies(store_path)
        return BenchResult(
            files=len(files), words=report.words, model=model, jobs=jobs, executor=executor,
            build_seconds=round(build_s, 2), build_words_per_s=round(report.words / build_s),
            bare_seconds=round(bare_s, 2) if bare_s else None,
            bare_words_per_s=round(words / bare_s) if bare_s else None,
            ratio_to_bare=round(bare_s / build_s, 3) if bare_s else None,
            peak_rss_total_mb=round(mem.total / 1e6), peak_rss_main_mb=round(mem.main / 1e6),
            store_mb=round(_folder_mb(store_path), 1), quads=quads,
            incremental_seconds=round(incr.seconds, 2), incremental_share=round(incr.seconds / build_s, 3),
            query_median_ms=latencies,
            machine=f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                    f"{platform.system()}",
        )
    finally:
        if own_tmp:
            shutil.rmtree(work, ignore_errors=True)


def to_json(result: BenchResult) -> str:
    return json.dumps(asdict(result), indent=1)


# --- at scale -------------------------------------------------------------------------------

SLICE_WORDS = 1_000_000          # the 1x slice: about the 500-transcript corpus
MODEL_FULL_LIMIT_S = 3600.0      # a full model run expected to take longer is estimated from the slice
QUERY_TARGET_MS = 200.0
INCREMENTAL_TARGET_S = 5.0


def _load() -> str:
    """The machine's 1-minute load average and its cores, e.g. "load 3.9 on 2 cores"."""
    try:
        one = os.getloadavg()[0]
    except OSError:
        return "load unknown"
    return f"load {one:.1f} on {os.cpu_count()} cores"


@dataclass
class ScaleRun:
    """One measured build."""
    files: int
    words: int
    seconds: float
    words_per_s: float
    peak_rss_total_mb: float
    peak_rss_main_mb: float
    load: str
    cpu_seconds: float = 0.0        # user + system of this process and its worker processes


@dataclass
class ScaleResult:
    corpus: str
    files: int
    words: int
    jobs: int
    slice_files: int
    slice_words: int
    none_slice: ScaleRun                  # --model none on the 1x slice (the memory baseline)
    none_full: ScaleRun                   # --model none on the whole corpus
    memory_ratio: float                   # peak of the full build / peak of the slice build (all processes)
    store_mb: float
    quads: int
    incremental_seconds: float
    incremental_load: str
    query_median_ms: dict[str, float] = field(default_factory=dict)
    query_load: str = ""
    model: str | None = None
    model_slice: ScaleRun | None = None
    model_full: ScaleRun | None = None    # None: the full model run was estimated, not run
    model_full_seconds: float | None = None   # measured, or estimated from the slice
    model_estimated: bool = False
    machine: str = ""

    @property
    def slow_queries(self) -> dict[str, float]:
        return {n: ms for n, ms in self.query_median_ms.items() if ms >= QUERY_TARGET_MS}

    def table(self) -> str:
        run = _run_line

        lines = [
            f"machine                {self.machine}",
            f"corpus                 {self.corpus}: {self.files:,} files, {self.words:,} words "
            f"(SYNTHETIC: real transcripts copied; speed and memory only); --jobs {self.jobs}",
            run("--model none, 1x", self.none_slice),
            run("--model none, full", self.none_full),
            f"memory full/1x         {self.memory_ratio:.2f} (all processes; flat is at most 1.2)",
            f"store                  {self.store_mb:,.1f} MB on disk, {self.quads:,} quads",
            f"incremental            {self.incremental_seconds:.1f} s after one file changed "
            f"(target < {INCREMENTAL_TARGET_S:.0f} s; {self.incremental_load})",
        ]
        if self.model_slice is not None:
            lines.append(run(f"model {self.model}, 1x"[:22], self.model_slice))
            if self.model_full is not None:
                lines.append(run("model, full", self.model_full))
            else:
                lines.append(f"model, full            ESTIMATED {self.model_full_seconds:,.0f} s "
                             f"({self.model_full_seconds / 3600:.1f} h) for {self.none_full.words:,} words "
                             f"from the {self.model_slice.words:,}-word slice's rate (not run)")
        lines.append(f"saved queries          median of 5 runs on the full store (ms; {self.query_load}):")
        for name, ms in self.query_median_ms.items():
            flag = "  over target" if ms >= QUERY_TARGET_MS else ""
            lines.append(f"  {name:32} {ms:8.1f}{flag}")
        if self.query_median_ms:
            lines.append(f"  {'(slowest)':32} {max(self.query_median_ms.values()):8.1f} "
                         f"(target < {QUERY_TARGET_MS:.0f} each)")
        return "\n".join(lines)


def _run_line(label: str, r: ScaleRun) -> str:
    return (f"{label:22} {r.files:,} files, {r.words:,} words: {r.seconds:,.1f} s = "
            f"{r.words_per_s:,.0f} words/s, {r.cpu_seconds:,.0f} CPU-s; peak {r.peak_rss_total_mb:,.0f} MB all processes, "
            f"{r.peak_rss_main_mb:,.0f} MB main ({r.load})")


def _slice(files: list[Path], words: int) -> list[Path]:
    """The first files of ``files`` holding about ``words`` words (at least one file)."""
    out, n = [], 0
    for f in files:
        if out and n >= words:
            break
        out.append(f)
        n += len(f.read_bytes().split())
    return out


def model_projection(slice_run: ScaleRun, words: int) -> float:
    """Seconds a build of ``words`` words would take at the rate measured on the slice.

    >>> model_projection(ScaleRun(100, 1_000_000, 200.0, 5_000, 0, 0, ""), 10_000_000)
    2000.0
    """
    return round(words / (slice_run.words_per_s or 1.0), 1)


def _cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its children that have ended (the
    build's workers end with the build)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _measured_build(files: list[Path], store_path: Path, *, model: str, jobs: int, executor: str,
                    scheduler: str | None, show_progress: bool | None) -> tuple[ScaleRun, object]:
    from kg.build import build

    cpu0 = _cpu_seconds()
    with _PeakMemory() as mem:
        report = build(files, store_path=store_path, jobs=jobs, model=model, executor=executor,
                       scheduler=scheduler, show_progress=show_progress)
    cpu = _cpu_seconds() - cpu0
    load = _load()
    if report.failed:
        print(f"kg bench --scale: {len(report.failed)} files failed to build (not counted)")
    run = ScaleRun(files=report.count("built"), words=report.words, seconds=round(report.seconds, 2),
                   words_per_s=round(report.words / report.seconds) if report.seconds else 0.0,
                   peak_rss_total_mb=round(mem.total / 1e6), peak_rss_main_mb=round(mem.main / 1e6),
                   load=load, cpu_seconds=round(cpu, 1))
    return run, report


def run_scale(corpus: Path | None = None, *, model: str | None = None, jobs: int = 1, executor: str = "local",
              scheduler: str | None = None, copies: int = 11, slice_words: int = SLICE_WORDS,
              model_full_limit_s: float = MODEL_FULL_LIMIT_S, workdir: Path | None = None,
              source: Path | None = None, show_progress: bool | None = None,
              live: Callable[[str], None] | None = None) -> ScaleResult:
    """Measure builds and queries at scale.

    ``corpus``: a folder of transcripts (e.g. one made by ``scripts/make_scale_corpus.py``);
    default: one made in ``workdir`` from ``source`` (default: the 500 real transcripts in
    ``../shared``) with ``copies`` copies of each. ``model``: the model to measure besides
    ``--model none`` (default: the bundled English model when installed; "none" measures
    ``--model none`` only). Its full run happens only when the slice's rate says it would take
    at most ``model_full_limit_s``; otherwise its time is estimated from the slice. ``live``
    is given each figure as soon as it is measured (a long run interrupted still reports).
    """
    say = live or (lambda line: None)
    from kg.build import discover, resolve_model
    from kg.rdf.store import KGStore
    from kg.scale_corpus import default_source, make

    model = resolve_model(model)
    own_tmp = workdir is None
    work = Path(tempfile.mkdtemp(prefix="kg-bench-scale-")) if own_tmp else Path(workdir)
    work.mkdir(parents=True, exist_ok=True)
    try:
        if corpus is None:
            corpus = work / "corpus"
            make(source or default_source(), corpus, copies)
            # the incremental rebuild changes one file: a given corpus is never touched
        files, _ = discover([corpus])
        if not files:
            raise ValueError(f"{corpus}: no transcript files to benchmark")
        if corpus != work / "corpus":
            # copy, so that one file can be changed for the incremental rebuild
            copied = work / "corpus"
            copied.mkdir(exist_ok=True)
            dest = []
            for i, f in enumerate(files):
                d = copied / f"{i:05d}" / f.name
                d.parent.mkdir(exist_ok=True)
                shutil.copyfile(f, d)
                dest.append(d)
            files = dest
        part = _slice(files, slice_words)
        opts = dict(jobs=jobs, executor=executor, scheduler=scheduler, show_progress=show_progress)

        slice_store = work / "store-slice"
        none_slice, _ = _measured_build(part, slice_store, model="none", **opts)
        say(_run_line("--model none, 1x", none_slice))
        shutil.rmtree(slice_store, ignore_errors=True)

        store_path = work / "store"
        none_full, _ = _measured_build(files, store_path, model="none", **opts)
        say(_run_line("--model none, full", none_full))
        with files[len(files) // 2].open("a", encoding="utf-8") as fh:
            fh.write("\n")
        from kg.build import build

        cpu0 = _cpu_seconds()
        incr = build(files, store_path=store_path, jobs=jobs, model="none", executor=executor,
                     scheduler=scheduler, show_progress=False)
        assert incr.count("built") == 1, incr.summary()
        incr_load = f"{_cpu_seconds() - cpu0:.1f} CPU-s, {_load()}"
        say(f"incremental            {incr.seconds:.1f} s after one file changed ({incr_load})")
        with KGStore(store_path, read_only=True) as s:
            quads = len(s.oxigraph)
        store_mb = round(_folder_mb(store_path), 1)
        say(f"store                  {store_mb:,.1f} MB on disk, {quads:,} quads")
        latencies = _query_latencies(store_path, live=say)
        query_load = _load()
        shutil.rmtree(store_path, ignore_errors=True)

        model_slice = model_full = None
        model_full_s = None
        estimated = False
        if model != "none":
            ms_store = work / "store-model-slice"
            model_slice, _ = _measured_build(part, ms_store, model=model, **opts)
            say(_run_line(f"model {model}, 1x"[:22], model_slice))
            shutil.rmtree(ms_store, ignore_errors=True)
            projected = model_projection(model_slice, none_full.words)
            if projected > model_full_limit_s:
                model_full_s, estimated = projected, True
            else:
                mf_store = work / "store-model"
                model_full, _ = _measured_build(files, mf_store, model=model, **opts)
                shutil.rmtree(mf_store, ignore_errors=True)
                model_full_s = model_full.seconds
        return ScaleResult(
            corpus=str(corpus), files=len(files), words=none_full.words, jobs=jobs,
            slice_files=len(part), slice_words=none_slice.words, none_slice=none_slice, none_full=none_full,
            memory_ratio=round(none_full.peak_rss_total_mb / none_slice.peak_rss_total_mb, 2)
            if none_slice.peak_rss_total_mb else 0.0,
            store_mb=store_mb, quads=quads, incremental_seconds=round(incr.seconds, 2),
            incremental_load=incr_load, query_median_ms=latencies, query_load=query_load,
            model=None if model == "none" else model, model_slice=model_slice, model_full=model_full,
            model_full_seconds=model_full_s, model_estimated=estimated,
            machine=f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                    f"{platform.system()}",
        )
    finally:
        if own_tmp:
            shutil.rmtree(work, ignore_errors=True)
