"""Time the explorer's network page on a store, in headless Chromium (Debian's chromium, Playwright).

    python scripts/time_network_page.py STORE [ROUTE ...]

Starts ``kg serve`` on 127.0.0.1, asks it for two pages so it has read its index, opens the home
page once (a browser already running), then opens each route (default: the five views at the
page's default filters, and the comention view at 200 nodes) in a new tab twice, and prints per
route: seconds from navigation to the drawn network, first and again, the layout's milliseconds,
the view request's start and duration (ms after navigation), and the page's own marks
(``window.diplokg.marks``: when the data arrived, the graph was built, laid out, handed to Sigma
and drawn). Screenshots of the first route go to /tmp/net-<view>.png.
"""
import json
import shutil
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from conftest import start_kg_serve, stop  # noqa: E402  (the tests' way of starting kg serve)

store = Path(sys.argv[1])
routes = sys.argv[2:] or ["network?view=comention&min_weight=3&max_nodes=200", "network?view=comention",
                          "network?view=outlet-topic", "network?view=stance", "network?view=references",
                          "network?view=entity-month"]
proc, base = start_kg_serve(store)
try:
    t = time.perf_counter()
    for warm in ("series?id=topic/tibet", "view/stance?min_weight=9"):
        urllib.request.urlopen(f"{base}/api/explorer/{warm}", timeout=600).read()
    print("warm-up", round(time.perf_counter() - t, 2))
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=shutil.which("chromium"), args=["--headless", "--no-sandbox", "--disable-gpu"])
        pg0 = b.new_page(); pg0.goto(f"{base}/#/"); pg0.wait_for_selector("#questions"); pg0.close()
        for r in routes:
            res = {}
            pg = b.new_page(viewport={"width": 1400, "height": 1000})     # a new tab: first, then again
            for k in ("first", "again"):
                pg.goto("about:blank")
                t = time.perf_counter()
                pg.goto(f"{base}/#/{r}")
                pg.wait_for_selector("#net-status:has-text('nodes')", timeout=120000)
                res[k] = round(time.perf_counter() - t, 3)
                res[k + "_layout_ms"] = pg.evaluate("window.diplokg.layoutMs")
                res[k + "_status"] = pg.locator("#net-status").text_content().split("·")[-1].strip()
                res[k + "_api"] = pg.evaluate("""performance.getEntriesByType('resource').filter(e => e.name.includes('/api/'))
                    .map(e => e.name.split('/api/explorer/')[1].slice(0, 30) + ' ' + Math.round(e.startTime) + '+' + Math.round(e.duration))""")
                res[k + "_marks"] = pg.evaluate("JSON.stringify(window.diplokg.marks || {})")
                res[k + "_dcl"] = pg.evaluate("Math.round(performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd || 0)")
            if len(sys.argv) > 2 or r == routes[0]:
                pg.screenshot(path=f"/tmp/net-{r.split('view=')[1].split('&')[0]}.png")
            pg.close()
            print(r, json.dumps(res))
finally:
    stop(proc)
