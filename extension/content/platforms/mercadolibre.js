// Mercado Libre / Mercado Livre: a sale's detail (ventas/vendas), claims (reclamos/reclamações)
// and post-sale messages (mensajes/mensagens), on every country site, in Spanish and Portuguese.
//
// What this adapter knows that the generic reader does not: which URL is which page, that the
// sale (order/pack) id and the claim id are in the URL, Mercado Libre's own wording of its
// fields in Spanish and Portuguese, the country of each site, that a Mercado Libre buyer buys on
// their own country's site (so the site gives the buyer's country and language), and who
// "Mercado Libre" and "you" are in a thread. Everything else it leaves to the generic reader.
//
// Modelled on Mercado Libre's seller help and seller blog (vendedores.mercadolibre.com.ar,
// sellers.mercadolibre.com: Ventas, reclamos and mediaciones, the 8 business hours rule for
// answering a buyer's first message); see tests/extension/web_pages/platforms/mercadolibre/.
//
// Selectors, most durable first: URL patterns, visible label and heading text (es, pt), ARIA
// roles and labels; no class names.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic || !DC.kit) {
    return;
  }
  const { dom, generic } = DC;

  const HOST = /(^|\.)mercadoli(b|v)re\.(com\.[a-z]{2}|co\.[a-z]{2}|cl|com)$/i;

  // Country sites → region. global-selling.mercadolibre.com (the cross-border seller centre) and
  // mercadolibre.com name no country: null.
  const REGIONS = [
    [/mercadolibre\.com\.ar$/, "AR"], [/mercadolivre\.com\.br$/, "BR"], [/mercadolibre\.com\.mx$/, "MX"],
    [/mercadolibre\.com\.co$/, "CO"], [/mercadolibre\.cl$/, "CL"], [/mercadolibre\.com\.uy$/, "UY"],
    [/mercadolibre\.com\.pe$/, "PE"], [/mercadolibre\.com\.ve$/, "VE"], [/mercadolibre\.com\.ec$/, "EC"],
    [/mercadolibre\.com\.bo$/, "BO"], [/mercadolibre\.com\.py$/, "PY"], [/mercadolibre\.com\.do$/, "DO"],
    [/mercadolibre\.co\.cr$/, "CR"], [/mercadolibre\.com\.pa$/, "PA"], [/mercadolibre\.com\.gt$/, "GT"],
    [/mercadolibre\.com\.hn$/, "HN"], [/mercadolibre\.com\.ni$/, "NI"], [/mercadolibre\.com\.sv$/, "SV"],
  ];
  const regionOf = (url) => REGIONS.find(([pattern]) => pattern.test(url.hostname.toLowerCase()))?.[1] ?? null;

  // Page variants by URL path (Spanish sites / Brazil): claims (/reclamos/<id>,
  // /reclamacoes/<id>, /claims/…, /mediaciones/…, /mediacoes/…); post-sale messages
  // (/mensajes/…, /mensagens/…, /ventas/<id>/mensajes); a sale's detail (/ventas/<id>/detalle,
  // /vendas/<id>/detalhe).
  function pageType(doc, url) {
    const path = decodeURIComponent(url.pathname).toLowerCase();
    if (/\/(reclamos?|reclamac(?:oes|ões|ao|ão)|claims?|mediacion(?:es)?|mediac(?:oes|ões|ao|ão))\b/.test(path)) {
      return "claim";
    }
    if (/\/(mensajes|mensagens|messages|mensajeria|mensageria)\b/.test(path)) {
      return "message";
    }
    if (/\/(ventas|vendas)\/\d+/.test(path)) {
      return "order";
    }
    return null;
  }

  // Mercado Libre's wording of each field, Spanish (all Spanish-speaking sites) then Portuguese.
  const LABELS = {
    "order.id": ["Venta", "Venta #", "Venta Nº", "Número de venta", "Venda", "Venda nº", "Venda #", "Número da venda",
                 "Nº do pedido", "Número do pedido", "Pedido", "Nº de pedido", "Número de pedido", "Compra", "Nº de compra"],
    "dispute.id": ["Reclamo", "Reclamo #", "Reclamo Nº", "Número de reclamo", "Reclamação", "Reclamação nº",
                   "Número da reclamação"],
    "order.placed_at": ["Fecha de venta", "Fecha de compra", "Vendido el", "Data da venda", "Data da compra", "Vendido em"],
    "order.paid_at": ["Fecha de pago", "Pago acreditado", "Data do pagamento", "Pagamento aprovado"],
    "order.shipped_at": ["Fecha de despacho", "Despachado el", "Enviado el", "Data de envio", "Despachado em", "Enviado em"],
    "order.delivered_at": ["Entregado el", "Fecha de entrega", "Entregue em", "Data de entrega"],
    "order.total": ["Total", "Total de la venta", "Total da venda", "Recibirás", "Você receberá"],
    "order.tracking.number": ["Número de seguimiento", "Código de seguimiento", "Código de rastreo", "Código de rastreio",
                              "Número de rastreio"],
    "order.tracking.carrier": ["Transportista", "Empresa de envío", "Forma de envío", "Transportadora", "Forma de entrega"],
    "order.tracking.status": ["Estado del envío", "Status do envio", "Situação do envio"],
    "buyer.name": ["Comprador", "Compradora", "Cliente"],
    "dispute.reason": ["Motivo", "Motivo del reclamo", "Motivo da reclamação", "Problema"],
    "dispute.opened_at": ["Abierto el", "Fecha de apertura", "Iniciado el", "Aberta em", "Aberto em", "Data de abertura",
                          "Iniciada em"],
    "dispute.status": ["Estado", "Estado del reclamo", "Status", "Status da reclamação", "Situação"],
    "dispute.request": ["El comprador quiere", "Qué pide el comprador", "Solicitud del comprador", "O comprador quer",
                        "O que o comprador pede", "Solicitação do comprador"],
    "dispute.refund": ["Monto reclamado", "Monto a devolver", "Valor reclamado", "Valor a devolver", "Valor do reembolso"],
  };

  const hintsOf = (doc, url) => ({ locale: doc.documentElement.lang, region: regionOf(url) ?? undefined });

  /** A value next to Mercado Libre's label, read the generic way; raw <dd> text as a fallback. */
  function labelled(field) {
    return (doc, url) => generic.valueByLabel(doc, field, LABELS[field], { hints: hintsOf(doc, url) });
  }

  const definition = (doc, labels) => DC.kit.definition(doc, labels);


  // Sale ids (orders and packs) are 10–20 digits, "2000001234567890"; claim ids 9–12 digits.
  const SALE_ID = /^\d{10,20}$/;
  const SALE_IN_TEXT = /(?:Venta|Venda)\s*(?:#|N[º°o]\.?|n[º°o]\.?)\s*(\d{10,20})\b/u;
  const CLAIM_IN_TEXT = /(?:Reclamo|Reclamação|Reclamacao|Mediación|Mediação)\s*(?:#|N[º°o]\.?|n[º°o]\.?)\s*(\d{8,14})\b/u;

  function saleId(doc, url) {
    const path = decodeURIComponent(url.pathname);
    const inPath = /\/(?:ventas|vendas)\/(\d{10,20})\b/i.exec(path);
    if (inPath) {
      return inPath[1];
    }
    for (const key of ["order_id", "orderId", "pack_id", "packId"]) {
      if (SALE_ID.test(url.searchParams.get(key) ?? "")) {
        return url.searchParams.get(key);
      }
    }
    // Claim and message pages link to the sale (/ventas/<id>/detalle) and print "Venta #…".
    for (const link of dom.queryAll("a[href*='/ventas/'], a[href*='/vendas/']", doc)) {
      const match = /\/(?:ventas|vendas)\/(\d{10,20})\b/.exec(link.getAttribute("href"));
      if (match) {
        return match[1];
      }
    }
    for (const el of dom.queryAll("h1, h2, h3, a, dd, [role='heading']", doc)) {
      const match = SALE_IN_TEXT.exec(dom.clean(el.textContent, { lines: false }));
      if (match && dom.isVisible(el)) {
        return match[1];
      }
    }
    // Older claim pages: "Nº do pedido: 2000…" as a line of text.
    const labelledId = generic.valueByLabel(doc, "order.id", LABELS["order.id"], { hints: hintsOf(doc, url) });
    return SALE_ID.test(labelledId ?? "") ? labelledId : null;
  }

  function claimId(doc, url) {
    const inPath = /\/(?:reclamos?|reclamac(?:oes|ões|ao|ão)|claims?|mediacion(?:es)?|mediac(?:oes|ões|ao|ão))\/(\d{8,14})\b/i
      .exec(decodeURIComponent(url.pathname));
    if (inPath) {
      return inPath[1];
    }
    const param = url.searchParams.get("claim_id") ?? url.searchParams.get("claimId");
    if (/^\d{8,14}$/.test(param ?? "")) {
      return param;
    }
    // Claim page heading: "Reclamo #5123456789" / "Reclamação nº 5123456789".
    for (const el of dom.queryAll("h1, h2, [role='heading']", doc)) {
      const match = CLAIM_IN_TEXT.exec(dom.clean(el.textContent, { lines: false }));
      if (match && dom.isVisible(el)) {
        return match[1];
      }
    }
    return null;
  }

  // The sale's products: the block named "Productos" / "Produtos" (sale detail), one list item
  // per product, its title the heading or the listing link, its variation and quantity as a
  // definition list ("Color: Negro", "Cantidad: 1").
  const PRODUCTS = /^(productos?|produtos?|artículos?|itens|detalle de la venta|detalhes da venda)\b/i;
  const QUANTITY = /^(cantidad|unidades|quantidade|unidades compradas)$/i;
  const SKU = /^(sku|código|código del producto|código do produto)$/i;
  const NOT_VARIANT = /^(precio|precio unitario|preço|preço unitário|publicación|anúncio|anuncio|#)$/i;

  function block(doc, pattern) {
    for (const el of dom.queryAll("section[aria-label], [role='region'][aria-label]", doc)) {
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

  function items(doc) {
    const root = block(doc, PRODUCTS);
    if (!root) {
      return null;
    }
    const found = [];
    for (const row of root.querySelectorAll("li, [role='listitem']")) {
      const title = dom.clean(row.querySelector("h3, h4, a")?.textContent ?? "", { lines: false });
      if (!title) {
        continue;
      }
      const item = { title };
      const variant = [];
      for (const dt of row.querySelectorAll("dt")) {
        const label = dom.clean(dt.textContent, { lines: false }).replace(/[:：]$/, "");
        const value = dom.clean(dt.nextElementSibling?.textContent ?? "", { lines: false });
        if (!value) {
          continue;
        }
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

  // The thread: role="log" or a section whose label names the conversation ("Mensajes con
  // JUANPEREZ77", "Mensagens com …", "Historial del reclamo", "Histórico da reclamação").
  const THREAD = /^(mensajes|mensagens|conversación|conversa|historial|histórico|historico|chat)\b/i;
  const WITH = /\s(?:con|com)\s+(.+)$/i;

  function thread(doc) {
    return dom.queryAll("[role='log'][aria-label], section[aria-label], [role='region'][aria-label]", doc)
      .find((el) => THREAD.test(el.getAttribute("aria-label")) && dom.isVisible(el)) ??
      // Older claim pages: a box headed "Mensagens" / "Mensajes" with a list of messages.
      block(doc, THREAD);
  }

  function buyerFromThread(doc) {
    const match = WITH.exec(thread(doc)?.getAttribute("aria-label") ?? "");
    return match ? match[1].trim() : null;
  }

  // Who wrote an entry: "Mercado Libre"/"Mercado Livre" (mediation notes), "Tú"/"Vos"/"Você"/
  // "Vendedor" (the seller's own, every Spanish and Portuguese site), "Comprador"/the buyer's
  // nickname (the buyer).
  // (No \b after the word: JavaScript's \b does not see "ú" as a letter.)
  const SELF = /^(tú|tu|vos|usted|você|voce|yo|eu|vendedor|vendedora)(?=$|[\s,.:(·-])/iu;
  function roleOf(item) {
    const head = dom.clean(item.querySelector("h3, h4, [role='heading']")?.textContent ?? "", { lines: false });
    if (/^mercado\s?li(b|v)re\b/i.test(head)) {
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
    // One <article> / role="article" per message or claim history entry; older claim pages:
    // one <li> each ("Comprador: …", read by the generic rules).
    let entries = [...root.querySelectorAll("article, [role='article']")];
    if (!entries.length) {
      entries = [...root.querySelectorAll("li, [role='listitem']")];
    }
    return entries.length ? generic.messagesFrom(entries, { roleOf, container: root, buyerName: buyerFromThread(doc) }) : null;
  }

  // The deadline banners: "Tenés hasta el 5 de mayo para responder", "Responda até 5 de maio",
  // in role="status"/"alert" (claim and message pages), one sentence a line.
  function deadlines(doc) {
    const lines = dom.queryAll("[role='status'], [role='alert'], [role='timer']", doc)
      .filter((el) => dom.isVisible(el)).flatMap((el) => dom.visibleText(el).split("\n"))
      .flatMap((line) => line.split(/(?<=[.!?])\s+(?=\p{Lu})/u)).map((line) => line.replace(/[.!?]$/, ""));
    const found = generic.readDeadlines(lines);
    return found.length ? found : null;
  }

  // What the buyer asks for on a claim, as the contract's codes.
  const REQUESTS = [
    [/devoluci[oó]n del producto|devolver el producto|cambio|devolução do produto|devolver o produto|troca/i, "return_and_refund"],
    [/devoluci[oó]n del dinero|reembolso|devolução do dinheiro|dinheiro de volta/i, "refund_only"],
    [/recibir el producto|receber o produto|envío del producto/i, "deliver_item"],
  ];

  DC.registerAdapter({
    id: "mercadolibre",
    platform: "mercadolibre",
    pageTypes: ["order", "claim", "message"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region: regionOf,
    keyFields: { order: ["order.id", "order.total"], claim: ["dispute.id", "order.id", "messages"], message: ["order.id", "messages"] },
    fields: {
      "order.id": saleId,
      "dispute.id": (doc, url) => (pageType(doc, url) === "claim" ? claimId(doc, url) : null),
      "order.placed_at": labelled("order.placed_at"),
      "order.paid_at": labelled("order.paid_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.total": labelled("order.total"),
      "order.items": items,
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "order.tracking.status": labelled("order.tracking.status"),
      // "Comprador: JOAO.SILVA77 · País: Brasil": the name is the first segment.
      "buyer.name": (doc, url) => (buyerFromThread(doc) ?? labelled("buyer.name")(doc, url))?.split(/\s+[|·•]\s+/u)[0] ?? null,
      // Buyers buy on their own country's site (Mercado Libre ships within the country, Global
      // Selling included): the site's country and language are the buyer's.
      "buyer.country": (doc, url) => regionOf(url),
      "buyer.language": (doc, url) => (regionOf(url) ? (regionOf(url) === "BR" ? "pt" : "es") : null),
      "dispute.reason": (doc, url) => labelled("dispute.reason")(doc, url) ?? definition(doc, LABELS["dispute.reason"]),
      "dispute.opened_at": labelled("dispute.opened_at"),
      "dispute.status": (doc, url) => (pageType(doc, url) === "claim"
        ? labelled("dispute.status")(doc, url) ?? definition(doc, LABELS["dispute.status"]) : null),
      "dispute.refund": labelled("dispute.refund"),
      "dispute.request": (doc) => {
        const raw = definition(doc, LABELS["dispute.request"]);
        return raw ? (REQUESTS.find(([pattern]) => pattern.test(raw))?.[1] ?? raw) : null;
      },
      "messages": messages,
      "page_deadlines": deadlines,
    },
    // The reply box: the message composer (messages page) or the claim's "Responder" box, a
    // textarea in the thread's form. A sale's detail page has none (messages open another page).
    replyBox: (doc) => {
      if (pageType(doc, DC.pageUrl?.(doc, location) ?? location) === "order") {
        return null;
      }
      return dom.queryAll("form textarea, [role='textbox'][contenteditable='true']", doc).find((el) => dom.isVisible(el)) ?? null;
    },
  });
})();
