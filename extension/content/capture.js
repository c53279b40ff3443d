// Evidence capture, the page's side: a faithful copy of the page (HTML and visible text) and the
// scrolling a full-page screenshot needs. The service worker (background/evidence.js) takes the
// screenshots with chrome.tabs.captureVisibleTab and stitches them; this file only moves the
// page under the camera and puts everything back afterwards.
//
//   snapshot           → {ok, html, text, url, title, captured_at, page}
//   screenshotPrepare  → {ok, page}          remembers the scroll position ({watchdogMs}?)
//   screenshotScroll   → {ok, scrollY, page} ({y}: scroll there; fixed and sticky elements
//                                             already on an earlier screen are hidden)
//   screenshotRestore  → {ok, restored}      scroll position and hidden elements put back
//
// The live page is never left modified: the snapshot edits only a copy, and a screenshot that
// the worker never finishes (worker stopped, tab message lost) is undone by a watchdog.
(() => {
  "use strict";

  const DC = globalThis.DisputeClerkContent;

  // A worker that stopped mid-capture never sends screenshotRestore: undo on our own after this
  // long without a screenshot message (a capture sends one about every half second).
  const WATCHDOG_MS = 15_000;
  // Two animation frames let the browser paint the scrolled page; in a tab that is not
  // painting (hidden) frames never come, so give up waiting after this long.
  const FRAME_WAIT_LIMIT_MS = 1_000;
  // What hides a fixed header for the later screens. opacity (not display or visibility) keeps
  // the layout unchanged and hides every descendant, whatever their own visibility says;
  // transition: none so it is hidden at once instead of fading out on camera.
  const HIDING = { opacity: "0", transition: "none" };

  // Input types whose value the seller types or picks, so it can differ from the value
  // attribute. Not password (a password stays out of evidence), not file (a fake path), and not
  // hidden/submit/button/image/reset, whose value is the attribute (writing value="" into a
  // submit button without one would blank its label).
  const TYPED_VALUE = new Set(["text", "search", "url", "tel", "email", "number", "range", "color", "date",
    "month", "week", "time", "datetime-local"]);

  // ---------------------------------------------------------------- geometry

  /** The element that scrolls the page: <html> in standards mode, <body> in quirks mode. */
  function scroller() {
    return document.scrollingElement ?? document.documentElement;
  }

  /**
   * Sizes in CSS pixels. The viewport is the visible area without scroll bars; the window
   * (innerWidth/innerHeight) includes them, as a captureVisibleTab picture does.
   */
  function geometry() {
    const root = scroller();
    return {
      width: Math.max(root.scrollWidth, root.clientWidth),
      height: Math.max(root.scrollHeight, root.clientHeight),
      viewportWidth: root.clientWidth,
      viewportHeight: root.clientHeight,
      windowWidth: window.innerWidth,
      windowHeight: window.innerHeight,
      dpr: window.devicePixelRatio || 1,
      scrollX: window.scrollX,
      scrollY: window.scrollY,
    };
  }

  function scrollToInstantly(x, y) {
    // "instant" overrides a page's `scroll-behavior: smooth`, which would otherwise animate
    // the scroll and put a half-scrolled page on camera.
    window.scrollTo({ left: x, top: y, behavior: "instant" });
  }

  function nextFrame() {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, FRAME_WAIT_LIMIT_MS);
      requestAnimationFrame(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  // ---------------------------------------------------------------- snapshot
  //
  // The copy is written straight from the live DOM by a serializer of our own (the HTML
  // standard's "serializing HTML fragments" algorithm), so it can carry what the browser's own
  // serialization leaves out (what the seller typed into form fields, shadow DOM) without
  // cloning, and so doubling, a page of several megabytes, and without touching the page.

  const HTML_NS = "http://www.w3.org/1999/xhtml";
  // Elements of these namespaces are written by their local name, any other by its qualified name.
  const LOCAL_NAME_NS = new Set([HTML_NS, "http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML"]);
  const XML_NS = "http://www.w3.org/XML/1998/namespace";
  const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
  const XLINK_NS = "http://www.w3.org/1999/xlink";
  // Elements without an end tag or children.
  const VOID = new Set(["area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
    "keygen", "link", "meta", "param", "source", "track", "wbr"]);
  // Elements whose text is written as is. noscript is one of them because scripting is on in
  // any page the seller has open (the parser then reads its content as raw text too).
  const RAW_TEXT = new Set(["style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext", "noscript"]);
  // The parser drops a newline right after these start tags; one more keeps the content's own.
  const LEADING_NEWLINE_DROPPED = new Set(["pre", "textarea", "listing"]);
  const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\u00a0": "&nbsp;" };

  const escapeText = (text) => text.replace(/[&<>\u00a0]/g, (c) => ENTITIES[c]);
  const escapeAttribute = (value) => value.replace(/[&"<>\u00a0]/g, (c) => ENTITIES[c]);
  const isHtml = (element, name) => element.namespaceURI === HTML_NS && element.localName === name;

  function tagName(element) {
    return LOCAL_NAME_NS.has(element.namespaceURI) ? element.localName : element.nodeName;
  }

  function attributeName(attribute) {
    switch (attribute.namespaceURI) {
      case null:
        return attribute.localName;
      case XML_NS:
        return `xml:${attribute.localName}`;
      case XMLNS_NS:
        return attribute.localName === "xmlns" ? "xmlns" : `xmlns:${attribute.localName}`;
      case XLINK_NS:
        return `xlink:${attribute.localName}`;
      default:
        return attribute.name;
    }
  }

  function setAttribute(list, name, value) {
    const entry = list.find(([known]) => known === name);
    if (entry) {
      entry[1] = value;
    } else {
      list.push([name, value]);
    }
  }

  function setFlag(list, name, on) {
    const at = list.findIndex(([known]) => known === name);
    if (on && at < 0) {
      list.push([name, ""]);
    } else if (!on && at >= 0) {
      list.splice(at, 1);
    }
  }

  /**
   * The element's attributes as the copy writes them. Current values of form fields live in DOM
   * properties that serialization ignores, so they are written as attributes here; otherwise
   * the copy would show the page's initial values, not what the seller had typed and picked.
   */
  function attributesOf(element) {
    const list = Array.from(element.attributes, (attribute) => [attributeName(attribute), attribute.value]);
    if (element.namespaceURI !== HTML_NS) {
      return list;
    }
    switch (element.localName) {
      case "input":
        if (element.type === "checkbox" || element.type === "radio") {
          setFlag(list, "checked", element.checked);
        } else if (TYPED_VALUE.has(element.type)) {
          setAttribute(list, "value", element.value);
        }
        break;
      case "option":
        setFlag(list, "selected", element.selected);
        break;
      case "meta":
        // The copy is stored as UTF-8 whatever the page was sent in (many Chinese sites use
        // GBK), so its charset declaration must say so or the saved file opens garbled.
        if (element.hasAttribute("charset")) {
          setAttribute(list, "charset", "utf-8");
        }
        if ((element.getAttribute("http-equiv") ?? "").toLowerCase() === "content-type") {
          setAttribute(list, "content", "text/html; charset=utf-8");
        }
        break;
      default:
        break;
    }
    return list;
  }

  /** The shadow root of a live element, closed ones included (chrome.dom is content-script only). */
  function shadowOf(element) {
    try {
      return globalThis.chrome?.dom?.openOrClosedShadowRoot?.(element) ?? element.shadowRoot;
    } catch {
      // chrome.dom accepts HTML elements only (an <svg> cannot host a shadow root anyway).
      return element.shadowRoot;
    }
  }

  function doctypeText(doctype) {
    // The public and system ids stay: they decide whether the copy renders in quirks mode.
    let text = `<!DOCTYPE ${doctype.name}`;
    if (doctype.publicId) {
      text += ` PUBLIC "${doctype.publicId}"`;
    }
    if (doctype.systemId) {
      text += `${doctype.publicId ? "" : " SYSTEM"} "${doctype.systemId}"`;
    }
    return `${text}>`;
  }

  class PageWriter {
    constructor() {
      this.out = [];
      // Without a <base> the saved copy would resolve its relative links and images against
      // wherever it is opened from, and show none of the page's pictures.
      this.base = document.querySelector("base[href]")
        ? ""
        : `<base href="${escapeAttribute(document.baseURI)}">`;
    }

    document() {
      for (const node of document.childNodes) {
        if (node.nodeType === Node.DOCUMENT_TYPE_NODE) {
          this.out.push(doctypeText(node), "\n");
        } else {
          this.node(node, document);
        }
      }
      return this.out.join("");
    }

    children(parent) {
      for (let child = parent.firstChild; child; child = child.nextSibling) {
        this.node(child, parent);
      }
    }

    node(node, parent) {
      switch (node.nodeType) {
        case Node.ELEMENT_NODE:
          this.element(node);
          break;
        case Node.TEXT_NODE:
          this.out.push(parent.namespaceURI === HTML_NS && RAW_TEXT.has(parent.localName)
            ? node.data : escapeText(node.data));
          break;
        case Node.COMMENT_NODE:
          this.out.push(`<!--${node.data}-->`);
          break;
        case Node.PROCESSING_INSTRUCTION_NODE:
          this.out.push(`<?${node.target} ${node.data}>`);
          break;
        default:
          break; // CDATA sections and doctypes cannot occur inside an HTML document's elements
      }
    }

    element(element) {
      const name = tagName(element);
      this.out.push("<", name);
      for (const [attribute, value] of attributesOf(element)) {
        this.out.push(" ", attribute, '="', escapeAttribute(value), '"');
      }
      this.out.push(">");
      const html = element.namespaceURI === HTML_NS;
      if (html && VOID.has(element.localName)) {
        return;
      }
      if (element === document.head) {
        this.out.push(this.base);
      } else if (element === document.documentElement && !document.head && this.base) {
        this.out.push("<head>", this.base, "</head>"); // a script removed the page's <head>
      }
      const shadow = shadowOf(element);
      if (shadow) {
        // Declarative shadow DOM: the saved page renders the web component's content too.
        this.out.push('<template shadowrootmode="open">');
        this.children(shadow);
        this.out.push("</template>");
      }
      if (html && element.localName === "textarea") {
        const value = element.value;
        this.out.push(value.startsWith("\n") ? "\n" : "", escapeText(value));
      } else {
        if (html && LEADING_NEWLINE_DROPPED.has(element.localName)
            && element.firstChild?.nodeType === Node.TEXT_NODE && element.firstChild.data.startsWith("\n")) {
          this.out.push("\n");
        }
        this.children(isHtml(element, "template") ? element.content : element);
      }
      this.out.push("</", name, ">");
    }
  }

  DC.handle("snapshot", () => {
    const html = new PageWriter().document();
    return {
      ok: true,
      html,
      // What the seller can read: innerText skips hidden elements, scripts and styles.
      text: (document.body ?? document.documentElement).innerText,
      url: location.href,
      title: document.title,
      captured_at: new Date().toISOString(),
      page: geometry(),
    };
  });

  // ---------------------------------------------------------------- screenshot scrolling

  // The capture in progress: where the seller was, the fixed elements already on a screen, and
  // what we hid ({element, saved style properties, the style attribute as it was}). null when
  // no capture is running.
  let capture = null;

  /** Elements that stay put while the page scrolls, and so would repeat on every screen. */
  function fixedElements() {
    const found = [];
    if (!document.body) {
      return found;
    }
    for (const element of document.body.getElementsByTagName("*")) {
      const position = getComputedStyle(element).position;
      if (position === "fixed" || position === "sticky") {
        found.push(element);
      }
    }
    return found;
  }

  function hide(element) {
    if (capture.hidden.some((entry) => entry.element === element)) {
      return;
    }
    const saved = {};
    for (const property of Object.keys(HIDING)) {
      saved[property] = [element.style.getPropertyValue(property), element.style.getPropertyPriority(property)];
    }
    capture.hidden.push({ element, saved, attribute: element.getAttribute("style"), cssText: element.style.cssText });
    for (const [property, value] of Object.entries(HIDING)) {
      element.style.setProperty(property, value, "important");
    }
  }

  function unhide({ element, saved, attribute, cssText }) {
    // Property by property, so a style the page itself set meanwhile is kept.
    for (const [property, [value, priority]] of Object.entries(saved)) {
      if (value) {
        element.style.setProperty(property, value, priority);
      } else {
        element.style.removeProperty(property);
      }
    }
    // The page did not touch the style meanwhile: put back the attribute's exact text too
    // (editing properties rewrites it, e.g. "color: white" becomes "color: white;").
    if (element.style.cssText === cssText) {
      if (attribute === null) {
        element.removeAttribute("style");
      } else {
        element.setAttribute("style", attribute);
      }
    }
  }

  function onScreen(element) {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight
      && box.right > 0 && box.left < window.innerWidth;
  }

  /**
   * Show each fixed or sticky element on one screen only: the first it appears on. A header is
   * then at the top of the picture and not repeated on every screen, and a "back to top"
   * button that appears only once the page is scrolled is still in the picture once.
   */
  function hideRepeating() {
    for (const element of fixedElements()) {
      if (capture.shown.has(element)) {
        hide(element);
      } else if (onScreen(element)) {
        capture.shown.add(element);
      }
    }
  }

  function restore() {
    if (!capture) {
      return false;
    }
    clearTimeout(capture.watchdog);
    for (const entry of capture.hidden) {
      unhide(entry);
    }
    scrollToInstantly(capture.scrollX, capture.scrollY);
    capture = null;
    return true;
  }

  function armWatchdog() {
    clearTimeout(capture.watchdog);
    capture.watchdog = setTimeout(() => {
      DC.log("screenshot: no word from the extension for a while; page restored");
      restore();
    }, capture.watchdogMs);
  }

  DC.handle("screenshotPrepare", ({ watchdogMs }) => {
    restore(); // a capture left unfinished: start from the page as the seller had it
    capture = {
      scrollX: window.scrollX,
      scrollY: window.scrollY,
      hidden: [],
      shown: new Set(),
      watchdog: 0,
      // Tests shorten it to see the watchdog work without waiting 15 s.
      watchdogMs: Number.isFinite(watchdogMs) ? Math.min(Math.max(watchdogMs, 100), WATCHDOG_MS) : WATCHDOG_MS,
    };
    armWatchdog();
    return { ok: true, page: geometry() };
  });

  DC.handle("screenshotScroll", async ({ y }) => {
    if (!capture) {
      return { ok: false, error: { code: "screenshot_not_prepared" } };
    }
    if (!Number.isFinite(y) || y < 0) {
      return { ok: false, error: { code: "bad_scroll", detail: String(y) } };
    }
    armWatchdog();
    scrollToInstantly(0, y);
    // The page's scroll handlers run before the next frame; some make a header fixed only once
    // the page is scrolled, so look for fixed elements after them.
    await nextFrame();
    if (!capture) {
      return { ok: false, error: { code: "screenshot_not_prepared" } }; // restored meanwhile
    }
    hideRepeating();
    await nextFrame();
    await nextFrame();
    if (capture) {
      armWatchdog();
    }
    return { ok: true, scrollY: window.scrollY, page: geometry() };
  });

  DC.handle("screenshotRestore", () => ({ ok: true, restored: restore() }));
})();
