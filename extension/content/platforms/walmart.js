// Walmart Marketplace Seller Center: order details, returns, and the Seller Center Inbox
// (customer messages, the "Customer" tab), in English (Walmart requires English support for
// its US and Canadian marketplaces).
//
// What this adapter knows that the generic reader does not: which URL is which page, that the
// purchase order number (PO #) is the order's key in Seller Center (every page shows it, while
// the customer order number is the customer's), Walmart's wording of its fields, the marketplace
// of each Seller Center host, when a return reached the return centre (the clock of the 48-hour
// refund rule), and who "Walmart" / "Walmart Customer Care" is in a thread. Everything else it
// leaves to the generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label and heading text, ARIA roles;
// class names only where nothing else tells the blocks apart, each named.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic || !DC.kit) {
    return;
  }
  const { dom, generic } = DC;

  // Seller Center hosts → marketplace region.
  const REGIONS = [
    [/^seller\.walmart\.com$/i, "US"],
    [/^seller\.walmart\.ca$/i, "CA"],
    [/^seller\.walmart\.com\.mx$/i, "MX"],
  ];

  // Page variants by URL path (Seller Center routes as its links and guides show them):
  //   /orders/returns, /returns…, /returns-management… (Returns dashboard and return details)
  //   /inbox…, /messages…, /customer-care… (Seller Center Inbox)
  //   /order-management/details?poNumber=…, /orders/manage-orders?poNumber=…, /orders/details (order)
  function pageType(doc, url) {
    const path = url.pathname.toLowerCase();
    if (/returns?(\b|-|\/)/.test(path) && !/reimbursement/.test(path)) {
      return "return";
    }
    if (/inbox|messages?|customer-care/.test(path)) {
      return "message";
    }
    if (/order/.test(path)) {
      return "order";
    }
    return null;
  }

  const HEADINGS = {
    // Return details: the return's own block.
    return: ["Return details", "Return information", "Return summary"],
    // Order details and the order panel beside a message.
    order: ["Order details", "Order information", "Order summary"],
  };

  const LABELS = {
    "order.id": ["PO #", "PO number", "Purchase order #", "Purchase order number", "PO"],
    "dispute.id": ["Return order #", "Return order number", "Return #", "RMA #", "RMA number", "Return ID"],
    "dispute.reason": ["Return reason", "Reason for return", "Reason"],
    "dispute.status": ["Return status", "Status"],
    "dispute.opened_at": ["Return initiated", "Return initiated on", "Return created", "Return requested", "Initiated on"],
    "dispute.refund": ["Refund amount", "Refund total", "Estimated refund"],
    "events.return_received": ["Return received", "Received at return center", "Received on", "Return delivered"],
    "order.total": ["Order total", "Total", "Grand total"],
    "order.placed_at": ["Order date", "Order placed", "Ordered on"],
    "order.shipped_at": ["Ship date", "Shipped on", "Shipped date"],
    "order.delivered_at": ["Delivered on", "Delivery date", "Delivered date"],
    "order.tracking.number": ["Tracking #", "Tracking number"],
    "order.tracking.carrier": ["Carrier", "Shipping carrier", "Carrier name"],
    "order.tracking.status": ["Shipment status", "Tracking status"],
    "buyer.name": ["Customer name", "Customer", "Recipient"],
    "page.ship_by": ["Ship by", "Estimated ship date", "Expected ship date"],
    "page.deliver_by": ["Deliver by", "Estimated delivery date", "Expected delivery date"],
  };

  // Field kinds for valueByLabel (it reads values the generic way): the extra keys above
  // borrow a known field's kind.
  const READ_AS = { "events.return_received": "dispute.opened_at",
                    "page.ship_by": "order.placed_at", "page.deliver_by": "order.placed_at" };

  const block = (doc, names) => DC.kit.block(doc, names, { also: ["aside"] });


  function labelled(field) {
    return (doc, url) => {
      const hints = { locale: doc.documentElement.lang, region: region(url) ?? undefined };
      for (const names of [HEADINGS.return, HEADINGS.order, null]) {
        const root = names ? block(doc, names) : null;
        if (names && !root) {
          continue;
        }
        const value = generic.valueByLabel(doc, READ_AS[field] ?? field, LABELS[field], { root, hints });
        if (value !== null) {
          return value;
        }
      }
      return null;
    };
  }

  const region = (url) => REGIONS.find(([pattern]) => pattern.test(url.hostname))?.[1] ?? null;

  // Purchase order numbers are 13 to 15 digits in Seller Center.
  const PO = /^\d{10,16}$/;

  function orderId(doc, url) {
    // Order details and filtered order/return lists: ?poNumber= (also purchaseOrderId=).
    for (const key of ["poNumber", "purchaseOrderId", "po"]) {
      const id = url.searchParams.get(key);
      if (PO.test(id ?? "")) {
        return id;
      }
    }
    const value = labelled("order.id")(doc, url);
    return value && PO.test(value) ? value : null;
  }

  // Who wrote a message of an Inbox thread: the sender line Walmart prints over each message
  // ("Customer", "You", "Walmart Customer Care"), or data-role where the page marks it.
  function roleOf(item) {
    const marked = item.getAttribute("data-role") ?? item.querySelector("[data-role]")?.getAttribute("data-role");
    if (["buyer", "seller", "platform"].includes(marked)) {
      return marked;
    }
    // The sender heading of each Inbox message (<h3>/<header>); the sender/from class names
    // last, for a redesign that drops the heading.
    const head = dom.clean(item.querySelector("h3, h4, header, [class*='sender' i], [class*='from' i]")?.textContent ??
      dom.visibleText(item).split("\n")[0], { lines: false });
    if (/^(you|me|seller|your reply)\b/i.test(head)) {
      return "seller";
    }
    if (/^walmart\b/i.test(head)) {
      return "platform";
    }
    if (/^customer\b/i.test(head)) {
      return "buyer";
    }
    return null;
  }

  function threadMessages(doc) {
    // The open message: an element labelled as the thread (aria-label "Message thread" /
    // "Conversation", Inbox), one <article> or role="article" per message, oldest first.
    const thread = dom.queryAll("[aria-label], [role='log']", doc).find((el) =>
      (el.getAttribute("role") === "log" || /thread|conversation/i.test(el.getAttribute("aria-label") ?? "")) && dom.isVisible(el));
    if (!thread) {
      return null;
    }
    const items = [...thread.querySelectorAll("[role='article'], article")];
    return items.length ? generic.messagesFrom(items, { roleOf, container: thread }) : null;
  }

  // Product lines: the items table (order details, return details).
  const ITEM_COLUMNS = dom.labelTable({
    title: ["Item", "Item name", "Product", "Product name", "Item description"],
    sku: ["SKU", "Seller SKU"],
    variant: ["Variant", "Variation", "Options", "Size / Color"],
    quantity: ["Qty", "Quantity", "Return qty", "Qty ordered"],
  });

  const items = (doc) => DC.kit.itemsFromTable(doc, ITEM_COLUMNS);

  // What the page prints as due: the order's "Ship by"/"Deliver by" dates (order details),
  // role="timer" countdowns, and the Inbox's "Respond by …" alert (role="alert"/"status").
  function deadlines(doc, url) {
    const found = [];
    for (const [field, label] of [["page.ship_by", "Ship by"], ["page.deliver_by", "Deliver by"]]) {
      const text = pageType(doc, url) === "order" ? labelled(field)(doc, url) : null;
      if (text) {
        found.push({ label, text });
      }
    }
    // role="timer": the request's countdown (return/after-sales details, messages banner).
    for (const timer of dom.queryAll("[role='timer']", doc)) {
      const text = dom.isVisible(timer) ? dom.clean(dom.visibleText(timer), { lines: false }) : "";
      if (text) {
        found.push({ label: dom.clean(timer.getAttribute("aria-label") ?? "", { lines: false }), text });
      }
    }
    // The status banner above the request or message (role="alert"/"status"), any page variant.
    const lines = dom.queryAll("[role='alert'], [role='status']", doc)
      .filter((el) => dom.isVisible(el) && !el.querySelector("[role='timer']")).flatMap((el) => dom.visibleText(el).split("\n"));
    for (const line of lines) {
      // "Refund by May 7, 2026 10:30 AM" (returns), "Respond by …" (Inbox): Walmart's banners
      // name the action; the generic cues know "respond by" but not "refund by".
      const due = /\b(refund|respond|reply|ship|deliver)\s+by\s*:?\s*(.+)$/i.exec(line);
      const text = due && dom.dateIn(due[2]);
      if (text) {
        found.push({ label: `${due[1][0].toUpperCase()}${due[1].slice(1).toLowerCase()} by`, text });
      }
    }
    if (!found.some((entry) => entry.label && /\bby$/.test(entry.label))) {
      found.push(...generic.readDeadlines(lines));
    }
    return found.length ? found : null;
  }

  DC.registerAdapter({
    id: "walmart",
    platform: "walmart",
    pageTypes: ["order", "return", "message"],
    matches: (url) => REGIONS.some(([pattern]) => pattern.test(url.hostname)),
    pageType,
    region,
    keyFields: { order: ["order.id"], return: ["order.id", "dispute.id"], message: ["order.id", "messages"] },
    fields: {
      "order.id": orderId,
      "dispute.id": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.id")(doc, url) : null),
      "dispute.reason": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.reason")(doc, url) : null),
      "dispute.status": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.status")(doc, url) : null),
      "dispute.opened_at": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.opened_at")(doc, url) : null),
      "dispute.refund": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.refund")(doc, url) : null),
      // A return on Walmart is always sent back for a refund (refund-only cases go to Customer Care).
      "dispute.request": (doc, url) => (pageType(doc, url) === "return" ? "return_and_refund" : null),
      // When the return reached the seller's return centre: starts the 48-hour refund rule
      // (walmart.refund_after_return_received, clock events.return_received).
      "events.return_received": (doc, url) => (pageType(doc, url) === "return" ? labelled("events.return_received")(doc, url) : null),
      "order.total": labelled("order.total"),
      "order.placed_at": labelled("order.placed_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "order.tracking.status": labelled("order.tracking.status"),
      "order.items": items,
      "buyer.name": labelled("buyer.name"),
      // Walmart's marketplaces sell to their own country's customers.
      "buyer.country": (doc, url) => region(url),
      "messages": threadMessages,
      "page_deadlines": deadlines,
    },
    // The reply box: the Inbox reply form's textarea (message pages only).
    replyBox: (doc) => {
      if (pageType(doc, DC.pageUrl?.(doc, location) ?? new URL(location.href)) !== "message") {
        return null;
      }
      return dom.queryAll("textarea, [contenteditable='true'][role='textbox']", doc).find((el) => dom.isVisible(el)) ?? null;
    },
  });
})();
