// What the server made of the case: the kind of dispute, the buyer's language, what to watch out
// for, and the evidence checklist.

import { t } from "../common/i18n.js";
import { clear, el, show } from "../common/dom.js";
import { DISPUTE_TYPES, REPLY_LANGUAGES, speaksChinese, wordFor } from "../common/words.js";

const disputeType = document.getElementById("dispute-type");
const buyerLanguage = document.getElementById("buyer-language");
const riskBlock = document.getElementById("risk-block");
const riskList = document.getElementById("risk-flags");
const warningBlock = document.getElementById("warning-block");
const warningList = document.getElementById("warnings");
const checklistBlock = document.getElementById("checklist-block");
const checklist = document.getElementById("checklist");

/** Show an assist answer's dispute type, buyer language, risk flags, warnings and checklist. */
export function showAssessment(answer) {
  const type = answer.dispute_type ?? {};
  const confidence = typeof type.confidence === "number" ? Math.round(type.confidence * 100) : null;
  disputeType.textContent = type.value
    ? (confidence === null ? wordFor(DISPUTE_TYPES, type.value)
      : t("popup_with_confidence", [wordFor(DISPUTE_TYPES, type.value), confidence]))
    : t("popup_unknown");
  disputeType.dataset.value = type.value ?? "";

  // The language the buyer writes in (the answer's buyer_language is the reply's language once
  // the seller picked one).
  const detected = answer.buyer_language_detected?.language || answer.buyer_language;
  buyerLanguage.textContent = detected ? `${wordFor(REPLY_LANGUAGES, detected)} (${detected})` : t("popup_unknown");
  buyerLanguage.dataset.value = detected ?? "";

  const zh = speaksChinese();
  clear(riskList);
  for (const flag of Array.isArray(answer.risk_flags) ? answer.risk_flags : []) {
    riskList.append(el("li", { data: { code: flag.code }, dir: "auto",
      text: (zh && flag.message_zh) || flag.message || flag.code }));
  }
  show(riskBlock, riskList.childElementCount > 0);

  clear(warningList);
  for (const warning of Array.isArray(answer.warnings) ? answer.warnings : []) {
    warningList.append(el("li", { dir: "auto", text: String(warning) }));
  }
  show(warningBlock, warningList.childElementCount > 0);

  clear(checklist);
  (Array.isArray(answer.checklist) ? answer.checklist : []).forEach((item, index) => {
    const id = `check-${index}`;
    checklist.append(el("li", {}, [
      el("input", { type: "checkbox", id }),
      " ",
      el("label", { for: id, dir: "auto", text: String(item) }),
    ]));
  });
  show(checklistBlock, checklist.childElementCount > 0);
}
