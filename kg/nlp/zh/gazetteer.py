"""The Chinese gazetteer: Chinese names of the entities diplokg knows, as a character trie.

Every Chinese name points at an entity of the English gazetteer (:mod:`kg.nlp.gazetteer`),
so that 美国 and "the United States" are one IRI with one English label; a name the English
gazetteer does not know gets the entity its English canonical name mints. Loaded from
``kg/data/gazetteer/zh/`` (sources and licences in its README):

- ``countries_zh.csv`` (CLDR and UN names, derived) and ``country_extra_zh.csv`` (hand-checked:
  other full names, the one-character short form used in 中美/美方, capitals);
- ``organizations_zh.csv`` (supraverden ``Name_zh`` in simplified characters, derived) and
  ``organization_extra_zh.csv``, ``initiatives_zh.csv``, ``places_zh.csv`` (hand-checked);
- ``people_zh.csv`` (name pairs from the parallel transcripts, every one checked by reading),
  ``names_from_parallel_gold.csv`` (pairs two annotators and an adjudicator read in both
  versions) and ``people_zh_everypolitician.csv`` (Wikidata labels of legislators, by QID).

A name is a key of the trie; its value lists the entities it names with their character
span inside the name, so a compound such as 驻华 ("in China") can name 华 = China alone.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.analysis import Entity
from kg.paths import GAZETTEER_DIR

__all__ = ["ZhGazetteer", "Hit", "zh_gazetteer", "zh_names", "ZH_DIR", "SIDE_SUFFIX"]

ZH_DIR = GAZETTEER_DIR / "zh"

# "X side" (美方 the US side, 中方 China): a short form followed by 方
SIDE_SUFFIX = "方"
# words before a short form that make it a country (访华 visit China, 驻美 in the US, 对日 toward Japan)
SHORT_PREFIXES = "访赴驻对在涉来抵离反亲援知旅"
# words after a short form that make it a country (美军 US forces, 日媒 Japanese media)
SHORT_SUFFIXES = ("军", "媒", "企", "籍", "政府", "官员", "政客", "总统", "国务卿", "副总统", "国会", "议员",
                  "此举", "当局", "驻华", "领导人", "防长", "外长")
NO_AFFIX = set("以")      # 以 is "by", "with": 对以…, 以政府名义 are no Israel (以方, 巴以 are)
# the roles, in order of precedence when one name has several
ROLES = ("name", "side", "short", "capital")


@dataclass(frozen=True)
class Hit:
    """One entity a trie key names: ``text[start:end]`` of the key, and how it was named."""

    start: int
    end: int
    entity: Entity
    role: str     # name | side | short | capital
    tier: int     # 0 hand-checked, 1 derived


@dataclass
class ZhGazetteer:
    names: dict[str, tuple[Hit, ...]] = field(default_factory=dict)
    first: set[str] = field(default_factory=set)        # characters a name can begin with
    max_len: int = 1
    shorts: dict[str, Entity] = field(default_factory=dict)   # one-character short forms
    palestine: Entity | None = None       # 巴 in 巴以 (Palestine-Israel), else Pakistan
    by_entity: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # Chinese names
    ambiguous: dict[str, set[str]] = field(default_factory=dict)

    def add(self, name: str, hits: tuple[Hit, ...]) -> None:
        name = name.strip()
        if len(name) < 2 or not hits:
            return
        old = self.names.get(name)
        if old is not None:
            if min(h.tier for h in hits) > min(h.tier for h in old):
                return     # a hand-checked name outranks a derived one
            if min(h.tier for h in hits) == min(h.tier for h in old) and \
                    {h.entity for h in old} != {h.entity for h in hits}:
                self.ambiguous[name] = {h.entity.label for h in old + hits}
                return
        self.names[name] = hits
        self.first.add(name[0])
        self.max_len = max(self.max_len, len(name))

    def name(self, text: str, entity: Entity, role: str = "name", tier: int = 1,
             span: tuple[int, int] | None = None) -> None:
        text = text.strip().strip("《》")
        if any(q in text for q in "“”\"《》"):
            return     # quoted forms: the name inside the quotes is matched on its own
        start, end = span or (0, len(text.strip()))
        self.add(text, (Hit(start, end, entity, role, tier),))
        if role == "name" and span is None:
            self.by_entity.setdefault((entity.kind, entity.key), [])
            if text not in self.by_entity[(entity.kind, entity.key)]:
                self.by_entity[(entity.kind, entity.key)].append(text)

    trie: dict = field(default_factory=dict)

    def finish(self) -> None:
        """Drop the names two entities claim alike; make the character trie."""
        for name in self.ambiguous:
            self.names.pop(name, None)
        self.trie = {}
        for name, hits in self.names.items():
            node = self.trie
            for ch in name:
                node = node.setdefault(ch, {})
            node[""] = hits
        self.first = set(self.trie)

    def longest(self, text: str, i: int) -> tuple[int, tuple[Hit, ...]] | None:
        """The longest name starting at ``text[i]``: (its length, what it names).

        >>> g = ZhGazetteer()
        >>> us = Entity("country", "US", "United States")
        >>> g.name("美国", us); g.name("美方", us, "side", span=(0, 1)); g.finish()
        >>> n, hits = g.longest("美方敦促", 0)
        >>> n, hits[0].end, hits[0].role
        (2, 1, 'side')
        """
        node, j, best = self.trie, i, None
        n = len(text)
        while j < n:
            node = node.get(text[j])
            if node is None:
                break
            j += 1
            hits = node.get("")
            if hits is not None:
                best = (j - i, hits)
        return best


def _rows(name: str) -> list[dict]:
    path = ZH_DIR / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def _english(kind: str, label: str, qid: str | None = None) -> Entity:
    """The entity an English canonical name means: the English gazetteer's, else a minted one."""
    from kg.nlp.gazetteer import gazetteer, minted

    g = gazetteer()
    hits = [a.entity for a in g.lookup(label) if a.entity.kind == kind and a.role != "capital"]
    if qid and not hits:
        hits = [e for e in g.entities.values() if e.kind == kind and e.qid == qid]
    if hits:
        return hits[0]
    from kg.keys import slug

    known = minted(kind, label)
    if not known.minted:
        return known
    # named as the English canonical name is written (gold and English text use that spelling)
    return Entity(kind, slug(label), label, qid, minted=True)


@lru_cache(maxsize=1)
def zh_gazetteer() -> ZhGazetteer:
    """The Chinese gazetteer (cached per process, and on disk like the English one)."""
    import hashlib
    import os
    import pickle

    h = hashlib.sha256(Path(__file__).read_bytes())
    for f in sorted(ZH_DIR.glob("*.csv")) + sorted(GAZETTEER_DIR.glob("*.csv")):
        h.update(f.name.encode() + f.read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "diplokg"
    cache = base / f"gazetteer-zh-{h.hexdigest()[:20]}.pickle"
    try:
        with cache.open("rb") as fh:
            return pickle.load(fh)
    except Exception:
        pass
    g = _build()
    try:
        base.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass
    return g


def zh_names(entity: Entity) -> list[str]:
    """The Chinese names of an entity (for ``skos:altLabel "…"@zh``).

    >>> from kg.nlp.gazetteer import gazetteer
    >>> zh_names(gazetteer().get("country", "US"))[:2]
    ['美国', '美利坚']
    """
    return zh_gazetteer().by_entity.get((entity.kind, entity.key), [])


def _build() -> ZhGazetteer:
    from kg.nlp.gazetteer import gazetteer

    en = gazetteer()
    g = ZhGazetteer()
    # countries: hand-checked names, short forms and capitals first, then CLDR/UN names
    for r in _rows("country_extra_zh.csv"):
        e = en.get("country", r["iso2"].strip())
        if e is None:
            continue
        for n in _split(r["aliases"]):
            g.name(n, e, tier=0)
        for s in _split(r["short"]):
            g.shorts[s] = e
        for n in _split(r["capitals"]):
            g.name(n, e, "capital", tier=0)
    g.palestine = en.get("country", "PS")
    for r in _rows("countries_zh.csv"):
        e = en.get("country", r["iso2"].strip())
        if e is not None:
            for n in _split(r["names"]):
                g.name(n, e, tier=1)
    # "X side" and the compounds a short form makes a country in
    for s, e in g.shorts.items():
        g.name(s + SIDE_SUFFIX, e, "side", tier=0, span=(0, 1))
        for p in SHORT_PREFIXES if s not in NO_AFFIX else ():
            g.name(p + s, e, "short", tier=0, span=(1, 2))
        for suffix in SHORT_SUFFIXES if s not in NO_AFFIX else ():
            g.name(s + suffix, e, "short", tier=0, span=(0, 1))
    # places first: a country's name inside a place's name (朝鲜半岛, 印度洋) is no country
    for r in _rows("places_zh.csv"):
        e = _english("place", r["label"])
        for n in _split(r["aliases"]):
            g.name(n, e, tier=0)
    for r in _rows("organization_extra_zh.csv"):
        e = _english("organization", r["label"])
        for n in _split(r["aliases"]):
            g.name(n, e, tier=0)
    for r in _rows("initiatives_zh.csv"):
        e = _english("initiative", r["label"])
        for n in _split(r["aliases"]):
            g.name(n, e, tier=0)
    for r in _rows("organizations_zh.csv"):
        e = en.get("organization", r["key"])
        if e is not None:
            for n in _split(r["names"]):
                g.name(n, e, tier=1)
    # people: checked pairs (this project's and the gold annotators'), then Wikidata labels
    for r in _rows("people_zh.csv"):
        e = _english("person", r["label"], r.get("qid") or None)
        for n in _split(r["aliases"]):
            g.name(n, e, tier=0)
    for r in _rows("names_from_parallel_gold.csv"):
        kind = r["kind"].strip()
        if kind in ("person", "organization", "initiative", "place"):
            g.name(r["zh_as_printed"], _english(kind, r["english_canonical"]), tier=0)
        elif kind == "country":
            e = en.get("country", r["english_canonical"].strip()) or next(
                (a.entity for a in en.lookup(r["english_canonical"]) if a.entity.kind == "country"), None)
            if e is not None:
                g.name(r["zh_as_printed"], e, tier=0)
    for r in _rows("people_zh_everypolitician.csv"):
        e = _english("person", r["label"], r["qid"])
        for n in _split(r["names"]):
            g.name(n, e, tier=1)
    g.finish()
    return g
