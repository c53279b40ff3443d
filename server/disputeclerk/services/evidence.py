"""Evidence: turn a snapshot request into stored parts and one hash-chained record."""
from __future__ import annotations

import io
import logging
from typing import Any

from ..errors import ApiError
from ..storage import EvidenceNotFound, EvidencePart, Store
from .cases import require_case

log = logging.getLogger(__name__)

# Case board thumbnails: the top of the page, this wide, in a 4:5 frame.
THUMB_WIDTH = 320
THUMB_ASPECT = 1.25

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


def thumbnail(store: Store, record: dict[str, Any]) -> bytes:
    """A small JPEG of the top of an evidence screenshot, for the case board.

    Derived data, not evidence: the store keeps it by the image's hash and makes it again when missing.
    """
    parts = {part["name"]: part for part in record["meta"]["parts"]}
    if "image" not in parts:
        raise ApiError("no_image", 404, "This evidence has no screenshot.")
    return store.thumbnail(parts["image"]["sha256"], lambda: _small_jpeg(read_part(store, parts["image"])))


def _small_jpeg(png: bytes) -> bytes:
    from PIL import Image, UnidentifiedImageError

    from .export import flat_rgb

    try:
        image = Image.open(io.BytesIO(png))
        width, height = image.size
        top = image.crop((0, 0, width, min(height, round(width * THUMB_ASPECT))))
        top = flat_rgb(top)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        log.info("no thumbnail: the stored image does not decode (%s)", type(exc).__name__)
        raise ApiError("image_unreadable", 422, "The stored screenshot cannot be read as an image.") from None
    top.thumbnail((THUMB_WIDTH, round(THUMB_WIDTH * THUMB_ASPECT)), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    top.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()
