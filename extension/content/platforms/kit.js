// What several marketplace adapters read the same way, written once: product tables found by
// their header words, and the page's own countdowns (role="timer", then the status banner).
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

  DC.kit = { itemsFromTable, timers };
})();
