"""The review queue of extracted candidates (analysts) and extraction on demand.

Candidates are unpublished: callers below analyst get 404 for the queue and every item in it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from trucewatch.api.pagination import decode_cursor, page_fetched
from trucewatch.api.routes_registry import ERRORS
from trucewatch.api.schemas import (
    CandidateAccept,
    CandidateCorrect,
    ExtractRequest,
    NoteCreate,
    PagePublic,
)
from trucewatch.domain.dates import parse_date
from trucewatch.server.deps import (
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
from trucewatch.services import review, review_edit

router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/review/candidates", response_model=PagePublic, tags=["review"])
def list_candidates(
    request: Request,
    store: StoreDep,
    _p: AnalystHidden,
    status: Annotated[
        str, Query(max_length=16, description="pending, accepted, rejected or merged")
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
        claimant=body.who_says_so(),
        alias_of=body.alias_of,
        kind=body.kind,
        note=body.note,
        merged=tuple(body.merge),
    )


@router.post("/review/candidates/{candidate_id}/correct", tags=["review"])
def correct_candidate(
    candidate_id: Id, body: CandidateCorrect, store: StoreDep, p: AnalystHidden
) -> dict[str, Any]:
    """Change a pending event candidate's type, roles, place, date or counts; each change is
    kept (who, when, before, after) and listed in the candidate's `corrections`."""
    edits = [
        review_edit.parse_role_edit(
            e.op, f"{e.role}={e.actor}" if e.actor else e.role, f"roles[{i}]"
        )
        for i, e in enumerate(body.roles)
    ]
    counts = review_edit.parse_counts(
        [f"{k}={'' if v is None else v}" for k, v in body.fatalities.items()], "fatalities"
    )
    return review_edit.correct_candidate(
        store,
        caller(p),
        candidate_id,
        type=body.type,
        roles=edits,
        place=review_edit.CLEAR if body.place == "" else body.place,
        date=review_edit.CLEAR if body.date == "" else body.date,
        counts=counts,
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
