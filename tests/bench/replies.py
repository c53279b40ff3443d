"""Issue 4: classify + suggest for a 20-message thread (goal p50 <= 10 ms)."""
from __future__ import annotations

import time
from datetime import datetime, timezone

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


def run(quick: bool) -> list[Row]:
    rounds = 100 if quick else 500
    log(f"replies: {rounds} rounds of classify + suggest for a 20-message thread")
    warm()
    context, now = thread(), datetime(2026, 11, 21, 8, tzinfo=timezone.utc)
    classify_only = []
    for _ in range(10):
        once(context, now)
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        once(context, now)
        samples.append(time.perf_counter() - started)
        started = time.perf_counter()
        classify(None, [m["text"] for m in context["messages"] if m["sender"] == "buyer"])
        classify_only.append(time.perf_counter() - started)
    full, base = summary(samples), summary(classify_only)
    return [Row("classify+suggest, 20-message thread p50", full["p50_ms"], "ms", base["p50_ms"],
                "classification of the same thread alone (no structured reason: every message is read)", Goal(10, on="value"), details={"full": full, "classify": base},
                note=f"n={rounds}; language, risk flags, 4 rendered and linted replies, checklist")]
