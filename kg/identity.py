"""Which named graph each input file builds into: one file, one graph, across every build.

A file's graph is found again by its identity (a hash of its absolute path, recorded in its
graph as ``dk:pathKey``). A file seen for the first time gets the graph its name gives
(``source/<slug of the file name>``, the IRIs diplokg always minted), unless another file
already has that graph: then its keys get a suffix from its identity (``source/x-txt-3f9a2c1b``,
``conference/x-3f9a2c1b``), so ``a/x.txt`` and ``b/x.txt``, ``x y.txt`` and ``X_Y.TXT``, or
``lū-kàng.txt`` and ``lu-kang.txt`` are never merged. The first of them (in build order) keeps
the plain IRIs, and every later build gives each the same graph whichever folders it names.

A file whose path is new but whose name and content are those of a stored file no longer part
of the build has moved: it keeps that graph (and its IRIs). A graph built by a diplokg that
recorded no identity is taken over by the file of the same name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.rdf.mapping import distinct_suffix
from kg.rdf.namespaces import graph_iri

__all__ = ["Source", "assign_graphs", "suffix_of"]


@dataclass
class Source:
    """One input file of a build, as planned."""

    path: Path
    name: str              # the path as given (how reports name it)
    digest: str            # sha256 of its content
    size: int
    identity: str          # kg.rdf.mapping.path_key
    base: str              # its plain graph key (kg.rdf.mapping.source_key)
    graph: str = ""        # the graph it builds into
    moved: bool = False    # found by its name and content, not by its path

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def suffix(self) -> str:
        """What its keys get appended (``""`` for the plain IRIs)."""
        return suffix_of(self.graph, self.base)

    def distinct_graph(self) -> str:
        """The graph it gets when its plain one belongs to another file."""
        return str(graph_iri(self.base + distinct_suffix(self.identity)))


def suffix_of(graph: str, base: str) -> str:
    """The tail a graph's key has beyond a file's plain key.

    >>> suffix_of("https://w3id.org/diplokg/graph/source/x-txt-3f9a2c1b", "x-txt")
    '-3f9a2c1b'
    >>> suffix_of("https://w3id.org/diplokg/graph/source/x-txt", "x-txt")
    ''
    """
    key = graph.rsplit("/", 1)[-1]
    return key[len(base):] if key.startswith(base) else ""


def assign_graphs(sources: list[Source], stored: dict) -> None:
    """Set ``graph`` (and ``moved``) of every source, given the store's
    :class:`~kg.rdf.store.StoredSource` records by graph IRI."""
    taken: set[str] = set()
    by_identity = {s.identity: g for g, s in stored.items() if s.identity}
    pending = []
    for src in sources:
        g = by_identity.get(src.identity)
        if g is not None and g not in taken:
            src.graph = g
            taken.add(g)
        else:
            pending.append(src)
    present = {src.identity for src in sources}
    by_name: dict[str, list[str]] = {}
    for g in sorted(stored):
        s = stored[g]
        if s.file_name and (s.identity is None or s.identity not in present):
            by_name.setdefault(s.file_name, []).append(g)
    new = []
    for src in pending:
        free = [g for g in by_name.get(src.file_name, []) if g not in taken]
        same = [g for g in free if stored[g].content_hash == src.digest]
        plain = str(graph_iri(src.base))
        old = stored.get(plain)
        if same:
            src.graph, src.moved = same[0], True
        elif old is not None and plain not in taken and old.identity is None \
                and old.file_name in (None, src.file_name):
            src.graph = plain      # built before identities were recorded, or never finished
        else:
            new.append(src)
            continue
        taken.add(src.graph)
    for src in new:
        plain = str(graph_iri(src.base))
        src.graph = plain if plain not in stored and plain not in taken else src.distinct_graph()
        taken.add(src.graph)
