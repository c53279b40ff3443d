"""The per-case hash chain: the tamper-evident evidence log.

Each record's hash covers its content hash, its metadata and the previous record's
hash, so changing any stored byte (a message's text, a snapshot's HTML, a record's
capture time) or removing or reordering records breaks the chain from that record on.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Callable, Iterable

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> bytes:
    """One byte representation per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def message_content_hash(content: dict[str, Any]) -> str:
    return sha256_hex(canonical_json(content))


def parts_content_hash(parts: list[dict[str, Any]]) -> str:
    """Evidence content hash: the canonical listing of its parts, each with its own SHA-256."""
    return sha256_hex(canonical_json(parts))


def record_hash(index: int, kind: str, content_sha256: str, meta: dict[str, Any], prev_hash: str) -> str:
    return sha256_hex(canonical_json({
        "index": index, "kind": kind, "content_sha256": content_sha256,
        "meta": meta, "prev_hash": prev_hash,
    }))


def seal(index: int, kind: str, content_sha256: str, meta: dict[str, Any], prev_hash: str) -> dict[str, Any]:
    """A new chain record (without kind-specific payload such as a message's content)."""
    return {
        "index": index, "kind": kind, "content_sha256": content_sha256, "meta": meta,
        "prev_hash": prev_hash, "hash": record_hash(index, kind, content_sha256, meta, prev_hash),
    }


def verify_records(records: Iterable[dict[str, Any]], read_blob: Callable[[str], bytes | None]) -> dict[str, Any]:
    """Recompute every hash from the stored bytes; name the first record that does not match.

    `read_blob(sha256)` returns the stored bytes of an evidence part, or None if missing.
    """
    records = list(records)
    prev = GENESIS_HASH
    for position, record in enumerate(records):
        problem = _check_record(position, record, prev, read_blob)
        if problem:
            return {"ok": False, "records": len(records), "first_bad_index": position, "problem": problem}
        prev = record["hash"]
    return {"ok": True, "records": len(records), "first_bad_index": None, "problem": None}


def _check_record(position: int, record: dict[str, Any], prev: str,
                  read_blob: Callable[[str], bytes | None]) -> str | None:
    try:
        if record.get("index") != position:
            return f"record {position} carries index {record.get('index')!r} (records removed or reordered)"
        if record.get("prev_hash") != prev:
            return f"record {position} does not link to the record before it"
        kind = record.get("kind")
        if kind == "message":
            content_hash = message_content_hash(record["content"])
        elif kind == "evidence":
            parts = record["meta"]["parts"]
            for part in parts:
                data = read_blob(part["sha256"])
                if data is None:
                    return f"record {position}: stored file for part '{part['name']}' is missing"
                if sha256_hex(data) != part["sha256"] or len(data) != part["size"]:
                    return f"record {position}: stored bytes of part '{part['name']}' were changed"
            content_hash = parts_content_hash(parts)
        else:
            return f"record {position} has an unknown kind {kind!r}"
        if content_hash != record.get("content_sha256"):
            return f"record {position}: content does not match its recorded hash"
        expected = record_hash(position, kind, content_hash, record["meta"], prev)
        if expected != record.get("hash"):
            return f"record {position}: record hash does not match its content and metadata"
    except (KeyError, TypeError, AttributeError) as exc:
        return f"record {position} is malformed ({type(exc).__name__}: {exc})"
    return None
