"""Dates that keep their precision, and UTC timestamps.

A source that says "March 2016" has told us a month, not the first of March. We keep the
precision next to the date; comparisons use the first day of the period (`start`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from trucewatch.domain.errors import InvalidInput


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_DATE_RE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to a precision of a year, a month or a day."""

    start: dt.date
    precision: Precision = Precision.DAY

    @property
    def end(self) -> dt.date:
        """The last day the period covers."""
        if self.precision is Precision.DAY:
            return self.start
        if self.precision is Precision.MONTH:
            last = calendar.monthrange(self.start.year, self.start.month)[1]
            return self.start.replace(day=last)
        return self.start.replace(month=12, day=31)

    def iso(self) -> str:
        if self.precision is Precision.YEAR:
            return f"{self.start.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    def __str__(self) -> str:
        return self.iso()

    @classmethod
    def of(cls, value: dt.date) -> PartialDate:
        return cls(value, Precision.DAY)


def parse_date(text: str, argument: str = "date") -> PartialDate:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; the error names the argument and the accepted forms."""
    m = _DATE_RE.match(text or "")
    if not m:
        raise InvalidInput(
            f"{argument}: {text!r} is not a date; expected {DATE_FORMS}.", field=argument
        )
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day is not None:
            return PartialDate(dt.date(year, int(month), int(day)), Precision.DAY)
        if month is not None:
            return PartialDate(dt.date(year, int(month), 1), Precision.MONTH)
        return PartialDate(dt.date(year, 1, 1), Precision.YEAR)
    except ValueError as exc:
        raise InvalidInput(
            f"{argument}: {text!r} is not a valid date ({exc}); expected {DATE_FORMS}.",
            field=argument,
        ) from None


def parse_day(text: str, argument: str = "date") -> dt.date:
    """Parse a date for a query (as-of, since): a shorter form means its first day."""
    return parse_date(text, argument).start


def query_day(raw: str | None, name: str) -> dt.date | None:
    """A date given in a query string (the API's and the pages' `as_of`, `since`, `until`):
    None when absent or empty, else `parse_day` (YYYY, YYYY-MM or YYYY-MM-DD)."""
    if not raw:
        return None
    return parse_day(raw, name)


def parse_datetime(text: str, argument: str = "datetime") -> dt.datetime:
    """Parse an ISO 8601 timestamp (or a date, meaning the end of that day) as UTC.

    A naive value is read as UTC. A bare date means "as known at the end of that day", which is
    what a user asking "what did we know on 2017-01-05" means.
    """
    raw = (text or "").strip()
    if _DATE_RE.match(raw):
        pd = parse_date(raw, argument)
        end = pd.end
        return dt.datetime(end.year, end.month, end.day, 23, 59, 59, 999999, tzinfo=dt.UTC)
    try:
        value = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(
            f"{argument}: {text!r} is not a timestamp; expected YYYY-MM-DD or "
            "YYYY-MM-DDTHH:MM[:SS][+00:00].",
            field=argument,
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
