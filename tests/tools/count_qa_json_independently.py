#!/usr/bin/env python3
"""Independent counts for the english-catti Q&A JSON (fmprc-qa-json test ground truth).

Standalone, stdlib only; imports nothing from kg/. From
/work/shared/corpus/fmprc-en-zh-2026_suki547-english-catti/ it counts, per conference record
of mfa_articles.json:

* en_pairs, cn_pairs: the data's own pair counts (each pair is one exchange);
* dialog_pairs: the pairs mfa_dialog_pairs.json holds for that conference (matched by en_url);
* en_only, zh_only: positions (1-based) of the exchanges that only one language version has.
  These were found by reading both lists side by side (HAND_GAPS below); the script checks
  that, with them left out, both versions have the same number of exchanges;
* dialog_misaligned: how many of mfa_dialog_pairs.json's pairs for the conference put two
  different exchanges side by side. That file zips en_pairs[i] with cn_pairs[i] and cuts at
  the shorter list (checked here record by record, text by text), so every pair from the
  first gap on is wrong;
* en_after, zh_after: exchanges marked as raised after the press conference;
* en_statements: opening announcements recoverable from the English pairs (HAND_STATEMENTS);
* url_lines: how many of the record's two URLs mfa_urls.txt lists.

Usage: python3 tests/tools/count_qa_json_independently.py [--show DATE]
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys

CORPUS = "/work/shared/corpus/fmprc-en-zh-2026_suki547-english-catti"
OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "counts",
                                    "fmprc_qa_json_counts.csv"))

# date -> (en_only positions, zh_only positions, note); read by hand, both lists side by side
HAND_GAPS = {
    "2026-07-20": ((), (6,), "ZH #6 People's Daily (Wang Yi's visit to Kyrgyzstan) is not in the English list"),
    "2026-07-17": ((9,), (), "EN #9 Reuters (New Zealand's MFAT) is not in the Chinese list"),
    "2026-07-16": ((4,), (), "EN #4 Beijing Daily (Papua New Guinea) is not in the Chinese list"),
    "2026-06-26": ((), (10,), "ZH #10 People's Daily (UN Charter Day) is not in the English list"),
    "2026-06-24": ((1,), (), "EN #1 CCTV (Summer Davos in Dalian) is not in the Chinese list"),
    "2026-06-17": ((), (2,), "ZH #2 People's Daily (African Union Ebola summit) is not in the English list"),
    "2026-06-09": ((3,), (), "EN #3 The Paper (China's national report released on June 8) is not in the Chinese list"),
    "2026-06-05": ((3,), (), "EN #3 NHK (President Xi's visit to the DPRK) is not in the Chinese list"),
}
# date -> (statements, note)
HAND_STATEMENTS = {
    "2026-06-03": (1, "EN #1 questioner 'Updated' is the page's 'Updated: June 03, 2026 20:09' line; the question "
                      "text holds that time stamp, the announcement of Myanmar's Foreign Minister's visit, then "
                      "'People’s Daily: On the visit ...' (the Chinese #1 is 《人民日报》记者): 1 statement, the "
                      "exchange asked by People's Daily"),
}
AFTER_EN = "raised after the press conference"
AFTER_ZH = "会后"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", metavar="DATE", help="print both pair lists of one conference")
    args = ap.parse_args()
    with open(os.path.join(CORPUS, "mfa_articles.json"), encoding="utf-8") as fh:
        articles = json.load(fh)
    with open(os.path.join(CORPUS, "mfa_dialog_pairs.json"), encoding="utf-8") as fh:
        dialog = json.load(fh)
    with open(os.path.join(CORPUS, "mfa_urls.txt"), encoding="utf-8") as fh:
        urls = {line.split("\t")[2].strip() for line in fh if line.strip()}
    if args.show:
        for rec in articles:
            if rec["date"] == args.show:
                for lang in ("en", "cn"):
                    for i, p in enumerate(rec[f"{lang}_pairs"], 1):
                        print(lang, i, p["questioner"], "|", p["question"][:90])
        return 0
    by_url: dict[str, list] = {}
    for p in dialog:
        by_url.setdefault(p["en_url"], []).append(p)
    rows = []
    for n, rec in enumerate(articles, 1):
        en, zh = rec["en_pairs"], rec["cn_pairs"]
        pairs = by_url.get(rec["en_url"], [])
        # mfa_dialog_pairs.json is the positional zip of the two lists, cut at the shorter
        for p in pairs:
            i = p["index"]
            assert (p["question_en"], p["question_cn"]) == (en[i]["question"], zh[i]["question"]), (rec["date"], i)
        assert len(pairs) == min(len(en), len(zh)), rec["date"]
        en_only, zh_only, note = HAND_GAPS.get(rec["date"], ((), (), ""))
        assert len(en) - len(en_only) == len(zh) - len(zh_only), rec["date"]
        first_gap = min([*en_only, *zh_only], default=None)
        misaligned = 0 if first_gap is None else max(0, len(pairs) - (first_gap - 1))
        statements, st_note = HAND_STATEMENTS.get(rec["date"], (0, ""))
        rows.append({
            "record": n, "date": rec["date"], "en_url": rec["en_url"],
            "en_pairs": len(en), "cn_pairs": len(zh), "dialog_pairs": len(pairs),
            "en_only": " ".join(map(str, en_only)), "zh_only": " ".join(map(str, zh_only)),
            "dialog_misaligned": misaligned,
            "en_after": sum(AFTER_EN in (p["questioner"] or "") for p in en),
            "zh_after": sum((p["questioner"] or "").startswith(AFTER_ZH) for p in zh),
            "en_statements": statements,
            "url_lines": (rec["en_url"] in urls) + (rec["cn_url"] in urls),
            "checked_by_hand": "yes" if note or st_note or len(en) != len(zh) else "no",
            "note": "; ".join(filter(None, [note, st_note])),
        })
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    total = {k: sum(r[k] for r in rows) for k in ("en_pairs", "cn_pairs", "dialog_pairs", "dialog_misaligned",
                                                   "en_after", "zh_after", "en_statements", "url_lines")}
    print(f"{len(rows)} conferences; {total}; written to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
