"""Replies through the real server: /classify, /lint and the reply parts of /assist."""
from __future__ import annotations


from disputeclerk.services.language import detect



def post(server, path, **body):
    answer = server.call("POST", path, json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_classify_one_message(server):
    body = post(server, "/api/v1/classify", text="Olá, meu pedido ainda não chegou, já faz 40 dias!")
    assert body["dispute_type"] == "not_received" and body["language"] == "pt"
    assert 0 < body["confidence"] <= 1 and body["matched"]


def test_classify_prefers_the_marketplaces_reason(server):
    body = post(server, "/api/v1/classify", text="hello?", reason="Товар не соответствует описанию")
    assert body["dispute_type"] == "not_as_described" and body["basis"] == "dispute.reason"


def test_classify_raises_risk_flags(server):
    body = post(server, "/api/v1/classify",
                text="If you don't refund me today I will leave a 1 star review. Add me on WhatsApp.")
    assert {"review_threat", "off_platform"} <= {f["code"] for f in body["risk_flags"]}


def test_lint_finds_what_the_platform_forbids_with_spans(server):
    text = "Please change your review to 5 stars and I will send you $5. Email me at shop@example.com"
    findings = post(server, "/api/v1/lint", platform="ebay", text=text)["findings"]
    codes = {f["code"] for f in findings}
    assert {"off_platform_contact", "review_manipulation"} <= codes
    spans = {text[f["start"]:f["end"]] for f in findings if f["code"] == "off_platform_contact"}
    assert "shop@example.com" in spans
    assert all(f["message"] and f["message_zh"] for f in findings)


def test_lint_does_not_take_the_order_or_tracking_number_for_a_phone(server):
    text = "Your order 8123456789012345 shipped with tracking 1Z999AA10123456784."
    findings = post(server, "/api/v1/lint", platform="aliexpress", text=text, order_id="8123456789012345",
                    tracking_number="1Z999AA10123456784")["findings"]
    assert findings == []


def test_lint_rejects_unknown_platform(server):
    answer = server.call("POST", "/api/v1/lint", json={"platform": "myspace", "text": "hi"})
    assert answer.status_code == 422


CONTEXT = {
    "platform": "aliexpress", "region": "US", "page_type": "dispute", "captured_at": "2026-11-21T08:00:00Z",
    "order": {"id": "8123456789", "placed_at": "2026-10-20T08:00:00Z", "shipped_at": "2026-10-22T08:00:00Z",
              "items": [{"title": "Cotton hoodie"}], "tracking": {"carrier": "Cainiao", "number": "LP001234567890"},
              "total": {"amount": "23.50", "currency": "USD"}},
    "buyer": {"name": "João Silva", "country": "BR"},
    "dispute": {"id": "D-77", "reason": "Item not received", "opened_at": "2026-11-20T08:00:00Z"},
    "messages": [{"from": "buyer", "text": "Olá, meu pedido ainda não chegou e já se passaram quase 30 dias. "
                                           "O rastreamento não atualiza há duas semanas.",
                  "sent_at": "2026-11-20T09:00:00Z"}],
}


def test_assist_suggests_replies_in_the_buyers_language_that_lint_clean(server):
    body = post(server, "/api/v1/assist", **CONTEXT)
    assert body["dispute_type"]["value"] == "not_received" and body["dispute_type"]["basis"] == "dispute.reason"
    assert body["buyer_language"] == "pt"
    assert body["suggestions"], body["warnings"]
    for suggestion in body["suggestions"]:
        assert suggestion["language"] == "pt" and detect(suggestion["text"]).language == "pt"
        assert "{{" not in suggestion["text"] and "?]" not in suggestion["text"]
        assert "João" in suggestion["text"]
        assert post(server, "/api/v1/lint", platform="aliexpress", text=suggestion["text"],
                    order_id="8123456789", tracking_number="LP001234567890")["findings"] == []
        assert suggestion["rationale"]
    assert body["checklist"]


def test_seller_can_switch_language_and_tone(server):
    body = post(server, "/api/v1/assist", **CONTEXT, reply_language="es", reply_tone="concise")
    assert {s["language"] for s in body["suggestions"]} == {"es"}
    assert {s["tone"] for s in body["suggestions"]} == {"concise"}


def test_chinese_seller_gets_rationale_and_checklist_in_chinese(server):
    body = post(server, "/api/v1/assist", **CONTEXT, ui_language="zh-CN")
    assert any("\u4e00" <= c <= "\u9fff" for c in body["suggestions"][0]["rationale"])
    assert any("\u4e00" <= c <= "\u9fff" for c in body["checklist"][0])


def test_an_order_page_gets_preventive_messages(server):
    body = post(server, "/api/v1/assist", platform="ebay", page_type="order", captured_at="2026-11-21T08:00:00Z",
                order={"id": "PRE-1", "placed_at": "2026-11-20T08:00:00Z"}, buyer={"name": "Emma", "country": "GB"})
    assert body["suggestions"] and all(s["template_id"].startswith("preventive.") for s in body["suggestions"])
    assert body["buyer_language"] == "en"


def test_amazon_gets_its_own_feedback_follow_up(server):
    body = post(server, "/api/v1/assist", platform="amazon", page_type="order", captured_at="2026-11-21T08:00:00Z",
                order={"id": "111-1234567-1234567", "delivered_at": "2026-11-19T08:00:00Z"}, buyer={"name": "Sam"})
    ids = [s["template_id"] for s in body["suggestions"]]
    assert "preventive.feedback_follow_up.amazon" in ids and "preventive.feedback_follow_up" not in ids


def test_risk_flags_need_the_order_too(server):
    body = post(server, "/api/v1/assist", platform="ebay", page_type="dispute", captured_at="2026-11-21T08:00:00Z",
                order={"id": "RISK-1", "delivered_at": "2026-11-18T08:00:00Z",
                       "total": {"amount": "899.00", "currency": "USD"}},
                dispute={"id": "RD-1", "reason": "Item not received"}, buyer={"name": "Max Power"},
                messages=[{"from": "buyer", "text": "I never got it. I will open a case and leave negative feedback."}])
    codes = {f["code"] for f in body["risk_flags"]}
    assert {"not_received_but_delivered", "high_value_signature", "review_threat"} <= codes
    second = post(server, "/api/v1/assist", platform="ebay", page_type="dispute", order={"id": "RISK-2"},
                  dispute={"id": "RD-2", "reason": "Item not received"}, buyer={"name": "Max Power"})
    assert "repeat_disputer" in {f["code"] for f in second["risk_flags"]}


def test_hostile_buyer_name_is_text_in_the_reply(server):
    body = post(server, "/api/v1/assist", **{**CONTEXT, "order": {**CONTEXT["order"], "id": "XSS-1"},
                                             "buyer": {"name": "<img/src=x/onerror=alert(1)>{{order_id}}"}})
    assert any("<img/src=x/onerror=alert(1)>{{order_id}}" in s["text"] for s in body["suggestions"])


def test_a_chargeback_page_is_a_chargeback_whatever_the_networks_reason(server):
    context = {"platform": "amazon", "page_type": "chargeback", "order": {"id": "111-2223334-5556667"},
               "dispute": {"reason": "Merchandise not received", "opened_at": "2026-05-04T10:00:00Z"},
               "captured_at": "2026-05-06T12:00:00Z"}
    answer = post(server, "/api/v1/assist", **context)
    assert answer["dispute_type"]["value"] == "chargeback" and answer["dispute_type"]["basis"] == "page_type"
    # The same reason on a claim page is what it says.
    claim = post(server, "/api/v1/assist", **{**context, "page_type": "claim", "order": {"id": "111-2223334-5556668"}})
    assert claim["dispute_type"]["value"] == "not_received"
