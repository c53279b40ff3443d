"""Rendering is substitution only; the stage follows the conversation; the tone follows the buyer."""
from __future__ import annotations

import pytest

from disputeclerk.services.lint import lint
from disputeclerk.services.replies import substitute
from disputeclerk.services.suggest import choose_tone, wanted_stages


def test_page_text_is_inserted_as_text_never_evaluated():
    missing: list[str] = []
    hostile = "{{order_id}} {__import__('os')} <script>alert(1)</script> {0.__class__}"
    text = substitute("Hi {{buyer_name}}, order {{order_id}}.", {"buyer_name": hostile, "order_id": "42"}, {}, missing)
    assert text == f"Hi {hostile}, order 42."
    assert missing == []


def test_only_allow_listed_placeholders_are_filled():
    missing: list[str] = []
    text = substitute("{{password}} {{ order_id }} {{__class__}}", {"order_id": "7", "password": "x"}, {}, missing)
    assert text == "[password?] 7 [__class__?]"
    assert missing == ["password", "__class__"]


def test_missing_value_leaves_a_visible_marker_or_the_fallback():
    missing: list[str] = []
    text = substitute("Tracking {{tracking_number}} with {{carrier}}.", {}, {"carrier": "the carrier"}, missing)
    assert text == "Tracking [tracking_number?] with the carrier."
    assert missing == ["tracking_number"]
    assert [f["code"] for f in lint(text, "ebay")] == ["unfilled_placeholder"]


def conversation(*senders: str) -> dict:
    return {"messages": [{"sender": s, "text": "x"} for s in senders]}


@pytest.mark.parametrize("senders, dispute_type, status, stages", [
    ((), "not_received", None, ["first_response", "request_evidence"]),
    (("buyer",), "wrong_item", None, ["first_response", "request_evidence"]),
    (("buyer",), "cancel_request", None, ["first_response"]),
    (("buyer", "seller"), "not_as_described", None, ["follow_up"]),
    (("buyer", "seller", "buyer"), "damaged_or_defective", None,
     ["offer_reship", "offer_partial_refund", "offer_return_refund", "offer_full_refund", "request_evidence"]),
    (("buyer", "seller", "buyer"), "other", "resolved", ["closing"]),
])
def test_the_stage_follows_the_conversation(senders, dispute_type, status, stages):
    assert wanted_stages(conversation(*senders), dispute_type, status) == stages


@pytest.mark.parametrize("texts, flags, tone", [
    (["Where is my order? It has been three weeks and nobody tells me anything about it."], set(), "warm"),
    (["refund now", "where"], set(), "concise"),
    (["发货了吗"], set(), "concise"),
    (["I will keep it and I want all my money back or you get one star"], {"item_and_refund"}, "firm"),
])
def test_the_tone_follows_the_buyer(texts, flags, tone):
    assert choose_tone(texts, flags) == tone


@pytest.mark.parametrize("dispute_type", ["return_no_reason", "chargeback", "negative_feedback", "customs_duties",
                                          "cancel_request"])
def test_every_stage_of_every_dispute_type_offers_a_reply_to_start_from(dispute_type):
    from disputeclerk.services.suggest import pick_templates

    for senders in ((), ("buyer",), ("buyer", "seller"), ("buyer", "seller", "buyer")):
        stages = wanted_stages(conversation(*senders), dispute_type, None)
        chosen = pick_templates("aliexpress", dispute_type, stages, preventive=False)
        assert chosen, f"{dispute_type} after {senders}: no template for {stages}"


def test_the_pages_own_values_in_a_reply_are_not_findings():
    text = "Hi aina.shop, order 260502TR8VX3LM is on its way."
    # Without knowing them: a "link" (the dotted user name) and WeChat ("VX" inside the order id).
    assert [f["code"] for f in lint(text, "shopee")] == ["link", "off_platform_contact"]
    assert lint(text, "shopee", known_values=("aina.shop", "260502TR8VX3LM")) == []
    # The same words outside those values still count.
    assert {f["code"] for f in lint("Add me on VX", "shopee", known_values=("260502TR8VX3LM",))} == \
        {"off_platform_contact"}


@pytest.mark.parametrize("text, found", [
    ("Could you please remove the negative feedback you left?", True),
    ("We shipped today. Could you please remove the negative feedback you left? Thanks!", True),
    ("Could you please remove it. The feedback you left was negative.", False),   # two sentences
    ("Could you please premove the feedback rating", False),                       # not a word of its own
    ("请您删除差评，谢谢", True),
    ("请您删除。差评", False),
])
def test_a_rule_needs_a_word_of_every_set_in_one_sentence(text, found):
    assert ("review_manipulation" in {f["code"] for f in lint(text, "ebay")}) is found


def test_a_reply_checked_again_gets_the_same_findings_and_its_own_copy():
    text = "Add me on WhatsApp and I will refund you if you remove the negative review."
    fresh = lint.__wrapped__(text, "ebay")         # computed, never remembered
    first = lint(text, "ebay")
    assert first == fresh and {f["code"] for f in first} >= {"off_platform_contact", "incentive"}
    first[0]["code"] = "scribbled"
    first.append({"code": "added by the caller"})
    assert lint(text, "ebay") == fresh


def test_only_short_texts_are_remembered():
    from disputeclerk.services.lexicon import MEMO_MAX_CHARS, find_all

    long = ("Where is my parcel? I want a refund. " * 100)[:MEMO_MAX_CHARS + 1]
    find_all.cache_clear()  # a full cache (earlier tests read thousands of texts) would not grow
    kept = find_all.cache_info().currsize
    assert find_all(long, "dispute_types") == find_all(long, "dispute_types") != []
    assert find_all.cache_info().currsize == kept
    short = f"Where is my parcel? I want a refund. ({kept})"
    assert find_all(short, "dispute_types") == find_all.__wrapped__(short, "dispute_types") != []
    assert find_all.cache_info().currsize == kept + 1
