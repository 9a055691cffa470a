"""China MFA **Chinese** transcripts in one CSV, one conference per row (``title,date,body,url``).

The table scraped by ``skberko/chinese-news-web-scraper`` (2013-2016): ``body`` is the page text
with its tabs, newlines and U+3000 indentation; ``问：``/``答：``, ``追问：``, announcements
(``洪磊首先发布消息：``) and questions raised after the conference (``会后有记者问及，…``), read
by the same Chinese assembler as the pages (:mod:`kg.sources.zh_assembler`).

- Rows are numbered from 1, the first row after the header (``record="row 1"``); a message also
  gives the row's first line in the file.
- A row that cannot be read (no parseable ``date``, empty ``body``, missing or extra fields) is a
  :class:`~kg.model.RecordError` and the other rows build. A file without the columns, or one
  that ends inside a quoted field or in the middle of its last row (truncated), is a
  :class:`~kg.model.BadInput` naming the file.
- A row that repeats an earlier row exactly (same url, title, date and body; the 2013-2016 file
  holds 15 such rows) is the same conference: it is read once and its ``record`` names both rows.
- Key: ``<date>_<spokesperson-slug>_<article id>``, the shape of the page stems
  (``2016-02-15-hong-lei-t1340630``); ``url`` is the row's own.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from kg.model import BadInput, Conference, RecordError
from kg.sources.registry import Detection, SourceFormat
from kg.sources.text import decode
from kg.sources.zh_assembler import assemble_zh, document_key
from kg.sources.zh_text import zh_text_source
from kg.sources.zh_title import parse_title_zh

__all__ = ["FORMAT", "detect", "read", "COLUMNS"]

COLUMNS = ("title", "date", "body", "url")
_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_ARTICLE_ID = re.compile(r"/(t\d{5,})\.s?html?$")


def _header(name: str, text: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text.split("\n", 1)[0], newline="")), [])
    except csv.Error as exc:
        raise BadInput(name, f"unreadable CSV header ({exc})") from None


def detect(name: str, data: bytes) -> Detection:
    """A CSV whose header has the columns ``title,date,body,url``."""
    head = data[:4096].decode("utf-8-sig", "ignore")
    try:
        columns = [c.strip().lower() for c in _header(name, head)]
    except BadInput:
        return Detection(0, "not a readable CSV header")
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        shown = ", ".join(columns[:6]) + (", …" if len(columns) > 6 else "")
        return Detection(0, f"a CSV with the columns {shown or '(none)'}, not a table of transcripts "
                            f"(the Chinese transcript table has {', '.join(COLUMNS)})")
    return Detection(90, "CSV of Chinese transcripts (title, date, body, url)")


def _parse_date(value: str | None) -> date | None:
    m = _DATE.match(value or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _conference(name: str, row: dict, record: str) -> Conference:
    """One row's conference, or :class:`RecordError`'s reason as a :class:`ValueError`."""
    when = _parse_date(row["date"])
    if when is None:
        raise ValueError(f"unparseable date {row['date']!r} (expected YYYY-MM-DD)")
    body = row["body"] or ""
    if not body.strip():
        raise ValueError("empty body (no transcript text)")
    title = (row["title"] or "").strip() or None
    spokesperson, kind, _ = parse_title_zh(title)
    url = (row["url"] or "").strip() or None
    article = _ARTICLE_ID.search(url or "")
    article_id = article.group(1) if article else None
    source = zh_text_source(name, body, media_type="text/csv")
    source.title = title
    try:
        return assemble_zh(source, key=document_key(when, spokesperson, article_id, record.replace(" ", "")),
                           spokesperson=spokesperson, kind=kind, when=when, date_source="record",
                           fmt="fmprc-zh-csv", article_id=article_id, url=url, record=record)
    except BadInput as exc:
        raise ValueError(exc.reason) from None


def read(name: str, data: bytes):
    """Every row's conference, and a :class:`RecordError` for each row that cannot be read."""
    text = decode(name, data)
    columns = [c.strip().lower() for c in _header(name, text)]
    missing = [c for c in COLUMNS if c not in columns]
    if missing:
        raise BadInput(name, f"not a transcript table: missing column(s) {', '.join(missing)} "
                             f"(the header has {', '.join(columns) or 'nothing'}; needed: {', '.join(COLUMNS)})")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, int, list[str]]] = []     # (row number, first line, fields)
    line = 0
    try:
        next(reader)
        line = reader.line_num
        for number, fields in enumerate(reader, start=1):
            rows.append((number, line + 1, fields))
            line = reader.line_num
    except csv.Error as exc:
        at = f"row {len(rows) + 1} (line {line + 1})"
        if "unexpected end of data" in str(exc):
            raise BadInput(name, f"truncated CSV: the file ends inside a quoted field of {at}") from None
        raise BadInput(name, f"malformed CSV at {at}: {exc}") from None
    if rows and len(rows[-1][2]) < len(columns) and not text.endswith(("\n", "\r")):
        number, line, _ = rows[-1]
        raise BadInput(name, f"truncated CSV: the file ends in the middle of row {number} (line {line}), "
                             f"after {len(rows[-1][2])} of {len(columns)} fields")
    docs: dict[str, tuple[Conference, tuple]] = {}
    out: list[Conference | RecordError] = []
    for number, line, fields in rows:
        record = f"row {number}"
        if not any(f.strip() for f in fields):
            continue                                   # a blank line between rows
        if len(fields) != len(columns):
            what = "missing" if len(fields) < len(columns) else "extra"
            out.append(RecordError(record, f"{len(fields)} fields where the header has {len(columns)} "
                                           f"({what} field(s); line {line})"))
            continue
        row = dict(zip(columns, fields))
        try:
            conf = _conference(name, row, record)
        except ValueError as exc:
            out.append(RecordError(record, f"{exc} (line {line})"))
            continue
        content = tuple(row[c] for c in COLUMNS)
        if conf.key in docs:
            first, first_content = docs[conf.key]
            if first_content == content:
                first.record += f" (repeated unchanged as {record})"
                continue
            conf.key = f"{conf.key}-row-{number}"    # the same article id with another text: both kept
        docs[conf.key] = (conf, content)
        out.append(conf)
    yield from out


def _format() -> SourceFormat:
    return SourceFormat(
        name="fmprc-zh-csv",
        title="China MFA spokesperson's press conferences in Chinese, one per CSV row (title, date, body, url)",
        government="CN", languages=("zh",), suffixes=(".csv",),
        detect=detect, read=read, documents="one conference per row",
        speakers="问：/答：, 追问：; announcements (洪磊首先发布消息：); questions raised after the conference "
                 "(会后有记者问及)",
    )


FORMAT = _format()
