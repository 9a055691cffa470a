"""Extraction components on hand-written text and hand-built Docs (no statistical model)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.nlp.extract import analyse_texts
from kg.nlp.gazetteer import gazetteer
from kg.nlp import make_pipeline
from kg.nlp.en.response_type import classify_sentence


def keys(text: str, kind: str | None = None) -> list[str]:
    [ta] = analyse_texts([text], "none", answers=False)
    assert all(text[m.start:m.end] == m.text for m in ta.mentions)
    return [m.entity.key for m in ta.mentions if kind is None or m.entity.kind == kind]


@pytest.mark.parametrize("text", [
    "the US", "the United States", "American officials", "the US side", "the U.S.",
    "Washington said it would act.", "Washington's position is clear.",
])
def test_every_way_of_writing_the_us_is_one_entity(text):
    assert keys(text, "country") == ["US"]


def test_both_sides_of_a_hyphenated_pair_are_mentioned():
    assert keys("China-Japan relations and the DPRK-US summit", "country") == ["CN", "JP", "KP", "US"]


def test_a_capital_as_a_place_is_not_its_country():
    assert keys("They held a meeting in Beijing.", "country") == []
    assert keys("They held a meeting in Beijing.", "place") == ["beijing"]
    assert keys("The talks between Beijing and Washington resumed.", "country") == ["CN", "US"]


def test_a_country_name_inside_a_longer_name_gives_way():
    assert keys("the South China Sea", "country") == []
    assert keys("the Korean Peninsula", "country") == []
    assert keys("the Hong Kong Autonomy Act", "country") == []
    assert keys("the Hong Kong Autonomy Act", "initiative") == ["hong-kong-autonomy-act"]


def test_territories_are_their_own_entries():
    assert keys("Hong Kong, Macao and Taiwan", "country") == ["HK", "MO", "TW"]


def test_entities_that_share_a_word_stay_apart():
    assert keys("South Korea and North Korea", "country") == ["KR", "KP"]
    assert keys("Guinea, Guinea-Bissau, Equatorial Guinea and Papua New Guinea", "country") == \
        ["GN", "GW", "GQ", "PG"]
    assert keys("the Republic of the Congo and the Democratic Republic of the Congo",
                "country") == ["CG", "CD"]


def test_organisations_link_to_wikidata_by_abbreviation_and_name():
    g = gazetteer()
    for text, qid in [("the SCO summit", "Q485207"), ("the UN will meet", "Q1065"),
                      ("the United Nations", "Q1065"), ("ASEAN members", "Q7768"),
                      ("the World Health Organization", "Q7817")]:
        [k] = keys(text, "organization")
        assert g.get("organization", k).qid == qid, text
    assert keys("the G20 summit", "organization") == ["g20"]
    assert keys("the UN Charter", "initiative") == ["un-charter"]  # a treaty, not the body


def test_people_by_full_name_spelling_variant_and_title():
    g = gazetteer()
    a = keys("Shinzō Abe met Shinzo Abe's cabinet and Prime Minister Shinzo Abe.", "person")
    assert len(set(a)) == 1 and g.get("person", a[0]).qid == "Q132345"
    assert keys("Kim Jong Un and Kim Jong-un", "person") == ["kim-jong-un"] * 2


def test_short_names_resolve_within_one_transcript_only():
    texts = ["Secretary of State Mike Pompeo spoke.", "Pompeo then left."]
    a, b = analyse_texts(texts, "none", answers=False)
    assert [m.entity.key for m in b.mentions] == ["mike-pompeo"]
    assert b.mentions[0].text == "Pompeo"
    # Chinese family names are shared by many people: never resolved from a bare surname
    _, d = analyse_texts(["Wang Yi met Li Keqiang.", "Wang said so."], "none", answers=False)
    assert d.mentions == []


@pytest.mark.parametrize("sentence, expected", [
    ("I'd refer you to the competent authorities.", ["Referral"]),
    ("The Ministry of Commerce may answer that question.", ["Referral"]),
    ("I'm not aware of the specifics.", ["NoInformation"]),
    ("I have no information to offer on that.", ["NoInformation"]),
    ("I haven't heard of such reports.", ["NoInformation"]),
    ("We don't comment on hypothetical questions.", ["NoComment"]),
    ("I have no comment on that.", ["NoComment"]),
    ("China firmly opposes that and has lodged stern representations.", []),
    ("As far as I know, the visit went well.", []),
])
def test_response_type_rules(sentence, expected):
    assert classify_sentence(sentence) == expected


def test_substantive_only_when_nothing_else_applies():
    [ta] = analyse_texts(["We firmly oppose this. China's position is consistent."], "none")
    assert [r.type for r in ta.responses] == ["Substantive"]
    [ta] = analyse_texts(["I'm not aware of that. China's position is consistent."], "none")
    assert [r.type for r in ta.responses] == ["NoInformation"]
    assert ta.responses[0].evidence == "I'm not aware of that."


def _parsed(words, heads, deps, pos, lemmas) -> Doc:
    nlp = make_pipeline("none")
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    doc = nlp.get_pipe("dk_gazetteer")(doc)
    return nlp.get_pipe("dk_stance")(doc)


def stances(doc) -> set[tuple[str, str]]:
    return {(s.target.key, s.polarity) for s in doc._.dk_stances}


def test_stance_target_is_the_object_of_the_cue_not_the_speaker():
    doc = _parsed(["China", "urges", "Japan", "to", "stop", "its", "provocations", "."],
                  [1, 1, 1, 4, 1, 6, 4, 1],
                  ["nsubj", "ROOT", "dobj", "aux", "xcomp", "poss", "dobj", "punct"],
                  ["PROPN", "VERB", "PROPN", "PART", "VERB", "PRON", "NOUN", "PUNCT"],
                  ["China", "urge", "Japan", "to", "stop", "its", "provocation", "."])
    assert stances(doc) == {("JP", "negative")}
    assert doc._.dk_stances[0].evidence == "China urges Japan to stop its provocations ."


def test_stance_does_not_cross_a_preposition_of_place():
    doc = _parsed(["We", "oppose", "interference", "in", "Hong", "Kong", "by", "the", "US", "."],
                  [1, 1, 1, 2, 5, 3, 2, 8, 6, 1],
                  ["nsubj", "ROOT", "dobj", "prep", "compound", "pobj", "prep", "det", "pobj", "punct"],
                  ["PRON", "VERB", "NOUN", "ADP", "PROPN", "PROPN", "ADP", "DET", "PROPN", "PUNCT"],
                  ["we", "oppose", "interference", "in", "Hong", "Kong", "by", "the", "US", "."])
    assert stances(doc) == {("US", "negative")}


def test_a_third_party_supporting_something_is_no_stance_of_the_speaker():
    doc = _parsed(["The", "resolution", "supports", "WHO", "."], [1, 2, 2, 2, 2],
                  ["det", "nsubj", "ROOT", "dobj", "punct"],
                  ["DET", "NOUN", "VERB", "PROPN", "PUNCT"],
                  ["the", "resolution", "support", "WHO", "."])
    assert stances(doc) == set()


def test_should_targets_the_subject():
    doc = _parsed(["The", "US", "should", "stop", "."], [1, 3, 3, 3, 3],
                  ["det", "nsubj", "aux", "ROOT", "punct"],
                  ["DET", "PROPN", "AUX", "VERB", "PUNCT"], ["the", "US", "should", "stop", "."])
    assert stances(doc) == {("US", "negative")}


def test_flat_stance_rules_without_a_parse():
    [ta] = analyse_texts(["China welcomes the progress made by the DPRK and the US. "
                          "We oppose interference in Hong Kong."], "none")
    assert {(s.target.key, s.polarity) for s in ta.stances} == {("KP", "positive"), ("US", "positive")}


def test_a_generic_body_qualified_by_another_name_is_not_linked():
    """Found by the CMFA comparison (scripts/compare_cmfa.md); since conventions v2 a qualified
    ministry is that country's own body, apart from the home ministry."""
    assert keys("The Russian Foreign Ministry said so.", "organization") == ["ministry-of-foreign-affairs-of-russia"]
    assert keys("Iran's Foreign Ministry spoke.", "organization") == ["ministry-of-foreign-affairs-of-iran"]
    assert keys("the National Security Council met", "organization") == []
    assert keys("The Foreign Ministry said so.", "organization") == ["mfa-china"]
    assert keys("the UN Security Council met", "organization") == ["united-nations-security-council"]


def test_a_longer_name_starting_inside_a_match_wins():
    assert keys("Premier Li Qiang and Premier Li Keqiang met.", "person") == ["li-qiang", "li-keqiang"]


def test_response_rules_take_the_home_country_as_a_setting():
    """A sentence about what a foreign ministry will say reports, it does not refer; the home
    country's own ministry is a referral. Which country is home is the pipeline's setting.
    (Conventions v2: that a body "has released a statement" is no referral at all.)"""
    from kg.nlp import make_pipeline

    text = "The ministry of Japan may answer this question."
    as_china = make_pipeline("none", "CN")(text)._.dk_responses
    as_japan = make_pipeline("none", "JP")(text)._.dk_responses
    assert [r.type for r in as_china] == ["Substantive"]
    assert [r.type for r in as_japan] == ["Referral"]
