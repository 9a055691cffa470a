// Pages whose unit is the exchange: a topic, a news outlet, a spokesperson.
import { html } from "htm/preact";
import { api, fmt, go, href, monthRange, pct } from "../api.js";
import {
  DateFilter, ErrorBox, Evidence, Loading, MonthChart, Ranked, RESPONSE_LABEL, Section, useData,
} from "../components.js";
import { EntityPage, filtersOf, Header } from "./entity.js";

function bySpeaker(monthly) {
  const groups = {};
  for (const r of monthly) {
    const k = r.speaker.label;
    const g = groups[k] || (groups[k] = { label: k, key: r.speaker.id || "none", values: {}, total: 0 });
    g.values[r.month] = (g.values[r.month] || 0) + r.n;
    g.total += r.n;
  }
  return Object.values(groups).sort((a, b) => b.total - a.total);
}

function responsesBySpeaker(rows) {
  const out = {};
  for (const r of rows) {
    const k = r.speaker.label || "(unnamed)";
    const s = out[k] || (out[k] = { ...r.speaker, types: {} });
    s.types[r.type] = r.n;
  }
  return Object.values(out);
}

function ExchangeCharts({ d, base, f, title }) {
  const series = bySpeaker(d.monthly);
  const months = monthRange(d.monthly.map((r) => r.month));
  const total = d.monthly.reduce((a, r) => a + r.n, 0);
  const deflected = d.monthly.reduce((a, r) => a + r.deflected, 0);
  return html`
    <p class="summary" id="group-summary"><a href=${href("exchanges", { ...base, ...f })}>${fmt(total)} exchanges</a>;
      the answer deflected (referral, no information, no comment) in${" "}
      <a href=${href("exchanges", { ...base, ...f, response: "deflected" })}>${fmt(deflected)}</a> (${pct(deflected, total)}).</p>
    <${Section} title=${title} id="monthly-card" note="By the spokesperson who answered. Click a bar for those exchanges."
      csv=${{ name: `${d.item.label} exchanges per month`, columns: [{ key: "month" }, ...series.map((s) => ({ label: s.label, value: (m) => s.values[m] || 0 }))], rows: months.filter((m) => m !== "…") }}>
      <${MonthChart} id="monthly-chart" series=${series} months=${months}
        onPick=${(month, key) => go("exchanges", { ...base, ...f, month, spokesperson: key === "none" ? "" : key })} />
    </${Section}>`;
}

function ResponseTable({ d, base, f }) {
  const rows = responsesBySpeaker(d.responses);
  const types = ["Referral", "NoInformation", "NoComment", "Substantive"];
  return html`<${Section} title="How the answers went" id="responses-card"
      note="Exchanges by response type of the answer (an answer can be of more than one type)."
      csv=${{ name: `${d.item.label} responses`, columns: [{ key: "label", label: "spokesperson" }, ...types.map((t) => ({ label: RESPONSE_LABEL[t], value: (r) => r.types[t] || 0 }))], rows }}>
    <table class="small compact" id="responses"><thead><tr><th>spokesperson</th>${types.map((t) => html`<th title=${RESPONSE_LABEL[t]}>${SHORT[t] || RESPONSE_LABEL[t]}</th>`)}</tr></thead>
      <tbody>${rows.map((r) => html`<tr><td>${r.id ? html`<a href=${href(r.id)}>${r.label}</a>` : r.label}</td>
        ${types.map((t) => html`<td class="num">${r.types[t] ? html`<a class="count" href=${href("exchanges", { ...base, ...f, spokesperson: r.id, response: t })}>${r.types[t]}</a>` : 0}</td>`)}</tr>`)}</tbody></table>
  </${Section}>`;
}

const SHORT = { NoInformation: "no info", NoComment: "no comm.", Substantive: "subst." };

export function TopicPage({ id, params }) {
  const f = filtersOf(params);
  const st = useData(() => api("topic", { id, ...f }), [id, f.from, f.to]);
  if (st.error) return html`<${ErrorBox} error=${st.error} />`;
  if (st.loading) return html`<${Loading} what="the topic" />`;
  const d = st.data;
  const base = { topic: id };
  const total = d.outlets.reduce((a, r) => a + r.n, 0);
  const unnamed = d.outlets.find((r) => !r.id);
  const named = d.outlets.filter((r) => r.id);
  return html`<div class="page topic">
    <${Header} item=${d.item} />
    <${DateFilter} params=${params} path=${id} />
    <${ExchangeCharts} d=${d} base=${base} f=${f} title="Exchanges about it per month" />
    <div class="grid">
      <${Section} title="Who asks about it" id="askers-card"
        note=${html`Outlets by exchanges they asked about it. <b id="not-named-share">${unnamed ? `${fmt(unnamed.n)} of ${fmt(total)} exchanges (${pct(unnamed.n, total)})` : "No exchange"}</b>${" "}
          name no outlet (${named.length ? `the most named: ${named[0].label}, ${named[0].n}` : "none is named"}); the China MFA transcripts name outlets only from 24 March 2020, so the named ones say who asked since then.`}
        csv=${{ name: `${d.item.label} askers`, columns: [{ key: "label", label: "outlet" }, { key: "n", label: "exchanges" }], rows: d.outlets }}>
        <${Ranked} id="askers" rows=${d.outlets} total=${total} countHref=${(r) => href("exchanges", { ...base, ...f, outlet: r.id || "none" })} />
      </${Section}>
      <${ResponseTable} d=${d} base=${base} f=${f} />
      <${Section} title="Entities the questions name" id="entities-card"
        csv=${{ name: `${d.item.label} entities`, columns: [{ key: "label", label: "entity" }, { key: "kind" }, { key: "n", label: "exchanges" }], rows: d.entitys }}>
        <${Ranked} id="topic-entities" rows=${d.entitys} countHref=${(r) => href("exchanges", { ...base, ...f, entity: r.id, asked: 1 })} />
      </${Section}>
    </div>
    <${Evidence} endpoint="exchanges" title=${`Exchanges about ${d.item.label}`} query=${{ ...base, ...f }} />
  </div>`;
}

export function OutletPage({ id, params }) {
  const f = filtersOf(params);
  const st = useData(() => api("outlet", { id, ...f }), [id, f.from, f.to]);
  if (st.error) return html`<${ErrorBox} error=${st.error} />`;
  if (st.loading) return html`<${Loading} what="the outlet" />`;
  const d = st.data;
  const base = { outlet: id };
  return html`<div class="page outlet">
    <${Header} item=${d.item} extra=${html`<p class="hint">Outlets are named in the China MFA transcripts only from 24 March 2020; earlier questions by this outlet are among the “(not named)”.</p>`} />
    <${DateFilter} params=${params} path=${id} />
    <${ExchangeCharts} d=${d} base=${base} f=${f} title="Exchanges it asked per month" />
    <div class="grid">
      <${Section} title="Topics it asks about" id="topics-card"
        csv=${{ name: `${d.item.label} topics`, columns: [{ key: "label", label: "topic" }, { key: "n", label: "exchanges" }], rows: d.topics }}>
        <${Ranked} id="outlet-topics" rows=${d.topics} countHref=${(r) => href("exchanges", { ...base, ...f, topic: r.id || "none" })} />
      </${Section}>
      <${Section} title="Entities its questions name" id="entities-card"
        csv=${{ name: `${d.item.label} entities`, columns: [{ key: "label", label: "entity" }, { key: "kind" }, { key: "n", label: "exchanges" }], rows: d.entitys }}>
        <${Ranked} id="outlet-entities" rows=${d.entitys} countHref=${(r) => href("exchanges", { ...base, ...f, entity: r.id, asked: 1 })} />
      </${Section}>
      <${ResponseTable} d=${d} base=${base} f=${f} />
    </div>
    <${Evidence} endpoint="exchanges" title=${`Exchanges ${d.item.label} asked`} query=${{ ...base, ...f }} />
  </div>`;
}

export function SpokespersonPage({ id, params }) {
  const f = filtersOf(params);
  const item = useData(() => api("item", { id }), [id]);
  if (item.error) return html`<${ErrorBox} error=${item.error} />`;
  if (item.loading) return html`<${Loading} />`;
  if (item.data.kind !== "spokesperson") return html`<${EntityPage} id=${id} params=${params} />`;
  return html`<${SpokespersonBody} id=${id} params=${params} f=${f} />`;
}

function SpokespersonBody({ id, params, f }) {
  const st = useData(() => api("spokesperson", { id, ...f }), [id, f.from, f.to]);
  if (st.error) return html`<${ErrorBox} error=${st.error} />`;
  if (st.loading) return html`<${Loading} what="the spokesperson" />`;
  const d = st.data;
  const base = { spokesperson: id };
  // deflection by topic from the responses grouped by topic: the /deflection endpoint has it
  return html`<div class="page spokesperson">
    <${Header} item=${d.item} extra=${html`<p class="hint">${d.conferences.length} conferences${d.conferences.length ? `, ${d.conferences[0].date} to ${d.conferences[d.conferences.length - 1].date}` : ""}.${" "}
      <a href=${href(["person", ...id.split("/").slice(1)], { as: "entity" })}>As a person mentioned by others</a>.</p>`} />
    <${DateFilter} params=${params} path=${id} />
    <${ExchangeCharts} d=${d} base=${base} f=${f} title="Exchanges answered per month" />
    <${DeflectionByTopic} id=${id} f=${f} />
    <div class="grid">
      <${Section} title="Stances taken" id="stances-card" note="Targets of the stances in this spokesperson's answers and statements."
        csv=${{ name: `${d.item.label} stances`, columns: [{ key: "label", label: "target" }, { key: "positive" }, { key: "negative" }], rows: d.stances }}>
        <table class="small" id="stances"><thead><tr><th>toward</th><th>positive</th><th>negative</th></tr></thead>
          <tbody>${d.stances.slice(0, 20).map((s) => html`<tr><td><a href=${href(s.id)}>${s.label}</a></td>
            <td class="num"><a class="pos" href=${href("evidence", { entity: s.id, stance: 1, polarity: "positive", spokesperson: id, ...f })}>${s.positive}</a></td>
            <td class="num"><a class="neg" href=${href("evidence", { entity: s.id, stance: 1, polarity: "negative", spokesperson: id, ...f })}>${s.negative}</a></td></tr>`)}</tbody></table>
      </${Section}>
      <${Section} title="What the answers name" id="references-card"
        csv=${{ name: `${d.item.label} references`, columns: [{ key: "label", label: "entity" }, { key: "kind" }, { key: "n", label: "utterances" }], rows: d.references }}>
        <${Ranked} id="references" rows=${d.references} unit="utterances"
          countHref=${(r) => href("evidence", { entity: r.id, spokesperson: id, role: "said", ...f })} />
      </${Section}>
      <${Section} title="Topics asked" id="topics-card"
        csv=${{ name: `${d.item.label} topics`, columns: [{ key: "label", label: "topic" }, { key: "n", label: "exchanges" }], rows: d.topics }}>
        <${Ranked} id="sp-topics" rows=${d.topics} countHref=${(r) => href("exchanges", { ...base, ...f, topic: r.id || "none" })} />
      </${Section}>
      <${Section} title="Conferences" id="conferences-card"
        csv=${{ name: `${d.item.label} conferences`, columns: [{ key: "date" }, { key: "title" }, { key: "exchanges" }, { key: "id" }], rows: d.conferences }}>
        <ul class="conferences">${d.conferences.slice(-30).reverse().map((c) => html`<li><a href=${href(c.id)}>${c.date}</a> · ${c.exchanges} exchanges</li>`)}</ul>
        ${d.conferences.length > 30 ? html`<p class="hint">the last 30 shown; the CSV has all ${d.conferences.length}</p>` : null}
      </${Section}>
    </div>
  </div>`;
}

export function DeflectionByTopic({ id, f }) {
  const st = useData(() => api("deflection", { spokesperson: id, ...f }), [id, f.from, f.to]);
  if (st.error) return html`<${ErrorBox} error=${st.error} />`;
  if (st.loading) return html`<${Loading} />`;
  const rows = st.data.rows.filter((r) => r.spokesperson.id === id).sort((a, b) => b.deflected - a.deflected || b.asked - a.asked);
  return html`<${Section} title="Deflection by topic" id="deflection-card"
      note="Exchanges this spokesperson answered on each topic, and how many answers referred elsewhere, had no information or declined comment."
      csv=${{ name: `deflection by topic ${id}`, columns: [{ label: "topic", value: (r) => r.topic.label }, { key: "asked" }, { key: "deflected" }, { key: "Referral" }, { key: "NoInformation" }, { key: "NoComment" }], rows }}>
    <${DeflectionRows} rows=${rows} f=${f} first="topic" />
  </${Section}>`;
}

export function DeflectionRows({ rows, f, first }) {
  const link = (r, n, extra) => (n ? html`<a class="count" href=${href("exchanges", { spokesperson: r.spokesperson.id, topic: r.topic.id || "none", ...f, ...extra })}>${n}</a>` : "0");
  return html`<table class="small deflection"><thead><tr><th>${first}</th><th>answered</th><th>deflected</th><th>share</th>
      <th>referral</th><th>no information</th><th>no comment</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr>
      <td>${first === "topic" ? (r.topic.id ? html`<a href=${href(r.topic.id)}>${r.topic.label}</a>` : html`<em>${r.topic.label}</em>`)
                              : html`<a href=${href(r.spokesperson.id)}>${r.spokesperson.label}</a>`}</td>
      <td class="num">${link(r, r.asked, {})}</td><td class="num">${link(r, r.deflected, { response: "deflected" })}</td>
      <td class="num">${pct(r.deflected, r.asked)}</td>
      <td class="num">${link(r, r.Referral, { response: "Referral" })}</td>
      <td class="num">${link(r, r.NoInformation, { response: "NoInformation" })}</td>
      <td class="num">${link(r, r.NoComment, { response: "NoComment" })}</td></tr>`)}</tbody></table>`;
}
