// What the extension's own pages may ask the service worker, and who counts as "own".
//
// Every message is checked here before anything privileged runs: a known type, exactly the
// declared fields with the declared types, and a sender that is one of this extension's pages.
// Content scripts never message the worker: the worker asks them (tabs.sendMessage) and they
// answer, so nothing running inside a marketplace page can start a server call.

const TEXT_LIMIT = 200_000; // a reply or lint text; far above any marketplace's message limit
const CONTEXT_LIMIT = 4 * 1024 * 1024; // a scraped page context as JSON (500 messages × 20k chars cap)
const CASE_ID = { type: "string", maxLength: 200, pattern: /^[a-z_]{2,20}-[A-Za-z0-9._-]{1,120}$/ }; // = the server's CASE_ID
const TAB_ID = { type: "integer" };

const MESSAGE_FIELDS = {
  // The seller pairs this browser with the server printed by `disputeclerk serve`.
  pair: {
    serverUrl: { type: "string", maxLength: 2048 },
    code: { type: "string", maxLength: 32 },
  },
  // Which of the connection states are we in (options page and popup).
  status: {},
  // The seller's cases, nearest deadline first (GET /api/v1/cases).
  listCases: {},
  // Platforms with their policy packs (GET /api/v1/platforms).
  platforms: {},
  // One case with its timeline (GET /api/v1/cases/{id}).
  getCase: { caseId: CASE_ID },
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

function fieldProblem(name, rule, value) {
  if (rule.type === "integer") {
    return Number.isSafeInteger(value) && value >= 0 ? null : `field ${name} must be a whole number`;
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
