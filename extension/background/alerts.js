// The toolbar badge and the "deadline is close" notifications.
//
// Every few minutes (chrome.alarms: the worker may sleep in between) the worker asks the server
// which open cases have a seller deadline within 24 hours (the server's "urgent" threshold,
// services/deadlines.py URGENT), shows their count on the badge, and notifies once for each
// deadline that has just become urgent. The "already notified" keys are kept in
// chrome.storage.local (no secret in them: case id, rule id, due time).

const ALARM = "disputeclerk-due-check";
const PERIOD_MINUTES = 5;
const DUE_WITHIN_HOURS = 24;
const NOTIFIED_KEY = "notifiedDeadlines";
const BADGE_RED = "#c62828";

function text(key, substitutions, fallback) {
  return chrome.i18n.getMessage(key, substitutions) || fallback;
}

/** The badge shows how many open cases are due within 24 hours (empty when none or not paired). */
async function showCount(count) {
  await chrome.action.setBadgeText({ text: count > 0 ? String(Math.min(count, 999)) : "" });
  await chrome.action.setBadgeBackgroundColor({ color: BADGE_RED });
  await chrome.action.setTitle({
    title: count > 0
      ? text("badgeTitleDue", [String(count)], `Dispute Clerk: ${count} case(s) due within 24 hours`)
      : text("extName", [], "Dispute Clerk"),
  });
}

function deadlineKey(row) {
  return `${row.case_id}|${row.next_due_rule ?? ""}|${row.next_due_at}`;
}

function describe(row, now) {
  const hours = Math.round((Date.parse(row.next_due_at) - now) / 3_600_000);
  const order = row.order_id || row.dispute_id || row.case_id;
  return hours < 0
    ? text("notifyOverdue", [order, row.platform ?? ""], `Order ${order} (${row.platform}): a deadline has passed.`)
    : text("notifyDueIn", [order, row.platform ?? "", String(Math.max(hours, 0))],
      `Order ${order} (${row.platform}): a deadline is due in about ${hours} h.`);
}

/**
 * Ask the server, update the badge, notify new urgent deadlines. `call` is the worker's server
 * call; returns what it did (for tests and the log).
 */
export async function checkDueCases(call, { now = Date.now() } = {}) {
  let answer;
  try {
    answer = await call(`/api/v1/cases?status=open&due_within_hours=${DUE_WITHIN_HOURS}`);
  } catch (error) {
    // Not paired, server stopped…: no count is better than a stale one.
    console.info("[disputeclerk] due check skipped:", error.code ?? error.message);
    await showCount(0);
    return { count: null, notified: [] };
  }
  const rows = (answer.cases ?? []).filter((row) => typeof row.next_due_at === "string");
  await showCount(answer.total ?? rows.length);

  const { [NOTIFIED_KEY]: notified = [] } = await chrome.storage.local.get(NOTIFIED_KEY);
  const already = new Set(notified);
  const fresh = rows.filter((row) => !already.has(deadlineKey(row)));
  for (const row of fresh) {
    await chrome.notifications.create(`disputeclerk:${deadlineKey(row)}`, {
      type: "basic",
      iconUrl: chrome.runtime.getURL("icons/icon-128.png"),
      title: text("notifyTitle", [], "A dispute deadline is close"),
      message: describe(row, now),
      priority: 2,
    });
  }
  // Keep only keys still due, so the list never grows without bound.
  await chrome.storage.local.set({ [NOTIFIED_KEY]: rows.map(deadlineKey) });
  return { count: answer.total ?? rows.length, notified: fresh.map((row) => row.case_id) };
}

/** Register the alarm and its listener (call once, at the worker's top level). */
export function installAlerts(call) {
  chrome.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) {
      checkDueCases(call);
    }
  });
  // create() with the same name replaces the alarm, so re-running at each worker start is safe.
  chrome.alarms.get(ALARM).then((existing) => {
    if (!existing) {
      chrome.alarms.create(ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: 0.1 });
    }
  });
}
