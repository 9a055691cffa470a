"""White House press briefings, gaggles and background calls (whitehouse.gov Briefing Room, as markdown).

The files are pandoc markdown with YAML front matter (``date``, ``source_url``, ``title``),
text hard-wrapped at about 72 columns. What the reader understands:

- **Paragraphs** are blank-line separated blocks; a line that opens with a speaker label starts
  a new paragraph even without a blank line before it (``... See you on the ground.`` / ``Q
  Thank you.``). Pandoc escapes are undone (``\\[sic\\]`` -> ``[sic]``) and ``<s>…</s>``
  strike-through tags dropped (the struck words stay: they were said); offsets point into that
  unescaped text, which is ``SourceText.text`` (the front matter is kept as it is).
- **Questions** are ``Q`` followed by spaces: every one opens an exchange; reporters are not
  named, so no outlet (even when one says "Michelle from Bloomberg").
- **Officials** are capitals labels: ``MS. JEAN-PIERRE:``, ``MR. KIRBY:``, ``ADMINISTRATOR
  CRISWELL:``. Each answer turn's ``speaker`` is the full name, resolved from the officials the
  title names ("Press Briefing by Press Secretary Karine Jean-Pierre and National Security
  Advisor Jake Sullivan") by surname, forgiving the typos of the transcripts (``MR.
  SULLIVCAN:``, ``MR SULLIVAN:``, ``MR. SLOAT:`` for Ms. Sloat); an official the title does not
  name is found by surname in the text ("I'm Sean Savett from the National Security Council").
  ``SENIOR ADMINISTRATION OFFICIAL:`` is an anonymous official of that document only
  (``Conference.anonymous_speakers``).
- **A moderator** (``MODERATOR:``) neither asks nor answers: moderator turns inside exchanges,
  ``Conference.moderation`` outside them. An official's turn that only hands the floor on
  ("Go ahead, Nancy.", "Thanks, John.", "Over to Josh with Bloomberg.") is a moderator turn too.
- **Opening remarks** are statements, one per paragraph, with their speaker. A short remark from
  the room before the briefing is opened to questions ("Q Good afternoon.") is an exchange whose
  answer is the official's first paragraph; the opening remarks go on as statements.
- **Boilerplate** kept in ``SourceText.dropped``: the front matter, the place line ("James S.
  Brady Press Briefing Room", "Aboard Air Force One ..."), time stamps (``1:55 P.M. EST``,
  ``END 3:48 P.M. EDT``) and the closing ``###``.
- **Stage directions** such as ``(Laughter.)`` stay in the turn where they are printed: they are
  part of the record, name nothing, and leave the words said untouched.

Kinds (from the title): ``press-briefing``, ``press-gaggle``, ``background-call``. Government US,
language en. Every paragraph ends up in one statement, turn, moderation statement or the
dropped list.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from kg.keys import slug
from kg.model import BadInput, Block, Conference, SourceText
from kg.sources.markdown import front_matter, paragraphs, unescape
from kg.sources.registry import Detection, SourceFormat
from kg.sources.text import decode, normalise
from kg.sources.turns import MODERATOR, OFFICIAL, QUESTION, Para, TurnAssembler

__all__ = ["FORMAT", "detect", "read", "parse", "title_officials", "title_kind", "is_floor"]

# "Q" and spaces (U+00A0 in most files), at the start of a paragraph or a line
_Q = re.compile(r"^Q[:.]?(?:[ \t\u00a0]+|$)")
# a capitals label: "MS. JEAN-PIERRE:", "MR SULLIVAN:", "SENIOR ADMINISTRATION OFFICIAL:"
_CAPS = re.compile(r"^(?P<label>[A-Z][A-Z.'’\-]*(?:[ \u00a0]+[A-Z0-9][A-Z0-9.'’\-]*){0,6})[ \u00a0]*:(?:[ \t\u00a0]+|$)")
_HONORIFIC = re.compile(r"^(?:MR|MS|MRS|MISS|DR|ADM|GEN|ADMINISTRATOR|SECRETARY|AMBASSADOR|ADMIRAL|GENERAL|"
                        r"SENATOR|GOVERNOR|MAYOR|DIRECTOR|DEPUTY SECRETARY|SPECIAL ENVOY|CHAIR|CHAIRMAN|"
                        r"COMMISSIONER|ATTORNEY GENERAL|SURGEON GENERAL|CAPTAIN|COLONEL|LIEUTENANT)\b\.?\s*")
_MODERATOR = re.compile(r"^(?:THE )?(?:MODERATOR|OPERATOR)(?:\s+\d+)?$")
_ANONYMOUS = re.compile(r"^(?:A |THE )?(?:SENIOR |SECOND SENIOR |THIRD SENIOR )?(?:[A-Z]+ )*OFFICIAL(?:\s+(?:\d+|#\d+|[A-Z]))?$")
_TIME = re.compile(r"^(?:END\s+)?\d{1,2}:\d{2}\s*[AP]\.?\s?M\.?(?:\s+[A-Z]{2,4})?$", re.I)
_END = re.compile(r"^(?:#{3,}|END)$")
# words of a position, never of a name ("Press Secretary", "National Security Advisor")
_POSITION_WORDS = {
    "press", "secretary", "national", "security", "advisor", "adviser", "council", "coordinator",
    "for", "strategic", "communications", "white", "house", "nsc", "senior", "director", "europe",
    "fema", "administrator", "nation", "deputy", "principal", "assistant", "to", "the", "president",
    "chief", "of", "staff", "special", "envoy", "ambassador", "united", "states", "state", "department",
    "spokesperson", "spokesman", "homeland", "economic", "domestic", "policy", "climate", "vice",
    "first", "lady", "counselor", "apnsa", "u.s.", "us", "and", "on", "at", "attorney", "general",
    "defense", "treasury", "commerce", "energy", "agriculture", "labor", "transportation", "un",
    "cyber", "emerging", "technology", "international", "affairs", "indo-pacific", "middle", "east",
    "africa", "asia", "western", "hemisphere", "operations", "legislative", "intergovernmental",
}
_CUT = re.compile(r",|\s+(?:En Route|Previewing|Aboard|on|at|in|to|following|after|before|during|"
                  r"ahead of|via)\s+", re.I)
_KINDS = [(re.compile(r"\bBackground (?:Press |Briefing )?Call\b|\bBackground Briefing\b", re.I), "background-call"),
          (re.compile(r"\bGaggle\b", re.I), "press-gaggle"),
          (re.compile(r"\bPress Conference\b", re.I), "press-briefing"),
          (re.compile(r"\bBriefing\b|\bPress Call\b", re.I), "press-briefing")]


# -- the title and the officials it names -----------------------------------------------------

def title_kind(title: str | None) -> str:
    """The document kind a title names.

    >>> title_kind("Background Press Call on APNSA Jake Sullivan’s Meeting with Wang Yi")
    'background-call'
    >>> title_kind("On-the-Record Press Gaggle by NSC Senior Director for Europe Amanda Sloat")
    'press-gaggle'
    """
    return next((k for rx, k in _KINDS if title and rx.search(title)), "other")


def title_officials(title: str | None) -> list[str]:
    """The officials a title names after "by", position words stripped.

    >>> title_officials("Press Briefing by Press Secretary Karine Jean-Pierre and National "
    ...                 "Security Council Coordinator for Strategic Communications John Kirby, September 16, 2022")
    ['Karine Jean-Pierre', 'John Kirby']
    >>> title_officials("On-the-Record Press Gaggle by NSC Senior Director for Europe Amanda Sloat "
    ...                 "Previewing the President’s Trip to Northern Ireland")
    ['Amanda Sloat']
    >>> title_officials("Background Press Call on APNSA Jake Sullivan’s Meeting with Foreign Minister Wang Yi")
    []
    """
    if not title:
        return []
    m = re.search(r"\bby\s+(.+)$", normalise(title))
    if not m:
        return []
    rest = _CUT.split(m.group(1), maxsplit=1)[0]
    names = []
    for part in re.split(r"\s+and\s+|\s*&\s*", rest):
        words = part.split()
        name: list[str] = []
        while words and words[-1].lower() not in _POSITION_WORDS and len(name) < 4:
            name.insert(0, words.pop())
        if len(name) == 1 and words and words[-1][:1].isupper() and len(words[-1]) <= 2:
            name.insert(0, words.pop())   # an initial: "J. Kirby"
        if name and all(w[:1].isupper() for w in name):
            names.append(" ".join(name))
    return names


def _surname(label: str) -> str:
    """The name part of a capitals label: "MS. JEAN-PIERRE" -> "JEAN-PIERRE"."""
    rest = label
    while True:
        m = _HONORIFIC.match(rest)
        if not m or not m.end():
            break
        rest = rest[m.end():]
    return rest.strip(" .")


def _title_case(word: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


class _Officials:
    """Full names for a document's capitals labels (title first, then the text), one per label."""

    def __init__(self, named: list[str], body: str):
        self.named = list(named)
        self.body = body
        self.by_label: dict[str, str] = {}
        self.anonymous: list[str] = []
        self.order: list[str] = []      # everyone who speaks or is named, in order

    def resolve(self, label: str) -> str:
        if label in self.by_label:
            return self.by_label[label]
        if _ANONYMOUS.match(label):
            name = " ".join(_title_case(w) for w in label.split())
            if name not in self.anonymous:
                self.anonymous.append(name)
        else:
            name = self._named(_surname(label)) or " ".join(_title_case(w) for w in label.split())
        self.by_label[label] = name
        return name

    def _named(self, surname: str) -> str | None:
        if not surname:
            return None
        want = surname.casefold()
        lasts = {n.split()[-1].casefold(): n for n in self.named}
        if want in lasts:
            return lasts[want]
        close = difflib.get_close_matches(want, list(lasts), n=1, cutoff=0.8)
        if close:                       # "SULLIVCAN" is Sullivan
            return lasts[close[0]]
        # not in the title: "I'm Sean Savett from ..." in the text
        printed = _title_case(surname)
        firsts = Counter(re.findall(r"\b([A-Z][a-z]+(?:\s[A-Z]\.)?)\s+" + re.escape(printed) + r"\b", self.body))
        for first, _ in firsts.most_common():
            if first.lower() not in _POSITION_WORDS and first not in ("Mr", "Ms", "Mrs", "Dr", "Admiral", "General"):
                return f"{first} {printed}"
        return None


# -- paragraphs --------------------------------------------------------------------------------

def _label(text: str) -> tuple[str, str | None, int]:
    """(kind, label as printed, label length) of a paragraph; kind None when unlabelled."""
    q = _Q.match(text)
    if q and (len(text) == 1 or not text[1].isalpha()):
        return QUESTION, "Q", q.end()
    m = _CAPS.match(text)
    if m:
        label = re.sub(r"[ \u00a0]+", " ", m.group("label")).strip()
        if _MODERATOR.match(label):
            return MODERATOR, label, m.end()
        if _ANONYMOUS.match(label) or _HONORIFIC.match(label) or label in ("THE PRESIDENT", "THE VICE PRESIDENT") \
                or (len(label.split()) >= 2 and not all(len(w.strip(".")) <= 3 for w in label.split())):
            return OFFICIAL, label, m.end()
    return None, None, 0


def _starts_paragraph(line: str) -> bool:
    return _label(line)[0] is not None


# -- floor management and the opening -------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?—–-])\s+(?=[A-Z(])")
_NAME = r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,2}"
_LEAD = r"(?:(?i:okay|ok|all right|alright|great|so|and|yeah|thank you|thanks)[,.]?\s+)*"
_FILLER = re.compile(r"^(?i:okay|ok|all right|alright|great|so|and|now|actually)[,.!]*$")
_FLOOR = [re.compile(p) for p in (
    _LEAD + r"(?i:go ahead)(?:[,.]?\s+(?:(?i:and|please|in the)\s+)?(?:" + _NAME + r"|(?i:please|back|middle|sir|ma’am|ma'am)))?[.!,—–\-]*$",
    _LEAD + r"(?i:thanks?(?: you)?(?: so much)?),?\s+(?!(?i:everyone|everybody|guys|all|so|very)\b)" + _NAME + r"[.!]*$",
    r"^(?i:thank you)\.\s+" + _NAME + r"\.$",
    _LEAD + r"(?i:(?:just\s+)?(?:a|one|two)\s+(?:few|couple|last|more|final))\b[^.?]{0,40}[.!—–\-]*$",
    _LEAD + r"(?i:over to|let(?:'|’)?s go (?:back )?to|let(?:'|’)?s got to|we(?:'|’)?ll go (?:back )?to|"
    r"we(?:'|’)?ll (?:take|do|come back to|start with)|let me take|let(?:'|’)?s do|next (?:question|up)|"
    r"first up|our (?:first|next|last|final) question|we only have time for|we have time for)\b.*$",
    r"^" + _NAME + r"(?:,|\s+with)\s+(?:the\s+)?[A-Z][\w.&'’\-]*(?:\s+[A-Z][\w.&'’\-]*){0,3}\.$",  # "Ed O’Keefe, CBS."
    r"^The [A-Z]{2,5}\.$",                                           # "The BBC."
    _LEAD + r"(?i:(?:we[’']re|we are|I[’']m|I am|we[’']ll|we will|let[’']s|let me) (?:going to )?(?:do|take|have))\b[^.?]{0,40}"
    r"\b(?i:one|two|a few|a couple|last|final|more)\b[^.?]{0,40}\b(?i:questions?)\b[^?]*$",
)]
_NOT_NAMES = {"Yes", "Yeah", "Yep", "Sure", "Right", "No", "Okay", "Ok", "Great", "Thanks", "Mm-hm", "Mm-hmm",
              "Correct", "Exactly", "Absolutely", "Good", "Oh", "Hi", "Hello", "Hey", "Well", "Thirty"}


def _floor_sentence(s: str) -> bool:
    first = re.split(r"[\s,.!]", s, maxsplit=1)[0]
    if first in _NOT_NAMES and not re.match(r"^(?:Okay|Ok|Great|Thanks)\b", s):
        return False
    return any(p.match(s) for p in _FLOOR)


def is_floor(text: str) -> bool:
    """Whether an official's whole turn only hands the floor on (a moderator's act, not an answer).

    >>> is_floor("Go ahead, Nancy."), is_floor("Okay. All right. Go ahead."), is_floor("Thanks, John.")
    (True, True, True)
    >>> is_floor("Over to Josh with Bloomberg."), is_floor("Ed O’Keefe, CBS."), is_floor("Drones.")
    (True, True, False)
    >>> is_floor("Yes, ma’am."), is_floor("No fighting. (Laughter.)"), is_floor("Thanks, everyone.")
    (False, False, False)
    >>> is_floor("Okay. All right."), is_floor("Yeah."), is_floor("We’ve spoken with them along the way.")
    (False, False, False)
    >>> is_floor("Thanks, John. We’re going to do, like, one last question just to get us back on track.\\n\\nGo ahead, please.")
    True
    """
    sentences = [s.strip() for s in _SENTENCE.split(text.replace("\n\n", " ")) if s.strip()]
    acts = [s for s in sentences if not _FILLER.match(s)]
    return bool(acts) and all(_floor_sentence(s) for s in acts)


_OPENED = re.compile(r"\bquestions?\b|\bkick (?:us|it|things) off\b|\bgo ahead\b|\bwith that\b|"
                     r"\bopen it up\b|\bfloor\b|\bturn (?:it|things) over\b|\bhand it over\b", re.I)
ASIDE_WORDS = 8


def _opening_ends(text: str) -> bool:
    return bool(_OPENED.search(text))


def _is_aside(text: str) -> bool:
    return len(text.split()) <= ASIDE_WORDS


# -- the reader --------------------------------------------------------------------------------

def _date(path: str, fields: dict) -> tuple[date | None, str]:
    raw = fields.get("date")
    if isinstance(raw, datetime):
        return raw.date(), "record"
    if isinstance(raw, date):
        return raw, "record"
    if raw not in (None, ""):
        try:
            return date.fromisoformat(str(raw).strip()), "record"
        except ValueError:
            raise BadInput(path, f"the front matter's date {raw!r} is not a date (YYYY-MM-DD)") from None
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", Path(path).stem)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])), "file name"
        except ValueError:
            pass
    return None, "none"


def _header_and_trailer(blocks: list[Block]) -> tuple[int, int]:
    """How many leading blocks are the place line(s) and opening time stamp, and where the
    trailing time stamp / END / ### begin."""
    head = 0
    for i, b in enumerate(blocks[:5]):
        if _TIME.match(b.text):
            head = i + 1
            break
        if _label(b.text)[0] is not None or len(b.text) > 120:
            break
    tail = len(blocks)
    while tail > head and (_TIME.match(blocks[tail - 1].text) or _END.match(blocks[tail - 1].text)):
        tail -= 1
    return head, tail


def parse(path: str, text: str) -> Conference:
    """One briefing's text (front matter and markdown body) into a :class:`Conference`."""
    fm = front_matter(path, text)
    fields = fm.fields
    title = normalise(str(fields["title"])) if fields.get("title") else None
    when, date_source = _date(path, fields)
    body = unescape(text[fm.end:])
    stored = text[:fm.end] + body
    blocks = paragraphs(stored, fm.end, _starts_paragraph)
    source = SourceText(path=path, media_type="text/markdown", text=stored, blocks=[], title=title,
                        dropped=[Block(normalise(text[:fm.end]), 0, fm.end)])
    head, tail = _header_and_trailer(blocks)
    source.dropped.extend(blocks[:head])
    kept = []
    for b in blocks[head:tail]:
        (source.dropped if _TIME.match(b.text) else kept).append(b)
    source.dropped.extend(blocks[tail:])
    source.blocks = kept
    if not kept:
        raise BadInput(path, "no briefing text after the front matter")

    officials = _Officials(title_officials(title), body)
    asm = TurnAssembler(is_floor=is_floor, is_aside=_is_aside, opening_ends=_opening_ends)
    for b in kept:
        kind, label, end = _label(b.text)
        speaker = officials.resolve(label) if kind == OFFICIAL else None
        asm.feed(Para(b, kind, label, end, speaker))
    asm.finish()
    if not asm.exchanges and not any(t.turn.speaker for t in asm.statements):
        raise BadInput(path, "no briefing structure: no Q turn and no official's label "
                             "(MS. PSAKI:, MR. KIRBY:, SENIOR ADMINISTRATION OFFICIAL:)")
    speaking = []
    for t in [s.turn for s in asm.statements] + [t for ex in asm.exchanges for t in ex.turns]:
        if t.speaker and t.speaker not in speaking:
            speaking.append(t.speaker)
    everyone = officials.named + [n for n in speaking if n not in officials.named]
    stem = Path(path).stem
    return Conference(
        source=source, key="whitehouse-" + slug(stem), title=title, date=when, date_source=date_source,
        spokesperson=everyone[0] if everyone else None, kind=title_kind(title), article_id=None,
        statements=asm.statements, exchanges=asm.exchanges, format=FORMAT_NAME, language="en",
        government="US", officials=everyone, url=str(fields["source_url"]) if fields.get("source_url") else None,
        moderation=asm.moderation, anonymous_speakers=[n for n in officials.anonymous if n in everyone],
    )


# -- the source format -------------------------------------------------------------------------

FORMAT_NAME = "whitehouse"
_WH_MARKS = re.compile(rb"whitehouse\.gov|briefing-room|^title:.*(?:Press Briefing|Press Gaggle|Press Call|Briefing)",
                       re.I | re.M)


def detect(name: str, data: bytes) -> Detection:
    """Markdown with front matter from the White House Briefing Room scores high; any other
    markdown is taken as a briefing of that shape (the reader then says what is wrong)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"---") and _WH_MARKS.search(head):
        return Detection(90, "markdown with front matter from the White House Briefing Room")
    if head.startswith(b"---"):
        return Detection(30, "markdown with front matter: read as a White House briefing")
    return Detection(10, "markdown without front matter: read as a White House briefing")


def read(name: str, data: bytes):
    """One briefing file: one conference."""
    yield parse(name, decode(name, data))


FORMAT = SourceFormat(
    name=FORMAT_NAME,
    title="White House press briefings, gaggles and background calls (whitehouse.gov Briefing Room, markdown)",
    government="US", languages=("en",), suffixes=(".md", ".markdown"), detect=detect, read=read,
    documents="one briefing per file",
    speakers="Q (no outlet); officials in capitals (MS. JEAN-PIERRE:, MR. KIRBY:), resolved to the full "
             "names in the title; SENIOR ADMINISTRATION OFFICIAL: anonymous; MODERATOR: neither asks nor answers",
)
