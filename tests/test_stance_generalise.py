"""Stance, response-type and organisation fixes that are general rules (issue 13, second round,
2026-12-02): clause structure from the parse rather than words fitted to one transcript.

Each sentence is copied from the China MFA English transcript named in the test (the gold file
of the same name under tests/data/gold/dev or tests/data/gold/heldout gives the expected fact,
annotated by reading); a few minimal sentences written for one rule say so, and each negative
case (what must *not* become a stance) is one. Conventions: tests/data/gold/CONVENTIONS.md (v2).
"""

from __future__ import annotations

import pytest

from kg.nlp.en.response_type import classify_sentence
from kg.nlp.extract import _english
from kg.nlp.pipeline import DEFAULT_MODEL, model_available

needs_model = pytest.mark.skipif(not model_available(DEFAULT_MODEL),
                                 reason=f"the spaCy model {DEFAULT_MODEL} is not installed")


def answer_stances(question: str, answer: str, model: str = DEFAULT_MODEL) -> set[tuple[str, str]]:
    """Stances of one answer whose references resolve in the question before it."""
    _, ta = _english(model, [question, answer], [False, True], "CN", [[], [0]])
    return {(s.target.key, s.polarity) for s in ta.stances}


# -- the doer of criticism through the parse ------------------------------------------------

@needs_model
def test_a_report_released_by_the_target_is_its_doing():
    # dev 2018-06-29 Lu Kang #1 (gold: US negative): "by" is the passive's agent
    q = ('Recently US National Trade Council Director Peter Navarro issued a report entitled "How '
         'China\'s Economic Aggression Threatens the Technologies and Intellectual Property of the United '
         'States and the World".')
    a = ("I would like to reiterate that this report released by the US is obviously trying to seek a "
         "pretext for its unilateralist and protectionist practices, even by distorting facts and confusing "
         "the public.")
    assert ("US", "negative") in answer_stances(q, a)


@needs_model
def test_a_group_in_a_country_is_the_country_and_a_place_is_not():
    # heldout 2019-09-11 Hua Chunying #5 (gold: US negative): "certain people in the US"
    q = "Some US lawmakers said they would push the Hong Kong-related act. What is your comment?"
    a = ("We advise certain people in the US to stop pretending to be asleep, stop condoning violent "
         "criminal offenses, and stop meddling in Hong Kong affairs immediately.")
    assert answer_stances(q, a) == {("US", "negative")}
    # dev 2019-09-19 Geng Shuang #4 (gold: US negative only, not the House): lawmakers *in* a body
    # are no act of the body
    q = ('Some US lawmakers launched recently the "Tibetan Policy and Support Act of 2019" in the House '
         'of Representatives. Would you like to comment on that?')
    a = ('The so-called "Tibetan Policy and Support Act of 2019" launched by some US lawmakers in the House '
         'of Representatives is a serious breach of basic norms governing international relations and a '
         'gross interference in China\'s internal affairs.')
    got = answer_stances(q, a)
    assert ("US", "negative") in got
    assert not any(k.startswith("united-states-house") or k == "us-house" for k, _ in got)


@needs_model
def test_stopping_an_endorsement_is_no_endorsement():
    # dev 2019-09-19 Geng Shuang #1: the gold has no positive stance toward Hong Kong here
    q = "Some reports say that US House Speaker Pelosi held a press conference on the Hong Kong act."
    a = ("We strongly urge the US to abide by international law and basic norms governing international "
         "relations, earnestly respect China's sovereignty, stop interfering in whatever form in Hong Kong "
         "affairs, stop pushing the relevant act on Hong Kong, stop endorsing violent and radical forces in "
         "Hong Kong and stop supporting activities to disrupt Hong Kong.")
    got = answer_stances(q, a)
    assert ("US", "negative") in got
    assert not any(k == "HK" for k, _ in got)


@needs_model
def test_supporting_the_peace_process_in_a_country_is_positive_toward_it():
    # dev 2019-09-19 Geng Shuang #2 (gold: MM positive)
    q = ("According to media reports, Myanmar's National Reconciliation and Peace Center (NRPC) held peace "
         "talks with four ethnic armed groups.")
    assert ("MM", "positive") in answer_stances(q, "China firmly supports the peace process in Myanmar.")
    # opposing interference *in* a place stays no stance toward it (minimal sentence)
    assert ("MM", "negative") not in answer_stances(q, "We oppose interference in Myanmar.")


# -- references: pronouns, leaders, China's own territories ----------------------------------

@needs_model
def test_he_is_the_one_person_the_question_names():
    # heldout 2019-03-20 Geng Shuang #1 (gold: Nursultan Nazarbayev positive)
    q = ("Yesterday President Nazarbayev of Kazakhstan resigned. As a close neighbor of Kazakhstan, how "
         "does China see this news?")
    assert ("nursultan-nazarbayev", "positive") in answer_stances(q, "China highly commends what he has done.")


@needs_model
def test_the_leaders_of_countries_are_the_leaders_the_question_names():
    # heldout 2018-08-22 Lu Kang #4 (gold: IN, PK, Narendra Modi, Imran Khan positive)
    q = ("According to reports, Indian Prime Minister Narendra Modi recently wrote a letter to Imran Khan, "
         "the newly-elected Pakistani Prime Minister, saying that India is looking forward to constructive "
         "engagement with Pakistan.")
    a = "We welcome the positive remarks made by the leaders of India and Pakistan on improving their relations."
    got = answer_stances(q, a)
    assert {("IN", "positive"), ("PK", "positive")} <= got
    assert {k for k, _ in got if k not in ("IN", "PK")} == {"narendra-modi", "imran-khan"}


@needs_model
def test_the_us_leader_is_the_person_and_not_the_country():
    # dev 2020-05-20 Zhao Lijian #3 (gold: Donald Trump negative; no US stance in that exchange)
    q = ("There have been some global responses to President Trump's letter to WHO Director-General Tedros. "
         "Canadian Prime Minister said that Canada will continue to support the WHO.")
    a = "Those fallacies in the US leader's letter have been pointed out and cleared up by us many times."
    assert answer_stances(q, a) == {("donald-trump", "negative")}


@needs_model
def test_hong_kong_is_never_the_relevant_country_for_china():
    # dev 2019-09-10 Hua Chunying #11 (gold: US negative): the question names Hong Kong and the US
    q = ("My first question, Hong Kong Chief Executive Carrie Lam has urged the US not to interfere with "
         "her government's handling of the Hong Kong affairs after the US lawmakers said they would push the "
         "Hong Kong act.")
    assert ("US", "negative") in answer_stances(q, "They should stop playing dirty tricks on Hong Kong immediately.")


# -- what others say, and what is only asked, is no stance of the speaker's ------------------

@needs_model
def test_reported_words_and_whether_clauses_carry_no_demand():
    q = "US Secretary of State Mike Pompeo spoke about Iran and Japan yesterday."
    # minimal sentences: Pompeo's demand, not the speaker's; a question repeated, not asked of Japan
    assert answer_stances(q, "Pompeo said that Iran must stop its nuclear programme.") == set()
    assert answer_stances(q, "As to whether Japan should apologise, I have nothing to add.") == set()
    # heldout 2019-09-11 Hua Chunying #2 (gold: no stance toward Duterte): his own words, and
    # "instead of confrontation" is what he does not do
    q = ("According to media reports, during Philippine President Duterte's recent visit to China, the two "
         "leaders talked about joint exploitation of oil and gas in the South China Sea.")
    a = ("President Duterte said that instead of confrontation, he chooses cooperation to resolve the South "
         "China Sea dispute peacefully, and that it serves the interests of all regional parties to uphold "
         "friendly cooperation, peace and stability.")
    assert ("rodrigo-duterte", "negative") not in answer_stances(q, a)


@needs_model
def test_members_of_a_body_are_not_the_body():
    # dev 2018-06-29 Lu Kang #10: the gold has no stance toward the United Nations
    q = "US Secretary of State Mike Pompeo mentioned the DPRK's smuggling of crude oil on the sea."
    a = ("This is also what we have been doing all along as a permanent member of the Security Council, "
         "something we believe all member states of the United Nations should do.")
    assert not any(k == "united-nations" for k, _ in answer_stances(q, a))


@needs_model
def test_successfully_done_is_praise():
    # dev 2020-03-30 Hua Chunying #2 (gold: GN positive)
    q = ("On March 28, the Independent National Electoral Commission of Guinea announced the result of a "
         "constitutional referendum held on March 22.")
    a = ("The Chinese side noted that Guinea has successfully held a referendum on a new constitution and the "
         "preliminary result shows that the new constitution has broad support.")
    assert ("GN", "positive") in answer_stances(q, a)


def test_pronoun_references_need_a_parse():
    # without a parse "he" is not resolved (the flat rules cannot tell who does what)
    q = "Yesterday President Nazarbayev of Kazakhstan resigned."
    assert ("nursultan-nazarbayev", "positive") not in answer_stances(q, "China highly commends what he has done.",
                                                                     "none")


# -- response types ---------------------------------------------------------------------------

def test_declining_to_go_further_is_no_comment():
    # minimal sentences of the conventions' "declines to comment or to go further"
    assert classify_sentence("I'm not in a position to go into the details.") == ["NoComment"]
    assert classify_sentence("We will not go into further details.") == ["NoComment"]
    assert classify_sentence("It's not for me to comment on that.") == ["NoComment"]
    # someone else unable to do something is no refusal of the speaker's
    assert classify_sentence("Chinese companies are not able to answer that alone.") == []


def test_sending_the_asker_to_someone_is_referral():
    # minimal sentences; a rhetorical "you may ask why" sends nobody anywhere
    assert classify_sentence("You may ask the Ministry of Commerce.") == ["Referral"]
    assert classify_sentence("Please direct your question to the organisers.") == ["Referral"]
    assert classify_sentence("You may ask why China does this.") == []


# -- from the train3 errors (tests/data/gold/train3, read after it was first scored) ----------

@needs_model
def test_the_one_released_reminded_of_or_left_is_no_target():
    # train3 2020-06-22 Zhao Lijian #4 (no stance toward Meng Wanzhou), 2019-11-28 Geng Shuang #1 and
    # 2019-09-17 Hua Chunying #10 (no stance toward Hong Kong)
    q = "Canada's Prime Minister Trudeau spoke about Meng Wanzhou and Hong Kong; the US signed the act."
    assert answer_stances(q, "We strongly urge Canada to redress its mistakes, release Meng Wanzhou and ensure "
                             "her safe return home as soon as possible.") == {("CA", "negative")}
    assert answer_stances(q, "We remind the US that Hong Kong is part of China and Hong Kong affairs are China's "
                             "internal affairs where no foreign government or force shall interfere.") == {
        ("US", "negative")}
    assert not any(k == "HK" for k, _ in answer_stances(
        q, "We advise the foreign forces to grasp the situation as soon as possible and withdraw their hand "
           "from Hong Kong."))
    # dev 2018-11-16 Hua Chunying #2: what the reminded person's country has not done stays criticism
    q = ("US Vice President Mike Pence said that the South China Sea doesn't belong to any one nation, and "
         "the US will continue to sail and fly wherever international law allows.")
    assert ("US", "negative") in answer_stances(
        q, "Besides, may I ask you to remind the relevant person in the US that his country is yet to ratify the "
           "United Nations Convention on the Law of the Sea (UNCLOS).")


@needs_model
def test_condemning_a_wrong_is_not_doing_it():
    # train3 2020-06-22 Zhao Lijian #8: no stance toward the US or the WHO in these sentences
    q = 'We want to ask about President Trump who referred to the coronavirus pandemic as "Kong Fu virus".'
    assert answer_stances(q, "We have noted that many insightful people in the US have publicly condemned the use "
                             "of the epidemic to stigmatize others and make racist remarks.") == set()
    assert answer_stances(q, "WHO and the international community are unequivocally opposed to linking the virus "
                             "to specific countries and regions as well as stigmatization.") == set()


@needs_model
def test_help_goes_to_the_receiver_named_and_asking_to_correct_is_criticism():
    q = "Recent media reports claimed that Panama's then president received assistance from China."
    # train3 2019-11-28 Geng Shuang #5: no stance toward Panama (a fact reported)
    assert answer_stances(q, "Since relations were established, China has provided assistance to Panama's "
                             "socioeconomic development to the best of our capabilities.") == set()
    # dev 2020-03-30 Hua Chunying #6 (PK positive) stays
    assert ("PK", "positive") in answer_stances(q, "We will continue to provide more assistance to our Pakistani "
                                                   "brothers and sisters to the best of our capacity.")
    # train3 2018-12-14 Lu Kang #4 (gold: CA negative)
    q = "Is there any update regarding communications between the Chinese and Canadian governments?"
    assert ("CA", "negative") in answer_stances(
        q, "Regarding the wrongful detention of Ms. Meng Wanzhou, the Chinese side has been asking the Canadian "
           "government to immediately correct its mistake and release Ms. Meng Wanzhou.")


@needs_model
def test_a_country_qualifying_a_named_person_is_not_a_target_of_its_own():
    # train3 2019-09-17 Hua Chunying #7 (gold: Salva Kiir and Riek Machar positive; no South Sudan stance);
    # the question with the full names (the transcript's "President Kiir" alone is not linked to a person)
    q = ("According to media reports, South Sudan's President Salva Kiir and opposition leader Riek Machar met "
         "in Juba lately.")
    a = ("China appreciates and welcomes the meeting between South Sudan's President Kiir and the opposition "
         "leader Machar, which ended up with consensus on the formation of a new transitional government and "
         "other issues.")
    got = answer_stances(q, a)
    assert ("SS", "positive") not in got
    assert ("salva-kiir", "positive") in got


def test_the_speaker_seeking_or_promising_information_is_no_information():
    # train3 2018-10-17 Lu Kang #4, 2019-09-17 Hua Chunying #9, 2019-11-28 Geng Shuang #10 (gold: NoInformation)
    assert classify_sentence("We are in contact with the National Religious Affairs Administration and other "
                             "departments for more information.") == ["NoInformation"]
    assert classify_sentence("We will release more information on the visit in due course.") == ["NoInformation"]
    assert classify_sentence("We will update you if we have the information you are interested in.") == [
        "NoInformation"]
    # train3 2019-11-28 Geng Shuang #8, 2019-10-09 Geng Shuang #9 (gold: NoComment)
    assert classify_sentence("Please stay tuned to see what our counter-measures will be and when they will be "
                             "rolled out.") == ["NoComment"]
    assert classify_sentence("Your first question is not about a diplomatic matter.") == ["NoComment"]
    # heldout 2020-04-08 Zhao Lijian #3 (gold: Substantive): a bare "Please stay tuned" after an answer
    assert classify_sentence("Please stay tuned.") == []
    # train3 2019-09-17 Hua Chunying #4 (gold: Referral)
    assert classify_sentence("You may refer to his answer.") == ["Referral"]
