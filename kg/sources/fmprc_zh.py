"""China MFA **Chinese** pages (plain-text renderings and original HTML) into :class:`Conference`\\ s.

``问：``/``答：`` until late March 2020, then named outlets (``路透社记者：``) and answers opening
with the spokesperson's name (``赵立坚：``); ``追问：`` (a follow-up: a new exchange);
journalist clarifications (``记者：``, ``记者澄清：``, ``（记者：…）``) that stay in their exchange;
questions raised after the conference (``会后有记者问及：``); numbered announcements (``一、…``);
site chrome kept out of the turns. The title gives date, spokesperson and kind
(``2020年6月22日外交部发言人赵立坚主持例行记者会``). Plain text and HTML of one page give the
same exchanges; every paragraph of the body ends up in exactly one statement or turn.

Documents are ``language="zh"``, ``government="CN"``; their key is ``slug(stem)`` like the
English pages (the stems carry the article id), so both languages' pages are distinct.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.keys import slug
from kg.model import BadInput, Conference, SourceText
from kg.sources.fmprc_en import cjk_share
from kg.sources.registry import Detection, SourceFormat
from kg.sources.text import _safe_date
from kg.sources.zh_assembler import assemble_zh
from kg.sources.zh_text import zh_source_from_bytes
from kg.sources.zh_title import parse_title_zh

__all__ = ["FORMAT", "detect", "read", "parse_source_zh", "read_transcript_zh", "visible_text"]

_FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ARTICLE_ID = re.compile(r"_(t\d{5,})$")
_MARKS = re.compile(r"外交部发言人|例行记者会|外交部|fmprc\.gov\.cn|^\s*(?:问|答)\s*[：:]", re.M)
_TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)


def visible_text(text: str) -> str:
    """The text of an HTML head without markup, scripts and styles (for detection only).

    >>> visible_text("<p style='x'>问：<b>你好</b></p><script>var a;</script>")
    '问：你好'
    """
    return _TAGS.sub("", text)


def parse_source_zh(source: SourceText, stem: str | None = None) -> Conference:
    """Recognise statements and exchanges in a Chinese page's :class:`SourceText`."""
    stem = stem or Path(source.path).stem
    name, kind, when = parse_title_zh(source.title)
    date_source = "title"
    if when is None:
        fm = _FILE_DATE.search(stem)
        when, date_source = (source.page_date, "page") if source.page_date else \
            ((_safe_date(int(fm[1]), int(fm[2]), int(fm[3])), "file name") if fm else (None, "none"))
    article = _ARTICLE_ID.search(stem)
    return assemble_zh(source, key=slug(stem), spokesperson=name, kind=kind, when=when,
                       date_source=date_source, fmt="fmprc-zh",
                       article_id=article.group(1) if article else None)


def read_transcript_zh(path: str | Path) -> Conference:
    """Read one Chinese page (``.txt`` or ``.html``) into a :class:`Conference`."""
    p = Path(path)
    if not p.exists():
        raise BadInput(str(path), "no such file or directory")
    if p.is_dir():
        raise BadInput(str(path), "is a directory, not a transcript file")
    return parse_source_zh(zh_source_from_bytes(str(path), p.read_bytes()), p.stem)


def detect(name: str, data: bytes) -> Detection:
    """Chinese China MFA pages score above the English format (whose detector sees only the
    ASCII markup of a Chinese HTML page); other Chinese text is taken as the same shape."""
    head = data[:16384].decode("utf-8", "ignore")
    text = visible_text(head) if "<" in head[:2048] else head
    if cjk_share(text) <= 0.3:
        return Detection(0, "the text is not Chinese")
    if _MARKS.search(text):
        return Detection(90, "China MFA Chinese page (title, site or 问/答 labels)")
    return Detection(10, "Chinese text: read as a transcript of the China MFA shape")


def read(name: str, data: bytes):
    """One page (``.txt`` rendering or original ``.html``): one conference."""
    yield parse_source_zh(zh_source_from_bytes(name, data), Path(name).stem)


def _format() -> SourceFormat:
    return SourceFormat(
        name="fmprc-zh",
        title="China MFA spokesperson's press conferences, Chinese pages (fmprc.gov.cn, 外交部发言人表态)",
        government="CN", languages=("zh",), suffixes=(".txt", ".text", ".html", ".htm", ".shtml"),
        detect=detect, read=read, documents="one conference per page",
        speakers="问：/答： until 2020-03-23, then outlets (路透社记者：) and the spokesperson's name (赵立坚：); "
                 "追问：, 记者：; questions raised after the conference (会后有记者问及：)",
    )


FORMAT = _format()
