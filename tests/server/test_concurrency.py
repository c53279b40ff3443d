"""Concurrency: many clients writing to one case at once lose nothing and double nothing.

The extension's tabs, the dashboard and scripts all write to the same local server; the server
runs several worker threads. Whatever order their requests arrive in, every acknowledged write
is logged exactly once, the chain stays one unbroken line (indexes 0..n-1), and the same
scraped message is stored once however often and however concurrently it is sent.
"""
from __future__ import annotations

import base64
import hashlib
import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.conftest import LiveServer

API = "/api/v1"
GENESIS = "0" * 64
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))  # the server only checks the PNG signature


def open_case(server: LiveServer, order_id: str) -> str:
    resp = server.call("POST", f"{API}/assist", json={"platform": "aliexpress", "order": {"id": order_id}})
    assert resp.status_code == 200, resp.text
    return resp.json()["case_id"]


def get_case(server: LiveServer, case_id: str) -> dict:
    resp = server.call("GET", f"{API}/cases/{case_id}")
    assert resp.status_code == 200, resp.text
    return resp.json()


def run_together(n_clients: int, client, timeout: float = 60) -> list:
    """Run client(n, session) in n threads released at the same instant; return their results."""
    barrier = threading.Barrier(n_clients)

    def start(n: int):
        with requests.Session() as session:
            barrier.wait(timeout=10)
            return client(n, session)

    with ThreadPoolExecutor(n_clients) as pool:
        futures = [pool.submit(start, n) for n in range(n_clients)]
        return [future.result(timeout=timeout) for future in futures]


def test_eight_clients_writing_one_case_lose_nothing(live_server: LiveServer):
    server = live_server
    case_id = open_case(server, "CONC-1")
    clients, per_client, evidence_every = 8, 25, 5
    url, headers = server.url, server.headers()

    def client(n: int, session: requests.Session) -> list[tuple]:
        session.headers.update(headers)
        results = []
        for i in range(per_client):  # bounded; each request also has a timeout
            message = {"from": ("buyer", "seller")[i % 2], "text": f"client {n} message {i} — olá",
                       "sent_at": f"2026-11-21T08:{i:02d}:{n:02d}Z"}
            resp = session.post(f"{url}{API}/cases/{case_id}/messages", json={"messages": [message]}, timeout=30)
            results.append(("message", message, resp.status_code, resp.text))
            if i % evidence_every == evidence_every - 1:
                html = f"<html><p>client {n} snapshot {i}</p></html>"
                # Every client also sends the same screenshot bytes: one blob, written concurrently.
                resp = session.post(f"{url}{API}/cases/{case_id}/evidence", timeout=30, json={
                    "kind": "page_snapshot", "html": html, "image_png_base64": base64.b64encode(PNG).decode()})
                results.append(("evidence", html, resp.status_code, resp.text))
        return results

    results = [r for per in run_together(clients, client) for r in per]

    failures = [(kind, status, text[:300]) for kind, _, status, text in results if status != 200]
    assert not [f for f in failures if f[1] >= 500], f"server errors under concurrent writes: {failures[:5]}"
    assert not failures, f"non-200 answers under concurrent writes: {failures[:5]}"

    sent = [payload for kind, payload, _, _ in results if kind == "message"]
    message_acks = [json.loads(text) for kind, _, _, text in results if kind == "message"]
    evidence_acks = {json.loads(text)["evidence_id"]: html
                     for kind, html, _, text in results if kind == "evidence"}
    assert len(sent) == clients * per_client
    assert len(evidence_acks) == clients * per_client // evidence_every
    assert all((a["added"], a["duplicates"]) == (1, 0) for a in message_acks), \
        [a for a in message_acks if (a["added"], a["duplicates"]) != (1, 0)][:3]

    case = get_case(server, case_id)
    timeline = case["timeline"]
    n = len(sent) + len(evidence_acks)
    assert [entry["index"] for entry in timeline] == list(range(n)), "chain indexes are not 0..n-1 contiguous"

    logged = Counter((e["from"], e["text"], e["sent_at"]) for e in timeline if e["kind"] == "message")
    expected = Counter((m["from"], m["text"], m["sent_at"]) for m in sent)
    assert logged == expected, f"lost: {list(expected - logged)[:3]}, extra: {list(logged - expected)[:3]}"
    assert {e["evidence_id"] for e in timeline if e["kind"] == "evidence"} == set(evidence_acks)

    # The links the 200s reported form one chain, and it is the chain that was stored.
    links = [link for ack in message_acks for link in ack["chain"]]
    links += [json.loads(text)["chain"] for kind, _, _, text in results if kind == "evidence"]
    by_index = {link["index"]: link for link in links}
    assert sorted(by_index) == list(range(n)), "two acknowledged writes were given the same chain index"
    prev = GENESIS
    for index in range(n):
        assert by_index[index]["prev_hash"] == prev, f"record {index} does not link to record {index - 1}"
        assert by_index[index]["hash"] == timeline[index]["hash"]
        prev = by_index[index]["hash"]

    verify = server.call("GET", f"{API}/cases/{case_id}/verify").json()
    assert verify == {"ok": True, "records": n, "first_bad_index": None, "problem": None}
    for evidence_id, html in evidence_acks.items():
        got = server.call("GET", f"{API}/cases/{case_id}/evidence/{evidence_id}")
        assert got.status_code == 200 and got.content == html.encode()
    shot = server.call("GET", f"{API}/cases/{case_id}/evidence/{next(iter(evidence_acks))}", params={"part": "image"})
    assert shot.content == PNG and hashlib.sha256(shot.content).hexdigest() == shot.headers["X-Content-SHA256"]


def test_same_message_scraped_a_hundred_times_is_stored_once(live_server: LiveServer):
    server = live_server
    case_id = open_case(server, "CONC-2")
    url, headers = server.url, server.headers()
    same = {"from": "buyer", "text": "The parcel arrived damaged.\nPlease refund.", "sent_at": "2026-11-20T09:15:00Z"}

    def post(session: requests.Session, path: str, body: dict) -> dict:
        resp = session.post(f"{url}{API}{path}", json=body, headers=headers, timeout=30)
        assert resp.status_code == 200, resp.text
        return resp.json()

    # 60 at once from 8 clients, then 40 one after another: 100 scrapes of one message.
    def client(n: int, session: requests.Session) -> list[dict]:
        return [post(session, f"/cases/{case_id}/messages", {"messages": [same]})
                for _ in range(60 // 8 + (1 if n < 60 % 8 else 0))]

    answers = [a for per in run_together(8, client) for a in per]
    with requests.Session() as session:
        answers += [post(session, f"/cases/{case_id}/messages", {"messages": [same]}) for _ in range(40)]
    assert len(answers) == 100
    assert sum(a["added"] for a in answers) == 1
    assert sum(a["duplicates"] for a in answers) == 99

    # The same through /assist (the extension's path), with the message twice in one page and
    # a new message beside it; eight pages of a NEW order at once, then more, one by one.
    other = {"from": "seller", "text": "Sorry to hear that — could you send a photo?", "sent_at": "2026-11-20T10:00:00Z"}
    page = {"platform": "aliexpress", "page_type": "message", "order": {"id": "CONC-3"},
            "messages": [same, same, other]}

    def assist_client(n: int, session: requests.Session) -> dict:
        return post(session, "/assist", page)

    assists = run_together(8, assist_client)
    with requests.Session() as session:
        assists += [post(session, "/assist", page) for _ in range(4)]
    assert {a["case_id"] for a in assists} == {"aliexpress-CONC-3"}
    assert sum(1 for a in assists if a.get("case_created")) == 1, "the new case was created more than once"
    assert sum(a["messages_logged"]["added"] for a in assists) == 2
    assert sum(a["messages_logged"]["duplicates"] for a in assists) == 3 * len(assists) - 2

    # After a restart the server still knows what it has (the duplicate check is not just in memory).
    assert server.stop() == 0
    server.start()
    url, headers = server.url, server.headers()
    with requests.Session() as session:
        again = post(session, f"/cases/{case_id}/messages", {"messages": [same]})
        assert (again["added"], again["duplicates"]) == (0, 1)
        page_again = post(session, "/assist", page)
        assert page_again["messages_logged"] == {"added": 0, "duplicates": 3}

    for cid, expected in ((case_id, [same]), ("aliexpress-CONC-3", [same, other])):
        case = get_case(server, cid)
        logged = [(e["from"], e["text"], e["sent_at"]) for e in case["timeline"] if e["kind"] == "message"]
        assert logged == [(m["from"], m["text"], m["sent_at"]) for m in expected]
        assert case["verify"]["ok"] is True
