"""Score the graph against hand-annotated gold (``kg evaluate GOLD_DIR``).

A gold file (format: ``tests/data/gold/CONVENTIONS.md``) names its source file (and, for a
file of many records, the record: its URL or id) and lists, per exchange: the question's
first words, the outlet as printed, who answered, the countries (ISO alpha-2), persons
(canonical names, with QIDs where known), organisations, initiatives, response types,
topics, stances and, for a Chinese transcript, the position of its English counterpart.
The document must have been built into the store.

Gold exchanges are found among the built ones by their question's first words (eight
words, or twelve characters of Chinese: Chinese text is matched by its own characters),
nearest to the gold position: ``exchanges`` scores how many were found. Fields a gold file
does not give (``topics`` in an older file) are not scored for it.

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

__all__ = ["evaluate", "Score", "Evaluation", "FIELDS", "judge_facts", "calibration", "calibration_table", "JudgedFact",
           "NOT_FOR_TUNING"]

# gold folders (tests/data/gold) that nothing is trained or calibrated on: kept apart, or measure only
NOT_FOR_TUNING = ("apart", "zh-apart", "heldout2")

FIELDS = ("exchanges", "outlet", "answered_by", "countries", "persons", "organizations", "initiatives",
          "organizations+initiatives", "response_type", "topics", "stance_country", "stance_all",
          "alignment")


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


_DOCS = """
PREFIX dk: <https://w3id.org/diplokg/ontology#>
SELECT DISTINCT ?conf ?rec ?url WHERE {
  GRAPH ?g { ?src dk:fileName %(file)s . ?conf prov:wasDerivedFrom ?src . }
  OPTIONAL { ?conf dk:sourceRecord ?rec } OPTIONAL { ?conf dk:sourceURL ?url }
}
"""

_QUERY = """
PREFIX dk: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?pos ?what ?a ?b ?c WHERE {
  GRAPH ?g { %(conf)s dk:hasExchange ?ex . ?ex dk:position ?pos . }
  {
    GRAPH ?g { ?ex dk:question/dk:askedBy ?a . }
    BIND("outlet" AS ?what)
  } UNION {
    GRAPH ?g { ?ex dk:question/dk:text ?a . }
    BIND("question" AS ?what)
  } UNION {
    GRAPH ?g { ?ex dk:answer/dk:answeredBy ?a . }
    ?a rdfs:label ?b .
    BIND("answered_by" AS ?what)
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
  } UNION {
    GRAPH ?g { ?ex dk:about ?a . }
    BIND("topic" AS ?what)
  } UNION {
    ?ex dk:correspondsTo ?other .
    GRAPH ?g2 { ?oc dk:hasExchange ?other . ?other dk:position ?b . ?oc prov:wasDerivedFrom ?os .
                ?os dk:fileName ?a . }
    BIND("twin" AS ?what)
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
    question: str = ""
    answered_by: set[str] = field(default_factory=set)          # labels
    mentions: dict[str, dict] = field(default_factory=dict)   # iri -> {kinds, code, labels}
    responses: set[str] = field(default_factory=set)
    stances: set[tuple[str, str, str | None]] = field(default_factory=set)  # (iri, polarity, code)
    topics: set[str] = field(default_factory=set)
    twins: set[tuple[str, int]] = field(default_factory=set)   # (file name, position) of dk:correspondsTo


def _documents(store: KGStore, file_name: str) -> list[tuple[str, str | None, str | None]]:
    from rdflib import Literal

    q = "PREFIX prov: <http://www.w3.org/ns/prov#>\n" + _DOCS % {"file": Literal(file_name).n3()}
    return [(str(c), None if r is None else str(r), None if u is None else str(u))
            for c, r, u in store.query(q)]


def _predicted(store: KGStore, file_name: str, record: str | None = None) -> dict[int, _Predicted] | None:
    """The exchanges diplokg built for one gold document, by position; None when not built."""
    docs = _documents(store, file_name)
    if record is not None:
        docs = [d for d in docs if record in (d[1], d[2])]
    if len(docs) != 1:
        return None
    from rdflib import URIRef

    q = "PREFIX prov: <http://www.w3.org/ns/prov#>\n" + _QUERY % {"conf": URIRef(docs[0][0]).n3()}
    out: dict[int, _Predicted] = {}
    for pos, what, a, b, c in store.query(q):
        p = out.setdefault(int(pos), _Predicted())
        kind = what.value
        if kind == "outlet":
            p.outlet = str(a)
        elif kind == "question":
            p.question = str(a)
        elif kind == "answered_by":
            p.answered_by.add(str(b))
        elif kind == "mention":
            m = p.mentions.setdefault(str(a), {"kinds": set(), "code": None})
            m["kinds"].add(_KIND.get(_local(b), _local(b)))
            if c is not None:
                m["code"] = _local(c)
        elif kind == "response":
            p.responses.add(_local(a))
        elif kind == "stance":
            p.stances.add((str(a), _local(b).lower(), _local(c) if c is not None else None))
        elif kind == "topic":
            p.topics.add(_local(a))
        elif kind == "twin":
            p.twins.add((str(a), int(b)))
    return out


def _first_words(text: str, language: str) -> str:
    """What a gold file's ``question_first_words`` holds: 8 words, or 12 characters of Chinese.

    >>> _first_words("It is   reported that the US said so today and more", "en")
    'It is reported that the US said so'
    >>> _first_words("据报道，日本东京地方检察厅完成对持刀", "zh")
    '据报道，日本东京地方检察'
    """
    flat = " ".join(text.split())
    if language == "zh":
        return flat.replace(" ", "")[:12]
    return " ".join(flat.split()[:8])


def _same_start(gold: str, text: str, language: str) -> bool:
    want, got = _first_words(gold, language), _first_words(text, language)
    return bool(want) and (got == want or got.startswith(want) or want.startswith(got) and len(got) > 3)


def _align(gold_exchanges: list[dict], pred: dict[int, _Predicted], language: str) -> dict[int, int | None]:
    """Gold position -> predicted position: the predicted exchange whose question starts with
    the gold first words, nearest to the gold position; else the same position when its
    question does not belong to another gold exchange; else none (the exchange was not found)."""
    taken: set[int] = set()
    out: dict[int, int | None] = {}
    for gx in gold_exchanges:
        words = gx.get("question_first_words") or ""
        hits = [k for k, p in pred.items() if k not in taken and _same_start(words, p.question, language)]
        if hits:
            best = min(hits, key=lambda k: abs(k - gx["position"]))
            out[gx["position"]] = best
            taken.add(best)
        else:
            out[gx["position"]] = None
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


def _gold_outlet(printed: str | None, outlets) -> str | None:
    """The outlet IRI a gold label means: "Reuters", "路透社记者", "Dawn Tan (CNA)" (the outlet in brackets)."""
    from kg.rdf.namespaces import resource

    if not printed:
        return None
    known = outlets.lookup(printed)
    if known is None and "(" in printed:
        inner = printed[printed.rfind("(") + 1:].rstrip(") ")
        known = outlets.lookup(inner)
    if known is None and printed.endswith("记者"):
        known = outlets.lookup(printed[:-2])
    return str(resource("outlet", (known or outlets.resolve(printed)).key))


def evaluate(gold_dir: str | Path, store: KGStore) -> Evaluation:
    """Score every gold file of ``gold_dir`` against what the store holds for its document."""
    ev = Evaluation()
    labels = {str(s): str(o) for s, o in store.query(
        "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
    qids = {str(s): _local(o) for s, o in store.query(
        "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }")}
    outlets = outlet_registry()

    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        file_name = Path(gold["source"]).name
        record = gold.get("record")
        language = gold.get("language", "en")
        pred = _predicted(store, file_name, record)
        if pred is None:
            ev.missing.append(file_name + (f" [{record}]" if record else ""))
            continue
        ev.files += 1
        where = _align(gold["exchanges"], pred, language)
        found = ev.scores["exchanges"]
        matched = {k for k in where.values() if k is not None}
        found.fp += len(set(pred) - matched)
        english = Path(gold["english_source"]).name if gold.get("english_source") else None
        for gx in gold["exchanges"]:
            ev.exchanges += 1
            at = where[gx["position"]]
            diff = {"file": file_name, "position": gx["position"]}
            if record:
                diff["record"] = record
            found.total += 1
            if at is None:
                found.fn += 1
                diff["exchange"] = {"missed": gx.get("question_first_words")}
            else:
                found.tp += 1
                found.exact += 1
            p = pred.get(at, _Predicted()) if at is not None else _Predicted()
            # outlet
            want = _gold_outlet(gx.get("outlet"), outlets)
            s = ev.scores["outlet"]
            s.total += 1
            s.exact += want == p.outlet
            s.tp += bool(want and want == p.outlet)
            s.fp += bool(p.outlet and want != p.outlet)
            s.fn += bool(want and want != p.outlet)
            if want != p.outlet:
                diff["outlet"] = {"gold": gx.get("outlet"), "predicted": p.outlet}
            # who answered (names: folded, a gold name matches a label holding all its words)
            if "answered_by" in gx:
                gold_by = list(gx.get("answered_by") or [])
                left = list(p.answered_by)
                missed = []
                for name in gold_by:
                    hit = next((x for x in left if _person_names_match(name, x)), None)
                    if hit:
                        left.remove(hit)
                    else:
                        missed.append(name)
                s = ev.scores["answered_by"]
                s.total += 1
                s.tp += len(gold_by) - len(missed)
                s.fp += len(left)
                s.fn += len(missed)
                s.exact += not (missed or left)
                if missed or left:
                    diff["answered_by"] = {"missed": missed, "extra": left}
            # countries
            pc = {m["code"] for m in p.mentions.values() if "country" in m["kinds"] and m["code"]}
            _add_sets(ev.scores["countries"], set(gx.get("countries", [])), pc, diff, "countries")
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
            # response type (an exchange no official answered has none in the gold)
            gold_types = set(gx.get("response_type") or [])
            if gold_types or p.responses:
                pr = set(p.responses)
                if len(pr) > 1:
                    pr.discard("Substantive")
                _add_sets(ev.scores["response_type"], gold_types, pr, diff, "response_type")
            # topics
            if "topics" in gx:
                _add_sets(ev.scores["topics"], set(gx["topics"]), set(p.topics), diff, "topics")
            # stances: countries by code; everything by matching names
            gs = {(x["target"], x["polarity"]) for x in gx.get("stance", [])}
            gcountry = {x for x in gs if len(x[0]) == 2 and x[0].isupper()}
            pcountry = {(code, pol) for _, pol, code in p.stances if code and len(code) == 2
                        and code.isalpha()}   # an ISO code, not a QID (QA is Qatar)
            _add_sets(ev.scores["stance_country"], gcountry, pcountry, diff, "stance_country")
            s = ev.scores["stance_all"]
            s.total += 1
            # matched in a fixed order, exact identifiers before names, so that the score does
            # not depend on set order (PYTHONHASHSEED moved heldout2's figure by 0.04)
            left = sorted(p.stances, key=lambda x: tuple(str(v) for v in x))
            missed = []
            for target, pol in sorted(gs):
                same = [x for x in left if x[1] == pol]
                hit = next((x for x in same if x[2] == target
                            or _entity_iri(target, "organization") == x[0]
                            or _entity_iri(target, "person") == x[0]), None) or next(
                    (x for x in same if _names_match(target, x[0], labels)), None)
                if hit:
                    left.remove(hit)
                else:
                    missed.append(target)
            s.tp += len(gs) - len(missed)
            s.fp += len(left)
            s.fn += len(missed)
            s.exact += not (missed or left)
            # the exchange's counterpart in the other-language version (dk:correspondsTo)
            if english is not None and "english_counterpart" in gx:
                want_twin = {(english, gx["english_counterpart"])} if gx["english_counterpart"] else set()
                got_twin = {t for t in p.twins if t[0] == english}
                _add_sets(ev.scores["alignment"], want_twin, got_twin, diff, "alignment")
            if len(diff) > (3 if record else 2):
                ev.errors.append(diff)
    return ev


def _person_names_match(gold: str, label: str) -> bool:
    """ "Karine Jean-Pierre" matches "Karine Jean-Pierre"; "Senior Administration Official"
    matches that official's per-document label."""
    g, p = fold(gold).lower(), fold(label).lower()
    return g == p or p.startswith(g) or set(g.replace("-", " ").split()) <= set(p.replace("-", " ").split())


def _add_sets(s: Score, gold: set, pred: set, diff: dict, name: str) -> None:
    s.total += 1
    s.tp += len(gold & pred)
    s.fp += len(pred - gold)
    s.fn += len(gold - pred)
    s.exact += gold == pred
    if gold != pred:
        diff[name] = {"missed": sorted(map(str, gold - pred)), "extra": sorted(map(str, pred - gold))}


# -- calibration of dk:confidence ---------------------------------------------------------

_FACTS = {
    "mention": """SELECT ?pos ?a ?key ?conf WHERE { GRAPH %(g)s { %(conf)s dk:hasExchange ?ex .
        ?ex dk:position ?pos ; dk:turn ?t . ?t dk:hasMention ?m . ?m dk:refersTo ?a ; dk:method ?key .
        OPTIONAL { ?m dk:confidence ?conf } } }""",
    "stance": """SELECT ?pos ?a ?b ?key ?conf WHERE { GRAPH %(g)s { %(conf)s dk:hasExchange ?ex .
        ?ex dk:position ?pos ; dk:answer ?t . ?t dk:expressesStance ?s . ?s dk:target ?a ; dk:polarity ?b .
        OPTIONAL { ?s dk:extractedBy ?key } OPTIONAL { ?s dk:confidence ?conf } } }""",
    "response": """SELECT ?pos ?a ?key ?conf WHERE { GRAPH %(g)s { %(conf)s dk:hasExchange ?ex .
        ?ex dk:position ?pos ; dk:answer ?t . ?t dk:hasResponseTypeAssignment ?r .
        ?r dk:assignedResponseType ?a . OPTIONAL { ?r dk:extractedBy ?key } OPTIONAL { ?r dk:confidence ?conf } } }""",
    "topic": """SELECT ?pos ?a ?key ?conf WHERE { GRAPH %(g)s { %(conf)s dk:hasExchange ?ex .
        ?ex dk:position ?pos ; dk:hasTopicAssignment ?r . ?r dk:assignedTopic ?a .
        OPTIONAL { ?r dk:extractedBy ?key } OPTIONAL { ?r dk:confidence ?conf } } }""",
}
_ENTITIES = """SELECT ?e ?type ?code WHERE { ?e a ?type .
  VALUES ?type { dk:Country dk:Person dk:Organization dk:Initiative dk:Place dk:Spokesperson dk:MediaOutlet }
  OPTIONAL { ?e dk:isoCode ?code } }"""
_PFX = "PREFIX dk: <https://w3id.org/diplokg/ontology#>\n"

CALIBRATION_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 1.0001)


@dataclass
class JudgedFact:
    fact: str            # mention | stance | response | topic
    key: str             # calibration key (kg.nlp.en.confidence)
    confidence: float | None
    correct: bool
    file: str
    exchange: int


def judge_facts(gold_dir: str | Path, store: KGStore) -> list[JudgedFact]:
    """Every extracted fact of the gold exchanges, with whether the gold confirms it.

    A mention is right when its entity is among the exchange's gold entities of its kind
    (places, which the gold does not list, are left out); a stance when the gold has the
    same (target, polarity) for the exchange; a response type or topic when the gold lists it.
    """
    from rdflib import URIRef

    labels = {str(s): str(o) for s, o in store.query(
        "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")}
    qids = {str(s): _local(o) for s, o in store.query(
        "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }")}
    out: list[JudgedFact] = []
    kinds: dict[str, set[str]] = {}
    codes: dict[str, str] = {}
    for e, t, code in store.query(_PFX + _ENTITIES):
        kinds.setdefault(str(e), set()).add(_local(t))
        if code is not None:
            codes[str(e)] = str(code)
    from kg.rdf.mapping import source_key
    from kg.rdf.namespaces import graph_iri

    for path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        file_name = Path(gold["source"]).name
        pred = _predicted(store, file_name, gold.get("record"))
        docs = _documents(store, file_name)
        if pred is None or len(docs) != 1:
            continue
        where = _align(gold["exchanges"], pred, gold.get("language", "en"))
        at_gold = {at: gx for gx in gold["exchanges"] if (at := where[gx["position"]]) is not None}
        args = {"conf": URIRef(docs[0][0]).n3(), "g": graph_iri(source_key(file_name)).n3()}
        for what, query in _FACTS.items():
            for row in store.query(_PFX + query % args):
                pos, a = int(row[0]), str(row[1])
                gx = at_gold.get(pos)
                if gx is None:
                    continue
                key, conf = row[-2], row[-1]
                conf_v = float(conf) if conf is not None else None
                if what == "mention":
                    ks = kinds.get(a, set())
                    if ks & {"Spokesperson", "MediaOutlet", "Place"} or not ks:
                        continue
                    kind = _KIND[sorted(ks)[0]]
                    if kind == "country":
                        ok = codes.get(a) in set(gx.get("countries", []))
                    else:
                        names = gx.get("persons", []) if kind == "person" else \
                            gx.get("organizations", []) + gx.get("initiatives", [])
                        ok = any(_entity_iri(n, kind) == a or _names_match(n, a, labels)
                                 or gx.get("person_qids", {}).get(n) and qids.get(a) == gx["person_qids"][n]
                                 for n in names)
                    out.append(JudgedFact("mention", f"mention:{kind}:{key}", conf_v, ok, file_name, pos))
                elif what == "stance":
                    pol = _local(row[2]).lower()
                    code = codes.get(a)
                    ok = any(x["polarity"] == pol and (x["target"] == code or _names_match(x["target"], a, labels)
                                                       or _entity_iri(x["target"], "organization") == a
                                                       or _entity_iri(x["target"], "person") == a)
                             for x in gx.get("stance", []))
                    out.append(JudgedFact("stance", str(key or "stance"), conf_v, ok, file_name, pos))
                elif what == "response":
                    t = _local(a)
                    if not gx.get("response_type"):
                        continue
                    out.append(JudgedFact("response", f"response:{key or t}", conf_v,
                                          t in gx["response_type"], file_name, pos))
                elif "topics" in gx:
                    out.append(JudgedFact("topic", str(key or "topic"), conf_v, _local(a) in gx["topics"],
                                          file_name, pos))
    return out


def calibration(facts: list[JudgedFact]) -> dict:
    """Per fact type and confidence bin: how many facts and the share right; and the check
    the project promises: of the facts with confidence >= 0.9, the share right."""
    out: dict = {}
    for kind in ("mention", "stance", "response", "topic", "all"):
        rows = [f for f in facts if (kind == "all" or f.fact == kind) and f.confidence is not None]
        bins = []
        for lo, hi in zip(CALIBRATION_BINS, CALIBRATION_BINS[1:]):
            inside = [f for f in rows if lo <= f.confidence < hi]
            bins.append({"from": lo, "to": min(hi, 1.0), "facts": len(inside),
                         "right": sum(f.correct for f in inside),
                         "share_right": round(sum(f.correct for f in inside) / len(inside), 3) if inside else None,
                         "mean_confidence": round(sum(f.confidence for f in inside) / len(inside), 3)
                         if inside else None})
        high = [f for f in rows if f.confidence >= 0.9]
        out[kind] = {"facts": len(rows), "bins": bins, "high": len(high),
                     "high_share_right": round(sum(f.correct for f in high) / len(high), 3) if high else None,
                     "without_confidence": sum(1 for f in facts if (kind == "all" or f.fact == kind)
                                               and f.confidence is None)}
    return out


def calibration_table(cal: dict) -> str:
    lines = ["calibration of dk:confidence (facts of the gold exchanges; right = confirmed by the gold)",
             f"{'fact':10} {'confidence':>12} {'facts':>6} {'right':>6} {'share':>6} {'mean conf':>9}"]
    for kind, c in cal.items():
        for b in c["bins"]:
            if not b["facts"]:
                continue
            lines.append(f"{kind:10} {b['from']:5.2f}-{b['to']:<6.2f} {b['facts']:6} {b['right']:6} "
                         f"{b['share_right']:6.3f} {b['mean_confidence']:9.3f}")
        if c["high"]:
            lines.append(f"{kind:10} >= 0.90: {c['high']} facts, {c['high_share_right']:.1%} right"
                         + (f"; {c['without_confidence']} without confidence" if c["without_confidence"] else ""))
    return "\n".join(lines)
