"""Score the graph against hand-annotated gold (``kg evaluate GOLD_DIR``).

A gold file (see ``tests/data/gold/dev/README.md``) names its source transcript and
lists, per exchange: the outlet as printed, the countries (ISO alpha-2), persons
(canonical names, with QIDs where known), organisations, initiatives, response types
and stances. The transcript must have been built into the store.

Names are compared through the gazetteer: a gold name and a predicted entity match
when the gazetteer resolves the name to that entity, when their Wikidata QIDs agree, or
when their folded names agree (a person's name also matches when one name's words all
occur in the other, as in "Felipe VI" and "King Felipe VI"). Scores are micro-averaged
over exchanges: a field's true positives are the items both sides list for the same
exchange.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.nlp.gazetteer import fold, gazetteer
from kg.keys import slug
from kg.sources.outlets import outlet_registry
from kg.rdf.store import KGStore

__all__ = ["evaluate", "Score", "Evaluation", "FIELDS"]

FIELDS = ("outlet", "countries", "persons", "organizations", "initiatives",
          "organizations+initiatives", "response_type", "stance_country", "stance_all")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0          # exchanges where prediction == gold
    total: int = 0          # exchanges scored

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return self.exact / self.total if self.total else 1.0


@dataclass
class Evaluation:
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    files: int = 0
    exchanges: int = 0
    missing: list[str] = field(default_factory=list)     # gold files whose source is not built
    errors: list[dict] = field(default_factory=list)     # per-exchange differences

    def as_dict(self) -> dict:
        return {"files": self.files, "exchanges": self.exchanges, "missing": self.missing,
                "fields": {f: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                               "f1": round(s.f1, 4), "accuracy": round(s.accuracy, 4),
                               "tp": s.tp, "fp": s.fp, "fn": s.fn}
                           for f, s in self.scores.items()}}

    def table(self) -> str:
        lines = [f"{self.files} gold files, {self.exchanges} exchanges",
                 f"{'field':28} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for name, s in self.scores.items():
            lines.append(f"{name:28} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                         f"{s.accuracy:6.3f} {s.tp:5} {s.fp:5} {s.fn:5}")
        if self.missing:
            lines.append("not in the store (build them first): " + ", ".join(self.missing))
        return "\n".join(lines)


_QUERY = """
PREFIX dk: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?pos ?what ?a ?b ?c WHERE {
  GRAPH ?g { ?src dk:fileName %(file)s . ?conf dk:hasExchange ?ex . ?ex dk:position ?pos . }
  {
    GRAPH ?g { ?ex dk:question/dk:askedBy ?a . }
    BIND("outlet" AS ?what)
  } UNION {
    GRAPH ?g { ?ex dk:turn ?t . ?t dk:mentions ?a . }
    ?a a ?b .
    OPTIONAL { ?a dk:isoCode ?c0 }
    OPTIONAL { ?a owl:sameAs ?q }
    BIND(COALESCE(?c0, ?q) AS ?c)
    BIND("mention" AS ?what)
  } UNION {
    GRAPH ?g { ?ex dk:answer ?t . ?t dk:responseType ?a . }
    BIND("response" AS ?what)
  } UNION {
    GRAPH ?g { ?ex dk:answer/dk:expressesStance ?s . ?s dk:target ?a ; dk:polarity ?b . }
    OPTIONAL { ?a dk:isoCode ?c0 }
    OPTIONAL { ?a owl:sameAs ?q }
    BIND(COALESCE(?c0, ?q) AS ?c)
    BIND("stance" AS ?what)
  }
}
"""

_KIND = {"Country": "country", "Person": "person", "Organization": "organization",
         "Initiative": "initiative", "Place": "place", "Spokesperson": "person",
         "MediaOutlet": "organization"}


def _local(iri) -> str:
    s = str(iri)
    return s.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class _Predicted:
    outlet: str | None = None
    mentions: dict[str, dict] = field(default_factory=dict)   # iri -> {kinds, code, labels}
    responses: set[str] = field(default_factory=set)
    stances: set[tuple[str, str, str | None]] = field(default_factory=set)  # (iri, polarity, code)


def _predicted(store: KGStore, file_name: str) -> dict[int, _Predicted] | None:
    from rdflib import Literal

    rows = list(store.query(_QUERY % {"file": Literal(file_name).n3()}))
    if not rows:
        return None
    out: dict[int, _Predicted] = {}
    for pos, what, a, b, c in rows:
        p = out.setdefault(int(pos), _Predicted())
        if what.value == "outlet":
            p.outlet = str(a)
        elif what.value == "mention":
            m = p.mentions.setdefault(str(a), {"kinds": set(), "code": None})
            m["kinds"].add(_KIND.get(_local(b), _local(b)))
            if c is not None:
                m["code"] = _local(c)
        elif what.value == "response":
            p.responses.add(_local(a))
        elif what.value == "stance":
            p.stances.add((str(a), _local(b).lower(), _local(c) if c is not None else None))
    return out


def _entity_iri(name: str, kind: str) -> str | None:
    from kg.rdf.namespaces import resource

    for alias in gazetteer().lookup(name):
        if alias.entity.kind == kind or kind == "organization" and alias.entity.kind == "initiative":
            return str(resource(alias.entity.kind, alias.entity.key))
    return None


def _names_match(gold: str, predicted_iri: str, labels: dict[str, str]) -> bool:
    label = labels.get(predicted_iri, _local(predicted_iri).replace("-", " "))
    g, p = fold(gold).lower(), fold(label).lower()
    if g == p or slug(gold) == _local(predicted_iri):
        return True
    gw, pw = set(g.replace("-", " ").split()), set(p.replace("-", " ").split())
    return len(gw & pw) >= 2 and (gw <= pw or pw <= gw)


def _match_names(gold: list[str], predicted: list[str], kind: str, labels: dict[str, str],
                 qids: dict[str, str], gold_qids: dict[str, str]) -> tuple[int, int, int, list, list]:
    """Greedy one-to-one matching of gold names to predicted entity IRIs."""
    left = list(predicted)
    missed = []
    for name in gold:
        want = _entity_iri(name, kind)
        hit = None
        for iri in left:
            if want and iri == want or gold_qids.get(name) and qids.get(iri) == gold_qids[name] \
                    or _names_match(name, iri, labels):
                hit = iri
                break
        if hit:
            left.remove(hit)
        else:
            missed.append(name)
    tp = len(gold) - len(missed)
    return tp, len(left), len(missed), missed, left


def evaluate(gold_dir: str | Path, store: KGStore) -> Evaluation:
    ev = Evaluation()
    labels = {str(s): str(o) for s, o in store.query(
        "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
    qids = {str(s): _local(o) for s, o in store.query(
        "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }")}
    outlets = outlet_registry()
    from kg.rdf.namespaces import resource

    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        file_name = Path(gold["source"]).name
        pred = _predicted(store, file_name)
        if pred is None:
            ev.missing.append(file_name)
            continue
        ev.files += 1
        for gx in gold["exchanges"]:
            ev.exchanges += 1
            p = pred.get(gx["position"], _Predicted())
            diff = {"file": file_name, "position": gx["position"]}
            # outlet
            want = str(resource("outlet", outlets.resolve(gx["outlet"]).key)) if gx["outlet"] else None
            s = ev.scores["outlet"]
            s.total += 1
            s.exact += want == p.outlet
            s.tp += bool(want and want == p.outlet)
            s.fp += bool(p.outlet and want != p.outlet)
            s.fn += bool(want and want != p.outlet)
            if want != p.outlet:
                diff["outlet"] = {"gold": gx["outlet"], "predicted": p.outlet}
            # countries
            pc = {m["code"] for m in p.mentions.values() if "country" in m["kinds"] and m["code"]}
            _add_sets(ev.scores["countries"], set(gx["countries"]), pc, diff, "countries")
            # persons, organisations, initiatives
            for fname, kind in (("persons", "person"), ("organizations", "organization"),
                                ("initiatives", "initiative")):
                cands = [iri for iri, m in p.mentions.items() if kind in m["kinds"]
                         and not (kind == "person" and "Spokesperson" in m["kinds"])]
                tp, fp, fn, missed, extra = _match_names(
                    gx.get(fname, []), cands, kind, labels, qids, gx.get("person_qids", {}))
                for key in (fname, "organizations+initiatives") if kind != "person" else (fname,):
                    sc = ev.scores[key]
                    sc.tp, sc.fp, sc.fn = sc.tp + tp, sc.fp + fp, sc.fn + fn
                sc = ev.scores[fname]
                sc.total += 1
                sc.exact += not (missed or extra)
                if missed or extra:
                    diff[fname] = {"missed": missed, "extra": [labels.get(i, i) for i in extra]}
            # response type
            pr = set(p.responses)
            if len(pr) > 1:
                pr.discard("Substantive")
            _add_sets(ev.scores["response_type"], set(gx["response_type"]), pr, diff,
                      "response_type")
            # stances: countries by code; everything by matching names
            gs = {(x["target"], x["polarity"]) for x in gx.get("stance", [])}
            gcountry = {x for x in gs if len(x[0]) == 2 and x[0].isupper()}
            pcountry = {(code, pol) for _, pol, code in p.stances if code and len(code) == 2
                        and not code.startswith("Q")}
            _add_sets(ev.scores["stance_country"], gcountry, pcountry, diff, "stance_country")
            s = ev.scores["stance_all"]
            s.total += 1
            left = list(p.stances)
            missed = []
            for target, pol in gs:
                hit = next((x for x in left if x[1] == pol and (
                    x[2] == target or _names_match(target, x[0], labels)
                    or _entity_iri(target, "organization") == x[0]
                    or _entity_iri(target, "person") == x[0])), None)
                if hit:
                    left.remove(hit)
                else:
                    missed.append(target)
            s.tp += len(gs) - len(missed)
            s.fp += len(left)
            s.fn += len(missed)
            s.exact += not (missed or left)
            if len(diff) > 2:
                ev.errors.append(diff)
    return ev


def _add_sets(s: Score, gold: set, pred: set, diff: dict, name: str) -> None:
    s.total += 1
    s.tp += len(gold & pred)
    s.fp += len(pred - gold)
    s.fn += len(gold - pred)
    s.exact += gold == pred
    if gold != pred:
        diff[name] = {"missed": sorted(map(str, gold - pred)), "extra": sorted(map(str, pred - gold))}
