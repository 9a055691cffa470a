"""``kg bench``: how fast a build is, measured against spaCy itself on the same text.

One run prints: the words per second of a whole build; the same utterances through a
bare ``nlp.pipe`` of the same model with the same number of processes (the ratio of the
two is the figure that carries across machines); peak memory of the build (all its
processes together, and the main one); the store's size on disk; the time to rebuild
after one file changes; and the median latency of every saved query on the built store.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["run_bench", "BenchResult"]


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


def _query_latencies(store_path: Path, runs: int = 5) -> dict[str, float]:
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
