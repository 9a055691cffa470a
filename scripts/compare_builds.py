"""Compare what two versions of diplokg would store for the same files: 0 quads should differ.

Runs ``scripts/extraction_nquads.py`` (a worker's whole per-file path: reading, extraction,
mapping) once with the code of ``--old`` (a checkout of the other version, e.g. made with
``git worktree add --detach /tmp/old core``) and once with this checkout's code, on the same
file paths (IRIs hold the file names), and compares the two sets of N-Quads (a store holds each quad once: a quad
repeated in a worker's output, e.g. an entity described twice, is counted apart).
The build time (``prov:startedAtTime``) is left out: it differs from run to run.

    python scripts/compare_builds.py --old /tmp/old kg/data/sample
    python scripts/compare_builds.py --old /tmp/old --every 5 ../shared/corpus/fmprc-en-2018-2020_cwang23-china_fm/txt
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
STARTED = "<http://www.w3.org/ns/prov#startedAtTime>"


def run(tree: Path, paths: list[str], model: str, out: Path) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    subprocess.run([sys.executable, str(tree / "scripts" / "extraction_nquads.py"), "--model", model,
                    "--out", str(out), *paths], env=env, check=True, cwd=tree)
    return [line for line in out.read_text(encoding="utf-8").splitlines() if STARTED not in line]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+", help="files or folders (the same paths go to both versions)")
    ap.add_argument("--old", required=True, help="a checkout of the version to compare with")
    ap.add_argument("--model", default="none")
    ap.add_argument("--every", type=int, default=1, help="of the files found, take every N-th")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(HERE))
    from kg.build import discover

    files, _ = discover(args.paths)
    files = [str(f) for f in files[::args.every]]
    with tempfile.TemporaryDirectory() as tmp:
        old = run(Path(args.old).resolve(), files, args.model, Path(tmp) / "old.nq")
        new = run(HERE, files, args.model, Path(tmp) / "new.nq")
    only_old, only_new = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    differ = len(only_old) + len(only_new)
    print(f"{len(files)} files: {len(set(old)):,} distinct quads before, {len(set(new)):,} after; "
          f"{differ} quads differ (repeats, which the store keeps once: {len(old) - len(set(old)):,} before, "
          f"{len(new) - len(set(new)):,} after)")
    for line in only_old[:10]:
        print("- " + line[:300])
    for line in only_new[:10]:
        print("+ " + line[:300])
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
