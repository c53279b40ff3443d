// eBay: Seller Hub order details, return details and messages, on every eBay site.
//
// What this adapter knows that the generic reader does not: which URL is which page, that the
// order number and the return/case id are in the URL, eBay's own wording of its fields in the
// languages of its sites, the region of each site, and who "You" and "eBay" are in a thread.
// Everything else it leaves to the generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label text, ARIA roles; class names
// only where nothing else tells the blocks apart, each named below.
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

  // Page variants by URL: Seller Hub order details (/sh/ord/details?orderid=, /mesh/ord/details),
  // returns (/rt/ReturnDetails?returnId=, /rtn/…), cases and requests for items not received
  // (/res/…, /ItemNotReceived, ?caseId=, ?inquiryId=), messages (mesg.ebay.*, /mesg/, /cnt/,
  // /messages/).
  function pageType(doc, url) {
    const where = `${url.hostname} ${url.pathname}`.toLowerCase();
    const keys = [...url.searchParams.keys()].join(" ").toLowerCase();
    if (/\/rtn?\/|return/.test(where) || /returnid/.test(keys)) {
      return "return";
    }
    if (/\/res\/|itemnotreceived|\/inr\b|resolution|\/case/.test(where) || /caseid|inquiryid/.test(keys)) {
      return "claim";
    }
    if (/^mesg\.|\/mesg\/|\/cnt\/|\/messages?\b|\/msg\//.test(where)) {
      return "message";
    }
    if (/\/ord\/details|\/ord\/.*orderid|order.?details/.test(where) || /orderid/.test(keys)) {
      return "order";
    }
    return null;
  }

  // eBay's wording of each field on its sites (en, de, fr, it, es, pl, nl).
  const LABELS = {
    "order.id": ["Order number", "Order no.", "Bestellnummer", "Numéro de commande", "Numero dell'ordine", "Numero ordine",
                 "Número de pedido", "Numer zamówienia", "Bestelnummer"],
    "dispute.id": ["Return ID", "Return number", "Case number", "Case ID", "Request ID", "Rückgabenummer", "Fallnummer",
                   "Numéro de retour", "Numéro de dossier", "Numero reso", "Numero caso", "Número de devolución",
                   "Número de caso", "Numer zwrotu", "Retournummer"],
    "buyer.name": ["Buyer", "Buyer username", "Käufer", "Mitgliedsname des Käufers", "Acheteur", "Acquirente", "Comprador",
                   "Kupujący", "Koper"],
    "order.placed_at": ["Date sold", "Sold on", "Sale date", "Verkauft am", "Verkaufsdatum", "Vendu le", "Date de vente",
                        "Data di vendita", "Venduto il", "Fecha de venta", "Vendido el", "Data sprzedaży", "Verkocht op"],
    "order.paid_at": ["Date paid", "Paid on", "Bezahlt am", "Zahlungsdatum", "Payé le", "Date de paiement", "Pagato il",
                      "Data di pagamento", "Pagado el", "Fecha de pago", "Data płatności", "Betaald op"],
    "order.shipped_at": ["Date shipped", "Shipped on", "Dispatched on", "Versendet am", "Versanddatum", "Expédié le",
                         "Date d'expédition", "Spedito il", "Data di spedizione", "Enviado el", "Fecha de envío",
                         "Data wysyłki", "Verzonden op"],
    "order.delivered_at": ["Delivered on", "Date delivered", "Zugestellt am", "Livré le", "Consegnato il", "Entregado el",
                           "Doręczono", "Bezorgd op"],
    "order.total": ["Order total", "Total", "Gesamtsumme", "Bestellsumme", "Total de la commande", "Totale ordine",
                    "Totale", "Total del pedido", "Suma zamówienia", "Totaalbedrag"],
    "order.tracking.number": ["Tracking number", "Sendungsnummer", "Numéro de suivi", "Numero di tracking",
                              "Número de seguimiento", "Numer przesyłki", "Trackingnummer"],
    "order.tracking.carrier": ["Carrier", "Shipping carrier", "Shipping service", "Versandservice", "Versanddienstleister",
                               "Transporteur", "Corriere", "Transportista", "Przewoźnik", "Vervoerder"],
    "dispute.reason": ["Return reason", "Reason for return", "Reason", "Rückgabegrund", "Grund", "Motif du retour", "Motif",
                       "Motivo della restituzione", "Motivo", "Motivo de la devolución", "Powód zwrotu", "Reden"],
    "dispute.opened_at": ["Return requested", "Request date", "Requested on", "Date opened", "Opened on",
                          "Rückgabe angefordert am", "Angefordert am", "Retour demandé le", "Demandé le",
                          "Reso richiesto il", "Richiesto il", "Devolución solicitada el", "Solicitado el",
                          "Data zgłoszenia", "Aangevraagd op"],
    "dispute.refund": ["Refund amount", "Requested refund", "Erstattungsbetrag", "Montant du remboursement",
                       "Importo del rimborso", "Importe del reembolso", "Kwota zwrotu", "Terugbetalingsbedrag"],
    "dispute.status": ["Return status", "Case status", "Status", "Rückgabestatus", "Status", "Statut du retour", "Statut",
                       "Stato del reso", "Stato", "Estado de la devolución", "Estado", "Status zwrotu"],
  };

  function labelled(field) {
    return (doc) => generic.valueByLabel(doc, field, LABELS[field], { hints: { locale: doc.documentElement.lang } });
  }

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
  const CASE_ID = /^\d{10,12}$/;

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

  function threadMessages(doc) {
    // The open conversation: an element labelled as such (aria-label "Conversation"/
    // "Nachrichtenverlauf"/…, messages page, every site), one role="article" or <article> per
    // message.
    const thread = dom.queryAll("[aria-label]", doc).find((el) =>
      /conversation|message history|nachrichtenverlauf|conversazione|conversación|historique des messages|historia wiadomości|berichtgeschiedenis/i
        .test(el.getAttribute("aria-label")) && dom.isVisible(el));
    if (!thread) {
      return null;
    }
    const items = [...thread.querySelectorAll("[role='article'], article")];
    return items.length ? generic.messagesFrom(items, { roleOf, container: thread }) : null;
  }

  // "Respond by May 10" banners: role="alert" / role="status" (return and case pages).
  function banners(doc) {
    const lines = dom.queryAll("[role='alert'], [role='status']", doc)
      .filter((el) => dom.isVisible(el)).flatMap((el) => dom.visibleText(el).split("\n"));
    const found = generic.readDeadlines(lines);
    return found.length ? found : null;
  }

  DC.registerAdapter({
    id: "ebay",
    platform: "ebay",
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region: (url) => REGIONS.find(([pattern]) => pattern.test(url.hostname.toLowerCase()))?.[1] ?? null,
    keyFields: { order: ["order.id"], return: ["order.id", "dispute.id"], claim: ["order.id", "dispute.id"],
                 message: ["messages"] },
    fields: {
      // Seller Hub order details and most return pages carry ?orderid= (any case).
      "order.id": (doc, url) => idParam(url, ["orderid"], ORDER_ID) ??
        (() => {
          const value = labelled("order.id")(doc);
          return value && ORDER_ID.test(value) ? value : null;
        })(),
      "dispute.id": (doc, url) => idParam(url, ["returnid", "caseid", "inquiryid", "requestid"], CASE_ID) ??
        labelled("dispute.id")(doc),
      "buyer.name": labelled("buyer.name"),
      "order.placed_at": labelled("order.placed_at"),
      "order.paid_at": labelled("order.paid_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.total": labelled("order.total"),
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "dispute.reason": labelled("dispute.reason"),
      "dispute.opened_at": labelled("dispute.opened_at"),
      "dispute.refund": labelled("dispute.refund"),
      "dispute.status": labelled("dispute.status"),
      "messages": threadMessages,
      "page_deadlines": banners,
    },
    // The reply box: the message form's textarea (messages, return and case pages).
    replyBox: (doc) => dom.queryAll("textarea", doc).find((el) => dom.isVisible(el)) ?? null,
  });
})();
