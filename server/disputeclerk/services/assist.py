"""POST /assist: file what the extension scraped under its case and answer with help.

Deadlines (policy packs) and replies (classification, templates) plug in here in
later issues; for now the answer carries the case, the logged messages and warnings.
"""
from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..storage import Store
from .cases import case_id_for, is_blank, merge_known
from .deadlines import compute_deadlines
from .policies import registry

# Case fields taken straight from the scraped context.
_CONTEXT_SECTIONS = ("order", "dispute", "buyer")


def assist(store: Store, context: dict[str, Any], *, default_timezone: str | None = None) -> dict[str, Any]:
    warnings: list[str] = []
    order = context.get("order") or {}
    dispute = context.get("dispute") or {}
    buyer = context.get("buyer") or {}
    case_id = case_id_for(context["platform"], order.get("id"), dispute.get("id"))

    timezone_name = context.get("seller_timezone") or default_timezone
    if timezone_name and not _known_zone(timezone_name):
        warnings.append(f"seller_timezone {timezone_name!r} is not a known time zone; dates without a zone "
                        "are read as UTC.")
    # What earlier pages of this order told us (an order page's ship date, a dispute page's
    # opening date) fills what this page does not show.
    try:
        known = store.get_case(case_id)
    except LookupError:
        known = {}
    completed = {**context, **{section: merge_known(known.get(section) or {}, context.get(section) or {})
                               for section in _CONTEXT_SECTIONS}}
    computed = compute_deadlines(completed, registry(), default_timezone=default_timezone)
    deadlines = computed["deadlines"]
    warnings += computed["warnings"]
    next_due = next((d for d in deadlines if d["party"] == "seller" and d["due_at"]), None)

    scraped = {
        "platform": context["platform"],
        "order_id": (order.get("id") or "").strip() or None,
        "dispute_id": (dispute.get("id") or "").strip() or None,
        "buyer_name": buyer.get("name"),
        "region": context.get("region"),
        "page_type": context.get("page_type"),
        "last_url": context.get("url"),
        "last_captured_at": context.get("captured_at"),
        **{section: context.get(section) for section in _CONTEXT_SECTIONS},
        # Everything else the page gave, extra fields included, minus the conversation
        # (which goes to the evidence log).
        "last_context": {k: v for k, v in context.items() if k != "messages"},
        "deadlines": deadlines,
        "next_due_at": next_due["due_at"] if next_due else None,
        "next_due_rule": next_due["rule_id"] if next_due else None,
    }

    def merged_into(current: dict[str, Any]) -> dict[str, Any]:
        fields = {key: value for key, value in scraped.items()
                  if not is_blank(value) or key in ("deadlines", "next_due_at", "next_due_rule")}
        for section in _CONTEXT_SECTIONS:
            if section in fields:
                fields[section] = merge_known(current.get(section) or {}, fields[section])
        return fields

    _, created = store.save_case(case_id, merged_into)

    messages = context.get("messages") or []
    logged = store.append_messages(case_id, [_as_log_message(m) for m in messages]) if messages \
        else {"added": 0, "duplicates": 0}

    return {
        "case_id": case_id,
        "case_created": created,
        "dispute_type": {"value": "other", "confidence": 0.0, "basis": "none"},
        "buyer_language": (buyer.get("language") or None),
        "deadlines": deadlines,
        "suggestions": [],
        "checklist": [],
        "risk_flags": [],
        "messages_logged": {"added": logged["added"], "duplicates": logged["duplicates"]},
        "warnings": warnings,
    }


def _as_log_message(message: dict[str, Any]) -> dict[str, Any]:
    return {"from": message["sender"], "text": message["text"], "sent_at": message.get("sent_at")}


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
