"""Fault injection for the test suite (``tests/test_faults.py``): a build that kills itself at a
named phase, so every crash window can be tested deterministically.

``DIPLOKG_FAULT=PHASE`` (or ``PHASE:N``, the N-th time the phase is reached) makes the process
send itself SIGKILL there, or the signal named by ``DIPLOKG_FAULT_SIGNAL`` (``INT`` is a
Ctrl-C). Unset, :func:`checkpoint` does nothing. The phases of a build, in order:

``planned``      every file hashed and matched with what the store holds; nothing written yet
``stored``       one more file handed to the store (committed, or added to a first build's load)
``replacing``    a large file's old graph removed, its new one not loaded yet (large files only)
``bulk-loaded``  a first build's data loaded, its build keys not yet
``written``      every file committed
``linked``       version links brought up to date
``aligned``      exchange alignment between language versions recomputed (when needed)
``summarised``   the summary graph brought up to date
``done``         the build finished (before the store is closed)
"""

from __future__ import annotations

import os
import signal

__all__ = ["checkpoint", "PHASES"]

PHASES = ("planned", "stored", "replacing", "bulk-loaded", "written", "linked", "aligned", "summarised", "done")
_seen: dict[str, int] = {}


def checkpoint(phase: str) -> None:
    """Die here if ``DIPLOKG_FAULT`` names this phase (see the module docstring)."""
    spec = os.environ.get("DIPLOKG_FAULT")
    if not spec:
        return
    name, _, nth = spec.partition(":")
    if name != phase:
        return
    _seen[phase] = _seen.get(phase, 0) + 1
    if _seen[phase] != int(nth or 1):
        return
    sig = getattr(signal, "SIG" + os.environ.get("DIPLOKG_FAULT_SIGNAL", "KILL").upper())
    os.kill(os.getpid(), sig)
