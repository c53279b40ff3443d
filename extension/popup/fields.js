// The case summary: what the scraper read from the page, as fields the seller can correct.
//
// The seller's edits win: the context sent to the server is the scraped context with every
// field below replaced by what the field shows now (an emptied field removes the value).
// Everything the form does not show (items, tracking, the conversation, the page's countdowns…)
// goes to the server as scraped.

import { t } from "../common/i18n.js";
import { el, show } from "../common/dom.js";
import { PAGE_TYPES, PLATFORMS, wordFor } from "../common/words.js";

// Each field's place in the assist context (= popup.html's .field[data-path]).
const PATHS = [
  "platform", "page_type", "order.id", "dispute.id", "buyer.name", "buyer.country", "buyer.language",
  "dispute.reason", "dispute.opened_at", "order.placed_at", "order.shipped_at", "order.delivered_at",
  "order.total.amount", "order.total.currency",
];

// Where the server's 422 and the scraper's `missing` name a whole group, the field that answers it.
const ALIASES = { "order.total": "order.total.amount", "order": "order.id", "dispute": "dispute.id" };

// Message senders the server accepts (its SENDERS); anything else is filed as "other".
const KNOWN_SENDERS = new Set(["buyer", "seller", "platform", "system", "other"]);

const form = document.getElementById("case-form");
const generalErrors = document.getElementById("form-errors");
const fields = new Map(); // path → {wrapper, input, note, error}

/** Build the selects and the notes; call once. */
export function initFields() {
  for (const wrapper of form.querySelectorAll(".field[data-path]")) {
    const input = wrapper.querySelector("input, select, textarea");
    const note = el("p", { class: "field-note", hidden: true, text: t("popup_not_found") });
    const error = el("p", { class: "field-error", role: "alert", hidden: true });
    wrapper.append(note, error);
    fields.set(wrapper.dataset.path, { wrapper, input, note, error });
    input.addEventListener("input", () => {
      // The seller is answering the question: stop asking it.
      if (input.value.trim()) {
        markField(wrapper.dataset.path, false);
      }
    });
  }
  fillSelect(fields.get("platform").input, PLATFORMS);
  fillSelect(fields.get("page_type").input, PAGE_TYPES);
}

function fillSelect(select, table) {
  select.append(el("option", { value: "", text: t("popup_choose") }));
  for (const id of Object.keys(table)) {
    select.append(el("option", { value: id, text: wordFor(table, id) }));
  }
}

function readPath(object, path) {
  let value = object;
  for (const part of path.split(".")) {
    value = value !== null && typeof value === "object" ? value[part] : undefined;
  }
  return value;
}

function writePath(object, path, value) {
  const parts = path.split(".");
  let node = object;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== "object" || Array.isArray(node[part])) {
      node[part] = {};
    }
    node = node[part];
  }
  const last = parts.at(-1);
  if (value === undefined) {
    delete node[last];
  } else {
    node[last] = value;
  }
}

/** Drop the sections the edits left empty ({order: {total: {}}} → {}). */
function pruned(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return value;
  }
  const result = {};
  for (const [key, item] of Object.entries(value)) {
    const kept = pruned(item);
    const empty = kept === undefined || kept === null
      || (typeof kept === "object" && !Array.isArray(kept) && Object.keys(kept).length === 0);
    if (!empty) {
      result[key] = kept;
    }
  }
  return result;
}

/** Show what the scraper read; `missing` fields are asked for. */
export function fillFields(context, missing = []) {
  for (const [path, field] of fields) {
    const value = readPath(context, path);
    const text = value === undefined || value === null || typeof value === "object" ? "" : String(value);
    if (field.input.tagName === "SELECT" && text && ![...field.input.options].some((o) => o.value === text)) {
      // A value the list does not know (a new platform id): shown as it is, for the server to judge.
      field.input.append(el("option", { value: text, text }));
    }
    field.input.value = text;
  }
  for (const path of missing) {
    markField(ALIASES[path] ?? path, true);
  }
}

/** Highlight a field as "not found on the page — please fill in" (or stop). */
export function markField(path, missing) {
  const field = fields.get(ALIASES[path] ?? path);
  if (!field) {
    return;
  }
  field.wrapper.classList.toggle("is-missing", missing);
  show(field.note, missing);
}

/** The value the seller sees in a field, trimmed ("" when empty). */
export function fieldValue(path) {
  return fields.get(path)?.input.value.trim() ?? "";
}

/** What the server needs before it can file a case: a platform, and an order or dispute id. */
export function missingIdentity() {
  const missing = [];
  if (!fieldValue("platform")) {
    missing.push("platform");
  }
  if (!fieldValue("order.id") && !fieldValue("dispute.id")) {
    missing.push("order.id");
  }
  return missing;
}

/** The conversation as the server's schema takes it: from, text, sent_at — nothing else. */
function cleanMessages(messages) {
  if (!Array.isArray(messages)) {
    return undefined;
  }
  const cleaned = messages
    .filter((message) => message && typeof message.text === "string" && message.text.trim())
    .map((message) => ({
      from: KNOWN_SENDERS.has(message.from) ? message.from : "other",
      text: message.text,
      ...(typeof message.sent_at === "string" && message.sent_at ? { sent_at: message.sent_at } : {}),
    }));
  return cleaned.length ? cleaned : undefined;
}

function cleanPageDeadlines(deadlines) {
  if (!Array.isArray(deadlines)) {
    return undefined;
  }
  const cleaned = deadlines
    .filter((deadline) => deadline && typeof deadline.text === "string" && deadline.text.trim())
    .map((deadline) => ({ label: typeof deadline.label === "string" ? deadline.label : "", text: deadline.text }));
  return cleaned.length ? cleaned : undefined;
}

/** The scraped context with the seller's edits applied: what POST /assist receives. */
export function editedContext(scraped) {
  const context = structuredClone(scraped ?? {});
  for (const path of fields.keys()) {
    writePath(context, path, fieldValue(path) || undefined);
  }
  context.messages = cleanMessages(context.messages);
  context.page_deadlines = cleanPageDeadlines(context.page_deadlines);
  return pruned(context);
}

function flattenErrors(errors, prefix, into) {
  if (typeof errors === "string") {
    into.push([prefix, [errors]]);
  } else if (Array.isArray(errors)) {
    const texts = errors.filter((item) => typeof item === "string");
    if (texts.length) {
      into.push([prefix, texts]);
    }
    errors.forEach((item, index) => {
      if (item && typeof item === "object") {
        flattenErrors(item, prefix ? `${prefix}.${index}` : String(index), into);
      }
    });
  } else if (errors && typeof errors === "object") {
    for (const [key, item] of Object.entries(errors)) {
      flattenErrors(item, prefix ? `${prefix}.${key}` : key, into);
    }
  }
  return into;
}

function fieldForError(path) {
  if (fields.has(path)) {
    return fields.get(path);
  }
  if (ALIASES[path]) {
    return fields.get(ALIASES[path]);
  }
  return null;
}

/** Remove the server's field errors from the form. */
export function clearFieldErrors() {
  for (const field of fields.values()) {
    field.error.textContent = "";
    show(field.error, false);
    field.input.removeAttribute("aria-invalid");
  }
  generalErrors.replaceChildren();
  show(generalErrors, false);
}

/**
 * Show the server's 422 `fields` ({"order.id": ["…"]}, {"order": {"id": ["…"]}}, {"_schema": […]})
 * next to the fields they concern; the rest in a list under the form.
 */
export function showFieldErrors(errorFields) {
  clearFieldErrors();
  const elsewhere = [];
  for (const [path, texts] of flattenErrors(errorFields ?? {}, "", [])) {
    const field = fieldForError(path);
    if (field) {
      field.error.textContent = [field.error.textContent, ...texts].filter(Boolean).join(" ");
      show(field.error, true);
      field.input.setAttribute("aria-invalid", "true");
    } else {
      elsewhere.push(path && path !== "_schema" ? `${path}: ${texts.join(" ")}` : texts.join(" "));
    }
  }
  for (const text of elsewhere) {
    generalErrors.append(el("li", { text }));
  }
  show(generalErrors, elsewhere.length > 0);
  const first = [...fields.values()].find((field) => !field.error.hidden);
  first?.input.focus();
}

/** The label the form shows for `path` (e.g. "Dispute opened"), or null when no field holds it. */
export function fieldLabel(path) {
  const field = fields.get(ALIASES[path] ?? path);
  return field ? field.wrapper.querySelector("label")?.textContent.trim() || null : null;
}
