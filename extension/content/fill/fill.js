// The "fill" action: find the page's reply box and put the seller's reply into it, REPLACING
// any draft, through the strategy chain in fill/strategies.js. When nothing verifiably
// works, the answer says so and the popup copies the reply to the clipboard instead: a
// reply that only looks filled (the framework still holds the old draft) is worse than none.
//
// Answers:
//   fill {text}    → {ok, filled: true, strategy, tried, box, found_by, truncated?, single_line?}
//                    {ok, filled: false, reason: "no_reply_box" | "read_only" | "not_accepted", tried, box?, found_by?}
//   findReplyBox   → {ok, found, box, how}
// `box` is a short description ("textarea#reply (textfield)"), never the text in it;
// `found_by` / `how` is "adapter", "focus" or "generic" (see findReplyBox).
// DC.findReplyBox() returns the element or null, for the scraper (it reports reply_box).
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  const S = DC.fillStrategies;

  // ---- finding the reply box ------------------------------------------------------------

  // Words that name a reply box in its placeholder, label, aria-label, name or the text next
  // to it, in the languages of the marketplaces' sellers and buyers. Lower case; matched as
  // substrings, so "reply" also matches "replyText" and "Reply to buyer".
  const REPLY_WORDS = [
    "reply", "message", "write", "respond", "response", "answer", "comment", "chat", "type here",
    "回复", "回覆", "留言", "消息", "訊息", "输入", "輸入", "发送", "答复",
    "ответ", "сообщение", "написать", "напишите",
    "responder", "resposta", "mensagem", "escreva", "escrever", "mensaje", "respuesta", "escribe",
    "répondre", "réponse", "écrire", "antworten", "antwort", "nachricht", "schreiben",
    "rispondi", "risposta", "messaggio", "scrivi", "odpowiedz", "odpowiedź", "wiadomość", "napisz",
    "yanıt", "cevap", "mesaj", "yaz", "رد", "رسالة", "اكتب",
    "返信", "メッセージ", "入力", "답장", "메시지", "입력",
    "balas", "pesan", "tulis", "trả lời", "tin nhắn", "ตอบกลับ", "ข้อความ", "antwoord", "bericht",
  ];

  // Boxes that are never the reply box even when they are the biggest field on the page.
  // Only words that do not hide inside ordinary words of other languages (Turkish "ara"
  // would match "para", Spanish "cerca" means "near").
  const NOT_REPLY_WORDS = ["search", "搜索", "搜尋", "поиск", "buscar", "pesquisar", "rechercher", "suche", "ricerca",
    "szukaj", "検索", "검색", "بحث", "password", "coupon", "promo"];

  // Everything that can hold typed text: text fields, editable regions, and ARIA textboxes
  // (some chat widgets put role="textbox" on a wrapper around the editable).
  const EDITABLE_SELECTOR = "textarea, input, [contenteditable]:not([contenteditable='false']), [role='textbox']";

  /**
   * Every element in `root`, descending into open shadow roots (web-component chat widgets)
   * and same-origin frames (composers in an <iframe>, as TinyMCE and CKEditor 4 build them;
   * our script runs only in the top frame, and a cross-origin frame's document is null).
   */
  function* allElements(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      yield node;
      if (node.shadowRoot) {
        yield* allElements(node.shadowRoot);
      }
      if (node.localName === "iframe" || node.localName === "frame") {
        const framed = frameDocument(node);
        if (framed?.documentElement) {
          yield* allElements(framed.documentElement);
        }
      }
    }
  }

  function frameDocument(frame) {
    try {
      return frame.contentDocument;
    } catch {
      return null; // cross-origin: not ours to read
    }
  }

  /** The box an editable element belongs to: a text field, or its contenteditable's host. */
  function boxOf(element) {
    if (!element) {
      return null;
    }
    if (S.isTextField(element)) {
      return element;
    }
    if (element.localName === "input") {
      return null; // checkbox, password, search, file…: nothing a reply goes into
    }
    return S.editingHost(element);
  }

  function isVisible(element) {
    const rect = element.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) {
      return false;
    }
    const style = element.ownerDocument.defaultView.getComputedStyle(element);
    return style.visibility !== "hidden" && style.display !== "none" && Number(style.opacity) > 0;
  }

  function area(element) {
    const rect = element.getBoundingClientRect();
    return rect.width * rect.height;
  }

  /** Text that names the box: its own attributes and labels (strong), the text around it (weak). */
  function labelsOf(box) {
    const own = [
      box.getAttribute("placeholder"), box.getAttribute("aria-label"), box.getAttribute("title"),
      box.getAttribute("name"), box.id, box.getAttribute("data-placeholder"),
      ...Array.from(box.labels ?? [], (label) => label.textContent),
    ];
    const labelledBy = (box.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    for (const id of labelledBy) {
      own.push(box.getRootNode().getElementById?.(id)?.textContent);
    }
    // Editors keep the placeholder on a sibling or child (Draft.js, Slate, Quill's data-placeholder).
    const placeholder = box.parentElement?.querySelector("[class*='placeholder' i], [data-slate-placeholder]");
    if (placeholder) {
      own.push(placeholder.textContent);
    }
    // The nearest ancestor with a little text besides the box: a heading or caption above it.
    let near = "";
    for (let ancestor = box.parentElement, depth = 0; ancestor && depth < 3; ancestor = ancestor.parentElement, depth++) {
      const text = (ancestor.textContent || "").replace((box.textContent || "").trim(), "").trim();
      if (text) {
        near = text.length <= 200 ? text : "";
        break;
      }
    }
    return { own: own.filter(Boolean).join(" ").toLowerCase(), near: near.toLowerCase() };
  }

  function mentions(text, words) {
    return words.some((word) => text.includes(word));
  }

  /** How strongly the box says "reply here": 2 for its own label, 1 for nearby text, -1 for a search box. */
  function replyScore(box) {
    const { own, near } = labelsOf(box);
    if (box.getAttribute("type") === "search" || box.getAttribute("role") === "searchbox" || mentions(own, NOT_REPLY_WORDS)) {
      return -1;
    }
    if (mentions(own, REPLY_WORDS)) {
      return 2;
    }
    return mentions(near, REPLY_WORDS) ? 1 : 0;
  }

  /** Every visible box on the page, once each, with whether it can be typed into. */
  function candidateBoxes() {
    const seen = new Set();
    const boxes = [];
    for (const element of allElements(document)) {
      if (!element.matches(EDITABLE_SELECTOR)) {
        continue;
      }
      const box = boxOf(element);
      if (!box || seen.has(box) || !isVisible(box)) {
        continue;
      }
      seen.add(box);
      boxes.push(box);
    }
    return boxes;
  }

  /**
   * The generic search, when no adapter knows the page and nothing has focus: the writable box
   * whose label says "reply" in some language; otherwise the largest writable multi-line box
   * (a lone one-line input is more likely a tracking number than a reply); a read-only box
   * that says "reply" last, so the seller learns the box is locked rather than "no box".
   */
  function findGenericBox() {
    const scored = candidateBoxes().map((box) => ({ box, score: replyScore(box), area: area(box), writable: S.isWritable(box) }));
    const best = (list) => list.sort((a, b) => b.score - a.score || b.area - a.area)[0]?.box ?? null;
    const writable = scored.filter((entry) => entry.writable && entry.score >= 0);
    return best(writable.filter((entry) => entry.score > 0)) ??
      best(writable.filter((entry) => entry.box.localName !== "input")) ??
      best(scored.filter((entry) => !entry.writable && entry.score > 0));
  }

  /**
   * The box the adapter for this marketplace knows; `false` when the adapter knows this page
   * has no reply box (an order page whose only text box is a private note), so no other box is
   * offered in its place.
   */
  function adapterBox() {
    try {
      const box = DC.matchAdapter?.(location)?.replyBox?.(document) ?? null;
      return box === false ? false : boxOf(box);
    } catch (error) {
      DC.log("fill: the adapter's replyBox failed, using the generic search:", error?.message ?? error);
      return null;
    }
  }

  /**
   * The reply box: (a) the one the marketplace adapter knows; (b) the box the seller clicked
   * into before opening the extension (it keeps focus while the popup is open); (c) the
   * generic search. Returns {box, how} or null.
   */
  function findReplyBox() {
    const fromAdapter = adapterBox();
    if (fromAdapter === false) {
      DC.log("fill: the marketplace adapter says this page has no reply box");
      return null;
    }
    if (fromAdapter) {
      return { box: fromAdapter, how: "adapter" };
    }
    // A focused one-line <input> counts only when it says it takes messages: the seller may
    // have been editing a tracking number, and a reply must not overwrite that.
    const focused = boxOf(S.deepActiveElement(document));
    if (focused && S.isWritable(focused) && replyScore(focused) >= (focused.localName === "input" ? 1 : 0)) {
      return { box: focused, how: "focus" };
    }
    const generic = findGenericBox();
    return generic ? { box: generic, how: "generic" } : null;
  }

  /** A short name for the box, for the answer and the log: `textarea#reply`, `div.ProseMirror`. */
  function describe(box) {
    let name = box.localName;
    if (box.id) {
      name += `#${box.id}`;
    } else if (box.classList.length) {
      name += `.${box.classList[0]}`;
    } else if (box.getAttribute("name")) {
      name += `[name="${box.getAttribute("name")}"]`;
    }
    if (box.getRootNode() instanceof ShadowRoot) {
      name = `${box.getRootNode().host.localName} › ${name}`;
    }
    return `${name} (${S.editorKind(box)})`;
  }

  // ---- filling ----------------------------------------------------------------------------

  /** What the box can take: the whole reply, or cut to maxlength, and on one line for <input>. */
  function fitTextToBox(box, text) {
    let fitted = S.normaliseNewlines(text);
    const notes = {};
    if (box.localName === "input" && fitted.includes("\n")) {
      // An <input> drops line breaks (HTML value sanitisation); keep the words apart.
      fitted = fitted.replace(/\s*\n\s*/g, " ").trim();
      notes.single_line = true;
    }
    if (S.isTextField(box) && box.maxLength >= 0 && fitted.length > box.maxLength) {
      fitted = S.cutToLength(fitted, box.maxLength);
      notes.truncated = true;
    }
    return { fitted, notes };
  }

  /** Try each strategy in the box's order until the box verifiably shows the reply. */
  async function fillBox(box, text) {
    const { fitted, notes } = fitTextToBox(box, text);
    const tried = [];
    for (const name of S.orderFor(box)) {
      tried.push(name);
      try {
        await S.strategies[name].insert(box, fitted);
      } catch (error) {
        DC.log(`fill: strategy ${name} failed on ${describe(box)}:`, error?.message ?? error);
        continue;
      }
      if (await S.settlesOn(box, fitted)) {
        DC.log(`fill: ${describe(box)} accepted the reply by ${name}`);
        return { filled: true, strategy: name, tried, ...notes };
      }
      DC.log(`fill: ${describe(box)} did not show the reply after ${name}`);
    }
    return { filled: false, reason: "not_accepted", tried };
  }

  DC.findReplyBox = () => findReplyBox()?.box ?? null;

  DC.handle("findReplyBox", () => {
    const found = findReplyBox();
    return { ok: true, found: Boolean(found), box: found ? describe(found.box) : null, how: found?.how ?? null };
  });

  DC.handle("fill", async ({ text }) => {
    if (typeof text !== "string" || !text.trim()) {
      return { ok: false, error: { code: "no_text", detail: "fill needs the reply text" } };
    }
    const found = findReplyBox();
    if (!found) {
      DC.log("fill: no reply box on this page");
      return { ok: true, filled: false, reason: "no_reply_box", tried: [] };
    }
    const { box, how } = found;
    if (!S.isWritable(box)) {
      DC.log(`fill: the reply box ${describe(box)} is read-only`);
      return { ok: true, filled: false, reason: "read_only", tried: [], box: describe(box) };
    }
    const result = await fillBox(box, text);
    return { ok: true, ...result, box: describe(box), found_by: how };
  });
})();
