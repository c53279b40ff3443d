// What several marketplace adapters read the same way, written once: product tables found by
// their header words, the page's own countdowns (role="timer", then the status banner), and
// the block under a named heading, chat panels and who the chat is with.
// Loaded after generic.js and before the adapters (background/tabs.js CONTENT_FILES).
(() => {
  "use strict";
  const DC = globalThis.DisputeClerkContent;
  if (!DC?.generic) {
    return;
  }
  const { dom, generic } = DC;

  /**
   * Order lines from the first visible table whose header row names the product: `columns` is a
   * dom.labelTable({title: [...], variant: [...], sku: [...], quantity: [...]}) of header words.
   */
  function itemsFromTable(doc, columns) {
    for (const table of dom.queryAll("table", doc)) {
      const rows = [...table.rows];
      const head = rows.findIndex((row) => [...row.cells].some((cell) => columns.exact(dom.clean(cell.textContent)) === "title"));
      if (head < 0 || !dom.isVisible(table)) {
        continue;
      }
      const names = [...rows[head].cells].map((cell) => columns.exact(dom.clean(cell.textContent)));
      const found = [];
      for (const row of rows.slice(head + 1)) {
        const item = {};
        [...row.cells].forEach((cell, index) => {
          const column = names[index];
          const text = dom.clean(dom.visibleText(cell), { lines: false });
          if (!column || !text) {
            return;
          }
          if (column === "quantity") {
            const count = /(\d{1,5})/.exec(text);
            if (count) {
              item.quantity = Number(count[1]);
            }
          } else {
            item[column] = text.slice(0, 300);
          }
        });
        if (item.title) {
          found.push(item);
        }
      }
      if (found.length) {
        return found;
      }
    }
    return null;
  }

  /**
   * The countdowns a request page prints: role="timer" elements, labelled by their aria-label or
   * the text just before them; else "Respond within …" in words in the status banner
   * (role="alert"/"status"). Null when the page prints none.
   */
  function timers(doc) {
    const found = [];
    for (const timer of dom.queryAll("[role='timer']", doc)) {
      if (!dom.isVisible(timer)) {
        continue;
      }
      const text = dom.clean(dom.visibleText(timer), { lines: false });
      const label = timer.getAttribute("aria-label") ??
        dom.clean(timer.previousElementSibling?.textContent ?? "", { lines: false });
      if (text) {
        found.push({ label: dom.clean(label, { lines: false }), text });
      }
    }
    if (found.length) {
      return found;
    }
    const lines = dom.queryAll("[role='alert'], [role='status']", doc)
      .filter((el) => dom.isVisible(el)).flatMap((el) => dom.visibleText(el).split("\n"));
    const read = generic.readDeadlines(lines);
    return read.length ? read : null;
  }

  /**
   * The block of the page under a heading with one of `names`: an element labelled with that
   * name for assistive technology (<section aria-label="Order information">), else the section
   * around a visible heading with that text. `also` adds container selectors a site uses
   * (e.g. "aside", "[role='dialog']").
   */
  function block(doc, names, { also = [] } = {}) {
    const wanted = new Set(names.map((name) => dom.normalise(name)));
    const labelled = ["section[aria-label]", "[role='region'][aria-label]", ...also.map((s) => `${s}[aria-label]`)];
    for (const el of dom.queryAll(labelled.join(", "), doc)) {
      if (wanted.has(dom.normalise(el.getAttribute("aria-label")))) {
        return el;
      }
    }
    const containers = ["section", "[role='region']", "article", ...also].join(", ");
    for (const heading of dom.queryAll("h1, h2, h3, h4, [role='heading']", doc)) {
      if (wanted.has(dom.normalise(heading.textContent)) && dom.isVisible(heading)) {
        return heading.closest(containers) ?? heading.parentElement;
      }
    }
    return null;
  }

  /** The open conversation a chat page marks as role="log" (visible), or null. */
  function chatLog(doc) {
    return dom.queryAll("[role='log']", doc).find((el) => dom.isVisible(el)) ?? null;
  }

  /** A chat panel's messages: one per child with text, its sender from `roleOf(child)`. */
  function panelMessages(panel, roleOf) {
    if (!panel) {
      return null;
    }
    const items = [...panel.children].filter((el) => dom.clean(el.textContent));
    return items.length ? generic.messagesFrom(items, { roleOf, container: panel }) : null;
  }

  /** Who the chat is with: the heading just above the role="log" conversation (≤ 60 chars). */
  function chatPartner(doc) {
    for (let el = chatLog(doc)?.previousElementSibling; el; el = el.previousElementSibling) {
      if (el.matches("h1, h2, h3, [role='heading']")) {
        const name = dom.clean(el.textContent, { lines: false });
        return name && name.length <= 60 ? name : null;
      }
    }
    return null;
  }

  /** The text of the visible <dd> after a <dt> reading one of `labels` (details as a definition list). */
  function definition(doc, labels) {
    const wanted = new Set(labels.map((label) => dom.normalise(label)));
    for (const dt of dom.queryAll("dt", doc)) {
      const dd = dt.nextElementSibling;
      if (dd?.localName === "dd" && wanted.has(dom.normalise(dt.textContent)) && dom.isVisible(dd)) {
        return dom.clean(dd.textContent, { lines: false }) || null;
      }
    }
    return null;
  }

  DC.kit = { itemsFromTable, timers, block, chatLog, panelMessages, chatPartner, definition };
})();
