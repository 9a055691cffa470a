// The relationship views (kg/views: comention, outlet-topic, references, stance, entity-month)
// drawn with sigma.js: ForceAtlas2 computed for the nodes shown, then no overlap, labels on a
// grid so they never cover each other; click a node for its page.
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import Graph from "graphology";
import forceAtlas2 from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";
import Sigma from "sigma";
import { drawDiscNodeLabel } from "sigma/rendering";
import { downloadCsv, fetchJson, go, href } from "../api.js";
import { ErrorBox } from "../components.js";

const VIEWS = ["comention", "outlet-topic", "references", "stance", "entity-month"];
const COLOURS = { country: "#1f77b4", organization: "#ff7f0e", person: "#2ca02c", initiative: "#9467bd",
  place: "#8c564b", outlet: "#e377c2", topic: "#17becf", spokesperson: "#d62728", month: "#7f7f7f", other: "#999" };
const ID_BASE = "https://w3id.org/diplokg/id/";
const TOPIC_BASE = "https://w3id.org/diplokg/topic/";

export function pageOf(iri) {
  if (iri.startsWith(ID_BASE)) return iri.slice(ID_BASE.length);
  if (iri.startsWith(TOPIC_BASE)) return "topic/" + iri.slice(TOPIC_BASE.length);
  return null;
}

// positions for the size shown: a circle to start (deterministic), ForceAtlas2 with settings
// inferred from the graph's order, iterations scaled down as it grows (500 up to 100 nodes, 100
// up to 1000: 500 for the 200 nodes of a corpus view took most of the page's second; 100 and 200
// look alike there, and 100 takes about 45 ms), then noverlap
export function layout(graph) {
  const n = graph.order;
  let seed = 42;      // the same start every time (mulberry32), so a view looks the same each time
  const random = () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  graph.forEachNode((node) => graph.mergeNodeAttributes(node, { x: 100 * random(), y: 100 * random() }));
  if (n > 1) {
    const settings = { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: n > 300, adjustSizes: false,
                       linLogMode: false, outboundAttractionDistribution: false, edgeWeightInfluence: 1, gravity: 1, strongGravityMode: true };
    forceAtlas2.assign(graph, { iterations: n > 1000 ? 60 : n > 100 ? 100 : 500, settings, getEdgeWeight: "weight" });
    noverlap.assign(graph, { maxIterations: 200, settings: { margin: 3, ratio: 1.2 } });
  }
}

// a view's positions are computed once per browser tab: kept in sessionStorage under the request
// (and the links drawn), used again when the same nodes and links come back (back, reload)
const LAYOUT_KEY = "diplokg-layout:";
export function layoutOnce(key, graph) {
  const stored = LAYOUT_KEY + key + `#${graph.order}/${graph.size}`;
  try {
    const saved = JSON.parse(sessionStorage.getItem(stored) || "null");
    if (saved && saved.length === graph.order && saved.every(([id]) => graph.hasNode(id))) {
      for (const [id, x, y] of saved) graph.mergeNodeAttributes(id, { x, y });
      return true;
    }
  } catch (e) { /* no storage (private mode) or an unreadable entry: lay it out again */ }
  layout(graph);
  try { sessionStorage.setItem(stored, JSON.stringify(graph.mapNodes((id, a) => [id, a.x, a.y]))); } catch (e) { /* full */ }
  return false;
}

// labels never cover each other: each frame, a label is drawn only where no label drawn
// before it (sigma offers the larger nodes first) already is
const placed = [];
function drawLabel(ctx, data, settings) {
  if (!data.label) return;
  ctx.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
  const w = ctx.measureText(data.label).width;
  const x1 = data.x + data.size + 2, h = settings.labelSize;
  const box = { x1: x1 - 1, y1: data.y - h / 2 - 2, x2: x1 + w + 1, y2: data.y + h / 2 + 2, label: data.label };
  if (placed.some((b) => !(box.x2 < b.x1 || box.x1 > b.x2 || box.y2 < b.y1 || box.y1 > b.y2))) return;
  placed.push(box);
  drawDiscNodeLabel(ctx, data, settings);
}

export function NetworkPage({ params }) {
  const view = params.view || "comention";
  const [form, setForm] = useState({ view, from: params.from || "", to: params.to || "", outlet: params.outlet || "",
    topic: params.topic || "", spokesperson: params.spokesperson || "", min_weight: params.min_weight || "2",
    max_nodes: params.max_nodes || "150", type: params.type || "", links: params.links || "5" });
  const [status, setStatus] = useState("");
  const [error, setError] = useState(null);
  const [data, setData] = useState(null);
  const [picked, setPicked] = useState(null);
  const box = useRef(null);
  useEffect(() => {
    setForm((f0) => ({ ...f0, ...params, view }));
  }, [JSON.stringify(params)]);
  useEffect(() => {
    const qs = new URLSearchParams();
    // the server keeps the links to draw: the strongest of each node (kg/server/explorer_views.backbone)
    for (const k of ["from", "to", "outlet", "topic", "spokesperson", "min_weight", "max_nodes", "type", "links"]) {
      const v = params[k] !== undefined ? params[k] : form[k];
      if (v) qs.set(k, v);
    }
    if (!qs.has("min_weight")) qs.set("min_weight", "2");
    if (!qs.has("max_nodes")) qs.set("max_nodes", "150");
    if (!qs.has("links")) qs.set("links", "5");
    setStatus("computing the view…"); setError(null);
    let live = true;
    const t0 = performance.now();
    fetchJson(`/api/explorer/view/${encodeURIComponent(view)}?${qs}`).then((d) => {
      if (!live) return;
      setData(d);
      draw(d, qs);
      const perNode = d.links_per_node;
      setStatus(`${d.nodes.length} of ${d.total_nodes} nodes, ${window.diplokg.graph.size} of ${d.total_edges} edges drawn` +
        `${perNode ? ` (the ${perNode} strongest of each node)` : ""} · ${Math.round(performance.now() - t0)} ms`);
    }, (e) => { if (live) { setError(e); setStatus(""); } });
    return () => { live = false; };
  }, [JSON.stringify(params)]);

  function draw(d, qs) {
    const marks = window.diplokg.marks = { data: performance.now() };   // when each step ended (ms)
    const g = new Graph({ type: d.directed ? "directed" : "undirected", multi: false });
    const maxW = Math.max(1, ...d.nodes.map((n) => n.weight));
    d.nodes.forEach((n, i) => g.addNode(n.id, {
      label: n.label, kind: n.type, rank: i, weight: n.weight,
      size: 3 + 17 * Math.sqrt(n.weight / maxW), color: COLOURS[n.type] || COLOURS.other,
    }));
    const maxE = Math.max(1, ...d.edges.map((e) => e.weight));
    window.diplokg.drawnEdges = d.edges;
    for (const e of d.edges) {
      if (!g.hasNode(e.source) || !g.hasNode(e.target) || g.hasEdge(e.source, e.target)) continue;
      g.addEdge(e.source, e.target, { weight: e.weight, size: 0.5 + 3 * (e.weight / maxE),
        color: e.sign === -1 ? "#e08a8a" : e.sign === 1 ? "#8fcf8f" : "#c3c9d1" });
    }
    const t0 = marks.graph = performance.now();
    window.diplokg.layoutReused = layoutOnce(`${view}?${qs}`, g);
    window.diplokg.layoutMs = Math.round((marks.layout = performance.now()) - t0);
    if (window.diplokg.sigma) window.diplokg.sigma.kill();
    const s = new Sigma(g, box.current, {
      renderEdgeLabels: false, labelDensity: 0.9, labelGridCellSize: 90, labelRenderedSizeThreshold: 6,
      labelFont: "system-ui, sans-serif", labelSize: 12, defaultEdgeType: d.directed ? "arrow" : "line",
      zIndex: true, defaultDrawNodeLabel: drawLabel,
    });
    marks.sigma = performance.now();
    s.on("beforeRender", () => { placed.length = 0; });
    s.on("afterRender", () => { window.diplokg.labelBoxes = placed.map((b) => ({ ...b })); });
    s.refresh();      // the constructor's first frame was drawn before these listeners
    marks.drawn = performance.now();
    for (const k of Object.keys(marks)) marks[k] = Math.round(marks[k]);
    s.on("clickNode", ({ node }) => {
      const a = g.getNodeAttributes(node);
      setPicked({ id: node, ...a, page: pageOf(node) });
    });
    s.on("doubleClickNode", ({ node, event }) => { const p = pageOf(node); if (p) { event.preventSigmaDefault(); go(p); } });
    window.diplokg.sigma = s;
    window.diplokg.graph = g;
  }
  useEffect(() => () => { if (window.diplokg.sigma) { window.diplokg.sigma.kill(); window.diplokg.sigma = null; } }, []);

  const submit = (e) => { e.preventDefault(); go("network", Object.fromEntries(Object.entries(form).filter(([, v]) => v))); };
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const csvNodes = () => data && downloadCsv(`${view} nodes`, [{ key: "id" }, { key: "label" }, { key: "type" }, { key: "weight" }, { key: "community" }], data.nodes);
  const csvEdges = () => data && downloadCsv(`${view} edges`, [{ key: "source" }, { key: "target" }, { key: "weight" }, { key: "start" }, { key: "end" }, { key: "positive" }, { key: "negative" }], window.diplokg.drawnEdges || data.edges);
  return html`<div class="page network">
    <div class="page-head"><h1 id="page-title">Networks</h1>
      <p class="hint">comention: entities named in the same exchange · outlet-topic: who asks about what · references: what each
        spokesperson names · stance: who takes which stance toward whom (green support, red opposition) · entity-month: over time.
        Names in the filters forgive (“Bloomberg”, “hong kong”, “zhao lijian”).</p></div>
    <form class="filters" id="network-form" onSubmit=${submit}>
      <label>view <select id="net-view" value=${form.view} onChange=${set("view")}>${VIEWS.map((v) => html`<option value=${v}>${v}</option>`)}</select></label>
      <label>from <input type="date" value=${form.from} onInput=${set("from")} /></label>
      <label>to <input type="date" value=${form.to} onInput=${set("to")} /></label>
      <label>outlet <input id="net-outlet" size="10" value=${form.outlet} onInput=${set("outlet")} placeholder="e.g. Reuters" /></label>
      <label>topic <input id="net-topic" size="10" value=${form.topic} onInput=${set("topic")} placeholder="e.g. Taiwan" /></label>
      <label>spokesperson <input size="10" value=${form.spokesperson} onInput=${set("spokesperson")} /></label>
      <label>type <select value=${form.type} onChange=${set("type")}><option value="">all</option>
        ${["country", "organization", "person", "initiative", "place"].map((t) => html`<option value=${t}>${t}</option>`)}</select></label>
      <label>min weight <input id="net-min" type="number" min="0" value=${form.min_weight} onInput=${set("min_weight")} style="width:4em" /></label>
      <label>nodes <input id="net-max" type="number" min="1" max="2000" value=${form.max_nodes} onInput=${set("max_nodes")} style="width:5em" /></label>
      <label title="draw only the strongest links of each node (0: all)">links per node <input id="net-links" type="number" min="0" value=${form.links} onInput=${set("links")} style="width:4em" /></label>
      <button type="submit" id="net-draw">Draw</button>
      <button type="button" class="csv" onClick=${csvNodes}>nodes CSV</button>
      <button type="button" class="csv" onClick=${csvEdges}>edges CSV</button>
    </form>
    <p class="hint" id="net-status" role="status">${status}</p>
    <${ErrorBox} error=${error} />
    <div class="legend">${Object.entries(COLOURS).filter(([k]) => !data || data.nodes.some((n) => n.type === k)).map(([k, c]) => html`<span><i style=${`background:${c}`}></i>${k}</span>`)}</div>
    <div class="net-wrap">
      <div id="sigma" ref=${box}></div>
      <aside id="node-info">${picked ? html`<h3>${picked.label}</h3><p>${picked.kind} · weight ${picked.weight}</p>
        ${picked.page ? html`<p><a id="node-page" href=${href(picked.page)}>Open its page</a></p>` : html`<p class="hint">(no page for a ${picked.kind})</p>`}`
        : html`<p class="hint">Click a node to see what it is; double-click opens its page. Scroll to zoom; labels show for the larger nodes and
          more appear as you zoom in.</p>`}</aside>
    </div>
  </div>`;
}
