"""The deadline engine on a small made-up pack: each unit, calendar and clock rule on its own."""
from __future__ import annotations

import pytest

from disputeclerk.schemas import AssistContextSchema
from disputeclerk.services.deadlines import compute_deadlines
from disputeclerk.services.policies import Registry, load_pack

SOURCE = {"source_urls": ["https://example.test/policy"], "verified_on": "2026-11-21", "confidence": "high",
          "on_miss": "refund", "label_zh": "测试"}


def rule(rule_id: str, **fields) -> dict:
    return {"id": f"ebay.{rule_id}", "label": rule_id.replace("_", " "), "party": "seller", "page_types": [],
            "dispute_types": [], "regions": [], **SOURCE, **fields}


PACK = {
    "platform": "ebay", "name": "eBay", "default_region": "US",
    "regions": {"US": {"timezone": "America/New_York", "holidays": "US"},
                "AR": {"timezone": "America/Argentina/Buenos_Aires", "holidays": "AR"},
                "GB": {"timezone": "Europe/London", "holidays": "GB"}},
    "rules": [
        rule("bd3", clock="dispute_opened", duration=3, unit="business_days", page_types=["dispute"]),
        rule("cal5", clock="dispute_opened", duration=5, unit="calendar_days", page_types=["dispute"]),
        rule("h48", clock="dispute_opened", duration=48, unit="hours", page_types=["dispute"]),
        rule("cutoff2", clock="shipped", duration=2, unit="business_days", cutoff="23:59",
             timezone="America/Los_Angeles", page_types=["order"]),
        rule("bh48", clock="dispute_opened", duration=48, unit="business_hours", regions=["AR"],
             business_hours={"start": "08:00", "end": "21:00", "weekdays_only": True, "skip_holidays": True},
             page_types=["dispute"]),
        rule("reply24", clock="message_received", duration=24, unit="hours", page_types=["message"],
             page_labels=["respond", "回复"]),
        rule("ship_by", clock="payment", duration_from="order.processing_days", unit="business_days",
             page_types=["order"]),
        rule("return_refund", clock="return_received", duration=2, unit="business_days", page_types=["return"]),
        rule("gb_only", clock="dispute_opened", duration=1, unit="calendar_days", regions=["GB"],
             page_types=["dispute"]),
    ],
}
pack, problems = load_pack("ebay", PACK)
assert problems == []
REGISTRY = Registry(packs={"ebay": pack})


def deadlines(**context) -> dict:
    context.setdefault("platform", "ebay")
    context.setdefault("order", {"id": "1"})
    context.setdefault("captured_at", "2026-11-21T00:00:00Z")
    loaded = AssistContextSchema().load(context)
    result = compute_deadlines(loaded, REGISTRY)
    return {"by_rule": {d["rule_id"].split(".", 1)[1]: d for d in result["deadlines"]}, **result}


def due(rule_id: str, **context) -> str | None:
    return deadlines(**context)["by_rule"][rule_id]["due_at"]


def opened(at: str, **extra) -> dict:
    return {"page_type": "dispute", "dispute": {"id": "D1", "opened_at": at}, **extra}


# ------------------------------------------------------------------ business days
def test_business_days_skip_the_weekend_at_the_same_local_time():
    # Friday 10:00 New York + 3 business days = Wednesday 10:00
    assert due("bd3", **opened("2026-11-13T15:00:00Z")) == "2026-11-18T15:00:00Z"


def test_business_days_skip_the_regions_public_holidays():
    # Wednesday before Thanksgiving (2026-11-26) 10:00 ET + 3 business days: Fri, Mon, Tue
    assert due("bd3", **opened("2026-11-25T15:00:00Z")) == "2026-12-01T15:00:00Z"


def test_business_days_keep_local_time_across_the_dst_change():
    # Friday 2026-03-06 10:00 EST (15:00Z) + 3 business days = Wednesday 10:00 EDT (14:00Z)
    assert due("bd3", **opened("2026-03-06T15:00:00Z")) == "2026-03-11T14:00:00Z"


def test_business_days_from_a_saturday_start_count_from_monday():
    # Saturday 10:00 ET + 3 business days: Mon, Tue, Wed at 10:00
    assert due("bd3", **opened("2026-11-14T15:00:00Z")) == "2026-11-18T15:00:00Z"


def test_cutoff_ends_the_last_business_day_at_the_stated_time_in_its_zone():
    # Shipped Friday 2026-11-20 15:00 PT; 2 business days -> Tuesday 11-24, by 23:59 PST = 07:59Z next day
    result = due("cutoff2", page_type="order", order={"id": "1", "shipped_at": "2026-11-20T23:00:00Z"})
    assert result == "2026-11-25T07:59:00Z"


def test_cutoff_across_the_autumn_dst_change():
    # Shipped Thursday 2026-10-29 12:00 PDT; 2 business days -> Monday 11-02, 23:59 PST = 07:59Z on 11-03
    assert due("cutoff2", page_type="order", order={"id": "1", "shipped_at": "2026-10-29T19:00:00Z"}) \
        == "2026-11-03T07:59:00Z"


# ------------------------------------------------------- hours and calendar days
def test_calendar_days_are_exact_elapsed_time_even_across_dst():
    assert due("cal5", **opened("2026-10-30T12:00:00Z")) == "2026-11-04T12:00:00Z"


def test_hours_are_exact_elapsed_time():
    assert due("h48", **opened("2026-11-21T09:30:00Z")) == "2026-11-23T09:30:00Z"


# ------------------------------------------------------------------ business hours
def test_business_hours_count_only_inside_the_window():
    # Friday 2026-11-13 20:00 Buenos Aires (23:00Z): Fri 1 h, Mon-Wed 13 h each (40 h), Thu 8 h -> Thu 16:00
    result = due("bh48", region="AR", **opened("2026-11-13T23:00:00Z"))
    assert result == "2026-11-19T19:00:00Z"


def test_business_hours_skip_a_public_holiday():
    # Argentina: 2026-11-23 is a public holiday (Día de la Soberanía Nacional, moved to Monday).
    # Friday 2026-11-20 20:00 local: Fri 1 h, (Mon holiday), Tue-Thu 39 h, Fri 8 h -> Fri 11-27 16:00
    result = due("bh48", region="AR", **opened("2026-11-20T23:00:00Z"))
    assert result == "2026-11-27T19:00:00Z"


# --------------------------------------------------------------- clocks and status
def test_status_follows_the_time_left_at_capture():
    start = "2026-11-20T00:00:00Z"   # h48 due 2026-11-22T00:00Z
    assert deadlines(captured_at="2026-11-19T00:00:00Z", **opened(start))["by_rule"]["h48"]["status"] == "ok"
    assert deadlines(captured_at="2026-11-20T00:00:00Z", **opened(start))["by_rule"]["h48"]["status"] == "soon"
    assert deadlines(captured_at="2026-11-21T01:00:00Z", **opened(start))["by_rule"]["h48"]["status"] == "urgent"
    late = deadlines(captured_at="2026-11-22T00:00:01Z", **opened(start))["by_rule"]["h48"]
    assert late["status"] == "overdue" and late["remaining_seconds"] == -1


def test_missing_start_is_unknown_and_named():
    found = deadlines(page_type="dispute", dispute={"id": "D1"})["by_rule"]["h48"]
    assert found["status"] == "unknown" and found["due_at"] is None and found["missing"] == ["dispute.opened_at"]


def test_garbled_start_is_unknown_with_a_warning_not_an_error():
    result = deadlines(**opened("the 32nd of Smarch"))
    assert result["by_rule"]["h48"]["status"] == "unknown"
    assert result["by_rule"]["h48"]["missing"] == ["dispute.opened_at"]
    assert any("dispute.opened_at" in w for w in result["warnings"])


def test_newest_unanswered_buyer_message_starts_the_reply_clock():
    messages = [{"from": "buyer", "text": "hi", "sent_at": "2026-11-20T08:00:00Z"},
                {"from": "seller", "text": "hello", "sent_at": "2026-11-20T09:00:00Z"},
                {"from": "buyer", "text": "where is it", "sent_at": "2026-11-20T10:00:00Z"},
                {"from": "buyer", "text": "??", "sent_at": "2026-11-20T12:00:00Z"}]
    assert due("reply24", page_type="message", messages=messages) == "2026-11-21T12:00:00Z"
    answered = messages + [{"from": "seller", "text": "shipped", "sent_at": "2026-11-20T13:00:00Z"}]
    found = deadlines(page_type="message", messages=answered)["by_rule"]["reply24"]
    assert found["status"] == "unknown" and found["missing"] == ["messages"]


def test_payment_clock_falls_back_to_the_order_date_and_duration_from_the_page():
    order = {"id": "1", "placed_at": "2026-11-16T14:00:00Z", "processing_days": 2}
    assert due("ship_by", page_type="order", order=order) == "2026-11-18T14:00:00Z"
    no_days = deadlines(page_type="order", order={"id": "1", "placed_at": "2026-11-16T14:00:00Z"})
    assert no_days["by_rule"]["ship_by"]["missing"] == ["order.processing_days"]


def test_events_supply_clocks_the_contract_does_not_name():
    found = deadlines(page_type="return")["by_rule"]["return_refund"]
    assert found["missing"] == ["events.return_received"]
    assert due("return_refund", page_type="return", events={"return_received": "2026-11-20T15:00:00Z"}) \
        == "2026-11-24T15:00:00Z"


def test_rules_are_chosen_by_page_type_and_region():
    on_order_page = deadlines(page_type="order", order={"id": "1"})["by_rule"]
    assert "h48" not in on_order_page and "cutoff2" in on_order_page
    assert "gb_only" not in deadlines(**opened("2026-11-20T00:00:00Z"))["by_rule"]
    assert "gb_only" in deadlines(region="GB", **opened("2026-11-20T00:00:00Z"))["by_rule"]
    assert "bh48" not in deadlines(**opened("2026-11-20T00:00:00Z"))["by_rule"]


# ----------------------------------------------------------------- page deadlines
MESSAGES = [{"from": "buyer", "text": "hi", "sent_at": "2026-11-20T12:00:00Z"}]


def test_the_pages_countdown_wins_and_a_disagreement_is_a_warning():
    result = deadlines(page_type="message", messages=MESSAGES, captured_at="2026-11-21T00:00:00Z",
                       page_deadlines=[{"label": "Respond within", "text": "4 days 23:12:05"}])
    found = result["by_rule"]["reply24"]
    assert found["basis"] == "page" and found["due_at"] == "2026-11-25T23:12:05Z"
    assert found["rule_due_at"] == "2026-11-21T12:00:00Z"
    assert any("ebay.reply24" in w for w in result["warnings"])


def test_a_page_countdown_that_agrees_adds_no_warning():
    result = deadlines(page_type="message", messages=MESSAGES, captured_at="2026-11-21T00:00:00Z",
                       page_deadlines=[{"label": "请在此时间前回复", "text": "12:00:00"}])
    assert result["by_rule"]["reply24"]["basis"] == "page"
    assert not any("reply24" in w for w in result["warnings"])


def test_an_unmatched_page_deadline_is_shown_on_its_own():
    result = deadlines(page_type="message", messages=MESSAGES, url="https://www.ebay.com/x",
                       page_deadlines=[{"label": "Ship by", "text": "2026-11-24T20:00:00Z"}])
    found = result["by_rule"]["page_deadline"]
    assert found["due_at"] == "2026-11-24T20:00:00Z" and found["basis"] == "page"
    assert found["label"] == "Ship by" and found["source_url"] == "https://www.ebay.com/x"


def test_an_unreadable_page_deadline_is_a_warning_and_unknown():
    result = deadlines(page_type="message", messages=MESSAGES,
                       page_deadlines=[{"label": "Ship by", "text": "soon-ish"}])
    assert result["by_rule"]["page_deadline"]["status"] == "unknown"
    assert any("soon-ish" in w for w in result["warnings"])


def test_unknown_platform_pack_is_a_warning():
    result = compute_deadlines({"platform": "temu", "order": {"id": "1"}}, REGISTRY)
    assert result["deadlines"] == [] and result["warnings"]


@pytest.mark.parametrize("seller_timezone, local", [("Asia/Shanghai", "+08:00"), ("America/Sao_Paulo", "-03:00")])
def test_due_local_is_in_the_sellers_zone(seller_timezone, local):
    found = deadlines(seller_timezone=seller_timezone, **opened("2026-11-21T09:30:00Z"))["by_rule"]["h48"]
    assert found["due_local"].endswith(local)


def test_messages_listed_newest_first_are_ordered_by_their_times():
    newest_first = [{"from": "seller", "text": "sent today", "sent_at": "2026-11-20T13:00:00Z"},
                    {"from": "buyer", "text": "where is it", "sent_at": "2026-11-20T10:00:00Z"}]
    found = deadlines(page_type="message", messages=newest_first)["by_rule"]["reply24"]
    assert found["status"] == "unknown" and found["missing"] == ["messages"]
    two_buyers = [{"from": "buyer", "text": "??", "sent_at": "2026-11-20T12:00:00Z"},
                  {"from": "buyer", "text": "hi", "sent_at": "2026-11-20T08:00:00Z"}]
    assert due("reply24", page_type="message", messages=two_buyers) == "2026-11-21T12:00:00Z"


def test_same_day_handling_is_a_deadline_not_unknown():
    order = {"id": "1", "placed_at": "2026-11-16T14:00:00Z", "processing_days": 0}
    assert due("ship_by", page_type="order", order=order) == "2026-11-16T14:00:00Z"


def test_business_days_follow_the_regions_weekend():
    from disputeclerk.services.deadlines import add_business_days, zone
    from datetime import datetime, timezone
    # Thursday 2026-11-19 10:00 Riyadh + 1 business day: Friday and Saturday are the weekend -> Sunday
    start = datetime(2026, 11, 19, 7, 0, tzinfo=timezone.utc)
    assert add_business_days(start, 1, zone("Asia/Riyadh"), "SA").strftime("%a %H:%M") == "Sun 10:00"
