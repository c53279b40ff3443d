"""Properties of the engine, checked by hypothesis on text no one would think to write.

Whatever a page or a seller sends — braces, HTML, right-to-left marks, emoji, control characters,
half-formed dates — the date reader, the reply renderer, the reply check, the classifier and
/assist's engine answer with a valid result and never raise (nor hide an exception behind their
own catch-all). Where a printed value has one right reading, it is checked exactly: a date
printed in any of the shapes pages use reads back as the instant it came from.

Run size: the "quick" hypothesis profile (tests/conftest.py) keeps this module near 30 s in the
default run; `HYPOTHESIS_PROFILE=thorough bash tests/run tests/engine/test_properties.py` runs
twenty times as many examples. Each bug these found is pinned with an @example.
"""
from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError, fields, validate

from disputeclerk.schemas import (DISPUTE_TYPES, PAGE_TYPES, PLATFORMS, AssistContextSchema, AssistResponseSchema,
                                  MessageSchema, OrderSchema, Remembered, RememberedList)
from disputeclerk.services.assist import assist
from disputeclerk.services.cases import check_case_id
from disputeclerk.services.classify import RISK_MESSAGES, classify, text_risk_flags
from disputeclerk.services.dates import MONTHS, parse_deadline, parse_time
from disputeclerk.services.deadlines import compute_deadlines, is_business_day, region_of, status_of, zone
from disputeclerk.services.language import SCRIPTS, _script_counts, _script_of, detect
from disputeclerk.services.lexicon import (GROUPS, LANGUAGES, Hit, _fold_carefully, _index, find_all, fold,
                                          lexicons)
from disputeclerk.services.lint import EXPLAIN, SEVERITY, lint
from disputeclerk.services.policies import registry
from disputeclerk.services.replies import PLACEHOLDERS, TONES, catalog, placeholder_values, render, substitute
from disputeclerk.services.suggest import suggest
from disputeclerk.storage import Store

UTC = timezone.utc


def examples(share: float) -> settings:
    """A share of the loaded profile's examples: cheap properties run more of them than /assist."""
    return settings(max_examples=max(10, int(settings.default.max_examples * share)),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextlib.contextmanager
def no_swallowed_errors():
    """The date reader promises never to raise and catches everything to keep that promise; a bug
    behind that catch-all is still a bug. This fails the example when one was logged."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(level=logging.ERROR)
    logger = logging.getLogger("disputeclerk")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not records, [(r.getMessage(), r.exc_text or logging.Formatter().formatException(r.exc_info))
                         for r in records if r.exc_info] or [r.getMessage() for r in records]


# ------------------------------------------------------------------ text a page can hold
HOSTILE = (
    "{{", "}}", "{{order_id}}", "{{ buyer_name }}", "{{__class__}}", "[buyer_name?]", "{0}", "{}", "%s", "%(x)s",
    "${x}", "\\", "<script>alert(1)</script>", "<b>", "&amp;", "&#x202e;", "\u202e", "\u202d", "\u200f", "\u200e",
    "\u200b", "\u2066", "\ufeff", "\u00ad", "\x00", "\x1b[31m", "\x7f", "\x85", "\r\n", "\t", "\u2028", "👍🏽",
    "👨\u200d👩\u200d👧", "🇧🇷", "مرحبا بك", "שלום", "\u0661\u0662", "e\u0301", "ß", "İ", "ﬁ", "Ⅻ", "①", "１２", "￥",
    "\U0001d400", "a\u0300\u0301\u0302", "　", "😀" * 8, "x" * 300,
)


def mixed(fragments: st.SearchStrategy[str], max_pieces: int = 12) -> st.SearchStrategy[str]:
    """Arbitrary text interleaved with fragments that reach deep into a reader."""
    piece = st.one_of(st.text(max_size=10), fragments, st.sampled_from(HOSTILE))
    return st.lists(st.tuples(piece, st.sampled_from(("", " ", " ", "\n", ", "))), max_size=max_pieces).map(
        lambda pairs: "".join(p + s for p, s in pairs))


def lexicon_phrases(*groups: str) -> list[str]:
    return sorted({phrase for lexicon in lexicons().values() for (group, _), phrases in lexicon.phrases.items()
                   if group in groups for phrase in phrases})


PHRASES = st.sampled_from(lexicon_phrases(*GROUPS)).flatmap(
    lambda p: st.sampled_from((p, p.upper(), p.title(), unicodedata.normalize("NFD", p))))
CONTACTS = st.sampled_from((
    "seller@example.com", "www.shop.cn", "https://t.me/x", "amazon.com", "+86 138 0013 8000", "13800138000",
    "(555) 123-4567", "WhatsApp", "wechat", "微信", "QQ", "line id", "telegram", "VX", "ebay.com/itm/1",
))
BUYER_TEXT = mixed(st.one_of(PHRASES, CONTACTS))


# ------------------------------------------------------------------ dates
DATE_WORDS = (
    *sorted(MONTHS), "PST", "PDT", "CST", "IST", "AST", "BST", "PT", "ET", "GMT", "UTC", "GMT+8", "UTC-03:00",
    "GMT+14:00", "GMT-99", "+0530", "-05", "Z", "T", "am", "pm", "a. m.", "p.m.", "下午", "上午", "中午", "오후", "午前",
    "北京时间", "Pacific Time", "Horário de Brasília", "Europe/Berlin", "America/Sao_Paulo", "Mars/Base", "days",
    "day", "d", "h", "hrs", "min", "s", "weeks", "天", "小时", "时", "分", "秒", "周", "일", "시간", "วัน", "left",
    "remaining", "剩余", "还剩", "осталось", "Faltan", "ago", "overdue", "前", "business days", "dias úteis", "令和",
    "平成", "民國", "元", "年", "月", "日", "号", "시", "분", "半", "十", "二十", "五月", "tháng", "năm", "pukul",
    "kl.", "Uhr", "de", "of", "1st", "3rd", "1º", ":", "/", "-", ".", ",", "24:00", "23:59:60", "12:00", "00:00:00",
    "2024", "1899", "2201", "9999", "0000", "2567", "67", "0", "00", "1", "12", "13", "29", "31", "32", "99",
    "1700000000", "1700000000000", "9999999999", "٣", "٢٠٢٤", "２０２４", "๒๕๖๗",
)
DATE_TEXT = mixed(st.one_of(st.sampled_from(DATE_WORDS), st.integers(0, 99999).map(str)), max_pieces=10)
NOWS = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2150, 12, 31),
                    timezones=st.one_of(st.none(), st.just(UTC), st.timezones()))
ZONE_NAMES = ("UTC", "Asia/Shanghai", "America/Los_Angeles", "America/Sao_Paulo", "Europe/Berlin", "Europe/London",
              "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns", "Asia/Kathmandu", "Pacific/Kiritimati",
              "America/Santiago", "Africa/Casablanca")
SELLER_ZONES = st.one_of(st.sampled_from(ZONE_NAMES),
                         st.sampled_from(("", "Mars/Base", "../../etc/passwd", "x" * 100, "utc", "\x00")))
LOCALES = st.one_of(st.none(), st.sampled_from(("en", "en-US", "en-GB", "en-PH", "zh-CN", "zh_TW", "ja", "ko", "ar",
                                                "ar-SA", "th", "fil", "pt-BR", "es-US", "de", "ru", "tr", "vi",
                                                "en_US.UTF-8", "", "@@", "-", "x" * 50)))


def assert_valid_reading(result, now: datetime) -> None:
    if result.value is None:
        assert result.error and isinstance(result.error, str)
        assert result.kind is None and result.assumed_zone is False
        return
    assert result.error is None
    assert result.value.utcoffset() == timedelta(0), result
    assert result.kind in ("absolute", "relative")
    if result.kind == "absolute":
        assert 1899 <= result.value.year <= 2201, result
    else:
        reference = now.replace(tzinfo=UTC) if now.tzinfo is None else now
        assert abs(result.value - reference) <= timedelta(days=3660), result
        assert result.assumed_zone is False


@examples(1.0)
@given(text=st.one_of(DATE_TEXT, st.text(max_size=40)), now=NOWS, default_tz=SELLER_ZONES, locale=LOCALES)
def test_any_text_reads_as_a_date_or_a_reason_never_an_exception(text, now, default_tz, locale):
    with no_swallowed_errors():
        for reader in (parse_time, parse_deadline):
            assert_valid_reading(reader(text, now=now, default_tz=default_tz, locale=locale), now)


# The shapes pages print an instant in, each with the locale that reads it: (print, locale).
def _offset_text(moment: datetime, colon: bool = True) -> str:
    minutes = int(moment.utcoffset().total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    return f"{sign}{minutes // 60:02d}{':' if colon else ''}{minutes % 60:02d}"


_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
_ES_MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
              "noviembre", "diciembre")
_RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
              "ноября", "декабря")
ZONED_SHAPES = {
    "iso": (lambda m: m.isoformat(), None),
    "iso_compact_offset": (lambda m: m.strftime("%Y-%m-%d %H:%M:%S") + _offset_text(m, colon=False), None),
    "us_gmt_offset": (lambda m: f"{_EN_MONTHS[m.month - 1]} {m.day}, {m.year} {(m.hour % 12) or 12}:{m:%M:%S} "
                                f"{'PM' if m.hour >= 12 else 'AM'} GMT{_offset_text(m)}", "en-US"),
    "us_slashes": (lambda m: f"{m:%m/%d/%Y %I:%M:%S %p} UTC{_offset_text(m)}", "en-US"),
    "european_dots": (lambda m: f"{m:%d.%m.%Y %H:%M:%S} (UTC{_offset_text(m)})", "de-DE"),
    "british_slashes": (lambda m: f"{m:%d/%m/%Y, %H:%M:%S} GMT{_offset_text(m)}", "en-GB"),
    "chinese": (lambda m: f"{m.year}年{m.month}月{m.day}日 {m:%H:%M:%S} (UTC{_offset_text(m)})", "zh-CN"),
    "spanish": (lambda m: f"{m.day} de {_ES_MONTHS[m.month - 1]} de {m.year}, {m:%H:%M:%S} GMT{_offset_text(m)}",
                "es-MX"),
    "russian": (lambda m: f"{m.day} {_RU_MONTHS[m.month - 1]} {m.year} г. {m:%H:%M:%S} UTC{_offset_text(m)}", "ru"),
}
_DE_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember")
_FR_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")
_TR_MONTHS = ("Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım",
              "Aralık")
_PL_MONTHS = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
              "października", "listopada", "grudnia")
_AR_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
              "ديسمبر")
_TH_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")


def _twelve(m: datetime, am: str = "AM", pm: str = "PM") -> tuple[int, str]:
    return (m.hour % 12) or 12, pm if m.hour >= 12 else am


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 4 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


# The same shapes and more without a zone: read in the seller's zone.
LOCAL_SHAPES = {
    "iso": (lambda m: m.strftime("%Y-%m-%dT%H:%M:%S"), None),
    "us": (lambda m: f"{_EN_MONTHS[m.month - 1][:3]} {m.day}, {m.year} {_twelve(m)[0]}:{m:%M:%S} "
                     f"{_twelve(m, 'am', 'pm')[1]}", "en-US"),
    "us_ordinal": (lambda m: f"{_EN_MONTHS[m.month - 1]} {_ordinal(m.day)}, {m.year} at {_twelve(m)[0]}:{m:%M:%S} "
                             f"{_twelve(m, 'a.m.', 'p.m.')[1]}", "en-US"),
    "european_dots": (lambda m: f"{m:%d.%m.%Y %H:%M:%S}", None),
    "chinese": (lambda m: f"{m.year}年{m.month}月{m.day}日 {_twelve(m, '上午', '下午')[1]}{_twelve(m)[0]}:{m:%M:%S}",
                "zh-CN"),
    "japanese_era": (lambda m: (f"令和{m.year - 2018}年" if m.year > 2018 else f"{m.year}年")
                     + f"{m.month}月{m.day}日 {m.hour}時{m.minute}分{m.second}秒", "ja"),
    "korean": (lambda m: f"{m.year}년 {m.month}월 {m.day}일 {_twelve(m, '오전', '오후')[1]} {_twelve(m)[0]}:{m:%M:%S}",
               "ko"),
    "german": (lambda m: f"{m.day}. {_DE_MONTHS[m.month - 1]} {m.year} um {m:%H:%M:%S} Uhr", "de"),
    "french": (lambda m: f"le {m.day} {_FR_MONTHS[m.month - 1]} {m.year} à {m:%H:%M:%S}", "fr"),
    "turkish_capitals": (lambda m: f"{m.day} {_TR_MONTHS[m.month - 1].upper()} {m.year} {m:%H:%M:%S}", "tr"),
    "polish": (lambda m: f"{m.day} {_PL_MONTHS[m.month - 1]} {m.year}, {m:%H:%M:%S}", "pl"),
    "arabic": (lambda m: _with_eastern_arabic_digits(f"{m.day} {_AR_MONTHS[m.month - 1]} {m.year} {m:%H:%M:%S}"),
               "ar"),
    "thai_buddhist_era": (lambda m: f"{m.day} {_TH_MONTHS[m.month - 1]} {m.year + 543} {m:%H:%M:%S}", "th"),
    "vietnamese": (lambda m: f"{m:%H:%M:%S} ngày {m.day:02d} tháng {m.month}, {m.year}", "vi"),
    # as some pages embed it in data attributes; ten digits are 2001-09-09 to 2286
    "unix_seconds": (lambda m: f"{m.replace(tzinfo=UTC).timestamp():.0f}" if m.year > 2001 else m.isoformat(), None),
}
INSTANTS = st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2150, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC))
NEAR_NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def _with_eastern_arabic_digits(text: str) -> str:
    return text.translate({ord(str(i)): chr(0x0660 + i) for i in range(10)})


def _with_invisible_marks(text: str, marks: list[tuple[int, str]]) -> str:
    for position, mark in sorted(marks, reverse=True):
        text = text[:position % (len(text) + 1)] + mark + text[position % (len(text) + 1):]
    return text


INVISIBLE = st.lists(st.tuples(st.integers(0, 200), st.sampled_from(("\u200f", "\u200e", "\u200b", "\u202b",
                                                                     "\u202c", "\u2068", "\ufeff", "\u00ad"))),
                     max_size=4)


@examples(1.0)
@given(instant=INSTANTS, zone=st.sampled_from(ZONE_NAMES), shape=st.sampled_from(sorted(ZONED_SHAPES)),
       digits=st.sampled_from(("ascii", "eastern_arabic", "fullwidth")), marks=INVISIBLE)
def test_a_printed_instant_with_its_offset_reads_back_exactly(instant, zone, shape, digits, marks):
    printer, locale = ZONED_SHAPES[shape]
    text = printer(instant.astimezone(ZoneInfo(zone)))
    if digits == "eastern_arabic":
        text = _with_eastern_arabic_digits(text)
    elif digits == "fullwidth":
        text = unicodedata.normalize("NFKC", text).translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    text = _with_invisible_marks(text, marks)
    with no_swallowed_errors():
        result = parse_time(text, now=NEAR_NOW, default_tz="Pacific/Chatham", locale=locale)
    assert result.value == instant, (text, result)
    assert result.assumed_zone is False


@examples(1.0)
@given(instant=INSTANTS, zone=st.sampled_from(ZONE_NAMES), shape=st.sampled_from(sorted(LOCAL_SHAPES)))
def test_a_printed_wall_time_is_read_in_the_sellers_zone(instant, zone, shape):
    printer, locale = LOCAL_SHAPES[shape]
    wall = instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None, fold=0)  # the page prints no fold
    text = printer(wall)
    with no_swallowed_errors():
        result = parse_time(text, now=NEAR_NOW, default_tz=zone, locale=locale)
    if shape == "unix_seconds" and text.isdigit():  # a Unix time is an instant: no zone to assume
        assert (result.value, result.assumed_zone) == (wall.replace(tzinfo=UTC), False), (text, result)
        return
    # A wall time that a DST change skips or repeats follows fold=0 (see services/dates.py).
    expected = wall.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    assert (result.value, result.assumed_zone) == (expected, True), (text, result)


# Zones whose abbreviations name one offset each since 1992, with the locale that reads them so.
ABBREVIATED_ZONES = {"America/Los_Angeles": "en-US", "America/New_York": "en-US", "America/Chicago": "en-US",
                     "Pacific/Honolulu": "en-US", "Europe/London": "en-GB", "Europe/Berlin": "de",
                     "Asia/Kolkata": "en-IN", "Asia/Tokyo": "ja", "Asia/Shanghai": "zh-CN", "Asia/Manila": "en-PH",
                     "Australia/Sydney": "en-AU", "Pacific/Auckland": "en-NZ"}


@examples(0.5)
@given(instant=st.datetimes(min_value=datetime(1992, 1, 1), max_value=datetime(2150, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC)), zone=st.sampled_from(sorted(ABBREVIATED_ZONES)),
       generic=st.booleans())
def test_a_zone_abbreviation_is_read_as_the_zone_that_printed_it(instant, zone, generic):
    """"8:12 PM PDT" (fixed offsets as printed), "CST" in China, "PST" in the Philippines; and the
    US generic names ("PT") as the region's zone at that date."""
    local = instant.astimezone(ZoneInfo(zone))
    abbreviation = local.tzname()
    if generic and zone in ("America/Los_Angeles", "America/New_York", "America/Chicago"):
        abbreviation = abbreviation[0] + "T"
    text = f"{_EN_MONTHS[local.month - 1][:3]} {local.day}, {local.year} {_twelve(local)[0]}:{local:%M:%S} " \
           f"{_twelve(local)[1]} {abbreviation}"
    with no_swallowed_errors():
        result = parse_time(text, now=NEAR_NOW, default_tz="UTC", locale=ABBREVIATED_ZONES[zone])
    if len(abbreviation) == 2:  # a generic name is a wall time in the zone, fold=0 in a repeated hour
        instant = local.replace(fold=0).astimezone(UTC)
    assert result.value == instant, (text, result)


@examples(0.5)
@given(now=INSTANTS, month=st.integers(1, 12), day=st.integers(1, 31),
       shape=st.sampled_from(("{month} {day}", "{day} {month}", "{m}月{day}日", "{day}/{m}")))
def test_a_date_without_a_year_is_the_nearest_such_date(now, month, day, shape):
    text = shape.format(month=_EN_MONTHS[month - 1], day=day, m=month)
    with no_swallowed_errors():
        result = parse_time(text, now=now, default_tz="UTC", locale="en-GB")
    try:
        datetime(2024, month, day)
    except ValueError:
        assert result.value is None, (text, result)
        return
    if result.value is None:
        assert (month, day) == (2, 29), (text, result)  # no 29 February within a year of now
        return
    assert (result.value.month, result.value.day) == (month, day)
    # Nearest by calendar day, as the seller's calendar counts (here UTC); 29 February is looked for
    # only in last, this and next year.
    distance = abs((result.value.date() - now.date()).days)
    if (month, day) != (2, 29):
        assert distance <= 183, (text, now, result)
        return
    assert abs(result.value.year - now.year) <= 1
    for year in range(now.year - 1, now.year + 2):
        if year % 4 == 0 and (year % 100 or year % 400 == 0):
            assert distance <= abs((datetime(year, 2, 29).date() - now.date()).days), (text, now, result)


COUNTDOWNS = {
    "timer": lambda d, h, m, s: f"{d} days {h:02d}:{m:02d}:{s:02d}",
    "short_units": lambda d, h, m, s: f"Respond within {d}d {h}h {m}m {s}s",
    "chinese": lambda d, h, m, s: f"剩余{d}天{h}小时{m}分{s}秒",
    "korean": lambda d, h, m, s: f"{d}일 {h}시간 {m}분 {s}초 남음",
    "russian": lambda d, h, m, s: f"осталось {d} дн. {h} ч {m} мин {s} сек",
    "spanish": lambda d, h, m, s: f"Faltan {d} días, {h} horas, {m} minutos y {s} segundos",
    "day_timer": lambda d, h, m, s: f"{d}:{h:02d}:{m:02d}:{s:02d} left",
}


@examples(1.0)
@given(now=INSTANTS, shape=st.sampled_from(sorted(COUNTDOWNS)), days=st.integers(0, 3000),
       hours=st.integers(0, 23), minutes=st.integers(0, 59), seconds=st.integers(0, 59))
def test_a_countdown_adds_up_to_its_duration_from_now(now, shape, days, hours, minutes, seconds):
    text = COUNTDOWNS[shape](days, hours, minutes, seconds)
    with no_swallowed_errors():
        result = parse_deadline(text, now=now, default_tz="Asia/Shanghai", locale=None)
    expected = now + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    assert (result.value, result.kind) == (expected, "relative"), (text, result)


# ------------------------------------------------------------------ deadlines
PACKS = registry().packs
CLOCKS = sorted({rule["clock"] for pack in PACKS.values() for rule in pack.rules})
RULES = {rule["id"]: (pack, rule) for pack in PACKS.values() for rule in pack.rules}
RECENT = st.datetimes(min_value=datetime(2019, 1, 1), max_value=datetime(2031, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def dated_pages(draw):
    """A page on which every clock any rule counts from has a date (as events), read at `now`."""
    platform = draw(st.sampled_from(sorted(PACKS)))
    starts = {clock: draw(RECENT) for clock in CLOCKS}
    return {"platform": platform, "page_type": draw(st.one_of(st.none(), st.sampled_from(PAGE_TYPES))),
            "region": draw(st.one_of(st.none(), st.sampled_from(sorted(PACKS[platform].regions)))),
            "seller_timezone": draw(st.sampled_from(ZONE_NAMES)), "order": {"id": "1", "processing_days":
                                                                             draw(st.integers(0, 30))},
            "events": {clock: _iso(start) for clock, start in starts.items()}}, starts


def _due(entry: dict) -> datetime:
    return datetime.strptime(entry["due_at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


@examples(0.25)
@given(page=dated_pages(), read_at=RECENT, later=st.integers(0, 400 * 86400))
def test_a_deadline_stays_put_while_the_page_is_read_again_later(page, read_at, later):
    """Reading the same page later changes how much time is left, never when a deadline is due;
    the time left and the status always agree with the due date."""
    context, starts = page
    answers = []
    for now in (read_at, read_at + timedelta(seconds=later)):
        with no_swallowed_errors():
            result = compute_deadlines({**context, "captured_at": _iso(now)}, registry())
        for entry in result["deadlines"]:
            if entry["due_at"] is not None:
                remaining = _due(entry) - now
                assert entry["remaining_seconds"] == int(remaining.total_seconds())
                assert entry["status"] == status_of(remaining)
        answers.append({entry["rule_id"]: entry["due_at"] for entry in result["deadlines"]})
    assert answers[0] == answers[1]


@examples(0.25)
@given(page=dated_pages())
def test_a_deadline_falls_after_its_clock_starts_and_business_days_end_on_one(page):
    context, starts = page
    result = compute_deadlines({**context, "captured_at": _iso(NEAR_NOW)}, registry())
    for entry in result["deadlines"]:
        pack, rule = RULES[entry["rule_id"]]
        if entry["due_at"] is None:
            continue
        due, start = _due(entry), starts[rule["clock"]]
        if not rule.get("cutoff"):
            assert due >= start, (rule["id"], start, due)
        if rule["unit"] == "business_days":
            _, zone_name, holidays = region_of(pack, context)
            local_day = due.astimezone(zone(rule.get("timezone"), zone_name)).date()
            assert is_business_day(local_day, holidays), (rule["id"], start, due, local_day)


@examples(0.25)
@given(page=dated_pages(), delay=st.integers(0, 30 * 86400))
def test_a_later_start_never_gives_an_earlier_deadline(page, delay):
    """Clocks that start later end later, or at the same time. Business days end on a later or the
    same day, at the start's time of day: a return received Monday 19:00 is due Thursday 19:00
    across a Tuesday holiday, one received on the holiday at 03:00 Thursday 03:00 — the stricter
    reading, kept on purpose (hypothesis found it; a seller is never told a later time)."""
    context, starts = page
    delayed = {**context, "events": {clock: _iso(start + timedelta(seconds=delay)) for clock, start in starts.items()}}
    before, after = ({entry["rule_id"]: entry["due_at"] for entry in compute_deadlines(
        {**page_context, "captured_at": _iso(NEAR_NOW)}, registry())["deadlines"]} for page_context in (context, delayed))
    assert before.keys() == after.keys()
    for rule_id, due_at in before.items():
        if due_at is None:
            continue
        assert after[rule_id] is not None
        earlier, later = _due({"due_at": due_at}), _due({"due_at": after[rule_id]})
        pack, rule = RULES[rule_id]
        if rule["unit"] == "business_days":
            local = zone(rule.get("timezone"), region_of(pack, context)[1])
            earlier, later = earlier.astimezone(local).date(), later.astimezone(local).date()
        assert later >= earlier, (rule_id, due_at, after[rule_id])


# ------------------------------------------------------------------ rendering replies
TEMPLATE_IDS = sorted(catalog().templates)
PAGE_VALUE = mixed(st.sampled_from(("Ana", "260502TR8VX3LM", "19.99", "US $", "R$ 1.234,56", "€")), max_pieces=5)
FILLED = tuple(name for name in PLACEHOLDERS if name not in ("greeting", "sign_off"))
_MARKER = re.compile("\ue000(\\d+)\ue001")


@examples(1.0)
@given(template_id=st.sampled_from(TEMPLATE_IDS), language=st.sampled_from(LANGUAGES), tone=st.sampled_from(TONES),
       values=st.dictionaries(st.sampled_from(FILLED), PAGE_VALUE.map(str.strip).filter(bool)))
def test_rendering_inserts_page_values_verbatim_and_evaluates_nothing(template_id, language, tone, values):
    """Rendering with the page's values is rendering with markers, then putting each value where
    its marker is, in one pass: a value holding `{{order_id}}` or `{0}` stays as it is."""
    template = catalog().templates[template_id]
    names = sorted(values)
    markers = {name: f"\ue000{i}\ue001" for i, name in enumerate(names)}
    marked, marked_missing = render(template, language, tone, markers)
    text, missing = render(template, language, tone, values)
    assert text == _MARKER.sub(lambda m: values[names[int(m.group(1))]], marked)
    assert missing == marked_missing
    assert set(missing) <= set(PLACEHOLDERS)
    assert "{{" not in _MARKER.sub("", marked), "a template placeholder was left unrendered"


@examples(2.0)
@given(text=mixed(st.sampled_from(("{{order_id}}", "{{ carrier }}", "{{unknown}}", "{{{{buyer_name}}}}", "}}{{"))),
       values=st.dictionaries(st.sampled_from(PLACEHOLDERS), PAGE_VALUE),
       fallbacks=st.dictionaries(st.sampled_from(PLACEHOLDERS), PAGE_VALUE))
def test_substitution_is_one_pass_over_allow_listed_names(text, values, fallbacks):
    missing: list[str] = []
    result = substitute(text, values, fallbacks, missing)
    # Nothing outside a `{{name}}` changes, and each one becomes its value, its fallback or a marker.
    pieces = re.split(r"\{\{\s*[a-z_]+\s*\}\}", text)
    assert result.startswith(pieces[0]) and result.endswith(pieces[-1])
    for name in missing:
        assert f"[{name}?]" in result


# ------------------------------------------------------------------ suggestions
MONEY = st.fixed_dictionaries({"amount": st.one_of(PAGE_VALUE, st.sampled_from(("0", "1e309", "NaN", "-5"))),
                               "currency": st.one_of(st.none(), st.sampled_from(("USD", "EUR", "€", "{{x}}")))})
def _suggestion_context(platform, page_type, buyer_name, order_id, item_title, tracking, total, senders):
    return {"platform": platform, "page_type": page_type, "buyer": {"name": buyer_name},
            "order": {"id": order_id, "items": [{"title": item_title}], "total": total,
                      "tracking": {"carrier": tracking[0], "number": tracking[1]}},
            "dispute": {"id": "D1" if page_type != "order" else None, "refund": total},
            "messages": [{"sender": sender, "text": "x"} for sender in senders]}


@examples(0.3)
@given(platform=st.sampled_from(PLATFORMS), page_type=st.sampled_from(PAGE_TYPES),
       dispute_type=st.sampled_from(DISPUTE_TYPES), language=st.sampled_from(LANGUAGES), tone=st.sampled_from(TONES),
       buyer_name=PAGE_VALUE, order_id=PAGE_VALUE, item_title=PAGE_VALUE,
       tracking=st.tuples(PAGE_VALUE, PAGE_VALUE), total=MONEY,
       senders=st.lists(st.sampled_from(("buyer", "seller", "platform")), max_size=4))
def test_the_pages_values_never_cost_the_seller_a_suggestion(platform, page_type, dispute_type, language, tone,
                                                             buyer_name, order_id, item_title, tracking, total,
                                                             senders):
    """A buyer named `{{order_id}}` or `<script>`, an order id full of emoji: the same templates are
    offered as for a plain page, each text holding the page's values as they were."""
    hostile = _suggestion_context(platform, page_type, buyer_name, order_id, item_title, tracking, total, senders)
    present = placeholder_values(hostile, "Shop", language)
    plain = _suggestion_context(platform, page_type, "Ana Lima" if "buyer_name" in present else "",
                                "100200300" if order_id.strip() else "",
                                "Blue mug" if "item_title" in present else "",
                                ("Yanwen" if "carrier" in present else "",
                                 "YT2400112233" if "tracking_number" in present else ""),
                                {"amount": "19.99", "currency": "USD"} if "order_total" in present else None,
                                senders)
    now = datetime(2026, 11, 21, tzinfo=UTC)
    offered, _ = suggest(hostile, dispute_type=dispute_type, language=language, tone=tone, shop_name="Shop {{x}}",
                         now=now)
    expected, _ = suggest(plain, dispute_type=dispute_type, language=language, tone=tone, shop_name="Shop {{x}}",
                          now=now)
    assert [s["template_id"] for s in offered] == [s["template_id"] for s in expected]
    for suggestion in offered:
        assert suggestion["text"].strip() and suggestion["language"] == language and suggestion["tone"] == tone


# ------------------------------------------------------------------ the reply check
LINT_TEXT = mixed(st.one_of(PHRASES, CONTACTS, st.sampled_from(("{{order_id}}", "[carrier?]", "{{ x }}"))), 16)


@examples(1.0)
@given(text=LINT_TEXT, platform=st.one_of(st.none(), st.sampled_from((*PLATFORMS, "nowhere"))),
       known=st.lists(st.one_of(st.text(max_size=20), CONTACTS), max_size=3))
def test_lint_findings_lie_within_the_text_in_order(text, platform, known):
    findings = lint(text, platform, known_numbers=tuple(known), known_values=tuple(known))
    assert findings == sorted(findings, key=lambda f: (f["start"], f["end"]))
    for finding in findings:
        assert 0 <= finding["start"] < finding["end"] <= len(text), (finding, len(text))
        assert finding["code"] in EXPLAIN and finding["severity"] == SEVERITY[finding["code"]]
        assert finding["message"] and finding["message_zh"]


@examples(1.0)
@given(text=LINT_TEXT)
def test_nothing_inside_the_pages_own_value_is_a_finding(text):
    value = text.strip()
    assume(len(value) >= 3 and len(value) <= 1000)
    assert lint(value, "aliexpress", known_values=(value,)) == []


@examples(1.0)
@given(text=BUYER_TEXT, group=st.sampled_from(GROUPS))
def test_lexicon_hits_point_at_the_words_they_matched(text, group):
    for hit in find_all(text, group):
        assert 0 <= hit.start < hit.end <= len(text)
        assert hit.phrase in fold(text[hit.start:hit.end])[0], (hit, text[hit.start:hit.end])


@examples(1.0)
@given(text=st.one_of(BUYER_TEXT, st.text(max_size=200),
                      st.text(st.sampled_from(" \t\n\u3000\u00a0\u2028aAßİﬁ①é\u0301\u1161ÀÉ가"), max_size=40)))
@example(text="a  b\n\n c ")
@example(text="Straße ﬁne")
@example(text="e\u0301  E\u0301")
def test_the_quick_fold_agrees_with_the_careful_one(text):
    """`fold` translates most text in one pass and falls back to folding piece by piece: whichever
    path a text takes, the folded text and the map back to the original are the same."""
    assert fold(text) == _fold_carefully(text)


def phrase_hits_one_position_at_a_time(text: str, group: str) -> list[Hit]:
    """The phrase matcher as first written: every position, every phrase sharing its first two
    characters. find_all skips positions and phrases that cannot match; it must find the same."""
    index = _index(group)
    folded, starts, ends = fold(text)
    hits = []
    for position in range(len(folded)):
        at_boundary = position == 0 or not (folded[position - 1].isalnum() or folded[position - 1] == "_")
        for entry in (*index.by_prefix.get(folded[position:position + 2], ()), *index.single.get(folded[position], ())):
            if (at_boundary or not entry.bounded) and folded.startswith(entry.phrase, position):
                hits.append(Hit(entry.language, group, entry.category, entry.phrase, starts[position],
                                ends[position + len(entry.phrase) - 1]))
    return hits


@examples(1.0)
@given(text=st.one_of(BUYER_TEXT, LINT_TEXT), group=st.sampled_from(GROUPS))
# A two-character phrase where a longer one with the same start could begin: both are tried.
@example(text="상자가 깨져서 왔어요, 깨져있음", group="dispute_types")
@example(text="包裹少件/漏发了，少件吗", group="reasons")
def test_phrases_are_found_as_by_a_scan_of_every_position(text, group):
    # pattern_languages=frozenset(): phrases only (the regular expressions are another pass).
    assert find_all(text, group, pattern_languages=frozenset()) == phrase_hits_one_position_at_a_time(text, group)


# ------------------------------------------------------------------ classification and language
@examples(1.0)
@given(reason=st.one_of(st.none(), BUYER_TEXT), texts=st.lists(BUYER_TEXT, max_size=4),
       page_type=st.one_of(st.none(), st.sampled_from(PAGE_TYPES)))
def test_classification_is_always_a_known_dispute_type(reason, texts, page_type):
    result = classify(reason, texts, page_type)
    assert result["value"] in DISPUTE_TYPES
    assert 0.0 <= result["confidence"] <= 1.0
    assert result["basis"] in ("page_type", "dispute.reason", "messages", "none")
    assert all(isinstance(phrase, str) for phrase in result["matched"])
    for flag in text_risk_flags(texts):
        assert flag["code"] in (*RISK_MESSAGES, "claims_not_received") and flag["message"] and flag["message_zh"]


@examples(1.0)
@given(texts=st.lists(BUYER_TEXT, min_size=1, max_size=3))
# Found by this test: decomposed text (NFD, from some keyboards and from macOS) missed every phrase
# with an accent or in Hangul, because the lexicon folded it one code point at a time...
@example(texts=["불량"])
@example(texts=["não recebi o produto"])
# ...and the language reader counted a decomposed Korean syllable as two or three letters.
@example(texts=["가가produit non reçu"])
def test_classification_does_not_depend_on_how_accents_are_encoded(texts):
    """"é" may arrive as one character or as "e" + a combining accent, "불" as one syllable or as
    its jamo: the same words, the same answer."""
    composed = [unicodedata.normalize("NFC", t) for t in texts]
    decomposed = [unicodedata.normalize("NFD", t) for t in texts]
    assert classify(None, decomposed) == classify(None, composed)
    assert detect(" ".join(decomposed)) == detect(" ".join(composed))


@examples(1.0)
@given(text=st.one_of(BUYER_TEXT, st.text(max_size=80)))
@example(text="Привет 你好 hello 안녕 カナ שלום مرحبا 12 ½ Ⅻ")
def test_letters_are_counted_per_script_as_one_by_one(text):
    """The script counts come from one translate pass: they equal a letter-by-letter count."""
    one_by_one = {script: 0 for script in SCRIPTS}
    for char in text:
        if script := _script_of(char):
            one_by_one[script] += 1
    assert _script_counts(text) == one_by_one


@examples(1.0)
@given(text=BUYER_TEXT, language=st.one_of(st.none(), st.sampled_from(("pt-BR", "iw", "zh_Hant", "", " ", "xx"))),
       country=st.one_of(st.none(), st.sampled_from(("BR", "cn", "", "ZZ", " us "))))
def test_the_buyers_language_is_one_replies_exist_in(text, language, country):
    detected = detect(text, language_hint=language, country_hint=country)
    assert detected.language in LANGUAGES
    assert 0.0 <= detected.confidence <= 1.0
    assert detected.basis in ("script", "text", "hint", "default")


# ------------------------------------------------------------------ request loading
SCALARS = st.one_of(st.none(), st.text(max_size=30), st.sampled_from(("buyer", "seller", "", "2026-11-01")),
                    st.integers(), st.floats(allow_nan=False), st.booleans())


JSON_VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                              st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                           max_leaves=12)
ORDER_KEYS = ("id", "placed_at", "processing_days", "total", "items", "tracking", "note")


def loaded_twice_as_fresh(remembered, plain, value):
    """Load `value` twice through the remembering field and once through the plain one: the
    three outcomes (the value, or the error's messages) must be equal. Returns the first two."""
    def outcome(field):
        try:
            return "loaded", field.deserialize(value)
        except ValidationError as error:
            return "refused", error.messages

    first, again = outcome(remembered), outcome(remembered)
    assert first == again == outcome(plain)
    return first, again


@examples(1.0)
@given(schema=st.sampled_from((MessageSchema, OrderSchema)),
       value=st.one_of(st.dictionaries(st.sampled_from(("from", "text", "sent_at", "extra", *ORDER_KEYS)), JSON_VALUES,
                                       max_size=5),
                       st.fixed_dictionaries({"from": st.sampled_from(("buyer", "seller")), "text": SCALARS,
                                              "sent_at": SCALARS}),
                       st.fixed_dictionaries({"id": SCALARS, "total": st.fixed_dictionaries(
                           {"amount": SCALARS, "currency": SCALARS}), "items": st.lists(st.fixed_dictionaries(
                               {"title": SCALARS, "quantity": SCALARS}), max_size=2)}),
                       JSON_VALUES))
def test_a_remembered_value_loads_exactly_as_a_fresh_one(schema, value):
    """Messages, orders, buyers and disputes are loaded once and remembered: asked again, the
    answer (or the error) is the one a fresh load gives, and each caller gets its own copy."""
    first, again = loaded_twice_as_fresh(Remembered(schema), fields.Nested(schema), value)
    if first[0] == "loaded":
        assert first[1] is not again[1]
        for name, item in first[1].items():
            if isinstance(item, (dict, list)):
                assert item is not again[1][name]


@examples(1.0)
@given(value=st.one_of(st.lists(st.one_of(st.fixed_dictionaries({"from": st.sampled_from(("buyer", "seller")),
                                                                 "text": SCALARS, "sent_at": SCALARS}),
                                          JSON_VALUES), max_size=4), JSON_VALUES))
def test_a_remembered_conversation_loads_exactly_as_a_fresh_one(value):
    first, again = loaded_twice_as_fresh(RememberedList(Remembered(MessageSchema), validate=validate.Length(max=3)),
                                         fields.List(fields.Nested(MessageSchema), validate=validate.Length(max=3)),
                                         value)
    if first[0] == "loaded":
        assert first[1] is not again[1] and all(a is not b for a, b in zip(first[1], again[1]))


# ------------------------------------------------------------------ /assist's engine
SCRAPED_TEXT = st.one_of(st.none(), BUYER_TEXT)
SCRAPED_DATE = st.one_of(st.none(), DATE_TEXT, st.sampled_from(("2026-11-01T08:00:00Z", "Nov 3, 2026 8:12 PST",
                                                                "2026年11月4日 09:30", "4 days 23:12:05")))
MESSAGES = st.lists(st.fixed_dictionaries(
    {"from": st.sampled_from(("buyer", "seller", "platform", "system", "other")),
     "text": BUYER_TEXT.filter(bool), "sent_at": SCRAPED_DATE}), max_size=6)
SCRAPED_CONTEXTS = st.fixed_dictionaries(
    {"platform": st.sampled_from(PLATFORMS),
     "order": st.fixed_dictionaries({"id": st.one_of(PAGE_VALUE, st.just("100200300")), "placed_at": SCRAPED_DATE,
                                     "shipped_at": SCRAPED_DATE, "delivered_at": SCRAPED_DATE, "total": MONEY,
                                     "items": st.lists(st.fixed_dictionaries({"title": SCRAPED_TEXT}), max_size=2),
                                     "tracking": st.fixed_dictionaries({"carrier": SCRAPED_TEXT,
                                                                        "number": SCRAPED_TEXT,
                                                                        "status": SCRAPED_TEXT}),
                                     "promised_delivery_days": st.one_of(st.none(), st.floats(0, 365))}),
     "messages": MESSAGES},
    optional={"page_type": st.one_of(st.none(), st.sampled_from(PAGE_TYPES)),
              "region": st.one_of(st.none(), st.sampled_from(("US", "CN", "BR", "de", "GLOBAL", "XX", "\u202eUS"))),
              "captured_at": SCRAPED_DATE, "seller_timezone": st.one_of(st.none(), SELLER_ZONES),
              "page_locale": LOCALES, "title": SCRAPED_TEXT, "url": SCRAPED_TEXT,
              "buyer": st.fixed_dictionaries({"name": SCRAPED_TEXT, "country": st.one_of(st.none(), st.text(max_size=3)),
                                              "language": st.one_of(st.none(), st.text(max_size=6))}),
              "dispute": st.fixed_dictionaries({"id": SCRAPED_TEXT, "reason": SCRAPED_TEXT,
                                                "opened_at": SCRAPED_DATE, "refund": MONEY}),
              "page_deadlines": st.lists(st.fixed_dictionaries({"label": SCRAPED_TEXT, "text": DATE_TEXT}),
                                         max_size=3),
              "events": st.dictionaries(st.sampled_from(("return_received", "case_closed", "{{x}}")), SCRAPED_DATE,
                                        max_size=2),
              "shop_name": SCRAPED_TEXT, "reply_language": st.one_of(st.none(), st.sampled_from((*LANGUAGES, "xx"))),
              "reply_tone": st.one_of(st.none(), st.sampled_from(TONES)), "ui_language": st.sampled_from(("en", "zh")),
              "extra_field": st.one_of(st.none(), st.integers(), BUYER_TEXT)})
DEADLINE_STATUSES = ("ok", "soon", "urgent", "overdue", "unknown")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    opened = Store(tmp_path_factory.mktemp("properties") / "data")
    yield opened
    opened.close()


@examples(0.25)
@given(scraped=SCRAPED_CONTEXTS)
def test_assist_answers_any_scraped_page_and_files_it_once(store, scraped):
    try:
        context = AssistContextSchema().load(scraped)
    except ValidationError:
        assume(False)
    with no_swallowed_errors():
        answer = assist(store, context, default_timezone="Asia/Shanghai")
    assert AssistResponseSchema().validate(answer) == {}
    # POST /assist sends the answer without dumping it through the schema: it must already be
    # exactly what the dump would give (no extra key, every type the documented one).
    assert AssistResponseSchema().dump(answer) == answer
    assert answer["dispute_type"]["value"] in DISPUTE_TYPES
    assert 0.0 <= answer["dispute_type"]["confidence"] <= 1.0
    assert answer["buyer_language"] in LANGUAGES
    for deadline in answer["deadlines"]:
        assert deadline["status"] in DEADLINE_STATUSES
        assert (deadline["due_at"] is None) == (deadline["status"] == "unknown"), deadline
    for suggestion in answer["suggestions"]:
        assert suggestion["template_id"] in catalog().templates
        assert suggestion["language"] == answer["buyer_language"] and suggestion["tone"] in TONES
    assert check_case_id(answer["case_id"]) == answer["case_id"]  # GET /cases/{id} can find it
    assert store.verify(answer["case_id"])["ok"]
    # The same page again is the same case, and its conversation is logged once.
    again = assist(store, context, default_timezone="Asia/Shanghai")
    assert (again["case_id"], again["case_created"], again["messages_logged"]["added"]) == \
        (answer["case_id"], False, 0)
