"""The Chinese source formats (fmprc-zh pages, fmprc-zh-csv rows) on the bundled sample and on
hand-built snippets; bad input of both formats.

Facts about the sample come from reading the files:
- kg/data/sample/2020-06-11_hua-chunying_t1787967.txt (the Chinese page of the English sample
  2020-06-11_hua-chunying_t1787995.txt): 9 outlet-labelled questions -- 新华社, 北京青年报, 塔斯社,
  澎湃新闻, 中新社, 法新社, 深圳卫视, 法新社, 彭博社 -- and 会后有记者问及： (a US C-40 over Taiwan), every
  answer labelled 华春莹：; no opening statement. The English page names the same outlets in the same
  exchanges (Xinhua News Agency, Beijing Youth Daily, TASS, The Paper, China News Service, AFP,
  Shenzhen TV, AFP, Bloomberg, "Question raised after the press conference").
- kg/data/sample/mfa_press_confs_simplified_errors_excerpt.csv: rows 49, 320, 369 and 428 of the
  2013-2016 CSV, unchanged. Row 1 (2015-12-01, 华春莹): one 问/答 and 会后，有记者问及：… answered by
  华春莹表示，…; row 2 (2014-09-05, 秦刚): 5 问/答, then 秦刚最后宣布： and a holiday notice; row 3
  (2014-05-07, 华春莹): 10 问：, two 追问： whose answers carry no label; row 4 (2014-02-07, 洪磊):
  洪磊首先发布消息： and 3 announcements, 7 问/答, then the header 会后，有记者问及： with an unlabelled
  question (the US Senate confirming Baucus) and 洪磊表示，….
"""

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.build import build, sample_corpus
from kg.model import BadInput, RecordError, Role
from kg.sources import detect, read_file
from kg.sources.fmprc_zh import parse_source_zh, read_transcript_zh
from kg.sources.labels import LabelKind
from kg.sources.outlets import outlet_registry
from kg.sources.zh_labels import classify_zh
from kg.sources.zh_text import zh_text_source
from kg.sources.zh_title import parse_title_zh

PAGE = sample_corpus() / "2020-06-11_hua-chunying_t1787967.txt"
PAGE_EN = sample_corpus() / "2020-06-11_hua-chunying_t1787995.txt"
CSV = sample_corpus() / "mfa_press_confs_simplified_errors_excerpt.csv"
HEAD = ("首页 > 外交动态 > 发言人表态\n\n2018年5月11日外交部发言人耿爽主持例行记者会\n\n"
        "来源： （供稿） （供稿）     2018-05-11\n\n[字体：大 中 小]      打印本页\n\n \n\n")


def parse(body: str, head: str = HEAD, stem: str = "2018-05-11_geng-shuang_t1558642"):
    return parse_source_zh(zh_text_source(stem + ".txt", head + body), stem)


# -- labels ------------------------------------------------------------------------------------

@pytest.mark.parametrize("para, kind, outlet, speaker", [
    ("问：中方对此有何评论？", LabelKind.QUESTION, None, None),
    ("问 ：中方对此有何评论？", LabelKind.QUESTION, None, None),
    ("答：我们注意到有关报道。", LabelKind.ANSWER, None, None),
    ("追问：你能否解释一下？", LabelKind.FOLLOW_UP, None, None),
    ("追问一：你能否就“desperate”解释一下？", LabelKind.FOLLOW_UP, None, None),
    ("记者追问：中国大使是否在谈话中提及？", LabelKind.FOLLOW_UP, None, None),
    ("彭博社记者追问：中国是否同其他国家有类似的安排？", LabelKind.FOLLOW_UP, "bloomberg", None),
    ("路透社记者：你能否证实？", LabelKind.OUTLET, "reuters", None),
    ("路透社记者提问：你能否证实？", LabelKind.OUTLET, "reuters", None),
    ("法新社记者：据报道……", LabelKind.OUTLET, "afp", None),
    ("澎湃新闻记者：据报道……", LabelKind.OUTLET, "the-paper", None),
    ("总台央视记者：据报道……", LabelKind.OUTLET, "cctv", None),
    ("中央广播电视总台央视记者：据报道……", LabelKind.OUTLET, "cctv", None),
    ("《澳大利亚人报》记者：你能否证实？", LabelKind.OUTLET, "the-australian", None),
    ("澳大利亚人报记者：你能否证实？", LabelKind.OUTLET, "the-australian", None),
    ("今日俄罗斯记者：据报道……", LabelKind.OUTLET, "ria-novosti", None),
    ("CNN记者：特朗普总统表示……", LabelKind.OUTLET, "cnn", None),
    ("英国独立电视台和英国广播公司记者：中国驻英使馆称……", LabelKind.OUTLET, "itn-bbc", None),
    ("记者：是的。", LabelKind.CLARIFICATION, None, None),
    ("记者澄清：部分美国、韩国媒体认为……", LabelKind.CLARIFICATION, None, None),
    ("记者解释：公司名字叫Badger Sportswear。", LabelKind.CLARIFICATION, None, None),
    ("（记者：我只是想知道更多的信息。）", LabelKind.CLARIFICATION, None, None),
    ("外国记者提问：在澳大利亚，有观点认为……", LabelKind.ANONYMOUS, None, None),
    ("记者问：瑙鲁总统昨日称……", LabelKind.QUESTION, None, None),
    ("有记者问：国际刑警组织前主席孟宏伟的妻子……", LabelKind.QUESTION, None, None),
    ("会后有记者问及：据报道，6月9日……", LabelKind.AFTER_CONFERENCE, None, None),
    ("会后，有记者问及：", LabelKind.AFTER_CONFERENCE, None, None),
    ("会后有记者问及，近期在越南发生的……", LabelKind.AFTER_CONFERENCE, None, None),
    ("赵立坚：我们注意到有关报道。", LabelKind.ANSWER, None, "Zhao Lijian"),
    ("耿爽：关于你的第一个问题……", LabelKind.ANSWER, None, "Geng Shuang"),
    ("华春莹表示：我们注意到日本政府……", LabelKind.ANSWER, None, "Hua Chunying"),
    ("洪磊表示，中方对此表示高度关注。", LabelKind.ANSWER, None, "Hong Lei"),
    ("洪磊首先发布消息：", LabelKind.ANSWER, None, "Hong Lei"),
    ("秦刚最后宣布：", LabelKind.ANSWER, None, "Qin Gang"),
    ("会后，就《南华早报》记者所提问题，赵立坚表示：", LabelKind.ANSWER, None, "Zhao Lijian"),
])
def test_chinese_labels(para, kind, outlet, speaker):
    label = classify_zh(para)
    assert label is not None and label.kind is kind
    assert (label.outlet.key if label.outlet else None) == outlet
    assert label.speaker == speaker


@pytest.mark.parametrize("para", [
    "这里我想强调几点：",                           # an answer's own colon
    "一、首先我向大家通报一组数字：根据……",          # a numbered announcement
    "外交部和青海省人民政府将于11月26日下午4：00举行……",
    "我想告诉这位记者：事实并非如此。",              # "记者" inside a sentence
    "中方的态度非常明确：……",
    "据报道，6月9日，美国一架C-40军用运输机飞越台湾上空。",
])
def test_text_with_a_colon_is_not_a_label(para):
    assert classify_zh(para) is None


def test_an_unknown_outlet_gets_an_outlet_of_its_own_with_the_chinese_label():
    label = classify_zh("《某某日报》记者：请问……")
    assert label.kind is LabelKind.OUTLET and not label.outlet.known
    assert label.outlet.label == "某某日报"
    # the same outlet however the title marks or 记者 are printed
    assert outlet_registry().resolve("某某日报记者").key == label.outlet.key


def test_every_chinese_outlet_name_points_to_a_listed_outlet():
    import csv

    from kg.paths import DATA_DIR

    with (DATA_DIR / "outlets_zh.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 70
    for row in rows:
        assert outlet_registry().get(row["key"]) is not None, row
        # every name was read in an English and a Chinese version of the same exchange: the
        # 2018-2020 pages of the same day, or an english-catti EN/ZH pair
        assert row["source"].startswith(("parallel EN/ZH transcripts",
                                         "suki547-mimi/english-catti data/mfa_articles.json, EN/ZH pair")), row
        assert outlet_registry().lookup(row["name_zh"] + "记者").key == row["key"]


# -- titles and dates --------------------------------------------------------------------------

@pytest.mark.parametrize("title, expected", [
    ("2020年6月22日外交部发言人赵立坚主持例行记者会", ("Zhao Lijian", "regular-press-conference", date(2020, 6, 22))),
    ("2016年2月15日外交部发言人洪磊主持例行记者会", ("Hong Lei", "regular-press-conference", date(2016, 2, 15))),
    ("2020年2月10日外交部发言人耿爽主持网上例行记者会", ("Geng Shuang", "daily-briefing-online", date(2020, 2, 10))),
    ("2026年7月28日外交部发言人林剑主持例行记者会（2026-07-28）", ("Lin Jian", "regular-press-conference", date(2026, 7, 28))),
    ("外交部发言人华春莹就美国会众议长佩洛西涉港错误言论答记者问", ("Hua Chunying", "remarks", None)),
    ("2025年1月6日外交部发言人郭嘉昆主持例行记者会", ("Guo Jiakun", "regular-press-conference", date(2025, 1, 6))),
    ("外交部声明", (None, "remarks", None)),
    (None, (None, "other", None)),
])
def test_titles(title, expected):
    assert parse_title_zh(title) == expected


def test_the_date_falls_back_to_the_page_then_the_file_name():
    conf = parse("问：一？\n\n答：是。", head=HEAD.replace("2018年5月11日外交部发言人耿爽主持例行记者会", "外交部发言人耿爽主持例行记者会"))
    assert conf.date == date(2018, 5, 11) and conf.date_source == "page" and conf.date_inferred
    conf = parse("问：一？\n\n答：是。", head="外交部发言人耿爽主持例行记者会\n\n", stem="2018-05-12_geng-shuang_t1")
    assert conf.date == date(2018, 5, 12) and conf.date_source == "file name"


# -- structure ---------------------------------------------------------------------------------

def test_qa_convention_numbered_announcements_and_chrome():
    conf = parse("\u3000\u3000一、应塞拉利昂共和国总统比奥邀请，王志刚将出席就职仪式。\n\n"
                 "\u3000\u3000塞拉利昂是中国在非洲的重要合作伙伴。\n\n"
                 "\u3000\u3000二、阿拉维将于5月12日至16日访问中国。\n\n"
                 "\u3000\u3000问：你刚才发布了消息。请问此访目的是什么？\n\n"
                 "\u3000\u3000答：法国是联合国安理会常任理事国。\n\n\u3000\u3000王毅将分别会见马克龙总统。\n\n"
                 "\u3000\u3000问：据报道，朝美领导人会晤将于6月12日举行。中方有何评论？\n\n"
                 "\u3000\u3000答：中方对此表示欢迎。\n\n \n")
    assert conf.language == "zh" and conf.government == "CN" and conf.format == "fmprc-zh"
    assert conf.spokesperson == "Geng Shuang" and conf.date == date(2018, 5, 11) and conf.kind == "regular-press-conference"
    assert conf.key == "2018-05-11-geng-shuang-t1558642" and conf.article_id == "t1558642"
    assert [s.turn.text[:2] for s in conf.statements] == ["一、", "塞拉", "二、"]
    assert len(conf.exchanges) == 2 and all(e.outlet is None for e in conf.exchanges)
    assert conf.exchanges[0].answers[0].text == "法国是联合国安理会常任理事国。\n\n王毅将分别会见马克龙总统。"
    assert [b.text[:4] for b in conf.source.dropped] == ["首页 >", "2018", "来源： ", "[字体："]
    assert not any("打印本页" in t.text or "来源" in t.text for e in conf.exchanges for t in e.turns)


def test_follow_ups_clarifications_and_unlabelled_answers():
    conf = parse("问：加外长称……你是否认同这种说法？\n\n答：我想你们的外长有点太着急了。\n\n"
                 "追问：中方将削减对印度抗癌药物的关税吗？\n\n最近在中国有部热映的电影。\n\n"
                 "问：有人说了什么？\n\n答：你说的是哪份文件？\n\n记者：是中联办的声明。\n\n答：我们已经表明立场。\n\n"
                 "彭博社记者追问：是哪些国家？\n\n耿爽：我们也愿同其他国家商谈。")
    assert [e.follow_up for e in conf.exchanges] == [False, True, False, True]
    # 追问's answer printed without 答：: the paragraph after the question mark answers
    assert [t.role for t in conf.exchanges[1].turns] == [Role.QUESTION, Role.ANSWER]
    assert conf.exchanges[1].answers[0].text == "最近在中国有部热映的电影。"
    assert [t.role for t in conf.exchanges[2].turns] == [Role.QUESTION, Role.ANSWER, Role.CLARIFICATION, Role.ANSWER]
    assert conf.exchanges[3].outlet == "bloomberg" and conf.exchanges[3].asker_label == "彭博社"
    assert conf.exchanges[3].answers[0].speaker == "Geng Shuang"


def test_the_answer_resumes_after_a_one_paragraph_clarification():
    # 2019-05-16 (t1664037) #2: the spokesperson asks back, the journalist says 是的。, and the
    # spokesperson's answer goes on unlabelled: those paragraphs are the answer, not the journalist's
    conf = parse("问：中方如何看待美国商务部的决定？\n\n答：你指的是“实体名单”吗？\n\n记者澄清：是的。\n\n"
                 "中方注意到美国商务部的决定。\n\n我们敦促美方停止错误做法。\n\n问：下一个？\n\n答：好。")
    ex = conf.exchanges[0]
    assert [t.role for t in ex.turns] == [Role.QUESTION, Role.ANSWER, Role.CLARIFICATION, Role.ANSWER]
    assert ex.turns[2].text == "是的。"
    assert ex.answers[-1].text == "中方注意到美国商务部的决定。\n\n我们敦促美方停止错误做法。"
    named = parse("美联社记者：有何评论？\n\n赵立坚：你说的是哪份报告？\n\n记者：是路透社的报道。\n\n我没有看到。")
    assert named.exchanges[0].answers[-1].speaker == "Zhao Lijian"
    assert named.exchanges[0].answers[-1].text == "我没有看到。"


def test_questions_raised_after_the_conference():
    conf = parse("问：一？\n\n答：是。\n\n会后有记者问及：一、也门局势有所升级。中方对此有何评论？\n\n"
                 "华春莹：中方一贯支持政治解决也门问题。\n\n二、据报道，一艘越南渔船沉没，你能否证实？\n\n"
                 "华春莹：4月2日凌晨，中国海警在例行巡航中发现一艘越南渔船。\n\n二、这不是问题，只是答案的一部分。")
    assert [e.after_conference for e in conf.exchanges] == [False, True, True]
    assert conf.exchanges[2].question.text.startswith("二、据报道")
    # a later "二、" that is no question stays in the answer
    assert conf.exchanges[2].answers[-1].text.endswith("二、这不是问题，只是答案的一部分。")
    header = parse("问：一？\n\n答：是。\n\n会后，有记者问及：\n\n美国参议院通过提名。中方对此有何评论？\n\n洪磊表示，我们欢迎。")
    assert len(header.exchanges) == 2 and header.exchanges[1].after_conference
    assert header.exchanges[1].question.text == "美国参议院通过提名。中方对此有何评论？"
    assert header.exchanges[1].answers[0].speaker == "Hong Lei"
    late = parse("问：一？\n\n答：是。\n\n会后，就《南华早报》记者所提问题，赵立坚表示：\n\n中国是网络大国。")
    assert len(late.exchanges) == 1 and late.exchanges[0].answers[-1].speaker == "Zhao Lijian"
    assert late.exchanges[0].answers[-1].text == "中国是网络大国。"


def test_announcements_are_statements_even_after_an_exchange():
    conf = parse("洪磊首先发布消息：\n\n应李克强总理邀请，匈牙利总理将访华。\n\n问：一？\n\n答：是。\n\n"
                 "秦刚最后宣布：\n\n根据中秋节假期放假安排，例行记者会休会。")
    assert [s.turn.text[:4] for s in conf.statements] == ["", "应李克强", "", "根据中秋"]
    assert conf.statements[0].turn.speaker == "Hong Lei" and conf.statements[2].turn.speaker == "Qin Gang"
    assert len(conf.exchanges) == 1 and conf.exchanges[0].answers[0].text == "是。"


def test_every_paragraph_ends_up_in_exactly_one_statement_or_turn():
    conf = read_transcript_zh(PAGE)
    used = [p for s in conf.statements for p in s.turn.paragraphs] + \
        [p for e in conf.exchanges for t in e.turns for p in t.paragraphs]
    assert sorted(used, key=lambda b: b.start) == conf.source.blocks
    assert len(conf.source.blocks) + len(conf.source.dropped) == \
        sum(1 for line in PAGE.read_text(encoding="utf-8").splitlines() if line.strip(" \u3000\u00a0\t"))


# -- the sample page and its English twin --------------------------------------------------------

def test_the_sample_page():
    conf = read_transcript_zh(PAGE)
    assert conf.title == "2020年6月11日外交部发言人华春莹主持例行记者会"
    assert (conf.date, conf.spokesperson, conf.kind) == (date(2020, 6, 11), "Hua Chunying", "regular-press-conference")
    assert conf.key == "2020-06-11-hua-chunying-t1787967" and conf.url is None and conf.language == "zh"
    assert conf.statements == []
    assert [e.outlet for e in conf.exchanges] == ["xinhua", "beijing-youth-daily", "tass", "the-paper", "cns", "afp",
                                                  "shenzhen-tv", "afp", "bloomberg", None]
    assert [e.after_conference for e in conf.exchanges] == [False] * 9 + [True]
    assert all(t.speaker == "Hua Chunying" for e in conf.exchanges for t in e.answers)
    assert [len(e.answers[0].paragraphs) for e in conf.exchanges][:3] == [4, 2, 5]


def test_the_same_outlets_as_the_english_twin():
    from kg.sources.fmprc_en import read_transcript

    zh, en = read_transcript_zh(PAGE), read_transcript(PAGE_EN)
    assert [e.outlet for e in zh.exchanges] == [e.outlet for e in en.exchanges]
    assert [e.after_conference for e in zh.exchanges] == [e.after_conference for e in en.exchanges]
    assert zh.spokesperson == en.spokesperson and zh.date == en.date and zh.kind == en.kind


# -- the CSV -----------------------------------------------------------------------------------

def test_the_sample_csv_rows():
    result = read_file(str(CSV), CSV.read_bytes())
    assert result.format.name == "fmprc-zh-csv" and result.errors == []
    docs = result.documents
    assert [d.record for d in docs] == ["row 1", "row 2", "row 3", "row 4"]
    assert [d.key for d in docs] == ["2015-12-01-hua-chunying-t1320201", "2014-09-05-qin-gang-t1188646",
                                     "2014-05-07-hua-chunying-t1153567", "2014-02-07-hong-lei-t1126377"]
    assert docs[0].url == "http://www.fmprc.gov.cn/web/fyrbt_673021/jzhsl_673025/t1320201.shtml"
    assert [d.spokesperson for d in docs] == ["Hua Chunying", "Qin Gang", "Hua Chunying", "Hong Lei"]
    assert all(d.language == "zh" and d.government == "CN" and d.date_source == "record" for d in docs)
    assert [len(d.exchanges) for d in docs] == [2, 5, 12, 8]
    assert [sum(e.follow_up for e in d.exchanges) for d in docs] == [0, 0, 2, 0]
    assert [[e.position for e in d.exchanges if e.after_conference] for d in docs] == [[2], [], [], [8]]
    assert [len(d.statements) for d in docs] == [0, 2, 0, 4]
    assert docs[1].statements[0].turn.label == "秦刚最后宣布"      # a closing announcement, not an answer
    assert docs[0].exchanges[1].answers[0].speaker == "Hua Chunying"
    assert all(e.answers for d in docs for e in d.exchanges)


def _csv_text() -> str:
    return CSV.read_text(encoding="utf-8")


def _rows() -> tuple[str, list[str]]:
    import csv
    import io

    text = _csv_text()
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    start, spans = reader.line_num, []
    for _ in reader:
        spans.append("".join(lines[start:reader.line_num]))
        start = reader.line_num
    return lines[0], spans


def _read(tmp_path, text: str, name: str = "zh.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return read_file(str(p), p.read_bytes(), format="fmprc-zh-csv")


def test_a_bad_row_is_a_record_error_and_the_rest_builds(tmp_path):
    header, rows = _rows()
    bad_date = rows[1].replace(",2014-09-05,", ",5 Sept 2014,", 1)
    empty_body = rows[2].split(',"', 1)[0] + ',"\n\t\t\u3000\u3000\n",' + rows[2].rsplit('",', 1)[1]
    short = rows[3].split(',"', 1)[0] + "\n"
    result = _read(tmp_path, header + rows[0] + bad_date + empty_body + short + rows[0].replace("t1320201", "t1320202"))
    assert [str(e) for e in result.errors] == [
        "row 2: unparseable date '5 Sept 2014' (expected YYYY-MM-DD) (line 13)",
        f"row 3: empty body (no transcript text) (line {13 + bad_date.count(chr(10))})",
        f"row 4: 2 fields where the header has 4 (missing field(s); line {16 + bad_date.count(chr(10))})",
    ]
    assert [d.record for d in result.documents] == ["row 1", "row 5"]
    assert len(result.documents[1].exchanges) == 2


def test_a_repeated_row_is_one_conference_naming_both_rows(tmp_path):
    header, rows = _rows()
    result = _read(tmp_path, header + rows[0] + rows[1] + rows[0])
    assert [d.record for d in result.documents] == ["row 1 (repeated unchanged as row 3)", "row 2"]
    assert result.errors == []


@pytest.mark.parametrize("cut, reason", [
    (lambda t: t[: t.index("华春莹表示")], "truncated CSV: the file ends inside a quoted field of row 1 (line 2)"),
    (lambda t: t.rstrip("\n").rsplit(",", 1)[0], "truncated CSV: the file ends in the middle of row 4"),
    (lambda t: t.replace("title,date,body,url", "title,day,text,url", 1), "missing column(s) date, body"),
    (lambda t: "", "empty file"),
])
def test_a_truncated_or_foreign_csv_is_bad_input_naming_the_file(tmp_path, cut, reason):
    p = tmp_path / "broken.csv"
    p.write_text(cut(_csv_text()), encoding="utf-8")
    with pytest.raises(BadInput) as err:
        read_file(str(p), p.read_bytes(), format="fmprc-zh-csv")
    assert err.value.path == str(p) and reason in err.value.reason
    assert str(p) in str(err.value)


def test_a_corpus_index_is_not_taken_for_a_transcript_table(tmp_path):
    p = tmp_path / "index.csv"
    p.write_text("file_stem,date,date_source,spokesperson,kind,title,url\n"
                 "2018-05-11_geng-shuang_t1558642,2018-05-11,title,geng-shuang,regular-press-conference,"
                 "2018年5月11日外交部发言人耿爽主持例行记者会,https://www.fmprc.gov.cn/web/t1558642.shtml\n",
                 encoding="utf-8")
    with pytest.raises(BadInput) as err:
        detect(str(p), p.read_bytes())
    assert "file_stem" in err.value.reason and "title, date, body, url" in err.value.reason


# -- bad pages ---------------------------------------------------------------------------------

def test_bad_pages(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(BadInput, match="empty file"):
        read_transcript_zh(empty)
    chrome_only = tmp_path / "2020-06-11_hua-chunying_t1.txt"
    chrome_only.write_text("\n\n".join(PAGE.read_text(encoding="utf-8").split("\n\n")[:4]), encoding="utf-8")
    with pytest.raises(BadInput, match="empty body") as err:
        read_transcript_zh(chrome_only)
    assert err.value.path == str(chrome_only)
    with pytest.raises(BadInput, match="no such file"):
        read_transcript_zh(tmp_path / "missing.txt")


def test_chinese_pages_are_detected_as_chinese():
    assert detect(PAGE.name, PAGE.read_bytes()).name == "fmprc-zh"
    assert detect(PAGE_EN.name, PAGE_EN.read_bytes()).name == "fmprc-en"
    assert detect(CSV.name, CSV.read_bytes()).name == "fmprc-zh-csv"


# -- into the store ----------------------------------------------------------------------------

Q = "PREFIX dk: <https://w3id.org/diplokg/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "


def test_chinese_documents_build_validate_and_share_entities_with_english(tmp_path, store):
    from kg.rdf.validate import validate_store

    report = build([PAGE, PAGE_EN, CSV], store, show_progress=False, model="none")
    assert report.failed == [] and report.record_errors == []
    assert report.unextracted() == {}          # the Chinese pipeline (kg/nlp/zh) extracts them
    assert "without extraction" not in report.summary()
    rows = {str(c).rsplit("/", 1)[-1]: (str(lang), str(rec) if rec else None) for c, lang, rec in store.query(
        Q + "SELECT ?c ?l ?r WHERE { ?c a dk:PressConference ; dct:language ?l OPTIONAL { ?c dk:sourceRecord ?r } }")}
    assert rows == {"2020-06-11-hua-chunying-t1787995": ("en", None), "2020-06-11-hua-chunying-t1787967": ("zh", None),
                    "2015-12-01-hua-chunying-t1320201": ("zh", "row 1"), "2014-09-05-qin-gang-t1188646": ("zh", "row 2"),
                    "2014-05-07-hua-chunying-t1153567": ("zh", "row 3"), "2014-02-07-hong-lei-t1126377": ("zh", "row 4")}
    # one spokesperson and one outlet in both languages: the same IRIs
    sp = {str(s) for (s,) in store.query(Q + "SELECT DISTINCT ?s WHERE { ?c dk:date \"2020-06-11\"^^<http://www.w3.org/2001/XMLSchema#date> ; dk:spokesperson ?s }")}
    assert sp == {"https://w3id.org/diplokg/id/person/hua-chunying"}
    afp = list(store.query(Q + "SELECT ?l (COUNT(?q) AS ?n) WHERE { ?q dk:askedBy <https://w3id.org/diplokg/id/outlet/afp> . "
                               "?e dk:question ?q . ?c dk:hasExchange ?e ; dct:language ?l } GROUP BY ?l ORDER BY ?l"))
    assert [(str(l), int(n)) for l, n in afp] == [("en", 2), ("zh", 2)]
    linked = list(store.query(Q + "ASK { <https://w3id.org/diplokg/id/conference/2020-06-11-hua-chunying-t1787967> "
                                  "dk:otherVersion <https://w3id.org/diplokg/id/conference/2020-06-11-hua-chunying-t1787995> }"))
    assert linked[0] is True
    assert validate_store(store).conforms


def test_a_bad_row_is_reported_by_the_build_with_file_and_row(tmp_path):
    header, rows = _rows()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "zh.csv").write_text(header + rows[0] + rows[1].replace(",2014-09-05,", ",2014-13-45,", 1),
                                   encoding="utf-8")
    report = build([corpus], store_path=tmp_path / "store", show_progress=False, model="none")
    assert report.failed == [] and report.documents == 1 and report.bad
    assert report.record_errors == [(str(corpus / "zh.csv"), "row 2: unparseable date '2014-13-45' "
                                                              "(expected YYYY-MM-DD) (line 13)")]


# -- nothing is lost ---------------------------------------------------------------------------

def test_a_chinese_file_gone_bad_keeps_what_it_stored_and_the_rest_builds(tmp_path, store):
    from kg.rdf.mapping import source_key
    from kg.rdf.namespaces import graph_iri

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page, table = corpus / PAGE.name, corpus / CSV.name
    page.write_bytes(PAGE.read_bytes())
    table.write_bytes(CSV.read_bytes())
    build([corpus], store, show_progress=False, model="none")
    before = {f: set(store.dataset.graph(graph_iri(source_key(f)))) for f in (page, table)}
    assert all(before.values())
    page.write_bytes(b"")                                              # the page emptied
    table.write_text(CSV.read_text(encoding="utf-8")[:5000], encoding="utf-8")  # the CSV truncated
    report = build([corpus], store, show_progress=False, model="none")
    reasons = {Path(r.path).name: r.reason for r in report.failed}
    assert "empty file" in reasons[page.name] and reasons[table.name].startswith("truncated CSV")
    assert {f: set(store.dataset.graph(graph_iri(source_key(f)))) for f in (page, table)} == before


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\u200b\ufeff]+", "", text)


_ZH_LINES = st.sampled_from([
    "问：中方对此有何评论？", "答：我们注意到有关报道。", "追问：是吗？", "路透社记者：你能否证实？", "赵立坚：是的。",
    "记者：是的。", "（记者：我只是问一下）", "会后有记者问及：据报道……？", "会后，有记者问及：", "二、据报道……？",
    "洪磊首先发布消息：", "秦刚最后宣布：", "华春莹表示，我们欢迎。", "这里我想强调几点：", "*******", "\u3000\u3000",
    "首页 > 外交动态 > 发言人表态", "2020年6月11日外交部发言人华春莹主持例行记者会", "[字体：大 中 小] 打印本页",
    "来源： （供稿） （供稿）     2020-06-11", "一、首先我向大家通报一组数字：", "《某某日报》记者：请问？", "",
])


@settings(max_examples=800, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.one_of(_ZH_LINES, st.text(max_size=60)), max_size=30).map("\n".join))
def test_the_chinese_reader_never_crashes_or_loses_a_paragraph(text):
    source = zh_text_source("random.txt", text)
    # every non-blank line is a body paragraph or dropped page chrome, nothing else
    kept = sorted(source.blocks + source.dropped, key=lambda b: b.start)
    assert _squeeze("".join(b.text for b in kept)) == _squeeze(text)
    try:
        conf = parse_source_zh(source, "2020-06-11_hua-chunying_t1")
    except BadInput:
        return
    used = [p for s in conf.statements for p in s.turn.paragraphs] + \
        [p for e in conf.exchanges for t in e.turns for p in t.paragraphs]
    assert sorted(used, key=lambda b: b.start) == source.blocks
    turns = sorted([s.turn for s in conf.statements] + [t for e in conf.exchanges for t in e.turns],
                   key=lambda t: t.start)
    said = "".join(m + t for turn in turns for m, t in turn.parts())
    assert _squeeze(said) == _squeeze("".join(b.text for b in source.blocks))
