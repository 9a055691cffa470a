"""Paragraphs already labelled by a source format into statements, exchanges and moderator turns.

The China MFA assembler (:mod:`kg.sources.assembler`) recognises labels itself; formats whose
speakers are named differently (the White House's ``MS. JEAN-PIERRE:``, Singapore's
``Dawn Tan (CNA):``) classify each paragraph first, as a :class:`Para`, and feed it here:

- a **question** paragraph opens an exchange;
- an **official**'s paragraph answers inside the open exchange, or is a statement outside any
  (before the first question, or after an aside, see below);
- a **moderator**'s paragraph is a moderator turn inside an exchange (neither question nor
  answer) or a moderation statement outside one (``Conference.moderation``);
- an unlabelled paragraph continues whoever spoke last (outside an exchange: one statement per
  paragraph, with that speaker).

Two optional rules, given by the format:

- ``is_floor(text)``: an official's whole turn that only hands the floor on ("Go ahead, Nancy.")
  is a moderator turn, not an answer;
- ``is_aside(text)`` with ``opening_ends(text)``: before the briefing is opened to questions, a
  short remark from the room ("Q Good afternoon.") is an exchange whose answer is the official's
  first paragraph only; the opening remarks that follow stay statements.

Every paragraph fed ends up in exactly one statement, turn or moderation statement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.model import Block, Exchange, Role, Statement, Turn

__all__ = ["Para", "TurnAssembler", "QUESTION", "OFFICIAL", "MODERATOR"]

QUESTION, OFFICIAL, MODERATOR = "question", "official", "moderator"


@dataclass(frozen=True)
class Para:
    """One paragraph and what its label says (``kind`` None: no label, it continues a turn)."""

    block: Block
    kind: str | None = None
    label: str | None = None      # the label as printed, without the colon
    label_end: int = 0            # characters of the paragraph taken by the label
    speaker: str | None = None    # an official's full name
    outlet: str | None = None     # a question's canonical outlet key, when it names one


class TurnAssembler:
    """State machine from :class:`Para` to statements, exchanges and moderation."""

    def __init__(self, *, is_floor: Callable[[str], bool] | None = None,
                 is_aside: Callable[[str], bool] | None = None,
                 opening_ends: Callable[[str], bool] | None = None):
        self.is_floor = is_floor
        self.is_aside = is_aside
        self.opening_ends = opening_ends
        self.statements: list[Statement] = []
        self.moderation: list[Statement] = []
        self.exchanges: list[Exchange] = []
        self.current: Exchange | None = None   # the open exchange
        self.turn: Turn | None = None          # the turn unlabelled paragraphs continue
        self.outside: tuple[str, str | None] | None = None  # (kind, speaker) continued outside
        self.opening = is_aside is not None    # the briefing is not yet open to questions
        self.aside = False                     # the open exchange is a remark during the opening

    # -- helpers
    def _close_turn(self) -> None:
        t = self.turn
        if t is not None and t.role is Role.ANSWER and self.is_floor and self.is_floor(t.text):
            t.role = Role.MODERATOR
        self.turn = None

    def _outside(self, kind: str, para: Para, speaker: str | None, labelled: bool) -> None:
        turn = Turn(Role.MODERATOR if kind == MODERATOR else Role.ANSWER,
                    para.label if labelled else None, [para.block],
                    para.label_end if labelled else 0, speaker=speaker)
        target = self.moderation if kind == MODERATOR else self.statements
        target.append(Statement(len(target) + 1, turn))
        self.outside = (kind, speaker)

    def _check_opening(self, text: str) -> None:
        if self.opening and self.opening_ends and self.opening_ends(text):
            self.opening = False

    # -- the machine
    def feed(self, para: Para) -> None:
        kind = para.kind
        if kind == QUESTION:
            self._close_turn()
            turn = Turn(Role.QUESTION, para.label, [para.block], para.label_end)
            ex = Exchange(len(self.exchanges) + 1, [turn], outlet=para.outlet,
                          asker_label=para.label if para.outlet else None)
            self.exchanges.append(ex)
            self.current, self.turn, self.outside = ex, turn, None
            words = para.block.text[para.label_end:].split()
            self.aside = bool(self.opening and self.is_aside and self.is_aside(" ".join(words)))
            if not self.aside:
                self.opening = False
            return
        if kind in (OFFICIAL, MODERATOR):
            self._close_turn()
            self._check_opening(para.block.text[para.label_end:])
            answered = self.current is not None and any(t.role is Role.ANSWER for t in self.current.turns)
            if self.current is None or (self.aside and answered and kind == OFFICIAL):
                self.current = None
                self._outside(kind, para, para.speaker, labelled=True)
                return
            role = Role.MODERATOR if kind == MODERATOR else Role.ANSWER
            turn = Turn(role, para.label, [para.block], para.label_end, speaker=para.speaker)
            self.current.turns.append(turn)
            self.turn, self.outside = turn, None
            if self.aside and kind == OFFICIAL:
                # the reply to a remark during the opening is its first paragraph only
                self._close_turn()
                self.current = None
                self.outside = (OFFICIAL, para.speaker)
            return
        # an unlabelled paragraph continues whoever spoke last
        text = para.block.text
        if self.turn is not None:
            if self.turn.role is not Role.QUESTION:
                self._check_opening(text)
            self.turn.add(para.block)
        elif self.outside is not None:
            self._check_opening(text)
            self._outside(self.outside[0], para, self.outside[1], labelled=False)
        else:
            self._outside(OFFICIAL, para, None, labelled=False)
            self.outside = None

    def finish(self) -> None:
        self._close_turn()
