"""Where the per-file work of a build runs: in this process, a local process pool, or a Dask cluster.

Every executor yields results in the order the tasks were given (the store is written in
file order, so a build gives the same graph whichever executor ran it) and keeps only a
bounded number of tasks in flight, counted in tasks and in bytes of input, so a corpus of
any size streams through in bounded memory.

Workers never outlive the build: a local worker dies with the process that started it (on
Linux the kernel kills it the moment its parent dies, even by SIGKILL; elsewhere it notices
within a second), ignores Ctrl-C (the build handles it and stops the pool), and a build that
ends early, for any reason, stops its workers instead of waiting for them. On a Dask cluster
the tasks belong to the build's client: when the build ends or dies, the scheduler drops
the tasks that are still waiting.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["EXECUTORS", "run_ordered", "ExecutorError", "IN_FLIGHT_BYTES"]

EXECUTORS = ("local", "dask")

# at most this many bytes of task input in flight at once (always at least one task)
IN_FLIGHT_BYTES = 64 << 20


class ExecutorError(Exception):
    """The executor cannot be used (e.g. no Dask scheduler at the address)."""


def run_ordered(fn: Callable[..., Any], tasks: Iterable[tuple], *, jobs: int = 1,
                executor: str = "local", scheduler: str | None = None,
                size: Callable[[tuple], int] | None = None) -> Iterator[Any]:
    """``fn(*task)`` for every task, results in task order.

    ``size(task)`` is the bytes a task carries (its file's content); tasks in flight never
    hold more than :data:`IN_FLIGHT_BYTES` together, unless one task alone is larger.
    """
    if executor == "dask":
        yield from _dask(fn, tasks, scheduler, size)
    elif executor != "local":
        raise ExecutorError(f"unknown executor {executor!r}; use one of {', '.join(EXECUTORS)}")
    elif jobs <= 1:
        for task in tasks:
            yield fn(*task)
    else:
        yield from _local_pool(fn, tasks, jobs, size)


def _local_pool(fn, tasks, jobs: int, size) -> Iterator[Any]:
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(os.getpid(),))
    finished = False
    try:
        yield from _windowed(lambda task: pool.submit(fn, *task), tasks, 8 * jobs + 8, size,
                             lambda fut: fut.result())
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_pool(pool)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """End a pool at once: drop queued tasks, kill the workers (they hold nothing worth saving)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in workers:
        try:
            proc.kill()
        except (OSError, AttributeError, ValueError):
            pass
    for proc in workers:
        try:
            proc.join(timeout=5)
        except (OSError, AssertionError, ValueError):
            pass


def _worker_start(parent: int) -> None:
    """Initializer of a local worker: die with the parent, leave Ctrl-C to the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


def die_with_parent(parent: int) -> None:
    """Make this process end when process ``parent`` ends (however it ends)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:       # the parent died before prctl took effect
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:                       # elsewhere: poll (the parent's pid is reparented)
        import time

        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="kg-die-with-parent", daemon=True).start()


def _windowed(submit, tasks: Iterable[tuple], window: int, size, result) -> Iterator[Any]:
    pending: deque = deque()     # (future, bytes)
    in_flight = 0
    for task in tasks:
        n = size(task) if size else 0
        while pending and (len(pending) >= window or in_flight + n > IN_FLIGHT_BYTES):
            fut, m = pending.popleft()
            in_flight -= m
            yield result(fut)
        pending.append((submit(task), n))
        in_flight += n
    while pending:
        fut, _ = pending.popleft()
        yield result(fut)


def _dask(fn, tasks, scheduler: str | None, size) -> Iterator[Any]:
    try:
        from dask.distributed import Client
    except ImportError:
        raise ExecutorError("the dask executor needs dask.distributed: pip install 'diplokg[dask]'") from None
    if not scheduler:
        raise ExecutorError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    futures: list = []
    try:
        threads = sum(client.nthreads().values()) or 1

        def submit(task):
            # pure=False: a task is the file's bytes and settings; never reuse another build's result
            fut = client.submit(fn, *task, pure=False)
            futures.append(fut)
            return fut

        def result(fut):
            try:
                return fut.result()
            finally:
                futures.remove(fut)

        yield from _windowed(submit, tasks, 8 * threads + 8, size, result)
    finally:
        if futures:      # ended early: nothing of ours stays queued on the cluster
            try:
                client.cancel(futures, force=True)
            except Exception:  # noqa: BLE001 (a cluster that is gone has nothing left to cancel)
                pass
        client.close()
