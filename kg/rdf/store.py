"""The persistent store: rdflib over an embedded Oxigraph database in a folder.

Each source file owns one named graph. Replacing a file's graph is one SPARQL Update
request (drop + insert), which Oxigraph applies as a single transaction: a crash or
Ctrl-C leaves either the old graph or the new one, never a mix.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.query import Result

from kg.rdf.namespaces import DK, ENTITIES_GRAPH, LABEL_IF_ABSENT, LINKS_GRAPH, ONTOLOGY_GRAPH, PREFIXES, SUMMARY_GRAPH
from kg.rdf.ntriples import nt
from kg.rdf.mapping import Quad

__all__ = ["KGStore", "StoreError", "default_store_path", "GENERATION_FILE", "read_generation"]

# written (atomically) after a build commits; a running ``kg serve`` watches it
GENERATION_FILE = "kg-generation"


def read_generation(path: str | Path) -> str | None:
    """The generation mark of the store at ``path`` (None before the first marked build)."""
    try:
        return (Path(path) / GENERATION_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


class StoreError(Exception):
    """The store folder cannot be opened or used."""


RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def default_store_path() -> Path:
    return Path(os.environ.get("KG_STORE", "kg-store"))


# everything graph/summary holds, derived from the per-file graphs
SUMMARY_CONSTRUCT = f"""PREFIX dk: <{DK._NS}>
CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?e dk:about ?o ; dk:question ?q . ?q dk:askedBy ?s }}
      BIND (dk:asksAbout AS ?p) }} }}
  UNION {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?u dk:answeredBy ?s ; dk:mentions ?o }}
      BIND (dk:references AS ?p) }} }}
  UNION {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s dk:turn ?t . ?t dk:mentions ?o }}
      BIND (dk:exchangeMentions AS ?p) }} }}
  UNION {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?c dk:hasExchange ?s ; dk:date ?d }}
      BIND (SUBSTR(STR(?d), 1, 7) AS ?o) BIND (dk:exchangeMonth AS ?p) }} }}
  UNION {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s dk:question ?q . ?q dk:askedBy ?o }}
      BIND (dk:exchangeOutlet AS ?p) }} }}
  UNION {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s dk:answer ?a . ?a dk:answeredBy ?o }}
      BIND (dk:exchangeSpokesperson AS ?p) }} }}
  UNION {{ SELECT DISTINCT ?s ?p ?o WHERE {{
      VALUES ?class {{ dk:Country dk:Organization dk:Person dk:Initiative dk:Place dk:MediaOutlet
                      dk:Spokesperson }}
      GRAPH ?g1 {{ ?s a ?class }}
      {{ GRAPH ?g2 {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?n }} }}
      UNION {{ GRAPH ?g3 {{ ?s dk:isoCode ?n }} }}
      BIND (LCASE(STR(?n)) AS ?o) BIND (dk:matchKey AS ?p) }} }}
}}"""


class KGStore:
    """A diplokg store in ``path`` (created on first use)."""

    def __init__(self, path: str | Path | None = None, *, create: bool = True, read_only: bool = False):
        self.path = Path(path) if path is not None else default_store_path()
        self.read_only = read_only
        self._prefixes: dict[str, str] | None = None
        if read_only:
            self._open_read_only()
            return
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: exists and is not a folder")
        if not self.path.exists():
            if not create:
                raise StoreError(f"{self.path}: no store here (run `kg build` first)")
        elif any(self.path.iterdir()) and not (self.path / "CURRENT").exists():
            raise StoreError(f"{self.path}: folder is not empty and is not a diplokg store")
        self.path.mkdir(parents=True, exist_ok=True)
        self.dataset = Dataset(store="Oxigraph", default_union=True)
        try:
            self.dataset.open(str(self.path))
        except OSError as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreError(f"{self.path}: the store is in use by another process") from None
            raise StoreError(f"{self.path}: cannot open store ({msg})") from None
        self._bind_prefixes()

    def _bind_prefixes(self) -> None:
        for prefix, ns in PREFIXES.items():
            self.dataset.bind(prefix, ns)

    def _open_read_only(self) -> None:
        """Open without taking the write lock (``kg serve``); several processes may do this."""
        from oxrdflib import OxigraphStore

        if not (self.path / "CURRENT").is_file():
            raise StoreError(f"{self.path}: no store here (run `kg build` first)")
        try:
            inner = ox.Store.read_only(str(self.path))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open store read-only ({exc})") from None
        self.dataset = Dataset(store=OxigraphStore(store=inner), default_union=True)
        self._bind_prefixes()

    @property
    def oxigraph(self):
        """The underlying ``pyoxigraph.Store``."""
        return self.dataset.store._inner

    # -- lifecycle
    def close(self) -> None:
        if self.read_only:
            self.dataset.close()
            return
        try:
            self.oxigraph.flush()
        finally:
            self.dataset.close()

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
        tmp.write_text(mark + "\n", encoding="utf-8")
        os.replace(tmp, self.path / GENERATION_FILE)
        return mark

    def graphs(self) -> list[URIRef]:
        return [URIRef(g.value) for g in self.oxigraph.named_graphs()]

    def stored_hash(self, graph: URIRef) -> str | None:
        """The build key (source bytes + version + model + reference data) a graph was built with."""
        rows = list(self.query(
            f"SELECT ?h WHERE {{ GRAPH {graph.n3()} {{ {graph.n3()} {DK.buildKey.n3()} ?h }} }}"))
        return str(rows[0][0]) if rows else None

    def stored_keys(self) -> dict[str, str]:
        """Every source graph's build key, in one pass over the store."""

        key = ox.NamedNode(str(DK.buildKey))
        return {q.graph_name.value: q.object.value
                for q in self.oxigraph.quads_for_pattern(None, key, None, None)
                if isinstance(q.graph_name, ox.NamedNode) and q.subject == q.graph_name}

    def optimize(self) -> None:
        """Compact the database (after a bulk load: fewer, sorted files make queries faster)."""
        self.oxigraph.optimize()

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
    def update(self, sparql_update: str) -> None:
        """One SPARQL Update request, applied by Oxigraph as a single transaction."""
        # rdflib's Dataset.update would parse the request with rdflib's own (slow) SPARQL
        # parser when the dataset uses the union default graph; go to the store directly.
        self.dataset.store.update(sparql_update, {}, {}, DATASET_DEFAULT_GRAPH_ID)

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
        extra = f"\nGRAPH {ENTITIES_GRAPH.n3()} {{\n" + "\n".join(shared) + "\n}" if shared else ""
        ops = [f"DROP SILENT GRAPH {g}", f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}}{extra} }}"]
        first: dict[str, str] = {}
        for s, o in labels:
            first.setdefault(s, o)
        if first:
            values = " ".join(f"({s} {o})" for s, o in first.items())
            ops.append(f"INSERT {{ GRAPH {ENTITIES_GRAPH.n3()} {{ ?e <{RDFS_LABEL}> ?l }} }} "
                       f"WHERE {{ VALUES (?e ?l) {{ {values} }} FILTER NOT EXISTS {{ "
                       f"GRAPH {ENTITIES_GRAPH.n3()} {{ ?e <{RDFS_LABEL}> ?any }} }} }}")
        self.update(" ;\n".join(ops))

    def source_graphs(self) -> list[str]:
        """The named graphs of source files (everything but the shared and derived graphs)."""
        fixed = {str(g) for g in (ONTOLOGY_GRAPH, ENTITIES_GRAPH, SUMMARY_GRAPH, LINKS_GRAPH)}
        return [str(g) for g in self.graphs() if str(g) not in fixed]

    def remove_stale_bulk_files(self) -> None:
        """Delete bulk-load files an interrupted build left in the store folder."""
        for stale in self.path.glob("bulk-*.nq"):
            stale.unlink(missing_ok=True)

    def bulk_writer(self) -> "BulkWriter":
        """A writer that bulk-loads many files' graphs into a store that holds none yet."""
        return BulkWriter(self)

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
        # difference is written (after a one-file change that is a handful of triples)
        wanted = {f"{t.subject} {t.predicate} {t.object} ."
                  for t in self.oxigraph.query(SUMMARY_CONSTRUCT)}
        current = {f"{q.subject} {q.predicate} {q.object} ."
                   for q in self.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(SUMMARY_GRAPH)))}
        stale, missing = current - wanted, wanted - current
        if stale:
            self.update(f"DELETE DATA {{ GRAPH {SUMMARY_GRAPH.n3()} {{\n" + "\n".join(stale) + "\n} }")
        if missing:   # Oxigraph's loader parses N-Quads far faster than an INSERT DATA request
            g = f" {SUMMARY_GRAPH.n3()} .\n"
            self.oxigraph.load("".join(line[:-2] + g for line in missing), format=ox.RdfFormat.N_QUADS)
        # entity descriptions no file refers to any more
        self.update(f"""DELETE {{ GRAPH {ENTITIES_GRAPH.n3()} {{ ?e ?p ?o }} }}
            WHERE {{ GRAPH {ENTITIES_GRAPH.n3()} {{ ?e ?p ?o }}
                     FILTER NOT EXISTS {{ GRAPH ?g {{ ?x ?q ?e }}
                                          FILTER(?g != {ENTITIES_GRAPH.n3()}) }} }}""")

    def remove_graph(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {graph.n3()}")

    def load_ontology(self, files: list[Path], digest: str) -> bool:
        """(Re)load the ontology and topic scheme into their own graph when they changed."""
        if self.stored_hash(ONTOLOGY_GRAPH) == digest:
            return False
        g = Graph()
        for f in files:
            g.parse(f, format="turtle")
        quads = [(s, p, o, ONTOLOGY_GRAPH) for s, p, o in g]
        quads.append((ONTOLOGY_GRAPH, DK.contentHash, Literal(digest), ONTOLOGY_GRAPH))
        self.replace_graph(ONTOLOGY_GRAPH, quads)
        return True

    def relink_versions(self) -> None:
        """Link the documents that are one event published more than once.

        Two conferences of one government, kind, date and spokesperson are one event:
        in the same language, published twice (e.g. under two article ids: both kept,
        linked with ``dk:sameConferenceAs``); in two languages, its language versions
        (``dk:otherVersion``, e.g. a China MFA transcript's Chinese original and its
        English translation). Recomputed in one transaction.
        """
        self.update(f"""
            PREFIX dk: <{DK._NS}>
            PREFIX dct: <http://purl.org/dc/terms/>
            DROP SILENT GRAPH {LINKS_GRAPH.n3()} ;
            INSERT {{ GRAPH {LINKS_GRAPH.n3()} {{ ?a ?link ?b }} }}
            WHERE {{
              GRAPH ?ga {{ ?a a dk:PressConference ; dk:date ?d ; dk:spokesperson ?s ;
                                dk:conferenceKind ?k ; dk:government ?gov ; dct:language ?la }}
              GRAPH ?gb {{ ?b a dk:PressConference ; dk:date ?d ; dk:spokesperson ?s ;
                                dk:conferenceKind ?k ; dk:government ?gov ; dct:language ?lb }}
              FILTER (?a != ?b && ?k IN ("regular-press-conference", "daily-briefing-online"))
              BIND (IF(?la = ?lb, dk:sameConferenceAs, dk:otherVersion) AS ?link)
            }}""")


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


class BulkWriter:
    """Stream files' quads to N-Quads chunk files in the store folder and bulk-load each
    chunk in a background thread while the build goes on.

    Used when the store holds no source file yet, so nothing stored can be lost. The
    build-key triples go in last, in one transaction after every chunk is loaded: if the
    build is interrupted, files without their key are simply rebuilt by the next build.
    Labels follow the same first-stored-wins rule as :meth:`KGStore.replace_graph_lines`.
    """

    CHUNK_BYTES = 32 << 20

    def __init__(self, store: KGStore):
        from concurrent.futures import ThreadPoolExecutor

        self.store = store
        self.labelled: set[str] = set()
        self.shared_seen: set[str] = set()   # files repeat the entities they share
        self.keys: list[str] = []
        self.entities = ENTITIES_GRAPH.n3()
        # one loader thread: pyoxigraph releases the GIL while it loads
        self.loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-bulk-load")
        self.loads: list = []
        self.fh = None
        self._open_chunk()

    def _open_chunk(self) -> None:
        import tempfile

        fd, name = tempfile.mkstemp(prefix="bulk-", suffix=".nq", dir=self.store.path)
        self.path = Path(name)
        self.fh = os.fdopen(fd, "w", encoding="utf-8")
        self.size = 0

    def _ship_chunk(self) -> None:
        self.fh.close()
        self.loads.append(self.loader.submit(self._load, self.path))

    def _load(self, path: Path) -> None:

        try:
            if path.stat().st_size:
                # lenient: the lines were written by this module from rdflib terms
                self.store.oxigraph.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)
        finally:
            path.unlink(missing_ok=True)

    def add(self, graph: str, own: str, key_line: str, shared: list[str],
            labels: list[tuple[str, str]]) -> None:
        g = f" <{graph}> .\n"
        eg = f" {self.entities} .\n"
        # "s p o .\n" -> "s p o <g> .\n": literals escape their newlines, so " .\n" ends a line
        out = [own.replace(" .\n", g)]
        label = f"<{RDFS_LABEL}>"
        seen = self.shared_seen
        for line in shared:
            if line in seen:
                continue
            seen.add(line)
            out.append(line[:-2] + eg)
            s, p, _ = line.split(" ", 2)
            if p == label:
                self.labelled.add(s)
        for s, o in labels:
            if s not in self.labelled:
                self.labelled.add(s)
                out.append(f"{s} {label} {o}{eg}")
        text = "".join(out)
        self.fh.write(text)
        self.size += len(text)
        if key_line:
            self.keys.append(key_line[:-2] + g)
        if self.size >= self.CHUNK_BYTES:
            self._ship_chunk()
            self._open_chunk()

    def finish(self) -> None:

        self._ship_chunk()
        try:
            for fut in self.loads:
                fut.result()          # re-raises a failed load here
        finally:
            self.loader.shutdown(wait=True)
        if self.keys:
            self.store.oxigraph.load("".join(self.keys), format=ox.RdfFormat.N_QUADS)
