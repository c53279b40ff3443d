"""Issue 5: the extension in real headless Chromium against a real server.

- click → reply filled: the popup's Fill reply message (`fillReply`) timed inside an extension
  page with performance.now(), from sending to the answer "filled and read back", for every
  editor test page (tests/extension/web_pages/editors/); goal p50 ≤ 300 ms.
- evidence capture of a 1 MB page: `saveEvidence` timed inside the worker (scrape the
  conversation, log it, HTML + visible text + full-page screenshot, upload, fsync on the
  server); goal ≤ 1.5 s. The page is 1 MB of HTML like a real seller-centre page: most bytes
  are the page's inline state and markup, 4 screens (1280×800) are visible. A second, info-only row
  captures a page whose 1 MB is all visible conversation (many screens tall).
"""
from __future__ import annotations

import html
import json
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .common import ROOT, Goal, Row, log, scratch, summary

NAME = "extension"
DESCRIPTION = "click → reply filled per editor kind, evidence capture of a 1 MB page (real Chromium)"

WEB_PAGES = ROOT / "tests" / "extension" / "web_pages"
REPLY = ("Olá Ana, obrigado pela mensagem e desculpe o transtorno.\n\n"
         "Estamos verificando com a transportadora. 我们正在核实。\n\nAtenciosamente, Loja Lua")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002
        pass


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def message_block(n: int) -> str:
    who = "Buyer" if n % 2 == 0 else "Seller"
    text = (f"Message {n}: o pacote ainda não chegou, o rastreamento parou há dez dias. "
            "Pode verificar com a transportadora, por favor?") if who == "Buyer" else \
        f"Message {n}: we are checking with the carrier and will update you within 24 hours."
    return (f'<div class="msg {who.lower()}"><b>{who}</b> <time>2026-11-{1 + n % 20:02d} 10:{n % 60:02d}</time>'
            f"<p>{html.escape(text)}</p></div>\n")


def big_page(path: Path, *, visible_messages: int, size: int = 1024 * 1024) -> int:
    """A seller-centre-like dispute page of `size` bytes; returns its visible message count."""
    head = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Dispute 5550001</title>"
            "<style>body{font:14px sans-serif;margin:0}.msg{margin:6px 12px}.buyer{color:#123}"
            "header{position:sticky;top:0;background:#eee;padding:8px}</style></head><body>"
            "<header>Seller Center — Dispute details</header><main><dl><dt>Order No.</dt><dd>5550001</dd>"
            "<dt>Dispute reason</dt><dd>Item not received</dd></dl>"
            "<p>Respond within 4 days 23:12:05</p><section role='log' aria-label='Conversation'>\n")
    body = "".join(message_block(n) for n in range(visible_messages))
    tail_open = "</section><textarea aria-label='Reply to buyer'></textarea></main>"
    # The rest is what real pages carry: the app's inline state (not run: application/json).
    close = "</body></html>"
    filler_size = size - len((head + body + tail_open + close).encode())
    state = {"orders": [], "i18n": {}}
    filler = ""
    if filler_size > 200:
        unit = json.dumps({"sku": "SKU-000000", "title": "Cotton hoodie oversized unisex", "price": "23.50",
                           "variants": ["Red / XL", "Blue / L", "Black / M"]})
        count = max(0, (filler_size - 80) // (len(unit) + 1))
        state["orders"] = [json.loads(unit)] * count
        filler = f'<script type="application/json" id="app-state">{json.dumps(state)}</script>'
        filler += " " * max(0, filler_size - len(filler.encode()))
    path.write_text(head + body + tail_open + filler + close, "utf-8")
    return visible_messages


def run(quick: bool) -> list[Row]:
    from playwright.sync_api import sync_playwright

    from tests.conftest import LiveServer
    from tests.extension.conftest import launch_extension_browser

    fills = 5 if quick else 20
    captures = 3 if quick else 6
    rows: list[Row] = []
    with scratch("extension") as tmp, sync_playwright() as playwright:
        pages_dir = tmp / "pages"
        pages_dir.mkdir()
        big_page(pages_dir / "big.html", visible_messages=40)
        tall_count = big_page(pages_dir / "tall.html", visible_messages=5000)
        server = LiveServer(tmp / "data").start()
        web, web_url = serve(WEB_PAGES)
        big, big_url = serve(pages_dir)
        browser = launch_extension_browser(playwright, tmp / "profile")
        try:
            sw = browser.service_worker
            paired = sw.evaluate("([serverUrl, code]) => disputeClerkWorker.pair({serverUrl, code})",
                                 [server.url, server.pairing_code])
            assert paired["ok"], paired
            sender = browser.open("options/options.html")  # any page of ours may send the messages

            def tab_of(page) -> int:
                return sw.evaluate("url => chrome.tabs.query({}).then(t => t.find(x => x.url === url).id)", page.url)

            # ---------------------------------------------------------------- click → filled
            per_editor, all_samples = {}, []
            for page_file in sorted((WEB_PAGES / "editors").glob("*.html")):
                page = browser.context.new_page()
                page.goto(f"{web_url}/editors/{page_file.name}")
                page.wait_for_load_state("load")
                tab = tab_of(page)
                samples, strategy = [], None
                for n in range(fills + 1):
                    result = sender.evaluate("""async ([tabId, text]) => {
                        const t0 = performance.now();
                        const answer = await chrome.runtime.sendMessage({type: "fillReply", tabId, text});
                        return {ms: performance.now() - t0, answer};
                    }""", [tab, f"{REPLY}\n#{n}"])
                    outcome = result["answer"].get("result", {})
                    if not outcome.get("filled"):
                        log(f"{page_file.stem}: not filled: {result['answer']}")
                        break
                    strategy = outcome.get("strategy")
                    if n:  # the first fill injects the content scripts: reported apart
                        samples.append(result["ms"] / 1000)
                page.close()
                if samples:
                    per_editor[page_file.stem] = {"strategy": strategy, **summary(samples)}
                    all_samples += samples
            if all_samples:
                stats = summary(all_samples)
                slowest = max(per_editor, key=lambda k: per_editor[k]["p50_ms"])
                rows.append(Row(
                    "click → reply filled (fillReply, all editor pages)", stats["p50_ms"], "ms",
                    goal=Goal(300, on="value"),
                    note=f"p95 {stats['p95_ms']:.1f} ms over {len(per_editor)} editors; slowest p50 "
                         f"{slowest} {per_editor[slowest]['p50_ms']:.1f} ms",
                    details={"per_editor": {k: {key: v[key] for key in ("strategy", "p50_ms", "p95_ms")}
                                            for k, v in per_editor.items()}}))

            # ---------------------------------------------------------------- capture
            for label, file, goal in (("evidence capture, 1 MB page (4 screens at 1280×800)", "big.html", Goal(1500, on="value")),
                                      (f"evidence capture, 1 MB of visible chat ({tall_count} messages)", "tall.html",
                                       None)):
                page = browser.context.new_page()
                page.set_viewport_size({"width": 1280, "height": 800})
                page.goto(f"{big_url}/{file}")
                page.wait_for_load_state("load")
                page.bring_to_front()
                tab = tab_of(page)
                case = server.call("POST", "/api/v1/assist", json={
                    "platform": "aliexpress", "page_type": "dispute", "order": {"id": f"bench-{file}"}}).json()
                samples, info = [], {}
                for n in range(captures):
                    # Chromium grants two screenshots per one-second window: saves back to back would
                    # measure the previous save's quota, not a seller's click. Not timed.
                    time.sleep(1.1)
                    # Something new on the page each time, so every save stores a snapshot.
                    page.evaluate("n => document.querySelector('main').insertAdjacentText('afterbegin', `seen ${n} `)", n)
                    result = sw.evaluate("""async ([tabId, caseId]) => {
                        const t0 = performance.now();
                        const answer = await disputeClerkWorker.saveEvidence({tabId, caseId});
                        return {ms: performance.now() - t0, answer};
                    }""", [tab, case["case_id"]])
                    saved = result["answer"].get("saved")
                    if not saved or saved.get("duplicate"):
                        log(f"{file}: not saved: {result['answer']}")
                        break
                    info = saved.get("screenshot") or {}
                    samples.append(result["ms"] / 1000)
                page.close()
                if samples:
                    stats = summary(samples)
                    rows.append(Row(label, stats["p50_ms"], "ms", goal=goal,
                                    note=f"max {stats['max_ms']:.0f} ms; screenshot {info.get('screens')} screens"
                                         f"{' (truncated)' if info.get('truncated') else ''}, n={stats['n']}",
                                    details={"screenshot": info, **stats}))
        finally:
            browser.context.close()
            server.stop()
            for http in (web, big):
                http.shutdown()
                http.server_close()
    return rows
