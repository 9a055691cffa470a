"""References within an exchange that name a stance target without naming it.

"the relevant country", "a certain country", "the country concerned", "his country", "They
should ..." stand for the one foreign country the question names; "this US politician",
"the US leader", "the relevant person in the US" for the one person of that country the
question names (conventions v2: "the relevant country" is the country the question makes
unambiguous; when more than one could be meant there is no target).

These references are not mentions (the gold and the graph count names, not pronouns): they
are handed to the stance rules only, as :class:`~kg.analysis.Mention` objects whose method
is ``reference``.
"""

from __future__ import annotations

import re

from kg.analysis import Entity, Mention

__all__ = ["reference_mentions", "set_context", "context_entities"]

_COUNTRY = re.compile(r"\b(?:the|a|this|that|his|her|its|their)\s+(?:(?:relevant|certain|said)\s+)?"
                      r"country(?:\s+concerned)?\b(?!\s*(?:'s\s+)?(?:and|or)\s)|\bcertain country\b|"
                      r"\b(?:relevant|certain) countries\b", re.I)
_THEY = re.compile(r"^\s*They\s+(?:should|must|need|have to|are|keep|have been|always)\b")
_PERSON = re.compile(r"\b(?:this|the|that)\s+(?:relevant\s+)?(?:(US|U\.S\.|American|British|Australian|"
                     r"Japanese|Canadian|German|French|Indian)\s+)?(?:politician|official|leader|person|"
                     r"senator|congressman|congresswoman|lawmaker|gentleman|individual|minister|"
                     r"secretary|president)\b(?:\s+in\s+the\s+(US|U\.S\.))?", re.I)
# "he"/"she" standing for the one person the question names ("China highly commends what he has done")
_PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
# territories of China: never "the relevant country" in China's own words
_NOT_FOREIGN = {"CN": {"HK", "MO", "TW"}}
_DEMONYM = {"us": "US", "u.s.": "US", "american": "US", "british": "GB", "australian": "AU",
            "japanese": "JP", "canadian": "CA", "german": "DE", "french": "FR", "indian": "IN"}


def set_context(doc, entities: list[Entity]) -> None:
    """Give an answer the entities its exchange's question named, in order."""
    doc.user_data["dk_context"] = entities


def context_entities(doc) -> list[Entity]:
    return doc.user_data.get("dk_context") or []


def reference_mentions(doc, text: str, start: int, end: int, home: str) -> list[Mention]:
    """Reference mentions in ``text[start:end]`` (one sentence), resolved through the context.

    >>> from types import SimpleNamespace
    >>> us = Entity("country", "US", "United States", None, "US")
    >>> doc = SimpleNamespace(user_data={"dk_context": [us]})
    >>> s = "We hope the certain country can focus on helping African countries."
    >>> [(m.text, m.entity.key) for m in reference_mentions(doc, s, 0, len(s), "CN")]
    [('the certain country', 'US')]
    """
    context = context_entities(doc)
    if not context:
        return []
    sent = text[start:end]
    out: list[Mention] = []
    skip = _NOT_FOREIGN.get(home, set())
    countries = list(dict.fromkeys(e for e in context if e.kind == "country" and e.key != home
                                   and e.key not in skip))
    people = list(dict.fromkeys(e for e in context if e.kind == "person"))
    if len(countries) == 1 and ("country" in sent or "They" in sent):
        for hit in _COUNTRY.finditer(sent):
            out.append(Mention(start + hit.start(), start + hit.end(), hit.group(0), countries[0],
                               "reference"))
        hit = _THEY.match(sent)
        if hit:
            s = start + sent.index("They")
            out.append(Mention(s, s + 4, "They", countries[0], "reference"))
    foreign = [p for p in people if p.iso2 != home]
    if len(people) == 1 and len(foreign) == 1 and ("he" in sent or "He" in sent):
        for hit in _PRONOUN.finditer(sent):
            out.append(Mention(start + hit.start(), start + hit.end(), hit.group(0), people[0], "reference"))
    if people:
        for hit in _PERSON.finditer(sent):
            code = _DEMONYM.get((hit.group(1) or hit.group(2) or "").lower())
            cands = [p for p in people if code is None or p.iso2 == code]
            if len(cands) == 1:
                out.append(Mention(start + hit.start(), start + hit.end(), hit.group(0), cands[0],
                                   "reference"))
    return out
