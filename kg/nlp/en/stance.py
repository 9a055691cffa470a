"""Stance: the spokesperson's support for, or opposition to, a country, person or organisation.

A stance needs a cue ("oppose", "urge", "welcome", "X should ...") and a target that
the cue governs. With a dependency parse the target is found in the cue verb's object
(its subtree, through "of"/"by"/possessives/conjunctions, but not through "in"/"on"/
"against"..., which name where or upon whom something happens), so "We urge Japan to
stop" targets Japan and "We oppose interference in Hong Kong" does not target Hong Kong.
"X should/must/needs to ..." targets the subject X. The spokesperson's own country is never
a target. Without a parse, the entities after the cue in the same sentence, not behind
such a preposition, are taken.

Besides cue verbs, criticism and praise without a cue count when they are aimed at a
subject: what the target does or holds ("The US uses the false accusation as a pretext",
"Pakistan has made enormous efforts and sacrifices", "made the right decision"), what the
spokesperson hopes or wishes the target will do ("We hope the US will correct ...": negative;
"wish the US people will defeat the outbreak": positive), and help given ("the French
government and people reached out to us with support"). Targets are found through
references as well as names (:mod:`kg.nlp.en.references`: "the relevant country", "this US
politician"). Each stance is one (target, polarity, sentence) with the cue that made it and
the rule family (``dk:extractedBy``); when one sentence gives a target both polarities, the
cue that governs the target most closely in the parse wins ("applauds Iran's restraint and
firmly opposes US sanctions": Iran positive, the US negative only).
"""

from __future__ import annotations

import itertools
import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.analysis import Mention, StanceFinding
from kg.nlp.en import government_rules
from kg.nlp.extensions import doc_text, sentence_bounds, home_country

__all__ = ["StanceRules", "CUES"]

CUES: dict[str, str] = {
    # negative
    "oppose": "negative", "condemn": "negative", "reject": "negative", "deplore": "negative",
    "denounce": "negative", "refute": "negative", "urge": "negative", "demand": "negative",
    "protest": "negative", "slam": "negative", "censure": "negative", "warn": "negative",
    "criticize": "negative", "criticise": "negative", "disapprove": "negative",
    "remind": "negative",
    # positive
    "welcome": "positive", "appreciate": "positive", "support": "positive",
    "congratulate": "positive", "praise": "positive", "commend": "positive",
    "applaud": "positive", "thank": "positive", "salute": "positive", "hail": "positive",
    "endorse": "positive", "admire": "positive", "encourage": "positive",
    "advise": "negative",
}
# "we are (very) glad to see X ...": gladness at what one sees or hears is welcome
GLAD_WORDS = {"glad", "pleased", "happy", "delighted", "gratified", "heartened"}
GLAD_VERBS = {"see", "note", "learn", "hear", "notice", "witness"}
PHRASES = {("call", "on"): "negative", ("speak", "highly"): "positive",
           ("think", "highly"): "positive"}
MODALS = {"should", "must"}
# "X needs to / has to / ought to ...": like "should"
MODAL_VERBS = {"need", "have", "ought"}
# "should be respected": what should happen to X is good for X
POSITIVE_PASSIVES = {"respect", "hear", "support", "welcome", "protect", "value", "recognize",
                     "recognise", "honor", "honour", "safeguard", "uphold"}
_CUE_WORD = re.compile(r"^(" + "|".join(sorted(CUES, key=len, reverse=True)) + r")[a-z]{0,3}$")
_ANY_FLAT_CUE = re.compile("(?:" + "|".join(sorted(CUES, key=len, reverse=True)) + ")|" +
                           "|".join(sorted(MODALS | {"need"})))
TARGET_KINDS = {"country", "person", "organization"}
# prepositions that lead to where or to whom something happens, not to whom the stance is aimed
BLOCKING_PREPS = {"in", "on", "into", "to", "against", "toward", "towards", "over", "about",
                  "within", "across", "at", "upon", "regarding", "concerning", "with", "for",
                  "under", "among", "amid", "after", "before", "during", "since", "like", "as"}
# heads that make a mention a modifier of something else ("China-Russia relations",
# "Taiwan independence"): the stance is toward that thing, not toward the country
RELATION_HEADS = {"relations", "relationship", "ties", "cooperation", "friendship", "partnership",
                  "independence", "issue", "question", "affairs", "region", "compatriots",
                  "territory", "province", "island", "strait", "economy", "market", "students",
                  "citizens", "nationals", "people", "residents", "investors", "enterprises"}
# "certain people in the US": a group of the country; "the peace process in Myanmar": supported, it is the country's
GROUP_HEADS = {"people", "politician", "force", "official", "person", "individual", "lawmaker", "element"}
PROCESS_HEADS = {"process", "effort", "reconciliation", "transition"}
# heads through which a mention names an actor ("the US side", "the Canadian government")
ACTOR_HEADS = {"side", "government", "authorities", "administration", "leader", "leaders",
               "president", "officials", "politicians", "congress", "military", "forces",
               "delegation", "army", "navy", "troops", "ministry", "department", "embassy",
               "lawmakers", "senators", "state", "camp", "media", "leadership"}
# acts that, done by a country or person, the spokesperson names to condemn them
NEGATIVE_ACTS = {"violate", "interfere", "meddle", "smear", "slander", "fabricate", "bully",
                 "undermine", "politicize", "politicise", "stigmatize", "stigmatise", "sabotage",
                 "hype", "provoke", "abuse", "suppress", "lie", "obstruct", "disrupt", "distort",
                 "discredit", "instigate", "incite", "harm", "infringe", "trample", "flout",
                 "breach", "tarnish", "vilify", "demonize", "demonise", "scapegoat", "deceive",
                 "mislead", "wade", "hegemony", "coerce", "blackmail", "destabilize", "ram", "oppress",
                 "harass", "restrict", "smear", "slander", "attack", "accuse", "blame",
                 "exaggerate", "fabricate", "waste", "shift", "pressure", "pressurize",
                 "threaten", "sanction", "interfere", "intervene", "mislead", "spread", "boast",
                 "brag", "collude", "connive", "condone"}
NEGATIVE_ADJS = {"irresponsible", "erroneous", "wrong", "groundless", "false", "absurd",
                 "ridiculous", "preposterous", "malicious", "unwarranted", "hypocritical",
                 "illegal", "unreasonable", "baseless", "unfounded", "despicable", "shameless",
                 "outrageous", "ill-intentioned", "sinister", "dangerous", "provocative", "unilateral",
                 "unilateralist", "protectionist", "discriminatory", "unfair", "fake", "dirty",
                 "untenable", "arrogant", "bigoted", "biased", "selfish", "hysterical", "wrongful", "fictitious",
                 "wanton"}
# words in a clause about the target that make it criticism (lemmas)
NEGATIVE_WORDS = NEGATIVE_ACTS | NEGATIVE_ADJS | {
    "pretext", "excuse", "accusation", "lie", "rumor", "rumour", "fallacy", "falsehood", "mistake",
    "smear", "slander", "trick", "double", "hypocrisy", "bully", "bullying", "hegemony",
    "interference", "meddling", "disregard", "blindfold", "cloud", "pretend", "pretence",
    "sophistry", "nonsense", "confrontation", "containment", "witch", "mentality",
    "hype", "stigmatization", "politicization", "ultimatum", "blackmail", "coercion", "reject",
    "groundless", "oppression", "suppression", "harassment", "scapegoat", "shirk",
    "evade", "wrongdoing", "wrong", "erroneous", "untrue", "so-called", "slandering", "discord"}
# heads through which a target's act or saying is criticised ("the US practices violate ...")
CRITICISED_HEADS = {"practice", "practices", "move", "moves", "remarks", "remark", "actions", "action",
                    "behavior", "behaviour", "policy", "policies", "sanctions", "act", "acts",
                    "accusations", "accusation", "claims", "claim", "report", "statement", "comments",
                    "letter", "decision", "approach", "attempt", "attempts", "words", "bill"}
# words a criticism word may hang under without being criticism of the clause's doer
# ("the UN called on all countries to combat disinformation")
COUNTERING = {"combat", "fight", "counter", "oppose", "opposed", "condemn", "denounce", "criticize", "criticise",
              "reject", "refute", "resist", "tackle",
              "address", "prevent", "avoid", "stop", "against", "curb", "end", "crack"}
# verbs that report what the target says or thinks: the words after them are not its acts
REPORTING = {"say", "tell", "state", "thank", "express", "announce", "note", "believe", "hope",
             "think", "call", "stress", "welcome", "support", "appreciate", "point", "emphasize",
             "emphasise", "add", "reiterate", "warn", "write", "argue", "agree", "indicate", "urge",
             "ask", "suggest", "insist", "recognize", "recognise", "acknowledge", "praise", "voice", "talk",
             "speak", "mention", "allege", "describe", "complain"}
# praise of the target's own acts: "made (enormous) efforts", "made the right decision"
PRAISE_OBJECTS = {"effort", "efforts", "sacrifice", "sacrifices", "contribution", "contributions",
                  "achievement", "achievements", "progress", "success", "support", "assistance",
                  "help", "donation", "donations", "aid"}
RIGHT_WORDS = {"right", "correct", "wise", "positive", "important", "great", "enormous",
               "tremendous", "significant", "constructive", "active", "firm", "valuable",
               "generous", "selfless", "sincere", "strong", "huge"}
PRAISE_VERBS = {"make", "achieve", "score", "give", "provide", "offer", "extend", "lend",
                "donate", "reach", "play", "render"}
# "Guinea has successfully held a referendum": praise of how the target did it
PRAISE_ADVERBS = {"successfully", "smoothly", "admirably", "commendably"}
# "X is an old friend", "an extraordinary statesman": praise through what the target is
PRAISE_ATTRS = {"friend", "brother", "statesman", "partner", "example", "model", "champion"}
GOOD_ADJS = {"good", "old", "great", "extraordinary", "outstanding", "true", "close", "reliable",
             "staunch", "trustworthy", "sincere", "excellent", "remarkable", "important", "dear"}
# what the speaker gives: "provide more assistance to our Pakistani brothers"
# (donating supplies is reported as a fact, not as an evaluation of the receiver)
GIVING_VERBS = {"give", "provide", "offer", "extend", "render", "lend"}
GIVEN_THINGS = {"support", "assistance", "help", "aid"}
THIRD_PARTY_POSS = {"his", "her", "their"}
# "China welcomes this": the cue's object points back to the sentence before
DEMONSTRATIVES = {"this", "that", "it", "these", "those"}
# hopes and wishes: what the spokesperson wants the target to do
HOPE_VERBS = {"hope", "wish", "expect", "want", "believe", "ask", "request"}
CORRECTIVE = {"stop", "correct", "cease", "refrain", "abandon", "withdraw", "heed", "abide",
              "honor", "honour", "respect", "rectify", "lift", "revoke", "drop", "quit", "retract",
              "reflect", "discard", "earnestly", "return", "focus", "face", "desist", "halt",
              "not", "avoid", "apologize", "apologise", "release", "redress", "undo", "change",
              "reconsider", "take", "do", "fulfill", "fulfil", "observe", "keep"}
WELLWISH = {"defeat", "overcome", "contain", "win", "prevail", "recover", "prosper", "succeed",
            "achieve", "score", "enjoy", "develop", "grow",
            "host", "bring", "beat", "minimize", "control", "emerge", "restore"}
# "stop endorsing X", "refrain from supporting X": a cue under these is what the speaker wants ended
STOPPING = {"stop", "cease", "refrain", "quit", "halt", "abandon", "avoid", "desist", "end"}
# a cue inside these is what someone else does, not the speaker's act
NOT_SPEAKER_MARKERS = {"instead", "rather", "without"}
# rule families, in order of preference when two disagree about one target in one sentence
FAMILIES = ("cue", "modal", "hope", "help", "praise", "act", "critique", "clause", "government", "model")
# criticism the spokesperson levels at whoever does or holds it ("its double standards")
CRITIQUE = re.compile(r"\b(?:double standards?|hypocri(?:sy|tical)|hegemon(?:y|ic|ism)|bullying|"
                      r"cold war mentality|zero-sum|lies|smears?|slanders?|rumou?rs|"
                      r"disinformation|political manipulation|so-called|no right to|"
                      r"stern representations|strong dissatisfaction|dissatisfied)\b", re.I)
SELF_WORDS = {"we", "i", "us", "our"}


def self_words(home: str) -> set[str]:
    """Subject words that put a cue in the speaker's own voice, for the speaking government
    ("China firmly opposes ...": the words of each government in kg.nlp.en.government_rules)."""
    return SELF_WORDS | government_rules.home_words(home)


# set to a list by scripts/train_stance.py: every candidate pair is appended to it as
# (utterance text, sentence start, sentence end, target entity, features)
COLLECTOR: list | None = None


class _Collect:
    def __init__(self, into: list, text: str):
        self.into, self.text = into, text

    def append(self, item) -> None:
        self.into.append((self.text, *item))


@Language.factory("dk_stance", default_config={"self_country": "CN"})
def _make(nlp: Language, name: str, self_country: str) -> "StanceRules":
    return StanceRules(self_country)


class StanceRules:
    def __init__(self, self_country: str = "CN"):
        self.self_country = self_country

    def __call__(self, doc: Doc) -> Doc:
        from kg.nlp.en.references import reference_mentions
        from kg.nlp.en.stance_model import features, load_model

        everything = doc._.dk_mentions or []
        home = home_country(doc, self.self_country)
        own = self_words(home)
        self_mentions = [m for m in everything
                         if m.entity.kind == "country" and m.entity.key == home]
        mentions = [m for m in everything if m.entity.kind in TARGET_KINDS
                    and not (m.entity.kind == "country" and m.entity.key == home)]
        found: dict[tuple, tuple] = {}
        parsed = doc.has_annotation("DEP")
        text = doc_text(doc)
        model = load_model("parsed" if parsed else "flat")
        collect = None
        if COLLECTOR is not None:              # scripts/train_stance.py gathers the candidates
            collect = _Collect(COLLECTOR, text)
        previous = None           # (sentence, its mentions): what "this" in the next one points to
        for start, end in sentence_bounds(doc):
            in_sent = [m for m in mentions if start <= m.start < end]
            refs = reference_mentions(doc, text, start, end, home)
            if refs:
                # "the US leader" (a person) keeps its reference beside the country named inside it
                in_sent += [r for r in refs if not any(m.start < r.end and r.start < m.end and not (
                    r.entity.kind == "person" and m.entity.kind == "country") for m in in_sent)]
                if not parsed or any(m.entity.kind == "person" and m.how != "reference" for m in in_sent):
                    # "he" is the person the question names only when the sentence names no one else
                    # (and only where a parse says what "he" does)
                    in_sent = [m for m in in_sent if not (m.how == "reference" and m.text.lower() in ("he", "she"))]
                qualifiers = [m for m in in_sent if m.entity.kind == "country" and any(
                    r.entity.kind == "person" and r.start <= m.start and m.end <= r.end and r in in_sent
                    for r in refs)]
                if qualifiers:     # ... and the country there only qualifies the person
                    in_sent = [m for m in in_sent if m not in qualifiers]
            sent = doc.char_span(start, end, alignment_mode="expand") if parsed else None
            before, previous = previous, (sent, in_sent)
            if sent is not None and before is not None and before[0] is not None and before[1] \
                    and len(sent) <= 12:
                hit = demonstrative_cue(sent, self_mentions, own)
                if hit:
                    cue, polarity = hit
                    for m in actors_of(before[0], before[1]):
                        key = (m.entity, polarity, sent.start_char)
                        found.setdefault(key, ((4, FAMILIES.index("cue")), StanceFinding(
                            m.entity, polarity, cue, sent.text.strip(), sent.start_char,
                            sent.end_char, "stance:cue:this")))
            if not in_sent:
                continue
            if sent is None:
                sent = doc.char_span(start, end, alignment_mode="expand")
            if sent is None:
                continue
            pairs = list(_parsed_targets(sent, in_sent, self_mentions, own) if parsed
                         else _flat_targets(sent, in_sent))
            if parsed and pairs:
                pairs += _leaders_of(sent, pairs, doc)
                pairs = _without_qualifiers(sent, in_sent, pairs)
            # the speaking government's own ways (kg.nlp.en.government_rules): next to the mention
            pairs += [(m, polarity, cue, "government", 1) for m, polarity, cue
                      in government_rules.stances(home, text, start, end, in_sent)]
            if model is not None or collect is not None:
                pairs += self._classified(sent, in_sent, pairs, model, collect, home, features)
            for m, polarity, cue, family, dist in pairs:
                if m.entity.kind == "country" and m.entity.key == home:
                    continue
                key = (m.entity, polarity, sent.start_char)
                rank = (dist, FAMILIES.index(family))
                if key not in found or rank < found[key][0]:
                    found[key] = (rank, StanceFinding(
                        m.entity, polarity, cue, sent.text.strip(), sent.start_char, sent.end_char,
                        f"stance:{family}" + (":ref" if m.how == "reference" else "")))
        # one sentence, one target, both polarities: the cue that governs it most closely wins
        best: dict[tuple, tuple] = {}
        for (entity, polarity, at), (rank, st) in found.items():
            k = (entity, at)
            if k not in best or rank < best[k][0]:
                best[k] = (rank, st)
        doc._.dk_stances = [st for _, st in sorted(best.values(), key=lambda x: (x[1].start, x[1].target.key))]
        return doc

    @staticmethod
    def _classified(sent: Span, in_sent: list[Mention], pairs, model, collect, home, features):
        """Stances the trained classifier is sure of where no rule fired (and, for training,
        every candidate with its features)."""
        ruled: dict = {}
        for m, polarity, cue, family, _ in pairs:
            ruled.setdefault(m.entity, []).append(f"{family}:{polarity}")
        text = sent.text
        out = []
        seen = set()
        for m in in_sent:
            if m.entity in seen or m.entity.kind == "country" and m.entity.key == home:
                continue
            seen.add(m.entity)
            if collect is None and (model is None or m.entity in ruled):
                continue        # nothing would read its features
            feats = features(text, m.start - sent.start_char, m.end - sent.start_char,
                             m.entity.kind, m.how, sorted(set(ruled.get(m.entity, []))))
            if collect is not None:
                collect.append((sent.start_char, sent.end_char, m.entity, feats))
            if model is None or m.entity in ruled:
                continue
            p_none, p_pos, p_neg = model.probabilities(feats)
            if max(p_pos, p_neg) >= model.threshold:
                polarity = "positive" if p_pos > p_neg else "negative"
                out.append((m, polarity, "model", "model", 5))
        return out


def _without_qualifiers(sent: Span, in_sent: list[Mention], pairs) -> list:
    """Pairs without a country that only qualifies a named person in the same phrase ("South
    Sudan's President Kiir", "US Secretary of State Pompeo"): the stance is toward the person
    (conventions v2: criticism of a named official is toward the person)."""
    people = [m for m in in_sent if m.entity.kind == "person" and m.how != "reference"]
    if not people:
        return pairs
    inside = set()
    for p in people:
        inside |= {t.i for t in _tokens_of(p, sent)}
    out = []
    for pair in pairs:
        m = pair[0]
        if m.entity.kind == "country" and m.how != "reference":
            t = _head_token(m, sent)
            head = t.head if t is not None else None
            while head is not None and head.dep_ == "compound" and head.head.i != head.i and head.i not in inside:
                head = head.head      # "President" in "South Sudan's President Kiir"
            if t is not None and t.dep_ in ("poss", "compound", "amod", "nmod") and head is not None \
                    and head.i in inside and any(p.entity for p in people):
                continue
        out.append(pair)
    return out


LEADER_HEADS = {"leader", "president", "minister", "premier", "chancellor", "king", "emir", "monarch",
                "sultan"}


def _leaders_of(sent: Span, pairs, doc: Doc) -> list:
    """A stance toward a country through its leader ("the positive remarks made by the leaders
    of India and Pakistan", "the Pakistani Prime Minister's remarks") is also a stance toward that
    leader when the question names exactly one person of the country (conventions v2: a definite
    description that identifies the official)."""
    from kg.nlp.en.references import context_entities

    people = [e for e in dict.fromkeys(context_entities(doc)) if e.kind == "person" and e.iso2]
    if not people:
        return []
    out = []
    for m, polarity, cue, family, dist in pairs:
        if m.entity.kind != "country" or m.how == "reference":
            continue
        t = _head_token(m, sent)
        if t is None:
            continue
        node = t
        while node.dep_ == "conj" and node.head.i != node.i:
            node = node.head
        leader = None
        if node.dep_ == "pobj" and node.head.lower_ == "of" and _lemma(node.head.head) in LEADER_HEADS:
            leader = node.head.head
        elif node.dep_ in ("compound", "amod", "poss", "nmod") and _lemma(node.head) in LEADER_HEADS:
            leader = node.head
        if leader is None or any(c.dep_ == "compound" and c.pos_ == "PROPN" and c.i != t.i
                                 for c in leader.children):
            continue            # "President Putin": the person is named, not described
        who = [p for p in people if p.iso2 == m.entity.key]
        if len(who) == 1:
            out.append((Mention(m.start, m.end, m.text, who[0], "reference"), polarity, cue, family, dist))
    return out


def _cue(tok: Token) -> str | None:
    lemma = tok.lemma_.lower() if tok.lemma_ else tok.lower_
    if lemma in GLAD_WORDS and any(c.dep_ == "xcomp" and _lemma(c) in GLAD_VERBS for c in tok.children):
        return "welcome"
    if tok.pos_ and tok.pos_ not in ("VERB", "AUX"):
        return None
    if lemma in CUES:
        return lemma
    for (verb, part), _ in PHRASES.items():
        if lemma == verb and any(c.lower_ == part for c in tok.children):
            return f"{verb} {part}"
    return None


def _polarity(cue: str) -> str:
    return CUES.get(cue) or PHRASES[tuple(cue.split())]


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _tokens_of(m: Mention, sent: Span) -> list[Token]:
    span = sent.doc.char_span(m.start, m.end, alignment_mode="expand")
    return list(span) if span is not None else []


def _head_token(m: Mention, sent: Span) -> Token | None:
    """The token of a mention whose head lies outside it (the mention's syntactic head)."""
    toks = _tokens_of(m, sent)
    for t in toks:
        if not (m.start <= t.head.idx < m.end) or t.head.i == t.i:
            return t
    return toks[-1] if toks else None


def _distance(a: Token, b: Token) -> int:
    """Edges between two tokens in the dependency tree."""
    up = {}
    node, d = a, 0
    while True:
        up[node.i] = d
        if node.head.i == node.i:
            break
        node, d = node.head, d + 1
    node, d = b, 0
    while node.i not in up:
        if node.head.i == node.i:
            return 99
        node, d = node.head, d + 1
    return d + up[node.i]


def _reaches(cue: Token, tok: Token) -> bool:
    """Whether ``tok`` hangs under the cue's object without crossing a blocking preposition,
    or into a clause of its own (a coordinated verb with its own object governs it instead)."""
    node = tok
    while node.i != cue.i:
        if node.dep_ in ("nsubj", "nsubjpass") and (node.head.i == cue.i or node.head.dep_ == "ccomp"
                                                    and _lemma(node.head) in REPORTING):
            return False          # the cue's subject, or the one who says or thanks under it
        if node.dep_ == "dobj" and node.head.i != cue.i and node.head.pos_ == "VERB" and _cue(node.head) is None \
                and not (_lemma(node.head) in GLAD_VERBS and node.head.head.i == cue.i):
            return False          # "urge Canada to ... release Meng Wanzhou": the one released is no target
        if node.dep_ == "ccomp" and node.head.i == cue.i and any(c.dep_ in ("dobj", "dative") for c in cue.children) \
                and _lemma(node) == "be" and any(c.dep_ in ("attr", "acomp") for c in node.children):
            return False          # "We remind the US that Hong Kong is part of China": what X is, told to the US
        if node.dep_ == "pobj" and node.head.lower_ == "from" and node.head.head.pos_ in ("VERB", "AUX"):
            return False          # "withdraw their hand from Hong Kong": a place left
        if node.dep_ == "pobj" and node.head.lower_ in BLOCKING_PREPS and not (
                node.head.lower_ == "in" and _lemma(node.head.head) in GROUP_HEADS | PROCESS_HEADS
                and (_lemma(node.head.head) in GROUP_HEADS and node.head.head.head.i == cue.i
                     or _lemma(node.head.head) in PROCESS_HEADS and _polarity(_cue(cue) or "oppose") == "positive")):
            return False          # "certain people in the US", "support the peace process in Myanmar" pass
        if node.dep_ in ("compound", "amod", "nmod", "poss") and node.head.lower_ in RELATION_HEADS:
            return False
        if node.dep_ in ("advcl", "relcl", "ccomp") and node.head.i != cue.i:
            return False
        if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX") and node.head.i == cue.i:
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return True


def _clause_subject(tok: Token) -> Token | None | bool:
    """The subject of the clause a verb heads (climbing conjunctions and xcomps).

    Returns False when the verb sits in a clause that modifies a noun ("attempts to
    support X", "a resolution that supports X"), or after "instead of", "rather than",
    "without": that is not the speaker's own act.
    """
    node = tok
    for _ in range(5):
        if node.dep_ == "pcomp" and (node.head.lower_ in ("of", "than", "without")
                                     and any(t.lower_ in NOT_SPEAKER_MARKERS
                                             for t in (node.head, *node.head.lefts,
                                                       node.head.head))):
            return False
        subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return subj[0]
        if node.dep_ in ("acl", "relcl") or node.dep_ == "xcomp" and node.head.pos_ == "NOUN":
            return False
        if node.dep_ in ("xcomp", "pcomp", "ccomp") and _lemma(node.head) in STOPPING or \
                node.dep_ == "pcomp" and node.head.dep_ == "prep" and _lemma(node.head.head) in STOPPING:
            return False      # "urge the US to stop endorsing ...": what the speaker wants ended
        if node.dep_ in ("conj", "xcomp", "pcomp", "prep", "acomp", "advcl", "ccomp") \
                and node.head.i != node.i:
            node = node.head
            continue
        return None
    return None


def _speaker_voice(tok: Token, self_mentions: list[Mention], own: set[str]) -> bool:
    """Whether the cue is said in the spokesperson's (or their country's) own voice."""
    node = tok
    while node.head.i != node.i:      # "in his statement to congratulate X": someone else's words
        node = node.head
        if node.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "poss" and c.lower_ in THIRD_PARTY_POSS
                                                 for c in node.children):
            return False
    if any(c.dep_ == "prep" and c.lower_ == "in" and any(
            g.dep_ == "pobj" and any(p.dep_ == "poss" and p.lower_ in THIRD_PARTY_POSS for p in g.children)
            for g in c.children) for c in tok.children):
        return False                  # "in his statement, congratulated X" (however it is parsed)
    subj = _clause_subject(tok)
    if subj is False:
        return False
    if subj is None:
        return True  # imperative or subjectless: "firmly oppose ...", "to support ..."
    words = {t.lower_ for t in subj.subtree if t.text != "US"}   # "US" is not "us"
    if words & own:
        return True
    return any(m.start <= t.idx < m.end for m in self_mentions for t in subj.subtree)


def _actor_token(t: Token) -> bool:
    """A mention token that names an actor: the subject itself or "the X side"."""
    return t.dep_ in ("nsubj", "nsubjpass") or (
        t.dep_ in ("compound", "amod", "poss", "nmod") and t.head.lower_ in ACTOR_HEADS
        and t.head.dep_ in ("nsubj", "nsubjpass")) or (
        t.dep_ == "conj" and t.head.dep_ in ("nsubj", "nsubjpass")) or (
        t.dep_ == "pobj" and t.head.lower_ == "in" and t.head.head.dep_ in ("nsubj", "nsubjpass")
        and t.head.head.lower_ in ("people", "politicians", "forces", "officials"))


def _critique_of(t: Token, spans: list[tuple[int, int, str]]) -> str | None:
    """The criticism a mention is the doer or holder of: its clause's subject, the owner
    of the criticised thing ("its double standards" via the possessive), "for X to ...",
    or the party representations are lodged with."""
    def inside(tokens):
        for start, end, word in spans:
            if any(start <= x.idx < end for x in tokens):
                return word
        return None

    if _actor_token(t):
        verb = _subject_verb(t)
        if _lemma(verb) in REPORTING or _lemma(verb) == "make" and any(c.lower_ == "clear" for c in verb.children):
            return None
        return inside(_outside_reports(verb, list(verb.subtree)))
    if t.dep_ == "poss" or t.dep_ in ("compound", "amod") and t.head.dep_ != "pobj":
        hit = inside([t.head]) or inside([c for c in t.head.children if c.dep_ == "amod"])
        if hit:
            return hit
    if t.dep_ == "pobj" and t.head.lower_ == "of" and inside([t.head.head]):
        return inside([t.head.head])      # "the double standards of the US"
    if t.dep_ == "pobj" and t.head.lower_ in ("for", "with", "by") and t.head.head is not None:
        head = t.head.head
        while head.pos_ == "VERB" and head.dep_ in ("acl", "relcl") and head.head.i != head.i:
            head = head.head          # "the so-called report released by the US"
        return inside(list(head.subtree)) if head.i != t.i else None
    return None


def _subject_verb(t: Token) -> Token:
    node = t
    while node.dep_ not in ("nsubj", "nsubjpass") and node.head.i != node.i:
        node = node.head
    return node.head


def _lemma(t: Token) -> str:
    return (t.lemma_ or t.lower_).lower()


def _clause_words(verb: Token, subject: Token) -> list[Token]:
    """The words of the clause a subject's verb heads, without the subject's own words and
    without clauses the speaker attributes to others."""
    skip = {x.i for x in subject.subtree}
    return [x for x in verb.subtree if x.i not in skip]


def _reported_by_other(verb: Token, own: set[str]) -> bool:
    """Whether a clause is what someone other than the speaker is reported to say or think
    ("Duterte said that he chooses ..."); the speaker's own "We believe that ..." is not."""
    node = verb
    for _ in range(4):
        if node.dep_ not in ("ccomp", "conj", "xcomp") or node.head.i == node.i:
            return False
        head = node.head
        if node.dep_ == "ccomp" and _lemma(head) in REPORTING:
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            return bool(subj) and not ({x.lower_ for x in subj[0].subtree if x.text != "US"} & own)
        node = head
    return False


def _doer_subject(t: Token, kind: str | None = None) -> Token | None:
    """The clause subject a target token names the doer through: itself, "the X side",
    "the Pakistani government and people", "this report released by the US", "those
    fallacies in the US leader's letter"; None when the target only modifies the subject
    ("Hong Kong affairs", "the DPRK-US summit")."""
    node, steps = t, 0
    while node.dep_ not in ("nsubj", "nsubjpass"):
        head = node.head
        if head.i == node.i or steps > 6:
            return None
        if node.dep_ in ("compound", "amod", "poss", "nmod"):
            if head.lower_ not in ACTOR_HEADS and head.lower_ not in CRITICISED_HEADS \
                    and head.lower_ not in ("people", "politicians", "forces", "officials", "leader"):
                return None
        elif node.dep_ == "pobj":
            if head.lower_ == "of" and (_lemma(head.head) == "member" or any(
                    c.dep_ == "compound" and _lemma(c) == "member" for c in head.head.children)):
                return None       # "all member states of the United Nations": not the body itself
            if head.lower_ in ("like", "as") and _lemma(head.head) in GROUP_HEADS | {"country"}:
                pass              # "certain politicians like Ms. Pelosi": one of the group
            elif head.lower_ not in ("of", "by", "in", "from") or head.lower_ == "in" and kind == "organization":
                return None       # "lawmakers in the House": a place for a body, a group for a country
        elif node.dep_ not in ("conj", "prep", "agent", "acl", "appos"):
            return None
        node, steps = head, steps + 1
    return node


def _outside_reports(verb: Token, words: list[Token]) -> list[Token]:
    """``words`` without those inside what someone is reported to say, or that a countering
    verb governs ("combat disinformation")."""
    out = []
    for x in words:
        node, ok = x, True
        while node.i != verb.i and node.head.i != node.i:
            if _lemma(node.head) in REPORTING and node.dep_ in ("ccomp", "xcomp", "dobj", "advcl") \
                    or _lemma(node.head) in COUNTERING and node.dep_ in ("dobj", "pobj", "xcomp", "prep", "pcomp"):
                ok = False
                break
            node = node.head
        if ok:
            out.append(x)
    return out


_ACTS_ONLY = NEGATIVE_ACTS - NEGATIVE_ADJS - {
    "pretext", "excuse", "accusation", "lie", "rumor", "rumour", "fallacy", "falsehood", "mistake", "smear",
    "slander", "trick", "hypocrisy", "bully", "bullying", "hegemony", "interference", "meddling", "hype"}


def _counts_negative(x: Token) -> bool:
    """Whether a word of a clause makes it criticism: a criticism word, not denied ("no
    confrontation", "non-interference"), and an act word only as a verb ("sanction measures"
    and "the spread of the virus" are no acts of anyone)."""
    lemma, low = _lemma(x), x.lower_
    if lemma not in NEGATIVE_WORDS and low not in NEGATIVE_WORDS:
        return False
    if x.head.lower_ in ("instead", "rather") or x.head.lower_ in ("of", "than") and x.head.head.lower_ in (
            "instead", "rather"):
        return False                  # "instead of confrontation": what is not done
    node = x
    while True:                       # "no conflict or confrontation": the denial covers the list
        if any(c.lower_ in ("no", "non", "not", "never", "without") and c.dep_ in ("det", "neg", "amod", "advmod")
               for c in node.children):
            return False
        if node.dep_ != "conj" or node.head.i == node.i:
            break
        node = node.head
    prev = x.doc[x.i - 1] if x.i > 0 else None
    if prev is not None and prev.lower_ in ("no", "non", "non-", "without", "against", "anti", "-") and (
            prev.lower_ != "-" or x.i > 1 and x.doc[x.i - 2].lower_ in ("non", "anti")):
        return False
    if (lemma in _ACTS_ONLY or low in _ACTS_ONLY) and x.pos_ not in ("VERB", "AUX"):
        return False
    return True


def _subject_rules(m: Mention, t: Token, own: set[str] = SELF_WORDS):
    """Cue-less criticism and praise of the target as the doer of its clause."""
    subj = _doer_subject(t, m.entity.kind)
    if subj is None:
        return
    verb = subj.head
    if _reported_by_other(verb, own):
        return      # "Duterte said that instead of confrontation, he chooses ...": his words, not ours
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i != subj.i and c.dep_ != "conj" for c in verb.children):
        return
    nested = subj.i != t.i and t.dep_ in ("pobj", "poss") and t.head.i != subj.i
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                      and not any(x.dep_ in ("nsubj", "nsubjpass") for x in c.children)]
    for v in verbs:
        lemma = _lemma(v)
        # speech verbs report what the target says: "X said/thanked/supported ..." is no stance of ours
        if (lemma in REPORTING and subj.dep_ != "nsubjpass") or lemma == "claim" or lemma == "make" and any(
                c.lower_ == "clear" for c in v.children):
            if lemma == "claim" and v.dep_ not in ("relcl", "acl"):
                yield m, "negative", "claim", "act", 2
            continue
        if lemma in NEGATIVE_ACTS and not _negated(v):
            yield m, "negative", lemma, "act", 1
            continue
        words = [x for x in _clause_words(v, subj) if _counts_negative(x)]
        neg = _outside_reports(v, words) if words else []
        if nested:   # "those fallacies in the US leader's letter": the subject itself criticises
            neg += [x for x in subj.subtree if x.i < t.i and (_lemma(x) in NEGATIVE_WORDS
                                                             or x.lower_ in NEGATIVE_WORDS)]
        if neg:
            yield m, "negative", neg[0].lower_, "clause", 2
            continue
        if not _negated(v) and subj.i == t.i and any(c.dep_ == "advmod" and c.lower_ in PRAISE_ADVERBS
                                                     for c in v.children):
            yield m, "positive", "successfully", "praise", 2    # "Guinea has successfully held a referendum"
            continue
        if lemma == "be" and not _negated(v) and subj.i == t.i:
            attrs = [c for c in v.children if c.dep_ == "attr"]
            attrs += [c for a in attrs for c in a.children if c.dep_ == "conj"]
            for a in attrs:
                adjs = {_lemma(c) for c in a.children if c.dep_ == "amod"}
                if _lemma(a) in PRAISE_ATTRS and (adjs & GOOD_ADJS or _lemma(a) in ("friend", "brother")) \
                        and not any(c.dep_ == "neg" for c in a.children):
                    yield m, "positive", _lemma(a), "praise", 2
                    break
            continue
        if lemma in PRAISE_VERBS and not _negated(v) and not _desired(v):
            objs = [x for x in v.children if x.dep_ in ("dobj", "attr", "pobj", "prep")]
            objs += [g for x in objs if x.dep_ == "prep" for g in x.children if g.dep_ == "pobj"]
            for o in objs:
                if o.lower_ in PRAISE_OBJECTS and (lemma != "make" or any(
                        a.lower_ in RIGHT_WORDS for a in o.children if a.dep_ in ("amod", "compound"))
                        or o.lower_ in ("sacrifices", "contributions", "contribution")):
                    yield m, "positive", o.lower_, "praise", 2
                    break
                if o.lower_ in ("decision", "choice") and any(a.lower_ in ("right", "correct", "wise")
                                                              for a in o.children):
                    yield m, "positive", "right decision", "praise", 2
                    break


def _desired(v: Token) -> bool:
    """Whether a clause is what someone would like or hopes to see ("we would like to see the US
    making more useful contributions"): a demand, not praise of what was done."""
    node, seen = v, False
    for _ in range(4):
        if node.head.i == node.i:
            return False
        node = node.head
        seen = seen or _lemma(node) in GLAD_VERBS
        if _lemma(node) in ("hope", "wish", "expect", "urge", "ask", "call", "encourage") or (
                _lemma(node) in ("like", "want") and seen):     # not "I would like to reiterate that ..."
            return True
    return False


def _parties(subject: Token, in_sent: list[Mention], sent: Span) -> bool:
    """Whether a subject coordinates two named parties ("Myanmar and Bangladesh", "China and the US")."""
    heads = {subject.i} | {c.i for c in subject.children if c.dep_ == "conj"}
    if len(heads) < 2:
        return False
    named = set()
    for m in in_sent:
        for t in _tokens_of(m, sent):
            node = t
            while node.dep_ in ("compound", "amod", "det") and node.head.i != node.i:
                node = node.head
            if node.i in heads:
                named.add(node.i)
    home = [t for t in sent if t.i in heads and t.lower_ in ("china", "we")]
    return len(named) + len(home) >= 2


def _hope_rules(sent: Span, in_sent: list[Mention], self_mentions, own):
    """"We hope X will stop ...": negative; "wish X will defeat the outbreak": positive."""
    for tok in sent:
        if _lemma(tok) not in HOPE_VERBS or tok.pos_ not in ("VERB", "AUX") or _negated(tok):
            continue
        if not _speaker_voice(tok, self_mentions, own):
            continue
        for comp in tok.children:
            if comp.dep_ not in ("ccomp", "xcomp", "dobj"):
                continue
            verb = comp
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            objs = [c for c in verb.children if c.dep_ == "dobj"] if verb.dep_ == "xcomp" else []
            whom = subj or objs
            if not subj and comp.dep_ == "xcomp" and _lemma(tok) in ("ask", "request", "want", "expect"):
                # "asking the Canadian government to immediately correct its mistake"
                whom = [c for c in tok.children if c.dep_ == "dobj"] or whom
            if _lemma(tok) in ("ask", "request") and comp.dep_ == "dobj":
                continue          # "ask a question": nothing asked of anyone
            if _lemma(tok) == "wish" and comp.dep_ == "dobj":
                # "wishes Kazakhstan greater prosperity": the one wished for hangs on the wish
                whom = [comp] + [c for c in tok.children if c.dep_ == "dative"] + [
                    c for c in comp.children if c.dep_ in ("nmod", "compound", "poss")]
                verb = comp
            if not whom:
                continue
            heads = {x.i for w in whom for x in w.subtree}
            if any(w.dep_ in ("nsubj", "nsubjpass") and _parties(w, in_sent, sent) for w in whom):
                continue      # "China and the US should/will ...": advice to both, no stance
            lemmas = {_lemma(verb)} | {_lemma(c) for c in verb.children if c.dep_ in ("xcomp", "conj", "neg")}
            # "hope the US will contain the spread of the pandemic": the wish is for the target,
            # whatever bad thing it is to overcome
            wellwish = _lemma(verb) in WELLWISH and not _negated(verb) and not lemmas & CORRECTIVE
            # "will demonstrate respect for China's sovereignty": the object names the correction
            lemmas |= {_lemma(c) for c in verb.children if c.dep_ == "dobj"} if _lemma(verb) in (
                "show", "demonstrate", "display", "exercise") else set()
            if wellwish:
                polarity = "positive"
            elif _negated(verb) or lemmas & CORRECTIVE or any(
                    _counts_negative(x) for x in verb.subtree if x.i not in heads):
                polarity = "negative"
            elif lemmas & WELLWISH or _lemma(tok) == "wish":
                polarity = "positive"
            else:
                continue
            for m in in_sent:
                t = _head_token(m, sent)
                if t is not None and t.i in heads and (t in whom or _doer_subject(t) in whom or (
                        t.dep_ in ("amod", "compound", "poss") and t.head in whom and t.head.lower_ in ACTOR_HEADS)):
                    yield m, polarity, _lemma(tok), "hope", 1


def _giving_rules(sent: Span, in_sent: list[Mention], self_mentions, own):
    """Help the speaker gives: "provide more assistance to our Pakistani brothers",
    "giving utmost support and assistance to Cambodian friends": positive toward the receiver."""
    for tok in sent:
        if _lemma(tok) not in GIVING_VERBS or tok.pos_ not in ("VERB", "AUX") or _negated(tok):
            continue
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        objs += [c for o in objs for c in o.children if c.dep_ == "conj"]
        if not any(_lemma(o) in GIVEN_THINGS for o in objs):
            continue
        if not _speaker_voice(tok, self_mentions, own):
            continue
        receivers = [c for c in tok.children if c.dep_ in ("dative", "prep") and c.lower_ == "to"]
        receivers += [c for o in objs for c in o.children if c.dep_ == "prep" and c.lower_ == "to"]
        spans = {x.i for r in receivers for x in r.subtree}
        if tok.dep_ == "pcomp" and any(c.dep_ == "dobj" for c in tok.head.head.children):
            continue          # "supports UNAMA in providing assistance": UNAMA gives
        for m in in_sent:
            t = _head_token(m, sent)
            if t is not None and t.i in spans and (t.dep_ == "pobj" and t.head.lower_ == "to" or
                                                   t.head.dep_ == "pobj" and t.head.head.lower_ == "to"
                                                   and t.head.lower_ not in ("development", "projects", "project")
                                                   and t.dep_ != "poss") and not (
                    t.dep_ in ("compound", "amod", "nmod", "poss") and t.head.lower_ in RELATION_HEADS
                    and t.head.lower_ not in ("people",)):
                yield m, "positive", _lemma(tok), "help", 2


def demonstrative_cue(sent: Span, self_mentions: list[Mention], own: set[str]) -> tuple[str, str] | None:
    """(cue, polarity) when the speaker's cue takes "this"/"that" for object ("China welcomes
    this.", "The Chinese side applauds that."): the stance is toward the sentence before."""
    for tok in sent:
        cue = _cue(tok)
        if cue is None or _negated(tok):
            continue
        if any(c.dep_ == "dobj" and c.lower_ in DEMONSTRATIVES and not list(c.children)
               for c in tok.children) and _speaker_voice(tok, self_mentions, own):
            return cue, _polarity(cue)
    return None


def actors_of(sent: Span, in_sent: list[Mention]) -> list[Mention]:
    """Mentions inside the subject of a sentence's main verb ("Taro Kono made a lot of efforts",
    "The progress in peace talks between the NRPC and the four ethnic armed groups is ...")."""
    root = sent.root
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    inside = {x.i for sj in subj for x in sj.subtree}
    out = []
    for m in in_sent:
        t = _head_token(m, sent)
        if t is not None and t.i in inside:
            out.append(m)
    return out


def _parsed_targets(sent: Span, in_sent: list[Mention], self_mentions: list[Mention], own: set[str]):
    """(mention, polarity, cue, rule family, tree distance from cue to target)."""
    for m in in_sent:
        t = _head_token(m, sent)
        if t is None:
            continue
        yield from _subject_rules(m, t, own)
        owner = t.head if t.dep_ in ("amod", "compound") and t.head.lower_ in ACTOR_HEADS else t
        if owner.dep_ == "poss" and any(a.lower_ in NEGATIVE_ADJS for a in owner.head.children
                                        if a.dep_ == "amod"):
            yield m, "negative", next(a.lower_ for a in owner.head.children
                                      if a.dep_ == "amod" and a.lower_ in NEGATIVE_ADJS), "act", 2
    critique = [m for m in CRITIQUE.finditer(sent.text)]
    if critique:
        spans = [(sent.start_char + c.start(), sent.start_char + c.end(), c.group(0).lower())
                 for c in critique]
        for m in in_sent:
            for t in _tokens_of(m, sent):
                cue = _critique_of(t, spans)
                if cue:
                    yield m, "negative", cue, "critique", 3
                    break
    yield from _hope_rules(sent, in_sent, self_mentions, own)
    yield from _giving_rules(sent, in_sent, self_mentions, own)
    for tok in sent:
        cue = _cue(tok)
        if cue is not None and not _negated(tok) and _speaker_voice(tok, self_mentions, own):
            subject = _clause_subject(tok)
            inside_subject = {x.i for x in subject.subtree} if subject else set()
            for m in in_sent:
                toks = _tokens_of(m, sent)
                if any(t.i in inside_subject for t in toks):
                    continue      # the cue's own subject is not its target
                if cue == "welcome" and any(t.dep_ == "dobj" and t.head.i == tok.i for t in toks) \
                        and any(c.dep_ in ("xcomp", "ccomp") for c in tok.children):
                    continue      # "We welcome Mr. Özil to visit Xinjiang": an invitation
                reach = [t for t in toks if _reaches(tok, t)]
                if reach and not any(t.i < tok.i and t.dep_ in ("nsubj", "nsubjpass") for t in toks):
                    yield m, _polarity(cue), cue, "cue", min(_distance(tok, t) for t in reach)
        modal = tok.lower_ in MODALS and tok.dep_ == "aux" or (
            _lemma(tok) in MODAL_VERBS and tok.pos_ in ("VERB", "AUX")
            and any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in tok.children))
        if modal:
            verb = tok.head if tok.dep_ == "aux" else tok
            passive = any(c.dep_ == "auxpass" for c in verb.children)
            polarity = "positive" if passive and _lemma(verb) in POSITIVE_PASSIVES else "negative"
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if _reported_by_other(verb, own) or any(c.dep_ == "mark" and c.lower_ in ("whether", "if")
                                                    for c in verb.children):
                continue      # "Pompeo said Iran must ...", "as to whether Japan should ...": not the speaker's demand
            if any(_parties(sj, in_sent, sent) for sj in subjects):
                continue      # "Myanmar and Bangladesh should negotiate": advice to both parties
            for m in in_sent:
                toks = _tokens_of(m, sent)
                if any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i == verb.i or
                       t.dep_ in ("compound", "poss", "amod") and t.head.dep_ in ("nsubj", "nsubjpass")
                       and t.head.head.i == verb.i and (t.head.lower_ in ACTOR_HEADS
                                                        or t.head.lower_ in CRITICISED_HEADS) or
                       t.dep_ == "pobj" and t.head.head.dep_ in ("nsubj", "nsubjpass")
                       and t.head.head.head.i == verb.i and polarity == "positive"
                       for t in toks):
                    if polarity == "negative" and any(c.dep_ == "neg" for c in verb.children) \
                            and _lemma(verb) in POSITIVE_PASSIVES:
                        continue
                    if m.entity.kind == "organization" and m.entity.iso2 is None and polarity == "negative" \
                            and _lemma(verb) not in CORRECTIVE and not _negated(verb) and not any(
                                _counts_negative(x) for x in verb.subtree):
                        continue  # "the Security Council should support efforts ...": advice to a body
                    yield m, polarity, tok.lower_, "modal", 1


def _flat_targets(sent: Span, in_sent: list[Mention]):
    """Without a parse: entities after a cue word, not behind a blocking preposition."""
    # nothing is found in a sentence without a cue or a modal in it: one search tells (a token
    # that matches _CUE_WORD holds a cue as a substring of the sentence's lower-case text)
    if _ANY_FLAT_CUE.search(doc_text(sent.doc)[sent.start_char:sent.end_char].lower()) is None:
        return
    words = list(sent)
    for k, tok in enumerate(words):
        low = tok.lower_
        hit = _CUE_WORD.match(low)
        stem = hit.group(1) if hit else None
        if stem is not None:
            if k > 0 and words[k - 1].lower_ in ("not", "never", "n't", "of", "than"):
                continue
            end = next((w.idx for w in words[k + 1:] if w.text in (";", ":") or w.lower_ in
                        ("and", "but", "while") and words[words.index(w) + 1:words.index(w) + 3]
                        and any(_CUE_WORD.match(x.lower_) for x in words[words.index(w) + 1:words.index(w) + 4])),
                       sent.end_char)
            for m in in_sent:
                if tok.idx < m.start < end:
                    before = [w for w in words if w.idx < m.start][-1:]
                    if before and before[0].lower_ in BLOCKING_PREPS:
                        continue
                    yield m, CUES[stem], stem, "cue", (m.start - tok.idx) // 8
        if low in MODALS or low in ("needs", "need") and k + 1 < len(words) and words[k + 1].lower_ == "to":
            for m in in_sent:
                if 0 < tok.idx - m.end <= 12:
                    yield m, "negative", low, "modal", 1
