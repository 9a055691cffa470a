"""RDF mapping: a :class:`Conference` into the quads of its own named graph.

IRIs are minted from the document key and positions only, so a rebuild mints the same
IRIs. Entity descriptions (type, label, Wikidata link, ISO code of outlets, spokespersons and
mentioned entities) go to one shared graph (``ENTITIES_GRAPH``), added to but never
dropped by a rebuild, so each entity is described once however many files mention it.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from datetime import datetime, timezone
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg import __version__
from kg.analysis import ConferenceAnalysis, TurnAnalysis
from kg.analysis import Entity
from kg.model import Conference, Role, Turn
from kg.rdf.namespaces import (DCTERMS, DK, ENTITIES_GRAPH, LABEL_IF_ABSENT, OWL, PROV, RDF, RDFS, SKOS, TOPIC, WD, XSD,
                         graph_iri, resource, slug)
from kg.rdf.ntriples import _ESCAPES, nt
from kg.sources.outlets import outlet_registry

__all__ = ["conference_quads", "iter_conference_quads", "conference_text", "term",
           "source_quads", "source_key", "distinct_suffix", "path_key", "DOCUMENT_KIND", "content_hash",
           "conference_iri", "entity_iri", "Quad"]

ENTITY_CLASS = {"country": DK.Country, "organization": DK.Organization, "person": DK.Person,
                "initiative": DK.Initiative, "place": DK.Place}
RESPONSE_TYPE = {"Substantive": DK.Substantive, "Referral": DK.Referral,
                 "NoInformation": DK.NoInformation, "NoComment": DK.NoComment}
POLARITY = {"positive": DK.Positive, "negative": DK.Negative}
# Conference.kind -> the ontology's document-kind individual
DOCUMENT_KIND = {"regular-press-conference": DK.RegularPressConference,
                 "daily-briefing-online": DK.DailyBriefingOnline, "remarks": DK.SpokespersonRemarks,
                 "press-briefing": DK.PressBriefing, "press-gaggle": DK.PressGaggle,
                 "background-call": DK.BackgroundCall, "interview": DK.Interview,
                 "joint-press-conference": DK.JointPressConference, "press-statement": DK.PressStatement,
                 "readout": DK.Readout, "parliamentary-reply": DK.ParliamentaryReply,
                 "speech": DK.Speech, "statement": DK.PressStatement, "other": DK.OtherDocument}

Quad = tuple[Node, Node, Node, URIRef]


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def source_key(path: str | Path) -> str:
    """The plain key of the named graph a file builds into: its file name, slugged.

    Different names may slug alike (``x y.txt`` and ``X_Y.TXT``; ``lū-kàng`` and ``lu-kang``),
    and two folders may hold the same name: the build gives the second such file a
    :func:`distinct_key`, so no two files ever share a graph or a conference. A file alone
    keeps the plain key, so the IRIs of a corpus of distinct names never change.

    >>> source_key("corpus/txt/2019-11-07_geng-shuang_t1714057.txt")
    '2019-11-07-geng-shuang-t1714057-txt'

    The ``.txt`` and ``.html`` renderings of one page are two sources of one conference.
    """
    return slug(Path(path).name)


def path_key(path: str | Path) -> str:
    """A file's identity across builds: a hash of its absolute path (the path itself is
    not stored). A file that moves is recognised by its name and content instead."""
    resolved = os.path.realpath(os.fspath(path))
    return hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def distinct_suffix(identity: str) -> str:
    """What the keys of a file get appended to stay apart from another file whose name
    slugs alike (``identity`` is the file's :func:`path_key`).

    >>> distinct_suffix("3f9a2c1b00aa")
    '-3f9a2c1b'
    """
    return f"-{identity[:8]}"


def conference_iri(conf: Conference) -> URIRef:
    return resource("conference", conf.key)


def spokesperson_iri(name: str) -> URIRef:
    return resource("person", slug(name))


def entity_iri(e: Entity) -> URIRef:
    """One IRI per entity however it is written: minted from its kind and key."""
    return resource(e.kind, e.key)


def _lit(value, datatype=None) -> Literal:
    return Literal(value, datatype=datatype) if datatype else Literal(value)


def source_quads(path: str | Path, digest: str, media_type: str, *, fmt: str,
                 models: list[str] | None = None, build_key: str | None = None,
                 built_at: datetime | None = None, documents: int = 1, graph: URIRef | None = None,
                 file_identity: str | None = None) -> list[Quad]:
    """The source document one file is, and the build activity that read it, in its graph.

    ``models`` are the extraction models that ran on its documents (none: stored without
    extraction, e.g. a language diplokg has no pipeline for). ``graph`` is the file's graph
    (default: the one its plain :func:`source_key` names); ``file_identity`` its
    :func:`path_key`, by which the next build finds it again.
    """
    g = graph if graph is not None else graph_iri(source_key(path))
    out: list[Quad] = []

    def add(s, p, o):
        out.append((s, p, o, g))

    src = g  # the source document is named by its graph IRI
    built_at = built_at or datetime.now(timezone.utc).replace(microsecond=0)
    activity = resource("activity", digest.split(":")[-1][:16], __version__)
    agent = resource("agent", "diplokg", __version__)
    name = Path(path).name
    add(src, RDF.type, DK.SourceDocument)
    add(src, RDF.type, PROV.Entity)
    add(src, DK.fileName, _lit(name))
    add(src, DK.mediaType, _lit(media_type))
    add(src, DK.sourceFormat, _lit(fmt))
    add(src, DK.contentHash, _lit(digest))
    if documents != 1:
        add(src, DK.documentCount, Literal(documents))
    if build_key:
        add(src, DK.buildKey, _lit(build_key))
    if file_identity:
        add(src, DK.pathKey, _lit(file_identity))
    add(src, PROV.wasGeneratedBy, activity)
    add(src, RDFS.label, _lit(f"source file {name}"))
    add(activity, RDF.type, PROV.Activity)
    add(activity, RDFS.label, _lit(f"diplokg {__version__} build of {name}"))
    add(activity, PROV.startedAtTime, Literal(built_at, datatype=XSD.dateTime))
    add(activity, PROV.used, src)
    add(activity, PROV.wasAssociatedWith, agent)
    for model in models or []:
        add(activity, DK.extractionModel, _lit(model))
    add(agent, RDF.type, PROV.SoftwareAgent)
    add(agent, RDFS.label, _lit(f"diplokg {__version__}"))
    add(agent, DK.toolVersion, _lit(__version__))
    return out


def conference_quads(conf: Conference, path: str | Path,
                     analysis: ConferenceAnalysis | None = None, graph: URIRef | None = None) -> list[Quad]:
    """Every quad one document contributes, in the named graph of the file it came from.

    ``analysis`` (from ``kg.nlp.extract``) adds mentions, entities, response types, stances
    and topics; without it only the document's structure is mapped. ``graph`` is the file's
    graph (default: the one its plain :func:`source_key` names).
    """
    return list(iter_conference_quads(conf, path, analysis, graph))


def iter_conference_quads(conf: Conference, path: str | Path, analysis: ConferenceAnalysis | None = None,
                          graph: URIRef | None = None):
    """:func:`conference_quads`, exchange by exchange (memory does not grow with the document).

    The rdflib terms of :func:`conference_text` (which the build writes as they are)."""
    g = graph if graph is not None else graph_iri(source_key(path))
    label = nt(RDFS.label)
    for own, shared, labels in conference_text(conf, path, analysis, graph):
        for s, p, o in own:
            yield term(s), term(p), term(o), g
        for s, p, o in shared:
            yield term(s), term(p), term(o), ENTITIES_GRAPH
        for s, o in labels:
            yield term(s), term(label), term(o), LABEL_IF_ABSENT


class _Terms:
    """The N-Triples text of a namespace's terms, each looked up once (a DefinedNamespace
    lookup is Python code; an instance attribute is not)."""

    def __init__(self, namespace):
        self.__dict__["_namespace"] = namespace

    def __getattr__(self, name: str) -> str:
        text = nt(getattr(self.__dict__["_namespace"], name))
        self.__dict__[name] = text
        return text


_DK, _RDF, _RDFS, _PROV, _DCTERMS, _OWL, _SKOS = (_Terms(ns) for ns in (DK, RDF, RDFS, PROV, DCTERMS, OWL, SKOS))
_INTEGER = f"^^<{XSD.integer}>"
_TRUE, _FALSE = nt(Literal(True)), nt(Literal(False))


def _iri(value: str) -> str:
    """``nt(URIRef(value))``."""
    return f"<{value}>"


def _child(node: str, tail) -> str:
    """The IRI ``node`` + "/" + ``tail``, both as N-Triples text."""
    return f"{node[:-1]}/{tail}>"


def _text(value) -> str:
    """``nt(Literal(value))``, without making the Literal for the common types."""
    kind = type(value)
    if kind is str:
        return f'"{value.translate(_ESCAPES)}"'
    if kind is int:
        return f'"{value}"{_INTEGER}'
    if kind is bool:
        return _TRUE if value else _FALSE
    return nt(Literal(value))


def _typed(value, datatype) -> str:
    return nt(Literal(value, datatype=datatype))


def term(text: str) -> Node:
    r"""The rdflib term of one N-Triples term as this module writes it (IRIs and literals).

    >>> term('<http://e/x>')
    rdflib.term.URIRef('http://e/x')
    >>> term('"a \\"b\\""@en')
    rdflib.term.Literal('a "b"', lang='en')
    >>> term('"5"^^<http://www.w3.org/2001/XMLSchema#integer>') == Literal(5)
    True
    """
    if text[0] == "<":
        return URIRef(text[1:-1])
    end = text.rindex('"')
    lexical = _UNESCAPE.sub(lambda m: _UNESCAPES[m.group(1)], text[1:end])
    rest = text[end + 1:]
    if rest.startswith("@"):
        return Literal(lexical, lang=rest[1:])
    if rest.startswith("^^"):
        return Literal(lexical, datatype=URIRef(rest[3:-1]))
    return Literal(lexical)


_UNESCAPE = re.compile(r'\\(["\\nr])')
_UNESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r"}


def conference_text(conf: Conference, path: str | Path, analysis: ConferenceAnalysis | None = None,
                    graph: URIRef | None = None):
    """The quads of :func:`conference_quads` as N-Triples text, in chunks (a statement, an
    exchange...): ``(own, shared, labels)``, the (subject, predicate, object) triples of the
    file's graph and of the entities graph, and the (entity, label) pairs of entities to be
    labelled only if they have no label yet.

    This is what the build writes: no rdflib term is made on the way (they are slow to make).
    An entity described once is not described again in the same document.
    """
    g = _iri(graph if graph is not None else graph_iri(source_key(path)))
    out: list[tuple[str, str, str]] = []
    shared: list[tuple[str, str, str]] = []
    labels: list[tuple[str, str]] = []
    add_shared = shared.append

    def add(s, p, o):
        out.append((s, p, o))

    described: set = set()

    def describe(e: Entity) -> str:
        # entity descriptions live once in the shared entities graph, not in every file's graph
        node, triples, label = _entity_lines(e, e.minted)
        if (e, e.minted) not in described:
            described.add((e, e.minted))
            shared.extend(triples)
            labels.extend(label)
        return node

    def chunk():
        nonlocal out, shared, labels, add_shared
        done = (out, shared, labels)
        out, shared, labels = [], [], []
        add_shared = shared.append
        return done

    c = _iri(conference_iri(conf))
    src = g  # the source document is named by its graph IRI
    src_tail = src[1:-1].split("/")[-1]

    # the document
    add(c, _RDF.type, _DK.StatementDocument if conf.is_statement_document else _DK.PressConference)
    add(c, _PROV.wasDerivedFrom, src)
    if conf.url:
        add(c, _DK.sourceURL, _typed(conf.url, XSD.anyURI))
    if conf.record:
        add(c, _DK.sourceRecord, _text(conf.record))
    add(c, _DK.conferenceKind, _text(conf.kind))
    add(c, _DK.documentKind, nt(DOCUMENT_KIND.get(conf.kind, DK.OtherDocument)))
    add(c, _DCTERMS.language, _text(conf.language))
    add(c, _DK.government, _government(describe, conf.government))
    if conf.title:
        add(c, _DCTERMS.title, _text(conf.title))
        add(c, _RDFS.label, _text(conf.title))
    else:
        add(c, _RDFS.label, _text(f"transcript {conf.key}"))
    if conf.date:
        add(c, _DK.date, _typed(conf.date.isoformat(), XSD.date))
    add(c, _DK.dateInferred, _text(conf.date_inferred))
    add(src, _DK.dateSource, _text(conf.date_source))
    if conf.article_id:
        add(c, _DK.articleId, _text(conf.article_id))
    if analysis is not None:
        add(c, _DK.extractionModel, _text(analysis.model))   # this document got extraction
    people = _People(conf, lambda t: add_shared(t))
    for name in conf.all_officials:
        add(c, _DK.spokesperson, people.iri(name))

    for st in conf.statements:
        s = _child(c, f"statement/{st.position}")
        add(c, _DK.hasStatement, s)
        add(s, _RDF.type, _DK.Statement)
        add(s, _DK.position, _text(st.position))
        _turn_text(add, s, st.turn, src, src_tail)
        who = st.turn.speaker or conf.spokesperson
        if who:
            add(s, _DK.answeredBy, people.iri(who))
        if analysis is not None and st.position in analysis.statements:
            ta = analysis.statements[st.position]
            _analysis(add, describe, s, ta, analysis.model)
            _stances(add, describe, s, ta, analysis.model)
        yield chunk()
    for st in conf.moderation:
        s = _child(c, f"moderator-turn/{st.position}")
        add(c, _DK.hasModeratorTurn, s)
        add(s, _RDF.type, _DK.ModeratorTurn)
        add(s, _DK.position, _text(st.position))
        _turn_text(add, s, st.turn, src, src_tail)

    for ex in conf.exchanges:
        e = _child(c, f"exchange/{ex.position}")
        add(c, _DK.hasExchange, e)
        add(e, _RDF.type, _DK.Exchange)
        add(e, _DK.position, _text(ex.position))
        add(e, _DK.isFollowUp, _text(ex.follow_up))
        if ex.after_conference:
            add(e, _DK.raisedAfterConference, _TRUE)
        outlet = _outlet(add_shared, ex.outlet, ex.asker_label) if ex.outlet else None
        for k, turn in enumerate(ex.turns, start=1):
            t = _child(e, f"turn/{k}")
            add(e, _DK.turn, t)
            add(t, _DK.position, _text(k))
            _turn_text(add, t, turn, src, src_tail)
            ta = analysis.turns.get((ex.position, k)) if analysis is not None else None
            if turn.role is Role.MODERATOR:
                add(t, _RDF.type, _DK.ModeratorTurn)   # neither question nor answer
                continue
            if turn.role is Role.ANSWER:
                add(t, _RDF.type, _DK.Answer)
                add(e, _DK.answer, t)
                who = _answer_speaker(turn, conf)
                if who:
                    add(t, _DK.answeredBy, people.iri(who))
                if ta is not None:
                    _analysis(add, describe, t, ta, analysis.model)
                    _response(add, t, ta, analysis.model)
                    _stances(add, describe, t, ta, analysis.model)
            else:
                add(t, _RDF.type, _DK.Question)
                add(e, _DK.question if k == 1 else _DK.clarification, t)
                if k == 1 and outlet is not None:
                    add(t, _DK.askedBy, outlet)
                if ta is not None:
                    _analysis(add, describe, t, ta, analysis.model)
        if analysis is not None:
            _topics(add, e, ex.position, analysis)
        yield chunk()
    if analysis is not None and analysis.retracted:
        _retracted(add, c, analysis)
    yield chunk()


class _People:
    """IRIs of a document's officials: a named one is one person across every source; an
    anonymous one ("Senior Administration Official") is someone of this document only."""

    def __init__(self, conf: Conference, emit):
        self.conf, self.emit = conf, emit
        self.anonymous = set(conf.anonymous_speakers)
        self.done: dict[str, str] = {}

    def iri(self, name: str) -> str:
        if name not in self.done:
            if name in self.anonymous:
                self.done[name] = _spokesperson(self.emit, name, anonymous_in=self.conf.key)
            else:
                self.done[name] = _spokesperson(self.emit, name)
        return self.done[name]


def _government(describe, iso: str) -> str:
    """The country whose government speaks, described like any mentioned country."""
    from kg.nlp.gazetteer import gazetteer

    known = gazetteer().get("country", iso)
    return describe(known or Entity("country", iso, iso))


@lru_cache(maxsize=65536)
def _entity_lines(e: Entity, minted: bool) -> tuple[str, tuple, tuple]:
    """An entity's IRI, the triples describing it and its label-if-absent pair (``minted``:
    ``e.minted``, which entity equality leaves out)."""
    node = _iri(entity_iri(e))
    triples = [(node, _RDF.type, nt(ENTITY_CLASS[e.kind]))]
    labels = []
    if minted:
        labels.append((node, _text(e.label)))
    else:
        triples.append((node, _RDFS.label, _text(e.label)))
    if e.qid:
        triples.append((node, _OWL.sameAs, nt(WD[e.qid])))
    if e.kind == "country":
        triples.append((node, _DK.isoCode, _text(e.key)))
    for name in _zh_names(e):
        triples.append((node, _SKOS.altLabel, nt(name)))
    return node, tuple(triples), tuple(labels)


def _entity(add, e: Entity) -> URIRef:
    """Describe ``e`` through ``add(s, p, o)`` (and ``add.label_if_absent(s, o)``), as rdflib
    terms; its IRI."""
    node, triples, labels = _entity_lines(e, e.minted)
    for s, o in labels:
        add.label_if_absent(term(s), term(o))
    for s, p, o in triples:
        add(term(s), term(p), term(o))
    return term(node)


@lru_cache(maxsize=65536)
def _zh_names(e: Entity) -> tuple[Literal, ...]:
    """The entity's Chinese names (``skos:altLabel "…"@zh``), from the Chinese gazetteer."""
    from kg.nlp.zh.gazetteer import zh_names

    return tuple(Literal(n, lang="zh") for n in zh_names(e))


@lru_cache(maxsize=65536)
def _int(value: int) -> str:
    """An xsd:integer literal (offsets repeat across a corpus: made once each)."""
    return f'"{value}"{_INTEGER}'


def _analysis(add, describe, node: str, ta: TurnAnalysis, model: str = "") -> None:
    """Mentions with their offsets into this utterance's dk:text, and their confidence."""
    mentions, has_mention, mention, refers_to = _DK.mentions, _DK.hasMention, _DK.Mention, _DK.refersTo
    start, end, anchor, method, rdf_type, confidence = (_DK.start, _DK.end, _DK.anchorText, _DK.method,
                                                         _RDF.type, _DK.confidence)
    for i, m in enumerate(ta.mentions, start=1):
        ent = describe(m.entity)
        mn = _child(node, f"mention/{i}")
        add(node, mentions, ent)
        add(node, has_mention, mn)
        add(mn, rdf_type, mention)
        add(mn, refers_to, ent)
        add(mn, start, _int(m.start))
        add(mn, end, _int(m.end))
        add(mn, anchor, _text(m.text))
        add(mn, method, _method(m.how))
        c = _calibrated(f"mention:{m.entity.kind}:{m.how}", model) if m.confidence is None \
            else _confidence(m.confidence)
        if c is not None:
            add(mn, confidence, c)
        if m.correction is not None:
            _correction(add, mn, m.correction)


@lru_cache(maxsize=64)
def _method(how: str) -> str:
    return _text(how)


@lru_cache(maxsize=4096)
def _calibrated(key: str, model: str) -> str | None:
    """The calibrated confidence literal of facts found as ``key`` (kg.nlp.en.confidence)."""
    from kg.nlp.en.confidence import confidence

    value = confidence(key, model)
    return None if value is None else _confidence(value)


def _fact_confidence(value: float | None, key: str, model: str) -> str | None:
    return _confidence(value) if value is not None else _calibrated(key, model)


@lru_cache(maxsize=1024)
def _confidence(value: float) -> str:
    """A confidence as xsd:decimal with three places ("0.912")."""
    return _typed(f"{min(1.0, max(0.0, value)):.3f}", XSD.decimal)


def _correction(add, fact: str, c, at: str | None = None) -> str:
    """The correction applied to ``fact`` (or recorded on ``at`` when it removed the fact)."""
    node = _child(at or fact, f"correction/{c.row}")
    add(at or fact, _DK.hasCorrection, node)
    add(node, _RDF.type, _DK.Correction)
    add(node, _PROV.wasAttributedTo, nt(_source_iri(c.source)))
    add(node, _DK.correctionKind, _text(c.kind))
    if c.subject:
        add(node, _DK.correctionSubject, _text(c.subject))
    add(node, _DK.originalValue, _text(c.original))
    add(node, _DK.correctedValue, _text(c.value))
    add(node, _DK.correctionRow, _text(c.row))
    add(node, _DK.correctionStatus, _text("applied"))
    if c.note:
        add(node, _DK.correctionNote, _text(c.note))
    if at is None:
        add(fact, _PROV.wasAttributedTo, nt(_source_iri(c.source)))
    return node


def _source_iri(source: str) -> URIRef:
    if "://" in source:
        return URIRef(source)
    return URIRef(Path(source).resolve().as_uri())


def _response(add, node: str, ta: TurnAnalysis, model: str = "") -> None:
    """Each response type directly (dk:responseType) and as an assignment with its own evidence."""
    for r in ta.responses:
        kind = nt(RESPONSE_TYPE[r.type])
        add(node, _DK.responseType, kind)
        if r.evidence:
            add(node, _DK.responseEvidence, _text(r.evidence))
        ra = _child(node, f"response/{r.type}")
        add(node, _DK.hasResponseTypeAssignment, ra)
        add(ra, _RDF.type, _DK.ResponseTypeAssignment)
        add(ra, _DK.assignedResponseType, kind)
        if r.evidence:
            add(ra, _DK.evidence, _text(r.evidence))
        if r.rule:
            add(ra, _DK.extractedBy, _text(r.rule))
        c = _fact_confidence(r.confidence, f"response:{r.rule or r.type}", model)
        if c is not None:
            add(ra, _DK.confidence, c)
        if r.correction is not None:
            _correction(add, ra, r.correction)


def _stances(add, describe, node: str, ta: TurnAnalysis, model: str = "") -> None:
    for i, st in enumerate(ta.stances, start=1):
        sn = _child(node, f"stance/{i}")
        add(node, _DK.expressesStance, sn)
        add(sn, _RDF.type, _DK.Stance)
        add(sn, _DK.target, describe(st.target))
        add(sn, _DK.polarity, nt(POLARITY[st.polarity]))
        add(sn, _DK.evidence, _text(st.evidence))
        add(sn, _DK.cue, _text(st.cue))
        add(sn, _DK.start, _text(st.start))
        add(sn, _DK.end, _text(st.end))
        if st.rule:
            add(sn, _DK.extractedBy, _text(st.rule))
        c = _fact_confidence(st.confidence, st.rule or "stance", model)
        if c is not None:
            add(sn, _DK.confidence, c)
        if st.correction is not None:
            _correction(add, sn, st.correction)


def _topics(add, e: str, position: int, analysis: ConferenceAnalysis) -> None:
    """dk:about each topic, and a dk:TopicAssignment with its confidence and provenance."""
    for concept in analysis.topics.get(position, []):
        topic = nt(TOPIC[concept])
        add(e, _DK.about, topic)
        ta = _child(e, f"topic/{concept}")
        add(e, _DK.hasTopicAssignment, ta)
        add(ta, _RDF.type, _DK.TopicAssignment)
        add(ta, _DK.assignedTopic, topic)
        how = analysis.topic_keys.get((position, concept), "topic")
        c = _fact_confidence(analysis.topic_confidence.get((position, concept)), how, analysis.model)
        add(ta, _DK.extractedBy, _text(how))
        if c is not None:
            add(ta, _DK.confidence, c)
        corr = analysis.topic_corrections.get((position, concept))
        if corr is not None:
            _correction(add, ta, corr)


def _retracted(add, c: str, analysis: ConferenceAnalysis) -> None:
    """Corrections that removed a fact: recorded on the utterance or exchange it was in."""
    for where, corr in analysis.retracted:
        if where[0] == "s":
            at = _child(c, f"statement/{where[1]}")
        elif where[0] == "t":
            at = _child(c, f"exchange/{where[1]}/turn/{where[2]}")
        else:
            at = _child(c, f"exchange/{where[1]}")
        _correction(add, at, corr, at=at)


def _turn_text(add, node: str, turn: Turn, src: str, src_tail: str) -> None:
    add(node, _DK.text, _text(turn.text))
    if turn.label:
        add(node, _DK.speakerLabel, _text(turn.label))
    # where the turn sits in this rendering; the .txt and .html of one page differ here
    span = _child(node, f"span/{src_tail}")
    add(node, _DK.sourceSpan, span)
    add(span, _RDF.type, _DK.SourceSpan)
    add(span, _DK.inSource, src)
    add(span, _DK.sourceStart, _text(turn.start))
    add(span, _DK.sourceEnd, _text(turn.end))


def _answer_speaker(turn: Turn, conf: Conference) -> str | None:
    return turn.speaker or conf.spokesperson


def _spokesperson(emit, name: str, anonymous_in: str | None = None) -> str:
    if anonymous_in:
        p = _iri(resource("person", "anonymous", anonymous_in, slug(name)))
        emit((p, _RDF.type, _DK.Spokesperson))
        emit((p, _RDF.type, _DK.AnonymousOfficial))
        emit((p, _RDFS.label, _text(f"{name} (unnamed, {anonymous_in})")))
        return p
    from kg.nlp.gazetteer import gazetteer

    p = _iri(spokesperson_iri(name))
    known = gazetteer().get("person", slug(name))   # one label per IRI, however a source spells the name
    emit((p, _RDF.type, _DK.Spokesperson))
    emit((p, _RDF.type, _DK.Person))
    emit((p, _RDFS.label, _text(known.label if known else name)))
    return p


def _outlet(emit, key: str, printed: str | None) -> str:
    known = outlet_registry().get(key)
    o = _iri(resource("outlet", key))
    emit((o, _RDF.type, _DK.MediaOutlet))
    emit((o, _RDFS.label, _text(known.label if known else (printed or key))))
    if known and known.wikidata:
        emit((o, _OWL.sameAs, nt(WD[known.wikidata])))
    return o


def unmatched_correction_quads(path: str | Path, unmatched, graph: URIRef | None = None) -> list[Quad]:
    """Corrections naming this file that no longer apply, each with the reason, on the source
    document (``kg corrections`` and ``kg build`` report them; they are never dropped silently).
    ``graph`` is the file's graph (default: the one its plain :func:`source_key` names)."""
    g = graph if graph is not None else graph_iri(source_key(path))
    out: list[Quad] = []
    for row, reason in unmatched:
        node = URIRef(f"{g}/correction/{row.line}")
        out.append((g, DK.hasCorrection, node, g))
        for p, o in ((RDF.type, DK.Correction), (PROV.wasAttributedTo, _source_iri(row.source)),
                     (DK.correctionKind, _lit(row.kind)), (DK.correctionSubject, _lit(row.subject)),
                     (DK.correctedValue, _lit(row.value)), (DK.correctionRow, Literal(row.line)),
                     (DK.correctionStatus, _lit("unmatched")), (RDFS.comment, _lit(reason))):
            out.append((node, p, o, g))
    return out
