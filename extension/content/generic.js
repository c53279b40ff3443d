// The generic adapter: reads any marketplace page it has never seen, in many languages.
//
// DC.generic.read(document, url, hints) → a flat field map {"order.id": "8123456789",
// "order.total": {amount, currency}, "messages": [...], "page_deadlines": [...], …}. A field
// it is not sure of is left out: a wrong order id files the seller's evidence under the wrong
// case, which is worse than asking the seller to type it.
//
// How it reads:
//   - label/value pairs: an element whose whole text is a known label ("Order ID", "订单号",
//     "Номер заказа", …) and the element after it (dt/dd, th/td, label and sibling), aria-label,
//     then the page's visible text as lines: "Label: value", "Label<TAB>value" (table cells),
//     a label line followed by its value line, and header rows over value rows;
//   - ids in the URL query (orderId=, disputeId=, …) and the title;
//   - the conversation: the element whose repeated children look most like messages (a time,
//     a sender, text; role="log"/"feed", words like "message"/"chat" in its attributes), each
//     message's sender from its labels, the buyer's name, bubble alignment, then class names;
//   - countdowns the page prints ("Respond within 4 days 23:12:05", "剩余时间 2天 03:12:09").
// All text is read with textContent/innerText: what a page shows as "<img src=x>" stays text.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC || DC.generic) {
    return;
  }
  const dom = DC.dom;

  // ------------------------------------------------------------------ platform and region

  // The marketplace from the site's host name, seller centres first. Each entry: a pattern
  // over the host name and the platform id of the contract.
  const HOST_PLATFORMS = [
    [/(^|\.)aliexpress\.[a-z.]+$|(^|\.)aliexpress\.(com|ru|us)$/, "aliexpress"],
    [/(^|\.)sellercentral(-[a-z]+)?\.amazon\.[a-z.]+$|(^|\.)amazon\.[a-z.]+$/, "amazon"],
    [/(^|\.)ebay\.[a-z.]+$/, "ebay"],
    [/(^|\.)wish\.com$/, "wish"],
    [/(^|\.)tmall\.(com|hk)$/, "tmall"],
    [/(^|\.)taobao\.com$/, "taobao"],
    [/(^|\.)shopee\.[a-z.]+$/, "shopee"],
    [/(^|\.)lazada\.[a-z.]+$/, "lazada"],
    [/(^|\.)seller[a-z-]*\.tiktok[a-z]*\.com$|(^|\.)tiktokshop[a-z]*\.com$|(^|\.)tiktokglobalshop\.com$/, "tiktok_shop"],
    [/(^|\.)etsy\.com$/, "etsy"],
    [/\.myshopify\.com$|(^|\.)admin\.shopify\.com$|(^|\.)shopify\.com$/, "shopify"],
    [/(^|\.)paypal\.com$/, "paypal"],
    [/(^|\.)walmart\.(com|ca)$/, "walmart"],
    [/(^|\.)mercadoli(b|v)re\.[a-z.]+$/, "mercadolibre"],
    [/(^|\.)temu\.com$/, "temu"],
  ];

  // The marketplace from the page itself (og:site_name, application-name, title, logo alt):
  // for seller tools on other hosts and for saved pages.
  const BRANDS = [
    [/\baliexpress\b|速卖通/i, "aliexpress"], [/\bamazon\b|亚马逊/i, "amazon"], [/\bebay\b/i, "ebay"],
    [/\bwish\b(?!list)/i, "wish"], [/\btmall\b|天猫/i, "tmall"], [/\btaobao\b|淘宝|千牛/i, "taobao"],
    [/\bshopee\b|虾皮/i, "shopee"], [/\blazada\b/i, "lazada"], [/\btik\s?tok\s?shop\b/i, "tiktok_shop"],
    [/\betsy\b/i, "etsy"], [/\bshopify\b/i, "shopify"], [/\bpaypal\b/i, "paypal"], [/\bwalmart\b/i, "walmart"],
    [/\bmercado\s?li(b|v)re\b/i, "mercadolibre"], [/\btemu\b/i, "temu"],
  ];

  // Country-code endings of marketplace domains → ISO region (ebay.co.uk → GB,
  // mercadolivre.com.br → BR, shopee.co.id → ID, lazada.com.my → MY, amazon.de → DE).
  // "uk" is the one ccTLD that is not the ISO code; generic-looking ones (.co, .io, .me, .tv)
  // are not read as countries.
  const SECOND_LEVEL = /\.(?:co|com|net|org|gov)\.([a-z]{2})$/;
  const TLD_REGION_EXCEPTIONS = { uk: "GB", io: null, co: null, me: null, tv: null, ai: null, app: null, cc: null };
  // .com sites that are one country's marketplace (the global ones, AliExpress, Temu, Wish,
  // Etsy, Shopify, PayPal, TikTok's global seller centre, have no region).
  const COM_REGION = { amazon: "US", ebay: "US", walmart: "US" };
  // Seller centres that name the region in the host: seller-uk.tiktok.com, seller.shopee.ph,
  // sellercentral-europe.amazon.com (Europe is not one region: none).
  const HOST_REGION = [[/^seller-([a-z]{2})\.tiktok/, (m) => (m[1] === "uk" ? "GB" : m[1].toUpperCase())]];

  function platformFromHost(host) {
    const name = (host || "").toLowerCase();
    for (const [pattern, id] of HOST_PLATFORMS) {
      if (pattern.test(name)) {
        return id;
      }
    }
    return null;
  }

  function platformFromPage(doc) {
    const named = []; // texts that name the site itself
    for (const selector of ["meta[property='og:site_name']", "meta[name='application-name']",
                            "meta[name='apple-mobile-web-app-title']"]) {
      const content = doc.querySelector(selector)?.getAttribute("content");
      if (content) {
        named.push(content);
      }
    }
    // Logos: an image in the page header, or one that calls itself a logo.
    for (const img of doc.querySelectorAll("header img[alt], img[alt*='logo' i], img[class*='logo' i][alt], [class*='logo' i] img[alt]")) {
      named.push(img.getAttribute("alt"));
    }
    for (const text of named) {
      const found = BRANDS.find(([pattern]) => pattern.test(text));
      if (found) {
        return found[1];
      }
    }
    // The title names the site in one of its parts ("Dispute details - AliExpress Seller
    // Center"); "wish" is also an English word, so a title alone never makes a page Wish's.
    for (const [pattern, id] of BRANDS) {
      if (id !== "wish" && pattern.test(doc.title || "")) {
        return id;
      }
    }
    return null;
  }

  function regionFromHost(host, platform) {
    const name = (host || "").toLowerCase();
    for (const [pattern, read] of HOST_REGION) {
      const match = pattern.exec(name);
      if (match) {
        return read(match);
      }
    }
    const second = SECOND_LEVEL.exec(name);
    const tld = second ? second[1] : /\.([a-z]{2,3})$/.exec(name)?.[1];
    if (!tld) {
      return null;
    }
    if (tld === "com") {
      return COM_REGION[platform] ?? null;
    }
    if (tld in TLD_REGION_EXCEPTIONS) {
      return TLD_REGION_EXCEPTIONS[tld];
    }
    return tld.length === 2 ? tld.toUpperCase() : null;
  }

  // ------------------------------------------------------------------ page type

  // Words that name the kind of page, most specific first: a chargeback page also talks about
  // the order, a dispute page about messages. Matched in the URL (English words only, as
  // marketplaces' paths are) and in the title and main headings (every language).
  const PAGE_TYPES = [
    ["chargeback", /chargeback|charge-back|拒付|чарджбэк|contracargo|rétrofacturation|rückbuchung|obciążenie zwrotne|ters ibraz|チャージバック|지불\s?거절|estorno/i],
    ["claim", /\bclaims?\b|a-to-z|a-z guarantee|索赔|претензи|reclamaç|reclamo|reclamación|réclamation|reklamacj|\btalep|申し立て|클레임|khiếu nại|เคลม|klaim|\bcase\b|\bcases\b/i],
    ["dispute", /disputes?\b|\bissues?\b|纠纷|糾紛|争议|爭議|\bспор|disputa|litige|streitfall|controversia|\bspór|\bsporu|anlaşmazlık|نزاع|紛争|분쟁|tranh chấp|ข้อพิพาท|sengketa|geschil|\brefunds?\b|退款|reembolso|remboursement|rückerstattung|erstattung|rimborso|返金|환불|hoàn tiền|คืนเงิน|pengembalian dana|terugbetaling|возврат (?:средств|денег)/i],
    ["return", /\breturns?\b|\brma\b|退货|退貨|возврат|devoluç|devolución|\bretour|rücksendung|rückgabe|\breso\b|\bzwrot|\biade\b|إرجاع|返品|반품|trả hàng|คืนสินค้า|pengembalian/i],
    ["review", /\breviews?\b|feedback|评价|評價|отзыв|avaliaç|reseña|\bavis\b|bewertung|recension|opini|değerlendirme|تقييم|レビュー|評価|리뷰|후기|đánh giá|รีวิว|ulasan|beoordeling/i],
    ["message", /messages?\b|\bmesg\b|\bmsg\b|\bchat\b|conversation|\binbox\b|消息|聊天|站内信|留言|сообщени|\bчат\b|mensage|mensaje|nachricht|messaggi|wiadomoś|mesaj|رسائل|رسالة|メッセージ|메시지|tin nhắn|ข้อความ|\bpesan\b|bericht/i],
    ["order", /\borders?\b|\bord\b|订单|訂單|заказ|pedido|commande|bestellung|\bordine|zamówieni|sipariş|الطلب|注文|주문|đơn hàng|คำสั่งซื้อ|pesanan|bestelling/i],
  ];
  // English URL words only: "case", "issue", "ord" mean something in a path, not in a heading.
  const URL_ONLY = /\bcases?\b|\bissues?\b|\bord\b|\bmesg\b|\bmsg\b|\brma\b/i;

  function pageTypeOf(text, { url = false } = {}) {
    if (!text) {
      return null;
    }
    for (const [type, pattern] of PAGE_TYPES) {
      const match = pattern.exec(text);
      if (match && (url || !URL_ONLY.test(match[0]))) {
        return type;
      }
    }
    return null;
  }

  function pageTypeFrom(doc, url) {
    // The URL's path and query keys, with separators as spaces: /sh/ord/details?orderid= →
    // "sh ord details orderid"; camelCase split so "disputeDetail" reads "dispute detail".
    const words = (text) => text.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[/_\-.?=&#+]+/g, " ")
      .replace(/\b(order|dispute|return|claim|case|refund|issue|message)id\b/gi, "$1 id");
    // The path names the page; query keys only when the path says nothing (?caseId= on a
    // messages page is a link back to the case, not what the page is).
    const fromUrl = pageTypeOf(words(`${url.pathname} ${url.hash}`), { url: true }) ??
      pageTypeOf(words([...url.searchParams.keys()].join(" ")), { url: true });
    const headings = [doc.querySelector("h1"), ...doc.querySelectorAll("[role='heading'][aria-level='1']")]
      .filter((el) => el && dom.isVisible(el)).map((el) => dom.visibleText(el));
    const ranked = PAGE_TYPES.map(([type]) => type);
    const found = [fromUrl, ...headings.map((text) => pageTypeOf(text)), pageTypeOf(doc.title)].filter(Boolean);
    if (found.length) {
      return found.sort((a, b) => ranked.indexOf(a) - ranked.indexOf(b))[0];
    }
    for (const el of doc.querySelectorAll("h2, h3")) {
      const type = dom.isVisible(el) ? pageTypeOf(dom.visibleText(el)) : null;
      if (type) {
        return type;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ labels

  // The labels marketplaces print next to each field, in the languages sellers meet. They are
  // compared normalised (DC.dom.normalise: case, dots, full-width forms and trailing colons do
  // not matter). "_status" is a bare "Status" (the dispute's status only on a dispute page);
  // "_other" are labels of fields we do not read, so their values are never taken for ours.
  const LABELS = {
    "order.id": [
      "Order ID", "Order No.", "Order number", "Order #", "Order no", "Order Id", "Order reference", "Order ref",
      "Order code", "Sales record number", "Customer order #", "Customer order number", "Customer order ID",
      "Customer order no", "Sale #", "Sale number", "Sale ID", "Número de venta", "Venta #", "Venta Nº", "ID de venta",
      "Número da venda", "Venda #", "Venda nº", "ID da venda", "订单号", "订单编号", "订单号码", "订单ID", "主订单号", "訂單編號", "訂單號碼",
      "訂單號", "Номер заказа", "Заказ №", "№ заказа", "ID заказа", "Nº do pedido", "N.º do pedido", "Número do pedido",
      "Pedido nº", "Pedido Nº", "ID do pedido", "Número de pedido", "Nº de pedido", "Número de orden", "Número de la orden",
      "Pedido n.º", "ID del pedido", "N° de commande", "Numéro de commande", "Commande n°", "N° commande",
      "Référence de commande", "Bestellnummer", "Bestell-Nr.", "Bestell-Nr", "Auftragsnummer", "Numero ordine",
      "Numero d'ordine", "N. ordine", "Ordine n.", "Ordine n°", "Ordine nr.", "ID ordine", "Numer zamówienia", "Nr zamówienia", "ID zamówienia",
      "Sipariş No", "Sipariş numarası", "Sipariş No.", "Sipariş Numarası", "رقم الطلب", "رقم الطلبية", "شماره سفارش", "کد سفارش", "מספר הזמנה",
      "注文番号", "ご注文番号", "オーダー番号", "주문번호", "주문 번호", "Mã đơn hàng", "Mã đơn", "Số đơn hàng",
      "หมายเลขคำสั่งซื้อ", "เลขที่คำสั่งซื้อ", "No. Pesanan", "Nomor pesanan", "ID Pesanan", "Bestelnummer", "Ordernummer",
      // The bare word, as in "Order: #1001" or a table header "Order" (see WEAK_LABELS).
      "Order", "Pedido", "Commande", "Bestellung", "Ordine", "Заказ", "订单", "注文", "주문", "Sipariş", "Zamówienie",
      "Pesanan", "Đơn hàng", "Bestelling", "Venta", "Venda",
    ],
    "dispute.id": [
      "Dispute ID", "Dispute No.", "Dispute number", "Case ID", "Case number", "Case #", "Case No.", "Return ID",
      "Return number", "Return #", "Return No.", "Return order #", "Return order number", "Return order ID", "Claim ID", "Claim number", "Claim #", "Request ID", "Refund ID",
      "Inquiry ID", "Chargeback ID", "纠纷编号", "纠纷单号", "纠纷号", "纠纷ID", "退款编号", "退款单号", "售后单号",
      "退货单号", "糾紛編號", "Номер спора", "ID спора", "Номер возврата", "Номер претензии", "Nº da disputa", "ID da disputa",
      "Número da disputa", "Número da reclamação", "Número de disputa", "ID de disputa", "Número de reclamo",
      "Número de caso", "Número de devolución", "N° de litige", "Numéro de litige", "ID du litige", "Numéro de dossier",
      "Numéro de retour", "Fallnummer", "Streitfall-ID", "Fall-ID", "Rücksendenummer", "Numero controversia",
      "ID controversia", "Numero caso", "Numero reso", "Numer sporu", "ID sporu", "Numer zwrotu", "Numer reklamacji",
      "Anlaşmazlık No", "Talep No", "İade No", "رقم النزاع", "رقم الحالة", "מספר מחלוקת", "紛争番号", "ケース番号",
      "返品番号", "분쟁 번호", "반품 번호", "Mã khiếu nại", "Mã tranh chấp", "Mã trả hàng", "หมายเลขข้อพิพาท",
      "No. Sengketa", "ID Pengembalian", "Geschilnummer", "Zaaknummer",
    ],
    "order.placed_at": [
      "Order date", "Order placed", "Placed on", "Ordered on", "Date ordered", "Order time", "Order created",
      "Date sold", "Sold on", "Purchase date", "Purchased on", "下单时间", "订单创建时间", "创建时间", "下单日期",
      "下單時間", "Дата заказа", "Дата оформления", "Заказ оформлен", "Data do pedido", "Pedido feito em",
      "Fecha del pedido", "Fecha de pedido", "Fecha de compra", "Date de commande", "Commandé le", "Date de la commande",
      "Bestelldatum", "Bestellt am", "Data ordine", "Data dell'ordine", "Data zamówienia", "Sipariş tarihi",
      "تاريخ الطلب", "תאריך הזמנה", "注文日", "注文日時", "ご注文日", "주문일", "주문일시", "주문 일시", "Ngày đặt hàng",
      "Thời gian đặt hàng", "วันที่สั่งซื้อ", "Tanggal pesanan", "Waktu pemesanan", "Tanggal pemesanan", "Besteldatum",
    ],
    "order.paid_at": [
      "Paid on", "Payment date", "Payment time", "Date paid", "Paid", "付款时间", "支付时间", "付款時間", "Дата оплаты",
      "Оплачен", "Время оплаты", "Data do pagamento", "Pago em", "Fecha de pago", "Pagado el", "Date de paiement",
      "Payé le", "Zahlungsdatum", "Bezahlt am", "Data pagamento", "Data del pagamento", "Data płatności",
      "Ödeme tarihi", "تاريخ الدفع", "תאריך תשלום", "支払日", "お支払い日", "결제일", "결제 일시", "Ngày thanh toán",
      "Thời gian thanh toán", "วันที่ชำระเงิน", "Waktu pembayaran", "Tanggal pembayaran", "Betaaldatum", "Betaald op",
    ],
    "order.shipped_at": [
      "Shipped on", "Ship date", "Shipping date", "Date shipped", "Dispatched on", "Dispatch date", "Shipped",
      "Shipment date", "发货时间", "发货日期", "發貨時間", "Дата отправки", "Отправлен", "Дата отгрузки",
      "Data de envio", "Enviado em", "Fecha de envío", "Enviado el", "Date d'expédition", "Expédié le",
      "Versanddatum", "Versandt am", "Verschickt am", "Data di spedizione", "Spedito il", "Data wysyłki", "Wysłano",
      "Kargoya verilme tarihi", "Gönderim tarihi", "تاريخ الشحن", "תאריך משלוח", "発送日", "発送日時", "발송일",
      "발송 일시", "Ngày gửi hàng", "Ngày giao cho đơn vị vận chuyển", "วันที่จัดส่ง", "Tanggal pengiriman",
      "Waktu pengiriman", "Verzenddatum", "Verzonden op",
    ],
    "order.delivered_at": [
      "Delivered on", "Delivery date", "Date delivered", "Delivered", "Received on", "签收时间", "妥投时间", "送达时间",
      "簽收時間", "Дата доставки", "Доставлен", "Дата получения", "Data de entrega", "Entregue em", "Fecha de entrega",
      "Entregado el", "Date de livraison", "Livré le", "Zugestellt am", "Lieferdatum", "Geliefert am",
      "Data di consegna", "Consegnato il", "Data dostawy", "Doręczono", "Teslim tarihi", "Teslim edildi",
      "تاريخ التسليم", "תאריך מסירה", "配達日", "お届け日", "配達完了日", "배송완료일", "배송 완료일", "Ngày giao hàng",
      "Ngày nhận hàng", "วันที่ได้รับสินค้า", "วันที่จัดส่งสำเร็จ", "Tanggal diterima", "Bezorgd op", "Bezorgdatum",
    ],
    "dispute.opened_at": [
      "Dispute opened", "Opened on", "Date opened", "Opened", "Case opened", "Dispute date", "Dispute opened on",
      "Return requested", "Return requested on", "Requested on", "Request date", "Filed on", "Claim opened",
      "Claim date", "Created on", "纠纷发起时间", "纠纷创建时间", "发起时间", "申请时间", "退款申请时间", "糾紛發起時間",
      "Дата открытия спора", "Спор открыт", "Дата открытия", "Дата запроса", "Aberta em", "Data de abertura",
      "Disputa aberta em", "Solicitado em", "Fecha de apertura", "Abierta el", "Disputa abierta el", "Solicitado el",
      "Ouvert le", "Date d'ouverture", "Litige ouvert le", "Demandé le", "Eröffnet am", "Geöffnet am", "Beantragt am",
      "Aperta il", "Data di apertura", "Richiesto il", "Data otwarcia", "Otwarto", "Açılış tarihi", "Açıldığı tarih",
      "تاريخ الفتح", "تاريخ فتح النزاع", "נפתח בתאריך", "申請日", "申請日時", "開始日", "신청일", "신청 일시",
      "Ngày mở", "Ngày khiếu nại", "วันที่เปิด", "วันที่ยื่นคำร้อง", "Tanggal dibuka", "Geopend op",
    ],
    "order.total": [
      "Total", "Order total", "Grand total", "Total amount", "Amount paid", "Order amount", "Total paid",
      "Total price", "Payment amount", "Buyer paid", "合计", "总计", "订单金额", "实付款", "实付金额", "订单总额", "總計",
      "訂單金額", "Итого", "Сумма заказа", "Всего", "Итого к оплате", "Total do pedido", "Valor total", "Total pago",
      "Total del pedido", "Importe total", "Total pagado", "Total de la commande", "Montant total", "Total payé",
      "Gesamtsumme", "Gesamtbetrag", "Summe", "Bestellsumme", "Totale", "Totale ordine", "Importo totale",
      "Suma", "Razem", "Łącznie", "Do zapłaty", "Kwota zamówienia", "Toplam", "Toplam tutar", "Sipariş tutarı",
      "الإجمالي", "المجموع", "סה\"כ", "合計", "合計金額", "ご請求額", "총 결제금액", "합계", "결제금액", "총 금액",
      "Tổng cộng", "Tổng tiền", "Thành tiền", "Tổng thanh toán", "ยอดรวม", "ยอดชำระ", "ยอดรวมทั้งหมด", "Total pesanan",
      "Total pembayaran", "Totaal", "Totaalbedrag",
    ],
    "dispute.refund": [
      "Refund amount", "Refund requested", "Requested refund", "Requested amount", "Refund", "Amount requested",
      "退款金额", "申请退款金额", "退款金額", "Сумма возврата", "Запрошенная сумма", "Valor do reembolso",
      "Reembolso solicitado", "Valor solicitado", "Importe del reembolso", "Importe solicitado", "Montant du remboursement",
      "Montant demandé", "Erstattungsbetrag", "Rückerstattungsbetrag", "Angeforderter Betrag", "Importo del rimborso",
      "Importo richiesto", "Kwota zwrotu", "İade tutarı", "مبلغ الاسترداد", "סכום ההחזר", "返金額", "返金金額",
      "환불 금액", "Số tiền hoàn", "Số tiền hoàn lại", "จำนวนเงินคืน", "Jumlah pengembalian dana", "Terugbetalingsbedrag",
    ],
    "buyer.name": [
      "Buyer", "Buyer name", "Buyer's name", "Customer", "Customer name", "Buyer ID", "Buyer username", "Sold to",
      "买家", "买家名称", "买家姓名", "买家昵称", "買家", "客户", "客户名称", "Покупатель", "Имя покупателя", "Клиент",
      "Comprador", "Nome do comprador", "Cliente", "Nombre del comprador", "Acheteur", "Nom de l'acheteur", "Client",
      "Käufer", "Name des Käufers", "Kunde", "Acquirente", "Nome acquirente", "Kupujący", "Klient", "Alıcı",
      "Alıcı adı", "Müşteri", "المشتري", "اسم المشتري", "العميل", "קונה", "שם הקונה", "購入者", "購入者名", "お客様",
      "구매자", "구매자명", "고객", "Người mua", "Tên người mua", "Khách hàng", "ผู้ซื้อ", "ชื่อผู้ซื้อ", "ลูกค้า",
      "Pembeli", "Nama pembeli", "Koper", "Klant",
    ],
    "buyer.country": [
      "Country", "Country/Region", "Buyer country", "Ship to country", "Destination country", "Destination",
      "国家", "国家/地区", "收货国家", "國家/地區", "Страна", "Страна покупателя", "País", "País do comprador",
      "País de destino", "Pays", "Pays de destination", "Land", "Zielland", "Paese", "Paese di destinazione", "Kraj",
      "Ülke", "الدولة", "البلد", "מדינה", "国", "国・地域", "国/地域", "국가", "국가/지역", "Quốc gia", "ประเทศ", "Negara",
    ],
    "order.tracking.number": [
      "Tracking number", "Tracking No.", "Tracking ID", "Tracking #", "Tracking code", "Tracking", "Waybill number",
      "Shipment tracking number", "运单号", "物流单号", "快递单号", "运单号码", "物流單號", "追蹤號碼", "Трек-номер",
      "Номер отслеживания", "Трек номер", "Código de rastreio", "Código de rastreamento", "Número de rastreio",
      "Número de seguimiento", "Código de seguimiento", "Numéro de suivi", "N° de suivi", "Sendungsnummer",
      "Sendungsverfolgungsnummer", "Trackingnummer", "Tracking-Nummer", "Numero di tracciamento", "Numero di tracking",
      "Numer przesyłki", "Numer śledzenia", "Takip numarası", "Kargo takip numarası", "رقم التتبع", "מספר מעקב",
      "追跡番号", "お問い合わせ番号", "운송장 번호", "송장번호", "운송장번호", "Mã vận đơn", "Mã vận chuyển",
      "หมายเลขพัสดุ", "เลขพัสดุ", "Nomor resi", "No. Resi", "Nomor pelacakan", "Track & Trace", "Trackingcode",
    ],
    "order.tracking.carrier": [
      "Carrier", "Shipping carrier", "Logistics company", "Shipping company", "Shipping service", "Courier",
      "Logistics provider", "Shipped with", "物流公司", "承运商", "快递公司", "物流方式", "物流服務商", "Служба доставки",
      "Перевозчик", "Способ доставки", "Transportadora", "Transportista", "Empresa de transporte", "Transporteur",
      "Versanddienstleister", "Paketdienst", "Versandunternehmen", "Versandart", "Corriere", "Vettore",
      "Przewoźnik", "Kurier", "Kargo firması", "Kargo şirketi", "شركة الشحن", "חברת שילוח", "配送業者", "運送会社",
      "택배사", "배송업체", "Đơn vị vận chuyển", "ผู้ให้บริการขนส่ง", "บริษัทขนส่ง", "Kurir", "Jasa kirim",
      "Jasa pengiriman", "Vervoerder",
    ],
    "order.tracking.status": [
      "Tracking status", "Shipping status", "Delivery status", "Logistics status", "Shipment status", "物流状态",
      "物流狀態", "配送状态", "Статус доставки", "Статус отслеживания", "Status da entrega", "Status do envio",
      "Estado del envío", "Estado de la entrega", "Statut de la livraison", "Statut de l'envoi", "Sendungsstatus",
      "Lieferstatus", "Stato della spedizione", "Status przesyłki", "Kargo durumu", "حالة الشحن", "סטטוס משלוח",
      "配送状況", "配送ステータス", "배송 상태", "배송상태", "Trạng thái vận chuyển", "สถานะการจัดส่ง",
      "Status pengiriman", "Verzendstatus",
    ],
    "dispute.reason": [
      "Reason", "Dispute reason", "Return reason", "Refund reason", "Reason for return", "Reason for dispute",
      "Claim reason", "Case reason", "Reason for refund", "Reason from buyer", "Buyer's reason", "Reason given by buyer", "Problem", "Issue", "原因", "纠纷原因", "退款原因", "退货原因",
      "申请原因", "糾紛原因", "退款原因", "Причина", "Причина спора", "Причина возврата", "Motivo", "Motivo da disputa",
      "Motivo da devolução", "Motivo de la disputa", "Motivo de la devolución", "Motivo del reclamo", "Raison",
      "Motif", "Motif du litige", "Motif du retour", "Grund", "Rückgabegrund", "Grund der Rücksendung",
      "Motivo della controversia", "Motivo del reso", "Powód", "Powód zwrotu", "Powód sporu", "Sebep", "Neden",
      "İade nedeni", "السبب", "سبب النزاع", "سبب الإرجاع", "סיבה", "理由", "返品理由", "申し立て理由", "사유",
      "반품 사유", "분쟁 사유", "Lý do", "Lý do trả hàng", "Lý do khiếu nại", "เหตุผล", "สาเหตุ", "Alasan",
      "Alasan pengembalian", "Alasan komplain", "Alasan keluhan", "Alasan retur", "Alasan pengajuan", "Reden",
      "Reden van retour", "Reden retour", "Retourreden", "Reden voor retour", "Reden van terugsturen",
      "Reden retourzending", "Motivo della restituzione", "Motivo restituzione", "Motivo del rimborso",
      "Motivo del rimborso richiesto", "Motivo del ritorno",
    ],
    "dispute.status": [
      "Dispute status", "Case status", "Return status", "Claim status", "Refund status", "纠纷状态", "退款状态",
      "售后状态", "糾紛狀態", "Статус спора", "Статус возврата", "Status da disputa", "Status da devolução",
      "Estado de la disputa", "Estado de la devolución", "Statut du litige", "Statut du retour", "Status des Falls",
      "Rücksendestatus", "Stato della controversia", "Stato del reso", "Status sporu", "Status zwrotu",
      "Anlaşmazlık durumu", "İade durumu", "حالة النزاع", "حالة الإرجاع", "紛争ステータス", "返品ステータス",
      "분쟁 상태", "반품 상태", "Trạng thái khiếu nại", "Trạng thái trả hàng", "สถานะข้อพิพาท", "Status sengketa",
      "Status pengembalian",
    ],
    "_status": [
      "Status", "状态", "狀態", "Статус", "Estado", "Situação", "Statut", "Stato", "Durum", "الحالة", "סטטוס",
      "ステータス", "状態", "상태", "Trạng thái", "สถานะ",
    ],
    "dispute.request": [
      "Buyer's request", "Buyer request", "Requested solution", "Expected solution", "Buyer wants", "Request",
      "Requested resolution", "Solution requested", "买家诉求", "买家要求", "诉求", "申请类型", "退款类型",
      "Требование покупателя", "Запрос покупателя", "Solicitação do comprador", "Solución solicitada",
      "Solicitud del comprador", "Demande de l'acheteur", "Solution demandée", "Wunsch des Käufers",
      "Gewünschte Lösung", "Richiesta dell'acquirente", "Żądanie kupującego", "Alıcı talebi", "طلب المشتري",
      "購入者の希望", "구매자 요청", "Yêu cầu của người mua", "คำขอของผู้ซื้อ", "Permintaan pembeli",
    ],
    "_item.title": [
      "Product", "Item", "Product name", "Item name", "Item title", "Title", "商品", "商品名称", "商品名", "宝贝",
      "Товар", "Название товара", "Produto", "Producto", "Artículo", "Article", "Produit", "Artikel", "Prodotto",
      "Articolo", "Produkt", "Ürün", "المنتج", "מוצר", "상품", "상품명", "Sản phẩm", "สินค้า", "Produk",
    ],
    "_item.sku": ["SKU", "SKU code", "Item number", "Item ID", "Product ID", "Seller SKU", "商品编码", "商家编码", "Артикул",
                  "Código do produto", "Referencia", "Référence", "Artikelnummer", "Codice articolo", "Kod produktu",
                  "Stok kodu", "商品番号", "상품번호", "Mã sản phẩm", "รหัสสินค้า", "Kode produk"],
    "_item.quantity": ["Quantity", "Qty", "Qty.", "数量", "數量", "Количество", "Кол-во", "Quantidade", "Qtd", "Cantidad",
                       "Cant.", "Quantité", "Qté", "Menge", "Anzahl", "Quantità", "Ilość", "Adet", "Miktar", "الكمية",
                       "כמות", "수량", "Số lượng", "จำนวน", "Jumlah", "Kuantitas", "Aantal"],
    "_item.variant": ["Variant", "Variation", "Options", "Specification", "Specs", "规格", "颜色分类", "SKU属性", "規格",
                      "Вариант", "Характеристики", "Variação", "Variante", "Variación", "Déclinaison", "Wariant",
                      "Varyant", "المواصفات", "バリエーション", "옵션", "Phân loại", "ตัวเลือก", "Variasi", "Variatie"],
    // References that ARE the order only on some sites, and only where the page prints no
    // order label at all: the transaction of Japanese flea markets (取引ID, 取引番号) and the
    // invoice of Indonesian marketplaces ("No. Invoice INV/20250309/MPL/4827163095"). Elsewhere
    // an invoice or transaction number is another document's (see ALT_ORDER_OK).
    "_order.alt": [
      "取引ID", "取引番号", "取引No", "取引ナンバー", "取引ＩＤ", "Invoice", "No. Invoice", "Nomor Invoice", "No Invoice",
      "Invoice No", "Invoice number", "Nomor tagihan", "No. Tagihan",
    ],
    "_other": [
      "Subtotal", "Item subtotal", "Shipping", "Shipping fee", "Shipping cost", "Postage", "Tax", "VAT", "Discount",
      // Transaction, payment, parcel and product ids are never the order's.
      "Transaction ID", "Transaction number", "Transaction #", "Payment ID", "Payment reference", "Package ID",
      "Parcel ID", "Package number", "Shipment ID", "Shipment number", "Posting number", "Goods ID", "Listing ID",
      "ID transakcji", "Transaktions-ID", "Transaktionsnummer", "ID de transacción", "ID da transação",
      "Identifiant de transaction", "交易号", "支付宝交易号", "流水号", "Отправление", "Номер отправления",
      "Coupon", "Payment method", "Payment", "Ship to", "Shipping address", "Address", "Phone", "Email",
      "Order status", "Store", "Seller", "Shop", "Store name", "Estimated delivery", "Delivery by", "Note", "Notes",
      "Price", "Unit price", "Amount", "Date", "Time", "Description", "Actions", "Action", "Contact",
      "小计", "运费", "收货地址", "支付方式", "订单状态", "卖家", "店铺", "单价", "价格", "Подытог", "Доставка", "Адрес",
      "Способ оплаты", "Статус заказа", "Продавец", "Цена", "Frete", "Endereço", "Forma de pagamento",
      "Status do pedido", "Vendedor", "Preço", "Envío", "Dirección", "Método de pago", "Estado del pedido", "Precio",
      "Sous-total", "Livraison", "Adresse", "Mode de paiement", "Statut de la commande", "Vendeur", "Prix",
      "Zwischensumme", "Versand", "Zahlungsart", "Bestellstatus", "Verkäufer", "Preis", "Spedizione", "Indirizzo",
      "Stato dell'ordine", "Venditore", "Prezzo", "Wysyłka", "Adres", "Sprzedawca", "Cena", "Kargo", "Satıcı",
      "Fiyat", "Adres", "送料", "お届け先", "販売者", "価格", "배송비", "판매자", "Phí vận chuyển", "Người bán",
      "ค่าจัดส่ง", "ผู้ขาย", "Ongkos kirim", "Penjual", "Verzendkosten", "Verkoper",
    ],
  };
  const TABLE = dom.labelTable(LABELS);
  // Labels that are also ordinary words ("Order 2024 summary"): in running text they count
  // only with a separator ("Order: #1001", "Order #1001", "Order № 1001").
  const WEAK_LABELS = new Set(["order", "pedido", "commande", "bestellung", "ordine", "заказ", "订单", "注文", "주문",
    "sipariş", "zamówienie", "pesanan", "đơn hàng", "bestelling", "invoice", "status", "total", "reason", "buyer", "customer",
    "client", "cliente", "request", "problem", "issue", "country", "tracking", "refund", "paid", "shipped",
    "delivered", "opened", "summe", "suma", "razem", "totale", "toplam", "venta", "venda"].map((label) => dom.normalise(label)));

  // What kind of value each field holds: decides how a value is checked and cut out.
  const KIND = {
    "order.id": "id", "dispute.id": "id", "_order.alt": "id", "order.placed_at": "date", "order.paid_at": "date",
    "order.shipped_at": "date", "order.delivered_at": "date", "dispute.opened_at": "date",
    "order.total": "amount", "dispute.refund": "amount", "buyer.name": "name", "buyer.country": "country",
    "order.tracking.number": "tracking", "order.tracking.carrier": "short", "order.tracking.status": "text",
    "dispute.reason": "text", "dispute.status": "short", "_status": "short", "dispute.request": "text",
    "_item.title": "text", "_item.sku": "short", "_item.quantity": "count", "_item.variant": "short",
  };

  // Country names as pages print them → ISO 3166 code (the server reads buyer.country as ISO).
  const COUNTRIES = {
    US: "United States|USA|U.S.A.|United States of America|America|Estados Unidos|EUA|EE. UU.|EE.UU.|États-Unis|Etats-Unis|Vereinigte Staaten|Stati Uniti|Stany Zjednoczone|Amerika Birleşik Devletleri|ABD|美国|美國|США|Соединённые Штаты|Соединенные Штаты|アメリカ|アメリカ合衆国|미국|Hoa Kỳ|Mỹ|สหรัฐอเมริกา|Amerika Serikat|Verenigde Staten|الولايات المتحدة|ארצות הברית",
    GB: "United Kingdom|UK|Great Britain|England|Britain|Reino Unido|Royaume-Uni|Vereinigtes Königreich|Großbritannien|Regno Unito|Wielka Brytania|Birleşik Krallık|İngiltere|英国|英國|Великобритания|イギリス|영국|Vương quốc Anh|Anh|สหราชอาณาจักร|Inggris|Verenigd Koninkrijk|المملكة المتحدة|בריטניה",
    BR: "Brazil|Brasil|Brésil|Brasilien|Brasile|Brazylia|Brezilya|巴西|Бразилия|ブラジル|브라질|Braxin|บราซิล|البرازيل",
    RU: "Russia|Russian Federation|Россия|Российская Федерация|Rusia|Rússia|Russie|Russland|Rosja|Rusya|俄罗斯|俄羅斯|ロシア|러시아|Nga|รัสเซีย|روسيا|רוסיה",
    DE: "Germany|Deutschland|Alemania|Alemanha|Allemagne|Germania|Niemcy|Almanya|德国|德國|Германия|ドイツ|독일|Đức|เยอรมนี|Jerman|Duitsland|ألمانيا|גרמניה",
    FR: "France|Francia|França|Frankreich|Francja|Fransa|法国|法國|Франция|フランス|프랑스|Pháp|ฝรั่งเศส|Prancis|Frankrijk|فرنسا|צרפת",
    ES: "Spain|España|Espanha|Espagne|Spanien|Spagna|Hiszpania|İspanya|西班牙|Испания|スペイン|스페인|Tây Ban Nha|สเปน|Spanyol|Spanje|إسبانيا|ספרד",
    IT: "Italy|Italia|Itália|Italie|Italien|Włochy|İtalya|意大利|義大利|Италия|イタリア|이탈리아|Ý|อิตาลี|Italië|إيطاليا|איטליה",
    PL: "Poland|Polska|Polonia|Polônia|Pologne|Polen|Polonya|波兰|波蘭|Польша|ポーランド|폴란드|Ba Lan|โปแลนด์",
    TR: "Turkey|Türkiye|Turkiye|Turquía|Turquia|Turquie|Türkei|Turcja|土耳其|Турция|トルコ|튀르키예|터키|Thổ Nhĩ Kỳ|Turki|Turkije|تركيا|טורקיה",
    NL: "Netherlands|The Netherlands|Nederland|Países Bajos|Holanda|Países Baixos|Pays-Bas|Niederlande|Paesi Bassi|Holandia|Hollanda|荷兰|荷蘭|Нидерланды|オランダ|네덜란드|Belanda",
    BE: "Belgium|België|Belgique|Belgien|Bélgica|Belgio|Belgia|比利时|Бельгия",
    CH: "Switzerland|Schweiz|Suisse|Svizzera|Suiza|Suíça|Szwajcaria|瑞士|Швейцария",
    AT: "Austria|Österreich|Autriche|Áustria|奥地利|Австрия",
    IE: "Ireland|Irlanda|Irlande|Irland|爱尔兰|Ирландия",
    PT: "Portugal|葡萄牙|Португалия|Portogallo|Portugalia|Portekiz",
    SE: "Sweden|Sverige|Suecia|Suécia|Suède|Schweden|Svezia|Szwecja|瑞典|Швеция",
    NO: "Norway|Norge|Noruega|Norvège|Norwegen|Norvegia|Norwegia|挪威|Норвегия",
    DK: "Denmark|Danmark|Dinamarca|Danemark|Dänemark|Danimarca|Dania|丹麦|Дания",
    FI: "Finland|Suomi|Finlandia|Finlândia|Finlande|Finnland|芬兰|Финляндия",
    CZ: "Czech Republic|Czechia|Česko|Česká republika|Chequia|Tchéquie|Tschechien|Czechy|捷克|Чехия",
    GR: "Greece|Ελλάδα|Grecia|Grécia|Grèce|Griechenland|Grecja|希腊|Греция",
    RO: "Romania|România|Rumania|Roumanie|Rumänien|Rumunia|罗马尼亚|Румыния",
    HU: "Hungary|Magyarország|Hungría|Hongrie|Ungarn|Ungheria|Węgry|匈牙利|Венгрия",
    UA: "Ukraine|Україна|Украина|Ucrania|Ucrânia|Ucraina|Ukraina|乌克兰|Ukrayna",
    BY: "Belarus|Беларусь|Белоруссия|白俄罗斯",
    KZ: "Kazakhstan|Казахстан|Қазақстан|哈萨克斯坦",
    IL: "Israel|ישראל|إسرائيل|以色列|Израиль",
    SA: "Saudi Arabia|المملكة العربية السعودية|السعودية|Arabia Saudita|Arabie saoudite|Saudi-Arabien|沙特阿拉伯|Саудовская Аравия",
    AE: "United Arab Emirates|UAE|الإمارات|الإمارات العربية المتحدة|Emiratos Árabes Unidos|Émirats arabes unis|阿联酋|ОАЭ",
    EG: "Egypt|مصر|Egipto|Égypte|Ägypten|埃及|Египет",
    MX: "Mexico|México|Mexique|Mexiko|Messico|Meksyk|Meksika|墨西哥|Мексика|メキシコ|멕시코",
    AR: "Argentina|Argentine|Argentinien|阿根廷|Аргентина",
    CL: "Chile|Chili|智利|Чили",
    CO: "Colombia|Colômbia|Colombie|Kolumbien|哥伦比亚|Колумбия",
    PE: "Peru|Perú|Pérou|秘鲁|Перу",
    CA: "Canada|Canadá|Kanada|加拿大|Канада|カナダ|캐나다",
    AU: "Australia|Austrália|Australie|Australien|Avustralya|澳大利亚|澳洲|Австралия|オーストラリア|호주|Úc",
    NZ: "New Zealand|Nueva Zelanda|Nouvelle-Zélande|Neuseeland|新西兰|Новая Зеландия",
    JP: "Japan|日本|Japón|Japão|Japon|Giappone|Japonia|Japonya|Япония|일본|Nhật Bản|ญี่ปุ่น|Jepang",
    KR: "South Korea|Korea|Republic of Korea|Korea, Republic of|大韩民国|韩国|韓國|한국|대한민국|Южная Корея|Corea del Sur|Coreia do Sul|Corée du Sud|Südkorea|Hàn Quốc|เกาหลีใต้|Korea Selatan|韓国",
    CN: "China|Mainland China|中国|中國|中国大陆|Китай|Chine|Cina|Chiny|Çin|中国本土|Trung Quốc|จีน|Tiongkok",
    TW: "Taiwan|台湾|臺灣|台灣|Тайвань",
    HK: "Hong Kong|香港|Гонконг",
    SG: "Singapore|新加坡|Singapur|Singapour|Сингапур",
    MY: "Malaysia|马来西亚|馬來西亞|Malasia|Malaisie|Малайзия",
    ID: "Indonesia|印度尼西亚|印尼|Indonésie|Indonesien|Индонезия",
    TH: "Thailand|ประเทศไทย|ไทย|泰国|泰國|Tailandia|Tailândia|Thaïlande|Таиланд|タイ|태국",
    VN: "Vietnam|Viet Nam|Việt Nam|越南|Вьетнам|ベトナム|베트남",
    PH: "Philippines|Pilipinas|菲律宾|Filipinas|Филиппины|Philippinen",
    IN: "India|印度|Inde|Indien|Индия|インド|인도",
    ZA: "South Africa|Sudáfrica|África do Sul|Afrique du Sud|Südafrika|南非|ЮАР",
    NG: "Nigeria|尼日利亚",
  };
  const COUNTRY_BY_NAME = new Map();
  for (const [code, names] of Object.entries(COUNTRIES)) {
    for (const name of names.split("|")) {
      COUNTRY_BY_NAME.set(dom.normalise(name), code);
    }
  }
  const ISO_CODES = new Set(Object.keys(COUNTRIES));

  function countryCode(text) {
    const value = dom.clean(text, { lines: false }).replace(/\s*\(.*\)$/, "");
    if (!value || value.length > 48) {
      return null;
    }
    if (/^[A-Z]{2}$/.test(value)) {
      return value === "UK" ? "GB" : value;
    }
    const byName = COUNTRY_BY_NAME.get(dom.normalise(value));
    if (byName) {
      return byName;
    }
    // "Brazil (BR)", "BR - Brazil", "São Paulo, Brazil"
    for (const part of value.split(/\s*[,/|·•\-–]\s*|\s*\(\s*|\s*\)\s*/)) {
      const code = COUNTRY_BY_NAME.get(dom.normalise(part)) ?? (ISO_CODES.has(part) ? part : null);
      if (code) {
        return code;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ value checks

  // A value cut out after a label: separators and "No." remnants dropped in front.
  const LEADING = /^[\s.:：#＃№\-–—=>|·•]+/u;

  const ID_TOKEN = /^#?\s?([A-Za-z0-9][A-Za-z0-9\-_/]{2,63})(?![\p{L}\p{N}])/u;

  /** An order or case id: one token, at least 4 digits, not a date, an amount or a phone number. */
  // A short code of capitals and digits ("K4XZ9TP"): some marketplaces' order ids.
  // Taken only as the whole value next to a label that names the order itself.
  const SHORT_CODE = /^[A-Z0-9]{5,20}$/;

  function readId(value, { strict = false, code = false } = {}) {
    // Full-width digits and letters ("１２３４５６７８") are the ASCII ones.
    let text = dom.clean(value, { lines: false }).normalize("NFKC").replace(LEADING, "").replace(/^(?:no|nr|n°|nº)\.?\s*/i, "");
    if (!text) {
      return null;
    }
    // "9400 1000 0000 0000" style ids printed in groups stay one id only for trackings.
    const match = ID_TOKEN.exec(text);
    if (!match) {
      return null;
    }
    const id = match[1].replace(/[-_/]+$/, "");
    const digits = id.replace(/\D/g, "").length;
    if (digits < 4 || digits < id.length * 0.4) {
      const whole = code && text.slice(match[0].length).trim() === "";
      if (!(whole && SHORT_CODE.test(id) && /\d/.test(id) && /[A-Z]/.test(id))) {
        return null;
      }
    }
    if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(id)) {
      return null; // a date
    }
    const rest = text.slice(match[0].length).trim();
    // On a line of its own, the id must be most of the line ("8123456789 Copy" is fine,
    // "12345 items sold this month" is not).
    if (strict && rest.length > 16) {
      return null;
    }
    if (rest && /^[.,]\d/.test(rest)) {
      return null; // a number with decimals: an amount
    }
    return id;
  }

  function readTracking(value) {
    const text = dom.clean(value, { lines: false }).replace(LEADING, "");
    // USPS prints its 22 digits in groups of four.
    const grouped = /^(\d{4}(?: \d{4}){3,5}(?: \d{1,4})?)(?!\d)/.exec(text);
    if (grouped) {
      return grouped[1].replace(/ /g, "");
    }
    const match = /^([A-Za-z0-9][A-Za-z0-9\-]{6,39})(?![\p{L}\p{N}])/u.exec(text);
    if (!match || match[1].replace(/\D/g, "").length < 4) {
      return null;
    }
    return match[1];
  }

  function readDate(value, { strict = false } = {}) {
    const text = dom.clean(value, { lines: false }).replace(LEADING, "");
    if (strict && !dom.looksLikeDate(text)) {
      return null;
    }
    const date = dom.dateIn(text.slice(0, 80));
    if (!date) {
      return null;
    }
    // The date should start the value ("May 3, 2024 8:12 PDT"), with at most a word before it.
    const before = text.slice(0, text.indexOf(date)).trim();
    return before.split(/\s+/).filter(Boolean).length <= 2 ? date : null;
  }

  function readShortText(value, max) {
    const text = dom.clean(value).split("\n")[0].replace(LEADING, "").trim();
    if (!text || text.length > max || TABLE.exact(text)) {
      return null;
    }
    return text;
  }

  /** Check and cut out the value of `field` from `raw`; null when it does not fit the field. */
  function readValue(field, raw, { strict = false, hints = {}, code = false } = {}) {
    if (raw == null) {
      return null;
    }
    switch (KIND[field]) {
      case "id":
        return readId(raw, { strict, code });
      case "tracking":
        return readTracking(raw);
      case "date":
        return readDate(raw, { strict });
      case "amount": {
        const text = dom.clean(raw, { lines: false }).replace(LEADING, "");
        // "Order total (2 items): $23.50": the count in brackets is not the amount.
        const unbracketed = text.replace(/^\([^)]{0,30}\)[\s:：]*/u, "");
        return dom.parseAmount(unbracketed, hints) ?? (strict ? null : dom.parseAmount(unbracketed.split(/\s[|·•(]/)[0], hints));
      }
      case "country":
        return countryCode(String(raw).replace(LEADING, ""));
      case "name": {
        const text = readShortText(raw, 60);
        // A name, not a sentence: "Ivan P." is fine, "Thank you for your order." is not.
        const sentence = /[!?。！？]$/.test(text) || (/\.$/.test(text) && text.split(/\s+/).length > 3);
        return text && !dom.looksLikeDate(text) && !sentence ? text : null;
      }
      case "count": {
        const match = /^\s*[x×]?\s*(\d{1,5})(?:\s|$)/i.exec(dom.clean(raw, { lines: false }).replace(LEADING, ""));
        return match ? Number(match[1]) : null;
      }
      case "short":
        return readShortText(raw, 120);
      case "text":
        return readShortText(raw, 1000);
      default:
        return null;
    }
  }

  // ------------------------------------------------------------------ label/value pairs

  /**
   * Candidate values found next to labels, in the order they are trusted: element pairs first
   * (the page's own structure), then lines of visible text. Each: {field, raw, strict, via}.
   * `strict` means the raw value is a whole element or line that should be mostly the value.
   */
  function elementPairs(doc) {
    const pairs = [];
    const seen = new Set();
    for (const el of dom.allElements(doc)) {
      // A label is a small element whose whole text is a known label. Decorations inside it
      // (an icon, a "?" tooltip) are fine as long as the text is just the label.
      if (el.childElementCount > 3) {
        continue;
      }
      const text = el.textContent;
      if (!text || text.length > 60) {
        continue;
      }
      const field = TABLE.exact(text);
      if (!field || field === "_other") {
        continue;
      }
      // The outermost element that is still just the label (a <span> inside a <th> → the <th>).
      let label = el;
      while (label.tagName !== "LABEL" && label.parentElement && label.parentElement !== doc.body &&
             label.parentElement.textContent.trim() === text.trim() &&
             !label.parentElement.querySelector("input, select, textarea")) {
        label = label.parentElement;
      }
      if (seen.has(label)) {
        continue; // already taken through its outer or inner element
      }
      seen.add(label);
      if (!dom.isVisible(label)) {
        continue;
      }
      const weak = WEAK_LABELS.has(dom.normalise(text));
      const values = valuesAfterLabel(label);
      for (const value of values) {
        pairs.push({ field, raw: value, strict: true, via: "element", label, weak, list: Boolean(values.list) });
      }
    }
    // aria-label="Order ID" on the value itself, or aria-label="Order ID: 8123456789".
    for (const el of dom.queryAll("[aria-label]", doc)) {
      const aria = el.getAttribute("aria-label");
      const field = TABLE.exact(aria);
      if (field && field !== "_other") {
        const value = el instanceof HTMLInputElement ? el.value : dom.visibleText(el);
        if (value && dom.normalise(value) !== dom.normalise(aria) && dom.isVisible(el)) {
          pairs.push({ field, raw: value, strict: true, via: "aria" });
        }
        continue;
      }
      const prefixed = TABLE.prefix(aria);
      if (prefixed && prefixed.field !== "_other" && /^\s*[:：#]/.test(prefixed.rest)) {
        pairs.push({ field: prefixed.field, raw: prefixed.rest, strict: false, via: "aria" });
      }
    }
    return pairs;
  }

  function valuesAfterLabel(label) {
    const values = [];
    // <label for="x">Order ID</label> … <input id="x" value="…">
    if (label.tagName === "LABEL" && label.control) {
      values.push(label.control.value);
      return values;
    }
    // A header cell over a column: the cell below it.
    const cell = label.closest("th");
    if (cell && cell.parentElement?.tagName === "TR") {
      const row = cell.parentElement;
      const headerRow = [...row.children].every((c) => c.tagName === "TH") && row.children.length > 1;
      if (headerRow) {
        const table = row.closest("table");
        const rows = table ? [...table.rows] : [];
        const at = rows.indexOf(row);
        const next = rows[at + 1];
        const below = next?.cells[cell.cellIndex];
        if (below) {
          values.push(dom.visibleText(below));
        }
        // A column over several rows is a list (other orders, earlier returns): its values
        // belong to no one record, least of all to this page's.
        const more = rows.slice(at + 2, at + 52).filter((other) => other.cells.length === next.cells.length &&
          ![...other.cells].every((c) => c.tagName === "TH"));
        if (below && more.length) {
          values.list = true;
          for (const other of more) {
            values.push(dom.visibleText(other.cells[cell.cellIndex]));
          }
        }
        return values;
      }
    }
    // The element after the label: dd after dt, td after th, a value <span> after a label <span>;
    // when the label is alone in its box, the box after it.
    let current = label;
    for (let depth = 0; depth < 3 && current; depth += 1) {
      // The value may be the text right after the label: <b>Order ID:</b> 8123456789 <a>Copy</a>
      const tail = current.nextSibling?.nodeType === 3 ? dom.clean(current.nextSibling.textContent) : "";
      if (tail) {
        values.push(tail);
      }
      let sibling = current.nextElementSibling;
      while (sibling && !dom.clean(sibling.textContent) && !(sibling instanceof HTMLInputElement)) {
        sibling = sibling.nextElementSibling;
      }
      if (sibling) {
        values.push(dom.visibleText(sibling));
      }
      if (values.length) {
        return values;
      }
      const parent = current.parentElement;
      if (!parent || dom.clean(parent.textContent) !== dom.clean(current.textContent)) {
        break;
      }
      current = parent;
    }
    return values;
  }

  // Separators between label/value pairs printed on one line.
  const SEGMENT_SPLIT = /\s+[|·•]\s+|\s*；\s*|\s{2,}/u;

  /**
   * Label/value pairs in the page's lines of text (table cells arrive separated by tabs): a
   * header row over a value row, a label cell and the cell after it, a label line and the line
   * after it, and "Label: value" (several per line, see splitSegment).
   */
  function linePairs(lines) {
    const pairs = [];
    for (let i = 0; i < lines.length; i += 1) {
      const cells = lines[i].split("\t").map((cell) => cell.trim());
      // A header row over a value row: "Order ID<TAB>Date<TAB>Total" then the values. Labels side
      // by side tell it from a row of label, value, label, value.
      if (cells.length >= 2) {
        const heads = cells.map((cell) => TABLE.exact(cell));
        const next = lines[i + 1]?.split("\t").map((cell) => cell.trim());
        if (heads.some((field, j) => field && heads[j + 1]) && next && next.length === cells.length &&
            !next.some((cell) => TABLE.exact(cell))) {
          // Value rows under the header; more than one makes it a list (other orders, earlier
          // returns), whose values belong to no one record.
          const rows = [next];
          for (let k = i + 2; k < lines.length && rows.length < 50; k += 1) {
            const row = lines[k].split("\t").map((cell) => cell.trim());
            if (row.length !== cells.length || row.some((cell) => TABLE.exact(cell))) {
              break;
            }
            rows.push(row);
          }
          const list = rows.length > 1;
          for (const row of rows) {
            heads.forEach((field, j) => field && pairs.push({ field, raw: row[j], strict: true, via: "column", list }));
          }
          i += rows.length;
          continue;
        }
      }
      for (let j = 0; j < cells.length; j += 1) {
        for (const segment of splitSegment(cells[j])) {
          const exact = TABLE.exact(segment);
          if (exact) {
            // The value is the next cell, or the next line when the label stands alone.
            const value = j + 1 < cells.length ? cells[j + 1] : cells.length === 1 ? lines[i + 1] : null;
            if (value != null && !TABLE.exact(value.split("\t")[0])) {
              pairs.push({ field: exact, raw: value.split("\t")[0], strict: true, via: "line",
                           weak: WEAK_LABELS.has(dom.normalise(segment)) });
            }
            continue;
          }
          const prefixed = TABLE.prefix(segment);
          if (prefixed) {
            const separated = /^\s*[:：#＃=№]/.test(prefixed.rest) || /^\s*(?:no|nº|n°)\b/i.test(prefixed.rest);
            if (separated || !WEAK_LABELS.has(prefixed.label)) {
              pairs.push({ field: prefixed.field, raw: prefixed.rest, strict: false, separated, via: "line",
                           weak: WEAK_LABELS.has(prefixed.label) });
            }
          }
        }
      }
    }
    return pairs;
  }

  /**
   * One line cut into label/value pieces: at " | ", " · ", "；", and before a known label
   * followed by a colon in mid-line ("Order ID: 8123 Placed on: May 3, 2024").
   */
  function splitSegment(text) {
    const parts = [];
    for (const piece of text.split(SEGMENT_SPLIT)) {
      let start = 0;
      for (const colon of piece.matchAll(/[:：]/g)) {
        const at = colon.index;
        if (/\d/.test(piece[at - 1] ?? "") && /\d/.test(piece[at + 1] ?? "")) {
          continue; // a clock, "08:12"
        }
        // The last one to five words before the colon: the longest that is a label starts a pair.
        let cut = -1;
        let position = at;
        for (let words = 0; words < 5; words += 1) {
          const space = piece.lastIndexOf(" ", position - 1);
          const from = space < start ? start : space + 1;
          if (TABLE.exact(piece.slice(from, at))) {
            cut = from;
          }
          if (space < start) {
            break;
          }
          position = space;
        }
        if (cut > start) {
          parts.push(piece.slice(start, cut).trim());
          start = cut;
        }
      }
      parts.push(piece.slice(start).trim());
    }
    return parts.filter(Boolean);
  }

  // ------------------------------------------------------------------ ids in the URL and title

  const URL_KEYS = {
    "order.id": ["orderid", "order_id", "ordernumber", "order_number", "orderno", "order_no", "ordernum", "order",
                 "orderids", "ordersn", "order_sn", "tradeid", "trade_id", "bizorderid"],
    "dispute.id": ["disputeid", "dispute_id", "issueid", "issue_id", "caseid", "case_id", "casenumber", "case_number",
                   "returnid", "return_id", "claimid", "claim_id", "refundid", "refund_id", "inquiryid", "requestid",
                   "reverseorderid", "aftersaleid"],
  };
  // Path words whose next segment is an id: /orders/8123456789, /disputes/5012345678/detail.
  const PATH_WORDS = { "order.id": /^(orders?|ord|pedidos?|commandes?)$/i,
                       "dispute.id": /^(disputes?|cases?|returns?|claims?|issues?|refunds?)$/i };

  function idsFromUrl(url) {
    const found = {};
    // Single-page apps keep their route in the hash: #/orders/8123456789?tab=chat
    const [hashPath, hashQuery = ""] = url.hash.replace(/^#!?/, "").split("?");
    const params = new Map([...url.searchParams, ...new URLSearchParams(hashQuery)]
      .map(([key, value]) => [key.toLowerCase(), value]));
    for (const [field, keys] of Object.entries(URL_KEYS)) {
      for (const key of keys) {
        const value = params.get(key);
        const id = value && readId(value, { strict: true });
        if (id && !found[field]) {
          found[field] = id;
        }
      }
    }
    const segments = `${url.pathname}/${hashPath}`.split("/").filter(Boolean).map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch (error) {
        return segment; // a stray "%" in a path
      }
    });
    segments.forEach((segment, i) => {
      for (const [field, word] of Object.entries(PATH_WORDS)) {
        if (!found[field] && word.test(segment)) {
          // Skip a verb between the word and the id: /orders/detail/8123456789
          for (const next of segments.slice(i + 1, i + 3)) {
            const id = /\d{6,}/.test(next) ? readId(next, { strict: true }) : null;
            if (id) {
              found[field] = id;
              break;
            }
          }
        }
      }
    });
    return found;
  }

  function idsFromTitle(title) {
    const found = {};
    for (const piece of (title || "").split(/\s+[-|–—·:]\s+/)) {
      for (const segment of splitSegment(piece)) {
        const prefixed = TABLE.prefix(segment);
        if (prefixed && KIND[prefixed.field] === "id" && !found[prefixed.field]) {
          const id = readId(prefixed.rest, { strict: true });
          if (id) {
            found[prefixed.field] = id;
          }
        }
      }
    }
    return found;
  }

  // ------------------------------------------------------------------ the conversation

  const SENDER_WORDS = {
    seller: ["Seller", "You", "Me", "Myself", "Store", "Shop", "Merchant", "Your reply", "You wrote", "You said",
             "Seller reply", "卖家", "賣家", "商家", "我", "店铺", "客服回复", "Продавец", "Вы", "Я", "Магазин",
             "Vendedor", "Vendedora", "Você", "Tú", "Usted", "Loja", "Tienda", "Vendeur", "Vendeuse", "Vous", "Moi",
             "Boutique", "Verkäufer", "Verkäuferin", "Venditore", "Negozio", "Sprzedawca",
             "Sklep", "Satıcı", "Siz", "Mağaza", "البائع", "أنت", "أنا", "המוכר", "מוכר", "אני", "אתה",
             "販売者", "出品者", "あなた", "自分", "ショップ", "판매자", "나", "셀러", "Người bán", "Tôi", "Bạn",
             "Shop của bạn", "ผู้ขาย", "คุณ", "ร้านค้า", "Penjual", "Anda", "Saya", "Toko", "Verkoper", "Jij",
             "Sie", "Händler", "Händlerin", "Tu", "Ty", "Sen", "U", "店舗", "当店", "ショップ担当"],
    buyer: ["Buyer", "Customer", "Client", "Comprador", "Compradora", "Cliente", "Acheteur", "Acheteuse", "Käufer",
            "Käuferin", "Kunde", "Kundin", "Acquirente", "Kupujący", "Klient", "Alıcı", "Müşteri", "المشتري",
            "العميل", "הקונה", "קונה", "לקוח", "購入者", "お客様", "구매자", "고객", "Người mua", "Khách hàng",
            "ผู้ซื้อ", "ลูกค้า", "Pembeli", "Koper", "Klant", "买家", "買家", "顾客", "客户", "Покупатель", "Клиент"],
    platform: ["System", "System message", "Notification", "Notice", "AliExpress", "Amazon", "eBay", "Wish", "Tmall",
               "Taobao", "Shopee", "Lazada", "TikTok Shop", "Etsy", "Shopify", "PayPal", "Walmart", "Mercado Libre",
               "Mercado Livre", "Temu", "Customer Service", "Customer Support", "Platform", "Support", "AliExpress Support",
               "eBay Customer Service", "Amazon Customer Service", "平台", "系统", "系統", "系统消息", "平台客服", "官方",
               "小二", "速卖通", "Система", "Служба поддержки", "Системное сообщение", "Sistema", "Suporte", "Soporte",
               "Système", "Assistance", "Kundenservice", "Assistenza", "Obsługa klienta", "Sistem", "النظام",
               "Service client", "Service clients", "Service Client Marketplace", "Servicio al cliente",
               "Atención al cliente", "Atendimento ao cliente", "Kundendienst", "Servizio clienti", "Biuro obsługi",
               "Müşteri hizmetleri", "Служба заботы о клиентах", "Klantenservice",
               "מערכת", "システム", "시스템", "Hệ thống", "ระบบ", "Systeem"],
  };
  const SENDER_BY_WORD = new Map();
  for (const [role, words] of Object.entries(SENDER_WORDS)) {
    for (const word of words) {
      SENDER_BY_WORD.set(dom.normalise(word), role);
    }
  }

  /** The role a sender label names ("Buyer", "买家:", "john (Buyer)", "Seller · MyShop"), or null. */
  // "From: Buyer", "De : Acheteur", "发件人：买家"
  const FROM_PREFIX = /^(?:from|sender|de|von|da|od|от|van|kimden|từ|จาก|dari|发件人|来自|寄件者|送信者|보낸 사람)\s*[:：]\s*/iu;

  function roleOfLabel(text, { loose = false } = {}) {
    if (!text || text.length > 64) {
      return null;
    }
    const norm = dom.normalise(text).replace(/[:：]$/, "").replace(FROM_PREFIX, "");
    if (!norm || norm.length > 48) {
      return null;
    }
    if (isPlatformDesk(norm)) {
      return "platform";
    }
    const direct = SENDER_BY_WORD.get(norm);
    if (direct) {
      return direct;
    }
    // "john_d (Buyer)", "Buyer - john_d", "Seller · MyShop": a role and a short name, nothing else.
    const parts = norm.split(/\s*[()[\]·•|–—]\s*|\s+-\s+/).filter(Boolean);
    if (parts.length > 1 && parts.every((part) => part.length <= 30 && part.split(" ").length <= 3)) {
      for (const part of parts) {
        const role = SENDER_BY_WORD.get(part);
        if (role) {
          return role;
        }
      }
    }
    if (!loose) {
      return null;
    }
    const words = norm.split(" ");
    // In a heading: "Service client de la place de marché", "Customer Service Team" (a sender
    // phrase of two or three words opens it).
    for (let size = Math.min(3, words.length - 1); size >= 2; size -= 1) {
      const role = SENDER_BY_WORD.get(words.slice(0, size).join(" "));
      if (role) {
        return role;
      }
    }
    if (words.length <= 4) {
      return SENDER_BY_WORD.get(words[0]) ?? SENDER_BY_WORD.get(words.at(-1)) ?? null;
    }
    return null;
  }

  // The marketplace's own help desk signs its messages with a desk word and the site's name:
  // "Bazaarly Care", "Bazaarly Partner Support", "Koopkraam Klantenservice", "Service client
  // Marchéo", "Seller Support". The words a desk name is made of besides the site's name:
  const DESK_WORDS = new Set(("care|support|supporto|soporte|suporte|klantenservice|klantendienst|helpdesk|service|services|" +
    "client|clients|clientes|cliente|customer|customers|kundenservice|kundendienst|assistance|assistenza|servizio|clienti|" +
    "atención|al|atendimento|ao|obsługa|klienta|müşteri|hizmetleri|destek|ekibi|поддержка|служба|поддержки|klantcontact|" +
    "team|staff|agent|partner|partners|seller|sellers|merchant|merchants|vendor|vendors|marketplace|official|de|du|la|le|van|der|" +
    "des|di|del|do|da|pelanggan|layanan|bantuan|hỗ|trợ|chăm|sóc|khách|hàng").split("|"));
  // Words of which at least one makes it a desk (not just "Seller" or "Partner").
  const DESK_CORE = /(?:^|\s)(?:care|support|staff|supporto|soporte|suporte|klantenservice|klantendienst|klantcontact|helpdesk|kundenservice|kundendienst|assistance|assistenza|obsługa|destek|поддержк[аи]|customer service|service (?:client|clients|clientes)|servizio clienti|atención al cliente|atendimento ao cliente|müşteri hizmetleri|layanan pelanggan|chăm sóc khách hàng)(?:\s|$)|客服|官方|小二|サポート|カスタマーサービス|고객센터|고객지원/u;
  let activeSiteNames = null; // the site's names while DC.generic.read() runs

  /** Whether a sender's normalised name is the marketplace's help desk (see DESK_WORDS). */
  function isPlatformDesk(norm) {
    if (!DESK_CORE.test(norm)) {
      return false;
    }
    const site = BRANDS.find(([pattern]) => pattern.test(norm)) ? true :
      [...(activeSiteNames ?? [])].some((name) => name.length >= 3 && (` ${norm} `).includes(` ${name} `));
    let rest = norm;
    for (const name of activeSiteNames ?? []) {
      rest = (` ${rest} `).split(` ${name} `).join(" ").trim();
    }
    for (const [pattern] of BRANDS) {
      rest = rest.replace(new RegExp(pattern.source, "giu"), " ").trim();
    }
    const words = rest.split(/[\s\-–·|]+/).filter(Boolean);
    // CJK desk words stand glued to the site's name ("速卖通客服", "Bazaarly官方客服").
    const glued = /客服|官方|小二|サポート|カスタマーサービス|고객센터|고객지원/u.test(norm) && words.length <= 2;
    return (site || words.length <= 3) && (glued || words.every((word) => DESK_WORDS.has(word)));
  }

  // Badges an agent's name carries in a thread ("Priya [Staff]", "小王 [官方]"): the marketplace's.
  const AGENT_BADGES = new Set(["agent", "support", "staff", "official", "admin", "moderator", "mediator", "客服", "官方",
    "平台", "小二", "support agent", "team", "medewerker", "mitarbeiter", "personale", "yetkili", "персонал", "スタッフ",
    "公式", "운영자", "nhân viên", "petugas", "resmi"].map((word) => dom.normalise(word)));
  const BADGE_CANDIDATES = "[class*='badge' i], [class*='tag' i], [class*='role' i], [class*='chip' i], [class*='pill' i], " +
    "[class*='label' i], [class*='flair' i]";

  // Attributes that say who wrote a message, when nothing visible does (last resort).
  const CLASS_ROLE = [
    ["platform", /(?:^|[-_\s])(system|notice|notification|platform|official|announcement)(?:[-_\s]|$)/i],
    ["seller", /(?:^|[-_\s])(seller|self|mine|me|my|own|outgoing|out|sent|sender-me|merchant|shop|store|agent|right|end|reply)(?:[-_\s]|$)/i],
    ["buyer", /(?:^|[-_\s])(buyer|customer|client|incoming|in|received|receiver|left|start|other|them|peer|guest|user)(?:[-_\s]|$)/i],
  ];
  const ROLE_ATTRIBUTES = ["data-role", "data-sender", "data-from", "data-author", "data-type", "data-direction",
                           "data-side", "data-owner"];

  // The same, restricted to words that only chats use: scoring a block as a message must not
  // take "text-left" or "flex-end" layout classes for senders.
  const CHAT_ROLE_WORDS = /(?:^|[-_\s])(buyer|seller|customer|merchant|self|mine|own|incoming|outgoing|sent|received|sender|receiver)(?:[-_\s]|$)/i;

  function roleFromAttributes(el) {
    const values = [];
    const nodes = [el, ...el.querySelectorAll(":scope > *, :scope > * > *")].slice(0, 12);
    for (const node of nodes) {
      values.push(typeof node.className === "string" ? node.className : "");
      for (const name of ROLE_ATTRIBUTES) {
        const value = node.getAttribute(name);
        if (value) {
          values.push(value);
        }
      }
    }
    // Split camelCase ("msgSeller") so the word boundaries above see it.
    const text = values.join(" ").replace(/([a-z])([A-Z])/g, "$1-$2");
    for (const [role, pattern] of CLASS_ROLE) {
      if (pattern.test(text)) {
        return role;
      }
    }
    return null;
  }

  // Words around a message that are buttons, not what anyone wrote.
  const UI_NOISE = new Set(["translate", "translation", "show original", "see original", "view original", "copy",
    "reply", "read", "unread", "delivered", "seen", "sent", "edited", "翻译", "查看原文", "已读", "未读", "复制", "回复",
    "переводить", "перевести", "показать оригинал", "прочитано", "traduzir", "traducir", "traduire", "übersetzen",
    "traduci", "tłumacz", "çevir", "ترجمة", "翻訳", "既読", "번역", "읽음", "dịch", "đã xem", "แปล", "อ่านแล้ว",
    "terjemahkan", "dibaca", "vertalen", "gelezen"].map((word) => dom.normalise(word)));

  const MESSAGE_HINT = /messages?|\bmsgs?\b|msg[-_]|chat|conversation|convo|thread|dialog(?!ue-?box)|talk|\bim[-_]|inbox|correspondence|negotiat|history|comments?|replies|consult|消息|聊天|对话|會話|协商|留言|сообщ|переписк|чат|mensag|mensaj|conversa|nachricht|messaggi|wiadomo|mesaj|رسائل|メッセージ|メッセ|메시지|대화|tin nhắn|ข้อความ|pesan|obrolan|bericht/i;
  const NAME_CLASS = /(?:^|[-_\s])(name|author|autor|auteur|autore|sender|absender|remitente|remetente|nick|nickname|username|user-name|nome|nombre|nom|who)(?:[-_\s]|$)/i;
  // The elements worth testing against NAME_CLASS (a native query instead of every element).
  const NAME_CANDIDATES = ["name", "author", "autor", "auteur", "sender", "absender", "remitente", "remetente", "nick",
    "nom", "who"].map((word) => `[class*='${word}' i]`).join(", ");
  const TIME_CLASS = /(?:^|[-_\s])(time|date|when|timestamp|datetime|sent-at|created)(?:[-_\s]|$)/i;
  const TIME_CANDIDATES = "[class*='time' i], [class*='date' i], [class*='when' i]";
  const QUICK_TIME = /\d{1,2}:\d{2}|\d{4}[-/.年]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}月\d{1,2}日/;
  const SKIP_CONTAINERS = "nav, header, footer, [role='navigation'], [role='menu'], [role='menubar'], [role='tablist'], [role='listbox'], select, datalist, [role='tree']";

  function attributesText(el) {
    const parts = [el.id, typeof el.className === "string" ? el.className : "", el.getAttribute("aria-label"),
                   el.getAttribute("role"), el.getAttribute("data-testid"), el.getAttribute("data-role")];
    return parts.filter(Boolean).join(" ").replace(/([a-z])([A-Z])/g, "$1 $2");
  }

  function hintOf(el) {
    let strong = false;
    let hint = false;
    let node = el;
    for (let depth = 0; node && depth < 4; depth += 1, node = node.parentElement) {
      const role = node.getAttribute?.("role");
      if (depth === 0 && (role === "log" || role === "feed")) {
        strong = true;
      }
      const text = node.getAttribute ? attributesText(node) : "";
      if (MESSAGE_HINT.test(text)) {
        hint = true;
        if (depth === 0 && MESSAGE_HINT.test(node.getAttribute("aria-label") || "")) {
          strong = true;
        }
      }
    }
    return { strong, hint: hint || strong };
  }

  const NOT_CONTENT = new Set(["SCRIPT", "STYLE", "TEMPLATE", "BR", "HR", "LINK", "META"]);

  // Web components keep a message's text in its own open shadow root: the text of a block is
  // its light DOM's and its shadow tree's (a shadow root inside a shadow root too).
  function textOf(el) {
    const light = el.textContent ?? "";
    if (!el.shadowRoot) {
      return light;
    }
    let text = light;
    for (const child of el.shadowRoot.children) {
      if (!NOT_CONTENT.has(child.tagName)) {
        text += `\n${textOf(child)}`;
      }
    }
    return text;
  }

  /** innerText with the shadow tree's (innerText does not enter shadow roots). */
  function innerTextOf(el) {
    let text = el.innerText ?? el.textContent ?? "";
    if (el.shadowRoot) {
      for (const child of el.shadowRoot.children) {
        if (!NOT_CONTENT.has(child.tagName)) {
          text += `\n${innerTextOf(child)}`;
        }
      }
    }
    return text;
  }

  /** querySelectorAll in `el` and in its open shadow root. */
  function queryIn(el, selector) {
    const found = [...el.querySelectorAll(selector)];
    return el.shadowRoot ? found.concat([...el.shadowRoot.querySelectorAll(selector)]) : found;
  }

  /** The element that stands for `node` in the layout: a shadow root's host, else itself. */
  const boxOf = (node) => (node && node.nodeType === 11 ? node.host : node);

  /** The children of `parent` that look like repeats of one kind (the most common tag), with text. */
  function repeatedChildren(parent) {
    const counts = new Map();
    for (const child of parent.children) {
      if (!NOT_CONTENT.has(child.tagName)) {
        counts.set(child.tagName, (counts.get(child.tagName) ?? 0) + 1);
      }
    }
    let tag = null;
    let most = 0;
    for (const [name, count] of counts) {
      if (count > most) {
        [tag, most] = [name, count];
      }
    }
    if (most < 2) {
      const box = boxOf(parent);
      return most === 1 && (box.hasAttribute("role") || box.hasAttribute("aria-label"))
        ? [...parent.children].filter((child) => child.tagName === tag && /\S/.test(textOf(child))) : [];
    }
    return [...parent.children].filter((child) => child.tagName === tag && /\S/.test(textOf(child)));
  }

  // An element in a message block that names its sender (class words in several languages).
  const SENDER_PART = "[class*='name' i], [class*='author' i], [class*='autor' i], [class*='sender' i], " +
    "[class*='avatar' i], [class*='nick' i], [class*='user' i], [class*='from' i], [class*='who' i], img[alt]";

  function firstClass(el) {
    return typeof el.className === "string" ? el.className.trim().split(/\s+/)[0] ?? "" : "";
  }

  /**
   * How much `parent` looks like a conversation whose messages are `items`; null when it does
   * not. A thread has repeated blocks of one kind, with times and senders, and often says so
   * in its attributes (role="log", class="messages"); a navigation menu, a list of links
   * (a list of conversations) or a box holding several threads does not qualify.
   */
  function scoreContainer(parent, items, buyerName) {
    const n = items.length;
    // A shadow root holding the messages is judged by its host's attributes.
    const box = boxOf(parent);
    if (n < 2) {
      // One message is a thread only in a box that says so itself (role="log", aria-label).
      const role = box.getAttribute("role");
      if (role !== "log" && role !== "feed" && !MESSAGE_HINT.test(box.getAttribute("aria-label") || "")) {
        return null;
      }
    }
    const { strong, hint } = hintOf(box);
    if (n < 2 && !strong) {
      return null;
    }
    if (box.tagName === "TR" || box.tagName === "THEAD" || box.closest(SKIP_CONTAINERS)) {
      return null; // the cells of one row are one block, never separate messages
    }
    let timed = 0;
    let composite = 0;
    let senders = 0;
    let clickable = 0;
    let long = 0;
    let hinted = 0;
    let wordy = 0;
    let dividers = 0;
    const kinds = new Map();
    // A long thread is judged on a sample of its blocks, spread over it: 500 messages cost
    // what 40 do.
    const sample = items.length <= 40 ? items : Array.from({ length: 40 }, (_, i) => items[Math.floor(i * items.length / 40)]);
    const unnamed = []; // blocks no cheap test found a sender in
    for (const item of sample) {
      const text = textOf(item);
      const plain = dom.clean(text, { lines: false });
      // Day dividers ("May 4, 2024", "Hoje") sit between messages without being one: they
      // count neither for nor against the blocks being messages.
      if (plain.length <= 40 && (timeOfLine(plain) || dom.isDayWord(plain))) {
        dividers += 1;
        continue;
      }
      const clocks = text.match(/\d{1,2}:\d{2}/g)?.length ?? 0;
      if (QUICK_TIME.test(text) || item.querySelector("time")) {
        timed += 1;
      }
      // A block holding several messages (a day's group, a whole thread) is not one message.
      const timedChildren = clocks >= 2 ? [...item.children].filter((child) => /\d{1,2}:\d{2}/.test(child.textContent)).length : 0;
      if (clocks >= 3 || timedChildren >= 2 || item.querySelectorAll("time").length >= 2) {
        composite += 1;
      }
      if (isWordy(text)) {
        wordy += 1;
      }
      const first = dom.clean(text).slice(0, 60);
      const classes = `${typeof item.className === "string" ? item.className : ""} ${ROLE_ATTRIBUTES.map((name) => item.getAttribute(name) ?? "").join(" ")}`;
      if (CHAT_ROLE_WORDS.test(classes.replace(/([a-z])([A-Z])/g, "$1-$2")) || roleOfLabel(first.split(/[:：\n]/)[0], { loose: true }) ||
          (buyerName && text.includes(buyerName)) || item.querySelector(SENDER_PART)) {
        senders += 1;
      } else {
        unnamed.push(item);
      }
      if (MESSAGE_HINT.test(attributesText(item))) {
        hinted += 1;
      }
      const role = item.getAttribute("role");
      const link = item.tagName === "A" ? item : item.querySelector("a");
      if (role === "button" || role === "option" || role === "tab" || role === "link" ||
          (link && dom.clean(link.textContent).length >= plain.length * 0.8)) {
        clickable += 1;
      }
      if (plain.length >= 8) {
        long += 1;
      }
      const kind = firstClass(item);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const m = sample.length - dividers;
    // The blocks that are messages, counted over the whole thread.
    const count = n * (m / sample.length);
    if (m < 1 || (count < 2 && !strong)) {
      return null;
    }
    const timeRatio = timed / m;
    if (m >= 2 && timeRatio >= 0.6 && senders / m < 0.6 && unnamed.length && wordy / m >= 0.5) {
      // Short first lines that head several blocks are the senders' names ("Marcos V." over
      // each of his messages, "Vous", "Client : Claire D."), when the rest of the block reads
      // like a sentence. Looked for only when nothing cheaper named enough senders.
      const heads = new Map();
      const headOf = new Map();
      for (const item of sample) {
        const head = headLine(item);
        if (head) {
          headOf.set(item, head);
          heads.set(head, (heads.get(head) ?? 0) + 1);
        }
      }
      for (const item of unnamed) {
        const head = headOf.get(item);
        if (head && (heads.get(head) >= 2 || roleOfHeader(head)) && isWordy(textOf(item).replace(head, " "))) {
          senders += 1;
        }
      }
    }
    const senderRatio = senders / m;
    // Blocks of one kind: most share their first class ("msg msg--buyer", "msg msg--seller").
    const sameKind = kinds.size ? Math.max(...kinds.values()) / [...kinds.values()].reduce((a, b) => a + b, 0) : 0;
    if (clickable / m > 0.5 || composite / m > 0.5 || long === 0) {
      return null;
    }
    const itemHint = hinted / m >= 0.5;
    // Without a word in the page's markup that says "messages", the blocks must look like
    // messages on their own: times, senders and sentences (not "Buyer: giulia_r" label pairs).
    const bare = m >= 3 ? timeRatio >= 0.6 && senderRatio >= 0.6 && wordy / m >= 0.5 :
      timed === m && senders === m && wordy === m;
    let accepted = ((hint || itemHint) && (timeRatio > 0 || senderRatio > 0 || strong)) || bare;
    let aligned = false;
    if (!accepted && (hint || itemHint) && n >= 2) {
      // Bare chat bubbles (no time, no names) in a box that says it is a chat: bubbles on both
      // sides, one under the other, make it a conversation.
      aligned = bubblesOnBothSides(box, items);
      accepted = aligned;
    } else if (!accepted && m >= 3 && timeRatio >= 0.6 && wordy / m >= 0.5 && sameKind >= 0.5) {
      // Class names that say nothing ("css-r5t6y7"), no names: blocks with a time and a
      // sentence each, stacked one under the other, on both sides of the box, are a chat.
      aligned = bubblesOnBothSides(box, items);
      accepted = aligned;
    }
    if (!accepted || (n >= 2 && sameKind < 0.5 && !strong)) {
      return null;
    }
    return (count * (timeRatio + senderRatio + (aligned ? 1 : 0)) + (hint ? 2 + count * 0.5 : 0) + (itemHint ? 2 + count * 0.5 : 0) +
      (strong ? 5 : 0)) * (n >= 2 ? sameKind : 1) * (1 - composite / m) * (0.5 + wordy / m);
  }

  /**
   * The heading of a message block: the text of its first short element before the message
   * ("Client : Claire D.", "Vous", "Kunde (J. Wagner)"), its time cut off; null when none.
   */
  function headLine(item) {
    const first = headElement(item);
    if (!first) {
      return null;
    }
    let line = dom.clean(first.textContent).split("\n")[0];
    if (!line || line.length > 60) {
      // A cell or box of its own may hold the name further in ("<td>date</td><td>Kunde</td>").
      return null;
    }
    const time = dom.dateIn(line);
    if (time) {
      line = line.replace(time, " ").replace(/^[\s·•|,\-–]+|[\s·•|,\-–]+$/gu, "").replace(/\s+(?:à|a|at|um|às|в|о)$/iu, "");
    }
    // A field label ("Order no.") over each card is not a sender's name.
    return line && line.length <= 48 && !/[!?。！？]$/.test(line) && line.length < dom.clean(textOf(item)).length * 0.5 &&
      (!TABLE.exact(line) || roleOfLabel(line)) ? line : null;
  }

  /**
   * A block's first element, down through wrappers that hold several parts and no text of
   * their own (<div class="box"><div class="name">…</div><div class="text">…</div></div>).
   */
  function headElement(item) {
    let el = item.firstElementChild ?? item.shadowRoot?.querySelector(":scope > :not(style, script, template, link)");
    for (let depth = 0; el && depth < 3 && el.firstElementChild; depth += 1) {
      const ownText = [...el.childNodes].some((node) => node.nodeType === 3 && node.nodeValue.trim());
      if (ownText || el.childElementCount < 2) {
        break;
      }
      el = [...el.children].find((child) => dom.clean(child.textContent)) ?? null;
    }
    return el;
  }

  /** The role a block's heading names: the whole heading, or its part before a colon ("Client : Claire D."). */
  function roleOfHeader(head) {
    return roleOfLabel(head, { loose: true }) ?? roleOfLabel(head.split(/\s*[:：]\s*/)[0]);
  }

  /** Whether a block's text, without its time and "Sender:" label, reads like a sentence. */
  function isWordy(text) {
    let rest = dom.clean(text, { lines: false });
    const date = dom.dateIn(rest);
    if (date) {
      rest = rest.replace(date, " ");
    }
    rest = rest.replace(/^[^:：]{1,30}[:：]/u, "").trim();
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u.test(rest)) {
      return rest.replace(/\s/g, "").length >= 6;
    }
    return rest.split(/\s+/).filter((word) => /\p{L}/u.test(word)).length >= 3;
  }

  function bubblesOnBothSides(parent, items) {
    const box = parent.getBoundingClientRect();
    if (!box.width) {
      return false;
    }
    const rtl = getComputedStyle(parent).direction === "rtl";
    const sides = new Set();
    let previousBottom = -Infinity;
    for (const item of items.slice(0, 30)) {
      const rect = item.getBoundingClientRect();
      if (rect.top < previousBottom - 1) {
        return false; // side by side: a grid of cards, not a thread
      }
      previousBottom = rect.bottom;
      sides.add(sideOf(item, box, rtl));
    }
    return sides.has("start") && sides.has("end");
  }

  /** The element that holds the visible conversation, or null. Candidates best first. */
  function findThreads(doc, { buyerName = null } = {}) {
    const candidates = [];
    // Elements, and open shadow roots (a web component's messages are its shadow root's children).
    for (const parent of [...dom.allElements(doc), ...dom.shadowRoots(doc)]) {
      if (parent.nodeType === 11) {
        if (parent.childElementCount < 2) {
          continue;
        }
      } else if ((parent.childElementCount < 2 && !parent.hasAttribute("role") && !parent.hasAttribute("aria-label")) ||
          parent.tagName === "TR" || parent.tagName === "THEAD") {
        continue;
      }
      const items = repeatedChildren(parent);
      if (!items.length) {
        continue;
      }
      const score = scoreContainer(parent, items, buyerName);
      if (score !== null) {
        candidates.push({ parent, items, score });
      }
    }
    candidates.sort((a, b) => b.score - a.score);
    const visible = [];
    for (const candidate of candidates) {
      if (visible.length >= 4) {
        break;
      }
      if (dom.isVisible(boxOf(candidate.parent))) {
        visible.push(candidate);
      }
    }
    return visible;
  }

  // Where a bubble sits in its thread: "end" (right in left-to-right pages), "start", "center"
  // or null when the layout does not say (full-width rows).
  function sideOf(item, box, rtl) {
    let el = item;
    // A web component's parts are in its shadow root.
    const partsOf = (node) => [...(node.shadowRoot ?? node).children].filter((child) => !NOT_CONTENT.has(child.tagName));
    // Down through single wrappers to the bubble.
    for (let depth = 0; depth < 4; depth += 1) {
      const ownText = [...el.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
      const children = partsOf(el).filter((child) => dom.clean(textOf(child)));
      if (ownText || children.length !== 1) {
        break;
      }
      el = children[0];
    }
    let rect = el.getBoundingClientRect();
    if (rect.width >= box.width * 0.92) {
      // Full width: the widest child that holds most of the text may be the bubble.
      let best = null;
      for (const child of partsOf(el)) {
        const length = textOf(child).length;
        if (!best || length > best.length) {
          best = { child, length };
        }
      }
      if (best) {
        rect = best.child.getBoundingClientRect();
        el = best.child;
      }
    }
    const left = rect.left - box.left;
    const right = box.right - rect.right;
    const margin = Math.max(24, box.width * 0.1);
    let side = null;
    if (left - right > margin) {
      side = "right";
    } else if (right - left > margin) {
      side = "left";
    } else if (left > box.width * 0.15 && right > box.width * 0.15) {
      side = "center";
    } else {
      const align = getComputedStyle(el).textAlign;
      side = align === "right" || (align === "end" && !rtl) || (align === "start" && rtl) ? "right" :
        align === "center" ? "center" : null;
    }
    if (side === "left" || side === "right") {
      return (side === "right") !== rtl ? "end" : "start";
    }
    return side;
  }

  // Lines of a message that only carry its time ("May 3, 2024 8:12", "Sent 12:05", "Yesterday 08:12").
  // "2 hours ago", "hace 3 días", "2小时前", "3 часа назад", "Just now": raw text for the server.
  // A number and a unit count only with an "ago" word before or after them (a message may
  // well say "2 days"). Matched on lower-cased text, without the costly "i"/"u" flags.
  const AGO_UNITS = "s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|weeks?|segundos?|minutos?|" +
    "horas?|d[ií]as?|semanas?|secondes?|heures?|jours?|semaines?|sekunden|minuten|stunden|tagen?|wochen|secondi|minuti|" +
    "ore|giorni|settimane|sekund[ya]?|minut[ya]?|godzin[ay]?|dni|tygodni|saniye|dakika|saat|gün|hafta|" +
    "секунд[уы]?|минут[уы]?|час(?:а|ов)?|дн(?:я|ей)|день|недел[ьюи]|秒|分钟|分鐘|小时|小時|天|周|分|時間|日|초|분|" +
    "시간|일|giây|phút|giờ|ngày|tuần|วินาที|นาที|ชั่วโมง|วัน|detik|menit|jam|hari|minggu|uur|dagen|weken";
  const RELATIVE_TIME_PATTERN = new RegExp(
    `^(?:(?:about |il y a |hace |há |vor )\\d{1,3}\\s?(?:${AGO_UNITS})\\.?` +
    `|\\d{1,3}\\s?(?:${AGO_UNITS})\\.?\\s?(?:ago|atrás|назад|前|전|trước|ที่แล้ว|yang lalu|lalu|önce|temu|geleden|fa)` +
    "|just now|a moment ago|yesterday|today|ahora mismo|agora mesmo|à l'instant|gerade eben|adesso|przed chwilą|şimdi|" +
    "только что|刚刚|剛剛|たった今|방금|vừa xong|เมื่อสักครู่|baru saja|zojuist)$");
  const RELATIVE_TIME = { test: (text) => RELATIVE_TIME_PATTERN.test(text.toLowerCase()) };

  function timeOfLine(line) {
    if (line.length <= 30 && RELATIVE_TIME.test(line.trim())) {
      return line.trim();
    }
    if (!/\d/.test(dom.asciiDigits(line))) {
      return null;
    }
    const date = dom.dateIn(line);
    if (!date) {
      return null;
    }
    const rest = line.replace(date, " ").replace(/[\s·•|,:()[\]-]+/g, " ").trim();
    // What may stand beside the time: "Sent", "Read", a weekday; in scripts without spaces,
    // a few characters ("已读", "昨天").
    const unspaced = rest.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Hangul}]/gu)?.length ?? 0;
    const words = rest.split(" ").filter(Boolean).length;
    return words <= 2 && rest.length <= 16 && unspaced <= 4 ? date : null;
  }

  /**
   * Read one message block: {sender: role|null, name, text, sent_at}. Its lines are split into
   * a header (sender label or name, time) and the text; buttons such as "Translate" are dropped.
   */
  function readMessage(item, names) {
    const timeEl = queryIn(item, "time")[0];
    let sentAt = timeEl ? dom.clean(timeEl.textContent) || timeEl.getAttribute("datetime") : null;
    // An element that says it holds the time (class "time", "date", "when"): its text is the
    // time even where the page glues it to the name ("t**82026-11-18 20:15:47").
    let classTime = null;
    if (!sentAt) {
      for (const el of queryIn(item, TIME_CANDIDATES)) {
        const cls = typeof el.className === "string" ? el.className : "";
        const text = el.childElementCount === 0 && TIME_CLASS.test(cls.replace(/([a-z])([A-Z])/g, "$1-$2"))
          ? dom.clean(el.textContent, { lines: false }) : "";
        if (text && text.length <= 40 && timeOfLine(text)) {
          classTime = text;
          break;
        }
      }
    }
    // A name element in the block (class "name"/"author"/"sender"…): its text is a header line.
    let nameText = null;
    for (const el of queryIn(item, NAME_CANDIDATES)) {
      const cls = typeof el.className === "string" ? el.className : "";
      if (el.childElementCount === 0 && NAME_CLASS.test(cls.replace(/([a-z])([A-Z])/g, "$1-$2")) && !TIME_CLASS.test(cls)) {
        const text = dom.clean(el.textContent);
        if (text && text.length <= 60) {
          nameText = text;
          break;
        }
      }
    }
    // A badge beside the author's name that marks the marketplace's staff ("Priya [Staff]").
    let badge = null;
    for (const el of queryIn(item, BADGE_CANDIDATES)) {
      if (el.childElementCount === 0) {
        const text = dom.clean(el.textContent, { lines: false });
        if (text && text.length <= 24 && AGENT_BADGES.has(dom.normalise(text).replace(/^[\[(]|[\])]$/g, ""))) {
          badge = text;
          break;
        }
      }
    }
    // Lines, and table cells as pieces of their own ("Comprador<TAB>¿Me pueden…<TAB>02/05/2024").
    let lines = innerTextOf(item).split(/[\n\t]/).map((line) => dom.clean(line, { lines: false }))
      .filter(Boolean);
    if (badge) {
      // The badge and the name it sits beside are the block's header, not what was written.
      const at = lines.findIndex((line) => line === badge || line.startsWith(`${badge} `) || line.endsWith(` ${badge}`) ||
        line.includes(` ${badge} `));
      if (at >= 0 && at < lines.length - 1) {
        const rest = lines[at].replace(badge, " ").replace(/^[\s·•|,\-–]+|[\s·•|,\-–]+$/gu, "");
        const time = rest ? dom.dateIn(rest) : null;
        // What stands beside the badge is the agent's name, maybe with the time.
        lines.splice(at, 1, ...(time ? [time] : []));
        if (at > 0 && lines[at - 1].length <= 40 && (lines[at - 1] === nameText || at === 1)) {
          lines.splice(at - 1, 1); // the name, on its own line above the badge
        }
      }
    }
    let sender = badge ? "platform" : null;
    let name = null;
    let nameLine = null;
    const textLines = [];
    const sentNorm = sentAt ? dom.normalise(sentAt) : null;
    lines.forEach((line, index) => {
      if (line.length <= 40) {
        const norm = dom.normalise(line);
        if (UI_NOISE.has(norm) || (sentAt && (line === sentAt || norm === sentNorm))) {
          return;
        }
      }
      const beforeText = textLines.length === 0;
      // A time in the header or on the last line, maybe with the sender: "Buyer · May 3, 2024 8:12",
      // "Beispiel Shop GmbH 03.05.2024 09:30".
      const hasDigit = /\d/.test(dom.asciiDigits(line));
      // A header line is short; message text is not worth a date search.
      const short = line.length <= 64;
      let lineTime = short && (hasDigit || line.length <= 30) && (beforeText || index === lines.length - 1) ? timeOfLine(line) : null;
      if (!lineTime && classTime && line.length <= 80 && line.includes(classTime) && (beforeText || index === lines.length - 1)) {
        lineTime = classTime;
      }
      if (!lineTime && hasDigit && short && beforeText && !sender && !name) {
        const date = dom.dateIn(line);
        const rest = date ? line.replace(date, " ").replace(/^[\s·•|,\-–]+|[\s·•|,\-–]+$/gu, "") : "";
        if (date && (roleOfLabel(rest, { loose: true }) || names.has(rest) || rest === nameText)) {
          lineTime = date;
        }
      }
      if (lineTime) {
        sentAt = sentAt ?? lineTime;
        const rest = line.replace(lineTime, " ").replace(/^[\s·•|,\-–]+|[\s·•|,\-–]+$/gu, "");
        if (!rest) {
          return;
        }
        const role = roleOfLabel(rest, { loose: true });
        if (role) {
          sender = sender ?? role;
          return;
        }
        if (names.has(rest) || rest === nameText) {
          // A heading of the block: "Client : Claire D." names the role before the colon.
          name = name ?? rest;
          sender = sender ?? roleOfHeader(rest);
          return;
        }
        if (rest.length <= 16) {
          return; // "Sent", "Read", a weekday
        }
      }
      if (beforeText && !sender && !name) {
        const role = roleOfLabel(line);
        if (role) {
          sender = role;
          return;
        }
        if ((nameText && line === nameText) || names.has(line)) {
          name = line;
          nameLine = line;
          sender = roleOfHeader(line);
          return;
        }
        // "Buyer: Hello" — a role word or a name, a colon, the text.
        const prefixed = /^([^:：]{1,40})[:：]\s*(.+)$/u.exec(line);
        if (prefixed) {
          const who = prefixed[1].trim();
          const prefixRole = roleOfLabel(who);
          if (prefixRole || names.has(who)) {
            sender = prefixRole;
            name = prefixRole ? null : who;
            textLines.push(prefixed[2]);
            return;
          }
        }
      }
      textLines.push(line);
    });
    // A time printed at the end (or start) of the text line itself: "Enviei o vídeo. 04/05/2024 09:12".
    // Only with a clock, so a date the buyer wrote ("ordered on 2024-05-03") stays in the text.
    if (!sentAt && textLines.length) {
      const last = textLines.length - 1;
      // "…text (May 3, 10:02)": the time closes the line, maybe in brackets.
      const body = textLines[last].replace(/\s*[)\]]$/, "");
      const tails = [body.slice(body.lastIndexOf("(") + 1), body.slice(Math.max(body.lastIndexOf(". "), body.lastIndexOf("! "),
        body.lastIndexOf("? ")) + 2), body.slice(-40)];
      const date = tails.map((tail) => dom.dateIn(tail)).find((found) => found && body.endsWith(found));
      if (date && /\d:\d\d/.test(date)) {
        sentAt = date;
        textLines[last] = body.slice(0, -date.length).replace(/[\s·•|,\-–—[(]+$/u, "");
      } else {
        const lead = dom.dateIn(textLines[0]);
        if (lead && /\d:\d\d/.test(lead) && textLines[0].replace(/^[[(]/, "").startsWith(lead)) {
          sentAt = lead;
          textLines[0] = textLines[0].replace(/^[[(]/, "").slice(lead.length).replace(/^[\s·•|,\-–—\])]+/u, "");
        }
      }
      if (textLines.length === 1 && !sender && !name) {
        // "Comprador: Enviei o vídeo agora." once the time is gone.
        const prefixed = /^([^:：]{1,40})[:：]\s*(.+)$/u.exec(textLines[0]);
        const prefixRole = prefixed ? roleOfLabel(prefixed[1].trim()) : null;
        if (prefixRole) {
          sender = prefixRole;
          textLines[0] = prefixed[2];
        }
      }
    }
    if (!sender) {
      // An avatar that says whose it is: <img alt="Seller avatar">, <img alt="买家头像">; one
      // named after the site itself ("Bazaarly", "Bazaarly logo") is the marketplace's.
      const alt = queryIn(item, "img[alt]")[0]?.getAttribute("alt");
      const bare = alt ? dom.normalise(alt.replace(/(?:头像|頭像|avatar|аватар|logo|icon|profile picture|photo)$/iu, "")
        .replace(/^(?:avatar|logo|icon|profile picture|photo)(?:\s+(?:of|de|di|van|von|du))?\s+/iu, "")) : "";
      sender = alt ? roleOfLabel(alt, { loose: true }) ?? roleOfLabel(bare) : null;
      if (!sender && bare && activeSiteNames?.has(bare) && !names.has(alt)) {
        sender = "platform";
      }
    }
    if (!textLines.length && nameLine) {
      // What looked like a name was all there was: it is the message.
      textLines.push(nameLine);
      name = null;
      sender = null;
    }
    const text = dom.cap(textLines.join("\n").trim(), dom.LIMITS.message);
    return { sender, name, text, sent_at: sentAt || null };
  }

  // Rough instants for ordering messages only (the server reads the real dates).
  const MONTH_NUMBER = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
  function roughInstant(text) {
    if (!text) {
      return null;
    }
    const clock = /(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?/i.exec(text);
    let minutes = 0;
    if (clock) {
      let hours = Number(clock[1]) % 24;
      if (clock[4] && /p/i.test(clock[4]) && hours < 12) {
        hours += 12;
      }
      if (clock[4] && /a/i.test(clock[4]) && hours === 12) {
        hours = 0;
      }
      minutes = hours * 60 + Number(clock[2]);
    }
    let y;
    let m;
    let d;
    let match;
    if ((match = /(\d{4})\s?[-/.年년]\s?(\d{1,2})\s?[-/.月월]\s?(\d{1,2})/.exec(text))) {
      [y, m, d] = [match[1], match[2], match[3]].map(Number);
    } else if ((match = /(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})/.exec(text))) {
      const [a, b] = [Number(match[1]), Number(match[2])];
      [y, m, d] = a > 12 || text.includes(".") ? [Number(match[3]), b, a] : [Number(match[3]), a, b];
    } else if ((match = /([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})/.exec(text)) && MONTH_NUMBER[match[1].toLowerCase()]) {
      [y, m, d] = [Number(match[3]), MONTH_NUMBER[match[1].toLowerCase()], Number(match[2])];
    } else if ((match = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})/.exec(text)) && MONTH_NUMBER[match[2].toLowerCase()]) {
      [y, m, d] = [Number(match[3]), MONTH_NUMBER[match[2].toLowerCase()], Number(match[1])];
    } else if (clock) {
      return { day: null, minutes };
    } else {
      return null;
    }
    return { day: y * 400 + m * 32 + d, minutes };
  }

  /** True when the times read newest first (most consecutive pairs go back in time). */
  function newestFirst(messages) {
    let forward = 0;
    let backward = 0;
    let previous = null;
    for (const message of messages) {
      const instant = roughInstant(message.sent_at);
      if (!instant || instant.day === null) {
        continue;
      }
      if (previous) {
        const delta = (instant.day - previous.day) * 1440 + (instant.minutes - previous.minutes);
        if (delta > 0) {
          forward += 1;
        } else if (delta < 0) {
          backward += 1;
        }
      }
      previous = instant;
    }
    return backward > forward;
  }

  /**
   * Messages from the blocks of a thread: [{from, text, sent_at}], oldest first.
   * options: {buyerName, container (for alignment), roleOf(item) → role|null (an adapter's own
   * rule, tried first)}.
   */
  function messagesFrom(items, options = {}) {
    const previous = activeSiteNames;
    activeSiteNames = options.siteNames ?? activeSiteNames;
    try {
      return messagesOf(items, options);
    } finally {
      activeSiteNames = previous;
    }
  }

  function messagesOf(items, { buyerName = null, container = null, roleOf = null, reader = null, siteNames = null } = {}) {
    const names = new Set();
    if (buyerName) {
      names.add(buyerName);
    }
    // The box's own title in front of its messages ("Negotiation history"): a first block of
    // a kind of its own, short, with no time, is not a message.
    const kindCounts = new Map();
    for (const item of items) {
      kindCounts.set(kindOf(item), (kindCounts.get(kindOf(item)) ?? 0) + 1);
    }
    if (items.length >= 3 && kindCounts.get(kindOf(items[0])) === 1 && Math.max(...kindCounts.values()) >= 2) {
      const title = dom.clean(textOf(items[0]), { lines: false });
      if (title.length <= 30 && !/[.!?。！？]$/.test(title) && !timeOfLine(title) && !roleOfLabel(title)) {
        items = items.slice(1);
      }
    }
    // Names that head several blocks are senders' names, not text: a first line that repeats
    // ("john_d" over each of his messages), and then any first line in the same kind of element.
    const heads = items.map((item) => {
      const first = headElement(item);
      let line = dom.clean(first ? first.textContent : "").split("\n")[0];
      if (!first || line.length > 48) {
        return null;
      }
      const time = timeOfLine(line);
      if (time) {
        line = line.replace(time, " ").replace(/^[\s·•|,\-–]+|[\s·•|,\-–]+$/gu, "");
      }
      // A heading of the block, not its text: short, and a small part of what the block says.
      const whole = dom.clean(textOf(item), { lines: false }).length;
      const alone = first && first !== item && line && line.length <= 40 && line.length <= whole * 0.4 &&
        !timeOfLine(line) && !/[!?。！？]$/.test(line);
      return alone ? { line, kind: `${first.tagName}.${first.className}` } : null;
    });
    const counts = new Map();
    for (const head of heads) {
      if (head) {
        counts.set(head.line, (counts.get(head.line) ?? 0) + 1);
      }
    }
    const nameKinds = new Set();
    for (const head of heads) {
      if (head && counts.get(head.line) >= 2 && counts.size <= Math.max(4, items.length / 3)) {
        names.add(head.line);
        nameKinds.add(head.kind);
      }
    }
    // A heading element that says "You" or "Buyer" in one block names the sender in the others.
    for (const head of heads) {
      if (head && roleOfLabel(head.line)) {
        nameKinds.add(head.kind);
      }
    }
    for (const head of heads) {
      if (head && nameKinds.has(head.kind) && !roleOfLabel(head.line)) {
        names.add(head.line);
      }
    }

    const read = [];
    let dayLabel = null;
    for (const item of items) {
      if (!dom.isVisible(item)) {
        continue;
      }
      const message = reader ? reader(item) : readMessage(item, names);
      if (message && dom.isDayWord(message.text)) {
        // "Hoje", "Yesterday": a day divider, not a message.
        dayLabel = message.text;
        continue;
      }
      if (!message?.text) {
        // A block with only a date is a day divider ("May 3, 2024", "Today"): later bare times belong to it.
        if (message.sent_at) {
          dayLabel = message.sent_at;
        }
        continue;
      }
      if (message.sent_at && dayLabel && /^\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?$/.test(message.sent_at)) {
        message.sent_at = `${dayLabel} ${message.sent_at}`;
      }
      let role = null;
      try {
        role = roleOf ? roleOf(item, message) : null;
      } catch (error) {
        DC.log("an adapter's sender rule failed:", String(error?.message ?? error));
      }
      message.role = role ?? message.sender;
      message.item = item;
      read.push(message);
    }

    // Who is who among named senders: the buyer's name, names that a label explained.
    const nameRole = new Map();
    if (buyerName) {
      nameRole.set(buyerName, "buyer");
    }
    for (const message of read) {
      if (message.name && message.sender && !nameRole.has(message.name)) {
        nameRole.set(message.name, message.sender);
      }
    }
    // A sender named like the site itself ("Ozon" on Ozon's seller pages) is the marketplace,
    // when the seller's own messages are labelled apart ("You"): on a shop's own site the
    // shop's name is the seller's.
    const sellerLabelled = read.some((message) => message.sender === "seller");
    for (const message of read) {
      if (sellerLabelled && !message.role && message.name && siteNames?.has(dom.normalise(message.name))) {
        message.role = "platform";
        nameRole.set(message.name, "platform");
      }
    }
    const otherNames = [...new Set(read.map((m) => m.name).filter((n) => n && !nameRole.has(n)))];
    const knownRoles = new Set(nameRole.values());
    if (otherNames.length === 1 && knownRoles.size === 1) {
      nameRole.set(otherNames[0], knownRoles.has("buyer") ? "seller" : "buyer");
    }

    for (const message of read) {
      if (!message.role && message.name && nameRole.has(message.name)) {
        message.role = nameRole.get(message.name);
      }
    }

    // Alignment: bubbles on both sides mean two parties; labelled bubbles tell which side is
    // whose, else the seller's own are at the end (right, or left on right-to-left pages).
    if (container && read.some((m) => !m.role)) {
      const box = container.getBoundingClientRect();
      const rtl = getComputedStyle(container).direction === "rtl";
      for (const message of read) {
        message.side = box.width > 0 ? sideOf(message.item, box, rtl) : null;
      }
      const sides = new Set(read.map((m) => m.side).filter((s) => s === "start" || s === "end"));
      if (sides.size === 2) {
        const vote = { start: { buyer: 0, seller: 0 }, end: { buyer: 0, seller: 0 } };
        for (const message of read) {
          if (message.role && vote[message.side] && message.role in vote[message.side]) {
            vote[message.side][message.role] += 1;
          }
        }
        const endRole = vote.end.buyer > vote.end.seller || vote.start.seller > vote.start.buyer ? "buyer" : "seller";
        const startRole = endRole === "seller" ? "buyer" : "seller";
        for (const message of read) {
          if (!message.role) {
            message.role = message.side === "end" ? endRole : message.side === "start" ? startRole :
              message.side === "center" ? "platform" : null;
          }
        }
      }
    }
    for (const message of read) {
      if (!message.role) {
        message.role = roleFromAttributes(message.item);
      }
    }
    // Two named people and nothing else to go by: a conversation on a seller's page is
    // opened by the buyer.
    const allNames = [...new Set(read.map((m) => m.name).filter(Boolean))];
    if (allNames.length === 2 && read.every((m) => m.name || m.role) && !read.some((m) => m.name && m.role)) {
      const [first, second] = read[0].name ? [read[0].name, allNames.find((n) => n !== read[0].name)] : allNames;
      for (const message of read) {
        if (!message.role && message.name) {
          message.role = message.name === first ? "buyer" : message.name === second ? "seller" : null;
        }
      }
    }

    let messages = read.map((m) => {
      const out = { from: m.role ?? "buyer", text: m.text };
      if (m.sent_at) {
        out.sent_at = dom.cap(m.sent_at, 100);
      }
      return out;
    });
    if (newestFirst(messages)) {
      messages.reverse();
    }
    if (messages.length > dom.LIMITS.messages) {
      messages = messages.slice(-dom.LIMITS.messages); // the newest matter most
    }
    return messages;
  }

  // Column headings of a table of messages: who sent it, what it says, when.
  const headingSet = (words) => new Set(words.split("|").map((word) => dom.normalise(word)));
  const FROM_HEADINGS = headingSet("From|Sender|Sent by|Author|Who|Von|Absender|Verfasser|De|Remitente|Remetente|" +
    "Enviado por|Expéditeur|Auteur|Da|Mittente|Autore|Od|Nadawca|Autor|Kimden|Gönderen|От|Отправитель|Автор|" +
    "送信者|差出人|投稿者|发送人|发件人|发送者|发送方|寄件者|發送者|보낸 사람|발신자|작성자|Người gửi|ผู้ส่ง|Pengirim|Van|" +
    "Afzender|المرسل|من|שולח|מאת");
  const TEXT_HEADINGS = headingSet("Message|Messages|Text|Content|Body|Nachricht|Inhalt|Mensaje|Mensagem|Conteúdo|" +
    "Contenido|Contenu|Messaggio|Testo|Wiadomość|Treść|Mesaj|İçerik|Сообщение|Текст|Содержание|内容|メッセージ|" +
    "本文|消息|留言|留言内容|消息内容|內容|訊息|메시지|내용|Tin nhắn|Nội dung|ข้อความ|Pesan|Isi|Bericht|Inhoud|الرسالة|" +
    "النص|הודעה|תוכן|Details|Detail|Dettagli|Dettaglio|Detalles|Détails|Detalhes|Einzelheiten|Szczegóły|Detaylar|" +
    "Подробности|详情|詳細|Chi tiết|Rincian");
  const TIME_HEADINGS = headingSet("Date|Time|Date/Time|Date & time|Sent|Sent at|Datum|Zeit|Datum/Uhrzeit|Fecha|Hora|" +
    "Fecha y hora|Data|Data/Hora|Heure|Date et heure|Ora|Data e ora|Data i godzina|Tarih|Дата|Время|Дата и время|" +
    "日時|日付|送信日時|日期|时间|時間|发送时间|날짜|일시|시간|Ngày|Thời gian|วันที่|เวลา|Tanggal|Waktu|Tijd|التاريخ|" +
    "الوقت|תאריך|שעה");

  /**
   * Tables of messages: a heading row that names a sender column and a message column
   * ("Date | From | Message", "日時 | 送信者 | 内容"); every row under it is one message.
   * → [{rows, table, read(row) → message}]
   */
  function messageTables(doc) {
    const found = [];
    for (const table of dom.queryAll("table", doc)) {
      const rows = [...table.rows];
      // The heading row: header cells, or (old layout tables: <td><font><b>Data</b></font></td>)
      // short cells that all name columns.
      const isHeading = (name) => FROM_HEADINGS.has(name) || TEXT_HEADINGS.has(name) || TIME_HEADINGS.has(name);
      const headAt = rows.findIndex((row, at) => at <= 2 && row.cells.length >= 2 &&
        ([...row.cells].every((cell) => cell.tagName === "TH" || row.parentElement?.tagName === "THEAD") ||
         [...row.cells].every((cell) => cell.textContent.length <= 40 && isHeading(dom.normalise(cell.textContent)))));
      if (headAt < 0 || headAt > 2) {
        continue;
      }
      const names = [...rows[headAt].cells].map((cell) => dom.normalise(cell.textContent));
      const fromAt = names.findIndex((name) => FROM_HEADINGS.has(name));
      const textAt = names.findIndex((name) => TEXT_HEADINGS.has(name));
      if (fromAt < 0 || textAt < 0 || !dom.isVisible(table)) {
        continue;
      }
      const timeAt = names.findIndex((name) => TIME_HEADINGS.has(name));
      const body = rows.slice(headAt + 1).filter((row) => row.cells.length === names.length);
      // A list of conversations (each row a link to one) is an inbox, not a conversation.
      const links = body.filter((row) => {
        const link = row.cells[textAt].querySelector("a") ?? (row.querySelector("a[href]") && row.cells[textAt].closest("a"));
        return link && dom.clean(link.textContent).length >= dom.clean(row.cells[textAt].textContent).length * 0.8;
      }).length;
      if (!body.length || links > body.length / 2) {
        continue;
      }
      const read = (row) => {
        const who = dom.clean(dom.visibleText(row.cells[fromAt]), { lines: false });
        const sender = roleOfLabel(who, { loose: true }) ?? roleOfHeader(who);
        const when = timeAt >= 0 ? dom.clean(dom.visibleText(row.cells[timeAt]), { lines: false }) : "";
        return { sender, name: sender ? null : who || null, text: dom.visibleText(row.cells[textAt]),
                 sent_at: when ? dom.dateIn(when) ?? when : null };
      };
      found.push({ rows: body, table, read });
    }
    return found;
  }

  // Headings of the seller's answer under a buyer's question (order and product pages that keep
  // the buyer's questions and the seller's answers as their conversation).
  const ANSWER_LABELS = ["Satıcı yanıtı", "Satıcı cevabı", "Satıcının yanıtı", "Satıcının cevabı", "Seller's answer",
    "Seller answer", "Seller's response", "Seller response", "Seller's reply", "Seller reply", "Answer from the seller",
    "Answer from seller", "Response from seller", "Reply from seller", "Antwort des Verkäufers", "Antwort vom Verkäufer",
    "Respuesta del vendedor", "Resposta do vendedor", "Réponse du vendeur", "Risposta del venditore",
    "Odpowiedź sprzedawcy", "Ответ продавца", "卖家回复", "商家回复", "卖家回答", "賣家回覆", "販売者からの回答",
    "出品者からの回答", "판매자 답변", "Phản hồi của người bán", "Jawaban penjual", "Balasan penjual",
    "Antwoord van verkoper", "Antwoord van de verkoper", "رد البائع"].map((label) => dom.normalise(label));

  const answerLabelOf = (text) => {
    const norm = dom.normalise(text);
    const label = ANSWER_LABELS.find((known) => norm.startsWith(known));
    return label && norm.length <= label.length + 30 ? label : null;
  };

  /** A question's or answer's lines → {text, sent_at}: time lines and a short name line above the text dropped. */
  function questionPart(lines) {
    let sentAt = null;
    const text = [];
    for (const line of lines) {
      const norm = dom.normalise(line);
      const label = answerLabelOf(line);
      if (label || UI_NOISE.has(norm)) {
        sentAt = sentAt ?? (label ? dom.dateIn(line) : null);
        continue;
      }
      const time = line.length <= 64 ? timeOfLine(line) : null;
      if (time) {
        sentAt = sentAt ?? time;
        continue;
      }
      text.push(line);
    }
    if (text.length > 1 && text[0].length <= 30 && !/[.!?。！？,:]$/.test(text[0]) && text[0].split(/\s+/).length <= 3) {
      text.shift(); // the asker's name
    }
    return { text: dom.cap(text.join("\n").trim(), dom.LIMITS.message), sent_at: sentAt };
  }

  /**
   * Buyers' questions with the seller's answers nested under them ("Satıcı yanıtı", "Seller's
   * answer"): question by the buyer, then answer by the seller, oldest question first.
   * → {messages, container, items} or null.
   */
  function questionAnswers(doc) {
    const answers = new Map(); // question block → its answer boxes
    for (const el of dom.allElements(doc)) {
      if (el.childElementCount > 3 || !el.textContent || el.textContent.length > 90 || !answerLabelOf(el.textContent)) {
        continue;
      }
      const parent = el.parentElement;
      if (!parent || (answerLabelOf(parent.textContent) && parent.textContent.length <= 90) || !dom.isVisible(el)) {
        continue; // the outermost element that is still just the label
      }
      // The answer box: the first box around the label with more text than the label.
      const labelLength = dom.clean(el.textContent).length;
      let box = parent;
      while (box && box !== doc.body && dom.clean(box.textContent).length < labelLength + 8) {
        box = box.parentElement;
      }
      // The question: the first box around the answer with text of its own.
      let item = box?.parentElement;
      while (item && item !== doc.body && dom.clean(item.textContent).length < dom.clean(box.textContent).length + 8) {
        item = item.parentElement;
      }
      if (!box || !item || item === doc.body || box === doc.body) {
        continue;
      }
      if (!answers.has(item)) {
        answers.set(item, []);
      }
      answers.get(item).push(box);
    }
    if (!answers.size) {
      return null;
    }
    // All the questions: the answered ones and their siblings of the same kind.
    const first = [...answers.keys()][0];
    const container = first.parentElement;
    const items = [...container.children].filter((child) => (answers.has(child) || kindOf(child) === kindOf(first)) &&
      dom.clean(child.textContent) && dom.isVisible(child));
    if (items.some((item) => !answers.has(item) && [...answers.keys()].some((known) => item.contains(known)))) {
      return null; // the questions are not siblings: no one list
    }
    const pairs = [];
    for (const item of items) {
      const boxes = answers.get(item) ?? [];
      let own = innerTextOf(item);
      const replies = [];
      for (const box of boxes) {
        const boxText = box.innerText ?? "";
        own = own.replace(boxText, "\n");
        const reply = questionPart(boxText.split("\n").map((line) => dom.clean(line, { lines: false })).filter(Boolean));
        if (reply.text) {
          replies.push({ from: "seller", ...reply });
        }
      }
      const question = questionPart(own.split("\n").map((line) => dom.clean(line, { lines: false })).filter(Boolean));
      const messages = question.text ? [{ from: "buyer", ...question }, ...replies] : replies;
      if (messages.length) {
        pairs.push(messages);
      }
    }
    if (!pairs.length || !pairs.some((pair) => pair[0].from === "buyer")) {
      return null;
    }
    // Newest question first on most pages: the conversation reads oldest first.
    if (newestFirst(pairs.map((pair) => pair[0]))) {
      pairs.reverse();
    }
    const messages = pairs.flat().map((m) => {
      const out = { from: m.from, text: m.text };
      if (m.sent_at) {
        out.sent_at = dom.cap(m.sent_at, 100);
      }
      return out;
    });
    return { messages: messages.slice(-dom.LIMITS.messages), container, items, answered: true };
  }

  /** The conversation on the page: {messages, container, items} (messages [] when none is found). */
  function readConversation(doc, { buyerName = null, siteNames = null } = {}) {
    for (const table of messageTables(doc)) {
      const messages = messagesFrom(table.rows, { buyerName, container: table.table, reader: table.read, siteNames });
      if (messages.length) {
        return { messages, container: table.table, items: table.rows, reader: table.read };
      }
    }
    const answered = questionAnswers(doc);
    if (answered) {
      return answered;
    }
    for (const candidate of findThreads(doc, { buyerName })) {
      let items = candidate.items;
      // Messages grouped by day: the thread is the run of sibling groups like this one, whose
      // blocks are of the same kind as this one's (sibling cards of other content are not).
      const parent = candidate.parent.parentElement;
      // The kind most of its blocks are.
      const tally = new Map();
      for (const item of items) {
        tally.set(kindOf(item), (tally.get(kindOf(item)) ?? 0) + 1);
      }
      const most = Math.max(...tally.values());
      const kinds = new Set([...tally].filter(([, count]) => count === most).map(([kind]) => kind));
      const siblings = parent ? [...parent.children].filter((el) => el !== candidate.parent &&
        el.tagName === candidate.parent.tagName && el.className === candidate.parent.className &&
        repeatedChildren(el).some((child) => kinds.has(kindOf(child)))) : [];
      let container = boxOf(candidate.parent);
      if (siblings.length && !hintOf(container).strong) {
        items = [];
        for (const group of parent.children) {
          if (group === candidate.parent || siblings.includes(group)) {
            items.push(...repeatedChildren(group));
          } else if (dom.clean(group.textContent)) {
            items.push(group); // a day divider between the groups
          }
        }
        container = parent;
      }
      const messages = messagesFrom(items, { buyerName, container, siteNames });
      if (messages.length) {
        return { messages, container, items };
      }
    }
    return { messages: [], container: null, items: [] };
  }

  // The names the site goes by (og:site_name, the application name, the title's site part
  // "… – Ozon Seller", the host's name), normalised: a message sender of that name is the
  // marketplace itself.
  const SITE_WORDS = /\b(?:seller|sellers|center|centre|central|portal|merchant|merchants|partner|partners|admin|hub|marketplace|business|vendor|vendors|shop manager|seller center|seller centre)\b|卖家中心|賣家中心|商家后台|商家中心|판매자\s?센터|セラーセンター|店舗様|merchant center|espace vendeur|portail vendeur|verkäuferportal|händlerportal|centro de vendedores|central do vendedor|кабинет продавца/giu;

  const SITE_WORD = new RegExp(SITE_WORDS.source, "iu");

  function siteNamesOf(doc, url) {
    const names = new Set();
    const add = (text) => {
      const name = dom.normalise(String(text ?? "").replace(SITE_WORDS, " "));
      if (name && name.length >= 2 && name.length <= 30) {
        names.add(name);
      }
    };
    for (const selector of ["meta[property='og:site_name']", "meta[name='application-name']"]) {
      add(doc.querySelector(selector)?.getAttribute("content"));
    }
    // The title's last part names the site when it says it is one ("Chats — Ozon Seller").
    const parts = (doc.title || "").split(/\s+[-|–—·]\s+/);
    const site = parts.length > 1 ? parts.at(-1) : "";
    if (site && (SITE_WORD.test(site) || BRANDS.some(([pattern]) => pattern.test(site)))) {
      add(site);
    }
    // seller.ozon.ru → "ozon", sellercentral.amazon.co.uk → "amazon".
    const labels = (url?.hostname ?? "").split(".");
    if (labels.length >= 2 && !/^\d+$/.test(labels.at(-1))) {
      labels.pop();
      if (labels.length >= 2 && /^(?:co|com|net|org|gov|ac)$/.test(labels.at(-1))) {
        labels.pop();
      }
      add(labels.at(-1));
      add(labels.at(-1).replace(/-/g, " ")); // mercatino-usato.example → "mercatino usato"
    }
    return names;
  }

  // ------------------------------------------------------------------ countdowns and deadlines

  const DAY_UNITS = "days?|d|dias?|días?|jours?|j|tage?n?|tg|giorn[oi]|g|gg|dni|dnia|dzień|gün|dagen|dag|ngày|hari|дн(?:я|ей)?|день|д|يوم|أيام|ايام|روز";
  const HOUR_UNITS = "hours?|hrs?|h|horas?|hs|heures?|std|stunden?|ore|ora|godz(?:in[ay]?)?|saat|uur|giờ|jam|ч|час(?:а|ов)?|ساعة|ساعات|ساعت";
  const MINUTE_UNITS = "minutes?|mins?|m|minutos?|minuten|minuti|minut[ay]?|dakika|dk|phút|menit|мин(?:ут[аы]?)?|دقيقة|دقائق|دقیقه";
  const SECOND_UNITS = "seconds?|secs?|s|segundos?|seg|secondes?|sekunden?|secondi|sekund[ay]?|saniye|giây|detik|сек(?:унд[аы]?)?|с|ثانية|ثوان|ثانیه";
  const GLUED_UNITS = "天|日|일|วัน|小时|小時|时|時間|時|시간|ชั่วโมง|ชม\\.|分钟|分鐘|分|분|นาที|秒|초|วินาที";
  // The countdown and cue patterns run on lower-cased text and are compiled without the "i" and
  // "u" flags: case-insensitive Unicode alternations this size cost milliseconds to compile on
  // every page. A unit ends where no letter follows (Latin, Cyrillic, Arabic letters listed).
  const NO_LETTER = "(?![a-z\\u00c0-\\u024f\\u0400-\\u04ff\\u0600-\\u06ff])";
  const PAIR = `\\d{1,4}\\s?(?:个|個)?\\s?(?:(?:${DAY_UNITS}|${HOUR_UNITS}|${MINUTE_UNITS}|${SECOND_UNITS})\\.?${NO_LETTER}|(?:${GLUED_UNITS}))`;
  // Between two parts: spaces, a comma, or "and" ("2 days and 3 hours", "١٨ ساعة و٢٥ دقيقة").
  const JOIN = "(?:\\s*(?:,|و|and|et|und|y|e|и|ve|en)?\\s*)";
  const COUNTDOWN_PATTERN = new RegExp(`(?:${PAIR})(?:${JOIN}(?:${PAIR}))*(?:[\\s,]*\\d{1,2}:\\d{2}(?::\\d{2})?)?|(?<![\\d:])\\d{1,3}:\\d{2}:\\d{2}(?![\\d:])`);
  const lowered = (pattern) => ({
    exec: (text) => pattern.exec(String(text).toLowerCase()),
    test: (text) => pattern.test(String(text).toLowerCase()),
  });
  const COUNTDOWN = lowered(COUNTDOWN_PATTERN);
  // Words that make a time on the page a deadline for the seller.
  const DEADLINE_CUES = lowered(/respond within|reply within|respond by|reply by|respond before|reply before|response due|time left|time remaining|remaining|left to respond|left to reply|\bleft\b|ship by|expires?|expiring|deadline|\bdue\b|auto[- ]?(?:close|closes|closing|accept|refund|escalat)|will (?:be )?(?:close|closed|escalated|refunded)|closes (?:in|on)|until|剩余|剩餘|倒计时|倒計時|内回复|內回覆|内响应|内处理|前回复|前處理|截止|超时|還剩|还剩|осталось|остался|ответьте|ответить до|срок|до автоматического|respond[ae] (?:em|até|en|antes)|responda|tempo restante|prazo|responde|tiempo restante|quedan|faltan|plazo|répondez|répondre|temps restant|il reste|délai|antworten|verbleibende zeit|\bnoch\b|frist|tempo rimanente|rispondi|scadenza|entro|pozostał|odpowiedz|termin|kalan süre|yanıtla|son tarih|الوقت المتبقي|الرد خلال|الموعد النهائي|متبقي|残り時間|までに|以内に|期限|あと|남은 시간|이내|까지|기한|thời gian còn lại|phản hồi trong|còn lại|hạn|เวลาที่เหลือ|ตอบกลับภายใน|ภายใน|เหลือ|กำหนด|sisa waktu|balas dalam|batas waktu|tersisa|resterende tijd|reageer binnen|uiterlijk|\bnog\b|resterend|czas na odpowied|zostało|do końca|kalan|yanıt süresi|cevap süresi|נותרו|זמן נותר|باقیمانده|باقی مانده|مهلت/);
  // Cues after which a DATE (not a countdown) is a deadline: "Reply by Nov 24, 2026".
  const DATE_CUES = lowered(/(?:respond|reply|answer|ship|accept|decide|act|provide|upload|return)\s+(?:by|before|until|no later than)|deadline|\bdue\b|expires?(?: on)?|\buntil\b|closes on|auto[- ]?clos|截止|之前回复|前回复|前处理|ответить до|ответьте до|срок|responda até|responder até|prazo|responde antes|responder antes|fecha límite|répondez avant|répondre avant|date limite|antworten sie bis|antworten bis|frist|rispondi entro|scadenza|odpowiedz do|termin|yanıtla|son tarih|الرد قبل|الموعد النهائي|までに|期限|까지|기한|hạn|ภายใน|กำหนด|sebelum|batas waktu|uiterlijk|reageer voor|עד/);

  // Words of politeness in front of an instruction ("Please reply within 2 days").
  const POLITE = /^(?:please|kindly|por favor|bitte|veuillez|merci de|per favore|пожалуйста|proszę|lütfen|vui lòng|silakan|gelieve)[,\s]+/iu;

  function deadlineIn(line, previous, next = null) {
    // Matched on ASCII digits ("١٨ ساعة"); the page's own text is returned.
    const countdown = COUNTDOWN.exec(dom.asciiDigits(line));
    let text = null;
    let at = -1;
    if (countdown && /\d/.test(countdown[0])) {
      // The page's own text (the match ran on the lower-cased line, same length in practice).
      const raw = line.toLowerCase().length === line.length ? line.substr(countdown.index, countdown[0].length) : countdown[0];
      text = raw.trim().replace(/[,\s]+$/, "");
      at = countdown.index + (raw.length - raw.trimStart().length);
    }
    if (!text || !/[^\d:]/.test(text) && !DEADLINE_CUES.test(line)) {
      text = null;
      const date = DATE_CUES.test(line) || DATE_CUES.test(previous ?? "") ? dom.dateIn(line) : null;
      if (date && dom.looksLikeDate(date)) {
        text = date;
        at = line.indexOf(date);
      }
    }
    if (!text) {
      return null;
    }
    // A round figure inside a long sentence is a rule, not this case's clock ("sellers who
    // respond within 24 hours resolve more cases"); countdowns stand alone or tick (23:12:05).
    const pieces = (dom.asciiDigits(text).match(/\d+/g) ?? []).length;
    // ...unless the sentence tells the seller to act within it: "Responda em até 2 dias para
    // não afetar sua reputação." opens with the instruction, right before the figure.
    const sentence = line.slice(Math.max(line.lastIndexOf(". ", at), line.lastIndexOf("! ", at), line.lastIndexOf("。", at)) + 1, at)
      .trim().replace(POLITE, "");
    const instruction = sentence.length <= 40 && DEADLINE_CUES.exec(sentence)?.index === 0;
    if (/^(?:tip|tips|note|hint|did you know|learn more|faq|help)\b/i.test(line) ||
        (line.length > 60 && pieces < 2 && COUNTDOWN.test(dom.asciiDigits(text)) && !dom.dateIn(text) && !instruction)) {
      return null;
    }
    const cueHere = DEADLINE_CUES.test(line) || (DATE_CUES.test(line) && text && !COUNTDOWN.test(dom.asciiDigits(text)));
    const cueBefore = previous && previous.length <= 80 && DEADLINE_CUES.test(previous) && !/\d/.test(dom.asciiDigits(previous));
    // A big clock over its caption ("1 gün 07:42:10" above "Kalan süre"): the line is the
    // countdown alone and the short line after it names it.
    const alone = line.trim() === text;
    const cueAfter = !cueHere && !cueBefore && alone && next && next.length <= 40 && DEADLINE_CUES.test(next) &&
      !/\d/.test(dom.asciiDigits(next)) && COUNTDOWN.test(dom.asciiDigits(text));
    if (!cueHere && !cueBefore && !cueAfter) {
      return null;
    }
    if (cueAfter) {
      return { label: dom.cap(next.replace(/[\s:：]+$/u, ""), 200), text };
    }
    // Banners run several notices together ("Action required · Respond by 14 Mar · 1 day 6 hrs
    // left"): the label is the words before the countdown, separators dropped.
    const before = line.slice(0, at).replace(/[\s:：\-–—,(·•|]+$/u, "").trim();
    const after = line.slice(at + text.length).replace(/^[\s:：\-–—,.)]+/u, "").trim();
    let label = before && (DEADLINE_CUES.test(before) || !after) ? before : after && DEADLINE_CUES.test(after) ? after : before || after;
    if (!label && cueBefore) {
      label = previous.replace(/[\s:：]+$/u, "");
    }
    return { label: dom.cap(label || "", 200), text };
  }

  function readDeadlines(lines) {
    const deadlines = [];
    const seen = new Set();
    for (let i = 0; i < lines.length && deadlines.length < 20; i += 1) {
      const line = lines[i].replace(/\t+/g, " ");
      if (line.length > 300) {
        continue;
      }
      const found = deadlineIn(line, i > 0 ? lines[i - 1].replace(/\t+/g, " ") : null,
        i + 1 < lines.length ? lines[i + 1].replace(/\t+/g, " ") : null);
      if (found) {
        const key = `${found.label}|${found.text}`;
        if (!seen.has(key)) {
          seen.add(key);
          deadlines.push(found);
        }
      }
    }
    return deadlines;
  }

  // ------------------------------------------------------------------ items

  /** Order lines from a table whose header names the product (and maybe quantity, SKU, variant). */
  function readItems(doc) {
    for (const table of dom.queryAll("table", doc)) {
      const rows = [...table.rows];
      const headerIndex = rows.findIndex((row) => [...row.cells].some((cell) => TABLE.exact(dom.clean(cell.textContent)) === "_item.title"));
      if (headerIndex < 0 || !dom.isVisible(table)) {
        continue;
      }
      const columns = [...rows[headerIndex].cells].map((cell) => TABLE.exact(dom.clean(cell.textContent)));
      const items = [];
      for (const row of rows.slice(headerIndex + 1, headerIndex + 101)) {
        const item = {};
        [...row.cells].forEach((cell, i) => {
          const field = columns[i];
          if (!field?.startsWith("_item.")) {
            return;
          }
          const value = readValue(field, dom.clean(cell.textContent), { strict: true });
          if (value !== null && value !== "") {
            item[field.slice(6)] = value;
          }
        });
        if (item.title) {
          items.push(item);
        }
      }
      if (items.length) {
        return items.slice(0, 100);
      }
    }
    return null;
  }

  /**
   * `items` with each run that fills its parent replaced by the parent: the fewest elements
   * that cover the same text (a 500-message thread is one box, not 500 blocks).
   */
  function wholeBoxes(items) {
    const byParent = new Map();
    for (const item of items) {
      const parent = item.parentNode;
      if (!byParent.has(parent)) {
        byParent.set(parent, []);
      }
      byParent.get(parent).push(item);
    }
    const out = [];
    for (const [parent, children] of byParent) {
      const taken = new Set(children);
      const whole = parent?.nodeType === 1 && parent !== parent.ownerDocument.body &&
        [...parent.children].every((child) => taken.has(child) || NOT_CONTENT.has(child.tagName) || !dom.clean(child.textContent));
      if (whole) {
        out.push(parent);
      } else {
        out.push(...children);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ lists of other orders

  /** The text nodes under `root` (open shadow roots included) whose text contains `needle`. */
  function textNodesWith(doc, needle) {
    const found = [];
    const roots = [doc.body ?? doc.documentElement, ...dom.shadowRoots(doc)];
    for (const tree of roots) {
      const walker = (tree.ownerDocument ?? tree).createTreeWalker(tree, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node && found.length < 20; node = walker.nextNode()) {
        if (node.nodeValue.includes(needle)) {
          found.push(node);
        }
      }
    }
    return found;
  }

  const kindOf = (el) => `${el.tagName}.${firstClass(el)}`;

  /**
   * Whether every place `id` is printed sits in an entry of a list: a block with sibling blocks
   * of the same kind (same tag and first class: cards, rows, list items), another of which
   * names another of the page's labelled order ids ("Other sales: Sale #…, Sale #…", the
   * conversation list of a chat page, a table of the customer's orders).
   */
  function onlyInLists(doc, id, allIds) {
    const others = [...allIds].filter((other) => other !== id && !other.includes(id) && !id.includes(other));
    if (!others.length) {
      return false;
    }
    const nodes = textNodesWith(doc, id);
    if (!nodes.length) {
      return false;
    }
    return nodes.every((node) => {
      let el = node.parentElement;
      for (let depth = 0; el && depth < 8 && el !== doc.body; depth += 1, el = el.parentElement) {
        const parent = el.parentElement;
        if (!parent) {
          break;
        }
        const kind = kindOf(el);
        for (const sibling of parent.children) {
          if (sibling !== el && kindOf(sibling) === kind && others.some((other) => sibling.textContent.includes(other))) {
            return true;
          }
        }
      }
      return false;
    });
  }

  // ------------------------------------------------------------------ reading a page

  const ORDER = ["element", "aria", "column", "line"];

  /**
   * Whether a reference read next to an "_order.alt" label is the order's: a transaction id on
   * a Japanese page, an invoice number on an Indonesian one or in the "INV/20250309/…" form
   * Indonesian marketplaces give their orders. An invoice on other sites is a billing document.
   */
  function altOrderOk(id, locale, region) {
    return /^INV\/\d{8}\//i.test(id) || /^(ja|id)\b/i.test(locale ?? "") || region === "JP" || region === "ID";
  }

  function pickValues(pairs, hints) {
    const values = {};
    // Order ids by how they were found: the page's structure (a label element and its value),
    // then lines of text. The first tier that has any decides.
    const orderIds = { structure: new Set(), text: new Set(), listed: new Set(), alt: new Set(), labelled: false };
    const sorted = [...pairs].sort((a, b) => ORDER.indexOf(a.via) - ORDER.indexOf(b.via));
    for (const pair of sorted) {
      if (pair.field === "_other" || pair.field.startsWith("_item.")) {
        continue;
      }
      const kind = KIND[pair.field];
      // Free text after a label on the same line needs a colon ("Reason: Item not received");
      // "Reason Item not received" could be a sentence.
      if (!pair.strict && !pair.separated && ["name", "short", "text", "country"].includes(kind)) {
        continue;
      }
      if (pair.field === "order.id" && !pair.weak) {
        orderIds.labelled = true; // the page names its order somewhere, readable or not
      }
      const code = !pair.weak && (pair.strict || pair.separated);
      const value = readValue(pair.field, pair.raw, { strict: pair.strict, hints, code });
      if (value === null || value === "") {
        continue;
      }
      if (pair.list) {
        // A column of a list: never this page's value; its order ids mark list entries.
        if (pair.field === "order.id" || pair.field === "_order.alt") {
          orderIds.listed.add(value);
        }
        continue;
      }
      if (pair.field === "_order.alt") {
        if (pair.strict || pair.separated) {
          orderIds.alt.add(value);
        }
        continue;
      }
      if (pair.field === "order.id") {
        // "Order #99999 is an example in our help pages": an id in a sentence is weak.
        if (!pair.strict && dom.clean(pair.raw).split(/\s+/).length > 6) {
          continue;
        }
        orderIds[pair.via === "line" ? "text" : "structure"].add(value);
        if (pair.via === "line" && orderIds.structure.size) {
          continue;
        }
      }
      if (!(pair.field in values)) {
        values[pair.field] = value;
      }
    }
    values._orderIds = orderIds;
    return values;
  }

  /**
   * Read a page. `url` is the page's URL (a URL object or string; tests pass the page's original
   * address), `hints` = {platform, buyerName} from an adapter when one matched.
   */
  function read(doc = document, url = location.href, hints = {}) {
    const previous = activeSiteNames;
    try {
      return readPage(doc, url, hints);
    } finally {
      activeSiteNames = previous;
    }
  }

  function readPage(doc, url, hints) {
    const page = typeof url === "string" ? new URL(url) : url;
    const fields = {};
    const platform = platformFromHost(page.hostname) ?? platformFromPage(doc);
    if (platform) {
      fields.platform = platform;
    }
    const region = regionFromHost(page.hostname, hints.platform ?? platform);
    if (region) {
      fields.region = region;
    }
    const pageType = pageTypeFrom(doc, page);
    if (pageType) {
      fields.page_type = pageType;
    }
    fields.url = page.href;
    const locale = doc.documentElement.getAttribute("lang") || navigator.language;
    if (locale) {
      fields.page_locale = locale;
    }
    const amountHints = { region: region ?? undefined, locale };

    // The conversation first: its text is then kept out of the label/value reading, so a buyer
    // writing "my order number is 123" never becomes the order id.
    const structural = elementPairs(doc);
    const buyerFromLabels = pickValues(structural, amountHints)["buyer.name"];
    const knownBuyer = hints.buyerName ?? buyerFromLabels ?? null;
    const siteNames = siteNamesOf(doc, page);
    activeSiteNames = siteNames;
    const conversation = readConversation(doc, { buyerName: knownBuyer, siteNames });
    if (conversation.messages.length) {
      fields.messages = conversation.messages;
    }

    // The messages' own text is left out (the box around them may also hold the case's header).
    const messageBlocks = wholeBoxes(conversation.items);
    const lines = dom.pageLines(doc, { exclude: messageBlocks });
    const pairs = [...structural.filter((pair) => !pair.label || !dom.isInside(pair.label, messageBlocks)),
                   ...linePairs(lines)];
    const values = pickValues(pairs, amountHints);
    // The buyer's name printed as text ("Buyer: max_m") tells whose messages are whose.
    if (conversation.items.length && !conversation.answered && values["buyer.name"] && values["buyer.name"] !== knownBuyer) {
      const again = messagesFrom(conversation.items, { buyerName: values["buyer.name"], container: conversation.container,
        siteNames, reader: conversation.reader });
      if (again.length) {
        fields.messages = again;
      }
    }
    const found = values._orderIds;
    delete values._orderIds;
    // Ids of list entries (a column of other orders, sibling cards each naming an order) are
    // not the page's order; what is left decides.
    const allIds = new Set([...found.structure, ...found.text, ...found.listed]);
    const unlisted = (ids) => {
      let kept = new Set([...ids].filter((id) => !found.listed.has(id)));
      if (kept.size > 1) {
        kept = new Set([...kept].filter((id) => !onlyInLists(doc, id, allIds)));
      }
      return kept;
    };
    const structureIds = unlisted(found.structure);
    let orderIds = structureIds.size ? structureIds : unlisted(found.text);
    // No order label anywhere: the site's own order reference may go by another name
    // (取引ID on a Japanese flea market, the invoice on an Indonesian marketplace).
    const altIds = unlisted(found.alt);
    if (!orderIds.size && !found.labelled && found.listed.size === 0 && altIds.size === 1 &&
        altOrderOk([...altIds][0], locale, region)) {
      orderIds = altIds;
    }
    if (orderIds.size === 1) {
      values["order.id"] = [...orderIds][0];
    } else if (!orderIds.size) {
      delete values["order.id"];
    }

    const fromUrl = idsFromUrl(page);
    const fromTitle = idsFromTitle(doc.title);
    // Two different order ids next to "Order ID" labels: a list of orders, not one order.
    // Keep one only if the URL or the title names it.
    if (orderIds.size > 1) {
      const confirmed = [...orderIds].find((id) => id === fromUrl["order.id"] || id === fromTitle["order.id"]);
      if (confirmed) {
        values["order.id"] = confirmed;
      } else {
        // A list of orders: its dates and totals belong to no one order either.
        DC.log("generic: several order ids on the page, no order fields taken");
        for (const field of Object.keys(values)) {
          if (field.startsWith("order.") || field.startsWith("buyer.")) {
            delete values[field];
          }
        }
      }
    }
    for (const field of ["order.id", "dispute.id"]) {
      const id = values[field] ?? fromUrl[field] ?? fromTitle[field];
      if (id) {
        fields[field] = id;
      }
    }
    if (fields["dispute.id"] && fields["dispute.id"] === fields["order.id"] && !values["dispute.id"]) {
      delete fields["dispute.id"];
    }
    for (const [field, value] of Object.entries(values)) {
      if (field === "order.id" || field === "dispute.id" || field.startsWith("_")) {
        continue;
      }
      fields[field] = typeof value === "string" ? dom.cap(value, dom.LIMITS.field) : value;
    }
    // A bare "Status" is the dispute's on dispute-like pages.
    if (values._status && !fields["dispute.status"] &&
        ["dispute", "return", "claim", "chargeback"].includes(pageType)) {
      fields["dispute.status"] = values._status;
    }
    const items = readItems(doc);
    if (items) {
      fields["order.items"] = items;
    }
    const deadlines = readDeadlines(lines);
    if (deadlines.length) {
      fields.page_deadlines = deadlines;
    }
    return fields;
  }

  DC.generic = {
    read,
    readConversation,
    findThreads,
    messagesFrom,
    roleOfLabel,
    platformFromHost,
    regionFromHost,
    pageTypeFrom,
    readDeadlines,
    countryCode,
    readValue,
    labels: LABELS,
    /**
     * The value of `field` next to any of `labels` (this adapter's own wording) on the page,
     * read the generic way; null when none. For adapters: `DC.generic.valueByLabel(doc,
     * "order.id", ["Order ID", "订单号"])`.
     */
    valueByLabel(doc, field, labels, { root = null, hints = {} } = {}) {
      const table = dom.labelTable({ [field]: labels });
      const scope = root ?? doc;
      for (const el of dom.allElements(scope)) {
        if (el.childElementCount > 3 || !el.textContent || el.textContent.length > 60 || !table.exact(el.textContent)) {
          continue;
        }
        if (!dom.isVisible(el)) {
          continue;
        }
        let label = el;
        while (label.parentElement && label.parentElement !== scope &&
               dom.clean(label.parentElement.textContent) === dom.clean(el.textContent)) {
          label = label.parentElement;
        }
        for (const raw of valuesAfterLabel(label)) {
          const value = readValue(field, raw, { strict: true, hints });
          if (value !== null && value !== "") {
            return value;
          }
        }
      }
      // "Label: value" in one line of text.
      const lines = scope.nodeType === 9 ? dom.pageLines(scope) : dom.visibleText(scope).split("\n");
      for (const line of lines) {
        for (const cell of line.split("\t")) {
          const prefixed = table.prefix(cell.trim());
          if (prefixed && /^\s*[:：#]/.test(prefixed.rest)) {
            const value = readValue(field, prefixed.rest, { hints });
            if (value !== null && value !== "") {
              return value;
            }
          }
        }
      }
      return null;
    },
  };
})();
