"""How the spokesperson answered: referral, no information, no comment, or substantive.

Each rule is a regular expression over one sentence; the first sentence that fires a
type is kept as evidence. ``Substantive`` is given only when no other type fires (the
contract's rule). Pointing to the Foreign Ministry's own readout or statement is no
referral.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg.analysis import ResponseFinding
from kg.nlp.en import government_rules
from kg.nlp.extensions import doc_text, sentence_bounds, home_country

__all__ = ["ResponseTypeRules", "classify_sentence", "RULES"]

_AUTHORITY = (r"(?:competent|relevant|responsible|appropriate)\s+(?:authorit|department|agenc|"
              r"bod|ministr|organ|office|side)|authorities|ministry|department|commission|"
              r"office|bureau|embassy|consulate|agency|council|committee|association|"
              r"federation|officials|spokesperson|NPC|SCIO|MOFCOM")
RULES: dict[str, list[re.Pattern]] = {
    # the asker is sent elsewhere (a body that has only spoken is no referral: conventions v2)
    "Referral": [re.compile(p, re.I) for p in (
        r"\brefer(?:red|ring)?\s+(?:you|it|this|that|your questions?|the questions?|such questions?)"
        r"\s+to\b",
        r"\bcompetent\s+(?:authorit|department|agenc|bod|organ)",
        r"\b(?:ask|consult|check with|turn to|contact|direct (?:your|the) questions? to|approach)\s+"
        r"(?:the\s+)?(?:" + _AUTHORITY + r")",
        r"\b(?:" + _AUTHORITY + r")[^.;]{0,60}\b(?:may|will|would|can|could|might)\s+"
        r"(?:be better placed to\s+)?(?:answer|respond|state|brief|address|clarify|release|"
        r"elaborate|give|share|provide|offer)\b",
        r"\bbetter placed to (?:answer|respond|address)\b",
        r"\b(?:please|you (?:may|can|could|might) (?:want to )?)\s*(?:refer to|check|read|see|look at)\s+"
        r"(?:the\s+|his\s+|her\s+|their\s+|its\s+)?(?:response|statement|remarks|readout|answer|briefing|information|"
        r"clarification|website)s?\b",
        r"\bleave (?:the|this|that|it|such)\b[^.;]{0,30}\bto (?:the\s+)?(?!you\b)",
        r"\b(?:falls?|is|are)\s+(?:not\s+)?(?:with)?in\s+the\s+(?:purview|remit|competence|"
        r"jurisdiction)\s+of\b",
        r"\bnot (?:the right|a) (?:question|department|person) (?:for|to)\b",
        r"\bplease (?:refer to|check|read|see) (?:the\s+)?(?:" + _AUTHORITY + r")",
        # the asker sent to whoever can say: "you may ask them", "please direct your question to ..."
        r"\b(?:you (?:may|might|can|could|should|will have to) (?:want to |wish to |need to )?|please |I(?:'d| would) "
        r"(?:suggest|advise) (?:that )?you\s+)(?:ask|consult|check with|contact|approach|inquire with|enquire with|"
        r"direct (?:your|the|this|that) questions? to|put (?:your|the|this|that) questions? to)\b"
        r"(?!\s+(?:why|what|how|whether|if|yourself|yourselves)\b)",
        r"\b(?:in a|are|is) better position to (?:answer|respond|comment|address|explain|clarify)\b",
    )],
    "NoInformation": [re.compile(p, re.I) for p in (
        r"\b(?:I(?:'m| am)|we(?:'re| are)|I was|I have been)\s+(?:not|un)\s*(?:yet\s+)?"
        r"(?:aware|informed|familiar)\b",
        r"\bnot (?:been )?aware of\b",
        r"\b(?:I|we)\s+(?:do not|don't|did not|didn't|have not|haven't|have no|has no)\s+"
        r"(?:yet\s+)?(?:any\s+)?(?:(?:specific|relevant|further|detailed|more|such|the)\s+)?"
        r"(?:information|details|specifics|knowledge|updates?)\b",
        r"\b(?:I|we)\s+(?:have(?:n't| not)|did(?:n't| not))\s+(?:yet\s+)?(?:heard|seen|read)\s+"
        r"(?:of\s+|about\s+)?(?:any|the|such|this|that|these|relevant|specific)\b",
        r"\bno (?:further |specific |relevant |more |detailed )?information\s+(?:to|that I can|I can)\b",
        r"\b(?:nothing|no information|no details|no update)\s+(?:more\s+|further\s+)?"
        r"(?:to|that I can|I can)\s+(?:offer|release|share|provide|update|announce|give|add)\b",
        r"\bhave nothing (?:to|further to|more to)\s+(?:offer|release|share|provide|update|announce|add)\b",
        r"\b(?:no|not any) (?:information|details) (?:on|about|regarding) (?:this|that|it)\b",
        r"\b(?:I|we)\s+(?:have(?:n't| not)|did(?:n't| not))\s+(?:yet\s+)?(?:received|got|gotten)\s+"
        r"(?:any\s+)?(?:(?:relevant|specific|such|the)\s+)?(?:information|details|reports?|"
        r"notification|updates?)\b",
        r"\b(?:will|'ll|shall)\s+(?:keep you (?:updated|posted|informed)|get back to you|"
        r"let you know|have to check|need to check|check (?:on )?(?:that|it|this) )",
        r"\b(?:will|'ll)\s+release\s+(?:the\s+|more\s+|further\s+|relevant\s+)*information\b[^.;]{0,50}?"
        r"(?:in due course|in a timely (?:manner|fashion)|as soon as possible|when)",
        # the speaker will ask for the asker: no information now, and no referral either
        r"\b(?:I|we)\s*(?:will|'ll|shall|can|could|may)\s+(?:(?:try to|have to|need to)\s+)?"
        r"(?:consult|check with|ask|contact|verify with|inquire with|enquire with)\b[^.;]{0,60}\bfor you\b",
        # the speaker has only just heard of it: "I just got the news like you"
        r"\b(?:I|we)\s+(?:have\s+)?(?:just|only just)\s+(?:got|gotten|heard|learned|learnt|seen|saw|received)"
        r"\s+(?:the|this|that|about the|of the)\s+(?:news|report)",
        # the speaker seeks the information or will pass it on later
        r"\b(?:(?:I|we)\s+(?:will|'ll|shall)\s+update you\b|(?:I|we)\s+(?:are|'re|am|'m)\s+in (?:close )?"
        r"(?:contact|touch|communication) with\b[^.;]{0,80}\bfor (?:more |further |the )?(?:information|details))",
    )],
    "NoComment": [re.compile(p, re.I) for p in (
        r"\bno comments?\b(?!\s+(?:on|about)\s+(?:your|the)\s+(?:comments?))",
        r"\b(?:won't|will not|would not|wouldn't|do not|don't|does not|doesn't|cannot|can't|"
        r"never|not going to|not in a position to|decline to|refrain from)\s+"
        r"(?:make\s+(?:any\s+)?)?comment(?:ing)?\b",
        r"\b(?:won't|will not|do not|don't|not going to)\s+(?:respond|reply)\s+to\s+"
        r"(?:such\s+)?hypothetical\b",
        r"\bhave nothing to say\b",
        r"\b(?:not going to|won't|will not|do not|don't)\s+(?:speculate|get ahead of)\b",
        # declining to predict or to disclose: "I cannot make a prediction for you",
        # "now is not the right time to disclose relevant details"
        r"\b(?:cannot|can't|won't|will not|not going to|unable to|not in a position to)\s+"
        r"(?:make\s+(?:a|any)\s+)?(?:predict(?:ion)?s?|speculat(?:e|ion))\b",
        r"\b(?:(?:not|isn't|is not|no)\s+(?:yet\s+)?|(?:don't|do not|doesn't|does not) (?:think|believe|feel)"
        r"[^.;]{0,60}\b)(?:the\s+)?(?:right|appropriate|proper)\s+time\s+to\s+"
        r"(?:disclose|reveal|release|comment|discuss|share)\b",
        # declining to go further: "I'm not in a position to go into the details", "I won't elaborate"
        r"\b(?:I|we)(?:'m|'re| am| are)? (?:just |still |currently )?not (?:able|prepared|in a position|at liberty|willing) to "
        r"(?:comment|go into|get into|elaborate|disclose|"
        r"reveal|discuss|answer|respond|speculate|say more|go further)\b",
        r"\b(?:I|we)(?:'m|'re| am| are)? (?:just |certainly |also )?(?:won't|will not|wouldn't|would not|do not|don't|"
        r"not going to|cannot|can't|decline to|refrain from)\s+(?:(?:further\s+)?elaborat(?:e|ing)|go(?:ing)? (?:into|any further|further)|get(?:ting)? into|"
        r"answer (?:such|this|that|a|any|your)?\s*hypothetical|disclose|reveal)\b",
        r"\bnot for me to (?:comment|speculate|judge|say)\b",
        # "please stay tuned": the speaker will not say now; "not a diplomatic question": not the speaker's to answer
        r"\bstay tuned (?:to see|for)\b|\b(?:as for|as to)\b[^.;]*\bstay tuned\b|"
        r"\bnot (?:a |about a )?diplomatic (?:question|matter|issue)\b",
    )],
}


# Words each rule cannot match without (lower case, as substrings), in the order of RULES.
# A rule runs only on a sentence holding one of them: plain substring tests are far
# cheaper than the regular expressions, and most sentences fire no rule at all.
_AUTH = ("authorit", "department", "agenc", "bod", "ministr", "organ", "office", "side",
         "commission", "bureau", "embassy", "consulate", "council", "committee", "association",
         "federation", "official", "spokesperson", "npc", "scio", "mofcom")
ANCHORS: dict[str, list[tuple[str, ...]]] = {
    "Referral": [("refer",), ("competent",), _AUTH, _AUTH, ("better placed",),
                 ("refer to", "check", "read", "see", "look at"),
                 ("leave ",), ("purview", "remit", "competence", "jurisdiction"),
                 ("not the right", "not a "), _AUTH,
                 ("ask", "consult", "check with", "contact", "approach", "inquire", "enquire", "direct", "put "),
                 ("better position",)],
    "NoInformation": [("aware", "informed", "familiar"), ("aware",),
                      ("information", "details", "specifics", "knowledge", "update"),
                      ("heard", "seen", "read"), ("information",),
                      ("nothing", "information", "details", "update"), ("nothing",),
                      ("information", "details"), ("received", "got"),
                      ("keep you", "get back", "let you know", "check"), ("release",),
                      ("for you",), ("just",),
                      ("update you", "contact", "touch", "communication")],
    "NoComment": [("comment",), ("comment",), ("hypothetical",), ("nothing",),
                  ("speculate", "get ahead"), ("predict", "speculat"), ("time to",),
                  ("able to", "prepared to", "position to", "liberty to", "willing to"),
                  ("elaborat", "go into", "going into", "further", "get into", "getting into", "hypothetical",
                   "disclose", "reveal"),
                  ("not for me",), ("stay tuned", "diplomatic")],
}


# each rule with its anchors as one regex (a single C-level search instead of a loop of `in`
# tests); strict: a rule added without anchors is an error here, not silently skipped
_CHECKS = {t: [(re.compile("|".join(re.escape(a) for a in anchors)), rule)
               for rule, anchors in zip(RULES[t], ANCHORS[t], strict=True)]
           for t in RULES}


# every anchor of every rule: one search tells whether a sentence can fire any rule at all
# (most cannot); for one that can, the anchors it holds are found once and each rule asks
# whether it shares one with them (the same test as its own anchor regex, without a search
# per rule)
_ALL_ANCHORS = tuple(sorted({a for anchors in ANCHORS.values() for rule in anchors for a in rule}))
_ANY_ANCHOR = re.compile("|".join(re.escape(a) for a in _ALL_ANCHORS))
_ANCHOR_SETS = {t: [(frozenset(anchors), rule) for rule, anchors in zip(RULES[t], ANCHORS[t], strict=True)]
                for t in RULES}


def matching_rules(sentence: str) -> list[tuple[str, int]]:
    """(type, rule number) of every rule that fires on one sentence, first rule of each type.

    >>> matching_rules("I'd refer you to the competent authorities.")
    [('Referral', 0)]
    >>> matching_rules("We oppose that.")
    []
    """
    low = sentence.lower()
    if _ANY_ANCHOR.search(low) is None:
        return []
    present = {a for a in _ALL_ANCHORS if a in low}
    out = []
    for t, checks in _ANCHOR_SETS.items():
        for k, (anchors, r) in enumerate(checks):
            if not anchors.isdisjoint(present) and r.search(sentence):
                out.append((t, k))
                break
    return out


def classify_sentence(sentence: str) -> list[str]:
    """Non-substantive types one sentence shows.

    >>> classify_sentence("I'd refer you to the competent authorities.")
    ['Referral']
    >>> classify_sentence("I'm not aware of what you said.")
    ['NoInformation']
    >>> classify_sentence("We oppose that.")
    []
    """
    low = sentence.lower()
    types = [t for t, checks in _CHECKS.items()
             if any(a.search(low) and r.search(sentence) for a, r in checks)]
    if "Referral" in types and _SPEAKER_ASKS.search(sentence):
        types.remove("Referral")      # "I will consult the competent authority for you"
    return types


# "I will consult the competent authority for you": the speaker asks, the asker is not sent away
# (and "we are in contact with ... for more information": the speaker seeks it)
_SPEAKER_ASKS = re.compile(RULES["NoInformation"][11].pattern + "|" + RULES["NoInformation"][-1].pattern, re.I)
_OWN_READOUT = re.compile(r"\b(?:foreign ministry|our (?:readout|statement|website)|"
                          r"ministry of foreign affairs|we have (?:released|issued))\b", re.I)


def _about_others(doc: Doc, start: int, end: int, self_country: str) -> bool:
    """Whether the sentence names a foreign country or a person (then it reports, not refers)."""
    return any(start <= m.start < end and (
        m.entity.kind == "person" or m.entity.kind == "country" and m.entity.key != self_country)
        for m in (doc._.dk_mentions or []))


@Language.factory("dk_response_type", default_config={"self_country": "CN"})
def _make(nlp: Language, name: str, self_country: str) -> "ResponseTypeRules":
    return ResponseTypeRules(self_country)


class ResponseTypeRules:
    """``self_country``: the spokesperson's own country (naming it is no sign of reporting)."""

    def __init__(self, self_country: str = "CN"):
        self.self_country = self_country

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, ResponseFinding] = {}
        text = doc_text(doc)
        home = home_country(doc, self.self_country)
        for start, end in sentence_bounds(doc):
            sent = text[start:end]
            kept = []
            fired = matching_rules(sent)
            speaker_asks = any(t == "Referral" for t, _ in fired) and _SPEAKER_ASKS.search(sent)
            for t, k in fired:
                if t == "Referral" and speaker_asks:
                    continue          # "I will consult the competent authority for you"
                if t == "Referral" and _OWN_READOUT.search(sent) and not re.search(
                        r"competent|relevant", sent, re.I):
                    continue
                if t == "Referral" and _about_others(doc, start, end, home) and not re.search(
                        r"competent|refer (?:you|it|this|that)", sent, re.I):
                    continue
                kept.append((t, str(k)))
            lead = len(sent) - len(sent.lstrip())
            for t, k in government_rules.response_rules(sent, home, kept):   # the government's own formulas
                found.setdefault(t, ResponseFinding(t, sent.strip(), start + lead,
                                                    start + lead + len(sent.strip()), f"{t}:{k}"))
        doc._.dk_responses = list(found.values()) or [ResponseFinding("Substantive", rule="Substantive")]
        return doc
