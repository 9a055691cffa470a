"""References to a document's own officials by first name or surname.

At a White House briefing or a joint press conference the officials are named once, in the
title or the speaker labels, and afterwards called by one name: "I think Karine said it really
well yesterday", "what Kirby shared", "(Minister) Penny can add", "Eng Hen and Kim Yong". When a
document lists its officials (``Conference.officials``, which the China MFA reader leaves
empty), each such reference is a mention of that official. A name used to address someone
("Thanks, John.", "Hey, Kirby.", "Karine, I think we have to go.") is no reference and is left
out, as the annotation conventions do.

Names are split the usual way (first name, surname), except a three-word name whose last two
words are short ("Gan Kim Yong", "Ng Eng Hen"): family name first, then the two-word given name.
A form shorter than three letters is never used alone.
"""

from __future__ import annotations

import re

from kg.analysis import Mention, TurnAnalysis
from kg.keys import slug
from kg.nlp.gazetteer import Entity

__all__ = ["link_officials", "name_forms"]

_GREETING = re.compile(r"(?:\b(?:Thanks|Thank you|Hi|Hey|Hello|Okay|OK|Yes|No|Sorry|Sure|Great|Morning|Afternoon|"
                       r"Good (?:morning|afternoon|evening))(?: so much| very much| again)?[,!.]?\s*)$")


def name_forms(name: str) -> list[str]:
    """The short forms a document would call an official by.

    >>> name_forms("Karine Jean-Pierre"), name_forms("Gan Kim Yong"), name_forms("Ng Eng Hen")
    (['Karine', 'Jean-Pierre'], ['Gan', 'Kim Yong'], ['Eng Hen'])
    """
    words = name.split()
    if len(words) < 2:
        return []
    if len(words) == 3 and all(len(w) <= 4 and w[:1].isupper() for w in words[1:]):
        forms = [words[0], " ".join(words[1:])]
    else:
        forms = [words[0], words[-1]]
    return [f for f in forms if len(f.replace(" ", "")) >= 3]


def _vocative(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 40):start], text[end:end + 2]
    if _GREETING.search(before):
        return True
    sentence_start = not before.strip() or re.search(r"[.!?—:]\s*$", before)
    if sentence_start and after.startswith(","):
        return True
    return bool(re.search(r",\s*$", before)) and (not after or after[0] in "?.!")


def _entity(name: str) -> Entity:
    from kg.nlp.gazetteer import gazetteer

    for alias in gazetteer().lookup(name):
        if alias.entity.kind == "person":
            return alias.entity
    return Entity("person", slug(name), name)


def link_officials(officials: list[str], anonymous: list[str], texts: list[str],
                   analysed: list[TurnAnalysis]) -> int:
    """Add a mention for every full name or short form of an official in ``texts`` that no
    mention covers yet (``analysed[i]`` holds the mentions of ``texts[i]``). Returns how many."""
    named = [n for n in officials if n and n not in anonymous and len(n.split()) >= 2]
    if not named:
        return 0
    forms: dict[str, str] = {}
    for name in named:
        forms.setdefault(name, name)
    for name in named:
        for f in name_forms(name):
            if f not in forms and not any(f in name_forms(o) for o in named if o != name):
                forms[f] = name     # a form two officials share is left alone
    pattern = re.compile(r"(?<![\w’'-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                         + r")(?![\w-])")
    entities = {name: _entity(name) for name in named}
    added = 0
    for text, ta in zip(texts, analysed):
        for hit in pattern.finditer(text):
            start, end = hit.span()
            if any(m.start < end and start < m.end for m in ta.mentions) or _vocative(text, start, end):
                continue
            ta.mentions.append(Mention(start, end, hit.group(0), entities[forms[hit.group(0)]], "coreference"))
            added += 1
        ta.mentions.sort(key=lambda m: m.start)
    return added
