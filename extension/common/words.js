// The seller's words for the ids the server and the scraper use (platform ids, page types, reply
// languages, dispute types, reply stages…). Each id maps to its _locales message, written out
// in full so a test can check that every message exists in every language. Shared by the popup
// and the case board; the keys keep the popup_ prefix they were born with.

import { t } from "./i18n.js";

// The 15 marketplaces the server has policy packs for (= the server's PLATFORMS, same order).
export const PLATFORMS = {
  aliexpress: "popup_platform_aliexpress",
  amazon: "popup_platform_amazon",
  ebay: "popup_platform_ebay",
  wish: "popup_platform_wish",
  tmall: "popup_platform_tmall",
  taobao: "popup_platform_taobao",
  shopee: "popup_platform_shopee",
  lazada: "popup_platform_lazada",
  tiktok_shop: "popup_platform_tiktok_shop",
  etsy: "popup_platform_etsy",
  shopify: "popup_platform_shopify",
  paypal: "popup_platform_paypal",
  walmart: "popup_platform_walmart",
  mercadolibre: "popup_platform_mercadolibre",
  temu: "popup_platform_temu",
};

// = the server's PAGE_TYPES.
export const PAGE_TYPES = {
  order: "popup_page_type_order",
  dispute: "popup_page_type_dispute",
  return: "popup_page_type_return",
  message: "popup_page_type_message",
  claim: "popup_page_type_claim",
  chargeback: "popup_page_type_chargeback",
  review: "popup_page_type_review",
};

// The languages the server writes replies in (= the server's lexicon LANGUAGES).
export const REPLY_LANGUAGES = {
  en: "popup_language_en",
  es: "popup_language_es",
  pt: "popup_language_pt",
  fr: "popup_language_fr",
  de: "popup_language_de",
  it: "popup_language_it",
  ru: "popup_language_ru",
  pl: "popup_language_pl",
  tr: "popup_language_tr",
  ar: "popup_language_ar",
  he: "popup_language_he",
  ko: "popup_language_ko",
  ja: "popup_language_ja",
  zh: "popup_language_zh",
  nl: "popup_language_nl",
};

export const TONES = {
  warm: "popup_tone_warm",
  concise: "popup_tone_concise",
  firm: "popup_tone_firm",
};

// = the server's DISPUTE_TYPES.
export const DISPUTE_TYPES = {
  not_received: "popup_dispute_type_not_received",
  delivery_delay: "popup_dispute_type_delivery_delay",
  not_as_described: "popup_dispute_type_not_as_described",
  damaged_or_defective: "popup_dispute_type_damaged_or_defective",
  wrong_item: "popup_dispute_type_wrong_item",
  return_no_reason: "popup_dispute_type_return_no_reason",
  cancel_request: "popup_dispute_type_cancel_request",
  customs_duties: "popup_dispute_type_customs_duties",
  chargeback: "popup_dispute_type_chargeback",
  negative_feedback: "popup_dispute_type_negative_feedback",
  other: "popup_dispute_type_other",
};

// The stages of shared_templates (which step of the conversation a reply is for).
export const STAGES = {
  first_response: "popup_stage_first_response",
  request_evidence: "popup_stage_request_evidence",
  follow_up: "popup_stage_follow_up",
  offer_full_refund: "popup_stage_offer_full_refund",
  offer_partial_refund: "popup_stage_offer_partial_refund",
  offer_reship: "popup_stage_offer_reship",
  offer_return_refund: "popup_stage_offer_return_refund",
  closing: "popup_stage_closing",
  customs_notice: "popup_stage_customs_notice",
  delivery_follow_up: "popup_stage_delivery_follow_up",
  feedback_follow_up: "popup_stage_feedback_follow_up",
  in_transit_delay: "popup_stage_in_transit_delay",
  order_confirmation: "popup_stage_order_confirmation",
  shipped_with_tracking: "popup_stage_shipped_with_tracking",
  stocking_notice: "popup_stage_stocking_notice",
};

// Who must act before a deadline.
export const PARTIES = {
  seller: "popup_party_seller",
  buyer: "popup_party_buyer",
  platform: "popup_party_platform",
};

// Deadline status → its word (the colour comes from deadlines.css by data-status).
export const DEADLINE_STATUS = {
  ok: "popup_deadline_status_ok",
  soon: "popup_deadline_status_soon",
  urgent: "popup_deadline_status_urgent",
  overdue: "popup_deadline_status_overdue",
  unknown: "popup_deadline_status_unknown",
};

export const CONFIDENCE = {
  high: "popup_confidence_high",
  medium: "popup_confidence_medium",
  low: "popup_confidence_low",
};

export const SEVERITY = {
  error: "popup_severity_error",
  warning: "popup_severity_warning",
};

// Who wrote a message in the conversation the scraper read.
export const SENDERS = {
  buyer: "popup_sender_buyer",
  seller: "popup_sender_seller",
  platform: "popup_sender_platform",
  system: "popup_sender_platform",
  other: "popup_sender_other",
};

// Where a case stands (= the server's CASE_STATUSES): the seller sets it on the case page.
export const CASE_STATUSES = {
  open: "board_status_open",
  resolved: "board_status_resolved",
  won: "board_status_won",
  lost: "board_status_lost",
};

// What a record of the evidence log holds (= the server's evidence kinds).
export const EVIDENCE_KINDS = {
  page_snapshot: "board_evidence_page_snapshot",
  screenshot: "board_evidence_screenshot",
  note: "board_evidence_note",
  file: "board_evidence_file",
};

/** The seller's word for `id` from `table`, or the id itself when the table does not know it. */
export function wordFor(table, id) {
  return Object.hasOwn(table, id) ? t(table[id]) : String(id ?? "");
}

/** True when our pages speak Chinese (the _locales the browser chose), for the server's _zh texts. */
export function speaksChinese() {
  return t("localeTag").toLowerCase().startsWith("zh");
}
