"""RDF exports of the store (``kg export --format turtle|ntriples|nquads|trig|jsonld``).

Graph formats (GraphML, GEXF, CSV views) belong to the views stage.
"""

from __future__ import annotations

import io
from pathlib import Path

from kg.rdf.store import KGStore

__all__ = ["RDF_FORMATS", "export_rdf"]

# name -> (rdflib serializer, uses named graphs)
RDF_FORMATS = {
    "turtle": ("turtle", False),
    "ntriples": ("nt", False),
    "jsonld": ("json-ld", False),
    "trig": ("trig", True),
    "nquads": ("nquads", True),
}


def export_rdf(store: KGStore, fmt: str, out: str | Path | None = None) -> str | None:
    """Serialize the store. Triple formats hold every distinct triple; quad formats keep
    the named graphs. Returns the text when ``out`` is None."""
    if fmt not in RDF_FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    serializer, quads = RDF_FORMATS[fmt]
    if quads:
        import pyoxigraph as ox

        buf = io.BytesIO()
        if fmt == "nquads":  # N-Quads has no prefixes
            store.oxigraph.dump(buf, format=ox.RdfFormat.N_QUADS)
        else:
            store.oxigraph.dump(buf, format=ox.RdfFormat.TRIG, prefixes=_prefixes())
        data = buf.getvalue()
    else:
        graph = store.union_graph()
        data = graph.serialize(format=serializer, encoding="utf-8")
    if out is None:
        return data.decode("utf-8")
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_bytes(data)
    return None


def _prefixes() -> dict[str, str]:
    from kg.rdf.namespaces import PREFIXES

    return dict(PREFIXES)
