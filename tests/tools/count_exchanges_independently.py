#!/usr/bin/env python3
"""Independent exchange counter for the fmprc EN 2018-2020 corpus (test ground truth helper).

Standalone, stdlib only (Python 3.11). It deliberately shares no code with the
project's parser (/work/main/kg) and was written without looking at it.

Two separate methods are run on every transcript:

  Method M ("markup", from html/<stem>.html):
    The page's <div class="content"> block is walked with html.parser.  Every
    block element (<P>, <DIV>, <BR>) closes a paragraph.  For each paragraph we
    record whether its first visible character is inside <B>/<STRONG> (or a
    style="font-weight: bold" element) and how much of its text is bold.
    On this site question turns are set in bold, answers in roman type.
    An exchange starts at a bold paragraph that follows a non-bold one
    (a run of consecutive bold paragraphs is one multi-paragraph question),
    unless the bold paragraph is a clarification turn (Journalist: ...) or a
    Q: listed in HAND_CLARIFYING_Q (a reply to the spokesperson's own
    clarifying question; the table is empty, see below).  Labels are used only
    for those exclusions and for follow-up counting; the *start* of an
    exchange is decided by typography alone.

  Method L ("labels", from txt/<stem>.txt):
    The text rendering is split into paragraphs on blank lines and each
    paragraph is classified only by its leading speaker label
    (Q:, outlet names, Follow-up:, answer labels, clarification labels, the
    "... raised after the press conference:" forms).  Bold/markup is not used.

Files where the two methods disagree (on exchanges, follow-ups or statements
before the first question) are listed; their counts were then decided by
reading the file, and the hand decisions are kept in HAND_DECISIONS below
(with the reason).  Other files were read too (Remarks pages, files whose
English count differs from the Chinese page of the same day -- see --zh --,
files with odd structure); they are in HAND_DECISIONS as well.  The CSV is
written from: hand decision if present, else the (agreeing) automatic count.

statements_before_first_question = number of body paragraphs (text blocks)
before the first question turn, not counting image-only or separator-only
paragraphs ("*******").

Usage:
  python3 count_exchanges_independently.py            # write the CSVs
  python3 count_exchanges_independently.py --diff     # list disagreements
  python3 count_exchanges_independently.py --show STEM  # dump both parses of one file
  python3 count_exchanges_independently.py --zh       # compare with the Chinese pages (3rd check)
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from html.parser import HTMLParser

CORPUS = "/work/shared/corpus/fmprc-en-2018-2020_cwang23-china_fm"
OUT_DIR = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "counts"))
CORPUS_ZH = "/work/shared/corpus/fmprc-zh-2018-2020_cwang23-china_fm"

# ---------------------------------------------------------------------------
# label vocabulary (shared by both methods only for *classification* of a turn)
# ---------------------------------------------------------------------------
COLON = r"[ \u00a0\u3000]*[:\uff1a]"
SPOKES = r"(?:Zhao Lijian|Geng Shuang|Hua Chunying|Lu Kang|Mao Ning)"  # Mao Ning: seed file only
RE_ANSWER = re.compile(r"^(?:A|" + SPOKES + r")" + COLON, re.I)
RE_Q = re.compile(r"^Q" + COLON)
RE_FOLLOW = re.compile(r"^Follow[- ]?up" + COLON, re.I)
RE_CLARIFY = re.compile(
    r"^(?:Journalist|Reporter|Journalist clarifies|Journalist adds|Journalist explains|"
    r"The journalist clarified)" + COLON, re.I)
RE_FOREIGN_J = re.compile(r"^Foreign Journalist" + COLON, re.I)
# questions reported as raised after the conference, e.g.
#  "Question raised after the press conference: ..."
#  "The following question was raised after the press conference: <question>"
#  "After the press conference, the following question is raised: <question>"
#  "This question was raised after the press conference: <question>"
#  "A journalist posed the following question after the press conference: <question>"
#  "After the Press Conference, a journalist asked if China ..."   (no colon)
RE_AFTER = re.compile(r"(after the press conference|raised by a journalist after)", re.I)
# a generic outlet label: short Capitalised words before a colon
CONNECTORS = {"of", "and", "the", "&", "de", "news"}
RE_PREFIX = re.compile(r"^([^:\uff1a]{1,60}?)" + COLON)


def outlet_like(prefix: str) -> bool:
    words = prefix.replace("\u00a0", " ").split()
    if not words or len(words) > 6:
        return False
    for w in words:
        if w.lower() in CONNECTORS:
            continue
        if re.fullmatch(r"\d+", w):
            return False
        if not (w[0].isupper() or w[0] == "&"):
            return False
    return True


def classify(text: str) -> str:
    """Return Q (new question), F (follow-up question), C (clarification),
    A (answer), AFTER (after-conference question/header), X (other/unlabelled)."""
    t = text.lstrip(" \u00a0\u3000\t")
    if RE_CLARIFY.match(t):
        return "C"
    if RE_ANSWER.match(t):
        return "A"
    if RE_Q.match(t):
        return "Q"
    if RE_FOLLOW.match(t):
        return "F"
    if RE_FOREIGN_J.match(t):
        return "Q"
    head = t[:160]
    if RE_AFTER.search(head) and (head.lower().startswith(("question raised", "the following question",
                                                             "after the press conference",
                                                             "this question", "a journalist",
                                                             "the following questions"))):
        return "AFTER"
    m = RE_PREFIX.match(t)
    if m and outlet_like(m.group(1).strip()):
        return "Q"
    return "X"


def after_kind(text: str) -> str:
    """For an AFTER paragraph: 'header' if it only introduces following Q: turns,
    'question' if it carries the question itself."""
    t = text.strip(" \u00a0\u3000\t")
    m = re.search(r"[:\uff1a]", t)
    if m and t[m.end():].strip(" \u00a0") == "":
        return "header"
    if re.search(r"made further response|further response", t, re.I):
        return "note"
    return "question"


def ends_with_question(text: str) -> bool:
    t = text.strip(" \u00a0\u3000\t\"'\u201d\u2019)")
    return t.endswith(("?", "\uff1f"))


# Q:/outlet turns that were judged BY HAND to be replies to a clarifying question
# asked by the spokesperson (stem -> list of paragraph prefixes).  Every question
# turn that directly follows a spokesperson paragraph ending in "?" was read (see
# README); in this corpus none of the Q:/outlet ones is such a reply (they are all
# new questions; the replies are labelled Journalist:/Follow-up: instead), so the
# table is empty.  An earlier automatic rule ("short answer ending in ? followed by
# Q:") fired on 4 files and was wrong on all 4 (the Chinese version confirms them
# as separate questions), so the decision is kept manual.
HAND_CLARIFYING_Q: dict[str, list[str]] = {}


def is_hand_clarification(stem: str, text: str) -> bool:
    t = text.strip(" \u00a0\u3000")
    return any(t.startswith(px) for px in HAND_CLARIFYING_Q.get(stem, []))


# ---------------------------------------------------------------------------
# Method M: HTML markup
# ---------------------------------------------------------------------------
BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol"}
VOID = {"br", "img", "hr", "meta", "input", "link"}
RE_BOLD_STYLE = re.compile(r"(?<![-\w])font-weight\s*:\s*(bold|bolder|[6-9]00)", re.I)


class ContentParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_content = False
        self.depth = 0          # div depth inside content
        self.stack: list[tuple[str, bool]] = []   # (tag, is_bold)
        self.paras: list[list[tuple[str, bool]]] = []
        self.cur: list[tuple[str, bool]] = []
        self.done = False

    def _bold(self) -> bool:
        return any(b for _, b in self.stack)

    def _flush(self):
        if self.cur:
            self.paras.append(self.cur)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        a = dict(attrs)
        if not self.in_content:
            if tag == "div" and (a.get("class") or "").strip() == "content":
                self.in_content = True
                self.depth = 1
            return
        if tag in BLOCK_TAGS:
            self._flush()
        if tag == "div":
            self.depth += 1
        if tag in VOID:
            return
        bold = tag in ("b", "strong") or bool(RE_BOLD_STYLE.search(a.get("style") or ""))
        self.stack.append((tag, bold))

    def handle_startendtag(self, tag, attrs):
        if self.in_content and not self.done and tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if not self.in_content or self.done:
            return
        if tag in BLOCK_TAGS:
            self._flush()
        if tag == "div":
            self.depth -= 1
            if self.depth == 0:
                self._flush()
                self.done = True
                return
        # pop to the matching tag (tolerate sloppy nesting)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.in_content and not self.done:
            self.cur.append((data, self._bold()))


class MPara:
    __slots__ = ("text", "lead_bold", "bold_frac")

    def __init__(self, chunks):
        text = "".join(c for c, _ in chunks)
        self.text = re.sub(r"[ \t\r\n]+", " ", text).strip(" \t\r\n")
        total = bold = 0
        lead = None
        for c, b in chunks:
            vis = re.sub(r"[\s\u00a0\u3000]", "", c)
            if not vis:
                continue
            if lead is None:
                lead = b
            total += len(vis)
            bold += len(vis) if b else 0
        self.lead_bold = bool(lead)
        self.bold_frac = bold / total if total else 0.0


def html_paragraphs(path: str) -> list[MPara]:
    p = ContentParser()
    p.feed(open(path, encoding="utf-8", errors="replace").read())
    p.close()
    out = []
    for chunks in p.paras:
        mp = MPara(chunks)
        if re.sub(r"[\s\u00a0\u3000]", "", mp.text):
            out.append(mp)
    return out


def is_separator(text: str) -> bool:
    """A paragraph with no letters or digits (e.g. "*******", "---")."""
    return not re.search(r"\w", text)


def method_markup(path: str):
    stem = os.path.basename(path).rsplit(".", 1)[0]
    paras = html_paragraphs(path)
    ex = fu = 0
    before = 0
    prev_bold = False
    seen_q = False
    events = []
    for p in paras:
        boldq = p.lead_bold and p.bold_frac >= 0.5
        kind = classify(p.text)
        tag = " "
        if boldq:
            if not prev_bold and kind != "C" and not is_hand_clarification(stem, p.text):
                ex += 1
                seen_q = True
                tag = "E"
                if kind == "F":
                    fu += 1
                    tag = "F"
            else:
                tag = "b"
        elif not seen_q and not is_separator(p.text):
            before += 1
            tag = "s"
        events.append((tag, p.text))
        prev_bold = boldq
    return ex, fu, before, events


# ---------------------------------------------------------------------------
# Method L: labels on the txt rendering
# ---------------------------------------------------------------------------
WS = " \u00a0\u3000\t\r\n"


def txt_body_paragraphs(path: str) -> list[str]:
    t = open(path, encoding="utf-8").read()
    paras = [p.strip("\n") for p in re.split(r"\n[ \t\u00a0\u3000]*\n", t)]
    paras = [p for p in paras if p.strip(WS)]
    # drop breadcrumb + title (first two), cut at "Appendix:"
    body = paras[2:]
    for i, p in enumerate(body):
        if p.strip(WS) == "Appendix:":
            body = body[:i]
            break
    return body


RE_SELF_FOLLOWUP = re.compile(r"\bfollow[- ]?(up|on)\b", re.I)


def method_labels(path: str, paras: list[str] | None = None):
    stem = os.path.basename(path).rsplit(".", 1)[0]
    if paras is None:
        paras = txt_body_paragraphs(path)
    ex = fu = 0
    before = 0
    seen_q = False
    prev = ""
    events = []
    notes = []
    for p in paras:
        k = classify(p)
        tag = " "
        if k in ("Q", "F") and is_hand_clarification(stem, p):
            tag = "c"
            notes.append("Q: reply to spokesperson's clarifying question not counted")
        elif k in ("Q", "F"):
            if ends_with_question(prev) and classify(prev) not in ("Q", "F", "C"):
                if k == "F":
                    notes.append("Follow-up: answering the spokesperson's own question still counted (per definition)")
                else:
                    notes.append("question turn after spokesperson text ending in '?' is a new question (transition read by hand)")
            if k == "Q" and RE_SELF_FOLLOWUP.search(p[:120]):
                notes.append("question turn calls itself a follow-up but is not labelled Follow-up: (not in follow_ups)")
            ex += 1
            seen_q = True
            tag = "E"
            if k == "F":
                fu += 1
                tag = "F"
        elif k == "AFTER":
            ak = after_kind(p)
            if ak == "question":
                ex += 1
                seen_q = True
                tag = "E"
                notes.append("question reported as raised after the press conference (no Q: label) counted")
            elif ak == "header":
                tag = "h"
                notes.append("'question(s) raised after the press conference:' header line not counted, the Q: under it is")
            else:
                tag = "h"
                notes.append("'after the press conference, further response' note is not a new question")
        elif k == "C":
            tag = "c"
            notes.append("Journalist:/Reporter: clarification turn(s) inside an exchange not counted")
        elif not seen_q:
            if is_separator(p):
                tag = "-"
                notes.append("separator line before first question not counted as statement")
            else:
                before += 1
                tag = "s"
                if k == "A":
                    notes.append("spokesperson-labelled opening remarks before first question counted as statements")
        events.append((tag, p))
        prev = p
    return ex, fu, before, events, notes


# ---------------------------------------------------------------------------
# hand decisions: stem -> (exchanges, follow_ups, statements_before_first_question, note)
# Filled in after reading every file on which the two methods disagree.
# ---------------------------------------------------------------------------
HAND_DECISIONS: dict[str, tuple[int, int, int, str]] = {
    # -- the 4 files where markup and labels disagree --------------------------------
    "2018-07-30_geng-shuang_t1581484": (9, 0, 0, "DISAGREE markup 8 / labels 9: after-conference question starts with a roman lead-in, so markup missed it; read: it is a question with an answer"),
    "2019-01-28_geng-shuang_t1633218": (12, 0, 0, "DISAGREE markup 11 / labels 12: in one Q: turn only the text after 'Q:' is bold, so markup missed it; read: ordinary new Q: turn"),
    "2019-04-17_lu-kang_t1655318": (15, 1, 0, "DISAGREE markup 14 / labels 15: after-conference question paragraph not bold, so markup missed it; read: a question with an answer"),
    "2020-05-26_zhao-lijian_t1782911": (9, 2, 0, "DISAGREE markup 8+2 statements / labels 9: first question (Xinhua News Agency:) and its answer not bold; read: a normal exchange, no opening statement"),
    # -- same count, different paragraph taken as the start -------------------------
    "2020-04-13_zhao-lijian_t1769241": (10, 0, 1, "markup started the exchange at the bold header line, labels at the Q: under it; same count"),
    # -- files where an earlier automatic 'reply to clarifying question' rule fired ---
    "2019-02-11_hua-chunying_t1637013": (20, 1, 2, "read: Q: after 'A: ...What information or evidence do they have...?' is a new question (ZH page agrees)"),
    "2019-03-12_lu-kang_t1644890": (10, 0, 0, "read: Q: after 'A: ...which interaction...you were referring to?' is a new question (NVIDIA), not a reply"),
    "2019-05-31_geng-shuang_t1668451": (8, 0, 0, "read: Q: after 'A: ...good news to the Japanese people, right?' is a new question"),
    "2019-12-04_hua-chunying_t1721507": (10, 0, 5, "read: Q: after 'A: ...have a little bit more patience, OK?' is a new question"),
    # -- EN count differs from the Chinese version of the same day: read the turns ---
    "2018-09-05_hua-chunying_t1592240": (7, 1, 1, "read (EN/ZH differ: ZH 6 questions, no follow-up; EN labels kept)"),
    "2018-10-30_lu-kang_t1608469": (10, 0, 1, "read (EN/ZH differ: ZH 9)"),
    "2019-03-01_lu-kang_t1642317": (14, 1, 0, "read (EN/ZH differ)"),
    "2019-03-27_geng-shuang_t1648902": (7, 1, 1, "read (EN/ZH differ: ZH marks 'Q: A quick follow-up' as follow-up)"),
    "2019-07-04_geng-shuang_t1678570": (13, 2, 0, "read (EN/ZH differ); 'Follow-up: I'm just asking questions.' counted per definition"),
    "2019-07-22_geng-shuang_t1682558": (17, 1, 0, "read (EN/ZH differ); 4 Journalist: turns inside exchanges"),
    "2019-08-23_geng-shuang_t1691457": (20, 3, 1, "read (EN/ZH differ); 'Follow-up: Yes.' counted per definition"),
    "2019-11-20_geng-shuang_t1717513": (10, 2, 0, "read (EN/ZH differ)"),
    "2019-11-22_geng-shuang_t1718137": (12, 1, 0, "read (EN/ZH differ)"),
    "2019-12-11_hua-chunying_t1723722": (15, 1, 1, "read (EN/ZH differ)"),
    "2019-12-20_geng-shuang_t1726573": (16, 2, 1, "read (EN/ZH differ)"),
    "2020-01-08_geng-shuang_t1730335": (17, 1, 0, "read (EN/ZH differ); 'Follow-up: Just a question.' counted per definition"),
    "2020-01-17_geng-shuang_t1733473": (14, 5, 2, "read (EN/ZH differ: ZH 9); 5 Follow-up: turns in one Kashmir back-and-forth, all counted per definition"),
    "2020-04-03_hua-chunying_t1765751": (15, 0, 0, "read (EN/ZH differ)"),
    "2020-04-07_zhao-lijian_t1767006": (11, 0, 0, "read: 'After the press conference, Zhao made further response to the question raised by SCMP' + answer is a late answer, not a new exchange"),
    "2020-04-28_geng-shuang_t1774380": (18, 7, 0, "read (EN/ZH differ: ZH 15 / 4 follow-ups); several Follow-up: turns are statements, still counted per definition"),
    "2020-04-29_geng-shuang_t1774812": (24, 7, 0, "read (EN/ZH differ: ZH 20 / 3); 'Follow-up: It's a statement.' etc. counted per definition"),
    "2020-04-30_geng-shuang_t1775332": (14, 1, 0, "read (EN/ZH differ); 'Follow-up: Yes.' counted per definition"),
    # -- unusual structure, read -------------------------------------------------------
    "2019-11-29_geng-shuang_t1720271": (8, 0, 4, "read: '*******' separator after 4 announcement paragraphs"),
    "2020-02-24_zhao-lijian_t1748946": (18, 0, 4, "read: Hua Chunying introduces new spokesperson Zhao Lijian before the first question"),
    "2019-09-30_geng-shuang_t1704264": (3, 0, 0, "read: closing National Day remarks after '***' inside last answer"),
    "2018-06-15_geng-shuang_t1569335": (3, 0, 10, "read: 3 announcements (10 paragraphs) then 3 exchanges"),
    "2019-04-25_geng-shuang_t1657875": (1, 0, 0, "read: conference with a single exchange"),
    "2019-12-26_geng-shuang_t1728033": (1, 0, 0, "read: conference with a single exchange"),
    "2020-06-01_zhao-lijian_t1784867": (14, 0, 0, "read: closing Children's Day remarks after a separator line"),
    "2020-02-14_geng-shuang_daily-briefing-online_t1745046": (8, 0, 14, "read: long opening (NHC figures, 'In this video:' list of ambassadors' quotes)"),
    # -- the 13 'Remarks' pages, all read in full ----------------------------------------
    "2019-08-05_hua-chunying_remarks_t1686226": (4, 0, 0, "Remarks page, read in full"),
    "2019-08-06_hua-chunying_remarks_t1686637": (7, 0, 0, "Remarks page, read in full"),
    "2019-08-06_hua-chunying_remarks_t1686638": (1, 0, 0, "Remarks page (Pelosi, undated title): one Q and one A, read in full"),
    "2019-08-07_hua-chunying_remarks_t1686991": (4, 0, 0, "Remarks page, read in full"),
    "2019-08-07_hua-chunying_remarks_t1687014": (1, 0, 0, "Remarks page (Venezuela, undated title): one Q and one A, read in full"),
    "2019-08-08_hua-chunying_remarks_t1687328": (10, 0, 0, "Remarks page, read in full"),
    "2019-08-09_hua-chunying_remarks_t1687683": (4, 0, 0, "Remarks page, read in full"),
    "2019-08-12_hua-chunying_remarks_t1688119": (1, 0, 0, "Remarks page: one Q and one A, read in full"),
    "2019-08-14_hua-chunying_remarks_t1688743": (1, 0, 0, "Remarks page: one Q and one A, read in full"),
    "2019-08-15_hua-chunying_remarks_t1689110": (3, 0, 0, "Remarks page, read in full"),
    "2019-08-16_hua-chunying_remarks_t1689478": (5, 0, 0, "Remarks page, read in full"),
    "2019-09-12_hua-chunying_remarks_t1697282": (3, 0, 0, "Remarks page, read in full"),
    "2019-11-26_geng-shuang_remarks_t1719112": (3, 0, 0, "Remarks page, read in full"),
}


# the seed file has a later site layout; counted by reading it in full
SEED = "/work/shared/corpus/seed/2024-02-23_mao-ning.txt"
SEED_HAND = ("2024-02-23_mao-ning", 8, 0, 0,
             "read in full: 8 outlet-labelled questions (Reuters, CCTV, Dragon TV, Bloomberg x3, Kyodo News x2), "
             "answers labelled 'Mao Ning:'; no opening statement, no follow-ups; "
             "header date line and [ Suggest To A Friend ]/[ Print ] are page chrome")


def seed_paragraphs(path: str) -> list[str]:
    t = open(path, encoding="utf-8").read()
    paras = [p.strip("\n") for p in re.split(r"\n[ \t\u00a0\u3000]*\n", t)]
    paras = [p for p in paras if p.strip(WS)]
    body = paras[1:]          # first block = breadcrumb + title + date/time line
    for i, p in enumerate(body):
        if p.strip(WS).startswith("[ Suggest"):
            body = body[:i]
            break
    return body


def stems():
    with open(os.path.join(CORPUS, "index.csv"), encoding="utf-8") as fh:
        return [r["file_stem"] for r in csv.DictReader(fh)]


def run(stem):
    m = method_markup(os.path.join(CORPUS, "html", stem + ".html"))
    l = method_labels(os.path.join(CORPUS, "txt", stem + ".txt"))
    return m, l


def show(stem):
    m, l = run(stem)
    print(f"== markup: ex={m[0]} fu={m[1]} before={m[2]}")
    for tag, t in m[3]:
        print(f"  {tag} {t[:110]!r}")
    print(f"== labels: ex={l[0]} fu={l[1]} before={l[2]} notes={sorted(set(l[4]))}")
    for tag, t in l[3]:
        print(f"  {tag} {t[:110]!r}")


def zh_compare():
    """Third, rough check: count question turns on the Chinese page of the same
    date (问：/追问：/<outlet>记者： and '会后有记者问及' forms; 记者：/记者解释：/记者澄清：
    are clarifications).  The Chinese and English pages are edited separately,
    so differences are only a reason to read the English file."""
    zh = {}
    with open(os.path.join(CORPUS_ZH, "index.csv"), encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            t = open(os.path.join(CORPUS_ZH, "txt", r["file_stem"] + ".txt"), encoding="utf-8").read()
            n = f = 0
            for p in re.split(r"\n\s*\n", t):
                p = p.strip(WS)
                if p.startswith("会后有记者问及"):
                    n += 1
                    continue
                m = re.match(r"^([^：:]{1,25})[：:]", p)
                if not m:
                    continue
                k = m.group(1).strip()
                if k in ("问", "追问") or (k.endswith("记者") and k != "记者" and not k.startswith("（")) \
                        or k.endswith("记者提问"):
                    n += 1
                    f += k == "追问"
            zh.setdefault(r["date"], []).append((r["file_stem"], n, f))
    ndiff = 0
    for s in stems():
        l = method_labels(os.path.join(CORPUS, "txt", s + ".txt"))
        for zs, n, f in zh.get(s[:10], []):
            if (n, f) != (l[0], l[1]):
                ndiff += 1
                print(f"{s}: en {l[0]} ex / {l[1]} fu   zh {n} / {f}  ({zs})",
                      "HAND" if s in HAND_DECISIONS else "")
    print(ndiff, "EN/ZH differences;", sum(1 for s in stems() if s[:10] not in zh), "EN files without a ZH page")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--diff", action="store_true")
    ap.add_argument("--show")
    ap.add_argument("--zh", action="store_true")
    a = ap.parse_args()
    if a.zh:
        zh_compare()
        return
    if a.show:
        show(a.show)
        return
    rows = []
    disagree = []
    hand_vs_labels = []
    for s in stems():
        m, l = run(s)
        mk = (m[0], m[1], m[2])
        lk = (l[0], l[1], l[2])
        if mk != lk:
            disagree.append((s, mk, lk))
        auto_notes = sorted(set(l[4]))
        if s in HAND_DECISIONS:
            e, f, b, note = HAND_DECISIONS[s]
            if (e, f, b) != lk:
                hand_vs_labels.append((s, (e, f, b), lk))
            rows.append([s, e, f, b, "yes", "; ".join([note] + auto_notes)])
        elif mk != lk:
            rows.append([s, "", "", "", "no", f"UNRESOLVED markup={mk} labels={lk}"])
        else:
            rows.append([s, lk[0], lk[1], lk[2], "no", "; ".join(auto_notes)])
    if a.diff:
        for s, mk, lk in disagree:
            print(s, "markup(ex,fu,before)=", mk, "labels=", lk, "HAND" if s in HAND_DECISIONS else "")
        print(len(disagree), "disagreements")
        return
    os.makedirs(OUT_DIR, exist_ok=True)
    header = ["stem", "exchanges", "follow_ups", "statements_before_first_question", "checked_by_hand", "note"]
    out = os.path.join(OUT_DIR, "fmprc_en_exchange_counts.csv")
    with open(out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    unresolved = [r for r in rows if r[1] == ""]
    print(f"wrote {out}: {len(rows)} rows, {len(disagree)} markup/label disagreements, "
          f"{len(unresolved)} unresolved, {sum(r[4] == 'yes' for r in rows)} checked by hand")
    print("hand decision != label method on:", hand_vs_labels)
    print("total exchanges", sum(int(r[1]) for r in rows if r[1] != ""),
          "follow-ups", sum(int(r[2]) for r in rows if r[2] != ""),
          "statements", sum(int(r[3]) for r in rows if r[3] != ""))

    # seed file: hand count, with the label method as a cross-check
    se = method_labels(SEED, seed_paragraphs(SEED))
    stem, e, f, b, note = SEED_HAND
    print(f"seed: hand=({e},{f},{b}) labels=({se[0]},{se[1]},{se[2]})")
    out2 = os.path.join(OUT_DIR, "seed_exchange_counts.csv")
    with open(out2, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerow([stem, e, f, b, "yes", note])
    print("wrote", out2)


if __name__ == "__main__":
    sys.exit(main())
