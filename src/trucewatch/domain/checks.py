"""The input checks every interface shares, each written once.

Each raises `InvalidInput` with one sentence that names the field as the user wrote it (`label`:
`--country`, `kind`, `STATUS`) and what was expected; `field` is the stable name the API reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import Enum
from typing import TypeVar

from trucewatch.domain.errors import InvalidInput

E = TypeVar("E", bound=Enum)


def country_code(value: str, label: str = "--country") -> str:
    """The ISO 3166 alpha-2 code in `value`, trimmed and upper-cased (`sy` -> `SY`)."""
    code = value.strip().upper()
    if len(code) != 2 or not code.isalpha():
        raise InvalidInput(
            f"{label}: {value!r} is not an ISO 3166 alpha-2 code such as SY.", field="country"
        )
    return code


def not_in_future(
    day: dt.date,
    now: dt.datetime,
    label: str,
    *,
    field: str | None = None,
    shown: object = None,
) -> None:
    """Refuse a day after the recording time's date: nothing is learned before it happens.

    `shown` is how the day appears in the message when it is not the day itself (a partial
    date such as 2017-03, checked by its first day)."""
    if day > now.date():
        raise InvalidInput(
            f"{label}: {day if shown is None else shown} is in the future of the recording "
            f"time {now.date()}.",
            field=field or label.lstrip("-"),
        )


def one_of(
    value: str, allowed: Iterable[str], label: str, what: str, field: str | None = None
) -> str:
    """`value` if it is one of `allowed`, else the 'expected one of' refusal."""
    choices = list(allowed)
    if value not in choices:
        raise InvalidInput(
            f"{label}: {value!r} is not {what}; expected one of {', '.join(choices)}.",
            field=field or label,
        )
    return value


def _lower(value: str) -> str:
    return value.strip().lower()


def parse_enum(
    kind: type[E],
    value: str,
    label: str,
    what: str,
    *,
    field: str | None = None,
    normalise: Callable[[str], str] = _lower,
    exclude: Iterable[E] = (),
) -> E:
    """The member of `kind` whose value `value` names once normalised (trimmed, lower-cased
    by default); members in `exclude` are refused and left out of the expected list."""
    excluded = set(exclude)
    try:
        member = kind(normalise(value))
    except ValueError:
        member = None
    if member is None or member in excluded:
        allowed = ", ".join(str(m.value) for m in kind if m not in excluded)
        raise InvalidInput(
            f"{label}: {value!r} is not {what}; expected one of {allowed}.",
            field=field or label,
        )
    return member
