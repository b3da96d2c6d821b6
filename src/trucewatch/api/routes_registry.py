"""Published data: actors, truces, participants, changes, ledger entries and sources.

Reads are open to anonymous callers when settings allow (`public_read`); writes need analysts
and call the same service functions as the CLI, with `Caller(user, "api")`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from trucewatch.api.pagination import decode_cursor, page, page_fetched
from trucewatch.api.schemas import (
    ActorCreate,
    ActorPagePublic,
    CreatedPublic,
    DesignationCreate,
    ErrorBody,
    LedgerEntryCreate,
    PagePublic,
    RelationCreate,
    RetractCreate,
    SourcePagePublic,
    SourcePublic,
    TruceCreate,
    TrucePagePublic,
    claimant_of,
)
from trucewatch.domain.dates import parse_date, parse_datetime, parse_day, query_day, utcnow
from trucewatch.domain.ledger import LedgerEntry
from trucewatch.server import timelines
from trucewatch.server.deps import (
    DEFAULT,
    Analyst,
    Cursor,
    Limit,
    Public,
    StoreDep,
    cached_json,
    caller,
    created,
    json_etag,
    reject_unknown_query,
    services,
)
from trucewatch.server.errors import hidden
from trucewatch.services import queries, registry, truces, versions
from trucewatch.storage.store import Store

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody},
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    404: {"model": ErrorBody},
    422: {"model": ErrorBody},
}
router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _opt(value: str | None, name: str) -> Any:
    return parse_date(value, name) if value else None


# --- actors ------------------------------------------------------------------------------
@router.get("/actors", response_model=ActorPagePublic, tags=["actors"])
def list_actors(
    request: Request,
    store: StoreDep,
    _p: Public,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """Actors in id order (stable under inserts)."""
    if kind is not None:
        registry.parse_kind(kind)
    rows = store.actors_page(after_id=decode_cursor(cursor) or 0, limit=limit + 1, kind=kind)
    items: list[dict[str, Any]] = [
        {"id": i, "name": n, "kind": k, "country": c} for i, n, k, c in rows
    ]
    return json_etag(request, page_fetched(items, lambda r: int(r["id"]), limit))


@router.get("/actors/{actor_id}", tags=["actors"])
def get_actor(request: Request, store: StoreDep, _p: Public, actor_id: Id) -> Response:
    """An actor with aliases, external ids, relations and designations (with their sources)."""
    return json_etag(request, queries.actor_detail(store, str(actor_id)))


@router.get("/actors/{actor_id}/history", tags=["actors"])
def actor_history(request: Request, store: StoreDep, p: Public, actor_id: Id) -> Response:
    """Every ledger entry about the actor, by truce, with today's status in each."""
    return cached_json(
        request,
        p,
        ("actor_history", actor_id, utcnow().date()),
        versions.everything(store),
        lambda: queries.actor_history(store, str(actor_id)),
    )


@router.post("/actors", status_code=201, response_model=CreatedPublic, tags=["actors"])
def add_actor(body: ActorCreate, store: StoreDep, p: Analyst) -> Response:
    actor_id = registry.add_actor(
        store,
        caller(p),
        body.name,
        registry.parse_kind(body.kind),
        aliases=body.aliases,
        country=body.country,
        notes=body.notes,
    )
    return created({"id": actor_id})


@router.post(
    "/actors/{actor_id}/relations", status_code=201, response_model=CreatedPublic, tags=["actors"]
)
def relate(actor_id: Id, body: RelationCreate, store: StoreDep, p: Analyst) -> Response:
    rel_id = registry.relate_actors(
        store,
        caller(p),
        str(actor_id),
        registry.parse_relation(body.relation),
        body.object,
        source=body.source,
        valid_from=_opt(body.valid_from, "valid_from"),
        valid_to=_opt(body.valid_to, "valid_to"),
        note=body.note,
    )
    return created({"id": rel_id})


@router.post(
    "/actors/{actor_id}/designations",
    status_code=201,
    response_model=CreatedPublic,
    tags=["actors"],
)
def designate(actor_id: Id, body: DesignationCreate, store: StoreDep, p: Analyst) -> Response:
    des_id = registry.designate_actor(
        store,
        caller(p),
        str(actor_id),
        authority=body.authority,
        listed_on=parse_date(body.listed_on, "listed_on"),
        source=body.source,
        reference=body.reference,
        delisted_on=_opt(body.delisted_on, "delisted_on"),
    )
    return created({"id": des_id})


# --- truces ------------------------------------------------------------------------------
@router.get("/truces", response_model=TrucePagePublic, tags=["truces"])
def list_truces(
    request: Request, store: StoreDep, _p: Public, cursor: Cursor = None, limit: Limit = DEFAULT
) -> Response:
    items = sorted(queries.list_truces(store), key=lambda r: r["id"])
    return json_etag(request, page(items, lambda r: r["id"], cursor, limit))


@router.get("/truces/{truce_id}", tags=["truces"])
def get_truce(request: Request, store: StoreDep, _p: Public, truce_id: Id) -> Response:
    return json_etag(request, queries.truce_detail(store, str(truce_id)))


@router.get("/truces/{truce_id}/participants", tags=["truces"])
def participants(
    request: Request,
    store: StoreDep,
    p: Public,
    truce_id: Id,
    as_of: Annotated[
        str | None, Query(max_length=10, description="YYYY[-MM[-DD]]; default today")
    ] = None,
    known_on: Annotated[
        str | None, Query(max_length=40, description="ISO timestamp or date: as known then")
    ] = None,
) -> Response:
    """Who is in the truce on `as_of`, as the record stood at `known_on` (bitemporal).

    Settled (`as_of` given, `known_on` over an hour ago) it never changes: shared caches may
    keep it. Otherwise the ETag changes with each append to this truce's ledger or registry.
    """
    day = query_day(as_of, "as_of") or utcnow().date()
    k = parse_datetime(known_on, "known_on") if known_on else None
    svc = services(request)
    version = versions.ledger(store, truce_id)

    def compute() -> dict[str, Any]:
        if k is None and version is not None:  # as known now: any day from the timeline
            return timelines.participants_now(request, store, truce_id, version, day)
        return queries.participants(
            store, str(truce_id), as_of=day, known_on=k, registry=svc.registry.get(store)
        )

    return cached_json(
        request,
        p,
        timelines.participants_key(truce_id, day, k),
        version,
        compute,
        settled=as_of is not None and versions.settled(k),
    )


@router.get("/truces/{truce_id}/changes", tags=["truces"])
def changes(
    request: Request,
    store: StoreDep,
    p: Public,
    truce_id: Id,
    since: Annotated[str, Query(max_length=10, description="YYYY[-MM[-DD]]")],
    until: Annotated[str | None, Query(max_length=10)] = None,
    known_on: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """Entries effective after `since` up to `until` (default today), with the status before
    and after each."""
    start = parse_day(since, "since")
    end = query_day(until, "until") or utcnow().date()
    k = parse_datetime(known_on, "known_on") if known_on else None
    return cached_json(
        request,
        p,
        ("changes", truce_id, start, end, k),
        versions.ledger(store, truce_id),
        lambda: queries.changes(store, str(truce_id), since=start, until=end, known_on=k),
        settled=until is not None and versions.settled(k),
    )


def _ledger_rows(store: Store, entries: list[LedgerEntry]) -> list[dict[str, Any]]:
    names = store.get_actors(
        {e.actor_id for e in entries} | {e.asserted_by for e in entries if e.asserted_by}
    )
    return [
        {
            "entry_id": e.id,
            "actor_id": e.actor_id,
            "actor": names[e.actor_id].name,
            "kind": str(e.kind),
            "effective": e.effective.iso() if e.effective else None,
            "recorded_at": e.recorded_at.isoformat(),
            "asserted_by_id": e.asserted_by,
            "retracts": e.retracts,
            "note": e.note,
            "source_ids": list(e.source_ids),
        }
        for e in sorted(entries, key=lambda e: e.id or 0)
    ]


@router.get("/truces/{truce_id}/ledger", response_model=PagePublic, tags=["ledger"])
def ledger(
    request: Request,
    store: StoreDep,
    _p: Public,
    truce_id: Id,
    cursor: Cursor = None,
    limit: Limit = DEFAULT,
) -> Response:
    """Every ledger entry of a truce, in the order it was recorded (entry id)."""
    if not store.truce_exists(truce_id):
        raise hidden()
    entries = store.truce_entries_page(
        truce_id, after_id=decode_cursor(cursor) or 0, limit=limit + 1
    )
    return json_etag(
        request, page_fetched(_ledger_rows(store, entries), lambda r: r["entry_id"], limit)
    )


@router.post("/truces", status_code=201, response_model=CreatedPublic, tags=["truces"])
def add_truce(body: TruceCreate, store: StoreDep, p: Analyst) -> Response:
    truce_id = truces.add_truce(
        store,
        caller(p),
        body.name,
        truces.parse_truce_kind(body.kind),
        effective=parse_date(body.effective, "effective"),
        declared=_opt(body.declared, "declared"),
        ended=_opt(body.ended, "ended"),
        countries=body.countries,
        areas=body.areas,
        guarantors=body.guarantors,
        mediators=body.mediators,
        exclude_designated_by=body.exclude_designated_by,
        aliases=body.aliases,
        source=body.source,
        notes=body.notes,
    )
    return created({"id": truce_id})


@router.post(
    "/truces/{truce_id}/ledger", status_code=201, response_model=CreatedPublic, tags=["ledger"]
)
def record(truce_id: Id, body: LedgerEntryCreate, store: StoreDep, p: Analyst) -> Response:
    entry_id = truces.record_participation(
        store,
        caller(p),
        str(truce_id),
        body.actor,
        truces.parse_entry_kind(body.kind),
        effective=parse_date(body.effective, "effective"),
        sources=body.sources,
        asserted_by=claimant_of(body.claimant, body.asserted_by),
        note=body.note,
    )
    return created({"id": entry_id})


@router.post(
    "/ledger/{entry_id}/retract", status_code=201, response_model=CreatedPublic, tags=["ledger"]
)
def retract(entry_id: Id, body: RetractCreate, store: StoreDep, p: Analyst) -> Response:
    new_id = truces.retract_entry(store, caller(p), entry_id, source=body.source, note=body.note)
    return created({"id": new_id})


# --- sources -----------------------------------------------------------------------------
def _source(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (row[k].isoformat() if k == "published_on" and row[k] else row[k])
        for k in (
            "id",
            "kind",
            "url",
            "citation",
            "title",
            "publisher",
            "published_on",
            "reliability",
        )
    }


@router.get("/sources", response_model=SourcePagePublic, tags=["sources"])
def list_sources(
    request: Request, store: StoreDep, _p: Public, cursor: Cursor = None, limit: Limit = DEFAULT
) -> Response:
    rows = store.list_sources(after_id=decode_cursor(cursor) or 0, limit=limit + 1)
    data = page_fetched([_source(r) for r in rows], lambda r: r["id"], limit)
    return json_etag(request, data)


@router.get("/sources/{source_id}", response_model=SourcePublic, tags=["sources"])
def get_source(request: Request, store: StoreDep, _p: Public, source_id: Id) -> Response:
    row = store.get_source(source_id)
    if row is None:
        raise hidden()
    return json_etag(request, _source(row))
