// The case board: every open case, nearest deadline first (the closed ones after them), coloured
// by how close its deadline is, with a live countdown; filters (marketplace, status, due within,
// order number or buyer) work on the list already loaded, so they answer at once; and, beside
// it, what worked (outcomes.js).
//
// Built for a seller with a thousand cases: the rows are made in one pass into a
// DocumentFragment, with no layout read while building; a filter only toggles `hidden` on rows
// whose visibility changes; the countdowns tick only in rows on screen (IntersectionObserver).
// Every string from the server goes in as text (common/dom.js), never as HTML.
//
// The filters live in the URL hash (and sessionStorage, for a plain link back here), so Back from
// a case page shows the same view. When every row is in the table, <body data-rendered> holds
// their number and the performance mark "board-rendered" is set; "board-painted" follows the next
// frame (tests/bench/board.py reads both).

import { ask, showState } from "../common/connection.js";
import { countdownText } from "../common/deadlines.js";
import { el, show } from "../common/dom.js";
import { localizePage, t } from "../common/i18n.js";
import { CASE_STATUSES, DISPUTE_TYPES, PLATFORMS, speaksChinese, wordFor } from "../common/words.js";
import { showOutcomes } from "./outcomes.js";
import { caseHref, FILTERS_KEY } from "./paths.js";

const LIST_LIMIT = 10_000; // the server's largest page: the board filters what it loaded
const DAY_MS = 86_400_000;
const TICK_MS = 1_000;

// How close a case burns → its word (the colour comes from cases.css by data-state).
const STATES = {
  overdue: "board_state_overdue",
  soon: "board_state_soon",
  later: "board_state_later",
  none: "board_state_none",
  resolved: "board_status_resolved",
  won: "board_status_won",
  lost: "board_status_lost",
};

const view = {
  status: { line: document.getElementById("status"), command: document.getElementById("status-command") },
  problem: document.getElementById("load-problem"),
  counts: document.getElementById("counts"),
  shown: document.getElementById("shown"),
  truncated: document.getElementById("truncated"),
  table: document.getElementById("case-table"),
  rows: document.getElementById("case-rows"),
  noCases: document.getElementById("no-cases"),
  noMatch: document.getElementById("no-match"),
  filters: document.getElementById("filters"),
  platform: document.getElementById("filter-platform"),
  caseStatus: document.getElementById("filter-status"),
  due: document.getElementById("filter-due"),
  search: document.getElementById("filter-search"),
};

let rows = []; // [{summary, tr, countdown, stateWord, dueMs, haystack, state}] in the server's order
const onScreen = new Set(); // rows whose countdown is visible, so worth updating each second
let timer = null;

// ------------------------------------------------------------------ one row

function dueTimeOf(summary) {
  const ms = typeof summary.next_due_at === "string" ? Date.parse(summary.next_due_at) : Number.NaN;
  return Number.isNaN(ms) ? null : ms;
}

function isClosed(status) {
  return status === "resolved" || status === "won" || status === "lost";
}

/** overdue | soon (due within 24 h) | later | none (no deadline) | resolved | won | lost. */
function stateOf(status, dueMs, now) {
  if (isClosed(status)) {
    return status;
  }
  if (dueMs === null) {
    return "none";
  }
  if (dueMs <= now) {
    return "overdue";
  }
  return dueMs - now < DAY_MS ? "soon" : "later";
}

function deadlineLabel(summary) {
  return (speaksChinese() && summary.next_due_label_zh) || summary.next_due_label || summary.next_due_rule || "";
}

function buildRow(summary, now) {
  const dueMs = dueTimeOf(summary);
  const status = Object.hasOwn(CASE_STATUSES, summary.status) ? summary.status : "open";
  const state = stateOf(status, dueMs, now);
  const ticks = dueMs !== null && !isClosed(status);
  // Where a countdown runs it says it all ("overdue by…", "…left"): the word is for screen readers.
  const stateWord = el("span", { class: ticks ? "state-word visually-hidden" : "state-word", text: t(STATES[state]) });
  const countdown = el("span", { class: "countdown", text: ticks ? countdownText(dueMs, now) : "" });
  const link = el("a", { class: "case-link", text: summary.order_id || summary.dispute_id || summary.case_id });
  link.href = caseHref(summary.case_id);
  const tr = el("tr", {
    class: "case-row",
    data: { caseId: summary.case_id, state, status, platform: summary.platform, due: summary.next_due_at,
      ticks: ticks ? "true" : null },
  }, [
    el("td", { class: "case-left" }, [stateWord, " ", countdown]),
    // A closed case's deadline no longer binds the seller: its row stays quiet.
    el("td", { class: "case-deadline", dir: "auto", text: ticks ? deadlineLabel(summary) : "" }),
    el("td", { class: "case-order" }, [link]),
    el("td", { class: "case-platform", text: wordFor(PLATFORMS, summary.platform) }),
    el("td", { class: "case-buyer", dir: "auto", text: summary.buyer_name ?? "" }),
    el("td", { class: "case-type", text: summary.dispute_type ? wordFor(DISPUTE_TYPES, summary.dispute_type) : "" }),
    el("td", { class: "case-status", text: wordFor(CASE_STATUSES, status) }),
  ]);
  const haystack = [summary.order_id, summary.dispute_id, summary.buyer_name, summary.case_id]
    .filter((value) => typeof value === "string").join("\n").toLowerCase();
  return { summary, status, tr, countdown, stateWord, dueMs: ticks ? dueMs : null, haystack, state };
}

function setState(row, state) {
  row.state = state;
  row.tr.dataset.state = state;
  row.stateWord.textContent = t(STATES[state]);
}

// ------------------------------------------------------------------ counts and filters

function showCounts(now = Date.now()) {
  let open = 0;
  let dueSoon = 0;
  let overdue = 0;
  for (const row of rows) {
    if (row.status !== "open") {
      continue;
    }
    open += 1;
    if (row.dueMs !== null && row.dueMs - now < DAY_MS) {
      dueSoon += 1; // overdue ones burn too: counted here as the toolbar badge counts them
      overdue += row.dueMs <= now ? 1 : 0;
    }
  }
  view.counts.textContent = overdue
    ? t("board_counts_overdue", [open, dueSoon, overdue])
    : t("board_counts", [open, dueSoon]);
  Object.assign(view.counts.dataset, { open, dueSoon, overdue });
}

function readFilters() {
  return {
    platform: view.platform.value,
    status: view.caseStatus.value,
    due: view.due.value,
    q: view.search.value,
  };
}

function filterText(filters) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value) {
      params.set(name, value);
    }
  }
  return params.toString();
}

/** The filters the seller left: the URL hash wins (Back, a bookmark), then this tab's last ones. */
function storedFilters() {
  const hash = location.hash.slice(1);
  return new URLSearchParams(hash || sessionStorage.getItem(FILTERS_KEY) || "");
}

function ensureOption(select, value, text) {
  if (value && ![...select.options].some((option) => option.value === value)) {
    select.append(el("option", { value, text }));
  }
}

function restoreFilters() {
  const saved = storedFilters();
  ensureOption(view.platform, saved.get("platform"), wordFor(PLATFORMS, saved.get("platform")));
  view.platform.value = saved.get("platform") ?? "";
  view.caseStatus.value = Object.hasOwn(CASE_STATUSES, saved.get("status")) ? saved.get("status") : "";
  view.due.value = [...view.due.options].some((o) => o.value === saved.get("due")) ? saved.get("due") : "";
  view.search.value = saved.get("q") ?? "";
}

function rememberFilters(filters) {
  const text = filterText(filters);
  // replaceState: each keystroke must not become a step of Back.
  history.replaceState(null, "", text ? `#${text}` : location.pathname + location.search);
  sessionStorage.setItem(FILTERS_KEY, text);
}

/** Show the rows that match the filters; only rows whose visibility changes are touched. */
function applyFilters() {
  const filters = readFilters();
  const horizon = filters.due ? Date.now() + Number(filters.due) * 3_600_000 : null;
  const needle = filters.q.trim().toLowerCase();
  let shown = 0;
  for (const row of rows) {
    const match = (!filters.platform || row.summary.platform === filters.platform)
      && (!filters.status || row.status === filters.status)
      && (horizon === null || (row.dueMs !== null && row.dueMs <= horizon))
      && (!needle || row.haystack.includes(needle));
    if (row.tr.hidden === match) {
      row.tr.hidden = !match;
    }
    shown += match ? 1 : 0;
  }
  view.shown.textContent = t("board_shown", [shown, rows.length]);
  view.shown.dataset.shown = String(shown);
  show(view.noMatch, rows.length > 0 && shown === 0);
  show(view.table, shown > 0);
  rememberFilters(filters);
}

function fillPlatformFilter() {
  const chosen = view.platform.value;
  const present = [...new Set(rows.map((row) => row.summary.platform).filter(Boolean))]
    .map((id) => ({ id, name: wordFor(PLATFORMS, id) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  view.platform.replaceChildren(view.platform.options[0]);
  for (const { id, name } of present) {
    view.platform.append(el("option", { value: id, text: name }));
  }
  ensureOption(view.platform, chosen, wordFor(PLATFORMS, chosen));
  view.platform.value = chosen;
}

// ------------------------------------------------------------------ countdowns

const visibility = new IntersectionObserver((entries) => {
  const now = Date.now();
  for (const entry of entries) {
    const row = entry.target.caseRow;
    if (entry.isIntersecting) {
      onScreen.add(row);
      if (row.dueMs !== null) {
        row.countdown.textContent = countdownText(row.dueMs, now);
      }
    } else {
      onScreen.delete(row);
    }
  }
});

/** Each second: the countdowns on screen, and the colour of any case whose deadline just crossed a line. */
function tick() {
  const now = Date.now();
  let changed = false;
  for (const row of rows) {
    if (row.dueMs === null) {
      continue;
    }
    const state = stateOf(row.status, row.dueMs, now);
    if (state !== row.state) {
      setState(row, state);
      changed = true;
    }
  }
  for (const row of onScreen) {
    if (row.dueMs !== null) {
      row.countdown.textContent = countdownText(row.dueMs, now);
    }
  }
  if (changed) {
    showCounts(now);
  }
}

// ------------------------------------------------------------------ loading

/**
 * The server's order (nearest deadline first, none last) with the closed cases after the open
 * ones: a won case's old deadline must not push a burning one down the list.
 */
function boardOrder(cases) {
  const known = cases.filter((summary) => summary && typeof summary.case_id === "string");
  return [...known.filter((summary) => !isClosed(summary.status)), ...known.filter((summary) => isClosed(summary.status))];
}

function showRows(cases, total) {
  const now = Date.now();
  visibility.disconnect();
  onScreen.clear();
  rows = boardOrder(cases).map((summary) => buildRow(summary, now));
  const fragment = document.createDocumentFragment();
  for (const row of rows) {
    row.tr.caseRow = row;
    fragment.append(row.tr);
  }
  view.rows.replaceChildren(fragment);
  fillPlatformFilter();
  showCounts(now);
  show(view.noCases, rows.length === 0);
  view.truncated.textContent = total > rows.length ? t("board_truncated", [rows.length, total]) : "";
  show(view.truncated, total > rows.length);
  applyFilters();
  for (const row of rows) {
    visibility.observe(row.tr);
  }
  if (timer === null) {
    timer = setInterval(tick, TICK_MS);
  }
}

function markRendered() {
  performance.mark("board-rendered");
  document.body.dataset.rendered = String(rows.length);
  // The frame after the rows went in: what the seller sees (the benchmark's end point).
  requestAnimationFrame(() => setTimeout(() => {
    performance.mark("board-painted");
    document.body.dataset.painted = String(rows.length);
  }, 0));
}

function showLoadProblem(error) {
  const code = error?.code ?? "extension_error";
  console.info("[disputeclerk] board: cases not loaded:", code);
  const connection = ["not_configured", "server_unreachable", "not_paired", "token_rejected", "incompatible"];
  if (connection.includes(code)) {
    showState(view.status, code, error);
    show(view.status.line, true);
    return;
  }
  view.problem.textContent = t("board_load_failed", [error?.message || error?.detail || code]);
  view.problem.dataset.code = code;
  show(view.problem, true);
}

async function load() {
  // Both at once: the outcomes are not waited for before the list is shown.
  const listing = ask({ type: "listCases", limit: LIST_LIMIT });
  const outcomes = ask({ type: "outcomes" });
  const answer = await listing;
  show(view.problem, false);
  show(view.status.line, false);
  view.status.command.hidden = true;
  if (!answer.ok) {
    showLoadProblem(answer.error);
    return;
  }
  showRows(Array.isArray(answer.cases) ? answer.cases : [], Number(answer.total) || 0);
  markRendered();
  showOutcomes(await outcomes);
}

// ------------------------------------------------------------------ wiring

view.filters.addEventListener("submit", (event) => event.preventDefault());
view.filters.addEventListener("input", applyFilters); // typing in the search box: at once
view.filters.addEventListener("change", applyFilters);

// A click anywhere on a row opens its case, as its link does (the link stays the keyboard's way in).
view.rows.addEventListener("click", (event) => {
  if (event.target.closest("a") || event.button !== 0 || getSelection().toString()) {
    return;
  }
  const tr = event.target.closest("tr.case-row");
  if (tr) {
    location.href = caseHref(tr.dataset.caseId);
  }
});

// Back from a case page may show this page from the back-forward cache: the case may have
// been closed or reopened there, so the list is asked for again.
addEventListener("pageshow", (event) => {
  if (event.persisted) {
    load();
  }
});

localizePage();
restoreFilters();
load();
