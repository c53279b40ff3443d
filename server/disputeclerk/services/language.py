"""Which language the buyer writes in, offline.

Writing systems decide what they can (Hangul is Korean, kana is Japanese, Hebrew and Arabic
letters speak for themselves, Han without kana is Chinese, Cyrillic is Russian here); among
Latin-script languages py3langid decides, restricted to the languages replies exist in.
`buyer.language` and `buyer.country` are hints, used when the buyer's own words are too few.
"""
from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from .lexicon import LANGUAGES, CharTable, per_text_memo

LATIN_LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "pl", "nl", "tr")
COUNTRY_LANGUAGE = {
    "US": "en", "GB": "en", "AU": "en", "CA": "en", "IE": "en", "NZ": "en", "SG": "en", "PH": "en", "MY": "en",
    "IN": "en", "ES": "es", "MX": "es", "AR": "es", "CL": "es", "CO": "es", "PE": "es", "UY": "es", "BR": "pt",
    "PT": "pt", "FR": "fr", "BE": "fr", "DE": "de", "AT": "de", "CH": "de", "IT": "it", "RU": "ru", "BY": "ru",
    "KZ": "ru", "PL": "pl", "NL": "nl", "TR": "tr", "SA": "ar", "AE": "ar", "EG": "ar", "MA": "ar", "IL": "he",
    "KR": "ko", "JP": "ja", "CN": "zh", "TW": "zh", "HK": "zh",
}
MIN_LETTERS = 12           # fewer letters than this: the hints weigh more than the text

_identifier = None
_identifier_lock = threading.Lock()


def _langid():
    """py3langid's model takes about a second to load: once, lazily (warm() does it at start-up)."""
    global _identifier
    with _identifier_lock:
        if _identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(LATIN_LANGUAGES))
            _drop_unused_languages(identifier)
            _identifier = identifier
        return _identifier


def _drop_unused_languages(identifier) -> None:
    """py3langid keeps its whole model (142 languages, 28 MB of the server's memory) beside the
    nine-language copy set_languages makes, to be able to widen it again. Nothing here does:
    the copy becomes the model. (If a py3langid release stores it differently, nothing is
    dropped and detection is the same.)"""
    if isinstance(getattr(identifier, "_full_model", None), tuple) and len(identifier._full_model) == 3:
        identifier._full_model = (identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes)


def warm() -> None:
    _langid()


@dataclass(frozen=True)
class Detected:
    language: str
    confidence: float
    basis: str          # "script", "text", "hint", "default"


SCRIPTS = ("hangul", "kana", "han", "hebrew", "arabic", "cyrillic", "latin")


def _script_of(char: str) -> str | None:
    """The writing system of one letter (None: not a letter, or a script not told apart)."""
    if not char.isalpha():
        return None
    code = ord(char)
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF:
        return "kana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "han"
    if 0x0590 <= code <= 0x05FF:
        return "hebrew"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F:
        return "arabic"
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    if "LATIN" in unicodedata.name(char, ""):
        return "latin"
    return None


# Each letter becomes the digit of its script in SCRIPTS; anything else, nothing.
_SCRIPT_TABLE = CharTable(lambda char: str(SCRIPTS.index(script)) if (script := _script_of(char)) else "")


def _script_counts(text: str) -> dict[str, int]:
    """Letters per writing system, counted in one str.translate pass."""
    digits = text.translate(_SCRIPT_TABLE)
    return {script: digits.count(str(n)) for n, script in enumerate(SCRIPTS)}


def hint_language(language: str | None, country: str | None) -> str | None:
    if language:
        primary = language.strip().lower().replace("_", "-").split("-")[0]
        if primary in LANGUAGES:
            return primary
        if primary in ("iw",):
            return "he"
    if country:
        return COUNTRY_LANGUAGE.get(country.strip().upper())
    return None


@per_text_memo()
def detect(text: str, *, language_hint: str | None = None, country_hint: str | None = None) -> Detected:
    hinted = hint_language(language_hint, country_hint)
    # Read composed (NFC), as pages mostly send text: a Korean syllable that arrives decomposed is
    # one letter, not two or three jamo, and an accent belongs to its letter.
    text = unicodedata.normalize("NFC", text[:5000])
    counts = _script_counts(text)
    letters = sum(counts.values())
    if letters == 0:
        return Detected(hinted or "en", 0.5 if hinted else 0.2, "hint" if hinted else "default")
    if counts["hangul"] >= max(1, letters * 0.2):
        return Detected("ko", 0.97, "script")
    if counts["kana"] >= max(1, (counts["kana"] + counts["han"]) * 0.1):
        return Detected("ja", 0.95, "script")
    non_latin = {"han": "zh", "hebrew": "he", "arabic": "ar", "cyrillic": "ru"}
    # One Han character carries about as much as a three-letter word: weigh it so, or a short
    # Chinese reply holding a Latin product name would count as Latin text.
    weight = {"han": 3.0, "hebrew": 1.0, "arabic": 1.0, "cyrillic": 1.0}
    script, count = max(((s, counts[s] * weight[s]) for s in non_latin), key=lambda pair: pair[1])
    if count >= max(1, counts["latin"]):
        return Detected(non_latin[script], 0.95, "script")
    guess, probability = _langid().classify(text)
    if letters < MIN_LETTERS and hinted and hinted in LATIN_LANGUAGES:
        return Detected(hinted, 0.6, "hint")
    if probability < 0.5 and hinted in LATIN_LANGUAGES:
        return Detected(hinted, 0.55, "hint")
    return Detected(guess, round(float(probability), 3), "text")
