"""Issue 8: /assist under load, beside the framework's floor on the same server.

A real server (`disputeclerk serve`, 8 waitress threads) on a scratch data dir. Each client is a
separate process (fork) with one keep-alive connection, in a closed loop: send, wait for the
answer, send the next. A client browses like a seller with many cases: every request is the
dispute page of an order picked at random from 48, and one in ten carries a buyer message that
arrived since (logged once). The page is an AliExpress dispute with 20 messages in Russian,
Portuguese, Spanish, English and Chinese, raw page dates in five formats, the marketplace's
reason and its countdown; `captured_at` is the moment of sending, as the extension sends it.

The reference is GET /api/v1/health with the same headers (token, extension Origin), at the
same concurrency, on the same server, in blocks alternating with the /assist blocks: what Flask,
the security gate and waitress cost with no work at all.

Samples: each block warms every client up (not counted), starts them together, and keeps only
the requests that finished before the first client finished its share, so every counted sample
ran at full concurrency. Reported beside each figure: how much CPU the client processes spent
per request (they share the 2 cores with the server) and, where the server sends
`Server-Timing: app;dur=…`, its own time from request to answer.
"""
from __future__ import annotations

import math
import multiprocessing
import random
import statistics
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .common import Goal, Row, log, percentile, scratch, timed_start
from .traffic import Client, Sample, dispute_context, encode, new_buyer_message, order_id

NAME = "load"
DESCRIPTION = "/assist p50/p99 at 1 and 8 concurrent clients beside GET /health on the same server"

FULL = {"samples": 1200, "warmup": 15, "rounds": 2}
QUICK = {"samples": 240, "warmup": 5, "rounds": 1}
CONCURRENCY = (1, 8)
CASES = 48                  # the orders the clients browse
NEW_MESSAGE_SHARE = 0.1     # requests whose page shows a message that arrived since the last read
GOAL_P99_MS = 25


def run(quick: bool) -> list[Row]:
    params = QUICK if quick else FULL
    with scratch(NAME) as root:
        return measure(root / "data", params)


def measure(data_dir: Path, params: dict[str, Any]) -> list[Row]:
    server, _ = timed_start(data_dir)
    try:
        base = datetime.now(timezone.utc) - timedelta(days=25)
        _create_cases(server.url, server.token, base)
        results: dict[tuple[str, int], list[Sample]] = {}
        for clients in CONCURRENCY:
            for round_no in range(params["rounds"]):
                for endpoint in ("health", "assist"):
                    per_block = math.ceil(params["samples"] / params["rounds"])
                    log(f"load: {endpoint} x {per_block} with {clients} client(s), round {round_no + 1}")
                    results.setdefault((endpoint, clients), []).extend(
                        block(server.url, server.token, endpoint, clients, per_block, params["warmup"], base,
                              seed=1000 * clients + 10 * round_no))
    finally:
        server.stop()
    return rows(results)


def _create_cases(url: str, token: str, base: datetime) -> None:
    """File every order once, so the measured requests update cases as a seller's browsing does."""
    client = Client(url, token)
    for n in range(CASES):
        sample, body = client.request("POST", "/api/v1/assist", encode(dispute_context(order_id(0, n), base)))
        if sample.status != 200:
            raise RuntimeError(f"creating case {n}: {sample.status} {body[:300]!r}")
    client.close()


def block(url: str, token: str, endpoint: str, clients: int, samples: int, warmup: int, base: datetime,
          seed: int) -> list[Sample]:
    """`samples` requests from `clients` processes at once; only those made at full concurrency."""
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(clients), context.Queue()
    # A little over the share: the samples of the last stragglers are cut off.
    each = math.ceil(samples / clients * (1.1 if clients > 1 else 1))
    workers = [context.Process(target=_client, args=(url, token, endpoint, n, each, warmup, base, seed + n, barrier,
                                                     queue), daemon=True) for n in range(clients)]
    for worker in workers:
        worker.start()
    try:
        answers = [queue.get(timeout=600) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()
    errors = [answer for answer in answers if isinstance(answer, str)]
    if errors:
        raise RuntimeError(f"{endpoint} client failed: {errors[0]}")
    first_done = min(max(s.started + s.seconds for s in answer) for answer in answers)
    kept = sorted((s for answer in answers for s in answer if s.started + s.seconds <= first_done),
                  key=lambda s: s.started)
    return kept[:samples]


def _client(url: str, token: str, endpoint: str, number: int, count: int, warmup: int, base: datetime, seed: int,
            barrier, queue) -> None:
    try:
        queue.put(_client_loop(url, token, endpoint, number, count, warmup, base, seed, barrier))
    except Exception as exc:  # noqa: BLE001 - reported by the parent, which raises
        queue.put(f"client {number}: {exc!r}")


def _client_loop(url: str, token: str, endpoint: str, number: int, count: int, warmup: int, base: datetime,
                 seed: int, barrier) -> list[Sample]:
    rng = random.Random(seed)
    client = Client(url, token)
    arrived: dict[str, list[dict[str, Any]]] = {}
    sent = 0

    def one() -> Sample:
        nonlocal sent
        sent += 1
        if endpoint == "health":
            sample, body = client.request("GET", "/api/v1/health")
        else:
            order = order_id(0, rng.randrange(CASES))
            if rng.random() < NEW_MESSAGE_SHARE:
                arrived.setdefault(order, []).append(
                    new_buyer_message(seed, sent, datetime.now(timezone.utc) - timedelta(minutes=1)))
            payload = encode(dispute_context(order, base, arrived.get(order, ())))
            sample, body = client.request("POST", "/api/v1/assist", payload)
            if sample.status == 200 and b'"suggestions"' not in body:
                raise RuntimeError(f"/assist answered without suggestions: {body[:300]!r}")
        if sample.status != 200:
            raise RuntimeError(f"{endpoint} answered {sample.status}: {body[:300]!r}")
        return sample

    for _ in range(warmup):
        one()
    barrier.wait(timeout=120)
    samples = [one() for _ in range(count)]
    client.close()
    return samples


# ---------------------------------------------------------------- report
def stats(samples: list[Sample]) -> dict[str, Any]:
    ms = [s.seconds * 1000 for s in samples]
    server = [s.server_ms for s in samples if s.server_ms is not None]
    server_cpu = [s.server_cpu_ms for s in samples if s.server_cpu_ms is not None]
    span = max(s.started + s.seconds for s in samples) - min(s.started for s in samples)
    out = {"n": len(ms), "p50_ms": statistics.median(ms), "p95_ms": percentile(ms, 95),
           "p99_ms": percentile(ms, 99), "max_ms": max(ms), "mean_ms": statistics.fmean(ms),
           "throughput_per_s": len(ms) / span if span > 0 else None,
           "client_cpu_ms_per_request": statistics.fmean(s.cpu_seconds for s in samples) * 1000}
    if server:
        out.update(server_p50_ms=statistics.median(server), server_p99_ms=percentile(server, 99))
    if server_cpu:
        out.update(server_cpu_mean_ms=statistics.fmean(server_cpu), server_cpu_p50_ms=statistics.median(server_cpu))
    return out


def rows(results: dict[tuple[str, int], list[Sample]]) -> list[Row]:
    out = []
    for clients in CONCURRENCY:
        assist, health = stats(results[("assist", clients)]), stats(results[("health", clients)])
        who = f"{clients} client{'s' if clients > 1 else ''}"
        server = (f"; server's own time p50 {assist['server_p50_ms']:.1f} ms, p99 {assist['server_p99_ms']:.1f} ms"
                  if "server_p50_ms" in assist else "")
        if "server_cpu_mean_ms" in assist:
            server += (f"; server CPU per request {assist['server_cpu_mean_ms']:.2f} ms "
                       f"(health {health.get('server_cpu_mean_ms', 0):.2f} ms)")
        note = (f"n={assist['n']} (health n={health['n']}), {assist['throughput_per_s']:.0f} req/s; clients' CPU "
                f"{assist['client_cpu_ms_per_request']:.2f} ms/request{server}")
        details = {"assist": assist, "health": health}
        out.append(Row(f"/assist p50, {who}", assist["p50_ms"], "ms", health["p50_ms"],
                       f"GET /health p50, {who}, same server and headers", note=note, details=details))
        out.append(Row(f"/assist p99, {who}", assist["p99_ms"], "ms", health["p99_ms"],
                       f"GET /health p99, {who}", Goal(GOAL_P99_MS, on="value") if clients == 8 else None))
    return out
