"""Exports over HTTP: the same kinds and filters as `trucewatch export`, streamed.

The filters are checked in the request's transaction, so a bad filter is a 400 before any byte
is sent; the body is then produced in its own read-only transaction, one snapshot for the whole
export (`Database.transaction(snapshot=True)`), a chunk at a time, so a large export never sits
in memory. Field-report contact details are in no export (exports read
incidents, claims and the ledger, never the report tables).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse
from starlette.background import BackgroundTask

from trucewatch.api.routes_registry import ERRORS
from trucewatch.domain.dates import parse_datetime, query_day
from trucewatch.server.deps import Public, StoreDep, reject_unknown_query, services
from trucewatch.services.interop_export import (
    EXPORT_KINDS,
    MEDIA_TYPES,
    ExportFilters,
    check_filters,
    iter_export,
    parse_bbox,
)

router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
Kind = Annotated[str, Path(description="One of: " + ", ".join(EXPORT_KINDS))]
CHUNK_LINES = 500


@router.get("/export/{kind}", tags=["export"])
def export(
    request: Request,
    store: StoreDep,
    _p: Public,
    kind: Kind,
    truce: Annotated[str | None, Query(max_length=200, description="Truce id or name")] = None,
    since: Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]")] = None,
    until: Annotated[str | None, Query(max_length=10, description="YYYY[-MM[-DD]]")] = None,
    bbox: Annotated[
        str | None, Query(max_length=100, description="minlon,minlat,maxlon,maxlat")
    ] = None,
    known_on: Annotated[
        str | None, Query(max_length=40, description="As the record stood then.")
    ] = None,
    raw_formulas: Annotated[
        bool,
        Query(
            description="CSV kinds: write cells starting with = + - @ as they are (by default "
            "they get a leading ' so a spreadsheet does not run them)."
        ),
    ] = False,
) -> StreamingResponse:
    """Stream an export (ACLED CSV, PLOVER JSONL, HXL CSV, GeoJSON, ledger CSV) honouring every filter."""
    filters = ExportFilters(
        truce=truce,
        since=query_day(since, "since"),
        until=query_day(until, "until"),
        bbox=parse_bbox(bbox, "bbox") if bbox else None,
        known_on=parse_datetime(known_on, "known_on") if known_on else None,
    )
    check_filters(store, kind, filters)
    app_services = services(request)

    def body() -> Generator[str, None, None]:
        with app_services.transaction(readonly=True, snapshot=True) as reader:
            chunk: list[str] = []
            for line in iter_export(reader, kind, filters, raw_formulas=raw_formulas):
                chunk.append(line)
                if len(chunk) >= CHUNK_LINES:
                    yield "".join(chunk)
                    chunk = []
            if chunk:
                yield "".join(chunk)

    stream = body()
    # Closing the generator ends its transaction and returns its connection. Starlette runs
    # the background task when the response ends, also when the client disconnects midway;
    # without it, an abandoned export kept its snapshot open until garbage collection.
    return StreamingResponse(
        stream, media_type=MEDIA_TYPES[kind], background=BackgroundTask(stream.close)
    )
