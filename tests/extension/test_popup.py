"""The popup, driven as a seller drives it, on test pages read by the real scraper and answered by a
real `disputeclerk serve`.

The popup is opened as a tab with `?tabId=N` naming the marketplace page (the real toolbar popup is
not a Playwright page). Saving evidence photographs the page, which must then be the tab in front:
those tests bring it to the front before clicking in the popup.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import tab_id

pytestmark = pytest.mark.browser

EXTENSION_DIR = Path(__file__).resolve().parents[2] / "extension"
POPUP = "popup/popup.html"
CJK = re.compile(r"[\u4e00-\u9fff]")


def messages(locale: str) -> dict[str, str]:
    data = json.loads((EXTENSION_DIR / "_locales" / locale / "messages.json").read_text("utf-8"))
    return {key: entry["message"] for key, entry in data.items()}


def wording(key: str, *values, locale: str = "en") -> str:
    """A _locales message with its $PLACEHOLDERS$ filled in order, as chrome.i18n does."""
    text = messages(locale)[key]
    for value in values:
        text = re.sub(r"\$\w+\$", str(value).replace("\\", "\\\\"), text, count=1)
    return text


def open_page(browser, web_page_server: str, name: str):
    page = browser.context.new_page()
    page.goto(f"{web_page_server}/popup/{name}")
    return page


def open_popup(browser, page):
    """The popup for `page`, as the seller sees it after clicking the toolbar button on it."""
    return browser.open(f"{POPUP}?tabId={tab_id(browser, page)}")


def case_answered(popup, case_id: str) -> None:
    expect(popup.locator("#case-id")).to_have_attribute("data-case-id", case_id)
    expect(popup.locator("#results")).to_be_visible()


def pair(browser, live_server) -> None:
    answer = browser.service_worker.evaluate(
        "([serverUrl, code]) => disputeClerkWorker.pair({serverUrl, code})", [live_server.url, live_server.pairing_code])
    assert answer["ok"], answer


# ------------------------------------------------------------------ reading the page, answering


def test_the_case_is_read_from_the_page_and_answered_in_the_buyers_language(paired, web_page_server):
    page = open_page(paired, web_page_server, "dispute.html")
    popup = open_popup(paired, page)

    expect(popup.locator("#field-platform")).to_have_value("aliexpress")
    expect(popup.locator("#field-order-id")).to_have_value("8123456789")
    expect(popup.locator("#field-dispute-id")).to_have_value("5550001234")
    expect(popup.locator("#field-dispute-reason")).to_have_value(re.compile("not as described", re.I))
    expect(popup.locator("#field-buyer-name")).to_have_value("Ana Souza")
    # The conversation the server logged is the one the seller can see here.
    expect(popup.locator("#conversation-list .message")).to_have_count(3)
    expect(popup.locator("#conversation-list .message").first).to_contain_text("a cor está errada")
    expect(popup.locator("#page-countdown-list")).to_contain_text("4 days 23:12:05")

    # Sent without a click: the page named the platform and the order.
    case_answered(popup, "aliexpress-8123456789")
    assert paired.server.call("GET", "/api/v1/cases/aliexpress-8123456789").status_code == 200

    # The marketplace's own countdown wins over the policy, and keeps counting down here.
    from_page = popup.locator('.deadline[data-basis="page"]').first
    countdown = from_page.locator(".countdown")
    expect(countdown).to_have_text(re.compile(r"^4 d 23:1\d:\d\d left$"))
    shown = countdown.text_content()
    expect(countdown).not_to_have_text(shown)
    expect(from_page.locator(".deadline-party")).to_have_text(wording("popup_party_seller"))
    expect(from_page.locator(".deadline-basis")).to_have_text(wording("popup_basis_page"))
    expect(from_page.locator(".deadline-due")).to_be_visible()
    source = from_page.locator(".deadline-source a")
    expect(source).to_have_attribute("href", re.compile(r"^https?://"))
    expect(source).to_have_attribute("target", "_blank")
    expect(source).to_have_attribute("rel", "noopener noreferrer")
    # Nearest first: every computed deadline is at or after the one before it.
    due = popup.eval_on_selector_all(".deadline .countdown", "els => els.map(e => Date.parse(e.dataset.due))")
    assert due == sorted(due) and due, due
    for href in popup.eval_on_selector_all("#deadline-list a", "links => links.map(a => a.href)"):
        assert href.startswith(("http://", "https://")), href

    # A reply in Portuguese, the buyer's language, with the reason it is suggested.
    expect(popup.locator("#buyer-language")).to_have_attribute("data-value", "pt")
    expect(popup.locator("#reply-language")).to_have_value("pt")
    expect(popup.locator("#reply-text")).to_have_attribute("lang", "pt")
    expect(popup.locator("#reply-text")).to_have_value(re.compile(r"Ana"))
    expect(popup.locator("#rationale")).to_be_visible()
    expect(popup.locator("#dispute-type")).to_have_attribute("data-value", "not_as_described")
    expect(popup.locator("#checklist input[type=checkbox]").first).to_be_visible()


def test_switching_tone_or_language_writes_the_reply_again(paired, web_page_server):
    page = open_page(paired, web_page_server, "dispute.html")
    popup = open_popup(paired, page)
    case_answered(popup, "aliexpress-8123456789")
    reply = popup.locator("#reply-text")
    expect(reply).to_have_attribute("lang", "pt")
    warm = reply.input_value()

    popup.select_option("#reply-tone", "firm")
    expect(reply).not_to_have_value(warm)
    expect(popup.locator("#reply-tone")).to_have_value("firm")
    firm = reply.input_value()

    popup.select_option("#reply-language", "es")
    expect(reply).to_have_attribute("lang", "es")
    expect(reply).not_to_have_value(firm)
    expect(popup.locator("#reply-tone")).to_have_value("firm")  # the tone the seller chose stays


def test_the_reply_is_checked_as_the_seller_types(paired, web_page_server):
    page = open_page(paired, web_page_server, "dispute.html")
    popup = open_popup(paired, page)
    case_answered(popup, "aliexpress-8123456789")
    findings = popup.locator("#lint-findings .finding")

    popup.fill("#reply-text", "Olá Ana, escreva para loja.brasil@example.com e resolvemos.")
    email = findings.filter(has_text="loja.brasil@example.com").first
    expect(email).to_have_attribute("data-code", "off_platform_contact")
    expect(email).to_have_attribute("data-severity", "error")

    popup.fill("#reply-text", "Olá Ana, tudo bem?")
    expect(popup.locator("#lint-state")).to_have_text(wording("popup_lint_clean"))
    expect(findings).to_have_count(0)

    popup.fill("#reply-text", "Olá Ana, me chame no WhatsApp.")
    expect(findings.filter(has_text="WhatsApp").first).to_have_attribute("data-code", "off_platform_contact")


# ------------------------------------------------------------------ page actions


def test_fill_reply_types_the_edited_reply_into_the_pages_box(paired, web_page_server):
    page = open_page(paired, web_page_server, "dispute.html")
    popup = open_popup(paired, page)
    case_answered(popup, "aliexpress-8123456789")
    edited = popup.locator("#reply-text").input_value() + "\n\nObrigado pela paciência."
    popup.fill("#reply-text", edited)

    popup.click("#fill-reply")

    expect(page.locator("#reply")).to_have_value(edited)
    expect(popup.locator("#action-result")).to_have_attribute("data-tone", "good")
    expect(popup.locator("#action-result")).to_contain_text("textarea")


def test_without_a_reply_box_the_reply_is_copied_instead(paired, web_page_server):
    page = open_page(paired, web_page_server, "no_order.html")
    popup = open_popup(paired, page)
    popup.fill("#field-order-id", "8123459999")
    popup.click("#update")
    case_answered(popup, "aliexpress-8123459999")
    popup.fill("#reply-text", "Olá! O seu pedido está a caminho; o código de rastreio está na página do pedido.")

    popup.click("#fill-reply")

    result = popup.locator("#action-result")
    expect(result).to_contain_text(wording("popup_fill_copied"))
    expect(result).to_contain_text(wording("popup_fill_reason_no_reply_box"))
    # The browser's clipboard, read back by a page allowed to (extension pages cannot be granted that).
    paired.context.grant_permissions(["clipboard-read"], origin=web_page_server)
    page.bring_to_front()
    assert page.evaluate("() => navigator.clipboard.readText()") == popup.locator("#reply-text").input_value()


def test_save_evidence_shows_the_fingerprint_the_server_stored(paired, web_page_server):
    page = open_page(paired, web_page_server, "dispute.html")
    popup = open_popup(paired, page)
    case_answered(popup, "aliexpress-8123456789")
    page.bring_to_front()  # the page is photographed: it must be the tab shown in its window

    popup.click("#save-evidence")

    hash_element = popup.locator("#evidence-sha256")
    expect(hash_element).to_have_attribute("data-sha256", re.compile(r"^[0-9a-f]{64}$"))
    sha256 = hash_element.get_attribute("data-sha256")
    expect(hash_element).to_have_text(f"{sha256[:16]}…")
    expect(hash_element).to_have_attribute("title", sha256)
    expect(popup.locator("#evidence-sha256-full")).to_have_text(sha256)
    expect(popup.locator(".evidence-chain")).to_be_visible()
    evidence_id = popup.locator("#evidence-result").get_attribute("data-evidence-id")
    case = paired.server.call("GET", "/api/v1/cases/aliexpress-8123456789").json()
    [stored] = [entry for entry in case["timeline"] if entry.get("evidence_id") == evidence_id]
    assert {part["name"]: part["sha256"] for part in stored["parts"]}["html"] == sha256

    popup.click("#save-evidence")

    expect(popup.locator("#evidence-result")).to_have_attribute("data-duplicate", "true")
    expect(popup.locator(".evidence-duplicate")).to_have_text(wording("popup_evidence_duplicate"))
    expect(popup.locator(".evidence-messages")).to_have_attribute("data-added", "0")


# ------------------------------------------------------------------ the seller corrects the page


def test_an_edited_order_id_files_the_page_under_the_new_case(paired, web_page_server):
    page = open_page(paired, web_page_server, "dispute.html")
    popup = open_popup(paired, page)
    case_answered(popup, "aliexpress-8123456789")

    popup.fill("#field-order-id", "8123450099")
    popup.click("#update")

    case_answered(popup, "aliexpress-8123450099")
    case = paired.server.call("GET", "/api/v1/cases/aliexpress-8123450099")
    assert case.status_code == 200
    assert case.json()["order_id"] == "8123450099"
    assert case.json()["dispute"]["reason"] == popup.locator("#field-dispute-reason").input_value()


def test_a_missing_order_id_is_asked_for_before_anything_is_filed(paired, web_page_server):
    page = open_page(paired, web_page_server, "no_order.html")
    popup = open_popup(paired, page)

    field = popup.locator('.field[data-path="order.id"]')
    expect(field).to_have_class(re.compile(r"\bis-missing\b"))
    expect(field.locator(".field-note")).to_have_text(wording("popup_not_found"))
    expect(popup.locator("#fill-prompt")).to_be_visible()
    expect(popup.locator("#conversation-count")).to_have_text(wording("popup_messages_read", 1, 1, 0))
    expect(popup.locator("#results")).to_be_hidden()
    assert paired.server.call("GET", "/api/v1/cases").json()["total"] == 0

    popup.fill("#field-order-id", "8123459999")
    expect(field.locator(".field-note")).to_be_hidden()
    popup.click("#update")

    case_answered(popup, "aliexpress-8123459999")
    expect(popup.locator("#fill-prompt")).to_be_hidden()


def test_the_servers_field_errors_are_shown_next_to_the_fields(paired, web_page_server):
    page = open_page(paired, web_page_server, "dispute.html")
    popup = open_popup(paired, page)
    case_answered(popup, "aliexpress-8123456789")

    popup.fill("#field-order-id", "9" * 201)  # the server files order ids of at most 200 characters
    popup.click("#update")

    error = popup.locator('.field[data-path="order.id"] .field-error')
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(popup.locator("#field-order-id")).to_have_attribute("aria-invalid", "true")
    expect(popup.locator("#assist-state")).to_have_text(wording("popup_fix_fields"))

    popup.fill("#field-order-id", "8123456789")
    popup.click("#update")
    expect(error).to_be_hidden()


def test_a_server_that_stopped_is_said_not_hidden(paired, web_page_server):
    page = open_page(paired, web_page_server, "dispute.html")
    popup = open_popup(paired, page)
    case_answered(popup, "aliexpress-8123456789")

    paired.server.stop()
    popup.click("#update")

    expect(popup.locator("#assist-state")).to_have_attribute("data-tone", "problem")
    expect(popup.locator("#status")).to_have_attribute("data-state", "server_unreachable")
    expect(popup.locator("#status-command")).to_be_visible()
    expect(popup.locator("#update")).to_be_enabled()


# ------------------------------------------------------------------ states


def test_not_set_up_shows_only_the_state_and_the_settings_link(extension, web_page_server):
    page = open_page(extension, web_page_server, "dispute.html")
    popup = open_popup(extension, page)

    expect(popup.locator("#status")).to_have_attribute("data-state", "not_configured")
    expect(popup.locator("#open-options")).to_be_visible()
    expect(popup.locator("#open-options")).to_have_text(wording("openOptions"))
    expect(popup.locator("#workspace")).to_be_hidden()
    expect(popup.locator("#page-problem")).to_be_hidden()


def test_a_page_extensions_cannot_read_is_said_plainly(paired):
    page = paired.context.new_page()
    page.goto("chrome://version")
    popup = open_popup(paired, page)

    expect(popup.locator("#page-problem")).to_have_text(wording("popup_page_not_readable"))
    expect(popup.locator("#page-problem")).to_have_attribute("data-code", "page_not_readable")
    expect(popup.locator("#workspace")).to_be_hidden()


def test_the_popup_speaks_chinese_in_a_chinese_browser(launch_browser, live_server, web_page_server):
    browser = launch_browser(language="zh-CN")
    pair(browser, live_server)
    zh = messages("zh_CN")
    page = open_page(browser, web_page_server, "dispute.html")
    popup = open_popup(browser, page)
    case_answered(popup, "aliexpress-8123456789")

    expect(popup.locator("html")).to_have_attribute("lang", "zh-CN")
    shown = popup.eval_on_selector_all("[data-i18n]", "els => els.map(e => [e.dataset.i18n, e.textContent])")
    assert shown and all(text == zh[key] for key, text in shown), shown
    expect(popup.locator("#field-platform option:checked")).to_have_text(zh["popup_platform_aliexpress"])
    # What the server writes for the seller comes in Chinese too; the reply stays Portuguese.
    expect(popup.locator("#rationale")).to_have_text(CJK)
    expect(popup.locator(".deadline-label").first).to_have_text(CJK)
    expect(popup.locator("#checklist label").first).to_have_text(CJK)
    expect(popup.locator("#reply-text")).to_have_attribute("lang", "pt")
    popup.fill("#reply-text", "Olá, fale comigo no WhatsApp.")
    expect(popup.locator("#lint-findings .finding-message").first).to_have_text(CJK)
    assert not browser.errors, browser.errors


# ------------------------------------------------------------------ the page is data, never code


def test_html_written_by_the_buyer_is_shown_as_text_and_never_run(paired, web_page_server):
    page = open_page(paired, web_page_server, "xss.html")
    popup = open_popup(paired, page)
    case_answered(popup, "aliexpress-8123450001")

    conversation = popup.locator("#conversation-list .message-text")
    expect(conversation.nth(0)).to_have_text('<img src=x onerror="window.pwned=1">')
    expect(conversation.nth(1)).to_have_text("<script>window.pwned=2</script> where is my parcel?")
    expect(popup.locator("#field-buyer-name")).to_have_value('<img src=x onerror="window.pwned=3">')
    expect(popup.locator("#field-dispute-reason")).to_have_value(re.compile(r"<script>window\.pwned=4</script>"))
    assert popup.evaluate("() => window.pwned") is None
    assert page.evaluate("() => window.pwned") is None
    assert popup.locator("img").count() == 0
    scripts = popup.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
    assert scripts == ["popup.js"], scripts  # only the popup's own module


def test_a_page_of_overrides_control_characters_emoji_and_a_200_kb_message_is_answered_as_text(
        paired, web_page_server):
    page = open_page(paired, web_page_server, "hostile.html")
    popup = open_popup(paired, page)
    case_answered(popup, "aliexpress-8123450002")

    sent = page.evaluate("() => window.HOSTILE.messages")
    shown = popup.locator("#conversation-list .message-text").all_text_contents()
    assert len(shown) == len(sent) == 5
    # The 200 KB message arrives capped at the extension's 20,000 characters (UTF-16 units, as
    # JavaScript counts), cut on a whole character.
    assert shown[0].startswith("<script>window.pwned=6</script> my parcel 👍🏽")
    assert 19_990 < len(shown[0].encode("utf-16-le")) // 2 <= 20_000 and sent[0].startswith(shown[0])
    assert shown[1] == "ESC[31m NUL BEL LS\u2028PS\u2029 where is my parcel?"  # control characters dropped
    assert shown[2] == "where is my refund — أين استرداد أموالي؟"  # the override dropped, the Arabic kept
    assert shown[3] == sent[3]  # ZWJ sequences, flags and skin tones intact
    assert shown[4] == sent[4]  # the browser draws the lone surrogate as U+FFFD
    expect(popup.locator("#field-buyer-name")).to_have_value("aنا Souza 👩‍👩‍👧")
    # The server logged what the popup shows, and still answers with replies to choose from.
    timeline = paired.server.call("GET", "/api/v1/cases/aliexpress-8123450002").json()["timeline"]
    assert [entry["text"] for entry in timeline] == shown[:4] + [shown[4].replace("\ud800", "\ufffd")]
    expect(popup.locator("#suggestion option").first).to_be_attached()
    expect(popup.locator("#reply-text")).not_to_have_value("")
    expect(popup.locator("#deadline-list .deadline").first).to_be_attached()
    assert popup.locator("img").count() == 0
    assert popup.evaluate("() => window.pwned") is None and page.evaluate("() => window.pwned") is None


def test_every_message_the_popup_uses_exists_in_both_languages():
    code = "\n".join(path.read_text("utf-8") for folder in ("popup", "common")
                     for path in sorted((EXTENSION_DIR / folder).iterdir()) if path.suffix in (".js", ".html"))
    used = set(re.findall(r'"(popup_\w+)"', code)) | set(re.findall(r'data-i18n="(\w+)"', code))
    used |= set(re.findall(r'\bt\("(\w+)"', code))
    assert len(used) > 100, "found too few message keys: the patterns above are out of date"
    for locale in ("en", "zh_CN"):
        assert used - set(messages(locale)) == set(), locale


def test_the_toolbar_popup_works_on_the_tab_in_front(paired, web_page_server):
    page = open_page(paired, web_page_server, "dispute.html")
    settings = paired.open("options/options.html")  # an extension page, to look into the popup from
    page.bring_to_front()

    paired.service_worker.evaluate("() => chrome.action.openPopup()")

    settings.wait_for_function(
        "() => chrome.extension.getViews({type: 'popup'})[0]?.document.getElementById('case-id')?.dataset.caseId"
        " === 'aliexpress-8123456789'")
