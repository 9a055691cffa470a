"""Derive the gazetteer files in kg/data/gazetteer/ from the reference data in ../shared/data.

Run from the repository root when the reference data changes:

    python scripts/derive_gazetteers.py [../shared/data]

It writes countries.csv, organizations.csv and people.csv (facts: names, codes and
Wikidata QIDs) with a `source` column naming the file each row came from. The
hand-compiled *_extra.csv, places.csv and initiatives.csv files are not touched.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kg" / "data" / "gazetteer"
QID = re.compile(r"^Q\d+$")
# positions whose holders a press conference is likely to name
KEEP_POSITION = re.compile(
    r"president|prime minister|premier|foreign|chancellor|monarch|king|queen|emperor|"
    r"secretary of state|secretary-general|director-general|supreme leader|chairman|"
    r"head of state|head of government|defen[cs]e|vice president|state councilor", re.I)


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(name: str, header: list[str], rows: list[list[str]]) -> None:
    with (OUT / name).open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"{name}: {len(rows)} rows")


def _slug(text: str) -> str:
    import unicodedata
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def countries(data: Path) -> dict[str, str]:
    """countries.csv; returns QID -> ISO alpha-2 and ISO alpha-3 -> alpha-2 maps merged."""
    rows, qid_to_iso = [], {}
    for r in _read(data / "countries_regions_etl.csv"):
        iso2 = r["iso_alpha2"].strip()
        if r["region_type"] != "country" or not iso2 or r["is_historical"] == "true":
            continue
        names = [r["name"]] + ([r["short_name"]] if r["short_name"] else [])
        if r["aliases"]:
            # keep aliases that read like names (statistical-table forms such as
            # "Korea, Dem. People's Rep." would never appear in a transcript)
            names += [a for a in json.loads(r["aliases"]) if "," not in a and "(" not in a
                      and "Ã" not in a]
        qid = r["wikidata_code"] if QID.match(r["wikidata_code"] or "") else ""
        rows.append([iso2, r["name"], qid, r["iso_alpha3"], "|".join(dict.fromkeys(names)),
                     "countries_regions_etl.csv"])
        if qid:
            qid_to_iso[qid] = iso2
        qid_to_iso[r["iso_alpha3"]] = iso2
    _write("countries.csv", ["iso2", "label", "qid", "iso3", "names", "source"], rows)
    return qid_to_iso


def organizations(data: Path) -> None:
    rows = []
    for r in _read(data / "international_organizations_supraverden.csv"):
        label = r["Name_en"].strip()
        if not label:
            continue
        names = [label] + [r[k].strip() for k in ("Abbreviation_en", "Name_other_en", "Name_other_2_en")
                           if r.get(k, "").strip()]
        rows.append([_slug(label), label, r["wikidata_qid"], "|".join(dict.fromkeys(names)),
                     "international_organizations_supraverden.csv"])
    _write("organizations.csv", ["key", "label", "qid", "names", "source"], rows)


def people(data: Path, iso: dict[str, str]) -> None:
    by_qid: dict[str, list[str]] = {}

    def add(qid, name, country, source, start, end):
        if not QID.match(qid or "") or not name or name.startswith("Q"):
            return
        if end and end[:4].isdigit() and int(end[:4]) < 1995:
            return
        if qid not in by_qid:  # first source wins: English labels come first
            by_qid[qid] = [_slug(name), name, qid, country or "", source]

    for r in _read(data / "everypolitician_holders21_selected.csv"):
        if KEEP_POSITION.search(r["position"]):
            add(r["personID"], r["person"], iso.get(r["country_qid"]),
                "everypolitician_holders21_selected.csv", r["start"], r["end"])
    repos = {r["country"]: r["id"] for r in _read(data / "peppercat_repos.csv")}
    for r in _read(data / "peppercat_everywhere_current_2023.csv"):
        if KEEP_POSITION.search(r["position"]):
            add(r["personID"], r["person"], iso.get(repos.get(r["catalog"], "")),
                "peppercat_everywhere_current_2023.csv", r["start"], "")
    for r in _read(data / "leaders_history_wikidata.csv"):
        add(r["person_qid"], r["person"], iso.get(r["iso3"]), "leaders_history_wikidata.csv",
            r["start"], r["end"])
    rows = sorted(by_qid.values(), key=lambda x: (x[0], x[2]))
    _write("people.csv", ["key", "label", "qid", "country_iso2", "source"], rows)


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data"
    if not (data / "countries_regions_etl.csv").exists():
        print(f"error: {data} does not hold the reference data (countries_regions_etl.csv)",
              file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    iso = countries(data)
    organizations(data)
    people(data, iso)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
