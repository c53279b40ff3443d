"""Issue 2: what durable storage costs, each figure beside a reference from the same run and disk.

1. A 2 MB page + 1 MB screenshot save through a real server, against raw write+fsync of
   the same bytes.
2. A message save and a small evidence save with 10,000 cases in the store, against 100.
3. Server start to first /health answer, and resident memory, with 10,000 cases.
"""
from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import statistics
import time
from pathlib import Path

import requests
from urllib3 import encode_multipart_formdata

from disputeclerk.storage import Store

from .common import Goal, Row, fsync_disabled, log, rss_mb, same_device, scratch, summary, timed_start
from .payloads import Png, page_html, small_html, stamp_html

NAME = "storage"
DESCRIPTION = "evidence save vs raw fsync; save latency at 100 vs 10,000 cases; start time and memory"

FULL = {"evidence_saves": 30, "scale_saves": 100, "startups": 3, "seed_with_fsync": True, "seed_budget_s": 90}
QUICK = {"evidence_saves": 8, "scale_saves": 30, "startups": 1, "seed_with_fsync": False, "seed_budget_s": None}

SMALL_CASES, LARGE_CASES = 100, 10_000
SAMPLED_CASES = 10          # message/evidence saves rotate over this many existing cases


def run(quick: bool) -> list[Row]:
    params = QUICK if quick else FULL
    with scratch(NAME) as root:
        rows = evidence_vs_raw(root, params["evidence_saves"])
        rows += store_size(root, params)
    return rows


# ----------------------------------------------------------------- helpers
def case_id(n: int) -> str:
    return f"ebay-{order_id(n)}"


def order_id(n: int) -> str:
    return f"12-{n // 100_000:05d}-{n % 100_000:05d}"


def seed_cases(data_dir: Path, count: int, *, fsync: bool = True, budget_s: float | None = None) -> dict:
    """Create `count` cases through the real Store, in this process, before any server starts.

    With `fsync=False` the Store's fsyncs are skipped (same bytes, no durability: fine for a
    fixture). With a `budget_s`, a disk so slow that seeding would blow the run's time budget
    gets fsync turned off after the first 300 cases; the result says so and projects the total."""
    store = Store(data_dir)
    marks: dict = {"fsync": "on" if fsync else "off"}
    started = last_started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if not fsync:
            stack.enter_context(fsync_disabled())
        for n in range(count):
            now = time.perf_counter()
            if n == 100:
                marks["first_100_s"] = now - started
            if fsync and budget_s and n == 300 and (now - started) / n * count > budget_s:
                marks["fsync"] = f"on for the first {n} cases, then off (over budget)"
                marks["projected_total_with_fsync_s"] = (now - started) / n * count
                stack.enter_context(fsync_disabled())
            if n == max(0, count - 100):
                last_started = now
            store.save_case(case_id(n), {"platform": "ebay", "order_id": order_id(n)})
    ended = time.perf_counter()
    marks.setdefault("first_100_s", ended - started)
    marks["last_100_s"] = ended - last_started
    marks["total_s"] = ended - started
    store.close()
    return marks


def raw_write(path: Path, data: bytes) -> None:
    """The reference: write a new file and fsync it -- what any durable save must at least do."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def json_body(payload: dict) -> bytes:
    # As the extension's JSON.stringify sends it: UTF-8, non-ASCII not escaped.
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def session_for(server) -> requests.Session:
    session = requests.Session()
    session.headers.update(server.headers(**{"Content-Type": "application/json"}))
    return session


def post(session: requests.Session, url: str, body: bytes, content_type: str | None = None) -> tuple[float, dict]:
    headers = {"Content-Type": content_type} if content_type else None
    started = time.perf_counter()
    answer = session.post(url, data=body, headers=headers, timeout=60)
    elapsed = time.perf_counter() - started
    if answer.status_code != 200:
        raise RuntimeError(f"POST {url} answered {answer.status_code}: {answer.text[:500]}")
    return elapsed, answer.json()


# ------------------------------------------------- 1. big evidence vs raw
def evidence_vs_raw(root: Path, saves: int) -> list[Row]:
    data_dir, raw_dir = root / "evidence-data", root / "raw"
    data_dir.mkdir()
    raw_dir.mkdir()
    case = case_id(1)
    seed_cases(data_dir, 2)
    html, png = page_html(2 * 1024 * 1024), Png(1024 * 1024)

    def payload(stamp: int) -> tuple[bytes, bytes, bytes, tuple[bytes, str]]:
        html_bytes = stamp_html(html, stamp).encode("utf-8")
        png_bytes = png.with_stamp(stamp)
        meta = {"kind": "page_snapshot", "url": f"https://www.ebay.com/vod/FetchOrderDetails?orderid={stamp}",
                "title": "Order details", "captured_at": "2024-05-21T10:00:00Z"}
        body = json_body({**meta, "html": html_bytes.decode("utf-8"),
                          "image_png_base64": base64.b64encode(png_bytes).decode("ascii")})
        # The same snapshot as the extension's FormData sends it to /evidence/upload.
        upload = encode_multipart_formdata({**meta, "html": ("page.html", html_bytes, "text/html"),
                                            "image": ("screenshot.png", png_bytes, "image/png")})
        return body, html_bytes, png_bytes, upload

    log(f"evidence: {saves} saves of 2 MB HTML + 1 MB PNG through a real server, and raw write+fsync")
    server, _ = timed_start(data_dir)
    server_times, upload_times, raw_times, transport_times = [], [], [], []
    try:
        session = session_for(server)
        url = f"{server.url}/api/v1/cases/{case}/evidence"
        for warm in range(2):
            body, _, _, (upload_body, upload_type) = payload(1_000_000 + warm)
            post(session, url, body)
            post(session, url + "/upload", upload_body, upload_type)
        for i in range(saves):
            body, html_bytes, png_bytes, (upload_body, upload_type) = payload(i)

            def timed_raw() -> None:
                started = time.perf_counter()
                raw_write(raw_dir / f"{i:04d}.html", html_bytes)
                raw_write(raw_dir / f"{i:04d}.png", png_bytes)
                raw_times.append(time.perf_counter() - started)

            if i % 2:                      # alternate the order so neither always runs on a "warmer" disk
                timed_raw()
            elapsed, result = post(session, url, body)
            server_times.append(elapsed)
            if not i % 2:
                timed_raw()
            if result["sha256"] != hashlib.sha256(html_bytes).hexdigest():
                raise RuntimeError("server stored different HTML bytes than were sent")
            elapsed, result = post(session, url + "/upload", upload_body, upload_type)
            upload_times.append(elapsed)
            if result["sha256"] != hashlib.sha256(html_bytes).hexdigest():
                raise RuntimeError("server stored different HTML bytes than were uploaded")
            # The same body to an endpoint that refuses POST after the gate: HTTP transfer only.
            started = time.perf_counter()
            refused = session.post(f"{server.url}/api/v1/health", data=body, timeout=60)
            transport_times.append(time.perf_counter() - started)
            if refused.status_code != 405:
                raise RuntimeError(f"expected 405 from POST /api/v1/health, got {refused.status_code}")
        memory = rss_mb(server.proc.pid)
    finally:
        server.stop()
    srv, raw, transport = summary(server_times), summary(raw_times), summary(transport_times)
    upload = summary(upload_times)
    details = {"body_bytes": len(body), "upload_body_bytes": len(upload_body), "html_bytes": len(html_bytes),
               "png_bytes": len(png_bytes), "server": srv, "upload": upload, "raw_write_fsync": raw,
               "transport_only": transport, "server_memory_mb": memory, "same_device": same_device(data_dir, raw_dir)}
    return [
        Row("evidence upload 2MB html+1MB png p50", upload["p50_ms"], "ms", raw["p50_ms"],
            "raw write+fsync of the same 2 files (new files), p50", Goal(1.5), details=details,
            note=f"n={saves}, multipart POST /evidence/upload (what the extension sends)"),
        Row("evidence upload 2MB html+1MB png p95", upload["p95_ms"], "ms", raw["p95_ms"],
            "raw write+fsync of the same 2 files, p95"),
        Row("evidence save as JSON+base64 p50", srv["p50_ms"], "ms", raw["p50_ms"],
            "raw write+fsync of the same 2 files (new files), p50", Goal(1.5),
            note=f"n={saves}, client-side (requests.Session), body {len(body) / 2**20:.2f} MiB"),
        Row("  of which HTTP transfer of the body p50", transport["p50_ms"], "ms", srv["p50_ms"],
            "the evidence save p50 above",
            note="same body POSTed to /api/v1/health (405 after the gate): send + waitress receive, no parsing"),
    ]


# ------------------------------------------------------ 2+3. store size
def store_size(root: Path, params: dict) -> list[Row]:
    dirs = {size: root / f"cases-{size}" for size in (SMALL_CASES, LARGE_CASES)}
    seeding = {}
    for size, data_dir in dirs.items():
        data_dir.mkdir()
        log(f"seeding {size:,} cases through Store (fsync {'on' if params['seed_with_fsync'] else 'off'})")
        seeding[size] = seed_cases(data_dir, size, fsync=params["seed_with_fsync"], budget_s=params["seed_budget_s"])
        log(f"seeded {size:,} cases in {seeding[size]['total_s']:.1f} s (fsync {seeding[size]['fsync']})")

    servers, startups, sessions, memory = {}, {size: [] for size in dirs}, {}, {}
    try:
        for size, data_dir in dirs.items():
            servers[size], timing = timed_start(data_dir)
            startups[size].append(timing)
            sessions[size] = session_for(servers[size])
        times = _interleaved_saves(servers, sessions, params["scale_saves"])
        for size, server in servers.items():
            memory[size] = rss_mb(server.proc.pid)
    finally:
        for server in servers.values():
            server.stop()
    for _ in range(params["startups"] - 1):
        for size, data_dir in dirs.items():
            server, timing = timed_start(data_dir)
            startups[size].append(timing)
            server.stop()

    small, large = SMALL_CASES, LARGE_CASES
    msg = {size: summary(times[size]["message"]) for size in dirs}
    ev = {size: summary(times[size]["evidence"]) for size in dirs}
    start_ms = {size: statistics.median(t["to_health"] for t in startups[size]) * 1000 for size in dirs}
    seed_large, seed_small = seeding[large], seeding[small]
    how = f"fsync {seed_large['fsync']}" + ("" if "projected_total_with_fsync_s" not in seed_large else
                                           f"; {seed_large['projected_total_with_fsync_s']:.0f} s projected with fsync")
    per_case_first = seed_large["first_100_s"] / 100 * 1000
    per_case_last = seed_large["last_100_s"] / 100 * 1000
    rss = {size: (memory[size] or {}).get("VmRSS") for size in dirs}
    n = params["scale_saves"]
    return [
        Row("message save p50 @10k cases", msg[large]["p50_ms"], "ms", msg[small]["p50_ms"],
            "same save with 100 cases", Goal(1.3), note=f"n={n} each, interleaved, {SAMPLED_CASES} cases rotated",
            details={"10000": msg[large], "100": msg[small]}),
        Row("small evidence (8KB page) save p50 @10k", ev[large]["p50_ms"], "ms", ev[small]["p50_ms"],
            "same save with 100 cases", Goal(1.3), note=f"n={n} each, interleaved",
            details={"10000": ev[large], "100": ev[small]}),
        Row("start -> first /health 200 @10k cases", start_ms[large], "ms", start_ms[small],
            "same with 100 cases", Goal(1500, on="value"),
            note=f"median of {params['startups']} start(s); page cache warm",
            details={"10000": startups[large], "100": startups[small]}),
        Row("server RSS after measurements @10k", rss[large], "MB", rss[small],
            "server with 100 cases, same requests", Goal(150, on="value"),
            note="VmRSS, MiB", details={"10000": memory[large], "100": memory[small]}),
        Row("seed 10,000 cases via Store", seed_large["total_s"], "s", seed_small["total_s"] * 100,
            "100 x the time for 100 cases (linear)", note=how,
            details={"10000": seed_large, "100": seed_small}),
        Row("case creation per case, last 100 of 10k", per_case_last, "ms", per_case_first,
            "first 100 cases", note=how),
    ]


def _interleaved_saves(servers: dict, sessions: dict, count: int) -> dict[int, dict[str, list[float]]]:
    """The same message and small-evidence saves on each server, alternating between them."""
    log(f"store size: {count} message saves and {count} small evidence saves per store, interleaved")
    sizes = list(servers)
    samples = {size: [case_id(j * size // SAMPLED_CASES) for j in range(SAMPLED_CASES)] for size in sizes}
    warm_case = {size: case_id(size - 1) for size in sizes}
    times = {size: {"message": [], "evidence": []} for size in sizes}

    def message(n: int) -> bytes:
        return json_body({"messages": [{"from": "buyer", "sent_at": f"2024-05-{n % 28 + 1:02d}T10:{n % 60:02d}:00Z",
                                        "text": f"Message {n}: the parcel still has not arrived, tracking shows "
                                                f"no movement since the 3rd. ¿Dónde está mi pedido?"}]})

    def evidence(n: int) -> bytes:
        return json_body({"kind": "page_snapshot", "url": f"https://www.ebay.com/ord/details?id={n}",
                          "title": "Order summary", "captured_at": "2024-05-21T10:00:00Z", "html": small_html(n)})

    def url(size: int, case: str, what: str) -> str:
        return f"{servers[size].url}/api/v1/cases/{case}/{what}"

    for size in sizes:                                   # warm up each server (first-request costs)
        for k in range(3):
            post(sessions[size], url(size, warm_case[size], "messages"), message(900_000 + k))
            post(sessions[size], url(size, warm_case[size], "evidence"), evidence(900_000 + k))
    for i in range(count):
        order = sizes if i % 2 == 0 else sizes[::-1]
        for size in order:
            case = samples[size][i % SAMPLED_CASES]
            times[size]["message"].append(post(sessions[size], url(size, case, "messages"), message(i))[0])
        for size in order:
            case = samples[size][i % SAMPLED_CASES]
            times[size]["evidence"].append(post(sessions[size], url(size, case, "evidence"), evidence(i))[0])
    return times
