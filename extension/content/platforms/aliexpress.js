// AliExpress seller centre: the dispute detail page and the message centre.
//
// What this adapter knows that the generic reader does not: which URL is which page, where
// the dispute's information block and its negotiation history sit, AliExpress's words for the
// buyer's request (refund only / return and refund), and who "AliExpress" is in a thread
// (the platform). Everything else it leaves to the generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label and heading text in the
// languages the seller centre ships (en, zh-CN, ru, pt, es, fr), ARIA roles; class names only
// where nothing else tells the blocks apart, each named below.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic) {
    return;
  }
  const { dom, generic } = DC;

  // Seller centre hosts (gsp., csp., sell., msg.) and the country sites.
  const HOST = /(^|\.)aliexpress\.(com|ru|us)$/i;
  const REGIONS = { ru: "RU", us: "US" }; // aliexpress.com is global: no region

  // Page variants by URL path: /apps/dispute/detail?disputeId=…, /issue/…, /refund/… (dispute
  // detail); /apps/message/…, msg.aliexpress.com, /im/… (message centre); /apps/order/detail
  // (order detail).
  function pageType(doc, url) {
    const path = `${url.hostname} ${url.pathname}`.toLowerCase();
    if (/dispute|\/issue|refund/.test(path)) {
      return "dispute";
    }
    if (/^msg\.|message|\/im\b|\/im\/|chat/.test(path)) {
      return "message";
    }
    if (/\/order/.test(path)) {
      return "order";
    }
    return null;
  }

  // Headings of the blocks the dispute detail page is made of (all page variants, every
  // language the seller centre ships).
  const HEADINGS = {
    dispute: ["Dispute information", "Dispute info", "Dispute details", "纠纷信息", "纠纷详情", "Информация о споре",
              "Детали спора", "Informações da disputa", "Información de la disputa", "Informations sur le litige"],
    order: ["Order information", "Order info", "订单信息", "Информация о заказе", "Informações do pedido",
            "Información del pedido", "Informations sur la commande"],
    history: ["Negotiation history", "Dispute history", "协商历史", "协商记录", "纠纷历史", "История переговоров",
              "История спора", "Histórico de negociação", "Historial de negociación", "Historique des négociations"],
  };

  /** The block under a heading with one of `names` (a <section>, role="region", or the heading's parent). */
  function block(doc, names) {
    const wanted = new Set(names.map((name) => dom.normalise(name)));
    // Blocks labelled for assistive technology: <section aria-label="Dispute information">.
    for (const el of dom.queryAll("section[aria-label], [role='region'][aria-label]", doc)) {
      if (wanted.has(dom.normalise(el.getAttribute("aria-label")))) {
        return el;
      }
    }
    // Visible headings: <h2>Dispute information</h2> in every variant so far.
    for (const heading of dom.queryAll("h1, h2, h3, h4, [role='heading']", doc)) {
      if (wanted.has(dom.normalise(heading.textContent)) && dom.isVisible(heading)) {
        return heading.closest("section, [role='region'], article") ?? heading.parentElement;
      }
    }
    return null;
  }

  // AliExpress's own wording of each field, inside its blocks.
  const LABELS = {
    "order.id": ["Order ID", "Order number", "订单号", "订单编号", "Номер заказа", "Nº do pedido", "Número do pedido",
                 "Número de pedido", "N° de commande"],
    "dispute.id": ["Dispute ID", "Dispute number", "纠纷编号", "纠纷号", "Номер спора", "ID da disputa", "ID de disputa",
                   "N° de litige"],
    "dispute.reason": ["Dispute reason", "Reason", "纠纷原因", "Причина спора", "Motivo da disputa", "Motivo de la disputa",
                       "Motif du litige"],
    "dispute.status": ["Dispute status", "Status", "纠纷状态", "Статус спора", "Status da disputa", "Estado de la disputa",
                       "Statut du litige"],
    "dispute.opened_at": ["Dispute opened", "Opened on", "Date opened", "纠纷发起时间", "发起时间", "Дата открытия спора",
                          "Disputa aberta em", "Fecha de apertura", "Ouvert le"],
    "dispute.refund": ["Refund amount", "Requested refund", "退款金额", "申请退款金额", "Сумма возврата", "Valor do reembolso",
                       "Importe del reembolso", "Montant du remboursement"],
    "dispute.request": ["Buyer's request", "Buyer request", "买家诉求", "Требование покупателя", "Solicitação do comprador",
                        "Solicitud del comprador", "Demande de l'acheteur"],
    "order.total": ["Order amount", "Order total", "订单金额", "Сумма заказа", "Valor do pedido", "Importe del pedido",
                    "Montant de la commande"],
    "order.placed_at": ["Order time", "Order date", "下单时间", "Дата заказа", "Data do pedido", "Fecha del pedido",
                        "Date de commande"],
    "buyer.name": ["Buyer", "Buyer name", "买家", "Покупатель", "Comprador", "Acheteur"],
    "buyer.country": ["Buyer country", "Country", "Country/Region", "买家国家", "国家/地区", "Страна", "País", "Pays"],
    "order.tracking.number": ["Tracking number", "运单号", "Трек-номер", "Código de rastreio", "Número de seguimiento",
                              "Numéro de suivi"],
    "order.tracking.carrier": ["Shipping method", "Logistics service", "物流方式", "Способ доставки", "Método de envio",
                               "Método de envío", "Mode de livraison"],
  };

  // The buyer's two choices when opening a dispute, as the contract's codes.
  const REQUESTS = [
    [/return\s*(&|and)\s*refund|退货退款|возврат товара|devolução e reembolso|devolución y reembolso|retour et remboursement/i, "return_and_refund"],
    [/only\s*refund|refund\s*only|仅退款|только возврат средств|apenas reembolso|solo reembolso|remboursement uniquement/i, "refund_only"],
  ];

  /** A field read inside the dispute and order blocks, with AliExpress's labels. */
  function labelled(field) {
    return (doc) => {
      const hints = { locale: doc.documentElement.lang };
      for (const names of [HEADINGS.dispute, HEADINGS.order]) {
        const root = block(doc, names);
        if (root) {
          const value = generic.valueByLabel(doc, field, LABELS[field], { root, hints });
          if (value !== null) {
            return value;
          }
        }
      }
      return null;
    };
  }

  // Who wrote an entry of the negotiation history or a chat bubble, from what AliExpress prints
  // or marks: data-role="buyer|seller|platform" (dispute detail, every variant so far), then
  // the role word at the head of the entry (read by the generic rules).
  function roleOf(item) {
    const marked = item.getAttribute("data-role") ?? item.querySelector("[data-role]")?.getAttribute("data-role");
    if (marked && ["buyer", "seller", "platform"].includes(marked)) {
      return marked;
    }
    const text = dom.clean(item.textContent).slice(0, 40);
    if (/^(AliExpress|速卖通|平台|Платформа)/i.test(text)) {
      return "platform";
    }
    return null;
  }

  function historyMessages(doc) {
    const root = block(doc, HEADINGS.history);
    if (!root) {
      return null;
    }
    // One list item per entry: <li> or role="listitem" (dispute detail).
    const items = [...root.querySelectorAll("[role='listitem'], li")].filter((el) => !el.parentElement.closest("[role='listitem'], li"));
    return items.length ? generic.messagesFrom(items, { roleOf, container: root }) : null;
  }

  function chatMessages(doc) {
    // Message centre: the open conversation is the role="log" region (its bubbles are the
    // children); the conversation list beside it is a role="listbox" and is not read.
    const log = dom.queryAll("[role='log']", doc).find((el) => dom.isVisible(el));
    if (!log) {
      return null;
    }
    const items = [...log.children].filter((el) => dom.clean(el.textContent));
    return generic.messagesFrom(items, { roleOf: chatRole, container: log });
  }

  // Message centre bubbles: the seller's own carry "message-item-right"/"is-self", the buyer's
  // "message-item-left" (class names are the only mark these bubbles have; alignment, read by
  // the generic rules, is the fallback when they change).
  function chatRole(item) {
    const marked = roleOf(item);
    if (marked) {
      return marked;
    }
    const classes = `${item.className} ${item.firstElementChild?.className ?? ""}`;
    if (/message-item-right|is-self/.test(classes)) {
      return "seller";
    }
    if (/message-item-left|is-other/.test(classes)) {
      return "buyer";
    }
    if (/system|notice/.test(classes)) {
      return "platform";
    }
    return null;
  }

  function orderIdFromLink(doc) {
    // The order number in the dispute and message pages links to the order detail page.
    for (const names of [HEADINGS.dispute, HEADINGS.order]) {
      const root = block(doc, names);
      const link = root?.querySelector("a[href*='orderId=']");
      if (link) {
        const id = new URL(link.href, location.href).searchParams.get("orderId");
        if (/^\d{8,20}$/.test(id ?? "")) {
          return id;
        }
      }
    }
    // Message centre: the order card above the conversation (role="region" aria-label "Order").
    const card = dom.queryAll("[role='region'][aria-label], [aria-label]", doc)
      .find((el) => /^(order|订单|заказ|pedido)/i.test(el.getAttribute("aria-label") ?? "") && el.querySelector("a[href*='orderId=']"));
    if (card) {
      const id = new URL(card.querySelector("a[href*='orderId=']").href, location.href).searchParams.get("orderId");
      return /^\d{8,20}$/.test(id ?? "") ? id : null;
    }
    return null;
  }

  // The countdown AliExpress shows on a dispute waiting for the seller: role="timer" with an
  // aria-label naming it (dispute detail, every variant so far).
  function timers(doc) {
    const deadlines = [];
    for (const timer of dom.queryAll("[role='timer']", doc)) {
      if (!dom.isVisible(timer)) {
        continue;
      }
      const text = dom.clean(dom.visibleText(timer), { lines: false });
      const label = timer.getAttribute("aria-label") ?? "";
      if (text) {
        deadlines.push({ label: dom.clean(label, { lines: false }), text });
      }
    }
    return deadlines;
  }

  DC.registerAdapter({
    id: "aliexpress",
    platform: "aliexpress",
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region: (url) => REGIONS[url.hostname.split(".").pop().toLowerCase()] ?? null,
    keyFields: { dispute: ["order.id", "dispute.id", "messages"], message: ["messages"], order: ["order.id"] },
    fields: {
      "dispute.id": (doc, url) => {
        // Dispute detail URLs carry the id: ?disputeId= (seller centre) or ?issueId= (older pages).
        const fromUrl = url.searchParams.get("disputeId") ?? url.searchParams.get("issueId");
        if (/^\d{8,20}$/.test(fromUrl ?? "")) {
          return fromUrl;
        }
        return labelled("dispute.id")(doc);
      },
      // The link on the order number, its label; on order detail pages the URL's ?orderId=.
      "order.id": (doc, url) => orderIdFromLink(doc) ?? labelled("order.id")(doc) ??
        (/^\d{8,20}$/.test(url.searchParams.get("orderId") ?? "") ? url.searchParams.get("orderId") : null),
      "dispute.reason": labelled("dispute.reason"),
      "dispute.status": labelled("dispute.status"),
      "dispute.opened_at": labelled("dispute.opened_at"),
      "dispute.refund": labelled("dispute.refund"),
      "dispute.request": (doc) => {
        const raw = labelled("dispute.request")(doc);
        return raw ? (REQUESTS.find(([pattern]) => pattern.test(raw))?.[1] ?? raw) : null;
      },
      "order.total": labelled("order.total"),
      "order.placed_at": labelled("order.placed_at"),
      "buyer.name": labelled("buyer.name"),
      "buyer.country": labelled("buyer.country"),
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "messages": (doc) => historyMessages(doc) ?? chatMessages(doc),
      "page_deadlines": timers,
    },
    // The reply box: the negotiation form's textarea (dispute detail) or the message centre's
    // editor (a textarea or a contenteditable role="textbox").
    replyBox: (doc) => dom.queryAll("textarea, [contenteditable='true'][role='textbox']", doc).find((el) => dom.isVisible(el)) ?? null,
  });
})();
