"""Issue 7: the case board with 1,000 cases in real headless Chromium against a real server.

- navigation → every row painted: a fresh board tab (extension/cases/cases.html) is opened and
  timed inside the page from its navigation start (performance.timeOrigin) to the mark
  "board-painted" that cases.js sets one frame after the 1,000 rows went into the table. The span
  holds the page's module loads, the worker's round trip to GET /api/v1/cases?limit=10000 (the
  server reading its index and sorting), building the rows and the first paint with them. Goal
  (issue 7): under a second. The reference is the same board with 10 cases (same page, worker
  and server: what 990 more rows cost). The first opening (the service worker starting) is
  reported apart.
- a search keystroke: one character typed into the search box (an `input` event, as typing
  fires), timed from the event to the frame after the 1,000 rows were filtered and laid out.

The 1,000 cases are seeded through the server's own Store in the scratch folder before the server
starts (fsync off for the fixture: the same bytes): 15 platforms, every status, deadlines overdue,
within 24 hours, later and none, buyer names in several scripts, some with templates used.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from disputeclerk.storage import Store

from .common import Goal, Row, fsync_disabled, log, scratch, summary

NAME = "board"
DESCRIPTION = "case board with 1,000 cases: navigation → every row painted, a search keystroke (real Chromium)"

CASES = 1_000
PLATFORMS = ("aliexpress", "amazon", "ebay", "wish", "tmall", "taobao", "shopee", "lazada", "tiktok_shop", "etsy",
             "shopify", "paypal", "walmart", "mercadolibre", "temu")
DISPUTE_TYPES = ("not_received", "delivery_delay", "not_as_described", "damaged_or_defective", "wrong_item",
                 "return_no_reason", "cancel_request", "customs_duties", "chargeback", "negative_feedback", "other")
BUYERS = ("Ana Souza", "John Miller", "María García", "Иван Петров", "王芳", "佐藤 花子", "Mehmet Yılmaz",
          "Priya Sharma", "Nguyễn Văn An", "Fatima Zahra", "Lukas Schmidt", "Chloé Martin")
TEMPLATES = ("not_received.first_response", "not_received.offer_reship", "quality.request_evidence",
             "quality.offer_partial_refund", "wrong_item.first_response")
TYPED = "ana s"  # then erased again: ten keystrokes, each re-filtering all 1,000 rows


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def seed(data_dir, count: int = CASES) -> dict[str, int]:
    """`count` varied cases through the real Store; returns how many of each kind."""
    rng = random.Random(7)
    now = datetime.now(timezone.utc)
    kinds = {"overdue": 0, "within_24h": 0, "later": 0, "no_deadline": 0}
    store = Store(data_dir)
    try:
        with fsync_disabled():
            for n in range(count):
                platform = PLATFORMS[n % len(PLATFORMS)]
                roll = rng.random()
                if roll < 0.10:
                    due, kind = now - timedelta(hours=rng.uniform(1, 72)), "overdue"
                elif roll < 0.25:
                    due, kind = now + timedelta(hours=rng.uniform(0.2, 23.5)), "within_24h"
                elif roll < 0.75:
                    due, kind = now + timedelta(hours=rng.uniform(25, 30 * 24)), "later"
                else:
                    due, kind = None, "no_deadline"
                kinds[kind] += 1
                status = rng.choices(("open", "resolved", "won", "lost"), weights=(70, 10, 12, 8))[0]
                order_id = f"{rng.randrange(10**9, 10**10)}"
                store.save_case(f"{platform}-{order_id}", {
                    "platform": platform, "order_id": order_id, "dispute_id": f"D{n:06d}",
                    "buyer_name": f"{BUYERS[n % len(BUYERS)]} {n}", "status": status,
                    "dispute_type": DISPUTE_TYPES[n % len(DISPUTE_TYPES)],
                    "outcome_at": None if status == "open" else iso(now),
                    "next_due_at": iso(due) if due else None,
                    "next_due_rule": f"{platform}.respond_to_dispute" if due else None,
                    "next_due_label": "Respond to the buyer's dispute" if due else None,
                    "next_due_label_zh": "回应买家的纠纷" if due else None,
                    "replies_used": [{"template_id": TEMPLATES[n % len(TEMPLATES)], "action": "filled",
                                      "stage": "first_response", "language": "en", "tone": "warm", "at": iso(now)}]
                    if n % 3 == 0 else [],
                })
    finally:
        store.close()
    return kinds


OPEN_AND_TIME = """async () => {
    await new Promise((resolve) => {
      const done = () => document.body.dataset.painted ? resolve() : setTimeout(done, 5);
      done();
    });
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
    return {painted: mark("board-painted"), rendered: mark("board-rendered"),
            rows: document.querySelectorAll("#case-rows tr").length,
            shown: Number(document.getElementById("shown").dataset.shown)};
}"""

TYPE_AND_TIME = """async (typed) => {
    const input = document.getElementById("filter-search");
    const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const samples = [];
    const keystroke = async (value) => {
      const t0 = performance.now();
      input.value = value;
      input.dispatchEvent(new Event("input", {bubbles: true}));
      const filtered = performance.now();
      await frame();
      samples.push({filter: filtered - t0, frame: performance.now() - t0,
                    shown: Number(document.getElementById("shown").dataset.shown)});
    };
    await frame();
    for (let n = 1; n <= typed.length; n += 1) await keystroke(typed.slice(0, n));
    for (let n = typed.length - 1; n >= 0; n -= 1) await keystroke(typed.slice(0, n));
    return samples;
}"""


class BoardUnderTest:
    """A server on `count` seeded cases and a Chromium with the extension paired to it."""

    def __init__(self, playwright, root, count: int) -> None:
        from tests.conftest import LiveServer
        from tests.extension.conftest import launch_extension_browser

        log(f"seeding {count:,} cases through Store")
        self.count = count
        self.kinds = seed(root / "data", count)
        self.server = LiveServer(root / "data").start()
        self.browser = launch_extension_browser(playwright, root / "profile")
        paired = self.browser.service_worker.evaluate(
            "([serverUrl, code]) => disputeClerkWorker.pair({serverUrl, code})", [self.server.url, self.server.pairing_code])
        assert paired["ok"], paired

    def open(self) -> dict:
        """Open a fresh board tab; its timings (ms from navigation start) and the page."""
        page = self.browser.context.new_page()
        page.goto(self.browser.url("cases/cases.html"))
        timing = page.evaluate(OPEN_AND_TIME)
        if timing["rows"] != self.count:
            raise RuntimeError(f"the board shows {timing['rows']} rows, not {self.count}")
        return {**timing, "page": page}

    def openings(self, n: int) -> tuple[dict, list[dict]]:
        """The first opening with the service worker stopped (as after it idled), then `n` more."""
        self.browser.stop_service_worker()
        cold = self.open()
        cold["page"].close()
        warm = []
        for _ in range(n):
            warm.append(self.open())
            if len(warm) < n:
                warm[-1]["page"].close()
        return cold, warm

    def close(self) -> None:
        if self.browser.errors:
            log(f"the extension logged errors: {self.browser.errors}")
        self.browser.context.close()
        self.server.stop()


def run(quick: bool) -> list[Row]:
    from playwright.sync_api import sync_playwright

    openings = 3 if quick else 10
    rows: list[Row] = []
    with scratch(NAME) as tmp, sync_playwright() as playwright:
        # The reference: the same page, worker and server with ten cases.
        small = BoardUnderTest(playwright, tmp / "small", 10)
        try:
            _, small_warm = small.openings(openings)
            small_warm[-1]["page"].close()
        finally:
            small.close()
        reference = summary([timing["painted"] / 1000 for timing in small_warm])

        board = BoardUnderTest(playwright, tmp / "large", CASES)
        try:
            cold, warm = board.openings(openings)
            stats = summary([timing["painted"] / 1000 for timing in warm])
            built = summary([timing["rendered"] / 1000 for timing in warm])
            rows.append(Row(
                f"board: navigation → every row painted, {CASES:,} cases", stats["p50_ms"], "ms",
                reference=reference["p50_ms"], reference_label="the same board with 10 cases, p50",
                goal=Goal(1000, on="value"),
                note=f"max {stats['max_ms']:.0f} ms over {stats['n']} openings; rows in the table (mark board-rendered) "
                     f"p50 {built['p50_ms']:.0f} ms; first opening with the worker stopped {cold['painted']:.0f} ms; "
                     f"cases: {board.kinds}",
                details={"painted": stats, "rendered": built, "cold_ms": cold["painted"], "cases": board.kinds,
                         "reference_10_cases": reference}))

            last = warm[-1]["page"]
            samples = last.evaluate(TYPE_AND_TIME, TYPED)
            last.close()
            frames = summary([sample["frame"] / 1000 for sample in samples])
            filters = summary([sample["filter"] / 1000 for sample in samples])
            rows.append(Row(
                f"board: a search keystroke re-filters {CASES:,} rows (to the next frame)", frames["p50_ms"], "ms",
                goal=Goal(100, on="value"),
                note=f"max {frames['max_ms']:.0f} ms over {frames['n']} keystrokes ('{TYPED}' typed and erased); "
                     f"the filter itself p50 {filters['p50_ms']:.1f} ms; rows shown "
                     f"{min(s['shown'] for s in samples)}–{max(s['shown'] for s in samples)}",
                details={"frame": frames, "filter": filters}))
        finally:
            board.close()
    return rows
