"""Original HTML pages into paragraphs, the way a browser would lay them out.

Only the page's content block is read (``div.content`` on the China MFA site); the
title comes from ``h2.title`` (or ``<title>``), the breadcrumb from ``div.urhere``.
Offsets refer to the rendered text: the paragraphs joined by blank lines.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

from kg.model import BadInput, Block, SourceText
from kg.sources.text import normalise, split_header_trailer, _safe_date

__all__ = ["read_html"]

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "section", "article", "dd", "dt", "dl", "hr", "pre", "center",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head"}
_IMG_DATE = re.compile(r"W0(20\d{2})(\d{2})(\d{2})")
_VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}


class _PageParser(HTMLParser):
    """Collects the page's text by role. Linear in the page: every open element is pushed and
    popped once, an end tag finds its open element through a per-tag index (an end tag that
    matches nothing costs nothing), and the roles of the open elements are counted, never
    rebuilt from the stack."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []   # (tag, role) for open elements
        self.open_at: dict[str, list[int]] = {}  # tag -> its positions in the stack
        self.roles: dict[str, int] = {}          # role -> open elements with it
        self.skip = 0
        self.buf: dict[str, list[str]] = {"content": [], "title": [], "urhere": [], "time": [],
                                          "doctitle": [], "body": []}
        self.blocks: dict[str, list[str]] = {"content": [], "body": []}
        self.content_seen = False
        self.content_closed = False
        self.html_closed = False
        self.img_dates: list[date] = []

    # -- helpers
    def _in(self, role: str) -> bool:
        return self.roles.get(role, 0) > 0

    def _push(self, tag: str, role: str) -> None:
        self.open_at.setdefault(tag, []).append(len(self.stack))
        self.stack.append((tag, role))
        if role:
            self.roles[role] = self.roles.get(role, 0) + 1

    def _pop_to(self, i: int) -> None:
        """Close the open element at stack position ``i`` and everything opened after it."""
        while len(self.stack) > i:
            tag, role = self.stack.pop()
            self.open_at[tag].pop()
            if role:
                self.roles[role] -= 1
                if role == "skip":
                    self.skip -= 1
                elif role == "content":
                    self.content_closed = True

    def _flush(self, where: str) -> None:
        text = normalise("".join(self.buf[where]))
        if text:
            self.blocks[where].append(text)
        self.buf[where] = []

    def _flush_all(self) -> None:
        for where in ("content", "body"):
            self._flush(where)

    # -- parser callbacks
    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        classes = set(a.get("class", "").split())
        if tag in _SKIP_TAGS:
            if tag not in _VOID:
                self.skip += 1
                self._push(tag, "skip")
            return
        if tag == "img":
            m = _IMG_DATE.search(a.get("src", "") + " " + a.get("oldsrc", ""))
            if m and self._in("content"):
                d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
                if d:
                    self.img_dates.append(d)
        if tag in _BLOCK_TAGS:
            self._flush_all()
        if tag in _VOID:
            return
        role = ""
        if tag == "div" and "content" in classes and not self.content_seen:
            role, self.content_seen = "content", True
        elif tag == "h2" and "title" in classes:
            role = "title"
        elif tag == "div" and "urhere" in classes:
            role = "urhere"
        elif a.get("id") == "News_Body_Time":
            role = "time"
        elif tag == "title":
            role = "doctitle"
        elif tag == "body":
            role = "body"
        self._push(tag, role)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "html":
            self.html_closed = True
        if tag in _VOID:
            return
        # close the innermost open element of this tag and whatever is still open inside it
        # (tolerates unclosed <p> and friends); an end tag that matches nothing is ignored
        where = self.open_at.get(tag)
        if not where:
            return
        self._pop_to(where[-1])
        if tag in _BLOCK_TAGS or tag == "body":
            self._flush_all()

    def handle_data(self, data):
        if self.skip:
            return
        if self._in("content"):
            self.buf["content"].append(data)
        elif self._in("title"):
            self.buf["title"].append(data)
        elif self._in("urhere"):
            self.buf["urhere"].append(data)
        elif self._in("time"):
            self.buf["time"].append(data)
        if self._in("doctitle"):
            self.buf["doctitle"].append(data)
        if self._in("body"):
            self.buf["body"].append(data)


def read_html(path: str, html: str) -> SourceText:
    parser = _PageParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # html.parser rarely raises, but never crash a build on it
        raise BadInput(path, f"unreadable HTML ({exc})") from None
    parser._flush_all()
    low = html[-4096:].lower()
    if not parser.html_closed and "</html" not in low and "</body" not in low:
        raise BadInput(path, "truncated HTML: the document ends before </body></html>")
    if parser.content_seen and not parser.content_closed:
        raise BadInput(path, "truncated HTML: the content block (div.content) is never closed")
    paragraphs = parser.blocks["content"] if parser.content_seen else parser.blocks["body"]
    if not parser.content_seen and not paragraphs:
        raise BadInput(path, "HTML page has no text in its body")
    title = normalise("".join(parser.buf["title"])) or None
    if title is None and not parser.content_seen:
        title = normalise("".join(parser.buf["doctitle"])) or None
    breadcrumb = normalise("".join(parser.buf["urhere"])) or None

    blocks: list[Block] = []
    pieces: list[str] = []
    pos = 0
    header = [t for t in (breadcrumb, title) if t]
    for text in header + paragraphs:
        if pieces:
            pieces.append("\n\n")
            pos += 2
        blocks.append(Block(text, pos, pos + len(text)))
        pieces.append(text)
        pos += len(text)
    source = SourceText(path=path, media_type="text/html", text="".join(pieces), blocks=blocks,
                        title=title, breadcrumb=breadcrumb)
    split_header_trailer(source, header_blocks=len(header))
    time_text = normalise("".join(parser.buf["time"]))
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", time_text)
    if m:
        source.page_date = _safe_date(int(m[1]), int(m[2]), int(m[3]))
    elif parser.img_dates and source.page_date is None:
        source.page_date = min(parser.img_dates)
    return source
