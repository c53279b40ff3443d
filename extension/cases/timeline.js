// The case's timeline in time order: the buyer's messages, the seller's replies, the platform's
// notices and the evidence saved from pages (title, address, time, a thumbnail of the
// screenshot). Thumbnails come through the service worker as data: URLs (our pages never call the
// server); everything else is text.

import { localDueTime } from "../common/deadlines.js";
import { clear, el, link, show } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { EVIDENCE_KINDS, wordFor } from "../common/words.js";

const THUMBNAILS_AT_ONCE = 3; // a case with many screenshots does not queue them all on the worker at once
const JPEG_DATA_URL = "data:image/jpeg;base64,";

// Who wrote a message → how the timeline names it.
const SENDER_WORDS = {
  buyer: "board_timeline_buyer",
  seller: "board_timeline_seller",
  platform: "board_timeline_platform",
  system: "board_timeline_platform",
  other: "board_timeline_other",
};

/** When the entry happened: the page's time (sent, captured) when it reads as a date, else when it was logged. */
function momentOf(entry) {
  for (const text of [entry.kind === "message" ? entry.sent_at : entry.captured_at, entry.received_at]) {
    const ms = typeof text === "string" ? Date.parse(text) : Number.NaN;
    if (!Number.isNaN(ms)) {
      return ms;
    }
  }
  return Number.POSITIVE_INFINITY;
}

function inTimeOrder(timeline) {
  return timeline
    .map((entry, position) => ({ entry, position, at: momentOf(entry) }))
    .sort((a, b) => a.at - b.at || (a.entry.index ?? a.position) - (b.entry.index ?? b.position))
    .map(({ entry }) => entry);
}

function timeElement(text) {
  if (typeof text !== "string" || text === "") {
    return null;
  }
  return el("time", { class: "entry-time", datetime: Number.isNaN(Date.parse(text)) ? null : text, text: localDueTime(text) });
}

function meta(who, when) {
  const time = timeElement(when);
  return el("p", { class: "entry-meta" }, [el("span", { class: "entry-who", text: who }), time ? " · " : null, time]);
}

function messageItem(entry) {
  const from = Object.hasOwn(SENDER_WORDS, entry.from) ? entry.from : "other";
  return el("li", { class: "entry", data: { kind: "message", from, index: entry.index } }, [
    meta(t(SENDER_WORDS[from]), entry.sent_at || entry.received_at),
    el("p", { class: "entry-text", dir: "auto", text: entry.text ?? "" }),
  ]);
}

function imagePart(entry) {
  return (Array.isArray(entry.parts) ? entry.parts : []).find((part) => part?.name === "image") ?? null;
}

function evidenceItem(entry, thumbnails) {
  const kind = typeof entry.evidence_kind === "string" ? entry.evidence_kind : "";
  const item = el("li", {
    class: "entry",
    data: { kind: "evidence", evidenceKind: kind, evidenceId: entry.evidence_id, index: entry.index },
  }, [meta(wordFor(EVIDENCE_KINDS, kind), entry.captured_at || entry.received_at)]);
  if (entry.title) {
    item.append(el("p", { class: "entry-title", dir: "auto", text: entry.title }));
  }
  if (entry.url) {
    item.append(el("p", { class: "entry-url" }, [link(entry.url, entry.url)]));
  }
  if (imagePart(entry) && typeof entry.evidence_id === "string") {
    const image = document.createElement("img");
    image.className = "thumbnail";
    image.alt = t("board_thumbnail_alt", [entry.title || entry.url || entry.evidence_id]);
    image.hidden = true; // until its bytes arrive
    item.append(image);
    thumbnails.push({ evidenceId: entry.evidence_id, image });
  }
  const main = (Array.isArray(entry.parts) ? entry.parts : []).find((part) => part?.name === "html") ?? entry.parts?.[0];
  if (typeof main?.sha256 === "string") {
    item.append(el("p", { class: "entry-hash", title: main.sha256, text: t("board_fingerprint", [main.sha256.slice(0, 16)]) }));
  }
  return item;
}

async function loadThumbnails(caseId, thumbnails, ask) {
  const queue = [...thumbnails];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const answer = await ask({ type: "thumbnail", caseId, evidenceId: next.evidenceId });
      if (answer.ok && typeof answer.dataUrl === "string" && answer.dataUrl.startsWith(JPEG_DATA_URL)) {
        next.image.src = answer.dataUrl;
        next.image.hidden = false;
        next.image.dataset.loaded = "true";
      } else {
        console.info("[disputeclerk] no thumbnail for", next.evidenceId, answer.error?.code);
        next.image.replaceWith(el("p", { class: "quiet entry-no-thumbnail", text: t("board_thumbnail_missing") }));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(THUMBNAILS_AT_ONCE, queue.length) }, worker));
}

/**
 * Show `timeline` (the case's entries, in chain order) in `list`, oldest first; `none` when empty.
 * Thumbnails are asked for afterwards through `ask`; the returned promise settles when all arrived.
 */
export function showTimeline({ list, none }, caseId, timeline, ask) {
  clear(list);
  const thumbnails = [];
  const entries = inTimeOrder(Array.isArray(timeline) ? timeline.filter((entry) => entry && typeof entry === "object") : []);
  for (const entry of entries) {
    list.append(entry.kind === "message" ? messageItem(entry) : evidenceItem(entry, thumbnails));
  }
  show(none, entries.length === 0);
  return loadThumbnails(caseId, thumbnails, ask);
}

/** Mark the record the evidence log check found bad (by its chain index). */
export function markBadRecord(list, index) {
  for (const item of list.querySelectorAll(".entry")) {
    item.classList.toggle("entry-bad", item.dataset.index === String(index));
  }
}
