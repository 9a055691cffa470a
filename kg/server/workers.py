"""Worker processes that answer queries for ``kg serve``: time, memory and fairness limits.

A SPARQL query cannot be interrupted from inside Python once the store is evaluating
it, so each query runs in a worker process that holds a snapshot of the store open
read-only (:mod:`kg.server.snapshots`). The server itself never blocks:

- **Time**: a query that overruns its limit has its worker killed (503) and a fresh
  worker, on the same snapshot, takes its place.
- **Memory**: the server watches each busy worker's resident memory and kills a worker
  whose query passes ``max_memory_mb`` (503, the server goes on); an address-space limit
  in the worker is a backstop for a burst between two looks.
- **Fairness**: every query starts as a short one. A query still running after
  ``short_seconds`` becomes a *long* query: its worker is moved to the lowest CPU
  priority, and at most ``long_slots`` long queries run at once (one more is stopped at
  once with a 503 that says so), so ``size - long_slots`` workers are always there for
  short queries. A worker whose priority cannot be raised again is replaced.
- **One snapshot**: all workers read one snapshot; when a build marks a new generation,
  a whole new set of workers is started on a new snapshot and takes over at once (the
  old ones finish the queries they have, then stop).
- **No network**: where Linux allows it, each worker runs in a network namespace of its
  own with no interfaces up, so not even a query the SERVICE check missed could reach
  the network (not when an allow-list of SERVICE endpoints is given).

Workers also build the networkx views for the web page (the facts behind them are read
once per worker and kept: a worker's snapshot never changes).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.server.protocol import Outcome, ProtocolError
from kg.server.snapshots import Snapshot, remove_stale_snapshots, take_snapshot

__all__ = ["WorkerPool", "PoolSettings", "isolate_network"]

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def isolate_network() -> bool:
    """Move this process into a new, empty network namespace (Linux); True when it worked.

    As root, a network namespace alone; otherwise inside a new user namespace, where
    the kernel allows unprivileged ones. Already-open connections (the pipe to the
    server) keep working; nothing new can be reached, not even 127.0.0.1.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    flags = _CLONE_NEWNET if os.geteuid() == 0 else _CLONE_NEWUSER | _CLONE_NEWNET
    return libc.unshare(flags) == 0


def _limit_address_space(extra_bytes: int) -> None:
    import resource

    import psutil

    limit = psutil.Process().memory_info().vms + extra_bytes
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


class _FactsReader:
    """What :func:`kg.views.graphs.load_facts` reads, straight from a pyoxigraph store
    (``oxigraph``; ``query`` gives rows of plain strings, None when unbound, over the
    union default graph), without opening the store a second time through rdflib."""

    def __init__(self, store):
        self.store = store
        self.oxigraph = store

    def query(self, sparql: str):
        for row in self.store.query(sparql, use_default_graph_as_union=True):
            yield tuple(None if t is None else t.value for t in row)


def _worker_main(store_path: str, conn, no_network: bool, address_space_extra: int,
                 prefixes: dict[str, str]) -> None:
    # only pyoxigraph is needed to answer queries (rdflib and networkx come with the first view)
    isolated = isolate_network() if no_network else False
    import pyoxigraph as ox

    from kg.server.protocol import execute

    try:
        store = ox.Store.read_only(store_path)
    except Exception as exc:  # reported to the server, which says what went wrong
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    if address_space_extra:
        _limit_address_space(address_space_extra)
    facts = None
    conn.send(("ready", isolated))

    def emit(part: bytes) -> None:
        conn.send(("part", part))

    while True:
        try:
            op, args = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            if op == "query":
                out = execute(store, prefixes=prefixes, emit=emit, **args)
                conn.send(("ok", out.status, out.media_type))
            elif op == "view":
                from kg.server.view_json import view_json
                from kg.views.graphs import load_facts

                if facts is None:
                    facts = load_facts(_FactsReader(store))
                emit(view_json(facts, **args))
                conn.send(("ok", 200, "application/json"))
            else:
                conn.send(("error", 500, f"unknown operation {op!r}"))
        except ProtocolError as exc:
            conn.send(("error", exc.status, exc.message))
        except MemoryError:
            conn.send(("error", 503, "the query ran out of the worker's memory limit and was stopped; "
                                     "narrow it or add LIMIT"))
        except KeyError as exc:
            conn.send(("error", 404, str(exc.args[0]) if exc.args else "not found"))
        except ValueError as exc:
            conn.send(("error", 400, str(exc)))
        except Exception as exc:  # a bug or a store error: report it, keep serving
            conn.send(("error", 500, f"{type(exc).__name__}: {exc}"))


def _prefixes() -> dict[str, str]:
    from kg.rdf.namespaces import PREFIXES

    return dict(PREFIXES)


class _Worker:
    """One worker process on one snapshot."""

    def __init__(self, ctx, snapshot: Snapshot, settings: "PoolSettings"):
        import psutil

        self.snapshot = snapshot
        snapshot.acquire()
        self.conn, child = ctx.Pipe()
        extra = settings.max_memory_mb * 2 << 20 if settings.max_memory_mb else 0
        self.proc = ctx.Process(target=_worker_main, daemon=True,
                                args=(str(snapshot.path), child, settings.isolate_network, extra,
                                      _prefixes()))
        self.proc.start()
        child.close()
        self.long = False
        self.retired = False
        try:
            if not self.conn.poll(120):
                raise RuntimeError("query worker did not start within 120 s")
            msg = self.conn.recv()
        except (EOFError, OSError):
            self.kill()
            raise RuntimeError("query worker exited while starting") from None
        except RuntimeError:
            self.kill()
            raise
        if msg[0] != "ready":
            self.kill()
            raise RuntimeError(f"query worker failed to start: {msg[1] if len(msg) > 1 else msg}")
        self.isolated = msg[1]
        self.ps = psutil.Process(self.proc.pid)

    def rss(self) -> int:
        try:
            return self.ps.memory_info().rss
        except Exception:
            return 0

    def set_priority(self, nice: int) -> bool:
        try:
            os.setpriority(os.PRIO_PROCESS, self.proc.pid, nice)
            return True
        except (OSError, AttributeError):
            return False

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        if self.snapshot is not None:
            self.snapshot.release()
            self.snapshot = None


@dataclass
class PoolSettings:
    size: int = 4                   # worker processes
    timeout: float = 30.0           # seconds per query (default)
    long_slots: int = 2             # queries that may run past short_seconds at once
    short_seconds: float = 1.0
    max_memory_mb: int = 1024       # resident memory of one worker; 0 = no limit
    isolate_network: bool = True
    follow_builds: bool = True      # watch the store's generation mark
    snapshot: bool = True           # read a checkpoint of the store (else the store itself)
    poll_seconds: float = 0.5       # how often the generation mark is looked at
    max_waiting: int = 1000         # requests queued for a worker before 503


@dataclass
class _Answer:
    outcome: Outcome
    parts: list[bytes] = field(default_factory=list)
    generation: str | None = None


class WorkerPool:
    """Worker processes over a snapshot of the store at ``store_path`` (see the module doc)."""

    def __init__(self, store_path: str | Path, size: int | None = None, timeout: float | None = None,
                 settings: PoolSettings | None = None):
        from kg.rdf.store import read_generation

        self.settings = settings or PoolSettings()
        if size is not None:
            self.settings.size = size
        if timeout is not None:
            self.settings.timeout = timeout
        s = self.settings
        # keep a worker free for short queries (with one worker, that cannot be done)
        s.long_slots = max(0, min(s.long_slots, max(1, s.size - 1)))
        self.store_path = Path(store_path)
        self.timeout = s.timeout
        self._ctx = mp.get_context("spawn")
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._long = 0
        self._waiting = 0
        self._closed = False
        self._read_generation = read_generation
        self._starting: list[threading.Thread] = []
        self._snapshots: list[Snapshot] = []
        if s.snapshot:
            remove_stale_snapshots(self.store_path)
        generation = read_generation(self.store_path)
        self.snapshot = self._take(generation)
        self.switches = 0
        workers = self._start_many(self.snapshot, s.size)
        self._idle.extend(workers)
        self._all.update(workers)
        self.isolated = all(w.isolated for w in workers)
        self._watcher = None
        if s.follow_builds:
            self._watcher = threading.Thread(target=self._watch, name="kg-serve-generation", daemon=True)
            self._watcher.start()

    # -- snapshots and workers
    def _take(self, generation: str | None) -> Snapshot:
        if self.settings.snapshot:
            snap = take_snapshot(self.store_path, generation)
        else:
            snap = Snapshot(self.store_path, generation, owned=False)
        self._snapshots = [s for s in self._snapshots if s.path.exists()] + [snap]
        return snap

    def _start_many(self, snapshot: Snapshot, n: int) -> list[_Worker]:
        out, errors = [None] * n, []

        def one(i):
            try:
                out[i] = _Worker(self._ctx, snapshot, self.settings)
            except RuntimeError as exc:
                errors.append(exc)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if errors:
            for w in out:
                if w is not None:
                    w.kill()
            raise errors[0]
        return out

    def _replace_later(self, snapshot: Snapshot) -> None:
        """Start a worker on ``snapshot`` in the background (it joins if still current)."""
        snapshot.acquire()     # keep the snapshot's folder until the new worker holds it

        def start():
            try:
                w = _Worker(self._ctx, snapshot, self.settings)
            except RuntimeError as exc:
                print(f"kg serve: warning: {exc}", file=sys.stderr)
                return
            finally:
                snapshot.release()
            with self._cond:
                if self._closed or snapshot is not self.snapshot:
                    keep = False
                else:
                    keep = True
                    self._all.add(w)
                    self._idle.append(w)
                    self._cond.notify()
            if not keep:
                w.kill()

        t = threading.Thread(target=start, name="kg-serve-replace", daemon=True)
        self._starting = [x for x in self._starting if x.is_alive()] + [t]
        t.start()

    def _discard(self, w: _Worker, replace: bool = True) -> None:
        """Kill ``w``; start a replacement on the current snapshot unless it was retired."""
        with self._cond:
            self._all.discard(w)
            if w.long:
                w.long = False
                self._long -= 1
            retired = w.retired or w.snapshot is not self.snapshot
            snapshot = self.snapshot
            closed = self._closed
        w.kill()
        if replace and not retired and not closed:
            self._replace_later(snapshot)

    def _release(self, w: _Worker) -> None:
        """``w`` finished a request normally."""
        with self._cond:
            was_long = w.long
            if w.long:
                w.long = False
                self._long -= 1
            stale = w.retired or w.snapshot is not self.snapshot or self._closed
        if stale:
            self._discard(w, replace=False)
            return
        if was_long and not w.set_priority(0):
            self._discard(w)      # cannot raise its priority again: a fresh one replaces it
            return
        with self._cond:
            self._idle.append(w)
            self._cond.notify()

    def check_generation(self) -> bool:
        """Move to a new snapshot when the store's generation mark changed; True when it did."""
        generation = self._read_generation(self.store_path)
        if generation == self.snapshot.generation or self._closed:
            return False
        snapshot = self._take(generation)
        try:
            fresh = self._start_many(snapshot, self.settings.size)
        except RuntimeError as exc:
            snapshot.retire()
            print(f"kg serve: warning: could not move to the new build ({exc}); still serving the "
                  "previous one", file=sys.stderr)
            return False
        with self._cond:
            old, self.snapshot = self.snapshot, snapshot
            idle_old, self._idle = self._idle, fresh
            for w in self._all:
                w.retired = True
            self._all = set(fresh) | {w for w in self._all if w not in idle_old}
            self._all.difference_update(idle_old)
            self.switches += 1
            self._cond.notify_all()
        for w in idle_old:
            w.kill()
        old.retire()
        return True

    def _watch(self) -> None:
        while not self._closed:
            time.sleep(self.settings.poll_seconds)
            try:
                self.check_generation()
            except Exception as exc:  # keep watching; say what went wrong
                print(f"kg serve: warning: following the store failed: {type(exc).__name__}: {exc}",
                      file=sys.stderr)

    # -- requests
    def _acquire(self, limit: float) -> _Worker:
        deadline = time.monotonic() + limit
        with self._cond:
            if self._waiting >= self.settings.max_waiting:
                raise ProtocolError(503, f"{self._waiting} queries are already waiting for a worker; "
                                         "try again")
            self._waiting += 1
            try:
                while not self._idle:
                    left = deadline - time.monotonic()
                    if left <= 0 or self._closed:
                        raise ProtocolError(503, f"all query workers stayed busy for {limit:g} s; "
                                                 "try again")
                    self._cond.wait(left)
                return self._idle.pop()
            finally:
                self._waiting -= 1

    def _promote(self, w: _Worker) -> bool:
        """Make ``w``'s query a long one; False when every long slot is taken."""
        with self._cond:
            if self._long >= self.settings.long_slots:
                return False
            self._long += 1
            w.long = True
        w.set_priority(19)
        return True

    def run(self, op: str, args: dict, timeout: float | None = None) -> _Answer:
        """Answer one request; raises :class:`ProtocolError` for an error status."""
        s = self.settings
        limit = self.timeout if timeout is None else timeout
        started = time.monotonic()
        w = self._acquire(limit)
        generation = w.snapshot.generation if w.snapshot else None
        cap = s.max_memory_mb << 20
        parts: list[bytes] = []
        try:
            w.conn.send((op, args))
            running = time.monotonic()
            while True:
                now = time.monotonic()
                left = limit - (now - started)
                if left <= 0:
                    self._discard(w)
                    w = None
                    raise ProtocolError(503, f"the query ran past the time limit of {limit:g} s and was "
                                             f"stopped; narrow it or add LIMIT")
                if w.conn.poll(min(0.05, left)):
                    msg = w.conn.recv()
                    if msg[0] == "part":
                        parts.append(msg[1])
                        continue
                    break
                if cap and w.rss() > cap:
                    self._discard(w)
                    w = None
                    raise ProtocolError(503, f"the query used more than the memory limit of "
                                             f"{s.max_memory_mb:,} MB and was stopped; narrow it or "
                                             f"add LIMIT")
                if (not w.long and now - running > s.short_seconds and not self._promote(w)
                        and op == "query"):
                    # a user's SPARQL past the short limit with every long slot taken is stopped;
                    # the server's own operations (views, explorer pages) finish at normal priority
                    self._discard(w)
                    w = None
                    raise ProtocolError(503, f"{s.long_slots} long-running queries (over "
                                             f"{s.short_seconds:g} s) are already being answered, the "
                                             f"most this server runs at once; this one was stopped: try "
                                             f"again later, or narrow it")
        except (EOFError, OSError, BrokenPipeError):
            if w is None:
                raise
            code = w.proc.exitcode
            self._discard(w)
            w = None
            how = f" (signal {-code})" if code is not None and code < 0 else ""
            if code is not None and -code in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS) and cap:
                raise ProtocolError(503, f"the query worker died{how}, most likely when the query passed "
                                         f"the memory limit of {s.max_memory_mb:,} MB; it has been "
                                         f"restarted: narrow the query or add LIMIT") from None
            raise ProtocolError(500, f"the query worker died while answering{how}; it has been "
                                     f"restarted") from None
        finally:
            if w is not None and not self._closed:
                self._release(w)
        if msg[0] == "ok":
            return _Answer(Outcome(msg[1], msg[2], b""), parts, generation)
        raise ProtocolError(msg[1], msg[2])

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers, self._all, self._idle = list(self._all), set(), []
            self._cond.notify_all()
        for w in workers:
            w.kill()
        for t in self._starting:      # a replacement still starting kills itself when it is up
            t.join(10)
        with self._cond:
            workers = list(self._all)
        for w in workers:
            w.kill()
        for snap in self._snapshots:  # no worker is left: remove every snapshot folder
            snap.current = False
            snap.remove()
