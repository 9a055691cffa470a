"""Where the per-file work of a build runs: in this process, a local process pool, or a Dask cluster.

Every executor yields results in the order the tasks were given (the store is written in
file order, so a build gives the same graph whichever executor ran it) and keeps only a
bounded number of tasks in flight, so a corpus of any size streams through in constant
memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

__all__ = ["EXECUTORS", "run_ordered", "ExecutorError"]

EXECUTORS = ("local", "dask")


class ExecutorError(Exception):
    """The executor cannot be used (e.g. no Dask scheduler at the address)."""


def run_ordered(fn: Callable[..., Any], tasks: Iterable[tuple], *, jobs: int = 1,
                executor: str = "local", scheduler: str | None = None) -> Iterator[Any]:
    """``fn(*task)`` for every task, results in task order."""
    if executor == "dask":
        yield from _dask(fn, tasks, scheduler)
    elif executor != "local":
        raise ExecutorError(f"unknown executor {executor!r}; use one of {', '.join(EXECUTORS)}")
    elif jobs <= 1:
        for task in tasks:
            yield fn(*task)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from _windowed(lambda task: pool.submit(fn, *task), tasks, 8 * jobs + 8,
                                 lambda fut: fut.result())


def _windowed(submit, tasks: Iterable[tuple], window: int, result) -> Iterator[Any]:
    pending: deque = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _dask(fn, tasks, scheduler: str | None) -> Iterator[Any]:
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
    try:
        threads = sum(client.nthreads().values()) or 1
        # pure=False: a task is the file's bytes and settings; never reuse another build's result
        yield from _windowed(lambda task: client.submit(fn, *task, pure=False), tasks, 8 * threads + 8,
                             lambda fut: fut.result())
    finally:
        client.close()
