#!/usr/bin/env python3
"""Independent turn counts for the White House briefings (test ground truth helper).

Standalone, stdlib only; it shares no code with diplokg's reader. It counts *lines* of the raw
markdown files (the reader works on blank-line paragraphs, with its own label rules):

- ``question_turns``: lines that begin with ``Q`` followed by a space or U+00A0 (``grep -cP
  '^Q[\\x{a0} ]'``): every one opens an exchange;
- ``moderator_labels``: lines that begin with ``MODERATOR:``;
- ``official_labels``: lines that begin with a capitals label and a colon (``MS. JEAN-PIERRE:``,
  ``MR SULLIVAN:``, ``SENIOR ADMINISTRATION OFFICIAL:``), ``MODERATOR:`` excluded.

Every file was also read where the counts could go wrong (a ``Q`` line inside a paragraph, a
time stamp, a label typo); what was seen is in the ``note`` column and in
``tests/data/counts/README-whitehouse-singapore.md``. Usage: ``python3 tests/tools/count_whitehouse.py [CORPUS_DIR]``
writes ``tests/data/counts/whitehouse_counts.csv``.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "data" / "counts" / "whitehouse_counts.csv"
DEFAULT = Path("/work/shared/corpus/whitehouse-press-briefings-2021-2025_brian14708-wh-briefings")

Q_LINE = re.compile(r"^Q[\u00a0 ]")
MODERATOR = re.compile(r"^MODERATOR:")
CAPS = re.compile(r"^[A-Z][A-Z.'’ -]{1,60}:")

# read by hand (file name prefix -> what was seen)
NOTES = {
    "2022-09-16": "read in full: the first Q ('Plenty of chairs over here.') comes before the opening remarks; "
                  "one answer paragraph (#3) has no label",
    "2023-03-13": "label typo MR. SULLIVCAN: (Jake Sullivan) counted as an official label",
    "2023-04-12": "MR. SLOAT: is Ms. Sloat; MR. SAVETT: (Sean Savett) mostly hands the floor on",
    "2023-09-05": "label typo MR SULLIVAN: (no period)",
    "2023-12-20": "one 'Q    Thank you.' line follows 'See you on the ground.' with no blank line",
    "2024-01-27": "read in full: background call, SENIOR ADMINISTRATION OFFICIAL: and MODERATOR:",
    "2024-06-11": "read in full: on-the-record gaggle, MODERATOR: calls the reporters",
}
CHECKED = {"2022-09-16", "2024-01-27", "2024-06-11", "2023-12-20"}


def count(path: Path) -> dict:
    q = mod = off = 0
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    for line in body.splitlines():
        if Q_LINE.match(line):
            q += 1
        elif MODERATOR.match(line):
            mod += 1
        elif CAPS.match(line):
            off += 1
    return {"file": path.name, "question_turns": q, "moderator_labels": mod, "official_labels": off}


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT
    rows = []
    for f in sorted(corpus.glob("*.md")):
        row = count(f)
        row["checked_by_hand"] = "yes" if f.name[:10] in CHECKED else "no"
        row["note"] = NOTES.get(f.name[:10], "")
        rows.append(row)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} files, {sum(r['question_turns'] for r in rows)} question turns -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
