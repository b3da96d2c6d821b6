"""UCDP GED in: the Georeferenced Event Dataset's 49 columns.

GED gives deaths as low/best/high and by side (`deaths_a`, `deaths_b`, `deaths_civilians`,
`deaths_unknown`), place precision `where_prec` 1-7 and date precision `date_prec` 1-5, and the
article it codes from (`source_article`, `source_headline`, `source_office`, `source_date`,
`source_original`). GED has no timestamp, so a changed row is recognised by its content hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trucewatch.domain.errors import shown
from trucewatch.domain.incidents import Fatalities, IncidentTime, TimePrecision
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
    text,
)

COLUMNS: tuple[str, ...] = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id",
    "side_b", "number_of_sources", "source_article", "source_office", "source_date",
    "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid",
    "country", "country_id", "region", "event_clarity", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
)  # fmt: skip
REQUIRED = ("id", "type_of_violence", "side_a", "where_prec", "date_start", "best")

# where_prec: 1 exact place; 2 within 25 km; 3 second-order division; 4 first-order division;
# 5 linear feature or between places; 6 only the country; 7 international waters or airspace.
WHERE_PREC_TO_GEO = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3, 7: 3}
TYPE_OF_VIOLENCE = {
    1: "violence.armed_clash",  # state-based
    2: "violence.armed_clash",  # non-state
    3: "violence.attack",  # one-sided violence against civilians
}


@dataclass(frozen=True)
class GedRecord:
    id: str
    version: str  # a hash of the row: GED has no timestamp
    type_id: str
    one_sided: bool
    side_a: str
    side_a_id: str | None
    side_b: str | None
    side_b_id: str | None
    occurred: IncidentTime
    coarser_than_month: bool
    place: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geo_precision: int
    fatalities: Fatalities
    deaths_by_side: dict[str, int | None]
    source_article: str | None
    source_headline: str | None
    source_date: dt.date | None
    raw: dict[str, str] = field(default_factory=dict)


def _day(row: dict[str, str], column: str) -> dt.date | None:
    raw = text(row, column)
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        raise RowProblem(column, f"{shown(raw)} is not a date (YYYY-MM-DD)") from None


def period(start: dt.date, end: dt.date) -> tuple[IncidentTime, bool]:
    """The finest of day, ISO week or month that covers start..end; True when even a month
    does not (GED's date_prec 5), in which case the start's month is used."""
    if end == start:
        return IncidentTime(start), False
    if start.isocalendar()[:2] == end.isocalendar()[:2]:
        return IncidentTime(start - dt.timedelta(days=start.weekday()), TimePrecision.WEEK), False
    coarser = (start.year, start.month) != (end.year, end.month)
    return IncidentTime(start.replace(day=1), TimePrecision.MONTH), coarser


def parse_row(row: dict[str, str]) -> GedRecord:
    for c in REQUIRED:
        required_text(row, c)
    tov = integer(row, "type_of_violence")
    if tov not in TYPE_OF_VIOLENCE:
        raise RowProblem("type_of_violence", f"{tov} is not 1, 2 or 3")
    wp = integer(row, "where_prec")
    if wp not in WHERE_PREC_TO_GEO:
        raise RowProblem("where_prec", f"{wp} is not 1-7")
    dp = integer(row, "date_prec")
    if dp is not None and dp not in (1, 2, 3, 4, 5):
        raise RowProblem("date_prec", f"{dp} is not 1-5")
    start = _day(row, "date_start")
    assert start is not None
    end = _day(row, "date_end") or start
    if end < start:
        raise RowProblem("date_end", f"{end} is before date_start {start}")
    occurred, coarser = period(start, end)
    deaths = {
        c: integer(row, c, minimum=0)
        for c in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
    }
    low, best, high = (integer(row, c, minimum=0) for c in ("low", "best", "high"))
    if low is not None and high is not None and low > high:
        raise RowProblem("low", f"{low} is greater than high {high}")
    if best is not None and high is not None and best > high:
        raise RowProblem("best", f"{best} is greater than high {high}")
    sides = [v for v in (deaths["deaths_a"], deaths["deaths_b"]) if v is not None]
    lat = number(row, "latitude", -90, 90)
    lon = number(row, "longitude", -180, 180)
    cells = {c: row.get(c, "") or "" for c in COLUMNS}
    digest = hashlib.sha256(json.dumps(cells, sort_keys=True).encode()).hexdigest()[:16]
    return GedRecord(
        id=required_text(row, "id"),
        version=digest,
        type_id=TYPE_OF_VIOLENCE[tov],
        one_sided=tov == 3,
        side_a=required_text(row, "side_a"),
        side_a_id=text(row, "side_a_new_id"),
        side_b=text(row, "side_b"),
        side_b_id=text(row, "side_b_new_id"),
        occurred=occurred,
        coarser_than_month=coarser,
        place=text(row, "where_coordinates") or text(row, "where_description"),
        admin1=(text(row, "adm_1") or "").removesuffix(" governorate").strip() or None,
        country=countries.alpha2(name=text(row, "country")),
        lat=lat,
        lon=lon,
        geo_precision=WHERE_PREC_TO_GEO[wp],
        fatalities=Fatalities(
            low=low,
            best=best,
            high=high,
            civilians=deaths["deaths_civilians"],
            non_civilians=sum(sides) if sides else None,
        ),
        deaths_by_side=deaths,
        source_article=text(row, "source_article"),
        source_headline=text(row, "source_headline"),
        source_date=_day(row, "source_date"),
        raw=cells,
    )


def read(
    path: Path, *, progress: Progress | None = None
) -> Iterator[tuple[int, GedRecord | RowError]]:
    with open_text(path) as stream:
        for line, row in dict_records(stream, REQUIRED, path=str(path), progress=progress):
            if "__error__" in row:
                yield line, RowError(line, None, row["__error__"])
                continue
            try:
                yield line, parse_row(row)
            except RowProblem as exc:
                yield line, RowError(line, exc.column, exc.problem)
