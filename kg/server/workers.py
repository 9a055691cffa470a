"""Worker processes that answer queries for ``kg serve``, each with a hard time limit.

A SPARQL query cannot be interrupted from inside Python once the store is evaluating
it, so each query runs in a worker process that holds the store open read-only. When a
query overruns its time limit the worker is killed and a fresh one takes its place;
the server itself never blocks. Workers also build the networkx views for the web page
(the facts behind them are read once per worker and kept: the store is read-only).
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
import time
from pathlib import Path

from kg.server.protocol import Outcome, ProtocolError

__all__ = ["WorkerPool"]


def _worker_main(store_path: str, conn) -> None:
    from kg.rdf.namespaces import PREFIXES
    from kg.server.protocol import execute
    from kg.rdf.store import KGStore

    store = KGStore(store_path, read_only=True)
    facts = None
    conn.send(("ready",))
    while True:
        try:
            op, args = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        try:
            if op == "query":
                out = execute(store.oxigraph, prefixes=PREFIXES, **args)
                conn.send(("ok", out.status, out.media_type, out.body))
            elif op == "view":
                from kg.server.view_json import view_json
                from kg.views.graphs import load_facts

                if facts is None:
                    facts = load_facts(store)
                conn.send(("ok", 200, "application/json", view_json(facts, **args)))
            else:
                conn.send(("error", 500, f"unknown operation {op!r}"))
        except ProtocolError as exc:
            conn.send(("error", exc.status, exc.message))
        except KeyError as exc:
            conn.send(("error", 404, str(exc.args[0]) if exc.args else "not found"))
        except ValueError as exc:
            conn.send(("error", 400, str(exc)))
        except Exception as exc:  # a bug or a store error: report it, keep serving
            conn.send(("error", 500, f"{type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, ctx, store_path: str):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(store_path, child), daemon=True)
        self.proc.start()
        child.close()
        if not self.conn.poll(120):
            self.kill()
            raise RuntimeError("query worker did not start within 120 s")
        msg = self.conn.recv()
        if msg[0] != "ready":
            raise RuntimeError(f"query worker failed to start: {msg}")

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` worker processes over the store at ``store_path``."""

    def __init__(self, store_path: str | Path, size: int = 2, timeout: float = 30.0):
        self.store_path = str(store_path)
        self.timeout = timeout
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        w = _Worker(self._ctx, self.store_path)
        with self._lock:
            self._all.append(w)
        self._idle.put(w)

    def _replace(self, w: _Worker) -> None:
        w.kill()
        with self._lock:
            if w in self._all:
                self._all.remove(w)
        self._add()

    def run(self, op: str, args: dict, timeout: float | None = None) -> Outcome:
        """Answer one request; raises :class:`ProtocolError` for an error status."""
        limit = self.timeout if timeout is None else timeout
        started = time.monotonic()
        try:
            w = self._idle.get(timeout=limit)
        except queue.Empty:
            raise ProtocolError(503, f"all query workers stayed busy for {limit:g} s; try again") from None
        try:
            w.conn.send((op, args))
            left = max(0.0, limit - (time.monotonic() - started))
            if not w.conn.poll(left):
                self._replace(w)
                w = None
                raise ProtocolError(503, f"the query ran past the time limit of {limit:g} s and was "
                                         f"stopped; narrow it or add LIMIT")
            msg = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            if w is not None:
                self._replace(w)
                w = None
            raise ProtocolError(500, "the query worker died while answering; it has been restarted") from None
        finally:
            if w is not None:
                self._idle.put(w)
        if msg[0] == "ok":
            return Outcome(msg[1], msg[2], msg[3])
        raise ProtocolError(msg[1], msg[2])

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for w in workers:
            w.kill()
