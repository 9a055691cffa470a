"""Stance, organisations and response types at the grain researchers count with.

Sentences are the transcripts' own (file and exchange named in each test) or minimal ones
written for one rule; the expected stances follow tests/data/gold/CONVENTIONS.md (v2).
"""

from __future__ import annotations

import pytest

from kg.nlp.extract import _analyse, analyse_texts
from kg.nlp.pipeline import DEFAULT_MODEL, model_available

needs_model = pytest.mark.skipif(not model_available(DEFAULT_MODEL),
                                 reason=f"the spaCy model {DEFAULT_MODEL} is not installed")


def stances(ta) -> set[tuple[str, str]]:
    return {(s.target.key, s.polarity) for s in ta.stances}


@needs_model
def test_a_conflicting_pair_in_one_sentence_goes_by_the_clause_each_cue_governs():
    """Issue 14: "applauds Iran's ... and firmly opposes US sanctions" is negative only toward the US."""
    [ta] = analyse_texts(["China applauds Iran's restraint and firmly opposes US sanctions."], DEFAULT_MODEL)
    assert stances(ta) == {("IR", "positive"), ("US", "negative")}
    # one stance per (target, polarity, sentence), each with the cue that made it
    cues = {(s.target.key, s.cue) for s in ta.stances}
    assert cues == {("IR", "applaud"), ("US", "oppose")}


@needs_model
def test_cue_less_criticism_and_praise():
    # 2018-06-29 Lu Kang #8 and #1 (dev gold: PK positive; US negative)
    [a] = analyse_texts(["I would like to reiterate that Pakistan has made enormous efforts and "
                         "sacrifices for the counter-terrorism cause against all odds."], DEFAULT_MODEL)
    assert stances(a) == {("PK", "positive")}
    [b] = analyse_texts(["The US uses the false accusation as a pretext to suppress Chinese companies."],
                        DEFAULT_MODEL)
    assert stances(b) == {("US", "negative")}
    # 2020-05-20 Zhao Lijian #5: "should be heard and respected" is good for Palestine
    [c] = analyse_texts(["The views and propositions of Palestine, as a main party concerned, should be "
                         "heard and respected."], DEFAULT_MODEL)
    assert stances(c) == {("PS", "positive")}


@needs_model
def test_hopes_and_wishes_take_their_polarity_from_what_is_hoped():
    # 2020-05-20 Zhao #3 (US positive) and 2019-09-10 Hua #10 (US negative)
    [a, b] = analyse_texts(["We mourn for the lost lives and wish the US people will defeat the outbreak "
                            "as early as possible.", "We hope the US will correct its wrong practice."],
                           DEFAULT_MODEL)
    assert stances(a) == {("US", "positive")}
    assert stances(b) == {("US", "negative")}


@needs_model
def test_what_others_are_reported_to_say_is_not_the_speakers_stance():
    # 2019-05-16 Lu Kang #4: the Greek president's words, not China's stance toward Greece
    [ta] = analyse_texts(['Greek President Pavlopoulos made it clear that the so-called "clash of '
                          'civilizations" trumpeted by some is a huge mistake.'], DEFAULT_MODEL)
    assert ("GR", "negative") not in stances(ta)


@needs_model
def test_the_relevant_country_is_the_one_the_question_names():
    """2020-06-12 Hua Chunying #3: "the certain country" is the US of the question."""
    q = "US Secretary of State Pompeo said that the US has provided aid to Africa."
    a = ("We hope the certain country can focus on helping African countries and doing things "
         "conducive to their development.")
    _, ans = _analyse(DEFAULT_MODEL, [q, a], [False, True], "CN", [[], [0]])
    assert stances(ans) == {("US", "negative")}
    assert not any(m.entity.key == "US" for m in ans.mentions)   # a reference is no mention
    # with two foreign countries in the question, "the relevant country" names none
    _, ans = _analyse(DEFAULT_MODEL, ["Japan and the US said so.", a], [False, True], "CN", [[], [0]])
    assert stances(ans) == set()


def test_statements_carry_stances_and_no_response_type(fmprc):
    """2019-12-04 Hua Chunying: the opening statement on the House's Xinjiang bill (before the
    first question) says "We urge the US to correct its mistakes at once"."""
    from kg.nlp.extract import extract
    from kg.sources import read_file

    path = fmprc / "txt" / "2019-12-04_hua-chunying_t1721507.txt"
    if not path.exists():
        pytest.skip(f"{path.name} is not in the corpus")
    conf = read_file(str(path), path.read_bytes()).documents[0]
    an = extract(conf, "none")
    assert an.statements
    assert any(("US", "negative") in stances(ta) for ta in an.statements.values())
    assert all(ta.responses == [] for ta in an.statements.values())


def test_response_types_need_the_asker_sent_elsewhere():
    """Conventions v2: that another body has spoken is no referral (2019-12-16 Geng #6, #7)."""
    from kg.nlp.en.response_type import classify_sentence

    assert classify_sentence("You may have noticed the response by the Chinese Football Association.") == []
    assert classify_sentence("As I believe you noticed, the Chinese Football Association has "
                             "responded to this matter.") == []
    assert classify_sentence("I'd refer you to the competent authorities.") == ["Referral"]
    assert classify_sentence("I'll leave the specifics to the media agency concerned.") == ["Referral"]
    # 2019-12-16 Geng #1: "We will keep you updated" offers nothing yet
    assert classify_sentence("We will keep you updated if anything comes up.") == ["NoInformation"]
    assert classify_sentence("As far as I know, we haven't received any complaints from the buyers.") == []


def test_each_response_type_has_its_own_evidence():
    [ta] = analyse_texts(["I'm not aware of the specifics. I'd refer you to competent authorities."], "none")
    got = {r.type: r.evidence for r in ta.responses}
    assert got == {"NoInformation": "I'm not aware of the specifics.",
                   "Referral": "I'd refer you to competent authorities."}


def organizations(text: str) -> list[str]:
    [ta] = analyse_texts([text], "none", answers=False)
    return [m.entity.label for m in ta.mentions if m.entity.kind in ("organization", "initiative")]


def test_doctrines_media_companies_and_bodies():
    assert organizations("The US should abide by the one-China principle.") == ["one-China principle"]
    assert organizations("It follows the Five Principles of Peaceful Coexistence.") == \
        ["Five Principles of Peaceful Coexistence"]
    assert organizations("building a community with a shared future for mankind") == \
        ["community with a shared future for mankind"]
    assert organizations("the China-ASEAN community with a shared future") == \
        ["China-ASEAN community with a shared future"]
    assert organizations("The Chinese Football Association has responded.") == ["Chinese Football Association"]
    assert organizations("Slovak foreign ministry thanked China.") == ["Ministry of Foreign Affairs of Slovakia"]
    assert organizations("The Chinese embassy in Slovakia immediately contacted the manufacturer.") == \
        ["Embassy of China in Slovakia"]


def test_the_speaking_ministry_as_addressee_is_not_counted():
    assert organizations("Does the Foreign Ministry have any comment?") == []
    assert organizations("The Foreign Ministry released a statement.") == \
        ["Ministry of Foreign Affairs of the People's Republic of China"]


def test_the_australian_is_a_newspaper_not_australia():
    [ta] = analyse_texts(["The report by The Australian said so."], "none", answers=False)
    assert [(m.text, m.entity.kind) for m in ta.mentions] == [("The Australian", "organization")]


def test_linked_from_the_reference_data():
    """QIDs from ../shared/data/more through scripts/derive_gazetteers.py (never typed in)."""
    from kg.nlp.gazetteer import gazetteer

    g = gazetteer()
    assert g.get("organization", "huawei").qid == "Q160120"        # NSI brands: Huawei
    assert g.get("organization", "npc").qid == "Q19211"             # EveryPolitician: NPC
    assert g.get("organization", "us-house").qid == "Q11701"
    assert g.get("organization", "cpc").qid == "Q17427"             # Party Facts: CPC
    assert g.linked("FedEx", "organization").qid == "Q459477"      # a model-found company
    assert g.linked("Target", "organization") is None or g.linked("target", "organization") is None
