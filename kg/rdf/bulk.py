"""A first build's writer: many files' graphs bulk-loaded into a store that holds none yet.

Files' quads are streamed to N-Quads chunk files in the store folder, and each chunk is
bulk-loaded in a background thread while the build goes on; a file whose graph alone is large
(spooled to a file by its worker) is bulk-loaded on its own, straight into its graph. Memory
stays bounded whatever the files' sizes.

Nothing stored can be lost (the store held no source file), so the load need not be one
transaction: the build-key triples go in last, in one transaction after every load succeeded.
If the build is interrupted, or a load fails (a full disk), no file has its key and the next
build simply rebuilds them all. Labels follow the first-stored-wins rule of
:meth:`kg.rdf.store.KGStore.replace_graph_lines`.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from kg.faults import checkpoint
from kg.rdf.namespaces import ENTITIES_GRAPH
from kg.rdf.store_state import StoreError, store_error

__all__ = ["BulkWriter", "line_blocks"]

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


class BulkWriter:
    """See the module docstring. :meth:`add` each file in order, then :meth:`finish` once."""

    CHUNK_BYTES = 8 << 20    # 32 MB chunks peaked at 400-480 MB in a 10,000-pair file; 8 MB at about 300-330

    def __init__(self, store):
        self.store = store
        self.labelled: set[str] = set()
        self.shared_seen: set[str] = set()   # files repeat the entities they share
        self.keys: list[str] = []
        self.entities = ENTITIES_GRAPH.n3()
        # one loader thread: pyoxigraph releases the GIL while it loads
        self.loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-bulk-load")
        self.loads: list = []
        self.fh = None
        self.path: Path | None = None
        self.size = 0

    def _open_chunk(self) -> None:
        fd, name = tempfile.mkstemp(prefix="bulk-", suffix=".nq", dir=self.store.path)
        self.path = Path(name)
        self.fh = os.fdopen(fd, "w", encoding="utf-8")
        self.size = 0

    def _write(self, text: str) -> None:
        try:
            if self.fh is None:
                self._open_chunk()
            self.fh.write(text)
        except OSError as exc:
            self._drop_chunk()
            raise store_error(self.store.path, exc, "cannot write a bulk-load file") from None
        self.size += len(text)

    def _drop_chunk(self) -> None:
        if self.fh is not None:
            try:
                self.fh.close()
            except OSError:
                pass
            self.fh = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None

    def _ship_chunk(self) -> None:
        if self.fh is None:
            return
        try:
            self.fh.close()         # a full disk can fail here, when the last buffer is written
        except OSError as exc:
            self.fh = None
            self._drop_chunk()
            raise store_error(self.store.path, exc, "cannot write a bulk-load file") from None
        self.fh = None
        path, self.path = self.path, None
        self.loads.append(self.loader.submit(self._load_file, path, ox.RdfFormat.N_QUADS, None, True))

    def _load_file(self, path: Path, fmt, graph: str | None, remove: bool) -> None:
        try:
            if path.stat().st_size:
                to = ox.NamedNode(graph) if graph else None
                # lenient: the lines were written by diplokg from rdflib terms
                self.store.oxigraph.bulk_load(path=str(path), format=fmt, to_graph=to, lenient=True)
        finally:
            if remove:
                path.unlink(missing_ok=True)

    def add(self, graph: str, own: str | Path, key_line: str, shared: list[str],
            labels: list[tuple[str, str]]) -> None:
        """Queue one file: ``own`` is its graph's N-Triples (text, or a spooled file that this
        writer then owns and removes), ``key_line`` its build-key triple."""
        g = f" <{graph}> .\n"
        eg = f" {self.entities} .\n"
        out = []
        if isinstance(own, Path) or len(own) > self.CHUNK_BYTES:
            # a large graph goes through the chunks piece by piece: the bulk loader's memory grows
            # with what one load is given (about 800 bytes a quad), so no load is given more
            try:
                for block in line_blocks(own, self.CHUNK_BYTES):
                    self._write(block.replace(" .\n", g))
                    if self.size >= self.CHUNK_BYTES:
                        self._ship_chunk()
            finally:
                if isinstance(own, Path):
                    own.unlink(missing_ok=True)
        elif own:
            # "s p o .\n" -> "s p o <g> .\n": literals escape their newlines, so " .\n" ends a line
            out.append(own.replace(" .\n", g))
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
        if text:
            self._write(text)
        if key_line:
            self.keys.append(key_line[:-2] + g)
        if self.size >= self.CHUNK_BYTES:
            self._ship_chunk()

    def finish(self) -> None:
        """Wait for every load, then store every file's build key in one transaction. Raises
        :class:`~kg.rdf.store_state.StoreError` (:class:`~kg.rdf.store_state.DiskFull` for a full
        disk) when anything failed; then no file has its key (the next build redoes them)."""
        error: StoreError | None = None
        try:
            self._ship_chunk()
        except StoreError as exc:
            error = exc
        for fut in self.loads:
            try:
                fut.result()
            except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
                error = error or store_error(self.store.path, exc, "cannot bulk-load")
        self.loader.shutdown(wait=True)
        if error is not None:
            raise error
        checkpoint("bulk-loaded")
        if self.keys:
            try:
                self.store.oxigraph.load("".join(self.keys), format=ox.RdfFormat.N_QUADS)
            except (OSError, RuntimeError) as exc:
                raise store_error(self.store.path, exc, "cannot write the build keys") from None

    def abandon(self) -> None:
        """Stop without storing any key (the build was interrupted or failed): wait for the
        loads already running, remove the files not loaded yet."""
        self._drop_chunk()
        for fut in self.loads:
            fut.cancel()
        self.loader.shutdown(wait=True)
        self.store.remove_stale_bulk_files()


def line_blocks(source: str | Path, size: int):
    """N-Triples text (or a file of it) in blocks of about ``size`` characters, each ending at the
    end of a line (a line never spans two blocks)."""
    if isinstance(source, Path):
        with source.open(encoding="utf-8") as fh:
            while block := fh.read(size):
                if not block.endswith("\n"):
                    block += fh.readline()
                yield block
        return
    start = 0
    while start < len(source):
        end = source.find("\n", start + size)
        end = len(source) if end < 0 else end + 1
        yield source[start:end]
        start = end
