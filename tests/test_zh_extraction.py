"""The Chinese extraction pipeline (kg/nlp/zh) on real sentences of the Chinese transcripts.

Every expected fact was read by hand in the sentence quoted, taken verbatim from the file named
beside it (../shared/corpus/fmprc-zh-2018-2020_cwang23-china_fm/txt/), or from the Chinese
gold's evidence strings (tests/data/gold/zh-dev, read by two annotators and an adjudicator).
"""

from __future__ import annotations

import pytest

from kg.nlp.zh import analyse_zh
from kg.nlp.zh.entities import find_mentions
from kg.nlp.zh.response_type import classify_sentence_zh


def _named(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.entity.kind, m.entity.key) for m in find_mentions(text)]


def _stances(answer: str) -> set[tuple[str, str]]:
    [ta] = analyse_zh([answer], [True])
    return {(s.target.key if s.target.kind == "country" else s.target.label, s.polarity) for s in ta.stances}


def test_countries_full_names_sides_and_relation_compounds():
    # 2020-05-20_zhao-lijian_t1780914.txt
    text = ("美方上述举动严重违反一个中国原则和中美三个联合公报规定，严重干涉中国内政。"
            "中方敦促美方立即纠正错误，停止美台官方往来和提升与台实质关系。")
    named = _named(text)
    assert ("美", "country", "US") in named                      # 美方: the US side
    assert ("中美三个联合公报", "initiative", "three-joint-communiques") in named
    assert ("中国", "country", "CN") in named and ("中", "country", "CN") in named   # 中方
    assert ("美", "country", "US") in named and ("台", "country", "TW") in named    # 美台官方往来
    # the three communiqués are one initiative, not China and the US
    assert not any(t == "中" for t, _, _ in _named("一个中国原则和中美三个联合公报规定"))


def test_short_forms_are_not_ordinary_words():
    # 2018-11-16_hua-chunying_t1613819.txt: 南海地区 is the South China Sea region, not Haiti
    assert [k for _, _, k in _named("更加有利于维护南海地区的和平稳定。")] == ["south-china-sea"]
    # 2020-06-12_hua-chunying_t1788362.txt: 越来越 "more and more", no Vietnam
    assert [k for _, kind, k in _named("中国外交官越来越多通过推特平台表达观点") if kind == "country"] == ["CN"]
    # 方案 (a plan), 今日方才 (only today): no country side
    assert _named("这个方案在今日方才公布。") == []
    # 朝鲜半岛 is the peninsula (a place), not the DPRK
    assert _named("朝鲜半岛和平稳定") == [("朝鲜半岛", "place", "korean-peninsula")]


def test_capital_as_government_but_not_as_place():
    assert _named("华盛顿方面一再施压。") == [("华盛顿", "country", "US")]
    assert _named("会议在华盛顿举行。") == []


def test_short_form_follows_the_country_named_nearby():
    # 2019-05-16_lu-kang_t1664037.txt, exchange 5: Nigeria's president, then 中尼合作 (China-Nigeria)
    [q, a] = analyse_zh(["尼日利亚总统布哈里日前表示，中尼合作是兄弟般的南南合作。", "中尼合作平等互利。"],
                        [False, True])
    assert {m.entity.key for m in a.mentions if m.entity.kind == "country"} == {"CN", "NG"}


def test_people_organisations_and_initiatives_link_to_english_entities():
    # 2020-05-20_zhao-lijian_t1780914.txt
    named = _named("5月20日，美国国务卿蓬佩奥发表声明祝贺台湾地区领导人蔡英文就职。")
    assert ("蓬佩奥", "person", "mike-pompeo") in named and ("蔡英文", "person", "tsai-ing-wen") in named
    named = _named("中方坚定支持世卫组织在国际抗击疫情中发挥领导作用。")
    assert ("世卫组织", "organization", "world-health-organization") in named
    named = _named("中国始终秉持构建人类命运共同体理念。")
    assert any(t == "人类命运共同体" and k == "initiative" for t, k, _ in named)
    # a named law in 《…》 that the gazetteer does not know is still an initiative
    named = _named("根据《中华人民共和国出口管制法》的规定。")
    assert ("中华人民共和国出口管制法", "initiative") in {(t, k) for t, k, _ in named}


def test_offsets_are_exact():
    text = "　　赵立坚：中方敦促美方停止。“一带一路”倡议，访华盛顿。"
    for m in find_mentions(text):
        assert text[m.start:m.end] == m.text


def test_response_types_from_gold_evidence():
    # the gold's response_evidence strings (tests/data/gold/zh-dev)
    assert classify_sentence_zh("你提到的具体情况我没有听说，也不了解。") == ["NoInformation"]
    assert classify_sentence_zh("我也是刚刚看到有关报道，不了解具体情况。") == ["NoInformation"]
    assert classify_sentence_zh("第三个问题，我现在没有可以向你提供的情况。") == ["NoInformation"]
    assert classify_sentence_zh("我的商务部同事今天应该会回答记者的提问。") == ["Referral"]
    assert classify_sentence_zh("这是英国内政，中方不作评论。") == ["NoComment"]
    # substantive: the ministry's own statement is no referral; a rhetorical "I don't know why" is no answer type
    assert classify_sentence_zh("关于第一个问题，我们已经就此发表外交部声明。") == []
    assert classify_sentence_zh("我不清楚推特公司做出这一决定的依据是什么，但我想说，这显然是站不住脚的。") == []


def test_stances_with_targets_found_by_rules():
    # 2020-05-20_zhao-lijian_t1780914.txt (gold: negative US, positive WHO, positive US)
    assert ("US", "negative") in _stances(
        "中方敦促美方立即纠正错误，恪守一个中国原则和中美三个联合公报规定，停止美台官方往来和提升与台实质关系。")
    assert ("World Health Organization", "positive") in _stances("中方坚定支持世卫组织在国际抗击疫情中发挥领导作用。")
    assert ("US", "positive") in _stances("我们为这些逝去的生命感到痛心，祝愿美国人民早日战胜疫情。")
    assert ("US", "negative") in _stances("美方应致力于早日战胜病毒，而不是向领导抗疫的国际组织发出“最后通牒”。")
    # 2018-11-16_hua-chunying_t1613819.txt (gold: positive KP and US)
    assert {("KP", "positive"), ("US", "positive")} <= _stances("中方一向支持朝美进行接触对话。")


def test_no_stance_where_the_target_is_not_the_object():
    # 2020-06-12_hua-chunying_t1788362.txt: opposing interference in Hong Kong is no stance toward Hong Kong
    assert _stances("中方反对任何外部势力干预香港事务的决心坚定不移。") == set()
    # the speaker's own country is never a target; praising relations is not praising Russia
    assert _stances("我们高度评价目前中俄关系的高水平发展。") == set()
    # someone else's congratulation (2020-05-20) is not the spokesperson's stance toward Tsai Ing-wen
    assert ("Tsai Ing-wen", "positive") not in _stances("5月20日，美国国务卿蓬佩奥发表声明祝贺台湾地区领导人蔡英文就职。")


def test_topics_from_chinese_triggers():
    [q, a] = analyse_zh(["美国国务卿蓬佩奥周二给蔡英文发贺电。中方有何回应？", "台湾是中国领土不可分割的一部分。"],
                        [False, True])
    from kg.model import Role
    from kg.nlp.extract import exchange_topics

    assert "taiwan" in exchange_topics([q, a], [Role.QUESTION, Role.ANSWER])


def test_chinese_names_become_alt_labels():
    from rdflib import Literal

    from kg.nlp.gazetteer import gazetteer
    from kg.rdf.mapping import _entity
    from kg.rdf.namespaces import SKOS

    out = []

    def add(s, p, o):
        out.append((s, p, o))
    add.label_if_absent = lambda s, o: None
    _entity(add, gazetteer().get("country", "US"))
    assert (SKOS.altLabel, Literal("美国", lang="zh")) in {(p, o) for _, p, o in out}


@pytest.mark.corpus
def test_every_mention_of_the_chinese_corpus_has_exact_offsets(shared):
    """All 486 pages and the 475-conference CSV: text[start:end] == anchor for every mention."""
    import csv

    from kg.nlp.zh.entities import find_mentions

    texts = [p.read_text(encoding="utf-8") for p in
             sorted((shared / "corpus" / "fmprc-zh-2018-2020_cwang23-china_fm" / "txt").glob("*.txt"))]
    assert len(texts) == 486
    csv.field_size_limit(1 << 30)
    path = next((shared / "corpus" / "fmprc-zh-2013-2016_skberko-chinese-news-web-scraper").glob("*.csv"))
    with path.open(encoding="utf-8", newline="") as fh:
        texts += [r["body"] for r in csv.DictReader(fh)]
    assert len(texts) == 486 + 475
    n = 0
    for text in texts:
        for m in find_mentions(text):
            assert text[m.start:m.end] == m.text
            n += 1
    assert n > 100_000
