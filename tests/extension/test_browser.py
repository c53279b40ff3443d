"""The extension in real headless Chromium against a real `disputeclerk serve` process.

The tests drive what a seller does (the options page, the popup) and read what only the
extension can see (chrome.storage.local, through its service worker).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from disputeclerk.config import EXTENSION_ID
from disputeclerk.version import __version__

pytestmark = pytest.mark.browser

EXTENSION_DIR = Path(__file__).resolve().parents[2] / "extension"
OPTIONS = "options/options.html"
POPUP = "popup/popup.html"

# The smallest page context the server files as a case (POST /api/v1/assist).
ASSIST_BODY = {"platform": "aliexpress", "page_type": "dispute", "order": {"id": "8123456789"},
               "captured_at": "2026-11-21T08:00:00Z"}


def messages(locale: str) -> dict[str, str]:
    data = json.loads((EXTENSION_DIR / "_locales" / locale / "messages.json").read_text("utf-8"))
    return {key: entry["message"] for key, entry in data.items()}


def pair_in_options(options, server_url: str, code: str) -> None:
    options.fill("#server-url", server_url)
    options.fill("#pairing-code", code)
    options.click("#pair")


def ask(extension_page, message) -> dict:
    """Send a runtime message from one of the extension's own pages, as the options page does."""
    return extension_page.evaluate("message => chrome.runtime.sendMessage(message)", message)


def wrong_code(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def paired_origins(live_server) -> list[str]:
    return json.loads((Path(live_server.data_dir) / "secrets.json").read_text())["paired_origins"]


def test_extension_id_is_fixed_by_the_manifest_key(extension):
    assert extension.id == EXTENSION_ID
    assert extension.service_worker.url == f"chrome-extension://{EXTENSION_ID}/background/service-worker.js"


def test_chromium_loads_the_manifest_with_only_the_known_firefox_warning(launch_browser):
    browser = launch_browser()
    page = browser.context.new_page()
    page.goto("chrome://extensions")
    # Chromium collects manifest warnings only in developer mode, when the extension (re)loads.
    page.evaluate("() => chrome.developerPrivate.updateProfileConfiguration({inDeveloperMode: true})")
    page.evaluate("id => chrome.developerPrivate.reload(id, {failQuietly: true})", EXTENSION_ID)
    # reload() answers before the extension is back: it is DISABLED for a moment while it loads.
    page.wait_for_function("id => chrome.developerPrivate.getExtensionInfo(id).then(i => i.state === 'ENABLED')",
                           arg=EXTENSION_ID, timeout=10_000)
    info = page.evaluate("id => chrome.developerPrivate.getExtensionInfo(id)", EXTENSION_ID)
    # background.scripts is there for Firefox, which has no extension service workers; Chromium
    # ignores it with this one warning. Anything else is a mistake in the manifest.
    assert [error["manifestKey"] for error in info["manifestErrors"]] == ["background.scripts"]
    assert info["installWarnings"] == []
    assert info["runtimeErrors"] == []


def test_pairing_with_the_printed_code_makes_the_extension_ready(extension, live_server):
    assert extension.vault() == {}
    options = extension.open(OPTIONS)
    status = options.locator("#status")
    expect(status).to_have_attribute("data-state", "not_configured")
    expect(options.locator("#server-url")).to_have_value("http://127.0.0.1:8765")

    pair_in_options(options, live_server.url, live_server.pairing_code)

    expect(status).to_have_attribute("data-state", "ready")
    expect(status).to_have_text(messages("en")["state_ready"].replace("$VERSION$", __version__))
    # The token is stored by the extension only now, and it is the server's token.
    assert extension.vault() == {"serverUrl": live_server.url, "token": live_server.token}
    # …in the worker's IndexedDB vault, not in chrome.storage.local, which content scripts can read.
    assert live_server.token not in json.dumps(extension.storage())
    assert f"chrome-extension://{EXTENSION_ID}" in paired_origins(live_server)

    # The service worker calls an endpoint that needs the token (GET /api/v1/cases) via call().
    assert live_server.call("POST", "/api/v1/assist", json=ASSIST_BODY).status_code == 200
    cases = ask(options, {"type": "listCases"})
    assert cases["ok"] is True, cases
    assert [case["case_id"] for case in cases["cases"]] == ["aliexpress-8123456789"]

    # The token never reaches a page: not in any answer, not in the DOM.
    for message in ({"type": "status"}, {"type": "listCases"}):
        assert live_server.token not in json.dumps(ask(options, message))
    assert live_server.token not in options.content()

    popup = extension.open(POPUP)
    expect(popup.locator("#status")).to_have_attribute("data-state", "ready")


def test_the_pairing_survives_the_service_worker_being_stopped(extension, live_server):
    options = extension.open(OPTIONS)
    pair_in_options(options, live_server.url, live_server.pairing_code)
    expect(options.locator("#status")).to_have_attribute("data-state", "ready")
    extension.service_worker.evaluate("() => { self.stillTheSameWorker = true; }")

    extension.stop_service_worker()

    popup = extension.open(POPUP)  # its status message starts a new worker
    expect(popup.locator("#status")).to_have_attribute("data-state", "ready")
    assert extension.service_worker.evaluate("() => self.stillTheSameWorker ?? false") is False


def test_a_wrong_code_says_how_many_tries_are_left(extension, live_server):
    options = extension.open(OPTIONS)
    status = options.locator("#status")

    pair_in_options(options, live_server.url, wrong_code(live_server.pairing_code))
    expect(status).to_have_attribute("data-state", "pairing_code_wrong")
    expect(status).to_have_text(messages("en")["state_pairing_code_wrong"].replace("$TRIES$", "4"))

    options.click("#pair")
    expect(status).to_have_text(messages("en")["state_pairing_code_wrong"].replace("$TRIES$", "3"))
    assert extension.vault().get("token") is None

    # The server answered, so the extension knows it now: it is there but not paired yet.
    options.reload()
    expect(status).to_have_attribute("data-state", "not_paired")
    pair_in_options(options, live_server.url, live_server.pairing_code)
    expect(status).to_have_attribute("data-state", "ready")


def test_a_stopped_server_is_reported_with_the_command_to_start_it(extension, live_server):
    options = extension.open(OPTIONS)
    pair_in_options(options, live_server.url, live_server.pairing_code)
    expect(options.locator("#status")).to_have_attribute("data-state", "ready")

    live_server.stop()

    for page in (extension.open(POPUP), extension.open(OPTIONS)):
        expect(page.locator("#status")).to_have_attribute("data-state", "server_unreachable")
        expect(page.locator("#status")).to_contain_text(live_server.url)
        expect(page.locator("#status-command")).to_be_visible()
        expect(page.locator("#status-command")).to_have_text(f"disputeclerk serve --port {live_server.port}")
    # Pairing while the server is down says the same, and keeps the working pairing.
    pair_in_options(page, live_server.url, "123456")
    expect(page.locator("#status")).to_have_attribute("data-state", "server_unreachable")
    assert extension.vault()["token"] == live_server.token


def test_a_token_the_server_no_longer_accepts_asks_for_a_new_pairing(extension, live_server):
    extension.set_vault({"serverUrl": live_server.url, "token": "stale"})
    popup = extension.open(POPUP)
    expect(popup.locator("#status")).to_have_attribute("data-state", "token_rejected")
    expect(popup.locator("#status-command")).to_have_text("disputeclerk pair")


def test_a_pairing_kept_by_version_0_1_0_moves_into_the_vault(extension, live_server):
    # 0.1.0 kept the token in chrome.storage.local, where content scripts can read it.
    extension.service_worker.evaluate("([serverUrl, token]) => chrome.storage.local.set({serverUrl, token})",
                                      [live_server.url, live_server.token])
    extension.stop_service_worker()  # the updated worker starts fresh and migrates once

    popup = extension.open(POPUP)
    expect(popup.locator("#status")).to_have_attribute("data-state", "ready")
    assert extension.vault() == {"serverUrl": live_server.url, "token": live_server.token}
    assert extension.storage() == {}


def test_a_server_that_is_not_dispute_clerk_is_incompatible(extension, web_page_server):
    options = extension.open(OPTIONS)
    pair_in_options(options, web_page_server, "123456")
    expect(options.locator("#status")).to_have_attribute("data-state", "incompatible")
    assert extension.vault() == {}


@pytest.mark.parametrize("address", ["http://example.com:8765", "https://127.0.0.1:8765",
                                     "http://user:secret@127.0.0.1:8765", "http://127.0.0.1:8765/api/v1",
                                     "file:///etc/passwd", "not an address"])
def test_pairing_only_talks_to_this_computer(extension, address):
    options = extension.open(OPTIONS)
    answer = ask(options, {"type": "pair", "serverUrl": address, "code": "123456"})
    assert answer == {"ok": False, "error": {"code": "invalid_address"}}


@pytest.mark.parametrize("message", [
    {"type": "token"},
    {"type": "pair", "serverUrl": 8765, "code": "123456"},
    {"type": "pair", "serverUrl": "http://127.0.0.1:8765"},
    {"type": "pair", "serverUrl": "http://127.0.0.1:8765", "code": "123456", "token": "x"},
    {"type": "status", "path": "/api/v1/cases"},
    {"type": "toString"},
    "status",
    ["status"],
], ids=["unknown-type", "wrong-field-type", "missing-field", "extra-field", "extra-field-on-status",
        "inherited-name", "string", "array"])
def test_malformed_messages_are_refused(extension, message):
    options = extension.open(OPTIONS)
    answer = ask(options, message)
    assert answer["ok"] is False
    assert answer["error"]["code"] == "bad_message"


def test_a_web_page_cannot_use_the_api(extension, live_server, web_page_server):
    page = extension.context.new_page()
    page.goto(f"{web_page_server}/shop.html")
    expect(page.locator("html")).to_have_attribute("data-ready", "yes")
    # Without externally_connectable a web page cannot even message the extension.
    assert page.evaluate("() => typeof globalThis.chrome?.runtime?.sendMessage") == "undefined"
    api = live_server.url + "/api/v1"
    token = live_server.token

    def try_api(path: str, init: dict) -> dict:
        return page.evaluate("([url, init]) => tryApi(url, init)", [api + path, init])

    # Even a page that holds the token reads nothing and files nothing.
    attempts = {
        "cases without token": ("/cases", {}),
        "cases with token": ("/cases", {"headers": {"Authorization": f"Bearer {token}"}}),
        "assist with token": ("/assist", {"method": "POST", "body": json.dumps(ASSIST_BODY), "headers": {
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"}}),
        "pair with the printed code": ("/pair", {"method": "POST", "body": json.dumps(
            {"code": live_server.pairing_code}), "headers": {"Content-Type": "application/json"}}),
    }
    for name, (path, init) in attempts.items():
        assert try_api(path, init) == {"outcome": "failed", "error": "TypeError"}, name

    # A no-cors request does reach the server; the answer is hidden from the page but not from
    # the browser's network log: 403 from the Origin gate, before any view could run.
    with page.expect_response(lambda response: response.url == api + "/pair") as refused:
        result = try_api("/pair", {"method": "POST", "mode": "no-cors", "body": json.dumps(
            {"code": live_server.pairing_code})})
    assert result["type"] == "opaque" and result["status"] == 0
    assert refused.value.status == 403

    # The server's side: no case, no paired web origin, and the code is still unused.
    assert live_server.call("GET", "/api/v1/cases").json()["total"] == 0
    assert paired_origins(live_server) == []
    options = extension.open(OPTIONS)
    pair_in_options(options, live_server.url, live_server.pairing_code)
    expect(options.locator("#status")).to_have_attribute("data-state", "ready")
    # The same request without a browser's Origin works, so the body was not the problem.
    assert live_server.call("POST", "/api/v1/assist", json=ASSIST_BODY).status_code == 200
    assert live_server.call("GET", "/api/v1/cases").json()["total"] == 1


def test_popup_leads_to_the_settings(extension):
    popup = extension.open(POPUP)
    expect(popup.locator("#status")).to_have_attribute("data-state", "not_configured")
    with extension.context.expect_page() as opened:
        popup.click("#open-options")
    expect(opened.value).to_have_url(extension.url(OPTIONS))


@pytest.mark.parametrize("language, locale, tag", [("en-US", "en", "en"), ("zh-CN", "zh_CN", "zh-CN")])
def test_screens_speak_the_browser_language(launch_browser, live_server, language, locale, tag):
    browser = launch_browser(language=language)
    wording = messages(locale)
    for path in (OPTIONS, POPUP):
        page = browser.open(path)
        expect(page.locator("html")).to_have_attribute("lang", tag)
        expect(page.locator("#status")).to_have_text(wording["state_not_configured"])
        shown = page.eval_on_selector_all("[data-i18n]", "els => els.map(e => [e.dataset.i18n, e.textContent])")
        assert shown and all(text == wording[key] for key, text in shown), shown
    options = browser.open(OPTIONS)
    expect(options).to_have_title(wording["optionsTitle"])
    pair_in_options(options, live_server.url, wrong_code(live_server.pairing_code))
    expect(options.locator("#status")).to_have_text(wording["state_pairing_code_wrong"].replace("$TRIES$", "4"))
    assert not browser.errors, browser.errors
