"""Source format fmprc-qa-json: english-catti's China MFA conferences parsed into Q&A pairs.

Expected facts come from the data itself: the sample records read with the standard json module
(kg/data/sample/english-catti_mfa_articles_2026-07-16_2026-07-20.json, i.e. records 7 and 9 of
../shared/corpus/fmprc-en-zh-2026_suki547-english-catti/mfa_articles.json), and, with ../shared,
the independent counts in tests/data/counts/fmprc_qa_json_counts.csv (read by hand where the two
languages differ; see tests/data/counts/README.md).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from kg.build import build, sample_corpus
from kg.model import BadInput, NotADocument
from kg.rdf.validate import validate_store
from kg.sources import read_file
from kg.sources.text import normalise

from qa_json_alignment import aligned_positions, counted_conferences, dialog_pair_is_aligned, read_dialog_pairs

SAMPLE = sample_corpus() / "english-catti_mfa_articles_2026-07-16_2026-07-20.json"
RECORDS = json.loads(SAMPLE.read_text(encoding="utf-8"))
DK = "PREFIX dk: <https://w3id.org/diplokg/ontology#> PREFIX dct: <http://purl.org/dc/terms/> "
ID = "https://w3id.org/diplokg/id/"


def docs_of(path: Path | str, data: bytes | None = None):
    path = Path(path)
    return read_file(path.name, path.read_bytes() if data is None else data)


def by(docs, date: str, lang: str):
    [doc] = [d for d in docs if d.date.isoformat() == date and d.language == lang]
    return doc


@pytest.fixture(scope="module")
def sample():
    return docs_of(SAMPLE)


def test_each_record_gives_an_english_and_a_chinese_document(sample):
    assert sample.format.name == "fmprc-qa-json" and sample.errors == []
    assert len(sample.documents) == 2 * len(RECORDS) == 4
    for rec in RECORDS:
        for lang, prefix in (("en", "en"), ("zh", "cn")):
            doc = by(sample.documents, rec["date"], lang)
            assert (doc.title, doc.url, doc.government, doc.kind, doc.date_source) == \
                (rec[f"{prefix}_title"], rec[f"{prefix}_url"], "CN", "regular-press-conference", "record")
            # one exchange per pair, in order, the texts unchanged (white space folded)
            assert [e.question.text for e in doc.exchanges] == [normalise(p["question"]) for p in rec[f"{prefix}_pairs"]]
            assert doc.spokesperson == "Lin Jian" and doc.key.startswith(f"fmprc-qa-json/{lang}/t")
    assert len({d.key for d in sample.documents}) == 4


def test_outlets_are_normalised_and_notes_never_become_outlets(sample):
    en20, en16 = by(sample.documents, "2026-07-20", "en"), by(sample.documents, "2026-07-16", "en")
    zh16 = by(sample.documents, "2026-07-16", "zh")
    # printed in the records: 2026-07-20 EN #2 "R euters", 2026-07-16 EN #2 "RT TV", #3 "CCTV"
    assert RECORDS[0]["en_pairs"][1]["questioner"] == "R euters" and en20.exchanges[1].outlet == "reuters"
    assert RECORDS[1]["en_pairs"][1]["questioner"] == "RT TV" and en16.exchanges[1].outlet == "rt"
    # EN #8 "The following question was raised after the press conference", ZH #7 "会后有记者问及"
    for doc, n in ((en16, 8), (zh16, 7)):
        last = doc.exchanges[n - 1]
        assert last.after_conference and last.outlet is None
        assert [e.after_conference for e in doc.exchanges].count(True) == 1
    # the Chinese questioners of the same exchanges: 总台央视记者, 今日俄罗斯记者, 总台华语环球节目中心记者.
    # 今日俄罗斯 is ambiguous (Rossiya Segodnya runs both RT and RIA Novosti): the China MFA's own
    # English pages call it RIA Novosti on 12 exchanges of 2020, this record's English "RT TV" once;
    # kg/data/outlets_zh.csv keeps the majority and says so
    assert [e.outlet for e in zh16.exchanges[:3]] == ["cctv", "ria-novosti", "cctv"]
    assert zh16.exchanges[0].question.label == "总台央视记者"


def test_chinese_spokesperson_is_the_english_person(sample):
    for doc in sample.documents:
        answers = [t for e in doc.exchanges for t in e.answers]
        assert answers and {t.speaker for t in answers} == {"Lin Jian"}
        assert {t.label for t in answers} == ({"林剑"} if doc.language == "zh" else {"Lin Jian"})


def test_spans_are_the_json_strings(sample):
    text = SAMPLE.read_text(encoding="utf-8")
    for doc in sample.documents:
        assert doc.source.text == text
        turns = [t for e in doc.exchanges for t in e.turns] + [s.turn for s in doc.statements]
        for turn in turns:
            for block in turn.paragraphs:
                assert normalise(json.loads('"' + text[block.start:block.end] + '"')) == block.text


def test_chinese_site_footer_is_cut_and_kept(sample):
    for rec in RECORDS:
        doc = by(sample.documents, rec["date"], "zh")
        original = rec["cn_pairs"][-1]["answer"]
        kept = doc.exchanges[-1].answers[0].text
        [footer] = [b.text for b in doc.source.dropped]
        assert "中国政府网" in original and "中国政府网" not in kept and footer.startswith("中国政府网 全国人民代表大会")
        assert normalise(original) == f"{kept} {footer}"     # nothing lost


def test_build_links_the_versions_and_extracts_both_languages(tmp_path, store):
    report = build([SAMPLE], store, show_progress=False, model="none")
    # the Chinese documents go through the Chinese pipeline (kg/nlp/zh) since it exists
    assert report.failed == [] and report.record_errors == [] and report.unextracted() == {}
    assert "without extraction" not in report.summary()
    links = {(str(a), str(b)) for a, b in store.query(DK + "SELECT ?a ?b WHERE { ?a dk:otherVersion ?b }")}
    assert {(a.split("/")[-2], b.split("/")[-2]) for a, b in links} == {("en", "zh"), ("zh", "en")} and len(links) == 4
    people = {str(p) for (p,) in store.query(DK + "SELECT DISTINCT ?p WHERE { ?a dk:answeredBy ?p }")}
    assert people == {ID + "person/lin-jian"}
    # extraction ran on the English documents only
    langs = {str(la) for (la,) in store.query(DK + "SELECT DISTINCT ?la WHERE { ?c dct:language ?la ; "
                                                  "dk:hasExchange/dk:turn/dk:hasMention ?m }")}
    assert langs == {"en", "zh"}          # mentions in both versions
    # 2026-07-20: EN #6-#9 are ZH #7-#10 (ZH #6, People's Daily, has no English: counts README)
    rows = store.query(DK + """SELECT ?lang ?pos ?o WHERE { ?c dct:language ?lang ; dk:date "2026-07-20"^^<http://www.w3.org/2001/XMLSchema#date> ;
                              dk:hasExchange ?e . ?e dk:position ?pos ; dk:question/dk:askedBy ?o }""")
    outlet = {(str(la), int(p)): str(o) for la, p, o in rows}
    assert [outlet["en", i] for i in range(6, 10)] == [outlet["zh", i] for i in range(7, 11)]
    assert outlet["zh", 6] == ID + "outlet/peoples-daily"
    assert validate_store(store).conforms


# -- bad input ----------------------------------------------------------------------------------

def test_truncated_json_keeps_the_records_before_the_cut():
    text = SAMPLE.read_text(encoding="utf-8")
    cut = text.index('"en_pairs"', text.index('"date": "2026-07-16"'))
    got = docs_of("cut.json", text[:cut].encode())
    assert [d.date.isoformat() for d in got.documents] == ["2026-07-20", "2026-07-20"]
    [err] = got.errors
    assert err.record.startswith("record 2, line ") and "the file ends inside this record" in err.reason
    assert "the 1 record(s) before it were read" in err.reason


def test_json_syntax_error_names_the_record_and_line():
    text = SAMPLE.read_text(encoding="utf-8")
    at = text.index('"cn_url"', text.index('"date": "2026-07-16"'))
    bad = text[:at] + text[at:].replace(",", "", 1)       # drop the comma after cn_url's value... of record 2
    got = docs_of("syntax.json", bad.encode())
    assert len(got.documents) == 2
    [err] = got.errors
    assert err.record.startswith("record 2") and "not valid JSON at line" in err.reason


def test_json_of_the_wrong_shape():
    with pytest.raises(BadInput, match="not a list of conference records: the top level is an object"):
        docs_of("object.json", json.dumps({"en_pairs": []}).encode())
    good = RECORDS[0]
    no_answer = json.loads(json.dumps(good))
    del no_answer["en_pairs"][2]["answer"]
    for k in ("en_url", "cn_url"):          # another page, so that its Chinese document is new
        no_answer[k] = no_answer[k].replace(".html", "9.html").replace(".shtml", "9.shtml")
    records = [good, "just text", {"date": "2026-07-01", "en_pairs": {"a": 1}}, no_answer]
    got = docs_of("shapes.json", json.dumps(records, ensure_ascii=False).encode())
    errors = {e.record.split(",")[0]: e.reason for e in got.errors}
    assert errors == {
        "record 2": "not a conference record (a JSON str, not an object)",
        "record 3 (2026-07-01)": "no en_pairs or cn_pairs list: not a conference record",
        "record 4 (2026-07-20)": "en document: en_pairs[2] has no 'answer'",
    }
    # record 1 whole, and record 4's Chinese document (its English one is bad)
    assert [(d.record, d.language) for d in got.documents] == [("record 1", "en"), ("record 1", "zh"),
                                                               ("record 4", "zh")]


def test_a_record_with_an_unparseable_date_is_named_and_the_rest_is_read():
    records = json.loads(json.dumps(RECORDS))
    records[1]["date"] = "2026-07-32"
    got = docs_of("dates.json", json.dumps(records, ensure_ascii=False).encode())
    [err] = got.errors
    assert err.record.startswith("record 2 (2026-07-32)") and err.reason == \
        "unreadable date '2026-07-32' (expected YYYY-MM-DD)"
    assert {d.date.isoformat() for d in got.documents} == {"2026-07-20"} and len(got.documents) == 2


def test_a_file_turned_bad_keeps_what_it_stored_and_the_build_goes_on(tmp_path, store):
    corpus = tmp_path / "c"
    corpus.mkdir()
    target = corpus / "conferences.json"
    shutil.copy(SAMPLE, target)
    shutil.copy(sample_corpus() / "2024-02-23_mao-ning.txt", corpus)
    build([corpus], store, show_progress=False, model="none")
    count = DK + "SELECT (COUNT(?c) AS ?n) WHERE { ?c dk:sourceRecord ?r }"
    assert int(list(store.query(count))[0][0]) == 4
    target.write_text(json.dumps({"en_pairs": "not a list"}), encoding="utf-8")
    (corpus / "2024-02-23_mao-ning.txt").write_text("Q: new?\n\nA: Yes.", encoding="utf-8")
    report = build([corpus], store, show_progress=False, model="none")
    [bad] = report.failed
    assert bad.path == str(target) and "not a list of conference records" in bad.reason
    assert report.count("built") == 1                       # the other file still built
    assert int(list(store.query(count))[0][0]) == 4         # the four documents are still there


def test_companion_files_are_reported_not_built(tmp_path, store):
    folder = tmp_path / "catti"
    folder.mkdir()
    # the same layout as english-catti's mfa_dialog_pairs.json and mfa_urls.txt, made from the sample
    pairs = [{"date": r["date"], "en_url": r["en_url"], "cn_url": r["cn_url"], "index": i,
              "questioner_en": e["questioner"], "questioner_cn": c["questioner"], "question_en": e["question"],
              "question_cn": c["question"], "answer_en": e["answer"], "answer_cn": c["answer"]}
             for r in RECORDS for i, (e, c) in enumerate(zip(r["en_pairs"], r["cn_pairs"]))]
    (folder / "mfa_dialog_pairs.json").write_text(json.dumps(pairs, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "mfa_urls.txt").write_text("".join(f"{r['date']}\tEN\t{r['en_url']}\n{r['date']}\tCN\t{r['cn_url']}\n"
                                                   for r in RECORDS), encoding="utf-8")
    # 9/10 and 8/7 pairs in the two records: min(9, 10) + min(8, 7) = 16
    with pytest.raises(NotADocument, match=r"an EN/ZH pair list \(16 pairs of 2 conferences"):
        docs_of(folder / "mfa_dialog_pairs.json")
    with pytest.raises(NotADocument, match="a list of 4 conference URLs"):
        docs_of(folder / "mfa_urls.txt")
    shutil.copy(SAMPLE, folder / "mfa_articles.json")
    report = build([folder], store, show_progress=False, model="none")
    assert {Path(r.path).name: r.status for r in report.results} == {
        "mfa_articles.json": "built", "mfa_dialog_pairs.json": "ignored", "mfa_urls.txt": "ignored"}
    assert not report.bad and "2 ignored (not source documents" in report.summary()


# -- the real dataset (../shared) ---------------------------------------------------------------

@pytest.fixture(scope="module")
def catti(shared):
    folder = shared / "corpus" / "fmprc-en-zh-2026_suki547-english-catti"
    return folder, docs_of(folder / "mfa_articles.json")


def test_counts_match_the_independent_counts(catti):
    folder, got = catti
    assert got.errors == []
    with open(Path(__file__).parent / "data" / "counts" / "fmprc_qa_json_counts.csv", encoding="utf-8") as fh:
        counts = list(csv.DictReader(fh))
    assert len(got.documents) == 2 * len(counts) == 82
    for row in counts:
        en, zh = by(got.documents, row["date"], "en"), by(got.documents, row["date"], "zh")
        assert (len(en.exchanges), len(zh.exchanges)) == (int(row["en_pairs"]), int(row["cn_pairs"])), row["date"]
        assert (len(en.statements), len(zh.statements)) == (int(row["en_statements"]), 0), row["date"]
        assert sum(e.after_conference for e in en.exchanges) == int(row["en_after"]), row["date"]
        assert sum(e.after_conference for e in zh.exchanges) == int(row["zh_after"]), row["date"]
    assert sum(len(d.exchanges) for d in got.documents if d.language == "en") == 283
    assert sum(len(d.exchanges) for d in got.documents if d.language == "zh") == 281


def test_dialog_pairs_are_a_positional_zip_wrong_after_each_gap(catti):
    folder, got = catti
    pairs = read_dialog_pairs(folder / "mfa_dialog_pairs.json")
    confs = counted_conferences()
    assert len(pairs) == 278 and all(p.en_url in confs for p in pairs)
    aligned = [p for p in pairs if dialog_pair_is_aligned(p, confs[p.en_url])]
    assert len(pairs) - len(aligned) == 29                       # tests/data/counts/README.md
    with pytest.raises(NotADocument, match=r"278 pairs of 41 conferences"):
        docs_of(folder / "mfa_dialog_pairs.json")


def test_aligned_exchanges_have_the_same_outlet_in_both_languages(catti):
    folder, got = catti
    # where the English translation names another outlet than the Chinese original (read in the data):
    # 总台央广 (China National Radio) printed "CCTV"; 今日俄罗斯, which the ministry's own English pages of
    # 2020 call RIA Novosti 12 times, printed "RT" in these 2026 pairs (kg/data/outlets_zh.csv keeps one
    # meaning per Chinese name: the majority, with the exceptions noted)
    translated_otherwise = {("2026-07-24", 1): ("cctv", "cnr"), ("2026-06-23", 2): ("rt", "ria-novosti"),
                            ("2026-06-01", 3): ("rt", "ria-novosti"), ("2026-06-09", 1): ("rt", "ria-novosti"),
                            ("2026-06-12", 3): ("rt", "ria-novosti"), ("2026-07-16", 2): ("rt", "ria-novosti")}
    n, differ = 0, {}
    for conf in counted_conferences().values():
        en, zh = by(got.documents, conf.date, "en"), by(got.documents, conf.date, "zh")
        for e, z in aligned_positions(conf):
            a, b = en.exchanges[e - 1], zh.exchanges[z - 1]
            assert a.after_conference == b.after_conference, (conf.date, e, z)
            if a.outlet != b.outlet:
                differ[(str(conf.date), e)] = (a.outlet, b.outlet)
            n += 1
    assert n == 278 and differ == translated_otherwise


def test_every_outlet_is_a_known_one_and_notes_are_not_outlets(catti):
    from kg.sources.outlets import outlet_registry

    folder, got = catti
    known = {o.key for o in outlet_registry()}
    outlets = {e.outlet for d in got.documents for e in d.exchanges if e.outlet}
    assert outlets <= known, outlets - known
    # the spellings the data prints for one outlet (SOURCES.md section 3)
    spelled = {e.asker_label: e.outlet for d in got.documents if d.language == "en" for e in d.exchanges}
    for a, b in (("R euters", "Reuters"), ("AP", "Associated Press"), ("RT", "RT TV"),
                 ("IRIB", "Islamic Republic of Iran Broadcasting")):
        assert spelled[a] == spelled[b] is not None, (a, b)
    assert "Updated" not in spelled and not any("question was raised" in (k or "") for k in spelled)


def test_the_updated_record_is_chrome_an_announcement_and_a_peoples_daily_question(catti):
    folder, got = catti
    en, zh = by(got.documents, "2026-06-03", "en"), by(got.documents, "2026-06-03", "zh")
    [statement] = en.statements
    assert statement.turn.text.startswith("At the invitation of Member of the Political Bureau")
    assert statement.turn.text.endswith("will pay an official visit to China from June 4 to 6.")
    first = en.exchanges[0]
    assert (first.outlet, first.question.label) == ("peoples-daily", "People’s Daily")
    assert first.question.text.startswith("On the visit by Myanmar’s Foreign Minister Tin Maung Swe")
    assert [b.text for b in en.source.dropped] == ["Updated", "June 03, 2026 20:09", "People’s Daily:"]
    assert zh.exchanges[0].outlet == "peoples-daily"          # 《人民日报》记者


@pytest.mark.corpus
def test_the_real_folder_builds_and_validates(catti, store):
    folder, _ = catti
    report = build([folder], store, show_progress=False, model="none")
    assert {Path(r.path).name: r.status for r in report.results} == {
        "mfa_articles.json": "built", "mfa_dialog_pairs.json": "ignored", "mfa_urls.txt": "ignored"}
    assert not report.bad and report.documents == 82 and report.exchanges == 564
    assert report.unextracted() == {}      # the Chinese records are extracted too (kg/nlp/zh, no model needed)
    assert validate_store(store).conforms
