"""The policy packs: one JSON file per platform in disputeclerk/policies/ (see its README).

A broken pack or rule is reported as a problem and left out; it never takes the other
platforms down.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from ..schemas import DISPUTE_TYPES, PAGE_TYPES, PLATFORMS

log = logging.getLogger(__name__)

UNITS = ("hours", "calendar_days", "business_days", "business_hours")
PARTIES = ("seller", "buyer", "platform")
CONFIDENCE = ("high", "medium", "low")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# Rule fields the API shows (examples and editing aids stay in the files).
PUBLIC_FIELDS = ("id", "label", "label_zh", "party", "clock", "duration", "duration_from", "unit", "page_types",
                 "dispute_types", "regions", "timezone", "cutoff", "business_hours", "on_miss", "source_urls",
                 "verified_on", "confidence", "notes", "stricter_of")


@dataclass
class Pack:
    platform: str
    name: str
    default_region: str
    regions: dict[str, dict[str, Any]]
    rules: list[dict[str, Any]]


@dataclass
class Registry:
    packs: dict[str, Pack] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def get(self, platform: str) -> Pack | None:
        return self.packs.get(platform)

    def describe(self, platform: str | None = None) -> list[dict[str, Any]]:
        """What GET /platforms and `disputeclerk policies` show."""
        rows = []
        for platform_id in PLATFORMS:
            if platform and platform_id != platform:
                continue
            pack = self.packs.get(platform_id)
            rows.append({
                "id": platform_id,
                "name": pack.name if pack else platform_id,
                "default_region": pack.default_region if pack else None,
                "regions": sorted(pack.regions) if pack else [],
                "rules": [{k: rule.get(k) for k in PUBLIC_FIELDS} for rule in pack.rules] if pack else [],
            })
        return rows


def rule_problems(rule: Any, platform: str) -> list[str]:
    """Everything wrong with one rule, in words a pack editor understands."""
    if not isinstance(rule, dict):
        return ["a rule must be a JSON object"]
    rid = rule.get("id", "?")
    problems = []

    def bad(text: str) -> None:
        problems.append(f"{platform}: rule {rid}: {text}")

    if not isinstance(rule.get("id"), str) or not rule["id"].startswith(f"{platform}."):
        bad(f"id must start with '{platform}.'")
    if rule.get("party") not in PARTIES:
        bad(f"party must be one of {PARTIES}")
    if rule.get("unit") not in UNITS:
        bad(f"unit must be one of {UNITS}")
    if not isinstance(rule.get("clock"), str) or not rule["clock"]:
        bad("clock is missing")
    duration, source = rule.get("duration"), rule.get("duration_from")
    if duration is None and not source:
        bad("needs duration or duration_from")
    if duration is not None and (not isinstance(duration, (int, float)) or isinstance(duration, bool) or duration <= 0):
        bad("duration must be a positive number")
    if not rule.get("source_urls") or not all(isinstance(u, str) and u.startswith("http") for u in rule["source_urls"]):
        bad("source_urls must list at least one http(s) URL")
    if not isinstance(rule.get("verified_on"), str) or not _DATE.match(rule["verified_on"]):
        bad("verified_on must be YYYY-MM-DD")
    if rule.get("confidence") not in CONFIDENCE:
        bad(f"confidence must be one of {CONFIDENCE}")
    if not all(t in PAGE_TYPES for t in rule.get("page_types", [])):
        bad(f"page_types must be among {PAGE_TYPES}")
    if not all(t in DISPUTE_TYPES for t in rule.get("dispute_types", [])):
        bad(f"dispute_types must be among {DISPUTE_TYPES}")
    if rule.get("cutoff") is not None and not _HHMM.match(str(rule["cutoff"])):
        bad("cutoff must be HH:MM")
    if rule.get("unit") == "business_hours":
        hours = rule.get("business_hours") or {}
        if not (_HHMM.match(str(hours.get("start"))) and _HHMM.match(str(hours.get("end")))
                and hours["start"] < hours["end"]):
            bad("business_hours needs start < end as HH:MM")
    if not rule.get("label") or not rule.get("on_miss"):
        bad("label and on_miss are required")
    return problems


def load_pack(platform: str, data: Any) -> tuple[Pack | None, list[str]]:
    if not isinstance(data, dict) or data.get("platform") != platform:
        return None, [f"{platform}.json: 'platform' must be {platform!r}"]
    problems: list[str] = []
    rules = []
    for rule in data.get("rules") or []:
        found = rule_problems(rule, platform)
        problems += found
        if not found:
            rules.append(rule)
    pack = Pack(platform=platform, name=data.get("name") or platform,
                default_region=str(data.get("default_region") or "GLOBAL").upper(),
                regions={str(k).upper(): v for k, v in (data.get("regions") or {}).items()}, rules=rules)
    return pack, problems


@lru_cache(maxsize=1)
def registry() -> Registry:
    """Every pack shipped in the package, loaded once."""
    reg = Registry()
    folder = resources.files("disputeclerk.policies")
    for platform in PLATFORMS:
        source = folder / f"{platform}.json"
        if not source.is_file():
            reg.problems.append(f"{platform}: no policy pack yet")
            continue
        try:
            data = json.loads(source.read_text("utf-8"))
        except ValueError as exc:
            reg.problems.append(f"{platform}.json is not valid JSON: {exc}")
            continue
        pack, problems = load_pack(platform, data)
        reg.problems += problems
        if pack:
            reg.packs[platform] = pack
    for problem in reg.problems:
        log.warning("policy pack: %s", problem)
    return reg
