"""The Singapore MFA records format (kg.sources.singapore_mfa), on real records.

Facts about the bundled excerpt come from reading kg/data/sample/singapore-mfa-excerpt.json (records 1,
45, 733, 229 and 307 of the corpus file, cut unchanged): a written reply to a parliamentary question
("QUESTION Dr Wan RizalTo ask ... REPLY 1 ..."), PM Lee's telephone call with President Joko Widodo, the
MFA spokesperson's comments on Dr Noeleen Heyzer, the joint press conference in Timor-Leste (one question,
by Wun Yun Fang of Lianhe Zaobao) and the 13th Singapore-Australia JMC (6 questions; Australian ministers
Marles, Wong and Farrell answer too). Corpus facts come from tests/data/counts/singapore_mfa_counts.csv
(another method: content shape and hand-read asker labels, tests/tools/count_singapore.py) and the dev gold
tests/data/gold/whsg/.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from kg.build import build, sample_corpus
from kg.model import BadInput, RecordError, Role
from kg.sources import detect, read_file
from kg.sources.singapore_mfa import read, record_key

EXCERPT = sample_corpus() / "singapore-mfa-excerpt.json"
SG_FILE = "singapore-mfa-2021-2024_pclk-MFA-PressData/mfa_statements.json"
DK = "PREFIX dk: <https://w3id.org/diplokg/ontology#>\n"


def _docs(path: Path = EXCERPT):
    items = list(read(path.name, path.read_bytes()))
    assert not [i for i in items if isinstance(i, RecordError)]
    return items


def test_the_excerpt_as_read_by_hand():
    pq, call, comments, timor, jmc = _docs()
    assert [d.kind for d in (pq, call, comments, timor, jmc)] == [
        "parliamentary-reply", "readout", "press-statement", "joint-press-conference", "joint-press-conference"]
    assert {d.government for d in (pq, call, comments, timor, jmc)} == {"SG"}
    assert str(pq.date) == "2024-05-08" and pq.date_source == "record" and pq.record == pq.url
    # the question part and the reply are two statements; the reply is the minister's
    assert [s.turn.text[:22] for s in pq.statements] == ["QUESTION Dr Wan RizalT", "REPLY 1 The question w"]
    assert [s.turn.speaker for s in pq.statements] == [None, "Vivian Balakrishnan"]
    assert "RizalTo ask" in pq.statements[0].turn.text       # the scraper's run-on words stay
    assert [b.text for b in pq.source.dropped] == ["MINISTRY OF FOREIGN AFFAIRS SINGAPORE 8 MAY 2024"]
    assert len(call.statements) == 3 and not call.exchanges
    assert [b.text for b in call.source.dropped] == ["MINISTRY OF FOREIGN AFFAIRS", "SINGAPORE", "22 MARCH 2024"]
    assert comments.statements[0].turn.text == "In response to media queries, the MFA Spokesperson said:"
    # Timor-Leste: Freitas opens (his own government), one journalist question answered by Balakrishnan
    assert len(timor.exchanges) == 1
    ex = timor.exchanges[0]
    assert ex.asker_label == "Wun Yun Fang (Lianhe Zaobao)" and ex.outlet == "lianhe-zaobao"
    assert [(t.label, t.speaker) for t in ex.answers] == [("Minister Balakrishnan", "Vivian Balakrishnan")]
    assert timor.officials == ["Vivian Balakrishnan", "Bendito dos Santos Freitas"]
    assert {s.turn.government for s in timor.statements if s.turn.speaker == "Bendito dos Santos Freitas"} == {"TL"}
    assert "Q&A" in [b.text for b in timor.source.dropped]
    # the JMC: 6 questions, who answered each, and whose government they answer for
    assert [e.outlet for e in jmc.exchanges] == ["guardian-australia", "innovationaus", "australian-associated-press",
                                                 "straits-times", "abc-australia", "abc-australia"]
    answered = [[(t.speaker, t.government) for t in e.answers] for e in jmc.exchanges]
    assert answered == [[("Gan Kim Yong", None)],
                        [("Don Farrell", "AU"), ("Gan Kim Yong", None)],
                        [("Richard Marles", "AU"), ("Penny Wong", "AU")],
                        [("Ng Eng Hen", None)],
                        [("Vivian Balakrishnan", None), ("Penny Wong", "AU")],
                        [("Vivian Balakrishnan", None)]]
    assert jmc.spokesperson == "Vivian Balakrishnan" and set(jmc.officials) == {
        "Vivian Balakrishnan", "Richard Marles", "Penny Wong", "Ng Eng Hen", "Don Farrell", "Gan Kim Yong"}
    assert jmc.statements[0].turn.speaker == "Richard Marles"      # Marles opens the conference
    for d in (pq, call, comments, timor, jmc):
        placed = list(d.source.dropped) + [b for s in d.statements + d.moderation for b in s.turn.paragraphs] \
            + [b for e in d.exchanges for t in e.turns for b in t.paragraphs]
        assert sorted(b.start for b in placed) == sorted({b.start for b in placed})   # once each
        lines = [ln for ln in d.source.text.split("\n") if ln.strip()]
        assert len({b.start for b in placed}) >= len(lines)                 # every line somewhere
        for b in placed:
            assert " ".join(d.source.text[b.start:b.end].split()) == b.text   # offsets into the content


def test_keys_are_stable_and_distinct():
    docs = _docs()
    records = json.loads(EXCERPT.read_text(encoding="utf-8"))
    shuffled = list(reversed(list(read("x.json", json.dumps(list(reversed(records)), ensure_ascii=False).encode()))))
    assert [d.key for d in docs] == [d.key for d in shuffled]     # the order of the records does not matter
    assert len({d.key for d in docs}) == 5 and all(d.key.startswith("sg-mfa-") for d in docs)
    assert record_key(docs[3].url) == "sg-mfa-2023-07-fm-visit-to-timor-leste"


def test_detected_and_read_through_the_registry():
    data = EXCERPT.read_bytes()
    assert detect(EXCERPT.name, data).name == "singapore-mfa"
    result = read_file(EXCERPT.name, data)
    assert len(result.documents) == 5 and not result.errors


# -- bad input -------------------------------------------------------------------------------------

def _records():
    return json.loads(EXCERPT.read_text(encoding="utf-8"))


def test_bad_records_are_named_and_the_rest_builds():
    recs = _records()
    recs[1] = dict(recs[1], date="sometime in March")
    recs[2] = dict(recs[2], content="   ")
    recs.insert(3, "not a record")
    recs.append(dict(recs[0]))                                  # the same url twice
    del recs[4]["title"]
    data = json.dumps(recs, ensure_ascii=False).encode("utf-8")
    result = read_file("records.json", data, "singapore-mfa")
    errors = {e.record: e.reason for e in result.errors}
    url = lambda r: r["url"]
    assert errors == {
        f"record 2 ({url(recs[1])})": "date 'sometime in March' cannot be read (expected like '08 May 2024, 23:15')",
        f"record 3 ({url(recs[2])})": "no content",
        "record 4": "not a JSON object but str",
        f"record 5 ({url(recs[4])})": "missing field title",
        f"record 7 ({url(recs[0])})": "the same url as record 1: kept once",
    }
    assert [d.record for d in result.documents] == [recs[0]["url"], recs[5]["url"]]


@pytest.mark.parametrize("data, reason", [
    (EXCERPT.read_bytes()[:5000], "truncated or broken JSON"),
    (b'{"url": "https://www.mfa.gov.sg/x", "title": "t", "date": "1 May 2024", "content": "c"}',
     "the JSON is a object with keys url, title, date, content, not an array of records"),
    (b"[]", "holds no document"),
    (json.dumps([{"url": "u", "title": "t", "date": "never", "content": "c"}]).encode(), "no readable record (1 bad"),
])
def test_a_file_that_cannot_be_read_is_named_with_its_reason(data, reason):
    with pytest.raises(BadInput) as err:
        read_file("records.json", data, "singapore-mfa")
    assert err.value.path == "records.json" and reason in err.value.reason


def test_the_build_reports_bad_records_and_keeps_the_rest(tmp_path, store):
    recs = _records()
    recs[2] = dict(recs[2], date="31 February 2024")
    (tmp_path / "records.json").write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "truncated.json").write_bytes(EXCERPT.read_bytes()[:3000])
    report = build([tmp_path], store, show_progress=False, model="none")
    assert [Path(r.path).name for r in report.failed] == ["truncated.json"]
    assert "truncated or broken JSON" in report.failed[0].reason
    assert [(Path(p).name, e) for p, e in report.record_errors] == [
        ("records.json", f"record 3 ({recs[2]['url']}): date '31 February 2024' cannot be read "
                         "(expected like '08 May 2024, 23:15')")]
    assert report.documents == 4 and report.exchanges == 7
    assert report.bad                      # exit status 1: a record was bad


@pytest.mark.parametrize("spoil, reason", [
    (lambda data: data[:len(data) // 2], "truncated or broken JSON"),            # a download cut short
    (lambda data: json.dumps({"records": json.loads(data)}).encode(), "not an array of records"),  # wrong shape
])
def test_a_file_gone_bad_keeps_what_it_stored_and_the_rest_builds(tmp_path, store, spoil, reason):
    from kg.rdf.mapping import source_key
    from kg.rdf.namespaces import graph_iri

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    target = corpus / EXCERPT.name
    target.write_bytes(EXCERPT.read_bytes())
    build([corpus], store, show_progress=False, model="none")
    before = set(store.dataset.graph(graph_iri(source_key(target))))
    n = DK + "SELECT (COUNT(?d) AS ?n) WHERE { ?d dk:government/dk:isoCode 'SG' }"
    assert before and int(list(store.query(n))[0][0]) == 5          # the excerpt's 5 records
    target.write_bytes(spoil(EXCERPT.read_bytes()))
    recs = _records()
    (corpus / "two-records.json").write_text(json.dumps([dict(r, url=r["url"] + "?copy") for r in recs[3:]]),
                                             encoding="utf-8")
    report = build([corpus], store, show_progress=False, model="none")
    [failed] = report.failed
    assert failed.path == str(target) and reason in failed.reason
    assert report.count("built") == 1 and report.documents == 2
    assert set(store.dataset.graph(graph_iri(source_key(target)))) == before
    assert int(list(store.query(n))[0][0]) == 5 + 2


def test_the_excerpt_builds_validates_and_foreign_ministers_hold_no_stance(tmp_path, store):
    from kg.rdf.validate import validate_store

    shutil.copy(EXCERPT, tmp_path / EXCERPT.name)
    assert build([tmp_path], store, show_progress=False, model="none").failed == []
    assert validate_store(store).conforms
    kinds = {str(k) for (k,) in store.query(DK + "SELECT ?k WHERE { ?d dk:conferenceKind ?k }")}
    assert kinds == {"parliamentary-reply", "readout", "press-statement", "joint-press-conference"}
    docs = list(store.query(DK + "SELECT ?d WHERE { ?d a dk:StatementDocument }"))
    assert len(docs) == 3
    # Penny Wong, Richard Marles and Don Farrell answer (response types) but take no SG stance
    rows = list(store.query(DK + """SELECT ?who (COUNT(DISTINCT ?a) AS ?answers) (COUNT(?s) AS ?stances) WHERE {
        ?a a dk:Answer ; dk:answeredBy/<http://www.w3.org/2000/01/rdf-schema#label> ?who ; dk:responseType ?t .
        OPTIONAL { ?a dk:expressesStance ?s } } GROUP BY ?who"""))
    by = {str(w): (int(a), int(s)) for w, a, s in rows}
    for foreign in ("Penny Wong", "Richard Marles", "Don Farrell"):
        assert by[foreign][0] >= 1 and by[foreign][1] == 0, foreign
    gov = {str(r[0]) for r in store.query(DK + "SELECT DISTINCT ?iso WHERE { ?d dk:government/dk:isoCode ?iso }")}
    assert gov == {"SG"}


# -- the whole corpus ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sg_file(shared):
    return shared / "corpus" / SG_FILE


# the one record the reader cannot read as what it is (tests/data/counts/README-whitehouse-singapore.md)
KNOWN = {"https://www.mfa.gov.sg/Newsroom/Press-Statements-Transcripts-and-Photos/2022/11/20221114-cptpp":
         "a doorstop question and answer run into one line by the scraper, twice: read as a speech"}


@pytest.mark.corpus
def test_every_record_matches_the_independent_count(sg_file):
    with (DATA / "counts" / "singapore_mfa_counts.csv").open(encoding="utf-8") as fh:
        counts = {r["url"]: r for r in csv.DictReader(fh)}
    docs = list(read(sg_file.name, sg_file.read_bytes()))
    assert not [d for d in docs if isinstance(d, RecordError)]
    assert len(docs) == len(counts) == 875
    wrong = []
    for d in docs:
        row = counts[d.url]
        got = (d.kind, len(d.exchanges))
        want = (row["kind"], int(row["question_turns"]))
        if got != want and d.url not in KNOWN:
            wrong.append((row["record"], got, want))
    assert wrong == []
    assert sum(len(d.exchanges) for d in docs) == 66
    conferences = [d for d in docs if d.exchanges]
    assert len(conferences) == 9 and {d.kind for d in conferences} == {"joint-press-conference", "interview", "other"}
    assert all(d.exchanges == [] for d in docs if d.is_statement_document)


@pytest.mark.corpus
def test_interviews_and_their_run_on_labels(sg_file):
    docs = {d.url.rsplit("/", 1)[-1]: d for d in read(sg_file.name, sg_file.read_bytes())}
    cnn = docs["Transcript-of-FM-Dr-Vivian-Balakrishnan-Live-Interview-with-CNN"]
    assert cnn.kind == "interview" and len(cnn.exchanges) == 18
    assert {e.outlet for e in cnn.exchanges} == {"cnn"}             # "Amanpour:" is CNN's, from "Christiane Amanpour (CNN):"
    # "AmanpourTell me how you navigate ..." (no colon in the record): its own exchange
    assert any(e.question.label == "Amanpour" and e.question.text.startswith("Tell me how you navigate")
               for e in cnn.exchanges)
    horta = docs["27-July-2023---Transcript"]                      # interview *with* President Ramos-Horta
    assert len(horta.exchanges) == 14 and horta.officials == ["Vivian Balakrishnan"]
    assert all(t.speaker == "Vivian Balakrishnan" for e in horta.exchanges for t in e.answers)


@pytest.mark.corpus
@pytest.mark.slow
def test_the_folder_builds_and_validates(sg_file, store):
    from kg.rdf.validate import validate_store

    report = build([sg_file.parent], store, show_progress=False, model="none")
    assert report.failed == [] and report.documents == 875 and report.exchanges == 66
    assert validate_store(store).conforms


# -- the dev gold of both governments (needs the statistical model) ----------------------------------

@pytest.mark.corpus
def test_whsg_dev_gold_targets(shared, tmp_path, store):
    from kg.evaluate import evaluate
    from kg.nlp.pipeline import DEFAULT_MODEL, model_available

    if not model_available(DEFAULT_MODEL):
        pytest.skip(f"the spaCy model {DEFAULT_MODEL} is not installed")
    gold_dir = DATA / "gold" / "whsg"
    records = {}
    for g in (json.loads(p.read_text(encoding="utf-8")) for p in gold_dir.glob("*.json")):
        if g["record"]:
            records[g["record"]] = None
        else:
            shutil.copy(shared / "corpus" / g["source"], tmp_path)
    recs = [r for r in json.loads((shared / "corpus" / SG_FILE).read_text(encoding="utf-8")) if r["url"] in records]
    (tmp_path / "mfa_statements.json").write_text(json.dumps(recs, ensure_ascii=False), encoding="utf-8")
    assert build([tmp_path], store, show_progress=False).failed == []
    ev = evaluate(gold_dir, store)
    s = ev.scores
    assert ev.files == 5 and ev.exchanges == 94 and not ev.missing
    assert s["exchanges"].recall == 1.0 and s["exchanges"].precision == 1.0
    assert s["countries"].f1 >= 0.95
    assert s["persons"].f1 >= 0.85
    assert s["organizations+initiatives"].f1 >= 0.75
    assert s["response_type"].accuracy >= 0.90
    assert s["stance_country"].f1 >= 0.70
