"""The generic scraper on seller pages it has never seen: a held-out set, scored.

`web_pages/unseen/` holds 16 invented back-office pages of marketplaces and helpdesks that have no
Dispute Clerk adapter: order, return/dispute and message pages in eleven languages, each built a
different way (tables, definition lists, "Label: value" lines, bubbles aligned left/right or only
named, newest-first threads, CSS-in-JS class names, open shadow roots, a script-rendered app, an
order id only in the address). Beside each `<name>.html` is `<name>.expected.json`: what a careful
person reads on that page, in the shape of the scrape answer's `context`:

    {"url_query": "?orderId=…",                      optional, appended to the page's address
     "expected": {"order": {"id": "…"},
                  "messages": [{"from": "buyer|seller|platform", "text_contains": "…"}, …],
                                                     the visible conversation, oldest first
                  "page_deadlines_text_contains": ["…"],
                  "dispute": {"reason_contains": "…"}},
     "must_not_find_order_ids": ["…"]}               phones, tracking numbers, ticket and claim
                                                     numbers, other orders on the same page

The pages were written without reading the scraper's code and are never edited to make it pass:
they measure it. So the scraper is held to floors over the whole set rather than to every page
(FLOORS below: the order id right, the conversation's senders and order right, the page's own
countdown found, each as a share of the pages that show one), and never one of the ids a page
lists as not the order. The dispute
reason is scored and printed but has no floor. Run with -s to see the per-page table.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import ask_tab

pytestmark = pytest.mark.browser

WEB_PAGES = Path(__file__).resolve().parent / "web_pages"
# Two held-out sets by two authors, each with its page count. `unseen/` was read by the engineer
# who tuned the scraper after its first measurement (issue 5's closing note gives both scores);
# `unseen2/` was written afterwards and has not been looked at by anyone working on the scraper.
SETS = {"unseen": 16, "unseen2": 14}
PAGES = sorted(f"{folder}/{path.name.removesuffix('.expected.json')}"
               for folder in SETS for path in (WEB_PAGES / folder).glob("*.expected.json"))
SENDERS = {"buyer", "seller", "platform"}

# Floors per set: order id, conversation, countdown. `unseen/` is held to the goals set before the
# first measurement. `unseen2/` (never read while tuning) measured 11/14, 7/13, 8/12 at first look
# and 12/14, 8/13, 9/12 after a round written from a description of its failures; its floors guard
# that level against regressions while the conversation and countdown goals are still open.
FLOORS = {"unseen": (0.80, 0.70, 0.80), "unseen2": (0.80, 0.60, 0.70)}

# Everything a person sees on the page, open shadow roots included (innerText leaves out what is
# hidden, so a hidden tab's order numbers do not count as visible).
VISIBLE_TEXT = """() => {
  const parts = [document.body.innerText];
  const walk = (root) => {
    for (const element of root.querySelectorAll("*")) {
      if (!element.shadowRoot) continue;
      for (const child of element.shadowRoot.children) {
        if (!["STYLE", "SCRIPT", "TEMPLATE"].includes(child.tagName)) parts.push(child.innerText);
      }
      walk(element.shadowRoot);
    }
  };
  walk(document);
  return parts.join("\\n");
}"""


def spec(name: str) -> dict:
    return json.loads((WEB_PAGES / f"{name}.expected.json").read_text("utf-8"))


def squeeze(text: str | None) -> str:
    """Whitespace collapsed and case folded: how texts are compared."""
    return re.sub(r"\s+", " ", text or "").strip().casefold()


def id_key(value: str | None) -> str:
    """An id as compared: '#', '№' and spaces do not matter; an id without letters (a phone, a
    tracking or order number written in groups) is compared by its digits alone."""
    text = re.sub(r"\s+", "", str(value or "")).lstrip("#№").upper()
    if not re.search(r"[^\W\d_]", text):
        return re.sub(r"\D", "", text)
    return text


def open_unseen(extension, web_page_server, name: str, page_errors: list | None = None):
    page = extension.context.new_page()
    if page_errors is not None:
        page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.goto(f"{web_page_server}/{name}.html{spec(name).get('url_query', '')}")
    # Script-built pages mark themselves ready once rendered, like a seller waiting for the page.
    page.wait_for_selector("html[data-ready=yes]", state="attached")
    return page


@dataclass
class PageScore:
    name: str
    error: str = ""
    order: bool | None = None          # None: the page names no order
    order_got: str | None = None
    forbidden: list[str] = field(default_factory=list)
    messages: bool | None = None       # None: no conversation on the page
    messages_note: str = ""
    deadlines: bool | None = None
    deadlines_note: str = ""
    reason: bool | None = None
    reason_got: str | None = None


def score_messages(expected: list[dict], got: list[dict]) -> tuple[bool, str]:
    """Every expected message found in order (oldest first), each from the right sender; other
    messages in between (a system notice, an internal note) are allowed."""
    start, right = 0, 0
    for number, wanted in enumerate(expected, 1):
        needle = squeeze(wanted["text_contains"])
        at = next((i for i in range(start, len(got)) if needle in squeeze(got[i].get("text"))), None)
        if at is None:
            anywhere = any(needle in squeeze(message.get("text")) for message in got)
            return False, f"{right}/{len(expected)}: #{number} {'out of order' if anywhere else 'missing'}"
        if got[at].get("from") != wanted["from"]:
            return False, f"{right}/{len(expected)}: #{number} from {got[at].get('from')!r}, not {wanted['from']!r}"
        right, start = right + 1, at + 1
    return True, f"{right}/{len(expected)}"


def score_page(name: str, answer: dict) -> PageScore:
    page_spec = spec(name)
    expected = page_spec["expected"]
    score = PageScore(name)
    if not isinstance(answer, dict) or not answer.get("ok"):
        score.error = json.dumps(answer, ensure_ascii=False)[:200]
        answer = {}
    context = answer.get("context") or {}

    got_id = (context.get("order") or {}).get("id")
    score.order_got = got_id
    if "order" in expected:
        score.order = got_id is not None and id_key(got_id) == id_key(expected["order"]["id"])
    if got_id is not None:
        score.forbidden = [bad for bad in page_spec.get("must_not_find_order_ids", []) if id_key(bad) == id_key(got_id)]

    if "messages" in expected:
        score.messages, score.messages_note = score_messages(expected["messages"], context.get("messages") or [])

    if "page_deadlines_text_contains" in expected:
        found = [squeeze(f"{item.get('label', '')} {item.get('text', '')}") for item in context.get("page_deadlines") or []]
        missing = [text for text in expected["page_deadlines_text_contains"] if not any(squeeze(text) in item for item in found)]
        score.deadlines = not missing
        score.deadlines_note = f"missing {missing}; got {found}" if missing else ""

    if "dispute" in expected:
        score.reason_got = (context.get("dispute") or {}).get("reason")
        score.reason = squeeze(expected["dispute"]["reason_contains"]) in squeeze(score.reason_got)
    return score


def mark(result: bool | None) -> str:
    return "-" if result is None else ("ok" if result else "FAIL")


def report(scores: list[PageScore]) -> str:
    lines = [f"{'page':28} {'order':6} {'messages':9} {'deadline':9} {'reason':7} details"]
    for s in scores:
        details = []
        if s.error:
            details.append(f"answer: {s.error}")
        elif s.order is False or (s.order is None and s.order_got):
            details.append(f"order id {s.order_got!r}" + (" (the page names no order)" if s.order is None else ""))
        if s.forbidden:
            details.append(f"NOT-THE-ORDER id returned: {s.forbidden}")
        if s.messages is False and not s.error:
            details.append(f"messages {s.messages_note}")
        if s.deadlines is False and not s.error:
            details.append(f"deadline {s.deadlines_note}")
        if s.reason is False and not s.error:
            details.append(f"reason {s.reason_got!r}")
        lines.append(f"{s.name:28} {mark(s.order):6} {mark(s.messages):9} {mark(s.deadlines):9} {mark(s.reason):7} "
                     + "; ".join(details))
    for label, results in rates(scores).items():
        right, total = results
        lines.append(f"{label}: {right}/{total}" + (f" = {right / total:.0%}" if total else ""))
    return "\n".join(lines)


def rates(scores: list[PageScore]) -> dict[str, tuple[int, int]]:
    def rate(values):
        values = [value for value in values if value is not None]
        return sum(values), len(values)
    return {
        "order id right": rate(s.order for s in scores),
        "conversation right": rate(s.messages for s in scores),
        "countdown found": rate(s.deadlines for s in scores),
        "dispute reason found (no floor)": rate(s.reason for s in scores),
        "pages returning a not-the-order id": (sum(bool(s.forbidden) for s in scores), len(scores)),
    }


@pytest.mark.parametrize("folder", SETS)
def test_the_held_out_set_is_complete_and_self_contained(folder):
    names = [name for name in PAGES if name.startswith(f"{folder}/")]
    assert len(names) == SETS[folder]
    assert sorted(f"{folder}/{path.stem}" for path in (WEB_PAGES / folder).glob("*.html")) == names, \
        "every page has its expectation and back"
    countdown_languages = set()
    for name in names:
        page_spec = spec(name)
        assert set(page_spec) <= {"about", "url_query", "expected", "must_not_find_order_ids"}, name
        expected = page_spec["expected"]
        assert set(expected) <= {"order", "messages", "page_deadlines_text_contains", "dispute"}, name
        assert page_spec.get("must_not_find_order_ids"), f"{name}: every page carries ids that are not the order"
        for message in expected.get("messages", []):
            assert message["from"] in SENDERS and message["text_contains"].strip(), name
        if "order" in expected:
            order_key = id_key(expected["order"]["id"])
            assert order_key not in {id_key(bad) for bad in page_spec["must_not_find_order_ids"]}, name
        html = (WEB_PAGES / f"{name}.html").read_text("utf-8")
        # Nothing is fetched from the internet: no remote scripts, styles, images or fonts.
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", html), name
        if expected.get("page_deadlines_text_contains"):
            countdown_languages.add(re.search(r'<html[^>]*\blang="([a-z]+)', html).group(1))
    assert len(countdown_languages) >= 5, countdown_languages


def perfect_answer(name: str) -> dict:
    """The answer a scraper that reads exactly what the expectation says would give."""
    expected = spec(name)["expected"]
    context = {"url": f"http://example.test/{name}"}
    if "order" in expected:
        context["order"] = {"id": expected["order"]["id"]}
    if "messages" in expected:
        context["messages"] = [{"from": m["from"], "text": f"… {m['text_contains']} …"} for m in expected["messages"]]
    if "page_deadlines_text_contains" in expected:
        context["page_deadlines"] = [{"label": "", "text": text} for text in expected["page_deadlines_text_contains"]]
    if "dispute" in expected:
        context["dispute"] = {"reason": expected["dispute"]["reason_contains"]}
    return {"ok": True, "context": context}


def test_the_score_passes_a_faithful_reading_and_catches_each_kind_of_mistake():
    for name in PAGES:
        faithful = score_page(name, perfect_answer(name))
        assert (faithful.order, faithful.messages, faithful.deadlines, faithful.reason, faithful.forbidden) == (
            True if "order" in spec(name)["expected"] else None,
            True if "messages" in spec(name)["expected"] else None,
            True if "page_deadlines_text_contains" in spec(name)["expected"] else None,
            True if "dispute" in spec(name)["expected"] else None,
            []), name

    answer = perfect_answer("unseen/lazada_chat_en")
    answer["context"]["order"]["id"] = "#512 938 475 610 284"          # another buyer's order, spaced out
    answer["context"]["messages"][1]["from"] = "buyer"                  # a seller bubble read as the buyer's
    answer["context"]["messages"].append(answer["context"]["messages"].pop(0))  # oldest message last
    wrong = score_page("unseen/lazada_chat_en", answer)
    assert (wrong.order, wrong.forbidden, wrong.messages) == (False, ["512938475610284"], False)

    answer = perfect_answer("unseen/shopee_return_en")
    answer["context"]["page_deadlines"] = [{"label": "Respond within", "text": "2 days"}]  # the clock cut short
    answer["context"]["order"]["id"] = "+65 9000 4521"                                    # the buyer's phone
    wrong = score_page("unseen/shopee_return_en", answer)
    assert (wrong.deadlines, wrong.forbidden) == (False, ["+65 9000 4521"])
    assert score_page("unseen/shopee_return_en", {"ok": False, "error": {"code": "page_error"}}).order is False


@pytest.mark.parametrize("name", PAGES)
def test_a_careful_reader_sees_everything_expected(extension, web_page_server, name):
    """The expectations are fair: all of it is visible on the page (or, for the order id, in the
    address), and every decoy id is really on the page to be mistaken for the order."""
    page_spec = spec(name)
    expected = page_spec["expected"]
    page_errors: list[str] = []
    page = open_unseen(extension, web_page_server, name, page_errors)
    try:
        visible = squeeze(page.evaluate(VISIBLE_TEXT))
        wanted = [message["text_contains"] for message in expected.get("messages", [])]
        wanted += expected.get("page_deadlines_text_contains", [])
        wanted += [expected["dispute"]["reason_contains"]] if "dispute" in expected else []
        assert [text for text in wanted if squeeze(text) not in visible] == []
        # A decoy may also sit in the page unseen (a hidden tab): a scraper must not read it either.
        in_page = visible + squeeze(page.content())
        assert [bad for bad in page_spec["must_not_find_order_ids"] if squeeze(bad) not in in_page] == []
        if "order" in expected:
            order_id = squeeze(expected["order"]["id"])
            if "url_query" in page_spec:
                # The page's premise: the order id is in the address and nowhere on the page.
                assert order_id in squeeze(page.url)
                assert order_id not in visible
                assert order_id not in squeeze((WEB_PAGES / f"{name}.html").read_text("utf-8"))
            else:
                assert order_id in visible
        assert page_errors == []
    finally:
        page.close()


@pytest.mark.parametrize("folder", SETS)
def test_the_generic_scraper_reads_pages_it_has_never_seen(extension, web_page_server, folder):
    scores = []
    for name in (name for name in PAGES if name.startswith(f"{folder}/")):
        page = open_unseen(extension, web_page_server, name)
        try:
            answer = ask_tab(extension, page, "scrape")
        except Exception as error:  # noqa: BLE001 - a page the scraper cannot answer scores zero
            answer = {"ok": False, "error": {"code": "ask_failed", "detail": str(error)[:160]}}
        finally:
            page.close()
        scores.append(score_page(name, answer))

    table = report(scores)
    print("\n" + table)
    measured = rates(scores)
    assert measured["pages returning a not-the-order id"][0] == 0, table
    for label, floor in zip(("order id right", "conversation right", "countdown found"), FLOORS[folder]):
        right, total = measured[label]
        assert right >= floor * total, f"{label}: {right}/{total} is under the {floor:.0%} floor\n{table}"
