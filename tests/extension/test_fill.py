"""Filling the page's reply box: the reply must reach the editor's OWN model, not just the screen.

Every editor page (tests/extension/web_pages/editors/) runs the real library from npm, bundled
by tests/extension/editors/build.sh, and offers `readEditor()`: the text the editor's model holds,
which is what the site would send. A fill that only changes the DOM fails these tests.
"""
from __future__ import annotations

import pytest

from .conftest import ask_tab, tab_id

pytestmark = pytest.mark.browser

# A reply as a seller sends it: paragraphs with blank lines between them, a line break inside
# the signature, accents, Chinese and an emoji (outside the Basic Multilingual Plane).
REPLY = ("Olá Maria,\n\n"
         "Sinto muito pelo atraso. O pacote foi enviado em 12/11 — código de rastreio LP00123456789CN.\n\n"
         "我们会在48小时内回复您。谢谢！🙏\n\n"
         "Atenciosamente,\nLoja Exemplo")
SECOND_REPLY = "Segunda resposta: o reembolso foi aprovado.\n\n退款已批准。"

# Each editor page, and the strategy its editor accepts first (fill/strategies.js, CHAINS).
EDITORS = {
    "textarea": "textfield",
    "react-textarea": "textfield",
    "contenteditable": "execCommand",
    "prosemirror": "paste",
    "draftjs": "paste",
    "quill": "paste",
    "ckeditor5": "paste",
    "slate": "beforeinput",
    "lexical": "beforeinput",
}

# What a seller clicks to type into the box on each editor page.
TYPING_TARGET = "textarea#reply, [contenteditable='true']"


def normalised(text: str) -> str:
    """Line endings and non-breaking spaces as plain text has them; no trailing blank lines."""
    lines = text.replace("\r\n", "\n").replace("\u00a0", " ").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def without_blank_lines(text: str) -> list[str]:
    return [line for line in normalised(text).split("\n") if line.strip()]


def open_page(extension, web_page_server, name: str):
    page = extension.context.new_page()
    page.goto(f"{web_page_server}/editors/{name}.html")
    # Editor bundles set editorReady = false when they start and true once the editor is up.
    page.wait_for_function("() => window.editorReady !== false")
    return page


def type_draft(page, draft: str = "Old draft to be replaced") -> None:
    page.click(TYPING_TARGET)
    page.keyboard.type(draft)


def sent_after_clicking_send(page) -> str:
    page.click("#send")
    return page.text_content("#sent")


def block_event(page, event_type: str) -> None:
    """Make the page swallow `event_type` before its editor sees it (as sites that block pasting do)."""
    page.evaluate("type => window.addEventListener(type, (event) => event.stopImmediatePropagation(), true)",
                  event_type)


# ---- every editor ----------------------------------------------------------------------------

@pytest.mark.parametrize("seller_typed_a_draft", [False, True], ids=["box-untouched", "draft-typed"])
@pytest.mark.parametrize("editor", EDITORS)
def test_reply_reaches_the_editors_model_and_would_be_sent(extension, web_page_server, editor, seller_typed_a_draft):
    page = open_page(extension, web_page_server, editor)
    if seller_typed_a_draft:
        type_draft(page)  # the box has focus and a draft: the reply replaces the draft

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["ok"] and answer["filled"], answer
    assert answer["strategy"] == EDITORS[editor]
    assert answer["tried"] == [EDITORS[editor]]  # the editor's own first choice worked
    assert normalised(page.evaluate("readEditor()")) == normalised(REPLY)
    assert normalised(sent_after_clicking_send(page)) == normalised(REPLY)


@pytest.mark.parametrize("editor", EDITORS)
def test_second_fill_replaces_the_first_without_doubling(extension, web_page_server, editor):
    page = open_page(extension, web_page_server, editor)
    assert ask_tab(extension, page, "fill", text=REPLY)["filled"]

    answer = ask_tab(extension, page, "fill", text=SECOND_REPLY)

    assert answer["filled"], answer
    assert normalised(page.evaluate("readEditor()")) == normalised(SECOND_REPLY)


# ---- the chain falls back, and never claims a fill the editor did not take --------------------

@pytest.mark.parametrize(("editor", "blocked", "fallback"), [
    ("prosemirror", "paste", "execCommand"),
    ("quill", "paste", "execCommand"),
    ("slate", "beforeinput", "paste"),
    ("lexical", "beforeinput", "paste"),
])
def test_when_the_first_strategy_is_blocked_the_next_one_fills_the_box(
        extension, web_page_server, editor, blocked, fallback):
    page = open_page(extension, web_page_server, editor)
    type_draft(page)
    block_event(page, blocked)

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"], answer
    assert answer["strategy"] == fallback
    assert answer["tried"][0] == EDITORS[editor]
    assert normalised(page.evaluate("readEditor()")) == normalised(REPLY)


def test_ckeditor_without_paste_gets_the_paragraphs_by_beforeinput(extension, web_page_server):
    page = open_page(extension, web_page_server, "ckeditor5")
    block_event(page, "paste")

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] and answer["strategy"] == "beforeinput", answer
    # CKEditor's typing turns a blank line into one paragraph break: the lines all arrive, in order.
    assert without_blank_lines(page.evaluate("readEditor()")) == without_blank_lines(REPLY)


def test_draftjs_that_refuses_every_strategy_is_reported_not_filled(extension, web_page_server):
    # Draft.js takes no beforeinput, and execCommand is never tried on it: it would change the
    # screen but not Draft's model, so the seller would send the old draft believing it replaced.
    page = open_page(extension, web_page_server, "draftjs")
    type_draft(page, "Old draft")
    block_event(page, "paste")

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] is False and answer["reason"] == "not_accepted", answer
    assert answer["tried"] == ["paste", "beforeinput"]
    assert page.evaluate("readEditor()") == "Old draft"


def test_field_that_ignores_synthetic_input_is_filled_by_typing_as_the_seller(extension, web_page_server):
    # Some sites keep their own copy of the text and update it only from trusted input events.
    page = open_page(extension, web_page_server, "textarea")
    page.evaluate("""() => {
        const box = document.getElementById("reply");
        let accepted = box.value;
        box.addEventListener("input", (event) => {
            if (event.isTrusted) accepted = box.value; else box.value = accepted;
        });
        window.readEditor = () => accepted;
    }""")

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] and answer["strategy"] == "execCommand", answer
    assert answer["tried"] == ["textfield", "execCommand"]
    assert normalised(page.evaluate("readEditor()")) == normalised(REPLY)


# ---- finding the reply box ----------------------------------------------------------------------

def test_page_without_a_reply_box_says_so(extension, web_page_server):
    page = open_page(extension, web_page_server, "no-box")

    assert ask_tab(extension, page, "fill", text=REPLY) == {
        "ok": True, "filled": False, "reason": "no_reply_box", "tried": []}
    assert ask_tab(extension, page, "findReplyBox") == {"ok": True, "found": False, "box": None, "how": None}
    assert page.input_value("input[name=tracking]") == "LP00123456789CN"  # a one-line field is not a reply box


def test_focused_one_line_field_that_is_not_for_messages_is_left_alone(extension, web_page_server):
    page = open_page(extension, web_page_server, "no-box")
    page.click("input[name=tracking]")

    assert ask_tab(extension, page, "fill", text=REPLY)["reason"] == "no_reply_box"
    assert page.input_value("input[name=tracking]") == "LP00123456789CN"


def test_focused_one_line_message_field_is_filled_on_one_line(extension, web_page_server):
    # Some chat widgets type messages into an <input>: it cannot hold line breaks.
    page = open_page(extension, web_page_server, "no-box")
    page.evaluate("""() => {
        const field = document.createElement("input");
        field.id = "chat";
        field.placeholder = "Type a message…";
        document.body.append(field);
    }""")
    page.click("#chat")

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] and answer["single_line"] is True and answer["found_by"] == "focus", answer
    assert page.input_value("#chat") == " ".join(without_blank_lines(REPLY))


def test_read_only_reply_box_is_not_filled(extension, web_page_server):
    page = open_page(extension, web_page_server, "readonly")

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] is False and answer["reason"] == "read_only", answer
    assert page.input_value("#reply") == "The dispute was closed on 20 Nov."


@pytest.mark.parametrize("label", ["Reply to buyer", "回复买家", "Escreva uma mensagem para o comprador",
                                   "Ответить покупателю", "Antwort an den Käufer", "رد على المشتري", "購入者に返信",
                                   "구매자에게 답장"])
def test_box_labelled_as_the_reply_wins_over_a_bigger_box(extension, web_page_server, label):
    page = open_page(extension, web_page_server, "two-textareas")
    page.evaluate("label => { document.getElementById('answer-label').textContent = label; }", label)

    assert ask_tab(extension, page, "findReplyBox")["box"] == "textarea#answer (textfield)"
    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] and answer["box"] == "textarea#answer (textfield)", answer
    assert normalised(page.input_value("#answer")) == normalised(REPLY)
    assert page.input_value("#note") == ""


def test_box_the_seller_clicked_into_wins(extension, web_page_server):
    page = open_page(extension, web_page_server, "focused")
    page.click("#mediator")

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] and answer["found_by"] == "focus", answer
    assert normalised(page.input_value("#mediator")) == normalised(REPLY)
    assert page.input_value("#reply") == ""


def test_without_focus_the_reply_box_is_found_by_its_label(extension, web_page_server):
    page = open_page(extension, web_page_server, "focused")

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] and answer["found_by"] == "generic" and answer["box"] == "textarea#reply (textfield)"
    assert page.input_value("#mediator") == ""


def test_marketplace_adapter_names_the_reply_box_first(extension, web_page_server):
    page = open_page(extension, web_page_server, "focused")
    page.click("#reply")  # even the focused box gives way to what the adapter knows
    ask_tab(extension, page, "ping")  # inject the content scripts, then stand in for scrape.js's adapter lookup
    extension.service_worker.evaluate("""tabId => chrome.scripting.executeScript({target: {tabId}, func: () => {
        globalThis.DisputeClerkContent.matchAdapter = () => ({replyBox: (doc) => doc.getElementById("mediator")});
    }})""", tab_id(extension, page))

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] and answer["found_by"] == "adapter", answer
    assert normalised(page.input_value("#mediator")) == normalised(REPLY)


def test_an_adapter_can_say_its_page_has_no_reply_box(extension, web_page_server):
    # e.g. an order page whose only text box is the seller's private note
    page = open_page(extension, web_page_server, "focused")
    ask_tab(extension, page, "ping")
    extension.service_worker.evaluate("""tabId => chrome.scripting.executeScript({target: {tabId}, func: () => {
        globalThis.DisputeClerkContent.matchAdapter = () => ({replyBox: () => false});
    }})""", tab_id(extension, page))

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] is False and answer["reason"] == "no_reply_box", answer
    assert page.input_value("#reply") == "" and page.input_value("#mediator") == ""


def test_maxlength_cuts_the_reply_and_says_so(extension, web_page_server):
    page = open_page(extension, web_page_server, "maxlength")

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] and answer["truncated"] is True, answer
    assert page.input_value("#reply") == REPLY[:40]


def test_maxlength_never_splits_an_emoji(extension, web_page_server):
    page = open_page(extension, web_page_server, "maxlength")
    text = "a" * 39 + "🙏 obrigado"  # the 40th UTF-16 unit is the emoji's first half

    answer = ask_tab(extension, page, "fill", text=text)

    assert answer["filled"] and answer["truncated"] is True, answer
    assert page.input_value("#reply") == "a" * 39


def test_reply_fits_without_truncation_when_short_enough(extension, web_page_server):
    page = open_page(extension, web_page_server, "maxlength")

    answer = ask_tab(extension, page, "fill", text="Obrigado!")

    assert answer["filled"] and "truncated" not in answer, answer
    assert page.input_value("#reply") == "Obrigado!"


@pytest.mark.parametrize(("name", "box"), [
    ("shadow", "chat-composer › textarea#message (textfield)"),
    ("shadow-editable", "chat-input › div#message (contenteditable)"),
])
def test_reply_box_inside_an_open_shadow_root(extension, web_page_server, name, box):
    page = open_page(extension, web_page_server, name)

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] and answer["box"] == box, answer
    assert normalised(page.evaluate("readEditor()")) == normalised(REPLY)


def test_reply_box_inside_a_same_origin_frame(extension, web_page_server):
    page = open_page(extension, web_page_server, "iframe")
    page.wait_for_function("() => document.getElementById('composer').contentDocument?.getElementById('reply')")

    answer = ask_tab(extension, page, "fill", text=REPLY)

    assert answer["filled"] and answer["box"] == "textarea#reply (textfield)", answer
    assert normalised(page.evaluate("readEditor()")) == normalised(REPLY)


def test_fill_without_text_is_refused(extension, web_page_server):
    page = open_page(extension, web_page_server, "textarea")

    assert ask_tab(extension, page, "fill", text="  ")["error"]["code"] == "no_text"
    assert page.input_value("#reply") == ""
