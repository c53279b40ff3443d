// "What works": per marketplace and kind of dispute, how the seller's cases ended (won, lost,
// resolved, still open), and under each the suggested replies used in those cases with how
// those cases ended, so a reply that keeps winning stands out (GET /api/v1/outcomes).

import { clear, el, show } from "../common/dom.js";
import { t } from "../common/i18n.js";
import { DISPUTE_TYPES, PLATFORMS, STAGES, wordFor } from "../common/words.js";

const totalsLine = document.getElementById("outcome-totals");
const list = document.getElementById("outcome-groups");
const none = document.getElementById("no-outcomes");

const count = (value) => (Number.isInteger(value) && value >= 0 ? value : 0);

/**
 * A template in the seller's words: its stage ("not_received.first_response" → "First response"),
 * with the id after it so two templates of one stage stay apart.
 */
function templateName(templateId) {
  const stage = String(templateId).split(".")[1];
  return Object.hasOwn(STAGES, stage) ? `${wordFor(STAGES, stage)} (${templateId})` : String(templateId);
}

function templateItem(template) {
  const facts = { cases: count(template.cases), won: count(template.won), lost: count(template.lost),
    resolved: count(template.resolved), open: count(template.open) };
  return el("li", { class: "outcome-template", data: { templateId: template.template_id, ...facts } }, [
    el("span", { class: "outcome-template-name", text: templateName(template.template_id) }),
    " ",
    el("span", {
      class: "outcome-template-counts",
      text: t("board_outcome_template", [facts.cases, facts.won, facts.lost, facts.resolved, facts.open]),
    }),
  ]);
}

function groupItem(group) {
  const facts = { total: count(group.total), won: count(group.won), lost: count(group.lost),
    resolved: count(group.resolved), open: count(group.open) };
  const templates = Array.isArray(group.templates) ? group.templates.filter((item) => item?.template_id) : [];
  return el("li", {
    class: "outcome-group",
    data: { platform: group.platform, disputeType: group.dispute_type, ...facts },
  }, [
    el("h3", { text: t("board_outcome_group", [wordFor(PLATFORMS, group.platform), wordFor(DISPUTE_TYPES, group.dispute_type)]) }),
    el("p", {
      class: "outcome-counts",
      text: t("board_outcome_counts", [facts.total, facts.won, facts.lost, facts.resolved, facts.open]),
    }),
    templates.length
      ? el("ul", { class: "outcome-templates", "aria-label": t("board_outcome_templates_label") }, templates.map(templateItem))
      : el("p", { class: "quiet outcome-no-templates", text: t("board_outcome_no_templates") }),
  ]);
}

/** Show the answer of the `outcomes` message (or say nothing more when it failed: the list matters more). */
export function showOutcomes(answer) {
  clear(list);
  if (!answer?.ok) {
    console.info("[disputeclerk] board: outcomes not loaded:", answer?.error?.code);
    totalsLine.textContent = t("board_outcomes_failed");
    show(none, false);
    return;
  }
  const groups = Array.isArray(answer.groups) ? answer.groups : [];
  const totals = answer.totals ?? {};
  totalsLine.textContent = groups.length
    ? t("board_outcome_totals", [count(totals.total), count(totals.won), count(totals.lost), count(totals.resolved),
      count(totals.open)])
    : "";
  list.append(...groups.map(groupItem));
  show(none, groups.length === 0);
}
