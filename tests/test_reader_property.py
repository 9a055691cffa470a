"""Property: the reader never crashes and never loses a character of the body."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.model import BadInput
from kg.sources.fmprc_en import parse_source
from kg.sources.html import read_html
from kg.sources.text import read_text

_WS = re.compile(r"\s+")

LINES = st.sampled_from([
    "Q: What is your comment?", "A: We oppose it.", "Reuters: A question?", "Zhao Lijian: Yes.",
    "Follow-up: And?", "Journalist clarifies: I mean X.", "I want to stress this:", "*****",
    "The following questions were raised after the press conference:", "Appendix:", "Print",
    "Home > Spokesperson's Remarks", "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018",
    "2024-02-23 19:08", "\u00a0", "", "Q :\u00a0x", "Phoenix TV : y", "A:", "Our position is clear: no.",
])
TEXT = st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=30).map("\n".join)


def _segments(conf):
    turns = [s.turn for s in conf.statements] + [t for e in conf.exchanges for t in e.turns]
    turns.sort(key=lambda t: t.start)
    return turns


def _check_no_loss(source, conf):
    body = "".join(b.text for b in source.blocks)
    said = "".join(m + t for turn in _segments(conf) for m, t in turn.parts())
    assert _WS.sub("", said) == _WS.sub("", body)
    # each paragraph is used exactly once
    used = [id(p) for turn in _segments(conf) for p in turn.paragraphs]
    assert len(used) == len(set(used)) == len(source.blocks)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT)
def test_text_reader_never_crashes_or_loses_text(text):
    source = read_text("random.txt", text)
    # every non-blank line is either a body paragraph or dropped boilerplate
    kept = sorted(source.blocks + source.dropped, key=lambda b: b.start)
    assert _WS.sub("", "".join(b.text for b in kept)) == _WS.sub("", text.replace("\ufeff", ""))
    for b in source.blocks:
        assert _WS.sub(" ", text[b.start:b.end].replace("\u00a0", " ")).strip() == b.text
    try:
        conf = parse_source(source, "random")
    except BadInput:
        return
    _check_no_loss(source, conf)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=15))
def test_html_reader_never_crashes_or_loses_text(lines):
    import html as h

    body = "".join(f"<P>{h.escape(line)}</P>" for line in lines)
    page = f"<html><body><div class=\"content\">{body}</div></body></html>"
    source = read_html("random.html", page)
    kept = sorted(source.blocks + source.dropped, key=lambda b: b.start)
    assert _WS.sub("", "".join(b.text for b in kept)) == _WS.sub("", "".join(lines))
    try:
        conf = parse_source(source, "random")
    except BadInput:
        return
    _check_no_loss(source, conf)
