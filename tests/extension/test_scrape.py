"""Reading marketplace pages: the generic reader, the adapter framework and its two example adapters.

Every page under web_pages/generic/ and web_pages/platforms/<platform>/ has a `<page>.expected.json`
beside it that says what the scrape must find there:

    {"adapter": "generic" | "<adapter id>",       the adapter that must have read the page
     "context": {...},                            a subset of the answer's context: every key listed
                                                  must be there with this value (lists: same length,
                                                  each element a subset)
     "missing": [...],                            optional: exactly the key fields nobody found
     "found": {"order.id": "generic", ...},       optional: where those fields came from
     "health": [{"code": ..., "fields": [...]}],  optional: exactly these health codes (each a subset)
     "must_not_find": ["dispute.id", ...],        optional: fields (dotted paths) that must be absent
     "counts": {"messages": 500},                 optional: how many entries a list field holds
     "first_message": {...}, "last_message": {...}}  optional: the oldest and newest message (subsets)

The pages stand for real marketplace addresses through the <meta name="disputeclerk:url"> test hook,
which the content script honours only on pages served from this computer.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from disputeclerk.schemas import PLATFORMS

from .conftest import ask_tab, tab_id

pytestmark = pytest.mark.browser

WEB_PAGES = Path(__file__).resolve().parent / "web_pages"
EXPECTED = sorted([*WEB_PAGES.glob("generic/*.expected.json"), *WEB_PAGES.glob("platforms/*/*.expected.json")])


def page_of(expected: Path) -> str:
    return expected.relative_to(WEB_PAGES).as_posix().replace(".expected.json", ".html")


def lookup(context: dict, path: str):
    node = context
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def subset_mismatches(expected, actual, where: str = "context") -> list[str]:
    """Where `actual` differs from what `expected` lists (extra keys in `actual` are fine)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        problems = []
        for key, value in expected.items():
            if key not in actual:
                problems.append(f"{where}.{key}: missing (expected {value!r})")
            else:
                problems += subset_mismatches(value, actual[key], f"{where}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: expected {len(expected)} entries, got {actual!r}"]
        problems = []
        for index, (want, got) in enumerate(zip(expected, actual)):
            problems += subset_mismatches(want, got, f"{where}[{index}]")
        return problems
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]


def empty_values(node, where: str = "context") -> list[str]:
    """Fields present but empty: the contract wants a field that was not found left out."""
    if node is None or node == "" or node == [] or node == {}:
        return [where]
    if isinstance(node, dict):
        return [found for key, value in node.items() for found in empty_values(value, f"{where}.{key}")]
    if isinstance(node, list):
        return [found for index, value in enumerate(node) for found in empty_values(value, f"{where}[{index}]")]
    return []


def scrape(extension, web_page_server, path: str) -> dict:
    page = extension.context.new_page()
    page.goto(f"{web_page_server}/{path}")
    answer = ask_tab(extension, page, "scrape")
    assert answer["ok"], answer
    return answer


def run_in_content_world(extension, page, function_source: str):
    """Run `function_source` (a JS function of DC) in the isolated world our content scripts share.

    chrome.scripting.executeScript runs a function in that world by default; the function is
    written into the worker's code here because content scripts may not evaluate strings.
    """
    ask_tab(extension, page, "ping")  # inject the content scripts first, as a click does
    return extension.service_worker.evaluate(
        f"""async (tabId) => {{
            const [result] = await chrome.scripting.executeScript({{
                target: {{tabId, frameIds: [0]}},
                func: () => ({function_source})(globalThis.DisputeClerkContent),
            }});
            return result?.result ?? null;
        }}""", tab_id(extension, page))


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda path: page_of(path))
def test_page_gives_the_expected_context(extension, web_page_server, expected_file):
    expected = json.loads(expected_file.read_text("utf-8"))
    answer = scrape(extension, web_page_server, page_of(expected_file))
    context = answer["context"]

    assert answer["adapter"]["id"] == expected["adapter"]
    problems = subset_mismatches(expected.get("context", {}), context)
    problems += [f"{path}: present but empty (leave it out instead)" for path in empty_values(context)]
    for path in expected.get("must_not_find", []):
        if lookup(context, path) is not None:
            problems.append(f"{path}: must not be found, got {lookup(context, path)!r}")
    if "missing" in expected:
        if sorted(answer["missing"]) != sorted(expected["missing"]):
            problems.append(f"missing: expected {expected['missing']}, got {answer['missing']}")
    for path, count in expected.get("counts", {}).items():
        if len(lookup(context, path) or []) != count:
            problems.append(f"{path}: expected {count} entries, got {len(lookup(context, path) or [])}")
    for key, index in (("first_message", 0), ("last_message", -1)):
        if key in expected:
            problems += subset_mismatches(expected[key], (context.get("messages") or [{}])[index], key)
    problems += subset_mismatches(expected.get("found", {}), answer["found"], "found")
    if "health" in expected:
        problems += subset_mismatches(expected["health"], answer["health"], "health")
    assert not problems, "\n".join(problems)


def test_every_fixture_page_has_an_expectation():
    pages = sorted([*WEB_PAGES.glob("generic/*.html"), *WEB_PAGES.glob("platforms/*/*.html")])
    assert pages
    for page in pages:
        assert page.with_name(f"{page.stem}.expected.json").exists(), f"{page.name} has no expected JSON"


def open_page(extension, web_page_server, path: str):
    page = extension.context.new_page()
    page.goto(f"{web_page_server}/{path}")
    return page


def test_the_text_the_seller_selected_comes_back(extension, web_page_server):
    page = open_page(extension, web_page_server, "generic/ru_messages_labels.html")
    page.evaluate("""() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelectorAll("article p")[0]);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    answer = ask_tab(extension, page, "scrape")
    assert answer["selected_text"] == "Добрый день! Посылка до сих пор не пришла, трек не обновляется."
    assert isinstance(answer["reply_box"], bool)


def test_nothing_selected_gives_an_empty_selection(extension, web_page_server):
    answer = scrape(extension, web_page_server, "generic/en_order_dl.html")
    assert answer["selected_text"] == ""


# A test adapter for the page generic/en_order_dl.html (it stands for sellers.example-market.com):
# registered in the content world the way platforms/*.js register theirs.
TEST_ADAPTER = """DC => {
    DC.registerAdapter({
        id: "test_market",
        platform: "shopify",
        matches: (url) => url.hostname === "sellers.example-market.com",
        pageType: () => "order",
        region: () => "US",
        keyFields: ["order.id", "buyer.name"],
        fields: {
            "buyer.name": () => "Adapter Buyer",
            "order.id": () => null,
            "dispute.reason": () => { throw new Error("selector .reason-box not found"); },
            "order.placed_at": () => { throw new TypeError("Cannot read properties of null"); },
            "order.tracking.number": () => "ADAPTER123456",
        },
    });
    return DC.adapters.map((adapter) => adapter.id);
}"""


def test_adapter_values_win_and_the_generic_reader_fills_in_field_by_field(extension, web_page_server):
    page = open_page(extension, web_page_server, "generic/en_order_dl.html")
    # The marketplace adapters (one per platform, by its id) and the test's own, registered last.
    registered = run_in_content_world(extension, page, TEST_ADAPTER)
    assert registered[-1] == "test_market" and sorted(registered[:-1]) == sorted(PLATFORMS)
    answer = ask_tab(extension, page, "scrape")
    context, found = answer["context"], answer["found"]

    assert answer["adapter"] == {"id": "test_market", "platform": "shopify", "page_type": "order"}
    # What the adapter found is used as is...
    assert context["platform"] == "shopify" and found["platform"] == "adapter"
    assert context["region"] == "US" and found["region"] == "adapter"
    assert context["buyer"]["name"] == "Adapter Buyer" and found["buyer.name"] == "adapter"
    assert context["order"]["tracking"]["number"] == "ADAPTER123456" and found["order.tracking.number"] == "adapter"
    # ...and every field it did not find comes from the generic reader, one by one.
    assert context["order"]["id"] == "702344109187" and found["order.id"] == "generic"
    assert context["order"]["tracking"]["carrier"] == "Correios" and found["order.tracking.carrier"] == "generic"
    assert context["order"]["total"] == {"amount": "23.50", "currency": "USD"} and found["order.total"] == "generic"


def test_a_throwing_field_reader_adds_health_and_the_rest_still_works(extension, web_page_server):
    page = open_page(extension, web_page_server, "generic/en_order_dl.html")
    logged: list[str] = []
    page.on("console", lambda message: logged.append(message.text))
    run_in_content_world(extension, page, TEST_ADAPTER)
    answer = ask_tab(extension, page, "scrape")

    assert answer["ok"]
    failed = [entry for entry in answer["health"] if entry["code"] == "reader_failed"]
    assert len(failed) == 1 and failed[0]["adapter"] == "test_market"
    assert sorted(failed[0]["fields"]) == ["dispute.reason", "order.placed_at"]
    assert "selector .reason-box not found" in failed[0]["detail"]
    # The broken readers' fields fall back to the generic reader; the working ones still count.
    assert answer["context"]["order"]["placed_at"] == "May 3, 2024 8:12 PDT"
    assert answer["found"]["order.placed_at"] == "generic"
    assert answer["context"]["buyer"]["name"] == "Adapter Buyer"
    # order.id is one of the adapter's key fields and it found none: the redesign alarm, logged.
    assert {"code": "selectors_missing", "adapter": "test_market", "fields": ["order.id"]} in answer["health"]
    assert any("test_market" in line and "order.id" in line for line in logged), logged


def test_an_adapter_whose_url_check_throws_is_skipped(extension, web_page_server):
    page = open_page(extension, web_page_server, "platforms/ebay/order_details.html")
    run_in_content_world(extension, page, """DC => {
        DC.adapters.unshift({id: "broken", platform: "wish", matches: () => { throw new Error("bad pattern"); }, fields: {}});
        return DC.adapters.length;
    }""")
    answer = ask_tab(extension, page, "scrape")
    assert answer["adapter"]["id"] == "ebay"
    assert answer["context"]["order"]["id"] == "12-34567-89012"


def test_match_adapter_reads_the_pages_address(extension, web_page_server):
    page = open_page(extension, web_page_server, "platforms/aliexpress/dispute_detail.html")
    assert run_in_content_world(extension, page, "DC => DC.matchAdapter(location)?.id") == "aliexpress"
    assert run_in_content_world(
        extension, page, "DC => DC.matchAdapter(new URL('https://www.ebay.fr/sh/ord/details?orderid=1'))?.id") == "ebay"
    assert run_in_content_world(extension, page, "DC => DC.matchAdapter('https://example.org/orders') ?? null") is None


def test_the_address_hook_is_honoured_only_for_pages_on_this_computer(extension, web_page_server):
    page = open_page(extension, web_page_server, "platforms/aliexpress/dispute_detail.html")
    # Served from 127.0.0.1: the page may say which marketplace address it stands for.
    assert run_in_content_world(extension, page, "DC => DC.pageUrl(document, location).hostname") == "gsp.aliexpress.com"
    # The same tag on a real site changes nothing: that site's own address is used.
    assert run_in_content_world(
        extension, page, "DC => DC.pageUrl(document, new URL('https://shop.example.com/a')).href") == "https://shop.example.com/a"


def test_a_longer_thread_keeps_the_newest_500_messages(extension, web_page_server):
    answer = scrape(extension, web_page_server, "generic/many_messages.html?count=620")
    messages = answer["context"]["messages"]
    assert len(messages) == 500
    assert messages[0]["text"] == "Message number 121 about the parcel that has not arrived yet."
    assert messages[-1]["text"] == "Message number 620 about the parcel that has not arrived yet."


def test_ids_that_are_not_the_order_never_carry_an_order_label(extension, web_page_server):
    """Transaction, payment, parcel and product ids sit next to the order's on seller pages: their
    labels are known (so their values are never read as another field's) but never as the order's."""
    page = open_page(extension, web_page_server, "generic/en_order_dl.html")
    labels = run_in_content_world(extension, page, """DC => ({
        order: DC.generic.labels["order.id"], other: DC.generic.labels._other})""")
    not_order = re.compile(r"transa|payment|parcel|package|shipment|posting|goods|отправлен", re.I)
    assert [label for label in labels["order"] if not_order.search(label)] == []
    assert {"Transaction ID", "Package ID", "ID transakcji", "Отправление"} <= set(labels["other"])


def test_times_in_local_forms_are_read_as_times(extension, web_page_server):
    page = open_page(extension, web_page_server, "generic/en_order_dl.html")
    found = run_in_content_world(extension, page, """DC => [
        DC.dom.dateIn("Le 17/11/2026 à 09h12"),
        DC.dom.dateIn("١٠:١٥ ص ✓✓"),
        DC.dom.isDayWord("Hôm qua"),
        DC.dom.isDayWord("Hôm qua 20:15"),
    ]""")
    assert found == ["17/11/2026 à 09h12", "١٠:١٥", True, False]


def test_the_marketplaces_help_desk_is_the_platform(extension, web_page_server):
    """A desk word with the site's name (or desk words alone) signs the marketplace's messages;
    a shop's own name with "Seller" is still the seller."""
    page = open_page(extension, web_page_server, "generic/en_order_dl.html")
    found = run_in_content_world(extension, page, """DC => [
        "Seller Support", "Partner Support", "eBay Partner Support", "Service client Amazon", "Amazon Care",
        "速卖通客服", "Seller", "Seller · MyShop", "Daniel Okafor",
    ].map((name) => DC.generic.roleOfLabel(name))""")
    assert found == ["platform", "platform", "platform", "platform", "platform", "platform", "seller", "seller", None]
