"""The explorer's JSON API (``/api/explorer/...``): what the pages of the web explorer show.

Every answer comes from the store through the server's worker pool (SPARQL in
:mod:`kg.server.explorer_queries`), so the time limit and the read-only store of ``/sparql``
hold here too. Names (labels, kinds, aliases) come from one :class:`~kg.rdf.names.NameIndex`
read once per server. The store does not change while the server runs, so answers are kept
in a small cache.

Every count the API gives can be traced: ``/utterances`` and ``/exchanges`` take the same
filters as the charts and list what was counted.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import threading
import time
from collections import OrderedDict, defaultdict

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from kg.rdf.names import ALL_KINDS, NameIndex, NameNotFound, name_rows
from kg.server.explorer_queries import (P, ROLE, BadRequest, Filters, polarity_term, ref,
                                        response_clause, role_filter, short_id, to_iri, values)
from kg.server.protocol import ProtocolError

__all__ = ["router"]

router = APIRouter(prefix="/api/explorer")

NOT_NAMED = "(not named)"
NO_TOPIC = "(no topic)"
DK = "https://w3id.org/diplokg/ontology#"
CACHE_SIZE = 512
LOG = bool(os.environ.get("DIPLOKG_EXPLORER_LOG"))   # each query's time on stderr
MAX_LIST = 5000


class Explorer:
    """Per-server state: the worker pool, the name index, the counts' index, the networks'
    facts and a cache of answers, all for one generation of the store: when the pool moves
    to a newer snapshot (a build finished while serving), they are read again."""

    def __init__(self, pool, max_bytes: int):
        self.pool, self.max_bytes = pool, max_bytes
        self.generation: str | None = None
        self._names: NameIndex | None = None
        self._facts = None
        self._index = None
        self._lock = threading.Lock()
        self._facts_lock = threading.Lock()
        self._index_lock = threading.Lock()
        self.cache: OrderedDict[str, bytes] = OrderedDict()

    def rows(self, sparql: str) -> list[dict[str, str]]:
        return self.rows_with_head(sparql)[1]

    def rows_with_head(self, sparql: str) -> tuple[list[str], list[dict[str, str]]]:
        started = time.perf_counter()
        answer = self.pool.run("query", {"query": sparql, "accept": "application/sparql-results+json",
                                         "fmt": None, "default_graphs": [], "named_graphs": [],
                                         "max_bytes": self.max_bytes})
        self._check_generation(getattr(answer, "generation", None))
        body = b"".join(answer.parts) if hasattr(answer, "parts") else answer.body
        data = json.loads(body)
        if LOG:
            print(f"explorer: {1000 * (time.perf_counter() - started):6.0f} ms "
                  f"{' '.join(sparql[len(P):].split())[:160]}", file=sys.stderr, flush=True)
        return data["head"]["vars"], [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]

    def _check_generation(self, generation: str | None) -> None:
        if generation is None or generation == self.generation:
            return
        if self.generation is not None:       # the store changed under us: forget what was read
            self._names = self._index = self._facts = None
            self.cache.clear()
        self.generation = generation

    async def many(self, *queries: str) -> list[list[dict[str, str]]]:
        return list(await asyncio.gather(*(run_in_threadpool(self.rows, q) for q in queries)))

    def names(self) -> NameIndex:
        with self._lock:
            if self._names is None:
                self._names = NameIndex.from_rows(name_rows(self.rows))
            return self._names

    def facts(self):
        """The facts behind the relationship views, read once (see :mod:`kg.server.explorer_views`)."""
        from kg.server.explorer_views import facts_through

        with self._facts_lock:
            if self._facts is None:
                self._facts = facts_through(self.rows_with_head)
            return self._facts

    def index(self):
        """The counts' index (:mod:`kg.server.explorer_index`), read once."""
        from kg.server.explorer_index import load_index

        with self._index_lock:
            if self._index is None:
                self._index = load_index(self.rows)
            return self._index

    async def aindex(self):
        return self._index if self._index is not None else await run_in_threadpool(self.index)

    def warm(self) -> None:
        try:
            self.names()
            self.index()
            from kg.server.explorer_views import warm_views

            warm_views(self.facts())      # each view's network page as first shown
        except Exception:     # a failure here shows again, with its message, on the request that needs it
            pass

    async def anames(self) -> NameIndex:
        return self._names if self._names is not None else await run_in_threadpool(self.names)


def _explorer(request: Request) -> Explorer:
    app = request.app
    ex = getattr(app.state, "explorer", None)
    if ex is None:
        # the index queries read whole columns of the store: at least 64 MB, whatever --max-result-mb
        settings = getattr(app.state, "settings", None)
        ex = app.state.explorer = Explorer(app.state.pool, max(getattr(settings, "max_result_bytes", 0), 64 << 20))
        # read the names, then the networks' facts, while the first pages are being looked at
        threading.Thread(target=ex.warm, daemon=True, name="explorer-warm-up").start()
    return ex


def _json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


async def _answer(request: Request, compute) -> Response:
    """Run ``compute(explorer, names, params)`` once per distinct request; errors as JSON."""
    ex = _explorer(request)
    key = request.url.path + "?" + "&".join(sorted(f"{k}={v}" for k, v in request.query_params.multi_items()))
    body = ex.cache.get(key)
    if body is None:
        try:
            names = await ex.anames()
            body = _json(await compute(ex, names, request.query_params))
        except (BadRequest, NameNotFound) as exc:
            extra = {"closest": [_item(s) for s in exc.suggestions]} if isinstance(exc, NameNotFound) else {}
            return JSONResponse({"error": str(exc), **extra}, status_code=404 if extra else 400)
        except ProtocolError as exc:
            return JSONResponse({"error": exc.message}, status_code=exc.status)
        ex.cache[key] = body
        while len(ex.cache) > CACHE_SIZE:
            ex.cache.popitem(last=False)
    else:
        ex.cache.move_to_end(key)
    return Response(body, media_type="application/json")


def _item(named) -> dict:
    d = named.as_dict()
    d["id"] = short_id(named.iri)
    del d["iri"]
    return d


def _ref(names: NameIndex, iri: str | None, fallback: str = NOT_NAMED) -> dict:
    """{id, label, kind} of an IRI the store gave (``fallback`` as label when there is none)."""
    if not iri:
        return {"id": None, "label": fallback, "kind": None}
    n = names.get(iri)
    return {"id": short_id(iri), "label": n.label if n else iri.rsplit("/", 1)[-1],
            "kind": n.kind if n else None}


def _conf(row: dict) -> float | None:
    """The row's ``conf`` (dk:confidence), rounded to two places; None when there is none."""
    return round(float(row["conf"]), 2) if row.get("conf") else None


def _int(row: dict, key: str) -> int:
    return int(float(row.get(key) or 0))


def _thing(names: NameIndex, ident: str | None, kinds: tuple[str, ...], what: str = "id"):
    if not ident:
        raise BadRequest(f"{what}: missing")
    iri = to_iri(ident, what)
    n = names.get(iri)
    if n is None or n.kind not in kinds:
        raise BadRequest(f"{what}: {ident!r} is not a {' or '.join(kinds)} in this store")
    return iri, n


# -- search ---------------------------------------------------------------------------------
def _kinds(q) -> tuple[str, ...] | None:
    raw = [k for k in (q.get("kind") or "").split(",") if k]
    if not raw:
        return None
    for k in raw:
        if k not in ALL_KINDS and k != "entity":
            raise BadRequest(f"kind: one of entity, {', '.join(ALL_KINDS)}, not {k!r}")
    return tuple(raw)


@router.get("/suggest")
async def suggest(request: Request) -> Response:
    """Things whose names begin like ``q`` (any label or alias), best first."""
    async def compute(ex, names, q):
        limit = min(max(int(q.get("limit") or 12), 1), 50) if (q.get("limit") or "12").isdigit() else 12
        return [{**_item(r.item), "matched": r.name, "how": r.how}
                for r in names.suggest(q.get("q") or "", _kinds(q), limit=limit)]
    return await _answer(request, compute)


@router.get("/resolve")
async def resolve(request: Request) -> Response:
    """The thing ``q`` names, or 404 with the closest names."""
    async def compute(ex, names, q):
        r = names.resolve(q.get("q") or "", _kinds(q))
        return {**_item(r.item), "matched": r.name, "how": r.how, "note": r.note(),
                "others": [_item(o) for o in r.others]}
    return await _answer(request, compute)


# -- home -----------------------------------------------------------------------------------
@router.get("/summary")
async def summary(request: Request) -> Response:
    async def compute(ex, names, q):
        confs, exchanges, named, govs = await ex.many(
            P + """SELECT (COUNT(DISTINCT ?c) AS ?conferences) (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {
  ?c a dk:PressConference . OPTIONAL { ?c dk:date ?d } }""",
            P + "SELECT (COUNT(DISTINCT ?x) AS ?exchanges) WHERE { ?x a dk:Exchange }",
            P + "SELECT (COUNT(DISTINCT ?x) AS ?named) WHERE { ?x dk:exchangeOutlet ?o }",
            P + """SELECT ?g ?lang (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?c a dk:PressConference . OPTIONAL { ?c dk:government ?g } OPTIONAL { ?c dct:language ?lang } }
  GROUP BY ?g ?lang""")
        c = {**confs[0], **exchanges[0], **named[0]}
        top = {k: [_item(i) for i in names.list((k,))[:12]]
               for k in ("country", "organization", "person", "initiative", "place", "outlet",
                         "spokesperson", "topic")}
        return {"conferences": _int(c, "conferences"), "exchanges": _int(c, "exchanges"),
                "exchanges_with_outlet": _int(c, "named"), "first": c.get("first"), "last": c.get("last"),
                "governments": [{**_ref(names, r.get("g"), "(unknown)"), "language": r.get("lang"),
                                 "conferences": _int(r, "n")} for r in govs],
                "top": top}
    return await _answer(request, compute)


@router.get("/item")
async def item(request: Request) -> Response:
    """What a thing is: label, kind, identifiers and every name it goes by."""
    async def compute(ex, names, q):
        iri, n = _thing(names, q.get("id"), ALL_KINDS)
        return _item(n)
    return await _answer(request, compute)


# -- entity ---------------------------------------------------------------------------------
def _count(rows) -> list[tuple]:
    c: dict = defaultdict(int)
    for key in rows:
        c[key] += 1
    return list(c.items())


def _ranked_counts(names, counter: dict, fallback=NOT_NAMED, limit: int | None = None) -> list[dict]:
    out = [{**_ref(names, k, fallback), "n": n} for k, n in counter.items()]
    out.sort(key=lambda r: (-r["n"], r["label"]))
    return out[:limit] if limit else out


ENTITY_KINDS = ("country", "organization", "person", "initiative", "place")


@router.get("/entity")
async def entity(request: Request) -> Response:
    """An entity: mentions per month by who spoke, stances toward it per month, the outlets
    whose questions name it ("(not named)" counted), what it is mentioned with, and topics."""
    async def compute(ex, names, q):
        iri, n = _thing(names, q.get("id"), ENTITY_KINDS)
        f = Filters.from_params(q)
        idx = await ex.aindex()
        utts = [u for u in idx.by_entity.get(iri, ()) if idx.keeps_utterance(f, u)]
        mentions = _count((u.month, u.role, u.speaker or "", idx.government.get(u.conference, "")) for u in utts)
        stances = _count((s.utterance.month, s.polarity, s.utterance.speaker or "")
                         for s in idx.stances.get(iri, ())
                         if idx.keeps_utterance(f, s.utterance) and idx.keeps_stance(f, s))
        all_stances = [s for s in idx.stances.get(iri, ()) if idx.keeps_utterance(f, s.utterance)]
        sure = [s.confidence for s in all_stances if s.confidence is not None]
        xs = idx.exchanges_where(f, entity=iri)
        askers: dict = defaultdict(int)
        comention: dict = defaultdict(int)
        topics: dict = defaultdict(int)
        for x in xs:
            if iri in x.asked:
                askers[x.outlet] += 1
            for e in x.entities:
                if e != iri:
                    comention[e] += 1
            for t in x.topics or (None,):
                topics[t] += 1
        return {
            "item": _item(n), "filters": f.as_dict(),
            "mentions": [{"month": m, "role": role, "speaker": _ref(names, sp or None, ""),
                          "government": _ref(names, gov or None, ""), "n": k} for (m, role, sp, gov), k in mentions],
            "stances": [{"month": m, "polarity": pol, "speaker": _ref(names, sp or None, ""), "n": k}
                        for (m, pol, sp), k in stances],
            "stance_confidence": {"stances": len(all_stances), "with_confidence": len(sure),
                                  "min": min(sure, default=None), "max": max(sure, default=None),
                                  "left_out": len(all_stances) - sum(n for *_, n in stances)},
            "askers": _ranked_counts(names, askers, NOT_NAMED),
            "comention": _ranked_counts(names, comention, limit=40),
            "topics": _ranked_counts(names, topics, NO_TOPIC),
        }
    return await _answer(request, compute)


# -- outlet, topic, spokesperson --------------------------------------------------------------
@router.get("/outlet")
async def outlet(request: Request) -> Response:
    async def compute(ex, names, q):
        iri, n = _thing(names, q.get("id"), ("outlet",))
        f = Filters.from_params(q)
        f.outlet = short_id(iri)
        return _exchange_page(await ex.aindex(), names, n, f, group_by=("topic", "entity", "spokesperson"))
    return await _answer(request, compute)


@router.get("/topic")
async def topic(request: Request) -> Response:
    async def compute(ex, names, q):
        iri, n = _thing(names, q.get("id"), ("topic",))
        f = Filters.from_params(q)
        f.topic = short_id(iri)
        return _exchange_page(await ex.aindex(), names, n, f, group_by=("outlet", "entity", "spokesperson"))
    return await _answer(request, compute)


@router.get("/spokesperson")
async def spokesperson(request: Request) -> Response:
    async def compute(ex, names, q):
        iri, n = _thing(names, q.get("id"), ("spokesperson",))
        f = Filters.from_params(q)
        f.spokesperson = short_id(iri)
        idx = await ex.aindex()
        page = _exchange_page(idx, names, n, f, group_by=("topic", "outlet"))
        said = [u for u in idx.by_speaker.get(iri, ()) if idx.keeps_conference(f, u.conference, u.date)]
        by_target: dict[str, dict] = {}
        refs: dict = defaultdict(int)
        ids = {u.iri for u in said}
        for target, stances in idx.stances.items():
            for st in stances:
                if st.utterance.iri in ids and idx.keeps_stance(f, st):
                    t = by_target.setdefault(target, {**_ref(names, target), "positive": 0, "negative": 0})
                    t[st.polarity] += 1
        for u in said:
            for e in u.entities:
                refs[e] += 1
        [conferences] = await ex.many(P + f"""SELECT ?c ?d ?title WHERE {{
  ?c dk:spokesperson <{iri}> . OPTIONAL {{ ?c dk:date ?d }} OPTIONAL {{ ?c dct:title ?title }} }}""")
        per_conf = _count(x.conference for x in idx.exchanges.values() if x.spokesperson == iri)
        per_conf = dict(per_conf)
        page["stances"] = sorted(by_target.values(), key=lambda t: (-(t["positive"] + t["negative"]), t["label"]))[:40]
        page["references"] = _ranked_counts(names, refs, limit=40)
        page["conferences"] = sorted(({"id": short_id(r["c"]), "date": r.get("d"), "title": r.get("title"),
                                       "exchanges": per_conf.get(r["c"], 0)} for r in conferences
                                      if idx.keeps_conference(f, r["c"], r.get("d"))),
                                     key=lambda c: (c["date"] or "", c["id"]))
        return page
    return await _answer(request, compute)


def _exchange_page(idx, names, n, f: Filters, group_by) -> dict:
    """Exchanges per month (by spokesperson), their answers' response types, and counts by
    each of ``group_by`` (topic, outlet, spokesperson, or the entities the questions name)."""
    xs = idx.exchanges_where(f)
    monthly: dict = defaultdict(lambda: [0, 0])
    responses: dict = defaultdict(int)
    groups = {g: defaultdict(int) for g in group_by}
    for x in xs:
        m = monthly[(x.month, x.spokesperson)]
        m[0] += 1
        m[1] += x.deflected
        for r in x.responses:
            responses[(x.spokesperson, r)] += 1
        for g, counter in groups.items():
            keys = {"topic": x.topics or {None}, "outlet": {x.outlet}, "spokesperson": {x.spokesperson},
                    "entity": x.asked}[g]
            for k in keys:
                counter[k] += 1
    fallback = {"topic": NO_TOPIC, "outlet": NOT_NAMED, "spokesperson": "(no answer)", "entity": NOT_NAMED}
    out = {"item": _item(n), "filters": f.as_dict(),
           "monthly": [{"month": month, "speaker": _ref(names, sp, "(no answer)"), "n": v[0], "deflected": v[1]}
                       for (month, sp), v in monthly.items() if month],
           "responses": [{"speaker": _ref(names, sp, ""), "type": r, "n": k} for (sp, r), k in responses.items()]}
    for g, counter in groups.items():
        out[g + "s"] = _ranked_counts(names, counter, fallback[g], limit=40 if g == "entity" else None)
    return out


# -- deflection overview ----------------------------------------------------------------------
@router.get("/deflection")
async def deflection(request: Request) -> Response:
    """Per spokesperson and topic: exchanges answered, and how many answers deflected (referral,
    no information, no comment; an answer can be more than one)."""
    async def compute(ex, names, q):
        f = Filters.from_params(q)
        idx = await ex.aindex()
        cells: dict = defaultdict(lambda: {"asked": 0, "deflected": 0, "Referral": 0, "NoInformation": 0, "NoComment": 0})
        for x in idx.exchanges_where(f):
            if not x.spokesperson or not x.responses:
                continue
            for t in x.topics or {None}:
                c = cells[(x.spokesperson, t)]
                c["asked"] += 1
                c["deflected"] += x.deflected
                for r in ("Referral", "NoInformation", "NoComment"):
                    c[r] += r in x.responses
        return {"filters": f.as_dict(), "rows": [
            {"spokesperson": _ref(names, sp), "topic": _ref(names, t, NO_TOPIC), **c}
            for (sp, t), c in cells.items()]}
    return await _answer(request, compute)


# -- series for the compare page --------------------------------------------------------------
@router.get("/series")
async def series(request: Request) -> Response:
    """Month by month for one thing: exchanges (mentioning it, asked by it, about it, answered
    by it, or held by a government: ``government/CN``), deflected answers, stances toward it."""
    async def compute(ex, names, q):
        ident = q.get("id") or ""
        f = Filters.from_params(q)
        idx = await ex.aindex()
        stance_of = None
        if ident.startswith("government/"):
            iri, n = _thing(names, "country/" + ident[len("government/"):], ("country",))
            head = {**_item(n), "id": ident, "kind": "government", "label": f"{n.label} (government)"}
            xs = [x for x in idx.exchanges_where(f) if idx.government.get(x.conference) == iri]
        else:
            iri, n = _thing(names, ident, ALL_KINDS)
            head = _item(n)
            if n.kind in ("outlet", "topic", "spokesperson"):
                g = Filters(**{**f.__dict__, n.kind: short_id(iri)})
                xs = idx.exchanges_where(g)
            else:
                xs = idx.exchanges_where(f, entity=iri)
                stance_of = iri
        months: dict[str, dict] = defaultdict(lambda: {"exchanges": 0, "deflected": 0, "positive": 0, "negative": 0})
        for x in xs:
            if x.month:
                months[x.month]["exchanges"] += 1
                months[x.month]["deflected"] += x.deflected
        stances_are = None
        if stance_of:
            stances_are = "toward"
            for st in idx.stances.get(stance_of, ()):
                if st.utterance.month and idx.keeps_utterance(f, st.utterance) and idx.keeps_stance(f, st):
                    months[st.utterance.month][st.polarity] += 1
        elif head["kind"] in ("spokesperson", "government"):
            # what they said: the stances a spokesperson, or a government's briefers, took
            stances_are = "taken"
            for sts in idx.stances.values():
                for st in sts:
                    u = st.utterance
                    by = (u.speaker == iri) if head["kind"] == "spokesperson" else (idx.government.get(u.conference) == iri)
                    if by and u.month and idx.keeps_utterance(f, u) and idx.keeps_stance(f, st):
                        months[u.month][st.polarity] += 1
        return {"item": head, "filters": f.as_dict(), "stances_are": stances_are,
                "months": [{"month": m, **v} for m, v in sorted(months.items())]}
    return await _answer(request, compute)


# -- networks -------------------------------------------------------------------------------
@router.get("/view/{name}")
async def view(name: str, request: Request) -> Response:
    """A relationship view (comention, outlet-topic, references, stance, entity-month) as
    nodes and edges, filtered like ``kg views`` (from, to, outlet, topic, spokesperson, type,
    min_weight; names forgive), its ``max_nodes`` heaviest nodes and the ``links`` strongest
    links of each (default 5; 0 for every link between them)."""
    async def compute(ex, names, q):
        from kg.server.explorer_views import DEFAULT_LINKS, DEFAULT_MAX_NODES, view_for_web
        from kg.views.graphs import VIEWS

        if name not in VIEWS:
            raise BadRequest(f"unknown view {name!r}; views: {', '.join(VIEWS)}")
        try:
            max_nodes = max(1, min(int(q.get("max_nodes") or DEFAULT_MAX_NODES), 2000))
        except ValueError:
            raise BadRequest("max_nodes: not a whole number") from None
        try:
            links = max(0, int(q.get("links") or DEFAULT_LINKS))     # "0" is a value: every link
        except ValueError:
            raise BadRequest("links: not a whole number") from None
        params = {k: v for k, v in q.items() if k in ("from", "to", "spokesperson", "outlet", "topic", "type", "min_weight")}
        facts = await run_in_threadpool(ex.facts)
        try:
            return await run_in_threadpool(view_for_web, facts, name, params, max_nodes, links)
        except NameNotFound:
            raise
        except ValueError as exc:
            raise BadRequest(str(exc)) from None
    return await _answer(request, compute)


# -- the lists behind every count -------------------------------------------------------------
def _order_key(iri: str) -> tuple:
    """Transcript order from an utterance or exchange IRI: conference, then numbers in turn.

    >>> _order_key("https://w3id.org/diplokg/id/conference/c1/exchange/10/turn/2")
    ('https://w3id.org/diplokg/id/conference/c1', 1, 10, 2)
    """
    head, sep, rest = iri.partition("/exchange/")
    if sep:
        nums = [int(p) for p in rest.split("/") if p.isdigit()]
        return (head, 1, *nums)
    head, sep, rest = iri.partition("/statement/")
    return (head, 0 if sep else 2, *[int(p) for p in rest.split("/") if p.isdigit()])


def _page(q) -> tuple[int, int]:
    try:
        offset = max(int(q.get("offset") or 0), 0)
        limit = min(max(int(q.get("limit") or 50), 1), MAX_LIST)
    except ValueError:
        raise BadRequest("offset and limit: whole numbers") from None
    return offset, limit


@router.get("/utterances")
async def utterances(request: Request) -> Response:
    """Questions, answers and statements: those that mention ``entity`` (or take a stance
    toward it: ``stance=1``, ``polarity``), filtered like the charts (``role``: question,
    answer, statement, or said = answers and statements), with every mention and stance in
    them for highlighting; in transcript order, ``limit`` from ``offset``."""
    async def compute(ex, names, q):
        f = Filters.from_params(q)
        offset, limit = _page(q)
        role = q.get("role") or None
        role_filter(role)                       # checks the value
        idx = await ex.aindex()
        if q.get("entity"):
            e = to_iri(q["entity"], "entity")
            pol = q.get("polarity") or None
            polarity_term(pol)
            if q.get("stance") or pol:
                seen, pool = set(), []
                for st in idx.stances.get(e, ()):
                    if (pol is None or st.polarity == pol) and st.utterance.iri not in seen and idx.keeps_stance(f, st):
                        seen.add(st.utterance.iri)
                        pool.append(st.utterance)
            else:
                pool = idx.by_entity.get(e, [])
        elif f.spokesperson:
            pool = idx.by_speaker.get(to_iri(f.spokesperson), [])
        elif f.conference:
            c = to_iri(f.conference)
            pool = [u for u in idx.utterances.values() if u.conference == c]
        else:
            raise BadRequest("give an entity, a spokesperson or a conference")
        listed = sorted((u for u in pool if idx.keeps_utterance(f, u, role)),
                        key=lambda u: (u.date or "", _order_key(u.iri)))
        items = await _utterance_details(ex, names, [u.iri for u in listed[offset:offset + limit]])
        return {"filters": f.as_dict(), "total": len(listed), "offset": offset, "items": items}
    return await _answer(request, compute)


async def _utterance_details(ex, names, us: list[str]) -> list[dict]:
    if not us:
        return []
    vals = values("u", us)
    base, spans, stances, resp = await ex.many(
        # patterns inside the union's branches: Oxigraph then joins from ?u (see explorer_queries.UTTERANCE)
        P + f"""SELECT ?u ?text ?c ?x ?sp ?role WHERE {{
  {vals}
  {{ ?x dk:turn ?u . ?c dk:hasExchange ?x . ?u dk:text ?text }}
  UNION {{ ?c dk:hasStatement ?u . ?u dk:text ?text }}
  {ROLE} }}""",
        P + f"""SELECT ?u ?e ?s ?end ?conf WHERE {{ {vals}
  ?u dk:hasMention ?m . ?m dk:refersTo ?e ; dk:start ?s ; dk:end ?end . OPTIONAL {{ ?m dk:confidence ?conf }} }}""",
        P + f"""SELECT ?u ?t ?pol ?cue ?s ?end ?conf WHERE {{ {vals}
  ?u dk:expressesStance ?st . ?st dk:target ?t ; dk:polarity ?pol ; dk:start ?s ; dk:end ?end .
  OPTIONAL {{ ?st dk:cue ?cue }} OPTIONAL {{ ?st dk:confidence ?conf }} }}""",
        P + f"""SELECT ?u ?r ?ev ?conf WHERE {{ {vals}
  ?u dk:hasResponseTypeAssignment ?ra . ?ra dk:assignedResponseType ?r .
  OPTIONAL {{ ?ra dk:evidence ?ev }} OPTIONAL {{ ?ra dk:confidence ?conf }} }}""")
    cs = sorted({r["c"] for r in base})
    xs = sorted({r["x"] for r in base if r.get("x")})
    confs, exs = await ex.many(
        P + f"""SELECT ?c ?d ?title ?file WHERE {{ {values("c", cs)}
  OPTIONAL {{ ?c dk:date ?d }} OPTIONAL {{ ?c dct:title ?title }}
  OPTIONAL {{ ?c prov:wasDerivedFrom ?src . ?src dk:fileName ?file }} }}""",
        P + f"""SELECT ?x ?xpos ?outlet WHERE {{ {values("x", xs)}
  ?x dk:position ?xpos . OPTIONAL {{ ?x dk:exchangeOutlet ?outlet }} }}""" if xs else P + "SELECT * WHERE { }")
    conf_info: dict[str, dict] = {}
    for r in confs:
        c = conf_info.setdefault(r["c"], {"d": r.get("d"), "title": r.get("title"), "files": set()})
        if r.get("file"):
            c["files"].add(r["file"])
    ex_info = {r["x"]: r for r in exs if r.get("x")}
    for r in base:
        r.update({k: v for k, v in conf_info.get(r["c"], {}).items() if k != "files"})
        r["files"] = "|".join(sorted(conf_info.get(r["c"], {}).get("files", ())))
        if r.get("x") in ex_info:
            r["xpos"] = ex_info[r["x"]]["xpos"]
            r["outlet"] = ex_info[r["x"]].get("outlet")
        r["who"] = r.get("sp")
    by_u = {u: {"mentions": [], "stances": [], "responses": set(), "evidence": set(), "details": []} for u in us}
    for r in spans:
        by_u[r["u"]]["mentions"].append({**_ref(names, r["e"]), "start": _int(r, "s"), "end": _int(r, "end"),
                                         "confidence": _conf(r)})
    for r in stances:
        by_u[r["u"]]["stances"].append({**_ref(names, r["t"]), "polarity": r["pol"].rsplit("#", 1)[-1].lower(),
                                        "cue": r.get("cue"), "start": _int(r, "s"), "end": _int(r, "end"),
                                        "confidence": _conf(r)})
    for r in resp:
        by_u[r["u"]]["responses"].add(r["r"].rsplit("#", 1)[-1])
        by_u[r["u"]]["details"].append({"type": r["r"].rsplit("#", 1)[-1], "evidence": r.get("ev"),
                                        "confidence": _conf(r)})
        if r.get("ev"):
            by_u[r["u"]]["evidence"].add(r["ev"])
    order = {u: i for i, u in enumerate(us)}
    out = []
    for r in sorted(base, key=lambda r: order[r["u"]]):
        extra = by_u[r["u"]]
        extra["mentions"].sort(key=lambda m: m["start"])
        out.append({"id": short_id(r["u"]), "role": r["role"], "text": r["text"], "date": r.get("d"),
                    "conference": {"id": short_id(r["c"]), "title": r.get("title")},
                    "exchange": _int(r, "xpos") or None,
                    "speaker": _ref(names, r.get("who") or (r.get("outlet") if r["role"] == "question" else None)),
                    "files": sorted(filter(None, (r.get("files") or "").split("|"))),
                    "mentions": extra["mentions"], "stances": extra["stances"],
                    "responses": sorted(extra["responses"]), "response_evidence": sorted(extra["evidence"]),
                    "response_details": sorted(extra["details"], key=lambda d: d["type"])})
    return out


@router.get("/exchanges")
async def exchanges(request: Request) -> Response:
    """Exchanges (question and answer) filtered like the charts: by ``entity`` (mentioned
    anywhere, or in the question with ``asked=1``), ``with`` (and this one too), ``response``
    (a type or ``deflected``), outlet (``none``: not named), topic (``none``: no topic),
    spokesperson, government, dates; in transcript order, ``limit`` from ``offset``."""
    async def compute(ex, names, q):
        f = Filters.from_params(q)
        offset, limit = _page(q)
        response_clause(q.get("response"))     # checks the value
        idx = await ex.aindex()
        e = to_iri(q["entity"], "entity") if q.get("entity") else None
        w = to_iri(q["with"], "with") if q.get("with") else None
        found = idx.exchanges_where(f, entity=e, asked=bool(q.get("asked")), with_entity=w,
                                    response=q.get("response") or None)
        found.sort(key=lambda x: (x.date or "", _order_key(x.iri)))
        total = len(found)
        listed = [{"x": x.iri, "d": x.date, "c": x.conference, "pos": x.position}
                  for x in found[offset:offset + limit]]
        xs = [r["x"] for r in listed]
        items = []
        if xs:
            vals = values("x", xs)
            turns, meta = await ex.many(
                P + f"""SELECT ?x ?u WHERE {{ {vals} {{ ?x dk:question ?u }} UNION {{ ?x dk:answer ?u }}
  UNION {{ ?x dk:clarification ?u }} }}""",
                P + f"""SELECT ?x ?t ?o WHERE {{ {vals} OPTIONAL {{ ?x dk:about ?t }} }}""")
            details = {d["id"]: d for d in await _utterance_details(ex, names, sorted({r["u"] for r in turns}))}
            by_x: dict[str, dict] = {x: {"turns": [], "topics": set()} for x in xs}
            for r in turns:
                d = details.get(short_id(r["u"]))
                if d:
                    by_x[r["x"]]["turns"].append(d)
            for r in meta:
                if r.get("t"):
                    by_x[r["x"]]["topics"].add(r["t"])
            for r in listed:
                x = by_x[r["x"]]
                x["turns"].sort(key=lambda t: int(t["id"].rsplit("/", 1)[-1]) if t["id"].rsplit("/", 1)[-1].isdigit() else 0)
                first = x["turns"][0] if x["turns"] else {}
                answer = next((t for t in x["turns"] if t["role"] == "answer"), {})
                items.append({"id": short_id(r["x"]), "date": r.get("d"), "position": _int(r, "pos"),
                              "conference": first.get("conference") or {"id": short_id(r["c"])},
                              "outlet": next((t["speaker"] for t in x["turns"] if t["role"] == "question"),
                                             _ref(names, None)),
                              "spokesperson": answer.get("speaker") or _ref(names, None, ""),
                              "responses": answer.get("responses", []),
                              "topics": sorted((_ref(names, t) for t in x["topics"]), key=lambda t: t["label"]),
                              "turns": x["turns"], "files": first.get("files", [])})
        return {"filters": f.as_dict(), "total": total, "offset": offset, "items": items}
    return await _answer(request, compute)


# -- conference -----------------------------------------------------------------------------
@router.get("/conference")
async def conference(request: Request) -> Response:
    """One transcript turn by turn: text, speakers, mentions, response types, stances, topics;
    its other-language version and the exchanges that correspond, where the store has them."""
    async def compute(ex, names, q):
        c = ref(q.get("id") or "", "id")
        head, turns, spans, stances, resp, exch = await ex.many(
            P + f"""SELECT ?p ?o ?file WHERE {{ {c} ?p ?o .
  VALUES ?p {{ dct:title dk:date dk:spokesperson dk:government dct:language dk:documentKind
              dk:otherVersion dk:sameConferenceAs dk:sourceURL prov:wasDerivedFrom dk:dateInferred }}
  OPTIONAL {{ ?o dk:fileName ?file }} }}""",
            # every pattern inside the union's branches: Oxigraph then joins from the conference
            P + f"""SELECT ?u ?cls ?x ?xpos ?tpos ?spos ?text ?label ?who ?src ?start WHERE {{
  {{ {c} dk:hasExchange ?x . ?x dk:position ?xpos ; dk:turn ?u . ?u dk:position ?tpos ; dk:text ?text ; a ?cls ;
       dk:sourceSpan ?span . ?span dk:inSource ?src ; dk:sourceStart ?start .
     OPTIONAL {{ ?u dk:speakerLabel ?label }} OPTIONAL {{ ?u dk:answeredBy ?who }} OPTIONAL {{ ?u dk:askedBy ?who }} }}
  UNION {{ {c} dk:hasStatement ?u . ?u dk:position ?spos ; dk:text ?text ; a ?cls ;
       dk:sourceSpan ?span . ?span dk:inSource ?src ; dk:sourceStart ?start .
     OPTIONAL {{ ?u dk:speakerLabel ?label }} OPTIONAL {{ ?u dk:answeredBy ?who }} }}
  UNION {{ {c} dk:hasModeratorTurn ?u . ?u dk:position ?spos ; dk:text ?text ; a ?cls ;
       dk:sourceSpan ?span . ?span dk:inSource ?src ; dk:sourceStart ?start .
     OPTIONAL {{ ?u dk:speakerLabel ?label }} }} }}""",
            P + f"""SELECT ?u ?e ?s ?end ?conf WHERE {{
  {{ {c} dk:hasExchange/dk:turn ?u . ?u dk:hasMention ?m . ?m dk:refersTo ?e ; dk:start ?s ; dk:end ?end
     OPTIONAL {{ ?m dk:confidence ?conf }} }}
  UNION {{ {c} dk:hasStatement ?u . ?u dk:hasMention ?m . ?m dk:refersTo ?e ; dk:start ?s ; dk:end ?end
     OPTIONAL {{ ?m dk:confidence ?conf }} }} }}""",
            P + f"""SELECT ?u ?t ?pol ?cue ?ev ?s ?end ?conf WHERE {{
  {{ {c} dk:hasExchange/dk:turn ?u . ?u dk:expressesStance ?st }} UNION {{ {c} dk:hasStatement ?u . ?u dk:expressesStance ?st }}
  ?st dk:target ?t ; dk:polarity ?pol ; dk:start ?s ; dk:end ?end .
  OPTIONAL {{ ?st dk:cue ?cue }} OPTIONAL {{ ?st dk:evidence ?ev }} OPTIONAL {{ ?st dk:confidence ?conf }} }}""",
            P + f"""SELECT ?u ?r ?ev ?conf WHERE {{ {c} dk:hasExchange/dk:answer ?u .
  ?u dk:hasResponseTypeAssignment ?ra . ?ra dk:assignedResponseType ?r .
  OPTIONAL {{ ?ra dk:evidence ?ev }} OPTIONAL {{ ?ra dk:confidence ?conf }} }}""",
            P + f"""SELECT ?x ?pos ?follow ?after ?t ?other ?o WHERE {{ {c} dk:hasExchange ?x . ?x dk:position ?pos .
  OPTIONAL {{ ?x dk:isFollowUp ?follow }} OPTIONAL {{ ?x dk:raisedAfterConference ?after }}
  OPTIONAL {{ ?x dk:about ?t OPTIONAL {{ ?x dk:hasTopicAssignment ?ta . ?ta dk:assignedTopic ?t ; dk:confidence ?conf }} }}
  OPTIONAL {{ ?x dk:correspondsTo ?other }}
  OPTIONAL {{ ?x dk:exchangeOutlet ?o }} }}""")
        if not head:
            raise BadRequest(f"id: no conference {q.get('id')!r} in this store")
        info: dict = {"id": short_id(to_iri(q["id"])), "files": [], "spokespersons": [], "other_versions": [],
                      "same_conference": []}
        for r in head:
            p = r["p"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            if p == "title":
                info["title"] = r["o"]
            elif p == "date":
                info["date"] = r["o"]
            elif p == "spokesperson":
                info["spokespersons"].append(_ref(names, r["o"]))
            elif p == "government":
                info["government"] = _ref(names, r["o"])
            elif p == "language":
                info["language"] = r["o"]
            elif p == "documentKind":
                info["kind"] = r["o"].rsplit("#", 1)[-1]
            elif p == "otherVersion":
                info["other_versions"].append(short_id(r["o"]))
            elif p == "sameConferenceAs":
                info["same_conference"].append(short_id(r["o"]))
            elif p == "sourceURL":
                info["url"] = r["o"]
            elif p == "dateInferred":
                info["date_inferred"] = r["o"] == "true"
            elif p == "wasDerivedFrom" and r.get("file"):
                info["files"].append(r["file"])
        info["files"].sort()
        first_src = min((r["src"] for r in turns if r.get("src")), default=None)
        units: dict[str, dict] = {}
        for r in turns:
            u = units.get(r["u"])
            if u is None:
                cls = r["cls"].rsplit("#", 1)[-1]
                role = {"Question": "question", "Answer": "answer", "Statement": "statement",
                        "ModeratorTurn": "moderator"}[cls]
                u = units[r["u"]] = {"id": short_id(r["u"]), "role": role, "text": r["text"],
                                     "label": r.get("label"), "speaker": _ref(names, r.get("who"), ""),
                                     "exchange": _int(r, "xpos") or None, "turn": _int(r, "tpos") or None,
                                     "position": _int(r, "spos") or None, "start": None,
                                     "mentions": [], "stances": [], "responses": [], "response_evidence": [],
                                     "response_details": []}
            if r.get("src") == first_src and r.get("start"):
                u["start"] = _int(r, "start")
        for r in spans:
            if r["u"] in units:
                units[r["u"]]["mentions"].append({**_ref(names, r["e"]), "start": _int(r, "s"), "end": _int(r, "end"),
                                                  "confidence": _conf(r)})
        for r in stances:
            if r["u"] in units:
                units[r["u"]]["stances"].append({**_ref(names, r["t"]), "polarity": r["pol"].rsplit("#", 1)[-1].lower(),
                                                 "cue": r.get("cue"), "evidence": r.get("ev"),
                                                 "start": _int(r, "s"), "end": _int(r, "end"),
                                                 "confidence": _conf(r)})
        for r in resp:
            if r["u"] in units:
                t = r["r"].rsplit("#", 1)[-1]
                if t not in units[r["u"]]["responses"]:
                    units[r["u"]]["responses"].append(t)
                    units[r["u"]]["response_details"].append({"type": t, "evidence": r.get("ev"),
                                                              "confidence": _conf(r)})
                if r.get("ev") and r["ev"] not in units[r["u"]]["response_evidence"]:
                    units[r["u"]]["response_evidence"].append(r["ev"])
        exchanges_info: dict[int, dict] = {}
        for r in exch:
            e = exchanges_info.setdefault(_int(r, "pos"), {"position": _int(r, "pos"), "id": short_id(r["x"]),
                                                           "follow_up": r.get("follow") == "true",
                                                           "after_conference": r.get("after") == "true",
                                                           "topics": [], "corresponds_to": [],
                                                           "outlet": _ref(names, r.get("o"))})
            if r.get("t") and r["t"] not in {t["iri"] for t in e.setdefault("_t", [])}:
                e["_t"].append({"iri": r["t"]})
                e["topics"].append({**_ref(names, r["t"]), "confidence": _conf(r)})
            if r.get("other") and short_id(r["other"]) not in e["corresponds_to"]:
                e["corresponds_to"].append(short_id(r["other"]))
        for e in exchanges_info.values():
            e.pop("_t", None)
        for u in units.values():
            u["mentions"].sort(key=lambda m: m["start"])
            u["stances"].sort(key=lambda s: s["start"])
        ordered = sorted(units.values(), key=lambda u: (u["start"] if u["start"] is not None else 10**9,
                                                        u["exchange"] or 0, u["turn"] or 0, u["position"] or 0))
        return {**info, "turns": ordered,
                "exchanges": [exchanges_info[k] for k in sorted(exchanges_info)]}
    return await _answer(request, compute)
