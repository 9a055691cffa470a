"""An example source format, the way a third party adds a ministry to diplokg.

A ministry whose transcripts look like this (one file per briefing, a first line with the
date, then ``QUESTION:`` and ``ANSWER:`` paragraphs)::

    2024-05-02 Press briefing by the Ministry of Foreign Affairs spokesperson
    ANSWER: Good afternoon. The Minister will visit Jakarta next week.
    QUESTION: Will she meet her Indonesian counterpart?
    ANSWER: Yes, on Tuesday.

is read by this module plus two lines in its package's ``pyproject.toml``::

    [project.entry-points."diplokg.sources"]
    example-ministry = "example_ministry:FORMAT"

``pip install`` the package and ``kg sources`` lists it; ``kg build`` reads its files.
``tests/test_source_plugins.py`` installs it exactly that way (an entry point in a
distribution's metadata) and builds a file with it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from kg.keys import slug
from kg.model import BadInput, Block, Conference, Exchange, Role, SourceText, Statement, Turn
from kg.sources import Detection, SourceFormat
from kg.sources.text import decode

_FIRST = re.compile(r"^(\d{4})-(\d{2})-(\d{2}) Press briefing by the Ministry of Foreign Affairs")
_LABEL = re.compile(r"^(QUESTION|ANSWER):\s*")


def detect(name: str, data: bytes) -> Detection:
    if _FIRST.match(data[:200].decode("utf-8", "ignore")):
        return Detection(90, "first line: date and 'Press briefing by the Ministry of Foreign Affairs'")
    return Detection(0, "no 'YYYY-MM-DD Press briefing by the Ministry of Foreign Affairs' first line")


def read(name: str, data: bytes):
    text = decode(name, data)
    lines = text.split("\n")
    m = _FIRST.match(lines[0])
    if not m:
        raise BadInput(name, "the first line does not give the date and the briefing")
    blocks, pos = [], 0
    for line in lines:
        if line.strip():
            blocks.append(Block(line.strip(), pos, pos + len(line.rstrip())))
        pos += len(line) + 1
    source = SourceText(path=name, media_type="text/plain", text=text, blocks=blocks[1:], title=lines[0])
    statements, exchanges = [], []
    for block in source.blocks:
        label = _LABEL.match(block.text)
        if not label:
            raise BadInput(name, f"paragraph at offset {block.start} has no QUESTION:/ANSWER: label")
        role = Role.QUESTION if label[1] == "QUESTION" else Role.ANSWER
        turn = Turn(role, label[1], [block], label.end(), speaker="Spokesperson" if role is Role.ANSWER else None)
        if role is Role.QUESTION:
            exchanges.append(Exchange(len(exchanges) + 1, [turn]))
        elif exchanges:
            exchanges[-1].turns.append(turn)
        else:
            statements.append(Statement(len(statements) + 1, turn))
    yield Conference(source=source, key=f"example-ministry/{slug(Path(name).stem)}", title=lines[0],
                     date=date(int(m[1]), int(m[2]), int(m[3])), date_source="title", spokesperson="Spokesperson",
                     kind="press-briefing", article_id=None, statements=statements, exchanges=exchanges,
                     format="example-ministry", language="en", government="ID")


FORMAT = SourceFormat(
    name="example-ministry", title="An example ministry's briefings (docs/example_ministry.py)",
    government="ID", languages=("en",), suffixes=(".txt",), detect=detect, read=read,
    speakers="QUESTION: and ANSWER: paragraphs", documents="one briefing per file")
