"""Derive the Chinese gazetteer files of ``kg/data/gazetteer/zh/`` from the reference data.

Run from the repository root with ``../shared`` beside it (and OpenCC installed:
``pip install opencc==1.4.2``; it is needed only here, not at run time)::

    python scripts/derive_zh_gazetteers.py

Writes, mechanically (no name is typed in here; hand-checked names live in the ``*_extra_zh``
and ``people_zh.csv`` files):

- ``countries_zh.csv``: for every ISO code of ``kg/data/gazetteer/countries.csv``, its Chinese
  names from ``../shared/data/more/derived/country_names_zh.csv`` (CLDR ``zh`` and its short
  form, CLDR ``zh-Hans-SG``, UNTERM Chinese short and formal names, the UNSD official name);
- ``organizations_zh.csv``: the ``Name_zh`` of every organisation of
  ``../shared/data/international_organizations_supraverden.csv`` whose Wikidata QID is an
  organisation of ``kg/data/gazetteer/organizations.csv``, converted to simplified characters
  with OpenCC (``t2s``);
- ``people_zh_everypolitician.csv``: the simplified Chinese names of the legislators of
  ``../shared/data/more/derived/everypolitician_legislators_zh_2015.csv`` (Wikidata labels of
  2015; the ``zh_cn``/``zh_hans`` forms first, else ``zh`` converted with OpenCC), with their QID
  and English name.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").exists() else Path("/work/shared")
OUT = ROOT / "kg" / "data" / "gazetteer" / "zh"


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, header: list[str], data: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(data)
    print(f"{path.relative_to(ROOT)}: {len(data)} rows")


def clean(name: str) -> str:
    return name.replace("*", "").strip()


def main() -> int:
    import opencc

    t2s = opencc.OpenCC("t2s")
    known_iso = {r["iso2"] for r in rows(ROOT / "kg/data/gazetteer/countries.csv")}
    out = []
    for r in rows(SHARED / "data/more/derived/country_names_zh.csv"):
        iso = r["iso_alpha2"].strip()
        if iso not in known_iso:
            continue
        names = []
        for col in ("cldr_zh", "cldr_zh_alt_short", "cldr_zh_Hans_SG", "unterm_zh_short",
                    "unterm_zh_formal", "unsd_official_name_cn"):
            n = clean(r.get(col) or "")
            if n and n not in names:
                names.append(n)
        if names:
            out.append([iso, "|".join(names), "country_names_zh.csv (CLDR 47, UNTERM, UNSD)"])
    write(OUT / "countries_zh.csv", ["iso2", "names", "source"], sorted(out))

    orgs = {r["qid"]: r for r in rows(ROOT / "kg/data/gazetteer/organizations.csv") if r["qid"]}
    out = []
    for r in rows(SHARED / "data/international_organizations_supraverden.csv"):
        qid, zh = (r.get("wikidata_qid") or "").strip(), (r.get("Name_zh") or "").strip()
        if qid in orgs and zh:
            out.append([orgs[qid]["key"], orgs[qid]["label"], qid, t2s.convert(zh),
                        "international_organizations_supraverden.csv Name_zh (OpenCC t2s)"])
    write(OUT / "organizations_zh.csv", ["key", "label", "qid", "names", "source"], sorted(out))

    out, seen = [], set()
    for r in rows(SHARED / "data/more/derived/everypolitician_legislators_zh_2015.csv"):
        qid, en = r["wikidata"].strip(), (r["name__en"] or r["name"]).strip()
        zh = next((r[c] for c in ("name__zh_cn", "name__zh_hans", "name__zh_sg") if r.get(c)), "")
        zh = zh or t2s.convert(r.get("name__zh") or r.get("name__zh_hant") or "")
        zh = zh.strip()
        if qid and en and len(zh) >= 2 and (qid, zh) not in seen:
            seen.add((qid, zh))
            out.append([en, qid, zh, "everypolitician_legislators_zh_2015.csv (Wikidata labels, 2015)"])
    write(OUT / "people_zh_everypolitician.csv", ["label", "qid", "names", "source"], sorted(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
