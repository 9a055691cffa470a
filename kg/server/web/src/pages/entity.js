// An entity (country, organisation, person, initiative, place): what it is, mentions per
// month, stance toward it, who asks about it, what it is mentioned with, and the evidence.
import { html } from "htm/preact";
import { useState } from "preact/hooks";
import { api, fmt, go, href, monthRange, pct } from "../api.js";
import {
  DateFilter, ErrorBox, Evidence, KIND_LABEL, Loading, MonthChart, Ranked, Section, useData,
} from "../components.js";

const QUESTIONS = "questions (journalists)";

export function Header({ item, extra }) {
  return html`<div class="page-head">
    <h1 id="page-title">${item.label}</h1>
    <p class="what"><span class="kind">${KIND_LABEL[item.kind] || item.kind}</span>
      ${item.iso ? html` · ISO 3166 <code>${item.iso}</code>` : null}
      ${item.qid ? html` · Wikidata <a id="wikidata" href=${"https://www.wikidata.org/wiki/" + item.qid} target="_blank" rel="noopener">${item.qid}</a>` : null}
      · id <code>${item.id}</code></p>
    ${item.names && item.names.length ? html`<p class="hint">Also written: ${item.names.slice(0, 24).join(" · ")}${item.names.length > 24 ? " …" : ""}</p>` : null}
    ${extra}
  </div>`;
}

export function filtersOf(params) {
  const f = { from: params.from, to: params.to };
  if (params.min_confidence) f.min_confidence = params.min_confidence;
  return f;
}

const CONFIDENCE_STEPS = ["", "0.5", "0.6", "0.65", "0.7", "0.8", "0.9"];

// stances at least this sure (dk:confidence), kept in the URL; what is left out is counted
export function ConfidencePick({ params, path, info }) {
  const cur = params.min_confidence || "";
  return html`<div class="toggle confidence" id="confidence-pick">stances at least this sure:
    <select id="min-confidence" value=${cur} onChange=${(e) => go(path, { ...params, min_confidence: e.target.value })}>
      ${CONFIDENCE_STEPS.map((v) => html`<option value=${v} selected=${v === cur}>${v ? "≥ " + v : "any confidence"}</option>`)}</select>
    ${info ? html`<span class="hint" id="confidence-note">${info.with_confidence} of ${info.stances} stances carry a confidence${info.min != null ? ` (${info.min.toFixed(2)}–${info.max.toFixed(2)})` : ""}${cur ? `; ${info.left_out} left out below ${cur}` : ""}.</span>` : null}</div>`;
}

export function EntityPage({ id, params }) {
  const [split, setSplit] = useState("spokesperson");
  const f = filtersOf(params);
  const st = useData(() => api("entity", { id, ...f }), [id, f.from, f.to, f.min_confidence]);
  if (st.error) return html`<${ErrorBox} error=${st.error} />`;
  if (st.loading) return html`<${Loading} what="the entity" />`;
  const d = st.data;
  const item = d.item;
  // mentions per month, by who spoke (spokesperson or government), questions apart
  const seriesKey = (r) => (r.role === "question" ? QUESTIONS
    : split === "government" ? (r.government.label || "(unknown)") + " government" : (r.speaker.label || "(unnamed)"));
  const groups = {};
  for (const r of d.mentions) {
    const k = seriesKey(r);
    const g = groups[k] || (groups[k] = { label: k, key: k, values: {}, total: 0,
      query: r.role === "question" ? { role: "question" } : split === "government" ? { role: "said", government: r.government.id } : { role: "said", spokesperson: r.speaker.id } });
    g.values[r.month] = (g.values[r.month] || 0) + r.n;
    g.total += r.n;
  }
  const series = Object.values(groups).sort((a, b) => (a.label === QUESTIONS) - (b.label === QUESTIONS) || b.total - a.total);
  const months = monthRange(d.mentions.map((r) => r.month).concat(d.stances.map((r) => r.month)));
  const pos = { label: "positive", key: "positive", color: "#2ca02c", values: {} };
  const neg = { label: "negative", key: "negative", color: "#d62728", values: {}, sign: -1 };
  const byYear = {};
  for (const r of d.stances) {
    const s = r.polarity === "positive" ? pos : neg;
    s.values[r.month] = (s.values[r.month] || 0) + r.n;
    const y = byYear[r.month.slice(0, 4)] || (byYear[r.month.slice(0, 4)] = { year: r.month.slice(0, 4), positive: 0, negative: 0 });
    y[r.polarity] += r.n;
  }
  const totalMentions = d.mentions.reduce((a, r) => a + r.n, 0);
  const said = d.mentions.filter((r) => r.role !== "question").reduce((a, r) => a + r.n, 0);
  const askTotal = d.askers.reduce((a, r) => a + r.n, 0);
  const unnamed = d.askers.find((r) => !r.id);
  const ev = (extra) => href("evidence", { entity: id, ...f, ...extra });
  const years = Object.values(byYear).sort((a, b) => a.year.localeCompare(b.year));
  return html`<div class="page entity">
    <${Header} item=${item} />
    <${DateFilter} params=${params} path=${id} />
    <p class="summary" id="entity-summary">
      <a href=${ev({})}>${fmt(totalMentions)} utterances</a> mention ${item.label}${f.from || f.to ? ` between ${f.from || "the start"} and ${f.to || "the end"}` : ""}:${" "}
      <a href=${ev({ role: "said" })} id="said-link">${fmt(said)} by the spokespersons</a> (answers and statements),${" "}
      <a href=${ev({ role: "question" })}>${fmt(totalMentions - said)} in journalists' questions</a>.
${" "}Stances toward it: <a class="pos" href=${ev({ stance: 1, polarity: "positive" })}>${fmt(Object.values(pos.values).reduce((a, b) => a + b, 0))} positive</a>,${" "}
      <a class="neg" href=${ev({ stance: 1, polarity: "negative" })}>${fmt(Object.values(neg.values).reduce((a, b) => a + b, 0))} negative</a>.</p>
    <div class="grid">
      <${Section} title="Mentions per month" id="mentions-card"
        note="Utterances that mention it, by who spoke. Click a bar for those utterances."
        csv=${{ name: `${item.label} mentions per month`, columns: [{ key: "month" }, ...series.map((s) => ({ label: s.label, value: (m) => s.values[m] || 0 }))], rows: months.filter((m) => m !== "…").map((m) => m) }}>
        <div class="toggle">split by
          <label><input type="radio" name="split" checked=${split === "spokesperson"} onChange=${() => setSplit("spokesperson")} /> spokesperson</label>
          <label><input type="radio" name="split" checked=${split === "government"} onChange=${() => setSplit("government")} /> government</label></div>
        <${MonthChart} id="mentions-chart" series=${series} months=${months}
          onPick=${(month, key) => go("evidence", { entity: id, ...f, month, ...groups[key].query })} />
      </${Section}>
      <${Section} title="Stance toward it over time" id="stance-card"
        note="Positive (support, welcome, congratulate…) above the line, negative (oppose, urge, condemn…) below. Click a bar for the sentences."
        csv=${{ name: `${item.label} stance per month`, columns: [{ key: "month" }, { label: "positive", value: (m) => pos.values[m] || 0 }, { label: "negative", value: (m) => neg.values[m] || 0 }], rows: months.filter((m) => m !== "…") }}>
        <${ConfidencePick} params=${params} path=${id} info=${d.stance_confidence} />
        <${MonthChart} id="stance-chart" series=${[pos, neg]} months=${months} signed=${true}
          onPick=${(month, key) => go("evidence", { entity: id, ...f, month, stance: 1, polarity: key })} />
        <table class="small" id="stance-years"><thead><tr><th>year</th><th>positive</th><th>negative</th><th>share negative</th></tr></thead>
          <tbody>${years.map((y) => html`<tr><td>${y.year}</td>
            <td class="num"><a class="pos" href=${ev({ stance: 1, polarity: "positive", from: `${y.year}-01-01`, to: `${y.year}-12-31` })}>${y.positive}</a></td>
            <td class="num"><a class="neg" href=${ev({ stance: 1, polarity: "negative", from: `${y.year}-01-01`, to: `${y.year}-12-31` })}>${y.negative}</a></td>
            <td class="num">${pct(y.negative, y.positive + y.negative)}</td></tr>`)}</tbody></table>
      </${Section}>
      <${Section} title="Who asks about it" id="askers-card"
        note=${html`Exchanges whose question names it, by outlet. <b>${unnamed ? `${fmt(unnamed.n)} of ${fmt(askTotal)} (${pct(unnamed.n, askTotal)})` : "None"}</b> name no outlet: the China MFA transcripts name outlets only from 24 March 2020.`}
        csv=${{ name: `${item.label} askers`, columns: [{ key: "label", label: "outlet" }, { key: "n", label: "exchanges" }], rows: d.askers }}>
        <${Ranked} id="askers" rows=${d.askers} total=${askTotal}
          countHref=${(r) => href("exchanges", { entity: id, asked: 1, outlet: r.id || "none", ...f })} />
      </${Section}>
      <${Section} title="Mentioned with" id="comention-card" note="Entities named in the same exchanges."
        csv=${{ name: `${item.label} mentioned with`, columns: [{ key: "label", label: "entity" }, { key: "kind" }, { key: "n", label: "exchanges" }], rows: d.comention }}>
        <${Ranked} id="comention" rows=${d.comention}
          countHref=${(r) => href("exchanges", { entity: id, with: r.id, ...f })} />
      </${Section}>
      <${Section} title="Topics of the exchanges that mention it" id="topics-card"
        csv=${{ name: `${item.label} topics`, columns: [{ key: "label", label: "topic" }, { key: "n", label: "exchanges" }], rows: d.topics }}>
        <${Ranked} id="entity-topics" rows=${d.topics} max=${10}
          countHref=${(r) => href("exchanges", { entity: id, topic: r.id || "none", ...f })} />
      </${Section}>
    </div>
    <${Evidence} title=${`What was said about ${item.label}`} query=${{ entity: id, ...f, role: params.role }} focus=${id} />
  </div>`;
}
