"""ACLED in: CSV exports and API JSON, and ACLED's list of deleted events.

ACLED codes one "best" version per event and overwrites it in place; `timestamp` says when a
row last changed, and deleted events are published as a separate list. We therefore key a row
by `event_id_cnty` and version it by `timestamp`, so a newer export adds a version instead of
replacing what we had. The 31 columns are those of ACLED's export; `inter1`, `inter2` and
`interaction` arrive as numbers in older exports and as labels in newer ones, dates as
YYYY-MM-DD, dd-mm-yyyy or "05 April 2017".
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trucewatch.domain.errors import BadFile, shown
from trucewatch.domain.incidents import TimePrecision
from trucewatch.domain.taxonomy import EVENT_TYPES
from trucewatch.ingest.jsontext import parse_json
from trucewatch.interop import countries
from trucewatch.interop.base import (
    Progress,
    RowError,
    RowProblem,
    dict_records,
    integer,
    number,
    open_text,
    required_text,
    split_names,
    text,
    whole_number,
)

COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
# What a row needs for us to make an incident of it; the rest is kept as read.
REQUIRED: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "timestamp",
)
DELETION_COLUMNS: tuple[str, ...] = ("event_id_cnty", "deleted_timestamp")

# ACLED's actor categories (codebook): `inter1`/`inter2` codes and their labels.
INTER: dict[int, str] = {
    0: "",
    1: "State forces",
    2: "Rebel groups",
    3: "Political militias",
    4: "Identity militias",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
_INTER_BY_LABEL = {v.casefold(): k for k, v in INTER.items() if v}

TIME_PRECISION: dict[int, TimePrecision] = {
    1: TimePrecision.DAY,
    2: TimePrecision.WEEK,
    3: TimePrecision.MONTH,
}
TIME_PRECISION_CODE = {v: k for k, v in TIME_PRECISION.items()}

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def _type_table() -> dict[tuple[str, str], str]:
    """(event_type, sub_event_type) -> our type id. The truce types share ACLED's
    "Agreement" with strategic.agreement, which is the one an ACLED row means."""
    table: dict[tuple[str, str], str] = {}
    for t in EVENT_TYPES.values():
        if t.acled_event_type and t.acled_sub_event_type and not t.id.startswith("truce."):
            table[(t.acled_event_type.casefold(), t.acled_sub_event_type.casefold())] = t.id
    return table


ACLED_TYPES = _type_table()
_BY_SUB = {sub: tid for (_et, sub), tid in ACLED_TYPES.items()}


def type_id(event_type: str, sub_event_type: str) -> str:
    key = (event_type.strip().casefold(), sub_event_type.strip().casefold())
    found = ACLED_TYPES.get(key) or _BY_SUB.get(key[1])
    if found is None:
        raise RowProblem(
            "sub_event_type",
            f"{shown(event_type)} / {shown(sub_event_type)} is not an ACLED event and sub-event type",
        )
    return found


def parse_event_date(value: str, column: str = "event_date") -> dt.date:
    return _parse_date(value.strip(), column)


@functools.lru_cache(maxsize=8192)  # an export has a few thousand distinct dates at most
def _parse_date(raw: str, column: str) -> dt.date:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise RowProblem(
        column, f"{shown(raw)} is not a date (YYYY-MM-DD, dd-mm-yyyy or '05 April 2017')"
    )


def parse_inter(value: str | None, column: str) -> int | None:
    """An actor category as a code 0-8 or ACLED's label for it."""
    raw = (value or "").strip()
    if not raw:
        return None
    if raw.isdigit():
        code = whole_number(raw)
        if code not in INTER:
            raise RowProblem(column, f"{shown(raw)} is not an ACLED actor category (0-8)")
        return code
    code_ = _INTER_BY_LABEL.get(raw.casefold())
    if code_ is None:
        raise RowProblem(column, f"{shown(raw)} is not an ACLED actor category label")
    return code_


def parse_interaction(value: str | None) -> int | None:
    """`interaction` as the two-digit code (12) or labels joined by '-' ("State forces-Rebel
    groups"); the lower code comes first, as ACLED writes it."""
    raw = (value or "").strip()
    if not raw:
        return None
    if raw.isdigit():
        number_ = whole_number(raw)
        if number_ is None:
            raise RowProblem("interaction", f"{shown(raw)} is not an ACLED interaction code")
        return number_
    codes: list[int] = []
    rest = raw.casefold()
    while rest:
        for label, code in sorted(_INTER_BY_LABEL.items(), key=lambda kv: -len(kv[0])):
            if rest.startswith(label):
                codes.append(code)
                rest = rest[len(label) :].lstrip("-; ").strip()
                break
        else:
            if rest.startswith("sole ") or rest.endswith(" only"):
                # Newer labels: "Rebel groups only", "Sole protesters"
                stripped = rest.removeprefix("sole ").removesuffix(" only").strip()
                if stripped in _INTER_BY_LABEL:
                    return _INTER_BY_LABEL[stripped] * 10
            raise RowProblem("interaction", f"{shown(raw)} is not an ACLED interaction")
    if len(codes) == 1:
        return codes[0] * 10
    a, b = sorted(codes[:2])
    return a * 10 + b


@dataclass(frozen=True)
class AcledRecord:
    """One ACLED row, checked and typed; `raw` keeps all 31 columns as read."""

    event_id_cnty: str
    timestamp: int
    event_date: dt.date
    time_precision: TimePrecision
    type_id: str
    actor1: str | None
    assoc_actor_1: tuple[str, ...]
    actor2: str | None
    assoc_actor_2: tuple[str, ...]
    country: str | None  # alpha-2, when known
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    source: str | None
    notes: str | None
    fatalities: int | None
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def perpetrators(self) -> tuple[str, ...]:
        return ((self.actor1,) if self.actor1 else ()) + self.assoc_actor_1

    @property
    def targets(self) -> tuple[str, ...]:
        return ((self.actor2,) if self.actor2 else ()) + self.assoc_actor_2


def parse_row(row: dict[str, Any]) -> AcledRecord:
    """Check and type one row (CSV cells or API JSON values); RowProblem names the column."""
    cells = {c: "" if row.get(c) is None else str(row.get(c)) for c in COLUMNS}
    for c in REQUIRED:
        required_text(cells, c)
    when = parse_event_date(cells["event_date"])
    tp = integer(cells, "time_precision") or 1
    if tp not in TIME_PRECISION:
        raise RowProblem("time_precision", f"{tp} is not 1 (day), 2 (week) or 3 (month)")
    gp = integer(cells, "geo_precision") or 1
    if gp not in (1, 2, 3):
        raise RowProblem("geo_precision", f"{gp} is not 1, 2 or 3")
    lat = number(cells, "latitude", -90, 90)
    lon = number(cells, "longitude", -180, 180)
    if (lat is None) != (lon is None):
        raise RowProblem(
            "longitude" if lon is None else "latitude", "is empty but the other is not"
        )
    parse_inter(cells["inter1"], "inter1")
    parse_inter(cells["inter2"], "inter2")
    parse_interaction(cells["interaction"])
    year = integer(cells, "year")
    if year is not None and year != when.year:
        raise RowProblem("year", f"{year} is not the year of event_date {when}")
    stamp = integer(cells, "timestamp", minimum=0)
    assert stamp is not None
    name_place = text(cells, "location")
    if not (name_place or text(cells, "admin1") or lat is not None):
        raise RowProblem("location", "the row names no location, admin1 or coordinates")
    return AcledRecord(
        event_id_cnty=required_text(cells, "event_id_cnty"),
        timestamp=stamp,
        event_date=when,
        time_precision=TIME_PRECISION[tp],
        type_id=type_id(cells["event_type"], cells["sub_event_type"]),
        actor1=text(cells, "actor1"),
        assoc_actor_1=tuple(split_names(cells["assoc_actor_1"])),
        actor2=text(cells, "actor2"),
        assoc_actor_2=tuple(split_names(cells["assoc_actor_2"])),
        country=countries.alpha2(numeric=cells["iso"], name=cells["country"]),
        admin1=text(cells, "admin1"),
        location=name_place,
        latitude=lat,
        longitude=lon,
        geo_precision=gp,
        source=text(cells, "source"),
        notes=text(cells, "notes"),
        fatalities=integer(cells, "fatalities", minimum=0),
        raw=cells,
    )


def read(
    path: Path, *, progress: Progress | None = None
) -> Iterator[tuple[int, AcledRecord | RowError]]:
    """ACLED rows from a CSV export or an API JSON answer, with their line (or record) number."""
    if path.suffix.casefold() == ".json":
        yield from _read_json(path)
        return
    with open_text(path) as stream:
        for line, row in dict_records(stream, REQUIRED, path=str(path), progress=progress):
            yield line, _parse(line, row)


def _parse(line: int, row: dict[str, Any]) -> AcledRecord | RowError:
    if "__error__" in row:
        return RowError(line, None, str(row["__error__"]))
    try:
        return parse_row(row)
    except RowProblem as exc:
        return RowError(line, exc.column, exc.problem)


def _read_json(path: Path) -> Iterator[tuple[int, AcledRecord | RowError]]:
    """The API's answer ({"data": [...]}) or a bare list; numbered by record, from 1.

    API pages are a few thousand rows, so the page is parsed whole; large exports come as CSV,
    which is streamed.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadFile(str(path), f"cannot be read ({exc.strerror})") from None
    doc = parse_json(data, str(path))
    rows = doc.get("data") if isinstance(doc, dict) else doc
    if not isinstance(rows, list):
        raise BadFile(str(path), "the JSON has no 'data' list of ACLED events")
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            yield n, RowError(n, None, "record is not a JSON object")
            continue
        yield n, _parse(n, row)


@dataclass(frozen=True)
class Deletion:
    event_id_cnty: str
    deleted_timestamp: int


def read_deletions(
    path: Path, *, progress: Progress | None = None
) -> Iterator[tuple[int, Deletion | RowError]]:
    """ACLED's deleted-events list: `event_id_cnty, deleted_timestamp`."""
    with open_text(path) as stream:
        for line, row in dict_records(stream, DELETION_COLUMNS, path=str(path), progress=progress):
            if "__error__" in row:
                yield line, RowError(line, None, row["__error__"])
                continue
            try:
                stamp = integer(row, "deleted_timestamp", minimum=0)
                if stamp is None:
                    raise RowProblem("deleted_timestamp", "is empty")
                yield line, Deletion(required_text(row, "event_id_cnty"), stamp)
            except RowProblem as exc:
                yield line, RowError(line, exc.column, exc.problem)
