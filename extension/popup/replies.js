// The reply: the server's suggestions, the seller's choice of language and tone, the text the
// seller edits, and a live check of that text against the platform's rules (POST /lint).

import { ask } from "../common/connection.js";
import { t } from "../common/i18n.js";
import { clear, el, show } from "../common/dom.js";
import { REPLY_LANGUAGES, SEVERITY, STAGES, TONES, speaksChinese, wordFor } from "../common/words.js";

// How long the seller may pause typing before the text is checked: short enough to feel live,
// long enough not to ask the server on every key.
const LINT_DELAY_MS = 300;

const suggestionSelect = document.getElementById("suggestion");
const languageSelect = document.getElementById("reply-language");
const toneSelect = document.getElementById("reply-tone");
const textarea = document.getElementById("reply-text");
const rationale = document.getElementById("rationale");
const noSuggestion = document.getElementById("no-suggestion");
const lintState = document.getElementById("lint-state");
const lintList = document.getElementById("lint-findings");

let suggestions = [];
let chosen = { language: null, tone: null }; // what the seller picked; null = the server's choice
let editedBySeller = false; // the text differs from the suggestion the popup put there
let lintTimer = null;
let lintRound = 0; // only the answer to the newest check is shown
let platformOf = () => "";

/**
 * Wire the controls. `onSwitch()` is called when the seller picks another language or tone
 * (the server writes the reply again); `platform()` gives the platform the reply is for.
 */
export function initReplies({ onSwitch, platform }) {
  platformOf = platform;
  for (const [id, key] of Object.entries(REPLY_LANGUAGES)) {
    languageSelect.append(el("option", { value: id, text: `${t(key)} (${id})` }));
  }
  for (const [id, key] of Object.entries(TONES)) {
    toneSelect.append(el("option", { value: id, text: t(key) }));
  }
  suggestionSelect.addEventListener("change", () => {
    placeSuggestion(suggestions[Number(suggestionSelect.value)]);
  });
  languageSelect.addEventListener("change", () => {
    chosen.language = languageSelect.value;
    editedBySeller = false;
    onSwitch();
  });
  toneSelect.addEventListener("change", () => {
    chosen.tone = toneSelect.value;
    editedBySeller = false;
    onSwitch();
  });
  textarea.addEventListener("input", () => {
    editedBySeller = true;
    scheduleLint();
  });
}

/** The seller's choices for the next assist request: reply_language, reply_tone. */
export function replyChoices() {
  return {
    ...(chosen.language ? { reply_language: chosen.language } : {}),
    ...(chosen.tone ? { reply_tone: chosen.tone } : {}),
  };
}

/** The suggestion the reply was started from ({template_id, stage, language, tone, …}), or null. */
export function chosenSuggestion() {
  return suggestions.length ? suggestions[Number(suggestionSelect.value)] ?? null : null;
}

/** The reply as the seller has it now. */
export function replyText() {
  return textarea.value;
}

function ensureOption(select, value) {
  if (value && ![...select.options].some((option) => option.value === value)) {
    select.append(el("option", { value, text: value }));
  }
}

function placeSuggestion(suggestion) {
  if (!suggestion) {
    return;
  }
  textarea.value = suggestion.text ?? "";
  textarea.lang = suggestion.language ?? "";
  editedBySeller = false;
  const why = (speaksChinese() && suggestion.rationale_zh) || suggestion.rationale || "";
  rationale.textContent = why ? t("popup_rationale", [why]) : "";
  show(rationale, Boolean(why));
  if (suggestion.tone) {
    ensureOption(toneSelect, suggestion.tone);
    toneSelect.value = suggestion.tone;
  }
  if (suggestion.language) {
    ensureOption(languageSelect, suggestion.language);
    languageSelect.value = suggestion.language;
  }
  runLintSoon(0);
}

function suggestionName(suggestion, all) {
  const stage = wordFor(STAGES, suggestion.stage ?? suggestion.template_id);
  // Two replies for the same stage are told apart by their template.
  const twins = all.filter((other) => other.stage === suggestion.stage).length > 1;
  return twins ? `${stage} (${suggestion.template_id})` : stage;
}

/**
 * Show an assist answer's suggestions. The one the seller had chosen stays chosen; the text is
 * replaced unless the seller has edited it and `keepEdits` is set (an Update of the fields).
 */
export function showSuggestions(answer, { keepEdits = false } = {}) {
  const previous = suggestions[Number(suggestionSelect.value)]?.template_id;
  suggestions = Array.isArray(answer.suggestions) ? answer.suggestions.filter((s) => s && typeof s.text === "string") : [];
  clear(suggestionSelect);
  suggestions.forEach((suggestion, index) => {
    suggestionSelect.append(el("option", { value: index, text: suggestionName(suggestion, suggestions) }));
  });
  const keep = suggestions.findIndex((suggestion) => suggestion.template_id === previous);
  suggestionSelect.value = String(Math.max(keep, 0));
  suggestionSelect.disabled = suggestions.length === 0;
  show(noSuggestion, suggestions.length === 0);
  const language = suggestions[0]?.language ?? answer.buyer_language;
  if (language) {
    ensureOption(languageSelect, language);
    languageSelect.value = language;
  }
  if (suggestions.length && !(keepEdits && editedBySeller)) {
    placeSuggestion(suggestions[Math.max(keep, 0)]);
  } else {
    show(rationale, Boolean(rationale.textContent) && suggestions.length > 0);
    runLintSoon(0);
  }
}

/** Enable or disable the language, tone and suggestion switches (while the server is asked). */
export function lockSwitches(locked) {
  languageSelect.disabled = locked;
  toneSelect.disabled = locked;
  suggestionSelect.disabled = locked || suggestions.length === 0;
}

// ------------------------------------------------------------------ live check

function scheduleLint() {
  runLintSoon(LINT_DELAY_MS);
}

function runLintSoon(delay) {
  clearTimeout(lintTimer);
  lintTimer = setTimeout(lint, delay);
}

async function lint() {
  const round = ++lintRound;
  const text = textarea.value;
  const platform = platformOf();
  if (!text.trim() || !platform) {
    showFindings([], text);
    return;
  }
  lintState.dataset.state = "checking";
  const answer = await ask({ type: "lint", platform, text });
  if (round !== lintRound) {
    return; // the seller typed on; a newer check is under way
  }
  if (!answer.ok) {
    clear(lintList);
    lintState.dataset.state = "failed";
    lintState.textContent = t("popup_lint_failed", [answer.error?.message || answer.error?.code || ""]);
    return;
  }
  showFindings(Array.isArray(answer.findings) ? answer.findings : [], text);
}

function showFindings(findings, text) {
  clear(lintList);
  lintState.dataset.state = findings.length ? "findings" : "clean";
  lintState.textContent = text.trim()
    ? (findings.length ? t("popup_lint_found", [findings.length]) : t("popup_lint_clean"))
    : "";
  for (const finding of findings) {
    const message = (speaksChinese() && finding.message_zh) || finding.message || finding.code || "";
    const excerpt = Number.isInteger(finding.start) && Number.isInteger(finding.end) && finding.end > finding.start
      ? text.slice(finding.start, finding.end) : "";
    lintList.append(el("li", { class: "finding", data: { severity: finding.severity, code: finding.code } }, [
      el("strong", { class: "finding-severity", text: wordFor(SEVERITY, finding.severity) }),
      " ",
      excerpt ? el("q", { class: "finding-excerpt", dir: "auto", text: excerpt }) : null,
      excerpt ? " " : null,
      el("span", { class: "finding-message", text: message }),
    ]));
  }
}
