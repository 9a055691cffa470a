"""The Python API for notebooks: a store, queries as pandas DataFrames, views as networkx graphs.

Used from a notebook like this (tests/test_api.py runs the same calls on the sample store)::

    import kg
    kb = kg.open_store("kg-store")
    kb.saved("deflection-by-spokesperson")
    kb.query("SELECT ?l WHERE { ?c a dk:Country ; rdfs:label ?l }")
    g = kb.view("comention", date_from="2020-01-01", types=["country"])
    kb.exchanges(spokesperson="Zhao Lijian")

Queries get diplokg's prefixes (``dk:``, ``rdfs:``, ``skos:`` ...) declared. DataFrames need
pandas (``pip install 'diplokg[pandas]'``); :meth:`Store.rows` gives plain dicts without it.
The store is opened read-only unless asked otherwise, so a notebook can read a store that
``kg serve`` is serving.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["open_store", "Store"]


def open_store(path: str | Path | None = None, *, read_only: bool = True) -> "Store":
    """The diplokg store at ``path`` (default ``$KG_STORE`` or ``./kg-store``)."""
    return Store(path, read_only=read_only)


def _prefixed(sparql: str) -> str:
    from kg.rdf.namespaces import PREFIXES

    declared = {line.split()[1].rstrip(":") for line in sparql.splitlines()
                if line.strip().upper().startswith("PREFIX") and len(line.split()) > 1}
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return head + sparql


def _python(term) -> Any:
    """An RDF term as the Python value a DataFrame cell should hold."""
    from rdflib import Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


class Store:
    """A diplokg store opened for analysis (see :func:`open_store`)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = True):
        from kg.rdf.store import KGStore

        self._store = KGStore(path, create=False, read_only=read_only)
        self.path = self._store.path

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<diplokg store {self.path}>"

    # -- queries -----------------------------------------------------------------------------
    def rows(self, sparql: str) -> list[dict[str, Any]]:
        """A SELECT query's rows as dicts of Python values (no pandas needed)."""
        result = self._store.query(_prefixed(sparql))
        if result.type != "SELECT":
            raise ValueError(f"rows() runs SELECT queries; this is a {result.type} query")
        names = [str(v) for v in result.vars]
        return [{n: _python(r[i]) for i, n in enumerate(names)} for r in result]

    def query(self, sparql: str):
        """A SELECT query as a pandas DataFrame, one column per variable, in order."""
        pd = _pandas()
        result = self._store.query(_prefixed(sparql))
        if result.type != "SELECT":
            raise ValueError(f"query() runs SELECT queries; this is a {result.type} query")
        names = [str(v) for v in result.vars]
        return pd.DataFrame([[_python(t) for t in r] for r in result], columns=names)

    def saved(self, query: str, /, **params: str):
        """A saved query (``kg query --list``) with its parameters, as a DataFrame:
        ``kb.saved("said-about", name="Japan")``."""
        from kg.rdf.query import apply_params, saved_queries

        queries = saved_queries()
        if query not in queries:
            import difflib

            close = difflib.get_close_matches(query, list(queries), n=3)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise KeyError(f"no saved query {query!r}{hint}")
        return self.query(apply_params(queries[query].text, {k: str(v) for k, v in params.items()}))

    def saved_queries(self):
        """The saved queries: name, title, what they answer, parameters."""
        from kg.rdf.query import saved_queries

        return _pandas().DataFrame([{"name": q.name, "title": q.title, "answers": q.description,
                                     "parameters": q.parameters} for q in saved_queries().values()])

    # -- graphs ------------------------------------------------------------------------------
    def view(self, name: str, *, date_from: date | str | None = None, date_to: date | str | None = None,
             spokesperson: str | None = None, outlet: str | None = None, topic: str | None = None,
             types: list[str] | tuple[str, ...] = (), min_weight: float = 0):
        """A relationship view (``kg views``) as a networkx graph, with its measures on the nodes."""
        from kg.views.graphs import ViewFilter, build_view

        flt = ViewFilter(_day(date_from), _day(date_to), spokesperson, outlet, topic, tuple(types), min_weight)
        return build_view(self._store, name, flt)

    # -- tables ------------------------------------------------------------------------------
    def stats(self) -> dict:
        """The counts of ``kg stats --json``."""
        from kg.rdf.stats import store_stats

        return store_stats(self._store)

    def entities(self, type: str | None = None, search: str | None = None):
        """Entities with their type, label, ISO code, Wikidata id and number of mentions.

        ``type``: country, organization, person, initiative, place, outlet or spokesperson;
        ``search``: a case-insensitive part of the label.
        """
        classes = {"country": "Country", "organization": "Organization", "person": "Person",
                   "initiative": "Initiative", "place": "Place", "outlet": "MediaOutlet",
                   "spokesperson": "Spokesperson"}
        if type is not None and type not in classes:
            raise ValueError(f"unknown entity type {type!r}; use one of {', '.join(classes)}")
        values = " ".join(f"dk:{c}" for c in ([classes[type]] if type else classes.values()))
        needle = ""
        if search:
            from rdflib import Literal

            needle = f"FILTER (CONTAINS(LCASE(STR(?label)), LCASE({Literal(search).n3()})))"
        df = self.query(f"""SELECT ?entity ?type ?label ?iso ?wikidata (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{
              VALUES ?class {{ {values} }}
              ?entity a ?class ; rdfs:label ?label . {needle}
              BIND (STRAFTER(STR(?class), "#") AS ?type)
              OPTIONAL {{ ?entity dk:isoCode ?iso }} OPTIONAL {{ ?entity owl:sameAs ?wikidata }}
              OPTIONAL {{ ?m dk:refersTo ?entity }}
            }} GROUP BY ?entity ?type ?label ?iso ?wikidata ORDER BY DESC(?mentions) ?label""")
        return df

    def exchanges(self, *, spokesperson: str | None = None, outlet: str | None = None,
                  date_from: date | str | None = None, date_to: date | str | None = None):
        """One row per exchange: conference, date, language, government, position, outlet (None
        when the transcript names none), who answered, the question and answer texts (several
        answers joined by a blank line, in the order they were given), the response types and
        topics (";"-joined)."""
        from rdflib import Literal

        filters = []
        if date_from:
            filters.append(f'?date >= "{_day(date_from).isoformat()}"^^xsd:date')
        if date_to:
            filters.append(f'?date <= "{_day(date_to).isoformat()}"^^xsd:date')
        if outlet:
            filters.append(f"LCASE(STR(?outlet)) = LCASE({Literal(outlet).n3()})")
        where = f"FILTER ({' && '.join(filters)})" if filters else ""
        # Three small queries joined here rather than one query with nested OPTIONALs: the
        # answers, their speakers, response types and topics multiply into a cross product per
        # exchange, which took minutes on the 17-file sample once a filter was added.
        base = self.rows(f"""SELECT ?exchange ?conference ?date ?language ?government ?position
                                    ?outlet ?question WHERE {{
              ?conference dk:hasExchange ?exchange . ?exchange dk:position ?position ;
                          dk:question ?q . ?q dk:text ?question .
              OPTIONAL {{ ?conference dk:date ?date }}
              OPTIONAL {{ ?conference dct:language ?language }}
              OPTIONAL {{ ?conference dk:government/dk:isoCode ?government }}
              OPTIONAL {{ ?q dk:askedBy/rdfs:label ?outlet }}
              {where}
            }}""")
        rows: dict[str, dict[str, Any]] = {}
        for r in base:                      # an outlet with two labels keeps its first
            rows.setdefault(r["exchange"], r)
        answers: dict[str, dict[str, tuple]] = {}
        topics: dict[str, set[str]] = {}
        if rows:
            scope = (f"VALUES ?exchange {{ {' '.join(f'<{e}>' for e in rows)} }}"
                     if len(rows) <= 2000 else "")
            for r in self.rows(f"""SELECT ?exchange ?a ?n ?text ?who ?rt WHERE {{ {scope}
                    ?exchange dk:answer ?a . ?a dk:text ?text . OPTIONAL {{ ?a dk:position ?n }}
                    OPTIONAL {{ ?a dk:answeredBy/rdfs:label ?who }}
                    OPTIONAL {{ ?a dk:responseType ?t . BIND (STRAFTER(STR(?t), "#") AS ?rt) }} }}"""):
                if r["exchange"] in rows:
                    n, text, who, rts = answers.setdefault(r["exchange"], {}).setdefault(
                        r["a"], (r["n"] or 0, r["text"], set(), set()))
                    who.add(r["who"]) if r["who"] else None
                    rts.add(r["rt"]) if r["rt"] else None
            for r in self.rows(f"""SELECT ?exchange ?topic WHERE {{ {scope}
                    ?exchange dk:about/skos:prefLabel ?topic . FILTER (LANG(?topic) = "en") }}"""):
                topics.setdefault(r["exchange"], set()).add(r["topic"])
        out = []
        for e, r in rows.items():
            given = sorted(answers.get(e, {}).values(), key=lambda a: (a[0], a[1]))
            who = list(dict.fromkeys(w for a in given for w in sorted(a[2])))      # in answer order
            if spokesperson and spokesperson.lower() not in {w.lower() for w in who}:
                continue
            rts = list(dict.fromkeys(t for a in given for t in sorted(a[3])))
            out.append({**r, "answered_by": ";".join(who),
                        "answer": "\n\n".join(dict.fromkeys(a[1] for a in given)),
                        "response_types": ";".join(rts), "topics": ";".join(sorted(topics.get(e, ())))})
        out.sort(key=lambda r: (r["date"] is not None, r["date"] or date.min, r["conference"], r["position"]))
        columns = ["exchange", "conference", "date", "language", "government", "position", "outlet",
                   "answered_by", "question", "answer", "response_types", "topics"]
        return _pandas().DataFrame([[r[c] for c in columns] for r in out], columns=columns)


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _pandas():
    try:
        import pandas
    except ImportError:
        raise ImportError("DataFrames need pandas: pip install 'diplokg[pandas]' "
                          "(Store.rows() works without it)") from None
    return pandas
