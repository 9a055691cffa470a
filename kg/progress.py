"""Progress bars on a terminal, silence when output is piped."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], total: int | None = None, desc: str = "", enabled: bool | None = None,
             unit: str = "file") -> Iterator[T]:
    """Wrap ``items`` in a tqdm bar on stderr when stderr is a terminal."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False)
