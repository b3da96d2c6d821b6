"""The signed-in user's alert subscriptions and their delivery log. Thin: services.alerts and
services.subscriptions. A subscription of another user answers 404, as a missing one does;
admins may read and remove any."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from trucewatch.api.routes_registry import ERRORS
from trucewatch.api.schemas import SubscriptionCreate, SubscriptionCreatedPublic
from trucewatch.domain.accounts import Principal, Role
from trucewatch.server.deps import (
    StoreDep,
    Viewer,
    caller,
    created,
    dump_json,
    reject_unknown_query,
)
from trucewatch.server.deps import services as app_services
from trucewatch.services import alerts, subscriptions

router = APIRouter(dependencies=[Depends(reject_unknown_query)], responses=ERRORS)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _user(p: Principal) -> str:
    assert p.user is not None  # Viewer admits signed-in callers only
    return p.user


def _json(data: Any) -> Response:
    return Response(dump_json(data), media_type="application/json")


@router.get("/subscriptions", tags=["alerts"])
def list_subscriptions(store: StoreDep, p: Viewer) -> Response:
    """The caller's subscriptions (never a secret)."""
    return _json({"items": subscriptions.subscriptions_of(store, _user(p))})


@router.post(
    "/subscriptions", status_code=201, response_model=SubscriptionCreatedPublic, tags=["alerts"]
)
def add_subscription(
    request: Request, body: SubscriptionCreate, store: StoreDep, p: Viewer
) -> Response:
    """Subscribe the caller; a webhook's signing secret is in this answer and nowhere else."""
    sub_id, secret = alerts.add_subscription(
        store,
        caller(p),
        _user(p),
        body.on,
        secret_key=app_services(request).settings.secret_key,
        truce=body.truce,
        actor=body.actor,
        zone=body.zone,
        email=body.email,
        webhook=body.webhook,
        threshold=body.threshold,
    )
    return created({"id": sub_id, "secret": secret})


@router.delete("/subscriptions/{sub_id}", tags=["alerts"])
def remove_subscription(sub_id: Id, store: StoreDep, p: Viewer) -> dict[str, Any]:
    """Stop one of the caller's subscriptions (its delivery log stays)."""
    subscriptions.remove_own(store, caller(p), sub_id, _user(p), admin=p.has(Role.ADMIN))
    return {"id": sub_id, "status": "removed"}


@router.get("/subscriptions/{sub_id}/deliveries", tags=["alerts"])
def deliveries(
    sub_id: Id,
    store: StoreDep,
    p: Viewer,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> Response:
    """The subscription's delivery log, newest first: status, attempts, last error, the body."""
    items = subscriptions.deliveries_of(
        store, sub_id, _user(p), admin=p.has(Role.ADMIN), limit=limit
    )
    return _json({"items": items})
