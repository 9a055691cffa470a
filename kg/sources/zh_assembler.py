"""Chinese transcripts: paragraphs into statements and exchanges.

The shared :class:`~kg.sources.assembler.Assembler` with the Chinese labels
(:func:`kg.sources.zh_labels.classify_zh`) and what only Chinese pages do:

- ``彭博社记者追问：`` is a follow-up asked by a named outlet (both are kept);
- ``洪磊首先发布消息：`` / ``秦刚最后宣布：`` announce news: that paragraph and the unlabelled ones
  after it are statements, even after an exchange (a closing announcement);
- ``会后有记者问及：一、…？`` followed later by an unlabelled ``二、…？``: each numbered question
  raised after the conference is an exchange of its own (the English page gives each its ``Q:``);
- a question (or a journalist's clarification) ending in ``？`` followed by an unlabelled paragraph:
  that paragraph opens the answer. The Chinese pages often print no ``答：`` after ``追问：``,
  ``记者：`` or ``会后有记者问及，``; in the 2018-2020 pages no question turn that has a labelled
  answer continues after a paragraph ending in ``？``;
- a journalist's clarification (``记者澄清：是的。``) that answers the spokesperson's question is one
  paragraph: the unlabelled paragraphs after it are the spokesperson resuming the answer (in the
  pages' markup they are in roman type like answers, the clarification in bold like questions).

Every paragraph it is fed ends up in exactly one statement or turn.
"""

from __future__ import annotations

import re

from kg.keys import slug
from kg.model import BadInput, Block, Conference, Role, SourceText
from kg.sources.assembler import Assembler
from kg.sources.labels import Label, LabelKind
from kg.sources.zh_labels import classify_zh, is_announcement, outlet_name

__all__ = ["ZhAssembler", "assemble_zh", "document_key"]

_NUMERALS = "一二三四五六七八九十"
_ENDS_QUESTION = re.compile(r"[？?][」』”\"）)]*$")


class ZhAssembler(Assembler):
    """:class:`~kg.sources.assembler.Assembler` for Chinese speaker labels."""

    def __init__(self, spokesperson: str | None):
        super().__init__(spokesperson, classify=classify_zh)
        self._next_number: str | None = None   # "二" after an after-conference "一、…" question

    def _new_exchange(self, label: Label, block: Block) -> None:
        super()._new_exchange(label, block)
        ex = self.exchanges[-1]
        if label.outlet is not None:          # also "彭博社记者追问：" (a follow-up by a named outlet)
            ex.outlet = label.outlet.key
            ex.asker_label = outlet_name(label.text)
        self._next_number = None
        if ex.after_conference:
            first = ex.question.parts()[-1][1] if ex.question.paragraphs else ""
            if first.startswith("一、"):
                self._next_number = "二"

    def _numbered_after_question(self, block: Block) -> bool:
        n = self._next_number
        return bool(n and self.current is not None and self.current.after_conference
                    and block.text.startswith(n + "、") and ("？" in block.text or "?" in block.text))

    def _unlabelled_answer(self) -> bool:
        """Whether an unlabelled paragraph answers: the turn before it asks and ends in "？"."""
        t = self.turn
        return bool(self.current is not None and t is not None and t.role in (Role.QUESTION, Role.CLARIFICATION)
                    and _ENDS_QUESTION.search(t.paragraphs[-1].text))

    def _answer_resumes(self) -> bool:
        """Whether an unlabelled paragraph resumes the answer: the turn before it is a journalist's
        one-paragraph clarification given in reply to an answer (记者澄清：是的。)."""
        t = self.turn
        if self.current is None or t is None or t.role is not Role.CLARIFICATION or len(t.paragraphs) != 1:
            return False
        return any(x.role is Role.ANSWER for x in self.current.turns)

    def feed(self, block: Block) -> None:
        label = self.classify(block.text)
        if label is not None and is_announcement(label):
            # news announced by the spokesperson: a statement, never part of the exchange before it
            self.waiting.extend(self.headers)
            self.headers = []
            self.current = self.turn = None
            self._statement(block, label)
            return
        if label is None and not self.headers:
            if self._numbered_after_question(block):
                number = self._next_number
                self._new_exchange(Label(LabelKind.AFTER_CONFERENCE, "", 0), block)
                i = _NUMERALS.find(number)
                self._next_number = _NUMERALS[i + 1] if 0 <= i < len(_NUMERALS) - 1 else None
                return
            if self._unlabelled_answer():
                self._add_turn(Role.ANSWER, None, block)
                return
            if self._answer_resumes():       # the same spokesperson goes on
                speaker = next(x.speaker for x in reversed(self.current.turns) if x.role is Role.ANSWER)
                self._add_turn(Role.ANSWER, None, block)
                self.turn.speaker = speaker
                return
        keep = self._next_number
        before = len(self.exchanges)
        super().feed(block)
        if len(self.exchanges) == before:
            self._next_number = keep


def assemble_zh(source: SourceText, *, key: str, spokesperson: str | None, kind: str, when, date_source: str,
                fmt: str, article_id: str | None = None, url: str | None = None,
                record: str | None = None) -> Conference:
    """A :class:`Conference` from a Chinese :class:`SourceText` (any of its source formats)."""
    if not source.blocks:
        raise BadInput(source.path, "no transcript text: the page has a title but an empty body"
                       if source.title else "no transcript text found")
    assembler = ZhAssembler(spokesperson)
    for block in source.blocks:
        assembler.feed(block)
    assembler.finish()
    if source.title is None and not assembler.exchanges:
        raise BadInput(source.path, "no recognisable transcript structure: no title naming a "
                       "spokesperson or press conference, and no 问/答 turns")
    if spokesperson is None:
        spokesperson = next((t.speaker for ex in assembler.exchanges for t in ex.answers if t.speaker), None)
    return Conference(
        source=source, key=key, title=source.title, date=when, date_source=date_source,
        spokesperson=spokesperson, kind=kind, article_id=article_id,
        statements=assembler.statements, exchanges=assembler.exchanges,
        format=fmt, language="zh", government="CN", url=url, record=record,
    )


def document_key(date, spokesperson: str | None, article_id: str | None, fallback: str) -> str:
    """``<date>_<spokesperson-slug>_<tNNN>`` as a slug, the shape of the page stems.

    >>> import datetime
    >>> document_key(datetime.date(2016, 2, 15), "Hong Lei", "t1340630", "row 1")
    '2016-02-15-hong-lei-t1340630'
    """
    parts = [date.isoformat() if date else "undated", spokesperson or "unknown", article_id or fallback]
    return slug("_".join(parts))
