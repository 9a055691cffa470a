"""Corrections that survive rebuilds, end to end on a real transcript.

The transcript is Hua Chunying's conference of 2019-09-10 (read by hand, and in the dev
gold `tests/data/gold/dev/2019-09-10_hua-chunying_t1696514.json`):
- exchange 2's question says "after Washington released the equipment it had seized": the
  US government acting, a metonym; extraction takes it for the city (the error a researcher
  corrects here, whatever extraction does with it, the corrected value is what counts);
- exchange 6 is about the trilateral foreign ministers' dialogue (the gold gives it
  high-level-visits);
- exchange 9 ("Further to what you said about the China-Pakistan-Afghanistan ...") has the
  gold stances US, Taliban and AF positive; exchange 4's answer says "I'm not aware of any
  connection" (NoInformation in the gold); exchange 11's answer says of the US "They should
  stop playing dirty tricks on Hong Kong immediately." (US negative in the gold).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg.build import build
from kg.rdf.store import KGStore

NAME = "2019-09-10_hua-chunying_t1696514.txt"
P = "PREFIX dk: <https://w3id.org/diplokg/ontology#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\n"

ROWS = """file,exchange,kind,subject,value,question,evidence,note
{name},2,link,Washington,country:US,Huawei dropped a lawsuit,,the US government acting
{name},6,topic,high-level-visits,yes,,,the question is about a foreign ministers' dialogue
{name},9,stance,Taliban,none,,,test: remove a stance
{name},4,response_type,,NoInformation,,,I'm not aware of any connection
{name},11,stance,US,negative,My first question,They should stop playing dirty tricks on Hong Kong immediately.,the gold's evidence
{name},40,topic,taiwan,yes,,,there is no exchange 40
{name},x2,topic,taiwan,yes,,,a bad row
"""


def _q(store, sparql):
    return list(store.query(P + sparql))


@pytest.fixture
def setup(tmp_path, fmprc):
    src = tmp_path / "corpus"
    src.mkdir()
    (src / NAME).write_bytes((fmprc / "txt" / NAME).read_bytes())
    (tmp_path / "corrections.csv").write_text(ROWS.format(name=NAME), encoding="utf-8")
    return tmp_path, src / NAME


def test_corrections_apply_after_extraction_keep_provenance_and_survive_rebuilds(setup):
    tmp, source = setup
    path = tmp / "kg-store"
    # what extraction gives without corrections (the original values the corrections keep)
    with KGStore(tmp / "sub" / "plain") as plain:     # no corrections.csv beside this one
        build([source], plain, model="none", show_progress=False)
        before = {str(e) for (e,) in _q(plain, """SELECT ?e WHERE { ?c dk:hasExchange ?x .
            ?x dk:position 2 ; dk:question ?q . ?q dk:hasMention ?m . ?m dk:anchorText "Washington" ;
            dk:refersTo ?e }""")}
    assert len(before) == 1

    with KGStore(path) as store:       # corrections.csv beside the store is found by default
        report = build([source], store, model="none", show_progress=False)
        [res] = [r for r in report.results if r.status == "built"]
        assert res.corrections_applied == 5
        assert len(res.corrections_unmatched) == 1 and "no exchange 40" in res.corrections_unmatched[0]
        assert report.corrections.errors == ["line 8: exchange 'x2' is not a position (3) or a statement (s2)"]
        # the link: the mention now refers to the US, attributed to the corrections file, original kept
        rows = _q(store, """SELECT ?e ?conf ?orig ?from WHERE { ?c dk:hasExchange ?x . ?x dk:position 2 ;
            dk:question ?q . ?q dk:hasMention ?m . ?m dk:anchorText "Washington" ; dk:refersTo ?e ;
            dk:confidence ?conf ; prov:wasAttributedTo ?from ; dk:hasCorrection ?k .
            ?k dk:originalValue ?orig ; dk:correctionStatus "applied" }""")
        assert [(str(e), float(c)) for e, c, _, _ in rows] == [("https://w3id.org/diplokg/id/country/US", 1.0)]
        assert str(rows[0][2]) == before.pop().replace("https://w3id.org/diplokg/id/", "").replace("/", ":", 1)
        assert str(rows[0][3]) == (tmp / "corrections.csv").resolve().as_uri()
        # the topic is added, the Taliban stance removed (its correction kept on the answer)
        assert store.query(P + "ASK { ?c dk:hasExchange ?x . ?x dk:position 6 ; dk:about "
                           "<https://w3id.org/diplokg/topic/high-level-visits> }").askAnswer
        assert not store.query(P + "ASK { ?x dk:position 9 ; dk:answer/dk:expressesStance ?s . "
                               "?s dk:target <https://w3id.org/diplokg/id/organization/taliban> }").askAnswer
        assert store.query(P + "ASK { ?x dk:position 9 ; dk:turn ?t . ?t dk:hasCorrection ?k . "
                           "?k dk:correctionKind \"stance\" ; dk:correctedValue \"none\" }").askAnswer
        assert store.query(P + """ASK { ?c dk:hasExchange ?x . ?x dk:position 11 ; dk:answer/dk:expressesStance ?s .
            ?s dk:target <https://w3id.org/diplokg/id/country/US> ; dk:polarity dk:Negative ;
            dk:evidence "They should stop playing dirty tricks on Hong Kong immediately." }""").askAnswer
        types = {str(t).rsplit("#")[-1] for (t,) in _q(store, "SELECT ?t WHERE { ?c dk:hasExchange ?x . "
                                                         "?x dk:position 4 ; dk:answer/dk:responseType ?t }")}
        assert types == {"NoInformation"}
        # the unmatched row is stored with its reason
        assert store.query(P + "ASK { ?s dk:hasCorrection ?k . ?k dk:correctionStatus \"unmatched\" ; "
                           "dk:correctionRow 7 }").askAnswer
        # a rebuild with nothing changed changes nothing; the corrections stay
        again = build([source], store, model="none", show_progress=False)
        assert [r.status for r in again.results] == ["unchanged"]

    status = subprocess.run([sys.executable, "-m", "kg.cli", "corrections", "--store", str(path)],
                            capture_output=True, text=True)
    assert status.returncode == 1       # one unreadable row
    assert "5 applied, 1 no longer apply, 0 not applied yet" in status.stdout
    assert "line    7  no longer applies" in status.stdout and "no exchange 40" in status.stdout

    # the source is re-edited: "Washington" gone from the question, exchange 11 cut off
    text = source.read_text(encoding="utf-8")
    text = text.replace("after Washington released", "after the US government released")
    cut = text.index("My first question, Hong Kong Chief Executive Carrie")
    source.write_text(text[:text.rindex("\n", 0, cut)] + "\n", encoding="utf-8")
    with KGStore(path) as store:
        report = build([source], store, model="none", show_progress=False)
        [res] = report.results
        assert res.status == "built" and res.corrections_applied == 3
        reasons = "\n".join(res.corrections_unmatched)
        assert "no mention reads 'Washington' there any more" in reasons
        assert "no exchange 11" in reasons and "no exchange 40" in reasons
    status = subprocess.run([sys.executable, "-m", "kg.cli", "corrections", "--store", str(path), "--json"],
                            capture_output=True, text=True)
    import json

    got = json.loads(status.stdout)
    assert got["counts"] == {"applied": 3, "no longer applies": 3, "not applied yet": 0}


def test_a_corrections_file_that_is_not_one_is_a_clear_error(tmp_path, fmprc):
    bad = tmp_path / "fixes.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(fmprc / "txt" / NAME), "--store",
                          str(tmp_path / "s"), "--model", "none", "--corrections", str(bad)],
                         capture_output=True, text=True)
    assert res.returncode == 2
    assert "fixes.csv: not a corrections file: the header lacks file, exchange, kind, value" in res.stderr
