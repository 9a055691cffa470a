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

_BODY = r"(?:主管部门|有关部门|相关部门|主管机构|有关机构|有关方面|相关方面|主管当局|有关当局|职能部门|中方主管部门)"
RULES_ZH: dict[str, list[re.Pattern]] = {
    "Referral": [re.compile(p) for p in (
        r"(?:请|建议)(?:你|您|你们)?(?:向|去|与|同).{0,16}(?:询问|了解|咨询|求证|核实|联系)",
        _BODY + r".{0,10}(?:询问|了解|咨询)",
        r"(?:请|建议)(?:你|您|你们)?(?:查阅|参阅|查询|关注|参考).{0,20}(?:发布|消息|信息|回应|介绍|网站)",
        r"不属于外交部|不是外交部(?:职责|的职能)|超出外交部",
        r"由" + _BODY + r".{0,10}(?:回答|回应|介绍|发布|答复)",
        r"(?:可以|可|会|将)(?:由)?" + _BODY + r".{0,6}(?:回答|回应|介绍|答复)",
        r"(?:同事|" + _BODY + r").{0,12}(?:会|将|可以|可能会|应该会)(?:在.{0,8})?(?:回答|回应|介绍|发布|答复)",
    )],
    "NoInformation": [re.compile(p) for p in (
        r"(?:我|也|并|还)(?:目前|现在|暂时)?(?:还|并|对此|对此事|对此并)?不(?:了解|掌握)",
        r"不(?:了解|掌握|清楚)(?:具体|相关|有关|你说的|你提到的|你所说的|这一情况|这个情况|此事|详情|情况)",
        r"(?:没有|未|没)听说",
        r"没有(?:可以|能够|可)?(?:向你|向大家|为你)?(?:提供|发布|透露|奉告|介绍|通报)的(?:信息|消息|情况)",
        r"(?:没有|暂无|暂时没有)(?:这方面|这一方面|相关|有关|进一步|更多|具体|新|最新)?的?(?:信息|消息|情况)"
        r"(?:可以|可)?(?:提供|发布|奉告|透露|介绍|通报)",
        r"我(?:没有|未|还没有|并没有)(?:听说|看到|注意到|掌握)(?:相关|有关|你说的|你提到的|这方面|这一|这个|此|具体)",
        r"(?:需要|要|会|将|去)(?:进一步)?核实",
        r"我(?:目前)?(?:手头)?(?:没有|暂无)(?:这方面|相关|有关|具体)?的?(?:信息|消息|情况)",
        r"不知道(?:具体|相关|有关|你说的|你提到的|这个|这一|此事|详情)",
        r"我清楚(?:具体|相关)",
    )],
    "NoComment": [re.compile(p) for p in (
        r"不(?:予|作|做|便|宜)(?:任何)?(?:评论|置评|回应|评价)",
        r"无可奉告",
        r"不(?:回答|回应|评论)(?:任何)?假设性",
        r"(?:我|我们|中方)(?:对此)?(?:没有|无)(?:什么|任何)?评论",
        r"不对.{1,30}(?:作|做|进行|发表)(?:任何)?评论",
        r"不发表评论",
    )],
}
# a rule runs only on a sentence holding one of its words (cheap substring tests first)
ANCHORS_ZH: dict[str, list[tuple[str, ...]]] = {
    "Referral": [("询问", "了解", "咨询", "求证", "核实", "联系"), ("询问", "了解", "咨询"),
                 ("查阅", "参阅", "查询", "关注", "参考"), ("外交部",), ("由",), ("回答", "回应", "介绍", "答复"),
                 ("回答", "回应", "介绍", "发布", "答复")],
    "NoInformation": [("不了解", "不掌握"), ("不了解", "不掌握", "不清楚"), ("听说",), ("没有",), ("没有", "暂无"), ("听说", "看到", "注意到", "掌握"),
                      ("核实",), ("没有", "暂无"), ("不知道",), ("我清楚",)],
    "NoComment": [("评论", "置评", "回应", "评价"), ("无可奉告",), ("假设性",), ("评论",), ("评论",),
                  ("评论",)],
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
    >>> classify_sentence_zh("中方坚决反对。")
    []
    """
    out = []
    for t, checks in _CHECKS.items():
        for anchors, rule in checks:
            if any(a in sentence for a in anchors) and rule.search(sentence):
                if t == "Referral" and _OWN.search(sentence) and not re.search(_BODY, sentence):
                    continue
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
