"""How the spokesperson answered, from the Chinese formulas of the MFA.

- Referral: 请向主管部门询问, 建议你向有关部门了解, 请你查阅…的发布;
- NoInformation: 我不了解, 目前没有可以发布的信息, 我没有看到相关报道, 我需要核实;
- NoComment: 不予评论, 不作评论, 无可奉告, 不回答假设性问题.

Each rule is a regular expression over one sentence; the first sentence that fires a type is
kept as evidence, and ``Substantive`` is given only when no other type fires, as in English.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.analysis import ResponseFinding
from kg.nlp.extensions import doc_text, sentence_bounds

__all__ = ["ZhResponseTypeRules", "classify_sentence_zh", "RULES_ZH"]

# who is told to go and ask, before 向/找: the addressee (你, 大家), or a bare modal with no other
# subject (如果你感兴趣的话，可以向军方询问; 可向新疆方面询问)
_ASKER = (r"(?:(?:你|您|你们|大家)(?:似乎|更|还是|直接|先|也)?(?:需要|应该|应当|可以|可|得|要|最好|不妨|还是要)?"
          r"|(?:^|[，：；。]|的话|具体|有关情况|这个问题|所以|还是)(?:我)?(?:建议)?(?:似乎|更|还是|直接|先|也)?"
          r"(?:需要|应该|应当|可以|可|得|要|最好|不妨|还是要))(?:直接|先|再|去|更)?")
_BODY = r"(?:主管部门|有关部门|相关部门|主管机构|有关机构|有关方面|相关方面|主管当局|有关当局|职能部门|中方主管部门)"
RULES_ZH: dict[str, list[re.Pattern]] = {
    "Referral": [re.compile(p) for p in (
        r"(?:请|建议)(?:你|您|你们)?(?:向|去|与|同).{0,16}(?:询问|了解|咨询|求证|核实|联系|查阅|查询|查看)",
        r"(?:请|建议)(?:你|您|你们)?(?:直接)?(?:去)?(?:询问|咨询|问问)",
        r"(?:你|您|你们)(?:应该|应当|可以|最好|不妨)(?:直接)?去?(?:问|询问|咨询)",
        _BODY + r".{0,10}(?:询问|了解|咨询)",
        r"(?:请|建议)(?:你|您|你们)?(?:查阅|参阅|查询|关注|参考).{0,20}(?:发布|消息|信息|回应|介绍|网站)",
        r"不属于外交部|不是外交部(?:职责|的职能)|超出外交部",
        r"由" + _BODY + r".{0,10}(?:回答|回应|介绍|发布|答复)",
        r"(?:可以|可|会|将)(?:由)?" + _BODY + r".{0,6}(?:回答|回应|介绍|答复)",
        r"(?:同事|" + _BODY + r").{0,12}(?:会|将|可以|可能会|应该会)(?:在.{0,8})?(?:回答|回应|介绍|发布|答复)",
        # the asker sent to someone: 你需要向国防部询问, 可以向军方询问, 你得向深圳警方询问,
        # 可以直接找这些中国媒体询问, 我建议你向国台办去征求评论 (not 总领馆已向澳方了解核实: see _ASKER)
        _ASKER + r"(?:向|找)[^，。；！？]{1,20}?(?:去)?(?:进一步)?(?:询问|了解|咨询|求证|核实|查询|征求)",
        r"(?:你|您|你们|你的同事)[^，。；！？]{0,6}(?:可以|可)在[^，。；！？]{1,12}(?:记者会|发布会)上(?:询问|提问)",
    )],
    "NoInformation": [re.compile(p) for p in (
        r"(?:我|也|并|还)(?:目前|现在|暂时)?(?:还|并|对此|对此事|对此并)?不(?:了解|掌握)",
        r"不(?:了解|掌握|清楚)(?:具体|相关|有关|你说的|你提到的|你所说的|这一情况|这个情况|此事|详情|情况)",
        r"(?:没有|未|没)听说",
        r"没有(?:可以|能够|可)?(?:向你|向大家|为你)?(?:提供|发布|透露|奉告|介绍|通报)的(?:信息|消息|情况)",
        r"(?:没有|暂无|暂时没有)(?:这方面|这一方面|相关|有关|进一步|更多|具体|新|最新)?的?(?:信息|消息|情况)"
        r"(?:可以|可)?(?:提供|发布|奉告|透露|介绍|通报)",
        r"我(?:没有|未|还没有|还没|并没有|没|尚未)(?:听说|看到|注意到|掌握)(?:相关|有关|你说的|你所说的|你提到的|这方面|这一|这个|此|具体)",
        r"(?:会|将)(?:在)?适时(?:发布|公布|介绍|通报)",
        r"(?:需要|要|会|将|去)(?:进一步)?核实",
        r"我(?:目前)?(?:手头)?(?:没有|暂无)(?:这方面|相关|有关|具体)?的?(?:信息|消息|情况)",
        r"不知道(?:具体|相关|有关|你说的|你提到的|这个|这一|此事|详情)",
        r"我清楚(?:具体|相关)",
        # 我没有这方面可以提供的信息, 目前我没有更多细节可以提供, 我们没有可以提供的新情况
        r"我[^，。；！？]{0,8}(?:没有|暂无)[^，。；！？]{0,12}?(?:可以|可|能够|能)(?:向你|向大家|为你|给你)?(?:提供|发布|透露|奉告|介绍|通报)",
        # 我还没有看到这份报告, 你说的报道我还没有看到, 至少我没看到报道 (not 没有看到任何证据: a rebuttal)
        r"我(?:们)?(?:还|并|目前|现在|暂时|尚|也)*(?:没有|没|未)(?:看到|见到|读到)过?(?!任何|证据|有任何)",
        # 具体情况不了解, 这我不清楚, 这个情况我一点不了解 (the clause ends there)
        r"(?:我|我们|情况|细节)(?:也|并|还|确实|目前|暂时)?(?:一点)?(?:也|都)?不(?:了解|清楚|掌握)(?=[，。；！？]|$)",
        # 我需要去了解一下, 可以帮你去了解一下, 会后我会查询一下, 具体情况我可以再核实一下
        r"(?:^|[，。；：]|我|还)[^你您，。；！？]{0,8}?(?:需要|要|得|可以|会)(?:再|先)?(?:进一步)?(?:去|帮你去?|为你)?(?:了解|查询|查)(?:一下|核实|查)",
        r"(?:可以|会|需要|要)再(?:去)?核实",
        r"没有[^，。；！？]{0,8}(?:信息|消息)(?:可以|可)?补充",
        # the 2013-2016 record: 目前我尚没有信息向你提供, 我目前还没有这方面的消息, 我没有得到确切消息
        r"没有[^，。；！？]{0,6}(?:信息|消息|情况)(?:可以|可)?(?:向你|向大家|为你)(?:提供|介绍|通报)",
        r"我(?:目前|现在)?(?:还|尚|暂时)?(?:没有|未)(?:得到|收到)?(?:这方面|确切|具体|相关|有关)的?(?:消息|信息)",
        # 我目前尚不掌握确切人数; 你提到的这个视频有待核实; 我们注意到有关报道，正在核实有关情况
        r"我(?:目前|现在)?(?:还|尚|并)?不(?:掌握|了解)",
        r"有待(?:进一步)?核实",
        r"(?:^|[，；]|我们|中方)(?:也)?(?:正在|还在|正)(?:进一步|抓紧)?(?:了解|核实)",
        # 有关情况我们会及时发布消息 (as 会适时发布 in zh-dev2: nothing to tell yet)
        r"(?:会|将)(?:及时|适时)(?:对外)?(?:发布|公布|通报)(?:消息|信息)",
        r"我(?:目前|还|暂时)*(?:没有|未)(?:得到|收到|获得)(?:有关|相关|这方面的?|任何|具体)的?(?:信息|消息|情况)",
    )],
    "NoComment": [re.compile(p) for p in (
        r"不(?:予|作|做|便|宜)(?:任何)?(?:评论|置评|回应|评价)",
        r"无可奉告",
        r"不(?:回答|回应|评论)(?:任何)?假设性",
        r"(?:我|我们|中方)(?:对此)?(?:没有|无)(?:什么|任何)?评论",
        r"不对.{1,30}(?:作|做|进行|发表)(?:任何)?评论",
        r"不发表评论",
        r"不(?:想|愿|愿意|打算|准备)(?:在这里|在此)?(?:对.{0,40}?)?(?:一一)?(?:发表|作出?|做出?|进行)?(?:具体|任何)?(?:评论|置评|评价)",
        r"(?<!如果)(?<!如果这)不是(?:一个)?外交问题",
        # 暂不便做评论, 我不愿也不便对这类报道发表评论, 目前我还不便对草案的内容进行评论, 我不屑于作任何评论
        r"不(?:便|愿|想|屑于?|宜)(?:也不便)?(?:再|过多)?(?:就此|对[^，。；！？]{0,30}?)?(?:作|做|进行|发表|作出|做出)"
        r"(?:过多|任何|具体|直接|进一步)?的?(?:评论|置评|评价)",
        # 我们一般不对媒体、智库…的观点作出具体回应; 我们一般也不评论媒体…的言论
        r"一般(?:也)?不(?:对[^，。；！？]{0,40}?(?:作|做|进行|发表|作出|做出)(?:[^，。；！？]{0,6})?(?:评论|回应)|评论|回应)",
        r"没有兴趣[^，。；！？]{0,20}(?:评论|回应)|无意(?:讨论|评论|回应)|无法(?:作出|做出|进行)?(?:评论|置评)",
        # 没有要补充的内容, 我没有进一步的补充, 对此我没有新的补充 (English "I have nothing further to add", also NoComment)
        r"(?:没有|没什么|无)[^，。；！？可信消]{0,10}(?:可以|可|需要|要)?(?:进一步)?(?:的)?补充",
    )],
}
# a rule runs only on a sentence holding one of its words (cheap substring tests first)
ANCHORS_ZH: dict[str, list[tuple[str, ...]]] = {
    "Referral": [("询问", "了解", "咨询", "求证", "核实", "联系", "查阅", "查询", "查看"), ("询问", "咨询", "问问"),
                 ("问", "咨询"), ("询问", "了解", "咨询"),
                 ("查阅", "参阅", "查询", "关注", "参考"), ("外交部",), ("由",), ("回答", "回应", "介绍", "答复"),
                 ("回答", "回应", "介绍", "发布", "答复"), ("询问", "了解", "咨询", "求证", "核实", "查询", "征求"),
                 ("询问", "提问")],
    "NoInformation": [("不了解", "不掌握"), ("不了解", "不掌握", "不清楚"), ("听说",), ("没有",), ("没有", "暂无"), ("听说", "看到", "注意到", "掌握"), ("适时",),
                      ("核实",), ("没有", "暂无"), ("不知道",), ("我清楚",),
                      ("没有", "暂无"), ("看到", "见到", "读到"), ("不了解", "不清楚", "不掌握"), ("了解", "查"), ("再核实", "再去核实"), ("补充",),
                      ("提供", "介绍", "通报"), ("消息", "信息"), ("不掌握", "不了解"), ("有待",), ("了解", "核实"),
                      ("发布", "公布", "通报"),
                      ("得到", "收到", "获得")],
    "NoComment": [("评论", "置评", "回应", "评价"), ("无可奉告",), ("假设性",), ("评论",), ("评论",),
                  ("评论",), ("评论", "置评", "评价"), ("外交问题",), ("评论", "置评", "评价"), ("一般",),
                  ("兴趣", "无意", "无法"), ("补充",)],
}
_CHECKS = {t: [(anchors, rule) for rule, anchors in zip(RULES_ZH[t], ANCHORS_ZH[t], strict=True)]
           for t in RULES_ZH}
# the ministry's own readout or statement is no referral (我们已经发布了消息, 请关注外交部网站)
_OWN = re.compile(r"外交部(?:网站|声明|发布)|我们已经?发布|我们已(?:经)?就此发表")


def classify_sentence_zh(sentence: str) -> list[str]:
    """Non-substantive types one Chinese sentence shows.

    >>> classify_sentence_zh("请向中方主管部门询问。")
    ['Referral']
    >>> classify_sentence_zh("我不了解你说的情况。")
    ['NoInformation']
    >>> classify_sentence_zh("目前我没有可以发布的信息。")
    ['NoInformation']
    >>> classify_sentence_zh("对此我不予评论。")
    ['NoComment']
    >>> classify_sentence_zh("这些细节还是请你询问商务部。")
    ['Referral']
    >>> classify_sentence_zh("我还没看到你所说的报道。")
    ['NoInformation']
    >>> classify_sentence_zh("我不想对你提到的那些言论一一发表评论。")
    ['NoComment']
    >>> classify_sentence_zh("中方坚决反对。")
    []
    """
    out = []
    for t, checks in _CHECKS.items():
        for anchors, rule in checks:
            if any(a in sentence for a in anchors) and rule.search(sentence):
                if t == "Referral" and _OWN.search(sentence) and not re.search(_BODY, sentence):
                    continue
                if t == "Referral" and ("？" in sentence or "?" in sentence):
                    continue     # rhetorical: 你应该去问问他们，为什么…？ sends no one anywhere
                out.append(t)
                break
    return out


@Language.factory("dk_zh_response_type")
def _make(nlp: Language, name: str) -> "ZhResponseTypeRules":
    return ZhResponseTypeRules()


class ZhResponseTypeRules:
    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, ResponseFinding] = {}
        text = doc_text(doc)
        for start, end in sentence_bounds(doc):
            sent = text[start:end]
            for t in classify_sentence_zh(sent):
                found.setdefault(t, ResponseFinding(t, sent.strip(), start, end))
        doc._.dk_responses = list(found.values()) or [ResponseFinding("Substantive")]
        return doc
