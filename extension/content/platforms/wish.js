// Wish: the Merchant Dashboard's order detail and support-ticket pages (merchant.wish.com).
//
// What this adapter knows that the generic reader does not: which URL is which page, that
// Wish's ids are 24 hexadecimal characters (order, transaction and ticket ids alike, so a
// transaction id is never taken for the order's), the dashboard's wording of its fields, and
// who "Wish Support" and "You" are in a ticket. Everything else it leaves to the generic
// reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label text (the dashboard in English
// and in its Chinese translation), ARIA roles; class names never.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic) {
    return;
  }
  const { dom, generic } = DC;

  // The Merchant Dashboard (merchant.wish.com) and its China-merchant twin; www.wish.com is the
  // buyers' site and not ours.
  const HOST = /^(merchant|china-merchant|sandbox\.merchant)\.wish\.com$/i;

  // Region by domain: none. Wish is one global marketplace (its policy pack is GLOBAL, ticket
  // deadlines in UTC); the merchant hosts name no country.
  const REGIONS = { "merchant.wish.com": null, "china-merchant.wish.com": null };

  // Wish ids: 24 lowercase hex characters (MongoDB ObjectIds).
  const WISH_ID = /^[0-9a-f]{24}$/i;
  const ID_IN_PATH = /\/([0-9a-f]{24})(?:[/?#]|$)/i;

  // Page variants by URL: /ticket/<id> (one support ticket), /tickets/… (the ticket lists:
  // Action Required, Awaiting User, Closed) → message; /order/<id> (order detail),
  // /transactions/… (order lists: Action Required, History) → order.
  function pageType(doc, url) {
    const path = `${url.pathname} ${url.hash}`.toLowerCase();
    if (/\/tickets?\b/.test(path)) {
      return "message";
    }
    if (/\/order\b|\/orders\b|\/transactions?\b/.test(path)) {
      return "order";
    }
    return null;
  }

  const LABELS = {
    "order.id": ["Order ID", "Order Id", "订单ID", "订单编号"],
    "ticket.id": ["Ticket ID", "Ticket Id", "工单ID", "工单编号", "问题ID"],
    "order.placed_at": ["Order Date", "Order Time", "Date Ordered", "下单日期", "下单时间"],
    "order.shipped_at": ["Shipped Date", "Date Shipped", "Marked Shipped", "发货日期", "发货时间"],
    "order.delivered_at": ["Delivered Date", "Confirmed Delivered", "Date Delivered", "妥投日期", "妥投时间"],
    "order.total": ["Total Cost", "Order Total", "Total", "总费用", "总价"],
    "buyer.name": ["Customer Name", "Customer", "User Name", "User", "客户姓名", "客户", "用户"],
    "buyer.country": ["Country", "Destination Country", "Ship to Country", "国家", "目的国"],
    "order.tracking.number": ["Tracking Number", "Tracking #", "Tracking ID", "物流单号", "追踪号"],
    "order.tracking.carrier": ["Shipping Provider", "Carrier", "Shipping Carrier", "物流服务商", "物流商"],
    "order.tracking.status": ["Tracking Status", "Shipping Status", "物流状态"],
    "dispute.reason": ["Issue", "Ticket Type", "Reason", "Refund Reason", "问题类型", "退款原因"],
    "dispute.status": ["Ticket Status", "Status", "工单状态", "状态"],
    "dispute.opened_at": ["Created", "Created Date", "Date Created", "Opened", "创建时间", "创建日期"],
    // Wish's order timeline: Wish releases an order to the merchant after its fraud review
    // (starts the fulfilment rules: events.order_released).
    "events.order_released": ["Released Date", "Released to Merchant", "Order Released", "Release Date", "释放时间", "释放日期"],
  };

  // What each label's value is checked as (valueByLabel reads by the field's kind).
  const KIND_OF = { "ticket.id": "dispute.id", "events.order_released": "order.placed_at" };

  function labelled(field) {
    return (doc) => generic.valueByLabel(doc, KIND_OF[field] ?? field, LABELS[field], { hints: { locale: doc.documentElement.lang } });
  }

  /** A 24-hex id under one of `field`'s labels, or the link the dashboard puts on it (/order/<id>). */
  function wishId(field, linkPath) {
    return (doc) => {
      const value = generic.valueByLabel(doc, "order.id", LABELS[field]);
      if (value && WISH_ID.test(value)) {
        return value.toLowerCase();
      }
      const link = dom.queryAll(`a[href*='${linkPath}']`, doc).find((a) => dom.isVisible(a));
      const id = link ? ID_IN_PATH.exec(new URL(link.getAttribute("href"), "https://merchant.wish.com").pathname)?.[1] : null;
      return id ? id.toLowerCase() : null;
    };
  }

  function orderId(doc, url) {
    const type = pageType(doc, url);
    if (type === "order") {
      const inPath = /\/order\/([0-9a-f]{24})/i.exec(url.pathname)?.[1] ?? url.searchParams.get("order_id");
      if (inPath && WISH_ID.test(inPath)) {
        return inPath.toLowerCase();
      }
    }
    return wishId("order.id", "/order/")(doc);
  }

  // Who wrote a ticket message: its head names the sender: "You" / the store (seller), "Wish
  // Support" / "Wish Customer Support" (platform), "Customer" or the customer's name (buyer).
  function roleOf(item) {
    const marked = item.getAttribute("data-sender") ?? item.getAttribute("data-role");
    if (["buyer", "seller", "platform"].includes(marked)) {
      return marked;
    }
    const head = dom.clean(dom.visibleText(item).split("\n")[0]).slice(0, 60);
    if (/^wish\b|^wish (customer )?support|^merchant support|^wish客服|^系统/i.test(head)) {
      return "platform";
    }
    if (/^(you|me|merchant|your store)\b|^(我|商户|卖家)/i.test(head)) {
      return "seller";
    }
    if (/^(customer|user)\b|^(客户|用户|买家)/i.test(head)) {
      return "buyer";
    }
    return null;
  }

  function ticketMessages(doc) {
    // The ticket's conversation: role="log" or an element labelled as the conversation
    // (ticket detail, every variant so far); one article per message.
    const thread = dom.queryAll("[role='log'], [aria-label]", doc).find((el) =>
      (el.getAttribute("role") === "log" || /conversation|messages|replies|对话|消息记录/i.test(el.getAttribute("aria-label") ?? "")) &&
      dom.isVisible(el) && el.querySelector("article, [role='article']"));
    if (!thread) {
      return null;
    }
    const items = [...thread.querySelectorAll("article, [role='article']")];
    return items.length ? generic.messagesFrom(items, { roleOf, container: thread }) : null;
  }

  // The items table of the order detail: Product, SKU, Variation (Color / Size), Quantity.
  function items(doc) {
    for (const table of dom.queryAll("table", doc)) {
      const rows = [...table.rows];
      const head = rows.find((row) => row.querySelector("th"));
      const names = head ? [...head.cells].map((cell) => dom.normalise(cell.textContent)) : [];
      const at = (pattern) => names.findIndex((name) => pattern.test(name));
      const titleAt = at(/^(product|product name|item|产品|产品名称)$/);
      if (titleAt < 0 || !dom.isVisible(table)) {
        continue;
      }
      const columns = { sku: at(/^(sku|variation sku|产品sku)$/), variant: at(/^(variation|color \/ size|size \/ color|变体|颜色\/尺码)$/),
                        quantity: at(/^(quantity|qty|数量)$/) };
      const found = [];
      for (const row of rows.slice(rows.indexOf(head) + 1)) {
        const title = dom.clean(row.cells[titleAt]?.textContent ?? "");
        if (!title) {
          continue;
        }
        const item = { title };
        for (const [key, index] of Object.entries(columns)) {
          const text = index >= 0 ? dom.clean(row.cells[index]?.textContent ?? "") : "";
          if (!text) {
            continue;
          }
          if (key === "quantity") {
            if (/^\d{1,5}$/.test(text)) {
              item.quantity = Number(text);
            }
          } else {
            item[key] = text;
          }
        }
        found.push(item);
      }
      if (found.length) {
        return found;
      }
    }
    return null;
  }

  // The ticket's reply form: a textarea whose label, aria-label or placeholder says reply or
  // message (ticket detail). Order pages have no reply box.
  const REPLY_LABEL = /reply|respond|message to (the )?(customer|user)|回复|留言/i;
  function replyBox(doc) {
    for (const box of dom.queryAll("textarea", doc)) {
      const said = [box.getAttribute("aria-label"), box.getAttribute("placeholder"), box.labels?.[0]?.textContent]
        .filter(Boolean).join(" ");
      if (dom.isVisible(box) && REPLY_LABEL.test(said)) {
        return box;
      }
    }
    return null;
  }

  DC.registerAdapter({
    id: "wish",
    platform: "wish",
    pageTypes: ["order", "message"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region: (url) => REGIONS[url.hostname.toLowerCase()] ?? null,
    keyFields: { order: ["order.id"], message: ["order.id", "messages"] },
    fields: {
      "order.id": orderId,
      "order.placed_at": labelled("order.placed_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.total": labelled("order.total"),
      "order.items": items,
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "order.tracking.status": labelled("order.tracking.status"),
      "buyer.name": labelled("buyer.name"),
      "buyer.country": labelled("buyer.country"),
      // A ticket about a refund or a broken item: its issue is the dispute's reason (tickets
      // only; an order page's "Status" is the order's, not a dispute's).
      // The ticket is the buyer's case on Wish: its id (in the URL, /ticket/<id>) is the
      // dispute's, its creation the dispute's opening.
      "dispute.id": (doc, url) => {
        if (pageType(doc, url) !== "message") {
          return null;
        }
        const inPath = /\/ticket\/([0-9a-f]{24})/i.exec(url.pathname)?.[1];
        if (inPath) {
          return inPath.toLowerCase();
        }
        const value = labelled("ticket.id")(doc);
        return value && WISH_ID.test(value) ? value.toLowerCase() : null;
      },
      "dispute.opened_at": (doc, url) => (pageType(doc, url) === "message" ? labelled("dispute.opened_at")(doc) : null),
      "dispute.reason": (doc, url) => (pageType(doc, url) === "message" ? labelled("dispute.reason")(doc) : null),
      "dispute.status": (doc, url) => (pageType(doc, url) === "message" ? labelled("dispute.status")(doc) : null),
      "events.order_released": (doc, url) => (pageType(doc, url) === "order" ? labelled("events.order_released")(doc) : null),
      "messages": ticketMessages,
    },
    replyBox,
  });
})();
