"""The export bundle: manifest hashes, the printable report, portal images within each platform's limits."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import random
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from ..conftest import run_cli

API = "/api/v1"
EBAY_TOTAL = 1.75 * 1_000_000


def noisy_png(seed: int, size: tuple[int, int] = (900, 620)) -> bytes:
    """A screenshot-like PNG (blocks and lines of 'text') with noise, so it does not compress to nothing."""
    rng = random.Random(seed)
    w, h = size
    base = Image.new("RGB", size, (250, 250, 250))
    draw = ImageDraw.Draw(base)
    for y in range(20, h - 20, 28):
        draw.rectangle([20, y, rng.randint(200, w - 20), y + 14], fill=(rng.randint(0, 90),) * 3)
    draw.rectangle([w - 220, 30, w - 30, 200], fill=(rng.randint(0, 255), 120, 200))
    noise = Image.frombytes("RGB", size, random.Random(seed).randbytes(w * h * 3))
    image = Image.blend(base, noise, 0.35)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def add_screenshot(server, case_id: str, png: bytes, n: int) -> str:
    answer = server.call("POST", f"{API}/cases/{case_id}/evidence", json={
        "kind": "screenshot", "image_png_base64": base64.b64encode(png).decode(),
        "url": f"https://www.ebay.com/mesh/ord/details?orderid=EXP-{n}", "title": f"Order page {n}",
        "captured_at": f"2026-11-20T10:{n:02d}:00Z"})
    assert answer.status_code == 200, answer.text
    return answer.json()["evidence_id"]


def open_bundle(answer) -> tuple[zipfile.ZipFile, dict]:
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(answer.content))
    return bundle, json.loads(bundle.read("manifest.json"))


@pytest.fixture(scope="module")
def big_case(server):
    messages = [{"from": "buyer" if i % 2 == 0 else "seller",
                 "text": f"Message {i}: the parcel <b>#{i}</b> & \"tracking\" — 包裹 {i}",
                 "sent_at": f"2026-11-19T09:{i:02d}:00Z"} for i in range(20)]
    answer = server.call("POST", f"{API}/assist", json={
        "platform": "ebay", "order": {"id": "EXPORT-20x5"}, "buyer": {"name": "Pat <O'Neil>"},
        "messages": messages})
    assert answer.status_code == 200, answer.text
    case_id = answer.json()["case_id"]
    pngs = [noisy_png(seed) for seed in range(5)]
    for png in pngs:
        assert 1_000_000 <= len(png) <= 2_200_000, len(png)
    evidence_ids = [add_screenshot(server, case_id, png, n) for n, png in enumerate(pngs)]
    note = server.call("POST", f"{API}/cases/{case_id}/evidence", json={
        "kind": "note", "text": "Called the carrier <script>alert(1)</script>", "captured_at": "2026-11-20T11:00:00Z"})
    assert note.status_code == 200, note.text
    return {"case_id": case_id, "messages": messages, "pngs": pngs, "evidence_ids": evidence_ids}


def test_twenty_messages_and_five_screenshots_export_a_bundle_whose_hashes_match(server, big_case):
    bundle, manifest = open_bundle(server.call("GET", f"{API}/cases/{big_case['case_id']}/export"))
    assert manifest["verified"] is True and manifest["tool"] == "Dispute Clerk" and manifest["tool_version"]
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(bundle.namelist()) - {"manifest.json"}
    for path, entry in listed.items():
        data = bundle.read(path)
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"], path
    # the raw screenshots, byte for byte, with their capture times and URLs
    by_id = {e["evidence_id"]: e for e in manifest["evidence"]}
    for n, (evidence_id, png) in enumerate(zip(big_case["evidence_ids"], big_case["pngs"])):
        entry = by_id[evidence_id]
        assert entry["kind"] == "screenshot" and entry["captured_at"] == f"2026-11-20T10:{n:02d}:00Z"
        assert entry["url"].endswith(f"EXP-{n}") and entry["title"] == f"Order page {n}"
        (part,) = entry["parts"]
        assert part["path"] == f"evidence/{evidence_id}/image.png"
        assert bundle.read(part["path"]) == png and part["sha256"] == hashlib.sha256(png).hexdigest()
    assert len(manifest["chain"]) == 20 + 5 + 1
    assert json.loads(bundle.read("messages.json"))[0]["text"] == big_case["messages"][0]["text"]


def test_report_shows_every_message_and_screenshot_escaped(server, big_case):
    bundle, _ = open_bundle(server.call("GET", f"{API}/cases/{big_case['case_id']}/export"))
    report = bundle.read("report.html").decode("utf-8")
    for message in big_case["messages"]:
        escaped = message["text"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
            .replace('"', "&quot;")
        assert escaped in report, message["text"]
    assert "<b>#" not in report and "<script>alert" not in report
    assert "Called the carrier &lt;script&gt;" in report
    assert "Pat &lt;O&#x27;Neil&gt;" in report
    for evidence_id in big_case["evidence_ids"]:
        assert f'<img src="evidence/{evidence_id}/image.png"' in report
        assert f"evidence/{evidence_id}/image.png" in bundle.namelist()
    assert "@media print" in report and "break-inside:avoid" in report
    assert "Evidence log verified" in report and "UNVERIFIED" not in report
    assert '<html lang="en">' in report


def test_ebay_portal_images_fit_five_files_and_one_point_seven_five_mb(server, big_case):
    bundle, manifest = open_bundle(server.call("GET", f"{API}/cases/{big_case['case_id']}/export"))
    portal = manifest["portal"]["platforms"]["ebay"]
    assert portal["limits"]["max_files"] == 5 and portal["limits"]["max_total_mb"] == 1.75
    names = [n for n in bundle.namelist() if n.startswith("portal/ebay/")]
    assert len(names) == 5 == len(portal["files"])
    total = 0
    for row in portal["files"]:
        data = bundle.read(row["path"])
        assert hashlib.sha256(data).hexdigest() == row["sha256"] and len(data) == row["size"]
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG" and max(image.size) <= 2000
        image.verify()
        total += len(data)
    assert total <= EBAY_TOTAL and portal["total_bytes"] == total
    assert {row["evidence_id"] for row in portal["files"]} == set(big_case["evidence_ids"])


def test_more_screenshots_than_ebay_accepts_keeps_the_five_newest(tmp_path):
    from disputeclerk.services.evidence import save_evidence
    from disputeclerk.services.export import export_case
    from disputeclerk.storage import Store

    store = Store(tmp_path / "data")
    store.save_case("ebay-SIX", {"platform": "ebay", "order_id": "SIX"})
    ids = []
    # logged out of capture order: "newest" goes by capture time
    for n in (3, 0, 5, 1, 4, 2):
        ids.append((n, save_evidence(store, "ebay-SIX", {
            "kind": "screenshot", "image": noisy_png(100 + n, (500, 400)),
            "captured_at": f"2026-11-20T10:0{n}:00Z"})["evidence_id"]))
    # a big one is scaled to at most 2000 px on its longest side
    manifest_dir = zipfile.ZipFile(io.BytesIO(export_case(store, "ebay-SIX", portal_platforms=["ebay", "paypal",
                                                                                                "shopee"])))
    manifest = json.loads(manifest_dir.read("manifest.json"))
    oldest = dict(ids)[0]
    ebay = manifest["portal"]["platforms"]["ebay"]
    assert len(ebay["files"]) == 5 and oldest not in {row["evidence_id"] for row in ebay["files"]}
    assert any("at most 5 files" in note and oldest in note for note in manifest["portal"]["notes"])
    for platform, per_file in (("paypal", 10_000_000), ("shopee", 10_000_000)):
        rows = manifest["portal"]["platforms"][platform]["files"]
        assert len(rows) == 6, platform
        for row in rows:
            data = manifest_dir.read(row["path"])
            assert len(data) <= per_file and Image.open(io.BytesIO(data)).format == "JPEG"
    store.close()


def test_quality_and_then_size_are_lowered_until_ebay_fits(tmp_path):
    from disputeclerk.services.evidence import save_evidence
    from disputeclerk.services.export import export_case
    from disputeclerk.storage import Store

    store = Store(tmp_path / "data")
    store.save_case("ebay-HEAVY", {"platform": "ebay", "order_id": "HEAVY"})
    for n in range(5):
        save_evidence(store, "ebay-HEAVY", {"kind": "screenshot", "image": noisy_png(200 + n, (1800, 1200))})
    bundle = zipfile.ZipFile(io.BytesIO(export_case(store, "ebay-HEAVY")))
    ebay = json.loads(bundle.read("manifest.json"))["portal"]["platforms"]["ebay"]
    assert len(ebay["files"]) == 5 and ebay["total_bytes"] <= EBAY_TOTAL
    assert sum(len(bundle.read(row["path"])) for row in ebay["files"]) == ebay["total_bytes"]
    assert all(row["jpeg_quality"] < 85 for row in ebay["files"])
    store.close()


def test_huge_screenshot_is_scaled_and_unknown_platform_gets_strict_limits(tmp_path):
    from disputeclerk.services.evidence import save_evidence
    from disputeclerk.services.export import export_case
    from disputeclerk.storage import Store

    store = Store(tmp_path / "data")
    store.save_case("etsy-BIG", {"platform": "etsy", "order_id": "BIG"})
    tall = Image.new("RGBA", (1200, 4000), (10, 200, 30, 128))
    buffer = io.BytesIO()
    tall.save(buffer, "PNG")
    save_evidence(store, "etsy-BIG", {"kind": "screenshot", "image": buffer.getvalue()})
    bundle = zipfile.ZipFile(io.BytesIO(export_case(store, "etsy-BIG")))
    manifest = json.loads(bundle.read("manifest.json"))
    etsy = manifest["portal"]["platforms"]["etsy"]
    assert etsy["limits"]["source"].endswith(":_default") and etsy["notes"]
    (row,) = etsy["files"]
    image = Image.open(io.BytesIO(bundle.read(row["path"])))
    assert image.format == "JPEG" and image.size == (600, 2000)
    store.close()


def test_tampered_blob_refuses_export_and_force_marks_it_unverified(server):
    case_id = server.call("POST", f"{API}/assist", json={
        "platform": "ebay", "order": {"id": "EXPORT-TAMPER"},
        "messages": [{"from": "buyer", "text": "where is it"}]}).json()["case_id"]
    png = noisy_png(999, (300, 200))
    add_screenshot(server, case_id, png, 1)
    path = Path(server.data_dir) / "blobs" / hashlib.sha256(png).hexdigest()[:2] / hashlib.sha256(png).hexdigest()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    mode = path.stat().st_mode & 0o777
    os.chmod(path, 0o600)
    path.write_bytes(bytes(data))
    os.chmod(path, mode)

    refused = server.call("GET", f"{API}/cases/{case_id}/export")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "case_failed_verify"
    cli = run_cli("export", case_id, "-o", str(path.parent / "x.zip"), data_dir=server.data_dir)
    assert cli.returncode == 1 and "does not verify" in cli.stderr

    bundle, manifest = open_bundle(server.call("GET", f"{API}/cases/{case_id}/export", params={"force": "true"}))
    assert manifest["verified"] is False
    report = bundle.read("report.html").decode()
    assert "UNVERIFIED — this case&#x27;s evidence log failed verification: " in report
    assert 'class="banner bad"' in report
    (entry,) = manifest["evidence"]
    assert entry["parts"][0]["matches_log"] is False
    for listed in manifest["files"]:
        assert hashlib.sha256(bundle.read(listed["path"])).hexdigest() == listed["sha256"]


def test_report_in_chinese(server, big_case, tmp_path):
    bundle, manifest = open_bundle(server.call("GET", f"{API}/cases/{big_case['case_id']}/export",
                                               params={"lang": "zh"}))
    report = bundle.read("report.html").decode()
    assert manifest["report_language"] == "zh"
    assert '<html lang="zh-Hans">' in report
    for word in ("争议证据报告", "时间线", "证据日志已验证", "截图", "平台"):
        assert word in report
    assert "Timeline" not in report
    assert server.call("GET", f"{API}/cases/{big_case['case_id']}/export", params={"lang": "xx"}).status_code == 422

    out = tmp_path / "zh.zip"
    cli = run_cli("export", big_case["case_id"], "-o", str(out), "--lang", "zh", data_dir=server.data_dir)
    assert cli.returncode == 0, cli.stderr
    assert "时间线" in zipfile.ZipFile(out).read("report.html").decode()


@pytest.mark.browser
def test_unzipped_report_shows_every_screenshot_in_chromium(server, big_case, tmp_path, playwright_session):
    import shutil

    chromium = shutil.which(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    if not chromium:
        pytest.skip("no Chromium: install Debian's `chromium` package or set CHROMIUM=/path/to/chromium")
    bundle, _ = open_bundle(server.call("GET", f"{API}/cases/{big_case['case_id']}/export"))
    bundle.extractall(tmp_path / "bundle")
    # The run's one Playwright driver (tests/conftest.py), shared with the extension tests.
    browser = playwright_session.chromium.launch(executable_path=chromium, headless=True,
                                                 args=["--disable-gpu", "--no-first-run"])
    try:
        page = browser.new_page()
        page.goto((tmp_path / "bundle" / "report.html").as_uri())
        page.wait_for_load_state("load")
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => [i.getAttribute('src'), i.naturalWidth])")
        text = page.inner_text("body")
        pdf_ok = page.pdf()[:4] == b"%PDF"  # print-to-PDF works on it (headless Chromium)
    finally:
        browser.close()
    assert len(widths) == 5 and all(width > 0 for _, width in widths), widths
    for message in big_case["messages"]:
        assert message["text"] in text
    assert pdf_ok


@pytest.mark.parametrize("filename, entry", [("..", "file"), (".", "file"), ("../../etc/passwd", "_.._etc_passwd"),
                                             (".hidden.pdf", "hidden.pdf"), ("Rechnung März.pdf", "Rechnung_März.pdf")])
def test_an_uploaded_files_name_becomes_a_plain_entry_inside_its_evidence_folder(server, filename, entry):
    case_id = server.call("POST", f"{API}/assist", json={"platform": "ebay", "order": {"id": "EXP-NAMES"}}).json()[
        "case_id"]
    saved = server.call("POST", f"{API}/cases/{case_id}/evidence", json={
        "kind": "file", "filename": filename, "content_base64": base64.b64encode(b"%PDF-1.4 invoice").decode()})
    assert saved.status_code == 200, saved.text
    bundle, manifest = open_bundle(server.call("GET", f"{API}/cases/{case_id}/export"))
    path = f"evidence/{saved.json()['evidence_id']}/{entry}"
    assert bundle.read(path) == b"%PDF-1.4 invoice"
    assert all(".." not in name.split("/") and "." not in name.split("/") for name in bundle.namelist())
