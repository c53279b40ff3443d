"""Reading the dates and countdowns that marketplace pages print.

Two entry points, used by the deadline engine:

- `parse_time(text, now=, default_tz=, locale=)` reads an absolute date/time the way a page prints
  it: ISO 8601, numeric dates (Y-M-D, D/M/Y, M/D/Y, D.M.Y), month names in about twenty languages,
  CJK dates (2024年5月3日, 2024년 5월 3일, 令和6年), 12- and 24-hour clocks, zone abbreviations, zone
  names and numeric offsets.
- `parse_deadline(...)` also reads countdowns ("4 days 23:12:05", "剩余3天4小时", "Faltan 3 días")
  and anchors them to `now`; anything else is read as `parse_time` reads it.

Neither ever raises: unreadable text gives `ParsedTime(value=None, error="…")`, and the engine
turns that into a warning. The result is always an aware datetime in UTC.

The choices a reader of dates has to make, each pinned by a test in tests/engine/test_dates.py:

- **No zone printed** → the wall time is read in `default_tz` (the seller's zone) and
  `assumed_zone` is True. An unknown zone name falls back to UTC.
- **DST gaps and overlaps** (a wall time in `default_tz` that does not exist or exists twice)
  follow PEP 495 `fold=0`, which is RFC 5545's and JavaScript Temporal's "compatible" rule: a
  non-existent time moves forward by the gap (2:30 on the spring-forward night → 3:30 daylight
  time), an ambiguous one is the earlier instant (daylight time), the safer reading for a deadline.
  A printed abbreviation ("1:30 AM PST") settles the overlap, because abbreviations are fixed
  offsets taken as printed.
- **Day/month order of a numeric date.** A number above 12 decides it. Otherwise dots
  ("03.05.2024") are always day-first (the German/Russian/Turkish style, never American); slashes
  and dashes are month-first only for locales that write dates that way (en-US and the US
  territories, en-PH/fil, en-CA, es-US) and for zh/ja/ko, whose short dates are month/day; every
  other locale, and no locale at all, is day-first, as most of the world writes it. A bare "en"
  is not en-US: pass the region ("en-US") when the site is American.
- **"CST"** is US Central (UTC-6) unless the locale is Chinese or its region CN/TW/HK/MO (China
  Standard Time, UTC+8). "PST" is Philippine time (UTC+8) for en-PH/fil, else Pacific. "IST" is
  India, "BST" British Summer Time, "AST" Atlantic (UTC-4) unless the locale is Arabic or the
  region a Gulf state (Arabia, UTC+3).
- **A date without a year** (5月3日, "May 3") takes the year that puts it nearest to `now`.
- **Buddhist-era years** (Thai, 2567 = 2024): any year from 2400 on has 543 taken off; a
  two-digit year next to a Thai month name is a Buddhist-era year too (67 → 2567 → 2024). Other
  two-digit years are 20xx.
- **A date without a time** is 00:00 in its zone; "24:00" is 00:00 of the next day. A bare
  10- or 13-digit number is a Unix time (seconds or milliseconds).
- **Countdowns** (`parse_deadline` only): "N unit" pairs in weeks, days, hours, minutes and
  seconds, and an "H:MM:SS" or "D:HH:MM:SS" timer, add up to a duration from `now`. A bare "H:MM"
  could be a time of day, so it counts only after "N days" or next to a word such as "left",
  "remaining", "剩余", "осталось"; alone it is unreadable. Months and years are not countdown units
  (their length varies). "ago", "overdue", "hace", "назад", "前"… count back from `now`. A text
  with a date in it (any digit left over once the pairs are taken out, or 五月) is a date, not a
  countdown: "2024年5月3日" is 3 May, "3日 4時間" is 3 days 4 hours.
- Only the first `MAX_CHARS` characters (after cleaning) are read.

The common shapes are read with precompiled regular expressions and dict look-ups (tens of
microseconds per date). `dateparser`, when installed, is a last resort for text none of them
reads; its first use per language costs 100-200 ms, so it never sees a shape listed above.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

log = logging.getLogger(__name__)

UTC = timezone.utc
MAX_CHARS = 300            # characters of cleaned text that are read
_RAW_CHARS = 4 * MAX_CHARS  # characters of raw text cleaned (control characters and spaces shrink)
MIN_YEAR, MAX_YEAR = 1900, 2200
# dateparser (when installed) reads what the fast paths cannot; tests switch it off to prove a
# shape is on the fast path.
FALLBACK_ENABLED = True
_FALLBACK_MAX_CHARS = 120


@dataclass(frozen=True)
class ParsedTime:
    value: datetime | None      # timezone-aware, converted to UTC; None when unreadable
    kind: str | None            # "absolute" | "relative" (a countdown/remaining time) | None
    assumed_zone: bool          # True when the text had no zone and default_tz was applied
    error: str | None           # a short plain-English reason when value is None


def parse_time(text: str | None, *, now: datetime, default_tz: str, locale: str | None = None) -> ParsedTime:
    """An absolute date/time as a page prints it (ISO 8601, US/European numeric, month names in many
    languages, CJK, with or without zone abbreviations/offsets). No relative phrases."""
    try:
        prepared = _prepare(text, now, default_tz, locale)
        if isinstance(prepared, ParsedTime):
            return prepared
        return _read_absolute(prepared)
    except Exception:  # the promise is "never raises"; a bug here must not take the answer down
        log.exception("date reader failed")
        return _unreadable("this date could not be read")


def parse_deadline(text: str | None, *, now: datetime, default_tz: str, locale: str | None = None) -> ParsedTime:
    """What a marketplace prints next to a deadline: either a countdown/remaining time anchored to
    `now` ("4 days 23:12:05", "2d 5h", "23:12:05", "剩余3天4小时", "还剩 2 天 03:12:09", "осталось 2 дня",
    "Faltan 3 días y 4 horas", "Restam 2 dias", "Il reste 5 jours", "noch 3 Tage", "3日 4時間", "còn 2 ngày",
    "tersisa 2 hari", "เหลือ 3 วัน", "2 days left", "Respond within 4 days 23:12:05", "Expires in 3 days")
    or an absolute date (then as parse_time, e.g. "Respond by May 3, 2024 8:12 PDT", "请在2024-05-03 23:59前回应")."""
    try:
        prepared = _prepare(text, now, default_tz, locale)
        if isinstance(prepared, ParsedTime):
            return prepared
        countdown = _read_countdown(prepared)
        if countdown is not None:
            return countdown
        absolute = _read_absolute(prepared)
        if absolute.value is None and _BUSINESS_DAYS.search(prepared.lower):
            return _unreadable(_BUSINESS_DAYS_REASON)
        return absolute
    except Exception:
        log.exception("deadline reader failed")
        return _unreadable("this deadline could not be read")


# ------------------------------------------------------------------ preparing the text
@dataclass(frozen=True)
class _Input:
    text: str          # cleaned, original case
    lower: str         # cleaned, lower case
    now: datetime      # aware, UTC
    zone: tzinfo       # the seller's zone (default_tz, else UTC)
    lang: str          # "pt" for "pt-BR"; "" without a locale
    region: str        # "BR" for "pt-BR"; "" when none


def _unreadable(reason: str) -> ParsedTime:
    log.debug("unreadable date: %s", reason)
    return ParsedTime(None, None, False, reason)


def _prepare(text: object, now: object, default_tz: object, locale: object) -> _Input | ParsedTime:
    if text is None:
        return _unreadable("no date given")
    if not isinstance(text, str):
        return _unreadable(f"expected text, got {type(text).__name__}")
    if not isinstance(now, datetime):
        return _unreadable("no reference time (now) to read the date against")
    now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    cleaned = _clean(text)
    if not cleaned:
        return _unreadable("the date is empty")
    lang, region = _split_locale(locale)
    return _Input(cleaned, _lower(cleaned), now, _zone(default_tz), lang, region)


# Digits of other scripts → ASCII (NFKC already folds the full-width ones), and separators that
# look alike.
_CHAR_MAP = {
    **{0x0660 + i: str(i) for i in range(10)},   # Arabic-Indic
    **{0x06F0 + i: str(i) for i in range(10)},   # Persian
    **{0x0966 + i: str(i) for i in range(10)},   # Devanagari
    **{0x09E6 + i: str(i) for i in range(10)},   # Bengali
    **{0x0E50 + i: str(i) for i in range(10)},   # Thai
    **{0x0ED0 + i: str(i) for i in range(10)},   # Lao
    **{0x1040 + i: str(i) for i in range(10)},   # Myanmar
    **{0x17E0 + i: str(i) for i in range(10)},   # Khmer
    0x060C: ",", 0x066B: ".", 0x066C: ",",       # Arabic comma, decimal and thousands separators
    0x2212: "-", 0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-", 0xFE63: "-",
}
# Invisible formatting (bidi marks, zero-width characters, soft hyphen): dropped, they sit inside
# words on RTL pages.
_FORMAT_CHARS = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")
_SPACES = re.compile(r"[\s\x00-\x1f\x7f-\x9f]+")


def _clean(text: str) -> str:
    cleaned = text[:_RAW_CHARS]
    if not cleaned.isascii():
        cleaned = unicodedata.normalize("NFKC", cleaned).translate(_CHAR_MAP)
        cleaned = _FORMAT_CHARS.sub("", cleaned)
    return _SPACES.sub(" ", cleaned).strip()[:MAX_CHARS]


def _lower(text: str) -> str:
    # "İ".lower() is "i" + a combining dot (Turkish NİSAN, ŞUBAT…); the dot is dropped.
    lowered = text.lower()
    return lowered.replace("\u0307", "") if not lowered.isascii() else lowered


def _split_locale(locale: object) -> tuple[str, str]:
    if not isinstance(locale, str) or not locale:
        return "", ""
    return _split_locale_text(locale[:35])


@lru_cache(maxsize=64)
def _split_locale_text(locale: str) -> tuple[str, str]:
    parts = [p for p in re.split(r"[-_.@]", locale) if p]
    if not parts:
        return "", ""
    lang = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit())),
                  "")
    return lang, region


@lru_cache(maxsize=64)
def _named_zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except Exception:  # ZoneInfoNotFoundError, ValueError for "../x", OSError for odd paths
        return None


def _zone(name: object) -> tzinfo:
    if isinstance(name, str) and 0 < len(name) <= 64:
        return _named_zone(name) or UTC
    return UTC


# ------------------------------------------------------------------ zones printed in the text
@lru_cache(maxsize=128)
def _offset(minutes: int) -> tzinfo:
    return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))


# Fixed offsets in minutes east of UTC, taken as printed: "PST" in July is still UTC-8.
_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120, "MEZ": 60, "MESZ": 120,
    "EET": 120, "EEST": 180, "MSK": 180, "МСК": 180, "TRT": 180, "SAST": 120, "WAT": 60, "EAT": 180,
    "GST": 240, "PKT": 300, "IST": 330, "ICT": 420, "WIB": 420, "WITA": 480, "WIT": 540,
    "SGT": 480, "MYT": 480, "PHT": 480, "HKT": 480, "AWST": 480, "JST": 540, "KST": 540,
    "ACST": 570, "ACDT": 630, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "HST": -600, "AKST": -540, "AKDT": -480, "PST": -480, "PDT": -420, "MST": -420, "MDT": -360,
    "CST": -360, "CDT": -300, "EST": -300, "EDT": -240, "AST": -240, "ADT": -180, "NST": -210, "NDT": -150,
    "MXT": -360,  # Mexico City, which has kept standard time all year since 2022
    "COT": -300, "PET": -300, "ECT": -300, "VET": -240, "BOT": -240, "CLT": -240, "CLST": -180,
    "PYT": -240, "ART": -180, "BRT": -180, "BRST": -120, "UYT": -180,
}
# US generic names: the offset depends on the date, so they are read as the region's zone.
_GENERIC_ZONES = {"PT": "America/Los_Angeles", "MT": "America/Denver", "CT": "America/Chicago",
                  "ET": "America/New_York"}
_ZONE_NAMES: dict[str, int | str] = {
    "pacific standard time": -480, "pacific daylight time": -420, "pacific time": "America/Los_Angeles",
    "mountain standard time": -420, "mountain daylight time": -360, "mountain time": "America/Denver",
    "central standard time": -360, "central daylight time": -300, "central time": "America/Chicago",
    "eastern standard time": -300, "eastern daylight time": -240, "eastern time": "America/New_York",
    "greenwich mean time": 0, "coordinated universal time": 0, "british summer time": 60,
    "central european time": 60, "central european summer time": 120,
    "eastern european time": 120, "eastern european summer time": 180,
    "mitteleuropäische zeit": 60, "mitteleuropäische sommerzeit": 120,
    "moscow time": 180, "московское время": 180, "по москве": 180, "мск": 180,
    "india standard time": 330, "indochina time": 420, "western indonesia time": 420,
    "china standard time": 480, "beijing time": 480, "hong kong time": 480, "singapore time": 480,
    "philippine standard time": 480, "philippine time": 480, "malaysia time": 480,
    "北京时间": 480, "北京時間": 480, "中国标准时间": 480, "中國標準時間": 480, "台北时间": 480, "台北時間": 480,
    "香港时间": 480, "香港時間": 480, "日本時間": 540, "日本时间": 540, "japan standard time": 540,
    "korea standard time": 540, "한국 시간": 540, "한국시간": 540,
    "australian eastern standard time": 600, "australian eastern daylight time": 660,
    "horário de brasília": -180, "hora de brasília": -180, "horario de brasilia": -180,
    "hora de brasilia": -180, "brasília time": -180, "brasilia time": -180,
    "hora del centro": -360, "hora argentina": -180,
}


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ZONE_NAME_RE = re.compile(rf"\(?(?:{_alternation(_ZONE_NAMES)})\)?", re.IGNORECASE)
# Every zone name contains one of these; checking them first keeps the long search above off the
# common path.
_ZONE_NAME_HINTS = ("time", "zeit", "время", "москв", "мск", "时间", "時間", "시간", "brasil", "brasí", "hora", "horá")
_GMT_OFFSET_RE = re.compile(r"\(?(?<![A-Za-z])(?:GMT|UTC)(?:\s?([+-])\s?(\d{1,2})(?:[:.]?(\d{2}))?)?(?![A-Za-z])\)?",
                            re.IGNORECASE)
# Abbreviations are matched in capitals only: "est" and "ist" are words in French and German.
_ABBREVIATION_RE = re.compile(rf"(?<![A-Za-zА-Яа-я])({_alternation([*_ABBREVIATIONS, *_GENERIC_ZONES])})"
                              r"(?![A-Za-zА-Яа-я])")
# A bare offset counts only right after a clock time ("08:12:00+08:00", "08:12 -0300"): elsewhere
# "-05" is part of a date.
_BARE_OFFSET_RE = re.compile(r"(\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s?([+-])(\d{2}):?(\d{2})(?![\d:])")
_ZULU_RE = re.compile(r"(?<=\d)\s?Z(?![A-Za-z])")
_IANA_RE = re.compile(r"\b([A-Z][A-Za-z]+(?:/[A-Z][A-Za-z_+-]+){1,2})\b")


def _extract_zone(text: str, lower: str, lang: str, region: str) -> tuple[tzinfo | None, str]:
    """The zone the text prints, if any, and the text without it."""
    if (any(hint in lower for hint in _ZONE_NAME_HINTS) and (match := _ZONE_NAME_RE.search(text))
            and (named := _ZONE_NAMES.get(match.group(0).strip("()").lower())) is not None):
        zone = _named_zone(named) if isinstance(named, str) else _offset(named)
        return zone or UTC, _cut(text, match)
    if match := _GMT_OFFSET_RE.search(text):
        sign, hours, minutes = match.groups()
        if sign is None:
            return UTC, _cut(text, match)
        total = int(hours) * 60 + int(minutes or 0)
        if int(hours) <= 14 and int(minutes or 0) < 60:
            return _offset(-total if sign == "-" else total), _cut(text, match)
    if match := _ABBREVIATION_RE.search(text):
        return _abbreviation_zone(match.group(1), lang, region), _cut(text, match)
    for match in _BARE_OFFSET_RE.finditer(text):
        clock, sign, hours, minutes = match.groups()
        if int(hours) <= 14 and int(minutes) < 60:
            total = int(hours) * 60 + int(minutes)
            return _offset(-total if sign == "-" else total), text[:match.start()] + clock + " " + text[match.end():]
    if match := _ZULU_RE.search(text):
        return UTC, _cut(text, match)
    if "/" in text and (match := _IANA_RE.search(text)) and (zone := _named_zone(match.group(1))):
        return zone, _cut(text, match)
    return None, text


_ARABIA_REGIONS = {"SA", "KW", "QA", "BH", "IQ", "YE"}


def _abbreviation_zone(abbreviation: str, lang: str, region: str) -> tzinfo:
    if abbreviation in _GENERIC_ZONES:
        return _named_zone(_GENERIC_ZONES[abbreviation]) or UTC
    if abbreviation == "CST" and (lang == "zh" or region in {"CN", "TW", "HK", "MO"}):
        return _offset(480)  # China Standard Time
    if abbreviation == "PST" and (lang in {"fil", "tl"} or region == "PH"):
        return _offset(480)  # Philippine Standard Time
    if abbreviation == "AST" and (lang == "ar" or region in _ARABIA_REGIONS):
        return _offset(180)  # Arabia Standard Time, else Atlantic
    return _offset(_ABBREVIATIONS[abbreviation])


def _cut(text: str, match: re.Match) -> str:
    return f"{text[:match.start()]} {text[match.end():]}"


# ------------------------------------------------------------------ clock times
_PM_MARKERS = {"p", "下午", "午後", "晚上", "傍晚", "夜里", "夜裡", "夜間", "夜间", "오후", "ch", "ös", "م"}
_AM_MARKERS = {"a", "上午", "午前", "早上", "早晨", "凌晨", "오전", "sa", "öö", "ص"}
_NOON_MARKERS = {"中午"}
_PREFIX = r"(?:(?P<pre>上午|下午|午前|午後|早上|早晨|凌晨|中午|晚上|傍晚|夜里|夜裡|夜間|夜间|오전|오후)\s?)?"
_SUFFIX = (r"(?:\s?(?P<ap>[ap])\.?\s?m\b\.?"
           r"|\s?(?P<suf>午前|午後|sa|ch|öö|ös|ص|م)(?![^\W\d_]))?")
_TIME_PATTERNS = (
    # 08:12, 8:12:05.123, 8:12 PM, 8:12 p. m., 下午3:00, 오후 8:12
    re.compile(_PREFIX + r"(?<![\d:])(?P<h>\d{1,2})\s?:\s?(?P<m>\d{2})(?:\s?:\s?(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
               r"(?![\d:])" + _SUFFIX),
    # 8時12分, 8点半, 오후 8시 12분
    re.compile(_PREFIX + r"(?<!\d)(?P<h>\d{1,2})\s?[時时点點시]\s?(?:(?P<m>\d{1,2})\s?[分분]|(?P<half>半|반))?"
               r"\s?(?:(?P<s>\d{1,2})\s?[秒초])?"),
    # pukul 08.12 (Indonesian), kl. 08.12 (Danish, Norwegian), klo 8.12 (Finnish)
    re.compile(r"(?<![^\W\d_])(?:pukul|jam|kl\.?|klo)\s?(?P<h>\d{1,2})[.:h](?P<m>\d{2})(?:[.:](?P<s>\d{2}))?(?!\d)"),
    # 03.05.2024 08.12: a dotted time right after a year
    re.compile(r"(?<=\d{4}),?\s(?P<h>\d{1,2})\.(?P<m>\d{2})(?:\.(?P<s>\d{2}))?(?![\d.])"),
    # 08h12, 20h, 20 h 30 (French, Portuguese)
    re.compile(r"(?<![\d:])(?P<h>\d{1,2})\s?h\s?(?P<m>\d{2})?(?!\d)(?![^\W\d_])"),
    # 8 PM, 8pm, 8 p.m.
    re.compile(r"(?<![\d:])(?P<h>\d{1,2})\s?(?P<ap>[ap])\.?\s?m\b\.?"),
    # 8 Uhr
    re.compile(r"(?<![\d:])(?P<h>\d{1,2})\s?uhr\b"),
)


@dataclass(frozen=True)
class _Clock:
    hour: int
    minute: int
    second: int
    microsecond: int


def _extract_time(text: str) -> tuple[_Clock | str | None, str]:
    """The clock time in the lower-cased text (or why it is impossible), and the text without it."""
    for pattern in _TIME_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        found = match.groupdict()
        hour, minute, second = int(found["h"]), int(found.get("m") or 0), int(found.get("s") or 0)
        if found.get("half"):
            minute = 30
        fraction = found.get("f") or ""
        marker = found.get("pre") or found.get("ap") or found.get("suf")
        rest = _cut(text, match)
        if marker:
            if hour > 12 and marker in _AM_MARKERS:
                return f"{hour}:{minute:02d} is not a morning time", rest
            if hour == 0 or hour > 23:
                return f"{hour}:{minute:02d} is not a 12-hour clock time", rest
            hour = _twelve_hour(hour, marker)
        if minute > 59 or second > 60 or hour > 24 or (hour == 24 and (minute or second or fraction.strip("0"))):
            return f"{hour}:{minute:02d} is not a time of day", rest
        microsecond = int((fraction + "000000")[:6]) if fraction else 0
        return _Clock(hour, minute, min(second, 59), microsecond), rest  # leap second → :59
    return None, text


def _twelve_hour(hour: int, marker: str) -> int:
    if marker in _NOON_MARKERS:
        return hour if hour >= 11 else hour + 12
    if marker in _PM_MARKERS:
        return hour if hour >= 12 else hour + 12
    return 0 if hour == 12 else hour


# ------------------------------------------------------------------ calendar dates
# Month names, abbreviations and the inflected forms dates use (Russian "мая", Polish "maja").
# One table for all languages: a word means the same month in every language that has it (the
# index below refuses a clash), so the locale is not needed to read a month name.
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "enero", "ene", "janeiro", "janvier", "janv", "januar", "jänner", "jän", "gennaio", "gen",
        "januari", "styczeń", "stycznia", "styczniu", "sty", "ocak", "oca", "يناير", "มกราคม", "ม.ค.", "січень", "січня"),
    2: ("february", "feb", "febrero", "fevereiro", "fev", "février", "fevrier", "févr", "fevr", "fév", "februar",
        "feber", "febbraio", "februari", "luty", "lutego", "lutym", "lut", "şubat", "subat", "şub", "sub",
        "فبراير", "กุมภาพันธ์", "ก.พ.", "лютий", "лютого"),
    3: ("march", "mar", "marzo", "março", "marco", "mars", "märz", "maerz", "mär", "mrz", "maart", "mrt", "maret",
        "mac", "marzec", "marca", "marcu", "mart", "مارس", "มีนาคม", "มี.ค.", "березень", "березня"),
    4: ("april", "apr", "abril", "abr", "avril", "avr", "aprile", "kwiecień", "kwietnia", "kwietniu", "kwi",
        "nisan", "nis", "أبريل", "ابريل", "إبريل", "เมษายน", "เม.ย.", "квітень", "квітня"),
    5: ("may", "mayo", "maio", "mai", "maggio", "mag", "mei", "maj", "maja", "maju", "mayıs", "mayis",
        "مايو", "พฤษภาคม", "พ.ค.", "травень", "травня"),
    6: ("june", "jun", "junio", "junho", "juin", "juni", "giugno", "giu", "czerwiec", "czerwca", "czerwcu", "cze",
        "haziran", "haz", "يونيو", "يونيه", "มิถุนายน", "มิ.ย.", "червень", "червня"),
    7: ("july", "jul", "julio", "julho", "juillet", "juil", "juli", "luglio", "lug", "julai", "lipiec", "lipca",
        "lipcu", "lip", "temmuz", "tem", "يوليو", "يوليه", "กรกฎาคม", "ก.ค.", "липень", "липня"),
    8: ("august", "aug", "agosto", "ago", "août", "aout", "augustus", "agustus", "agu", "agt", "ags", "ogos",
        "sierpień", "sierpnia", "sierpniu", "sie", "ağustos", "agustos", "ağu", "أغسطس", "اغسطس", "สิงหาคม", "ส.ค.",
        "серпень", "серпня"),
    9: ("september", "sep", "sept", "septiembre", "setiembre", "set", "setembro", "septembre", "settembre",
        "wrzesień", "września", "wrześniu", "wrz", "eylül", "eylul", "eyl", "سبتمبر", "กันยายน", "ก.ย.",
        "вересень", "вересня"),
    10: ("october", "oct", "octubre", "outubro", "out", "octobre", "oktober", "okt", "ottobre", "ott",
         "październik", "października", "październiku", "paź", "ekim", "eki", "أكتوبر", "اكتوبر", "ตุลาคม", "ต.ค.",
         "жовтень", "жовтня"),
    11: ("november", "nov", "noviembre", "novembro", "novembre", "listopad", "listopada", "listopadzie", "lis",
         "kasım", "kasim", "kas", "نوفمبر", "พฤศจิกายน", "พ.ย.", "листопад", "листопада"),
    12: ("december", "dec", "diciembre", "dic", "dezembro", "dez", "décembre", "decembre", "déc", "dezember",
         "dicembre", "desember", "des", "disember", "dis", "grudzień", "grudnia", "grudniu", "gru", "aralık", "aralik",
         "ara", "ديسمبر", "ธันวาคม", "ธ.ค.", "грудень", "грудня"),
}
# Russian: every case of every month (январь, января, январе, январю, январём/январем) plus the
# abbreviations pages print (янв., февр., сент., нояб.).
_RUSSIAN_SOFT = {1: "январ", 2: "феврал", 4: "апрел", 6: "июн", 7: "июл", 9: "сентябр", 10: "октябр", 11: "ноябр",
                 12: "декабр"}
_RUSSIAN_HARD = {3: "март", 8: "август"}
_RUSSIAN_ABBREVIATIONS = {"янв": 1, "фев": 2, "февр": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
                          "сент": 9, "окт": 10, "ноя": 11, "нояб": 11, "дек": 12,
                          "май": 5, "мая": 5, "мае": 5, "маю": 5, "маем": 5}


def _month_index() -> dict[str, int]:
    index: dict[str, int] = {}

    def add(word: str, month: int) -> None:
        for form in {word, word.rstrip(".")}:
            if index.setdefault(form, month) != month:
                raise ValueError(f"month word {form!r} means two months")

    for month, words in _MONTH_WORDS.items():
        for word in words:
            add(word, month)
    for month, stem in _RUSSIAN_SOFT.items():
        for ending in ("ь", "я", "е", "ю", "ём", "ем"):
            add(stem + ending, month)
    for month, stem in _RUSSIAN_HARD.items():
        for ending in ("", "а", "е", "у", "ом"):
            add(stem + ending, month)
    for word, month in _RUSSIAN_ABBREVIATIONS.items():
        add(word, month)
    return index


MONTHS = _month_index()
_THAI_MONTHS = frozenset(w for w in MONTHS if "\u0e00" <= w[0] <= "\u0e7f")

# A word: a letter, then anything but spaces, digits and separators (so Thai "พ.ค." and Russian
# "нояб." stay whole). It is a month only if the index knows it.
_WORD = r"[^\W\d_][^\s\d,;:()/\-]*"
# Day suffixes: 1st, 1er, "1º de maio" (NFKC has made º an "o"), "3." (German)
_DAY_FIRST_NAME = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|o|a|°|\.)?(?!\d)\s?,?\s?(?:de\s|of\s)?(?P<m>{_WORD})"
    r"\s?,?\s?(?:(?:de|del)\s|พ\.ศ\.\s?|ค\.ศ\.\s?)?(?:(?P<y>\d{4}|\d{2})(?!\d))?")
_MONTH_FIRST_NAME = re.compile(
    rf"(?<![^\s\d,;:()/\-])(?P<m>{_WORD})\s?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:\s?,?\s?(?:de\s)?(?P<y>\d{{4}})(?!\d))?")
_YEAR_FIRST_NAME = re.compile(rf"(?<!\d)(?P<y>\d{{4}})\s?[.,]?\s?(?P<m>{_WORD})\s?(?P<d>\d{{1,2}})(?!\d)")

_ERA_RE = re.compile(r"(令和|平成|民國|民国)\s?(\d{1,3}|元)\s?年")
_ERA_START = {"令和": 2018, "平成": 1988, "民國": 1911, "民国": 1911}
_CJK_YMD = re.compile(r"(?<!\d)(?P<y>\d{2,4})\s?[年년]\s?(?P<m>\d{1,2})\s?[月월]\s?(?P<d>\d{1,2})(?!\d)")
_CJK_MD = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s?[月월]\s?(?P<d>\d{1,2})\s?[日号號일]")
_NUMERIC_YMD = re.compile(r"(?<![\d.])(?P<y>\d{4})\s?(?P<sep>[-/.])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<d>\d{1,2})(?!\d)")
_NUMERIC_XXY = re.compile(r"(?<![\d.:/-])(?P<a>\d{1,2})\s?(?P<sep>[-/.])\s?(?P<b>\d{1,2})\s?(?P=sep)\s?"
                          r"(?P<y>\d{4}|\d{2})(?!\d)")
_NUMERIC_XX = re.compile(r"(?<![\d./:-])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/])")
_VIETNAMESE = re.compile(r"(?<!\d)(?P<d>\d{1,2})\s?(?:tháng|thg)\.?\s?(?P<m>\d{1,2})(?!\d)"
                         r"(?:\s?(?:năm|,|/)?\s?(?P<y>\d{4})(?!\d))?")

# Locales that write numeric dates month first (see the module docstring).
_MONTH_FIRST_REGIONS = {("en", r) for r in ("US", "PH", "CA", "PR", "GU", "AS", "VI", "UM", "MP", "FM", "MH", "PW")}
_MONTH_FIRST_REGIONS.add(("es", "US"))
_MONTH_FIRST_LANGS = {"fil", "tl", "zh", "ja", "ko"}


@dataclass(frozen=True)
class _Day:
    year: int | None
    month: int
    day: int


def _month_first(lang: str, region: str) -> bool:
    return lang in _MONTH_FIRST_LANGS or (lang, region) in _MONTH_FIRST_REGIONS


def _year(digits: str | None, thai: bool = False) -> int | None:
    if not digits:
        return None
    year = int(digits)
    if len(digits) <= 2:
        year += 2500 if thai else 2000
    if year >= 2400:  # Buddhist era (Thailand): 2567 BE = 2024 CE
        year -= 543
    return year


def _extract_date(text: str, lang: str, region: str) -> _Day | None:
    """The calendar date in the lower-cased, clock-free text, or None."""
    if not text.isascii():
        if "年" in text:
            text = _ERA_RE.sub(_era_to_year, text)
        text = _CHINESE_DATE_NUMBER.sub(_chinese_date_number, text)
    if match := _CJK_YMD.search(text):
        return _Day(_year(match["y"]), int(match["m"]), int(match["d"]))
    if match := _NUMERIC_YMD.search(text):
        return _Day(_year(match["y"]), int(match["m"]), int(match["d"]))
    if match := _NUMERIC_XXY.search(text):
        first, second = int(match["a"]), int(match["b"])
        day_first = _day_first(first, second, match["sep"], lang, region)
        day, month = (first, second) if day_first else (second, first)
        return _Day(_year(match["y"]), month, day)
    if match := _CJK_MD.search(text):
        return _Day(None, int(match["m"]), int(match["d"]))
    if match := _VIETNAMESE.search(text):
        return _Day(_year(match["y"]), int(match["m"]), int(match["d"]))
    if named := _named_month_date(text, lang, region):
        return named
    if match := _NUMERIC_XX.search(text):
        first, second = int(match["a"]), int(match["b"])
        day, month = (first, second) if _day_first(first, second, "/", lang, region) else (second, first)
        return _Day(None, month, day)
    return None


# 二〇二四年五月三日, 十一月二十一日: Chinese numerals before 年, 月, 日 become digits.
_CHINESE_DATE_NUMBER = re.compile(r"(?<![零〇一二两兩三四五六七八九十])[零〇一二两兩三四五六七八九十]+(?=\s?[年月日号號])")


def _chinese_date_number(match: re.Match) -> str:
    numerals = match.group(0)
    if "十" in numerals:
        return str(int(_chinese_number(numerals)))
    return "".join(str(_CHINESE_DIGITS[n]) for n in numerals)  # a year, digit by digit


def _era_to_year(match: re.Match) -> str:
    number = 1 if match.group(2) == "元" else int(match.group(2))
    return f"{_ERA_START[match.group(1)] + number}年"


def _day_first(first: int, second: int, separator: str, lang: str, region: str) -> bool:
    if first > 12:
        return True
    if second > 12:
        return False
    if separator == ".":
        return True
    return not _month_first(lang, region)


def _named_month_date(text: str, lang: str, region: str) -> _Day | None:
    candidates: list[tuple[bool, int, int, _Day]] = []  # (has no year, pattern, position, day)
    for order, pattern in enumerate((_DAY_FIRST_NAME, _MONTH_FIRST_NAME, _YEAR_FIRST_NAME)):
        for match in pattern.finditer(text):
            word = match["m"]
            month = MONTHS.get(word) or MONTHS.get(word.rstrip("."))
            if month is None:
                continue
            thai = word in _THAI_MONTHS or word.rstrip(".") + "." in _THAI_MONTHS
            found = _Day(_year(match["y"], thai), month, int(match["d"]))
            candidates.append((found.year is None, order, match.start(), found))
            break
    if not candidates:
        return None
    if len(candidates) > 1 and all(c[0] for c in candidates):
        # "mar. 3 mai" (French Tuesday, 3 May) also reads as "March 3": without a year to decide,
        # the locale's own order wins.
        preferred = 1 if _month_first(lang, region) or lang == "en" else 0
        for candidate in candidates:
            if candidate[1] == preferred:
                return candidate[3]
    return min(candidates, key=lambda c: (c[0], c[2]))[3]


def _nearest_year(month: int, day: int, today: date) -> int | None:
    best: tuple[int, int] | None = None
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            distance = abs((date(year, month, day) - today).days)
        except ValueError:  # 29 February
            continue
        if best is None or distance < best[0] or (distance == best[0] and year > best[1]):
            best = (distance, year)
    return best[1] if best else None


# ------------------------------------------------------------------ absolute dates
_ISO_SHAPE = re.compile(r"\d{4}-?\d{2}-?\d{2}(?:[T ]\d{2}(?::?\d{2}(?::?\d{2}(?:[.,]\d+)?)?)?)?"
                        r"(?:Z|[+-]\d{2}(?::?\d{2})?)?", re.IGNORECASE)
_EPOCH = re.compile(r"\d{10}|\d{13}")
_DIGIT = re.compile(r"\d")


def _read_absolute(given: _Input) -> ParsedTime:
    text = given.text
    if _ISO_SHAPE.fullmatch(text):
        try:
            parsed = datetime.fromisoformat(text.upper())  # 3.11 wants "T" and "Z" in capitals
        except ValueError:
            pass
        else:
            return _in_range(parsed) or _absolute(parsed, given.zone)
    if _EPOCH.fullmatch(text):  # a Unix time, as some pages embed in data attributes
        instant = datetime.fromtimestamp(int(text) / (1000 if len(text) == 13 else 1), UTC)
        return _in_range(instant) or _absolute(instant, given.zone)

    zone, rest = _extract_zone(text, given.lower, given.lang, given.region)
    lower = _lower(rest)
    clock, lower = _extract_time(lower)
    if isinstance(clock, str):
        return _unreadable(clock)
    day = _extract_date(lower, given.lang, given.region)
    if day is None:
        return _fallback(given, rest, zone) or _unreadable("no date found" if clock is None else "a time but no date")
    if day.year is None:
        today = given.now.astimezone(zone or given.zone).date()
        year = _nearest_year(day.month, day.day, today)
        if year is None:
            return _unreadable(f"{day.month:02d}-{day.day:02d} (no year) is not a date within a year of now")
        day = _Day(year, day.month, day.day)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return _unreadable(f"the year {day.year} is out of range")
    try:
        calendar_day = date(day.year, day.month, day.day)
    except ValueError:
        return _unreadable(f"{day.year}-{day.month:02d}-{day.day:02d} is not a real calendar date")
    clock = clock or _Clock(0, 0, 0, 0)
    next_day = clock.hour == 24
    if next_day:
        calendar_day += timedelta(days=1)
    local = datetime(calendar_day.year, calendar_day.month, calendar_day.day, 0 if next_day else clock.hour,
                     clock.minute, clock.second, clock.microsecond, tzinfo=zone or given.zone)
    return ParsedTime(local.astimezone(UTC), "absolute", zone is None, None)


def _absolute(parsed: datetime, default_zone: tzinfo) -> ParsedTime:
    if parsed.tzinfo is None:
        return ParsedTime(parsed.replace(tzinfo=default_zone).astimezone(UTC), "absolute", True, None)
    return ParsedTime(parsed.astimezone(UTC), "absolute", False, None)


def _in_range(parsed: datetime) -> ParsedTime | None:
    if MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return _unreadable(f"the year {parsed.year} is out of range")


# ------------------------------------------------------------------ the last resort
_SCRIPT_LANGUAGES = (
    (re.compile("[\u3040-\u30ff]"), ["ja"]),
    (re.compile("[\u4e00-\u9fff]"), ["zh", "ja"]),
    (re.compile("[\uac00-\ud7af]"), ["ko"]),
    (re.compile("[\u0400-\u04ff]"), ["ru", "uk"]),
    (re.compile("[\u0e00-\u0e7f]"), ["th"]),
    (re.compile("[\u0600-\u06ff]"), ["ar"]),
)
_LATIN_LANGUAGES = ["en", "es", "pt", "fr", "de", "it"]
_DATEPARSER_LANGUAGES = {"en", "es", "pt", "fr", "de", "it", "ru", "uk", "pl", "nl", "tr", "ja", "ko", "zh", "vi",
                         "id", "ms", "th", "ar", "ro", "cs", "sv", "da", "nb", "fi", "hu", "el", "he", "hi", "fil"}


def _fallback(given: _Input, text: str, zone: tzinfo | None) -> ParsedTime | None:
    """dateparser for text the fast paths cannot read (less the zone they found); None when it
    cannot read it either."""
    text = text.strip()
    if not FALLBACK_ENABLED or len(text) > _FALLBACK_MAX_CHARS or not _DIGIT.search(text):
        return None
    try:
        import dateparser  # noqa: PLC0415 - optional, and slow to import: only here
    except ImportError:
        return None
    if given.lang in _DATEPARSER_LANGUAGES:
        languages = [given.lang] if given.lang == "en" else [given.lang, "en"]
    else:
        languages = next((langs for pattern, langs in _SCRIPT_LANGUAGES if pattern.search(text)), _LATIN_LANGUAGES)
    local_now = given.now.astimezone(zone or given.zone).replace(tzinfo=None)
    settings = {
        "PARSERS": ["absolute-time", "custom-formats"],  # no "in 3 days": parse_time reads dates only
        "REQUIRE_PARTS": ["day", "month"],               # "hello 12" is not a date
        "PREFER_DATES_FROM": "current_period",
        "RELATIVE_BASE": local_now,
        "DATE_ORDER": "MDY" if _month_first(given.lang, given.region) else "DMY",
    }
    try:
        parsed = dateparser.parse(text, languages=languages, settings=settings)
    except Exception:
        log.debug("dateparser failed", exc_info=True)
        return None
    if parsed is None:
        return None
    if out_of_range := _in_range(parsed):
        return out_of_range
    if parsed.tzinfo is not None:
        return ParsedTime(parsed.astimezone(UTC), "absolute", False, None)
    if zone is not None:
        return ParsedTime(parsed.replace(tzinfo=zone).astimezone(UTC), "absolute", False, None)
    return ParsedTime(parsed.replace(tzinfo=given.zone).astimezone(UTC), "absolute", True, None)


# ------------------------------------------------------------------ countdowns
_MINUTE, _HOUR, _DAY, _WEEK = 60, 3600, 86400, 604800
# Units written in letters of alphabetic scripts: they must end at a word boundary ("3 d" is
# days, "3 de mayo" is not).
_WORD_UNITS: dict[str, int] = {
    **dict.fromkeys(("d", "day", "days", "dia", "dias", "día", "días", "j", "jr", "jrs", "jour", "jours", "tag", "tage",
                     "tagen", "tg", "g", "gg", "giorno", "giorni", "dzień", "dni", "dnia", "dag", "dagen", "gün", "gun",
                     "ngày", "hari", "д", "дн", "день", "дня", "дней", "днів", "доба", "доби", "діб",
                     "يوم", "يوما", "يوماً", "أيام", "ايام"), _DAY),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "hora", "horas", "hs", "heure", "heures", "std", "stunde",
                     "stunden", "ora", "ore", "godz", "godzina", "godziny", "godzin", "uur", "saat", "giờ", "jam",
                     "ч", "час", "часа", "часов", "години", "годин", "ساعة", "ساعات"), _HOUR),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "minuto", "minutos", "minuten", "minuti", "minut",
                     "minuta", "minuty", "minuut", "dakika", "dk", "phút", "menit", "mnt",
                     "мин", "минута", "минуты", "минут", "хв", "хвилин", "хвилини", "دقيقة", "دقائق"), _MINUTE),
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "segundo", "segundos", "seg", "seconde", "secondes",
                     "sek", "sekunde", "sekunden", "secondo", "secondi", "sekunda", "sekundy", "sekund", "seconden",
                     "saniye", "sn", "giây", "detik", "dtk", "с", "сек", "секунда", "секунды", "секунд",
                     "ثانية", "ثوان", "ثواني"), 1),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "semana", "semanas", "semaine", "semaines", "woche",
                     "wochen", "settimana", "settimane", "tydzień", "tygodnie", "tygodni", "weken", "hafta", "tuần",
                     "minggu", "неделя", "недели", "неделю", "недель", "нед", "тиждень", "тижні", "тижнів",
                     "أسبوع", "أسابيع"), _WEEK),
}
# Units of scripts without spaces between words: no boundary needed ("3天4小时", "3일 4시간").
_GLUED_UNITS: dict[str, int] = {
    **dict.fromkeys(("天", "日", "일", "วัน"), _DAY),
    # "23时" in a countdown ("剩余4天23时12分05秒") is 23 hours; as a time of day ("8時12分") it
    # sits in a date, whose digits keep the text from being read as a countdown.
    **dict.fromkeys(("小时", "小時", "时", "時", "钟头", "鐘頭", "時間", "시간", "ชั่วโมง", "ชม."), _HOUR),
    **dict.fromkeys(("分钟", "分鐘", "分", "분", "นาที"), _MINUTE),
    **dict.fromkeys(("秒钟", "秒鐘", "秒", "초", "วินาที"), 1),
    **dict.fromkeys(("周", "週", "週間", "星期", "礼拜", "禮拜", "주", "สัปดาห์"), _WEEK),
}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "un": 1, "una": 1, "um": 1, "uma": 1, "une": 1, "ein": 1, "eine": 1,
                 "einen": 1, "einem": 1, "uno": 1, "один": 1, "одна": 1, "одну": 1, "одни": 1, "jeden": 1,
                 "jedna": 1, "een": 1, "bir": 1, "một": 1, "satu": 1, "หนึ่ง": 1}
_CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                   "八": 8, "九": 9}
_PAIR = re.compile(
    r"(?:(?<![\d:.])(?P<n>\d{1,6}(?:[.,]\d{1,3})?)|(?<![零〇一二两兩三四五六七八九十百])(?P<cn>[零〇一二两兩三四五六七八九十百]+|半)"
    rf"|(?<![^\W\d_])(?P<w>{_alternation(_NUMBER_WORDS)})(?=\s))"
    r"\s?(?:个|個)?\s?"
    rf"(?:(?P<u>{_alternation(_WORD_UNITS)})\.?(?![^\W\d_])|(?P<g>{_alternation(_GLUED_UNITS)}))")
_CLOCK = re.compile(r"(?<![\d:])(\d{1,4}):(\d{2})(?::(\d{2}))?(?::(\d{2}))?(?![\d:])")
# Date-like remains that make a text a date rather than a countdown ("五月三日" leaves "五月").
_LEFTOVER_DATE = re.compile(r"\d|[零〇一二两兩三四五六七八九十]\s?[月年]")
_FUTURE_CUES = re.compile(
    r"(?<![^\W\d_])(?:left|remaining|remain|remains|within|in|expires?|ends?|due|restan?|restam|resta|faltan?|"
    r"quedan?|il reste|reste|noch|verbleibend|mancano|manca|rimangono|rimanente|nog|resterend|pozostało|"
    r"zostało|kaldı|còn|tersisa|sisa|lagi|осталось|остался|осталась|остались|через|залишилось|"
    r"متبقي|باقي|خلال)(?![^\W\d_])|剩|還有|还有|残り|あと|以内|之内|內|内|남음|남은|เหลือ|ภายใน")
_PAST_CUES = re.compile(
    r"(?<![^\W\d_])(?:ago|overdue|late|hace|atrás|il y a|vor|fa|geleden|temu|önce|trước|lalu|назад|тому|منذ)"
    r"(?![^\W\d_])|前|전|ที่แล้ว|逾期|超时|超時|経過")


# "2 dias úteis", "3 business days": calendar arithmetic would be wrong, and the holidays that
# decide it belong to the marketplace's rules, so such a countdown is reported unreadable.
_BUSINESS_DAYS = re.compile(unicodedata.normalize(  # NFKC, as the text is: Thai "ำ" becomes "ํา"
    "NFKC", r"business|working|úteis|uteis|hábil|habil|laborable|ouvré|ouvre|ouvrable|werktag|arbeitstag|lavorativ|"
    r"feriali|рабоч|robocz|werkdag|iş gün|is gün|làm việc|hari kerja|工作日|営業日|영업일|วันทำการ|أيام عمل|يوم عمل"))
_BUSINESS_DAYS_REASON = "a countdown in business days depends on the marketplace's holidays"


def _read_countdown(given: _Input) -> ParsedTime | None:
    """A remaining time anchored to `now`; None when the text is not a countdown."""
    text = given.lower
    seconds = 0.0
    pieces = 0
    parts: list[str] = []
    last = 0
    for match in _PAIR.finditer(text):
        amount = _amount(match)
        unit = match["u"]
        if unit is not None and match["w"] and len(unit) == 1:
            continue  # "a m" is not "one minute"
        seconds += amount * (_WORD_UNITS[unit] if unit is not None else _GLUED_UNITS[match["g"]])
        pieces += 1
        parts.append(text[last:match.start()])
        last = match.end()
    parts.append(text[last:])
    rest = " ".join(parts)
    if clock := _CLOCK.search(rest):
        numbers = [int(g) for g in clock.groups() if g is not None]
        # H:MM alone could be a time of day; it counts as a countdown only after "N days" or a
        # cue such as "left" / "剩余".
        if len(numbers) == 2 and not pieces and not _FUTURE_CUES.search(rest):
            return None
        if any(n > 59 for n in numbers[1:]):
            return None
        if len(numbers) == 4:
            days, hours, minutes, secs = numbers
        elif len(numbers) == 3:
            days, (hours, minutes, secs) = 0, numbers
        else:
            days, (hours, minutes), secs = 0, numbers, 0
        seconds += days * _DAY + hours * _HOUR + minutes * _MINUTE + secs
        pieces += 1
        rest = _cut(rest, clock)
    if not pieces or _LEFTOVER_DATE.search(rest):
        return None
    if _BUSINESS_DAYS.search(text):
        return _unreadable(_BUSINESS_DAYS_REASON)
    if _PAST_CUES.search(rest) and not _FUTURE_CUES.search(rest):
        seconds = -seconds
    if abs(seconds) > 3660 * _DAY:
        return _unreadable("the countdown is longer than ten years")
    return ParsedTime(given.now + timedelta(seconds=seconds), "relative", False, None)


def _amount(match: re.Match) -> float:
    if match["n"] is not None:
        return float(match["n"].replace(",", "."))
    if match["w"] is not None:
        return float(_NUMBER_WORDS[match["w"]])
    return _chinese_number(match["cn"])


def _chinese_number(text: str) -> float:
    if text == "半":
        return 0.5
    total, current = 0, 0
    for char in text:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = _CHINESE_DIGITS[char]
    return float(total + current)
