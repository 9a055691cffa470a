"""What the build would store for some files, as sorted N-Quads: to check that a speed change
changes no output.

Runs :func:`kg.build.prepare` (reading, extraction, mapping: everything a worker does) on each
file and writes every line it returns, tagged with its graph (the file's own graph, the entities
graph, the label-if-absent pairs, the build key), sorted. Two runs of two versions of the code
are then compared with ``cmp``/``diff``.

    python scripts/extraction_nquads.py --model none --out before.nq kg/data/sample FILES...
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def nquads(paths: list[str], model: str) -> list[str]:
    from kg.build import build_key, discover, prepare, reference_fingerprint
    from kg.rdf.mapping import content_hash

    files, _ = discover(paths)
    fingerprint = reference_fingerprint()
    out: list[str] = []
    for path in files:
        data = path.read_bytes()
        digest = content_hash(data)
        p = prepare(str(path), data, digest, build_key(digest, model, fingerprint), model)
        if p.graph is None:
            out.append(f"# {path}: {p.result.status} {p.result.reason}")
            continue
        g = f"<{p.graph}>"
        out += [f"{line[:-2]} {g} ." for line in p.own.splitlines() if line]
        if p.key_line:
            out.append(f"{p.key_line[:-2]} {g} .")
        out += [f"{line[:-2]} <urn:entities> ." for line in p.shared]
        out += [f"{s} <urn:label-if-absent> {o} <urn:labels> ." for s, o in p.labels]
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--model", default="none")
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    lines = nquads(args.paths, args.model)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines):,} lines -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
