// The home page, the deflection overview, the compare page and the evidence pages.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { api, fmt, go, href, itemHref, monthRange, pct } from "../api.js";
import {
  DateFilter, ErrorBox, Evidence, KIND_LABEL, Loading, MonthChart, RESPONSE_LABEL, SearchBox, Section, useData,
} from "../components.js";
import { DeflectionRows } from "./groups.js";

const KIND_TITLES = [["country", "Countries and territories"], ["person", "People"], ["organization", "Organisations"],
  ["topic", "Topics"], ["outlet", "News outlets"], ["spokesperson", "Spokespersons"], ["initiative", "Initiatives and laws"],
  ["place", "Places"]];

export function HomePage() {
  const st = useData(() => api("summary"), []);
  if (st.error) return html`<${ErrorBox} error=${st.error} />`;
  if (st.loading) return html`<${Loading} what="the store" />`;
  const d = st.data;
  return html`<div class="page home">
    <div class="hero">
      <h1>What was said at the briefings</h1>
      <p>${fmt(d.conferences)} press conferences, ${d.first} to ${d.last}, ${fmt(d.exchanges)} question-and-answer exchanges
        (${d.governments.map((g) => `${g.conferences} of ${g.label}'s government, in ${g.language || "?"}`).join("; ")}).
        Outlets are named in <b>${fmt(d.exchanges_with_outlet)}</b> of them (${pct(d.exchanges_with_outlet, d.exchanges)}); the rest say only “Q:”.</p>
      <${SearchBox} id="home-search" autofocus=${true} placeholder="Search anything: Australia, USA, Bloomberg, Taiwan, Hua Chunying, WHO…" />
      <div class="try"><h2>Questions to try</h2><ul id="questions">
        <li><a href=${href("country/AU", { from: "2020-01-01", to: "2020-12-31", role: "said" })}>What did China say about Australia in 2020, and how did its stance change?</a></li>
        <li><a href=${href("topic/taiwan")}>Who asks most about Taiwan?</a></li>
        <li><a href=${href("deflection")}>How often does each spokesperson deflect, on which topics?</a></li>
        <li><a href=${href("compare", { a: "country/US", b: "country/JP" })}>The United States and Japan side by side</a></li>
        <li><a href=${href("network", { view: "outlet-topic", min_weight: 3 })}>Which outlets ask about which topics (network)</a></li>
      </ul></div>
    </div>
    <div class="grid tops">${KIND_TITLES.map(([k, title]) => d.top[k] && d.top[k].length ? html`<${Section} title=${title} id=${"top-" + k}
        csv=${{ name: title, columns: [{ key: "label" }, { key: "kind" }, { key: "count", label: "exchanges" }, { key: "id" }], rows: d.top[k] }}>
      <ol class="top">${d.top[k].map((it) => html`<li><a href=${itemHref(it)}>${it.label}</a> <span class="hint">${fmt(it.count)}</span></li>`)}</ol>
    </${Section}>` : null)}</div>
  </div>`;
}

export function DeflectionPage({ params }) {
  const f = { from: params.from, to: params.to };
  const st = useData(() => api("deflection", f), [f.from, f.to]);
  if (st.error) return html`<${ErrorBox} error=${st.error} />`;
  if (st.loading) return html`<${Loading} what="deflections" />`;
  const rows = st.data.rows;
  const people = {};
  for (const r of rows) {
    const p = people[r.spokesperson.label] || (people[r.spokesperson.label] = { ...r, topic: { id: null, label: "all topics" },
      asked: 0, deflected: 0, Referral: 0, NoInformation: 0, NoComment: 0, rows: [] });
    p.rows.push(r);
  }
  // totals per spokesperson come from the per-topic rows only when exchanges have one topic;
  // an exchange about two topics counts under both, so totals are asked separately below
  const list = Object.values(people).sort((a, b) => b.rows.reduce((s, r) => s + r.asked, 0) - a.rows.reduce((s, r) => s + r.asked, 0));
  return html`<div class="page deflection">
    <div class="page-head"><h1 id="page-title">Deflection by spokesperson and topic</h1>
      <p class="hint">An answer deflects when it refers the question to other authorities (referral), says the spokesperson has no
        information, or declines comment. An exchange about two topics counts under each; “(no topic)” are exchanges the topic
        scheme did not place. Click a count for the exchanges.</p></div>
    <${DateFilter} params=${params} path="deflection" />
    <${Totals} f=${f} />
    ${list.map((p) => html`<${Section} title=${p.spokesperson.label} id=${"defl-" + p.spokesperson.id.replace(/\W/g, "-")}
        csv=${{ name: `deflection ${p.spokesperson.label}`, columns: [{ label: "topic", value: (r) => r.topic.label }, { key: "asked" }, { key: "deflected" }, { key: "Referral" }, { key: "NoInformation" }, { key: "NoComment" }], rows: p.rows }}>
      <${DeflectionRows} rows=${p.rows.sort((a, b) => b.deflected - a.deflected || b.asked - a.asked).slice(0, 12)} f=${f} first="topic" />
      <p class="hint"><a href=${href(p.spokesperson.id, f)}>all ${p.rows.length} topics on ${p.spokesperson.label}'s page</a></p>
    </${Section}>`)}
  </div>`;
}

function Totals({ f }) {
  // one row per spokesperson, every exchange once: from the saved query's logic (the API's
  // deflection rows grouped by topic would count multi-topic exchanges twice)
  const st = useData(() => (async () => {
    const sp = await api("summary");
    const out = [];
    for (const s of sp.top.spokesperson) {
      const series = await api("series", { id: s.id, ...f });
      const asked = series.months.reduce((a, m) => a + m.exchanges, 0);
      const deflected = series.months.reduce((a, m) => a + m.deflected, 0);
      out.push({ ...s, asked, deflected });
    }
    return out;
  })(), [f.from, f.to]);
  if (!st.data) return st.error ? html`<${ErrorBox} error=${st.error} />` : html`<${Loading} />`;
  return html`<${Section} title="All topics" id="deflection-totals"
      csv=${{ name: "deflection by spokesperson", columns: [{ key: "label", label: "spokesperson" }, { key: "asked", label: "exchanges" }, { key: "deflected" }], rows: st.data }}>
    <table class="small" id="totals"><thead><tr><th>spokesperson</th><th>exchanges answered</th><th>deflected</th><th>share</th></tr></thead>
      <tbody>${st.data.map((s) => html`<tr><td><a href=${href(s.id)}>${s.label}</a></td>
        <td class="num"><a class="count" href=${href("exchanges", { spokesperson: s.id, ...f })}>${fmt(s.asked)}</a></td>
        <td class="num"><a class="count" href=${href("exchanges", { spokesperson: s.id, response: "deflected", ...f })}>${fmt(s.deflected)}</a></td>
        <td class="num">${pct(s.deflected, s.asked)}</td></tr>`)}</tbody></table>
  </${Section}>`;
}

export function ComparePage({ params }) {
  const [a, b] = [params.a, params.b];
  const f = { from: params.from, to: params.to };
  const st = useData(() => Promise.all([a ? api("series", { id: a, ...f }) : null, b ? api("series", { id: b, ...f }) : null]),
    [a, b, f.from, f.to]);
  const gov = useData(() => api("summary"), []);
  const pick = (side) => (it) => go("compare", { ...params, [side]: it.id });
  const govs = gov.data ? [...new Map(gov.data.governments.filter((g) => g.id).map((g) => [g.id, g])).values()] : [];
  const labelOf = (side, ident) => {
    const s = st.data && st.data[side === "a" ? 0 : 1];
    return s ? html`<a href=${s.item.kind === "government" ? href("compare", params) : itemHref(s.item)}>${s.item.label}</a>` : ident || "—";
  };
  const spokes = gov.data ? gov.data.top.spokesperson : [];
  return html`<div class="page compare">
    <div class="page-head"><h1 id="page-title">Compare</h1>
      <p class="hint">Two entities, topics, outlets, spokespersons or governments side by side, month by month (exchanges;
        for entities also the stances toward them).</p></div>
    <div class="compare-pick">
      <div><b>A:</b> ${labelOf("a", a)} <${SearchBox} id="search-a" onChoose=${pick("a")} placeholder="choose A…" /></div>
      <div><b>B:</b> ${labelOf("b", b)} <${SearchBox} id="search-b" onChoose=${pick("b")} placeholder="choose B…" /></div>
      <p class="hint">Governments: ${govs.map((g, i) => html`<button type="button" class="link" onClick=${() => go("compare", { ...params, [i % 2 ? "b" : "a"]: "government/" + g.id.split("/").pop() })}>${g.label}</button> `)}
        · Spokespersons: ${spokes.slice(0, 6).map((s, i) => html`<button type="button" class="link" onClick=${() => go("compare", { ...params, [i % 2 ? "b" : "a"]: s.id })}>${s.label}</button> `)}</p>
    </div>
    <${DateFilter} params=${params} path="compare" />
    ${st.error ? html`<${ErrorBox} error=${st.error} />` : st.loading ? html`<${Loading} />` : html`<${CompareCharts} data=${st.data} f=${f} />`}
  </div>`;
}

function evidenceFor(item, f, extra = {}) {
  if (!item) return null;
  const k = item.kind;
  if (k === "government") return href("exchanges", { government: "country/" + item.id.split("/").pop(), ...f, ...extra });
  const key = k === "topic" ? "topic" : k === "outlet" ? "outlet" : k === "spokesperson" ? "spokesperson" : "entity";
  return href("exchanges", { [key]: item.id, ...f, ...extra });
}

function CompareCharts({ data, f }) {
  const [A, B] = data;
  const all = [A, B].filter(Boolean);
  if (!all.length) return html`<p class="hint">Choose two things to compare.</p>`;
  const months = monthRange(all.flatMap((s) => s.months.map((m) => m.month)));
  const series = (key, fn) => all.map((s, i) => ({ label: s.item.label, key: i, color: i ? "#ff7f0e" : "#1f77b4",
    values: Object.fromEntries(s.months.map((m) => [m.month, fn(m)])) }));
  const rows = months.filter((m) => m !== "…").map((m) => {
    const r = { month: m };
    all.forEach((s, i) => { const x = s.months.find((mm) => mm.month === m) || {}; const p = i ? "B" : "A";
      r[p + "_exchanges"] = x.exchanges || 0; r[p + "_deflected"] = x.deflected || 0; r[p + "_positive"] = x.positive || 0; r[p + "_negative"] = x.negative || 0; });
    return r;
  });
  const cols = [{ key: "month" }, ...Object.keys(rows[0] || {}).filter((k) => k !== "month").map((k) => ({ key: k }))];
  const hasStance = all.some((s) => s.months.some((m) => m.positive || m.negative));
  return html`
    <table class="small" id="compare-totals"><thead><tr><th></th><th>exchanges</th><th>deflected</th><th>positive stances</th><th>negative stances</th></tr></thead>
      <tbody>${all.map((s) => { const t = (k) => s.months.reduce((a, m) => a + (m[k] || 0), 0); return html`<tr>
        <td>${s.item.kind === "government" ? s.item.label : html`<a href=${itemHref(s.item)}>${s.item.label}</a>`} <span class="hint">${KIND_LABEL[s.item.kind]}</span></td>
        <td class="num"><a class="count" href=${evidenceFor(s.item, f)}>${fmt(t("exchanges"))}</a></td>
        <td class="num"><a class="count" href=${evidenceFor(s.item, f, { response: "deflected" })}>${fmt(t("deflected"))}</a> (${pct(t("deflected"), t("exchanges"))})</td>
        ${s.stances_are ? html`<td class="num">${fmt(t("positive"))} <span class="hint">${s.stances_are}</span></td><td class="num">${fmt(t("negative"))} <span class="hint">${s.stances_are}</span></td>`
          : html`<td class="hint">—</td><td class="hint">—</td>`}</tr>`; })}</tbody></table>
    <p class="hint">Stances: “toward” an entity, or “taken” by a spokesperson or a government's briefers (toward anyone).</p>
    <${Section} title="Exchanges per month" id="compare-exchanges" csv=${{ name: "compare", columns: cols, rows }}
      note="Exchanges mentioning it (entities), asked by it (outlets), about it (topics), answered by them (spokespersons), or held by that government. Click a bar for them.">
      <${MonthChart} id="compare-chart" stacked=${false} series=${series("exchanges", (m) => m.exchanges)} months=${months}
        onPick=${(month, i) => { location.hash = evidenceFor(all[i].item, f, { month }); }} />
    </${Section}>
    <${Section} title="Share of answers deflected per month (%)" id="compare-deflected" csv=${{ name: "compare deflected", columns: cols, rows }}>
      <${MonthChart} id="compare-deflected-chart" stacked=${false} series=${series("deflected", (m) => (m.exchanges ? Math.round((100 * m.deflected) / m.exchanges) : 0))} months=${months}
        onPick=${(month, i) => { location.hash = evidenceFor(all[i].item, f, { month, response: "deflected" }); }} />
    </${Section}>
    ${hasStance ? html`<${Section} title="Net stance per month (positive − negative)" id="compare-stance" csv=${{ name: "compare stance", columns: cols, rows }}>
      <${MonthChart} id="compare-stance-chart" stacked=${false} series=${series("net", (m) => (m.positive || 0) - (m.negative || 0))} months=${months} />
    </${Section}>` : null}`;
}

const FILTER_NAMES = { entity: "mentioning", with: "and", topic: "about", outlet: "asked by", spokesperson: "answered by",
  government: "government", response: "answer", polarity: "stance", role: "said in", month: "in", from: "from", to: "to",
  conference: "in", asked: "named in the question" };

export function EvidencePage({ params, endpoint }) {
  const query = { ...params };
  const chips = Object.entries(params).filter(([k, v]) => v && FILTER_NAMES[k]);
  const focus = params.entity;
  return html`<div class="page evidence-page">
    <div class="page-head"><h1 id="page-title">${endpoint === "utterances" ? "Utterances" : "Exchanges"}</h1>
      <p class="chips">${chips.map(([k, v]) => html`<span class="chip">${FILTER_NAMES[k]} ${
        /^(country|organization|person|initiative|place|topic|outlet)\//.test(v) ? html`<a href=${href(v)}><${Label} id=${v} /></a>`
          : k === "response" ? RESPONSE_LABEL[v] || v : k === "role" && v === "said" ? "answers and statements" : v}</span>`)}</p></div>
    <${Evidence} endpoint=${endpoint} query=${query} focus=${focus} title=${endpoint === "utterances" ? "The utterances" : "The exchanges"} />
  </div>`;
}

function Label({ id }) {
  const st = useData(() => api("item", { id }), [id]);
  return st.data ? st.data.label : id;
}
