"""Gazetteer: the entities diplokg knows by name, with their identifiers and aliases.

Loaded from the data files in ``kg/data/gazetteer/`` (sources in its README):
``countries.csv``, ``organizations.csv`` and ``people.csv`` are derived from the
reference data by ``scripts/derive_gazetteers.py``; ``country_extra.csv``,
``organization_extra.csv``, ``people_extra.csv``, ``initiatives.csv`` and ``places.csv``
are hand-compiled facts (demonyms, capitals, aliases used in diplomatic English).

Names are matched token by token (see :meth:`Gazetteer.longest_match`). An alias that
two entities claim at the same level of curation is dropped rather than guessed.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.analysis import Entity

__all__ = ["Entity", "Gazetteer", "gazetteer", "fold", "minted", "GAZETTEER_DIR"]

from kg.paths import GAZETTEER_DIR

KINDS = ("country", "organization", "person", "initiative", "place")
HYPHENS = {"-", "–", "—", "‐", "‑"}

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‐": "-",
                       "‑": "-", "\u00a0": " "})


def fold(text: str) -> str:
    """Fold typographic variants and diacritics, one character for one character.

    The result has the length of the input, so offsets found in it hold in the original.

    >>> fold("Philippe Étienne’s")
    "Philippe Etienne's"
    >>> len(fold("ﬁnal ½")) == len("ﬁnal ½")
    True
    """
    if text.isascii():
        return text
    return "".join(_fold_char(c) for c in text)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    c = c.translate(_FOLD)
    if c.isascii():
        return c
    base = [b for b in unicodedata.normalize("NFKD", c) if not unicodedata.combining(b)]
    return base[0] if len(base) == 1 else c


def minted(kind: str, text: str, iso2: str | None = None) -> Entity:
    """An entity the gazetteer does not know, named by how the text writes it.

    The label is normalised so that spellings that differ only in diacritics, case of a
    shouted word, commas or a possessive give one entity with one label.

    >>> minted("place", "Brasília") == minted("place", "Brasilia")
    True
    >>> minted("place", "TAIPEI").label, minted("place", "Washington, D.C.").label
    ('Taipei', 'Washington D.C.')
    >>> minted("organization", "Tass").label  # known to the gazetteer as TASS
    'TASS'
    >>> minted("place", "Pacific island") == minted("place", "Pacific Island")
    True
    """
    from kg.keys import slug

    words = []
    for w in fold(text).replace(",", " ").split():
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 3 and w.isupper() and w.isalpha():
            w = w.title()
        elif len(w) > 3 and w.islower() and words:
            w = w[:1].upper() + w[1:]   # "Pacific island" and "Pacific Island" are one name
        words.append(w)
    label = " ".join(words).strip(" .'\"")
    if label.endswith("D.C"):
        label += "."
    known = gazetteer().get(kind, slug(label))
    if known is not None:  # a spelling of a name the gazetteer knows: the same entity, one label
        return known
    return Entity(kind, slug(label), label, None, iso2, minted=True)


@dataclass(frozen=True)
class Alias:
    tokens: tuple[str, ...]   # folded tokens as written in the data, hyphens dropped
    entity: Entity
    role: str                 # name | demonym | capital
    tier: int                 # 0 hand-curated, 1 derived


@dataclass
class Gazetteer:
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    trie: dict = field(default_factory=dict)
    ambiguous: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    max_len: int = 1
    links: dict[str, Entity] = field(default_factory=dict)   # exact name -> entity (model names only)
    # doctrines written in lower case ("one-China principle", "community with a shared future
    # for mankind"): their words (lower case, hyphens as spaces) -> entity. Their first words
    # ("one", "community") are too common to start a trie walk at every occurrence.
    lower_names: dict[str, Entity] = field(default_factory=dict)

    # -- lookup ---------------------------------------------------------------------------
    def get(self, kind: str, key: str) -> Entity | None:
        return self.entities.get((kind, key))

    def longest_match(self, words: list[str], i: int) -> tuple[int, list[Alias]] | None:
        """The longest alias starting at ``words[i]``: (words consumed, aliases).

        ``words`` are token texts already passed through :func:`fold`; hyphen tokens inside a name are skipped so that
        "Kim Jong-un" and "Kim Jong Un" are one name, while "China-Japan" still yields
        "China" (the hyphen ends the match because "China Japan" is no alias).
        """
        node, j, best = self.trie, i, None
        text: list[str] = []        # the words matched so far, hyphens left out
        while j < len(words):
            w = words[j]
            if w in HYPHENS and j > i:
                j += 1
                continue
            node = node.get(w.lower())
            if node is None:
                break
            j += 1
            text.append(w)
            here = node.get("")
            if here:
                ok = [a for a in here if _fits(a.tokens, text)]
                if ok:
                    best = (j - i, ok)
        return best

    def lower_starts(self) -> frozenset[str]:
        """First words (lower case) of the names that may begin with a word not capitalised.

        Any other name starting with a lower-case word fails the case rules on its first word
        (:func:`_case_fits`), so a word such as "and" or "to" need not start a trie walk.
        """
        cached = self.__dict__.get("_lower_starts")
        if cached is None:
            def uncapitalised(node) -> bool:
                return any(not a.tokens[0][:1].isupper() for a in node.get("", ())) or any(
                    uncapitalised(v) for k, v in node.items() if k != "")
            cached = self.__dict__["_lower_starts"] = frozenset(
                k for k, v in self.trie.items() if k != "" and uncapitalised(v))
        return cached

    def starts_at(self, words: list[str]) -> list[int]:
        """Positions of the ``words`` (folded token texts) where :meth:`longest_match` can find
        a name: a word that begins one, and in a case that can begin it (:meth:`lower_starts`).

        Decided once per distinct word (kept for the process: a corpus's vocabulary).
        """
        decided = self.__dict__.get("_starts")
        if decided is None:
            decided = self.__dict__["_starts"] = {}
        present = set(words)
        new = present.difference(decided)
        if new:
            starts, lower = self.trie, self.lower_starts()
            for w in new:
                decided[w] = bool(w[:1].isalnum() and w.lower() in (starts if w[:1].isupper() else lower))
        good = {w for w in present if decided[w]}
        return [k for k, w in enumerate(words) if w in good]

    def linked(self, text: str, kind: str) -> Entity | None:
        """The entity a name the statistical model found links to through ``links_more.csv``
        (companies and brands: matched only when the model already says it is a name).

        The name must be spelt exactly so (case too), so that "Target" or "Next" in a
        sentence is never a shop.
        """
        e = self.links.get(fold(text).strip())
        return e if e is not None and e.kind == kind else None

    def lookup(self, text: str) -> list[Alias]:
        """Aliases whose whole text is ``text`` (used to link model entities)."""
        words = [fold(w) for w in _tokens(text)]
        if len(words) > 1 and words[0].lower() == "the":
            words = words[1:]
        m = self.longest_match(words, 0)
        if m and m[0] == len(words):
            return m[1]
        doctrine = self.lower_names.get(" ".join(fold(text).lower().replace("-", " ").split()).removeprefix("the "))
        return [Alias(tuple(words), doctrine, "name", 0)] if doctrine is not None else []

    # -- construction ---------------------------------------------------------------------
    def add_entity(self, e: Entity) -> Entity:
        return self.entities.setdefault((e.kind, e.key), e)

    def add_alias(self, text: str, entity: Entity, role: str = "name", tier: int = 1) -> None:
        words = _tokens(text)
        if len(words) > 1 and words[0].lower() == "the":
            words = words[1:]
        toks = tuple(fold(w) for w in words if fold(w) not in HYPHENS)
        if not toks or not any(c.isalpha() for c in "".join(toks)):
            return
        node = self.trie
        for t in toks:
            node = node.setdefault(t.lower(), {})
        here: list[Alias] = node.setdefault("", [])
        for k, a in enumerate(here):
            if a.entity == entity and a.tokens == toks:
                if tier < a.tier:  # a hand-curated alias outranks a derived one
                    here[k] = Alias(toks, entity, role, tier)
                return
        here.append(Alias(toks, entity, role, tier))
        self.max_len = max(self.max_len, len(toks))

    def resolve_conflicts(self) -> None:
        """Keep, for every name, only the most curated claims; drop names two entities share."""
        def walk(node, path):
            for k, v in node.items():
                if k == "":
                    best = min(a.tier for a in v)
                    top = [a for a in v if a.tier == best]
                    by_case: dict[tuple[str, ...], list[Alias]] = {}
                    for a in top:
                        by_case.setdefault(a.tokens, []).append(a)
                    kept = []
                    for toks, claims in by_case.items():
                        if len({a.entity for a in claims}) == 1:
                            kept.append(claims[0])
                        else:
                            self.ambiguous[toks] = {a.entity.label for a in claims}
                    v[:] = kept
                else:
                    walk(v, path + (k,))
        walk(self.trie, ())


def _case_fits(alias: tuple[str, ...], words: list[str], i: int, j: int) -> bool:
    """Case rules: an acronym must match exactly, a capitalised word must be capitalised."""
    text = [w for w in words[i:j] if w not in HYPHENS]
    if len(text) != len(alias):
        return False
    for a, t in zip(alias, text):
        if len(a) > 1 and a.isupper():
            if t != a:
                return False
        elif a[:1].isupper() and not t[:1].isupper():
            return False
    return True


_CASE_RULES: dict[tuple[str, ...], tuple] = {}


def _fits(alias: tuple[str, ...], text: list[str]) -> bool:
    """:func:`_case_fits` of the words ``text`` (hyphens already left out), with the rules of
    each alias worked out once: (position, exact?, alias word) of its acronyms and
    capitalised words; its other words take any case."""
    rules = _CASE_RULES.get(alias)
    if rules is None:
        rules = _CASE_RULES[alias] = tuple(
            (k, len(a) > 1 and a.isupper(), a) for k, a in enumerate(alias)
            if len(a) > 1 and a.isupper() or a[:1].isupper())
    if len(text) != len(alias):
        return False
    for k, exact, a in rules:
        if exact:
            if text[k] != a:
                return False
        elif not text[k][:1].isupper():
            return False
    return True


@lru_cache(maxsize=1)
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def _tokens(text: str) -> list[str]:
    return [t.text for t in _tokenizer()(fold(text)) if not t.is_space]


def _rows(name: str) -> list[dict]:
    path = GAZETTEER_DIR / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def _qid(cell: str | None) -> str | None:
    cell = (cell or "").strip()
    return cell if cell.startswith("Q") and cell[1:].isdigit() else None


_NOT_NAMES = {"The", "President", "King", "Queen", "Prince", "Princess", "Emperor", "Sultan", "Pope",
              "Sheikh", "Emir", "Prime", "Minister", "Chairman", "Governor", "General"}


def _looks_like_name(label: str) -> bool:
    """A derived person label usable as an alias: two or more capitalised words, no title.

    >>> _looks_like_name("Mike Pompeo"), _looks_like_name("The President"), _looks_like_name("Obama")
    (True, False, False)
    """
    words = label.replace("-", " ").split()
    return len(words) > 1 and words[0] not in _NOT_NAMES and all(
        w[:1].isupper() or w in ("bin", "bint", "al", "de", "da", "van", "von", "der", "la", "le",
                                 "du", "ibn", "dos", "das", "y", "e") for w in words)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer built from the data files (cached per process, and on disk).

    Building it takes a second or two; every worker process of a build needs it, so the
    built gazetteer is kept in the user's cache folder, keyed by a hash of the data files
    and of this module. A cache that cannot be read or written is simply rebuilt.
    """
    import hashlib
    import os
    import pickle

    h = hashlib.sha256(Path(__file__).read_bytes())
    for f in sorted(GAZETTEER_DIR.glob("*.csv")):
        h.update(f.name.encode() + f.read_bytes())
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "diplokg"
    cache = base / f"gazetteer-{h.hexdigest()[:20]}.pickle"
    try:
        with cache.open("rb") as fh:
            return pickle.load(fh)
    except Exception:
        pass
    g = _build_gazetteer()
    try:
        base.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(g, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)      # atomic: parallel workers never read half a file
    except OSError:
        pass
    return g


def _build_gazetteer() -> Gazetteer:
    from kg.keys import slug

    g = Gazetteer()
    # countries and territories
    for r in _rows("countries.csv"):
        e = g.add_entity(Entity("country", r["iso2"], r["label"], _qid(r["qid"]), r["iso2"]))
        for n in _split(r["names"]):
            g.add_alias(n, e, tier=1)
    for r in _rows("country_extra.csv"):
        e = g.get("country", r["iso2"].strip())
        if e is None:
            continue
        for n in _split(r["aliases"]):
            g.add_alias(n, e, tier=0)
        for n in _split(r["demonyms"]):
            g.add_alias(n, e, "demonym", tier=0)
        for n in _split(r["capitals"]):
            g.add_alias(n, e, "capital", tier=0)
    # international organisations, then hand-curated organisations and aliases
    by_label: dict[str, Entity] = {}
    for r in _rows("organizations.csv"):
        e = g.add_entity(Entity("organization", r["key"], r["label"], _qid(r["qid"])))
        by_label[fold(r["label"]).lower()] = e
        for n in _split(r["names"]):
            if len(_tokens(n)) > 1 or n.isupper() or n[:1].isupper():
                g.add_alias(n, e, tier=1)
    # parties, legislatures and cabinets (../shared/data/more): every name tier 1
    for r in _rows("organizations_more.csv"):
        e = g.add_entity(Entity("organization", r["key"], r["label"], _qid(r["qid"])))
        for n in _split(r["names"]):
            g.add_alias(n, e, tier=1)
    more_qids = {(r["kind"], r["key"]): _qid(r["qid"]) for r in _rows("qids_more.csv")}
    for r in _rows("organization_extra.csv"):
        e = by_label.get(fold(r["label"]).lower()) or g.add_entity(
            Entity("organization", r["key"], r["label"],
                   _qid(r["qid"]) or more_qids.get(("organization", r["key"]))))
        for n in [r["label"], *_split(r["aliases"])]:
            g.add_alias(n, e, tier=0)
    for r in _rows("initiatives.csv"):
        e = g.add_entity(Entity("initiative", r["key"], r["label"],
                                _qid(r["qid"]) or more_qids.get(("initiative", r["key"]))))
        for n in [r["label"], *_split(r["aliases"])]:
            n = n.strip('"')
            if n[:1].islower():      # "one-China principle": matched by a pattern, not the trie
                g.lower_names.setdefault(" ".join(fold(n).lower().replace("-", " ").split()), e)
            else:
                g.add_alias(n, e, tier=0)
    for r in _rows("places.csv"):
        e = g.add_entity(Entity("place", r["key"], r["label"], None,
                                r.get("country_iso2") or None))
        for n in [r["label"], *_split(r["aliases"])]:
            g.add_alias(n, e, tier=0)
    # people: person IRIs are minted from the name, as for spokespersons
    by_qid: dict[str, Entity] = {}
    for r in _rows("people_extra.csv"):
        e = g.add_entity(Entity("person", slug(r["label"]), r["label"], _qid(r["qid"]),
                                r.get("country_iso2") or None))
        if e.qid:
            by_qid[e.qid] = e
        for n in [r["label"], *_split(r["aliases"])]:
            g.add_alias(n, e, tier=0)
    for r in _rows("people.csv"):
        qid = _qid(r["qid"])
        e = by_qid.get(qid) if qid else None
        if e is None:
            key = slug(r["label"])
            known = g.get("person", key)
            if known is not None and known.qid != qid:
                key = f"{key}-{qid.lower()}"  # a namesake: its own IRI, and the name is ambiguous
            e = g.add_entity(Entity("person", key, r["label"], qid, r.get("country_iso2") or None))
        if _looks_like_name(r["label"]):
            g.add_alias(r["label"], e, tier=1)
    g.resolve_conflicts()
    # companies and brands: a name the statistical model tagged links to its QID
    for r in _rows("links_more.csv"):
        name = fold(r["name"]).strip()
        if name in g.links:
            continue
        known = g.lookup(r["name"])
        if known:        # a gazetteer entity of that name: give it the link instead
            continue
        g.links[name] = Entity(r["kind"], slug(r["name"]), r["name"], _qid(r["qid"]))
    return g
