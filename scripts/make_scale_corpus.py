"""Make an archive-sized corpus from the real one, for speed and memory measurements only.

SYNTHETIC SCALE DATA: every file is a real China MFA transcript copied under a new name and
a new date, so that a build sees as many conferences and words as the whole China MFA
archive (about 5,000 conferences, 10 million words) with the real text's density of names,
outlets and answers. Never measure accuracy on it: the same exchange appears many times.

Copy ``k`` of a transcript is moved ``k`` years back (the 2018–2020 transcripts become
2008–2010, 1998–2000, ...), its title's date and year rewritten to match, and its article id
given a prefix, so names, dates, conferences and IRIs are all distinct and ordered. The
folder gets a README.md saying what it is (``kg build`` passes over README files).

    python scripts/make_scale_corpus.py /tmp/diplokg-scale --copies 11
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

_STEM = re.compile(r"^(\d{4})-(\d{2})-(\d{2})_(.+?)_t(\d+)$")
_YEAR_IN_TITLE = re.compile(r"(\b(?:January|February|March|April|May|June|July|August|September|October|"
                            r"November|December)\s*\d{1,2}(?:st|nd|rd|th)?\s*,?\s*)(\d{4})")


def default_source() -> Path:
    """The 500 English transcripts of ``../shared`` ($DIPLOKG_SHARED, or next to the checkout)."""
    import os

    here = Path(__file__).resolve().parent.parent
    for shared in (os.environ.get("DIPLOKG_SHARED"), here.parent / "shared", here.parent.parent / "shared"):
        txt = Path(shared or "/nonexistent") / "corpus" / "fmprc-en-2018-2020_cwang23-china_fm" / "txt"
        if txt.is_dir():
            return txt
    return here.parent / "shared" / "corpus" / "fmprc-en-2018-2020_cwang23-china_fm" / "txt"


def shifted(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:          # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def make(source: Path, out: Path, copies: int) -> tuple[int, int]:
    """Write ``copies`` copies of every transcript in ``source`` into ``out``: (files, words)."""
    files = sorted(p for p in source.iterdir() if p.suffix == ".txt" and _STEM.match(p.stem))
    if not files:
        raise SystemExit(f"{source}: no China MFA transcripts (YYYY-MM-DD_name_tNNN.txt) to copy")
    out.mkdir(parents=True, exist_ok=True)
    n = words = 0
    for k in range(copies):
        for f in files:
            m = _STEM.match(f.stem)
            day = shifted(date(int(m[1]), int(m[2]), int(m[3])), 10 * k)
            text = f.read_text(encoding="utf-8")
            if k:
                text = _YEAR_IN_TITLE.sub(lambda t: f"{t[1]}{int(t[2]) - 10 * k}", text, count=1)
            name = f"{day.isoformat()}_{m[4]}_t{k}{m[5]}.txt"
            (out / name).write_text(text, encoding="utf-8")
            n += 1
            words += len(text.split())
    (out / "README.md").write_text(
        "# SYNTHETIC SCALE DATA: for speed and memory measurements only\n\n"
        f"{n} files made by `scripts/make_scale_corpus.py` from the {len(files)} real China MFA transcripts in\n"
        f"`{source}`: each copied {copies} times, moved back 10 years per copy, title dates rewritten.\n"
        "The same exchanges occur many times over: never measure accuracy on this folder.\n",
        encoding="utf-8")
    return n, words


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
