"""Phrase lists per language (disputeclerk/lexicons/<lang>.json) and one fast matcher over them.

Text and phrases are normalised the same way (NFKC, case-folded, spaces collapsed). A phrase
matches where it starts at a word boundary and may end inside a word (so stems work); in
Chinese and Japanese, where words are not separated, anywhere. A broken file or phrase is
reported and skipped; it never takes the other languages down.
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from importlib import resources
from typing import Any, Callable

log = logging.getLogger(__name__)

LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "ru", "pl", "nl", "tr", "ar", "he", "ko", "ja", "zh")
UNSPACED = frozenset({"zh", "ja"})
_SPACES = re.compile(r"\s+")
MAX_TEXT = 20_000          # longer text is read only this far: a message, not a novel


def normalise(text: str) -> str:
    """The form both sides of a match are compared in. Length-preserving is not needed:
    spans are reported on the normalised text only by `find`, which maps them back."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class Hit:
    language: str
    group: str          # e.g. "dispute_types"
    category: str       # e.g. "not_received"
    phrase: str
    start: int          # span in the original text
    end: int


@dataclass(frozen=True)
class _Entry:
    phrase: str
    language: str
    category: str
    bounded: bool       # must start at a word boundary


@dataclass
class Lexicon:
    """One language's phrases, by (group, category)."""
    language: str
    phrases: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    patterns: dict[tuple[str, str], list[re.Pattern]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class _Index:
    """Every language's phrases of one group, keyed by their first two characters: one pass over
    the text looks up only the phrases that can start at each position (a regular expression
    alternation of thousands of phrases would try each of them everywhere).

    Only some positions can start a phrase: a word boundary (a phrase of a spaced language starts
    only there) or a character that begins a phrase of Chinese or Japanese (which may start
    anywhere). `starts` finds those positions in one regular-expression pass.

    Two characters leave many phrases to try ("co", "de" and "pa" start hundreds across fifteen
    languages): `by_three` keys on three, each list the two-character list filtered to what can
    match, in the same order; `two_only` serves the rest (phrases of exactly two characters)."""
    by_prefix: dict[str, list[_Entry]] = field(default_factory=dict)
    by_three: dict[str, list[_Entry]] = field(default_factory=dict)
    two_only: dict[str, list[_Entry]] = field(default_factory=dict)
    single: dict[str, list[_Entry]] = field(default_factory=dict)
    patterns: list[tuple[str, str, re.Pattern]] = field(default_factory=list)
    unbounded_first: set[str] = field(default_factory=set)
    starts: re.Pattern = re.compile(r"(?<!\w)")   # \w is exactly str.isalnum() or "_"

    def add(self, entry: _Entry) -> None:
        table = self.single if len(entry.phrase) == 1 else self.by_prefix
        table.setdefault(entry.phrase[:2], []).append(entry)
        if not entry.bounded:
            self.unbounded_first.add(entry.phrase[0])

    def seal(self) -> None:
        for prefix, entries in self.by_prefix.items():
            self.two_only[prefix] = [entry for entry in entries if len(entry.phrase) == 2]
            for three in {entry.phrase[:3] for entry in entries if len(entry.phrase) > 2}:
                self.by_three[three] = [entry for entry in entries
                                        if len(entry.phrase) == 2 or entry.phrase.startswith(three)]
        if self.unbounded_first:
            chars = "".join(re.escape(char) for char in sorted(self.unbounded_first))
            self.starts = re.compile(rf"(?<!\w)|(?=[{chars}])")


def _attaches(char: str) -> bool:
    """A character that belongs to the one before it: a combining mark ("e" + U+0301 is "é"), or a
    Hangul vowel or final consonant of a decomposed syllable. Text arrives decomposed (NFD) from
    some keyboards and from macOS, and phrases are stored composed."""
    return not char.isascii() and (unicodedata.combining(char) > 0 or "\u1160" <= char <= "\u11ff")


class CharTable(dict):
    """A table for str.translate whose entry for a character is `value_of(character)`, worked
    out the first time the character is seen; up to LIMIT characters are kept (every script a
    seller meets, bounded whatever a page sends)."""
    LIMIT = 65_536

    def __init__(self, value_of: Callable[[str], str]) -> None:
        super().__init__()
        self.value_of = value_of

    def __missing__(self, code: int) -> str:
        value = self.value_of(chr(code))
        if len(self) < self.LIMIT:
            self[code] = value
        return value


def _folded_char(char: str) -> str:
    """A character's folded form (NFKC, case-folded, any space as " "). One that does not fold
    to exactly one character (a combining mark, a ligature, "ß") gives two, so the translated
    text comes out longer than the original and `fold` knows to take the careful path."""
    folded = _fold_piece(char)
    return folded if len(folded) == 1 and not _attaches(char) else "\x00\x00"


_FOLD_TABLE = CharTable(_folded_char)
_SPACE_RUNS = re.compile(" {2,}")


def _fold_piece(piece: str) -> str:
    folded = unicodedata.normalize("NFKC", piece).casefold() if not piece.isascii() else piece.lower()
    return " " if folded.isspace() else folded


def fold(text: str) -> tuple[str, list[int], list[int]]:
    """Normalise character by character (a base character with the marks that follow it counts as
    one), remembering where each folded character came from: `starts[i]`/`ends[i]` are the span in
    `text` of the character that folded character `i` belongs to.

    Most text folds one character to one character: that is done by str.translate in one pass,
    runs of spaces collapsed by a regular expression; text with combining marks or characters
    that fold to several goes through `_fold_carefully`. Both give the same answer (a property
    test holds them to it)."""
    text = text[:MAX_TEXT]
    translated = text.translate(_FOLD_TABLE)
    if len(translated) != len(text):
        return _fold_carefully(text)
    starts: list[int] = []
    kept = 0
    for run in _SPACE_RUNS.finditer(translated):
        starts.extend(range(kept, run.start() + 1))
        kept = run.end()
    if not kept:
        return translated, list(range(len(text))), list(range(1, len(text) + 1))
    starts.extend(range(kept, len(text)))
    return _SPACE_RUNS.sub(" ", translated), starts, [start + 1 for start in starts]


def _fold_carefully(text: str) -> tuple[str, list[int], list[int]]:
    """`fold` piece by piece: a base character and the marks attached to it fold together."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    previous_space = False
    index, size = 0, len(text)
    while index < size:
        stop = index + 1
        while stop < size and _attaches(text[stop]):
            stop += 1
        folded = _fold_piece(text[index:stop])
        if folded == " ":
            if previous_space:
                index = stop
                continue
            previous_space = True
        else:
            previous_space = False
        out.append(folded)
        starts.extend([index] * len(folded))
        ends.extend([stop] * len(folded))
        index = stop
    return "".join(out), starts, ends


def build(language: str, data: dict[str, Any]) -> Lexicon:
    lexicon = Lexicon(language)
    for group in GROUPS:
        for category, phrases in (data.get(group) or {}).items():
            if not isinstance(phrases, list):
                lexicon.problems.append(f"{language}: {group}.{category} must be a list")
                continue
            plain = []
            for item in phrases:
                if isinstance(item, str) and item.strip():
                    plain.append(normalise(item).strip())
                elif isinstance(item, dict) and isinstance(item.get("re"), str) and len(item["re"]) > 400:
                    lexicon.problems.append(f"{language}: pattern longer than 400 characters: {item['re'][:40]}…")
                elif isinstance(item, dict) and isinstance(item.get("re"), str):
                    try:
                        # The word-boundary check happens after a match (find_all): a leading
                        # look-behind would keep the regex engine from skipping ahead by first character.
                        lexicon.patterns.setdefault((group, category), []).append(re.compile(item["re"]))
                    except re.error as exc:
                        lexicon.problems.append(f"{language}: bad pattern {item['re']!r}: {exc}")
                else:
                    lexicon.problems.append(f"{language}: phrase {item!r} is neither text nor {{'re': …}}")
            lexicon.phrases[(group, category)] = sorted(set(plain), key=len, reverse=True)
    return lexicon


GROUPS = ("dispute_types", "reasons", "risk", "lint")


@lru_cache(maxsize=1)
def lexicons() -> dict[str, Lexicon]:
    folder = resources.files("disputeclerk.lexicons")
    loaded: dict[str, Lexicon] = {}
    for language in LANGUAGES:
        source = folder / f"{language}.json"
        if not source.is_file():
            log.warning("lexicon: no %s.json", language)
            continue
        try:
            lexicon = build(language, json.loads(source.read_text("utf-8")))
        except ValueError as exc:
            log.warning("lexicon: %s.json is not valid JSON: %s", language, exc)
            continue
        for problem in lexicon.problems:
            log.warning("lexicon: %s", problem)
        loaded[language] = lexicon
    return loaded


@lru_cache(maxsize=len(GROUPS))
def _index(group: str) -> _Index:
    index = _Index()
    for language, lexicon in lexicons().items():
        for (g, category), phrases in lexicon.phrases.items():
            if g == group:
                for phrase in phrases:
                    index.add(_Entry(phrase, language, category, language not in UNSPACED))
        for (g, category), patterns in lexicon.patterns.items():
            if g == group and patterns:
                # One alternation per language and category: one pass over the text instead of
                # one per pattern (a thousand patterns each scanning the text cost milliseconds).
                combined = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns))
                index.patterns.append((language, category, combined))
    index.seal()
    return index


MEMO_MAX_CHARS = 2_000      # longer texts are read every time, never kept
MEMO_ENTRIES = 1_024


def per_text_memo(copy: Callable[[Any], Any] | None = None):
    """Remember what a pure function of a text (its first argument) and hashable options answered.

    A seller opens the same cases again and again: /assist reads the same buyer messages and lints
    the same rendered replies each time. The last MEMO_ENTRIES answers for texts up to
    MEMO_MAX_CHARS are kept (memory stays bounded); `copy` hands each caller its own copy of a
    mutable answer."""
    def decorate(func):
        remembered = lru_cache(maxsize=MEMO_ENTRIES)(func)

        @wraps(func)
        def call(text, *args, **kwargs):
            if not isinstance(text, str) or len(text) > MEMO_MAX_CHARS:
                return func(text, *args, **kwargs)
            try:
                answer = remembered(text, *args, **kwargs)
            except TypeError:              # an unhashable option: nothing to remember it by
                return func(text, *args, **kwargs)
            return copy(answer) if copy else answer

        call.cache_info, call.cache_clear = remembered.cache_info, remembered.cache_clear
        return call
    return decorate


@per_text_memo(copy=list)
def find_all(text: str, group: str, languages: tuple[str, ...] | None = None,
             pattern_languages: frozenset[str] | None = None) -> list[Hit]:
    """Hits of `group` in every language's lexicon (buyers mix languages), or only in `languages`.
    Spans are in the original text. Plain phrases of every language are cheap to look up; the
    regular expressions, which cost most, run only for `pattern_languages` when given (the
    language the text is written in, and English, which buyers mix in everywhere)."""
    index = _index(group)
    folded, starts, ends = fold(text)
    hits: list[Hit] = []
    for start in index.starts.finditer(folded):
        position = start.start()
        if position == len(folded):     # the boundary after the last character starts nothing
            break
        candidates = index.by_three.get(folded[position:position + 3])
        if candidates is None:
            candidates = index.two_only.get(folded[position:position + 2], ())
        singles = index.single.get(folded[position], ())
        if not candidates and not singles:
            continue
        at_boundary = position == 0 or not (folded[position - 1].isalnum() or folded[position - 1] == "_")
        for entry in (*candidates, *singles):
            if entry.bounded and not at_boundary:
                continue
            if languages is not None and entry.language not in languages:
                continue
            if folded.startswith(entry.phrase, position):
                end = position + len(entry.phrase)
                hits.append(Hit(entry.language, group, entry.category, entry.phrase, starts[position],
                                ends[end - 1]))
    for language, category, pattern in index.patterns:
        if languages is not None and language not in languages:
            continue
        if pattern_languages is not None and language not in pattern_languages:
            continue
        bounded = language not in UNSPACED
        for match in pattern.finditer(folded):
            start = match.start()
            if bounded and start and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
                continue
            if match.end() > start:
                hits.append(Hit(language, group, category, match.group(0), starts[match.start()],
                                ends[match.end() - 1]))
    return hits


@lru_cache(maxsize=4)
def data_file(name: str) -> dict[str, Any]:
    """platforms.json or checklists.json from the lexicons folder."""
    return json.loads((resources.files("disputeclerk.lexicons") / name).read_text("utf-8"))
