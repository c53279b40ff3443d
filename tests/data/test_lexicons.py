"""The lexicons and the classifier against labelled buyer messages written independently of them."""
from __future__ import annotations

import json
import re._constants as sre
import re._parser as sre_parse
from pathlib import Path

import pytest

from disputeclerk.services.classify import classify_text, text_risk_flags
from disputeclerk.services.language import detect
from disputeclerk.services.lexicon import LANGUAGES, lexicons
from disputeclerk.services.lint import lint

HERE = Path(__file__).parent
GROUPS = ("dispute_types", "reasons", "risk", "lint")


def messages(language: str) -> list[dict]:
    return json.loads((HERE / "buyer_messages" / f"{language}.json").read_text("utf-8"))


def test_every_language_has_a_lexicon_that_loads_cleanly():
    loaded = lexicons()
    assert sorted(loaded) == sorted(LANGUAGES)
    for language, lexicon in loaded.items():
        assert lexicon.problems == [], language
        groups = {group for group, _ in lexicon.phrases}
        assert groups == set(GROUPS), language


def _starts_with_unbounded_repeat(items) -> bool:
    """Whether a parsed pattern can begin with `\\w+`, `\\d*`, `.*`… (in any alternative)."""
    for op, argument in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, inner = argument
            if high == sre.MAXREPEAT or _starts_with_unbounded_repeat(inner):
                return True
            if low:
                return False
            continue  # an optional start: what follows may start the match
        if op is sre.SUBPATTERN:
            return _starts_with_unbounded_repeat(argument[-1])
        if op is sre.BRANCH:
            return any(_starts_with_unbounded_repeat(branch) for branch in argument[1])
        return False
    return False


def test_no_pattern_starts_with_an_unbounded_repeat():
    """The matcher tries a pattern at every position: one starting with `\\w+` re-reads the rest of a
    long word from each of its letters (a 20,000-digit message took 9 s in the reply check)."""
    unbounded = [(language, category, pattern.pattern[:60])
                 for language, lexicon in lexicons().items()
                 for (_, category), patterns in lexicon.patterns.items() for pattern in patterns
                 if _starts_with_unbounded_repeat(sre_parse.parse(pattern.pattern))]
    assert unbounded == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_dispute_type_is_right_for_85_percent_of_messages(language):
    samples = messages(language)
    wrong = [(s["text"], s["dispute_type"], classify_text([s["text"]])["value"]) for s in samples
             if classify_text([s["text"]])["value"] != s["dispute_type"]]
    accuracy = 1 - len(wrong) / len(samples)
    assert accuracy >= 0.85, f"{accuracy:.0%}; wrong: {wrong[:8]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_buyer_language_is_detected(language):
    samples = messages(language)
    wrong = [s["text"] for s in samples if detect(s["text"]).language != language]
    assert len(wrong) / len(samples) <= 0.1, wrong[:8]


@pytest.mark.parametrize("language", LANGUAGES)
def test_risky_messages_raise_their_flags(language):
    flagged = [s for s in messages(language) if s.get("risk_flags")]
    missed = []
    for sample in flagged:
        raised = {f["code"] for f in text_risk_flags([sample["text"]])}
        missed += [(sample["text"], code) for code in sample["risk_flags"] if code not in raised]
    total = sum(len(s["risk_flags"]) for s in flagged)
    assert not total or len(missed) / total <= 0.25, missed


def drafts():
    for number, draft in enumerate(json.loads((HERE / "seller_drafts.json").read_text("utf-8"))):
        yield pytest.param(draft, id=f"{draft['language']}-{number}")


LINT_CODES = {"off_platform_contact": {"off_platform_contact", "link"}}


@pytest.mark.parametrize("draft", list(drafts()))
def test_seller_drafts_that_break_the_rules_are_flagged_and_clean_ones_pass(draft):
    found = {f["code"] for f in lint(draft["text"], draft["platform"]) if f["severity"] == "error"
             or f["code"] == "admits_fault"}
    if draft["violations"]:
        for code in draft["violations"]:
            assert found & LINT_CODES.get(code, {code}), (code, found)
    else:
        assert not found, found
    # Told the draft's language (as the reply suggestions are), the check runs only that language's
    # and English patterns: it must find all the same.
    assert lint(draft["text"], draft["platform"], language=draft["language"]) == lint(draft["text"], draft["platform"])


@pytest.mark.parametrize("text, code", [
    ("Could you please change your 1-star feedback to positive?", "review_manipulation"),
    ("Bitte löschen Sie jetzt Ihre negative Bewertung.", "review_manipulation"),
    ("por favor cancelá el reclamo y te devuelvo la plata directo a tu cuenta", "cancel_for_refund"),
    ("Закройте, пожалуйста, спор, а деньги я верну вам переводом на карту.", "cancel_for_refund"),
    ("lütfen itirazı iptal edin, paranızı IBAN'ınıza direkt gönderelim", "cancel_for_refund"),
    ("Als u uw negatieve review verwijdert, storten wij € 15 terug.", "incentive"),
    ("如果您撤销纠纷，我私下转账退款给您。", "cancel_for_refund"),
])
def test_rule_breaking_sentences_are_caught_without_an_exact_phrase(text, code):
    from disputeclerk.services.lint import cooccurrences

    assert code in {found for found, _, _ in cooccurrences(text)}
    assert code in {f["code"] for f in lint(text, "ebay")}
