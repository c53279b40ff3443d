// The conversation and the countdowns the scraper read from the page, so the seller can see what
// Dispute Clerk took into account. Message texts are the buyer's words: text only.

import { t } from "../common/i18n.js";
import { clear, el, show } from "../common/dom.js";
import { SENDERS, wordFor } from "../common/words.js";

const count = document.getElementById("conversation-count");
const details = document.getElementById("conversation-details");
const list = document.getElementById("conversation-list");
const countdowns = document.getElementById("page-countdowns");
const countdownList = document.getElementById("page-countdown-list");

/** Show `context.messages` and `context.page_deadlines` as read from the page. */
export function showConversation(context) {
  const messages = Array.isArray(context?.messages) ? context.messages.filter((m) => m && m.text) : [];
  const fromBuyer = messages.filter((m) => m.from === "buyer").length;
  const fromSeller = messages.filter((m) => m.from === "seller").length;
  count.textContent = messages.length
    ? t("popup_messages_read", [messages.length, fromBuyer, fromSeller])
    : t("popup_no_messages");
  clear(list);
  for (const message of messages) {
    list.append(el("li", { class: "message", data: { from: message.from } }, [
      el("p", { class: "message-meta" }, [
        el("strong", { class: "message-from", text: wordFor(SENDERS, message.from) }),
        message.sent_at ? el("span", { class: "message-time", text: ` · ${message.sent_at}` }) : null,
      ]),
      el("p", { class: "message-text", dir: "auto", text: message.text }),
    ]));
  }
  show(details, messages.length > 0);

  const printed = Array.isArray(context?.page_deadlines) ? context.page_deadlines.filter((d) => d && d.text) : [];
  clear(countdownList);
  for (const deadline of printed) {
    countdownList.append(el("li", { dir: "auto" }, [
      deadline.label ? el("span", { class: "countdown-label", text: `${deadline.label}: ` }) : null,
      el("span", { class: "countdown-text", text: deadline.text }),
    ]));
  }
  show(countdowns, printed.length > 0);
}
