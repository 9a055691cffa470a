"""Singapore Ministry of Foreign Affairs records (mfa.gov.sg press room, one JSON array of records).

The file is a JSON array of records ``{url, title, date, country, content}`` as scraped from
mfa.gov.sg (press statements, readouts, replies to parliamentary questions, speeches, and a
few transcripts with questions). What the reader understands:

- **One document per record**, keyed by its URL (``Conference.record`` and ``url``); the key
  is minted from the URL's path, so it is stable whatever the order of the records and
  distinct from every other source (``sg-mfa-…``). Dates like ``08 May 2024, 23:15`` (the
  day is kept). A record that is not an object, has no URL or content, a date that cannot be
  read, or the URL of an earlier record, is a :class:`~kg.model.RecordError` named ``record N
  (url)`` (N counts from 1 in the array); the other records build.
- **Paragraphs** are the content's lines (the scraper collapsed other white space); offsets
  point into the record's ``content`` string, which is ``SourceText.text``. Words run together
  by the scraper (``RahimTo ask``, ``Inthe``) stay as they are. Photo captions and credits,
  the ``Q&A`` marker, the ``MINISTRY OF FOREIGN AFFAIRS / SINGAPORE / 8 MAY 2024`` signature
  and a capitals ``TRANSCRIPT OF …`` heading go to ``SourceText.dropped``.
- **Transcripts with questions** become conferences with exchanges: a journalist
  (``Dawn Tan (CNA):``, ``Süddeutsche Zeitung (Paul-Anton Krüger):``), an outlet
  (``GMA Integrated News:``), an audience question (``Question 1:``) or the interviewer the
  title names (``Amanpour:``, ``Jeanne:``, ``President:`` in an interview *with* President
  Ramos-Horta) opens an exchange; ministers answer (``Minister Vivian Balakrishnan:``,
  ``Minister Balakrishnan:``, ``Minister:`` = the minister of the title, ``Deputy Prime Minister
  Richard Marles:``); ``Moderator:`` neither asks nor answers. A label the scraper ran into the
  text (``AmanpourTell me …``) is recognised when that speaker is labelled elsewhere in the
  record. Kinds: ``joint-press-conference``, ``interview``, or ``other`` (a speech followed by
  questions from the audience).
- **Foreign ministers** at a joint press conference are officials of the document (its
  ``officials``, each answer turn's ``speaker``) but not of its government, which stays SG:
  their turns carry their own government (``Turn.government``), so their answers get response
  types but no stances (a stance in the graph is the speaking government's).
- **Every other record** is a statement document: each paragraph a statement, no exchanges.
  Kinds: ``parliamentary-reply`` (``QUESTION … REPLY …``: the question part and the reply are
  separate statements; the reply is the minister's), ``speech``, ``readout`` (visits, calls,
  meetings), ``press-statement`` (everything else: statements, comments, letters, advisories).

Government SG, language en.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from datetime import date
from functools import lru_cache

from kg.keys import slug
from kg.model import BadInput, Block, Conference, RecordError, Role, SourceText, Statement, Turn
from kg.sources.outlets import outlet_registry
from kg.sources.registry import Detection, SourceFormat
from kg.sources.text import decode, normalise
from kg.sources.turns import MODERATOR, OFFICIAL, QUESTION, Para, TurnAssembler

__all__ = ["FORMAT", "detect", "read", "parse_record", "parse_date", "statement_kind", "record_key"]

FORMAT_NAME = "singapore-mfa"
FIELDS = ("url", "title", "date", "content")

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_DATE = re.compile(r"^\s*(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})(?:\s*,?\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$")


def parse_date(raw) -> date | None:
    """The day of a record's ``date`` field, or None when it cannot be read.

    >>> parse_date("08 May 2024, 23:15"), parse_date("1 Sept 2021"), parse_date("2024-05-08")
    (datetime.date(2024, 5, 8), datetime.date(2021, 9, 1), datetime.date(2024, 5, 8))
    >>> parse_date("yesterday") is None, parse_date("31 February 2024") is None
    (True, True)
    """
    if not isinstance(raw, str):
        return None
    m = _DATE.match(raw)
    try:
        if m and m.group(2).lower() in _MONTHS:
            return date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None


def record_key(url: str) -> str:
    """The document key a record's URL gives: stable and distinct from other sources.

    >>> record_key("https://www.mfa.gov.sg/Newsroom/Press-Statements-Transcripts-and-Photos/2023/07/FM-Visit-to-Timor-Leste")
    'sg-mfa-2023-07-fm-visit-to-timor-leste'
    """
    tail = re.sub(r"^[a-z]+://(?:www\.)?mfa\.gov\.sg/(?:Newsroom/)?(?:Press-Statements-Transcripts-and-Photos/)?",
                  "", url.strip(), flags=re.I)
    return "sg-mfa-" + slug(tail or url)


# -- kinds ---------------------------------------------------------------------------------------

_JOINT = re.compile(r"\bJoint (?:Press |Vision )?Statement\b|\bJoint Declaration\b|\bJoint Communiqu|\bBegin Text\b", re.I)
# the first line of an account of an event, when the title names none
_MET = re.compile(r"\b(?:called on|met|visited|held a (?:reception|meeting|dinner|lunch|ceremony)|hosted|co-hosted|"
                  r"attended|had an audience|received a courtesy call)\b")
_PQ = re.compile(r"\bParliamentary Questions?\b|\bPQs?\b|\b(?:Written|Oral) Repl(?:y|ies)\b", re.I)
_SPEECH = re.compile(r"^(?:Transcript of|Statement by)\b|\b(?:Remarks|Speech|Keynote|Address|National Statement|"
                     r"Lecture|Toast|Eulogy|Opening Statement|Closing Statement|Statement at|Statement delivered)\b", re.I)
_PRESS = re.compile(r"\b(?:Press Statement|Joint Statement|Joint Declaration|Joint Vision Statement|Statement|"
                    r"Spokesperson|Comments|Travel Advisory|Advisory|Letters?|Message|Condolences?|Congratulat\w*)\b", re.I)
_READOUT = re.compile(r"\b(?:Visits?|Call(?:s)? on|Call with|Meetings?|Meets|Met|Telephone|Phone Call|Video ?Calls?|"
                      r"Video ?Conference|Consultations|Dialogue|Retreat|Talks|Audiences?|Engagements?|Participation|"
                      r"Attends?|to attend|Attendance|Joint Ministerial Committee|Commission|Conference|Summit|"
                      r"Forum|Council|Ceremony|Credentials|Credence|Reception|Book Signing|Conferment|Tree Planting|"
                      r"Roundtable|Round Table|Symposium|Representation at|Funeral|Trip|Tour)\b", re.I)


def statement_kind(title: str, content: str) -> str:
    """The kind of a record that holds no questions, from its title (its first line when the
    title says nothing).

    >>> statement_kind("Minister for Foreign Affairs Dr Vivian Balakrishnan's Written Reply to "
    ...                "Parliamentary Question on Visa-Free Travel", "QUESTION ...")
    'parliamentary-reply'
    >>> statement_kind("MFA Spokesperson's Comments on the Situation in Jerusalem", "")
    'press-statement'
    >>> statement_kind("Official Visit of Minister for Foreign Affairs of Australia Penny Wong, 6 to 7 July 2022", "")
    'readout'
    >>> statement_kind("Minister for Foreign Affairs Dr Vivian Balakrishnan's National Statement at the "
    ...                "General Debate of the 78th Session", "")
    'speech'
    >>> statement_kind("30th Anniversary of the Singapore Cooperation Programme", "The Ministry held a reception ...")
    'readout'
    """
    first = content.lstrip().split("\n", 1)[0][:300]
    if _PQ.search(title) or re.match(r"\s*QUESTIONS?(?![a-z])", content):
        return "parliamentary-reply"
    if _JOINT.search(title) or _JOINT.search(first) or re.search(r"\bAppointment\b", title):
        return "press-statement"
    if _SPEECH.search(title):
        return "speech"
    if re.search(r"\b(?:Book Signing|Ceremony|Receives|Received)\b", title):
        return "readout"
    if re.search(r"\b(?:Spokesperson|Comments|Travel Advisory|Letters?|Message|Condolences?|Congratulat\w*|"
                 r"Dialogue Partner|Admitted|Press Statement)\b", title, re.I):
        return "press-statement"
    if _READOUT.search(title) or _MET.search(first):
        return "readout"
    return "press-statement"


def conference_kind(title: str, content: str) -> str:
    """The kind of a record with questions: a joint press conference, an interview, or other."""
    if re.search(r"\bJoint Press Conference\b|\bJPC\b", title, re.I):
        return "joint-press-conference"
    if re.search(r"\bInterview\b|\bFireside Chat\b|\bConversation with\b|\bDoorstop\b|\bPodcast\b", title, re.I):
        return "interview"
    if re.search(r"\bJoint Press Conference\b", content, re.I):
        return "joint-press-conference"
    if re.search(r"\bInterview\b|\bDoorstop\b", content[:400], re.I):
        return "interview"
    return "other"


# -- paragraphs ----------------------------------------------------------------------------------

_DROP = [re.compile(p) for p in (
    r"^\[?\s*(?i:photos?\s*(?:caption|credit)s?|caption|credits?)\b",
    r"^Q\s*&\s*A$",
    r"^Annex(?:\s+[A-Z0-9]+)?$|^ANNEX(?:\s+[A-Z0-9]+)?$",
    r"^(?:MINISTRY OF [A-Z ,&’'()-]+|PRIME MINISTER[’']S OFFICE|SINGAPORE)(?:\s+\d{1,2}\s+[A-Z]+\s+\d{4})?$",
    r"^\d{1,2}\s+(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\s+\d{4}$",
    r"^TRANSCRIPT OF [^a-z]+$",
)]


def _lines(content: str) -> list[Block]:
    out, pos = [], 0
    for line in content.split("\n"):
        norm = normalise(line)
        if norm:
            lead = len(line) - len(line.lstrip(" \t\u00a0\r\ufeff"))
            out.append(Block(norm, pos + lead, pos + len(line.rstrip(" \t\u00a0\r\ufeff"))))
        pos += len(line) + 1
    return out


def _split_pq(blocks: list[Block], content: str) -> list[tuple[Block, bool]]:
    """(block, is_reply) for a parliamentary reply: the reply starts at ``REPLY``/``ANSWER``;
    a line holding both the question and the reply is cut in two there."""
    out: list[tuple[Block, bool]] = []
    reply = False
    marker = re.compile(r"(?<![A-Za-z])(?:REPLY|ANSWER)(?![A-Za-z])")
    for b in blocks:
        m = None if reply else marker.search(content, b.start, b.end)
        if m is None:
            out.append((b, reply))
            continue
        head_end = len(content[b.start:m.start()].rstrip())
        if head_end:
            out.append((Block(normalise(content[b.start:b.start + head_end]), b.start, b.start + head_end), False))
        out.append((Block(normalise(content[m.start():b.end]), m.start(), b.end), True))
        reply = True
    return out


# -- speakers ------------------------------------------------------------------------------------

_LABEL = re.compile(r"^(?P<label>[^:\n]{1,80}?)\s*:\s*")
_OFFICIAL = re.compile(r"^(?:(?:Deputy|Senior|Acting|Second|Emeritus|Coordinating|Foreign|Federal)\s+)*"
                       r"(?:Prime Minister|Minister(?: of State)?|Foreign Minister|Secretary|President|Vice President|"
                       r"Ambassador|High Commissioner|SMS|SMOS|MOS|DPM|PM|FM|Dr|Mr|Mrs|Ms|Mdm)\b\.?")
_HONORIFICS = re.compile(r"^(?:(?:Deputy|Senior|Acting|Second|Emeritus|Coordinating|Foreign|Federal)\s+)*"
                         r"(?:Prime Minister|Minister(?: of State)?(?: for [A-Z][\w ]+?(?= [A-Z][a-z]+ [A-Z]))?|"
                         r"Foreign Minister|Secretary|President|Vice President|Ambassador|High Commissioner|SMS|SMOS|"
                         r"MOS|DPM|PM|FM)\b\.?\s*|^(?:Dr|Mr|Mrs|Ms|Mdm|Dato[’']?\s*Seri|Dato[’']?|Datuk|Tan Sri|H\.?E\.?)\b\.?\s*")
_ASKER = re.compile(r"^(?:Question(?:\s*\d+)?|Q\d*|Questioner|Audience(?: member)?|Reporter|Journalist|Media|Host|"
                    r"Interviewer|Anchor)$", re.I)
_MODERATOR_LABEL = re.compile(r"^(?:The\s+)?(?:Moderator|MC|Emcee|Master of Ceremonies|Chair|Chairperson)$", re.I)
_BRACKETED = re.compile(r"^(?P<outer>[A-ZÀ-Þ][\w’'.\-]*(?:\s+[\w’'.\-]+){0,5})\s*\((?P<inner>[^()]{1,60})\)$")
_PARTICLES = {"dos", "da", "de", "del", "van", "von", "bin", "binte", "bte", "al", "el", "s/o", "d/o", "and"}
_TITLE_NAME = re.compile(r"\b(?:Dr|Mr|Mrs|Ms|Mdm|Madam)\s+((?:[A-Z][\w’'\-]+|bin|Bin|binte)(?:\s+(?:[A-Z][\w’'\-]+|bin|Bin|binte)){0,4})")
_NAME_STOP = {"Receives", "Attends", "Calls", "Meets", "Visits", "Delivers", "Speaks", "Participates", "To", "At",
              "Statement", "Remarks", "Address", "Speech", "National", "Minister", "In", "On", "And", "For", "Of"}


def canonical_name(name: str) -> str:
    """One spelling of a name however a record capitalises its particles ("Bin"/"bin", "Dos"/"dos").

    >>> canonical_name("Mohamad Maliki Bin Osman"), canonical_name("Bendito Dos Santos Freitas")
    ('Mohamad Maliki bin Osman', 'Bendito dos Santos Freitas')
    """
    words = name.split()
    return " ".join([words[0]] + [w.lower() if w.lower() in _PARTICLES else w for w in words[1:]]) if words else name


def _name_words(text: str) -> bool:
    words = text.split()
    return bool(words) and all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) and len(words) <= 6


def _strip_titles(label: str) -> str:
    rest = label.strip()
    for _ in range(4):
        m = _HONORIFICS.match(rest)
        if not m or not m.end():
            break
        rest = rest[m.end():]
    return rest.strip(" ,")


def main_minister(title: str) -> str | None:
    """The Singapore minister a record's title names first ("… Dr Vivian Balakrishnan's …").

    >>> main_minister("Transcript of Minister for Foreign Affairs Dr Vivian Balakrishnan's Live Interview")
    'Vivian Balakrishnan'
    >>> main_minister("Minister in the Prime Minister's Office, Second Minister for Foreign Affairs "
    ...               "Dr Mohamad Maliki Osman Receives Courtesy Call")   # as the gazetteer spells him
    'Maliki Osman'
    """
    m = _TITLE_NAME.search(title or "")
    if not m:
        return None
    words = []
    for w in m.group(1).split():
        bare = re.sub(r"[’']s$", "", w)
        if bare in _NAME_STOP:
            break
        words.append(bare)
        if bare != w:
            break
    return official_name(" ".join(words)) if len(words) >= 2 else None


def _interviewer_phrase(title: str) -> str:
    m = re.search(r"\b(?:Interview|Chat|Conversation|Dialogue)\s+with\s+(.+?)(?:\s+(?:on|at|during|in)\s+|,|$)", title)
    return m.group(1) if m else ""


@lru_cache(maxsize=1)
def _people() -> dict[str, tuple[str, str]]:
    """Folded full name -> (name as the gazetteer spells it, country ISO alpha-2 or "") of the
    people the gazetteer's data files know (kg/data/gazetteer/people*.csv)."""
    from kg.paths import GAZETTEER_DIR

    out: dict[str, tuple[str, str]] = {}
    for name in ("people_extra.csv", "people.csv"):
        path = GAZETTEER_DIR / name
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    out.setdefault(row["label"].casefold(), (row["label"], row.get("country_iso2") or ""))
    return out


def _person_countries() -> dict[str, str]:
    return {k: c for k, (_, c) in _people().items() if c}


def official_name(name: str) -> str:
    """One spelling for a Singapore official however a record writes the name: the gazetteer's
    when it knows the person (the same words, or a one-letter slip), else the particles in lower case.

    >>> official_name("Mohamad Maliki Bin Osman"), official_name("Vivian Balakrishan"), official_name("Gan Kim Yong")
    ('Maliki Osman', 'Vivian Balakrishnan', 'Gan Kim Yong')
    """
    name = canonical_name(name)
    people = _people()
    if name.casefold() in people:
        return people[name.casefold()][0]
    words = {w.casefold() for w in name.split()} - _PARTICLES
    sg = [label for label, country in people.values() if country == "SG"]
    within = [label for label in sg if len(label.split()) >= 2 and {w.casefold() for w in label.split()} <= words]
    if len(within) == 1:
        return within[0]
    close = difflib.get_close_matches(name, sg, n=2, cutoff=0.92)
    if len(close) == 1:
        return close[0]
    return name


@lru_cache(maxsize=1)
def _country_words() -> dict[str, str]:
    """Country names and demonyms (folded) -> ISO alpha-2, from the gazetteer's country files."""
    from kg.paths import GAZETTEER_DIR

    out: dict[str, str] = {}
    with (GAZETTEER_DIR / "countries.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for n in row["names"].split("|"):
                out.setdefault(n.casefold(), row["iso2"])
    with (GAZETTEER_DIR / "country_extra.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for n in row["demonyms"].split("|") + row["aliases"].split("|"):
                if n:
                    out.setdefault(n.casefold(), row["iso2"])
    return out


def official_government(name: str, text: str) -> str:
    """The government an official answers for: the gazetteer's country for the person, else a
    country named just before the name in the record ("my Australian hosts Minister Don Farrell",
    "Minister for Foreign Affairs of Australia Penny Wong"), else Singapore."""
    known = _person_countries().get(name.casefold())
    if known:
        return known
    words = _country_words()
    for m in re.finditer(re.escape(name), text, re.I):
        # the words just before the name, in the same line and sentence
        window = re.split(r"\n|[.!?;:]\s", text[max(0, m.start() - 90):m.start()])[-1]
        before = re.findall(r"[A-Z][\w’'\-]+(?:-[A-Z][\w’'\-]+)*", window)
        for w in reversed(before[-8:]):
            iso = words.get(w.casefold())
            if iso:
                return iso
        # two-word names ("Timor-Leste" is one word; "New Zealand", "South Korea" are two)
        for a, b in zip(before[-9:-1], before[-8:]):
            iso = words.get(f"{a} {b}".casefold())
            if iso:
                return iso
    return "SG"


class _Speakers:
    """Who a record's labels name: askers, officials (full names) and the moderator."""

    def __init__(self, title: str, content: str, labels: list[str]):
        self.title, self.content = title, content
        self.interviewer = _interviewer_phrase(title)
        self.main = main_minister(title)
        self.full: list[str] = [self.main] if self.main else []
        for label in labels:
            if self._kind(label) == OFFICIAL:
                name = _strip_titles(label)
                if len(name.split()) >= 2 and _name_words(name) and official_name(name) not in self.full:
                    self.full.append(official_name(name))
        if not self.main:
            self.main = next((n for n in self.full if official_government(n, title + "\n" + content) == "SG"), None)
        self.outlets: dict[str, str] = {}   # an asker's surname -> outlet key, from a bracketed label
        for label in labels:
            b = _BRACKETED.match(label)
            if b:
                key = self._outlet(label)
                if key:
                    self.outlets.setdefault(b.group("outer").split()[-1].casefold(), key)
        self._gov: dict[str, str] = {}

    def _kind(self, label: str) -> str | None:
        if _MODERATOR_LABEL.match(label):
            return MODERATOR
        b = _BRACKETED.match(label)
        if _ASKER.match(label) or b and _name_words(b.group("outer")) and b.group("inner")[:1].isupper():
            return QUESTION
        words = [w for w in re.findall(r"[\w’'\-]+", label)]
        if self.interviewer and words and all(w in self.interviewer for w in words):
            return QUESTION
        if outlet_registry().lookup(label) is not None and not _OFFICIAL.match(label):
            return QUESTION
        if _OFFICIAL.match(label) and (not _strip_titles(label) or _name_words(_strip_titles(label))):
            return OFFICIAL
        return None

    def classify(self, label: str) -> tuple[str | None, str | None, str | None]:
        """(kind, speaker's full name, outlet key) of a label."""
        kind = self._kind(label)
        if kind == OFFICIAL:
            return kind, self.official(label), None
        if kind == QUESTION:
            return kind, None, self._outlet(label) or self.outlets.get(label.split()[-1].casefold())
        return kind, None, None

    def official(self, label: str) -> str:
        name = _strip_titles(label)
        if not name:
            return self.main or label
        if len(name.split()) == 1:
            hits = [n for n in self.full if name.casefold() in (w.casefold() for w in n.split())]
            if hits:
                return hits[0]
        return official_name(name)

    def government(self, name: str) -> str:
        if name not in self._gov:
            self._gov[name] = official_government(name, self.title + "\n" + self.content)
        return self._gov[name]

    @staticmethod
    def _outlet(label: str) -> str | None:
        reg = outlet_registry()
        b = _BRACKETED.match(label)
        if not b:
            known = reg.lookup(label)
            return known.key if known else None
        for part in (label, b.group("inner"), b.group("outer")):
            known = reg.lookup(part)
            if known:
                return known.key
        # unknown: the outlet is the bracket unless the bracket is a person and the rest is not
        return reg.resolve(b.group("inner")).key


def _labelled(blocks: list[Block], speakers: _Speakers | None, known: set[str]) -> list[tuple[Block, str, int]]:
    """Each block with its label and the label's length ("" and 0: none); a known speaker's label
    run into the text (``AmanpourTell``) is recognised too."""
    out = []
    for b in blocks:
        m = _LABEL.match(b.text)
        if m and (speakers is None or speakers._kind(m.group("label").strip())):
            out.append((b, m.group("label").strip(), m.end()))
            continue
        run = next((k for k in sorted(known, key=len, reverse=True)
                    if b.text.startswith(k) and len(b.text) > len(k) and b.text[len(k)].isupper()), None)
        out.append((b, run, len(run)) if run else (b, "", 0))
    return out


# -- records -------------------------------------------------------------------------------------

class _Bad(Exception):
    pass


def parse_record(path: str, number: int, rec) -> Conference:
    """One record (``number`` counts from 1) into a conference or statement document; raises
    ``_Bad`` with the reason when it cannot be read."""
    if not isinstance(rec, dict):
        raise _Bad(f"not a JSON object but {type(rec).__name__}")
    missing = [f for f in FIELDS if f not in rec]
    if missing:
        raise _Bad(f"missing field{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    url, title, raw_date, content = (rec[f] for f in FIELDS)
    if not isinstance(url, str) or not url.strip():
        raise _Bad("no url")
    for name, value in (("title", title), ("content", content)):
        if value is not None and not isinstance(value, str):
            raise _Bad(f"{name} is {type(value).__name__}, not text")
    if not content or not content.strip():
        raise _Bad("no content")
    when = parse_date(raw_date)
    if when is None:
        raise _Bad(f"date {raw_date!r} cannot be read (expected like '08 May 2024, 23:15')")
    title = normalise(title or "")
    source = SourceText(path=path, media_type="application/json", text=content, blocks=[], title=title or None)
    kept = []
    for b in _lines(content):
        (source.dropped if any(p.match(b.text) for p in _DROP) else kept).append(b)
    if not kept:
        # a record of photographs only: its captions are what it says
        kept = [b for b in source.dropped if re.match(r"^\[?\s*(?i:photos?\s*)?(?i:caption)", b.text)]
        source.dropped = [b for b in source.dropped if b not in kept]
    source.blocks = kept
    if not kept:
        raise _Bad("no content: only photo credits and the ministry's signature")

    # a transcript? labels of askers or interviewers
    first = [(_LABEL.match(b.text).group("label").strip() if _LABEL.match(b.text) else None) for b in kept]
    speakers = _Speakers(title, content, [x for x in first if x])
    is_transcript = any(x and speakers._kind(x) == QUESTION for x in first)
    common = dict(source=source, key=record_key(url), title=title or None, date=when, date_source="record",
                  article_id=None, format=FORMAT_NAME, language="en", government="SG", url=url.strip(),
                  record=url.strip())
    if not is_transcript:
        kind = statement_kind(title, content)
        minister = main_minister(title) if kind in ("parliamentary-reply", "speech") else None
        statements = []
        if kind == "parliamentary-reply":
            for b, reply in _split_pq(kept, content):
                statements.append(Statement(len(statements) + 1, Turn(Role.ANSWER, None, [b],
                                                                      speaker=minister if reply else None)))
            return Conference(**common, spokesperson=None, kind=kind, statements=statements, exchanges=[],
                              officials=[minister] if minister else [])
        for b in kept:
            statements.append(Statement(len(statements) + 1, Turn(Role.ANSWER, None, [b], speaker=minister)))
        return Conference(**common, spokesperson=minister, kind=kind, statements=statements, exchanges=[],
                          officials=[minister] if minister else [])

    known = {x for x in first if x and speakers._kind(x)}
    asm = TurnAssembler()
    for b, label, end in _labelled(kept, speakers, known):
        if not label:
            asm.feed(Para(b))
            continue
        kind, speaker, outlet = speakers.classify(label)
        asm.feed(Para(b, kind, label, end, speaker, outlet))
    asm.finish()
    officials: list[str] = []
    for t in [s.turn for s in asm.statements] + [t for ex in asm.exchanges for t in ex.turns]:
        if t.speaker:
            if t.speaker not in officials:
                officials.append(t.speaker)
            gov = speakers.government(t.speaker)
            if gov != "SG":
                t.government = gov
    main = speakers.main if speakers.main in officials else next(
        (n for n in officials if speakers.government(n) == "SG"), officials[0] if officials else speakers.main)
    if main and main not in officials:
        officials.insert(0, main)
    elif main:
        officials.remove(main)
        officials.insert(0, main)
    return Conference(**common, spokesperson=main, kind=conference_kind(title, content),
                      statements=asm.statements, exchanges=asm.exchanges, officials=officials,
                      moderation=asm.moderation)


def _describe(rec) -> str:
    url = rec.get("url") if isinstance(rec, dict) else None
    return f" ({url})" if isinstance(url, str) and url.strip() else ""


def read(name: str, data: bytes):
    """Every record of the array: a document each, or a :class:`RecordError` naming it."""
    text = decode(name, data)
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        tail = text.rstrip()
        truncated = exc.pos >= len(tail) - 1 or "Unterminated" in exc.msg or exc.msg.startswith("Expecting")
        what = "truncated or broken JSON" if truncated else "broken JSON"
        raise BadInput(name, f"{what}: {exc.msg} at line {exc.lineno}, column {exc.colno} "
                             f"(character {exc.pos} of {len(text)}); nothing of it was read") from None
    if not isinstance(records, list):
        shape = type(records).__name__
        hint = f" with keys {', '.join(list(records)[:6])}" if isinstance(records, dict) else ""
        raise BadInput(name, f"the JSON is a {'object' if shape == 'dict' else shape}{hint}, not an array of "
                             "records {url, title, date, country, content}")
    seen: dict[str, int] = {}
    for number, rec in enumerate(records, start=1):
        where = f"record {number}{_describe(rec)}"
        try:
            doc = parse_record(name, number, rec)
        except _Bad as exc:
            yield RecordError(where, str(exc))
            continue
        if doc.key in seen:
            yield RecordError(where, f"the same url as record {seen[doc.key]}: kept once")
            continue
        seen[doc.key] = number
        yield doc


# -- the source format ---------------------------------------------------------------------------

def detect(name: str, data: bytes) -> Detection:
    """A JSON array of records from mfa.gov.sg scores high; a JSON whose first record has the
    fields (url, title, date, content) is taken as such (the reader then says what is wrong)."""
    head = data[:16384].lstrip(b"\xef\xbb\xbf \t\r\n")
    fields = all(f'"{f}"'.encode() in head for f in FIELDS)
    if b"mfa.gov.sg" in head and fields:
        return Detection(90, "JSON records from the Singapore MFA press room (mfa.gov.sg)")
    if b"mfa.gov.sg" in head:
        return Detection(40, "JSON naming mfa.gov.sg: read as Singapore MFA records")
    if fields:
        return Detection(20, "JSON with url, title, date and content fields: read as Singapore MFA records")
    return Detection(0, "no Singapore MFA record fields (url, title, date, content)")


FORMAT = SourceFormat(
    name=FORMAT_NAME,
    title="Singapore MFA press statements, readouts, parliamentary replies, speeches and transcripts (mfa.gov.sg, JSON)",
    government="SG", languages=("en",), suffixes=(".json",), detect=detect, read=read,
    documents="one document per record (a JSON array of {url, title, date, country, content})",
    speakers="transcripts: journalist (outlet) or interviewer, ministers answer (Minister Vivian Balakrishnan:, "
             "Minister:); Moderator:; other records are statements",
)
