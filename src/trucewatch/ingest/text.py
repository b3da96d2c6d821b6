"""Plain text: decoding bytes of unknown encoding, dates, datelines, titles, web-page leftovers.

These helpers are shared by every reader; the plain-text reader itself is `text_document`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import re

import charset_normalizer

from trucewatch.domain.errors import BadFile
from trucewatch.ingest.document import Document, content_id

# How much of a file we look at to decide whether it is binary.
_SNIFF_BYTES = 8192

# On a tie, charset-normalizer picks whichever single-byte code page it tried first, which turns
# French "à" into "ŕ" (cp1250). windows-1252 is by far the most common legacy encoding for
# Western text and decodes every printable latin-1 byte the same way, so it wins ties.
_PREFERRED_ON_TIE = ("utf_8", "cp1252")


def check_not_binary_or_empty(data: bytes, where: str) -> None:
    """Refuse empty and binary input before any reader tries to make sense of it."""
    if not data.strip():
        raise BadFile(where, "is empty")
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise BadFile(where, "is binary, not text")


def decode_bytes(data: bytes, where: str, declared: str | None = None) -> str:
    """Decode bytes whose encoding we were not told.

    Order: a byte-order mark; strict UTF-8 (most files, and charset-normalizer can mistake short
    ASCII-heavy UTF-8 for something else); an encoding the document declares (an HTML meta
    charset) if it decodes cleanly; then charset-normalizer. Undecodable bytes mean binary.
    """
    check_not_binary_or_empty(data, where)
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise BadFile(where, f"is binary, not text (bad {codec})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise BadFile(where, "is binary, not text (no text encoding fits)")
    for preferred in _PREFERRED_ON_TIE:
        for match in matches:
            if (
                preferred in match.could_be_from_charset
                and match.chaos <= best.chaos
                and match.coherence >= best.coherence
            ):
                return data.decode(preferred)
    return str(best)


# --- dates -------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d])")
_SLASHED = re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})\b")
_DAY_MONTH_YEAR = re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I)
_MONTH_DAY_YEAR = re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I)
_PATTERNS = (_ISO, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _SLASHED)

DATE_FORMS = "YYYY-MM-DD, M/D/YYYY, 05 Apr 2017, April 5, 2017 or an RFC 2822 date"


def _date_from_match(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    year = int(groups["year"])
    if "a" in groups:
        # M/D/YYYY as the brief's sources write it; D/M/YYYY only when it cannot be M/D.
        month, day = int(groups["a"]), int(groups["b"])
        if month > 12 >= day:
            month, day = day, month
    else:
        raw_month = groups["month"].lower()
        month = int(raw_month) if raw_month.isdigit() else _MONTHS[raw_month.rstrip(".")]
        day = int(groups["day"])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _search_date(text: str) -> tuple[dt.date, int] | None:
    """The earliest date written anywhere in `text`, with where it starts."""
    found: list[tuple[int, dt.date]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            value = _date_from_match(m)
            if value is not None:
                found.append((m.start(), value))
                break
    if not found:
        return None
    start, value = min(found)
    return value, start


def parse_published(text: str | None) -> dt.date | None:
    """Read a publication date written as a source writes it; None when it is not one.

    Accepts ISO dates and timestamps (2017-04-05, 2017-04-05T14:32:10+03:00), M/D/YYYY,
    "05 Apr 2017", "Wed 05 Apr 2017", "April 5, 2017" and RFC 2822 ("Wed, 05 Apr 2017
    14:32:10 +0000"). A timestamp keeps the calendar date the publisher wrote, not the UTC one:
    "published on the 5th" is what the source said, whatever its time zone.
    """
    if not text or not text.strip():
        return None
    raw = text.strip()
    iso = _ISO.match(raw)
    if iso:
        return _date_from_match(iso)
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _SLASHED):
        m = pattern.fullmatch(raw) or pattern.match(raw)
        if m:
            return _date_from_match(m)
    try:
        return email.utils.parsedate_to_datetime(raw).date()
    except (TypeError, ValueError, IndexError):
        return None


# --- plain text documents ------------------------------------------------------------------------

_TITLE_MAX = 150
_DATELINE_LINES = 5
_DATELINE_MAX_LINE = 80
_DATELINE_MAX_OFFSET = 40


def guess_title(lines: list[str]) -> str | None:
    """The first non-empty line, when it reads like a headline: short, not ending a sentence."""
    for line in lines:
        stripped = line.strip()
        if stripped:
            if len(stripped) < _TITLE_MAX and not stripped.endswith("."):
                return stripped
            return None
    return None


def find_dateline(lines: list[str]) -> dt.date | None:
    """A date in the first few non-empty lines, as a dateline or a byline writes it.

    Only a short line, or a date near the start of a line ("DAMASCUS, 5 April 2017 -"), counts:
    a date inside the first sentence of the story is usually the date of an event, not of
    publication.
    """
    seen = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > _DATELINE_LINES:
            break
        hit = _search_date(stripped)
        if hit and (len(stripped) <= _DATELINE_MAX_LINE or hit[1] <= _DATELINE_MAX_OFFSET):
            return hit[0]
    return None


# Lines a scraped web page leaves after the article. Each matches a whole line, ignoring case.
# They are removed only from the end of a document, so an article that quotes one is untouched.
_TRAILING_BOILERPLATE = [
    re.compile(p, re.I)
    for p in (
        r"leave a (reply|comment)( to .*)?|post a comment|post comment|cancel reply",
        r"(you must be )?logged in to post a comment\.?",
        r"your email address will not be published\.?( required fields are marked \*?)?",
        r"required fields are marked \*?",
        r"(name|email|website|comment)\s*\*?",
        r"share (this|on|via)\b.*|share:?|click to (share|email|print)\b.*",
        r"like this:?|like loading\.*|loading\.*",
        r"related( posts| articles| stories| news)?:?|you may also like:?|read more:?",
        r"tags?:.*|filed under:?.*|categories:.*",
        r"the post .* appeared first on .*",
        r"(facebook|twitter|whatsapp|telegram|linkedin|email|print)",
        r"\d+ (comments?|responses?|replies|thoughts? on .*)|comments?:?|no comments( yet)?\.?",
    )
]
# Headings that open a readers' comment section. What follows them is readers' words, not the
# source's, so when one appears as a whole line in the second half of a document, everything
# from it on is dropped.
_COMMENT_SECTION = re.compile(
    r"leave a (reply|comment)|\d+ (comments?|responses?|thoughts? on .*)|comments?", re.I
)


def strip_boilerplate(text: str) -> str:
    """Drop web-page leftovers (comment forms, share buttons, related links) from the end.

    A scraped article often ends with "Leave a Reply / Your email address will not be published.
    Required fields are marked *". Those lines would otherwise reach extraction as if the
    source had said them. The text before the leftovers is returned unchanged.
    """
    lines = text.split("\n")
    half = len(text) // 2
    offset = 0
    for index, line in enumerate(lines):
        if offset >= half and _COMMENT_SECTION.fullmatch(line.strip()):
            lines = lines[:index]
            break
        offset += len(line) + 1
    while lines and (
        not lines[-1].strip() or any(p.fullmatch(lines[-1].strip()) for p in _TRAILING_BOILERPLATE)
    ):
        lines.pop()
    return "\n".join(lines)


def tidy_lines(text: str) -> str:
    """Unify line ends, trim each line's right side, drop blank lines at either end."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def text_document(text: str, origin: str) -> Document:
    """A plain-text file as one document: headline as title, dateline as publication date."""
    cleaned = strip_boilerplate(tidy_lines(text))
    if not cleaned.strip():
        raise BadFile(origin, "has no text once page leftovers are removed")
    lines = cleaned.split("\n")
    return Document(
        id=content_id(cleaned),
        text=cleaned,
        title=guess_title(lines),
        published=find_dateline(lines),
        url=None,
        source_name=None,
        format="text",
        origin=origin,
    )


# Characters XML cannot hold (lxml refuses them when a tree's text is set): C0 controls other
# than tab, line feed and carriage return, and the non-characters U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with the characters XML cannot hold replaced by spaces (before lxml parses it)."""
    return _NOT_XML.sub(" ", text)
