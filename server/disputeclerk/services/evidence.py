"""Evidence: turn a snapshot request into stored parts and one hash-chained record."""
from __future__ import annotations

from typing import Any

from ..errors import ApiError
from ..storage import EvidenceNotFound, EvidencePart, Store
from .cases import require_case

# The part whose hash the API reports as `sha256`, per evidence kind.
MAIN_PART = {"page_snapshot": ("html", "text"), "screenshot": ("image",), "note": ("text",), "file": ("content",)}


def save_evidence(store: Store, case_id: str, snapshot: dict[str, Any]) -> dict[str, Any]:
    """Store one snapshot. `snapshot` holds kind, url, title, captured_at and the parts
    html / text (str from JSON, bytes from an upload), image and content (bytes)."""
    require_case(store, case_id)
    parts: list[EvidencePart] = []
    if snapshot.get("html"):
        parts.append(EvidencePart("html", _utf8(snapshot["html"]), "text/html; charset=utf-8"))
    if snapshot.get("text"):
        parts.append(EvidencePart("text", _utf8(snapshot["text"]), "text/plain; charset=utf-8"))
    if snapshot.get("image"):
        parts.append(EvidencePart("image", snapshot["image"], "image/png"))
    if snapshot.get("content") is not None and snapshot.get("filename"):
        parts.append(EvidencePart("content", snapshot["content"],
                                  snapshot.get("media_type") or "application/octet-stream",
                                  filename=snapshot["filename"]))
    meta = {key: snapshot.get(key) for key in ("kind", "url", "title", "captured_at")}
    record = store.add_evidence(case_id, meta, parts)
    return evidence_result(record)


def _utf8(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def evidence_result(record: dict[str, Any]) -> dict[str, Any]:
    meta = record["meta"]
    return {"evidence_id": meta["evidence_id"], "sha256": main_part(record)["sha256"], "parts": meta["parts"],
            "chain": {"index": record["index"], "prev_hash": record["prev_hash"], "hash": record["hash"]}}


def main_part(record: dict[str, Any], wanted: str | None = None) -> dict[str, Any]:
    parts = {part["name"]: part for part in record["meta"]["parts"]}
    names = (wanted,) if wanted else MAIN_PART.get(record["meta"].get("kind"), ()) + tuple(parts)
    for name in names:
        if name in parts:
            return parts[name]
    raise ApiError("evidence_part_not_found", 404, "This evidence has no such part.")


def find_evidence(store: Store, case_id: str, evidence_id: str) -> dict[str, Any]:
    require_case(store, case_id)
    try:
        return store.get_evidence(case_id, evidence_id)
    except EvidenceNotFound:
        raise ApiError("evidence_not_found", 404, "This case has no evidence with that id.") from None


def read_part(store: Store, part: dict[str, Any]) -> bytes:
    data = store.read_blob(part["sha256"])
    if data is None:
        raise ApiError("evidence_missing", 409, "The stored file for this evidence is missing; run verify.")
    return data
