// Building the screens' elements (popup, case board). Everything shown there comes from a
// marketplace page (which the buyer, or an attacker, wrote) or from the server (which repeats what
// the page said), so it is DATA: it reaches the DOM only as textContent, as a form value, or as one
// of the attributes below. Nothing in our pages ever parses a string as HTML.

// The only attributes `el` sets. Event handler attributes (on…), style and src are not among
// them, so no string can make a page of ours run code or load anything; href goes through `link`.
const SAFE_ATTRIBUTES = new Set([
  "id", "class", "title", "dir", "lang", "role", "for", "type", "name", "value", "rows", "hidden",
  "target", "rel", "tabindex", "open", "aria-live", "aria-label", "aria-describedby", "aria-invalid",
  "autocomplete", "spellcheck", "inputmode", "placeholder", "scope", "colspan", "datetime", "disabled",
]);

/**
 * A new element: `el("li", {class: "x", data: {status: "ok"}, text: "…"}, [children])`.
 * Children are nodes or strings (strings become text nodes); null and false are skipped.
 */
export function el(tag, props = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === "text") {
      element.textContent = String(value);
    } else if (name === "data") {
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined && item !== null) {
          element.dataset[key] = String(item);
        }
      }
    } else if (SAFE_ATTRIBUTES.has(name) || name.startsWith("aria-")) {
      element.setAttribute(name, value === true ? "" : String(value));
    } else {
      throw new Error(`el: attribute ${name} is not on the safe list`);
    }
  }
  append(element, children);
  return element;
}

/** Append nodes or strings (as text) to `parent`. */
export function append(parent, children) {
  for (const child of [children].flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Remove every child of `element` (replaceChildren with nothing, never an HTML string). */
export function clear(element) {
  element.replaceChildren();
  return element;
}

/** The URL when it is an http(s) address, else null: javascript:, data: and the like never become links. */
export function webUrl(text) {
  if (typeof text !== "string" || text === "") {
    return null;
  }
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A link that opens in a new tab without giving that page a handle on the popup, or the plain
 * text when the address is not http(s).
 */
export function link(url, text) {
  const href = webUrl(url);
  if (!href) {
    return el("span", { text });
  }
  const anchor = el("a", { target: "_blank", rel: "noopener noreferrer", title: href, text });
  anchor.href = href;
  return anchor;
}

/** Show or hide an element. */
export function show(element, visible = true) {
  element.hidden = !visible;
  return element;
}
