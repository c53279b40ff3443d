// What the extension's own pages may ask the service worker, and who counts as "own".
//
// Every message is checked here before anything privileged runs: a known type, exactly the
// declared fields with the declared types (a field marked optional may be left out, nothing else
// may), and a sender that is one of this extension's pages.
// Content scripts never message the worker: the worker asks them (tabs.sendMessage) and they
// answer, so nothing running inside a marketplace page can start a server call.

const TEXT_LIMIT = 200_000; // a reply or lint text; far above any marketplace's message limit
const CONTEXT_LIMIT = 4 * 1024 * 1024; // a scraped page context as JSON (500 messages × 20k chars cap)
const NOTE_LIMIT = 100_000; // = the server's LONG (a case's note)
const CASE_ID = { type: "string", maxLength: 200, pattern: /^[a-z_]{2,20}-[A-Za-z0-9._-]{1,120}$/ }; // = the server's CASE_ID
const TAB_ID = { type: "integer" };
const CASE_STATUS = { type: "string", oneOf: ["open", "resolved", "won", "lost"] }; // = the server's CASE_STATUSES
// Evidence ids are "ev-" and 12 hex digits today; anything that is one plain path segment is let through.
const EVIDENCE_ID = { type: "string", pattern: /^[A-Za-z0-9_-]{1,80}$/ };
// Template ids are file names of shared_templates ("not_received.first_response"); the server allows 120.
const TEMPLATE_ID = { type: "string", pattern: /^[A-Za-z0-9_.-]{1,120}$/ };
const SHORT_WORD = { type: "string", maxLength: 40, optional: true }; // a reply's stage, language or tone

/** The same rule, but the field may be left out. */
const optional = (rule) => ({ ...rule, optional: true });

const MESSAGE_FIELDS = {
  // The seller pairs this browser with the server printed by `disputeclerk serve`.
  pair: {
    serverUrl: { type: "string", maxLength: 2048 },
    code: { type: "string", maxLength: 32 },
  },
  // Which of the connection states are we in (options page and popup).
  status: {},
  // The seller's cases, nearest deadline first (GET /api/v1/cases); every filter may be left out.
  listCases: {
    limit: { type: "integer", min: 1, max: 10_000, optional: true },
    status: optional(CASE_STATUS),
    platform: { type: "string", pattern: /^[a-z_]{2,20}$/, optional: true },
    dueWithinHours: { type: "integer", max: 24 * 366, optional: true },
    q: { type: "string", maxLength: 200, optional: true },
  },
  // Platforms with their policy packs (GET /api/v1/platforms).
  platforms: {},
  // One case with its timeline (GET /api/v1/cases/{id}); verify: false skips re-hashing its files.
  getCase: { caseId: CASE_ID, verify: { type: "boolean", optional: true } },
  // The seller closes a case (resolved, won, lost), reopens it, or writes its note (PATCH).
  updateCase: { caseId: CASE_ID, status: optional(CASE_STATUS), note: { type: "string", maxLength: NOTE_LIMIT, optional: true } },
  // Recompute the case's evidence log from the stored bytes (GET …/verify).
  verifyCase: { caseId: CASE_ID },
  // Per platform and dispute type: how cases ended and which templates were used (GET /api/v1/outcomes).
  outcomes: {},
  // A small JPEG of an evidence screenshot, as a data: URL (GET …/evidence/{id}/thumbnail).
  thumbnail: { caseId: CASE_ID, evidenceId: EVIDENCE_ID },
  // The case's evidence bundle (zip) as base64; force exports a case that fails verify, marked so.
  exportCase: { caseId: CASE_ID, lang: { type: "string", oneOf: ["en", "zh"] }, force: { type: "boolean" } },
  // The seller filled or copied a suggested reply: which template it was (POST …/replies).
  replyUsed: {
    caseId: CASE_ID,
    templateId: TEMPLATE_ID,
    action: { type: "string", oneOf: ["filled", "copied"] },
    stage: SHORT_WORD,
    language: SHORT_WORD,
    tone: SHORT_WORD,
  },
  // Read the seller's tab: order, dates, conversation, countdowns (content/scrape.js).
  scrapePage: { tabId: TAB_ID },
  // Deadlines and replies for the (scraped, then edited) page context (POST /api/v1/assist).
  assist: { context: { type: "object", maxJson: CONTEXT_LIMIT } },
  // What in a reply breaks the platform's rules (POST /api/v1/lint).
  lint: {
    platform: { type: "string", maxLength: 40 },
    text: { type: "string", maxLength: TEXT_LIMIT },
  },
  // Put the reply into the page's reply box (content/fill/).
  fillReply: { tabId: TAB_ID, text: { type: "string", maxLength: TEXT_LIMIT } },
  // Snapshot the page (HTML, text, full-page screenshot) into the case's evidence log.
  saveEvidence: { tabId: TAB_ID, caseId: CASE_ID },
};

// Messages whose optional fields may not all be left out: a PATCH must change something.
const AT_LEAST_ONE = {
  updateCase: ["status", "note"],
};

function fieldProblem(name, rule, value) {
  if (value === undefined && rule.optional) {
    return null;
  }
  if (rule.type === "integer") {
    const { min = 0, max = Number.MAX_SAFE_INTEGER } = rule;
    return Number.isSafeInteger(value) && value >= min && value <= max ? null : `field ${name} must be a whole number`;
  }
  if (rule.type === "object") {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return `field ${name} must be an object`;
    }
    // Structured clone already turned it into plain data; its size bounds what we forward.
    return JSON.stringify(value).length > rule.maxJson ? `field ${name} is too large` : null;
  }
  if (typeof value !== rule.type) {
    return `field ${name} must be a ${rule.type}`;
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    return `field ${name} is too long`;
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    return `field ${name} is malformed`;
  }
  if (rule.oneOf && !rule.oneOf.includes(value)) {
    return `field ${name} must be one of ${rule.oneOf.join(", ")}`;
  }
  return null;
}

/** The reason a message is refused, or null when it is well formed. */
export function messageProblem(message) {
  if (message === null || typeof message !== "object" || Array.isArray(message)) {
    return "not an object";
  }
  const fields = Object.hasOwn(MESSAGE_FIELDS, message.type) ? MESSAGE_FIELDS[message.type] : null;
  if (fields === null) {
    return "unknown type";
  }
  for (const name of Object.keys(message)) {
    if (name !== "type" && !Object.hasOwn(fields, name)) {
      return `unexpected field ${name}`;
    }
  }
  for (const [name, rule] of Object.entries(fields)) {
    const problem = fieldProblem(name, rule, message[name]);
    if (problem) {
      return problem;
    }
  }
  const wanted = AT_LEAST_ONE[message.type];
  if (wanted && !wanted.some((name) => message[name] !== undefined)) {
    return `one of ${wanted.join(", ")} is needed`;
  }
  return null;
}

/** True when the message comes from a page of this very extension (options, popup). */
export function isOwnPage(sender) {
  // sender.id alone is not enough: our content scripts share it, and run in untrusted pages.
  return Boolean(sender)
    && sender.id === chrome.runtime.id
    && typeof sender.url === "string"
    && sender.url.startsWith(chrome.runtime.getURL(""))
    && !sender.tab?.url?.startsWith("http"); // a page of ours framed by a web page is not ours
}
