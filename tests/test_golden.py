"""Golden tests: exchanges of real transcripts, checked by a person reading them
(tests/data/golden/README.md says how)."""

import json
from pathlib import Path

import pytest

from conftest import DATA, SHARED
from kg.build import sample_corpus
from kg.sources.fmprc_en import read_transcript
from kg.sources.text import normalise

GOLDEN = sorted((DATA / "golden").glob("*.json"))


def _locate(gold: dict) -> Path:
    name = Path(gold["source"]).name
    bundled = sample_corpus() / name
    if bundled.exists():
        return bundled
    if SHARED is None:
        pytest.skip(f"{name} is not bundled and ../shared is absent")
    return SHARED / "corpus" / gold["source"]


def _first_words(text: str, n: int) -> str:
    return " ".join(normalise(text).split()[:n])


@pytest.mark.parametrize("path", GOLDEN, ids=lambda p: p.stem)
def test_golden_transcript(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    conf = read_transcript(_locate(gold))
    assert conf.title == gold["title"]
    assert conf.date.isoformat() == gold["date"]
    assert conf.spokesperson == gold["spokesperson"]
    opening = [s for s in conf.statements
               if not conf.exchanges or s.turn.start < conf.exchanges[0].question.start]
    assert len(opening) == gold["statements"]
    for s, words in zip(opening, gold["statement_first_words"]):
        assert _first_words(s.turn.text, len(words.split())) == words
    assert len(conf.exchanges) == len(gold["exchanges"])
    closing = gold.get("closing_paragraphs", 0)
    for ex, g in zip(conf.exchanges, gold["exchanges"]):
        where = f"exchange {g['position']}"
        assert ex.position == g["position"], where
        assert ex.asker_label == g["outlet"] or (g["outlet"] is None and ex.outlet is None), where
        assert ex.follow_up == g["follow_up"], where
        assert ex.after_conference == g["after_conference"], where
        n = len(g["question_first_words"].split())
        assert _first_words(ex.question.text, n) == g["question_first_words"], where
        assert ex.answers and all(a.label in (None, "A", g["answered_by"]) for a in ex.answers), where
        clar = sum(1 for t in ex.turns[1:] if t.role.value == "clarification")
        assert clar == g["clarifications"], where
        paragraphs = sum(len(a.paragraphs) for a in ex.answers)
        last = ex is conf.exchanges[-1]
        assert paragraphs == g["answer_paragraphs"] + (closing if last else 0), where
    if closing:
        pytest.xfail("known limitation: a closing announcement separated only by blank (U+00A0) "
                     "paragraphs is read as part of the last answer")
