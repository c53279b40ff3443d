"""Storage: atomic files, TinyDB per case plus a sharded index, the hash chain."""
from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from disputeclerk.storage import EvidencePart, ReadOnlyStoreError, Store
from disputeclerk.storage import store as store_module
from disputeclerk.storage.atomic import write_atomic


def test_atomic_write_is_never_torn_by_kill_9(tmp_path):
    """A process killed mid-write leaves the old file or the new one, whole."""
    target = tmp_path / "state.json"
    child = textwrap.dedent(f"""
        import json, sys
        from pathlib import Path
        from disputeclerk.storage.atomic import write_atomic
        i = 0
        while True:
            write_atomic(Path({str(target)!r}), json.dumps({{"i": i, "pad": "x" * 400000}}).encode())
            i += 1
            if i == 1:
                print("ready", flush=True)
    """)
    rng = random.Random(7)
    for _ in range(8):
        proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.kill()
        proc.wait()
        proc.stdout.close()
        state = json.loads(target.read_bytes())
        assert len(state["pad"]) == 400000
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # Temp files of a killed writer may remain; the store sweeps them when it opens the folder.
    from disputeclerk.storage.atomic import remove_stale_temp_files
    assert remove_stale_temp_files(tmp_path) == len(leftovers)
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_atomic_write_replaces_content_and_sets_private_mode(tmp_path):
    target = tmp_path / "a.json"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert oct(target.stat().st_mode & 0o777) == "0o600"


class FakeFcntl:
    """Stands for macOS's fcntl: records F_FULLFSYNC calls, or refuses them like a file system
    without support."""

    F_FULLFSYNC = 51

    def __init__(self, refuse: bool) -> None:
        self.refuse, self.calls = refuse, []

    def fcntl(self, fd, command):
        self.calls.append(command)
        if self.refuse:
            raise OSError(45, "Operation not supported")
        return 0


@pytest.mark.parametrize("refuse", [False, True])
def test_writes_are_flushed_past_the_drive_cache_where_the_system_offers_it(tmp_path, monkeypatch, refuse):
    from disputeclerk.storage import atomic

    fake, fsynced = FakeFcntl(refuse), []
    monkeypatch.setattr(atomic, "fcntl", fake)
    monkeypatch.setattr(atomic, "_FULLFSYNC", FakeFcntl.F_FULLFSYNC)
    monkeypatch.setattr(atomic.os, "fsync", fsynced.append)
    write_atomic(tmp_path / "a.json", b"kept")
    assert (tmp_path / "a.json").read_bytes() == b"kept"
    expected = 2 if atomic._DIR_FSYNC else 1                # the file, then its folder
    assert fake.calls == [FakeFcntl.F_FULLFSYNC] * expected
    assert len(fsynced) == (expected if refuse else 0), "fsync only where F_FULLFSYNC is refused"


def make_case(store: Store, case_id: str = "ebay-1") -> str:
    store.save_case(case_id, {"platform": "ebay", "order_id": case_id.split("-", 1)[1]})
    return case_id


def test_opening_the_store_sweeps_temp_files_a_kill_left(tmp_path):
    """A kill -9 during an upload leaves its temp file (as large as the upload) in blobs/ab/, and one
    during a new case's first write leaves a folder with only a temp file; the crash test found both
    staying for ever. The server's store removes them when it starts; blobs and cases stay."""
    store = Store(tmp_path)
    make_case(store)
    record = store.add_evidence("ebay-1", {"kind": "note"}, [EvidencePart("text", b"kept", "text/plain")])
    blob = store.blob_path(record["meta"]["parts"][0]["sha256"])
    store.close()
    stray_blob = blob.with_name(f".{'ab' * 32}.0badc0de.tmp")
    stray_blob.write_bytes(b"half an older upload")
    stray_upload = tmp_path / "blobs" / ".blob.0badc0de.tmp"
    stray_upload.write_bytes(b"half an upload")
    (tmp_path / "cases" / "ebay-2").mkdir()
    stray_case = tmp_path / "cases" / "ebay-2" / ".case.json.0badc0de.tmp"
    stray_case.write_bytes(b'{"case": {"1": {"case_id": "eb')

    Store(tmp_path, read_only=True).close()   # the CLI beside a running server touches nothing
    assert stray_blob.exists() and stray_upload.exists() and stray_case.exists()
    reopened = Store(tmp_path)
    assert not stray_blob.exists() and not stray_upload.exists() and not stray_case.exists()
    assert [p.name for p in blob.parent.iterdir()] == [blob.name] and blob.read_bytes() == b"kept"
    assert [row["case_id"] for row in reopened.list_cases()] == ["ebay-1"]
    assert reopened.verify("ebay-1")["ok"] is True
    reopened.close()


def test_a_message_write_touches_only_its_own_case_file(tmp_path):
    store = Store(tmp_path)
    for n in range(50):
        make_case(store, f"ebay-{n}")
    snapshot = {p: p.read_bytes() for p in (tmp_path / "index").iterdir()}
    others = {p: p.stat().st_mtime_ns for p in (tmp_path / "cases").glob("*/case.json") if p.parent.name != "ebay-7"}
    store.append_messages("ebay-7", [{"from": "buyer", "text": "hello"}])
    store.add_evidence("ebay-7", {"kind": "note"}, [EvidencePart("text", b"note", "text/plain")])
    assert {p: p.read_bytes() for p in (tmp_path / "index").iterdir()} == snapshot
    assert {p: p.stat().st_mtime_ns for p in others} == others


def test_creating_a_case_rewrites_one_index_shard_only(tmp_path):
    store = Store(tmp_path)
    for n in range(200):
        make_case(store, f"ebay-{n}")
    before = {p.name: p.read_bytes() for p in (tmp_path / "index").iterdir()}
    make_case(store, "ebay-new")
    after = {p.name: p.read_bytes() for p in (tmp_path / "index").iterdir()}
    changed = [name for name in after if before.get(name) != after[name]]
    assert len(changed) == 1
    assert max(len(data) for data in after.values()) < 16_000, "shards stay small"


def test_lost_index_rows_are_rebuilt_from_the_case_files(tmp_path):
    store = Store(tmp_path)
    for n in range(20):
        make_case(store, f"ebay-{n}")
    store.save_case("ebay-3", {"status": "won"})
    store.close()
    for shard in (tmp_path / "index").iterdir():
        shard.unlink()
    reopened = Store(tmp_path)
    rows = {row["case_id"]: row for row in reopened.list_cases()}
    assert len(rows) == 20 and rows["ebay-3"]["status"] == "won"


def test_chain_continues_and_dedup_holds_after_the_case_was_closed(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "OPEN_CASES_KEPT", 2)
    store = Store(tmp_path)
    for n in range(5):
        make_case(store, f"ebay-{n}")
        store.append_messages(f"ebay-{n}", [{"from": "buyer", "text": "first"}])
    result = store.append_messages("ebay-0", [{"from": "buyer", "text": "first"}, {"from": "buyer", "text": "second"}])
    assert (result["added"], result["duplicates"]) == (1, 1)
    assert result["records"][0]["index"] == 1
    assert store.verify("ebay-0") == {"ok": True, "records": 2, "first_bad_index": None, "problem": None}


def test_read_only_store_refuses_writes(tmp_path):
    make_case(Store(tmp_path))
    reader = Store(tmp_path, read_only=True)
    assert reader.get_case("ebay-1")["order_id"] == "1"
    with pytest.raises(ReadOnlyStoreError):
        reader.append_messages("ebay-1", [{"from": "buyer", "text": "x"}])
    with pytest.raises(ReadOnlyStoreError):
        reader.add_evidence("ebay-1", {"kind": "note"}, [EvidencePart("text", b"x", "text/plain")])


def test_evidence_bytes_are_content_addressed_and_read_only(tmp_path):
    store = Store(tmp_path)
    make_case(store)
    first = store.add_evidence("ebay-1", {"kind": "note"}, [EvidencePart("text", b"same", "text/plain")])
    second = store.add_evidence("ebay-1", {"kind": "note"}, [EvidencePart("text", b"same", "text/plain")])
    sha = first["meta"]["parts"][0]["sha256"]
    assert sha == second["meta"]["parts"][0]["sha256"]
    assert [p.name for p in (tmp_path / "blobs" / sha[:2]).iterdir()] == [sha]
    assert oct(store.blob_path(sha).stat().st_mode & 0o777) == "0o400"
    assert first["index"] == 0 and second["index"] == 1 and second["prev_hash"] == first["hash"]
    assert [p.name for p in (tmp_path / "blobs").iterdir()] == [sha[:2]], "no temp copy is left behind"


def test_large_parts_are_stored_under_the_hash_of_their_bytes(tmp_path):
    """The parts are hashed on another thread while their bytes are written: each must still land
    under its own hash, in order, whatever their sizes."""
    store = Store(tmp_path)
    make_case(store)
    parts = [EvidencePart("html", os.urandom(2 * 2**20), "text/html"), EvidencePart("image", b"", "image/png"),
             EvidencePart("text", b"small", "text/plain"), EvidencePart("image", os.urandom(2**20), "image/png")]
    record = store.add_evidence("ebay-1", {"kind": "page_snapshot"}, parts)
    rows = record["meta"]["parts"]
    assert [row["name"] for row in rows] == ["html", "image", "text", "image"]
    for part, row in zip(parts, rows):
        assert row["sha256"] == hashlib.sha256(part.data).hexdigest() and row["size"] == len(part.data)
        assert store.read_blob(row["sha256"]) == part.data
    assert not [p for p in (tmp_path / "blobs").rglob(".*")], "no temp file is left"
    assert store.verify("ebay-1")["ok"] is True


def test_a_failed_evidence_write_leaves_no_temp_file_and_no_record(tmp_path, monkeypatch):
    store = Store(tmp_path)
    make_case(store)
    from disputeclerk.storage import atomic

    real_fsync, calls = os.fsync, []

    def fsync_fails_on_the_second_part(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync_fails_on_the_second_part)
    with pytest.raises(OSError):
        store.add_evidence("ebay-1", {"kind": "page_snapshot"}, [EvidencePart("html", b"a" * 300_000, "text/html"),
                                                                  EvidencePart("image", b"b" * 300_000, "image/png")])
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    assert not [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()], "nothing half-written stays"
    assert store.log_records("ebay-1") == []


def chain_of_three(tmp_path) -> tuple[Store, list]:
    store = Store(tmp_path)
    make_case(store)
    store.append_messages("ebay-1", [{"from": "buyer", "text": "a"}, {"from": "seller", "text": "b"}])
    store.add_evidence("ebay-1", {"kind": "note", "url": "https://x"}, [EvidencePart("text", b"n", "text/plain")])
    return store, store.log_records("ebay-1")


def rewrite_log(tmp_path, records) -> Store:
    path = tmp_path / "cases" / "ebay-1" / "case.json"
    data = json.loads(path.read_text())
    data["log"] = {str(n + 1): record for n, record in enumerate(records)}
    path.write_text(json.dumps(data))
    return Store(tmp_path)


def test_verify_names_a_removed_record(tmp_path):
    _, records = chain_of_three(tmp_path)
    result = rewrite_log(tmp_path, [records[0], records[2]]).verify("ebay-1")
    assert result["ok"] is False and result["first_bad_index"] == 1


def test_verify_names_reordered_records(tmp_path):
    _, records = chain_of_three(tmp_path)
    records[0]["index"], records[1]["index"] = 1, 0
    result = rewrite_log(tmp_path, records).verify("ebay-1")
    assert result["ok"] is False and result["first_bad_index"] == 0


def test_verify_names_changed_metadata(tmp_path):
    _, records = chain_of_three(tmp_path)
    records[2]["meta"]["url"] = "https://forged.example"
    result = rewrite_log(tmp_path, records).verify("ebay-1")
    assert result["ok"] is False and result["first_bad_index"] == 2
    assert "metadata" in result["problem"]


def test_verify_names_a_missing_evidence_file(tmp_path):
    store, records = chain_of_three(tmp_path)
    blob = store.blob_path(records[2]["meta"]["parts"][0]["sha256"])
    os.chmod(blob, 0o600)
    blob.unlink()
    result = store.verify("ebay-1")
    assert result["first_bad_index"] == 2 and "missing" in result["problem"]


def test_saving_what_a_case_already_holds_does_not_rewrite_it(tmp_path):
    store = Store(tmp_path)
    doc, _ = store.save_case("ebay-1", {"platform": "ebay", "note": "call the carrier"})
    path = tmp_path / "cases" / "ebay-1" / "case.json"
    stored = (path.stat().st_ino, path.read_bytes())
    again, created = store.save_case("ebay-1", {"note": "call the carrier"})
    assert not created and again == doc
    assert (path.stat().st_ino, path.read_bytes()) == stored
    changed, _ = store.save_case("ebay-1", lambda current: {"note": current["note"] + ", then refund"})
    assert changed["note"] == "call the carrier, then refund"
    assert path.read_bytes() != stored[1] and Store(tmp_path).get_case("ebay-1")["note"] == changed["note"]


def test_a_buyers_cases_are_found_by_name_and_follow_a_corrected_name(tmp_path):
    store = Store(tmp_path)
    for case_id, platform, name in (("ebay-1", "ebay", "Max Power"), ("ebay-2", "ebay", " max POWER "),
                                    ("etsy-3", "etsy", "Max Power"), ("ebay-4", "ebay", "Ann"), ("ebay-5", "ebay", None)):
        store.save_case(case_id, {"platform": platform, "buyer_name": name})

    def ids(opened: Store, platform: str, name: str) -> list[str]:
        return sorted(row["case_id"] for row in opened.cases_of_buyer(platform, name))

    assert ids(store, "ebay", "MAX POWER") == ["ebay-1", "ebay-2"]
    assert ids(store, "etsy", "max power") == ["etsy-3"] and ids(store, "ebay", "") == []
    store.save_case("ebay-2", {"buyer_name": "Maxine Power"})        # misread, then corrected
    assert ids(store, "ebay", "max power") == ["ebay-1"] and ids(store, "ebay", "maxine power") == ["ebay-2"]
    store.close()
    assert ids(Store(tmp_path), "ebay", "Max Power") == ["ebay-1"]


def _in_thread(work) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def test_a_case_busy_writing_holds_up_only_that_case(tmp_path):
    """A durable write waits for the disk. While one case is in the middle of a write, the other
    cases are read and written as usual and the case list answers; only the busy case waits."""
    store = Store(tmp_path)
    for case_id, name in (("ebay-1", "Ann"), ("ebay-2", "Bo")):
        store.save_case(case_id, {"platform": "ebay", "buyer_name": name})
    inside, release = threading.Event(), threading.Event()

    def slow_update(current):          # runs under ebay-1's lock, like a write waiting for the disk
        inside.set()
        assert release.wait(timeout=30)
        return {"note": "checked with the carrier"}

    writer = _in_thread(lambda: store.save_case("ebay-1", slow_update))
    assert inside.wait(timeout=10)
    done = {}

    def others():
        done["read"] = store.get_case("ebay-2")["buyer_name"]
        done["saved"] = store.save_case("ebay-2", {"note": "asked for photos"})[0]["note"]
        done["logged"] = store.append_messages("ebay-2", [{"from": "buyer", "text": "photos attached"}])["added"]
        done["new case"] = store.save_case("ebay-3", {"platform": "ebay", "buyer_name": "Cy"})[1]
        done["list"] = sorted(row["case_id"] for row in store.list_cases())
        done["buyer"] = [row["case_id"] for row in store.cases_of_buyer("ebay", "bo")]

    other = _in_thread(others)
    other.join(timeout=10)
    busy_case = {}
    same_case = _in_thread(lambda: busy_case.update(store.get_case("ebay-1")))
    same_case.join(timeout=0.5)
    try:
        assert not other.is_alive(), f"other cases waited for ebay-1's write (got only {sorted(done)})"
        assert done == {"read": "Bo", "saved": "asked for photos", "logged": 1, "new case": True,
                        "list": ["ebay-1", "ebay-2", "ebay-3"], "buyer": ["ebay-2"]}
        assert same_case.is_alive(), "a read of ebay-1 did not wait for ebay-1's write in progress"
    finally:
        release.set()
    writer.join(timeout=10)
    same_case.join(timeout=10)
    assert busy_case["note"] == "checked with the carrier"


def test_cases_closed_and_reopened_under_concurrent_writes_keep_whole_chains(tmp_path, monkeypatch):
    """Eight threads append to twelve cases while only two stay open: cases are evicted while
    another thread is writing them and reopened at once. Every message is logged exactly once
    and every chain verifies, in this store and after a restart."""
    monkeypatch.setattr(store_module, "OPEN_CASES_KEPT", 2)
    store = Store(tmp_path)
    cases = [f"ebay-{n}" for n in range(12)]
    for case_id in cases:
        store.save_case(case_id, {"platform": "ebay"})
    sent: dict[str, int] = {case_id: 0 for case_id in cases}
    count_lock, failures = threading.Lock(), []

    def writer(n: int) -> None:
        rng = random.Random(n)
        try:
            for k in range(40):
                case_id = rng.choice(cases)
                added = store.append_messages(case_id, [{"from": "buyer", "text": f"writer {n} message {k}"}])["added"]
                store.save_case(case_id, lambda current: {"note": f"{current.get('note', '')}{n}"[-50:]})
                with count_lock:
                    sent[case_id] += added
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(repr(exc))

    threads = [_in_thread(lambda n=n: writer(n)) for n in range(8)]
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert sum(sent.values()) == 8 * 40
    for opened in (store, Store(tmp_path)):
        for case_id in cases:
            result = opened.verify(case_id)
            assert result["ok"] and result["records"] == sent[case_id], (case_id, result, sent[case_id])
