"""Propose Chinese-English name pairs from the parallel 2018-2020 transcripts, for checking by reading.

For every conference published in both languages (same date and spokesperson) whose two
versions hold the same number of exchanges, the exchanges are paired by position, the English
one is run through the English gazetteer (``--model none``), and every Chinese character
n-gram (2 to 7 characters) of the Chinese one is counted. For each English entity seen in two
or more exchanges, the n-grams with the highest Jaccard association (exchanges holding both,
over exchanges holding either) are printed with their counts. The output is a list of
*candidates*: ``kg/data/gazetteer/zh/people_zh.csv`` and ``organization_extra_zh.csv`` keep only
pairs a person checked by reading both versions (titles trimmed off, ordinary-word collisions
such as 罗斯 in 俄罗斯 dropped).

    python scripts/mine_zh_names.py person > persons.tsv
    python scripts/mine_zh_names.py organization,initiative > orgs.tsv
"""

from __future__ import annotations

import collections
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").exists() else Path("/work/shared")
EN = SHARED / "corpus" / "fmprc-en-2018-2020_cwang23-china_fm"
ZH = SHARED / "corpus" / "fmprc-zh-2018-2020_cwang23-china_fm"
CJK = re.compile(r"[\u4e00-\u9fff·]+")


def aligned_exchanges() -> list[tuple[str, set[tuple[str, str]]]]:
    from kg.nlp.extract import analyse_texts
    from kg.sources import read_file

    with (EN / "index.csv").open(encoding="utf-8") as fh:
        en_idx = {(r["date"], r["spokesperson"]): r["file_stem"] for r in csv.DictReader(fh)}
    with (ZH / "index.csv").open(encoding="utf-8") as fh:
        zh_idx = list(csv.DictReader(fh))
    out = []
    for r in zh_idx:
        stem = en_idx.get((r["date"], r["spokesperson"]))
        if not stem:
            continue
        ep, zp = EN / "txt" / f"{stem}.txt", ZH / "txt" / f"{r['file_stem']}.txt"
        en = read_file(str(ep), ep.read_bytes()).documents[0]
        zh = read_file(str(zp), zp.read_bytes()).documents[0]
        if len(zh.exchanges) != len(en.exchanges):
            continue
        texts = [" ".join(t.text for t in ex.turns) for ex in en.exchanges]
        for zx, ta in zip(zh.exchanges, analyse_texts(texts, "none")):
            out.append(("".join(t.text for t in zx.turns), {(m.entity.kind, m.entity.label) for m in ta.mentions}))
    return out


def main() -> int:
    kinds = set((sys.argv[1] if len(sys.argv) > 1 else "person").split(","))
    pairs = aligned_exchanges()
    print(f"{len(pairs)} position-aligned exchanges", file=sys.stderr)
    texts = [z for z, _ in pairs]
    by_entity: dict[tuple[str, str], list[int]] = collections.defaultdict(list)
    for i, (_, ents) in enumerate(pairs):
        for kind, label in ents:
            if kind in kinds:
                by_entity[(kind, label)].append(i)
    for (kind, label), idx in sorted(by_entity.items(), key=lambda x: -len(x[1])):
        if len(idx) < 2:
            continue
        count: collections.Counter = collections.Counter()
        for i in idx:
            grams = {run[s:s + n] for run in CJK.findall(texts[i]) for n in range(2, 8)
                     for s in range(len(run) - n + 1)}
            count.update(grams)
        best = []
        for gram, c in count.most_common(400):
            if c < max(2, len(idx) / 2):
                continue
            df = sum(1 for t in texts if gram in t)
            best.append((c / (df + len(idx) - c), c, df, gram))
        best.sort(reverse=True)
        if not best:
            continue
        top = [b for b in best if b[0] >= best[0][0] * 0.9 and b[0] >= 0.3]
        top = [b for b in top if not any(b[3] in o[3] and b[3] != o[3] and o[1] >= b[1] * 0.9 for o in top)]
        for j, c, df, gram in top[:3]:
            print(kind, label, gram, len(idx), c, df, round(j, 2), sep="\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
