"""The case board and the case page (extension/cases/), in real Chromium against a real
`disputeclerk serve` on a temporary data folder.

Cases are filed the way the extension files them (POST /api/v1/assist with a page context); their
deadlines are the marketplace's own countdowns (`page_deadlines`), read from `captured_at`, so each
case's next deadline is known to the minute. Evidence is uploaded through the multipart endpoint
the extension uses. What the board shows is checked against what the server says.
"""
from __future__ import annotations

import io
import json
import re
import stat
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from .conftest import EXTENSION_DIR, tab_id
from .test_popup import messages

pytestmark = pytest.mark.browser

BOARD = "cases/cases.html"
API = "/api/v1"
CJK = re.compile(r"[\u4e00-\u9fff]")


def wording(key: str, *values, locale: str = "en") -> str:
    """A _locales message with $1, $2… filled as chrome.i18n fills them (by each placeholder's content)."""
    entry = json.loads((EXTENSION_DIR / "_locales" / locale / "messages.json").read_text("utf-8"))[key]
    text = entry["message"]
    for name, spec in entry.get("placeholders", {}).items():
        text = re.sub(rf"\${name}\$", str(values[int(spec["content"][1:]) - 1]).replace("\\", "\\\\"), text,
                      flags=re.IGNORECASE)
    return text


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def file_case(server, platform: str, order_id: str, *, buyer: str = "", countdown: str | None = None,
              hours_ago: float = 0, **context) -> str:
    """A case as the extension files it; `countdown` is what the marketplace's page prints ("2 days 00:00:00")."""
    body = {"platform": platform, "page_type": "dispute", "order": {"id": order_id},
            "captured_at": iso(datetime.now(timezone.utc) - timedelta(hours=hours_ago)), **context}
    if buyer:
        body["buyer"] = {"name": buyer}
    if countdown:
        body["page_deadlines"] = [{"label": "Respond within", "text": countdown}]
    answer = server.call("POST", f"{API}/assist", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()["case_id"]


def set_status(server, case_id: str, status: str) -> None:
    answer = server.call("PATCH", f"{API}/cases/{case_id}", json={"status": status})
    assert answer.status_code == 200, answer.text


def png(width: int = 800, height: int = 1200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def upload_snapshot(server, case_id: str, *, title: str = "Dispute 5550001 — Seller Center",
                    url: str = "https://gsp.aliexpress.com/dispute/5550001") -> dict:
    """A page snapshot with its screenshot, sent as the extension sends it (multipart)."""
    answer = server.call("POST", f"{API}/cases/{case_id}/evidence/upload",
                         data={"kind": "page_snapshot", "url": url, "title": title,
                               "captured_at": iso(datetime.now(timezone.utc) - timedelta(minutes=30))},
                         files={"html": ("page.html", b"<!doctype html><p>Dispute 5550001</p>", "text/html"),
                                "text": ("page.txt", b"Dispute 5550001", "text/plain"),
                                "image": ("page.png", png(), "image/png")})
    assert answer.status_code == 200, answer.text
    return answer.json()


def open_board(browser, hash_: str = ""):
    page = browser.open(BOARD + (f"#{hash_}" if hash_ else ""))
    page.wait_for_selector("body[data-rendered]")
    return page


def open_case(browser, case_id: str):
    page = browser.open(f"cases/case.html?id={case_id}")
    page.wait_for_selector("body[data-settled]")
    return page


def shown_ids(board) -> list[str]:
    return board.eval_on_selector_all("#case-rows tr:not([hidden])", "rows => rows.map(r => r.dataset.caseId)")


def api_ids(server, **query) -> list[str]:
    """The cases the server lists for `query`, in the board's order: the server's (nearest deadline
    first, none last), open cases before closed ones."""
    rows = server.call("GET", f"{API}/cases", params={"limit": 10000, **query}).json()["cases"]
    return [row["case_id"] for row in rows if row["status"] == "open"] + \
        [row["case_id"] for row in rows if row["status"] != "open"]


# Each case's place on the board: its next deadline (the page's countdown) and where it stands.
BOARD_CASES = {
    # name: (platform, order id, buyer, countdown, hours ago, status)
    "overdue": ("ebay", "11-0001", "Olivia Overdue", "0 days 05:00:00", 10, "open"),
    "soon": ("shopee", "SH0002", "Sam Soon", "0 days 05:00:00", 0, "open"),
    "later": ("aliexpress", "8100000003", "Lara Later", "2 days 00:00:00", 0, "open"),
    "far": ("tiktok_shop", "TT0004", "Fiona Far", "10 days 00:00:00", 0, "open"),
    "none": ("amazon", "114-0005", "Nora None", None, 0, "open"),
    "won": ("etsy", "E0006", "Will Won", "20 days 00:00:00", 0, "won"),
    "resolved": ("walmart", "W0007", "Rita Resolved", "21 days 00:00:00", 0, "resolved"),
    "lost": ("paypal", "PP0008", "Leo Lost", "22 days 00:00:00", 0, "lost"),
}


@pytest.fixture
def board_cases(paired) -> dict[str, str]:
    """Eight cases across the colours: name → case id."""
    ids = {}
    for name, (platform, order_id, buyer, countdown, hours_ago, status) in BOARD_CASES.items():
        ids[name] = file_case(paired.server, platform, order_id, buyer=buyer, countdown=countdown, hours_ago=hours_ago,
                              **({} if countdown else {"page_type": "message"}))
        if status != "open":
            set_status(paired.server, ids[name], status)
    return ids


# ------------------------------------------------------------------ the board


def test_every_case_is_listed_nearest_deadline_first_in_its_colour(paired, board_cases):
    board = open_board(paired)

    order = shown_ids(board)
    assert order == api_ids(paired.server)
    # Open cases nearest deadline first, the one without a deadline last; then the closed ones.
    open_rows = board.eval_on_selector_all('#case-rows tr[data-status="open"]', "rows => rows.map(r => r.dataset.due ?? null)")
    known = [due for due in open_rows if due]
    assert known == sorted(known) and open_rows[len(known):] == [None], open_rows
    assert order[:5] == [board_cases[name] for name in ("overdue", "soon", "later", "far", "none")]
    assert sorted(order[5:]) == sorted(board_cases[name] for name in ("won", "resolved", "lost"))

    for name, case_id in board_cases.items():
        expect(board.locator(f'tr[data-case-id="{case_id}"]')).to_have_attribute("data-state", name if name != "far" else "later")
    # Each state has its own colour on the row's edge (cases.css), not just a word.
    edge = "id => getComputedStyle(document.querySelector(`tr[data-case-id='${id}'] td`)).borderLeftColor"
    colours = {name: board.evaluate(edge, board_cases[name]) for name in ("overdue", "soon", "later", "none", "won")}
    assert len(set(colours.values())) == 5, colours  # overdue, soon, later, no deadline, closed
    assert board.evaluate(edge, board_cases["won"]) == board.evaluate(edge, board_cases["lost"])

    row = board.locator(f'tr[data-case-id="{board_cases["soon"]}"]')
    expect(row.locator(".state-word")).to_have_text(wording("board_state_soon"))
    expect(row.locator(".case-platform")).to_have_text(messages("en")["popup_platform_shopee"])
    expect(row.locator(".case-buyer")).to_have_text("Sam Soon")
    expect(row.locator(".case-order a")).to_have_text("SH0002")
    expect(row.locator(".case-deadline")).to_have_text("Respond within")
    expect(row.locator(".case-status")).to_have_text(wording("board_status_open"))
    expect(board.locator(f'tr[data-case-id="{board_cases["overdue"]}"] .countdown')).to_have_text(
        re.compile(r"^overdue by 0[45]:\d\d:\d\d$"))
    won = board.locator(f'tr[data-case-id="{board_cases["won"]}"]')
    expect(won.locator(".countdown")).to_have_text("")
    expect(won.locator(".case-deadline")).to_have_text("")  # a closed case's deadline binds no one
    expect(won.locator(".state-word")).to_be_visible()
    # The countdown says it all where it runs: there the word is for screen readers only.
    expect(row.locator(".state-word")).to_have_class(re.compile(r"\bvisually-hidden\b"))
    expect(won.locator(".state-word")).not_to_have_class(re.compile(r"\bvisually-hidden\b"))

    # 5 open, 2 of them due within 24 hours (one of those overdue).
    expect(board.locator("#counts")).to_have_text(wording("board_counts_overdue", 5, 2, 1))
    expect(board.locator("#shown")).to_have_text(wording("board_shown", 8, 8))


def test_the_countdown_ticks_in_place_without_rebuilding_the_list(paired, board_cases):
    board = open_board(paired)
    countdown = board.locator(f'tr[data-case-id="{board_cases["soon"]}"] .countdown')
    expect(countdown).to_have_text(re.compile(r"^0[45]:\d\d:\d\d left$"))
    board.evaluate("() => { window.firstRow = document.querySelector('#case-rows tr'); }")
    shown = countdown.text_content()

    expect(countdown).not_to_have_text(shown)  # within the next second or so
    assert board.evaluate("() => window.firstRow === document.querySelector('#case-rows tr')")
    assert board.evaluate("() => window.firstRow.isConnected")


def test_a_deadline_that_passes_turns_its_row_overdue(paired):
    # The page says the buyer's clock has 3 seconds left.
    case_id = file_case(paired.server, "ebay", "11-0099", countdown="0 days 00:00:03")
    board = open_board(paired)
    row = board.locator(f'tr[data-case-id="{case_id}"]')
    expect(row).to_have_attribute("data-state", "soon")
    expect(row).to_have_attribute("data-state", "overdue", timeout=8_000)
    expect(row.locator(".state-word")).to_have_text(wording("board_state_overdue"))
    expect(board.locator("#counts")).to_have_text(wording("board_counts_overdue", 1, 1, 1))


@pytest.mark.parametrize("control, value, server_query", [
    ("#filter-platform", "shopee", {"platform": "shopee"}),
    ("#filter-status", "won", {"status": "won"}),
    ("#filter-status", "open", {"status": "open"}),
    ("#filter-due", "24", {"due_within_hours": 24}),
    ("#filter-due", "72", {"due_within_hours": 72}),
    ("#filter-due", "168", {"due_within_hours": 168}),
], ids=["platform", "status-won", "status-open", "due-24h", "due-3d", "due-7d"])
def test_each_filter_shows_what_the_server_would_answer(paired, board_cases, control, value, server_query):
    board = open_board(paired)
    board.select_option(control, value)

    expected = api_ids(paired.server, **server_query)
    assert expected and len(expected) < len(board_cases), expected  # the filter really filters
    assert shown_ids(board) == expected
    expect(board.locator("#shown")).to_have_text(wording("board_shown", len(expected), len(board_cases)))


@pytest.mark.parametrize("typed, names", [
    ("lara", ["later"]),           # the buyer, whatever the case
    ("SH00", ["soon"]),            # part of an order number
    ("0", list(BOARD_CASES)),      # every order number has a 0
    ("nobody-like-this", []),
])
def test_search_finds_order_numbers_and_buyers_as_the_seller_types(paired, board_cases, typed, names):
    board = open_board(paired)
    board.locator("#filter-search").press_sequentially(typed)

    assert sorted(shown_ids(board)) == sorted(board_cases[name] for name in names)
    expect(board.locator("#no-match")).to_have_js_property("hidden", bool(names))


def test_filters_together_and_back_from_a_case_returns_to_the_same_view(paired, board_cases):
    board = open_board(paired)
    board.select_option("#filter-status", "open")
    board.select_option("#filter-due", "72")
    board.fill("#filter-search", "o")  # Olivia Overdue, Sam Soon; not Lara Later, also open and due in 3 days
    wanted = sorted([board_cases["overdue"], board_cases["soon"]])
    assert sorted(shown_ids(board)) == wanted
    assert "status=open" in board.url and "due=72" in board.url and "q=o" in board.url

    board.click(f'tr[data-case-id="{board_cases["soon"]}"] .case-link')
    board.wait_for_url(re.compile(r"case\.html\?id="))
    board.wait_for_selector("body[data-case-id]")
    board.go_back()

    board.wait_for_selector("body[data-rendered]")
    expect(board.locator("#filter-status")).to_have_value("open")
    expect(board.locator("#filter-due")).to_have_value("72")
    expect(board.locator("#filter-search")).to_have_value("o")
    assert sorted(shown_ids(board)) == wanted

    # The case page's own link back keeps the view too (this tab's sessionStorage).
    board.click(f'tr[data-case-id="{board_cases["overdue"]}"] .case-link')
    board.wait_for_selector("body[data-case-id]")
    board.click("#back")
    board.wait_for_selector("body[data-rendered]")
    assert sorted(shown_ids(board)) == wanted


def test_rows_are_links_the_keyboard_reaches(paired, board_cases):
    board = open_board(paired)
    assert board.locator("table#case-table thead th[scope=col]").count() == 7
    link = board.locator(f'tr[data-case-id="{board_cases["later"]}"] a.case-link')
    expect(link).to_have_attribute("href", f"case.html?id={board_cases['later']}")
    board.focus("#filter-search")
    for _ in range(20):
        board.keyboard.press("Tab")
        if board.evaluate("() => document.activeElement.classList.contains('case-link')"):
            break
    assert board.evaluate("() => document.activeElement.closest('tr').dataset.caseId") == shown_ids(board)[0]
    board.keyboard.press("Enter")
    board.wait_for_selector("body[data-case-id]")
    assert board.evaluate("() => document.body.dataset.caseId") == api_ids(paired.server)[0]


# ------------------------------------------------------------------ the case page

# (who, what, how many hours ago): the saved page comes half an hour ago, after all of them.
CONVERSATION = [
    ("buyer", "The parcel never arrived. Where is it?", 96),
    ("seller", "Sorry! Tracking says it is at the local depot.", 94),
    ("platform", "The buyer opened a dispute: item not received.", 72),
]


@pytest.fixture
def disputed_case(paired) -> tuple[str, dict]:
    """An AliExpress dispute with a conversation and a saved page with its screenshot."""
    now = datetime.now(timezone.utc)
    conversation = [{"from": who, "text": text, "sent_at": iso(now - timedelta(hours=hours))}
                    for who, text, hours in CONVERSATION]
    # Logged newest first on purpose: the case page puts them in time order.
    case_id = file_case(paired.server, "aliexpress", "8123456001", buyer="Ana Souza", countdown="3 days 00:00:00",
                        dispute={"id": "5550001", "reason": "Item not received", "opened_at": iso(now)},
                        messages=list(reversed(conversation)))
    return case_id, upload_snapshot(paired.server, case_id)


def test_the_case_page_shows_the_timeline_deadlines_and_a_verified_log(paired, disputed_case):
    case_id, snapshot = disputed_case
    page = open_case(paired, case_id)

    expect(page.locator("#case-title")).to_have_text(wording("board_case_heading", "8123456001",
                                                             messages("en")["popup_platform_aliexpress"]))
    expect(page.locator("#case-buyer")).to_have_text("Ana Souza")
    expect(page.locator("#case-dispute")).to_have_text("5550001")
    expect(page.locator("#case-status")).to_have_text(wording("board_status_open"))

    # Messages in time order, each named for who wrote it; the snapshot after them.
    entries = page.locator("#timeline .entry")
    expect(entries).to_have_count(4)
    assert [entries.nth(i).get_attribute("data-from") for i in range(3)] == ["buyer", "seller", "platform"]
    for i, (_, text, _) in enumerate(CONVERSATION):
        expect(entries.nth(i).locator(".entry-text")).to_have_text(text)
    expect(entries.nth(0).locator(".entry-who")).to_have_text(wording("board_timeline_buyer"))
    expect(entries.nth(1).locator(".entry-who")).to_have_text(wording("board_timeline_seller"))
    expect(entries.nth(2).locator(".entry-who")).to_have_text(wording("board_timeline_platform"))
    evidence = entries.nth(3)
    expect(evidence).to_have_attribute("data-evidence-id", snapshot["evidence_id"])
    expect(evidence.locator(".entry-title")).to_have_text("Dispute 5550001 — Seller Center")
    expect(evidence.locator(".entry-url a")).to_have_attribute("href", "https://gsp.aliexpress.com/dispute/5550001")
    # The thumbnail really loaded: a JPEG the worker fetched, decoded by the page.
    thumbnail = evidence.locator("img.thumbnail")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth") == 320
    assert thumbnail.get_attribute("src").startswith("data:image/jpeg;base64,")

    # Deadlines nearest first, each with its source (the policy page), checked date and confidence.
    deadline = page.locator(".deadline").first
    expect(deadline.locator(".countdown")).to_have_text(re.compile(r"^(\d+ d )?\d\d:\d\d:\d\d left$"))
    dues = page.eval_on_selector_all(".deadline .countdown", "els => els.map(e => Date.parse(e.dataset.due))")
    assert dues == sorted(dues) and dues, dues
    sources = page.locator(".deadline .deadline-source a")
    assert sources.count() >= 1
    expect(sources.first).to_have_attribute("href", re.compile(r"^https?://"))
    expect(sources.first).to_have_attribute("target", "_blank")
    expect(page.locator(".deadline .deadline-source").first).to_contain_text(re.compile(r"checked \d{4}-\d\d-\d\d"))

    records = paired.server.call("GET", f"{API}/cases/{case_id}/verify").json()["records"]
    expect(page.locator("#verify")).to_have_attribute("data-state", "ok")
    expect(page.locator("#verify")).to_have_text(wording("board_verify_ok", records))
    expect(page.locator("#verify")).to_have_attribute("data-tone", "good")


def tamper(server, sha256: str) -> None:
    """Flip one byte of a stored blob (they are read-only files named by their hash)."""
    blob = Path(server.data_dir) / "blobs" / sha256[:2] / sha256
    blob.chmod(blob.stat().st_mode | stat.S_IWUSR)
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0x01
    blob.write_bytes(bytes(data))


def downloaded_zip(download) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))


def test_a_tampered_file_turns_verify_red_and_export_asks_before_forcing(paired, disputed_case):
    case_id, snapshot = disputed_case
    html_sha = next(part["sha256"] for part in snapshot["parts"] if part["name"] == "html")
    tamper(paired.server, html_sha)
    page = open_case(paired, case_id)

    verify = paired.server.call("GET", f"{API}/cases/{case_id}/verify").json()
    assert verify["ok"] is False
    expect(page.locator("#verify")).to_have_attribute("data-state", "failed")
    expect(page.locator("#verify")).to_have_attribute("data-tone", "problem")
    expect(page.locator("#verify")).to_have_text(wording("board_verify_failed", verify["first_bad_index"], verify["problem"]))
    expect(page.locator(f'.entry[data-index="{verify["first_bad_index"]}"]')).to_have_class(re.compile(r"\bentry-bad\b"))

    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.click("#export")
    expect(page.locator("#export-confirm")).to_be_visible()
    expect(page.locator("#export-confirm p")).to_have_text(wording("board_export_unverified"))
    assert downloads == []  # nothing was exported without the seller's say-so

    with page.expect_download() as info:
        page.click("#export-force")
    bundle = downloaded_zip(info.value)
    manifest = json.loads(bundle.read("manifest.json"))
    assert manifest["verified"] is False
    assert "UNVERIFIED" in bundle.read("report.html").decode("utf-8")
    expect(page.locator("#export-result")).to_have_attribute("data-forced", "true")
    expect(page.locator("#export-confirm")).to_be_hidden()


def test_export_downloads_the_bundle_with_its_manifest_and_report(paired, disputed_case):
    case_id, _ = disputed_case
    page = open_case(paired, case_id)
    expect(page.locator("#verify")).to_have_attribute("data-state", "ok")

    with page.expect_download() as info:
        page.click("#export")

    download = info.value
    assert download.suggested_filename == f"{case_id}.zip"
    bundle = downloaded_zip(download)
    manifest = json.loads(bundle.read("manifest.json"))
    listed = {entry["path"] for entry in manifest["files"]}
    assert "report.html" in listed and set(bundle.namelist()) >= listed
    assert manifest["verified"] is True
    assert "<html" in bundle.read("report.html").decode("utf-8").lower()
    expect(page.locator("#export-result")).to_have_attribute("data-tone", "good")
    expect(page.locator("#export-confirm")).to_be_hidden()


def test_note_and_outcome_are_saved_and_the_board_shows_the_outcome(paired, board_cases):
    case_id = board_cases["soon"]
    page = open_case(paired, case_id)
    note = "Buyer agreed to wait for the reship.\n买家同意等待补发。 <b>not bold</b>"

    page.fill("#note", note)
    page.click("#save-note")
    expect(page.locator("#note-result")).to_have_text(wording("board_note_saved"))
    page.click('.outcome-button[data-status="won"]')
    expect(page.locator("#outcome-result")).to_have_text(wording("board_status_saved", wording("board_status_won")))
    expect(page.locator('.outcome-button[data-status="won"]')).to_have_attribute("aria-pressed", "true")
    expect(page.locator('.outcome-button[data-status="open"]')).to_have_attribute("aria-pressed", "false")

    stored = paired.server.call("GET", f"{API}/cases/{case_id}", params={"verify": "none"}).json()
    assert stored["note"] == note and stored["status"] == "won" and stored["outcome_at"]

    page.reload()
    page.wait_for_selector("body[data-settled]")
    expect(page.locator("#note")).to_have_value(note)
    expect(page.locator("#case-status")).to_have_text(wording("board_status_won"))

    page.click("#back")
    page.wait_for_selector("body[data-rendered]")
    row = page.locator(f'tr[data-case-id="{case_id}"]')
    expect(row).to_have_attribute("data-state", "won")
    expect(row.locator(".case-status")).to_have_text(wording("board_status_won"))
    expect(page.locator("#counts")).to_have_text(wording("board_counts_overdue", 4, 1, 1))

    # Reopened: the board counts it open again.
    page.click(f'tr[data-case-id="{case_id}"] .case-link')
    page.wait_for_selector("body[data-settled]")
    page.click('.outcome-button[data-status="open"]')
    expect(page.locator("#case-status")).to_have_text(wording("board_status_open"))
    assert paired.server.call("GET", f"{API}/cases/{case_id}", params={"verify": "none"}).json()["outcome_at"] is None


# ------------------------------------------------------------------ reply used → what works


def test_a_reply_filled_from_the_popup_is_counted_with_the_cases_outcome(paired, web_page_server):
    page = paired.context.new_page()
    page.goto(f"{web_page_server}/popup/dispute.html")
    popup = paired.open(f"popup/popup.html?tabId={tab_id(paired, page)}")
    expect(popup.locator("#case-id")).to_have_attribute("data-case-id", "aliexpress-8123456789")
    expect(popup.locator("#reply-text")).not_to_have_value("")
    case_id = "aliexpress-8123456789"

    popup.click("#fill-reply")
    expect(popup.locator("#action-result")).to_have_attribute("data-tone", "good")

    def uses():
        return paired.server.call("GET", f"{API}/cases/{case_id}", params={"verify": "none"}).json()["replies_used"]

    for _ in range(50):  # the worker records it without holding up the popup
        if uses():
            break
        popup.wait_for_timeout(100)
    [use] = uses()
    assert use["action"] == "filled" and use["language"] == "pt" and use["tone"] and use["stage"]
    template_id = use["template_id"]

    popup.click("#copy-reply")
    expect(popup.locator("#action-result")).to_have_text(messages("en")["popup_copied"])
    for _ in range(50):
        if len(uses()) == 2:
            break
        popup.wait_for_timeout(100)
    assert [u["action"] for u in uses()] == ["filled", "copied"]

    case_page = open_case(paired, case_id)
    expect(case_page.locator("#replies-used .reply-used")).to_have_count(2)
    expect(case_page.locator("#replies-used .reply-used").first).to_have_attribute("data-template-id", template_id)
    case_page.click('.outcome-button[data-status="won"]')
    expect(case_page.locator("#case-status")).to_have_text(wording("board_status_won"))

    board = open_board(paired)
    group = board.locator('.outcome-group[data-platform="aliexpress"]')
    expect(group).to_have_count(1)
    expect(group).to_have_attribute("data-won", "1")
    template = group.locator(f'.outcome-template[data-template-id="{template_id}"]')
    expect(template).to_have_attribute("data-cases", "1")
    expect(template).to_have_attribute("data-won", "1")
    expect(template).to_have_attribute("data-lost", "0")
    expect(template.locator(".outcome-template-counts")).to_have_text(wording("board_outcome_template", 1, 1, 0, 0, 0))


def test_the_outcomes_panel_counts_each_platform_and_kind_of_dispute(paired, board_cases):
    board = open_board(paired)
    answer = paired.server.call("GET", f"{API}/outcomes").json()
    groups = board.locator(".outcome-group")
    expect(groups).to_have_count(len(answer["groups"]))
    for index, group in enumerate(answer["groups"]):
        shown = groups.nth(index)
        expect(shown).to_have_attribute("data-platform", group["platform"])
        expect(shown.locator(".outcome-counts")).to_have_text(wording(
            "board_outcome_counts", group["total"], group["won"], group["lost"], group["resolved"], group["open"]))
    totals = answer["totals"]
    expect(board.locator("#outcome-totals")).to_have_text(wording(
        "board_outcome_totals", totals["total"], totals["won"], totals["lost"], totals["resolved"], totals["open"]))
    assert totals["won"] == 1 and totals["lost"] == 1 and totals["resolved"] == 1


# ------------------------------------------------------------------ ways in, languages, safety


def test_the_popup_and_the_settings_open_the_board(paired, web_page_server):
    page = paired.context.new_page()
    page.goto(f"{web_page_server}/popup/dispute.html")
    popup = paired.open(f"popup/popup.html?tabId={tab_id(paired, page)}")
    link = popup.locator("#open-board")
    expect(link).to_have_text(wording("board_link"))
    expect(link).to_have_attribute("target", "_blank")
    with paired.context.expect_page() as opened:
        link.click()
    board = opened.value
    board.wait_for_selector("body[data-rendered]")
    assert board.url == paired.url(BOARD)

    options = paired.open("options/options.html")
    expect(options.locator("#open-board")).to_have_attribute("href", "../cases/cases.html")
    expect(options.locator("#open-board")).to_have_attribute("target", "_blank")


def test_the_board_and_the_case_page_speak_chinese_in_a_chinese_browser(launch_browser, live_server):
    browser = launch_browser(language="zh-CN")
    answer = browser.service_worker.evaluate(
        "([serverUrl, code]) => disputeClerkWorker.pair({serverUrl, code})", [live_server.url, live_server.pairing_code])
    assert answer["ok"], answer
    zh = messages("zh_CN")
    case_id = file_case(live_server, "aliexpress", "8123456002", buyer="Ana", countdown="2 days 00:00:00",
                        dispute={"id": "5550002", "reason": "Item not received"})
    upload_snapshot(live_server, case_id)

    board = open_board(browser)
    expect(board.locator("html")).to_have_attribute("lang", "zh-CN")
    shown = board.eval_on_selector_all("[data-i18n]", "els => els.map(e => [e.dataset.i18n, e.textContent])")
    assert shown and all(text == zh[key] for key, text in shown), shown
    row = board.locator(f'tr[data-case-id="{case_id}"]')
    expect(row.locator(".case-platform")).to_have_text(zh["popup_platform_aliexpress"])
    expect(row.locator(".case-status")).to_have_text(zh["board_status_open"])
    expect(row.locator(".state-word")).to_have_text(zh["board_state_later"])
    expect(row.locator(".countdown")).to_have_text(re.compile(r"^剩余 "))
    expect(board.locator("#counts")).to_have_text(wording("board_counts", 1, 0, locale="zh_CN"))
    expect(board.locator(".outcome-group h3")).to_have_text(CJK)

    page = open_case(browser, case_id)
    expect(page.locator("#verify")).to_have_text(re.compile(r"^证据记录已核对无误"))
    expect(page.locator(".deadline-label").first).to_have_text(CJK)
    # The bundle's report is written in the language the board speaks.
    with page.expect_download() as info:
        page.click("#export")
    report = downloaded_zip(info.value).read("report.html").decode("utf-8")
    assert 'lang="zh' in report and CJK.search(report)
    assert not browser.errors, browser.errors


def test_a_buyer_name_written_as_html_is_shown_as_text_and_never_run(paired):
    name = '<img src=x onerror="window.pwned=1">'
    case_id = file_case(paired.server, "aliexpress", "8123450001", buyer=name, countdown="1 days 00:00:00",
                        messages=[{"from": "buyer", "text": "<script>window.pwned=2</script> where is it?"}])
    board = open_board(paired)
    expect(board.locator(f'tr[data-case-id="{case_id}"] .case-buyer')).to_have_text(name)
    assert board.locator("img").count() == 0
    assert board.evaluate("() => window.pwned") is None

    page = open_case(paired, case_id)
    expect(page.locator("#case-buyer")).to_have_text(name)
    expect(page.locator("#timeline .entry-text")).to_have_text("<script>window.pwned=2</script> where is it?")
    assert page.locator("img").count() == 0 and page.locator("#timeline script").count() == 0
    assert page.evaluate("() => window.pwned") is None
    scripts = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
    assert scripts == ["case.js"], scripts


def test_an_unknown_case_is_said_plainly(paired):
    page = paired.open("cases/case.html?id=aliexpress-nothere")
    expect(page.locator("#load-problem")).to_have_text(wording("board_case_not_found"))
    expect(page.locator("#case")).to_be_hidden()


def test_a_stopped_server_is_said_on_the_board(paired):
    paired.server.stop()
    board = paired.open(BOARD)
    expect(board.locator("#status")).to_have_attribute("data-state", "server_unreachable")
    expect(board.locator("#status-command")).to_be_visible()


# ------------------------------------------------------------------ the worker's new messages


@pytest.mark.parametrize("message", [
    {"type": "listCases", "limit": 0},
    {"type": "listCases", "limit": "10"},
    {"type": "listCases", "status": "closed"},
    {"type": "listCases", "dueWithinHours": -1},
    {"type": "listCases", "page": 2},
    {"type": "getCase", "caseId": "aliexpress-1", "verify": "none"},
    {"type": "updateCase", "caseId": "aliexpress-1"},
    {"type": "updateCase", "caseId": "aliexpress-1", "status": "done"},
    {"type": "updateCase", "caseId": "aliexpress-1", "note": 5},
    {"type": "verifyCase", "caseId": "../secrets"},
    {"type": "thumbnail", "caseId": "aliexpress-1", "evidenceId": "../../secrets.json"},
    {"type": "exportCase", "caseId": "aliexpress-1", "lang": "fr", "force": False},
    {"type": "exportCase", "caseId": "aliexpress-1", "lang": "en", "force": "yes"},
    {"type": "exportCase", "caseId": "aliexpress-1", "lang": "en"},
    {"type": "replyUsed", "caseId": "aliexpress-1", "templateId": "x", "action": "sent"},
    {"type": "replyUsed", "caseId": "aliexpress-1", "templateId": "a/b", "action": "filled"},
    {"type": "replyUsed", "caseId": "aliexpress-1", "templateId": "x", "action": "filled", "text": "…"},
    {"type": "outcomes", "platform": "ebay"},
])
def test_malformed_board_requests_are_refused(paired, message):
    page = paired.open("options/options.html")
    answer = page.evaluate("message => chrome.runtime.sendMessage(message)", message)
    assert answer["ok"] is False
    assert answer["error"]["code"] == "bad_message", answer


def test_the_workers_list_filters_reach_the_server(paired, board_cases):
    page = paired.open("options/options.html")
    ask = "message => chrome.runtime.sendMessage(message)"
    answer = page.evaluate(ask, {"type": "listCases", "status": "open", "dueWithinHours": 24, "limit": 1})
    assert answer["ok"] and answer["total"] == 2 and [row["case_id"] for row in answer["cases"]] == [board_cases["overdue"]]
    assert page.evaluate(ask, {"type": "listCases", "q": "Fiona"})["cases"][0]["case_id"] == board_cases["far"]
    plain = page.evaluate(ask, {"type": "getCase", "caseId": board_cases["soon"], "verify": False})
    assert plain["ok"] and plain["case"]["verify"] is None
    full = page.evaluate(ask, {"type": "getCase", "caseId": board_cases["soon"]})
    assert full["case"]["verify"]["ok"] is True


# ------------------------------------------------------------------ every word in both languages


def test_every_message_the_board_uses_exists_in_both_languages():
    code = "\n".join(path.read_text("utf-8") for folder in ("cases", "common")
                     for path in sorted((EXTENSION_DIR / folder).iterdir()) if path.suffix in (".js", ".html"))
    used = set(re.findall(r'"(board_\w+)"', code)) | set(re.findall(r'data-i18n="(\w+)"', code))
    used |= set(re.findall(r'\bt\("(\w+)"', code))
    assert len(used) > 60, "found too few message keys: the patterns above are out of date"
    for locale in ("en", "zh_CN"):
        assert used - set(messages(locale)) == set(), locale
