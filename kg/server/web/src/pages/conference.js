// A conference as read: statements and exchanges turn by turn, mentions linked, response
// types and stances marked with their evidence; the other-language version beside it.
import { html } from "htm/preact";
import { useEffect } from "preact/hooks";
import { api, href, itemHref } from "../api.js";
import { CsvButton, ErrorBox, Highlighted, Loading, RESPONSE_LABEL, ResponseBadges, Section, StanceBadges, useData } from "../components.js";

function blocks(conf) {
  // statements stand alone; the turns of one exchange go together, in transcript order
  const out = [];
  const byExchange = new Map((conf.exchanges || []).map((e) => [e.position, e]));
  for (const t of conf.turns) {
    const last = out[out.length - 1];
    if (t.exchange && last && last.exchange && last.exchange.position === t.exchange) last.turns.push(t);
    else if (t.exchange) out.push({ exchange: byExchange.get(t.exchange) || { position: t.exchange, topics: [], corresponds_to: [] }, turns: [t] });
    else out.push({ statement: t, turns: [t] });
  }
  return out;
}

function Turn({ t }) {
  const who = t.role === "question" ? (t.label || "Q") : t.role === "answer" ? (t.speaker.label || t.label || "A")
    : t.role === "moderator" ? (t.label || "moderator") : (t.speaker.label ? `${t.speaker.label} (statement)` : "statement");
  return html`<div class=${"turn " + t.role} id=${"turn-" + t.id.split("/").slice(-4).join("-")}>
    <div class="who">${t.speaker && t.speaker.id ? html`<a href=${itemHref(t.speaker)}>${who}</a>` : who}
      <${ResponseBadges} responses=${(t.responses || []).filter((r) => r !== "Substantive")} details=${t.response_details} />
      <${StanceBadges} stances=${t.stances} /></div>
    <p><${Highlighted} text=${t.text} mentions=${t.mentions} stances=${t.stances} evidence=${t.response_evidence || []} markMentions=${false} /></p>
    ${t.stances && t.stances.length ? html`<ul class="evidence-notes">${t.stances.map((s) => html`<li class=${s.polarity}>
        ${s.polarity} toward <a href=${itemHref(s)}>${s.label}</a>${s.cue ? html` (cue “${s.cue}”)` : null}${s.confidence != null ? html` <span class="conf-val" title="dk:confidence">confidence ${s.confidence.toFixed(2)}</span>` : null}: <q>${s.evidence || t.text.slice(s.start, s.end)}</q></li>`)}</ul>` : null}
    ${(t.response_details || []).some((d) => d.evidence) ? html`<ul class="evidence-notes">${t.response_details.filter((d) => d.evidence).map((d) => html`<li class="resp">
        ${RESPONSE_LABEL[d.type] || d.type}${d.confidence != null ? html` <span class="conf-val" title="dk:confidence">confidence ${d.confidence.toFixed(2)}</span>` : null}: <q>${d.evidence}</q></li>`)}</ul>` : null}
  </div>`;
}

function Block({ b, anchor }) {
  if (b.statement) return html`<div class="block statement"><${Turn} t=${b.statement} /></div>`;
  const e = b.exchange;
  return html`<div class=${"block exchange" + (anchor === e.position ? " anchor" : "")} id=${"exchange-" + e.position}>
    <div class="ex-head"><b>Exchange ${e.position}</b>${e.follow_up ? " · follow-up" : ""}${e.after_conference ? " · raised after the conference" : ""}
      · asked by ${e.outlet && e.outlet.id ? html`<a href=${itemHref(e.outlet)}>${e.outlet.label}</a>` : html`<em>${(e.outlet && e.outlet.label) || "(not named)"}</em>`}
      ${e.topics.map((t) => html` <a class="topic" href=${itemHref(t)} title=${t.confidence != null ? `confidence ${t.confidence}` : ""}>${t.label}</a>`)}</div>
    ${b.turns.map((t) => html`<${Turn} t=${t} />`)}
  </div>`;
}

export function ConferencePage({ id, params }) {
  const st = useData(async () => {
    const conf = await api("conference", { id });
    const others = await Promise.all(conf.other_versions.map((o) => api("conference", { id: o }).catch(() => null)));
    return { conf, other: others.find(Boolean) || null };
  }, [id]);
  const anchor = params.at ? Number(params.at) : null;
  useEffect(() => {
    if (st.data && anchor) {
      const el = document.getElementById("exchange-" + anchor);
      if (el) el.scrollIntoView({ block: "start" });
    }
  }, [st.data, anchor]);
  if (st.error) return html`<${ErrorBox} error=${st.error} />`;
  if (st.loading) return html`<${Loading} what="the transcript" />`;
  const { conf, other } = st.data;
  const mine = blocks(conf);
  const csv = { name: conf.title || conf.id, rows: conf.turns, columns: [
    { key: "exchange" }, { key: "turn" }, { key: "role" }, { label: "speaker", value: (t) => t.speaker.label || t.label || "" },
    { label: "mentions", value: (t) => t.mentions.map((m) => m.label).join("; ") },
    { label: "stances", value: (t) => t.stances.map((s) => `${s.polarity} ${s.label}${s.confidence != null ? ` (${s.confidence})` : ""}`).join("; ") },
    { label: "response", value: (t) => (t.response_details || []).map((d) => `${d.type}${d.confidence != null ? ` (${d.confidence})` : ""}`).join("; ") },
    { key: "text" }] };
  const head = html`<div class="page-head">
    <h1 id="page-title">${conf.title || conf.id}</h1>
    <p class="what">${conf.date}${conf.date_inferred ? " (date inferred)" : ""}
      · ${conf.spokespersons.map((s) => html`<a href=${itemHref(s)}>${s.label}</a> `)}
      ${conf.government ? html`· ${conf.government.label}'s government ` : null}· language <code>${conf.language}</code>
      · ${conf.kind} · source ${conf.files.join(", ")}
      ${conf.url ? html` · <a href=${conf.url} target="_blank" rel="noopener">original page</a>` : null}</p>
    ${conf.same_conference.length ? html`<p class="hint">Also published as ${conf.same_conference.map((c) => html`<a href=${href(c)}>${c}</a> `)}</p>` : null}
    ${conf.other_versions.length ? html`<p class="hint">Other language: ${conf.other_versions.map((c) => html`<a href=${href(c)}>${c}</a> `)}</p>`
      : html`<p class="hint" id="no-other-version">No other-language version of this conference is in the store.</p>`}
  </div>`;
  if (!other) {
    return html`<div class="page conference">${head}
      <${Section} title="Transcript" csv=${csv} id="transcript">${mine.map((b) => html`<${Block} b=${b} anchor=${anchor} />`)}</${Section}></div>`;
  }
  // side by side: each exchange beside the one it corresponds to (dk:correspondsTo)
  const theirs = blocks(other.conf || other);
  const theirById = new Map(theirs.filter((b) => b.exchange).map((b) => [b.exchange.id, b]));
  const used = new Set();
  const rows = mine.map((b) => {
    const match = b.exchange ? b.exchange.corresponds_to.map((c) => theirById.get(c)).find(Boolean) : null;
    if (match) used.add(match);
    return [b, match];
  });
  const unmatched = theirs.filter((b) => !used.has(b));
  const oc = other.conf || other;
  const pairCsv = { name: `${conf.title || conf.id} side by side`, label: "CSV (both versions)",
    rows: rows.map(([a, b]) => [a, b]).concat(unmatched.map((b) => [null, b])), columns: [
      { label: `${conf.language} exchange`, value: ([a]) => (a && a.exchange ? a.exchange.position : "") },
      { label: `${conf.language} text`, value: ([a]) => (a ? a.turns.map((t) => t.text).join("\n") : "") },
      { label: `${oc.language} exchange`, value: ([, b]) => (b && b.exchange ? b.exchange.position : "") },
      { label: `${oc.language} text`, value: ([, b]) => (b ? b.turns.map((t) => t.text).join("\n") : "") }] };
  const paired = rows.filter(([a, b]) => a.exchange && b).length;
  return html`<div class="page conference">${head}
    <div class="card-head" id="side-by-side-head"><span class="hint" id="pairing-note">${paired} of ${mine.filter((b) => b.exchange).length} exchanges here are paired with their ${oc.language} version (dk:correspondsTo); ${unmatched.filter((b) => b.exchange).length} of the ${oc.language} version's have no partner.</span>
      <span><${CsvButton} ...${csv} label="CSV (this version)" /> <${CsvButton} ...${pairCsv} /></span></div>
    <table class="side-by-side" id="side-by-side"><thead><tr><th>${conf.language}</th><th>${(other.conf || other).language}</th></tr></thead>
      <tbody>${rows.map(([a, b]) => html`<tr><td><${Block} b=${a} anchor=${anchor} /></td><td>${b ? html`<${Block} b=${b} />` : null}</td></tr>`)}
        ${unmatched.map((b) => html`<tr><td></td><td><${Block} b=${b} /></td></tr>`)}</tbody></table></div>`;
}
