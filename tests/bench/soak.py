"""The soak (issue 8): mixed traffic from several clients against a real server for a long while,
with the server's resident memory, request counts, errors and latency recorded per interval.

    .venv/bin/python -m tests.bench.soak --minutes 30 --clients 8     # the full soak
    .venv/bin/python -m tests.bench.soak --minutes 1                  # a short proof that it works

Not part of the default test run. A real `disputeclerk serve` on a scratch data dir under
tests/bench/results/ (the repository's disk, as for the benchmarks). Each client is a separate
process with one keep-alive connection, in a closed loop, acting as a seller working through
cases: it keeps six cases in hand and moves on to a new order every 150 requests, so cases keep
being created and finished ones stop growing. Per request it picks, by weight: /assist of the
case's dispute page (one in ten with a message that arrived since), new messages, a small page
snapshot (8 KB of HTML and its text), a 1 MB screenshot, the case list (with and without
filters), a case (mostly `verify=none`), verify, a thumbnail, outcomes, a status change, a
template used, and now and then an export.

At the end every case is verified. Writes tests/bench/results/soak-<time>.json and .csv (one
row per interval) and prints the table. Memory is called flat when the least-squares slope of
the resident memory over the last two thirds of the intervals is at most --max-slope MB/min,
judged when those span 3 minutes or more (a `--minutes 1` run proves the traffic, not memory).

Exit status: 0 when every answer was the expected one and every case verifies; 1 on any 5xx,
connection error, unexpected status or failed verify; 3 when that holds but memory was not flat.
"""
from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import queue as queue_module
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from urllib3 import encode_multipart_formdata

from .common import RESULTS_DIR, SETTINGS, percentile, rss_mb, scratch, timed_start
from .payloads import Png, small_html
from .traffic import Client, dispute_context, encode, new_buyer_message, order_id

# Operation -> weight (out of 1000).
MIX = {"assist": 400, "messages": 100, "snapshot": 70, "screenshot": 5, "list": 100, "case": 100, "verify": 40,
       "thumbnail": 20, "outcomes": 30, "status": 20, "reply_used": 40, "export": 5}
# What each operation may answer besides 200 (none: every request is well formed).
EXPECTED = {op: {200} for op in MIX}
IN_HAND = 6                  # cases a client works on at once
MOVE_ON_EVERY = 150          # requests before a client takes up a new order
JUDGED_AFTER_MIN = 3         # memory is judged over at least this many minutes (the first ones warm up)
TEMPLATES = ("not_received.first_response", "not_received.offer_reship", "quality.request_evidence")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.soak", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30, help="how long to run (default 30)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client processes (default 8)")
    parser.add_argument("--interval", type=float, default=None,
                        help="seconds per row and memory reading (default 60; 10 for runs under 5 minutes)")
    parser.add_argument("--max-slope", type=float, default=0.5,
                        help="memory is flat when its slope over the last 2/3 is at most this, MB/min (default 0.5)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--data-root", type=Path, default=RESULTS_DIR,
                        help="where the scratch data dir goes (default tests/bench/results/)")
    parser.add_argument("--keep", action="store_true", help="keep the server's data dir afterwards")
    parser.add_argument("--out", type=Path, default=None,
                        help="result files without extension (default tests/bench/results/soak-<time>)")
    args = parser.parse_args(argv)
    interval = args.interval or (60.0 if args.minutes >= 5 else 10.0)
    SETTINGS.update(data_root=args.data_root.resolve(), keep=args.keep)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.out or RESULTS_DIR / f"soak-{stamp}"

    with scratch("soak") as root:
        result = soak(root / "data", minutes=args.minutes, clients=args.clients, interval=interval, seed=args.seed)
    result.update(minutes=args.minutes, clients=args.clients, interval_s=interval, started=stamp,
                  memory=memory_verdict(result["rows"], args.max_slope))
    write(out, result)
    print_report(result)
    print(f"results: {out}.json, {out}.csv")
    failed = result["totals"]["errors"] or result["totals"]["unexpected"] or result["verify_failures"] \
        or result["server_exit"] not in (0, None)
    if failed:
        return 1
    return 0 if result["memory"]["flat"] is not False else 3


# ------------------------------------------------------------------ the run
def soak(data_dir: Path, *, minutes: float, clients: int, interval: float, seed: int) -> dict[str, Any]:
    server, _ = timed_start(data_dir)
    context = multiprocessing.get_context("fork")
    results, stop = context.Queue(), context.Event()
    base = datetime.now(timezone.utc) - timedelta(days=25)
    workers = [context.Process(target=_client, args=(server.url, server.token, n, base, seed * 100 + n, stop, results),
                               daemon=True) for n in range(clients)]
    rows: list[dict[str, Any]] = []
    by_op: dict[str, list[float]] = {op: [] for op in MIX}
    failures: list[str] = []
    started = time.monotonic()
    deadline = started + minutes * 60
    try:
        for worker in workers:
            worker.start()
        pending: list[tuple] = []
        next_row = started + interval
        print(f"soak: {clients} clients for {minutes:g} min against {server.url}, a row every {interval:g} s",
              file=sys.stderr, flush=True)
        while True:
            now = time.monotonic()
            if now >= next_row or now >= deadline:
                end = min(next_row, deadline) if now < deadline else now
                row = _row(len(rows) + 1, end - started, [r for r in pending if r[0] <= end], server.proc.pid)
                pending = [r for r in pending if r[0] > end]
                rows.append(row)
                print(_row_line(row), file=sys.stderr, flush=True)
                next_row += interval
                if now >= deadline:
                    break
            try:
                batch = results.get(timeout=max(0.05, min(1.0, next_row - time.monotonic())))
            except queue_module.Empty:
                continue
            pending, failures = _take(batch, pending, by_op, failures)
        stop.set()
        finish = time.monotonic() + 60
        while any(w.is_alive() for w in workers) and time.monotonic() < finish:
            try:
                pending, failures = _take(results.get(timeout=0.5), pending, by_op, failures)
            except queue_module.Empty:
                pass
        while True:
            try:
                pending, failures = _take(results.get_nowait(), pending, by_op, failures)
            except queue_module.Empty:
                break
        if pending:                              # requests that finished after the last row
            rows[-1] = _row(rows[-1]["interval"], rows[-1]["t_s"], rows[-1]["_samples"] + pending, server.proc.pid)
        verify = _verify_all(server.url, server.token)
        final_memory = rss_mb(server.proc.pid) or {}
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.kill()
        exit_code = server.stop()
    for row in rows:
        row.pop("_samples", None)
    every = [ms for samples in by_op.values() for ms in samples]
    totals = {"requests": sum(r["requests"] for r in rows), "errors": sum(r["errors"] for r in rows),
              "unexpected": sum(r["unexpected"] for r in rows),
              "p50_ms": statistics.median(every) if every else None,
              "p99_ms": percentile(every, 99) if every else None}
    ops = {op: {"n": len(ms), "p50_ms": statistics.median(ms) if ms else None,
                "p99_ms": percentile(ms, 99) if ms else None, "max_ms": max(ms) if ms else None}
           for op, ms in by_op.items()}
    return {"rows": rows, "totals": totals, "ops": ops, "failures": failures[:50], "verify": verify,
            "verify_failures": verify["failed"], "server_exit": exit_code, "peak_rss_mb": final_memory.get("VmHWM")}


def _take(batch: list[tuple], pending: list[tuple], by_op: dict[str, list[float]], failures: list[str]):
    for record in batch:
        if record[0] == "failure":
            failures.append(record[1])
            continue
        pending.append(record)
        by_op[record[1]].append(record[2])
        if record[3] not in EXPECTED[record[1]] and len(failures) < 50:
            failures.append(f"{record[1]} answered {record[3] or 'no connection'}: {record[4]}")
    return pending, failures


def _row(number: int, t_s: float, samples: list[tuple], pid: int) -> dict[str, Any]:
    ms = [s[2] for s in samples]
    memory = rss_mb(pid) or {}
    return {"interval": number, "t_s": round(t_s, 1), "requests": len(samples),
            "errors": sum(1 for s in samples if s[3] == 0 or s[3] >= 500),
            "unexpected": sum(1 for s in samples if 0 < s[3] < 500 and s[3] not in EXPECTED[s[1]]),
            "p50_ms": round(statistics.median(ms), 2) if ms else None,
            "p99_ms": round(percentile(ms, 99), 2) if ms else None,
            "rss_mb": round(memory["VmRSS"], 1) if "VmRSS" in memory else None,
            "_samples": samples}


def _row_line(row: dict[str, Any]) -> str:
    return (f"  .. {row['t_s']:7.0f} s  {row['requests']:6d} requests  {row['errors']} errors  "
            f"{row['unexpected']} unexpected  p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms  RSS {row['rss_mb']} MB")


def _verify_all(url: str, token: str) -> dict[str, Any]:
    client = Client(url, token, timeout=600)
    sample, body = client.request("GET", "/api/v1/cases?limit=10000")
    if sample.status != 200:
        return {"cases": 0, "failed": 1, "problems": [f"case list answered {sample.status}"]}
    problems = []
    cases = json.loads(body)["cases"]
    for row in cases:
        sample, body = client.request("GET", f"/api/v1/cases/{row['case_id']}/verify")
        if sample.status != 200 or not json.loads(body).get("ok"):
            problems.append(f"{row['case_id']}: {sample.status} {body[:200]!r}")
    client.close()
    return {"cases": len(cases), "failed": len(problems), "problems": problems[:20]}


# ------------------------------------------------------------------ a client
def _client(url: str, token: str, number: int, base: datetime, seed: int, stop, results) -> None:
    try:
        _Seller(url, token, number, base, seed).work(stop, results)
    except Exception as exc:  # noqa: BLE001 - reported by the parent, which fails the run
        results.put([("failure", f"client {number} crashed: {exc!r}")])


class _Seller:
    """One client: a seller working through orders, each request picked by MIX's weights."""

    def __init__(self, url: str, token: str, number: int, base: datetime, seed: int) -> None:
        self.client = Client(url, token)
        self.number, self.base, self.rng = number, base, random.Random(seed)
        self.png = Png(1024 * 1024, seed=seed)
        self.next_order = 0
        self.in_hand: list[str] = []
        self.arrived: dict[str, list[dict[str, Any]]] = {}
        self.screenshots: dict[str, list[str]] = {}
        self.sent = 0
        self.ops, self.weights = list(MIX), list(MIX.values())

    def work(self, stop, results) -> None:
        batch: list[tuple] = []
        flushed = time.monotonic()
        while not stop.is_set():
            if not self.in_hand or (self.sent and self.sent % MOVE_ON_EVERY == 0) or len(self.in_hand) < IN_HAND:
                self.take_up_order(batch)
            op = self.rng.choices(self.ops, self.weights)[0]
            order = self.rng.choice(self.in_hand)
            batch.append(self.do(op, order))
            if time.monotonic() - flushed > 0.5:
                results.put(batch)
                batch, flushed = [], time.monotonic()
        results.put(batch)
        self.client.close()

    def take_up_order(self, batch: list[tuple]) -> None:
        order = order_id(10 + self.number, self.next_order)
        self.next_order += 1
        batch.append(self.do("assist", order))
        self.in_hand.append(order)
        if len(self.in_hand) > IN_HAND:
            done = self.in_hand.pop(0)
            self.arrived.pop(done, None)
            self.screenshots.pop(done, None)

    def do(self, op: str, order: str) -> tuple:
        self.sent += 1
        case = f"aliexpress-{order}"
        method, path, body, content_type = getattr(self, f"op_{op}")(order, case)
        sample, answer = self.client.request(method, path, body, content_type)
        if sample.status == 200 and op == "screenshot":
            self.screenshots.setdefault(order, []).append(json.loads(answer)["evidence_id"])
        return (sample.started + sample.seconds, op, sample.seconds * 1000, sample.status,
                answer[:300].decode("utf-8", "replace") if sample.status != 200 else "")

    # Each op_* returns (method, path, body, content type).
    def op_assist(self, order: str, case: str):
        if self.rng.random() < 0.1:
            self.arrived.setdefault(order, []).append(self.message())
        return "POST", "/api/v1/assist", encode(dispute_context(order, self.base, self.arrived.get(order, ()))), \
            "application/json"

    def op_messages(self, order: str, case: str):
        fresh = [self.message() for _ in range(self.rng.randint(1, 3))]
        self.arrived.setdefault(order, []).extend(fresh)
        return "POST", f"/api/v1/cases/{case}/messages", encode({"messages": self.arrived[order][-4:]}), \
            "application/json"

    def op_snapshot(self, order: str, case: str):
        html = small_html(self.sent)
        fields = {"kind": "page_snapshot", "url": f"https://gsp.aliexpress.com/order/{order}", "title": "Order",
                  "captured_at": self.now(), "html": ("page.html", html.encode(), "text/html"),
                  "text": ("page.txt", f"Order {order}\n{self.sent}".encode(), "text/plain")}
        body, content_type = encode_multipart_formdata(fields)
        return "POST", f"/api/v1/cases/{case}/evidence/upload", body, content_type

    def op_screenshot(self, order: str, case: str):
        fields = {"kind": "screenshot", "url": f"https://gsp.aliexpress.com/dispute/{order}", "title": "Dispute",
                  "captured_at": self.now(),
                  "image": ("screenshot.png", self.png.with_stamp(self.number * 10**8 + self.sent), "image/png")}
        body, content_type = encode_multipart_formdata(fields)
        return "POST", f"/api/v1/cases/{case}/evidence/upload", body, content_type

    def op_list(self, order: str, case: str):
        query = self.rng.choice(("", "?status=open&due_within_hours=72", f"?q={order[-4:]}", "?platform=aliexpress"))
        return "GET", f"/api/v1/cases{query}", None, ""

    def op_case(self, order: str, case: str):
        return "GET", f"/api/v1/cases/{case}{'' if self.rng.random() < 0.1 else '?verify=none'}", None, ""

    def op_verify(self, order: str, case: str):
        return "GET", f"/api/v1/cases/{case}/verify", None, ""

    def op_thumbnail(self, order: str, case: str):
        shots = self.screenshots.get(order)
        if not shots:
            return self.op_case(order, case)
        return "GET", f"/api/v1/cases/{case}/evidence/{self.rng.choice(shots)}/thumbnail", None, ""

    def op_outcomes(self, order: str, case: str):
        return "GET", "/api/v1/outcomes", None, ""

    def op_status(self, order: str, case: str):
        status = self.rng.choice(("open", "resolved", "won", "lost"))
        return "PATCH", f"/api/v1/cases/{case}", encode({"status": status, "note": f"set {status}"}), \
            "application/json"

    def op_reply_used(self, order: str, case: str):
        body = {"template_id": self.rng.choice(TEMPLATES), "action": self.rng.choice(("filled", "copied")),
                "language": "en", "tone": "warm"}
        return "POST", f"/api/v1/cases/{case}/replies", encode(body), "application/json"

    def op_export(self, order: str, case: str):
        return "GET", f"/api/v1/cases/{case}/export", None, ""

    def message(self) -> dict[str, Any]:
        return new_buyer_message(self.number, self.sent, datetime.now(timezone.utc) - timedelta(minutes=1))

    @staticmethod
    def now() -> str:
        return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------ report
def memory_verdict(rows: list[dict[str, Any]], max_slope: float) -> dict[str, Any]:
    """Least-squares slope of RSS (MB/min) over the last two thirds of the rows."""
    points = [(r["t_s"] / 60, r["rss_mb"]) for r in rows if r["rss_mb"] is not None]
    tail = points[len(points) // 3:]
    if len(tail) < 3 or tail[-1][0] - tail[0][0] < JUDGED_AFTER_MIN:
        return {"slope_mb_per_min": None, "flat": None, "max_slope": max_slope,
                "note": f"not judged: needs 3 readings over {JUDGED_AFTER_MIN:g}+ minutes after the first third"}
    mean_t = statistics.fmean(t for t, _ in tail)
    mean_m = statistics.fmean(m for _, m in tail)
    spread = sum((t - mean_t) ** 2 for t, _ in tail)
    slope = sum((t - mean_t) * (m - mean_m) for t, m in tail) / spread if spread else 0.0
    return {"slope_mb_per_min": round(slope, 3), "flat": slope <= max_slope, "max_slope": max_slope,
            "first_mb": points[0][1], "last_mb": points[-1][1], "readings": len(points)}


def write(out: Path, result: dict[str, Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    columns = ("interval", "t_s", "requests", "errors", "unexpected", "p50_ms", "p99_ms", "rss_mb")
    with out.with_suffix(".csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(result["rows"])


def print_report(result: dict[str, Any]) -> None:
    print(f"Soak: {result['clients']} clients, {result['minutes']:g} min, a row every {result['interval_s']:g} s")
    print(f"{'interval':>8} {'t (s)':>7} {'requests':>9} {'errors':>7} {'unexpected':>10} {'p50 ms':>8} "
          f"{'p99 ms':>8} {'RSS MB':>7}")
    for row in result["rows"]:
        print(f"{row['interval']:>8} {row['t_s']:>7.0f} {row['requests']:>9} {row['errors']:>7} {row['unexpected']:>10} "
              f"{_num(row['p50_ms']):>8} {_num(row['p99_ms']):>8} {_num(row['rss_mb']):>7}")
    totals = result["totals"]
    print(f"\nall: {totals['requests']} requests, {totals['errors']} errors (5xx or connection), "
          f"{totals['unexpected']} unexpected statuses; p50 {_num(totals['p50_ms'])} ms, p99 {_num(totals['p99_ms'])} ms")
    print("per operation (n, p50, p99, max ms): " + "; ".join(
        f"{op} {o['n']}, {_num(o['p50_ms'])}, {_num(o['p99_ms'])}, {_num(o['max_ms'])}"
        for op, o in result["ops"].items() if o["n"]))
    memory = result["memory"]
    verdict = {True: "flat", False: "GROWING", None: "not judged"}[memory["flat"]]
    slope = "n/a" if memory["slope_mb_per_min"] is None else f"{memory['slope_mb_per_min']:+.3f} MB/min"
    print(f"memory: {verdict} (slope over the last 2/3: {slope}; limit {memory['max_slope']} MB/min; "
          f"peak {_num(result['peak_rss_mb'])} MB){'; ' + memory['note'] if memory.get('note') else ''}")
    verify = result["verify"]
    print(f"verify: {verify['cases'] - verify['failed']}/{verify['cases']} cases verify; server exit code "
          f"{result['server_exit']}")
    for failure in result["failures"][:10]:
        print(f"failure: {failure}")
    for problem in verify["problems"][:10]:
        print(f"verify problem: {problem}")


def _num(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}" if value >= 10 else f"{value:.2f}"


if __name__ == "__main__":
    sys.exit(main())
