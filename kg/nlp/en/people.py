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
        return 0
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
    return changed
