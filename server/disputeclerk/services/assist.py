"""POST /assist: file what the extension scraped under its case and answer with help:
the deadlines that apply, what the dispute is about, the buyer's language, risk flags,
reply suggestions and the evidence checklist.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..storage import Store
from .cases import case_id_for, is_blank, merge_known
from .classify import classify, context_risk_flags, text_risk_flags
from .dates import parse_time
from .deadlines import compute_deadlines, known_zone, resolve_now
from .language import detect
from .lexicon import LANGUAGES
from .policies import registry
from .replies import TONES
from .suggest import checklist, choose_tone, suggest

# Below this confidence the classified dispute type does not hide any deadline rule.
FILTER_CONFIDENCE = 0.8

# Case fields taken straight from the scraped context.
_CONTEXT_SECTIONS = ("order", "dispute", "buyer")

# Cleared when the page no longer gives them (a deadline that stopped applying must leave the case).
_ALWAYS_SET = ("deadlines", "next_due_at", "next_due_rule", "next_due_label", "next_due_label_zh")


def assist(store: Store, context: dict[str, Any], *, default_timezone: str | None = None) -> dict[str, Any]:
    warnings: list[str] = []
    order = context.get("order") or {}
    dispute = context.get("dispute") or {}
    buyer = context.get("buyer") or {}
    case_id = case_id_for(context["platform"], order.get("id"), dispute.get("id"))

    timezone_name = context.get("seller_timezone") or default_timezone
    if timezone_name and not known_zone(timezone_name):
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
    buyer_texts = [m["text"] for m in context.get("messages") or [] if m.get("sender") == "buyer"]
    dispute_type = classify((completed.get("dispute") or {}).get("reason"), buyer_texts, completed.get("page_type"))
    computed = compute_deadlines(completed, registry(), default_timezone=default_timezone,
                                 dispute_type=dispute_type["value"] if dispute_type["confidence"] >= FILTER_CONFIDENCE
                                 else None)
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
        "dispute_type": dispute_type["value"],
        "next_due_at": next_due["due_at"] if next_due else None,
        "next_due_rule": next_due["rule_id"] if next_due else None,
        "next_due_label": next_due.get("label") if next_due else None,
        "next_due_label_zh": next_due.get("label_zh") if next_due else None,
    }

    def merged_into(current: dict[str, Any]) -> dict[str, Any]:
        fields = {key: value for key, value in scraped.items()
                  if not is_blank(value) or key in _ALWAYS_SET}
        for section in _CONTEXT_SECTIONS:
            if section in fields:
                fields[section] = merge_known(current.get(section) or {}, fields[section])
        return {} if current and tells_nothing_new(current, fields) else fields

    _, created = store.save_case(case_id, merged_into)

    messages = context.get("messages") or []
    logged = store.append_messages(case_id, [_as_log_message(m) for m in messages]) if messages \
        else {"added": 0, "duplicates": 0}

    replies = _replies(store, case_id, completed, buyer_texts, dispute_type, known.get("status"))
    warnings += replies.pop("warnings")
    return {
        "case_id": case_id,
        "case_created": created,
        "dispute_type": dispute_type,
        **replies,
        "deadlines": deadlines,
        "messages_logged": {"added": logged["added"], "duplicates": logged["duplicates"]},
        "warnings": warnings,
    }


# A page read again moves these without telling anything new: when it was read, the countdowns it
# prints (they tick), and what is computed from them. A deadline counts as the same within a minute
# (a countdown read to the second, at a capture time in milliseconds, jitters by a second).
_READ_MOMENT = ("captured_at", "page_deadlines")
_TICKING = ("due_at", "due_local", "remaining_seconds", "status", "disagreement")
SAME_DUE_WITHIN = timedelta(minutes=1)


def tells_nothing_new(current: dict[str, Any], fields: dict[str, Any]) -> bool:
    """Whether storing `fields` would change only when the case was last read (then the case file is
    not rewritten: every reading of a case would otherwise cost a durable write)."""
    for key, value in fields.items():
        old = current.get(key)
        if key == "last_captured_at":
            continue
        if key == "last_context":
            same = _without(old, _READ_MOMENT) == _without(value, _READ_MOMENT)
        elif key == "deadlines":
            same = isinstance(old, list) and isinstance(value, list) and len(old) == len(value) and all(
                _without(a, _TICKING) == _without(b, _TICKING) and _near(a.get("due_at"), b.get("due_at"))
                for a, b in zip(old, value))
        elif key == "next_due_at":
            same = _near(old, value)
        else:
            same = old == value
        if not same:
            return False
    return True


def _without(value: Any, keys: tuple[str, ...]) -> Any:
    return {k: v for k, v in value.items() if k not in keys} if isinstance(value, dict) else value


def _near(old: Any, new: Any) -> bool:
    if old == new:
        return True
    try:
        moments = [datetime.strptime(v, "%Y-%m-%dT%H:%M:%SZ") for v in (old, new)]
    except (TypeError, ValueError):
        return False
    return abs(moments[0] - moments[1]) <= SAME_DUE_WITHIN


def _replies(store: Store, case_id: str, context: dict[str, Any], buyer_texts: list[str],
             dispute_type: dict[str, Any], case_status: str | None) -> dict[str, Any]:
    """Buyer language, risk flags, reply suggestions and the evidence checklist."""
    buyer = context.get("buyer") or {}
    preferred = str(context.get("reply_language") or "").lower()
    detected = detect(" ".join(buyer_texts[-6:]), language_hint=buyer.get("language"),
                      country_hint=buyer.get("country"))
    language = preferred if preferred in LANGUAGES else detected.language
    flags = text_risk_flags(buyer_texts)
    flags = context_risk_flags(context, dispute_type["value"], flags, _other_disputes(store, case_id, context))
    tone = str(context.get("reply_tone") or "").lower()
    tone = tone if tone in TONES else choose_tone(buyer_texts, {f["code"] for f in flags})
    ui_language = "zh" if str(context.get("ui_language") or "").lower().startswith("zh") else "en"
    now = resolve_now(context, context.get("seller_timezone") or "UTC", [])
    order = context.get("order") or {}
    shipped = _when(context, order.get("shipped_at"), now)
    dated = {**context, "_shipped_at": shipped, "_delivered_at": _when(context, order.get("delivered_at"), now),
             "_delivery_by": _delivery_by(context, shipped, now)}
    suggestions, warnings = suggest(dated, dispute_type=dispute_type["value"], language=language, tone=tone,
                                    shop_name=context.get("shop_name"), case_status=case_status, now=now,
                                    ui_language=ui_language)
    return {"buyer_language": language, "buyer_language_detected": {"language": detected.language,
                                                                    "confidence": detected.confidence,
                                                                    "basis": detected.basis},
            "suggestions": suggestions, "checklist": checklist(context["platform"], dispute_type["value"], ui_language),
            "risk_flags": flags, "warnings": warnings}


def _other_disputes(store: Store, case_id: str, context: dict[str, Any]) -> int:
    """How many other cases of this buyer on this platform are disputes."""
    name = ((context.get("buyer") or {}).get("name") or "").strip().lower()
    if not name:
        return 0
    return sum(1 for row in store.cases_of_buyer(context["platform"], name)
               if row["case_id"] != case_id and (row.get("dispute_id") or row.get("dispute_type") not in (None, "other")))


def _when(context: dict[str, Any], text: Any, now: datetime) -> datetime | None:
    """A date from the page, read as the deadline engine reads it (None when absent or unreadable)."""
    if not text:
        return None
    return parse_time(str(text), now=now, default_tz=context.get("seller_timezone") or "UTC",
                      locale=context.get("page_locale")).value


def _delivery_by(context: dict[str, Any], shipped: datetime | None, now: datetime) -> datetime | None:
    """The promised delivery date: printed on the page, else ship date + promised days."""
    order = context.get("order") or {}
    if order.get("delivery_by"):
        return _when(context, order["delivery_by"], now)
    days = order.get("promised_delivery_days")
    if shipped and isinstance(days, (int, float)) and days > 0:
        return shipped + timedelta(days=days)
    return None


def _as_log_message(message: dict[str, Any]) -> dict[str, Any]:
    return {"from": message["sender"], "text": message["text"], "sent_at": message.get("sent_at")}
