"""The review queue of extracted candidates (analysts) and extraction on demand.

Candidates are unpublished: callers below analyst get 404 for the queue and every item in it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from trucewatch.api.deps import (
    DEFAULT,
    AnalystHidden,
    Cursor,
    Limit,
    StoreDep,
    Viewer,
    caller,
    json_etag,
    reject_unknown_query,
    services,
)
from trucewatch.api.pagination import decode_cursor, page_fetched
from trucewatch.api.routes_registry import ERRORS
from trucewatch.api.schemas import CandidateAccept, ExtractRequest, NoteCreate, PagePublic
from trucewatch.domain.dates import parse_date
from trucewatch.services import review

router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/review/candidates", response_model=PagePublic, tags=["review"])
def list_candidates(
    request: Request,
    store: StoreDep,
    _p: AnalystHidden,
    status: Annotated[
        str, Query(max_length=16, description="pending, accepted or rejected")
    ] = "pending",
    kind: Annotated[str | None, Query(max_length=16, description="event or actor")] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    rows = review.list_candidates(
        store, status=status, kind=kind, limit=limit + 1, after_id=decode_cursor(cursor) or 0
    )
    return json_etag(request, page_fetched(rows, lambda r: int(r["id"]), limit))


@router.get("/review/candidates/{candidate_id}", tags=["review"])
def show_candidate(
    request: Request, store: StoreDep, _p: AnalystHidden, candidate_id: Id
) -> Response:
    return json_etag(request, review.show_candidate(store, candidate_id))


@router.post("/review/candidates/{candidate_id}/accept", tags=["review"])
def accept_candidate(
    candidate_id: Id, body: CandidateAccept, store: StoreDep, p: AnalystHidden
) -> dict[str, Any]:
    return review.accept_candidate(
        store,
        caller(p),
        candidate_id,
        truce=body.truce,
        actor=body.actor,
        asserted_by=body.asserted_by,
        alias_of=body.alias_of,
        kind=body.kind,
        note=body.note,
    )


@router.post("/review/candidates/{candidate_id}/reject", tags=["review"])
def reject_candidate(
    candidate_id: Id, body: NoteCreate, store: StoreDep, p: AnalystHidden
) -> dict[str, Any]:
    return review.reject_candidate(store, caller(p), candidate_id, note=body.note)


@router.post("/extract", tags=["extraction"])
def extract(request: Request, body: ExtractRequest, _p: Viewer) -> JSONResponse:
    """The same JSON as `trucewatch extract --json` (bundled gazetteer); nothing is stored."""
    published = parse_date(body.date, "date").iso() if body.date else None
    result = services(request).pipeline().extract(body.text, body.title, published)
    return JSONResponse(result)
