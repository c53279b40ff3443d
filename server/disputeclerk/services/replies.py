"""Reply suggestions: the templates of shared_templates/, chosen for the case and rendered safely.

Rendering never evaluates anything: no str.format, no Jinja. Only allow-listed `{{name}}`
placeholders are replaced, in one pass, by plain text taken from the page; a value that itself
contains `{{…}}` stays literal. A value with no fallback stays visible as `[name?]` and the
answer says so.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from .lexicon import LANGUAGES

log = logging.getLogger(__name__)

TONES = ("warm", "concise", "firm")
PLACEHOLDERS = ("greeting", "sign_off", "buyer_name", "shop_name", "order_id", "item_title", "carrier",
                "tracking_number", "ship_date", "delivery_date", "refund_amount", "order_total")
FALLBACK_PLACEHOLDERS = ("item_title", "carrier")
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
DISPUTE_STAGES = ("first_response", "request_evidence", "offer_reship", "offer_partial_refund", "offer_full_refund",
                  "offer_return_refund", "follow_up", "closing")
PREVENTIVE_STAGES = ("order_confirmation", "stocking_notice", "shipped_with_tracking", "in_transit_delay",
                     "customs_notice", "delivery_follow_up", "feedback_follow_up")


@dataclass
class Catalog:
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    languages: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def template_problems(template: dict[str, Any]) -> list[str]:
    """Everything wrong with one template, in words a translator understands."""
    tid = template.get("id", "?")
    problems = []
    declared = set(template.get("placeholders") or [])
    if not declared <= set(PLACEHOLDERS):
        problems.append(f"{tid}: placeholders not in the allow-list: {sorted(declared - set(PLACEHOLDERS))}")
    if not set(template.get("requires") or []) <= declared:
        problems.append(f"{tid}: requires names placeholders it does not declare")
    stages = DISPUTE_STAGES if template.get("kind") == "dispute" else PREVENTIVE_STAGES
    if template.get("stage") not in stages:
        problems.append(f"{tid}: stage {template.get('stage')!r} is not one of {stages}")
    texts = template.get("text") or {}
    for language in LANGUAGES:
        for tone in TONES:
            text = (texts.get(language) or {}).get(tone)
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{tid}: no {language}/{tone} text")
                continue
            used = set(PLACEHOLDER.findall(text))
            if used - {"greeting", "sign_off"} != declared:
                problems.append(f"{tid}: {language}/{tone} uses {sorted(used)} but declares {sorted(declared)}")
            if not text.lstrip().startswith("{{greeting}}") or not text.rstrip().endswith("{{sign_off}}"):
                problems.append(f"{tid}: {language}/{tone} must start with {{{{greeting}}}} and end with "
                                f"{{{{sign_off}}}}")
    return problems


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    folder = resources.files("disputeclerk.shared_templates")
    result = Catalog()
    try:
        result.languages = json.loads((folder / "_languages.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        result.problems.append(f"_languages.json: {exc}")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json") or entry.name.startswith("_"):
            continue
        try:
            template = json.loads(entry.read_text("utf-8"))
        except ValueError as exc:
            result.problems.append(f"{entry.name}: not valid JSON: {exc}")
            continue
        problems = template_problems(template)
        if template.get("id") != entry.name[:-5]:
            problems.append(f"{entry.name}: its id must be the file name")
        result.problems += problems
        if not problems:
            result.templates[template["id"]] = template
    for problem in result.problems:
        log.warning("templates: %s", problem)
    return result


# ----------------------------------------------------------------- rendering
def placeholder_values(context: dict[str, Any], shop_name: str | None, language: str) -> dict[str, str]:
    """Plain-text values for the placeholders, from the page context. Missing ones are absent."""
    order = context.get("order") or {}
    dispute = context.get("dispute") or {}
    buyer = context.get("buyer") or {}
    tracking = order.get("tracking") or {}
    items = order.get("items") or []
    values = {
        "buyer_name": _first_name(buyer.get("name")),
        "shop_name": (shop_name or "").strip()[:60],
        "order_id": str(order.get("id") or dispute.get("id") or "").strip(),
        "item_title": _shorten(items[0].get("title") if items and isinstance(items[0], dict) else None, 60),
        "carrier": str(tracking.get("carrier") or "").strip()[:40],
        "tracking_number": str(tracking.get("number") or "").strip()[:60],
        "ship_date": _local_date(context.get("_shipped_at"), language),
        "delivery_date": _local_date(context.get("_delivery_by"), language),
        "refund_amount": _money(dispute.get("refund")),
        "order_total": _money(order.get("total")),
    }
    return {name: value for name, value in values.items() if value}


def _first_name(name: Any) -> str:
    text = str(name or "").strip()
    return text.split()[0][:40] if text else ""


def _shorten(text: Any, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _money(money: Any) -> str:
    if not isinstance(money, dict) or not money.get("amount"):
        return ""
    return f"{str(money['amount']).strip()} {str(money.get('currency') or '').strip()}".strip()[:40]


def _local_date(value: datetime | None, language: str) -> str:
    if not isinstance(value, datetime):
        return ""
    setup = catalog().languages.get(language, {})
    pattern = setup.get("date_format") or "{y}-{m}-{d}"
    months = setup.get("months") or []
    month_name = months[value.month - 1] if len(months) == 12 else f"{value.month:02d}"
    return (pattern.replace("{y}", f"{value.year}").replace("{month}", month_name)
            .replace("{m}", f"{value.month:02d}").replace("{d}", f"{value.day}" if months else f"{value.day:02d}"))


def substitute(text: str, values: dict[str, str], fallbacks: dict[str, str], missing: list[str]) -> str:
    """One pass over allow-listed placeholders; unknown or unfilled ones stay visible."""
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            missing.append(name)
            return f"[{name}?]"
        if values.get(name):
            return values[name]
        if name in fallbacks and fallbacks[name]:
            return fallbacks[name]
        missing.append(name)
        return f"[{name}?]"

    return PLACEHOLDER.sub(replace, text)


def render(template: dict[str, Any], language: str, tone: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """The text of one template in one language and tone, and the placeholders left unfilled."""
    setup = catalog().languages.get(language) or {}
    missing: list[str] = []
    named = "named" if values.get("buyer_name") else "anonymous"
    signed = "named" if values.get("shop_name") else "anonymous"
    greeting = ((setup.get("greeting") or {}).get(named) or {}).get(tone, "")
    sign_off = ((setup.get("sign_off") or {}).get(signed) or {}).get(tone, "")
    frame = {"greeting": substitute(greeting, values, {}, missing), "sign_off": substitute(sign_off, values, {}, missing)}
    body = template["text"][language][tone]
    text = substitute(body, {**values, **frame}, setup.get("fallbacks") or {}, missing)
    return text.strip(), missing
