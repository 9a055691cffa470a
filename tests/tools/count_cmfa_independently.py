#!/usr/bin/env python3
"""Independent counts for the CMFA PressCon Ukraine subset (cmfa-presscon test ground truth).

Standalone, stdlib only; imports nothing from kg/ and no spreadsheet library. It opens
ukraine_dataset_combined.xlsx as the zip it is and reads xl/worksheets/sheet1.xml with
xml.etree (inline strings, and shared strings if a file has them), so it shares no code path
with the reader (openpyxl). Dates come from the Excel serial in the ``date`` column, not from
day/month/year as the reader's do.

Writes tests/data/counts/cmfa_presscon_counts.csv: one row per conference, i.e. per distinct
(date, spokesperson): rows, dyads (distinct id_orig), split_rows (rows whose id_split has a
``_N`` part), the links seen, follow_ups (who_asked ``Follow-up``), and the row numbers
(row 1 = the header). Prints the totals and the rows whose day/month/year do not spell the
serial's date (read by hand: see tests/data/counts/README.md).

Usage: python3 tests/tools/count_cmfa_independently.py
"""
from __future__ import annotations

import csv
import os
import re
import sys
import zipfile
from datetime import date, timedelta
from xml.etree import ElementTree as ET

XLSX = ("/work/shared/corpus/cmfa-presscon-v4-ukraine-subset_euro-sevic-China_MFA_Dashboard/"
        "ukraine_dataset_combined.xlsx")
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "counts",
                                    "cmfa_presscon_counts.csv"))
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def column(ref: str) -> str:
    return re.match(r"[A-Z]+", ref).group(0)


def sheet_rows(path: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as z:
        shared: list[str] = []
        if "xl/sharedStrings.xml" in z.namelist():
            root = ET.fromstring(z.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(NS + "t")) for si in root.iter(NS + "si")]
        root = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in root.iter(NS + "row"):
        cells = {}
        for c in row.iter(NS + "c"):
            kind = c.get("t")
            if kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(NS + "t"))
            elif kind == "s":
                value = shared[int(c.find(NS + "v").text)]
            else:
                v = c.find(NS + "v")
                value = v.text if v is not None else ""
            cells[column(c.get("r"))] = value
        rows.append((int(row.get("r")), cells))
    header = rows[0][1]
    names = {letter: name for letter, name in header.items()}
    return [dict(number=n, **{names[k]: v for k, v in cells.items() if k in names}) for n, cells in rows[1:]]


def main() -> int:
    rows = sheet_rows(XLSX)
    groups: dict[tuple[str, str], list[dict]] = {}
    odd = []
    for r in rows:
        when = date(1899, 12, 30) + timedelta(days=int(float(r["date"])))
        spelled = f"{r['day']} {r['month']} {r['year']}"
        if spelled != f"{when.day} {MONTHS[when.month - 1]} {when.year}":
            odd.append((r["number"], spelled, when.isoformat()))
        groups.setdefault((when.isoformat(), r["spokesperson"]), []).append(r)
    out = []
    for (when, who), rs in sorted(groups.items()):
        out.append({
            "date": when, "spokesperson": who, "rows": len(rs),
            "dyads": len({r["id_orig"] for r in rs}),
            "split_rows": sum("_" in r["id_split"] for r in rs),
            "follow_ups": sum(r["who_asked"] == "Follow-up" for r in rs),
            "links": len({r["link"] for r in rs}),
            "row_numbers": " ".join(str(r["number"]) for r in sorted(rs, key=lambda r: r["number"])),
        })
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(out[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    print(f"{len(rows)} rows, {len({r['id_orig'] for r in rows})} distinct id_orig, {len(out)} conferences "
          f"(distinct date and spokesperson), {len({r['link'] for r in rows})} distinct links, "
          f"{sum(o['split_rows'] for o in out)} split rows", file=sys.stderr)
    for number, spelled, serial in odd:
        print(f"row {number}: day/month/year '{spelled}' vs serial {serial}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
