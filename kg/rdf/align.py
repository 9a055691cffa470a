"""Exchange alignment between the language versions of one conference (``dk:correspondsTo``).

The versions of a conference (linked by ``dk:otherVersion``, :meth:`KGStore.relink_versions`)
are edited apart: the Chinese original and the English translation usually hold the same
exchanges in the same order, but one may drop, merge or add an exchange. Each exchange is
linked to its counterpart by what the two say, not by position alone:

- the entities they mention (one IRI in both languages: 美国 and "the US" are one entity),
  the speaking government's own country left out;
- the numbers they hold (dates, counts, percentages: "5月20日" and "May 20" share 5 and 20);
- the outlet that asked (路透社记者 and Reuters are one outlet), when both versions name one;
- their lengths (Chinese characters against English words), and their relative position.

A monotone alignment (the exchanges of both versions keep their order) maximises the summed
similarity of the pairs it links; a pair whose similarity is below :data:`MIN_SCORE` is not
linked, except when the two are the only exchanges left between the same two linked pairs (or
before the first, or after the last) and still share something (:data:`GAP_SCORE`): one
exchange in each version at the same place, e.g. a last exchange whose answer one version
runs on into a closing announcement. An exchange with no counterpart is left unlinked and
reported.

The links go into the links graph with the version links, both ways, and are recomputed
after every build that changed a file (``kg.build`` calls :func:`align_versions` right after
``relink_versions``, which clears that graph).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.rdf.namespaces import DK, LINKS_GRAPH

__all__ = ["align_versions", "align_exchanges", "ExchangeFeatures", "AlignmentReport", "similarity",
           "MIN_SCORE"]

MIN_SCORE = 0.3            # below this, two exchanges are not the same exchange...
GAP_SCORE = 0.15           # ...unless each is the only one left between the same linked neighbours
CHARS_PER_WORD = 1.7       # Chinese characters per English word in these translations
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass
class ExchangeFeatures:
    """What one exchange says, as far as alignment needs it."""

    iri: str
    position: int
    language: str
    outlet: str | None = None
    entities: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    size: float = 0.0           # characters for Chinese, words otherwise
    question: str = ""
    turns: int = 2              # questions, clarifications and answers


@dataclass
class AlignmentReport:
    pairs: int = 0                                   # version pairs aligned
    exchanges: dict[str, int] = field(default_factory=dict)   # language -> exchanges in pairs
    linked: int = 0                                  # exchange pairs linked
    unlinked: list[tuple[str, str, int, str]] = field(default_factory=list)  # (conf, lang, pos, question)

    def summary(self) -> str:
        total = " + ".join(f"{n} {lang}" for lang, n in sorted(self.exchanges.items()))
        return (f"{self.pairs} conference pairs, exchanges {total}: {self.linked} pairs linked, "
                f"{len(self.unlinked)} exchanges without a counterpart")


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def _size(text: str, language: str) -> float:
    if language == "zh":
        return float(sum(1 for c in text if "\u4e00" <= c <= "\u9fff"))
    return float(len(text.split()))


def _jaccard(a: set, b: set) -> float | None:
    if not a and not b:
        return None
    return len(a & b) / len(a | b)


def similarity(x: ExchangeFeatures, y: ExchangeFeatures, nx: int = 1, ny: int = 1) -> float:
    """How alike two exchanges of two versions are, in [0, 1] (plus an outlet term).

    >>> a = ExchangeFeatures("a", 1, "zh", "reuters", {"US", "JP"}, {"5", "20"}, 170)
    >>> b = ExchangeFeatures("b", 1, "en", "reuters", {"US", "JP"}, {"5", "20"}, 100)
    >>> c = ExchangeFeatures("c", 2, "en", "afp", {"IN"}, {"3"}, 40)
    >>> similarity(a, b) > 0.9 > similarity(a, c)
    True
    """
    parts: list[tuple[float, float]] = []        # (weight, value)
    ent = _jaccard(x.entities, y.entities)
    if ent is not None:
        parts.append((2.0, ent))
    num = _jaccard(x.numbers, y.numbers)
    if num is not None:
        parts.append((1.0, num))
    zh, other = (x, y) if x.language == "zh" else (y, x)
    if zh.size and other.size and zh.language != other.language:
        ratio = zh.size / (other.size * CHARS_PER_WORD) if zh.language == "zh" else zh.size / other.size
        parts.append((1.0, math.exp(-abs(math.log(ratio)))))
    elif x.size and y.size:
        parts.append((1.0, math.exp(-abs(math.log(x.size / y.size)))))
    score = sum(w * v for w, v in parts) / sum(w for w, _ in parts) if parts else 0.0
    if x.outlet and y.outlet:
        score += 0.3 if x.outlet == y.outlet else -0.3
    rel = abs((x.position - 0.5) / max(nx, 1) - (y.position - 0.5) / max(ny, 1))
    score += 0.15 * max(0.0, 1.0 - 4 * rel)
    return score


def align_exchanges(xs: list[ExchangeFeatures], ys: list[ExchangeFeatures],
                    min_score: float = MIN_SCORE) -> list[tuple[int, int, float]]:
    """The order-keeping alignment of two exchange lists with the largest summed similarity.

    Returns (index in xs, index in ys, similarity) for each linked pair; a pair below
    ``min_score`` is never linked.

    >>> z = [ExchangeFeatures(str(i), i, "zh", None, {e}, set(), 100) for i, e in enumerate("ABCD", 1)]
    >>> e = [ExchangeFeatures(str(i), i, "en", None, {e}, set(), 60) for i, e in enumerate("ABD", 1)]
    >>> [(i, j) for i, j, _ in align_exchanges(z, e)]
    [(0, 0), (1, 1), (3, 2)]
    """
    n, m = len(xs), len(ys)
    sim = [[similarity(x, y, n, m) for y in ys] for x in xs]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = sim[i][j]
            take = s + best[i + 1][j + 1] if s >= min_score else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    out, i, j = [], 0, 0
    while i < n and j < m:
        s = sim[i][j]
        if s >= min_score and best[i][j] == s + best[i + 1][j + 1]:
            out.append((i, j, s))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    # one exchange left on each side between the same linked neighbours: the same exchange
    bounds = [(-1, -1)] + [(a, b) for a, b, _ in out] + [(n, m)]
    for (a0, b0), (a1, b1) in zip(bounds, bounds[1:]):
        if a1 - a0 == 2 and b1 - b0 == 2 and sim[a0 + 1][b0 + 1] >= GAP_SCORE:
            out.append((a0 + 1, b0 + 1, sim[a0 + 1][b0 + 1]))
    return _merged_runs(sorted(out), xs, ys)


def _merged_runs(out: list[tuple[int, int, float]], xs: list[ExchangeFeatures],
                 ys: list[ExchangeFeatures]) -> list[tuple[int, int, float]]:
    """One version keeps a journalist's follow-ups inside one exchange, the other prints each
    as an exchange of its own: link the merged exchange to the first of the run (the one that
    asks the question), not to whichever follow-up the content matched best.

    A run is recognised by its turns: the merged exchange has as many turns as the run of
    unlinked exchanges before its partner and the partner together.
    """
    linked_x = {i for i, _, _ in out}
    linked_y = {j for _, j, _ in out}
    fixed = []
    prev_i = prev_j = -1
    for i, j, score in out:
        # unlinked ys right before j (after the previous pair), with no unlinked xs before i
        run = [k for k in range(prev_j + 1, j) if k not in linked_y]
        if run and run == list(range(prev_j + 1, j)) and all(k in linked_x for k in range(prev_i + 1, i)) \
                and xs[i].turns == sum(ys[k].turns for k in run) + ys[j].turns:
            fixed.append((i, run[0], score))
        else:
            run = [k for k in range(prev_i + 1, i) if k not in linked_x]
            if run and run == list(range(prev_i + 1, i)) and all(k in linked_y for k in range(prev_j + 1, j)) \
                    and ys[j].turns == sum(xs[k].turns for k in run) + xs[i].turns:
                fixed.append((run[0], j, score))
            else:
                fixed.append((i, j, score))
        prev_i, prev_j = i, j
    return fixed


_PAIRS = f"""
PREFIX dk: <{DK._NS}>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT DISTINCT ?a ?b WHERE {{
  GRAPH <{LINKS_GRAPH}> {{ ?a dk:otherVersion ?b }}
  ?a dct:language ?la . ?b dct:language ?lb .
  FILTER (STR(?la) < STR(?lb))
}}"""

_FEATURES = f"""
PREFIX dk: <{DK._NS}>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?c ?lang ?gov ?ex ?pos ?what ?v WHERE {{
  {{ SELECT DISTINCT ?c WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?c dk:otherVersion ?o }} }} }}
  GRAPH ?g {{ ?c dct:language ?lang ; dk:government ?gov ; dk:hasExchange ?ex . ?ex dk:position ?pos .
    {{ ?ex dk:question/dk:askedBy ?v . BIND ("outlet" AS ?what) }}
    UNION {{ ?ex dk:turn/dk:mentions ?v . BIND ("entity" AS ?what) }}
    UNION {{ ?ex dk:turn ?t . ?t dk:position ?k ; dk:text ?v . BIND (CONCAT("text", STR(?k)) AS ?what) }}
  }}
}}"""


def _features(store) -> tuple[dict[str, list[ExchangeFeatures]], dict[str, str]]:
    by_conf: dict[str, dict[str, ExchangeFeatures]] = defaultdict(dict)
    government: dict[str, str] = {}
    texts: dict[str, dict[int, str]] = defaultdict(dict)
    for c, lang, gov, ex, pos, what, v in store.query(_FEATURES):
        c, ex = str(c), str(ex)
        government[c] = str(gov)
        f = by_conf[c].get(ex)
        if f is None:
            f = by_conf[c][ex] = ExchangeFeatures(ex, int(pos), str(lang))
        kind = str(what)
        if kind == "outlet":
            f.outlet = str(v)
        elif kind == "entity":
            f.entities.add(str(v))
        else:
            texts[ex][int(kind[4:])] = str(v)
    out: dict[str, list[ExchangeFeatures]] = {}
    for c, exs in by_conf.items():
        own = government[c]
        for f in exs.values():
            f.entities.discard(own)          # the speaking government's country is everywhere
            turns = texts.get(f.iri, {})
            body = " ".join(turns[k] for k in sorted(turns))
            f.numbers = _numbers(body)
            f.size = _size(body, f.language)
            f.question = turns.get(1, "")[:60]
            f.turns = len(turns)
        out[c] = sorted(exs.values(), key=lambda f: f.position)
    return out, government


def align_versions(store, min_score: float = MIN_SCORE) -> AlignmentReport:
    """Link every exchange of every pair of language versions to its counterpart.

    Replaces every ``dk:correspondsTo`` link in the links graph in one transaction.
    """
    report = AlignmentReport()
    features, _ = _features(store)
    pairs = [(str(a), str(b)) for a, b in store.query(_PAIRS)]
    links: list[tuple[str, str]] = []
    seen: set[str] = set()
    for a, b in sorted(pairs):
        xs, ys = features.get(a, []), features.get(b, [])
        report.pairs += 1
        for side in (a, b):
            if side not in seen:
                seen.add(side)
                for f in features.get(side, []):
                    report.exchanges[f.language] = report.exchanges.get(f.language, 0) + 1
        matched = align_exchanges(xs, ys, min_score)
        report.linked += len(matched)
        done_x = {i for i, _, _ in matched}
        done_y = {j for _, j, _ in matched}
        for i, j, _ in matched:
            links.append((xs[i].iri, ys[j].iri))
        for conf, fs, done in ((a, xs, done_x), (b, ys, done_y)):
            for k, f in enumerate(fs):
                if k not in done:
                    report.unlinked.append((conf, f.language, f.position, f.question))
    body = "\n".join(f"<{x}> <{DK.correspondsTo}> <{y}> . <{y}> <{DK.correspondsTo}> <{x}> ."
                     for x, y in links)
    store.update(f"DELETE {{ GRAPH <{LINKS_GRAPH}> {{ ?x <{DK.correspondsTo}> ?y }} }} "
                 f"WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?x <{DK.correspondsTo}> ?y }} }} ;\n"
                 f"INSERT DATA {{ GRAPH <{LINKS_GRAPH}> {{\n{body}\n}} }}")
    return report
