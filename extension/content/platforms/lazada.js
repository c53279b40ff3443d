// Lazada Seller Center: order detail, return (reverse) orders and chat (IM), on Lazada's six
// country sites (sellercenter.lazada.sg / .com.my / .co.th / .vn / .com.ph / .co.id) and the
// cross-border (LazGlobal) centre on sellercenter.lazada.com.
//
// What this adapter knows that the generic reader does not: which URL is which page, that
// the order number is the URL's ?tradeOrderId= (15 digits), Lazada's wording of its fields in
// the languages of its sites, the buyer's kinds of return request, the site's region, and who
// "Buyer"/"Seller"/"Lazada" are in a communication history. Everything else it leaves to the
// generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label and heading text (en, th, vi,
// id, zh-CN for cross-border sellers), ARIA roles; class names last, each named below.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic || !DC.kit) {
    return;
  }
  const { dom, generic } = DC;

  const HOST = /^sellercenter\.lazada\.(?:sg|com\.my|co\.th|vn|com\.ph|co\.id|com)$/i;

  // Site → region. sellercenter.lazada.com (cross-border sellers, one login for six sites) has
  // none of its own: the site switcher on the page says which (siteOf below).
  const REGIONS = [
    [/\.sg$/, "SG"], [/\.com\.my$/, "MY"], [/\.co\.th$/, "TH"], [/\.vn$/, "VN"], [/\.com\.ph$/, "PH"], [/\.co\.id$/, "ID"],
  ];

  // Page variants by URL:
  //   /apps/order/detail?tradeOrderId=…                  order detail
  //   /apps/reverse/…, /apps/order/return…, /apps/return…  return (reverse) order detail; lists
  //                                                       (…/list) are no one case's page
  //   /apps/im/…                                          chat (IM)
  function pageType(doc, url) {
    const path = url.pathname.toLowerCase();
    if (/^\/apps\/(?:reverse|return|order\/(?:return|reverse))/.test(path) && !/\/list\b|\/index\b/.test(path)) {
      return "return";
    }
    if (/^\/apps\/im\b/.test(path)) {
      return "message";
    }
    if (/^\/apps\/order\/detail\b/.test(path)) {
      return "order";
    }
    return null;
  }

  // Lazada's wording of each field (en on every site, th, vi, id, zh-CN).
  const LABELS = {
    "order.id": ["Order Number", "Order No.", "Order ID", "订单号", "订单编号", "หมายเลขคำสั่งซื้อ", "Mã đơn hàng",
                 "Số đơn hàng", "Nomor Pesanan", "No. Pesanan"],
    "dispute.id": ["Return Order Number", "Reverse Order ID", "Reverse Order Number", "Return ID", "Return Request ID",
                   "退货单号", "逆向单号", "售后单号", "หมายเลขคำขอคืนสินค้า", "Mã yêu cầu trả hàng", "Nomor Pengembalian"],
    "dispute.reason": ["Return Reason", "Reason", "退货原因", "退款原因", "เหตุผลในการคืนสินค้า", "Lý do trả hàng",
                       "Alasan Pengembalian"],
    "dispute.request": ["Request Type", "Buyer Request", "售后类型", "申请类型", "ประเภทคำขอ", "Loại yêu cầu",
                        "Jenis Permintaan"],
    "dispute.refund": ["Refund Amount", "退款金额", "จำนวนเงินคืน", "Số tiền hoàn", "Jumlah Pengembalian Dana"],
    "dispute.opened_at": ["Request Time", "Requested On", "Return Initiated", "Return Created", "申请时间",
                          "เวลาที่ส่งคำขอ", "Thời gian yêu cầu", "Waktu Permintaan"],
    "dispute.status": ["Return Status", "Request Status", "退货状态", "售后状态", "สถานะการคืนสินค้า", "Trạng thái trả hàng",
                       "Status Pengembalian"],
    "buyer.name": ["Customer Name", "Customer", "Buyer", "Buyer Name", "买家", "买家姓名", "ชื่อลูกค้า", "ผู้ซื้อ",
                   "Tên khách hàng", "Người mua", "Nama Pelanggan", "Pembeli"],
    "order.total": ["Order Total", "Total", "Grand Total", "订单总额", "订单金额", "ยอดรวมคำสั่งซื้อ", "Tổng đơn hàng",
                    "Total Pesanan"],
    "order.placed_at": ["Order Date", "Order Created", "Created At", "下单时间", "订单创建时间", "วันที่สั่งซื้อ",
                        "Ngày đặt hàng", "Tanggal Pesanan"],
    "order.paid_at": ["Payment Date", "Paid At", "付款时间", "วันที่ชำระเงิน", "Ngày thanh toán", "Tanggal Pembayaran"],
    "order.shipped_at": ["Shipped On", "Shipped At", "Ready to Ship", "发货时间", "วันที่จัดส่ง", "Ngày giao cho ĐVVC",
                         "Tanggal Dikirim"],
    "order.delivered_at": ["Delivered On", "Delivered At", "Delivery Date", "妥投时间", "送达时间", "วันที่ได้รับสินค้า",
                           "Ngày giao hàng", "Tanggal Diterima"],
    "order.tracking.number": ["Tracking Number", "Tracking No.", "运单号", "追踪号", "หมายเลขติดตามพัสดุ", "Mã vận đơn",
                              "Nomor Resi"],
    "order.tracking.carrier": ["Shipping Provider", "Delivery Option", "3PL", "物流商", "物流服务商", "ผู้ให้บริการขนส่ง",
                               "Đơn vị vận chuyển", "Penyedia Jasa Pengiriman"],
  };

  // The buyer's return requests as the contract's codes (every site's wording).
  const REQUESTS = [
    [/return\s*(?:&|and)\s*refund|退货退款|คืนสินค้าและคืนเงิน|trả hàng(?: và|\/)\s*hoàn tiền|pengembalian barang\s*(?:&|dan)\s*dana/i, "return_and_refund"],
    [/refund\s*only|仅退款|คืนเงินเท่านั้น|chỉ hoàn tiền|hanya pengembalian dana/i, "refund_only"],
  ];

  // Headings of the return page's history (buyer's reason, evidence, seller and Lazada notes).
  const HISTORY = ["Communication History", "Return History", "History", "沟通记录", "协商记录", "ประวัติการติดต่อ",
                   "Lịch sử trao đổi", "Riwayat Komunikasi"];
  // The site on the cross-border centre's switcher ("Site Malaysia", "站点 马来西亚").
  const SITE_LABELS = ["站点", "Site", "Venture", "Country"];

  const ORDER_ID = /^\d{12,18}$/; // 412398765432109
  const RETURN_ID = /^\d{10,20}$/;

  function siteOf(doc) {
    return generic.valueByLabel(doc, "buyer.country", SITE_LABELS);
  }

  function regionOf(url, doc = document) {
    const host = url.hostname.toLowerCase();
    const found = REGIONS.find(([pattern]) => pattern.test(host));
    if (found) {
      return found[1];
    }
    return /\.com$/.test(host) ? siteOf(doc) : null;
  }

  const hintsOf = (doc, url) => ({ locale: doc.documentElement.lang, region: regionOf(url, doc) ?? undefined });

  function labelled(field, pattern = null) {
    return (doc, url) => {
      const value = generic.valueByLabel(doc, field, LABELS[field], { hints: hintsOf(doc, url) });
      return value !== null && (!pattern || pattern.test(value)) ? value : null;
    };
  }

  function param(url, names, pattern) {
    for (const [key, value] of url.searchParams) {
      if (names.includes(key.toLowerCase()) && pattern.test(value)) {
        return value;
      }
    }
    return null;
  }

  /** The block under a heading with one of `names`: <section aria-label>, then a visible heading's box. */
  const block = (doc, names) => DC.kit.block(doc, names, { also: ["[role='dialog']"] });


  // Who wrote an entry of the communication history: its head names the party ("Buyer",
  // "Seller", "Lazada", in the site's language), or the buyer's name.
  function partyOf(item) {
    const head = dom.clean((item.querySelector("b, strong, [class*='head' i], [class*='name' i]") ?? item).textContent)
      .split("\n")[0];
    if (/^(?:lazada|system|hệ thống|ระบบ|sistem|系统)\b/i.test(head)) {
      return "platform";
    }
    if (/^(?:seller|you|卖家|ผู้ขาย|người bán|penjual)\b/i.test(head)) {
      return "seller";
    }
    if (/^(?:buyer|customer|买家|ผู้ซื้อ|ลูกค้า|người mua|khách hàng|pembeli)\b/i.test(head)) {
      return "buyer";
    }
    return null;
  }

  function historyMessages(doc) {
    const root = block(doc, HISTORY);
    if (!root) {
      return null;
    }
    // Entries: list items (an <ol> in the variants seen) or the list box's children.
    let items = [...root.querySelectorAll("[role='listitem'], li")];
    if (!items.length) {
      const list = root.querySelector("[role='list'], [class*='list' i]") ?? root;
      items = [...list.children].filter((el) => !/^H\d$/.test(el.tagName) && dom.clean(el.textContent));
    }
    return items.length ? generic.messagesFrom(items, { roleOf: partyOf, container: root }) : null;
  }

  // The IM conversation: role="log" where present, else the box of "message-row"s (the class
  // Lazada's chat rows carry); the side of a row (its "-right"/"-left", "self"/"other" class,
  // else alignment through the generic rules) says who wrote it.
  function chatPanel(doc) {
    const log = DC.kit.chatLog(doc);
    if (log) {
      return log;
    }
    const row = dom.queryAll("[class*='message-row' i]", doc).find((el) => dom.isVisible(el));
    return row?.parentElement ?? null;
  }
  function chatRole(item) {
    const classes = `${item.className} ${item.firstElementChild?.className ?? ""}`;
    if (/\b(?:self|mine|right|seller)\b|-self\b|-right\b/i.test(classes)) {
      return "seller";
    }
    if (/\b(?:system|notice)\b|-system\b/i.test(classes)) {
      return "platform";
    }
    if (/\b(?:other|left|buyer)\b|-other\b|-left\b/i.test(classes)) {
      return "buyer";
    }
    return null;
  }
  const chatMessages = (doc) => DC.kit.panelMessages(chatPanel(doc), chatRole);

  // The order card IM shows above a conversation ("Order No. 3987…"), aria-label "Order".
  function chatOrderId(doc) {
    const card = dom.queryAll("[aria-label], [class*='order-card' i]", doc).find((el) =>
      /order|订单|คำสั่งซื้อ|đơn hàng|pesanan/i.test(`${el.getAttribute("aria-label") ?? ""} ${el.className}`) &&
      !el.closest("nav, [role='navigation'], [role='listbox']"));
    const token = card ? dom.clean(card.textContent).match(/(?<!\d)\d{12,18}(?!\d)/) : null;
    return token ? token[0] : null;
  }

  // IM names the buyer of the open conversation in the session list's selected entry.
  function chatBuyer(doc) {
    const selected = dom.queryAll("[role='option'][aria-selected='true']", doc).find((el) => dom.isVisible(el));
    const name = selected ? dom.clean((selected.querySelector("b, strong, [class*='name' i]") ?? selected).textContent)
      .split("\n")[0].trim() : "";
    return name && name.length <= 60 ? name : null;
  }

  function request(doc, url) {
    const raw = generic.valueByLabel(doc, "dispute.request", LABELS["dispute.request"], { hints: hintsOf(doc, url) });
    return raw ? (REQUESTS.find(([pattern]) => pattern.test(raw))?.[1] ?? raw) : null;
  }

  // The return's state: its label, else the heading of the banner at the top of the return
  // page (role="alert"/"status": "Pending Response").
  function status(doc, url) {
    const value = labelled("dispute.status")(doc, url);
    if (value || pageType(doc, url) !== "return") {
      return value;
    }
    const banner = dom.queryAll("[role='alert'], [role='status']", doc).find((el) => dom.isVisible(el));
    const title = banner ? dom.visibleText(banner).split("\n").map((line) => line.trim()).find(Boolean) : null;
    return title && title.length <= 80 && !dom.looksLikeDate(title) ? title : null;
  }

  // "Respond by 07 May 2026 10:30" banners and countdowns (role="alert"/"status"/"timer").
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

  DC.registerAdapter({
    id: "lazada",
    platform: "lazada",
    pageTypes: ["order", "return", "message"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region: (url) => regionOf(url),
    keyFields: { return: ["order.id", "dispute.id", "dispute.opened_at"], order: ["order.id"], message: ["messages"] },
    fields: {
      // Order detail URLs carry the order number (?tradeOrderId=); other pages print it.
      "order.id": (doc, url) => (pageType(doc, url) === "order" ? param(url, ["tradeorderid", "orderid"], ORDER_ID) : null) ??
        labelled("order.id", ORDER_ID)(doc, url) ?? chatOrderId(doc),
      "dispute.id": (doc, url) => param(url, ["reverseorderid", "returnorderid", "reverseid"], RETURN_ID) ??
        labelled("dispute.id", RETURN_ID)(doc, url),
      "dispute.reason": labelled("dispute.reason"),
      "dispute.request": request,
      "dispute.refund": labelled("dispute.refund"),
      "dispute.opened_at": labelled("dispute.opened_at"),
      "dispute.status": status,
      "buyer.name": (doc, url) => labelled("buyer.name")(doc, url) ??
        (pageType(doc, url) === "message" ? chatBuyer(doc) : null),
      // Lazada's sites are domestic marketplaces (LazGlobal sells into them): the buyer lives
      // where the site is.
      "buyer.country": (doc, url) => regionOf(url, doc),
      "order.total": labelled("order.total"),
      "order.placed_at": labelled("order.placed_at"),
      "order.paid_at": labelled("order.paid_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "messages": (doc) => historyMessages(doc) ?? chatMessages(doc),
      "page_deadlines": deadlines,
    },
    // The reply box: IM's message field (a textarea, or a contenteditable textbox), only on
    // chat pages; the return page's IM link opens the chat instead.
    replyBox: (doc) => {
      if (pageType(doc, DC.pageUrl?.(doc, location) ?? new URL(location.href)) !== "message") {
        return null;
      }
      return dom.queryAll("textarea, [contenteditable='true']", doc).find((el) => dom.isVisible(el) &&
        !/search|搜索|ค้นหา|tìm|cari/i.test(`${el.getAttribute("placeholder") ?? ""} ${el.getAttribute("aria-label") ?? ""}`)) ?? null;
    },
  });
})();
