// The SPARQL editor: the saved queries (with a box per parameter), results as a table,
// downloads in CSV, TSV or JSON. Queries go to /sparql like any other client's.
import { html } from "htm/preact";
import { useEffect, useState } from "preact/hooks";

const VALUES_BLOCK = /VALUES\s+\?(\w+)\s*\{([^}]*)\}/g;
const DEFAULT = `PREFIX dk: <https://w3id.org/diplokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?outlet (COUNT(?e) AS ?exchanges) WHERE {
  ?e a dk:Exchange ; dk:question/dk:askedBy/rdfs:label ?outlet .
} GROUP BY ?outlet ORDER BY DESC(?exchanges) LIMIT 20`;

export function paramsOf(text) {
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

export function applyParams(text, values) {
  let out = text;
  for (const [name, value] of Object.entries(values)) {
    const re = new RegExp("VALUES\\s+\\?" + name + "\\s*\\{[^}]*\\}");
    out = out.replace(re, () => `VALUES ?${name} { ${sparqlTerm(value)} }`);
  }
  return out;
}

export function SparqlPage({ params }) {
  const [saved, setSaved] = useState({});
  const [chosen, setChosen] = useState(params.query || "");
  const [text, setText] = useState(DEFAULT);
  const [values, setValues] = useState({});
  const [status, setStatus] = useState("");
  const [error, setError] = useState(null);
  const [result, setResult] = useState(null);
  useEffect(() => {
    fetch("/api/queries").then((r) => r.json()).then((list) => {
      const m = Object.fromEntries(list.map((q) => [q.name, q]));
      setSaved(m);
      if (params.query && m[params.query]) choose(params.query, m);
    });
  }, []);
  function choose(name, m = saved) {
    setChosen(name);
    const q = m[name];
    if (q) { setText(q.text); setValues(Object.fromEntries(paramsOf(q.text).map((p) => [p.name, p.value]))); }
    else setValues({});
  }
  const current = () => applyParams(text, Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim())));
  async function run() {
    setError(null); setStatus("running…");
    const t0 = performance.now();
    try {
      const resp = await fetch("/sparql", { method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json, text/turtle;q=0.9" },
        body: new URLSearchParams({ query: current() }) });
      const body = await resp.text();
      const ms = Math.round(performance.now() - t0);
      if (!resp.ok) { setError(`HTTP ${resp.status}: ${body}`); setStatus(""); setResult(null); return; }
      const type = resp.headers.get("content-type") || "";
      if (type.startsWith("application/sparql-results+json")) {
        const data = JSON.parse(body);
        setResult(data);
        if ("boolean" in data) setStatus(`ASK: ${data.boolean} (${ms} ms)`);
        else { const n = data.results.bindings.length; setStatus(`${n} row${n === 1 ? "" : "s"} (${ms} ms)`); }
      } else { setResult({ text: body }); setStatus(`graph result (${ms} ms)`); }
    } catch (e) { setError(String(e)); setStatus(""); }
  }
  function download(format) {
    const form = document.createElement("form");
    form.method = "POST"; form.action = "/sparql";
    for (const [k, v] of Object.entries({ query: current(), format })) {
      const input = document.createElement("input");
      input.type = "hidden"; input.name = k; input.value = v; form.append(input);
    }
    document.body.append(form); form.submit(); form.remove();
  }
  const q = saved[chosen];
  return html`<div class="page sparql">
    <div class="page-head"><h1 id="page-title">SPARQL</h1>
      <p class="hint">The endpoint: <code id="endpoint">${new URL("/sparql", location.href).href}</code> (any SPARQL 1.1 client works).
        Names in saved-query parameters are taken as written here; the explorer's pages and <code>kg query --param</code> forgive spellings.</p></div>
    <div class="row"><label for="saved">Saved query</label>
      <select id="saved" value=${chosen} onChange=${(e) => choose(e.target.value)}>
        <option value="">(your own query)</option>
        ${Object.values(saved).map((s) => html`<option value=${s.name}>${s.title}</option>`)}
      </select></div>
    <p id="saved-info" class="hint">${q ? `${q.answers} Parameters: ${q.parameters}.` : ""}</p>
    <div id="params" class="row">${Object.entries(values).map(([name, v]) => html`<label for=${"param-" + name}>${name}</label>
      <input id=${"param-" + name} value=${v} onInput=${(e) => setValues({ ...values, [name]: e.target.value })} />`)}</div>
    <textarea id="editor" spellcheck="false" aria-label="SPARQL query text" value=${text}
      onInput=${(e) => setText(e.target.value)}
      onKeyDown=${(e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } }}></textarea>
    <div class="row"><button id="run" type="button" onClick=${run}>Run (Ctrl+Enter)</button>
      <span id="status" role="status">${status}</span>
      <span class="downloads">Download: ${["csv", "tsv", "json"].map((f) => html` <a href="#" onClick=${(e) => { e.preventDefault(); download(f); }}>${f.toUpperCase()}</a>`)}</span></div>
    ${error ? html`<div id="error" class="error">${error}</div>` : null}
    <div id="results">${result ? (result.text ? html`<pre>${result.text}</pre>` : "boolean" in result ? String(result.boolean) : html`<${Table} data=${result} />`) : null}</div>
  </div>`;
}

function Table({ data }) {
  const vars = data.head.vars;
  const rows = data.results.bindings.slice(0, 2000);
  return html`<table id="results-table"><thead><tr>${vars.map((v) => html`<th>${v}</th>`)}</tr></thead>
    <tbody>${rows.map((b) => html`<tr>${vars.map((v) => {
      const t = b[v];
      if (t && t.type === "uri") return html`<td><a href=${t.value} target="_blank" rel="noopener">${t.value}</a></td>`;
      const num = t && t.datatype && /#(integer|decimal|double|float)$/.test(t.datatype);
      return html`<td class=${num ? "num" : ""}>${t ? t.value : ""}</td>`;
    })}</tr>`)}</tbody></table>
    ${data.results.bindings.length > 2000 ? html`<p class="hint">showing the first 2000 rows; download for all</p>` : null}`;
}
