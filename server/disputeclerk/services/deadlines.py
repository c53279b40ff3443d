"""The deadline engine: which rules apply to a page, when each clock started, when it runs out.

Input is the /assist context as loaded by AssistContextSchema (messages carry `sender`).
Every answer is computed against `now` (the context's `captured_at`), so the same context
always gives the same deadlines.
"""
from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_calendars

from .dates import parse_deadline, parse_time
from .policies import Pack, Registry

URGENT = timedelta(hours=24)
SOON = timedelta(hours=72)

# The main zone of each country, for regions a pack does not describe itself.
COUNTRY_ZONES = {
    "US": "America/New_York", "CA": "America/Toronto", "MX": "America/Mexico_City", "BR": "America/Sao_Paulo",
    "AR": "America/Argentina/Buenos_Aires", "CL": "America/Santiago", "CO": "America/Bogota", "PE": "America/Lima",
    "UY": "America/Montevideo", "GB": "Europe/London", "IE": "Europe/Dublin", "DE": "Europe/Berlin",
    "FR": "Europe/Paris", "ES": "Europe/Madrid", "IT": "Europe/Rome", "NL": "Europe/Amsterdam",
    "BE": "Europe/Brussels", "PL": "Europe/Warsaw", "AT": "Europe/Vienna", "CH": "Europe/Zurich",
    "SE": "Europe/Stockholm", "PT": "Europe/Lisbon", "TR": "Europe/Istanbul", "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv", "IL": "Asia/Jerusalem", "AE": "Asia/Dubai", "SA": "Asia/Riyadh", "EG": "Africa/Cairo",
    "IN": "Asia/Kolkata", "CN": "Asia/Shanghai", "HK": "Asia/Hong_Kong", "TW": "Asia/Taipei", "JP": "Asia/Tokyo",
    "KR": "Asia/Seoul", "SG": "Asia/Singapore", "MY": "Asia/Kuala_Lumpur", "PH": "Asia/Manila",
    "TH": "Asia/Bangkok", "VN": "Asia/Ho_Chi_Minh", "ID": "Asia/Jakarta", "AU": "Australia/Sydney",
    "NZ": "Pacific/Auckland", "GLOBAL": "UTC",
}

# Clocks the contract derives from fixed context fields: (field path, page types it counts on).
_DISPUTE_CLOCKS = {
    "dispute_opened": None,                 # any page that shows a dispute
    "claim_opened": ("claim",),
    "return_requested": ("return",),
    "chargeback_notified": ("chargeback",),
}
_ORDER_CLOCKS = {
    "order_placed": ("placed_at",),
    "payment": ("paid_at", "placed_at"),     # placed_at is never later: the stricter reading
    "shipped": ("shipped_at",),
    "delivered": ("delivered_at",),
}


@dataclass
class Clock:
    start: datetime | None
    field: str                      # where it was (or would have been) read
    problem: str | None = None      # why it is unknown: "missing" or "unreadable"


def known_zone(name: str | None) -> ZoneInfo | None:
    """The IANA zone of that name, or None for a name that is not one (or not a name at all)."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone(name: str | None, fallback: str = "UTC") -> ZoneInfo:
    return known_zone(name) or known_zone(fallback) or ZoneInfo("UTC")


_holiday_lock = threading.Lock()


@lru_cache(maxsize=64)
def _calendar(code: str):
    country, _, subdivision = code.partition("-")
    try:
        return holiday_calendars.country_holidays(country, subdiv=subdivision or None)
    except (NotImplementedError, KeyError, ValueError):
        return None


def is_holiday(day: date, code: str | None) -> bool:
    if not code:
        return False
    calendar = _calendar(code.upper())
    if calendar is None:
        return False
    with _holiday_lock:                     # the package fills years lazily, which is not thread-safe
        return day in calendar


def weekend_of(holiday_code: str | None) -> frozenset[int]:
    """The region's weekend (Saudi Arabia: Friday and Saturday), else Saturday and Sunday."""
    calendar = _calendar(holiday_code.upper()) if holiday_code else None
    return frozenset(getattr(calendar, "weekend", None) or (5, 6))


def is_business_day(day: date, holiday_code: str | None) -> bool:
    return day.weekday() not in weekend_of(holiday_code) and not is_holiday(day, holiday_code)


def local_datetime(day: date, at: time, tz: ZoneInfo) -> datetime:
    """Wall time on a day in a zone (PEP 495, fold=0): a time that does not exist (the hour
    skipped when clocks go forward) lands after the gap (02:30 -> 03:30), and an ambiguous
    one (the hour repeated when clocks go back) takes its first occurrence."""
    return datetime.combine(day, at, tzinfo=tz)


def add_business_days(start: datetime, count: float, tz: ZoneInfo, holiday_code: str | None,
                      cutoff: time | None = None) -> datetime:
    local = start.astimezone(tz)
    day, counted = local.date(), 0
    whole = math.ceil(count)
    while counted < whole:
        day += timedelta(days=1)
        if is_business_day(day, holiday_code):
            counted += 1
    return local_datetime(day, cutoff or local.time().replace(tzinfo=None), tz)


def add_business_hours(start: datetime, hours: float, tz: ZoneInfo, window: dict[str, Any],
                       holiday_code: str | None) -> datetime:
    opens, closes = _hhmm(window["start"]), _hhmm(window["end"])
    weekdays_only = window.get("weekdays_only", True)
    skip_holidays = window.get("skip_holidays", True)
    remaining = timedelta(hours=hours)
    cursor = start.astimezone(tz).replace(tzinfo=None)
    for _ in range(3660):                   # ten years of days: a bound, never reached by real rules
        day = cursor.date()
        open_day = (not weekdays_only or day.weekday() not in weekend_of(holiday_code)) \
            and not (skip_holidays and is_holiday(day, holiday_code))
        day_open, day_close = datetime.combine(day, opens), datetime.combine(day, closes)
        if open_day and cursor < day_close:
            cursor = max(cursor, day_open)
            available = day_close - cursor
            if remaining <= available:
                cursor += remaining
                return local_datetime(cursor.date(), cursor.time(), tz)
            remaining -= available
        cursor = datetime.combine(day + timedelta(days=1), opens)
    raise ValueError("business hours never open")


def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def compute_due(rule: dict[str, Any], start: datetime, duration: float, tz: ZoneInfo,
                holiday_code: str | None) -> datetime:
    unit = rule["unit"]
    cutoff = _hhmm(rule["cutoff"]) if rule.get("cutoff") else None
    if unit == "business_days":
        return add_business_days(start, duration, tz, holiday_code, cutoff)
    if unit == "business_hours":
        return add_business_hours(start, duration, tz, rule["business_hours"], holiday_code)
    elapsed = timedelta(hours=duration) if unit == "hours" else timedelta(days=duration)
    due = start + elapsed
    if cutoff:
        due = local_datetime(due.astimezone(tz).date(), cutoff, tz)
    return due.astimezone(timezone.utc)


def status_of(remaining: timedelta | None) -> str:
    if remaining is None:
        return "unknown"
    if remaining < timedelta(0):
        return "overdue"
    if remaining < URGENT:
        return "urgent"
    if remaining < SOON:
        return "soon"
    return "ok"


# ------------------------------------------------------------------ the engine
class _Reader:
    """Reads the context's dates once each, remembering warnings."""

    def __init__(self, context: dict[str, Any], now: datetime, seller_tz: str) -> None:
        self.context, self.now, self.seller_tz = context, now, seller_tz
        self.locale = context.get("page_locale")
        self.warnings: list[str] = []
        self._cache: dict[str, Clock] = {}

    def when(self, field: str, text: Any) -> Clock:
        if field in self._cache:
            return self._cache[field]
        if text in (None, ""):
            clock = Clock(None, field, "missing")
        else:
            parsed = parse_time(str(text), now=self.now, default_tz=self.seller_tz, locale=self.locale)
            if parsed.value is None:
                self.warnings.append(f"Could not read the date in {field} ({str(text)[:60]!r}): {parsed.error}.")
                clock = Clock(None, field, "unreadable")
            else:
                clock = Clock(parsed.value, field)
        self._cache[field] = clock
        return clock

    def clock(self, name: str) -> Clock:
        events = self.context.get("events") or {}
        if isinstance(events, dict) and events.get(name) not in (None, ""):
            return self.when(f"events.{name}", events[name])
        order = self.context.get("order") or {}
        dispute = self.context.get("dispute") or {}
        page_type = self.context.get("page_type")
        if name in _DISPUTE_CLOCKS:
            pages = _DISPUTE_CLOCKS[name]
            if pages is None or page_type in pages:
                return self.when("dispute.opened_at", dispute.get("opened_at"))
            return Clock(None, f"events.{name}", "missing")
        if name in _ORDER_CLOCKS:
            fields = _ORDER_CLOCKS[name]
            for field_name in fields:
                if order.get(field_name) not in (None, ""):
                    return self.when(f"order.{field_name}", order[field_name])
            return Clock(None, f"order.{fields[0]}", "missing")
        if name == "message_received":
            return self._awaiting_reply()
        return Clock(None, f"events.{name}", "missing")

    def _awaiting_reply(self) -> Clock:
        """The newest buyer message with no later seller message (the contract's rule).

        Messages are ordered by their times when every buyer and seller message has a
        readable one (some pages list the newest first); otherwise page order is used."""
        messages = [(index, m) for index, m in enumerate(self.context.get("messages") or [])
                    if m.get("sender") in ("buyer", "seller")]
        times = [self._quiet_time(m.get("sent_at")) for _, m in messages]
        if messages and all(t is not None for t in times):
            messages = [m for _, m in sorted(zip(times, messages), key=lambda pair: (pair[0], pair[1][0]))]
        waiting = None
        for index, message in messages:
            waiting = (index, message) if message["sender"] == "buyer" else None
        if waiting is None:
            return Clock(None, "messages", "missing")
        index, message = waiting
        return self.when(f"messages[{index}].sent_at", message.get("sent_at"))

    def _quiet_time(self, text: Any) -> datetime | None:
        """A message time for ordering only: unreadable ones are not warned about here."""
        if text in (None, ""):
            return None
        return parse_time(str(text), now=self.now, default_tz=self.seller_tz, locale=self.locale).value


def resolve_now(context: dict[str, Any], seller_tz: str, warnings: list[str]) -> datetime:
    real_now = datetime.now(timezone.utc)
    captured = context.get("captured_at")
    if captured:
        parsed = parse_time(str(captured), now=real_now, default_tz=seller_tz, locale=context.get("page_locale"))
        if parsed.value is not None:
            return parsed.value
        warnings.append(f"captured_at {str(captured)[:40]!r} is unreadable; times are counted from the server's clock.")
    return real_now


def region_of(pack: Pack, context: dict[str, Any]) -> tuple[str, str, str | None]:
    """(region, zone name, holiday calendar code) for this page."""
    region = str(context.get("region") or pack.default_region or "GLOBAL").upper()
    described = pack.regions.get(region) or {}
    if not described and region not in COUNTRY_ZONES:
        described = pack.regions.get(pack.default_region) or {}
    zone_name = described.get("timezone") or COUNTRY_ZONES.get(region) or "UTC"
    holiday_code = described.get("holidays", None if region == "GLOBAL" else region)
    return region, zone_name, holiday_code


def applies(rule: dict[str, Any], region: str, page_type: str | None, dispute_type: str | None) -> bool:
    if rule.get("regions") and region not in rule["regions"]:
        return False
    if rule.get("page_types") and page_type and page_type not in rule["page_types"]:
        return False
    if rule.get("dispute_types") and dispute_type and dispute_type != "other" \
            and dispute_type not in rule["dispute_types"]:
        return False
    return True


def compute_deadlines(context: dict[str, Any], registry: Registry, *, default_timezone: str | None = None,
                      dispute_type: str | None = None) -> dict[str, Any]:
    """The deadlines for one page: {"deadlines": [...], "warnings": [...]}."""
    warnings: list[str] = []
    pack = registry.get(context.get("platform"))
    if pack is None:
        return {"deadlines": [], "warnings": [f"No deadline rules for {context.get('platform')!r} yet."]}
    seller_tz_name = context.get("seller_timezone") or default_timezone or "UTC"
    seller_tz = zone(seller_tz_name)
    now = resolve_now(context, seller_tz.key, warnings)
    reader = _Reader(context, now, seller_tz.key)
    region, zone_name, holiday_code = region_of(pack, context)
    page_type = context.get("page_type")

    entries = []
    for rule in pack.rules:
        if not applies(rule, region, page_type, dispute_type):
            continue
        entries.append(_rule_deadline(rule, reader, now, seller_tz, zone(rule.get("timezone"), zone_name),
                                      holiday_code))
    _apply_page_deadlines(context, pack, entries, reader, now, seller_tz, warnings)
    warnings[:0] = reader.warnings
    entries.sort(key=lambda e: (e["due_at"] is None, e["due_at"] or "", e["party"] != "seller"))
    return {"deadlines": entries, "warnings": warnings}


def _rule_deadline(rule: dict[str, Any], reader: _Reader, now: datetime, seller_tz: ZoneInfo, tz: ZoneInfo,
                   holiday_code: str | None) -> dict[str, Any]:
    entry = {
        "rule_id": rule["id"], "label": rule["label"], "label_zh": rule.get("label_zh"), "party": rule["party"],
        "due_at": None, "due_local": None, "remaining_seconds": None, "status": "unknown", "missing": [],
        "basis": "rule", "on_miss": rule["on_miss"], "source_url": rule["source_urls"][0],
        "source_urls": rule["source_urls"], "verified_on": rule["verified_on"], "confidence": rule["confidence"],
        "disagreement": _disagreement(rule),
    }
    clock = reader.clock(rule["clock"])
    duration, duration_field = _duration(rule, reader.context)
    if clock.start is None:
        entry["missing"].append(clock.field)
    if duration is None:
        entry["missing"].append(duration_field)
    if entry["missing"]:
        return entry
    try:
        due = compute_due(rule, clock.start, duration, tz, holiday_code)
    except (ValueError, OverflowError):
        entry["missing"].append(clock.field)
        return entry
    return _with_due(entry, due, now, seller_tz)


def _duration(rule: dict[str, Any], context: dict[str, Any]) -> tuple[float | None, str]:
    if rule.get("duration") is not None:
        return float(rule["duration"]), "duration"
    source = rule.get("duration_from") or "page"
    if source == "page":
        return None, "page_deadlines"
    value: Any = context
    for part in source.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return float(value), source
    return None, source


def _with_due(entry: dict[str, Any], due: datetime, now: datetime, seller_tz: ZoneInfo) -> dict[str, Any]:
    due = due.astimezone(timezone.utc).replace(microsecond=0)
    remaining = due - now
    entry.update(due_at=due.strftime("%Y-%m-%dT%H:%M:%SZ"), due_local=due.astimezone(seller_tz).isoformat(),
                 remaining_seconds=int(remaining.total_seconds()), status=status_of(remaining), missing=[])
    return entry


def _disagreement(rule: dict[str, Any]) -> str | None:
    others = rule.get("stricter_of") or []
    if not others:
        return None
    found = "; ".join(f"{o.get('duration')} {str(o.get('unit', '')).replace('_', ' ')}"
                      + (f" ({o['source_url']})" if o.get("source_url") else "") for o in others)
    shipped = f"{rule.get('duration') or rule.get('duration_from')} {rule['unit'].replace('_', ' ')}"
    return f"Sources disagree (also found: {found}); this shows the stricter {shipped}."


_HAS_CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}")


def _apply_page_deadlines(context: dict[str, Any], pack: Pack, entries: list[dict[str, Any]], reader: _Reader,
                          now: datetime, seller_tz: ZoneInfo, warnings: list[str]) -> None:
    """The marketplace's own countdowns win over computed rules; a disagreement is a warning."""
    for index, printed in enumerate(context.get("page_deadlines") or []):
        label, text = (printed.get("label") or "").strip(), (printed.get("text") or "").strip()
        parsed = parse_deadline(text, now=now, default_tz=seller_tz.key, locale=context.get("page_locale"))
        entry = _matching_entry(label, pack, entries)
        if parsed.value is None:
            warnings.append(f"Could not read the deadline the page shows ({label or 'no label'}: {text[:60]!r}).")
            if entry is None:
                entries.append(_page_entry(pack, context, label, index))
            continue
        if entry is None:
            entries.append(_with_due(_page_entry(pack, context, label, index), parsed.value, now, seller_tz))
            continue
        computed = entry["due_at"]
        _with_due(entry, parsed.value, now, seller_tz)
        entry["basis"] = "page"
        entry["rule_due_at"] = computed
        if computed:
            gap = abs((datetime.strptime(computed, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
                       - parsed.value).total_seconds())
            tolerance = 300 if _HAS_CLOCK_TIME.search(text) else 86400
            if gap > tolerance:
                warnings.append(f"The page says {entry['label']!r} is due {entry['due_at']}, but the rule "
                                f"{entry['rule_id']} gives {computed}: the page's date is shown; check the policy.")


def _matching_entry(label: str, pack: Pack, entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not label:
        return None
    lowered = label.lower()
    rules = {rule["id"]: rule for rule in pack.rules}
    for entry in sorted(entries, key=lambda e: e["party"] != "seller"):
        words = rules.get(entry["rule_id"], {}).get("page_labels") or []
        if entry["basis"] != "page" and any(word and word.lower() in lowered for word in words):
            return entry
    return None


def _page_entry(pack: Pack, context: dict[str, Any], label: str, index: int) -> dict[str, Any]:
    return {
        "rule_id": f"{pack.platform}.page_deadline", "label": label or "Deadline shown on the page",
        "label_zh": label or "页面显示的截止时间", "party": "seller", "due_at": None, "due_local": None,
        "remaining_seconds": None, "status": "unknown", "missing": [f"page_deadlines[{index}].text"],
        "basis": "page", "on_miss": "What the marketplace does when this runs out is stated on its page.",
        "source_url": context.get("url"), "source_urls": [context["url"]] if context.get("url") else [],
        "verified_on": (context.get("captured_at") or "")[:10] or None, "confidence": "high", "disagreement": None,
    }


def refresh(deadline: dict[str, Any], now: datetime) -> dict[str, Any]:
    """A stored deadline with its remaining time and status recomputed for `now`."""
    if not deadline.get("due_at"):
        return deadline
    due = datetime.strptime(deadline["due_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    remaining = due - now
    return {**deadline, "remaining_seconds": int(remaining.total_seconds()), "status": status_of(remaining)}
