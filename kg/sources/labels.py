"""Recognise the speaker label that may open a paragraph ("Q:", "Reuters:", "Zhao Lijian:").

Answer paragraphs often start with a phrase that ends in a colon ("I want to stress
this:", "Our position is very clear:"); those are not labels. A label is accepted only
when it is a known marker, a known spokesperson or outlet, or has the shape of an outlet
name (capitalised words, no sentence punctuation, not opening with a pronoun).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from importlib import resources

from kg.sources.outlets import Outlet, outlet_registry

__all__ = ["LabelKind", "Label", "classify", "spokesperson_names", "spokesperson_names_zh"]


class LabelKind(str, Enum):
    QUESTION = "question"                # "Q:" - a new exchange, no outlet named
    FOLLOW_UP = "follow-up"              # "Follow-up:" - a new exchange marked as follow-up
    AFTER_CONFERENCE = "after-conference"  # "Question raised after the press conference:"
    ANONYMOUS = "anonymous"              # "Foreign Journalist:" - a new exchange, asker described
    OUTLET = "outlet"                    # "Reuters:" - a new exchange asked by that outlet
    CLARIFICATION = "clarification"      # "Journalist clarifies:" - stays in the current exchange
    ANSWER = "answer"                    # "A:" or the spokesperson's name


@dataclass(frozen=True)
class Label:
    kind: LabelKind
    text: str            # the label as printed, without the colon
    end: int             # offset in the paragraph just after the colon (and spaces)
    outlet: Outlet | None = None
    speaker: str | None = None   # spokesperson name for named answers


_HEAD = re.compile(r"^(?P<label>[^:：\n]{1,90}?)\s*[:：]\s*")
_FOLLOW_UP = re.compile(r"^follow[- ]?up(?: question)?$", re.I)
_AFTER = re.compile(
    r"^(?=.*\bafter the (?:press )?(?:conference|briefing)\b)"
    r"(?=.*\b(?:questions?|asked|raised|posed)\b).*$", re.I)
# a reported question with no label: "After the Press Conference, a journalist asked if ..."
AFTER_PROSE = re.compile(
    r"^after the (?:press )?(?:conference|briefing),? (?:a |some |the )?(?:journalists?|reporters?|"
    r"correspondents?|questions?)\b.*\b(?:asked|raised|posed|wanted to know)\b", re.I)
_CLARIFY = re.compile(
    r"^(?:the )?(?:journalist|reporter|correspondent)(?: (?:clarifie[sd]|clarify|adds|added|"
    r"explains|explained|asks|asked|continues|continued|replies|replied|follows up|followed up))?$",
    re.I)
_ANONYMOUS = re.compile(r"^(?:foreign|a|another|other|local|chinese) (?:journalist|reporter|correspondent)s?$", re.I)
_NOT_LABELS = {
    "appendix", "note", "notes", "source", "sources", "photo", "attachment", "time", "date",
    "venue", "update", "updated", "translation", "editor's note", "ps", "p s", "tel", "fax",
    "email", "e-mail", "address", "website", "subject", "re",
}
_STOP_FIRST = {
    "i", "we", "you", "he", "she", "they", "it", "but", "our", "my", "your", "here", "there",
    "a", "an", "if", "in", "let", "what", "under", "on", "at", "as", "between", "first",
    "second", "third", "fourth", "finally", "lastly", "many", "this", "that", "these", "those",
    "so", "and", "or", "now", "today", "yesterday", "yes", "no", "one", "two", "three", "for",
    "to", "with", "when", "where", "why", "how", "who", "which", "all", "some", "both",
    "however", "moreover", "meanwhile", "also", "please", "dear", "mr", "ms", "mrs", "dr",
}
_CONNECTORS = {"of", "and", "the", "de", "del", "la", "le", "du", "des", "for", "on", "al",
               "el", "y", "di", "da", "van", "von", "news", "&", "e"}


@lru_cache(maxsize=1)
def spokesperson_names() -> dict[str, str]:
    """casefolded name -> name as printed, from ``kg/data/spokespersons.csv``."""
    with resources.files("kg").joinpath("data/spokespersons.csv").open(encoding="utf-8") as fh:
        return {row["name"].casefold(): row["name"] for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def spokesperson_names_zh() -> dict[str, str]:
    """Chinese name -> English name as printed ("赵立坚" -> "Zhao Lijian"), from the
    ``name_zh`` column of ``kg/data/spokespersons.csv``.

    >>> spokesperson_names_zh()["赵立坚"]
    'Zhao Lijian'
    """
    with resources.files("kg").joinpath("data/spokespersons.csv").open(encoding="utf-8") as fh:
        return {row["name_zh"].strip(): row["name"] for row in csv.DictReader(fh)
                if (row.get("name_zh") or "").strip()}


def _outlet_shaped(label: str) -> bool:
    if any(ch in label for ch in "\"“”‘’',.;!?()[]/") or label.lower() in _NOT_LABELS:
        return False
    words = label.split()
    if not 1 <= len(words) <= 7 or words[0].lower() in _STOP_FIRST:
        return False
    if re.fullmatch(r"[\d\s]+", label):
        return False
    for w in words:
        if w.lower() in _CONNECTORS:
            continue
        if not (w[0].isupper() or w[0].isdigit() or w[0] == "&"):
            return False
    return True


def classify(paragraph: str, spokespersons: tuple[str, ...] = ()) -> Label | None:
    """The speaker label opening ``paragraph``, or None when it opens with none.

    ``spokespersons`` adds names (e.g. from the title) to the known spokesperson list.

    >>> classify("Q: What is your comment?").kind.value
    'question'
    >>> classify("Phoenix TV : First question").outlet.key
    'phoenix-tv'
    >>> classify("I want to stress this: we oppose it.") is None
    True
    """
    m = _HEAD.match(paragraph)
    if not m:
        if AFTER_PROSE.match(paragraph):
            return Label(LabelKind.AFTER_CONFERENCE, "", 0)
        return None
    raw = m.group("label").strip()
    end = m.end()
    low = raw.casefold()
    rest_empty = end >= len(paragraph)
    if low in ("q", "question", "问", "questions"):
        return Label(LabelKind.QUESTION, raw, end)
    if low in ("a", "answer", "答"):
        return Label(LabelKind.ANSWER, raw, end)
    names = spokesperson_names()
    extra = {n.casefold(): n for n in spokespersons}
    if low in names or low in extra:
        return Label(LabelKind.ANSWER, raw, end, speaker=names.get(low) or extra[low])
    if low in ("spokesperson", "the spokesperson"):
        return Label(LabelKind.ANSWER, raw, end)
    if _FOLLOW_UP.match(raw):
        return Label(LabelKind.FOLLOW_UP, raw, end)
    if _AFTER.match(raw):
        return Label(LabelKind.AFTER_CONFERENCE, raw, end)
    if _CLARIFY.match(raw):
        return Label(LabelKind.CLARIFICATION, raw, end)
    if _ANONYMOUS.match(raw):
        return Label(LabelKind.ANONYMOUS, raw, end)
    known = outlet_registry().lookup(raw)
    if known is not None and low not in _NOT_LABELS:
        return Label(LabelKind.OUTLET, raw, end, outlet=known)
    if not rest_empty and _outlet_shaped(raw):
        return Label(LabelKind.OUTLET, raw, end, outlet=outlet_registry().resolve(raw))
    return None
