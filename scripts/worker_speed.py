"""Words per CPU-second of one build worker, and optionally its profile.

Runs :func:`kg.build.prepare` (reading, extraction, mapping: a worker's whole per-file path)
on each file in this one process, after one warm-up file (loading the gazetteer and the
pipeline is a per-process cost, not a per-file one), and reports the words per CPU-second
(``time.process_time``: the figure holds on a shared machine, where wall time does not).

    python scripts/worker_speed.py --files 50 ../shared/corpus/fmprc-en-2018-2020_cwang23-china_fm/txt
    python scripts/worker_speed.py --profile prof.out --files 50 PATH   # then: python -m pstats prof.out
    python scripts/worker_speed.py --sample prof.txt --files 50 PATH     # pyinstrument, if installed
"""

from __future__ import annotations

import argparse
import sys
import time


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--model", default="none")
    ap.add_argument("--files", type=int, default=50, help="files to time (after the warm-up one)")
    ap.add_argument("--profile", help="write a cProfile of the timed files to this file")
    ap.add_argument("--sample", help="write a pyinstrument (sampling) report, text, to this file")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the files (the best is kept)")
    args = ap.parse_args(argv)

    from kg.build import build_key, discover, prepare, reference_fingerprint
    from kg.rdf.mapping import content_hash

    files, _ = discover(args.paths)
    files = files[:args.files + 1]
    fingerprint = reference_fingerprint()
    items = []
    for path in files:
        data = path.read_bytes()
        digest = content_hash(data)
        items.append((str(path), data, digest, build_key(digest, args.model, fingerprint)))
    prepare(*items[0], model=args.model)          # warm-up: gazetteer, pipeline, caches
    timed = items[1:]

    def run() -> int:
        words = 0
        for name, data, digest, key in timed:
            words += prepare(name, data, digest, key, model=args.model).result.words
        return words

    best = None
    for _ in range(args.repeat):
        if args.profile:
            import cProfile

            prof = cProfile.Profile()
            t0 = time.process_time()
            words = prof.runcall(run)
            cpu = time.process_time() - t0
            prof.dump_stats(args.profile)
        elif args.sample:
            from pyinstrument import Profiler   # not a dependency: pip install pyinstrument

            prof = Profiler(interval=0.0005)
            t0 = time.process_time()
            prof.start()
            words = run()
            prof.stop()
            cpu = time.process_time() - t0
            with open(args.sample, "w", encoding="utf-8") as fh:
                fh.write(prof.output_text(unicode=False, color=False, show_all=False))
        else:
            t0 = time.process_time()
            words = run()
            cpu = time.process_time() - t0
        best = cpu if best is None else min(best, cpu)
    print(f"{len(timed)} files, {words:,} words, {best:.2f} CPU-s: {words / best:,.0f} words per CPU-second"
          + (" (profiled: slower than a real run)" if args.profile or args.sample else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
