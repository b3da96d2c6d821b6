"""The change feed: `GET /changes` (JSON, paginated by an opaque cursor) and one Atom feed per
truce. Thin: both call services.changes."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from trucewatch.api.schemas import ErrorBody
from trucewatch.reports import bulletin_feed
from trucewatch.server.deps import Public, StoreDep, dump_json, reject_unknown_query
from trucewatch.server.errors import hidden
from trucewatch.services import changes as change_feed

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody},
    401: {"model": ErrorBody},
    404: {"model": ErrorBody},
    422: {"model": ErrorBody},
}
router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/changes", tags=["changes"])
def changes(
    store: StoreDep,
    _p: Public,
    since: Annotated[
        str | None, Query(max_length=64, description="A cursor from an earlier answer.")
    ] = None,
    truce: Annotated[str | None, Query(max_length=200, description="A truce id or name.")] = None,
    limit: Annotated[int, Query(ge=1, le=change_feed.MAX_LIMIT)] = change_feed.DEFAULT_LIMIT,
) -> Response:
    """Every append to the record in order (ledger entries and retractions, incidents, claims,
    ratings, verification, registry rows, dataset deletions): `{items, next}`. Without `since`
    it starts at the beginning; `next` is null once the page reaches the end."""
    data = change_feed.list_changes(store, since=since, truce=truce, limit=limit)
    return Response(dump_json(data), media_type="application/json")


@router.get("/truces/{truce_id}/changes.atom", tags=["changes"])
def truce_atom(request: Request, store: StoreDep, _p: Public, truce_id: Id) -> Response:
    """The truce's latest ledger changes as Atom, for feed readers (public entries only)."""
    if not store.truce_exists(truce_id):
        raise hidden()
    base = str(request.base_url).rstrip("/")
    body = change_feed.truce_atom(store, str(truce_id), base_url=base)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/truces/{truce_id}/bulletins.atom", tags=["changes", "bulletins"])
def bulletins_atom(
    request: Request,
    store: StoreDep,
    _p: Public,
    truce_id: Id,
    days: Annotated[
        int, Query(ge=1, le=bulletin_feed.MAX_DAYS, description="How many finished days.")
    ] = bulletin_feed.DEFAULT_DAYS,
) -> Response:
    """The truce's daily bulletins as Atom, one entry per finished day, newest first."""
    if not store.truce_exists(truce_id):
        raise hidden()
    base = str(request.base_url).rstrip("/")
    body = bulletin_feed.bulletin_atom(store, str(truce_id), base_url=base, days=days)
    return Response(body, media_type="application/atom+xml; charset=utf-8")
