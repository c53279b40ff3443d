// Tmall and Tmall Global (天猫 / 天猫国际): the seller back office's order detail, refund
// (售后) detail and platform-intervention pages.
//
// Tmall stores are run from the same back office as Taobao shops (千牛 / Qianniu on
// qn.taobao.com and myseller.taobao.com, refunds on refund2.*.com), so this file also holds the
// reader both adapters share, DC.alibabaBackOffice; taobao.js (injected after this file) uses
// it for Taobao shops. What the reader knows that the generic one does not: which URL is which
// page, that the order and refund ids are in the URL, the back office's own words for its
// fields (仅退款 / 退货退款, 退款编号, 实收款…), who 小二 and 系统 are in the negotiation
// history (the platform), and the status banner's countdown (还剩…). Everything else it leaves
// to the generic reader, field by field.
//
// Selectors, most durable first: URL patterns, visible label and heading text (the back office
// ships in Chinese only), ARIA roles; class names never.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic) {
    return;
  }
  const { dom, generic } = DC;

  DC.alibabaBackOffice = DC.alibabaBackOffice ?? backOffice();

  // Tmall's own hosts: refund2.tmall.com (售后 / refunds), trade.tmall.com (order detail),
  // rights.tmall.com (维权 / complaints); tmall.hk is Tmall Global's.
  const TMALL_HOST = /(^|\.)tmall\.(com|hk)$/i;

  DC.registerAdapter(DC.alibabaBackOffice.adapter({
    id: "tmall",
    platform: "tmall",
    // A Tmall host, or a 千牛 page on taobao.com that belongs to a Tmall store (checked on the
    // page itself, so only for the page's own address: DC.matchAdapter(url) of any other
    // taobao.com address leaves it to the Taobao adapter).
    matches: (url) => TMALL_HOST.test(url.hostname) ||
      (DC.alibabaBackOffice.isBackOffice(url) && DC.alibabaBackOffice.isOwnPage(url) &&
       DC.alibabaBackOffice.isTmallStore(document)),
  }));

  /** The reader Taobao's and Tmall's adapters share (one back office, two marketplaces). */
  function backOffice() {
    // Region by domain. Both marketplaces sell to mainland-China buyers: tmall.hk is Tmall
    // Global's brand domain (cross-border imports INTO the mainland), not a Hong Kong site.
    const REGIONS = [
      [/(^|\.)taobao\.com$/i, "CN"], // 千牛 (qn., myseller.), refund2., trade., rights.
      [/(^|\.)tmall\.com$/i, "CN"], // refund2.tmall.com, trade.tmall.com
      [/(^|\.)tmall\.hk$/i, "CN"], // Tmall Global
    ];

    // The seller back office on taobao.com: 千牛 (qn., myseller.), the refund system (refund2.),
    // the old order detail (trade.) and complaints (rights.).
    const BACK_OFFICE = /(^|\.)(qn|myseller|refund2|trade|rights)\.taobao\.com$/i;

    // Page variants by URL:
    //   refund2.{taobao,tmall}.com/dispute/detail.htm?disputeId=… | ?bizOrderId=…&disputeType=1
    //     (退款详情 / 售后详情), qn.taobao.com/home.htm/…refund…|…aftersale… (千牛's own 售后 pages)
    //     → return, or dispute once the platform has stepped in (see intervened());
    //   rights.{taobao,tmall}.com/complaint/… (维权 / 投诉) → dispute;
    //   qn.taobao.com/home.htm/trade-platform/tp/detail?bizOrderId=… (千牛 订单详情),
    //   trade.taobao.com/trade/detail/trade_item_detail.htm?bizOrderId=… (old, redirects to 千牛),
    //   trade.tmall.com/detail/orderDetail.htm?bizOrderId=… → order.
    function pageType(doc, url) {
      const where = `${url.hostname} ${url.pathname} ${url.hash}`.toLowerCase();
      if (/^rights\.|complaint/.test(where)) {
        return "dispute";
      }
      if (/^refund2\.|\/dispute\/|refund|after-?sale/.test(where)) {
        return intervened(doc) ? "dispute" : "return";
      }
      if (/trade-platform\/tp\/detail|trade_item_detail|orderdetail|trade_order_detail/.test(where) ||
          orderIdInUrl(url)) {
        return "order";
      }
      return null;
    }

    // The status banner says the platform has taken the case over: 小二介入 / 淘宝介入 /
    // 天猫介入 / 平台介入 / 客服介入 (refund detail, intervention variant). Read from the
    // banner and the headings only: the negotiation history mentions 介入 in old entries too.
    const INTERVENED = /小二(?:已)?介入|(?:淘宝|天猫|平台|客服)(?:已)?介入|介入处理中|维权/;
    function intervened(doc) {
      return [...statusBlocks(doc), ...dom.queryAll("h1, h2", doc)]
        .some((el) => dom.isVisible(el) && INTERVENED.test(dom.visibleText(el)));
    }

    // The status banner at the top of every detail page: role="status"/"alert" (every variant
    // so far), else the block under a 当前状态 / 退款状态 / 订单状态 heading.
    function statusBlocks(doc) {
      const marked = dom.queryAll("[role='status'], [role='alert']", doc).filter((el) => dom.isVisible(el));
      return marked.length ? marked : [block(doc, HEADINGS.status)].filter(Boolean);
    }

    const HEADINGS = {
      status: ["当前状态", "退款状态", "售后状态", "订单状态", "当前订单状态"],
      refund: ["退款信息", "售后信息", "退款详情", "申请信息", "维权信息", "投诉信息"],
      order: ["订单信息", "交易信息", "订单详情", "基本信息"],
      shipping: ["物流信息", "发货信息", "收货和物流信息", "物流详情"],
      history: ["协商历史", "协商记录", "协商详情", "售后记录", "退款协商历史", "处理记录", "留言记录"],
      customs: ["清关信息", "跨境信息", "海关信息"],
    };

    /** The block under a heading with one of `names` (<section aria-label>, role="region", or the heading's box). */
    function block(doc, names) {
      const wanted = new Set(names.map((name) => dom.normalise(name)));
      // Blocks labelled for assistive technology: <section aria-label="退款信息">.
      for (const el of dom.queryAll("section[aria-label], [role='region'][aria-label]", doc)) {
        if (wanted.has(dom.normalise(el.getAttribute("aria-label"))) && dom.isVisible(el)) {
          return el;
        }
      }
      // Visible headings: <h2>协商历史</h2> (every page variant so far).
      for (const heading of dom.queryAll("h1, h2, h3, h4, [role='heading']", doc)) {
        if (wanted.has(dom.normalise(heading.textContent)) && dom.isVisible(heading)) {
          return heading.closest("section, [role='region'], article") ?? heading.parentElement;
        }
      }
      return null;
    }

    // The back office's wording of each field (zh-CN; the back office has no other language).
    const LABELS = {
      "order.id": ["订单编号", "订单号", "主订单编号", "交易编号"],
      "dispute.id": ["退款编号", "退款单号", "售后单号", "售后编号", "维权编号", "投诉编号"],
      "order.placed_at": ["创建时间", "下单时间", "拍下时间", "订单创建时间"],
      "order.paid_at": ["付款时间", "支付时间"],
      "order.shipped_at": ["发货时间"],
      "order.delivered_at": ["签收时间", "确认收货时间", "成交时间"],
      "order.total": ["实收款", "买家实付", "实付款", "订单金额", "订单总额"],
      "buyer.name": ["买家昵称", "买家", "买家账号", "买家会员名"],
      "order.tracking.carrier": ["物流公司", "快递公司", "承运公司"],
      "order.tracking.number": ["运单号", "运单号码", "物流单号", "快递单号"],
      "order.tracking.status": ["物流状态"],
      "dispute.reason": ["退款原因", "售后原因", "申请原因", "维权原因", "投诉原因"],
      "dispute.request": ["退款类型", "售后类型", "服务类型", "买家要求", "申请类型"],
      "dispute.refund": ["退款金额", "申请退款金额", "退款金额（元）"],
      "dispute.status": ["退款状态", "售后状态", "维权状态", "处理状态"],
      // On a refund: when the buyer asked (the clock of Taobao's seller response rules).
      opened: ["申请时间", "退款申请时间", "售后申请时间", "发起时间", "申请退款时间"],
      // On an intervention or complaint page: when the platform stepped in.
      intervened: ["介入时间", "小二介入时间", "维权发起时间", "投诉时间"],
      // The returned parcel reached the seller (starts the 7-day refund rule).
      returnReceived: ["退货签收时间", "商家签收时间", "卖家确认收货时间", "退货到货时间"],
      // Tmall Global: customs released the declaration list (starts the 30/45-day return rules).
      customsRelease: ["清关放行时间", "海关放行时间", "放行时间", "清关完成时间"],
    };

    // What the buyer asked for, as the contract's codes (refund detail, 退款类型).
    const REQUESTS = [
      [/退货退款|退货并退款/, "return_and_refund"],
      [/仅退款|只退款/, "refund_only"],
    ];

    /** A field read with the back office's labels, in its blocks first, then anywhere on the page. */
    function labelled(field, labels = LABELS[field], blocks = ["refund", "order", "shipping", "customs"]) {
      return (doc) => {
        const hints = { locale: doc.documentElement.lang, region: "CN" };
        const history = block(doc, HEADINGS.history);
        for (const name of blocks) {
          const root = block(doc, HEADINGS[name]);
          if (root && root !== history) {
            const value = generic.valueByLabel(doc, field, labels, { root, hints });
            if (value !== null) {
              return value;
            }
          }
        }
        // Pages without those headings (a redesign): anywhere on the page.
        return generic.valueByLabel(doc, field, labels, { hints });
      };
    }

    /** A date under one of `labels`, whatever the field (valueByLabel checks the value by the field's kind). */
    const dateAt = (labels) => labelled("order.placed_at", labels);

    // Order numbers are 15–19 digits (19 since 2019); refund numbers the same shape.
    const LONG_ID = /^\d{12,20}$/;
    function param(url, names) {
      for (const [key, value] of url.searchParams) {
        if (names.includes(key.toLowerCase()) && LONG_ID.test(value)) {
          return value;
        }
      }
      return null;
    }
    const orderIdInUrl = (url) => param(url, ["bizorderid", "biz_order_id", "orderid", "tradeid"]);

    // Who wrote an entry of the negotiation history: its head names the party (买家 t**8 /
    // 卖家 / 商家 / 淘宝小二 / 天猫客服 / 系统). The platform's people first: "淘宝小二" holds no
    // buyer or seller word, "天猫客服" is not the shop's own 客服.
    function roleOf(item) {
      const head = dom.clean(dom.visibleText(item).split("\n")[0]).slice(0, 40);
      if (/^(?:淘宝|天猫|平台|官方)?小二|^(?:淘宝|天猫|平台)(?:客服|官方)?|^系统|^官方/.test(head)) {
        return "platform";
      }
      if (/^买家/.test(head)) {
        return "buyer";
      }
      if (/^(?:卖家|商家|我|店铺)/.test(head)) {
        return "seller";
      }
      return null;
    }

    function historyMessages(doc) {
      const root = block(doc, HEADINGS.history);
      if (!root) {
        return null;
      }
      // One list item per entry: <li> or role="listitem" (refund detail, every variant so far).
      const items = [...root.querySelectorAll("[role='listitem'], li")]
        .filter((el) => !el.parentElement.closest("[role='listitem'], li"));
      return items.length ? generic.messagesFrom(items, { roleOf, container: root }) : null;
    }

    // The countdown the banner prints ("还剩 1天10时22分05秒"): role="timer" elements (labelled
    // by aria-label), else the banner's lines read the generic way.
    function countdowns(doc) {
      const found = [];
      for (const timer of dom.queryAll("[role='timer']", doc)) {
        const text = dom.isVisible(timer) ? dom.clean(dom.visibleText(timer), { lines: false }) : "";
        if (text) {
          found.push({ label: dom.clean(timer.getAttribute("aria-label") ?? "", { lines: false }), text });
        }
      }
      if (found.length) {
        return found;
      }
      const lines = statusBlocks(doc).flatMap((el) => dom.visibleText(el).split("\n"));
      const read = generic.readDeadlines(lines);
      return read.length ? read : null;
    }

    // The items table of the order detail (宝贝 / 商品 column): title, the SKU properties line
    // ("颜色分类：雾霾蓝；尺码：M"), 商家编码 and the 数量 column.
    const SKU_PROPERTIES = /^(?:颜色分类|颜色|尺码|尺寸|规格|型号|款式|套餐类型|版本|容量|口味|净含量)[:：]/;
    function items(doc) {
      for (const table of dom.queryAll("table", doc)) {
        const rows = [...table.rows];
        const head = rows.find((row) => row.querySelector("th"));
        const names = head ? [...head.cells].map((cell) => dom.clean(cell.textContent)) : [];
        const titleAt = names.findIndex((name) => /^(宝贝|商品|宝贝名称|商品名称|商品信息)$/.test(name));
        if (titleAt < 0 || !dom.isVisible(table)) {
          continue;
        }
        const quantityAt = names.findIndex((name) => /^(数量|购买数量)$/.test(name));
        const found = [];
        for (const row of rows.slice(rows.indexOf(head) + 1)) {
          const cell = row.cells[titleAt];
          if (!cell) {
            continue;
          }
          const lines = dom.visibleText(cell).split("\n").map((line) => line.trim()).filter(Boolean);
          const title = dom.clean(cell.querySelector("a")?.textContent ?? "") || lines[0];
          if (!title) {
            continue;
          }
          const item = { title };
          const variant = lines.filter((line) => SKU_PROPERTIES.test(line)).join("；");
          if (variant) {
            item.variant = variant;
          }
          const sku = lines.map((line) => /^(?:商家编码|商品编码|货号)[:：]\s*(\S+)/.exec(line)?.[1]).find(Boolean);
          if (sku) {
            item.sku = sku;
          }
          const quantity = quantityAt >= 0 ? /^\s*[x×]?\s*(\d{1,5})\s*$/i.exec(row.cells[quantityAt]?.textContent ?? "") : null;
          if (quantity) {
            item.quantity = Number(quantity[1]);
          }
          found.push(item);
        }
        if (found.length) {
          return found;
        }
      }
      return null;
    }

    // The reply box of a refund or intervention page: the 留言 / 回复 / 协商 textarea (its label,
    // aria-label or placeholder says so). The order page's 备注 (the seller's private memo) is
    // never it, so an unlabelled box is not taken.
    const REPLY_LABEL = /留言|回复|协商|发表|说明|给买家/;
    const NOT_REPLY = /备注|搜索|地址/;
    function replyBox(doc) {
      for (const box of dom.queryAll("textarea, [contenteditable='true']", doc)) {
        const said = [box.getAttribute("aria-label"), box.getAttribute("placeholder"),
          box.labels?.[0]?.textContent, box.id && doc.querySelector(`label[for='${CSS.escape(box.id)}']`)?.textContent]
          .filter(Boolean).join(" ");
        if (dom.isVisible(box) && REPLY_LABEL.test(said) && !NOT_REPLY.test(said)) {
          return box;
        }
      }
      return null;
    }

    // A Tmall store's 千牛 page: the workbench names the store type in its header or logo
    // (天猫商家 / 天猫国际 / Tmall), or the order shows the 天猫 mark (order detail).
    const TMALL_MARK = /天猫|tmall/i;
    function isTmallStore(doc) {
      const named = [
        ...[...doc.querySelectorAll("header img[alt], img[alt*='logo' i], [role='banner'] img[alt]")].map((img) => img.getAttribute("alt")),
        ...[...doc.querySelectorAll("header, [role='banner']")].map((el) => el.textContent.slice(0, 300)),
        doc.querySelector("meta[name='application-name']")?.getAttribute("content"),
        ...[...doc.querySelectorAll("[aria-label*='店铺类型'], [title*='天猫']")].map((el) => `${el.getAttribute("aria-label") ?? ""} ${el.title ?? ""}`),
      ];
      return named.some((text) => text && TMALL_MARK.test(text));
    }

    /** Whether `url` is the address of the page this script runs in (see DC.pageUrl). */
    function isOwnPage(url) {
      try {
        return typeof DC.pageUrl === "function" && DC.pageUrl(document, location).href === url.href;
      } catch (error) {
        return false;
      }
    }

    /** An adapter for one of the two marketplaces: {id, platform, matches}. */
    function adapter({ id, platform, matches }) {
      return {
        id,
        platform,
        pageTypes: ["order", "return", "dispute"],
        matches,
        pageType,
        region: (url) => REGIONS.find(([pattern]) => pattern.test(url.hostname))?.[1] ?? null,
        keyFields: { order: ["order.id"], return: ["order.id", "dispute.id", "messages"], dispute: ["order.id", "dispute.id"] },
        fields: {
          // 千牛 and refund URLs carry the order (?bizOrderId=) and refund (?disputeId=) ids.
          "order.id": (doc, url) => orderIdInUrl(url) ?? (() => {
            const value = labelled("order.id")(doc);
            return value && LONG_ID.test(value) ? value : null;
          })(),
          "dispute.id": (doc, url) => param(url, ["disputeid", "refundid"]) ?? labelled("dispute.id")(doc),
          "order.placed_at": labelled("order.placed_at"),
          "order.paid_at": labelled("order.paid_at"),
          "order.shipped_at": labelled("order.shipped_at"),
          "order.delivered_at": labelled("order.delivered_at"),
          "order.total": labelled("order.total"),
          "order.items": items,
          "order.tracking.carrier": labelled("order.tracking.carrier"),
          "order.tracking.number": labelled("order.tracking.number"),
          "order.tracking.status": labelled("order.tracking.status"),
          "buyer.name": labelled("buyer.name"),
          "dispute.reason": labelled("dispute.reason"),
          "dispute.request": (doc) => {
            const raw = labelled("dispute.request")(doc);
            return raw ? (REQUESTS.find(([pattern]) => pattern.test(raw))?.[1] ?? raw) : null;
          },
          "dispute.refund": labelled("dispute.refund"),
          "dispute.status": labelled("dispute.status"),
          // A refund opens when the buyer applies; an intervention when the platform steps in
          // (the refund's own application time is the fallback).
          "dispute.opened_at": (doc, url) => (pageType(doc, url) === "dispute" ? dateAt(LABELS.intervened)(doc) : null) ??
            dateAt(LABELS.opened)(doc),
          // Clocks the page shows that the contract has no field for (api-contract: unknown
          // fields are kept; the policy packs read events.*).
          "events.return_received": dateAt(LABELS.returnReceived),
          "events.customs_release": dateAt(LABELS.customsRelease),
          "messages": historyMessages,
          "page_deadlines": countdowns,
        },
        replyBox,
      };
    }

    return { adapter, isBackOffice: (url) => BACK_OFFICE.test(url.hostname), isOwnPage, isTmallStore, roleOf };
  }
})();
