// diplokg web page: SPARQL editor with the saved queries, results table, and a graph of a view.
// Talks only to this server (/sparql, /api/queries, /api/views); every library is bundled.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { saved: {}, cy: null, lastResult: null, lastView: null };
window.diplokg = state;  // for the browser test and for curious users

const VALUES_BLOCK = /VALUES\s+\?(\w+)\s*\{([^}]*)\}/g;

// ---- saved queries and their parameters (one-variable VALUES blocks, as `kg query --param`)
function paramsOf(text) {
  const out = [];
  for (const m of text.matchAll(VALUES_BLOCK)) {
    const raw = m[2].trim();
    let value = "";
    const lit = raw.match(/^"((?:[^"\\]|\\.)*)"/);
    if (lit) value = lit[1].replace(/\\(.)/g, "$1");
    else if (/^<[^>]*>$/.test(raw)) value = raw.slice(1, -1);
    if (!out.some((p) => p.name === m[1])) out.push({ name: m[1], value });
  }
  return out;
}

function sparqlTerm(value) {
  if (/^https?:\/\/\S+$/.test(value)) return "<" + value + ">";
  return '"' + value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") + '"';
}

function applyParams(text, values) {
  let out = text;
  for (const [name, value] of Object.entries(values)) {
    const re = new RegExp("VALUES\\s+\\?" + name + "\\s*\\{[^}]*\\}");
    out = out.replace(re, () => `VALUES ?${name} { ${sparqlTerm(value)} }`);
  }
  return out;
}

function showParams(text) {
  const box = $("params");
  box.innerHTML = "";
  for (const p of paramsOf(text)) {
    const label = document.createElement("label");
    label.textContent = p.name;
    const input = document.createElement("input");
    input.value = p.value;
    input.dataset.param = p.name;
    label.htmlFor = input.id = "param-" + p.name;
    box.append(label, input);
  }
}

function currentQuery() {
  const values = {};
  for (const input of $("params").querySelectorAll("input[data-param]")) {
    if (input.value.trim()) values[input.dataset.param] = input.value.trim();
  }
  return applyParams($("editor").value, values);
}

async function loadSaved() {
  const resp = await fetch("/api/queries");
  const list = await resp.json();
  const select = $("saved");
  for (const q of list) {
    state.saved[q.name] = q;
    const opt = document.createElement("option");
    opt.value = q.name;
    opt.textContent = q.title;
    select.append(opt);
  }
  select.addEventListener("change", () => chooseSaved(select.value));
}

function chooseSaved(name) {
  const q = state.saved[name];
  $("saved").value = name;
  $("saved-info").textContent = q ? `${q.answers} Parameters: ${q.parameters}.` : "";
  if (q) $("editor").value = q.text;
  showParams(q ? q.text : "");
}

// ---- running a query
async function runQuery() {
  const query = currentQuery();
  $("error").hidden = true;
  $("status").textContent = "running…";
  $("run").disabled = true;
  const started = performance.now();
  try {
    const resp = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
      body: new URLSearchParams({ query }),
    });
    const body = await resp.text();
    const ms = Math.round(performance.now() - started);
    if (!resp.ok) {
      showError(`HTTP ${resp.status}: ${body}`);
      $("status").textContent = "";
      return;
    }
    const type = resp.headers.get("content-type") || "";
    if (type.startsWith("application/sparql-results+json")) {
      const data = JSON.parse(body);
      state.lastResult = data;
      if ("boolean" in data) {
        $("results").textContent = String(data.boolean);
        $("status").textContent = `ASK: ${data.boolean} (${ms} ms)`;
      } else {
        renderTable(data);
        const n = data.results.bindings.length;
        $("status").textContent = `${n} row${n === 1 ? "" : "s"} (${ms} ms)`;
      }
    } else {
      const pre = document.createElement("pre");
      pre.textContent = body;
      $("results").replaceChildren(pre);
      $("status").textContent = `graph result (${ms} ms)`;
    }
  } catch (err) {
    showError(String(err));
    $("status").textContent = "";
  } finally {
    $("run").disabled = false;
  }
}

function showError(text) {
  $("error").textContent = text;
  $("error").hidden = false;
  $("results").replaceChildren();
}

function termText(t) {
  if (!t) return "";
  return t.value;
}

function renderTable(data) {
  const vars = data.head.vars;
  const table = document.createElement("table");
  table.id = "results-table";
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.append(th);
  }
  const body = table.createTBody();
  const limit = 2000;
  for (const b of data.results.bindings.slice(0, limit)) {
    const row = body.insertRow();
    for (const v of vars) {
      const cell = row.insertCell();
      const t = b[v];
      if (t && t.type === "uri") {
        const a = document.createElement("a");
        a.href = t.value;
        a.textContent = t.value;
        a.target = "_blank";
        a.rel = "noopener";
        cell.append(a);
      } else {
        cell.textContent = termText(t);
        if (t && t.datatype && /#(integer|decimal|double|float)$/.test(t.datatype)) cell.className = "num";
      }
    }
  }
  $("results").replaceChildren(table);
  if (data.results.bindings.length > limit) {
    const p = document.createElement("p");
    p.className = "hint";
    p.textContent = `showing the first ${limit} rows; download for all`;
    $("results").append(p);
  }
}

function download(format) {
  const form = document.createElement("form");
  form.method = "POST";
  form.action = "/sparql";
  for (const [k, v] of Object.entries({ query: currentQuery(), format })) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = k;
    input.value = v;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
  form.remove();
}

// ---- graph of a view
const TYPE_COLOURS = {
  country: "#1f77b4", organization: "#ff7f0e", person: "#2ca02c", initiative: "#9467bd",
  place: "#8c564b", outlet: "#e377c2", topic: "#17becf", spokesperson: "#d62728", month: "#7f7f7f",
};

async function loadViews() {
  const resp = await fetch("/api/views");
  const names = await resp.json();
  for (const name of names) {
    const opt = document.createElement("option");
    opt.value = opt.textContent = name;
    $("view").append(opt);
  }
}

async function drawView() {
  const name = $("view").value;
  const params = new URLSearchParams();
  const pairs = { from: "g-from", to: "g-to", outlet: "g-outlet", topic: "g-topic",
                  min_weight: "g-min", max_nodes: "g-max" };
  for (const [k, id] of Object.entries(pairs)) if ($(id).value) params.set(k, $(id).value);
  $("graph-status").textContent = "computing…";
  $("draw").disabled = true;
  try {
    const resp = await fetch(`/api/views/${encodeURIComponent(name)}?${params}`);
    if (!resp.ok) {
      $("graph-status").textContent = `HTTP ${resp.status}: ${await resp.text()}`;
      return;
    }
    const data = await resp.json();
    state.lastView = data;
    renderGraph(data);
  } finally {
    $("draw").disabled = false;
  }
}

function renderGraph(data) {
  const maxW = Math.max(1, ...data.nodes.map((n) => n.weight));
  const maxE = Math.max(1, ...data.edges.map((e) => e.weight));
  const labelled = new Set(data.nodes.slice(0, 30).map((n) => n.id));  // heaviest first
  const elements = [
    ...data.nodes.map((n) => ({ data: { ...n, size: 12 + 40 * Math.sqrt(n.weight / maxW),
                                        shown: labelled.has(n.id) ? n.label : "",
                                        colour: TYPE_COLOURS[n.type] || "#999" } })),
    ...data.edges.map((e, i) => ({ data: { id: "e" + i, ...e, width: 0.5 + 5 * (e.weight / maxE),
                                           colour: e.sign === -1 ? "#d62728" : e.sign === 1 ? "#2ca02c" : "#bbb" } })),
  ];
  if (state.cy) state.cy.destroy();
  state.cy = cytoscape({
    container: $("graph"),
    elements,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
                                   label: "data(shown)", "font-size": 10, "text-outline-color": "#fff",
                                   "text-outline-width": 2, "min-zoomed-font-size": 6 } },
      { selector: "node:selected, node.hover", style: { label: "data(label)", "z-index": 10 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", opacity: 0.6,
                                   "curve-style": "haystack" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 8000, idealEdgeLength: 80 },
  });
  if (data.directed) {
    state.cy.edges().style({ "curve-style": "bezier", "target-arrow-shape": "triangle",
                             "target-arrow-color": "data(colour)" });
  }
  state.cy.on("mouseover", "node", (evt) => evt.target.addClass("hover"));
  state.cy.on("mouseout", "node", (evt) => evt.target.removeClass("hover"));
  state.cy.on("tap", "node", (evt) => {
    const d = evt.target.data();
    const qid = d.qid ? ` · Wikidata ${d.qid}` : "";
    $("node-info").textContent = `${d.label} (${d.type}) · weight ${d.weight} · community ${d.community}${qid} `;
    if (["country", "organization", "person", "initiative", "place"].includes(d.type) && state.saved["said-about"]) {
      const button = document.createElement("button");
      button.type = "button";
      button.id = "said-about-node";
      button.textContent = "What was said about it?";
      button.addEventListener("click", () => {
        chooseSaved("said-about");
        $("param-name").value = d.label;
        runQuery();
      });
      $("node-info").append(button);
    }
  });
  const types = [...new Set(data.nodes.map((n) => n.type))];
  $("legend").replaceChildren(...types.map((t) => {
    const span = document.createElement("span");
    span.innerHTML = `<i style="background:${TYPE_COLOURS[t] || "#999"}"></i>`;
    span.append(t);
    return span;
  }));
  $("graph-status").textContent = `${data.nodes.length} of ${data.total_nodes} nodes, ` +
    `${data.edges.length} edges shown`;
}

// ---- wiring
document.addEventListener("DOMContentLoaded", async () => {
  $("endpoint").textContent = new URL("/sparql", location.href).href;
  $("run").addEventListener("click", runQuery);
  $("draw").addEventListener("click", drawView);
  $("editor").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); runQuery(); }
  });
  for (const a of document.querySelectorAll(".downloads a")) {
    a.addEventListener("click", (e) => { e.preventDefault(); download(a.dataset.format); });
  }
  await Promise.all([loadSaved(), loadViews()]);
  document.body.dataset.ready = "true";
});
