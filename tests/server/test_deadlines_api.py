"""Deadlines through the real server: /assist, /platforms, /cases and `disputeclerk policies`."""
from __future__ import annotations

import json
import subprocess
import sys


from disputeclerk.schemas import PLATFORMS



def assist(server, **context):
    answer = server.call("POST", "/api/v1/assist", json=context)
    assert answer.status_code == 200, answer.text
    return answer.json()


def by_rule(answer) -> dict:
    return {d["rule_id"]: d for d in answer["deadlines"]}


def test_ebay_return_page_shows_the_sellers_deadline_with_its_source(server):
    answer = assist(server, platform="ebay", region="US", page_type="return", captured_at="2026-11-27T12:00:00Z",
                    seller_timezone="Asia/Shanghai", dispute={"id": "R-1", "opened_at": "2026-11-25T18:00:00Z"})
    found = by_rule(answer)["ebay.return_request_seller_response"]
    # Wednesday 10:00 Pacific + 3 business days, Thanksgiving skipped: Tuesday 10:00 Pacific.
    assert found["due_at"] == "2026-12-01T18:00:00Z"
    assert found["due_local"] == "2026-12-02T02:00:00+08:00"
    assert found["party"] == "seller" and found["basis"] == "rule" and found["status"] == "ok"
    assert found["source_url"].startswith("http") and found["verified_on"] and found["confidence"] in (
        "high", "medium", "low")
    assert found["remaining_seconds"] == 4 * 86400 + 6 * 3600


def test_dates_as_the_page_prints_them(server):
    answer = assist(server, platform="ebay", region="US", page_type="return", page_locale="en-US",
                    captured_at="2026-11-27T12:00:00Z",
                    dispute={"id": "R-2", "opened_at": "Nov 25, 2026 10:00 AM PST"})
    assert by_rule(answer)["ebay.return_request_seller_response"]["due_at"] == "2026-12-01T18:00:00Z"


def test_garbled_or_missing_start_is_unknown_never_an_error(server):
    garbled = assist(server, platform="aliexpress", page_type="dispute",
                     dispute={"id": "AE-G", "opened_at": "yesterday-ish?"})
    respond = by_rule(garbled)["aliexpress.seller_respond_refund_request"]
    assert respond["status"] == "unknown" and respond["missing"] == ["dispute.opened_at"]
    assert any("yesterday-ish" in w for w in garbled["warnings"])
    missing = assist(server, platform="paypal", page_type="dispute", dispute={"id": "PP-M"})
    assert missing["deadlines"] and all(d["status"] == "unknown" for d in missing["deadlines"])


def test_page_countdown_wins_over_the_rule(server):
    answer = assist(server, platform="ebay", region="US", page_type="return", captured_at="2026-11-27T12:00:00Z",
                    dispute={"id": "R-3", "opened_at": "2026-11-25T18:00:00Z"},
                    page_deadlines=[{"label": "Respond by", "text": "1 day 02:00:00"}])
    found = by_rule(answer)["ebay.return_request_seller_response"]
    assert found["basis"] == "page" and found["due_at"] == "2026-11-28T14:00:00Z"
    assert found["rule_due_at"] == "2026-12-01T18:00:00Z"
    assert any("ebay.return_request_seller_response" in w for w in answer["warnings"])


def test_the_case_remembers_its_nearest_seller_deadline(server):
    assist(server, platform="ebay", region="US", page_type="return", captured_at="2026-11-27T12:00:00Z",
           dispute={"id": "R-4", "opened_at": "2026-11-25T18:00:00Z"})
    case = server.call("GET", "/api/v1/cases/ebay-R-4").json()
    assert case["next_due_at"] and case["deadlines"]
    listed = {row["case_id"]: row for row in server.call("GET", "/api/v1/cases").json()["cases"]}
    assert listed["ebay-R-4"]["next_due_at"] == case["next_due_at"]
    # Due 2026-12-01 18:00 UTC: inside a 12-day horizon from today (2026-11-21 or later), not a 1-hour one
    # unless that date has passed.
    within = lambda hours: [r["case_id"] for r in server.call("GET", f"/api/v1/cases?due_within_hours={hours}").json()["cases"]]
    assert "ebay-R-4" in within(24 * 12)
    from datetime import datetime, timezone
    if datetime.now(timezone.utc) < datetime(2026, 12, 1, 17, tzinfo=timezone.utc):
        assert "ebay-R-4" not in within(1)


def test_an_order_page_fills_in_what_the_dispute_page_does_not_show(server):
    assist(server, platform="ebay", region="US", page_type="order", order={"id": "O-5", "placed_at": "2026-11-20T18:00:00Z",
                                                                           "processing_days": 3})
    later = assist(server, platform="ebay", region="US", page_type="order", order={"id": "O-5"})
    assert by_rule(later)["ebay.ship_within_handling_time_with_tracking"]["due_at"] == "2026-11-23T18:00:00Z"


def test_platforms_lists_every_pack_with_sourced_rules(server):
    body = server.call("GET", "/api/v1/platforms").json()
    assert [p["id"] for p in body["platforms"]] == list(PLATFORMS)
    assert body["warnings"] == []
    for platform in body["platforms"]:
        assert platform["rules"], platform["id"]
        for rule in platform["rules"]:
            assert rule["source_urls"] and rule["verified_on"] and "examples" not in rule


def policies(*args: str):
    return subprocess.run([sys.executable, "-m", "disputeclerk", "policies", *args], capture_output=True, text=True,
                          timeout=60)


def test_policies_command_prints_each_rule_with_its_source():
    result = policies("--platform", "tiktok_shop")
    assert result.returncode == 0, result.stderr
    assert "tiktok_shop." in result.stdout and "source: http" in result.stdout and "23:59" in result.stdout
    as_json = json.loads(policies("--json").stdout)
    assert len(as_json["platforms"]) == 15


def test_reading_an_unchanged_page_again_does_not_rewrite_the_case(server):
    page = dict(platform="ebay", region="US", page_type="return", captured_at="2026-11-27T12:00:00Z",
                dispute={"id": "R-9", "opened_at": "2026-11-25T18:00:00Z"},
                page_deadlines=[{"label": "Respond by", "text": "2 days 03:00:00"}])
    first = assist(server, **page)
    path = server.data_dir / "cases" / "ebay-R-9" / "case.json"
    stored = (path.stat().st_ino, path.read_bytes())
    # Ten minutes later the countdown has ticked ten minutes and the buyer wrote once more: nothing
    # the case keeps has changed, so its file is untouched but for the logged message.
    later = dict(page, captured_at="2026-11-27T12:10:00Z",
                 page_deadlines=[{"label": "Respond by", "text": "2 days 02:50:00"}])
    again = assist(server, **later)
    assert (path.stat().st_ino, path.read_bytes()) == stored
    due = by_rule(first)["ebay.return_request_seller_response"]
    due_again = by_rule(again)["ebay.return_request_seller_response"]
    assert due_again["due_at"] == due["due_at"] == "2026-11-29T15:00:00Z"
    assert due_again["remaining_seconds"] == due["remaining_seconds"] - 600   # answered for this reading
    message = {"from": "buyer", "text": "Any news?", "sent_at": "2026-11-27T12:05:00Z"}
    assert assist(server, **later, messages=[message])["messages_logged"]["added"] == 1
    case = server.call("GET", "/api/v1/cases/ebay-R-9?verify=none").json()
    assert case["updated_at"] == json.loads(stored[1])["case"]["1"]["updated_at"]
    assert [e["text"] for e in case["timeline"]] == ["Any news?"]
    # The marketplace extended the deadline by a day (the countdown did not tick): stored.
    extended = assist(server, **dict(later, page_deadlines=[{"label": "Respond by", "text": "3 days 03:00:00"}]))
    assert by_rule(extended)["ebay.return_request_seller_response"]["due_at"] == "2026-11-30T15:10:00Z"
    case = server.call("GET", "/api/v1/cases/ebay-R-9?verify=none").json()
    assert by_rule(case)["ebay.return_request_seller_response"]["due_at"] == "2026-11-30T15:10:00Z"
    assert case["next_due_at"] == "2026-11-30T15:10:00Z" and case["updated_at"] != json.loads(stored[1])["case"]["1"]["updated_at"]
