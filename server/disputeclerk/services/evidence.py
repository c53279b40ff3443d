"""Evidence: turn a snapshot request into stored parts and one hash-chained record."""
from __future__ import annotations

from typing import Any

from ..errors import ApiError
from ..storage import EvidenceNotFound, EvidencePart, Store
from .cases import require_case

# The part whose hash the API reports as `sha256`, per evidence kind.
MAIN_PART = {"page_snapshot": ("html", "text"), "screenshot": ("image",), "note": ("text",), "file": ("content",)}


def save_evidence(store: Store, case_id: str, request: dict[str, Any]) -> dict[str, Any]:
    require_case(store, case_id)
    parts: list[EvidencePart] = []
    if request.get("html"):
        parts.append(EvidencePart("html", request["html"].encode("utf-8"), "text/html; charset=utf-8"))
    if request.get("text"):
        parts.append(EvidencePart("text", request["text"].encode("utf-8"), "text/plain; charset=utf-8"))
    if request.get("image_png_base64"):
        parts.append(EvidencePart("image", request["image_png_base64"], "image/png"))
    if request.get("content_base64") is not None and request.get("filename"):
        parts.append(EvidencePart("content", request["content_base64"],
                                  request.get("media_type") or "application/octet-stream",
                                  filename=request["filename"]))
    meta = {key: request.get(key) for key in ("kind", "url", "title", "captured_at")}
    record = store.add_evidence(case_id, meta, parts)
    return evidence_result(record)


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
