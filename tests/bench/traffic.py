"""What the load benchmark and the soak send: realistic dispute pages and a lean HTTP client.

A client is one keep-alive connection (http.client: a few tens of microseconds of client work
per request, against about a millisecond for requests.Session) that times only the round trip:
bodies are encoded before the clock starts. Each request also records the client process's own
CPU time, so a report can say how much of the two shared cores the clients took, and the
server's own wall and CPU time from its `Server-Timing: app;dur=…, cpu;dur=…` header. The
server's CPU time per request does not move when other programs load the machine: it is the
figure to compare when a change is meant to make the server do less.
"""
from __future__ import annotations

import http.client
import json
import random
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from disputeclerk.config import EXTENSION_ID

ORIGIN = f"chrome-extension://{EXTENSION_ID}"

# What buyers write, in the languages the issue names (Russian, Portuguese, Spanish, English,
# Chinese), one dispute's worth each: not received, tracking stuck, a refund asked for.
BUYER_LINES = (
    "Здравствуйте! Заказ до сих пор не пришёл, трек-номер не обновляется уже две недели.",
    "Olá, o rastreamento está parado há 15 dias e o pedido não chegou. Quero o reembolso.",
    "Hola, ¿dónde está mi pedido? El seguimiento dice que está en aduana desde hace un mes.",
    "Hello, I paid for express shipping and the parcel has still not arrived. Please refund me.",
    "你好，我的包裹还没有收到，物流信息一直没有更新，请尽快处理退款。",
    "Посылка так и не пришла. Если не вернёте деньги, открою спор и оставлю плохой отзыв.",
    "Já abri a disputa porque ninguém me respondeu. O produto nunca foi entregue.",
    "Necesito el producto para un regalo, ¿pueden enviarlo otra vez o devolverme el dinero?",
    "The tracking number does not work on the carrier's website. Is this a real tracking number?",
    "卖家你好，订单显示已发货但是二十天了还在原地，请给我一个解释。",
)
SELLER_LINES = (
    "Hello, thank you for your message. We have contacted the carrier and will update you within 24 hours.",
    "Your parcel left our warehouse on time; the carrier shows it in transit. Please allow 5 more days.",
    "We are sorry for the wait. We have opened an inquiry with Cainiao about your parcel.",
    "您好，我们已经联系物流公司，请再耐心等待几天。",
)
# Dates as marketplace pages print them (the server parses each on every /assist).
DATE_SHAPES = ("%b %d, %Y %H:%M UTC", "%Y年%m月%d日 %H:%M", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%SZ",
               "%d/%m/%Y %H:%M")
REASONS = ("Item not received", "Package not received yet", "Tracking information not updated",
           "The item was not delivered within the promised time")
BUYERS = ("Ирина Смирнова", "Ana Souza", "María García", "John Miller", "王芳", "Lucas Oliveira")
MESSAGES_SHOWN = 30          # a conversation page shows the newest messages, older ones scroll away


def order_id(client: int, n: int) -> str:
    return f"81{client:02d}{n:07d}"


def stamp(moment: datetime, shape: int) -> str:
    return moment.strftime(DATE_SHAPES[shape % len(DATE_SHAPES)])


def dispute_context(order: str, base: datetime, extra: list[dict[str, Any]] = (), *,
                    captured_at: datetime | None = None) -> dict[str, Any]:
    """An AliExpress dispute page as the extension sends it: order and dispute with dates in the
    page's own formats, the marketplace's reason and countdown, and 20 messages in five languages
    (plus `extra` messages that arrived since). `base` is when the order was placed; the
    countdown ends 27 to 29 days after it."""
    seed = int(order[-6:]) if order[-6:].isdigit() else hash(order)
    rng = random.Random(seed)
    messages = []
    for n in range(20):
        buyer = n % 2 == 0
        text = BUYER_LINES[(seed + n // 2) % len(BUYER_LINES)] if buyer else SELLER_LINES[(n // 2) % len(SELLER_LINES)]
        messages.append({"from": "buyer" if buyer else "seller", "text": text,
                         "sent_at": stamp(base + timedelta(days=12, hours=7 * n), n)})
    messages = (messages + list(extra))[-MESSAGES_SHOWN:]
    captured = captured_at or datetime.now(timezone.utc)
    # The marketplace's countdown ticks towards one moment, as the page prints it at `captured`.
    left = int((base + timedelta(days=27, minutes=rng.randint(0, 2880)) - captured).total_seconds())
    countdown = f"{left // 86400} days {left % 86400 // 3600:02d}:{left % 3600 // 60:02d}:{left % 60:02d}"
    return {
        "platform": "aliexpress", "region": "US", "page_type": "dispute", "page_locale": "en-US",
        "url": f"https://gsp.aliexpress.com/dispute/detail.htm?orderId={order}",
        "title": "Dispute details - AliExpress Seller Center",
        "captured_at": captured.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "seller_timezone": "Asia/Shanghai", "ui_language": "en", "shop_name": "Sunrise Home Store",
        "order": {"id": order, "placed_at": stamp(base, 0), "paid_at": stamp(base + timedelta(minutes=40), 1),
                  "shipped_at": stamp(base + timedelta(days=3), 2), "processing_days": 5,
                  "promised_delivery_days": 45,
                  "total": {"amount": f"{rng.randint(8, 90)}.{rng.randint(0, 99):02d}", "currency": "USD"},
                  "items": [{"title": "Cotton hoodie, oversized", "sku": f"HD-{seed % 1000:03d}", "quantity": 1,
                             "variant": "Grey / XL"}],
                  "tracking": {"carrier": "Cainiao", "number": f"LP00{seed:010d}", "status": "In transit"}},
        "buyer": {"name": BUYERS[seed % len(BUYERS)], "country": ("RU", "BR", "ES", "US", "CN", "BR")[seed % 6]},
        "dispute": {"id": f"D{order}", "reason": REASONS[seed % len(REASONS)],
                    "opened_at": stamp(base + timedelta(days=20), 3), "status": "Awaiting seller response",
                    "request": "refund_only", "refund": {"amount": "23.50", "currency": "USD"}},
        "messages": messages,
        "page_deadlines": [{"label": "Respond within", "text": countdown}],
    }


def new_buyer_message(client: int, n: int, when: datetime) -> dict[str, Any]:
    """A message the buyer wrote since the page was last read (unique: it is logged once)."""
    line = BUYER_LINES[n % len(BUYER_LINES)]
    return {"from": "buyer", "text": f"{line} (#{client}-{n})", "sent_at": when.strftime("%Y-%m-%dT%H:%M:%SZ")}


@dataclass
class Sample:
    started: float          # time.monotonic() at send: one clock for every process on the machine
    seconds: float          # the round trip as the client saw it
    status: int             # 0: the connection failed
    server_ms: float | None  # the server's own time (Server-Timing app;dur), when it says
    cpu_seconds: float      # this client process's CPU time spent on the round trip
    server_cpu_ms: float | None = None  # the serving thread's CPU time (Server-Timing cpu;dur)


_SERVER_TIMING = re.compile(r"\bapp;dur=([0-9.]+)(?:, cpu;dur=([0-9.]+))?")


class Client:
    """One keep-alive connection to the server, carrying the extension's headers."""

    def __init__(self, url: str, token: str, timeout: float = 120) -> None:
        host, port = url.removeprefix("http://").rsplit(":", 1)
        self.host, self.port, self.timeout = host, int(port), timeout
        self.headers = {"Authorization": f"Bearer {token}", "Origin": ORIGIN}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "application/json"
                ) -> tuple[Sample, bytes]:
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = content_type
        cpu0, started = time.process_time(), time.monotonic()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.conn.request(method, path, body=body, headers=headers)
            answer = self.conn.getresponse()
            data = answer.read()
            status, timing = answer.status, answer.getheader("Server-Timing") or ""
            if answer.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            return Sample(started, time.monotonic() - started, 0, None, time.process_time() - cpu0), \
                repr(exc).encode()
        seconds, cpu = time.monotonic() - started, time.process_time() - cpu0
        match = _SERVER_TIMING.search(timing)
        wall, server_cpu = (match.group(1), match.group(2)) if match else (None, None)
        return Sample(started, seconds, status, wall and float(wall), cpu, server_cpu and float(server_cpu)), data

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def encode(payload: dict[str, Any]) -> bytes:
    """As the extension's JSON.stringify sends it: UTF-8, non-ASCII not escaped."""
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")
