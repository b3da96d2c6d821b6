"""A truce's zones and lines over time, its monitors' access log, and its violation statistics.

Thin: each route parses, calls one service (services.zones, services.access) or the bulletin's
statistics, and renders JSON. Writes need an analyst.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field

from trucewatch.api.routes_registry import ERRORS
from trucewatch.api.schemas import CreatedPublic, Strict
from trucewatch.domain.dates import parse_datetime, parse_day
from trucewatch.reports.bulletin import build_bulletin
from trucewatch.server.deps import (
    Analyst,
    Public,
    StoreDep,
    caller,
    created,
    json_etag,
    reject_unknown_query,
)
from trucewatch.services import access, zones

router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Day = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")]
KnownOn = Annotated[str | None, Query(max_length=40, description="As the record stood then.")]


class ZonesCreate(Strict):
    geojson: dict[str, Any] = Field(description="A FeatureCollection; name and kind per feature.")
    effective: str = Field(min_length=4, max_length=10)
    until: str | None = Field(default=None, max_length=10)
    source: str = Field(min_length=1, max_length=2000)
    repair: bool = False


class AccessDenialCreate(Strict):
    date: str = Field(min_length=4, max_length=10)
    place: str = Field(min_length=1, max_length=500)
    party: str = Field(min_length=1, max_length=200, description="Actor name or id.")
    reason: str = Field(min_length=1, max_length=2000)
    minutes: int | None = Field(default=None, ge=0, le=100_000)
    source: str = Field(min_length=1, max_length=2000)


def _k(known_on: str | None) -> Any:
    return parse_datetime(known_on, "known_on") if known_on else None


@router.get("/truces/{truce_id}/zones", tags=["zones"])
def list_zones(
    request: Request,
    store: StoreDep,
    _p: Public,
    truce_id: Id,
    as_of: Day = None,
    known_on: KnownOn = None,
) -> Response:
    """Zones and lines in force on `as_of` (all versions without it), as known on `known_on`."""
    day = parse_day(as_of, "as_of") if as_of else None
    return json_etag(
        request, zones.list_zones(store, str(truce_id), as_of=day, known_on=_k(known_on))
    )


@router.post("/truces/{truce_id}/zones", status_code=201, tags=["zones"])
def import_zones(truce_id: Id, body: ZonesCreate, store: StoreDep, p: Analyst) -> Response:
    """One new version per feature, in force from `effective` (a known name: its next version)."""
    report = zones.import_zones(
        store, caller(p), str(truce_id), body.geojson,
        effective=parse_day(body.effective, "effective"),
        until=parse_day(body.until, "until") if body.until else None,
        source=body.source, label="geojson", repair=body.repair,
    )  # fmt: skip
    return created(report)


@router.get("/truces/{truce_id}/access-denials", tags=["zones"])
def list_access_denials(
    request: Request,
    store: StoreDep,
    _p: Public,
    truce_id: Id,
    since: Day = None,
    until: Day = None,
    known_on: KnownOn = None,
) -> Response:
    """Denials of access to monitors on a truce, oldest first."""
    rows = access.list_access_denials(
        store, str(truce_id),
        since=parse_day(since, "since") if since else None,
        until=parse_day(until, "until") if until else None,
        known_on=_k(known_on),
    )  # fmt: skip
    return json_etag(request, rows)


@router.post(
    "/truces/{truce_id}/access-denials",
    status_code=201,
    response_model=CreatedPublic,
    tags=["zones"],
)
def add_access_denial(
    truce_id: Id, body: AccessDenialCreate, store: StoreDep, p: Analyst
) -> Response:
    denial_id = access.add_access_denial(
        store, caller(p), str(truce_id), day=parse_day(body.date, "date"), place=body.place,
        party=body.party, reason=body.reason, minutes=body.minutes, source=body.source,
    )  # fmt: skip
    return created({"id": denial_id})


@router.get("/truces/{truce_id}/violations", tags=["zones"])
def violations(
    request: Request,
    store: StoreDep,
    _p: Public,
    truce_id: Id,
    date: Annotated[str, Query(max_length=10, description="The day D, YYYY-MM-DD")],
    known_on: KnownOn = None,
) -> Response:
    """The bulletin's violation statistics for D: per area, party, claimant and category, with
    the previous period, the running total and the baseline (the incident list left out)."""
    b = build_bulletin(store, str(truce_id), parse_day(date, "date"), _k(known_on))
    stats = {k: v for k, v in b["violations"].items() if k != "incidents"}
    return json_etag(
        request,
        {"truce": b["truce"], "date": b["date"], "known_on": b["known_on"], "violations": stats,
         "access_denials": b["access_denials"]},
    )  # fmt: skip
