"""Reading the dates and countdowns marketplace pages print (services/dates.py).

Every expected value is the exact instant in UTC, worked out by hand from the text, the seller's
zone and the rules in the module's docstring. "Now" is the contract's example `captured_at`,
2026-11-21 08:00 UTC.

The format tables run with the dateparser fallback switched off (autouse fixture): each shape they
list is read by the fast path, which is what keeps the engine within its time budget.
"""
from __future__ import annotations

import random
import statistics
import time
from dataclasses import FrozenInstanceError, fields
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from disputeclerk.services import dates
from disputeclerk.services.dates import ParsedTime, parse_deadline, parse_time

UTC = timezone.utc
NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def after(days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> datetime:
    return NOW + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


@pytest.fixture(autouse=True)
def fast_path_only(monkeypatch):
    monkeypatch.setattr(dates, "FALLBACK_ENABLED", False)


def read(text, tz="UTC", locale=None, *, now=NOW) -> ParsedTime:
    return parse_time(text, now=now, default_tz=tz, locale=locale)


def read_deadline(text, tz="UTC", locale=None, *, now=NOW) -> ParsedTime:
    return parse_deadline(text, now=now, default_tz=tz, locale=locale)


def assert_reads(result: ParsedTime, expected: datetime, *, kind: str = "absolute", assumed: bool | None = None):
    assert result.error is None, result.error
    assert result.value == expected
    assert result.value.utcoffset() == timedelta(0), "results are always in UTC"
    assert result.kind == kind
    if assumed is not None:
        assert result.assumed_zone is assumed


def assert_unreadable(result: ParsedTime):
    assert result.value is None
    assert result.kind is None
    assert result.assumed_zone is False
    assert isinstance(result.error, str) and result.error.strip()


# ------------------------------------------------------------------ the interface
def test_parsed_time_is_the_frozen_record_the_engine_reads():
    assert [f.name for f in fields(ParsedTime)] == ["value", "kind", "assumed_zone", "error"]
    parsed = read("2024-05-03T08:12:00Z")
    with pytest.raises(FrozenInstanceError):
        parsed.value = None  # type: ignore[misc]


# ------------------------------------------------------------------ ISO 8601
ISO = [
    ("2024-05-03T08:12:00Z", utc(2024, 5, 3, 8, 12), False),
    ("2024-05-03T08:12:00+08:00", utc(2024, 5, 3, 0, 12), False),
    ("2024-05-03T08:12:00.123456-03:00", datetime(2024, 5, 3, 11, 12, 0, 123456, tzinfo=UTC), False),
    ("2024-05-03T08:12:00.5Z", datetime(2024, 5, 3, 8, 12, 0, 500000, tzinfo=UTC), False),
    ("2024-05-03T08:12:00.123+08:00", datetime(2024, 5, 3, 0, 12, 0, 123000, tzinfo=UTC), False),
    ("20240503T081200Z", utc(2024, 5, 3, 8, 12), False),
    ("2024-05-03t08:12:00z", utc(2024, 5, 3, 8, 12), False),
    ("1714723920", utc(2024, 5, 3, 8, 12), False),       # Unix seconds
    ("1714723920000", utc(2024, 5, 3, 8, 12), False),    # Unix milliseconds
    ("2024-05-03 08:12:00 +0530", utc(2024, 5, 3, 2, 42), False),
    ("Respond by 2024-05-03T08:12:00Z", utc(2024, 5, 3, 8, 12), False),
    # no zone: the seller's zone (Asia/Shanghai, UTC+8)
    ("2024-05-03", utc(2024, 5, 2, 16, 0), True),
    ("2024-05-03 08:12", utc(2024, 5, 3, 0, 12), True),
    ("2024-05-03 08:12:00", utc(2024, 5, 3, 0, 12), True),
    ("2024-05-03T08:12", utc(2024, 5, 3, 0, 12), True),
]


@pytest.mark.parametrize("text, expected, assumed", ISO, ids=[c[0] for c in ISO])
def test_iso_8601_with_and_without_zone(text, expected, assumed):
    assert_reads(read(text, "Asia/Shanghai"), expected, assumed=assumed)


# ------------------------------------------------------------------ numeric dates
NUMERIC = [
    ("2024/05/03 08:12:00", "zh-CN", "Asia/Shanghai", utc(2024, 5, 3, 0, 12)),
    ("2024/5/3 8:12", "zh-CN", "Asia/Shanghai", utc(2024, 5, 3, 0, 12)),
    ("05/03/2024 8:12 PM", "en-US", "America/Los_Angeles", utc(2024, 5, 4, 3, 12)),
    ("5/3/24 8:12 AM", "en-US", "America/Los_Angeles", utc(2024, 5, 3, 15, 12)),
    ("5/3/2024, 8:12:05 PM", "en-US", "America/Los_Angeles", utc(2024, 5, 4, 3, 12, 5)),  # toLocaleString()
    ("03.05.2024 08:12", "de-DE", "Europe/Berlin", utc(2024, 5, 3, 6, 12)),
    ("3.5.2024", "ru-RU", "Europe/Moscow", utc(2024, 5, 2, 21, 0)),
    ("03/05/2024 08:12", "pt-BR", "America/Sao_Paulo", utc(2024, 5, 3, 11, 12)),
    ("3-5-2024", "nl-NL", "Europe/Amsterdam", utc(2024, 5, 2, 22, 0)),
    ("2024.05.03 08:12", "ko-KR", "Asia/Seoul", utc(2024, 5, 2, 23, 12)),
    ("03/05/2024 20:12:05", "fr-FR", "Europe/Paris", utc(2024, 5, 3, 18, 12, 5)),
    ("03.05.2024 08.12", "fi-FI", "Europe/Helsinki", utc(2024, 5, 3, 5, 12)),
]


@pytest.mark.parametrize("text, locale, tz, expected", NUMERIC, ids=[f"{c[1]}:{c[0]}" for c in NUMERIC])
def test_numeric_dates_in_the_sellers_zone(text, locale, tz, expected):
    assert_reads(read(text, tz, locale), expected, assumed=True)


DAY_MONTH_ORDER = [
    # (text, locale, expected date) — see the module docstring for the rule
    ("3/5/2024", None, (2024, 5, 3)),          # no locale: day first
    ("3/5/2024", "en-US", (2024, 3, 5)),
    ("3/5/2024", "en_US", (2024, 3, 5)),
    ("3/5/2024", "en-GB", (2024, 5, 3)),
    ("3/5/2024", "en", (2024, 5, 3)),          # a bare "en" is not American
    ("3/5/2024", "en-PH", (2024, 3, 5)),
    ("3/5/2024", "es-US", (2024, 3, 5)),
    ("3/5/2024", "es-MX", (2024, 5, 3)),
    ("3/5/2024", "pt-BR", (2024, 5, 3)),
    ("3/5/2024", "zh-Hans-CN", (2024, 3, 5)),
    ("13/5/2024", "en-US", (2024, 5, 13)),     # 13 cannot be a month
    ("5/13/2024", "de-DE", (2024, 5, 13)),
    ("5/13/2024", None, (2024, 5, 13)),
    ("03.05.2024", "en-US", (2024, 5, 3)),     # dots are never American
    ("03-05-2024", "en-US", (2024, 3, 5)),
    ("12/1", "en-US", (2026, 12, 1)),          # no year: the nearest one
    ("1/12", "de-DE", (2026, 12, 1)),
    ("11/30", "zh-CN", (2026, 11, 30)),
]


@pytest.mark.parametrize("text, locale, expected", DAY_MONTH_ORDER,
                         ids=[f"{c[1]}:{c[0]}" for c in DAY_MONTH_ORDER])
def test_day_or_month_first_follows_the_numbers_then_the_locale(text, locale, expected):
    assert_reads(read(text, "UTC", locale), utc(*expected))


# ------------------------------------------------------------------ month names, per language
LANGUAGES = [
    # (language, text, locale, seller zone, expected UTC)
    ("en", "May 3, 2024 8:12 PM", "en-US", "America/Los_Angeles", utc(2024, 5, 4, 3, 12)),
    ("en", "3rd May 2024, 20:12", "en-GB", "Europe/London", utc(2024, 5, 3, 19, 12)),
    ("en", "Friday, May 3, 2024", "en-US", "America/New_York", utc(2024, 5, 3, 4, 0)),
    ("en", "May 3rd, 2024 at 8:12:05 p.m.", "en-US", "America/New_York", utc(2024, 5, 4, 0, 12, 5)),
    ("en", "Tue, Dec 3, 2024 11:59 PM", "en-US", "America/Chicago", utc(2024, 12, 4, 5, 59)),
    ("en", "Sat, 04 May 2024 03:12:00", "en", "UTC", utc(2024, 5, 4, 3, 12)),
    ("es", "3 de mayo de 2024", "es-MX", "America/Mexico_City", utc(2024, 5, 3, 6, 0)),
    ("es", "3 de mayo de 2024, 8:12 p. m.", "es-MX", "America/Mexico_City", utc(2024, 5, 4, 2, 12)),
    ("es", "mié, 3 de dic. de 2025 08:12", "es-MX", "America/Mexico_City", utc(2025, 12, 3, 14, 12)),
    ("es", "21 nov 2026 23:59", "es-ES", "America/Mexico_City", utc(2026, 11, 22, 5, 59)),
    ("es", "3 ago 2024", "es-ES", "America/Mexico_City", utc(2024, 8, 3, 6, 0)),
    ("pt", "3 de maio de 2024 às 20:12", "pt-BR", "America/Sao_Paulo", utc(2024, 5, 3, 23, 12)),
    ("pt", "21 de novembro de 2026", "pt-BR", "America/Sao_Paulo", utc(2026, 11, 21, 3, 0)),
    ("pt", "03 de dez. de 2024", "pt-BR", "America/Sao_Paulo", utc(2024, 12, 3, 3, 0)),
    ("pt", "3 set 2024 08:12", "pt-BR", "America/Sao_Paulo", utc(2024, 9, 3, 11, 12)),
    ("pt", "1 out. 2024", "pt-PT", "America/Sao_Paulo", utc(2024, 10, 1, 3, 0)),
    ("pt", "1º de maio de 2024", "pt-BR", "America/Sao_Paulo", utc(2024, 5, 1, 3, 0)),
    ("fr", "3 mai 2024 à 08h12", "fr-FR", "Europe/Paris", utc(2024, 5, 3, 6, 12)),
    ("fr", "1er août 2024", "fr-FR", "Europe/Paris", utc(2024, 7, 31, 22, 0)),
    ("fr", "mar. 3 déc. 2024 20h", "fr-FR", "Europe/Paris", utc(2024, 12, 3, 19, 0)),
    ("fr", "21 novembre 2026 à 23:59", "fr-FR", "Europe/Paris", utc(2026, 11, 21, 22, 59)),
    ("fr", "3 févr. 2025", "fr-FR", "Europe/Paris", utc(2025, 2, 2, 23, 0)),
    ("de", "3. Mai 2024, 08:12 Uhr", "de-DE", "Europe/Berlin", utc(2024, 5, 3, 6, 12)),
    ("de", "3. März 2024", "de-DE", "Europe/Berlin", utc(2024, 3, 2, 23, 0)),
    ("de", "21. Nov. 2026 um 23:59", "de-DE", "Europe/Berlin", utc(2026, 11, 21, 22, 59)),
    ("de", "1. Jänner 2025", "de-AT", "Europe/Vienna", utc(2024, 12, 31, 23, 0)),
    ("de", "3. Mai 2024 8 Uhr", "de-DE", "Europe/Berlin", utc(2024, 5, 3, 6, 0)),
    ("it", "3 maggio 2024 08:12", "it-IT", "Europe/Rome", utc(2024, 5, 3, 6, 12)),
    ("it", "3 dic 2024", "it-IT", "Europe/Rome", utc(2024, 12, 2, 23, 0)),
    ("it", "21 novembre 2026 alle 23:59", "it-IT", "Europe/Rome", utc(2026, 11, 21, 22, 59)),
    ("ru", "3 мая 2024", "ru-RU", "Europe/Moscow", utc(2024, 5, 2, 21, 0)),
    ("ru", "21 нояб. 2026 г., 08:12", "ru-RU", "Europe/Moscow", utc(2026, 11, 21, 5, 12)),
    ("ru", "1 января 2025 г.", "ru-RU", "Europe/Moscow", utc(2024, 12, 31, 21, 0)),
    ("ru", "3 сентября 2024 года 14:00", "ru-RU", "Europe/Moscow", utc(2024, 9, 3, 11, 0)),
    ("ru", "2 февр. 2024", "ru-RU", "Europe/Moscow", utc(2024, 2, 1, 21, 0)),
    ("ru", "15 марта 2024 в 10:30", "ru-RU", "Europe/Moscow", utc(2024, 3, 15, 7, 30)),
    ("ru", "31 декабря 2024", "ru-RU", "Europe/Moscow", utc(2024, 12, 30, 21, 0)),
    ("uk", "3 травня 2024", "uk-UA", "Europe/Kyiv", utc(2024, 5, 2, 21, 0)),
    ("pl", "3 maja 2024 08:12", "pl-PL", "Europe/Warsaw", utc(2024, 5, 3, 6, 12)),
    ("pl", "21 listopada 2026", "pl-PL", "Europe/Warsaw", utc(2026, 11, 20, 23, 0)),
    ("pl", "3 paź 2024", "pl-PL", "Europe/Warsaw", utc(2024, 10, 2, 22, 0)),
    ("nl", "3 mei 2024 08:12", "nl-NL", "Europe/Amsterdam", utc(2024, 5, 3, 6, 12)),
    ("nl", "21 nov. 2026", "nl-NL", "Europe/Amsterdam", utc(2026, 11, 20, 23, 0)),
    ("nl", "3 maart 2024", "nl-NL", "Europe/Amsterdam", utc(2024, 3, 2, 23, 0)),
    ("tr", "3 Mayıs 2024 08:12", "tr-TR", "Europe/Istanbul", utc(2024, 5, 3, 5, 12)),
    ("tr", "21 Kasım 2026", "tr-TR", "Europe/Istanbul", utc(2026, 11, 20, 21, 0)),
    ("tr", "1 ŞUBAT 2024", "tr-TR", "Europe/Istanbul", utc(2024, 1, 31, 21, 0)),
    ("tr", "3 NİSAN 2024", "tr-TR", "Europe/Istanbul", utc(2024, 4, 2, 21, 0)),
    ("ja", "2024年5月3日 8時12分", "ja-JP", "Asia/Tokyo", utc(2024, 5, 2, 23, 12)),
    ("ja", "2024年5月3日(金) 20:12", "ja-JP", "Asia/Tokyo", utc(2024, 5, 3, 11, 12)),
    ("ja", "令和6年5月3日", "ja-JP", "Asia/Tokyo", utc(2024, 5, 2, 15, 0)),
    ("ja", "2024/05/03 午後8時12分", "ja-JP", "Asia/Tokyo", utc(2024, 5, 3, 11, 12)),
    ("ko", "2024년 5월 3일 오후 8:12", "ko-KR", "Asia/Seoul", utc(2024, 5, 3, 11, 12)),
    ("ko", "2024. 5. 3. 오전 8:12:00", "ko-KR", "Asia/Seoul", utc(2024, 5, 2, 23, 12)),
    ("ko", "2024년 5월 3일 20시 12분", "ko-KR", "Asia/Seoul", utc(2024, 5, 3, 11, 12)),
    ("zh", "2024年5月3日 08:12", "zh-CN", "Asia/Shanghai", utc(2024, 5, 3, 0, 12)),
    ("zh", "2024年5月3日 下午3:00", "zh-CN", "Asia/Shanghai", utc(2024, 5, 3, 7, 0)),
    ("zh", "2024年5月3日 8点30分", "zh-CN", "Asia/Shanghai", utc(2024, 5, 3, 0, 30)),
    ("zh", "2024年05月03日 23:59:59", "zh-CN", "Asia/Shanghai", utc(2024, 5, 3, 15, 59, 59)),
    ("zh", "2024-05-03 23:59", "zh-CN", "Asia/Shanghai", utc(2024, 5, 3, 15, 59)),
    ("zh", "二〇二四年五月三日", "zh-CN", "Asia/Shanghai", utc(2024, 5, 2, 16, 0)),
    ("zh", "民國113年5月3日", "zh-TW", "Asia/Taipei", utc(2024, 5, 2, 16, 0)),
    ("vi", "ngày 3 tháng 5 năm 2024", "vi-VN", "Asia/Ho_Chi_Minh", utc(2024, 5, 2, 17, 0)),
    ("vi", "3 thg 5, 2024 08:12", "vi-VN", "Asia/Ho_Chi_Minh", utc(2024, 5, 3, 1, 12)),
    ("vi", "08:12 SA, 03/05/2024", "vi-VN", "Asia/Ho_Chi_Minh", utc(2024, 5, 3, 1, 12)),
    ("vi", "08:12 CH 03/05/2024", "vi-VN", "Asia/Ho_Chi_Minh", utc(2024, 5, 3, 13, 12)),
    ("id", "3 Mei 2024 pukul 08.12", "id-ID", "Asia/Jakarta", utc(2024, 5, 3, 1, 12)),
    ("id", "21 Agustus 2026", "id-ID", "Asia/Jakarta", utc(2026, 8, 20, 17, 0)),
    ("th", "3 พฤษภาคม 2567", "th-TH", "Asia/Bangkok", utc(2024, 5, 2, 17, 0)),
    ("th", "3 พ.ค. 2567 08:12 น.", "th-TH", "Asia/Bangkok", utc(2024, 5, 3, 1, 12)),
    ("th", "21 พ.ย. 69", "th-TH", "Asia/Bangkok", utc(2026, 11, 20, 17, 0)),
    ("th", "3 พฤษภาคม พ.ศ. 2567", "th-TH", "Asia/Bangkok", utc(2024, 5, 2, 17, 0)),
    ("ar", "3 مايو 2024", "ar-SA", "Asia/Riyadh", utc(2024, 5, 2, 21, 0)),
    ("ar", "٣ مايو ٢٠٢٤ ٨:١٢ م", "ar-EG", "Asia/Riyadh", utc(2024, 5, 3, 17, 12)),
]


@pytest.mark.parametrize("language, text, locale, tz, expected", LANGUAGES,
                         ids=[f"{c[0]}:{c[1]}" for c in LANGUAGES])
def test_month_names_and_local_formats_per_language(language, text, locale, tz, expected):
    assert_reads(read(text, tz, locale), expected, assumed=True)


@pytest.mark.parametrize("language, text, locale, tz, expected", LANGUAGES,
                         ids=[f"{c[0]}:{c[1]}" for c in LANGUAGES])
def test_month_names_are_read_without_a_locale_too(language, text, locale, tz, expected):
    """The month table is shared by all languages: a name needs no locale (only the order of an
    all-numeric day and month does, and none of these is ambiguous)."""
    assert_reads(read(text, tz, None), expected, assumed=True)


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_word_reads_as_its_month(month):
    """Each name, abbreviation and inflected form in the table, in lower and upper case."""
    words = [w for w, m in dates.MONTHS.items() if m == month]
    assert len(words) >= 15
    wrong = {}
    for word in words:
        for form in {word, word.upper()}:
            parsed = read(f"3 {form} 2024")
            if parsed.value != utc(2024, month, 3):
                wrong[form] = parsed.value or parsed.error
    assert not wrong


def test_every_table_word_survives_the_cleaning_the_text_gets():
    """Input is NFKC-normalised and lower-cased; a table word that changes under that never matches
    (Thai "ำ", for one, is split in two by NFKC)."""
    tables = [dates.MONTHS, dates._WORD_UNITS, dates._GLUED_UNITS, dates._ZONE_NAMES, dates._NUMBER_WORDS]
    changed = [word for table in tables for word in table
               if dates._lower(dates._clean(word)) != word]
    assert not changed


@pytest.mark.parametrize("text", ["3 январь 2024", "3 января 2024", "3 январе 2024", "3 январю 2024",
                                  "3 январём 2024", "3 январем 2024", "3 янв. 2024"])
def test_russian_months_in_every_grammatical_case(text):
    assert_reads(read(text), utc(2024, 1, 3))


# ------------------------------------------------------------------ clock times
CLOCKS = [
    ("May 3, 2024 12:00 AM", utc(2024, 5, 3, 0, 0)),
    ("May 3, 2024 12:30 AM", utc(2024, 5, 3, 0, 30)),
    ("May 3, 2024 12:30 PM", utc(2024, 5, 3, 12, 30)),
    ("May 3, 2024 8 PM", utc(2024, 5, 3, 20, 0)),
    ("May 3, 2024 8pm", utc(2024, 5, 3, 20, 0)),
    ("May 3, 2024 8:12 a.m.", utc(2024, 5, 3, 8, 12)),
    ("May 3, 2024 11:59:59 PM", utc(2024, 5, 3, 23, 59, 59)),
    ("May 3, 2024 24:00", utc(2024, 5, 4, 0, 0)),  # end of day = next midnight
    ("3 mai 2024 20h", utc(2024, 5, 3, 20, 0)),
    ("3 mai 2024 20 h 30", utc(2024, 5, 3, 20, 30)),
    ("2024年5月3日 凌晨12:30", utc(2024, 5, 3, 0, 30)),
    ("2024年5月3日 中午12点", utc(2024, 5, 3, 12, 0)),
    ("2024年5月3日 中午1点", utc(2024, 5, 3, 13, 0)),
    ("2024年5月3日 晚上8点", utc(2024, 5, 3, 20, 0)),
    ("2024年5月3日 8点半", utc(2024, 5, 3, 8, 30)),
    ("2024년 5월 3일 오후 8시 30분 15초", utc(2024, 5, 3, 20, 30, 15)),
]


@pytest.mark.parametrize("text, expected", CLOCKS, ids=[c[0] for c in CLOCKS])
def test_twelve_and_twenty_four_hour_clocks(text, expected):
    assert_reads(read(text, "UTC", "en-US"), expected)


# ------------------------------------------------------------------ zones in the text
ZONES = [
    # (zone as printed, its offset in minutes east of UTC)
    ("PST", -480), ("PDT", -420), ("MST", -420), ("MDT", -360), ("CST", -360), ("CDT", -300),
    ("EST", -300), ("EDT", -240), ("AKST", -540), ("HST", -600), ("GMT", 0), ("UTC", 0), ("utc", 0),
    ("BST", 60), ("CET", 60), ("CEST", 120), ("EET", 120), ("EEST", 180), ("MSK", 180), ("МСК", 180),
    ("IST", 330), ("SGT", 480), ("MYT", 480), ("PHT", 480), ("WIB", 420), ("ICT", 420), ("JST", 540),
    ("KST", 540), ("HKT", 480), ("AEST", 600), ("AEDT", 660), ("BRT", -180), ("ART", -180), ("CLT", -240),
    ("COT", -300), ("PET", -300), ("MXT", -360),
    ("China Standard Time", 480), ("北京时间", 480), ("(北京時間)", 480), ("Pacific Daylight Time", -420),
    ("Eastern Standard Time", -300), ("horário de Brasília", -180), ("по Москве", 180),
    ("+08:00", 480), ("+0800", 480), ("-03:00", -180), ("GMT+8", 480), ("UTC-3", -180), ("UTC+05:30", 330),
    ("GMT-0430", -270), ("(UTC+08:00)", 480), ("GMT+08:00", 480), ("Z", 0),
    # generic US names and IANA names depend on the date: 3 May is daylight time
    ("PT", -420), ("ET", -240), ("Asia/Kolkata", 330), ("(America/Sao_Paulo)", -180),
]


@pytest.mark.parametrize("zone, offset", ZONES, ids=[z[0] for z in ZONES])
def test_a_printed_zone_wins_over_the_sellers_zone(zone, offset):
    expected = utc(2024, 5, 3, 8, 12) - timedelta(minutes=offset)
    assert_reads(read(f"May 3, 2024 08:12 {zone}", "Asia/Tokyo"), expected, assumed=False)


def test_every_abbreviation_in_the_table_is_found():
    wall = datetime(2024, 5, 3, 8, 12)
    missed = {}
    for abbreviation, minutes in dates._ABBREVIATIONS.items():
        parsed = read(f"May 3, 2024 08:12 {abbreviation}", "Asia/Tokyo", "en-US")
        if parsed.value != wall.replace(tzinfo=UTC) - timedelta(minutes=minutes) or parsed.assumed_zone:
            missed[abbreviation] = parsed.value
    assert not missed


def test_every_zone_name_in_the_table_is_found_in_any_case():
    wall = datetime(2024, 5, 3, 8, 12)
    missed = {}
    for name, zone in dates._ZONE_NAMES.items():
        offset = (wall.replace(tzinfo=ZoneInfo(zone)).utcoffset() if isinstance(zone, str)
                  else timedelta(minutes=zone))
        for form in {name, name.upper(), name.title()}:
            parsed = read(f"May 3, 2024 08:12 {form}", "Asia/Tokyo")
            if parsed.value != wall.replace(tzinfo=UTC) - offset or parsed.assumed_zone:
                missed[form] = parsed.value
    assert not missed


ZONE_BY_LOCALE = [
    ("CST", "zh", 480), ("CST", "zh-CN", 480), ("CST", "zh-TW", 480), ("CST", "en-HK", 480), ("CST", "en-US", -360), ("CST", None, -360),
    ("PST", "en-PH", 480), ("PST", "fil", 480), ("PST", "en-US", -480),
    ("AST", "ar-SA", 180), ("AST", "en-CA", -240),
    ("IST", "en-IN", 330), ("IST", None, 330),
]


@pytest.mark.parametrize("zone, locale, offset", ZONE_BY_LOCALE, ids=[f"{z[0]}-{z[1]}" for z in ZONE_BY_LOCALE])
def test_ambiguous_abbreviations_are_settled_by_the_locale(zone, locale, offset):
    expected = utc(2024, 5, 3, 8, 12) - timedelta(minutes=offset)
    assert_reads(read(f"2024-05-03 08:12 {zone}", "UTC", locale), expected, assumed=False)


def test_javascript_date_strings_as_the_extension_may_send_them():
    # Date.prototype.toString() and toUTCString()
    assert_reads(read("Thu May 02 2024 20:12:00 GMT-0700 (Pacific Daylight Time)", "Asia/Shanghai"),
                 utc(2024, 5, 3, 3, 12), assumed=False)
    assert_reads(read("Fri, 03 May 2024 03:12:00 GMT", "Asia/Shanghai"), utc(2024, 5, 3, 3, 12), assumed=False)


def test_a_lowercase_word_that_looks_like_an_abbreviation_is_not_a_zone():
    """"est" is French for "is": only capitals name a zone."""
    assert_reads(read("la date limite est le 3 mai 2024 à 08h12", "Europe/Paris", "fr-FR"),
                 utc(2024, 5, 3, 6, 12), assumed=True)


# ------------------------------------------------------------------ no zone → the seller's zone
SELLER_ZONES = [
    ("Asia/Shanghai", utc(2024, 5, 3, 0, 12)),
    ("America/Los_Angeles", utc(2024, 5, 3, 15, 12)),
    ("Europe/London", utc(2024, 5, 3, 7, 12)),
    ("Asia/Kolkata", utc(2024, 5, 3, 2, 42)),
    ("UTC", utc(2024, 5, 3, 8, 12)),
    ("Not/AZone", utc(2024, 5, 3, 8, 12)),    # unknown zone → UTC
    ("", utc(2024, 5, 3, 8, 12)),
    ("../../etc/passwd", utc(2024, 5, 3, 8, 12)),
]


@pytest.mark.parametrize("tz, expected", SELLER_ZONES, ids=[z[0] or "empty" for z in SELLER_ZONES])
def test_a_date_without_a_zone_is_read_in_the_sellers_zone(tz, expected):
    assert_reads(read("May 3, 2024 8:12 AM", tz), expected, assumed=True)
    assert_reads(read("2024-05-03T08:12:00", tz), expected, assumed=True)


def test_a_seller_zone_that_is_not_text_falls_back_to_utc():
    assert_reads(parse_time("2024-05-03 08:12", now=NOW, default_tz=None), utc(2024, 5, 3, 8, 12))  # type: ignore[arg-type]


# ------------------------------------------------------------------ daylight saving time
DST = [
    # spring forward, 2026-03-08 in Los Angeles: 2:00-2:59 does not exist → moved forward by the gap
    ("Mar 8, 2026 2:30 AM", "America/Los_Angeles", utc(2026, 3, 8, 10, 30), True),
    ("2026-03-08T02:30:00", "America/Los_Angeles", utc(2026, 3, 8, 10, 30), True),
    ("Mar 8, 2026 1:59 AM", "America/Los_Angeles", utc(2026, 3, 8, 9, 59), True),
    ("Mar 8, 2026 3:00 AM", "America/Los_Angeles", utc(2026, 3, 8, 10, 0), True),
    # fall back, 2026-11-01: 1:00-1:59 happens twice → the earlier (PDT) unless the text says which
    ("Nov 1, 2026 1:30 AM", "America/Los_Angeles", utc(2026, 11, 1, 8, 30), True),
    ("Nov 1, 2026 1:30 AM PDT", "America/Los_Angeles", utc(2026, 11, 1, 8, 30), False),
    ("Nov 1, 2026 1:30 AM PST", "America/Los_Angeles", utc(2026, 11, 1, 9, 30), False),
    # Europe: 2026-03-29 and 2026-10-25
    ("2026-03-29 02:30", "Europe/Berlin", utc(2026, 3, 29, 1, 30), True),
    ("2026-10-25 02:30", "Europe/Berlin", utc(2026, 10, 25, 0, 30), True),
    ("25.10.2026 02:30 MEZ", "Europe/Berlin", utc(2026, 10, 25, 1, 30), False),
]


@pytest.mark.parametrize("text, tz, expected, assumed", DST, ids=[f"{c[1]}:{c[0]}" for c in DST])
def test_dst_gaps_move_forward_and_overlaps_take_the_earlier_instant(text, tz, expected, assumed):
    assert_reads(read(text, tz), expected, assumed=assumed)


# ------------------------------------------------------------------ a date without a year
NO_YEAR = [
    ("5月3日", "UTC", utc(2027, 5, 3)),          # 163 days ahead beats 202 days back
    ("May 22", "UTC", utc(2027, 5, 22)),         # 182 days ahead, 183 back
    ("May 24", "UTC", utc(2026, 5, 24)),         # 181 days back, 184 ahead
    ("Dec 1", "UTC", utc(2026, 12, 1)),
    ("Jan 5", "UTC", utc(2027, 1, 5)),
    ("Oct 1", "UTC", utc(2026, 10, 1)),
    ("11月21日 23:59", "Asia/Shanghai", utc(2026, 11, 21, 15, 59)),
    ("3 мая", "Europe/Moscow", utc(2027, 5, 2, 21, 0)),
    ("十一月二十一日", "UTC", utc(2026, 11, 21)),
]


@pytest.mark.parametrize("text, tz, expected", NO_YEAR, ids=[c[0] for c in NO_YEAR])
def test_a_missing_year_is_the_one_nearest_to_now(text, tz, expected):
    assert_reads(read(text, tz), expected, assumed=True)


def test_a_missing_year_is_judged_in_the_sellers_calendar():
    # 2026-12-31 20:00 UTC is already 1 January 2027 in Tokyo: "Jan 1" is today there
    just_before_new_year = utc(2026, 12, 31, 20, 0)
    assert_reads(read("Jan 1", "Asia/Tokyo", now=just_before_new_year), utc(2026, 12, 31, 15, 0))
    assert_reads(read("Dec 31", "America/New_York", now=just_before_new_year), utc(2026, 12, 31, 5, 0))


# ------------------------------------------------------------------ countdowns
COUNTDOWNS = [
    ("4 days 23:12:05", after(4, 23, 12, 5)),
    ("2d 5h", after(2, 5)),
    ("23:12:05", after(hours=23, minutes=12, seconds=5)),
    ("剩余3天4小时", after(3, 4)),
    ("剩余4天23时12分05秒", after(4, 23, 12, 5)),
    ("剩余 4 天 23 小时 12 分 05 秒", after(4, 23, 12, 5)),
    ("还剩 2 天 03:12:09", after(2, 3, 12, 9)),
    ("осталось 2 дня", after(2)),
    ("Осталось 1 день 5 часов", after(1, 5)),
    ("Faltan 3 días y 4 horas", after(3, 4)),
    ("Restam 2 dias", after(2)),
    ("Il reste 5 jours", after(5)),
    ("noch 3 Tage", after(3)),
    ("3日 4時間", after(3, 4)),
    ("còn 2 ngày", after(2)),
    ("tersisa 2 hari", after(2)),
    ("เหลือ 3 วัน", after(3)),
    ("2 days left", after(2)),
    ("Respond within 4 days 23:12:05", after(4, 23, 12, 5)),
    ("Expires in 3 days", after(3)),
    ("mancano 3 giorni e 4 ore", after(3, 4)),
    ("nog 3 dagen", after(3)),
    ("pozostało 2 dni 5 godz.", after(2, 5)),
    ("3 gün 4 saat kaldı", after(3, 4)),
    ("2일 5시간 남음", after(2, 5)),
    ("残り3日", after(3)),
    ("متبقي 3 أيام", after(3)),
    ("٣ أيام و٤ ساعات", after(3, 4)),
    ("02:23:12:05", after(2, 23, 12, 5)),
    ("1.5 days", after(hours=36)),
    ("1,5 Tage", after(hours=36)),
    ("a day left", after(1)),
    ("半小时", after(minutes=30)),
    ("还剩两天", after(2)),
    ("剩余十二小时", after(hours=12)),
    ("Time left: 05:12", after(hours=5, minutes=12)),
    ("2d5h30m", after(2, 5, 30)),
    ("3 weeks", after(21)),
    ("48 hrs", after(hours=48)),
    ("Respond within 48 hours", after(hours=48)),
    ("30 min 15 sec", after(minutes=30, seconds=15)),
    ("còn 2 ngày 3 giờ", after(2, 3)),
    ("2 hari 3 jam lagi", after(2, 3)),
    ("0 days 00:00:00", NOW),
]


@pytest.mark.parametrize("text, expected", COUNTDOWNS, ids=[c[0] for c in COUNTDOWNS])
def test_countdowns_are_anchored_to_now(text, expected):
    assert_reads(read_deadline(text, "Asia/Shanghai"), expected, kind="relative", assumed=False)


PAST = [
    ("2 days ago", after(-2)),
    ("2 days overdue", after(-2)),
    ("hace 2 días", after(-2)),
    ("3天前", after(-3)),
    ("vor 3 Tagen", after(-3)),
    ("2 дня назад", after(-2)),
]


@pytest.mark.parametrize("text, expected", PAST, ids=[c[0] for c in PAST])
def test_a_time_already_past_counts_back_from_now(text, expected):
    assert_reads(read_deadline(text), expected, kind="relative")


def test_a_countdown_follows_now_not_the_wall_clock():
    later = NOW + timedelta(hours=5)
    assert_reads(read_deadline("2 days left", now=later), later + timedelta(days=2), kind="relative")


def test_parse_time_reads_no_countdowns():
    for text in ("4 days 23:12:05", "2 days left", "剩余3天4小时", "Expires in 3 days"):
        assert_unreadable(read(text))


def test_a_bare_hours_and_minutes_is_neither_a_countdown_nor_a_date():
    """"05:12" may be a time of day or 5 h 12 min left: the engine marks it unknown."""
    assert_unreadable(read_deadline("05:12"))


@pytest.mark.parametrize("text", ["2 business days", "Respond within 3 working days", "Responda em até 2 dias úteis",
                                  "3 días hábiles", "5 jours ouvrés", "3 giorni lavorativi", "3 рабочих дня",
                                  "3个工作日", "3営業日", "3 ngày làm việc", "3 hari kerja", "3 วันทำการ"])
def test_a_countdown_in_business_days_is_not_counted_as_calendar_days(text):
    result = read_deadline(text)
    assert_unreadable(result)
    assert "business days" in result.error


def test_a_date_next_to_business_days_is_still_read():
    assert_reads(read_deadline("Within 2 business days (by Nov 28, 2026)", "UTC", "en-US"), utc(2026, 11, 28))


# ------------------------------------------------------------------ dates printed next to deadlines
DEADLINE_DATES = [
    ("Respond by May 3, 2024 8:12 PDT", "Asia/Shanghai", None, utc(2024, 5, 3, 15, 12), False),
    ("请在2024-05-03 23:59前回应", "Asia/Shanghai", "zh-CN", utc(2024, 5, 3, 15, 59), True),
    ("Responda até 03/05/2024 23:59", "America/Sao_Paulo", "pt-BR", utc(2024, 5, 4, 2, 59), True),
    ("Ответить до 3 мая 2024 г. 12:00", "Europe/Moscow", "ru-RU", utc(2024, 5, 3, 9, 0), True),
    ("5月3日 23:59まで", "Asia/Tokyo", "ja-JP", utc(2027, 5, 3, 14, 59), True),
    ("2024年5月3日", "Asia/Shanghai", "zh-CN", utc(2024, 5, 2, 16, 0), True),   # "3日" here is a date, not 3 days
    ("五月三日", "UTC", "zh-CN", utc(2027, 5, 3), True),
    ("Respond by 2024-05-03T08:12:00Z", "Asia/Shanghai", None, utc(2024, 5, 3, 8, 12), False),
    ("Nov 21, 2026 11:59 PM PST", "Asia/Shanghai", "en-US", utc(2026, 11, 22, 7, 59), False),
]


@pytest.mark.parametrize("text, tz, locale, expected, assumed", DEADLINE_DATES, ids=[c[0] for c in DEADLINE_DATES])
def test_a_printed_deadline_date_is_read_as_a_date(text, tz, locale, expected, assumed):
    assert_reads(read_deadline(text, tz, locale), expected, kind="absolute", assumed=assumed)


# ------------------------------------------------------------------ what cannot be read
UNREADABLE = [
    None, "", "   ", "\x00\x01\x02", "garbage", "hello 12 world", "💥📅🔥", "\u202e\u200f مرحبا",
    "May", "2024", "32/13/2024", "2024-02-30", "29/02/2023", "Feb 30", "2024-05-03 25:70", "8:12 PM",
    "0001-01-01", "9999-12-31", 12345, b"2024-05-03", ["2024-05-03"], "x" * 10_000_000,
]


@pytest.mark.parametrize("text", UNREADABLE, ids=[repr(t)[:30] for t in UNREADABLE])
@pytest.mark.parametrize("reader", [parse_time, parse_deadline], ids=["parse_time", "parse_deadline"])
def test_unreadable_input_gives_a_reason_not_an_exception(reader, text):
    assert_unreadable(reader(text, now=NOW, default_tz="UTC"))


def test_an_impossible_date_says_why():
    assert "2024-02-30" in read("2024-02-30").error
    assert "out of range" in read("0001-01-01").error
    assert "no date" in read("garbage").error


def test_a_countdown_longer_than_ten_years_is_refused():
    assert_unreadable(read_deadline("99999 days"))


def test_now_must_be_a_datetime_and_a_naive_one_is_utc():
    assert_unreadable(parse_time("2024-05-03", now=None, default_tz="UTC"))  # type: ignore[arg-type]
    naive = datetime(2026, 11, 21, 8, 0)
    assert_reads(read_deadline("2 days left", now=naive), after(2), kind="relative")
    in_shanghai = NOW.astimezone(timezone(timedelta(hours=8)))
    assert_reads(read_deadline("2 days left", now=in_shanghai), after(2), kind="relative")


def test_only_the_first_300_characters_are_read():
    assert_reads(read("May 3, 2024 8:12 PDT " + "x" * 10_000_000), utc(2024, 5, 3, 15, 12))
    assert_unreadable(read("x" * 400 + " May 3, 2024 8:12 PDT"))


def test_invisible_and_full_width_characters_are_ignored():
    assert_reads(read("\u200e２０２４年５月３日\u3000０８：１２\u200f", "Asia/Shanghai"), utc(2024, 5, 3, 0, 12))
    assert_reads(read("May\u00a03,\u202f2024\t8:12\nPDT"), utc(2024, 5, 3, 15, 12))


def test_random_text_never_raises():
    rng = random.Random(20261121)
    alphabet = ("0123456789:/.-,+ TZapmAPMdhs年月日时分秒天小时剩余мая時間오후วัน‏\u202e\x00\n😀ñ"
                "PSTGMTUTC")
    seeds = ["May 3, 2024 8:12 PDT", "2024年5月3日 08:12", "4 days 23:12:05", "3 мая 2024", "03.05.2024 08:12"]
    for index in range(3000):
        if index % 2:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        else:
            chars = list(rng.choice(seeds))
            for _ in range(rng.randint(1, 6)):
                chars.insert(rng.randrange(len(chars) + 1), rng.choice(alphabet))
            text = "".join(chars)
        for reader in (parse_time, parse_deadline):
            result = reader(text, now=NOW, default_tz=rng.choice(["UTC", "Asia/Shanghai", "bad"]),
                            locale=rng.choice([None, "en-US", "zh-CN", "??"]))
            assert (result.value is None) == (result.error is not None), text
            assert result.kind in (None, "absolute", "relative")
            if result.value is not None:
                assert result.value.utcoffset() == timedelta(0)


def test_internal_failure_becomes_an_unreadable_result(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(dates, "_read_absolute", broken)
    assert_unreadable(read("2024-05-03"))
    assert_unreadable(read_deadline("2024-05-03"))


# ------------------------------------------------------------------ speed
TYPICAL = [
    (parse_time, "2026-11-21T08:00:00Z", None), (parse_time, "2024-05-03T08:12:00.123+08:00", None),
    (parse_time, "2024-05-03 08:12", None), (parse_time, "May 3, 2024 8:12 PDT", "en-US"),
    (parse_time, "Nov 21, 2026 11:59 PM PST", "en-US"), (parse_time, "05/03/2024 8:12 PM", "en-US"),
    (parse_time, "03.05.2024 08:12", "de-DE"), (parse_time, "3 de mayo de 2024", "es-MX"),
    (parse_time, "3 мая 2024", "ru-RU"), (parse_time, "21 нояб. 2026 г., 08:12", "ru-RU"),
    (parse_time, "2024年5月3日 08:12", "zh-CN"), (parse_time, "5月3日 23:59", "zh-CN"),
    (parse_time, "3 mai 2024 à 08h12", "fr-FR"), (parse_time, "2024년 5월 3일 오후 8:12", "ko-KR"),
    (parse_deadline, "4 days 23:12:05", "en-US"), (parse_deadline, "剩余3天4小时", "zh-CN"),
    (parse_deadline, "Faltan 3 días y 4 horas", "es-ES"),
    (parse_deadline, "Respond by May 3, 2024 8:12 PDT", "en-US"),
    (parse_deadline, "请在2024-05-03 23:59前回应", "zh-CN"), (parse_deadline, "осталось 2 дня", "ru-RU"),
]


def test_typical_dates_never_reach_the_slow_fallback(monkeypatch):
    monkeypatch.setattr(dates, "FALLBACK_ENABLED", True)

    def fail(*args, **kwargs):
        raise AssertionError("the fallback was called")

    monkeypatch.setattr(dates, "_fallback", fail)
    for reader, text, locale in TYPICAL:
        assert reader(text, now=NOW, default_tz="Asia/Shanghai", locale=locale).value is not None, text


def test_a_typical_date_reads_in_well_under_a_millisecond():
    # measured ~20 µs p50; the bound leaves a wide margin for a loaded CI machine
    samples = []
    for _ in range(50):
        for reader, text, locale in TYPICAL:
            start = time.perf_counter()
            reader(text, now=NOW, default_tz="Asia/Shanghai", locale=locale)
            samples.append(time.perf_counter() - start)
    assert statistics.median(samples) < 0.0005


# ------------------------------------------------------------------ the dateparser fallback
def test_fallback_reads_a_language_the_fast_path_does_not_know(monkeypatch):
    pytest.importorskip("dateparser")
    czech = "3. května 2024"  # Czech is not in the month table
    assert_unreadable(read(czech, "Europe/Prague", "cs-CZ"))
    monkeypatch.setattr(dates, "FALLBACK_ENABLED", True)
    assert_reads(read(czech, "Europe/Prague", "cs-CZ"), utc(2024, 5, 2, 22, 0), assumed=True)
    assert_reads(read(czech + " 08:12 UTC", "Europe/Prague", "cs-CZ"), utc(2024, 5, 3, 8, 12), assumed=False)


def test_fallback_does_not_invent_dates(monkeypatch):
    pytest.importorskip("dateparser")
    monkeypatch.setattr(dates, "FALLBACK_ENABLED", True)
    for text in ("hello 12 world", "in 3 days", "order 8123456789"):
        assert_unreadable(parse_time(text, now=NOW, default_tz="UTC", locale="en-US"))
