"""The service worker's side of the page work: what the popup may ask it, the on-demand content
scripts, the badge and the deadline notifications. Real Chromium, real `disputeclerk serve`."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from .conftest import ask_tab, tab_id

pytestmark = pytest.mark.browser

POPUP = "popup/popup.html"


def ask(extension_page, message) -> dict:
    return extension_page.evaluate("message => chrome.runtime.sendMessage(message)", message)


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def urgent_case(server, order_id: str) -> str:
    """A case whose seller deadline (the page's own countdown) ends in 5 hours."""
    answer = server.call("POST", "/api/v1/assist", json={
        "platform": "aliexpress", "page_type": "dispute", "order": {"id": order_id},
        "page_deadlines": [{"label": "Respond within", "text": "5:00:00"}]}).json()
    return answer["case_id"]


def relaxed_case(server, order_id: str) -> str:
    """A case whose nearest seller deadline is days away."""
    answer = server.call("POST", "/api/v1/assist", json={
        "platform": "aliexpress", "page_type": "dispute", "order": {"id": order_id},
        "dispute": {"opened_at": iso(datetime.now(timezone.utc)), "reason": "Item not received"}}).json()
    return answer["case_id"]


def badge(extension) -> str:
    return extension.service_worker.evaluate("() => chrome.action.getBadgeText({})")


def notifications(extension) -> list[str]:
    return sorted(extension.service_worker.evaluate("() => chrome.notifications.getAll().then(Object.keys)"))


def test_the_badge_counts_cases_due_within_a_day_and_each_deadline_notifies_once(paired):
    server = paired.server
    first = urgent_case(server, "1001")
    relaxed_case(server, "1002")

    check = "() => disputeClerkWorker.checkDueCases()"
    assert paired.service_worker.evaluate(check) == {"count": 1, "notified": [first]}
    assert badge(paired) == "1"
    assert [key.split("|")[0] for key in notifications(paired)] == [f"disputeclerk:{first}"]

    # The next alarm: same deadline, no second notification.
    assert paired.service_worker.evaluate(check) == {"count": 1, "notified": []}

    second = urgent_case(server, "1003")
    assert paired.service_worker.evaluate(check) == {"count": 2, "notified": [second]}
    assert badge(paired) == "2"

    # A resolved case leaves the count.
    server.call("PATCH", f"/api/v1/cases/{first}", json={"status": "resolved"})
    server.call("PATCH", f"/api/v1/cases/{second}", json={"status": "won"})
    assert paired.service_worker.evaluate(check) == {"count": 0, "notified": []}
    assert badge(paired) == ""


def test_without_a_server_the_badge_stays_empty(extension):
    assert extension.service_worker.evaluate("() => disputeClerkWorker.checkDueCases()") == \
        {"count": None, "notified": []}
    assert badge(extension) == ""


def test_the_due_check_runs_on_an_alarm_every_five_minutes(extension):
    alarm = extension.service_worker.evaluate("() => chrome.alarms.get('disputeclerk-due-check')")
    assert alarm["periodInMinutes"] == 5


def test_assist_from_the_popup_adds_the_time_of_asking(paired):
    page = paired.open(POPUP)
    before = datetime.now(timezone.utc) - timedelta(seconds=5)
    answer = ask(page, {"type": "assist", "context": {
        "platform": "aliexpress", "page_type": "dispute", "order": {"id": "2002"},
        "page_deadlines": [{"label": "Respond within", "text": "2 days"}]}})
    assert answer["ok"], answer
    assert answer["answer"]["case_id"] == "aliexpress-2002"
    page_deadline = next(d for d in answer["answer"]["deadlines"] if d["basis"] == "page")
    # "2 days" counted from the moment of asking, not from some stale time.
    due = datetime.fromisoformat(page_deadline["due_at"].replace("Z", "+00:00"))
    assert before + timedelta(days=2) <= due <= datetime.now(timezone.utc) + timedelta(days=2, seconds=5)


def test_a_refused_context_comes_back_with_the_fields_to_fix(paired):
    page = paired.open(POPUP)
    answer = ask(page, {"type": "assist", "context": {"platform": "aliexpress", "page_type": "dispute"}})
    assert answer["ok"] is False
    assert answer["error"]["code"] == "invalid_fields"
    assert answer["error"]["status"] == 422
    assert answer["error"]["fields"]


def test_lint_goes_through_the_worker(paired):
    page = paired.open(POPUP)
    answer = ask(page, {"type": "lint", "platform": "aliexpress", "text": "Write me at seller@example.com"})
    assert answer["ok"], answer
    assert any(finding["code"] for finding in answer["findings"])


def test_the_case_and_platforms_go_through_the_worker(paired):
    case_id = relaxed_case(paired.server, "3003")
    page = paired.open(POPUP)
    case = ask(page, {"type": "getCase", "caseId": case_id})
    assert case["ok"] and case["case"]["case_id"] == case_id
    missing = ask(page, {"type": "getCase", "caseId": "aliexpress-nothere"})
    assert missing["error"]["code"] == "case_not_found"
    platforms = ask(page, {"type": "platforms"})
    assert "aliexpress" in {platform["id"] for platform in platforms["platforms"]}


@pytest.mark.parametrize("message", [
    {"type": "scrapePage", "tabId": "1"},
    {"type": "scrapePage", "tabId": -1},
    {"type": "scrapePage", "tabId": 1.5},
    {"type": "assist", "context": []},
    {"type": "assist", "context": "aliexpress"},
    {"type": "assist", "context": {"x": "y" * (4 * 1024 * 1024)}},
    {"type": "fillReply", "tabId": 1},
    {"type": "saveEvidence", "tabId": 1, "caseId": "../secrets"},
    {"type": "getCase", "caseId": "aliexpress-1/../../x"},
    {"type": "lint", "platform": "aliexpress", "text": 5},
])
def test_malformed_page_requests_are_refused(paired, message):
    page = paired.open(POPUP)
    answer = ask(page, message)
    assert answer["ok"] is False
    assert answer["error"]["code"] == "bad_message", answer


def test_nothing_runs_in_a_page_until_the_seller_opens_the_extension(extension, web_page_server):
    page = extension.context.new_page()
    page.goto(f"{web_page_server}/shop.html")
    probe = """tabId => chrome.scripting.executeScript({target: {tabId},
                 func: () => Boolean(globalThis.DisputeClerkContent)}).then(([r]) => r.result)"""
    assert extension.service_worker.evaluate(probe, tab_id(extension, page)) is False

    assert ask_tab(extension, page, "ping")["ok"] is True
    assert extension.service_worker.evaluate(probe, tab_id(extension, page)) is True
    # Asking again does not inject a second copy.
    assert ask_tab(extension, page, "ping")["ok"] is True


def test_a_content_script_cannot_ask_the_worker_for_anything(paired, web_page_server):
    page = paired.context.new_page()
    page.goto(f"{web_page_server}/shop.html")
    # Code in the content scripts' world of a web page (what a compromised page script could reach).
    answers = paired.service_worker.evaluate("""tabId => chrome.scripting.executeScript({target: {tabId},
        func: () => Promise.all([{type: "status"}, {type: "listCases"}].map(m => chrome.runtime.sendMessage(m)))})
        .then(([r]) => r.result)""", tab_id(paired, page))
    assert [answer["error"]["code"] for answer in answers] == ["sender_not_allowed"] * 2
    # And the vault is out of its reach: chrome.storage.local holds no token.
    assert paired.server.token not in str(paired.service_worker.evaluate("() => chrome.storage.local.get(null)"))


def test_a_page_the_browser_does_not_let_us_read_is_reported(paired):
    page = paired.context.new_page()
    page.goto("chrome://version")
    # Without the "tabs" permission the worker cannot see a chrome:// tab's URL: take the active tab.
    version_tab = paired.service_worker.evaluate(
        "() => chrome.tabs.query({active: true, lastFocusedWindow: true}).then(tabs => tabs[0].id)")
    popup = paired.open(POPUP)
    answer = ask(popup, {"type": "scrapePage", "tabId": version_tab})
    assert answer == {"ok": False, "error": {"code": "page_not_readable", "detail": answer["error"]["detail"]}}
    gone = ask(popup, {"type": "scrapePage", "tabId": 999_999})
    assert gone["error"]["code"] == "tab_gone"
