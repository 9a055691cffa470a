"""Entity mentions: gazetteer names, named laws and agreements, and the statistical NER.

``dk_gazetteer`` finds every gazetteer name (longest match first), plus capitalised
names of laws, treaties and agreements ("the Hong Kong Autonomy Act") that the gazetteer
does not know. Capital cities are left to ``dk_metonyms``. ``dk_model_entities`` adds what
the statistical model tags and the gazetteer missed, linked to a gazetteer entity when
the name is known and minted from the normalised name otherwise.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.analysis import Mention
from kg.nlp.gazetteer import Entity, fold, gazetteer, minted
from kg.nlp.extensions import covered, doc_text, mentions

__all__ = ["GazetteerMatcher", "ModelEntities", "clean_person_name"]

INITIATIVE_HEADS = {"Act", "Law", "Bill", "Treaty", "Agreement", "Accord", "Accords", "Convention",
                    "Initiative", "Declaration", "Protocol", "Charter", "Resolution", "Communique",
                    "Communiqué", "Consensus", "Pact", "Plan", "Strategy", "Programme", "Railway",
                    "Railroad", "Pipeline"}
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
        # only tokens that can begin a name are tried; most tokens are skipped here (a word
        # not capitalised, such as "and", fails the case rules of nearly every name)
        candidates = g.starts_at(words)
        can_start = set(candidates)
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
                          if k in can_start and (m2 := g.longest_match(words, k)) and k + m2[0] > i + n), None)
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
        _lowercase_doctrines(doc)
        _named_initiatives(doc, words)
        _shared_future(doc)
        _qualified_bodies(doc)
        _newspapers(doc)
        _drop_addressee(doc)
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


@lru_cache(maxsize=1)
def _doctrine_pattern() -> re.Pattern | None:
    from kg.nlp.topics import trie_pattern

    names = gazetteer().lower_names
    if not names:
        return None
    # words separated by spaces or hyphens, case-insensitively ("One-China principle")
    alts = trie_pattern(sorted(names)).replace("\\ ", "[\\s\\-]+")
    return re.compile(r"(?<![\w-])" + alts + r"(?![\w-])", re.I)


def _lowercase_doctrines(doc: Doc) -> None:
    """Principles and doctrines written in lower case; the names inside them give way."""
    pat = _doctrine_pattern()
    if pat is None:
        return
    text = doc_text(doc)
    found = mentions(doc)
    names = gazetteer().lower_names
    for hit in pat.finditer(fold(text)):
        start, end = hit.span()
        key = " ".join(hit.group(0).lower().replace("-", " ").split())
        entity = names.get(key)
        if entity is None:
            continue
        inner = [m for m in found if start <= m.start and m.end <= end]
        if any(m.start < end and start < m.end and m not in inner for m in found):
            continue
        for m in inner:
            found.remove(m)
        found.append(Mention(start, end, text[start:end], entity, "gazetteer"))
    found.sort(key=lambda m: m.start)


# "the China-ASEAN community with a shared future": a named doctrine for a pair or region
_SHARED_FUTURE = re.compile(r"\b((?:[A-Z][\w]*(?:[-–][A-Z][\w]*)+|[A-Z][a-z]+(?:-[A-Z]\w+)*)\s+"
                            r"community (?:with a|of|with) shared future)(?! for (?:mankind|humanity|all))")


def _shared_future(doc: Doc) -> None:
    found = mentions(doc)
    text = doc_text(doc)
    if "shared future" not in text:
        return
    for hit in _SHARED_FUTURE.finditer(text):
        start, end = hit.span(1)
        if hit.group(1).split()[0] in ("A", "The", "Building", "Build", "Such"):
            continue
        inner = [m for m in found if start <= m.start and m.end <= end]
        if any(m.start < end and start < m.end and m not in inner for m in found):
            continue
        for m in inner:
            found.remove(m)
        name = " ".join(text[start:end].split())
        found.append(Mention(start, end, text[start:end], _doctrine(name), "pattern"))
    found.sort(key=lambda m: m.start)


def _doctrine(name: str) -> Entity:
    """A doctrine named in lower case ("China-Africa community with a shared future"): its
    label as printed (minted names capitalise long words, which doctrines do not)."""
    from kg.keys import slug

    known = gazetteer().get("initiative", slug(name))
    return known or Entity("initiative", slug(name), name, None, None, minted=True)


# a foreign country's body: "the Russian Foreign Ministry", "Slovak foreign ministry",
# "the US Embassy in China", "Pakistani embassy", "Chinese embassy in Slovakia"
_BODY = re.compile(r"^(?:(foreign ministry|ministry of foreign affairs|foreign office|mfa)|"
                   r"(defen[cs]e ministry|ministry of (?:national )?defen[cs]e)|(embassy))$", re.I)


def _qualified_bodies(doc: Doc) -> None:
    """A country (name or adjective) qualifying a ministry or embassy: that country's body.

    The home country's ministry is the gazetteer's; another country's is its own
    ("Ministry of Foreign Affairs of Russia"); an embassy is "Embassy of X in Y" (Y: the
    country named after "in", else the speaker's own country when X is foreign).
    """
    from kg.nlp.extensions import home_country

    found = mentions(doc)
    text = doc_text(doc)
    low = text.lower()
    if "ministry" not in low and "embassy" not in low and "foreign office" not in low:
        return
    g = gazetteer()
    home = home_country(doc)
    countries = [m for m in found if m.entity.kind == "country"]
    for m in countries:
        rest = text[m.end:m.end + 40]
        hit = re.match(r"(?:'s|’s)?\s+(foreign ministry|ministry of foreign affairs|foreign office|"
                       r"defen[cs]e ministry|ministry of (?:national )?defen[cs]e|embassy|embassies)\b", rest, re.I)
        if not hit:
            continue
        body = hit.group(1).lower()
        start, end = m.start, m.end + hit.end()
        country = m.entity
        if body.startswith("embass"):
            if body == "embassies":
                continue
            after = re.match(r"\s+in\s+(?:the\s+)?", text[end:end + 12])
            where = next((o for o in countries if after and o.start == end + after.end()), None)
            if where is None and country.key == home:
                continue       # "our embassy", "the Chinese embassy" alone: which one is unknown
            host = where.entity if where is not None else g.get("country", home)
            if host is None or host == country:
                continue
            if where is not None:
                end = where.end
            label = f"Embassy of {_the(country)} in {_the(host)}"
        elif "defen" in body:
            if country.key == home:
                continue
            label = f"Ministry of Defence of {_the(country)}"
        else:
            if country.key == home:
                continue    # the gazetteer's own ministry
            label = f"Ministry of Foreign Affairs of {_the(country)}"
        overlapping = [o for o in found if o.start < end and start < o.end]
        if any(o.entity.kind not in ("country", "organization") for o in overlapping):
            continue
        for o in overlapping:
            found.remove(o)
        found.append(Mention(start, end, text[start:end], minted("organization", label), "pattern"))
        # the country stays a mention of its own (it is named), as the gold counts it
        found.append(Mention(m.start, m.end, m.text, country, m.how))
        if body.startswith("embass") and where is not None:
            found.append(Mention(where.start, where.end, where.text, where.entity, where.how))
    for hit in re.finditer(r"\b[Oo]ur embassy in (?:the )?", text):
        where = next((o for o in countries if o.start == hit.end()), None)
        home_e = g.get("country", home)
        if where is None or home_e is None or where.entity == home_e:
            continue
        label = f"Embassy of {_the(home_e)} in {_the(where.entity)}"
        found.append(Mention(hit.start(), where.end, text[hit.start():where.end],
                             minted("organization", label), "pattern"))
    found.sort(key=lambda m: (m.start, m.end))


def _the(country: Entity) -> str:
    label = country.label
    return "the " + label if label.startswith(("United", "Netherlands", "Philippines")) else label


def _newspapers(doc: Doc) -> None:
    """"The Australian reported ...": the newspaper, not the country."""
    found = mentions(doc)
    text = doc_text(doc)
    for m in list(found):
        if m.how != "demonym" or m.start < 4 or text[m.start - 4:m.start] != "The ":
            continue
        if m.start - 4 == 0 or text[m.start - 6:m.start - 4] in (". ", "\\n\\n"):
            continue          # a sentence starting "The Australian government ..."
        nxt = text[m.end:m.end + 12]
        if re.match(r"(?:'s|’s|\s*[,.;:]|\s+(?:reported|said|says|wrote|newspaper|claimed|published|"
                    r"quoted|cited|alleged|has|had|is|was))", nxt):
            found.remove(m)
            found.append(Mention(m.start - 4, m.end, text[m.start - 4:m.end],
                                 minted("organization", "The " + m.text), "pattern"))
    found.sort(key=lambda m: (m.start, m.end))


# "Does the Foreign Ministry have any comment?": the speaking ministry as the addressee
_ADDRESSEE = re.compile(r"\b(?:does|do|will|would|could|can|did|has|what (?:is|was|are)|what's|how does|"
                        r"how will|is)\s+(?:the\s+)?(?:Chinese\s+|China's\s+)?"
                        r"(?:Foreign Ministry|MFA|Ministry of Foreign Affairs|Chinese Foreign Ministry)"
                        r"(?:'s|’s)?\s+(?:have|has|got|comment|comments|response|reaction|respond|think|"
                        r"view|position|take|plan|want|confirm)", re.I)


def _drop_addressee(doc: Doc) -> None:
    """The home ministry asked for its comment is not a mention worth counting (conventions v2)."""
    text = doc_text(doc)
    if "inistry" not in text and "MFA" not in text:
        return
    found = mentions(doc)
    for hit in _ADDRESSEE.finditer(text):
        for m in list(found):
            if hit.start() <= m.start < hit.end() and m.entity.key == "mfa-china":
                found.remove(m)


def _named_initiatives(doc: Doc, words: list[str] | None = None) -> None:
    """Capitalised names holding Act/Treaty/Agreement/...: a named law or agreement.

    A run of capitalised words (with "of", "and", "the", hyphens... between them) that
    holds a head noun such as "Act" or "Treaty" and at least two capitalised words is a
    name: "the Hong Kong Autonomy Act", "the Treaty of Peace and Friendship between
    China and Japan". Names inside it (Hong Kong, China) give way to the law.
    """
    found = mentions(doc)
    # a run counts only if one of its tokens is a head: no head token in the doc, no run to
    # walk (``words``: the doc's token texts, folded, which leaves ASCII heads as they are)
    if words is not None:
        has_head = not INITIATIVE_HEADS.isdisjoint(words)
    else:
        has_head = _ANY_HEAD.search(doc_text(doc)) is not None
    runs = _capitalised_runs(doc) if has_head else ()
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
        _drop_addressee(doc)     # the model can find the addressed ministry again
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


# model-found names that are no organisation by themselves (type checks)
NOT_ORGANIZATIONS = {"mou", "media", "treaty", "agreement", "committee", "council", "commission",
                     "ministry", "department", "government", "central government", "secretariat",
                     "administration", "authorities", "social affairs", "foreign affairs", "state",
                     "n95", "cdac", "asian civilizations", "covid", "internet", "net", "web",
                     "sar government", "the central government",
                     # acronyms of things, not bodies ("IPR protection", "PPE")
                     "ipr", "iprs", "gdp", "ppe", "r&d", "faq"}
# a legislature named bare: the one of the (single) foreign country the utterance names
BARE_LEGISLATURES = {"senate", "house", "house of representatives", "congress", "parliament",
                     "national assembly", "house of commons", "diet"}


def _legislature(g, span: Span, name: str | None = None, country: Entity | None = None) -> Entity | None:
    """The organisation a bare legislature ("the House", "Congress") names: the one of the
    single foreign country the utterance names, or of the country that qualifies it ("US House")."""
    from kg.nlp.extensions import home_country

    name = name or span.text
    doc = span.doc
    home = home_country(doc)
    if country is None:
        # China's own territories (Hong Kong's "Legislative Council" aside) never own a bare "House"
        own_parts = {"HK", "MO", "TW"} if home == "CN" else set()
        foreign = {m.entity for m in mentions(doc) if m.entity.kind == "country" and m.entity.key != home
                   and m.entity.key not in own_parts}
        if len(foreign) != 1:
            return None
        country = next(iter(foreign))
    names = [country.label] + [a for a in ("US", "U.S.") if country.key == "US"]
    for prefix in names:
        for cand in (f"{prefix} {name}", f"{name} of {prefix}", f"{name} of the {prefix}"):
            known = [a.entity for a in g.lookup(cand) if a.entity.kind == "organization"]
            if known:
                return known[0]
    return None


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
    if label == "ORG" and fold(text).lower() in BARE_LEGISLATURES:
        return _legislature(g, span)
    if label == "ORG" and len(span) > 1 and fold(span[1:].text).lower() in BARE_LEGISLATURES:
        # "US House (Speaker Pelosi)": a legislature qualified by its country
        owner = [a.entity for a in g.lookup(span[0].text) if a.entity.kind == "country"]
        if owner:
            return _legislature(g, span, span[1:].text, owner[0])
    if label in ("ORG", "GPE", "LOC", "PERSON"):
        linked = g.linked(text, "organization")   # companies and brands (NSI) the model found
        if linked is not None and label != "PERSON":
            return linked
    if label == "ORG" and fold(text).lower() in NOT_ORGANIZATIONS:
        return None
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
        if len(span) == 1 and span[0].tag_ in ("NNS", "NNPS") and span[0].lower_.endswith("s") \
                and span[0].lemma_.lower() != span[0].lower_:
            return None   # a plural word alone ("Attendees", "Uighurs") names people, not a body
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
