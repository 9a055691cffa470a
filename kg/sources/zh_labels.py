"""Chinese speaker labels: ``问：``, ``答：``, ``追问：``, ``路透社记者：``, ``赵立坚：``, ``会后有记者问及：``.

Returns the same :class:`~kg.sources.labels.Label` kinds as the English
:func:`kg.sources.labels.classify`, so the shared :class:`~kg.sources.assembler.Assembler`
builds the exchanges. Only known shapes are labels: Chinese has no capital letters to tell
an outlet's name from the start of a sentence, so an unknown ``…记者：`` is taken as an
outlet only when its name ends like one (…社, …报, …台, …电视, …新闻 …) or is written in
Latin letters (``CNN记者``). Everything else with a colon ("这里我想强调几点：") is text.

Spokespersons are recognised by the ``name_zh`` column of ``kg/data/spokespersons.csv`` and
given their English name, so ``赵立坚：`` and ``Zhao Lijian:`` are one person.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.sources.labels import Label, LabelKind, spokesperson_names_zh
from kg.sources.outlets import fold_zh, outlet_registry

__all__ = ["classify_zh", "is_announcement", "outlet_name"]

_HEAD = re.compile(r"^(?P<label>[^:：\n]{1,40}?)\s*[:：]\s*")
_QUESTION = {"问", "提问", "记者问", "有记者问", "记者提问", "有记者提问"}
_ANSWER = {"答", "回答"}
_FOLLOW_UP = re.compile(r"^(?:记者)?追问(?:[一二三四五六七八九十]+|\d+)?$")
_OUTLET_FOLLOW_UP = re.compile(r"^(?P<o>.+?)记者追问$")
# a journalist's later turn inside an exchange ("记者：是的。", "记者澄清：…", "（记者：…）")
_CLARIFY = re.compile(r"^(?:该|这位|那位)?记者(?:解释|澄清|补充|笑|回答|说|表示|插话|接着说|称)?$")
_ANONYMOUS = re.compile(r"^(?:外国|外媒|境外|一位外国|一名外国)记者(?:提问)?$")
# "会后有记者问及", "会后，有记者问及", "记者会后有记者问"
_AFTER = re.compile(r"^(?:记者会后|会后)[，,、\s]*(?:有|一位|一名)?(?:记者|媒体)?(?:问及|问到|提问|提出|问)"
                    r"(?:以下|如下)?(?:问题)?$")
_OUTLET = re.compile(r"^(?P<o>.+?)记者(?:提问)?$")
# how outlet names end (news agency, paper, station, network, channel, magazine ...)
_OUTLET_END = re.compile(r"(?:社|报|台|网|视|闻|道|刊|志|体|团|司|播|讯|时报|日报|周刊|月刊|杂志)$")
_LATIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .&\-]*$")
_NOT_OUTLET_START = re.compile(r"^(?:我|你|他|她|它|这|那|该|有|各|一些|一位|一名|很多|许多|部分|个别|外国|中外|广大)")
_STRIP = " \u3000\u00a0\t"


@lru_cache(maxsize=1)
def _name_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    names = sorted(spokesperson_names_zh(), key=len, reverse=True)
    alt = "|".join(map(re.escape, names)) or "(?!)"
    said = re.compile(rf"^(?P<name>{alt})(?:表示|说|指出|回答|答|答复)?$")
    # "洪磊首先发布消息", "秦刚最后宣布", "华春莹最后宣布通知", "洪磊首先发布三则消息"
    announce = re.compile(rf"^(?P<name>{alt})(?:首先|随后|最后|另外|还|接着)?(?:发布|宣布)了?"
                          r"(?:[一两二三四五六七八九十\d]+则)?(?:消息|通知)?$")
    # "会后，就《南华早报》记者所提问题，赵立坚表示" (a late answer to an earlier question)
    late = re.compile(rf"^(?:记者会后|会后)[，,]?就.{{1,40}}?(?:问题|提问)[，,]?(?P<name>{alt})"
                      r"(?:表示|说|回答|答复)$")
    # the same without a colon: "洪磊表示，…", "华春莹最后宣布，…"
    comma = re.compile(rf"^(?P<label>(?P<name>{alt})(?:(?:表示|说|指出)|(?:首先|随后|最后|另外)?(?:发布|宣布)了?"
                       r"(?:[一两二三四五六七八九十\d]+则)?(?:消息|通知)?))[，,]\s*")
    return said, announce, late, comma


_AFTER_COMMA = re.compile(r"^(?P<label>(?:记者会后|会后)[，,]?(?:有)?(?:记者|媒体)(?:问及|问到|提问|问))[，,]\s*")


def outlet_name(label_text: str) -> str:
    """The outlet's name in a label, without title marks and "记者" ("《北京日报》记者" -> "北京日报")."""
    return fold_zh(label_text)


def is_announcement(label: Label) -> bool:
    """Whether a spokesperson label announces news ("洪磊首先发布消息：", "秦刚最后宣布：")
    rather than answering: what follows is a statement, not part of an exchange."""
    return label.kind is LabelKind.ANSWER and label.speaker is not None \
        and bool(_name_patterns()[1].match(label.text))


def _outlet_label(name: str, text: str, end: int, kind: LabelKind) -> Label | None:
    folded = fold_zh(name)
    if not folded or any(ch in folded for ch in "，。？！；、…"):
        return None
    known = outlet_registry().lookup(folded)
    if known is None:
        shaped = _LATIN.match(folded) or (_OUTLET_END.search(folded) and not _NOT_OUTLET_START.match(folded)
                                          and len(folded) <= 20)
        if not shaped:
            return None
        known = outlet_registry().resolve(folded)
    return Label(kind, text, end, outlet=known)


def classify_zh(paragraph: str, spokespersons: tuple[str, ...] = ()) -> Label | None:
    """The speaker label opening a Chinese paragraph, or None when it opens with none.

    ``spokespersons`` (English names, e.g. from the title) is accepted for the same calling
    convention as :func:`kg.sources.labels.classify`; Chinese names come from the data.

    >>> classify_zh("问：中方对此有何评论？").kind.value
    'question'
    >>> l = classify_zh("路透社记者：你能否证实？"); l.kind.value, l.outlet.key, l.text
    ('outlet', 'reuters', '路透社记者')
    >>> classify_zh("赵立坚：我们注意到有关报道。").speaker
    'Zhao Lijian'
    >>> classify_zh("追问：你能否解释一下？").kind.value
    'follow-up'
    >>> classify_zh("这里我想强调几点：") is None
    True
    """
    said, announce, late, comma = _name_patterns()
    m = _HEAD.match(paragraph)
    if not m:
        c = comma.match(paragraph)
        if c:
            return Label(LabelKind.ANSWER, c.group("label"), c.end(),
                         speaker=spokesperson_names_zh()[c.group("name")])
        a = _AFTER_COMMA.match(paragraph)
        if a:
            return Label(LabelKind.AFTER_CONFERENCE, a.group("label"), a.end())
        return None
    text = m.group("label").strip(_STRIP)
    end = m.end()
    raw = text.lstrip("（(").strip(_STRIP)
    if raw in _QUESTION:
        return Label(LabelKind.QUESTION, text, end)
    if raw in _ANSWER:
        return Label(LabelKind.ANSWER, text, end)
    if _FOLLOW_UP.match(raw):
        return Label(LabelKind.FOLLOW_UP, text, end)
    for rx in (said, announce, late):
        s = rx.match(raw)
        if s:
            return Label(LabelKind.ANSWER, text, end, speaker=spokesperson_names_zh()[s.group("name")])
    if _AFTER.match(raw):
        return Label(LabelKind.AFTER_CONFERENCE, text, end)
    if _CLARIFY.match(raw):
        return Label(LabelKind.CLARIFICATION, text, end)
    if _ANONYMOUS.match(raw):
        return Label(LabelKind.ANONYMOUS, text, end)
    f = _OUTLET_FOLLOW_UP.match(raw)
    if f:
        return _outlet_label(f.group("o"), text, end, LabelKind.FOLLOW_UP) \
            or Label(LabelKind.FOLLOW_UP, text, end)
    o = _OUTLET.match(raw)
    if o and end < len(paragraph):
        return _outlet_label(o.group("o"), text, end, LabelKind.OUTLET)
    return None
