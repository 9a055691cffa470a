"""Who asked, for datasets that give the asker in a field of its own (a "questioner" or
"who_asked" column) instead of a speaker label in the text.

The field's value goes through the same English label rules as a transcript's label
(:func:`kg.sources.labels.classify`), so ``Reuters``, ``R euters`` and ``Reuters TV`` are one
outlet, ``Follow-up`` marks a follow-up, ``The following question was raised after the press
conference`` an exchange raised after the conference, and ``Foreign correspondent`` an asker
who is not an outlet. Page chrome that a scraper took for an asker (``Updated``) and empty
markers (``-``) are never outlets.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.sources.labels import LabelKind, classify
from kg.sources.outlets import outlet_registry

__all__ = ["Asker", "english_asker", "CHROME"]

# words a scraper took for an asker: page chrome, never an outlet
CHROME = {"updated", "update", "source", "editor", "date", "time", "-", "–", "—", "n/a", "na", "none"}


@dataclass(frozen=True)
class Asker:
    outlet: str | None = None       # outlet key (kg.sources.outlets)
    label: str | None = None        # the asker as printed, when it names one (outlet or person)
    follow_up: bool = False
    after_conference: bool = False
    chrome: bool = False            # page chrome, not an asker at all


def english_asker(printed: str | None) -> Asker:
    """What an asker field says.

    >>> english_asker("R euters").outlet, english_asker("RT TV").outlet, english_asker("AP").outlet
    ('reuters', 'rt', 'ap')
    >>> a = english_asker("The following question was raised after the press conference")
    >>> a.after_conference, a.outlet
    (True, None)
    >>> english_asker("Updated").chrome, english_asker("Follow-up").follow_up
    (True, True)
    >>> english_asker("Foreign correspondent")
    Asker(outlet=None, label='Foreign correspondent', follow_up=False, after_conference=False, chrome=False)
    """
    name = (printed or "").strip()
    if not name:
        return Asker()
    if name.casefold() in CHROME:
        return Asker(chrome=True)
    label = classify(f"{name}: ?")
    kind = label.kind if label else None
    if kind is LabelKind.OUTLET:
        return Asker(outlet=label.outlet.key, label=name)
    if kind is LabelKind.AFTER_CONFERENCE:
        return Asker(after_conference=True)
    if kind is LabelKind.FOLLOW_UP:
        return Asker(follow_up=True)
    if kind in (LabelKind.ANONYMOUS, LabelKind.CLARIFICATION):
        return Asker(label=name)
    if kind in (LabelKind.QUESTION, LabelKind.ANSWER):
        return Asker()
    # the field names the asker: a name the label rules do not know is an outlet not listed yet
    return Asker(outlet=outlet_registry().resolve(name).key, label=name)
