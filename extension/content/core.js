// Dispute Clerk's content-script core: the first file the service worker injects into a tab
// (chrome.scripting.executeScript, only when the seller clicks the extension; nothing of ours
// runs on a page before that).
//
// Content scripts are classic scripts sharing one isolated world per tab, so the files talk
// through one namespace object, `DisputeClerkContent`:
//   DC.handle(action, fn)      register what the extension may ask this page (scrape, fill, …)
//   DC.registerAdapter(a)      a marketplace adapter (content/platforms/*.js)
//   DC.adapters                the registered adapters, in registration order
//
// The page itself never sees any of this (isolated world), and only this extension's own
// worker and pages can send the messages handled here.
(() => {
  "use strict";

  if (globalThis.DisputeClerkContent?.loaded) {
    return; // injected twice into the same document: keep the first copy
  }

  const handlers = new Map();
  const adapters = [];

  const DC = {
    loaded: true,
    handlers,
    adapters,

    /** Answer `{channel: "disputeclerk", action}` messages with `fn(message)` (may be async). */
    handle(action, fn) {
      handlers.set(action, fn);
    },

    /** Add a marketplace adapter; a second adapter with the same id replaces the first. */
    registerAdapter(adapter) {
      const at = adapters.findIndex((known) => known.id === adapter.id);
      if (at >= 0) {
        adapters.splice(at, 1, adapter);
      } else {
        adapters.push(adapter);
      }
    },

    log(...parts) {
      console.info("[disputeclerk]", ...parts);
    },
  };

  DC.handle("ping", () => ({
    ok: true,
    actions: [...handlers.keys()],
    adapters: adapters.map((a) => ({ id: a.id, platform: a.platform, pageTypes: a.pageTypes ?? [] })),
  }));

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (!message || message.channel !== "disputeclerk") {
      return false;
    }
    // Only the extension itself (its worker or its pages) may ask; a message from another
    // tab's content script carries sender.tab and is refused.
    if (sender.id !== chrome.runtime.id || sender.tab) {
      sendResponse({ ok: false, error: { code: "sender_not_allowed" } });
      return false;
    }
    const handler = handlers.get(message.action);
    if (!handler) {
      sendResponse({ ok: false, error: { code: "unknown_action", detail: String(message.action) } });
      return false;
    }
    Promise.resolve()
      .then(() => handler(message))
      .then((answer) => sendResponse(answer))
      .catch((error) => {
        DC.log(`${message.action} failed:`, error);
        sendResponse({ ok: false, error: { code: "page_error", detail: String(error?.message ?? error) } });
      });
    return true;
  });

  globalThis.DisputeClerkContent = DC;
})();
