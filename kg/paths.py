"""Where the package's own data lives: reference data, ontology, saved queries, web assets.

Everything here ships inside the wheel, so diplokg works the same from a checkout and
from ``pip install diplokg-*.whl`` in any folder. The top-level ``ontology/`` folder is the
human-facing copy of ``kg/ontology/``; a test keeps the two identical.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["PACKAGE_DIR", "DATA_DIR", "GAZETTEER_DIR", "SAMPLE_DIR", "ONTOLOGY_DIR", "TOPICS_FILE",
           "SHAPES_FILE", "QUERY_DIR", "WEB_DIR", "ontology_files"]

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
SAMPLE_DIR = DATA_DIR / "sample"
ONTOLOGY_DIR = PACKAGE_DIR / "ontology"
TOPICS_FILE = ONTOLOGY_DIR / "topics.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERY_DIR = PACKAGE_DIR / "queries"
WEB_DIR = PACKAGE_DIR / "server" / "web"


def ontology_files() -> list[Path]:
    """The ontology and topic scheme (every ``.ttl`` of the package's ontology but the shapes)."""
    return sorted(p for p in ONTOLOGY_DIR.glob("*.ttl") if p.name != SHAPES_FILE.name)
