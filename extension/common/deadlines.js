// The deadlines of the case, nearest first, each with a countdown that ticks every second.
//
// The countdown is computed here from due_at and the browser's clock (the server's
// remaining_seconds is already old when a page shows it); the colour is the server's status
// until the time is up, then "overdue".

import { t } from "./i18n.js";
import { clear, el, link, webUrl } from "./dom.js";
import { CONFIDENCE, DEADLINE_STATUS, PARTIES, speaksChinese, wordFor } from "./words.js";

let ticking = []; // [{element, item, dueMs}] of the deadlines shown now
let timer = null;

const pad = (number) => String(number).padStart(2, "0");

/** "4 days 23:12:05" (or "23:12:05" under a day) in the seller's language. */
export function formatDuration(seconds) {
  const total = Math.max(0, Math.floor(Math.abs(seconds)));
  const days = Math.floor(total / 86_400);
  const clock = `${pad(Math.floor((total % 86_400) / 3_600))}:${pad(Math.floor((total % 3_600) / 60))}:${pad(total % 60)}`;
  return days > 0 ? t("popup_duration_days", [days, clock]) : clock;
}

/** "2 d 03:04:05 left" or "overdue by 01:02:03" at `now` (ms). */
export function countdownText(dueMs, now) {
  const seconds = (dueMs - now) / 1000;
  return seconds > 0
    ? t("popup_time_left", [formatDuration(seconds)])
    : t("popup_time_overdue", [formatDuration(seconds)]);
}

function tick() {
  const now = Date.now();
  for (const { element, item, dueMs } of ticking) {
    element.textContent = countdownText(dueMs, now);
    if (dueMs <= now && item.dataset.status !== "overdue") {
      item.dataset.status = "overdue";
      item.querySelector(".deadline-status").textContent = wordFor(DEADLINE_STATUS, "overdue");
    }
  }
}

/** The due time in the browser's zone and the seller's language; the text itself if it is not a date. */
export function localDueTime(dueAt) {
  const when = new Date(dueAt);
  if (Number.isNaN(when.getTime())) {
    return dueAt;
  }
  // The browser's own time zone: the one the server was told is the seller's.
  return new Intl.DateTimeFormat(t("localeTag"), {
    weekday: "short", year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
    timeZoneName: "short",
  }).format(when);
}

export function dueTimeOf(deadline) {
  const ms = deadline.due_at ? Date.parse(deadline.due_at) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}

/** What a missing input is called on the form (its label), else the path in words. */
function missingName(path, fieldLabel) {
  return fieldLabel(path) ?? String(path).replace(/^events\./, "").replace(/[._]/g, " ");
}

function sourceLine(deadline) {
  const url = webUrl(deadline.source_url);
  const parts = [];
  if (url) {
    parts.push(link(url, t("popup_deadline_source", [new URL(url).hostname])));
  }
  const facts = [];
  if (deadline.verified_on) {
    facts.push(t("popup_deadline_verified", [deadline.verified_on]));
  }
  if (deadline.confidence) {
    facts.push(t("popup_deadline_confidence", [wordFor(CONFIDENCE, deadline.confidence)]));
  }
  if (facts.length) {
    parts.push(el("span", { class: "deadline-facts", text: `${parts.length ? " · " : ""}${facts.join(" · ")}` }));
  }
  return parts.length ? el("p", { class: "deadline-source" }, parts) : null;
}

function deadlineItem(deadline, fieldLabel) {
  const dueMs = dueTimeOf(deadline);
  const status = Object.hasOwn(DEADLINE_STATUS, deadline.status) ? deadline.status : "unknown";
  const label = (speaksChinese() && deadline.label_zh) || deadline.label || deadline.rule_id || "";
  const item = el("li", { class: "deadline", data: { status, ruleId: deadline.rule_id, basis: deadline.basis } });

  item.append(el("p", { class: "deadline-head" }, [
    el("span", { class: "deadline-label", dir: "auto", text: label }),
    el("span", { class: "deadline-party", text: wordFor(PARTIES, deadline.party) }),
  ]));
  const countdown = el("p", { class: "deadline-when" }, [
    el("span", { class: "deadline-status", text: wordFor(DEADLINE_STATUS, status) }),
  ]);
  item.append(countdown);
  if (dueMs !== null) {
    const element = el("span", { class: "countdown", data: { due: deadline.due_at } });
    countdown.append(" ", element);
    item.append(el("p", { class: "deadline-due", text: t("popup_deadline_due", [localDueTime(deadline.due_at)]) }));
    ticking.push({ element, item, dueMs });
  } else {
    const missing = (deadline.missing ?? []).map((path) => missingName(path, fieldLabel));
    countdown.append(" ", el("span", {
      class: "deadline-missing",
      text: missing.length ? t("popup_deadline_needs", [missing.join(", ")]) : t("popup_deadline_cannot_compute"),
    }));
  }
  if (deadline.on_miss) {
    item.append(el("p", { class: "deadline-miss", dir: "auto", text: t("popup_deadline_on_miss", [deadline.on_miss]) }));
  }
  item.append(el("p", {
    class: "deadline-basis",
    text: deadline.basis === "page" ? t("popup_basis_page") : t("popup_basis_rule"),
  }));
  const source = sourceLine(deadline);
  if (source) {
    item.append(source);
  }
  if (deadline.disagreement) {
    item.append(el("p", { class: "deadline-disagreement", text: t("popup_deadline_disagreement", [deadline.disagreement]) }));
  }
  return item;
}

/**
 * Show deadlines in `list` (an <ol>), nearest first (those that cannot be computed last); `none`
 * is shown when there are none. `fieldLabel(path)` names a missing input the way the form does.
 * One list per page: showing deadlines again replaces the ones that tick.
 */
export function showDeadlines({ list, none }, deadlines, fieldLabel = () => null) {
  clear(list);
  ticking = [];
  const sorted = [...(Array.isArray(deadlines) ? deadlines : [])]
    .map((deadline, index) => ({ deadline, index, due: dueTimeOf(deadline) }))
    .sort((a, b) => (a.due === null) - (b.due === null) || (a.due ?? 0) - (b.due ?? 0) || a.index - b.index)
    .map(({ deadline }) => deadline);
  for (const deadline of sorted) {
    list.append(deadlineItem(deadline, fieldLabel));
  }
  none.hidden = sorted.length > 0;
  tick();
  if (timer === null && ticking.length) {
    timer = setInterval(tick, 1000);
  }
}
