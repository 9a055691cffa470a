"""The White House briefings format (kg.sources.whitehouse), on real files.

Facts about the bundled sample come from reading
kg/data/sample/2024-01-27-background-press-call-on-apnsa-jake-sullivans-meeting-with-foreign-minister-wang-yi-of-the-peoples-republic-of-china.md
(a background call: 6 ``Q`` turns, 7 ``MODERATOR:`` and 7 ``SENIOR ADMINISTRATION OFFICIAL:`` labels,
place lines "National Security Council" / "Via Teleconference", time stamps 10:31 and 10:49 A.M.).
Corpus facts come from tests/data/counts/whitehouse_counts.csv (an independent line count, see
tests/tools/count_whitehouse.py) and from the dev gold tests/data/gold/whsg/ (read by two annotators).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA
from kg.build import build, sample_corpus
from kg.model import BadInput, Role
from kg.sources import detect, read_file
from kg.sources.whitehouse import parse, title_officials

SAMPLE = next(sample_corpus().glob("2024-01-27-background-press-call*.md"))
WH_DIR = "whitehouse-press-briefings-2021-2025_brian14708-wh-briefings"
DK = "PREFIX dk: <https://w3id.org/diplokg/ontology#>\n"


def _read(path: Path):
    return parse(str(path), path.read_text(encoding="utf-8"))


def _blocks(conf):
    """Every paragraph the reader placed, once each: statements, moderation, turns, dropped."""
    out = list(conf.source.dropped)
    for st in conf.statements + conf.moderation:
        out.extend(st.turn.paragraphs)
    for ex in conf.exchanges:
        for t in ex.turns:
            out.extend(t.paragraphs)
    return out


def _no_paragraph_lost(conf):
    placed = _blocks(conf)
    spans = [(b.start, b.end) for b in placed]
    assert len(spans) == len(set(spans)), "a paragraph is in two places"
    text = conf.source.text
    covered = sorted(spans)
    for (a, b), (c, d) in zip(covered, covered[1:]):
        assert b <= c, "paragraphs overlap"
        assert not text[b:c].strip(" \t\r\n\u00a0"), f"text between paragraphs was lost: {text[b:c]!r}"
    assert covered[0][0] == 0 and not text[covered[-1][1]:].strip(), "text before or after was lost"
    for blk in placed:
        assert " ".join(text[blk.start:blk.end].split()) == blk.text   # offsets point into SourceText.text


def test_the_sample_background_call_as_read_by_hand():
    conf = _read(SAMPLE)
    assert conf.kind == "background-call" and conf.government == "US" and conf.language == "en"
    assert str(conf.date) == "2024-01-27" and conf.date_source == "record"
    assert conf.title == ("Background Press Call on APNSA Jake Sullivan’s Meeting with Foreign Minister "
                          "Wang Yi of the People’s Republic of China")      # "\_" (U+00A0) read as a space
    assert conf.url.startswith("https://bidenwhitehouse.archives.gov/briefing-room/press-briefings/2024/01/27/")
    assert conf.key == "whitehouse-" + "2024-01-27-background-press-call-on-apnsa-jake-sullivans-meeting-with-" \
                                       "foreign-minister-wang-yi-of-the-peoples-republic-of-china"
    assert len(conf.exchanges) == 6
    assert [ex.outlet for ex in conf.exchanges] == [None] * 6     # "Michelle from Bloomberg" names no outlet label
    assert conf.exchanges[1].question.text.startswith("Hi, yes, Michelle from Bloomberg.")
    # one anonymous official answers every question; the moderator neither asks nor answers
    assert conf.officials == ["Senior Administration Official"] == conf.anonymous_speakers
    assert all([t.speaker for t in ex.answers] == ["Senior Administration Official"] for ex in conf.exchanges)
    moderator_in = [t for ex in conf.exchanges for t in ex.turns if t.role is Role.MODERATOR]
    assert len(moderator_in) == 5 and all(t.label == "MODERATOR" for t in moderator_in)
    assert [ex.position for ex in conf.exchanges if any(t.role is Role.MODERATOR for t in ex.turns)] == [1, 2, 3, 4, 6]
    assert conf.moderation[0].turn.text.startswith("Good morning, everyone.")
    assert sum(1 for m in conf.moderation if m.turn.label == "MODERATOR") == 2 and len(conf.moderation) == 5
    # the official's opening readout: statements with their speaker
    assert conf.statements[0].turn.text.startswith("Thanks so much. And, folks, thanks for")
    assert {s.turn.speaker for s in conf.statements} == {"Senior Administration Official"}
    # boilerplate kept apart: front matter, place lines, time stamps
    dropped = [b.text for b in conf.source.dropped]
    assert dropped[1:] == ["National Security Council", "Via Teleconference", "10:31 A.M. EST", "10:49 A.M. EST"]
    assert dropped[0].startswith("---")
    # pandoc escapes undone, in the text that offsets point into
    assert "[senior administration official]" in " ".join(m.turn.text for m in conf.moderation)
    assert "\\[" not in conf.source.text[len(dropped[0]):]
    _no_paragraph_lost(conf)


def test_detected_and_read_through_the_registry():
    data = SAMPLE.read_bytes()
    assert detect(SAMPLE.name, data).name == "whitehouse"
    result = read_file(SAMPLE.name, data)
    assert result.format.name == "whitehouse" and len(result.documents) == 1 and not result.errors


def test_title_officials():
    assert title_officials("Press Briefing by Press Secretary Jen\u00a0Psaki and National Security Advisor "
                           "Jake Sullivan, March 12,\u00a02021") == ["Jen Psaki", "Jake Sullivan"]
    assert title_officials("Press Briefing by Press Secretary Karine Jean-Pierre and FEMA Administrator "
                           "Deanne\u00a0Criswell") == ["Karine Jean-Pierre", "Deanne Criswell"]


# -- bad input: named with the reason, the rest goes on ---------------------------------------------

GOOD_HEAD = "---\ndate: '2024-01-27'\ntitle: \"Press Gaggle by Press Secretary Karine Jean-Pierre\"\n---\n\n"


@pytest.mark.parametrize("text, reason", [
    ("MS. JEAN-PIERRE: Hi.\n\nQ    Hello?\n", "no YAML front matter"),
    ("---\ndate: '2024-01-27'\ntitle: \"unclosed\n---\n\nQ  Hi?\n", "broken YAML front matter"),
    ("---\ndate: '2024-01-27'\n\nQ  Hi?\n", "never closed"),
    ("---\n- a list\n- not fields\n---\n\nQ  Hi?\n", "not a mapping"),
    ("---\ndate: 'the 27th'\ntitle: x\n---\n\nQ  Hi?\n", "is not a date"),
    (GOOD_HEAD + "   \n", "no briefing text"),
    (GOOD_HEAD + "Some prose with no label at all.\n\nAnd more prose.\n", "no briefing structure"),
])
def test_bad_markdown_is_named_with_its_reason(text, reason):
    with pytest.raises(BadInput) as err:
        read_file("bad.md", text.encode("utf-8"), "whitehouse")
    assert err.value.path == "bad.md" and reason in err.value.reason


def test_a_bad_file_is_reported_and_the_good_one_builds(tmp_path, store):
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    (tmp_path / "no-front-matter.md").write_text("MS. PSAKI: Hi.\n\nQ    Hello?\n", encoding="utf-8")
    (tmp_path / "broken-yaml.md").write_text("---\ntitle: \"x\n---\nQ  Hi?\n", encoding="utf-8")
    report = build([tmp_path], store, show_progress=False, model="none")
    failed = {Path(r.path).name: r.reason for r in report.failed}
    assert set(failed) == {"no-front-matter.md", "broken-yaml.md"}
    assert "no YAML front matter" in failed["no-front-matter.md"]
    assert "broken YAML front matter" in failed["broken-yaml.md"]
    assert report.count("built") == 1 and report.exchanges == 6


def test_a_briefing_gone_bad_keeps_what_it_stored_and_the_rest_builds(tmp_path, store):
    """The briefing built once, then its front matter cut off (a copy-paste of the body only): the file
    is named with the reason, its stored graph is untouched, and a good file beside it still builds."""
    from kg.rdf.mapping import source_key
    from kg.rdf.namespaces import graph_iri

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    md = corpus / SAMPLE.name
    md.write_bytes(SAMPLE.read_bytes())
    build([corpus], store, show_progress=False, model="none")
    before = set(store.dataset.graph(graph_iri(source_key(md))))
    assert before
    text = SAMPLE.read_text(encoding="utf-8")
    md.write_text(text.split("\n---\n", 1)[1], encoding="utf-8")   # everything after the closing ---
    other = corpus / "2024-01-28-copy.md"
    other.write_text(text, encoding="utf-8")
    report = build([corpus], store, show_progress=False, model="none")
    [failed] = report.failed
    assert failed.path == str(md) and "no YAML front matter" in failed.reason
    assert report.count("built") == 1 and report.exchanges == 6       # the good copy: 6 Q turns
    assert set(store.dataset.graph(graph_iri(source_key(md)))) == before


def test_the_sample_builds_validates_and_its_government_is_self(tmp_path, store):
    """Home US: no stance toward the US from a White House official; China is a target like any other."""
    from kg.rdf.validate import validate_store

    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    assert build([tmp_path], store, show_progress=False, model="none").failed == []
    assert validate_store(store).conforms
    gov = list(store.query(DK + "SELECT ?iso WHERE { ?c dk:government/dk:isoCode ?iso }"))
    assert [str(r[0]) for r in gov] == ["US"]
    targets = {str(r[0]) for r in store.query(DK + "SELECT ?iso WHERE { ?s dk:target/dk:isoCode ?iso }")}
    assert "US" not in targets
    # "this is not the first time we’ve called on China to play a constructive role" (exchange 1)
    assert "CN" in targets
    # exchange 3: "I would refer you to the Department of State ..."
    rt = list(store.query(DK + "SELECT ?t WHERE { ?c dk:hasExchange ?e . ?e dk:position 3 ; dk:answer/dk:responseType ?t }"))
    assert {str(r[0]).rsplit("#", 1)[1] for r in rt} == {"Referral"}
    # the moderator's turns are kept as text, neither question nor answer: 5 paragraphs before the
    # questions ("Good morning, everyone." ... "We’ll go to Trevor Hunnicutt with Reuters first.") and 5 turns
    n = list(store.query(DK + "SELECT (COUNT(?t) AS ?n) WHERE { ?t a dk:ModeratorTurn FILTER NOT EXISTS { ?t a dk:Answer } "
                                "FILTER NOT EXISTS { ?t a dk:Question } }"))
    assert int(n[0][0]) == 10


# -- the whole corpus ----------------------------------------------------------------------------

def _counts():
    with (DATA / "counts" / "whitehouse_counts.csv").open(encoding="utf-8") as fh:
        return {r["file"]: r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def wh_corpus(shared):
    return shared / "corpus" / WH_DIR


@pytest.mark.corpus
def test_every_briefing_matches_the_independent_line_count(wh_corpus):
    counts = _counts()
    assert len(counts) == 17 and sum(int(r["question_turns"]) for r in counts.values()) == 1055
    wrong = []
    for name, row in counts.items():
        conf = _read(wh_corpus / name)
        turns = [s.turn for s in conf.statements + conf.moderation] + [t for ex in conf.exchanges for t in ex.turns]
        got = (len(conf.exchanges), sum(t.label == "MODERATOR" for t in turns),
               sum(1 for t in turns if t.label not in (None, "Q", "MODERATOR")))
        want = (int(row["question_turns"]), int(row["moderator_labels"]), int(row["official_labels"]))
        if got != want:
            wrong.append((name, got, want))
        _no_paragraph_lost(conf)
    assert wrong == []


@pytest.mark.corpus
def test_officials_are_full_names_despite_typos(wh_corpus):
    speakers = {}
    for f in sorted(wh_corpus.glob("*.md")):
        conf = _read(f)
        for t in [s.turn for s in conf.statements] + [t for ex in conf.exchanges for t in ex.turns]:
            if t.label and t.label not in ("Q", "MODERATOR"):
                speakers.setdefault(t.label, set()).add(t.speaker)
        if f.name.startswith("2025-01-10"):
            assert conf.officials == ["Karine Jean-Pierre", "Deanne Criswell"]
        if f.name.startswith("2023-04-12"):     # Savett is not in the title: "I’m Sean Savett from the NSC"
            assert conf.officials == ["Amanda Sloat", "Sean Savett"]
    assert speakers["MR. SULLIVCAN"] == speakers["MR SULLIVAN"] == speakers["MR. SULLIVAN"] == {"Jake Sullivan"}
    assert speakers["MR. SLOAT"] == speakers["MS. SLOAT"] == {"Amanda Sloat"}
    assert speakers["MS. JEAN-PIERRE"] == {"Karine Jean-Pierre"} and speakers["MS. PSAKI"] == {"Jen Psaki"}
    assert speakers["ADMINISTRATOR CRISWELL"] == {"Deanne Criswell"} and speakers["MR. KIRBY"] == {"John Kirby"}


@pytest.mark.corpus
def test_kinds_from_the_titles(wh_corpus):
    kinds = {}
    for f in wh_corpus.glob("*.md"):
        kinds[_read(f).kind] = kinds.get(_read(f).kind, 0) + 1
    # 9 "Press Briefing", 7 gaggles ("Press Gaggle", "On-the-Record Press Gaggle"), 1 background call
    assert kinds == {"press-briefing": 9, "press-gaggle": 7, "background-call": 1}


@pytest.mark.corpus
def test_the_2022_09_16_briefing_as_the_gold_reads_it(wh_corpus):
    """tests/data/gold/whsg (README: R2, R5, doubt 3): #1 is a remark before the opening statements, its
    reply only 'I know. All right.'; Kirby's opening is a statement; floor management is no answer."""
    name = next(p for p in (DATA / "gold" / "whsg").glob("2022-09-16*.json"))
    gold = json.loads(name.read_text(encoding="utf-8"))
    conf = _read(wh_corpus / Path(gold["source"]).name)
    assert len(conf.exchanges) == len(gold["exchanges"]) == 66
    first = conf.exchanges[0]
    assert first.question.text == "Plenty of chairs over here." and [t.text for t in first.answers] == ["I know. All right."]
    assert any(s.turn.speaker == "John Kirby" and s.turn.text.startswith("Good afternoon, everybody. I think as you all know")
               for s in conf.statements)
    for gx in gold["exchanges"]:
        ex = conf.exchanges[gx["position"] - 1]
        assert " ".join(ex.question.text.split()[:8]) == gx["question_first_words"]
        answered = []
        for t in ex.answers:
            if t.speaker not in answered:
                answered.append(t.speaker)
        if gx["position"] not in (3, 18):   # #3: the answer has no label (R5); #18: "Simon." to Kirby
            assert answered == gx["answered_by"], gx["position"]
    assert [t.role for t in conf.exchanges[2].turns] == [Role.QUESTION, Role.MODERATOR]   # "Go ahead, Nancy."


@pytest.mark.corpus
@pytest.mark.slow
def test_the_folder_builds_and_validates(wh_corpus, store):
    from kg.rdf.validate import validate_store

    report = build([wh_corpus], store, show_progress=False, model="none")
    assert report.failed == [] and report.count("built") == 17 and report.exchanges == 1055
    assert validate_store(store).conforms


def test_the_cross_government_saved_query_on_the_sample(store):
    """deflection-by-government on the bundled sample: the US and Singapore rows against the dev gold
    of the same documents (tests/data/gold/whsg: the background call #1 NoInformation + NoComment, #3
    Referral; the Singapore JMC #3 and #6 NoComment, the Timor-Leste conference substantive)."""
    from kg.rdf.query import resolve_query

    assert build(None, store, show_progress=False, model="none").failed == []
    res = store.query(resolve_query("deflection-by-government"))
    rows = {(str(r[1]), str(r[2])): [str(x) for x in r[3:]] for r in res}
    assert rows[("US", "background-call")] == ["1", "6", "1", "1", "1", "33.3"]
    assert rows[("SG", "joint-press-conference")] == ["2", "7", "0", "0", "2", "28.6"]
    assert {iso for iso, _ in rows} == {"CN", "SG", "US"}
