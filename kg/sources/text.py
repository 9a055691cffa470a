"""Read a transcript file into paragraphs (:class:`kg.model.SourceText`).

Plain text and HTML renderings of the same page give the same paragraphs. Site
boilerplate (breadcrumb, "Appendix:", "Suggest to a friend", "[ Print ]") is moved to
``SourceText.dropped`` so nothing is lost silently.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from kg.model import BadInput, Block, SourceText

__all__ = ["read_source", "source_from_bytes", "decode", "normalise", "TEXT_SUFFIXES", "HTML_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".shtml"}

_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_BREADCRUMB = re.compile(r"^Home\s*>")
_DATELINE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_TITLE_HINT = re.compile(
    r"(Spokesperson|Press Conference|Press Briefing|Briefing|Remarks|Transcript)", re.I
)
_TRAILER = re.compile(
    r"^\[?\s*(Appendix\s*:?|Suggest\s+to\s+a\s+friend|Print|Close|Back to top|Top)\s*\]?$", re.I
)
_LABEL_START = re.compile(r"^[^:：]{1,60}[:：]")


def normalise(raw: str) -> str:
    """Fold U+00A0 and other white space runs into single spaces and strip.

    >>> normalise("\\u00a0A:\\u00a0 We  note it. ")
    'A: We note it.'
    """
    return _WS.sub(" ", raw).strip()


def decode(path: str, data: bytes) -> str:
    """Bytes to text, or :class:`BadInput` naming what is wrong."""
    if not data.strip():
        raise BadInput(path, "empty file (no text at all)")
    head = data[:8192]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise BadInput(path, f"not valid UTF-16 despite its byte-order mark ({exc.reason})") from None
    if b"\x00" in head:
        raise BadInput(path, "binary file (contains NUL bytes), not a text transcript")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.start + 1].hex()
        raise BadInput(path, f"not valid UTF-8: byte 0x{bad} at offset {exc.start} ({exc.reason})") from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(text[:8192]) // 20):
        raise BadInput(path, f"binary file ({controls} control characters in the first 8 KiB)")
    return text


def _looks_like_title(text: str) -> bool:
    return bool(_TITLE_HINT.search(text)) and not re.match(r"^(Q|A)\s*[:：]", text)


def split_header_trailer(source: SourceText, header_blocks: int | None = None) -> None:
    """Move breadcrumb, title, dateline and trailing site boilerplate out of ``blocks``.

    ``header_blocks`` says how many leading blocks are known to be breadcrumb and title
    (HTML knows it from the markup); plain text is recognised by its shape.
    """
    blocks = source.blocks
    i = 0
    if header_blocks is not None:
        source.dropped.extend(blocks[:header_blocks])
        i = header_blocks
    elif i < len(blocks) and _BREADCRUMB.match(blocks[i].text):
        source.breadcrumb = blocks[i].text
        source.dropped.append(blocks[i])
        i += 1
    if header_blocks is None and i < len(blocks) and _looks_like_title(blocks[i].text) \
            and len(blocks[i].text) < 300:
        source.title = blocks[i].text
        source.dropped.append(blocks[i])
        i += 1
    if i < len(blocks):
        m = _DATELINE.match(blocks[i].text)
        if m:
            source.page_date = _safe_date(int(m[1]), int(m[2]), int(m[3]))
            source.dropped.append(blocks[i])
            i += 1
    j = len(blocks)
    while j > i and _TRAILER.match(blocks[j - 1].text):
        j -= 1
    source.dropped.extend(blocks[j:])
    source.blocks = blocks[i:j]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def read_text(path: str, text: str) -> SourceText:
    """Paragraphs of a plain-text rendering: every non-blank line is one paragraph."""
    blocks: list[Block] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        norm = normalise(body)
        if norm:
            lead = len(body) - len(body.lstrip(" \t\u00a0\u3000\ufeff"))
            trail = len(body.rstrip(" \t\u00a0\u3000\ufeff"))
            blocks.append(Block(norm, pos + lead, pos + trail))
        pos += len(line)
    source = SourceText(path=path, media_type="text/plain", text=text, blocks=blocks)
    split_header_trailer(source)
    return source


def read_source(path: str | Path) -> SourceText:
    """Read one transcript file (``.txt`` or ``.html``) into paragraphs."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise BadInput(name, "no such file or directory")
    if p.is_dir():
        raise BadInput(name, "is a directory, not a transcript file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise BadInput(name, f"cannot read file ({exc.strerror})") from None
    return source_from_bytes(name, data)


def source_from_bytes(name: str, data: bytes) -> SourceText:
    """Decode and split a file's bytes; the suffix of ``name`` picks text or HTML."""
    text = decode(name, data)
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _sniff_html(text)):
        from kg.sources.html import read_html

        return read_html(name, text)
    return read_text(name, text)


def _sniff_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head
