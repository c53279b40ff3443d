// Shopee Seller Centre: order details, return/refund details and chat, on every Shopee site
// (seller.shopee.<site>, banhang.shopee.vn) and the China sellers' centre (seller.shopee.cn, CNSC).
//
// What this adapter knows that the generic reader does not: which URL is which page, Shopee's
// order and request numbers (the visible "260428AB12CD34" kind, not the internal number in the
// URL), Shopee's wording of its fields in the languages of its sites, the buyer's two kinds of
// request, the site's region, and who "You"/"Shopee" are in a discussion history. Everything
// else it leaves to the generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label and heading text in the sites'
// languages (en, zh-CN, zh-TW, pt-BR, es, th, vi, id), ARIA roles and Shopee's own test ids;
// class names last, each named below.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic || !DC.kit) {
    return;
  }
  const { dom, generic } = DC;

  // Seller centres only (the buyers' shopee.<site> pages are not a seller's): seller.shopee.* on
  // every site, banhang.shopee.vn in Vietnam.
  const HOST = /^(?:seller|banhang)\.shopee\.(?:sg|com\.my|co\.th|vn|ph|co\.id|tw|com\.br|com\.mx|com\.co|cl|cn)$/i;

  // Site → region. seller.shopee.cn is the China sellers' centre (CNSC): one login for shops on
  // several sites, so its region comes from the shop the page shows (shopSite below).
  const REGIONS = [
    [/\.sg$/, "SG"], [/\.com\.my$/, "MY"], [/\.co\.th$/, "TH"], [/\.vn$/, "VN"], [/\.ph$/, "PH"],
    [/\.co\.id$/, "ID"], [/\.tw$/, "TW"], [/\.com\.br$/, "BR"], [/\.com\.mx$/, "MX"], [/\.com\.co$/, "CO"],
    [/\.cl$/, "CL"],
  ];

  // Page variants by URL path (same paths on every site and on CNSC, which adds ?cnsc_shop_id=):
  //   /portal/sale/return/<id>        return/refund request details
  //   /portal/sale/order/<id>         order details
  //   /webchat/…, /portal/chat…       Shopee Chat (the seller's web chat)
  // The lists (/portal/sale/order, /portal/sale/returnrefundcancel) are no one case's page.
  function pageType(doc, url) {
    const path = url.pathname.toLowerCase();
    if (/^\/portal\/sale\/(?:return|refund|returnrefund)\/(?:detail\/)?\d+/.test(path)) {
      return "return";
    }
    if (/^\/webchat\b|^\/portal\/chat\b/.test(path)) {
      return "message";
    }
    if (/^\/portal\/sale\/order\/\d+/.test(path)) {
      return "order";
    }
    return null;
  }

  // Shopee's wording of each field on its sites (en, zh-CN on CNSC, zh-TW, pt-BR, es-MX/CO/CL,
  // th, vi, id).
  const LABELS = {
    "order.id": ["Order ID", "Order SN", "Order No.", "订单编号", "订单号", "訂單編號", "ID do pedido", "Nº do pedido",
                 "Número do pedido", "ID del pedido", "N.º de pedido", "Número de pedido", "หมายเลขคำสั่งซื้อ",
                 "Mã đơn hàng", "No. Pesanan"],
    "dispute.id": ["Request ID", "Return ID", "Return SN", "Return/Refund ID", "退货退款编号", "退款申请编号", "申请编号",
                   "退貨/退款編號", "申請編號", "ID da solicitação", "Nº da solicitação", "ID de la solicitud",
                   "N.º de solicitud", "หมายเลขคำขอ", "Mã yêu cầu", "No. Pengembalian"],
    "dispute.reason": ["Reason from Buyer", "Buyer's Reason", "Return Reason", "Reason", "退款原因", "退货退款原因",
                       "申请原因", "買家原因", "退貨/退款原因", "Motivo da solicitação", "Motivo", "Motivo de la solicitud",
                       "เหตุผล", "เหตุผลจากผู้ซื้อ", "Lý do", "Lý do từ người mua", "Alasan", "Alasan dari Pembeli"],
    "dispute.request": ["Solution", "Buyer's Request", "Request Type", "Return/Refund Type", "买家诉求", "处理方式",
                        "申请类型", "買家要求", "處理方式", "Solução", "Tipo de solicitação", "Solicitado pelo comprador",
                        "Solución", "Tipo de solicitud", "วิธีแก้ปัญหา", "ประเภทคำขอ", "Giải pháp", "Loại yêu cầu",
                        "Solusi", "Jenis Pengajuan"],
    "dispute.refund": ["Refund Amount", "退款金额", "退款金額", "Valor do reembolso", "Monto del reembolso",
                       "Monto a reembolsar", "จำนวนเงินคืน", "Số tiền hoàn lại", "Số tiền hoàn", "Jumlah Pengembalian Dana"],
    "dispute.opened_at": ["Request Time", "Requested On", "Request Date", "Date Requested", "申请时间", "申請時間",
                          "Data da solicitação", "Hora da solicitação", "Fecha de solicitud", "Hora de solicitud",
                          "เวลาที่ส่งคำขอ", "Thời gian yêu cầu", "Waktu Pengajuan"],
    "dispute.status": ["Return Status", "Request Status", "退款状态", "申请状态", "退款狀態", "Status da solicitação",
                       "Estado de la solicitud", "สถานะคำขอ", "Trạng thái yêu cầu", "Status Pengembalian"],
    "buyer.name": ["Buyer", "Buyer Username", "买家", "买家用户名", "買家", "Comprador", "Nome de usuário do comprador",
                   "ผู้ซื้อ", "Người mua", "Pembeli"],
    "order.total": ["Order Total", "Order Amount", "Total Payment", "订单金额", "订单总额", "訂單金額", "Total do pedido",
                    "Total del pedido", "ยอดรวมคำสั่งซื้อ", "Tổng tiền đơn hàng", "Total Pesanan"],
    "order.placed_at": ["Order Time", "Order Created", "Order Creation Time", "下单时间", "订单创建时间", "訂單成立時間",
                        "Pedido realizado", "Hora do pedido", "Pedido realizado el", "Hora del pedido", "เวลาสั่งซื้อ",
                        "Thời gian đặt hàng", "Waktu Pesanan Dibuat"],
    "order.paid_at": ["Payment Time", "Paid On", "Payment Confirmed", "付款时间", "付款時間", "Pagamento confirmado",
                      "Hora do pagamento", "Pago confirmado", "Hora de pago", "เวลาชำระเงิน", "Thời gian thanh toán",
                      "Waktu Pembayaran"],
    "order.shipped_at": ["Ship Time", "Shipped On", "Order Shipped", "发货时间", "出貨時間", "Enviado", "Hora do envio",
                         "Hora de envío", "เวลาจัดส่ง", "Thời gian giao hàng cho ĐVVC", "Waktu Pengiriman"],
    "order.delivered_at": ["Delivered On", "Order Delivered", "Delivery Time", "送达时间", "妥投时间", "送達時間",
                           "Entregue", "Hora da entrega", "Entregado", "Hora de entrega", "เวลาที่ได้รับสินค้า",
                           "Thời gian giao hàng thành công", "Waktu Pesanan Diterima"],
    "order.tracking.number": ["Tracking Number", "Tracking No.", "运单号", "物流单号", "追蹤編號", "物流追蹤碼",
                              "Código de rastreio", "Número de rastreio", "Número de seguimiento", "Número de guía",
                              "หมายเลขพัสดุ", "Mã vận đơn", "No. Resi"],
    "order.tracking.carrier": ["Shipping Channel", "Shipping Option", "Logistics Channel", "物流渠道", "物流方式",
                               "寄送方式", "物流管道", "Canal de envio", "Forma de envio", "Método de envío",
                               "Canal de envío", "ช่องทางการจัดส่ง", "Đơn vị vận chuyển", "Jasa Kirim"],
  };

  // The buyer's two kinds of request, as the contract's codes (every site's wording).
  const REQUESTS = [
    [/return\s*(?:&|and)\s*refund|退货退款|退貨退款|devolução e reembolso|devolución y reembolso|คืนสินค้าและคืนเงิน|trả hàng(?: và|\/)\s*hoàn tiền|pengembalian barang\s*(?:&|dan)\s*dana/i, "return_and_refund"],
    [/refund\s*only|仅退款|僅退款|(?:somente|apenas) reembolso|solo reembolso|sólo reembolso|คืนเงินเท่านั้น|chỉ hoàn tiền|pengembalian dana saja/i, "refund_only"],
  ];

  // Headings of the return page's discussion (the chat between buyer and seller about the
  // request, and Shopee's notes in it), every site's wording.
  const HISTORY = ["Discussion History", "Chat History", "Negotiation History", "协商历史", "协商记录", "沟通记录",
                   "協商紀錄", "溝通紀錄", "Histórico do chat", "Histórico da solicitação", "Historial de chat",
                   "Historial de la solicitud", "ประวัติการสนทนา", "Lịch sử thảo luận", "Riwayat Diskusi"];
  // The product block's heading (return and order pages).
  const PRODUCTS = ["Product(s)", "Products", "Product", "商品", "商品信息", "商品資訊", "Produto(s)", "Produtos",
                    "Producto(s)", "Productos", "สินค้า", "Sản phẩm", "Produk"];
  // Labels inside a product row.
  const VARIATION = /^(?:variation|variations|规格|規格|variação|variación|ตัวเลือกสินค้า|phân loại hàng|variasi)\s*[:：]\s*/i;
  // The shop's site on CNSC pages ("站点 马来西亚", "Site Malaysia").
  const SITE_LABELS = ["站点", "站點", "Site", "Region", "Shop Region"];

  const ORDER_SN = /^\d{6}[0-9A-Z]{8}$/; // 260428AB12CD34: the date (yymmdd), then 8 letters and digits
  const REQUEST_SN = /^\d{6}[0-9A-Z]{7,12}$/; // 2605040QW7RT3KD

  const hintsOf = (doc, url) => ({ locale: doc.documentElement.lang, region: regionOf(url, doc) ?? undefined });

  function labelled(field, pattern = null) {
    return (doc, url) => {
      const value = generic.valueByLabel(doc, field, LABELS[field], { hints: hintsOf(doc, url) });
      if (value === null || (pattern && !pattern.test(value))) {
        return null;
      }
      return value;
    };
  }

  /** The block under a heading with one of `names`: <section aria-label>, then a visible heading's box. */
  const block = (doc, names) => DC.kit.block(doc, names);


  function shopSite(doc) {
    // CNSC prints the shop's site next to its name in the header ("站点 马来西亚").
    const value = generic.valueByLabel(doc, "buyer.country", SITE_LABELS);
    return value ?? null;
  }

  function regionOf(url, doc = document) {
    const host = url.hostname.toLowerCase();
    const found = REGIONS.find(([pattern]) => pattern.test(host));
    if (found) {
      return found[1];
    }
    return /\.cn$/.test(host) ? shopSite(doc) : null;
  }

  // Who wrote an entry of the discussion history: "You"/"您"/"Você" head the seller's own,
  // "Shopee" Shopee's notes; the buyer's entries carry the buyer's username (read by the
  // generic rules through buyer.name).
  const SELF = /^(?:you|me|seller|我|您|你|卖家|賣家|você|vendedor|usted|tú|คุณ|ผู้ขาย|bạn|người bán|anda|penjual)$/i;
  function authorOf(item) {
    // The author line: the entry's first element (its own class "discussion-author" in the
    // variants seen; the first line when that changes).
    const head = item.querySelector("[class*='author' i], [class*='name' i], b, strong") ?? item.firstElementChild;
    return dom.clean(head?.textContent ?? "").split("\n")[0];
  }
  function roleOf(item) {
    const author = authorOf(item);
    if (SELF.test(author)) {
      return "seller";
    }
    if (/^(?:shopee|虾皮|蝦皮)(?:\s|$)/i.test(author) || /system|platform/i.test(item.className)) {
      return "platform";
    }
    return null;
  }

  function historyMessages(doc) {
    const root = block(doc, HISTORY);
    if (!root) {
      return null;
    }
    // One entry per message: list items, or the repeated children of the list box
    // ("discussion-list" > "discussion-item" in the variants seen).
    let items = [...root.querySelectorAll("[role='listitem'], li")];
    if (!items.length) {
      const list = root.querySelector("[role='list'], [class*='list' i]") ?? root;
      items = [...list.children].filter((el) => !/^H\d$/.test(el.tagName) && dom.clean(el.textContent));
    }
    const buyerName = generic.valueByLabel(doc, "buyer.name", LABELS["buyer.name"]);
    return items.length ? generic.messagesFrom(items, { roleOf, container: root, buyerName }) : null;
  }

  // Shopee Chat: the open conversation's messages. The list is role="log" where the chat says
  // so, else the box of bubbles (class "message-list" in the variants seen); the seller's own
  // bubbles carry "self"/"mine"/"right" classes, else the generic alignment rule decides.
  function chatPanel(doc) {
    return DC.kit.chatLog(doc) ??
      dom.queryAll("[class*='message-list' i], [class*='messages-list' i]", doc).find((el) => dom.isVisible(el)) ?? null;
  }
  function chatRole(item) {
    const classes = `${item.className} ${item.firstElementChild?.className ?? ""}`;
    if (/\b(?:self|mine|is-me|right|seller)\b|-self\b|-mine\b|-right\b/i.test(classes)) {
      return "seller";
    }
    if (/\b(?:system|notice|notification)\b|-system\b/i.test(classes)) {
      return "platform";
    }
    if (/\b(?:other|left|buyer)\b|-other\b|-left\b/i.test(classes)) {
      return "buyer";
    }
    return null;
  }
  const chatMessages = (doc) => DC.kit.panelMessages(chatPanel(doc), chatRole);

  // The order card Shopee Chat shows above a conversation about an order ("Order ID 260428…").
  function chatOrderId(doc) {
    const card = dom.queryAll("[aria-label], [class*='order-card' i]", doc).find((el) =>
      /order|订单|訂單|pedido|คำสั่งซื้อ|đơn hàng|pesanan/i.test(`${el.getAttribute("aria-label") ?? ""} ${el.className}`) &&
      !el.closest("nav, [role='navigation'], [role='listbox']"));
    if (!card) {
      return null;
    }
    const value = generic.valueByLabel(doc, "order.id", LABELS["order.id"], { root: card });
    if (value && ORDER_SN.test(value)) {
      return value;
    }
    const token = dom.clean(card.textContent).match(/\b\d{6}[0-9A-Z]{8}\b/);
    return token ? token[0] : null;
  }

  // Shopee Chat names the buyer of the open conversation in the conversation list's selected
  // entry (role="option" aria-selected="true": its first line) and in the panel's heading.
  function chatBuyer(doc) {
    const selected = dom.queryAll("[role='option'][aria-selected='true']", doc).find((el) => dom.isVisible(el));
    const name = selected ? dom.clean((selected.querySelector("b, strong, [class*='name' i]") ?? selected).textContent)
      .split(/\n| · /)[0].trim() : "";
    return name && name.length <= 60 ? name : null;
  }

  function orderId(doc, url) {
    // Order details: Shopee's own test id on the order number card ("odp-label-order-id"),
    // then the label anywhere on the page.
    const card = doc.querySelector("[data-testid='odp-label-order-id']");
    if (card) {
      const token = dom.clean(card.textContent).match(/\b\d{6}[0-9A-Z]{8}\b/);
      if (token) {
        return token[0];
      }
    }
    return labelled("order.id", ORDER_SN)(doc, url) ?? chatOrderId(doc);
  }

  function request(doc, url) {
    const raw = generic.valueByLabel(doc, "dispute.request", LABELS["dispute.request"], { hints: hintsOf(doc, url) });
    if (!raw) {
      return null;
    }
    return REQUESTS.find(([pattern]) => pattern.test(raw))?.[1] ?? raw;
  }

  // Product rows: each row with a "Variation: …" line (return and order pages); title is the
  // row's first line, the quantity its "x1".
  function items(doc) {
    const root = block(doc, PRODUCTS);
    if (!root) {
      return null;
    }
    const found = [];
    // Rows: list items, or Shopee's "product-list-item" boxes (order details; its header row is
    // "product-list-head"), "product-item" (return details).
    const rows = root.querySelectorAll("[role='listitem'], li, [class*='product-list-item' i]:not([class*='head' i]), " +
      "[class*='product-item' i]");
    for (const row of rows) {
      const lines = dom.visibleText(row).split("\n").map((line) => line.trim()).filter(Boolean);
      if (!lines.length) {
        continue;
      }
      const item = { title: lines[0] };
      const variant = lines.find((line) => VARIATION.test(line));
      if (variant) {
        item.variant = variant.replace(VARIATION, "");
      }
      const quantity = lines.map((line) => /^[x×]\s?(\d{1,4})$/i.exec(line)).find(Boolean);
      if (quantity) {
        item.quantity = Number(quantity[1]);
      }
      found.push(item);
    }
    return found.length ? found : null;
  }

  // "Please respond by 06/05/2026 10:12" and the countdowns Shopee prints in the status card of
  // a return page (role="status"/"alert", or role="timer").
  function deadlines(doc) {
    const found = [];
    for (const timer of dom.queryAll("[role='timer']", doc)) {
      const text = dom.clean(dom.visibleText(timer), { lines: false });
      if (text && dom.isVisible(timer)) {
        found.push({ label: dom.clean(timer.getAttribute("aria-label") ?? "", { lines: false }), text });
      }
    }
    const lines = dom.queryAll("[role='status'], [role='alert']", doc).filter((el) => dom.isVisible(el))
      .flatMap((el) => dom.visibleText(el).split("\n"));
    found.push(...generic.readDeadlines(lines));
    return found.length ? found : null;
  }

  // The request's state: the label where the page has one, else the title of the status card
  // at the top of the return page (role="status", every variant seen).
  function status(doc, url) {
    const value = labelled("dispute.status")(doc, url);
    if (value) {
      return value;
    }
    const card = dom.queryAll("[role='status']", doc).find((el) => dom.isVisible(el));
    const title = card ? dom.visibleText(card).split("\n").map((line) => line.trim()).find(Boolean) : null;
    return title && title.length <= 80 && !dom.looksLikeDate(title) ? title : null;
  }

  DC.registerAdapter({
    id: "shopee",
    platform: "shopee",
    pageTypes: ["order", "return", "message"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region: (url) => regionOf(url),
    keyFields: { return: ["order.id", "dispute.id", "dispute.opened_at"], order: ["order.id"], message: ["messages"] },
    fields: {
      "order.id": orderId,
      "dispute.id": labelled("dispute.id", REQUEST_SN),
      "dispute.reason": labelled("dispute.reason"),
      "dispute.request": request,
      "dispute.refund": labelled("dispute.refund"),
      "dispute.opened_at": labelled("dispute.opened_at"),
      "dispute.status": status,
      "buyer.name": (doc, url) => labelled("buyer.name")(doc, url) ??
        (pageType(doc, url) === "message" ? chatBuyer(doc) : null),
      // Shopee's sites are domestic marketplaces: the buyer lives where the site is.
      "buyer.country": (doc, url) => regionOf(url, doc),
      "order.total": labelled("order.total"),
      "order.placed_at": labelled("order.placed_at"),
      "order.paid_at": labelled("order.paid_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "order.items": items,
      "messages": (doc) => historyMessages(doc) ?? chatMessages(doc),
      "page_deadlines": deadlines,
    },
    // The reply box: Shopee Chat's message field (a textarea, or a contenteditable textbox in
    // newer builds), inside the open conversation, never the conversation search.
    replyBox: (doc) => {
      const boxes = dom.queryAll("textarea, [contenteditable='true'][role='textbox'], [contenteditable='true']", doc)
        .filter((el) => dom.isVisible(el) && !/search|搜索|搜尋|pesquis|buscar|ค้นหา|tìm|cari/i.test(
          `${el.getAttribute("placeholder") ?? ""} ${el.getAttribute("aria-label") ?? ""}`));
      return pageType(doc, DC.pageUrl?.(doc, location) ?? new URL(location.href)) === "message" ? boxes[0] ?? null : null;
    },
  });
})();
