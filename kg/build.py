"""Build: transcripts on disk into the store, file by file, incrementally.

A file whose content hash is already stored is skipped; a changed file replaces what it
produced before; a bad file is reported with the reason and the build goes on, leaving
whatever that file had stored before untouched.

Only regular files are read, each within a size limit (``max_file_mb``). Each file builds into
its own graph, found again by its identity in every later build (:mod:`kg.identity`), so two
files are never merged. A rebuild that loses more than a third of a file's exchanges is
warned about. Work after the files (version links, summaries) is brought up to date by
difference in every build, so no interruption can leave it stale. A full disk stops the build
with every file's outcome reported; Ctrl-C raises :class:`BuildInterrupted`, which says what
the store holds.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.executors import run_ordered
from kg.faults import checkpoint
from kg.identity import Source, assign_graphs
from kg.inputs import DEFAULT_MAX_FILE_MB, InputError, hash_file, read_bytes, walk
from kg.model import BadInput, NotADocument
from kg.rdf.namespaces import DK, ENTITIES_GRAPH, LABEL_IF_ABSENT, graph_iri
from kg.rdf.ntriples import nt
from kg.progress import progress
from kg.rdf.mapping import (conference_iri, conference_text, content_hash, path_key, source_key,
                            source_quads)
from kg.rdf.store import ONE_TRANSACTION_BYTES, KGStore
from kg.rdf.store_state import DiskFull, StoreError

__all__ = ["build", "BuildReport", "FileResult", "Prepared", "prepare", "discover", "sample_corpus",
           "ontology_files", "BuildInterrupted", "DEFAULT_MAX_FILE_MB", "SHRINK_WARNING"]

# a rebuilt file that keeps fewer than this share of its exchanges is warned about
SHRINK_WARNING = 2 / 3


class BuildInterrupted(Exception):
    """Ctrl-C during a build; the message says what the store holds."""


@dataclass
class FileResult:
    path: str
    status: str                 # "built" | "unchanged" | "failed" | "ignored"
    reason: str | None = None
    exchanges: int = 0
    statements: int = 0
    words: int = 0
    format: str | None = None   # the source format that read it
    documents: int = 0          # conferences and statement documents it gave
    statement_documents: int = 0
    record_errors: list[str] = field(default_factory=list)   # records of it that could not be read
    unextracted: dict[str, int] = field(default_factory=dict)  # language -> documents stored without extraction
    warning: str | None = None  # built, but something looks wrong (it lost most of its exchanges)
    corrections_applied: int = 0                               # kg.corrections rows applied
    corrections_unmatched: list[str] = field(default_factory=list)   # "line N: row: reason"


@dataclass
class BuildReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    model: str = "none"
    fatal: str | None = None        # what stopped the build early (a full disk)
    notes: list[str] = field(default_factory=list)   # work after the files that could not be done
    corrections: object = None          # the kg.corrections.CorrectionsFile applied, if any

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

    @property
    def documents(self) -> int:
        return sum(r.documents for r in self.results if r.status == "built")

    @property
    def record_errors(self) -> list[tuple[str, str]]:
        """(file, "record: reason") for every record of a built file that could not be read."""
        return [(r.path, e) for r in self.results for e in r.record_errors]

    @property
    def bad(self) -> bool:
        """Whether anything was reported bad: a failed file or an unreadable record, or a build
        that stopped early."""
        return bool(self.failed or self.record_errors or self.fatal)

    @property
    def warnings(self) -> list[FileResult]:
        return [r for r in self.results if r.warning]

    def unextracted(self) -> dict[str, int]:
        """language -> documents of built files stored without extraction."""
        out: dict[str, int] = {}
        for r in self.results:
            if r.status == "built":
                for lang, n in r.unextracted.items():
                    out[lang] = out.get(lang, 0) + n
        return out

    def summary(self) -> str:
        docs = self.documents
        line = (f"{self.count('built')} built, {self.count('unchanged')} unchanged, "
                f"{self.count('failed')} failed")
        if self.count("ignored"):
            line += f", {self.count('ignored')} ignored (not source documents: see each reason)"
        line += (f"; {docs} document{'s' if docs != 1 else ''}, {self.exchanges} exchanges in built files"
                 f"; {self.seconds:.1f} s; extraction model: {self.model}")
        if self.record_errors:
            line += f"; {len(self.record_errors)} unreadable record(s) skipped"
        if self.corrections is not None:
            applied = sum(r.corrections_applied for r in self.results if r.status == "built")
            unmatched = sum(len(r.corrections_unmatched) for r in self.results if r.status == "built")
            line += (f"; corrections {self.corrections.path}: {applied} applied, {unmatched} no longer "
                     f"apply in built files")
            if self.corrections.errors:
                line += f", {len(self.corrections.errors)} unreadable row(s)"
        for lang, n in sorted(self.unextracted().items()):
            line += (f"; {n} {lang} document{'s' if n != 1 else ''} stored without extraction "
                     f"(no {lang} pipeline)")
        return line


def sample_corpus() -> Path:
    """The small sample corpus shipped inside the package."""
    from kg.paths import SAMPLE_DIR

    return SAMPLE_DIR


def ontology_files() -> list[Path]:
    from kg.paths import ontology_files as files

    return files()


def discover(paths: list[str | Path], forced: str | None = None) -> tuple[list[Path], list[FileResult]]:
    """Source files under ``paths`` (sorted), and results for paths that are unusable or ignored.

    In a folder, every regular file with a suffix some source format reads is taken (with
    ``forced``, the suffixes of that format); other files are listed as ignored, and the
    folder's own documentation (README, SOURCES, LICENSE ...) and hidden files are passed
    over. A file named on its own is always taken: its format says whether it can read it.
    What cannot be read (a folder without permission, a FIFO, a device) is reported, never
    passed over in silence.
    """
    import stat

    from kg.inputs import not_regular
    from kg.sources import get_format, suffixes

    readable = set(get_format(forced).suffixes) if forced else suffixes()
    files: list[Path] = []
    bad: list[FileResult] = []
    for raw in paths:
        p = Path(raw)
        try:
            mode = os.stat(p).st_mode
        except FileNotFoundError:
            bad.append(FileResult(str(raw), "failed", "no such file or directory"))
            continue
        except OSError as exc:
            bad.append(FileResult(str(raw), "failed", f"cannot read ({exc.strerror})"))
            continue
        if stat.S_ISDIR(mode):
            found, problems = walk(p, readable)
            bad.extend(FileResult(q.path, q.status, q.reason) for q in problems)
            if not found and not any(q.status == "failed" for q in problems):
                bad.append(FileResult(str(raw), "failed", "folder holds no file a source format reads "
                                      f"({', '.join(sorted(readable))})"))
            files.extend(found)
        elif stat.S_ISREG(mode):
            files.append(p)
        else:
            bad.append(FileResult(str(raw), "failed", not_regular(mode)))
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
    from kg.nlp.pipeline import DEFAULT_MODEL, model_available

    if model is None:
        return DEFAULT_MODEL if model_available(DEFAULT_MODEL) else "none"
    return model


def reference_fingerprint() -> str:
    """Hash of the data extraction depends on: gazetteers and the topic scheme."""
    # the paths from kg.paths, not from kg.nlp.topics: importing that loads spaCy (2-3 s), which a
    # build with --model none and nothing to extract never needs
    from kg.paths import DATA_DIR, GAZETTEER_DIR, TOPICS_FILE

    h = hashlib.sha256()
    # the calibration table and the trained stance model change what a build writes too
    for f in sorted(GAZETTEER_DIR.rglob("*.csv")) + [TOPICS_FILE] + sorted(DATA_DIR.glob("*.json")):
        if f.exists():
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def build_key(digest: str, model: str, fingerprint: str, format: str | None = None,
              corrections: str = "") -> str:
    """What a file's graph was built from: its bytes, diplokg's version, the model, the
    reference data, the source format when one was forced, and the corrections naming it."""
    forced = f"|{format}" if format else ""
    fixed = f"|corrections:{corrections}" if corrections else ""
    return "sha256:" + hashlib.sha256(
        f"{digest}|{__version__}|{model}|{fingerprint}{forced}{fixed}".encode()).hexdigest()


@dataclass
class Prepared:
    """One file made ready for the store (the worker's result: plain text, cheap to send)."""

    result: FileResult
    graph: str | None = None                 # the file's graph IRI
    own: str = ""                            # N-Triples of the file's graph, one " .\n"-ended line each
    own_path: str | None = None              # ... or the file they were spooled to (a large graph)
    own_bytes: int = 0
    key_line: str = ""                       # the build-key triple, written last
    shared: list[str] = field(default_factory=list)   # N-Triples lines for the entities graph
    labels: list[tuple[str, str]] = field(default_factory=list)  # (entity, label) if it has none
    documents: list[tuple[str, str | None, str, str]] = field(default_factory=list)  # (IRI, date, kind, lang)
    media_type: str | None = None
    disk_full: bool = False                  # the spool folder's disk filled up

    def discard(self) -> None:
        """Remove the spooled text of a result that will not be stored."""
        if self.own_path:
            Path(self.own_path).unlink(missing_ok=True)
            self.own_path = None


class _Lines:
    """A file's N-Triples lines: in memory, or past ``ONE_TRANSACTION_BYTES`` in a file of the
    spool folder (the store folder; never the whole text in memory twice)."""

    def __init__(self, spool_dir: str | None):
        self.spool_dir = spool_dir
        self.parts: list[str] = []
        self.size = 0
        self.fh = None
        self.path: str | None = None

    def add(self, line: str) -> None:
        self.size += len(line) + 1
        if self.fh is not None:
            self.fh.write(line + "\n")
            return
        self.parts.append(line)
        self._spool_if_large()

    def extend(self, lines: list[str]) -> None:
        """:meth:`add` of each line (the same text, the same spooling past one transaction)."""
        if not lines:
            return
        self.size += sum(map(len, lines)) + len(lines)
        if self.fh is not None:
            self.fh.write("\n".join(lines) + "\n")
            return
        self.parts.extend(lines)
        self._spool_if_large()

    def _spool_if_large(self) -> None:
        """Past one transaction's size, the lines so far go to a spool file and later ones follow them."""
        if self.spool_dir and self.size > ONE_TRANSACTION_BYTES:
            fd, self.path = tempfile.mkstemp(prefix="bulk-", suffix=".nt", dir=self.spool_dir)
            self.fh = os.fdopen(fd, "w", encoding="utf-8")
            self.fh.write("\n".join(self.parts) + "\n")
            self.parts = []

    def finish(self, out: Prepared) -> None:
        out.own_bytes = self.size
        if self.fh is not None:
            self.fh.close()
            out.own_path = self.path
        else:
            out.own = "\n".join(self.parts) + "\n" if self.parts else ""

    def abandon(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass
        if self.path:
            Path(self.path).unlink(missing_ok=True)


def _unique_keys(docs, suffix: str) -> None:
    """Give a file's documents keys unique within the file, with the file's suffix (see
    :mod:`kg.identity`): a second record of the same key gets ``-2``, the next ``-3`` ..."""
    seen: set[str] = set()
    for conf in docs:
        base = conf.key + suffix
        key, n = base, 1
        while key in seen:
            n += 1
            key = f"{base}-{n}"
        seen.add(key)
        conf.key = key


def prepare(name: str, data: bytes, digest: str, key: str, model: str = "none",
            format: str | None = None, graph: str | None = None, identity: str | None = None,
            suffix: str = "", spool_dir: str | None = None, corrections: tuple = ()) -> Prepared:
    """Read, extract and map one file's bytes. Runs wherever the executor puts it.

    The file's source format is ``format``, or the one that detects it. Each of its
    documents goes through the extraction pipeline of its language when diplokg has one;
    a document in another language is stored without extraction and counted as such.
    ``graph`` is the file's graph (default: its plain :func:`~kg.rdf.mapping.source_key`),
    ``identity`` its path key, ``suffix`` what its documents' keys get appended (see
    :mod:`kg.identity`). A graph whose text outgrows one transaction is spooled to a file in
    ``spool_dir`` (a local build's store folder) instead of being kept in memory.
    ``corrections`` (rows of ``kg.corrections`` naming this file) are applied after extraction.
    """
    from kg.sources import read_file

    try:
        read = read_file(name, data, format)
    except NotADocument as exc:   # a companion file (alignment, URL list): said, not an error
        return Prepared(FileResult(name, "ignored", exc.reason))
    except BadInput as exc:
        return Prepared(FileResult(name, "failed", exc.reason))
    except MemoryError:
        return Prepared(FileResult(name, "failed", "too large to read in the memory available "
                                   "(lower --max-file-mb to refuse such files before reading them)"))
    except Exception as exc:  # a reader bug must not stop the corpus build
        return Prepared(FileResult(name, "failed", f"internal error while reading: {exc!r}"))
    del data
    docs = read.documents
    _unique_keys(docs, suffix)
    result = FileResult(name, "built", None, sum(len(c.exchanges) for c in docs),
                        sum(len(c.statements) for c in docs), sum(_words(c) for c in docs),
                        format=read.format.name, documents=len(docs),
                        statement_documents=sum(1 for c in docs if c.is_statement_document),
                        record_errors=[str(e) for e in read.errors])
    graph_ref = graph_iri(source_key(name)) if graph is None else graph_iri(graph.rsplit("/", 1)[-1])
    out = Prepared(result, str(graph_ref), media_type=docs[0].source.media_type)
    lines = _Lines(spool_dir)
    # plain str comparisons: rdflib's term __eq__ is Python code, called for every quad
    same, own_graph, shared_graph = str.__eq__, str(graph_ref), str(ENTITIES_GRAPH)
    label_graph, key_predicate = str(LABEL_IF_ABSENT), str(DK.buildKey)
    own, shared = lines.add, out.shared.append
    seen_shared: set[str] = set()

    def route(quads) -> None:
        for s, p, o, g in quads:
            if same(g, own_graph):
                line = f"{nt(s)} {nt(p)} {nt(o)} ."
                if same(p, key_predicate):
                    out.key_line = line
                else:
                    own(line)
            elif same(g, shared_graph):
                line = f"{nt(s)} {nt(p)} {nt(o)} ."
                if line not in seen_shared:
                    seen_shared.add(line)
                    shared(line)
            elif same(g, label_graph):
                out.labels.append((nt(s), nt(o)))
            else:
                raise ValueError(f"{name}: quad for unexpected graph {g}")

    def route_text(chunks) -> None:   # the document's quads as text already (kg.rdf.mapping)
        for triples, entities, labels in chunks:
            lines.extend([f"{s} {p} {o} ." for s, p, o in triples])
            for s, p, o in entities:
                line = f"{s} {p} {o} ."
                if line not in seen_shared:
                    seen_shared.add(line)
                    shared(line)
            out.labels.extend(labels)

    models: list[str] = []
    if corrections and len(docs) > 1:
        result.corrections_unmatched = [f"line {r.line}: {r.describe()}: corrections of files "
                                        "of many records are not supported yet" for r in corrections]
    try:
        from kg.nlp.extract import extract, pipeline_for

        if identity:   # first, so that even a partly loaded graph says whose it is
            route([(graph_ref, DK.pathKey, _literal(identity), graph_ref)])
        for conf in docs:
            used = pipeline_for(conf.language, model)
            if used is None:
                result.unextracted[conf.language] = result.unextracted.get(conf.language, 0) + 1
                analysis = None
            else:
                analysis = extract(conf, model)
                if analysis.model not in models:
                    models.append(analysis.model)
            mine = list(corrections) if len(docs) == 1 else []
            if mine and analysis is not None:
                from kg.corrections import apply_corrections
                from kg.rdf.mapping import unmatched_correction_quads

                unmatched = apply_corrections(conf, analysis, mine)
                result.corrections_applied += len(mine) - len(unmatched)
                result.corrections_unmatched += [f"line {r.line}: {r.describe()}: {why}"
                                                 for r, why in unmatched]
                route(unmatched_correction_quads(name, unmatched, graph=graph_ref))
            route_text(conference_text(conf, name, analysis=analysis, graph=graph_ref))
            out.documents.append((str(conference_iri(conf)), conf.date.isoformat() if conf.date else None,
                                  conf.kind, conf.language))
        media = docs[0].source.media_type
        route(source_quads(name, digest, media, fmt=read.format.name, models=models, build_key=key,
                           documents=len(docs), graph=graph_ref))
        lines.finish(out)
    except OSError as exc:      # the spool folder's disk is full, most likely
        from kg.rdf.store_state import is_disk_full, reason

        lines.abandon()
        full = is_disk_full(exc)
        return Prepared(FileResult(name, "failed", f"not stored: {'the disk is full' if full else 'cannot write'} "
                                   f"({reason(exc)})"), disk_full=full)
    except MemoryError:
        lines.abandon()
        return Prepared(FileResult(name, "failed", "too large to build in the memory available "
                                   "(lower --max-file-mb to refuse such files before reading them)"))
    except Exception as exc:  # an extraction bug must not stop the corpus build either
        lines.abandon()
        return Prepared(FileResult(name, "failed", f"internal error while extracting: {exc!r}"))
    return out


def _literal(value: str):
    from rdflib import Literal

    return Literal(value)


def _words(conf) -> int:
    return sum(len(t.text.split()) for ex in conf.exchanges for t in ex.turns) + \
        sum(len(s.turn.text.split()) for s in conf.statements)


def build(paths: list[str | Path] | None = None, store: KGStore | None = None, *,
          store_path: str | Path | None = None, jobs: int = 1,
          show_progress: bool | None = None, model: str | None = None,
          executor: str = "local", scheduler: str | None = None,
          format: str | None = None, max_file_mb: float | None = DEFAULT_MAX_FILE_MB,
          corrections: str | Path | None = None) -> BuildReport:
    """Build ``paths`` (default: the bundled sample corpus) into the store.

    ``model`` is the spaCy model for extraction ("none": gazetteer and rules only;
    default: the bundled English model when it is installed). ``jobs`` processes run
    the reading and extraction (``executor="local"``), or the workers of the Dask
    cluster at ``scheduler`` do (``executor="dask"``). Into an empty store the files are
    bulk-loaded; into a store that already holds files, each changed file's graph is
    replaced in one transaction. ``format`` forces one source format (``kg sources``) for
    every file instead of detecting each file's own. A file larger than ``max_file_mb``
    (None: no limit) is refused unread. ``corrections`` is a corrections file
    (``kg.corrections``; default: ``corrections.csv`` beside the store, when it exists),
    applied to each file after extraction.

    Raises :class:`BuildInterrupted` on Ctrl-C, saying what the store holds.
    """
    t0 = time.perf_counter()
    model = resolve_model(model)
    own = store is None
    store = store or KGStore(store_path)
    report = BuildReport(model=model)
    try:
        fixes = _corrections(corrections, store, report)
    except BaseException:
        if own:
            store.close()
        raise
    run = _Run(store, report, model=model, format=format, jobs=jobs, executor=executor, scheduler=scheduler,
               show_progress=show_progress, limit=int(max_file_mb * (1 << 20)) if max_file_mb else None,
               fixes=fixes)
    try:
        run.go(list(paths) if paths else [sample_corpus()])
    except KeyboardInterrupt:
        raise BuildInterrupted(run.interruption()) from None
    finally:
        if own:
            store.close()
    report.seconds = time.perf_counter() - t0
    return report


@dataclass
class _Holder:
    """A source that holds a document (for the rule: two files are never one conference)."""

    graph: str
    media: str | None
    single: bool            # the source holds this one document only
    date: str | None
    kind: str | None
    language: str | None
    file: str | None


class _Run:
    """One build: plan, store every changed file, bring the derived graphs up to date."""

    def __init__(self, store: KGStore, report: BuildReport, *, model: str, format: str | None, jobs: int,
                 executor: str, scheduler: str | None, show_progress: bool | None, limit: int | None,
                 fixes=None):
        self.store, self.report, self.fixes = store, report, fixes
        self.model, self.format, self.jobs = model, format, jobs
        self.executor, self.scheduler, self.show_progress, self.limit = executor, scheduler, show_progress, limit
        self.phase = "plan"
        self.fresh = False
        self.committed = 0          # files of this build whose new version is committed
        self.todo_count = 0
        self.full: DiskFull | None = None
        self.holders: dict[str, list[_Holder]] | None = None
        self.docs_of: dict[str, set[str]] = {}

    # -- what Ctrl-C leaves
    def interruption(self) -> str:
        if self.phase == "plan":
            return "interrupted before anything was written; the store is as it was"
        if self.phase == "post":
            return ("interrupted after every file of this build was stored; the next kg build brings "
                    "the version links and summaries up to date")
        if self.fresh:
            return ("interrupted: nothing of this build is stored yet (a first build stores all its files "
                    "together at the end); run kg build again to build them")
        n, rest = self.committed, self.todo_count - self.committed
        files = "1 file of this build is" if n == 1 else f"{n} files of this build are"
        return (f"interrupted: {files} stored, each complete; the other {rest} changed "
                f"file{'s' if rest != 1 else ''} keep what they stored before (run kg build again to finish)")

    # -- the build
    def go(self, paths: list) -> None:
        store, report = self.store, self.report
        fingerprint = reference_fingerprint()
        files, bad = discover(paths, self.format)
        report.results.extend(bad)
        onto = ontology_files()
        if onto:
            digest = "sha256:" + hashlib.sha256(b"".join(f.read_bytes() for f in onto)).hexdigest()
            store.load_ontology(onto, digest)
        store.remove_stale_bulk_files()
        self.stored = store.source_registry()
        self.fresh = not self.stored
        skipped: dict[str, FileResult] = {}
        sources = []
        for path in files:
            name = str(path)
            try:
                digest, size = hash_file(path, self.limit)
            except InputError as exc:
                skipped[name] = FileResult(name, "failed", exc.reason)
                continue
            sources.append(Source(path, name, digest, size, path_key(path), source_key(path)))
        assign_graphs(sources, self.stored)
        self.sources = {src.name: src for src in sources}
        todo: list[tuple[Source, str]] = []
        moved: list[Source] = []
        for src in sources:
            key = build_key(src.digest, self.model, fingerprint, self.format, self._fixed(src.name))
            old = self.stored.get(src.graph)
            if old is not None and old.build_key == key:
                skipped[src.name] = FileResult(src.name, "unchanged")
                if old.identity != src.identity:
                    moved.append(src)
            else:
                todo.append((src, key))
        self.todo_count = len(todo)
        checkpoint("planned")
        if todo or moved:
            store.mark_derived_pending()
        self.phase = "store"
        by_name: dict[str, FileResult] = {}
        stopped: StoreError | None = None
        changed = False
        try:
            for src in moved:       # same name and bytes, new place: say where it is now
                store.set_identity(src.graph, src.identity)
            changed = self._store_all(todo, skipped, by_name) if todo else False
        except StoreError as exc:   # the store cannot take more (a full disk): stop, say what is stored
            stopped = exc
            self.full = exc if isinstance(exc, DiskFull) else None
        by_name.update(skipped)
        not_stored = FileResult("", "failed", f"not stored: {_why(stopped)}" if stopped else "not stored")
        for src, _ in todo:
            if src.name not in by_name:
                by_name[src.name] = FileResult(src.name, not_stored.status, not_stored.reason)
        report.results.extend(by_name[str(f)] for f in files)
        if stopped is not None:
            report.fatal = (f"{stopped}; {sum(1 for r in report.results if r.status == 'failed')} "
                            "file(s) not stored; what the store held before is intact"
                            + ("; free some space and run kg build again" if self.full else ""))
        checkpoint("written")
        self.phase = "post"
        self._post(changed)

    def _post(self, changed: bool) -> None:
        """Work after the files, in every build (each step writes only what is out of date)."""
        from kg.rdf.align import align_versions

        store = self.store
        relinked = False

        def relink() -> None:
            nonlocal relinked
            relinked = store.relink_versions()

        def align() -> None:
            # exchange alignment is recomputed whole, so only when something it reads may have
            # changed: a changed file, changed version links, or an earlier build stopped before it
            if changed or relinked or store.derived_pending():
                align_versions(store)     # each exchange to its counterpart in the other version
            store.clear_derived_pending()

        steps = [("version links", relink, "linked"),
                 ("exchange alignment", align, "aligned"),
                 ("summary graph", store.derive_summaries, "summarised")]
        for what, step, phase in steps:
            try:
                step()
            except StoreError as exc:
                self.report.notes.append(f"{what} not brought up to date ({exc}); the next kg build does it")
            checkpoint(phase)
        if self.fresh and changed and self.full is None:
            try:
                store.optimize()      # compact what the bulk loads wrote: faster queries
            except StoreError as exc:
                self.report.notes.append(f"store not compacted ({exc})")
        try:
            store.mark_generation()   # a running kg serve moves to this state
        except StoreError as exc:
            self.report.notes.append(f"a running kg serve was not told of this build ({exc})")
        checkpoint("done")

    def _tasks(self, todo, skipped):
        """Each changed file's bytes, read as the executor asks for them (streaming)."""
        spool = str(self.store.path) if self.executor == "local" else None
        for src, key in todo:
            try:
                data = read_bytes(src.path, self.limit)
            except InputError as exc:
                skipped[src.name] = FileResult(src.name, "failed", exc.reason)
                continue
            digest = content_hash(data)
            if digest != src.digest:          # changed since it was hashed: build what is there now
                key = build_key(digest, self.model, reference_fingerprint(), self.format, self._fixed(src.name))
            yield (src.name, data, digest, key, self.model, self.format, src.graph, src.identity, src.suffix, spool,
                   self._rows(src.name))

    def _fixed(self, name: str) -> str:
        """What the corrections naming a file add to its build key."""
        return self.fixes.key_for(name) if self.fixes is not None else ""

    def _rows(self, name: str) -> tuple:
        return tuple(self.fixes.for_file(name)) if self.fixes is not None else ()

    def _store_all(self, todo, skipped, by_name) -> bool:
        # a handful of changed files is not worth starting worker processes for
        jobs = self.jobs if len(todo) > self.jobs else 1
        prepared = run_ordered(prepare, self._tasks(todo, skipped), jobs=jobs, executor=self.executor,
                               scheduler=self.scheduler, size=lambda task: len(task[1]))
        writer = self.store.bulk_writer() if self.fresh else None
        changed = False
        done = False
        try:
            for item in progress(prepared, total=len(todo), desc="kg build", enabled=self.show_progress):
                result = self._store_one(writer, item)
                by_name[result.path] = result
                if result.status == "built":
                    changed = True
                    if writer is None:
                        self.committed += 1
                    checkpoint("stored")
            if writer is not None:
                writer.finish()
                self.committed = sum(1 for r in by_name.values() if r.status == "built")
            done = True
        except StoreError as exc:
            if writer is not None:    # nothing of a first build is committed: none of its files is stored
                for name, r in by_name.items():
                    if r.status == "built":
                        by_name[name] = FileResult(name, "failed", f"not stored: {_why(exc)}")
            raise
        finally:
            prepared.close()           # stops the workers if the build ended early
            if writer is not None and not done:
                writer.abandon()
        return changed

    def _store_one(self, writer, item: Prepared) -> FileResult:
        if item.disk_full:
            raise DiskFull(f"{self.store.path}: the disk is full ({item.result.reason})")
        if item.graph is None or item.result.status != "built":
            return item.result
        src = self.sources[item.result.path]
        clash = self._clash(item)
        if clash is not None:
            item.discard()
            if src.graph not in self.stored and not src.suffix:
                # a new file whose documents another file already has: it gets its own keys
                src.graph = src.distinct_graph()
                item = self._prepare_again(src, item)
                if item.result.status != "built":
                    return item.result
                clash = self._clash(item)
            if clash is not None:
                item.discard()
                iri, other = clash
                return FileResult(item.result.path, "failed",
                                  f"not stored: its document <{iri}> would be one conference with "
                                  f"{other.file or other.graph}, already in the store; two files are never "
                                  "merged (rename one of them, or build them into separate stores)")
        old = self.stored.get(item.graph)
        if old is not None and old.build_key is not None:
            before = self.store.exchange_count(item.graph)
            after = item.result.exchanges
            if before and after < before * SHRINK_WARNING:
                item.result.warning = (f"now {after} exchanges, was {before}: the rebuild lost more than a "
                                       "third of them (is the file cut short?)")
        own = Path(item.own_path) if item.own_path else item.own
        if writer is not None:     # the writer owns a spooled file from here on
            writer.add(item.graph, own, item.key_line, item.shared, item.labels)
        else:
            try:
                if isinstance(own, Path) or item.own_bytes > ONE_TRANSACTION_BYTES:
                    self.store.replace_large_graph(item.graph, own, item.key_line, item.shared, item.labels)
                else:
                    self.store.replace_graph_lines(item.graph, item.own + item.key_line, item.shared,
                                                   item.labels)
            except DiskFull:
                raise
            except StoreError as exc:
                return FileResult(item.result.path, "failed", f"could not store: {exc}")
            finally:
                item.discard()
        self._register(item)
        return item.result

    def _prepare_again(self, src: Source, item: Prepared) -> Prepared:
        try:
            data = read_bytes(src.path, self.limit)
        except InputError as exc:
            return Prepared(FileResult(src.name, "failed", exc.reason))
        key = build_key(content_hash(data), self.model, reference_fingerprint(), self.format,
                        self._fixed(src.name))
        spool = str(self.store.path)
        return prepare(src.name, data, content_hash(data), key, self.model, self.format, src.graph,
                       src.identity, src.suffix, spool, self._rows(src.name))

    # -- two files are never one conference
    def _load_holders(self) -> dict[str, list[_Holder]]:
        if self.holders is None:
            self.holders = {}
            if not self.fresh:
                for doc, graph, media, n, date, kind, lang, file in self.store.conference_sources():
                    self.holders.setdefault(doc, []).append(_Holder(graph, media, n == 1, date, kind, lang, file))
                    self.docs_of.setdefault(graph, set()).add(doc)
        return self.holders

    def _clash(self, item: Prepared) -> tuple[str, _Holder] | None:
        """A document of ``item`` that another file's source already holds, unless the two are
        renderings of one source in two formats: files of different media types whose documents
        agree on date, kind and language (the text and HTML of one page; a dataset's CSV and
        XLSX)."""
        holders = self._load_holders()
        for iri, date, kind, lang in item.documents:
            for h in holders.get(iri, ()):
                if h.graph == item.graph:
                    continue
                if h.media != item.media_type and (h.date, h.kind, h.language) == (date, kind, lang):
                    continue
                return iri, h
        return None

    def _register(self, item: Prepared) -> None:
        holders = self._load_holders()
        for doc in self.docs_of.pop(item.graph, ()):
            holders[doc] = [h for h in holders.get(doc, []) if h.graph != item.graph]
        single = len(item.documents) == 1
        name = Path(item.result.path).name
        for iri, date, kind, lang in item.documents:
            holders.setdefault(iri, []).append(_Holder(item.graph, item.media_type, single, date, kind, lang, name))
            self.docs_of.setdefault(item.graph, set()).add(iri)


def _why(exc: StoreError | None) -> str:
    if exc is None:
        return "the build stopped"
    return "the disk is full" if isinstance(exc, DiskFull) else str(exc)


def _corrections(path, store: KGStore, report: BuildReport):
    """The corrections file to apply: the one named, else ``corrections.csv`` beside the store."""
    from kg.corrections import default_corrections_path, read_corrections

    if path is None:
        path = default_corrections_path(store.path)
        if not path.exists():
            return None
    fixes = read_corrections(path)      # CorrectionError (unreadable file) goes to the caller
    report.corrections = fixes
    return fixes
