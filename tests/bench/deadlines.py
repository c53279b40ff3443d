"""Issue 3: date parsing plus deadline computation for a typical dispute page (goal p50 <= 5 ms)."""
from __future__ import annotations

import time

from disputeclerk.schemas import AssistContextSchema
from disputeclerk.services.deadlines import compute_deadlines
from disputeclerk.services.policies import registry

from .common import Goal, Row, log, summary

NAME = "deadlines"
DESCRIPTION = "date parsing + deadline computation for a typical dispute context"

RAW_DATES = ["Nov 3, 2026 8:12 PST", "2026年11月4日 09:30", "4 нояб. 2026 г., 10:00", "5 de noviembre de 2026 11:45",
             "06.11.2026 12:00", "2026-11-07 13:15", "Nov 8, 2026 2:05 PM", "9 nov. 2026 15:00"]


def typical_context(raw: bool) -> dict:
    """An AliExpress dispute page: order dates, the dispute, 20 messages, the page's own countdown."""
    def when(n: int, iso: str) -> str:
        return RAW_DATES[n % len(RAW_DATES)] if raw else iso

    messages = []
    for n in range(20):
        day = 10 + n // 4
        messages.append({"from": "buyer" if n % 3 else "seller", "text": f"message {n}",
                         "sent_at": when(n, f"2026-11-{day:02d}T{8 + n % 10:02d}:00:00Z")})
    return AssistContextSchema().load({
        "platform": "aliexpress", "region": "US", "page_type": "dispute", "page_locale": "en-US",
        "captured_at": "2026-11-21T08:00:00Z", "seller_timezone": "Asia/Shanghai",
        "order": {"id": "8123456789", "placed_at": when(0, "2026-11-03T16:12:00Z"),
                  "paid_at": when(1, "2026-11-04T01:30:00Z"), "shipped_at": when(2, "2026-11-04T07:00:00Z"),
                  "processing_days": 5},
        "dispute": {"id": "D-1", "reason": "Item not received", "opened_at": when(3, "2026-11-05T15:45:00Z")},
        "messages": messages,
        "page_deadlines": [{"label": "Respond within", "text": "4 days 23:12:05"}],
    })


def measure(context: dict, rounds: int) -> dict:
    reg = registry()
    for _ in range(20):
        compute_deadlines(context, reg)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        compute_deadlines(context, reg)
        samples.append(time.perf_counter() - started)
    return summary(samples)


def run(quick: bool) -> list[Row]:
    rounds = 200 if quick else 1000
    log(f"deadlines: {rounds} computations of a 20-message dispute context, raw page dates and ISO dates")
    raw, iso = measure(typical_context(True), rounds), measure(typical_context(False), rounds)
    return [
        Row("dates+deadlines, raw page dates p50", raw["p50_ms"], "ms", iso["p50_ms"],
            "the same context with ISO 8601 dates", Goal(5, on="value"), details={"raw": raw, "iso": iso},
            note=f"n={rounds}; AliExpress dispute page, 20 messages, dates in 8 formats/languages"),
        Row("dates+deadlines, raw page dates p95", raw["p95_ms"], "ms", iso["p95_ms"], "ISO dates, p95"),
    ]
