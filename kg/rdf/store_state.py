"""What can go wrong with a store folder, said in words, and the seal a store leaves when it is
closed cleanly.

Errors: every failure of the file system or of the database under the store becomes a
:class:`StoreError` whose message names the folder and the cause in plain words (a full disk, a
read-only file system, a folder that is not writable, a damaged database), never a traceback.

The seal (``diplokg-state.json`` in the store folder) records, each time a writer closes the
store cleanly, which MANIFEST the database ended with, its size and the number of named
graphs, and counts the writes (``generation``). A writer marks it ``open`` first, so a crash
leaves it ``open``. When the seal says ``closed`` but the database's MANIFEST is no longer the
one it names, the store was changed or damaged since (a truncated MANIFEST opens as an older
state without any error); :func:`check_seal` then compares the named graphs and refuses a store
that lost some, before a writer opens it (RocksDB would delete the table files its truncated
MANIFEST no longer names, and the data with them).
"""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

__all__ = ["StoreError", "StoreDamaged", "DiskFull", "store_error", "reason", "is_disk_full",
           "is_damage", "read_only_fs", "STATE_FILE", "read_seal", "mark_open", "write_seal",
           "check_seal", "manifest"]

STATE_FILE = "diplokg-state.json"
DOCTOR = "kg doctor checks it; restore a copy, or build into a new store"


class StoreError(Exception):
    """The store folder cannot be opened or used (the message says why, in words)."""


class StoreDamaged(StoreError):
    """The database in the store folder is damaged."""


class DiskFull(StoreError):
    """A write failed because the disk (or the user's quota) is full."""


def reason(exc: BaseException) -> str:
    """An OS or database error in words: ``No space left on device``, ``Permission denied`` ..."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:400]


def is_disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc)
    return "No space left on device" in text or "Disk quota exceeded" in text


def is_damage(exc: BaseException) -> bool:
    text = str(exc)
    return any(s in text for s in ("Corruption", "checksum mismatch", "MANIFEST", "bad block",
                                   "truncated block", "Sst file size mismatch"))


def read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def store_error(path: Path, exc: BaseException, doing: str = "cannot open the store") -> StoreError:
    """The :class:`StoreError` (or subclass) that says what ``exc`` means for the store at ``path``."""
    why = reason(exc)
    if is_disk_full(exc):
        return DiskFull(f"{path}: {doing}: the disk is full ({why})")
    if is_damage(exc):
        return StoreDamaged(f"{path}: the store is damaged ({why}); {DOCTOR}")
    if isinstance(exc, OSError) and exc.errno == errno.EROFS or "Read-only file system" in why:
        return StoreError(f"{path}: {doing}: the file system is read-only (kg stats, query, export "
                          "and validate can read a store there)")
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM) or "Permission denied" in why:
        return StoreError(f"{path}: {doing}: permission denied ({why})")
    if "lock" in why.lower():
        return StoreError(f"{path}: the store is in use by another process (a running kg build?)")
    return StoreError(f"{path}: {doing} ({why})")


def manifest(path: Path) -> tuple[str, int] | None:
    """The database's current MANIFEST file and its size (None when unreadable)."""
    try:
        name = (path / "CURRENT").read_text(encoding="ascii").strip()
        return name, (path / name).stat().st_size
    except (OSError, UnicodeDecodeError):
        return None


def read_seal(path: Path) -> dict | None:
    try:
        return json.loads((path / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write(path: Path, state: dict) -> None:
    tmp = path / (STATE_FILE + ".tmp")
    try:
        tmp.write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path / STATE_FILE)
    except OSError:
        # a seal that cannot be written must not stay behind, saying something untrue
        for f in (tmp, path / STATE_FILE):
            try:
                f.unlink()
            except OSError:
                pass


def mark_open(path: Path) -> None:
    """A writer opened the store: until it closes cleanly, the seal promises nothing."""
    state = read_seal(path) or {}
    state.update(state="open", pid=os.getpid(), opened=time.time())
    _write(path, state)


def write_seal(path: Path, graphs: int) -> None:
    """A writer closed the store cleanly with ``graphs`` named graphs."""
    state = read_seal(path) or {}
    found = manifest(path)
    if found is None:
        return
    state.update(state="closed", manifest=found[0], manifest_bytes=found[1], graphs=graphs,
                 generation=int(state.get("generation", 0)) + 1, closed=time.time())
    state.pop("pid", None)
    _write(path, state)


def check_seal(path: Path, count_graphs) -> str | None:
    """Why the store at ``path`` looks damaged, or None. ``count_graphs()`` opens it read-only
    and counts its named graphs (only called when the MANIFEST changed since the seal)."""
    seal = read_seal(path)
    if not seal or seal.get("state") != "closed":
        return None
    found = manifest(path)
    if found is None:
        return "its CURRENT or MANIFEST file is missing or unreadable"
    if found == (seal.get("manifest"), seal.get("manifest_bytes")):
        return None
    graphs = count_graphs()
    if graphs < int(seal.get("graphs", 0)):
        return (f"it holds {graphs} named graphs where it was closed with {seal['graphs']} "
                f"({found[0]} is {found[1]:,} bytes, was {seal.get('manifest')} of "
                f"{seal.get('manifest_bytes', 0):,} bytes: a truncated or replaced MANIFEST)")
    return None
