// AliExpress seller centre: the order detail page, the dispute detail page and the message
// centre, in every language the seller centre ships.
//
// What this adapter knows that the generic reader does not: which URL is which page, where
// the order's, buyer's, logistics and dispute blocks and the negotiation history sit, the
// product lines with their SKU attributes, AliExpress's words for the buyer's request (refund
// only / return and refund), its countdowns, and who "AliExpress" is in a thread (the
// platform). Everything else it leaves to the generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label and heading text in the
// languages the seller centre ships (en, zh-CN, ru, pt, es, fr), ARIA roles; class names only
// where nothing else tells the blocks apart, each named below.
//
// Sources for the page shapes (public help and guide pages; no page code was copied):
//   dispute process: the seller must accept or refuse (with a new proposal and evidence) within
//     5 days of the buyer's request; the dispute detail page shows the buyer's time, reason,
//     evidence and proposals, and the platform steps in after 7 days
//     (https://ssopdot.com/blog/35242.html, https://ssopdot.com/blog/19333.html);
//   order states and the seller's shipping step ("Waiting for your shipment", fill in the
//     tracking number): https://developer.alibaba.com/docs/doc.htm?articleId=108126&docType=1&treeId=502
//     and https://ssopdot.com/blog/99582.html.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic || !DC.kit) {
    return;
  }
  const { dom, generic } = DC;

  // Seller centre hosts: gsp.aliexpress.com (global seller portal), csp.aliexpress.com (the
  // cross-border portal Chinese sellers use), sell./msg. (older pages), and the country sites'
  // seller portals (seller.aliexpress.ru).
  const HOST = /(^|\.)aliexpress\.(com|ru|us)$/i;
  // Region by the site's top-level domain: aliexpress.com is the global site (no region);
  // aliexpress.ru is run for Russia, aliexpress.us for the United States.
  const REGIONS = {
    ru: "RU", // aliexpress.ru, seller.aliexpress.ru
    us: "US", // aliexpress.us
  };

  // Page variants by URL path: /apps/dispute/detail?disputeId=…, /issue/…, /refund/… (dispute
  // detail); /apps/message/…, msg.aliexpress.com, /im/… (message centre); /apps/order/detail,
  // /m_apps/order-manage/… (order detail). An address that says none of these is read by the
  // page's <h1> (every language).
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
    return pageTypeFromHeading(doc);
  }

  const HEADING_TYPES = [
    [/dispute|纠纷|спор|disputa|litige/i, "dispute"],
    [/message cent|消息中心|站内信|сообщения|mensagens|mensajes|messagerie/i, "message"],
    [/order detail|订单详情|детали заказа|информация о заказе|detalhes do pedido|detalles del pedido|détails de la commande/i, "order"],
  ];

  function pageTypeFromHeading(doc) {
    const heading = dom.clean(doc.querySelector("h1")?.textContent ?? "", { lines: false });
    return HEADING_TYPES.find(([pattern]) => pattern.test(heading))?.[1] ?? null;
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
    // Order detail page only.
    buyer: ["Buyer information", "Buyer info", "买家信息", "Информация о покупателе", "Informações do comprador",
            "Información del comprador", "Informations sur l'acheteur"],
    logistics: ["Logistics information", "Shipping information", "Logistics info", "物流信息", "发货信息",
                "Информация о доставке", "Informações de envio", "Información de envío", "Informations de livraison"],
    payment: ["Payment information", "Payment info", "支付信息", "付款信息", "Информация об оплате",
              "Informações de pagamento", "Información de pago", "Informations de paiement"],
    products: ["Product information", "Product info", "Products", "商品信息", "产品信息", "Информация о товаре", "Товары",
               "Informações do produto", "Información del producto", "Informations sur le produit"],
  };

  /** The block under a heading with one of `names` (a <section>, role="region", or the heading's parent). */
  const block = (doc, names) => DC.kit.block(doc, names);


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
    "order.paid_at": ["Payment time", "Paid on", "Payment date", "付款时间", "支付时间", "Время оплаты", "Data do pagamento",
                      "Fecha de pago", "Date de paiement"],
    "order.shipped_at": ["Shipping time", "Shipped on", "发货时间", "Время отправки", "Data de envio",
                         "Fecha de envío", "Date d'expédition"],
    "order.delivered_at": ["Delivered on", "Received on", "妥投时间", "签收时间", "Дата доставки", "Entregue em",
                           "Entregado el", "Livré le"],
    "order.tracking.status": ["Logistics status", "Tracking status", "物流状态", "Статус доставки", "Status da entrega",
                              "Estado del envío", "Statut de la livraison"],
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
      for (const names of [HEADINGS.dispute, HEADINGS.order, HEADINGS.buyer, HEADINGS.logistics, HEADINGS.payment]) {
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

  // Message centre: the open conversation is the role="log" region (its bubbles are the
  // children); the conversation list beside it is a role="listbox" and is not read.
  const chatMessages = (doc) => DC.kit.panelMessages(DC.kit.chatLog(doc), chatRole);

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

  // The words AliExpress puts in a product line besides the buyer's chosen attributes.
  const QUANTITY_WORDS = /^(quantity|qty|数量|количество|кол-во|quantidade|cantidad|quantité)$/i;
  const SKU_WORDS = /^(sku code|sku|seller sku|商品编码|商家编码|sku编码|артикул|código sku|código del sku|code sku)$/i;

  // The product lines of an order: one per link to a product page (/item/<id>.html, every
  // page variant and language), in its table row (order detail) or list entry. The row's
  // "Color: Black; Size: XL" / "颜色：黑色；尺码：XL" line is the variant, "SKU code" the SKU,
  // the cell under the "Quantity"/"数量" column (or "x2") the quantity.
  function items(doc) {
    const found = [];
    const rows = new Set();
    for (const link of dom.queryAll("a[href*='/item/']", doc)) {
      if (!/\/item\/\d+\.html/.test(link.getAttribute("href") ?? "") || !dom.isVisible(link)) {
        continue;
      }
      const row = link.closest("tr, [role='row'], li, [role='listitem']") ?? link.parentElement;
      const title = dom.clean(link.textContent, { lines: false });
      if (!title || rows.has(row)) {
        continue;
      }
      rows.add(row);
      const item = { title };
      const variant = [];
      const cell = link.closest("td, [role='cell']") ?? row;
      for (const line of dom.visibleText(cell).split("\n")) {
        for (const part of line.split(/[;；]/)) {
          const match = /^\s*([^:：]{1,30})[:：]\s*(.+?)\s*$/.exec(part);
          if (!match) {
            continue;
          }
          if (SKU_WORDS.test(match[1].trim())) {
            item.sku = match[2];
          } else if (QUANTITY_WORDS.test(match[1].trim())) {
            item.quantity = Number(/\d{1,5}/.exec(match[2])?.[0] ?? NaN) || undefined;
          } else {
            variant.push(`${match[1].trim()}: ${match[2]}`);
          }
        }
      }
      if (variant.length) {
        item.variant = variant.join("; ");
      }
      const quantity = quantityIn(row);
      if (quantity && !item.quantity) {
        item.quantity = quantity;
      }
      if (!item.quantity) {
        delete item.quantity;
      }
      found.push(item);
    }
    return found.length ? found : null;
  }

  /** The quantity in a product row: the cell under the table's quantity header, else "x2"/"×2". */
  function quantityIn(row) {
    const table = row.closest("table");
    if (table && row.cells) {
      const header = [...(table.tHead?.rows[0]?.cells ?? table.rows[0]?.cells ?? [])];
      const column = header.findIndex((cell) => QUANTITY_WORDS.test(dom.clean(cell.textContent, { lines: false })));
      const value = column >= 0 ? dom.clean(row.cells[column]?.textContent ?? "", { lines: false }) : "";
      if (/^[x×]?\s*\d{1,5}$/i.test(value)) {
        return Number(value.replace(/\D/g, ""));
      }
    }
    const times = /(?:^|\s)[x×]\s?(\d{1,5})(?:\s|$)/i.exec(dom.visibleText(row));
    return times ? Number(times[1]) : null;
  }

  /** The page type of the document the reply box is asked for (the scrape knows its URL). */
  function pageTypeHere(doc) {
    const url = DC.pageUrl ? DC.pageUrl(doc, location) : new URL(location.href);
    return pageType(doc, url);
  }

  function writable(el) {
    return dom.isVisible(el) && !el.disabled && !el.readOnly && el.getAttribute("aria-readonly") !== "true";
  }

  // The reply box, by page:
  //   dispute  the negotiation form's textarea, in the negotiation history block or labelled as
  //            a message ("Leave a message"/"留言"), every variant so far;
  //   message  the message centre's editor beside the open conversation (role="log"): a
  //            textarea or a contenteditable role="textbox";
  //   order    none: a textarea on the order page is the seller's private memo (备注).
  const MESSAGE_LABEL = /message|reply|留言|回复|消息|сообщени|ответ|mensagem|mensaje|responder|message|répondre/i;

  function replyBox(doc) {
    const type = pageTypeHere(doc);
    if (type === "dispute") {
      const history = block(doc, HEADINGS.history);
      const inHistory = history ? [...history.querySelectorAll("textarea")].find(writable) : null;
      return inHistory ?? dom.queryAll("textarea", doc).find((el) => writable(el) &&
        MESSAGE_LABEL.test(`${el.getAttribute("aria-label") ?? ""} ${el.getAttribute("placeholder") ?? ""}`)) ?? null;
    }
    if (type === "message") {
      const log = DC.kit.chatLog(doc);
      const pane = log?.parentElement ?? doc;
      return [...pane.querySelectorAll("textarea, [contenteditable='true'][role='textbox']")].find(writable) ?? null;
    }
    return null;
  }

  DC.registerAdapter({
    id: "aliexpress",
    platform: "aliexpress",
    pageTypes: ["order", "dispute", "message"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region: (url) => REGIONS[url.hostname.split(".").pop().toLowerCase()] ?? null,
    keyFields: { dispute: ["order.id", "dispute.id", "messages"], message: ["messages"], order: ["order.id", "order.items"] },
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
      "order.paid_at": labelled("order.paid_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.items": items,
      "order.tracking.status": labelled("order.tracking.status"),
      "buyer.name": labelled("buyer.name"),
      "buyer.country": labelled("buyer.country"),
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "messages": (doc) => historyMessages(doc) ?? chatMessages(doc),
      "page_deadlines": timers,
    },
    replyBox,
  });
})();
