"""Reader unit tests on hand-built snippets, one per quirk of the China MFA transcripts."""

from datetime import date

import pytest

from kg.model import BadInput, Role
from kg.sources.fmprc_en import parse_source, parse_title
from kg.sources.html import read_html
from kg.sources.text import decode, read_text

HEAD = "Home > Press and Media Service > Spokesperson's Remarks > Regular Press Conference\n\n"
TITLE = "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018\n\n"
TAIL = "\n\nAppendix:\n\nSuggest to a friend\n\nPrint\n"


def parse(body: str, head: str = HEAD + TITLE, tail: str = TAIL, stem="2018-05-11_geng-shuang_t1558711"):
    return parse_source(read_text(stem + ".txt", head + body + tail), stem)


def test_qa_convention_with_opening_announcements():
    conf = parse("At the invitation of X, Y will visit China.\n\nChina values its relations.\n\n"
                 "Q: What is your comment?\n\nA: We welcome it.\n\nWe hope for more.\n\n"
                 "Q: Another question?\n\nA: No.")
    assert [s.turn.text for s in conf.statements] == [
        "At the invitation of X, Y will visit China.", "China values its relations."]
    assert len(conf.exchanges) == 2
    first = conf.exchanges[0]
    assert first.outlet is None and first.question.text == "What is your comment?"
    assert first.answers[0].text == "We welcome it.\n\nWe hope for more."
    assert conf.spokesperson == "Geng Shuang" and conf.date == date(2018, 5, 11)
    assert conf.date_source == "title" and not conf.date_inferred


def test_named_outlets_and_spokesperson_answers():
    conf = parse("CCTV: First question?\n\nZhao Lijian: An answer.\n\n"
                 "Bloomberg News: Second?\n\nZhao Lijian: Another.\n\nBloomberg: Third?\n\nZhao Lijian: Yes.")
    assert [e.outlet for e in conf.exchanges] == ["cctv", "bloomberg", "bloomberg"]
    assert [e.asker_label for e in conf.exchanges] == ["CCTV", "Bloomberg News", "Bloomberg"]
    assert all(e.answers[0].label == "Zhao Lijian" for e in conf.exchanges)


def test_mixed_conventions_on_one_page():
    conf = parse("Reuters: One?\n\nZhao Lijian: Yes.\n\nQ: Two?\n\nA: No.")
    assert [e.outlet for e in conf.exchanges] == ["reuters", None]


def test_follow_up_is_a_new_exchange_marked_as_follow_up():
    conf = parse("PTI: Question?\n\nGeng Shuang: Answer.\n\nFollow-up: And then?\n\nGeng Shuang: More.")
    assert len(conf.exchanges) == 2
    assert conf.exchanges[1].follow_up and conf.exchanges[1].outlet is None
    assert not conf.exchanges[0].follow_up


def test_journalist_clarifications_stay_in_the_exchange():
    conf = parse("Q: About the visit?\n\nA: What do you mean?\n\n"
                 "Journalist clarifies: The visit to Beijing.\n\nA: It went well.\n\n"
                 "The journalist clarified: yes.\n\nA: Fine.\n\nQ: Next?\n\nA: Ok.")
    assert len(conf.exchanges) == 2
    roles = [t.role for t in conf.exchanges[0].turns]
    assert roles == [Role.QUESTION, Role.ANSWER, Role.CLARIFICATION, Role.ANSWER,
                     Role.CLARIFICATION, Role.ANSWER]


def test_question_raised_after_the_conference():
    conf = parse("Q: During?\n\nA: Yes.\n\n"
                 "The following question was raised after the press conference: Media reports say X. Comment?\n\n"
                 "A: We oppose it.")
    last = conf.exchanges[-1]
    assert last.after_conference and last.question.text == "Media reports say X. Comment?"
    assert not conf.exchanges[0].after_conference


def test_after_conference_header_then_q_turns():
    conf = parse("Q: During?\n\nA: Yes.\n\nThe following questions were raised after the press conference:\n\n"
                 "Q: First late one?\n\nA: One.\n\nQ: Second late one?\n\nA: Two.")
    assert len(conf.exchanges) == 3
    assert [e.after_conference for e in conf.exchanges] == [False, True, True]
    assert conf.exchanges[1].question.text == "First late one?"


def test_after_conference_in_prose_without_a_label():
    conf = parse("Q: During?\n\nA: Yes.\n\nAfter the Press Conference, a journalist asked if China "
                 "is going to offer assistance to Iran.\n\nA: China will help.")
    assert len(conf.exchanges) == 2 and conf.exchanges[1].after_conference
    assert conf.exchanges[1].question.text.startswith("After the Press Conference, a journalist asked")


def test_answer_lines_ending_in_a_colon_are_not_new_turns():
    conf = parse("Q: Comment?\n\nA: We oppose it.\n\nI want to stress this:\n\n"
                 "Our position is very clear: no.\n\nA word of advice to those in the US: stop.")
    assert len(conf.exchanges) == 1
    assert len(conf.exchanges[0].answers[0].paragraphs) == 4


def test_nbsp_and_curly_quotes():
    conf = parse("Q:\u00a0What\u00a0about \u201cthe report\u201d?\n\n\u00a0\n\nA:\u00a0We\u2019ve noted it.")
    ex = conf.exchanges[0]
    assert ex.question.text == "What about \u201cthe report\u201d?"
    assert ex.answers[0].text == "We\u2019ve noted it."
    assert "\u00a0" not in ex.question.text


def test_boilerplate_is_dropped_but_kept_for_audit():
    src = read_text("x.txt", HEAD + TITLE + "Q: a?\n\nA: b." + TAIL)
    assert [b.text for b in src.blocks] == ["Q: a?", "A: b."]
    assert {b.text for b in src.dropped} >= {"Appendix:", "Suggest to a friend", "Print"}
    later = read_text("y.txt", "Home > Spokesperson's Remarks\nForeign Ministry Spokesperson Mao Ning\u2019s "
                      "Regular Press Conference on February 23, 2024\n2024-02-23 19:08\n\nQ: a?\n\nA: b.\n\n"
                      "[ Suggest To A Friend ]\n  [ Print ]")
    assert [b.text for b in later.blocks] == ["Q: a?", "A: b."]
    assert later.page_date == date(2024, 2, 23)


@pytest.mark.parametrize("title, expected", [
    ("Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on June11, 2018",
     ("Lu Kang", "regular-press-conference", 2018, 6, 11)),
    ("Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on September 10",
     ("Geng Shuang", "regular-press-conference", None, 9, 10)),
    ("Foreign Ministry Spokesperson Geng Shuang's Daily Briefing Online on February 10, 2020",
     ("Geng Shuang", "daily-briefing-online", 2020, 2, 10)),
    ("Foreign Ministry Spokesperson Hua Chunying's Remarks on US House Speaker Nancy Pelosi's Erroneous Remarks on Hong Kong",
     ("Hua Chunying", "remarks", None, None, None)),
    ("Foreign Ministry Spokesperson Mao Ning\u2019s Regular Press Conference on February 23, 2024",
     ("Mao Ning", "regular-press-conference", 2024, 2, 23)),
])
def test_titles(title, expected):
    assert parse_title(title) == expected


def test_missing_year_comes_from_the_file_name_and_is_flagged():
    conf = parse("Q: a?\n\nA: b.", head=HEAD + "Foreign Ministry Spokesperson Geng Shuang's Regular Press "
                 "Conference on September 10\n\n", stem="2018-09-10_geng-shuang_t1593246")
    assert conf.date == date(2018, 9, 10) and conf.date_source == "file name" and conf.date_inferred


def test_missing_year_comes_from_the_html_page():
    html = ("<html><body><div class=\"urhere\">Home</div><h2 class=\"title\">Foreign Ministry Spokesperson "
            "Geng Shuang's Regular Press Conference on September 14</h2><div class=\"content\">"
            "<P><IMG src=\"./W020180914361853374537.jpg\"/></P><P><B>Q: a?</B></P><P>A: b.</P></div>"
            "</body></html>")
    conf = parse_source(read_html("page.html", html), "page")
    assert conf.date == date(2018, 9, 14) and conf.date_source == "page" and conf.date_inferred


def test_no_date_anywhere_is_none_and_flagged():
    conf = parse("Q: a?\n\nA: b.", head="Foreign Ministry Spokesperson Hua Chunying's Remarks on Hong Kong\n\n",
                 stem="remarks")
    assert conf.date is None and conf.date_source == "none" and conf.kind == "remarks"


def test_daily_briefing_online_and_single_remarks_page():
    conf = parse("Q: a?\n\nA: b.", head="Foreign Ministry Spokesperson Geng Shuang's Daily Briefing Online on "
                 "February 10, 2020\n\n")
    assert conf.kind == "daily-briefing-online"
    remarks = parse("Recently, some US politicians said X. China firmly opposes it.",
                    head="Foreign Ministry Spokesperson Hua Chunying's Remarks on US Remarks on Venezuela\n\n")
    assert remarks.kind == "remarks" and not remarks.exchanges and len(remarks.statements) == 1


def test_separator_starts_a_closing_announcement():
    conf = parse("Q: a?\n\nA: b.\n\n*****************\n\nAt 10am tomorrow there is a briefing.")
    assert conf.exchanges[0].answers[0].text == "b."
    assert conf.statements[-1].turn.text == "At 10am tomorrow there is a briefing."


def test_several_paragraph_answer_and_folded_questions():
    conf = parse("Q: First, about X? Second, about Y?\n\nA: On X, yes.\n\nOn Y, no.\n\nThird paragraph.")
    assert len(conf.exchanges) == 1 and len(conf.exchanges[0].answers[0].paragraphs) == 3


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
    (b"Q: caf\xe9 in Latin-1?", "not valid UTF-8"),
])
def test_undecodable_input(data, reason):
    with pytest.raises(BadInput) as err:
        decode("bad.txt", data)
    assert reason in err.value.reason and "bad.txt" in str(err.value)


def test_truncated_html_is_reported():
    with pytest.raises(BadInput, match="truncated HTML"):
        read_html("cut.html", "<html><body><div class=\"content\"><P>Q: a?</P><P>A: b")


def test_text_with_no_structure_is_reported():
    with pytest.raises(BadInput, match="no recognisable transcript structure"):
        parse_source(read_text("notes.txt", "Shopping list\n\nmilk, eggs, bread"), "notes")


def test_spokesperson_from_answer_labels_when_the_title_is_missing():
    conf = parse_source(read_text("notitle.txt", "Reuters: A question?\n\nZhao Lijian: An answer.\n\n"
                                  "Q: Another?\n\nA: Yes."), "notitle")
    assert conf.spokesperson == "Zhao Lijian"
    assert conf.exchanges[0].answers[0].speaker == "Zhao Lijian"
    assert conf.exchanges[1].answers[0].speaker is None   # "A:" names nobody; mapping uses the conference's
