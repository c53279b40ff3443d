"""Saving evidence: the seller's page (HTML, visible text, full-page screenshot) and its
conversation go into the case's evidence log on a real server, and the page is left as it was.

Driven the way the popup drives it: the worker's `saveEvidence` handler
(`disputeClerkWorker.saveEvidence({tabId, caseId})`, background/evidence.js), on pages served
from web_pages/evidence/. The conversation scraper is another feature with its own tests; here a
stand-in scraper reads the test page's messages, so these tests pin what evidence does with
whatever the scraper finds.
"""
from __future__ import annotations

import base64
import hashlib
import struct

import pytest

from .conftest import EXTENSION_DIR, QUIET_FLAGS, ExtensionBrowser, _chromium, ask_tab, tab_id

pytestmark = pytest.mark.browser

CASE_ID = "aliexpress-8123456789"
ASSIST_BODY = {"platform": "aliexpress", "page_type": "dispute", "order": {"id": "8123456789"}}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAGENTA = (255, 0, 255)  # dispute.html's fixed header


def evidence_page_url(web_page_server: str, page: str = "dispute.html", **query) -> str:
    """A test page's address; dispute.html takes ?screens=N (page height in windows), big.html
    ?kb=N (a conversation of about N kB of HTML). The evidence benchmark uses these too."""
    params = "&".join(f"{key}={value}" for key, value in query.items())
    return f"{web_page_server}/evidence/{page}" + (f"?{params}" if params else "")


def open_page(extension, web_page_server: str, page: str = "dispute.html", **query):
    tab = extension.context.new_page()
    tab.goto(evidence_page_url(web_page_server, page, **query))
    tab.wait_for_selector("html[data-ready=yes]")
    return tab


def use_stand_in_scraper(extension, page, *, broken: bool = False) -> None:
    """Answer the `scrape` action with the messages the test page marks with data-from."""
    extension.service_worker.evaluate("""async ([tabId, broken]) => {
        await disputeClerkWorker.injectContent(tabId);
        await chrome.scripting.executeScript({
          target: {tabId, frameIds: [0]},
          args: [broken],
          func: (broken) => globalThis.DisputeClerkContent.handle("scrape", () => {
            if (broken) {
              throw new Error("the scraper does not know this page");
            }
            const messages = [...document.querySelectorAll("[data-from]")].map((item) => ({
              from: item.dataset.from,
              text: item.querySelector(".text").textContent,
              sent_at: item.dataset.sentAt,
            }));
            return {ok: true, context: {messages}};
          }),
        });
      }""", [tab_id(extension, page), broken])


def save_evidence(extension, page, case_id: str = CASE_ID) -> dict:
    """What the popup gets back from the worker's saveEvidence handler."""
    return extension.service_worker.evaluate(
        "([tabId, caseId]) => disputeClerkWorker.saveEvidence({tabId, caseId})", [tab_id(extension, page), case_id])


def saved(extension, page) -> dict:
    """Bring the page to the front (a seller clicks the extension on the tab they look at) and save it."""
    page.bring_to_front()
    answer = save_evidence(extension, page)
    assert answer["ok"], answer
    return answer["saved"]


def stored_part(server, evidence_id: str, part: str) -> bytes:
    response = server.call("GET", f"/api/v1/cases/{CASE_ID}/evidence/{evidence_id}?part={part}")
    assert response.status_code == 200, response.text
    return response.content


def case_timeline(server) -> list[dict]:
    response = server.call("GET", f"/api/v1/cases/{CASE_ID}")
    assert response.status_code == 200, response.text
    return response.json()["timeline"]


def snapshots(server) -> list[dict]:
    return [entry for entry in case_timeline(server) if entry["kind"] == "evidence"]


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from the PNG's IHDR chunk, which always comes first."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def pixels(extension, png: bytes, points: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """The RGB colour of the PNG at each (x, y), decoded by the browser."""
    return [tuple(rgb) for rgb in extension.service_worker.evaluate("""async ([png, points]) => {
        const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext("2d");
        context.drawImage(bitmap, 0, 0);
        return points.map(([x, y]) => [...context.getImageData(x, y, 1, 1).data.slice(0, 3)]);
      }""", [base64.b64encode(png).decode(), points])]


def geometry(page) -> dict:
    return page.evaluate("""() => ({height: document.documentElement.scrollHeight,
                                    width: document.documentElement.clientWidth,
                                    viewport: document.documentElement.clientHeight,
                                    dpr: devicePixelRatio})""")


@pytest.fixture
def case(paired):
    """The extension paired with a server that has the case for order 8123456789."""
    response = paired.server.call("POST", "/api/v1/assist", json=ASSIST_BODY)
    assert response.status_code == 200, response.text
    assert response.json()["case_id"] == CASE_ID
    return paired


def test_saved_page_is_stored_byte_for_byte_with_its_text_and_a_stitched_screenshot(case, web_page_server):
    page = open_page(case, web_page_server, screens=2.6)
    page.fill("#reply-text", "We are sorry: a replacement ships today")
    page.fill("#tracking", "LP00999888777CN")
    page.check("#proof")
    page.select_option("#solution", "refund")
    page.fill("#secret", "hunter2")
    page.fill("order-status input", "Customs cleared it this morning")
    use_stand_in_scraper(case, page)

    answer = saved(case, page)

    assert answer["duplicate"] is False
    assert answer["messages"] == {"added": 3, "duplicates": 0}
    assert [part["name"] for part in answer["parts"]] == ["html", "text", "image"]
    html = stored_part(case.server, answer["evidence_id"], "html")
    assert hashlib.sha256(html).hexdigest() == answer["sha256"]
    saved_html = html.decode("utf-8")
    assert saved_html.startswith("<!DOCTYPE html>\n<html")
    # The copy resolves relative links and images against the page it came from.
    assert f'<head><base href="{page.url}">' in saved_html
    assert "包裹还没到" in saved_html
    # What the seller had typed and picked is in the copy; a password never is.
    assert "We are sorry: a replacement ships today</textarea>" in saved_html
    assert 'value="LP00999888777CN"' in saved_html
    assert '<input id="proof" type="checkbox" name="proof" checked="">' in saved_html
    assert '<option value="refund" selected="">' in saved_html
    assert '<option value="wait">' in saved_html
    assert "hunter2" not in saved_html
    # Web components keep their content in shadow roots, closed ones included: the copy carries
    # it as declarative shadow DOM, so the saved page shows it too.
    assert ('<dispute-countdown><template shadowrootmode="open"><b>Respond within 4 days 23 hours</b>'
            '</template></dispute-countdown>') in saved_html
    assert ('<order-status><template shadowrootmode="open"><p>Shipped · held in customs</p>'
            '<input class="note" placeholder="Note to the buyer" value="Customs cleared it this morning">'
            '</template></order-status>') in saved_html

    text = stored_part(case.server, answer["evidence_id"], "text").decode("utf-8")
    assert text == page.evaluate("() => document.body.innerText")
    assert "Tracking LP00123456789CN shows it in Madrid customs." in text

    shape = geometry(page)
    png = stored_part(case.server, answer["evidence_id"], "image")
    assert png_size(png) == (shape["width"] * shape["dpr"], shape["height"] * shape["dpr"])
    assert answer["screenshot"] == {"screens": 3, "truncated": False,
                                    "width": shape["width"] * shape["dpr"], "height": shape["height"] * shape["dpr"]}
    # Every band of the page is where the page has it (the last screen overlapped the one before
    # it and was cropped), and the fixed header is at the top only, not on every screen.
    bands = page.evaluate("() => [...document.querySelectorAll('#bands div')].map((band) => band.dataset.rgb)")
    column = shape["width"] - 20
    centres = [(column, (index * 100 + 50) * shape["dpr"]) for index in range(len(bands))]
    expected = [MAGENTA] + [tuple(int(c) for c in rgb.split(",")) for rgb in bands[1:]]
    assert pixels(case, png, centres) == expected

    assert case.server.call("GET", f"/api/v1/cases/{CASE_ID}/verify").json()["ok"] is True


def test_a_page_shorter_than_the_window_is_one_screen(case, web_page_server):
    page = open_page(case, web_page_server, screens=0.5)
    use_stand_in_scraper(case, page)

    answer = saved(case, page)

    shape = geometry(page)
    assert shape["height"] == shape["viewport"]
    assert answer["screenshot"]["screens"] == 1
    png = stored_part(case.server, answer["evidence_id"], "image")
    assert png_size(png) == (shape["width"] * shape["dpr"], shape["viewport"] * shape["dpr"])


def test_saving_an_unchanged_page_again_answers_the_earlier_snapshot(case, web_page_server):
    page = open_page(case, web_page_server, screens=1.5)
    use_stand_in_scraper(case, page)
    first = saved(case, page)

    again = saved(case, page)

    assert again == {"duplicate": True, "evidence_id": first["evidence_id"], "sha256": first["sha256"],
                     "chain": first["chain"], "messages": {"added": 0, "duplicates": 3}}
    assert [entry["evidence_id"] for entry in snapshots(case.server)] == [first["evidence_id"]]


def test_a_new_buyer_message_makes_a_new_snapshot_and_is_logged_once(case, web_page_server):
    page = open_page(case, web_page_server, screens=1.5)
    use_stand_in_scraper(case, page)
    first = saved(case, page)

    page.evaluate("() => addBuyerMessage('I opened a dispute because nobody answers.', '2026-11-20T07:00:00Z')")
    second = saved(case, page)

    assert second["duplicate"] is False
    assert second["evidence_id"] != first["evidence_id"]
    assert second["messages"] == {"added": 1, "duplicates": 3}
    assert second["chain"]["prev_hash"] == case_timeline(case.server)[second["chain"]["index"] - 1]["hash"]
    text = stored_part(case.server, second["evidence_id"], "text").decode("utf-8")
    assert "I opened a dispute because nobody answers." in text
    assert len(snapshots(case.server)) == 2
    assert case.server.call("GET", f"/api/v1/cases/{CASE_ID}/verify").json()["ok"] is True


def test_the_page_is_left_as_the_seller_had_it(case, web_page_server):
    page = open_page(case, web_page_server, screens=3)
    page.fill("#reply-text", "Draft the seller is still writing")
    page.evaluate("() => window.scrollTo(0, 333)")
    before = page.evaluate("""() => ({html: document.documentElement.outerHTML,
                                      header: document.getElementById('site-header').getAttribute('style')})""")
    use_stand_in_scraper(case, page)

    answer = saved(case, page)

    assert answer["screenshot"]["screens"] == 3
    after = page.evaluate("""() => {
        const header = document.getElementById('site-header');
        return {scrollY: window.scrollY, html: document.documentElement.outerHTML,
                header: header.getAttribute('style'), opacity: getComputedStyle(header).opacity,
                draft: document.getElementById('reply-text').value,
                defaultDraft: document.getElementById('reply-text').defaultValue};
      }""")
    assert after["scrollY"] == 333
    assert after["header"] == before["header"] == "color: white"
    assert after["opacity"] == "1"
    assert after["draft"] == "Draft the seller is still writing"
    # The copy got the draft; the live page's markup did not.
    assert after["defaultDraft"] == "Initial draft"
    assert after["html"] == before["html"]


def test_a_one_megabyte_page_is_stored_byte_for_byte_and_its_screenshot_stops_at_the_cap(case, web_page_server):
    page = open_page(case, web_page_server, "big.html", kb=1024)
    use_stand_in_scraper(case, page)

    answer = saved(case, page)

    html = stored_part(case.server, answer["evidence_id"], "html")
    assert len(html) > 1024 * 1024
    # Exactly the browser's own serialization of the page, plus the <base>.
    assert html == page.evaluate("""() => "<!DOCTYPE html>\\n" + document.documentElement.outerHTML.replace(
        "<head>", `<head><base href="${document.baseURI}">`)""").encode("utf-8")
    assert hashlib.sha256(html).hexdigest() == answer["sha256"]
    assert stored_part(case.server, answer["evidence_id"], "text") == \
        page.evaluate("() => document.body.innerText").encode("utf-8")
    shape = geometry(page)
    assert shape["height"] > 12 * shape["viewport"]
    assert answer["screenshot"] == {"screens": 12, "truncated": True, "width": shape["width"] * shape["dpr"],
                                    "height": 12 * shape["viewport"] * shape["dpr"]}
    assert png_size(stored_part(case.server, answer["evidence_id"], "image")) == \
        (shape["width"] * shape["dpr"], 12 * shape["viewport"] * shape["dpr"])
    assert answer["messages"]["added"] == page.evaluate("() => document.querySelectorAll('[data-from]').length")


def test_a_tab_in_the_background_is_refused_before_anything_is_logged(case, web_page_server):
    page = open_page(case, web_page_server, screens=1.5)
    use_stand_in_scraper(case, page)
    case.context.new_page().bring_to_front()  # the seller looks at another tab

    answer = save_evidence(case, page)

    assert answer["ok"] is False
    assert answer["error"]["code"] == "tab_not_visible"
    assert case_timeline(case.server) == []


def test_a_second_save_of_the_same_tab_while_one_runs_is_refused(case, web_page_server):
    page = open_page(case, web_page_server, screens=2)
    use_stand_in_scraper(case, page)
    page.bring_to_front()

    answers = case.service_worker.evaluate("""([tabId, caseId]) => Promise.all([
        disputeClerkWorker.saveEvidence({tabId, caseId}), disputeClerkWorker.saveEvidence({tabId, caseId})])""",
                                           [tab_id(case, page), CASE_ID])

    assert answers[0]["ok"] is True
    assert answers[1] == {"ok": False, "error": {"code": "capture_in_progress", "detail": ""}}
    assert len(snapshots(case.server)) == 1


def test_saving_into_a_case_the_server_does_not_have_is_refused(case, web_page_server):
    page = open_page(case, web_page_server, screens=1.5)
    use_stand_in_scraper(case, page)
    page.bring_to_front()

    answer = save_evidence(case, page, "aliexpress-1111111111")

    assert answer["ok"] is False
    assert answer["error"]["code"] == "case_not_found"
    assert case_timeline(case.server) == []


def test_a_failing_scraper_does_not_stop_the_snapshot(case, web_page_server):
    page = open_page(case, web_page_server, screens=1.5)
    use_stand_in_scraper(case, page, broken=True)

    answer = saved(case, page)

    assert answer["messages"] == {"added": 0, "duplicates": 0}
    assert [entry["evidence_id"] for entry in snapshots(case.server)] == [answer["evidence_id"]]


def test_capture_alone_gives_the_snapshot_and_the_png_without_the_server(case, web_page_server):
    # The benchmark's way in: captureEvidence from an extension page (a service worker cannot
    # import() a module), with the same askTab the worker uses.
    helper = case.open("popup/popup.html")
    page = open_page(case, web_page_server, screens=2)
    page.bring_to_front()

    result = helper.evaluate("""async (tabId) => {
        const {captureEvidence} = await import("/background/evidence.js");
        const {askTab} = await import("/background/tabs.js");
        const {snapshot, png, screenshot} = await captureEvidence(tabId, {askTab});
        const head = new Uint8Array(await png.slice(0, 8).arrayBuffer());
        return {url: snapshot.url, hasHtml: snapshot.html.includes("Order 8123456789"),
                type: png.type, head: [...head], screenshot};
      }""", tab_id(case, page))

    shape = geometry(page)
    assert result["url"] == page.url
    assert result["hasHtml"] is True
    assert result["type"] == "image/png"
    assert bytes(result["head"]) == PNG_SIGNATURE
    assert result["screenshot"] == {"screens": 2, "truncated": False, "width": shape["width"] * shape["dpr"],
                                    "height": shape["height"] * shape["dpr"]}
    assert case_timeline(case.server) == []


def test_a_capture_the_extension_never_finishes_is_undone_by_the_page(case, web_page_server):
    # The worker can be stopped between two screens; the page must not stay scrolled with its
    # header hidden.
    page = open_page(case, web_page_server, screens=3)
    page.evaluate("() => window.scrollTo(0, 200)")
    page.bring_to_front()
    ask_tab(case, page, "screenshotPrepare", watchdogMs=1000)
    assert ask_tab(case, page, "screenshotScroll", y=0)["scrollY"] == 0  # the header is on this screen
    assert ask_tab(case, page, "screenshotScroll", y=720)["scrollY"] == 720  # and hidden on the next
    assert page.evaluate("() => getComputedStyle(document.getElementById('site-header')).opacity") == "0"

    page.wait_for_function("() => window.scrollY === 200")

    assert page.evaluate("() => getComputedStyle(document.getElementById('site-header')).opacity") == "1"
    assert page.evaluate("() => document.getElementById('site-header').getAttribute('style')") == "color: white"


def test_a_high_density_screen_is_captured_at_its_device_pixels(playwright_session, tmp_path, web_page_server):
    # A real device pixel ratio (as on most laptops), not Playwright's emulated one: that only
    # changes what the page reports, while captureVisibleTab keeps taking 1x pictures.
    context = playwright_session.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=_chromium(), headless=True, no_viewport=True,
        args=[f"--disable-extensions-except={EXTENSION_DIR}", f"--load-extension={EXTENSION_DIR}", *QUIET_FLAGS,
              "--force-device-scale-factor=2", "--window-size=1000,700"])
    try:
        browser = ExtensionBrowser(context)
        helper = browser.open("popup/popup.html")
        page = open_page(browser, web_page_server, screens=2.6)
        page.bring_to_front()

        result = helper.evaluate("""async (tabId) => {
            const {captureEvidence} = await import("/background/evidence.js");
            const {askTab} = await import("/background/tabs.js");
            const {png, screenshot} = await captureEvidence(tabId, {askTab});
            const bytes = new Uint8Array(await png.arrayBuffer());
            let binary = "";
            for (const byte of bytes) {
              binary += String.fromCharCode(byte);
            }
            return {png: btoa(binary), screenshot};
          }""", tab_id(browser, page))

        shape = geometry(page)
        assert shape["dpr"] == 2
        png = base64.b64decode(result["png"])
        assert png_size(png) == (2 * shape["width"], 2 * shape["height"])
        assert result["screenshot"] == {"screens": 3, "truncated": False,
                                        "width": 2 * shape["width"], "height": 2 * shape["height"]}
        bands = page.evaluate("() => [...document.querySelectorAll('#bands div')].map((band) => band.dataset.rgb)")
        inside = [index for index in range(len(bands)) if index * 100 + 50 < shape["height"]]
        centres = [(2 * (shape["width"] - 20), 2 * (index * 100 + 50)) for index in inside]
        expected = [MAGENTA] + [tuple(int(c) for c in bands[index].split(",")) for index in inside[1:]]
        assert pixels(browser, png, centres) == expected
        assert not browser.errors
    finally:
        context.close()
