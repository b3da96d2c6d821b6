"""Readers for the GeoNames extracts of Syria (cities >= 500 people, and admin1 regions).

The places file has no country column: every row is in the country passed in (Syria by default,
which is what the file holds). Alternate names are ` | `-separated and include many scripts and
transliterations; news spellings ("Halab") often live only there, so they are kept whole, less
exact repeats and the primary name. The admin1 table carries codes and names but no geonameid or
coordinates, so those fields stay None rather than being invented.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

from trucewatch.domain.errors import BadFile, shown
from trucewatch.reference._common import csv_rows
from trucewatch.reference.records import PlaceRecord

PLACE_COLUMNS = (
    "geonameid",
    "name",
    "latitude",
    "longitude",
    "admin1code",
    "admin1_name_geonames",
    "population",
    "alternatenames",
)
ADMIN1_COLUMNS = ("admin1code", "geonames_code", "name")

_ALT_SEPARATOR = " | "
_ADMIN1_CODE = re.compile(r"^[0-9A-Z]{1,20}$")
_DIGITS = re.compile(r"[0-9]+")


def parse_places(path: str | Path, country: str = "SY") -> Iterator[PlaceRecord]:
    """Stream populated places (feature "city") from the GeoNames places CSV."""
    p = Path(path)
    for line, row in csv_rows(p, PLACE_COLUMNS, encoding="utf-8-sig"):
        name = _required(p, line, row, "name")
        yield PlaceRecord(
            geonameid=_geonameid(p, line, row["geonameid"]),
            name=name,
            lat=_coordinate(p, line, row, "latitude", 90.0),
            lon=_coordinate(p, line, row, "longitude", 180.0),
            admin1_code=_admin1_code(p, line, row["admin1code"]),
            admin1_name=row["admin1_name_geonames"].strip() or None,
            country=country,
            population=_population(p, line, row["population"]),
            alternate_names=_alternates(name, row["alternatenames"]),
            feature="city",
            line=line,
        )


def parse_admin1(path: str | Path) -> Iterator[PlaceRecord]:
    """Stream admin1 regions (feature "admin1") from the table `admin1code,geonames_code,name`.

    `geonames_code` is "SY.09": the country comes from its prefix, and its suffix must equal
    `admin1code`, which catches rows shifted by a stray comma.
    """
    p = Path(path)
    for line, row in csv_rows(p, ADMIN1_COLUMNS, encoding="utf-8-sig"):
        code = _admin1_code(p, line, row["admin1code"])
        if code is None:
            raise BadFile(str(p), "the admin1 code is empty.", line=line, field="admin1code")
        full = row["geonames_code"].strip()
        country, dot, suffix = full.partition(".")
        if not dot or suffix != code or not re.fullmatch(r"[A-Z]{2}", country):
            raise BadFile(
                str(p),
                f"{shown(full)} is not COUNTRY.{code} (e.g. 'SY.{code}').",
                line=line,
                field="geonames_code",
            )
        yield PlaceRecord(
            geonameid=None,
            name=_required(p, line, row, "name"),
            lat=None,
            lon=None,
            admin1_code=code,
            admin1_name=row["name"].strip(),
            country=country,
            population=None,
            alternate_names=(),
            feature="admin1",
            line=line,
        )


def _required(path: Path, line: int, row: dict[str, str], column: str) -> str:
    value = " ".join(row[column].split())
    if not value:
        raise BadFile(str(path), "the value is empty.", line=line, field=column)
    return value


def _geonameid(path: Path, line: int, text: str) -> int:
    value = text.strip()
    if not _DIGITS.fullmatch(value):
        raise BadFile(
            str(path), f"{shown(value)} is not a numeric geonameid.", line=line, field="geonameid"
        )
    return int(value)


def _coordinate(path: Path, line: int, row: dict[str, str], column: str, limit: float) -> float:
    text = row[column].strip()
    try:
        value = float(text)
    except ValueError:
        raise BadFile(
            str(path), f"{shown(text)} is not a number.", line=line, field=column
        ) from None
    if not math.isfinite(value) or not -limit <= value <= limit:
        raise BadFile(
            str(path), f"{text} is outside -{limit:g}..{limit:g}.", line=line, field=column
        )
    return value


def _admin1_code(path: Path, line: int, text: str) -> str | None:
    value = text.strip()
    if value and not _ADMIN1_CODE.match(value):
        raise BadFile(
            str(path), f"{shown(value)} is not an admin1 code.", line=line, field="admin1code"
        )
    return value or None


def _population(path: Path, line: int, text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if not _DIGITS.fullmatch(value):
        raise BadFile(
            str(path),
            f"{shown(value)} is not a whole non-negative number.",
            line=line,
            field="population",
        )
    return int(value)


def _alternates(name: str, text: str) -> tuple[str, ...]:
    seen = {name}
    names: list[str] = []
    for part in text.split(_ALT_SEPARATOR):
        alt = " ".join(part.split())
        if alt and alt not in seen:
            seen.add(alt)
            names.append(alt)
    return tuple(names)
