"""Conformance of shared_templates/: every template in every language and tone, same
placeholders everywhere, in the language it claims, and clean by the platform check."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from importlib import resources

import pytest

from disputeclerk.schemas import DISPUTE_TYPES, PLATFORMS
from disputeclerk.services.language import detect
from disputeclerk.services.lexicon import LANGUAGES
from disputeclerk.services.lint import lint, message_limit
from disputeclerk.services.replies import (PREVENTIVE_STAGES, TONES, catalog, placeholder_values, render,
                                           template_problems)

SHORTEST_LIMIT = min([message_limit(p) for p in PLATFORMS if message_limit(p)] or [1000])
FOLDER = resources.files("disputeclerk.shared_templates")
FILES = sorted(e.name for e in FOLDER.iterdir() if e.name.endswith(".json") and not e.name.startswith("_"))
SAMPLE = {"platform": "aliexpress", "order": {"id": "8123456789", "items": [{"title": "Red cotton hoodie XL"}],
                                             "tracking": {"carrier": "Cainiao", "number": "LP00123456789012"},
                                             "total": {"amount": "23.50", "currency": "USD"}},
          "buyer": {"name": "Ana Souza"}, "dispute": {"refund": {"amount": "8.00", "currency": "USD"}},
          "_shipped_at": datetime(2026, 11, 3, tzinfo=timezone.utc),
          "_delivery_by": datetime(2026, 12, 1, tzinfo=timezone.utc)}


def test_every_template_loads_without_problems():
    assert catalog().problems == []
    assert len(catalog().templates) == len(FILES) >= 36


@pytest.mark.parametrize("name", FILES)
def test_template_file_is_complete(name):
    template = json.loads((FOLDER / name).read_text("utf-8"))
    assert template_problems(template) == []
    assert template["rationale"].get("en") and template["rationale"].get("zh")


@pytest.mark.parametrize("dispute_type", DISPUTE_TYPES)
def test_every_dispute_type_has_a_first_response_and_a_closing(dispute_type):
    templates = catalog().templates.values()
    stages = {t["stage"] for t in templates if dispute_type in t["dispute_types"]}
    assert "first_response" in stages
    if dispute_type not in ("chargeback", "negative_feedback", "customs_duties", "cancel_request"):
        assert "closing" in stages


def test_every_preventive_message_exists():
    stages = {t["stage"] for t in catalog().templates.values() if t["kind"] == "preventive"}
    assert stages == set(PREVENTIVE_STAGES)


def test_languages_file_has_greetings_sign_offs_and_fallbacks_for_all():
    languages = catalog().languages
    for language in LANGUAGES:
        setup = languages[language]
        for part in ("greeting", "sign_off"):
            for form in ("named", "anonymous"):
                assert set(setup[part][form]) == set(TONES), (language, part, form)
        assert all("{{buyer_name}}" in t for t in setup["greeting"]["named"].values())
        assert all("{{shop_name}}" in t for t in setup["sign_off"]["named"].values())
        assert setup["fallbacks"].get("item_title") and setup["fallbacks"].get("carrier")


def rendered():
    for tid, template in sorted(catalog().templates.items()):
        for language in LANGUAGES:
            for tone in TONES:
                yield pytest.param(template, language, tone, id=f"{tid}-{language}-{tone}")


@pytest.mark.parametrize("template, language, tone", list(rendered()))
def test_rendered_reply_is_complete_in_its_language_and_clean(template, language, tone):
    values = placeholder_values(SAMPLE, "Sunny Store", language)
    text, missing = render(template, language, tone, values)
    assert missing == [] and "{{" not in text
    known = (values["order_id"], values["tracking_number"])
    assert lint(text, "aliexpress", known_numbers=known) == []
    # The checks are the same on every platform but for the length limit.
    assert len(text) <= SHORTEST_LIMIT
    assert detect(text).language == language
