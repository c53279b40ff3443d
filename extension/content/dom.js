// Shared helpers for reading pages: visible text, cleaning, label matching in many languages,
// open shadow roots, amounts and date-like text. The generic adapter (generic.js), the
// marketplace adapters (platforms/*.js) and the framework (scrape.js) all use DC.dom.
//
// Everything here only READS the page. Reads of layout (getBoundingClientRect, computed style,
// innerText) are fine in any number as long as nothing writes between them: the browser lays
// the page out once and answers the rest from that layout.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC || DC.dom) {
    return;
  }

  // The caps the server accepts (api-contract: message text ≤ 100k, ≤ 2000 messages); ours are
  // lower so one scrape stays small and fast.
  const LIMITS = { message: 20_000, messages: 500, field: 2_000, selection: 5_000 };

  // Zero-width characters, bidi controls and the BOM: pages put them inside ids and names
  // (copy protection, RTL layout), and they would make "8123456789" differ from itself.
  // ZWJ (U+200D) stays between two non-ASCII characters: there it builds emoji sequences (woman
  // ZWJ woman ZWJ girl is one family; without it, three people), and a buyer's message is
  // evidence. Next to ASCII (inside an id) it goes too. ZWNJ goes everywhere, so that Persian
  // labels match however the page spells them.
  const INVISIBLE = /[\u00ad\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff]|(?<![^\u0000-\u007f])\u200d|\u200d(?![^\u0000-\u007f])/g;
  // C0/C1 control characters except tab and line breaks.
  const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

  // Anything clean() has to change; most text has none of it and takes the fast path.
  const NEEDS_WORK = /[\u0000-\u0009\u000b-\u001f\u007f-\u00a0\u00ad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]| [ \n]|\n[ \n]/;

  /** Text without invisible and control characters, spaces collapsed per line, trimmed. */
  function clean(text, { lines = true } = {}) {
    if (text == null) {
      return "";
    }
    if (!NEEDS_WORK.test(text)) {
      const plain = String(text).trim();
      return lines || !plain.includes("\n") ? plain : plain.replace(/\n/g, " ");
    }
    let value = String(text).replace(INVISIBLE, "").replace(CONTROL, "").replace(/\r\n?/g, "\n");
    value = value.replace(/[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000 ]+/g, " ");
    if (lines) {
      value = value.split("\n").map((line) => line.trim()).join("\n").replace(/\n{3,}/g, "\n\n");
    } else {
      value = value.replace(/\s*\n\s*/g, " ");
    }
    return value.trim();
  }

  /** `text` cut to `max` characters (on a whole character, never half a surrogate pair). */
  function cap(text, max = LIMITS.field) {
    if (typeof text !== "string" || text.length <= max) {
      return text;
    }
    const chars = Array.from(text.slice(0, max + 1));
    return chars.slice(0, max).join("").slice(0, max);
  }

  let normalised = null; // text → normalise(text), during DC.dom.cached()

  /**
   * The form labels are compared in: compatibility-normalised (full-width "：" and "＃" become
   * ":" and "#", "№" becomes "No"), lower case, dots dropped ("Order No." = "Order No",
   * "N.º" = "Nº"), the ordinal signs read as "o" ("N° de commande" = "Nº do pedido" form),
   * one space between words, no trailing colon or dash.
   */
  function normalise(text) {
    const source = String(text ?? "");
    const known = normalised?.get(source);
    if (known !== undefined) {
      return known;
    }
    const value = normaliseUncached(source);
    normalised?.set(source, value);
    return value;
  }

  function normaliseUncached(text) {
    return clean(text, { lines: false })
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[°º]/g, "o")
      .replace(/\./g, "")
      .replace(/\s*([#:])\s*/g, (_, mark) => (mark === "#" ? " #" : ":"))
      .replace(/\s+/g, " ")
      .replace(/[\s:\-–—|*]+$/u, "")
      .replace(/^[\s*•·|]+/u, "")
      .trim();
  }

  const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  /**
   * A label table compiled for matching: `{field: ["Order ID", "订单号", …]}` →
   * `exact(text)` (the field whose label is the whole text) and `prefix(text)` (a label at the
   * start of the text → {field, label, rest}, rest being the original text after the label).
   */
  function labelTable(table) {
    const byLabel = new Map(); // normalised label → field
    const bySqueezed = new Map(); // the same without spaces ("orderid" = "order id")
    for (const [field, labels] of Object.entries(table)) {
      for (const label of labels) {
        const key = normalise(label);
        if (key && !byLabel.has(key)) {
          byLabel.set(key, field);
          bySqueezed.set(key.replace(/\s/g, ""), field);
        }
      }
    }
    const longest = Math.max(0, ...[...bySqueezed.keys()].map((key) => key.length));
    // A quick no before normalising: the first letter of every label (most page text, numbers
    // and amounts among it, starts with something no label does).
    const firsts = new Set([...byLabel.keys()].map((key) => key[0]));
    const mayStart = (text) => {
      const first = /[^\s*•·|#:：\u200b-\u200f\ufeff]/u.exec(text)?.[0];
      return first !== undefined && firsts.has(first.normalize("NFKC").toLowerCase()[0]);
    };
    return {
      fields: Object.keys(table),
      exact(text) {
        if (!text || text.length > longest * 2 + 12 || !mayStart(text)) {
          return null;
        }
        const key = normalise(text);
        return byLabel.get(key) ?? bySqueezed.get(key.replace(/\s/g, "")) ?? null;
      },
      prefix(text) {
        if (!text || !mayStart(text)) {
          return null;
        }
        // The longest label the text starts with ("order total" over "total"), compared
        // without spaces so "Order ID" and "OrderID" are one label.
        const norm = normalise(String(text).slice(0, 200));
        let best = null;
        let squeezed = "";
        for (let i = 0; i < norm.length && squeezed.length < longest; i += 1) {
          if (norm[i] === " ") {
            continue;
          }
          squeezed += norm[i];
          const field = bySqueezed.get(squeezed);
          // After a label of a spaced script the next character must not be a letter ("order
          // id" is not the start of "order identity"); CJK and Thai labels run straight into
          // their value ("订单号8123").
          if (field && !(/\p{L}/u.test(norm.charAt(i + 1)) && SPACED_SCRIPT_END.test(norm[i]))) {
            best = { field, label: norm.slice(0, i + 1) };
          }
        }
        return best ? { ...best, rest: restAfter(text, best.label) } : null;
      },
    };
  }

  const SPACED_SCRIPT_END = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Hangul}]$/u;

  // One character as normalise() treats it, spaces and dots gone: lets restAfter() find where a
  // normalised label ends in the original text.
  const normaliseChar = (char) => char.normalize("NFKC").toLowerCase().replace(/[°º]/g, "o").replace(/[.\s]/g, "");

  /** The original text after a label that matched its normalised form. */
  function restAfter(text, normalisedLabel) {
    const source = clean(text, { lines: false });
    const target = normalisedLabel.replace(/\s/g, "").length;
    let seen = 0;
    for (let i = 0; i < source.length; i += 1) {
      seen += normaliseChar(source[i]).length;
      if (seen >= target) {
        // Dots that close the label ("Order No.") belong to it.
        let end = i + 1;
        while (source[end] === ".") {
          end += 1;
        }
        return source.slice(end);
      }
    }
    return "";
  }

  // ------------------------------------------------------------------ the page's elements

  const SKIPPED_TAGS = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "svg", "CANVAS", "IFRAME",
                                "OBJECT", "HEAD", "META", "LINK"]);

  // One scrape walks the page several times (labels, the thread, tables, shadow roots) and
  // compares the same texts more than once; within DC.dom.cached(fn) the element list is built
  // once and each text normalised once.
  let cache = null;

  /** Run `fn` with the element walk and normalise() cached (the page must not change meanwhile). */
  function cached(fn) {
    const previous = [cache, normalised];
    cache = new Map();
    normalised = new Map();
    try {
      return fn();
    } finally {
      [cache, normalised] = previous;
    }
  }

  /** Every element under `root`, including those inside open shadow roots (document order per tree). */
  function allElements(root = document) {
    const known = cache?.get(root);
    if (known) {
      return known;
    }
    const out = [];
    const stack = [root];
    while (stack.length) {
      const tree = stack.pop();
      for (const el of tree.querySelectorAll("*")) {
        if (SKIPPED_TAGS.has(el.tagName)) {
          continue;
        }
        out.push(el);
        if (el.shadowRoot) {
          stack.push(el.shadowRoot);
        }
      }
    }
    cache?.set(root, out);
    return out;
  }

  /** The open shadow roots under `root`. */
  function shadowRoots(root = document) {
    const roots = [];
    for (const el of allElements(root)) {
      if (el.shadowRoot) {
        roots.push(el.shadowRoot);
      }
    }
    return roots;
  }

  /** querySelectorAll that also looks inside open shadow roots. */
  function queryAll(selector, root = document) {
    const found = [...root.querySelectorAll(selector)];
    for (const shadow of shadowRoots(root)) {
      found.push(...shadow.querySelectorAll(selector));
    }
    return found;
  }

  /**
   * Whether the seller can see `el`: rendered, not hidden by CSS or the hidden attribute.
   * (aria-hidden hides from screen readers only; pages use it on text the seller does see.)
   */
  function isVisible(el) {
    if (!el || el.nodeType !== 1) {
      return false;
    }
    if (el.closest?.("[hidden]")) {
      return false;
    }
    if (typeof el.checkVisibility === "function") {
      return el.checkVisibility({ checkOpacity: false, checkVisibilityCSS: true });
    }
    const style = getComputedStyle(el);
    return style.display !== "none" && style.visibility !== "hidden" && el.getClientRects().length > 0;
  }

  /** The text the seller sees in `el` (line breaks where the page breaks lines), cleaned. */
  function visibleText(el) {
    if (!el) {
      return "";
    }
    if (el.nodeType === 11) { // a shadow root: its children's text, one block each
      return clean([...el.children].map((child) => visibleText(child)).filter(Boolean).join("\n"));
    }
    if (el.nodeType !== 1) {
      return clean(el.textContent);
    }
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
      return clean(el.value);
    }
    // innerText is empty for elements that are not rendered; a detached or display:none node
    // has no visible text at all.
    let text = typeof el.innerText === "string" ? el.innerText : el.textContent;
    if (el.shadowRoot) {
      text = `${text}\n${visibleText(el.shadowRoot)}`;
    }
    return clean(text);
  }

  /**
   * The visible text of the whole page as lines, with the text of open shadow roots appended
   * (innerText does not enter shadow trees). `exclude` is an element whose text is cut out
   * (the message thread, so what a buyer writes is never read as an order field).
   */
  function pageLines(doc = document, { exclude = null } = {}) {
    const body = doc.body ?? doc.documentElement;
    if (!body) {
      return [];
    }
    const excluded = (Array.isArray(exclude) ? exclude : exclude ? [exclude] : []).filter((el) => el?.nodeType === 1);
    let text = body.innerText ?? body.textContent ?? "";
    // Each excluded element's text, cut where it is printed: in document order, each one
    // searched after the one before.
    let from = 0;
    for (const el of excluded) {
      const cut = el.isConnected && el.getRootNode() === doc ? (el.innerText ?? "").trim() : "";
      if (!cut) {
        continue;
      }
      const at = text.indexOf(cut, from);
      if (at >= 0) {
        text = `${text.slice(0, at)}\n${text.slice(at + cut.length)}`;
        from = at + 1;
      }
    }
    const parts = [text];
    for (const shadow of shadowRoots(doc)) {
      if (!isVisible(shadow.host) || isInside(shadow.host, excluded)) {
        continue;
      }
      for (const child of shadow.children) {
        if (!SKIPPED_TAGS.has(child.tagName) && !excluded.some((el) => el === child || child.contains(el) || el.contains(child))) {
          parts.push(child.innerText ?? "");
        }
      }
    }
    const lines = [];
    for (const part of parts) {
      for (const raw of part.split("\n")) {
        // Table cells come separated by tabs: keep them, the label/value reader splits on them.
        const line = raw.replace(INVISIBLE, "").replace(CONTROL, "").replace(/[ \u00a0\u3000]+/g, " ").trim();
        if (line) {
          lines.push(line);
        }
      }
    }
    return lines;
  }

  /** Whether `node` is one of `elements` or inside one of them (across shadow boundaries). */
  function isInside(node, elements) {
    if (!elements?.length) {
      return false;
    }
    for (let at = node; at; at = at.parentNode ?? at.host ?? null) {
      if (at.nodeType === 1 && elements.includes(at)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ amounts

  // Currency signs and words as pages print them. A bare "$", "kr" or "¥" is ambiguous: the
  // site's region decides (DOLLAR_REGIONS, KRONA_REGIONS; "¥" is yen in Japan and on Japanese
  // pages, yuan elsewhere), else "$" is US dollars (cross-border seller centres print USD).
  const CURRENCY_SIGNS = [
    ["US $", "USD"], ["US$", "USD"], ["USD$", "USD"], ["CA$", "CAD"], ["CAD$", "CAD"], ["AU $", "AUD"],
    ["AU$", "AUD"], ["A$", "AUD"], ["C $", "CAD"], ["C$", "CAD"], ["NZ$", "NZD"], ["HK$", "HKD"],
    ["S$", "SGD"], ["SG$", "SGD"], ["MX$", "MXN"], ["NT$", "TWD"], ["R$", "BRL"], ["RD$", "DOP"],
    ["€", "EUR"], ["£", "GBP"], ["₽", "RUB"], ["руб", "RUB"], ["₹", "INR"], ["₩", "KRW"], ["₺", "TRY"],
    ["zł", "PLN"], ["₫", "VND"], ["฿", "THB"], ["Rp", "IDR"], ["RM", "MYR"], ["₱", "PHP"], ["₪", "ILS"],
    ["元", "CNY"], ["円", "JPY"], ["원", "KRW"], ["Kč", "CZK"], ["Ft", "HUF"], ["lei", "RON"], ["TL", "TRY"],
    ["ر.س", "SAR"], ["د.إ", "AED"], ["₴", "UAH"], ["₸", "KZT"], ["CHF", "CHF"], ["Fr.", "CHF"],
  ];
  const ISO_CURRENCIES = new Set(("USD EUR GBP CNY RMB JPY KRW RUB BRL MXN ARS CLP COP PEN UYU CAD AUD NZD HKD SGD TWD " +
    "INR IDR MYR THB VND PHP TRY PLN CZK HUF RON SEK NOK DKK CHF ILS SAR AED EGP ZAR UAH KZT BGN").split(" "));
  const DOLLAR_REGIONS = { AU: "AUD", CA: "CAD", NZ: "NZD", HK: "HKD", SG: "SGD", MX: "MXN", AR: "ARS", CL: "CLP",
                           CO: "COP", UY: "UYU", TW: "TWD" };
  const KRONA_REGIONS = { SE: "SEK", NO: "NOK", DK: "DKK" };
  // Currencies printed without decimals, where "150.000" is a hundred and fifty thousand.
  const ZERO_DECIMALS = new Set(["JPY", "KRW", "IDR", "VND", "CLP", "COP", "HUF", "TWD", "UYU"]);
  // Locales that write 1.234,56: a lone ".ddd" there groups thousands.
  const COMMA_DECIMAL = /^(de|fr|es|pt|it|pl|tr|ru|nl|id|vi|cs|da|sv|nb|no|fi|ro|uk|hu|el|bg)\b/i;

  const NUMBER = String.raw`\d{1,3}(?:[ ,.'\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
  const SIGNED_NUMBER = new RegExp(`(-|−)?(${NUMBER})`);

  /**
   * The first amount in `text` as {amount: "1299.00", currency: "EUR"} (currency absent when
   * the page does not say), or null. `hints` = {region, locale} settle "$", "¥", "kr" and
   * "1.299". The text must be mostly the amount: "Total items: 3" is not an amount.
   */
  function parseAmount(text, hints = {}) {
    const source = clean(text, { lines: false });
    if (!source || source.length > 80 || !/\d/.test(source)) {
      return null;
    }
    const numberMatch = SIGNED_NUMBER.exec(source);
    if (!numberMatch) {
      return null;
    }
    const before = source.slice(0, numberMatch.index).trim();
    const after = source.slice(numberMatch.index + numberMatch[0].length).trim();
    let currency = currencyIn(before, hints, "before") ?? currencyIn(after, hints, "after");
    // What is left once the amount and its currency are gone must be small: "(2 items)" or
    // "incl. VAT" may trail, a sentence may not.
    const leftover = `${before} ${after}`.replace(/[A-Za-z]{3}|[^\p{L}]+/gu, "").length;
    if (!currency && leftover > 0) {
      return null;
    }
    if (leftover > 24) {
      return null;
    }
    const amount = normaliseNumber(numberMatch[2], currency, hints.locale);
    if (amount === null) {
      return null;
    }
    if (!currency && !/[.,]\d{2}$/.test(numberMatch[2])) {
      return null; // "3" alone is a count, not money
    }
    const result = { amount: numberMatch[1] ? `-${amount}` : amount };
    if (currency) {
      result.currency = currency;
    }
    return result;
  }

  function currencyIn(text, hints, side) {
    if (!text) {
      return null;
    }
    const near = side === "before" ? text.slice(-8) : text.slice(0, 8);
    for (const [sign, code] of CURRENCY_SIGNS) {
      if (near.includes(sign)) {
        if (sign === "TL" && !/\bTL\b/.test(near)) {
          continue;
        }
        if ((sign === "RM" || sign === "Rp" || sign === "Ft") && !new RegExp(`(^|[^A-Za-z])${sign}([^A-Za-z]|$)`).test(near)) {
          continue;
        }
        return code;
      }
    }
    const iso = /\b([A-Z]{3})\b/.exec(near);
    if (iso && ISO_CURRENCIES.has(iso[1])) {
      return iso[1] === "RMB" ? "CNY" : iso[1];
    }
    if (/[¥￥]/.test(near)) {
      return hints.region === "JP" || /^ja/i.test(hints.locale ?? "") ? "JPY" : "CNY";
    }
    if (/\bkr\.?/i.test(near)) {
      return KRONA_REGIONS[hints.region] ?? null;
    }
    if (/\$/.test(near)) {
      return DOLLAR_REGIONS[hints.region] ?? "USD";
    }
    if (/р\.|₽|руб/i.test(near)) {
      return "RUB";
    }
    return null;
  }

  /** "1.299,00" → "1299.00", "1,299.00" → "1299.00", "150.000" (IDR) → "150000", "23,5" → "23.5". */
  function normaliseNumber(raw, currency, locale) {
    let text = raw.replace(/[ '\u00a0\u202f]/g, "");
    const lastDot = text.lastIndexOf(".");
    const lastComma = text.lastIndexOf(",");
    if (lastDot >= 0 && lastComma >= 0) {
      const decimal = lastDot > lastComma ? "." : ",";
      const group = decimal === "." ? "," : ".";
      text = text.split(group).join("").replace(decimal, ".");
    } else if (lastComma >= 0 || lastDot >= 0) {
      const mark = lastComma >= 0 ? "," : ".";
      const pieces = text.split(mark);
      const tail = pieces[pieces.length - 1];
      const grouped = pieces.length > 2 || (tail.length === 3 &&
        (mark === "," || ZERO_DECIMALS.has(currency) || COMMA_DECIMAL.test(locale ?? "")));
      text = grouped ? pieces.join("") : `${pieces.slice(0, -1).join("")}.${tail}`;
    }
    return /^\d+(\.\d+)?$/.test(text) ? text : null;
  }

  // ------------------------------------------------------------------ dates and times

  // Month names and abbreviations in the languages the generic reader knows; only used to tell
  // that a text is a date, never to parse it (the server does that from the raw text).
  const MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|" +
    "august|september|october|november|december|janv|févr|fevr|mars|avr|mai|juin|juil|août|aout|déc|janvier|" +
    "février|avril|juillet|septembre|octobre|novembre|décembre|ene|abr|ago|set|out|dic|dez|enero|febrero|marzo|" +
    "mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|" +
    "setembro|outubro|dezembro|jän|märz|okt|januar|februar|juni|juli|oktober|dezember|gen|mag|giu|lug|ott|" +
    "gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|sty|lut|kwi|maj|cze|lip|sie|wrz|" +
    "paź|lis|gru|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|" +
    "grudnia|oca|şub|nis|haz|tem|ağu|eyl|eki|kas|ara|ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|" +
    "ekim|kasım|aralık|mrt|mei|janvāris|янв|фев|мар|апр|мая|май|июн|июл|авг|сен|окт|ноя|дек|января|февраля|" +
    "марта|апреля|июня|июля|августа|сентября|октября|ноября|декабря|thg|tháng|มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|" +
    "พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|ม\\.ค|ก\\.พ|มี\\.ค|เม\\.ย|พ\\.ค|มิ\\.ย|ก\\.ค|" +
    "ส\\.ค|ก\\.ย|ต\\.ค|พ\\.ย|ธ\\.ค|januari|februari|maret|mei|juni|juli|agustus|oktober|desember|agu|des|" +
    "يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|ינואר|פברואר|מרץ|אפריל|מאי|יוני|" +
    "יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר");
  // Month names are looked up in a Set, word by word, rather than matched by one huge
  // case-insensitive Unicode regex: compiling that cost ~10 ms on every page the extension
  // was opened on. Dates: "3 May 2024", "3 de mayo de 2024", "3. Mai 2024", "3 мая 2024",
  // "May 3, 2024", "Nov 24", "May 3rd, 2024".
  const MONTH_WORDS = new Set(MONTHS.split("|").map((month) => month.replace(/\\/g, "")));
  const DAY_TOKEN = /^\d{1,2}(?:st|nd|rd|th|er|\.)?,?$/;
  const YEAR_TOKEN = /^\d{4},?$/;
  const MONTH_DATE = {
    /** The first day-and-month-name date in `text`, like a RegExp match ([0], index), or null. */
    exec(text) {
      // Numbers and words as separate tokens, also when glued ("Покупатель3 мая 2024").
      const tokens = [...String(text).matchAll(/\d+(?:st|nd|rd|th|er)?\.?|[^\s,\d]+/g)];
      for (let k = 0; k < tokens.length; k += 1) {
        const word = tokens[k][0].toLowerCase().replace(/[.:;)\]»"']+$/, "").replace(/^[(\[«"']+/, "");
        if (!MONTH_WORDS.has(word)) {
          continue;
        }
        let first = k;
        let last = k;
        // A day is a number on its own, not the hours of a clock ("Sie 12:00" is no date).
        const isDay = (token) => token && DAY_TOKEN.test(token[0]) && text[token.index + token[0].length] !== ":";
        const before = tokens[k - 1]?.[0] === "de" ? k - 2 : k - 1;
        if (before >= 0 && isDay(tokens[before])) {
          first = before; // "3 May", "3 de mayo", "3. Mai"
        } else if (isDay(tokens[k + 1])) {
          last = k + 1; // "May 3", "Nov 24,"
        } else {
          continue;
        }
        const afterMonth = tokens[last + 1]?.[0] === "de" ? last + 2 : last + 1;
        if (tokens[afterMonth] && YEAR_TOKEN.test(tokens[afterMonth][0])) {
          last = afterMonth;
        }
        const start = tokens[first].index + (/^[(\[«"']+/.exec(tokens[first][0])?.[0].length ?? 0);
        const end = tokens[last].index + tokens[last][0].length;
        return Object.assign([text.slice(start, end).replace(/,$/, "")], { index: start });
      }
      return null;
    },
    test(text) {
      return this.exec(text) !== null;
    },
  };
  const NUMERIC_DATE = /(?<!\d)(?:\d{4}[-/.年]\s?\d{1,2}[-/.月]\s?\d{1,2}日?|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}년\s?\d{1,2}월\s?\d{1,2}일|\d{1,2}月\s?\d{1,2}日)(?!\d)/u;
  // "08:12", "8:12 PM", and the French and Portuguese "09h12".
  const CLOCK = /(?<![\d:])\d{1,2}(?::\d{2}(?::\d{2})?|h\d{2}(?![\d\p{L}]))(?:\s?[AaPp]\.?[Mm]\.?)?(?![\d:])/u;
  const RELATIVE_DAY = /^(?:today|yesterday|hoy|ayer|hoje|ontem|aujourd'hui|hier|heute|gestern|oggi|ieri|dzisiaj|wczoraj|bugün|dün|сегодня|вчера|今天|昨天|今日|昨日|오늘|어제|hôm nay|hôm qua|วันนี้|เมื่อวาน|hari ini|kemarin|vandaag|gisteren|היום|אתמול|اليوم|أمس)\b/iu;

  // Arabic-Indic (٠-٩) and Extended Arabic-Indic (۰-۹) digits: Arabic and Persian pages print
  // times and countdowns in them. Each maps to one ASCII digit, so positions stay the same.
  const EASTERN_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/;
  const EASTERN_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
  function asciiDigits(text) {
    const value = String(text ?? "");
    return EASTERN_DIGIT.test(value) ? value.replace(EASTERN_DIGITS, (digit) => String(digit.charCodeAt(0) & 0xf)) : value;
  }

  /** Whether `text` is only a day word: "Today", "Ontem", "昨天" (a day divider in a thread). */
  function isDayWord(text) {
    const value = clean(text, { lines: false });
    return value.length <= 24 && RELATIVE_DAY.test(value) && RELATIVE_DAY.exec(value)[0].length === value.length;
  }

  /** Whether `text` is (mostly) a date or time as pages print them ("Placed on May 3, 2024" is). */
  function looksLikeDate(text) {
    const value = clean(text, { lines: false });
    if (!value || value.length > 60 || !/\d/.test(asciiDigits(value))) {
      return false;
    }
    const date = dateIn(value);
    if (!date) {
      return false;
    }
    const rest = value.replace(date, " ").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    return rest.split(" ").filter(Boolean).length <= 3;
  }

  /** The date or time part of `text` ("Sent May 3, 2024 8:12 PM" → "May 3, 2024 8:12 PM"), or null. */
  function dateIn(text) {
    const original = clean(text, { lines: false });
    // Matched on ASCII digits; the page's own text is returned.
    const value = asciiDigits(original);
    if (!value || !/\d/.test(value)) {
      return null;
    }
    const found = dateSpan(value);
    return found && original.slice(found[0], found[1]).trim().replace(/[,;·|]$/, "").trim();
  }

  /** [start, end] of the date or time in `value` (ASCII digits), or null. */
  function dateSpan(value) {
    const iso = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/.exec(value);
    if (iso) {
      return [iso.index, iso.index + iso[0].length];
    }
    const date = NUMERIC_DATE.exec(value) ?? MONTH_DATE.exec(value);
    const relative = RELATIVE_DAY.exec(value);
    const clock = CLOCK.exec(value);
    let start;
    let end;
    // A day and month in words without a year ("3 out", "May 3") is a date only next to a time.
    const wordDate = date && !NUMERIC_DATE.test(date[0]) && !/\d{4}/.test(date[0]);
    const dateEnd = date ? date.index + date[0].length : 0;
    if (date && wordDate && !(clock && clock.index >= dateEnd && clock.index - dateEnd <= 6)) {
      return clock ? [clock.index, clock.index + clock[0].length] : null;
    }
    if (date) {
      [start, end] = [date.index, date.index + date[0].length];
    } else if (relative) {
      [start, end] = [relative.index, relative.index + relative[0].length];
    }
    if (clock) {
      const clockEnd = clock.index + clock[0].length;
      if (start === undefined) {
        [start, end] = [clock.index, clockEnd];
      } else if (clock.index >= end && clock.index - end <= 6) {
        end = clockEnd; // "May 3, 2024 8:12" and "2024-05-03, 08:12"
      } else if (clockEnd <= start && start - clockEnd <= 6) {
        start = clock.index; // "08:12 03/05/2024"
      }
    }
    if (start === undefined) {
      return null;
    }
    // A zone or weekday that trails the time belongs to it ("8:12 PDT", "(GMT+8)").
    const tail = /^\s?(?:[A-Z]{2,5}|\(?(?:GMT|UTC)[+-]\d{1,2}(?::?\d{2})?\)?)(?![\p{L}])/u.exec(value.slice(end));
    if (tail && clock) {
      end += tail[0].length;
    }
    return [start, end];
  }

  DC.dom = {
    LIMITS,
    cached,
    clean,
    cap,
    normalise,
    labelTable,
    allElements,
    shadowRoots,
    queryAll,
    isVisible,
    visibleText,
    pageLines,
    isInside,
    parseAmount,
    looksLikeDate,
    dateIn,
    isDayWord,
    asciiDigits,
    escapeRegExp,
    /** Text of the first visible element matching `selector` (deep), cleaned; "" when none. */
    textOf(selector, root = document) {
      for (const el of queryAll(selector, root)) {
        if (isVisible(el)) {
          const text = visibleText(el);
          if (text) {
            return text;
          }
        }
      }
      return "";
    },
  };
})();
