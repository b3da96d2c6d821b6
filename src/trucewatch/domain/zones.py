"""Zones and lines of a truce over time: which version is in force on a day, as known at a time.

A zone (a de-escalation area, a buffer strip) or a line (a contact line, a withdrawal line) has
versions. Each version has the days it is in force (`effective` to `until`, both inclusive;
`until` None: open-ended) and the time it was recorded. Versions are never edited: a new shape
from a date is a new version effective from that date, and a correction of a version is a new
version with the same effective date, recorded later.

On day D, as known at K, a zone's version is the one recorded by K that covers D and has the
latest effective date; between versions with the same effective date the later-recorded one
wins. So a version effective from X replaces the earlier shape from X on, and a version with an
`until` replaces it only for its own days. The fold is pure: geometry is opaque here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from trucewatch.domain.errors import InvalidInput


class ZoneKind(StrEnum):
    AREA = "area"
    BUFFER = "buffer"
    CONTACT_LINE = "contact_line"
    WITHDRAWAL_LINE = "withdrawal_line"

    @property
    def is_line(self) -> bool:
        return self in (ZoneKind.CONTACT_LINE, ZoneKind.WITHDRAWAL_LINE)


def parse_zone_kind(value: Any, where: str) -> ZoneKind:
    try:
        return ZoneKind(str(value).strip().lower())
    except ValueError:
        kinds = " | ".join(k.value for k in ZoneKind)
        raise InvalidInput(
            f"{where}: kind {value!r} is not one of {kinds}.", field="kind"
        ) from None


@dataclass(frozen=True, slots=True)
class ZoneVersion:
    """One recorded version of a zone; `geometry` is whatever the storage hands over (WKB)."""

    id: int
    zone_id: int
    name: str
    kind: ZoneKind
    effective: dt.date
    until: dt.date | None
    recorded_at: dt.datetime
    geometry: Any = None
    distance_km: float | None = None

    def covers(self, day: dt.date) -> bool:
        return self.effective <= day and (self.until is None or day <= self.until)


def in_force(
    versions: Iterable[ZoneVersion], day: dt.date, known_on: dt.datetime | None = None
) -> list[ZoneVersion]:
    """The version of each zone in force on `day` as known at `known_on`, in zone order."""
    best: dict[int, ZoneVersion] = {}
    for v in versions:
        if known_on is not None and v.recorded_at > known_on:
            continue
        if not v.covers(day):
            continue
        cur = best.get(v.zone_id)
        if cur is None or (v.effective, v.recorded_at, v.id) > (
            cur.effective,
            cur.recorded_at,
            cur.id,
        ):
            best[v.zone_id] = v
    return [best[z] for z in sorted(best)]


def check_period(effective: dt.date, until: dt.date | None) -> None:
    if until is not None and until < effective:
        raise InvalidInput(f"--until: {until} is before --effective {effective}.", field="until")
