"""Entity mentions in Chinese text: gazetteer names, short forms, capitals, named laws.

``dk_zh_gazetteer`` walks the character trie of :mod:`kg.nlp.zh.gazetteer` over the text,
leftmost and longest first, where a longer name starting inside a match wins (访华盛顿: 华盛顿,
not 访华). On top of the names it finds:

- "X side" (美方, 日方, 中方) and short forms in fixed compounds (访华, 驻美, 美军), with guards
  for the ordinary words those characters also make (方案, 今日方才, 参加方);
- relation compounds of short forms (中美关系, 中日韩三国, 朝韩, 美台“伙伴关系”): two to four short
  forms followed by a word of relations (关系, 合作, 双方, 经贸…), each one a country;
- a capital standing for its government (华盛顿方面, 东京称): a capital followed by 方面, 当局,
  政府, 政客 or a verb of saying; a capital as a place is left out;
- named laws, treaties and agreements in 《…》 or “…” that the gazetteer does not know
  (《国家安全法》, “台湾关系法”): minted from their Chinese name.

Offsets are character offsets into the utterance, so ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.analysis import Mention
from kg.nlp.extensions import doc_text, mentions
from kg.nlp.gazetteer import minted
from kg.nlp.zh.gazetteer import ZhGazetteer, zh_gazetteer

__all__ = ["ZhGazetteerMatcher", "find_mentions", "resolve_short_forms", "resolve_surnames"]

# a short form is no country when the characters around it make an ordinary word
# (before: 其中方 "among them, the side", 参加方 "participant"; after: 方案 "plan", 日前 "recently")
NOT_AFTER_SIDE = set("案式法便针略程言圆位")
NOT_BEFORE = {"中": set("其空集暗途期胸心家手之当从正初高"), "加": set("参增附施追外添叠"),
              "日": set("今昨明节生每当次末近平假周前一") | set("0123456789０１２３４５６７８９"),
              "美": set("完精甜审拉赞优健"), "英": set("精群"), "法": set("依合立司宪办做看说想执违用方手"),
              "德": set("道品美公"), "印": set("复打盖翻"), "巴": set("尾泥嘴下"), "越": set("超穿跨飞卓优逾"),
              "意": set("注同满愿故恶创善生民任用心好"), "马": set("兵人斑赛骑司出"), "泰": set("安否"),
              "老": set("古养"), "委": set("常编党市省纪"), "古": set("复考远千太蒙"), "波": set("电余风微奔声"),
              "希": set("依"), "捷": set("便快敏"), "蒙": set("启"), "荷": set("负"), "叙": set("记铺"),
              "墨": set("笔水"), "沙": set("风泥黄"), "土": set("国领本故乡泥水黄净热寸"), "埃": set("尘"),
              "以": set("可所予得难足用加给借是藉赖难何"), "斯": set("罗"), "朝": set("王明今"),
              "台": set("舞平讲柜后前站阳窗灶烛"), "港": set("香海口"), "华": set("中繁奢精")}
NOT_AFTER = {"日": set("前内益常程期夜趋子后报记历本元"), "美": set("丽好元德食术洲满誉化景妙"),
             "法": set("律规治则院官庭案令制学"), "德": set("行才"), "英": set("雄文语镑里尺"),
             "台": set("阶上下词风"), "意": set("见义思识愿图味外"), "加": set("强大快剧速以入上紧"), "越": set("来过发加好是多大")}
# words after two or more short forms that make them a relation compound (中美关系, 中日韩三国)
RELATION_WORDS = ("关系", "两国", "双方", "三方", "四方", "三国", "四国", "合作", "经贸", "贸易", "友好",
                  "建交", "外长", "领导人", "元首", "首脑", "峰会", "会晤", "会谈", "对话", "磋商", "谈判",
                  "联合", "之间", "间", "战略", "全面", "友谊", "互信", "人文", "共同", "协议", "协定",
                  "自贸", "边界", "边境", "海上", "大使", "两党", "两军", "防长", "外交", "交往", "同盟",
                  "军演", "联演", "摩擦", "冲突", "争端", "分歧", "经济", "伙伴", "官方", "首都", "友城",
                  "防务", "安全", "科技", "农业", "能源", "投资", "贸易战", "双边", "铁路", "关系的",
                  "三边", "四边", "领导", "军事", "元首会晤", "高层", "民间", "青年", "媒体", "和平",
                  "命运共同体", "“", "之", "各领域", "务实", "进行", "举行", "开展", "达成", "签署", "就",
                  "能够", "保持", "加强", "恢复", "重启", "尽快", "早日", "首脑会晤", "接触", "应", "相互",
                  "以及", "等国", "等", "在")
_RELATION = re.compile("|".join(sorted(map(re.escape, RELATION_WORDS), key=len, reverse=True)))
# after a capital: it names the government (华盛顿方面, 东京称), not the city
GOVERNMENT_AFTER = re.compile(r"(?:方面|当局|政府|政客|一些政客|决策者|官方|称|表示|声称|宣称|指责|认为|"
                              r"宣布|威胁|要求|施压|不断|一再|试图|企图|的一些)")
# heads of the names of laws, treaties and agreements (《…法》, “…法案”)
LAW_HEADS = ("法", "法案", "条约", "公约", "协定", "协议", "宣言", "公报", "决议", "议程", "倡议",
             "宪章", "条例", "准则", "议定书", "声明", "战略", "原则", "框架", "备忘录", "议案")
_BRACKETED = re.compile(r"《([^《》\n]{2,40})》|“([^“”\n]{2,30})”")


@Language.factory("dk_zh_gazetteer")
def _make(nlp: Language, name: str) -> "ZhGazetteerMatcher":
    return ZhGazetteerMatcher()


class ZhGazetteerMatcher:
    """Mark every Chinese name of the gazetteer, short forms, capitals and named laws."""

    def __call__(self, doc: Doc) -> Doc:
        found = mentions(doc)
        found.extend(find_mentions(doc_text(doc)))
        found.sort(key=lambda m: m.start)
        return doc


def find_mentions(text: str, g: ZhGazetteer | None = None) -> list[Mention]:
    """Every mention in one Chinese text, in order.

    >>> [(m.text, m.entity.label) for m in find_mentions("中方敦促美方停止干涉中国内政。")]
    [('中', 'China'), ('美', 'United States'), ('中国', 'China')]
    >>> [(m.text, m.entity.key) for m in find_mentions("中美关系和朝韩对话，访华期间。")]
    [('中', 'CN'), ('美', 'US'), ('朝', 'KP'), ('韩', 'KR'), ('华', 'CN')]
    >>> [m.text for m in find_mentions("这个方案在今日方才公布，朝鲜半岛和平。")]
    ['朝鲜半岛']
    """
    g = g or zh_gazetteer()
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    first, n = g.first, len(text)
    i = 0
    while i < n:
        if text[i] not in first:
            i += 1
            continue
        m = g.longest(text, i)
        if m is None:
            i += 1
            continue
        length, hits = m
        # a longer name starting inside this one wins (访华盛顿 is 华盛顿)
        # (a name gives way only to a strictly longer one: 南海地区 is 南海, not 海地)
        short = hits[0].role in ("side", "short")
        inner = next((k for k in range(i + 1, i + length)
                      if (m2 := g.longest(text, k)) and k + m2[0] > i + length
                      and (short or m2[0] > length)), None)
        if inner is not None:
            i = inner
            continue
        kept = [h for h in hits if _fits(text, i, length, h)]
        for h in kept:
            a, b = i + h.start, i + h.end
            if h.role == "capital":
                if not GOVERNMENT_AFTER.match(text, i + length):
                    continue       # the city as a place
                out.append(Mention(a, b, text[a:b], h.entity, "metonym"))
            elif h.entity.kind == "place":
                out.append(Mention(a, b, text[a:b], h.entity, "gazetteer"))
            else:
                out.append(Mention(a, b, text[a:b], h.entity, "gazetteer"))
        if kept or hits[0].role == "name":
            taken.append((i, i + length))
            i += length
        else:
            i += 1
    out.extend(_relation_compounds(text, g, taken))
    _qualified_bodies(text, out)
    out = [m for m in out if not (m.text == "宪法" and _foreign_constitution(text, m, out))]
    laws = _named_laws(text, out)
    if laws:       # names inside a law's name give way to the law (《中华人民共和国…法》)
        out = [m for m in out if not any(law.start <= m.start and m.end <= law.end for law in laws)]
        out.extend(laws)
    out.sort(key=lambda m: m.start)
    return out


# two-character names that are also the end of an ordinary word (沿海地区: 海地 is no Haiti)
NAME_NOT_AFTER = {"海地": set("沿内近临出上公领陆滨航"), "加纳": set("增参追附"), "多哥": set("许"),
                  "马里": set("卡"), "不丹": set(""), "南非": set(""), "文莱": set(""),
                  # short transliterated surnames inside other words: 俄罗斯, 索罗斯 (Soros), 董事罗斯 (Roth);
                  # 国际法基本准则, 宪法基础 (法基 is Faki only as a name)
                  "罗斯": set("俄索事"), "法基": set("际宪作立依")}
# ... and the character after them (罗斯福 Roosevelt; 法基本, 法基础)
NAME_NOT_BEFORE = {"罗斯": set("福托"), "法基": set("本础")}


def _fits(text: str, i: int, length: int, h) -> bool:
    """Whether a short form (美方, 访华) is one here, not part of an ordinary word."""
    if h.role not in ("side", "short"):
        name = text[i:i + length]
        guard = NAME_NOT_AFTER.get(name)
        if guard and i > 0 and text[i - 1] in guard:
            return False
        after = NAME_NOT_BEFORE.get(name)
        return not (after and i + length < len(text) and text[i + length] in after)
    ch = text[i + h.start]
    before = text[i + h.start - 1] if i + h.start > 0 else ""
    after = text[i + h.end] if i + h.end < len(text) else ""
    if h.role == "side":
        nxt = text[i + length] if i + length < len(text) else ""
        if nxt in NOT_AFTER_SIDE and not (nxt == "针" and text[i + length + 1:i + length + 2] == "对"):
            return False          # 方针 "policy", but 美方针对中国 "the US side, against China"
        if nxt == "面" and text[i + length + 1:i + length + 2] not in ("临", "对", "前"):
            return False          # 方面 "aspect", but 中方面临 "China faces"
        return before not in NOT_BEFORE.get(ch, ())
    if h.start == 0:              # 美军, 日媒: the short form comes first
        return before not in NOT_BEFORE.get(ch, ())
    if i > 0 and text[i - 1] == ch:
        return False              # 越来越 "more and more": no 来越 "come to Vietnam"
    return after not in NOT_AFTER.get(ch, ())   # 访华, 对日 (not 对日前)


def _relation_compounds(text: str, g: ZhGazetteer, taken: list[tuple[int, int]]) -> list[Mention]:
    """中美关系, 中日韩三国, 朝韩, 美台“伙伴关系”: runs of short forms before a word of relations."""
    shorts = g.shorts
    out: list[Mention] = []
    n = len(text)
    covered = bytearray(n)
    for a, b in taken:
        covered[a:b] = b"\x01" * (b - a)
    # only where two short forms stand side by side (or with 、 between) can a compound start
    starts = [k for k in range(n - 1) if text[k] in shorts and not covered[k]
              and (text[k + 1] in shorts or text[k + 1] in "、—-－")]
    i = 0
    for start in starts:
        if start < i:
            continue
        i = start
        j, run = i, []
        while j < n and text[j] in shorts and not covered[j] and len(run) < 4:
            if text[j] == "以" and text[j + 1:j + 2] in _YI_WORD:
                break          # 以及, 以来, 以上…: the word "以", not Israel
            run.append(j)
            j += 1
            if j < n - 1 and text[j] in "、—-－" and text[j + 1] in shorts:
                j += 1
        # the run may also end where a short-form compound begins (中俄印外长: 印外长 is taken)
        chained = j < n and text[j] in shorts and covered[j]
        # three different short forms with China among them are countries whatever follows (东盟与中日韩（10+3）)
        trio = len(run) >= 3 and "中" in {text[k] for k in run} and "以" not in {text[k] for k in run}
        if len(run) >= 2 and (_RELATION.match(text, j) or chained or trio) and \
                text[i - 1:i] not in NOT_BEFORE.get(text[i], ()) and len({text[k] for k in run}) == len(run):
            chars = "".join(text[k] for k in run)
            for k in run:
                e = shorts[text[k]]
                if text[k] == "巴" and "以" in chars:     # 巴以: Palestine and Israel
                    e = g.palestine or e
                out.append(Mention(k, k + 1, text[k], e, "gazetteer"))
            i = j
    return out


_HOME_PLACES = ("CN", "HK", "MO", "TW")


def _foreign_constitution(text: str, m: Mention, out: list[Mention]) -> bool:
    """A bare 宪法 is China's unless the text makes it another's: 布隆迪宪法法院, 古巴新宪法,
    委内瑞拉各方在宪法的框架内 (the nearest country named before it in its sentence is foreign).

    >>> [x.entity.label for x in find_mentions("委内瑞拉各方在宪法的框架内对话。")]
    ['Venezuela']
    >>> [x.entity.label for x in find_mentions("中国政府依照宪法和基本法对香港实行管治。")][:2]
    ['China', "Constitution of the People's Republic of China"]
    """
    if text.startswith(("和基本法", "和香港基本法", "和澳门基本法", "和香港特区基本法"), m.end):
        return False
    if text.startswith(("法院", "修正案", "改革", "公投", "宣言"), m.end) or text[m.start - 1:m.start] == "新":
        return True
    start = max(text.rfind(c, 0, m.start) for c in "。！？\n") + 1
    before = [x for x in out if x.entity.kind == "country" and start <= x.start < m.start]
    return bool(before) and before[-1].entity.key not in _HOME_PLACES


_YI_WORD = set("及来上下后前外便免期致为内往")
_MFA_KEY = "外交部"
_EMBASSY = re.compile(r"(?:大)?使馆")


def _qualified_bodies(text: str, out: list[Mention]) -> None:
    """A body qualified by another country is that country's (CONVENTIONS: "the Russian Foreign
    Ministry" is Russia's, not China's): 俄罗斯外交部 → Ministry of Foreign Affairs of Russia;
    中国驻法国使馆 → Embassy of China in France. ``out`` is changed in place.

    >>> [m.entity.label for m in find_mentions("俄罗斯外交部发言人表示，中国驻法国使馆发表文章。")][:2]
    ['Russia', 'Ministry of Foreign Affairs of Russia']
    """
    from kg.nlp.zh.gazetteer import _english

    countries = {m.end: m for m in out if m.entity.kind == "country" and len(m.text) >= 2}
    for k, m in enumerate(out):
        c = countries.get(m.start)
        if m.text == _MFA_KEY and c is not None and c.entity.key != "CN":
            out[k] = Mention(m.start, m.end, m.text,
                             _english("organization", f"Ministry of Foreign Affairs of {c.entity.label}"), m.how)
    for c in list(countries.values()):
        if c.entity.key == "CN" or text[c.start - 1:c.start] != "驻" or text[c.start - 3:c.start - 1] != "中国":
            continue
        e = _EMBASSY.match(text, c.end)
        if e is not None:
            out.append(Mention(c.end, e.end(), e.group(0),
                               _english("organization", f"Embassy of China in {c.entity.label}"), "pattern"))


def _named_laws(text: str, found: list[Mention]) -> list[Mention]:
    """《…法》, “…法案”: a law, treaty or agreement the gazetteer does not know."""
    out = []
    for m in _BRACKETED.finditer(text):
        name = m.group(1) or m.group(2)
        a = m.start(1) if m.group(1) else m.start(2)
        b = a + len(name)
        inside = [x for x in found if a <= x.start and x.end <= b]
        if any(x.start < b and a < x.end for x in found if x not in inside) or \
                any(x.start == a and x.end == b or x.entity.kind == "initiative" for x in inside):
            continue     # crossing a name, or the gazetteer knows it
        head = next(h for h in sorted(LAW_HEADS, key=len, reverse=True) if name.endswith(h)) \
            if name.endswith(LAW_HEADS) else None
        if head and len(name) >= len(head) + 3 and not name.endswith(
                ("看法", "说法", "做法", "方法", "想法", "办法", "联合声明", "声明")):
            out.append(Mention(a, b, name, minted("initiative", name), "pattern"))
    return out


def resolve_short_forms(texts: list[str], found: list[list[Mention]]) -> None:
    """A one-character short form stands for the country of that first character named
    nearby: 中尼合作 after 尼日利亚 is China-Nigeria, 巴方 after 巴勒斯坦 is the Palestinian side.

    The nearest full name before it in the same document wins, else the first one after it
    in the same utterance; with none, the short form keeps its usual country. ``found`` (one
    list of mentions per text, in document order) is changed in place.

    >>> texts = ["尼日利亚总统布哈里访华。", "中尼合作是南南合作。"]
    >>> found = [find_mentions(t) for t in texts]
    >>> resolve_short_forms(texts, found)
    >>> [m.entity.key for m in found[1]]
    ['CN', 'NG']
    """
    seen: dict[str, Mention] = {}
    for text, ms in zip(texts, found):
        fulls = [m for m in ms if m.entity.kind == "country" and len(m.text) >= 2]
        for k, m in enumerate(ms):
            if m.entity.kind == "country" and len(m.text) == 1:
                ch = m.text
                near = next((f for f in reversed(fulls) if f.end <= m.start and f.text[0] == ch), None) \
                    or seen.get(ch) or next((f for f in fulls if f.text[0] == ch), None)
                if near is not None and near.entity != m.entity:
                    ms[k] = Mention(m.start, m.end, m.text, near.entity, m.how)
        for f in fulls:
            seen[f.text[0]] = f


def resolve_surnames(texts: list[str], found: list[list[Mention]]) -> None:
    """A surname alone after the full name (兰德·保罗 … 保罗参议员; 阿兰·加西亚 … 加西亚前总统) is that
    person, as the conventions resolve a surname to the person named earlier in the transcript.

    Only the last part of a name written with the transliteration dot, at least two characters,
    after the full name in the same document and where no other mention lies; a surname two
    people of the document share resolves to neither. ``found`` is changed in place.

    >>> texts = ["问：如何评价秘鲁前总统阿兰·加西亚？", "答：加西亚前总统生前为中秘关系作出贡献。"]
    >>> found = [find_mentions(t) for t in texts]
    >>> resolve_surnames(texts, found)
    >>> [(m.text, m.entity.label, m.how) for m in found[1] if m.entity.kind == "person"]
    [('加西亚', 'Alan García', 'coreference')]
    """
    owners: dict[str, set] = {}
    first: dict[str, tuple[int, int]] = {}
    for i, ms in enumerate(found):
        for m in ms:
            if m.entity.kind == "person" and "·" in m.text:
                last = m.text.rsplit("·", 1)[1]
                if len(last) >= 2:
                    owners.setdefault(last, set()).add(m.entity)
                    first.setdefault(last, (i, m.end))
    for last, who in owners.items():
        if len(who) != 1:
            continue
        entity = next(iter(who))
        i0, end0 = first[last]
        for i in range(i0, len(texts)):
            text, ms = texts[i], found[i]
            k = text.find(last, end0 if i == i0 else 0)
            while k != -1:
                if not any(m.start < k + len(last) and k < m.end for m in ms):
                    ms.append(Mention(k, k + len(last), last, entity, "coreference"))
                k = text.find(last, k + len(last))
            ms.sort(key=lambda m: m.start)
