"""Build: transcripts on disk into the store, file by file, incrementally.

A file whose content hash is already stored is skipped; a changed file replaces what it
produced before; a bad file is reported with the reason and the build goes on, leaving
whatever that file had stored before untouched.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.executors import run_ordered
from kg.model import BadInput, NotADocument
from kg.rdf.namespaces import DK, ENTITIES_GRAPH, LABEL_IF_ABSENT, graph_iri
from kg.rdf.ntriples import nt
from kg.progress import progress
from kg.rdf.align import align_versions
from kg.rdf.mapping import conference_quads, content_hash, source_key, source_quads
from kg.rdf.store import KGStore

__all__ = ["build", "BuildReport", "FileResult", "Prepared", "prepare", "discover", "sample_corpus",
           "ontology_files"]

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
    corrections_applied: int = 0                               # kg.corrections rows applied
    corrections_unmatched: list[str] = field(default_factory=list)   # "line N: row: reason"


@dataclass
class BuildReport:
    results: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0
    model: str = "none"
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
        """Whether anything was reported bad: a failed file or an unreadable record."""
        return bool(self.failed or self.record_errors)

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


# a folder's own documentation, never a source: README.md, SOURCES.md, LICENSE ...
_DOCUMENTATION = re.compile(r"^(README|SOURCES|LICEN[CS]E|NOTICE|CHANGELOG|CONTRIBUTING)(\.[\w]+)?$", re.I)


def discover(paths: list[str | Path], forced: str | None = None) -> tuple[list[Path], list[FileResult]]:
    """Source files under ``paths`` (sorted), and results for paths that are unusable or ignored.

    In a folder, every file with a suffix some source format reads is taken (with
    ``forced``, the suffixes of that format); other files are listed as ignored, and the
    folder's own documentation (README, SOURCES, LICENSE ...) and hidden files are passed
    over. A file named on its own is always taken: its format says whether it can read it.
    """
    from kg.sources import get_format, suffixes

    readable = set(get_format(forced).suffixes) if forced else suffixes()
    files: list[Path] = []
    bad: list[FileResult] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            bad.append(FileResult(str(raw), "failed", "no such file or directory"))
        elif p.is_dir():
            found, ignored = [], []
            for f in sorted(p.rglob("*")):
                if not f.is_file() or any(part.startswith(".") for part in f.relative_to(p).parts) \
                        or _DOCUMENTATION.match(f.name):
                    continue
                (found if f.suffix.lower() in readable else ignored).append(f)
            if not found:
                bad.append(FileResult(str(raw), "failed", "folder holds no file a source format reads "
                                      f"({', '.join(sorted(readable))})"))
            files.extend(found)
            bad.extend(FileResult(str(f), "ignored", f"no source format reads {f.suffix or 'suffix-less'} files")
                       for f in ignored)
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
    from kg.nlp.pipeline import DEFAULT_MODEL, model_available

    if model is None:
        return DEFAULT_MODEL if model_available(DEFAULT_MODEL) else "none"
    return model


def reference_fingerprint() -> str:
    """Hash of the data extraction depends on: gazetteers and the topic scheme."""
    from kg.nlp.gazetteer import GAZETTEER_DIR
    from kg.nlp.topics import TOPICS_FILE
    from kg.paths import DATA_DIR

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
    key_line: str = ""                       # the build-key triple, written last
    shared: list[str] = field(default_factory=list)   # N-Triples lines for the entities graph
    labels: list[tuple[str, str]] = field(default_factory=list)  # (entity, label) if it has none


def prepare(name: str, data: bytes, digest: str, key: str, model: str = "none",
            format: str | None = None, corrections: tuple = ()) -> Prepared:
    """Read, extract and map one file's bytes. Runs wherever the executor puts it.

    The file's source format is ``format``, or the one that detects it. Each of its
    documents goes through the extraction pipeline of its language when diplokg has one;
    a document in another language is stored without extraction and counted as such.
    ``corrections`` (rows of ``kg.corrections`` naming this file) are applied after extraction.
    """
    from kg.sources import read_file

    try:
        read = read_file(name, data, format)
    except NotADocument as exc:   # a companion file (alignment, URL list): said, not an error
        return Prepared(FileResult(name, "ignored", exc.reason))
    except BadInput as exc:
        return Prepared(FileResult(name, "failed", exc.reason))
    except Exception as exc:  # a reader bug must not stop the corpus build
        return Prepared(FileResult(name, "failed", f"internal error while reading: {exc!r}"))
    docs = read.documents
    result = FileResult(name, "built", None, sum(len(c.exchanges) for c in docs),
                        sum(len(c.statements) for c in docs), sum(_words(c) for c in docs),
                        format=read.format.name, documents=len(docs),
                        statement_documents=sum(1 for c in docs if c.is_statement_document),
                        record_errors=[str(e) for e in read.errors])
    quads = []
    models: list[str] = []
    if corrections and len(docs) > 1:
        result.corrections_unmatched = [f"line {r.line}: {r.describe()}: corrections of files "
                                        "of many records are not supported yet" for r in corrections]
    try:
        from kg.nlp.extract import extract, pipeline_for

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
                quads.extend(unmatched_correction_quads(name, unmatched))
            quads.extend(conference_quads(conf, name, analysis=analysis))
    except Exception as exc:  # an extraction bug must not stop the corpus build either
        return Prepared(FileResult(name, "failed", f"internal error while extracting: {exc!r}"))
    media = docs[0].source.media_type
    quads.extend(source_quads(name, digest, media, fmt=read.format.name, models=models, build_key=key,
                              documents=len(docs)))
    graph = graph_iri(source_key(name))
    out = Prepared(result, str(graph))
    # plain str comparisons: rdflib's term __eq__ is Python code, called for every quad
    same, own_graph, shared_graph = str.__eq__, str(graph), str(ENTITIES_GRAPH)
    label_graph, key_predicate = str(LABEL_IF_ABSENT), str(DK.buildKey)
    lines: list[str] = []
    own, shared = lines.append, out.shared.append
    for s, p, o, g in quads:
        if same(g, own_graph):
            line = f"{nt(s)} {nt(p)} {nt(o)} ."
            if same(p, key_predicate):
                out.key_line = line
            else:
                own(line)
        elif same(g, shared_graph):
            shared(f"{nt(s)} {nt(p)} {nt(o)} .")
        elif same(g, label_graph):
            out.labels.append((nt(s), nt(o)))
        else:
            raise ValueError(f"{name}: quad for unexpected graph {g}")
    # one string crosses the process boundary far faster than thousands of small ones
    out.own = "\n".join(lines) + "\n" if lines else ""
    return out


def _words(conf) -> int:
    return sum(len(t.text.split()) for ex in conf.exchanges for t in ex.turns) + \
        sum(len(s.turn.text.split()) for s in conf.statements)


def _plan(files: list[Path], stored: dict, model: str, fingerprint: str,
          skipped: dict, format: str | None = None, fixes=None) -> list[Path]:
    """Hash every file (without keeping its bytes); the changed ones are the work to do."""
    todo = []
    for path in files:
        name = str(path)
        try:
            digest = content_hash(path.read_bytes())
        except OSError as exc:
            skipped[name] = FileResult(name, "failed", f"cannot read file ({exc.strerror})")
            continue
        fixed = fixes.key_for(name) if fixes is not None else ""
        if stored.get(path) == build_key(digest, model, fingerprint, format, fixed):
            skipped[name] = FileResult(name, "unchanged")
        else:
            todo.append(path)
    return todo


def _tasks(todo: list[Path], model: str, fingerprint: str, skipped: dict, format: str | None = None,
           fixes=None):
    """Each changed file's bytes, read as the executor asks for them (streaming)."""
    for path in todo:
        name = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            skipped[name] = FileResult(name, "failed", f"cannot read file ({exc.strerror})")
            continue
        digest = content_hash(data)
        rows = tuple(fixes.for_file(name)) if fixes is not None else ()
        fixed = fixes.key_for(name) if fixes is not None else ""
        yield name, data, digest, build_key(digest, model, fingerprint, format, fixed), model, format, rows


def build(paths: list[str | Path] | None = None, store: KGStore | None = None, *,
          store_path: str | Path | None = None, jobs: int = 1,
          show_progress: bool | None = None, model: str | None = None,
          executor: str = "local", scheduler: str | None = None,
          format: str | None = None, corrections: str | Path | None = None) -> BuildReport:
    """Build ``paths`` (default: the bundled sample corpus) into the store.

    ``model`` is the spaCy model for extraction ("none": gazetteer and rules only;
    default: the bundled English model when it is installed). ``jobs`` processes run
    the reading and extraction (``executor="local"``), or the workers of the Dask
    cluster at ``scheduler`` do (``executor="dask"``). Into an empty store the files are
    bulk-loaded; into a store that already holds files, each changed file's graph is
    replaced in one transaction. ``format`` forces one source format (``kg sources``) for
    every file instead of detecting each file's own. ``corrections`` is a corrections file
    (``kg.corrections``; default: ``corrections.csv`` beside the store, when it exists),
    applied to each file after extraction.
    """
    t0 = time.perf_counter()
    model = resolve_model(model)
    fingerprint = reference_fingerprint()
    own = store is None
    store = store or KGStore(store_path)
    report = BuildReport()
    fixes = _corrections(corrections, store, report)
    try:
        files, bad = discover(list(paths) if paths else [sample_corpus()], format)
        report.results.extend(bad)
        onto = ontology_files()
        if onto:
            digest = "sha256:" + hashlib.sha256(b"".join(f.read_bytes() for f in onto)).hexdigest()
            store.load_ontology(onto, digest)
        store.remove_stale_bulk_files()
        fresh = not store.source_graphs()
        keys = {} if fresh else store.stored_keys()
        stored = {f: keys.get(str(graph_iri(source_key(f)))) for f in files}
        skipped: dict[str, FileResult] = {}
        todo = _plan(files, stored, model, fingerprint, skipped, format, fixes)
        tasks = _tasks(todo, model, fingerprint, skipped, format, fixes)
        # a handful of changed files is not worth starting worker processes for
        local_jobs = jobs if len(todo) > jobs else 1
        prepared = run_ordered(prepare, tasks, jobs=local_jobs, executor=executor, scheduler=scheduler)
        writer = store.bulk_writer() if fresh else None
        changed = False
        by_name = {}
        for item in progress(prepared, total=len(todo), desc="kg build", enabled=show_progress):
            by_name[item.result.path] = _store_one(store, writer, item)
            changed |= by_name[item.result.path].status == "built"
        if writer is not None:
            writer.finish()
        by_name.update(skipped)
        report.results.extend(by_name[str(f)] for f in files)
        if changed:
            store.relink_versions()
            align_versions(store)     # each exchange to its counterpart in the other version
        # by difference: writes nothing when the summary is current, and repairs it after
        # an interrupted build
        store.derive_summaries()
        if writer is not None and changed:
            store.optimize()      # compact what the bulk loads wrote: faster queries
        store.mark_generation()   # a running kg serve moves to this state
    finally:
        if own:
            store.close()
    report.seconds = time.perf_counter() - t0
    report.model = model
    return report


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


def _store_one(store: KGStore, writer, item: Prepared) -> FileResult:
    if item.graph is None:
        return item.result
    try:
        if writer is not None:
            writer.add(item.graph, item.own, item.key_line, item.shared, item.labels)
        else:
            store.replace_graph_lines(item.graph, item.own + item.key_line, item.shared, item.labels)
    except Exception as exc:
        return FileResult(item.result.path, "failed", f"could not store: {exc}")
    return item.result
