#!/usr/bin/env python3
"""Write the bundled samples of the two dataset formats from the real files in ../shared.

* ``kg/data/sample/english-catti_mfa_articles_2026-07-16_2026-07-20.json``: two conference
  records of english-catti's ``mfa_articles.json``, each copied character for character from the
  original file (only the list brackets around them are new).
* ``kg/data/sample/cmfa-presscon_ukraine_sample.xlsx`` and ``.csv``: 14 real rows of the CMFA
  PressCon Ukraine subset with all 24 columns, in their original order; the xlsx keeps the cell
  types (numbers, the date as an Excel date), the CSV writes the date as YYYY-MM-DD.

Uses openpyxl (to read and write the spreadsheet) and the standard library.
Usage: python3 tests/tools/make_dataset_samples.py
"""
from __future__ import annotations

import csv
import json
import os
import sys
from datetime import datetime

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SAMPLE = os.path.join(ROOT, "kg", "data", "sample")
CORPUS = "/work/shared/corpus"
QA = os.path.join(CORPUS, "fmprc-en-zh-2026_suki547-english-catti", "mfa_articles.json")
CMFA = os.path.join(CORPUS, "cmfa-presscon-v4-ukraine-subset_euro-sevic-China_MFA_Dashboard",
                    "ukraine_dataset_combined.xlsx")
QA_DATES = ("2026-07-20", "2026-07-16")
# 2002 rows without outlet; 'missing' spokesperson; 'Febuary'; the whole 2022-03-02 conference (a split
# dyad, TASS, ABC Spanish Daily Newspaper, TV Tokyo, AFP, Reuters); a Follow-up; a split dyad whose first
# answer is '-'; 'Foreign correspondent'
CMFA_ROWS = (2, 3, 5, 75, 214, 215, 216, 217, 218, 249, 511, 512, 656, 658)


def qa_sample() -> str:
    sys.path.insert(0, ROOT)
    from kg.sources.json_records import iter_records   # only to find the records' exact characters

    with open(QA, encoding="utf-8") as fh:
        text = fh.read()
    chosen = [text[r.start:r.end] for r in iter_records(text) if r.value["date"] in QA_DATES]
    assert len(chosen) == len(QA_DATES)
    out = "[\n " + ",\n ".join(chosen) + "\n]\n"
    assert [r["date"] for r in json.loads(out)] == list(QA_DATES)
    path = os.path.join(SAMPLE, "english-catti_mfa_articles_2026-07-16_2026-07-20.json")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(out)
    return path


def cmfa_samples() -> tuple[str, str]:
    import openpyxl

    src = openpyxl.load_workbook(CMFA, read_only=True)
    rows = list(src.active.iter_rows(values_only=True))
    header, picked = rows[0], [rows[n - 1] for n in CMFA_ROWS]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(list(header))
    for values in picked:
        sheet.append(list(values))
    date_col = header.index("date") + 1
    for row in sheet.iter_rows(min_row=2, min_col=date_col, max_col=date_col):
        row[0].number_format = "yyyy-mm-dd"
    xlsx = os.path.join(SAMPLE, "cmfa-presscon_ukraine_sample.xlsx")
    book.save(xlsx)
    path = os.path.join(SAMPLE, "cmfa-presscon_ukraine_sample.csv")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for values in picked:
            w.writerow([v.date().isoformat() if isinstance(v, datetime) else v for v in values])
    return xlsx, path


if __name__ == "__main__":
    for p in (qa_sample(), *cmfa_samples()):
        print("wrote", os.path.relpath(p, ROOT), os.path.getsize(p), "bytes")
