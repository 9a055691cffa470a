"""A Chinese page's bytes into paragraphs (:class:`kg.model.SourceText`).

The plain-text rendering and the original HTML of a page on the Chinese site give the
same body paragraphs. Site chrome goes to ``SourceText.dropped``, never into turns: the
breadcrumb ``首页 > 外交动态 > 发言人表态``, the title, the ``来源： （供稿） 2018-05-11``
line (its date becomes ``page_date``) and ``[字体：大 中 小] 打印本页``. U+3000
indentation and U+00A0 are folded like any white space (:func:`kg.sources.text.normalise`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from kg.model import Block, SourceText
from kg.sources.text import HTML_SUFFIXES, TEXT_SUFFIXES, _safe_date, _sniff_html, decode, normalise, read_text

__all__ = ["zh_source_from_bytes", "zh_text_source", "split_zh_chrome"]

_BREADCRUMB = re.compile(r"^首页\s*[>＞›»]")
_TITLE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日.{0,60}(?:发言人|记者会|答记者问)|"
                    r"^外交部发言人.{0,60}(?:记者会|答记者问|表态|谈话|讲话|答问)")
_SOURCE_LINE = re.compile(r"^来源\s*[：:]")
_FONT_LINE = re.compile(r"^\[?\s*字体\s*[：:].*(?:大|小)\s*\]?(?:\s*打印本页)?$|^打印本页$")
_PAGE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TRAILER = re.compile(r"^[\[【]?\s*(?:打印本页|关闭窗口|关闭|打印|返回顶部|附件\s*[：:]?|相关新闻)\s*[\]】]?$")


def split_zh_chrome(source: SourceText) -> None:
    """Move the page chrome at the head and foot of ``source.blocks`` to ``dropped``.

    The head is breadcrumb, title, 来源 line and 字体 line, in any order; the first title
    found is the title.
    """
    blocks = source.blocks
    i = 0
    while i < len(blocks) and i < 6:
        text = blocks[i].text
        if _BREADCRUMB.match(text):
            source.breadcrumb = source.breadcrumb or text
        elif _TITLE.match(text) and len(text) < 200 and source.title is None:
            source.title = text
        elif _SOURCE_LINE.match(text):
            m = _PAGE_DATE.search(text)
            if m and source.page_date is None:
                source.page_date = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        elif not _FONT_LINE.match(text):
            break
        source.dropped.append(blocks[i])
        i += 1
    j = len(blocks)
    while j > i and _TRAILER.match(blocks[j - 1].text):
        j -= 1
    source.dropped.extend(blocks[j:])
    source.blocks = blocks[i:j]


def zh_text_source(path: str, text: str, media_type: str = "text/plain") -> SourceText:
    """Paragraphs of Chinese plain text (a txt rendering, or a CSV row's body): every
    non-blank line is one paragraph; offsets point into ``text``."""
    source = read_text(path, text)
    # read_text knows the English site's chrome; the Chinese site's is recognised here
    source.blocks = sorted(source.dropped + source.blocks, key=lambda b: b.start)
    source.dropped, source.title, source.breadcrumb, source.page_date = [], None, None, None
    source.media_type = media_type
    split_zh_chrome(source)
    return source


class _ChromeParser(HTMLParser):
    """The Chinese site's chrome outside the content block: title, breadcrumb, 来源, 字体."""

    ROLES = (("title", lambda tag, a: a.get("id") == "News_Body_Title"
              or (tag in ("div", "h1", "h2") and "title" in a.get("class", "").split())),
             ("nav", lambda tag, a: tag == "div" and ("nav" in a.get("class", "").split()
                                                      or "urhere" in a.get("class", "").split())),
             ("time", lambda tag, a: tag == "div" and "time" in a.get("class", "").split()),
             ("info", lambda tag, a: tag == "div" and "info" in a.get("class", "").split()),
             ("doctitle", lambda tag, a: tag == "title"))
    _VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.text: dict[str, list[str]] = {role: [] for role, _ in self.ROLES}
        self.seen: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag in self._VOID:
            return
        a = {k: (v or "") for k, v in attrs}
        role = "skip" if tag in ("script", "style") else ""
        for name, test in self.ROLES:
            if not role and name not in self.seen and test(tag, a):
                role = name
                self.seen.add(name)
        self.stack.append((tag, role))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        roles = [r for _, r in self.stack if r]
        if roles and "skip" not in roles:
            self.text[roles[-1]].append(data)

    def get(self, role: str) -> str:
        return normalise("".join(self.text[role]))


def _zh_html_source(path: str, html: str) -> SourceText:
    from kg.sources.html import read_html

    body = read_html(path, html)   # the content block's paragraphs; BadInput when truncated
    chrome = _ChromeParser()
    try:
        chrome.feed(html)
        chrome.close()
    except Exception:  # the content was read already; chrome is only audit material
        pass
    title = chrome.get("title") or re.sub(r"\s*[—–-]+\s*中华人民共和国外交部\s*$", "", chrome.get("doctitle")) \
        or None
    header = [t for t in (chrome.get("nav"), title, chrome.get("time"), chrome.get("info")) if t]
    texts = header + [b.text for b in sorted(body.dropped + body.blocks, key=lambda b: b.start)]
    blocks, pos = [], 0
    for text in texts:
        blocks.append(Block(text, pos, pos + len(text)))
        pos += len(text) + 2
    source = SourceText(path=path, media_type="text/html", text="\n\n".join(texts), blocks=blocks,
                        page_date=body.page_date)
    split_zh_chrome(source)
    if source.title is None and title:
        source.title = title
    return source


def zh_source_from_bytes(name: str, data: bytes) -> SourceText:
    """Decode and split a Chinese page; the suffix of ``name`` picks text or HTML."""
    text = decode(name, data)
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _sniff_html(text)):
        return _zh_html_source(name, text)
    return zh_text_source(name, text)
