// What the extension's own pages may ask the service worker, and who counts as "own".
//
// Every message is checked here before anything privileged runs: a known type, exactly the
// declared fields with the declared types, and a sender that is one of this extension's pages.
// Content scripts (a later issue) will get their own, narrower list: they run inside
// marketplace pages, which we do not trust.

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
};

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
    const value = message[name];
    if (typeof value !== rule.type) {
      return `field ${name} must be a ${rule.type}`;
    }
    if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      return `field ${name} is too long`;
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
    && sender.url.startsWith(chrome.runtime.getURL(""));
}
