"""Derive the gazetteer files in kg/data/gazetteer/ from the reference data in ../shared/data.

Run from the repository root when the reference data changes:

    python scripts/derive_gazetteers.py [../shared/data]

It writes countries.csv, organizations.csv and people.csv (facts: names, codes and
Wikidata QIDs) with a `source` column naming the file each row came from. The
hand-compiled *_extra.csv, places.csv and initiatives.csv files are not touched.

From ../shared/data/more (its SOURCES.md gives each file's origin, licence and caveats) it
also writes:

- organizations_more.csv: political parties (Party Facts), legislatures (EveryPolitician,
  2015) and cabinets (every-politician-scrapers), each with its QID; names the gazetteer
  matches anywhere in the text (multi-word names and acronyms only).
- links_more.csv: companies and brands (Name Suggestion Index), used only to link names the
  statistical model already tagged (a brand list matched freely would tag "Target", "Next").
- qids_more.csv: Wikidata QIDs for hand-compiled rows that had none, where one of the row's
  names is exactly a name in those files (the matched name and the file are given).
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


def _fold(text: str) -> str:
    import unicodedata
    t = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in t if not unicodedata.combining(c)).lower().replace("the ", " ", 1).split())


# legislature names that say nothing without their country
_GENERIC_BODIES = {"senate", "house of representatives", "national assembly", "parliament",
                   "house of commons", "house of lords", "chamber of deputies", "congress",
                   "legislative assembly", "house of assembly", "assembly", "national council",
                   "federal assembly", "house of councillors", "legislative council", "house"}
# Party Facts short names that are ordinary words or too short to match freely
_MIN_ACRONYM = 3


def more(data: Path, iso3_to_2: dict[str, str]) -> None:
    """organizations_more.csv, links_more.csv and qids_more.csv from ../shared/data/more."""
    more_dir = data / "more"
    if not more_dir.is_dir():
        print(f"{more_dir}: absent, skipping parties, legislatures, cabinets and brands")
        return
    countries = {r["iso2"]: r["label"] for r in _read(OUT / "countries.csv")}
    rows: list[list[str]] = []
    seen_keys: set[str] = set()

    def add(key, label, qid, names, source, country=""):
        if key in seen_keys or not QID.match(qid or ""):
            return
        seen_keys.add(key)
        rows.append([key, label, qid, "|".join(dict.fromkeys(n for n in names if n)), source, country])

    # political parties
    pf = more_dir / "hdigital+partyfactsdata" / "import" / "wikipedia" / "wikidata.csv"
    for r in _read(pf):
        name, short = r["name"].strip(), r["name_short"].strip()
        iso2 = iso3_to_2.get(r["country"], "")
        names = [name] if len(name.split()) > 1 else []
        if short and "/" not in short and short.isupper() and len(short) >= _MIN_ACRONYM and short.isalpha():
            names.append(short)
        if not names:
            continue
        add(f"party-{r['partyfacts_id']}", name, r["wikidata_id"], names,
            "more/hdigital+partyfactsdata/import/wikipedia/wikidata.csv", iso2)
    # legislatures
    for r in _read(more_dir / "derived" / "everypolitician_legislatures_2015.csv"):
        iso2 = r["country_code"] if len(r["country_code"]) == 2 else ""
        country = countries.get(iso2, r["country_name"])
        name = r["name"].strip()
        if not name or not iso2:
            continue
        generic = name.lower() in _GENERIC_BODIES
        label = f"{name} of {country}" if generic else name
        names = [label, f"{country} {name}", f"{name} of {country}"]
        if not generic:
            names.append(name)
        if iso2 == "US":
            names += [f"US {name}", f"U.S. {name}"]
        add(f"legislature-{_slug(country)}-{_slug(name)}", label, r["wikidata"], names,
            "more/derived/everypolitician_legislatures_2015.csv", iso2)
    # cabinets
    cab = more_dir / "every-politician-scrapers+world" / "wikidata" / "results" / "country-cabinets.csv"
    qid_iso = {r["qid"]: r["iso2"] for r in _read(OUT / "countries.csv") if r["qid"]}
    for r in _read(cab):
        if not r["cabinet"]:
            continue
        qid = r["cabinet"].rsplit("/", 1)[-1]
        label = r["cabinetLabel"].strip()
        if not label or label.startswith("Q"):
            continue
        add(f"cabinet-{_slug(label)}", label, qid, [label], 
            "more/every-politician-scrapers+world/wikidata/results/country-cabinets.csv",
            qid_iso.get(r["state"].rsplit("/", 1)[-1], ""))
    _write("organizations_more.csv", ["key", "label", "qid", "names", "source", "country_iso2"], rows)

    # brands and companies: link model-found names only
    links = []
    seen: set[str] = set()
    for r in _read(more_dir / "derived" / "nsi_brands_flat.csv"):
        qid = r["brand_wikidata"]
        for name in (r["brand"], r["displayName"], r.get("brand:en", "")):
            name = (name or "").strip()
            key = _fold(name)
            if not name or key in seen or not QID.match(qid or "") or len(name) < 3:
                continue
            seen.add(key)
            links.append([name, "organization", qid, "more/derived/nsi_brands_flat.csv"])
    _write("links_more.csv", ["name", "kind", "qid", "source"], links)

    # QIDs for hand-compiled rows that lack one
    # a name links only when it is spelt exactly so (case too) in the sources, is longer than
    # an acronym, and every source row with that spelling has the same QID
    by_name: dict[str, set[tuple[str, str]]] = {}
    for key, label, qid, names, source, _ in rows:
        for n in names.split("|"):
            by_name.setdefault(n.replace("’", "'"), set()).add((qid, source))
    for name, _, qid, source in links:
        by_name.setdefault(name.replace("’", "'"), set()).add((qid, source))
    out = []
    for fname, kind in (("organization_extra.csv", "organization"), ("initiatives.csv", "initiative")):
        for r in _read(OUT / fname):
            if r.get("qid"):
                continue
            for n in [r["label"], *[a for a in r["aliases"].split("|") if a]]:
                n = n.replace("’", "'")
                hits = by_name.get(n, set())
                if len(n) <= 4 or n.isupper() or len({q for q, _ in hits}) != 1:
                    continue
                qid, source = sorted(hits)[0]
                out.append([kind, r["key"], qid, n, source])
                break
    _write("qids_more.csv", ["kind", "key", "qid", "matched_name", "source"], out)


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
    more(data, {k: v for k, v in iso.items() if not k.startswith("Q")})
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
