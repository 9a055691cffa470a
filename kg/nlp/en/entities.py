"""Entity mentions: gazetteer names, named laws and agreements, and the statistical NER.

``dk_gazetteer`` finds every gazetteer name (longest match first), plus capitalised
names of laws, treaties and agreements ("the Hong Kong Autonomy Act") that the gazetteer
does not know. Capital cities are left to ``dk_metonyms``. ``dk_model_entities`` adds what
the statistical model tags and the gazetteer missed, linked to a gazetteer entity when
the name is known and minted from the normalised name otherwise.
"""

from __future__ import annotations

import re

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.analysis import Mention
from kg.nlp.gazetteer import Entity, fold, gazetteer, minted
from kg.nlp.extensions import covered, doc_text, mentions

__all__ = ["GazetteerMatcher", "ModelEntities", "clean_person_name"]

INITIATIVE_HEADS = {"Act", "Law", "Bill", "Treaty", "Agreement", "Accord", "Accords", "Convention",
                    "Initiative", "Declaration", "Protocol", "Charter", "Resolution", "Communique",
                    "Communiqué", "Consensus", "Pact", "Plan"}
# a token can only be one of the heads if the text holds it: a cheap test before the scan
_ANY_HEAD = re.compile("|".join(sorted(INITIATIVE_HEADS, key=len, reverse=True)))
NAME_GLUE = {"of", "and", "on", "for", "the", "between", "-", "'s", "in", "to"}
TITLES = {"president", "vice", "prime", "minister", "premier", "secretary", "state", "foreign",
          "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "chairman", "chairwoman", "king",
          "queen", "general", "director", "director-general", "secretary-general", "senator",
          "ambassador", "chancellor", "councilor", "councillor", "representative", "spokesperson",
          "spokesman", "governor", "chief", "executive", "deputy", "speaker", "pope", "emperor",
          "crown", "prince", "princess", "sheikh", "his", "her", "excellency", "majesty", "of",
          "the", "u.s.", "us", "special", "envoy", "commissioner", "mayor", "leader", "defense",
          "defence", "trade", "treasury", "commerce", "affairs", "former", "late", "said", "and",
          "chairperson", "permanent", "counselor", "minister-counselor", "consul", "premier"}
NAME_PARTICLES = {"bin", "bint", "al", "el", "de", "da", "van", "von", "der", "la", "le", "du", "ibn"}
GENERIC = {"government", "ministry", "department", "office", "archbishop", "catholic", "church",
           "embassy", "consulate", "side", "party", "council", "committee", "congress", "court",
           "authorities", "administration", "parliament", "cabinet", "army", "military", "police",
           "region", "province", "city", "county", "peninsula", "mainland", "island", "islands",
           "republic", "kingdom", "nation", "nations", "people", "union", "federation", "sar"}
ORG_NOISE = re.compile(r"^(COVID|SARS|Xinhua News|the\b)|coronavirus|\d{3,}", re.I)


@Language.factory("dk_gazetteer")
def _make_gazetteer(nlp: Language, name: str) -> "GazetteerMatcher":
    return GazetteerMatcher()


class GazetteerMatcher:
    """Mark every gazetteer name; keep capital cities aside for ``dk_metonyms``."""

    def __call__(self, doc: Doc) -> Doc:
        g = gazetteer()
        text = doc_text(doc)
        # token texts by slicing (iterating the Doc would build a Token object per token)
        folded = fold(text)        # same length as the text, so token offsets hold
        words = [folded[i:i + n] for i, n in doc.to_array([IDX, LENGTH]).tolist()]
        starts = g.trie            # words that can begin a name (lower case)
        # only tokens that can begin a name are tried; most tokens are skipped here
        candidates = [k for k, w in enumerate(words) if w.lower() in starts and w[:1].isalnum()]
        found = mentions(doc)
        capitals: list[tuple[Span, Entity]] = []
        i = 0
        for k in candidates:
            if k < i:
                continue
            i = k
            m = g.longest_match(words, i)
            if m is None:
                continue
            n, aliases = m
            # a longer name starting inside this one wins ("Premier Li Qiang" is not "Premier Li")
            inner = next((k for k in range(i + 1, i + n)
                          if (m2 := g.longest_match(words, k)) and k + m2[0] > i + n), None)
            if inner is not None:
                i = inner
                continue
            span = doc[i:i + n]
            if _qualified_generic(doc, span, aliases, found):
                i += n
                continue
            # a name can be a country's name and its capital ("Singapore"): the name wins
            alias = min(aliases, key=lambda a: {"name": 0, "demonym": 1, "capital": 2}[a.role])
            if alias.role == "capital":
                capitals.append((span, alias.entity))
            else:
                how = "demonym" if alias.role == "demonym" else "gazetteer"
                found.append(Mention(span.start_char, span.end_char, span.text, alias.entity, how))
            i += n
        doc._.dk_capitals = capitals
        _named_initiatives(doc)
        return doc


GENERIC_HEADS = {"Foreign", "Ministry", "Security", "Defense", "Defence", "Joint", "National",
                 "State", "Commerce", "Embassy", "Supreme", "Central", "Department", "Interior",
                 "Finance", "Justice", "Foreign Ministry"}


def _qualified_generic(doc: Doc, span: Span, aliases, found: list[Mention]) -> bool:
    """A generic body name qualified by another name is not the body the gazetteer means.

    "Foreign Ministry" links to China's ministry, but not in "the Russian Foreign Ministry";
    "Security Council" is the UN's, but not in "National Security Council".
    """
    if aliases[0].entity.kind not in ("organization", "initiative") or span[0].text not in GENERIC_HEADS:
        return False
    if span.start == 0:
        return False
    prev = doc[span.start - 1]
    if prev.text in ("'s", "’s") and span.start >= 2:
        prev = doc[span.start - 2]
    before = [m for m in found if m.end == prev.idx + len(prev.text)]
    if before and before[-1].entity.kind == "country":
        return before[-1].entity.key != "CN"
    return prev.text[:1].isupper() and not prev.is_sent_start and prev.text not in ("The", "A")


def _named_initiatives(doc: Doc) -> None:
    """Capitalised names holding Act/Treaty/Agreement/...: a named law or agreement.

    A run of capitalised words (with "of", "and", "the", hyphens... between them) that
    holds a head noun such as "Act" or "Treaty" and at least two capitalised words is a
    name: "the Hong Kong Autonomy Act", "the Treaty of Peace and Friendship between
    China and Japan". Names inside it (Hong Kong, China) give way to the law.
    """
    found = mentions(doc)
    runs = _capitalised_runs(doc) if _ANY_HEAD.search(doc_text(doc)) else ()
    for run in runs:
        heads = [t for t in run if t.text in INITIATIVE_HEADS]
        capitalised = [t for t in run if t.text[:1].isupper()]
        if not heads or len(capitalised) < 2:
            continue
        inner = [m for m in found if run.start_char <= m.start and m.end <= run.end_char]
        crossing = [m for m in found if m.start < run.end_char and run.start_char < m.end
                    and m not in inner]
        if crossing or any(m.entity.kind == "initiative" for m in inner):
            continue
        for m in inner:
            found.remove(m)
        found.append(Mention(run.start_char, run.end_char, run.text,
                             minted("initiative", run.text), "pattern"))
    found.sort(key=lambda m: m.start)


def _capitalised_runs(doc: Doc):
    run: list = []
    for tok in list(doc) + [None]:
        if tok is not None and run and tok.is_sent_start:
            yield from _trimmed(doc, run)
            run = []
        if tok is not None and (tok.text[:1].isupper() or tok.like_num and run
                                or tok.text in NAME_GLUE and run):
            # a new name starts after "and" that follows a complete name ("Act and the ...")
            if tok.text[:1].isupper() and len(run) >= 2 and run[-1].text in ("and", "the") and \
                    any(t.text in INITIATIVE_HEADS for t in run[:-1]):
                yield from _trimmed(doc, run)
                run = []
            run.append(tok)
        else:
            if run:
                yield from _trimmed(doc, run)
            run = []


def _trimmed(doc: Doc, run: list):
    while run and (run[0].text in NAME_GLUE or run[0].is_stop):
        run = run[1:]
    while run and (run[-1].text in NAME_GLUE or run[-1].text.lower() == "the"):
        run = run[:-1]
    if len(run) >= 2:
        yield doc[run[0].i:run[-1].i + 1]


@Language.factory("dk_model_entities")
def _make_model_entities(nlp: Language, name: str) -> "ModelEntities":
    return ModelEntities()


class ModelEntities:
    """Statistical entities the gazetteer missed: people, organisations, places, laws."""

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("ENT_IOB"):
            return doc
        g = gazetteer()
        found = mentions(doc)
        for ent in doc.ents:
            span = _trim(ent)
            if span is None or covered(doc, span.start_char, span.end_char):
                continue
            entity = _link(g, ent.label_, span)
            if entity is not None:
                found.append(Mention(span.start_char, span.end_char, span.text, entity, "model"))
        found.sort(key=lambda m: m.start)
        return doc


def _trim(ent: Span) -> Span | None:
    """Drop a leading article, titles before a person's name, and a trailing possessive."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    if ent.label_ == "PERSON":
        while start < end - 1 and doc[start].lower_.strip(".") in TITLES:
            start += 1
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "-", ",", "."):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _trim_titles(span: Span) -> Span | None:
    start = span.start
    while start < span.end and span.doc[start].lower_.strip(".") in TITLES:
        start += 1
    return span.doc[start:span.end] if start < span.end else None


def clean_person_name(span: Span) -> str | None:
    """The name if the span looks like a person's name: capitalised words and particles."""
    words = [t.text for t in span if t.text not in ("-",)]
    if not words or not span.text[:1].isupper():
        return None
    for w in words:
        if not (w[:1].isupper() or w.lower() in NAME_PARTICLES or "-" in w):
            return None
        if any(c.isdigit() for c in w):
            return None
    return span.text


def _link(g, label: str, span: Span) -> Entity | None:
    if label == "ORG" and span[0].lower_.strip(".") in TITLES and len(span) > 1:
        # "King Felipe VI", "Chairperson Faki": a titled person the model took for a body
        span = _trim_titles(span)
        if span is None:
            return None
        label = "PERSON"
    known = g.lookup(span.text)
    if known:
        return known[0].entity if known[0].role != "capital" else None
    text = span.text
    if len(span) > 1 and all(t.is_upper or not t.is_alpha for t in span) and \
            any(len(t) > 3 for t in span if t.is_alpha):
        return None  # a shouted heading ("SARAH MCIVER"): the real spelling is unknown
    if label == "PERSON":
        # a lone word is left to the transcript-wide surname resolution (kg.nlp.en.people)
        if len(span) < 2 or clean_person_name(span) is None:
            return None
        kind = "person"
    elif label == "ORG":
        if not text[:1].isupper() or ORG_NOISE.search(text) or len(text) < 3:
            return None
        if all(t.lower_.strip(".") in TITLES | GENERIC for t in span):
            return None
        kind = "organization"
    elif label in ("GPE", "LOC"):
        if not text[:1].isupper() or any(c.isdigit() for c in text):
            return None
        if all(t.lower_ in GENERIC for t in span):
            return None
        kind = "place"
    elif label == "LAW":
        if not text[:1].isupper():
            return None
        kind = "initiative"
    else:
        return None
    return minted(kind, text)
