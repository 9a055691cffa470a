"""Source format ``fmprc-qa-json``: China MFA press conferences already parsed into Q&A pairs.

The layout of ``data/mfa_articles.json`` in ``suki547-mimi/english-catti``: a JSON list of
conference records ``{date, en_url, en_title, cn_url, cn_title, en_pairs, cn_pairs}``, each
pair ``{questioner, spokesperson, question, answer}``. Each record gives two documents, the
English page (language ``en``) and the Chinese page (``zh``), government CN, kind
``regular-press-conference`` unless its title says otherwise, each with its own URL and title.
Each pair is one exchange: a question turn and an answer turn.

Someone else's scraper made this data, not the page text, so:

- opening announcements are gone and follow-ups are not marked: none are invented;
- the questioner goes through ``kg/data/outlets.csv`` (``R euters``, ``AP``/``Associated
  Press``, ``IRIB``, ``RT TV`` ... each one outlet) and, on the Chinese side,
  ``kg/data/outlets_zh.csv`` (``总台央视记者`` is CCTV; spaces, ``《》`` and a final ``记者``
  are ignored);
- ``The following question was raised after the press conference`` and ``会后有记者问及``
  mark an exchange raised after the conference: no outlet;
- ``Updated`` is the page's "Updated: <date time>" line read as a questioner: the question
  then holds that time stamp, an opening announcement and the real question after an outlet
  label (2026-06-03: ``People’s Daily: On the visit ...``). The time stamp is page chrome
  (kept in ``SourceText.dropped``), the announcement a statement, the rest the question of
  that outlet; without such a label the exchange has no outlet. ``Updated`` never is one;
- the Chinese site's footer (links to government sites ending in ``继续访问 放弃``) glued to
  the last answer is cut off into ``SourceText.dropped``;
- a Chinese spokesperson name is written as the English one (the record's two titles name the
  same person: 林剑 is Lin Jian), so both versions of a conference point to one person IRI;
  the Chinese name stays the turn's printed label.

The source rendering that offsets point into is the file's text: a turn's span is its JSON
string between the quotes. A record that cannot be read (wrong shape, bad date, the file cut
inside it) is a :class:`~kg.model.RecordError`; the others are read. Document keys are
``fmprc-qa-json/<language>/<article id of the URL>``.

Two companion files of that dataset hold no document and are reported as such
(:class:`~kg.model.NotADocument`): ``mfa_dialog_pairs.json`` (pair *i* of a conference's
``en_pairs`` next to pair *i* of its ``cn_pairs``, cut to the shorter list: in the 8
conferences whose two lists differ in length, the pairs after the first difference are not
the same exchange) and ``mfa_urls.txt`` (the records' URLs, one per line).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import date
from json import JSONDecodeError

from kg.keys import slug
from kg.model import (BadInput, Block, Conference, Exchange, NotADocument, RecordError, Role, SourceText,
                      Statement, Turn)
from kg.sources.fmprc_en import parse_title
from kg.sources.json_records import JsonDefect, NotAList, iter_records, raw_offset
from kg.sources.askers import english_asker
from kg.sources.labels import spokesperson_names
from kg.sources.outlets import fold_zh, outlet_registry
from kg.sources.registry import Detection, SourceFormat
from kg.sources.text import decode, normalise

__all__ = ["FORMAT", "detect", "read", "zh_outlet_key", "parse_zh_title", "MEDIA_TYPE"]

MEDIA_TYPE = "application/json"
_LANGS = (("en", "en"), ("zh", "cn"))     # (document language, the data's field prefix)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ARTICLE = re.compile(r"/(t\d{5,}(?:_\d+)?)\.s?html?$")
_URL_LINE = re.compile(r"^\d{4}-\d{2}-\d{2}\t(?:EN|CN|ZH)\thttps?://\S+$")
_STAMP = re.compile(r"^(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{4}-\d{2}-\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?)?\s+")
# an outlet label inside a text, at a sentence start: "... June 4 to 6. People’s Daily: On the visit"
_INNER_LABEL = re.compile(r"(?:^|(?<=[.?!”\"]\s))(?P<label>[A-Z][^:：.?!\n]{1,60}?)\s*[:：]\s+")
_ZH_TITLE = re.compile(r"发言人(?P<name>[\u4e00-\u9fff·]{2,6}?)(?:主持|答记者问|就)")
_ZH_KIND = re.compile(r"例行记者会")
_ZH_AFTER = re.compile(r"^会后.*(?:问|提问)")
_ZH_FOLLOW = re.compile(r"^追问$")
_ZH_FOOTER = re.compile(r"\s*中国政府网\s+全国人民代表大会\s+中国人民政治协商会议全国委员会.*$", re.S)


def zh_outlet_key(name: str) -> str | None:
    """The outlet key of a Chinese questioner as printed, from ``kg/data/outlets_zh.csv``.

    >>> zh_outlet_key("总台央视记者"), zh_outlet_key("《环球时报》 记者"), zh_outlet_key("某报记者")
    ('cctv', 'global-times', None)
    """
    from kg.sources.outlets import zh_outlet_names

    return zh_outlet_names().get(fold_zh(name))


def parse_zh_title(title: str | None) -> tuple[str | None, str]:
    """(spokesperson as printed, kind) from a Chinese title.

    >>> parse_zh_title("2026年7月28日外交部发言人林剑主持例行记者会（2026-07-28）")
    ('林剑', 'regular-press-conference')
    """
    if not title:
        return None, "other"
    m = _ZH_TITLE.search(title)
    return (m.group("name") if m else None), ("regular-press-conference" if _ZH_KIND.search(title) else "other")


# -- reading the records ------------------------------------------------------------------------

class _Bad(Exception):
    """One record (or one language of it) that cannot be read."""


class _Doc:
    """Builds one document's statements and exchanges from its pairs."""

    def __init__(self, text: str, rec, lang: str, names_zh: dict[str, str]):
        self.text, self.rec, self.lang, self.names_zh = text, rec, lang, names_zh
        self.statements: list[Statement] = []
        self.exchanges: list[Exchange] = []
        self.dropped: list[Block] = []
        self.blocks: list[Block] = []

    def block(self, path: tuple, a: int = 0, b: int | None = None) -> Block:
        """The block of the string at ``path``, characters ``a:b`` of its decoded value."""
        value = _get(self.rec.value, path)
        start, end = self.rec.spans[path]
        b = len(value) if b is None else b
        block = Block(normalise(value[a:b]), raw_offset(self.text, start, end, a),
                      raw_offset(self.text, start, end, b))
        self.blocks.append(block)
        return block

    def drop(self, path: tuple, a: int = 0, b: int | None = None) -> None:
        value = _get(self.rec.value, path)
        if value and (b is None or b > a):
            self.dropped.append(self.block(path, a, b))
            self.blocks.pop()

    def speaker(self, printed: str | None) -> str | None:
        """The spokesperson's English name (a Chinese one mapped), as the person IRI is minted."""
        if not printed or not printed.strip():
            return None
        name = printed.strip()
        if self.lang == "zh":
            return self.names_zh.get(name, name)
        return spokesperson_names().get(name.casefold(), name)

    def add_pair(self, i: int, pair: dict, prefix: str) -> None:
        base = (f"{prefix}_pairs", i)
        ex = Exchange(position=len(self.exchanges) + 1, turns=[])
        asked = (pair.get("questioner") or "").strip()
        q_from, q_label = 0, asked or None
        if self.lang == "zh":
            self._zh_asker(ex, asked)
        else:
            q_from, q_label = self._en_asker(ex, asked, base)
        question = pair.get("question") or ""
        ex.turns.append(Turn(Role.QUESTION, q_label, [self.block(base + ("question",), q_from)]))
        answer = pair.get("answer") or ""
        if answer.strip():
            cut = _ZH_FOOTER.search(answer) if self.lang == "zh" else None
            end = cut.start() if cut else len(answer)
            printed = (pair.get("spokesperson") or "").strip() or None
            ex.turns.append(Turn(Role.ANSWER, printed, [self.block(base + ("answer",), 0, end)],
                                 speaker=self.speaker(printed)))
            if cut:
                self.drop(base + ("answer",), end)
        elif not question.strip():
            raise _Bad(f"{prefix}_pairs[{i}] has neither a question nor an answer")
        self.exchanges.append(ex)

    def _zh_asker(self, ex: Exchange, asked: str) -> None:
        if not asked or asked in ("问", "记者"):
            return
        if _ZH_AFTER.match(asked):
            ex.after_conference = True
            return
        if _ZH_FOLLOW.match(asked):
            ex.follow_up = True
            return
        key = zh_outlet_key(asked)
        if key:
            ex.outlet, ex.asker_label = key, asked
        else:   # an outlet diplokg has no Chinese name for: minted from the name, labelled with it
            ex.outlet, ex.asker_label = outlet_registry().resolve(fold_zh(asked)).key, fold_zh(asked)

    def _en_asker(self, ex: Exchange, asked: str, base: tuple) -> tuple[int, str | None]:
        """Sets the exchange's asker; returns where the question text starts and its label."""
        who = english_asker(asked)
        if who.chrome:
            return self._repair_chrome(ex, base)
        ex.outlet, ex.asker_label = who.outlet, who.label
        ex.follow_up, ex.after_conference = who.follow_up, who.after_conference
        return 0, asked or None

    def _repair_chrome(self, ex: Exchange, base: tuple) -> tuple[int, str | None]:
        """``Updated`` as questioner: time stamp (dropped), announcement (a statement), and the
        question after an outlet label inside the text."""
        self.drop(base + ("questioner",))
        path = base + ("question",)
        value = _get(self.rec.value, path)
        stamp = _STAMP.match(value)
        at = stamp.end() if stamp else 0
        self.drop(path, 0, at)
        for m in _INNER_LABEL.finditer(value[at:]):
            known = outlet_registry().lookup(m.group("label"))
            if known is None:
                continue
            label_start, label_end = at + m.start(), at + m.end()
            if value[at:label_start].strip():
                turn = Turn(Role.ANSWER, None, [self.block(path, at, label_start)])
                self.statements.append(Statement(len(self.statements) + 1, turn))
            self.drop(path, label_start, label_end)
            ex.outlet, ex.asker_label = known.key, m.group("label").strip()
            return label_end, ex.asker_label
        return at, None


def _get(value, path: tuple):
    for p in path:
        value = value[p]
    return value


def _str(value: dict, key: str) -> str | None:
    """A record's text field, None when absent or not a string."""
    got = value.get(key)
    return got if isinstance(got, str) and got.strip() else None


def _record_name(rec) -> str:
    when = rec.value.get("date") if isinstance(rec.value, dict) else None
    return f"record {rec.index + 1}" + (f" ({when})" if isinstance(when, str) and when else "") + \
        f", line {rec.line}"


def _pairs(value: dict, prefix: str) -> list[dict] | None:
    pairs = value.get(f"{prefix}_pairs")
    if pairs is None:
        return None
    if not isinstance(pairs, list):
        raise _Bad(f"{prefix}_pairs is not a list")
    for i, p in enumerate(pairs):
        if not isinstance(p, dict):
            raise _Bad(f"{prefix}_pairs[{i}] is not an object")
        for k in ("question", "answer"):
            if k not in p:
                raise _Bad(f"{prefix}_pairs[{i}] has no {k!r}")
            if not isinstance(p[k], str):
                raise _Bad(f"{prefix}_pairs[{i}].{k} is not a string")
        for k in ("questioner", "spokesperson"):
            if p.get(k) is not None and not isinstance(p[k], str):
                raise _Bad(f"{prefix}_pairs[{i}].{k} is not a string")
    return pairs


def _date(value: dict) -> date:
    raw = value.get("date")
    if raw is None:
        raise _Bad("no 'date'")
    m = _ISO_DATE.match(raw) if isinstance(raw, str) else None
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise _Bad(f"unreadable date {raw!r} (expected YYYY-MM-DD)")


def _names_zh(records) -> dict[str, str]:
    """Chinese spokesperson name -> English, from each record's two titles (and its pairs)."""
    votes: dict[str, Counter] = {}
    for rec in records:
        v = rec.value
        if not isinstance(v, dict):
            continue
        en = parse_title(_str(v, "en_title"))[0]
        zh = parse_zh_title(_str(v, "cn_title"))[0]
        if en and zh:
            votes.setdefault(zh, Counter())[en] += 1
    return {zh: c.most_common(1)[0][0] for zh, c in votes.items()}


def _document(text: str, name: str, rec, lang: str, prefix: str, when: date,
              names_zh: dict[str, str]) -> Conference | None:
    v = rec.value
    pairs = _pairs(v, prefix)
    if pairs is None:
        return None
    doc = _Doc(text, rec, lang, names_zh)
    for i, pair in enumerate(pairs):
        doc.add_pair(i, pair, prefix)
    title, url = _str(v, f"{prefix}_title"), _str(v, f"{prefix}_url")
    en_name, en_kind, *_ = parse_title(_str(v, "en_title"))
    zh_name, zh_kind = parse_zh_title(_str(v, "cn_title"))
    # one conference, one kind in both languages (the English title says it, else the Chinese)
    kind = next((k for k in (en_kind, zh_kind) if k != "other"), "regular-press-conference")
    titled = en_name if lang == "en" else doc.speaker(zh_name)
    officials = []
    for who in [titled] + [t.speaker for ex in doc.exchanges for t in ex.answers]:
        if who and who not in officials:
            officials.append(who)
    article = _ARTICLE.search(url or "")
    article_id = article.group(1) if article else None
    key = f"fmprc-qa-json/{lang}/" + (slug(article_id) if article_id else f"{when.isoformat()}-record-{rec.index + 1}")
    source = SourceText(name, MEDIA_TYPE, text, doc.blocks, title=title, dropped=doc.dropped)
    return Conference(
        source=source, key=key, title=title, date=when, date_source="record",
        spokesperson=officials[0] if officials else None, kind=kind, article_id=article_id,
        statements=doc.statements, exchanges=doc.exchanges, format=FORMAT_NAME, language=lang,
        government="CN", officials=officials if len(officials) > 1 else [], url=url,
        record=f"record {rec.index + 1}",
    )


def _dialog_pairs_message(records: list) -> str:
    urls = Counter(r.value.get("en_url") for r in records if isinstance(r.value, dict))
    return (f"an EN/ZH pair list ({len(records)} pairs of {len(urls)} conferences: pair i of a "
            "conference's en_pairs beside pair i of its cn_pairs, as in english-catti's "
            "mfa_dialog_pairs.json); it holds no document of its own: build the conferences' file "
            "(mfa_articles.json) instead")


def read(name: str, data: bytes):
    """Every conference record's English and Chinese documents, and a RecordError per bad record."""
    text = decode(name, data)
    if _is_url_list(text):
        n = sum(1 for line in text.splitlines() if line.strip())
        raise NotADocument(name, f"a list of {n} conference URLs (date, language, URL per line, as in "
                                 "english-catti's mfa_urls.txt): no document of its own; the URLs are "
                                 "in the conferences' file (mfa_articles.json)")
    records, defects = [], []
    try:
        for item in iter_records(text):
            (defects if isinstance(item, JsonDefect) else records).append(item)
    except NotAList as exc:
        raise BadInput(name, f"not a list of conference records: {exc}") from None
    except JSONDecodeError as exc:
        raise BadInput(name, f"not valid JSON: {exc}") from None
    if records and isinstance(records[0].value, dict) and "questioner_en" in records[0].value:
        raise NotADocument(name, _dialog_pairs_message(records))
    names_zh = _names_zh(records)
    seen: dict[str, str] = {}
    for rec in records:
        where = _record_name(rec)
        if not isinstance(rec.value, dict):
            yield RecordError(where, f"not a conference record (a JSON {type(rec.value).__name__}, not an object)")
            continue
        if not any(isinstance(rec.value.get(f"{p}_pairs"), list) for _, p in _LANGS):
            yield RecordError(where, "no en_pairs or cn_pairs list: not a conference record")
            continue
        try:
            when = _date(rec.value)
        except _Bad as exc:
            yield RecordError(where, str(exc))
            continue
        for lang, prefix in _LANGS:
            try:
                conf = _document(text, name, rec, lang, prefix, when, names_zh)
            except _Bad as exc:
                yield RecordError(where, f"{lang} document: {exc}")
                continue
            if conf is None:
                continue
            if conf.key in seen:
                yield RecordError(where, f"{lang} document: the same page ({conf.url}) as {seen[conf.key]}: "
                                         "not read twice")
                continue
            seen[conf.key] = where
            yield conf
    for d in defects:
        total = f"; the {d.index} record(s) before it were read" if d.index else ""
        yield RecordError(f"record {d.index + 1}, line {d.line}", d.reason + total)


def _is_url_list(text: str) -> bool:
    lines = [ln.strip() for ln in text[:16384].splitlines() if ln.strip()]
    if len(text) > 16384 and lines:
        lines = lines[:-1]      # the cut at 16 kB may split the last line
    return bool(lines) and all(_URL_LINE.match(ln) for ln in lines)


def detect(name: str, data: bytes) -> Detection:
    """The english-catti conference list (and its two companion files) score high; other JSON 0."""
    head = data[:65536].decode("utf-8", "ignore")
    if name.lower().endswith(".txt"):
        if _is_url_list(head):
            return Detection(95, "english-catti URL list (date, EN/CN, URL per line)")
        return Detection(0, "not an english-catti URL list")
    if '"en_pairs"' in head or '"cn_pairs"' in head:
        return Detection(90, "JSON with en_pairs/cn_pairs: China MFA conferences parsed into Q&A pairs")
    if '"questioner_en"' in head or '"question_cn"' in head:
        return Detection(90, "JSON of EN/ZH pairs (english-catti mfa_dialog_pairs.json layout)")
    return Detection(0, "JSON without the conference keys en_pairs/cn_pairs")


FORMAT_NAME = "fmprc-qa-json"

FORMAT = SourceFormat(
    name=FORMAT_NAME,
    title="China MFA press conferences already parsed into Q&A pairs, English and Chinese (JSON, "
          "english-catti layout)",
    government="CN", languages=("en", "zh"), suffixes=(".json", ".txt"), detect=detect, read=read,
    documents="two per conference record (the English and the Chinese page)",
    speakers="questioner (an outlet, or a note such as 'raised after the press conference') and "
             "spokesperson per pair; no follow-up marks, no opening announcements",
)
