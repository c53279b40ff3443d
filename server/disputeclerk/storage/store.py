"""The only module that touches TinyDB.

Layout under the data dir:

    index/NN.json          TinyDB shards (64) holding one summary row per case
    cases/<case_id>/case.json
                           one small TinyDB per case: the case document and its log
    blobs/ab/<sha256>      evidence bytes, content-addressed, exactly as received
    thumbs/ab/<sha256>.jpg thumbnails of screenshot blobs: derived, not evidence, made again when missing

Why this shape: TinyDB rewrites a whole file on every write, so one database for every
case would make each write cost grow with the number of cases. Here a message or a
snapshot rewrites only its own case's file; the index is touched only when a case is
created or its summary (status, next deadline) changes, and then only one 1/64 shard.

Locks. TinyDB is not thread-safe, and a durable write waits for the disk (two fsyncs). Each
case has its own lock, held for every TinyDB call on that case's file; each index shard has
its own lock; `self._lock` guards only the in-memory maps and is never held across file I/O
or while taking another lock. So a write waiting for the disk holds up only requests for the
same case (and, for an index row, the same 1/64 shard), never the whole server. Lock order:
case, then shard, then `self._lock`. Evidence bytes are written before any lock is taken
(content-addressed files are idempotent).
"""
from __future__ import annotations

import hashlib
import logging
import os
import secrets
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from tinydb import Query, TinyDB
from tinydb.table import Document

from . import evidence_log
from .atomic import fsync_dir, remove_stale_temp_files, write_atomic, write_temp
from .tinystore import AtomicJSONStorage, ReadOnlyStoreError

log = logging.getLogger(__name__)

INDEX_SHARDS = 64
OPEN_CASES_KEPT = 128
CASE_DOC_ID = 1


class CaseNotFound(LookupError):
    pass


class EvidenceNotFound(LookupError):
    pass


def utc_now_iso() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def message_key(sender: str, text: str, sent_at: str | None) -> str:
    """What makes two scraped messages the same message: sender, text and time.

    Whitespace is collapsed because scraping the same bubble twice can differ in
    line breaks and indentation; the stored text keeps what was sent. Keys of messages up to
    2,000 characters are remembered: every /assist sends the whole conversation again, to be
    told apart from what is logged (longer ones are rare and would make the memo large).
    """
    if len(text) <= 2_000:
        return _remembered_key(sender, text, sent_at)
    return _key_of(sender, text, sent_at)


def _key_of(sender: str, text: str, sent_at: str | None) -> str:
    normal = "\x1f".join([sender, " ".join(text.split()), (sent_at or "").strip()])
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


_remembered_key = lru_cache(maxsize=8_192)(_key_of)


@dataclass
class _OpenCase:
    db: TinyDB
    lock: Any = None        # the case's lock: kept alive (in Store._case_locks) while the case is open
    message_keys: set[str] = field(default_factory=set)
    last_hash: str = evidence_log.GENESIS_HASH
    next_index: int = 0


@dataclass
class EvidencePart:
    name: str            # html | text | image | content
    data: bytes
    media_type: str
    filename: str | None = None


class Store:
    def __init__(self, data_dir: str | Path, *, read_only: bool = False) -> None:
        self.root = Path(data_dir)
        self.read_only = read_only
        self._lock = threading.RLock()
        # One lock per case, alive while anyone holds it (or the case is open): a case evicted
        # from `_open` while a request still works on it keeps its lock, so nobody reopens it
        # beside that request.
        self._case_locks: weakref.WeakValueDictionary[str, Any] = weakref.WeakValueDictionary()
        self._shard_locks = [threading.Lock() for _ in range(INDEX_SHARDS)]
        self._open: OrderedDict[str, _OpenCase] = OrderedDict()
        self._index_dbs: dict[int, TinyDB] = {}
        self._index: dict[str, dict[str, Any]] = {}
        # (platform, buyer name folded) -> the cases of that buyer: /assist asks for a buyer's
        # other disputes on every page, which must not cost a walk over every case.
        self._by_buyer: dict[tuple[Any, str], set[str]] = {}
        self.cases_dir = self.root / "cases"
        self.index_dir = self.root / "index"
        self.blobs_dir = self.root / "blobs"
        if not read_only:
            for directory in (self.root, self.cases_dir, self.index_dir, self.blobs_dir):
                directory.mkdir(parents=True, exist_ok=True)
            remove_stale_temp_files(self.index_dir)
            # A kill during an upload leaves its temp file, as large as the upload, in blobs/
            # (or, from older versions, in a shard).
            remove_stale_temp_files(self.blobs_dir)
            for shard in os.scandir(self.blobs_dir):
                if shard.is_dir():
                    remove_stale_temp_files(Path(shard.path))
        self._load_index()
        if not read_only:
            self._repair_index()

    # ----------------------------------------------------------------- index
    def _shard_of(self, case_id: str) -> int:
        return hashlib.sha256(case_id.encode()).digest()[0] % INDEX_SHARDS

    def _case_lock(self, case_id: str):
        with self._lock:
            lock = self._case_locks.get(case_id)
            if lock is None:
                lock = self._case_locks[case_id] = threading.RLock()
            return lock

    def _index_db(self, shard: int) -> TinyDB:
        """The shard's TinyDB (callers hold the shard's lock, or run before the server starts)."""
        db = self._index_dbs.get(shard)
        if db is None:
            db = TinyDB(self.index_dir / f"{shard:02d}.json", storage=AtomicJSONStorage,
                        read_only=self.read_only)
            self._index_dbs[shard] = db
        return db

    def _load_index(self) -> None:
        for shard in range(INDEX_SHARDS):
            if not (self.index_dir / f"{shard:02d}.json").exists():
                continue
            with self._shard_locks[shard]:
                rows = self._index_db(shard).all()
            with self._lock:
                for row in rows:
                    self._remember_row(row["case_id"], dict(row))

    def _repair_index(self) -> None:
        """Re-add cases whose index row was lost (crash between case file and index write)."""
        if not self.cases_dir.is_dir():
            return
        unindexed = [Path(e.path) for e in os.scandir(self.cases_dir) if e.is_dir() and e.name not in self._index]
        missing = [folder.name for folder in unindexed if (folder / "case.json").exists()]
        for folder in unindexed:
            if folder.name not in missing:   # a kill during the case's first write: only its temp file
                remove_stale_temp_files(folder)
        for case_id in missing:
            log.warning("case %s had no index row; rebuilding it", case_id)
            with self._case_lock(case_id):
                doc = self._case_doc(self._open_case(case_id))
                if doc:
                    self._write_index_row(case_id, _summary_of(doc))

    def _write_index_row(self, case_id: str, summary: dict[str, Any]) -> None:
        """Called with the case's lock held: nobody else changes this case's row meanwhile."""
        with self._lock:
            old = self._index.get(case_id)
        if old == summary:
            return
        shard = self._shard_of(case_id)
        with self._shard_locks[shard]:
            db = self._index_db(shard)
            if old is not None:
                db.update(summary, Query().case_id == case_id)
            else:
                db.insert(summary)
        with self._lock:
            self._remember_row(case_id, summary)

    def _remember_row(self, case_id: str, row: dict[str, Any]) -> None:
        """Called with `self._lock` held."""
        old = self._index.get(case_id)
        if old is not None and (key := _buyer_key(old)):
            self._by_buyer.get(key, set()).discard(case_id)
        if key := _buyer_key(row):
            self._by_buyer.setdefault(key, set()).add(case_id)
        self._index[case_id] = row

    # ----------------------------------------------------------------- cases
    def _case_path(self, case_id: str) -> Path:
        return self.cases_dir / case_id / "case.json"

    def _open_case(self, case_id: str, *, create: bool = False) -> _OpenCase:
        """The case's open TinyDB, opened on first use. Called with the case's lock held (and
        never with `self._lock`, which it takes only around the map of open cases)."""
        with self._lock:
            opened = self._open.get(case_id)
            if opened is not None:
                self._open.move_to_end(case_id)
                return opened
        path = self._case_path(case_id)
        if not path.exists():
            if not create:
                raise CaseNotFound(case_id)
            if self.read_only:
                raise ReadOnlyStoreError("cannot create a case through a read-only store")
            path.parent.mkdir(parents=True, exist_ok=True)
            fsync_dir(self.cases_dir)
        elif not self.read_only:
            remove_stale_temp_files(path.parent)
        opened = _OpenCase(db=TinyDB(path, storage=AtomicJSONStorage, read_only=self.read_only),
                           lock=self._case_lock(case_id))
        for record in opened.db.table("log").all():
            if record["kind"] == "message":
                content = record["content"]
                opened.message_keys.add(message_key(content["from"], content["text"], content.get("sent_at")))
            opened.last_hash = record["hash"]
            opened.next_index = max(opened.next_index, record["index"] + 1)
        with self._lock:
            self._open[case_id] = opened
            while len(self._open) > OPEN_CASES_KEPT:
                # Not closed: a request may still be working on it under its case lock. It holds
                # no file open; once nobody uses it, it is freed like any object.
                self._open.popitem(last=False)
        return opened

    @staticmethod
    def _case_doc(opened: _OpenCase) -> dict[str, Any] | None:
        doc = opened.db.table("case").get(doc_id=CASE_DOC_ID)
        return dict(doc) if doc is not None else None

    def case_exists(self, case_id: str) -> bool:
        return case_id in self._index or self._case_path(case_id).exists()

    def save_case(self, case_id: str, fields: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]
                  ) -> tuple[dict[str, Any], bool]:
        """Create the case or merge fields into it. Returns (case document, created).

        `fields` may be a function of the current document (empty for a new case), called
        under the lock, so a read-merge-write cannot lose a concurrent update. Fields equal to
        what the case holds change nothing: the file is not rewritten.
        """
        with self._case_lock(case_id):
            opened = self._open_case(case_id, create=True)
            table = opened.db.table("case")
            current = self._case_doc(opened)
            if callable(fields):
                fields = fields(current or {})
            now = utc_now_iso()
            created = current is None
            if created:
                doc = {"case_id": case_id, "created_at": now, "status": "open", "note": "",
                       "outcome_at": None, **fields, "updated_at": now}
                table.insert(_with_doc_id(doc))
            elif all(key in current and current[key] == value for key, value in fields.items()):
                return current, False      # nothing new: the file is not rewritten, updated_at stays
            else:
                doc = {**current, **fields, "updated_at": now}
                table.update(fields | {"updated_at": now}, doc_ids=[CASE_DOC_ID])
            self._write_index_row(case_id, _summary_of(doc))
            return doc, created

    def get_case(self, case_id: str) -> dict[str, Any]:
        with self._case_lock(case_id):
            doc = self._case_doc(self._open_case(case_id))
            if doc is None:
                raise CaseNotFound(case_id)
            return doc

    def list_cases(self) -> list[dict[str, Any]]:
        with self._lock:
            return [{**_BLANK_SUMMARY, **row} for row in self._index.values()]

    def cases_of_buyer(self, platform: str, buyer_name: str) -> list[dict[str, Any]]:
        """The summary rows of one buyer's cases on one platform (the name compared without case
        and surrounding spaces)."""
        with self._lock:
            ids = self._by_buyer.get(_buyer_key({"platform": platform, "buyer_name": buyer_name}), ())
            return [{**_BLANK_SUMMARY, **self._index[case_id]} for case_id in ids]

    def case_count(self) -> int:
        return len(self._index)

    # ------------------------------------------------------------------- log
    def append_messages(self, case_id: str, messages: Iterable[dict[str, Any]]) -> dict[str, Any]:
        """Log messages; the same (sender, text, time) is stored once. Durable on return."""
        with self._case_lock(case_id):
            opened = self._open_case(case_id)
            records, duplicates = [], 0
            pending_keys: set[str] = set()
            now = utc_now_iso()
            prev, index = opened.last_hash, opened.next_index
            for message in messages:
                content = {"from": message["from"], "text": message["text"], "sent_at": message.get("sent_at")}
                key = message_key(content["from"], content["text"], content["sent_at"])
                if key in opened.message_keys or key in pending_keys:
                    duplicates += 1
                    continue
                pending_keys.add(key)
                meta = {"message_id": f"msg-{secrets.token_hex(6)}", "received_at": now}
                record = evidence_log.seal(index, "message", evidence_log.message_content_hash(content), meta, prev)
                record["content"] = content
                records.append(record)
                prev, index = record["hash"], index + 1
            if records:
                self._append_records(opened, records)
                opened.message_keys |= pending_keys
            return {"added": len(records), "duplicates": duplicates, "records": records}

    def add_evidence(self, case_id: str, meta: dict[str, Any], parts: list[EvidencePart]) -> dict[str, Any]:
        """Store the parts' bytes, then append one evidence record. Durable on return."""
        if self.read_only:
            raise ReadOnlyStoreError("cannot add evidence through a read-only store")
        if not self.case_exists(case_id):
            raise CaseNotFound(case_id)
        part_rows = self._put_blobs(parts)
        with self._case_lock(case_id):
            opened = self._open_case(case_id)
            meta = {**meta, "evidence_id": f"ev-{secrets.token_hex(6)}", "received_at": utc_now_iso(),
                    "parts": part_rows}
            record = evidence_log.seal(opened.next_index, "evidence",
                                       evidence_log.parts_content_hash(part_rows), meta, opened.last_hash)
            self._append_records(opened, [record])
            return record

    def _append_records(self, opened: _OpenCase, records: list[dict[str, Any]]) -> None:
        opened.db.table("log").insert_multiple(records)
        opened.last_hash = records[-1]["hash"]
        opened.next_index = records[-1]["index"] + 1

    def log_records(self, case_id: str) -> list[dict[str, Any]]:
        with self._case_lock(case_id):
            rows = self._open_case(case_id).db.table("log").all()
            return sorted((dict(r) for r in rows), key=lambda r: r.get("index", -1))

    def get_evidence(self, case_id: str, evidence_id: str) -> dict[str, Any]:
        for record in self.log_records(case_id):
            if record["kind"] == "evidence" and record["meta"].get("evidence_id") == evidence_id:
                return record
        raise EvidenceNotFound(evidence_id)

    def verify(self, case_id: str) -> dict[str, Any]:
        return evidence_log.verify_records(self.log_records(case_id), self.read_blob)

    # ----------------------------------------------------------------- blobs
    def _blob_path(self, sha256: str) -> Path:
        return self.blobs_dir / sha256[:2] / sha256

    def _put_blobs(self, parts: list[EvidencePart]) -> list[dict[str, Any]]:
        """Store each part's bytes under its SHA-256; durable on return.

        The hash names the file, but nothing waits for it: the bytes go to temp files in
        blobs/ (written and fsynced) while another thread hashes them (hashlib and os.write
        both let go of the GIL on large buffers), and then move under blobs/ab/<sha256>. For
        a 2 MB page and a 1 MB screenshot that hides the ~2 ms of hashing behind the disk.
        Bytes already stored (same hash and size) are kept and the new copy dropped."""
        digests: list[str] = []
        hasher = threading.Thread(target=lambda: digests.extend(hashlib.sha256(p.data).hexdigest() for p in parts),
                                  name="blob-hash", daemon=True)
        hasher.start()
        temps: list[Path] = []
        try:
            try:
                for part in parts:
                    temps.append(write_temp(self.blobs_dir, part.data, name="blob", mode=0o400))
            finally:
                hasher.join()
            if len(digests) != len(parts):
                raise RuntimeError("hashing the evidence parts failed")
            rows = []
            for part, digest, temp in zip(parts, digests, temps):
                self._move_blob(temp, digest, len(part.data))
                row = {"name": part.name, "sha256": digest, "size": len(part.data), "media_type": part.media_type}
                if part.filename:
                    row["filename"] = part.filename
                rows.append(row)
            return rows
        finally:
            for temp in temps:
                temp.unlink(missing_ok=True)

    def _move_blob(self, temp: Path, digest: str, size: int) -> None:
        path = self._blob_path(digest)
        if path.exists() and path.stat().st_size == size:
            return                      # already stored: the caller drops the temp copy
        if not path.parent.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fsync_dir(self.blobs_dir)
        os.replace(temp, path)
        fsync_dir(path.parent)

    def read_blob(self, sha256: str) -> bytes | None:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            return None
        try:
            return self._blob_path(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def blob_path(self, sha256: str) -> Path:
        return self._blob_path(sha256)

    def thumbnail(self, sha256: str, make: Callable[[], bytes]) -> bytes:
        """The kept thumbnail of blob `sha256`, or `make()`'s, kept for next time (a read-only
        store only makes it)."""
        path = self.root / "thumbs" / sha256[:2] / f"{sha256}.jpg"
        try:
            return path.read_bytes()
        except FileNotFoundError:
            pass
        data = make()
        if not self.read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data, sync_dir=False)
        return data

    def close(self) -> None:
        with self._lock:
            for opened in self._open.values():
                opened.db.close()
            self._open.clear()
            for db in self._index_dbs.values():
                db.close()
            self._index_dbs.clear()


SUMMARY_FIELDS = ("case_id", "platform", "order_id", "dispute_id", "buyer_name", "status",
                  "dispute_type", "created_at", "outcome_at", "next_due_at", "next_due_rule", "next_due_label",
                  "next_due_label_zh")


def _summary_of(doc: dict[str, Any]) -> dict[str, Any]:
    """The index row: what the case board and the outcome counts need without opening a case."""
    summary = {name: doc.get(name) for name in SUMMARY_FIELDS}
    # Which suggested templates the seller used, once each (the outcome counts group by them).
    summary["templates_used"] = sorted({use["template_id"] for use in doc.get("replies_used") or []})
    return summary


def _buyer_key(row: dict[str, Any]) -> tuple[Any, str] | None:
    name = str(row.get("buyer_name") or "").strip().lower()
    return (row.get("platform"), name) if name else None


# Index rows written by an older version lack the newer fields.
_BLANK_SUMMARY: dict[str, Any] = {**{name: None for name in SUMMARY_FIELDS}, "templates_used": []}


def _with_doc_id(doc: dict[str, Any]) -> Document:
    return Document(doc, doc_id=CASE_DOC_ID)
