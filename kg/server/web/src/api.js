// Talking to kg serve (/api/explorer/..., /api/views, /sparql), routes, CSV downloads.

export class ApiError extends Error {
  constructor(status, message, closest) {
    super(message);
    this.status = status;
    this.closest = closest || [];
  }
}

export async function api(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const url = `/api/explorer/${path}${qs.toString() ? "?" + qs : ""}`;
  const resp = await fetch(url);
  const text = await resp.text();
  let data;
  try { data = JSON.parse(text); } catch { data = { error: text }; }
  if (!resp.ok) throw new ApiError(resp.status, data.error || text, data.closest);
  return data;
}

export async function fetchJson(url) {
  const resp = await fetch(url);
  const text = await resp.text();
  if (!resp.ok) {
    let data = {};
    try { data = JSON.parse(text); } catch { data = { error: text.trim() }; }
    throw new ApiError(resp.status, data.error || text.trim(), data.closest);
  }
  return JSON.parse(text);
}

// ---- routes: "#/country/AU?from=2020-01-01" -> { path: ["country", "AU"], params: {...} }
export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#\/?/, "");
  const [p, q] = raw.split("?");
  const path = p ? p.split("/").map(decodeURIComponent) : [];
  return { path, params: Object.fromEntries(new URLSearchParams(q || "")) };
}

export function href(path, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const p = Array.isArray(path) ? path.join("/") : path;
  return `#/${p}${qs.toString() ? "?" + qs : ""}`;
}

export function go(path, params) {
  location.hash = href(path, params);
}

// the page of a thing, by its explorer id ("country/AU", "topic/taiwan", "outlet/reuters")
export function itemHref(item, params = {}) {
  if (!item || !item.id) return null;
  return href(item.id, params);
}

// ---- CSV of what a page shows
export function toCsv(columns, rows) {
  const cell = (v) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  const lines = [columns.map((c) => cell(c.label || c.key)).join(",")];
  for (const r of rows) lines.push(columns.map((c) => cell(typeof c.value === "function" ? c.value(r) : r[c.key])).join(","));
  return lines.join("\r\n") + "\r\n";
}

export function downloadCsv(name, columns, rows) {
  const blob = new Blob([toCsv(columns, rows)], { type: "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name.replace(/[^A-Za-z0-9._-]+/g, "_") + ".csv";
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  window.diplokg.lastCsv = { name: a.download, text: toCsv(columns, rows) };   // for tests
}

// ---- months
export function monthRange(months) {
  const sorted = [...new Set(months)].filter(Boolean).sort();
  if (!sorted.length) return [];
  const out = [];
  let [y, m] = sorted[0].split("-").map(Number);
  const [ly, lm] = sorted[sorted.length - 1].split("-").map(Number);
  // a gap of years (e.g. 2020 and the 2024 sample file) is shown as a break, not 40 empty months
  const present = new Set(sorted);
  while (y < ly || (y === ly && m <= lm)) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    out.push(key);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
    if (out.length > 1 && !present.has(key)) {
      // skip ahead over a run of more than 12 empty months
      let k = 0, yy = y, mm = m;
      while (k < 13 && !present.has(`${yy}-${String(mm).padStart(2, "0")}`) && (yy < ly || (yy === ly && mm <= lm))) {
        k += 1; mm += 1; if (mm > 12) { mm = 1; yy += 1; }
      }
      if (k >= 13) {
        while (!present.has(`${y}-${String(m).padStart(2, "0")}`)) { m += 1; if (m > 12) { m = 1; y += 1; } }
        out.push("…");
      }
    }
  }
  return out;
}

export const fmt = (n) => (n === null || n === undefined ? "" : Number(n).toLocaleString("en"));
export const pct = (a, b) => (b ? `${Math.round((1000 * a) / b) / 10}%` : "–");
