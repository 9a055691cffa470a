"""Counts over the store (``kg stats``)."""

from __future__ import annotations

from kg.rdf.namespaces import DK
from kg.rdf.store import KGStore

__all__ = ["store_stats", "ENTITY_TYPES"]

ENTITY_TYPES = ["Country", "Organization", "Person", "MediaOutlet", "Initiative", "Place", "Spokesperson"]


def _count(store: KGStore, where: str) -> int:
    rows = list(store.query(f"PREFIX dk: <{DK._NS}> SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"))
    return int(rows[0][0])


def store_stats(store: KGStore) -> dict:
    """``conferences``, ``statement_documents``, ``statements``, ``exchanges``, ``mentions``,
    ``entities`` by type, ``triples`` (distinct), ``quads``, ``graphs`` and ``coverage``
    (per source format and language, see :func:`coverage`)."""
    def distinct(cls: str) -> str:
        return f"SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ ?x a dk:{cls} }} }}"

    return {
        "conferences": _count(store, distinct("PressConference")),
        "statement_documents": _count(store, distinct("StatementDocument")),
        "statements": _count(store, distinct("Statement")),
        "exchanges": _count(store, distinct("Exchange")),
        "mentions": _count(store, distinct("Mention")),
        "entities": {t: _count(store, distinct(t)) for t in ENTITY_TYPES},
        "sources": _count(store, distinct("SourceDocument")),
        "triples": _count(store, "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"),
        "quads": store.quad_count(),
        "graphs": len(store.graphs()),
        "coverage": coverage(store),
    }


COVERAGE = """PREFIX dk: <https://w3id.org/diplokg/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?format ?language (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?extracted) AS ?with_extraction)
       (COUNT(DISTINCT ?ex) AS ?exchanges) (COUNT(DISTINCT ?named) AS ?with_outlet)
       (COUNT(DISTINCT ?answer) AS ?answers) (COUNT(DISTINCT ?spoken) AS ?with_speaker) WHERE {
  GRAPH ?g { ?src dk:sourceFormat ?format . ?doc prov:wasDerivedFrom ?src .
             OPTIONAL { ?doc dct:language ?lang0 } BIND (COALESCE(?lang0, "") AS ?language)
             OPTIONAL { ?doc dk:extractionModel ?m . BIND (?doc AS ?extracted) }
             OPTIONAL { ?doc dk:hasExchange ?ex .
                        OPTIONAL { ?ex dk:question/dk:askedBy ?o . BIND (?ex AS ?named) }
                        OPTIONAL { ?ex dk:answer ?answer .
                                   OPTIONAL { ?answer dk:answeredBy ?who . BIND (?answer AS ?spoken) } } } }
} GROUP BY ?format ?language ORDER BY ?format ?language"""


def coverage(store: KGStore) -> list[dict]:
    """Per source format and language: documents (and how many got extraction), exchanges (and
    how many name their outlet), answers (and how many name who answered).

    Results that depend on these fields (who asked, who answered, what was extracted) cover
    only the share given here; ``kg stats`` prints it so nobody mistakes part for the whole.
    """
    out = []
    for row in store.query(COVERAGE):
        fmt, lang, docs, extracted, exchanges, named, answers, spoken = (
            str(row[0]), str(row[1]), *(int(v) for v in row[2:]))
        out.append({"format": fmt, "language": lang, "documents": docs, "with_extraction": extracted,
                    "exchanges": exchanges, "with_outlet": named, "answers": answers,
                    "with_speaker": spoken})
    return out


def coverage_table(rows: list[dict]) -> str:
    """The coverage rows as a small table with shares ("1,234 of 2,000 (62%)")."""
    def share(part: int, whole: int) -> str:
        return f"{part} of {whole} ({100 * part / whole:.0f}%)" if whole else "-"

    lines = [f"  {'format':16} {'lang':4} {'documents extracted':>26} {'exchanges naming the outlet':>30} "
             f"{'answers naming who answered':>30}"]
    for r in rows:
        lines.append(f"  {r['format']:16} {r['language']:4} {share(r['with_extraction'], r['documents']):>26} "
                     f"{share(r['with_outlet'], r['exchanges']):>30} {share(r['with_speaker'], r['answers']):>30}")
    return "\n".join(lines)
