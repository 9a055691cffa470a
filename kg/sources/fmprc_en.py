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

from kg.sources.assembler import Assembler
from kg.model import BadInput, Conference, SourceText
from kg.keys import slug
from kg.sources.registry import Detection, SourceFormat
from kg.sources.text import _safe_date, read_source, source_from_bytes

__all__ = ["read_transcript", "parse_source", "parse_title", "FORMAT", "detect", "read", "cjk_share"]

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


def parse_source(source: SourceText, stem: str | None = None) -> Conference:
    """Recognise statements and exchanges in a :class:`SourceText`."""
    stem = stem or Path(source.path).stem
    name, kind, year, month, day = parse_title(source.title)
    if not source.blocks:
        raise BadInput(source.path, "no transcript text: the page has a title but an empty body"
                       if source.title else "no transcript text found")
    assembler = Assembler(name)
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


# -- the source format -------------------------------------------------------------------------

_MFA_MARKS = re.compile(rb"Foreign Ministry Spokesperson|Spokesperson'?s? (?:Remarks|Regular Press Conference)|"
                        rb"fmprc\.gov\.cn|Ministry of Foreign Affairs of the People's Republic of China|"
                        rb"^\s*(?:Q|A)\s*:", re.I | re.M)


def cjk_share(text: str) -> float:
    """The share of CJK ideographs among the letters of ``text`` (0 for none).

    >>> cjk_share("问：你好 Q"), cjk_share("Q: hello")
    (0.75, 0.0)
    """
    if text.isascii():        # English pages mostly: no ideograph, nothing to count
        return 0.0
    cjk = len(_CJK.findall(text))
    if not cjk:
        return 0.0
    letters = sum(1 for c in text if c.isalpha())   # every ideograph of these blocks is a letter
    return cjk / letters


_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")


def detect(name: str, data: bytes) -> Detection:
    """China MFA English pages score high; any other English text is taken as a transcript of
    the same shape (the reader then says what is wrong with it); Chinese text is not ours."""
    head = data[:16384]
    if cjk_share(head.decode("utf-8", "ignore")) > 0.3:
        return Detection(0, "the text is Chinese")
    if _MFA_MARKS.search(head):
        return Detection(80, "China MFA English page (title, site or Q:/A: labels)")
    return Detection(10, "English text: read as a transcript of the China MFA shape")


def read(name: str, data: bytes):
    """One page (``.txt`` rendering or original ``.html``): one conference."""
    conf = parse_source(source_from_bytes(name, data), Path(name).stem)
    yield conf


def _format() -> SourceFormat:
    return SourceFormat(
        name="fmprc-en",
        title="China MFA spokesperson's press conferences and remarks, English pages (fmprc.gov.cn)",
        government="CN", languages=("en",), suffixes=(".txt", ".text", ".html", ".htm", ".shtml"),
        detect=detect, read=read, documents="one conference per page",
        speakers="Q:/A: until 2020-03-23, then outlet names (Reuters:) and the spokesperson's name; "
                 "Follow-up:, Journalist:; questions raised after the conference",
    )


FORMAT = _format()
