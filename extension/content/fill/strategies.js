// Ways to put a reply into a page's reply box, each verified by reading the box back.
//
// Why a chain: a reply box is rarely a bare <textarea>. Marketplace chats and help desks use
// React-controlled fields and rich editors (ProseMirror, Draft.js, Quill, CKEditor 5, Slate,
// Lexical) that keep the text in their own model and redraw the DOM from it. Text written
// only into the DOM shows on screen, and then the site sends the old draft, or nothing
// (Briskine #179 on Zendesk; Auto Text Expander #21, #51). So each strategy speaks to
// the box in a way some editors listen to, then we read the box back; when the read-back
// is not the reply, the next strategy is tried. Every strategy is a synthetic event or an
// editing command, so a strategy the editor ignores changes nothing.
//
// The strategies follow Briskine's chain (/work/shared/research/anchors.md §3.1); the editor's
// own markers pick the order (editorKind, CHAINS below). What each editor accepted in real
// Chromium is in CHAINS' comment and tests/extension/editors/README.md, and is tested by
// tests/extension/test_fill.py against the real libraries.
//
// Exposes DC.fillStrategies for fill/fill.js: the strategies by name, orderFor(box) (the chain
// for that box), settlesOn(box, text) (the read-back), and the box helpers both files use.
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;

  // ---- the text --------------------------------------------------------------------------

  /** "\r\n" and "\r" as "\n": what every box and every editor stores. */
  function normaliseNewlines(text) {
    return String(text).replace(/\r\n?/g, "\n");
  }

  /**
   * The lines a reader sees, for comparing a box with the reply: no blank lines (editors
   * disagree on whether a blank line is an empty paragraph, a paragraph gap or a <br>),
   * whitespace runs as one space (editors keep runs of spaces as U+00A0), no zero-width
   * characters (Slate and Lexical put U+FEFF / U+200B in empty text nodes).
   */
  function visibleLines(text) {
    return normaliseNewlines(text)
      .replace(/[\u200b\ufeff]/g, "")
      .split("\n")
      .map((line) => line.replace(/[\s\u00a0]+/g, " ").trim())
      .filter(Boolean);
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  }

  /**
   * The reply as clipboard HTML: one <p> per line and an empty paragraph for each blank
   * line, so editors that prefer text/html (ProseMirror, Quill, CKEditor 5, Lexical) keep
   * the seller's blank lines instead of collapsing them. Built as a string of escaped text;
   * it only ever travels inside a DataTransfer and is parsed by the page's editor.
   */
  function linesAsHtml(text) {
    return normaliseNewlines(text)
      .split("\n")
      .map((line) => (line ? `<p>${escapeHtml(line)}</p>` : "<p><br></p>"))
      .join("");
  }

  /** Cut to `limit` UTF-16 units (what maxlength counts) without splitting an emoji's pair. */
  function cutToLength(text, limit) {
    if (text.length <= limit) {
      return text;
    }
    let cut = text.slice(0, limit);
    if (/[\ud800-\udbff]$/.test(cut)) {
      cut = cut.slice(0, -1);
    }
    return cut;
  }

  // ---- the box ---------------------------------------------------------------------------

  const TEXT_INPUT_TYPES = new Set(["", "text", "email", "url", "tel"]);

  /** A <textarea> or a text-like <input> (the kinds a seller could type a reply into). */
  function isTextField(element) {
    if (element?.localName === "textarea") {
      return true;
    }
    return element?.localName === "input" && TEXT_INPUT_TYPES.has((element.getAttribute("type") || "").toLowerCase());
  }

  /**
   * The outermost element of the contenteditable region `element` is in (the "editing host"):
   * editors put contenteditable on one root and events must go there. An element marked
   * role="textbox" but not editable itself is resolved to the editable inside it.
   */
  function editingHost(element) {
    if (!element || isTextField(element)) {
      return element;
    }
    let host = element;
    if (!host.isContentEditable && host.getAttribute("role") === "textbox") {
      host = host.querySelector("[contenteditable]:not([contenteditable='false'])");
    }
    if (!host?.isContentEditable) {
      return null;
    }
    while (host.parentElement?.isContentEditable) {
      host = host.parentElement;
    }
    return host;
  }

  /**
   * Which editor draws this box, from markers the libraries put on their editable root
   * (class names and data attributes that are part of their documented DOM, stable across
   * sites). "contenteditable" means no known library: a bare editable element.
   */
  function editorKind(box) {
    if (isTextField(box)) {
      return "textfield";
    }
    // Each selector names the library whose editable root carries it.
    const markers = [
      ["prosemirror", ".ProseMirror"], // ProseMirror (also Tiptap, Remirror, Atlassian)
      ["slate", "[data-slate-editor]"], // slate-react's <Editable>
      ["lexical", "[data-lexical-editor]"], // Lexical's root element
      ["quill", ".ql-editor"], // Quill 1 and 2
      ["ckeditor5", ".ck-editor__editable"], // CKEditor 5, every editor type
      ["draftjs", ".public-DraftEditor-content"], // Draft.js
    ];
    for (const [kind, selector] of markers) {
      if (box.matches(selector) || box.closest(selector)) {
        return kind;
      }
    }
    return "contenteditable";
  }

  /** Whether the seller could type into the box at all (not read-only, not disabled). */
  function isWritable(box) {
    if (isTextField(box)) {
      // :disabled also covers a field inside a disabled <fieldset>
      return !box.readOnly && !box.matches(":disabled") && box.getAttribute("aria-readonly") !== "true" &&
        box.getAttribute("aria-disabled") !== "true";
    }
    return Boolean(box?.isContentEditable) && box.getAttribute("aria-readonly") !== "true" &&
      box.getAttribute("aria-disabled") !== "true";
  }

  // ---- reading the box back -------------------------------------------------------------

  const BLOCK_DISPLAY = /^(block|flex|grid|list-item|table|table-row|flow-root)/;

  /**
   * The text a contenteditable shows, line by line: block elements and <br> end lines, and
   * what the editor marks as not editable (placeholders, widgets) is skipped. Not innerText:
   * it adds blank lines around <p> that some editors have and others do not.
   */
  function renderedText(host) {
    const view = host.ownerDocument.defaultView;
    const parts = [];
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          parts.push(child.data);
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          if (child.localName === "br") {
            parts.push("\n");
            continue;
          }
          if (child.getAttribute("contenteditable") === "false" || child.hasAttribute("data-slate-placeholder")) {
            continue; // Slate's placeholder, mention chips, widgets: not the seller's text
          }
          const style = view.getComputedStyle(child);
          if (style.display === "none") {
            continue;
          }
          const block = BLOCK_DISPLAY.test(style.display);
          if (block) parts.push("\n");
          walk(child);
          if (block) parts.push("\n");
        }
      }
    };
    walk(host);
    return parts.join("");
  }

  /** Whether the box shows exactly the reply (line by line, see visibleLines). */
  function showsText(box, text) {
    if (isTextField(box)) {
      return normaliseNewlines(box.value) === normaliseNewlines(text);
    }
    return visibleLines(renderedText(box)).join("\n") === visibleLines(text).join("\n");
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /**
   * The next frame, or 50 ms when the tab is hidden (no frames are drawn then). Editors
   * read the selection and redraw on selectionchange / animation frames.
   */
  function nextFrame(view = window) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 50);
      view.requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Wait until the box shows `text`, at most `ms` (Lexical, Slate and React editors redraw
   * after the event, asynchronously), then one more frame to make sure the editor did not
   * take it back (a framework that rejects an edit redraws its old state).
   */
  async function settlesOn(box, text, ms = 300) {
    const view = box.ownerDocument.defaultView;
    const deadline = Date.now() + ms;
    while (!showsText(box, text)) {
      if (Date.now() >= deadline) {
        return false;
      }
      await new Promise((resolve) => {
        const observer = new MutationObserver(() => done());
        const timer = setTimeout(() => done(), 30);
        function done() {
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        }
        observer.observe(box, { childList: true, subtree: true, characterData: true, attributes: true });
      });
    }
    await nextFrame(view);
    return showsText(box, text);
  }

  // ---- selecting what is there ----------------------------------------------------------

  /**
   * Focus the editable and select everything in it, so what we insert REPLACES the draft.
   * Editors copy the DOM selection into their model in their `selectionchange` listeners,
   * which run in a later task; handing them an event before that makes them insert at their
   * old caret, after the draft (seen with ProseMirror, CKEditor 5, Lexical, Slate). So wait
   * for that event: our listener is added after the editor's, so when it runs theirs has.
   */
  async function selectAllIn(host) {
    const doc = host.ownerDocument;
    const view = doc.defaultView;
    if (deepActiveElement(doc) !== host) {
      host.focus({ preventScroll: true });
      // CKEditor 5 takes the focus into its model 50 ms later (FocusObserver._handleFocus);
      // a selection made before that is ignored.
      await sleep(60);
    }
    const range = doc.createRange();
    const [startNode, startOffset] = edgeOf(host, "first");
    const [endNode, endOffset] = edgeOf(host, "last");
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    const changed = new Promise((resolve) => {
      const timer = setTimeout(resolve, 100); // no event when the selection was already this
      doc.addEventListener("selectionchange", () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });
    const selection = view.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    await changed;
    // Slate reads the selection in a throttled handler; React editors re-render in a task.
    await sleep(20);
    await nextFrame(view);
  }

  /**
   * The focused element, looking through shadow roots and same-origin frames (activeElement
   * stops at the shadow host or the <iframe>).
   */
  function deepActiveElement(doc) {
    let element = doc.activeElement;
    for (;;) {
      if (element?.shadowRoot?.activeElement) {
        element = element.shadowRoot.activeElement;
        continue;
      }
      let framed = null;
      try {
        framed = element?.localName === "iframe" ? element.contentDocument : null;
      } catch {
        // cross-origin frame
      }
      if (framed?.activeElement && framed.activeElement !== framed.body) {
        element = framed.activeElement;
        continue;
      }
      return element;
    }
  }

  /**
   * The first or last place text can go in `host`: inside its first/last text node, or in
   * its first/last empty block. Not (host, 0)…(host, n): CKEditor 5 and Slate cannot map a
   * selection that sits between blocks to their model and quietly collapse it, so the reply
   * would land next to the draft instead of replacing it.
   */
  function edgeOf(host, which) {
    const child = (node) => {
      const children = Array.from(node.childNodes).filter((node) =>
        node.nodeType === Node.TEXT_NODE || (node.nodeType === Node.ELEMENT_NODE && node.getAttribute("contenteditable") !== "false"));
      return which === "first" ? children[0] : children[children.length - 1];
    };
    let node = host;
    for (let next = child(node); next && next.nodeType === Node.ELEMENT_NODE && next.localName !== "br"; next = child(node)) {
      node = next;
    }
    const last = child(node);
    if (last?.nodeType === Node.TEXT_NODE) {
      return [last, which === "first" ? 0 : last.length];
    }
    // an empty block, or a block ending in <br>: before the <br> / at the block's start or end
    if (last?.localName === "br") {
      return [node, Array.prototype.indexOf.call(node.childNodes, last)];
    }
    return [node, which === "first" ? 0 : node.childNodes.length];
  }

  // ---- the strategies -------------------------------------------------------------------

  /**
   * textfield: <textarea> and text <input>.
   * React (≥ 15.6) wraps an input's `value` setter to remember the last value it saw; setting
   * `el.value` through that wrapper makes React think nothing changed, so its onChange never
   * fires and the next render puts the old value back (react#10135, anchors §3.5). The
   * setter from the element's prototype bypasses the wrapper; then a bubbling `input` event
   * is what React, Vue and Angular listen to, and `change` is for plain forms.
   */
  async function insertIntoTextField(box, text) {
    const view = box.ownerDocument.defaultView; // the frame's own classes when the box is in an <iframe>
    const prototype = box.localName === "textarea" ? view.HTMLTextAreaElement.prototype : view.HTMLInputElement.prototype;
    const setValue = Object.getOwnPropertyDescriptor(prototype, "value").set;
    box.focus({ preventScroll: true });
    setValue.call(box, text);
    box.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertReplacementText", data: text }));
    box.dispatchEvent(new Event("change", { bubbles: true }));
    try {
      box.setSelectionRange(box.value.length, box.value.length); // the caret after the reply
    } catch {
      // type="email" has no text selection; the caret does not matter there
    }
  }

  /**
   * execCommand: the browser's own editing command, the same path as typing. It fires real
   * (trusted) beforeinput/input events, so editors that watch typing accept it, and it is on
   * the page's undo stack. Needed for bare contenteditables (the browser does the editing)
   * and a fallback for fields whose site listens only to real typing. Deprecated but still
   * implemented by every browser, and the only way to type "as the user" from a script.
   * Chromium turns each "\n" into a new paragraph.
   */
  async function insertWithExecCommand(box, text) {
    const doc = box.ownerDocument;
    if (isTextField(box)) {
      box.focus({ preventScroll: true });
      box.select();
    } else {
      await selectAllIn(box);
    }
    if (!doc.execCommand("insertText", false, text)) {
      throw new Error("execCommand insertText was refused");
    }
  }

  // Editors that read only text/plain well. Draft.js drops the empty paragraphs of pasted
  // HTML (blank lines vanish), and slate-react handles a paste event itself only when it
  // holds nothing but text/plain (otherwise it waits for a beforeinput that a synthetic
  // paste never brings).
  const PLAIN_PASTE_EDITORS = new Set(["draftjs", "slate"]);

  /** A DataTransfer holding the reply as text/plain and, unless `plainOnly`, as text/html. */
  function replyData(text, { plainOnly = false } = {}) {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    if (!plainOnly) {
      data.setData("text/html", linesAsHtml(text));
    }
    return data;
  }

  /**
   * paste: a synthetic `paste` event carrying the reply, as if the seller pasted it.
   * ProseMirror, Draft.js, Quill 2, CKEditor 5, Lexical and Slate all handle paste
   * themselves: they read event.clipboardData, cancel the browser's paste and update their
   * model (Briskine's editor-paste.js serves the same editors). The HTML copy keeps blank
   * lines as empty paragraphs: ProseMirror and CKEditor 5 merge blank lines of pasted plain
   * text into one paragraph break. A synthetic event has no default action, so an editor
   * that ignores it changes nothing.
   */
  async function insertByPaste(box, text) {
    await selectAllIn(box);
    const plainOnly = PLAIN_PASTE_EDITORS.has(editorKind(box));
    box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: replyData(text, { plainOnly }), bubbles: true, cancelable: true }));
  }

  /**
   * beforeinput: Slate and Lexical do their editing in `beforeinput` handlers (the Input
   * Events Level 2 model) and redraw from their model. "insertReplacementText" (what a
   * spell-checker sends to replace the selected words) with the reply both as `data` and
   * as text/plain in `dataTransfer`: Slate reads either and Lexical reads `data`; both
   * split it into paragraphs at each "\n". CKEditor 5 takes it too but merges blank lines.
   * "insertFromPaste" is no use here: Lexical ignores it and waits for the paste event.
   */
  async function insertByBeforeInput(box, text) {
    await selectAllIn(box);
    box.dispatchEvent(new InputEvent("beforeinput", {
      inputType: "insertReplacementText", data: text, dataTransfer: replyData(text, { plainOnly: true }),
      bubbles: true, cancelable: true,
    }));
  }

  /** Every strategy, by name. `fits(box)` says whether it can apply to that kind of box. */
  const strategies = {
    textfield: { insert: insertIntoTextField, fits: isTextField },
    execCommand: { insert: insertWithExecCommand, fits: () => true },
    paste: { insert: insertByPaste, fits: (box) => !isTextField(box) },
    beforeinput: { insert: insertByBeforeInput, fits: (box) => !isTextField(box) },
  };

  /**
   * The chain for each kind of box, best first, from trying every strategy alone on each
   * library in Chromium with a typed draft in the box (test_fill.py keeps these pages):
   *   prosemirror  paste ✓, execCommand ✓, beforeinput ignored
   *   quill        paste ✓, execCommand ✓, beforeinput ignored
   *   ckeditor5    paste ✓, beforeinput ✓ (blank lines merged), execCommand ignored
   *   draftjs      paste (text/plain) ✓, beforeinput ignored
   *   slate        beforeinput ✓, paste (text/plain) ✓
   *   lexical      beforeinput ✓, paste ✓
   * execCommand is left out for Draft.js, Slate and Lexical on purpose: in Draft.js and
   * Slate it changes the DOM while the model keeps the old draft (the box looks filled and
   * the site would send the draft: exactly the failure this chain exists to catch, and a
   * read-back of the DOM cannot see it); in Lexical it joins all lines into one.
   */
  const CHAINS = {
    textfield: ["textfield", "execCommand"],
    contenteditable: ["execCommand", "paste", "beforeinput"],
    prosemirror: ["paste", "execCommand", "beforeinput"],
    quill: ["paste", "execCommand", "beforeinput"],
    ckeditor5: ["paste", "beforeinput", "execCommand"],
    draftjs: ["paste", "beforeinput"],
    slate: ["beforeinput", "paste"],
    lexical: ["beforeinput", "paste"],
  };

  function orderFor(box) {
    return CHAINS[editorKind(box)].filter((name) => strategies[name].fits(box));
  }

  DC.fillStrategies = {
    strategies,
    orderFor,
    editorKind,
    editingHost,
    deepActiveElement,
    isTextField,
    isWritable,
    settlesOn,
    cutToLength,
    normaliseNewlines,
  };
})();
