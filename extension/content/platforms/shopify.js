// Shopify admin: an order's page and a Shopify Payments chargeback (or inquiry), on the new
// admin (admin.shopify.com/store/<shop>/…) and the classic one (<shop>.myshopify.com/admin/…).
//
// What this adapter knows that the generic reader does not: which admin URL is which page, that
// the order's name ("#1042") is what the seller and the customer call the order (the numeric id
// in the URL is an internal one), Shopify's cards (line items, customer, shipping address,
// fulfillment) and their wording in the admin's languages, the chargeback's fields (reason,
// amount, opened, evidence due by, status) and the evidence response box. Everything else it
// leaves to the generic reader, field by field.
//
// Modelled on Shopify's help centre (Orders > order details; Shopify Payments > chargebacks and
// inquiries: "Submit response", evidence due date) and the ShopifyPaymentsDispute object of
// the Admin API (amount, evidenceDueBy, initiatedAt, reasonDetails, status, type); see
// tests/extension/web_pages/platforms/shopify/.
//
// Selectors, most durable first: URL patterns, visible label and card-heading text (en, de, fr,
// es, pt-BR, it, nl, ja, zh-CN), ARIA roles and labels; no class names (Polaris class names
// change with every release).
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic || !DC.kit) {
    return;
  }
  const { dom, generic } = DC;

  const HOST = /^admin\.shopify\.com$|\.myshopify\.com$/i;

  // Region: none. A Shopify shop sells from one admin host to every country (admin.shopify.com,
  // <shop>.myshopify.com), so the host names no marketplace country; the buyer's country comes
  // from the order's shipping address instead. (No table of hosts to regions, on purpose.)

  /** The admin path without its shop prefix: /store/<shop>/orders/1 or /admin/orders/1 → /orders/1. */
  function adminPath(url) {
    return url.pathname.replace(/^\/store\/[^/]+/i, "").replace(/^\/admin\b/i, "").toLowerCase();
  }

  // Page variants by URL: order page (/orders/<id>); a Shopify Payments chargeback or inquiry
  // (/payments/disputes/<id>, /payments/dispute_evidences/<id>, /chargebacks/<id>).
  function pageType(doc, url) {
    const path = adminPath(url);
    if (/^\/(payments\/)?(disputes?|dispute_evidences|chargebacks?)\/\d+/.test(path)) {
      return "chargeback";
    }
    if (/^\/orders\/\d+/.test(path)) {
      return "order";
    }
    return null;
  }

  // Shopify admin's wording of each field, per admin language.
  const LABELS = {
    "order.total": ["Total", "Order total", "Gesamt", "Gesamtbetrag", "Total de la commande", "Total del pedido",
                    "Total do pedido", "Totale", "Totaal", "合計", "总计", "Paid by customer", "Vom Kunden bezahlt",
                    "Payé par le client", "Pagado por el cliente", "Pago pelo cliente"],
    "order.tracking.number": ["Tracking number", "Sendungsnummer", "Trackingnummer", "Numéro de suivi", "Número de seguimiento",
                              "Código de rastreamento", "Numero di tracking", "追跡番号", "运单号", "物流单号"],
    "order.tracking.carrier": ["Shipping carrier", "Carrier", "Versanddienstleister", "Transporteur", "Transportista",
                               "Transportadora", "Corriere", "Vervoerder", "配送業者", "承运商"],
    "dispute.reason": ["Reason", "Chargeback reason", "Grund", "Grund der Rückbuchung", "Motif", "Motivo", "Reden", "理由", "原因",
                       "拒付原因"],
    "dispute.opened_at": ["Opened", "Opened on", "Date opened", "Initiated", "Eröffnet", "Eröffnet am", "Ouvert le", "Abierto",
                          "Aberto em", "Aperto il", "Geopend op", "開始日", "发起时间", "开启时间"],
    "dispute.status": ["Status", "Chargeback status", "Statut", "Estado", "Stato", "ステータス", "状态"],
    "dispute.refund": ["Amount", "Disputed amount", "Chargeback amount", "Betrag", "Rückbuchungsbetrag", "Montant",
                       "Montant contesté", "Importe", "Importe disputado", "Valor", "Valor contestado", "Importo",
                       "Bedrag", "金額", "争议金额", "拒付金额"],
    "dispute.id": ["Chargeback ID", "Dispute ID", "Inquiry ID", "Rückbuchungs-ID", "ID de la rétrofacturation",
                   "ID del contracargo", "ID do estorno", "拒付 ID"],
  };

  const hintsOf = (doc) => ({ locale: doc.documentElement.lang });

  function labelled(field, root = null) {
    return (doc) => generic.valueByLabel(doc, field, LABELS[field], { root: root?.(doc) ?? null, hints: hintsOf(doc) });
  }

  const definition = (doc, labels) => DC.kit.definition(doc, labels);


  // A card by its heading or accessible name (Polaris cards: <section aria-label> or a heading).
  function card(doc, pattern) {
    for (const el of dom.queryAll("section[aria-label], [role='region'][aria-label]", doc)) {
      if (pattern.test(el.getAttribute("aria-label")) && dom.isVisible(el)) {
        return el;
      }
    }
    for (const heading of dom.queryAll("h2, h3, [role='heading']", doc)) {
      if (pattern.test(dom.clean(heading.textContent, { lines: false })) && dom.isVisible(heading)) {
        return heading.closest("section, [role='region']") ?? heading.parentElement;
      }
    }
    return null;
  }

  // Order names: "#1042", "#EU1042" (a shop may set a prefix/suffix). The page heading on the
  // order page ("#1042"), "Order #1042" / "Bestellung #1042" on the chargeback page.
  const ORDER_NAME = /(?:^|\s)#([A-Z]{0,6}\d{3,12}[A-Z]{0,6})\b/;

  function orderName(doc) {
    // Order page: the <h1> is the name. Chargeback page: the link back to the order.
    for (const el of dom.queryAll("h1, a[href*='/orders/']", doc)) {
      const match = ORDER_NAME.exec(` ${dom.clean(el.textContent, { lines: false })}`);
      if (match && dom.isVisible(el)) {
        return match[1];
      }
    }
    return null;
  }

  function disputeId(doc, url) {
    const match = /^\/(?:payments\/)?(?:disputes?|dispute_evidences|chargebacks?)\/(\d+)/.exec(adminPath(url));
    return match ? match[1] : labelled("dispute.id")(doc);
  }

  // "Fulfilled", "Unfulfilled" cards hold the line items (order page). Each line: a link or
  // heading with the product title, the variant title under it, "SKU: …", "× 2" / "Qty 2".
  const LINE_ITEMS = /^(fulfilled|unfulfilled|items?|line items|products?|erfüllt|nicht erfüllt|artikel|traité|non traité|articles?|preparado|no preparado|productos?|processado|não processado|itens|evaso|inevaso|articoli|uitgevoerd|niet uitgevoerd|発送済み|未発送|商品|已发货|未发货)\b/i;
  const SKU = /^(?:SKU|Artikelnummer|Référence|Código)\s*[:：]\s*(.+)$/i;
  const QUANTITY = /(?:^|\s)(?:×|x|Qty|Menge|Qté|Cant\.?|Qtd\.?|数量)\s*[:：]?\s*(\d{1,4})\b/i;

  function items(doc) {
    const root = card(doc, LINE_ITEMS);
    if (!root) {
      return null;
    }
    const found = [];
    for (const row of root.querySelectorAll("li, [role='listitem'], tr")) {
      const titleEl = row.querySelector("a[href*='/products/'], h3, h4");
      const title = titleEl ? dom.clean(titleEl.textContent, { lines: false }) : "";
      if (!title) {
        continue;
      }
      const item = { title };
      for (const line of dom.visibleText(row).split("\n").map((text) => text.trim()).filter(Boolean)) {
        if (line === title) {
          continue;
        }
        const sku = SKU.exec(line);
        const quantity = QUANTITY.exec(line);
        if (sku) {
          item.sku = sku[1].trim();
        } else if (quantity) {
          item.quantity = Number(quantity[1]);
        } else if (!item.variant && !/\d[.,]\d{2}/.test(line) && line.length <= 80) {
          // The variant's title ("Blue / M") is the first plain line under the product's.
          item.variant = line;
        }
      }
      found.push(item);
    }
    return found.length ? found : null;
  }

  // Customer card: the customer's name is its first link; the shipping address's last line is
  // the country.
  const CUSTOMER = /^(customer|kunde|kundin|client|cliente|klant|顧客|客户)\b/i;
  const SHIPPING_ADDRESS = /^(shipping address|lieferadresse|versandadresse|adresse d'expédition|dirección de envío|endereço de entrega|indirizzo di spedizione|verzendadres|配送先住所|收货地址)\b/i;

  function customerName(doc) {
    const root = card(doc, CUSTOMER);
    const link = root?.querySelector("a[href*='/customers/']");
    return link ? dom.clean(link.textContent, { lines: false }) || null : null;
  }

  function shippingCountry(doc) {
    const root = card(doc, SHIPPING_ADDRESS);
    const address = root?.querySelector("address") ?? root;
    if (!address) {
      return null;
    }
    const lines = dom.visibleText(address).split("\n").map((line) => line.trim()).filter(Boolean);
    for (const line of lines.reverse()) {
      const code = generic.countryCode(line);
      if (code) {
        return code;
      }
    }
    return null;
  }

  // The order's date: the line under the heading, "May 2, 2026 at 3:14 pm from Online Store".
  const PLACED = /^(.+?)\s+(?:at|um|à|a las|às|alle|om)\s+(\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)\s+(?:from|von|de|desde|da|van|から|来自)\b/i;

  function placedAt(doc) {
    const heading = doc.querySelector("h1");
    const scope = heading?.closest("header") ?? heading?.parentElement;
    if (!scope) {
      return null;
    }
    for (const line of dom.visibleText(scope).split("\n")) {
      const match = PLACED.exec(line.trim());
      if (match) {
        return `${match[1]} ${match[2]}`;
      }
    }
    return null;
  }

  // The chargeback's "Evidence due by May 14, 2026" / "Submit response by …" banner.
  function deadlines(doc) {
    const lines = dom.queryAll("[role='status'], [role='alert'], [role='timer']", doc)
      .filter((el) => dom.isVisible(el)).flatMap((el) => dom.visibleText(el).split("\n"))
      .flatMap((line) => line.split(/(?<=[.!?])\s+(?=\p{Lu})/u)).map((line) => line.replace(/[.!?]$/, ""));
    const found = generic.readDeadlines(lines);
    return found.length ? found : null;
  }

  const DETAILS = /^(chargeback|inquiry|dispute|details|rückbuchung|anfrage|details|rétrofacturation|demande|contracargo|consulta|estorno|solicitação|dettagli|terugboeking|チャージバック|拒付|详情)\b/i;

  DC.registerAdapter({
    id: "shopify",
    platform: "shopify",
    pageTypes: ["order", "chargeback"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region: () => null,
    keyFields: { order: ["order.id", "order.total"], chargeback: ["order.id", "dispute.id", "dispute.refund"] },
    fields: {
      "order.id": orderName,
      "dispute.id": (doc, url) => (pageType(doc, url) === "chargeback" ? disputeId(doc, url) : null),
      "order.placed_at": placedAt,
      "order.total": (doc, url) => (pageType(doc, url) === "order" ? labelled("order.total")(doc) : null),
      "order.items": items,
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "buyer.name": customerName,
      "buyer.country": shippingCountry,
      // The chargeback card's facts are a definition list; its words ("Product not received")
      // are read raw, as some are labels to the generic reader.
      "dispute.reason": (doc, url) => (pageType(doc, url) === "chargeback"
        ? definition(doc, LABELS["dispute.reason"]) ?? labelled("dispute.reason", (d) => card(d, DETAILS))(doc) : null),
      "dispute.opened_at": labelled("dispute.opened_at"),
      "dispute.status": (doc, url) => (pageType(doc, url) === "chargeback" ? definition(doc, LABELS["dispute.status"]) : null),
      "dispute.refund": (doc, url) => (pageType(doc, url) === "chargeback" ? labelled("dispute.refund")(doc) : null),
      "page_deadlines": deadlines,
    },
    // The reply box: the chargeback response's written explanation (a labelled textarea of the
    // evidence form). The order page has none: its timeline comment box is an internal note
    // that the customer never sees, so it is never offered as the reply box.
    replyBox: (doc) => {
      if (pageType(doc, DC.pageUrl?.(doc, location) ?? location) !== "chargeback") {
        return null;
      }
      return dom.queryAll("form textarea", doc).find((el) => dom.isVisible(el)) ?? null;
    },
  });
})();
