// Pieces every page uses: charts, ranked tables with clickable counts, the evidence list with
// highlighted sentences, the search box, the date filter, CSV buttons.
import { html } from "htm/preact";
import { useEffect, useRef, useState } from "preact/hooks";
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip,
} from "chart.js";
import { api, downloadCsv, fmt, go, href, itemHref, monthRange } from "./api.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
                        "#17becf", "#bcbd22", "#7f7f7f"];
export const KIND_LABEL = { country: "country", organization: "organization", person: "person",
  initiative: "initiative", place: "place", outlet: "news outlet", spokesperson: "spokesperson",
  topic: "topic", government: "government" };
export const RESPONSE_LABEL = { Referral: "referral", NoInformation: "no information", NoComment: "no comment",
  Substantive: "substantive" };

export function Loading({ what }) {
  return html`<p class="hint" role="status">Loading ${what || ""}…</p>`;
}

export function ErrorBox({ error }) {
  if (!error) return null;
  return html`<div class="error" role="alert">${error.message || String(error)}
    ${error.closest && error.closest.length ? html`<div>Did you mean:
      ${error.closest.map((c) => html` <a href=${itemHref(c)}>${c.label}</a> (${KIND_LABEL[c.kind] || c.kind})`)}</div>` : null}
  </div>`;
}

// data loading hook: fn() -> promise; reruns when deps change
export function useData(fn, deps) {
  const [state, setState] = useState({ loading: true });
  useEffect(() => {
    let live = true;
    setState({ loading: true });
    const t0 = performance.now();
    fn().then((data) => {
      if (!live) return;
      setState({ data, ms: Math.round(performance.now() - t0) });
    }, (error) => live && setState({ error }));
    return () => { live = false; };
  }, deps);
  return state;
}

export function CsvButton({ name, columns, rows, label }) {
  return html`<button type="button" class="csv" title="Download what this shows as CSV"
    onClick=${() => downloadCsv(name, columns, rows)}>${label || "CSV"}</button>`;
}

export function Section({ title, csv, children, id, note }) {
  // (a card scrolls sideways rather than cutting a wide table)
  return html`<section class="card" id=${id}>
    <div class="card-head"><h3>${title}</h3>${csv ? html`<${CsvButton} ...${csv} />` : null}</div>
    ${note ? html`<p class="hint">${note}</p>` : null}
    ${children}
  </section>`;
}

// ---- a stacked bar chart over months; onPick(month, series) when a bar is clicked
export function MonthChart({ id, series, months, onPick, height = 240, stacked = true, signed = false }) {
  const canvas = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    const labels = months || monthRange(series.flatMap((s) => Object.keys(s.values)));
    const datasets = series.map((s, i) => ({
      label: s.label, backgroundColor: s.color || PALETTE[i % PALETTE.length],
      data: labels.map((m) => (s.values[m] || 0) * (s.sign || 1)), key: s.key, maxBarThickness: 48,
    }));
    // a signed chart (stances): ticks on whole steps through 0, so the zero line is drawn
    let yRange = {};
    if (signed) {
      const sums = (sgn) => labels.map((_, j) => datasets.reduce((a, d) => a + (Math.sign(d.data[j]) === sgn ? d.data[j] : 0), 0));
      const hi = Math.max(0, ...sums(1)), lo = Math.min(0, ...sums(-1));
      const step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000].find((k) => (hi - lo) / k <= 8) || 2000;
      yRange = { min: -Math.max(1, Math.ceil(-lo / step)) * step, max: Math.max(1, Math.ceil(hi / step)) * step, stepSize: step };
    }
    if (chart.current) chart.current.destroy();
    chart.current = new Chart(canvas.current, {
      type: "bar",
      data: { labels, datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked, ticks: { autoSkip: true, maxRotation: 0 } },
                  y: { stacked, beginAtZero: true, min: yRange.min, max: yRange.max,
                       grid: { color: (c) => (signed && c.tick && c.tick.value === 0 ? "#555" : "rgba(0,0,0,0.1)") },
                       ticks: { precision: 0, stepSize: yRange.stepSize,
                                callback: (v) => (signed ? (v > 0 ? `+${v}` : v < 0 ? `−${-v}` : "0") : v) } } },
        plugins: { legend: { position: "bottom" },
                   tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${Math.abs(c.raw)}` } } },
        onClick: (evt, elements) => {
          if (!onPick || !elements.length) return;
          const el = elements[0];
          const ds = datasets[el.datasetIndex];
          if (labels[el.index] !== "…") onPick(labels[el.index], ds.key, Math.abs(ds.data[el.index]));
        },
        onHover: (evt, elements) => { evt.native.target.style.cursor = elements.length && onPick ? "pointer" : "default"; },
      },
    });
    window.diplokg.charts[id] = { labels, datasets: datasets.map((d) => ({ label: d.label, key: d.key, data: d.data })),
                                  // where bar j of dataset i is drawn, in canvas pixels (for tests)
                                  bar: (i, j) => { const el = chart.current.getDatasetMeta(i).data[j]; return el && { x: el.x, y: (el.y + el.base) / 2 }; } };
    return () => { if (chart.current) chart.current.destroy(); chart.current = null; };
  }, [JSON.stringify(series), JSON.stringify(months)]);
  return html`<div class="chart" style=${`height:${height}px`}><canvas id=${id} ref=${canvas}></canvas></div>`;
}

// ---- a ranked list: label (link to its page), count (link to what was counted), bar
export function Ranked({ rows, total, countHref, max = 15, unit = "exchanges", id }) {
  const [all, setAll] = useState(false);
  const top = Math.max(1, ...rows.map((r) => r.n));
  const shown = all ? rows : rows.slice(0, max);
  return html`<table class="ranked" id=${id}>
    <tbody>${shown.map((r) => html`<tr>
      <td class="label">${r.id ? html`<a href=${itemHref(r)}>${r.label}</a>` : html`<em>${r.label}</em>`}</td>
      <td class="num">${countHref ? html`<a class="count" href=${countHref(r)} title=${`the ${unit} counted`}>${fmt(r.n)}</a>` : fmt(r.n)}</td>
      <td class="share">${total ? html`${Math.round((100 * r.n) / total)}%` : null}</td>
      <td class="barcell"><span class="bar" style=${`width:${(100 * r.n) / top}%`}></span></td>
    </tr>`)}</tbody>
    ${rows.length > max ? html`<tfoot><tr><td colspan="4"><button type="button" class="link"
        onClick=${() => setAll(!all)}>${all ? "fewer" : `all ${rows.length}`}</button></td></tr></tfoot>` : null}
  </table>`;
}

// ---- the search box with suggestions (every entity, outlet, spokesperson, topic, by any name)
export function SearchBox({ placeholder, onChoose, kind, id = "search", autofocus }) {
  const [q, setQ] = useState("");
  const [items, setItems] = useState([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!q.trim()) { setItems([]); setError(null); return; }
    let live = true;
    const t = setTimeout(() => {
      api("suggest", { q, kind, limit: 12 }).then((r) => {
        if (!live) return;
        setItems(r); setActive(0);
        setError(r.length ? null : `nothing is named like “${q}”`);
      }, (e) => live && setError(e.message));
    }, 120);
    return () => { live = false; clearTimeout(t); };
  }, [q, kind]);
  const choose = (it) => {
    setQ(""); setItems([]);
    if (onChoose) onChoose(it); else go(it.id);
  };
  const onKey = (e) => {
    if (e.key === "ArrowDown") { setActive(Math.min(active + 1, items.length - 1)); e.preventDefault(); }
    else if (e.key === "ArrowUp") { setActive(Math.max(active - 1, 0)); e.preventDefault(); }
    else if (e.key === "Enter" && items[active]) { choose(items[active]); e.preventDefault(); }
    else if (e.key === "Escape") setItems([]);
  };
  return html`<div class="search">
    <input id=${id} type="search" value=${q} placeholder=${placeholder || "Search a country, person, organisation, outlet, topic…"}
      autocomplete="off" aria-label="search" autofocus=${autofocus}
      onInput=${(e) => setQ(e.target.value)} onKeyDown=${onKey} />
    ${items.length ? html`<ul class="suggestions" id=${id + "-suggestions"} role="listbox">${items.map((it, i) => html`
      <li role="option" class=${i === active ? "active" : ""} onMouseDown=${(e) => { e.preventDefault(); choose(it); }}>
        <span class="s-label">${it.label}</span>
        ${it.matched && it.matched.toLowerCase() !== it.label.toLowerCase() ? html`<span class="s-alias">“${it.matched}”</span>` : null}
        <span class="s-kind">${KIND_LABEL[it.kind] || it.kind}</span>
        <span class="s-count">${fmt(it.count)}</span>
      </li>`)}</ul>` : null}
    ${error && q ? html`<div class="suggestions empty">${error}</div>` : null}
  </div>`;
}

// ---- the date filter every page has (from / to), kept in the URL
export function DateFilter({ params, path, extra }) {
  const [from, setFrom] = useState(params.from || "");
  const [to, setTo] = useState(params.to || "");
  useEffect(() => { setFrom(params.from || ""); setTo(params.to || ""); }, [params.from, params.to]);
  const apply = (e) => { e.preventDefault(); go(path, { ...params, from, to }); };
  const year = (y) => go(path, { ...params, from: `${y}-01-01`, to: `${y}-12-31` });
  return html`<form class="filters" onSubmit=${apply}>
    <label>from <input type="date" name="from" value=${from} onInput=${(e) => setFrom(e.target.value)} /></label>
    <label>to <input type="date" name="to" value=${to} onInput=${(e) => setTo(e.target.value)} /></label>
    <button type="submit">Apply</button>
    <span class="years">${["2018", "2019", "2020"].map((y) => html`<button type="button" class="link" onClick=${() => year(y)}>${y}</button>`)}
      <button type="button" class="link" onClick=${() => go(path, { ...params, from: "", to: "" })}>all dates</button></span>
    ${extra}
  </form>`;
}

// ---- highlighting: the sentence around each mention (or stance), the mention itself
function sentenceAround(text, start, end) {
  let a = start;
  while (a > 0 && !/[.!?。！？]\s/.test(text.slice(a - 2, a))) a -= 1;
  let b = end;
  while (b < text.length && !/[.!?。！？]/.test(text[b])) b += 1;
  return [a, Math.min(text.length, b + 1)];
}

export function Highlighted({ text, mentions = [], stances = [], focus, evidence = [], markMentions = true }) {
  // marks: sentence ranges (focus entity's mentions and stances), mention spans (links)
  const sentences = [];
  if (markMentions) for (const m of mentions) if (!focus || m.id === focus) sentences.push(sentenceAround(text, m.start, m.end));
  for (const s of stances) if (!focus || s.id === focus) sentences.push([s.start, s.end]);
  for (const ev of evidence) { const i = text.indexOf(ev); if (i >= 0) sentences.push([i, i + ev.length]); }
  const cuts = new Set([0, text.length]);
  for (const [a, b] of sentences) { cuts.add(a); cuts.add(b); }
  for (const m of mentions) { cuts.add(m.start); cuts.add(m.end); }
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((x, y) => x - y);
  const parts = [];
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i], b = points[i + 1];
    if (a === b) continue;
    const piece = text.slice(a, b);
    const inSentence = sentences.some(([s, e]) => a >= s && b <= e);
    const m = mentions.find((mm) => a >= mm.start && b <= mm.end);
    let node = piece;
    if (m) {
      node = html`<a class=${"mention" + (focus && m.id === focus ? " focus" : "")} href=${itemHref(m)}
                     title=${m.label}>${piece}</a>`;
    }
    parts.push(inSentence ? html`<mark class="sentence">${node}</mark>` : node);
  }
  return html`<span class="text">${parts}</span>`;
}

export function StanceBadges({ stances }) {
  if (!stances || !stances.length) return null;
  return html`<span class="badges">${stances.map((s) => html`<span class=${"badge " + s.polarity}
      title=${(s.cue ? `cue: “${s.cue}”` : "") + (s.confidence != null ? ` confidence ${s.confidence}` : "")}>${s.polarity === "positive" ? "+" : "−"} ${s.label}${s.confidence != null ? html` <span class="conf-val">${s.confidence.toFixed(2)}</span>` : null}</span>`)}</span>`;
}

export function ResponseBadges({ responses, details }) {
  if (!responses || !responses.length) return null;
  const conf = Object.fromEntries((details || []).map((d) => [d.type, d.confidence]));
  return html`<span class="badges">${responses.map((r) => html`<span class=${"badge resp " + r}
    title=${conf[r] != null ? `confidence ${conf[r]}` : ""}>${RESPONSE_LABEL[r] || r}${conf[r] != null ? html` <span class="conf-val">${conf[r].toFixed(2)}</span>` : null}</span>`)}</span>`;
}

// ---- the evidence: utterances (or exchanges) behind a count, paged, with a CSV of them all
export function Evidence({ endpoint = "utterances", query, focus, title = "Evidence", id = "evidence" }) {
  const [offset, setOffset] = useState(0);
  useEffect(() => setOffset(0), [JSON.stringify(query)]);
  const st = useData(() => api(endpoint, { ...query, offset, limit: 25 }), [JSON.stringify(query), offset]);
  const all = async () => {
    const r = await api(endpoint, { ...query, offset: 0, limit: 5000 });
    const rows = endpoint === "utterances" ? r.items : r.items.flatMap((x) => x.turns.map((t) => ({ ...t, exchangeTopics: x.topics })));
    downloadCsv(`${title}`, [
      { key: "date" }, { label: "conference", value: (u) => u.conference.id },
      { label: "exchange", value: (u) => u.exchange || "" }, { key: "role" },
      { label: "speaker", value: (u) => u.speaker.label },
      { label: "mentions", value: (u) => u.mentions.map((m) => m.label).join("; ") },
      { label: "stances", value: (u) => u.stances.map((s) => `${s.polarity} ${s.label}${s.confidence != null ? ` (${s.confidence})` : ""}`).join("; ") },
      { label: "response", value: (u) => (u.response_details || []).map((d) => `${d.type}${d.confidence != null ? ` (${d.confidence})` : ""}`).join("; ") },
      { key: "text" }, { label: "source", value: (u) => u.files.join("; ") },
    ], rows);
  };
  if (st.error) return html`<${ErrorBox} error=${st.error} />`;
  const d = st.data;
  return html`<section class="card evidence" id=${id}>
    <div class="card-head"><h3>${title}</h3>
      ${d ? html`<span class="hint" id=${id + "-total"}>${fmt(d.total)} ${endpoint === "utterances" ? "utterances" : "exchanges"}</span>` : null}
      <button type="button" class="csv" onClick=${all}>CSV (all)</button></div>
    ${st.loading ? html`<${Loading} />` : null}
    ${d ? html`<ol class="items" start=${offset + 1}>${d.items.map((it) => endpoint === "utterances"
        ? html`<li><${Utterance} u=${it} focus=${focus} /></li>`
        : html`<li><${ExchangeItem} x=${it} focus=${focus} /></li>`)}</ol>
      <div class="pager">
        ${offset > 0 ? html`<button type="button" onClick=${() => setOffset(Math.max(0, offset - 25))}>previous</button>` : null}
        ${d.total > offset + 25 ? html`<button type="button" onClick=${() => setOffset(offset + 25)}>next</button>` : null}
        <span class="hint">${d.total ? `${offset + 1}–${Math.min(d.total, offset + 25)} of ${fmt(d.total)}` : "none"}</span>
      </div>` : null}
  </section>`;
}

export function Meta({ u }) {
  const conf = u.conference || {};
  return html`<div class="meta">
    <span class="date">${u.date}</span>
    <span class=${"role " + u.role}>${u.role}</span>
    ${u.speaker && u.speaker.label ? html`<span class="speaker">${u.speaker.id ? html`<a href=${itemHref(u.speaker)}>${u.speaker.label}</a>` : u.speaker.label}</span>` : null}
    <a class="conf" href=${href(conf.id, u.exchange ? { at: u.exchange } : {})}>${conf.title || conf.id}${u.exchange ? ` · exchange ${u.exchange}` : ""}</a>
    <span class="source" title="source file">${(u.files || []).join(", ")}</span>
  </div>`;
}

export function Utterance({ u, focus }) {
  return html`<div class="utterance">
    <${Meta} u=${u} />
    <p><${Highlighted} text=${u.text} mentions=${u.mentions} stances=${u.stances} focus=${focus} markMentions=${Boolean(focus)} /></p>
    <${StanceBadges} stances=${u.stances} /> <${ResponseBadges} responses=${(u.responses || []).filter((r) => r !== "Substantive")} details=${u.response_details} />
  </div>`;
}

export function ExchangeItem({ x, focus }) {
  return html`<div class="exchange-item">
    <div class="meta"><span class="date">${x.date}</span>
      <a class="conf" href=${href(x.conference.id, { at: x.position })}>${x.conference.title || x.conference.id} · exchange ${x.position}</a>
      <span class="speaker">asked by ${x.outlet.id ? html`<a href=${itemHref(x.outlet)}>${x.outlet.label}</a>` : html`<em>${x.outlet.label}</em>`}</span>
      <${ResponseBadges} responses=${x.responses} />
      <span class="topics">${x.topics.map((t) => html`<a class="topic" href=${itemHref(t)}>${t.label}</a>`)}</span></div>
    ${x.turns.map((t) => html`<p class=${"turn " + t.role}><b>${t.role === "answer" ? (t.speaker.label || "A") : "Q"}:</b>${" "}
      <${Highlighted} text=${t.text} mentions=${t.mentions} stances=${focus ? t.stances : []} focus=${focus}
        markMentions=${Boolean(focus)} evidence=${t.role === "answer" ? t.response_evidence : []} /></p>`)}
  </div>`;
}
