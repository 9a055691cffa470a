"""Input files, found and read safely: only regular files, never blocking, never larger than a limit.

A device (``/dev/zero`` would be read until memory runs out), a FIFO (whose read would wait
forever), a socket: each is refused with a reason that names what it is. A file over the size
limit is refused before it is read. A folder that cannot be listed, or a file that cannot be
opened, is reported with the system's reason (``Permission denied``), never skipped silently.

Files are opened non-blocking and checked on the open descriptor, so a path swapped for a FIFO
between the listing and the read cannot block the build either.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

__all__ = ["InputError", "Problem", "walk", "file_kind", "read_bytes", "hash_file", "DEFAULT_MAX_FILE_MB",
           "megabytes"]

# generous: real transcripts are under 1 MB; the whole CMFA PressCon dataset as one CSV is ~50 MB
DEFAULT_MAX_FILE_MB = 128
_CHUNK = 1 << 20

# a folder's own documentation, never a source: README.md, SOURCES.md, LICENSE ...
_DOCUMENTATION = re.compile(r"^(README|SOURCES|LICEN[CS]E|NOTICE|CHANGELOG|CONTRIBUTING)(\.[\w]+)?$", re.I)


class InputError(Exception):
    """A path that cannot be read as an input file; ``reason`` says why in words."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Problem:
    """A path found while looking for inputs that is not one: ``status`` "failed" or "ignored"."""

    path: str
    status: str
    reason: str


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words.

    >>> file_kind(stat.S_IFIFO), file_kind(stat.S_IFCHR)
    ('a FIFO', 'a character device')
    """
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "not a plain file"


def not_regular(mode: int) -> str:
    return f"not a regular file ({file_kind(mode)}); only regular files are read"


def megabytes(n: int) -> str:
    """
    >>> megabytes(2_400_000), megabytes(1 << 20)
    ('2.3 MB', '1 MB')
    """
    mb = n / (1 << 20)
    return f"{mb:.0f} MB" if mb >= 10 or mb == int(mb) else f"{mb:.1f} MB"


def too_large(size: int, limit: int) -> str:
    return (f"{megabytes(size)} is over the size limit of {megabytes(limit)} "
            f"(--max-file-mb; raise it to read this file)")


def _is_store(folder: Path) -> bool:
    """A store folder (its state file, or an Oxigraph/RocksDB database): never read as input."""
    from kg.rdf.store_state import STATE_FILE

    try:
        return (folder / STATE_FILE).exists() or ((folder / "CURRENT").exists() and (folder / "IDENTITY").exists())
    except OSError:          # a folder that may not be entered: visit() reports it
        return False


def walk(root: Path, readable: set[str]) -> tuple[list[Path], list[Problem]]:
    """Files under the folder ``root`` with a suffix in ``readable`` (sorted as paths sort), and
    the problems met: unreadable folders and files, files that are not regular, and files that
    no format reads (ignored). Hidden files and folders and a folder's own documentation are
    passed over; symbolic links to folders are not followed (no cycles)."""
    found: list[Path] = []
    problems: list[Problem] = []

    def visit(folder: Path) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            problems.append(Problem(str(folder), "failed", f"cannot read folder ({exc.strerror})"))
            return
        for e in entries:
            if e.name.startswith("."):
                continue
            path = Path(e.path)
            try:
                if e.is_dir(follow_symlinks=False):
                    if _is_store(path):
                        problems.append(Problem(str(path), "ignored", "a diplokg store, not transcripts"))
                    else:
                        visit(path)
                    continue
            except OSError:
                pass
            suffix_ok = path.suffix.lower() in readable
            try:
                mode = os.stat(path).st_mode
            except OSError as exc:   # e.g. inside a folder that may be listed but not entered
                if suffix_ok:
                    problems.append(Problem(str(path), "failed", f"cannot read file ({exc.strerror})"))
                continue
            if stat.S_ISDIR(mode):
                continue         # a symbolic link to a folder
            if _DOCUMENTATION.match(e.name):
                continue
            if not suffix_ok:
                if stat.S_ISREG(mode):
                    problems.append(Problem(str(path), "ignored",
                                            f"no source format reads {path.suffix or 'suffix-less'} files"))
                continue
            if not stat.S_ISREG(mode):
                problems.append(Problem(str(path), "failed", not_regular(mode)))
                continue
            found.append(path)

    visit(root)
    return found, problems


def _open(path: Path, limit: int | None):
    """An open binary file for a regular file within ``limit`` bytes, else :class:`InputError`."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(name, "no such file or directory") from None
    except OSError as exc:
        raise InputError(name, f"cannot read file ({exc.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(name, not_regular(st.st_mode))
        if limit is not None and st.st_size > limit:
            raise InputError(name, too_large(st.st_size, limit))
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), st.st_size
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The content of a regular file of at most ``limit`` bytes (else :class:`InputError`)."""
    fh, size = _open(path, limit)
    with fh:
        try:
            data = fh.read(limit + 1 if limit is not None else -1)
        except OSError as exc:
            raise InputError(str(path), f"cannot read file ({exc.strerror})") from None
    if limit is not None and len(data) > limit:      # it grew while we read it
        raise InputError(str(path), too_large(len(data), limit))
    return data


def hash_file(path: Path, limit: int | None = None) -> tuple[str, int]:
    """(``sha256:…`` of the content, size) of a regular file, read in chunks (never all at once)."""
    fh, _ = _open(path, limit)
    h = hashlib.sha256()
    n = 0
    with fh:
        try:
            while chunk := fh.read(_CHUNK):
                n += len(chunk)
                if limit is not None and n > limit:
                    raise InputError(str(path), too_large(n, limit))
                h.update(chunk)
        except OSError as exc:
            raise InputError(str(path), f"cannot read file ({exc.strerror})") from None
    return "sha256:" + h.hexdigest(), n
