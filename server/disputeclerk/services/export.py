"""The export bundle: a zip a seller can hand to a marketplace's dispute centre.

    manifest.json           every file with its SHA-256 and size, the evidence (capture times, URLs,
                            parts), the hash chain, the tool version, the portal images and their notes
    report.html             a printable timeline (messages and screenshots), English or Chinese
    case.json, messages.json
    evidence/<id>/...       the stored snapshots and screenshots, byte for byte
    portal/<platform>/...   screenshots re-encoded (Pillow, JPEG) to fit the platform's upload limits

Export refuses a case that fails verify unless forced; a forced bundle says UNVERIFIED in
its manifest and in a red banner at the top of the report.
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
from .lexicon import data_file

_EXTENSIONS = {"html": ".html", "text": ".txt", "image": ".png"}
REPORT_LANGUAGES = ("en", "zh")

# Portal images: JPEG, longest side at most this, quality lowered step by step, then the size.
PORTAL_MAX_SIDE = 2000
PORTAL_QUALITIES = (85, 75, 65, 55, 45, 35)
PORTAL_MIN_SIDE = 320
MB = 1_000_000  # decimal megabytes: the stricter reading of "1.75 MB"
# A page snapshot's visible text is printed in the report up to this many characters.
SNAPSHOT_TEXT_SHOWN = 20_000

_WORDS = {
    "en": {
        "title": "Dispute evidence report", "case": "Case", "platform": "Platform", "order": "Order",
        "dispute": "Dispute", "buyer": "Buyer", "status": "Status", "dispute_type": "Dispute type",
        "next_due": "Next deadline", "exported": "Exported", "tool": "Tool",
        "verified": "Evidence log verified: {records} records, hash chain intact.",
        "unverified": "UNVERIFIED — this case's evidence log failed verification: {problem}",
        "timeline": "Timeline", "message": "Message", "from": "From", "sent": "Sent",
        "evidence": "Evidence", "kind": "Kind", "captured": "Captured", "url": "URL", "page_title": "Title",
        "files": "Files", "no_entries": "Nothing logged yet.", "summary": "Summary",
        "messages_count": "Messages", "evidence_count": "Evidence items",
        "missing_file": "stored file missing",
        "page_text": "Text on the page", "text_cut": "Shortened here; the full text ({n} characters) is in the "
                                                     "snapshot's text file.",
        "footer": "Every file in this bundle is listed with its SHA-256 in manifest.json.",
        "kinds": {"page_snapshot": "page snapshot", "screenshot": "screenshot", "note": "note", "file": "file"},
    },
    "zh": {
        "title": "争议证据报告", "case": "案件", "platform": "平台", "order": "订单",
        "dispute": "争议", "buyer": "买家", "status": "状态", "dispute_type": "争议类型",
        "next_due": "下一个截止时间", "exported": "导出时间", "tool": "工具",
        "verified": "证据日志已验证：共 {records} 条记录，哈希链完整。",
        "unverified": "未验证 — 此案件的证据日志未通过验证：{problem}",
        "timeline": "时间线", "message": "消息", "from": "发送者", "sent": "发送时间",
        "evidence": "证据", "kind": "类型", "captured": "采集时间", "url": "网址", "page_title": "标题",
        "files": "文件", "no_entries": "尚无记录。", "summary": "概要",
        "messages_count": "消息数", "evidence_count": "证据数",
        "missing_file": "存储的文件缺失",
        "page_text": "页面文字", "text_cut": "此处已截短；完整文字（{n} 个字符）见快照的文本文件。",
        "footer": "本压缩包中的每个文件及其 SHA-256 均列于 manifest.json。",
        "kinds": {"page_snapshot": "页面快照", "screenshot": "截图", "note": "备注", "file": "文件"},
    },
}


def export_case(store: Store, case_id: str, *, force: bool = False, lang: str = "en",
                portal_platforms: list[str] | None = None) -> bytes:
    """The zip bundle of one case. `portal_platforms` defaults to the case's own platform."""
    case = get_case(store, case_id)
    records = store.log_records(case_id)
    verify = store.verify(case_id)
    if not verify["ok"] and not force:
        raise ApiError("case_failed_verify", 409,
                       f"This case's evidence log does not verify ({verify['problem']}); export with force to "
                       "get a bundle marked unverified.", {"verify": verify})
    lang = lang if lang in REPORT_LANGUAGES else "en"
    exported_at = utc_now_iso()
    files: dict[str, bytes] = {}
    messages = [dict(r["content"], index=r["index"], hash=r["hash"]) for r in records if r["kind"] == "message"]
    files["case.json"] = _json({k: v for k, v in case.items() if k != "last_context"})
    files["messages.json"] = _json(messages)

    evidence: list[dict[str, Any]] = []
    screenshots: list[dict[str, Any]] = []   # {evidence_id, captured_at, index, data}
    texts: dict[str, str] = {}               # evidence_id -> a note's or a page snapshot's text
    for record in records:
        if record["kind"] != "evidence":
            continue
        meta = record["meta"]
        entry = {"evidence_id": meta["evidence_id"], "kind": meta.get("kind"), "captured_at": meta.get("captured_at"),
                 "received_at": meta.get("received_at"), "url": meta.get("url"), "title": meta.get("title"),
                 "chain_index": record["index"], "hash": record["hash"], "parts": []}
        for part in meta["parts"]:
            path = _part_path(meta["evidence_id"], part)
            row = {"name": part["name"], "path": path, "sha256": part["sha256"], "size": part["size"],
                   "media_type": part["media_type"]}
            data = store.read_blob(part["sha256"])
            if data is None:
                row.update(path=None, missing=True)  # only reachable with force: verify named it
            else:
                files[path] = data
                actual = sha256_hex(data)
                if actual != part["sha256"]:
                    row.update(bundle_sha256=actual, matches_log=False)
                if part["name"] == "text" and meta.get("kind") in ("note", "page_snapshot"):
                    texts[meta["evidence_id"]] = data.decode("utf-8", "replace")
                if part["name"] == "image":
                    screenshots.append({"evidence_id": meta["evidence_id"], "captured_at": meta.get("captured_at"),
                                        "index": record["index"], "data": data})
            entry["parts"].append(row)
        evidence.append(entry)

    platform = case.get("platform") or "_default"
    portal = {"notes": [], "platforms": {}}
    for name in portal_platforms or [platform]:
        result, images = _portal(name, screenshots)
        portal["platforms"][name] = result
        portal["notes"] += [f"{name}: {note}" for note in result["notes"]]
        files.update(images)

    files["report.html"] = _report(case, records, verify, lang=lang, exported_at=exported_at,
                                  texts=texts).encode("utf-8")
    manifest = {
        "tool": "Dispute Clerk", "tool_version": __version__, "exported_at": exported_at,
        "case_id": case_id, "platform": case.get("platform"), "report_language": lang,
        "verified": verify["ok"], "verify": verify,
        "files": [{"path": path, "sha256": sha256_hex(data), "size": len(data)} for path, data in files.items()],
        "evidence": evidence,
        "portal": portal,
        "chain": [{k: r[k] for k in ("index", "kind", "content_sha256", "meta", "prev_hash", "hash")}
                  for r in records],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.json", _json(manifest))
        for path, data in files.items():
            # JPEG and PNG do not deflate; storing them saves time.
            kind = zipfile.ZIP_STORED if path.endswith((".png", ".jpg")) else zipfile.ZIP_DEFLATED
            bundle.writestr(path, data, compress_type=kind)
    return buffer.getvalue()


def _part_path(evidence_id: str, part: dict[str, Any]) -> str:
    if part.get("filename"):
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in part["filename"])[:100]
        # No leading dot: ".." or "." would name the folder itself, ".x" a hidden file.
        return f"evidence/{evidence_id}/{safe.lstrip('.') or 'file'}"
    ext = _EXTENSIONS.get(part["name"]) or mimetypes.guess_extension(part["media_type"].split(";")[0]) or ".bin"
    return f"evidence/{evidence_id}/{part['name']}{ext}"


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


# ------------------------------------------------------------------ portal images
def upload_limits(platform: str) -> tuple[dict[str, Any], str]:
    """The platform's upload limits from lexicons/platforms.json, or the strict defaults when none are known."""
    table = data_file("platforms.json")
    uploads = (table.get(platform) or {}).get("uploads") or {}
    if any(uploads.get(key) is not None for key in ("max_files", "max_file_mb", "max_total_mb")):
        return uploads, platform
    return table["_default"]["uploads"], "_default"


def _portal(platform: str, screenshots: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, bytes]]:
    limits, source = upload_limits(platform)
    notes: list[str] = []
    if source != platform:
        notes.append("no upload limits are known for this platform; the strictest known limits were applied "
                     "(eBay payment disputes: 5 files, 1.75 MB in total).")
    max_files = limits.get("max_files")
    per_file = int(limits["max_file_mb"] * MB) if limits.get("max_file_mb") else None
    total = int(limits["max_total_mb"] * MB) if limits.get("max_total_mb") else None

    decoded = []
    for shot in screenshots:
        try:
            decoded.append((shot, _open_rgb(shot["data"])))
        except Exception as exc:  # noqa: BLE001 - a PNG Pillow cannot read is left out, and said so
            notes.append(f"screenshot {shot['evidence_id']} could not be read as an image ({type(exc).__name__}); "
                         "it is not in the portal folder.")
    if max_files and len(decoded) > max_files:
        decoded.sort(key=lambda pair: (pair[0]["captured_at"] or "", pair[0]["index"]))
        left_out = [pair[0]["evidence_id"] for pair in decoded[:-max_files]]
        decoded = decoded[-max_files:]
        notes.append(f"the platform accepts at most {max_files} files: the {max_files} newest screenshots are "
                     f"included; left out: {', '.join(left_out)}.")
    decoded.sort(key=lambda pair: pair[0]["index"])

    encoded = _fit([image for _, image in decoded], per_file, total)
    if encoded is None:
        notes.append("the screenshots could not be made small enough for this platform's limits; "
                     "no portal images were written.")
        encoded = []
    images: dict[str, bytes] = {}
    rows = []
    for position, ((shot, _), (data, width, height, quality)) in enumerate(zip(decoded, encoded), start=1):
        path = f"portal/{platform}/{position:02d}-{shot['evidence_id']}.jpg"
        images[path] = data
        rows.append({"path": path, "evidence_id": shot["evidence_id"], "sha256": sha256_hex(data),
                     "size": len(data), "width": width, "height": height, "jpeg_quality": quality})
    return {"limits": {"max_files": max_files, "max_file_mb": limits.get("max_file_mb"),
                       "max_total_mb": limits.get("max_total_mb"), "source": f"lexicons/platforms.json:{source}"},
            "format": "image/jpeg", "files": rows, "total_bytes": sum(r["size"] for r in rows),
            "notes": notes}, images


def _open_rgb(data: bytes):
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    image = flat_rgb(image)
    if max(image.size) > PORTAL_MAX_SIDE:
        image.thumbnail((PORTAL_MAX_SIDE, PORTAL_MAX_SIDE), Image.Resampling.LANCZOS)
    return image


def flat_rgb(image):
    """An RGB copy for JPEG: transparency laid on white (a screenshot's clear areas stay white)."""
    from PIL import Image

    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    return image


def _fit(images: list, per_file: int | None, total: int | None) -> list[tuple[bytes, int, int, int]] | None:
    """JPEG-encode every image at one quality and scale: quality first, then the size, until each file
    and the total fit. None when even the smallest size does not fit."""
    from PIL import Image

    if not images:
        return []
    scale = 1.0
    while True:
        sized = []
        for image in images:
            if scale < 1.0:
                w, h = image.size
                image = image.resize((max(1, round(w * scale)), max(1, round(h * scale))), Image.Resampling.LANCZOS)
            sized.append(image)
        for quality in PORTAL_QUALITIES:
            out = []
            for image in sized:
                buffer = io.BytesIO()
                image.save(buffer, "JPEG", quality=quality, optimize=True)
                out.append((buffer.getvalue(), image.width, image.height, quality))
            if ((per_file is None or all(len(o[0]) <= per_file for o in out))
                    and (total is None or sum(len(o[0]) for o in out) <= total)):
                return out
        if max(max(i.size) for i in sized) <= PORTAL_MIN_SIDE:
            return None
        scale *= 0.8


# ------------------------------------------------------------------ report
_CSS = """
body{font:14px/1.45 -apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC",
"Microsoft YaHei",sans-serif;color:#111;max-width:900px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:24px 0 8px;border-bottom:1px solid #ccc}
table.summary{border-collapse:collapse}table.summary th,table.summary td{text-align:left;padding:2px 12px 2px 0;
vertical-align:top}
.banner{padding:10px 14px;border-radius:4px;margin:12px 0;font-weight:600}
.ok{background:#e7f5ea;border:1px solid #2e7d32;color:#1b5e20}
.bad{background:#fdecea;border:2px solid #c62828;color:#b71c1c;font-size:16px}
ol.timeline{list-style:none;padding:0;margin:0}
.entry{border:1px solid #ddd;border-radius:4px;padding:8px 12px;margin:8px 0;page-break-inside:avoid;
break-inside:avoid}
.entry.message .who{font-weight:600}.entry time{color:#555;margin-left:8px}
.entry .text{white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0 0;font:inherit}
.page-text pre.text{font-size:12px;background:#fff;border-left:3px solid #bbb;padding:4px 8px}
.entry.evidence{background:#fafafa}.meta{color:#333;overflow-wrap:anywhere}.meta code{font-size:12px}
.entry img{display:block;max-width:100%;height:auto;margin:8px 0;border:1px solid #ccc}
.files{font-size:12px;color:#444;overflow-wrap:anywhere}
footer{margin-top:24px;font-size:12px;color:#555}
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit;text-decoration:none}
.entry{border-color:#999}.entry.screenshot{page-break-inside:auto;break-inside:auto}
.entry img{max-height:24cm;page-break-inside:avoid;break-inside:avoid}
h2{page-break-after:avoid;break-after:avoid}.bad,.ok{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
@page{margin:15mm}
"""


def _report(case: dict[str, Any], records: list[dict[str, Any]], verify: dict[str, Any], *, lang: str,
            exported_at: str, texts: dict[str, str]) -> str:
    words = _WORDS[lang]
    esc = html.escape

    def row(label: str, value: Any) -> str:
        return f"<tr><th>{esc(words[label])}</th><td>{esc(str(value))}</td></tr>" if value not in (None, "") else ""

    entries = []
    n_messages = n_evidence = 0
    for record in records:
        if record["kind"] == "message":
            n_messages += 1
            content = record["content"]
            entries.append(
                f'<li class="entry message" id="r{record["index"]}"><span class="who">{esc(content["from"])}</span>'
                f'<time>{esc(content.get("sent_at") or "")}</time>'
                f'<p class="text">{esc(content["text"])}</p></li>')
            continue
        n_evidence += 1
        meta = record["meta"]
        kind = meta.get("kind") or ""
        lines = [f'<span class="who">{esc(words["evidence"])} {esc(meta["evidence_id"])}</span> '
                 f'({esc(words["kinds"].get(kind, kind))})']
        if meta.get("captured_at"):
            lines.append(f'<div class="meta">{esc(words["captured"])}: <time>{esc(meta["captured_at"])}</time></div>')
        if meta.get("title"):
            lines.append(f'<div class="meta">{esc(words["page_title"])}: {esc(meta["title"])}</div>')
        if meta.get("url"):
            lines.append(f'<div class="meta">{esc(words["url"])}: <code>{esc(meta["url"])}</code></div>')
        links = []
        for part in meta["parts"]:
            path = _part_path(meta["evidence_id"], part)
            if part["name"] == "image":
                lines.append(f'<img src="{esc(path)}" alt="{esc(words["kinds"]["screenshot"])} '
                             f'{esc(meta["evidence_id"])}">')
            links.append(f'<a href="{esc(path)}">{esc(path)}</a> <code>sha256 {esc(part["sha256"])}</code>')
        text = texts.get(meta["evidence_id"])
        if kind == "note" and text is not None:
            lines.append(f'<p class="text">{esc(text)}</p>')
        elif text:
            # What the page said, readable without opening the saved HTML; the full text is in its file.
            shown = text if len(text) <= SNAPSHOT_TEXT_SHOWN else text[:SNAPSHOT_TEXT_SHOWN] + " …"
            cut = "" if shown is text else f'<p class="meta">{esc(words["text_cut"].format(n=len(text)))}</p>'
            lines.append(f'<div class="page-text"><div class="meta">{esc(words["page_text"])}:</div>'
                         f'<pre class="text">{esc(shown)}</pre>{cut}</div>')
        if links:
            lines.append(f'<div class="files">{esc(words["files"])}:<br>' + "<br>".join(links) + "</div>")
        entries.append(f'<li class="entry evidence {esc(kind)}" id="r{record["index"]}">' + "".join(lines) + "</li>")

    if verify["ok"]:
        banner = f'<div class="banner ok">{esc(words["verified"].format(records=verify["records"]))}</div>'
    else:
        banner = (f'<div class="banner bad" role="alert">'
                  f'{esc(words["unverified"].format(problem=verify.get("problem") or ""))}</div>')
    summary = "".join([
        row("case", case["case_id"]), row("platform", case.get("platform")), row("order", case.get("order_id")),
        row("dispute", case.get("dispute_id")), row("buyer", case.get("buyer_name")),
        row("status", case.get("status")), row("dispute_type", case.get("dispute_type")),
        row("next_due", case.get("next_due_at")), row("messages_count", n_messages),
        row("evidence_count", n_evidence), row("exported", exported_at),
        row("tool", f"Dispute Clerk {__version__}"),
    ])
    timeline = "".join(entries) or f"<li>{esc(words['no_entries'])}</li>"
    html_lang = "zh-Hans" if lang == "zh" else "en"
    return (f'<!doctype html>\n<html lang="{html_lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            # No script runs in the report, whatever a buyer wrote into a message.
            f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src \'self\'; '
            f'style-src \'unsafe-inline\'">'
            f'<title>{esc(words["title"])} — {esc(case["case_id"])}</title><style>{_CSS}</style></head><body>'
            f'<h1>{esc(words["title"])}: {esc(case["case_id"])}</h1>{banner}'
            f'<h2>{esc(words["summary"])}</h2><table class="summary">{summary}</table>'
            f'<h2>{esc(words["timeline"])}</h2><ol class="timeline">{timeline}</ol>'
            f'<footer>{esc(words["footer"])}</footer></body></html>\n')

