"""What the case board reads: summary rows, outcomes with the templates used, thumbnails, a cheap case read,
and the report's page text."""
from __future__ import annotations

import base64
import io
import json
import zipfile

import pytest
from PIL import Image

from ..conftest import run_cli

API = "/api/v1"


def new_case(server, platform: str, order_id: str, **context) -> dict:
    answer = server.call("POST", f"{API}/assist", json={"platform": platform, "order": {"id": order_id}, **context})
    assert answer.status_code == 200, answer.text
    return answer.json()


def set_status(server, case_id: str, status: str) -> None:
    answer = server.call("PATCH", f"{API}/cases/{case_id}", json={"status": status})
    assert answer.status_code == 200, answer.text


def use_template(server, case_id: str, template_id: str, action: str = "filled"):
    return server.call("POST", f"{API}/cases/{case_id}/replies",
                       json={"template_id": template_id, "action": action, "stage": "first_response",
                             "language": "en", "tone": "warm"})


def png_of(size: tuple[int, int], colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", size, colour + (255,)).save(buffer, "PNG")
    return buffer.getvalue()


def test_summary_rows_name_the_next_deadline_in_both_languages(server):
    answer = new_case(server, "aliexpress", "BOARD-LABEL-1", page_type="dispute",
                      dispute={"id": "D-1", "reason": "Item not received", "opened_at": "2026-11-20T08:00:00Z"})
    rows = server.call("GET", f"{API}/cases", params={"q": "BOARD-LABEL-1"}).json()["cases"]
    assert len(rows) == 1
    row = rows[0]
    due = [d for d in answer["deadlines"] if d["due_at"]]
    assert due, answer["deadlines"]
    first = min(due, key=lambda d: d["due_at"])
    assert row["next_due_at"] == first["due_at"] and row["next_due_rule"] == first["rule_id"]
    assert row["next_due_label"] == first["label"] and row["next_due_label_zh"] == first["label_zh"]
    assert row["templates_used"] == [] and row["outcome_at"] is None


def test_a_used_template_is_remembered_on_the_case_and_in_its_summary(server):
    case_id = new_case(server, "ebay", "BOARD-TPL-1")["case_id"]
    assert use_template(server, case_id, "nr_first_response").json() == {"recorded": True, "replies_used": 1}
    assert use_template(server, case_id, "nr_first_response", "copied").json()["replies_used"] == 2
    case = server.call("GET", f"{API}/cases/{case_id}").json()
    assert [(u["template_id"], u["action"]) for u in case["replies_used"]] == [
        ("nr_first_response", "filled"), ("nr_first_response", "copied")]
    assert case["replies_used"][0]["language"] == "en" and case["replies_used"][0]["at"].endswith("Z")
    row = server.call("GET", f"{API}/cases", params={"q": "BOARD-TPL-1"}).json()["cases"][0]
    assert row["templates_used"] == ["nr_first_response"]


@pytest.mark.parametrize("body, field", [
    ({"action": "filled"}, "template_id"),
    ({"template_id": "x", "action": "sent"}, "action"),
    ({"template_id": "", "action": "filled"}, "template_id"),
    ({"template_id": "x" * 121, "action": "filled"}, "template_id"),
])
def test_a_bad_template_use_is_refused_with_the_field_and_changes_nothing(server, body, field):
    case_id = new_case(server, "ebay", "BOARD-TPL-BAD")["case_id"]
    before = server.call("GET", f"{API}/cases/{case_id}", params={"verify": "none"}).json()["replies_used"]
    answer = server.call("POST", f"{API}/cases/{case_id}/replies", json=body)
    assert answer.status_code == 422
    assert field in answer.json()["error"]["fields"]
    after = server.call("GET", f"{API}/cases/{case_id}", params={"verify": "none"}).json()["replies_used"]
    assert after == before


def test_a_template_use_on_an_unknown_case_is_404(server):
    answer = use_template(server, "ebay-NO-SUCH-CASE", "nr_first_response")
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "case_not_found"


def test_outcomes_count_cases_per_platform_and_dispute_type_with_the_templates_used(tmp_path):
    from ..conftest import LiveServer

    server = LiveServer(tmp_path / "data").start()
    try:
        cases = []
        for n, status in enumerate(["won", "won", "lost", "resolved", "open"]):
            case_id = new_case(server, "shopee", f"OUT-{n}", messages=[
                {"from": "buyer", "text": "I never received my order, where is my parcel?"}])["case_id"]
            cases.append(case_id)
            if status != "open":
                set_status(server, case_id, status)
        use_template(server, cases[0], "tpl_a")
        use_template(server, cases[0], "tpl_b")
        use_template(server, cases[1], "tpl_a")
        use_template(server, cases[2], "tpl_b")
        new_case(server, "ebay", "OUT-E")  # a second group, no messages: dispute type "other"
        answer = server.call("GET", f"{API}/outcomes")
        assert answer.status_code == 200, answer.text
        result = answer.json()
        assert result["totals"] == {"total": 6, "open": 2, "resolved": 1, "won": 2, "lost": 1}
        shopee = [g for g in result["groups"] if g["platform"] == "shopee"]
        assert len(shopee) == 1
        group = shopee[0]
        assert group["dispute_type"] == "not_received"
        assert (group["total"], group["won"], group["lost"], group["resolved"], group["open"]) == (5, 2, 1, 1, 1)
        templates = {t["template_id"]: t for t in group["templates"]}
        assert templates["tpl_a"] == {"template_id": "tpl_a", "cases": 2, "won": 2, "lost": 0, "resolved": 0,
                                      "open": 0}
        assert (templates["tpl_b"]["cases"], templates["tpl_b"]["won"], templates["tpl_b"]["lost"]) == (2, 1, 1)
        assert [t["template_id"] for t in group["templates"]] == ["tpl_a", "tpl_b"]  # most wins first
        assert result["groups"][0]["platform"] == "shopee"  # the biggest group first
        assert any(g["platform"] == "ebay" and g["dispute_type"] == "other" and g["total"] == 1
                   for g in result["groups"])
        # Reopening a won case moves it back to open in the counts.
        set_status(server, cases[0], "open")
        again = server.call("GET", f"{API}/outcomes").json()["totals"]
        assert (again["won"], again["open"]) == (1, 3)
    finally:
        server.stop()


def test_the_thumbnail_is_a_small_jpeg_of_the_top_of_the_screenshot(server):
    case_id = new_case(server, "ebay", "BOARD-THUMB-1")["case_id"]
    tall = png_of((1280, 6000))
    saved = server.call("POST", f"{API}/cases/{case_id}/evidence", json={
        "kind": "screenshot", "image_png_base64": base64.b64encode(tall).decode(), "url": "https://www.ebay.com/x",
        "captured_at": "2026-11-21T10:00:00Z"}).json()
    answer = server.call("GET", f"{API}/cases/{case_id}/evidence/{saved['evidence_id']}/thumbnail")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(answer.content))
    assert image.format == "JPEG" and image.width == 320 and image.height == 400
    r, g, b = image.getpixel((160, 200))
    assert r > 150 and g < 80 and b < 80  # the screenshot's own colour
    again = server.call("GET", f"{API}/cases/{case_id}/evidence/{saved['evidence_id']}/thumbnail")
    assert again.content == answer.content


def test_evidence_without_a_screenshot_has_no_thumbnail(server):
    case_id = new_case(server, "ebay", "BOARD-THUMB-2")["case_id"]
    note = server.call("POST", f"{API}/cases/{case_id}/evidence", json={"kind": "note", "text": "called"}).json()
    answer = server.call("GET", f"{API}/cases/{case_id}/evidence/{note['evidence_id']}/thumbnail")
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "no_image"
    missing = server.call("GET", f"{API}/cases/{case_id}/evidence/ev-000000000000/thumbnail")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "evidence_not_found"


def test_a_case_read_without_verify_skips_it_and_a_full_read_reports_it(server):
    case_id = new_case(server, "ebay", "BOARD-VERIFY-1", messages=[{"from": "buyer", "text": "hello"}])["case_id"]
    quick = server.call("GET", f"{API}/cases/{case_id}", params={"verify": "none"})
    assert quick.status_code == 200 and quick.json()["verify"] is None
    assert len(quick.json()["timeline"]) == 1
    full = server.call("GET", f"{API}/cases/{case_id}").json()
    assert full["verify"]["ok"] is True and full["verify"]["records"] == 1
    bad = server.call("GET", f"{API}/cases/{case_id}", params={"verify": "sometimes"})
    assert bad.status_code == 422 and "verify" in bad.json()["error"]["fields"]


def test_the_report_prints_a_page_snapshots_text_and_shortens_a_huge_one(server):
    case_id = new_case(server, "ebay", "BOARD-TEXT-1")["case_id"]
    for text in ("Seller promised a refund <script>alert(1)</script> on 2026-11-20", "word " * 10_000):
        saved = server.call("POST", f"{API}/cases/{case_id}/evidence", json={
            "kind": "page_snapshot", "html": "<p>x</p>", "text": text, "url": "https://www.ebay.com/m",
            "captured_at": "2026-11-21T10:00:00Z"})
        assert saved.status_code == 200, saved.text
    bundle = zipfile.ZipFile(io.BytesIO(server.call("GET", f"{API}/cases/{case_id}/export").content))
    report = bundle.read("report.html").decode()
    assert "Seller promised a refund &lt;script&gt;alert(1)&lt;/script&gt; on 2026-11-20" in report
    assert "<script>" not in report
    assert "the full text (50000 characters)" in report
    assert report.count("word ") < 4_100


def test_cli_export_writes_the_report_in_the_systems_language(server, tmp_path):
    case_id = new_case(server, "ebay", "BOARD-LANG-1")["case_id"]
    out = tmp_path / "zh.zip"
    result = run_cli("export", case_id, "-o", str(out), data_dir=server.data_dir, env={"LANG": "zh_CN.UTF-8"})
    assert result.returncode == 0, result.stderr
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))
    assert manifest["report_language"] == "zh"
    assert "争议证据报告" in zipfile.ZipFile(out).read("report.html").decode()
    out_en = tmp_path / "en.zip"
    result = run_cli("export", case_id, "-o", str(out_en), "--lang", "en", data_dir=server.data_dir,
                     env={"LANG": "zh_CN.UTF-8"})
    assert result.returncode == 0, result.stderr
    assert json.loads(zipfile.ZipFile(out_en).read("manifest.json"))["report_language"] == "en"


def test_closed_cases_come_after_open_ones_whatever_their_old_deadline(tmp_path):
    from ..conftest import LiveServer

    server = LiveServer(tmp_path / "data").start()
    try:
        ids = {}
        for n, opened in enumerate(("2026-11-01T00:00:00Z", "2026-11-10T00:00:00Z", None)):
            dispute = {"id": f"D-{n}", "reason": "Item not received", "opened_at": opened} if opened else {}
            ids[n] = new_case(server, "aliexpress", f"ORDERING-{n}", page_type="dispute" if opened else "order",
                              dispute=dispute)["case_id"]
        before = [r["case_id"] for r in server.call("GET", f"{API}/cases").json()["cases"]]
        assert before == [ids[0], ids[1], ids[2]]  # nearest deadline first, no deadline last
        set_status(server, ids[0], "won")
        after = [r["case_id"] for r in server.call("GET", f"{API}/cases").json()["cases"]]
        assert after == [ids[1], ids[2], ids[0]]
    finally:
        server.stop()
