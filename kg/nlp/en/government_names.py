"""Names a government's briefers use for their own bodies and parties, unqualified.

A White House briefer says "Congress", "the Senate", "DOJ", "FEMA", "Republicans": in a US
document these are the United States Congress, the Republican Party...; a China MFA transcript
says "the US Congress", which the shared gazetteer knows. Likewise "the White House" is the
speaking administration itself, which the conventions do not count as an organisation (as
"the administration" is not), so in a US document it is no mention.

The names are data: ``kg/data/gazetteer/government_names.csv`` (one row per entity and
government: ``action`` ``name`` adds the aliases, ``drop`` removes the gazetteer's mentions of
the entity). An entity the shared gazetteer knows is taken from it (same IRI, label and QID);
the others are described by the row (QIDs only from Party Facts, see the gazetteer README).
``dk_government_names`` runs right after ``dk_gazetteer`` on documents whose government has
rows (:func:`kg.nlp.extensions.home_country`); on any other document it does nothing, so China
MFA text is untouched. A name found here replaces gazetteer mentions it overlaps unless one of
them is longer ("the Senate Foreign Relations Committee" stays that committee).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from kg.analysis import Entity, Mention
from kg.nlp.extensions import doc_text, home_country, mentions

__all__ = ["GovernmentNames", "names_for", "NAMES_FILE"]

from kg.paths import GAZETTEER_DIR  # noqa: E402

NAMES_FILE = GAZETTEER_DIR / "government_names.csv"


@dataclass(frozen=True)
class _Names:
    pattern: re.Pattern | None          # every alias, longest first
    by_alias: dict[str, Entity]
    drop: frozenset[tuple[str, str]]    # (kind, key) of entities that are no mention here


@lru_cache(maxsize=8)
def names_for(home: str) -> _Names:
    """The aliases and dropped entities of one government (empty when it has no rows)."""
    from kg.nlp.gazetteer import gazetteer

    g = gazetteer()
    by_alias: dict[str, Entity] = {}
    drop = set()
    if NAMES_FILE.exists():
        with NAMES_FILE.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["government"] != home:
                    continue
                if row["action"] == "drop":
                    drop.add((row["kind"], row["key"]))
                    continue
                entity = g.get(row["kind"], row["key"]) or Entity(
                    row["kind"], row["key"], row["label"], row["qid"] or None)
                for alias in filter(None, row["aliases"].split("|")):
                    by_alias.setdefault(alias, entity)
    if not by_alias:
        return _Names(None, {}, frozenset(drop))
    alts = sorted(by_alias, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.-])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w-]|\.\w)")
    return _Names(pattern, by_alias, frozenset(drop))


@Language.factory("dk_government_names")
def _make(nlp: Language, name: str) -> "GovernmentNames":
    return GovernmentNames()


class GovernmentNames:
    """Add the speaking government's own names; drop what is no mention in its documents."""

    def __call__(self, doc: Doc) -> Doc:
        names = names_for(home_country(doc))
        if names.pattern is None and not names.drop:
            return doc
        found = mentions(doc)
        if names.pattern is not None:
            text = doc_text(doc)
            for hit in names.pattern.finditer(text):
                start, end = hit.span()
                over = [m for m in found if m.start < end and start < m.end]
                if any(m.end - m.start > end - start for m in over):
                    continue   # a longer name holds this one
                for m in over:
                    found.remove(m)
                entity = names.by_alias[hit.group(0)]
                how = "metonym" if entity.kind == "country" else "gazetteer"
                found.append(Mention(start, end, hit.group(0), entity, how))
        if names.drop:
            found[:] = [m for m in found if (m.entity.kind, m.entity.key) not in names.drop]
        found.sort(key=lambda m: m.start)
        return doc
