// TikTok Shop Seller Center: order details, returns/refunds (the after-sales request page) and
// the customer-service chat, on every regional seller centre and the cross-border one.
//
// What this adapter knows that the generic reader does not: which URL is which page, that the
// order number (order_no=) and the return id (return_id=) are in the URL, the market each seller
// centre serves (a TikTok Shop market sells to buyers of its own country, so the market is also
// the buyer's country), TikTok's wording of its fields in the seller centre's languages (en, id,
// th, vi, ms, zh), the buyer's two kinds of request, and who "TikTok Shop" is in a history.
// Everything else it leaves to the generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label and heading text, ARIA roles
// (timer, log, textbox); class names only where nothing else tells the blocks apart, each named.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic || !DC.kit) {
    return;
  }
  const { dom, generic } = DC;

  // Seller centres: seller-<market>.tiktok.com, the global/cross-border ones
  // (seller.tiktokshop.com, seller.tiktokglobalshop.com), and Indonesia's, which moved under
  // Tokopedia (seller-id.tokopedia.com) after the 2024 merger.
  const HOST = /^seller(-[a-z]{2})?\.tiktok\.com$|^seller(-[a-z]{2})?\.tiktokshop\.com$|^seller\.tiktokglobalshop\.com$|^seller-id\.tokopedia\.com$/i;

  // Host → market (ISO region). seller-uk is Great Britain. The global centres serve several
  // markets: there the page's ?shop_region= names the one open (cross-border sellers switch
  // markets with it).
  const REGIONS = {
    "seller-us": "US", "seller-uk": "GB", "seller-id": "ID", "seller-th": "TH", "seller-vn": "VN", "seller-my": "MY",
    "seller-ph": "PH", "seller-sg": "SG", "seller-mx": "MX", "seller-br": "BR", "seller-es": "ES", "seller-fr": "FR",
    "seller-de": "DE", "seller-it": "IT", "seller-ie": "IE", "seller-jp": "JP",
  };

  function region(url) {
    const sub = url.hostname.toLowerCase().split(".")[0];
    if (REGIONS[sub]) {
      return REGIONS[sub];
    }
    const asked = (url.searchParams.get("shop_region") ?? url.searchParams.get("region") ?? "").toUpperCase();
    if (/^[A-Z]{2}$/.test(asked)) {
      return asked === "UK" ? "GB" : asked;
    }
    return null;
  }

  // Page variants by URL path (seller centre routes seen in its help articles and links):
  //   /order/return…, /aftersale…, /refund… (Manage Returns list and the return/refund detail)
  //   /chat…, /im… (customer-service chat, /chat/inbox/current)
  //   /order/detail?order_no=… (order details)
  function pageType(doc, url) {
    const path = url.pathname.toLowerCase();
    if (/\/(order\/)?(return|aftersale|after-sale|refund|reverse)/.test(path)) {
      return "return";
    }
    if (/^\/(chat|im)\b/.test(path)) {
      return "message";
    }
    if (/^\/order\b/.test(path) && (url.searchParams.has("order_no") || /detail/.test(path))) {
      return "order";
    }
    return null;
  }

  // Block headings, per page variant, in the seller centre's languages.
  const HEADINGS = {
    // Return/refund detail: the request's own block.
    request: ["Request information", "Request details", "Return information", "Refund information",
              "Informasi permintaan", "Detail permintaan", "ข้อมูลคำขอ", "Thông tin yêu cầu", "Maklumat permintaan",
              "申请信息", "售后信息", "退款信息"],
    // Order details and the order block of the return page.
    order: ["Order information", "Order details", "Informasi pesanan", "ข้อมูลคำสั่งซื้อ", "Thông tin đơn hàng",
            "Maklumat pesanan", "订单信息"],
    // Return/refund detail: the timeline of what buyer, seller and TikTok did.
    history: ["Request history", "Return history", "Negotiation history", "Activity", "Riwayat permintaan",
              "Riwayat", "ประวัติคำขอ", "Lịch sử yêu cầu", "Sejarah permintaan", "协商历史", "售后记录", "处理记录"],
  };

  // TikTok's wording of each field (en, id, th, vi, ms, zh).
  const LABELS = {
    "order.id": ["Order ID", "Order number", "ID Pesanan", "หมายเลขคำสั่งซื้อ", "Mã đơn hàng", "ID pesanan", "订单号",
                 "订单编号", "订单ID"],
    "dispute.id": ["Return ID", "Return order ID", "Refund ID", "Request ID", "ID Pengembalian", "ID Permintaan",
                   "หมายเลขการคืนสินค้า", "Mã yêu cầu trả hàng", "ID pemulangan", "售后单号", "退货单号", "退款单号"],
    "dispute.request": ["Request type", "Return type", "Jenis permintaan", "ประเภทคำขอ", "Loại yêu cầu",
                        "Jenis permintaan", "申请类型", "售后类型"],
    "dispute.reason": ["Return reason", "Refund reason", "Reason", "Alasan", "Alasan pengembalian", "เหตุผล",
                       "Lý do", "Sebab", "申请原因", "退款原因", "退货原因"],
    "dispute.status": ["Return status", "Request status", "Status", "Status permintaan", "สถานะ", "Trạng thái",
                       "售后状态", "状态"],
    "dispute.opened_at": ["Request time", "Requested on", "Time requested", "Waktu permintaan",
                          "Waktu pengajuan", "เวลาที่ขอ", "Thời gian yêu cầu", "Masa permintaan", "申请时间"],
    "dispute.refund": ["Refund amount", "Refund total", "Jumlah pengembalian dana", "Total pengembalian dana",
                       "จำนวนเงินคืน", "Số tiền hoàn", "Jumlah bayaran balik", "退款金额"],
    "order.total": ["Order total", "Order amount", "Total", "Total pesanan", "ยอดรวมคำสั่งซื้อ", "Tổng đơn hàng",
                    "Jumlah pesanan", "订单金额", "订单总额"],
    "order.placed_at": ["Order time", "Order created", "Created time", "Order date", "Waktu pesanan", "Waktu dibuat",
                        "เวลาสั่งซื้อ", "Thời gian đặt hàng", "Masa pesanan", "下单时间", "创建时间"],
    "order.paid_at": ["Paid time", "Payment time", "Waktu pembayaran", "เวลาชำระเงิน", "Thời gian thanh toán", "付款时间"],
    "order.shipped_at": ["Shipped time", "Shipped on", "Waktu pengiriman", "เวลาจัดส่ง", "Thời gian giao hàng",
                         "发货时间"],
    "order.delivered_at": ["Delivered time", "Delivered on", "Waktu diterima", "เวลาส่งถึง", "Thời gian nhận hàng",
                           "送达时间", "签收时间"],
    "order.tracking.number": ["Tracking number", "Tracking ID", "Nomor pelacakan", "Nomor resi", "หมายเลขติดตามพัสดุ",
                              "Mã vận đơn", "Nombor penjejakan", "物流单号", "运单号"],
    "order.tracking.carrier": ["Shipping provider", "Carrier", "Jasa kirim", "Penyedia jasa pengiriman",
                               "ผู้ให้บริการขนส่ง", "Đơn vị vận chuyển", "Penyedia penghantaran", "物流商", "承运商"],
    "order.tracking.status": ["Shipping status", "Package status", "Status pengiriman", "สถานะการจัดส่ง",
                              "Trạng thái vận chuyển", "Status penghantaran", "物流状态", "包裹状态"],
    "buyer.name": ["Buyer", "Buyer username", "Customer", "Pembeli", "Nama pengguna pembeli", "ผู้ซื้อ", "Người mua",
                   "Pembeli", "买家", "买家昵称"],
  };

  // The buyer's request as the contract's codes (TikTok's wording in every language above).
  const REQUESTS = [
    [/return\s*(and|&)\s*refund|pengembalian barang (dan|&) dana|คืนสินค้าและคืนเงิน|trả hàng (và|&) hoàn tiền|pemulangan (dan|&) bayaran balik|退货退款/i,
      "return_and_refund"],
    [/refund\s*only|hanya pengembalian dana|คืนเงินเท่านั้น|chỉ hoàn tiền|bayaran balik sahaja|仅退款/i, "refund_only"],
  ];

  /** The block under a heading named one of `names` (a section, role="region", or the heading's parent). */
  const block = (doc, names) => DC.kit.block(doc, names);


  /** A field read with TikTok's labels: inside the request block, then the order block, then anywhere. */
  function labelled(field) {
    return (doc, url) => {
      const hints = { locale: doc.documentElement.lang, region: region(url) ?? undefined };
      for (const names of [HEADINGS.request, HEADINGS.order, null]) {
        const root = names ? block(doc, names) : null;
        if (names && !root) {
          continue;
        }
        const value = generic.valueByLabel(doc, field, LABELS[field], { root, hints });
        if (value !== null) {
          return value;
        }
      }
      return null;
    };
  }

  const ORDER_ID = /^\d{15,20}$/; // TikTok Shop order numbers: 18 digits ("576…")
  const RETURN_ID = /^\d{15,20}$/;

  function orderId(doc, url) {
    // Order details: ?order_no=; the return page and the chat's order card link to it.
    const own = url.searchParams.get("order_no") ?? url.searchParams.get("order_id");
    if (ORDER_ID.test(own ?? "")) {
      return own;
    }
    const scope = block(doc, HEADINGS.request) ?? block(doc, HEADINGS.order) ?? doc;
    for (const link of scope.querySelectorAll("a[href*='order_no=']")) {
      const id = new URL(link.getAttribute("href"), url.href).searchParams.get("order_no");
      if (ORDER_ID.test(id ?? "")) {
        return id;
      }
    }
    const value = labelled("order.id")(doc, url);
    return value && ORDER_ID.test(value) ? value : null;
  }

  function returnId(doc, url) {
    // Return detail: ?return_id= (also reverse_order_id= on older links).
    for (const key of ["return_id", "reverse_order_id", "aftersale_id"]) {
      const id = url.searchParams.get(key);
      if (RETURN_ID.test(id ?? "")) {
        return id;
      }
    }
    return pageType(doc, url) === "return" ? labelled("dispute.id")(doc, url) : null;
  }

  // Who did an entry of the request history: data-role when the page marks it, else the actor
  // word TikTok prints at its head ("Buyer", "You", "TikTok Shop", in each language).
  const ACTORS = [
    [/^(buyer|customer|pembeli|ผู้ซื้อ|người mua|买家)/i, "buyer"],
    [/^(you|seller|penjual|anda|ผู้ขาย|người bán|bạn|卖家|您|你)/i, "seller"],
    [/^(tiktok( shop)?|system|platform|sistem|ระบบ|hệ thống|平台|系统)/i, "platform"],
  ];
  function roleOf(item) {
    const marked = item.getAttribute("data-role") ?? item.querySelector("[data-role]")?.getAttribute("data-role");
    if (["buyer", "seller", "platform"].includes(marked)) {
      return marked;
    }
    const head = dom.clean(item.textContent, { lines: false }).slice(0, 40);
    return ACTORS.find(([pattern]) => pattern.test(head))?.[1] ?? null;
  }

  function historyMessages(doc) {
    const root = block(doc, HEADINGS.history);
    if (!root) {
      return null;
    }
    // One history entry per <li> or role="listitem" (return/after-sales detail).
    const items = [...root.querySelectorAll("[role='listitem'], li")].filter((el) => !el.parentElement.closest("[role='listitem'], li"));
    if (!items.length) {
      return null;
    }
    const messages = generic.messagesFrom(items, { roleOf, container: root });
    return oldestFirst(root, messages);
  }

  // The seller centre lists the newest history entry first on some markets' pages; the list
  // says so with aria-sort / data-order="desc" (return detail). The contract wants oldest first.
  function oldestFirst(root, messages) {
    const list = root.querySelector("ol, ul, [role='list']");
    const order = list?.getAttribute("data-order") ?? list?.getAttribute("aria-sort") ?? "";
    return /desc/i.test(order) ? [...messages].reverse() : messages;
  }

  // Chat bubbles: the seller's own are marked by the chat widget's side classes
  // ("…-right"/"is-self"), the buyer's "…-left"; system notices ("…-system"/"…-notice") are the
  // platform's. Class names are all these bubbles carry; alignment (generic rules) is the fallback.
  function chatRole(item) {
    const marked = item.getAttribute("data-role");
    if (["buyer", "seller", "platform"].includes(marked)) {
      return marked;
    }
    const classes = `${item.className} ${item.firstElementChild?.className ?? ""}`;
    if (/(^|[-_\s])(right|self|mine|outgoing)([-_\s]|$)/i.test(classes)) {
      return "seller";
    }
    if (/(^|[-_\s])(left|other|incoming)([-_\s]|$)/i.test(classes)) {
      return "buyer";
    }
    if (/system|notice|tip/i.test(classes)) {
      return "platform";
    }
    return null;
  }

  // The open conversation: role="log" (chat/inbox/current); the conversation list beside it
  // is a role="listbox" and is not read.
  const chatMessages = (doc) => DC.kit.panelMessages(DC.kit.chatLog(doc), chatRole);

  // The chat's header names the buyer it is with: the heading just above the role="log"
  // conversation (chat/inbox/current).
  const chatPartner = (doc) => DC.kit.chatPartner(doc);

  // Product lines: the table under the products heading (order and return details), header
  // cells in any of these words.
  const ITEM_COLUMNS = dom.labelTable({
    title: ["Product", "Product name", "Products", "Item", "Produk", "Nama produk", "สินค้า", "ชื่อสินค้า", "Sản phẩm",
            "Tên sản phẩm", "Nama produk", "商品", "商品名称"],
    variant: ["Variation", "Variant", "SKU", "Variasi", "ตัวเลือกสินค้า", "Phân loại", "Variasi", "规格", "商品规格"],
    sku: ["Seller SKU", "SKU ID", "SKU penjual", "SKU ผู้ขาย", "SKU người bán", "卖家SKU", "商家SKU"],
    quantity: ["Quantity", "Qty", "Jumlah", "Kuantitas", "จำนวน", "Số lượng", "Kuantiti", "数量"],
  });

  const items = (doc) => DC.kit.itemsFromTable(doc, ITEM_COLUMNS);

  // The countdown on a request waiting for the seller: role="timer" with an aria-label naming
  // it (return detail, every market); its label is the aria-label, else the text before it.
  const timers = (doc) => DC.kit.timers(doc);

  DC.registerAdapter({
    id: "tiktok_shop",
    platform: "tiktok_shop",
    pageTypes: ["order", "return", "message"],
    matches: (url) => HOST.test(url.hostname),
    pageType,
    region,
    keyFields: { order: ["order.id"], return: ["order.id", "dispute.id", "dispute.opened_at"], message: ["messages"] },
    fields: {
      "order.id": orderId,
      "dispute.id": returnId,
      "dispute.request": (doc, url) => {
        const raw = labelled("dispute.request")(doc, url);
        return raw ? (REQUESTS.find(([pattern]) => pattern.test(raw))?.[1] ?? raw) : null;
      },
      "dispute.reason": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.reason")(doc, url) : null),
      "dispute.status": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.status")(doc, url) : null),
      "dispute.opened_at": (doc, url) => (pageType(doc, url) === "return" ? labelled("dispute.opened_at")(doc, url) : null),
      "dispute.refund": labelled("dispute.refund"),
      "order.total": labelled("order.total"),
      "order.placed_at": labelled("order.placed_at"),
      "order.paid_at": labelled("order.paid_at"),
      "order.shipped_at": labelled("order.shipped_at"),
      "order.delivered_at": labelled("order.delivered_at"),
      "order.tracking.number": labelled("order.tracking.number"),
      "order.tracking.carrier": labelled("order.tracking.carrier"),
      "order.tracking.status": labelled("order.tracking.status"),
      "order.items": items,
      "buyer.name": (doc, url) => labelled("buyer.name")(doc, url) ?? chatPartner(doc),
      // A market sells to its own country's buyers: the market is the buyer's country.
      "buyer.country": (doc, url) => region(url),
      "messages": (doc) => historyMessages(doc) ?? chatMessages(doc),
      "page_deadlines": timers,
    },
    // The reply box: the chat's editor (a textarea or a contenteditable role="textbox") on the
    // customer-service chat only; the return page has no free-text reply (approve/reject forms).
    replyBox: (doc) => {
      if (pageType(doc, DC.pageUrl?.(doc, location) ?? new URL(location.href)) !== "message") {
        return null;
      }
      return dom.queryAll("textarea, [contenteditable='true'][role='textbox']", doc).find((el) => dom.isVisible(el)) ?? null;
    },
  });
})();
