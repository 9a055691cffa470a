"""Short references to people, resolved within one transcript.

"Secretary of State Mike Pompeo ... Pompeo said" is one person: once a transcript names
someone in full, a later bare surname (or the surname after a title, "Mr. Pompeo")
refers to them. A surname that two people named in the transcript share is left alone,
and so are one- and two-letter surnames and Chinese-style names, whose family name comes
first and is shared by many ("Wang", "Li").
"""

from __future__ import annotations

import re

from kg.analysis import Mention
from kg.nlp.gazetteer import Entity, fold

__all__ = ["resolve_short_names", "surname"]


def surname(entity: Entity, anchor: str) -> str | None:
    """The surname a short reference would use, or None when it would be ambiguous.

    >>> surname(Entity("person", "mike-pompeo", "Mike Pompeo", None, "US"), "Mike Pompeo")
    'Pompeo'
    >>> surname(Entity("person", "wang-yi", "Wang Yi", None, "CN"), "Wang Yi") is None
    True
    """
    if entity.iso2 in ("CN", "TW", "HK", "MO", "KP", "KR", "SG", "VN"):
        return None
    words = fold(anchor).replace("-", " ").split()
    if len(words) < 2:
        return None
    last = words[-1]
    if len(last) <= 2 or not last[:1].isupper() or last.isupper() or last in ("Jr.", "II", "III"):
        return None
    return last


# titles before a bare surname that name a known office-holder ("President Buhari")
_TITLED = re.compile(r"\b(?:President|Prime Minister|Foreign Minister|Chancellor|Premier|Chairperson|"
                     r"Chairman|Secretary-General|Secretary of State|Secretary|Senator|Speaker|King|Emir|"
                     r"Minister|Ambassador|Mr\.|Ms\.|Mrs\.|Mr|Ms|Mrs)\s+([A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)"
                     r"(?:'s|’s)?(?![\w-]|\s+[A-Z])")


def _gazetteer_surnames() -> dict[str, list[Entity]]:
    from kg.nlp.gazetteer import gazetteer

    out: dict[str, list[Entity]] = {}
    for (kind, _), e in gazetteer().entities.items():
        if kind == "person" and e.label:
            s = surname(e, e.label)
            if s:
                out.setdefault(s, []).append(e)
    return out


_SURNAMES: dict[str, list[Entity]] | None = None


def resolve_titled_surnames(texts: dict, found: dict[object, list[Mention]]) -> int:
    """A title and a bare surname ("President Buhari", "Foreign Minister Maas") of someone
    never named in full: the one person of the gazetteer with that surname whose country
    the transcript names. Returns the number of mentions added or relinked."""
    global _SURNAMES
    countries = {m.entity.key for ms in found.values() for m in ms if m.entity.kind == "country"}
    changed = 0
    for key, text in texts.items():
        ms = found.setdefault(key, [])
        for hit in _TITLED.finditer(fold(text)):
            start, end = hit.span(1)
            if any(m.entity.kind == "person" and m.start <= start and end <= m.end and len(m.text.split()) >= 2
                   for m in ms):
                continue
            if _SURNAMES is None:
                _SURNAMES = _gazetteer_surnames()
            cands = [e for e in _SURNAMES.get(hit.group(1), []) if e.iso2 in countries]
            if len({e.key for e in cands}) != 1:
                continue
            person = cands[0]
            over = [m for m in ms if m.start < end and start < m.end]
            if any(m.how != "model" or m.start < start or m.end > end for m in over):
                continue          # a gazetteer name there, or a longer name: leave it
            for m in over:
                ms.remove(m)
            ms.append(Mention(start, end, text[start:end], person, "coreference"))
            changed += 1
        ms.sort(key=lambda m: m.start)
    return changed


def resolve_short_names(texts: dict, found: dict[object, list[Mention]]) -> int:
    """Add mentions for bare surnames of people named in full elsewhere in the transcript.

    ``texts`` and ``found`` are keyed alike (one entry per utterance). Mentions of a
    person's surname that another tool minted as a separate person are relinked.
    Returns the number of mentions added or relinked.
    """
    full: dict[str, set[Entity]] = {}
    for ms in found.values():
        for m in ms:
            if m.entity.kind == "person" and len(m.text.split()) >= 2:
                s = surname(m.entity, m.text)
                if s:
                    full.setdefault(s, set()).add(m.entity)
    names = {s: next(iter(es)) for s, es in full.items() if len(es) == 1}
    if not names:
        return resolve_titled_surnames(texts, found)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(s) for s in names) + r")(?![\w-])")
    changed = 0
    for key, text in texts.items():
        ms = found.setdefault(key, [])
        for hit in pattern.finditer(fold(text)):
            start, end = hit.span()
            person = names[hit.group(1)]
            same = [m for m in ms if m.start == start and m.end == end]
            if same:
                m = same[0]
                if m.entity.kind == "person" and m.entity != person and m.how == "model":
                    ms[ms.index(m)] = Mention(start, end, text[start:end], person, "coreference")
                    changed += 1
                continue
            if any(m.start < end and start < m.end for m in ms):
                continue
            ms.append(Mention(start, end, text[start:end], person, "coreference"))
            changed += 1
        ms.sort(key=lambda m: m.start)
    return changed + resolve_titled_surnames(texts, found)
