// eBay: Seller Hub order details, returns, requests for items not received, payment disputes and
// messages, on every eBay site.
//
// What this adapter knows that the generic reader does not: which URL is which page, that the
// order number and the return/request/dispute id are in the URL, eBay's own wording of its
// fields in the languages of its sites, the region of each site, where the items and the
// postage address sit, and who "You" and "eBay" are in a thread. Everything else it leaves to
// the generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label text, ARIA roles; class names
// only where nothing else tells the blocks apart, each named below.
//
// Sources for the page shapes (help articles, no screenshots of the pages' code):
//   returns:          https://www.ebay.com/help/selling/managing-returns-refunds/handle-return-request-seller?id=4115
//   item not received: https://pages.ebay.com.au/help/sell/item-not-received.html (respond within 3 business days:
//                     add tracking, refund, or send a replacement)
//   payment disputes: https://www.ebay.co.uk/help/fees-billing/refunds-disputes-payments/handling-payment-disputes-managed-payments-seller?id=4799
//                     (accept or challenge within 5 calendar days, up to 1000 characters and 5 files) and the
//                     Fulfillment API's PaymentDispute type (id, order, buyer, reason, amount, open date, status).
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic) {
    return;
  }
  const { dom, generic } = DC;

  const HOST = /(^|\.)ebay\.[a-z.]+$/i;

  // eBay sites → region (https://www.ebay.com/sitemap lists them). Belgium has two host names
  // (befr., benl.) on ebay.be; Canada's French site (cafr.ebay.ca) is still CA.
  const REGIONS = [
    [/ebay\.com$/, "US"], [/ebay\.co\.uk$/, "GB"], [/ebay\.de$/, "DE"], [/ebay\.fr$/, "FR"], [/ebay\.it$/, "IT"],
    [/ebay\.es$/, "ES"], [/ebay\.at$/, "AT"], [/ebay\.ch$/, "CH"], [/ebay\.ie$/, "IE"], [/ebay\.nl$/, "NL"],
    [/ebay\.be$/, "BE"], [/ebay\.pl$/, "PL"], [/ebay\.ca$/, "CA"], [/ebay\.com\.au$/, "AU"], [/ebay\.com\.sg$/, "SG"],
    [/ebay\.com\.my$/, "MY"], [/ebay\.ph$/, "PH"], [/ebay\.com\.hk$/, "HK"], [/ebay\.in$/, "IN"],
  ];

  // Page variants by URL:
  //   chargeback  payment disputes in Seller Hub (/sh/ord/paymentdispute…, /pd/…, ?paymentDisputeId=)
  //   return      returns (/rt/ReturnDetails?returnId=, /rtn/…)
  //   claim       requests for items not received and Money Back Guarantee cases (/res/…,
  //               /ItemNotReceived…, ?inquiryId=, ?caseId=)
  //   message     messages (mesg.ebay.*, /mesg/, /cnt/, /messages/)
  //   order       Seller Hub order details (/sh/ord/details?orderid=, /mesh/ord/details)
  // then, for an address none of these names (Seller Hub's "Requests and disputes" tabs), the
  // page's own heading.
  function pageType(doc, url) {
    const where = `${url.hostname} ${url.pathname}`.toLowerCase();
    const keys = [...url.searchParams.keys()].join(" ").toLowerCase();
    if (/payment.?dispute|\/pd\//.test(where) || /paymentdisputeid/.test(keys)) {
      return "chargeback";
    }
    if (/\/rtn?\/|return/.test(where) || /returnid/.test(keys)) {
      return "return";
    }
    if (/\/res\/|itemnotreceived|\/inr\b|\/inq\/|inquiry|resolution|\/case/.test(where) || /caseid|inquiryid/.test(keys)) {
      return "claim";
    }
    if (/^mesg\.|\/mesg\/|\/cnt\/|\/messages?\b|\/msg\//.test(where)) {
      return "message";
    }
    if (/\/ord\/details|\/ord\/.*orderid|order.?details/.test(where) || /orderid/.test(keys)) {
      return "order";
    }
    return pageTypeFromHeading(doc);
  }

  // The page's <h1> in eBay's words (en, de, fr, it, es), for addresses that do not say.
  const HEADING_TYPES = [
    [/payment dispute|zahlungsstreit|litige de paiement|contestazione (del|di) pagamento|disputa (de|del) pago/i, "chargeback"],
    [/item not received|haven't received|artikel nicht erhalten|objet non reçu|oggetto non ricevuto|artículo no recibido/i, "claim"],
    [/return details|rückgabedetails|détails du retour|dettagli (del )?reso|detalles de la devolución/i, "return"],
    [/order details|bestelldetails|détails de la commande|dettagli dell'ordine|detalles del pedido/i, "order"],
  ];

  function pageTypeFromHeading(doc) {
    const heading = dom.clean(doc.querySelector("h1")?.textContent ?? "", { lines: false });
    return HEADING_TYPES.find(([pattern]) => pattern.test(heading))?.[1] ?? null;
  }

  // eBay's wording of each field on its sites (en, de, fr, it, es, pl, nl).
  const LABELS = {
    "order.id": ["Order number", "Order no.", "Bestellnummer", "Numéro de commande", "Numero dell'ordine", "Numero ordine",
                 "Número de pedido", "Numer zamówienia", "Bestelnummer"],
    // Returns, requests (item not received), cases and payment disputes.
    "dispute.id": ["Return ID", "Return number", "Case number", "Case ID", "Request ID", "Request number",
                   "Payment dispute ID", "Dispute ID", "Rückgabenummer", "Fallnummer", "Anfragenummer",
                   "Numéro de retour", "Numéro de dossier", "Numéro de demande", "Numero reso", "Numero caso",
                   "Numero richiesta", "Número de devolución", "Número de caso", "Número de solicitud", "Numer zwrotu",
                   "Retournummer"],
    "buyer.name": ["Buyer", "Buyer username", "Käufer", "Mitgliedsname des Käufers", "Acheteur", "Acquirente", "Comprador",
                   "Kupujący", "Koper"],
    "order.placed_at": ["Date sold", "Sold on", "Sale date", "Verkauft am", "Verkaufsdatum", "Vendu le", "Date de vente",
                        "Data di vendita", "Venduto il", "Fecha de venta", "Vendido el", "Data sprzedaży", "Verkocht op"],
    "order.paid_at": ["Date paid", "Paid on", "Bezahlt am", "Zahlungsdatum", "Payé le", "Date de paiement", "Pagato il",
                      "Data di pagamento", "Pagado el", "Fecha de pago", "Data płatności", "Betaald op"],
    "order.shipped_at": ["Date shipped", "Shipped on", "Dispatched on", "Date posted", "Posted on", "Versendet am",
                         "Versanddatum", "Expédié le", "Date d'expédition", "Spedito il", "Data di spedizione",
                         "Enviado el", "Fecha de envío", "Data wysyłki", "Verzonden op"],
    "order.delivered_at": ["Delivered on", "Date delivered", "Zugestellt am", "Livré le", "Consegnato il", "Entregado el",
                           "Doręczono", "Bezorgd op"],
    "order.total": ["Order total", "Total", "Gesamtsumme", "Bestellsumme", "Total de la commande", "Totale ordine",
                    "Totale", "Total del pedido", "Suma zamówienia", "Totaalbedrag"],
    "order.tracking.number": ["Tracking number", "Sendungsnummer", "Numéro de suivi", "Numero di tracking",
                              "Número de seguimiento", "Numer przesyłki", "Trackingnummer"],
    "order.tracking.carrier": ["Carrier", "Shipping carrier", "Shipping service", "Postage service", "Versandservice",
                               "Versanddienstleister", "Transporteur", "Corriere", "Transportista", "Przewoźnik",
                               "Vervoerder"],
    "order.tracking.status": ["Tracking status", "Delivery status", "Sendungsstatus", "Statut de la livraison",
                              "Stato della spedizione", "Estado del envío"],
    "dispute.reason": ["Return reason", "Reason for return", "Reason", "Dispute reason", "Rückgabegrund", "Grund",
                       "Motif du retour", "Motif", "Motivo della restituzione", "Motivo", "Motivo de la devolución",
                       "Powód zwrotu", "Reden"],
    "dispute.opened_at": ["Return requested", "Request date", "Requested on", "Request opened", "Date opened",
                          "Opened on", "Opened", "Dispute opened", "Rückgabe angefordert am", "Angefordert am",
                          "Eröffnet am", "Retour demandé le", "Demandé le", "Ouvert le", "Reso richiesto il",
                          "Richiesto il", "Aperto il", "Devolución solicitada el", "Solicitado el", "Abierto el",
                          "Data zgłoszenia", "Aangevraagd op"],
    // What the buyer asks for back: the refund of a return or request, the amount of a payment dispute.
    "dispute.refund": ["Refund amount", "Requested refund", "Disputed amount", "Dispute amount", "Amount in dispute",
                       "Erstattungsbetrag", "Strittiger Betrag", "Montant du remboursement", "Montant contesté",
                       "Importo del rimborso", "Importo contestato", "Importe del reembolso", "Importe en disputa",
                       "Kwota zwrotu", "Terugbetalingsbedrag"],
    "dispute.status": ["Return status", "Case status", "Request status", "Dispute status", "Status", "Rückgabestatus",
                       "Statut du retour", "Statut", "Stato del reso", "Stato", "Estado de la devolución", "Estado",
                       "Status zwrotu"],
    "dispute.request": ["Buyer wants", "What the buyer wants", "Buyer's request", "Käufer möchte", "L'acheteur souhaite",
                        "L'acquirente desidera", "El comprador quiere"],
  };

  function labelled(field) {
    return (doc) => generic.valueByLabel(doc, field, LABELS[field], { hints: { locale: doc.documentElement.lang } });
  }

  /**
   * The text right after one of `field`'s labels (<dt>/<dd>, <th>/<td>, label and value
   * spans), as the page prints it. For values the shared reader refuses because they are
   * also label words somewhere: a tracking status of "Delivered" (order details, payment
   * disputes).
   */
  function besideLabel(field) {
    const wanted = new Set(LABELS[field].map((label) => dom.normalise(label)));
    return (doc) => {
      const label = dom.queryAll("dt, th, span, div, strong", doc).find((el) => el.childElementCount === 0 &&
        wanted.has(dom.normalise(el.textContent)) && dom.isVisible(el));
      const value = dom.clean(label?.nextElementSibling?.textContent ?? "", { lines: false });
      return value && value.length <= 120 ? value : null;
    };
  }

  // What the buyer asks for, as the contract's codes; anything else is kept as eBay words it.
  const REQUESTS = [
    [/return|rücksendung|rückgabe|retour|reso|devoluci/i, "return_and_refund"],
    [/refund|erstattung|rembourse|rimborso|reembolso/i, "refund_only"],
  ];

  function idParam(url, names, pattern) {
    for (const name of names) {
      const value = [...url.searchParams].find(([key]) => key.toLowerCase() === name)?.[1];
      if (value && pattern.test(value)) {
        return value;
      }
    }
    return null;
  }

  // eBay order numbers: "12-34567-89012" since 2019, 12-digit legacy ones before.
  const ORDER_ID = /^(\d{2}-\d{5}-\d{5}|\d{12})$/;
  // Return, request and case ids are 10 digits (5…); payment dispute ids run longer.
  const CASE_ID = /^\d{10,16}$/;

  // Who wrote a message: "You"/"Du"/"Vous"… head the seller's own (messages page, every site),
  // "eBay" the platform's; anyone else is the buyer (a seller's messages are with one buyer).
  const SELF = /^(you|du|sie|vous|tu|tú|usted|ty|jij|u)\b/i;
  function roleOf(item) {
    const head = dom.clean(item.querySelector("h3, h4, [class*='sender' i], [class*='author' i]")?.textContent ??
      dom.visibleText(item).split("\n")[0]);
    if (SELF.test(head)) {
      return "seller";
    }
    if (/^ebay\b/i.test(head)) {
      return "platform";
    }
    return head ? "buyer" : null;
  }

  // The thread: an element labelled as a conversation (messages page, every site) or as the
  // history of a return, request or case (return and request pages), one role="article" or
  // <article> per message.
  const THREAD_LABEL = new RegExp([
    "conversation", "message history", "request history", "return history", "case history", "activity",
    "nachrichtenverlauf", "verlauf", "conversazione", "cronologia", "conversación", "historial",
    "historique des messages", "historique", "historia wiadomości", "berichtgeschiedenis",
  ].join("|"), "i");

  function threadMessages(doc) {
    const thread = dom.queryAll("[aria-label]", doc).find((el) =>
      THREAD_LABEL.test(el.getAttribute("aria-label")) && dom.isVisible(el));
    if (!thread) {
      return null;
    }
    const items = [...thread.querySelectorAll("[role='article'], article")];
    return items.length ? generic.messagesFrom(items, { roleOf, container: thread }) : null;
  }

  // "Respond by May 10" banners: role="alert" / role="status" (return, request and payment
  // dispute pages). Each sentence on its own, without its full stop: the shared date reader
  // misses "Respond by 8 May 2026. If you don't…" (a full stop right after the year) but reads
  // "Respond by 8 May 2026". The split never cuts "10. Mai 2024" (a full stop after a day).
  const SENTENCE_END = /(?<=[^\d\s]\.|\d{4}\.|[!?。])\s+/u;

  function banners(doc) {
    const lines = dom.queryAll("[role='alert'], [role='status']", doc)
      .filter((el) => dom.isVisible(el))
      .flatMap((el) => dom.visibleText(el).split("\n"))
      .flatMap((line) => line.split(SENTENCE_END))
      .map((sentence) => sentence.trim().replace(/(?<=\d{4})[.!?。]$/u, ""))
      .filter(Boolean);
    const found = generic.readDeadlines(lines);
    return found.length ? found : null;
  }

  // The words eBay puts before an item's facts (order details, every site).
  const ITEM_FACTS = {
    quantity: /^(quantity|qty|menge|anzahl|quantité|quantità|cantidad|ilość|aantal)$/i,
    sku: /^(custom label \(sku\)|custom label|sku|bestandseinheit|étiquette personnalisée|etichetta personalizzata|etiqueta personalizada)$/i,
    skip: /^(item number|item id|artikelnummer|numéro de l'objet|numero oggetto|número de artículo|price|item price|preis|prix|prezzo|precio|subtotal)$/i,
  };

  // The items of the order: one card per link to a listing (/itm/…; order details, every site),
  // its facts as "Label: value" lines; the lines eBay does not name (Colour: Black) are the
  // buyer's variation.
  function items(doc) {
    const found = [];
    const seen = new Set();
    for (const link of dom.queryAll("a[href*='/itm/']", doc)) {
      const card = link.closest("[role='listitem'], li, article, tr") ?? link.parentElement;
      const title = dom.clean(link.textContent, { lines: false });
      if (!title || seen.has(card) || !dom.isVisible(link)) {
        continue;
      }
      seen.add(card);
      const item = { title };
      const variant = [];
      for (const line of dom.visibleText(card).split("\n")) {
        const match = /^([^:：]{1,40})[:：]\s*(.+)$/.exec(dom.clean(line));
        if (!match) {
          continue;
        }
        const [, label, value] = match;
        if (ITEM_FACTS.quantity.test(label.trim())) {
          const count = /\d{1,5}/.exec(value);
          if (count) {
            item.quantity = Number(count[0]);
          }
        } else if (ITEM_FACTS.sku.test(label.trim())) {
          item.sku = value.trim();
        } else if (!ITEM_FACTS.skip.test(label.trim())) {
          variant.push(`${label.trim()}: ${value.trim()}`);
        }
      }
      if (variant.length) {
        item.variant = variant.join(", ");
      }
      found.push(item);
    }
    return found.length ? found : null;
  }

  // The postage address: an <address> element (order details), else the block after its label.
  const ADDRESS_LABELS = /^(ship to|shipping address|postage address|delivery address|lieferadresse|versandadresse|adresse de livraison|indirizzo di spedizione|dirección de envío|adres wysyłki|verzendadres)$/i;

  function buyerCountry(doc) {
    let block = dom.queryAll("address", doc).find((el) => dom.isVisible(el));
    if (!block) {
      const label = dom.queryAll("dt, th, h2, h3, h4, strong, span, div", doc)
        .find((el) => el.childElementCount === 0 && ADDRESS_LABELS.test(dom.clean(el.textContent, { lines: false })));
      block = label?.nextElementSibling ?? null;
    }
    if (!block) {
      return null;
    }
    const lines = dom.visibleText(block).split("\n").map((line) => dom.clean(line)).filter(Boolean);
    return lines.length ? generic.countryCode(lines.at(-1)) : null;
  }

  /** The page type of the document the reply box is asked for (the scrape knows its URL). */
  function pageTypeHere(doc) {
    const url = DC.pageUrl ? DC.pageUrl(doc, location) : new URL(location.href);
    return pageType(doc, url);
  }

  // Reply boxes by page: the message form (messages, returns, requests) and the challenge
  // explanation of a payment dispute, each a textarea; order details have none (a textarea
  // there is the seller's private note).
  const REPLY_LABEL = /message|reply|respond|nachricht|antwort|répond|messaggio|rispondi|mensaje|responde|wiadomo|bericht|explain|details|erklär|expliquez|spiega|explica/i;

  function replyBox(doc) {
    const type = pageTypeHere(doc);
    if (!type || type === "order") {
      return null;
    }
    return dom.queryAll("textarea", doc).find((el) => dom.isVisible(el) && !el.disabled && !el.readOnly &&
      REPLY_LABEL.test(`${el.getAttribute("aria-label") ?? ""} ${el.getAttribute("placeholder") ?? ""} ${el.labels?.[0]?.textContent ?? ""}`)) ?? null;
  }

  DC.registerAdapter({
    id: "ebay",
    platform: "ebay",
    pageTypes: ["order", "return", "claim", "chargeback", "message"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region: (url) => REGIONS.find(([pattern]) => pattern.test(url.hostname.toLowerCase()))?.[1] ?? null,
    keyFields: { order: ["order.id"], return: ["order.id", "dispute.id"], claim: ["order.id", "dispute.id"],
                 chargeback: ["order.id", "dispute.id", "dispute.refund"], message: ["messages"] },
    fields: {
      // Seller Hub order details and most return pages carry ?orderid= (any case).
      "order.id": (doc, url) => idParam(url, ["orderid"], ORDER_ID) ??
        (() => {
          const value = labelled("order.id")(doc);
          return value && ORDER_ID.test(value) ? value : null;
        })(),
      "dispute.id": (doc, url) => idParam(url, ["returnid", "inquiryid", "caseid", "requestid", "paymentdisputeid"], CASE_ID) ??
        labelled("dispute.id")(doc),
      "buyer.name": labelled("buyer.name"),
      "buyer.country": buyerCountry,
      "order.placed_at": labelled("order.placed_at"),
      "order.paid_at": labelled("order.paid_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.total": labelled("order.total"),
      "order.items": items,
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "order.tracking.status": (doc) => labelled("order.tracking.status")(doc) ?? besideLabel("order.tracking.status")(doc),
      "dispute.reason": labelled("dispute.reason"),
      "dispute.opened_at": labelled("dispute.opened_at"),
      "dispute.refund": labelled("dispute.refund"),
      "dispute.status": labelled("dispute.status"),
      "dispute.request": (doc) => {
        const raw = labelled("dispute.request")(doc);
        return raw ? (REQUESTS.find(([pattern]) => pattern.test(raw))?.[1] ?? raw) : null;
      },
      "messages": threadMessages,
      "page_deadlines": banners,
    },
    replyBox,
  });
})();
