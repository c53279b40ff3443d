// The toolbar popup: the seller's whole visit on a marketplace page.
//
// 1. Is Dispute Clerk ready? If not, only the connection state, what to run and the settings.
// 2. Read the page (scrapePage) and show the case as editable fields.
// 3. Ask the server (assist) once the platform and an order or dispute id are known; again on
//    Update, and when the seller switches the reply's language or tone.
// 4. Deadlines, what the dispute is about, the reply (checked live), and the page actions:
//    fill the reply box, copy, save evidence.
//
// Every string from the page or the server is shown with textContent or as a form value
// (see dom.js); the popup runs under the default MV3 content security policy.

import { ask, showState } from "../common/connection.js";
import { localizePage, t } from "../common/i18n.js";
import { showAssessment } from "./assessment.js";
import { showConversation } from "./conversation.js";
import { showDeadlines } from "../common/deadlines.js";
import { el, show } from "../common/dom.js";
import {
  clearFieldErrors, editedContext, fieldLabel, fieldValue, fillFields, initFields, markField, missingIdentity,
  showFieldErrors,
} from "./fields.js";
import {
  chosenSuggestion, initReplies, lockSwitches, replyChoices, replyText, showSuggestions,
} from "./replies.js";
import { speaksChinese } from "../common/words.js";

// Error codes that are a connection state (common/connection.js words them, with the command).
const CONNECTION_STATES = new Set([
  "not_configured", "server_unreachable", "not_paired", "token_rejected", "incompatible", "server_error",
]);

const statusView = {
  line: document.getElementById("status"),
  command: document.getElementById("status-command"),
};
const pageProblem = document.getElementById("page-problem");
const deadlineView = {
  list: document.getElementById("deadline-list"),
  none: document.getElementById("no-deadlines"),
};
const workspace = document.getElementById("workspace");
const caseLine = document.getElementById("case-id");
const healthNotice = document.getElementById("health-notice");
const fillPrompt = document.getElementById("fill-prompt");
const caseForm = document.getElementById("case-form");
const assistState = document.getElementById("assist-state");
const results = document.getElementById("results");
const actionResult = document.getElementById("action-result");
const evidenceResult = document.getElementById("evidence-result");
const buttons = {
  update: document.getElementById("update"),
  fill: document.getElementById("fill-reply"),
  copy: document.getElementById("copy-reply"),
  save: document.getElementById("save-evidence"),
};

const session = {
  tabId: null,
  tab: null, // {id, url, title} as the worker saw it
  scraped: null, // the scraper's context, as read
  caseId: null, // from the last assist answer: where evidence goes
  busy: 0,
};

document.getElementById("open-options").addEventListener("click", (event) => {
  // openOptionsPage reuses an open settings tab instead of opening a second one.
  event.preventDefault();
  chrome.runtime.openOptionsPage();
  window.close();
});

// ------------------------------------------------------------------ small helpers

/** A line that says what is going on: tone busy | good | warning | problem. */
function say(element, tone, text) {
  element.textContent = text;
  element.dataset.tone = tone;
  show(element, Boolean(text));
}

function setBusy(on) {
  session.busy += on ? 1 : -1;
  refreshButtons();
}

/** Buttons wait while the server or the page is asked; Save evidence also needs a case. */
function refreshButtons() {
  const busy = session.busy > 0;
  document.body.dataset.busy = String(busy);
  buttons.update.disabled = busy;
  buttons.fill.disabled = busy;
  buttons.copy.disabled = busy;
  buttons.save.disabled = busy || !session.caseId;
  lockSwitches(busy);
}

/** What went wrong, in one short phrase for the seller (the server's own message when it has one). */
function reasonOf(error) {
  return error?.message || error?.detail || error?.code || t("popup_unknown");
}

/** The tab the popup works on: ?tabId=N (tests, or a popup opened for another tab), else the active tab. */
async function targetTabId() {
  const given = new URLSearchParams(location.search).get("tabId");
  if (given !== null && /^\d+$/.test(given)) {
    return Number(given);
  }
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

// ------------------------------------------------------------------ reading the page

function cannotRead(error) {
  show(workspace, false);
  const text = error?.code === "page_not_readable" || error?.code === "no_tab"
    ? t("popup_page_not_readable")
    : t("popup_page_failed", [reasonOf(error)]);
  say(pageProblem, "problem", text);
  pageProblem.dataset.code = error?.code ?? "";
  say(assistState, "", "");
}

async function readPage() {
  session.tabId = await targetTabId();
  if (session.tabId === null) {
    cannotRead({ code: "no_tab" });
    return;
  }
  say(assistState, "busy", t("popup_reading_page"));
  const answer = await ask({ type: "scrapePage", tabId: session.tabId });
  if (!answer.ok) {
    console.info("[disputeclerk] the page could not be read:", answer.error?.code);
    cannotRead(answer.error);
    return;
  }
  session.tab = answer.tab ?? null;
  const scrape = answer.scrape ?? {};
  session.scraped = { ...(scrape.context ?? {}) };
  // The tab knows the address and title even when the scraper did not say.
  session.scraped.url ??= session.tab?.url;
  session.scraped.title ??= session.tab?.title;
  fillFields(session.scraped, Array.isArray(scrape.missing) ? scrape.missing : []);
  show(healthNotice, Array.isArray(scrape.health) && scrape.health.length > 0);
  showConversation(session.scraped);
  show(workspace, true);
  say(assistState, "", "");
  if (missingIdentity().length) {
    askForIdentity();
    return;
  }
  await runAssist();
}

/** The server cannot file a case without a platform and an order or dispute id: ask the seller. */
function askForIdentity() {
  for (const path of missingIdentity()) {
    markField(path, true);
  }
  show(fillPrompt, true);
}

// ------------------------------------------------------------------ asking the server

/**
 * POST /assist with the page as the seller has corrected it. `keepEdits`: an Update keeps a reply
 * the seller has edited; a language or tone switch replaces it.
 */
async function runAssist({ keepEdits = false } = {}) {
  if (session.busy > 0) {
    return; // Enter in a field while the server is still answering: one question at a time
  }
  if (missingIdentity().length) {
    askForIdentity();
    say(assistState, "problem", t("popup_fill_prompt"));
    return;
  }
  show(fillPrompt, false);
  const context = {
    ...editedContext(session.scraped),
    ...replyChoices(),
    ui_language: speaksChinese() ? "zh" : "en",
  };
  setBusy(true);
  say(assistState, "busy", t("popup_asking_server"));
  let answer;
  try {
    answer = await ask({ type: "assist", context });
  } finally {
    setBusy(false);
  }
  if (!answer.ok) {
    assistFailed(answer.error ?? {});
    return;
  }
  clearFieldErrors();
  say(assistState, "", "");
  showAnswer(answer.answer ?? {}, { keepEdits });
}

function assistFailed(error) {
  console.info("[disputeclerk] assist failed:", error.code);
  if (error.code === "invalid_fields") {
    showFieldErrors(error.fields);
    say(assistState, "problem", t("popup_fix_fields"));
    return;
  }
  if (CONNECTION_STATES.has(error.code)) {
    // The same words and command as when the popup opens in that state.
    showState(statusView, error.code, error);
  }
  say(assistState, "problem", t("popup_assist_failed", [reasonOf(error)]));
}

function showAnswer(answer, { keepEdits }) {
  session.caseId = typeof answer.case_id === "string" ? answer.case_id : null;
  caseLine.textContent = session.caseId ? t("popup_case_id", [session.caseId]) : "";
  caseLine.dataset.caseId = session.caseId ?? "";
  show(caseLine, Boolean(session.caseId));
  showDeadlines(deadlineView, answer.deadlines, fieldLabel);
  showAssessment(answer);
  showSuggestions(answer, { keepEdits });
  show(results, true);
  refreshButtons();
}

caseForm.addEventListener("submit", (event) => {
  event.preventDefault();
  runAssist({ keepEdits: true });
});

// ------------------------------------------------------------------ page actions

/** Put `text` on the clipboard; true when it worked. */
async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (error) {
    // The Clipboard API needs a focused document; the older command works from a selection.
    console.info("[disputeclerk] clipboard API refused:", error?.name);
    const area = document.getElementById("reply-text");
    area.focus();
    area.select();
    return document.execCommand("copy");
  }
}

/**
 * Tell the server which suggested template the seller filled or copied (`action`), for the
 * outcome counts on the case board. Not awaited: the seller's reply matters more than the tally.
 */
function recordReplyUse(action) {
  const suggestion = chosenSuggestion();
  if (!session.caseId || typeof suggestion?.template_id !== "string") {
    console.info("[disputeclerk] reply use not recorded: no case or no suggested template");
    return;
  }
  const message = { type: "replyUsed", caseId: session.caseId, templateId: suggestion.template_id, action };
  for (const name of ["stage", "language", "tone"]) {
    if (typeof suggestion[name] === "string" && suggestion[name]) {
      message[name] = suggestion[name];
    }
  }
  ask(message).then((answer) => {
    if (!answer.ok) {
      console.warn("[disputeclerk] reply use not recorded:", answer.error?.code);
    }
  });
}

// Why filling did not work, in the seller's words.
const FILL_REASONS = {
  no_reply_box: "popup_fill_reason_no_reply_box",
  read_only: "popup_fill_reason_read_only",
  not_accepted: "popup_fill_reason_not_accepted",
};

buttons.fill.addEventListener("click", async () => {
  const text = replyText();
  if (!text.trim()) {
    say(actionResult, "problem", t("popup_reply_empty"));
    return;
  }
  setBusy(true);
  say(actionResult, "busy", t("popup_filling"));
  let answer;
  try {
    answer = await ask({ type: "fillReply", tabId: session.tabId, text });
  } finally {
    setBusy(false);
  }
  if (answer.ok && answer.result?.filled) {
    say(actionResult, "good", t("popup_filled", [answer.result.box || answer.result.strategy || ""]));
    recordReplyUse("filled");
    return;
  }
  const reason = answer.ok ? answer.result?.reason : answer.error?.code;
  console.info("[disputeclerk] fill did not work:", reason);
  const why = Object.hasOwn(FILL_REASONS, reason) ? t(FILL_REASONS[reason]) : t("popup_page_failed", [reason ?? ""]);
  if (await copyText(text)) {
    say(actionResult, "warning", `${t("popup_fill_copied")} ${why}`);
    recordReplyUse("copied");
  } else {
    say(actionResult, "problem", `${t("popup_fill_copy_failed")} ${why}`);
  }
});

buttons.copy.addEventListener("click", async () => {
  const text = replyText();
  if (!text.trim()) {
    say(actionResult, "problem", t("popup_reply_empty"));
    return;
  }
  if (await copyText(text)) {
    say(actionResult, "good", t("popup_copied"));
    recordReplyUse("copied");
  } else {
    say(actionResult, "problem", t("popup_copy_failed"));
  }
});

buttons.save.addEventListener("click", async () => {
  if (!session.caseId) {
    say(actionResult, "problem", t("popup_save_needs_case"));
    return;
  }
  setBusy(true);
  say(actionResult, "busy", t("popup_saving"));
  show(evidenceResult, false);
  let answer;
  try {
    answer = await ask({ type: "saveEvidence", tabId: session.tabId, caseId: session.caseId });
  } finally {
    setBusy(false);
  }
  if (!answer.ok || !answer.saved) {
    const error = answer.error ?? {};
    console.info("[disputeclerk] evidence not saved:", error.code);
    say(actionResult, "problem", error.code === "tab_not_visible"
      ? t("popup_save_tab_not_visible")
      : t("popup_save_failed", [reasonOf(error)]));
    return;
  }
  say(actionResult, "", "");
  showEvidence(answer.saved);
});

function showEvidence(saved) {
  const sha = typeof saved.sha256 === "string" ? saved.sha256 : "";
  const lines = [];
  if (saved.duplicate) {
    lines.push(el("p", { class: "evidence-duplicate", text: t("popup_evidence_duplicate") }));
  }
  // "Saved — fingerprint (SHA-256): 3f9a…": the short form to compare at a glance, the full one
  // (title, and the selectable line below) to compare with an export.
  lines.push(el("p", { class: "evidence-fingerprint" }, [
    `${t(saved.duplicate ? "popup_evidence_fingerprint" : "popup_evidence_saved")} `,
    el("code", { id: "evidence-sha256", title: sha, data: { sha256: sha }, text: `${sha.slice(0, 16)}…` }),
  ]));
  lines.push(el("code", { id: "evidence-sha256-full", class: "fingerprint", text: sha }));
  if (Number.isInteger(saved.chain?.index)) {
    lines.push(el("p", { class: "evidence-chain", text: t("popup_evidence_chain", [saved.chain.index]) }));
  }
  const added = Number.isInteger(saved.messages?.added) ? saved.messages.added : 0;
  lines.push(el("p", { class: "evidence-messages", data: { added }, text: t("popup_evidence_new_messages", [added]) }));
  if (saved.screenshot?.truncated) {
    lines.push(el("p", { class: "evidence-truncated", text: t("popup_evidence_truncated") }));
  }
  evidenceResult.replaceChildren(...lines);
  evidenceResult.dataset.duplicate = String(Boolean(saved.duplicate));
  evidenceResult.dataset.evidenceId = saved.evidence_id ?? "";
  show(evidenceResult, true);
}

// ------------------------------------------------------------------ start

async function start() {
  localizePage();
  initFields();
  initReplies({ onSwitch: () => runAssist(), platform: () => fieldValue("platform") });
  refreshButtons();
  showState(statusView, "checking");
  const answer = await ask({ type: "status" });
  if (!answer.ok) {
    showState(statusView, answer.error.code, answer.error);
    return;
  }
  showState(statusView, answer.status.state, answer.status);
  if (answer.status.state !== "ready") {
    return; // only the state, what to run and the settings link
  }
  document.body.dataset.ready = "true";
  await readPage();
}

start();
