"""News outlets: one entity per outlet however the transcript spells it."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.keys import slug

__all__ = ["Outlet", "OutletRegistry", "outlet_registry", "fold"]


@dataclass(frozen=True)
class Outlet:
    key: str
    label: str
    wikidata: str | None = None
    country: str | None = None
    known: bool = True


def fold(label: str) -> str:
    """Comparison key for a spelling: case, spaces, punctuation and a leading "The" ignored.

    >>> fold("The  Globe and Mail ") == fold("globe and mail")
    True
    >>> fold("R euters") == fold("Reuters")
    False
    """
    s = label.casefold().replace("&", " and ")
    s = re.sub(r"[^\w]+", " ", s).strip()
    s = re.sub(r"^the ", "", s)
    return s


class OutletRegistry:
    """Outlets from ``kg/data/outlets.csv``; unknown spellings get a minted key."""

    def __init__(self, rows: list[dict[str, str]]):
        self._by_fold: dict[str, Outlet] = {}
        self._by_key: dict[str, Outlet] = {}
        for row in rows:
            outlet = Outlet(row["key"], row["label"], row["wikidata"] or None, row["country"] or None)
            self._by_key[outlet.key] = outlet
            for spelling in [row["label"], row["key"], *filter(None, row["aliases"].split("|"))]:
                self._by_fold.setdefault(fold(spelling), outlet)
                # "R euters" (a stray space inside a word) is a known scraping defect
                self._by_fold.setdefault(fold(spelling).replace(" ", ""), outlet)

    def lookup(self, label: str) -> Outlet | None:
        """The known outlet for a spelling, or None."""
        f = fold(label)
        return self._by_fold.get(f) or self._by_fold.get(f.replace(" ", ""))

    def resolve(self, label: str) -> Outlet:
        """The known outlet, or a new one keyed by the spelling's slug."""
        found = self.lookup(label)
        if found:
            return found
        return Outlet(slug(label), label.strip(), known=False)

    def get(self, key: str) -> Outlet | None:
        return self._by_key.get(key)

    def __iter__(self):
        return iter(self._by_key.values())


@lru_cache(maxsize=1)
def outlet_registry() -> OutletRegistry:
    with resources.files("kg").joinpath("data/outlets.csv").open(encoding="utf-8") as fh:
        return OutletRegistry(list(csv.DictReader(fh)))
