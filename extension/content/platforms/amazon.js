// Amazon Seller Central: order details, Buyer-Seller Messages, Manage Returns, A-to-z
// Guarantee claims and Chargeback claims, on every marketplace's Seller Central.
//
// What this adapter knows that the generic reader does not: which Seller Central address is
// which page, Amazon's order number format (3-7-7 digits) and that every case page links the
// order to /orders-v3/order/<id>, Amazon's own wording of its fields in the languages Seller
// Central ships (en, de, fr, it, es, ja), the marketplace a page belongs to (the order's sales
// channel, the marketplace id in the address, the site's domain), who "Amazon" is in a thread,
// the "Ship by" / "Respond by" dates the pages print, and the order lines with their variations.
// Everything else it leaves to the generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label text, ARIA roles and landmarks,
// links to the order page; no class names.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic) {
    return;
  }
  const { dom, generic } = DC;

  // Seller Central hosts: sellercentral.amazon.<tld> per marketplace, and the two regional ones
  // (sellercentral-europe.amazon.com for the unified European account, sellercentral-japan.amazon.com).
  const HOST = /^sellercentral(?:-(?:europe|japan))?\.amazon\.(?:com|ca|com\.mx|com\.br|co\.uk|de|fr|it|es|nl|se|pl|com\.tr|ae|sa|in|co\.jp|com\.au|sg|com\.be|eg|co\.za|ie)$/i;

  // Seller Central domain → marketplace (region). sellercentral-europe.amazon.com serves every
  // European marketplace of a unified account: no region from the host alone (see region()).
  const HOST_REGIONS = [
    [/^sellercentral-europe\./, null],
    [/^sellercentral-japan\./, "JP"],
    [/\.amazon\.com$/, "US"], [/\.amazon\.ca$/, "CA"], [/\.amazon\.com\.mx$/, "MX"], [/\.amazon\.com\.br$/, "BR"],
    [/\.amazon\.co\.uk$/, "GB"], [/\.amazon\.de$/, "DE"], [/\.amazon\.fr$/, "FR"], [/\.amazon\.it$/, "IT"],
    [/\.amazon\.es$/, "ES"], [/\.amazon\.nl$/, "NL"], [/\.amazon\.se$/, "SE"], [/\.amazon\.pl$/, "PL"],
    [/\.amazon\.com\.tr$/, "TR"], [/\.amazon\.ae$/, "AE"], [/\.amazon\.sa$/, "SA"], [/\.amazon\.in$/, "IN"],
    [/\.amazon\.co\.jp$/, "JP"], [/\.amazon\.com\.au$/, "AU"], [/\.amazon\.sg$/, "SG"], [/\.amazon\.com\.be$/, "BE"],
    [/\.amazon\.eg$/, "EG"], [/\.amazon\.co\.za$/, "ZA"], [/\.amazon\.ie$/, "IE"],
  ];

  // Amazon's public marketplace ids (the Selling Partner API's list), as Seller Central
  // addresses carry them after a marketplace switch (?mons_sel_mkid=, ?marketplaceId=).
  const MARKETPLACE_IDS = {
    ATVPDKIKX0DER: "US", A2EUQ1WTGCTBG2: "CA", A1AM78C64UM0Y8: "MX", A2Q3Y263D00KWC: "BR",
    A1F83G8C2ARO7P: "GB", A1PA6795UKMFR9: "DE", A13V1IB3VIYZZH: "FR", APJ6JRA9NG5V4: "IT",
    A1RKKUPIHCS9HS: "ES", A1805IZSGTT6HS: "NL", A2NODRKZP88ZB9: "SE", A1C3SOZRARQ6R3: "PL",
    A33AVAJ2PDY3EV: "TR", A2VIGQ35RCS4UG: "AE", A17E79C6D8DWNP: "SA", A21TJRUUN4KGTP: "IN",
    A1VC38T7YXB528: "JP", A39IBJ37TRP1C6: "AU", A19VAU5U5O7RUS: "SG", AMEN7PMS3EDWL: "BE",
    ARBP9OOSHTCHU: "EG", AE08WJ6YKNBMC: "ZA", A28R8C7NBKEWEA: "IE",
  };

  // The storefront domain a page names ("Sales channel: Amazon.de", the marketplace switcher's
  // "Amazon.co.uk") → region.
  const STOREFRONTS = [
    [/amazon\.com\.mx\b/i, "MX"], [/amazon\.com\.br\b/i, "BR"], [/amazon\.com\.tr\b/i, "TR"], [/amazon\.com\.au\b/i, "AU"],
    [/amazon\.com\.be\b/i, "BE"], [/amazon\.co\.uk\b/i, "GB"], [/amazon\.co\.jp\b/i, "JP"], [/amazon\.co\.za\b/i, "ZA"],
    [/amazon\.ca\b/i, "CA"], [/amazon\.de\b/i, "DE"], [/amazon\.fr\b/i, "FR"], [/amazon\.it\b/i, "IT"],
    [/amazon\.es\b/i, "ES"], [/amazon\.nl\b/i, "NL"], [/amazon\.se\b/i, "SE"], [/amazon\.pl\b/i, "PL"],
    [/amazon\.ae\b/i, "AE"], [/amazon\.sa\b/i, "SA"], [/amazon\.in\b/i, "IN"], [/amazon\.sg\b/i, "SG"],
    [/amazon\.eg\b/i, "EG"], [/amazon\.ie\b/i, "IE"], [/amazon\.com\b(?!\.)/i, "US"],
  ];

  // Amazon order numbers: 3-7-7 digits on every marketplace ("113-4827391-5520261").
  const ORDER_ID = /(?<![\d-])(\d{3}-\d{7}-\d{7})(?![\d-])/;

  // Page variants by URL path:
  //   order      /orders-v3/order/<id> (order details), /gp/orders-v2/details?orderID= (older)
  //   message    /messaging/… (Buyer-Seller Messages), /gp/communication-manager/… (older)
  //   return     /returns/… and /gp/returns/… (Manage Returns, one request opened or searched)
  //   claim      /gp/guarantee-claims/…, /guarantee-claims/… (Performance › A-to-z Guarantee Claims)
  //   chargeback /gp/chargebacks/…, /chargebacks/…, /sc-chargebacks (Performance › Chargeback Claims)
  const URL_TYPES = [
    ["chargeback", /\/(?:gp\/)?(?:sc-)?chargebacks?\b/],
    ["claim", /\/(?:gp\/)?guarantee-claims?\b|\/a-?to-?z\b/],
    ["return", /\/(?:gp\/)?returns?\b/],
    ["message", /\/messaging\b|\/communication-manager\b/],
    ["order", /\/orders-v3\/order\/|\/orders-v2\/details\b/],
  ];

  // The same from the page's main heading, for addresses this table does not know yet (the
  // heading texts Seller Central prints in en, de, fr, it, es, ja).
  const HEADING_TYPES = [
    ["chargeback", /chargeback|rückbuchung|rétrofacturation|contracargo|riaddebit|チャージバック/i],
    ["claim", /a-to-z|a-bis-z|a à z|garantía de la a a la z|dalla a alla z|マーケットプレイス保証|ａ-ｚ/i],
    ["return", /manage returns|rücksendungen verwalten|gérer les retours|gestisci resi|gestionar devoluciones|返品管理|返品リクエスト/i],
    ["message", /buyer-seller messages|käufer-verkäufer-nachrichten|messages acheteur-vendeur|messaggi acquirente-venditore|mensajes entre compradores y vendedores|購入者とのメッセージ|メッセージ管理/i],
    ["order", /order details|bestelldetails|détails de la commande|dettagli dell'ordine|detalles del pedido|注文の詳細/i],
  ];

  function pageType(doc, url) {
    const path = url.pathname.toLowerCase();
    const fromUrl = URL_TYPES.find(([, pattern]) => pattern.test(path))?.[0];
    if (fromUrl) {
      return fromUrl;
    }
    // <h1> (every page variant so far).
    const heading = dom.queryAll("h1, [role='heading'][aria-level='1']", doc).find((el) => dom.isVisible(el));
    const text = heading ? dom.visibleText(heading) : "";
    return HEADING_TYPES.find(([, pattern]) => pattern.test(text))?.[0] ?? null;
  }

  // Amazon's wording of each field, in the languages Seller Central ships. Labels are compared
  // normalised (case, trailing colons do not matter).
  const LABELS = {
    // Order details ("Order ID: # 113-…"), Manage Returns, claims, chargebacks, message threads.
    "order.id": ["Order ID", "Order #", "Order number", "Bestellnummer", "Bestell-Nr.", "N° de commande",
                 "Numéro de commande", "Numero ordine", "N. ordine", "Número de pedido", "Nº de pedido", "注文番号"],
    "dispute.id": ["Claim ID", "Chargeback ID", "Return request ID", "RMA ID", "Return authorization ID", "RMA number",
                   "Rücksendegenehmigungsnummer",
                   "Rücksendeantrags-ID", "Rücksendegenehmigungs-ID", "ID de la demande de retour", "ID richiesta di reso",
                   "ID de solicitud de devolución", "返品リクエストID", "返品承認番号", "申請ID"],
    // Order details: "Purchase date"; older pages "Order date".
    "order.placed_at": ["Purchase date", "Order date", "Kaufdatum", "Bestelldatum", "Date d'achat", "Data di acquisto",
                        "Fecha de compra", "購入日", "注文日"],
    // Package section of a shipped order, and the order summary on claims and chargebacks.
    "order.shipped_at": ["Ship date", "Shipped on", "Versanddatum", "Versandt am", "Date d'expédition", "Data di spedizione",
                         "Fecha de envío", "出荷日", "発送日"],
    "order.delivered_at": ["Delivered on", "Delivery date", "Zugestellt am", "Livré le", "Consegnato il", "Entregado el",
                           "配達日", "お届け日"],
    // Order details summary: "Grand total"; claims and chargebacks: "Order total".
    "order.total": ["Grand total", "Order total", "Item total", "Gesamtsumme", "Bestellsumme", "Gesamtbetrag", "Total général",
                    "Total de la commande", "Totale complessivo", "Totale ordine", "Total general", "Total del pedido",
                    "合計", "注文合計", "総計"],
    // A-to-z claim: "Claim date"; chargeback: "Chargeback date"/"Notification date"; return:
    // "Return request date"; a case opened on the page ("Opened on").
    "dispute.opened_at": ["Claim date", "Claim opened", "Chargeback date", "Notification date", "Return request date",
                          "Return requested on", "Request date", "Datum des Rücksendeantrags", "Rücksendeantrag vom",
                          "Antragsdatum", "Datum der Reklamation", "Datum der Rückbuchung", "Date de la réclamation",
                          "Date de la demande de retour", "Data del reclamo", "Data della richiesta di reso",
                          "Fecha de la reclamación", "Fecha de la solicitud de devolución", "申請日", "返品リクエスト日",
                          "返品リクエスト日時", "チャージバック日"],
    "dispute.refund": ["Claim amount", "Chargeback amount", "Refund amount", "Amount disputed", "Anspruchsbetrag",
                       "Erstattungsbetrag", "Betrag der Rückbuchung", "Montant de la réclamation", "Montant du remboursement",
                       "Importo del reclamo", "Importo del rimborso", "Importe de la reclamación", "Importe del reembolso",
                       "申請金額", "返金額", "チャージバック金額"],
    "dispute.reason": ["Claim reason", "Chargeback reason", "Return reason", "Reason", "Grund der Reklamation",
                       "Rücksendegrund", "Grund", "Motif de la réclamation", "Motif du retour", "Motivo del reclamo",
                       "Motivo del reso", "Motivo de la reclamación", "Motivo de la devolución", "申請理由", "返品理由", "理由"],
    "dispute.status": ["Claim status", "Chargeback status", "Return request status", "Return status", "Status",
                       "Status des Rücksendeantrags", "Rücksendestatus", "Status der Reklamation", "Statut", "Stato",
                       "Estado", "ステータス", "返品ステータス"],
    // Order details: "Contact Buyer: <name>"; returns, claims, messages: "Buyer name".
    "buyer.name": ["Contact Buyer", "Buyer name", "Buyer", "Customer", "Käufer kontaktieren", "Name des Käufers", "Käufername",
                   "Käufer", "Contacter l'acheteur", "Nom de l'acheteur", "Contatta l'acquirente", "Nome dell'acquirente",
                   "Contactar con el comprador", "Nombre del comprador", "購入者に連絡", "購入者名", "購入者"],
    "order.tracking.number": ["Tracking ID", "Tracking number", "Sendungsnummer", "Sendungsverfolgungs-ID", "N° de suivi",
                              "ID de suivi", "ID di tracciabilità", "Numero di tracciabilità", "ID de seguimiento",
                              "Número de seguimiento", "お問い合わせ伝票番号", "追跡番号", "追跡ID"],
    "order.tracking.carrier": ["Carrier", "Versandunternehmen", "Transportunternehmen", "Transporteur", "Corriere",
                               "Transportista", "配送業者", "配送会社"],
  };

  // The order summary's dates the seller is held to: "Ship by" (order details) and "Respond by"
  // (claims, chargebacks, return requests), each language.
  const SHIP_BY = ["Ship by", "Versand bis", "Expédier avant le", "Expédier d'ici le", "Spedire entro", "Enviar antes de",
                   "出荷予定日", "発送期限"];
  const DELIVER_BY = ["Deliver by", "Zustellung bis", "Lieferung bis", "Livrer avant le", "Consegna entro", "Entregar antes de",
                      "お届け予定日", "配送予定日"];
  const RESPOND_BY = ["Respond by", "Response due", "Antworten bis", "Antwort bis", "Répondre avant le", "Rispondi entro",
                      "Responder antes de", "回答期限", "返信期限", "対応期限"];

  function labelled(field, labels = LABELS[field]) {
    return (doc) => generic.valueByLabel(doc, field, labels, { hints: { locale: doc.documentElement.lang } });
  }

  /** The raw text next to one of `labels` (a dt/dd, th/td or label/value pair), or null. */
  function rawByLabel(doc, labels) {
    const wanted = new Set(labels.map((label) => dom.normalise(label)));
    for (const el of dom.allElements(doc)) {
      if (el.childElementCount > 3 || !el.textContent || el.textContent.length > 60 ||
          !wanted.has(dom.normalise(el.textContent)) || !dom.isVisible(el)) {
        continue;
      }
      // The value: the label's next sibling (dd after dt, td after th, span after span).
      let sibling = el.nextElementSibling;
      while (sibling && !dom.clean(sibling.textContent)) {
        sibling = sibling.nextElementSibling;
      }
      const text = sibling ? dom.visibleText(sibling) : "";
      if (text) {
        return { label: dom.clean(el.textContent, { lines: false }).replace(/[:：]\s*$/, ""), text, value: sibling };
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ region

  function regionFromPage(doc) {
    // Order details: "Sales channel: Amazon.de" says which marketplace the order was placed on.
    const channel = rawByLabel(doc, ["Sales channel", "Verkaufskanal", "Canal de vente", "Canale di vendita",
                                     "Canal de ventas", "販売チャネル"])?.text;
    const fromChannel = channel && STOREFRONTS.find(([pattern]) => pattern.test(channel))?.[1];
    if (fromChannel) {
      return fromChannel;
    }
    // The header's marketplace switcher (aria-label "Marketplace"/"Marktplatz"/…): the
    // storefront it shows as selected, on every page of a unified account.
    const switcher = dom.queryAll("[aria-label]", doc).find((el) =>
      /^(marketplace|marktplatz|place de marché|marketplace selezionato|mercado|マーケットプレイス)/i.test(el.getAttribute("aria-label")) &&
      dom.isVisible(el));
    const shown = switcher ? (switcher instanceof HTMLSelectElement ? switcher.selectedOptions[0]?.textContent : dom.visibleText(switcher)) : "";
    return (shown && STOREFRONTS.find(([pattern]) => pattern.test(shown))?.[1]) ?? null;
  }

  function region(url) {
    for (const key of ["mons_sel_mkid", "marketplaceId", "marketplaceID", "mkid"]) {
      const id = url.searchParams.get(key);
      if (id && MARKETPLACE_IDS[id]) {
        return MARKETPLACE_IDS[id];
      }
    }
    const fromPage = typeof document !== "undefined" ? regionFromPage(document) : null;
    if (fromPage) {
      return fromPage;
    }
    const host = url.hostname.toLowerCase();
    return HOST_REGIONS.find(([pattern]) => pattern.test(host))?.[1] ?? null;
  }

  // ------------------------------------------------------------------ ids

  function orderId(doc, url) {
    // Order details: /orders-v3/order/113-4827391-5520261; older ?orderID=.
    const fromPath = /\/orders-v[23]\/(?:order|details)\/(\d{3}-\d{7}-\d{7})\b/.exec(url.pathname)?.[1];
    const fromQuery = [...url.searchParams].find(([key, value]) => /^orderid$/i.test(key) && ORDER_ID.test(value))?.[1];
    if (fromPath || fromQuery) {
      return fromPath ?? ORDER_ID.exec(fromQuery)[1];
    }
    // Message threads, return requests, claims and chargebacks link the order number to its
    // order details page. One order linked: that is this page's (a list links several).
    const linked = new Set(dom.queryAll("a[href*='/orders-v3/order/'], a[href*='orderID='], a[href*='orderId=']", doc)
      .filter((a) => dom.isVisible(a))
      .map((a) => ORDER_ID.exec(a.getAttribute("href"))?.[1] ?? ORDER_ID.exec(a.textContent)?.[1])
      .filter(Boolean));
    if (linked.size === 1) {
      return [...linked][0];
    }
    // The label, with the value checked against Amazon's format ("Order ID: # 113-…").
    const raw = rawByLabel(doc, LABELS["order.id"])?.text;
    const labelledId = raw ? ORDER_ID.exec(raw)?.[1] : null;
    if (labelledId) {
      return labelledId;
    }
    // The order details heading prints it in one line: "Order ID: # 113-4827391-5520261".
    for (const line of dom.pageLines(doc).slice(0, 80)) {
      const match = /^(?:order id|bestellnummer|n° de commande|numero ordine|n[úu]mero de pedido|注文番号)\s*[:：]?\s*#?\s*(\d{3}-\d{7}-\d{7})\b/i.exec(line);
      if (match) {
        return match[1];
      }
    }
    return null;
  }

  function disputeId(doc, url) {
    // Claim, chargeback and return addresses that open one case carry its id.
    for (const key of ["claimId", "claimID", "chargebackId", "returnRequestId", "rmaId"]) {
      const value = url.searchParams.get(key);
      if (value && /^[A-Za-z0-9-]{6,40}$/.test(value)) {
        return value;
      }
    }
    // Amazon's ids are not all numeric (RMA ids are letters and digits): the labelled value's
    // first token, when it looks like an id.
    const raw = rawByLabel(doc, LABELS["dispute.id"])?.text;
    const token = raw ? dom.clean(raw, { lines: false }).split(/\s+/)[0] : "";
    return /^[A-Za-z0-9][A-Za-z0-9-]{5,39}$/.test(token) && /\d/.test(token) ? token : null;
  }

  // ------------------------------------------------------------------ buyer

  // Order details: the "Ship to" address block; its last line is the country when printed.
  const SHIP_TO = ["Ship to", "Lieferadresse", "Versandadresse", "Adresse de livraison", "Indirizzo di spedizione",
                   "Dirección de envío", "お届け先", "配送先"];

  function buyerCountry(doc) {
    const found = rawByLabel(doc, SHIP_TO);
    const lines = found ? found.text.split("\n").map((line) => line.trim()).filter(Boolean) : [];
    for (const line of lines.slice(-2).reverse()) {
      const code = generic.countryCode(line);
      if (code) {
        return code;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ order lines

  const PRODUCT_HEADERS = ["Product name", "Product", "Produktname", "Produkt", "Nom du produit", "Nome prodotto",
                           "Nombre del producto", "商品名"];
  const QUANTITY_KEYS = /^(quantity|qty|menge|anzahl|quantité|quantità|cantidad|数量)$/i;
  const SKU_KEYS = /^(sku|seller sku|händler-sku|sku du vendeur|出品者sku)$/i;
  // Variation lines printed under the product name: "Size: M", "Farbe: Blau", "サイズ: 27cm".
  const VARIANT_KEYS = /^(size|colou?r|style|pattern|material|größe|farbe|stil|muster|taille|couleur|modèle|taglia|colore|stile|talla|tamaño|estilo|サイズ|色|カラー|スタイル|パターン)$/i;

  function orderItems(doc) {
    const wanted = new Set(PRODUCT_HEADERS.map((name) => dom.normalise(name)));
    // Order details: the "Order contents" table (every marketplace); claims and chargebacks
    // repeat it in their order summary.
    for (const table of dom.queryAll("table", doc)) {
      const rows = [...table.rows];
      const headerAt = rows.findIndex((row) => [...row.cells].some((cell) => wanted.has(dom.normalise(cell.textContent))));
      if (headerAt < 0 || !dom.isVisible(table)) {
        continue;
      }
      const headers = [...rows[headerAt].cells].map((cell) => dom.normalise(cell.textContent));
      const productColumn = headers.findIndex((text) => wanted.has(text));
      const quantityColumn = headers.findIndex((text) => QUANTITY_KEYS.test(text));
      const items = [];
      for (const row of rows.slice(headerAt + 1, headerAt + 101)) {
        const cell = row.cells[productColumn];
        if (!cell) {
          continue;
        }
        // The product name is the link to the listing; the lines after it are "Key: value".
        const title = dom.clean(cell.querySelector("a")?.textContent ?? dom.visibleText(cell).split("\n")[0], { lines: false });
        if (!title) {
          continue;
        }
        const item = { title };
        const variants = [];
        const lines = [...row.cells].flatMap((c) => dom.visibleText(c).split("\n"));
        for (const line of lines) {
          const match = /^([^:：]{1,30})[:：]\s*(.+)$/.exec(line.trim());
          if (!match) {
            continue;
          }
          const [key, value] = [match[1].trim(), match[2].trim()];
          if (SKU_KEYS.test(key)) {
            item.sku = value;
          } else if (QUANTITY_KEYS.test(key) && /^\d{1,5}$/.test(value)) {
            item.quantity = Number(value);
          } else if (VARIANT_KEYS.test(key)) {
            variants.push(value);
          }
        }
        if (item.quantity === undefined && quantityColumn >= 0 && /^\d{1,5}$/.test(dom.clean(row.cells[quantityColumn]?.textContent ?? ""))) {
          item.quantity = Number(dom.clean(row.cells[quantityColumn].textContent));
        }
        if (variants.length) {
          item.variant = variants.join(" / ");
        }
        items.push(item);
      }
      if (items.length) {
        return items;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ the conversation

  // Who wrote a message of a Buyer-Seller Messages thread, from the name that heads it:
  // "Amazon" (notices Amazon adds to the thread) is the platform; "You"/"Sie"/"あなた" the seller;
  // the buyer's name the buyer. Anything else is left to the generic rules.
  const PLATFORM_NAMES = /^(amazon|amazon\.[a-z.]+|amazon customer service|amazon-kundenservice|service client amazon|servizio clienti amazon|atención al cliente de amazon|amazon カスタマーサービス|アマゾン)\b/i;
  const SELF_NAMES = /^(you|sie|vous|voi|usted|tú|あなた|自分)$/i;

  function threadContainer(doc) {
    // The open thread: role="log" (Buyer-Seller Messages, every variant so far), else a region
    // labelled as the conversation in the site's languages.
    const log = dom.queryAll("[role='log']", doc).find((el) => dom.isVisible(el));
    if (log) {
      return log;
    }
    return dom.queryAll("[aria-label]", doc).find((el) =>
      /conversation|message history|nachrichtenverlauf|unterhaltung|historique des messages|cronologia messaggi|historial de mensajes|メッセージ履歴|やりとり/i
        .test(el.getAttribute("aria-label")) && dom.isVisible(el)) ?? null;
  }

  function threadMessages(doc) {
    const thread = threadContainer(doc);
    if (!thread) {
      return null;
    }
    // One <article> (or role="article"/"listitem") per message.
    const items = [...thread.querySelectorAll("article, [role='article'], [role='listitem']")]
      .filter((el) => !el.parentElement.closest("article, [role='article'], [role='listitem']"));
    if (!items.length) {
      return null;
    }
    const buyer = buyerName(doc);
    const roleOf = (item) => {
      // The sender's name: the first element of the message's header (<header><b>name</b>
      // <time>…</time></header>, every variant so far), else the first line without its time.
      const header = item.querySelector("header, h3, h4");
      const head = dom.clean((header?.firstElementChild ?? header)?.textContent ?? dom.visibleText(item).split("\n")[0], { lines: false });
      const time = dom.dateIn(head);
      const name = (time ? head.slice(0, head.indexOf(time)) : head).replace(/\s*[·•|,]\s*$/, "").trim();
      if (PLATFORM_NAMES.test(name)) {
        return "platform";
      }
      if (SELF_NAMES.test(name)) {
        return "seller";
      }
      if (buyer && dom.normalise(name).startsWith(dom.normalise(buyer))) {
        return "buyer";
      }
      return null;
    };
    return generic.messagesFrom(items, { roleOf, container: thread, buyerName: buyer });
  }

  const buyerName = (doc) => labelled("buyer.name")(doc);

  // Manage Returns: the comment the buyer wrote with the return request is their first word on
  // it; with no thread on the page it is the conversation (sent when the request was made).
  const BUYER_COMMENT = ["Buyer comments", "Buyer comment", "Customer comments", "Kommentar des Käufers", "Käuferkommentar",
                         "Kommentare des Käufers", "Commentaire de l'acheteur", "Commento dell'acquirente",
                         "Comentarios del comprador", "購入者のコメント", "お客様のコメント"];

  function returnComment(doc, url) {
    if (pageType(doc, url) !== "return") {
      return null;
    }
    const comment = rawByLabel(doc, BUYER_COMMENT)?.text;
    if (!comment) {
      return null;
    }
    const sentAt = rawByLabel(doc, LABELS["dispute.opened_at"])?.text;
    return [{ from: "buyer", text: comment, ...(sentAt ? { sent_at: dom.clean(sentAt, { lines: false }) } : {}) }];
  }

  // ------------------------------------------------------------------ deadlines and events

  /** "Ship by" on an order that is not shipped yet, and "Respond by" on case pages. */
  function pageDeadlines(doc) {
    const deadlines = [];
    for (const labels of [SHIP_BY, RESPOND_BY]) {
      const found = rawByLabel(doc, labels);
      if (found && dom.dateIn(found.text)) {
        deadlines.push({ label: found.label, text: dom.clean(found.text, { lines: false }) });
      }
    }
    // Banners: role="alert"/"status" ("Respond by May 8, 2026 to avoid the claim being granted").
    const lines = dom.queryAll("[role='alert'], [role='status']", doc)
      .filter((el) => dom.isVisible(el)).flatMap((el) => dom.visibleText(el).split("\n"));
    for (const found of generic.readDeadlines(lines)) {
      if (!deadlines.some((known) => known.text === found.text)) {
        deadlines.push(found);
      }
    }
    return deadlines.length ? deadlines : null;
  }

  /** The latest estimated delivery date: the end of "Deliver by: <from> to <until>" (order details). */
  function maxEstimatedDelivery(doc) {
    const found = rawByLabel(doc, DELIVER_BY);
    if (!found) {
      return null;
    }
    const parts = dom.clean(found.text, { lines: false }).split(/\s+(?:to|bis|au|al|a|–|-|〜|～)\s+|\s*[〜～–]\s*/);
    const last = parts.at(-1);
    return last && dom.dateIn(last) ? last : null;
  }

  // Dispute fields only on case pages: an order's own "Status" (Unshipped, Shipped) is not a case's.
  const onCasePages = (reader) => (doc, url) => (pageType(doc, url) === "order" ? null : reader(doc, url));

  DC.registerAdapter({
    id: "amazon",
    platform: "amazon",
    pageTypes: ["order", "message", "return", "claim", "chargeback"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region,
    keyFields: {
      order: ["order.id", "order.placed_at"],
      message: ["order.id", "messages"],
      return: ["order.id", "dispute.reason"],
      claim: ["order.id", "dispute.reason"],
      chargeback: ["order.id", "dispute.opened_at"],
    },
    fields: {
      "order.id": orderId,
      "dispute.id": onCasePages(disputeId),
      "order.placed_at": labelled("order.placed_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.total": labelled("order.total"),
      "order.items": orderItems,
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "dispute.opened_at": onCasePages(labelled("dispute.opened_at")),
      "dispute.refund": onCasePages(labelled("dispute.refund")),
      "dispute.reason": onCasePages(labelled("dispute.reason")),
      "dispute.status": onCasePages(labelled("dispute.status")),
      "buyer.name": buyerName,
      "buyer.country": buyerCountry,
      "events.max_estimated_delivery_date": maxEstimatedDelivery,
      "messages": (doc, url) => threadMessages(doc) ?? returnComment(doc, url),
      "page_deadlines": pageDeadlines,
    },
    // The reply box: Buyer-Seller Messages' reply field, the "Respond to Amazon" box of an
    // A-to-z claim, the comments of "Represent your case" (chargeback): a visible, writable
    // textarea or role="textbox" whose label says reply/message/respond/comment.
    replyBox: (doc) => {
      const REPLY = /reply|message|respon|comment|antwort|nachricht|kommentar|répon|rispo|messaggi|respuesta|mensaje|comentario|返信|メッセージ|回答|コメント/i;
      return dom.queryAll("textarea, [contenteditable='true'][role='textbox']", doc).find((el) => {
        if (!dom.isVisible(el) || el.disabled || el.readOnly) {
          return false;
        }
        const labelledBy = el.getAttribute("aria-labelledby");
        const named = [el.getAttribute("aria-label"), el.getAttribute("placeholder"),
                       labelledBy ? doc.getElementById(labelledBy)?.textContent : null,
                       el.labels?.[0]?.textContent].filter(Boolean).join(" ");
        return REPLY.test(named);
      }) ?? null;
    },
  });
})();
