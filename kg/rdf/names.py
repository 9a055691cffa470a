"""Names that forgive: one resolver for every name a person types.

The CLI's ``--param``, the view filters (``--outlet``, ``--topic``, ``--spokesperson``) and
the web explorer's search box all find things through :class:`NameIndex`. A name matches

- an entity's ``rdfs:label``, any ``skos:altLabel`` (in any language: ``"中国"@zh`` once the
  store has it), a topic's ``skos:prefLabel``/``altLabel``, and the tail of its IRI;
- a country's ISO code ("US", "us");
- the spellings of the reference data shipped with diplokg: the gazetteer's aliases
  ("USA", "the U.S.", "America", "DPRK", "BRI") and the outlets' ("Bloomberg", "AFP");

case-, accent- and punctuation-insensitively (:func:`normalize`: "U.S." = "US" = "us",
"Türkiye" = "Turkiye", "hong-kong" = "Hong Kong", a leading "the" ignored).

A name that matches nothing raises :class:`NameNotFound`, whose message names the closest
names there are: never a silent empty result. A name several things share resolves to the
strongest match (a label beats an alias), then to the most mentioned, and says which others
it could have meant (:attr:`Resolution.others`).

>>> idx = NameIndex.from_rows([
...     {"iri": "https://w3id.org/diplokg/id/country/US", "kind": "country", "label": "United States",
...      "iso": "US", "count": 900},
...     {"iri": "https://w3id.org/diplokg/id/outlet/bloomberg", "kind": "outlet",
...      "label": "Bloomberg News", "count": 12}], aliases=False)
>>> idx.add_name("https://w3id.org/diplokg/id/country/US", "the U.S.", ALIAS)
>>> idx.resolve("u.s.").item.label, idx.resolve("united states").item.label
('United States', 'United States')
>>> idx.resolve("US", kinds=("country",)).how
'iso code'
>>> idx.resolve("bloomberg news", kinds=("outlet",)).item.label
'Bloomberg News'
>>> try:
...     idx.resolve("Blomberg News", kinds=("outlet",))
... except NameNotFound as exc:
...     print(exc)
no outlet is named 'Blomberg News'; the closest: Bloomberg News (outlet)
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

__all__ = ["normalize", "Named", "Resolution", "NameIndex", "NameNotFound", "load_names",
           "name_rows", "resolve_view_filter", "ENTITY_KINDS", "ALL_KINDS", "PARAMETER_KINDS", "resolve_params",
           "LABEL", "ALT_LABEL", "ISO", "IRI_TAIL", "ALIAS", "DEMONYM", "TRIGGER"]

ENTITY_KINDS = ("country", "organization", "person", "initiative", "place")
ALL_KINDS = ENTITY_KINDS + ("outlet", "spokesperson", "topic")
KIND_GROUPS = {"entity": ENTITY_KINDS}

# how a name belongs to a thing, strongest first (the order decides between two matches)
LABEL, ALT_LABEL, ISO, IRI_TAIL, ALIAS, DEMONYM, TRIGGER = (
    "label", "other label", "iso code", "identifier", "alias", "demonym", "topic term")
STRENGTH = {LABEL: 0, ALT_LABEL: 1, ISO: 1, IRI_TAIL: 2, ALIAS: 2, DEMONYM: 3, TRIGGER: 4}

# saved-query parameters that name something, and what they name (kg query --param)
PARAMETER_KINDS: dict[str, tuple[str, ...]] = {
    "name": ENTITY_KINDS, "iso": ("country",), "outlet": ("outlet",), "topic": ("topic",),
    "spokesperson": ("spokesperson",)}

_PUNCT_IN_WORD = re.compile(r"(?<=\w)[.'’](?=\w|$|\s)")
_NOT_WORD = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """The comparison key of a name: no accents, case, punctuation or leading "the".

    >>> [normalize(s) for s in ("U.S.", "the United States", "Türkiye", "Hong-Kong", "AFP ")]
    ['us', 'united states', 'turkiye', 'hong kong', 'afp']
    >>> normalize("Côte d’Ivoire"), normalize("St. Petersburg"), normalize("中国")
    ('cote divoire', 'st petersburg', '中国')
    >>> normalize("ＵＳＡ")  # full-width letters, as typed with a Chinese input method
    'usa'
    """
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold().replace("&", " and ")
    t = _PUNCT_IN_WORD.sub("", t)
    t = _NOT_WORD.sub(" ", t).strip()
    return t[4:] if t.startswith("the ") else t


@dataclass
class Named:
    """One thing that has names: an entity, outlet, spokesperson or topic."""

    iri: str
    kind: str                      # one of ALL_KINDS
    label: str
    count: int = 0                 # exchanges that mention it / it asked / answered / are about it
    iso: str | None = None
    qid: str | None = None
    names: dict[str, str] = field(default_factory=dict)   # name as written -> how (LABEL, ALIAS...)

    def other_names(self) -> list[str]:
        """Its other names, one spelling for each (as written by a label or an alias rather
        than as an identifier), not the label itself nor a topic's cue words."""
        best: dict[str, str] = {}
        rank = lambda n: (self.names[n] == IRI_TAIL, n.islower(), n)   # noqa: E731
        for n, how in self.names.items():
            key = normalize(n)
            if how == TRIGGER or key == normalize(self.label):
                continue
            if key not in best or rank(n) < rank(best[key]):
                best[key] = n
        return sorted(best.values(), key=str.casefold)

    def as_dict(self) -> dict:
        """Plain data (JSON): iri, kind, label, count, iso, qid and the other names."""
        return {"iri": self.iri, "kind": self.kind, "label": self.label, "count": self.count,
                "iso": self.iso, "qid": self.qid, "names": self.other_names()}


@dataclass
class Resolution:
    """What a name was taken to mean, by which of its names, and what else it could mean."""

    query: str
    item: Named
    name: str                      # the name that matched, as written
    how: str
    others: list[Named] = field(default_factory=list)

    def note(self) -> str | None:
        """A line for the user when the name was not the thing's own label, or was shared."""
        parts = []
        if normalize(self.query) != normalize(self.item.label):
            parts.append(f"{self.query!r} taken as {self.item.label} ({self.item.kind}, by its {self.how})")
        if self.others:
            parts.append(f"{self.query!r} also names " + ", ".join(
                f"{o.label} ({o.kind})" for o in self.others[:5]))
        return "; ".join(parts) or None


class NameNotFound(ValueError):
    """A name that matches nothing; ``suggestions`` are the closest names there are."""

    def __init__(self, query: str, kinds: tuple[str, ...] | None, suggestions: list[Named]):
        self.query, self.kinds, self.suggestions = query, kinds, suggestions
        what = _kinds_text(kinds)
        msg = f"no {what} is named {query!r}"
        if suggestions:
            msg += "; the closest: " + ", ".join(f"{s.label} ({s.kind})" for s in suggestions)
        else:
            msg += "; nothing comes close"
        super().__init__(msg)


def _kinds_text(kinds: tuple[str, ...] | None) -> str:
    if not kinds or set(kinds) == set(ALL_KINDS):
        return "entity, outlet, spokesperson or topic"
    if set(kinds) == set(ENTITY_KINDS):
        return "entity"
    return " or ".join(kinds)


def _kinds(kinds: Iterable[str] | str | None) -> tuple[str, ...] | None:
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = [kinds]
    out: list[str] = []
    for k in kinds:
        out.extend(KIND_GROUPS.get(k, (k,)))
    unknown = [k for k in out if k not in ALL_KINDS]
    if unknown:
        raise ValueError(f"unknown kind {unknown[0]!r}; kinds: entity, {', '.join(ALL_KINDS)}")
    return tuple(out)


class NameIndex:
    """Every name of every thing in a store, normalised, for resolving and suggesting."""

    def __init__(self) -> None:
        self.items: dict[str, Named] = {}
        self.keys: dict[str, dict[str, str]] = {}     # normalised name -> {iri: how}

    # -- construction -----------------------------------------------------------------------
    @classmethod
    def from_rows(cls, rows: Iterable[dict], aliases: bool = True) -> "NameIndex":
        """From plain rows: ``iri``, ``kind``, and any of ``label``, ``name`` + ``how``,
        ``iso``, ``qid``, ``count`` (see :func:`name_rows`); ``aliases`` adds the reference
        data's spellings for the things present."""
        idx = cls()
        for r in rows:
            iri, kind = r["iri"], r["kind"]
            item = idx.items.get(iri)
            if item is None:
                item = idx.items[iri] = Named(iri, kind, r.get("label") or _tail(iri))
                idx.add_name(iri, _tail(iri).replace("-", " "), IRI_TAIL)
            elif _KIND_ORDER.index(kind) < _KIND_ORDER.index(item.kind):
                item.kind = kind           # a spokesperson is also a dk:Person: spokesperson wins
            if r.get("label"):
                if item.label == _tail(iri):
                    item.label = r["label"]
                idx.add_name(iri, r["label"], LABEL)
            if r.get("name"):
                idx.add_name(iri, r["name"], r.get("how") or ALT_LABEL)
            if r.get("iso"):
                item.iso = r["iso"]
                idx.add_name(iri, r["iso"], ISO)
            if r.get("qid"):
                item.qid = r["qid"].rsplit("/", 1)[-1]
            if r.get("count"):
                item.count = max(item.count, int(r["count"]))
        if aliases:
            idx.add_reference_aliases()
        return idx

    def add_name(self, iri: str, name: str, how: str) -> None:
        key = normalize(name)
        if not key or iri not in self.items:
            return
        item = self.items[iri]
        if name not in item.names or STRENGTH[how] < STRENGTH[item.names[name]]:
            item.names[name] = how
        here = self.keys.setdefault(key, {})
        if iri not in here or STRENGTH[how] < STRENGTH[here[iri]]:
            here[iri] = how

    def add_reference_aliases(self) -> None:
        """The gazetteer's and the outlet list's spellings, for things this index holds."""
        for iri, name, how in _reference_aliases():
            if iri in self.items:
                self.add_name(iri, name, how)

    # -- lookup -----------------------------------------------------------------------------
    def get(self, iri: str) -> Named | None:
        return self.items.get(iri)

    def matches(self, text: str, kinds=None) -> list[tuple[Named, str, str]]:
        """Every (thing, name, how) whose name normalises to ``text``'s, strongest first."""
        kinds = _kinds(kinds)
        key = normalize(text)
        found = []
        for iri, how in self.keys.get(key, {}).items():
            item = self.items[iri]
            if kinds is None or item.kind in kinds:
                name = next((n for n, h in item.names.items() if normalize(n) == key), text)
                found.append((item, name, how))
        if not found and text.strip() in self.items:      # a full IRI
            item = self.items[text.strip()]
            if kinds is None or item.kind in kinds:
                found.append((item, item.label, IRI_TAIL))
        found.sort(key=lambda m: (STRENGTH[m[2]], -m[0].count, m[0].label))
        return found

    def resolve(self, text: str, kinds=None) -> Resolution:
        """The thing ``text`` names; :class:`NameNotFound` (with the closest names) if none."""
        kinds = _kinds(kinds)
        found = self.matches(text, kinds)
        if not found:
            raise NameNotFound(text, kinds, self.closest(text, kinds))
        item, name, how = found[0]
        return Resolution(text, item, name, how, [m[0] for m in found[1:]])

    def suggest(self, text: str, kinds=None, limit: int = 10) -> list[Resolution]:
        """Things whose names begin with (or hold a word beginning with) ``text``, best first:
        for a search box. Exact names first, then prefixes, word prefixes, substrings."""
        kinds = _kinds(kinds)
        q = normalize(text)
        if not q:
            return []
        best: dict[str, tuple[tuple, Resolution]] = {}
        for key, iris in self.keys.items():
            if key == q:
                grade = 0
            elif key.startswith(q):
                grade = 1
            elif (" " + q) in (" " + key):
                grade = 2
            elif (len(q) >= 4 or len(q) >= 2 and not q.isascii()) and q in key:   # 中国 in 中华人民共和国
                grade = 3
            else:
                continue
            for iri, how in iris.items():
                item = self.items[iri]
                if kinds is not None and item.kind not in kinds or how == TRIGGER and grade:
                    continue    # a topic's cue words count only when typed in full
                rank = (grade, -item.count, STRENGTH[how], len(key), item.label)
                if iri not in best or rank < best[iri][0]:
                    name = next((n for n, h in item.names.items() if normalize(n) == key), key)
                    best[iri] = (rank, Resolution(text, item, name, how))
        return [r for _, r in sorted(best.values(), key=lambda x: x[0])[:limit]]

    def closest(self, text: str, kinds=None, n: int = 5) -> list[Named]:
        """The things with the names closest to ``text`` (for a "did you mean")."""
        kinds = _kinds(kinds)
        q = normalize(text)
        out: list[Named] = []
        for r in self.suggest(text, kinds, limit=n):
            out.append(r.item)
        keys = [k for k, iris in self.keys.items()
                if any((kinds is None or self.items[i].kind in kinds) and how != TRIGGER
                       for i, how in iris.items())]
        for key in difflib.get_close_matches(q, keys, n=n * 2, cutoff=0.75):
            for iri, how in sorted(self.keys[key].items(), key=lambda x: -self.items[x[0]].count):
                item = self.items[iri]
                if (kinds is None or item.kind in kinds) and how != TRIGGER and item not in out:
                    out.append(item)
        return out[:n]

    def list(self, kinds=None, search: str | None = None) -> list[Named]:
        """Everything of these kinds (all by default), most counted first; ``search``
        keeps those with a name like it (as :meth:`suggest`)."""
        kinds = _kinds(kinds)
        if search:
            return [r.item for r in self.suggest(search, kinds, limit=len(self.items))]
        return sorted((i for i in self.items.values() if kinds is None or i.kind in kinds),
                      key=lambda i: (-i.count, i.label.casefold()))


_KIND_ORDER = ["spokesperson", "outlet", "topic", "country", "organization", "initiative", "person",
               "place"]


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _detokenize(tokens: tuple[str, ...]) -> str:
    """The gazetteer's tokens as the name is written.

    >>> _detokenize(("China", "'s", "mainland")), _detokenize(("Russian", "Fed", "."))
    ("China's mainland", 'Russian Fed.')
    """
    return re.sub(r" (?=['’]s\b|[.,)])|(?<=\() ", "", " ".join(tokens))


def _reference_aliases() -> list[tuple[str, str, str]]:
    """(IRI, spelling, how) from the gazetteer, ``kg/data/outlets.csv`` and the Chinese names
    of ``kg/data/outlets_zh.csv`` and ``kg/data/spokespersons.csv``."""
    import csv

    from kg.nlp.gazetteer import gazetteer
    from kg.paths import DATA_DIR
    from kg.rdf.namespaces import resource

    out: list[tuple[str, str, str]] = []

    def walk(node: dict) -> None:
        for k, v in node.items():
            if k == "":
                for a in v:
                    if a.role == "capital":       # "Washington" is a place as often as a government
                        continue
                    out.append((str(resource(a.entity.kind, a.entity.key)), _detokenize(a.tokens),
                                DEMONYM if a.role == "demonym" else ALIAS))
            else:
                walk(v)

    walk(gazetteer().trie)
    with (DATA_DIR / "outlets.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            iri = str(resource("outlet", row["key"]))
            for spelling in [row["key"], *filter(None, (row.get("aliases") or "").split("|"))]:
                out.append((iri, spelling, ALIAS))
    # Chinese names: the outlets' as printed in Chinese transcripts, the spokespersons' (华春莹)
    with (DATA_DIR / "outlets_zh.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("name_zh"):
                out.append((str(resource("outlet", row["key"])), row["name_zh"], ALIAS))
    from kg.rdf.mapping import spokesperson_iri

    with (DATA_DIR / "spokespersons.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row.get("name_zh"):
                out.append((str(spokesperson_iri(row["name"])), row["name_zh"], ALIAS))
    return out


# -- reading the names from a store ----------------------------------------------------------
_P = """PREFIX dk: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
_CLASSES = ("(dk:Country 'country') (dk:Organization 'organization') (dk:Person 'person') "
            "(dk:Initiative 'initiative') (dk:Place 'place') (dk:MediaOutlet 'outlet') "
            "(dk:Spokesperson 'spokesperson')")
NAME_QUERIES = {
    "things": _P + f"""SELECT ?iri ?kind ?label ?iso ?qid WHERE {{
  VALUES (?class ?kind) {{ {_CLASSES} }}
  ?iri a ?class . OPTIONAL {{ ?iri rdfs:label ?label }}
  OPTIONAL {{ ?iri dk:isoCode ?iso }} OPTIONAL {{ ?iri owl:sameAs ?qid }} }}""",
    "other-names": _P + f"""SELECT ?iri ?kind ?name WHERE {{
  VALUES (?class ?kind) {{ {_CLASSES} (skos:Concept 'topic') }}
  ?iri a ?class ; skos:altLabel ?name }}""",
    "topics": _P + """SELECT ?iri ?kind ?label ?lang ?term WHERE {
  ?iri a skos:Concept ; skos:prefLabel ?label . BIND ('topic' AS ?kind) BIND (LANG(?label) AS ?lang)
  OPTIONAL { ?iri skos:hiddenLabel ?term } }""",
    "counts": _P + """SELECT ?iri (COUNT(DISTINCT ?x) AS ?count) WHERE {
  { ?x dk:exchangeMentions ?iri } UNION { ?x dk:exchangeOutlet ?iri }
  UNION { ?x dk:exchangeSpokesperson ?iri } UNION { ?x dk:about ?iri } } GROUP BY ?iri""",
}


def name_rows(run: Callable[[str], list[dict]]) -> list[dict]:
    """Rows for :meth:`NameIndex.from_rows`, from ``run(sparql) -> [{var: str}]``."""
    rows: list[dict] = list(run(NAME_QUERIES["things"]))
    rows += run(NAME_QUERIES["other-names"])
    for r in run(NAME_QUERIES["topics"]):
        if r.get("lang", "en") in ("en", ""):
            rows.append({"iri": r["iri"], "kind": "topic", "label": r.get("label")})
        else:      # the Chinese scheme's prefLabel (新冠肺炎疫情): a name, never the page's label
            rows.append({"iri": r["iri"], "kind": "topic", "name": r.get("label"), "how": ALT_LABEL})
        if r.get("term"):
            rows.append({"iri": r["iri"], "kind": "topic", "name": r["term"], "how": TRIGGER})
    counts = {r["iri"]: r["count"] for r in run(NAME_QUERIES["counts"])}
    for r in rows:
        if r["iri"] in counts:
            r["count"] = counts[r["iri"]]
    return rows


def _store_runner(store) -> Callable[[str], list[dict]]:
    def run(sparql: str) -> list[dict]:
        res = store.query(sparql)
        names = [str(v) for v in res.vars]
        return [{n: str(t) for n, t in zip(names, row) if t is not None} for row in res]
    return run


def load_names(store, aliases: bool = True) -> NameIndex:
    """The :class:`NameIndex` of a :class:`~kg.rdf.store.KGStore`."""
    return NameIndex.from_rows(name_rows(_store_runner(store)), aliases=aliases)


def resolve_params(index: NameIndex, params: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """A saved query's ``--param`` values with every name resolved (:data:`PARAMETER_KINDS`):
    the value becomes the thing's label (its ISO code for ``iso``). Returns the new values and
    a note for each name taken as something other than its own label.

    Raises :class:`NameNotFound` for a name that matches nothing. Values that are IRIs, and
    parameters that name nothing, pass unchanged.
    """
    out, notes = dict(params), []
    for name, value in params.items():
        kinds = PARAMETER_KINDS.get(name)
        if kinds is None or re.match(r"https?://", value) or value.upper() == "UNDEF":
            continue
        r = index.resolve(value, kinds)
        out[name] = (r.item.iso or value) if name == "iso" else r.item.label
        note = r.note()
        if note:
            notes.append(note)
    return out, notes


def resolve_view_filter(facts, flt):
    """A :class:`~kg.views.graphs.ViewFilter` whose outlet, spokesperson and topic names are
    resolved to IRIs through the names of ``facts`` (:func:`~kg.views.graphs.load_facts`) and
    the reference aliases. Raises :class:`NameNotFound` for a name that matches nothing."""
    from dataclasses import replace

    wanted = {"outlet": flt.outlet, "spokesperson": flt.spokesperson, "topic": flt.topic}
    if not any(wanted.values()):
        return flt
    index = getattr(facts, "_name_index", None)
    if index is None:
        counts: dict[str, int] = {}
        for ex in facts.exchanges:
            for iri in (ex.outlet, ex.spokesperson, *ex.topics):
                if iri:
                    counts[iri] = counts.get(iri, 0) + 1
        index = NameIndex.from_rows(
            {"iri": iri, "kind": n["type"], "label": n["label"], "iso": n.get("iso"),
             "count": counts.get(iri, 0)}
            for iri, n in facts.nodes.items() if n.get("type") in ALL_KINDS)
        facts._name_index = index
    return replace(flt, **{k: index.resolve(v, (k,)).item.iri for k, v in wanted.items() if v})
