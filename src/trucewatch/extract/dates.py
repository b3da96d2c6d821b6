"""Date mentions: explicit dates and relative ones resolved against the published date.

News dates are mostly partial: "April 5" (no year), "on Wednesday", "last month". We resolve
them against the article's published date and keep the precision (day, week, month, year):
- a date without a year takes the published year, or the year before when that would put it
  more than a week after publication (news reports the past);
- a weekday means the latest such day on or before the published date ("on Wednesday" in a
  Wednesday article is that day);
- "last week" is the Monday of the previous week with precision "week";
- without a published date, only dates that carry their own year are kept.
One compiled regex finds every candidate in a single pass.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Sequence

from trucewatch.extract.doc import DateMention, ExtractDoc
from trucewatch.extract.tokens import doc_lower, literal_starts, lower_text

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# Lower-case literals, matched case-sensitively against the lower-cased text: the same matches as
# an IGNORECASE pattern on the original, about twice as fast (see `tokens.lower_text`).
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}
# Every _DATE match starts with a digit or one of the words below, followed (for the short,
# common ones: "a", "in", "of", "on", ...) by what must come next in a date. The regex engine
# quick-rejects the alternatives of this lookahead on their first letter, so a word that cannot
# start a date ("the", "said", "forces") costs a few comparisons instead of a walk through every
# alternative of the pattern: about half of _DATE's time. It only narrows where a match is tried;
# a property test checks the matches against the pattern without it (`_DATE_UNGUARDED`).
_STARTS = (
    r"(?=\d|a(?:pr|ug|\s+[dw])|by\s+[12]|d(?:ec|uring\s+[12])|early\s|f(?:eb|ri|ive|our)"
    r"|in\s+[12]|j(?:an|u[nl])|la(?:st|te)\s|m(?:a[ry]|on)|n(?:ov|ext\s)"
    r"|o(?:ct|f\s+[12]|n\s+[mtwfs]|ne)|p(?:ast|revious)\s|s(?:ep|ince\s+[12]|un|at|ix|even)"
    r"|t(?:o(?:day|night)|h(?:e day|is\s|ree|u)|ue|wo)|until\s+[12]|wed|yesterday)"
)
_DATE_BODY = (
    r"(?:"
    rf"\b(?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}}))\b"
    rf"|\b(?P<dmy>(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{_MONTH})(?:,?\s+(?P<y1>\d{{4}}))?)\b"
    rf"|\b(?P<mdy>(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y2>\d{{4}}))?)\b"
    rf"|\b(?P<my>(?P<m3>{_MONTH})\s+(?:of\s+)?(?P<y3>\d{{4}}))\b"
    r"|\b(?:in|since|during|by|until|of)\s+(?P<year>(?:19|20)\d{2})\b(?!\s*-\d)"
    r"|\b(?P<rel>yesterday|today|tonight|the day before yesterday)\b"
    r"|\b(?:(?P<wmod>last|this|next|on|early|late)\s+)?(?P<wday>monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday)\b"
    r"|\b(?P<pmod>last|this|past|previous|next)\s+(?P<period>week|month|year)\b"
    r"|\b(?P<n>\d+|one|two|three|four|five|six|seven|a)\s+(?P<unit>days?|weeks?)\s+ago\b)"
)
_DATE = re.compile(r"(?<!\w)" + _STARTS + _DATE_BODY)
_DATE_UNGUARDED = re.compile(r"(?<!\w)(?=[\da-z])" + _DATE_BODY)  # the reference for the tests


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _with_year(published: dt.date | None, month: int, day: int) -> dt.date | None:
    if published is None:
        return None
    try:
        value = dt.date(published.year, month, day)
    except ValueError:
        return None
    if value > published + dt.timedelta(days=7):
        try:
            value = dt.date(published.year - 1, month, day)
        except ValueError:
            return None
    return value


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve(m: re.Match[str], published: dt.date | None) -> tuple[dt.date, str, bool] | None:
    """The date, precision and relative flag of one regex match (None if unresolvable)."""
    g = m.group
    if g("iso"):
        value = _safe(int(g("iy")), int(g("im")), int(g("id")))
        return (value, "day", False) if value else None
    for form, d, mo, y in (("dmy", "d1", "m1", "y1"), ("mdy", "d2", "m2", "y2")):
        if g(form):
            month, day = _month(g(mo)), int(g(d))
            value = _safe(int(g(y)), month, day) if g(y) else _with_year(published, month, day)
            return (value, "day", not g(y)) if value else None
    if g("my"):
        return dt.date(int(g("y3")), _month(g("m3")), 1), "month", False
    if g("year"):
        return dt.date(int(g("year")), 1, 1), "year", False
    if published is None:
        return None
    if g("rel"):
        word = g("rel").lower()
        back = {"yesterday": 1, "the day before yesterday": 2}.get(word, 0)
        return published - dt.timedelta(days=back), "day", True
    if g("wday"):
        mod = (g("wmod") or "").lower()
        if mod == "next":
            return None
        back = (published.weekday() - _WEEKDAYS.index(g("wday").lower())) % 7
        if mod == "last" and back == 0:
            back = 7
        return published - dt.timedelta(days=back), "day", True
    if g("period"):
        return _period(published, g("pmod").lower(), g("period").lower())
    if g("unit"):
        n = int(g("n")) if g("n").isdigit() else _NUMBERS[g("n").lower()]
        days = n * (7 if g("unit").lower().startswith("week") else 1)
        prec = "week" if g("unit").lower().startswith("week") else "day"
        return published - dt.timedelta(days=days), prec, True
    return None


def _period(published: dt.date, mod: str, period: str) -> tuple[dt.date, str, bool] | None:
    if mod == "next":
        return None
    shift = 0 if mod == "this" else 1
    if period == "week":
        monday = published - dt.timedelta(days=published.weekday() + 7 * shift)
        return monday, "week", True
    if period == "month":
        year, month = published.year, published.month - shift
        if month == 0:
            year, month = year - 1, 12
        return dt.date(year, month, 1), "month", True
    return dt.date(published.year - shift, 1, 1), "year", True


# Every date match holds a digit, a month or weekday stem, or one of the relative words. This
# literal-led pattern scans about three times faster than _DATE, so _DATE only runs over the
# sentences that have a cue.
_CUE = re.compile(
    r"[0-9]|(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri"
    r"|sat|sun|yesterday|today|tonight|week|month|year)"
)


# Every _DATE match contains one of these literals: a month stem (the day-month, month-day and
# month-year forms), "day" (yesterday, today, the weekdays, "3 days ago"), "tonight", "week",
# "month", "year", "19" or "20" ("in 2016") or a hyphen before a digit (2016-04-05). A span
# without any cannot hold a date, so neither _CUE nor _DATE runs on it; `str.find` finds these
# literals in a whole article for a fraction of what one _CUE scan costs.
_CORES = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "day",
    "tonight", "week", "month", "year", "19", "20", *(f"-{d}" for d in "0123456789"),
)  # fmt: skip
_WORD_CORES = _CORES[:-10]  # all but the hyphen-digit pairs, which `core_starts` finds itself
_DIGITS = frozenset("0123456789")


def core_starts(lower: str) -> list[int]:
    """`literal_starts(lower, _CORES)`, with one scan for "-" instead of one per "-0" ... "-9"
    (each `str.find` scan of an article costs about as much as the few hyphens do)."""
    starts = literal_starts(lower, _WORD_CORES)
    find = lower.find
    i = find("-")
    while i >= 0:
        if lower[i + 1 : i + 2] in _DIGITS:
            starts.append(i)
        i = find("-", i + 1)
    starts.sort()
    return starts


# Where a date can be when the text has no decimal digit outside ASCII: every _DATE match then
# holds an ASCII digit (the numeric forms, including every form with a month name) or one of
# these words (the relative forms, the weekdays, "two days ago"). Five `str.find` scans and a
# `str.find` per digit character (a `memchr`, next to free) instead of the twenty scans of
# `core_starts`, whose month stems are there for the digits \\d matches elsewhere ("٥ april").
_DAY_CORES = ("day", "tonight", "week", "month", "year")


def _other_digits(lower: str) -> bool:
    """Whether `lower` holds a decimal digit outside ASCII (one that \\d matches: "٢")."""
    if lower.isascii():
        return False
    marked = lower.encode("ascii", "replace")  # "?" for each other character, same offsets
    i = marked.find(b"?")
    while i >= 0:
        if lower[i].isdecimal():
            return True
        i = marked.find(b"?", i + 1)
    return False


def anchors(lower: str) -> tuple[list[int], list[int]]:
    """Sorted offsets in `lower` such that every sentence holding a _DATE match holds one of
    them and also a `core_starts` literal: the ASCII digits and the `_DAY_CORES` (see above),
    returned apart, or no digits and `core_starts` itself when the text has other digits."""
    if _other_digits(lower):
        return [], core_starts(lower)
    return literal_starts(lower, "0123456789"), literal_starts(lower, _DAY_CORES)


def _holds(starts: list[int], start: int, end: int) -> bool:
    i = bisect_left(starts, start)
    return i < len(starts) and starts[i] < end


def find_dates(
    text: str,
    published: dt.date | None,
    lower: str | None = None,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[DateMention]:
    """Dates in `text`; `lower` is its length-preserving lower-case copy when already made, and
    `spans` (sorted, disjoint) limit the search to those regions, such as the sentences."""
    if lower is None:
        lower = lower_text(text)
    if spans is None:
        spans = [(0, len(lower))]
    # _DATE runs over the spans that hold a core literal and a _CUE (one cue search per span,
    # stopping at the first, instead of listing every cue of the text and bisecting: same spans
    # scanned when, as for sentences, no word runs across a span's edge). The `anchors` stand
    # in for the core literals: a span with a date holds both, so the spans kept that hold a
    # date are the same (those that hold none give nothing either way). A span with an ASCII
    # digit holds a _CUE ([0-9]) without searching.
    digits, cores = anchors(lower)
    if not digits and not cores:
        return []
    search = _CUE.search
    out = []
    for start, end in spans:
        if not (digits and _holds(digits, start, end)) and not (
            cores and _holds(cores, start, end) and search(lower, start, end) is not None
        ):
            continue
        for m in _DATE.finditer(lower, start, end):
            got = resolve(m, published)
            if got is None:
                continue
            value, precision, relative = got
            s, e = m.span()
            out.append(DateMention(s, e, text[s:e], value, precision, relative))
    return out


class DateStage:
    """Attach `doc.dates`."""

    def __call__(self, doc: ExtractDoc) -> ExtractDoc:
        spans = [(s.start, s.end) for s in doc.sentences] if doc.sentences else None
        doc.dates = find_dates(doc.text, doc.published, doc_lower(doc.cache, doc.text), spans)
        return doc
