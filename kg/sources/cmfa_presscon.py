"""Source format ``cmfa-presscon``: the CMFA PressCon question/answer dyads (.xlsx or .csv).

The Chinese Ministry of Foreign Affairs Press Conferences Corpus (Mochtak & Turcsanyi,
doi:10.7910/DVN/BAKGET) has one row per question/answer dyad: ``id_orig, id_split, id, link,
spokesperson, day, month, year, date, question, answer, ... who_asked, ...``. Researchers get
it as a spreadsheet or a CSV; both are read, with the same columns. Only these columns are
used: ``id_orig, id_split, link, spokesperson, day, month, year, question, answer, who_asked``
(required) and ``date`` (a cross-check).

- Dyads are grouped into conferences by date and spokesperson: language "en", government
  CN, kind ``regular-press-conference``, the ``link`` as its URL (and the MFA article id in
  it). ``spokesperson`` ``missing`` gives a conference with no spokesperson.
- The date comes from ``day``/``month``/``year`` (month names may be misspelt: ``Febuary``
  is February). ``date`` (an Excel date, serial number or ISO text) is the cross-check: a
  row where the two disagree is reported and not read, since which one is right is unknown.
- A multi-topic dyad that the corpus split (one ``id_orig``, several ``id_split`` such as
  ``9326_1``, ``9326_2``) is one exchange: its question and answer texts are joined in
  split order as paragraphs, none lost (a text that two parts repeat word for word, as the
  answer of dyad 29091, is taken once). A split dyad whose other parts are not in the file
  (a subset) gives an exchange with the parts that are.
- Exchanges are in ``id_orig`` order (the corpus numbers dyads by date, in order), numbered
  from 1: in a subset such as the Ukraine one, positions count the dyads the file holds, not
  the transcript's.
- ``who_asked`` is the outlet (through ``kg/data/outlets.csv``); ``Follow-up`` marks a
  follow-up, ``Foreign correspondent`` an asker that is no outlet; ``-`` means empty in every
  column.
- The corpus's own annotations (``question_lem``, ``answer_lem``, ``q_loc``, ``q_per``,
  ``q_org``, ``q_misc``, ``a_loc``, ``a_per``, ``a_org``, ``a_misc``, ``q_sentiment``,
  ``a_sentiment``) are not diplokg's facts and stay out of the graph: diplokg's own
  extraction runs on the question and answer texts.
- Conference keys are ``cmfa-presscon/<date>-<spokesperson>-<digest>``: the digest of its
  dyad ids keeps two files that hold different dyads of one conference (the Ukraine subset
  and the full corpus) apart, as two documents that the store links with
  ``dk:sameConferenceAs``; the same rows in an .xlsx and a .csv give the same key.
- Source spans point into a rendering of the table: every data row's question cell, then its
  answer cell, in file order, each followed by a blank line.

A row that cannot be read (an unreadable date or id, neither question nor answer) is a
:class:`~kg.model.RecordError` naming the row (row 1 is the header, as in a spreadsheet);
the other rows are read.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from kg.keys import slug
from kg.model import BadInput, Block, Conference, Exchange, RecordError, Role, SourceText, Turn
from kg.sources.askers import english_asker
from kg.sources.labels import spokesperson_names
from kg.sources.registry import Detection, SourceFormat
from kg.sources.tables import csv_header, read_table, xlsx_header
from kg.sources.text import normalise

__all__ = ["FORMAT", "detect", "read", "REQUIRED", "parse_month", "excel_date"]

FORMAT_NAME = "cmfa-presscon"
REQUIRED = ("id_orig", "id_split", "link", "spokesperson", "day", "month", "year", "question", "answer",
            "who_asked")
# columns only CMFA PressCon has, and columns it shares with other Q&A tables
_OWN = {"id_orig", "id_split", "who_asked", "q_loc", "a_loc", "q_sentiment", "a_sentiment"}
_MARKERS = _OWN | {"spokesperson", "question", "answer", "link"}
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_NO_SPOKESPERSON = {"missing", "-", "", "unknown", "none", "n/a"}
_SPLIT = re.compile(r"^(\d+)(?:\.0)?(?:_(\d+))?$")
_ARTICLE = re.compile(r"/(t\d{4,}(?:_\d+)?)\.s?html?$")
_EXCEL_EPOCH = datetime(1899, 12, 30)


def _text(value) -> str:
    """A cell as text: '' for empty and for the corpus's '-'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip()
    return "" if s in ("-", "–", "—") else s


def parse_month(value) -> int | None:
    """A month from a name (or its first three letters, as ``Febuary``) or a number.

    >>> parse_month("Febuary"), parse_month("march"), parse_month(11), parse_month("Smarch")
    (2, 3, 11, None)
    """
    s = _text(value).lower()
    if s.isdigit():
        n = int(s)
        return n if 1 <= n <= 12 else None
    if s in _MONTHS:
        return _MONTHS.index(s) + 1
    hits = [i + 1 for i, m in enumerate(_MONTHS) if len(s) >= 3 and m[:3] == s[:3]]
    return hits[0] if len(hits) == 1 else None


def excel_date(value) -> date | None:
    """The date a ``date`` cell holds: an Excel date, a serial day number (1900 system) or ISO text.

    >>> excel_date(37579), excel_date("2002-11-19"), excel_date("44621.0"), excel_date("soon")
    (datetime.date(2002, 11, 19), datetime.date(2002, 11, 19), datetime.date(2022, 3, 1), None)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (_EXCEL_EPOCH + timedelta(days=int(value))).date() if 0 < value < 2958466 else None
    s = _text(value)
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return excel_date(float(s))
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$", s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def _int(value, what: str) -> int:
    s = _text(value)
    if re.fullmatch(r"\d+(?:\.0+)?", s):
        return int(float(s))
    raise ValueError(f"{what} {value!r} is not a whole number")


@dataclass
class _Dyad:
    row: int
    id_orig: int
    split: int
    when: date
    spokesperson: str | None
    link: str
    question: str
    answer: str
    who: str
    q_block: Block
    a_block: Block


def _dyad(cells: dict, row: int, q_block: Block, a_block: Block) -> _Dyad:
    """One row's dyad, or ValueError saying why the row cannot be read."""
    id_orig = _int(cells.get("id_orig"), "id_orig")
    raw_split = _text(cells.get("id_split"))
    m = _SPLIT.match(raw_split) if raw_split else None
    if raw_split and not m:
        raise ValueError(f"id_split {raw_split!r} is neither a number nor NUMBER_PART")
    split = int(m[2]) if m and m[2] else 0
    if m and int(m[1]) != id_orig:
        raise ValueError(f"id_split {raw_split!r} names dyad {m[1]}, id_orig says {id_orig}")
    day, month, year = cells.get("day"), cells.get("month"), cells.get("year")
    mon = parse_month(month)
    try:
        when = date(_int(year, "year"), mon or 0, _int(day, "day"))
    except ValueError:
        raise ValueError(f"unreadable date: day {day!r}, month {month!r}, year {year!r}") from None
    check = cells.get("date")
    serial = excel_date(check) if _text(check) else None
    if serial is not None and serial != when:
        raise ValueError(f"day/month/year say {when.isoformat()} but the date column says "
                         f"{serial.isoformat()} ({_text(check)}): the row's date is uncertain")
    question, answer = _text(cells.get("question")), _text(cells.get("answer"))
    if not question and not answer:
        raise ValueError("neither a question nor an answer")
    who = _text(cells.get("spokesperson"))
    spokesperson = None if who.lower() in _NO_SPOKESPERSON else spokesperson_names().get(who.casefold(), who)
    return _Dyad(row, id_orig, split, when, spokesperson, _text(cells.get("link")), question, answer,
                 _text(cells.get("who_asked")), q_block, a_block)


@dataclass
class _Conference:
    when: date
    spokesperson: str | None
    dyads: dict[int, list[_Dyad]] = field(default_factory=dict)   # id_orig -> parts


def _rows_label(rows: list[int]) -> str:
    """ "rows 2, 5-7" for the rows a conference came from.

    >>> _rows_label([7, 2, 5, 6])
    'rows 2, 5-7'
    """
    rows = sorted(set(rows))
    parts, i = [], 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[j] + 1:
            j += 1
        parts.append(str(rows[i]) if i == j else f"{rows[i]}-{rows[j]}")
        i = j + 1
    return ("rows " if len(rows) > 1 else "row ") + ", ".join(parts)


def _distinct(texts: list[tuple[str, Block]]) -> list[Block]:
    """The blocks of the non-empty texts, a text repeated by a later split part taken once."""
    seen, out = set(), []
    for text, block in texts:
        if text and text not in seen:
            seen.add(text)
            out.append(block)
    return out


def _exchange(position: int, parts: list[_Dyad]) -> Exchange:
    parts = sorted(parts, key=lambda d: (d.split, d.row))
    who = next((d.who for d in parts if d.who), "")
    asker = english_asker(who)
    q_blocks = _distinct([(d.question, d.q_block) for d in parts]) or [parts[0].q_block]
    turns = [Turn(Role.QUESTION, who or None, q_blocks)]
    a_blocks = _distinct([(d.answer, d.a_block) for d in parts])
    if a_blocks:
        turns.append(Turn(Role.ANSWER, None, a_blocks, speaker=parts[0].spokesperson))
    return Exchange(position=position, turns=turns, outlet=asker.outlet, asker_label=asker.label,
                    follow_up=asker.follow_up, after_conference=asker.after_conference)


def read(name: str, data: bytes):
    """Every conference of the file (dyads grouped by date and spokesperson), and a RecordError
    for each row that cannot be read."""
    table = read_table(name, data)
    missing = [c for c in REQUIRED if c not in table.header]
    if missing:
        raise BadInput(name, f"not a CMFA PressCon table: missing column(s) {', '.join(missing)} "
                             f"(it has {', '.join(c for c in table.header if c) or 'no named columns'})")
    # the rendering spans point into: each row's question and answer cells, in file order
    pieces: list[str] = []
    offset = 0
    conferences: dict[tuple, _Conference] = {}
    for row in table.rows:
        if row.cells is None:
            yield RecordError(f"row {row.number}", row.problem or "unreadable")
            continue
        blocks = []
        for column in ("question", "answer"):
            raw = "" if row.cells.get(column) is None else str(row.cells.get(column))
            blocks.append(Block(normalise(_text(raw)), offset, offset + len(raw)))
            pieces.append(raw + "\n\n")
            offset += len(raw) + 2
        try:
            dyad = _dyad(row.cells, row.number, *blocks)
        except ValueError as exc:
            yield RecordError(f"row {row.number}", str(exc))
            continue
        conf = conferences.setdefault((dyad.when, dyad.spokesperson), _Conference(dyad.when, dyad.spokesperson))
        conf.dyads.setdefault(dyad.id_orig, []).append(dyad)
    text = "".join(pieces)
    for (when, who), conf in sorted(conferences.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        yield _conference(name, text, table.media_type, conf)


def _conference(name: str, text: str, media_type: str, conf: _Conference) -> Conference:
    ids = sorted(conf.dyads)
    exchanges = [_exchange(i, conf.dyads[d]) for i, d in enumerate(ids, start=1)]
    dyads = [d for parts in conf.dyads.values() for d in parts]
    links = sorted({d.link for d in dyads if d.link}, key=lambda u: min(d.row for d in dyads if d.link == u))
    url = links[0] if links else None
    article = _ARTICLE.search(url or "")
    digest = hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()[:8]
    key = f"{FORMAT_NAME}/{conf.when.isoformat()}-{slug(conf.spokesperson) if conf.spokesperson else 'no-spokesperson'}-{digest}"
    blocks = sorted({b for ex in exchanges for t in ex.turns for b in t.paragraphs}, key=lambda b: b.start)
    source = SourceText(name, media_type, text, blocks)
    return Conference(
        source=source, key=key, title=None, date=conf.when, date_source="record",
        spokesperson=conf.spokesperson, kind="regular-press-conference",
        article_id=article.group(1) if article else None, statements=[], exchanges=exchanges,
        format=FORMAT_NAME, language="en", government="CN", url=url,
        record=_rows_label([d.row for d in dyads]),
    )


def detect(name: str, data: bytes) -> Detection:
    """A table whose header has the CMFA PressCon columns; an unreadable .xlsx is taken so that
    reading it says what is wrong."""
    try:
        header = xlsx_header(name, data) if name.lower().endswith((".xlsx", ".xlsm")) else csv_header(name, data)
    except BadInput as exc:
        return Detection(30, f"an .xlsx that cannot be opened ({exc.reason})")
    found = _MARKERS & set(header)
    if len(found) >= 2 and _OWN & found:
        return Detection(90, f"a table with the CMFA PressCon columns ({', '.join(sorted(found))})")
    return Detection(0, "no CMFA PressCon columns (id_orig, id_split, who_asked, question, answer ...) "
                        "in the first row")


FORMAT = SourceFormat(
    name=FORMAT_NAME,
    title="CMFA PressCon question/answer dyads (China MFA press conferences, Mochtak & Turcsanyi), .xlsx or .csv",
    government="CN", languages=("en",), suffixes=(".xlsx", ".csv"), detect=detect, read=read,
    documents="one conference per date and spokesperson, one exchange per dyad",
    speakers="who_asked names the outlet (from 24 March 2020; '-' before), Follow-up marks follow-ups",
)
