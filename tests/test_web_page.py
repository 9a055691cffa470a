"""The web page of kg serve in headless Chromium (Debian's chromium, driven by Playwright).

It loads, lists the saved queries, runs one and shows its rows, reports a malformed
query, and draws a view as a graph. Facts from kg/data/sample/2024-02-23_mao-ning.txt
(read by hand): Mao Ning's deflections there are 2 referrals and 2 "no information".
"""

from __future__ import annotations

import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page(kg_server):
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        pg.on("requestfailed", lambda req: errors.append("failed " + req.url))
        pg.goto(kg_server + "/")
        pg.wait_for_selector("body[data-ready=true]", timeout=30_000)
        pg.errors = errors
        yield pg
        browser.close()


def test_page_loads_with_the_saved_queries_and_views(page):
    options = page.locator("#saved option").all_text_contents()
    assert "Deflection by spokesperson" in " | ".join(options) or len(options) >= 10
    assert len(options) >= 12  # "(your own query)" and the 11 saved queries
    assert page.locator("#view option").all_text_contents()[:2] == ["comention", "outlet-topic"]
    assert page.locator("#endpoint").text_content().endswith("/sparql")
    assert page.errors == []


def test_running_a_saved_query_shows_its_rows(page):
    page.select_option("#saved", "deflection-by-spokesperson")
    assert "Parameters" in page.locator("#saved-info").text_content()
    page.click("#run")
    page.wait_for_selector("#results-table tbody tr", timeout=30_000)
    headers = page.locator("#results-table th").all_text_contents()
    rows = [[c.strip() for c in r.split("\t")] for r in page.locator("#results-table tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.cells].map(c => c.textContent).join('\\t'))")]
    table = [dict(zip(headers, r)) for r in rows]
    mao = [r for r in table if r.get("spokesperson") == "Mao Ning"]
    assert len(mao) == 1
    assert mao[0]["referral"] == "2" and mao[0]["no_information"] == "2"
    assert "row" in page.locator("#status").text_content()


def test_a_parameter_box_sets_the_saved_query_parameter(page):
    page.select_option("#saved", "outlet-topic-exchanges")
    page.fill("#param-outlet", "Bloomberg News")
    page.fill("#param-topic", "Xinjiang")
    page.click("#run")
    page.wait_for_function("document.querySelector('#status').textContent.includes('row')")
    text = page.locator("#results").text_content()
    assert "2024-02-23" in text and "2024-02-23_mao-ning.txt" in text


def test_a_malformed_query_shows_the_parser_message(page):
    page.select_option("#saved", "")
    page.fill("#editor", "SELECT ?x WHERE { ?x ?y }")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "HTTP 400" in page.locator("#error").text_content()
    assert "malformed query" in page.locator("#error").text_content()


def test_drawing_a_view_puts_nodes_on_the_canvas(page):
    page.select_option("#view", "outlet-topic")
    page.fill("#g-min", "1")
    page.click("#draw")
    page.wait_for_function("window.diplokg.cy && window.diplokg.cy.nodes().length > 0", timeout=60_000)
    nodes = page.evaluate("window.diplokg.cy.nodes().map(n => n.data('label'))")
    edges = page.evaluate("window.diplokg.cy.edges().length")
    assert "Bloomberg News" in nodes and "Xinjiang" in nodes and edges > 0
    # the layout placed nodes inside the visible canvas, and the canvas has drawn pixels
    box = page.evaluate("(() => { const b = window.diplokg.cy.elements().renderedBoundingBox();"
                        " return [b.w, b.h]; })()")
    assert box[0] > 100 and box[1] > 100
    painted = page.evaluate("""(() => {
        const cs = [...document.querySelectorAll('#graph canvas')];
        let n = 0;
        for (const c of cs) {
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          for (let i = 3; i < d.length; i += 4 * 97) if (d[i] > 0) n++;
        }
        return n; })()""")
    assert painted > 50
    assert "nodes" in page.locator("#graph-status").text_content()
    assert page.errors == []


def test_a_node_leads_to_what_was_said_about_it(page):
    page.select_option("#view", "comention")
    page.click("#draw")
    page.wait_for_function("window.diplokg.cy && window.diplokg.cy.nodes().some(n => n.data('label') === 'Japan')",
                           timeout=60_000)
    page.evaluate("window.diplokg.cy.nodes().filter(n => n.data('label') === 'Japan').emit('tap')")
    assert "Japan (country)" in page.locator("#node-info").text_content()
    page.click("#said-about-node")
    page.wait_for_function("document.querySelector('#status').textContent.includes('row')")
    # 2024-02-23: Kyodo News asks about Japan's "treated water" (#5, #6; read by hand)
    text = page.locator("#results").text_content()
    assert page.locator("#param-name").input_value() == "Japan"
    assert "Kyodo News" in text and "2024-02-23_mao-ning.txt" in text
    assert page.errors == []


def test_bundled_library_is_the_version_pinned_in_the_lockfile():
    import json
    from pathlib import Path

    web = Path(__file__).resolve().parent.parent / "kg" / "server" / "web"
    lock = json.loads((web / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/cytoscape"]["version"]
    assert json.loads((web / "package.json").read_text())["dependencies"]["cytoscape"] == pinned
    bundled = (web / "static" / "vendor" / "cytoscape.min.js").read_text(encoding="utf-8")
    assert f'"{pinned}"' in bundled and "Cytoscape Consortium" in bundled[:300]
    assert (web / "static" / "vendor" / "VERSIONS").read_text().split() == ["cytoscape", pinned]
    # the page loads nothing from outside the server
    html = (web / "index.html").read_text()
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html.replace(
        "https://w3id.org", "")
