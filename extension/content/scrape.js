// The scrape action: the marketplace adapter that knows this page, the generic reader for
// everything it does not find, one answer for the popup and the service worker.
//
//   DC.matchAdapter(location)   the first registered adapter whose URL patterns match
//   DC.scrape()                 the answer below (also DC.handle("scrape"))
//
// An adapter (content/platforms/*.js) is a plain object given to DC.registerAdapter:
//   {id, platform, matches(url) → bool, pageType(doc, url) → type|null, region(url) → code|null,
//    fields: {"order.id": (doc, url) => value, "messages": (doc, url) => [...], …},
//    keyFields: ["order.id", …] or {dispute: [...], message: [...]} (per page type),
//    pageTypes: ["order", "dispute", …] (the page types it claims; each has a fixture page),
//    replyBox(doc) → Element | null (not sure: the generic search decides) | false (no box here)}
// Each field reader runs in its own try/catch: a selector that broke in a redesign adds a
// health warning and the generic value takes its place; it never takes the scrape down.
//
// Answer: {ok, context, adapter: {id, platform, page_type}, found: {field: "adapter"|"generic"},
//          missing: [key fields nobody found], health: [...], selected_text, reply_box}.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC || DC.scrape) {
    return;
  }
  const dom = DC.dom;

  const PLATFORMS = new Set(["aliexpress", "amazon", "ebay", "wish", "tmall", "taobao", "shopee", "lazada",
    "tiktok_shop", "etsy", "shopify", "paypal", "walmart", "mercadolibre", "temu"]);
  const PAGE_TYPES = new Set(["order", "dispute", "return", "message", "claim", "chargeback", "review"]);
  const SENDERS = new Set(["buyer", "seller", "platform"]);
  // What the popup must ask the seller for when nobody found it (order.id is not needed when
  // the dispute id is there: the server files the case under either).
  const KEY_FIELDS = ["platform", "page_type", "order.id", "messages"];
  // Fields that hold {amount, currency}.
  const MONEY = new Set(["order.total", "dispute.refund"]);

  /**
   * The page's address. On marketplace sites it is location.href. TEST HOOK: a page served
   * from this computer (127.0.0.1, localhost, file:) may declare the address it was saved
   * from with <meta name="disputeclerk:url" content="https://…">, so fixture pages exercise the
   * adapters that match real marketplace URLs. A real site cannot use the hook: its
   * host name is never one of those.
   */
  function pageUrl(doc = document, loc = location) {
    const here = new URL(loc.href);
    const local = here.protocol === "file:" || ["127.0.0.1", "localhost", "[::1]"].includes(here.hostname);
    const declared = doc.querySelector("meta[name='disputeclerk:url']")?.getAttribute("content");
    if (local && declared) {
      try {
        return new URL(declared);
      } catch (error) {
        DC.log("scrape: the disputeclerk:url meta tag is not a URL, using the page's own");
      }
    }
    return here;
  }

  function toUrl(where) {
    if (where instanceof URL) {
      return where;
    }
    if (typeof where === "string") {
      return new URL(where);
    }
    // A Location: the document's (test pages may declare their original URL).
    return where === globalThis.location ? pageUrl(document, where) : new URL(where.href);
  }

  /** The first registered adapter whose URL patterns match `where` (a Location, URL or string). */
  function matchAdapter(where = location) {
    const url = toUrl(where);
    for (const adapter of DC.adapters) {
      try {
        if (adapter.matches(url)) {
          return adapter;
        }
      } catch (error) {
        DC.log(`scrape: adapter ${adapter.id} failed to match:`, String(error?.message ?? error));
      }
    }
    return null;
  }

  function isEmpty(value) {
    return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0) ||
      (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
  }

  /** An adapter's value made safe for the contract (plain strings, capped, known enums); null if unusable. */
  function tidy(field, value) {
    if (isEmpty(value)) {
      return null;
    }
    if (field === "messages") {
      if (!Array.isArray(value)) {
        return null;
      }
      const messages = value.filter((m) => m && typeof m.text === "string" && dom.clean(m.text)).map((m) => {
        const message = { from: SENDERS.has(m.from) ? m.from : "buyer", text: dom.cap(dom.clean(m.text), dom.LIMITS.message) };
        if (typeof m.sent_at === "string" && m.sent_at.trim()) {
          message.sent_at = dom.cap(dom.clean(m.sent_at, { lines: false }), 100);
        }
        return message;
      });
      return messages.length ? messages.slice(-dom.LIMITS.messages) : null;
    }
    if (field === "page_deadlines") {
      if (!Array.isArray(value)) {
        return null;
      }
      const deadlines = value.filter((d) => d && typeof d.text === "string" && d.text.trim()).slice(0, 50)
        .map((d) => ({ label: dom.cap(dom.clean(d.label ?? "", { lines: false }), 200), text: dom.cap(dom.clean(d.text, { lines: false }), 200) }));
      return deadlines.length ? deadlines : null;
    }
    if (field === "order.items") {
      return Array.isArray(value) ? value.slice(0, 100) : null;
    }
    if (MONEY.has(field)) {
      if (typeof value !== "object" || value.amount == null || value.amount === "") {
        return null;
      }
      const money = { amount: String(value.amount) };
      if (value.currency) {
        money.currency = String(value.currency);
      }
      return money;
    }
    if (field === "platform") {
      return PLATFORMS.has(value) ? value : null;
    }
    if (field === "page_type") {
      return PAGE_TYPES.has(value) ? value : null;
    }
    if (typeof value === "number") {
      return String(value);
    }
    if (typeof value !== "string") {
      return null;
    }
    const text = dom.cap(dom.clean(value), dom.LIMITS.field);
    return text || null;
  }

  /** Put "order.tracking.number" = v into {order: {tracking: {number: v}}}. */
  function setPath(target, path, value) {
    const keys = path.split(".");
    let node = target;
    for (const key of keys.slice(0, -1)) {
      node[key] = node[key] ?? {};
      node = node[key];
    }
    node[keys.at(-1)] = value;
  }

  function keyFieldsOf(adapter, pageType) {
    const keys = adapter.keyFields;
    if (typeof keys === "function") {
      return keys(pageType) ?? [];
    }
    if (Array.isArray(keys)) {
      return keys;
    }
    return (keys && (keys[pageType] ?? keys.default)) ?? [];
  }

  function selectedText() {
    let text = String(globalThis.getSelection?.() ?? "");
    const active = document.activeElement;
    // A selection inside a text field is not part of the document's selection.
    if (!text.trim() && (active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement)) {
      try {
        text = active.value.slice(active.selectionStart ?? 0, active.selectionEnd ?? 0);
      } catch (error) {
        text = ""; // inputs of types without a selection (number, email)
      }
    }
    return dom.cap(text.trim(), dom.LIMITS.selection);
  }

  function hasReplyBox(adapter) {
    try {
      if (typeof DC.findReplyBox === "function") {
        return Boolean(DC.findReplyBox());
      }
      return Boolean(adapter?.replyBox?.(document));
    } catch (error) {
      DC.log("scrape: looking for the reply box failed:", String(error?.message ?? error));
      return false;
    }
  }

  /** Read the page: the answer of the "scrape" action. */
  function scrape() {
    const doc = document;
    const url = pageUrl(doc, location);
    const adapter = matchAdapter(url);
    const health = [];
    const fromAdapter = {};
    let adapterPageType = null;
    const failed = [];

    if (adapter) {
      try {
        adapterPageType = tidy("page_type", adapter.pageType?.(doc, url));
      } catch (error) {
        failed.push({ field: "page_type", error });
      }
      if (adapter.platform) {
        fromAdapter.platform = tidy("platform", adapter.platform);
      }
      if (adapterPageType) {
        fromAdapter.page_type = adapterPageType;
      }
      try {
        const region = adapter.region?.(url);
        if (region) {
          fromAdapter.region = String(region);
        }
      } catch (error) {
        failed.push({ field: "region", error });
      }
      for (const [field, reader] of Object.entries(adapter.fields ?? {})) {
        try {
          const value = tidy(field, reader(doc, url));
          if (value !== null) {
            fromAdapter[field] = value;
          }
        } catch (error) {
          failed.push({ field, error });
        }
      }
      if (failed.length) {
        const fields = failed.map((f) => f.field);
        health.push({ code: "reader_failed", adapter: adapter.id, fields,
                      detail: failed.map((f) => `${f.field}: ${String(f.error?.message ?? f.error)}`).join("; ").slice(0, 500) });
        DC.log(`scrape: adapter ${adapter.id} readers failed: ${fields.join(", ")}`);
      }
    }

    let fromGeneric = {};
    try {
      fromGeneric = DC.generic.read(doc, url, { platform: fromAdapter.platform, buyerName: fromAdapter["buyer.name"] });
    } catch (error) {
      health.push({ code: "generic_failed", adapter: "generic", fields: [], detail: String(error?.message ?? error).slice(0, 500) });
      DC.log("scrape: the generic reader failed:", String(error?.message ?? error));
    }

    // Field by field: the adapter's value when it found one, else the generic one.
    const context = {};
    const found = {};
    const fields = new Set([...Object.keys(fromAdapter), ...Object.keys(fromGeneric)]);
    for (const field of fields) {
      let value = fromAdapter[field];
      let source = "adapter";
      if (isEmpty(value)) {
        value = tidy(field, fromGeneric[field]);
        source = "generic";
      }
      if (value === null || isEmpty(value)) {
        continue;
      }
      setPath(context, field, value);
      found[field] = source;
    }
    context.url = url.href;
    found.url = found.url ?? "generic";

    // The adapter recognised its page but found none of some key fields itself: the site may
    // have changed under it. The generic values still fill in; the alarm says to fix the adapter.
    if (adapter && adapterPageType) {
      const lost = keyFieldsOf(adapter, adapterPageType).filter((field) => isEmpty(fromAdapter[field]));
      if (lost.length) {
        health.push({ code: "selectors_missing", adapter: adapter.id, fields: lost });
        DC.log(`scrape: adapter ${adapter.id} recognised a ${adapterPageType} page but found none of: ${lost.join(", ")}`);
      }
    }

    const missing = KEY_FIELDS.filter((field) => {
      if (field === "order.id") {
        return !found["order.id"] && !found["dispute.id"];
      }
      return !found[field];
    });

    return {
      ok: true,
      context,
      adapter: adapter
        ? { id: adapter.id, platform: adapter.platform ?? null, page_type: adapterPageType }
        : { id: "generic", platform: null, page_type: null },
      found,
      missing,
      health,
      selected_text: selectedText(),
      reply_box: hasReplyBox(adapter),
    };
  }

  DC.pageUrl = pageUrl;
  DC.matchAdapter = matchAdapter;
  DC.scrape = () => dom.cached(scrape);
  DC.handle("scrape", () => DC.scrape());
})();
