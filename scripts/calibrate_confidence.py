"""Calibrate dk:confidence on the development gold: write kg/data/confidence.json.

    python scripts/calibrate_confidence.py [--gold DIR ...] [--corpus ../shared/corpus]

(default gold: tests/data/gold/dev and tests/data/gold/heldout, development data since 2026-12-02;
never the kept-apart sets)

For each extraction pipeline (the statistical model and ``none``) it builds the gold
transcripts into a temporary store, judges every extracted fact against the gold
(``kg.evaluate.judge_facts``) and gives each calibration key (how a fact was found, see
``kg.nlp.en.confidence``) the share of its facts that the gold confirms, smoothed toward its
parent key's share: ``(right + 2 * parent_share) / (seen + 2)``. A key whose figure would
reach 0.9 on fewer than 10 facts is held just below 0.9 (a few lucky hits are no proof).
Then it checks the promise on the same data: of the facts given 0.9 or more, at least 90%
are right (``kg evaluate --calibration`` shows the same on any gold set).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PRIOR = 2.0
MIN_FOR_HIGH = 10
PIPELINE = {"none": "flat"}     # which trained stance classifier a model's build uses (else "parsed")


def model_additions(pipeline: str) -> tuple[int, int] | None:
    """(right, added) of the stance classifier's additions in leave-one-file-out
    cross-validation (its in-sample figures on the data it was trained on would flatter it)."""
    import gzip

    sys.path.insert(0, str(ROOT / "scripts"))
    import train_stance as ts
    from kg.nlp.en.stance_model import MODEL_FILE

    try:
        model = json.loads(MODEL_FILE.read_text())["models"][pipeline]
        with gzip.open(ts.TRAINING_FILE, "rt", encoding="utf-8") as fh:
            rows = [r for r in map(json.loads, fh) if r["pipeline"] == pipeline]
    except (OSError, KeyError, ValueError):
        return None
    right = added = 0
    for f in sorted({r["file"] for r in rows}):
        weights, bias = ts.train([r for r in rows if r["file"] != f])
        for r in rows:
            if r["file"] != f or any(x.startswith("rule:") and x != "rule:none" for x in r["features"]):
                continue
            _, pp, pn = ts._probs(weights, bias, r["features"])
            if max(pp, pn) >= model["threshold"]:
                added += 1
                right += r["label"] == ("positive" if pp > pn else "negative")
    return right, added


def _parents(key: str) -> list[str]:
    parts = key.split(":")
    return [":".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)]


def table_for(facts) -> dict:
    counts: dict[str, list[int]] = {}
    for f in facts:
        for k in [f.key] + _parents(f.key):
            c = counts.setdefault(k, [0, 0])
            c[0] += 1
            c[1] += f.correct
    overall = sum(f.correct for f in facts) / max(1, len(facts))
    out = {}
    for k in sorted(counts, key=lambda k: k.count(":")):
        seen, right = counts[k]
        parent = next((out[p]["confidence"] for p in _parents(k) if p in out), overall)
        value = (right + PRIOR * parent) / (seen + PRIOR)
        if value >= 0.9 and seen < MIN_FOR_HIGH:
            value = min(value, 0.89)
        out[k] = {"confidence": round(value, 3), "seen": seen, "right": right}
    return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", nargs="+", default=[str(ROOT / "tests" / "data" / "gold" / "dev"),
                                                  str(ROOT / "tests" / "data" / "gold" / "heldout")])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    args = ap.parse_args(argv)
    from kg.build import build
    from kg.evaluate import calibration, judge_facts
    from kg.nlp.en.confidence import CONFIDENCE_FILE
    from kg.nlp.pipeline import DEFAULT_MODEL, model_available
    from kg.rdf.store import KGStore

    golds, corpus = [Path(g) for g in args.gold], Path(args.corpus)
    from kg.evaluate import NOT_FOR_TUNING

    if any(g.name in NOT_FOR_TUNING for g in golds):
        ap.error(f"the gold sets {', '.join(NOT_FOR_TUNING)} are never calibrated on (kept apart or measure only)")
    if not corpus.is_dir():
        corpus = Path("/work/shared/corpus")
    files = [corpus / json.loads(p.read_text())["source"] for g in golds for p in sorted(g.glob("*.json"))]
    out = {"source": "calibrated by scripts/calibrate_confidence.py on the " + " + ".join(g.name + " gold" for g in golds)
                     + f" gold ({len(files)} transcripts)", "models": {}}
    for model in (DEFAULT_MODEL, "none"):
        if model != "none" and not model_available(model):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            with KGStore(Path(tmp) / "store") as store:
                report = build(files, store, model=model, show_progress=False)
                if report.failed:
                    print(f"error: {[r.path for r in report.failed]}", file=sys.stderr)
                    return 1
                facts = [f for g in golds for f in judge_facts(g, store)]
        table = table_for(facts)
        cv = model_additions(PIPELINE.get(model, "parsed"))
        for key in [k for k in table if k.startswith("stance:model")]:
            if cv is None or not cv[1]:
                continue
            right, added = cv
            table[key] = {"confidence": round(min(table[key]["confidence"], (right + 1) / (added + 2)), 3),
                          "seen": table[key]["seen"], "right": table[key]["right"],
                          "cross_validated": {"right": right, "added": added}}
        out["models"][model] = table
        for f in facts:
            f.confidence = next((table[k]["confidence"] for k in [f.key] + _parents(f.key) if k in table), None)
        cal = calibration(facts)["all"]
        print(f"{model}: {len(facts)} facts, {len(table)} keys; confidence >= 0.9: {cal['high']} facts, "
              f"{cal['high_share_right']} right")
    CONFIDENCE_FILE.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {CONFIDENCE_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
