"""Regenerate exports/ from the bundled sample corpus: every view in every graph format,
plus the whole graph as Turtle and TriG.

    python scripts/export_sample.py

Builds the sample into a temporary store (with the default extraction model when it is
installed), so the files do not depend on the state of ./kg-store.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.build import build  # noqa: E402
from kg.rdf.export import export_rdf  # noqa: E402
from kg.rdf.store import KGStore  # noqa: E402
from kg.views.export import export_view  # noqa: E402
from kg.views.graphs import VIEWS, build_view, load_facts  # noqa: E402


def main() -> int:
    out = ROOT / "exports"
    with tempfile.TemporaryDirectory() as tmp, KGStore(Path(tmp) / "store") as store:
        report = build(None, store, show_progress=False)
        print(report.summary())
        export_rdf(store, "turtle", out / "sample.ttl")
        export_rdf(store, "trig", out / "sample.trig")
        facts = load_facts(store)
        for view in VIEWS:
            g = build_view(facts, view)
            for fmt in ("gexf", "graphml", "csv", "png"):
                path, _ = export_view(store, view, fmt, out / (view if fmt == "csv" else f"{view}.{fmt}"),
                                      graph=g)
            print(f"{view}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
