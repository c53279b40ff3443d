"""Durability: what the server acknowledged survives a crash, and what was changed on disk is caught.

The contract: "A 200 on `messages` or `evidence` means the data is on disk (fsynced) and will be
there after a crash or a power cut." Each case's log is a hash chain, so changing a stored byte (a
snapshot's HTML, a message's text) makes `verify` fail at exactly that record. One data dir has one
server; a second refuses to start; SIGTERM stops the server cleanly.

Every test here runs the real `disputeclerk serve` process (see tests/conftest.py) and crashes it
with SIGKILL where the contract talks about crashes. Fifty kills during concurrent writes are the
crash test, `test_crash.py`, which shares these helpers.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import random
import re
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
import requests

from tests.conftest import LiveServer, run_cli

API = "/api/v1"


# ------------------------------------------------------------------ helpers
def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def png_bytes(rng: random.Random, size: int = 8) -> bytes:
    """A real (tiny, noisy) RGB PNG, different for every rng state."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + rng.randbytes(size * 3) for _ in range(size))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def open_case(server: LiveServer, order_id: str, **context) -> str:
    resp = server.call("POST", f"{API}/assist",
                       json={"platform": "aliexpress", "page_type": "order", "order": {"id": order_id}, **context})
    assert resp.status_code == 200, resp.text
    return resp.json()["case_id"]


def post_messages(server: LiveServer, case_id: str, messages: list[dict]) -> requests.Response:
    return server.call("POST", f"{API}/cases/{case_id}/messages", json={"messages": messages})


def post_snapshot(server: LiveServer, case_id: str, html: str, png: bytes, **meta) -> requests.Response:
    body = {"kind": "page_snapshot", "url": "https://www.aliexpress.com/p/order/detail.html",
            "title": "Order detail", "captured_at": "2026-11-21T08:00:00Z", "html": html,
            "image_png_base64": base64.b64encode(png).decode("ascii"), **meta}
    return server.call("POST", f"{API}/cases/{case_id}/evidence", json=body)


def get_case(server: LiveServer, case_id: str) -> dict:
    resp = server.call("GET", f"{API}/cases/{case_id}")
    assert resp.status_code == 200, resp.text
    return resp.json()


def get_verify(server: LiveServer, case_id: str) -> dict:
    resp = server.call("GET", f"{API}/cases/{case_id}/verify")
    assert resp.status_code == 200, resp.text
    return resp.json()


def logged_messages(case: dict) -> list[tuple]:
    return [(e["from"], e["text"], e["sent_at"]) for e in case["timeline"] if e["kind"] == "message"]


def as_tuple(message: dict) -> tuple:
    return message["from"], message["text"], message.get("sent_at")


def blob_file(data_dir: Path, digest: str) -> Path:
    return data_dir / "blobs" / digest[:2] / digest


def assert_chain_link_persisted(case: dict, link: dict) -> None:
    """The chain link a 200 reported is the one on disk: same index, same hash."""
    by_index = {entry["index"]: entry for entry in case["timeline"]}
    assert link["index"] in by_index, f"acknowledged record {link['index']} is not in the timeline"
    assert by_index[link["index"]]["hash"] == link["hash"]


# --------------------------------------------------------- kill -9 survival
def test_acknowledged_message_survives_kill_9(live_server: LiveServer):
    server = live_server
    case_id = open_case(server, "8123456789")
    assert case_id == "aliexpress-8123456789"
    first = {"from": "buyer", "text": "Olá, o pedido ainda não chegou.", "sent_at": "2026-11-20T10:00:00Z"}
    assert post_messages(server, case_id, [first]).status_code == 200
    sent = [
        {"from": "seller", "text": "Здравствуйте! Трек-номер: LP00123456789CN\r\n  Спасибо 📦",
         "sent_at": "2026-11-21T07:59:00Z"},
        {"from": "buyer", "text": "If it isn't here by Friday I'll open a dispute.", "sent_at": "Nov 21, 2026 8:01"},
    ]

    resp = post_messages(server, case_id, sent)
    server.kill9()  # the moment the 200 is in: no clean shutdown, no chance to flush anything

    assert resp.status_code == 200, resp.text
    ack = resp.json()
    assert (ack["added"], ack["duplicates"]) == (2, 0)

    server.start()
    case = get_case(server, case_id)
    logged = logged_messages(case)
    for message in [first, *sent]:
        assert logged.count(as_tuple(message)) == 1, f"acknowledged message lost or doubled: {message}"
    for link in ack["chain"]:
        assert_chain_link_persisted(case, link)
    assert get_verify(server, case_id) == {"ok": True, "records": 3, "first_bad_index": None, "problem": None}

    cli = run_cli("verify", data_dir=server.data_dir)
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert case_id in cli.stdout


def test_acknowledged_evidence_survives_kill_9(live_server: LiveServer):
    server = live_server
    case_id = open_case(server, "8123456790")
    assert post_messages(server, case_id, [{"from": "buyer", "text": "Item arrived broken",
                                            "sent_at": "2026-11-20T10:00:00Z"}]).status_code == 200
    # Bytes that a careless store would change: CRLF, trailing spaces, non-ASCII, a NUL-free but odd mix.
    html = ("<!doctype html>\r\n<html lang=\"pt\"><meta charset=\"utf-8\">\r\n"
            "<p>Pedido 8123456790 — Entregue ✅ 検品済み</p>  \r\n"
            "<p>Refund requested: $10.00</p>\t\n<script>/* kept as is */</script></html>\n")
    png = png_bytes(random.Random(7), size=16)

    resp = post_snapshot(server, case_id, html, png)
    server.kill9()

    assert resp.status_code == 200, resp.text
    ack = resp.json()
    html_bytes = html.encode("utf-8")
    assert ack["sha256"] == sha256(html_bytes)
    parts = {part["name"]: part for part in ack["parts"]}
    assert parts["image"]["sha256"] == sha256(png)

    server.start()
    got = server.call("GET", f"{API}/cases/{case_id}/evidence/{ack['evidence_id']}")
    assert got.status_code == 200, got.text
    assert got.content == html_bytes, "the stored page is not byte-for-byte what was sent"
    assert sha256(got.content) == ack["sha256"]
    image = server.call("GET", f"{API}/cases/{case_id}/evidence/{ack['evidence_id']}", params={"part": "image"})
    assert image.status_code == 200, image.text
    assert image.content == png
    assert sha256(image.content) == parts["image"]["sha256"]

    case = get_case(server, case_id)
    assert_chain_link_persisted(case, ack["chain"])
    evidence = [e for e in case["timeline"] if e["kind"] == "evidence"]
    assert [e["evidence_id"] for e in evidence] == [ack["evidence_id"]]
    assert get_verify(server, case_id)["ok"] is True

    cli = run_cli("verify", case_id, data_dir=server.data_dir)
    assert cli.returncode == 0, cli.stdout + cli.stderr


# ------------------------------------------------------- tamper detection
def test_changed_snapshot_byte_fails_verify_at_that_record(live_server: LiveServer):
    server = live_server
    case_id = open_case(server, "8123456791")
    def msg(i: int) -> dict:
        return {"from": "buyer", "text": f"message {i}", "sent_at": f"2026-11-20T10:0{i}:00Z"}

    rng = random.Random(11)
    assert post_messages(server, case_id, [msg(0), msg(1)]).status_code == 200
    first = post_snapshot(server, case_id, "<p>Tracking: delivered 2026-11-19</p>", png_bytes(rng))
    assert first.status_code == 200, first.text
    assert post_messages(server, case_id, [msg(2)]).status_code == 200
    second = post_snapshot(server, case_id, "<p>Buyer asks: Refund requested: $10.00</p>", png_bytes(rng))
    assert second.status_code == 200, second.text
    assert post_messages(server, case_id, [msg(3)]).status_code == 200
    assert get_verify(server, case_id)["ok"] is True

    target = second.json()
    bad_index = target["chain"]["index"]
    assert bad_index == 4 and first.json()["chain"]["index"] == 2
    path = blob_file(server.data_dir, target["sha256"])
    assert path.is_file(), f"snapshot bytes not at {path}"
    original = path.read_bytes()
    tampered = original.replace(b"$10.00", b"$90.00")
    assert len(tampered) == len(original) and sum(a != b for a, b in zip(original, tampered)) == 1
    mode = path.stat().st_mode & 0o777
    os.chmod(path, 0o600)
    path.write_bytes(tampered)
    os.chmod(path, mode)

    result = get_verify(server, case_id)
    assert result["ok"] is False
    assert result["records"] == 6
    assert result["first_bad_index"] == bad_index, result
    assert get_case(server, case_id)["verify"]["first_bad_index"] == bad_index

    cli = run_cli("verify", case_id, data_dir=server.data_dir)
    assert cli.returncode == 1, cli.stdout + cli.stderr
    assert "FAILED" in cli.stdout and case_id in cli.stdout
    assert re.search(rf"\brecord {bad_index}\b", cli.stdout), f"the CLI does not name record {bad_index}: {cli.stdout}"

    refused = server.call("GET", f"{API}/cases/{case_id}/export")
    assert refused.status_code == 409
    assert refused.headers["Content-Type"].startswith("application/json")
    error = refused.json()["error"]
    assert error["code"] == "case_failed_verify"
    assert isinstance(error["message"], str) and error["message"]

    forced = server.call("GET", f"{API}/cases/{case_id}/export", params={"force": "true"})
    assert forced.status_code == 200, forced.text
    assert forced.headers["Content-Type"].startswith("application/zip")
    with zipfile.ZipFile(io.BytesIO(forced.content)) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    assert manifest["verified"] is False
    assert manifest["verify"]["first_bad_index"] == bad_index


@pytest.mark.parametrize("server_running", [False, True], ids=["server_stopped", "server_running"])
def test_edited_message_text_fails_verify(live_server: LiveServer, server_running: bool):
    """Someone rewrites what the buyer said in case.json: verify names that record.

    Both with the server stopped (seen at the next start) and while it runs (its verify must
    reflect what is stored on disk now, as the CLI's does).
    """
    server = live_server
    case_id = open_case(server, "8123456792")
    messages = [{"from": "buyer", "text": "The item arrived today.", "sent_at": "2026-11-19T10:00:00Z"},
                {"from": "seller", "text": "Great, enjoy it!", "sent_at": "2026-11-19T11:00:00Z"},
                {"from": "buyer", "text": "Actually one sleeve is torn.", "sent_at": "2026-11-20T09:00:00Z"}]
    assert post_messages(server, case_id, messages[:2]).status_code == 200
    assert post_snapshot(server, case_id, "<p>Delivered</p>", png_bytes(random.Random(3))).status_code == 200
    resp = post_messages(server, case_id, messages[2:])
    assert resp.status_code == 200
    assert get_verify(server, case_id)["ok"] is True
    bad_index = 0  # "The item arrived today." -> a record the buyer never wrote

    if not server_running:
        assert server.stop() == 0
    path = server.data_dir / "cases" / case_id / "case.json"
    doc = json.loads(path.read_text("utf-8"))
    edited = [r for r in doc["log"].values() if r.get("index") == bad_index]
    assert len(edited) == 1 and edited[0]["content"]["text"] == "The item arrived today."
    edited[0]["content"]["text"] = "The item never arrived."
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")

    cli = run_cli("verify", case_id, data_dir=server.data_dir)
    assert cli.returncode == 1, cli.stdout + cli.stderr
    assert re.search(rf"\brecord {bad_index}\b", cli.stdout), cli.stdout

    if not server_running:
        server.start()
    result = get_verify(server, case_id)
    assert result["ok"] is False and result["first_bad_index"] == bad_index, \
        f"GET /verify does not see the edited message (the CLI does: {cli.stdout.strip()!r}): {result}"
    assert result["records"] == 4


# ------------------------------------------------------- one server per dir
def test_second_server_on_same_data_dir_refuses(live_server: LiveServer):
    first = live_server
    data_dir = first.data_dir
    running = json.loads((data_dir / "server.json").read_text())

    second = subprocess.Popen(
        [sys.executable, "-m", "disputeclerk", "serve", "--port", "0", "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = second.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        second.kill()
        out, err = second.communicate()
        pytest.fail(f"a second server kept running on the same data dir:\n{out}{err}")

    assert second.returncode == 2, out + err
    said = out + err
    assert str(data_dir) in said, f"the refusal does not name the data dir: {said!r}"
    assert "running at" not in said and "Pairing code" not in said, said

    # The first server is untouched: alive, answering, writing, still the one server.json names.
    assert first.proc is not None and first.proc.poll() is None
    assert json.loads((data_dir / "server.json").read_text()) == running
    assert first.call("GET", f"{API}/health", auth=False).status_code == 200
    case_id = open_case(first, "8123456793")
    resp = post_messages(first, case_id, [{"from": "buyer", "text": "still here?", "sent_at": None}])
    assert resp.status_code == 200 and resp.json()["added"] == 1


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_sigterm_stops_cleanly(live_server: LiveServer, sig):
    server = live_server
    data_dir = server.data_dir
    case_id = open_case(server, "8123456794")
    message = {"from": "buyer", "text": "Written just before SIGTERM", "sent_at": "2026-11-21T08:00:00Z"}
    assert post_messages(server, case_id, [message]).status_code == 200
    assert json.loads((data_dir / "server.json").read_text())["pid"] == server.proc.pid

    started = time.monotonic()
    code = server.stop(sig)
    assert code == 0, f"exit code {code} after {sig.name}"
    assert time.monotonic() - started < 10
    assert "stopped" in "".join(server.output).lower(), "".join(server.output)
    assert not (data_dir / "server.json").exists(), "server.json left behind after a clean stop"

    again = LiveServer(data_dir).start()
    try:
        assert again.call("GET", f"{API}/health", auth=False).status_code == 200
        assert as_tuple(message) in logged_messages(get_case(again, case_id))
    finally:
        assert again.stop() == 0
