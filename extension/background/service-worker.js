// Dispute Clerk's service worker: the ONLY code that talks to the local server, and the only
// holder of the API token. Pages ask it for things through runtime messages; the token never
// leaves this worker (it is read from storage here, sent to the server here, and no message
// response ever carries it).

import { isOwnPage, messageProblem } from "./messages.js";
import { checkDueCases, installAlerts } from "./alerts.js";
import { casePath, saveEvidence } from "./evidence.js";
import { askTab, injectContent, TabError } from "./tabs.js";
import { forgetConnection, readConnection, writeConnection } from "./vault.js";

const API_VERSION = "v1";
const SERVICE_NAME = "disputeclerk";
const DEFAULT_PORT = "8765";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost"]); // = manifest host_permissions
const REQUEST_TIMEOUT_MS = 10_000;
const HEALTH_TIMEOUT_MS = 3_000;

// Error codes of the server (contract: {"error": {"code", "message", "fields"}}) that mean
// "this browser's token is not (or no longer) accepted": pairing again is the fix.
const TOKEN_REFUSED = new Set(["token_missing", "token_invalid", "origin_not_allowed"]);

const log = (...parts) => console.info("[disputeclerk]", ...parts);

class ServerError extends Error {
  constructor(code, { status = 0, message = "", fields = {} } = {}) {
    super(message || code);
    this.code = code;
    this.status = status; // 0 = no HTTP answer at all
    this.fields = fields;
  }
}

// ------------------------------------------------------------------ stored connection
// The vault (IndexedDB, out of content scripts' reach) holds {serverUrl, token}. The token is
// written only together with the server it belongs to, so it is never sent to any other address.

/** A Dispute Clerk server answered at `serverUrl`: remember it, dropping another server's token. */
async function rememberServer(serverUrl) {
  const stored = await readConnection();
  if (stored.serverUrl !== serverUrl) {
    await writeConnection({ serverUrl, token: null });
  }
}

/** "127.0.0.1:8765/" → "http://127.0.0.1:8765"; null for anything but a loopback http origin. */
function normalizeServerUrl(text) {
  const trimmed = text.trim();
  let url;
  try {
    url = new URL(trimmed.includes("://") ? trimmed : `http://${trimmed}`);
  } catch {
    return null;
  }
  const bare = url.username === "" && url.password === "" && url.search === "" && url.hash === ""
    && url.pathname === "/";
  // Only what host_permissions covers: the server runs on this computer, and the token must
  // never be sent anywhere else.
  if (url.protocol !== "http:" || !LOOPBACK_HOSTS.has(url.hostname) || !bare) {
    return null;
  }
  return url.origin;
}

function startCommand(serverUrl) {
  const port = serverUrl ? new URL(serverUrl).port : "";
  return port && port !== DEFAULT_PORT ? `disputeclerk serve --port ${port}` : "disputeclerk serve";
}

// ------------------------------------------------------------------ the one server call

/**
 * Call the Dispute Clerk server and return its JSON answer; throw ServerError otherwise.
 *
 * `serverUrl` defaults to the stored server; the stored token is added (unless auth is false)
 * only when calling that same server. `bytes: true` is for the answers that are files (a
 * thumbnail, an export): {data: ArrayBuffer, mediaType, filename} instead of JSON; their errors
 * are the same JSON envelope.
 */
async function call(path, { method = "GET", body, form, serverUrl, auth = true, bytes = false,
  timeoutMs = REQUEST_TIMEOUT_MS } = {}) {
  const stored = await readConnection();
  const base = serverUrl ?? stored.serverUrl;
  if (!base) {
    throw new ServerError("not_configured");
  }
  const headers = { Accept: bytes ? "*/*" : "application/json" };
  if (auth && stored.token && base === stored.serverUrl) {
    headers.Authorization = `Bearer ${stored.token}`;
  }
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  // `form` (a FormData, for evidence uploads) sets its own multipart Content-Type.
  const payloadBody = form ?? (body === undefined ? undefined : JSON.stringify(body));
  let response;
  try {
    response = await fetch(base + path, {
      method,
      headers,
      body: payloadBody,
      credentials: "omit",
      cache: "no-store",
      redirect: "error", // the server never redirects; following one could carry the token away
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    log(`${method} ${path}: no answer (${error.name})`);
    throw new ServerError("server_unreachable", { message: error.name });
  }
  if (bytes && response.ok) {
    return {
      data: await response.arrayBuffer(),
      mediaType: (response.headers.get("Content-Type") ?? "").split(";")[0].trim(),
      filename: attachmentName(response.headers.get("Content-Disposition")),
    };
  }
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON: not a Dispute Clerk server (it answers JSON even for errors).
  }
  if (!response.ok) {
    const error = payload?.error;
    if (error && typeof error.code === "string") {
      log(`${method} ${path}: ${response.status} ${error.code}`);
      throw new ServerError(error.code, {
        status: response.status,
        message: typeof error.message === "string" ? error.message : "",
        fields: error.fields && typeof error.fields === "object" ? error.fields : {},
      });
    }
    log(`${method} ${path}: ${response.status} without the error envelope`);
    throw new ServerError("incompatible", { status: response.status });
  }
  if (payload === null || typeof payload !== "object") {
    log(`${method} ${path}: answer is not a JSON object`);
    throw new ServerError("incompatible", { status: response.status });
  }
  return payload;
}

/** `attachment; filename="x.zip"` → "x.zip" (a plain name only); null without one. */
function attachmentName(disposition) {
  const match = /filename="?([A-Za-z0-9._-]{1,200})"?/.exec(disposition ?? "");
  return match ? match[1] : null;
}

/** Bytes as base64, in slices (String.fromCharCode takes a bounded number of arguments). */
function base64Of(buffer) {
  const bytes = new Uint8Array(buffer);
  const chunks = [];
  for (let at = 0; at < bytes.length; at += 0x8000) {
    chunks.push(String.fromCharCode(...bytes.subarray(at, at + 0x8000)));
  }
  return btoa(chunks.join(""));
}

// ------------------------------------------------------------------ connection status

function statusFromError(error, serverUrl) {
  if (!(error instanceof ServerError)) {
    throw error;
  }
  if (error.code === "not_configured") {
    return { state: "not_configured", serverUrl: null };
  }
  if (error.code === "server_unreachable") {
    return { state: "server_unreachable", serverUrl, command: startCommand(serverUrl) };
  }
  if (TOKEN_REFUSED.has(error.code)) {
    return { state: "token_rejected", serverUrl, command: "disputeclerk pair" };
  }
  if (error.code === "incompatible" || error.code === "host_not_allowed") {
    return { state: "incompatible", serverUrl, serverApi: null };
  }
  return { state: "server_error", serverUrl, message: error.message };
}

/** The same facts as a failed message's error: {code: state, ...details}. */
function failureFromStatus({ state, ...details }) {
  return { code: state, ...details };
}

/**
 * One of: not_configured, server_unreachable, incompatible, not_paired, token_rejected,
 * server_error, ready — with what the seller needs to act on it (never the token).
 */
async function connectionStatus() {
  const { serverUrl, token } = await readConnection();
  if (!serverUrl) {
    return { state: "not_configured", serverUrl: null };
  }
  let health;
  try {
    health = await call("/api/v1/health", { auth: false, timeoutMs: HEALTH_TIMEOUT_MS });
  } catch (error) {
    return statusFromError(error, serverUrl);
  }
  if (health.service !== SERVICE_NAME || health.api !== API_VERSION) {
    log(`server at ${serverUrl} speaks api ${health.api}, this extension ${API_VERSION}`);
    return { state: "incompatible", serverUrl, serverApi: typeof health.api === "string" ? health.api : null };
  }
  const version = typeof health.version === "string" ? health.version : "";
  if (!token) {
    return { state: "not_paired", serverUrl, version };
  }
  try {
    // The cheapest call that needs the token: proves the server still accepts it.
    await call("/api/v1/platforms");
  } catch (error) {
    return statusFromError(error, serverUrl);
  }
  return { state: "ready", serverUrl, version };
}

// ------------------------------------------------------------------ pairing

function pairingFailure(error, serverUrl) {
  switch (error.code) {
    case "pairing_code_wrong": {
      // The contract gives tries left only as text: {"fields": {"code": ["4 tries left"]}}.
      const hints = Array.isArray(error.fields.code) ? error.fields.code : [];
      const match = /(\d+) tries? left/.exec([...hints, error.message].join(" "));
      return { code: error.code, triesLeft: match ? Number(match[1]) : null };
    }
    case "pairing_code_expired":
    case "pairing_code_voided":
      return { code: error.code, command: "disputeclerk pair" };
    case "invalid_fields":
      return { code: "invalid_code" };
    default:
      return failureFromStatus(statusFromError(error, serverUrl));
  }
}

async function pair({ serverUrl: typedUrl, code: typedCode }) {
  const serverUrl = normalizeServerUrl(typedUrl);
  if (!serverUrl) {
    log("pairing refused: the address is not a loopback http address");
    return { ok: false, error: { code: "invalid_address" } };
  }
  const code = typedCode.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(code)) {
    // Checked here so a typo does not cost one of the server's five tries.
    log("pairing refused: the code is not 6 digits");
    return { ok: false, error: { code: "invalid_code" } };
  }
  let answer;
  try {
    answer = await call("/api/v1/pair", { method: "POST", body: { code }, serverUrl, auth: false });
  } catch (error) {
    if (!(error instanceof ServerError)) {
      throw error;
    }
    if (error.code.startsWith("pairing_code_")) {
      await rememberServer(serverUrl);
    }
    return { ok: false, error: pairingFailure(error, serverUrl) };
  }
  if (typeof answer.token !== "string" || answer.token === "" || answer.api !== API_VERSION) {
    log(`pairing answer unusable (api ${answer.api})`);
    return { ok: false, error: { code: "incompatible", serverUrl } };
  }
  await writeConnection({ serverUrl, token: answer.token });
  log(`paired with ${serverUrl}`);
  return { ok: true, status: await connectionStatus() };
}

// ------------------------------------------------------------------ answers to the pages

const CONNECTION_CODES = new Set(["not_configured", "server_unreachable", "incompatible", "host_not_allowed",
  ...TOKEN_REFUSED]);

/** A failed call as a page answer: a connection state, the server's error, or the tab's. */
async function failureOf(error) {
  if (error instanceof TabError) {
    return { ok: false, error: { code: error.code, detail: error.detail } };
  }
  if (!(error instanceof ServerError)) {
    throw error;
  }
  if (CONNECTION_CODES.has(error.code)) {
    const { serverUrl } = await readConnection();
    return { ok: false, error: failureFromStatus(statusFromError(error, serverUrl)) };
  }
  // The server's own refusal (422 fields, 404 case_not_found, 409 …), for the page to show.
  return { ok: false, error: { code: error.code, status: error.status, message: error.message, fields: error.fields } };
}

/** Run `work` and answer {ok: true, ...its result}, or the failure a page can show. */
async function answer(work) {
  try {
    return { ok: true, ...(await work()) };
  } catch (error) {
    return failureOf(error);
  }
}

/** The tab's answer to `action`, or a TabError carrying the content script's error code. */
async function fromTab(tabId, action, args) {
  const reply = await askTab(tabId, action, args);
  if (!reply.ok) {
    throw new TabError(reply.error?.code ?? "page_error", reply.error?.detail ?? "");
  }
  const { ok, ...rest } = reply;
  return rest;
}

async function scrapePage({ tabId }) {
  let tab;
  try {
    tab = await chrome.tabs.get(tabId);
  } catch {
    throw new TabError("tab_gone");
  }
  const scrape = await fromTab(tabId, "scrape");
  return { tab: { id: tab.id, url: tab.url ?? "", title: tab.title ?? "" }, scrape };
}

/** The browser's own time zone: dates the page prints without a zone are read in it. */
function browserTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
}

async function assist({ context }) {
  // "Now" is the moment of asking, so the countdowns the server returns start from it.
  const body = { ...context, captured_at: new Date().toISOString() };
  if (!body.seller_timezone && browserTimeZone()) {
    body.seller_timezone = browserTimeZone();
  }
  const result = await call("/api/v1/assist", { method: "POST", body });
  checkDueCases(call); // a new or changed case may change the badge; not awaited
  return { answer: result };
}

const EXPORT_TIMEOUT_MS = 120_000; // a case with many screenshots is zipped and its portal JPEGs made

/** ?limit=…&status=… from listCases' optional filters (the server's names). */
function caseQuery({ limit, status, platform, dueWithinHours, q }) {
  const query = new URLSearchParams();
  for (const [name, value] of [["limit", limit], ["status", status], ["platform", platform],
    ["due_within_hours", dueWithinHours], ["q", q]]) {
    if (value !== undefined) {
      query.set(name, String(value));
    }
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}

async function updateCase({ caseId, status, note }) {
  const patch = { ...(status === undefined ? {} : { status }), ...(note === undefined ? {} : { note }) };
  const result = await call(casePath(caseId), { method: "PATCH", body: patch });
  if (status !== undefined) {
    checkDueCases(call); // a closed or reopened case changes the badge; not awaited
  }
  return { case: result };
}

async function thumbnail({ caseId, evidenceId }) {
  const image = await call(`${casePath(caseId)}/evidence/${encodeURIComponent(evidenceId)}/thumbnail`, { bytes: true });
  // Only what the server promises is made into an image source for our pages.
  if (image.mediaType !== "image/jpeg") {
    log(`thumbnail of ${evidenceId} is ${image.mediaType || "untyped"}, not a JPEG`);
    throw new ServerError("incompatible", { status: 200 });
  }
  return { dataUrl: `data:image/jpeg;base64,${base64Of(image.data)}` };
}

async function exportCase({ caseId, lang, force }) {
  const query = new URLSearchParams({ lang, ...(force ? { force: "true" } : {}) });
  const bundle = await call(`${casePath(caseId)}/export?${query}`, { bytes: true, timeoutMs: EXPORT_TIMEOUT_MS });
  log(`exported ${caseId}: ${bundle.data.byteLength} bytes${force ? " (forced)" : ""}`);
  return {
    filename: bundle.filename ?? `${caseId}.zip`,
    mediaType: bundle.mediaType || "application/zip",
    size: bundle.data.byteLength,
    base64: base64Of(bundle.data),
  };
}

async function replyUsed({ caseId, templateId, action, stage, language, tone }) {
  const body = { template_id: templateId, action };
  for (const [name, value] of [["stage", stage], ["language", language], ["tone", tone]]) {
    if (value !== undefined) {
      body[name] = value;
    }
  }
  return call(`${casePath(caseId)}/replies`, { method: "POST", body });
}

const HANDLERS = {
  pair,
  status: async () => ({ ok: true, status: await connectionStatus() }),
  listCases: (filters) => answer(async () => {
    const result = await call(`/api/v1/cases${caseQuery(filters)}`);
    return { cases: result.cases ?? [], total: result.total ?? 0 };
  }),
  platforms: () => answer(async () => ({ platforms: (await call("/api/v1/platforms")).platforms ?? [] })),
  // verify: false = ?verify=none: the case without re-hashing every stored file (verifyCase does that).
  getCase: ({ caseId, verify = true }) => answer(async () => ({
    case: await call(`${casePath(caseId)}${verify ? "" : "?verify=none"}`),
  })),
  updateCase: (message) => answer(() => updateCase(message)),
  verifyCase: ({ caseId }) => answer(async () => ({ verify: await call(`${casePath(caseId)}/verify`) })),
  outcomes: () => answer(async () => {
    const result = await call("/api/v1/outcomes");
    return { groups: result.groups ?? [], totals: result.totals ?? {} };
  }),
  thumbnail: (message) => answer(() => thumbnail(message)),
  exportCase: (message) => answer(() => exportCase(message)),
  replyUsed: (message) => answer(() => replyUsed(message)),
  scrapePage: (message) => answer(() => scrapePage(message)),
  assist: (message) => answer(() => assist(message)),
  lint: ({ platform, text }) => answer(async () => ({
    findings: (await call("/api/v1/lint", { method: "POST", body: { platform, text } })).findings ?? [],
  })),
  fillReply: ({ tabId, text }) => answer(async () => ({ result: await fromTab(tabId, "fill", { text }) })),
  saveEvidence: ({ tabId, caseId }) => answer(async () => ({
    saved: await saveEvidence({ tabId, caseId }, { call, askTab }),
  })),
};


chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!isOwnPage(sender)) {
    log("message refused: not from one of this extension's pages");
    sendResponse({ ok: false, error: { code: "sender_not_allowed" } });
    return false;
  }
  const problem = messageProblem(message);
  if (problem) {
    log(`message refused: ${problem}`);
    sendResponse({ ok: false, error: { code: "bad_message", detail: problem } });
    return false;
  }
  HANDLERS[message.type](message)
    .then(sendResponse)
    .catch((error) => {
      console.error("[disputeclerk] message failed:", message.type, error);
      sendResponse({ ok: false, error: { code: "extension_error", detail: String(error?.message ?? error) } });
    });
  return true; // the answer comes asynchronously
});

// For tests and debugging from the worker's console (only extension code runs in this scope).
installAlerts(call);

// For tests and debugging from the worker's console (only extension code runs in this scope;
// none of these returns the token).
globalThis.disputeClerkWorker = {
  askTab, injectContent, pair, forgetConnection,
  checkDueCases: (options) => checkDueCases(call, options),
  saveEvidence: (message) => HANDLERS.saveEvidence(message),
  connection: async () => {
    const { serverUrl, token } = await readConnection();
    return { serverUrl, paired: Boolean(token) };
  },
};
