"""RDF mapping: a :class:`Conference` into the quads of its own named graph.

IRIs are minted from the document key and positions only, so a rebuild mints the same
IRIs. Entity descriptions (type, label, Wikidata link, ISO code of outlets, spokespersons and
mentioned entities) go to one shared graph (``ENTITIES_GRAPH``), added to but never
dropped by a rebuild, so each entity is described once however many files mention it.
"""

from __future__ import annotations

import hashlib
import os
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
from kg.sources.outlets import outlet_registry

__all__ = ["conference_quads", "iter_conference_quads", "source_quads", "source_key", "distinct_suffix", "path_key",
           "DOCUMENT_KIND", "content_hash", "conference_iri", "entity_iri", "Quad"]

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
    """:func:`conference_quads`, exchange by exchange (memory does not grow with the document)."""
    g = graph if graph is not None else graph_iri(source_key(path))
    out: list[Quad] = []

    def add(s, p, o):
        out.append((s, p, o, g))

    def describe(s, p, o):
        # entity descriptions live once in the shared entities graph, not in every file's graph
        out.append((s, p, o, ENTITIES_GRAPH))

    describe.label_if_absent = lambda s, o: out.append((s, RDFS.label, o, LABEL_IF_ABSENT))

    c = conference_iri(conf)
    src = g  # the source document is named by its graph IRI

    # the document
    add(c, RDF.type, DK.StatementDocument if conf.is_statement_document else DK.PressConference)
    add(c, PROV.wasDerivedFrom, src)
    if conf.url:
        add(c, DK.sourceURL, _lit(conf.url, XSD.anyURI))
    if conf.record:
        add(c, DK.sourceRecord, _lit(conf.record))
    add(c, DK.conferenceKind, _lit(conf.kind))
    add(c, DK.documentKind, DOCUMENT_KIND.get(conf.kind, DK.OtherDocument))
    add(c, DCTERMS.language, _lit(conf.language))
    add(c, DK.government, _government(describe, conf.government))
    if conf.title:
        add(c, DCTERMS.title, _lit(conf.title))
        add(c, RDFS.label, _lit(conf.title))
    else:
        add(c, RDFS.label, _lit(f"transcript {conf.key}"))
    if conf.date:
        add(c, DK.date, Literal(conf.date.isoformat(), datatype=XSD.date))
    add(c, DK.dateInferred, Literal(conf.date_inferred))
    add(src, DK.dateSource, _lit(conf.date_source))
    if conf.article_id:
        add(c, DK.articleId, _lit(conf.article_id))
    if analysis is not None:
        add(c, DK.extractionModel, _lit(analysis.model))   # this document got extraction
    people = _People(conf, describe)
    for name in conf.all_officials:
        add(c, DK.spokesperson, people.iri(name))

    for st in conf.statements:
        s = URIRef(f"{c}/statement/{st.position}")
        add(c, DK.hasStatement, s)
        add(s, RDF.type, DK.Statement)
        add(s, DK.position, Literal(st.position))
        _turn_text(add, s, st.turn, src)
        who = st.turn.speaker or conf.spokesperson
        if who:
            add(s, DK.answeredBy, people.iri(who))
        if analysis is not None and st.position in analysis.statements:
            ta = analysis.statements[st.position]
            _analysis(add, describe, s, ta, analysis.model)
            _stances(add, describe, s, ta, analysis.model)
        yield from out
        out.clear()
    for st in conf.moderation:
        s = URIRef(f"{c}/moderator-turn/{st.position}")
        add(c, DK.hasModeratorTurn, s)
        add(s, RDF.type, DK.ModeratorTurn)
        add(s, DK.position, Literal(st.position))
        _turn_text(add, s, st.turn, src)

    for ex in conf.exchanges:
        e = URIRef(f"{c}/exchange/{ex.position}")
        add(c, DK.hasExchange, e)
        add(e, RDF.type, DK.Exchange)
        add(e, DK.position, Literal(ex.position))
        add(e, DK.isFollowUp, Literal(ex.follow_up))
        if ex.after_conference:
            add(e, DK.raisedAfterConference, Literal(True))
        outlet = _outlet(describe, ex.outlet, ex.asker_label) if ex.outlet else None
        for k, turn in enumerate(ex.turns, start=1):
            t = URIRef(f"{e}/turn/{k}")
            add(e, DK.turn, t)
            add(t, DK.position, Literal(k))
            _turn_text(add, t, turn, src)
            ta = analysis.turns.get((ex.position, k)) if analysis is not None else None
            if turn.role is Role.MODERATOR:
                add(t, RDF.type, DK.ModeratorTurn)   # neither question nor answer
                continue
            if turn.role is Role.ANSWER:
                add(t, RDF.type, DK.Answer)
                add(e, DK.answer, t)
                who = _answer_speaker(turn, conf)
                if who:
                    add(t, DK.answeredBy, people.iri(who))
                if ta is not None:
                    _analysis(add, describe, t, ta, analysis.model)
                    _response(add, t, ta, analysis.model)
                    _stances(add, describe, t, ta, analysis.model)
            else:
                add(t, RDF.type, DK.Question)
                add(e, DK.question if k == 1 else DK.clarification, t)
                if k == 1 and outlet is not None:
                    add(t, DK.askedBy, outlet)
                if ta is not None:
                    _analysis(add, describe, t, ta, analysis.model)
        if analysis is not None:
            _topics(add, e, ex.position, analysis)
        yield from out
        out.clear()
    if analysis is not None and analysis.retracted:
        _retracted(add, c, analysis)
    yield from out


class _People:
    """IRIs of a document's officials: a named one is one person across every source; an
    anonymous one ("Senior Administration Official") is someone of this document only."""

    def __init__(self, conf: Conference, describe):
        self.conf, self.describe = conf, describe
        self.anonymous = set(conf.anonymous_speakers)
        self.done: dict[str, URIRef] = {}

    def iri(self, name: str) -> URIRef:
        if name not in self.done:
            if name in self.anonymous:
                self.done[name] = _spokesperson(self.describe, name, anonymous_in=self.conf.key)
            else:
                self.done[name] = _spokesperson(self.describe, name)
        return self.done[name]


def _government(describe, iso: str) -> URIRef:
    """The country whose government speaks, described like any mentioned country."""
    from kg.nlp.gazetteer import gazetteer

    known = gazetteer().get("country", iso)
    return _entity(describe, known or Entity("country", iso, iso))


def _entity(add, e: Entity) -> URIRef:
    node = entity_iri(e)
    add(node, RDF.type, ENTITY_CLASS[e.kind])
    if e.minted:
        add.label_if_absent(node, _lit(e.label))
    else:
        add(node, RDFS.label, _lit(e.label))
    if e.qid:
        add(node, OWL.sameAs, WD[e.qid])
    if e.kind == "country":
        add(node, DK.isoCode, _lit(e.key))
    for name in _zh_names(e):
        add(node, SKOS.altLabel, name)
    return node


@lru_cache(maxsize=65536)
def _zh_names(e: Entity) -> tuple[Literal, ...]:
    """The entity's Chinese names (``skos:altLabel "…"@zh``), from the Chinese gazetteer."""
    from kg.nlp.zh.gazetteer import zh_names

    return tuple(Literal(n, lang="zh") for n in zh_names(e))


@lru_cache(maxsize=65536)
def _int(value: int) -> Literal:
    """An xsd:integer literal (offsets repeat across a corpus: made once each)."""
    return Literal(value)


# the terms of the hottest loop, looked up once (a DefinedNamespace lookup is slow)
_MENTIONS, _HAS_MENTION, _MENTION, _REFERS_TO = DK.mentions, DK.hasMention, DK.Mention, DK.refersTo
_START, _END, _ANCHOR, _METHOD, _TYPE = DK.start, DK.end, DK.anchorText, DK.method, RDF.type


def _analysis(add, describe, node: URIRef, ta: TurnAnalysis, model: str = "") -> None:
    """Mentions with their offsets into this utterance's dk:text, and their confidence."""
    for i, m in enumerate(ta.mentions, start=1):
        ent = _entity(describe, m.entity)
        mn = URIRef(f"{node}/mention/{i}")
        add(node, _MENTIONS, ent)
        add(node, _HAS_MENTION, mn)
        add(mn, _TYPE, _MENTION)
        add(mn, _REFERS_TO, ent)
        add(mn, _START, _int(m.start))
        add(mn, _END, _int(m.end))
        add(mn, _ANCHOR, Literal(m.text))
        add(mn, _METHOD, _method(m.how))
        c = _calibrated(f"mention:{m.entity.kind}:{m.how}", model) if m.confidence is None \
            else _confidence(m.confidence)
        if c is not None:
            add(mn, _CONFIDENCE, c)
        if m.correction is not None:
            _correction(add, mn, m.correction)


@lru_cache(maxsize=64)
def _method(how: str) -> Literal:
    return Literal(how)


_CONFIDENCE = DK.confidence


@lru_cache(maxsize=4096)
def _calibrated(key: str, model: str) -> Literal | None:
    """The calibrated confidence literal of facts found as ``key`` (kg.nlp.en.confidence)."""
    from kg.nlp.en.confidence import confidence

    value = confidence(key, model)
    return None if value is None else _confidence(value)


def _fact_confidence(value: float | None, key: str, model: str) -> Literal | None:
    return _confidence(value) if value is not None else _calibrated(key, model)


@lru_cache(maxsize=1024)
def _confidence(value: float) -> Literal:
    """A confidence as xsd:decimal with three places ("0.912")."""
    return Literal(f"{min(1.0, max(0.0, value)):.3f}", datatype=XSD.decimal)


def _correction(add, fact: URIRef, c, at: URIRef | None = None) -> URIRef:
    """The correction applied to ``fact`` (or recorded on ``at`` when it removed the fact)."""
    node = URIRef(f"{at or fact}/correction/{c.row}")
    add(at or fact, DK.hasCorrection, node)
    add(node, RDF.type, DK.Correction)
    add(node, PROV.wasAttributedTo, _source_iri(c.source))
    add(node, DK.correctionKind, _lit(c.kind))
    if c.subject:
        add(node, DK.correctionSubject, _lit(c.subject))
    add(node, DK.originalValue, _lit(c.original))
    add(node, DK.correctedValue, _lit(c.value))
    add(node, DK.correctionRow, Literal(c.row))
    add(node, DK.correctionStatus, _lit("applied"))
    if c.note:
        add(node, DK.correctionNote, _lit(c.note))
    if at is None:
        add(fact, PROV.wasAttributedTo, _source_iri(c.source))
    return node


def _source_iri(source: str) -> URIRef:
    if "://" in source:
        return URIRef(source)
    return URIRef(Path(source).resolve().as_uri())


def _response(add, node: URIRef, ta: TurnAnalysis, model: str = "") -> None:
    """Each response type directly (dk:responseType) and as an assignment with its own evidence."""
    for r in ta.responses:
        add(node, DK.responseType, RESPONSE_TYPE[r.type])
        if r.evidence:
            add(node, DK.responseEvidence, _lit(r.evidence))
        ra = URIRef(f"{node}/response/{r.type}")
        add(node, DK.hasResponseTypeAssignment, ra)
        add(ra, RDF.type, DK.ResponseTypeAssignment)
        add(ra, DK.assignedResponseType, RESPONSE_TYPE[r.type])
        if r.evidence:
            add(ra, DK.evidence, _lit(r.evidence))
        if r.rule:
            add(ra, DK.extractedBy, _lit(r.rule))
        c = _fact_confidence(r.confidence, f"response:{r.rule or r.type}", model)
        if c is not None:
            add(ra, _CONFIDENCE, c)
        if r.correction is not None:
            _correction(add, ra, r.correction)


def _stances(add, describe, node: URIRef, ta: TurnAnalysis, model: str = "") -> None:
    for i, st in enumerate(ta.stances, start=1):
        sn = URIRef(f"{node}/stance/{i}")
        add(node, DK.expressesStance, sn)
        add(sn, RDF.type, DK.Stance)
        add(sn, DK.target, _entity(describe, st.target))
        add(sn, DK.polarity, POLARITY[st.polarity])
        add(sn, DK.evidence, _lit(st.evidence))
        add(sn, DK.cue, _lit(st.cue))
        add(sn, DK.start, Literal(st.start))
        add(sn, DK.end, Literal(st.end))
        if st.rule:
            add(sn, DK.extractedBy, _lit(st.rule))
        c = _fact_confidence(st.confidence, st.rule or "stance", model)
        if c is not None:
            add(sn, _CONFIDENCE, c)
        if st.correction is not None:
            _correction(add, sn, st.correction)


def _topics(add, e: URIRef, position: int, analysis: ConferenceAnalysis) -> None:
    """dk:about each topic, and a dk:TopicAssignment with its confidence and provenance."""
    for concept in analysis.topics.get(position, []):
        add(e, DK.about, TOPIC[concept])
        ta = URIRef(f"{e}/topic/{concept}")
        add(e, DK.hasTopicAssignment, ta)
        add(ta, RDF.type, DK.TopicAssignment)
        add(ta, DK.assignedTopic, TOPIC[concept])
        how = analysis.topic_keys.get((position, concept), "topic")
        c = _fact_confidence(analysis.topic_confidence.get((position, concept)), how, analysis.model)
        add(ta, DK.extractedBy, _lit(how))
        if c is not None:
            add(ta, _CONFIDENCE, c)
        corr = analysis.topic_corrections.get((position, concept))
        if corr is not None:
            _correction(add, ta, corr)


def _retracted(add, c: URIRef, analysis: ConferenceAnalysis) -> None:
    """Corrections that removed a fact: recorded on the utterance or exchange it was in."""
    for where, corr in analysis.retracted:
        if where[0] == "s":
            at = URIRef(f"{c}/statement/{where[1]}")
        elif where[0] == "t":
            at = URIRef(f"{c}/exchange/{where[1]}/turn/{where[2]}")
        else:
            at = URIRef(f"{c}/exchange/{where[1]}")
        _correction(add, at, corr, at=at)


def _turn_text(add, node: URIRef, turn: Turn, src: URIRef) -> None:
    add(node, DK.text, _lit(turn.text))
    if turn.label:
        add(node, DK.speakerLabel, _lit(turn.label))
    # where the turn sits in this rendering; the .txt and .html of one page differ here
    span = URIRef(f"{node}/span/{src.split('/')[-1]}")
    add(node, DK.sourceSpan, span)
    add(span, RDF.type, DK.SourceSpan)
    add(span, DK.inSource, src)
    add(span, DK.sourceStart, Literal(turn.start))
    add(span, DK.sourceEnd, Literal(turn.end))


def _answer_speaker(turn: Turn, conf: Conference) -> str | None:
    return turn.speaker or conf.spokesperson


def _spokesperson(add, name: str, anonymous_in: str | None = None) -> URIRef:
    if anonymous_in:
        p = resource("person", "anonymous", anonymous_in, slug(name))
        add(p, RDF.type, DK.Spokesperson)
        add(p, RDF.type, DK.AnonymousOfficial)
        add(p, RDFS.label, _lit(f"{name} (unnamed, {anonymous_in})"))
        return p
    from kg.nlp.gazetteer import gazetteer

    p = spokesperson_iri(name)
    known = gazetteer().get("person", slug(name))   # one label per IRI, however a source spells the name
    add(p, RDF.type, DK.Spokesperson)
    add(p, RDF.type, DK.Person)
    add(p, RDFS.label, _lit(known.label if known else name))
    return p


def _outlet(add, key: str, printed: str | None) -> URIRef:
    known = outlet_registry().get(key)
    o = resource("outlet", key)
    add(o, RDF.type, DK.MediaOutlet)
    add(o, RDFS.label, _lit(known.label if known else (printed or key)))
    if known and known.wikidata:
        add(o, OWL.sameAs, WD[known.wikidata])
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
