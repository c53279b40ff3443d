// Save evidence: the seller's page as it is now (HTML, visible text, full-page screenshot) goes
// into the case's hash-chained evidence log on the server, together with the conversation the
// page shows. The page's side of the work is content/capture.js.
//
// saveEvidence({tabId, caseId}, {call, askTab})
//   1. snapshot the page; if the case already holds a snapshot with the same visible text,
//      answer that one (duplicate: true) instead of storing the same page again;
//   2. otherwise take the full-page screenshot and, while it waits for Chromium's capture
//      quota, scrape the conversation and log its messages (the server drops ones it has);
//   3. upload html + text + image in one multipart request (bytes, not base64: a 1 MB page
//      stays 1 MB on the wire).
//
// Failures are thrown: a TabError (tab_not_visible, capture_in_progress, screenshot_failed,
// the content script's own codes) or the server's error from `call`. The worker turns both into
// {ok: false, error: {code}} for the popup.

import { TabError } from "./tabs.js";

// Chromium allows chrome.tabs.MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND (2) captures per
// extension in each one-second window, counted in fixed windows: measured on Chromium 156, six
// captures asked back to back succeed at 60, 91, 1042, 1079, 2043 and 2081 ms. So captures are
// asked at once, and a refused one is asked again every RETRY_MS until the next window opens
// (spacing every capture 500 ms apart would make a 4-screen page 0.5 s slower).
const RETRY_MS = 40;
const RETRY_LIMIT_MS = 2_500; // > one window, with room for a busy machine
// A full-page screenshot stops at whichever comes first. Twelve screens take about 6 s at two
// captures a second, and 16,000 device pixels stay well inside every browser's canvas limits.
export const MAX_SCREENS = 12;
export const MAX_CANVAS_HEIGHT = 16_000;

const GENESIS_HASH = "0".repeat(64); // prev_hash of a case's first record (server: evidence_log.py)
const SENDERS = new Set(["buyer", "seller", "platform", "system", "other"]); // = schemas.SENDERS
const MESSAGES_PER_REQUEST = 2_000; // the server's MessagesRequestSchema limit
const MESSAGE_TEXT_LIMIT = 100_000; // = schemas.LONG
const URL_LIMIT = 8_192; // the upload form's url and title limits
const TITLE_LIMIT = 2_000;

const log = (...parts) => console.info("[disputeclerk] evidence:", ...parts);

// Tabs with a capture running: a second click must not scroll the same page at the same time.
const busyTabs = new Set();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------ the tab

/**
 * The window whose visible area is the tab. captureVisibleTab photographs whatever tab is in
 * front, so a tab in the background is refused (tab_not_visible) rather than brought to the
 * front: switching the seller's tabs would also close the popup that asked for the evidence.
 */
async function visibleWindowOf(tabId) {
  let tab;
  try {
    tab = await chrome.tabs.get(tabId);
  } catch {
    throw new TabError("tab_gone");
  }
  if (!tab.active) {
    throw new TabError("tab_not_visible", "the tab is not the one shown in its window");
  }
  const window = await chrome.windows.get(tab.windowId);
  if (window.state === "minimized") {
    throw new TabError("tab_not_visible", "the tab's window is minimized");
  }
  return tab.windowId;
}

/** The content script's answer to `action` without its ok flag; its error as a TabError. */
async function fromTab(askTab, tabId, action, args) {
  const reply = await askTab(tabId, action, args);
  if (!reply.ok) {
    throw new TabError(reply.error?.code ?? "page_error", reply.error?.detail ?? "");
  }
  const { ok, ...rest } = reply;
  return rest;
}

async function withTab(tabId, work) {
  if (busyTabs.has(tabId)) {
    throw new TabError("capture_in_progress");
  }
  busyTabs.add(tabId);
  try {
    return await work();
  } finally {
    busyTabs.delete(tabId);
  }
}

// ------------------------------------------------------------------ full-page screenshot

/** "data:image/png;base64,…" → a PNG Blob (decoded here: only the worker's call() fetches). */
function pngFromDataUrl(dataUrl) {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(",") + 1));
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at += 1) {
    bytes[at] = binary.charCodeAt(at);
  }
  return new Blob([bytes], { type: "image/png" });
}

/** One captureVisibleTab; asked again while Chromium's per-second quota is used up. */
async function captureScreen(tabId, windowId) {
  const giveUpAt = Date.now() + RETRY_LIMIT_MS;
  for (;;) {
    // The seller may switch tabs while we scroll; a capture now would photograph the other tab.
    if (!(await chrome.tabs.get(tabId)).active) {
      throw new TabError("tab_not_visible", "the seller switched tabs during the screenshot");
    }
    try {
      return pngFromDataUrl(await chrome.tabs.captureVisibleTab(windowId, { format: "png" }));
    } catch (error) {
      const message = String(error?.message ?? error);
      if (!message.includes("MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND") || Date.now() > giveUpAt) {
        throw new TabError("screenshot_failed", message);
      }
      await sleep(RETRY_MS); // this second's captures are used up (by us or another page of ours)
    }
  }
}

/**
 * Where each screen goes: the page rows [top, bottom) in CSS pixels. The browser cannot scroll
 * past the end, so the last screen usually shows rows above `top` too (it overlaps the one
 * before); stitching crops by the scroll position the page reports.
 */
export function planScreens(pageHeight, viewportHeight, scale) {
  const limit = Math.min(MAX_SCREENS * viewportHeight, Math.floor(MAX_CANVAS_HEIGHT / scale));
  const height = Math.min(pageHeight, limit);
  const screens = [];
  for (let top = 0; top < height; top += viewportHeight) {
    screens.push({ top, bottom: Math.min(top + viewportHeight, height) });
  }
  return { height, truncated: pageHeight > height, screens };
}

/**
 * The whole page as one PNG: screen after screen, stitched at device pixels.
 * Returns {png: Blob, info: {screens, truncated, width, height}} (width and height of the PNG).
 */
async function screenshotPage(tabId, windowId, askTab) {
  const { page } = await fromTab(askTab, tabId, "screenshotPrepare");
  try {
    if (!(page.viewportWidth > 0 && page.viewportHeight > 0)) {
      throw new TabError("screenshot_failed", "the page has no visible area");
    }
    let { scrollY } = await fromTab(askTab, tabId, "screenshotScroll", { y: 0 });
    const first = await captureScreen(tabId, windowId);
    const firstBitmap = await createImageBitmap(first);
    // Device pixels per CSS pixel, measured rather than taken from devicePixelRatio: browser
    // zoom and odd ratios round the captured size. The capture shows the whole window, scroll
    // bars included; the canvas keeps only the viewport.
    const scale = firstBitmap.width / (page.windowWidth || page.viewportWidth);
    const plan = planScreens(page.height, page.viewportHeight, scale);
    const width = Math.round(page.viewportWidth * scale);
    const height = Math.round(plan.height * scale);
    const info = { screens: plan.screens.length, truncated: plan.truncated, width, height };

    if (plan.screens.length === 1 && firstBitmap.width === width && firstBitmap.height === height) {
      firstBitmap.close();
      return { png: first, info }; // the capture is the page: no need to draw and encode again
    }
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d");
    let bitmap = firstBitmap;
    for (const [index, screen] of plan.screens.entries()) {
      if (index > 0) {
        ({ scrollY } = await fromTab(askTab, tabId, "screenshotScroll", { y: screen.top }));
        bitmap = await createImageBitmap(await captureScreen(tabId, windowId));
      }
      drawScreen(context, bitmap, screen, scrollY, scale);
      bitmap.close();
    }
    return { png: await canvas.convertToBlob({ type: "image/png" }), info };
  } finally {
    try {
      await askTab(tabId, "screenshotRestore");
    } catch (error) {
      // The tab was closed or navigated away: nothing is left to restore.
      log(`page not restored (${error.code ?? error.message})`);
    }
  }
}

/** Copy the rows of `screen` from a capture taken at `scrollY` to their place on the canvas. */
function drawScreen(context, bitmap, screen, scrollY, scale) {
  // Integer device rows, rounded the same way on both sides so screens meet without seams.
  const destTop = Math.round(screen.top * scale);
  const destBottom = Math.round(screen.bottom * scale);
  const sourceTop = destTop - Math.round(scrollY * scale);
  const rows = Math.min(destBottom - destTop, bitmap.height - sourceTop);
  if (sourceTop < 0 || rows <= 0) {
    // The page got shorter or scrolled on its own: this screen does not show those rows.
    log(`screen at ${screen.top}px not drawn (page scrolled to ${scrollY}px)`);
    return;
  }
  const columns = Math.min(bitmap.width, context.canvas.width);
  context.drawImage(bitmap, 0, sourceTop, columns, rows, 0, destTop, columns, rows);
}

// ------------------------------------------------------------------ capture alone

async function snapshotOf(tabId, askTab) {
  return fromTab(askTab, tabId, "snapshot");
}

/**
 * Snapshot and full-page screenshot, without the server (a benchmark times this alone):
 * {snapshot, png: Blob, screenshot: {screens, truncated, width, height}}.
 */
export async function captureEvidence(tabId, { askTab }) {
  return withTab(tabId, async () => {
    const windowId = await visibleWindowOf(tabId);
    const snapshot = await snapshotOf(tabId, askTab);
    const { png, info } = await screenshotPage(tabId, windowId, askTab);
    return { snapshot, png, screenshot: info };
  });
}

// ------------------------------------------------------------------ saving

export async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The conversation as the scraper read it, in the server's message shape; [] if it could not. */
async function scrapedMessages(tabId, askTab) {
  let reply;
  try {
    reply = await askTab(tabId, "scrape");
  } catch (error) {
    log(`no conversation read (${error.code ?? error.message})`);
    return [];
  }
  if (!reply.ok) {
    log(`no conversation read (${reply.error?.code ?? "page_error"})`);
    return [];
  }
  const messages = Array.isArray(reply.context?.messages) ? reply.context.messages : [];
  // What the server would refuse (and refuse the whole batch for) is left out here.
  const usable = messages
    .filter((message) => SENDERS.has(message?.from) && typeof message.text === "string"
      && message.text.trim() !== "" && message.text.length <= MESSAGE_TEXT_LIMIT)
    .map((message) => ({
      from: message.from,
      text: message.text,
      sent_at: typeof message.sent_at === "string" ? message.sent_at : null,
    }));
  if (usable.length < messages.length) {
    log(`${messages.length - usable.length} scraped message(s) left out: no sender, no text or too long`);
  }
  return usable;
}

async function logMessages(caseId, messages, call) {
  const logged = { added: 0, duplicates: 0 };
  for (let start = 0; start < messages.length; start += MESSAGES_PER_REQUEST) {
    const result = await call(`${casePath(caseId)}/messages`, {
      method: "POST",
      body: { messages: messages.slice(start, start + MESSAGES_PER_REQUEST) },
    });
    logged.added += result.added ?? 0;
    logged.duplicates += result.duplicates ?? 0;
  }
  return logged;
}

export function casePath(caseId) {
  return `/api/v1/cases/${encodeURIComponent(caseId)}`;
}

/**
 * The case's latest page snapshot whose text part has this hash, as an answer; null if none.
 * The timeline lists every record in chain order, so the record before gives prev_hash.
 */
function earlierSnapshot(timeline, textSha256) {
  const records = Array.isArray(timeline) ? timeline : [];
  for (let at = records.length - 1; at >= 0; at -= 1) {
    const entry = records[at];
    if (entry.kind !== "evidence" || entry.evidence_kind !== "page_snapshot") {
      continue;
    }
    const parts = Array.isArray(entry.parts) ? entry.parts : [];
    if (!parts.some((part) => part.name === "text" && part.sha256 === textSha256)) {
      continue;
    }
    const previous = records.find((record) => record.index === entry.index - 1);
    return {
      evidence_id: entry.evidence_id,
      sha256: (parts.find((part) => part.name === "html") ?? parts[0]).sha256,
      chain: { index: entry.index, prev_hash: previous ? previous.hash : GENESIS_HASH, hash: entry.hash },
    };
  }
  return null;
}

function uploadForm(snapshot, png) {
  const form = new FormData();
  form.append("kind", "page_snapshot");
  form.append("url", snapshot.url.slice(0, URL_LIMIT));
  form.append("title", snapshot.title.slice(0, TITLE_LIMIT));
  form.append("captured_at", snapshot.captured_at);
  // Blobs, not strings: sent as file parts, stored byte for byte (strings are UTF-8 encoded,
  // the same bytes the text hash was computed over).
  form.append("html", new Blob([snapshot.html], { type: "text/html;charset=utf-8" }), "page.html");
  form.append("text", new Blob([snapshot.text], { type: "text/plain;charset=utf-8" }), "page.txt");
  form.append("image", png, "page.png");
  return form;
}

/**
 * Save the page in tab `tabId` as evidence of case `caseId` (see the top of this file).
 * Answers {duplicate: true, evidence_id, sha256, chain, messages} for a page already saved, else
 * {duplicate: false, evidence_id, sha256, chain, parts, messages, screenshot}; `sha256` is the
 * HTML part's hash and `messages` is {added, duplicates}.
 */
export async function saveEvidence({ tabId, caseId }, { call, askTab }) {
  return withTab(tabId, async () => {
    // Checked first, so a refused save has not logged anything yet.
    const windowId = await visibleWindowOf(tabId);
    // The case (for the duplicate check) is read while the page is serialised, without
    // re-hashing every stored file (verify=none): only its timeline is needed here.
    const storedCase = call(`${casePath(caseId)}?verify=none`);
    storedCase.catch(() => {}); // awaited below; this only keeps an early refusal from being "unhandled"
    // The snapshot comes before the screenshot, which hides fixed elements while it scrolls.
    const snapshot = await snapshotOf(tabId, askTab);
    const textSha256 = await sha256Hex(new TextEncoder().encode(snapshot.text));
    const earlier = earlierSnapshot((await storedCase).timeline, textSha256);
    if (earlier) {
      log(`page unchanged since ${earlier.evidence_id}; not stored again`);
      return { duplicate: true, ...earlier, messages: await logMessages(caseId, await scrapedMessages(tabId, askTab), call) };
    }

    // Chromium allows two captures a second, so a tall page waits for the next second; the
    // conversation is read and logged in that wait instead of before it.
    const screenshot = screenshotPage(tabId, windowId, askTab);
    screenshot.catch(() => {});
    const messages = await logMessages(caseId, await scrapedMessages(tabId, askTab), call);
    const { png, info } = await screenshot;
    const result = await call(`${casePath(caseId)}/evidence/upload`, {
      method: "POST",
      form: uploadForm(snapshot, png),
    });
    log(`saved ${result.evidence_id}: ${info.screens} screen(s)${info.truncated ? ", cut short" : ""}`);
    return {
      duplicate: false,
      evidence_id: result.evidence_id,
      sha256: result.sha256,
      chain: result.chain,
      parts: result.parts,
      messages,
      screenshot: info,
    };
  });
}
