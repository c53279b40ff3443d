"""The export bundle: a zip a seller can hand to a marketplace's dispute centre.

This is the minimal bundle (manifest with every file's SHA-256 and the hash chain, the
case, the messages, the evidence bytes and a plain report); the full report and the
portal-ready images come with the case-board issue.
"""
from __future__ import annotations

import html
import io
import json
import mimetypes
import zipfile
from typing import Any

from ..errors import ApiError
from ..storage import Store, utc_now_iso
from ..storage.evidence_log import sha256_hex
from ..version import __version__
from .cases import get_case

_EXTENSIONS = {"html": ".html", "text": ".txt", "image": ".png"}


def export_case(store: Store, case_id: str, *, force: bool = False) -> bytes:
    case = get_case(store, case_id)
    records = store.log_records(case_id)
    verify = store.verify(case_id)
    if not verify["ok"] and not force:
        raise ApiError("case_failed_verify", 409,
                       f"This case's evidence log does not verify ({verify['problem']}); export with force to "
                       "get a bundle marked unverified.", {"verify": verify})
    files: dict[str, bytes] = {}
    messages = [dict(r["content"], index=r["index"], hash=r["hash"]) for r in records if r["kind"] == "message"]
    files["messages.json"] = _json(messages)
    files["case.json"] = _json({k: v for k, v in case.items() if k != "last_context"})
    for record in records:
        if record["kind"] != "evidence":
            continue
        meta = record["meta"]
        for part in meta["parts"]:
            data = store.read_blob(part["sha256"])
            if data is None:
                continue  # only reachable with force: verify already named the missing file
            files[_part_path(meta["evidence_id"], part)] = data
    files["report.html"] = _report(case, records, verify).encode("utf-8")
    manifest = {
        "tool": "Dispute Clerk", "tool_version": __version__, "exported_at": utc_now_iso(),
        "case_id": case_id, "verified": verify["ok"], "verify": verify,
        "files": [{"path": path, "sha256": sha256_hex(data), "size": len(data)} for path, data in files.items()],
        "chain": [{k: r[k] for k in ("index", "kind", "content_sha256", "meta", "prev_hash", "hash")}
                  for r in records],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.json", _json(manifest))
        for path, data in files.items():
            bundle.writestr(path, data)
    return buffer.getvalue()


def _part_path(evidence_id: str, part: dict[str, Any]) -> str:
    if part.get("filename"):
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in part["filename"])[:100]
        return f"evidence/{evidence_id}/{safe}"
    ext = _EXTENSIONS.get(part["name"]) or mimetypes.guess_extension(part["media_type"].split(";")[0]) or ".bin"
    return f"evidence/{evidence_id}/{part['name']}{ext}"


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


def _report(case: dict[str, Any], records: list[dict[str, Any]], verify: dict[str, Any]) -> str:
    esc = html.escape
    rows = []
    for record in records:
        if record["kind"] == "message":
            content = record["content"]
            rows.append(f"<li><b>{esc(content['from'])}</b> <time>{esc(content.get('sent_at') or '')}</time>"
                        f"<p>{esc(content['text'])}</p></li>")
        else:
            meta = record["meta"]
            rows.append(f"<li><b>evidence {esc(meta['evidence_id'])}</b> ({esc(meta.get('kind') or '')}) "
                        f"{esc(meta.get('title') or '')} <code>{esc(meta.get('url') or '')}</code> "
                        f"<time>{esc(meta.get('captured_at') or '')}</time></li>")
    status = "Evidence log verified" if verify["ok"] else f"UNVERIFIED: {esc(verify['problem'] or '')}"
    return ("<!doctype html><meta charset=utf-8><title>Case " + esc(case["case_id"]) + "</title>"
            f"<h1>Case {esc(case['case_id'])}</h1><p>{status}</p><ol>{''.join(rows)}</ol>")
