"""The persistent store: rdflib over an embedded Oxigraph database in a folder.

Each source file owns one named graph. Replacing a file's graph is one SPARQL Update
request (drop + insert), which Oxigraph applies as a single transaction: a crash or
Ctrl-C leaves either the old graph or the new one, never a mix. A graph too large for one
transaction in bounded memory (over :data:`ONE_TRANSACTION_BYTES` of N-Triples) is replaced in
steps instead, its build key removed first and written last, so an interruption leaves that one
file marked unfinished and the next build redoes it (:meth:`KGStore.replace_large_graph`).

Every failure underneath (a full disk, a read-only file system, a damaged database) becomes a
:class:`StoreError` that says so in words (:mod:`kg.rdf.store_state`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from kg.rdf.namespaces import DK, ENTITIES_GRAPH, LABEL_IF_ABSENT, LINKS_GRAPH, ONTOLOGY_GRAPH, PREFIXES, SUMMARY_GRAPH
from kg.rdf.ntriples import nt
from kg.rdf.mapping import Quad
from kg.rdf.store_state import (STATE_FILE, DiskFull, StoreDamaged, StoreError, check_seal, mark_open,
                                read_only_fs, store_error, write_seal)

__all__ = ["KGStore", "StoreError", "StoreDamaged", "DiskFull", "default_store_path", "StoredSource",
           "ONE_TRANSACTION_BYTES", "GENERATION_FILE", "read_generation"]

# written (atomically) after a build commits; a running ``kg serve`` watches it
GENERATION_FILE = "kg-generation"
# present while a build's derived links (exchange alignment) may be out of date: written before a
# build changes any file, removed once they are recomputed; the next build recomputes them if found
PENDING_FILE = "kg-derive-pending"


def read_generation(path: str | Path) -> str | None:
    """The generation mark of the store at ``path`` (None before the first marked build)."""
    try:
        return (Path(path) / GENERATION_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

# N-Triples of one file's graph up to this size are replaced in one transaction; Oxigraph keeps a
# transaction in memory (about 2 kB per quad), so a larger graph is replaced in steps
ONE_TRANSACTION_BYTES = 16 << 20
DELETE_BATCH = 20_000          # quads per transaction when a large graph is deleted in steps
# files a build leaves in the store folder while it runs: its bulk-load chunks and spooled
# N-Triples, and the table files Oxigraph's bulk loader writes before it ingests them
LEFTOVER = re.compile(r"^bulk-(?:[a-z0-9_]+\.(?:nq|nt)|[0-9]+\.sst)$")


def default_store_path() -> Path:
    return Path(os.environ.get("KG_STORE", "kg-store"))


@dataclass
class StoredSource:
    """What the store knows of one source file's graph."""

    graph: str
    identity: str | None = None       # dk:pathKey (None: built by a diplokg that did not record it)
    content_hash: str | None = None
    file_name: str | None = None
    build_key: str | None = None      # None: an interrupted build never finished it
    documents: int = 1


# everything graph/summary holds, derived from the per-file graphs: (predicate, WHERE of one part)
SUMMARY_PARTS = [
    (DK.asksAbout, "GRAPH ?g { ?e dk:about ?o ; dk:question ?q . ?q dk:askedBy ?s }"),
    (DK.references, "GRAPH ?g { ?u dk:answeredBy ?s ; dk:mentions ?o }"),
    (DK.exchangeMentions, "GRAPH ?g { ?s dk:turn ?t . ?t dk:mentions ?o }"),
    (DK.exchangeMonth, "GRAPH ?g { ?c dk:hasExchange ?s ; dk:date ?d } BIND (SUBSTR(STR(?d), 1, 7) AS ?o)"),
    (DK.exchangeOutlet, "GRAPH ?g { ?s dk:question ?q . ?q dk:askedBy ?o }"),
    (DK.exchangeSpokesperson, "GRAPH ?g { ?s dk:answer ?a . ?a dk:answeredBy ?o }"),
    (DK.matchKey, """VALUES ?class { dk:Country dk:Organization dk:Person dk:Initiative dk:Place dk:MediaOutlet
                      dk:Spokesperson }
      GRAPH ?g1 { ?s a ?class }
      { GRAPH ?g2 { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?n } }
      UNION { GRAPH ?g3 { ?s dk:isoCode ?n } }
      BIND (LCASE(STR(?n)) AS ?o)"""),
]


def _summary_part(predicate, where: str) -> str:
    # no DISTINCT: Oxigraph would hold every result to drop the repeats; the sync drops them
    return f"PREFIX dk: <{DK._NS}>\nSELECT ?s ?o WHERE {{ {where} }}"


def summary_lines(store, predicate, where: str):
    """The N-Triples lines of one derived property, streamed from the store (repeats included)."""
    p = f"<{predicate}>"
    for row in store.oxigraph.query(_summary_part(predicate, where)):
        yield f"{row[0]} {p} {row[1]} ."


def link_lines(store):
    """The N-Triples lines of the version links, streamed from the store (repeats included)."""
    for row in store.oxigraph.query(LINKS_SELECT):
        yield f"{row[0]} {row[1]} {row[2]} ."


SUMMARY_CONSTRUCT = f"""PREFIX dk: <{DK._NS}>
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  """ + "\n  UNION ".join(f"{{ SELECT DISTINCT ?s ?p ?o WHERE {{ {where} BIND (<{p}> AS ?p) }} }}"
                         for p, where in SUMMARY_PARTS) + "\n}"

# the version links (graph/links): one event published more than once
LINK_PREDICATES = (str(DK.sameConferenceAs), str(DK.otherVersion))
LINKS_CONSTRUCT = f"""PREFIX dk: <{DK._NS}>
PREFIX dct: <http://purl.org/dc/terms/>
CONSTRUCT {{ ?a ?link ?b }} WHERE {{
  GRAPH ?ga {{ ?a a dk:PressConference ; dk:date ?d ; dk:spokesperson ?s ;
                    dk:conferenceKind ?k ; dk:government ?gov ; dct:language ?la }}
  GRAPH ?gb {{ ?b a dk:PressConference ; dk:date ?d ; dk:spokesperson ?s ;
                    dk:conferenceKind ?k ; dk:government ?gov ; dct:language ?lb }}
  FILTER (?a != ?b && ?k IN ("regular-press-conference", "daily-briefing-online"))
  BIND (IF(?la = ?lb, dk:sameConferenceAs, dk:otherVersion) AS ?link)
}}"""
LINKS_SELECT = LINKS_CONSTRUCT.replace("CONSTRUCT { ?a ?link ?b } WHERE", "SELECT ?a ?link ?b WHERE", 1)


class KGStore:
    """A diplokg store in ``path`` (created on first use).

    ``read_only`` opens it without the write lock, so any number of readers (``kg serve``,
    ``kg stats`` ...) can use it, also while a build writes, and on a read-only file system
    or a folder the user cannot write. A store whose seal shows it lost data since it was
    last closed is refused (``check=False`` opens it anyway, for ``kg doctor``).
    """

    def __init__(self, path: str | Path | None = None, *, create: bool = True, read_only: bool = False,
                 check: bool = True):
        self.path = Path(path) if path is not None else default_store_path()
        self.read_only = read_only
        self._closed = False
        self._prefixes: dict[str, str] | None = None
        if read_only:
            self._open_read_only(check)
            return
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: exists and is not a folder")
        if not self.path.exists():
            if not create:
                raise StoreError(f"{self.path}: no store here (run `kg build` first)")
            try:
                self.path.mkdir(parents=True)
            except OSError as exc:
                raise store_error(self.path, exc, "cannot create the store folder") from None
        elif any(self.path.iterdir()) and not (self.path / "CURRENT").exists():
            raise StoreError(f"{self.path}: folder is not empty and is not a diplokg store")
        if not os.access(self.path, os.W_OK):
            where = "is on a read-only file system" if read_only_fs(self.path) else "is not writable"
            raise StoreError(f"{self.path}: the store folder {where}, so kg build cannot write there "
                             "(kg stats, query, export and validate can read it)")
        if check and (self.path / "CURRENT").exists():
            self._refuse_if_damaged()
        self.dataset = Dataset(store="Oxigraph", default_union=True)
        try:
            self.dataset.open(str(self.path))
        except (OSError, RuntimeError) as exc:
            raise store_error(self.path, exc) from None
        mark_open(self.path)
        self._bind_prefixes()

    def _refuse_if_damaged(self) -> None:
        def count() -> int:
            try:
                return sum(1 for _ in ox.Store.read_only(str(self.path)).named_graphs())
            except (OSError, RuntimeError) as exc:
                raise store_error(self.path, exc) from None

        why = check_seal(self.path, count)
        if why:
            raise StoreDamaged(f"{self.path}: the store is damaged: {why}; nothing was changed. "
                               "kg doctor checks it; restore a copy, or build into a new store (if "
                               f"another tool changed it on purpose, delete {self.path / STATE_FILE})")

    def _bind_prefixes(self) -> None:
        for prefix, ns in PREFIXES.items():
            self.dataset.bind(prefix, ns)

    def _open_read_only(self, check: bool = True) -> None:
        """Open without taking the write lock (``kg serve``); several processes may do this."""
        from oxrdflib import OxigraphStore

        if not self.path.is_dir():
            raise StoreError(f"{self.path}: no store here (run `kg build` first)")
        if not (self.path / "CURRENT").is_file():
            if not os.access(self.path, os.R_OK | os.X_OK):
                raise StoreError(f"{self.path}: cannot read the store folder (permission denied)")
            raise StoreError(f"{self.path}: no store here (run `kg build` first)")
        try:
            inner = ox.Store.read_only(str(self.path))
        except (OSError, RuntimeError) as exc:
            raise store_error(self.path, exc, "cannot open the store read-only") from None
        if check:
            why = check_seal(self.path, lambda: sum(1 for _ in inner.named_graphs()))
            if why:
                raise StoreDamaged(f"{self.path}: the store is damaged: {why}. kg doctor checks it; "
                                   "restore a copy, or build into a new store")
        self.dataset = Dataset(store=OxigraphStore(store=inner), default_union=True)
        self._bind_prefixes()

    @property
    def oxigraph(self):
        """The underlying ``pyoxigraph.Store``."""
        return self.dataset.store._inner

    # -- lifecycle
    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.read_only:
            self.dataset.close()
            return
        graphs = None
        try:
            self.oxigraph.flush()
            graphs = sum(1 for _ in self.oxigraph.named_graphs())
        except (OSError, RuntimeError):
            pass         # a full disk: the seal stays "open", and promises nothing
        finally:
            self.dataset.close()
        if graphs is not None:
            write_seal(self.path, graphs)

    def __enter__(self) -> "KGStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading
    def query(self, sparql: str, *, base: str | None = None, default_graphs=(), named_graphs=()) -> Result:
        """Run a SPARQL query with SPARQL dataset semantics.

        The query's own ``FROM``/``FROM NAMED`` are honoured (``default_graphs`` and
        ``named_graphs``, when given, replace them as the protocol's parameters do);
        without either the default graph is the union of all graphs. Relative IRIs
        resolve against ``base`` (default :data:`kg.rdf.sparql_text.STORE_BASE`, under which
        every IRI diplokg mints lies). The common prefixes (``dk:``, ``rdfs:``...) are
        predeclared.
        """
        from kg.rdf.sparql_text import STORE_BASE, dataset_options

        if self._prefixes is None:
            self._prefixes = {p: str(ns) for p, ns in self.dataset.namespaces()}
        result = self.oxigraph.query(sparql, base_iri=base or STORE_BASE, prefixes=self._prefixes,
                                     **dataset_options(sparql, default_graphs, named_graphs))
        return _rdflib_result(result)

    def mark_generation(self) -> str:
        """Record that a build has committed: ``kg serve`` then moves to the new state.

        Written atomically (a temporary file renamed over the old one); the mark is the
        time in nanoseconds and this process's id, so every build makes a new one.
        """
        import time

        mark = f"{time.time_ns()}-{os.getpid()}"
        tmp = self.path / f".{GENERATION_FILE}.{os.getpid()}"
        try:
            tmp.write_text(mark + "\n", encoding="utf-8")
            os.replace(tmp, self.path / GENERATION_FILE)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise store_error(self.path, exc, "cannot write the generation mark") from None
        return mark

    def mark_derived_pending(self) -> None:
        """Note that the derived links must be recomputed (before a build changes any file)."""
        try:
            (self.path / PENDING_FILE).write_text("a build changed files; derived links not recomputed yet\n",
                                                  encoding="utf-8")
        except OSError as exc:
            raise store_error(self.path, exc, "cannot write to the store") from None

    def derived_pending(self) -> bool:
        """Whether a build changed files and stopped before the derived links were recomputed."""
        return (self.path / PENDING_FILE).exists()

    def clear_derived_pending(self) -> None:
        (self.path / PENDING_FILE).unlink(missing_ok=True)

    def graphs(self) -> list[URIRef]:
        return [URIRef(g.value) for g in self.oxigraph.named_graphs()]

    def stored_hash(self, graph: URIRef) -> str | None:
        """The build key (source bytes + version + model + reference data) a graph was built with."""
        rows = list(self.query(
            f"SELECT ?h WHERE {{ GRAPH {graph.n3()} {{ {graph.n3()} {DK.buildKey.n3()} ?h }} }}"))
        return str(rows[0][0]) if rows else None

    def stored_keys(self) -> dict[str, str]:
        """Every source graph's build key, in one pass over the store."""
        return {g: s.build_key for g, s in self.source_registry().items() if s.build_key}

    def source_registry(self) -> dict[str, StoredSource]:
        """What the store knows of every source file's graph, in one pass per property."""
        fixed = {str(g) for g in (ONTOLOGY_GRAPH, ENTITIES_GRAPH, SUMMARY_GRAPH, LINKS_GRAPH)}
        out: dict[str, StoredSource] = {}
        source_type = ox.NamedNode(str(DK.SourceDocument))
        for q in matching(self.oxigraph, None, ox.NamedNode(RDF_TYPE), source_type):
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and q.subject == g and g.value not in fixed:
                out[g.value] = StoredSource(g.value)
        for predicate, attr in ((DK.pathKey, "identity"), (DK.contentHash, "content_hash"),
                                (DK.fileName, "file_name"), (DK.buildKey, "build_key"),
                                (DK.documentCount, "documents")):
            for q in matching(self.oxigraph, None, ox.NamedNode(str(predicate))):
                g = q.graph_name
                if isinstance(g, ox.NamedNode) and q.subject == g and g.value in out:
                    value = q.object.value
                    setattr(out[g.value], attr, int(value) if attr == "documents" else value)
        # graphs an interrupted build left without their source description still count
        for g in self.oxigraph.named_graphs():
            if isinstance(g, ox.NamedNode) and g.value not in fixed and g.value not in out:
                out[g.value] = StoredSource(g.value)
        return out

    def conference_sources(self) -> list[tuple[str, str, str | None, int, str | None, str | None, str | None,
                                               str | None]]:
        """(document, source graph, media type, documents in that source, date, kind, language,
        file name) for every document the store holds."""
        rows = self.oxigraph.query(f"""PREFIX dk: <{DK._NS}>
            PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dct: <http://purl.org/dc/terms/>
            SELECT ?c ?g ?m ?n ?d ?k ?l ?f WHERE {{ GRAPH ?g {{ ?c prov:wasDerivedFrom ?g .
                OPTIONAL {{ ?g dk:mediaType ?m }} OPTIONAL {{ ?g dk:documentCount ?n }}
                OPTIONAL {{ ?g dk:fileName ?f }} OPTIONAL {{ ?c dk:date ?d }}
                OPTIONAL {{ ?c dk:conferenceKind ?k }} OPTIONAL {{ ?c dct:language ?l }} }} }}""")

        def v(term):
            return None if term is None else term.value

        return [(r[0].value, r[1].value, v(r[2]), int(r[3].value) if r[3] is not None else 1,
                 v(r[4]), v(r[5]), v(r[6]), v(r[7])) for r in rows]

    def exchange_count(self, graph: str) -> int:
        """How many exchanges the documents of one source graph hold."""
        rows = list(self.oxigraph.query(
            f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?c <{DK.hasExchange}> ?e }} }}"))
        return int(rows[0][0].value) if rows else 0

    def optimize(self) -> None:
        """Compact the database (after a bulk load: fewer, sorted files make queries faster)."""
        self._write(self.oxigraph.optimize)

    def quad_count(self) -> int:
        return len(self.oxigraph)

    def union_graph(self) -> Graph:
        """Every distinct triple of every graph, in memory (for export and validation)."""
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        res = self.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        g += res.graph
        return g

    # -- writing
    def _write(self, fn, *args, **kwargs):
        """Run one write; a failure underneath becomes a :class:`StoreError` that says what it is
        (:class:`DiskFull` for a full disk)."""
        try:
            return fn(*args, **kwargs)
        except (OSError, RuntimeError) as exc:
            raise store_error(self.path, exc, "cannot write to the store") from None

    def update(self, sparql_update: str) -> None:
        """One SPARQL Update request, applied by Oxigraph as a single transaction."""
        # rdflib's Dataset.update would parse the request with rdflib's own (slow) SPARQL
        # parser when the dataset uses the union default graph; go to the store directly.
        self._write(self.dataset.store.update, sparql_update, {}, {}, DATASET_DEFAULT_GRAPH_ID)

    def replace_graph(self, graph: URIRef, quads: Iterable[Quad]) -> None:
        """Atomically make ``graph`` hold exactly its ``quads``.

        Quads for the shared entities graph are added in the same transaction (that
        graph is only ever added to); quads for any other graph are an error.
        """
        lines, shared, labels = [], [], []
        for s, p, o, g in quads:
            if g == graph:
                lines.append(f"{nt(s)} {nt(p)} {nt(o)} .")
            elif g == ENTITIES_GRAPH:
                shared.append(f"{nt(s)} {nt(p)} {nt(o)} .")
            elif g == LABEL_IF_ABSENT:
                labels.append((nt(s), nt(o)))
            else:
                raise ValueError(f"quad for {g} passed to replace_graph({graph})")
        self.replace_graph_lines(str(graph), "\n".join(lines), shared, labels)

    def replace_graph_lines(self, graph: str, body: str, shared: list[str],
                            labels: list[tuple[str, str]]) -> None:
        """:meth:`replace_graph` from N-Triples text: one SPARQL Update, one transaction.

        ``labels`` are (entity, label) pairs stored only for an entity with no label yet:
        an entity named from the text keeps the first spelling stored as its one label.
        """
        g = f"<{graph}>"
        ops = [f"DROP SILENT GRAPH {g}", f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}}{_shared_block(shared)} }}"]
        ops.extend(_label_ops(labels))
        self.update(" ;\n".join(ops))

    def replace_large_graph(self, graph: str, own: str | Path, key_line: str, shared: list[str],
                            labels: list[tuple[str, str]]) -> None:
        """Replace a graph too large for one transaction, in steps that need bounded memory.

        The build key goes first and comes back last: interrupted anywhere in between, the
        graph is left without its key, as an unfinished file that the next build rebuilds.
        ``own`` is the N-Triples text, or a file holding it (without the key line).
        """
        from kg.faults import checkpoint

        g = f"<{graph}>"
        self.update(f"DELETE WHERE {{ GRAPH {g} {{ {g} <{DK.buildKey}> ?key }} }}")
        self.drop_graph_in_steps(graph)
        checkpoint("replacing")
        target = ox.NamedNode(graph)
        from kg.rdf.bulk import BulkWriter, line_blocks

        for block in line_blocks(own, BulkWriter.CHUNK_BYTES):   # bounded memory in the loader too
            self._write(self.oxigraph.bulk_load, block, format=ox.RdfFormat.N_TRIPLES, to_graph=target,
                        lenient=True)
        ops = [f"INSERT DATA {{ GRAPH {g} {{\n{key_line}\n}}{_shared_block(shared)} }}"]
        ops.extend(_label_ops(labels))
        self.update(" ;\n".join(ops))

    def drop_graph_in_steps(self, graph: str) -> None:
        """Empty a graph in transactions of :data:`DELETE_BATCH` quads (bounded memory)."""
        g = f"<{graph}>"
        while self.oxigraph.query(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}"):
            self.update(f"DELETE {{ GRAPH {g} {{ ?s ?p ?o }} }} WHERE {{ "
                        f"{{ SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }} LIMIT {DELETE_BATCH} }} }}")

    def set_identity(self, graph: str, identity: str) -> None:
        """Record where a file that moved (same name, same bytes) now is, in its graph."""
        g = f"<{graph}>"
        self.update(f"DELETE WHERE {{ GRAPH {g} {{ {g} <{DK.pathKey}> ?old }} }} ;\n"
                    f"INSERT DATA {{ GRAPH {g} {{ {g} <{DK.pathKey}> {nt(Literal(identity))} }} }}")

    def source_graphs(self) -> list[str]:
        """The named graphs of source files (everything but the shared and derived graphs)."""
        fixed = {str(g) for g in (ONTOLOGY_GRAPH, ENTITIES_GRAPH, SUMMARY_GRAPH, LINKS_GRAPH)}
        return [str(g) for g in self.graphs() if str(g) not in fixed]

    def leftover_files(self) -> list[Path]:
        """Files an interrupted build left in the store folder (bulk-load chunks, spooled text,
        table files Oxigraph's bulk loader had not ingested yet)."""
        return sorted(f for f in self.path.iterdir() if LEFTOVER.match(f.name))

    def remove_stale_bulk_files(self) -> list[Path]:
        """Delete what :meth:`leftover_files` finds (safe: this process holds the write lock, so
        no bulk load is running, and none of these files is part of the database)."""
        removed = []
        for stale in self.leftover_files():
            try:
                stale.unlink()
                removed.append(stale)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise store_error(self.path, exc, f"cannot remove the leftover {stale.name}") from None
        return removed

    def bulk_writer(self):
        """A writer that bulk-loads many files' graphs into a store that holds none yet."""
        from kg.rdf.bulk import BulkWriter

        return BulkWriter(self)

    # triples per write (one transaction, which Oxigraph holds in memory) and per lookup when a
    # derived graph is synced
    SYNC_BATCH = 20_000
    # triples written by a sync before the store's write buffers are flushed to disk: RocksDB
    # keeps what transactions wrote in memory (about 1 KB a triple over Oxigraph's indexes) until
    # its buffers fill, so a first build's summaries (10x corpus: 670,000 triples) took the main
    # process from 60 to 700-900 MB; flushed every 20,000 they stayed at 315 (1x build: 335)
    FLUSH_EVERY = 20_000

    def _sync_graph(self, graph: URIRef, wanted, predicates: tuple[str, ...] | None = None) -> bool:
        """Make ``graph`` hold exactly the ``wanted`` triples, only among ``predicates`` when given,
        writing only the difference. Whether anything changed (:meth:`graph_difference`)."""
        missing, stale = self.graph_difference(graph, wanted, predicates, apply=True)
        return bool(missing or stale)

    def graph_difference(self, graph: URIRef, wanted, predicates: tuple[str, ...] | None = None, *,
                         apply: bool = False) -> tuple[int, int]:
        """How many ``wanted`` triples ``graph`` lacks and how many it holds that are not wanted
        (only among ``predicates``, when given); with ``apply``, write that difference.

        ``wanted`` is an iterable of N-Triples lines (duplicates allowed), read once, as a
        stream. Memory holds a sorted array of one 16-byte digest per triple the graph holds
        now, and one batch of :attr:`SYNC_BATCH` lines: no set of terms or lines over the whole
        graph. Each batch written is a transaction of its own: an interruption leaves a derived
        graph partly synced, which the next build's sync completes.
        """
        import hashlib

        import numpy as np

        gn = ox.NamedNode(str(graph))
        g = f" {graph.n3()} .\n"

        def current():
            if predicates is None:
                found = matching(self.oxigraph, g=gn)
            else:
                found = (q for p in predicates for q in matching(self.oxigraph, None, ox.NamedNode(p), None, gn))
            for q in found:
                yield f"{q.subject} {q.predicate} {q.object} ."

        def digests(lines: list[str]):
            return np.array([hashlib.blake2b(line.encode("utf-8"), digest_size=16).digest() for line in lines],
                            dtype="S16")

        def batches(lines):
            batch = []
            for line in lines:
                batch.append(line)
                if len(batch) >= self.SYNC_BATCH:
                    yield batch
                    batch = []
            if batch:
                yield batch

        def members(sorted_digests, batch_digests):
            """(whether each of ``batch_digests`` is in ``sorted_digests``, where)"""
            if not len(sorted_digests):
                return np.zeros(len(batch_digests), dtype=bool), None
            at = np.searchsorted(sorted_digests, batch_digests)
            at[at == len(sorted_digests)] = 0
            return sorted_digests[at] == batch_digests, at

        def wrote(n: int) -> None:
            # counted over every sync of this store object: they all fill the same buffers
            self._unflushed = getattr(self, "_unflushed", 0) + n
            if self._unflushed >= self.FLUSH_EVERY:
                self._write(self.oxigraph.flush)
                self._unflushed = 0

        have = [digests(batch) for batch in batches(current())]
        have = np.unique(np.concatenate(have)) if have else np.array([], dtype="S16")
        seen = np.zeros(len(have), dtype=bool)
        missing = 0
        for batch in batches(wanted):
            d = digests(batch)
            found, at = members(have, d)
            if at is not None:
                seen[at[found]] = True
            new = [line for line, ok in zip(batch, found) if not ok]
            if new:
                if len(new) > 1:   # the wanted stream may repeat a triple
                    _, first = np.unique(d[~found], return_index=True)
                    new = [new[i] for i in sorted(first)]
                missing += len(new)
                if apply:   # Oxigraph's loader parses N-Quads far faster than an INSERT DATA request
                    self._write(self.oxigraph.load, "".join(line[:-2] + g for line in new),
                                format=ox.RdfFormat.N_QUADS)
                    wrote(len(new))
        # (a triple missing from two batches is counted twice; only whether any is missing matters)
        gone = have[~seen]
        del have, seen
        stale = len(gone)
        if stale and apply:
            for batch in batches(current()):
                found, _ = members(gone, digests(batch))
                lines = [line for line, ok in zip(batch, found) if ok]
                if lines:
                    self.update(f"DELETE DATA {{ GRAPH {graph.n3()} {{\n" + "\n".join(lines) + "\n} }")
                    wrote(len(lines))
        return missing, stale

    def derive_summaries(self) -> None:
        """Bring the summary graph up to date with the per-file facts, by difference.

        Each step is a transaction of its own; a build interrupted between them leaves a
        summary that the next build (which always calls this) repairs.

        ``dk:asksAbout`` (outlet -> topic of an exchange it asked) and ``dk:references``
        (spokesperson -> entity their answers or statements mention) are derived, so they
        never go stale when a file is rebuilt; so are the exchange shortcuts that keep the
        saved queries fast (``dk:exchangeMentions``, ``dk:exchangeMonth``,
        ``dk:exchangeOutlet``, ``dk:exchangeSpokesperson``). Entity descriptions no file refers to any
        more are pruned from the shared entities graph.
        """
        # what the summary graph should hold, read with fast queries; then only the
        # difference is written (after a one-file change that is a handful of triples); one
        # derived property at a time, so that memory holds one part of it, not all
        for predicate, where in SUMMARY_PARTS:
            self._sync_graph(SUMMARY_GRAPH, summary_lines(self, predicate, where), (str(predicate),))
        # nothing else belongs in the summary graph
        kept = ", ".join(f"<{p}>" for p, _ in SUMMARY_PARTS)
        self.update(f"DELETE {{ GRAPH {SUMMARY_GRAPH.n3()} {{ ?s ?p ?o }} }} WHERE {{ "
                    f"GRAPH {SUMMARY_GRAPH.n3()} {{ ?s ?p ?o }} FILTER (?p NOT IN ({kept})) }}")
        # entity descriptions no file refers to any more
        self.update(f"""DELETE {{ GRAPH {ENTITIES_GRAPH.n3()} {{ ?e ?p ?o }} }}
            WHERE {{ GRAPH {ENTITIES_GRAPH.n3()} {{ ?e ?p ?o }}
                     FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?e }}
                                          FILTER(?g != {ENTITIES_GRAPH.n3()}) }} }}""")

    def remove_graph(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {graph.n3()}")

    def load_ontology(self, files: list[Path], digest: str) -> bool:
        """(Re)load the ontology and topic scheme into their own graph when they changed."""
        g = ox.NamedNode(str(ONTOLOGY_GRAPH))
        if any(q.object.value == digest for q in matching(self.oxigraph, g, ox.NamedNode(str(DK.contentHash)), None, g)):
            return False
        g = Graph()
        for f in files:
            g.parse(f, format="turtle")
        quads = [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in g]
        quads.append((ONTOLOGY_GRAPH, DK.contentHash, Literal(digest), ONTOLOGY_GRAPH))
        self.replace_graph(ONTOLOGY_GRAPH, quads)
        return True

    def relink_versions(self) -> bool:
        """Link the documents that are one event published more than once.

        Two conferences of one government, kind, date and spokesperson are one event:
        in the same language, published twice (e.g. under two article ids: both kept,
        linked with ``dk:sameConferenceAs``); in two languages, its language versions
        (``dk:otherVersion``, e.g. a China MFA transcript's Chinese original and its
        English translation). Brought up to date by difference (nothing is written when the
        links are current), so every build can run it: a build interrupted before it, or an
        older one that skipped it, leaves no stale or missing link behind. Other links kept
        in graph/links are left alone. Whether anything changed.
        """
        return self._sync_graph(LINKS_GRAPH, link_lines(self), LINK_PREDICATES)


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _rdflib_term(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"unexpected term in a query result: {term!r}")


def _rdflib_result(result) -> Result:
    """A pyoxigraph query result as an rdflib ``Result`` (what ``kg query`` formats)."""
    if isinstance(result, ox.QueryBoolean):
        out = Result("ASK")
        out.askAnswer = bool(result)
    elif isinstance(result, ox.QuerySolutions):
        out = Result("SELECT")
        out.vars = [Variable(v.value) for v in result.variables]
        out.bindings = ({v: _rdflib_term(val) for v, val in zip(out.vars, row) if val is not None}
                        for row in result)
    else:
        out = Result("CONSTRUCT")
        out.graph = Graph()
        out.graph += ((_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object))
                      for t in result)
    return out


def matching(st, s=None, p=None, o=None, g=None):
    """``st.quads_for_pattern(s, p, o, g)``, keeping only quads equal on every bound position:
    pyoxigraph 0.5's index range scans can also return neighbours of a bound term (seen with
    integer objects such as 255 or 767, whose encoding ends in 0xFF)."""
    for q in st.quads_for_pattern(s, p, o, g):
        if (s is None or q.subject == s) and (p is None or q.predicate == p) and \
                (o is None or q.object == o) and (g is None or q.graph_name == g):
            yield q


def _shared_block(shared: list[str]) -> str:
    return f"\nGRAPH {ENTITIES_GRAPH.n3()} {{\n" + "\n".join(shared) + "\n}" if shared else ""


def _label_ops(labels: list[tuple[str, str]]) -> list[str]:
    """Add each (entity, label) only for an entity without a label yet (first stored wins)."""
    first: dict[str, str] = {}
    for s, o in labels:
        first.setdefault(s, o)
    if not first:
        return []
    values = " ".join(f"({s} {o})" for s, o in first.items())
    return [f"INSERT {{ GRAPH {ENTITIES_GRAPH.n3()} {{ ?e <{RDFS_LABEL}> ?l }} }} "
            f"WHERE {{ VALUES (?e ?l) {{ {values} }} FILTER NOT EXISTS {{ "
            f"GRAPH {ENTITIES_GRAPH.n3()} {{ ?e <{RDFS_LABEL}> ?any }} }} }}"]
