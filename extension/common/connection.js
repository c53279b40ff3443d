// How a screen asks the service worker for something and shows the connection's state.
// Shared by the options page and the popup, so both say the same thing in the same words.

import { t } from "./i18n.js";

/** Send a message to the service worker; a failure to reach it becomes an error answer. */
export async function ask(message) {
  try {
    const answer = await chrome.runtime.sendMessage(message);
    if (answer && typeof answer === "object") {
      return answer;
    }
    return { ok: false, error: { code: "extension_error", detail: "no answer" } };
  } catch (error) {
    return { ok: false, error: { code: "extension_error", detail: String(error?.message ?? error) } };
  }
}

// Each state or pairing error → the _locales message that explains it, and its $1, $2….
const WORDING = {
  checking: () => ["state_checking"],
  pairing: () => ["state_pairing"],
  not_configured: () => ["state_not_configured"],
  server_unreachable: (facts) => ["state_server_unreachable", [facts.serverUrl ?? ""]],
  not_paired: () => ["state_not_paired"],
  token_rejected: () => ["state_token_rejected"],
  incompatible: () => ["state_incompatible"],
  server_error: (facts) => ["state_server_error", [facts.message ?? ""]],
  ready: (facts) => ["state_ready", [facts.version ?? ""]],
  invalid_address: () => ["state_invalid_address"],
  invalid_code: () => ["state_invalid_code"],
  pairing_code_wrong: (facts) => (Number.isInteger(facts.triesLeft)
    ? ["state_pairing_code_wrong", [facts.triesLeft]]
    : ["state_pairing_code_wrong_no_count"]),
  pairing_code_expired: () => ["state_pairing_code_expired"],
  pairing_code_voided: () => ["state_pairing_code_voided"],
  extension_error: (facts) => ["state_extension_error", [facts.detail ?? ""]],
};

const TONE = {
  ready: "good",
  checking: "busy",
  pairing: "busy",
  not_configured: "neutral",
  not_paired: "neutral",
};

/**
 * Show one state (a status from the service worker, or a pairing error) in `view`:
 * {line: the status text element, command: a <code> element for the command to run, or null}.
 */
export function showState(view, state, facts = {}) {
  const wording = (WORDING[state] ?? WORDING.extension_error)({ detail: state, ...facts });
  const [key, substitutions = []] = wording;
  view.line.textContent = t(key, substitutions);
  view.line.dataset.state = state;
  view.line.dataset.tone = TONE[state] ?? "problem";
  if (view.command) {
    view.command.textContent = facts.command ?? "";
    view.command.hidden = !facts.command;
  }
}
