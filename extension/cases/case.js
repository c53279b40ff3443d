// One case (case.html?id=<case id>): who and what, the deadlines with their sources, the timeline,
// the outcome buttons, the evidence log's verify status, the export bundle, notes, and the
// suggested replies the seller used.
//
// The case is read without re-hashing its files (getCase verify: false) so the page shows at
// once; the evidence log check (verifyCase) and the thumbnails arrive after. Everything from the
// server is shown as text (common/dom.js).

import { ask, showState } from "../common/connection.js";
import { localDueTime, showDeadlines } from "../common/deadlines.js";
import { clear, el, show } from "../common/dom.js";
import { localizePage, t } from "../common/i18n.js";
import {
  CASE_STATUSES, DISPUTE_TYPES, PLATFORMS, REPLY_LANGUAGES, STAGES, TONES, speaksChinese, wordFor,
} from "../common/words.js";
import { boardHref } from "./paths.js";
import { markBadRecord, showTimeline } from "./timeline.js";

const CASE_ID = /^[a-z_]{2,20}-[A-Za-z0-9._-]{1,120}$/; // = the server's (and the worker's) case id
// The server's answer when a case fails verify and the export was not forced (the contract names
// it case_failed_verify; any 409 of the export means the same).
const EXPORT_REFUSED = new Set(["case_failed_verify", "verify_failed"]);
const CONNECTION_STATES = ["not_configured", "server_unreachable", "not_paired", "token_rejected", "incompatible"];

const caseId = new URLSearchParams(location.search).get("id") ?? "";

const view = {
  status: { line: document.getElementById("status"), command: document.getElementById("status-command") },
  back: document.getElementById("back"),
  problem: document.getElementById("load-problem"),
  main: document.getElementById("case"),
  title: document.getElementById("case-title"),
  platform: document.getElementById("case-platform"),
  order: document.getElementById("case-order"),
  dispute: document.getElementById("case-dispute"),
  buyer: document.getElementById("case-buyer"),
  type: document.getElementById("case-type"),
  caseStatus: document.getElementById("case-status"),
  deadlines: { list: document.getElementById("deadline-list"), none: document.getElementById("no-deadlines") },
  timeline: { list: document.getElementById("timeline"), none: document.getElementById("no-timeline") },
  outcomeButtons: [...document.querySelectorAll(".outcome-button")],
  outcomeResult: document.getElementById("outcome-result"),
  verify: document.getElementById("verify"),
  exportButton: document.getElementById("export"),
  exportConfirm: document.getElementById("export-confirm"),
  exportForce: document.getElementById("export-force"),
  exportResult: document.getElementById("export-result"),
  note: document.getElementById("note"),
  saveNote: document.getElementById("save-note"),
  noteResult: document.getElementById("note-result"),
  replies: document.getElementById("replies-used"),
  noReplies: document.getElementById("no-replies-used"),
};

/** A line that says what is going on: tone busy | good | warning | problem ("" hides it). */
function say(element, tone, text) {
  element.textContent = text;
  element.dataset.tone = tone;
  show(element, Boolean(text));
}

function reasonOf(error) {
  return error?.message || error?.detail || error?.code || t("popup_unknown");
}

/** A failure that is a connection state is said as the other screens say it; else `wording`. */
function sayFailure(element, error, wording) {
  if (CONNECTION_STATES.includes(error?.code)) {
    showState(view.status, error.code, error);
    show(view.status.line, true);
  }
  say(element, "problem", t(wording, [reasonOf(error)]));
}

// ------------------------------------------------------------------ the case

function showStatus(status) {
  const known = Object.hasOwn(CASE_STATUSES, status) ? status : "open";
  view.caseStatus.textContent = wordFor(CASE_STATUSES, known);
  view.caseStatus.dataset.status = known;
  for (const button of view.outcomeButtons) {
    button.setAttribute("aria-pressed", String(button.dataset.status === known));
  }
}

function showHeader(found) {
  const order = found.order_id || found.dispute_id || found.case_id;
  const platform = wordFor(PLATFORMS, found.platform);
  view.title.textContent = t("board_case_heading", [order, platform]);
  document.title = view.title.textContent;
  view.platform.textContent = platform;
  view.order.textContent = found.order_id ?? "";
  view.dispute.textContent = found.dispute_id ?? found.dispute?.id ?? "";
  view.buyer.textContent = found.buyer_name ?? found.buyer?.name ?? "";
  view.type.textContent = found.dispute_type ? wordFor(DISPUTE_TYPES, found.dispute_type) : "";
  showStatus(found.status);
}

function replyUseItem(use) {
  const stage = use.stage || String(use.template_id ?? "").split(".")[1];
  const name = Object.hasOwn(STAGES, stage) ? `${wordFor(STAGES, stage)} (${use.template_id})` : String(use.template_id ?? "");
  const how = [t(use.action === "filled" ? "board_reply_filled" : "board_reply_copied")];
  if (use.language) {
    how.push(wordFor(REPLY_LANGUAGES, use.language));
  }
  if (use.tone) {
    how.push(wordFor(TONES, use.tone));
  }
  return el("li", { class: "reply-used", data: { templateId: use.template_id, action: use.action } }, [
    el("span", { class: "reply-used-name", text: name }),
    el("span", { class: "reply-used-how", text: ` · ${how.join(" · ")}` }),
    use.at ? el("span", { class: "reply-used-at", text: ` · ${localDueTime(use.at)}` }) : null,
  ]);
}

function showRepliesUsed(uses) {
  const list = Array.isArray(uses) ? uses.filter((use) => use && typeof use.template_id === "string") : [];
  clear(view.replies);
  view.replies.append(...list.map(replyUseItem));
  show(view.noReplies, list.length === 0);
}

function showCase(found) {
  showHeader(found);
  showDeadlines(view.deadlines, found.deadlines);
  view.note.value = typeof found.note === "string" ? found.note : "";
  showRepliesUsed(found.replies_used);
  show(view.main, true);
  document.body.dataset.caseId = found.case_id;
}

// ------------------------------------------------------------------ evidence log

async function checkEvidenceLog() {
  view.verify.dataset.state = "checking";
  say(view.verify, "busy", t("board_verify_checking"));
  const answer = await ask({ type: "verifyCase", caseId });
  if (!answer.ok) {
    view.verify.dataset.state = "error";
    sayFailure(view.verify, answer.error, "board_verify_error");
    return;
  }
  const result = answer.verify ?? {};
  if (result.ok) {
    view.verify.dataset.state = "ok";
    say(view.verify, "good", t("board_verify_ok", [Number(result.records) || 0]));
    markBadRecord(view.timeline.list, null);
    return;
  }
  view.verify.dataset.state = "failed";
  view.verify.dataset.firstBadIndex = String(result.first_bad_index ?? "");
  say(view.verify, "problem", t("board_verify_failed", [result.first_bad_index ?? "?", result.problem || ""]));
  markBadRecord(view.timeline.list, result.first_bad_index);
}

// ------------------------------------------------------------------ export

function sizeText(bytes) {
  const format = new Intl.NumberFormat(t("localeTag"), { maximumFractionDigits: 1 });
  return bytes >= 1_048_576 ? `${format.format(bytes / 1_048_576)} MB` : `${format.format(Math.max(1, bytes / 1024))} KB`;
}

/** Hand the bundle to the browser's downloads, as a link with `download` would. */
function download(filename, base64, mediaType) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at += 1) {
    bytes[at] = binary.charCodeAt(at);
  }
  const url = URL.createObjectURL(new Blob([bytes], { type: mediaType }));
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = filename;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000); // the download has started long before
}

async function exportBundle(force) {
  view.exportButton.disabled = true;
  view.exportForce.disabled = true;
  say(view.exportResult, "busy", t("board_exporting"));
  // The report in the language of these screens: Chinese when the browser shows them in Chinese.
  const answer = await ask({ type: "exportCase", caseId, lang: speaksChinese() ? "zh" : "en", force });
  view.exportButton.disabled = false;
  view.exportForce.disabled = false;
  if (answer.ok && typeof answer.base64 === "string") {
    download(answer.filename, answer.base64, answer.mediaType);
    show(view.exportConfirm, false);
    say(view.exportResult, force ? "warning" : "good",
      t(force ? "board_export_done_unverified" : "board_export_done", [answer.filename, sizeText(answer.size)]));
    view.exportResult.dataset.forced = String(force);
    return;
  }
  const error = answer.error ?? {};
  if (!force && (error.status === 409 || EXPORT_REFUSED.has(error.code))) {
    console.info("[disputeclerk] export refused: the evidence log fails verify");
    say(view.exportResult, "", "");
    show(view.exportConfirm, true);
    view.exportForce.focus();
    return;
  }
  console.info("[disputeclerk] export failed:", error.code);
  sayFailure(view.exportResult, error, "board_export_failed");
}

// ------------------------------------------------------------------ the seller's changes

async function setOutcome(status) {
  for (const button of view.outcomeButtons) {
    button.disabled = true;
  }
  say(view.outcomeResult, "busy", t("board_saving"));
  const answer = await ask({ type: "updateCase", caseId, status });
  for (const button of view.outcomeButtons) {
    button.disabled = false;
  }
  if (!answer.ok) {
    sayFailure(view.outcomeResult, answer.error, "board_save_failed");
    return;
  }
  showStatus(answer.case?.status ?? status);
  say(view.outcomeResult, "good", t("board_status_saved", [wordFor(CASE_STATUSES, answer.case?.status ?? status)]));
}

async function saveNote() {
  view.saveNote.disabled = true;
  say(view.noteResult, "busy", t("board_saving"));
  const answer = await ask({ type: "updateCase", caseId, note: view.note.value });
  view.saveNote.disabled = false;
  if (!answer.ok) {
    sayFailure(view.noteResult, answer.error, "board_save_failed");
    return;
  }
  say(view.noteResult, "good", t("board_note_saved"));
}

for (const button of view.outcomeButtons) {
  button.addEventListener("click", () => setOutcome(button.dataset.status));
}
view.saveNote.addEventListener("click", saveNote);
view.note.addEventListener("input", () => say(view.noteResult, "", ""));
view.exportButton.addEventListener("click", () => exportBundle(false));
view.exportForce.addEventListener("click", () => exportBundle(true));

// ------------------------------------------------------------------ start

async function start() {
  localizePage();
  view.back.href = boardHref();
  if (!CASE_ID.test(caseId)) {
    console.info("[disputeclerk] case page: no valid case id in the address");
    say(view.problem, "problem", t("board_case_not_found"));
    return;
  }
  const answer = await ask({ type: "getCase", caseId, verify: false });
  if (!answer.ok) {
    if (answer.error?.code === "case_not_found") {
      say(view.problem, "problem", t("board_case_not_found"));
    } else {
      sayFailure(view.problem, answer.error, "board_load_failed");
    }
    return;
  }
  showCase(answer.case);
  const thumbnails = showTimeline(view.timeline, caseId, answer.case.timeline, ask);
  await Promise.all([checkEvidenceLog(), thumbnails]);
  document.body.dataset.settled = "true";
}

start();
