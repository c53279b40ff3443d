"""Issue 4: classify + suggest for a 20-message thread (goal p50 <= 10 ms).

The server remembers what it read in each text (lexicon hits, language, risk findings, lint of
each rendered reply), so reading the same thread again costs little. The goal row is the cold
figure: those memos are emptied before each timed round, as for a thread the server has never
seen. The warm row is a page read again."""
from __future__ import annotations

import time
from datetime import datetime, timezone

from disputeclerk.services import classify as classify_module, language, lexicon, lint
from disputeclerk.services.classify import classify, context_risk_flags, text_risk_flags
from disputeclerk.services.language import detect, warm
from disputeclerk.services.suggest import checklist, choose_tone, suggest

from .common import Goal, Row, log, summary

NAME = "replies"
DESCRIPTION = "classify + language + risk flags + suggestions for a 20-message thread"

BUYER_LINES = [
    "Hello, my order has still not arrived and it has been five weeks.",
    "Olá, o rastreamento não atualiza há duas semanas, o que aconteceu?",
    "Hola, ¿dónde está mi pedido? Lo necesito para un regalo.",
    "I paid for express shipping and nothing arrived.",
    "Ещё не пришёл заказ, трек не обновляется.",
]


def thread() -> dict:
    messages = []
    for n in range(20):
        buyer = n % 2 == 0
        messages.append({"sender": "buyer" if buyer else "seller",
                         "text": BUYER_LINES[(n // 2) % len(BUYER_LINES)] if buyer else "We are checking with the carrier.",
                         "sent_at": f"2026-11-{1 + n:02d}T08:00:00Z"})
    return {"platform": "aliexpress", "page_type": "dispute", "messages": messages,
            "order": {"id": "8123456789", "tracking": {"carrier": "Cainiao", "number": "LP001234567890"},
                      "items": [{"title": "Cotton hoodie"}], "total": {"amount": "23.50", "currency": "USD"}},
            "buyer": {"name": "Ana", "country": "BR"}, "dispute": {"id": "D-1", "reason": None}}


def once(context: dict, now: datetime) -> None:
    buyer_texts = [m["text"] for m in context["messages"] if m["sender"] == "buyer"]
    dispute_type = classify(context["dispute"]["reason"], buyer_texts)
    language = detect(" ".join(buyer_texts[-6:]), country_hint="BR").language
    flags = context_risk_flags(context, dispute_type["value"], text_risk_flags(buyer_texts), 0)
    tone = choose_tone(buyer_texts, {f["code"] for f in flags})
    suggest(context, dispute_type=dispute_type["value"], language=language, tone=tone, now=now)
    checklist("aliexpress", dispute_type["value"])


def forget_texts() -> None:
    """Empty every per-text memo: the next round reads each text as new."""
    for memo in (lexicon.find_all, lint.lint, language.detect, classify_module._risks_in,
                 classify_module.likely_languages):
        memo.cache_clear()


def run(quick: bool) -> list[Row]:
    rounds = 100 if quick else 500
    log(f"replies: {rounds} rounds of classify + suggest for a 20-message thread")
    warm()
    context, now = thread(), datetime(2026, 11, 21, 8, tzinfo=timezone.utc)
    classify_only = []
    for _ in range(10):
        once(context, now)
    samples, warm_samples = [], []
    for _ in range(rounds):
        forget_texts()
        started = time.perf_counter()
        once(context, now)
        samples.append(time.perf_counter() - started)
        started = time.perf_counter()
        once(context, now)
        warm_samples.append(time.perf_counter() - started)
        forget_texts()
        started = time.perf_counter()
        classify(None, [m["text"] for m in context["messages"] if m["sender"] == "buyer"])
        classify_only.append(time.perf_counter() - started)
    full, base, again = summary(samples), summary(classify_only), summary(warm_samples)
    return [Row("classify+suggest, 20-message thread never seen, p50", full["p50_ms"], "ms", base["p50_ms"],
                "classification of the same thread alone, never seen (no structured reason: every message is read)",
                Goal(10, on="value"), details={"full": full, "classify": base, "again": again},
                note=f"n={rounds}; language, risk flags, 4 rendered and linted replies, checklist; per-text memos "
                     "emptied before each round"),
            Row("classify+suggest, the same thread read again, p50", again["p50_ms"], "ms", full["p50_ms"],
                "the same thread never seen", details={"again": again})]
