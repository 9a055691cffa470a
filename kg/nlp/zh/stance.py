"""Stance in Chinese answers: the spokesperson's support for, or opposition to, a target.

No parse is available offline for Chinese, so the target is found by rules over the clause
(the text between ，；：。):

- a cue followed by its object: 敦促美方停止…, 奉劝美方…, 坚决反对美方…, 谴责…, 欢迎/赞赏/支持/
  祝贺/感谢 X…: the mentions right after the cue (with 和/与/、/及 between them), unless a
  preposition (在, 对, 于, 同, 向, 就…) comes first ("反对在香港问题上…" does not target Hong Kong);
- 对/向 X 表示 cue (中方对 X 表示祝贺, 向 X 表示感谢): X;
- "X 应/应当/必须/不要…" (美方应…): negative toward X, as English "X should";
- criticism of what X does or says (美方上述举动严重违反…, X 的谎言…, 所谓…): negative toward X, the
  first mention of the clause, when it is its subject;
- good wishes (祝愿美国人民早日战胜疫情): positive toward X.

The spokesperson's own country (the document's government) is never a target, and a cue in
reported speech (加拿大总理表示将继续支持…) is not the spokesperson's stance.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.analysis import Mention, StanceFinding
from kg.nlp.extensions import doc_text, home_country, sentence_bounds

__all__ = ["ZhStanceRules", "CUES_ZH", "stances_in", "reference_mentions"]

CUES_ZH: dict[str, str] = {
    # negative
    "坚决反对": "negative", "强烈反对": "negative", "反对": "negative", "强烈谴责": "negative",
    "谴责": "negative", "敦促": "negative", "奉劝": "negative", "正告": "negative", "警告": "negative",
    "敦请": "negative", "要求": "negative", "驳斥": "negative", "抗议": "negative", "批评": "negative",
    "强烈不满": "negative", "严正交涉": "negative", "呼吁": "negative", "告诫": "negative",
    "提醒": "negative", "劝": "negative", "希望": "negative", "真诚希望": "negative",
    # positive
    "欢迎": "positive", "赞赏": "positive", "支持": "positive", "祝贺": "positive", "感谢": "positive",
    "赞扬": "positive", "高度评价": "positive", "积极评价": "positive", "祝愿": "positive",
    "肯定": "positive", "钦佩": "positive", "称赞": "positive", "致以": "positive", "慰问": "positive",
    "哀悼": "positive", "点赞": "positive", "赞同": "positive", "衷心感谢": "positive",
    "乐见": "positive",
}
# cues stated as what China feels toward X (对 X 表示…)
FEELINGS = {"不满": "negative", "愤慨": "negative", "谴责": "negative", "反对": "negative",
            "欢迎": "positive", "赞赏": "positive", "祝贺": "positive", "感谢": "positive",
            "慰问": "positive", "哀悼": "positive", "支持": "positive", "同情": "positive"}
_CUE = re.compile("|".join(sorted(map(re.escape, CUES_ZH), key=len, reverse=True)))
_FEELING = re.compile(r"(?:对|向|为)(.{1,30}?)(?:表示|致以|表达)(?:强烈|坚决|严重|诚挚|衷心|热烈|高度|深切|"
                      r"沉痛|深表|最)*(?:的)?(" + "|".join(FEELINGS) + ")")
MODALS = ("应当", "应该", "应", "必须", "务必", "不要", "不应", "不得", "不能再", "别再", "需要", "要")
# acts and words the spokesperson names to condemn whoever does or holds them
CRITIQUE = ("违反", "违背", "干涉", "干预", "抹黑", "污蔑", "诬蔑", "诋毁", "捏造", "编造", "炒作", "挑衅",
            "破坏", "损害", "霸凌", "歪曲", "甩锅", "插手", "滥用", "打压", "胁迫", "恐吓", "造谣", "煽动",
            "挑拨", "政治操弄", "政治操纵", "双重标准", "谎言", "谬论", "谬误", "错误言论", "错误做法", "错误行径",
            "错误决定", "错误信号", "无端指责", "栽赃", "嫁祸", "污名化", "政治化", "冷战思维", "零和",
            "霸权", "强权", "颠倒黑白", "别有用心", "居心叵测", "荒谬", "无稽之谈", "毫无根据", "不负责任",
            "蛮横", "无理", "粗暴", "公然", "严重侵犯", "侵犯", "践踏", "所谓", "擅自", "单方面")
_CRITIQUE = re.compile("|".join(sorted(map(re.escape, CRITIQUE), key=len, reverse=True)))
# X's acts judged in the predicate (美方针对中国的有关言行是对监管问题的政治操弄): X's, even with China
# named as the acts' object
ACTS_ARE = re.compile(r"[^，。；]{0,14}?(?:言行|做法|行为|举动|行径|所作所为|言论|表态|决定|举措)"
                      r"(?:完全|纯粹|根本|本身)?(?:是|属于|无异于|纯属|就是)[^，。；]{0,12}$")
# between a cue and its object, these mean the mention is where or about what, not whom
BLOCKING = re.compile(r"在|对|于|同|向|就|关于|有关|涉及|针对|通过|由|为|给|从|以|把|将|被|与其")
# reported speech: someone else's words (X表示/称/说…)
SAYING = re.compile(r"(?:表示|称|说|指出|认为|宣布|声称|宣称|强调|提出|透露|呼吁|主张)")
# "that is to say", "one can say": no one else's words
_SAY_IDIOMS = ("也就是说", "就是说", "换句话说", "可以说", "应该说", "比如说", "总的来说", "坦率地说", "坦白说")
SELF = ("我们", "中方", "中国", "我国", "我")
TARGET_KINDS = {"country", "person", "organization"}
CLAUSE_END = "，；：。！？"
JOINERS = ("和", "与", "、", "及", "以及", "同", "跟")
_TARGET_GAP = 4     # characters allowed between a cue and its object (坚定, 各位, 有关…)
# after 希望 ("we hope X will…", the MFA's mild demand) the object must be followed by one of these
HOPE_AFTER = re.compile(r"(?:方面|政府|当局|方)?(?:也|还)?(?:能够|能|会|切实|停止|客观|理性|认真|正视|尊重|同|与|多做|少做|"
                        r"恪守|遵守|信守|妥善|立即|尽快|早日|采取|摒弃|放弃|纠正|撤销|回到|慎重|谨言慎行|不要|停止)")


# a clause with no subject of its own that opens with a modal (…，首先应以身作则; …，千万不要…)
# carries on the subject of the clause before it
CARRIED_MODAL = re.compile(r"(?:首先|也|更|还|就|而|千万|一定|必须)?(?:应当|应该|应|必须|务必|千万不要|不要|不应|不得)")
# X pursuing a policy the MFA condemns (美方搞单边主义和保护主义): negative toward X, wherever X
# stands in the clause (很多国家对当前美方搞单边主义…感到担忧)
PURSUES = re.compile(r"(?:方面|政府|当局|方)?(?:一再|长期|一味|继续|大肆|公然)?(?:大搞|搞|奉行|推行|实行|挥舞|坚持)"
                     r"[^，。；]{0,6}?(?:单边主义|保护主义|霸凌主义|霸权主义|强权政治|冷战思维|双重标准|长臂管辖|单边制裁|霸凌)")
# X's legitimate concerns (朝方的合理关切未得到应有重视): the speaker takes X's side
LEGITIMATE = re.compile(r"(?:方面|政府|人民|方)?的?(?:合理|正当)(?:安全)?(?:关切|诉求|权益|权利|要求)")
# X's views should be heard and respected (巴勒斯坦…其看法和主张应该得到倾听和尊重): positive, not "X should"
DESERVES = re.compile(r"(?:得到|受到)[^，。；]{0,8}?(?:尊重|支持|倾听|重视|保障|维护|认可|肯定)")


_ITS_DESERVE = re.compile(r"其[^，。；]{0,10}?(?:应该|应当|应|理应|需要)" + DESERVES.pattern)


# what follows a welcomed mention when its people are welcomed to come, not the country judged
# (欢迎美国各界人士来华访问)
WELCOMED_PEOPLE = re.compile(r"(?:各界)?(?:人士|公民|游客|学生|朋友|企业|投资者|记者|民众)")
# a request that another government protect Chinese staff is consular, not criticism
CONSULAR = re.compile(r"(?:保障|保护|确保).{0,12}(?:中方人员|中国公民|中国人员|中方机构|人员和机构|人身安全)")
# good wishes stated as confidence in X's success (相信布隆迪政府和人民将…取得新的更大成就)
CONFIDENT = re.compile(r"相信(.{0,30}?)(?:将|一定|必将|能够|会).{0,24}(?:取得|实现|战胜)")


# "the relevant country" in Chinese (not 有关方面 "the parties concerned", which names no country)
# a country giving its view (俄方表示, 巴方认为) rather than acting (美方宣布…)
VIEW = re.compile(r"表示|认为|指出|提出|强调|呼吁|主张")
REFERENCE = re.compile(r"有关国家|相关国家|个别国家|某个国家|某国|该国")


def reference_mentions(text: str, found: list[Mention], asked: list[tuple[str, list[Mention]]],
                       home: str = "CN") -> list[Mention]:
    """有关国家, 个别国家, 某国 in an answer: the one foreign country its question (``asked``: the
    question's text and mentions) names (conventions v2; with two or more, or none, there is no
    target). Not when the question has that country (or one of its people) speak (俄方表示…,
    马哈蒂尔称…: the country referred to is then another), nor where that country or one of its
    people is named in the same sentence (呼吁有关国家解除对委内瑞拉的单边制裁).

    >>> from kg.nlp.gazetteer import gazetteer
    >>> from kg.nlp.zh.entities import find_mentions
    >>> q = "美方宣布对中国官员实施签证限制。"
    >>> t = "我们敦促有关国家停止干涉。"
    >>> [(m.text, m.entity.key) for m in reference_mentions(t, [], [(q, find_mentions(q))])]
    [('有关国家', 'US')]
    >>> q = "俄罗斯总统普京向数国领导人提出暂停部署中短程导弹的倡议。"
    >>> reference_mentions(t, [], [(q, find_mentions(q))])
    []
    """
    named = [m.entity for _, ms in asked for m in ms]
    countries = list(dict.fromkeys(e for e in named if e.kind == "country" and e.key not in (home, "HK", "MO", "TW")))
    if len(countries) != 1:
        return []
    c = countries[0]
    for qt, ms in asked:
        for m in ms:
            said = qt[m.end:m.end + 30].split("，")[0].split("。")[0]
            if m.entity.kind == "person" and m.entity.iso2 == c.key and SAYING.search(said) or \
                    m.entity == c and VIEW.search(said):
                return []
    out = []
    for hit in REFERENCE.finditer(text):
        a = max(text.rfind(ch, 0, hit.start()) for ch in "。！？") + 1
        b = min((k for k in (text.find(ch, hit.end()) for ch in "。！？") if k != -1), default=len(text))
        if any((m.entity == c or m.entity.kind == "person" and m.entity.iso2 == c.key) and a <= m.start < b
               for m in found):
            continue
        out.append(Mention(hit.start(), hit.end(), hit.group(0), c, "reference"))
    return out


@Language.factory("dk_zh_stance")
def _make(nlp: Language, name: str) -> "ZhStanceRules":
    return ZhStanceRules()


class ZhStanceRules:
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        doc._.dk_stances = stances_in(text, doc._.dk_mentions or [], sentence_bounds(doc),
                                      home_country(doc))
        return doc


def _clauses(sent: str, offset: int) -> list[tuple[int, int]]:
    out, a = [], 0
    for k, ch in enumerate(sent):
        if ch in CLAUSE_END:
            out.append((offset + a, offset + k))
            a = k + 1
    if a < len(sent):
        out.append((offset + a, offset + len(sent)))
    return out


def stances_in(text: str, found: list[Mention], sentences: list[tuple[int, int]],
               home: str = "CN") -> list[StanceFinding]:
    """Stances of one answer (``found`` its mentions, ``sentences`` its sentence bounds).

    >>> from kg.nlp.zh.entities import find_mentions
    >>> t = "中方敦促美方立即停止干涉中国内政。我们欢迎巴基斯坦和印度加强对话。"
    >>> [(s.target.key, s.polarity, s.cue) for s in stances_in(t, find_mentions(t), [(0, 17), (17, len(t))])]
    [('US', 'negative', '敦促'), ('PK', 'positive', '欢迎'), ('IN', 'positive', '欢迎')]
    """
    targets = [m for m in found if m.entity.kind in TARGET_KINDS
               and not (m.entity.kind == "country" and m.entity.key == home)]
    out: dict[tuple, StanceFinding] = {}

    def add(m: Mention, polarity: str, cue: str, s: int, e: int) -> None:
        out.setdefault((m.entity, polarity), StanceFinding(m.entity, polarity, cue, text[s:e].strip(), s, e))

    for s, e in sentences:
        in_sent = [m for m in targets if s <= m.start < e]
        if not in_sent:
            continue
        sent = text[s:e]
        if CONSULAR.search(sent):
            continue
        subject: list[Mention] = []
        for cs, ce in _clauses(sent, s):
            in_clause = [m for m in in_sent if cs <= m.start < ce]
            clause = text[cs:ce]
            if not in_clause:
                # no subject of its own: 对此表示欢迎 / 首先应… speak of the clause before
                its = _ITS_DESERVE.match(clause)
                if subject and its and not _reported(text, s, cs):
                    for m in subject:     # 巴勒斯坦作为主要当事方，其看法和主张应该得到倾听和尊重
                        add(m, "positive", "其…得到", s, e)
                elif subject and _FEELING_THIS.match(clause):
                    for m in subject:
                        add(m, FEELINGS[_FEELING_THIS.match(clause).group(1)], "对此", s, e)
                elif subject and CARRIED_MODAL.match(clause) and not _reported(text, s, cs) and \
                        not clause[CARRIED_MODAL.match(clause).end():].startswith(("是", "说", "会", "得到", "被", "受到", "予以")) and \
                        not text.startswith(("双方", "两国"), subject[-1].end):
                    add(subject[0], "negative", "应", s, e)
                subject = []
                continue
            every = [m for m in found if cs <= m.start < ce]
            subject = _subjects(text, cs, ce, in_clause, every)
            for m, pol, cue in _clause_stances(text, cs, ce, clause, in_clause, s, every):
                add(m, pol, cue, s, e)
        cm = CONFIDENT.search(sent)
        if cm is not None and not _reported(text, s, s + cm.start()):
            a, b = s + cm.start(1), s + cm.end(1)
            lead = [m for m in in_sent if a <= m.start < b and m.entity.kind == "country"]
            if lead:
                add(lead[-1], "positive", "相信", s, e)
    return list(out.values())


# what may stand before a clause's subject
SUBJECT_LEADS = ("", "希望", "我们希望", "中方希望", "但", "但是", "而", "并", "也", "同时", "如果", "若", "可是")
_FEELING_THIS = re.compile(r"(?:中方|我们)?(?:对此|为此)(?:表示|深表|致以)(?:强烈|坚决|诚挚|衷心|热烈|高度)*(?:的)?("
                           + "|".join(FEELINGS) + ")")


def _subjects(text: str, cs: int, ce: int, in_clause: list[Mention], every: list[Mention]) -> list[Mention]:
    """The mentions that open a clause as its subject (俄朝双方…, 美国作为…, 希望美国…), if any."""
    first_any = next((m for m in every if m.start >= cs), None)
    first = in_clause[0]
    if first_any is not first:
        return []       # the speaker's own country (中方…) comes first
    if text[cs:first.start].strip() not in SUBJECT_LEADS:
        return []       # the mention is an object (粗暴干涉香港事务, 尊重世卫组织…)
    out, last = [first], first
    for m in in_clause[1:]:
        if text[last.end:m.start] in ("", "、", "和", "与"):
            out.append(m)
            last = m
        else:
            break
    return out


def _clause_stances(text: str, cs: int, ce: int, clause: str, in_clause: list[Mention], sent_start: int,
                    every: list[Mention]):
    # 对/向 X 表示 cue
    for fm in _FEELING.finditer(clause):
        a, b = cs + fm.start(1), cs + fm.end(1)
        for m in in_clause:
            if a <= m.start < b and not _reported(text, sent_start, cs + fm.start()):
                yield m, FEELINGS[fm.group(2)], fm.group(2)
                break
    # cue then its object
    for cm in _CUE.finditer(clause):
        cue = cm.group(0)
        at = cs + cm.end()
        if _negated(clause, cm.start()) or _reported(text, sent_start, cs + cm.start()) or \
                _someone_else(text, cs, cs + cm.start(), in_clause):
            continue
        for m in _objects(text, at, ce, in_clause, every):
            if cue.endswith("希望") and not HOPE_AFTER.match(text, m.end):
                break
            if cue == "欢迎" and WELCOMED_PEOPLE.match(text, m.end):
                break
            yield m, CUES_ZH[cue], cue
    # X 搞单边主义… / X 的合理关切
    for m in in_clause:
        if _reported(text, sent_start, m.start):
            continue
        if PURSUES.match(text, m.end):
            yield m, "negative", "搞"
        elif LEGITIMATE.match(text, m.end) and m.entity.kind == "country" and text[m.start - 1:m.start] != "在":
            yield m, "positive", "合理关切"
    # X 应/必须/不要 …
    first = in_clause[0]
    between = text[first.end:first.end + 10]
    joint = text[first.start - 1:first.start] == "中" or between.startswith(("双方", "两国"))
    for modal in MODALS if not joint else ():
        k = between.find(modal)
        if k != -1 and _subject_gap(between[:k]) and not _reported(text, sent_start, first.start):
            if modal in ("需要", "要") and not re.match(r"(?:要|需要)(?:停止|立即|切实|纠正|反思|正视|尊重|"
                                                        r"撤销|放弃|摒弃|认清|遵守|恪守|信守|回到|客观|理性|多做|少做)",
                                                        between[k:]):
                continue
            rest = clause[first.end - cs + k + len(modal):]
            if DESERVES.match(rest):
                yield first, "positive", modal + "得到"
            else:
                yield first, "negative", modal
            break
    # criticism of what X does or says
    cm = _CRITIQUE.search(clause)
    if cm is not None and first.start < cs + cm.start() and not _reported(text, sent_start, first.start):
        lead = text[cs:first.start]
        if not BLOCKING.search(lead) and len(lead) <= 6:
            gap = text[first.end:cs + cm.start()]
            if len(gap) <= 14 and not SAYING.search(gap) and not any(w in gap for w in SELF) or \
                    ACTS_ARE.match(gap) and not SAYING.search(gap):
                yield first, "negative", cm.group(0)


def _objects(text: str, at: int, end: int, in_clause: list[Mention], every: list[Mention]):
    """The mentions a cue ending at ``at`` governs: the next one, and those joined to it.

    Not a side of a relation (高度评价中俄关系: the relations, not Russia), and not when the
    first thing named after the cue is the speaker's own country.
    """
    after = [m for m in in_clause if m.start >= at]
    if not after:
        return
    nxt = next((m for m in every if m.start >= at), None)
    if nxt is not None and nxt.start < after[0].start:
        return          # the speaker's own country comes first (支持中美…)
    if _in_compound(text, after[0]):
        return
    gap = text[at:after[0].start]
    if len(gap) > _TARGET_GAP or BLOCKING.search(gap) or any(c in gap for c in "“《"):
        return
    yield after[0]
    last = after[0]
    for m in after[1:]:
        joint = text[last.end:m.start]
        if joint.strip("方国政府当局领导人总统总理外长部长首相的双方") in JOINERS or joint in ("", "方和", "方与"):
            yield m
            last = m
        else:
            break


def _in_compound(text: str, m: Mention) -> bool:
    """A one-character short form inside a relation compound (中美, 朝韩), not "X side"."""
    if len(m.text) != 1:
        return False
    from kg.nlp.zh.gazetteer import zh_gazetteer

    shorts = zh_gazetteer().shorts
    before = text[m.start - 1:m.start]
    after = text[m.end:m.end + 1]
    if after == "方" or not (before in shorts or after in shorts):
        return False
    k = m.end
    while k < len(text) and text[k] in shorts:
        k += 1
    return text.startswith(("关系", "合作", "友好", "友谊", "经贸", "贸易", "战略", "全面", "两国", "双边"), k)


def _subject_gap(gap: str) -> bool:
    """Whether the words between a mention and a modal keep the mention the subject (美方, 美国政府…)."""
    return len(gap) <= 6 and not BLOCKING.search(gap) and not any(c in gap for c in "的，、")  or \
        gap in ("方面", "政府", "当局", "一些政客", "有关人士", "方面也", "领导人")


def _someone_else(text: str, cs: int, at: int, in_clause: list[Mention]) -> bool:
    """Whether another actor is the cue's subject (蓬佩奥发表声明祝贺…): a mention before the
    cue in its clause, with no word of the speaker's own voice after it."""
    before = [m for m in in_clause if m.end <= at]
    if not before:
        return False
    rest = text[before[-1].end:at]
    return not any(w in rest for w in SELF)


def _negated(clause: str, k: int) -> bool:
    before = clause[max(0, k - 2):k]
    return before.endswith(("不", "不会", "并不", "无法", "未"))


def _reported(text: str, sent_start: int, at: int) -> bool:
    """A cue inside someone else's words: 加拿大总理特鲁多表示将继续支持世卫组织."""
    before = text[sent_start:at]
    m = None
    for k in SAYING.finditer(before):
        if not before[max(0, k.start() - 3):k.end()].endswith(_SAY_IDIOMS):
            m = k
    if m is None:
        return False
    lead = before[:m.start()]
    return not any(w in lead[-8:] for w in SELF) and not lead.strip().endswith(SELF)
