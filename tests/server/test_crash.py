"""The crash test (issue 8): `kill -9` the real server at random moments during concurrent writes.

Each round, five client threads write to one server for a random 0.05–0.6 s: two send message
batches to three shared cases (a new three every ten kills), one saves page snapshots as JSON + base64, one uploads them as
multipart (small parts, or one of ~1 MB: the HTML or the PNG), one opens new cases with messages
through `/assist`. Then the server gets SIGKILL, wherever it is. Every 200 is written down: the messages
with their chain index and hash, the evidence id with each part's SHA-256 and its chain link.

After each kill, on the same data dir:
- no file the server owns is torn (every JSON parses, every blob hashes to its name); the temp
  files a kill leaves break nothing and are gone once the server has restarted and opened the cases;
- `disputeclerk verify` (all cases, read-only, on the state the crash left) exits 0 and names
  every acknowledged case, while the server restarts beside it;
- in every case written since the last kill, every acknowledged message and evidence record is in
  the timeline at the index and with the hash the 200 named; indices run 0..n-1; `GET .../verify`
  is ok; every part of this round's acknowledged evidence reads back byte for byte;
- a write the kill cut off (no answer) is all there or not there at all, never half a batch,
  never twice; the next round sends its messages again, as the extension would, and they are
  stored once (the dedupe state survived the crash);
- the next round's writes go on as before.
At the end every acknowledged case is listed by the server and checked in full.

50 kills by default (about a minute). Longer: `DISPUTECLERK_CRASH_KILLS=500 bash tests/run
tests/server/test_crash.py`. Every failure names the seed; `DISPUTECLERK_CRASH_SEED=N` replays the
same kill moments and payloads (the threads' interleaving is the machine's). `-s` prints the tally.
"""
from __future__ import annotations

import base64
import json
import os
import random
import re
import struct
import threading
import time
import zlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
import requests

from tests.conftest import LiveServer, run_cli

from .test_durability import API, as_tuple, open_case, png_bytes, sha256

pytestmark = pytest.mark.crash

KILLS = int(os.environ.get("DISPUTECLERK_CRASH_KILLS", "50"))
BURST_SECONDS = (0.05, 0.6)
KILLS_PER_CASE_SET = 10   # then three new shared cases: what one round re-reads stays bounded
ROLES = ("messages", "messages", "evidence_json", "upload", "assist")
BIG = 1_000_000  # "~1 MB" parts

# What sellers' buyers write: several scripts, right-to-left, emoji, CRLF and trailing spaces.
NON_LATIN = ("包裹还没有收到，请尽快处理。", "لم يصل الطلب بعد، أريد استرداد المبلغ", "Посылка не пришла ✓ 📦")
TEXTS = ("Where is my parcel? 📦", "El paquete llegó roto.\r\nQuiero un reembolso.  ",
         "Merci, bien reçu 🙏\tà bientôt", *NON_LATIN)


@dataclass
class Write:
    """One request a writer sent: what must be in the log if it landed."""
    kind: str                      # messages | evidence_json | upload | assist
    case_id: str
    tag: str
    messages: list[dict] = field(default_factory=list)
    parts: dict[str, bytes] = field(default_factory=dict)   # evidence: part name -> bytes sent
    order_id: str = ""
    retry: bool = False            # sent again after a kill cut it off: may already be stored

    def part_hashes(self) -> dict[str, str]:
        return {name: sha256(data) for name, data in self.parts.items()}


@dataclass
class EvidenceAck:
    case_id: str
    index: int
    hash: str
    sha256: str
    parts: dict[str, str]          # part name -> SHA-256 the 200 reported


class Ledger:
    """Every acknowledged write, every write cut off by a kill, and what to check next."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        # case -> message tuple -> (index, hash) from the 200, or None when /assist logged it
        self.messages: dict[str, dict[tuple, tuple[int, str] | None]] = {}
        self.evidence: dict[str, EvidenceAck] = {}
        self.new_evidence: list[tuple[str, Write]] = []    # this round's acks, bytes kept to read back
        self.in_flight: list[Write] = []
        self.retries: list[Write] = []                     # cut-off messages the next round sends again
        self.touched: set[str] = set()                     # cases written since the last check
        self.surprises: list[str] = []
        self.tally = {"acks": 0, "acked_messages": 0, "acked_evidence": 0, "acked_cases": 0, "big_parts": 0,
                      "in_flight": 0, "in_flight_present": 0, "in_flight_absent": 0, "retried": 0}

    def acknowledge(self, write: Write, body: dict) -> None:
        with self.lock:
            self.tally["acks"] += 1
            self.touched.add(write.case_id)
            if write.messages:
                self._acknowledge_messages(write, body)
            else:
                parts = {part["name"]: part["sha256"] for part in body["parts"]}
                if parts != write.part_hashes():
                    self.surprises.append(f"{write.tag}: the 200 reports other hashes than were sent: {parts}")
                self.evidence[body["evidence_id"]] = EvidenceAck(
                    write.case_id, body["chain"]["index"], body["chain"]["hash"], body["sha256"], parts)
                self.new_evidence.append((body["evidence_id"], write))
                self.tally["acked_evidence"] += 1
                self.tally["big_parts"] += sum(len(data) >= BIG for data in write.parts.values())

    def _acknowledge_messages(self, write: Write, body: dict) -> None:
        counted = body["messages_logged"] if write.kind == "assist" else body
        added, sent = counted["added"], len(write.messages)
        # New messages are all added; a batch sent again was either all lost or all stored.
        if added + counted["duplicates"] != sent or added not in ((0, sent) if write.retry else (sent,)):
            self.surprises.append(f"{write.tag}: {sent} messages sent{' again' if write.retry else ''}, "
                                  f"answer {counted}")
        logged = self.messages.setdefault(write.case_id, {})
        if write.kind == "assist":
            self.tally["acked_cases"] += body["case_id"] == write.case_id and not write.retry
            logged.update((as_tuple(m), None) for m in write.messages)
        elif added:
            if len(body["chain"]) != sent:
                self.surprises.append(f"{write.tag}: {sent} messages added, chain {body['chain']}")
            for message, link in zip(write.messages, body["chain"]):
                logged[as_tuple(message)] = (link["index"], link["hash"])
        else:
            logged.update((as_tuple(m), None) for m in write.messages)
        self.tally["acked_messages"] += sent
        self.tally["retried"] += write.retry

    def take_retry(self, kind: str) -> Write | None:
        with self.lock:
            for position, write in enumerate(self.retries):
                if write.kind == kind:
                    return self.retries.pop(position)
        return None

    def acked_cases(self) -> set[str]:
        return set(self.messages) | {ack.case_id for ack in self.evidence.values()}

    def cut_off(self, write: Write) -> None:
        with self.lock:
            self.in_flight.append(write)
            self.touched.add(write.case_id)
            self.tally["in_flight"] += 1


# ------------------------------------------------------------------ payloads
def png_with_tag(png: bytes, tag: str) -> bytes:
    """The same PNG made unique by a tEXt chunk before IEND (content addressing must not dedupe it)."""
    data = b"crash\x00" + tag.encode()
    chunk = struct.pack(">I", len(data)) + b"tEXt" + data + struct.pack(">I", zlib.crc32(b"tEXt" + data))
    return png[:-12] + chunk + png[-12:]


class Payloads:
    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.big_html = ("<main>" + rng.randbytes(BIG // 2).hex() + "</main>").encode()
        self.big_png = png_bytes(rng, size=580)   # 580×580 RGB noise: ~1 MB that does not compress
        self.small_png = png_bytes(rng, size=12)

    def messages(self, rng: random.Random, tag: str, texts: tuple[str, ...] = TEXTS) -> list[dict]:
        return [{"from": rng.choice(("buyer", "seller")), "text": f"{tag}.{k} {rng.choice(texts)}",
                 "sent_at": rng.choice((None, f"2026-11-21T08:{k:02d}:00Z", "Nov 21, 2026 8:01 PM"))}
                for k in range(rng.randint(1, 3))]

    def snapshot(self, rng: random.Random, tag: str, big: str | None) -> dict[str, bytes]:
        """A page snapshot; `big` names the part that weighs ~1 MB (html or image), if any."""
        head = f"<!doctype html><title>{tag}</title><p>Pedido {tag} — Entregue ✅</p>\r\n".encode()
        parts = {"html": head + (self.big_html if big == "html" else b""),
                 "image": png_with_tag(self.big_png if big == "image" else self.small_png, tag)}
        if rng.random() < 0.5:
            parts["text"] = f"Pedido {tag} — Entregue ✅ {rng.choice(TEXTS)}".encode()
        return parts

    def write(self, role: str, rng: random.Random, tag: str, shared: list[str]) -> Write:
        if role == "messages":
            return Write(role, rng.choice(shared), tag, messages=self.messages(rng, tag))
        if role == "assist":
            # Buyers of new cases write in scripts the server tells apart without its Latin-language
            # model, which loads for about a second after each start: Latin text would make every
            # round's first /assist wait for it instead of writing while the kill comes.
            order_id = tag.replace(" ", "-").replace("#", "")
            return Write(role, open_case_id(order_id), tag, messages=self.messages(rng, tag, NON_LATIN),
                         order_id=order_id)
        big = rng.choice(("html", "image")) if rng.random() < (0.1 if role == "evidence_json" else 0.3) else None
        return Write(role, rng.choice(shared), tag, parts=self.snapshot(rng, tag, big))


def open_case_id(order_id: str) -> str:
    return f"aliexpress-{order_id}"


class Client:
    """One keep-alive connection to the server as it runs now, with its token (one per thread)."""

    def __init__(self, server: LiveServer) -> None:
        self.api = server.url + API
        self.session = requests.Session()
        self.session.headers.update(server.headers())

    def get(self, path: str, **params) -> requests.Response:
        return self.session.get(self.api + path, params=params, timeout=30)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.session.post(self.api + path, timeout=30, **kwargs)


def send(client: Client, write: Write) -> requests.Response:
    case = f"/cases/{write.case_id}"
    sent = [{"from": m["from"], "text": m["text"], "sent_at": m["sent_at"]} for m in write.messages]
    if write.kind == "messages":
        return client.post(f"{case}/messages", json={"messages": sent})
    if write.kind == "assist":
        return client.post("/assist", json={
            "platform": "aliexpress", "page_type": "dispute", "order": {"id": write.order_id},
            "dispute": {"reason": "Item not received"}, "messages": sent})
    if write.kind == "evidence_json":
        body = {"kind": "page_snapshot", "url": "https://www.aliexpress.com/p/order/detail.html",
                "title": write.tag, "html": write.parts["html"].decode(),
                "image_png_base64": base64.b64encode(write.parts["image"]).decode("ascii")}
        if "text" in write.parts:
            body["text"] = write.parts["text"].decode()
        return client.post(f"{case}/evidence", json=body)
    files = {name: (f"{name}.bin", data, "application/octet-stream") for name, data in write.parts.items()}
    return client.post(f"{case}/evidence/upload", files=files, data={
        "kind": "page_snapshot", "url": "https://www.aliexpress.com/p/order/detail.html", "title": write.tag})


def writer(role: str, rng: random.Random, label: str, client: Client, payloads: Payloads, shared: list[str],
           ledger: Ledger, stop: threading.Event) -> None:
    """Write as fast as the server answers until stopped; first what the last kill cut off."""
    deadline = time.monotonic() + 30   # bounded: the kill comes long before
    seq = 0
    while not stop.is_set() and time.monotonic() < deadline:
        write = ledger.take_retry(role) or payloads.write(role, rng, f"{label} #{seq}", shared)
        seq += 1
        try:
            resp = send(client, write)
            body = resp.json() if resp.status_code == 200 else None
        except (requests.RequestException, ValueError):
            ledger.cut_off(write)     # no answer (or half of one): never acknowledged
            return
        if body is None:
            with ledger.lock:
                ledger.surprises.append(f"{write.tag}: HTTP {resp.status_code} {resp.text[:300]}")
            return
        ledger.acknowledge(write, body)


# ------------------------------------------------------------------ checks
class TornFileCheck:
    """After a kill: every JSON file the server owns parses and every blob hashes to its name.

    Files already checked and unchanged since (same mtime and size) are not read again, so the
    check costs what the last round wrote, not everything stored so far.
    """
    TEMP = re.compile(r"^\..*\.tmp$")

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.seen: dict[Path, tuple[int, int]] = {}
        self.temp_files: dict[Path, str] = {}    # stray temp file -> the kill that left it

    def __call__(self, where: str) -> None:
        for path in self.data_dir.rglob("*"):
            if not path.is_file():
                continue
            if self.TEMP.match(path.name):
                self.temp_files.setdefault(path, where)
                continue
            st = path.stat()
            if self.seen.get(path) == (st.st_mtime_ns, st.st_size):
                continue
            rel = path.relative_to(self.data_dir)
            if rel.parts[0] == "blobs":
                assert sha256(path.read_bytes()) == path.name, f"blob {rel} is torn after kill -9 {where}"
            elif path.suffix == ".json":
                try:
                    json.loads(path.read_bytes())
                except ValueError as exc:
                    raise AssertionError(f"{rel} is torn after kill -9 {where}: {exc}") from None
            self.seen[path] = (st.st_mtime_ns, st.st_size)

    def swept(self, where: str) -> None:
        """Once the server has restarted and opened the cases it wrote, no stray temp file is left."""
        left = [str(path.relative_to(self.data_dir)) for path in self.temp_files if path.exists()]
        assert not left, f"temp files a kill left are still there after the restart {where}: {left[:5]}"

    def temp_summary(self) -> str:
        areas = Counter(path.relative_to(self.data_dir).parts[0] for path in self.temp_files)
        return ", ".join(f"{count} in {area}/" for area, count in sorted(areas.items()))


def cli_verify_ok(cli, case_ids, where: str) -> None:
    assert cli.returncode == 0, f"disputeclerk verify failed {where}\n{cli.stdout}{cli.stderr}"
    summary = re.search(r"(\d+) of (\d+) case\(s\) verify", cli.stdout)
    assert summary and summary[1] == summary[2], cli.stdout
    verified = set(re.findall(r"^ok +(\S+) ", cli.stdout, re.M))
    missing = set(case_ids) - verified
    assert not missing, f"acknowledged cases the CLI did not verify {where}: {sorted(missing)[:5]}"


def check_case(client: Client, ledger: Ledger, case_id: str, in_flight: list[Write], where: str) -> list[Write]:
    """Acknowledged writes at their index with their hash; cut-off writes all or nothing; no gaps;
    the case verifies (`GET /cases/{id}` recomputes every hash from the stored bytes).

    Returns the cut-off message writes, to be sent again (evidence sent again is a new record)."""
    resp = client.get(f"/cases/{case_id}")
    if resp.status_code == 404 and case_id not in ledger.acked_cases():
        # An /assist cut off before its case was written: absent, which is fine.
        assert in_flight and all(w.kind == "assist" for w in in_flight), f"{case_id} vanished {where}"
        ledger.tally["in_flight_absent"] += len(in_flight)
        return [replace(write, retry=True) for write in in_flight]
    assert resp.status_code == 200, f"{case_id}: {resp.status_code} {resp.text[:300]} {where}"
    case = resp.json()
    timeline = case["timeline"]
    assert case["verify"] == {"ok": True, "records": len(timeline), "first_bad_index": None, "problem": None}, \
        f"{case_id} fails verify {where}: {case['verify']}"
    indices = [entry["index"] for entry in timeline]
    assert indices == list(range(len(timeline))), f"{case_id}: chain indices have gaps {indices} {where}"
    by_index = {entry["index"]: entry for entry in timeline}
    seen: dict[tuple, int] = {}
    for entry in timeline:
        if entry["kind"] == "message":
            key = as_tuple(entry)
            seen[key] = seen.get(key, 0) + 1
    doubled = [key for key, count in seen.items() if count > 1]
    assert not doubled, f"{case_id}: messages logged twice {doubled[:3]} {where}"

    for message, link in ledger.messages.get(case_id, {}).items():
        assert message in seen, f"{case_id}: acknowledged message lost: {message} {where}"
        if link is not None:
            entry = by_index.get(link[0])
            assert entry is not None and as_tuple(entry) == message and entry["hash"] == link[1], \
                f"{case_id}: acknowledged message {message} is not record {link[0]} with hash {link[1]} {where}"
    evidence_parts = [{p["name"]: p["sha256"] for p in e["parts"]} for e in timeline if e["kind"] == "evidence"]
    for evidence_id, ack in ledger.evidence.items():
        if ack.case_id != case_id:
            continue
        entry = by_index.get(ack.index)
        assert entry is not None and entry.get("evidence_id") == evidence_id and entry["hash"] == ack.hash, \
            f"{case_id}: acknowledged evidence {evidence_id} is not record {ack.index} {where}"
        assert {p["name"]: p["sha256"] for p in entry["parts"]} == ack.parts, f"{evidence_id} parts {where}"

    again = []
    for write in in_flight:
        if write.messages:
            present = sum(as_tuple(m) in seen for m in write.messages)
            assert present in (0, len(write.messages)), \
                f"{case_id}: {present} of {len(write.messages)} messages of a cut-off batch {write.tag} {where}"
            landed = bool(present)
        else:
            landed = evidence_parts.count(write.part_hashes())
            assert landed in (0, 1), f"{case_id}: cut-off evidence {write.tag} logged {landed} times {where}"
        ledger.tally["in_flight_present" if landed else "in_flight_absent"] += 1
        if write.messages:
            again.append(replace(write, retry=True))
    return again


def check_new_evidence_bytes(client: Client, ledger: Ledger, where: str) -> None:
    for evidence_id, write in ledger.new_evidence:
        ack = ledger.evidence[evidence_id]
        path = f"/cases/{ack.case_id}/evidence/{evidence_id}"
        for name, data in write.parts.items():
            # A page snapshot's HTML is its main part: GET answers it without ?part=, the 200 named it `sha256`.
            got = client.get(path) if name == "html" else client.get(path, part=name)
            assert got.status_code == 200, f"{evidence_id} {name}: {got.status_code} {where}"
            hashes = {sha256(got.content), got.headers["X-Content-SHA256"], ack.parts[name]}
            assert hashes == {ack.sha256 if name == "html" else ack.parts[name]}, \
                f"evidence {evidence_id} part {name}: the bytes, the header and the 200 disagree {hashes} {where}"
            assert got.content == data, f"evidence {evidence_id} part {name} is not byte for byte {where}"
    ledger.new_evidence.clear()


# ------------------------------------------------------------------ the test
def test_kill_9_at_random_moments_loses_no_acknowledged_write(tmp_path):
    seed = int(os.environ.get("DISPUTECLERK_CRASH_SEED") or random.randrange(2**32))
    print(f"crash test: {KILLS} kills, seed {seed} (replay: DISPUTECLERK_CRASH_SEED={seed})")
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    payloads = Payloads(seed)
    ledger = Ledger()
    torn_check = TornFileCheck(data_dir)
    started = time.monotonic()
    server = LiveServer(data_dir)
    server.stderr_path = tmp_path / "server.log"    # a restart that fails says why
    server.start()
    shared: list[str] = []
    try:
        for kill in range(1, KILLS + 1):
            where = f"(kill {kill} of {KILLS}; replay: DISPUTECLERK_CRASH_SEED={seed})"
            if kill % KILLS_PER_CASE_SET == 1:
                shared = [open_case(server, f"CRASH-{kill}-{name}") for name in "ABC"]
                for case_id in shared:
                    ledger.messages[case_id] = {}     # acknowledged: it must survive every kill
            stop = threading.Event()
            threads = [threading.Thread(target=writer, daemon=True, args=(
                role, random.Random(f"{seed}-{kill}-{n}"), f"k{kill} w{n}", Client(server), payloads, shared,
                ledger, stop)) for n, role in enumerate(ROLES)]
            for thread in threads:
                thread.start()
            time.sleep(rng.uniform(*BURST_SECONDS))
            assert server.proc is not None and server.proc.poll() is None, f"the server died on its own {where}"
            stop.set()      # first, so that every write cut off below was sent before the kill
            server.kill9()
            for thread in threads:
                thread.join(timeout=30)
            assert not any(t.is_alive() for t in threads), f"a writer hung after the kill {where}"
            assert not ledger.surprises, f"answers other than 200 before the kill {where}: {ledger.surprises[:5]}"

            torn_check(where)
            acked_cases = ledger.acked_cases()
            with ThreadPoolExecutor(1) as pool:    # the CLI reads the crashed state while the server restarts
                cli = pool.submit(run_cli, "verify", data_dir=data_dir)
                server.start()
                cli_verify_ok(cli.result(), acked_cases, where)

            client = Client(server)
            in_flight, ledger.in_flight = ledger.in_flight, []
            touched, ledger.touched = ledger.touched, set()
            for case_id in sorted(touched):
                ledger.retries += check_case(
                    client, ledger, case_id, [w for w in in_flight if w.case_id == case_id], where)
            check_new_evidence_bytes(client, ledger, where)
            torn_check.swept(where)

        # The last restart takes writes too, and every case ever acknowledged is whole.
        where = f"(after {KILLS} kills; replay: DISPUTECLERK_CRASH_SEED={seed})"
        client = Client(server)
        for write in ledger.retries:
            resp = send(client, write)
            assert resp.status_code == 200, f"{write.tag} sent again: {resp.status_code} {resp.text[:300]} {where}"
            ledger.acknowledge(write, resp.json())
        for case_id in shared:
            write = Write("messages", case_id, f"after kill {KILLS}", messages=[
                {"from": "seller", "text": f"after the last kill ({seed})", "sent_at": None}])
            before = len(client.get(f"/cases/{write.case_id}", verify="none").json()["timeline"])
            resp = send(client, write)
            assert resp.status_code == 200 and resp.json()["chain"][0]["index"] == before, resp.text
            ledger.acknowledge(write, resp.json())
        assert not ledger.surprises, f"unexpected answers {where}: {ledger.surprises[:5]}"
        acked_cases = ledger.acked_cases()
        listed = client.get("/cases", limit=10_000).json()["cases"]
        missing = acked_cases - {row["case_id"] for row in listed}
        assert not missing, f"acknowledged cases not listed {where}: {sorted(missing)[:5]}"
        for case_id in sorted(acked_cases):
            check_case(client, ledger, case_id, [], where)
        assert server.stop() == 0
        cli_verify_ok(run_cli("verify", data_dir=data_dir), acked_cases, where)
    finally:
        server.stop()

    tally = ledger.tally
    print(f"crash test: {KILLS} kills in {time.monotonic() - started:.1f} s; checked {tally['acks']} acknowledged "
          f"writes ({tally['acked_messages']} messages, {tally['acked_evidence']} evidence records with "
          f"{tally['big_parts']} parts of ~1 MB, {tally['acked_cases']} new cases); {tally['in_flight']} writes "
          f"cut off: {tally['in_flight_present']} present, {tally['in_flight_absent']} absent "
          f"({tally['retried']} message batches sent again); "
          f"stray temp files left by the kills: {torn_check.temp_summary() or 'none'}")
    # A run where the writes never overlapped a kill, or never sent a large part, would prove little.
    assert tally["in_flight"] >= KILLS // 2 and tally["acked_evidence"] and tally["acked_cases"], tally
    assert tally["big_parts"] or KILLS < 10, tally
