"""Make an archive-sized corpus from the real one, for speed and memory measurements only.

SYNTHETIC SCALE DATA: every file is a real China MFA transcript copied under a new name and
a new date, so that a build sees as many conferences and words as the whole China MFA
archive (about 5,000 conferences, 10 million words) with the real text's density of names,
outlets and answers. Never measure accuracy on it: the same exchange appears many times.

Copy ``k`` of a transcript is moved ``10 k`` years back (the 2018–2020 transcripts become
2008–2010, 1998–2000, ...), its title's date and year rewritten to match, and its article id
given a prefix, so names, dates, conferences and IRIs are all distinct and ordered. The
folder gets a README.md saying what it is (``kg build`` passes over README files).

    python scripts/make_scale_corpus.py /tmp/diplokg-scale --copies 11
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.scale_corpus import default_source, make


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", type=Path, help="folder to write (created)")
    p.add_argument("--source", type=Path, default=default_source(), help="folder of real transcripts")
    p.add_argument("--copies", type=int, default=11, help="copies of each transcript (default 11: ~10M words)")
    args = p.parse_args(argv)
    n, words = make(args.source, args.out, args.copies)
    print(f"wrote {n} synthetic transcripts, {words:,} words, into {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
