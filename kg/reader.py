"""Transcript reader: paragraphs (:class:`SourceText`) into a :class:`Conference`.

Handles both China MFA conventions (``Q:``/``A:`` up to 2020-03-23, outlet names and
the spokesperson's name afterwards, mixed pages), ``Follow-up:``, journalist
clarifications, questions raised after the conference, opening announcements,
multi-paragraph answers, and titles with a missing space or year. Every paragraph of
the body ends up in exactly one statement or turn.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from .labels import Label, LabelKind, classify
from .model import BadInput, Block, Conference, Exchange, Role, SourceText, Statement, Turn
from .namespaces import slug
from .source_text import _safe_date, read_source

__all__ = ["read_transcript", "parse_source", "parse_title"]

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_TITLE_NAME = re.compile(
    r"Spokesperson\s+(?P<name>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,3}?)\s*['’`]s\b")
_TITLE_DATE = re.compile(
    r"\bon\s+(?P<month>" + "|".join(_MONTHS) + r")\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:\s*,?\s*(?P<year>\d{4}))?", re.I)
_KINDS = [
    (re.compile(r"Regular Press Conference|Press Conference", re.I), "regular-press-conference"),
    (re.compile(r"Daily Briefing Online|Briefing", re.I), "daily-briefing-online"),
    (re.compile(r"Remarks|Statement|Answers? to", re.I), "remarks"),
]
_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ARTICLE_ID = re.compile(r"_(t\d{5,})$")
_SEPARATOR = re.compile(r"^[*＊\-_=~·•]{3,}$")


def parse_title(title: str | None) -> tuple[str | None, str, int | None, int | None, int | None]:
    """(spokesperson, kind, year, month, day) from a title; parts may be None.

    >>> parse_title("Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on June11, 2018")
    ('Lu Kang', 'regular-press-conference', 2018, 6, 11)
    >>> parse_title("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on September 10")
    ('Geng Shuang', 'regular-press-conference', None, 9, 10)
    """
    if not title:
        return None, "other", None, None, None
    m = _TITLE_NAME.search(title)
    name = re.sub(r"\s+", " ", m.group("name")) if m else None
    kind = next((k for rx, k in _KINDS if rx.search(title)), "other")
    d = _TITLE_DATE.search(title)
    if not d:
        return name, kind, None, None, None
    year = int(d.group("year")) if d.group("year") else None
    return name, kind, year, _MONTHS[d.group("month").lower()], int(d.group("day"))


def _resolve_date(source: SourceText, stem: str, year, month, day) -> tuple[date | None, str]:
    fm = _FILE_DATE.search(stem)
    file_date = _safe_date(int(fm[1]), int(fm[2]), int(fm[3])) if fm else None
    if month and day:
        if year:
            d = _safe_date(year, month, day)
            if d:
                return d, "title"
        if source.page_date:
            return _safe_date(source.page_date.year, month, day), "page"
        if file_date:
            return _safe_date(file_date.year, month, day), "file name"
    if source.page_date:
        return source.page_date, "page"
    if file_date:
        return file_date, "file name"
    return None, "none"


class _Assembler:
    """State machine over paragraphs."""


    def __init__(self, spokesperson: str | None):
        self.spokesperson = spokesperson
        self.statements: list[Statement] = []
        self.exchanges: list[Exchange] = []
        self.current: Exchange | None = None
        self.turn: Turn | None = None   # the turn new unlabelled paragraphs continue
        self.after_conference = False   # a header said the rest was raised after the conference
        self.headers: list[Block] = []  # "questions raised after the conference:" headers
        self.waiting: list[Block] = []  # markup-only paragraphs that lead the next turn

    def _open_turn(self, role: Role, label: Label | None, block: Block) -> Turn:
        """A turn starting at ``block``, led by any waiting markup-only paragraphs."""
        waiting, self.waiting = self.waiting, []
        name = label.text if label else None
        speaker = label.speaker if label else None
        if not waiting:
            return Turn(role, name, [block], label.end if label else 0, speaker=speaker)
        first = waiting[0]
        turn = Turn(role, name, [first], len(first.text), speaker=speaker)
        for extra in waiting[1:]:
            turn.add(extra, len(extra.text))
        turn.add(block, label.end if label else 0)
        return turn

    def _new_exchange(self, label: Label, block: Block) -> None:
        turn = self._open_turn(Role.QUESTION, label, block)
        if label.kind is LabelKind.AFTER_CONFERENCE:
            self.after_conference = True
        ex = Exchange(position=len(self.exchanges) + 1, turns=[turn], asker_label=label.text or None)
        if label.kind is LabelKind.OUTLET and label.outlet is not None:
            ex.outlet = label.outlet.key
        ex.follow_up = label.kind is LabelKind.FOLLOW_UP
        ex.after_conference = self.after_conference
        if label.kind in (LabelKind.QUESTION, LabelKind.AFTER_CONFERENCE):
            ex.asker_label = None
        self.exchanges.append(ex)
        self.current, self.turn = ex, turn

    def _add_turn(self, role: Role, label: Label, block: Block) -> None:
        assert self.current is not None
        turn = self._open_turn(role, label, block)
        self.current.turns.append(turn)
        self.turn = turn

    def _statement(self, block: Block, label: Label | None = None) -> None:
        """Each paragraph outside an exchange is one statement."""
        turn = self._open_turn(Role.ANSWER, label, block)
        self.statements.append(Statement(len(self.statements) + 1, turn))
        self.turn = None

    def feed(self, block: Block) -> None:
        if _SEPARATOR.match(block.text):
            # a "*****" line ends the exchanges: what follows is a closing announcement
            self.current = self.turn = None
            self.waiting.extend(self.headers)
            self.headers = []
            self.waiting.append(block)
            return
        label = classify(block.text, (self.spokesperson,) if self.spokesperson else ())
        if label is not None and label.kind is LabelKind.AFTER_CONFERENCE \
                and label.end >= len(block.text):
            # "The following questions were raised after the press conference:" (a header)
            self.after_conference = True
            self.current = self.turn = None
            self.headers.append(block)
            return
        if self.headers and (label is None or label.kind is LabelKind.ANSWER):
            # a header that no labelled question followed: the header is the question
            head, *rest = self.headers
            self.headers = []
            self._new_exchange(Label(LabelKind.AFTER_CONFERENCE, head.text, len(head.text)), head)
            for extra in rest:
                self.turn.add(extra, len(extra.text))
        elif self.headers:
            self.waiting.extend(self.headers)
            self.headers = []
        if label is None:
            if self.turn is not None:
                self.turn.add(block)
            else:
                self._statement(block)
            return
        kind = label.kind
        if kind is LabelKind.ANSWER:
            if self.current is None:
                # spokesperson text before any question: an announcement with a label
                self._statement(block, label)
            else:
                self._add_turn(Role.ANSWER, label, block)
        elif kind is LabelKind.CLARIFICATION and self.current is not None:
            self._add_turn(Role.CLARIFICATION, label, block)
        else:
            self._new_exchange(label, block)

    def finish(self) -> None:
        """Markup left at the end (a header or separator with nothing after it) is kept."""
        for block in self.headers + self.waiting:
            self.waiting = []
            self._statement(block)
        self.headers = []


def parse_source(source: SourceText, stem: str | None = None) -> Conference:
    """Recognise statements and exchanges in a :class:`SourceText`."""
    stem = stem or Path(source.path).stem
    name, kind, year, month, day = parse_title(source.title)
    if not source.blocks:
        raise BadInput(source.path, "no transcript text: the page has a title but an empty body"
                       if source.title else "no transcript text found")
    assembler = _Assembler(name)
    for block in source.blocks:
        assembler.feed(block)
    assembler.finish()
    if source.title is None and not assembler.exchanges:
        raise BadInput(source.path, "no recognisable transcript structure: no title naming a "
                       "spokesperson or press conference, and no question/answer turns")
    if name is None:
        # no title: the first answer labelled with a spokesperson's name tells who it was
        name = next((t.speaker for ex in assembler.exchanges for t in ex.answers if t.speaker), None)
    when, date_source = _resolve_date(source, stem, year, month, day)
    article = _ARTICLE_ID.search(stem)
    return Conference(
        source=source, key=slug(stem), title=source.title, date=when, date_source=date_source,
        spokesperson=name, kind=kind, article_id=article.group(1) if article else None,
        statements=assembler.statements, exchanges=assembler.exchanges,
    )


def read_transcript(path: str | Path) -> Conference:
    """Read one transcript file (``.txt`` or ``.html``) into a :class:`Conference`."""
    return parse_source(read_source(path), Path(path).stem)
