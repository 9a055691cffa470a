"""The turn assembler shared by transcript readers: paragraphs into statements and exchanges.

Handles both China MFA conventions (``Q:``/``A:``, outlet and spokesperson names), ``Follow-up:``,
journalist clarifications, questions raised after the conference (as a label, a header, or
prose), opening announcements, multi-paragraph answers and ``*****`` separators before
closing announcements. Every paragraph it is fed ends up in exactly one statement or turn.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.model import Block, Exchange, Role, Statement, Turn
from kg.sources.labels import Label, LabelKind, classify

__all__ = ["Assembler"]

_SEPARATOR = re.compile(r"^[*＊\-_=~·•]{3,}$")


class Assembler:
    """State machine over paragraphs: each is a new turn (it opens with a speaker label), a
    continuation of the current turn, or a statement outside any exchange.

    ``classify`` recognises a paragraph's speaker label (:func:`kg.sources.labels.classify` for
    English; a source format may pass its own that returns the same :class:`Label` kinds).
    """

    def __init__(self, spokesperson: str | None, classify: Callable = classify):
        self.spokesperson = spokesperson
        self.classify = classify
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
        label = self.classify(block.text, (self.spokesperson,) if self.spokesperson else ())
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
