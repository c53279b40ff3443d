// Taobao (淘宝): the seller back office's order detail, refund (售后) detail and
// platform-intervention pages, in 千牛 (qn.taobao.com, myseller.taobao.com) and the refund
// system (refund2.taobao.com).
//
// Taobao shops and Tmall stores share one back office, so the reader lives in tmall.js
// (DC.alibabaBackOffice, injected before this file); see it for the selectors and the page
// variants each serves. The Tmall adapter, registered first, takes the 千牛 pages of Tmall
// stores; this one takes every other Taobao seller page.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic) {
    return;
  }
  const kit = DC.alibabaBackOffice;
  if (!kit) {
    DC.log("taobao: the shared back-office reader (platforms/tmall.js) is not loaded; no Taobao adapter");
    return;
  }

  // Every taobao.com host the seller works on: 千牛 (qn., myseller.), refund2., trade., rights.
  const HOST = /(^|\.)taobao\.com$/i;

  DC.registerAdapter(kit.adapter({
    id: "taobao",
    platform: "taobao",
    matches: (url) => HOST.test(url.hostname),
  }));
})();
