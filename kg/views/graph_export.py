"""Write networkx views as GEXF 1.3, GraphML, CSV tables, or a picture.

GEXF is written here rather than with networkx's writer, so that the file validates
against the official 1.3 schema: typed attributes declared once, dates as ``xs:date``
with ``timeformat="date"`` (so Gephi's timeline works from node and edge spells),
and colour, size and position in the elements the schema declares (Gephi reads them by
local name) so the first open in Gephi already shows a laid-out, coloured graph.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from xml.sax.saxutils import quoteattr

import networkx as nx

__all__ = ["write_gexf", "write_graphml", "write_csv", "write_picture", "layout", "TYPE_COLOURS",
           "GRAPH_FORMATS"]

GRAPH_FORMATS = ("gexf", "graphml", "csv", "png", "svg")

# colour by node type (colour-blind-safe Okabe-Ito palette)
TYPE_COLOURS = {
    "country": (0, 114, 178), "organization": (230, 159, 0), "person": (204, 121, 167),
    "initiative": (0, 158, 115), "place": (86, 180, 233), "outlet": (213, 94, 0),
    "topic": (240, 228, 66), "spokesperson": (0, 0, 0), "month": (153, 153, 153),
    "other": (120, 120, 120),
}
NODE_ATTRS = [  # (name, GEXF type, GraphML/CSV python type)
    ("type", "string", str), ("iso", "string", str), ("qid", "string", str),
    ("count", "integer", int), ("degree", "integer", int), ("weighted_degree", "double", float),
    ("pagerank", "double", float), ("betweenness", "double", float),
    ("community", "integer", int), ("bipartite", "integer", int),
]
EDGE_ATTRS = [("positive", "integer", int), ("negative", "integer", int), ("net", "integer", int),
              ("sign", "integer", int)]


def layout(g: nx.Graph, seed: int = 42, scale: float = 1000.0) -> dict:
    """Positions from a seeded force-directed layout (the same on every run)."""
    if g.number_of_nodes() == 0:
        return {}
    und = nx.Graph(g)
    iterations = 60 if len(g) < 1500 else 30
    return nx.spring_layout(und, weight="weight", seed=seed, scale=scale, iterations=iterations)


def _size(d: dict, top: float) -> float:
    w = float(d.get("weighted_degree", 0) or 0)
    return round(4 + 36 * (w / top) ** 0.5, 2) if top else 10.0


def write_gexf(g: nx.Graph, path: str | Path, description: str = "") -> Path:
    path = Path(path)
    pos = layout(g)
    top = max((float(d.get("weighted_degree", 0) or 0) for _, d in g.nodes(data=True)), default=0)
    directed = g.is_directed()
    ids = {n: str(i) for i, n in enumerate(g.nodes)}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
           f'  <meta lastmodifieddate="{date.today().isoformat()}">',
           "    <creator>diplokg</creator>",
           f"    <description>{_text(description or g.graph.get('name', 'view'))}</description>",
           "  </meta>",
           f'  <graph defaultedgetype="{"directed" if directed else "undirected"}" mode="dynamic" '
           f'timeformat="date" timerepresentation="interval">',
           '    <attributes class="node" mode="static">',
           '      <attribute id="iri" title="iri" type="anyURI"/>']
    for name, gtype, _ in NODE_ATTRS:
        out.append(f'      <attribute id="{name}" title="{name}" type="{gtype}"/>')
    out += ["    </attributes>", '    <attributes class="edge" mode="static">']
    for name, gtype, _ in EDGE_ATTRS:
        out.append(f'      <attribute id="{name}" title="{name}" type="{gtype}"/>')
    out += ["    </attributes>", f'    <nodes count="{g.number_of_nodes()}">']
    for n, d in g.nodes(data=True):
        r, gg, b = TYPE_COLOURS.get(d.get("type", "other"), TYPE_COLOURS["other"])
        x, y = (pos[n] if n in pos else (0.0, 0.0))
        out.append(f"      <node id={quoteattr(ids[n])} label={quoteattr(str(d.get('label', n)))}"
                   f"{_spell(d)}>")
        out.append("        <attvalues>")
        out.append(f"          <attvalue for=\"iri\" value={quoteattr(str(n))}/>")
        for name, _, typ in NODE_ATTRS:
            if d.get(name) is not None:
                out.append(f"          <attvalue for=\"{name}\" value={quoteattr(str(typ(d[name])))}/>")
        out.append("        </attvalues>")
        out.append(f'        <color r="{r}" g="{gg}" b="{b}"/>')
        out.append(f'        <position x="{float(x):.3f}" y="{float(y):.3f}" z="0.0"/>')
        out.append(f'        <size value="{_size(d, top)}"/>')
        out.append("      </node>")
    out += ["    </nodes>", f'    <edges count="{g.number_of_edges()}">']
    for i, (a, b, d) in enumerate(g.edges(data=True)):
        out.append(f'      <edge id="{i}" source="{ids[a]}" target="{ids[b]}" '
                   f'weight="{float(d.get("weight", 1))}"{_spell(d)}>')
        vals = [(name, typ) for name, _, typ in EDGE_ATTRS if d.get(name) is not None]
        if vals:
            out.append("        <attvalues>")
            for name, typ in vals:
                out.append(f"          <attvalue for=\"{name}\" value=\"{typ(d[name])}\"/>")
            out.append("        </attvalues>")
        if "sign" in d:  # stance: green for positive, red for negative, grey for mixed
            r, gg, b = {1: (0, 158, 115), -1: (213, 94, 0)}.get(d["sign"], (153, 153, 153))
            out.append(f'        <color r="{r}" g="{gg}" b="{b}"/>')
        out.append("      </edge>")
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")
    return path


def _text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _spell(d: dict) -> str:
    parts = ""
    if d.get("start"):
        parts += f' start="{d["start"]}"'
    if d.get("end"):
        parts += f' end="{d["end"]}"'
    return parts


def _flat(g: nx.Graph) -> nx.Graph:
    """A copy with only str/int/float/bool attributes (GraphML and igraph readers need that)."""
    h = g.__class__()
    h.graph["name"] = str(g.graph.get("name", ""))
    for n, d in g.nodes(data=True):
        h.add_node(n, **{k: v for k, v in d.items() if isinstance(v, (str, int, float, bool))})
    for a, b, d in g.edges(data=True):
        h.add_edge(a, b, **{k: v for k, v in d.items() if isinstance(v, (str, int, float, bool))})
    return h


def write_graphml(g: nx.Graph, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    h = _flat(g)
    # every node gets every key, so readers see one type per key
    for name, _, typ in NODE_ATTRS:
        if any(name in d for _, d in h.nodes(data=True)):
            for _, d in h.nodes(data=True):
                d.setdefault(name, typ() if typ is not str else "")
    for _, d in h.nodes(data=True):
        d.setdefault("start", "")
        d.setdefault("end", "")
    for _, _, d in h.edges(data=True):
        d.setdefault("start", "")
        d.setdefault("end", "")
    nx.write_graphml(h, path, named_key_ids=True)
    return path


def write_csv(g: nx.Graph, folder: str | Path) -> Path:
    """``nodes.csv`` (id, label and every attribute) and ``edges.csv`` (source, target, ...)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    h = _flat(g)
    ncols = ["id", "label"] + sorted({k for _, d in h.nodes(data=True) for k in d} - {"label"})
    with (folder / "nodes.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ncols, lineterminator="\n")
        w.writeheader()
        for n, d in h.nodes(data=True):
            w.writerow({"id": n, **d})
    ecols = ["source", "target"] + sorted({k for _, _, d in h.edges(data=True) for k in d})
    with (folder / "edges.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ecols, lineterminator="\n")
        w.writeheader()
        for a, b, d in h.edges(data=True):
            w.writerow({"source": a, "target": b, **d})
    return folder


def write_picture(g: nx.Graph, path: str | Path, title: str = "", labels: int = 25) -> Path:
    """Draw the view (PNG or SVG by the file suffix), coloured by type, sized by weighted degree."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(12, 9), dpi=100)
    ax.set_axis_off()
    ax.set_title(title or f"diplokg view: {g.graph.get('name', '')} "
                          f"({g.number_of_nodes()} nodes, {g.number_of_edges()} edges)")
    if g.number_of_nodes():
        pos = layout(g)
        top = max(float(d.get("weighted_degree", 0) or 0) for _, d in g.nodes(data=True))
        colours = [tuple(c / 255 for c in TYPE_COLOURS.get(d.get("type", "other"),
                                                           TYPE_COLOURS["other"]))
                   for _, d in g.nodes(data=True)]
        sizes = [_size(d, top) ** 2 / 2 for _, d in g.nodes(data=True)]
        widths = [0.3 + 0.7 * min(d.get("weight", 1), 10) / 10 for _, _, d in g.edges(data=True)]
        edge_colours = ["#2a9d8f" if d.get("sign", 0) > 0 else "#d1495b" if d.get("sign", 0) < 0
                        else "#bbbbbb" for _, _, d in g.edges(data=True)]
        nx.draw_networkx_edges(g, pos, ax=ax, width=widths, edge_color=edge_colours, alpha=0.6,
                               arrows=g.is_directed())
        nx.draw_networkx_nodes(g, pos, ax=ax, node_color=colours, node_size=sizes,
                               edgecolors="white", linewidths=0.5)
        ranked = sorted(g.nodes(data=True), key=lambda x: -float(x[1].get("weighted_degree", 0)))
        nx.draw_networkx_labels(g, pos, ax=ax, font_size=8,
                                labels={n: d.get("label", n) for n, d in ranked[:labels]})
        present = {d.get("type", "other") for _, d in g.nodes(data=True)}
        for kind in [k for k in TYPE_COLOURS if k in present]:
            ax.scatter([], [], color=tuple(c / 255 for c in TYPE_COLOURS[kind]), label=kind)
        ax.legend(loc="lower left", fontsize=8, frameon=False)
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lstrip(".").lower() or "png")
    plt.close(fig)
    return path
