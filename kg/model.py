"""Typed model passed between pipeline stages.

source format (``kg.sources``) -> :class:`Conference` -> extraction (``kg.nlp``) -> RDF mapping
(``kg.rdf.mapping``). A :class:`Conference` is one document of any source: a press conference,
briefing, gaggle, interview, joint press conference, or a statement document (a press
statement, readout or speech, with statements and no exchanges; see :data:`STATEMENT_KINDS`).
Offsets (``start``/``end``) are character offsets into :attr:`SourceText.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Role(str, Enum):
    """What a turn does inside an exchange."""

    QUESTION = "question"          # the question that opens an exchange
    CLARIFICATION = "clarification"  # a journalist's later turn in the same exchange
    ANSWER = "answer"              # a spokesperson turn
    MODERATOR = "moderator"        # a moderator: kept as text, neither question nor answer


# document kinds (``Conference.kind``); each has an individual in the ontology (kg.rdf.namespaces.KINDS)
CONFERENCE_KINDS = ("regular-press-conference", "daily-briefing-online", "remarks", "press-briefing",
                    "press-gaggle", "background-call", "interview", "joint-press-conference", "other")
STATEMENT_KINDS = ("press-statement", "readout", "parliamentary-reply", "speech", "statement")


@dataclass(frozen=True)
class Block:
    """One paragraph of the source rendering, whitespace-normalised.

    ``text`` is the paragraph with U+00A0 turned into spaces and runs of white space
    folded to one; ``start``/``end`` locate the raw paragraph in the source text.
    """

    text: str
    start: int
    end: int


@dataclass
class SourceText:
    """A transcript file turned into paragraphs, before any turn is recognised."""

    path: str
    media_type: str          # "text/plain" or "text/html"
    text: str                # the decoded text that offsets point into
    blocks: list[Block]
    title: str | None = None
    breadcrumb: str | None = None
    page_date: date | None = None   # a date printed on the page outside the title
    dropped: list[Block] = field(default_factory=list)  # site boilerplate, kept for audit


@dataclass
class Turn:
    """One utterance: a question, a clarification or an answer."""

    role: Role
    label: str | None        # the speaker label as printed ("Q", "Reuters", "Zhao Lijian")
    paragraphs: list[Block]
    label_end: int = 0       # characters of the first paragraph taken by "label:"
    speaker: str | None = None  # the spokesperson named by the label ("Zhao Lijian:"), if any
    # characters taken by markup in later paragraphs (a second label, a "*****" separator)
    markup: dict[int, int] = field(default_factory=dict)

    def add(self, block: Block, markup: int = 0) -> None:
        if markup:
            self.markup[len(self.paragraphs)] = markup
        self.paragraphs.append(block)

    def parts(self) -> list[tuple[str, str]]:
        """(markup, text) for each paragraph: the label or separator, and the words said."""
        out = []
        for i, p in enumerate(self.paragraphs):
            cut = self.label_end if i == 0 else self.markup.get(i, 0)
            out.append((p.text[:cut], p.text[cut:].lstrip()))
        return out

    @property
    def text(self) -> str:
        return "\n\n".join(t for _, t in self.parts() if t)

    @property
    def start(self) -> int:
        return self.paragraphs[0].start

    @property
    def end(self) -> int:
        return self.paragraphs[-1].end


@dataclass
class Exchange:
    """A question turn and everything said until the next question."""

    position: int
    turns: list[Turn]
    outlet: str | None = None        # canonical outlet key (see kg.sources.outlets), None for "Q:"
    asker_label: str | None = None   # label as printed
    follow_up: bool = False
    after_conference: bool = False

    @property
    def question(self) -> Turn:
        return self.turns[0]

    @property
    def answers(self) -> list[Turn]:
        return [t for t in self.turns if t.role is Role.ANSWER]


@dataclass
class Statement:
    """Spokesperson text that answers no question (an opening announcement)."""

    position: int
    turn: Turn


@dataclass
class Conference:
    """One transcript: the press conference (or remarks page) it records."""

    source: SourceText
    key: str                      # stable document key, used to mint IRIs (unique across sources)
    title: str | None
    date: date | None
    date_source: str              # "title", "page", "file name", "record", "none"
    spokesperson: str | None      # the main official (the first one named)
    kind: str                     # one of CONFERENCE_KINDS or STATEMENT_KINDS
    article_id: str | None
    statements: list[Statement]
    exchanges: list[Exchange]
    format: str = "fmprc-en"      # the source format that read it (kg.sources)
    language: str = "en"          # ISO 639-1 code of the text
    government: str = "CN"        # ISO 3166-1 alpha-2 code of the government that speaks
    officials: list[str] = field(default_factory=list)  # everyone answering for it, in order
    url: str | None = None        # where the document was published, when the source says
    record: str | None = None     # which record of a multi-record file ("row 12", an id)
    moderation: list[Statement] = field(default_factory=list)  # moderator turns outside exchanges
    anonymous_speakers: list[str] = field(default_factory=list)  # unnamed officials, of this document only

    @property
    def date_inferred(self) -> bool:
        return self.date_source not in ("title", "record")

    @property
    def is_statement_document(self) -> bool:
        """A press statement, readout or speech: statements, no exchanges."""
        return self.kind in STATEMENT_KINDS

    @property
    def all_officials(self) -> list[str]:
        """The officials of this document: ``officials``, else the one spokesperson."""
        if self.officials:
            return list(self.officials)
        return [self.spokesperson] if self.spokesperson else []


class BadInput(Exception):
    """A file that cannot be read as a transcript; names the file and the reason."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NotADocument(BadInput):
    """A file a source format knows as a companion of its documents (an index, an alignment,
    a URL list) that holds no document of its own: reported with the reason and passed over,
    not an error (the build's status for it is "ignored")."""


@dataclass(frozen=True)
class RecordError:
    """One record (row, JSON item) of a multi-record file that cannot be read; the rest can.

    ``record`` names it the way a person finds it: ``"row 12"``, ``"record 5 (url …)"``.
    """

    record: str
    reason: str

    def __str__(self) -> str:
        return f"{self.record}: {self.reason}"
