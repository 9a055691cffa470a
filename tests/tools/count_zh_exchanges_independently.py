#!/usr/bin/env python3
"""Independent exchange counter for the Chinese China MFA transcripts (test ground truth helper).

Standalone, stdlib only (Python 3.11). It imports nothing from the project (``kg``): the
counts it writes are compared with the reader (``kg.sources.fmprc_zh``, ``fmprc_zh_csv``) by
``tests/test_source_fmprc_zh_corpus.py``, so they must come from a different code path.

Two methods, sharing no parsing code with each other:

  Method M ("markup", pages only, from html/<stem>.html):
    <div class="content"> is walked with html.parser; every <P>/<DIV>/<BR> ends a paragraph.
    On the Chinese site the question turns are set in bold (<B>/<STRONG>) and the answers in
    roman type. An exchange starts at a paragraph that begins in bold and is mostly bold and
    that follows a non-bold paragraph (a run of bold paragraphs is one question). Labels are
    only used to leave out bold clarification turns (记者：…) and to recognise 追问.

  Method L ("labels", from the raw text: txt/<stem>.txt, or a CSV row's body):
    every non-blank line is a paragraph (U+3000 and U+00A0 stripped); a paragraph opens an
    exchange when it starts with a question label -- 问：, 追问：/追问一：, <outlet>记者：,
    <outlet>记者提问：, <outlet>记者追问：, 记者问：, 有记者问：, 外国记者提问：, or a question
    raised after the conference (会后有记者问及：/，, 会后，有记者问及：); a header
    "会后，有记者问及：" with nothing after it opens the exchange that follows it. After a
    numbered after-conference question (会后有记者问及：一、…) an unlabelled "二、…？" is the
    next exchange. Not exchanges: 记者：/记者澄清：/记者解释：/（记者：…） (clarifications),
    "会后，就…所提问题，…表示：" (a late answer to an earlier question).

Files where the methods disagree with each other were read by hand; the decisions are in
HAND_DECISIONS (pages) and HAND_ROWS (CSV rows), with the reason. The CSV written holds the
hand decision where there is one, else the (agreeing) automatic count. See
tests/data/counts/README.md.

statements_before_first_question = body paragraphs before the first question turn (page
chrome -- breadcrumb, title, 来源 line, 字体 line -- and separator-only lines not counted).

Usage:
  python3 count_zh_exchanges_independently.py            # write both CSVs
  python3 count_zh_exchanges_independently.py --diff     # list M/L disagreements (pages)
  python3 count_zh_exchanges_independently.py --show STEM|row N   # dump the parses
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
from html.parser import HTMLParser

CORPUS = "/work/shared/corpus/fmprc-zh-2018-2020_cwang23-china_fm"
CSV_FILE = ("/work/shared/corpus/fmprc-zh-2013-2016_skberko-chinese-news-web-scraper/"
            "mfa_press_confs_simplified_errors.csv")
OUT_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "counts"))
WS = " \u00a0\u3000\t\r\n"

# ---------------------------------------------------------------------------
# label vocabulary (used by L for everything, by M only to drop clarifications / see 追问)
# ---------------------------------------------------------------------------
C = r"\s*[:：]"
RE_CLARIFY = re.compile(r"^[（(]?\s*(?:该|这位)?记者(?:解释|澄清|补充|笑|回答|说)?" + C)
RE_FOLLOW = re.compile(r"^(?:记者|[^：:，。？]{1,30}?记者)?追问[一二三四五六七八九十]*" + C)
RE_PLAIN_Q = re.compile(r"^(?:问|记者问|有记者问|外国记者提问|外国记者)" + C)
RE_OUTLET_Q = re.compile(r"^(?P<o>[^：:，。？！、]{1,30}?)记者(?:提问)?" + C)
RE_AFTER = re.compile(r"^(?:记者会后|会后)\s*[，,]?\s*有?\s*记者(?:问及|问到|提问)\s*(?P<p>[:：，,])")
RE_LATE = re.compile(r"^会后\s*[，,]?\s*就.{1,40}?所提问题")
RE_NUMBERED = re.compile(r"^(?P<n>[二三四五六七八九])、.*[？?]")
NUMERALS = "一二三四五六七八九"


def strip(p: str) -> str:
    return p.strip(WS)


def classify(p: str) -> str:
    """Q (new question), F (follow-up question), C (clarification), AFTER_HEADER,
    AFTER (a question raised after the conference, with its text), X (anything else)."""
    t = strip(p)
    if RE_LATE.match(t):
        return "X"
    m = RE_AFTER.match(t)
    if m:
        rest = t[m.end():].strip(WS)
        return "AFTER" if rest else "AFTER_HEADER"
    if RE_CLARIFY.match(t):
        return "C"
    if RE_FOLLOW.match(t):
        return "F"
    if RE_PLAIN_Q.match(t):
        return "Q"
    m = RE_OUTLET_Q.match(t)
    if m and not re.match(r"^(?:我|你|这|那|有)", m.group("o")):
        return "Q"
    return "X"


def is_separator(text: str) -> bool:
    return not re.search(r"\w", text)


def method_labels(paras: list[str]):
    """(exchanges, follow_ups, statements_before_first_question, events) over body paragraphs."""
    ex = fu = before = 0
    seen = False
    header = False
    expect = None          # the numeral of the next numbered after-conference question
    events = []
    for p in paras:
        k = classify(p)
        tag = " "
        t = strip(p)
        if k == "AFTER_HEADER":
            header = True
            tag = "h"
        elif k in ("Q", "F", "AFTER"):
            ex += 1
            seen = True
            tag = "F" if k == "F" else "E"
            fu += k == "F"
            header = False
            expect = None
            if k == "AFTER":
                rest = t[RE_AFTER.match(t).end():].strip(WS)
                expect = "二" if rest.startswith("一、") else None
        elif header and k == "X":
            ex += 1            # the header's question, printed without a label
            seen = True
            tag = "E"
            header = False
        elif expect and RE_NUMBERED.match(t) and RE_NUMBERED.match(t).group("n") == expect:
            ex += 1
            tag = "E"
            i = NUMERALS.find(expect)
            expect = NUMERALS[i + 1] if i + 1 < len(NUMERALS) else None
        elif k == "C":
            tag = "c"
        elif not seen and not is_separator(t):
            before += 1
            tag = "s"
        events.append((tag, t))
    return ex, fu, before, events


# ---------------------------------------------------------------------------
# the pages' raw text and the CSV rows' bodies
# ---------------------------------------------------------------------------
HEADER = (re.compile(r"^首页\s*>"), re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日外交部发言人"),
          re.compile(r"^来源[：:]"), re.compile(r"^\[字体[：:]"))


def lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if strip(ln)]


def txt_body(path: str) -> list[str]:
    paras = lines(open(path, encoding="utf-8").read())
    i = 0
    while i < len(paras) and i < 4 and any(rx.match(strip(paras[i])) for rx in HEADER):
        i += 1
    return paras[i:]


def csv_rows() -> list[dict]:
    with open(CSV_FILE, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def csv_body(row: dict) -> list[str]:
    paras = lines(row["body"])
    # the lead line some rows open with ("2014年5月6日，外交部发言人华春莹主持例行记者会。") is not
    # speech: it restates the title (the reader keeps it as dropped page text)
    if paras and re.match(r"^\d{4}年\d{1,2}月\d{1,2}日[，,]?外交部发言人\S{2,3}主持例行记者会。?$", strip(paras[0])):
        paras = paras[1:]
    return paras


# ---------------------------------------------------------------------------
# Method M: HTML markup (pages)
# ---------------------------------------------------------------------------
BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol"}
VOID = {"br", "img", "hr", "meta", "input", "link"}
BOLD_STYLE = re.compile(r"(?<![-\w])font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)


class Content(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.paras: list[list[tuple[str, bool]]] = []
        self.cur: list[tuple[str, bool]] = []
        self.done = False

    def flush(self):
        if self.cur:
            self.paras.append(self.cur)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        a = dict(attrs)
        if not self.depth:
            if tag == "div" and "content" in (a.get("class") or "").split():
                self.depth = 1
            return
        if tag in BLOCK:
            self.flush()
        if tag == "div":
            self.depth += 1
        if tag in VOID:
            return
        self.stack.append((tag, tag in ("b", "strong") or bool(BOLD_STYLE.search(a.get("style") or ""))))

    def handle_endtag(self, tag):
        if not self.depth or self.done:
            return
        if tag in BLOCK:
            self.flush()
        if tag == "div":
            self.depth -= 1
            if self.depth == 0:
                self.flush()
                self.done = True
                return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.depth and not self.done:
            self.cur.append((data, any(b for _, b in self.stack)))


def html_paragraphs(path: str) -> list[tuple[str, bool]]:
    p = Content()
    p.feed(open(path, encoding="utf-8", errors="replace").read())
    p.close()
    out = []
    for chunks in p.paras:
        text = strip(re.sub(r"\s+", " ", "".join(c for c, _ in chunks)))
        vis = [(re.sub(r"[\s\u00a0\u3000]", "", c), b) for c, b in chunks]
        vis = [(c, b) for c, b in vis if c]
        if not vis:
            continue
        bold = sum(len(c) for c, b in vis if b) / sum(len(c) for c, _ in vis)
        out.append((text, vis[0][1] and bold >= 0.5))
    return out


def method_markup(path: str):
    ex = fu = before = 0
    prev = seen = False
    events = []
    for text, bold in html_paragraphs(path):
        kind = classify(text)
        tag = " "
        if bold:
            if not prev and kind != "C":
                ex += 1
                seen = True
                tag = "F" if kind == "F" else "E"
                fu += kind == "F"
            else:
                tag = "b"
        elif not seen and not is_separator(text):
            before += 1
            tag = "s"
        events.append((tag, text))
        prev = bold
    return ex, fu, before, events


# ---------------------------------------------------------------------------
# hand decisions: read in the files, see tests/data/counts/README.md
# stem -> (exchanges, follow_ups, statements_before_first_question, note)
# ---------------------------------------------------------------------------
HAND_DECISIONS: dict[str, tuple[int, int, int, str]] = {
    # -- the 6 files where markup and labels disagree --------------------------------
    "2019-03-26_geng-shuang_t1648466": (10, 0, 0, "DISAGREE markup 12 / labels 10: the journalist's two unlabelled "
                                        "replies to the spokesperson's questions (有人向记者透露了这份报告。/我不知道。) "
                                        "are set in bold; read: they belong to exchange 3, not new questions"),
    "2019-05-20_lu-kang_t1664956": (12, 0, 3, "DISAGREE markup 13 / labels 12: the '*****' line before the closing "
                                    "note on the ministry's Weibo account is bold; read: a separator, no question"),
    "2019-05-23_lu-kang_t1665967": (6, 0, 3, "DISAGREE markup 7 / labels 6: a bold '*****' separator before a "
                                   "closing note; read: no question"),
    "2019-07-26_hua-chunying_t1683669": (9, 1, 1, "DISAGREE markup 8 / labels 9: the 追问 turn is not bold; read: a "
                                        "follow-up question with its own answer"),
    "2019-12-11_hua-chunying_t1723659": (15, 1, 1, "DISAGREE markup 14 / labels 15: the 记者追问 turn is not bold; "
                                         "read: a follow-up question (the English page has 'Follow-up:' there)"),
    "2020-04-07_zhao-lijian_t1766913": (11, 0, 0, "DISAGREE markup 12 / labels 11: the bold line "
                                        "'会后，就《南华早报》记者所提问题，赵立坚表示：' introduces a late answer to an "
                                        "earlier question, not a new one (the English page: 'After the press "
                                        "conference, Zhao made further response...', not counted there either)"),
    # -- agreeing, read because the structure is unusual -------------------------------
    "2020-04-03_hua-chunying_t1765719": (15, 0, 0, "read: '会后，有记者问及：一、…' and the unlabelled '二、…？' after "
                                         "its answer are two questions raised after the conference (the English "
                                         "page gives each a Q:)"),
    "2020-04-13_zhao-lijian_t1769120": (10, 0, 1, "read: '会后有记者问及：一、…' and the unlabelled '二、…？' are two "
                                        "questions raised after the conference (English: a header and two Q:)"),
    "2020-02-24_zhao-lijian_t1748857": (18, 0, 4, "read: 华春莹： introduces the new spokesperson, 赵立坚： thanks "
                                        "her and gives the figures: 4 paragraphs before the first question"),
    "2020-06-11_hua-chunying_t1787967": (10, 0, 0, "read in full (sample file): 9 outlet-labelled questions (新华社, "
                                         "北京青年报, 塔斯社, 澎湃新闻, 中新社, 法新社, 深圳卫视, 法新社, 彭博社) answered "
                                         "by 华春莹：, and 会后有记者问及： (the C-40 over Taiwan); no opening statement"),
}
# "row N" (N from 1, the first row after the header) -> (exchanges, follow_ups, statements, note)
HAND_ROWS: dict[str, tuple[int, int, int, str]] = {
    "row 38": (3, 0, 0, "read: the header '会后，有记者问及：' alone, then two 问： raised after the conference"),
    "row 49": (2, 0, 0, "read: '会后，有记者问及：<question>' answered by '华春莹表示，…' (a comma, no colon)"),
    "row 82": (7, 0, 0, "read: the answer of exchange 4 is printed without 答："),
    "row 320": (5, 0, 0, "read: '秦刚最后宣布：' and the holiday notice after the last answer are a closing "
                         "announcement, no question"),
    "row 350": (9, 0, 6, "read: '会后有记者问及，…' (comma, no colon) is the 9th exchange; its answer has no label; "
                         "6 announcement paragraphs (一、… 二、…) before the first question"),
    "row 365": (4, 0, 5, "read: 5 announcement paragraphs, 4 exchanges, then '华春莹最后宣布，…' (closing)"),
    "row 369": (12, 2, 0, "read: two 追问 turns (Norway, the Dalai Lama), their answers printed without a label"),
    "row 386": (6, 0, 2, "read: '洪磊介绍了…' and '洪磊表示，…' (the MH370 search) open the conference, then 6 "
                         "exchanges; rows 387-403 (March-April 2014) open the same way"),
    "row 428": (8, 0, 4, "read: '洪磊首先发布消息：' and 3 announcements, 7 exchanges, the header '会后，有记者问及：' "
                         "and its unlabelled question (the 8th)"),
    "row 436": (6, 0, 8, "read: '洪磊说，' greeting, a notice, '洪磊随后发布消息：' and 4 paragraphs of announcement "
                         "before the first question"),
    "row 448": (4, 0, 5, "read: '秦刚说，' New Year greeting, '秦刚随后发布消息：' and 3 announcement paragraphs"),
    "row 475": (5, 0, 0, "read: '洪磊发布通知：' and its notice come after exchange 2 (not counted as statements "
                         "before the first question); '会后有记者问及，…' answered by '洪磊表示，…' is the 5th"),
}


def stems() -> list[str]:
    with open(os.path.join(CORPUS, "index.csv"), encoding="utf-8") as fh:
        return [r["file_stem"] for r in csv.DictReader(fh)]


def page_counts(stem: str):
    m = method_markup(os.path.join(CORPUS, "html", stem + ".html"))
    l = method_labels(txt_body(os.path.join(CORPUS, "txt", stem + ".txt")))
    return m, l


def show(what: str) -> None:
    if what.startswith("row "):
        n = int(what.split()[1])
        l = method_labels(csv_body(csv_rows()[n - 1]))
        print(f"== labels: ex={l[0]} fu={l[1]} before={l[2]}")
        for tag, t in l[3]:
            print(f"  {tag} {t[:100]!r}")
        return
    m, l = page_counts(what)
    for name, r in (("markup", m), ("labels", l)):
        print(f"== {name}: ex={r[0]} fu={r[1]} before={r[2]}")
        for tag, t in r[3]:
            print(f"  {tag} {t[:100]!r}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--diff", action="store_true")
    ap.add_argument("--show")
    a = ap.parse_args()
    if a.show:
        show(a.show)
        return 0
    pages, disagree = [], []
    for stem in stems():
        m, l = page_counts(stem)
        auto = l[:3]
        if m[:3] != l[:3]:
            disagree.append((stem, m[:3], l[:3]))
        if stem in HAND_DECISIONS:
            e, f, b, note = HAND_DECISIONS[stem]
            pages.append((stem, e, f, b, "yes", note))
        else:
            pages.append((stem, *auto, "no", ""))
    undecided = [d for d in disagree if d[0] not in HAND_DECISIONS]
    if a.diff or undecided:
        for stem, m, l in disagree:
            print(f"{stem}: markup {m} labels {l}", "HAND" if stem in HAND_DECISIONS else "UNDECIDED")
        print(len(disagree), "disagreements,", len(undecided), "undecided")
        if a.diff:
            return 0
        if undecided:
            print("not written: decide every disagreement by hand first", file=sys.stderr)
            return 1
    rows = []
    first_seen: dict[tuple, int] = {}
    for n, row in enumerate(csv_rows(), start=1):
        rec = f"row {n}"
        l = method_labels(csv_body(row))
        content = (row["title"], row["date"], row["body"], row["url"])
        repeat = f"repeats row {first_seen[content]} unchanged (same url, title, date and body)" \
            if content in first_seen else ""
        first_seen.setdefault(content, n)
        if rec in HAND_ROWS:
            e, f, b, note = HAND_ROWS[rec]
            rows.append((rec, row["url"], e, f, b, "yes", "; ".join(filter(None, [note, repeat]))))
        else:
            rows.append((rec, row["url"], *l[:3], "no", repeat))
    with open(os.path.join(OUT_DIR, "fmprc_zh_exchange_counts.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["stem", "exchanges", "follow_ups", "statements_before_first_question", "checked_by_hand", "note"])
        w.writerows(pages)
    with open(os.path.join(OUT_DIR, "fmprc_zh_csv_exchange_counts.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["record", "url", "exchanges", "follow_ups", "statements_before_first_question",
                    "checked_by_hand", "note"])
        w.writerows(rows)
    print(f"{len(pages)} pages ({len(disagree)} M/L disagreements, decided by hand), {len(rows)} CSV rows written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
