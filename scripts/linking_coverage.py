"""Wikidata linking coverage of a store: per entity type, the share of entities and of
mentions whose entity has an owl:sameAs Wikidata link.

    python scripts/linking_coverage.py [--store kg-store] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUERY = """PREFIX dk: <https://w3id.org/diplokg/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?type (COUNT(DISTINCT ?e) AS ?entities) (COUNT(DISTINCT ?linked) AS ?linked_entities)
       (COUNT(?m) AS ?mentions) (SUM(IF(BOUND(?q), 1, 0)) AS ?linked_mentions) WHERE {
  VALUES ?type { dk:Country dk:Organization dk:Person dk:Initiative dk:Place }
  ?m dk:refersTo ?e . ?e a ?type .
  OPTIONAL { ?e owl:sameAs ?q }
  BIND (IF(BOUND(?q), ?e, ?none) AS ?linked)
} GROUP BY ?type ORDER BY ?type"""


def coverage(store) -> dict:
    out = {}
    for t, n, ln, m, lm in store.query(QUERY):
        out[str(t).rsplit("#", 1)[-1]] = {"entities": int(n), "linked_entities": int(ln),
                                          "mentions": int(m), "linked_mentions": int(lm)}
    return out


def main(argv: list[str]) -> int:
    from kg.rdf.store import KGStore

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", default="kg-store")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    with KGStore(args.store, create=False) as store:
        cov = coverage(store)
    if args.json:
        print(json.dumps(cov, indent=1))
        return 0
    print(f"{'type':14} {'entities':>9} {'linked':>7} {'share':>6} {'mentions':>9} {'linked':>7} {'share':>6}")
    for t, c in cov.items():
        print(f"{t:14} {c['entities']:9} {c['linked_entities']:7} {c['linked_entities'] / c['entities']:6.1%} "
              f"{c['mentions']:9} {c['linked_mentions']:7} {c['linked_mentions'] / max(1, c['mentions']):6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
