// PayPal Resolution Center, seller side: one case's page — a dispute (with the conversation with
// the buyer), a claim (escalated to PayPal) or a chargeback (the buyer's card issuer).
//
// What this adapter knows that the generic reader does not: which URL is a case page and where
// its case id sits, how PayPal names the three kinds of case in its languages (the page's "Case
// type", its heading), PayPal's wording of the case's facts, the country from the site's path
// or locale, that PayPal's transaction id is not the seller's order number (the invoice id is),
// and who "PayPal" and "you" are in the conversation. Everything else it leaves to the generic
// reader, field by field.
//
// Modelled on PayPal's help pages (Resolution Center: "All open cases" > Case ID > Case details,
// "Your conversation with customer", "Send a message to Customer"; disputes must be escalated
// within 20 days, claims are decided by PayPal) and its Disputes API reference (dispute ids
// PP-D-…, PP-R-…); see tests/extension/web_pages/platforms/paypal/.
//
// Selectors, most durable first: URL patterns, visible label and heading text (en, de, fr, es,
// it, pt, zh), ARIA roles and labels; no class names.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic || !DC.kit) {
    return;
  }
  const { dom, generic } = DC;

  const HOST = /(^|\.)paypal\.com$/i;

  // The country, from the site's path (paypal.com/de/…, /uk/…, /c2/…), its ?locale.x=de_DE, or
  // the page's own language tag (lang="de-DE": PayPal renders pages in the account's locale).
  // PayPal's path codes are ISO 3166 except these two:
  const PATH_REGIONS = { uk: "GB", c2: "CN" };

  function region(url) {
    const first = url.pathname.split("/")[1]?.toLowerCase() ?? "";
    if (PATH_REGIONS[first]) {
      return PATH_REGIONS[first];
    }
    if (/^[a-z]{2}$/.test(first)) {
      return first.toUpperCase();
    }
    const locale = url.searchParams.get("locale.x") ?? globalThis.document?.documentElement?.lang ?? "";
    const country = /^[a-z]{2}[-_]([A-Za-z]{2})$/.exec(locale.trim());
    return country ? country[1].toUpperCase() : null;
  }

  // Case ids: PP-D-12345678 (disputes and claims), PP-R-ABC-12345678 (chargebacks and older
  // cases), PP-000-123-456-789 (legacy).
  const CASE_ID = /\b(PP-[A-Z0-9]{1,3}(?:-[A-Z0-9]{2,12}){1,3})\b/;

  // Page variants by URL: a case page (/resolutioncenter/view/<case id>/…, /resolutioncenter/
  // <case id>, /disputes/<case id>); the case list (/resolutioncenter) is not one case.
  function caseFromUrl(url) {
    const match = /\/(?:resolutioncenter|disputes)(?:\/view)?\/(PP-[A-Z0-9-]+)/i.exec(url.pathname);
    return match && CASE_ID.test(match[1].toUpperCase()) ? match[1].toUpperCase() : null;
  }

  // The kind of case in PayPal's words ("Case type" on the case page and in the case list;
  // the page heading otherwise).
  const KINDS = [
    ["chargeback", /chargeback|rückbuchung|rétrofacturation|opposition bancaire|contracargo|estorno|storno|拒付|扣款/i],
    ["claim", /\bclaim\b|antrag auf käuferschutz|\bantrag\b|réclamation|reclamación|reclamação|reclamo|\breclamo\b|索赔|索償/i],
    ["dispute", /dispute|inquiry|konflikt|litige|disputa|contestazione|争议|爭議/i],
  ];

  const LABELS = {
    "dispute.id": ["Case ID", "Case number", "Fall-ID", "Fallnummer", "Numéro de dossier", "ID du dossier", "ID del caso",
                   "Número de caso", "ID do caso", "Número do caso", "ID caso", "案例编号", "案件编号"],
    "_kind": ["Case type", "Falltyp", "Art des Falls", "Type de dossier", "Tipo de caso", "Tipo do caso", "Tipo di caso",
              "案例类型", "案件类型"],
    "order.id": ["Invoice ID", "Invoice number", "Order ID", "Rechnungsnummer", "Bestellnummer", "Numéro de facture",
                 "Número de factura", "Número da fatura", "Numero fattura", "账单号", "发票号"],
    "order.paid_at": ["Transaction date", "Payment date", "Transaktionsdatum", "Zahlungsdatum", "Date de la transaction",
                      "Fecha de la transacción", "Data da transação", "Data della transazione", "交易日期"],
    "dispute.opened_at": ["Date opened", "Opened on", "Date reported", "Filed on", "Eröffnet am", "Gemeldet am",
                          "Date d'ouverture", "Ouvert le", "Fecha de apertura", "Abierto el", "Data de abertura", "Aberto em",
                          "Data di apertura", "Aperto il", "开启日期", "报告日期"],
    "dispute.reason": ["Reason", "Reason for case", "Grund", "Motif", "Motivo", "原因"],
    "dispute.status": ["Status", "Case status", "Fallstatus", "Statut", "Estado", "Stato", "状态"],
    "dispute.refund": ["Disputed amount", "Amount", "Case amount", "Strittiger Betrag", "Betrag", "Montant contesté", "Montant",
                       "Importe en disputa", "Importe", "Valor contestado", "Valor", "Importo contestato", "Importo",
                       "争议金额", "金额"],
    "order.total": ["Transaction amount", "Transaktionsbetrag", "Montant de la transaction", "Importe de la transacción",
                    "Valor da transação", "Importo della transazione", "交易金额"],
    "buyer.name": ["Buyer", "Customer", "Buyer name", "Käufer", "Kunde", "Acheteur", "Client", "Comprador", "Cliente",
                   "Acquirente", "买家", "客户"],
    "order.tracking.number": ["Tracking number", "Sendungsnummer", "Numéro de suivi", "Número de seguimiento",
                              "Código de rastreamento", "Numero di tracking", "跟踪号", "运单号"],
    "order.tracking.carrier": ["Carrier", "Shipping carrier", "Versanddienstleister", "Transporteur", "Transportista",
                               "Transportadora", "Corriere", "承运商"],
    "_item": ["Item", "Item name", "Artikel", "Article", "Artículo", "Item", "Articolo", "商品"],
  };

  const hintsOf = (doc, url) => ({ locale: doc.documentElement.lang, region: region(url) ?? undefined });

  function labelled(field) {
    return (doc, url) => generic.valueByLabel(doc, field, LABELS[field], { hints: hintsOf(doc, url) });
  }

  /** The raw text of the <dd> after a <dt> with one of `labels` (Case details is a list of them). */
  const definition = (doc, labels) => DC.kit.definition(doc, labels);


  function pageType(doc, url) {
    const onCase = caseFromUrl(url) || /\/resolutioncenter\/view\b/i.test(url.pathname);
    if (!onCase) {
      return null;
    }
    // "Case type: Chargeback" (case details), then the page heading ("Chargeback PP-R-…").
    const texts = [definition(doc, LABELS._kind), dom.clean(doc.querySelector("h1")?.textContent ?? "", { lines: false })];
    for (const text of texts.filter(Boolean)) {
      const kind = KINDS.find(([, pattern]) => pattern.test(text));
      if (kind) {
        return kind[0];
      }
    }
    // A case page's path may end in the kind: /view/<id>/claim, /view/<id>/inquiry (a dispute).
    if (/\/claim\b/i.test(url.pathname)) {
      return "claim";
    }
    return "dispute";
  }

  function caseId(doc, url) {
    const fromUrl = caseFromUrl(url);
    if (fromUrl) {
      return fromUrl;
    }
    const labelledId = definition(doc, LABELS["dispute.id"]);
    const match = CASE_ID.exec(labelledId ?? dom.clean(doc.querySelector("h1")?.textContent ?? "", { lines: false }));
    return match ? match[1] : null;
  }

  // The conversation: "Your conversation with <buyer>" / "Ihre Unterhaltung mit …" (dispute
  // pages; claims and chargebacks keep the history of the case in the same place).
  const THREAD = /conversation|unterhaltung|nachrichten|historique|conversación|conversa|conversazione|case history|fallverlauf|对话|消息/i;
  const WITH = /\s(?:with|mit|avec|con|com)\s+(.+)$/i;

  function thread(doc) {
    return dom.queryAll("[role='log'][aria-label], section[aria-label], [role='region'][aria-label]", doc)
      .find((el) => THREAD.test(el.getAttribute("aria-label")) && dom.isVisible(el)) ?? null;
  }

  function buyerFromThread(doc) {
    const match = WITH.exec(thread(doc)?.getAttribute("aria-label") ?? "");
    const name = match?.[1].trim();
    // "Your conversation with customer": the word, not a name.
    return name && !/^(the )?(customer|buyer|kunde|käufer|dem käufer|client|acheteur|cliente|comprador)$/i.test(name) ? name : null;
  }

  // Who wrote an entry: "PayPal" (PayPal's notes and decisions), "You"/"Sie"/"Vous"/"Tú"/"Você"/
  // "您" (the seller), anyone else the buyer.
  const SELF = /^(you|sie|vous|tú|tu|usted|você|voi|您|你)(?=$|[\s,.:(·-])/iu;
  function roleOf(item) {
    const head = dom.clean(item.querySelector("h3, h4, [role='heading']")?.textContent ?? "", { lines: false });
    if (/^paypal\b/i.test(head)) {
      return "platform";
    }
    if (SELF.test(head)) {
      return "seller";
    }
    return head ? "buyer" : null;
  }

  function messages(doc) {
    const root = thread(doc);
    if (!root) {
      return null;
    }
    const entries = [...root.querySelectorAll("article, [role='article']")];
    return entries.length ? generic.messagesFrom(entries, { roleOf, container: root, buyerName: buyerFromThread(doc) }) : null;
  }

  // "Respond by May 16, 2026" / "Antworten Sie bis zum 16. Mai 2026" / "Escalate by …" banners.
  function deadlines(doc) {
    const lines = dom.queryAll("[role='status'], [role='alert'], [role='timer']", doc)
      .filter((el) => dom.isVisible(el)).flatMap((el) => dom.visibleText(el).split("\n"))
      .flatMap((line) => line.split(/(?<=[.!?])\s+(?=\p{Lu})/u)).map((line) => line.replace(/[.!?]$/, ""));
    const found = generic.readDeadlines(lines);
    return found.length ? found : null;
  }

  // The buyer's request as the contract's codes (PayPal's "Buyer's expected outcome").
  const REQUESTS = [
    [/return|rücksendung|retour|devoluci|devolução|reso/i, "return_and_refund"],
    [/refund|erstattung|rückzahlung|rembourse|reembolso|rimborso|退款/i, "refund_only"],
  ];
  const REQUEST_LABELS = ["Buyer's expected outcome", "Expected outcome", "Buyer's request", "Erwartetes Ergebnis",
                          "Wunsch des Käufers", "Résultat attendu", "Resultado esperado", "Risultato previsto", "买家期望"];

  DC.registerAdapter({
    id: "paypal",
    platform: "paypal",
    pageTypes: ["dispute", "claim", "chargeback"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region,
    keyFields: { dispute: ["dispute.id", "dispute.reason", "messages"], claim: ["dispute.id", "dispute.reason"],
                 chargeback: ["dispute.id", "dispute.refund"] },
    fields: {
      "dispute.id": caseId,
      // The seller's own order number is the invoice id the shop sent with the payment; the
      // PayPal transaction id is not an order number (the generic reader knows it as such).
      "order.id": (doc, url) => labelled("order.id")(doc, url),
      "order.paid_at": labelled("order.paid_at"),
      "order.total": labelled("order.total"),
      "order.items": (doc) => {
        const title = definition(doc, LABELS._item);
        return title ? [{ title }] : null;
      },
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "buyer.name": (doc, url) => buyerFromThread(doc) ?? labelled("buyer.name")(doc, url),
      "dispute.reason": (doc, url) => definition(doc, LABELS["dispute.reason"]) ?? labelled("dispute.reason")(doc, url),
      "dispute.opened_at": labelled("dispute.opened_at"),
      "dispute.status": (doc) => definition(doc, LABELS["dispute.status"]),
      "dispute.refund": labelled("dispute.refund"),
      "dispute.request": (doc) => {
        const raw = definition(doc, REQUEST_LABELS);
        return raw ? (REQUESTS.find(([pattern]) => pattern.test(raw))?.[1] ?? raw) : null;
      },
      "messages": messages,
      "page_deadlines": deadlines,
    },
    // The reply box: "Send a message to Customer" on a dispute (a textarea in the conversation's
    // form). Claims and chargebacks have no message to the buyer (PayPal or the card issuer
    // decides): null there.
    replyBox: (doc) => {
      if (pageType(doc, DC.pageUrl?.(doc, location) ?? location) !== "dispute") {
        return null;
      }
      return dom.queryAll("form textarea", doc).find((el) => dom.isVisible(el)) ?? null;
    },
  });
})();
