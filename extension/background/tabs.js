// The service worker's bridge to the seller's tab: inject the content scripts on demand and
// ask them for something. Nothing is injected until the seller opens the extension on a tab.

// Injected in this order into the tab's top frame (classic scripts, one isolated world).
// core.js first (the namespace), the shared helpers, the generic adapter, the marketplace
// adapters (content/platforms/), then the actions.
export const CONTENT_FILES = [
  "content/core.js",
  "content/dom.js",
  "content/generic.js",
  "content/platforms/kit.js",
  "content/platforms/aliexpress.js",
  "content/platforms/amazon.js",
  "content/platforms/ebay.js",
  "content/platforms/wish.js",
  "content/platforms/tmall.js",
  "content/platforms/taobao.js",
  "content/platforms/shopee.js",
  "content/platforms/lazada.js",
  "content/platforms/tiktok_shop.js",
  "content/platforms/etsy.js",
  "content/platforms/shopify.js",
  "content/platforms/paypal.js",
  "content/platforms/walmart.js",
  "content/platforms/mercadolibre.js",
  "content/platforms/temu.js",
  "content/scrape.js",
  "content/fill/strategies.js",
  "content/fill/fill.js",
  "content/capture.js",
];

export class TabError extends Error {
  constructor(code, detail = "") {
    super(detail || code);
    this.code = code;
    this.detail = detail;
  }
}

async function loaded(tabId) {
  const [result] = await chrome.scripting.executeScript({
    target: { tabId, frameIds: [0] },
    func: () => Boolean(globalThis.DisputeClerkContent?.loaded),
  });
  return result?.result === true;
}

/** Make sure our content scripts run in the tab's top frame (once per document). */
export async function injectContent(tabId) {
  try {
    if (await loaded(tabId)) {
      return;
    }
    await chrome.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: CONTENT_FILES });
  } catch (error) {
    // chrome:// pages, the Web Store, PDF viewers and closed tabs cannot be scripted.
    throw new TabError("page_not_readable", String(error?.message ?? error));
  }
}

/** Send `{channel: "disputeclerk", action, ...args}` to the tab's content script; its answer. */
export async function askTab(tabId, action, args = {}) {
  await injectContent(tabId);
  let answer;
  try {
    answer = await chrome.tabs.sendMessage(tabId, { channel: "disputeclerk", action, ...args }, { frameId: 0 });
  } catch (error) {
    throw new TabError("page_not_readable", String(error?.message ?? error));
  }
  if (!answer || typeof answer !== "object") {
    throw new TabError("page_no_answer", action);
  }
  return answer;
}
