// Etsy Shop Manager: order details, Messages (conversations, including Help requests) and cases.
//
// What this adapter knows that the generic reader does not: which Etsy URL is which page, that
// the order ("receipt") and conversation ids are in the URL, Etsy's own wording of its fields in
// the languages Shop Manager ships, the Etsy locale path of each country (etsy.com/de/…), who
// "Etsy" and the shop are in a conversation or a case log, and the "Ship by" and "Respond by"
// dates Etsy prints. Everything else it leaves to the generic reader, field by field.
//
// Modelled on Etsy's seller help articles (How to Answer a Help Request from a Buyer, How to
// Resolve a Case from a Buyer, Shop Manager > Orders & Shipping); see the fixtures in
// tests/extension/web_pages/platforms/etsy/ for the page variants each selector serves.
//
// Selectors, most durable first: URL patterns, visible label and heading text (en, de, fr, es,
// it, nl, pl, pt, ja), ARIA roles and labels; no class names.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic || !DC.kit) {
    return;
  }
  const { dom, generic } = DC;

  const HOST = /(^|\.)etsy\.com$/i;

  // Etsy serves one domain; the country is the locale prefix of the path (etsy.com/uk/…,
  // etsy.com/de/…). No prefix is the US/global site, which names no country: null.
  const REGIONS = {
    uk: "GB", de: "DE", fr: "FR", ca: "CA", "ca-fr": "CA", au: "AU", it: "IT", es: "ES", nl: "NL", ie: "IE",
    in: "IN", pl: "PL", pt: "PT", at: "AT", be: "BE", ch: "CH", dk: "DK", fi: "FI", se: "SE", no: "NO", nz: "NZ",
    jp: "JP", mx: "MX",
  };

  function localePrefix(url) {
    const first = url.pathname.split("/")[1]?.toLowerCase() ?? "";
    return Object.hasOwn(REGIONS, first) ? first : null;
  }

  /** The path without the locale prefix: /de/your/orders/sold → /your/orders/sold. */
  function pathOf(url) {
    const prefix = localePrefix(url);
    return (prefix ? url.pathname.slice(prefix.length + 1) : url.pathname).toLowerCase();
  }

  // Page variants by URL: Shop Manager order details (/your/orders/sold?order_id=…,
  // /your/orders/sold/<receipt id>, /your/orders/<receipt id>); Messages (/messages/<id>,
  // /your/conversations/<id>); cases (/your/cases/<id>, /resolutions/…, ?case_id=).
  function pageType(doc, url) {
    const path = pathOf(url);
    if (/\/cases?\b|\/resolutions?\b/.test(path) || url.searchParams.has("case_id")) {
      return "claim";
    }
    if (/^\/messages\b|\/conversations?\b/.test(path)) {
      return "message";
    }
    if (/^\/your\/orders\b/.test(path)) {
      return "order";
    }
    return null;
  }

  // Etsy's wording of each field (Shop Manager order details, case page), per language.
  const LABELS = {
    "order.placed_at": ["Ordered", "Order date", "Sale date", "Bestellt", "Bestelldatum", "Commandé", "Date de commande",
                        "Fecha del pedido", "Pedido el", "Ordinato", "Data ordine", "Besteld", "Zamówiono", "Encomendado", "注文日"],
    "order.paid_at": ["Paid", "Payment date", "Bezahlt", "Payé", "Pagado", "Pagato", "Betaald", "Opłacono", "Pago", "支払い日"],
    "order.shipped_at": ["Shipped", "Dispatched", "Date shipped", "Versendet", "Expédié", "Enviado", "Spedito", "Verzonden",
                         "Wysłano", "発送日"],
    "order.delivered_at": ["Delivered", "Zugestellt", "Livré", "Entregado", "Consegnato", "Bezorgd", "Dostarczono", "Entregue",
                           "配達済み"],
    "order.total": ["Order total", "Gesamtsumme der Bestellung", "Bestellsumme", "Total de la commande", "Total del pedido",
                    "Totale ordine", "Totaalbedrag bestelling", "Suma zamówienia", "Total da encomenda", "注文合計"],
    "order.tracking.number": ["Tracking number", "Tracking", "Sendungsnummer", "Numéro de suivi", "Número de seguimiento",
                              "Numero di tracking", "Trackingnummer", "Numer przesyłki", "Número de seguimento", "追跡番号"],
    "order.tracking.carrier": ["Carrier", "Shipping carrier", "Versanddienstleister", "Transporteur", "Transportista",
                               "Corriere", "Vervoerder", "Przewoźnik", "Transportadora", "配送業者"],
    "order.tracking.status": ["Tracking status", "Sendungsstatus", "Statut du suivi", "Estado del envío", "Stato della spedizione",
                              "Status zending", "Status przesyłki", "Estado do envio", "配送状況"],
    "buyer.name": ["Buyer", "Customer", "Käufer", "Acheteur", "Comprador", "Acquirente", "Koper", "Kupujący", "購入者"],
    "dispute.id": ["Case number", "Case ID", "Case #", "Fallnummer", "Numéro de dossier", "Número de caso", "Numero caso",
                   "Zaaknummer", "Numer sprawy", "Número do caso", "ケース番号"],
    "dispute.reason": ["Case type", "Reason", "Problem", "Issue", "Art des Falls", "Grund", "Problem", "Type de dossier", "Motif",
                       "Tipo de caso", "Motivo", "Tipo di caso", "Type zaak", "Reden", "Typ sprawy", "Powód", "Tipo de caso",
                       "ケースの種類", "理由"],
    "dispute.opened_at": ["Opened", "Opened on", "Case opened", "Date opened", "Eröffnet", "Eröffnet am", "Ouvert le",
                          "Abierto el", "Aperto il", "Geopend op", "Otwarto", "Aberto em", "開始日"],
    "dispute.status": ["Case status", "Status", "Fallstatus", "Statut du dossier", "Statut", "Estado del caso", "Estado",
                       "Stato del caso", "Stato", "Status zaak", "Status sprawy", "Estado do caso", "ステータス"],
    "dispute.request": ["Buyer's request", "Buyer requests", "Requested resolution", "Wunsch des Käufers",
                        "Demande de l'acheteur", "Solicitud del comprador", "Richiesta dell'acquirente", "Verzoek van koper",
                        "Żądanie kupującego", "Pedido do comprador", "購入者のリクエスト"],
    "dispute.refund": ["Refund requested", "Requested refund", "Refund amount", "Erstattungsbetrag", "Montant du remboursement",
                       "Importe del reembolso", "Importo del rimborso", "Terugbetalingsbedrag", "Kwota zwrotu",
                       "Valor do reembolso", "返金額"],
  };

  const hintsOf = (doc) => ({ locale: doc.documentElement.lang });

  function labelled(field) {
    return (doc) => generic.valueByLabel(doc, field, LABELS[field], { hints: hintsOf(doc) });
  }

  // Etsy order ("receipt") numbers: 9–12 digits, printed as "Order #3012345678".
  const ORDER_ID = /^\d{9,12}$/;
  const ORDER_IN_TEXT = /(?:Order|Bestellung|Commande|Pedido|Ordine|Bestelling|Zamówienie|Encomenda|注文)\s*(?:#|Nr\.?|n[º°o]\.?|番号)\s*(\d{9,12})\b/iu;
  const CASE_IN_TEXT = /(?:Case|Fall|Dossier|Caso|Zaak|Sprawa|ケース)\s*(?:#|Nr\.?|n[º°o]\.?|番号)\s*(\d{6,12})\b/iu;

  function orderId(doc, url) {
    // Order details: ?order_id= (the panel over the orders list) or /your/orders/sold/<id>.
    const param = url.searchParams.get("order_id");
    if (ORDER_ID.test(param ?? "")) {
      return param;
    }
    const inPath = /^\/your\/orders\/(?:sold\/(?:\w+\/)?)?(\d{9,12})\b/.exec(pathOf(url));
    if (inPath) {
      return inPath[1];
    }
    // Order details heading, the order card beside a conversation, the case summary: a link to
    // the order (?order_id=) first, then the printed "Order #3012345678".
    for (const link of dom.queryAll("a[href*='order_id=']", doc)) {
      const id = new URL(link.getAttribute("href"), url).searchParams.get("order_id");
      if (ORDER_ID.test(id ?? "")) {
        return id;
      }
    }
    for (const el of dom.queryAll("h1, h2, h3, a, [role='heading']", doc)) {
      const match = ORDER_IN_TEXT.exec(dom.clean(el.textContent, { lines: false }));
      if (match && dom.isVisible(el)) {
        return match[1];
      }
    }
    return null;
  }

  function caseId(doc, url) {
    const param = url.searchParams.get("case_id");
    if (/^\d{6,12}$/.test(param ?? "")) {
      return param;
    }
    const inPath = /\/cases?\/(\d{6,12})\b/.exec(pathOf(url));
    if (inPath) {
      return inPath[1];
    }
    // Case page heading: "Case #123456789" (every language variant prints the number after #).
    for (const el of dom.queryAll("h1, h2, [role='heading']", doc)) {
      const match = CASE_IN_TEXT.exec(dom.clean(el.textContent, { lines: false }));
      if (match && dom.isVisible(el)) {
        return match[1];
      }
    }
    return labelled("dispute.id")(doc);
  }

  // The region of a block by its accessible name or its heading (order details: "Items",
  // "Ship to"; conversation: "Conversation with …"; case: "Case log").
  function block(doc, pattern) {
    for (const el of dom.queryAll("section[aria-label], [role='region'][aria-label], [role='log'][aria-label]", doc)) {
      if (pattern.test(el.getAttribute("aria-label")) && dom.isVisible(el)) {
        return el;
      }
    }
    for (const heading of dom.queryAll("h2, h3, [role='heading']", doc)) {
      if (pattern.test(dom.clean(heading.textContent, { lines: false })) && dom.isVisible(heading)) {
        return heading.closest("section, [role='region'], article") ?? heading.parentElement;
      }
    }
    return null;
  }

  const ITEMS = /^(items?|artikel|articles?|artículos?|articoli|items|przedmioty|itens|商品)\b/i;
  const SHIP_TO = /^(ship to|deliver to|versand an|lieferadresse|livrer à|adresse de livraison|enviar a|dirección de envío|spedire a|verzenden naar|wysyłka do|enviar para|お届け先)\b/i;
  const QUANTITY = /^(quantity|qty|menge|anzahl|quantité|cantidad|quantità|aantal|ilość|quantidade|数量)$/i;
  const SKU = /^(sku|artikelnummer|référence|referencia)$/i;
  // Order details lines that are not variations: prices and Etsy's own notes.
  const NOT_VARIANT = /^(price|item price|preis|prix|precio|prezzo|prijs|cena|preço|価格|transaction id|transaktions-id)$/i;

  /**
   * The raw text of the <dd> after a <dt> with one of `labels` (order details and case
   * summary are definition lists). For values that are words the generic reader knows as
   * labels ("Refund"), which it refuses as values.
   */
  const definition = (doc, labels) => DC.kit.definition(doc, labels);


  /** Label/value pairs of a definition list (<dt>/<dd>), in order. */
  function pairsOf(root) {
    return [...root.querySelectorAll("dt")].map((dt) => {
      const dd = dt.nextElementSibling?.localName === "dd" ? dt.nextElementSibling : null;
      return [dom.clean(dt.textContent, { lines: false }).replace(/[:：]$/, ""), dd ? dom.clean(dd.textContent, { lines: false }) : ""];
    }).filter(([label, value]) => label && value);
  }

  // Order details, "Items" block: one list item per transaction, the listing title as its
  // heading or listing link, its variations (Color, Size, Personalization) and quantity as a
  // definition list.
  function items(doc) {
    const root = block(doc, ITEMS);
    if (!root) {
      return null;
    }
    const rows = [...root.querySelectorAll("li, [role='listitem']")].filter((el) => !el.parentElement.closest("li, [role='listitem']"));
    const found = [];
    for (const row of rows) {
      const titleEl = row.querySelector("h3, h4, a[href*='/listing/']");
      const title = titleEl ? dom.clean(titleEl.textContent, { lines: false }) : "";
      if (!title) {
        continue;
      }
      const item = { title };
      const variant = [];
      for (const [label, value] of pairsOf(row)) {
        if (QUANTITY.test(label)) {
          const count = /\d+/.exec(value);
          if (count) {
            item.quantity = Number(count[0]);
          }
        } else if (SKU.test(label)) {
          item.sku = value;
        } else if (!NOT_VARIANT.test(label)) {
          variant.push(`${label}: ${value}`);
        }
      }
      if (variant.length) {
        item.variant = variant.join(" / ");
      }
      found.push(item);
    }
    return found.length ? found : null;
  }

  // "Ship to" block: the address, its last line the country (Etsy prints it for every order).
  function shipToCountry(doc) {
    const root = block(doc, SHIP_TO);
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

  function shipToName(doc) {
    const root = block(doc, SHIP_TO);
    const address = root?.querySelector("address");
    const first = address ? dom.visibleText(address).split("\n").map((line) => line.trim()).find(Boolean) : null;
    return first && first.length <= 60 ? first : null;
  }

  // Conversations name the buyer in their heading or label: "Conversation with Maria S." /
  // "Unterhaltung mit …" (Messages), "Case log with …" (case page).
  const WITH = /^(?:conversation|unterhaltung|konversation|conversación|conversa|conversazione|gesprek|rozmowa|case log|fallprotokoll|journal du dossier|registro del caso)\s+(?:with|mit|avec|con|com|met|z)\s+(.+)$/i;
  const THREAD = /^(?:conversation|unterhaltung|konversation|conversación|conversa|conversazione|gesprek|rozmowa|messages?|nachrichten|case log|fallprotokoll|journal du dossier|registro del caso|registro do caso|caseverloop|dziennik sprawy|ケースログ|メッセージ)\b/i;

  function thread(doc) {
    return dom.queryAll("[role='log'][aria-label], section[aria-label], [role='region'][aria-label]", doc)
      .find((el) => THREAD.test(el.getAttribute("aria-label")) && dom.isVisible(el)) ?? null;
  }

  function buyerFromThread(doc) {
    const label = thread(doc)?.getAttribute("aria-label") ?? "";
    const named = WITH.exec(label.trim());
    return named ? named[1].trim() : null;
  }

  // Who wrote an entry: "Etsy" / "Etsy Support" heads Etsy's own notes (Help request notices,
  // case decisions); the buyer's name from the thread's label heads the buyer's; the shop's
  // messages are headed by the shop's or a staff member's name, which is neither.
  function roleFor(doc) {
    const buyer = buyerFromThread(doc);
    return (item) => {
      const head = dom.clean(item.querySelector("h3, h4, [role='heading']")?.textContent ?? "", { lines: false });
      if (!head) {
        return null;
      }
      if (/^etsy\b/i.test(head)) {
        return "platform";
      }
      if (buyer && dom.normalise(head) === dom.normalise(buyer)) {
        return "buyer";
      }
      return buyer ? "seller" : null;
    };
  }

  function messages(doc) {
    const root = thread(doc);
    if (!root) {
      return null;
    }
    // One <article> or role="article" per message (Messages) or case log entry (case page).
    const entries = [...root.querySelectorAll("article, [role='article']")];
    return entries.length ? generic.messagesFrom(entries, { roleOf: roleFor(doc), container: root, buyerName: buyerFromThread(doc) }) : null;
  }

  // The dates Etsy prints for the seller to act by: "Ship by May 7, 2026" (order details),
  // "Respond by …" / "Etsy will step in on …" (case page, Help requests), in role="status" or
  // role="alert" banners and the order's status line.
  function deadlines(doc) {
    const lines = dom.queryAll("[role='status'], [role='alert'], [role='timer']", doc)
      .filter((el) => dom.isVisible(el)).flatMap((el) => dom.visibleText(el).split("\n"))
      // One sentence a line: the generic date reader stops at "May 9, 2026. If you don't…".
      .flatMap((line) => line.split(/(?<=[.!?])\s+(?=\p{Lu})/u)).map((line) => line.replace(/[.!?]$/, ""));
    const found = generic.readDeadlines(lines);
    return found.length ? found : null;
  }

  // The buyer's request on a case ("Refund", "Replacement") as the contract's codes.
  const REQUESTS = [
    [/return|rücksendung|retour|devoluc|reso|zwrot|devoluç|返品/i, "return_and_refund"],
    [/refund|erstattung|rembourse|reembols|rimborso|terugbetaling|zwrot pieniędzy|返金/i, "refund_only"],
    [/replace|ersatz|remplacement|reemplazo|sostituzione|vervanging|wymiana|substitui|交換/i, "replacement"],
  ];

  DC.registerAdapter({
    id: "etsy",
    platform: "etsy",
    pageTypes: ["order", "message", "claim"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region: (url) => REGIONS[localePrefix(url)] ?? null,
    keyFields: { order: ["order.id", "order.total"], message: ["messages"], claim: ["dispute.id", "order.id", "messages"] },
    fields: {
      "order.id": orderId,
      "dispute.id": (doc, url) => (pageType(doc, url) === "claim" ? caseId(doc, url) : null),
      "order.placed_at": labelled("order.placed_at"),
      "order.paid_at": labelled("order.paid_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.total": labelled("order.total"),
      "order.items": items,
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "order.tracking.status": labelled("order.tracking.status"),
      "buyer.name": (doc) => buyerFromThread(doc) ?? labelled("buyer.name")(doc) ?? shipToName(doc),
      "buyer.country": shipToCountry,
      "dispute.reason": labelled("dispute.reason"),
      "dispute.opened_at": labelled("dispute.opened_at"),
      "dispute.status": labelled("dispute.status"),
      "dispute.refund": labelled("dispute.refund"),
      "dispute.request": (doc) => {
        const raw = labelled("dispute.request")(doc) ?? definition(doc, LABELS["dispute.request"]);
        return raw ? (REQUESTS.find(([pattern]) => pattern.test(raw))?.[1] ?? raw) : null;
      },
      "messages": messages,
      "page_deadlines": deadlines,
    },
    // The reply box: the message composer (Messages, labelled "Type your reply…") or the case
    // log's comment box ("Add a comment"); both are textareas inside the conversation's form.
    // Order details have no reply box of their own (messaging opens another page): null there.
    replyBox: (doc) => {
      if (pageType(doc, DC.pageUrl?.(doc, location) ?? location) === "order") {
        return null;
      }
      return dom.queryAll("form textarea, [role='textbox'][contenteditable='true']", doc).find((el) => dom.isVisible(el)) ?? null;
    },
  });
})();
