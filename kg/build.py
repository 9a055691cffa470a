"""Build: transcripts on disk into the store, file by file, incrementally.

A file whose content hash is already stored is skipped; a changed file replaces what it
produced before; a bad file is reported with the reason and the build goes on, leaving
whatever that file had stored before untouched.
"""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .model import BadInput
from .namespaces import graph_iri
from .progress import progress
from .rdf_mapping import conference_quads, content_hash, source_key
from .reader import parse_source
from .source_text import source_from_bytes
from .store import KGStore

__all__ = ["build", "BuildReport", "FileResult", "discover", "sample_corpus", "ontology_files"]

TRANSCRIPT_SUFFIXES = {".txt", ".html", ".htm"}


@dataclass
class FileResult:
    path: str
    status: str                 # "built" | "unchanged" | "failed"
    reason: str | None = None
    exchanges: int = 0
    statements: int = 0
    words: int = 0


@dataclass
class BuildReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    model: str = "none"

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def exchanges(self) -> int:
        return sum(r.exchanges for r in self.results if r.status == "built")

    @property
    def words(self) -> int:
        return sum(r.words for r in self.results if r.status == "built")

    def summary(self) -> str:
        return (f"{self.count('built')} built, {self.count('unchanged')} unchanged, "
                f"{self.count('failed')} failed; {self.exchanges} exchanges in built files; "
                f"{self.seconds:.1f} s; extraction model: {self.model}")


def sample_corpus() -> Path:
    """The small sample corpus shipped inside the package."""
    return Path(__file__).parent / "data" / "sample"


def ontology_files() -> list[Path]:
    root = Path(__file__).resolve().parent.parent / "ontology"
    return sorted(p for p in root.glob("*.ttl") if p.name != "shapes.ttl")


def discover(paths: list[str | Path]) -> tuple[list[Path], list[FileResult]]:
    """Transcript files under ``paths`` (sorted), and results for paths that are unusable."""
    files: list[Path] = []
    bad: list[FileResult] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            bad.append(FileResult(str(raw), "failed", "no such file or directory"))
        elif p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file()
                           and f.suffix.lower() in TRANSCRIPT_SUFFIXES)
            if not found:
                bad.append(FileResult(str(raw), "failed", "folder holds no .txt/.html/.htm files"))
            files.extend(found)
        else:
            files.append(p)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, bad


def resolve_model(model: str | None) -> str:
    """The extraction model to use: the named one, or the default when it is installed."""
    from .nlp.pipeline import DEFAULT_MODEL, model_available

    if model is None:
        return DEFAULT_MODEL if model_available(DEFAULT_MODEL) else "none"
    return model


def reference_fingerprint() -> str:
    """Hash of the data extraction depends on: gazetteers and the topic scheme."""
    from .gazetteer import GAZETTEER_DIR
    from .nlp.topics import TOPICS_FILE

    h = hashlib.sha256()
    for f in sorted(GAZETTEER_DIR.glob("*.csv")) + [TOPICS_FILE]:
        if f.exists():
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def build_key(digest: str, model: str, fingerprint: str) -> str:
    return "sha256:" + hashlib.sha256(
        f"{digest}|{__version__}|{model}|{fingerprint}".encode()).hexdigest()


def _prepare(path: Path, stored: str | None, model: str = "none", fingerprint: str = ""):
    """Read, hash, extract and map one file. Runs in worker processes with ``--jobs``."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileResult(name, "failed", f"cannot read file ({exc.strerror})"), None
    digest = content_hash(data)
    key = build_key(digest, model, fingerprint)
    if stored == key:
        return FileResult(name, "unchanged"), None
    try:
        conf = parse_source(source_from_bytes(name, data), path.stem)
    except BadInput as exc:
        return FileResult(name, "failed", exc.reason), None
    except Exception as exc:  # a reader bug must not stop the corpus build
        return FileResult(name, "failed", f"internal error while reading: {exc!r}"), None
    try:
        from .extract import extract

        analysis = extract(conf, model)
    except Exception as exc:  # an extraction bug must not stop the corpus build either
        return FileResult(name, "failed", f"internal error while extracting: {exc!r}"), None
    quads = conference_quads(conf, path, digest, analysis=analysis, build_key=key)
    words = sum(len(t.text.split()) for ex in conf.exchanges for t in ex.turns) + \
        sum(len(s.turn.text.split()) for s in conf.statements)
    return FileResult(name, "built", None, len(conf.exchanges), len(conf.statements), words), quads


def build(paths: list[str | Path] | None = None, store: KGStore | None = None, *,
          store_path: str | Path | None = None, jobs: int = 1,
          show_progress: bool | None = None, model: str | None = None) -> BuildReport:
    """Build ``paths`` (default: the bundled sample corpus) into the store.

    ``model`` is the spaCy model for extraction ("none": gazetteer and rules only;
    default: the bundled English model when it is installed).
    """
    t0 = time.perf_counter()
    model = resolve_model(model)
    fingerprint = reference_fingerprint()
    own = store is None
    store = store or KGStore(store_path)
    report = BuildReport()
    try:
        files, bad = discover(list(paths) if paths else [sample_corpus()])
        report.results.extend(bad)
        onto = ontology_files()
        if onto:
            digest = "sha256:" + hashlib.sha256(b"".join(f.read_bytes() for f in onto)).hexdigest()
            store.load_ontology(onto, digest)
        stored = {f: store.stored_hash(graph_iri(source_key(f))) for f in files}
        changed = False
        if jobs > 1 and len(files) > 1:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = [pool.submit(_prepare, f, stored[f], model, fingerprint) for f in files]
                outcomes = (fu.result() for fu in futures)
                changed = _store_all(store, files, outcomes, report, show_progress)
        else:
            outcomes = (_prepare(f, stored[f], model, fingerprint) for f in files)
            changed = _store_all(store, files, outcomes, report, show_progress)
        if changed:
            store.relink_versions()
            store.derive_summaries()
    finally:
        if own:
            store.close()
    report.seconds = time.perf_counter() - t0
    report.model = model
    return report


def _store_all(store: KGStore, files, outcomes, report: BuildReport, show_progress) -> bool:
    changed = False
    for path, (result, quads) in zip(files, progress(outcomes, total=len(files), desc="kg build",
                                                     enabled=show_progress)):
        if quads is not None:
            try:
                store.replace_graph(graph_iri(source_key(path)), quads)
                changed = True
            except Exception as exc:
                result = FileResult(str(path), "failed", f"could not store: {exc}")
        report.results.append(result)
    return changed
