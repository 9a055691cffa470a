"""``kg doctor``: check a store folder and say what is wrong with it, without changing it.

It opens the store read-only and reads every quad through each of Oxigraph's indexes (by
subject, predicate, object, graph, graph and predicate, graph and object), so a damaged
table file anywhere is found, not only in the parts a query happens to touch; the indexes
must agree on the number of quads. It compares the store with the seal its last clean close
left (a truncated MANIFEST opens silently as an older, smaller store), and lists what an
interrupted build left behind: leftover files, files without their build key, derived graphs
out of date. Only damage is a problem; what the next ``kg build`` repairs is a note.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Finding", "check_store"]


@dataclass(frozen=True)
class Finding:
    level: str        # "ok", "note" (the next build repairs it) or "problem" (damage)
    text: str


def check_store(path: Path, show_progress: bool | None = None) -> list[Finding]:
    """Findings about the store at ``path``, in the order they were checked."""
    from kg.rdf.store import KGStore
    from kg.rdf.store_state import StoreError, is_damage, manifest, read_only_fs, read_seal, reason

    out: list[Finding] = []
    if not path.is_dir():
        return [Finding("problem", f"{path}: no store folder here")]
    if not (path / "CURRENT").is_file():
        if not os.access(path, os.R_OK | os.X_OK):
            return [Finding("problem", f"{path}: cannot read the folder (permission denied)")]
        return [Finding("problem", f"{path}: not a store (no CURRENT file): damaged, or not a diplokg store")]
    found = manifest(path)
    if found is None:
        return [Finding("problem", f"{path}: the store is damaged: CURRENT names a MANIFEST that is missing")]
    out.append(Finding("ok", f"database files: {found[0]} ({found[1]:,} bytes)"))
    if not os.access(path, os.W_OK):
        where = "on a read-only file system" if read_only_fs(path) else "not writable by you"
        out.append(Finding("note", f"the folder is {where}: it can be read, not built into"))
    seal = read_seal(path)
    if seal and seal.get("state") == "open":
        out.append(Finding("note", "a build is running, or one was interrupted (the seal says open)"))
    try:
        store = KGStore(path, read_only=True, check=False)
    except StoreError as exc:
        return out + [Finding("problem", str(exc))]
    try:
        try:
            total, graphs = _read_every_index(store.oxigraph, show_progress)
        except (OSError, RuntimeError) as exc:
            why = reason(exc)
            level = "problem"
            word = "damaged" if is_damage(exc) else "unreadable"
            return out + [Finding(level, f"the store is {word}: {why}; restore a copy, or build into a new store")]
        if isinstance(total, str):
            return out + [Finding("problem", f"the store is damaged: {total}")]
        out.append(Finding("ok", f"read {total:,} quads in {graphs:,} named graphs through all 6 indexes"))
        if seal and seal.get("state") == "closed" and graphs < int(seal.get("graphs", 0)):
            out.append(Finding("problem", f"the store is damaged: it holds {graphs} named graphs where it was "
                                          f"last closed with {seal['graphs']} (a truncated or replaced MANIFEST?); "
                                          "restore a copy, or build into a new store"))
        out.extend(_unfinished(store))
    finally:
        store.close()
    leftovers = sorted(f.name for f in path.iterdir() if _leftover(f.name))
    if leftovers:
        out.append(Finding("note", f"{len(leftovers)} file(s) an interrupted build left ({', '.join(leftovers[:3])}"
                                   f"{' ...' if len(leftovers) > 3 else ''}): the next kg build removes them"))
    return out


def _leftover(name: str) -> bool:
    from kg.rdf.store import LEFTOVER

    return bool(LEFTOVER.match(name))


def _read_every_index(st, show_progress) -> tuple[int | str, int]:
    """Read every quad through each index; (quads, named graphs), or (what disagrees, graphs)."""
    from kg.progress import progress

    subjects, predicates, objects = set(), set(), set()
    graph_predicates, graph_objects = set(), set()
    graphs = set()
    total = 0
    for q in st:                                   # the graph-first indexes (and the default graph's)
        total += 1
        g = q.graph_name
        subjects.add(q.subject)
        predicates.add(q.predicate)
        objects.add(q.object)
        graphs.add(g)
        graph_predicates.add((g, q.predicate))
        graph_objects.add((g, q.object))
    named = sum(1 for _ in st.named_graphs())
    from kg.rdf.store import matching

    passes: list[tuple[str, Callable, list]] = [
        ("subject", lambda s: matching(st, s), sorted(subjects, key=str)),
        ("predicate", lambda p: matching(st, p=p), sorted(predicates, key=str)),
        ("object", lambda o: matching(st, o=o), sorted(objects, key=str)),
        ("graph", lambda g: matching(st, g=g), sorted(graphs, key=str)),
        ("graph and predicate", lambda gp: matching(st, p=gp[1], g=gp[0]), sorted(graph_predicates, key=str)),
        ("graph and object", lambda go: matching(st, o=go[1], g=go[0]), sorted(graph_objects, key=str)),
    ]
    work = [(name, fn, key) for name, fn, keys in passes for key in keys]
    counts: dict[str, int] = {}
    for name, fn, key in progress(work, total=len(work), desc="kg doctor", enabled=show_progress, unit="key"):
        counts[name] = counts.get(name, 0) + sum(1 for _ in fn(key))
    for name, n in counts.items():
        if n != total:
            return f"the {name} index holds {n:,} quads where a full scan finds {total:,}", named
    return total, named


def _unfinished(store) -> list[Finding]:
    from kg.rdf.namespaces import LINKS_GRAPH, SUMMARY_GRAPH
    from kg.rdf.store import LINK_PREDICATES, SUMMARY_PARTS, link_lines, summary_lines

    out = []
    registry = store.source_registry()
    missing = sorted(g for g, s in registry.items() if s.build_key is None)
    if missing:
        names = ", ".join(g.rsplit("/", 1)[-1] for g in missing[:3])
        out.append(Finding("note", f"{len(missing)} source file(s) an interrupted build did not finish ({names}"
                                   f"{' ...' if len(missing) > 3 else ''}): the next kg build rebuilds them"))
    else:
        out.append(Finding("ok", f"{len(registry)} source files, each complete"))
    checks = [("version links", LINKS_GRAPH, [(link_lines(store), LINK_PREDICATES)])]
    checks.append(("summary graph", SUMMARY_GRAPH,
                   [(summary_lines(store, p, where), (str(p),)) for p, where in SUMMARY_PARTS]))
    for what, graph, parts in checks:
        missing = stale = 0
        for lines, preds in parts:     # streamed, one derived property at a time (bounded memory)
            m, s = store.graph_difference(graph, lines, preds)
            missing, stale = missing + m, stale + s
        if graph == SUMMARY_GRAPH:     # and nothing else belongs there
            kept = ", ".join(f"<{p}>" for p, _ in SUMMARY_PARTS)
            rows = store.oxigraph.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
                                        f"FILTER (?p NOT IN ({kept})) }}")
            stale += int(next(iter(rows))[0].value)
        if missing or stale:
            out.append(Finding("note", f"{what} out of date ({missing} missing, {stale} stale): "
                                       "the next kg build brings it up to date"))
        else:
            out.append(Finding("ok", f"{what} up to date"))
    if store.derived_pending():
        out.append(Finding("note", "a build stopped before the exchanges of language versions were aligned "
                                   "(dk:correspondsTo): the next kg build aligns them"))
    return out
