"""One consistent, frozen copy of the store for ``kg serve`` to read, per build.

Every query worker of a server reads the same snapshot: a RocksDB checkpoint of the
store (hard links to its immutable table files, so it costs almost no time or disk),
made in a private folder next to the store. A worker started later (after another was
stopped for running too long) opens the same snapshot, so answers never alternate
between two states of the store while a build writes to it. When a build commits it
writes a new generation mark (:meth:`kg.rdf.store.KGStore.mark_generation`); the server
then takes a new snapshot and moves every worker to it at once.

When no snapshot can be made (the folder next to the store is not writable, e.g. a
store on a read-only file system, which no build can change), the workers read the
store itself.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Snapshot", "take_snapshot", "remove_stale_snapshots"]

_PREFIX = ".kg-serve-"


@dataclass(eq=False)
class Snapshot:
    """The folder the workers open, the generation it holds, and who uses it."""

    path: Path
    generation: str | None
    owned: bool                 # a checkpoint this server made (removed when unused)
    users: int = 0
    current: bool = True
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def acquire(self) -> None:
        with self._lock:
            self.users += 1

    def release(self) -> None:
        with self._lock:
            self.users -= 1
            done = self.users <= 0 and not self.current
        if done:
            self.remove()

    def retire(self) -> None:
        with self._lock:
            self.current = False
            done = self.users <= 0
        if done:
            self.remove()

    def remove(self) -> None:
        if self.owned:
            shutil.rmtree(self.path.parent, ignore_errors=True)


def _snapshot_root(store: Path) -> Path:
    return store.resolve().parent


def remove_stale_snapshots(store: Path) -> None:
    """Delete snapshot folders left by servers that no longer run (e.g. killed)."""
    import psutil

    try:
        found = list(_snapshot_root(store).glob(f"{_PREFIX}{store.name}-*"))
    except OSError:
        return
    for folder in found:
        try:
            pid = int(folder.name[len(_PREFIX) + len(store.name) + 1:].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not psutil.pid_exists(pid):
            shutil.rmtree(folder, ignore_errors=True)


def take_snapshot(store: Path, generation: str | None) -> Snapshot:
    """A checkpoint of ``store`` as it is now; the store itself when none can be made."""
    import pyoxigraph as ox

    store = Path(store)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{store.name}-{os.getpid()}-",
                                       dir=_snapshot_root(store)))
    except OSError as exc:
        print(f"kg serve: warning: cannot make a snapshot next to {store} ({exc.strerror}); the "
              "workers read the store itself", file=sys.stderr)
        return Snapshot(store, generation, owned=False)
    target = folder / "store"
    last = None
    for _ in range(5):   # a build's compaction may delete a table file while we link it
        try:
            ox.Store.read_only(str(store)).backup(str(target))
            return Snapshot(target, generation, owned=True)
        except OSError as exc:
            last = exc
            shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    print(f"kg serve: warning: cannot make a snapshot of {store} ({last}); the workers read the "
          "store itself", file=sys.stderr)
    return Snapshot(store, generation, owned=False)
