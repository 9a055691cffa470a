"""The source-format registry: every format diplokg reads, found through Python entry points.

A source format is one small module that says what it reads and how. It registers a
:class:`SourceFormat` under the entry-point group ``diplokg.sources``, in its package's
``pyproject.toml``::

    [project.entry-points."diplokg.sources"]
    my-ministry = "my_package.my_ministry:FORMAT"

The formats shipped with diplokg are registered exactly that way (see diplokg's own
``pyproject.toml``); nothing else lists them. ``kg sources`` prints them; ``kg build``
asks each format whose suffixes fit whether a file looks like its own (:func:`detect`),
or uses the one named with ``--format`` (:func:`get_format`).

For trying a format out without packaging it, ``DIPLOKG_SOURCES`` may name extra ones as
``module:ATTRIBUTE`` entries separated by commas.
"""

from __future__ import annotations

import difflib
import importlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path

from kg.model import BadInput, Conference, RecordError

__all__ = ["SourceFormat", "Detection", "ReadResult", "ENTRY_POINT_GROUP", "formats", "get_format",
           "detect", "read_file", "suffixes", "FormatError"]

ENTRY_POINT_GROUP = "diplokg.sources"
ENV_EXTRA = "DIPLOKG_SOURCES"


@dataclass(frozen=True)
class Detection:
    """How sure a format is that a file is its own: ``score`` 0 (not mine) to 100, and why."""

    score: int
    reason: str


@dataclass(frozen=True)
class SourceFormat:
    """One source format: what it reads, the facts of its source, a detector and a reader.

    ``detect(name, data)`` looks at a file's name and bytes and returns a :class:`Detection`
    (it must be cheap: look at the first few kilobytes). ``read(name, data)`` yields the
    file's documents (:class:`~kg.model.Conference`) and, for a file of many records, a
    :class:`~kg.model.RecordError` for each record it cannot read; it raises
    :class:`~kg.model.BadInput` when the whole file cannot be read.
    """

    name: str                         # short, lower case: "fmprc-en"
    title: str                        # what it reads, one line
    government: str                   # ISO 3166-1 alpha-2 of the speaking government ("CN")
    languages: tuple[str, ...]        # ISO 639-1 codes of its documents ("en",)
    suffixes: tuple[str, ...]         # file name suffixes it may read (".txt", ".html")
    detect: Callable[[str, bytes], Detection]
    read: Callable[[str, bytes], Iterable[Conference | RecordError]]
    speakers: str = ""                # its speaker conventions, one line
    documents: str = ""               # what one file holds ("one conference", "one per row")


@dataclass
class ReadResult:
    """What one file gave: its format, its documents, and the records that could not be read."""

    format: SourceFormat
    documents: list[Conference] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)


class FormatError(ValueError):
    """A format name that is not registered (the message suggests the closest)."""


def _load(spec: str, origin: str) -> SourceFormat:
    module, _, attr = spec.partition(":")
    obj = getattr(importlib.import_module(module.strip()), (attr or "FORMAT").strip())
    if not isinstance(obj, SourceFormat):
        raise TypeError(f"{origin} {spec!r} is not a kg.sources.SourceFormat")
    return obj


@lru_cache(maxsize=1)
def formats() -> dict[str, SourceFormat]:
    """Every registered format by name (entry points, then ``DIPLOKG_SOURCES``)."""
    found: dict[str, SourceFormat] = {}
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        fmt = ep.load()
        if not isinstance(fmt, SourceFormat):
            raise TypeError(f"entry point {ep.name} = {ep.value} is not a kg.sources.SourceFormat")
        found.setdefault(fmt.name, fmt)
    for spec in filter(None, (s.strip() for s in os.environ.get(ENV_EXTRA, "").split(","))):
        fmt = _load(spec, ENV_EXTRA)
        found.setdefault(fmt.name, fmt)
    return found


def get_format(name: str) -> SourceFormat:
    """The format called ``name``, or :class:`FormatError` naming the closest ones."""
    known = formats()
    if name in known:
        return known[name]
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.4)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise FormatError(f"no source format called {name!r}{hint} (formats: {', '.join(known) or 'none'})")


def suffixes() -> set[str]:
    """Every file suffix some format reads (lower case, with the dot)."""
    return {s.lower() for f in formats().values() for s in f.suffixes}


def detect(name: str, data: bytes) -> SourceFormat:
    """The format that claims the file most confidently, or :class:`BadInput` saying why none does."""
    known = formats()
    if not known:
        raise BadInput(name, "no source formats are registered: is diplokg installed "
                             "(pip install -e .)?")
    suffix = Path(name).suffix.lower()
    fitting = [f for f in known.values() if suffix in f.suffixes]
    if not fitting:
        raise BadInput(name, f"no source format reads {suffix or 'files without a suffix'} files "
                             f"(formats read {', '.join(sorted(suffixes()))}; see kg sources)")
    verdicts = [(f, f.detect(name, data)) for f in fitting]
    best, verdict = max(verdicts, key=lambda fv: fv[1].score)
    if verdict.score <= 0:
        why = "; ".join(f"{f.name}: {v.reason}" for f, v in verdicts)
        raise BadInput(name, f"no source format recognises this file ({why})")
    return best


def read_file(name: str, data: bytes, format: str | None = None) -> ReadResult:
    """Read one file's bytes with the named format, or the detected one.

    Raises :class:`BadInput` when the file cannot be read at all, or yields no document.
    """
    fmt = get_format(format) if format else detect(name, data)
    result = ReadResult(fmt)
    for item in fmt.read(name, data):
        if isinstance(item, RecordError):
            result.errors.append(item)
        else:
            result.documents.append(item)
    if not result.documents:
        if result.errors:
            first = "; ".join(str(e) for e in result.errors[:3])
            more = f" (and {len(result.errors) - 3} more)" if len(result.errors) > 3 else ""
            raise BadInput(name, f"no readable record ({len(result.errors)} bad: {first}{more})")
        raise BadInput(name, f"{fmt.name}: the file holds no document")
    return result
