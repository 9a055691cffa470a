"""Source format cmfa-presscon: CMFA PressCon question/answer dyads in .xlsx and .csv.

Expected facts come from the sample's rows, read here with the csv module
(kg/data/sample/cmfa-presscon_ukraine_sample.csv: rows 2, 3, 5, 75, 214-218, 249, 511, 512, 656,
658 of the Ukraine subset, in that order), and, with ../shared, from the independent count of
the whole subset in tests/data/counts/cmfa_presscon_counts.csv (the sheet's XML read without
openpyxl, dates from the Excel serial).
"""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from kg.build import build, sample_corpus
from kg.model import BadInput
from kg.rdf.validate import validate_store
from kg.sources import read_file

XLSX = sample_corpus() / "cmfa-presscon_ukraine_sample.xlsx"
CSV = sample_corpus() / "cmfa-presscon_ukraine_sample.csv"
ROWS = list(csv.DictReader(io.StringIO(CSV.read_text(encoding="utf-8"))))
DK = "PREFIX dk: <https://w3id.org/diplokg/ontology#> "


def read(path: Path | str, data: bytes | None = None):
    path = Path(path)
    return read_file(path.name, path.read_bytes() if data is None else data)


def conference(docs, day: str):
    [doc] = [d for d in docs if d.date.isoformat() == day]
    return doc


def csv_bytes(rows: list[dict], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=header or list(rows[0]), extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return out.getvalue().encode()


def signature(docs):
    """What a reader made of a file, independent of the rendering offsets."""
    return [(d.key, d.date, d.spokesperson, d.url, d.article_id, d.record,
             [(e.position, e.outlet, e.asker_label, e.follow_up, [(t.role, t.label, t.speaker, t.text) for t in e.turns])
              for e in d.exchanges]) for d in docs]


def test_xlsx_and_csv_of_the_same_rows_read_the_same():
    x, c = read(XLSX), read(CSV)
    assert x.format.name == c.format.name == "cmfa-presscon" and x.errors == c.errors == []
    assert signature(x.documents) == signature(c.documents)
    assert x.documents[0].source.media_type.endswith("spreadsheetml.sheet")
    assert c.documents[0].source.media_type == "text/csv"


def test_dyads_grouped_by_date_and_spokesperson():
    docs = read(XLSX).documents
    groups = {(r["date"], r["spokesperson"]) for r in ROWS}
    assert len(docs) == len(groups) == 7
    assert sum(len(d.exchanges) for d in docs) == len({r["id_orig"] for r in ROWS}) == 12
    assert all((d.language, d.government, d.kind) == ("en", "CN", "regular-press-conference") for d in docs)
    # 2022-03-02, Wang Wenbin: dyads 24600 TASS, 24602 ABC Spanish Daily Newspaper, 24603 TV Tokyo,
    # 24604 AFP (split in two), 24607 Reuters (its row comes last in the file), in id order
    wang = conference(docs, "2022-03-02")
    assert wang.spokesperson == "Wang Wenbin" and wang.record == "rows 6-10, 15"
    assert [e.outlet for e in wang.exchanges] == ["tass", "abc-spanish-daily-newspaper", "tv-tokyo", "afp", "reuters"]
    assert [e.position for e in wang.exchanges] == [1, 2, 3, 4, 5]
    link = {r["link"] for r in ROWS if r["date"] == "2022-03-02"}
    assert {wang.url} == link and wang.article_id == wang.url.rsplit("/", 1)[1].split(".")[0]
    # row 4 of the sample: spokesperson "missing"; 2002 rows: who_asked "-"
    assert conference(docs, "2002-12-03").spokesperson is None
    kong = conference(docs, "2002-11-19")
    assert kong.spokesperson == "Kong Quan" and [e.outlet for e in kong.exchanges] == [None, None]
    assert kong.exchanges[0].answers[0].speaker == "Kong Quan"


def test_split_dyads_are_one_exchange_with_every_text():
    docs = read(XLSX).documents
    afp = conference(docs, "2022-03-02").exchanges[3]
    parts = [r for r in ROWS if r["id_orig"] == "24604"]
    assert [r["id_split"] for r in parts] == ["24604_1", "24604_2"]
    assert [p.text for p in afp.question.paragraphs] == [r["question"] for r in parts]
    assert [p.text for p in afp.answers[0].paragraphs] == [r["answer"] for r in parts]
    # 27153: the first part's answer is "-", the second answers both questions
    reuters = conference(docs, "2023-03-14")
    [ex] = reuters.exchanges
    parts = [r for r in ROWS if r["id_orig"] == "27153"]
    assert [r["answer"] for r in parts][0] == "-"
    assert len(ex.question.paragraphs) == 2 and ex.answers[0].text == parts[1]["answer"]


def test_asker_kinds_and_dates():
    docs = read(CSV).documents
    [follow] = conference(docs, "2022-03-14").exchanges          # who_asked "Follow-up"
    assert follow.follow_up and follow.outlet is None
    [foreign] = conference(docs, "2022-02-28").exchanges         # who_asked "Foreign correspondent"
    assert (foreign.outlet, foreign.asker_label) == (None, "Foreign correspondent")
    febuary = [r for r in ROWS if r["month"] == "Febuary"]       # sic, in the data
    assert len(febuary) == 1 and febuary[0]["date"] == "2015-02-09"
    assert conference(docs, "2015-02-09").date == date(2015, 2, 9)


def test_spans_point_into_the_cell_rendering():
    for path in (XLSX, CSV):
        for doc in read(path).documents:
            for ex in doc.exchanges:
                for turn in ex.turns:
                    for block in turn.paragraphs:
                        assert doc.source.text[block.start:block.end] == block.text


def test_build_keeps_the_corpus_annotations_out(tmp_path, store):
    folder = tmp_path / "cmfa"
    folder.mkdir()
    shutil.copy(XLSX, folder)
    shutil.copy(CSV, folder)
    report = build([folder], store, show_progress=False, model="none")
    assert report.failed == [] and not report.bad and report.count("built") == 2
    # the xlsx and the csv hold the same rows: one conference each, two sources
    n = list(store.query(DK + "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a dk:PressConference }"))
    assert int(n[0][0]) == 7
    literals = {str(o) for (o,) in store.query("SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER isLiteral(?o) }")}
    # their lemmas, sentiment scores and ";"-joined entity lists are nowhere (a single name such as
    # "Ministry of Foreign Affairs" may well be found by diplokg's own extraction)
    checked = 0
    for r in ROWS:
        for column in ("question_lem", "answer_lem", "q_loc", "q_per", "q_org", "a_loc", "a_per", "a_org",
                       "a_misc", "q_misc", "a_sentiment", "q_sentiment"):
            if column.endswith(("_lem", "_sentiment")) or "; " in r[column]:
                assert r[column] not in literals, column
                checked += 1
    assert checked > 14 * 4
    assert validate_store(store).conforms


# -- bad input ----------------------------------------------------------------------------------

def test_xlsx_with_missing_columns(tmp_path, store):
    book = openpyxl.load_workbook(XLSX)
    sheet = book.active
    for col in sorted((c.column for c in sheet[1] if c.value in ("answer", "who_asked")), reverse=True):
        sheet.delete_cols(col)
    bad = tmp_path / "cut-columns.xlsx"
    book.save(bad)
    with pytest.raises(BadInput, match=r"missing column\(s\) answer, who_asked"):
        read(bad)
    report = build([bad, CSV], store, show_progress=False, model="none")
    [failed] = report.failed
    assert failed.path == str(bad) and "missing column(s) answer, who_asked" in failed.reason
    assert report.count("built") == 1


def test_truncated_xlsx_is_named_and_what_it_stored_stays(tmp_path, store):
    folder = tmp_path / "c"
    folder.mkdir()
    target = folder / "dyads.xlsx"
    shutil.copy(XLSX, target)
    build([folder], store, show_progress=False, model="none")
    query = DK + "SELECT (COUNT(?e) AS ?n) WHERE { ?c dk:hasExchange ?e }"
    assert int(list(store.query(query))[0][0]) == 12
    data = XLSX.read_bytes()
    target.write_bytes(data[:len(data) // 2])                    # a download cut in half
    report = build([folder], store, show_progress=False, model="none")
    [failed] = report.failed
    assert failed.path == str(target) and "zip archive is damaged or cut short" in failed.reason
    assert int(list(store.query(query))[0][0]) == 12             # nothing stored lost


def test_csv_with_missing_columns():
    header = [c for c in ROWS[0] if c not in ("link", "day")]
    with pytest.raises(BadInput, match=r"missing column\(s\) link, day"):
        read("no-day.csv", csv_bytes(ROWS, header))


def test_rows_with_unparseable_or_contradicting_dates_are_named_and_the_rest_is_read():
    rows = [dict(r) for r in ROWS]
    rows[1]["month"] = "Smarch"                  # sample row 3 (dyad 104, 2002-11-19)
    rows[5]["date"] = "2022-03-03"               # sample row 7: day/month/year say 2022-03-02
    got = read("dates.csv", csv_bytes(rows))
    assert [str(e) for e in got.errors] == [
        "row 3: unreadable date: day '19', month 'Smarch', year '2002'",
        "row 7: day/month/year say 2022-03-02 but the date column says 2022-03-03 (2022-03-03): "
        "the row's date is uncertain",
    ]
    assert sum(len(d.exchanges) for d in got.documents) == 10    # 12 dyads, 2 rows not read
    assert len(conference(got.documents, "2002-11-19").exchanges) == 1


def test_truncated_csv_and_short_rows():
    data = CSV.read_bytes()
    last = data.rindex(b"\n", 0, len(data) - 1)
    cut = data[:last + 400]                                       # inside the last row's question
    got = read("cut.csv", cut)
    assert len(got.errors) == 1 and got.errors[0].record == "row 15"
    assert sum(len(d.exchanges) for d in got.documents) == 11
    lines = CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    short = "".join(lines[:2]) + "999,999,1,http://x,Kong Quan,1\n"
    got = read("short.csv", short.encode())
    assert [str(e) for e in got.errors] == ["row 3: has 6 cells where the header has 24 (cut short?)"]


# -- the real dataset (../shared) ---------------------------------------------------------------

@pytest.fixture(scope="module")
def subset(shared):
    folder = shared / "corpus" / "cmfa-presscon-v4-ukraine-subset_euro-sevic-China_MFA_Dashboard"
    return folder, read(folder / "ukraine_dataset_combined.xlsx")


def test_counts_match_the_independent_count(subset):
    folder, got = subset
    assert got.errors == []
    with open(Path(__file__).parent / "data" / "counts" / "cmfa_presscon_counts.csv", encoding="utf-8") as fh:
        counts = {(r["date"], None if r["spokesperson"] == "missing" else r["spokesperson"]): r
                  for r in csv.DictReader(fh)}
    made = {(d.date.isoformat(), d.spokesperson): d for d in got.documents}
    assert made.keys() == counts.keys() and len(made) == 324
    for k, d in made.items():
        assert len(d.exchanges) == int(counts[k]["dyads"]), k
        assert sum(e.follow_up for e in d.exchanges) == int(counts[k]["follow_ups"]), k
        rows = sorted(int(n) for n in counts[k]["row_numbers"].split())
        assert d.record == ("rows " if len(rows) > 1 else "row ") + _ranges(rows), k
    assert sum(len(d.exchanges) for d in got.documents) == 652
    assert sum(int(r["rows"]) for r in counts.values()) == 661


def _ranges(rows: list[int]) -> str:
    out, start = [], rows[0]
    for a, b in zip(rows, rows[1:] + [None]):
        if b != a + 1:
            out.append(str(start) if start == a else f"{start}-{a}")
            start = b
    return ", ".join(out)


def test_the_same_rows_as_csv_read_the_same(subset, tmp_path):
    folder, got = subset
    book = openpyxl.load_workbook(folder / "ukraine_dataset_combined.xlsx", read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    out = io.StringIO()
    w = csv.writer(out)
    for r in rows:
        w.writerow([v.date().isoformat() if hasattr(v, "date") and not isinstance(v, str) else v for v in r])
    again = read("ukraine_dataset_combined.csv", out.getvalue().encode())
    assert again.errors == [] and signature(again.documents) == signature(got.documents)


@pytest.mark.corpus
@pytest.mark.slow
def test_the_real_folder_builds_and_validates(subset, store):
    folder, _ = subset
    report = build([folder], store, show_progress=False, model="none")
    assert {Path(r.path).name: r.status for r in report.results} == {
        "ukraine_dataset_combined.xlsx": "built", "CODEBOOK_CMFA_PressCon_v6.pdf": "ignored"}
    assert not report.bad and report.documents == 324 and report.exchanges == 652
    assert validate_store(store).conforms
