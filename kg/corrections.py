"""Corrections that survive rebuilds: a researcher's fixes to extracted facts.

A corrections file is a CSV (UTF-8, a header row, one correction a row) with these columns:

=============  ========  =====================================================================
column         needed    meaning
=============  ========  =====================================================================
``file``       yes       the source file's name, as ``kg build`` read it (``2019-09-10_hua-chunying_t1696514.txt``)
``exchange``   yes       the exchange's position (1-based), or ``s3`` for the third opening statement
``kind``       yes       ``link``, ``stance``, ``response_type`` or ``topic``
``subject``    see note  ``link``: the mention's text as printed ("AIT"); ``stance``: the target (an ISO
                         code, a label, or an entity IRI); ``topic``: the concept id (``taiwan``);
                         ``response_type``: empty
``value``      yes       ``link``: the right entity (``country:US``, ``organization:<key>``, an entity IRI,
                         a Wikidata QID the gazetteer knows, or ``none``: not an entity);
                         ``stance``: ``positive``, ``negative`` or ``none`` (no stance);
                         ``response_type``: the right type(s), ``|``-separated (``Referral|NoComment``);
                         ``topic``: ``yes`` (the exchange is about it) or ``no``
``question``   no        the first words of the exchange's question: when given, the correction applies
                         only while the exchange still starts so (a re-edited source is caught)
``evidence``   no        ``stance``: the sentence, when the correction adds a stance
``note``       no        free text, kept with the correction
=============  ========  =====================================================================

``kg build`` applies the corrections of each file right after extraction, before the
graph is written, so they survive every rebuild. Each corrected fact keeps its
provenance: it is ``prov:wasAttributedTo`` the corrections file and has a
``dk:Correction`` (kind, original value, corrected value, row, note); a removed fact leaves
its ``dk:Correction`` on the utterance or exchange it was in. A correction whose fact no
longer exists (the exchange, mention or stance is gone, or the question changed) is
reported by the build and stored with ``dk:correctionStatus "unmatched"`` and the reason,
never dropped silently. ``kg corrections`` lists them all and how many still apply.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.analysis import ConferenceAnalysis, Correction, Entity, Mention, ResponseFinding, StanceFinding, \
    RESPONSE_TYPES

__all__ = ["CorrectionRow", "CorrectionsFile", "CorrectionError", "read_corrections", "apply_corrections",
           "default_corrections_path", "KINDS", "COLUMNS"]

KINDS = ("link", "stance", "response_type", "topic")
COLUMNS = ("file", "exchange", "kind", "subject", "value", "question", "evidence", "note")
_ENTITY_IRI = re.compile(r"^https://w3id\.org/diplokg/id/(country|organization|person|initiative|place)/(.+)$")
_ENTITY_KINDS = ("country", "organization", "person", "initiative", "place")


class CorrectionError(ValueError):
    """A corrections file that cannot be read at all (the message names the file)."""


@dataclass(frozen=True)
class CorrectionRow:
    source: str          # the corrections file
    line: int            # its line number (the header is line 1)
    file: str
    where: tuple         # ("x", exchange) or ("s", statement)
    kind: str
    subject: str
    value: str
    question: str = ""
    evidence: str = ""
    note: str = ""

    def describe(self) -> str:
        at = f"exchange {self.where[1]}" if self.where[0] == "x" else f"statement {self.where[1]}"
        what = f"{self.kind} {self.subject!r}" if self.subject else self.kind
        return f"{self.file} {at}: {what} -> {self.value}"


@dataclass
class CorrectionsFile:
    path: str
    rows: list[CorrectionRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)      # "line N: problem"

    def for_file(self, name: str) -> list[CorrectionRow]:
        base = Path(name).name
        return [r for r in self.rows if r.file == base]

    def key_for(self, name: str) -> str:
        """A hash of the rows naming ``name`` (part of its build key): "" when there are none."""
        rows = self.for_file(name)
        if not rows:
            return ""
        h = hashlib.sha256()
        for r in rows:
            h.update(repr((r.line, r.where, r.kind, r.subject, r.value, r.question, r.evidence,
                           r.note)).encode())
        return h.hexdigest()[:16]


def default_corrections_path(store_path: str | Path) -> Path:
    """Where ``kg build`` looks when no ``--corrections`` is given: ``corrections.csv`` beside the store."""
    return Path(store_path).resolve().parent / "corrections.csv"


def read_corrections(path: str | Path) -> CorrectionsFile:
    """Read and check a corrections file. Rows with a problem are listed in ``errors`` (by line)
    and left out; a file that cannot be read at all raises :class:`CorrectionError`."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionError(f"{p}: cannot read the corrections file ({exc})") from None
    out = CorrectionsFile(str(p.resolve()))
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in ("file", "exchange", "kind", "value") if c not in header]
    if missing:
        raise CorrectionError(f"{p}: not a corrections file: the header lacks {', '.join(missing)} "
                              f"(columns: {', '.join(COLUMNS)})")
    for raw in reader:
        line = reader.line_num
        r = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        problem = _check(r)
        if problem:
            out.errors.append(f"line {line}: {problem}")
            continue
        ex = r["exchange"]
        where = ("s", int(ex[1:])) if ex.lower().startswith("s") else ("x", int(ex))
        out.rows.append(CorrectionRow(out.path, line, Path(r["file"]).name, where, r["kind"],
                                      r.get("subject", ""), r["value"], r.get("question", ""),
                                      r.get("evidence", ""), r.get("note", "")))
    return out


def _check(r: dict) -> str | None:
    if not r.get("file"):
        return "no file"
    ex = r.get("exchange", "")
    if not re.fullmatch(r"[sS]?[1-9]\d*", ex):
        return f"exchange {ex!r} is not a position (3) or a statement (s2)"
    kind = r.get("kind", "")
    if kind not in KINDS:
        return f"kind {kind!r} is not one of {', '.join(KINDS)}"
    value, subject = r.get("value", ""), r.get("subject", "")
    if not value:
        return "no value"
    if kind in ("link", "stance", "topic") and not subject:
        return f"a {kind} correction needs a subject"
    if kind == "stance" and value not in ("positive", "negative", "none"):
        return f"stance value {value!r} is not positive, negative or none"
    if kind == "topic" and value not in ("yes", "no"):
        return f"topic value {value!r} is not yes or no"
    if kind == "topic":
        from kg.nlp.topics import topic_terms

        if subject not in set(topic_terms().values()):
            return f"topic {subject!r} is not a concept of the topic scheme"
    if kind == "response_type":
        bad = [t for t in value.split("|") if t not in RESPONSE_TYPES]
        if bad:
            return f"response type {bad[0]!r} is not one of {', '.join(RESPONSE_TYPES)}"
    if kind in ("response_type", "topic", "stance") and ex.lower().startswith("s") and kind != "stance":
        return f"a {kind} correction names an exchange, not a statement"
    if kind == "link" and value != "none" and _entity(value, subject) is None:
        return (f"link value {value!r} names no entity (use country:US, organization:KEY, an entity "
                "IRI, a QID the gazetteer knows, or none)")
    return None


def _entity(value: str, label: str) -> Entity | None:
    from kg.nlp.gazetteer import gazetteer, minted

    g = gazetteer()
    m = _ENTITY_IRI.match(value)
    if m:
        kind, key = m.groups()
    elif ":" in value and value.split(":", 1)[0] in _ENTITY_KINDS:
        kind, key = value.split(":", 1)
    elif re.fullmatch(r"Q\d+", value):
        for e in g.entities.values():
            if e.qid == value:
                return e
        return None
    else:
        return None
    if kind == "country":
        return g.get("country", key.upper())
    known = g.get(kind, key)
    if known is not None:
        return known
    words = " ".join(w if w.isupper() else w.capitalize() for w in key.split("-"))
    return replace(minted(kind, words), key=key)


# -- applying ---------------------------------------------------------------------------


def apply_corrections(conf, analysis: ConferenceAnalysis, rows: list[CorrectionRow]) -> list[tuple[CorrectionRow, str]]:
    """Apply ``rows`` (the corrections naming this document's file) to ``analysis`` in place.

    Returns the rows that no longer apply, each with the reason.
    """
    unmatched = []
    exchanges = {ex.position: ex for ex in conf.exchanges}
    for row in rows:
        if row.where[0] == "x":
            ex = exchanges.get(row.where[1])
            if ex is None:
                unmatched.append((row, f"the document has no exchange {row.where[1]} "
                                       f"(it has {len(exchanges)})"))
                continue
            if row.question and not _starts(ex.turns[0].text, row.question):
                unmatched.append((row, f"exchange {row.where[1]}'s question no longer starts "
                                       f"with {row.question!r}"))
                continue
        elif row.where[1] not in analysis.statements:
            unmatched.append((row, f"the document has no statement {row.where[1]}"))
            continue
        reason = _APPLY[row.kind](conf, analysis, row)
        if reason:
            unmatched.append((row, reason))
    return unmatched


def _starts(text: str, words: str) -> bool:
    return " ".join(text.split()).startswith(" ".join(words.split()))


def _turns(conf, analysis: ConferenceAnalysis, row: CorrectionRow, answers_only: bool = False):
    """(where, TurnAnalysis, text) for the utterances the row's exchange or statement holds."""
    from kg.model import Role

    if row.where[0] == "s":
        st = next(s for s in conf.statements if s.position == row.where[1])
        yield ("s", row.where[1]), analysis.statements[row.where[1]], st.turn.text
        return
    ex = next(e for e in conf.exchanges if e.position == row.where[1])
    for k, turn in enumerate(ex.turns, start=1):
        if answers_only and turn.role is not Role.ANSWER:
            continue
        ta = analysis.turns.get((ex.position, k))
        if ta is not None:
            yield ("t", ex.position, k), ta, turn.text


def _corr(row: CorrectionRow, original: str) -> Correction:
    return Correction(row.source, row.line, row.kind, original, row.value, row.subject, row.note)


def _label(e: Entity) -> str:
    return f"{e.kind}:{e.key}"


def _link(conf, analysis, row) -> str | None:
    hits = 0
    new = None if row.value == "none" else _entity(row.value, row.subject)
    for where, ta, _ in _turns(conf, analysis, row):
        kept = []
        for m in ta.mentions:
            if m.text != row.subject:
                kept.append(m)
                continue
            hits += 1
            c = _corr(row, _label(m.entity))
            if new is None:
                analysis.retracted.append((where, c))
            else:
                kept.append(Mention(m.start, m.end, m.text, new, m.how, 1.0, c))
        ta.mentions[:] = kept
        if new is None:   # a stance toward a mention that is not an entity goes with it
            ta.stances[:] = [s for s in ta.stances if any(m.entity == s.target for m in ta.mentions)
                             or s.correction is not None]
    if not hits:
        return f"no mention reads {row.subject!r} there any more"
    return None


def _target(row: CorrectionRow, analysis, conf) -> Entity | None:
    from kg.nlp.gazetteer import gazetteer

    s = row.subject
    if re.fullmatch(r"[A-Z]{2}", s):
        return gazetteer().get("country", s)
    e = _entity(s, s)
    if e is not None:
        return e
    for _, ta, _ in _turns(conf, analysis, row):
        for m in ta.mentions:
            if m.entity.label.lower() == s.lower() or m.text.lower() == s.lower():
                return m.entity
        for st in ta.stances:
            if st.target.label.lower() == s.lower():
                return st.target
    known = gazetteer().lookup(s)
    return known[0].entity if known else None


def _stance(conf, analysis, row) -> str | None:
    target = _target(row, analysis, conf)
    if target is None:
        return f"{row.subject!r} is not mentioned there and is not a known entity"
    turns = list(_turns(conf, analysis, row, answers_only=row.where[0] == "x"))
    existing = [(where, ta, s) for where, ta, _ in turns for s in ta.stances if s.target == target]
    if row.value == "none":
        if not existing:
            return f"there is no stance toward {target.label} to remove"
        for where, ta, s in existing:
            ta.stances.remove(s)
            analysis.retracted.append((where, _corr(row, s.polarity)))
        return None
    if existing:
        seen = False
        for where, ta, s in existing:
            if seen or any(o is not s and o.target == target and o.polarity == row.value
                           and o.evidence == s.evidence for o in ta.stances):
                ta.stances.remove(s)
                analysis.retracted.append((where, _corr(row, s.polarity)))
                continue
            seen = True
            ta.stances[ta.stances.index(s)] = replace(s, polarity=row.value, confidence=1.0,
                                                      correction=_corr(row, s.polarity))
        return None
    # a stance extraction missed: evidence from the row, or the first answer sentence naming it
    for where, ta, text in turns:
        evidence = row.evidence
        if evidence and evidence in text:
            start = text.index(evidence)
        elif not evidence:
            ms = [m for m in ta.mentions if m.entity == target]
            if not ms:
                continue
            start, end = _sentence_around(text, ms[0].start)
            evidence = text[start:end]
        else:
            continue
        ta.stances.append(StanceFinding(target, row.value, "correction", evidence, start,
                                        start + len(evidence), "correction", 1.0, _corr(row, "")))
        return None
    if row.evidence:
        return f"the evidence sentence is not in the answer any more: {row.evidence[:60]!r}"
    return f"no answer there names {target.label} (give the sentence in the evidence column)"


def _sentence_around(text: str, at: int) -> tuple[int, int]:
    starts = [0] + [m.end() for m in re.finditer(r"[.!?][\"”’)]*\s+", text)]
    start = max(s for s in starts if s <= at)
    nxt = [s for s in starts if s > at]
    end = nxt[0] if nxt else len(text)
    return start, len(text[:end].rstrip())


def _response_type(conf, analysis, row) -> str | None:
    turns = list(_turns(conf, analysis, row, answers_only=True))
    if not turns:
        return "the exchange has no answer any more"
    want = row.value.split("|")
    where, ta, _ = turns[0]
    before = "|".join(sorted(r.type for r in ta.responses))
    old = {r.type: r for r in ta.responses}
    c = _corr(row, before)
    ta.responses[:] = [replace(old[t], confidence=1.0, correction=c) if t in old
                       else ResponseFinding(t, None, None, None, "correction", 1.0, c) for t in want]
    for _, other, _ in turns[1:]:
        other.responses[:] = [replace(r, confidence=1.0, correction=c) if r.type in want else r
                              for r in other.responses if r.type in want] or other.responses
    return None


def _topic(conf, analysis, row) -> str | None:
    pos, concept = row.where[1], row.subject
    have = analysis.topics.setdefault(pos, [])
    if row.value == "yes":
        if concept not in have:
            have.append(concept)
            have.sort()
            analysis.topic_corrections[(pos, concept)] = _corr(row, "no")
        else:
            analysis.topic_corrections[(pos, concept)] = _corr(row, "yes")
        analysis.topic_confidence[(pos, concept)] = 1.0
        return None
    if concept not in have:
        return f"exchange {pos} is not about {concept} any more: nothing to remove"
    have.remove(concept)
    analysis.topic_confidence.pop((pos, concept), None)
    analysis.retracted.append((("x", pos), _corr(row, "yes")))
    return None


_APPLY = {"link": _link, "stance": _stance, "response_type": _response_type, "topic": _topic}


# -- status (kg corrections) ---------------------------------------------------------------

_STATUS_QUERY = """PREFIX dk: <https://w3id.org/diplokg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?file ?row ?status ?why WHERE {
  GRAPH ?g { ?src dk:fileName ?file . ?c a dk:Correction ; prov:wasAttributedTo ?from ;
             dk:correctionRow ?row ; dk:correctionStatus ?status . OPTIONAL { ?c rdfs:comment ?why } }
  FILTER (?from = %s)
}"""


def correction_status(path: str | Path, store) -> dict:
    """Every row of the corrections file with what the store says of it: applied, no longer
    applies (with the reason), or not applied yet (its file is not in the store, or was built
    without it: rebuild). Unreadable rows are listed under ``errors``."""
    from rdflib import URIRef

    fixes = read_corrections(path)
    iri = URIRef(Path(fixes.path).as_uri()).n3()
    seen: dict[tuple[str, int], tuple[str, str]] = {}
    for file, row, status, why in store.query(_STATUS_QUERY % iri):
        key = (str(file), int(row))
        if key not in seen or str(status) == "unmatched":
            seen[key] = (str(status), str(why) if why is not None else "")
    files = {str(f) for (f,) in store.query(
        "PREFIX dk: <https://w3id.org/diplokg/ontology#> SELECT DISTINCT ?f WHERE { GRAPH ?g { ?s dk:fileName ?f } }")}
    rows = []
    counts = {"applied": 0, "no longer applies": 0, "not applied yet": 0}
    for r in fixes.rows:
        status, why = seen.get((r.file, r.line), ("", ""))
        if status == "applied":
            state = "applied"
        elif status == "unmatched":
            state = "no longer applies"
        else:
            state = "not applied yet"
            why = ("its file is not in the store" if r.file not in files
                   else "the file was built without this row: run kg build again")
        counts[state] += 1
        rows.append({"line": r.line, "file": r.file, "kind": r.kind, "subject": r.subject,
                     "value": r.value, "status": state, "reason": why, "describe": r.describe()})
    summary = (f"{len(fixes.rows)} correction(s) in {fixes.path}: {counts['applied']} applied, "
               f"{counts['no longer applies']} no longer apply, {counts['not applied yet']} not applied yet")
    if fixes.errors:
        summary += f"; {len(fixes.errors)} unreadable row(s): " + "; ".join(fixes.errors)
    return {"file": fixes.path, "rows": rows, "counts": counts, "errors": fixes.errors, "summary": summary}
