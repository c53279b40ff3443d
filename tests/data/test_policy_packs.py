"""Conformance of the policy packs (server/disputeclerk/policies/*.json), the way
python-holidays checks its calendars: every rule is sourced, dated and well-formed, and
every rule's worked examples come out of the engine exactly as the pack says."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from importlib import resources
from zoneinfo import ZoneInfo

import holidays
import pytest

from disputeclerk.schemas import PLATFORMS, AssistContextSchema
from disputeclerk.services.deadlines import compute_deadlines
from disputeclerk.services.policies import registry, rule_problems

FOLDER = resources.files("disputeclerk.policies")
PACKS = {p: json.loads((FOLDER / f"{p}.json").read_text("utf-8")) for p in PLATFORMS if (FOLDER / f"{p}.json").is_file()}


def all_rules():
    for platform, pack in PACKS.items():
        for rule in pack["rules"]:
            yield platform, rule


def all_examples():
    for platform, rule in all_rules():
        for number, example in enumerate(rule.get("examples") or []):
            yield pytest.param(platform, rule, example, id=f"{rule['id']}#{number}")


def test_every_platform_of_the_contract_has_a_pack():
    assert sorted(PACKS) == sorted(PLATFORMS)


def test_the_folder_holds_only_packs_and_their_notes():
    names = {entry.name for entry in FOLDER.iterdir() if not entry.name.startswith("__")}
    assert names == {f"{p}.json" for p in PLATFORMS} | {"README.md", "SOURCES.md"}


def test_every_pack_loads_without_problems():
    assert registry().problems == []


@pytest.mark.parametrize("platform", PLATFORMS)
def test_pack_regions_have_real_zones_and_holiday_calendars(platform):
    pack = PACKS[platform]
    assert pack["default_region"] in pack["regions"]
    for region, described in pack["regions"].items():
        ZoneInfo(described["timezone"])
        code = described.get("holidays")
        if code:
            country, _, subdivision = code.partition("-")
            assert holidays.country_holidays(country, subdiv=subdivision or None, years=2026), code


def test_rule_ids_are_unique_and_start_with_their_platform():
    ids = [rule["id"] for _, rule in all_rules()]
    assert len(ids) == len(set(ids))
    for platform, rule in all_rules():
        assert rule["id"].startswith(f"{platform}."), rule["id"]


@pytest.mark.parametrize("platform, rule", [pytest.param(p, r, id=r["id"]) for p, r in all_rules()])
def test_rule_is_sourced_dated_and_well_formed(platform, rule):
    assert rule_problems(rule, platform) == []
    assert date.fromisoformat(rule["verified_on"]) <= date.today()
    assert rule.get("label_zh"), "every rule has a Chinese label"
    if rule.get("timezone"):
        ZoneInfo(rule["timezone"])
    for region in rule.get("regions") or []:
        assert region in PACKS[platform]["regions"], f"{region} is not described in the pack"
    for other in rule.get("stricter_of") or []:
        assert other.get("source_url", "").startswith("http"), "a disagreement names its source"
    assert rule.get("examples"), "every rule carries at least one worked example"


@pytest.mark.parametrize("platform, rule, example", list(all_examples()))
def test_worked_example(platform, rule, example):
    context = AssistContextSchema().load(example["context"])
    result = compute_deadlines(context, registry())
    found = [d for d in result["deadlines"] if d["rule_id"] == rule["id"]]
    assert found, f"{rule['id']} was not selected for its own example (warnings: {result['warnings']})"
    deadline = found[0]
    if "due_at" in example:
        expected = datetime.strptime(example["due_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        assert deadline["due_at"], f"unknown, missing {deadline['missing']}; warnings {result['warnings']}"
        got = datetime.strptime(deadline["due_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        assert abs((got - expected).total_seconds()) < 60, f"expected {example['due_at']}, got {deadline['due_at']}"
    else:
        assert example.get("status") == "unknown", "an example states due_at, or status unknown with missing"
        assert deadline["status"] == "unknown" and deadline["due_at"] is None
        assert deadline["missing"] == example["missing"]
