"""What the dispute is about, and what in the buyer's words should worry the seller.

Transparent on purpose: the answer says which phrases decided it. The marketplace's own
structured reason (`dispute.reason`) wins when it is recognised; otherwise the buyer's
messages are scored against every language's phrase list (buyers mix languages).
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Iterable

from . import lint as lint_patterns
from .language import detect
from .lexicon import Hit, find_all, per_text_memo

# Contract dispute types, in the order a tie is broken (the more specific first).
TIE_ORDER = ("chargeback", "customs_duties", "wrong_item", "damaged_or_defective", "not_as_described",
             "cancel_request", "return_no_reason", "negative_feedback", "not_received", "delivery_delay")

PROBLEMS = ("not_received", "delivery_delay", "not_as_described", "damaged_or_defective", "wrong_item",
            "customs_duties")
REMEDY_ASKS = ("return_no_reason",)
# What the buyer is doing outweighs why: "cancel my order, you haven't shipped" is a cancel request,
# "never received it, so I disputed with my bank" a chargeback, "I gave you 1 star: slow shipping"
# negative feedback.
INTENT_WEIGHT = {"cancel_request": 1.6, "chargeback": 1.8, "negative_feedback": 1.5, "customs_duties": 1.4}

# Contact details in a buyer's message: the same patterns the reply check uses.
EMAIL, MESSAGING_APPS = lint_patterns.EMAIL, lint_patterns.MESSAGING


@per_text_memo()
def likely_languages(text: str) -> frozenset[str]:
    """The languages whose costly patterns are worth running on this text. Cached: classification
    and the risk flags read the same buyer messages one after the other."""
    return frozenset({detect(text).language, "en"})


def _phrase_weight(hit: Hit) -> float:
    # Longer, more specific phrases say more; a three-character stem says little.
    return 1.0 + min(len(hit.phrase), 30) / 10.0


def classify_text(texts: Iterable[str]) -> dict[str, Any]:
    """Score the buyer's messages; newer messages count a little more."""
    texts = [t for t in texts if t and t.strip()]
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[str]] = defaultdict(list)
    for position, text in enumerate(texts):
        recency = 1.0 + 0.5 * position / max(1, len(texts) - 1) if len(texts) > 1 else 1.0
        seen: set[tuple[str, int]] = set()
        for hit in find_all(text, "dispute_types", pattern_languages=likely_languages(text)):
            if (hit.category, hit.start) in seen:
                continue                         # the same words found by two languages count once
            seen.add((hit.category, hit.start))
            scores[hit.category] += _phrase_weight(hit) * recency * INTENT_WEIGHT.get(hit.category, 1.0)
            if len(evidence[hit.category]) < 5:
                evidence[hit.category].append(hit.phrase)
    if not scores:
        return {"value": "other", "confidence": 0.3, "basis": "messages" if texts else "none", "matched": []}
    ranked = sorted(scores.items(), key=lambda item: (-item[1], TIE_ORDER.index(item[0])
                                                      if item[0] in TIE_ORDER else 99))
    best, top = ranked[0]
    # "It's broken, I want to return it" is a defect case, not a no-reason return: a problem
    # the buyer names beats the remedy they ask for.
    if best in REMEDY_ASKS:
        problem = next(((t, v) for t, v in ranked[1:] if t in PROBLEMS and v >= top * 0.5), None)
        if problem:
            ranked.remove(problem)
            ranked.insert(0, problem)
            best, top = problem
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = 0.5 + 0.45 * (top - second) / top if top else 0.3
    confidence = min(0.95, confidence * min(1.0, 0.6 + top / 10))
    return {"value": best, "confidence": round(max(0.35, confidence), 2), "basis": "messages",
            "matched": evidence[best]}


def classify_reason(reason: str | None) -> dict[str, Any] | None:
    """The marketplace's structured reason, in any language; None when not recognised."""
    if not reason or not reason.strip():
        return None
    for group, confidence in (("reasons", 0.95), ("dispute_types", 0.85)):
        hits = find_all(reason, group)
        if hits:
            best = max(hits, key=lambda h: (len(h.phrase), -TIE_ORDER.index(h.category)
                                            if h.category in TIE_ORDER else -99))
            return {"value": best.category, "confidence": confidence, "basis": "dispute.reason",
                    "matched": [best.phrase]}
    return None


def classify(reason: str | None, buyer_texts: Iterable[str], page_type: str | None = None) -> dict[str, Any]:
    if page_type == "chargeback":
        # A chargeback page is a chargeback whatever the card network's reason says ("Merchandise
        # not received" is the reason *for* the chargeback): the chargeback rules and replies apply.
        return {"value": "chargeback", "confidence": 1.0, "basis": "page_type", "matched": []}
    return classify_reason(reason) or classify_text(buyer_texts)


RISK_MESSAGES = {
    "review_threat": ("The buyer threatens a bad review or feedback. Stay polite and factual; never offer anything "
                      "in exchange for the review.", "买家威胁给差评。保持礼貌、陈述事实；切勿以任何好处换取评价。"),
    "item_and_refund": ("The buyer wants to keep the item and get a full refund. Offer a return and refund, or a "
                        "partial refund, through the platform.", "买家想既留商品又要全额退款。请通过平台提供退货退款或部分退款。"),
    "abusive": ("The buyer uses abusive language. Do not answer in kind; keep it on the platform, which can "
                "act on abuse.", "买家使用辱骂性语言。不要以同样方式回应；保留在平台内沟通，平台可处理辱骂行为。"),
    "off_platform": ("The buyer asks to move the conversation off the platform. Answer only here: off-platform "
                     "talks break the rules and leave no evidence.", "买家要求到平台外沟通。只在平台内回复：站外沟通违反规则且无法留证。"),
    "not_received_but_delivered": ("The buyer says it did not arrive, but tracking says delivered. Save the "
                                   "tracking page with the delivery scan now.", "买家称未收到，但物流显示已签收。请立即保存带签收记录的物流页面截图。"),
    "high_value_signature": ("High-value order: the platform expects signature confirmation as proof of "
                             "delivery.", "高价值订单：平台要求签收确认作为送达证明。"),
    "repeat_disputer": ("This buyer has disputes on other orders too.", "该买家在其他订单上也有纠纷。"),
}
# Signature confirmation thresholds from the research (eBay US / PayPal $750; eBay.ie €550).
SIGNATURE_THRESHOLDS = {"USD": 750.0, "EUR": 550.0}
DELIVERED_WORDS = re.compile(r"(?i)deliver|entregu|zugestellt|livr|consegnat|доставлен|вручен|teslim|已签收|签收|"
                             r"妥投|配達完了|배송완료|entregado|bezorgd|dostarczon")


def flag(code: str) -> dict[str, str]:
    english, chinese = RISK_MESSAGES[code]
    return {"code": code, "message": english, "message_zh": chinese}


def text_risk_flags(texts: Iterable[str]) -> list[dict[str, str]]:
    """Flags one can see in the buyer's own words."""
    codes: list[str] = []
    claims_not_received = False
    for text in texts:
        if not text:
            continue
        found, not_received = _risks_in(text)
        claims_not_received = claims_not_received or not_received
        codes.extend(code for code in found if code not in codes)
    flags = [flag(code) for code in codes]
    if claims_not_received:
        flags.append({"code": "claims_not_received", "message": "The buyer says the parcel did not arrive.",
                      "message_zh": "买家称未收到包裹。"})
    return flags


@per_text_memo()
def _risks_in(text: str) -> tuple[tuple[str, ...], bool]:
    """One message's risk codes in the order found, and whether it says the parcel never came
    (/assist reads the same messages on every page it is sent)."""
    codes: list[str] = []
    claims_not_received = False
    for hit in find_all(text, "risk", pattern_languages=likely_languages(text)):
        if hit.category == "claims_not_received":
            claims_not_received = True
        elif hit.category in RISK_MESSAGES and hit.category not in codes:
            codes.append(hit.category)
    if "off_platform" not in codes and (EMAIL.search(text) or MESSAGING_APPS.search(text)):
        codes.append("off_platform")
    return tuple(codes), claims_not_received


def context_risk_flags(context: dict[str, Any], dispute_type: str, text_flags: list[dict[str, str]],
                       other_disputes: int) -> list[dict[str, str]]:
    """Flags that need the order as well as the words."""
    flags = [f for f in text_flags if f["code"] != "claims_not_received"]
    order = context.get("order") or {}
    tracking = order.get("tracking") or {}
    says_not_received = dispute_type == "not_received" or any(f["code"] == "claims_not_received" for f in text_flags)
    delivered = bool(order.get("delivered_at")) or bool(DELIVERED_WORDS.search(str(tracking.get("status") or "")))
    if says_not_received and delivered:
        flags.append(flag("not_received_but_delivered"))
    total = order.get("total") or {}
    threshold = SIGNATURE_THRESHOLDS.get(str(total.get("currency") or "").upper())
    try:
        amount = float(str(total.get("amount") or "").replace(",", ""))
    except ValueError:
        amount = 0.0
    if threshold and amount >= threshold:
        flags.append(flag("high_value_signature"))
    if other_disputes > 0:
        flags.append(flag("repeat_disputer"))
    return flags
