"""Incidents (with their claims, verification and investigations) and daily bulletins.

Read-only for now: incidents are filed through the review queue and the field-report queue.
Accepted field reports appear here as claims whose source has kind "field_report"; nothing
about the reporter is in these views.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from trucewatch.api.pagination import decode_cursor, page_of
from trucewatch.api.routes_registry import ERRORS
from trucewatch.api.schemas import PagePublic
from trucewatch.domain.dates import parse_datetime, parse_day, query_day
from trucewatch.domain.incidents import parse_status
from trucewatch.reports.bulletin import build_bulletin
from trucewatch.reports.render import render_html, render_json, render_md
from trucewatch.server.deps import (
    DEFAULT,
    Cursor,
    Limit,
    Public,
    StoreDep,
    cached_json,
    json_etag,
    reject_unknown_query,
)
from trucewatch.server.errors import ApiError
from trucewatch.services import incident_queries, versions

router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
Day = Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]")]
KnownOn = Annotated[str | None, Query(max_length=40, description="As the record stood then.")]
FORMATS = {
    "json": (render_json, "application/json"),
    "md": (render_md, "text/markdown; charset=utf-8"),
    "html": (render_html, "text/html; charset=utf-8"),
}


@router.get("/incidents", response_model=PagePublic, tags=["incidents"])
def list_incidents(
    request: Request,
    store: StoreDep,
    p: Public,
    truce: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    since: Day = None,
    until: Day = None,
    status: Annotated[str | None, Query(max_length=16, description="verification status")] = None,
    known_on: KnownOn = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """Incidents in id order (stable under inserts); filters apply before the page is cut."""
    after = decode_cursor(cursor)
    start = query_day(since, "since")
    end = query_day(until, "until")
    st = parse_status(status, "status") if status else None
    k = parse_datetime(known_on, "known_on") if known_on else None

    def compute() -> dict[str, Any]:
        items, last = incident_queries.incidents_page(
            store,
            after=after,
            limit=limit,
            truce=str(truce) if truce is not None else None,
            since=start,
            until=end,
            status=st,
            known_on=k,
        )
        return page_of(items, last)

    return cached_json(
        request,
        p,
        ("incidents", truce, start, end, st, k, after, limit),
        versions.incidents(store),
        compute,
        settled=versions.settled(k),
    )


@router.get("/incidents/{incident_id}", tags=["incidents"])
def get_incident(
    request: Request, store: StoreDep, p: Public, incident_id: Id, known_on: KnownOn = None
) -> Response:
    """An incident with every claim side by side, its verification history and investigations."""
    k = parse_datetime(known_on, "known_on") if known_on else None
    return cached_json(
        request,
        p,
        ("incident", incident_id, k),
        versions.incidents(store),
        lambda: incident_queries.incident_detail(store, incident_id, k),
        settled=versions.settled(k),
    )


@router.get("/truces/{truce_id}/bulletin", tags=["bulletins"])
def bulletin(
    request: Request,
    store: StoreDep,
    _p: Public,
    truce_id: Id,
    date: Annotated[str, Query(max_length=10, description="The day D, YYYY-MM-DD")],
    format: Annotated[str, Query(max_length=8, description="json, md or html")] = "json",
    known_on: KnownOn = None,
) -> Response:
    """The daily bulletin, exactly as `trucewatch bulletin` renders it."""
    if format not in FORMATS:
        raise ApiError(
            "invalid_input", f"format: {format!r} is not json, md or html.", field="format"
        )
    render, media = FORMATS[format]
    k = parse_datetime(known_on, "known_on") if known_on else None
    text = render(build_bulletin(store, str(truce_id), parse_day(date, "date"), k))
    resp = json_etag(request, text)
    if resp.status_code == 304:
        return resp
    return Response(
        text,
        media_type=media,
        headers={
            "ETag": resp.headers["etag"],
            "Cache-Control": "private, no-cache",
            "Vary": "Authorization, Cookie",
        },
    )
