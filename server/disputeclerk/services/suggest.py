"""Which replies to suggest for a case right now, in which language and tone, and what to gather.

The stage follows the conversation: no reply yet → first response (and, for item problems, the
request for photos); the buyer answered the seller → concrete remedies; the seller spoke last →
a follow-up; a closed case → closing. An order page with no complaint gets the preventive
messages the seller articles recommend for where the order is.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .lexicon import data_file
from .lint import lint
from .replies import TONES, catalog, placeholder_values, render

ITEM_PROBLEMS = ("not_as_described", "damaged_or_defective", "wrong_item")
SPECIFIC_FIRST = {"wrong_item": "wrong_item.first_response", "damaged_or_defective": "damaged.first_response",
                  "delivery_delay": "delivery_delay.first_response"}
MAX_SUGGESTIONS = 4
TERSE_WORDS = 8


def choose_tone(buyer_texts: list[str], risk_codes: set[str]) -> str:
    """Firm with a buyer who threatens or wants both item and refund; concise with a terse buyer
    (seed 003, point 8: match the buyer's temperament); warm otherwise."""
    if risk_codes & {"item_and_refund", "abusive", "review_threat"}:
        return "firm"
    if buyer_texts:
        words = [_word_count(text) for text in buyer_texts]
        if sum(words) / len(words) <= TERSE_WORDS:
            return "concise"
    return "warm"


def _word_count(text: str) -> float:
    spaced = len(text.split())
    unspaced = sum(1 for c in text if "\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af")
    return max(spaced, unspaced / 2.5)


def wanted_stages(context: dict[str, Any], dispute_type: str, case_status: str | None) -> list[str]:
    messages = [m for m in context.get("messages") or [] if m.get("sender") in ("buyer", "seller")]
    if case_status in ("resolved", "won"):
        return ["closing"]
    if not any(m["sender"] == "seller" for m in messages):
        stages = ["first_response"]
        if dispute_type in ITEM_PROBLEMS or dispute_type == "not_received":
            stages.append("request_evidence")
        return stages
    if messages and messages[-1]["sender"] == "seller":
        return ["follow_up"]
    return ["offer_reship", "offer_partial_refund", "offer_return_refund", "offer_full_refund", "request_evidence"]


def preventive_stages(context: dict[str, Any], now: datetime) -> list[str]:
    order = context.get("order") or {}
    if context.get("_delivered_at") or order.get("delivered_at"):
        return ["delivery_follow_up", "feedback_follow_up"]
    shipped = context.get("_shipped_at")
    if shipped or order.get("shipped_at"):
        stages = ["shipped_with_tracking", "customs_notice"]
        if isinstance(shipped, datetime) and now - shipped > timedelta(days=10):
            stages.insert(0, "in_transit_delay")
        return stages
    return ["order_confirmation", "stocking_notice"]


def is_preventive(context: dict[str, Any], dispute_type: str) -> bool:
    return context.get("page_type") in (None, "order") and not (context.get("dispute") or {}).get("id") \
        and dispute_type == "other"


def pick_templates(platform: str, dispute_type: str, stages: list[str], preventive: bool) -> list[dict[str, Any]]:
    templates = catalog().templates
    variants = {t["variant_of"]: t for t in templates.values() if t.get("variant_of") and platform in t["platforms"]}
    chosen: list[dict[str, Any]] = []
    for stage in stages:
        candidates = [t for t in templates.values() if t["stage"] == stage and not t.get("variant_of")
                      and (t["kind"] == "preventive") == preventive
                      and (preventive or dispute_type in t["dispute_types"])]
        if stage == "first_response" and dispute_type in SPECIFIC_FIRST:
            candidates.sort(key=lambda t: t["id"] != SPECIFIC_FIRST[dispute_type])
        for template in candidates[:1]:
            chosen.append(variants.get(template["id"], template))
    if not chosen and not preventive:
        # No template of this dispute type for these stages (a return asked about again after the
        # first answer): the general ones for the stages, else this type's first answer — a seller
        # always gets a reply to start from.
        if dispute_type != "other":
            chosen = pick_templates(platform, "other", stages, preventive)
        if not chosen and stages != ["first_response"]:
            chosen = pick_templates(platform, dispute_type, ["first_response"], preventive)
    return chosen


def suggest(context: dict[str, Any], *, dispute_type: str, language: str, tone: str, shop_name: str | None = None,
            case_status: str | None = None, now: datetime, ui_language: str = "en") -> tuple[list[dict], list[str]]:
    warnings: list[str] = []
    preventive = is_preventive(context, dispute_type)
    stages = preventive_stages(context, now) if preventive else wanted_stages(context, dispute_type, case_status)
    values = placeholder_values(context, shop_name, language)
    known_numbers = tuple(v for k, v in values.items() if k in ("order_id", "tracking_number"))
    suggestions = []
    for template in pick_templates(context.get("platform", ""), dispute_type, stages, preventive):
        if any(not values.get(name) for name in template.get("requires") or []):
            continue
        text, missing = render(template, language, tone, values)
        findings = lint(text, context.get("platform"), known_numbers=known_numbers,
                        known_values=tuple(v for v in values.values() if isinstance(v, str)), language=language)
        if missing:
            warnings.append(f"Reply {template['id']}: fill in {', '.join(sorted(set(missing)))} before sending.")
        if any(f["code"] != "unfilled_placeholder" for f in findings):
            # A template that would break the platform's rules is never offered (a data bug).
            warnings.append(f"Reply {template['id']} was left out: it did not pass the platform check.")
            continue
        rationale = template.get("rationale") or {}
        suggestions.append({"template_id": template["id"], "stage": template["stage"], "language": language,
                            "tone": tone, "text": text, "rationale": rationale.get(ui_language) or rationale.get("en", ""),
                            "rationale_zh": rationale.get("zh", ""), "tones": list(TONES)})
        if len(suggestions) >= MAX_SUGGESTIONS:
            break
    return suggestions, warnings


def checklist(platform: str, dispute_type: str, ui_language: str = "en") -> list[str]:
    """The evidence to gather and steps to take, with the platform's upload limits."""
    language = "zh" if ui_language == "zh" else "en"
    try:
        table = data_file("checklists.json")
        platforms = data_file("platforms.json")
    except (OSError, ValueError):
        return []
    items = [item for item in (table.get(dispute_type) or table.get("other") or {}).get("items", [])
             if not item.get("platforms") or platform in item["platforms"]]
    lines = [item.get(language) or item.get("en", "") for item in items]
    uploads = (platforms.get(platform) or {}).get("uploads") or {}
    limits = _upload_line(uploads, language)
    if limits:
        lines.append(limits)
    return [line for line in lines if line]


def _upload_line(uploads: dict[str, Any], language: str) -> str:
    parts_en, parts_zh = [], []
    if uploads.get("max_files"):
        parts_en.append(f"up to {uploads['max_files']} files")
        parts_zh.append(f"最多 {uploads['max_files']} 个文件")
    if uploads.get("max_file_mb"):
        parts_en.append(f"{uploads['max_file_mb']} MB per file")
        parts_zh.append(f"每个文件不超过 {uploads['max_file_mb']} MB")
    if uploads.get("max_total_mb"):
        parts_en.append(f"{uploads['max_total_mb']} MB in total")
        parts_zh.append(f"总计不超过 {uploads['max_total_mb']} MB")
    if uploads.get("formats"):
        formats = ", ".join(str(f).upper() for f in uploads["formats"])
        parts_en.append(formats)
        parts_zh.append(formats)
    if not parts_en:
        return ""
    if language == "zh":
        return "上传证据限制：" + "，".join(parts_zh) + "。"
    return "Evidence uploads: " + ", ".join(parts_en) + "."
