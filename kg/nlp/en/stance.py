"""Stance: the spokesperson's support for, or opposition to, a country, person or organisation.

A stance needs a cue ("oppose", "urge", "welcome", "X should ...") and a target that
the cue governs. With a dependency parse the target is found in the cue verb's object
(its subtree, through "of"/"by"/possessives/conjunctions, but not through "in"/"on"/
"against"..., which name where or upon whom something happens), so "We urge Japan to
stop" targets Japan and "We oppose interference in Hong Kong" does not target Hong Kong.
"X should/must ..." targets the subject X. The spokesperson's own country is never a
target. Without a parse, the entities after the cue in the same sentence, not behind
such a preposition, are taken.
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
    "endorse": "positive", "admire": "positive",
}
PHRASES = {("call", "on"): "negative", ("speak", "highly"): "positive"}
MODALS = {"should", "must"}
_CUE_WORD = re.compile(r"^(" + "|".join(sorted(CUES, key=len, reverse=True)) + r")[a-z]{0,3}$")
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
                 "mislead", "wade", "hegemony", "coerce", "blackmail", "contain", "destabilize"}
NEGATIVE_ADJS = {"irresponsible", "erroneous", "wrong", "groundless", "false", "absurd",
                 "ridiculous", "preposterous", "malicious", "unwarranted", "hypocritical",
                 "illegal", "unreasonable", "baseless", "unfounded", "despicable", "shameless",
                 "outrageous", "ill-intentioned", "sinister", "dangerous", "provocative"}
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


@Language.factory("dk_stance", default_config={"self_country": "CN"})
def _make(nlp: Language, name: str, self_country: str) -> "StanceRules":
    return StanceRules(self_country)


class StanceRules:
    def __init__(self, self_country: str = "CN"):
        self.self_country = self_country

    def __call__(self, doc: Doc) -> Doc:
        everything = doc._.dk_mentions or []
        home = home_country(doc, self.self_country)
        own = self_words(home)
        self_mentions = [m for m in everything
                         if m.entity.kind == "country" and m.entity.key == home]
        mentions = [m for m in everything if m.entity.kind in TARGET_KINDS
                    and not (m.entity.kind == "country" and m.entity.key == home)]
        found: dict[tuple, StanceFinding] = {}
        parsed = doc.has_annotation("DEP")
        for start, end in sentence_bounds(doc):
            in_sent = [m for m in mentions if start <= m.start < end]
            if not in_sent:
                continue
            sent = doc.char_span(start, end)
            pairs = (_parsed_targets(sent, in_sent, self_mentions, own) if parsed
                     else _flat_targets(sent, in_sent))
            own_ways = government_rules.stances(home, doc_text(doc), start, end, in_sent)  # hook
            for m, polarity, cue in itertools.chain(pairs, own_ways):
                key = (m.entity, polarity)
                found.setdefault(key, StanceFinding(m.entity, polarity, cue, sent.text.strip(),
                                                    sent.start_char, sent.end_char))
        doc._.dk_stances = list(found.values())
        return doc


def _cue(tok: Token) -> str | None:
    lemma = tok.lemma_.lower() if tok.lemma_ else tok.lower_
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
    return [t for t in sent if m.start <= t.idx < m.end]


def _reaches(cue: Token, tok: Token) -> bool:
    """Whether ``tok`` hangs under the cue's object without crossing a blocking preposition."""
    node = tok
    while node.i != cue.i:
        if node.dep_ in ("nsubj", "nsubjpass") and node.head.i == cue.i:
            return False
        if node.dep_ == "pobj" and node.head.lower_ in BLOCKING_PREPS:
            return False
        if node.dep_ in ("compound", "amod", "nmod", "poss") and node.head.lower_ in RELATION_HEADS:
            return False
        if node.dep_ in ("advcl", "relcl", "ccomp") and node.head.i != cue.i:
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return True


def _clause_subject(tok: Token) -> Token | None | bool:
    """The subject of the clause a verb heads (climbing conjunctions and xcomps).

    Returns False when the verb sits in a clause that modifies a noun ("attempts to
    support X", "a resolution that supports X"): that is not the speaker's own act.
    """
    node = tok
    for _ in range(5):
        subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            return subj[0]
        if node.dep_ in ("acl", "relcl") or node.dep_ == "xcomp" and node.head.pos_ == "NOUN":
            return False
        if node.dep_ in ("conj", "xcomp", "pcomp", "prep", "acomp", "advcl", "ccomp") \
                and node.head.i != node.i:
            node = node.head
            continue
        return None
    return None


def _speaker_voice(tok: Token, self_mentions: list[Mention], own: set[str]) -> bool:
    """Whether the cue is said in the spokesperson's (or their country's) own voice."""
    subj = _clause_subject(tok)
    if subj is False:
        return False
    if subj is None:
        return True  # imperative or subjectless: "firmly oppose ...", "to support ..."
    words = {t.lower_ for t in subj.subtree}
    if words & own:
        return True
    return any(m.start <= t.idx < m.end for m in self_mentions for t in subj.subtree)


def _actor_token(t: Token) -> bool:
    """A mention token that names an actor: the subject itself or "the X side"."""
    return t.dep_ in ("nsubj", "nsubjpass") or (
        t.dep_ in ("compound", "amod", "poss", "nmod") and t.head.lower_ in ACTOR_HEADS
        and t.head.dep_ in ("nsubj", "nsubjpass"))


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
        return inside(list(_subject_verb(t).subtree))
    if t.dep_ == "poss" or t.dep_ in ("compound", "amod") and t.head.dep_ != "pobj":
        hit = inside([t.head]) or inside([c for c in t.head.children if c.dep_ == "amod"])
        if hit:
            return hit
    if t.dep_ == "pobj" and t.head.lower_ in ("for", "with") and t.head.head is not None:
        head = t.head.head
        return inside(list(head.subtree)) if head.i != t.i else None
    return None


def _subject_verb(t: Token) -> Token:
    return t.head if t.dep_ in ("nsubj", "nsubjpass") else t.head.head


def _parsed_targets(sent: Span, in_sent: list[Mention], self_mentions: list[Mention], own: set[str]):
    # criticism of what a country or person does: "The US violated ...", "X made
    # irresponsible remarks", "the US side's erroneous practices"
    for m in in_sent:
        for t in _tokens_of(m, sent):
            if _actor_token(t):
                verb = _subject_verb(t)
                verbs = [verb] + [c for c in verb.children if c.dep_ == "conj"]
                for v in verbs:
                    if v.lemma_.lower() in NEGATIVE_ACTS and not _negated(v):
                        yield m, "negative", v.lemma_.lower()
                    elif any(c.dep_ in ("dobj", "attr") and any(
                            a.lower_ in NEGATIVE_ADJS for a in c.children if a.dep_ == "amod")
                            for c in v.children):
                        yield m, "negative", next(a.lower_ for c in v.children
                                                  if c.dep_ in ("dobj", "attr")
                                                  for a in c.children if a.dep_ == "amod"
                                                  and a.lower_ in NEGATIVE_ADJS)
            if t.dep_ == "poss" and any(a.lower_ in NEGATIVE_ADJS for a in t.head.children
                                        if a.dep_ == "amod"):
                yield m, "negative", next(a.lower_ for a in t.head.children
                                          if a.dep_ == "amod" and a.lower_ in NEGATIVE_ADJS)
    critique = [m for m in CRITIQUE.finditer(sent.text)]
    if critique:
        spans = [(sent.start_char + c.start(), sent.start_char + c.end(), c.group(0).lower())
                 for c in critique]
        for m in in_sent:
            for t in _tokens_of(m, sent):
                cue = _critique_of(t, spans)
                if cue:
                    yield m, "negative", cue
                    break
    for tok in sent:
        cue = _cue(tok)
        if cue is not None and not _negated(tok) and _speaker_voice(tok, self_mentions, own):
            for m in in_sent:
                toks = _tokens_of(m, sent)
                if toks and any(_reaches(tok, t) for t in toks) and not any(
                        t.i < tok.i and t.dep_ in ("nsubj", "nsubjpass") for t in toks):
                    yield m, _polarity(cue), cue
        if tok.lower_ in MODALS and tok.dep_ == "aux":
            verb = tok.head
            for m in in_sent:
                toks = _tokens_of(m, sent)
                if any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i == verb.i or
                       t.dep_ in ("compound", "poss") and t.head.dep_ == "nsubj"
                       and t.head.head.i == verb.i for t in toks):
                    yield m, "negative", tok.lower_


def _flat_targets(sent: Span, in_sent: list[Mention]):
    """Without a parse: entities after a cue word, not behind a blocking preposition."""
    words = list(sent)
    for k, tok in enumerate(words):
        low = tok.lower_
        hit = _CUE_WORD.match(low)
        stem = hit.group(1) if hit else None
        if stem is not None:
            if k > 0 and words[k - 1].lower_ in ("not", "never", "n't"):
                continue
            end = next((w.idx for w in words[k + 1:] if w.text in (";", ":")), sent.end_char)
            for m in in_sent:
                if tok.idx < m.start < end:
                    before = [w for w in words if w.idx < m.start][-1:]
                    if before and before[0].lower_ in BLOCKING_PREPS:
                        continue
                    yield m, CUES[stem], stem
        if low in MODALS:
            for m in in_sent:
                if 0 < tok.idx - m.end <= 12:
                    yield m, "negative", low
