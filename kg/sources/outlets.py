"""News outlets: one entity per outlet however the transcript spells it."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.keys import slug

__all__ = ["Outlet", "OutletRegistry", "outlet_registry", "fold", "fold_zh", "zh_outlet_names"]


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
        """The known outlet for a spelling, or None. A Chinese name ("路透社", "路透社记者")
        is looked up in ``kg/data/outlets_zh.csv``."""
        f = fold(label)
        found = self._by_fold.get(f) or self._by_fold.get(f.replace(" ", ""))
        if found is None and _has_cjk(label):
            key = zh_outlet_names().get(fold_zh(label))
            found = self._by_key.get(key) if key else None
        return found

    def resolve(self, label: str) -> Outlet:
        """The known outlet, or a new one keyed by the spelling's slug (a Chinese name
        without its "记者", so that "某报记者" and "某报" are one outlet)."""
        found = self.lookup(label)
        if found:
            return found
        if _has_cjk(label):
            name = fold_zh(label)
            return Outlet(slug(name), name, known=False)
        return Outlet(slug(label), label.strip(), known=False)

    def get(self, key: str) -> Outlet | None:
        return self._by_key.get(key)

    def __iter__(self):
        return iter(self._by_key.values())


@lru_cache(maxsize=1)
def outlet_registry() -> OutletRegistry:
    with resources.files("kg").joinpath("data/outlets.csv").open(encoding="utf-8") as fh:
        return OutletRegistry(list(csv.DictReader(fh)))


# -- Chinese names ------------------------------------------------------------------------------

_ZH_MARKS = re.compile(r"[\s《》〈〉「」『』“”\"'‘’]+")
_ZH_REPORTER = re.compile(r"(?:记者|記者)(?:提问|提問|追问|追問)?$")


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def fold_zh(label: str) -> str:
    """Comparison key for a Chinese outlet name: title marks, quotes, spaces and a
    trailing "记者" (reporter) ignored.

    >>> fold_zh("《澳大利亚人报》记者") == fold_zh("澳大利亚人报")
    True
    >>> fold_zh("彭博社记者追问")
    '彭博社'
    """
    s = _ZH_MARKS.sub("", label.strip())
    return _ZH_REPORTER.sub("", s) or s


@lru_cache(maxsize=1)
def zh_outlet_names() -> dict[str, str]:
    """Folded Chinese outlet name -> outlet key, from ``kg/data/outlets_zh.csv``: pairs
    confirmed on the parallel English and Chinese transcripts of the same days."""
    with resources.files("kg").joinpath("data/outlets_zh.csv").open(encoding="utf-8") as fh:
        return {fold_zh(row["name_zh"]): row["key"] for row in csv.DictReader(fh)}
