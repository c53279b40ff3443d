"""The contract's endpoints, as a seller's extension and scripts use them (real server process)."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile

import pytest


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def assist(server, **context):
    context.setdefault("platform", "aliexpress")
    return server.call("POST", "/api/v1/assist", json=context)


def fields_of(answer) -> dict:
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] == "invalid_fields"
    return answer.json()["error"]["fields"]


# ---------------------------------------------------------------------- assist
def test_assist_files_the_page_under_a_case_named_for_the_order(server):
    answer = assist(server, order={"id": "8123456789"}, page_type="dispute",
                    messages=[{"from": "buyer", "text": "Onde está meu pedido?", "sent_at": "2026-11-20T10:00:00Z"}])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["case_id"] == "aliexpress-8123456789"
    assert body["messages_logged"] == {"added": 1, "duplicates": 0}
    for key in ("deadlines", "suggestions", "checklist", "risk_flags", "warnings"):
        assert isinstance(body[key], list)
    assert body["dispute_type"]["value"] == "not_received"  # "Onde está meu pedido?"


def test_every_page_of_one_order_lands_in_one_case(server):
    first = assist(server, order={"id": "SAME-1"}, page_type="order").json()
    second = assist(server, order={"id": "SAME-1"}, page_type="message").json()
    assert first["case_id"] == second["case_id"]
    assert first["case_created"] is True and second["case_created"] is False


def test_dispute_id_names_the_case_when_there_is_no_order_id(server):
    assert assist(server, platform="paypal", dispute={"id": "PP-D-12345"}).json()["case_id"] == "paypal-PP-D-12345"


def test_unsafe_characters_in_an_order_id_make_a_safe_case_id(server):
    case_id = assist(server, platform="shopify", order={"id": "#1001 / ../x"}).json()["case_id"]
    assert case_id == "shopify-1001_x"
    assert server.call("GET", f"/api/v1/cases/{case_id}").status_code == 200


def test_numeric_order_id_is_accepted(server):
    assert assist(server, platform="ebay", order={"id": 1234567}).json()["case_id"] == "ebay-1234567"


def test_assist_without_order_or_dispute_id_is_422(server):
    assert "order.id" in fields_of(assist(server, order={"placed_at": "today"}))


def test_assist_with_unknown_platform_is_422(server):
    assert "platform" in fields_of(assist(server, platform="amazon.evil", order={"id": "1"}))


def test_assist_with_wrong_field_types_is_422(server):
    fields = fields_of(assist(server, order={"id": "1", "processing_days": "soon"}, messages="not a list"))
    assert "messages" in fields and "order" in fields


def test_unknown_extra_fields_are_kept(server):
    assist(server, platform="temu", order={"id": "EXTRA-1", "gift_wrap": True}, store_rating=4.8)
    case = server.call("GET", "/api/v1/cases/temu-EXTRA-1").json()
    assert case["order"]["gift_wrap"] is True
    stored = json.loads((server.data_dir / "cases" / "temu-EXTRA-1" / "case.json").read_text())
    assert stored["case"]["1"]["last_context"]["store_rating"] == 4.8


def test_a_later_page_never_erases_what_an_earlier_page_gave(server):
    assist(server, platform="wish", order={"id": "MERGE-1", "total": {"amount": "23.50", "currency": "USD"}},
           buyer={"name": "Ana", "country": "BR"})
    assist(server, platform="wish", order={"id": "MERGE-1", "total": None}, buyer={"language": "pt"})
    case = server.call("GET", "/api/v1/cases/wish-MERGE-1").json()
    assert case["order"]["total"] == {"amount": "23.50", "currency": "USD"}
    assert case["buyer"] == {"name": "Ana", "country": "BR", "language": "pt"}


def test_unknown_seller_timezone_is_a_warning_not_an_error(server):
    answer = assist(server, order={"id": "TZ-1"}, seller_timezone="Mars/Olympus")
    assert answer.status_code == 200
    assert any("Mars/Olympus" in w for w in answer.json()["warnings"])


# -------------------------------------------------------------------- messages
def test_the_same_message_scraped_again_is_stored_once(server):
    message = {"from": "buyer", "text": "Where is my parcel?", "sent_at": "2026-11-19 08:12"}
    assert assist(server, order={"id": "DUP-1"}, messages=[message]).json()["messages_logged"]["added"] == 1
    again = server.call("POST", "/api/v1/cases/aliexpress-DUP-1/messages", json={"messages": [message, message]})
    assert again.json()["added"] == 0 and again.json()["duplicates"] == 2
    # Re-scraped with different line breaks: still the same message.
    rewrapped = dict(message, text="Where is\n  my parcel?")
    assert server.call("POST", "/api/v1/cases/aliexpress-DUP-1/messages",
                       json={"messages": [rewrapped]}).json()["duplicates"] == 1


def test_same_text_at_another_time_or_from_another_sender_is_a_new_message(server):
    base = {"from": "buyer", "text": "ok", "sent_at": "2026-11-19 08:12"}
    assist(server, order={"id": "DUP-2"}, messages=[base])
    answer = server.call("POST", "/api/v1/cases/aliexpress-DUP-2/messages", json={"messages": [
        dict(base, sent_at="2026-11-19 09:00"), dict(base, **{"from": "seller"})]})
    assert answer.json()["added"] == 2


def test_messages_are_chained_in_order(server):
    assist(server, order={"id": "CHAIN-1"})
    first = server.call("POST", "/api/v1/cases/aliexpress-CHAIN-1/messages",
                        json={"messages": [{"from": "buyer", "text": "one"}, {"from": "seller", "text": "two"}]}).json()
    assert [link["index"] for link in first["chain"]] == [0, 1]
    assert first["chain"][0]["prev_hash"] == "0" * 64
    assert first["chain"][1]["prev_hash"] == first["chain"][0]["hash"]


def test_messages_for_an_unknown_case_is_404(server):
    answer = server.call("POST", "/api/v1/cases/ebay-nope/messages", json={"messages": [{"from": "buyer", "text": "x"}]})
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "case_not_found"


def test_message_with_unknown_sender_is_422(server):
    assist(server, order={"id": "SENDER-1"})
    assert "messages" in fields_of(server.call("POST", "/api/v1/cases/aliexpress-SENDER-1/messages",
                                               json={"messages": [{"from": "hacker", "text": "x"}]}))


# -------------------------------------------------------------------- evidence
def test_evidence_is_stored_exactly_as_received_and_hashed(server):
    case_id = assist(server, order={"id": "EV-1"}).json()["case_id"]
    html = "<html><head><base href='https://sell.example/'></head><body>Заказ №1 · 订单</body></html>"
    answer = server.call("POST", f"/api/v1/cases/{case_id}/evidence", json={
        "kind": "page_snapshot", "url": "https://sell.example/order/1", "title": "Order 1",
        "captured_at": "2026-11-21T08:00:00Z", "html": html, "text": "Заказ №1 · 订单",
        "image_png_base64": "data:image/png;base64," + base64.b64encode(PNG).decode()})
    assert answer.status_code == 200, answer.text
    saved = answer.json()
    assert saved["sha256"] == hashlib.sha256(html.encode()).hexdigest()
    assert {p["name"] for p in saved["parts"]} == {"html", "text", "image"}
    html_back = server.call("GET", f"/api/v1/cases/{case_id}/evidence/{saved['evidence_id']}")
    assert html_back.content == html.encode() and html_back.headers["X-Content-SHA256"] == saved["sha256"]
    image_back = server.call("GET", f"/api/v1/cases/{case_id}/evidence/{saved['evidence_id']}?part=image")
    assert image_back.content == PNG and image_back.headers["Content-Type"] == "image/png"


def test_file_evidence_keeps_its_name_and_bytes(server):
    case_id = assist(server, order={"id": "EV-2"}).json()["case_id"]
    content = bytes(range(256))
    saved = server.call("POST", f"/api/v1/cases/{case_id}/evidence", json={
        "kind": "file", "filename": "label.pdf", "media_type": "application/pdf",
        "content_base64": base64.b64encode(content).decode()}).json()
    assert saved["sha256"] == hashlib.sha256(content).hexdigest()
    assert saved["parts"][0]["filename"] == "label.pdf"
    assert server.call("GET", f"/api/v1/cases/{case_id}/evidence/{saved['evidence_id']}").content == content


@pytest.mark.parametrize("body, field", [
    ({"kind": "screenshot", "image_png_base64": "not base64!!"}, "image_png_base64"),
    ({"kind": "screenshot", "image_png_base64": base64.b64encode(b"GIF89a....").decode()}, "image_png_base64"),
    ({"kind": "screenshot"}, "image_png_base64"),
    ({"kind": "file", "content_base64": "AAAA"}, "filename"),
    ({"kind": "note"}, "text"),
    ({"kind": "video", "text": "x"}, "kind"),
])
def test_invalid_evidence_is_422_and_stores_nothing(server, body, field):
    case_id = assist(server, order={"id": "EV-BAD"}).json()["case_id"]
    before = server.call("GET", f"/api/v1/cases/{case_id}").json()["timeline"]
    assert field in fields_of(server.call("POST", f"/api/v1/cases/{case_id}/evidence", json=body))
    assert server.call("GET", f"/api/v1/cases/{case_id}").json()["timeline"] == before


def test_unknown_evidence_is_404(server):
    case_id = assist(server, order={"id": "EV-3"}).json()["case_id"]
    answer = server.call("GET", f"/api/v1/cases/{case_id}/evidence/ev-000000000000")
    assert answer.status_code == 404 and answer.json()["error"]["code"] == "evidence_not_found"


# ----------------------------------------------------------------------- cases
def test_case_detail_has_the_timeline_and_verify_status(server):
    case_id = assist(server, order={"id": "DETAIL-1"}, buyer={"name": "Иван"},
                     messages=[{"from": "buyer", "text": "Товар не пришёл"}]).json()["case_id"]
    server.call("POST", f"/api/v1/cases/{case_id}/evidence", json={"kind": "note", "text": "Called the carrier"})
    case = server.call("GET", f"/api/v1/cases/{case_id}").json()
    assert case["buyer_name"] == "Иван"
    assert [entry["kind"] for entry in case["timeline"]] == ["message", "evidence"]
    assert case["timeline"][0]["text"] == "Товар не пришёл"
    assert case["verify"]["ok"] is True and case["verify"]["records"] == 2


def test_patch_sets_status_and_note(server):
    case_id = assist(server, order={"id": "PATCH-1"}).json()["case_id"]
    answer = server.call("PATCH", f"/api/v1/cases/{case_id}", json={"status": "won", "note": "Buyer confirmed"})
    assert answer.status_code == 200
    assert answer.json()["status"] == "won" and answer.json()["note"] == "Buyer confirmed"
    listed = server.call("GET", "/api/v1/cases?status=won").json()["cases"]
    assert case_id in [row["case_id"] for row in listed]


def test_patch_with_invalid_status_is_422(server):
    case_id = assist(server, order={"id": "PATCH-2"}).json()["case_id"]
    assert "status" in fields_of(server.call("PATCH", f"/api/v1/cases/{case_id}", json={"status": "deleted"}))
    assert fields_of(server.call("PATCH", f"/api/v1/cases/{case_id}", json={}))


def test_cases_filter_by_platform_and_search(server):
    assist(server, platform="lazada", order={"id": "FIND-ME-77"}, buyer={"name": "Siti"})
    by_platform = server.call("GET", "/api/v1/cases?platform=lazada").json()["cases"]
    assert {row["platform"] for row in by_platform} == {"lazada"}
    found = server.call("GET", "/api/v1/cases?q=siti").json()["cases"]
    assert [row["case_id"] for row in found] == ["lazada-FIND-ME-77"]


def test_cases_query_with_bad_values_is_422(server):
    assert "due_within_hours" in fields_of(server.call("GET", "/api/v1/cases?due_within_hours=-3"))


def test_export_is_a_zip_whose_manifest_hashes_match(server):
    case_id = assist(server, order={"id": "EXPORT-1"}, messages=[{"from": "buyer", "text": "<b>hi</b>"}]).json()["case_id"]
    server.call("POST", f"/api/v1/cases/{case_id}/evidence", json={
        "kind": "screenshot", "image_png_base64": base64.b64encode(PNG).decode()})
    answer = server.call("GET", f"/api/v1/cases/{case_id}/export")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(answer.content))
    manifest = json.loads(bundle.read("manifest.json"))
    assert manifest["verified"] is True and len(manifest["chain"]) == 2
    for entry in manifest["files"]:
        assert hashlib.sha256(bundle.read(entry["path"])).hexdigest() == entry["sha256"]
    assert PNG in [bundle.read(e["path"]) for e in manifest["files"]]
    report = bundle.read("report.html").decode()
    assert "&lt;b&gt;hi&lt;/b&gt;" in report and "<b>hi</b>" not in report


# --------------------------------------------------------------------- openapi
def test_openapi_is_generated_from_the_schemas(server):
    from disputeclerk.schemas import AssistContextSchema, EvidenceRequestSchema

    spec = server.call("GET", "/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    schemas = spec["components"]["schemas"]
    for schema in (AssistContextSchema, EvidenceRequestSchema):
        name = schema.__name__.removesuffix("Schema")
        declared = {f.data_key or n for n, f in schema().fields.items()}
        assert set(schemas[name]["properties"]) == declared
    for path in ("/api/v1/assist", "/api/v1/cases/{case_id}/evidence", "/api/v1/cases/{case_id}/verify"):
        assert path in spec["paths"]
    assert spec["paths"]["/api/v1/health"]["get"]["security"] == []


def test_platforms_lists_the_contracts_fifteen(server):
    ids = [p["id"] for p in server.call("GET", "/api/v1/platforms").json()["platforms"]]
    assert ids == ["aliexpress", "amazon", "ebay", "wish", "tmall", "taobao", "shopee", "lazada",
                   "tiktok_shop", "etsy", "shopify", "paypal", "walmart", "mercadolibre", "temu"]


# -------------------------------------------------------------- multipart upload
def test_upload_stores_parts_byte_for_byte_without_base64(server):
    case_id = assist(server, order={"id": "UP-1"}).json()["case_id"]
    html = "<html><meta charset='windows-1251'><body>\r\n  Заказ  \r\n</body></html>".encode("utf-8")
    answer = server.call("POST", f"/api/v1/cases/{case_id}/evidence/upload",
                         data={"kind": "page_snapshot", "url": "https://sell.example/o/1", "captured_at": "2026-11-21T08:00:00Z"},
                         files={"html": ("page.html", html, "text/html"), "image": ("s.png", PNG, "image/png")})
    assert answer.status_code == 200, answer.text
    saved = answer.json()
    assert saved["sha256"] == hashlib.sha256(html).hexdigest()
    base = f"/api/v1/cases/{case_id}/evidence/{saved['evidence_id']}"
    assert server.call("GET", base).content == html
    assert server.call("GET", base + "?part=image").content == PNG
    assert server.call("GET", f"/api/v1/cases/{case_id}/verify").json()["ok"] is True


def test_upload_note_as_a_text_field(server):
    case_id = assist(server, order={"id": "UP-2"}).json()["case_id"]
    answer = server.call("POST", f"/api/v1/cases/{case_id}/evidence/upload", data={"kind": "note", "text": "Buyer called"},
                         files={"unused": ("x", b"", "application/octet-stream")})
    assert answer.status_code == 200 and answer.json()["parts"][0]["name"] == "text"


@pytest.mark.parametrize("form, files, field", [
    ({"kind": "screenshot"}, {"image": ("a.gif", b"GIF89a....", "image/gif")}, "image"),
    ({"kind": "screenshot"}, {"html": ("a.html", b"<p>", "text/html")}, "image"),
    ({"kind": "file"}, {"content": ("a.pdf", b"%PDF", "application/pdf")}, "filename"),
    ({"kind": "poster"}, {"html": ("a.html", b"<p>", "text/html")}, "kind"),
])
def test_invalid_upload_is_422_and_stores_nothing(server, form, files, field):
    case_id = assist(server, order={"id": "UP-BAD"}).json()["case_id"]
    answer = server.call("POST", f"/api/v1/cases/{case_id}/evidence/upload", data=form, files=files)
    assert field in fields_of(answer)
    assert server.call("GET", f"/api/v1/cases/{case_id}").json()["timeline"] == []


def test_concurrent_requests_each_get_their_own_validation_answer(server):
    """One schema instance serves every request and thread: no answer carries another's errors or values."""
    from concurrent.futures import ThreadPoolExecutor

    pages = {0: lambda n: {"platform": "nowhere", "order": {"id": f"C-{n}"}},
             1: lambda n: {"platform": "ebay", "order": {"total": {"amount": n}}},
             2: lambda n: {"platform": "ebay", "order": {"id": f"C-{n}"}, "buyer": {"name": f"Buyer {n}"}}}

    def send(n):
        return n, server.call("POST", "/api/v1/assist", json=pages[n % 3](n))

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send, range(48)))
    for n, answer in answers:
        if n % 3 == 2:
            assert answer.status_code == 200 and answer.json()["case_id"] == f"ebay-C-{n}"
        else:
            assert set(fields_of(answer)) == ({"platform"} if n % 3 == 0 else {"order.id"})
    cases = {row["case_id"]: row for row in server.call("GET", "/api/v1/cases?platform=ebay&q=C-").json()["cases"]}
    assert all(cases[f"ebay-C-{n}"]["buyer_name"] == f"Buyer {n}" for n in range(2, 48, 3))
