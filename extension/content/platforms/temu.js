// Temu seller centres: order details, after-sales (return/refund requests) and buyer messages,
// in the Chinese back-offices (seller.kuajingmaihuo.com, agentseller.temu.com) and the English
// ones (agentseller-us / -eu, seller.temu.com for local sellers).
//
// What this adapter knows that the generic reader does not: which URL is which page, Temu's
// order numbers ("PO-211-…") and where they sit in URLs, Temu's wording of its fields in
// Chinese and English, the buyer's two kinds of after-sales request, the site (region) each
// centre or the page's "站点/Site" field names, and who "Temu" is in a history. Everything
// else it leaves to the generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label and heading text, ARIA roles
// (timer, log, textbox); class names only where nothing else tells the blocks apart, each named.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic || !DC.kit) {
    return;
  }
  const { dom, generic } = DC;

  // seller.kuajingmaihuo.com: the fully-managed (全托管) supplier centre; agentseller(-us|-eu).temu.com:
  // the semi-managed (半托管) seller centre and its regional copies; seller(-eu).temu.com: local sellers.
  const HOST = /^seller\.kuajingmaihuo\.com$|^(agent)?seller(-[a-z]{2})?\.temu\.com$/i;

  // Host → region. The fully-managed centre sells through Temu in every market: the policy pack
  // calls that region "GLOBAL". The EU copies serve several countries: no one region. The
  // semi-managed centre on agentseller.temu.com serves the site the seller picked, which the
  // page prints as "站点"/"Site" (read below).
  const REGIONS = [
    [/^seller\.kuajingmaihuo\.com$/i, "GLOBAL"],
    [/^agentseller-us\.temu\.com$/i, "US"],
    [/^seller\.temu\.com$/i, "US"],
    [/^(agent)?seller-eu\.temu\.com$/i, null],
  ];

  // Temu's word for the site a page is about, and the country names it prints there.
  const SITE_LABELS = ["站点", "销售站点", "Site", "Region", "Marketplace"];

  function regionOf(doc, url) {
    const known = REGIONS.find(([pattern]) => pattern.test(url.hostname));
    if (known) {
      return known[1];
    }
    const site = generic.valueByLabel(doc, "buyer.country", SITE_LABELS, { hints: {} });
    return site && /^[A-Z]{2}$/.test(site) ? site : null;
  }

  // Page variants by URL path (agentseller's /mmsos/ pages and their names in links):
  //   return-refund-list.html, return-refund-detail…, after-sales…, /aftersales/… (售后)
  //   message…, chat…, contact-buyer… (buyer messages)
  //   orders.html, order-detail… (订单)
  function pageType(doc, url) {
    const path = url.pathname.toLowerCase();
    if (/return|refund|after-?sales?|aftersale/.test(path)) {
      return "return";
    }
    if (/message|chat|contact-buyer|\/im\b/.test(path)) {
      return "message";
    }
    if (/order/.test(path)) {
      return "order";
    }
    return null;
  }

  const HEADINGS = {
    // After-sales detail: the request's block.
    request: ["售后信息", "退款信息", "退货信息", "申请信息", "Return information", "Request information",
              "Return details", "Refund information"],
    // Order details and the order block of the other pages.
    order: ["订单信息", "基本信息", "Order information", "Order details", "Order info"],
    // After-sales detail: the history of what buyer, seller and Temu did.
    history: ["协商历史", "售后记录", "处理记录", "协商记录", "Negotiation history", "Return history", "Request history",
              "Activity"],
  };

  const LABELS = {
    "order.id": ["订单号", "订单编号", "父订单号", "PO单号", "Order ID", "Order number", "Order No", "PO number"],
    "dispute.id": ["售后单号", "退货单号", "退款单号", "售后编号", "Return ID", "Return number", "Refund ID", "After-sales ID"],
    "dispute.request": ["售后类型", "申请类型", "退款类型", "Request type", "Return type", "Refund type"],
    "dispute.reason": ["售后原因", "退货原因", "退款原因", "申请原因", "Return reason", "Refund reason", "Reason"],
    "dispute.status": ["售后状态", "退货状态", "退款状态", "状态", "Return status", "Request status", "Status"],
    "dispute.opened_at": ["申请时间", "售后申请时间", "发起时间", "Request time", "Requested on", "Return requested"],
    "dispute.refund": ["退款金额", "申请退款金额", "Refund amount", "Requested refund"],
    "order.total": ["订单金额", "订单总额", "实付金额", "Order total", "Order amount", "Total"],
    "order.placed_at": ["下单时间", "订单创建时间", "Order time", "Order placed", "Order date", "Placed on"],
    "order.paid_at": ["支付时间", "付款时间", "Paid time", "Payment time"],
    "order.shipped_at": ["发货时间", "Shipped time", "Shipped on"],
    "order.delivered_at": ["签收时间", "妥投时间", "送达时间", "Delivered time", "Delivered on"],
    "order.tracking.number": ["物流单号", "运单号", "快递单号", "Tracking number", "Tracking No"],
    "order.tracking.carrier": ["物流商", "物流公司", "承运商", "Carrier", "Shipping carrier", "Logistics provider"],
    "order.tracking.status": ["物流状态", "物流轨迹状态", "Shipping status", "Tracking status"],
    "buyer.name": ["买家", "买家姓名", "收件人", "Buyer", "Buyer name", "Customer", "Recipient"],
    "buyer.country": ["收货国家", "目的国", "收货国家/地区", "Ship-to country", "Destination country", "Country"],
  };

  const REQUESTS = [
    [/退货退款|return\s*(and|&)\s*refund/i, "return_and_refund"],
    [/仅退款|只退款|refund\s*only/i, "refund_only"],
  ];

  const block = (doc, names) => DC.kit.block(doc, names);


  function labelled(field) {
    return (doc, url) => {
      const hints = { locale: doc.documentElement.lang, region: regionOf(doc, url) ?? undefined };
      for (const names of [HEADINGS.request, HEADINGS.order, null]) {
        const root = names ? block(doc, names) : null;
        if (names && !root) {
          continue;
        }
        const value = generic.valueByLabel(doc, field, LABELS[field], { root, hints });
        if (value !== null) {
          return value;
        }
      }
      return null;
    };
  }

  // Temu parent order numbers: "PO-211-01234567890123456" (the "211" names the site).
  const ORDER_ID = /^PO-\d{3}-\d{8,20}$/;

  function orderId(doc, url) {
    // Order and after-sales URLs carry the parent order number (parentOrderSn=, orderSn=).
    for (const key of ["parentOrderSn", "orderSn", "parent_order_sn", "order_sn"]) {
      const id = url.searchParams.get(key);
      if (ORDER_ID.test(id ?? "")) {
        return id;
      }
    }
    const value = labelled("order.id")(doc, url);
    if (value && ORDER_ID.test(value)) {
      return value;
    }
    // Message pages: the order card above the conversation prints "PO-…" with no label.
    const card = dom.queryAll("[aria-label]", doc).find((el) => /订单|order/i.test(el.getAttribute("aria-label") ?? "") &&
      !el.matches("[role='log']") && dom.isVisible(el));
    const printed = card && /\bPO-\d{3}-\d{8,20}\b/.exec(dom.visibleText(card));
    return printed ? printed[0] : null;
  }

  function returnId(doc, url) {
    for (const key of ["returnSn", "afterSalesSn", "afterSalesId", "return_sn"]) {
      const id = url.searchParams.get(key);
      if (/^[A-Z0-9-]{8,40}$/i.test(id ?? "")) {
        return id;
      }
    }
    return pageType(doc, url) === "return" ? labelled("dispute.id")(doc, url) : null;
  }

  const ACTORS = [
    [/^(买家|消费者|buyer|customer)/i, "buyer"],
    [/^(卖家|商家|我|您|you|seller)/i, "seller"],
    [/^(temu|平台|系统|platform|system)/i, "platform"],
  ];
  function roleOf(item) {
    const marked = item.getAttribute("data-role") ?? item.querySelector("[data-role]")?.getAttribute("data-role");
    if (["buyer", "seller", "platform"].includes(marked)) {
      return marked;
    }
    const head = dom.clean(item.textContent, { lines: false }).slice(0, 40);
    return ACTORS.find(([pattern]) => pattern.test(head))?.[1] ?? null;
  }

  function historyMessages(doc) {
    const root = block(doc, HEADINGS.history);
    if (!root) {
      return null;
    }
    // One history entry per <li> or role="listitem" (return/after-sales detail).
    const items = [...root.querySelectorAll("[role='listitem'], li")].filter((el) => !el.parentElement.closest("[role='listitem'], li"));
    if (!items.length) {
      return null;
    }
    const messages = generic.messagesFrom(items, { roleOf, container: root });
    // Newest-first lists say so (data-order="desc"): the contract wants the oldest first.
    const list = root.querySelector("ol, ul, [role='list']");
    return /desc/i.test(list?.getAttribute("data-order") ?? "") ? [...messages].reverse() : messages;
  }

  // Chat bubbles (buyer messages page): the seller's own carry the widget's "…-right"/"…-self"
  // class, the buyer's "…-left", Temu's notices "…-system"; alignment (generic) is the fallback.
  function chatRole(item) {
    const marked = roleOf(item);
    if (marked && item.getAttribute("data-role")) {
      return marked;
    }
    const classes = `${item.className} ${item.firstElementChild?.className ?? ""}`;
    if (/(^|[-_\s])(right|self|mine)([-_\s]|$)/i.test(classes)) {
      return "seller";
    }
    if (/(^|[-_\s])(left|other)([-_\s]|$)/i.test(classes)) {
      return "buyer";
    }
    if (/system|notice/i.test(classes)) {
      return "platform";
    }
    return null;
  }

  // The open conversation is role="log"; the conversation list beside it (role="listbox") is not read.
  const chatMessages = (doc) => DC.kit.panelMessages(DC.kit.chatLog(doc), chatRole);

  // The conversation's header names the buyer (buyer messages page).
  const chatPartner = (doc) => DC.kit.chatPartner(doc);

  // Product lines: a table whose header names the product (order and after-sales details).
  const ITEM_COLUMNS = dom.labelTable({
    title: ["商品名称", "商品信息", "商品", "货品名称", "Product", "Product name", "Item"],
    variant: ["SKU属性", "规格", "属性", "Variation", "Specification", "Attributes"],
    sku: ["SKU货号", "货号", "SKU ID", "SKU", "Seller SKU", "Contribution SKU"],
    quantity: ["数量", "售后数量", "退货数量", "Quantity", "Qty"],
  });

  const items = (doc) => DC.kit.itemsFromTable(doc, ITEM_COLUMNS);

  // Countdowns: role="timer" (after-sales and messages pages) labelled by aria-label or the
  // text before it; else "请在…内处理"/"Respond within…" in the status banner (role="alert").
  const timers = (doc) => DC.kit.timers(doc);

  DC.registerAdapter({
    id: "temu",
    platform: "temu",
    pageTypes: ["order", "return", "message"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    // Only the host is known here; the page's "站点/Site" field is read as a field below.
    region: (url) => REGIONS.find(([pattern]) => pattern.test(url.hostname))?.[1] ?? null,
    keyFields: { order: ["order.id"], return: ["order.id", "dispute.id", "dispute.opened_at"], message: ["messages"] },
    fields: {
      // The site the semi-managed centre's page is about, when the host does not say.
      "region": (doc, url) => regionOf(doc, url),
      "order.id": orderId,
      "dispute.id": returnId,
      "dispute.request": (doc, url) => {
        const raw = labelled("dispute.request")(doc, url);
        return raw ? (REQUESTS.find(([pattern]) => pattern.test(raw))?.[1] ?? raw) : null;
      },
      "dispute.reason": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.reason")(doc, url) : null),
      "dispute.status": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.status")(doc, url) : null),
      "dispute.opened_at": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.opened_at")(doc, url) : null),
      "dispute.refund": labelled("dispute.refund"),
      "order.total": labelled("order.total"),
      "order.placed_at": labelled("order.placed_at"),
      "order.paid_at": labelled("order.paid_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "order.tracking.status": labelled("order.tracking.status"),
      "order.items": items,
      "buyer.name": (doc, url) => labelled("buyer.name")(doc, url) ?? chatPartner(doc),
      "buyer.country": labelled("buyer.country"),
      "messages": (doc) => historyMessages(doc) ?? chatMessages(doc),
      "page_deadlines": timers,
    },
    // The reply box: the buyer-messages editor only (a textarea or contenteditable
    // role="textbox" below the conversation); after-sales pages answer through forms.
    replyBox: (doc) => {
      if (pageType(doc, DC.pageUrl?.(doc, location) ?? new URL(location.href)) !== "message") {
        return null;
      }
      return dom.queryAll("textarea, [contenteditable='true'][role='textbox']", doc).find((el) => dom.isVisible(el)) ?? null;
    },
  });
})();
