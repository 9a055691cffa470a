"""What each speaking government's briefers say in their own way: one table per government.

The English stance and response-type components (:mod:`kg.nlp.en.stance`,
:mod:`kg.nlp.en.response_type`) hold the rules every speaker shares; they consult this module
through one hook each, with the ISO code of the government that speaks in the document
(:func:`kg.nlp.extensions.home_country`):

- :func:`home_words`: the words that put a clause in the speaker's own voice ("China firmly
  opposes", "America stands with"); the home country itself is never a stance target;
- :func:`response_types`: the government's own formulas for referring the asker elsewhere,
  having nothing to offer, or declining ("I'd refer you to the Pentagon", "I don't have anything
  for you on that", "I'm not going to get ahead of the President");
- :func:`stances`: the government's own ways of taking a stance toward a country, person or
  organisation ("hold Russia accountable", "we stand with Ukraine", "France is our oldest ally",
  "Russia's malign activities").

China (CN) has no entries beyond its home words: the shared rules were written on China MFA
text, so its behaviour is exactly theirs. A government with no table gets the shared rules only.
Each rule is a regular expression over one sentence; response rules run only on sentences that
hold one of their anchor words (plain substring tests, like the shared rules).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = ["GovernmentRules", "RULES", "home_words", "response_rules", "response_types", "stances"]


@dataclass(frozen=True)
class StancePattern:
    """A stance toward the mention that ``before`` ends just before (and ``after`` starts just
    after, when given): ``before`` is matched against the sentence up to the mention, anchored at
    its end; ``after`` against the rest, anchored at its start."""

    polarity: str
    cue: str
    before: re.Pattern | None = None
    after: re.Pattern | None = None


@dataclass(frozen=True)
class GovernmentRules:
    home_words: frozenset[str]
    # type -> [(rule, anchors)]: a rule runs on a sentence holding one of its anchors
    responses: dict[str, list[tuple[re.Pattern, tuple[str, ...]]]] = field(default_factory=dict)
    # type -> rules under which a shared rule's finding of that type does not hold for this government
    vetoes: dict[str, list[re.Pattern]] = field(default_factory=dict)
    stances: tuple[StancePattern, ...] = ()


def _compile(pattern: str) -> re.Pattern:
    """Case-insensitive, except that ``[A-Z]`` still asks for a capital (a name)."""
    return re.compile(pattern.replace("[A-Z]", "(?-i:[A-Z])"), re.I)


def _rules(*pairs: tuple[str, tuple[str, ...]]) -> list[tuple[re.Pattern, tuple[str, ...]]]:
    return [(_compile(p), anchors) for p, anchors in pairs]


def _before(polarity: str, cue: str, pattern: str, after: str | None = None) -> StancePattern:
    return StancePattern(polarity, cue, _compile(pattern + r"$"), _compile(r"^" + after) if after else None)


def _after(polarity: str, cue: str, pattern: str) -> StancePattern:
    return StancePattern(polarity, cue, None, _compile(r"^" + pattern))


_I = r"(?:I|we)"
_IM = r"(?:I[’']m|I am|we[’']re|we are)"
_NOT = r"(?:do not|don[’']t|did not|didn[’']t)"
_WONT = r"(?:won[’']t|will not|can[’']t|cannot|can not|could not|couldn[’']t|would not|wouldn[’']t)"
_DETAIL = r"(?:get ahead of|get (?:out )?in front of|get into|go into|go beyond|go further|comment|speculate|predict|" \
          r"characterize|preview|detail|discuss|dive into|litigate|parse|weigh in|negotiate in public|" \
          r"confirm or deny|read out|telegraph|prejudge|provide (?:any )?(?:context|details|specifics)|share (?:any )?details)"
# bodies of the US government (and others) a White House briefer sends the asker to
_US_BODIES = r"(?:(?:the )?Department of (?:[A-Z][\w]+)(?: (?:and|of) [A-Z][\w]+| Security)*|(?:the )?(?:Justice|State|Defense|" \
             r"Treasury|Commerce|Homeland Security|Energy|Labor|Transportation) Department|DOJ|DHS|DOD|DoD|(?:the )?Pentagon|" \
             r"(?:the )?FBI|(?:the )?Secret Service|FEMA|(?:the )?NSC|(?:the )?(?:Biden |Harris |Trump )?campaign|" \
             r"(?:the )?Alliance|NATO|(?:the )?(?:White House )?Counsel[’']s Office|(?:the )?Office of [A-Z][\w ]+|" \
             r"(?:our |the )?(?:[A-Z][a-z]+ )?colleagues|(?:the )?[A-Z]{2,5}\b)"

US = GovernmentRules(
    home_words=frozenset({"america", "american", "washington"}),
    responses={
        "Referral": _rules(
            (r"\brefer(?:red|ring)?\b[^.;]{0,60}?\bto (?:the |my |our )?(?:" + _US_BODIES + r"|[A-Z])", ("refer",)),
            (r"\b(?:point|direct|send|steer) you (?:to|toward)\b", ("point you", "direct you", "send you", "steer you")),
            (r"\b(?:I[’']ll|I will|I would|I[’']d|let me|I[’']m going to|I have to|I[’']ve got to) (?:have to )?defer to\b", ("defer",)),
            (r"\bI[’']ll let [A-Z][\w.]*(?: [A-Z][\w.]*)* (?:speak to|speak for|address|answer|talk (?:to|about))\b", ("i’ll let", "i'll let")),
            (r"\b(?:a |that[’']s a |that is a )?(?:better |good )?question (?:put )?(?:to|for)(?: —)? (?:to )?(?:the |our |my )?(?:" + _US_BODIES + r"|[A-Z])",
             ("question",)),
            (r"\b(?:that|this|it)(?:[’']s| is| would be)(?: really| actually| probably| more)? (?:a question )?for (?:the )?"
             r"(?:" + _US_BODIES + r"|[A-Z][\w]+) to (?:speak to|speak about|answer|address|decide|comment|talk about)\b", ("for ",)),
            (r"\b(?:" + _US_BODIES + r"|(?!(?:He|She|They|We|It|This|That|There|These|Those|The|And|But|So|What|Which|Who|"
             r"Everybody|Everyone|People|President|Leaders)\b)[A-Z][a-z]+) (?:will|would|can|could|is going to|are going to|[’']ll) "
             r"(?:be able to |be better placed to )?"
             r"(?:provide|share|speak to|talk (?:to|about)|give you|walk you through|brief you|have more)\b", ("will", "would", "can", "could", "going to", "’ll", "'ll")),
            (r"\byou[’']ll (?:hear|get) more (?:on that |about that )?from\b", ("hear more", "get more")),
            (r"\b(?:that|this|it)(?:[’']s| is) (?:something )?(?:that )?(?:at |for |with )?(?:the )?(?:Department of|Justice Department|DOJ|DHS|"
             r"Pentagon|State Department|FBI)\b", ("department", "doj", "dhs", "pentagon", "fbi")),
            (r"\b(?:decided|handled|done)\b[^.;]{0,30}\bby (?:the )?(?:Department of|DOJ|DHS|Pentagon|"
             r"State Department|FBI|Justice Department)\b", ("department", "doj", "dhs", "pentagon", "fbi")),
            (r"\b(?:Department of|DOJ|DHS|Pentagon|State Department|FBI|Justice Department)[^.;]{0,40}\b(?:is|are) going to\b[^.;]{0,20}\bhandle\b",
             ("handle",)),
            (r"\b(?:ask|check with|talk to|reach out to|contact) (?:the |my |our )?(?:" + _US_BODIES + r")\b(?! to see)", ("ask", "check with", "talk to", "reach out", "contact")),
        ),
        "NoInformation": _rules(
            (r"\b" + _I + r" " + _NOT + r" have (?:a|an|any|anything|much|something|more|the|that|those|specific|new|other|additional|"
             r"further|details|specifics|updates?)\b(?! (?:doubt|reason|question that|problem|illusion|intention|plans? to))"
             r"(?:[^.;]{0,60}?)\b(?:to (?:share|announce|read out|preview|confirm|offer|add|speak to|report|point to|give you|"
             r"provide|update)|for you|on (?:that|this|it|the calendar|the schedule)|with respect to|at this (?:time|point|moment)|"
             r"right now|yet|today|beyond|to offer you|on (?:his|her|the President[’']s|their) (?:schedule|calendar))\b",
             ("have",)),
            (r"\b" + _I + r" " + _NOT + r" have (?:an update|a readout|a date|a timeline|a number|anything (?:more|further|else|new)|"
             r"(?:any |much )?(?:more |further |additional |new |other )?(?:specifics|details|information|updates?|readouts?|news|"
             r"numbers))\b", ("have",)),
            (r"\bnothing (?:more |else |new |further |additional )?to (?:announce|share|preview|read out|add|report|offer|confirm|update)\b",
             ("nothing",)),
            (r"\bno (?:calls?|meetings?|updates?|announcements?|details|readouts?|news|schedule) (?:to )?(?:preview|announce|share|read out|"
             r"update|offer|report)\b", ("no ",)),
            (r"\b(?:I|we)(?:[’']d| would| will|[’']ll)? have to (?:check|reach out|look into|get back|circle back|look at that)\b",
             ("have to",)),
            (r"\b(?:get|circle|come) back to you\b", ("back to you",)),
            (r"\b(?:first time I[’']m hearing|haven[’']t seen (?:that|those|the|this|any) (?:report|reporting|comments?|statement)|"
             r"not tracking|I[’']m not sure I[’']ve seen)\b", ("hearing", "seen", "tracking")),
        ),
        "NoComment": _rules(
            (r"\b" + _IM + r" (?:just |certainly |also |simply |really |definitely |obviously )?not (?:going to|gonna) "
             r"(?:be able to )?(?:" + _DETAIL + r"|provide|share|talk about|speak (?:to|for|about)|confirm|detail|discuss|"
             r"characterize|announce|negotiate|lay out|describe|speculate|be more specific)\b", ("not going", "not gonna")),
            (r"\b" + _I + r" (?:just |certainly |also |simply )?" + _WONT + r" (?:be able to )?(?:" + _DETAIL + r"|speak (?:to|for|on behalf of|about)|"
             r"talk about|get specific|go (?:any )?further|confirm|detail)\b", ("won", "will not", "can", "could", "would")),
            (r"\bnot (?:able|prepared|in a position|at liberty|willing) to (?:speak|comment|get|go|share|use|confirm|discuss|detail|"
             r"provide|talk|characterize|make)\b", ("able", "prepared", "position", "liberty", "willing")),
            (r"\b" + _I + r" " + _NOT + r" want to (?:" + _DETAIL + r"|get (?:too )?far ahead|get out ahead|speak for|go any further)\b",
             ("want to",)),
            (r"\bwithout getting (?:in)?to\b", ("without getting",)),
            (r"\bI[’']ll let (?:the |both )?(?:leaders?|President|two|process|negotiations?)\b[^.;]{0,40}\b(?:before|speak|have)\b",
             ("i’ll let", "i'll let")),
            (r"\breticent\b[^.;]{0,20}\bto (?:talk|speak|comment)\b", ("reticent",)),
            (r"\b(?:just|already|literally) (?:asked and )?answered (?:that|your|this|the) question\b|\basked and answered\b|"
             r"\blook at the transcript\b", ("answered", "transcript")),
            (r"\b(?:demur|decline to|no comment|not commenting)\b", ("demur", "decline", "comment")),
            (r"\bwait (?:to see|and see)\b[^.;]{0,40}\bbefore (?:we|I) (?:comment|characterize|speak|say)\b", ("wait",)),
            (r"\bno, I cannot\b|\bI (?:certainly |just )?can[’']t predict\b", ("cannot", "predict")),
            (r"\bI[’']m not going to\b[^.;]{0,15}$", ("not going",)),
        ),
    },
    vetoes={
        # "I'm going to leave it to the opening statement": no one to ask elsewhere
        "Referral": [_compile(r"\bleave (?:it|that|this) (?:to|at) (?:the |my |our )?(?:opening|statement|remarks|that|there|what)\b")],
    },
    stances=(
        # support and goodwill
        _before("positive", "support", r"\b(?:support(?:s|ed|ing)?|continue to support|supporting|our support for|our commitment to|"
                                       r"stand(?:s|ing)? (?:with|by)|standing up for|solidarity with|to help|help(?:s|ing)?|assist(?:ing)?|"
                                       r"to defend|defend(?:ing)?)\s+(?:the\s+)?(?:people of\s+)?"),
        _before("positive", "friends", r"\bour (?:(?:good|close|closest|great|dear|old|oldest)\s+)?(?:friends?|allies|ally|partners?) "
                                       r"(?:in|from)\s+(?:the\s+)?(?:[A-Z][\w-]+ (?:and|,) )?"),
        _before("positive", "respects", r"\b(?:pay (?:our |my |his )?respects|condolences|sympathies|our thoughts|our prayers|"
                                        r"congratulations)\b[^.;]{0,80}?\bto (?:the (?:people|government|family) of )?(?:the )?"),
        _after("positive", "ally", r"(?:[’']s)? (?:is|are|remains?|has been|have been) (?:an? |our |one of our )(?:(?:very |most )?"
                                   r"(?:old|oldest|close|closest|strong|strongest|trusted|constructive|good|great|important|valued|"
                                   r"reliable|key|dear|steadfast|vital|indispensable)(?:,| and)? )*(?:friends?|ally|allies|partners?)\b"),
        _before("positive", "confidence", r"\bno reason to doubt\s+(?:the\s+)?"),
        _before("positive", "help", r"\b(?:help|assist|support|aid)(?:s|ing|ed)? (?:with )?(?:the )?(?:reconstruction|recovery|rebuilding|"
                                    r"defen[cs]e|fight|efforts?|economy|people) (?:in|of)\s+(?:the\s+)?"),
        _before("positive", "support", r"\bsupport\w*\b[^.;]{0,80}", r"[’']s? (?:fight|struggle|defen[cs]e|sovereignty|independence|"
                                       r"territorial integrity|freedom|right to|security|reconstruction)\b"),
        _after("positive", "praise", r"[^.;]{0,80}?\b(?:is|are|was|were|has been|have been)\s+(?:\w+\s+){0,2}?(?:impressive|remarkable|"
                                     r"heroic|brave|courageous|admirable|extraordinary|inspiring)\b"),
        # criticism
        _before("negative", "accountable", r"\bhold(?:s|ing)?\s+(?:the\s+)?", r"(?:[’']s)?\s+(?:[\w-]+\s+){0,3}?accountable\b"),
        _after("negative", "malign", r"(?:[’']s?)? (?:(?:continued|ongoing|growing|recent|latest)\s+)?(?:malign|destabiliz\w*|"
                                     r"irresponsible|reckless|aggressive|brutal|unprovoked|illegal|illegitimate|dangerous|"
                                     r"provocative|coercive|escalatory|unlawful|unjustified|barbaric|horrific|cruel)\b"),
        _after("negative", "irresponsible", r" (?:continues? to|has continued to|keeps?) (?:take |engage in |pursue |conduct )?"
                                            r"(?:\w+ ){0,2}(?:irresponsible|destabiliz\w*|malign|aggressive|provocative|dangerous|"
                                            r"reckless|escalatory)\b"),
        _before("negative", "concerned", r"\b(?:deeply |very |gravely |seriously |increasingly )?concerned (?:about|by|over|with)\b"
                                         r"(?:(?! for )[^.;]){0,70}?(?:the\s+)?"),
        _before("negative", "call on", r"\bcall(?:ed|ing|s)? on\s+(?:the\s+)?", r"(?: government| leadership| authorities)? to\b"),
        _before("negative", "war by", r"\b(?:war|invasion|aggression|attacks?) (?:that was |was )?(?:started|launched|waged|ordered) by\s+(?:the\s+)?"),
        _before("negative", "costs", r"\b(?:impose|imposing|drive up|raise|raising) (?:the )?costs? (?:on|for)\s+(?:the\s+)?"),
        _before("negative", "business as usual", r"\bbusiness as usual with\s+(?:the\s+)?"),
        _after("negative", "concerns", r"(?:[’']s?)?[^.;]{0,120}?\b(?:raises?|raising|poses?|posing) (?:serious |grave |real |significant |"
                                       r"deep )?(?:concerns?|threats?|risks?)\b"),
    ),
)

SG = GovernmentRules(
    home_words=frozenset({"singapore", "singaporean", "singaporeans"}),
    responses={
        "NoComment": _rules(
            (r"\b(?:I|we) (?:cannot|can[’']t|do not|don[’']t|will not|won[’']t) (?:speak (?:on behalf of|for)|comment|speculate|"
             r"go into)\b", ("cannot", "can", "not")),
            (r"\bwe will talk to you when we are able to\b", ("able to",)),
            (r"\bnot (?:able|in a position) to (?:comment|speak|say|go into)\b", ("able", "position")),
        ),
        "NoInformation": _rules(
            (r"\b(?:I|we) (?:do not|don[’']t) have (?:any )?(?:information|details|an update|updates)\b", ("have",)),
        ),
    },
    stances=(
        _after("positive", "friend", r"(?:[’']s)? (?:is|are|remains?|has been) (?:an? |our )(?:(?:old|good|close|great|dear|"
                                     r"constructive|trusted|reliable|strong|longstanding|important|valued|key)(?:,| and)? )+"
                                     r"(?:friends?|partners?|ally|allies)\b"),
        _before("positive", "confidence", r"\bno reason to doubt\s+(?:the\s+)?"),
        _before("positive", "support", r"\b(?:(?:firmly |fully |strongly )?support(?:s|ed|ing)?|our (?:fullest )?support (?:for|to)|"
                                       r"help(?:s|ing)?|assist(?:ing)?)\s+(?:the\s+)?(?:people of\s+)?"),
        _before("negative", "concerned", r"\b(?:deeply |very |gravely )?concerned (?:about|by|over)\b(?:(?! for )[^.;]){0,70}?(?:the\s+)?"),
        _before("negative", "call on", r"\bcall(?:ed|ing|s)? on\s+(?:the\s+)?", r"(?: government| leadership| authorities)? to\b"),
    ),
)

CN = GovernmentRules(home_words=frozenset({"china", "chinese", "beijing"}))

RULES: dict[str, GovernmentRules] = {"CN": CN, "US": US, "SG": SG}


def home_words(home: str) -> frozenset[str]:
    """Words that name the speaking government in a clause subject.

    >>> sorted(home_words("CN")), sorted(home_words("XX"))
    (['beijing', 'china', 'chinese'], [])
    """
    rules = RULES.get(home)
    return rules.home_words if rules else frozenset()


def response_types(sentence: str, home: str, shared: list[str] | None = None) -> list[str]:
    """The non-substantive types one sentence shows: ``shared`` (what the shared rules found),
    less what the speaking government's vetoes rule out, plus its own formulas' findings.

    >>> response_types("I’m not going to get ahead of the President.", "US")
    ['NoComment']
    >>> response_types("I don’t have anything for you on that.", "US"), response_types("I’ll defer to Jake on that.", "US")
    (['NoInformation'], ['Referral'])
    >>> response_types("I’m going to leave it to the opening statement.", "US", ["Referral"])
    []
    >>> response_types("I’m not going to get ahead of the President.", "CN", ["NoComment"])
    ['NoComment']
    """
    return [t for t, _ in response_rules(sentence, home, [(t, "") for t in shared or []])]


def response_rules(sentence: str, home: str, shared: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """As :func:`response_types` with each finding's rule key: ``shared`` holds the shared
    rules' (type, key); a government formula's key is ``<ISO><rule number>`` ("US3").

    >>> response_rules("I’ll defer to Jake on that.", "US", [])
    [('Referral', 'US2')]
    """
    rules = RULES.get(home)
    if not rules:
        return list(shared)
    out = [(t, k) for t, k in shared if not any(v.search(sentence) for v in rules.vetoes.get(t, ()))]
    low = sentence.lower()
    if not _any_anchor(home).search(low):
        return out        # no formula of this government can fire (one search instead of one per rule)
    for t, checks in rules.responses.items():
        if any(t == u for u, _ in out):
            continue
        for n, (rule, anchors) in enumerate(checks):
            if any(a in low for a in anchors) and rule.search(sentence):
                out.append((t, f"{home}{n}"))
                break
    return out


_ANCHOR_RES: dict[str, re.Pattern] = {}


def _any_anchor(home: str) -> re.Pattern:
    """Every anchor of the government's response formulas as one pattern (found in a
    sentence when any one of them is)."""
    pat = _ANCHOR_RES.get(home)
    if pat is None:
        anchors = sorted({a for checks in RULES[home].responses.values() for _, anchors in checks for a in anchors})
        pat = _ANCHOR_RES[home] = re.compile("|".join(re.escape(a) for a in anchors) if anchors else "(?!)")
    return pat


def stances(home: str, text: str, start: int, end: int, mentions: Iterable) -> Iterator[tuple[object, str, str]]:
    """(mention, polarity, cue) for the mentions of the sentence ``text[start:end]`` that the
    speaking government's own stance patterns reach. ``mentions`` carry ``start``/``end``
    offsets into ``text`` (the document's) and are already the possible targets.

    >>> from types import SimpleNamespace as M
    >>> t = "We will continue to hold Russia accountable. Russia's malign activities continue."
    >>> [(m.key, p, c) for m, p, c in stances("US", t, 0, 44, [M(start=25, end=31, key="RU")])]
    [('RU', 'negative', 'accountable')]
    >>> [(m.key, p) for m, p, c in stances("US", t, 45, len(t), [M(start=45, end=51, key="RU")])]
    [('RU', 'negative')]
    >>> list(stances("CN", t, 0, 44, [M(start=25, end=31, key="RU")]))
    []
    """
    rules = RULES.get(home)
    if not rules or not rules.stances:
        return
    for m in mentions:
        if not (start <= m.start < end):
            continue
        head, tail = text[start:m.start], text[m.end:end]
        for p in rules.stances:
            if p.before is not None and not p.before.search(head):
                continue
            if p.after is not None and not p.after.search(tail):
                continue
            yield m, p.polarity, p.cue
            break
