// The diplokg explorer: pages with stable URLs (hash routes), over kg serve's JSON API.
// Everything is bundled by Vite (scripts/bundle_web.sh); nothing is fetched from elsewhere.
import { html } from "htm/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { parseHash } from "./api.js";
import { SearchBox } from "./components.js";
import { EntityPage } from "./pages/entity.js";
import { ConferencePage } from "./pages/conference.js";
import { OutletPage, SpokespersonPage, TopicPage } from "./pages/groups.js";
import { ComparePage, DeflectionPage, EvidencePage, HomePage } from "./pages/overview.js";
import { NetworkPage } from "./pages/network.js";
import { SparqlPage } from "./pages/sparql.js";
import "./style.css";

window.diplokg = { charts: {}, sigma: null, graph: null, lastCsv: null, page: null };

const ENTITY_KINDS = new Set(["country", "organization", "person", "initiative", "place"]);

function route({ path, params }) {
  const [head, ...rest] = path;
  const id = path.join("/");
  if (!head) return ["home", html`<${HomePage} />`];
  if (head === "sparql") return ["sparql", html`<${SparqlPage} params=${params} />`];
  if (head === "network") return ["network", html`<${NetworkPage} params=${params} />`];
  if (head === "deflection") return ["deflection", html`<${DeflectionPage} params=${params} />`];
  if (head === "compare") return ["compare", html`<${ComparePage} params=${params} />`];
  if (head === "evidence") return ["evidence", html`<${EvidencePage} params=${params} endpoint="utterances" />`];
  if (head === "exchanges") return ["exchanges", html`<${EvidencePage} params=${params} endpoint="exchanges" />`];
  if (head === "conference") return ["conference", html`<${ConferencePage} id=${id} params=${params} key=${id} />`];
  if (head === "topic") return ["topic", html`<${TopicPage} id=${id} params=${params} key=${id} />`];
  if (head === "outlet") return ["outlet", html`<${OutletPage} id=${id} params=${params} key=${id} />`];
  if (head === "person" && rest.length && params.as !== "entity") {
    // a spokesperson is a person too: the page decides which it is
    return ["person", html`<${SpokespersonPage} id=${id} params=${params} key=${id} />`];
  }
  if (ENTITY_KINDS.has(head)) return ["entity", html`<${EntityPage} id=${id} params=${params} key=${id} />`];
  return ["missing", html`<p class="error">No page at #/${id}. <a href="#/">Start here</a>.</p>`];
}

const TABS = [["", "Explore"], ["deflection", "Deflection"], ["compare", "Compare"], ["network", "Networks"],
              ["sparql", "SPARQL"]];

function App() {
  const [loc, setLoc] = useState(parseHash());
  useEffect(() => {
    const on = () => { setLoc(parseHash()); window.scrollTo(0, 0); };
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  const [name, page] = route(loc);
  window.diplokg.page = name;
  const here = loc.path[0] || "";
  return html`<div class="app">
    <header>
      <a class="brand" href="#/">diplokg</a>
      <nav>${TABS.map(([p, label]) => html`<a href=${"#/" + p} class=${(here === p || (!p && !TABS.some(([t]) => t && t === here))) ? "on" : ""}>${label}</a>`)}</nav>
      <${SearchBox} id="top-search" />
    </header>
    <main data-page=${name}>${page}</main>
    <footer class="hint">Every number links to the utterances behind it. Data: the store served by kg serve;
      SPARQL endpoint at <code>/sparql</code>.</footer>
  </div>`;
}

const root = document.getElementById("app");
root.textContent = "";
render(html`<${App} />`, root);
document.body.dataset.ready = "true";
