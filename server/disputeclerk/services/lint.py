"""What in a seller's reply the platform forbids, or what weakens the seller's case.

Each finding names its code, severity, span (character offsets in the text as sent) and an
explanation in English and Simplified Chinese.
"""
from __future__ import annotations

import re
from typing import Any

from functools import lru_cache

from .lexicon import UNSPACED, data_file, find_all, fold, normalise, per_text_memo

EXPLAIN = {
    "off_platform_contact": ("Contact details or a move off the platform: marketplaces forbid it, and what is said "
                             "elsewhere is no evidence in a dispute.",
                             "包含联系方式或引导站外沟通：平台禁止，且站外内容无法作为纠纷证据。"),
    "link": ("A link: most marketplaces forbid links in buyer messages (only order or platform pages).",
             "包含链接：多数平台禁止在买家消息中发送链接。"),
    "review_manipulation": ("Asks the buyer to change or remove a review or feedback: against every marketplace's "
                            "rules and can get the account suspended.",
                            "要求买家修改或删除评价：违反各平台规则，可能导致店铺被处罚。"),
    "incentive": ("Offers something in exchange for closing the dispute or for a review: forbidden.",
                  "以好处换取关闭纠纷或评价：平台禁止。"),
    "cancel_for_refund": ("Asks the buyer to cancel the dispute in exchange for a refund outside the platform: "
                          "forbidden, and the buyer loses protection.",
                          "要求买家撤销纠纷以换取站外退款：平台禁止，且买家失去保障。"),
    "admits_fault": ("Admits fault in words the platform will hold against you. Apologise for the trouble "
                     "instead, and say you are checking.",
                     "措辞承认了责任，平台会据此判罚。请改为对带来的不便致歉，并说明正在核实。"),
    "insult": ("Insulting or rude words: they lose disputes and can get the account penalised.",
               "包含侮辱或粗鲁用语：会导致纠纷失败并可能使店铺受罚。"),
    "unfilled_placeholder": ("A placeholder was not filled in: replace it before sending.",
                             "有占位符未填写：发送前请替换。"),
    "too_long": ("Longer than this platform accepts in one message.", "超过该平台单条消息的长度上限。"),
}
SEVERITY = {"off_platform_contact": "error", "link": "error", "review_manipulation": "error", "incentive": "error",
            "cancel_for_refund": "error", "admits_fault": "warning", "insult": "error",
            "unfilled_placeholder": "error", "too_long": "error"}
LEXICON_CODES = {"review_manipulation": "review_manipulation", "incentive": "incentive",
                 "cancel_for_refund": "cancel_for_refund", "admits_fault": "admits_fault", "insult": "insult",
                 "off_platform": "off_platform_contact"}

EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
URL = re.compile(r"(?i)\b(?:https?://|www\.)\S+|\b[a-z0-9-]{2,63}\.(?:com|net|org|shop|store|cn|ru|br|me|ly|io|co)"
                 r"(?:\.[a-z]{2})?(?:/\S*)?\b")
# A phone number: an international prefix, or phone-like grouping, or a Chinese mobile number.
PHONE = re.compile(r"(?<![\w-])(?:(?:\+|00)\d{1,3}[\s.-]?(?:\(?\d{1,4}\)?[\s.-]?){2,5}\d{2,4}"
                   r"|\(?\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{3,4}|1[3-9]\d{9})(?![\w-])")
MESSAGING = re.compile(
    r"(?i)(?<![\w])(whats\s?app|wechat|weixin|telegram|viber|skype|kakao\s?talk|kakaotalk|zalo|line\s?id|signal"
    r" app|facebook|messenger|instagram|微信|威信|QQ|카톡|카카오톡|ライン|ＬＩＮＥ)(?![\w])")
# A marketplace's own name is not a link ("your Amazon.com order"); a path or a scheme makes it one.
MARKETPLACE_DOMAINS = re.compile(r"(?i)^(amazon|ebay|aliexpress|etsy|walmart|temu|shopee|lazada|wish|paypal|shopify"
                                 r"|mercadolibre|mercadolivre|tiktok|taobao|tmall)\.[a-z.]+$")
LEFTOVER = re.compile(r"\{\{\s*[a-z_]*\s*\}\}|\[[a-z_]+\?\]")


@per_text_memo(copy=lambda findings: [dict(finding) for finding in findings])
def lint(text: str, platform: str | None = None, *, known_numbers: tuple[str, ...] = (),
         known_values: tuple[str, ...] = (), language: str | None = None) -> list[dict[str, Any]]:
    """Findings for one reply. `known_numbers` (order id, tracking number) are never phones;
    nothing inside a `known_values` text (the page's own order id, buyer name… filled into a
    template) is a finding: "VX" inside order 260502TR8VX3LM is not WeChat.

    `language`, when the text's language is known (a template rendered in it), limits the costly
    part, the regular expressions and the word-set rules, to that language and English; the plain
    phrases of every language are looked up whatever it says. A seller's own text (POST /lint)
    is checked in every language."""
    findings: list[dict[str, Any]] = []

    def add(code: str, start: int, end: int, detail: str | None = None) -> None:
        english, chinese = EXPLAIN[code]
        findings.append({"code": code, "severity": SEVERITY[code], "start": start, "end": end,
                         "message": english + (f" ({detail})" if detail else ""), "message_zh": chinese})

    for match in EMAIL.finditer(text):
        add("off_platform_contact", match.start(), match.end(), "e-mail address")
    emails = [(m.start(), m.end()) for m in EMAIL.finditer(text)]
    for match in URL.finditer(text):
        if not any(s <= match.start() < e for s, e in emails) and not MARKETPLACE_DOMAINS.match(match.group(0)):
            add("link", match.start(), match.end())
    known = {re.sub(r"\D", "", n) for n in known_numbers if n}
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if len(digits) >= 7 and digits not in known and not any(digits in k for k in known):
            add("off_platform_contact", match.start(), match.end(), "phone number")
    for match in MESSAGING.finditer(text):
        add("off_platform_contact", match.start(), match.end(), "messaging app")
    languages = frozenset({language, "en"}) if language else None
    for hit in find_all(text, "lint", pattern_languages=languages):
        code = LEXICON_CODES.get(hit.category)
        if code and not any(f["code"] == code and f["start"] <= hit.start < f["end"] for f in findings):
            add(code, hit.start, hit.end)
    for code, start, end in cooccurrences(text, languages):
        if not any(f["code"] == code and f["start"] <= start < f["end"] for f in findings):
            add(code, start, end)
    for match in LEFTOVER.finditer(text):
        add("unfilled_placeholder", match.start(), match.end())
    limit = message_limit(platform)
    if limit and len(text) > limit:
        add("too_long", limit, len(text), f"{len(text)} characters; the limit is {limit}")
    inside = _known_spans(text, known_values)
    findings = [f for f in findings if not any(start <= f["start"] and f["end"] <= end for start, end in inside)]
    findings.sort(key=lambda f: (f["start"], f["end"]))
    return findings


def _known_spans(text: str, values: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for value in values:
        if isinstance(value, str) and len(value.strip()) >= 3:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(value.strip()), text)]
    return spans


SENTENCE_END = re.compile(r"[.!?。！？\n]+")


@lru_cache(maxsize=1)
def _cooccur_rules() -> dict[str, list[tuple[str, bool, list[list[str]]]]]:
    """cooccur.json: per rule and language, word sets that must all appear in one sentence."""
    try:
        data = data_file("cooccur.json")
    except (OSError, ValueError):
        return {}
    rules: dict[str, list[tuple[str, bool, list[list[str]]]]] = {}
    for code, by_language in data.items():
        for language, word_sets in (by_language or {}).items():
            sets = [[normalise(w).strip() for w in words if isinstance(w, str) and w.strip()] for words in word_sets]
            if sets and all(sets):
                rules.setdefault(code, []).append((language, language not in UNSPACED, sets))
    return rules


def _find_word(sentence: str, word: str, bounded: bool) -> int:
    start = sentence.find(word)
    while start != -1:
        if not bounded or start == 0 or not (sentence[start - 1].isalnum() or sentence[start - 1] == "_"):
            return start
        start = sentence.find(word, start + 1)
    return -1


def cooccurrences(text: str, languages: frozenset[str] | None = None) -> list[tuple[str, int, int]]:
    """(code, start, end) where one sentence holds a word of every set of a rule: "please delete
    your negative review" needs no exact phrase to be caught. Only the rules of `languages`
    when given."""
    folded, starts, ends = fold(text)
    # A rule whose word sets do not all appear somewhere in the whole text cannot match in one of
    # its sentences: one substring test per word over the text leaves the few rules worth
    # looking for sentence by sentence (word boundaries are checked there).
    rules = [(code, kept) for code, variants in _cooccur_rules().items()
             if (kept := [(bounded, sets) for language, bounded, sets in variants
                          if (languages is None or language in languages)
                          and all(any(word in folded for word in words) for words in sets)])]
    found = []
    if not rules:
        return found
    cuts = [0] + [m.end() for m in SENTENCE_END.finditer(folded)] + [len(folded)]
    for begin, end in zip(cuts, cuts[1:]):
        sentence = folded[begin:end]
        if not sentence.strip():
            continue
        for code, variants in rules:
            for bounded, sets in variants:
                positions = []
                for words in sets:
                    hits = [p for p in (_find_word(sentence, w, bounded) for w in words) if p != -1]
                    if not hits:
                        break
                    positions.append(min(hits))
                else:
                    found.append((code, starts[begin + min(positions)], ends[min(end, len(ends)) - 1]))
                    break
    return found


def message_limit(platform: str | None) -> int | None:
    rules = platform_rules(platform)
    limit = rules.get("message_limit")
    return int(limit) if isinstance(limit, (int, float)) and limit > 0 else None


def platform_rules(platform: str | None) -> dict[str, Any]:
    try:
        table = data_file("platforms.json")
    except (OSError, ValueError):
        return {}
    return table.get(platform or "") or table.get("_default") or {}
