"""Write networkx views as GEXF 1.3, GraphML, CSV tables, or a picture.

GEXF is written here rather than with networkx's writer: typed attributes declared once,
dates as ``xs:date`` with ``timeformat="date"``, a node or edge present on exactly the dates
it occurred (one ``<spell>`` per date, so Gephi's timeline shows gaps), and colour, size
and position as ``viz:`` elements (namespace ``http://gexf.net/1.3/viz``, as Gephi writes
them and as networkx's and graphology's readers expect), so the first open in Gephi
already shows a laid-out, coloured graph. Apart from that namespace (the published 1.3 XSD
puts the viz elements in the main namespace; readers do not), the file validates against
the official schema, which a test checks.

Every format uses the same node ids, the entities' IRIs, and carries the same colours and
positions (GraphML and CSV as ``r``, ``g``, ``b``, ``x``, ``y``, ``size`` attributes, the
names Gephi's GraphML importer reads).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from xml.sax.saxutils import quoteattr

import networkx as nx

__all__ = ["write_gexf", "write_graphml", "write_csv", "write_picture", "layout", "node_style", "TYPE_COLOURS",
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


VIZ = "http://gexf.net/1.3/viz"


def layout(g: nx.Graph, seed: int = 42, scale: float = 1000.0) -> dict:
    """Positions from a seeded force-directed layout (the same on every run).

    Small views get networkx's Fruchterman-Reingold; views of more than 300 nodes get
    igraph's grid-accelerated one when igraph is installed (networkx's costs time and
    memory quadratic in the nodes), else networkx's with fewer iterations.
    """
    if g.number_of_nodes() == 0:
        return {}
    und = nx.Graph(g)
    if len(und) > 300:
        try:
            return _igraph_layout(und, seed, scale)
        except ImportError:
            pass
    iterations = 60 if len(g) < 1500 else 30
    return nx.spring_layout(und, weight="weight", seed=seed, scale=scale, iterations=iterations)


def _igraph_layout(und: nx.Graph, seed: int, scale: float) -> dict:
    import random

    import igraph

    nodes = list(und.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    ig = igraph.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in und.edges()])
    weights = [float(d.get("weight", 1)) for _, _, d in und.edges(data=True)]
    igraph.set_random_number_generator(random.Random(seed))
    try:
        coords = ig.layout_fruchterman_reingold(weights=weights, niter=200, grid="grid")
    finally:
        igraph.set_random_number_generator(random)
    xs = [c[0] for c in coords] or [0.0]
    ys = [c[1] for c in coords] or [0.0]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: ((coords[i][0] - cx) * 2 * scale / span, (coords[i][1] - cy) * 2 * scale / span)
            for i, n in enumerate(nodes)}


def node_style(g: nx.Graph, pos: dict | None = None) -> dict:
    """Each node's colour (r, g, b), position (x, y) and size, as every format writes them."""
    pos = layout(g) if pos is None else pos
    top = max((float(d.get("weighted_degree", 0) or 0) for _, d in g.nodes(data=True)), default=0)
    out = {}
    for n, d in g.nodes(data=True):
        r, gg, b = TYPE_COLOURS.get(d.get("type", "other"), TYPE_COLOURS["other"])
        x, y = pos.get(n, (0.0, 0.0))
        out[n] = {"r": r, "g": gg, "b": b, "x": round(float(x), 3), "y": round(float(y), 3),
                  "size": _size(d, top)}
    return out


def _size(d: dict, top: float) -> float:
    w = float(d.get("weighted_degree", 0) or 0)
    return round(4 + 36 * (w / top) ** 0.5, 2) if top else 10.0


def write_gexf(g: nx.Graph, path: str | Path, description: str = "") -> Path:
    path = Path(path)
    style = node_style(g)
    directed = g.is_directed()
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<gexf xmlns="http://gexf.net/1.3" xmlns:viz="{VIZ}" version="1.3">',
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
    add = out.append
    # written in pieces as it goes (the whole text in memory at once took a 10x-corpus export from
    # 500 to 690 MB), into a temporary file renamed at the end: never a half-written export
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    fh = part.open("w", encoding="utf-8")

    def spill() -> None:
        if len(out) > 20_000:
            fh.write("\n".join(out) + "\n")
            out.clear()

    try:
        _gexf_body(g, style, out, add, spill)
        fh.write("\n".join(out))
        fh.close()
        part.replace(path)
    except BaseException:
        fh.close()
        part.unlink(missing_ok=True)
        raise
    return path


def _gexf_body(g: nx.Graph, style: dict, out: list, add, spill) -> None:
    for n, d in g.nodes(data=True):
        st = style[n]
        add(f"      <node id={quoteattr(str(n))} label={quoteattr(str(d.get('label', n)))}"
            f"{_bounds(d)}>")
        add("        <attvalues>")
        add(f"          <attvalue for=\"iri\" value={quoteattr(str(n))}/>")
        for name, _, typ in NODE_ATTRS:
            if d.get(name) is not None:
                add(f"          <attvalue for=\"{name}\" value={quoteattr(str(typ(d[name])))}/>")
        add("        </attvalues>")
        _spells(add, d)
        add(f'        <viz:color r="{st["r"]}" g="{st["g"]}" b="{st["b"]}"/>')
        add(f'        <viz:position x="{st["x"]:.3f}" y="{st["y"]:.3f}" z="0.0"/>')
        add(f'        <viz:size value="{st["size"]}"/>')
        add("      </node>")
        spill()
    out += ["    </nodes>", f'    <edges count="{g.number_of_edges()}">']
    for i, (a, b, d) in enumerate(g.edges(data=True)):
        add(f'      <edge id="{i}" source={quoteattr(str(a))} target={quoteattr(str(b))} '
            f'weight="{float(d.get("weight", 1))}"{_bounds(d)}>')
        vals = [(name, typ) for name, _, typ in EDGE_ATTRS if d.get(name) is not None]
        if vals:
            add("        <attvalues>")
            for name, typ in vals:
                add(f"          <attvalue for=\"{name}\" value=\"{typ(d[name])}\"/>")
            add("        </attvalues>")
        _spells(add, d)
        if "sign" in d:  # stance: green for positive, red for negative, grey for mixed
            r, gg, bb = EDGE_SIGN_COLOURS.get(d["sign"], EDGE_SIGN_COLOURS[0])
            add(f'        <viz:color r="{r}" g="{gg}" b="{bb}"/>')
        add("      </edge>")
        spill()
    out += ["    </edges>", "  </graph>", "</gexf>", ""]


EDGE_SIGN_COLOURS = {1: (0, 158, 115), -1: (213, 94, 0), 0: (153, 153, 153)}


def _bounds(d: dict) -> str:
    """``start``/``end`` attributes, only for what has no spells (a spell list says it all)."""
    if d.get("dates"):
        return ""
    return _spell(d)


def _spells(add, d: dict) -> None:
    dates = sorted(d.get("dates") or ())
    if not dates:
        return
    add("        <spells>")
    for day in dates:
        add(f'          <spell start="{day}" end="{day}"/>')
    add("        </spells>")


def _text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _spell(d: dict) -> str:
    parts = ""
    if d.get("start"):
        parts += f' start="{d["start"]}"'
    if d.get("end"):
        parts += f' end="{d["end"]}"'
    return parts


def _flat(g: nx.Graph, style: dict | None = None) -> nx.Graph:
    """A copy with only str/int/float/bool attributes (GraphML and igraph readers need that):
    ``dates`` joined with ";", and the nodes' colour, position and size (``style``) added."""
    h = g.__class__()
    h.graph["name"] = str(g.graph.get("name", ""))

    def scalar(d: dict) -> dict:
        out = {k: v for k, v in d.items() if isinstance(v, (str, int, float, bool))}
        if d.get("dates"):
            out["dates"] = ";".join(sorted(d["dates"]))
        return out

    for n, d in g.nodes(data=True):
        h.add_node(n, **scalar(d), **(style or {}).get(n, {}))
    for a, b, d in g.edges(data=True):
        attrs = scalar(d)
        if style is not None and "sign" in d:
            attrs.update(zip("rgb", EDGE_SIGN_COLOURS.get(d["sign"], EDGE_SIGN_COLOURS[0])))
        h.add_edge(a, b, **attrs)
    return h


def write_graphml(g: nx.Graph, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    h = _flat(g, node_style(g))
    # every node gets every key, so readers see one type per key
    for name, _, typ in NODE_ATTRS:
        if any(name in d for _, d in h.nodes(data=True)):
            for _, d in h.nodes(data=True):
                d.setdefault(name, typ() if typ is not str else "")
    for _, d in h.nodes(data=True):
        for k in ("start", "end", "dates"):
            d.setdefault(k, "")
    for _, _, d in h.edges(data=True):
        for k in ("start", "end", "dates"):
            d.setdefault(k, "")
    nx.write_graphml(h, path, named_key_ids=True)
    return path


def write_csv(g: nx.Graph, folder: str | Path) -> Path:
    """``nodes.csv`` (id, label and every attribute) and ``edges.csv`` (source, target, ...)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    h = _flat(g, node_style(g))
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
